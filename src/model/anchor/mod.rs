//! Quote anchors: the exact text of a span with some context, and re-anchoring when offsets drift.
//!
//! Offsets alone are brittle (a corrected article, another tool counting differently), so every
//! annotation also keeps its quote. When the range no longer slices to the quote, [`reanchor`]
//! looks for it: exactly first, then approximately ([`approx`]), scored on the quote, its context
//! and the distance from the old place. When the old text is known (a re-import, a merge),
//! [`follow`] carries ranges through the diff of the two texts instead ([`diff`]). Either way an
//! annotation is placed surely, placed for review, or orphaned — never dropped, never guessed.

pub mod approx;
pub mod diff;
mod follow;
pub mod score;
mod search;

pub use follow::{Carried, follow};
pub use search::reanchor;

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

/// What became of a range when checked against its quote, or carried over to a new text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchoring {
    /// The range still slices to the quote.
    Intact,
    /// The quote was found as it was, here.
    Exact(CharRange),
    /// Text close enough to the quote was found here, in the right context: placed, its quote
    /// updated to the new text. `score` is the confidence, in percent.
    Moved { range: CharRange, score: u8 },
    /// Text that may be the quote was found here, but not surely: placed, and marked for the
    /// user to accept or send to the orphans.
    Review { range: CharRange, score: u8 },
    /// No place is good enough, or two are equally good: kept with its old quote, never guessed.
    Orphaned,
}

/// The four outcomes a user is told about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Exact,
    Moved,
    NeedsReview,
    Orphaned,
}

impl Outcome {
    pub const ALL: [Outcome; 4] = [
        Outcome::Exact,
        Outcome::Moved,
        Outcome::NeedsReview,
        Outcome::Orphaned,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Outcome::Exact => "exact",
            Outcome::Moved => "moved",
            Outcome::NeedsReview => "needs review",
            Outcome::Orphaned => "orphaned",
        }
    }
}

impl Anchoring {
    pub fn outcome(self) -> Outcome {
        match self {
            Anchoring::Intact | Anchoring::Exact(_) => Outcome::Exact,
            Anchoring::Moved { .. } => Outcome::Moved,
            Anchoring::Review { .. } => Outcome::NeedsReview,
            Anchoring::Orphaned => Outcome::Orphaned,
        }
    }

    /// The range the annotation takes, or `None` to keep its own (intact or orphaned).
    pub fn range(self) -> Option<CharRange> {
        match self {
            Anchoring::Exact(range) | Anchoring::Moved { range, .. } | Anchoring::Review { range, .. } => {
                Some(range)
            }
            Anchoring::Intact | Anchoring::Orphaned => None,
        }
    }
}

/// An annotation placed approximately and waiting for the user: what its quote was before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The quote before it was carried over.
    pub previous: String,
    /// How sure the placement is, in percent.
    pub score: u8,
}

/// Applies an anchoring to an annotation: its range, its quote, and whether it is orphaned or
/// waiting for review. An orphan keeps the quote it had, so it can be found again later.
pub fn settle(annotation: &mut super::Annotation, text: &IndexedText, anchoring: Anchoring) {
    match anchoring {
        Anchoring::Intact => annotation.orphaned = false,
        Anchoring::Orphaned => {
            if let Some(review) = annotation.review.take() {
                annotation.quote.exact = review.previous;
            }
            annotation.orphaned = true;
        }
        Anchoring::Exact(range) | Anchoring::Moved { range, .. } | Anchoring::Review { range, .. } => {
            if let Anchoring::Review { score, .. } = anchoring {
                let previous = annotation
                    .review
                    .take()
                    .map_or_else(|| annotation.quote.exact.clone(), |r| r.previous);
                annotation.review = Some(Review { previous, score });
            }
            annotation.set_range(range);
            annotation.quote = Quote::capture(text, range).unwrap_or_default();
            annotation.orphaned = false;
        }
    }
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
                Anchoring::Exact(CharRange::new(24, 29)),
            ),
            // Past the end of the text.
            (
                CharRange::new(500, 505),
                second_niger,
                Anchoring::Exact(CharRange::new(24, 29)),
            ),
            // No context: nearest occurrence to the old start.
            (
                CharRange::new(44, 49),
                Quote {
                    exact: "Niger".into(),
                    ..Quote::default()
                },
                Anchoring::Exact(CharRange::new(46, 51)),
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

    const ARTICLE: &str = "Budget 2026: what changed\n\
The goverment announced a rise of taxes on fuel, starting in March.\n\
According to the ministry, 3.2 million households will pay more.\n\
Critics say the measure hits rural families hardest.\n\
Prices rose sharply last year. Unions called a strike.\n\
In the capital, prices rose sharply last year as well.\n";

    fn annotation_on(text: &IndexedText, quote: &str, nth: usize) -> super::super::Annotation {
        let range = text.find_all(quote)[nth];
        let time = jiff::Timestamp::from_second(1_700_000_000).unwrap();
        super::super::Annotation {
            id: crate::model::AnnotationId::from(format!("a-{quote}").as_str()),
            document: crate::model::DocId::from("d"),
            start: range.start,
            end: range.end,
            quote: Quote::capture(text, range).unwrap(),
            label: crate::model::LabelId::from("claim"),
            note: String::new(),
            fields: Default::default(),
            orphaned: false,
            review: None,
            agreed: None,
            created: time,
            modified: time,
        }
    }

    /// Real-world corrections of the article, and what must become of one annotation.
    #[test]
    fn following_a_corrected_article() {
        let old = IndexedText::new(ARTICLE);
        let moved_paragraph = ARTICLE.replace("Critics say the measure hits rural families hardest.\n", "")
            + "Critics say the measure hits rural families hardest.\n";
        // (what the editor did, old text, new text, quote, which occurrence, outcome, new quote)
        let cases: Vec<(&str, String, &str, usize, Outcome, &str)> = vec![
            (
                "typo fixed inside the quote",
                ARTICLE.replace("goverment", "government"),
                "The goverment announced a rise of taxes on fuel",
                0,
                Outcome::Moved,
                "The government announced a rise of taxes on fuel",
            ),
            (
                "one word replaced",
                ARTICLE.replace("announced", "confirmed"),
                "The goverment announced a rise of taxes on fuel",
                0,
                Outcome::Moved,
                "The goverment confirmed a rise of taxes on fuel",
            ),
            (
                "words inserted before",
                ARTICLE.replace("Critics say", "Several critics say"),
                "the measure hits rural families hardest",
                0,
                Outcome::Exact,
                "the measure hits rural families hardest",
            ),
            (
                "words inserted inside",
                ARTICLE.replace("rise of taxes", "rise of local taxes"),
                "a rise of taxes on fuel, starting in March",
                0,
                Outcome::Moved,
                "a rise of local taxes on fuel, starting in March",
            ),
            (
                "words inserted after",
                ARTICLE.replace("hardest.", "hardest, a survey shows."),
                "Critics say the measure hits rural families hardest",
                0,
                Outcome::Exact,
                "Critics say the measure hits rural families hardest",
            ),
            (
                "sentence deleted nearby",
                ARTICLE.replace(" Unions called a strike.", ""),
                "Prices rose sharply last year.",
                0,
                Outcome::Exact,
                "Prices rose sharply last year.",
            ),
            (
                "sentence inserted nearby",
                ARTICLE.replace(
                    "Budget 2026: what changed\n",
                    "Budget 2026: what changed\nUpdated on 3 March.\n",
                ),
                "3.2 million households will pay more",
                0,
                Outcome::Exact,
                "3.2 million households will pay more",
            ),
            (
                "paragraph moved",
                moved_paragraph,
                "Critics say the measure hits rural families hardest.",
                0,
                Outcome::Exact,
                "Critics say the measure hits rural families hardest.",
            ),
            (
                "the quote's text repeated elsewhere, the second one edited",
                ARTICLE.replace("rose sharply last year as", "rose steeply last year as"),
                "prices rose sharply last year",
                0,
                Outcome::Moved,
                "prices rose steeply last year",
            ),
            (
                "the quote deleted",
                ARTICLE.replace("Critics say the measure hits rural families hardest.\n", ""),
                "Critics say the measure hits rural families hardest.",
                0,
                Outcome::Orphaned,
                "Critics say the measure hits rural families hardest.",
            ),
            (
                "a figure changed",
                ARTICLE.replace("3.2 million", "3.5 million"),
                "3.2 million households will pay more",
                0,
                Outcome::NeedsReview,
                "3.5 million households will pay more",
            ),
            (
                "half the quote rewritten",
                ARTICLE.replace("hits rural families hardest", "spares nobody in the countryside"),
                "Critics say the measure hits rural families hardest",
                0,
                Outcome::NeedsReview,
                "Critics say the measure spares nobody in the countryside",
            ),
            (
                "the quote rewritten",
                ARTICLE.replace(
                    "Critics say the measure hits rural families hardest.",
                    "Opponents of the plan are unconvinced.",
                ),
                "Critics say the measure hits rural families hardest.",
                0,
                Outcome::Orphaned,
                "Critics say the measure hits rural families hardest.",
            ),
        ];
        for (what, new, quote, nth, outcome, new_quote) in cases {
            let new = IndexedText::new(new);
            let annotation = annotation_on(&old, quote, nth);
            let carried = follow(&old, &new, [&annotation]).remove(0);
            assert_eq!(
                carried.anchoring.outcome(),
                outcome,
                "{what}: {:?}",
                carried.anchoring
            );
            let placed = &carried.annotation;
            assert_eq!(placed.quote.exact, new_quote, "{what}");
            if outcome != Outcome::Orphaned {
                assert_eq!(new.slice(placed.range()), Some(new_quote), "{what}");
            }
            assert_eq!(placed.orphaned, outcome == Outcome::Orphaned, "{what}");
            assert_eq!(placed.review.is_some(), outcome == Outcome::NeedsReview, "{what}");
        }
    }

    /// Only the new text known (a project whose ranges are off, an import from another tool):
    /// what the search makes of a quote.
    #[test]
    fn searching_without_the_old_text() {
        let text = IndexedText::new(ARTICLE.replace("goverment", "government"));
        let quote = |exact: &str, prefix: &str, suffix: &str| Quote {
            exact: exact.into(),
            prefix: prefix.into(),
            suffix: suffix.into(),
        };
        let hint = CharRange::new(30, 60);
        // (what, quote, outcome)
        let cases = [
            (
                "exact, elsewhere",
                quote("3.2 million households", "the ministry, ", " will pay"),
                Outcome::Exact,
            ),
            (
                "a typo, in its context",
                quote("The goverment announced a rise", "what changed\n", " of taxes"),
                Outcome::Moved,
            ),
            (
                "a typo, no context to confirm it",
                quote("The goverment announced a rise", "", ""),
                Outcome::NeedsReview,
            ),
            (
                "two places equally close",
                quote("rices rose sharply last yeaa", "", ""),
                Outcome::Orphaned,
            ),
            (
                "too short to look for approximately",
                quote("Budgt 2", "", ""),
                Outcome::Orphaned,
            ),
            (
                "not in the text",
                quote("The opposition welcomed the plan", "", ""),
                Outcome::Orphaned,
            ),
        ];
        for (what, quote, outcome) in cases {
            let anchoring = reanchor(&text, hint, &quote);
            assert_eq!(anchoring.outcome(), outcome, "{what}: {anchoring:?}");
        }
    }
}
