//! How sure a placement is: the thresholds, and the parts of the score shared by the search and
//! by following a diff.

use super::approx::similarity;
use super::{CONTEXT_CHARS, Quote};
use crate::model::text::{CharRange, IndexedText};

/// At most this share of a quote's characters may be edited for the text to count as the quote.
pub const EDIT_BUDGET: f32 = 0.25;
/// A placement scoring this or more is taken without asking.
pub const ACCEPT: f32 = 0.80;
/// A placement scoring less than this is not made: the annotation is orphaned.
pub const REVIEW_FLOOR: f32 = 0.50;
/// Two candidates whose scores are this close are too alike to choose between.
pub const AMBIGUOUS_WITHIN: f32 = 0.05;
/// Quotes shorter than this are only ever found exactly: a few letters match approximately
/// almost anywhere.
pub const SHORTEST_APPROXIMATE: usize = 8;

/// The most edits a quote of `len` characters may have.
pub fn edit_budget(len: usize) -> usize {
    (len as f32 * EDIT_BUDGET).floor() as usize
}

/// How well the text around `range` matches the quote's stored prefix and suffix, from 0 to 1;
/// `None` when the quote keeps no context.
pub fn context_similarity(text: &IndexedText, range: CharRange, quote: &Quote) -> Option<f32> {
    let mut parts = Vec::with_capacity(2);
    if !quote.prefix.is_empty() {
        let before = text.before(range.start, quote.prefix.chars().count().min(CONTEXT_CHARS));
        parts.push(similarity(&quote.prefix, before));
    }
    if !quote.suffix.is_empty() {
        let after = text.after(range.end, quote.suffix.chars().count().min(CONTEXT_CHARS));
        parts.push(similarity(&quote.suffix, after));
    }
    (!parts.is_empty()).then(|| parts.iter().sum::<f32>() / parts.len() as f32)
}

/// Whether two versions of a quote state the same figures: "3.2 million" becoming "3.5 million"
/// changes a claim, so such a placement is always sent to review.
pub fn figures_agree(old: &str, new: &str) -> bool {
    figures(old) == figures(new)
}

fn figures(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_numeric())
        .filter(|part| !part.is_empty())
        .collect()
}

/// A score in percent, for reports and the inspector.
pub fn percent(score: f32) -> u8 {
    (score.clamp(0.0, 1.0) * 100.0).round() as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figure_cases() {
        let cases = [
            ("3.2 million", "3.2 millions", true),
            ("3.2 million", "3.5 million", false),
            ("in 2024, 40 %", "in 2024 — 40 %", true),
            ("no figure", "no figures", true),
            ("٣ ملايين", "٤ ملايين", false),
        ];
        for (old, new, agree) in cases {
            assert_eq!(figures_agree(old, new), agree, "{old} / {new}");
        }
    }

    #[test]
    fn budgets() {
        assert_eq!([4, 5, 20, 100].map(edit_budget), [1, 1, 5, 25]);
    }
}
