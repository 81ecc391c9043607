//! Applying the reading and marking commands: the caret and the selection it extends, sentence and
//! paragraph selection, the find bar's steps and "label all", and choosing a link's target and type
//! from the keyboard.

use super::MarginaliaApp;
use crate::model::segment::{paragraph_at, sentence_at};
use crate::model::{AnnotationId, CharRange, DocId, LabelId, annotation::now, find};

impl MarginaliaApp {
    /// Shows a document, with no selection and the caret where the user last left it unplaced.
    pub(super) fn show_document(&mut self, doc_id: DocId) {
        self.view.doc_id = Some(doc_id);
        self.view.selected = None;
        self.view.selection = None;
        self.view.caret = None;
        self.view.anchor = None;
    }

    pub(super) fn show_span(&mut self, doc_id: DocId, start: usize, end: usize) {
        if self.view.doc_id.as_ref() != Some(&doc_id) {
            self.show_document(doc_id);
        }
        let range = CharRange::new(start, end);
        self.view.selected = None;
        self.view.selection = Some(range);
        self.view.anchor = Some(start);
        self.view.caret = Some(end);
        self.view.scroll_target = Some(range);
    }

    /// Brings a span into view and leaves it unselected (a difference in the compare panel, which
    /// outlines it): no label palette, so a stray key cannot add an annotation.
    pub(super) fn reveal(&mut self, doc_id: DocId, range: CharRange) {
        if self.view.doc_id.as_ref() != Some(&doc_id) {
            self.show_document(doc_id);
        }
        self.view.selected = None;
        self.view.selection = None;
        self.view.anchor = None;
        self.view.scroll_target = Some(range);
    }

    /// A click on the text: the caret goes there, the highlight under it is selected (or, while
    /// linking, becomes the link's target); the view does not move.
    pub(super) fn click_at(&mut self, position: usize, annotation: Option<AnnotationId>) {
        if self.view.linking.is_some() {
            if let Some(to) = annotation {
                self.finish_link(to);
            }
            return;
        }
        self.view.caret = Some(position);
        self.view.anchor = None;
        self.view.selection = None;
        // A click on the bare text keeps the annotation being put back: the user is selecting
        // where it belongs.
        if let Some(annotation_id) = &annotation {
            let project = &self.session.project;
            self.view.placing = project
                .annotation(annotation_id)
                .filter(|a| super::review::placeable(a))
                .map(|a| a.id.clone());
        }
        self.view.selected = annotation;
    }

    /// Moves the caret; with `extend` the selection runs from where it was anchored to the caret.
    pub(super) fn move_caret(&mut self, to: usize, extend: bool) {
        let from = self.view.caret.unwrap_or(to);
        if extend {
            let anchor = *self.view.anchor.get_or_insert(from);
            let range = CharRange::new(anchor.min(to), anchor.max(to));
            self.view.selection = (!range.is_empty()).then_some(range);
            if self.view.selection.is_some() {
                self.view.selected = None;
            }
        } else {
            self.view.anchor = None;
            self.view.selection = None;
        }
        self.view.caret = Some(to);
        self.view.scroll_target = Some(CharRange::new(to, to));
    }

    /// S selects the sentence at the caret, Shift+S its paragraph; a label key then marks it.
    pub(super) fn select_around_caret(&mut self, sentence: bool) {
        let Some(document) = self
            .view
            .doc_id
            .as_ref()
            .and_then(|id| self.session.project.document(id))
        else {
            return;
        };
        let Some(caret) = self.view.caret.or(self.view.selection.map(|s| s.start)) else {
            self.say("Click in the text first to place the caret");
            return;
        };
        let paragraph = paragraph_at(&document.text, caret);
        let range = if sentence {
            sentence_at(&document.text, paragraph, caret)
        } else {
            paragraph
        };
        if range.is_empty() {
            return;
        }
        self.view.selected = None;
        self.view.selection = Some(range);
        self.view.anchor = Some(range.start);
        self.view.caret = Some(range.end);
    }

    pub(super) fn escape(&mut self) {
        if self.view.linking.take().is_some() {
            self.view.link_target = None;
            self.say("Linking cancelled");
        } else if self.view.selection.take().is_some() {
            self.view.anchor = None;
        } else if !self.find.close() && !self.close_curation() {
            self.view.selected = None;
            self.view.placing = None;
        }
    }

    pub(super) fn find_step(&mut self, forward: bool) {
        if !self.find.is_open() {
            self.find.open();
            return;
        }
        match self
            .find
            .step(forward, self.view.doc_id.as_ref(), self.view.caret)
        {
            Some((doc_id, range)) => {
                if self.view.doc_id.as_ref() != Some(&doc_id) {
                    self.show_document(doc_id);
                }
                self.view.caret = Some(range.start);
                self.view.anchor = None;
                self.view.scroll_target = Some(range);
            }
            None => self.say("No match"),
        }
    }

    /// "Label all N as…": every hit not yet carrying the label, in one undoable step.
    pub(super) fn label_all_hits(&mut self, label_id: &LabelId) {
        let project = &self.session.project;
        let Some(name) = project.label(label_id).map(|l| l.name.clone()) else {
            return;
        };
        let plan = find::label_all(project, &self.find.all_hits(), label_id, now());
        let skipped = match plan.skipped {
            0 => String::new(),
            n => format!("; {n} already were"),
        };
        match plan.edit {
            Some(edit) => {
                self.edit(edit);
                self.say(format!(
                    "Labelled {} match(es) as {name}{skipped} (Ctrl+Z undoes it)",
                    plan.added
                ));
            }
            None => self.say(format!("Nothing to label{skipped}")),
        }
    }

    /// N/P or the arrows while linking: the next highlight of the document becomes the target.
    pub(super) fn step_link_target(&mut self, forward: bool) {
        let Some(doc_id) = &self.view.doc_id else { return };
        let from = self.view.linking.as_ref().map(|(from, _)| from);
        let candidates: Vec<&crate::model::Annotation> = self
            .session
            .project
            .annotations_of(doc_id)
            .iter()
            .filter(|a| !a.orphaned && Some(&a.id) != from)
            .collect();
        if candidates.is_empty() {
            return;
        }
        let current = self
            .view
            .link_target
            .as_ref()
            .and_then(|id| candidates.iter().position(|a| &a.id == id));
        let next = match (current, forward) {
            (None, true) => 0,
            (None, false) => candidates.len() - 1,
            (Some(i), true) => (i + 1) % candidates.len(),
            (Some(i), false) => i.checked_sub(1).unwrap_or(candidates.len() - 1),
        };
        let target = candidates[next];
        self.view.scroll_target = Some(target.range());
        self.view.link_target = Some(target.id.clone());
        let kind = self.view.linking.as_ref().map_or("", |(_, kind)| kind.as_str());
        self.say(format!(
            "Link target: “{}” — Enter links ({kind}), a digit changes the type, Esc cancels",
            crate::model::text::shorten(&target.quote.exact, 40)
        ));
    }

    pub(super) fn choose_link_type(&mut self, n: usize) {
        let Some(kind) = self.session.project.settings.link_types.get(n).cloned() else {
            return;
        };
        if let Some((_, current)) = &mut self.view.linking {
            *current = kind.clone();
            self.say(format!(
                "Link type: {kind} — N/P or arrows choose the target, Enter links"
            ));
        }
    }

    /// Enter while linking: link to the target chosen from the keyboard.
    pub(super) fn confirm_link(&mut self) {
        if self.view.linking.is_none() {
            return;
        }
        match self.view.link_target.take() {
            Some(to) => self.finish_link(to),
            None => self.say("Choose the target first: N/P or the arrows, then Enter"),
        }
    }
}
