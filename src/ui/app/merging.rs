//! Merging another copy of the project in the app (File > Merge with…), and settling the
//! conflicts a merge left. The merge is one undoable step; so is each resolution.

use std::path::Path;

use super::MarginaliaApp;
use crate::io::project_file;
use crate::model::Edit;
use crate::model::conflict::{self, Side};
use crate::model::merge::{MergeOptions, merge};

impl MarginaliaApp {
    /// Merges the copy at `path` into the open project, without a common base.
    pub(super) fn merge_with(&mut self, path: &Path) {
        let theirs = match project_file::load(path) {
            Ok(loaded) => loaded.project,
            Err(error) => {
                let details = format!("{error}\n\nNothing was merged; the project is unchanged.");
                return self.exchange.show_summary("Could not merge".into(), details);
            }
        };
        let merged = match merge(None, &self.session.project, &theirs, MergeOptions::default()) {
            Ok(merged) => merged,
            Err(error) => {
                let details = format!("{}: {error}\n\nNothing was merged.", path.display());
                return self.exchange.show_summary("Could not merge".into(), details);
            }
        };
        let summary = format!(
            "Merged {} into this project: {} annotation(s), {} link(s); {} conflict(s) to settle{}.",
            path.display(),
            merged.project.annotations().len(),
            merged.project.links().len(),
            merged.conflicts.len(),
            if merged.carried.is_empty() {
                String::new()
            } else {
                format!(
                    ", {} annotation(s) carried onto a newer text",
                    merged.carried.len()
                )
            }
        );
        let conflicts = merged.conflicts.len();
        self.edit(Edit::ReplaceProject(Box::new(merged.project)));
        self.say(format!("{summary} Ctrl+Z undoes the merge."));
        if conflicts > 0 {
            self.show_conflicts();
        }
    }

    pub(super) fn take_conflict(&mut self, conflict_id: &str, side: Side) {
        let project = &self.session.project;
        let Some(conflict) = project.conflict(conflict_id) else {
            return;
        };
        match conflict::resolution(project, conflict, side) {
            Ok(edit) => {
                self.edit(edit);
                self.say(format!(
                    "Took {} for {conflict_id}; Ctrl+Z undoes it",
                    side.name()
                ));
            }
            Err(error) => self.fail(format!("Cannot settle {conflict_id}: {error}")),
        }
    }

    /// Ctrl+Alt+O / Ctrl+Alt+T: the selected annotation's first conflict.
    pub(super) fn take_selected_conflict(&mut self, side: Side) {
        let first = self
            .view
            .selected
            .as_ref()
            .and_then(|id| self.session.project.conflicts_of(id.as_str()).next())
            .map(|c| c.id.clone());
        match first {
            Some(conflict_id) => self.take_conflict(&conflict_id, side),
            None => self.say("The selected annotation has no conflict (F9 goes to the next)"),
        }
    }

    pub(super) fn take_all_conflicts(&mut self, side: Side) {
        let mut project = self.session.project.clone();
        let mut steps = Vec::new();
        for conflict in self.session.project.conflicts() {
            // Each resolution is planned on the project as the earlier ones leave it.
            match conflict::resolution(&project, conflict, side)
                .and_then(|edit| edit.clone().apply(&mut project).map(|_| edit))
            {
                Ok(edit) => steps.push(edit),
                Err(error) => return self.fail(format!("Cannot settle {}: {error}", conflict.id)),
            }
        }
        let count = steps.len();
        self.edit(Edit::Batch(steps));
        self.say(format!(
            "Took {} for {count} conflict(s); Ctrl+Z undoes it",
            side.name()
        ));
    }

    /// F9: the next annotation with a conflict, in project order.
    pub(super) fn next_conflict(&mut self) {
        let next = self.next_annotation_where(|p, a| p.conflicts_of(a.id.as_str()).next().is_some());
        match next {
            Some(annotation_id) => self.select(Some(annotation_id)),
            None if self.session.project.conflicts().is_empty() => self.say("No conflicts left"),
            None => self.show_conflicts(),
        }
    }

    /// The status bar's "N conflicts": the side panel lists those annotations, the window all.
    pub(super) fn show_conflicts(&mut self) {
        self.prefs.side_panel = true;
        self.view.all_documents = true;
        self.view.query.conflicts_only = self
            .session
            .project
            .annotations()
            .iter()
            .any(|a| self.session.project.conflicts_of(a.id.as_str()).next().is_some());
        self.conflicts.open = true;
    }
}
