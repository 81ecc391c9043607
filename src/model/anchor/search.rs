//! Finding a quote again when only the new text is known: exactly first, then approximately,
//! each candidate scored on the quote, its context and the distance from where it was.

use super::approx::occurrences;
use super::score::{
    ACCEPT, AMBIGUOUS_WITHIN, REVIEW_FLOOR, SHORTEST_APPROXIMATE, context_similarity, edit_budget,
    figures_agree, percent,
};
use super::{Anchoring, CONTEXT_CHARS, Quote};
use crate::model::text::{CharRange, IndexedText};

/// How far around the old place the approximate search looks before it tries the whole text.
const NEAR: usize = 2_000;

/// Checks `hint` against `quote` and finds the quote again when they disagree: the exact
/// occurrence with the best context (the nearest among equals), else the best approximate one.
pub fn reanchor(text: &IndexedText, hint: CharRange, quote: &Quote) -> Anchoring {
    if !hint.is_empty() && text.slice(hint) == Some(quote.exact.as_str()) {
        return Anchoring::Intact;
    }
    if let Some(range) = best_exact(text, hint, quote) {
        return Anchoring::Exact(range);
    }
    approximate(text, hint, quote)
}

fn best_exact(text: &IndexedText, hint: CharRange, quote: &Quote) -> Option<CharRange> {
    // Near the hint first, in widening windows: an occurrence within `reach` with the best
    // context a quote can have is the best of all (any other with that context lies farther
    // away), so the rest is not searched. An import whose positions are right, or nearly (another
    // tool's count of the same text), pays for a few lines instead of the text.
    let exact_chars = quote.exact.chars().count();
    let best_context =
        quote.prefix.chars().count().min(CONTEXT_CHARS) + quote.suffix.chars().count().min(CONTEXT_CHARS);
    for reach in [2 * CONTEXT_CHARS, NEAR] {
        let near = CharRange::new(
            hint.start.saturating_sub(reach),
            (hint.start + reach + exact_chars).min(text.char_len()),
        );
        if near.start < near.end
            && let Some((context, range)) =
                best_of(text, text.find_all_within(&quote.exact, near), hint, quote)
            && context == best_context
        {
            return Some(range);
        }
    }
    best_of(text, text.find_all(&quote.exact), hint, quote).map(|(_, range)| range)
}

/// The occurrence with the most context in common with the quote, the nearest to the hint among
/// equals; with that context.
fn best_of(
    text: &IndexedText,
    occurrences: Vec<CharRange>,
    hint: CharRange,
    quote: &Quote,
) -> Option<(usize, CharRange)> {
    let context = |candidate: &CharRange| {
        common_suffix(text.before(candidate.start, CONTEXT_CHARS), &quote.prefix)
            + common_prefix(text.after(candidate.end, CONTEXT_CHARS), &quote.suffix)
    };
    occurrences
        .into_iter()
        .map(|candidate| (context(&candidate), candidate))
        .max_by_key(|(context, candidate)| {
            (*context, std::cmp::Reverse(candidate.start.abs_diff(hint.start)))
        })
}

fn approximate(text: &IndexedText, hint: CharRange, quote: &Quote) -> Anchoring {
    let pattern: Vec<char> = quote.exact.chars().collect();
    if pattern.len() < SHORTEST_APPROXIMATE {
        return Anchoring::Orphaned;
    }
    let reach = NEAR + 2 * pattern.len();
    let len = text.char_len();
    let near = CharRange::new(
        hint.start.saturating_sub(reach).min(len),
        (hint.end + reach).min(len),
    );
    let found = decide(&candidates(text, near, &pattern, hint, quote));
    if matches!(found, Anchoring::Moved { .. }) || near == CharRange::new(0, len) {
        return found;
    }
    decide(&candidates(text, CharRange::new(0, len), &pattern, hint, quote))
}

/// An approximate occurrence and how sure it would be.
#[derive(Clone, Copy, Debug)]
struct Candidate {
    range: CharRange,
    score: f32,
}

fn candidates(
    text: &IndexedText,
    within: CharRange,
    pattern: &[char],
    hint: CharRange,
    quote: &Quote,
) -> Vec<Candidate> {
    let Some(window) = text.slice(within) else {
        return Vec::new();
    };
    let window: Vec<char> = window.chars().collect();
    occurrences(pattern, &window, edit_budget(pattern.len()))
        .into_iter()
        .map(|hit| {
            let range = CharRange::new(within.start + hit.start, within.start + hit.end);
            let quote_score = 1.0 - hit.edits as f32 / pattern.len() as f32;
            // Without stored context nothing confirms the place: it can reach review, no more.
            let context = context_similarity(text, range, quote).unwrap_or(0.3);
            let nearness = 1.0 / (1.0 + range.start.abs_diff(hint.start) as f32 / NEAR as f32);
            let mut score = 0.6 * quote_score + 0.3 * context + 0.1 * nearness;
            let found = text.slice(range).unwrap_or_default();
            if !figures_agree(&quote.exact, found) {
                score = score.min(ACCEPT - 0.01);
            }
            Candidate { range, score }
        })
        .collect()
}

/// The best candidate's anchoring; orphaned when none is good enough or two are alike.
fn decide(candidates: &[Candidate]) -> Anchoring {
    let mut ranked: Vec<&Candidate> = candidates.iter().collect();
    ranked.sort_by(|a, b| b.score.total_cmp(&a.score));
    let Some(best) = ranked.first() else {
        return Anchoring::Orphaned;
    };
    let rival = ranked[1..]
        .iter()
        .any(|other| other.range.overlap(best.range) == 0 && other.score >= best.score - AMBIGUOUS_WITHIN);
    let score = percent(best.score);
    match best.score {
        _ if rival => Anchoring::Orphaned,
        s if s >= ACCEPT => Anchoring::Moved {
            range: best.range,
            score,
        },
        s if s >= REVIEW_FLOOR => Anchoring::Review {
            range: best.range,
            score,
        },
        _ => Anchoring::Orphaned,
    }
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

    proptest::proptest! {
        /// Looking near the hint first never changes which occurrence wins.
        #[test]
        fn the_near_search_finds_what_the_whole_text_search_finds(
            text in "[ab é]{0,6000}",
            (start, len) in (0usize..6000, 1usize..6),
            hint in 0usize..6100,
            context in 0usize..40,
        ) {
            let text = IndexedText::new(text);
            let len_chars = text.char_len();
            let range = CharRange::new(start.min(len_chars), (start + len).min(len_chars));
            proptest::prop_assume!(!range.is_empty());
            let mut quote = Quote::capture(&text, range).unwrap();
            quote.prefix = quote.prefix.chars().rev().take(context).collect::<Vec<_>>().into_iter().rev().collect();
            let hint = CharRange::new(hint, hint);
            let whole = best_of(&text, text.find_all(&quote.exact), hint, &quote).map(|(_, r)| r);
            proptest::prop_assert_eq!(best_exact(&text, hint, &quote), whole);
        }
    }

    #[test]
    fn finding_within_a_window_by_case() {
        let text = IndexedText::new("éa ba éa ba");
        // (needle, window, expected starts)
        let cases = [
            ("a", CharRange::new(0, 11), vec![1, 4, 7, 10]),
            ("a", CharRange::new(2, 8), vec![4, 7]),
            ("éa", CharRange::new(1, 11), vec![6]),
            ("ba", CharRange::new(4, 5), vec![]),
            ("", CharRange::new(0, 11), vec![]),
        ];
        for (needle, window, expected) in cases {
            let starts: Vec<usize> = text
                .find_all_within(needle, window)
                .iter()
                .map(|r| r.start)
                .collect();
            assert_eq!(starts, expected, "{needle:?} in {window}");
        }
    }
}
