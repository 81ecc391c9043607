//! Painting a paragraph: highlights with stacked underlines, outlines (links, the compare view,
//! the link target, the curation view's versions, suggestions), find hits, the selection and the caret, all
//! behind or over the cached galley.

use std::collections::HashSet;

use egui::{Color32, Pos2, Stroke, StrokeKind, Ui, pos2, vec2};

use super::layout::DocLayout;
use super::{Overlay, label_colour};
use crate::model::{AnnotationId, CharRange, Project};
use crate::ui::view::View;

/// Find hits: yellow as in a browser, the current one filled, the others outlined.
const HIT: Color32 = Color32::from_rgb(0xFF, 0xD6, 0x00);

/// The selection: neutral grey, so it never looks like a label's colour.
fn selection_fill(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_white_alpha(70)
    } else {
        Color32::from_black_alpha(50)
    }
}

pub fn paint(
    ui: &Ui,
    layout: &DocLayout,
    origin: Pos2,
    visible: std::ops::Range<usize>,
    project: &Project,
    view: &View,
    overlay: &Overlay<'_>,
) {
    let painter = ui.painter();
    let linked = linked_to_selected(project, view);
    for i in visible {
        let paragraph = &layout.paragraphs[i];
        if !paragraph.is_laid_out() {
            continue;
        }
        highlights(ui, layout, origin, i, project, view, &linked);
        let marks = view
            .marks
            .iter()
            .filter(|(doc_id, _, _)| Some(doc_id) == view.doc_id.as_ref());
        for (_, range, mark) in marks {
            for rect in layout.range_rects(origin, i, *range) {
                painter.rect_stroke(rect, 2.0, Stroke::new(2.0, mark.colour()), StrokeKind::Outside);
            }
        }
        hits(ui, layout, origin, i, overlay);
        versions(ui, layout, origin, i, overlay);
        suggestions(ui, layout, origin, i, overlay);
        if let Some(selection) = view.selection {
            let outline = Stroke::new(1.0, ui.visuals().strong_text_color());
            for rect in layout.range_rects(origin, i, selection) {
                painter.rect_filled(rect, 2.0, selection_fill(ui));
                painter.rect_stroke(rect, 2.0, outline, StrokeKind::Inside);
            }
        }
        furniture(ui, layout, origin, i);
        let at = layout.galley_origin(origin, i);
        if let Some(galley) = &paragraph.galley {
            painter.galley(at, galley.clone(), ui.visuals().text_color());
        }
        for piece in paragraph.bidi.iter().flat_map(|b| &b.pieces) {
            painter.galley(
                at + piece.pos.to_vec2(),
                piece.galley.clone(),
                ui.visuals().text_color(),
            );
        }
    }
    if let Some(rect) = view.caret.and_then(|caret| layout.caret_rect(origin, caret)) {
        painter.line_segment(
            [rect.left_top(), rect.left_bottom()],
            Stroke::new(2.0, ui.visuals().strong_text_color()),
        );
    }
}

/// A list item's bullet, a quote's bar.
fn furniture(ui: &Ui, layout: &DocLayout, origin: Pos2, i: usize) {
    let paragraph = &layout.paragraphs[i];
    let (column, font_size) = layout.layout_for;
    let top = layout.tops[i];
    // Measured from the left, or from the right for a right-to-left paragraph.
    let from_start = |x: f32| {
        if paragraph.is_rtl() {
            origin.x + column - x
        } else {
            origin.x + x
        }
    };
    if paragraph.look.bullet {
        let row_middle = font_size * super::layout::LINE_HEIGHT / 2.0;
        ui.painter().text(
            pos2(
                from_start(paragraph.look.indent * font_size * 0.45),
                origin.y + top + row_middle,
            ),
            egui::Align2::CENTER_CENTER,
            "•",
            egui::FontId::proportional(font_size),
            ui.visuals().text_color(),
        );
    }
    if paragraph.look.quote {
        let x = from_start(font_size * 0.6);
        ui.painter().line_segment(
            [
                pos2(x, origin.y + top),
                pos2(x, origin.y + top + paragraph.height),
            ],
            Stroke::new(3.0, ui.visuals().weak_text_color()),
        );
    }
}

/// The annotations linked to the selected one, outlined in their colour.
fn linked_to_selected<'p>(project: &'p Project, view: &'p View) -> HashSet<&'p AnnotationId> {
    let Some(id) = view.selected.as_ref() else {
        return HashSet::new();
    };
    project
        .links_of(id)
        .map(|link| if &link.from == id { &link.to } else { &link.from })
        .collect()
}

fn highlights(
    ui: &Ui,
    layout: &DocLayout,
    origin: Pos2,
    i: usize,
    project: &Project,
    view: &View,
    linked: &HashSet<&AnnotationId>,
) {
    let painter = ui.painter();
    let line = layout.line_height();
    let overlapping = project.overlapping(&layout.doc_id, layout.paragraphs[i].range);
    for (annotation_index, level) in stacking_levels(project, &overlapping) {
        let annotation = &project.annotations()[annotation_index];
        let colour = label_colour(project, annotation);
        let selected = view.selected.as_ref() == Some(&annotation.id);
        let target = view.link_target.as_ref() == Some(&annotation.id);
        for rect in layout.range_rects(origin, i, annotation.range()) {
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
            let outline = if target {
                Some(Stroke::new(3.0, ui.visuals().warn_fg_color))
            } else if selected {
                Some(Stroke::new(1.5, ui.visuals().strong_text_color()))
            } else if linked.contains(&annotation.id) {
                Some(Stroke::new(1.5, colour))
            } else {
                None
            };
            if let Some(stroke) = outline {
                painter.rect_stroke(fill, 2.0, stroke, StrokeKind::Outside);
            }
        }
    }
}

fn hits(ui: &Ui, layout: &DocLayout, origin: Pos2, i: usize, overlay: &Overlay<'_>) {
    let paragraph = layout.paragraphs[i].range;
    let first = overlay.hits.partition_point(|hit| hit.end <= paragraph.start);
    let in_paragraph = overlay.hits[first..]
        .iter()
        .enumerate()
        .take_while(|(_, hit)| hit.start < paragraph.end.max(paragraph.start + 1));
    for (offset, hit) in in_paragraph {
        let current = overlay.current == Some(first + offset);
        for rect in layout.range_rects(origin, i, *hit) {
            // The current hit stands out by a thicker frame and a light wash that keeps the
            // text readable over any highlight.
            if current {
                ui.painter().rect_filled(rect, 2.0, HIT.gamma_multiply(0.3));
            }
            let width = if current { 3.5 } else { 1.5 };
            ui.painter()
                .rect_stroke(rect, 2.0, Stroke::new(width, HIT), StrokeKind::Outside);
        }
    }
}

/// The curation view's versions: each outlined in its standing's colour, a little further out
/// than the one before so versions on the same words stay apart; the chosen one thicker, over a
/// light wash.
fn versions(ui: &Ui, layout: &DocLayout, origin: Pos2, i: usize, overlay: &Overlay<'_>) {
    let paragraph = layout.paragraphs[i].range;
    for (n, mark) in overlay.versions.iter().enumerate() {
        if mark.range.end <= paragraph.start || mark.range.start >= paragraph.end.max(paragraph.start + 1) {
            continue;
        }
        let (width, grow) = if mark.chosen {
            (3.0, 1.0)
        } else {
            (1.5, 2.0 + n as f32 * 2.5)
        };
        for rect in layout.range_rects(origin, i, mark.range) {
            if mark.chosen {
                ui.painter()
                    .rect_filled(rect, 2.0, mark.colour.gamma_multiply(0.18));
            }
            ui.painter().rect_stroke(
                rect.expand(grow),
                3.0,
                Stroke::new(width, mark.colour),
                StrokeKind::Outside,
            );
        }
    }
}

/// Suggestions: dashed outlines in their label's colour.
fn suggestions(ui: &Ui, layout: &DocLayout, origin: Pos2, i: usize, overlay: &Overlay<'_>) {
    let paragraph = layout.paragraphs[i].range;
    for mark in overlay.suggestions {
        if mark.range.end <= paragraph.start || mark.range.start >= paragraph.end.max(paragraph.start + 1) {
            continue;
        }
        for rect in layout.range_rects(origin, i, mark.range) {
            crate::ui::suggestions::outline(ui.painter(), rect, mark);
        }
    }
}

/// For each annotation, the underline level that keeps overlapping spans apart.
fn stacking_levels(project: &Project, indices: &[usize]) -> Vec<(usize, usize)> {
    let mut active: Vec<(usize, usize)> = Vec::new(); // (end, level)
    indices
        .iter()
        .map(|&i| {
            let range: CharRange = project.annotations()[i].range();
            active.retain(|&(end, _)| end > range.start);
            let level = (0..)
                .find(|level| active.iter().all(|&(_, used)| used != *level))
                .unwrap_or(0);
            active.push((range.end, level));
            (i, level)
        })
        .collect()
}
