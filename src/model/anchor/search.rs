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
    text.find_all(&quote.exact).into_iter().max_by_key(|candidate| {
        let context = common_suffix(text.before(candidate.start, CONTEXT_CHARS), &quote.prefix)
            + common_prefix(text.after(candidate.end, CONTEXT_CHARS), &quote.suffix);
        (context, std::cmp::Reverse(candidate.start.abs_diff(hint.start)))
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
