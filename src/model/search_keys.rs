//! The folded quote and note of each annotation, for the side panel's text filter: made on the
//! first search, on all cores, and from then on kept in step with the annotations by each change.
//! A command that never filters (loading a project to count, import, export…) never folds its
//! 100 000 quotes.

use rayon::prelude::*;

use super::annotation::Annotation;
use super::project::Cached;
use super::query::fold;

/// `keys[i]` belongs to `annotations[i]` once made.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct SearchKeys {
    keys: Cached<Vec<String>>,
}

impl SearchKeys {
    /// The keys of `annotations`, made now if they are not yet.
    pub(super) fn get(&self, annotations: &[Annotation]) -> &[String] {
        self.keys
            .0
            .get_or_init(|| annotations.par_iter().map(search_key).collect())
    }

    /// The keys to keep in step with a change, if they have been made.
    pub(super) fn made(&mut self) -> Option<&mut Vec<String>> {
        self.keys.0.get_mut()
    }

    /// Whether the keys, if made, are those of `annotations`.
    pub(super) fn agree_with(&self, annotations: &[Annotation]) -> bool {
        self.keys.0.get().is_none_or(|keys| {
            keys.len() == annotations.len() && keys.iter().zip(annotations).all(|(k, a)| *k == search_key(a))
        })
    }
}

/// What the text filter searches: the quote and the note, folded (case, accents).
pub(super) fn search_key(annotation: &Annotation) -> String {
    let mut key = fold(&annotation.quote.exact);
    key.push('\n');
    key.push_str(&fold(&annotation.note));
    key
}

/// `old` and `new` merged: `take_new[k]` says whether the k-th item comes from `new`. A list
/// merged into nothing is taken as it is (an import into a document without annotations does not
/// move its 100 000 once more).
pub(super) fn merge_by<T>(old: Vec<T>, new: Vec<T>, take_new: &[bool]) -> Vec<T> {
    if old.is_empty() {
        return new;
    }
    let mut merged = Vec::with_capacity(old.len() + new.len());
    let (mut old, mut new) = (old.into_iter(), new.into_iter());
    for &from_new in take_new {
        let next = if from_new { new.next() } else { old.next() };
        merged.extend(next);
    }
    merged
}

/// The items whose `keep` is true, in order.
pub(super) fn keep_by<T>(items: Vec<T>, keep: impl Fn(usize) -> bool) -> Vec<T> {
    items
        .into_iter()
        .enumerate()
        .filter_map(|(k, item)| keep(k).then_some(item))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merges_and_keeps_by_case() {
        /// (old, new, which come from new, merged)
        type Case = (&'static [u8], &'static [u8], &'static [bool], &'static [u8]);
        let cases: [Case; 4] = [
            (&[], &[], &[], &[]),
            (&[1, 3], &[2], &[false, true, false], &[1, 2, 3]),
            (&[], &[1, 2], &[true, true], &[1, 2]),
            (&[5], &[1, 2], &[true, true, false], &[1, 2, 5]),
        ];
        for (old, new, take_new, merged) in cases {
            assert_eq!(merge_by(old.to_vec(), new.to_vec(), take_new), merged);
        }
        assert_eq!(keep_by(vec![10, 11, 12, 13], |k| k % 2 == 1), [11, 13]);
        assert!(keep_by(Vec::<u8>::new(), |_| true).is_empty());
    }
}
