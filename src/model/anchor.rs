//! Quote anchors: the exact text of a span with some context, and re-anchoring when offsets drift.
//!
//! Offsets alone are brittle (a re-import, another tool counting differently), so every annotation
//! also keeps its quote. When the range no longer slices to the quote, the quote is searched for
//! and the occurrence whose surroundings best match the stored prefix/suffix wins.

use serde::{Deserialize, Serialize};

use super::text::{CharRange, IndexedText};

/// How many characters of context are kept on each side of a quote.
pub const CONTEXT_CHARS: usize = 32;

/// The exact text of a span and the text around it (W3C TextQuoteSelector).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub exact: String,
    #[serde(default)]
    pub prefix: String,
    #[serde(default)]
    pub suffix: String,
}

impl Quote {
    /// The quote of `range` in `text`, with up to [`CONTEXT_CHARS`] of context on each side.
    /// `None` when the range does not lie within the text.
    pub fn capture(text: &IndexedText, range: CharRange) -> Option<Quote> {
        Some(Quote {
            exact: text.slice(range)?.to_owned(),
            prefix: text.before(range.start, CONTEXT_CHARS).to_owned(),
            suffix: text.after(range.end, CONTEXT_CHARS).to_owned(),
        })
    }
}

/// What became of a range when checked against its quote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchoring {
    /// The range still slices to the quote.
    Intact,
    /// The quote was found elsewhere; this is its new range.
    Moved(CharRange),
    /// The quote is nowhere in the text.
    Orphaned,
}

/// Checks `range` against `quote` and finds the quote again when they disagree.
pub fn reanchor(text: &IndexedText, range: CharRange, quote: &Quote) -> Anchoring {
    if !range.is_empty() && text.slice(range) == Some(quote.exact.as_str()) {
        return Anchoring::Intact;
    }
    let best = text.find_all(&quote.exact).into_iter().max_by_key(|candidate| {
        let context = common_suffix(text.before(candidate.start, CONTEXT_CHARS), &quote.prefix)
            + common_prefix(text.after(candidate.end, CONTEXT_CHARS), &quote.suffix);
        // More matching context wins; among equals, the occurrence nearest the old start.
        (context, std::cmp::Reverse(candidate.start.abs_diff(range.start)))
    });
    best.map_or(Anchoring::Orphaned, Anchoring::Moved)
}

/// How an annotation fared when carried over to a new version of its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CarriedOver {
    /// Its quote was found as it was.
    Exact,
    /// Its quote was found once cleaned the way the new text was (markup stripped).
    Cleaned,
    /// Its quote is not in the new text: kept, marked orphaned.
    Orphaned,
}

/// Re-anchors `annotation` in `text`: by its quote and context, then by the quote passed through
/// `clean` (the importer's own markup stripping), else it is kept as orphaned.
pub fn carry_over(
    text: &IndexedText,
    annotation: &mut super::Annotation,
    clean: impl Fn(&str) -> String,
) -> CarriedOver {
    let cleaned = Quote {
        exact: clean(&annotation.quote.exact),
        prefix: clean(&annotation.quote.prefix),
        suffix: clean(&annotation.quote.suffix),
    };
    let (outcome, anchoring) = match reanchor(text, annotation.range(), &annotation.quote) {
        Anchoring::Orphaned => (CarriedOver::Cleaned, reanchor(text, annotation.range(), &cleaned)),
        found => (CarriedOver::Exact, found),
    };
    let range = match anchoring {
        Anchoring::Intact => annotation.range(),
        Anchoring::Moved(range) => range,
        Anchoring::Orphaned => {
            annotation.orphaned = true;
            return CarriedOver::Orphaned;
        }
    };
    annotation.set_range(range);
    annotation.quote = Quote::capture(text, range).unwrap_or_default();
    annotation.orphaned = false;
    outcome
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.chars()
        .rev()
        .zip(b.chars().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Le Niger. Selon RFI, le Niger avance. Puis le Niger recule.";

    fn quote_at(text: &IndexedText, start: usize, end: usize) -> Quote {
        Quote::capture(text, CharRange::new(start, end)).unwrap()
    }

    #[test]
    fn capture_keeps_context() {
        let text = IndexedText::new("abc def ghi");
        let quote = quote_at(&text, 4, 7);
        assert_eq!(
            (quote.exact.as_str(), quote.prefix.as_str(), quote.suffix.as_str()),
            ("def", "abc ", " ghi")
        );
        assert!(Quote::capture(&text, CharRange::new(4, 99)).is_none());
    }

    #[test]
    fn reanchoring_cases() {
        let text = IndexedText::new(TEXT);
        let second_niger = quote_at(&text, 24, 29);
        assert_eq!(&TEXT[24..29], "Niger");
        // (stored range, quote, expected)
        let cases = [
            (CharRange::new(24, 29), second_niger.clone(), Anchoring::Intact),
            // Offsets shifted by an importer: the context picks the right "Niger" of three.
            (
                CharRange::new(40, 45),
                second_niger.clone(),
                Anchoring::Moved(CharRange::new(24, 29)),
            ),
            // Past the end of the text.
            (
                CharRange::new(500, 505),
                second_niger,
                Anchoring::Moved(CharRange::new(24, 29)),
            ),
            // No context: nearest occurrence to the old start.
            (
                CharRange::new(44, 49),
                Quote {
                    exact: "Niger".into(),
                    ..Quote::default()
                },
                Anchoring::Moved(CharRange::new(46, 51)),
            ),
            (
                CharRange::new(0, 5),
                Quote {
                    exact: "Mali".into(),
                    ..Quote::default()
                },
                Anchoring::Orphaned,
            ),
        ];
        for (range, quote, expected) in cases {
            assert_eq!(reanchor(&text, range, &quote), expected, "{range} {quote:?}");
        }
    }
}
