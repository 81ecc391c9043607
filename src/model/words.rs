//! Word boundaries for selections: a drag snaps to whole words, a double-click takes one word.

use super::text::{CharRange, IndexedText};

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// The word around `position`, or an empty range there when it is not in a word.
pub fn word_at(text: &IndexedText, position: usize) -> CharRange {
    let start = extend_back(text, position);
    let end = extend_forward(text, position);
    CharRange::new(start, end.max(start))
}

/// Widens a range to whole words and trims the white space at its ends.
pub fn snap_to_words(text: &IndexedText, range: CharRange) -> CharRange {
    let Some(selected) = text.slice(range) else {
        return range;
    };
    let leading = selected.chars().take_while(|c| c.is_whitespace()).count();
    let trailing = selected.chars().rev().take_while(|c| c.is_whitespace()).count();
    if leading == range.len() {
        return CharRange::new(range.start, range.start);
    }
    let (start, end) = (range.start + leading, range.end - trailing);
    CharRange::new(extend_back(text, start), extend_forward(text, end))
}

fn extend_back(text: &IndexedText, position: usize) -> usize {
    position
        - text
            .before(position, 64)
            .chars()
            .rev()
            .take_while(|&c| is_word_char(c))
            .count()
}

fn extend_forward(text: &IndexedText, position: usize) -> usize {
    position
        + text
            .after(position, 64)
            .chars()
            .take_while(|&c| is_word_char(c))
            .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snapping_cases() {
        let text = IndexedText::new("Le général Modi, l'œil sur Москва 😀 ok");
        // (range, expected snapped text)
        let cases = [
            ((4, 7), "général"),
            ((3, 12), "général Modi"),
            ((2, 4), "général"),
            ((11, 16), "Modi,"),
            ((19, 20), "œil"),
            ((27, 28), "Москва"),
            ((34, 35), "😀"),
            ((2, 3), ""),
        ];
        for ((start, end), expected) in cases {
            let snapped = snap_to_words(&text, CharRange::new(start, end));
            assert_eq!(text.slice(snapped), Some(expected), "{start}..{end}");
        }
    }

    #[test]
    fn double_click_takes_the_word() {
        let text = IndexedText::new("contre vents et marées");
        let cases = [
            (0, "contre"),
            (9, "vents"),
            (19, "marées"),
            (22, "marées"),
            (6, "contre"),
        ];
        for (position, expected) in cases {
            assert_eq!(text.slice(word_at(&text, position)), Some(expected), "{position}");
        }
    }
}
