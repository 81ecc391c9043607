//! The teacher's commands as the app runs them: exercise export, comparison with a key, a class
//! of students, the feedback report (named after the student's file).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::MarginaliaApp;
use crate::io::formats::feedback;
use crate::io::project_file;
use crate::model::scoring;
use crate::ui::dialogs::FilePurpose;
use crate::ui::teacher::{Class, Compared, Student};

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
                    "Compared with {}: {} missed, {} extra, {} with another label",
                    key_path.display(),
                    result.missed.len(),
                    result.extra.len(),
                    result.mislabelled.len()
                ));
                let student_file = self.session.path.clone();
                let compared = Compared {
                    key_name: file_name(key_path),
                    key_path: Some(key_path.to_owned()),
                    key: Arc::new(loaded.project),
                    student: student_file
                        .as_deref()
                        .map_or_else(|| self.session.project.name.clone(), file_name),
                    student_file,
                    result,
                };
                self.teacher.show(compared, &mut self.view);
                self.make_room();
            }
            Err(error) => self.fail(format!("Could not open the answer key: {error}")),
        }
    }

    /// Several students against one key: the key on screen if a comparison is open, else the
    /// open project. With no paths, asks for them. A folder stands for every `.ron` file in it.
    pub(super) fn compare_class(&mut self, paths: Vec<PathBuf>) {
        if paths.is_empty() {
            self.teacher.class_prompt = Some(String::new());
            return;
        }
        let (key_name, key_path, key) = self.teacher.key_on_screen().unwrap_or_else(|| {
            let path = self.session.path.clone();
            let name = path
                .as_deref()
                .map_or_else(|| self.session.project.name.clone(), file_name);
            (name, path, Arc::new(self.session.project.clone()))
        });
        let (mut students, mut failed) = (Vec::new(), Vec::new());
        for path in student_files(&paths, key_path.as_deref(), &mut failed) {
            match project_file::load(&path) {
                Ok(loaded) => students.push(Student {
                    name: file_name(&path),
                    result: scoring::compare(&key, &loaded.project),
                    path,
                }),
                Err(error) => failed.push(error.to_string()),
            }
        }
        if students.is_empty() {
            self.fail(format!(
                "No student file could be read{}",
                failed.first().map_or_else(String::new, |f| format!(": {f}"))
            ));
            return;
        }
        self.say(format!(
            "Compared {} student(s) with {key_name}{}",
            students.len(),
            match failed.len() {
                0 => String::new(),
                n => format!("; {n} file(s) could not be read"),
            }
        ));
        let class = Class {
            key_name,
            key_path,
            key,
            students,
            failed,
            shown: None,
        };
        self.teacher.show_class(class, &mut self.view);
        self.make_room();
    }

    /// The comparison selects nothing, so the inspector would stand empty: it folds away (Ctrl+Shift+B
    /// brings it back) and the text keeps a readable column beside the compare panel.
    fn make_room(&mut self) {
        self.prefs.inspector = false;
    }

    pub(super) fn ask_feedback_path(&mut self, ctx: &egui::Context) {
        let Some(compared) = &self.teacher.compared else {
            self.fail("Compare with an answer key first (File → Compare with answer key…)");
            return;
        };
        let file = compared.student_file.as_deref();
        let name = feedback::file_name(file, &compared.student);
        let folder = file
            .and_then(Path::parent)
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_owned)
            .or_else(|| self.folder());
        self.dialogs.ask(FilePurpose::SaveFeedback, folder, &name, ctx);
    }

    pub(super) fn save_feedback(&mut self, path: &Path) {
        let Some(compared) = &self.teacher.compared else {
            self.fail("Compare with an answer key first (File → Compare with answer key…)");
            return;
        };
        let bytes = feedback::render(&compared.key, &compared.student, &compared.result);
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

/// A file's name without its extension, for people ("alice" for `/class/alice.ron`).
fn file_name(path: &Path) -> String {
    path.file_stem()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}

/// The files to score: each path given, a folder standing for its `.ron` files (sorted), never
/// the key's own file. Folders that cannot be read go to `failed`.
fn student_files(paths: &[PathBuf], key: Option<&Path>, failed: &mut Vec<String>) -> Vec<PathBuf> {
    let same = |a: &Path, b: &Path| {
        a == b
            || std::fs::canonicalize(a)
                .ok()
                .is_some_and(|a| std::fs::canonicalize(b).ok() == Some(a))
    };
    let mut files = Vec::new();
    for path in paths {
        if !path.is_dir() {
            files.push(path.clone());
            continue;
        }
        match std::fs::read_dir(path) {
            Ok(entries) => {
                let mut found: Vec<PathBuf> = entries
                    .filter_map(|entry| entry.ok().map(|e| e.path()))
                    .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "ron"))
                    .collect();
                found.sort();
                files.extend(found);
            }
            Err(error) => failed.push(format!("{}: {error}", path.display())),
        }
    }
    files.retain(|f| !key.is_some_and(|key| same(f, key)));
    files
}
