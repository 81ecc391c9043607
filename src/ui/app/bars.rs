//! The menu bar and the status bar.

use egui::Ui;

use super::MarginaliaApp;
use crate::ui::command::{self, Command};

impl MarginaliaApp {
    pub(super) fn menu_ui(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                self.menu_item(ui, "New", Command::New);
                self.menu_item(ui, "Open…", Command::Open);
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
                ui.separator();
                self.menu_item(ui, "Save", Command::Save);
                self.menu_item(ui, "Save as…", Command::SaveAs);
                ui.separator();
                self.menu_item(ui, "Import document…", Command::ImportDocument);
                self.menu_item(ui, "New document from clipboard (Ctrl+V)", Command::PasteDocument);
                ui.separator();
                self.menu_item(ui, "Import annotations…", Command::ImportAnnotations);
                self.menu_item(ui, "Export…", Command::Export);
                ui.separator();
                self.menu_item(ui, "Export exercise…", Command::ExportExercise);
                self.menu_item(ui, "Compare with answer key…", Command::CompareWithKey);
                ui.separator();
                self.menu_item(ui, "Quit", Command::Quit);
            });
            ui.menu_button("Edit", |ui| {
                let undo = self
                    .session
                    .history
                    .undo_description()
                    .map_or("Undo".into(), |d| format!("Undo {d}"));
                let redo = self
                    .session
                    .history
                    .redo_description()
                    .map_or("Redo".into(), |d| format!("Redo {d}"));
                self.menu_item(ui, &undo, Command::Undo);
                self.menu_item(ui, &redo, Command::Redo);
                ui.separator();
                self.menu_item(ui, "Delete annotation (Del)", Command::DeleteSelected);
                self.menu_item(ui, "Find… ", Command::FocusFilter);
                self.menu_item(ui, "Labels…", Command::ShowLabels);
                self.menu_item(ui, "Project settings…", Command::ShowSettings);
            });
            ui.menu_button("View", |ui| {
                self.menu_item(ui, "Zoom in", Command::ZoomIn);
                self.menu_item(ui, "Zoom out", Command::ZoomOut);
                self.menu_item(ui, "Actual size", Command::ZoomReset);
                ui.separator();
                self.menu_item(ui, "Next annotation (N)", Command::NextAnnotation);
                self.menu_item(ui, "Previous annotation (P)", Command::PreviousAnnotation);
            });
        });
    }

    fn menu_item(&mut self, ui: &mut Ui, text: &str, command: Command) {
        let mut button = egui::Button::new(text);
        if let Some(shortcut) = command::shortcut_of(&command) {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui.add(button).clicked() {
            self.commands.push(command);
            ui.close();
        }
    }

    pub(super) fn status_ui(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
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
            });
        });
    }
}
