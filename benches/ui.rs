//! The app's frames, headless, on a 5 MB document with 50 000 annotations: time to the first frame,
//! time per frame while scrolling (also with the find bar's 14 000 hits highlighted), and time to
//! apply a new annotation (edit + the frame showing it).
//!
//! Run with `cargo bench --bench ui`. Aims (2-core machine): first frame under 1 s, under 8 ms a frame.

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
