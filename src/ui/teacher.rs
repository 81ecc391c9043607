//! The teacher's tools in the app: exporting a student copy (exercise), comparing the open
//! project with an answer key (scores, differences marked on the text, a feedback report), and
//! showing an exercise's instructions when a student opens it.

use std::path::PathBuf;

use egui::{Modal, RichText, Ui};

use super::command::Command;
use super::view::{Mark, View};
use crate::model::Project;
use crate::model::scoring::{Comparison, Span, shown};
use crate::model::text::shorten;

/// A comparison on screen: the key it was made against and the scores.
pub struct Compared {
    pub key_path: PathBuf,
    pub key: Project,
    pub result: Comparison,
}

#[derive(Default)]
pub struct Teacher {
    /// The exercise dialog is open, with the instructions typed so far.
    pub exercise: Option<String>,
    pub compared: Option<Compared>,
    /// Instructions of an exercise just opened, shown until dismissed.
    pub instructions: Option<String>,
}

impl Teacher {
    pub fn is_modal(&self) -> bool {
        self.exercise.is_some() || self.instructions.is_some()
    }

    /// Shows the comparison and marks its differences on the text.
    pub fn show(&mut self, compared: Compared, view: &mut View) {
        view.marks = marks_of(&compared.result);
        self.compared = Some(compared);
    }

    pub fn ui(&mut self, ctx: &egui::Context, view: &mut View, commands: &mut Vec<Command>) {
        if let Some(instructions) = &mut self.exercise {
            let mut close = false;
            Modal::new(egui::Id::unique("exercise")).show(ctx, |ui| {
                ui.heading("Export exercise");
                ui.label("A copy with the same documents and labels and no annotations, for students. This project stays the answer key.");
                let label = ui.label("Instructions shown when the exercise is opened:");
                ui.add(
                    egui::TextEdit::multiline(instructions)
                        .desired_rows(4)
                        .desired_width(420.0)
                        .hint_text("Mark every claim and the source it relies on."),
                )
                .labelled_by(label.id);
                ui.horizontal(|ui| {
                    if ui.button("Save exercise…").clicked() {
                        commands.push(Command::ExerciseChoosePath);
                    }
                    close = ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape));
                });
            });
            if close {
                self.exercise = None;
            }
        }
        if let Some(instructions) = &self.instructions {
            let mut close = false;
            Modal::new(egui::Id::unique("instructions")).show(ctx, |ui| {
                ui.heading("Instructions");
                ui.label(instructions);
                close = ui.button("Start").clicked() || ui.input(|i| i.key_pressed(egui::Key::Enter));
            });
            if close {
                self.instructions = None;
            }
        }
        let mut open = self.compared.is_some();
        if let Some(compared) = &self.compared {
            egui::Window::new("Compared with the answer key")
                .open(&mut open)
                .default_width(420.0)
                .default_pos(ctx.content_rect().center_top() + egui::vec2(-210.0, 60.0))
                .show(ctx, |ui| comparison_ui(ui, compared, commands));
        }
        if !open {
            self.compared = None;
            view.marks.clear();
        }
    }
}

fn comparison_ui(ui: &mut Ui, compared: &Compared, commands: &mut Vec<Command>) {
    let c = &compared.result;
    ui.label(format!("Answer key: {}", compared.key_path.display()));
    ui.strong(format!(
        "Overlap F1 {} (precision {}, recall {}) · exact F1 {} · κ {}",
        shown(c.overlap.f1),
        shown(c.overlap.precision),
        shown(c.overlap.recall),
        shown(c.exact.f1),
        shown(c.kappa)
    ));
    egui::Grid::new("scores").striped(true).show(ui, |ui| {
        for heading in ["Label", "Key", "Student", "P", "R", "F1", "Exact F1", "κ"] {
            ui.strong(heading);
        }
        ui.end_row();
        for label in &c.labels {
            ui.label(&label.name);
            ui.label(label.key_spans.to_string());
            ui.label(label.student_spans.to_string());
            ui.label(shown(label.overlap.precision));
            ui.label(shown(label.overlap.recall));
            ui.label(shown(label.overlap.f1));
            ui.label(shown(label.exact.f1));
            ui.label(shown(label.kappa));
            ui.end_row();
        }
    });
    ui.separator();
    egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
        differences_ui(
            ui,
            "Mislabelled",
            Mark::Mislabelled,
            c.mislabelled.iter().map(|p| &p.student),
            commands,
        );
        differences_ui(ui, "Extra", Mark::Extra, c.extra.iter(), commands);
        // Usually the longest list, so last.
        differences_ui(ui, "Missed", Mark::Missed, c.missed.iter(), commands);
    });
    ui.separator();
    if ui.button("Save feedback report…").clicked() {
        commands.push(Command::SaveFeedback);
    }
}

fn differences_ui<'a>(
    ui: &mut Ui,
    title: &str,
    mark: Mark,
    spans: impl Iterator<Item = &'a Span>,
    commands: &mut Vec<Command>,
) {
    let spans: Vec<&Span> = spans.collect();
    ui.label(
        RichText::new(format!("{title} ({})", spans.len()))
            .color(mark.colour())
            .strong(),
    );
    for span in spans {
        let text = format!("{}: “{}”", span.label, shorten(&span.quote, 60));
        if ui.link(text).on_hover_text("Show it in the text").clicked() {
            commands.push(Command::ShowSpan(span.document.clone(), span.start, span.end));
        }
    }
}

fn marks_of(c: &Comparison) -> Vec<(crate::model::DocId, crate::model::CharRange, Mark)> {
    let mark = |span: &Span, kind| {
        (
            span.document.clone(),
            crate::model::CharRange::new(span.start, span.end),
            kind,
        )
    };
    c.missed
        .iter()
        .map(|s| mark(s, Mark::Missed))
        .chain(c.extra.iter().map(|s| mark(s, Mark::Extra)))
        .chain(c.mislabelled.iter().map(|p| mark(&p.student, Mark::Mislabelled)))
        .collect()
}
