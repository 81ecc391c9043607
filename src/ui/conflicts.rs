//! Conflicts a merge left, as the user settles them: both values side by side with a button (and
//! a key) for each side, in the inspector for the selected annotation and in a window for all.

use egui::{RichText, Ui};

use super::command::Command;
use crate::model::Project;
use crate::model::conflict::{Conflict, Side};
use crate::model::text::shorten;

/// The conflicts of the selected annotation, in the inspector.
pub fn inspector_ui(ui: &mut Ui, project: &Project, item: &str, commands: &mut Vec<Command>) {
    let conflicts: Vec<&Conflict> = project.conflicts_of(item).collect();
    if conflicts.is_empty() {
        return;
    }
    ui.add_space(6.0);
    ui.group(|ui| {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("{} conflict(s) from a merge", conflicts.len()),
        );
        for conflict in conflicts {
            conflict_ui(ui, conflict, commands);
        }
        ui.weak(format!(
            "{} takes ours, {} takes theirs (the first conflict); Ctrl+Z undoes",
            key_of(ui, &Command::TakeSelectedConflict(Side::Ours)),
            key_of(ui, &Command::TakeSelectedConflict(Side::Theirs)),
        ));
    });
}

/// One conflict: what it is about, the two values, and a button for each side.
fn conflict_ui(ui: &mut Ui, conflict: &Conflict, commands: &mut Vec<Command>) {
    ui.label(RichText::new(title(conflict)).strong());
    // One value under the other, each wrapping: the inspector is narrow and a note can be long.
    for side in [Side::Ours, Side::Theirs] {
        ui.horizontal_wrapped(|ui| {
            let holds = if conflict.holds == side { " (now)" } else { "" };
            ui.weak(format!("{}{holds}", side.name()));
            if ui.small_button(format!("Take {}", side.name())).clicked() {
                commands.push(Command::TakeConflict {
                    conflict_id: conflict.id.clone(),
                    side,
                });
            }
        });
        ui.label(value_text(conflict.value(side)));
    }
}

fn title(conflict: &Conflict) -> String {
    let what = match (
        conflict.property.as_str(),
        conflict.property.strip_prefix("field:"),
    ) {
        (_, Some(field)) => format!("field “{field}”"),
        ("exists", _) => "removed on one side, kept on the other".to_owned(),
        (property, _) => property.to_owned(),
    };
    format!("{:?} {}: {what}", conflict.subject, shorten(&conflict.item, 16))
}

fn value_text(value: Option<&str>) -> RichText {
    match value {
        Some(value) => RichText::new(format!("“{}”", shorten(value, 200))).italics(),
        None => RichText::new("(removed)").weak(),
    }
}

fn key_of(ui: &Ui, command: &Command) -> String {
    super::command::shortcut_of(command).map_or_else(String::new, |s| ui.ctx().format_shortcut(&s))
}

/// Every conflict in the project, whatever it is about (labels and settings too).
#[derive(Default)]
pub struct ConflictsWindow {
    pub open: bool,
}

impl ConflictsWindow {
    pub fn ui(&mut self, ctx: &egui::Context, project: &Project, commands: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        let mut open = true;
        egui::Window::new("Conflicts from merging")
            .open(&mut open)
            .default_width(520.0)
            .show(ctx, |ui| {
                if project.conflicts().is_empty() {
                    ui.label("No conflicts left: the merge is settled.");
                    return;
                }
                ui.label(format!(
                    "{} conflict(s). The project holds one value of each meanwhile; take a side to settle it.",
                    project.conflicts().len()
                ));
                egui::ScrollArea::vertical().max_height(420.0).show(ui, |ui| {
                    for conflict in project.conflicts() {
                        ui.separator();
                        conflict_ui(ui, conflict, commands);
                    }
                });
                ui.separator();
                ui.horizontal(|ui| {
                    for side in [Side::Ours, Side::Theirs] {
                        if ui.button(format!("Take {} for all", side.name())).clicked() {
                            commands.push(Command::TakeAllConflicts(side));
                        }
                    }
                });
            });
        self.open &= open;
    }
}
