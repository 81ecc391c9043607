//! Merging two copies of a project by their stable ids: three-way against the common base (as git
//! does), or two-way without one. Each side's additions survive, a removal stands when the other
//! side left the item alone, the same change on both sides is one change, and two different
//! changes to one property become a [`Conflict`] kept in the result, which is always a valid
//! project. A document re-imported on one side carries the other side's annotations onto the new
//! text by following its words.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::anchor::{self, Outcome};
use super::conflict::{Conflict, Side, Subject, range_value};
use super::document::{Document, Revision};
use super::edit::Edit;
use super::ids::{AnnotationId, DocId, LabelId};
use super::link::Link;
use super::project::Project;
use super::{Annotation, Label};

#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error(
        "the two projects share no document and no annotation: they are not copies of one project; merge them as a union with --unrelated"
    )]
    Unrelated,
    #[error("the merged project is not valid: {0}")]
    Invalid(String),
}

/// What a merge gives: the project, the conflicts it found, and what became of annotations that
/// had to follow a document's new text.
#[derive(Debug)]
pub struct Merged {
    pub project: Project,
    pub conflicts: Vec<Conflict>,
    /// Annotations carried onto a text re-imported on the other side, when not exactly.
    pub carried: Vec<(AnnotationId, Outcome)>,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct MergeOptions {
    /// Merge projects that share nothing, as a union.
    pub unrelated: bool,
}

/// Merges `ours` and `theirs`; `base` is their common ancestor when known.
pub fn merge(
    base: Option<&Project>,
    ours: &Project,
    theirs: &Project,
    options: MergeOptions,
) -> Result<Merged, MergeError> {
    if !options.unrelated && !related(ours, theirs) {
        return Err(MergeError::Unrelated);
    }
    let empty = Project::new(String::new());
    let two_way = base.is_none();
    let mut run = Run {
        base: base.unwrap_or(&empty),
        ours,
        theirs,
        two_way,
        conflicts: Vec::new(),
        carried: Vec::new(),
    };
    let documents = run.documents();
    let (annotations, renamed) = run.annotations(&documents);
    let mut links = run.links(&renamed);
    let mut annotations = annotations;
    run.restore_linked(&mut annotations, &links, &documents);
    // A link whose end is gone on both sides goes with it.
    let present: HashSet<&AnnotationId> = annotations.iter().map(|a| &a.id).collect();
    links.retain(|l| present.contains(&l.from) && present.contains(&l.to));
    // The same link made on both sides (two ids, or twins joined) is one link: ours.
    let mut made = HashSet::new();
    links.retain(|l| made.insert((l.from.clone(), l.to.clone(), l.kind.clone())));
    let labels = run.labels(&annotations);
    let settings = run.settings();
    let name = pick(Some(&run.base.name), &ours.name, &theirs.name)
        .unwrap_or(&ours.name)
        .clone();
    run.build(name, settings, labels, documents, annotations, links)
}

/// Two copies of one project share a document or an annotation (or both are still empty).
fn related(ours: &Project, theirs: &Project) -> bool {
    if ours.documents().is_empty() || theirs.documents().is_empty() {
        return true;
    }
    let ours_docs: HashSet<&DocId> = ours.documents().iter().map(|d| &d.id).collect();
    let ours_annotations: HashSet<&AnnotationId> = ours.annotations().iter().map(|a| &a.id).collect();
    theirs.documents().iter().any(|d| ours_docs.contains(&d.id))
        || theirs
            .annotations()
            .iter()
            .any(|a| ours_annotations.contains(&a.id))
}

/// The three-way choice for one value: the same on both sides, changed on one side only, or
/// changed differently (`None`).
fn pick<'a, T: PartialEq>(base: Option<&T>, ours: &'a T, theirs: &'a T) -> Option<&'a T> {
    if ours == theirs || base == Some(theirs) {
        Some(ours)
    } else if base == Some(ours) {
        Some(theirs)
    } else {
        None
    }
}

/// Annotations by id, on the merged texts.
type Index<'p> = HashMap<&'p AnnotationId, Cow<'p, Annotation>>;

struct Run<'p> {
    base: &'p Project,
    ours: &'p Project,
    theirs: &'p Project,
    two_way: bool,
    conflicts: Vec<Conflict>,
    carried: Vec<(AnnotationId, Outcome)>,
}

/// Ids in order: ours first, then theirs' new ones, then the base's (for removals).
fn union_ids<'a, K: Eq + std::hash::Hash + Clone + 'a>(
    lists: [&mut dyn Iterator<Item = &'a K>; 3],
) -> Vec<K> {
    let mut seen = HashSet::new();
    let mut ids = Vec::new();
    for list in lists {
        for id in list {
            if seen.insert(id.clone()) {
                ids.push(id.clone());
            }
        }
    }
    ids
}

impl<'p> Run<'p> {
    fn conflict(&mut self, conflict: Conflict) {
        self.conflicts.push(conflict);
    }

    // ----- documents -----

    fn documents(&mut self) -> Vec<Document> {
        let ids: Vec<DocId> = union_ids([
            &mut self.ours.documents().iter().map(|d| &d.id),
            &mut self.theirs.documents().iter().map(|d| &d.id),
            &mut self.base.documents().iter().map(|d| &d.id),
        ]);
        let mut merged = Vec::new();
        for doc_id in ids {
            let (b, o, t) = (
                self.base.document(&doc_id),
                self.ours.document(&doc_id),
                self.theirs.document(&doc_id),
            );
            let document = match (o, t) {
                (Some(o), Some(t)) => self.document_in_both(b, o, t),
                (Some(kept), None) | (None, Some(kept)) => {
                    let removed_by = if o.is_none() { Side::Ours } else { Side::Theirs };
                    match b {
                        None => Some(kept.clone()),
                        Some(b) => self.removed_document(b, kept, removed_by),
                    }
                }
                (None, None) => None,
            };
            merged.extend(document);
        }
        merged
    }

    fn document_in_both(
        &mut self,
        base: Option<&Document>,
        ours: &Document,
        theirs: &Document,
    ) -> Option<Document> {
        let base_text = base.map(|b| &b.text);
        Some(match pick(base_text, &ours.text, &theirs.text) {
            Some(text) if text == &ours.text => ours.clone(),
            Some(_) => theirs.clone(),
            None => {
                // Both re-imported, differently: ours holds, theirs is kept as a revision.
                let mut document = ours.clone();
                document.revisions.push(Revision {
                    text: theirs.text.clone(),
                    sha256: theirs.sha256.clone(),
                    source: theirs.source.clone(),
                    replaced: super::annotation::now(),
                    changes: Vec::new(),
                });
                self.conflict(Conflict::new(
                    Subject::Document,
                    ours.id.as_str(),
                    "text",
                    Some(format!("sha256 {}", ours.sha256)),
                    Some(format!(
                        "sha256 {} (kept as revision {})",
                        theirs.sha256,
                        document.revisions.len()
                    )),
                ));
                document
            }
        })
    }

    /// A document one side removed: gone, unless the other side changed it or annotated it.
    fn removed_document(&mut self, base: &Document, kept: &Document, removed_by: Side) -> Option<Document> {
        let keeper = self.side(removed_by.other());
        // Links to its annotations made or changed on the keeping side are a change too.
        let on_it: HashSet<&AnnotationId> =
            self.base.annotations_of(&base.id).iter().map(|a| &a.id).collect();
        let links_to_it = |p: &Project| -> Vec<Link> {
            let mut links: Vec<Link> = p
                .links()
                .iter()
                .filter(|l| on_it.contains(&l.from) || on_it.contains(&l.to))
                .cloned()
                .collect();
            links.sort_by(|a, b| a.id.cmp(&b.id));
            links
        };
        let untouched = kept == base
            && keeper.annotations_of(&base.id) == self.base.annotations_of(&base.id)
            && links_to_it(keeper) == links_to_it(self.base);
        if untouched {
            return None;
        }
        self.conflict(removal(
            Subject::Document,
            base.id.as_str(),
            removed_by,
            "changed",
        ));
        Some(kept.clone())
    }

    fn side(&self, side: Side) -> &Project {
        match side {
            Side::Ours => self.ours,
            Side::Theirs => self.theirs,
        }
    }

    // ----- annotations -----

    /// Each project's annotations, on the merged text of their document.
    /// Each project's annotations, on the merged text of their document: borrowed where the
    /// text is the same, carried over (owned) where the document has a new text. Annotations a
    /// side changed or added (`against` the base) and that had to follow a new text not exactly
    /// are reported.
    fn on_merged_text(
        &mut self,
        project: &'p Project,
        documents: &[Document],
        against: Option<&Index<'p>>,
    ) -> Index<'p> {
        let mut all: Index<'p> = HashMap::with_capacity(project.annotations().len());
        for document in project.documents() {
            let annotations = project.annotations_of(&document.id);
            match documents.iter().find(|d| d.id == document.id) {
                Some(merged) if merged.text != document.text => {
                    let carried = anchor::follow(&document.text, &merged.text, annotations);
                    for (original, carried) in annotations.iter().zip(carried) {
                        let outcome = carried.anchoring.outcome();
                        let changed_here = against.is_some_and(|base| {
                            base.get(&original.id)
                                .is_none_or(|b| b.as_ref() != &carried.annotation)
                        });
                        if changed_here && outcome != Outcome::Exact {
                            self.carried.push((original.id.clone(), outcome));
                        }
                        all.insert(&original.id, Cow::Owned(carried.annotation));
                    }
                }
                _ => all.extend(annotations.iter().map(|a| (&a.id, Cow::Borrowed(a)))),
            }
        }
        all
    }

    /// The merged annotations, and theirs' ids merged into one of ours (the same span and label
    /// marked independently on both sides).
    fn annotations(
        &mut self,
        documents: &[Document],
    ) -> (Vec<Annotation>, HashMap<AnnotationId, AnnotationId>) {
        let base = self.on_merged_text(self.base, documents, None);
        let ours = self.on_merged_text(self.ours, documents, Some(&base));
        let theirs = self.on_merged_text(self.theirs, documents, Some(&base));
        let ids: Vec<AnnotationId> = union_ids([
            &mut self.ours.annotations().iter().map(|a| &a.id),
            &mut self.theirs.annotations().iter().map(|a| &a.id),
            &mut self.base.annotations().iter().map(|a| &a.id),
        ]);
        let mut merged: Vec<Annotation> = Vec::with_capacity(ids.len());
        for annotation_id in &ids {
            let (b, o, t) = (
                base.get(annotation_id).map(AsRef::as_ref),
                ours.get(annotation_id).map(AsRef::as_ref),
                theirs.get(annotation_id).map(AsRef::as_ref),
            );
            let annotation = match (o, t) {
                (Some(o), Some(t)) => Some(self.annotation_in_both(b, o, t)),
                (Some(kept), None) | (None, Some(kept)) => match b {
                    None => Some(kept.clone()),
                    Some(b) if kept == b => None,
                    Some(_) => {
                        let removed_by = if o.is_none() { Side::Ours } else { Side::Theirs };
                        self.conflict(removal(
                            Subject::Annotation,
                            annotation_id.as_str(),
                            removed_by,
                            "edited",
                        ));
                        Some(kept.clone())
                    }
                },
                (None, None) => None,
            };
            merged.extend(annotation.filter(|a| documents.iter().any(|d| d.id == a.document)));
        }
        let renamed = self.join_twins(&mut merged, &base, &ours);
        (merged, renamed)
    }

    fn annotation_in_both(
        &mut self,
        base: Option<&Annotation>,
        ours: &Annotation,
        theirs: &Annotation,
    ) -> Annotation {
        if ours == theirs {
            return ours.clone();
        }
        let item = ours.id.as_str().to_owned();
        // Two-way: the newer copy holds where they differ.
        let newer = if self.two_way && theirs.modified > ours.modified {
            Side::Theirs
        } else {
            Side::Ours
        };
        let mut merged = ours.clone();
        let placement = |a: &Annotation| (a.start, a.end, a.quote.clone(), a.orphaned, a.review.clone());
        let (bp, op, tp) = (base.map(placement), placement(ours), placement(theirs));
        match pick(bp.as_ref(), &op, &tp) {
            Some(p) if p == &tp => {
                merged.set_range(theirs.range());
                merged.quote = theirs.quote.clone();
                merged.orphaned = theirs.orphaned;
                merged.review = theirs.review.clone();
            }
            Some(_) => {}
            None => {
                self.record(
                    Subject::Annotation,
                    &item,
                    "range",
                    Some(range_value(ours.range())),
                    Some(range_value(theirs.range())),
                    newer,
                );
                if newer == Side::Theirs {
                    merged.set_range(theirs.range());
                    merged.quote = theirs.quote.clone();
                    merged.orphaned = theirs.orphaned;
                    merged.review = theirs.review.clone();
                }
            }
        }
        merged.label = self.scalar(
            Subject::Annotation,
            &item,
            "label",
            base.map(|b| &b.label),
            &ours.label,
            &theirs.label,
            newer,
            |l| l.to_string(),
        );
        merged.note = self.scalar(
            Subject::Annotation,
            &item,
            "note",
            base.map(|b| &b.note),
            &ours.note,
            &theirs.note,
            newer,
            Clone::clone,
        );
        merged.fields = self.fields(
            &item,
            base.map(|b| &b.fields),
            &ours.fields,
            &theirs.fields,
            newer,
        );
        merged.modified = ours.modified.max(theirs.modified);
        merged
    }

    /// The three-way value of one property, recording a conflict when both changed it.
    #[allow(clippy::too_many_arguments)]
    fn scalar<T: PartialEq + Clone>(
        &mut self,
        subject: Subject,
        item: &str,
        property: &str,
        base: Option<&T>,
        ours: &T,
        theirs: &T,
        holds: Side,
        show: impl Fn(&T) -> String,
    ) -> T {
        if let Some(value) = pick(base, ours, theirs) {
            return value.clone();
        }
        self.record(
            subject,
            item,
            property,
            Some(show(ours)),
            Some(show(theirs)),
            holds,
        );
        if holds == Side::Theirs {
            theirs.clone()
        } else {
            ours.clone()
        }
    }

    fn record(
        &mut self,
        subject: Subject,
        item: &str,
        property: &str,
        ours: Option<String>,
        theirs: Option<String>,
        holds: Side,
    ) {
        let mut conflict = Conflict::new(subject, item, property, ours, theirs);
        conflict.holds = holds;
        self.conflict(conflict);
    }

    fn fields(
        &mut self,
        item: &str,
        base: Option<&BTreeMap<String, String>>,
        ours: &BTreeMap<String, String>,
        theirs: &BTreeMap<String, String>,
        holds: Side,
    ) -> BTreeMap<String, String> {
        let keys: std::collections::BTreeSet<&String> = ours
            .keys()
            .chain(theirs.keys())
            .chain(base.into_iter().flat_map(|b| b.keys()))
            .collect();
        let mut merged = BTreeMap::new();
        for key in keys {
            let (b, o, t) = (base.map(|b| b.get(key)), ours.get(key), theirs.get(key));
            let value = match pick(b.as_ref(), &o, &t) {
                Some(value) => value.cloned(),
                None => {
                    self.record(
                        Subject::Annotation,
                        item,
                        &format!("field:{key}"),
                        o.cloned(),
                        t.cloned(),
                        holds,
                    );
                    if holds == Side::Theirs {
                        t.cloned()
                    } else {
                        o.cloned()
                    }
                }
            };
            if let Some(value) = value {
                merged.insert(key.clone(), value);
            }
        }
        merged
    }

    /// The same span with the same label added on both sides (two ids): one annotation, ours,
    /// with both notes and both sides' fields; different values of a field are a conflict.
    fn join_twins(
        &mut self,
        merged: &mut Vec<Annotation>,
        base: &Index<'p>,
        ours: &Index<'p>,
    ) -> HashMap<AnnotationId, AnnotationId> {
        let ours_new: HashMap<(&DocId, usize, usize, &LabelId), &AnnotationId> = merged
            .iter()
            .filter(|a| !base.contains_key(&a.id) && ours.contains_key(&a.id))
            .map(|a| ((&a.document, a.start, a.end, &a.label), &a.id))
            .collect();
        let mut twins: Vec<(AnnotationId, AnnotationId)> = Vec::new();
        for annotation in merged.iter() {
            let theirs_only = !base.contains_key(&annotation.id) && !ours.contains_key(&annotation.id);
            if let Some(ours_id) = ours_new.get(&(
                &annotation.document,
                annotation.start,
                annotation.end,
                &annotation.label,
            )) && theirs_only
            {
                twins.push(((*ours_id).clone(), annotation.id.clone()));
            }
        }
        let mut renamed = HashMap::new();
        for (ours_id, theirs_id) in twins {
            let Some(theirs) = merged
                .iter()
                .position(|a| a.id == theirs_id)
                .map(|i| merged.remove(i))
            else {
                continue;
            };
            let Some(ours) = merged.iter().position(|a| a.id == ours_id) else {
                continue;
            };
            let joined = self.join(&merged[ours], &theirs);
            merged[ours] = joined;
            renamed.insert(theirs_id, ours_id);
        }
        renamed
    }

    fn join(&mut self, ours: &Annotation, theirs: &Annotation) -> Annotation {
        let mut joined = ours.clone();
        joined.note = match (ours.note.trim(), theirs.note.trim()) {
            (_, "") => ours.note.clone(),
            ("", _) => theirs.note.clone(),
            (a, b) if a == b => ours.note.clone(),
            _ => format!("{}\n\n{}", ours.note, theirs.note),
        };
        let item = ours.id.as_str().to_owned();
        joined.fields = self.fields(
            &item,
            Some(&BTreeMap::new()),
            &ours.fields,
            &theirs.fields,
            Side::Ours,
        );
        joined.modified = ours.modified.max(theirs.modified);
        joined
    }

    // ----- links -----

    fn links(&mut self, renamed: &HashMap<AnnotationId, AnnotationId>) -> Vec<Link> {
        let index = |p: &Project| -> HashMap<super::ids::LinkId, Link> {
            p.links()
                .iter()
                .map(|l| {
                    let mut l = l.clone();
                    for end in [&mut l.from, &mut l.to] {
                        if let Some(new) = renamed.get(end) {
                            *end = new.clone();
                        }
                    }
                    (l.id.clone(), l)
                })
                .collect()
        };
        let (base, ours, theirs) = (index(self.base), index(self.ours), index(self.theirs));
        let ids = union_ids([
            &mut self.ours.links().iter().map(|l| &l.id),
            &mut self.theirs.links().iter().map(|l| &l.id),
            &mut self.base.links().iter().map(|l| &l.id),
        ]);
        let mut merged = Vec::new();
        for link_id in ids {
            let (b, o, t) = (base.get(&link_id), ours.get(&link_id), theirs.get(&link_id));
            let link = match (o, t) {
                (Some(o), Some(t)) => {
                    let kind = self.scalar(
                        Subject::Link,
                        link_id.as_str(),
                        "kind",
                        b.map(|b| &b.kind),
                        &o.kind,
                        &t.kind,
                        Side::Ours,
                        Clone::clone,
                    );
                    Some(Link { kind, ..o.clone() })
                }
                (Some(kept), None) | (None, Some(kept)) => match b {
                    None => Some(kept.clone()),
                    Some(b) if kept == b => None,
                    Some(_) => Some(kept.clone()),
                },
                (None, None) => None,
            };
            merged.extend(link);
        }
        merged
    }

    /// Annotations one side removed while the other linked to them come back, with a conflict.
    fn restore_linked(&mut self, annotations: &mut Vec<Annotation>, links: &[Link], documents: &[Document]) {
        let present: HashSet<AnnotationId> = annotations.iter().map(|a| a.id.clone()).collect();
        let mut missing: Vec<AnnotationId> = links
            .iter()
            .flat_map(|l| [l.from.clone(), l.to.clone()])
            .filter(|id| !present.contains(id))
            .collect();
        missing.sort();
        missing.dedup();
        for annotation_id in missing {
            let removed_by = if self.ours.annotation(&annotation_id).is_none() {
                Side::Ours
            } else {
                Side::Theirs
            };
            let kept = self
                .side(removed_by.other())
                .annotation(&annotation_id)
                .or_else(|| self.base.annotation(&annotation_id))
                .cloned();
            // An annotation whose document is gone cannot come back; its links go.
            if let Some(kept) = kept.filter(|a| documents.iter().any(|d| d.id == a.document)) {
                self.conflict(removal(
                    Subject::Annotation,
                    annotation_id.as_str(),
                    removed_by,
                    "linked",
                ));
                annotations.push(kept);
            }
        }
    }

    // ----- labels and settings -----

    fn labels(&mut self, annotations: &[Annotation]) -> Vec<Label> {
        let ids: Vec<LabelId> = union_ids([
            &mut self.ours.labels().iter().map(|l| &l.id),
            &mut self.theirs.labels().iter().map(|l| &l.id),
            &mut self.base.labels().iter().map(|l| &l.id),
        ]);
        // A label either side of an annotation's label conflict names is in use: resolving the
        // conflict may take it.
        let in_conflicts: Vec<LabelId> = self
            .conflicts
            .iter()
            .filter(|c| c.subject == Subject::Annotation && c.property == "label")
            .flat_map(|c| [c.ours.clone(), c.theirs.clone()])
            .flatten()
            .map(LabelId::from)
            .collect();
        let used: HashSet<&LabelId> = annotations
            .iter()
            .map(|a| &a.label)
            .chain(&in_conflicts)
            .collect();
        let mut merged = Vec::new();
        for label_id in ids {
            let (b, o, t) = (
                if self.two_way {
                    None
                } else {
                    self.base.label(&label_id)
                },
                self.ours.label(&label_id),
                self.theirs.label(&label_id),
            );
            let label = match (o, t) {
                (Some(o), Some(t)) => Some(self.label_in_both(b, o, t)),
                (Some(kept), None) | (None, Some(kept)) => {
                    let removed_by = if o.is_none() { Side::Ours } else { Side::Theirs };
                    match b {
                        None => Some(kept.clone()),
                        Some(b) if kept == b && !used.contains(&label_id) => None,
                        Some(_) => {
                            let why = if used.contains(&label_id) {
                                "in use"
                            } else {
                                "changed"
                            };
                            self.conflict(removal(Subject::Label, label_id.as_str(), removed_by, why));
                            Some(kept.clone())
                        }
                    }
                }
                (None, None) => None,
            };
            merged.extend(label);
        }
        merged
    }

    fn label_in_both(&mut self, base: Option<&Label>, ours: &Label, theirs: &Label) -> Label {
        if ours == theirs {
            return ours.clone();
        }
        let item = ours.id.as_str().to_owned();
        let subject = Subject::Label;
        Label {
            id: ours.id.clone(),
            name: self.scalar(
                subject,
                &item,
                "name",
                base.map(|b| &b.name),
                &ours.name,
                &theirs.name,
                Side::Ours,
                Clone::clone,
            ),
            color: self.scalar(
                subject,
                &item,
                "color",
                base.map(|b| &b.color),
                &ours.color,
                &theirs.color,
                Side::Ours,
                |c| c.to_string(),
            ),
            hotkey: {
                let (b, o, t) = (base.map(|b| &b.hotkey), &ours.hotkey, &theirs.hotkey);
                match pick(b, o, t) {
                    Some(value) => value.clone(),
                    None => {
                        self.record(subject, &item, "hotkey", o.clone(), t.clone(), Side::Ours);
                        o.clone()
                    }
                }
            },
            description: self.scalar(
                subject,
                &item,
                "description",
                base.map(|b| &b.description),
                &ours.description,
                &theirs.description,
                Side::Ours,
                Clone::clone,
            ),
            fields: self.scalar(
                subject,
                &item,
                "fields",
                base.map(|b| &b.fields),
                &ours.fields,
                &theirs.fields,
                Side::Ours,
                |f| ron::to_string(f).unwrap_or_default(),
            ),
        }
    }

    fn settings(&mut self) -> super::Settings {
        let base = (!self.two_way).then_some(&self.base.settings);
        self.scalar(
            Subject::Settings,
            "",
            "settings",
            base,
            &self.ours.settings,
            &self.theirs.settings,
            Side::Ours,
            |s| ron::to_string(s).unwrap_or_default(),
        )
    }

    // ----- the result -----

    fn build(
        mut self,
        name: String,
        settings: super::Settings,
        labels: Vec<Label>,
        documents: Vec<Document>,
        annotations: Vec<Annotation>,
        links: Vec<Link>,
    ) -> Result<Merged, MergeError> {
        let invalid = |e: super::ProjectError| MergeError::Invalid(e.to_string());
        let (mut project, _) = Project::from_parts(name, labels, documents, annotations).map_err(invalid)?;
        project.settings = settings;
        for link in links {
            Edit::AddLink(link).apply(&mut project).map_err(invalid)?;
        }
        // Conflicts left by earlier merges on either side stay until resolved.
        let mut all: BTreeMap<String, Conflict> = BTreeMap::new();
        for conflict in self
            .ours
            .conflicts()
            .iter()
            .chain(self.theirs.conflicts())
            .cloned()
            .chain(self.conflicts.iter().cloned())
        {
            all.insert(conflict.id.clone(), conflict);
        }
        for conflict in all.into_values() {
            Edit::AddConflict(Box::new(conflict))
                .apply(&mut project)
                .map_err(invalid)?;
        }
        if let Some(curation) = merged_curation(self.ours.curation(), self.theirs.curation()) {
            Edit::SetCuration(Some(Box::new(curation)))
                .apply(&mut project)
                .map_err(invalid)?;
        }
        self.conflicts.sort_by(|a, b| a.id.cmp(&b.id));
        self.conflicts.dedup_by(|a, b| a.id == b.id);
        Ok(Merged {
            project,
            conflicts: self.conflicts,
            carried: self.carried,
        })
    }
}

/// Two curators' records of one gold copy: every decision either made, ours where both decided
/// the same version.
fn merged_curation(
    ours: Option<&super::curation::Curation>,
    theirs: Option<&super::curation::Curation>,
) -> Option<super::curation::Curation> {
    let mut merged = ours.or(theirs)?.clone();
    for decision in theirs.into_iter().flat_map(|t| &t.decisions) {
        if merged.decision(&decision.version).is_none() {
            merged.decide(decision.version.clone(), Some(decision.clone()));
        }
    }
    Some(merged)
}

/// One side removed an item the other changed (or used): it is kept, and this says so. The
/// remover's value is `None`; the project holds the other side's.
fn removal(subject: Subject, item: &str, removed_by: Side, why: &str) -> Conflict {
    let kept = Some(why.to_owned());
    let (ours, theirs) = match removed_by {
        Side::Ours => (None, kept),
        Side::Theirs => (kept, None),
    };
    let mut conflict = Conflict::new(subject, item, "exists", ours, theirs);
    conflict.holds = removed_by.other();
    conflict
}
