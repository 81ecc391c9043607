//! File › Curate…: the window that picks the annotators' copies (a native multi-file dialog, or
//! paths typed one by one; each can be removed), the strategy and whether annotators are shown
//! anonymised. On a gold copy it offers to resume with the copies the gold copy recorded.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Modal, RichText, Ui};

use super::command::{Command, CurationRequest};
use crate::model::Project;
use crate::model::curation::Strategy;
use crate::model::text::shorten;

/// How the strategy is being chosen in the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StrategyKind {
    Majority,
    Unanimous,
    MinVotes,
}

/// File › Curate…: the copies, the strategy, how annotators are shown; or resuming a gold copy.
pub struct CurateWindow {
    /// Each copy's file, with the name the gold copy recorded for it (when resuming).
    pub copies: Vec<(PathBuf, Option<String>)>,
    typed: String,
    kind: StrategyKind,
    min_votes: usize,
    pub anonymous: bool,
    /// When the open project is a gold copy: what it was curated from, in words.
    resume: Option<String>,
    /// Why the last start failed; nothing was changed.
    pub error: Option<String>,
    picker: Option<Receiver<Vec<PathBuf>>>,
    focus: bool,
}

impl CurateWindow {
    /// A window for a new curation, or (on a gold copy) one that resumes it with the recorded
    /// copies, whose relative paths count from the gold copy's folder.
    pub fn new(project: &Project, folder: Option<&Path>) -> Self {
        let mut window = Self {
            copies: Vec::new(),
            typed: String::new(),
            kind: StrategyKind::Majority,
            min_votes: 2,
            anonymous: false,
            resume: None,
            error: None,
            picker: None,
            focus: true,
        };
        if let Some(record) = project.curation() {
            window.copies = record
                .annotators
                .iter()
                .map(|source| (resolve(&source.file, folder), Some(source.name.clone())))
                .collect();
            window.set_strategy(record.strategy);
            window.anonymous = !record.annotators.is_empty()
                && record
                    .annotators
                    .iter()
                    .enumerate()
                    .all(|(i, s)| s.name == crate::model::copies::anonymous_name(i));
            let by_strategy = record.decisions.iter().filter(|d| d.by_strategy).count();
            window.resume = Some(format!(
                "This project is a gold copy of {} annotators' copies (strategy {}): {} version(s) decided by \
                 the curator, {by_strategy} by the strategy. Resuming reads the copies again, keeps every \
                 decision, and lets the strategy decide only what is new.",
                record.annotators.len(),
                record.strategy.name(),
                record.decisions.len() - by_strategy,
            ));
        }
        window
    }

    fn set_strategy(&mut self, strategy: Strategy) {
        match strategy {
            Strategy::Majority => self.kind = StrategyKind::Majority,
            Strategy::Unanimous => self.kind = StrategyKind::Unanimous,
            Strategy::MinVotes(n) => {
                self.kind = StrategyKind::MinVotes;
                self.min_votes = n;
            }
        }
    }

    pub fn strategy(&self) -> Strategy {
        match self.kind {
            StrategyKind::Majority => Strategy::Majority,
            StrategyKind::Unanimous => Strategy::Unanimous,
            StrategyKind::MinVotes => Strategy::MinVotes(self.min_votes.max(1)),
        }
    }

    /// Adds a copy unless the same path is listed already.
    pub fn add(&mut self, path: PathBuf) {
        if !self.copies.iter().any(|(p, _)| p == &path) {
            self.copies.push((path, None));
        }
    }

    /// Draws the window; returns whether it stays open.
    pub fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) -> bool {
        let listed = self.copies.len();
        let open = self.window_ui(ctx, commands);
        if self.copies.len() != listed {
            // The window grew or shrank: it is centred again on the next frame, before a click.
            ctx.request_repaint();
        }
        open
    }

    fn request(&self, resume: bool) -> CurationRequest {
        CurationRequest {
            copies: self.copies.clone(),
            strategy: self.strategy(),
            anonymous: self.anonymous,
            resume,
        }
    }

    fn window_ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) -> bool {
        self.collect_picked(ctx);
        let native = std::env::var_os("MARGINALIA_NO_NATIVE_DIALOGS").is_none();
        let mut close = false;
        let mut pick = false;
        let modal = Modal::new(egui::Id::unique("curate-window")).show(ctx, |ui| {
            ui.set_width(560.0_f32.min(ctx.content_rect().width() - 60.0));
            let resuming = self.resume.is_some();
            ui.heading(if resuming {
                "Resume curating this gold copy"
            } else {
                "Curate a gold copy"
            });
            match &self.resume {
                Some(text) => ui.label(text.as_str()),
                None => ui.label(
                    "Choose every annotator's copy of the same documents. What they agree on under the \
                     strategy goes into a new gold copy at once; the rest is listed as disagreements for \
                     you to accept or reject, one key each.",
                ),
            };
            ui.add_space(6.0);
            self.copies_ui(ui);
            ui.horizontal(|ui| {
                let field = ui.add(
                    egui::TextEdit::singleline(&mut self.typed)
                        .id(egui::Id::unique("curate-add-path"))
                        .hint_text("path of a copy, e.g. /class/alice.ron")
                        .desired_width(340.0),
                );
                if std::mem::take(&mut self.focus) && self.copies.is_empty() && !native {
                    field.request_focus();
                }
                let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button("Add").clicked() || entered) && !self.typed.trim().is_empty() {
                    let typed = std::mem::take(&mut self.typed);
                    self.add(PathBuf::from(typed.trim()));
                    field.request_focus();
                }
                if native
                    && ui
                        .add_enabled(self.picker.is_none(), egui::Button::new("Choose files…"))
                        .clicked()
                {
                    pick = true;
                }
            });
            ui.add_space(6.0);
            ui.strong("Strategy: what goes into the gold copy without you");
            ui.radio_value(
                &mut self.kind,
                StrategyKind::Majority,
                "Majority: more than half of the annotators who have the document marked it",
            );
            ui.radio_value(
                &mut self.kind,
                StrategyKind::Unanimous,
                "Unanimous: every annotator who has the document marked it",
            );
            ui.horizontal(|ui| {
                let radio = ui.radio_value(&mut self.kind, StrategyKind::MinVotes, "At least");
                let votes = ui
                    .add(egui::DragValue::new(&mut self.min_votes).range(1..=999))
                    .labelled_by(radio.id);
                if votes.changed() {
                    self.kind = StrategyKind::MinVotes;
                }
                ui.label("annotators marked it");
            });
            ui.add_space(4.0);
            ui.checkbox(
                &mut self.anonymous,
                "Show annotators anonymised (Annotator 1, 2 …)",
            )
            .on_hover_text(
                "For a classroom: names never appear in the view or the gold copy. \
                     When resuming, annotators keep the names the gold copy recorded.",
            );
            if let Some(error) = &self.error {
                ui.add_space(4.0);
                ui.colored_label(ui.visuals().error_fg_color, error);
                ui.weak("Nothing was changed.");
            }
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                let ready = self.copies.len() >= 2;
                if resuming {
                    if ui.add_enabled(ready, egui::Button::new("Resume")).clicked() {
                        commands.push(Command::StartCuration(self.request(true)));
                    }
                    if ui
                        .add_enabled(ready, egui::Button::new("Start a new gold copy instead"))
                        .clicked()
                    {
                        commands.push(Command::StartCuration(self.request(false)));
                    }
                } else if ui
                    .add_enabled(ready, egui::Button::new("Start curation"))
                    .clicked()
                {
                    commands.push(Command::StartCuration(self.request(false)));
                }
                close |= ui.button("Cancel").clicked();
                if !ready {
                    ui.weak("Add at least two copies.");
                }
            });
        });
        if pick {
            self.picker = Some(pick_copies(ctx));
        }
        let escape = ctx.input(|i| i.key_pressed(egui::Key::Escape));
        let started = commands.iter().any(|c| matches!(c, Command::StartCuration(_)));
        !(close || started || escape || modal.should_close())
    }

    fn copies_ui(&mut self, ui: &mut Ui) {
        ui.strong(format!("Annotators' copies ({})", self.copies.len()));
        if self.copies.is_empty() {
            ui.weak("None yet: add each copy's file below.");
            return;
        }
        let mut remove = None;
        egui::ScrollArea::vertical()
            .max_height(180.0)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                egui::Grid::new("curate-copies").striped(true).show(ui, |ui| {
                    for (i, (path, name)) in self.copies.iter().enumerate() {
                        let shown = match name {
                            Some(name) => name.clone(),
                            None if self.anonymous => format!("(Annotator {})", i + 1),
                            None => stem(path),
                        };
                        ui.label(RichText::new(shown).strong());
                        ui.horizontal(|ui| {
                            ui.label(shorten(&path.display().to_string(), 70));
                            if !path.exists() {
                                ui.colored_label(ui.visuals().error_fg_color, "not found");
                            }
                        });
                        if ui.small_button("Remove").clicked() {
                            remove = Some(i);
                        }
                        ui.end_row();
                    }
                });
            });
        if let Some(i) = remove {
            self.copies.remove(i);
        }
    }

    fn collect_picked(&mut self, ctx: &egui::Context) {
        let Some(picker) = &self.picker else { return };
        match picker.try_recv() {
            Ok(paths) => {
                for path in paths {
                    self.add(path);
                }
                self.picker = None;
            }
            Err(TryRecvError::Empty) => ctx.request_repaint_after(std::time::Duration::from_millis(100)),
            Err(TryRecvError::Disconnected) => self.picker = None,
        }
    }
}

/// A file's name without its extension.
pub fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A recorded copy's path: relative ones count from the gold copy's folder.
pub fn resolve(file: &str, folder: Option<&Path>) -> PathBuf {
    let path = PathBuf::from(file);
    match folder {
        Some(folder) if path.is_relative() => folder.join(path),
        _ => path,
    }
}

/// Asks the system's dialog for the copies on a worker thread, so the window never freezes.
fn pick_copies(ctx: &egui::Context) -> Receiver<Vec<PathBuf>> {
    let (sender, receiver) = channel();
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let chosen = rfd::FileDialog::new()
            .set_title("Annotators' copies")
            .add_filter("Marginalia project", &["ron"])
            .pick_files();
        let _ = sender.send(chosen.unwrap_or_default());
        ctx.request_repaint();
    });
    receiver
}
