//! Annotations following a text that changes: random corrections of a random article never
//! leave an annotation at a wrong place.

mod common;

use marginalia::model::anchor::{Outcome, follow};
use marginalia::model::{CharRange, Document, IndexedText};
use proptest::prelude::*;

/// The article's words. Real prose rarely repeats a word twice in a row or a phrase nearby;
/// where it does, a diff cannot tell which copy an edit touched, and neither could a reader.
const WORDS: [&str; 48] = [
    "the",
    "minister",
    "said",
    "prices",
    "rose",
    "by",
    "three",
    "percent",
    "in",
    "March",
    "while",
    "unions",
    "called",
    "a",
    "strike",
    "over",
    "fuel",
    "taxes",
    "critics",
    "warned",
    "that",
    "rural",
    "families",
    "pay",
    "more",
    "than",
    "anyone",
    "élus",
    "région",
    "نفط",
    "budget",
    "deficit",
    "reached",
    "record",
    "levels",
    "according",
    "to",
    "official",
    "figures",
    "released",
    "on",
    "Tuesday",
    "opposition",
    "leaders",
    "demanded",
    "an",
    "inquiry",
    "immediately",
];

/// What corrections insert: words the article does not use, as an editor's new wording.
const NEW_WORDS: [&str; 8] = [
    "sharply",
    "nearly",
    "revised",
    "corrected",
    "2025",
    "local",
    "steeply",
    "now",
];

/// A random article: paragraphs of sentences of words.
fn article() -> impl Strategy<Value = String> {
    let sentence =
        prop::collection::vec(prop::sample::select(WORDS.to_vec()), 4..14).prop_map(|mut words| {
            words.dedup();
            format!("{}.", words.join(" "))
        });
    let paragraph = prop::collection::vec(sentence, 1..4).prop_map(|s| s.join(" "));
    prop::collection::vec(paragraph, 3..12).prop_map(|p| p.join("\n") + "\n")
}

/// A correction: replace the characters `at..at+delete` (as shares of the text) by some words.
#[derive(Clone, Debug)]
struct Correction {
    at: f64,
    delete: usize,
    insert: Vec<&'static str>,
}

fn correction() -> impl Strategy<Value = Correction> {
    (
        0.0..1.0f64,
        prop_oneof![Just(0usize), 1..6usize, 6..40usize],
        prop::collection::vec(prop::sample::select(NEW_WORDS.to_vec()), 0..4),
    )
        .prop_map(|(at, delete, insert)| Correction { at, delete, insert })
}

/// Applies a correction to `text`, and to `tracked` (each annotation's old range as edited so
/// far: an end inside the replaced characters moves to the edge of what replaced them).
fn correct(text: &mut Vec<char>, tracked: &mut [CharRange], correction: &Correction) {
    let start = ((text.len() as f64) * correction.at) as usize;
    let end = (start + correction.delete).min(text.len());
    let inserted: Vec<char> = if correction.insert.is_empty() {
        Vec::new()
    } else {
        format!(" {} ", correction.insert.join(" ")).chars().collect()
    };
    let grow = inserted.len() as isize - (end - start) as isize;
    let shift = |position: usize, is_end: bool| -> usize {
        if position < start || (position == start && is_end) {
            position
        } else if position >= end {
            position.saturating_add_signed(grow)
        } else if is_end {
            start + inserted.len()
        } else {
            start
        }
    };
    for range in tracked.iter_mut() {
        let new_start = shift(range.start, false);
        let new_end = shift(range.end, true).max(new_start);
        *range = CharRange::new(new_start, new_end);
    }
    text.splice(start..end, inserted);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn corrections_never_misplace_an_annotation(
        text in article(),
        spans in prop::collection::vec((0.0..1.0f64, 3usize..60), 1..12),
        corrections in prop::collection::vec(correction(), 1..8),
    ) {
        let document = Document::new("article", text.clone());
        let chars: Vec<char> = text.chars().collect();
        let annotations: Vec<_> = spans
            .iter()
            .enumerate()
            .map(|(n, (at, len))| {
                let start = ((chars.len() as f64) * at) as usize;
                let end = (start + len).min(chars.len());
                common::annotation(&document, CharRange::new(start, end.max(start + 1).min(chars.len())), "claim", "", n as i64)
            })
            .filter(|a| !a.range().is_empty())
            .collect();
        let mut edited = chars.clone();
        let mut tracked: Vec<CharRange> = annotations.iter().map(|a| a.range()).collect();
        for correction in &corrections {
            correct(&mut edited, &mut tracked, correction);
        }
        let old = IndexedText::new(text);
        let new = IndexedText::new(edited.iter().collect::<String>());
        for (carried, right) in follow(&old, &new, &annotations).iter().zip(&tracked) {
            let placed = carried.annotation.range();
            // Exact and moved placements are taken without asking, so they must be right; one
            // for review is shown to the user beside its old quote, and an orphan is not placed.
            match carried.anchoring.outcome() {
                Outcome::Orphaned => prop_assert!(carried.annotation.orphaned),
                Outcome::NeedsReview => prop_assert!(carried.annotation.review.is_some()),
                outcome => {
                    prop_assert!(
                        placed.overlap(*right) > 0,
                        "{outcome:?}: {:?} placed at {placed} {:?}, its words are at {right} {:?}",
                        carried.annotation.quote.exact,
                        new.slice(placed),
                        new.slice(*right),
                    );
                    prop_assert_eq!(new.slice(placed), Some(carried.annotation.quote.exact.as_str()));
                }
            }
        }
    }
}
