//! Exporting the project and importing annotations, as the app runs them.

use std::path::Path;

use super::MarginaliaApp;
use crate::io::formats::{self, ExportFormat, ImportFormat, ImportOptions};
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
            Ok(summary) => self.say(format!(
                "{} ({})",
                capitalise(&summary.to_string()),
                format.title()
            )),
            Err(error) => self.fail(format!("Export failed: {error}")),
        }
    }

    /// Imports annotations as one undoable edit, then shows what happened.
    pub(super) fn import_annotations(&mut self, path: &Path, format: ImportFormat, options: &ImportOptions) {
        let outcome = match formats::import(&self.session.project, format, path, options) {
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
