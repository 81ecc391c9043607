//! The annotation model: documents, labels, annotations, edits and their history. No UI, no files.

pub mod agreement;
pub mod anchor;
pub mod annotation;
pub mod conflict;
pub mod copies;
pub mod curation;
pub mod document;
pub mod edit;
pub mod fields;
pub mod find;
pub mod history;
pub mod ids;
pub mod label;
pub mod link;
pub mod merge;
pub mod project;
pub mod query;
pub mod revision;
pub mod scoring;
mod search_keys;
pub mod segment;
mod spans;
pub mod suggest;
pub mod text;
pub mod words;

pub use anchor::Quote;
pub use annotation::Annotation;
pub use document::{
    Block, BlockKind, Direction, DocLink, DocNote, Document, Inline, InlineKind, PageSpan, Provenance,
};
pub use edit::Edit;
pub use fields::{FieldDef, FieldKind, Settings};
pub use history::History;
pub use ids::{AnnotationId, DocId, LabelId, LinkId};
pub use label::{Color, Label};
pub use link::Link;
pub use project::{AnchorReport, Project, ProjectError};
pub use query::Query;
pub use text::{CharRange, IndexedText};
