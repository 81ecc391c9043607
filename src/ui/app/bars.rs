//! The menu bar and the status bar.

use egui::Ui;

use super::MarginaliaApp;
use crate::ui::command::{self, Command};
use crate::ui::palette::{Item, MENUS};

impl MarginaliaApp {
    pub(super) fn menu_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            for (menu, items) in MENUS {
                ui.menu_button(*menu, |ui| {
                    for item in *items {
                        match item {
                            Item::Command(title, make) => self.menu_item(ui, title, make()),
                            Item::Recent => self.recent_ui(ui),
                            Item::Separator => {
                                ui.separator();
                            }
                        }
                    }
                });
            }
        });
    }

    fn recent_ui(&mut self, ui: &mut Ui) {
        ui.menu_button("Open recent", |ui| {
            if self.recent.is_empty() {
                ui.weak("No recent projects");
            }
            for path in self.recent.clone() {
                if ui.button(path.display().to_string()).clicked() {
                    self.commands.push(Command::OpenPath(path));
                    ui.close();
                }
            }
        });
    }

    /// A menu entry's text as it stands now ("Undo Edit note"), and whether it is ticked.
    fn menu_state(&self, title: &str, command: &Command) -> (String, Option<bool>) {
        let history = &self.session.history;
        match command {
            Command::Undo => (
                history
                    .undo_description()
                    .map_or(title.into(), |d| format!("Undo {d}")),
                None,
            ),
            Command::Redo => (
                history
                    .redo_description()
                    .map_or(title.into(), |d| format!("Redo {d}")),
                None,
            ),
            Command::ToggleSidePanel => (title.into(), Some(self.prefs.side_panel)),
            Command::ToggleInspector => (title.into(), Some(self.prefs.inspector)),
            Command::SetTheme(theme) => (title.into(), Some(self.prefs.theme == *theme)),
            Command::SetDirection(direction) => {
                let current = self
                    .view
                    .doc_id
                    .as_ref()
                    .and_then(|id| self.session.project.document(id));
                (
                    title.into(),
                    Some(current.is_some_and(|d| d.direction == *direction)),
                )
            }
            Command::ToggleSuggestions => (title.into(), Some(!self.suggesting.hidden)),
            Command::ToggleSuggestionOrder => (title.into(), Some(self.suggesting.uncertain_first)),
            _ => (title.into(), None),
        }
    }

    fn menu_item(&mut self, ui: &mut Ui, title: &str, command: Command) {
        let (text, ticked) = self.menu_state(title, &command);
        let mut button = match ticked {
            Some(on) => egui::Button::selectable(on, text),
            None => egui::Button::new(text),
        };
        if let Some(shortcut) = command::shortcut_of(&command) {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui.add(button).clicked() {
            self.commands.push(command);
            ui.close();
        }
    }

    pub(super) fn status_ui(&mut self, ui: &mut Ui) {
        let mut clicked = false;
        let mut show_conflicts = false;
        let mut show_curation = false;
        let mut next_suggestion = false;
        ui.horizontal(|ui| {
            let progress = [
                self.curating.progress(),
                self.opening.as_ref().map(|o| o.progress()),
            ];
            for progress in progress.into_iter().flatten() {
                ui.spinner();
                ui.label(progress);
            }
            let working = [
                self.importing.as_ref().map(|i| (&i.path, i.started)),
                self.importing_annotations.as_ref().map(|i| (&i.path, i.started)),
            ];
            for (path, started) in working.into_iter().flatten() {
                ui.spinner();
                ui.label(format!(
                    "Importing {}… {:.0} s",
                    path.file_name().unwrap_or_default().to_string_lossy(),
                    started.elapsed().as_secs_f32()
                ));
            }
            if let Some((text, error)) = &self.message {
                let colour = if *error {
                    ui.visuals().error_fg_color
                } else {
                    ui.visuals().weak_text_color()
                };
                ui.colored_label(colour, text);
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let project = &self.session.project;
                if let Some(document) = self.view.doc_id.as_ref().and_then(|id| project.document(id)) {
                    ui.weak(format!(
                        "{} characters · {} annotation(s)",
                        document.text.char_len(),
                        project.annotations_of(&document.id).len()
                    ));
                }
                if self.session.is_dirty() {
                    ui.weak("unsaved changes");
                }
                let suggested = self.suggesting.count();
                if suggested > 0 {
                    next_suggestion = ui
                        .link(format!("{suggested} suggestion(s)"))
                        .on_hover_text(
                            "Go to the next suggestion (J); Y accepts, X rejects, Ctrl+J hides them",
                        )
                        .clicked();
                }
                if self.suggesting.busy_for_a_while(self.session.generation) && self.suggesting.count() == 0 {
                    ui.weak("learning suggestions…");
                }
                if let Some(session) = &self.curating.session {
                    show_curation = ui
                        .link(format!("Curating: {} open", session.open_count()))
                        .on_hover_text("Versions still to accept or reject: show the curation view")
                        .clicked();
                }
                let conflicts = project.conflicts().len();
                if conflicts > 0 {
                    show_conflicts = ui
                        .link(format!("{conflicts} conflict(s)"))
                        .on_hover_text("Left by a merge: list them (F9 goes to the next)")
                        .clicked();
                }
                let to_review = project.count_needing_review();
                if to_review > 0 {
                    clicked = ui
                        .link(format!("{to_review} to review"))
                        .on_hover_text("List the annotations placed approximately (F8 goes to the next)")
                        .clicked();
                }
            });
        });
        if clicked {
            self.commands.push(Command::ShowToReview);
        }
        if show_conflicts {
            self.commands.push(Command::ShowConflicts);
        }
        if next_suggestion {
            self.commands.push(Command::NextSuggestion);
        }
        if show_curation {
            self.commands.push(Command::ShowCuration);
        }
    }
}
