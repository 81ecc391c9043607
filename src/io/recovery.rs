//! Recovery copies: while a project has unsaved changes the app writes a copy every 30 seconds;
//! after a crash, opening the project finds the copy and offers it back.

use std::path::{Path, PathBuf};

use super::project_file::{self, Loaded, ProjectFileError};
use crate::model::Project;

/// Where the recovery copy of `project_path` lives: beside it, `<name>.ron.recovery`.
pub fn recovery_path(project_path: &Path) -> PathBuf {
    let mut name = project_path.as_os_str().to_owned();
    name.push(".recovery");
    PathBuf::from(name)
}

pub fn write(project: &Project, recovery: &Path) -> Result<(), ProjectFileError> {
    project_file::save_copy(project, recovery)
}

/// The recovery copy of `project_path`, when there is one newer than the project itself.
pub fn pending(project_path: &Path) -> Option<PathBuf> {
    let recovery = recovery_path(project_path);
    let recovered = std::fs::metadata(&recovery).and_then(|m| m.modified()).ok()?;
    match std::fs::metadata(project_path).and_then(|m| m.modified()) {
        Ok(saved) if saved > recovered => None,
        _ => Some(recovery),
    }
}

pub fn load(recovery: &Path) -> Result<Loaded, ProjectFileError> {
    project_file::load(recovery)
}

/// Removes a recovery copy once the work is saved or deliberately discarded.
pub fn discard(recovery: &Path) {
    // Nothing to do when it is already gone; any other failure only leaves a stale copy behind.
    let _ = std::fs::remove_file(recovery);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_recovery_copy_is_offered_until_the_project_is_saved_again() {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("p.ron");
        let project = Project::new("p");
        project_file::save(&project, &path).unwrap();
        assert_eq!(pending(&path), None);
        std::thread::sleep(std::time::Duration::from_millis(20));
        write(&project, &recovery_path(&path)).unwrap();
        assert_eq!(pending(&path), Some(folder.path().join("p.ron.recovery")));
        assert_eq!(load(&recovery_path(&path)).unwrap().project, project);
        assert!(!project_file::backup_path(&recovery_path(&path)).exists());
        discard(&recovery_path(&path));
        assert_eq!(pending(&path), None);
    }
}
