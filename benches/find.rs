//! Find on a generated 5 MB document, and "label all" of 10 000 hits on 50 000 annotations.
//!
//! Run with `cargo bench --bench find`. Aims (2-core machine): finding every hit of a common word in
//! a folded 5 MB text well under 20 ms, applying the "label all" batch and its undo under 100 ms.
//! Before divan's table, each figure is printed beside its floor, the least the job could cost:
//! for find, `memmem::find_iter` over the same folded bytes with no mapping back to code points;
//! for label all, pushing 10 000 clones into the annotations' Vec and sorting it.

use std::sync::LazyLock;

use marginalia::model::find::{self, FindOptions, Finder, FoldedText};
use marginalia::model::{Annotation, Edit, IndexedText, LabelId, Project, query};

mod common;

use common::{median, print};

const ANNOTATIONS: usize = 50_000;
const HITS: usize = 10_000;

static TEXT: LazyLock<IndexedText> = LazyLock::new(|| {
    let text = IndexedText::new(common::generated_text());
    text.char_len(); // the code-point index is built when a document loads, not by a search
    text
});
static FOLDED: LazyLock<FoldedText> = LazyLock::new(|| FoldedText::new(TEXT.as_str()));

static PROJECT: LazyLock<Project> = LazyLock::new(|| common::generated_project(ANNOTATIONS));
/// The "label all" batch: the first 10 000 hits of "le" labelled `claim`.
static EDIT: LazyLock<Edit> = LazyLock::new(|| {
    let edit = label_all(&PROJECT);
    match &edit {
        Edit::Batch(steps) => assert_eq!(steps.len(), HITS),
        _ => unreachable!(),
    }
    edit
});
/// The project with the batch applied, and the batch's undo.
static LABELLED: LazyLock<(Project, Edit)> = LazyLock::new(|| {
    let mut project = PROJECT.clone();
    let undo = EDIT.clone().apply(&mut project).unwrap();
    (project, undo)
});

fn finder(kind: &str) -> (Finder, &'static str) {
    let (pattern, options) = match kind {
        "le" => ("le", FindOptions::default()),
        "marées" => ("MARÉES", FindOptions::default()),
        "le, whole word" => (
            "le",
            FindOptions {
                whole_word: true,
                ..FindOptions::default()
            },
        ),
        "regex" => (
            r"\bl[ae]s?\b",
            FindOptions {
                regex: true,
                ..FindOptions::default()
            },
        ),
        _ => (
            "Niger",
            FindOptions {
                match_case: true,
                ..FindOptions::default()
            },
        ),
    };
    (Finder::new(pattern, options).unwrap(), pattern)
}

/// The first 10 000 hits of "le" in the project's document.
fn hits(project: &Project) -> Vec<find::Hit> {
    let document = &project.documents()[0];
    let (finder, _) = finder("le");
    let mut hits = finder.find_in_project(project, Some(&document.id));
    hits.truncate(HITS);
    hits
}

fn label_all(project: &Project) -> Edit {
    let now = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    find::label_all(project, &hits(project), &LabelId::from("claim"), now)
        .edit
        .unwrap()
}

fn print_figures() {
    let (text, folded) = (&*TEXT, &*FOLDED);
    eprintln!(
        "text: {:.1} MB, {} chars; folded: {:.1} MB",
        text.as_str().len() as f64 / 1e6,
        text.char_len(),
        folded.as_str().len() as f64 / 1e6
    );
    let fold = median(9, || (), |()| FoldedText::new(text.as_str()));
    let floor = median(9, || (), |()| query::fold(text.as_str()));
    print("FoldedText::new", fold, "query::fold, no map", floor);
    for kind in ["le", "marées", "le, whole word", "regex", "Niger, match case"] {
        let (finder, pattern) = finder(kind);
        let hits = finder.find_in(text, folded).len();
        let time = median(15, || (), |()| finder.find_in(text, folded).len());
        let (name, floor) = if kind.ends_with("match case") {
            let needle = pattern.as_bytes();
            let floor = median(
                15,
                || (),
                |()| memchr::memmem::find_iter(text.as_str().as_bytes(), needle).count(),
            );
            ("memmem over the text", floor)
        } else if kind == "regex" {
            let regex = regex::RegexBuilder::new(pattern)
                .case_insensitive(true)
                .build()
                .unwrap();
            let floor = median(15, || (), |()| regex.find_iter(folded.as_str()).count());
            ("the regex over the folded bytes", floor)
        } else {
            let needle = query::fold(pattern);
            let needle = needle.as_bytes();
            let floor = median(
                15,
                || (),
                |()| memchr::memmem::find_iter(folded.as_str().as_bytes(), needle).count(),
            );
            ("memmem over the folded bytes", floor)
        };
        print(&format!("find_in {kind:?}: {hits} hits"), time, name, floor);
    }
    let project = &*PROJECT;
    let find = median(5, || (), |()| hits(project));
    eprintln!(
        "{:<36} {:>8.2} ms",
        "find the hits (fold + find_all)",
        find.as_secs_f64() * 1e3
    );
    let found = hits(project);
    let now = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    let claim = LabelId::from("claim");
    let build = median(5, || (), |()| find::label_all(project, &found, &claim, now));
    eprintln!(
        "{:<36} {:>8.2} ms",
        "label_all: build the 10 000 edits",
        build.as_secs_f64() * 1e3
    );
    let floor = median(
        5,
        || {
            (
                project.annotations().to_vec(),
                project.annotations()[..HITS].to_vec(),
            )
        },
        |(mut all, new): (Vec<Annotation>, Vec<Annotation>)| {
            all.extend(new.iter().cloned());
            all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            all
        },
    );
    let apply = median(
        5,
        || (project.clone(), EDIT.clone()),
        |(mut project, edit)| {
            edit.apply(&mut project).unwrap();
            project
        },
    );
    print(
        "apply the batch to 50 000",
        apply,
        "push 10 000 clones, sort",
        floor,
    );
    let (labelled, undo) = &*LABELLED;
    let undo_time = median(
        5,
        || (labelled.clone(), undo.clone()),
        |(mut project, undo)| {
            undo.apply(&mut project).unwrap();
            project
        },
    );
    print("undo it", undo_time, "push 10 000 clones, sort", floor);
}

fn main() {
    print_figures();
    divan::main();
}

#[divan::bench(sample_count = 10)]
fn folded_text_new(bencher: divan::Bencher) {
    let text = TEXT.as_str();
    bencher.bench(|| FoldedText::new(divan::black_box(text)));
}

#[divan::bench(args = ["le", "marées", "le, whole word", "regex", "Niger, match case"], sample_count = 20)]
fn find_in(bencher: divan::Bencher, kind: &str) {
    let (finder, _) = finder(kind);
    let (text, folded) = (&*TEXT, &*FOLDED);
    bencher.bench(|| finder.find_in(divan::black_box(text), folded).len());
}

#[divan::bench(sample_count = 20)]
fn floor_memmem_le(bencher: divan::Bencher) {
    let folded = FOLDED.as_str().as_bytes();
    bencher.bench(|| memchr::memmem::find_iter(divan::black_box(folded), b"le").count());
}

#[divan::bench(sample_count = 5)]
fn label_all_build(bencher: divan::Bencher) {
    let project = &*PROJECT;
    let found = hits(project);
    let now = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    let claim = LabelId::from("claim");
    bencher.bench(|| find::label_all(divan::black_box(project), &found, &claim, now));
}

#[divan::bench(sample_count = 5)]
fn label_all_apply(bencher: divan::Bencher) {
    bencher
        .with_inputs(|| (PROJECT.clone(), EDIT.clone()))
        .bench_local_values(|(mut project, edit)| {
            edit.apply(&mut project).unwrap();
            project
        });
}

#[divan::bench(sample_count = 5)]
fn label_all_undo(bencher: divan::Bencher) {
    let (labelled, undo) = &*LABELLED;
    bencher
        .with_inputs(|| (labelled.clone(), undo.clone()))
        .bench_local_values(|(mut project, undo)| {
            undo.apply(&mut project).unwrap();
            project
        });
}

#[divan::bench(sample_count = 5)]
fn floor_push_and_sort(bencher: divan::Bencher) {
    let project = &*PROJECT;
    bencher
        .with_inputs(|| project.annotations().to_vec())
        .bench_local_values(|mut all| {
            all.extend(project.annotations()[..HITS].iter().cloned());
            all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            all
        });
}
