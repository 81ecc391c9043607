//! A three-way merge of two copies of a 100 000-annotation project with 1 000 changes on each side
//! (notes, labels, removals, additions).
//!
//! Run with `cargo bench --bench merge`. Aim (2-core machine): under 1 s. Before divan's table, the
//! merge time is printed beside two floors, the least a merge by ids could cost: cloning the three
//! projects' annotation vectors (each annotation is read and one copy kept), and
//! `Project::from_parts` of the result (the checks and sorting any valid project is built with).

use std::sync::LazyLock;

use marginalia::model::merge::{MergeOptions, merge};
use marginalia::model::{Annotation, AnnotationId, CharRange, Edit, LabelId, Project, Quote};

mod common;

use common::{median, print};

const ANNOTATIONS: usize = 100_000;
const CHANGES: usize = 1_000;

struct Copies {
    base: Project,
    ours: Project,
    theirs: Project,
}

/// `CHANGES` edits, a quarter of each kind, on annotations `offset`, `offset + 97`, … of the base.
fn changed(base: &Project, offset: usize, note: &str) -> Project {
    let mut project = base.clone();
    let when = jiff::Timestamp::from_second(1_800_000_000).unwrap();
    let document = &base.documents()[0];
    let chars = document.text.char_len();
    let picked: Vec<AnnotationId> = (0..CHANGES * 3 / 4)
        .map(|n| base.annotations()[(offset + n * 97) % ANNOTATIONS].id.clone())
        .collect();
    let quarter = CHANGES / 4;
    let mut steps = Vec::with_capacity(CHANGES);
    for annotation_id in &picked[..quarter] {
        steps.push(Edit::SetNote {
            annotation_id: annotation_id.clone(),
            note: note.to_owned(),
            modified: when,
        });
    }
    for annotation_id in &picked[quarter..2 * quarter] {
        steps.push(Edit::SetLabel {
            annotation_id: annotation_id.clone(),
            label_id: LabelId::from("opinion"),
            modified: when,
        });
    }
    for annotation_id in &picked[2 * quarter..3 * quarter] {
        steps.push(Edit::RemoveAnnotation(annotation_id.clone()));
    }
    for n in 0..quarter {
        let start = (offset * 31 + n * 4_999) % (chars - 200);
        let range = CharRange::new(start, start + 15 + n % 40);
        steps.push(Edit::AddAnnotation(Annotation {
            id: AnnotationId::generate(),
            document: document.id.clone(),
            start: range.start,
            end: range.end,
            quote: Quote::capture(&document.text, range).unwrap(),
            label: LabelId::from("claim"),
            note: note.to_owned(),
            orphaned: false,
            review: None,
            agreed: None,
            fields: Default::default(),
            created: when,
            modified: when,
        }));
    }
    assert_eq!(steps.len(), CHANGES);
    Edit::Batch(steps).apply(&mut project).unwrap();
    project
}

static COPIES: LazyLock<Copies> = LazyLock::new(|| {
    let base = common::generated_project(ANNOTATIONS);
    // Disjoint annotations on the two sides (odd and even offsets of a stride of 97).
    let ours = changed(&base, 0, "ours");
    let theirs = changed(&base, 50_001, "theirs");
    Copies { base, ours, theirs }
});

fn run_merge(copies: &Copies) -> marginalia::model::merge::Merged {
    merge(
        Some(&copies.base),
        &copies.ours,
        &copies.theirs,
        MergeOptions::default(),
    )
    .unwrap()
}

fn print_figures() {
    let copies = &*COPIES;
    let result = run_merge(copies);
    assert!(
        result.conflicts.is_empty(),
        "{:?}",
        &result.conflicts[..3.min(result.conflicts.len())]
    );
    let merged = &result.project;
    assert_eq!(
        merged.annotations().len(),
        ANNOTATIONS - 2 * CHANGES / 4 + 2 * CHANGES / 4
    );
    eprintln!(
        "base {} annotations; ours and theirs {} changes each; merged {} annotations",
        copies.base.annotations().len(),
        CHANGES,
        merged.annotations().len()
    );
    let time = median(5, || (), |()| run_merge(copies));
    let clone_floor = median(
        5,
        || (),
        |()| {
            (
                copies.base.annotations().to_vec(),
                copies.ours.annotations().to_vec(),
                copies.theirs.annotations().to_vec(),
            )
        },
    );
    print("merge, three-way", time, "clone 3 annotation vecs", clone_floor);
    let parts = || {
        (
            merged.name.clone(),
            merged.labels().to_vec(),
            merged.documents().to_vec(),
            merged.annotations().to_vec(),
        )
    };
    let build_floor = median(5, parts, |(name, labels, documents, annotations)| {
        Project::from_parts(name, labels, documents, annotations).unwrap()
    });
    print("merge, three-way", time, "from_parts of the result", build_floor);
    let two_way = median(
        5,
        || (),
        |()| merge(None, &copies.ours, &copies.theirs, MergeOptions::default()).unwrap(),
    );
    print("merge, two-way", two_way, "clone 3 annotation vecs", clone_floor);
}

fn main() {
    print_figures();
    divan::main();
}

#[divan::bench(sample_count = 5)]
fn merge_three_way(bencher: divan::Bencher) {
    let copies = &*COPIES;
    bencher.bench(|| run_merge(divan::black_box(copies)));
}

#[divan::bench(sample_count = 5)]
fn floor_clone_annotations(bencher: divan::Bencher) {
    let copies = &*COPIES;
    bencher.bench(|| {
        (
            copies.base.annotations().to_vec(),
            copies.ours.annotations().to_vec(),
            copies.theirs.annotations().to_vec(),
        )
    });
}
