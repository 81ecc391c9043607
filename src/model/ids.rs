//! Stable identifiers for documents, annotations, labels and links.
//!
//! Ids are strings, never positions in a list, so that two copies of a project can be merged and a
//! project file diffs cleanly. New ids are ULIDs with a one-letter prefix (`d-`, `a-`, `k-`): they
//! sort by creation time and are unique without coordination.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// A fresh id, unique across machines.
            pub fn generate() -> Self {
                Self(format!(concat!($prefix, "-{}"), ulid::Ulid::new()))
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl From<&str> for $name {
            fn from(text: &str) -> Self {
                Self(text.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(text: String) -> Self {
                Self(text)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

string_id!(
    /// Identifies a document within a project.
    DocId,
    "d"
);
string_id!(
    /// Identifies an annotation within a project.
    AnnotationId,
    "a"
);
string_id!(
    /// Identifies a label; the default labels use readable ids such as `claim`.
    LabelId,
    "l"
);
string_id!(
    /// Identifies a link between two annotations.
    LinkId,
    "k"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_prefixed_and_unique() {
        let ids: Vec<AnnotationId> = (0..1000).map(|_| AnnotationId::generate()).collect();
        assert!(ids.iter().all(|id| id.as_str().starts_with("a-")));
        let unique: std::collections::HashSet<_> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len());
        assert!(DocId::generate().as_str().starts_with("d-"));
    }
}
