//! Where each character of an old text went in a new one: a line diff, refined character by
//! character inside the lines that changed, so annotations can follow their words through a
//! corrected article.

use std::time::{Duration, Instant};

use similar::{Algorithm, DiffOp, capture_diff_slices_deadline};
use unicode_segmentation::UnicodeSegmentation;

use crate::model::text::CharRange;

/// A run of characters that is the same in both texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Same {
    old: usize,
    new: usize,
    len: usize,
}

/// Changed lines bigger than this are not refined character by character: their annotations are
/// looked for by quote instead, which is cheaper than a huge character diff.
const REFINE_AT_MOST: usize = 200_000;

/// How long one diff may take before similar settles for a coarser (still correct) answer.
const DIFF_DEADLINE: Duration = Duration::from_secs(2);

/// The runs of unchanged characters between two texts, in order, in code points.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    same: Vec<Same>,
    new_len: usize,
}

/// Where an old range lies in the new text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Mapped {
    pub range: CharRange,
    /// Every character of the old range is unchanged (and they are still together).
    pub untouched: bool,
}

impl OffsetMap {
    pub fn between(old: &str, new: &str) -> OffsetMap {
        let (old_lines, new_lines) = (lines(old), lines(new));
        let deadline = Some(Instant::now() + DIFF_DEADLINE);
        let old_keys: Vec<&str> = old_lines.iter().map(|line| line.text).collect();
        let new_keys: Vec<&str> = new_lines.iter().map(|line| line.text).collect();
        let mut same = Vec::new();
        for op in capture_diff_slices_deadline(Algorithm::Myers, &old_keys, &new_keys, deadline) {
            let (old_range, new_range) = (op.old_range(), op.new_range());
            let old_at = span(&old_lines, old_range.clone());
            let new_at = span(&new_lines, new_range.clone());
            match op {
                DiffOp::Equal { .. } => same.push(Same {
                    old: old_at.start,
                    new: new_at.start,
                    len: old_at.end - old_at.start,
                }),
                DiffOp::Replace { .. } => {
                    let old_text =
                        &old[old_lines[old_range.start].byte..end_byte(&old_lines, old_range.end, old)];
                    let new_text =
                        &new[new_lines[new_range.start].byte..end_byte(&new_lines, new_range.end, new)];
                    refine(
                        old_text,
                        new_text,
                        old_at.start,
                        new_at.start,
                        deadline,
                        &mut same,
                    );
                }
                DiffOp::Delete { .. } | DiffOp::Insert { .. } => {}
            }
        }
        let new_len = new_lines
            .last()
            .map_or(0, |line| line.char + line.text.chars().count());
        OffsetMap { same, new_len }
    }

    /// The new range of `range`: its ends carried over, an end inside changed text going to the
    /// edge of what replaced it, so the range covers whatever its words became.
    pub fn map(&self, range: CharRange) -> Mapped {
        let start = self.map_start(range.start);
        let end = self.map_end(range.end).max(start);
        let i = self.same.partition_point(|s| s.old <= range.start);
        let untouched = i > 0 && {
            let run = self.same[i - 1];
            range.end <= run.old + run.len && range.start < run.old + run.len
        };
        Mapped {
            range: CharRange::new(start, end),
            untouched,
        }
    }

    /// The old range whose characters, unchanged and together, are `range` of the new text.
    pub fn origin(&self, range: CharRange) -> Option<CharRange> {
        let i = self.same.partition_point(|s| s.new <= range.start);
        let run = self.same.get(i.checked_sub(1)?)?;
        (range.end <= run.new + run.len && range.start < run.new + run.len).then(|| {
            let start = run.old + (range.start - run.new);
            CharRange::new(start, start + range.len())
        })
    }

    fn map_start(&self, position: usize) -> usize {
        let i = self.same.partition_point(|s| s.old <= position);
        match i.checked_sub(1).map(|i| self.same[i]) {
            Some(run) if position < run.old + run.len => run.new + (position - run.old),
            Some(run) => run.new + run.len,
            None => 0,
        }
    }

    fn map_end(&self, position: usize) -> usize {
        let i = self.same.partition_point(|s| s.old < position);
        match i.checked_sub(1).map(|i| self.same[i]) {
            Some(run) if position <= run.old + run.len => run.new + (position - run.old),
            _ => self.same.get(i).map_or(self.new_len, |next| next.new),
        }
    }
}

/// The word diff of one changed passage, refined to characters inside changed words, its runs
/// shifted to where the passage lies. Words first: an editor changes words, and a character
/// diff of prose happily matches the letters of a new word with letters of its neighbours.
fn refine(
    old: &str,
    new: &str,
    old_at: usize,
    new_at: usize,
    deadline: Option<Instant>,
    same: &mut Vec<Same>,
) {
    if old.len() > REFINE_AT_MOST || new.len() > REFINE_AT_MOST {
        return;
    }
    let (old_words, new_words) = (words(old), words(new));
    let old_keys: Vec<&str> = old_words.iter().map(|w| w.text).collect();
    let new_keys: Vec<&str> = new_words.iter().map(|w| w.text).collect();
    for op in capture_diff_slices_deadline(Algorithm::Myers, &old_keys, &new_keys, deadline) {
        let (old_range, new_range) = (op.old_range(), op.new_range());
        let old_span = word_span(&old_words, old_range.clone());
        let new_span = word_span(&new_words, new_range.clone());
        match op {
            DiffOp::Equal { .. } => same.push(Same {
                old: old_at + old_span.start,
                new: new_at + new_span.start,
                len: old_span.len(),
            }),
            DiffOp::Replace { .. } => {
                let old_chars: Vec<char> = old_range.flat_map(|i| old_words[i].text.chars()).collect();
                let new_chars: Vec<char> = new_range.flat_map(|i| new_words[i].text.chars()).collect();
                for op in capture_diff_slices_deadline(Algorithm::Myers, &old_chars, &new_chars, deadline) {
                    if let DiffOp::Equal {
                        old_index,
                        new_index,
                        len,
                    } = op
                    {
                        same.push(Same {
                            old: old_at + old_span.start + old_index,
                            new: new_at + new_span.start + new_index,
                            len,
                        });
                    }
                }
            }
            DiffOp::Delete { .. } | DiffOp::Insert { .. } => {}
        }
    }
}

/// A word, or one character between words, and where it starts in code points.
struct Word<'a> {
    text: &'a str,
    char: usize,
}

fn words(text: &str) -> Vec<Word<'_>> {
    let mut words = Vec::new();
    let mut char = 0;
    for piece in text.split_word_bounds() {
        words.push(Word { text: piece, char });
        char += piece.chars().count();
    }
    words
}

fn word_span(words: &[Word], range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let at = |i: usize| {
        words.get(i).map_or_else(
            || words.last().map_or(0, |w| w.char + w.text.chars().count()),
            |w| w.char,
        )
    };
    at(range.start)..at(range.end)
}

/// One line of a text with its terminator, and where it starts in bytes and code points.
struct Line<'a> {
    text: &'a str,
    byte: usize,
    char: usize,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut lines = Vec::new();
    let (mut byte, mut char) = (0, 0);
    for line in text.split_inclusive('\n') {
        lines.push(Line {
            text: line,
            byte,
            char,
        });
        byte += line.len();
        char += line.chars().count();
    }
    lines
}

/// The code point range covered by lines `range`.
fn span(lines: &[Line], range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let start = lines
        .get(range.start)
        .map_or_else(|| end_char(lines), |line| line.char);
    let end = lines
        .get(range.end)
        .map_or_else(|| end_char(lines), |line| line.char);
    start..end
}

fn end_char(lines: &[Line]) -> usize {
    lines
        .last()
        .map_or(0, |line| line.char + line.text.chars().count())
}

fn end_byte(lines: &[Line], index: usize, text: &str) -> usize {
    lines.get(index).map_or(text.len(), |line| line.byte)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(text: &str, range: CharRange) -> String {
        text.chars().skip(range.start).take(range.len()).collect()
    }

    #[test]
    fn ranges_follow_their_words() {
        let old = "First line stays.\nThe budget rose by 3 %.\nLast line.\n";
        let new = "A new opening line.\nFirst line stays.\nThe budget rose by 5 %.\nLast line, amended.\n";
        let map = OffsetMap::between(old, new);
        // (old quote, expected new text, untouched)
        let cases = [
            ("First line stays.", "First line stays.", true),
            ("budget rose", "budget rose", true),
            ("by 3 %", "by 5 %", false),
            ("Last line", "Last line", true),
            ("Last line.", "Last line, amended.", false),
        ];
        for (quote, expected, untouched) in cases {
            let start = old.find(quote).unwrap();
            let start = old[..start].chars().count();
            let mapped = map.map(CharRange::new(start, start + quote.chars().count()));
            assert_eq!(slice(new, mapped.range), expected, "{quote}");
            assert_eq!(mapped.untouched, untouched, "{quote}");
            // Untouched words come from where they were; changed ones come from nowhere.
            let origin = map.origin(mapped.range);
            assert_eq!(origin.is_some(), untouched, "{quote}");
            if let Some(origin) = origin {
                assert_eq!(
                    origin,
                    CharRange::new(start, start + quote.chars().count()),
                    "{quote}"
                );
            }
        }
    }

    #[test]
    fn a_deleted_passage_maps_to_an_empty_range() {
        let old = "Keep this.\nDrop this sentence.\nKeep that.\n";
        let new = "Keep this.\nKeep that.\n";
        let map = OffsetMap::between(old, new);
        let start = old.find("Drop").unwrap();
        let mapped = map.map(CharRange::new(start, start + 4));
        assert!(mapped.range.is_empty() && !mapped.untouched);
    }
}
