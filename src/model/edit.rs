//! Every change to a project as a value: applying an [`Edit`] returns the edit that undoes it.
//!
//! The UI and the command line build edits; only [`Edit::apply`] changes a [`Project`]. An edit
//! that fails leaves the project exactly as it was (a batch rolls back the steps it had applied).

use std::collections::HashSet;

use jiff::Timestamp;

use super::annotation::Annotation;
use super::conflict::Conflict;
use super::curation::{Curation, Decision, VersionKey};
use super::document::{Direction, DocNote, Document};
use super::fields::Settings;
use super::ids::{AnnotationId, DocId, LabelId, LinkId};
use super::label::Label;
use super::link::Link;
use super::project::{Project, ProjectError};
use super::suggest::decisions::SuggestionDecision;

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    AddAnnotation(Annotation),
    RemoveAnnotation(AnnotationId),
    /// Many annotations at once (an import): one list rather than an edit each, so that 100 000
    /// of them take no more room than themselves and go into the project in one pass. Undone by
    /// [`Edit::RemoveAnnotations`].
    AddAnnotations(Vec<Annotation>),
    /// Removes many unlinked annotations at once: the inverse of [`Edit::AddAnnotations`].
    RemoveAnnotations(Vec<AnnotationId>),
    SetLabel {
        annotation_id: AnnotationId,
        label_id: LabelId,
        modified: Timestamp,
    },
    SetNote {
        annotation_id: AnnotationId,
        note: String,
        modified: Timestamp,
    },
    /// Sets (or, with `None`, clears) one of the annotation's label fields.
    SetField {
        annotation_id: AnnotationId,
        key: String,
        value: Option<String>,
        modified: Timestamp,
    },
    /// Puts a field value back as it was: the inverse of [`Edit::SetField`]. It is not checked
    /// against the label, because the value held a moment ago even where the label's fields or
    /// the rating scale no longer allow it (an annotation relabelled, a scale changed).
    RestoreField {
        annotation_id: AnnotationId,
        key: String,
        value: Option<String>,
        modified: Timestamp,
    },
    AddLink(Link),
    RemoveLink(LinkId),
    SetSettings(Settings),
    AddLabel {
        position: usize,
        label: Label,
    },
    /// Replaces the label with the same id: rename, recolour, new hotkey or description.
    UpdateLabel(Label),
    MoveLabel {
        label_id: LabelId,
        position: usize,
    },
    /// Deletes a label. Its annotations are relabelled to `reassign_to`, or deleted with it.
    RemoveLabel {
        label_id: LabelId,
        reassign_to: Option<LabelId>,
    },
    AddDocument {
        position: usize,
        document: Document,
    },
    /// Deletes a document with its annotations.
    RemoveDocument(DocId),
    /// Replaces a document (same id, same place) and then annotations (same ids) carried over
    /// to its new text: a re-import, or a merge bringing a corrected text. Links stay untouched.
    Revise {
        document: Box<Document>,
        annotations: Vec<Annotation>,
    },
    /// Re-places one annotation: range, quote, orphaned and review state together (accepting a
    /// placement, sending it to the orphans, putting an orphan back by hand).
    SetAnchor(Box<Annotation>),
    /// Puts a note on a whole document (a Hypothesis page note) at `position` among its notes.
    AddDocNote {
        doc_id: DocId,
        position: usize,
        note: DocNote,
    },
    RemoveDocNote {
        doc_id: DocId,
        position: usize,
    },
    /// Sets the reading direction of a document's paragraphs (auto, left to right, right to left).
    SetDirection {
        doc_id: DocId,
        direction: Direction,
    },
    /// Puts a whole project in place of this one (a merge in the app), so undo gives the old one
    /// back exactly.
    ReplaceProject(Box<Project>),
    /// Records a conflict a merge left (the inverse of resolving one).
    AddConflict(Box<Conflict>),
    /// Drops a conflict record, once its value is settled.
    RemoveConflict(String),
    /// Makes the project a gold copy with this curation record (or an ordinary project again).
    SetCuration(Option<Box<Curation>>),
    /// Records, or with `None` forgets, the curator's decision about one version.
    Decide {
        version: VersionKey,
        decision: Option<Decision>,
    },
    /// Records a decision on a suggestion (after every earlier one).
    RecordSuggestion(Box<SuggestionDecision>),
    /// Forgets the latest decision on a suggestion: the inverse of [`Edit::RecordSuggestion`].
    ForgetLastSuggestion,
    /// Several edits applied in order, undone as one.
    Batch(Vec<Edit>),
}

impl Edit {
    /// Applies the edit and returns its inverse; on error the project is unchanged.
    pub fn apply(self, project: &mut Project) -> Result<Edit, ProjectError> {
        match self {
            Edit::AddAnnotation(annotation) => {
                let annotation_id = annotation.id.clone();
                project.insert_annotation(annotation)?;
                Ok(Edit::RemoveAnnotation(annotation_id))
            }
            Edit::RemoveAnnotation(annotation_id) => remove_annotation(project, annotation_id),
            Edit::AddAnnotations(annotations) => {
                let ids = annotations.iter().map(|a| a.id.clone()).collect();
                project.insert_annotations(annotations)?;
                Ok(Edit::RemoveAnnotations(ids))
            }
            Edit::RemoveAnnotations(ids) => project.remove_annotations(&ids).map(Edit::AddAnnotations),
            Edit::SetLabel {
                annotation_id,
                label_id,
                modified,
            } => {
                let old = update(project, &annotation_id, |a| {
                    a.label = label_id;
                    a.modified = modified;
                })?;
                Ok(Edit::SetLabel {
                    annotation_id,
                    label_id: old.label,
                    modified: old.modified,
                })
            }
            Edit::SetNote {
                annotation_id,
                note,
                modified,
            } => {
                let old = update(project, &annotation_id, |a| {
                    a.note = note;
                    a.modified = modified;
                })?;
                Ok(Edit::SetNote {
                    annotation_id,
                    note: old.note,
                    modified: old.modified,
                })
            }
            Edit::SetField {
                annotation_id,
                key,
                value,
                modified,
            } => set_field(project, annotation_id, key, value, modified, true),
            Edit::RestoreField {
                annotation_id,
                key,
                value,
                modified,
            } => set_field(project, annotation_id, key, value, modified, false),
            Edit::AddLink(link) => {
                let link_id = link.id.clone();
                project.insert_link(link)?;
                Ok(Edit::RemoveLink(link_id))
            }
            Edit::RemoveLink(link_id) => project.remove_link(&link_id).map(Edit::AddLink),
            Edit::SetSettings(settings) => Ok(Edit::SetSettings(std::mem::replace(
                &mut project.settings,
                settings,
            ))),
            Edit::AddLabel { position, label } => {
                let label_id = label.id.clone();
                project.insert_label(position, label)?;
                Ok(Edit::RemoveLabel {
                    label_id,
                    reassign_to: None,
                })
            }
            Edit::UpdateLabel(label) => project.replace_label(label).map(Edit::UpdateLabel),
            Edit::MoveLabel { label_id, position } => {
                let old = project.move_label(&label_id, position)?;
                Ok(Edit::MoveLabel {
                    label_id,
                    position: old,
                })
            }
            Edit::RemoveLabel {
                label_id,
                reassign_to,
            } => remove_label(project, label_id, reassign_to),
            Edit::AddDocument { position, document } => {
                let doc_id = document.id.clone();
                project.insert_document(position, document)?;
                Ok(Edit::RemoveDocument(doc_id))
            }
            Edit::RemoveDocument(doc_id) => remove_document(project, doc_id),
            Edit::Revise {
                document,
                annotations,
            } => revise(project, *document, annotations),
            Edit::SetAnchor(annotation) => set_anchor(project, *annotation),
            Edit::AddDocNote {
                doc_id,
                position,
                note,
            } => {
                project.insert_doc_note(&doc_id, position, note)?;
                Ok(Edit::RemoveDocNote { doc_id, position })
            }
            Edit::RemoveDocNote { doc_id, position } => {
                let note = project.remove_doc_note(&doc_id, position)?;
                Ok(Edit::AddDocNote {
                    doc_id,
                    position,
                    note,
                })
            }
            Edit::SetDirection { doc_id, direction } => {
                let old = project.set_direction(&doc_id, direction)?;
                Ok(Edit::SetDirection {
                    doc_id,
                    direction: old,
                })
            }
            Edit::ReplaceProject(replacement) => Ok(Edit::ReplaceProject(Box::new(std::mem::replace(
                project,
                *replacement,
            )))),
            Edit::AddConflict(conflict) => {
                let conflict_id = conflict.id.clone();
                project.insert_conflict(*conflict)?;
                Ok(Edit::RemoveConflict(conflict_id))
            }
            Edit::RemoveConflict(conflict_id) => project
                .remove_conflict(&conflict_id)
                .map(|conflict| Edit::AddConflict(Box::new(conflict))),
            Edit::SetCuration(curation) => Ok(Edit::SetCuration(
                project.set_curation(curation.map(|c| *c)).map(Box::new),
            )),
            Edit::Decide { version, decision } => {
                let previous = project.decide(version.clone(), decision)?;
                Ok(Edit::Decide {
                    version,
                    decision: previous,
                })
            }
            Edit::RecordSuggestion(decision) => {
                project.push_suggestion_decision(*decision);
                Ok(Edit::ForgetLastSuggestion)
            }
            Edit::ForgetLastSuggestion => project
                .pop_suggestion_decision()
                .map(|d| Edit::RecordSuggestion(Box::new(d)))
                .ok_or_else(|| {
                    ProjectError::BadField("there is no decision on a suggestion to forget".into())
                }),
            Edit::Batch(edits) => apply_batch(project, edits),
        }
    }

    /// A short description for menus and messages ("Undo Edit note").
    pub fn describe(&self) -> String {
        match self {
            Edit::AddAnnotation(_) => "Add annotation".into(),
            Edit::RemoveAnnotation(_) => "Delete annotation".into(),
            Edit::AddAnnotations(annotations) => format!("Add {} annotation(s)", annotations.len()),
            Edit::RemoveAnnotations(ids) => format!("Delete {} annotation(s)", ids.len()),
            Edit::SetLabel { .. } => "Change label".into(),
            Edit::SetNote { .. } => "Edit note".into(),
            Edit::SetField { key, .. } | Edit::RestoreField { key, .. } => format!("Set {key}"),
            Edit::AddLink(link) => format!("Link ({})", link.kind),
            Edit::RemoveLink(_) => "Remove link".into(),
            Edit::SetSettings(_) => "Change project settings".into(),
            Edit::AddLabel { .. } => "Add label".into(),
            Edit::UpdateLabel(_) => "Change label settings".into(),
            Edit::MoveLabel { .. } => "Reorder labels".into(),
            Edit::RemoveLabel { .. } => "Delete label".into(),
            Edit::AddDocument { .. } => "Add document".into(),
            Edit::RemoveDocument(_) => "Remove document".into(),
            Edit::Revise { .. } => "Replace the text".into(),
            Edit::SetAnchor(annotation) if annotation.orphaned => "Mark orphaned".into(),
            Edit::SetAnchor(annotation) if annotation.review.is_some() => "Place for review".into(),
            Edit::SetAnchor(_) => "Place annotation".into(),
            Edit::AddDocNote { .. } => "Add note on document".into(),
            Edit::RemoveDocNote { .. } => "Remove note on document".into(),
            Edit::SetDirection { direction, .. } => format!("Text direction: {}", direction.name()),
            Edit::ReplaceProject(_) => "Merge".into(),
            Edit::AddConflict(_) => "Record conflict".into(),
            Edit::RemoveConflict(_) => "Resolve conflict".into(),
            Edit::SetCuration(_) => "Start curation".into(),
            Edit::RecordSuggestion(d) if d.accepted => "Accept suggestion".into(),
            Edit::RecordSuggestion(_) => "Reject suggestion".into(),
            Edit::ForgetLastSuggestion => "Forget suggestion decision".into(),
            Edit::Decide { decision: None, .. } => "Reopen version".into(),
            Edit::Decide {
                decision: Some(d), ..
            } if d.accepted => "Accept version".into(),
            Edit::Decide { .. } => "Reject version".into(),
            Edit::Batch(edits) => match edits.as_slice() {
                [only] => only.describe(),
                [Edit::SetCuration(_), ..] => "Curate".into(),
                // Accepting or rejecting a version: the annotation it adds or removes goes with it.
                [_, decide @ Edit::Decide { .. }] => decide.describe(),
                [Edit::AddAnnotation(_), record @ Edit::RecordSuggestion(_)] => record.describe(),
                [.., Edit::RecordSuggestion(_)] => format!("Accept {} suggestions", edits.len() / 2),
                _ => format!("{} changes", edits.iter().map(Edit::changes).sum::<usize>()),
            },
        }
    }

    /// How many changes the edit makes, as the user counts them: one per annotation added or
    /// removed.
    fn changes(&self) -> usize {
        match self {
            Edit::AddAnnotations(annotations) => annotations.len(),
            Edit::RemoveAnnotations(ids) => ids.len(),
            Edit::Batch(edits) => edits.iter().map(Edit::changes).sum(),
            _ => 1,
        }
    }
}

/// Changes an annotation in place; returns the annotation as it was.
fn update(
    project: &mut Project,
    annotation_id: &AnnotationId,
    change: impl FnOnce(&mut Annotation),
) -> Result<Annotation, ProjectError> {
    let mut annotation = project
        .annotation(annotation_id)
        .cloned()
        .ok_or_else(|| ProjectError::UnknownAnnotation(annotation_id.clone()))?;
    change(&mut annotation);
    project.replace_annotation(annotation)
}

/// Removes an annotation with the links from or to it, so a link never points at nothing.
fn remove_annotation(project: &mut Project, annotation_id: AnnotationId) -> Result<Edit, ProjectError> {
    let mut steps: Vec<Edit> = project
        .links_of(&annotation_id)
        .map(|link| Edit::RemoveLink(link.id.clone()))
        .collect();
    if steps.is_empty() {
        return project.remove_annotation(&annotation_id).map(Edit::AddAnnotation);
    }
    steps.push(Edit::RemoveAnnotation(annotation_id));
    apply_batch(project, steps)
}

fn set_field(
    project: &mut Project,
    annotation_id: AnnotationId,
    key: String,
    value: Option<String>,
    modified: Timestamp,
    check: bool,
) -> Result<Edit, ProjectError> {
    if let Some(value) = value.as_ref().filter(|_| check) {
        let annotation = project
            .annotation(&annotation_id)
            .ok_or_else(|| ProjectError::UnknownAnnotation(annotation_id.clone()))?;
        project.check_field(annotation, &key, value)?;
    }
    let old = update(project, &annotation_id, |a| {
        match &value {
            Some(value) => a.fields.insert(key.clone(), value.clone()),
            None => a.fields.remove(&key),
        };
        a.modified = modified;
    })?;
    Ok(Edit::RestoreField {
        value: old.fields.get(&key).cloned(),
        annotation_id,
        key,
        modified: old.modified,
    })
}

fn remove_label(
    project: &mut Project,
    label_id: LabelId,
    reassign_to: Option<LabelId>,
) -> Result<Edit, ProjectError> {
    if reassign_to.as_ref() == Some(&label_id) {
        return Err(ProjectError::LabelInUse(label_id));
    }
    let mut steps: Vec<Edit> = project
        .annotations()
        .iter()
        .filter(|a| a.label == label_id)
        .map(|a| match &reassign_to {
            // Relabelling keeps the annotation's modified time: it is a bulk change of the label set.
            Some(target) => Edit::SetLabel {
                annotation_id: a.id.clone(),
                label_id: target.clone(),
                modified: a.modified,
            },
            None => Edit::RemoveAnnotation(a.id.clone()),
        })
        .collect();
    if steps.is_empty() {
        let (position, label) = project.remove_label(&label_id)?;
        return Ok(Edit::AddLabel { position, label });
    }
    steps.push(Edit::RemoveLabel {
        label_id,
        reassign_to: None,
    });
    apply_batch(project, steps)
}

fn remove_document(project: &mut Project, doc_id: DocId) -> Result<Edit, ProjectError> {
    let mut steps: Vec<Edit> = project
        .annotations_of(&doc_id)
        .iter()
        .map(|a| Edit::RemoveAnnotation(a.id.clone()))
        .collect();
    if steps.is_empty() {
        let (position, document) = project.remove_document(&doc_id)?;
        return Ok(Edit::AddDocument { position, document });
    }
    steps.push(Edit::RemoveDocument(doc_id));
    apply_batch(project, steps)
}

fn revise(
    project: &mut Project,
    document: Document,
    annotations: Vec<Annotation>,
) -> Result<Edit, ProjectError> {
    let old_document = project.replace_document(document)?;
    match project.replace_annotations(annotations) {
        Ok(old_annotations) => Ok(Edit::Revise {
            document: Box::new(old_document),
            annotations: old_annotations,
        }),
        Err(error) => {
            project.replace_document(old_document)?;
            Err(error)
        }
    }
}

fn set_anchor(project: &mut Project, annotation: Annotation) -> Result<Edit, ProjectError> {
    if !annotation.orphaned {
        project.check_range(&annotation.document, annotation.range())?;
    }
    let old = project.replace_annotation(annotation)?;
    Ok(Edit::SetAnchor(Box::new(old)))
}

/// Applies edits in order; on an error, undoes the ones applied and returns the error.
///
/// A run of `AddAnnotation`s (or of `RemoveAnnotation`s of unlinked annotations) goes to the
/// project in one call, which checks ids with a hash set and merges in one pass: labelling 10 000
/// hits costs one pass over the annotations, not one per hit. The outcome, inverse and errors are
/// those of applying the run one edit at a time.
fn apply_batch(project: &mut Project, edits: Vec<Edit>) -> Result<Edit, ProjectError> {
    let mut inverses = Vec::with_capacity(edits.len());
    let mut edits = edits.into_iter().peekable();
    while let Some(edit) = edits.next() {
        let applied = match edit {
            Edit::AddAnnotation(first) if matches!(edits.peek(), Some(Edit::AddAnnotation(_))) => {
                let mut run = Vec::with_capacity(edits.size_hint().0 + 1);
                run.push(first);
                while let Some(Edit::AddAnnotation(annotation)) =
                    edits.next_if(|next| matches!(next, Edit::AddAnnotation(_)))
                {
                    run.push(annotation);
                }
                let ids: Vec<AnnotationId> = run.iter().map(|a| a.id.clone()).collect();
                project
                    .insert_annotations(run)
                    .map(|()| inverses.extend(ids.into_iter().map(Edit::RemoveAnnotation)))
            }
            Edit::RemoveAnnotation(first) if removable_run(project, &first, edits.peek()) => {
                let linked: HashSet<&AnnotationId> =
                    project.links().iter().flat_map(|l| [&l.from, &l.to]).collect();
                let mut ids = vec![first];
                while let Some(Edit::RemoveAnnotation(id)) =
                    edits.next_if(|next| matches!(next, Edit::RemoveAnnotation(id) if !linked.contains(id)))
                {
                    ids.push(id);
                }
                project
                    .remove_annotations(&ids)
                    .map(|removed| inverses.extend(removed.into_iter().map(Edit::AddAnnotation)))
            }
            edit => edit.apply(project).map(|inverse| inverses.push(inverse)),
        };
        if let Err(error) = applied {
            // Undoing what this batch just did cannot fail: each inverse restores a state that held
            // a moment ago. It goes through here too, so undoing a run is one pass as well.
            inverses.reverse();
            let _ = apply_batch(project, inverses);
            return Err(error);
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

/// True when `first` and the edit after it are removals of unlinked annotations: a run for
/// [`Project::remove_annotations`]. (A linked one goes alone, taking its links with it.)
fn removable_run(project: &Project, first: &AnnotationId, next: Option<&Edit>) -> bool {
    let Some(Edit::RemoveAnnotation(second)) = next else {
        return false;
    };
    project.links_of(first).next().is_none() && project.links_of(second).next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CharRange, Document, Link, Quote};
    use proptest::prelude::*;

    /// The batch as it was applied before runs went to the project in one call: one edit at a time.
    fn one_by_one(project: &mut Project, edits: Vec<Edit>) -> Result<Edit, ProjectError> {
        let mut inverses = Vec::new();
        for edit in edits {
            match edit.apply(project) {
                Ok(inverse) => inverses.push(inverse),
                Err(error) => {
                    for inverse in inverses.into_iter().rev() {
                        inverse.apply(project).unwrap();
                    }
                    return Err(error);
                }
            }
        }
        inverses.reverse();
        Ok(Edit::Batch(inverses))
    }

    const TEXT: &str = "Le Niger et la Russie renforcent le partenariat. L'œil de Washington 😀.\r\n";

    fn annotation(doc: &Document, start: usize, len: usize, label: &str) -> Annotation {
        let range = CharRange::new(start, start + len);
        let time = Timestamp::from_second(1_700_000_000).unwrap();
        Annotation {
            id: AnnotationId::generate(),
            document: doc.id.clone(),
            start,
            end: start + len,
            quote: Quote::capture(&doc.text, range).unwrap_or_default(),
            label: LabelId::from(label),
            note: if start.is_multiple_of(3) {
                "Vérifier".into()
            } else {
                String::new()
            },
            orphaned: false,
            review: None,
            agreed: None,
            fields: Default::default(),
            created: time,
            modified: time,
        }
    }

    /// Two documents with `count` annotations each and a link between the first two annotations
    /// (none with none).
    fn project(count: usize) -> (Project, Vec<Document>) {
        let mut project = Project::new("p");
        let docs = vec![
            Document::new("a", TEXT.repeat(10)),
            Document::new("b", TEXT.repeat(3)),
        ];
        for (position, document) in docs.iter().enumerate() {
            let document = document.clone();
            Edit::AddDocument { position, document }
                .apply(&mut project)
                .unwrap();
        }
        let labels = ["claim", "source", "opinion"];
        let adds = (0..count * 2)
            .map(|n| annotation(&docs[n % 2], (n * 37) % 150, 1 + n % 9, labels[n % 3]))
            .map(Edit::AddAnnotation)
            .collect();
        Edit::Batch(adds).apply(&mut project).unwrap();
        if let [first, second, ..] = project.annotations() {
            let link = Link::new(first.id.clone(), second.id.clone(), "supported by");
            Edit::AddLink(link).apply(&mut project).unwrap();
        }
        (project, docs)
    }

    /// Applies `edits` as a batch and one by one: same project, same inverse (or the same error
    /// and the project unchanged); undoing the batch restores the original.
    fn check_like_one_by_one(original: &Project, edits: Vec<Edit>) -> Result<(), TestCaseError> {
        let mut batched = original.clone();
        // The search keys made (as the app's first filter makes them): every change keeps them in step.
        batched.search_keys();
        let mut reference = original.clone();
        let result = Edit::Batch(edits.clone()).apply(&mut batched);
        let expected = one_by_one(&mut reference, edits);
        prop_assert_eq!(&batched, &reference);
        prop_assert!(batched.lookups_agree());
        match (result, expected) {
            (Ok(inverse), Ok(expected)) => {
                prop_assert_eq!(&inverse, &expected);
                let redo = inverse.apply(&mut batched).unwrap();
                prop_assert_eq!(&batched, original);
                prop_assert!(batched.lookups_agree());
                redo.apply(&mut batched).unwrap();
                prop_assert_eq!(&batched, &reference);
                prop_assert!(batched.lookups_agree());
            }
            (Err(error), Err(expected)) => {
                prop_assert_eq!(error, expected);
                prop_assert_eq!(&batched, original);
            }
            (result, expected) => prop_assert!(false, "{:?} but one by one {:?}", result, expected),
        }
        Ok(())
    }

    #[test]
    fn a_revised_text_is_undone_and_redone_exactly() {
        let (original, docs) = project(40);
        let corrected = format!("Correction : {}", TEXT.repeat(10).replacen("Russie", "Chine", 2));
        let revised = crate::model::revision::revise(
            &original,
            &docs[0].id,
            Document::new("a", corrected.clone()),
            str::to_owned,
        )
        .unwrap();
        let mut project = original.clone();
        project.search_keys();
        let undo = revised.edit.apply(&mut project).unwrap();
        assert_eq!(project.document(&docs[0].id).unwrap().text.as_str(), corrected);
        assert_eq!(project.annotations().len(), original.annotations().len());
        assert!(
            project.lookups_agree(),
            "the search keys follow the revised quotes"
        );
        let after = project.clone();
        let redo = undo.apply(&mut project).unwrap();
        assert_eq!(project, original);
        assert!(project.lookups_agree());
        redo.apply(&mut project).unwrap();
        assert_eq!(project, after);
        assert!(project.lookups_agree());
    }

    #[test]
    fn document_notes_are_added_and_undone_by_position() {
        let (original, docs) = project(2);
        let note = |text: &str| DocNote {
            author: Some("alice@hypothes.is".into()),
            text: text.into(),
            created: Some(Timestamp::from_second(1_700_000_000).unwrap()),
        };
        let add = |doc_id: &DocId, position, text: &str| Edit::AddDocNote {
            doc_id: doc_id.clone(),
            position,
            note: note(text),
        };
        let unknown = DocId::from("d-none");
        // (edits, the first document's notes after, or the error)
        type Case = (Vec<Edit>, Result<Vec<&'static str>, ProjectError>);
        let cases: Vec<Case> = vec![
            (vec![add(&docs[0].id, 0, "one")], Ok(vec!["one"])),
            (
                vec![add(&docs[0].id, 0, "one"), add(&docs[0].id, 0, "two")],
                Ok(vec!["two", "one"]),
            ),
            (
                vec![add(&docs[0].id, 0, "one"), add(&docs[0].id, 2, "two")],
                Err(ProjectError::BadPosition(2)),
            ),
            (
                vec![add(&unknown, 0, "one")],
                Err(ProjectError::UnknownDocument(unknown.clone())),
            ),
            (
                vec![Edit::RemoveDocNote {
                    doc_id: docs[0].id.clone(),
                    position: 0,
                }],
                Err(ProjectError::BadPosition(0)),
            ),
        ];
        for (edits, expected) in cases {
            let mut project = original.clone();
            let result = Edit::Batch(edits.clone()).apply(&mut project);
            let notes: Vec<&str> = project.documents()[0]
                .notes
                .iter()
                .map(|n| n.text.as_str())
                .collect();
            match (result, expected) {
                (Ok(inverse), Ok(expected)) => {
                    assert_eq!(notes, expected, "{edits:?}");
                    inverse.apply(&mut project).unwrap();
                    assert_eq!(project, original, "undone: {edits:?}");
                }
                (Err(error), Err(expected)) => {
                    assert_eq!(error, expected, "{edits:?}");
                    assert_eq!(project, original, "rolled back: {edits:?}");
                }
                (result, expected) => panic!("{edits:?}: {result:?}, expected {expected:?}"),
            }
        }
    }

    #[test]
    fn a_bulk_batch_equals_one_by_one_and_undoes_exactly() {
        let (original, docs) = project(100);
        let ids: Vec<AnnotationId> = original.annotations().iter().map(|a| a.id.clone()).collect();
        let adds: Vec<Edit> = (0..300)
            .map(|n| Edit::AddAnnotation(annotation(&docs[n % 2], (n * 53) % 200, 1 + n % 7, "claim")))
            .collect();
        let removes: Vec<Edit> = ids
            .iter()
            .step_by(3)
            .cloned()
            .map(Edit::RemoveAnnotation)
            .collect();
        let mut mixed = adds[..100].to_vec();
        mixed.extend(removes.iter().cloned());
        mixed.push(Edit::SetNote {
            annotation_id: ids[1].clone(),
            note: "Lié".into(),
            modified: Timestamp::from_second(1_700_000_100).unwrap(),
        });
        mixed.extend(adds[100..].iter().cloned());
        let mut duplicate = adds.clone();
        duplicate.insert(150, adds[20].clone());
        let mut unknown = removes.clone();
        unknown.insert(10, Edit::RemoveAnnotation(AnnotationId::from("a-none")));
        let mut removed_twice = removes.clone();
        removed_twice.push(removes[4].clone());
        let mut failing_late = adds.clone();
        failing_late.push(Edit::RemoveAnnotation(AnnotationId::from("a-none")));
        let mut bad_range = adds.clone();
        bad_range.insert(200, Edit::AddAnnotation(annotation(&docs[1], 10_000, 3, "claim")));
        for (name, edits) in [
            ("adds", adds),
            ("removes, the linked one first", removes),
            ("mixed", mixed),
            ("a repeated id", duplicate),
            ("an unknown id", unknown),
            ("removed twice", removed_twice),
            ("an error after a run", failing_late),
            ("a range outside the text", bad_range),
        ] {
            check_like_one_by_one(&original, edits)
                .map_err(|e| TestCaseError::fail(format!("{name}: {e}")))
                .unwrap();
        }
    }

    /// The annotation moved to `start..end` of `doc`, its quote captured there.
    fn moved(
        project: &Project,
        annotation_id: &AnnotationId,
        doc: &Document,
        start: usize,
        end: usize,
    ) -> Edit {
        let range = CharRange::new(start, end);
        let mut annotation = project.annotation(annotation_id).unwrap().clone();
        annotation.set_range(range);
        annotation.quote = Quote::capture(&doc.text, range).unwrap_or_default();
        annotation.modified = Timestamp::from_second(1_700_000_200).unwrap();
        Edit::SetAnchor(Box::new(annotation))
    }

    #[test]
    fn set_anchor_moves_a_linked_annotation_and_undoes_exactly() {
        let (original, docs) = project(5);
        let linked = original.links()[0].from.clone();
        let doc = docs
            .iter()
            .find(|d| d.id == original.annotation(&linked).unwrap().document)
            .unwrap();
        let len = doc.text.char_len();
        // (name, start, end, the error expected)
        let cases = [
            ("a move later in the text", 200, 212, None),
            ("a move to the very start", 0, 3, None),
            ("up to the last character", len - 2, len, None),
            ("past the end", len - 2, len + 1, Some("outside the document")),
            ("an empty range", 10, 10, Some("empty")),
        ];
        for (name, start, end, error) in cases {
            let mut project = original.clone();
            let result = moved(&original, &linked, doc, start, end).apply(&mut project);
            match (result, error) {
                (Ok(inverse), None) => {
                    let moved = project.annotation(&linked).unwrap();
                    assert_eq!((moved.start, moved.end), (start, end), "{name}");
                    assert_eq!(
                        Some(moved.quote.exact.as_str()),
                        doc.text.slice(CharRange::new(start, end)),
                        "{name}"
                    );
                    assert_eq!(project.links(), original.links(), "{name}: the links stay");
                    let sorted = project
                        .annotations()
                        .windows(2)
                        .all(|w| w[0].sort_key() <= w[1].sort_key());
                    assert!(sorted, "{name}: still in order");
                    inverse.apply(&mut project).unwrap();
                    assert_eq!(project, original, "{name}: undone");
                }
                (Err(e), Some(expected)) => {
                    assert!(e.to_string().contains(expected), "{name}: {e}");
                    assert_eq!(project, original, "{name}: unchanged");
                }
                (result, _) => panic!("{name}: {result:?}"),
            }
        }
        let mut unknown = original.annotation(&linked).unwrap().clone();
        unknown.id = AnnotationId::from("a-none");
        let unknown = Edit::SetAnchor(Box::new(unknown));
        let mut project = original.clone();
        assert_eq!(
            unknown.apply(&mut project),
            Err(ProjectError::UnknownAnnotation("a-none".into()))
        );
    }

    #[test]
    fn many_annotations_at_once_are_named_by_their_count() {
        let (_, docs) = project(0);
        let three: Vec<Annotation> = (0..3).map(|n| annotation(&docs[0], n * 10, 4, "claim")).collect();
        let ids = three.iter().map(|a| a.id.clone()).collect();
        // (edit, what the Undo menu item says)
        let cases = [
            (Edit::AddAnnotations(three.clone()), "Add 3 annotation(s)"),
            (Edit::RemoveAnnotations(ids), "Delete 3 annotation(s)"),
            (
                Edit::Batch(vec![Edit::AddAnnotations(three.clone())]),
                "Add 3 annotation(s)",
            ),
            // An import: the link types it adds, then its annotations.
            (
                Edit::Batch(vec![
                    Edit::SetSettings(Settings::default()),
                    Edit::AddAnnotations(three),
                ]),
                "4 changes",
            ),
        ];
        for (edit, expected) in cases {
            assert_eq!(edit.describe(), expected);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]

        #[test]
        fn batches_of_adds_and_removes_behave_like_one_by_one(
            ops in prop::collection::vec((0u8..10, 0usize..400, 0usize..12), 0..80),
        ) {
            let (original, docs) = project(20);
            let ids: Vec<AnnotationId> = original.annotations().iter().map(|a| a.id.clone()).collect();
            // Mostly edits that succeed; kind 9 is an edit that fails (a repeated removal may too).
            let mut pool = ids.clone();
            let mut added: Vec<AnnotationId> = Vec::new();
            let edits = ops
                .into_iter()
                .map(|(kind, a, b)| match kind {
                    0..=4 => {
                        let annotation = annotation(&docs[a % 2], a % 250, 1 + b, ["claim", "source"][b % 2]);
                        added.push(annotation.id.clone());
                        Edit::AddAnnotation(annotation)
                    }
                    5 | 6 if !pool.is_empty() => Edit::RemoveAnnotation(pool.swap_remove(a % pool.len())),
                    7 if !added.is_empty() => Edit::RemoveAnnotation(added.swap_remove(a % added.len())),
                    9 if a % 6 == 0 => Edit::AddAnnotation(annotation(&docs[1], a, 0, "claim")),
                    9 if a % 6 == 1 => Edit::RemoveAnnotation(ids[a % ids.len()].clone()),
                    _ => Edit::SetNote {
                        annotation_id: ids[1 + a % (ids.len() - 1)].clone(),
                        note: "note".into(),
                        modified: Timestamp::from_second(1_700_000_000).unwrap(),
                    },
                })
                .collect();
            check_like_one_by_one(&original, edits)?;
        }

        #[test]
        fn many_added_at_once_are_as_if_added_one_by_one_and_undone_exactly(
            spans in prop::collection::vec((0usize..300, 0usize..12, 0u8..20), 0..60),
            before in prop_oneof![Just(0usize), Just(20)],
        ) {
            let (original, docs) = project(before);
            let existing: Vec<Annotation> = original.annotations().to_vec();
            // Mostly new spans; now and then an id already used (in the project or the list), or
            // a range outside the text: the whole list is refused.
            let mut annotations: Vec<Annotation> = Vec::new();
            for (start, len, kind) in spans {
                let mut new = annotation(&docs[start % 2], start % 250, len, ["claim", "source"][len % 2]);
                match kind {
                    0 if !existing.is_empty() => new.id = existing[start % existing.len()].id.clone(),
                    1 if !annotations.is_empty() => new.id = annotations[start % annotations.len()].id.clone(),
                    2 => new.set_range(CharRange::new(start * 100, start * 100 + 1 + len)),
                    _ => {}
                }
                annotations.push(new);
            }
            let mut at_once = original.clone();
            at_once.search_keys();
            let mut reference = original.clone();
            let result = Edit::AddAnnotations(annotations.clone()).apply(&mut at_once);
            let expected = one_by_one(&mut reference, annotations.into_iter().map(Edit::AddAnnotation).collect());
            prop_assert_eq!(&at_once, &reference);
            prop_assert!(at_once.lookups_agree());
            match (result, expected) {
                (Ok(inverse), Ok(_)) => {
                    let redo = inverse.apply(&mut at_once).unwrap();
                    prop_assert_eq!(&at_once, &original);
                    prop_assert!(at_once.lookups_agree());
                    redo.apply(&mut at_once).unwrap();
                    prop_assert_eq!(&at_once, &reference);
                    prop_assert!(at_once.lookups_agree());
                }
                (Err(error), Err(expected)) => prop_assert_eq!(error, expected),
                (result, expected) => prop_assert!(false, "{:?} but one by one {:?}", result, expected),
            }
        }
    }
}
