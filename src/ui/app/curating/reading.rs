//! Reading the annotators' copies for a curation, on the worker thread: every file read (on
//! every core) before anything is made, a file given twice refused, errors naming the file, and
//! the names annotators are shown by.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::Ready;
use crate::io::project_file;
use crate::model::Project;
use crate::model::copies::{Copy, Panel, PanelError, anonymous_name};
use crate::model::curation::{self, Source};
use crate::ui::command::CurationRequest;
use crate::ui::curate_window::stem;

/// Reads and curates on the worker thread. Every file is read before anything is made; an error
/// names the file.
pub(super) fn prepare(
    request: CurationRequest,
    gold: Option<Project>,
    read: &AtomicUsize,
) -> Result<Ready, String> {
    if request.copies.len() < 2 {
        return Err("curating needs at least two annotators' copies".into());
    }
    let paths: Vec<PathBuf> = request.copies.iter().map(|(p, _)| p.clone()).collect();
    refuse_twice(&paths)?;
    let mut projects = Vec::with_capacity(paths.len());
    let mut broken = Vec::new();
    for loaded in load_all(&paths, read) {
        match loaded {
            Ok(project) => projects.push(project),
            Err(error) => broken.push(error),
        }
    }
    if !broken.is_empty() {
        return Err(format!(
            "{} of {} copies could not be read:\n{}",
            broken.len(),
            paths.len(),
            broken.join("\n")
        ));
    }
    let names = names(&request);
    let sources: Vec<Source> = names
        .iter()
        .zip(&paths)
        .map(|(name, path)| Source {
            name: name.clone(),
            file: path.display().to_string(),
        })
        .collect();
    let copies: Vec<Copy> = names
        .iter()
        .zip(&projects)
        .map(|(annotator, project)| Copy { annotator, project })
        .collect();
    let panel = Panel::line_up(&copies).map_err(|error| panel_error(&error, &names, &paths))?;
    let curated = curation::curate(&panel, sources.clone(), request.strategy, gold)
        .map_err(|error| format!("Cannot curate into this gold copy: {error}"))?;
    drop(panel);
    Ok(Ready {
        curated,
        projects,
        names,
        sources,
        strategy: request.strategy,
        base: None,
    })
}

/// Loads every file, on as many threads as there are cores (parsing is most of the time), in
/// the order given; `read` counts the files done.
fn load_all(paths: &[PathBuf], read: &AtomicUsize) -> Vec<Result<Project, String>> {
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let mut loaded: Vec<(usize, Result<Project, String>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads.min(paths.len()))
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = paths.get(i) else { break };
                        let project = project_file::load(path)
                            .map(|loaded| loaded.project)
                            .map_err(|error| error.to_string());
                        done.push((i, project));
                        read.fetch_add(1, Ordering::Relaxed);
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|worker| worker.join().unwrap_or_default())
            .collect()
    });
    loaded.sort_by_key(|(i, _)| *i);
    loaded.into_iter().map(|(_, project)| project).collect()
}

/// A line-up error, naming the files rather than only the annotators (who may be anonymised).
fn panel_error(error: &PanelError, names: &[String], paths: &[PathBuf]) -> String {
    let file = |name: &str| {
        names
            .iter()
            .position(|n| n == name)
            .map_or_else(|| name.to_owned(), |i| paths[i].display().to_string())
    };
    match error {
        PanelError::Empty => error.to_string(),
        PanelError::DifferentDocuments { annotator, first } => format!(
            "{} and {} are copies of different documents: they share no document (matched by id, then by identical text)",
            file(annotator),
            file(first)
        ),
        PanelError::DifferentText {
            annotator,
            first,
            doc_id,
        } => format!(
            "{}: its document {doc_id} has another text than in {}; annotations on different texts cannot be compared",
            file(annotator),
            file(first)
        ),
    }
}

/// The same file named twice (even by another path) would agree with itself.
fn refuse_twice(paths: &[PathBuf]) -> Result<(), String> {
    let mut seen: HashMap<PathBuf, &Path> = HashMap::new();
    for path in paths {
        let key = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if let Some(first) = seen.insert(key, path) {
            return Err(format!(
                "{} is given twice ({} is the same file): each annotator's copy must be given once",
                path.display(),
                first.display()
            ));
        }
    }
    Ok(())
}

/// Each copy's name: the one the gold copy recorded, else Annotator N (anonymised), else the
/// file's stem (its whole path where stems repeat). Never two alike.
fn names(request: &CurationRequest) -> Vec<String> {
    let stems: Vec<String> = request.copies.iter().map(|(p, _)| stem(p)).collect();
    let mut names: Vec<String> = Vec::with_capacity(request.copies.len());
    for (i, (path, recorded)) in request.copies.iter().enumerate() {
        let wanted = match recorded {
            Some(name) => name.clone(),
            None if request.anonymous => anonymous_name(i),
            None if stems.iter().filter(|s| **s == stems[i]).count() > 1 => path.display().to_string(),
            None => stems[i].clone(),
        };
        let mut name = wanted.clone();
        let mut n = 1;
        while names.contains(&name) {
            n += 1;
            name = if request.anonymous && recorded.is_none() {
                anonymous_name(i + n - 1)
            } else {
                format!("{wanted} ({n})")
            };
        }
        names.push(name);
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::curation::Strategy;

    #[test]
    fn names_by_case() {
        // (files with recorded names, anonymous, names)
        type Case = (
            &'static [(&'static str, Option<&'static str>)],
            bool,
            &'static [&'static str],
        );
        let cases: [Case; 4] = [
            (
                &[("c/alice.ron", None), ("bob.ron", None)],
                false,
                &["alice", "bob"],
            ),
            (
                &[("a/x.ron", None), ("b/x.ron", None)],
                false,
                &["a/x.ron", "b/x.ron"],
            ),
            (
                &[("a.ron", None), ("b.ron", None)],
                true,
                &["Annotator 1", "Annotator 2"],
            ),
            (
                &[("a.ron", Some("Annotator 2")), ("b.ron", None)],
                true,
                &["Annotator 2", "Annotator 3"],
            ),
        ];
        for (copies, anonymous, expected) in cases {
            let request = CurationRequest {
                copies: copies
                    .iter()
                    .map(|(p, n)| (PathBuf::from(p), n.map(str::to_owned)))
                    .collect(),
                strategy: Strategy::Majority,
                anonymous,
                resume: false,
            };
            assert_eq!(names(&request), expected, "{copies:?}");
        }
    }
}
