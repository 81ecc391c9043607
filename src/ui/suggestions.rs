//! Drawing suggestions: dashed outlines in the label's colour on the text (the chosen one
//! thicker, over a light wash), their score on hover, and the suggestions bar under the text
//! (the repeats of the span just labelled, with Accept all and Dismiss; the suggestion chosen,
//! with Accept, Reject and Next). The commands are in `app/suggesting.rs`.

use egui::{Color32, Painter, Rect, RichText, Shape, Stroke, Ui};

use super::command::{self, Command};
use crate::model::CharRange;
use crate::model::suggest::decisions::Origin;

/// One suggestion as the canvas outlines it.
#[derive(Clone, Debug)]
pub struct SuggestionMark {
    pub range: CharRange,
    pub colour: Color32,
    /// The label's name, for the hover text.
    pub label: String,
    pub score: f32,
    pub origin: Origin,
    /// The suggestion the keys act on.
    pub current: bool,
}

/// What the suggestions bar shows.
pub struct Bar {
    /// The text repeated, its label's name, and how many places.
    pub repeats: Option<(String, String, usize)>,
    pub chosen: Option<Chosen>,
}

pub struct Chosen {
    pub position: usize,
    pub of: usize,
    pub label: String,
    pub score: f32,
    pub origin: Origin,
}

impl Bar {
    pub fn is_empty(&self) -> bool {
        self.repeats.is_none() && self.chosen.is_none()
    }
}

/// A dashed outline around one row's rectangle of a suggestion.
pub fn outline(painter: &Painter, rect: Rect, mark: &SuggestionMark) {
    let rect = rect.expand(1.5);
    if mark.current {
        painter.rect_filled(rect, 2.0, mark.colour.gamma_multiply(0.2));
    }
    let width = if mark.current { 2.5 } else { 1.5 };
    let corners = [
        rect.left_top(),
        rect.right_top(),
        rect.right_bottom(),
        rect.left_bottom(),
        rect.left_top(),
    ];
    painter.extend(Shape::dashed_line(
        &corners,
        Stroke::new(width, mark.colour),
        5.0,
        3.0,
    ));
}

/// The hover text of the suggestions under the pointer.
pub fn hover_ui(ui: &mut Ui, marks: &[&SuggestionMark]) {
    for mark in marks {
        let from = match mark.origin {
            Origin::Repeat => "the same text as a span you labelled".to_owned(),
            Origin::Model => format!("score {:.2}, built-in model", mark.score),
            Origin::Scorer => format!("score {:.2}, external scorer", mark.score),
        };
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Suggested: {}", mark.label)).color(mark.colour));
            ui.weak(from);
        });
    }
    ui.weak("J and Shift+J walk the suggestions; Y accepts, X rejects the one chosen");
}

/// The bar under the text while repeats are on offer or a suggestion is chosen.
pub fn bar_ui(ui: &mut Ui, bar: &Bar, commands: &mut Vec<Command>) {
    let key = |ui: &Ui, command: &Command| {
        command::shortcut_of(command)
            .map_or(String::new(), |s| format!(" ({})", ui.ctx().format_shortcut(&s)))
    };
    if let Some((text, label, n)) = &bar.repeats {
        ui.horizontal_wrapped(|ui| {
            let text = crate::model::text::shorten(text, 40);
            ui.label(format!(
                "“{text}” appears in {n} more place(s), proposed as {label}."
            ));
            let accept = format!("Accept all{}", key(ui, &Command::AcceptAllRepeats));
            if ui.button(accept).clicked() {
                commands.push(Command::AcceptAllRepeats);
            }
            if ui
                .button("Dismiss")
                .on_hover_text("Reject them all: they are not proposed again")
                .clicked()
            {
                commands.push(Command::DismissRepeats);
            }
        });
    }
    if let Some(chosen) = &bar.chosen {
        ui.horizontal_wrapped(|ui| {
            let score = match chosen.origin {
                Origin::Repeat => "a repeat".to_owned(),
                Origin::Model => format!("score {:.2}", chosen.score),
                Origin::Scorer => format!("score {:.2} (scorer)", chosen.score),
            };
            ui.label(format!(
                "Suggestion {} of {}: {}, {score}.",
                chosen.position, chosen.of, chosen.label
            ));
            for (title, command) in [
                ("Accept", Command::AcceptSuggestion),
                ("Reject", Command::RejectSuggestion),
                ("Next", Command::NextSuggestion),
            ] {
                let text = format!("{title}{}", key(ui, &command));
                if ui.button(text).clicked() {
                    commands.push(command);
                }
            }
        });
    }
}
