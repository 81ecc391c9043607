//! Carrying annotations from one version of a text to the next (a re-import, a merge): each
//! range follows its words through the diff of the two texts, and is checked against its quote.

use rayon::prelude::*;

use super::approx::similarity;
use super::diff::OffsetMap;
use super::score::{
    AMBIGUOUS_WITHIN, EDIT_BUDGET, REVIEW_FLOOR, SHORTEST_APPROXIMATE, context_similarity, figures_agree,
    percent,
};
use super::{Anchoring, CONTEXT_CHARS, Quote, reanchor, settle};
use crate::model::Annotation;
use crate::model::text::{CharRange, IndexedText};

/// Below this context similarity a placement the diff suggests is not taken without asking.
const IN_CONTEXT: f32 = 0.5;
/// A quote found exactly away from where its words went must have at least this much of its
/// old context around it to count as moved there (a paragraph moved, not a phrase repeated)...
const MOVED_CONTEXT: f32 = 0.8;
/// ...unless it is at least this long and occurs once: a whole sentence found again is the
/// sentence, even when the paragraphs around it changed.
const MOVED_ALONE: usize = 24;

/// One annotation carried over: as it is on the new text, where it was, and what happened.
#[derive(Clone, Debug)]
pub struct Carried {
    pub annotation: Annotation,
    pub before: CharRange,
    pub anchoring: Anchoring,
}

/// Carries `annotations` of `old` onto `new`.
pub fn follow<'a>(
    old: &IndexedText,
    new: &IndexedText,
    annotations: impl IntoIterator<Item = &'a Annotation>,
) -> Vec<Carried> {
    let map = OffsetMap::between(old.as_str(), new.as_str());
    let annotations: Vec<&Annotation> = annotations.into_iter().collect();
    // Each annotation is carried on its own: 100 000 of them share the cores.
    annotations
        .into_par_iter()
        .map(|annotation| {
            let anchoring = carry(&map, old, new, annotation);
            let mut carried = annotation.clone();
            settle(&mut carried, new, anchoring);
            Carried {
                annotation: carried,
                before: annotation.range(),
                anchoring,
            }
        })
        .collect()
}

fn carry(map: &OffsetMap, old: &IndexedText, new: &IndexedText, annotation: &Annotation) -> Anchoring {
    let range = annotation.range();
    let quote = &annotation.quote;
    let consistent = !annotation.orphaned && old.slice(range) == Some(quote.exact.as_str());
    if !consistent {
        // The range was only a hint already: look for the quote itself.
        return reanchor(new, range, quote);
    }
    let mapped = map.map(range);
    if mapped.untouched
        && new.slice(mapped.range) == Some(quote.exact.as_str())
        && in_context(new, mapped.range, quote)
    {
        return if mapped.range == range {
            Anchoring::Intact
        } else {
            Anchoring::Exact(mapped.range)
        };
    }
    let moved = Moves {
        map,
        old,
        new,
        ours: range,
    };
    changed(&moved, trim(new, mapped.range, &quote.exact), quote)
}

/// What `changed` needs to know besides the quote: the two texts, the diff between them, and
/// where the annotation was.
struct Moves<'a> {
    map: &'a OffsetMap,
    old: &'a IndexedText,
    new: &'a IndexedText,
    ours: CharRange,
}

/// The words of the quote were edited: take what they became when it is close enough, else the
/// quote moved whole, else ask the user, else orphan it.
fn changed(moves: &Moves, range: CharRange, quote: &Quote) -> Anchoring {
    let new = moves.new;
    let became = new.slice(range).unwrap_or_default();
    let alike = if range.is_empty() {
        0.0
    } else {
        similarity(&quote.exact, became)
    };
    let score = percent(alike);
    if close_enough(moves, range, quote, became, alike) {
        return Anchoring::Moved { range, score };
    }
    if let Some(elsewhere) = moved_whole(moves, quote) {
        return Anchoring::Exact(elsewhere);
    }
    if alike >= REVIEW_FLOOR {
        return Anchoring::Review { range, score };
    }
    Anchoring::Orphaned
}

/// Whether what the quote's words became (`alike` to it) is still the quote. A few letters
/// recur everywhere, so a short quote must be there unchanged.
fn close_enough(moves: &Moves, range: CharRange, quote: &Quote, became: &str, alike: f32) -> bool {
    let short = quote.exact.chars().count() < SHORTEST_APPROXIMATE;
    let same_words = if short {
        alike >= 1.0
    } else {
        alike >= 1.0 - EDIT_BUDGET && figures_agree(&quote.exact, became)
    };
    same_words && in_context(moves.new, range, quote) && !fits_another_copy(moves, range, quote)
}

/// Whether the words at `range` fit the surroundings of another old copy of them about as well
/// as ours (or better): when an edit removed one of two nearby copies, the diff may keep the
/// wrong one, and only their contexts tell which survived.
fn fits_another_copy(moves: &Moves, range: CharRange, quote: &Quote) -> bool {
    let Some(became) = moves.new.slice(range) else {
        return false;
    };
    let ours = context_similarity(moves.new, range, quote).unwrap_or(0.0);
    let reach = 4 * CONTEXT_CHARS + moves.ours.len();
    let near = CharRange::new(
        moves.ours.start.saturating_sub(reach),
        (moves.ours.end + reach).min(moves.old.char_len()),
    );
    moves
        .old
        .find_all_within(became, near)
        .into_iter()
        .filter(|copy| copy.overlap(moves.ours) == 0)
        .filter_map(|copy| Quote::capture(moves.old, copy))
        .filter_map(|other| context_similarity(moves.new, range, &other))
        .any(|theirs| theirs + AMBIGUOUS_WITHIN >= ours)
}

/// Whether the text around `range` still looks like the quote's old surroundings. A diff can
/// pair the wrong copies of a repeated phrase; the context tells them apart. A few letters
/// recur everywhere, so around a short quote the context must be nearly as it was.
fn in_context(new: &IndexedText, range: CharRange, quote: &Quote) -> bool {
    let at_least = if quote.exact.chars().count() < SHORTEST_APPROXIMATE {
        MOVED_CONTEXT
    } else {
        IN_CONTEXT
    };
    context_similarity(new, range, quote).is_none_or(|context| context >= at_least)
}

/// The quote as it was, somewhere its old context is too; `None` when that is not one place.
/// A copy that another old copy of the quote became is that copy, not ours moved.
fn moved_whole(moves: &Moves, quote: &Quote) -> Option<CharRange> {
    if quote.exact.chars().count() < SHORTEST_APPROXIMATE {
        // A few letters recur everywhere: their context proves little.
        return None;
    }
    let new = moves.new;
    let is_another_copy = |copy: &CharRange| moves.map.origin(*copy).is_some_and(|old| old != moves.ours);
    let all: Vec<CharRange> = new
        .find_all(&quote.exact)
        .into_iter()
        .filter(|copy| !is_another_copy(copy))
        .collect();
    if let [only] = all.as_slice()
        && quote.exact.chars().count() >= MOVED_ALONE
    {
        return Some(*only);
    }
    let mut found: Vec<(CharRange, f32)> = all
        .into_iter()
        .filter_map(|range| Some((range, context_similarity(new, range, quote)?)))
        .filter(|(_, context)| *context >= MOVED_CONTEXT)
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
    match found.as_slice() {
        [(best, _)] => Some(*best),
        [(best, first), (_, second), ..] if first - second > 0.1 => Some(*best),
        _ => None,
    }
}

/// `range` without the white space at its ends that the old quote did not have.
fn trim(text: &IndexedText, range: CharRange, old_quote: &str) -> CharRange {
    let Some(slice) = text.slice(range) else {
        return range;
    };
    let mut range = range;
    if !old_quote.starts_with(char::is_whitespace) {
        range.start += slice.chars().take_while(|c| c.is_whitespace()).count();
    }
    if !old_quote.ends_with(char::is_whitespace) {
        let trailing = slice.chars().rev().take_while(|c| c.is_whitespace()).count();
        range.end = range.end.saturating_sub(trailing).max(range.start);
    }
    range
}
