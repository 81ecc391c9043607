//! A new text for a document (a corrected article re-imported): the annotations follow their
//! words, the old text is kept as a revision, and the whole change is one undoable edit.

use super::anchor::{self, Carried, Outcome, Quote};
use super::annotation::{Annotation, now};
use super::document::{AnchorChange, Document, Revision};
use super::edit::Edit;
use super::ids::DocId;
use super::project::{Project, ProjectError};

/// A planned replacement of a document's text.
#[derive(Clone, Debug)]
pub struct Revised {
    pub edit: Edit,
    pub carried: Vec<Carried>,
}

impl Revised {
    /// How many annotations had each outcome, in [`Outcome::ALL`] order.
    pub fn counts(&self) -> [usize; 4] {
        let mut counts = [0; 4];
        for carried in &self.carried {
            counts[carried.anchoring.outcome() as usize] += 1;
        }
        counts
    }
}

/// Plans replacing document `doc_id` by `new` (which keeps the old id, title and address).
/// `clean` passes an old quote through the new text's importer (markup stripped), for quotes
/// typed in while the document was another format.
pub fn revise(
    project: &Project,
    doc_id: &DocId,
    mut new: Document,
    clean: impl Fn(&str) -> String,
) -> Result<Revised, ProjectError> {
    let old = project
        .document(doc_id)
        .ok_or_else(|| ProjectError::UnknownDocument(doc_id.clone()))?;
    let originals = project.annotations_of(doc_id);
    let mut carried = anchor::follow(&old.text, &new.text, originals);
    for (item, original) in carried.iter_mut().zip(originals) {
        if item.anchoring.outcome() >= Outcome::NeedsReview {
            retry_cleaned(&new, item, original, &clean);
        }
    }
    new.id = old.id.clone();
    new.title = old.title.clone();
    new.url = new.url.or_else(|| old.url.clone());
    new.notes = old.notes.clone();
    new.revisions = old.revisions.clone();
    new.revisions.push(Revision {
        text: old.text.clone(),
        sha256: old.sha256.clone(),
        source: old.source.clone(),
        replaced: now(),
        changes: carried.iter().filter_map(change_of).collect(),
    });
    let edit = Edit::Revise {
        document: Box::new(new),
        annotations: carried.iter().map(|item| item.annotation.clone()).collect(),
    };
    Ok(Revised { edit, carried })
}

/// Looks for the quote once cleaned the way the new text was; takes what it finds when that is
/// surer than what following the diff gave.
fn retry_cleaned(new: &Document, item: &mut Carried, original: &Annotation, clean: &impl Fn(&str) -> String) {
    let quote = &original.quote;
    let cleaned = Quote {
        exact: clean(&quote.exact),
        prefix: clean(&quote.prefix),
        suffix: clean(&quote.suffix),
    };
    if cleaned == *quote {
        // Following the diff already placed this very quote, with its context: searching the
        // whole text for it again (approximately, 5 MB at a time) finds nothing surer.
        return;
    }
    let anchoring = anchor::reanchor(&new.text, item.before, &cleaned);
    if anchoring.outcome() < item.anchoring.outcome() {
        let mut annotation = original.clone();
        annotation.quote = cleaned;
        anchor::settle(&mut annotation, &new.text, anchoring);
        item.annotation = annotation;
        item.anchoring = anchoring;
    }
}

fn change_of(item: &Carried) -> Option<AnchorChange> {
    let outcome = item.anchoring.outcome();
    (outcome != Outcome::Exact).then(|| AnchorChange {
        annotation: item.annotation.id.clone(),
        before: (item.before.start, item.before.end),
        after: (item.annotation.start, item.annotation.end),
        outcome,
    })
}

/// Whether a passage of a [`Change`] came into the new text or left the old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeKind {
    Inserted,
    Deleted,
}

/// One passage that differs between two texts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub text: String,
    /// Where it lies in the new text, in code points: its start for an insertion, the place it
    /// was removed from for a deletion.
    pub at: usize,
}

/// The passages inserted and deleted between `old` and `new`, word by word, in text order (a
/// replacement is its deletion then its insertion, both at the same place).
pub fn changes_between(old: &str, new: &str) -> Vec<Change> {
    use unicode_segmentation::UnicodeSegmentation;
    let old_words: Vec<&str> = old.split_word_bounds().collect();
    let new_words: Vec<&str> = new.split_word_bounds().collect();
    let ops = similar::capture_diff_slices(similar::Algorithm::Myers, &old_words, &new_words);
    let chars = |words: &[&str]| words.iter().map(|w| w.chars().count()).sum::<usize>();
    let mut changes: Vec<Change> = Vec::new();
    let mut at = 0;
    for op in ops {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            at += chars(&new_words[new_range]);
            continue;
        }
        let mut push = |kind: ChangeKind, text: String, at: usize| match changes.last_mut() {
            // Myers may split one passage in two ops; keep each passage whole.
            Some(last) if last.kind == kind && last.at + last_len(last, kind) == at => {
                last.text.push_str(&text)
            }
            _ => changes.push(Change { kind, text, at }),
        };
        if !old_range.is_empty() {
            push(ChangeKind::Deleted, old_words[old_range].concat(), at);
        }
        if !new_range.is_empty() {
            let text = new_words[new_range.clone()].concat();
            push(ChangeKind::Inserted, text, at);
            at += chars(&new_words[new_range]);
        }
    }
    changes
}

/// How far a passage reaches in the new text: an insertion its length, a deletion nothing.
fn last_len(change: &Change, kind: ChangeKind) -> usize {
    match kind {
        ChangeKind::Inserted => change.text.chars().count(),
        ChangeKind::Deleted => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_between_cases() {
        use ChangeKind::{Deleted, Inserted};
        // (old, new, expected changes as (kind, text, at))
        type Expected = &'static [(ChangeKind, &'static str, usize)];
        let cases: &[(&str, &str, Expected)] = &[
            ("same text", "same text", &[]),
            ("the cat sat", "the cat sat down", &[(Inserted, " down", 11)]),
            (
                "the cat sat",
                "a cat sat",
                &[(Deleted, "the", 0), (Inserted, "a", 0)],
            ),
            ("one two three", "one three", &[(Deleted, "two ", 4)]),
            (
                "Le Niger a signé.",
                "Le Niger a signé. Puis il part.",
                &[(Inserted, " Puis il part.", 17)],
            ),
            (
                "42 morts à Niamey",
                "43 morts à Niamey",
                &[(Deleted, "42", 0), (Inserted, "43", 0)],
            ),
            // Offsets count code points, not bytes.
            ("élan été", "élan très été", &[(Inserted, "très ", 5)]),
            ("", "new", &[(Inserted, "new", 0)]),
            ("old", "", &[(Deleted, "old", 0)]),
        ];
        for (old, new, expected) in cases {
            let changes = changes_between(old, new);
            let got: Vec<(ChangeKind, &str, usize)> =
                changes.iter().map(|c| (c.kind, c.text.as_str(), c.at)).collect();
            assert_eq!(got, *expected, "{old:?} -> {new:?}");
        }
    }
}
