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

/// Corrects `text` and carries annotations of `spans` (as shares of the text, and lengths)
/// through the corrections: an error names the first annotation placed without asking at a
/// place its words are not.
fn carry_through(
    text: &str,
    spans: &[(f64, usize)],
    corrections: &[Correction],
) -> Result<(), TestCaseError> {
    let document = Document::new("article", text.to_owned());
    let chars: Vec<char> = text.chars().collect();
    let annotations: Vec<_> = spans
        .iter()
        .enumerate()
        .map(|(n, (at, len))| {
            let start = ((chars.len() as f64) * at) as usize;
            let end = (start + len).min(chars.len());
            common::annotation(
                &document,
                CharRange::new(start, end.max(start + 1).min(chars.len())),
                "claim",
                "",
                n as i64,
            )
        })
        .filter(|a| !a.range().is_empty())
        .collect();
    let mut edited = chars.clone();
    let mut tracked: Vec<CharRange> = annotations.iter().map(|a| a.range()).collect();
    for correction in corrections {
        correct(&mut edited, &mut tracked, correction);
    }
    let old = IndexedText::new(text.to_owned());
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
    Ok(())
}

fn fix(at: f64, delete: usize, insert: &[&'static str]) -> Correction {
    Correction {
        at,
        delete,
        insert: insert.to_vec(),
    }
}

/// What went wrong, the text, its annotations (as in the property below) and the corrections.
type Case = (&'static str, &'static str, Vec<(f64, usize)>, Vec<Correction>);

/// Cases the property below once found, shrunk, each with what went wrong.
#[test]
fn corrections_that_once_misplaced_an_annotation() {
    let cases: [Case; 3] = [
        (
            "a short quote paired by the diff with the same letters in an inserted word",
            "that to called unions three prices over budget unions Tuesday on taxes.\nopposition March in budget minister. March deficit on anyone March prices unions official.\nmore unions budget a opposition. opposition deficit over in March to budget.\na نفط families unions over March budget unions critics over prices over said.\n",
            vec![(0.18949211080923195, 3)],
            vec![
                fix(0.42904284923854785, 39, &["2025", "sharply"]),
                fix(0.12084055449275986, 24, &["now"]),
                fix(0.0, 0, &["2025"]),
                fix(0.19919950695866295, 0, &["sharply", "local"]),
            ],
        ),
        (
            "a short quote deleted, the same letters untouched nearby",
            "anyone deficit the unions deficit anyone région budget.\nthe immediately the minister said. the March minister.\nthe unions than reached a more than reached official over.\n",
            vec![(0.732891860766901, 3)],
            vec![
                fix(0.8951363491206803, 0, &["2025", "corrected"]),
                fix(0.0, 6, &[]),
                fix(0.0, 0, &[]),
                fix(0.0, 0, &["sharply", "sharply", "sharply"]),
                fix(0.6652453577559095, 18, &[]),
            ],
        ),
        (
            "most of a quote deleted, a copy of its first words untouched just after",
            "over unions budget minister نفط families unions families three March.\nminister the minister the minister said the unions the strike.\nover fuel official minister said according unions minister. taxes figures taxes fuel by families.\n",
            vec![(0.8381848699092952, 8)],
            vec![
                fix(0.0, 9, &["corrected"]),
                fix(0.9822517257801667, 6, &["sharply"]),
                fix(0.8048249449018139, 12, &[]),
            ],
        ),
    ];
    for (what, text, spans, corrections) in cases {
        if let Err(error) = carry_through(text, &spans, &corrections) {
            panic!("{what}: {error}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn corrections_never_misplace_an_annotation(
        text in article(),
        spans in prop::collection::vec((0.0..1.0f64, 3usize..60), 1..12),
        corrections in prop::collection::vec(correction(), 1..8),
    ) {
        carry_through(&text, &spans, &corrections)?;
    }
}
