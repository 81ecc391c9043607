//! Edit → Project settings…: the rating scale, link types, the publisher named in ClaimReview,
//! the instructions of an exercise, and the extra fields each label declares. Every change is
//! one undoable edit.

use egui::Ui;

use super::command::Command;
use crate::model::{Edit, FieldDef, FieldKind, Label, Project, Settings};

/// The dialog's drafts: list settings are edited as text, one item per line.
#[derive(Default)]
pub struct SettingsDialog {
    pub open: bool,
    drafts: Option<Drafts>,
    /// The field being added: label index, name, kind.
    new_field: (usize, String, Option<FieldKind>),
}

struct Drafts {
    /// The settings these drafts were read from: when the project's change (apply, undo), the
    /// drafts are read again.
    base: Settings,
    scale: String,
    unrated: String,
    link_types: String,
    publisher: String,
    publisher_url: String,
    instructions: String,
}

impl Drafts {
    fn of(settings: &Settings) -> Self {
        Self {
            base: settings.clone(),
            scale: settings.rating_scale.join("\n"),
            unrated: settings.unrated.join("\n"),
            link_types: settings.link_types.join("\n"),
            publisher: settings.publisher.clone(),
            publisher_url: settings.publisher_url.clone(),
            instructions: settings.instructions.clone(),
        }
    }

    fn settings(&self) -> Settings {
        let lines = |text: &str| {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        };
        Settings {
            rating_scale: lines(&self.scale),
            unrated: lines(&self.unrated),
            link_types: lines(&self.link_types),
            publisher: self.publisher.trim().to_owned(),
            publisher_url: self.publisher_url.trim().to_owned(),
            instructions: self.instructions.trim().to_owned(),
        }
    }
}

impl SettingsDialog {
    pub fn ui(&mut self, ctx: &egui::Context, project: &Project, commands: &mut Vec<Command>) {
        if !self.open {
            self.drafts = None;
            return;
        }
        if self.drafts.as_ref().is_none_or(|d| d.base != project.settings) {
            self.drafts = Some(Drafts::of(&project.settings));
        }
        let drafts = self.drafts.as_mut().expect("set above");
        let mut open = true;
        egui::Window::new("Project settings")
            .open(&mut open)
            .default_width(520.0)
            .default_pos(egui::pos2(340.0, 40.0))
            .default_height(600.0)
            .show(ctx, |ui| {
                // Above the scrolled part, so it is always in view.
                let wanted = drafts.settings();
                let changed = wanted != project.settings;
                if ui
                    .add_enabled(changed, egui::Button::new("Apply settings"))
                    .clicked()
                {
                    commands.push(Command::Apply(Edit::SetSettings(wanted)));
                }
                ui.separator();
                egui::ScrollArea::vertical().show(ui, |ui| {
                    settings_ui(ui, drafts);
                    ui.separator();
                    fields_ui(ui, project, &mut self.new_field, commands);
                });
            });
        self.open = open;
    }
}

fn settings_ui(ui: &mut Ui, drafts: &mut Drafts) {
    let list = |ui: &mut Ui, title: &str, hint: &str, text: &mut String| {
        let label = ui.label(title);
        ui.add(
            egui::TextEdit::multiline(text)
                .desired_rows(3)
                .desired_width(f32::INFINITY)
                .hint_text(hint),
        )
        .labelled_by(label.id);
    };
    list(
        ui,
        "Rating scale, best first (one per line)",
        "True\nMostly true\n…",
        &mut drafts.scale,
    );
    list(
        ui,
        "Verdicts that rate nothing (one per line)",
        "Unverifiable",
        &mut drafts.unrated,
    );
    list(
        ui,
        "Link types (one per line)",
        "supported by\ncontradicted by\ncites",
        &mut drafts.link_types,
    );
    let line = |ui: &mut Ui, title: &str, hint: &str, text: &mut String| {
        ui.horizontal(|ui| {
            let label = ui.label(title);
            ui.add(
                egui::TextEdit::singleline(text)
                    .hint_text(hint)
                    .desired_width(300.0),
            )
            .labelled_by(label.id);
        });
    };
    line(
        ui,
        "Publisher",
        "the organisation publishing the fact-checks",
        &mut drafts.publisher,
    );
    line(ui, "Publisher address", "https://…", &mut drafts.publisher_url);
    list(
        ui,
        "Instructions for students",
        "shown when the project is opened",
        &mut drafts.instructions,
    );
}

fn kind_name(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text => "text",
        FieldKind::Date => "date",
        FieldKind::Url => "address",
        FieldKind::Rating => "verdict (rating scale)",
    }
}

/// Each label's fields, with Remove buttons and a row to add one.
fn fields_ui(
    ui: &mut Ui,
    project: &Project,
    new_field: &mut (usize, String, Option<FieldKind>),
    commands: &mut Vec<Command>,
) {
    ui.strong("Fields of each label");
    for (index, label) in project.labels().iter().enumerate() {
        ui.label(&label.name);
        ui.indent(("fields", index), |ui| {
            for field in &label.fields {
                ui.horizontal(|ui| {
                    ui.label(format!("{} ({})", field.name, kind_name(field.kind)));
                    if ui.small_button("Remove").clicked() {
                        let mut changed = label.clone();
                        changed.fields.retain(|f| f.key != field.key);
                        commands.push(Command::Apply(Edit::UpdateLabel(changed)));
                    }
                });
            }
            add_field_ui(ui, index, label, new_field, commands);
        });
    }
}

fn add_field_ui(
    ui: &mut Ui,
    index: usize,
    label: &Label,
    new_field: &mut (usize, String, Option<FieldKind>),
    commands: &mut Vec<Command>,
) {
    ui.horizontal(|ui| {
        let (for_label, name, kind) = new_field;
        let mut empty = String::new();
        let text = if *for_label == index { name } else { &mut empty };
        let field_label = ui.label("New field");
        let response = ui
            .add(
                egui::TextEdit::singleline(text)
                    .hint_text("name")
                    .desired_width(140.0),
            )
            .labelled_by(field_label.id);
        if response.changed() {
            *for_label = index;
        }
        let chosen = kind.filter(|_| *for_label == index).unwrap_or(FieldKind::Text);
        let kind_label = ui.label("holding");
        egui::ComboBox::from_id_salt(("new-field-kind", index))
            .selected_text(kind_name(chosen))
            .show_ui(ui, |ui| {
                for option in [
                    FieldKind::Text,
                    FieldKind::Date,
                    FieldKind::Url,
                    FieldKind::Rating,
                ] {
                    if ui.selectable_label(option == chosen, kind_name(option)).clicked() {
                        *for_label = index;
                        *kind = Some(option);
                    }
                }
            })
            .response
            .labelled_by(kind_label.id);
        let name = new_field.1.trim().to_owned();
        let ready = new_field.0 == index && !name.is_empty();
        if ui.add_enabled(ready, egui::Button::new("Add field")).clicked() {
            let key: String = name
                .to_lowercase()
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect();
            if label.fields.iter().all(|f| f.key != key) {
                let mut changed = label.clone();
                changed.fields.push(FieldDef::new(&key, &name, chosen));
                commands.push(Command::Apply(Edit::UpdateLabel(changed)));
            }
            *new_field = (index, String::new(), None);
        }
    });
}
