//! The find bar (Ctrl+F): a search over the text of the current document or of every document,
//! with its hits highlighted on the canvas, stepped through with Enter / Shift+Enter, listed with
//! their context in the side panel, and labelled all at once (one undoable step).
//!
//! Hits are derived data: recomputed from the project whenever it or the search changes, never
//! edited. The current hit is kept as a place (document and range), not as an index into them.

use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};

use super::canvas::{Overlay, to_color32};
use super::command::Command;
use crate::model::find::{FindOptions, Finder, context};
use crate::model::{CharRange, DocId, Project};

/// Hits listed in the side panel at most (the count is always exact).
const LISTED: usize = 500;

/// What the hits were computed for; any difference recomputes them.
#[derive(Clone, PartialEq)]
struct Search {
    pattern: String,
    options: FindOptions,
    /// `None` searches every document.
    document: Option<DocId>,
    generation: u64,
}

#[derive(Default)]
pub struct FindBar {
    open: bool,
    /// Give the search field the keyboard on the next frame.
    focus: bool,
    pattern: String,
    options: FindOptions,
    all_documents: bool,
    computed: Option<Search>,
    /// Hits per document, in the project's document order; only documents with hits.
    hits: Vec<(DocId, Vec<CharRange>)>,
    error: Option<String>,
    current: Option<(DocId, CharRange)>,
}

impl FindBar {
    pub fn open(&mut self) {
        self.open = true;
        self.focus = true;
    }

    pub fn close(&mut self) -> bool {
        std::mem::take(&mut self.open)
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Recomputes the hits if the project, the document or the search changed.
    pub fn refresh(&mut self, project: &Project, generation: u64, doc_id: Option<&DocId>) {
        let search = Search {
            pattern: if self.open {
                self.pattern.clone()
            } else {
                String::new()
            },
            options: self.options,
            document: if self.all_documents { None } else { doc_id.cloned() },
            generation,
        };
        if self.computed.as_ref() == Some(&search) {
            return;
        }
        self.hits.clear();
        self.error = None;
        match Finder::new(&search.pattern, search.options) {
            Err(error) => self.error = Some(error.to_string()),
            Ok(finder) => {
                let documents = project
                    .documents()
                    .iter()
                    .filter(|doc| search.document.as_ref().is_none_or(|id| id == &doc.id));
                for document in documents {
                    let hits = finder.find_all(&document.text);
                    if !hits.is_empty() {
                        self.hits.push((document.id.clone(), hits));
                    }
                }
            }
        }
        self.computed = Some(search);
    }

    pub fn count(&self) -> usize {
        self.hits.iter().map(|(_, hits)| hits.len()).sum()
    }

    /// The hits to draw on `doc_id`'s text.
    pub fn overlay(&self, doc_id: Option<&DocId>) -> Overlay<'_> {
        let Some((_, hits)) = self.hits.iter().find(|(id, _)| Some(id) == doc_id) else {
            return Overlay::default();
        };
        let current = self
            .current
            .as_ref()
            .filter(|(id, _)| Some(id) == doc_id)
            .and_then(|(_, range)| hits.binary_search(range).ok());
        Overlay {
            hits,
            current,
            versions: &[],
            suggestions: &[],
        }
    }

    /// Every hit, with its document, for "label all".
    pub fn all_hits(&self) -> Vec<crate::model::find::Hit> {
        self.hits
            .iter()
            .flat_map(|(doc_id, hits)| {
                hits.iter().map(|&range| crate::model::find::Hit {
                    doc_id: doc_id.clone(),
                    range,
                })
            })
            .collect()
    }

    /// The next (or previous) hit after the current one, or after `caret` in `doc_id`; it becomes
    /// the current hit.
    pub fn step(
        &mut self,
        forward: bool,
        doc_id: Option<&DocId>,
        caret: Option<usize>,
    ) -> Option<(DocId, CharRange)> {
        let flat: Vec<(usize, CharRange)> = self
            .hits
            .iter()
            .enumerate()
            .flat_map(|(d, (_, hits))| hits.iter().map(move |&range| (d, range)))
            .collect();
        if flat.is_empty() {
            return None;
        }
        let place_of = |doc_id: &DocId| self.hits.iter().position(|(id, _)| id == doc_id);
        // Where we are: the current hit, else the caret (before the first hit of its document).
        let here = match &self.current {
            Some((id, range)) => place_of(id).map(|d| (d, *range, true)),
            None => doc_id.and_then(place_of).map(|d| {
                let at = caret.unwrap_or(0);
                (d, CharRange::new(at, at), false)
            }),
        };
        let next = match here {
            None if forward => 0,
            None => flat.len() - 1,
            Some((d, range, exact)) => {
                let after = flat.partition_point(|&(hd, hr)| (hd, hr) < (d, range));
                let at = flat.get(after).is_some_and(|&(hd, hr)| (hd, hr) == (d, range));
                match (forward, exact && at) {
                    (true, true) => (after + 1) % flat.len(),
                    (true, false) => after % flat.len(),
                    (false, _) => after.checked_sub(1).unwrap_or(flat.len() - 1),
                }
            }
        };
        let (d, range) = flat[next];
        let place = (self.hits[d].0.clone(), range);
        self.current = Some(place.clone());
        Some(place)
    }

    /// "3 of 17": the current hit's place among all hits.
    fn position_text(&self) -> String {
        let total = self.count();
        let index = self.current.as_ref().and_then(|(doc_id, range)| {
            let d = self.hits.iter().position(|(id, _)| id == doc_id)?;
            let within = self.hits[d].1.binary_search(range).ok()?;
            Some(self.hits[..d].iter().map(|(_, h)| h.len()).sum::<usize>() + within + 1)
        });
        match (index, total) {
            (_, 0) => "no match".to_owned(),
            (Some(i), n) => format!("{i} of {n}"),
            (None, n) => format!("{n} match(es)"),
        }
    }

    /// The bar above the document.
    pub fn ui(&mut self, ui: &mut Ui, project: &Project, commands: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        for (n, _) in project.labels().iter().enumerate().take(9) {
            let key = Key::from_name(&(n + 1).to_string()).unwrap_or(Key::Num1);
            if ui.input_mut(|i| i.consume_shortcut(&KeyboardShortcut::new(Modifiers::COMMAND, key))) {
                commands.push(Command::LabelAllHitsNth(n));
            }
        }
        let id = egui::Id::unique("find-field");
        if std::mem::take(&mut self.focus) {
            // Focused before it is drawn, so the first keys typed after Ctrl+F reach it.
            ui.memory_mut(|memory| memory.request_focus(id));
        }
        ui.horizontal(|ui| {
            let label = ui.label("Find");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut self.pattern)
                        .id(id)
                        .hint_text("in the text")
                        .desired_width((ui.available_width() - 230.0).max(80.0)),
                )
                .labelled_by(label.id);
            if field.changed() {
                self.current = None;
            }
            let (enter, shift, escape) = ui.input(|i| {
                (
                    i.key_pressed(Key::Enter),
                    i.modifiers.shift,
                    i.key_pressed(Key::Escape),
                )
            });
            if field.lost_focus() && enter {
                commands.push(if shift {
                    Command::FindPrevious
                } else {
                    Command::FindNext
                });
                field.request_focus();
            }
            if field.lost_focus() && escape {
                commands.push(Command::CloseFind);
            }
            self.status_ui(ui);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button("×").on_hover_text("Close the find bar (Esc)").clicked() {
                    commands.push(Command::CloseFind);
                }
                if ui
                    .button("Next")
                    .on_hover_text("Next match (Enter, F3)")
                    .clicked()
                {
                    commands.push(Command::FindNext);
                }
                if ui
                    .button("Previous")
                    .on_hover_text("Previous match (Shift+Enter, Shift+F3)")
                    .clicked()
                {
                    commands.push(Command::FindPrevious);
                }
            });
        });
        ui.horizontal(|ui| {
            self.toggles_ui(ui);
            self.label_all_ui(ui, project, commands);
        });
        ui.separator();
    }

    fn toggles_ui(&mut self, ui: &mut Ui) {
        let options = &mut self.options;
        ui.toggle_value(&mut options.match_case, "Aa")
            .on_hover_text("Match case and accents");
        ui.toggle_value(&mut options.whole_word, "Word")
            .on_hover_text("Whole words only");
        ui.toggle_value(&mut options.regex, ".*")
            .on_hover_text("Regular expression");
        ui.checkbox(&mut self.all_documents, "All documents")
            .on_hover_text("Search every document; the hits are listed in the side panel");
    }

    fn status_ui(&self, ui: &mut Ui) {
        match &self.error {
            Some(error) => {
                let first_line = error.lines().last().unwrap_or(error);
                let text = RichText::new(first_line).color(ui.visuals().error_fg_color);
                ui.add(egui::Label::new(text).truncate())
                    .on_hover_text(RichText::new(error).monospace());
            }
            None => {
                ui.label(self.position_text());
            }
        }
    }

    fn label_all_ui(&self, ui: &mut Ui, project: &Project, commands: &mut Vec<Command>) {
        let count = self.count();
        ui.add_enabled_ui(count > 0, |ui| {
            ui.menu_button(format!("Label all {count} as…"), |ui| {
                for (n, label) in project.labels().iter().enumerate() {
                    let text = RichText::new(&label.name).color(to_color32(label.color));
                    let mut button = egui::Button::new(text);
                    if n < 9 {
                        button = button.shortcut_text(format!("Ctrl+{}", n + 1));
                    }
                    if ui.add(button).clicked() {
                        commands.push(Command::LabelAllHits(label.id.clone()));
                        ui.close();
                    }
                }
            })
            .response
            .on_hover_text("Annotate every match with a label, in one undoable step (Ctrl+1…9)");
        });
    }

    /// The hits of every document with their context, for the side panel ("All documents").
    pub fn results_ui(&self, ui: &mut Ui, project: &Project, commands: &mut Vec<Command>) {
        if !self.open || !self.all_documents || self.pattern.trim().is_empty() {
            return;
        }
        egui::CollapsingHeader::new(format!("Found: {}", self.position_text()))
            .id_salt("find-results")
            .default_open(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("find-results-list")
                    .max_height(240.0)
                    .show(ui, |ui| self.hit_rows_ui(ui, project, commands));
            });
        ui.separator();
    }

    fn hit_rows_ui(&self, ui: &mut Ui, project: &Project, commands: &mut Vec<Command>) {
        let mut listed = 0;
        for (doc_id, hits) in &self.hits {
            let Some(document) = project.document(doc_id) else {
                continue;
            };
            ui.strong(format!(
                "{} ({})",
                crate::model::text::shorten(&document.title, 40),
                hits.len()
            ));
            for &range in hits.iter().take(LISTED.saturating_sub(listed)) {
                let (before, matched, after) = context(&document.text, range, 30);
                let mut job = egui::text::LayoutJob::default();
                let font = egui::TextStyle::Small.resolve(ui.style());
                let weak = ui.visuals().weak_text_color();
                let strong = ui.visuals().strong_text_color();
                job.append(
                    &format!("…{before}"),
                    0.0,
                    egui::TextFormat::simple(font.clone(), weak),
                );
                job.append(&matched, 0.0, egui::TextFormat::simple(font.clone(), strong));
                job.append(&format!("{after}…"), 0.0, egui::TextFormat::simple(font, weak));
                job.wrap.max_rows = 2;
                job.wrap.max_width = ui.available_width();
                let current = self.current.as_ref() == Some(&(doc_id.clone(), range));
                if ui.add(egui::Button::selectable(current, job)).clicked() {
                    commands.push(Command::ShowSpan(doc_id.clone(), range.start, range.end));
                }
                listed += 1;
            }
        }
        if listed < self.count() {
            ui.weak(format!("… and {} more", self.count() - listed));
        }
    }
}
