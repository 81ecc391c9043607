//! Where the keyboard caret goes: word steps, and the sentence or line-delimited paragraph around a
//! position (Unicode sentence boundaries, UAX #29, from `unicode-segmentation`).

use unicode_segmentation::UnicodeSegmentation;

use super::text::{CharRange, IndexedText};

/// How far one word step looks; a longer run of letters is crossed in several steps.
const WORD_WINDOW: usize = 256;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Ctrl+Right: the end of the word at or after `position`.
pub fn word_end_after(text: &IndexedText, position: usize) -> usize {
    let ahead = text.after(position, WORD_WINDOW);
    let gap = ahead.chars().take_while(|&c| !is_word_char(c)).count();
    let word = ahead.chars().skip(gap).take_while(|&c| is_word_char(c)).count();
    position + gap + word
}

/// Ctrl+Left: the start of the word at or before `position`.
pub fn word_start_before(text: &IndexedText, position: usize) -> usize {
    let behind = text.before(position, WORD_WINDOW);
    let gap = behind.chars().rev().take_while(|&c| !is_word_char(c)).count();
    let word = behind
        .chars()
        .rev()
        .skip(gap)
        .take_while(|&c| is_word_char(c))
        .count();
    position - gap - word
}

/// The line-delimited paragraph around `position`, without its line break (`\n` or `\r\n`).
pub fn paragraph_at(text: &IndexedText, position: usize) -> CharRange {
    let all = text.as_str();
    let Some(byte) = text.byte_of(position.min(text.char_len())) else {
        return CharRange::new(position, position);
    };
    let start = memchr::memrchr(b'\n', &all.as_bytes()[..byte]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &all.as_bytes()[byte..]).map_or(all.len(), |i| byte + i);
    let end = if all[..end].ends_with('\r') { end - 1 } else { end };
    let start = start.min(end);
    match (text.char_of(start), text.char_of(end)) {
        (Some(start), Some(end)) => CharRange::new(start, end),
        _ => CharRange::new(position, position),
    }
}

/// The sentence of `paragraph` that holds `position`, without its trailing white space.
pub fn sentence_at(text: &IndexedText, paragraph: CharRange, position: usize) -> CharRange {
    let Some(body) = text.slice(paragraph) else {
        return CharRange::new(position, position);
    };
    let mut start = paragraph.start;
    for sentence in body.split_sentence_bounds() {
        let len = sentence.chars().count();
        let end = start + len;
        // A position at the very end of the paragraph belongs to its last sentence.
        if position < end || end == paragraph.end {
            let trailing = sentence.chars().rev().take_while(|c| c.is_whitespace()).count();
            return CharRange::new(start, (end - trailing).max(start));
        }
        start = end;
    }
    CharRange::new(position, position)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_steps() {
        let text = IndexedText::new("Le général, l'œil — Москва 😀 ok");
        // (position, end after, start before)
        let cases = [
            (0, 2, 0),
            (2, 10, 0),
            (3, 10, 0),
            (5, 10, 3),
            (10, 13, 3),
            (26, 31, 20),
            (31, 31, 29),
        ];
        for (position, end, start) in cases {
            assert_eq!(word_end_after(&text, position), end, "end after {position}");
            assert_eq!(
                word_start_before(&text, position),
                start,
                "start before {position}"
            );
        }
    }

    #[test]
    fn paragraphs() {
        let text = IndexedText::new("one\r\ntwo two\n\nthree");
        // (position, expected paragraph)
        let cases = [
            (0, "one"),
            (3, "one"),
            (5, "two two"),
            (12, "two two"),
            (13, ""),
            (14, "three"),
            (19, "three"),
        ];
        for (position, expected) in cases {
            assert_eq!(
                text.slice(paragraph_at(&text, position)),
                Some(expected),
                "{position}"
            );
        }
    }

    #[test]
    fn sentences() {
        let text = IndexedText::new("Intro\nFirst one. Second one? Third 3.5 percent!  \nNext");
        let paragraph = CharRange::new(6, 49);
        // (position, expected sentence)
        let cases = [
            (6, "First one."),
            (16, "First one."),
            (17, "Second one?"),
            (30, "Third 3.5 percent!"),
            (49, "Third 3.5 percent!"),
        ];
        for (position, expected) in cases {
            let sentence = sentence_at(&text, paragraph, position);
            assert_eq!(text.slice(sentence), Some(expected), "{position}");
        }
        let arabic = IndexedText::new("قال الوزير. ثم غادر.");
        let sentence = sentence_at(&arabic, CharRange::new(0, 20), 14);
        assert_eq!(arabic.slice(sentence), Some("ثم غادر."));
    }
}
