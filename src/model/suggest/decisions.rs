//! What the user decided about suggestions, kept in the project file: an accepted suggestion is
//! also a normal annotation, a rejected one is only here, and neither is proposed again.
//!
//! A decision matches a later suggestion of the same label at the same place, or anywhere with
//! the same text (case and accents ignored): a sentence rejected once is not proposed again after
//! a re-import moved it, nor in another copy of the article.

use std::collections::HashSet;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::model::ids::{DocId, LabelId};
use crate::model::query::fold;
use crate::model::text::CharRange;

/// Where a suggestion came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Origin {
    /// The same text as a span the user labelled.
    Repeat,
    /// The built-in model.
    Model,
    /// The project's external scorer.
    Scorer,
}

impl Origin {
    pub fn name(self) -> &'static str {
        match self {
            Origin::Repeat => "repeat",
            Origin::Model => "model",
            Origin::Scorer => "scorer",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SuggestionDecision {
    pub document: DocId,
    pub start: usize,
    pub end: usize,
    pub label: LabelId,
    /// The suggested text, as it was.
    pub text: String,
    pub origin: Origin,
    pub accepted: bool,
    /// The score it was proposed with (1 for a repeat).
    pub score: f32,
    pub decided: Timestamp,
}

impl SuggestionDecision {
    pub fn range(&self) -> CharRange {
        CharRange::new(self.start, self.end)
    }
}

/// The places and texts already decided for one label: a suggestion there is not made again.
#[derive(Debug, Default)]
pub struct Decided {
    places: HashSet<(DocId, usize, usize)>,
    texts: HashSet<String>,
}

impl Decided {
    pub fn new(decisions: &[SuggestionDecision], label: &LabelId) -> Self {
        let mut decided = Self::default();
        for d in decisions.iter().filter(|d| &d.label == label) {
            decided.places.insert((d.document.clone(), d.start, d.end));
            decided.texts.insert(fold(d.text.trim()));
        }
        decided
    }

    /// Whether a suggestion of `text` at `range` of `document` was already decided.
    pub fn contains(&self, document: &DocId, range: CharRange, text: &str) -> bool {
        self.contains_place(document, range)
            || (!self.texts.is_empty() && self.texts.contains(&fold(text.trim())))
    }

    /// Whether a suggestion at `range` of `document` was already decided, whatever its text.
    pub fn contains_place(&self, document: &DocId, range: CharRange) -> bool {
        self.places.contains(&(document.clone(), range.start, range.end))
    }
}

/// Accepted and rejected suggestions of one label.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub accepted: usize,
    pub rejected: usize,
}

/// Per label, in the order given, how many suggestions were accepted and rejected.
pub fn tally(decisions: &[SuggestionDecision], label: &LabelId) -> Tally {
    let of_label = decisions.iter().filter(|d| &d.label == label);
    let accepted = of_label.clone().filter(|d| d.accepted).count();
    Tally {
        accepted,
        rejected: of_label.count() - accepted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decision(doc: &str, start: usize, end: usize, label: &str, text: &str) -> SuggestionDecision {
        SuggestionDecision {
            document: doc.into(),
            start,
            end,
            label: label.into(),
            text: text.into(),
            origin: Origin::Model,
            accepted: false,
            score: 0.7,
            decided: Timestamp::from_second(1_700_000_000).unwrap(),
        }
    }

    #[test]
    fn matches_by_case() {
        let decisions = [decision("d1", 10, 30, "claim", "Le chômage a baissé.")];
        // (document, range, label, text, stopped)
        let cases = [
            ("d1", (10, 30), "claim", "anything", true),
            ("d2", (0, 20), "claim", "LE CHOMAGE A BAISSE.", true),
            ("d1", (40, 60), "claim", "Autre phrase.", false),
            ("d1", (10, 30), "source", "Le chômage a baissé.", false),
        ];
        for (doc, (start, end), label, text, stopped) in cases {
            let decided = Decided::new(&decisions, &label.into());
            let found = decided.contains(&doc.into(), CharRange::new(start, end), text);
            assert_eq!(found, stopped, "{doc} {start} {label} {text}");
        }
    }
}
