//! The inspector: the selected annotation's label, note and details; or what to do next.

use egui::{RichText, Ui};

use super::canvas::to_color32;
use super::command::Command;
use super::draft::{self, Drafts, Typed};
use super::fields::{self, links_ui};
use super::view::View;
use crate::model::text::shorten;
use crate::model::{AnnotationId, Edit, Project, annotation::now};

/// The inspector's text fields. Each names its annotation, so what is typed for one annotation
/// is never shown on (or committed to) another.
#[derive(Clone, Debug, Hash, PartialEq)]
pub enum Target {
    Note(AnnotationId),
    /// A label field of the annotation, by key.
    Field(AnnotationId, String),
}

#[derive(Default)]
pub struct Inspector {
    /// The field being typed in; every field otherwise shows the project's value.
    drafts: Drafts<Target>,
}

impl Inspector {
    pub fn ui(&mut self, ui: &mut Ui, project: &Project, view: &View, commands: &mut Vec<Command>) {
        ui.horizontal(|ui| {
            ui.heading("Inspector");
            let selected = view.selected.as_ref().and_then(|id| project.annotation(id));
            if let Some(verdict) = selected.and_then(|a| super::verdict::verdict_of(project, a)) {
                super::verdict::chip_ui(ui, &project.settings, verdict);
            }
        });
        self.contents_ui(ui, project, view, commands);
        if let Some(typed) = self.drafts.end_frame(ui.ctx(), commands) {
            commit(&mut self.drafts, ui.ctx(), project, typed, commands);
        }
    }

    fn contents_ui(&mut self, ui: &mut Ui, project: &Project, view: &View, commands: &mut Vec<Command>) {
        let Some(annotation) = view.selected.as_ref().and_then(|id| project.annotation(id)) else {
            placing_ui(ui, project, view, commands);
            hints_ui(ui, project, view);
            if let Some(document) = view.doc_id.as_ref().and_then(|id| project.document(id)) {
                ui.separator();
                document_info_ui(ui, document, commands);
            }
            return;
        };
        let label_name = project
            .label(&annotation.label)
            .map_or(annotation.label.as_str(), |l| l.name.as_str());
        egui::ComboBox::from_label("Label")
            .selected_text(label_name)
            .show_ui(ui, |ui| {
                for label in project.labels() {
                    let text = RichText::new(&label.name).color(to_color32(label.color));
                    if ui.selectable_label(label.id == annotation.label, text).clicked()
                        && label.id != annotation.label
                    {
                        commands.push(Command::Apply(Edit::SetLabel {
                            annotation_id: annotation.id.clone(),
                            label_id: label.id.clone(),
                            modified: now(),
                        }));
                    }
                }
            });
        if let Some(agreed) = &annotation.agreed {
            ui.label(format!(
                "Agreed: {} ({} of {})",
                agreed.annotators.join(", "),
                agreed.annotators.len(),
                agreed.out_of
            ));
        }
        // A placement waiting for review comes first: it is what the user came for.
        review_ui(ui, annotation, commands);
        super::conflicts::inspector_ui(ui, project, annotation.id.as_str(), commands);
        let label = ui.label("Note");
        let note = self.drafts.field(
            ui,
            Target::Note(annotation.id.clone()),
            &annotation.note,
            |text| {
                egui::TextEdit::multiline(text)
                    .hint_text("Why it matters, what to check…")
                    .desired_rows(5)
                    .desired_width(f32::INFINITY)
            },
        );
        note.response.labelled_by(label.id);
        // egui's text field lays right-to-left words out left to right: beneath it, the note
        // as it reads.
        let typing = self.drafts.typing(&Target::Note(annotation.id.clone()));
        let shown = typing.unwrap_or(&annotation.note);
        if super::canvas::bidi::paragraph_direction(shown, crate::model::Direction::Auto).is_some() {
            ui.horizontal_wrapped(|ui| {
                ui.weak("Reads:");
                reading_order_label_ui(ui, shown.to_owned());
            });
        }
        if let Some(typed) = note.typed {
            commit(&mut self.drafts, ui.ctx(), project, typed, commands);
        }
        ui.add_space(6.0);
        fields::fields_ui(ui, project, annotation, &mut self.drafts, commands);
        ui.add_space(6.0);
        links_ui(ui, project, annotation, view, commands);
        ui.add_space(6.0);
        quote_ui(ui, &shorten(&annotation.quote.exact, 400));
        ui.weak(format!("characters {}..{}", annotation.start, annotation.end));
        if let Some(document) = project.document(&annotation.document) {
            if let Some(page) = document.page_at(annotation.start) {
                ui.weak(format!("page {page}"));
            }
            for link in document
                .links
                .iter()
                .filter(|l| l.start < annotation.end && annotation.start < l.end)
            {
                ui.hyperlink_to(format!("links to {}", shorten(&link.url, 60)), &link.url);
            }
        }
        ui.weak(format!("created {}", annotation.created));
        if annotation.modified != annotation.created {
            ui.weak(format!("modified {}", annotation.modified));
        }
        if annotation.orphaned {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                "Orphaned: its quote is no longer in the text.",
            );
            ui.weak(format!(
                "Select the text where it belongs, then press {} (Place on selection).",
                key_of(ui, &Command::PlaceOnSelection)
            ));
        }
        ui.add_space(6.0);
        if ui.button("Delete annotation (Del)").clicked() {
            commands.push(Command::DeleteSelected);
        }
    }
}

/// Commits what was typed into a field the user left, to the annotation it was typed for.
pub(super) fn commit(
    drafts: &mut Drafts<Target>,
    ctx: &egui::Context,
    project: &Project,
    typed: Typed<Target>,
    commands: &mut Vec<Command>,
) {
    let Target::Note(annotation_id) = &typed.key else {
        fields::commit_field(drafts, ctx, project, typed, commands);
        return;
    };
    // An annotation gone meanwhile (undone, deleted) has nothing to write to.
    if let Some(annotation) = project.annotation(annotation_id)
        && annotation.note != typed.text
    {
        draft::queue(
            commands,
            Command::Apply(Edit::SetNote {
                annotation_id: annotation.id.clone(),
                note: typed.text,
                modified: now(),
            }),
        );
    }
}

/// The shortcut of a command as the menus show it ("Ctrl+Enter").
fn key_of(ui: &Ui, command: &Command) -> String {
    super::command::shortcut_of(command).map_or_else(String::new, |s| ui.ctx().format_shortcut(&s))
}

/// A placement waiting for the user: the quote before and after, and what to do with it.
fn review_ui(ui: &mut Ui, annotation: &crate::model::Annotation, commands: &mut Vec<Command>) {
    let Some(review) = &annotation.review else {
        return;
    };
    ui.add_space(6.0);
    ui.group(|ui| {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("Needs review: placed with {}% confidence", review.score),
        );
        ui.weak("Quote before the text changed:");
        quote_ui(ui, &shorten(&review.previous, 400));
        ui.weak("Quote where it is now:");
        quote_ui(ui, &shorten(&annotation.quote.exact, 400));
        ui.horizontal_wrapped(|ui| {
            let accept = format!("Accept placement ({})", key_of(ui, &Command::AcceptPlacement));
            if ui.button(accept).clicked() {
                commands.push(Command::AcceptPlacement);
            }
            let orphan = format!("Mark orphaned ({})", key_of(ui, &Command::MarkOrphaned));
            if ui.button(orphan).clicked() {
                commands.push(Command::MarkOrphaned);
            }
        });
        ui.weak(format!(
            "Or select the right text and press {} to place it by hand.",
            key_of(ui, &Command::PlaceOnSelection)
        ));
    });
}

/// While an orphan is being put back: what the selection will give it.
fn placing_ui(ui: &mut Ui, project: &Project, view: &View, commands: &mut Vec<Command>) {
    let Some(annotation) = view.placing.as_ref().and_then(|id| project.annotation(id)) else {
        return;
    };
    let quote = annotation
        .review
        .as_ref()
        .map_or(annotation.quote.exact.as_str(), |r| r.previous.as_str());
    ui.group(|ui| {
        ui.strong("Putting back an annotation");
        quote_ui(ui, &shorten(quote, 200));
        let text = format!("Place on selection ({})", key_of(ui, &Command::PlaceOnSelection));
        let ready = view.selection.is_some() && view.doc_id.as_ref() == Some(&annotation.document);
        if ui.add_enabled(ready, egui::Button::new(text)).clicked() {
            commands.push(Command::PlaceOnSelection);
        }
        if !ready {
            ui.weak("Select the text where it belongs in its document.");
        }
    });
    ui.add_space(6.0);
}

/// Where the document came from and what the import kept of it.
fn document_info_ui(ui: &mut Ui, document: &crate::model::Document, commands: &mut Vec<Command>) {
    ui.strong("Document");
    // Rows wrap within the panel, so a long title or path never widens it.
    {
        let mut row = |name: &str, value: String| {
            ui.horizontal_wrapped(|ui| {
                ui.weak(name);
                reading_order_label_ui(ui, value);
            });
        };
        row("Title", document.title.clone());
        row("Characters", document.text.char_len().to_string());
        if let Some(author) = &document.author {
            row("Author", author.clone());
        }
        if let Some(published) = &document.published {
            row("Published", published.clone());
        }
        if let Some(url) = &document.url {
            row("Address", url.clone());
        }
        if let Some(source) = &document.source {
            row("Imported from", source.original.clone());
            row("Format", source.format.clone());
            if let Some(encoding) = &source.encoding {
                row("Encoding", encoding.clone());
            }
            row("Imported", source.imported.to_string());
        }
        if !document.sha256.is_empty() {
            row("SHA-256", shorten(&document.sha256, 16));
        }
        if !document.pages.is_empty() {
            row("Pages", document.pages.len().to_string());
        }
        if !document.links.is_empty() {
            row("Links", document.links.len().to_string());
        }
    }
    if !document.revisions.is_empty() {
        let count = document.revisions.len() + 1;
        let text = format!("Revision {count} of {count}: show changes");
        if ui
            .button(text)
            .on_hover_text("What the last re-import changed, and the annotations it moved")
            .clicked()
        {
            commands.push(Command::ShowRevisions(Some(document.id.clone())));
        }
    }
}

fn hints_ui(ui: &mut Ui, project: &Project, view: &View) {
    if let Some(selection) = view.selection {
        ui.label(format!("Selected {} characters.", selection.len()));
        ui.label("Press a label's key or click it in the palette to mark the span:");
        for label in project.labels() {
            let key = label.hotkey.as_deref().unwrap_or("–");
            ui.label(RichText::new(format!("{key}  {}", label.name)).color(to_color32(label.color)));
        }
        return;
    }
    ui.weak("Drag over the text to select a span (Alt for exact characters, double-click for a word), then press a label's key.");
    ui.weak("Click a highlight to select it; N and P move between annotations.");
}

/// A label in its reading order (right to left where its text is).
fn reading_order_label_ui(ui: &mut Ui, text: String) {
    let format = egui::TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: ui.visuals().text_color(),
        ..Default::default()
    };
    if super::canvas::bidi::rtl_label_ui(ui, &text, format).is_none() {
        ui.label(text);
    }
}

/// A quote in italics between quotation marks, in its reading order (right to left where its
/// text is).
pub fn quote_ui(ui: &mut Ui, quote: &str) {
    let text = format!("“{quote}”");
    let format = egui::TextFormat {
        font_id: egui::TextStyle::Body.resolve(ui.style()),
        color: ui.visuals().text_color(),
        italics: true,
        ..Default::default()
    };
    if super::canvas::bidi::rtl_label_ui(ui, &text, format).is_none() {
        ui.label(RichText::new(text).italics());
    }
}
