//! A document: the text being annotated, exactly as imported, and where it came from.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::anchor::Outcome;
use super::ids::{AnnotationId, DocId};
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

/// A link kept from the original document: the text it covers (code points) and its target.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocLink {
    pub start: usize,
    pub end: usize,
    pub url: String,
}

/// Where one page of the original (a PDF) lies in the text, so a note can say "p. 3".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PageSpan {
    pub number: u32,
    pub start: usize,
    pub end: usize,
}

/// What a block of the text is, for the reading view. A block not listed is a plain paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BlockKind {
    /// The document's own title, when the text starts with it.
    Title,
    /// A heading of level 1 (largest) to 6.
    Heading(u8),
    ListItem,
    Quote,
}

/// A block of the text (code points, usually one line of it): a heading, a list item, a quote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Block {
    pub kind: BlockKind,
    pub start: usize,
    pub end: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InlineKind {
    Emphasis,
    Strong,
}

/// Emphasis within the text (code points).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inline {
    pub kind: InlineKind,
    pub start: usize,
    pub end: usize,
}

/// Which way a document's paragraphs read. `Auto` takes each paragraph's direction from its first
/// strong character (Arabic, Hebrew, Persian: right to left); the other two set every paragraph
/// by hand, for the rare document that guesses wrong.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    #[default]
    Auto,
    Ltr,
    Rtl,
}

impl Direction {
    pub const ALL: [Direction; 3] = [Direction::Auto, Direction::Ltr, Direction::Rtl];

    pub fn is_auto(&self) -> bool {
        *self == Direction::Auto
    }

    /// The name the menu and the command line use.
    pub fn name(self) -> &'static str {
        match self {
            Direction::Auto => "auto",
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// A note on the whole document rather than on a span of it (a Hypothesis page note).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocNote {
    /// Who wrote it, as the source names them (`alice@hypothes.is`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created: Option<Timestamp>,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// The publication date as the original gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// The canonical address of the original.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The decoded text, line endings kept: every offset counts into this.
    pub text: IndexedText,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<DocLink>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<PageSpan>,
    /// Headings, list items and quotes, sorted by start: display metadata only, the text and
    /// every offset stay exactly as imported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<Block>,
    /// Emphasis and strong emphasis, sorted by start.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inlines: Vec<Inline>,
    /// Earlier texts of the document, oldest first, kept when it was re-imported.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<Revision>,
    /// Notes on the document as a whole, oldest first; changed through [`Edit::AddDocNote`].
    ///
    /// [`Edit::AddDocNote`]: super::Edit::AddDocNote
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<DocNote>,
    /// The reading direction set by hand; changed through [`Edit::SetDirection`].
    ///
    /// [`Edit::SetDirection`]: super::Edit::SetDirection
    #[serde(default, skip_serializing_if = "Direction::is_auto")]
    pub direction: Direction,
}

/// An earlier text of a document, and what replacing it did to the annotations.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Revision {
    pub text: IndexedText,
    /// SHA-256 of the bytes that text was imported from.
    #[serde(default)]
    pub sha256: String,
    #[serde(default)]
    pub source: Option<Provenance>,
    /// When the next version replaced it.
    pub replaced: Timestamp,
    /// The annotations the replacement did not carry over exactly.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<AnchorChange>,
}

/// What carrying one annotation to the next text did to it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnchorChange {
    pub annotation: AnnotationId,
    /// Its range in the earlier text.
    pub before: (usize, usize),
    /// Its range in the next text (an orphan keeps its old range as a hint).
    pub after: (usize, usize),
    pub outcome: Outcome,
}

impl Document {
    pub fn new(title: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            id: DocId::generate(),
            title: title.into(),
            source: None,
            sha256: String::new(),
            author: None,
            published: None,
            url: None,
            text: IndexedText::new(text),
            links: Vec::new(),
            pages: Vec::new(),
            blocks: Vec::new(),
            inlines: Vec::new(),
            revisions: Vec::new(),
            notes: Vec::new(),
            direction: Direction::Auto,
        }
    }

    /// The block over the line-paragraph `range` (a heading, a list item…), if any.
    pub fn block_at(&self, range: crate::model::CharRange) -> Option<&Block> {
        let i = self.blocks.partition_point(|b| b.end <= range.start);
        self.blocks
            .get(i)
            .filter(|b| b.start <= range.start || b.start < range.end)
    }

    /// The page a position falls on, for documents imported from PDF.
    pub fn page_at(&self, position: usize) -> Option<u32> {
        self.pages
            .iter()
            .find(|page| page.start <= position && position <= page.end)
            .map(|page| page.number)
    }
}
