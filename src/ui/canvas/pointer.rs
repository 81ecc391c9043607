//! The pointer on the text: hover tooltips, clicks that place the caret and select a highlight,
//! drags that select (snapped to words, Alt for exact characters), and the label palette.

use egui::{Pos2, Ui, Vec2, vec2};

use super::layout::DocLayout;
use super::reading;
use super::{label_colour, to_color32};
use crate::model::words::{snap_to_words, word_at};
use crate::model::{Annotation, CharRange, Document, Project};
use crate::ui::command::Command;
use crate::ui::verdict;
use crate::ui::view::View;

/// Where the current drag started, as a document position.
#[derive(Default)]
pub struct Drag {
    anchor: Option<usize>,
}

pub fn annotations_at<'p>(layout: &DocLayout, project: &'p Project, position: usize) -> Vec<&'p Annotation> {
    project
        .overlapping(&layout.doc_id, CharRange::new(position, position))
        .into_iter()
        .map(|i| &project.annotations()[i])
        .filter(|a| a.range().contains(position))
        .collect()
}

#[allow(clippy::too_many_arguments)]
pub fn handle_pointer(
    drag: &mut Drag,
    layout: &DocLayout,
    ui: &Ui,
    response: &egui::Response,
    origin: Pos2,
    document: &Document,
    project: &Project,
    view: &View,
    overlay: &super::Overlay<'_>,
    commands: &mut Vec<Command>,
) {
    if let Some(hover) = response.hover_pos()
        && let Some((_, position)) = layout.position_at(origin, hover)
    {
        let under = annotations_at(layout, project, position);
        let suggested: Vec<_> = overlay
            .suggestions
            .iter()
            .filter(|m| m.range.start <= position && position < m.range.end)
            .collect();
        if (!under.is_empty() || !suggested.is_empty()) && !response.dragged() {
            response.clone().on_hover_ui_at_pointer(|ui| {
                hover_ui(ui, project, &under);
                if !suggested.is_empty() {
                    crate::ui::suggestions::hover_ui(ui, &suggested);
                }
            });
        }
    }
    let pointer = response.interact_pointer_pos();
    let at_pointer = pointer.and_then(|p| layout.position_at(origin, p));
    if response.double_clicked() {
        if let Some((_, position)) = at_pointer {
            let word = word_at(&document.text, position);
            commands.push(Command::SetSelection((!word.is_empty()).then_some(word)));
        }
    } else if response.clicked()
        && let Some((_, position)) = at_pointer
    {
        let command_held = ui.input(|i| i.modifiers.command);
        if let Some(url) = reading::link_at(document, position).filter(|_| command_held) {
            ui.ctx().open_url(egui::OpenUrl::new_tab(url));
            return;
        }
        let innermost = annotations_at(layout, project, position)
            .into_iter()
            .min_by_key(|a| a.range().len())
            .map(|a| a.id.clone());
        commands.push(Command::ClickAt {
            position,
            annotation: innermost,
        });
    }
    if response.drag_started() {
        let press = ui.input(|i| i.pointer.press_origin());
        drag.anchor = press
            .and_then(|p| layout.position_at(origin, p))
            .map(|(_, position)| position);
    }
    if response.dragged()
        && let (Some(anchor), Some((i, position))) = (drag.anchor, at_pointer)
    {
        let raw = CharRange::new(anchor.min(position), anchor.max(position));
        let alt = ui.input(|i| i.modifiers.alt);
        let exact = alt && layout.paragraphs[i].exact && layout.paragraphs[layout.paragraph_of(anchor)].exact;
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
        drag.anchor = None;
    }
}

pub fn palette_ui(
    layout: &DocLayout,
    ui: &Ui,
    origin: Pos2,
    selection: CharRange,
    project: &Project,
    commands: &mut Vec<Command>,
) {
    let i = layout.paragraph_of(selection.end);
    let Some(anchor) = layout.range_rects(origin, i, selection).last().copied() else {
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

/// The label, verdict, fields, note and links of the highlights under the pointer.
fn hover_ui(ui: &mut Ui, project: &Project, under: &[&Annotation]) {
    ui.set_max_width(360.0);
    for annotation in under {
        let colour = label_colour(project, annotation);
        let name = project
            .label(&annotation.label)
            .map_or(annotation.label.as_str(), |l| l.name.as_str());
        ui.horizontal(|ui| {
            ui.label(egui::RichText::new(name).strong().color(colour));
            if let Some(verdict) = verdict::verdict_of(project, annotation) {
                verdict::chip_ui(ui, &project.settings, verdict);
            }
        });
        for field in verdict::other_fields(project, annotation) {
            ui.weak(field);
        }
        if !annotation.note.is_empty() {
            let format = egui::TextFormat {
                font_id: egui::TextStyle::Body.resolve(ui.style()),
                color: ui.visuals().text_color(),
                ..Default::default()
            };
            if super::bidi::rtl_label_ui(ui, &annotation.note, format).is_none() {
                ui.label(&annotation.note);
            }
        }
        for link in project.links_of(&annotation.id) {
            let (outgoing, other_id) = if link.from == annotation.id {
                (true, &link.to)
            } else {
                (false, &link.from)
            };
            let Some(other) = project.annotation(other_id) else {
                continue;
            };
            let quote = super::bidi::display_order(&crate::model::text::shorten(&other.quote.exact, 50));
            ui.weak(if outgoing {
                format!("{} “{quote}”", link.kind)
            } else {
                format!("“{quote}” is {} this", link.kind.replace(" by", ""))
            });
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
