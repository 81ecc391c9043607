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
