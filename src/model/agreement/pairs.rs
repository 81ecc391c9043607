//! Pairwise F1 between two annotators, with `compare`'s matching: exact (same document, range and
//! label) and overlap (same label, sharing at least half of the longer span, one to one, largest
//! overlaps first). One matching per pair over all their documents; the figures per label and
//! per document are that matching's pairs counted by the first span's document and label.
//!
//! F1 is symmetric: `2·matched / (spans of one + spans of the other)`. The pair is always
//! matched in the order (lower index, higher index), so even a tie in the overlap matching
//! gives both cells of the matrix the same value. `None` when neither has a span.

use crate::model::scoring::{Placed, exact_matches, overlap_matches};

/// A span as agreement matches it: on the document and with the label of these indices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Mark {
    pub document: usize,
    pub label: usize,
    pub start: usize,
    pub end: usize,
}

impl Placed for Mark {
    type Document = usize;
    type Label = usize;
    type Hasher = std::hash::BuildHasherDefault<IndexHasher>;

    fn document(&self) -> &usize {
        &self.document
    }

    fn label(&self) -> &usize {
        &self.label
    }

    fn start(&self) -> usize {
        self.start
    }

    fn end(&self) -> usize {
        self.end
    }
}

/// A multiply-and-rotate hasher for the matching's keys, which are a few small numbers (indices
/// and positions): hundreds of pairs hash thousands of keys each, and std's keyed hasher, made to
/// resist crafted keys, costs several times more.
#[derive(Default)]
pub(super) struct IndexHasher(u64);

impl std::hash::Hasher for IndexHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
}

/// A pair's matched spans by `document * labels + label`.
#[derive(Clone, Debug, Default)]
pub(super) struct Matched {
    pub exact: Vec<u32>,
    pub overlap: Vec<u32>,
}

/// Matches `a` with `b` once, counting the pairs by the document and label of `a`'s span.
pub(super) fn matched(a: &[Mark], b: &[Mark], documents: usize, labels: usize) -> Matched {
    let count = |pairs: Vec<(usize, usize)>| {
        let mut counts = vec![0u32; documents * labels];
        for (k, _) in pairs {
            counts[a[k].document * labels + a[k].label] += 1;
        }
        counts
    };
    Matched {
        exact: count(exact_matches(a, b)),
        overlap: count(overlap_matches(a, b, true)),
    }
}

/// `2·matched / (a + b)`, `None` when both are 0.
pub(super) fn f1(matched: u64, a: u64, b: u64) -> Option<f64> {
    (a + b > 0).then(|| 2.0 * matched as f64 / (a + b) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(spans: &[(usize, usize, usize, usize)]) -> Vec<Mark> {
        spans
            .iter()
            .map(|&(document, start, end, label)| Mark {
                document,
                label,
                start,
                end,
            })
            .collect()
    }

    #[test]
    fn one_matching_counted_by_document_and_label() {
        // (document, start, end, label)
        let a = marks(&[(0, 0, 10, 0), (0, 20, 30, 1), (1, 0, 10, 0), (1, 40, 50, 0)]);
        let b = marks(&[(0, 0, 10, 0), (0, 21, 30, 1), (1, 2, 10, 0), (1, 40, 50, 1)]);
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
