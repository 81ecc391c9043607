//! Several annotators' copies of the same documents, lined up on one set of documents (the first
//! copy's) so that agreement and curation compare like with like.
//!
//! - A copy's document is the reference document with the same id, else the one with the same
//!   text (as `compare` matches a student's documents to the key's).
//! - Orphaned annotations take no part: their range is only a hint.
//! - A copy that lacks a reference document is *missing* for it (no values at all), which is not
//!   the same as having it and marking nothing.
//! - Annotations on documents the reference does not have are counted, not compared.

use super::annotation::Annotation;
use super::document::Document;
use super::ids::LabelId;
use super::project::Project;

/// One annotator's copy, under the name it is shown by.
#[derive(Clone, Copy, Debug)]
pub struct Copy<'a> {
    pub annotator: &'a str,
    pub project: &'a Project,
}

/// The copies lined up on the reference documents.
#[derive(Debug)]
pub struct Panel<'a> {
    pub annotators: Vec<String>,
    /// The first copy: its documents and labels are the reference.
    pub reference: &'a Project,
    /// `marks[annotator][document]`: that annotator's annotations on the reference document of
    /// that index, sorted by position; `None` when their copy lacks the document.
    pub marks: Vec<Vec<Option<Vec<&'a Annotation>>>>,
    /// Per annotator, annotations on documents the reference does not have.
    pub unmatched: Vec<usize>,
    projects: Vec<&'a Project>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PanelError {
    #[error("there are no copies to compare")]
    Empty,
    #[error(
        "{annotator} shares no document with {first}: these are copies of different documents (documents are matched by id, then by identical text)"
    )]
    DifferentDocuments { annotator: String, first: String },
    #[error(
        "{annotator}'s document {doc_id} has another text than {first}'s: annotations on different texts cannot be compared (re-import one of them first)"
    )]
    DifferentText {
        annotator: String,
        first: String,
        doc_id: String,
    },
}

impl<'a> Panel<'a> {
    /// Lines the copies up on the first one's documents.
    pub fn line_up(copies: &[Copy<'a>]) -> Result<Self, PanelError> {
        let first = copies.first().ok_or(PanelError::Empty)?;
        let reference = first.project;
        let mut marks = Vec::with_capacity(copies.len());
        let mut unmatched = Vec::with_capacity(copies.len());
        for copy in copies {
            let (by_document, off_reference) =
                place(reference, copy.project).map_err(|doc_id| PanelError::DifferentText {
                    annotator: copy.annotator.to_owned(),
                    first: first.annotator.to_owned(),
                    doc_id,
                })?;
            let shares_any = by_document.iter().any(Option::is_some);
            if !shares_any && !reference.documents().is_empty() {
                return Err(PanelError::DifferentDocuments {
                    annotator: copy.annotator.to_owned(),
                    first: first.annotator.to_owned(),
                });
            }
            marks.push(by_document);
            unmatched.push(off_reference);
        }
        Ok(Self {
            annotators: copies.iter().map(|c| c.annotator.to_owned()).collect(),
            reference,
            marks,
            unmatched,
            projects: copies.iter().map(|c| c.project).collect(),
        })
    }

    pub fn documents(&self) -> &'a [Document] {
        self.reference.documents()
    }

    /// The annotators whose copy has the document of this index.
    pub fn present(&self, document: usize) -> impl Iterator<Item = usize> + '_ {
        (0..self.annotators.len()).filter(move |&a| self.marks[a][document].is_some())
    }

    /// Whether every annotator's copy has the document of this index.
    pub fn complete(&self, document: usize) -> bool {
        self.marks.iter().all(|m| m[document].is_some())
    }

    /// The labels any copy used, in the reference's order, then any others by id.
    pub fn labels(&self) -> Vec<LabelId> {
        let mut labels: Vec<LabelId> = self.reference.labels().iter().map(|l| l.id.clone()).collect();
        let mut others: Vec<LabelId> = self
            .marks
            .iter()
            .flatten()
            .flatten()
            .flatten()
            .map(|a| a.label.clone())
            .filter(|label| !labels.contains(label))
            .collect();
        others.sort();
        others.dedup();
        labels.extend(others);
        labels
    }

    /// A label's name for people: the first copy's name for it (the reference's first), else its
    /// id.
    pub fn label_name(&self, label_id: &LabelId) -> String {
        self.projects
            .iter()
            .find_map(|p| p.label(label_id).map(|l| l.name.clone()))
            .unwrap_or_else(|| label_id.to_string())
    }

    /// The annotator's whole copy.
    pub fn project(&self, annotator: usize) -> &'a Project {
        self.projects[annotator]
    }
}

/// "Annotator 3" for the annotator of index 2: the name a classroom sees.
pub fn anonymous_name(index: usize) -> String {
    format!("Annotator {}", index + 1)
}

type Placed<'a> = (Vec<Option<Vec<&'a Annotation>>>, usize);

/// One copy's annotations by reference document, and how many lie elsewhere; the id of a
/// document that has the reference's id but another text.
fn place<'a>(reference: &Project, copy: &'a Project) -> Result<Placed<'a>, String> {
    let mut by_document: Vec<Option<Vec<&'a Annotation>>> = vec![None; reference.documents().len()];
    let mut off_reference = 0;
    for document in copy.documents() {
        let same_id = reference.documents().iter().position(|d| d.id == document.id);
        if let Some(index) = same_id
            && reference.documents()[index].text.as_str() != document.text.as_str()
        {
            return Err(document.id.to_string());
        }
        let index = same_id.or_else(|| {
            reference
                .documents()
                .iter()
                .position(|d| d.text.as_str() == document.text.as_str())
        });
        let annotations = copy.annotations_of(&document.id).iter().filter(|a| !a.orphaned);
        match index {
            Some(index) => by_document[index]
                .get_or_insert_with(Vec::new)
                .extend(annotations),
            None => off_reference += annotations.count(),
        }
    }
    Ok((by_document, off_reference))
}
