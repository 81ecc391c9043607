//! Which annotations overlap a range of a document, without a pass over all of them: beside the
//! sorted annotations, the running maximum of their ends within each document. The canvas asks
//! this for every paragraph it paints and the pointer for every character it hovers.
//!
//! It is kept up to date by each change (one annotation in or out recomputes the rest of its
//! document, a pass over a few integers), so applying an edit rebuilds nothing.

use super::annotation::Annotation;
use super::text::CharRange;

#[derive(Clone, Debug, Default)]
pub(crate) struct SpanReach {
    /// `reach[i]` is the largest end among the placed (not orphaned) annotations of
    /// `annotations[i]`'s document from its first up to `i`; 0 when there is none.
    reach: Vec<usize>,
}

impl SpanReach {
    pub(crate) fn build(annotations: &[Annotation]) -> Self {
        let mut reach = Vec::with_capacity(annotations.len());
        let mut so_far = 0;
        for (i, annotation) in annotations.iter().enumerate() {
            if i > 0 && annotations[i - 1].document != annotation.document {
                so_far = 0;
            }
            if !annotation.orphaned {
                so_far = so_far.max(annotation.end);
            }
            reach.push(so_far);
        }
        Self { reach }
    }

    /// After `annotations[position]` came in.
    pub(crate) fn inserted(&mut self, annotations: &[Annotation], position: usize) {
        self.reach.insert(position, 0);
        self.recompute(annotations, position);
    }

    /// After the annotation at `position` went (`annotations` no longer has it).
    pub(crate) fn removed(&mut self, annotations: &[Annotation], position: usize) {
        self.reach.remove(position);
        self.recompute(annotations, position);
    }

    /// After the annotation at `position` was replaced in place.
    pub(crate) fn replaced(&mut self, annotations: &[Annotation], position: usize) {
        self.recompute(annotations, position);
    }

    /// Recomputes from `position` on, within its document, until a value comes out as it was:
    /// each is the one before it or the annotation's end, so from there on nothing changed.
    fn recompute(&mut self, annotations: &[Annotation], position: usize) {
        let Some(document) = annotations.get(position).map(|a| &a.document) else {
            return;
        };
        let mut so_far = match position.checked_sub(1) {
            Some(before) if &annotations[before].document == document => self.reach[before],
            _ => 0,
        };
        let rest = annotations[position..].iter().zip(&mut self.reach[position..]);
        for (k, (annotation, reach)) in rest.enumerate() {
            if k > 0 && &annotation.document != document {
                return;
            }
            if !annotation.orphaned {
                so_far = so_far.max(annotation.end);
            }
            if k > 0 && *reach == so_far {
                return;
            }
            *reach = so_far;
        }
    }

    /// Positions (within `document`, the slice of one document's annotations starting at
    /// `first`) of the placed annotations overlapping `range`, in text order. An empty `range`
    /// asks for the annotations over the character at its start.
    pub(crate) fn overlapping(
        &self,
        annotations: &[Annotation],
        document: std::ops::Range<usize>,
        range: CharRange,
    ) -> Vec<usize> {
        let slice = &annotations[document.clone()];
        let before_end = slice.partition_point(|a| a.start < range.end.max(range.start + 1));
        let mut found: Vec<usize> = (0..before_end)
            .rev()
            .take_while(|&i| self.reach[document.start + i] > range.start)
            .map(|i| document.start + i)
            .filter(|&i| !annotations[i].orphaned && annotations[i].end > range.start)
            .collect();
        found.reverse();
        found
    }

    /// Whether it matches what building it afresh gives (tests).
    pub(crate) fn agrees_with(&self, annotations: &[Annotation]) -> bool {
        self.reach == Self::build(annotations).reach
    }
}
