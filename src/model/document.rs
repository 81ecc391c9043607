//! A document: the text being annotated, exactly as imported, and where it came from.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::ids::DocId;
use super::text::IndexedText;

/// Where a document's text came from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The original path or URL.
    pub original: String,
    /// The importer that read it, e.g. `text`.
    pub format: String,
    /// The character encoding detected in the original bytes, e.g. `UTF-8`, `windows-1252`.
    #[serde(default)]
    pub encoding: Option<String>,
    pub imported: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub id: DocId,
    pub title: String,
    #[serde(default)]
    pub source: Option<Provenance>,
    /// SHA-256 of the original bytes, in lowercase hex; empty for text typed or pasted in.
    #[serde(default)]
    pub sha256: String,
    /// The decoded text, line endings kept: every offset counts into this.
    pub text: IndexedText,
}

impl Document {
    pub fn new(title: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            id: DocId::generate(),
            title: title.into(),
            source: None,
            sha256: String::new(),
            text: IndexedText::new(text),
        }
    }
}
