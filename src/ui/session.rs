//! The open project: the project, its undo history, where it is saved, and its recovery copy.

use std::path::{Path, PathBuf};

use crate::io::{project_file, recovery};
use crate::model::{Edit, History, Project, ProjectError};

pub struct Session {
    pub project: Project,
    pub history: History,
    /// Where Save writes; `None` for a new project or the demo copy.
    pub path: Option<PathBuf>,
    /// New on every change and for every session, so views know when to rebuild what they cache
    /// (a project opened in place of another never shares a generation with it).
    pub generation: u64,
}

/// The next generation: unique across every session of this process.
fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Session {
    pub fn new(project: Project, path: Option<PathBuf>) -> Self {
        Self {
            project,
            history: History::new(),
            path,
            generation: next_generation(),
        }
    }

    /// The demo project, as an untitled copy so the shipped file is never overwritten.
    pub fn demo() -> Self {
        let project = project_file::from_ron(super::DEMO_PROJECT, Path::new("demo project"))
            .map(|loaded| loaded.project)
            .unwrap_or_else(|_| Project::new("Untitled"));
        Self::new(project, None)
    }

    pub fn open(path: &Path) -> Result<(Self, Vec<String>), project_file::ProjectFileError> {
        let loaded = project_file::load(path)?;
        Ok((Self::new(loaded.project, Some(path.to_owned())), loaded.warnings))
    }

    pub fn apply(&mut self, edit: Edit) -> Result<(), ProjectError> {
        self.history.apply(&mut self.project, edit)?;
        self.generation = next_generation();
        Ok(())
    }

    pub fn undo(&mut self) -> Result<bool, ProjectError> {
        let undone = self.history.undo(&mut self.project)?;
        if undone {
            self.generation = next_generation();
        }
        Ok(undone)
    }

    pub fn redo(&mut self) -> Result<bool, ProjectError> {
        let redone = self.history.redo(&mut self.project)?;
        if redone {
            self.generation = next_generation();
        }
        Ok(redone)
    }

    pub fn is_dirty(&self) -> bool {
        self.history.is_dirty()
    }

    /// Saves to `path`, which becomes the project's file, and drops the recovery copy.
    pub fn save_to(&mut self, path: &Path) -> Result<(), project_file::ProjectFileError> {
        project_file::save(&self.project, path)?;
        if let Some(old) = &self.path {
            recovery::discard(&recovery::recovery_path(old));
        }
        recovery::discard(&recovery::recovery_path(path));
        self.path = Some(path.to_owned());
        self.history.mark_saved();
        Ok(())
    }

    /// Where the recovery copy goes: beside the file, or in the app's data folder when untitled.
    pub fn recovery_path(&self) -> Option<PathBuf> {
        match &self.path {
            Some(path) => Some(recovery::recovery_path(path)),
            None => eframe::storage_dir("marginalia").map(|dir| dir.join("untitled.ron.recovery")),
        }
    }

    /// The window title: project name, file, and a marker while there are unsaved changes.
    pub fn title(&self) -> String {
        let file = match &self.path {
            Some(path) => path
                .file_name()
                .map_or_else(String::new, |name| name.to_string_lossy().into_owned()),
            None => "unsaved".to_owned(),
        };
        let dirty = if self.is_dirty() { "● " } else { "" };
        format!("{dirty}{} ({file}) – Marginalia", self.project.name)
    }
}
