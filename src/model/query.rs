//! The annotation filter shared by the side panel and `marginalia list`.
//!
//! Text search ignores case and accents: both the query and each annotation's quote and note are
//! [`fold`]ed, so "marees" finds "marées" and "OEIL" finds "œil". The project keeps every
//! annotation's folded text, so a filter over 100 000 annotations folds nothing but the query.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::annotation::Annotation;
use super::ids::{DocId, LabelId};
use super::project::Project;

/// Lowercases and strips accents: canonical decomposition, combining marks dropped, ligatures
/// expanded. Decomposing one character at a time gives what NFD of the whole text gives less the
/// marks (NFD only reorders marks, which are dropped), without NFD's buffering.
pub fn fold(text: &str) -> String {
    let mut folded = String::with_capacity(text.len());
    if text.is_ascii() {
        folded.extend(text.chars().map(|c| c.to_ascii_lowercase()));
        return folded;
    }
    text.chars().for_each(|c| fold_char(c, &mut folded));
    folded
}

/// Appends the folded form of one character (see [`fold`]).
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    decompose_canonical(c, |part| match part {
        _ if is_combining_mark(part) => {}
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        'ß' => out.push_str("ss"),
        '\u{2019}' | '\u{2018}' => out.push('\''),
        _ => out.extend(part.to_lowercase()),
    });
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
    /// Only annotations placed approximately and not yet accepted (see [`Annotation::review`]).
    pub needs_review_only: bool,
    /// Only annotations a merge left a conflict on (see [`Project::conflicts`]).
    pub conflicts_only: bool,
    pub with_note_only: bool,
    /// Only annotations with no link (a claim without a source).
    pub unlinked_only: bool,
    /// Only annotations whose label has a verdict field left empty (a claim without a verdict).
    pub without_verdict_only: bool,
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
        let index = project.filter_index();
        let range = match &self.document {
            Some(doc_id) => project.positions_of(doc_id),
            None => 0..project.annotations().len(),
        };
        let wanted: Vec<bool> = project
            .labels()
            .iter()
            .map(|label| self.labels.is_empty() || self.labels.contains(&label.id))
            .collect();
        let passes = |i: usize| {
            wanted.get(usize::from(index.labels[i])).copied().unwrap_or(false)
                && (!self.orphaned_only || index.orphaned[i])
                && (!self.needs_review_only || index.needs_review[i])
                && (!self.conflicts_only || index.in_conflict[i])
                && (!self.with_note_only || index.has_note[i])
                && (!self.unlinked_only || index.unlinked[i])
                && (!self.without_verdict_only || index.without_verdict[i])
        };
        let needle = fold(self.text.trim());
        if needle.is_empty() {
            return range.filter(|&i| passes(i)).collect();
        }
        // One pass over the packed keys of the range; each hit is mapped back to its annotation.
        let bytes = index.starts[range.start]..index.starts[range.end];
        let mut found: Vec<usize> = Vec::new();
        for hit in memchr::memmem::find_iter(&index.text.as_bytes()[bytes.clone()], needle.as_bytes()) {
            let i = index.starts.partition_point(|&start| start <= bytes.start + hit) - 1;
            if found.last() != Some(&i) && passes(i) {
                found.push(i);
            }
        }
        found
    }
}

/// Every annotation's folded quote and note packed into one buffer, with its label position and
/// flags in small arrays: a filter over 100 000 annotations reads a few contiguous megabytes.
/// One annotation in or out updates it in place (a shift of the text after it), not a rebuild.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct FilterIndex {
    /// Each annotation's key followed by a NUL, which no folded query contains.
    text: String,
    /// Where each key starts in `text`, plus one entry for the end.
    starts: Vec<usize>,
    /// Each annotation's label, as a position in the label set (`u16::MAX` if unknown).
    labels: Vec<u16>,
    orphaned: Vec<bool>,
    needs_review: Vec<bool>,
    in_conflict: Vec<bool>,
    has_note: Vec<bool>,
    unlinked: Vec<bool>,
    without_verdict: Vec<bool>,
}

impl FilterIndex {
    /// How many annotations carry the label at `position` in the label set.
    pub(crate) fn count_label(&self, position: usize) -> usize {
        self.labels
            .iter()
            .filter(|&&label| usize::from(label) == position)
            .count()
    }

    /// How many annotations wait for their placement to be reviewed.
    pub(crate) fn count_needs_review(&self) -> usize {
        self.needs_review.iter().filter(|&&r| r).count()
    }

    pub(crate) fn build(project: &Project) -> Self {
        let positions: std::collections::HashMap<_, u16> = project
            .labels()
            .iter()
            .enumerate()
            .map(|(i, label)| (&label.id, u16::try_from(i).unwrap_or(u16::MAX)))
            .collect();
        let linked: std::collections::HashSet<_> = project
            .links()
            .iter()
            .flat_map(|link| [&link.from, &link.to])
            .collect();
        let in_conflict: std::collections::HashSet<&str> =
            project.conflicts().iter().map(|c| c.item.as_str()).collect();
        // The verdict field of each label that has one.
        let verdict_keys: std::collections::HashMap<_, &str> = project
            .labels()
            .iter()
            .filter_map(|label| Some((&label.id, verdict_key(label)?)))
            .collect();
        let keys = project.search_keys();
        let mut index = Self {
            text: String::with_capacity(keys.iter().map(|k| k.len() + 1).sum()),
            starts: Vec::with_capacity(keys.len() + 1),
            ..Self::default()
        };
        index.starts.push(0);
        for (annotation, key) in project.annotations().iter().zip(keys) {
            let row = Row {
                label: positions.get(&annotation.label).copied().unwrap_or(u16::MAX),
                in_conflict: in_conflict.contains(annotation.id.as_str()),
                unlinked: !linked.contains(&annotation.id),
                verdict_key: verdict_keys.get(&annotation.label).copied(),
            };
            index.insert(index.labels.len(), key, annotation, row);
        }
        index
    }

    /// The entry of an annotation just placed at `position` in [`Project::annotations`].
    pub(crate) fn inserted(&mut self, project: &Project, position: usize) {
        let annotation = &project.annotations()[position];
        let label = project.label(&annotation.label);
        let row = Row {
            label: project
                .label_position(&annotation.label)
                .map_or(u16::MAX, |i| u16::try_from(i).unwrap_or(u16::MAX)),
            in_conflict: project.conflicts_of(annotation.id.as_str()).next().is_some(),
            unlinked: project.links_of(&annotation.id).next().is_none(),
            verdict_key: label.and_then(verdict_key),
        };
        self.insert(position, &project.search_keys()[position], annotation, row);
    }

    /// Drops the entry at `position` (its annotation has gone).
    pub(crate) fn removed(&mut self, position: usize) {
        let (start, end) = (self.starts[position], self.starts[position + 1]);
        self.text.replace_range(start..end, "");
        self.starts.remove(position);
        self.starts[position..].iter_mut().for_each(|s| *s -= end - start);
        for column in self.flags_mut() {
            column.remove(position);
        }
        self.labels.remove(position);
    }

    fn insert(&mut self, position: usize, key: &str, annotation: &Annotation, row: Row) {
        let start = self.starts[position];
        self.text.insert_str(start, key);
        self.text.insert(start + key.len(), '\0');
        self.starts.insert(position, start);
        self.starts[position + 1..]
            .iter_mut()
            .for_each(|s| *s += key.len() + 1);
        self.labels.insert(position, row.label);
        let flags = [
            annotation.orphaned,
            annotation.review.is_some(),
            row.in_conflict,
            !annotation.note.trim().is_empty(),
            row.unlinked,
            row.verdict_key
                .is_some_and(|key| !annotation.fields.contains_key(key)),
        ];
        for (column, flag) in self.flags_mut().into_iter().zip(flags) {
            column.insert(position, flag);
        }
    }

    fn flags_mut(&mut self) -> [&mut Vec<bool>; 6] {
        [
            &mut self.orphaned,
            &mut self.needs_review,
            &mut self.in_conflict,
            &mut self.has_note,
            &mut self.unlinked,
            &mut self.without_verdict,
        ]
    }
}

/// What an annotation's entry needs from the rest of the project.
struct Row<'p> {
    label: u16,
    in_conflict: bool,
    unlinked: bool,
    /// Its label's verdict field, if the label has one.
    verdict_key: Option<&'p str>,
}

fn verdict_key(label: &super::Label) -> Option<&str> {
    let field = label.fields.iter().find(|f| f.kind == super::FieldKind::Rating)?;
    Some(field.key.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::anchor::{Quote, Review};
    use crate::model::{AnnotationId, CharRange, Document, Edit};

    proptest::proptest! {
        #[test]
        fn folding_one_character_at_a_time_is_nfd_less_marks(text in "\\PC{0,40}") {
            use unicode_normalization::UnicodeNormalization;
            let reference: String = text
                .nfd()
                .filter(|&c| !is_combining_mark(c))
                .map(|c| {
                    let mut one = String::new();
                    fold_char(c, &mut one);
                    one
                })
                .collect();
            proptest::prop_assert_eq!(fold(&text), reference);
        }
    }

    #[test]
    fn needs_review_cases() {
        let mut project = Project::new("p");
        let document = Document::new("a", "one two three four five six");
        let doc_id = document.id.clone();
        Edit::AddDocument {
            position: 0,
            document,
        }
        .apply(&mut project)
        .unwrap();
        // (start, orphaned, waiting for review, note)
        let rows = [
            (0, false, true, ""),
            (4, true, false, ""),
            (8, false, true, "x"),
            (14, false, false, ""),
        ];
        for (start, orphaned, review, note) in rows {
            let text = project.document(&doc_id).unwrap().text.clone();
            let range = CharRange::new(start, start + 3);
            let time = crate::model::annotation::now();
            let annotation = Annotation {
                id: AnnotationId::generate(),
                document: doc_id.clone(),
                start,
                end: start + 3,
                quote: Quote::capture(&text, range).unwrap(),
                label: "claim".into(),
                note: note.into(),
                fields: Default::default(),
                orphaned,
                review: review.then(|| Review {
                    previous: "old".into(),
                    score: 60,
                }),
                agreed: None,
                created: time,
                modified: time,
            };
            Edit::AddAnnotation(annotation).apply(&mut project).unwrap();
        }
        let starts = |query: Query| -> Vec<usize> { query.run(&project).iter().map(|a| a.start).collect() };
        // (query, starts of the annotations it keeps)
        let cases = [
            (
                Query {
                    needs_review_only: true,
                    ..Query::default()
                },
                vec![0, 8],
            ),
            (
                Query {
                    needs_review_only: true,
                    with_note_only: true,
                    ..Query::default()
                },
                vec![8],
            ),
            (
                Query {
                    needs_review_only: true,
                    orphaned_only: true,
                    ..Query::default()
                },
                vec![],
            ),
            (
                Query {
                    needs_review_only: true,
                    text: "thr".into(),
                    ..Query::default()
                },
                vec![8],
            ),
            (Query::default(), vec![0, 4, 8, 14]),
        ];
        for (query, expected) in cases {
            assert_eq!(starts(query.clone()), expected, "{query:?}");
        }
        assert_eq!(project.count_needing_review(), 2);
        // A merge's conflict on the annotation at 4: the conflicts filter keeps it alone.
        let second = project.annotations()[1].id.to_string();
        let conflict = crate::model::conflict::Conflict::new(
            crate::model::conflict::Subject::Annotation,
            &second,
            "note",
            Some("a".into()),
            Some("b".into()),
        );
        Edit::AddConflict(Box::new(conflict)).apply(&mut project).unwrap();
        let conflicts_only = Query {
            conflicts_only: true,
            ..Query::default()
        };
        let kept: Vec<usize> = conflicts_only.run(&project).iter().map(|a| a.start).collect();
        assert_eq!(kept, vec![4]);
    }

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
