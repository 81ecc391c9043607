//! Agreement between annotators: several copies of the same documents (a [`Panel`]) measured
//! against each other, overall, per label and per document. Pure functions, no UI, no files.
//!
//! The measures (each `None` where it is undefined — never a division by zero or NaN):
//!
//! - **Alpha over positions**: Krippendorff's alpha, nominal, as INCEpTION/DKPro build a
//!   "coding" study: a unit is a distinct (document, start, end) that any annotator marked; each
//!   annotator's value there is the label they gave that exact range, missing if they have no
//!   span exactly there ([`coding`]). Per label: the binary collapse (that label against any other
//!   value) of the same study.
//! - **Unitizing alpha (αu)**: Krippendorff's alpha of where the units of each label are, over
//!   the character continuum ([`unitizing`]); overall `1 − ΣD_o/ΣD_e` over the labels.
//! - **Fleiss' kappa** over characters, and **Cohen's kappa** when there are exactly two
//!   annotators ([`characters`]): a character's category is the label of the shortest span
//!   covering it, or none; per label, in a span of that label or not. Known weakness: text nobody
//!   marked counts as agreement, so long unmarked stretches raise kappa.
//! - **Pairwise F1**, exact and overlap, for every pair of annotators, with `compare`'s matching
//!   ([`pairs`]); per label and per document from the same matching.
//!
//! Treatment rules:
//!
//! - Documents are the first copy's (see [`copies`](super::copies)). The overall and per-label
//!   figures are over the documents *every* annotator has (for αu, one continuum: those
//!   documents one after another, in the first copy's order); each document's figures use the
//!   annotators whose copy has it. With one document chosen, the overall figures are that
//!   document's, with the annotators that have it.
//! - An annotator with no annotations takes part as one who marked nothing; a copy that lacks
//!   a document is missing for it.
//! - Orphaned annotations take no part; ranges are clipped to the text and empty ones dropped.
//! - Stacked: when one annotator gave two *different* labels to exactly the same range, that
//!   position is left out of alpha over positions and counted (`stacked_units`), as INCEpTION
//!   does; the same label twice there is one value.
//! - Overlapping or nested spans of one label from one annotator are merged into their union for
//!   αu (which needs non-overlapping units per coder and label) and for the per-label character
//!   measures; alpha over positions and F1 keep every span as it is.
//! - Chance-corrected measures with no variation (one category everywhere, e.g. a document
//!   nobody marked) are undefined, not 1.

pub mod characters;
pub mod coding;
mod pairs;
pub mod unitizing;

use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;

use self::characters::FleissCounts;
use self::coding::Coincidences;
use self::pairs::{Mark, Matched};
use self::unitizing::{Disagreement, combined};
use super::copies::Panel;
use super::ids::{DocId, LabelId};
use super::project::Project;
use super::scoring::{Span, categorise};

/// What the report is restricted to.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Only this label.
    pub label: Option<LabelId>,
    /// Only the reference document of this index.
    pub document: Option<usize>,
}

/// Pairwise figures: `values[a][b]` for annotators `a` and `b` (symmetric; `None` on the
/// diagonal, for an annotator without the documents, or where undefined), and their mean over
/// the pairs where it is defined.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Matrix {
    pub values: Vec<Vec<Option<f64>>>,
    pub mean: Option<f64>,
}

/// Every measure over one set of documents and labels.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Measures {
    /// Krippendorff's alpha, nominal, over exact positions.
    pub alpha_positions: Option<f64>,
    /// Positions with values from at least two annotators: the units alpha is made of.
    pub pairable_units: usize,
    /// Positions left out because an annotator gave two different labels there (per label:
    /// those where this label is one of them).
    pub stacked_units: usize,
    /// Krippendorff's unitizing alpha over the characters.
    pub alpha_unitizing: Option<f64>,
    pub fleiss_kappa: Option<f64>,
    /// Only with exactly two annotators.
    pub cohen_kappa: Option<f64>,
    pub f1_exact: Matrix,
    pub f1_overlap: Matrix,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LabelRow {
    pub label: LabelId,
    pub name: String,
    /// Each annotator's spans of the label on the compared documents.
    pub spans: Vec<usize>,
    pub measures: Measures,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentRow {
    pub document: DocId,
    pub title: String,
    /// Each annotator's spans on it (of the chosen label, if one is); `None` when their copy
    /// lacks the document.
    pub spans: Vec<Option<usize>>,
    pub measures: Measures,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub annotators: Vec<String>,
    /// The documents the overall and per-label figures are over.
    pub compared_documents: Vec<DocId>,
    /// The reference's documents in all.
    pub documents_in_all: usize,
    /// The chosen label, if any.
    pub label: Option<LabelId>,
    pub overall: Measures,
    /// The labels anybody used on the documents in view (only the chosen one, if any).
    pub labels: Vec<LabelRow>,
    pub documents: Vec<DocumentRow>,
    /// Per annotator, annotations on documents the first copy does not have (not compared).
    pub unmatched: Vec<usize>,
}

/// Merged units of one annotator: `[document][label]`, ranges on that document's text.
type Units = Vec<Vec<Vec<(usize, usize)>>>;

/// The documents and annotators one set of figures is over.
struct Group {
    documents: Vec<usize>,
    coders: Vec<usize>,
}

/// What one document's figures are made of (with the annotators that have it); the sums over
/// documents make the overall figures.
struct DocumentStats {
    coincidences: Coincidences,
    /// Stacked positions in all, and per label those where the label is one of them.
    stacked: usize,
    stacked_by_label: Vec<usize>,
    fleiss: FleissCounts,
    fleiss_by_label: Vec<FleissCounts>,
    /// With exactly two annotators: the confusion table over all categories, and per label.
    cohen: Option<(Vec<u64>, Vec<Vec<u64>>)>,
    unitizing: Vec<Disagreement>,
}

/// The panel's annotations in the forms the measures need.
struct Study<'p, 'a> {
    panel: &'p Panel<'a>,
    labels: Vec<LabelId>,
    lengths: Vec<usize>,
    /// Each annotator's spans, document by document.
    marked: Vec<Vec<Mark>>,
    /// `ranges[annotator][document]`: that document's spans in `marked[annotator]`.
    ranges: Vec<Vec<Range<usize>>>,
    /// `counts[annotator][document * labels + label]`: spans.
    counts: Vec<Vec<u32>>,
    units: Vec<Units>,
}

impl<'p, 'a> Study<'p, 'a> {
    fn new(panel: &'p Panel<'a>, label: Option<&LabelId>) -> Self {
        let mut labels = panel.labels();
        if let Some(label) = label
            && !labels.contains(label)
        {
            labels.push(label.clone());
        }
        let index: HashMap<&LabelId, usize> = labels.iter().enumerate().map(|(i, l)| (l, i)).collect();
        let documents = panel.documents();
        let lengths: Vec<usize> = documents.iter().map(|d| d.text.char_len()).collect();
        let k = labels.len();
        let (mut marked, mut ranges, mut counts, mut units) = (vec![], vec![], vec![], vec![]);
        for by_document in &panel.marks {
            let mut spans = Vec::new();
            let mut own_ranges = Vec::with_capacity(documents.len());
            let mut own_counts = vec![0u32; documents.len() * k];
            let mut own_units: Units = Vec::with_capacity(documents.len());
            for (d, annotations) in by_document.iter().enumerate() {
                let first = spans.len();
                let mut raw = vec![Vec::new(); k];
                for annotation in annotations.iter().flatten() {
                    let (start, end) = (annotation.start.min(lengths[d]), annotation.end.min(lengths[d]));
                    let Some(&label) = index.get(&annotation.label) else {
                        continue;
                    };
                    if start >= end {
                        continue;
                    }
                    spans.push(Mark {
                        document: d,
                        label,
                        start,
                        end,
                    });
                    own_counts[d * k + label] += 1;
                    raw[label].push((start, end));
                }
                own_ranges.push(first..spans.len());
                own_units.push(raw.iter().map(|r| unitizing::merged(r, lengths[d])).collect());
            }
            marked.push(spans);
            ranges.push(own_ranges);
            counts.push(own_counts);
            units.push(own_units);
        }
        Self {
            panel,
            labels,
            lengths,
            marked,
            ranges,
            counts,
            units,
        }
    }

    fn spans_on(&self, annotator: usize, document: usize) -> &[Mark] {
        &self.marked[annotator][self.ranges[annotator][document].clone()]
    }

    fn document_stats(&self, document: usize) -> DocumentStats {
        let present: Vec<usize> = self.panel.present(document).collect();
        let k = self.labels.len();
        let (coincidences, stacked, stacked_by_label) = self.positions(document, &present);
        let (fleiss, fleiss_by_label, cohen) = self.characters(document, &present);
        DocumentStats {
            coincidences,
            stacked,
            stacked_by_label,
            fleiss,
            fleiss_by_label,
            cohen,
            unitizing: disagreements(&self.units, &present, &[document], &self.lengths, k),
        }
    }

    /// The coding study of one document: its coincidences and stacked positions.
    fn positions(&self, document: usize, present: &[usize]) -> (Coincidences, usize, Vec<usize>) {
        let k = self.labels.len();
        // (start, end, annotator, label) of every span, grouped by position.
        let mut marks: Vec<(usize, usize, usize, usize)> = Vec::new();
        for &a in present {
            marks.extend(
                self.spans_on(a, document)
                    .iter()
                    .map(|s| (s.start, s.end, a, s.label)),
            );
        }
        marks.sort_unstable();
        marks.dedup();
        let mut coincidences = Coincidences::new(k);
        let (mut stacked, mut stacked_by_label) = (0, vec![0; k]);
        let mut values = Vec::new();
        for unit in marks.chunk_by(|x, y| (x.0, x.1) == (y.0, y.1)) {
            // Sorted by annotator then label, duplicates gone: two entries of one annotator
            // are two different labels.
            if unit.windows(2).any(|w| w[0].2 == w[1].2) {
                stacked += 1;
                let mut labels: Vec<usize> = unit.iter().map(|m| m.3).collect();
                labels.sort_unstable();
                labels.dedup();
                for l in labels {
                    stacked_by_label[l] += 1;
                }
                continue;
            }
            values.clear();
            values.extend(unit.iter().map(|m| m.3));
            coincidences.add_unit(&values);
        }
        (coincidences, stacked, stacked_by_label)
    }

    /// Fleiss' counts over one document's characters (all labels, and per label), and Cohen's
    /// tables when the panel has exactly two annotators and both have the document.
    #[allow(clippy::type_complexity)]
    fn characters(
        &self,
        document: usize,
        present: &[usize],
    ) -> (FleissCounts, Vec<FleissCounts>, Option<(Vec<u64>, Vec<Vec<u64>>)>) {
        let k = self.labels.len();
        let len = self.lengths[document];
        let n = present.len();
        let mut fleiss = FleissCounts::new(n, k + 1);
        let mut by_label: Vec<FleissCounts> = (0..k).map(|_| FleissCounts::new(n, 2)).collect();
        if n < 2 {
            return (fleiss, by_label, None);
        }
        let indices: Vec<usize> = (0..k).collect();
        let categories: Vec<&usize> = indices.iter().collect();
        let mut counts = vec![0u64; len * (k + 1)];
        let mut pair: Vec<Vec<usize>> = Vec::new();
        let two = self.panel.annotators.len() == 2;
        for &a in present {
            let chars = categorise(len, self.spans_on(a, document), &document, &categories, None);
            for (c, &category) in chars.iter().enumerate() {
                counts[c * (k + 1) + category] += 1;
            }
            if two {
                pair.push(chars);
            }
        }
        for item in counts.chunks_exact(k + 1) {
            fleiss.add_item(item);
        }
        let mut inside = vec![0u64; len];
        for (l, counts) in by_label.iter_mut().enumerate() {
            inside.fill(0);
            for &a in present {
                for &(start, end) in &self.units[a][document][l] {
                    for c in &mut inside[start..end] {
                        *c += 1;
                    }
                }
            }
            for &c in &inside {
                counts.add_item(&[n as u64 - c, c]);
            }
        }
        let cohen = two.then(|| {
            let size = k + 1;
            let mut table = vec![0u64; size * size];
            for (x, y) in pair[0].iter().zip(&pair[1]) {
                table[x * size + y] += 1;
            }
            let tables = (0..k)
                .map(|l| {
                    let covered = |a: usize| {
                        let mut flags = vec![0usize; len];
                        for &(start, end) in &self.units[a][document][l] {
                            flags[start..end].fill(1);
                        }
                        flags
                    };
                    let (x, y) = (covered(present[0]), covered(present[1]));
                    let mut table = vec![0u64; 4];
                    for (x, y) in x.iter().zip(&y) {
                        table[x * 2 + y] += 1;
                    }
                    table
                })
                .collect();
            (table, tables)
        });
        (fleiss, by_label, cohen)
    }

    /// Every pair's matching, `matched[a][b]` for `a < b`, the pairs shared out over the cores
    /// (30 annotators make 435 pairs).
    fn matchings(&self) -> Vec<Vec<Option<Matched>>> {
        let m = self.panel.annotators.len();
        let (documents, k) = (self.lengths.len(), self.labels.len());
        let pairs: Vec<(usize, usize)> = (0..m).flat_map(|a| (a + 1..m).map(move |b| (a, b))).collect();
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .clamp(1, pairs.len().max(1));
        let marked = &self.marked;
        let pairs = &pairs;
        let done: Vec<Vec<(usize, usize, Matched)>> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|t| {
                    scope.spawn(move || {
                        pairs
                            .iter()
                            .skip(t)
                            .step_by(threads)
                            .map(|&(a, b)| (a, b, pairs::matched(&marked[a], &marked[b], documents, k)))
                            .collect()
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|w| w.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)))
                .collect()
        });
        let mut table = vec![vec![None; m]; m];
        for (a, b, matched) in done.into_iter().flatten() {
            table[a][b] = Some(matched);
        }
        table
    }

    fn measures(
        &self,
        group: &Group,
        stats: &[Option<DocumentStats>],
        unitizing: &[Disagreement],
        matched: &[Vec<Option<Matched>>],
        label: Option<usize>,
    ) -> Measures {
        let k = self.labels.len();
        let stats_of = || group.documents.iter().filter_map(|&d| stats[d].as_ref());
        let mut coincidences = Coincidences::new(k);
        let mut fleiss = FleissCounts::new(group.coders.len(), if label.is_some() { 2 } else { k + 1 });
        let mut stacked = 0;
        let size = if label.is_some() { 2 } else { k + 1 };
        let mut cohen = vec![0u64; size * size];
        let mut two = self.panel.annotators.len() == 2 && group.coders.len() == 2;
        for s in stats_of() {
            coincidences.add(&s.coincidences);
            match label {
                Some(l) => {
                    fleiss.add(&s.fleiss_by_label[l]);
                    stacked += s.stacked_by_label[l];
                }
                None => {
                    fleiss.add(&s.fleiss);
                    stacked += s.stacked;
                }
            }
            match &s.cohen {
                Some((all, by_label)) => {
                    let table = label.map_or(all, |l| &by_label[l]);
                    for (sum, n) in cohen.iter_mut().zip(table) {
                        *sum += n;
                    }
                }
                None => two = false,
            }
        }
        let labels: Vec<usize> = label.map_or_else(|| (0..k).collect(), |l| vec![l]);
        let (f1_exact, f1_overlap) = self.f1(group, matched, &labels);
        Measures {
            alpha_positions: match label {
                Some(l) => coincidences.alpha_of(l),
                None => coincidences.alpha(),
            },
            pairable_units: coincidences.pairable_units,
            stacked_units: stacked,
            alpha_unitizing: match label {
                Some(l) => unitizing.get(l).and_then(Disagreement::alpha),
                None => combined(unitizing),
            },
            fleiss_kappa: fleiss.kappa(),
            cohen_kappa: if two {
                characters::cohen_kappa(&cohen, size)
            } else {
                None
            },
            f1_exact,
            f1_overlap,
        }
    }

    /// The exact and overlap F1 matrices over the group's documents and these labels.
    fn f1(&self, group: &Group, matched: &[Vec<Option<Matched>>], labels: &[usize]) -> (Matrix, Matrix) {
        let m = self.panel.annotators.len();
        let k = self.labels.len();
        let cells = || {
            group
                .documents
                .iter()
                .flat_map(move |&d| labels.iter().map(move |&l| d * k + l))
        };
        let spans = |a: usize| -> u64 { cells().map(|i| u64::from(self.counts[a][i])).sum() };
        let (mut exact, mut overlap) = (vec![vec![None; m]; m], vec![vec![None; m]; m]);
        let (mut exact_sum, mut overlap_sum, mut exact_n, mut overlap_n) = (0.0, 0.0, 0, 0);
        for (i, &a) in group.coders.iter().enumerate() {
            for &b in &group.coders[i + 1..] {
                let (a, b) = (a.min(b), a.max(b));
                let Some(pair) = &matched[a][b] else { continue };
                let sum = |counts: &[u32]| -> u64 { cells().map(|i| u64::from(counts[i])).sum() };
                let (na, nb) = (spans(a), spans(b));
                let e = pairs::f1(sum(&pair.exact), na, nb);
                let o = pairs::f1(sum(&pair.overlap), na, nb);
                (exact[a][b], exact[b][a], overlap[a][b], overlap[b][a]) = (e, e, o, o);
                if let Some(e) = e {
                    exact_sum += e;
                    exact_n += 1;
                }
                if let Some(o) = o {
                    overlap_sum += o;
                    overlap_n += 1;
                }
            }
        }
        let mean = |sum: f64, n: usize| (n > 0).then(|| sum / n as f64);
        (
            Matrix {
                values: exact,
                mean: mean(exact_sum, exact_n),
            },
            Matrix {
                values: overlap,
                mean: mean(overlap_sum, overlap_n),
            },
        )
    }
}

/// D_o and D_e per label over the documents one after another, for these coders.
fn disagreements(
    units: &[Units],
    coders: &[usize],
    documents: &[usize],
    lengths: &[usize],
    labels: usize,
) -> Vec<Disagreement> {
    let length: usize = documents.iter().map(|&d| lengths[d]).sum();
    (0..labels)
        .map(|l| {
            let per_coder: Vec<Vec<(usize, usize)>> = coders
                .iter()
                .map(|&c| {
                    let mut offset = 0;
                    let mut out = Vec::new();
                    for &d in documents {
                        out.extend(units[c][d][l].iter().map(|&(s, e)| (s + offset, e + offset)));
                        offset += lengths[d];
                    }
                    out
                })
                .collect();
            unitizing::disagreement(&per_coder, length)
        })
        .collect()
}

/// Every measure of the panel: overall, per label, per document.
pub fn report(panel: &Panel, options: &Options) -> Report {
    let study = Study::new(panel, options.label.as_ref());
    let label = options
        .label
        .as_ref()
        .and_then(|wanted| study.labels.iter().position(|l| l == wanted));
    let k = study.labels.len();
    let documents = panel.documents();
    let in_view: Vec<usize> = options
        .document
        .map_or_else(|| (0..documents.len()).collect(), |d| vec![d]);
    let everyone: Vec<usize> = (0..panel.annotators.len()).collect();
    let overall_group = match options.document {
        Some(d) => Group {
            documents: vec![d],
            coders: panel.present(d).collect(),
        },
        None => Group {
            documents: (0..documents.len()).filter(|&d| panel.complete(d)).collect(),
            coders: everyone.clone(),
        },
    };
    // The pairs' matchings (most of the work) beside everything else.
    let (matched, (stats, overall_units)) = std::thread::scope(|scope| {
        let matching = scope.spawn(|| study.matchings());
        let mut stats: Vec<Option<DocumentStats>> = (0..documents.len()).map(|_| None).collect();
        for &d in &in_view {
            stats[d] = Some(study.document_stats(d));
        }
        let units = match options.document {
            Some(d) => stats[d].as_ref().map(|s| s.unitizing.clone()).unwrap_or_default(),
            None => disagreements(
                &study.units,
                &everyone,
                &overall_group.documents,
                &study.lengths,
                k,
            ),
        };
        let matched = matching
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (matched, (stats, units))
    });
    let overall = study.measures(&overall_group, &stats, &overall_units, &matched, label);
    let spans_of = |a: usize, d: usize, l: usize| study.counts[a][d * k + l] as usize;
    let shown_labels: Vec<usize> = match label {
        Some(l) => vec![l],
        None => (0..k)
            .filter(|&l| {
                everyone
                    .iter()
                    .any(|&a| in_view.iter().any(|&d| spans_of(a, d, l) > 0))
            })
            .collect(),
    };
    let labels = shown_labels
        .iter()
        .map(|&l| LabelRow {
            label: study.labels[l].clone(),
            name: panel.label_name(&study.labels[l]),
            spans: everyone
                .iter()
                .map(|&a| overall_group.documents.iter().map(|&d| spans_of(a, d, l)).sum())
                .collect(),
            measures: study.measures(&overall_group, &stats, &overall_units, &matched, Some(l)),
        })
        .collect();
    let document_rows = in_view
        .iter()
        .map(|&d| {
            let group = Group {
                documents: vec![d],
                coders: panel.present(d).collect(),
            };
            let units = stats[d].as_ref().map(|s| s.unitizing.clone()).unwrap_or_default();
            DocumentRow {
                document: documents[d].id.clone(),
                title: documents[d].title.clone(),
                spans: everyone
                    .iter()
                    .map(|&a| {
                        panel.marks[a][d].as_ref().map(|_| match label {
                            Some(l) => spans_of(a, d, l),
                            None => (0..k).map(|l| spans_of(a, d, l)).sum(),
                        })
                    })
                    .collect(),
                measures: study.measures(&group, &stats, &units, &matched, label),
            }
        })
        .collect();
    Report {
        annotators: panel.annotators.clone(),
        compared_documents: overall_group
            .documents
            .iter()
            .map(|&d| documents[d].id.clone())
            .collect(),
        documents_in_all: documents.len(),
        label: label.map(|l| study.labels[l].clone()),
        overall,
        labels,
        documents: document_rows,
        unmatched: panel.unmatched.clone(),
    }
}

/// Unitizing alpha of a student against the key over all labels, the documents being the key's
/// (for `compare`'s class table): both sides' spans as `compare` placed them.
pub(crate) fn key_alpha(key: &Project, key_spans: &[Span], student_spans: &[Span]) -> Option<f64> {
    let index: HashMap<&DocId, usize> = key
        .documents()
        .iter()
        .enumerate()
        .map(|(i, d)| (&d.id, i))
        .collect();
    let lengths: Vec<usize> = key.documents().iter().map(|d| d.text.char_len()).collect();
    let mut labels: Vec<&LabelId> = key_spans.iter().chain(student_spans).map(|s| &s.label).collect();
    labels.sort_unstable();
    labels.dedup();
    let units = |spans: &[Span]| -> Units {
        let mut raw = vec![vec![Vec::new(); labels.len()]; lengths.len()];
        for span in spans {
            let Some(&d) = index.get(&span.document) else {
                continue;
            };
            let l = labels.binary_search(&&span.label).expect("every label is listed");
            raw[d][l].push((span.start, span.end));
        }
        raw.iter()
            .enumerate()
            .map(|(d, by_label)| {
                by_label
                    .iter()
                    .map(|r| unitizing::merged(r, lengths[d]))
                    .collect()
            })
            .collect()
    };
    let both = [units(key_spans), units(student_spans)];
    let documents: Vec<usize> = (0..lengths.len()).collect();
    combined(&disagreements(&both, &[0, 1], &documents, &lengths, labels.len()))
}

#[cfg(test)]
mod tests;
