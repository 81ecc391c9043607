//! The curation view: a panel under the text that shows one disagreement at a time, every
//! annotator's version with its standing (agree / disagree / incomplete, in colour and in
//! words), label, exact range, quote, voters and notes, and where it stands in the gold copy.
//! The versions of the disagreement are outlined on the text.
//!
//! The session keeps only what never changes while curating: the versions the copies hold, and
//! the annotators' names (in [`Versions`]). Whether a version is open, accepted or rejected is
//! read from the gold project, cached by its generation, so an undo shows at once.

use egui::{Color32, RichText, Sense, Ui, vec2};

use super::canvas::to_color32;
use super::command::Command;
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
    /// The version the list last scrolled to: it scrolls again only when the choice changes, so
    /// the wheel can look through a long disagreement.
    scrolled_to: Option<usize>,
}

impl CurationSession {
    pub fn new(versions: Versions, strategy: Strategy) -> Self {
        Self {
            versions,
            strategy,
            group: 0,
            chosen: 0,
            states: States::default(),
            scrolled_to: None,
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

/// The curation view, under the text; `saved` says whether the gold copy has a file yet.
pub fn panel_ui(
    ui: &mut Ui,
    session: &mut CurationSession,
    project: &Project,
    saved: bool,
    commands: &mut Vec<Command>,
) {
    ui.add_space(4.0);
    ui.horizontal(|ui| {
        ui.strong("Curation");
        ui.label(session.heading());
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
    ui.horizontal_wrapped(|ui| {
        if let (Some(document), Some(span)) = (document, span) {
            ui.weak(format!(
                "“{}”, characters {}..{}: {} version(s) ·",
                shorten(&document.title, 40),
                span.start,
                span.end,
                versions.len()
            ));
        }
        ui.weak(format!(
            "strategy {} · {} annotators",
            session.strategy.name(),
            session.versions.annotators.len()
        ));
        if !saved {
            ui.weak("· a new gold copy, not saved yet (File › Save as…)");
        }
    });
    ui.separator();
    // The rows fill the panel (a bottom panel is as tall as what it holds).
    // One scroll position per disagreement: each starts with its first version in view.
    egui::ScrollArea::vertical()
        .id_salt(("curation-versions", session.group))
        .auto_shrink(false)
        .max_height((ui.available_height() - 24.0).max(60.0))
        .show(ui, |ui| {
            let scroll = session.scrolled_to != Some(session.chosen);
            for i in versions {
                let row = version_ui(ui, session, project, i, commands);
                if scroll && i == session.chosen {
                    row.scroll_to_me(None);
                }
            }
        });
    session.scrolled_to = Some(session.chosen);
    ui.weak("Up/Down choose a version · A accepts it into the gold copy · R rejects it · Tab, Shift+Tab next, previous disagreement · Ctrl+Z undoes");
}

/// One version: a row to click, with buttons that decide it.
fn version_ui(
    ui: &mut Ui,
    session: &CurationSession,
    project: &Project,
    i: usize,
    commands: &mut Vec<Command>,
) -> egui::Response {
    let chosen = i == session.chosen;
    let visuals = ui.visuals();
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
    // The row senses clicks below its buttons, so a click on a button stays the button's.
    let row = egui::UiBuilder::new()
        .id_salt(("curation-version", i))
        .sense(Sense::click());
    let response = ui
        .scope_builder(row, |ui| {
            frame.show(ui, |ui| row_contents_ui(ui, session, project, i, commands));
        })
        .response;
    if response.clicked() {
        commands.push(Command::ChooseVersion(i));
    }
    response
}

/// A version's first line (standing, label, range, quote, state, buttons) and second (voters
/// and their notes).
fn row_contents_ui(
    ui: &mut Ui,
    session: &CurationSession,
    project: &Project,
    i: usize,
    commands: &mut Vec<Command>,
) {
    let version = &session.versions.versions[i];
    let standing = session.versions.standings[i];
    let (state, open) = state_text(project, session, i);
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
        let colour = label.map_or(ui.visuals().text_color(), |l| to_color32(l.color));
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
}
