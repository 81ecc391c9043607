//! The project: its label set, documents and annotations, and the invariants that bind them.
//!
//! Invariants, kept by every mutation here (which only [`crate::model::edit`] calls):
//! - ids are unique within labels, documents and annotations; hotkeys are unique among labels;
//! - every annotation names an existing document and label, and has a non-empty range within its
//!   document's text unless it is orphaned;
//! - annotations are sorted by (document, start, end, id), so a document's annotations are one
//!   contiguous slice and the saved file is deterministic;
//! - `search_keys`, once made, holds the folded quote and note of each annotation in their order
//!   (see [`SearchKeys`]), and `filter_index` (built on first use, then kept up to date by each
//!   change to one annotation) packs them with each annotation's label and flags for filtering;
//! - `spans` (see [`SpanReach`]) says which annotations overlap a range, kept up to date likewise.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::anchor::{self, Anchoring};
use super::annotation::Annotation;
use super::conflict::Conflict;
use super::curation::{Curation, Decision, VersionKey};
use super::document::{DocNote, Document};
use super::fields::Settings;
use super::ids::{AnnotationId, DocId, LabelId, LinkId};
use super::label::{self, Color, Label};
use super::link::Link;
use super::query::FilterIndex;
use super::search_keys::{SearchKeys, keep_by, merge_by, search_key};
use super::spans::SpanReach;
use super::suggest::decisions::SuggestionDecision;
use super::text::CharRange;

#[derive(Clone, Debug, PartialEq)]
pub struct Project {
    pub name: String,
    /// Rating scale, link types, publisher, instructions; changed through [`Edit::SetSettings`].
    ///
    /// [`Edit::SetSettings`]: super::Edit::SetSettings
    pub settings: Settings,
    labels: Vec<Label>,
    documents: Vec<Document>,
    annotations: Vec<Annotation>,
    /// Sorted by id (ids are ULIDs, so in the order they were made).
    links: Vec<Link>,
    /// What a merge left for the user to settle, sorted by id.
    conflicts: Vec<Conflict>,
    /// Set on a gold copy: whose copies it was curated from, and every decision.
    curation: Option<Curation>,
    /// The user's decisions on suggestions, in the order they were made.
    suggestions: Vec<SuggestionDecision>,
    search_keys: SearchKeys,
    /// Made on first use; emptied by every change to labels or to many annotations.
    filter_index: Cached<FilterIndex>,
    /// Where each document lies in `documents`, and each annotation's sort key: finding one by
    /// id is a look-up, not a pass over them all (an import of 100 000 short texts makes as many
    /// documents, and the app looks annotations up by id on every frame).
    positions: Positions,
    /// Which annotations overlap a range: see [`SpanReach`].
    spans: Derived<SpanReach>,
}

/// Data derived from the rest, kept beside it: it takes no part in comparisons.
#[derive(Clone, Debug, Default)]
struct Derived<T>(T);

impl<T> PartialEq for Derived<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// Hashing for the look-ups by id: foldhash reads ids eight bytes at a time, where the standard
/// SipHash takes a tenth of an import of 100 000 annotations (randomly seeded all the same).
type FastHash = foldhash::fast::RandomState;

/// From this many annotations at once, checking them and making their search keys is shared
/// among the cores.
const PARALLEL_FROM: usize = 1_000;

/// See [`Project::positions`]. Derived data: it takes no part in comparisons.
#[derive(Clone, Debug, Default)]
struct Positions {
    documents: HashMap<DocId, usize, FastHash>,
    annotations: HashMap<AnnotationId, (DocId, usize, usize), FastHash>,
}

impl PartialEq for Positions {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl Positions {
    /// Records the documents from `first` on at their places (after an insertion or removal).
    fn place_documents(&mut self, documents: &[Document], first: usize) {
        for (position, document) in documents.iter().enumerate().skip(first) {
            self.documents.insert(document.id.clone(), position);
        }
    }

    fn place_annotation(&mut self, annotation: &Annotation) {
        let key = (annotation.document.clone(), annotation.start, annotation.end);
        self.annotations.insert(annotation.id.clone(), key);
    }
}

/// Data derived from the rest and made on first use (the [`FilterIndex`], the search keys): it
/// takes no part in comparisons, and clones start without it.
pub(super) struct Cached<T>(pub(super) std::sync::OnceLock<T>);

impl<T> Default for Cached<T> {
    fn default() -> Self {
        Self(std::sync::OnceLock::new())
    }
}

impl<T> Clone for Cached<T> {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl<T> PartialEq for Cached<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<T> std::fmt::Debug for Cached<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.get().is_some() {
            "Cached(made)"
        } else {
            "Cached(not made)"
        })
    }
}

/// Why a change or a loaded project breaks the rules above.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ProjectError {
    #[error("there is no annotation {0}")]
    UnknownAnnotation(AnnotationId),
    #[error("there is no document {0}")]
    UnknownDocument(DocId),
    #[error("there is no label {0}")]
    UnknownLabel(LabelId),
    #[error("the id {0} is used twice")]
    DuplicateId(String),
    #[error("hotkey {hotkey:?} is already used by label {label}")]
    HotkeyTaken { hotkey: String, label: LabelId },
    #[error("range {range} is empty or outside the document (which has {len} characters)")]
    BadRange { range: CharRange, len: usize },
    #[error("label {0} still has annotations")]
    LabelInUse(LabelId),
    #[error("document {0} still has annotations")]
    DocumentInUse(DocId),
    #[error("position {0} is out of bounds")]
    BadPosition(usize),
    #[error("there is no link {0}")]
    UnknownLink(LinkId),
    #[error("annotation {0} is linked; remove its links first")]
    AnnotationLinked(AnnotationId),
    #[error("{0}")]
    BadLink(String),
    #[error("{0}")]
    BadField(String),
}

/// What loading did to an annotation whose range and quote disagreed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AnchorReport {
    pub annotation_id: AnnotationId,
    pub stored: CharRange,
    /// Where it went: found exactly elsewhere, moved, placed for review, or orphaned.
    pub anchoring: Anchoring,
}

impl Project {
    /// An empty project with the default label set.
    pub fn new(name: impl Into<String>) -> Self {
        Self::empty(name, Label::defaults())
    }

    fn empty(name: impl Into<String>, labels: Vec<Label>) -> Self {
        Self {
            name: name.into(),
            settings: Settings::default(),
            labels,
            documents: Vec::new(),
            annotations: Vec::new(),
            links: Vec::new(),
            conflicts: Vec::new(),
            curation: None,
            suggestions: Vec::new(),
            search_keys: SearchKeys::default(),
            filter_index: Cached::default(),
            positions: Positions::default(),
            spans: Derived::default(),
        }
    }

    /// Builds a project from loaded parts, checking every invariant. Annotations whose range
    /// disagrees with their quote are re-anchored or marked orphaned, never dropped; the reports
    /// say which.
    pub fn from_parts(
        name: String,
        labels: Vec<Label>,
        documents: Vec<Document>,
        annotations: Vec<Annotation>,
    ) -> Result<(Project, Vec<AnchorReport>), ProjectError> {
        let mut project = Self::empty(name, Vec::new());
        for label in labels {
            project.insert_label(project.labels.len(), label)?;
        }
        for document in documents {
            project.insert_document(project.documents.len(), document)?;
        }
        project.positions.annotations.reserve(annotations.len());
        let mut reports = Vec::new();
        // Checked where they lie and then moved in whole: pushing them into a new list would
        // hold two lists of 100 000 annotations (30 MB each) at once.
        let mut annotations = annotations;
        for annotation in &mut annotations {
            if project.positions.annotations.contains_key(&annotation.id) {
                return Err(ProjectError::DuplicateId(annotation.id.to_string()));
            }
            project.check_references(annotation)?;
            if let Some(report) = project.anchor(annotation) {
                reports.push(report);
            }
            project.positions.place_annotation(annotation);
        }
        sort_with_keys(&mut annotations, None);
        project.annotations = annotations;
        project.changed_many();
        Ok((project, reports))
    }

    // ----- reading -----

    pub fn labels(&self) -> &[Label] {
        &self.labels
    }

    pub fn label(&self, label_id: &LabelId) -> Option<&Label> {
        self.labels.iter().find(|label| &label.id == label_id)
    }

    pub fn label_position(&self, label_id: &LabelId) -> Option<usize> {
        self.labels.iter().position(|label| &label.id == label_id)
    }

    /// A label by id, or by name ignoring case.
    pub fn find_label(&self, id_or_name: &str) -> Option<&Label> {
        self.labels
            .iter()
            .find(|label| label.id.as_str() == id_or_name)
            .or_else(|| {
                self.labels
                    .iter()
                    .find(|label| label.name.eq_ignore_ascii_case(id_or_name))
            })
    }

    pub fn label_by_hotkey(&self, key: &str) -> Option<&Label> {
        self.labels
            .iter()
            .find(|label| label.hotkey.as_deref() == Some(key))
    }

    /// A palette colour no label uses yet (grey once all are taken).
    pub fn unused_color(&self) -> Color {
        label::unused_color(self.labels.iter())
    }

    /// The first digit no label uses as its hotkey.
    pub fn free_hotkey(&self) -> Option<String> {
        label::free_hotkey(self.labels.iter())
    }

    pub fn documents(&self) -> &[Document] {
        &self.documents
    }

    pub fn document(&self, doc_id: &DocId) -> Option<&Document> {
        self.positions.documents.get(doc_id).map(|&i| &self.documents[i])
    }

    /// All annotations, sorted by document, start, end and id.
    pub fn annotations(&self) -> &[Annotation] {
        &self.annotations
    }

    pub fn annotation(&self, annotation_id: &AnnotationId) -> Option<&Annotation> {
        self.annotation_position(annotation_id)
            .map(|i| &self.annotations[i])
    }

    fn annotation_position(&self, annotation_id: &AnnotationId) -> Option<usize> {
        let (doc_id, start, end) = self.positions.annotations.get(annotation_id)?;
        let key = (doc_id, *start, *end, annotation_id);
        let position = self.annotations.partition_point(|a| a.sort_key() < key);
        (self.annotations.get(position)?.id == *annotation_id).then_some(position)
    }

    /// All links, oldest first.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    pub fn conflict(&self, conflict_id: &str) -> Option<&Conflict> {
        self.conflicts.iter().find(|c| c.id == conflict_id)
    }

    /// The unresolved conflicts about one item (an annotation, a label …).
    pub fn conflicts_of<'a>(&'a self, item: &'a str) -> impl Iterator<Item = &'a Conflict> + 'a {
        self.conflicts.iter().filter(move |c| c.item == item)
    }

    /// The curation record, on a gold copy.
    pub fn curation(&self) -> Option<&Curation> {
        self.curation.as_ref()
    }

    pub(crate) fn set_curation(&mut self, curation: Option<Curation>) -> Option<Curation> {
        std::mem::replace(&mut self.curation, curation)
    }

    pub(crate) fn decide(
        &mut self,
        version: VersionKey,
        decision: Option<Decision>,
    ) -> Result<Option<Decision>, ProjectError> {
        let curation = self
            .curation
            .as_mut()
            .ok_or_else(|| ProjectError::BadField("this project is not a gold copy".into()))?;
        Ok(curation.decide(version, decision))
    }

    /// Decisions on suggestions, oldest first.
    pub fn suggestion_decisions(&self) -> &[SuggestionDecision] {
        &self.suggestions
    }

    pub(crate) fn push_suggestion_decision(&mut self, decision: SuggestionDecision) {
        self.suggestions.push(decision);
    }

    pub(crate) fn pop_suggestion_decision(&mut self) -> Option<SuggestionDecision> {
        self.suggestions.pop()
    }

    pub(crate) fn insert_conflict(&mut self, conflict: Conflict) -> Result<(), ProjectError> {
        let position = self.conflicts.partition_point(|c| c.id < conflict.id);
        if self.conflicts.get(position).is_some_and(|c| c.id == conflict.id) {
            return Err(ProjectError::DuplicateId(conflict.id));
        }
        self.changed();
        self.conflicts.insert(position, conflict);
        Ok(())
    }

    pub(crate) fn remove_conflict(&mut self, conflict_id: &str) -> Result<Conflict, ProjectError> {
        let position = self
            .conflicts
            .iter()
            .position(|c| c.id == conflict_id)
            .ok_or_else(|| ProjectError::BadField(format!("there is no conflict {conflict_id}")))?;
        self.changed();
        Ok(self.conflicts.remove(position))
    }

    pub fn links(&self) -> &[Link] {
        &self.links
    }

    /// The links from or to an annotation.
    pub fn links_of<'a>(&'a self, annotation_id: &'a AnnotationId) -> impl Iterator<Item = &'a Link> {
        self.links.iter().filter(move |link| link.touches(annotation_id))
    }

    /// The annotations of one document, in text order.
    pub fn annotations_of(&self, doc_id: &DocId) -> &[Annotation] {
        &self.annotations[self.positions_of(doc_id)]
    }

    /// Whether looking documents and annotations up by id finds each where it is, and nothing
    /// else (the invariant of [`Project::positions`]), and the span index is as if built afresh:
    /// for tests.
    #[doc(hidden)]
    pub fn lookups_agree(&self) -> bool {
        let documents = self
            .documents
            .iter()
            .enumerate()
            .all(|(i, d)| self.positions.documents.get(&d.id) == Some(&i));
        let annotations = self
            .annotations
            .iter()
            .enumerate()
            .all(|(i, a)| self.annotation_position(&a.id) == Some(i));
        documents
            && annotations
            && self.positions.documents.len() == self.documents.len()
            && self.positions.annotations.len() == self.annotations.len()
            && self.spans.0.agrees_with(&self.annotations)
            && self.search_keys.agree_with(&self.annotations)
            && self
                .filter_index
                .0
                .get()
                .is_none_or(|index| *index == FilterIndex::build(self))
    }

    /// Where one document's annotations lie in [`Project::annotations`].
    pub fn positions_of(&self, doc_id: &DocId) -> std::ops::Range<usize> {
        let first = self.annotations.partition_point(|a| &a.document < doc_id);
        let end = self.annotations.partition_point(|a| &a.document <= doc_id);
        first..end
    }

    /// Where the placed annotations of `doc_id` that overlap `range` lie in
    /// [`Project::annotations`], in text order. An empty `range` asks for the character at its start.
    pub fn overlapping(&self, doc_id: &DocId, range: CharRange) -> Vec<usize> {
        self.spans
            .0
            .overlapping(&self.annotations, self.positions_of(doc_id), range)
    }

    /// Whether a placed annotation with `label_id` overlaps `range` of `doc_id`.
    pub fn is_labelled(&self, doc_id: &DocId, range: CharRange, label_id: &LabelId) -> bool {
        self.overlapping(doc_id, range)
            .into_iter()
            .any(|i| &self.annotations[i].label == label_id)
    }

    /// The folded quote and note of each annotation, in the order of [`Project::annotations`].
    pub(crate) fn search_keys(&self) -> &[String] {
        self.search_keys.get(&self.annotations)
    }

    pub(crate) fn filter_index(&self) -> &FilterIndex {
        self.filter_index.0.get_or_init(|| FilterIndex::build(self))
    }

    /// Forgets derived data after a change.
    fn changed(&mut self) {
        self.filter_index = Cached::default();
    }

    /// Updates the filter index in place, if it is built, after a change to one annotation.
    fn update_filter_index(&mut self, update: impl FnOnce(&mut FilterIndex, &Project)) {
        if let Some(mut index) = self.filter_index.0.take() {
            update(&mut index, self);
            let _ = self.filter_index.0.set(index);
        }
    }

    /// Rebuilds what is kept beside the annotations after a change to many of them.
    fn changed_many(&mut self) {
        self.spans.0 = SpanReach::build(&self.annotations);
    }

    /// How many annotations carry `label_id`.
    /// How many annotations were placed approximately and wait for the user's review.
    pub fn count_needing_review(&self) -> usize {
        self.filter_index().count_needs_review()
    }

    pub fn count_with_label(&self, label_id: &LabelId) -> usize {
        let Some(position) = self.label_position(label_id) else {
            return 0;
        };
        self.filter_index().count_label(position)
    }

    // ----- changing (through edits only) -----

    pub(crate) fn insert_label(&mut self, position: usize, label: Label) -> Result<(), ProjectError> {
        self.changed();
        if position > self.labels.len() {
            return Err(ProjectError::BadPosition(position));
        }
        if self.label(&label.id).is_some() {
            return Err(ProjectError::DuplicateId(label.id.to_string()));
        }
        self.check_hotkey(&label)?;
        self.labels.insert(position, label);
        Ok(())
    }

    /// Removes a label that no annotation uses; returns it with its position.
    pub(crate) fn remove_label(&mut self, label_id: &LabelId) -> Result<(usize, Label), ProjectError> {
        let position = self
            .label_position(label_id)
            .ok_or_else(|| ProjectError::UnknownLabel(label_id.clone()))?;
        if self.count_with_label(label_id) > 0 {
            return Err(ProjectError::LabelInUse(label_id.clone()));
        }
        // Only now: counting built the index, with the label still in place.
        self.changed();
        Ok((position, self.labels.remove(position)))
    }

    /// Replaces the label with the same id; returns the old one.
    pub(crate) fn replace_label(&mut self, label: Label) -> Result<Label, ProjectError> {
        self.changed();
        let position = self
            .label_position(&label.id)
            .ok_or_else(|| ProjectError::UnknownLabel(label.id.clone()))?;
        self.check_hotkey(&label)?;
        Ok(std::mem::replace(&mut self.labels[position], label))
    }

    /// Moves a label to `position`; returns its old position.
    pub(crate) fn move_label(&mut self, label_id: &LabelId, position: usize) -> Result<usize, ProjectError> {
        self.changed();
        let old = self
            .label_position(label_id)
            .ok_or_else(|| ProjectError::UnknownLabel(label_id.clone()))?;
        if position >= self.labels.len() {
            return Err(ProjectError::BadPosition(position));
        }
        let label = self.labels.remove(old);
        self.labels.insert(position, label);
        Ok(old)
    }

    pub(crate) fn insert_document(
        &mut self,
        position: usize,
        document: Document,
    ) -> Result<(), ProjectError> {
        if position > self.documents.len() {
            return Err(ProjectError::BadPosition(position));
        }
        if self.document(&document.id).is_some() {
            return Err(ProjectError::DuplicateId(document.id.to_string()));
        }
        self.documents.insert(position, document);
        self.positions.place_documents(&self.documents, position);
        Ok(())
    }

    /// Removes a document that has no annotations; returns it with its position.
    /// Puts `document` in the place of the one with its id; returns the one it replaced.
    pub(crate) fn replace_document(&mut self, document: Document) -> Result<Document, ProjectError> {
        self.changed();
        let slot = self.document_mut(&document.id)?;
        Ok(std::mem::replace(slot, document))
    }

    pub(crate) fn remove_document(&mut self, doc_id: &DocId) -> Result<(usize, Document), ProjectError> {
        let position = *self
            .positions
            .documents
            .get(doc_id)
            .ok_or_else(|| ProjectError::UnknownDocument(doc_id.clone()))?;
        if !self.annotations_of(doc_id).is_empty() {
            return Err(ProjectError::DocumentInUse(doc_id.clone()));
        }
        let document = self.documents.remove(position);
        self.positions.documents.remove(doc_id);
        self.positions.place_documents(&self.documents, position);
        Ok((position, document))
    }

    /// Puts `note` among the document's notes at `position`.
    pub(crate) fn insert_doc_note(
        &mut self,
        doc_id: &DocId,
        position: usize,
        note: DocNote,
    ) -> Result<(), ProjectError> {
        let notes = &mut self.document_mut(doc_id)?.notes;
        if position > notes.len() {
            return Err(ProjectError::BadPosition(position));
        }
        notes.insert(position, note);
        Ok(())
    }

    /// Takes the document's note at `position` out.
    pub(crate) fn remove_doc_note(
        &mut self,
        doc_id: &DocId,
        position: usize,
    ) -> Result<DocNote, ProjectError> {
        let notes = &mut self.document_mut(doc_id)?.notes;
        if position >= notes.len() {
            return Err(ProjectError::BadPosition(position));
        }
        Ok(notes.remove(position))
    }

    /// Sets a document's reading direction and returns the one it had.
    pub(crate) fn set_direction(
        &mut self,
        doc_id: &DocId,
        direction: super::Direction,
    ) -> Result<super::Direction, ProjectError> {
        let document = self.document_mut(doc_id)?;
        Ok(std::mem::replace(&mut document.direction, direction))
    }

    fn document_mut(&mut self, doc_id: &DocId) -> Result<&mut Document, ProjectError> {
        match self.positions.documents.get(doc_id) {
            Some(&position) => Ok(&mut self.documents[position]),
            None => Err(ProjectError::UnknownDocument(doc_id.clone())),
        }
    }

    pub(crate) fn insert_annotation(&mut self, annotation: Annotation) -> Result<(), ProjectError> {
        if self.positions.annotations.contains_key(&annotation.id) {
            return Err(ProjectError::DuplicateId(annotation.id.to_string()));
        }
        self.check_references(&annotation)?;
        if !annotation.orphaned {
            self.check_range(&annotation.document, annotation.range())?;
        }
        let position = self
            .annotations
            .partition_point(|a| a.sort_key() < annotation.sort_key());
        if let Some(keys) = self.search_keys.made() {
            keys.insert(position, search_key(&annotation));
        }
        self.positions.place_annotation(&annotation);
        self.annotations.insert(position, annotation);
        self.spans.0.inserted(&self.annotations, position);
        self.update_filter_index(|index, project| index.inserted(project, position));
        Ok(())
    }

    /// Inserts many annotations at once, as inserting them one by one in order would (the same
    /// error for the first one that fails, and then nothing inserted): ids are checked with a hash
    /// set, and the sorted new annotations merged with the old in one pass.
    pub(crate) fn insert_annotations(&mut self, annotations: Vec<Annotation>) -> Result<(), ProjectError> {
        self.changed();
        let mut seen: HashSet<&AnnotationId> = HashSet::with_capacity(annotations.len());
        let repeated: Vec<bool> = annotations.iter().map(|a| !seen.insert(&a.id)).collect();
        // Many are checked on all cores (the first problem in order is the one reported); one
        // new annotation is not worth waking threads for.
        let project = &*self;
        let problem_of = |(annotation, repeated): (&Annotation, bool)| {
            if repeated || project.positions.annotations.contains_key(&annotation.id) {
                return Some(ProjectError::DuplicateId(annotation.id.to_string()));
            }
            let range =
                (!annotation.orphaned).then(|| project.check_range(&annotation.document, annotation.range()));
            project
                .check_references(annotation)
                .and(range.unwrap_or(Ok(())))
                .err()
        };
        let many = annotations.len() >= PARALLEL_FROM;
        let problem = if many {
            annotations.par_iter().zip(repeated).find_map_first(problem_of)
        } else {
            annotations.iter().zip(repeated).find_map(problem_of)
        };
        if let Some(problem) = problem {
            return Err(problem);
        }
        for annotation in &annotations {
            self.positions.place_annotation(annotation);
        }
        // Keys for the new ones only where the old ones have theirs (the app, once filtered).
        let mut new_keys = self.search_keys.made().is_some().then(|| {
            if many {
                annotations.par_iter().map(search_key).collect::<Vec<_>>()
            } else {
                annotations.iter().map(search_key).collect()
            }
        });
        let mut new = annotations;
        sort_with_keys(&mut new, new_keys.as_deref_mut());
        let old = std::mem::take(&mut self.annotations);
        let take_new = merge_order(&old, &new);
        self.annotations = merge_by(old, new, &take_new);
        if let (Some(keys), Some(new_keys)) = (self.search_keys.made(), new_keys) {
            *keys = merge_by(std::mem::take(keys), new_keys, &take_new);
        }
        self.changed_many();
        Ok(())
    }

    /// Removes many annotations at once, as removing them one by one in order would (the same
    /// error for the first one that fails, and then nothing removed); returns them in the order of
    /// `ids`. Linked annotations are refused, as [`Project::remove_annotation`] refuses them.
    pub(crate) fn remove_annotations(
        &mut self,
        ids: &[AnnotationId],
    ) -> Result<Vec<Annotation>, ProjectError> {
        self.changed();
        let linked: HashSet<&AnnotationId> = self.links.iter().flat_map(|l| [&l.from, &l.to]).collect();
        // Each id's first place in `ids`, then where each annotation to remove lies.
        let mut wanted: HashMap<&AnnotationId, usize> = HashMap::with_capacity(ids.len());
        for (k, id) in ids.iter().enumerate().rev() {
            wanted.insert(id, k);
        }
        const KEPT: usize = usize::MAX;
        let slots: Vec<usize> = self
            .annotations
            .iter()
            .map(|a| wanted.get(&a.id).copied().unwrap_or(KEPT))
            .collect();
        let mut present = vec![false; ids.len()];
        for &k in slots.iter().filter(|&&k| k != KEPT) {
            present[k] = true;
        }
        for (k, id) in ids.iter().enumerate() {
            if linked.contains(id) {
                return Err(ProjectError::AnnotationLinked(id.clone()));
            }
            // A repeated id fails like a second removal of it: it is no longer there.
            if !present[k] || wanted[id] != k {
                return Err(ProjectError::UnknownAnnotation(id.clone()));
            }
        }
        let mut removed: Vec<Option<Annotation>> = vec![None; ids.len()];
        let kept = self.annotations.len() - ids.len();
        let old_annotations = std::mem::replace(&mut self.annotations, Vec::with_capacity(kept));
        for (annotation, &k) in old_annotations.into_iter().zip(&slots) {
            if k == KEPT {
                self.annotations.push(annotation);
            } else {
                self.positions.annotations.remove(&annotation.id);
                removed[k] = Some(annotation);
            }
        }
        if let Some(keys) = self.search_keys.made() {
            *keys = keep_by(std::mem::take(keys), |i| slots[i] == KEPT);
        }
        self.changed_many();
        Ok(removed.into_iter().flatten().collect())
    }

    pub(crate) fn remove_annotation(
        &mut self,
        annotation_id: &AnnotationId,
    ) -> Result<Annotation, ProjectError> {
        if self.links_of(annotation_id).next().is_some() {
            return Err(ProjectError::AnnotationLinked(annotation_id.clone()));
        }
        let position = self
            .annotation_position(annotation_id)
            .ok_or_else(|| ProjectError::UnknownAnnotation(annotation_id.clone()))?;
        if let Some(keys) = self.search_keys.made() {
            keys.remove(position);
        }
        self.positions.annotations.remove(annotation_id);
        let removed = self.annotations.remove(position);
        self.spans.0.removed(&self.annotations, position);
        self.update_filter_index(|index, _| index.removed(position));
        Ok(removed)
    }

    /// Replaces the annotation with the same id (its range and document stay); returns the old one.
    pub(crate) fn replace_annotation(&mut self, annotation: Annotation) -> Result<Annotation, ProjectError> {
        let position = self
            .annotation_position(&annotation.id)
            .ok_or_else(|| ProjectError::UnknownAnnotation(annotation.id.clone()))?;
        self.check_references(&annotation)?;
        let old = &self.annotations[position];
        if old.sort_key() != annotation.sort_key() {
            // A move changes the sort position: remove and insert keeps the order invariant.
            // Its links stay: they name the id, which does not change.
            if let Some(keys) = self.search_keys.made() {
                keys.remove(position);
            }
            let old = self.annotations.remove(position);
            self.spans.0.removed(&self.annotations, position);
            self.update_filter_index(|index, _| index.removed(position));
            self.positions.annotations.remove(&old.id);
            if let Err(error) = self.insert_annotation(annotation) {
                self.insert_annotation(old.clone())?;
                return Err(error);
            }
            return Ok(old);
        }
        if let Some(keys) = self.search_keys.made() {
            keys[position] = search_key(&annotation);
        }
        let old = std::mem::replace(&mut self.annotations[position], annotation);
        self.spans.0.replaced(&self.annotations, position);
        self.update_filter_index(|index, project| {
            index.removed(position);
            index.inserted(project, position);
        });
        Ok(old)
    }

    /// Replaces many annotations (same ids) in one pass, as [`Self::replace_annotation`] does
    /// one; returns the old ones in the project's order (replacing with them restores the
    /// project, whatever their order). Nothing changes on an error.
    pub(crate) fn replace_annotations(
        &mut self,
        annotations: Vec<Annotation>,
    ) -> Result<Vec<Annotation>, ProjectError> {
        let wanted: HashSet<&AnnotationId> = annotations.iter().map(|a| &a.id).collect();
        if wanted.len() < annotations.len() {
            let mut seen = HashSet::new();
            let repeated = annotations
                .iter()
                .find(|a| !seen.insert(&a.id))
                .expect("a repeated id");
            return Err(ProjectError::DuplicateId(repeated.id.to_string()));
        }
        for annotation in &annotations {
            if !self.positions.annotations.contains_key(&annotation.id) {
                return Err(ProjectError::UnknownAnnotation(annotation.id.clone()));
            }
            self.check_references(annotation)?;
            if !annotation.orphaned {
                self.check_range(&annotation.document, annotation.range())?;
            }
        }
        self.changed();
        // Every list gets its final size at once: a reimport replaces 100 000 annotations.
        let kept = self.annotations.len() - annotations.len();
        let mut old = Vec::with_capacity(annotations.len());
        let replaced: Vec<bool> = self.annotations.iter().map(|a| wanted.contains(&a.id)).collect();
        drop(wanted);
        let before = std::mem::replace(&mut self.annotations, Vec::with_capacity(kept));
        for (annotation, &out) in before.into_iter().zip(&replaced) {
            if out {
                self.positions.annotations.remove(&annotation.id);
                old.push(annotation);
            } else {
                self.annotations.push(annotation);
            }
        }
        if let Some(keys) = self.search_keys.made() {
            *keys = keep_by(std::mem::take(keys), |i| !replaced[i]);
        }
        self.insert_annotations(annotations)?;
        Ok(old)
    }

    pub(crate) fn insert_link(&mut self, link: Link) -> Result<(), ProjectError> {
        self.changed();
        let position = self.links.partition_point(|l| l.id < link.id);
        if self.links.get(position).is_some_and(|l| l.id == link.id) {
            return Err(ProjectError::DuplicateId(link.id.to_string()));
        }
        for end in [&link.from, &link.to] {
            if self.annotation(end).is_none() {
                return Err(ProjectError::UnknownAnnotation(end.clone()));
            }
        }
        if link.from == link.to {
            return Err(ProjectError::BadLink(
                "an annotation cannot be linked to itself".into(),
            ));
        }
        if link.kind.trim().is_empty() {
            return Err(ProjectError::BadLink("a link needs a type".into()));
        }
        let repeated = self
            .links
            .iter()
            .any(|l| (&l.from, &l.to, &l.kind) == (&link.from, &link.to, &link.kind));
        if repeated {
            return Err(ProjectError::BadLink(format!(
                "{} is already {} {}",
                link.from, link.kind, link.to
            )));
        }
        self.links.insert(position, link);
        Ok(())
    }

    pub(crate) fn remove_link(&mut self, link_id: &LinkId) -> Result<Link, ProjectError> {
        self.changed();
        let position = self
            .links
            .binary_search_by(|l| l.id.cmp(link_id))
            .map_err(|_| ProjectError::UnknownLink(link_id.clone()))?;
        Ok(self.links.remove(position))
    }

    /// Checks a field value against the annotation's label and the rating scale.
    pub fn check_field(&self, annotation: &Annotation, key: &str, value: &str) -> Result<(), ProjectError> {
        let label = self
            .label(&annotation.label)
            .ok_or_else(|| ProjectError::UnknownLabel(annotation.label.clone()))?;
        let field = label.fields.iter().find(|f| f.key == key).ok_or_else(|| {
            let keys: Vec<&str> = label.fields.iter().map(|f| f.key.as_str()).collect();
            ProjectError::BadField(format!(
                "label {} has no field {key:?} (its fields: {})",
                label.name,
                if keys.is_empty() {
                    "none".to_owned()
                } else {
                    keys.join(", ")
                }
            ))
        })?;
        field
            .check(value, &self.settings.rating_scale)
            .map_err(ProjectError::BadField)
    }

    // ----- checks -----

    fn check_hotkey(&self, label: &Label) -> Result<(), ProjectError> {
        let Some(hotkey) = &label.hotkey else {
            return Ok(());
        };
        match self.label_by_hotkey(hotkey) {
            Some(other) if other.id != label.id => Err(ProjectError::HotkeyTaken {
                hotkey: hotkey.clone(),
                label: other.id.clone(),
            }),
            _ => Ok(()),
        }
    }

    fn check_references(&self, annotation: &Annotation) -> Result<(), ProjectError> {
        if self.document(&annotation.document).is_none() {
            return Err(ProjectError::UnknownDocument(annotation.document.clone()));
        }
        if self.label(&annotation.label).is_none() {
            return Err(ProjectError::UnknownLabel(annotation.label.clone()));
        }
        Ok(())
    }

    /// A non-empty range within the document's text.
    pub fn check_range(&self, doc_id: &DocId, range: CharRange) -> Result<(), ProjectError> {
        let document = self
            .document(doc_id)
            .ok_or_else(|| ProjectError::UnknownDocument(doc_id.clone()))?;
        let len = document.text.char_len();
        if range.is_empty() || range.end > len {
            return Err(ProjectError::BadRange { range, len });
        }
        Ok(())
    }

    /// Checks an annotation's range against its quote, moving or orphaning it when they disagree.
    fn anchor(&self, annotation: &mut Annotation) -> Option<AnchorReport> {
        let text = &self.document(&annotation.document)?.text;
        let stored = annotation.range();
        let anchoring = anchor::reanchor(text, stored, &annotation.quote);
        let was_orphaned = annotation.orphaned;
        anchor::settle(annotation, text, anchoring);
        let quiet = anchoring == Anchoring::Intact || (was_orphaned && anchoring == Anchoring::Orphaned);
        (!quiet).then(|| AnchorReport {
            annotation_id: annotation.id.clone(),
            stored,
            anchoring,
        })
    }
}

/// Puts the annotations in sort order, each search key (if given) staying beside its annotation.
/// Files list their spans in order more often than not: checking is one pass. Otherwise the
/// order is found on indices and applied in place, one cycle of the permutation at a time: no
/// annotation is moved into a new list (100 000 of them are 30 MB).
fn sort_with_keys(annotations: &mut [Annotation], mut keys: Option<&mut [String]>) {
    if annotations.is_sorted_by(|a, b| a.sort_key() <= b.sort_key()) {
        return;
    }
    // `order[k]` is where the annotation that belongs at `k` is now.
    let mut order: Vec<usize> = (0..annotations.len()).collect();
    order.sort_by(|&a, &b| annotations[a].sort_key().cmp(&annotations[b].sort_key()));
    for start in 0..order.len() {
        let mut place = start;
        loop {
            let from = std::mem::replace(&mut order[place], place);
            if from == start {
                break;
            }
            annotations.swap(place, from);
            if let Some(keys) = keys.as_deref_mut() {
                keys.swap(place, from);
            }
            place = from;
        }
    }
}

/// Where each item of the merge of two sorted lists of annotations comes from: `true` for `new`.
fn merge_order(old: &[Annotation], new: &[Annotation]) -> Vec<bool> {
    let mut take_new = Vec::with_capacity(old.len() + new.len());
    let mut old = old.iter().peekable();
    for annotation in new {
        while old
            .next_if(|before| before.sort_key() < annotation.sort_key())
            .is_some()
        {
            take_new.push(false);
        }
        take_new.push(true);
    }
    take_new.extend(old.map(|_| false));
    take_new
}
