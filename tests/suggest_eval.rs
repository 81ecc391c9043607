//! How good the claim suggestions are, measured the way a user meets them: a project with the
//! check-worthy sentences of some documents marked as claims, and unmarked documents the app
//! proposes sentences for. The data is self-written (see tests/fixtures/checkworthy/README.md).
//!
//! `cargo test --release --test suggest_eval -- --nocapture` prints precision, recall and F1.

mod common;

use marginalia::model::suggest::{self, Suggestion};
use marginalia::model::{CharRange, Document, Edit, LabelId, Project};

const DATA: &str = include_str!("fixtures/checkworthy/sentences.tsv");

struct Sentence<'a> {
    claim: bool,
    text: &'a str,
}

fn data() -> Vec<Sentence<'static>> {
    DATA.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let mut parts = line.splitn(3, '\t');
            let label = parts.next().unwrap();
            let _lang = parts.next().unwrap();
            Sentence {
                claim: label == "1",
                text: parts.next().unwrap().trim(),
            }
        })
        .collect()
}

/// A document of one sentence per line, and each line's range.
fn document(title: &str, sentences: &[&Sentence]) -> (Document, Vec<CharRange>) {
    let mut text = String::new();
    let mut ranges = Vec::new();
    for sentence in sentences {
        let start = text.chars().count();
        text.push_str(sentence.text);
        ranges.push(CharRange::new(start, start + sentence.text.chars().count()));
        text.push('\n');
    }
    (Document::new(title, text), ranges)
}

/// Trains on `train` (claims marked), suggests on `test`; returns (precision, recall, F1).
fn evaluate(train: &[&Sentence], test: &[&Sentence]) -> (f64, f64, f64) {
    let mut project = Project::new("evaluation");
    let (marked, marked_ranges) = document("marked", train);
    let (unmarked, unmarked_ranges) = document("unmarked", test);
    let mut edits = vec![
        Edit::AddDocument {
            position: 0,
            document: marked.clone(),
        },
        Edit::AddDocument {
            position: 1,
            document: unmarked.clone(),
        },
    ];
    for (i, (sentence, range)) in train.iter().zip(&marked_ranges).enumerate() {
        if sentence.claim {
            edits.push(Edit::AddAnnotation(common::annotation(
                &marked, *range, "claim", "", i as i64,
            )));
        }
    }
    Edit::Batch(edits).apply(&mut project).unwrap();
    let claim = LabelId::from("claim");
    let trained = suggest::train(&project, &claim).unwrap();
    let suggested: Vec<Suggestion> = suggest::suggest(&project, &trained, &claim, Some(&unmarked.id), None);
    let proposed: Vec<bool> = unmarked_ranges
        .iter()
        .map(|r| suggested.iter().any(|s| s.start == r.start && s.end == r.end))
        .collect();
    let true_positives = test.iter().zip(&proposed).filter(|(s, p)| s.claim && **p).count() as f64;
    let proposed_count = proposed.iter().filter(|p| **p).count() as f64;
    let claims = test.iter().filter(|s| s.claim).count() as f64;
    let precision = if proposed_count > 0.0 {
        true_positives / proposed_count
    } else {
        0.0
    };
    let recall = true_positives / claims;
    let f1 = if true_positives > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    (precision, recall, f1)
}

#[test]
fn claim_suggestions_beat_saying_yes_to_everything() {
    let data = data();
    assert!(data.len() >= 600, "{} sentences", data.len());
    // Four splits: each quarter in turn is the unmarked document, the rest is marked.
    let mut f1s = Vec::new();
    for fold in 0..4 {
        let in_fold = |i: &usize| i % 4 == fold;
        let train: Vec<&Sentence> = data
            .iter()
            .enumerate()
            .filter(|(i, _)| !in_fold(i))
            .map(|(_, s)| s)
            .collect();
        let test: Vec<&Sentence> = data
            .iter()
            .enumerate()
            .filter(|(i, _)| in_fold(i))
            .map(|(_, s)| s)
            .collect();
        let (precision, recall, f1) = evaluate(&train, &test);
        let share = test.iter().filter(|s| s.claim).count() as f64 / test.len() as f64;
        let all_yes = 2.0 * share / (1.0 + share);
        println!(
            "fold {fold}: trained on {} sentences, tested on {}: precision {precision:.2}, recall {recall:.2}, F1 {f1:.2} (saying yes to all: F1 {all_yes:.2})",
            train.len(),
            test.len()
        );
        f1s.push((f1, all_yes));
    }
    let mean = f1s.iter().map(|(f, _)| f).sum::<f64>() / f1s.len() as f64;
    let baseline = f1s.iter().map(|(_, b)| b).sum::<f64>() / f1s.len() as f64;
    println!("mean F1 {mean:.2}, saying yes to all {baseline:.2}");
    assert!(mean > baseline + 0.15, "mean F1 {mean:.2} against {baseline:.2}");
}

#[test]
fn about_300_marked_sentences_are_enough() {
    let data = data();
    let train: Vec<&Sentence> = data.iter().step_by(2).take(300).collect();
    let test: Vec<&Sentence> = data.iter().skip(1).step_by(2).collect();
    let (precision, recall, f1) = evaluate(&train, &test);
    println!("300 marked sentences: precision {precision:.2}, recall {recall:.2}, F1 {f1:.2}");
    assert!(f1 >= 0.55, "F1 {f1:.2}");
}
