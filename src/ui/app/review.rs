//! Reviewing placements: accepting one, sending it to the orphans, putting an orphan (or a
//! doubtful placement) back on a text selection by hand, and stepping through those to review.
//! Each change is one undoable [`Edit::SetAnchor`].

use super::MarginaliaApp;
use crate::model::{Annotation, AnnotationId, Edit, Project, Quote, annotation::now};

/// Whether an annotation is one the user may put back by hand.
pub(super) fn placeable(annotation: &Annotation) -> bool {
    annotation.orphaned || annotation.review.is_some()
}

impl MarginaliaApp {
    /// The selected annotation if it waits for review.
    fn reviewed(&mut self) -> Option<Annotation> {
        let annotation = self
            .view
            .selected
            .as_ref()
            .and_then(|id| self.session.project.annotation(id))
            .filter(|a| a.review.is_some());
        let annotation = annotation.cloned();
        if annotation.is_none() {
            self.say("Select an annotation that needs review first (F8 goes to the next)");
        }
        annotation
    }

    /// Ctrl+Enter: the placement is right; the annotation needs review no more.
    pub(super) fn accept_placement(&mut self) {
        let Some(mut annotation) = self.reviewed() else {
            return;
        };
        annotation.review = None;
        annotation.modified = now();
        self.edit(Edit::SetAnchor(Box::new(annotation)));
        self.say("Placement accepted; Ctrl+Z undoes it");
    }

    /// Ctrl+Shift+O: the placement is wrong; the annotation becomes an orphan with its old quote.
    pub(super) fn mark_orphaned(&mut self) {
        let Some(mut annotation) = self.reviewed() else {
            return;
        };
        if let Some(review) = annotation.review.take() {
            annotation.quote.exact = review.previous;
        }
        annotation.orphaned = true;
        annotation.modified = now();
        self.edit(Edit::SetAnchor(Box::new(annotation)));
        self.view.placing = self.view.selected.clone();
        self.say("Marked orphaned: select where it belongs and press Ctrl+Shift+P, or Ctrl+Z");
    }

    /// Ctrl+Shift+P: the annotation being placed takes the text selection.
    pub(super) fn place_on_selection(&mut self) {
        let target = self.view.placing.clone().or_else(|| self.view.selected.clone());
        let project = &self.session.project;
        let Some(annotation) = target.as_ref().and_then(|id| project.annotation(id)) else {
            return self.say("Select an orphaned annotation, then the text where it belongs");
        };
        let Some(range) = self.view.selection else {
            return self.say("Select the text where the annotation belongs, then press Ctrl+Shift+P");
        };
        if self.view.doc_id.as_ref() != Some(&annotation.document) {
            return self.fail("The selection is in another document than the annotation");
        }
        let Some(quote) = project
            .document(&annotation.document)
            .and_then(|doc| Quote::capture(&doc.text, range))
        else {
            return;
        };
        let mut annotation = annotation.clone();
        annotation.set_range(range);
        annotation.quote = quote;
        annotation.orphaned = false;
        annotation.review = None;
        annotation.modified = now();
        let annotation_id = annotation.id.clone();
        self.edit(Edit::SetAnchor(Box::new(annotation)));
        self.view.selection = None;
        self.view.anchor = None;
        self.view.placing = None;
        self.view.selected = Some(annotation_id);
        self.say("Placed on the selection; Ctrl+Z undoes it");
    }

    /// F8: the next annotation that needs review after the selected one, in project order.
    pub(super) fn next_to_review(&mut self) {
        match self.next_annotation_where(|_, a| a.review.is_some()) {
            Some(annotation_id) => self.select(Some(annotation_id)),
            None => self.say("No annotation needs review"),
        }
    }

    /// The first annotation after the selected one (wrapping round) that `wanted` keeps.
    pub(super) fn next_annotation_where(
        &self,
        wanted: impl Fn(&Project, &Annotation) -> bool,
    ) -> Option<AnnotationId> {
        let project = &self.session.project;
        let annotations = project.annotations();
        let current = self
            .view
            .selected
            .as_ref()
            .and_then(|id| annotations.iter().position(|a| &a.id == id));
        let start = current.map_or(0, |i| i + 1);
        (0..annotations.len())
            .map(|k| &annotations[(start + k) % annotations.len()])
            .find(|a| wanted(project, a))
            .map(|a| a.id.clone())
    }

    /// The status bar's "3 to review": the side panel lists them, in every document.
    pub(super) fn show_to_review(&mut self) {
        self.prefs.side_panel = true;
        self.view.all_documents = true;
        self.view.query.needs_review_only = true;
    }
}

impl MarginaliaApp {
    /// View > Changes between revisions…, or the button in the document's details.
    pub(super) fn show_revisions(&mut self, doc_id: Option<crate::model::DocId>) {
        let Some(doc_id) = doc_id.or_else(|| self.view.doc_id.clone()) else {
            return self.say("Open a document first");
        };
        let Some(document) = self.session.project.document(&doc_id) else {
            return;
        };
        if document.revisions.is_empty() {
            let title = document.title.clone();
            return self.say(format!(
                "“{title}” has no earlier text: re-import a corrected version first"
            ));
        }
        self.revisions.open(doc_id, document.revisions.len() - 1);
    }
}
