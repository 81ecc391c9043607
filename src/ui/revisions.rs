//! The revisions window: what changed between an earlier text of a document and the next one
//! (inserted passages marked, deleted ones struck through, each with a little context), and the
//! annotations that change moved, sent to review or orphaned, each a click away.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, RichText, Stroke, Ui};

use super::command::Command;
use crate::model::anchor::Outcome;
use crate::model::revision::{Change, ChangeKind, changes_between};
use crate::model::text::shorten;
use crate::model::{DocId, Document, Project};

/// Characters of unchanged text shown on each side of a change.
const CONTEXT: usize = 40;

#[derive(Default)]
pub struct RevisionsWindow {
    /// The document shown, and which of its revisions (an index into `Document::revisions`).
    shown: Option<(DocId, usize)>,
    /// The changes computed for (document, revision, project generation).
    changes: Option<((DocId, usize, u64), Vec<Change>)>,
}

impl RevisionsWindow {
    pub fn open(&mut self, doc_id: DocId, revision: usize) {
        self.shown = Some((doc_id, revision));
    }

    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        generation: u64,
        commands: &mut Vec<Command>,
    ) {
        let Some((doc_id, chosen)) = self.shown.clone() else {
            return;
        };
        let Some(document) = project.document(&doc_id).filter(|d| !d.revisions.is_empty()) else {
            self.shown = None;
            return;
        };
        let chosen = chosen.min(document.revisions.len() - 1);
        let mut open = true;
        let mut choice = chosen;
        egui::Window::new("Changes between revisions")
            .open(&mut open)
            .default_width(560.0)
            .default_height(480.0)
            .show(ctx, |ui| {
                ui.strong(&document.title);
                choice = choose_ui(ui, document, chosen);
                let key = (doc_id.clone(), chosen, generation);
                if self.changes.as_ref().is_none_or(|(k, _)| k != &key) {
                    let (old, new) = texts(document, chosen);
                    self.changes = Some((key, changes_between(old, new)));
                }
                let changes = self.changes.as_ref().map_or(&[][..], |(_, c)| c.as_slice());
                let (_, new) = texts(document, chosen);
                changes_ui(ui, new, changes);
                ui.separator();
                annotations_ui(ui, project, document, chosen, commands);
            });
        self.shown = open.then_some((doc_id, choice));
    }
}

/// The earlier text of revision `chosen` and the text that replaced it.
fn texts(document: &Document, chosen: usize) -> (&str, &str) {
    let old = document.revisions[chosen].text.as_str();
    let new = document
        .revisions
        .get(chosen + 1)
        .map_or(document.text.as_str(), |r| r.text.as_str());
    (old, new)
}

fn choose_ui(ui: &mut Ui, document: &Document, chosen: usize) -> usize {
    let count = document.revisions.len() + 1;
    let name = |i: usize| {
        let replaced = document.revisions[i].replaced;
        format!("Revision {} of {count} (replaced {replaced})", i + 1)
    };
    let next = if chosen + 2 == count {
        "the current text".to_owned()
    } else {
        format!("revision {}", chosen + 2)
    };
    let mut choice = chosen;
    ui.horizontal(|ui| {
        let label = ui.label("From");
        egui::ComboBox::from_id_salt("revision-choice")
            .selected_text(name(chosen))
            .show_ui(ui, |ui| {
                for i in 0..document.revisions.len() {
                    ui.selectable_value(&mut choice, i, name(i));
                }
            })
            .response
            .labelled_by(label.id);
        ui.label(format!("to {next}"));
    });
    choice
}

fn changes_ui(ui: &mut Ui, new: &str, changes: &[Change]) {
    let inserted = changes.iter().filter(|c| c.kind == ChangeKind::Inserted).count();
    let deleted = changes.len() - inserted;
    ui.label(format!("{inserted} passage(s) inserted, {deleted} deleted"));
    let chars: Vec<char> = new.chars().collect();
    let body = egui::TextStyle::Body.resolve(ui.style());
    let plain = TextFormat::simple(body.clone(), ui.visuals().text_color());
    let weak = TextFormat::simple(body.clone(), ui.visuals().weak_text_color());
    let insert = TextFormat {
        background: Color32::from_rgba_unmultiplied(0x00, 0x9E, 0x73, 90),
        underline: Stroke::new(1.5, Color32::from_rgb(0x00, 0x9E, 0x73)),
        ..plain.clone()
    };
    let delete = TextFormat {
        strikethrough: Stroke::new(1.5, Color32::from_rgb(0xD5, 0x5E, 0x00)),
        color: Color32::from_rgb(0xD5, 0x5E, 0x00),
        ..plain.clone()
    };
    let slice = |from: usize, to: usize| {
        chars[from.min(chars.len())..to.min(chars.len())]
            .iter()
            .collect::<String>()
    };
    egui::ScrollArea::vertical()
        .id_salt("revision-changes")
        .max_height(ui.available_height() * 0.6)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            // Changes close together share one excerpt.
            let mut i = 0;
            while i < changes.len() {
                let mut j = i + 1;
                let end_of = |c: &Change| c.at + reach(c);
                while j < changes.len() && changes[j].at <= end_of(&changes[j - 1]) + 2 * CONTEXT {
                    j += 1;
                }
                let group = &changes[i..j];
                let mut job = LayoutJob::default();
                let start = group[0].at;
                let context_start = start.saturating_sub(CONTEXT);
                job.append(if context_start > 0 { "…" } else { "" }, 0.0, weak.clone());
                job.append(&slice(context_start, start), 0.0, plain.clone());
                let mut cursor = start;
                for change in group {
                    job.append(&slice(cursor, change.at), 0.0, plain.clone());
                    let format = match change.kind {
                        ChangeKind::Inserted => insert.clone(),
                        ChangeKind::Deleted => delete.clone(),
                    };
                    job.append(&shorten(&change.text, 400), 0.0, format);
                    cursor = change.at.max(cursor) + reach(change);
                }
                job.append(&slice(cursor, cursor + CONTEXT), 0.0, plain.clone());
                job.append(
                    if cursor + CONTEXT < chars.len() { "…" } else { "" },
                    0.0,
                    weak.clone(),
                );
                job.wrap.max_width = ui.available_width();
                ui.label(job);
                ui.separator();
                i = j;
            }
            if changes.is_empty() {
                ui.weak("The two texts are the same.");
            }
        });
}

/// How far a change reaches in the new text.
fn reach(change: &Change) -> usize {
    match change.kind {
        ChangeKind::Inserted => change.text.chars().count(),
        ChangeKind::Deleted => 0,
    }
}

/// The annotations the replacement did not carry over exactly; a click selects one.
fn annotations_ui(
    ui: &mut Ui,
    project: &Project,
    document: &Document,
    chosen: usize,
    commands: &mut Vec<Command>,
) {
    let changes = &document.revisions[chosen].changes;
    ui.strong(format!(
        "Annotations this change moved, sent to review or orphaned: {}",
        changes.len()
    ));
    egui::ScrollArea::vertical()
        .id_salt("revision-annotations")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for change in changes {
                let (before, after) = (change.before, change.after);
                let Some(annotation) = project.annotation(&change.annotation) else {
                    ui.weak(format!("{}: an annotation since deleted", change.outcome.name()));
                    continue;
                };
                let text = format!(
                    "{}: “{}”  ({}..{} › {}..{})",
                    change.outcome.name(),
                    shorten(&annotation.quote.exact, 60),
                    before.0,
                    before.1,
                    after.0,
                    after.1
                );
                // What the user did with it since, when that differs from the outcome.
                let now = match (change.outcome, annotation.orphaned, annotation.review.is_some()) {
                    (Outcome::Orphaned, true, _) | (Outcome::NeedsReview, false, true) => "",
                    (_, true, _) => " — orphaned since",
                    (_, false, true) => " — needs review",
                    (Outcome::NeedsReview | Outcome::Orphaned, false, false) => " — placed since",
                    _ => "",
                };
                if ui
                    .link(RichText::new(format!("{text}{now}")))
                    .on_hover_text("Select it in the text")
                    .clicked()
                {
                    commands.push(Command::Select(Some(annotation.id.clone())));
                }
            }
            if changes.is_empty() {
                ui.weak("Every annotation kept its words.");
            }
        });
}
