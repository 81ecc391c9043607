//! The app's frames, headless, on a 5 MB document with 50 000 annotations: time to the first frame,
//! time per frame while scrolling (also with the find bar's 14 000 hits highlighted), and time to
//! apply a new annotation (edit + the frame showing it).
//!
//! Also the curation view: 30 annotators' copies of 2 000 annotations each, from File › Curate…'s
//! start to the view on screen (reading the files on the worker thread included), and one
//! accept with the frame that shows it.
//!
//! The same on a 1 MB Arabic document (mixed with Latin names and numbers) with 10 000
//! annotations: its paragraphs take the right-to-left layout, not the fast path.
//!
//! Run with `cargo bench --bench ui` (`-- curation` for the curation figures alone). Aims (2-core machine): first frame under 1 s, under 8 ms a
//! frame, the curation view ready under 0.5 s.

mod common;

use egui::{Key, Modifiers, Vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::model::CharRange;
use marginalia::ui::{MarginaliaApp, Session, install_fonts};

const ANNOTATIONS: usize = 50_000;

fn harness() -> Harness<'static, MarginaliaApp> {
    harness_on(common::generated_project(ANNOTATIONS))
}

/// The app on `project`, after its first frame.
fn harness_on(project: marginalia::model::Project) -> Harness<'static, MarginaliaApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1280.0, 820.0))
        .build_eframe(move |cc| {
            install_fonts(&cc.egui_ctx);
            MarginaliaApp::with_session(Session::new(project, None))
        });
    harness.step();
    harness
}

fn scroll(harness: &mut Harness<'_, MarginaliaApp>, lines: f32) {
    harness.hover_at(egui::pos2(640.0, 400.0));
    harness.event(egui::Event::MouseWheel {
        unit: egui::MouseWheelUnit::Point,
        delta: Vec2::new(0.0, -lines * 30.0),
        phase: egui::TouchPhase::Move,
        source: egui::MouseWheelSource::Unknown,
        modifiers: egui::Modifiers::NONE,
    });
    harness.step();
}

fn resident_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
            line.split_whitespace().nth(1)?.parse().ok()
        })
        .unwrap_or(0)
}

fn main() {
    // A filter naming the Arabic benches (`-- arabic`) runs them alone, without the figures below.
    if std::env::args().any(|a| a.contains("arabic")) {
        divan::main();
        return;
    }
    curation_figures();
    // `cargo bench --bench ui -- curation` stops after the curation figures.
    if std::env::args().any(|a| a == "curation") {
        return;
    }
    let before = resident_kib();
    let project = common::generated_project(ANNOTATIONS);
    let text_kib = project.documents()[0].text.as_str().len() as u64 / 1024;
    let with_project = resident_kib();
    drop(project);
    let mut harness = harness();
    for _ in 0..200 {
        scroll(&mut harness, 40.0);
    }
    eprintln!(
        "memory: project alone +{} MiB (text {} KiB); app after 200 scroll frames {} MiB resident in all (started at {} MiB)",
        (with_project - before) / 1024,
        text_kib,
        resident_kib() / 1024,
        before / 1024
    );
    drop(harness);
    let harness = harness_finding("niger");
    let count = harness
        .get_by_label_contains("match(es)")
        .value()
        .unwrap_or_default();
    eprintln!("find bar: \"niger\" gives {count} in the 5 MB document");
    drop(harness);
    divan::main();
}

/// The app with the find bar open on `pattern`, its hits highlighted.
fn harness_finding(pattern: &str) -> Harness<'static, MarginaliaApp> {
    let mut harness = harness();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.step();
    harness.step();
    harness.event(egui::Event::Text(pattern.to_owned()));
    harness.step();
    harness.step();
    harness
}

/// Scrolling with every "niger" of the document (about 14 000) found and highlighted.
#[divan::bench(sample_count = 20)]
fn frame_while_scrolling_with_find_hits(bencher: divan::Bencher) {
    let mut harness = harness_finding("niger");
    bencher.bench_local(|| scroll(&mut harness, 12.0));
}

/// From an empty window to the first frame of the document (loading excluded, the project is built).
#[divan::bench(sample_count = 5)]
fn first_frame(bencher: divan::Bencher) {
    bencher
        .with_inputs(|| common::generated_project(ANNOTATIONS))
        .bench_values(harness_on);
}

#[divan::bench(sample_count = 20)]
fn frame_while_scrolling(bencher: divan::Bencher) {
    let mut harness = harness();
    bencher.bench_local(|| scroll(&mut harness, 12.0));
}

const ARABIC_ANNOTATIONS: usize = 10_000;

/// From an empty window to the first frame of the 1 MB Arabic document.
#[divan::bench(sample_count = 5)]
fn first_frame_arabic(bencher: divan::Bencher) {
    bencher
        .with_inputs(|| common::generated_arabic_project(ARABIC_ANNOTATIONS))
        .bench_values(harness_on);
}

#[divan::bench(sample_count = 20)]
fn frame_while_scrolling_arabic(bencher: divan::Bencher) {
    let mut harness = harness_on(common::generated_arabic_project(ARABIC_ANNOTATIONS));
    bencher.bench_local(|| scroll(&mut harness, 12.0));
}

#[divan::bench(sample_count = 20)]
fn frame_while_idle(bencher: divan::Bencher) {
    let mut harness = harness();
    bencher.bench_local(|| harness.step());
}

#[divan::bench(sample_count = 10)]
fn apply_new_annotation(bencher: divan::Bencher) {
    let mut harness = harness();
    let mut start = 10;
    bencher.bench_local(|| {
        start += 50;
        harness.state_mut().view.selection = Some(CharRange::new(start, start + 12));
        harness.key_press(Key::Num1);
        harness.step();
    });
}

const ANNOTATORS: usize = 30;
const MARKS: usize = 2_000;

/// 30 annotators' copies of one article of 2 000 sentences, each marking every sentence: most
/// with the sentence's own label, some with another, some a few characters short, a few not
/// at all. Saved in `folder`; returns the files.
fn curation_copies(folder: &std::path::Path) -> Vec<std::path::PathBuf> {
    use marginalia::model::{Annotation, AnnotationId, Document, Edit, LabelId, Project, Quote};
    let sentences: Vec<String> = (0..MARKS)
        .map(|i| format!("La phrase numéro {i} affirme que le Niger et la Russie signent un accord. "))
        .collect();
    let text: String = sentences.concat();
    let document = Document::new("Article", text.as_str());
    let labels = ["claim", "source", "opinion", "disclaimer"];
    let created = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    let mut seed = 0x2545_f491_4f6c_dd1d_u64;
    let mut random = move |n: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % n
    };
    (0..ANNOTATORS)
        .map(|a| {
            let mut annotations = Vec::with_capacity(MARKS);
            let mut start = 0;
            for (i, sentence) in sentences.iter().enumerate() {
                let length = sentence.chars().count() - 1;
                let (mut range, mut label) = (CharRange::new(start, start + length), labels[i % 4]);
                start += length + 1;
                match random(100) {
                    0..75 => {}
                    75..85 => label = labels[(i + 1 + random(3) as usize) % 4],
                    85..95 => range = CharRange::new(range.start, range.end - 1 - random(8) as usize),
                    _ => continue,
                }
                annotations.push(Annotation {
                    id: AnnotationId::generate(),
                    document: document.id.clone(),
                    start: range.start,
                    end: range.end,
                    quote: Quote::capture(&document.text, range).unwrap(),
                    label: LabelId::from(label),
                    note: if random(10) == 0 {
                        format!("note {a}")
                    } else {
                        String::new()
                    },
                    orphaned: false,
                    review: None,
                    agreed: None,
                    fields: Default::default(),
                    created,
                    modified: created,
                });
            }
            let mut project = Project::new("Classe");
            Edit::AddDocument {
                position: 0,
                document: document.clone(),
            }
            .apply(&mut project)
            .unwrap();
            let (project, _) = Project::from_parts(
                project.name.clone(),
                project.labels().to_vec(),
                project.documents().to_vec(),
                annotations,
            )
            .unwrap();
            let path = folder.join(format!("student-{a:02}.ron"));
            marginalia::io::project_file::save(&project, &path).unwrap();
            path
        })
        .collect()
}

/// From Start in File › Curate… to the curation view on screen, then one accept (A) with its frame.
fn curation_figures() {
    use marginalia::model::copies::{Copy, Panel};
    use marginalia::model::curation::{Strategy, curate};
    use marginalia::ui::command::{Command, CurationRequest};
    use std::time::Instant;
    let folder = tempfile::tempdir().unwrap();
    let paths = curation_copies(folder.path());

    let started = Instant::now();
    let projects: Vec<_> = paths
        .iter()
        .map(|p| marginalia::io::project_file::load(p).unwrap().project)
        .collect();
    let reading = started.elapsed();
    let names: Vec<String> = (0..projects.len()).map(|i| format!("student {i}")).collect();
    let copies: Vec<Copy> = names
        .iter()
        .zip(&projects)
        .map(|(annotator, project)| Copy { annotator, project })
        .collect();
    let started = Instant::now();
    let panel = Panel::line_up(&copies).unwrap();
    let curated = curate(&panel, Vec::new(), Strategy::Majority, None).unwrap();
    let curating = started.elapsed();
    let started = Instant::now();
    let open = curated.versions.open_groups(&curated.gold).len();
    let open_groups = started.elapsed();
    let versions = curated.versions.versions.len();
    drop(curated);
    drop(panel);
    drop(copies);
    drop(projects);

    let mut harness = harness_on(marginalia::model::Project::new("Untitled"));
    let started = Instant::now();
    harness.state_mut().queue(Command::StartCuration(CurationRequest {
        copies: paths.iter().map(|p| (p.clone(), None)).collect(),
        strategy: Strategy::Majority,
        anonymous: false,
        resume: false,
    }));
    // As the app waits: a frame, then the worker's answer is looked for again shortly after.
    while harness.state().chosen_version().is_none() {
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
        assert!(started.elapsed().as_secs() < 60, "{:?}", harness.state().message);
    }
    harness.step();
    let ready = started.elapsed();
    let started = Instant::now();
    harness.key_press(Key::A);
    harness.step();
    let accept = started.elapsed();
    let started = Instant::now();
    harness.step();
    let idle = started.elapsed();
    eprintln!(
        "curation: {ANNOTATORS} copies × {MARKS} annotations, {versions} versions, {open} disagreements open; \
         view ready in {:.0} ms (reading the files {:.0} ms, line-up + curate {:.0} ms, open groups {:.1} ms); \
         accept + its frame {:.1} ms; a frame of the view {:.1} ms",
        ready.as_secs_f64() * 1e3,
        reading.as_secs_f64() * 1e3,
        curating.as_secs_f64() * 1e3,
        open_groups.as_secs_f64() * 1e3,
        accept.as_secs_f64() * 1e3,
        idle.as_secs_f64() * 1e3,
    );
}
