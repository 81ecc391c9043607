//! The teacher's commands as the app runs them: exercise export, comparison, feedback report.

use std::path::Path;

use super::MarginaliaApp;
use crate::io::formats::feedback;
use crate::io::project_file;
use crate::model::scoring;
use crate::ui::dialogs::FilePurpose;
use crate::ui::teacher::Compared;

impl MarginaliaApp {
    pub(super) fn ask_exercise_path(&mut self, ctx: &egui::Context) {
        let name = format!("{} - exercise.ron", self.session.project.name);
        self.dialogs
            .ask(FilePurpose::SaveExercise, self.folder(), &name, ctx);
    }

    pub(super) fn save_exercise(&mut self, path: &Path) {
        if self.session.path.as_deref() == Some(path) {
            self.fail("The exercise must not replace the answer key: choose another file");
            return;
        }
        let instructions = self.teacher.exercise.take().unwrap_or_default();
        let copy = scoring::student_copy(&self.session.project, instructions.trim());
        match project_file::save(&copy, path) {
            Ok(()) => self.say(format!(
                "Saved the exercise {}; this project stays the answer key",
                path.display()
            )),
            Err(error) => self.fail(error.to_string()),
        }
    }

    pub(super) fn compare_with(&mut self, key_path: &Path) {
        match project_file::load(key_path) {
            Ok(loaded) => {
                let result = scoring::compare(&loaded.project, &self.session.project);
                self.say(format!(
                    "Compared with {}: {} missed, {} extra, {} mislabelled",
                    key_path.display(),
                    result.missed.len(),
                    result.extra.len(),
                    result.mislabelled.len()
                ));
                let compared = Compared {
                    key_path: key_path.to_owned(),
                    key: loaded.project,
                    result,
                };
                self.teacher.show(compared, &mut self.view);
            }
            Err(error) => self.fail(format!("Could not open the answer key: {error}")),
        }
    }

    pub(super) fn ask_feedback_path(&mut self, ctx: &egui::Context) {
        let name = format!("{} - feedback.html", self.session.project.name);
        self.dialogs
            .ask(FilePurpose::SaveFeedback, self.folder(), &name, ctx);
    }

    pub(super) fn save_feedback(&mut self, path: &Path) {
        let Some(compared) = &self.teacher.compared else {
            self.fail("Compare with an answer key first (File → Compare with answer key…)");
            return;
        };
        let student = self.session.title();
        let bytes = feedback::render(&compared.key, &student, &compared.result);
        match project_file::write_bytes_atomically(&bytes, path, false) {
            Ok(()) => self.say(format!("Saved the feedback report {}", path.display())),
            Err(error) => self.fail(format!("{}: cannot save: {error}", path.display())),
        }
    }

    /// Shows a new session's instructions (an exercise handed out by a teacher).
    pub(super) fn show_instructions(&mut self) {
        let instructions = self.session.project.settings.instructions.trim();
        self.teacher.instructions = (!instructions.is_empty()).then(|| instructions.to_owned());
    }
}
