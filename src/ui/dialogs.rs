//! File dialogs: rfd on a worker thread so the window never freezes, and an in-app path prompt
//! when no native dialog can be shown (rfd answers at once with nothing, e.g. no desktop portal).

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use super::command::Command;

/// What the chosen path is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FilePurpose {
    Open,
    SaveAs,
    Import,
    ImportAnnotations,
    /// Another copy of the project, to merge into this one.
    MergeWith,
    /// A file to export to.
    Export,
    /// A folder to export to (brat).
    ExportFolder,
    SaveExercise,
    OpenKey,
    SaveFeedback,
}

impl FilePurpose {
    fn title(self) -> &'static str {
        match self {
            FilePurpose::Open => "Open project",
            FilePurpose::SaveAs => "Save project as",
            FilePurpose::Import => "Import document",
            FilePurpose::ImportAnnotations => "Import annotations",
            FilePurpose::MergeWith => "Merge with another copy of the project",
            FilePurpose::Export => "Export annotations",
            FilePurpose::ExportFolder => "Export annotations to a folder",
            FilePurpose::SaveExercise => "Save exercise",
            FilePurpose::OpenKey => "Open the answer key",
            FilePurpose::SaveFeedback => "Save feedback report",
        }
    }

    fn command(self, path: PathBuf) -> Command {
        match self {
            FilePurpose::Open => Command::OpenPath(path),
            FilePurpose::SaveAs => Command::SaveTo(with_extension(path)),
            FilePurpose::Import => Command::ImportPath(path),
            FilePurpose::ImportAnnotations => Command::ImportAnnotationsFrom(path),
            FilePurpose::MergeWith => Command::MergeWithFrom(path),
            FilePurpose::Export | FilePurpose::ExportFolder => Command::ExportTo(path),
            FilePurpose::SaveExercise => Command::SaveExerciseTo(with_extension(path)),
            FilePurpose::OpenKey => Command::CompareWith(path),
            FilePurpose::SaveFeedback => Command::SaveFeedbackTo(path),
        }
    }
}

/// A dialog answering faster than this did not show anything to the user.
const NO_DIALOG: Duration = Duration::from_millis(400);

#[derive(Default)]
pub struct FileDialogs {
    waiting: Option<(FilePurpose, Instant, Receiver<Option<PathBuf>>)>,
    /// The in-app prompt: its purpose and the path typed so far.
    prompt: Option<(FilePurpose, String)>,
    /// The prompt has just opened and its field should take the keyboard.
    focus_prompt: bool,
    /// Skip native dialogs from now on (set after one failed to show).
    native_unavailable: bool,
}

impl FileDialogs {
    pub fn is_busy(&self) -> bool {
        self.waiting.is_some() || self.prompt.is_some()
    }

    /// Starts a dialog; its answer arrives through [`FileDialogs::ui`].
    pub fn ask(
        &mut self,
        purpose: FilePurpose,
        folder: Option<PathBuf>,
        suggested_name: &str,
        ctx: &egui::Context,
    ) {
        if self.is_busy() {
            return;
        }
        let start = folder
            .clone()
            .unwrap_or_default()
            .join(suggested_name)
            .display()
            .to_string();
        if self.native_unavailable || std::env::var_os("MARGINALIA_NO_NATIVE_DIALOGS").is_some() {
            self.prompt = Some((purpose, start));
            self.focus_prompt = true;
            return;
        }
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        let name = suggested_name.to_owned();
        std::thread::spawn(move || {
            let mut dialog = rfd::FileDialog::new().set_title(purpose.title());
            if let Some(folder) = folder {
                dialog = dialog.set_directory(folder);
            }
            let chosen = match purpose {
                FilePurpose::Open => dialog.add_filter("Marginalia project", &["ron"]).pick_file(),
                FilePurpose::SaveAs => dialog
                    .add_filter("Marginalia project", &["ron"])
                    .set_file_name(name)
                    .save_file(),
                FilePurpose::Import => dialog
                    .add_filter(
                        "Documents",
                        &["txt", "text", "md", "markdown", "html", "htm", "pdf", "docx"],
                    )
                    .add_filter("All files", &["*"])
                    .pick_file(),
                FilePurpose::ImportAnnotations => dialog
                    .add_filter("Annotations", &["json", "jsonld", "jsonl", "ndjson", "ann"])
                    .add_filter("All files", &["*"])
                    .pick_file(),
                FilePurpose::Export | FilePurpose::SaveFeedback => dialog.set_file_name(name).save_file(),
                FilePurpose::SaveExercise => dialog
                    .add_filter("Marginalia project", &["ron"])
                    .set_file_name(name)
                    .save_file(),
                FilePurpose::OpenKey | FilePurpose::MergeWith => {
                    dialog.add_filter("Marginalia project", &["ron"]).pick_file()
                }
                FilePurpose::ExportFolder => dialog.pick_folder(),
            };
            let _ = sender.send(chosen);
            ctx.request_repaint();
        });
        self.waiting = Some((purpose, Instant::now(), receiver));
    }

    /// Collects a finished dialog and draws the path prompt; returns the command to run.
    pub fn ui(&mut self, ctx: &egui::Context) -> Option<Command> {
        if let Some((purpose, started, receiver)) = &self.waiting {
            match receiver.try_recv() {
                Ok(Some(path)) => {
                    let command = purpose.command(path);
                    self.waiting = None;
                    return Some(command);
                }
                Ok(None) | Err(TryRecvError::Disconnected) => {
                    if started.elapsed() < NO_DIALOG {
                        self.native_unavailable = true;
                        self.prompt = Some((*purpose, String::new()));
                        self.focus_prompt = true;
                    }
                    self.waiting = None;
                }
                Err(TryRecvError::Empty) => ctx.request_repaint_after(Duration::from_millis(100)),
            }
        }
        self.prompt_ui(ctx)
    }

    fn prompt_ui(&mut self, ctx: &egui::Context) -> Option<Command> {
        let (purpose, path) = self.prompt.as_mut()?;
        let purpose = *purpose;
        let mut answer = None;
        let mut cancel = false;
        egui::Modal::new(egui::Id::unique("path-prompt")).show(ctx, |ui| {
            ui.heading(purpose.title());
            let label = ui.label("Type the path of the file:");
            let field = ui
                .add(
                    egui::TextEdit::singleline(path)
                        .desired_width(420.0)
                        .id(egui::Id::unique("path-prompt-field")),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut self.focus_prompt) {
                field.request_focus();
            }
            let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            ui.horizontal(|ui| {
                if (ui.button("OK").clicked() || entered) && !path.trim().is_empty() {
                    answer = Some(PathBuf::from(path.trim()));
                }
                if ui.button("Cancel").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    cancel = true;
                }
            });
        });
        if answer.is_some() || cancel {
            self.prompt = None;
        }
        answer.map(|path| purpose.command(path))
    }
}

/// Projects are saved as `.ron` unless the user chose another extension.
fn with_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension("ron")
    }
}
