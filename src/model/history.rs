//! Undo and redo over [`Edit`]s, and whether the project differs from its last save.

use super::edit::Edit;
use super::project::{Project, ProjectError};

/// An edit ready to apply, with the description of the user's action it undoes or redoes.
struct Step {
    description: String,
    edit: Edit,
}

#[derive(Default)]
pub struct History {
    /// Inverses of the applied edits with what the user did, newest last.
    undo: Vec<Step>,
    /// Edits that were undone with what the user did, newest last.
    redo: Vec<Step>,
    /// `undo.len()` when the project was last saved; `None` once that state can't be reached.
    saved_depth: Option<usize>,
}

impl History {
    /// A history whose current state counts as saved.
    pub fn new() -> Self {
        Self {
            saved_depth: Some(0),
            ..Self::default()
        }
    }

    /// Applies `edit` and records it; a new edit clears the redo list.
    pub fn apply(&mut self, project: &mut Project, edit: Edit) -> Result<(), ProjectError> {
        let description = edit.describe();
        let inverse = edit.apply(project)?;
        if self.saved_depth.is_some_and(|depth| depth > self.undo.len()) {
            self.saved_depth = None; // the saved state was on the redo branch now discarded
        }
        self.redo.clear();
        self.undo.push(Step {
            description,
            edit: inverse,
        });
        Ok(())
    }

    /// Undoes the newest edit; `Ok(false)` when there is nothing to undo.
    pub fn undo(&mut self, project: &mut Project) -> Result<bool, ProjectError> {
        Self::step(project, &mut self.undo, &mut self.redo)
    }

    /// Redoes the newest undone edit; `Ok(false)` when there is nothing to redo.
    pub fn redo(&mut self, project: &mut Project) -> Result<bool, ProjectError> {
        Self::step(project, &mut self.redo, &mut self.undo)
    }

    fn step(project: &mut Project, from: &mut Vec<Step>, to: &mut Vec<Step>) -> Result<bool, ProjectError> {
        let Some(step) = from.pop() else {
            return Ok(false);
        };
        match step.edit.clone().apply(project) {
            Ok(inverse) => {
                to.push(Step {
                    description: step.description,
                    edit: inverse,
                });
                Ok(true)
            }
            Err(error) => {
                from.push(step);
                Err(error)
            }
        }
    }

    /// What Undo would undo, for the menu.
    pub fn undo_description(&self) -> Option<String> {
        self.undo.last().map(|step| step.description.clone())
    }

    /// What Redo would redo, for the menu.
    pub fn redo_description(&self) -> Option<String> {
        self.redo.last().map(|step| step.description.clone())
    }

    pub fn mark_saved(&mut self) {
        self.saved_depth = Some(self.undo.len());
    }

    /// Forgets the saved state: the project counts as changed until the next save (a restored
    /// recovery copy, say).
    pub fn mark_unsaved(&mut self) {
        self.saved_depth = None;
    }

    /// True when the project differs from what was last saved.
    pub fn is_dirty(&self) -> bool {
        self.saved_depth != Some(self.undo.len())
    }
}
