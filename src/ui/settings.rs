//! Edit → Project settings…: the rating scale, link types, the publisher named in ClaimReview,
//! the instructions of an exercise, the external scorer for suggestions (its command, and whether
//! its scores replace the built-in model's or are averaged with them), and the extra fields each
//! label declares. Every change is
//! one undoable edit.

use egui::Ui;

use super::command::Command;
use super::draft::{self, Drafts, Typed};
use crate::model::fields::ScorerUse;
use crate::model::{Edit, FieldDef, FieldKind, Label, LabelId, Project, Settings};

/// The dialog shows the project's settings as they are: each field applies when the user leaves
/// it (one undoable edit), so an undo, a redo or an opened project shows at once, and nothing
/// typed is held back behind a form.
#[derive(Default)]
pub struct SettingsDialog {
    pub open: bool,
    /// The setting being typed in.
    drafts: Drafts<Setting>,
    /// The field being added to a label: a small form, since it makes something new.
    new_field: Option<NewField>,
}

struct NewField {
    label: LabelId,
    name: String,
    kind: FieldKind,
}

/// The settings edited as text; lists one item per line.
#[derive(Clone, Copy, Debug, Hash, PartialEq)]
enum Setting {
    RatingScale,
    Unrated,
    LinkTypes,
    Publisher,
    PublisherUrl,
    Instructions,
    Scorer,
}

impl Setting {
    /// In the order shown.
    const ALL: [Setting; 7] = [
        Setting::RatingScale,
        Setting::Unrated,
        Setting::LinkTypes,
        Setting::Publisher,
        Setting::PublisherUrl,
        Setting::Instructions,
        Setting::Scorer,
    ];

    fn title(self) -> &'static str {
        match self {
            Setting::RatingScale => "Rating scale, best first (one per line)",
            Setting::Unrated => "Verdicts that rate nothing (one per line)",
            Setting::LinkTypes => "Link types (one per line)",
            Setting::Publisher => "Publisher",
            Setting::PublisherUrl => "Publisher address",
            Setting::Instructions => "Instructions for students",
            Setting::Scorer => "Scorer for suggestions",
        }
    }

    fn hint(self) -> &'static str {
        match self {
            Setting::RatingScale => "True\nMostly true\n…",
            Setting::Unrated => "Unverifiable",
            Setting::LinkTypes => "supported by\ncontradicted by\ncites",
            Setting::Publisher => "the organisation publishing the fact-checks",
            Setting::PublisherUrl => "https://…",
            Setting::Instructions => "shown when the project is opened",
            Setting::Scorer => "a command (JSON lines in and out); empty for none",
        }
    }

    /// Lists and the instructions take several lines; the publisher's name and address one.
    fn multiline(self) -> bool {
        !matches!(self, Setting::Publisher | Setting::PublisherUrl | Setting::Scorer)
    }

    /// The setting as its field shows it.
    fn text(self, settings: &Settings) -> String {
        match self {
            Setting::RatingScale => settings.rating_scale.join("\n"),
            Setting::Unrated => settings.unrated.join("\n"),
            Setting::LinkTypes => settings.link_types.join("\n"),
            Setting::Publisher => settings.publisher.clone(),
            Setting::PublisherUrl => settings.publisher_url.clone(),
            Setting::Instructions => settings.instructions.clone(),
            Setting::Scorer => settings.scorer.clone(),
        }
    }

    /// `settings` with this setting read from its field's text.
    fn set(self, mut settings: Settings, text: &str) -> Settings {
        let lines = || {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let line = text.trim().to_owned();
        match self {
            Setting::RatingScale => settings.rating_scale = lines(),
            Setting::Unrated => settings.unrated = lines(),
            Setting::LinkTypes => settings.link_types = lines(),
            Setting::Publisher => settings.publisher = line,
            Setting::PublisherUrl => settings.publisher_url = line,
            Setting::Instructions => settings.instructions = line,
            Setting::Scorer => settings.scorer = line,
        }
        settings
    }
}

impl SettingsDialog {
    pub fn ui(&mut self, ctx: &egui::Context, project: &Project, commands: &mut Vec<Command>) {
        if self.open {
            let mut open = true;
            egui::Window::new("Project settings")
                .open(&mut open)
                .default_width(520.0)
                .default_pos(egui::pos2(340.0, 40.0))
                .default_height(600.0)
                .show(ctx, |ui| {
                    // Above the scrolled part, so it is always in view.
                    if ui
                        .add_enabled(self.drafts.is_typing(), egui::Button::new("Apply settings"))
                        .on_hover_text(
                            "A setting applies when you leave its field; this applies the one being typed",
                        )
                        .clicked()
                    {
                        self.drafts.release(ctx);
                    }
                    ui.separator();
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        self.settings_ui(ui, project, commands);
                        ui.separator();
                        fields_ui(ui, project, &mut self.new_field, commands);
                    });
                });
            self.open = open;
        }
        if let Some(typed) = self.drafts.end_frame(ctx, commands) {
            commit(project, typed, commands);
        }
    }

    fn settings_ui(&mut self, ui: &mut Ui, project: &Project, commands: &mut Vec<Command>) {
        for setting in Setting::ALL {
            let current = setting.text(&project.settings);
            let hint = setting.hint();
            let shown = if setting.multiline() {
                let label = ui.label(setting.title());
                let shown = self.drafts.field(ui, setting, &current, |text| {
                    egui::TextEdit::multiline(text)
                        .desired_rows(3)
                        .desired_width(f32::INFINITY)
                        .hint_text(hint)
                });
                shown.response.labelled_by(label.id);
                shown.typed
            } else {
                ui.horizontal(|ui| {
                    let label = ui.label(setting.title());
                    let shown = self.drafts.field(ui, setting, &current, |text| {
                        egui::TextEdit::singleline(text)
                            .hint_text(hint)
                            .desired_width(300.0)
                    });
                    shown.response.labelled_by(label.id);
                    shown.typed
                })
                .inner
            };
            if let Some(typed) = shown {
                commit(project, typed, commands);
            }
            if setting == Setting::Scorer {
                scorer_use_ui(ui, project, commands);
            }
        }
    }
}

/// Applies what was typed into a setting's field, to the settings as they are now.
fn commit(project: &Project, typed: Typed<Setting>, commands: &mut Vec<Command>) {
    let settings = typed.key.set(project.settings.clone(), &typed.text);
    if settings != project.settings {
        draft::queue(commands, Command::Apply(Edit::SetSettings(settings)));
    }
}

/// Whether the scorer's scores replace the built-in model's or are averaged with them.
fn scorer_use_ui(ui: &mut Ui, project: &Project, commands: &mut Vec<Command>) {
    let current = project.settings.scorer_use;
    ui.add_enabled_ui(!project.settings.scorer.trim().is_empty(), |ui| {
        ui.horizontal(|ui| {
            ui.label("Its scores");
            for (option, text, hover) in [
                (
                    ScorerUse::Instead,
                    "instead of the built-in model",
                    "The scorer's scores alone",
                ),
                (ScorerUse::Together, "together with it", "The mean of both scores"),
            ] {
                if ui.radio(current == option, text).on_hover_text(hover).clicked() && current != option {
                    let mut settings = project.settings.clone();
                    settings.scorer_use = option;
                    commands.push(Command::Apply(Edit::SetSettings(settings)));
                }
            }
        });
    });
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
fn fields_ui(ui: &mut Ui, project: &Project, new_field: &mut Option<NewField>, commands: &mut Vec<Command>) {
    // A field being added to a label that went meanwhile (undo, another view) goes with it.
    if new_field
        .as_ref()
        .is_some_and(|f| project.label(&f.label).is_none())
    {
        *new_field = None;
    }
    ui.strong("Fields of each label");
    for label in project.labels() {
        ui.label(&label.name);
        ui.indent(("fields", &label.id), |ui| {
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
            add_field_ui(ui, label, new_field, commands);
        });
    }
}

fn add_field_ui(ui: &mut Ui, label: &Label, new_field: &mut Option<NewField>, commands: &mut Vec<Command>) {
    ui.horizontal(|ui| {
        let (mut name, chosen) = match new_field.as_ref().filter(|f| f.label == label.id) {
            Some(field) => (field.name.clone(), field.kind),
            None => (String::new(), FieldKind::Text),
        };
        let field_label = ui.label("New field");
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut name)
                    .id_salt(("new-field", &label.id))
                    .hint_text("name")
                    .desired_width(140.0),
            )
            .labelled_by(field_label.id);
        let mut kind = chosen;
        let kind_label = ui.label("holding");
        egui::ComboBox::from_id_salt(("new-field-kind", &label.id))
            .selected_text(kind_name(chosen))
            .show_ui(ui, |ui| {
                for option in [
                    FieldKind::Text,
                    FieldKind::Date,
                    FieldKind::Url,
                    FieldKind::Rating,
                ] {
                    if ui.selectable_label(option == chosen, kind_name(option)).clicked() {
                        kind = option;
                    }
                }
            })
            .response
            .labelled_by(kind_label.id);
        if response.changed() || kind != chosen {
            *new_field = Some(NewField {
                label: label.id.clone(),
                name: name.clone(),
                kind,
            });
        }
        let name = name.trim().to_owned();
        if ui
            .add_enabled(!name.is_empty(), egui::Button::new("Add field"))
            .clicked()
        {
            let key: String = name
                .to_lowercase()
                .chars()
                .map(|c| if c.is_alphanumeric() { c } else { '_' })
                .collect();
            if label.fields.iter().all(|f| f.key != key) {
                let mut changed = label.clone();
                changed.fields.push(FieldDef::new(&key, &name, kind));
                commands.push(Command::Apply(Edit::UpdateLabel(changed)));
            }
            *new_field = None;
        }
    });
}
