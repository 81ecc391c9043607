//! A link between two annotations: a claim supported by, contradicted by, or citing a source.

use serde::{Deserialize, Serialize};

use super::ids::{AnnotationId, LinkId};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub id: LinkId,
    pub from: AnnotationId,
    pub to: AnnotationId,
    /// One of the project's link types ("supported by" …).
    pub kind: String,
}

impl Link {
    pub fn new(from: AnnotationId, to: AnnotationId, kind: &str) -> Self {
        Self {
            id: LinkId::generate(),
            from,
            to,
            kind: kind.to_owned(),
        }
    }

    pub fn touches(&self, annotation_id: &AnnotationId) -> bool {
        &self.from == annotation_id || &self.to == annotation_id
    }
}
