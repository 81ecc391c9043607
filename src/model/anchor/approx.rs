//! Edit distance between a quote and a text, by Myers' bit-parallel algorithm (1999) in Hyyrö's
//! blocked form, over code points.
//!
//! Written here rather than taken from a crate: the maintained implementations (rust-bio's
//! `myers`, triple_accel) count bytes, so one accented or Arabic letter changed costs two or three
//! edits and the "quarter of the quote" budget would mean something different in every script.
//! This one counts characters, like every offset in Marginalia.

use std::collections::HashMap;

/// A pattern prepared for bit-parallel matching: one bit per character, 64 to a block.
pub struct Pattern {
    len: usize,
    blocks: usize,
    /// For each character of the pattern, the blocks of bits where it occurs.
    occurs: HashMap<char, Vec<u64>>,
}

/// How the top row of the edit-distance table is set: `Search` lets a match start anywhere in
/// the text (row 0 is all zeros), `Global` aligns the pattern to the whole text (row 0 counts up).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Search,
    Global,
}

impl Pattern {
    pub fn new(chars: impl IntoIterator<Item = char>) -> Self {
        let chars: Vec<char> = chars.into_iter().collect();
        let blocks = chars.len().div_ceil(64).max(1);
        let mut occurs: HashMap<char, Vec<u64>> = HashMap::new();
        for (i, &c) in chars.iter().enumerate() {
            occurs.entry(c).or_insert_with(|| vec![0; blocks])[i / 64] |= 1 << (i % 64);
        }
        Self {
            len: chars.len(),
            blocks,
            occurs,
        }
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Every end position in `text` (in characters, exclusive) where some substring ending there
    /// is within `max_edits` of the pattern, with that best distance.
    pub fn ends_within(&self, text: impl IntoIterator<Item = char>, max_edits: usize) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        self.scan(text, Mode::Search, |end, distance| {
            if distance <= max_edits {
                found.push((end, distance));
            }
        });
        found
    }

    /// The edit distance between the pattern and all of `text`.
    pub fn distance(&self, text: impl IntoIterator<Item = char>) -> usize {
        let mut last = self.len;
        self.scan(text, Mode::Global, |_, distance| last = distance);
        last
    }

    /// The distance after each character of `text` (1-based count of characters, distance),
    /// aligning the whole pattern to a growing prefix of `text`.
    fn prefix_distances(&self, text: impl IntoIterator<Item = char>, visit: impl FnMut(usize, usize)) {
        self.scan(text, Mode::Global, visit);
    }

    fn scan(&self, text: impl IntoIterator<Item = char>, mode: Mode, mut visit: impl FnMut(usize, usize)) {
        if self.len == 0 {
            return;
        }
        let mut positive = vec![u64::MAX; self.blocks];
        let mut negative = vec![0u64; self.blocks];
        let last_high = 1u64 << ((self.len - 1) % 64);
        let none = vec![0u64; self.blocks];
        let mut score = self.len;
        for (column, c) in text.into_iter().enumerate() {
            let equal = self.occurs.get(&c).unwrap_or(&none);
            let mut carry = if mode == Mode::Global { 1 } else { 0 };
            for block in 0..self.blocks {
                let high = if block + 1 == self.blocks {
                    last_high
                } else {
                    1 << 63
                };
                carry = advance(
                    &mut positive[block],
                    &mut negative[block],
                    equal[block],
                    carry,
                    high,
                );
            }
            score = score.saturating_add_signed(carry as isize);
            visit(column + 1, score);
        }
    }
}

/// One column of one block (Hyyrö 2003, as in Edlib): updates the vertical deltas and returns
/// the horizontal delta at the block's last row.
fn advance(positive: &mut u64, negative: &mut u64, equal: u64, carry_in: i8, high: u64) -> i8 {
    let (pv, mv) = (*positive, *negative);
    let mut eq = equal;
    let xv = eq | mv;
    if carry_in < 0 {
        eq |= 1;
    }
    let xh = ((eq & pv).wrapping_add(pv) ^ pv) | eq;
    let mut ph = mv | !(xh | pv);
    let mut mh = pv & xh;
    let carry_out = if ph & high != 0 {
        1
    } else if mh & high != 0 {
        -1
    } else {
        0
    };
    ph <<= 1;
    mh <<= 1;
    match carry_in {
        c if c < 0 => mh |= 1,
        c if c > 0 => ph |= 1,
        _ => {}
    }
    *positive = mh | !(xv | ph);
    *negative = ph & xv;
    carry_out
}

/// One approximate occurrence: a character range of the searched text and its edit distance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    pub start: usize,
    pub end: usize,
    pub edits: usize,
}

/// The approximate occurrences of `quote` in `text` within `max_edits`: one per run of matching
/// end positions (the best end of the run), its start found by aligning backwards from there.
pub fn occurrences(quote: &[char], text: &[char], max_edits: usize) -> Vec<Occurrence> {
    let forward = Pattern::new(quote.iter().copied());
    let backward = Pattern::new(quote.iter().rev().copied());
    let ends = forward.ends_within(text.iter().copied(), max_edits);
    best_of_runs(&ends)
        .into_iter()
        .map(|(end, edits)| {
            let start = start_of(&backward, text, end, edits, quote.len() + max_edits);
            Occurrence { start, end, edits }
        })
        .collect()
}

/// The lowest-distance end of each run of consecutive end positions.
fn best_of_runs(ends: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut previous_end = None;
    for &(end, edits) in ends {
        match runs.last_mut() {
            Some(best) if previous_end == Some(end - 1) => {
                if edits < best.1 {
                    *best = (end, edits);
                }
            }
            _ => runs.push((end, edits)),
        }
        previous_end = Some(end);
    }
    runs
}

/// Where a match ending at `end` with `edits` starts: the start whose span is within `edits` of
/// the quote and whose length is nearest the quote's.
fn start_of(backward: &Pattern, text: &[char], end: usize, edits: usize, reach: usize) -> usize {
    let from = end.saturating_sub(reach);
    let mut best: Option<usize> = None;
    backward.prefix_distances(text[from..end].iter().rev().copied(), |taken, distance| {
        let nearer = best.is_none_or(|b| taken.abs_diff(backward.len()) < b.abs_diff(backward.len()));
        if distance <= edits && nearer {
            best = Some(taken);
        }
    });
    end - best.unwrap_or(backward.len().min(end - from))
}

/// Levenshtein distance between two strings, in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    if a == b {
        // Most contexts a diff carries over are untouched: no need to build a pattern.
        return 0;
    }
    if a.is_empty() {
        return b.chars().count();
    }
    Pattern::new(a.chars()).distance(b.chars())
}

/// How alike two strings are, from 0 (nothing in common) to 1 (equal): one minus the edits
/// over the longer length.
pub fn similarity(a: &str, b: &str) -> f32 {
    let longest = a.chars().count().max(b.chars().count());
    if longest == 0 {
        return 1.0;
    }
    1.0 - edit_distance(a, b) as f32 / longest as f32
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// The textbook dynamic programme, to check the bit-parallel one against.
    fn naive_distance(a: &[char], b: &[char]) -> usize {
        let mut row: Vec<usize> = (0..=b.len()).collect();
        for (i, &ca) in a.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, &cb) in b.iter().enumerate() {
                let above = row[j + 1];
                row[j + 1] = (diagonal + usize::from(ca != cb)).min(row[j] + 1).min(above + 1);
                diagonal = above;
            }
        }
        row[b.len()]
    }

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn distance_cases() {
        let long = "a".repeat(70) + "b";
        let cases = [
            ("", "", 0),
            ("kitten", "sitting", 3),
            ("Niger", "Niger", 0),
            ("Niamey", "Niamé", 2),
            ("نيجر", "النيجر", 2),
            (long.as_str(), &"a".repeat(71), 1),
        ];
        for (a, b, expected) in cases {
            assert_eq!(edit_distance(a, b), expected, "{a} / {b}");
        }
    }

    #[test]
    fn finds_a_quote_with_a_typo() {
        let text = chars("Le gouvernement a annoncé une hausse de 3 % du budget.");
        let found = occurrences(&chars("annonce une hausse"), &text, 2);
        assert_eq!(found.len(), 1);
        let hit = found[0];
        assert_eq!(
            text[hit.start..hit.end].iter().collect::<String>(),
            "annoncé une hausse"
        );
        assert_eq!(hit.edits, 1);
    }

    proptest! {
        #[test]
        fn bit_parallel_distance_is_the_textbook_one(
            a in "[abc]{0,150}",
            b in "[abc]{0,150}",
        ) {
            prop_assert_eq!(edit_distance(&a, &b), naive_distance(&chars(&a), &chars(&b)));
        }

        #[test]
        fn every_occurrence_is_within_its_edits(
            quote in "[abcd]{1,80}",
            text in "[abcd]{0,300}",
            max_edits in 0usize..6,
        ) {
            let (quote, text) = (chars(&quote), chars(&text));
            for hit in occurrences(&quote, &text, max_edits) {
                prop_assert!(hit.edits <= max_edits);
                prop_assert_eq!(naive_distance(&quote, &text[hit.start..hit.end]), hit.edits);
            }
        }
    }
}
