//! Scoring a student's markup against an answer key: precision, recall and F1 per label with exact
//! and overlap matching, Cohen's kappa over characters, and the missed, extra and mislabelled spans.
//!
//! - Exact: a student span counts when a key span has the same document, range and label.
//! - Overlap: a student span counts when it shares at least half of the longer of the two spans
//!   with a key span of the same label. Matching is one to one, largest overlaps first.
//! - Kappa: every character of every document gets one category per side, the label of the
//!   shortest span covering it (or none); kappa compares the two sequences. Per label, the same
//!   over "in a span of this label" or not.
//! - Alpha: Krippendorff's unitizing alpha of key and student over all labels, from
//!   [`agreement`](super::agreement) (the class table shows it beside F1).
//!
//! The same results in plain words (what the app's compare panel and the feedback report say)
//! are at the end: [`tallies`], [`found_sentence`], the difference texts and [`MEASURES`].

use std::collections::HashMap;

use serde::Serialize;

use super::annotation::Annotation;
use super::ids::{DocId, LabelId};
use super::project::Project;
use super::text::CharRange;

/// A span as scored: where it is and what it says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The key's document id (student documents are matched to the key's).
    pub document: DocId,
    pub start: usize,
    pub end: usize,
    pub label: LabelId,
    pub quote: String,
}

impl Span {
    /// An annotation as scored, placed on the key's document `document`.
    fn of(annotation: &Annotation, document: &DocId) -> Self {
        Self {
            document: document.clone(),
            start: annotation.start,
            end: annotation.end,
            label: annotation.label.clone(),
            quote: annotation.quote.exact.clone(),
        }
    }
}

/// Counts and the measures made of them; a measure is `None` when it would divide by zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Prf {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl Prf {
    fn new(true_positives: usize, student: usize, key: usize) -> Self {
        let ratio = |n: usize, d: usize| (d > 0).then(|| n as f64 / d as f64);
        let (false_positives, false_negatives) = (student - true_positives, key - true_positives);
        Self {
            true_positives,
            false_positives,
            false_negatives,
            precision: ratio(true_positives, student),
            recall: ratio(true_positives, key),
            f1: ratio(
                2 * true_positives,
                2 * true_positives + false_positives + false_negatives,
            ),
        }
    }
}

/// A measure for people: two decimals, or "—" when it is undefined.
pub fn shown(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"))
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabelScore {
    pub label: LabelId,
    pub name: String,
    pub key_spans: usize,
    pub student_spans: usize,
    pub exact: Prf,
    pub overlap: Prf,
    pub kappa: Option<f64>,
}

/// A student span over a key span of another label.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mislabelled {
    pub key: Span,
    pub student: Span,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    pub labels: Vec<LabelScore>,
    /// All labels together.
    pub exact: Prf,
    pub overlap: Prf,
    pub kappa: Option<f64>,
    /// Krippendorff's unitizing alpha of the key and the student over all labels (see
    /// [`agreement`](super::agreement)): how well the student's spans line up with the key's,
    /// beyond chance.
    pub alpha: Option<f64>,
    pub missed: Vec<Span>,
    pub extra: Vec<Span>,
    pub mislabelled: Vec<Mislabelled>,
    /// The student's spans that match a key span of the same label (overlap matching).
    pub found: Vec<Span>,
    /// Student spans on documents the key does not have.
    pub unmatched_documents: usize,
}

/// The copy handed to students: the key's documents, labels and settings, no annotations,
/// links or notes on documents (they may hold the answers), and the instructions shown when it
/// is opened. The key stays the answer key.
pub fn student_copy(key: &Project, instructions: &str) -> Project {
    let documents = key
        .documents()
        .iter()
        .map(|doc| crate::model::Document {
            notes: Vec::new(),
            ..doc.clone()
        })
        .collect();
    let (mut copy, _) = Project::from_parts(
        format!("{} (exercise)", key.name),
        key.labels().to_vec(),
        documents,
        Vec::new(),
    )
    .expect("the key's own labels and documents satisfy every invariant");
    copy.settings = key.settings.clone();
    copy.settings.instructions = instructions.to_owned();
    copy
}

/// Scores `student` against `key`.
pub fn compare(key: &Project, student: &Project) -> Comparison {
    let key_spans = spans_of(key);
    let (student_spans, unmatched_documents) = student_spans(key, student);

    let exact_pairs = exact_matches(&key_spans, &student_spans);
    let overlap_pairs = overlap_matches(&key_spans, &student_spans, true);
    let mut labels = Vec::new();
    for label in key.labels() {
        let count = |spans: &[Span]| spans.iter().filter(|s| s.label == label.id).count();
        let (in_key, in_student) = (count(&key_spans), count(&student_spans));
        let matched = |pairs: &[(usize, usize)]| {
            pairs
                .iter()
                .filter(|(k, _)| key_spans[*k].label == label.id)
                .count()
        };
        labels.push(LabelScore {
            label: label.id.clone(),
            name: label.name.clone(),
            key_spans: in_key,
            student_spans: in_student,
            exact: Prf::new(matched(&exact_pairs), in_student, in_key),
            overlap: Prf::new(matched(&overlap_pairs), in_student, in_key),
            kappa: character_kappa(key, &key_spans, &student_spans, Some(&label.id)),
        });
    }

    let matched_key: Vec<bool> = flags(key_spans.len(), overlap_pairs.iter().map(|p| p.0));
    let matched_student: Vec<bool> = flags(student_spans.len(), overlap_pairs.iter().map(|p| p.1));
    let unmatched =
        |spans: &[Span], used: &[bool]| -> Vec<usize> { (0..spans.len()).filter(|&i| !used[i]).collect() };
    let (free_key, free_student) = (
        unmatched(&key_spans, &matched_key),
        unmatched(&student_spans, &matched_student),
    );
    let cross = overlap_matches(
        &free_key.iter().map(|&i| key_spans[i].clone()).collect::<Vec<_>>(),
        &free_student
            .iter()
            .map(|&i| student_spans[i].clone())
            .collect::<Vec<_>>(),
        false,
    );
    let mislabelled_key = flags(free_key.len(), cross.iter().map(|p| p.0));
    let mislabelled_student = flags(free_student.len(), cross.iter().map(|p| p.1));
    Comparison {
        exact: Prf::new(exact_pairs.len(), student_spans.len(), key_spans.len()),
        overlap: Prf::new(overlap_pairs.len(), student_spans.len(), key_spans.len()),
        kappa: character_kappa(key, &key_spans, &student_spans, None),
        alpha: super::agreement::key_alpha(key, &key_spans, &student_spans),
        labels,
        missed: (0..free_key.len())
            .filter(|&i| !mislabelled_key[i])
            .map(|i| key_spans[free_key[i]].clone())
            .collect(),
        extra: (0..free_student.len())
            .filter(|&i| !mislabelled_student[i])
            .map(|i| student_spans[free_student[i]].clone())
            .collect(),
        mislabelled: cross
            .iter()
            .map(|&(k, s)| Mislabelled {
                key: key_spans[free_key[k]].clone(),
                student: student_spans[free_student[s]].clone(),
            })
            .collect(),
        found: overlap_pairs
            .iter()
            .map(|&(_, s)| student_spans[s].clone())
            .collect(),
        unmatched_documents,
    }
}

fn flags(len: usize, set: impl Iterator<Item = usize>) -> Vec<bool> {
    let mut flags = vec![false; len];
    for i in set {
        flags[i] = true;
    }
    flags
}

/// The key's spans (orphaned ones have no trustworthy position).
fn spans_of(project: &Project) -> Vec<Span> {
    project
        .annotations()
        .iter()
        .filter(|a| !a.orphaned)
        .map(|a| Span::of(a, &a.document))
        .collect()
}

/// The student's spans moved onto the key's documents (same id, else same text), and how many
/// spans lie on documents the key does not have.
fn student_spans(key: &Project, student: &Project) -> (Vec<Span>, usize) {
    let mut spans = Vec::new();
    let mut unmatched = 0;
    for document in student.documents() {
        let key_document = key.document(&document.id).or_else(|| {
            key.documents()
                .iter()
                .find(|d| d.text.as_str() == document.text.as_str())
        });
        let annotations = student
            .annotations_of(&document.id)
            .iter()
            .filter(|a| !a.orphaned);
        let Some(key_document) = key_document else {
            unmatched += annotations.count();
            continue;
        };
        spans.extend(annotations.map(|a| Span::of(a, &key_document.id)));
    }
    (spans, unmatched)
}

/// What matching and categorising read of a span: its document, range and label. [`Span`] has
/// them as ids; `agreement` passes its own marks with indices, so the same matching runs on
/// hundreds of pairs without hashing strings.
pub(crate) trait Placed {
    type Document: Eq + std::hash::Hash;
    type Label: Eq + std::hash::Hash;
    /// How the matching's tables hash: std's keyed hasher for ids from files, anything
    /// cheaper for small indices.
    type Hasher: std::hash::BuildHasher + Default;
    fn document(&self) -> &Self::Document;
    fn label(&self) -> &Self::Label;
    fn start(&self) -> usize;
    fn end(&self) -> usize;

    fn range(&self) -> CharRange {
        CharRange::new(self.start(), self.end())
    }
}

impl Placed for Span {
    type Document = DocId;
    type Label = LabelId;
    type Hasher = std::collections::hash_map::RandomState;

    fn document(&self) -> &DocId {
        &self.document
    }

    fn label(&self) -> &LabelId {
        &self.label
    }

    fn start(&self) -> usize {
        self.start
    }

    fn end(&self) -> usize {
        self.end
    }
}

/// Pairs (key index, student index) with the same document, range and label, one to one.
pub(crate) fn exact_matches<S: Placed>(key: &[S], student: &[S]) -> Vec<(usize, usize)> {
    type Key<'a, S> = (
        &'a <S as Placed>::Document,
        usize,
        usize,
        &'a <S as Placed>::Label,
    );
    // The key spans of each (document, range, label) as a stack: the last one pushed, then
    // `below[it]` and so on (no list allocated per range).
    const NONE: usize = usize::MAX;
    let mut top: HashMap<Key<S>, usize, S::Hasher> =
        HashMap::with_capacity_and_hasher(key.len(), S::Hasher::default());
    let mut below = vec![NONE; key.len()];
    for (i, span) in key.iter().enumerate() {
        let slot = top
            .entry((span.document(), span.start(), span.end(), span.label()))
            .or_insert(NONE);
        below[i] = *slot;
        *slot = i;
    }
    student
        .iter()
        .enumerate()
        .filter_map(|(s, span)| {
            let slot = top.get_mut(&(span.document(), span.start(), span.end(), span.label()))?;
            let k = *slot;
            (k != NONE).then(|| {
                *slot = below[k];
                (k, s)
            })
        })
        .collect()
}

/// Pairs whose spans overlap by at least half of the longer one, largest overlaps first, one to
/// one; with `same_label`, only spans of the same label pair up, else only different labels.
pub(crate) fn overlap_matches<S: Placed>(key: &[S], student: &[S], same_label: bool) -> Vec<(usize, usize)> {
    // Key spans by document, sorted by start, with the longest one's length: a key span can only
    // overlap a student span if it starts within that length before the student span's start.
    // Each document's key spans sorted by start, their starts beside them (searched without
    // reaching into the spans), and the longest one's length.
    type Sorted = (Vec<usize>, Vec<usize>, usize);
    let mut by_document: HashMap<&S::Document, Sorted, S::Hasher> = HashMap::default();
    for (i, span) in key.iter().enumerate() {
        let entry = by_document.entry(span.document()).or_default();
        entry.0.push(i);
        entry.2 = entry.2.max(span.end() - span.start());
    }
    for (indices, starts, _) in by_document.values_mut() {
        indices.sort_by_key(|&i| key[i].start());
        starts.extend(indices.iter().map(|&i| key[i].start()));
    }
    let mut candidates = Vec::new();
    for (s, span) in student.iter().enumerate() {
        let Some((indices, starts, longest)) = by_document.get(span.document()) else {
            continue;
        };
        let first = starts.partition_point(|&start| start + longest < span.start());
        let before_end = starts[first..]
            .iter()
            .take_while(|&&start| start < span.end())
            .count();
        for &k in &indices[first..first + before_end] {
            let key_span = &key[k];
            if (key_span.label() == span.label()) != same_label {
                continue;
            }
            let shared = key_span.range().overlap(span.range());
            let longer = key_span.range().len().max(span.range().len());
            if shared > 0 && 2 * shared >= longer {
                candidates.push((shared, k, s));
            }
        }
    }
    // Largest overlap first; ties in a fixed order so results never depend on hashing.
    candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let (mut key_used, mut student_used) = (vec![false; key.len()], vec![false; student.len()]);
    let mut pairs = Vec::new();
    for (_, k, s) in candidates {
        if !key_used[k] && !student_used[s] {
            key_used[k] = true;
            student_used[s] = true;
            pairs.push((k, s));
        }
    }
    pairs.sort_unstable();
    pairs
}

/// Cohen's kappa over every character of the key's documents; with `label`, over "in a span of
/// this label" or not. `None` when there is no character to compare.
fn character_kappa(
    key: &Project,
    key_spans: &[Span],
    student_spans: &[Span],
    label: Option<&LabelId>,
) -> Option<f64> {
    let categories: Vec<&LabelId> = key.labels().iter().map(|l| &l.id).collect();
    // Category 0 is "no span"; labels follow in the key's order.
    let size = categories.len() + 1;
    let mut table = vec![0u64; size * size];
    for document in key.documents() {
        let len = document.text.char_len();
        let key_chars = categorise(len, key_spans, &document.id, &categories, label);
        let student_chars = categorise(len, student_spans, &document.id, &categories, label);
        for (k, s) in key_chars.into_iter().zip(student_chars) {
            table[k * size + s] += 1;
        }
    }
    kappa(&table, size)
}

/// Each character's category: the label of the shortest span covering it (0 for none). With
/// `only`, 1 for characters in a span of that label and 0 elsewhere.
pub(crate) fn categorise<S: Placed>(
    len: usize,
    spans: &[S],
    doc_id: &S::Document,
    categories: &[&S::Label],
    only: Option<&S::Label>,
) -> Vec<usize> {
    let mut category = vec![0usize; len];
    let mut span_len = vec![usize::MAX; len];
    for span in spans.iter().filter(|s| s.document() == doc_id) {
        let value = match only {
            Some(label) if span.label() != label => continue,
            Some(_) => 1,
            None => 1 + categories.iter().position(|c| *c == span.label()).unwrap_or(0),
        };
        let length = span.end() - span.start();
        for position in span.start()..span.end().min(len) {
            if length < span_len[position] {
                span_len[position] = length;
                category[position] = value;
            }
        }
    }
    category
}

/// Cohen's kappa of a square confusion table.
pub(crate) fn kappa(table: &[u64], size: usize) -> Option<f64> {
    let total: u64 = table.iter().sum();
    if total == 0 {
        return None;
    }
    let n = total as f64;
    let observed = (0..size).map(|i| table[i * size + i]).sum::<u64>() as f64 / n;
    let expected: f64 = (0..size)
        .map(|i| {
            let row: u64 = (0..size).map(|j| table[i * size + j]).sum();
            let column: u64 = (0..size).map(|j| table[j * size + i]).sum();
            (row as f64 / n) * (column as f64 / n)
        })
        .sum();
    if (1.0 - expected).abs() < f64::EPSILON {
        // Both sides put every character in the same single category: perfect agreement.
        return Some(if observed >= 1.0 { 1.0 } else { 0.0 });
    }
    Some((observed - expected) / (1.0 - expected))
}

// ----- in plain words: what the app and the feedback report both say -----

/// One label's result in counts a student can read. Every key span of the label is found,
/// missed or marked with another label: `key == found + missed + wrong_label`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub label: LabelId,
    pub name: String,
    /// Spans of this label in the key.
    pub key: usize,
    pub found: usize,
    pub missed: usize,
    /// Key spans of this label the student marked with another label.
    pub wrong_label: usize,
    /// The student's spans of this label that the key does not have at all.
    pub extra: usize,
}

/// Per label, in the key's order, the labels that either side used.
pub fn tallies(c: &Comparison) -> Vec<Tally> {
    c.labels
        .iter()
        .filter(|l| l.key_spans > 0 || l.student_spans > 0)
        .map(|l| {
            let of = |spans: &[Span]| spans.iter().filter(|s| s.label == l.label).count();
            Tally {
                label: l.label.clone(),
                name: l.name.clone(),
                key: l.key_spans,
                found: l.overlap.true_positives,
                missed: of(&c.missed),
                wrong_label: c.mislabelled.iter().filter(|p| p.key.label == l.label).count(),
                extra: of(&c.extra),
            }
        })
        .collect()
}

/// All labels together.
pub fn total(c: &Comparison) -> Tally {
    let found = c.overlap.true_positives;
    Tally {
        label: LabelId::from("all"),
        name: "span".to_owned(),
        key: found + c.missed.len() + c.mislabelled.len(),
        found,
        missed: c.missed.len(),
        wrong_label: c.mislabelled.len(),
        extra: c.extra.len(),
    }
}

/// "claims" for the label "Claim": lower case unless the name has capitals inside (an
/// acronym), an English plural for Latin letters, else "“名前” spans".
pub fn plural(name: &str) -> String {
    let name = name.trim();
    let Some(last) = name.chars().last() else {
        return "spans".to_owned();
    };
    let capitals_inside = name.chars().skip(1).any(char::is_uppercase);
    let word = if capitals_inside {
        name.to_owned()
    } else {
        let mut chars = name.chars();
        chars
            .next()
            .map(|first| first.to_lowercase().chain(chars).collect())
            .unwrap_or_default()
    };
    if !last.is_alphabetic() || u32::from(last) >= 0x250 {
        return format!("“{name}” spans");
    }
    let lower = word.to_lowercase();
    let consonant_y =
        lower.ends_with('y') && !lower.chars().rev().nth(1).is_some_and(|c| "aeiou".contains(c));
    if consonant_y && !capitals_inside {
        format!("{}ies", &word[..word.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|end| lower.ends_with(end)) {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

/// "You found 12 of the 22 claims", and the cases of none, one and all.
pub fn found_sentence(t: &Tally) -> String {
    let many = plural(&t.name);
    match (t.found, t.key) {
        (_, 0) => format!("The key has no {many}"),
        (1, 1) => format!("You found the one {}", one(&t.name)),
        (0, 1) => format!("You did not find the one {}", one(&t.name)),
        (0, key) => format!("You found none of the {key} {many}"),
        (found, key) if found == key => format!("You found all {key} {many}"),
        (found, key) => format!("You found {found} of the {key} {many}"),
    }
}

/// The label's name as it reads inside a sentence ("claim" for "Claim").
fn one(name: &str) -> String {
    let plural = plural(name);
    if plural.ends_with(" spans") {
        format!("{} span", name.trim())
    } else if name.chars().skip(1).any(char::is_uppercase) {
        name.trim().to_owned()
    } else {
        let mut chars = name.trim().chars();
        chars
            .next()
            .map(|first| first.to_lowercase().chain(chars).collect())
            .unwrap_or_default()
    }
}

/// "12 found · 7 missed · 3 with another label · 2 extra", leaving out the zeros (but never all).
pub fn tally_line(t: &Tally) -> String {
    let parts: Vec<String> = [
        (t.found, "found"),
        (t.missed, "missed"),
        (t.wrong_label, "with another label"),
        (t.extra, "extra"),
    ]
    .iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{n} {what}"))
    .collect();
    if parts.is_empty() {
        "nothing marked".to_owned()
    } else {
        parts.join(" · ")
    }
}

/// A span the student found: "you marked it Claim, like the key".
pub fn found_text(label: &str) -> String {
    format!("you marked it {label}, like the key")
}

/// A key span the student did not mark.
pub fn missed_text(label: &str) -> String {
    format!("the key marks it {label}; you did not mark it")
}

/// A student span the key does not have.
pub fn extra_text(label: &str) -> String {
    format!("you marked it {label}; the key does not mark it")
}

/// A span marked with another label than the key's.
pub fn wrong_label_text(student_label: &str, key_label: &str) -> String {
    format!("you marked {student_label}, the key says {key_label}")
}

/// The numbers, each with one line on what it means (shown under "Details").
pub const MEASURES: &[(&str, &str)] = &[
    (
        "Precision",
        "of the spans you marked, the share that the key has too",
    ),
    ("Recall", "of the spans in the key, the share that you found"),
    (
        "F1",
        "precision and recall in one number: 1 is perfect, 0 is nothing right",
    ),
    (
        "Exact F1",
        "the same, counting a span only when it starts and ends exactly where the key's does",
    ),
    (
        "Kappa",
        "agreement letter by letter beyond what chance would give: 1 is perfect, 0 is chance",
    ),
];

/// The values of [`MEASURES`], in their order, for one label or for all of them.
pub fn measures(overlap: &Prf, exact: &Prf, kappa: Option<f64>) -> [Option<f64>; 5] {
    [overlap.precision, overlap.recall, overlap.f1, exact.f1, kappa]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kappa_by_hand() {
        // Two categories: 20 agree on A, 15 on B, 10 A/B, 5 B/A: po = 0.7, pe = 0.5, kappa = 0.4.
        let table = [20, 10, 5, 15];
        assert!((kappa(&table, 2).unwrap() - 0.4).abs() < 1e-12);
        assert_eq!(kappa(&[0, 0, 0, 0], 2), None);
        assert_eq!(kappa(&[7, 0, 0, 0], 2), Some(1.0));
    }

    #[test]
    fn measures_by_case() {
        let cases = [
            // (tp, student, key) -> (precision, recall, f1)
            ((2, 4, 2), (Some(0.5), Some(1.0), Some(2.0 / 3.0))),
            ((0, 0, 3), (None, Some(0.0), Some(0.0))),
            ((0, 2, 0), (Some(0.0), None, Some(0.0))),
            ((0, 0, 0), (None, None, None)),
        ];
        for ((tp, student, key), (p, r, f1)) in cases {
            let prf = Prf::new(tp, student, key);
            assert_eq!(
                (prf.precision, prf.recall, prf.f1),
                (p, r, f1),
                "{tp} {student} {key}"
            );
        }
    }

    #[test]
    fn plurals_by_case() {
        let cases = [
            ("Claim", "claims"),
            ("Source", "sources"),
            ("Opinion", "opinions"),
            ("Bias", "biases"),
            ("Policy", "policies"),
            ("Survey", "surveys"),
            ("Speech", "speeches"),
            ("NER", "NERs"),
            ("Fait vérifié", "fait vérifiés"),
            ("主張", "“主張” spans"),
            ("", "spans"),
        ];
        for (name, expected) in cases {
            assert_eq!(plural(name), expected, "{name}");
        }
    }

    #[test]
    fn sentences_by_case() {
        let tally = |key, found, missed, wrong_label, extra| Tally {
            label: "claim".into(),
            name: "Claim".into(),
            key,
            found,
            missed,
            wrong_label,
            extra,
        };
        let cases = [
            (
                tally(22, 12, 7, 3, 2),
                "You found 12 of the 22 claims",
                "12 found · 7 missed · 3 with another label · 2 extra",
            ),
            (tally(22, 22, 0, 0, 0), "You found all 22 claims", "22 found"),
            (tally(5, 0, 5, 0, 0), "You found none of the 5 claims", "5 missed"),
            (
                tally(1, 1, 0, 0, 1),
                "You found the one claim",
                "1 found · 1 extra",
            ),
            (
                tally(1, 0, 0, 1, 0),
                "You did not find the one claim",
                "1 with another label",
            ),
            (tally(0, 0, 0, 0, 2), "The key has no claims", "2 extra"),
            (tally(0, 0, 0, 0, 0), "The key has no claims", "nothing marked"),
        ];
        for (t, sentence, line) in cases {
            assert_eq!(
                (found_sentence(&t).as_str(), tally_line(&t).as_str()),
                (sentence, line)
            );
        }
        assert_eq!(
            wrong_label_text("Opinion", "Source"),
            "you marked Opinion, the key says Source"
        );
        assert_eq!(
            MEASURES.len(),
            measures(&Prf::default(), &Prf::default(), None).len()
        );
    }
}
