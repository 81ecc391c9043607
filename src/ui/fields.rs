//! The inspector's extra sections for the selected annotation: its label's fields (a claim's
//! verdict, claimant, date, address) and its links to other annotations.

use egui::Ui;

use super::command::Command;
use super::draft::{self, Drafts, Typed};
use super::inspector::{self, Target};
use super::view::View;
use crate::model::text::shorten;
use crate::model::{Annotation, Edit, FieldDef, FieldKind, Project, annotation::now};

/// The fields of the annotation's label, each showing the annotation's value unless it is being
/// typed in; a value that fails its check stays in its field with the reason under it.
pub fn fields_ui(
    ui: &mut Ui,
    project: &Project,
    annotation: &Annotation,
    drafts: &mut Drafts<Target>,
    commands: &mut Vec<Command>,
) {
    let Some(label) = project.label(&annotation.label) else {
        return;
    };
    if label.fields.is_empty() {
        return;
    }
    egui::Grid::new("annotation-fields")
        .num_columns(2)
        .show(ui, |ui| {
            for field in &label.fields {
                let name = ui.label(&field.name);
                let key = Target::Field(annotation.id.clone(), field.key.clone());
                match field.kind {
                    FieldKind::Rating => {
                        let scale = &project.settings.rating_scale;
                        choice_ui(ui, annotation, field, scale, name.id, commands)
                    }
                    _ if !field.choices.is_empty() => {
                        choice_ui(ui, annotation, field, &field.choices, name.id, commands)
                    }
                    _ => text_ui(ui, project, annotation, field, name.id, drafts, commands),
                }
                ui.end_row();
                if let Some(error) = drafts.error(&key) {
                    ui.label("");
                    ui.colored_label(ui.visuals().error_fg_color, error);
                    ui.end_row();
                }
            }
        });
}

fn text_ui(
    ui: &mut Ui,
    project: &Project,
    annotation: &Annotation,
    field: &FieldDef,
    name: egui::Id,
    drafts: &mut Drafts<Target>,
    commands: &mut Vec<Command>,
) {
    let hint = match field.kind {
        FieldKind::Date => "YYYY-MM-DD",
        FieldKind::Url => "https://…",
        _ => "",
    };
    let key = Target::Field(annotation.id.clone(), field.key.clone());
    let current = annotation.fields.get(&field.key).map_or("", String::as_str);
    let shown = drafts.field(ui, key, current, |text| {
        egui::TextEdit::singleline(text)
            .hint_text(hint)
            .desired_width(160.0)
    });
    shown.response.labelled_by(name);
    if let Some(typed) = shown.typed {
        inspector::commit(drafts, ui.ctx(), project, typed, commands);
    }
}

/// Commits a value typed into a field, if it changed and passes the field's check; otherwise it
/// stays in the field with the reason.
pub fn commit_field(
    drafts: &mut Drafts<Target>,
    ctx: &egui::Context,
    project: &Project,
    typed: Typed<Target>,
    commands: &mut Vec<Command>,
) {
    let Target::Field(annotation_id, key) = &typed.key else {
        return;
    };
    let Some(annotation) = project.annotation(annotation_id) else {
        return; // gone meanwhile (undone, deleted)
    };
    let field = project
        .label(&annotation.label)
        .and_then(|label| label.fields.iter().find(|f| &f.key == key));
    let Some(field) = field else {
        return; // relabelled meanwhile: its label has no such field
    };
    let value = typed.text.trim().to_owned();
    let current = annotation.fields.get(key).map_or("", String::as_str);
    if value == current {
        drafts.accept(&typed.key);
        return;
    }
    if !value.is_empty()
        && let Err(error) = field.check(&value, &project.settings.rating_scale)
    {
        drafts.reject(ctx, typed, current, error);
        return;
    }
    drafts.accept(&typed.key);
    draft::queue(
        commands,
        set_field(annotation, field, (!value.is_empty()).then_some(value)),
    );
}

fn set_field(annotation: &Annotation, field: &FieldDef, value: Option<String>) -> Command {
    Command::Apply(Edit::SetField {
        annotation_id: annotation.id.clone(),
        key: field.key.clone(),
        value,
        modified: now(),
    })
}

/// A field with a closed set of values: the verdict on the rating scale, the claimant's type.
fn choice_ui(
    ui: &mut Ui,
    annotation: &Annotation,
    field: &FieldDef,
    choices: &[String],
    name: egui::Id,
    commands: &mut Vec<Command>,
) {
    let current = annotation.fields.get(&field.key);
    egui::ComboBox::from_id_salt(("field", &field.key))
        .selected_text(current.map_or("—", String::as_str))
        .show_ui(ui, |ui| {
            if ui.selectable_label(current.is_none(), "—").clicked() && current.is_some() {
                commands.push(set_field(annotation, field, None));
            }
            for choice in choices {
                let chosen = current == Some(choice);
                if ui.selectable_label(chosen, choice).clicked() && !chosen {
                    commands.push(set_field(annotation, field, Some(choice.clone())));
                }
            }
        })
        .response
        .labelled_by(name);
}

/// The links from and to the selected annotation, and buttons to add one.
pub fn links_ui(
    ui: &mut Ui,
    project: &Project,
    annotation: &Annotation,
    view: &View,
    commands: &mut Vec<Command>,
) {
    ui.strong("Links");
    let mut any = false;
    for link in project.links_of(&annotation.id) {
        any = true;
        let outgoing = link.from == annotation.id;
        let other_id = if outgoing { &link.to } else { &link.from };
        let Some(other) = project.annotation(other_id) else {
            continue;
        };
        ui.horizontal_wrapped(|ui| {
            let quote = format!("“{}”", shorten(&other.quote.exact, 50));
            if outgoing {
                ui.weak(&link.kind);
            }
            if ui.link(quote).on_hover_text("Select it").clicked() {
                commands.push(Command::Select(Some(other_id.clone())));
            }
            if !outgoing {
                ui.weak(format!("is {} this", link.kind.replace(" by", "")));
            }
            if ui
                .small_button("Remove")
                .on_hover_text("Remove this link")
                .clicked()
            {
                commands.push(Command::Apply(Edit::RemoveLink(link.id.clone())));
            }
        });
    }
    if !any {
        ui.weak("No links yet.");
    }
    if let Some((_, kind)) = &view.linking {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("Click the highlight this is {kind} (Esc cancels)."),
        );
        return;
    }
    ui.horizontal_wrapped(|ui| {
        for kind in &project.settings.link_types {
            if ui
                .button(format!("{kind}…"))
                .on_hover_text("Then click the highlight to link to (L starts the first kind)")
                .clicked()
            {
                commands.push(Command::StartLink(Some(kind.clone())));
            }
        }
    });
}
