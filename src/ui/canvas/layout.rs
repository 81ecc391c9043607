//! One document's layout: paragraphs split at line breaks, laid out lazily (one cached galley each),
//! their prefix-summed tops, and the geometry the rest of the canvas asks of them: the rectangles
//! of a range, the position under a point, the caret's rectangle.

use std::sync::Arc;

use egui::text::CCursor;
use egui::{Galley, Pos2, Rect, Ui, pos2, vec2};

use super::bidi::{BidiLayout, PainterShaper, paragraph_direction};
use super::reading::{Ink, Look, line_job, look_of};

use crate::model::{CharRange, Direction, DocId, Document};

/// Widest text column, in points at zoom 1.
pub const READING_WIDTH: f32 = 720.0;
pub const BASE_FONT_SIZE: f32 = 17.0;
pub const LINE_HEIGHT: f32 = 1.5;
/// Laid-out paragraphs kept around beyond those on screen.
const GALLEY_CACHE: usize = 400;

pub struct Paragraph {
    /// The paragraph's text without its line break.
    pub range: CharRange,
    pub height: f32,
    pub galley: Option<Arc<Galley>>,
    /// In place of the galley, for a paragraph with right-to-left text: its lines and pieces.
    pub bidi: Option<BidiLayout>,
    /// False when the galley's glyphs do not match the text one for one (egui miscounts some
    /// right-to-left runs): selections there snap to whole words computed from the text.
    pub exact: bool,
    /// Its block's look in the reading view: size, indent, bullet, quote bar.
    pub look: Look,
}

impl Paragraph {
    pub fn is_laid_out(&self) -> bool {
        self.galley.is_some() || self.bidi.is_some()
    }

    /// Whether it reads right to left (laid out, and with a right-to-left base direction).
    pub fn is_rtl(&self) -> bool {
        self.bidi.as_ref().is_some_and(|b| b.rtl)
    }
}

pub struct DocLayout {
    pub doc_id: DocId,
    /// The text's hash and length: a document of the same id with another text (a project opened
    /// in place of another) gets a new layout.
    text_key: (String, usize),
    /// (column width, font size) the galleys were laid out for.
    pub layout_for: (f32, f32),
    /// The colours baked into the galleys (they change with the theme).
    ink: Option<Ink>,
    /// The document's direction the paragraphs were laid out for.
    direction: Direction,
    pub paragraphs: Vec<Paragraph>,
    /// `tops[i]` is paragraph i's top; the last entry is the total height.
    pub tops: Vec<f32>,
    /// Paragraphs that hold a galley, to bound the cache.
    laid_out: Vec<usize>,
}

impl DocLayout {
    pub fn new(document: &Document) -> Self {
        Self {
            doc_id: document.id.clone(),
            text_key: text_key(document),
            layout_for: (0.0, 0.0),
            ink: None,
            direction: document.direction,
            paragraphs: split_paragraphs(document),
            tops: Vec::new(),
            laid_out: Vec::new(),
        }
    }

    pub fn is_for(&self, document: &Document) -> bool {
        self.doc_id == document.id && self.text_key == text_key(document)
    }

    /// Re-estimates heights when the column or the font changed, and lays out again when the theme
    /// did.
    pub fn prepare(&mut self, ui: &Ui, column: f32, font_size: f32) {
        if self.ink != Some(Ink::of(ui)) {
            self.ink = Some(Ink::of(ui));
            self.forget_galleys();
        }
        if self.layout_for != (column, font_size) {
            self.layout_for = (column, font_size);
            self.forget_galleys();
            for paragraph in &mut self.paragraphs {
                let size = font_size * paragraph.look.scale;
                paragraph.height = estimated_height(paragraph.range.len(), column, size);
            }
            self.update_tops();
        }
    }

    /// Drops every galley (a document no longer on screen), keeping the measured heights.
    pub fn forget_galleys(&mut self) {
        for i in self.laid_out.drain(..) {
            self.paragraphs[i].galley = None;
            self.paragraphs[i].bidi = None;
        }
    }

    fn update_tops(&mut self) {
        let gap = self.layout_for.1 * 0.6;
        self.tops.clear();
        self.tops.reserve(self.paragraphs.len() + 1);
        let mut y = 0.0;
        for paragraph in &self.paragraphs {
            self.tops.push(y);
            y += paragraph.height + gap;
        }
        self.tops.push(y);
    }

    pub fn total_height(&self) -> f32 {
        *self.tops.last().unwrap_or(&0.0)
    }

    pub fn line_height(&self) -> f32 {
        self.layout_for.1 * LINE_HEIGHT
    }

    /// Paragraphs whose vertical extent meets `from..to`, in content coordinates.
    pub fn visible(&self, from: f32, to: f32) -> std::ops::Range<usize> {
        let first = self.tops.partition_point(|&top| top <= from).saturating_sub(1);
        let end = self
            .tops
            .partition_point(|&top| top < to)
            .min(self.paragraphs.len());
        first..end.max(first)
    }

    /// Lays out the paragraphs in `range` that have no galley yet and corrects their heights.
    pub fn lay_out(&mut self, ui: &Ui, document: &Document, range: std::ops::Range<usize>) {
        if self.direction != document.direction {
            self.direction = document.direction;
            self.forget_galleys();
        }
        let (column, font_size) = self.layout_for;
        let ink = self.ink.unwrap_or_else(|| Ink::of(ui));
        let mut changed = false;
        for i in range {
            let paragraph = &mut self.paragraphs[i];
            if paragraph.is_laid_out() {
                continue;
            }
            let text = document.text.slice(paragraph.range).unwrap_or_default();
            if let Some(rtl) = paragraph_direction(text, document.direction) {
                let (start, look) = (paragraph.range.start, paragraph.look);
                let mut shaper = PainterShaper {
                    painter: ui.painter(),
                    job: |from: usize, to: usize, mirrored: Option<char>| {
                        let range = CharRange::new(start + from, start + to);
                        let mut job = line_job(document, range, font_size, ink, look);
                        if let Some(mirrored) = mirrored {
                            // A mirrored bracket has as many bytes as the original.
                            job.text = mirrored.to_string();
                        }
                        job
                    },
                };
                let max_width = column - look.indent * font_size;
                let layout = BidiLayout::new(text, rtl, max_width, &mut shaper);
                paragraph.exact = layout.exact;
                let height = if paragraph.range.is_empty() {
                    font_size * 0.2
                } else {
                    layout.height
                };
                changed |= (height - paragraph.height).abs() > 0.5;
                paragraph.height = height;
                paragraph.bidi = Some(layout);
                self.laid_out.push(i);
                continue;
            }
            let mut job = line_job(document, paragraph.range, font_size, ink, paragraph.look);
            job.wrap.max_width = column - paragraph.look.indent * font_size;
            let galley = ui.painter().layout_job(job);
            let glyphs: usize = galley.rows.iter().map(|row| row.glyphs.len()).sum();
            paragraph.exact = glyphs == paragraph.range.len();
            let height = if paragraph.range.is_empty() {
                font_size * 0.2
            } else {
                galley.rect.height()
            };
            changed |= (height - paragraph.height).abs() > 0.5;
            paragraph.height = height;
            paragraph.galley = Some(galley);
            self.laid_out.push(i);
        }
        if changed {
            self.update_tops();
        }
    }

    /// Drops galleys far from the screen once the cache is full.
    pub fn evict(&mut self, visible: std::ops::Range<usize>) {
        if self.laid_out.len() <= GALLEY_CACHE {
            return;
        }
        let keep = visible.start.saturating_sub(GALLEY_CACHE / 4)..visible.end + GALLEY_CACHE / 4;
        let paragraphs = &mut self.paragraphs;
        self.laid_out.retain(|&i| {
            let kept = keep.contains(&i);
            if !kept {
                paragraphs[i].galley = None;
                paragraphs[i].bidi = None;
            }
            kept
        });
    }

    /// Where paragraph `i`'s galley is drawn: its top, right of its indent (a right-to-left
    /// paragraph is indented from the right: its lines end that far from the column's edge).
    pub fn galley_origin(&self, origin: Pos2, i: usize) -> Pos2 {
        let paragraph = &self.paragraphs[i];
        let indent = if paragraph.is_rtl() {
            0.0
        } else {
            paragraph.look.indent * self.layout_for.1
        };
        origin + vec2(indent, self.tops[i])
    }

    pub fn paragraph_of(&self, position: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.range.end < position)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    /// Screen rectangles covering `range` (document positions) within paragraph `i`.
    pub fn range_rects(&self, origin: Pos2, i: usize, range: CharRange) -> Vec<Rect> {
        let paragraph = &self.paragraphs[i];
        if paragraph.range.overlap(range) == 0 {
            return Vec::new();
        }
        let start = range.start.max(paragraph.range.start) - paragraph.range.start;
        let end = range.end.min(paragraph.range.end) - paragraph.range.start;
        let offset = self.galley_origin(origin, i).to_vec2();
        if let Some(bidi) = &paragraph.bidi {
            return bidi
                .range_rects(start, end)
                .into_iter()
                .map(|rect| rect.translate(offset))
                .collect();
        }
        let Some(galley) = &paragraph.galley else {
            return Vec::new();
        };
        let low = galley.layout_from_cursor(CCursor {
            index: start.into(),
            prefer_next_row: true,
        });
        let high = galley.layout_from_cursor(CCursor::new(end));
        (low.row..=high.row)
            .filter_map(|r| {
                let row = galley.rows.get(r)?;
                let left = if r == low.row {
                    row.x_offset(low.column)
                } else {
                    0.0
                };
                let right = if r == high.row {
                    row.x_offset(high.column)
                } else {
                    row.size.x
                };
                (right > left).then(|| {
                    Rect::from_min_max(pos2(left, 0.0), pos2(right, row.size.y))
                        .translate(offset + row.pos.to_vec2())
                })
            })
            .collect()
    }

    /// The caret's rectangle (zero width, one line high) at a document position, if laid out.
    pub fn caret_rect(&self, origin: Pos2, position: usize) -> Option<Rect> {
        let i = self.paragraph_of(position);
        let paragraph = &self.paragraphs[i];
        let column = position.clamp(paragraph.range.start, paragraph.range.end) - paragraph.range.start;
        if let Some(bidi) = &paragraph.bidi {
            return Some(
                bidi.caret_rect(column)
                    .translate(self.galley_origin(origin, i).to_vec2()),
            );
        }
        let galley = paragraph.galley.as_ref()?;
        let rect = galley.pos_from_cursor(CCursor::new(column));
        Some(rect.translate(self.galley_origin(origin, i).to_vec2()))
    }

    /// The document position under a screen point (clamped to the paragraph under it).
    pub fn position_at(&self, origin: Pos2, point: Pos2) -> Option<(usize, usize)> {
        let y = point.y - origin.y;
        let i = self
            .tops
            .partition_point(|&top| top <= y)
            .saturating_sub(1)
            .min(self.paragraphs.len().checked_sub(1)?);
        let paragraph = &self.paragraphs[i];
        if let Some(bidi) = &paragraph.bidi {
            let column = bidi.position_at(point - self.galley_origin(origin, i).to_vec2());
            return Some((i, paragraph.range.start + column.min(paragraph.range.len())));
        }
        let Some(galley) = &paragraph.galley else {
            let at_end = y > self.tops[i] + paragraph.height / 2.0;
            return Some((
                i,
                if at_end {
                    paragraph.range.end
                } else {
                    paragraph.range.start
                },
            ));
        };
        let cursor = galley.cursor_from_pos(point - self.galley_origin(origin, i));
        Some((
            i,
            paragraph.range.start + cursor.index.0.min(paragraph.range.len()),
        ))
    }
}

fn text_key(document: &Document) -> (String, usize) {
    (document.sha256.clone(), document.text.as_str().len())
}

pub fn split_paragraphs(document: &Document) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    let mut start = 0;
    let paragraph = |range| Paragraph {
        range,
        height: 0.0,
        galley: None,
        bidi: None,
        exact: true,
        look: look_of(document.block_at(range).map(|block| block.kind)),
    };
    for line in document.text.as_str().split_inclusive('\n') {
        let chars = line.chars().count();
        let content = line.trim_end_matches(['\n', '\r']).chars().count();
        paragraphs.push(paragraph(CharRange::new(start, start + content)));
        start += chars;
    }
    if paragraphs.is_empty() {
        paragraphs.push(paragraph(CharRange::new(0, 0)));
    }
    paragraphs
}

fn estimated_height(chars: usize, column: f32, font_size: f32) -> f32 {
    if chars == 0 {
        return font_size * 0.2;
    }
    let per_row = (column / (font_size * 0.48)).max(1.0);
    (chars as f32 / per_row).ceil() * font_size * LINE_HEIGHT
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_exclude_line_breaks_but_count_them() {
        let document = Document::new("t", "ab\r\n\r\ncd\ne");
        let ranges: Vec<_> = split_paragraphs(&document)
            .iter()
            .map(|p| (p.range.start, p.range.end))
            .collect();
        assert_eq!(ranges, [(0, 2), (4, 4), (6, 8), (9, 10)]);
    }
}
