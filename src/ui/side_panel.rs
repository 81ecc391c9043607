//! The side panel: the project's documents, the filter, and the annotations that pass it.

use egui::{Color32, RichText, Sense, Ui, vec2};

use super::canvas::bidi::{display_order, first_strong};
use super::canvas::to_color32;
use super::command::Command;
use super::view::View;
use crate::model::text::shorten;
use crate::model::{Annotation, Project, Query};

/// The id of the search box, so Ctrl+F can give it the keyboard.
pub const SEARCH_ID: &str = "filter-search";
const ROW_HEIGHT: f32 = 44.0;

#[derive(Default)]
pub struct SidePanel {
    /// Indices into `Project::annotations` of the rows shown.
    rows: Vec<usize>,
    rows_for: Option<(u64, Query)>,
    /// The selected annotation the list last scrolled to, so a new selection (N/P, a click on the
    /// text) brings its row into view once, and the user can scroll away from it.
    revealed: Option<crate::model::AnnotationId>,
}

impl SidePanel {
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        project: &Project,
        generation: u64,
        view: &mut View,
        commands: &mut Vec<Command>,
    ) {
        documents_ui(ui, project, view, commands);
        ui.separator();
        filter_ui(ui, project, view);
        ui.separator();
        self.refresh(project, generation, view);
        ui.label(format!(
            "{} of {} annotation(s)",
            self.rows.len(),
            project.annotations().len()
        ));
        self.list_ui(ui, project, view, commands);
    }

    fn refresh(&mut self, project: &Project, generation: u64, view: &View) {
        let mut query = view.query.clone();
        query.document = if view.all_documents {
            None
        } else {
            view.doc_id.clone()
        };
        if self.rows_for.as_ref() == Some(&(generation, query.clone())) {
            return;
        }
        self.rows = query.positions(project);
        self.rows_for = Some((generation, query));
    }

    fn list_ui(&mut self, ui: &mut Ui, project: &Project, view: &View, commands: &mut Vec<Command>) {
        let mut list = egui::ScrollArea::vertical()
            .id_salt("annotation-list")
            .auto_shrink(false);
        if self.revealed != view.selected {
            self.revealed = view.selected.clone();
            let row = view
                .selected
                .as_ref()
                .and_then(|id| self.rows.iter().position(|&i| &project.annotations()[i].id == id));
            if let Some(row) = row {
                let spacing = ui.spacing().item_spacing.y;
                let top = row as f32 * (ROW_HEIGHT + spacing);
                let height = ui.available_height();
                let id = ui.make_persistent_id("annotation-list");
                let offset =
                    egui::scroll_area::State::load(ui.ctx(), id).map_or(0.0, |s| s.clamped_offset().y);
                // Only a row out of sight moves the list: a click on a visible row never does.
                if top < offset || top + ROW_HEIGHT > offset + height {
                    list = list.vertical_scroll_offset((top - height / 2.0).max(0.0));
                }
            }
        }
        list.show_rows(ui, ROW_HEIGHT, self.rows.len(), |ui, visible| {
            for &i in &self.rows[visible] {
                let annotation = &project.annotations()[i];
                let colour = project
                    .label(&annotation.label)
                    .map_or(egui::Color32::GRAY, |l| to_color32(l.color));
                let selected = view.selected.as_ref() == Some(&annotation.id);
                if annotation_row_ui(ui, project, annotation, colour, selected).clicked() {
                    if view.doc_id.as_ref() != Some(&annotation.document) {
                        commands.push(Command::ShowDocument(annotation.document.clone()));
                    }
                    commands.push(Command::Select(Some(annotation.id.clone())));
                }
            }
        });
    }
}

/// One row: the label's colour, the quote, and the note's first line.
fn annotation_row_ui(
    ui: &mut Ui,
    project: &Project,
    annotation: &Annotation,
    colour: Color32,
    selected: bool,
) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::click());
    let quote = format!("“{}”", shorten(&annotation.quote.exact, 60));
    response.widget_info(|| egui::WidgetInfo::selected(egui::Role::Button, true, selected, &quote));
    let visuals = ui.style().interact_selectable(&response, selected);
    if selected || response.hovered() {
        ui.painter().rect_filled(rect, 3.0, visuals.weak_bg_fill);
    }
    let swatch = egui::Rect::from_min_size(rect.min + vec2(2.0, 4.0), vec2(5.0, ROW_HEIGHT - 8.0));
    ui.painter().rect_filled(swatch, 2.0, colour);
    let text_left = swatch.right() + 8.0;
    let width = (rect.right() - text_left - 4.0).max(10.0);
    // The verdict chip sits at the end of the note's line, which gives it room.
    let mut note_width = width;
    let verdict = super::verdict::verdict_of(project, annotation);
    let mut note = annotation.note.lines().next().unwrap_or("").to_owned();
    if annotation.orphaned {
        note = format!("⚠ orphaned  {note}");
    } else if annotation.review.is_some() {
        note = format!("needs review  {note}");
    }
    let weak = ui.visuals().weak_text_color();
    if let Some(verdict) = verdict {
        let font = egui::TextStyle::Small.resolve(ui.style());
        let top_right = egui::pos2(rect.right() - 4.0, rect.top() + ROW_HEIGHT / 2.0 + 2.0);
        note_width -=
            super::verdict::paint_chip(ui.painter(), &project.settings, verdict, top_right, font) + 6.0;
    }
    for (text, colour, y, width) in [
        (quote, visuals.text_color(), 3.0, width),
        (note, weak, ROW_HEIGHT / 2.0 + 1.0, note_width.max(10.0)),
    ] {
        // Right-to-left text is shown in its reading order and set against the right edge.
        let (galley, rtl) = match first_strong(&text) {
            Some(true) => (rtl_line(ui, &text, colour, width), true),
            _ => (one_line(ui, text, colour, width), false),
        };
        let left = if rtl {
            (text_left + width - galley.size().x).max(text_left)
        } else {
            text_left
        };
        ui.painter()
            .galley(egui::pos2(left, rect.top() + y), galley, colour);
    }
    response
}

/// A right-to-left line cut to `width` at its logical end (egui would cut the visual right end,
/// the start of the text): the words in visual order, an ellipsis where it was cut.
fn rtl_line(ui: &Ui, text: &str, colour: Color32, width: f32) -> std::sync::Arc<egui::Galley> {
    let chars = text.chars().count();
    let mut keep = chars;
    loop {
        let cut = if keep < chars {
            format!("{}…", text.chars().take(keep).collect::<String>())
        } else {
            text.to_owned()
        };
        let galley = one_line(ui, display_order(&cut), colour, f32::INFINITY);
        if galley.size().x <= width || keep <= 4 {
            return galley;
        }
        let fits = (keep as f32 * width / galley.size().x) as usize;
        keep = fits.min(keep - 1).max(4);
    }
}

/// A line of text cut to `width` with an ellipsis.
fn one_line(ui: &Ui, text: String, colour: Color32, width: f32) -> std::sync::Arc<egui::Galley> {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let mut job = egui::text::LayoutJob::simple_singleline(text, font, colour);
    job.wrap = egui::text::TextWrapping::truncate_at_width(width);
    ui.painter().layout_job(job)
}

fn documents_ui(ui: &mut Ui, project: &Project, view: &View, commands: &mut Vec<Command>) {
    ui.heading("Documents");
    for document in project.documents() {
        let current = view.doc_id.as_ref() == Some(&document.id);
        let count = project.annotations_of(&document.id).len();
        let text = format!("{}  ({count})", display_order(&shorten(&document.title, 40)));
        if ui
            .selectable_label(current, text)
            .on_hover_text(&document.title)
            .clicked()
            && !current
        {
            commands.push(Command::ShowDocument(document.id.clone()));
        }
    }
    if project.documents().is_empty() {
        ui.weak("No documents yet.");
    }
}

fn filter_ui(ui: &mut Ui, project: &Project, view: &mut View) {
    ui.heading("Annotations");
    ui.horizontal_wrapped(|ui| {
        for label in project.labels() {
            let on = view.query.labels.contains(&label.id);
            let count = project.count_with_label(&label.id);
            let text = RichText::new(format!("{} {count}", label.name));
            let button =
                egui::Button::selectable(on, text).stroke(egui::Stroke::new(2.0, to_color32(label.color)));
            if ui
                .add(button)
                .on_hover_text(format!("Show only {} (click again to clear)", label.name))
                .clicked()
            {
                if on {
                    view.query.labels.retain(|id| id != &label.id);
                } else {
                    view.query.labels.push(label.id.clone());
                }
            }
        }
    });
    let response = ui
        .horizontal(|ui| {
            let label = ui.label("Search");
            let search = egui::TextEdit::singleline(&mut view.query.text)
                .id(egui::Id::unique(SEARCH_ID))
                .hint_text("quotes and notes (Ctrl+Shift+F)")
                .desired_width(f32::INFINITY);
            ui.add(search).labelled_by(label.id)
        })
        .inner;
    if std::mem::take(&mut view.focus_filter) {
        response.request_focus();
    }
    ui.horizontal_wrapped(|ui| {
        ui.checkbox(&mut view.query.orphaned_only, "Orphaned only");
        // Only while some annotation waits for review (or the filter is on): most projects have none.
        let to_review = project.count_needing_review();
        if to_review > 0 || view.query.needs_review_only {
            ui.checkbox(
                &mut view.query.needs_review_only,
                format!("Needs review ({to_review})"),
            )
            .on_hover_text(
                "Placed approximately after the text changed: accept or orphan them (F8 steps through)",
            );
        }
        let conflicts = project.conflicts().len();
        if conflicts > 0 || view.query.conflicts_only {
            ui.checkbox(&mut view.query.conflicts_only, format!("Conflicts ({conflicts})"))
                .on_hover_text(
                    "Left by a merge: take our or their value in the inspector (F9 steps through)",
                );
        }
        ui.checkbox(&mut view.query.with_note_only, "With a note");
        ui.checkbox(&mut view.query.unlinked_only, "Without a link")
            .on_hover_text("Claims without a source: annotations no link starts or ends at");
        ui.checkbox(&mut view.query.without_verdict_only, "Without a verdict")
            .on_hover_text("Annotations whose label has a verdict field left empty");
        ui.checkbox(&mut view.all_documents, "All documents");
    });
    if view.query != Query::default() && ui.small_button("Clear filter").clicked() {
        view.query = Query::default();
    }
}
