//! The label manager: add, rename, recolour, set hotkeys, reorder and delete labels (all undoable).

use egui::{RichText, Ui};

use super::canvas::to_color32;
use super::command::Command;
use super::draft::{self, Drafts, Typed};
use crate::model::label::PALETTE;
use crate::model::{Color, Edit, Label, LabelId, Project};

/// The grid's column headers, which name each row's text fields for screen readers.
struct Headers {
    name: egui::Id,
    hotkey: egui::Id,
    description: egui::Id,
}

/// A label's text fields.
#[derive(Clone, Copy, Debug, Hash, PartialEq)]
enum Part {
    Name,
    Hotkey,
    Description,
}

#[derive(Default)]
pub struct LabelManager {
    pub open: bool,
    /// A label in use whose deletion waits for the user's choice.
    deleting: Option<LabelId>,
    reassign_to: Option<LabelId>,
    /// The field being typed in; every field otherwise shows the label as it is in the project.
    drafts: Drafts<(LabelId, Part)>,
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
        if let Some(typed) = self.drafts.end_frame(ctx, commands) {
            commit(project, typed, commands);
        }
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
        let hotkey = label.hotkey.clone().unwrap_or_default();
        for (part, current, header, width) in [
            (Part::Name, label.name.as_str(), headers.name, 120.0),
            (Part::Hotkey, hotkey.as_str(), headers.hotkey, 24.0),
            (
                Part::Description,
                label.description.as_str(),
                headers.description,
                200.0,
            ),
        ] {
            let shown = self.drafts.field(ui, (label.id.clone(), part), current, |text| {
                egui::TextEdit::singleline(text).desired_width(width)
            });
            shown.response.labelled_by(header);
            if let Some(typed) = shown.typed {
                commit(project, typed, commands);
            }
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

    fn delete_ui(&mut self, ui: &mut Ui, project: &Project, commands: &mut Vec<Command>) {
        let Some(label) = self.deleting.as_ref().and_then(|id| project.label(id)).cloned() else {
            self.deleting = None;
            return;
        };
        // The label chosen to take over may have gone meanwhile (undo, another view).
        if self
            .reassign_to
            .as_ref()
            .is_some_and(|id| project.label(id).is_none())
        {
            self.reassign_to = None;
        }
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

/// Commits what was typed into a label's field, to the label as it is now in the project.
fn commit(project: &Project, typed: Typed<(LabelId, Part)>, commands: &mut Vec<Command>) {
    let (label_id, part) = &typed.key;
    let Some(label) = project.label(label_id) else {
        return; // gone meanwhile (undone, deleted)
    };
    let text = typed.text.trim();
    let mut changed = label.clone();
    match part {
        // A label keeps its name rather than losing it; the field shows it again.
        Part::Name if text.is_empty() => return,
        Part::Name => changed.name = text.to_owned(),
        Part::Hotkey => changed.hotkey = text.chars().next().map(String::from),
        Part::Description => changed.description = text.to_owned(),
    }
    if changed != *label {
        draft::queue(commands, Command::Apply(Edit::UpdateLabel(changed)));
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
