//! Curating a gold copy in the app: the window that picks the annotators' copies and the
//! strategy (File › Curate…), and the curation view, a panel under the text that shows one
//! disagreement at a time: every annotator's version with its standing (agree / disagree /
//! incomplete, in colour and in words), label, exact range, quote, voters and notes, and where it
//! stands in the gold copy. The versions of the disagreement are outlined on the text.
//!
//! The session keeps only what never changes while curating: the versions the copies hold, and
//! the annotators' names (in [`Versions`]). Whether a version is open, accepted or rejected is
//! read from the gold project, cached by its generation, so an undo shows at once.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Color32, Modal, RichText, Sense, Ui, vec2};

use super::canvas::to_color32;
use super::command::{Command, CurationRequest};
use crate::model::curation::{self, Standing, State, Strategy, Versions};
use crate::model::text::shorten;
use crate::model::{CharRange, Project};

/// The colour of a standing: green, red, amber; strong enough on light and dark backgrounds, and
/// never alone (the word is always written beside it).
pub fn standing_colour(standing: Standing) -> Color32 {
    match standing {
        Standing::Agree => Color32::from_rgb(0x1E, 0xA0, 0x50),
        Standing::Disagree => Color32::from_rgb(0xE0, 0x3A, 0x3A),
        Standing::Incomplete => Color32::from_rgb(0xE6, 0x9F, 0x00),
    }
}

/// One version of the disagreement shown, as the canvas outlines it.
#[derive(Clone, Copy, Debug)]
pub struct VersionMark {
    pub range: CharRange,
    pub colour: Color32,
    /// The version the keys act on: outlined more strongly.
    pub chosen: bool,
}

/// Each version's state in the gold copy, and what follows from them, for one generation.
#[derive(Default)]
struct States {
    generation: Option<u64>,
    states: Vec<State>,
    /// Groups with a version still open, in text order.
    open_groups: Vec<usize>,
    open: usize,
}

/// A curation under way: the versions of the copies, and which one the curator is looking at.
pub struct CurationSession {
    pub versions: Versions,
    pub strategy: Strategy,
    /// The disagreement shown (an index into `versions.groups`).
    pub group: usize,
    /// The version the keys act on (an index into `versions.versions`, inside `group`).
    pub chosen: usize,
    states: States,
}

impl CurationSession {
    pub fn new(versions: Versions, strategy: Strategy) -> Self {
        Self {
            versions,
            strategy,
            group: 0,
            chosen: 0,
            states: States::default(),
        }
    }

    /// Re-reads every version's state when the gold project changed; returns the first version
    /// whose state changed (what an undo or redo touched).
    pub fn refresh(&mut self, gold: &Project, generation: u64) -> Option<usize> {
        if self.states.generation == Some(generation) {
            return None;
        }
        let states: Vec<State> = self
            .versions
            .versions
            .iter()
            .map(|v| curation::state(gold, &v.key))
            .collect();
        let changed = (self.states.generation.is_some())
            .then(|| (0..states.len()).find(|&i| self.states.states.get(i) != Some(&states[i])))
            .flatten();
        let open_groups = (0..self.versions.groups.len())
            .filter(|&g| self.versions.groups[g].clone().any(|i| states[i] == State::Open))
            .collect();
        self.states = States {
            generation: Some(generation),
            open: states.iter().filter(|s| **s == State::Open).count(),
            states,
            open_groups,
        };
        changed
    }

    pub fn state(&self, version: usize) -> State {
        self.states.states.get(version).copied().unwrap_or(State::Open)
    }

    /// How many versions are still open.
    pub fn open_count(&self) -> usize {
        self.states.open
    }

    pub fn open_groups(&self) -> &[usize] {
        &self.states.open_groups
    }

    /// The versions of the disagreement shown.
    pub fn group_versions(&self) -> std::ops::Range<usize> {
        self.versions.groups.get(self.group).cloned().unwrap_or(0..0)
    }

    /// The first open version of a group, else its first.
    pub fn first_open_in(&self, group: usize) -> usize {
        let range = self.versions.groups[group].clone();
        range
            .clone()
            .find(|&i| self.state(i) == State::Open)
            .unwrap_or(range.start)
    }

    /// The open group after (or before) the one shown, wrapping round; `None` when none is open
    /// but the one shown.
    pub fn next_open_group(&self, forward: bool) -> Option<usize> {
        let open = self.open_groups();
        let found = if forward {
            open.iter().find(|&&g| g > self.group).or(open.first())
        } else {
            open.iter().rev().find(|&&g| g < self.group).or(open.last())
        };
        found.copied().filter(|&g| g != self.group)
    }

    /// The outlines of the disagreement shown, on one document.
    pub fn marks(&self, doc_id: Option<&crate::model::DocId>) -> Vec<VersionMark> {
        self.group_versions()
            .filter(|&i| Some(&self.versions.versions[i].key.document) == doc_id)
            .map(|i| VersionMark {
                range: self.versions.versions[i].key.range(),
                colour: standing_colour(self.versions.standings[i]),
                chosen: i == self.chosen,
            })
            .collect()
    }

    /// "Disagreement 3 of 41 · 120 versions open".
    pub fn heading(&self) -> String {
        let open = self.open_groups();
        let place = match open.binary_search(&self.group) {
            Ok(i) => format!("Disagreement {} of {}", i + 1, open.len()),
            Err(_) if open.is_empty() => "No disagreement left".to_owned(),
            Err(_) => format!("A decided place ({} disagreement(s) open)", open.len()),
        };
        format!("{place} · {} version(s) open", self.open_count())
    }
}

/// The words for a version's state: "open", "in gold", "rejected", with "by strategy" where so.
fn state_text(project: &Project, session: &CurationSession, i: usize) -> (String, bool) {
    let key = &session.versions.versions[i].key;
    match session.state(i) {
        State::Open => ("open".into(), true),
        State::Accepted { by_strategy } => {
            let strategy = if by_strategy { " by strategy" } else { "" };
            if in_gold(project, key) {
                (format!("in gold{strategy}"), false)
            } else {
                (
                    format!("accepted{strategy}, since deleted from the gold copy"),
                    false,
                )
            }
        }
        State::Rejected { by_strategy } => {
            let strategy = if by_strategy { " by strategy" } else { "" };
            (format!("rejected{strategy}"), false)
        }
    }
}

/// Whether the gold copy holds the version (a search by position, nothing allocated).
fn in_gold(project: &Project, key: &curation::VersionKey) -> bool {
    let annotations = project.annotations_of(&key.document);
    let first = annotations.partition_point(|a| a.start < key.start);
    annotations[first..]
        .iter()
        .take_while(|a| a.start == key.start)
        .any(|a| a.end == key.end && a.label == key.label)
}

/// The curation view, under the text.
pub fn panel_ui(ui: &mut Ui, session: &CurationSession, project: &Project, commands: &mut Vec<Command>) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.strong("Curation");
        ui.label(session.heading());
        ui.weak(format!(
            "strategy {} · {} annotator(s)",
            session.strategy.name(),
            session.versions.annotators.len()
        ));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Close (Esc)").clicked() {
                commands.push(Command::CloseCuration);
            }
            if ui.button("Next (Tab)").clicked() {
                commands.push(Command::NextDisagreement);
            }
            if ui.button("Previous (Shift+Tab)").clicked() {
                commands.push(Command::PreviousDisagreement);
            }
        });
    });
    let versions = session.group_versions();
    if versions.is_empty() {
        ui.label("The copies hold no annotations: there is nothing to curate.");
        return;
    }
    if session.open_groups().is_empty() {
        ui.colored_label(
            standing_colour(Standing::Agree),
            "Every version is decided: the gold copy is complete. Save it (File › Save as…).",
        );
    }
    let document = project.document(&session.versions.versions[versions.start].key.document);
    let span = versions.clone().fold(None::<CharRange>, |span, i| {
        let range = session.versions.versions[i].key.range();
        Some(span.map_or(range, |s| {
            CharRange::new(s.start.min(range.start), s.end.max(range.end))
        }))
    });
    if let (Some(document), Some(span)) = (document, span) {
        ui.weak(format!(
            "“{}”, characters {}..{}: {} version(s)",
            shorten(&document.title, 60),
            span.start,
            span.end,
            versions.len()
        ));
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, true])
        .max_height((ui.available_height() - 24.0).max(60.0))
        .show(ui, |ui| {
            for i in versions {
                version_ui(ui, session, project, i, commands);
            }
        });
    ui.weak("Up/Down choose a version · A accepts it into the gold copy · R rejects it · Tab, Shift+Tab next, previous disagreement · Ctrl+Z undoes");
}

/// One version: a row to click, with buttons that decide it.
fn version_ui(
    ui: &mut Ui,
    session: &CurationSession,
    project: &Project,
    i: usize,
    commands: &mut Vec<Command>,
) {
    let version = &session.versions.versions[i];
    let standing = session.versions.standings[i];
    let chosen = i == session.chosen;
    let visuals = ui.visuals().clone();
    let frame = egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(6, 3))
        .corner_radius(3.0)
        .fill(if chosen {
            visuals.selection.bg_fill.gamma_multiply(0.35)
        } else {
            Color32::TRANSPARENT
        })
        .stroke(if chosen {
            egui::Stroke::new(1.5, visuals.selection.stroke.color)
        } else {
            egui::Stroke::NONE
        });
    let (state, open) = state_text(project, session, i);
    let response = frame
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                let (rect, _) = ui.allocate_exact_size(vec2(12.0, 12.0), Sense::hover());
                ui.painter().rect_filled(rect, 2.0, standing_colour(standing));
                ui.add_sized(
                    vec2(72.0, 16.0),
                    egui::Label::new(RichText::new(standing.name()).strong()),
                );
                let label = project.label(&version.key.label);
                let name = label.map_or(version.key.label.as_str(), |l| l.name.as_str());
                let colour = label.map_or(visuals.text_color(), |l| to_color32(l.color));
                ui.label(RichText::new(name).strong().color(colour));
                ui.monospace(format!("{}..{}", version.key.start, version.key.end));
                let quote = project
                    .document(&version.key.document)
                    .and_then(|d| d.text.slice(version.key.range()))
                    .unwrap_or_default();
                ui.label(RichText::new(format!("“{}”", shorten(quote, 60))).italics());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui.small_button("Reject (R)").clicked() {
                        commands.push(Command::ChooseVersion(i));
                        commands.push(Command::RejectVersion);
                    }
                    if ui.small_button("Accept (A)").clicked() {
                        commands.push(Command::ChooseVersion(i));
                        commands.push(Command::AcceptVersion);
                    }
                    let text = RichText::new(state);
                    ui.label(if open { text.strong() } else { text.weak() });
                });
            });
            let names: Vec<&str> = version
                .votes
                .iter()
                .map(|v| session.versions.annotators[v.annotator].as_str())
                .collect();
            ui.horizontal_wrapped(|ui| {
                ui.add_space(16.0);
                ui.label(format!(
                    "{} of {}: {}",
                    version.votes.len(),
                    version.present,
                    names.join(", ")
                ));
                for vote in version.votes.iter().filter(|v| !v.note.trim().is_empty()) {
                    ui.weak(format!(
                        "· {}: {}",
                        session.versions.annotators[vote.annotator],
                        shorten(vote.note.trim(), 120)
                    ));
                }
            });
        })
        .response;
    let response = ui.interact(
        response.rect,
        ui.make_persistent_id(("curation-version", i)),
        Sense::click(),
    );
    if response.clicked() {
        commands.push(Command::ChooseVersion(i));
    }
    if chosen {
        response.scroll_to_me(None);
    }
}

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
            window.resume = Some(format!(
                "This project is a gold copy of {} annotators' copies (strategy {}), with {} decision(s) made. \
                 Resuming reads the copies again, keeps every decision, and lets the strategy decide only what is new.",
                record.annotators.len(),
                record.strategy.name(),
                record.decisions.len()
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

    fn request(&self, resume: bool) -> CurationRequest {
        CurationRequest {
            copies: self.copies.clone(),
            strategy: self.strategy(),
            anonymous: self.anonymous,
            resume,
        }
    }

    /// Draws the window; returns whether it stays open.
    pub fn ui(&mut self, ctx: &egui::Context, commands: &mut Vec<Command>) -> bool {
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
