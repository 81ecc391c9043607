//! Exporting the project and importing annotations, as the app runs them.

use std::path::{Path, PathBuf};
use std::sync::mpsc::TryRecvError;
use std::time::Duration;

use super::{Importing, MarginaliaApp};
use crate::io::formats::{self, ExportFormat, FormatError, ImportFormat, ImportOptions};
use crate::ui::dialogs::FilePurpose;

impl MarginaliaApp {
    pub(super) fn ask_export_path(&mut self, ctx: &egui::Context) {
        let format = self.exchange.export_format.unwrap_or(ExportFormat::W3c);
        let stem = if self.session.project.name.is_empty() {
            "annotations"
        } else {
            &self.session.project.name
        };
        let (purpose, name) = match format.extension() {
            Some(extension) => (FilePurpose::Export, format!("{stem}.{extension}")),
            None => (FilePurpose::ExportFolder, format!("{stem}-brat")),
        };
        self.dialogs.ask(purpose, self.folder(), &name, ctx);
    }

    pub(super) fn export_to(&mut self, path: &Path) {
        let format = self.exchange.export_format.unwrap_or(ExportFormat::W3c);
        let options = self.exchange.export_options;
        match formats::export(&self.session.project, format, options, path) {
            Ok(summary) => {
                let said = format!("{} ({})", capitalise(&summary.to_string()), format.title());
                // What the file lacks is worth a window, not just a status line.
                if !summary.warnings.is_empty() {
                    let details = format!(
                        "{said}.\n\nThe file was written, but:\n\n{}",
                        summary
                            .warnings
                            .iter()
                            .map(|w| format!("• {w}"))
                            .collect::<Vec<_>>()
                            .join("\n")
                    );
                    self.exchange.show_summary(
                        format!("Exported with {} warning(s)", summary.warnings.len()),
                        details,
                    );
                }
                self.say(said);
            }
            Err(error) => self.fail(format!("Export failed: {error}")),
        }
    }

    /// Reads a file of annotations on a worker thread (a large one takes seconds).
    pub(super) fn import_annotations(
        &mut self,
        path: PathBuf,
        format: ImportFormat,
        options: ImportOptions,
        ctx: &egui::Context,
    ) {
        if self.importing_annotations.is_some() {
            self.fail("An import of annotations is already running");
            return;
        }
        let project = self.session.project.clone();
        self.importing_annotations = Some(Importing::start(path, ctx, move |path| {
            formats::import(&project, format, path, &options)
        }));
    }

    /// Applies a finished import as one undoable edit, then shows what happened.
    pub(super) fn poll_annotation_import(&mut self, ctx: &egui::Context) {
        let Some(importing) = &self.importing_annotations else {
            return;
        };
        let outcome = match importing.result.try_recv() {
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
                return;
            }
            Ok(outcome) => outcome,
            Err(TryRecvError::Disconnected) => Err(FormatError::new(
                &importing.path,
                None,
                "the import stopped unexpectedly",
            )),
        };
        let path = importing.path.clone();
        self.importing_annotations = None;
        let outcome = match outcome {
            Ok(outcome) => outcome,
            Err(error) => {
                let details = format!("{error}\n\nNothing was imported; the project is unchanged.");
                self.exchange
                    .show_summary("Could not import the annotations".into(), details);
                return;
            }
        };
        let summary = outcome.summary;
        if let Some(edit) = outcome.edit {
            self.edit(edit);
        }
        let title = format!("Imported {} annotation(s)", summary.imported);
        self.say(format!(
            "{title} from {}; Ctrl+Z undoes the import",
            path.display()
        ));
        self.exchange
            .show_summary(title, capitalise(&summary.to_string()));
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
