//! The document view: paragraphs laid out lazily, highlights painted behind the text, selection by
//! pointer or keyboard caret, find hits.
//!
//! A document is split at line breaks into paragraphs. Only the paragraphs on screen are laid out
//! (one galley each, cached); the others have an estimated height until they are first seen, so a
//! 5 MB document opens at once and memory follows what was viewed, not the whole text. Highlights
//! are painted from the galleys' rows, so changing an annotation never re-lays out text. Each
//! document keeps its measured heights and its own scroll position while others are shown.

pub mod bidi;
mod keys;
mod layout;
mod paint;
mod pointer;
mod reading;

use egui::{Align, Color32, Pos2, Rect, Sense, Ui, pos2, vec2};

use self::keys::{Motion, Step};
use self::layout::{BASE_FONT_SIZE, DocLayout, READING_WIDTH};
use super::command::Command;
use super::view::View;
use crate::model::{Annotation, CharRange, Document, Project};

/// Documents whose measured layout is kept while another is shown.
const KEPT_LAYOUTS: usize = 8;
/// Frames a scroll target is re-applied for, while the paragraphs around it get their real heights.
const SCROLL_FRAMES: u8 = 3;

/// What the canvas draws over the project besides annotations: the find bar's hits, and the
/// versions of the disagreement the curation view shows.
#[derive(Default)]
pub struct Overlay<'a> {
    /// Hits in the current document, in text order.
    pub hits: &'a [CharRange],
    pub current: Option<usize>,
    /// The curation view's versions on the current document (a handful).
    pub versions: &'a [super::curation::VersionMark],
    /// Suggestions on the current document, as dashed outlines.
    pub suggestions: &'a [super::suggestions::SuggestionMark],
}

#[derive(Default)]
pub struct Canvas {
    /// The current document's layout first, then recently shown ones.
    layouts: Vec<DocLayout>,
    drag: pointer::Drag,
    /// Caret keys taken from this frame's input, applied once the layout is known.
    steps: Vec<Step>,
    /// A span being brought into view, and for how many more frames.
    scrolling: Option<(CharRange, u8)>,
    /// Where the text column's top-left was drawn last frame (for tests and the palette).
    origin: Pos2,
}

/// A laid-out piece of a right-to-left or mixed paragraph as drawn last frame: its characters
/// (document positions) and the box of its glyphs' ink, in screen points. For tests.
#[derive(Clone, Debug)]
pub struct DrawnPiece {
    pub range: CharRange,
    pub rtl: bool,
    /// The piece's box (advance widths, one line high).
    pub rect: Rect,
    /// The union of its glyphs' ink, if it has any.
    pub ink: Option<Rect>,
}

impl Canvas {
    /// Draws the document and turns pointer gestures and caret keys into commands. `keyboard` says
    /// whether the caret keys are the document's this frame (no text field or dialog has them).
    #[allow(clippy::too_many_arguments)]
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        zoom: f32,
        view: &mut View,
        overlay: &Overlay<'_>,
        keyboard: bool,
        commands: &mut Vec<Command>,
    ) {
        let Some(document) = view.doc_id.as_ref().and_then(|doc_id| project.document(doc_id)) else {
            ui.centered_and_justified(|ui| {
                ui.label("No document. Import one with File > Import document… (Ctrl+I).")
            });
            return;
        };
        if keyboard {
            self.steps = keys::take_steps(ui.ctx());
        }
        if let Some(target) = view.scroll_target.take() {
            self.scrolling = Some((target, SCROLL_FRAMES));
        }
        self.show(document);
        let font_size = BASE_FONT_SIZE * zoom;
        let column = (ui.available_width() - 48.0).clamp(200.0, READING_WIDTH * zoom);
        self.layouts[0].prepare(ui, column, font_size);
        let scroll = egui::ScrollArea::vertical()
            .id_salt(("canvas", &document.id))
            .auto_shrink(false);
        scroll.show_viewport(ui, |ui, viewport| {
            self.content_ui(ui, viewport, project, document, view, overlay, commands);
        });
    }

    /// Makes `document`'s layout the current one, keeping a few others' measured heights.
    fn show(&mut self, document: &Document) {
        if self.layouts.first().is_some_and(|l| l.is_for(document)) {
            return;
        }
        if let Some(current) = self.layouts.first_mut() {
            current.forget_galleys();
        }
        let layout = match self.layouts.iter().position(|l| l.is_for(document)) {
            Some(i) => self.layouts.remove(i),
            None => DocLayout::new(document),
        };
        self.layouts.insert(0, layout);
        self.layouts.truncate(KEPT_LAYOUTS);
        self.drag = pointer::Drag::default();
    }

    #[allow(clippy::too_many_arguments)]
    fn content_ui(
        &mut self,
        ui: &mut Ui,
        viewport: Rect,
        project: &Project,
        document: &Document,
        view: &mut View,
        overlay: &Overlay<'_>,
        commands: &mut Vec<Command>,
    ) {
        let width = ui.available_width();
        let (column, font_size) = self.layouts[0].layout_for;
        let left = ((width - column) / 2.0).max(8.0);
        let header = if reading::has_header(document) {
            let header = ui.horizontal(|ui| {
                ui.add_space(left);
                ui.vertical(|ui| {
                    ui.set_max_width(column);
                    reading::header_ui(ui, document, font_size);
                })
            });
            header.response.rect.height() + ui.spacing().item_spacing.y
        } else {
            0.0
        };
        // The paragraphs' tops count from below the header.
        let viewport = viewport.translate(vec2(0.0, -header));
        let layout = &mut self.layouts[0];
        let visible = layout.visible(viewport.min.y, viewport.max.y);
        layout.lay_out(ui, document, visible);
        let (rect, response) = ui.allocate_exact_size(
            vec2(width, layout.total_height().max(viewport.height() - header)),
            Sense::click_and_drag(),
        );
        response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Document, true, &document.title));
        let origin = pos2(rect.min.x + left, rect.min.y);
        self.origin = origin;
        self.caret_keys(document, origin, viewport, view, commands);
        self.scroll_ui(ui, document, origin);
        let layout = &self.layouts[0];
        let visible = layout.visible(viewport.min.y, viewport.max.y);
        paint::paint(ui, layout, origin, visible.clone(), project, view, overlay);
        pointer::handle_pointer(
            &mut self.drag,
            layout,
            ui,
            &response,
            origin,
            document,
            project,
            view,
            overlay,
            commands,
        );
        if let Some(selection) = view.selection {
            pointer::palette_ui(layout, ui, origin, selection, project, commands);
        }
        self.layouts[0].evict(visible);
    }

    /// Turns this frame's caret keys into commands; while linking, they choose the target.
    fn caret_keys(
        &mut self,
        document: &Document,
        origin: Pos2,
        viewport: Rect,
        view: &View,
        commands: &mut Vec<Command>,
    ) {
        let layout = &self.layouts[0];
        let page = viewport.height();
        let mut caret = view.caret.unwrap_or_else(|| first_visible(layout, viewport));
        for (motion, extend) in std::mem::take(&mut self.steps) {
            if view.linking.is_some() {
                let forward = !matches!(motion, Motion::Left | Motion::Up | Motion::WordLeft);
                commands.push(Command::StepLinkTarget(forward));
                continue;
            }
            caret = keys::target(layout, &document.text, origin, page, caret, motion);
            commands.push(Command::MoveCaret { to: caret, extend });
        }
    }

    /// Brings the scroll target into view, scrolling as little as needed; repeated for a few
    /// frames because laying out the paragraphs around it corrects their estimated heights.
    fn scroll_ui(&mut self, ui: &Ui, document: &Document, origin: Pos2) {
        let Some((target, frames)) = self.scrolling else {
            return;
        };
        let layout = &mut self.layouts[0];
        let i = layout.paragraph_of(target.start);
        layout.lay_out(ui, document, i..i + 1);
        let line = layout.line_height();
        let rect = layout
            .range_rects(origin, i, target)
            .first()
            .copied()
            .or_else(|| layout.caret_rect(origin, target.start))
            .unwrap_or_else(|| {
                Rect::from_min_size(pos2(origin.x, origin.y + layout.tops[i]), vec2(1.0, line))
            });
        let wanted = rect.expand2(vec2(0.0, line));
        if ui.clip_rect().contains_rect(wanted) {
            self.scrolling = None;
            return;
        }
        // Far away: centre it, so the text around it shows too; near: the least movement.
        let far = !ui.clip_rect().expand(ui.clip_rect().height()).intersects(rect);
        let align = (far && frames == SCROLL_FRAMES).then_some(Align::Center);
        ui.scroll_to_rect(wanted, align);
        self.scrolling = frames.checked_sub(1).filter(|&n| n > 0).map(|n| (target, n));
        ui.ctx().request_repaint();
    }
}

impl Canvas {
    /// The boxes the current document's highlight of `range` was painted with last frame
    /// (screen points, laid-out paragraphs only).
    pub fn range_rects(&self, range: CharRange) -> Vec<Rect> {
        let Some(layout) = self.layouts.first() else {
            return Vec::new();
        };
        let first = layout.paragraph_of(range.start);
        let last = layout.paragraph_of(range.end.max(range.start + 1) - 1);
        (first..=last)
            .flat_map(|i| layout.range_rects(self.origin, i, range))
            .collect()
    }

    /// The caret's rectangle as last drawn (tests).
    pub fn caret_rect(&self, position: usize) -> Option<Rect> {
        self.layouts.first()?.caret_rect(self.origin, position)
    }

    /// The pieces of the right-to-left and mixed paragraphs laid out now, as last drawn.
    pub fn drawn_pieces(&self) -> Vec<DrawnPiece> {
        let Some(layout) = self.layouts.first() else {
            return Vec::new();
        };
        let mut drawn = Vec::new();
        for (i, paragraph) in layout.paragraphs.iter().enumerate() {
            let Some(bidi) = &paragraph.bidi else { continue };
            let at = layout.galley_origin(self.origin, i);
            for (line, piece) in bidi
                .lines
                .iter()
                .flat_map(|line| bidi.pieces[line.pieces.clone()].iter().map(move |p| (line, p)))
            {
                let top_left = at + piece.pos.to_vec2();
                let ink = piece
                    .galley
                    .rows
                    .iter()
                    .flat_map(|row| row.row.glyphs.iter().map(move |g| (row.pos, g)))
                    .filter(|(_, g)| !g.uv_rect.is_nothing())
                    .map(|(row_pos, g)| {
                        let min = top_left + row_pos.to_vec2() + g.pos.to_vec2() + g.uv_rect.offset;
                        Rect::from_min_size(min, g.uv_rect.size)
                    })
                    .reduce(|a, b| a.union(b));
                drawn.push(DrawnPiece {
                    range: CharRange::new(
                        paragraph.range.start + piece.start,
                        paragraph.range.start + piece.end,
                    ),
                    rtl: piece.rtl,
                    rect: Rect::from_min_size(
                        pos2(at.x + piece.pos.x, at.y + line.top),
                        vec2(piece.width, line.height),
                    ),
                    ink,
                });
            }
        }
        drawn
    }
}

/// The first position on screen: where the caret starts when the user has not placed it.
fn first_visible(layout: &DocLayout, viewport: Rect) -> usize {
    let top = layout.visible(viewport.min.y, viewport.min.y + 1.0).start;
    layout.paragraphs.get(top).map_or(0, |p| p.range.start)
}

pub fn to_color32(color: crate::model::Color) -> Color32 {
    Color32::from_rgb(color.r, color.g, color.b)
}

fn label_colour(project: &Project, annotation: &Annotation) -> Color32 {
    project
        .label(&annotation.label)
        .map_or(Color32::GRAY, |label| to_color32(label.color))
}
