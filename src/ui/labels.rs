//! The label manager: add, rename, recolour, set hotkeys, reorder and delete labels (all undoable).

use egui::{RichText, Ui};

use super::canvas::to_color32;
use super::command::Command;
use crate::model::label::PALETTE;
use crate::model::{Color, Edit, Label, LabelId, Project};

/// The grid's column headers, which name each row's text fields for screen readers.
struct Headers {
    name: egui::Id,
    hotkey: egui::Id,
    description: egui::Id,
}

#[derive(Default)]
pub struct LabelManager {
    pub open: bool,
    /// A label in use whose deletion waits for the user's choice.
    deleting: Option<LabelId>,
    reassign_to: Option<LabelId>,
    /// Text fields being typed in, committed when they lose focus: (label, field) -> text.
    editing: std::collections::HashMap<(LabelId, &'static str), String>,
}

impl LabelManager {
    pub fn ui(&mut self, ctx: &egui::Context, project: &Project, commands: &mut Vec<Command>) {
        let mut open = self.open;
        egui::Window::new("Labels")
            .open(&mut open)
            .resizable(true)
            .default_width(560.0)
            .show(ctx, |ui| {
                egui::Grid::new("labels-grid")
                    .num_columns(6)
                    .striped(true)
                    .show(ui, |ui| {
                        ui.strong("Colour");
                        let headers = Headers {
                            name: ui.strong("Name").id,
                            hotkey: ui.strong("Key").id,
                            description: ui.strong("Description").id,
                        };
                        ui.strong("Used");
                        ui.end_row();
                        for (position, label) in project.labels().iter().enumerate() {
                            self.row_ui(ui, project, position, label, &headers, commands);
                            ui.end_row();
                        }
                    });
                if ui.button("Add label").clicked() {
                    commands.push(Command::Apply(Edit::AddLabel {
                        position: project.labels().len(),
                        label: new_label(project),
                    }));
                }
                self.delete_ui(ui, project, commands);
            });
        self.open = open;
    }

    fn row_ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        position: usize,
        label: &Label,
        headers: &Headers,
        commands: &mut Vec<Command>,
    ) {
        let update = |change: &dyn Fn(&mut Label)| {
            let mut changed = label.clone();
            change(&mut changed);
            Command::Apply(Edit::UpdateLabel(changed))
        };
        let swatch = swatch_button(label.color);
        egui::containers::menu::MenuButton::from_button(swatch).ui(ui, |ui| {
            ui.horizontal_wrapped(|ui| {
                for colour in PALETTE {
                    if ui
                        .add(egui::Button::new("      ").fill(to_color32(colour)))
                        .on_hover_text(colour.to_string())
                        .clicked()
                    {
                        commands.push(update(&|l| l.color = colour));
                        ui.close();
                    }
                }
            });
        });
        if let Some(name) = self.text_field(ui, &label.id, ("name", headers.name), &label.name, 120.0)
            && !name.trim().is_empty()
        {
            commands.push(update(&|l| l.name = name.trim().to_owned()));
        }
        let hotkey = label.hotkey.clone().unwrap_or_default();
        if let Some(key) = self.text_field(ui, &label.id, ("hotkey", headers.hotkey), &hotkey, 24.0) {
            let key: String = key.trim().chars().take(1).collect();
            commands.push(update(&|l| l.hotkey = (!key.is_empty()).then(|| key.clone())));
        }
        if let Some(description) = self.text_field(
            ui,
            &label.id,
            ("description", headers.description),
            &label.description,
            200.0,
        ) {
            commands.push(update(&|l| l.description = description.clone()));
        }
        ui.horizontal(|ui| {
            ui.label(project.count_with_label(&label.id).to_string());
            let last = project.labels().len() - 1;
            for (text, target, enabled) in [
                ("Up", position.saturating_sub(1), position > 0),
                ("Down", position + 1, position < last),
            ] {
                if ui
                    .add_enabled(enabled, egui::Button::new(text).small())
                    .on_hover_text("Move")
                    .clicked()
                {
                    commands.push(Command::Apply(Edit::MoveLabel {
                        label_id: label.id.clone(),
                        position: target,
                    }));
                }
            }
            if ui.small_button("Delete").clicked() {
                if project.count_with_label(&label.id) == 0 {
                    commands.push(Command::Apply(Edit::RemoveLabel {
                        label_id: label.id.clone(),
                        reassign_to: None,
                    }));
                } else {
                    self.deleting = Some(label.id.clone());
                    self.reassign_to = None;
                }
            }
        });
    }

    /// A text field bound to a buffer; returns the new text when the user leaves a changed field.
    fn text_field(
        &mut self,
        ui: &mut Ui,
        label_id: &LabelId,
        (field, header): (&'static str, egui::Id),
        current: &str,
        width: f32,
    ) -> Option<String> {
        let key = (label_id.clone(), field);
        let buffer = self
            .editing
            .entry(key.clone())
            .or_insert_with(|| current.to_owned());
        let response = ui
            .add(egui::TextEdit::singleline(buffer).desired_width(width))
            .labelled_by(header);
        if !response.has_focus() && !response.lost_focus() {
            *buffer = current.to_owned(); // follow undo and other changes while not being edited
            return None;
        }
        if response.lost_focus() {
            let text = self.editing.remove(&key).unwrap_or_default();
            return (text != current).then_some(text);
        }
        None
    }

    fn delete_ui(&mut self, ui: &mut Ui, project: &Project, commands: &mut Vec<Command>) {
        let Some(label) = self.deleting.as_ref().and_then(|id| project.label(id)).cloned() else {
            self.deleting = None;
            return;
        };
        ui.separator();
        let used = project.count_with_label(&label.id);
        ui.label(format!(
            "{used} annotation(s) use “{}”. What should happen to them?",
            label.name
        ));
        ui.horizontal(|ui| {
            if ui.button("Delete them with the label").clicked() {
                commands.push(Command::Apply(Edit::RemoveLabel {
                    label_id: label.id.clone(),
                    reassign_to: None,
                }));
                self.deleting = None;
            }
            let others: Vec<&Label> = project.labels().iter().filter(|l| l.id != label.id).collect();
            let target_name = self
                .reassign_to
                .as_ref()
                .and_then(|id| project.label(id))
                .map_or("…", |l| l.name.as_str());
            egui::ComboBox::from_label("new label")
                .selected_text(target_name)
                .show_ui(ui, |ui| {
                    for other in others {
                        ui.selectable_value(&mut self.reassign_to, Some(other.id.clone()), &other.name);
                    }
                });
            if ui
                .add_enabled(self.reassign_to.is_some(), egui::Button::new("Relabel them"))
                .clicked()
            {
                commands.push(Command::Apply(Edit::RemoveLabel {
                    label_id: label.id.clone(),
                    reassign_to: self.reassign_to.take(),
                }));
                self.deleting = None;
            }
            if ui.button("Cancel").clicked() {
                self.deleting = None;
            }
        });
    }
}

/// A button filled with the colour and named by its hex code, in black or white for contrast.
fn swatch_button(colour: Color) -> egui::Button<'static> {
    let light = u32::from(colour.r) * 299 + u32::from(colour.g) * 587 + u32::from(colour.b) * 114 > 128_000;
    let ink = if light {
        egui::Color32::BLACK
    } else {
        egui::Color32::WHITE
    };
    egui::Button::new(RichText::new(colour.to_string()).monospace().color(ink)).fill(to_color32(colour))
}

/// A new label with an unused colour and the next free digit as its hotkey.
fn new_label(project: &Project) -> Label {
    Label {
        id: LabelId::generate(),
        name: format!("Label {}", project.labels().len() + 1),
        color: project.unused_color(),
        hotkey: project.free_hotkey(),
        description: String::new(),
        fields: Vec::new(),
    }
}
