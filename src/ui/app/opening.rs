//! Opening a project file without making the window wait: a worker thread reads it, the
//! documents are shown (read-only) as soon as they are parsed, and the whole project replaces
//! them when its annotations are in. Commands given meanwhile wait in the queue, and a file that
//! fails to open leaves the project that was open before.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use egui::Ui;

use super::MarginaliaApp;
use crate::io::project_file::{self, Preview, ProjectFileError};
use crate::model::Project;
use crate::ui::session::Session;

/// What the worker sends: the documents first, then the whole project.
enum Step {
    Preview(Preview),
    Done(Box<Result<(Session, Vec<String>), ProjectFileError>>),
}

pub(super) struct Opening {
    path: PathBuf,
    started: Instant,
    bytes: u64,
    steps: Receiver<Step>,
    /// The project open before, while the preview stands in for it.
    previous: Option<Session>,
}

impl Opening {
    fn start(path: &Path, ctx: &egui::Context) -> Self {
        let (sender, steps) = channel();
        let (worker_path, worker_ctx) = (path.to_owned(), ctx.clone());
        std::thread::spawn(move || {
            let shown = |preview| {
                let _ = sender.send(Step::Preview(preview));
                worker_ctx.request_repaint();
            };
            let loaded = project_file::load_previewing(&worker_path, shown);
            let opened = loaded.map(|loaded| {
                // The side panel's filter index, and the search keys it packs, made here rather
                // than in the window's first frame with the annotations.
                loaded.project.count_needing_review();
                let session = Session::new(loaded.project, Some(worker_path));
                (session, loaded.warnings)
            });
            let _ = sender.send(Step::Done(Box::new(opened)));
            worker_ctx.request_repaint();
        });
        Self {
            path: path.to_owned(),
            started: Instant::now(),
            bytes: std::fs::metadata(path).map_or(0, |m| m.len()),
            steps,
            previous: None,
        }
    }

    pub(super) fn file_name(&self) -> String {
        self.path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
    }

    /// The line for the status bar and the side panel while it lasts.
    pub(super) fn progress(&self) -> String {
        let what = if self.previous.is_some() {
            "reading the annotations"
        } else {
            "reading"
        };
        format!(
            "Opening {} ({:.1} MB): {what}… {:.1} s",
            self.file_name(),
            self.bytes as f64 / 1e6,
            self.started.elapsed().as_secs_f32()
        )
    }

    pub(super) fn waiting_ui(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(self.progress());
        });
        ui.weak("The text can be read now; edits wait until the annotations are in.");
    }
}

impl MarginaliaApp {
    /// Starts opening `path` on a worker thread; [`Self::poll_opening`] takes each step.
    pub fn open_in_background(&mut self, path: &Path, ctx: &egui::Context) {
        if self.opening.is_some() {
            return self.say("A project is still being opened");
        }
        self.opening = Some(Opening::start(path, ctx));
    }

    /// Whether a project is being opened (tests wait for it).
    pub fn is_opening(&self) -> bool {
        self.opening.is_some()
    }

    pub(super) fn poll_opening(&mut self, ctx: &egui::Context) {
        let Some(opening) = &mut self.opening else { return };
        match opening.steps.try_recv() {
            Err(TryRecvError::Empty) => ctx.request_repaint_after(Duration::from_millis(100)),
            Ok(Step::Preview(preview)) => self.show_preview(preview),
            Ok(Step::Done(done)) => match *done {
                Ok((session, warnings)) => {
                    let opening = self.opening.take().expect("opening");
                    self.opened(session, warnings, &opening.path);
                }
                Err(error) => self.failed_to_open(error.to_string()),
            },
            Err(TryRecvError::Disconnected) => {
                let file = opening.file_name();
                self.failed_to_open(format!("{file}: reading the project stopped unexpectedly"));
            }
        }
    }

    /// Shows the file's documents in place of the project open before, which is kept aside.
    fn show_preview(&mut self, preview: Preview) {
        let Ok((project, _)) =
            Project::from_parts(preview.name, preview.labels, preview.documents, Vec::new())
        else {
            return;
        };
        let Some(opening) = &mut self.opening else { return };
        let previous = std::mem::replace(&mut self.session, Session::new(project, None));
        opening.previous.get_or_insert(previous);
        self.show_first_document();
    }

    /// Nothing is replaced: the project open before comes back, and the error is shown.
    fn failed_to_open(&mut self, error: String) {
        if let Some(previous) = self.opening.take().and_then(|o| o.previous) {
            self.session = previous;
            self.show_first_document();
        }
        self.error = Some(error);
    }
}
