//! The annotation filter shared by the side panel and `marginalia list`.
//!
//! Text search ignores case and accents: both the query and each annotation's quote and note are
//! [`fold`]ed, so "marees" finds "marées" and "OEIL" finds "œil". The project keeps every
//! annotation's folded text, so a filter over 100 000 annotations folds nothing but the query.

use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};

use super::annotation::Annotation;
use super::ids::{DocId, LabelId};
use super::project::Project;

/// Lowercases and strips accents: NFD, drop combining marks, expand ligatures.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    if text.is_ascii() {
        folded.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        return folded;
    }
    for c in text.nfd().filter(|&c| !is_combining_mark(c)) {
        match c {
            'œ' | 'Œ' => folded.push_str("oe"),
            'æ' | 'Æ' => folded.push_str("ae"),
            'ß' => folded.push_str("ss"),
            '\u{2019}' | '\u{2018}' => folded.push('\''),
            _ => folded.extend(c.to_lowercase()),
        }
    }
    folded
}

/// Which annotations to show. The default query matches everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// Labels to keep; empty keeps every label.
    pub labels: Vec<LabelId>,
    pub document: Option<DocId>,
    /// Text to find in the quote or the note, ignoring case and accents.
    pub text: String,
    pub orphaned_only: bool,
    pub with_note_only: bool,
}

impl Query {
    /// The annotations that pass, in project order (document, then position).
    pub fn run<'p>(&self, project: &'p Project) -> Vec<&'p Annotation> {
        let annotations = project.annotations();
        self.positions(project)
            .into_iter()
            .map(|i| &annotations[i])
            .collect()
    }

    /// Where the annotations that pass lie in [`Project::annotations`].
    pub fn positions(&self, project: &Project) -> Vec<usize> {
        let needle = fold(self.text.trim());
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let positions = match &self.document {
            Some(doc_id) => project.positions_of(doc_id),
            None => 0..project.annotations().len(),
        };
        positions
            .filter(|&i| {
                self.passes_fields(&project.annotations()[i])
                    && (needle.is_empty() || finder.find(project.search_key(i).as_bytes()).is_some())
            })
            .collect()
    }

    fn passes_fields(&self, annotation: &Annotation) -> bool {
        (self.labels.is_empty() || self.labels.contains(&annotation.label))
            && (!self.orphaned_only || annotation.orphaned)
            && (!self.with_note_only || !annotation.note.trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_cases() {
        let cases = [
            ("Marées", "marees"),
            ("ÉTATS-UNIS", "etats-unis"),
            ("l’œil", "l'oeil"),
            ("e\u{301}", "e"),
            ("Москва", "москва"),
            ("Straße", "strasse"),
            ("plain ASCII", "plain ascii"),
        ];
        for (text, expected) in cases {
            assert_eq!(fold(text), expected, "{text}");
        }
    }
}
