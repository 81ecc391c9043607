//! Applying edits at 50 000 annotations, as the app applies them: the edit through the undo
//! history, with everything kept beside the annotations (their order, the span index the canvas
//! paints from, the filter index), then the side panel's list filtered again. One new annotation,
//! and a batch of 10 000 (a "label all", an import, accepting suggestions).
//!
//! Each beside its floor: the same annotations put into a plain sorted `Vec` (an insert at the
//! same place; for the batch, a sort and a merge). Single edits are the median of 201 made one
//! after another on the same project, as a user makes them.
//!
//! Run with `cargo bench --bench edits`. Aims (2-core machine): one annotation under 1 ms, the
//! batch under 100 ms.

mod common;

use std::time::{Duration, Instant};

use marginalia::model::{Annotation, CharRange, Edit, History, Project, Query};

const ANNOTATIONS: usize = 50_000;
const BATCH: usize = 10_000;

fn main() {
    let project = common::generated_project(ANNOTATIONS);
    let document = project.documents()[0].clone();
    let len = document.text.char_len();
    let new_at = |n: usize| {
        let start = (n * 104_729 + 13) % (len - 40);
        common::annotation(
            &document,
            CharRange::new(start, start + 17),
            "claim",
            "",
            n as i64,
        )
    };
    // The app's state before an edit: filter index built, undo history behind.
    let ready = || {
        let project = project.clone();
        project.count_needing_review();
        (project, History::new())
    };
    let apply = |project: &mut Project, history: &mut History, edit: Edit| {
        history.apply(project, edit).unwrap();
        Query::default().positions(project).len()
    };
    // Single edits are timed one after another on the same project, as a user makes them.
    let (mut working, mut history) = ready();
    let one = each_of(SINGLES, |n| {
        let edit = Edit::AddAnnotation(new_at(n));
        timed(|| apply(&mut working, &mut history, edit))
    });
    let mut plain = project.annotations().to_vec();
    let one_floor = each_of(SINGLES, |n| {
        let annotation = new_at(n);
        timed(|| insert_sorted(&mut plain, annotation))
    });
    common::print("apply one new annotation", one, "Vec insert", one_floor);
    let removal = each_of(SINGLES, |n| {
        let edit = Edit::RemoveAnnotation(working.annotations()[n * 97].id.clone());
        timed(|| apply(&mut working, &mut history, edit))
    });
    let removal_floor = each_of(SINGLES, |n| timed(|| plain.remove(n * 97)));
    common::print("remove one annotation", removal, "Vec remove", removal_floor);
    let batch: Vec<Annotation> = (0..BATCH).map(new_at).collect();
    let many = common::median(
        5,
        || (ready(), batch.clone()),
        |((mut project, mut history), batch)| {
            let edits = batch.into_iter().map(Edit::AddAnnotation).collect();
            apply(&mut project, &mut history, Edit::Batch(edits));
            (project, history)
        },
    );
    let plain = project.annotations().to_vec();
    let many_floor = common::median(
        5,
        || (plain.clone(), batch.clone()),
        |(annotations, batch)| merge_sorted(annotations, batch),
    );
    common::print("apply a batch of 10 000", many, "sort + merge", many_floor);
}

const SINGLES: usize = 201;

/// The median of `run(n)` for n in 0..count.
fn each_of(count: usize, run: impl FnMut(usize) -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..count).map(run).collect();
    times.sort();
    times[count / 2]
}

fn timed<T>(run: impl FnOnce() -> T) -> Duration {
    let start = Instant::now();
    let output = run();
    let time = start.elapsed();
    drop(divan::black_box(output));
    time
}

fn insert_sorted(annotations: &mut Vec<Annotation>, annotation: Annotation) {
    let position = annotations.partition_point(|a| a.sort_key() < annotation.sort_key());
    annotations.insert(position, annotation);
}

fn merge_sorted(old: Vec<Annotation>, mut new: Vec<Annotation>) -> Vec<Annotation> {
    new.sort_unstable_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let mut merged = Vec::with_capacity(old.len() + new.len());
    let mut old = old.into_iter().peekable();
    for annotation in new {
        while let Some(before) = old.next_if(|b| b.sort_key() < annotation.sort_key()) {
            merged.push(before);
        }
        merged.push(annotation);
    }
    merged.extend(old);
    merged
}
