//! Suggestions: sentences the app proposes for a label, learned from the project itself. A
//! suggestion is not an annotation until the user accepts it.
//!
//! - Positives: the label's annotations (their text), and the sentences they cover.
//! - Negatives: suggestions the user rejected (sure), and the other sentences of documents the
//!   user has already marked with the label (weak: the user read them and did not mark them).
//!   Marks made by accepting suggestions do not count: accepting one is no sign the rest was read.
//!   A document nobody marked with the label teaches nothing: it is usually the one asked about.
//! - A label needs [`MIN_EXAMPLES`] annotations before it is suggested.

pub mod decisions;
pub mod features;
pub mod learner;
pub mod sentences;

use std::collections::HashSet;

use serde::Serialize;

use super::anchor::Quote;
use super::annotation::{Annotation, now};
use super::edit::Edit;
use super::fields::ScorerUse;
use super::find::{FindOptions, Finder};
use super::ids::{AnnotationId, DocId, LabelId};
use super::project::Project;
use super::text::CharRange;
use decisions::{Decided, Origin, SuggestionDecision};
use learner::{Example, Model};

/// Annotations a label needs before its sentences are suggested.
pub const MIN_EXAMPLES: usize = 10;
/// How much a sentence the user left unmarked counts against the label, beside a rejection.
const WEAK_NEGATIVE: f32 = 0.5;
/// A sentence covered this much by an annotation of the label is one of its examples.
const COVERED: f64 = 0.5;
/// The external scorer's threshold when none is given: its scores are probabilities.
pub const SCORER_THRESHOLD: f32 = 0.5;

/// A proposed span.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Suggestion {
    pub document: DocId,
    pub start: usize,
    pub end: usize,
    pub label: LabelId,
    /// 0 to 1: the model's probability, the scorer's score, or 1 for a repeat.
    pub score: f32,
    pub text: String,
    pub origin: Origin,
}

impl Suggestion {
    pub fn range(&self) -> CharRange {
        CharRange::new(self.start, self.end)
    }
}

/// A sentence that may be suggested: not covered by the label, not decided before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub document: DocId,
    pub range: CharRange,
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
#[derive(Clone, Debug)]
pub struct Trained {
    pub model: Model,
    pub positives: usize,
    pub negatives: usize,
}

/// Trains the label's model on the project as it is, with its rejected suggestions.
pub fn train(project: &Project, label: &LabelId) -> Result<Trained, SuggestError> {
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
    let examples = examples(project, label);
    let positives = examples.iter().filter(|e| e.positive).count();
    let model = learner::train(&examples).ok_or_else(|| SuggestError::NoNegatives(label.clone()))?;
    Ok(Trained {
        model,
        positives,
        negatives: examples.len() - positives,
    })
}

/// The sentences of the project (or of one document) that may be suggested for the label.
pub fn candidates(project: &Project, label: &LabelId, document: Option<&DocId>) -> Vec<Candidate> {
    let decided = Decided::new(project.suggestion_decisions(), label);
    let mut found = Vec::new();
    for doc in project.documents() {
        if document.is_some_and(|d| d != &doc.id) {
            continue;
        }
        let marked = Marked::new(project, &doc.id, label);
        for range in sentences::sentences_in_parallel(doc.text.as_str()) {
            let Some(text) = doc.text.slice(range) else {
                continue;
            };
            if marked.share(range) > 0.0 || decided.contains(&doc.id, range, text) {
                continue;
            }
            found.push(Candidate {
                document: doc.id.clone(),
                range,
                text: text.to_owned(),
            });
        }
    }
    found
}

/// `f` of every item, on every core, in order.
fn parallel_map<T: Sync, U: Send>(items: &[T], f: impl Fn(usize, &T) -> U + Sync) -> Vec<U> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || items.len() < 256 {
        return items.iter().enumerate().map(|(i, item)| f(i, item)).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                scope.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(i, item)| f(c * chunk + i, item))
                        .collect::<Vec<U>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("scoring does not panic"))
            .collect()
    })
}

/// Where the scores come from: the built-in model, an external scorer's scores (one per
/// candidate, `None` where it gave none), or both.
pub struct Scores<'a> {
    pub model: Option<&'a Trained>,
    pub scorer: Option<&'a [Option<f32>]>,
    pub scorer_use: ScorerUse,
}

impl Scores<'_> {
    /// The threshold when the user gives none.
    pub fn default_threshold(&self) -> f32 {
        match (self.model, self.scorer, self.scorer_use) {
            (Some(trained), None, _) => trained.model.threshold,
            (Some(trained), Some(_), ScorerUse::Together) => {
                (trained.model.threshold + SCORER_THRESHOLD) / 2.0
            }
            _ => SCORER_THRESHOLD,
        }
    }

    /// The candidate's score and where it came from; `None` when no source scored it.
    fn score(&self, index: usize, candidate: &Candidate) -> Option<(f32, Origin)> {
        let external = self.scorer.and_then(|s| s.get(index).copied().flatten());
        let built_in = || self.model.map(|t| t.model.score_sentence(&candidate.text));
        match (external, self.scorer_use) {
            (Some(score), ScorerUse::Instead) => Some((score, Origin::Scorer)),
            (Some(score), ScorerUse::Together) => Some(built_in().map_or((score, Origin::Scorer), |own| {
                ((own + score) / 2.0, Origin::Scorer)
            })),
            (None, _) => built_in().map(|own| (own, Origin::Model)),
        }
    }
}

/// The candidates that score at least the threshold (the default one unless given), highest
/// score first.
pub fn rank(
    candidates: &[Candidate],
    label: &LabelId,
    scores: &Scores,
    threshold: Option<f32>,
) -> Vec<Suggestion> {
    let threshold = threshold.unwrap_or_else(|| scores.default_threshold());
    let scored = parallel_map(candidates, |i, candidate| scores.score(i, candidate));
    let mut found: Vec<Suggestion> = candidates
        .iter()
        .zip(scored)
        .filter_map(|(candidate, scored)| {
            let (score, origin) = scored?;
            (score >= threshold).then(|| Suggestion {
                document: candidate.document.clone(),
                start: candidate.range.start,
                end: candidate.range.end,
                label: label.clone(),
                score,
                text: candidate.text.clone(),
                origin,
            })
        })
        .collect();
    found.sort_by(|a, b| b.score.total_cmp(&a.score));
    found
}

/// The built-in model's suggestions for the label (or in one document), with the model's own
/// threshold unless one is given.
pub fn suggest(
    project: &Project,
    trained: &Trained,
    label: &LabelId,
    document: Option<&DocId>,
    threshold: Option<f32>,
) -> Vec<Suggestion> {
    let scores = Scores {
        model: Some(trained),
        scorer: None,
        scorer_use: ScorerUse::Instead,
    };
    rank(&candidates(project, label, document), label, &scores, threshold)
}

/// The same text as an annotation elsewhere in the project (every document; case and accents
/// ignored; whole words), proposed with its label where no span of that label overlaps it and
/// the user has not decided it before.
pub fn repeats(project: &Project, annotation_id: &AnnotationId) -> Vec<Suggestion> {
    let Some(annotation) = project.annotation(annotation_id) else {
        return Vec::new();
    };
    let options = FindOptions {
        whole_word: true,
        ..FindOptions::default()
    };
    let Ok(finder) = Finder::new(annotation.quote.exact.trim(), options) else {
        return Vec::new();
    };
    let decided = Decided::new(project.suggestion_decisions(), &annotation.label);
    let mut found = Vec::new();
    for hit in finder.find_in_project(project, None) {
        let taken = project.is_labelled(&hit.doc_id, hit.range, &annotation.label);
        let Some(text) = project
            .document(&hit.doc_id)
            .and_then(|d| d.text.slice(hit.range))
        else {
            continue;
        };
        // The text itself was labelled by the user: only its place counts as a decision.
        if taken || decided.contains_place(&hit.doc_id, hit.range) {
            continue;
        }
        found.push(Suggestion {
            document: hit.doc_id.clone(),
            start: hit.range.start,
            end: hit.range.end,
            label: annotation.label.clone(),
            score: 1.0,
            text: text.to_owned(),
            origin: Origin::Repeat,
        });
    }
    found
}

/// The edits that make a suggestion an annotation and record that it was accepted (one step
/// when given together in an [`Edit::Batch`]). Empty when its document is gone.
pub fn accept_edits(project: &Project, suggestion: &Suggestion) -> Vec<Edit> {
    let Some(document) = project.document(&suggestion.document) else {
        return Vec::new();
    };
    let Some(quote) = Quote::capture(&document.text, suggestion.range()) else {
        return Vec::new();
    };
    let time = now();
    vec![
        Edit::AddAnnotation(Annotation {
            id: AnnotationId::generate(),
            document: suggestion.document.clone(),
            start: suggestion.start,
            end: suggestion.end,
            quote,
            label: suggestion.label.clone(),
            note: String::new(),
            fields: Default::default(),
            orphaned: false,
            review: None,
            agreed: None,
            created: time,
            modified: time,
        }),
        Edit::RecordSuggestion(Box::new(decision(suggestion, true))),
    ]
}

/// The edit that records a rejected suggestion: it is not proposed again, and the label's model
/// learns from it.
pub fn reject_edits(suggestion: &Suggestion) -> Vec<Edit> {
    vec![Edit::RecordSuggestion(Box::new(decision(suggestion, false)))]
}

fn decision(suggestion: &Suggestion, accepted: bool) -> SuggestionDecision {
    SuggestionDecision {
        document: suggestion.document.clone(),
        start: suggestion.start,
        end: suggestion.end,
        label: suggestion.label.clone(),
        text: suggestion.text.clone(),
        origin: suggestion.origin,
        accepted,
        score: suggestion.score,
        decided: now(),
    }
}

/// The training sentences for a label.
fn examples(project: &Project, label: &LabelId) -> Vec<Example> {
    let mut examples = Vec::new();
    let example = |text: &str, positive: bool, weight: f32| Example {
        vector: features::vector(text),
        positive,
        weight,
    };
    let rejected: Vec<&decisions::SuggestionDecision> = project
        .suggestion_decisions()
        .iter()
        .filter(|d| &d.label == label && !d.accepted && d.origin != Origin::Repeat)
        .collect();
    examples.extend(rejected.iter().map(|d| example(&d.text, false, 1.0)));
    // Suggestions the user accepted, which say nothing of whether the rest was read.
    let accepted: HashSet<(&DocId, CharRange)> = project
        .suggestion_decisions()
        .iter()
        .filter(|d| d.accepted && &d.label == label)
        .map(|d| (&d.document, d.range()))
        .collect();
    for doc in project.documents() {
        let marked = Marked::new(project, &doc.id, label);
        let own = project
            .annotations_of(&doc.id)
            .iter()
            .filter(|a| &a.label == label && !a.orphaned);
        examples.extend(own.clone().map(|a| example(&a.quote.exact, true, 1.0)));
        // A document marked only by accepting suggestions was not read through: its other
        // sentences say nothing against the label.
        let read = own.clone().any(|a| !accepted.contains(&(&doc.id, a.range())));
        if !read {
            continue;
        }
        let refused: HashSet<CharRange> = rejected
            .iter()
            .filter(|d| d.document == doc.id)
            .map(|d| d.range())
            .collect();
        for range in sentences::sentences(doc.text.as_str()) {
            let share = marked.share(range);
            let Some(text) = doc.text.slice(range) else {
                continue;
            };
            // A sentence that is the annotation itself is already there.
            if share >= COVERED && !marked.is_exactly(range) {
                examples.push(example(text, true, 1.0));
            } else if share == 0.0 && !refused.contains(&range) {
                examples.push(example(text, false, WEAK_NEGATIVE));
            }
        }
    }
    examples
}

/// What a label's annotations cover of one document: their ranges, and their union (sorted,
/// disjoint) so that a sentence's share is found by binary search, not by a pass over them all.
struct Marked {
    ranges: HashSet<CharRange>,
    union: Vec<CharRange>,
}

impl Marked {
    fn new(project: &Project, doc_id: &DocId, label: &LabelId) -> Self {
        Self::from_sorted(
            project
                .annotations_of(doc_id)
                .iter()
                .filter(|a| &a.label == label && !a.orphaned)
                .map(Annotation::range),
        )
    }

    /// From ranges sorted by start (as a document's annotations are): each one extends the last
    /// piece of the union or starts a new one.
    fn from_sorted(sorted: impl Iterator<Item = CharRange>) -> Self {
        let mut union: Vec<CharRange> = Vec::new();
        let mut ranges = HashSet::new();
        for range in sorted {
            ranges.insert(range);
            match union.last_mut() {
                Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
                _ => union.push(range),
            }
        }
        Self { ranges, union }
    }

    /// Whether an annotation spans exactly this range.
    fn is_exactly(&self, range: CharRange) -> bool {
        self.ranges.contains(&range)
    }

    /// The share of the sentence that the annotations cover.
    fn share(&self, sentence: CharRange) -> f64 {
        if sentence.is_empty() {
            return 0.0;
        }
        let first = self.union.partition_point(|piece| piece.end <= sentence.start);
        let shared: usize = self.union[first..]
            .iter()
            .take_while(|piece| piece.start < sentence.end)
            .map(|piece| piece.overlap(sentence))
            .sum();
        shared as f64 / sentence.len() as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_of_sentences_by_case() {
        // (annotation ranges sorted by start, sentence, share)
        type Case<'a> = (&'a [(usize, usize)], (usize, usize), f64);
        let cases: &[Case] = &[
            (&[], (0, 10), 0.0),
            (&[(0, 10)], (0, 10), 1.0),
            (&[(0, 5)], (0, 10), 0.5),
            // Overlapping and nested annotations count once.
            (&[(0, 6), (2, 8), (3, 4)], (0, 10), 0.8),
            (&[(0, 3), (8, 20)], (2, 12), 0.5),
            // Touching the sentence is not covering it.
            (&[(0, 2), (12, 14)], (2, 12), 0.0),
            (&[(5, 5)], (0, 10), 0.0),
        ];
        for (ranges, (start, end), share) in cases {
            let marked = Marked::from_sorted(ranges.iter().map(|&(s, e)| CharRange::new(s, e)));
            let found = marked.share(CharRange::new(*start, *end));
            assert!((found - share).abs() < 1e-9, "{ranges:?} {start}..{end}: {found}");
        }
    }
}
