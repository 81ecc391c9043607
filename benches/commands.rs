//! Whole commands, as a user runs them, on a generated project of a 5 MB text and 100 000
//! annotations, each beside its floor: the same work without Marginalia — reading the same file
//! into plain serde structs (`ron`, `serde_json`) and writing the same amount of project text
//! (serialised from plain structs, written and fsynced, as a save must).
//!
//! Run with `cargo bench --bench commands`; `COMMANDS=stats,import-w3c` runs only those figures.
//! Aims (issue 16, 2-core machine): load at most 1.5× its floor, save 1.5×, imports and the other
//! commands 2×. The figures are printed only (divan has nothing to add to whole processes).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use marginalia::io::formats::{ExportFormat, ExportOptions, export};
use marginalia::io::project_file;
use marginalia::model::{Edit, Project};

mod common;
#[path = "common/plain.rs"]
mod plain;

use plain::{PlainProject, parse_plain, write_plain};

const ANNOTATIONS: usize = 100_000;
/// Each figure is the median of this many runs: one run of a whole command on a shared 2-core
/// machine can be off by half.
const RUNS: usize = 5;

/// The files the commands read, made once.
struct Files {
    folder: PathBuf,
    /// Removes the files at the end, unless `COMMANDS_KEEP=1` keeps them to try commands on by hand.
    _cleanup: Option<tempfile::TempDir>,
    big: PathBuf,
    /// The big project's document without its annotations: what an import starts from.
    empty: PathBuf,
    /// A new project, with no document.
    new: PathBuf,
    doc_id: String,
}

impl Files {
    fn path(&self, name: &str) -> PathBuf {
        self.folder.join(name)
    }
}

fn main() {
    if let Ok(steps) = std::env::var(FLOOR_STEPS) {
        return run_floor(&steps);
    }
    let wanted = std::env::var("COMMANDS").ok();
    let runs = |name: &str| wanted.as_deref().is_none_or(|w| w.split(',').any(|n| n == name));
    let files = make_files();
    if std::env::var("COMMANDS_KEEP").is_ok() {
        eprintln!("files kept in {}", files.folder.display());
    }
    eprintln!(
        "project file {:.1} MB, {ANNOTATIONS} annotations; each figure the median of {RUNS} runs, \
         the floors too, each run a process of its own",
        fs::metadata(&files.big).unwrap().len() as f64 / 1e6
    );
    let big = || Floor::Parse(files.big.clone());
    if runs("stats") {
        let time = median(RUNS, || marginalia(&["stats", path(&files.big)]));
        common::print("stats (load)", time, "RON parse", floor(&[big()]));
    }
    if runs("annotate") {
        let work = files.path("work.ron");
        let time = median_with(
            RUNS,
            || fs::copy(&files.big, &work).unwrap(),
            |_| {
                let range = "10..30";
                marginalia(&[
                    "annotate",
                    path(&work),
                    "--doc",
                    &files.doc_id,
                    "--range",
                    range,
                    "--label",
                    "claim",
                ])
            },
        );
        let floor = floor(&[big(), Floor::Write(work.clone())]);
        common::print("annotate (load + save)", time, "parse + write", floor);
    }
    for (name, format, file) in [
        ("import-w3c", "w3c", "export.jsonld"),
        ("import-jsonl", "jsonl", "export.jsonl"),
        ("import-jsonl-texts", "jsonl", "texts.jsonl"),
        ("import-brat", "brat", "brat"),
        ("import-label-studio", "label-studio", "label-studio.json"),
        ("import-hypothesis", "hypothesis", "hypothesis.json"),
    ] {
        if !runs(name) {
            continue;
        }
        let work = files.path("import.ron");
        // Many short texts make their own documents: they go into a project without any.
        let start_from = if name == "import-jsonl-texts" {
            &files.new
        } else {
            &files.empty
        };
        let input = files.path(file);
        // brat's export is a folder: the document's .ann file inside it is what is imported.
        let input = if input.is_dir() { ann_file(&input) } else { input };
        let time = median_with(
            RUNS,
            || fs::copy(start_from, &work).unwrap(),
            |_| {
                let mut args = vec!["import", path(&work), "--format", format, path(&input)];
                // The other files carry their text, or name the document (W3C's source), and
                // are imported as a user would, without naming it.
                if name == "import-hypothesis" {
                    args.extend(["--doc", files.doc_id.as_str()]);
                }
                marginalia(&args)
            },
        );
        // Read the project it starts from and the file, write the project it made.
        let floor = floor(&[
            Floor::Parse(start_from.clone()),
            Floor::Input(input),
            Floor::Write(work),
        ]);
        common::print(
            &format!("import --format {format}"),
            time,
            "parse both + write",
            floor,
        );
    }
    if runs("reimport") {
        let work = files.path("work.ron");
        let corrected = files.path("corrected.txt");
        let time = median_with(
            RUNS,
            || fs::copy(&files.big, &work).unwrap(),
            |_| marginalia(&["reimport", path(&work), path(&corrected), "--doc", &files.doc_id]),
        );
        // Read the project and the new text, write the project with its revision.
        let floor = floor(&[big(), Floor::Input(corrected), Floor::Write(work)]);
        common::print("reimport (corrected text)", time, "parse both + write", floor);
    }
    if runs("exercise") {
        let out = files.path("student.ron");
        let time = median_with(
            RUNS,
            || fs::remove_file(&out).ok(),
            |_| marginalia(&["exercise", path(&files.big), "-o", path(&out)]),
        );
        common::print(
            "exercise",
            time,
            "parse + write",
            floor(&[big(), Floor::Write(out)]),
        );
    }
    if runs("compare") {
        let theirs = files.path("theirs.ron");
        let time = median(RUNS, || marginalia(&["compare", path(&files.big), path(&theirs)]));
        let floor = floor(&[big(), Floor::Parse(theirs)]);
        common::print("compare (key, one student)", time, "2 parses", floor);
    }
    if runs("merge") {
        let out = files.path("merged.ron");
        let (ours, theirs) = (files.path("ours.ron"), files.path("theirs.ron"));
        let time = median_with(
            RUNS,
            || fs::remove_file(&out).ok(),
            |_| {
                marginalia(&[
                    "merge",
                    path(&files.big),
                    path(&ours),
                    path(&theirs),
                    "-o",
                    path(&out),
                ])
            },
        );
        let floor = floor(&[big(), Floor::Parse(ours), Floor::Parse(theirs), Floor::Write(out)]);
        common::print("merge (three-way)", time, "3 parses + write", floor);
    }
}

/// The environment variable that makes this benchmark's binary run one floor and print its time.
const FLOOR_STEPS: &str = "COMMANDS_FLOOR_STEPS";

/// One step of a floor: the same work as a command's without Marginalia.
enum Floor {
    /// Parse a project file into plain structs.
    Parse(PathBuf),
    /// Parse an import file (or read a text).
    Input(PathBuf),
    /// Write, from plain structs, the project file a command made (read before the clock starts).
    Write(PathBuf),
}

/// The median time of `steps`, each run in a process of its own as a command is: fresh memory
/// costs a new process what a warm one has already paid.
fn floor(steps: &[Floor]) -> Duration {
    let encoded: Vec<String> = steps
        .iter()
        .map(|step| match step {
            Floor::Parse(file) => format!("parse={}", file.display()),
            Floor::Input(file) => format!("input={}", file.display()),
            Floor::Write(file) => format!("write={}", file.display()),
        })
        .collect();
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let output = Command::new(std::env::current_exe().unwrap())
                .env(FLOOR_STEPS, encoded.join("\n"))
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "floor: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            let nanos: u64 = String::from_utf8_lossy(&output.stdout).trim().parse().unwrap();
            Duration::from_nanos(nanos)
        })
        .collect();
    times.sort();
    times[RUNS / 2]
}

/// Runs the floor steps given in the environment (in a child process) and prints their time.
fn run_floor(steps: &str) {
    let steps: Vec<(&str, PathBuf)> = steps
        .lines()
        .map(|line| {
            let (kind, file) = line.split_once('=').unwrap();
            (kind, PathBuf::from(file))
        })
        .collect();
    // What a write step writes is read before the clock starts: it stands for what the command
    // computed, not for work the floor does.
    let made: Vec<Option<PlainProject>> = steps
        .iter()
        .map(|(kind, file)| (*kind == "write").then(|| parse_plain(file)))
        .collect();
    let out = std::env::temp_dir().join(format!("marginalia-floor-{}.ron", std::process::id()));
    // What is read is kept to the end, as a command keeps it: freeing it is not timed.
    let (mut read, mut inputs) = (Vec::new(), Vec::new());
    let start = Instant::now();
    for ((kind, file), made) in steps.iter().zip(&made) {
        match (*kind, made) {
            ("parse", _) => read.push(parse_plain(file)),
            ("input", _) => inputs.push(parse_input(file)),
            (_, Some(project)) => write_plain(project, &out),
            _ => unreachable!("unknown floor step {kind}"),
        }
    }
    let elapsed = start.elapsed();
    drop((read, inputs));
    let _ = fs::remove_file(&out);
    println!("{}", elapsed.as_nanos());
}

fn ann_file(folder: &Path) -> PathBuf {
    fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "ann"))
        .expect("brat's export has an .ann file")
}

fn path(path: &Path) -> &str {
    path.to_str().expect("temporary paths are UTF-8")
}

/// Runs the real binary and checks it succeeded (merge may exit 1 with conflicts).
fn marginalia(args: &[&str]) {
    let output = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success() || (args[0] == "merge" && output.status.code() == Some(1)),
        "marginalia {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn median(runs: usize, mut run: impl FnMut()) -> Duration {
    median_with(runs, || (), |_| run())
}

fn median_with<I>(runs: usize, mut setup: impl FnMut() -> I, mut run: impl FnMut(I)) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let input = setup();
            let start = Instant::now();
            run(input);
            start.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

/// The floor of reading an import file: JSON into `serde_json::Value`, brat's span lines into
/// plain fields, a text checked to be UTF-8.
fn parse_input(file: &Path) -> Vec<serde_json::Value> {
    let bytes = fs::read(file).unwrap();
    if file.extension().is_some_and(|e| e == "ann") {
        let text = String::from_utf8(bytes).unwrap();
        let lines: Vec<BratLine> = text.lines().filter_map(brat_line).collect();
        assert!(!lines.is_empty());
        vec![serde_json::Value::from(lines.len())]
    } else if file.extension().is_some_and(|e| e == "txt") {
        assert!(!String::from_utf8(bytes).unwrap().is_empty());
        Vec::new()
    } else if file.extension().is_some_and(|e| e == "jsonl") {
        bytes
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .map(|line| serde_json::from_slice(line).unwrap())
            .collect()
    } else {
        vec![serde_json::from_slice(&bytes).unwrap()]
    }
}

/// One span line of a brat `.ann` file, read into plain fields.
struct BratLine {
    _id: String,
    _label: String,
    _start: usize,
    _end: usize,
    _text: String,
}

/// `T1<tab>claim 0 20<tab>text`: the id, the label and its (first) offsets, the text.
fn brat_line(line: &str) -> Option<BratLine> {
    let mut fields = line.split('\t');
    let (id, span, text) = (fields.next()?, fields.next()?, fields.next()?);
    let mut parts = span.split([' ', ';']);
    Some(BratLine {
        _id: id.to_owned(),
        _label: parts.next()?.to_owned(),
        _start: parts.next()?.parse().ok()?,
        _end: parts.next()?.parse().ok()?,
        _text: text.to_owned(),
    })
}

fn make_files() -> Files {
    let temporary = tempfile::tempdir().unwrap();
    let folder = temporary.path().to_owned();
    let cleanup = if std::env::var("COMMANDS_KEEP").is_ok() {
        let _ = temporary.keep();
        None
    } else {
        Some(temporary)
    };
    let project = common::generated_project(ANNOTATIONS);
    let document = &project.documents()[0];
    let doc_id = document.id.to_string();
    let big = folder.join("big.ron");
    project_file::save(&project, &big).unwrap();
    let mut empty_project = project.clone();
    let ids: Vec<_> = project.annotations().iter().map(|a| a.id.clone()).collect();
    let removals = ids.into_iter().map(Edit::RemoveAnnotation).collect();
    Edit::Batch(removals).apply(&mut empty_project).unwrap();
    let empty = folder.join("empty.ron");
    project_file::save(&empty_project, &empty).unwrap();
    let new = folder.join("new.ron");
    project_file::save(&Project::new("Textes"), &new).unwrap();
    let files = Files {
        folder,
        _cleanup: cleanup,
        big,
        empty,
        new,
        doc_id,
    };
    fs::write(files.path("texts.jsonl"), short_texts()).unwrap();
    let options = ExportOptions::default();
    export(&project, ExportFormat::W3c, options, &files.path("export.jsonld")).unwrap();
    export(
        &project,
        ExportFormat::Jsonl,
        options,
        &files.path("export.jsonl"),
    )
    .unwrap();
    export(&project, ExportFormat::Brat, options, &files.path("brat")).unwrap();
    fs::write(files.path("label-studio.json"), label_studio(&project)).unwrap();
    fs::write(files.path("hypothesis.json"), hypothesis(&project)).unwrap();
    // A corrected text: one word changed in every paragraph's first sentence.
    let corrected = document.text.as_str().replace("renforcent", "consolident");
    fs::write(files.path("corrected.txt"), corrected).unwrap();
    // Two copies edited apart from the base: notes changed in one, annotations removed in the other.
    let mut ours = project.clone();
    let notes: Vec<Edit> = project.annotations()[..10_000]
        .iter()
        .map(|a| Edit::SetNote {
            annotation_id: a.id.clone(),
            note: "relu".into(),
            modified: a.modified,
        })
        .collect();
    Edit::Batch(notes).apply(&mut ours).unwrap();
    project_file::save(&ours, &files.path("ours.ron")).unwrap();
    let mut theirs = project.clone();
    let removed = project.annotations()[50_000..60_000]
        .iter()
        .map(|a| Edit::RemoveAnnotation(a.id.clone()))
        .collect();
    Edit::Batch(removed).apply(&mut theirs).unwrap();
    project_file::save(&theirs, &files.path("theirs.ron")).unwrap();
    // The files above are half a gigabyte still being written back to disk: flushed now, so the
    // kernel's writing does not land in the first figures.
    let _ = Command::new("sync").status();
    files
}

/// 100 000 doccano lines, each a short text of its own with one span.
fn short_texts() -> String {
    (0..ANNOTATIONS)
        .map(|i| {
            let text = format!(
                "Le ministre {i} a déclaré que le chômage avait baissé de {} % en 2023.",
                i % 50
            );
            format!(
                "{}\n",
                serde_json::json!({"text": text, "label": [[0, 11, "claim"]]})
            )
        })
        .collect()
}

/// The project's annotations as one Label Studio task.
fn label_studio(project: &Project) -> String {
    let document = &project.documents()[0];
    let result: Vec<serde_json::Value> = project
        .annotations()
        .iter()
        .enumerate()
        .map(|(n, a)| {
            serde_json::json!({
                "id": format!("r{n}"), "from_name": "label", "to_name": "text", "type": "labels",
                "value": {"start": a.start, "end": a.end, "text": a.quote.exact, "labels": [a.label.as_str()]}
            })
        })
        .collect();
    serde_json::json!([{"data": {"text": document.text.as_str()}, "annotations": [{"id": 1, "result": result}]}])
        .to_string()
}

/// The project's annotations as a Hypothesis API search response on the document's address.
fn hypothesis(project: &Project) -> String {
    // Hypothesis counts UTF-16 code units of the page text (here the document's).
    let text = project.documents()[0].text.as_str();
    let mut utf16_at = Vec::with_capacity(text.len() + 1);
    let mut units = 0;
    for c in text.chars() {
        utf16_at.push(units);
        units += c.len_utf16();
    }
    utf16_at.push(units);
    let rows: Vec<serde_json::Value> = project
        .annotations()
        .iter()
        .map(|a| {
            let (start, end) = (utf16_at[a.start], utf16_at[a.end]);
            serde_json::json!({
                "id": a.id.as_str(), "created": "2026-03-05T07:00:00+00:00", "updated": "2026-03-05T07:00:00+00:00",
                "uri": "https://example.org/grand-article", "text": a.note, "tags": [a.label.as_str()],
                "target": [{"source": "https://example.org/grand-article", "selector": [
                    {"type": "TextPositionSelector", "start": start, "end": end},
                    {"type": "TextQuoteSelector", "exact": a.quote.exact, "prefix": a.quote.prefix, "suffix": a.quote.suffix}
                ]}]
            })
        })
        .collect();
    serde_json::json!({"total": rows.len(), "rows": rows}).to_string()
}
