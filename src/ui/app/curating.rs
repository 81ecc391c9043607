//! Curating in the app (File › Curate…): reading the annotators' copies on a worker thread,
//! curating them into a new gold copy (opened as a new, unsaved project) or into the open gold
//! copy (resuming: one undoable step that keeps every decision), and the curation view's
//! commands. Accepting and rejecting go through the normal edit path, so Ctrl+Z undoes them; the
//! view then follows the version the undo touched.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use super::{MarginaliaApp, Pending};
use crate::io::project_file;
use crate::model::copies::{Copy, Panel, PanelError, anonymous_name};
use crate::model::curation::{self, Curated, Source, State, Strategy};
use crate::model::{Edit, Project};
use crate::ui::command::CurationRequest;
use crate::ui::curation::{CurateWindow, CurationSession, stem};
use crate::ui::session::Session;

/// Everything about curating that the app holds.
#[derive(Default)]
pub struct Curating {
    pub session: Option<CurationSession>,
    /// The curation view is shown (Esc hides it; the session goes on).
    pub shown: bool,
    pub window: Option<CurateWindow>,
    pub window_open: bool,
    job: Option<Job>,
    /// A new gold copy, waiting for Save / Discard / Cancel of the project it replaces.
    waiting_gold: Option<Box<Ready>>,
}

impl Curating {
    /// Whether the curation view's keys are the keyboard's now.
    pub fn keys_active(&self) -> bool {
        self.shown && self.session.is_some()
    }

    /// "Reading copies 12 of 30… 1 s" while the copies are read.
    pub fn progress(&self) -> Option<String> {
        let job = self.job.as_ref()?;
        Some(format!(
            "Reading copies {} of {}… {:.0} s",
            job.read.load(Ordering::Relaxed),
            job.total,
            job.started.elapsed().as_secs_f32()
        ))
    }

    /// The version the curation view's keys act on, while it is shown.
    pub fn chosen(&self) -> Option<&curation::Version> {
        let session = self.session.as_ref().filter(|_| self.shown)?;
        session.versions.versions.get(session.chosen)
    }

    /// Another project was opened: its curation (if any) is not this one.
    pub fn end(&mut self) {
        self.session = None;
        self.shown = false;
    }
}

/// Copies being read and curated on a worker thread.
struct Job {
    started: Instant,
    total: usize,
    read: Arc<AtomicUsize>,
    resume: bool,
    result: Receiver<Result<Ready, String>>,
}

/// What the worker made: the gold copy, and the copies it was made from (to curate again on the
/// UI thread if the gold copy changed meanwhile).
struct Ready {
    curated: Curated,
    projects: Vec<Project>,
    names: Vec<String>,
    sources: Vec<Source>,
    strategy: Strategy,
    /// The gold copy's generation the curation started from (when resuming).
    base: Option<u64>,
}

impl MarginaliaApp {
    /// File › Curate…: the window, set up to resume when the open project is a gold copy.
    pub(super) fn open_curate_window(&mut self) {
        let folder = self.folder();
        self.curating.window = Some(CurateWindow::new(&self.session.project, folder.as_deref()));
        self.curating.window_open = true;
    }

    pub(super) fn curate_window_ui(&mut self, ctx: &egui::Context) {
        if !self.curating.window_open {
            return;
        }
        if let Some(window) = &mut self.curating.window {
            self.curating.window_open = window.ui(ctx, &mut self.commands);
        }
    }

    /// Starts reading the copies on a worker thread; the result arrives in [`Self::poll_curation`].
    pub(super) fn start_curation(&mut self, request: CurationRequest, ctx: &egui::Context) {
        if self.curating.job.is_some() {
            return self.say("The copies are still being read");
        }
        let gold = request.resume.then(|| self.session.project.clone());
        if request.resume && gold.as_ref().is_some_and(|g| g.curation().is_none()) {
            return self.refuse("The open project is not a gold copy: start a new curation instead");
        }
        let base = request.resume.then_some(self.session.generation);
        let (sender, result) = channel();
        let read = Arc::new(AtomicUsize::new(0));
        let (progress, worker_ctx) = (read.clone(), ctx.clone());
        let total = request.copies.len();
        let resume = request.resume;
        std::thread::spawn(move || {
            let ready = prepare(request, gold, &progress).map(|mut ready| {
                ready.base = base;
                ready
            });
            let _ = sender.send(ready);
            worker_ctx.request_repaint();
        });
        self.curating.job = Some(Job {
            started: Instant::now(),
            total,
            read,
            resume,
            result,
        });
    }

    /// A start that failed: the window comes back with why; nothing was changed.
    fn refuse(&mut self, error: impl Into<String>) {
        let error = error.into();
        self.fail(format!(
            "Could not curate: {}",
            error.lines().next().unwrap_or_default()
        ));
        if let Some(window) = &mut self.curating.window {
            window.error = Some(error);
            self.curating.window_open = true;
        }
    }

    pub(super) fn poll_curation(&mut self, ctx: &egui::Context) {
        let Some(job) = &self.curating.job else { return };
        let outcome = match job.result.try_recv() {
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
                return;
            }
            Ok(outcome) => outcome,
            Err(TryRecvError::Disconnected) => Err("reading the copies stopped unexpectedly".into()),
        };
        let resume = job.resume;
        self.curating.job = None;
        match outcome {
            Err(error) => self.refuse(error),
            Ok(ready) if resume => self.resume_with(ready),
            Ok(ready) => {
                self.curating.waiting_gold = Some(Box::new(ready));
                self.guarded(Pending::OpenGold, ctx);
            }
        }
    }

    /// Opens the new gold copy as an unsaved project (Save as… names it).
    pub(super) fn open_gold(&mut self) {
        let Some(ready) = self.curating.waiting_gold.take() else {
            return;
        };
        let Ready { curated, names, .. } = *ready;
        self.discard_recovery();
        self.session = Session::new(curated.gold, None);
        self.session.history.mark_unsaved();
        self.show_first_document();
        self.teacher.close();
        self.view.marks.clear();
        self.begin_session(curated.versions);
        let open = self
            .curating
            .session
            .as_ref()
            .map_or(0, |s| s.open_groups().len());
        self.say(format!(
            "Curated {} copies: the strategy accepted {} version(s); {open} disagreement(s) to decide. \
             Save the gold copy with File › Save as…",
            names.len(),
            curated.accepted_now
        ));
    }

    /// Curates into the open gold copy as one undoable step.
    fn resume_with(&mut self, ready: Ready) {
        let Ready {
            mut curated,
            projects,
            names,
            sources,
            strategy,
            base,
        } = ready;
        if base != Some(self.session.generation) {
            // The gold copy changed while the copies were read: curate the copy as it is now.
            let copies: Vec<Copy> = names
                .iter()
                .zip(&projects)
                .map(|(annotator, project)| Copy { annotator, project })
                .collect();
            let redone = Panel::line_up(&copies)
                .map_err(|e| e.to_string())
                .and_then(|panel| {
                    curation::curate(&panel, sources, strategy, Some(self.session.project.clone()))
                        .map_err(|e| e.to_string())
                });
            match redone {
                Ok(redone) => curated = redone,
                Err(error) => return self.refuse(error),
            }
        }
        let record = curated.gold.curation().cloned().map(Box::new);
        // Led by the curation record, the step reads "Curate" in Edit › Undo.
        self.edit(Edit::Batch(vec![
            Edit::SetCuration(record),
            Edit::ReplaceProject(Box::new(curated.gold)),
        ]));
        self.begin_session(curated.versions);
        let open = self
            .curating
            .session
            .as_ref()
            .map_or(0, |s| s.open_groups().len());
        self.say(format!(
            "Resumed: {} decision(s) kept, the strategy accepted {} new version(s); {open} disagreement(s) open. \
             Ctrl+Z undoes it.",
            curated.kept, curated.accepted_now
        ));
    }

    /// The curation view on the first open disagreement.
    fn begin_session(&mut self, versions: curation::Versions) {
        let strategy = self
            .session
            .project
            .curation()
            .map_or(Strategy::Majority, |c| c.strategy);
        let mut session = CurationSession::new(versions, strategy);
        session.refresh(&self.session.project, self.session.generation);
        let first = session.open_groups().first().copied();
        self.curating.session = Some(session);
        self.curating.shown = true;
        self.curating.window_open = false;
        if let Some(group) = first {
            self.show_group(group);
        } else if self
            .curating
            .session
            .as_ref()
            .is_some_and(|s| !s.versions.groups.is_empty())
        {
            self.show_group(0);
        }
    }

    /// The session, refreshed against the project as it is now.
    fn live_session(&mut self) -> Option<&CurationSession> {
        let session = self.curating.session.as_mut()?;
        session.refresh(&self.session.project, self.session.generation);
        Some(session)
    }

    /// Shows a disagreement: its first open version chosen, its place brought into view.
    fn show_group(&mut self, group: usize) {
        let Some(session) = self.live_session() else {
            return;
        };
        let version = session.first_open_in(group);
        self.show_version(version);
    }

    /// Chooses a version and brings its disagreement into view (nothing is selected, so no label
    /// palette opens).
    pub(super) fn show_version(&mut self, version: usize) {
        let Some(session) = self.curating.session.as_mut() else {
            return;
        };
        let Some(key) = session.versions.versions.get(version).map(|v| v.key.clone()) else {
            return;
        };
        session.group = session.versions.group_of(version);
        session.chosen = version;
        self.curating.shown = true;
        self.reveal(key.document.clone(), key.range());
    }

    /// View › Curation view, or the status bar's "Curating: N open".
    pub(super) fn show_curation(&mut self) {
        match &self.curating.session {
            Some(session) => {
                let chosen = session.chosen;
                self.show_version(chosen);
            }
            None => self.say("No curation under way: File › Curate… starts one or resumes a gold copy"),
        }
    }

    /// A: the chosen version goes into the gold copy; R: it is rejected (and leaves it).
    pub(super) fn decide_version(&mut self, accept: bool) {
        if self.live_session().is_none() {
            return self.say("No curation under way: File › Curate… starts one");
        }
        let Some(session) = &self.curating.session else {
            return;
        };
        let chosen = session.chosen;
        let Some(version) = session.versions.versions.get(chosen) else {
            return;
        };
        let gold = &self.session.project;
        let edit = if accept {
            curation::accept(gold, &session.versions, chosen)
        } else {
            curation::reject(gold, &session.versions, chosen)
        };
        let label = gold
            .label(&version.key.label)
            .map_or(version.key.label.to_string(), |l| l.name.clone());
        let range = format!("{}..{}", version.key.start, version.key.end);
        self.edit(edit);
        self.say(if accept {
            format!("Accepted {label} {range} into the gold copy; Ctrl+Z undoes it")
        } else {
            format!("Rejected {label} {range}; Ctrl+Z undoes it")
        });
        self.after_decision(chosen);
    }

    /// The next open version of the disagreement, or (none left) the next open disagreement.
    fn after_decision(&mut self, decided: usize) {
        let Some(session) = self.live_session() else {
            return;
        };
        let group = session.group_versions();
        let next_open = (decided + 1..group.end)
            .chain(group.start..decided)
            .find(|&i| session.state(i) == State::Open);
        let next_group = session.next_open_group(true);
        match (next_open, next_group) {
            (Some(version), _) => self.show_version(version),
            (None, Some(group)) => self.show_group(group),
            (None, None) => self.say(
                "Every disagreement is decided: the gold copy is complete. Save it with File › Save as…",
            ),
        }
    }

    /// Tab / Shift+Tab: the next or previous open disagreement, wrapping round.
    pub(super) fn step_disagreement(&mut self, forward: bool) {
        let Some(session) = self.live_session() else {
            return self.say("No curation under way: File › Curate… starts one");
        };
        let current = session.group;
        let any_open = !session.open_groups().is_empty();
        match session.next_open_group(forward) {
            Some(group) => {
                let wrapped = if forward { group < current } else { group > current };
                self.show_group(group);
                if wrapped {
                    self.say(if forward {
                        "Back to the first open disagreement"
                    } else {
                        "On to the last open disagreement"
                    });
                }
            }
            None if !any_open => self.say("No disagreement left: every version is decided"),
            None => {
                self.show_group(current);
                self.say("This is the only open disagreement");
            }
        }
    }

    /// Up / Down: the previous or next version of the disagreement shown.
    pub(super) fn step_version(&mut self, forward: bool) {
        let Some(session) = self.live_session() else {
            return;
        };
        let group = session.group_versions();
        let chosen = session.chosen.clamp(group.start, group.end.saturating_sub(1));
        let next = if forward {
            (chosen + 1 < group.end).then_some(chosen + 1)
        } else {
            chosen.checked_sub(1).filter(|&i| i >= group.start)
        };
        if let Some(version) = next {
            self.show_version(version);
        }
    }

    /// After an undo or redo: the view goes to the version whose decision changed.
    pub(super) fn follow_curation(&mut self) {
        let Some(session) = self.curating.session.as_mut() else {
            return;
        };
        if let Some(version) = session.refresh(&self.session.project, self.session.generation)
            && self.curating.shown
        {
            self.show_version(version);
        }
    }

    /// Esc in the curation view hides it; the session goes on (the status bar brings it back).
    pub(super) fn close_curation(&mut self) -> bool {
        std::mem::replace(&mut self.curating.shown, false) && self.curating.session.is_some()
    }
}

/// Reads and curates on the worker thread. Every file is read before anything is made; an error
/// names the file.
fn prepare(request: CurationRequest, gold: Option<Project>, read: &AtomicUsize) -> Result<Ready, String> {
    if request.copies.len() < 2 {
        return Err("curating needs at least two annotators' copies".into());
    }
    let paths: Vec<PathBuf> = request.copies.iter().map(|(p, _)| p.clone()).collect();
    refuse_twice(&paths)?;
    let mut projects = Vec::with_capacity(paths.len());
    let mut broken = Vec::new();
    for path in &paths {
        match project_file::load(path) {
            Ok(loaded) => projects.push(loaded.project),
            Err(error) => broken.push(error.to_string()),
        }
        read.fetch_add(1, Ordering::Relaxed);
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

    #[test]
    fn names_by_case() {
        // (files with recorded names, anonymous, names)
        let cases: [(&[(&str, Option<&str>)], bool, &[&str]); 4] = [
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
