//! An annotation: a labelled span of one document with its quote, note and times.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::anchor::{Quote, Review};
use super::curation::Agreed;
use super::ids::{AnnotationId, DocId, LabelId};
use super::text::CharRange;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annotation {
    pub id: AnnotationId,
    pub document: DocId,
    /// First code point of the span.
    pub start: usize,
    /// One past the last code point of the span.
    pub end: usize,
    pub quote: Quote,
    pub label: LabelId,
    #[serde(default)]
    pub note: String,
    /// Values of the label's fields, by key (`verdict` → `False`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    /// Set when the quote could not be found in the text any more: the annotation is kept, its
    /// range is only a hint.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub orphaned: bool,
    /// Set when the annotation was placed approximately and the user has not confirmed it yet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<Review>,
    /// On a gold copy's annotation: the annotators who marked exactly this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed: Option<Agreed>,
    pub created: Timestamp,
    pub modified: Timestamp,
}

impl Annotation {
    pub fn range(&self) -> CharRange {
        CharRange::new(self.start, self.end)
    }

    pub fn set_range(&mut self, range: CharRange) {
        self.start = range.start;
        self.end = range.end;
    }

    /// The key annotations are kept sorted by: document, then position, then id.
    pub fn sort_key(&self) -> (&DocId, usize, usize, &AnnotationId) {
        (&self.document, self.start, self.end, &self.id)
    }
}

/// The current time, to the second (timestamps in files stay short and readable).
pub fn now() -> Timestamp {
    Timestamp::now()
        .round(jiff::Unit::Second)
        .unwrap_or_else(|_| Timestamp::now())
}
