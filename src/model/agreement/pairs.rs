//! Pairwise F1 between two annotators, with `compare`'s matching: exact (same document, range and
//! label) and overlap (same label, sharing at least half of the longer span, one to one, largest
//! overlaps first). One matching per pair over all their documents; the figures per label and
//! per document are that matching's pairs counted by the first span's document and label.
//!
//! F1 is symmetric: `2·matched / (spans of one + spans of the other)`. The pair is always
//! matched in the order (lower index, higher index), so even a tie in the overlap matching
//! gives both cells of the matrix the same value. `None` when neither has a span.

use crate::model::scoring::{Span, exact_matches, overlap_matches};

/// One annotator's spans, with each span's (document, label) index.
pub(super) struct Marked {
    pub spans: Vec<Span>,
    pub keys: Vec<(usize, usize)>,
}

/// A pair's matched spans by `document * labels + label`.
#[derive(Clone, Debug, Default)]
pub(super) struct Matched {
    pub exact: Vec<u32>,
    pub overlap: Vec<u32>,
}

/// Matches `a` with `b` once, counting the pairs by document and label.
pub(super) fn matched(a: &Marked, b: &Marked, documents: usize, labels: usize) -> Matched {
    let count = |pairs: Vec<(usize, usize)>| {
        let mut counts = vec![0u32; documents * labels];
        for (k, _) in pairs {
            let (document, label) = a.keys[k];
            counts[document * labels + label] += 1;
        }
        counts
    };
    Matched {
        exact: count(exact_matches(&a.spans, &b.spans)),
        overlap: count(overlap_matches(&a.spans, &b.spans, true)),
    }
}

/// `2·matched / (a + b)`, `None` when both are 0.
pub(super) fn f1(matched: u64, a: u64, b: u64) -> Option<f64> {
    (a + b > 0).then(|| 2.0 * matched as f64 / (a + b) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ids::{DocId, LabelId};

    fn marked(spans: &[(usize, usize, usize, usize)]) -> Marked {
        let labels = ["claim", "source"];
        Marked {
            spans: spans
                .iter()
                .map(|&(document, start, end, label)| Span {
                    document: DocId::from(format!("d{document}").as_str()),
                    start,
                    end,
                    label: LabelId::from(labels[label]),
                    quote: String::new(),
                })
                .collect(),
            keys: spans.iter().map(|&(d, _, _, l)| (d, l)).collect(),
        }
    }

    #[test]
    fn one_matching_counted_by_document_and_label() {
        // (document, start, end, label)
        let a = marked(&[(0, 0, 10, 0), (0, 20, 30, 1), (1, 0, 10, 0), (1, 40, 50, 0)]);
        let b = marked(&[(0, 0, 10, 0), (0, 21, 30, 1), (1, 2, 10, 0), (1, 40, 50, 1)]);
        let m = matched(&a, &b, 2, 2);
        // Exact: only d0 0..10 claim. Overlap: d0 claim, d0 source (9 of 10), d1 claim (8 of 10).
        assert_eq!(m.exact, vec![1, 0, 0, 0]);
        assert_eq!(m.overlap, vec![1, 1, 1, 0]);
        let back = matched(&b, &a, 2, 2);
        assert_eq!(back.overlap, m.overlap);
        let cases = [
            (3, 4, 4, Some(0.75)),
            (0, 0, 3, Some(0.0)),
            (0, 0, 0, None),
            (2, 2, 2, Some(1.0)),
        ];
        for (matched, a, b, expected) in cases {
            assert_eq!(f1(matched, a, b), expected);
        }
    }
}
