//! Every change to a project as a value: applying an [`Edit`] returns the edit that undoes it.
//!
//! The UI and the command line build edits; only [`Edit::apply`] changes a [`Project`]. An edit
//! that fails leaves the project exactly as it was (a batch rolls back the steps it had applied).

use jiff::Timestamp;

use super::annotation::Annotation;
use super::document::Document;
use super::fields::Settings;
use super::ids::{AnnotationId, DocId, LabelId, LinkId};
use super::label::Label;
use super::link::Link;
use super::project::{Project, ProjectError};

#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    AddAnnotation(Annotation),
    RemoveAnnotation(AnnotationId),
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
            } => set_field(project, annotation_id, key, value, modified),
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
            Edit::Batch(edits) => apply_batch(project, edits),
        }
    }

    /// A short description for menus and messages ("Undo Edit note").
    pub fn describe(&self) -> String {
        match self {
            Edit::AddAnnotation(_) => "Add annotation".into(),
            Edit::RemoveAnnotation(_) => "Delete annotation".into(),
            Edit::SetLabel { .. } => "Change label".into(),
            Edit::SetNote { .. } => "Edit note".into(),
            Edit::SetField { key, .. } => format!("Set {key}"),
            Edit::AddLink(link) => format!("Link ({})", link.kind),
            Edit::RemoveLink(_) => "Remove link".into(),
            Edit::SetSettings(_) => "Change project settings".into(),
            Edit::AddLabel { .. } => "Add label".into(),
            Edit::UpdateLabel(_) => "Change label settings".into(),
            Edit::MoveLabel { .. } => "Reorder labels".into(),
            Edit::RemoveLabel { .. } => "Delete label".into(),
            Edit::AddDocument { .. } => "Add document".into(),
            Edit::RemoveDocument(_) => "Remove document".into(),
            Edit::Batch(edits) => match edits.as_slice() {
                [only] => only.describe(),
                _ => format!("{} changes", edits.len()),
            },
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
) -> Result<Edit, ProjectError> {
    if let Some(value) = &value {
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
    Ok(Edit::SetField {
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

fn apply_batch(project: &mut Project, edits: Vec<Edit>) -> Result<Edit, ProjectError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for edit in edits {
        match edit.apply(project) {
            Ok(inverse) => inverses.push(inverse),
            Err(error) => {
                for inverse in inverses.into_iter().rev() {
                    // Undoing what this batch just did cannot fail: each inverse restores a state
                    // that held a moment ago.
                    let _ = inverse.apply(project);
                }
                return Err(error);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}
