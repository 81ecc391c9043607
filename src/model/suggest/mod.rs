//! Suggestions: sentences the app proposes for a label, learned from the project itself. A
//! suggestion is not an annotation until the user accepts it.
//!
//! - Positives: the label's annotations (their text), and the sentences they cover.
//! - Negatives: suggestions the user rejected (sure), and the other sentences of documents the
//!   user has already marked with the label (weak: the user read them and did not mark them).
//!   A document nobody marked with the label teaches nothing: it is usually the one asked about.
//! - A label needs [`MIN_EXAMPLES`] annotations before it is suggested.

pub mod features;
pub mod learner;
pub mod sentences;

use serde::Serialize;

use super::ids::{DocId, LabelId};
use super::project::Project;
use super::text::CharRange;
use learner::{Example, Model};

/// Annotations a label needs before its sentences are suggested.
pub const MIN_EXAMPLES: usize = 10;
/// How much a sentence the user left unmarked counts against the label, beside a rejection.
const WEAK_NEGATIVE: f32 = 0.5;
/// A sentence covered this much by an annotation of the label is one of its examples.
const COVERED: f64 = 0.5;

/// A proposed span.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    pub document: DocId,
    pub start: usize,
    pub end: usize,
    pub label: LabelId,
    /// The model's probability, 0 to 1.
    pub score: f32,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SuggestError {
    #[error("label {label} has {found} annotation(s); suggestions start at {MIN_EXAMPLES}")]
    TooFewExamples { label: LabelId, found: usize },
    #[error("every sentence of the documents marked with {0} is marked: nothing to learn what it is not")]
    NoNegatives(LabelId),
}

/// A trained model for one label, with its training figures.
pub struct Trained {
    pub model: Model,
    pub positives: usize,
    pub negatives: usize,
}

/// Trains the label's model on the project as it is; `rejected` are the spans the user refused.
pub fn train(project: &Project, label: &LabelId, rejected: &[(DocId, CharRange)]) -> Result<Trained, SuggestError> {
    let examples = examples(project, label, rejected);
    let positives = examples.iter().filter(|e| e.positive).count();
    let found = project
        .annotations()
        .iter()
        .filter(|a| &a.label == label && !a.orphaned)
        .count();
    if found < MIN_EXAMPLES {
        return Err(SuggestError::TooFewExamples {
            label: label.clone(),
            found,
        });
    }
    let model = learner::train(&examples).ok_or_else(|| SuggestError::NoNegatives(label.clone()))?;
    Ok(Trained {
        model,
        positives,
        negatives: examples.len() - positives,
    })
}

/// The sentences of the project (or of one document) that the model proposes for the label,
/// highest score first: not already covered by the label, not rejected, scoring at least the
/// threshold (the model's own, chosen by cross-validation, unless given).
pub fn suggest(
    project: &Project,
    trained: &Trained,
    label: &LabelId,
    document: Option<&DocId>,
    threshold: Option<f32>,
    rejected: &[(DocId, CharRange)],
) -> Vec<Suggestion> {
    let threshold = threshold.unwrap_or(trained.model.threshold);
    let mut found = Vec::new();
    for doc in project.documents() {
        if document.is_some_and(|d| d != &doc.id) {
            continue;
        }
        let marked: Vec<CharRange> = label_ranges(project, &doc.id, label);
        for range in sentences::sentences(doc.text.as_str()) {
            if covered(range, &marked) > 0.0 || rejected.iter().any(|(d, r)| d == &doc.id && r.overlap(range) > 0) {
                continue;
            }
            let Some(text) = doc.text.slice(range) else { continue };
            let score = trained.model.score(&features::vector(text));
            if score >= threshold {
                found.push(Suggestion {
                    document: doc.id.clone(),
                    start: range.start,
                    end: range.end,
                    label: label.clone(),
                    score,
                    text: text.to_owned(),
                });
            }
        }
    }
    found.sort_by(|a, b| b.score.total_cmp(&a.score));
    found
}

/// The training sentences for a label.
fn examples(project: &Project, label: &LabelId, rejected: &[(DocId, CharRange)]) -> Vec<Example> {
    let mut examples = Vec::new();
    let example = |text: &str, positive: bool, weight: f32| Example {
        vector: features::vector(text),
        positive,
        weight,
    };
    for doc in project.documents() {
        let marked = label_ranges(project, &doc.id, label);
        for annotation in project.annotations_of(&doc.id) {
            if &annotation.label == label && !annotation.orphaned {
                examples.push(example(&annotation.quote.exact, true, 1.0));
            }
        }
        let refused: Vec<CharRange> = rejected.iter().filter(|(d, _)| d == &doc.id).map(|(_, r)| *r).collect();
        for range in &refused {
            if let Some(text) = doc.text.slice(*range) {
                examples.push(example(text, false, 1.0));
            }
        }
        if marked.is_empty() {
            continue;
        }
        for range in sentences::sentences(doc.text.as_str()) {
            let share = covered(range, &marked);
            let Some(text) = doc.text.slice(range) else { continue };
            // A sentence that is the annotation itself is already there.
            if share >= COVERED && !marked.contains(&range) {
                examples.push(example(text, true, 1.0));
            } else if share == 0.0 && !refused.iter().any(|r| r.overlap(range) > 0) {
                examples.push(example(text, false, WEAK_NEGATIVE));
            }
        }
    }
    examples
}

/// The label's annotation ranges on a document, sorted.
fn label_ranges(project: &Project, doc_id: &DocId, label: &LabelId) -> Vec<CharRange> {
    project
        .annotations_of(doc_id)
        .iter()
        .filter(|a| &a.label == label && !a.orphaned)
        .map(|a| a.range())
        .collect()
}

/// The share of the sentence that annotations of the label cover.
fn covered(sentence: CharRange, marked: &[CharRange]) -> f64 {
    if sentence.is_empty() {
        return 0.0;
    }
    let shared: usize = marked.iter().map(|r| r.overlap(sentence)).sum();
    (shared.min(sentence.len()) as f64) / sentence.len() as f64
}
