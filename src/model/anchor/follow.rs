//! Carrying annotations from one version of a text to the next (a re-import, a merge): each
//! range follows its words through the diff of the two texts, and is checked against its quote.

use super::approx::similarity;
use super::diff::OffsetMap;
use super::score::{
    EDIT_BUDGET, REVIEW_FLOOR, SHORTEST_APPROXIMATE, context_similarity, figures_agree, percent,
};
use super::{Anchoring, Quote, reanchor, settle};
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
    annotations
        .into_iter()
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
    changed(new, trim(new, mapped.range, &quote.exact), quote)
}

/// The words of the quote were edited: take what they became when it is close enough, else the
/// quote moved whole, else ask the user, else orphan it.
fn changed(new: &IndexedText, range: CharRange, quote: &Quote) -> Anchoring {
    let became = new.slice(range).unwrap_or_default();
    let alike = if range.is_empty() {
        0.0
    } else {
        similarity(&quote.exact, became)
    };
    let score = percent(alike);
    if alike >= 1.0 - EDIT_BUDGET && figures_agree(&quote.exact, became) && in_context(new, range, quote) {
        return Anchoring::Moved { range, score };
    }
    if let Some(elsewhere) = moved_whole(new, quote) {
        return Anchoring::Exact(elsewhere);
    }
    if alike >= REVIEW_FLOOR {
        return Anchoring::Review { range, score };
    }
    Anchoring::Orphaned
}

/// Whether the text around `range` still looks like the quote's old surroundings. A diff can
/// pair the wrong copies of a repeated phrase; the context tells them apart.
fn in_context(new: &IndexedText, range: CharRange, quote: &Quote) -> bool {
    context_similarity(new, range, quote).is_none_or(|context| context >= IN_CONTEXT)
}

/// The quote as it was, somewhere its old context is too; `None` when that is not one place.
fn moved_whole(new: &IndexedText, quote: &Quote) -> Option<CharRange> {
    if quote.exact.chars().count() < SHORTEST_APPROXIMATE {
        // A few letters recur everywhere: their context proves little.
        return None;
    }
    let all = new.find_all(&quote.exact);
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
