//! File → Export… and File → Import annotations…: the choices made before the file dialog
//! (format, offset unit, target document) and the summary shown after an import.

use std::path::PathBuf;

use egui::{Modal, RichText, Ui};

use super::command::Command;
use crate::io::formats::{ExportFormat, ExportOptions, ImportFormat, ImportOptions, OffsetUnit};
use crate::model::{DocId, Project};

/// A file of annotations waiting for the user to say how to read it.
struct PendingImport {
    path: PathBuf,
    format: ImportFormat,
    options: ImportOptions,
    /// The document on screen: where W3C annotations go unless another is chosen.
    current: Option<DocId>,
}

#[derive(Default)]
pub struct Exchange {
    export_open: bool,
    pub export_format: Option<ExportFormat>,
    pub export_options: ExportOptions,
    import: Option<PendingImport>,
    /// The last import's summary: a title and the details.
    summary: Option<(String, String)>,
}

impl Exchange {
    pub fn is_open(&self) -> bool {
        self.export_open || self.import.is_some() || self.summary.is_some()
    }

    pub fn open_export(&mut self) {
        self.export_open = true;
        self.export_format.get_or_insert(ExportFormat::W3c);
    }

    /// Asks how to read `path`, with the format guessed from its name and first bytes.
    pub fn choose_import(&mut self, path: PathBuf, doc_id: Option<DocId>) {
        let start = std::fs::File::open(&path)
            .and_then(|file| {
                use std::io::Read;
                let mut bytes = Vec::new();
                file.take(4096).read_to_end(&mut bytes).map(|_| bytes)
            })
            .unwrap_or_default();
        let format = ImportFormat::guess(&path, &start).unwrap_or(ImportFormat::W3c);
        self.import = Some(PendingImport {
            path,
            format,
            options: ImportOptions {
                offsets: OffsetUnit::CodePoints,
                doc: None,
            },
            current: doc_id,
        });
    }

    pub fn show_summary(&mut self, title: String, details: String) {
        self.summary = Some((title, details));
    }

    pub fn ui(&mut self, ctx: &egui::Context, project: &Project, commands: &mut Vec<Command>) {
        if self.export_open {
            Modal::new(egui::Id::unique("export")).show(ctx, |ui| self.export_ui(ui, project, commands));
        }
        if self.import.is_some() {
            Modal::new(egui::Id::unique("import-annotations"))
                .show(ctx, |ui| self.import_ui(ui, project, commands));
        }
        if let Some((title, details)) = &self.summary {
            let mut close = false;
            Modal::new(egui::Id::unique("import-summary")).show(ctx, |ui| {
                ui.heading(title);
                egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                    ui.label(details);
                });
                close = ui.button("OK").clicked()
                    || ui.input(|i| i.key_pressed(egui::Key::Enter) || i.key_pressed(egui::Key::Escape));
            });
            if close {
                self.summary = None;
            }
        }
    }

    fn export_ui(&mut self, ui: &mut Ui, project: &Project, commands: &mut Vec<Command>) {
        ui.heading("Export annotations");
        ui.label(format!(
            "{} annotation(s) in {} document(s)",
            project.annotations().len(),
            project.documents().len()
        ));
        ui.add_space(6.0);
        let chosen = self.export_format.get_or_insert(ExportFormat::W3c);
        for format in ExportFormat::ALL {
            ui.radio_value(chosen, format, format.title())
                .on_hover_text(export_hint(format));
        }
        let format = *chosen;
        ui.add_space(6.0);
        ui.weak(export_hint(format));
        match format {
            ExportFormat::Jsonl => offsets_ui(ui, &mut self.export_options.offsets, "export-offsets"),
            ExportFormat::Csv => {
                ui.checkbox(
                    &mut self.export_options.excel_bom,
                    "Add a byte order mark (for Excel)",
                );
            }
            _ => {}
        }
        ui.add_space(6.0);
        let (go, cancel) = buttons_ui(
            ui,
            if format == ExportFormat::Brat {
                "Choose folder…"
            } else {
                "Export…"
            },
        );
        if go {
            self.export_open = false;
            commands.push(Command::ExportChoosePath);
        }
        if cancel {
            self.export_open = false;
        }
    }

    fn import_ui(&mut self, ui: &mut Ui, project: &Project, commands: &mut Vec<Command>) {
        let Some(pending) = &mut self.import else { return };
        ui.heading("Import annotations");
        ui.label(RichText::new(pending.path.display().to_string()).monospace());
        ui.add_space(6.0);
        for format in ImportFormat::ALL {
            ui.radio_value(&mut pending.format, format, format.title());
        }
        ui.add_space(6.0);
        if matches!(pending.format, ImportFormat::Jsonl | ImportFormat::LabelStudio) {
            offsets_ui(ui, &mut pending.options.offsets, "import-offsets");
        }
        if pending.format == ImportFormat::W3c && pending.options.doc.is_none() {
            pending.options.doc = pending.current.clone();
        }
        if pending.format == ImportFormat::Hypothesis {
            ui.weak("Each annotation goes to the document whose address is its page's; the others go to the document chosen here, or are skipped.");
            document_ui(ui, project, pending);
        } else if pending.format == ImportFormat::W3c || pending.options.doc.is_some() {
            document_ui(ui, project, pending);
        } else {
            ui.weak("Annotations go to the document with the same text; a new document is added when there is none.");
        }
        ui.add_space(6.0);
        let (go, cancel) = buttons_ui(ui, "Import");
        if go {
            let PendingImport {
                path,
                format,
                options,
                ..
            } = self.import.take().expect("shown above");
            commands.push(Command::ImportAnnotationsWith {
                path,
                format,
                options,
            });
        } else if cancel {
            self.import = None;
        }
    }
}

fn document_ui(ui: &mut Ui, project: &Project, pending: &mut PendingImport) {
    let format = pending.format;
    let title_of = |doc_id: &Option<DocId>| match doc_id {
        Some(doc_id) => project.document(doc_id).map_or_else(
            || doc_id.to_string(),
            |doc| crate::model::text::shorten(&doc.title, 50),
        ),
        None if format == ImportFormat::Hypothesis => "none: only documents with the same address".to_owned(),
        None => "the document with the same text".to_owned(),
    };
    ui.horizontal(|ui| {
        let label = ui.label("Into document:");
        egui::ComboBox::from_id_salt("import-document")
            .selected_text(title_of(&pending.options.doc))
            .show_ui(ui, |ui| {
                if pending.format != ImportFormat::W3c {
                    ui.selectable_value(&mut pending.options.doc, None, title_of(&None));
                }
                for document in project.documents() {
                    let choice = Some(document.id.clone());
                    let text = title_of(&choice);
                    ui.selectable_value(&mut pending.options.doc, choice, text);
                }
            })
            .response
            .labelled_by(label.id);
    });
}

fn offsets_ui(ui: &mut Ui, unit: &mut OffsetUnit, salt: &str) {
    ui.horizontal(|ui| {
        let label = ui.label("Offsets count:");
        egui::ComboBox::from_id_salt(salt)
            .selected_text(unit_text(*unit))
            .show_ui(ui, |ui| {
                for choice in OffsetUnit::ALL {
                    ui.selectable_value(unit, choice, unit_text(choice));
                }
            })
            .response
            .labelled_by(label.id);
    });
}

fn unit_text(unit: OffsetUnit) -> &'static str {
    match unit {
        OffsetUnit::CodePoints => "code points (spaCy, Label Studio, brat)",
        OffsetUnit::Utf16 => "UTF-16 code units (doccano, old Label Studio)",
        OffsetUnit::Bytes => "UTF-8 bytes",
    }
}

/// The confirm and cancel buttons; Enter confirms, Escape cancels.
fn buttons_ui(ui: &mut Ui, confirm: &str) -> (bool, bool) {
    let (enter, escape) = ui.input(|i| (i.key_pressed(egui::Key::Enter), i.key_pressed(egui::Key::Escape)));
    ui.horizontal(|ui| {
        let go = ui.button(confirm).clicked() || enter;
        let cancel = ui.button("Cancel").clicked() || escape;
        (go, cancel)
    })
    .inner
}

fn export_hint(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::W3c => {
            "An AnnotationCollection with quote and position selectors; labels as tags, notes as comments."
        }
        ExportFormat::Brat => {
            "Each document's .txt and .ann, with annotation.conf and visual.conf: the folder opens in brat."
        }
        ExportFormat::Csv => {
            "One row per annotation with its quote, context, note, times and label fields (verdict …)."
        }
        ExportFormat::Jsonl => "One line per document: its text and [start, end, label] spans.",
        ExportFormat::Html => {
            "A single page to read, share or print: claims by verdict, highlighted text, legend and numbered notes."
        }
        ExportFormat::ClaimReview => {
            "One schema.org ClaimReview per claim with a verdict, for publishing fact-checks; warns of what a claim lacks."
        }
    }
}
