//! Scoring students against an answer key, on cases computed by hand.

mod common;

use marginalia::model::scoring::{Comparison, compare, student_copy};
use marginalia::model::{CharRange, Document, Edit, Project};

const TEXT: &str = "Alpha beta gamma delta epsilon zeta eta theta";

/// A project on TEXT (same document id on both sides) with spans (start, end, label).
fn marked(document: &Document, spans: &[(usize, usize, &str)]) -> Project {
    let mut project = Project::new("p");
    Edit::AddDocument {
        position: 0,
        document: document.clone(),
    }
    .apply(&mut project)
    .unwrap();
    for (n, &(start, end, label)) in spans.iter().enumerate() {
        let annotation = common::annotation(document, CharRange::new(start, end), label, "", n as i64);
        Edit::AddAnnotation(annotation).apply(&mut project).unwrap();
    }
    project
}

fn score(key: &[(usize, usize, &str)], student: &[(usize, usize, &str)]) -> Comparison {
    let document = Document::new("t", TEXT);
    compare(&marked(&document, key), &marked(&document, student))
}

fn close(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
        (a, b) => a == b,
    }
}

#[test]
fn scores_by_hand() {
    // (key, student, overlap P/R/F1, exact F1, kappa, missed, extra, mislabelled)
    type Case<'a> = (
        &'a [(usize, usize, &'a str)],
        &'a [(usize, usize, &'a str)],
        (Option<f64>, Option<f64>, Option<f64>),
        Option<f64>,
        Option<f64>,
        (usize, usize, usize),
    );
    let n = TEXT.chars().count() as f64;
    let cases: [Case; 8] = [
        // Identical markup.
        (
            &[(0, 10, "claim"), (11, 16, "source")],
            &[(0, 10, "claim"), (11, 16, "source")],
            (Some(1.0), Some(1.0), Some(1.0)),
            Some(1.0),
            Some(1.0),
            (0, 0, 0),
        ),
        // An empty student file: nothing right, nothing wrong; kappa 0 (agreement only by chance).
        (
            &[(0, 10, "claim")],
            &[],
            (None, Some(0.0), Some(0.0)),
            Some(0.0),
            Some(0.0),
            (1, 0, 0),
        ),
        // Both empty: nothing to measure, and every character agrees.
        (&[], &[], (None, None, None), None, Some(1.0), (0, 0, 0)),
        // Overlap of 3 of the key's 5 characters: counts with overlap, not exactly.
        // Characters: 3 claim/claim, 2 claim/none, the rest none/none.
        (
            &[(0, 5, "claim")],
            &[(0, 3, "claim")],
            (Some(1.0), Some(1.0), Some(1.0)),
            Some(0.0),
            Some({
                let po = (n - 2.0) / n;
                let pe = (5.0 / n) * (3.0 / n) + ((n - 5.0) / n) * ((n - 3.0) / n);
                (po - pe) / (1.0 - pe)
            }),
            (0, 0, 0),
        ),
        // Less than half of the longer span: a miss and an extra.
        (
            &[(0, 10, "claim")],
            &[(6, 10, "claim")],
            (Some(0.0), Some(0.0), Some(0.0)),
            Some(0.0),
            None,
            (1, 1, 0),
        ),
        // The right span with the wrong label.
        (
            &[(0, 10, "claim")],
            &[(0, 10, "opinion")],
            (Some(0.0), Some(0.0), Some(0.0)),
            Some(0.0),
            None,
            (0, 0, 1),
        ),
        // Nested spans, both found.
        (
            &[(0, 22, "claim"), (6, 10, "opinion")],
            &[(6, 10, "opinion"), (0, 22, "claim")],
            (Some(1.0), Some(1.0), Some(1.0)),
            Some(1.0),
            Some(1.0),
            (0, 0, 0),
        ),
        // Two student spans over one key span: one matches, the other is extra.
        (
            &[(0, 10, "claim")],
            &[(0, 10, "claim"), (0, 9, "claim")],
            (Some(0.5), Some(1.0), Some(2.0 / 3.0)),
            Some(2.0 / 3.0),
            None,
            (0, 1, 0),
        ),
    ];
    for (i, (key, student, (p, r, f1), exact_f1, kappa, (missed, extra, mislabelled))) in
        cases.into_iter().enumerate()
    {
        let c = score(key, student);
        assert!(
            close(c.overlap.precision, p) && close(c.overlap.recall, r) && close(c.overlap.f1, f1),
            "case {i}: {:?}",
            c.overlap
        );
        assert!(close(c.exact.f1, exact_f1), "case {i}: exact {:?}", c.exact);
        if kappa.is_some() {
            assert!(
                close(c.kappa, kappa),
                "case {i}: kappa {:?} != {kappa:?}",
                c.kappa
            );
        }
        assert_eq!(
            (c.missed.len(), c.extra.len(), c.mislabelled.len()),
            (missed, extra, mislabelled),
            "case {i}"
        );
    }
}

#[test]
fn per_label_scores_and_differences_name_the_spans() {
    let c = score(
        &[(0, 5, "claim"), (6, 10, "source"), (11, 16, "opinion")],
        &[(0, 5, "claim"), (6, 10, "opinion"), (23, 30, "claim")],
    );
    let claim = c.labels.iter().find(|l| l.label.as_str() == "claim").unwrap();
    assert_eq!(
        (claim.key_spans, claim.student_spans, claim.overlap.true_positives),
        (1, 2, 1)
    );
    assert!(close(claim.overlap.precision, Some(0.5)) && close(claim.overlap.recall, Some(1.0)));
    assert_eq!(c.mislabelled[0].key.quote, "beta");
    assert_eq!(
        (
            c.mislabelled[0].key.label.as_str(),
            c.mislabelled[0].student.label.as_str()
        ),
        ("source", "opinion")
    );
    assert_eq!(c.missed[0].quote, "gamma");
    assert_eq!(c.extra[0].quote, "epsilon");
    let disclaimer = c
        .labels
        .iter()
        .find(|l| l.label.as_str() == "disclaimer")
        .unwrap();
    assert_eq!(
        (
            disclaimer.overlap.precision,
            disclaimer.overlap.recall,
            disclaimer.overlap.f1
        ),
        (None, None, None)
    );
}

#[test]
fn a_student_copy_has_the_documents_and_labels_but_no_annotations() {
    let document = Document::new("t", TEXT);
    let mut key = marked(&document, &[(0, 5, "claim")]);
    let note = marginalia::model::DocNote {
        author: Some("teacher".into()),
        text: "The second claim is the one to find.".into(),
        created: None,
    };
    Edit::AddDocNote {
        doc_id: document.id.clone(),
        position: 0,
        note,
    }
    .apply(&mut key)
    .unwrap();
    let copy = student_copy(&key, "Mark every claim.");
    assert!(
        copy.documents()[0].notes.is_empty(),
        "notes on a document may hold answers"
    );
    let without_notes: Vec<Document> = key
        .documents()
        .iter()
        .map(|doc| Document {
            notes: Vec::new(),
            ..doc.clone()
        })
        .collect();
    assert_eq!(copy.documents(), without_notes);
    assert_eq!(copy.labels(), key.labels());
    assert!(copy.annotations().is_empty());
    assert_eq!(copy.settings.instructions, "Mark every claim.");
    // A student working on a re-imported copy (new ids, same text) is still scored.
    let mut moved = Document::new("t", TEXT);
    moved.id = "d-elsewhere".into();
    let student = marked(&moved, &[(0, 5, "claim")]);
    assert!(close(compare(&key, &student).overlap.f1, Some(1.0)));
}
