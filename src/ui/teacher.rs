//! The teacher's tools in the app: exporting a student copy (exercise), comparing with an answer
//! key in a panel beside the text (in plain words per label, the numbers under "Details", the
//! differences outlined on the text), a class of students at once, and showing an exercise's
//! instructions when a student opens it.
//!
//! A click on a difference only brings it into view ([`Command::Reveal`]): nothing is selected,
//! so no label palette opens and no stray key can add an annotation to the student's file.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{CollapsingHeader, Modal, RichText, Ui};

use super::command::Command;
use super::view::{Mark, View};
use crate::model::scoring::{
    Comparison, MEASURES, Span, Tally, extra_text, found_sentence, found_text, measures, missed_text, shown,
    tallies, tally_line, total, wrong_label_text,
};
use crate::model::text::shorten;
use crate::model::{CharRange, DocId, LabelId, Project};

/// The comparison in the panel: the key it was made against, whose work it is, and the scores.
pub struct Compared {
    /// What the key is called on screen (its file, or the open project's name).
    pub key_name: String,
    pub key_path: Option<PathBuf>,
    pub key: Arc<Project>,
    /// The student's name on screen and in the report, and the file the work came from.
    pub student: String,
    pub student_file: Option<PathBuf>,
    pub result: Comparison,
}

/// One student of a class comparison.
pub struct Student {
    pub name: String,
    pub path: PathBuf,
    pub result: Comparison,
}

/// Several students compared with one key: a table, and one student's differences on a click.
pub struct Class {
    pub key_name: String,
    pub key_path: Option<PathBuf>,
    pub key: Arc<Project>,
    pub students: Vec<Student>,
    /// Files that could not be read, with why.
    pub failed: Vec<String>,
    /// The student whose differences the panel shows.
    pub shown: Option<usize>,
}

#[derive(Default)]
pub struct Teacher {
    /// The exercise dialog is open, with the instructions typed so far.
    pub exercise: Option<String>,
    pub compared: Option<Compared>,
    pub class: Option<Class>,
    /// The class dialog is open, with the student files typed so far (one per line).
    pub class_prompt: Option<String>,
    /// A native dialog choosing the class's files (or folder), answering from a worker thread.
    class_picker: Option<Receiver<Vec<PathBuf>>>,
    /// The compare panel is expanded (it can be collapsed to its edge and dragged open again).
    pub panel_open: bool,
    /// Instructions of an exercise just opened, shown until dismissed.
    pub instructions: Option<String>,
}

/// What a click in the panel asks for, applied after drawing it.
enum Action {
    Close,
    ShowStudent(usize),
}

impl Teacher {
    pub fn is_modal(&self) -> bool {
        self.exercise.is_some() || self.instructions.is_some() || self.class_prompt.is_some()
    }

    /// Shows the comparison beside the text and marks its differences on the text.
    pub fn show(&mut self, compared: Compared, view: &mut View) {
        view.marks = marks_of(&compared.result);
        self.compared = Some(compared);
        self.panel_open = true;
    }

    /// Shows a class table; a click on a student shows that student's differences.
    pub fn show_class(&mut self, class: Class, view: &mut View) {
        self.compared = None;
        view.marks.clear();
        self.class = Some(class);
        self.panel_open = true;
        if self.class.as_ref().is_some_and(|c| c.students.len() == 1) {
            self.show_student(0, view);
        }
    }

    /// Closes the comparison and the class (another project was opened).
    pub fn close(&mut self) {
        self.compared = None;
        self.class = None;
    }

    /// The key a class is compared with: the one on screen, if any.
    pub fn key_on_screen(&self) -> Option<(String, Option<PathBuf>, Arc<Project>)> {
        if let Some(c) = &self.compared {
            return Some((c.key_name.clone(), c.key_path.clone(), c.key.clone()));
        }
        let c = self.class.as_ref()?;
        Some((c.key_name.clone(), c.key_path.clone(), c.key.clone()))
    }

    fn show_student(&mut self, i: usize, view: &mut View) {
        let Some(class) = &mut self.class else { return };
        let Some(student) = class.students.get(i) else {
            return;
        };
        class.shown = Some(i);
        let compared = Compared {
            key_name: class.key_name.clone(),
            key_path: class.key_path.clone(),
            key: class.key.clone(),
            student: student.name.clone(),
            student_file: Some(student.path.clone()),
            result: student.result.clone(),
        };
        self.show(compared, view);
    }

    /// The compare panel, on the right beside the text: drawn before the central panel.
    pub fn panel_ui(&mut self, ui: &mut Ui, view: &mut View, commands: &mut Vec<Command>) {
        if self.compared.is_none() && self.class.is_none() {
            return;
        }
        let width = ui.ctx().content_rect().width();
        let mut action = None;
        let (compared, class) = (&self.compared, &self.class);
        egui::Panel::right("compare")
            .resizable(true)
            .default_size((width * 0.25).clamp(280.0, 400.0))
            .size_range(260.0..=640.0)
            .show_collapsible(ui, &mut self.panel_open, |ui| {
                ui.heading("Compared with the answer key");
                ui.horizontal_wrapped(|ui| {
                    if compared.is_some() && ui.button("Save feedback report…").clicked() {
                        commands.push(Command::SaveFeedback);
                    }
                    if ui
                        .button("Compare a class…")
                        .on_hover_text("Several student files against this answer key: a table of the class")
                        .clicked()
                    {
                        self.class_prompt = Some(String::new());
                    }
                    if ui.button("Close").on_hover_text("Close the comparison").clicked() {
                        action = Some(Action::Close);
                    }
                });
                ui.separator();
                egui::ScrollArea::vertical()
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        if let Some(class) = class
                            && let Some(i) = class_ui(ui, class)
                        {
                            action = Some(Action::ShowStudent(i));
                        }
                        if let Some(compared) = compared {
                            comparison_ui(ui, compared, commands);
                        }
                    });
            });
        match action {
            Some(Action::Close) => {
                self.close();
                view.marks.clear();
            }
            Some(Action::ShowStudent(i)) => self.show_student(i, view),
            None => {}
        }
    }

    /// The modal dialogs: exercise, instructions, the class's files.
    pub fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
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
        self.class_prompt_ui(ctx, commands);
    }

    fn class_prompt_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) {
        if let Some(picked) = &self.class_picker {
            match picked.try_recv() {
                Ok(chosen) => {
                    if let Some(paths) = &mut self.class_prompt {
                        for path in chosen {
                            if !paths.is_empty() && !paths.ends_with('\n') {
                                paths.push('\n');
                            }
                            paths.push_str(&path.display().to_string());
                        }
                    }
                    self.class_picker = None;
                }
                Err(TryRecvError::Empty) => ctx.request_repaint_after(std::time::Duration::from_millis(100)),
                Err(TryRecvError::Disconnected) => self.class_picker = None,
            }
        }
        let native = std::env::var_os("MARGINALIA_NO_NATIVE_DIALOGS").is_none();
        let picking = self.class_picker.is_some();
        let Some(paths) = &mut self.class_prompt else {
            return;
        };
        let mut close = false;
        let mut pick = None;
        Modal::new(egui::Id::unique("class-prompt")).show(ctx, |ui| {
            ui.heading("Compare a class with this answer key");
            let label = ui.label("Student files, one per line (a folder takes every .ron file in it):");
            let field = ui
                .add(
                    egui::TextEdit::multiline(paths)
                        .desired_rows(6)
                        .desired_width(460.0)
                        .hint_text("/class/alice.ron\n/class/bob.ron"),
                )
                .labelled_by(label.id);
            if !field.has_focus() && paths.is_empty() {
                field.request_focus();
            }
            if native {
                ui.add_enabled_ui(!picking, |ui| {
                    ui.horizontal(|ui| {
                        if ui.button("Choose files…").clicked() {
                            pick = Some(false);
                        }
                        if ui.button("Choose a folder…").clicked() {
                            pick = Some(true);
                        }
                    });
                });
            }
            ui.horizontal(|ui| {
                let chosen = class_paths(paths);
                let compare = ui.add_enabled(!chosen.is_empty(), egui::Button::new("Compare the class"));
                if compare.clicked() {
                    commands.push(Command::CompareClass(chosen));
                    close = true;
                }
                close |= ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape));
            });
        });
        if close {
            self.class_prompt = None;
        }
        if let Some(folder) = pick {
            self.class_picker = Some(pick_class(folder, ctx));
        }
    }
}

/// Asks the system's dialog for the students' files (or their folder) on a worker thread, so the
/// window never freezes; nothing arrives when no dialog could be shown (the paths are typed).
fn pick_class(folder: bool, ctx: &egui::Context) -> Receiver<Vec<PathBuf>> {
    let (sender, receiver) = channel();
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let dialog = rfd::FileDialog::new().set_title("Students' files");
        let chosen = if folder {
            dialog.pick_folder().map(|folder| vec![folder])
        } else {
            dialog.add_filter("Marginalia project", &["ron"]).pick_files()
        };
        let _ = sender.send(chosen.unwrap_or_default());
        ctx.request_repaint();
    });
    receiver
}

/// The paths typed in the class dialog: one a line, blank lines ignored.
pub fn class_paths(text: &str) -> Vec<PathBuf> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(PathBuf::from)
        .collect()
}

/// What the class table's alpha is (computed with the scores, not per frame).
const ALPHA_MEANS: &str = "Krippendorff's unitizing alpha of the student and the key over all labels: \
    how well the spans line up beyond chance (1 is perfect, 0 is chance)";

/// The class table; returns the student clicked.
fn class_ui(ui: &mut Ui, class: &Class) -> Option<usize> {
    let mut clicked = None;
    ui.label(format!("Answer key: {}", class.key_name));
    ui.strong(format!(
        "A class of {} student(s): click one to see their differences",
        class.students.len()
    ));
    egui::Grid::new("class").striped(true).show(ui, |ui| {
        for heading in ["Student", "Found", "Missed", "Other label", "Extra", "F1"] {
            ui.strong(heading);
        }
        ui.strong("Alpha").on_hover_text(ALPHA_MEANS);
        ui.end_row();
        for (i, student) in class.students.iter().enumerate() {
            let t = total(&student.result);
            let name = ui
                .selectable_label(class.shown == Some(i), &student.name)
                .on_hover_text(student.path.display().to_string());
            if name.clicked() {
                clicked = Some(i);
            }
            for n in [t.found, t.missed, t.wrong_label, t.extra] {
                ui.label(n.to_string());
            }
            ui.label(shown(student.result.overlap.f1));
            ui.label(shown(student.result.alpha)).on_hover_text(ALPHA_MEANS);
            ui.end_row();
        }
    });
    // Per label: what each student found of the key's spans, the rest on hover.
    let labels: Vec<(LabelId, String, usize)> = class
        .students
        .first()
        .map(|s| {
            s.result
                .labels
                .iter()
                .filter(|l| l.key_spans > 0)
                .map(|l| (l.label.clone(), l.name.clone(), l.key_spans))
                .collect()
        })
        .unwrap_or_default();
    if !labels.is_empty() {
        CollapsingHeader::new("By label: found of the key's spans")
            .id_salt("class-by-label")
            .default_open(true)
            .show(ui, |ui| {
                egui::Grid::new("class-by-label-grid")
                    .striped(true)
                    .show(ui, |ui| {
                        ui.strong("Student");
                        for (_, name, key) in &labels {
                            ui.strong(format!("{name} ({key})"));
                        }
                        ui.end_row();
                        for (i, student) in class.students.iter().enumerate() {
                            if ui.link(&student.name).clicked() {
                                clicked = Some(i);
                            }
                            let tallies = tallies(&student.result);
                            for (label, _, key) in &labels {
                                let tally = tallies.iter().find(|t| &t.label == label);
                                let found = tally.map_or(0, |t| t.found);
                                let line = tally.map_or_else(|| "nothing marked".to_owned(), tally_line);
                                ui.label(format!("{found} of {key}")).on_hover_text(line);
                            }
                            ui.end_row();
                        }
                    });
            });
    }
    for failure in &class.failed {
        ui.colored_label(ui.visuals().error_fg_color, format!("Not read: {failure}"));
    }
    ui.separator();
    clicked
}

fn comparison_ui(ui: &mut Ui, compared: &Compared, commands: &mut Vec<Command>) {
    let c = &compared.result;
    ui.label(format!("Answer key: {}", compared.key_name));
    ui.label(format!("Student: {}", compared.student));
    let all = total(c);
    ui.strong(found_sentence(&all));
    ui.label(tally_line(&all));
    if c.unmatched_documents > 0 {
        ui.label(format!(
            "{} span(s) on documents the key does not have were not scored",
            c.unmatched_documents
        ));
    }
    ui.separator();
    let name_of = |span: &Span| {
        compared
            .key
            .label(&span.label)
            .map_or_else(|| span.label.to_string(), |l| l.name.clone())
    };
    // One line per label at a glance; opened, its counts and every span.
    for tally in tallies(c) {
        let header = RichText::new(format!("{}: {}", tally.name, found_sentence(&tally))).strong();
        CollapsingHeader::new(header)
            .id_salt(("compare-label", tally.label.as_str()))
            .default_open(false)
            .show(ui, |ui| label_ui(ui, c, &tally, &name_of, commands));
    }
    CollapsingHeader::new("Details")
        .id_salt("compare-details")
        .default_open(false)
        .show(ui, |ui| details_ui(ui, c));
}

/// One label: its counts, then every span missed, marked otherwise, extra and found.
fn label_ui<'c>(
    ui: &mut Ui,
    c: &'c Comparison,
    tally: &Tally,
    name_of: &dyn Fn(&Span) -> String,
    commands: &mut Vec<Command>,
) {
    ui.label(tally_line(tally));
    let name = &tally.name;
    // This label's spans of one kind, each with what to say of it.
    let ours = |spans: &'c [Span], text: fn(&str) -> String| -> Vec<(&'c Span, String)> {
        spans
            .iter()
            .filter(|span| span.label == tally.label)
            .map(|span| (span, text(name)))
            .collect()
    };
    let missed = ours(&c.missed, missed_text);
    let extra = ours(&c.extra, extra_text);
    let found = ours(&c.found, found_text);
    let wrong: Vec<(&Span, String)> = c
        .mislabelled
        .iter()
        .filter(|p| p.key.label == tally.label)
        .map(|p| {
            (
                &p.student,
                wrong_label_text(&name_of(&p.student), &name_of(&p.key)),
            )
        })
        .collect();
    let found_colour = egui::Color32::from_rgb(0x00, 0x9E, 0x73);
    differences_ui(ui, "Missed", Mark::Missed.colour(), &missed, commands);
    differences_ui(
        ui,
        "Marked with another label",
        Mark::Mislabelled.colour(),
        &wrong,
        commands,
    );
    differences_ui(ui, "Not in the key", Mark::Extra.colour(), &extra, commands);
    differences_ui(ui, "Found", found_colour, &found, commands);
}

fn differences_ui(
    ui: &mut Ui,
    title: &str,
    colour: egui::Color32,
    spans: &[(&Span, String)],
    commands: &mut Vec<Command>,
) {
    if spans.is_empty() {
        return;
    }
    ui.label(
        RichText::new(format!("{title} ({})", spans.len()))
            .color(colour)
            .strong(),
    );
    for (span, said) in spans {
        let text = format!("“{}” — {said}", shorten(&span.quote, 60));
        if ui.link(text).on_hover_text("Show it in the text").clicked() {
            commands.push(Command::Reveal {
                doc_id: span.document.clone(),
                range: CharRange::new(span.start, span.end),
            });
        }
    }
}

/// The numbers per label and overall, and one line each on what they mean.
fn details_ui(ui: &mut Ui, c: &Comparison) {
    egui::Grid::new("compare-numbers").striped(true).show(ui, |ui| {
        ui.strong("Label");
        for (name, _) in MEASURES {
            ui.strong(*name);
        }
        ui.end_row();
        let used = c.labels.iter().filter(|l| l.key_spans > 0 || l.student_spans > 0);
        for label in used {
            ui.label(&label.name);
            for value in measures(&label.overlap, &label.exact, label.kappa) {
                ui.label(shown(value));
            }
            ui.end_row();
        }
        ui.label("All labels");
        for value in measures(&c.overlap, &c.exact, c.kappa) {
            ui.label(shown(value));
        }
        ui.end_row();
    });
    for (name, meaning) in MEASURES {
        ui.label(format!("{name}: {meaning}."));
    }
}

fn marks_of(c: &Comparison) -> Vec<(DocId, CharRange, Mark)> {
    let mark = |span: &Span, kind| (span.document.clone(), CharRange::new(span.start, span.end), kind);
    c.missed
        .iter()
        .map(|s| mark(s, Mark::Missed))
        .chain(c.extra.iter().map(|s| mark(s, Mark::Extra)))
        .chain(c.mislabelled.iter().map(|p| mark(&p.student, Mark::Mislabelled)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_paths_are_one_a_line() {
        let cases: [(&str, &[&str]); 3] = [
            (
                " /a/alice.ron \n\n/b/bob.ron\r\n  \n",
                &["/a/alice.ron", "/b/bob.ron"],
            ),
            ("  \n ", &[]),
            ("/class", &["/class"]),
        ];
        for (text, expected) in cases {
            let expected: Vec<PathBuf> = expected.iter().map(PathBuf::from).collect();
            assert_eq!(class_paths(text), expected, "{text:?}");
        }
    }
}
