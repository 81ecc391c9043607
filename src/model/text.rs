//! Code-point ranges over a document's text, and the only place that converts them to byte offsets.
//!
//! Positions everywhere in Marginalia are Unicode code point indices, ranges are half-open
//! `[start, end)` (DESIGN section 3). Rust slices strings by bytes, so [`IndexedText`] keeps a
//! checkpoint table (the byte offset of every [`CHECKPOINT_EVERY`]th character) that makes a
//! conversion cost at most that many characters of scanning, even in a 5 MB text.

use std::fmt;
use std::sync::OnceLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::find::FoldedText;

/// A half-open range of code points, `start..end`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CharRange {
    pub start: usize,
    pub end: usize,
}

impl CharRange {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn len(self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub const fn is_empty(self) -> bool {
        self.end <= self.start
    }

    /// Code points shared by both ranges.
    pub fn overlap(self, other: CharRange) -> usize {
        self.end
            .min(other.end)
            .saturating_sub(self.start.max(other.start))
    }

    pub fn contains(self, position: usize) -> bool {
        self.start <= position && position < self.end
    }
}

impl fmt::Display for CharRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// How many characters lie between two entries of the checkpoint table.
pub const CHECKPOINT_EVERY: usize = 64;

/// A document's text with fast code point <-> byte conversion.
///
/// Serialises as a plain string; the index is built lazily on first use and never stored.
#[derive(Default)]
pub struct IndexedText {
    text: String,
    index: OnceLock<CharIndex>,
    /// The text folded for searching, made on the first search that needs it: the find bar and
    /// the repeats of a new annotation search the same text again and again.
    /// (Boxed: it is rarely made, and every document carries the slot.)
    folded: OnceLock<Box<FoldedText>>,
}

struct CharIndex {
    char_len: usize,
    /// `None` for pure ASCII text, where code points and bytes coincide.
    checkpoints: Option<Vec<usize>>,
}

impl CharIndex {
    fn build(text: &str) -> Self {
        if text.is_ascii() {
            return Self {
                char_len: text.len(),
                checkpoints: None,
            };
        }
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT_EVERY + 1);
        let mut char_len = 0;
        for (byte, _) in text.char_indices() {
            if char_len % CHECKPOINT_EVERY == 0 {
                checkpoints.push(byte);
            }
            char_len += 1;
        }
        Self {
            char_len,
            checkpoints: Some(checkpoints),
        }
    }
}

impl IndexedText {
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            index: OnceLock::new(),
            folded: OnceLock::new(),
        }
    }

    /// The text folded for case- and accent-blind search (built once, on first use).
    pub fn folded(&self) -> &FoldedText {
        self.folded.get_or_init(|| Box::new(FoldedText::new(&self.text)))
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    fn index(&self) -> &CharIndex {
        self.index.get_or_init(|| CharIndex::build(&self.text))
    }

    /// Number of code points.
    pub fn char_len(&self) -> usize {
        self.index().char_len
    }

    /// Byte offset of code point `position`; `char_len()` maps to the byte length.
    pub fn byte_of(&self, position: usize) -> Option<usize> {
        let index = self.index();
        if position >= index.char_len {
            return (position == index.char_len).then_some(self.text.len());
        }
        let Some(checkpoints) = &index.checkpoints else {
            return Some(position);
        };
        let block_start = checkpoints[position / CHECKPOINT_EVERY];
        let skip = position % CHECKPOINT_EVERY;
        self.text[block_start..]
            .char_indices()
            .nth(skip)
            .map(|(offset, _)| block_start + offset)
    }

    /// Code point index of byte offset `byte`, if it is on a character boundary.
    pub fn char_of(&self, byte: usize) -> Option<usize> {
        if !self.text.is_char_boundary(byte) {
            return None;
        }
        let index = self.index();
        let Some(checkpoints) = &index.checkpoints else {
            return Some(byte);
        };
        let block = checkpoints.partition_point(|&start| start <= byte) - 1;
        let block_start = checkpoints[block];
        Some(block * CHECKPOINT_EVERY + self.text[block_start..byte].chars().count())
    }

    /// The byte range of a code point range, if it lies within the text.
    pub fn byte_range(&self, range: CharRange) -> Option<std::ops::Range<usize>> {
        if range.start > range.end {
            return None;
        }
        Some(self.byte_of(range.start)?..self.byte_of(range.end)?)
    }

    /// The text of a code point range, if it lies within the text.
    pub fn slice(&self, range: CharRange) -> Option<&str> {
        self.byte_range(range).map(|bytes| &self.text[bytes])
    }

    /// Every place `needle` occurs, as code point ranges, in order (overlapping matches included).
    pub fn find_all(&self, needle: &str) -> Vec<CharRange> {
        if needle.is_empty() {
            return Vec::new();
        }
        let needle_chars = needle.chars().count();
        memchr::memmem::find_iter(self.text.as_bytes(), needle.as_bytes())
            .filter_map(|byte| self.char_of(byte))
            .map(|start| CharRange::new(start, start + needle_chars))
            .collect()
    }

    /// Like [`IndexedText::find_all`], for the occurrences that lie within `within`.
    pub fn find_all_within(&self, needle: &str, within: CharRange) -> Vec<CharRange> {
        let Some(bytes) = self.byte_range(within).filter(|_| !needle.is_empty()) else {
            return Vec::new();
        };
        let needle_chars = needle.chars().count();
        let window = &self.text[bytes];
        // Code points are counted from one hit to the next, not from the window's start each time.
        let mut counted = (0, within.start);
        memchr::memmem::find_iter(window.as_bytes(), needle.as_bytes())
            .filter(|&byte| window.is_char_boundary(byte))
            .map(|byte| {
                counted = (byte, counted.1 + window[counted.0..byte].chars().count());
                CharRange::new(counted.1, counted.1 + needle_chars)
            })
            .collect()
    }

    /// Up to `count` characters ending at code point `position`.
    pub fn before(&self, position: usize, count: usize) -> &str {
        self.slice(CharRange::new(position.saturating_sub(count), position))
            .unwrap_or_default()
    }

    /// Up to `count` characters starting at code point `position`.
    pub fn after(&self, position: usize, count: usize) -> &str {
        let end = (position + count).min(self.char_len());
        self.slice(CharRange::new(position, end)).unwrap_or_default()
    }
}

impl Clone for IndexedText {
    fn clone(&self) -> Self {
        Self::new(self.text.clone())
    }
}

impl PartialEq for IndexedText {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for IndexedText {}

impl fmt::Debug for IndexedText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.text, f)
    }
}

impl From<&str> for IndexedText {
    fn from(text: &str) -> Self {
        Self::new(text)
    }
}

impl Serialize for IndexedText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for IndexedText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::new)
    }
}

/// At most `max` characters on one line (line breaks shown as spaces), with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    match flat.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn conversions_on_mixed_scripts() {
        // (text, code point, expected byte offset)
        let cases: &[(&str, usize, usize)] = &[
            ("", 0, 0),
            ("abc", 3, 3),
            ("marées", 4, 5),
            ("marées", 6, 7),
            ("a\r\nb", 3, 3),
            ("😀x", 1, 4),
            ("e\u{301}t\u{e9}", 2, 3),
            ("سلام world", 4, 8),
            ("中文字", 2, 6),
        ];
        for &(text, position, byte) in cases {
            let indexed = IndexedText::new(text);
            assert_eq!(
                indexed.byte_of(position),
                Some(byte),
                "byte_of({position}) in {text:?}"
            );
            assert_eq!(
                indexed.char_of(byte),
                Some(position),
                "char_of({byte}) in {text:?}"
            );
        }
    }

    #[test]
    fn out_of_range_and_mid_character_are_refused() {
        let text = IndexedText::new("é😀");
        assert_eq!(text.char_len(), 2);
        assert_eq!(text.byte_of(3), None);
        assert_eq!(text.char_of(1), None);
        assert_eq!(text.slice(CharRange::new(1, 3)), None);
        assert_eq!(text.slice(CharRange::new(2, 1)), None);
    }

    #[test]
    fn find_all_reports_code_points() {
        let text = IndexedText::new("œil, l'œil, œil");
        assert_eq!(
            text.find_all("œil"),
            vec![
                CharRange::new(0, 3),
                CharRange::new(7, 10),
                CharRange::new(12, 15)
            ]
        );
        assert!(text.find_all("").is_empty());
    }

    #[test]
    fn ranges_overlap() {
        let cases = [((0, 5), (5, 9), 0), ((0, 5), (3, 9), 2), ((2, 4), (0, 9), 2)];
        for ((a, b), (c, d), expected) in cases {
            assert_eq!(CharRange::new(a, b).overlap(CharRange::new(c, d)), expected);
        }
    }

    fn unicode_text() -> impl Strategy<Value = String> {
        let pieces = prop::sample::select(vec![
            "a",
            "Z",
            " ",
            "\r\n",
            "\n",
            "é",
            "e\u{301}",
            "œ",
            "😀",
            "👩‍👩‍👧",
            "سلام",
            "\u{200f}",
            "中",
            "Ж",
        ]);
        prop::collection::vec(pieces, 0..300).prop_map(|parts| parts.concat())
    }

    proptest! {
        #[test]
        fn conversions_agree_with_char_indices(text in unicode_text()) {
            let indexed = IndexedText::new(text.clone());
            let expected: Vec<usize> = text.char_indices().map(|(byte, _)| byte).collect();
            prop_assert_eq!(indexed.char_len(), expected.len());
            for (position, &byte) in expected.iter().enumerate() {
                prop_assert_eq!(indexed.byte_of(position), Some(byte));
                prop_assert_eq!(indexed.char_of(byte), Some(position));
            }
            prop_assert_eq!(indexed.byte_of(expected.len()), Some(text.len()));
            prop_assert_eq!(indexed.char_of(text.len()), Some(expected.len()));
        }

        #[test]
        fn slices_rebuild_the_text(text in unicode_text(), cut in 0usize..400) {
            let indexed = IndexedText::new(text.clone());
            let cut = cut.min(indexed.char_len());
            let len = indexed.char_len();
            let head = indexed.slice(CharRange::new(0, cut)).unwrap();
            let tail = indexed.slice(CharRange::new(cut, len)).unwrap();
            prop_assert_eq!(format!("{head}{tail}"), text);
        }
    }
}
