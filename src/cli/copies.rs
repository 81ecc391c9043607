//! Reading several annotators' copies for `agreement`, `curate` and `compare`: every file is
//! read before any figure is made, a broken one stops the command (naming it) unless the user
//! asks to go on without it, and a file given twice is refused.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use super::UsageError;
use crate::io::project_file;
use crate::model::Project;
use crate::model::copies::anonymous_name;

/// The copies that were read, with the name each is shown by.
pub struct Copies {
    pub names: Vec<String>,
    pub paths: Vec<PathBuf>,
    pub projects: Vec<Project>,
}

impl Copies {
    pub fn as_copies(&self) -> Vec<crate::model::copies::Copy<'_>> {
        self.names
            .iter()
            .zip(&self.projects)
            .map(|(annotator, project)| crate::model::copies::Copy { annotator, project })
            .collect()
    }
}

/// Reads every path. With `skip_broken`, a file that cannot be read is reported on stderr and
/// left out (at least two must remain when `at_least_two`); otherwise the first broken file
/// stops the command with every broken file named.
pub fn read(paths: &[PathBuf], skip_broken: bool, anonymous: bool, at_least_two: bool) -> Result<Copies> {
    refuse_twice(paths)?;
    let mut read = Vec::new();
    let mut broken = Vec::new();
    for path in paths {
        match project_file::load(path) {
            Ok(loaded) => {
                for warning in &loaded.warnings {
                    eprintln!("warning: {warning}");
                }
                read.push((path.clone(), loaded.project));
            }
            Err(error) => broken.push(error.to_string()),
        }
    }
    if !broken.is_empty() {
        if !skip_broken {
            bail!(
                "{} of {} file(s) could not be read; nothing was compared (add --skip-broken to go on without them):\n  {}",
                broken.len(),
                paths.len(),
                broken.join("\n  ")
            );
        }
        for error in &broken {
            eprintln!("skipped: {error}");
        }
    }
    let needed = if at_least_two { 2 } else { 1 };
    if read.len() < needed {
        bail!(
            "only {} readable file(s); at least {needed} are needed",
            read.len()
        );
    }
    let paths: Vec<PathBuf> = read.iter().map(|(p, _)| p.clone()).collect();
    let names = if anonymous {
        (0..paths.len()).map(anonymous_name).collect()
    } else {
        display_names(&paths)
    };
    Ok(Copies {
        names,
        paths,
        projects: read.into_iter().map(|(_, p)| p).collect(),
    })
}

/// The same file named twice (even by another path) would agree with itself.
fn refuse_twice(paths: &[PathBuf]) -> Result<()> {
    let mut seen: HashMap<PathBuf, &Path> = HashMap::new();
    for path in paths {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if let Some(first) = seen.insert(key, path) {
            return Err(UsageError(format!(
                "{} is given twice ({} is the same file): each annotator's copy must be given once",
                path.display(),
                first.display()
            ))
            .into());
        }
    }
    Ok(())
}

/// Each file's stem ("alice" for "class/alice.ron"), or the whole path where stems repeat.
fn display_names(paths: &[PathBuf]) -> Vec<String> {
    let stem = |p: &Path| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| p.display().to_string())
    };
    let stems: Vec<String> = paths.iter().map(|p| stem(p)).collect();
    paths
        .iter()
        .zip(&stems)
        .map(|(path, s)| {
            if stems.iter().filter(|other| *other == s).count() > 1 {
                path.display().to_string()
            } else {
                s.clone()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_case() {
        let cases: [(&[&str], &[&str]); 3] = [
            (&["class/alice.ron", "bob.ron"], &["alice", "bob"]),
            (&["a/x.ron", "b/x.ron"], &["a/x.ron", "b/x.ron"]),
            (&["a/x.ron", "b/x.ron", "y.ron"], &["a/x.ron", "b/x.ron", "y"]),
        ];
        for (paths, names) in cases {
            let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            assert_eq!(display_names(&paths), names);
        }
    }
}
