//! The document view: paragraphs laid out lazily, highlights painted behind the text, selection.
//!
//! A document is split at line breaks into paragraphs. Only the paragraphs on screen are laid out
//! (one galley each, cached); the others have an estimated height until they are first seen, so a
//! 5 MB document opens at once and memory follows what was viewed, not the whole text. Highlights
//! are painted from the galleys' rows, so changing an annotation never re-lays out text.

use std::sync::Arc;

use egui::text::{CCursor, LayoutJob, TextFormat};
use egui::{Align, Color32, FontId, Galley, Pos2, Rect, Sense, Stroke, Ui, Vec2, pos2, vec2};

use super::command::Command;
use super::view::View;
use crate::model::words::{snap_to_words, word_at};
use crate::model::{Annotation, CharRange, DocId, Document, Project};

/// Widest text column, in points at zoom 1.
const READING_WIDTH: f32 = 720.0;
const BASE_FONT_SIZE: f32 = 17.0;
const LINE_HEIGHT: f32 = 1.5;
/// Laid-out paragraphs kept around beyond those on screen.
const GALLEY_CACHE: usize = 400;

struct Paragraph {
    /// The paragraph's text without its line break.
    range: CharRange,
    height: f32,
    galley: Option<Arc<Galley>>,
    /// False when the galley's glyphs do not match the text one for one (egui miscounts some
    /// right-to-left runs): selections there snap to whole words computed from the text.
    exact: bool,
}

/// One document's annotations in text order, with the running maximum of their ends, so the
/// annotations overlapping a paragraph are found without scanning the whole list.
#[derive(Default)]
struct SpanIndex {
    spans: Vec<(CharRange, usize)>,
    max_end: Vec<usize>,
}

impl SpanIndex {
    fn build(project: &Project, doc_id: &DocId) -> Self {
        let positions = project.positions_of(doc_id);
        let spans: Vec<(CharRange, usize)> = positions
            .filter(|&i| !project.annotations()[i].orphaned)
            .map(|i| (project.annotations()[i].range(), i))
            .collect();
        let max_end = spans
            .iter()
            .scan(0, |max, (range, _)| {
                *max = range.end.max(*max);
                Some(*max)
            })
            .collect();
        Self { spans, max_end }
    }

    /// Indices into `Project::annotations` of the spans overlapping `range`, in text order.
    fn overlapping(&self, range: CharRange) -> Vec<usize> {
        let before_end = self
            .spans
            .partition_point(|(span, _)| span.start < range.end.max(range.start + 1));
        let mut found: Vec<usize> = (0..before_end)
            .rev()
            .take_while(|&i| self.max_end[i] > range.start)
            .filter(|&i| self.spans[i].0.end > range.start)
            .map(|i| self.spans[i].1)
            .collect();
        found.reverse();
        found
    }
}

#[derive(Default)]
pub struct Canvas {
    doc_id: Option<DocId>,
    /// (column width, font size) the galleys were laid out for.
    layout_for: (f32, f32),
    paragraphs: Vec<Paragraph>,
    /// `tops[i]` is paragraph i's top; the last entry is the total height.
    tops: Vec<f32>,
    spans: SpanIndex,
    spans_generation: Option<u64>,
    /// Paragraphs that hold a galley, to bound the cache.
    laid_out: Vec<usize>,
    /// Where the current drag started, as a document position.
    drag_anchor: Option<usize>,
}

impl Canvas {
    /// Draws the document and turns pointer gestures into commands.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        generation: u64,
        view: &mut View,
        commands: &mut Vec<Command>,
    ) {
        let Some(document) = view.doc_id.as_ref().and_then(|doc_id| project.document(doc_id)) else {
            ui.centered_and_justified(|ui| {
                ui.label("No document. Import one with File > Import document… (Ctrl+I).")
            });
            return;
        };
        self.prepare(ui, project, document, generation, view.zoom);
        let scroll = egui::ScrollArea::vertical().id_salt("canvas").auto_shrink(false);
        scroll.show_viewport(ui, |ui, viewport| {
            self.content_ui(ui, viewport, project, document, view, commands);
        });
    }

    fn prepare(&mut self, ui: &Ui, project: &Project, document: &Document, generation: u64, zoom: f32) {
        if self.doc_id.as_ref() != Some(&document.id) {
            *self = Self {
                doc_id: Some(document.id.clone()),
                paragraphs: split_paragraphs(document),
                ..Self::default()
            };
        }
        let font_size = BASE_FONT_SIZE * zoom;
        let column = (ui.available_width() - 48.0).clamp(200.0, READING_WIDTH * zoom);
        if self.layout_for != (column, font_size) {
            self.layout_for = (column, font_size);
            self.laid_out.clear();
            for paragraph in &mut self.paragraphs {
                paragraph.galley = None;
                paragraph.height = estimated_height(paragraph.range.len(), column, font_size);
            }
            self.update_tops();
        }
        if self.spans_generation != Some(generation) {
            self.spans = SpanIndex::build(project, &document.id);
            self.spans_generation = Some(generation);
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

    /// Paragraphs whose vertical extent meets `from..to`, in content coordinates.
    fn visible(&self, from: f32, to: f32) -> std::ops::Range<usize> {
        let first = self.tops.partition_point(|&top| top <= from).saturating_sub(1);
        let end = self
            .tops
            .partition_point(|&top| top < to)
            .min(self.paragraphs.len());
        first..end.max(first)
    }

    fn content_ui(
        &mut self,
        ui: &mut Ui,
        viewport: Rect,
        project: &Project,
        document: &Document,
        view: &mut View,
        commands: &mut Vec<Command>,
    ) {
        let visible = self.visible(viewport.min.y, viewport.max.y);
        self.lay_out(ui, document, visible.clone());
        let total = *self.tops.last().unwrap_or(&0.0);
        let width = ui.available_width();
        let (rect, response) =
            ui.allocate_exact_size(vec2(width, total.max(viewport.height())), Sense::click_and_drag());
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, &document.title));
        let origin = pos2(
            rect.min.x + ((width - self.layout_for.0) / 2.0).max(8.0),
            rect.min.y,
        );
        let visible = self.visible(viewport.min.y, viewport.max.y);

        if let Some(target) = view.scroll_target.take() {
            let i = self.paragraph_of(target.start);
            let top = origin.y + self.tops[i];
            ui.scroll_to_rect(
                Rect::from_min_size(pos2(origin.x, top), vec2(1.0, self.paragraphs[i].height)),
                Some(Align::Center),
            );
        }
        self.paint(ui, origin, visible.clone(), project, view);
        self.handle_pointer(ui, &response, origin, document, project, view, commands);
        if let Some(selection) = view.selection {
            self.palette_ui(ui, origin, selection, project, commands);
        }
        self.evict(visible);
    }

    /// Lays out the visible paragraphs that have no galley yet and corrects their heights.
    fn lay_out(&mut self, ui: &Ui, document: &Document, visible: std::ops::Range<usize>) {
        let (column, font_size) = self.layout_for;
        let mut changed = false;
        for i in visible {
            let paragraph = &mut self.paragraphs[i];
            if paragraph.galley.is_some() {
                continue;
            }
            let text = document.text.slice(paragraph.range).unwrap_or_default();
            let mut job = LayoutJob::default();
            job.append(
                text,
                0.0,
                TextFormat {
                    font_id: FontId::proportional(font_size),
                    color: ui.visuals().text_color(),
                    line_height: Some(font_size * LINE_HEIGHT),
                    ..TextFormat::default()
                },
            );
            job.wrap.max_width = column;
            let galley = ui.painter().layout_job(job);
            let glyphs: usize = galley.rows.iter().map(|row| row.glyphs.len()).sum();
            paragraph.exact = glyphs == paragraph.range.len();
            let height = if text.is_empty() {
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
    fn evict(&mut self, visible: std::ops::Range<usize>) {
        if self.laid_out.len() <= GALLEY_CACHE {
            return;
        }
        let keep = visible.start.saturating_sub(GALLEY_CACHE / 4)..visible.end + GALLEY_CACHE / 4;
        let paragraphs = &mut self.paragraphs;
        self.laid_out.retain(|&i| {
            let kept = keep.contains(&i);
            if !kept {
                paragraphs[i].galley = None;
            }
            kept
        });
    }

    fn paragraph_of(&self, position: usize) -> usize {
        self.paragraphs
            .partition_point(|p| p.range.end < position)
            .min(self.paragraphs.len().saturating_sub(1))
    }

    /// Screen rectangles covering `range` (document positions) within paragraph `i`.
    fn range_rects(&self, origin: Pos2, i: usize, range: CharRange) -> Vec<Rect> {
        let paragraph = &self.paragraphs[i];
        let Some(galley) = &paragraph.galley else {
            return Vec::new();
        };
        if paragraph.range.overlap(range) == 0 {
            return Vec::new();
        }
        let start = range.start.max(paragraph.range.start) - paragraph.range.start;
        let end = range.end.min(paragraph.range.end) - paragraph.range.start;
        let offset = origin.to_vec2() + vec2(0.0, self.tops[i]);
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

    fn paint(&self, ui: &Ui, origin: Pos2, visible: std::ops::Range<usize>, project: &Project, view: &View) {
        let painter = ui.painter();
        let line = self.layout_for.1 * LINE_HEIGHT;
        // The annotations linked to the selected one are outlined in their colour.
        let linked: std::collections::HashSet<&crate::model::AnnotationId> = view
            .selected
            .as_ref()
            .map(|id| {
                project
                    .links_of(id)
                    .map(|link| if &link.from == id { &link.to } else { &link.from })
                    .collect()
            })
            .unwrap_or_default();
        for i in visible {
            let paragraph = &self.paragraphs[i];
            let Some(galley) = &paragraph.galley else { continue };
            let overlapping = self.spans.overlapping(paragraph.range);
            for (annotation_index, level) in stacking_levels(project, &overlapping) {
                let annotation = &project.annotations()[annotation_index];
                let colour = label_colour(project, annotation);
                let selected = view.selected.as_ref() == Some(&annotation.id);
                for rect in self.range_rects(origin, i, annotation.range()) {
                    let fill = rect.shrink2(vec2(0.0, line * 0.08));
                    painter.rect_filled(
                        fill,
                        2.0,
                        colour.gamma_multiply(if selected { 0.55 } else { 0.28 }),
                    );
                    let y = fill.bottom() - 1.0 - level as f32 * 3.0;
                    painter.line_segment(
                        [pos2(rect.left(), y), pos2(rect.right(), y)],
                        Stroke::new(2.0, colour),
                    );
                    if selected {
                        painter.rect_stroke(
                            fill,
                            2.0,
                            Stroke::new(1.5, ui.visuals().strong_text_color()),
                            egui::StrokeKind::Outside,
                        );
                    } else if linked.contains(&annotation.id) {
                        painter.rect_stroke(fill, 2.0, Stroke::new(1.5, colour), egui::StrokeKind::Outside);
                    }
                }
            }
            let marks = view
                .marks
                .iter()
                .filter(|(doc_id, _, _)| Some(doc_id) == view.doc_id.as_ref());
            for (_, range, mark) in marks {
                for rect in self.range_rects(origin, i, *range) {
                    painter.rect_stroke(
                        rect,
                        2.0,
                        Stroke::new(2.0, mark.colour()),
                        egui::StrokeKind::Outside,
                    );
                }
            }
            if let Some(selection) = view.selection {
                for rect in self.range_rects(origin, i, selection) {
                    painter.rect_filled(rect, 2.0, ui.visuals().selection.bg_fill.gamma_multiply(0.6));
                }
            }
            painter.galley(
                origin + vec2(0.0, self.tops[i]),
                galley.clone(),
                ui.visuals().text_color(),
            );
        }
    }

    /// The document position under a screen point (clamped to the paragraph under it).
    fn position_at(&self, origin: Pos2, point: Pos2) -> Option<(usize, usize)> {
        let y = point.y - origin.y;
        let i = self
            .tops
            .partition_point(|&top| top <= y)
            .saturating_sub(1)
            .min(self.paragraphs.len().checked_sub(1)?);
        let paragraph = &self.paragraphs[i];
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
        let cursor = galley.cursor_from_pos(point - origin - vec2(0.0, self.tops[i]));
        Some((
            i,
            paragraph.range.start + cursor.index.0.min(paragraph.range.len()),
        ))
    }

    #[allow(clippy::too_many_arguments)]
    fn handle_pointer(
        &mut self,
        ui: &Ui,
        response: &egui::Response,
        origin: Pos2,
        document: &Document,
        project: &Project,
        view: &mut View,
        commands: &mut Vec<Command>,
    ) {
        if let Some(hover) = response.hover_pos()
            && let Some((_, position)) = self.position_at(origin, hover)
        {
            let under = self.annotations_at(project, position);
            if !under.is_empty() && !response.dragged() {
                response
                    .clone()
                    .on_hover_ui_at_pointer(|ui| hover_ui(ui, project, &under));
            }
        }
        let pointer = response.interact_pointer_pos();
        let alt = ui.input(|i| i.modifiers.alt);
        if response.double_clicked() {
            if let Some((_, position)) = pointer.and_then(|p| self.position_at(origin, p)) {
                let word = word_at(&document.text, position);
                commands.push(Command::SetSelection((!word.is_empty()).then_some(word)));
            }
        } else if response.clicked() {
            let position = pointer
                .and_then(|p| self.position_at(origin, p))
                .map(|(_, position)| position);
            let innermost = position.and_then(|position| {
                self.annotations_at(project, position)
                    .into_iter()
                    .min_by_key(|a| a.range().len())
                    .map(|a| a.id.clone())
            });
            commands.push(Command::SetSelection(None));
            commands.push(Command::Select(innermost));
        }
        if response.drag_started() {
            let press = ui.input(|i| i.pointer.press_origin());
            self.drag_anchor = press
                .and_then(|p| self.position_at(origin, p))
                .map(|(_, position)| position);
        }
        if response.dragged()
            && let (Some(anchor), Some((i, position))) = (
                self.drag_anchor,
                pointer.and_then(|p| self.position_at(origin, p)),
            )
        {
            let raw = CharRange::new(anchor.min(position), anchor.max(position));
            let exact = alt && self.paragraphs[i].exact && self.paragraphs[self.paragraph_of(anchor)].exact;
            let range = if exact {
                raw
            } else {
                snap_to_words(&document.text, raw)
            };
            let selection = (!range.is_empty()).then_some(range);
            if view.selection != selection {
                commands.push(Command::SetSelection(selection));
            }
            autoscroll(ui, response, pointer);
        }
        if response.drag_stopped() {
            self.drag_anchor = None;
        }
    }

    fn annotations_at<'p>(&self, project: &'p Project, position: usize) -> Vec<&'p Annotation> {
        self.spans
            .overlapping(CharRange::new(position, position + 1))
            .into_iter()
            .map(|i| &project.annotations()[i])
            .filter(|a| a.range().contains(position))
            .collect()
    }

    fn palette_ui(
        &self,
        ui: &Ui,
        origin: Pos2,
        selection: CharRange,
        project: &Project,
        commands: &mut Vec<Command>,
    ) {
        let i = self.paragraph_of(selection.end);
        let Some(anchor) = self.range_rects(origin, i, selection).last().copied() else {
            return;
        };
        egui::Area::new(egui::Id::unique("label-palette"))
            .order(egui::Order::Foreground)
            .fixed_pos(anchor.left_bottom() + vec2(0.0, 4.0))
            .show(ui.ctx(), |ui| {
                egui::Frame::popup(ui.style()).show(ui, |ui| {
                    ui.horizontal(|ui| {
                        for (n, label) in project.labels().iter().enumerate() {
                            let key = label.hotkey.clone().unwrap_or_else(|| (n + 1).to_string());
                            let text = egui::RichText::new(format!("{key}  {}", label.name));
                            let button =
                                egui::Button::new(text).fill(to_color32(label.color).gamma_multiply(0.35));
                            if ui.add(button).on_hover_text(&label.description).clicked() {
                                commands.push(Command::LabelSelection(label.id.clone()));
                            }
                        }
                    });
                });
            });
    }
}

fn hover_ui(ui: &mut Ui, project: &Project, under: &[&Annotation]) {
    for annotation in under {
        let colour = label_colour(project, annotation);
        let name = project
            .label(&annotation.label)
            .map_or(annotation.label.as_str(), |l| l.name.as_str());
        ui.label(egui::RichText::new(name).strong().color(colour));
        if !annotation.note.is_empty() {
            ui.label(&annotation.note);
        }
    }
}

/// Scrolls while a drag is held beyond the top or bottom edge of the view.
fn autoscroll(ui: &Ui, response: &egui::Response, pointer: Option<Pos2>) {
    let (Some(pointer), clip) = (pointer, ui.clip_rect()) else {
        return;
    };
    let speed = if pointer.y < clip.top() {
        (clip.top() - pointer.y).min(60.0)
    } else if pointer.y > clip.bottom() {
        -(pointer.y - clip.bottom()).min(60.0)
    } else {
        return;
    };
    ui.scroll_with_delta(Vec2::new(0.0, speed));
    response.ctx.request_repaint();
}

/// For each annotation, the underline level that keeps overlapping spans apart.
fn stacking_levels(project: &Project, indices: &[usize]) -> Vec<(usize, usize)> {
    let mut active: Vec<(usize, usize)> = Vec::new(); // (end, level)
    indices
        .iter()
        .map(|&i| {
            let range = project.annotations()[i].range();
            active.retain(|&(end, _)| end > range.start);
            let level = (0..)
                .find(|level| active.iter().all(|&(_, used)| used != *level))
                .unwrap_or(0);
            active.push((range.end, level));
            (i, level)
        })
        .collect()
}

fn split_paragraphs(document: &Document) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    let mut start = 0;
    for line in document.text.as_str().split_inclusive('\n') {
        let chars = line.chars().count();
        let content = line.trim_end_matches(['\n', '\r']).chars().count();
        paragraphs.push(Paragraph {
            range: CharRange::new(start, start + content),
            height: 0.0,
            galley: None,
            exact: true,
        });
        start += chars;
    }
    if paragraphs.is_empty() {
        paragraphs.push(Paragraph {
            range: CharRange::new(0, 0),
            height: 0.0,
            galley: None,
            exact: true,
        });
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

pub fn to_color32(color: crate::model::Color) -> Color32 {
    Color32::from_rgb(color.r, color.g, color.b)
}

fn label_colour(project: &Project, annotation: &Annotation) -> Color32 {
    project
        .label(&annotation.label)
        .map_or(Color32::GRAY, |label| to_color32(label.color))
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
