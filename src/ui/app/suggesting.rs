//! Suggestions in the app: the worker that trains and scores off the UI thread, the list shown
//! (derived from the project and the worker's latest result), and the commands that walk it,
//! accept and reject (J, Shift+J, Y, X), and take or dismiss every repeat of the span just
//! labelled (Ctrl+Shift+Y). Every decision goes through the normal edit path, so Ctrl+Z undoes it.
//!
//! - Which labels: every label with [`suggest::MIN_EXAMPLES`] annotations or more; each gets its
//!   own model. With an external scorer set, it scores those labels' candidates too.
//! - When: after every change of the project (edit, undo, redo, another project) and a short
//!   quiet spell ([`DEBOUNCE`]), one job at a time. A result computed for an older generation of
//!   the project is dropped and the job runs again; until a fresh one arrives the last result is
//!   shown, filtered by the project as it is now (what was decided or annotated since leaves it).

use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use super::MarginaliaApp;
use crate::io::scorer;
use crate::model::suggest::decisions::{Decided, Origin};
use crate::model::suggest::{self, Scores, Suggestion};
use crate::model::{AnnotationId, Edit, LabelId, Project};
use crate::ui::suggestions::{self, SuggestionMark};

/// How long the project must stay unchanged before the worker retrains.
const DEBOUNCE: Duration = Duration::from_millis(300);

/// What the worker made for one generation of the project.
struct Computed {
    generation: u64,
    /// Every suggested label's suggestions, highest score first.
    suggestions: Vec<Suggestion>,
    /// Each suggested label's threshold, to find the most uncertain suggestions.
    thresholds: Vec<(LabelId, f32)>,
    /// The external scorer's failures (the built-in model was used instead).
    errors: Vec<String>,
}

/// Where a suggestion is: what the keys act on is remembered by place, not by index.
type Place = (crate::model::DocId, usize, usize, LabelId);

fn place(s: &Suggestion) -> Place {
    (s.document.clone(), s.start, s.end, s.label.clone())
}

/// Everything about suggestions that the app holds.
#[derive(Default)]
pub struct Suggesting {
    /// View › Show suggestions unticked: nothing drawn, counted, or computed.
    pub hidden: bool,
    /// Step through the suggestions closest to their threshold first.
    pub uncertain_first: bool,
    job: Option<(u64, Receiver<Computed>)>,
    latest: Option<Computed>,
    /// A number for every result taken, so the list shown knows when to rebuild.
    serial: u64,
    /// The generation seen last, and since when.
    seen: Option<(u64, Instant)>,
    /// The span labelled last: its repeats are proposed.
    pub repeats_of: Option<AnnotationId>,
    /// The suggestion the keys act on, and its index when chosen (where the next one is after
    /// it was decided).
    current: Option<Place>,
    index: usize,
    shown: Shown,
}

/// The list shown, for one generation of the project and one result.
#[derive(Default)]
struct Shown {
    built_for: Option<(u64, u64, bool, bool)>,
    /// Repeats first, then the model's, in the order J walks them.
    list: Vec<Suggestion>,
    repeats: Vec<Suggestion>,
}

impl Suggesting {
    /// Whether the worker is training or will start soon: what tests wait for.
    pub fn busy(&self, generation: u64) -> bool {
        !self.hidden
            && (self.job.is_some() || self.latest.as_ref().is_none_or(|l| l.generation != generation))
    }

    /// Busy for more than a second on this generation: worth saying in the status bar (a quick
    /// retraining would only flash).
    pub fn busy_for_a_while(&self, generation: u64) -> bool {
        self.busy(generation)
            && self
                .seen
                .is_some_and(|(seen, since)| seen == generation && since.elapsed() > Duration::from_secs(1))
    }

    /// Rebuilds the list shown if the project or the result changed.
    pub(super) fn refresh(&mut self, project: &Project, generation: u64) {
        let key = (generation, self.serial, self.hidden, self.uncertain_first);
        if self.shown.built_for == Some(key) {
            return;
        }
        self.shown.built_for = Some(key);
        self.shown.list.clear();
        self.shown.repeats.clear();
        if self.hidden {
            return;
        }
        if let Some(id) = &self.repeats_of {
            self.shown.repeats = suggest::repeats(project, id);
        }
        let mut list = self.shown.repeats.clone();
        let mut listed: std::collections::HashSet<Place> = list.iter().map(place).collect();
        if let Some(latest) = &self.latest {
            let mut decided: Vec<(LabelId, Decided)> = Vec::new();
            for s in &latest.suggestions {
                if !decided.iter().any(|(l, _)| l == &s.label) {
                    decided.push((
                        s.label.clone(),
                        Decided::new(project.suggestion_decisions(), &s.label),
                    ));
                }
                let stands = project
                    .document(&s.document)
                    .is_some_and(|d| d.text.slice(s.range()) == Some(s.text.as_str()));
                let decided_before = decided
                    .iter()
                    .any(|(l, d)| l == &s.label && d.contains(&s.document, s.range(), &s.text));
                let taken = project.is_labelled(&s.document, s.range(), &s.label);
                if stands && !decided_before && !taken && listed.insert(place(s)) {
                    list.push(s.clone());
                }
            }
            if self.uncertain_first {
                let threshold = |s: &Suggestion| {
                    latest
                        .thresholds
                        .iter()
                        .find(|(l, _)| l == &s.label)
                        .map_or(0.0, |(_, t)| *t)
                };
                let distance = |s: &Suggestion| match s.origin {
                    Origin::Repeat => f32::INFINITY,
                    _ => (s.score - threshold(s)).abs(),
                };
                list.sort_by(|a, b| distance(a).total_cmp(&distance(b)));
            }
        }
        self.shown.list = list;
    }

    /// The suggestion the keys act on, if it is still shown.
    fn chosen(&self) -> Option<(usize, &Suggestion)> {
        let current = self.current.as_ref()?;
        self.shown
            .list
            .iter()
            .enumerate()
            .find(|(_, s)| &place(s) == current)
    }

    /// The outlines on one document.
    pub fn marks(&self, project: &Project, doc_id: Option<&crate::model::DocId>) -> Vec<SuggestionMark> {
        let current = self.current.as_ref();
        self.shown
            .list
            .iter()
            .filter(|s| Some(&s.document) == doc_id)
            .map(|s| SuggestionMark {
                range: s.range(),
                colour: project
                    .label(&s.label)
                    .map_or(egui::Color32::GRAY, |l| crate::ui::canvas::to_color32(l.color)),
                label: project
                    .label(&s.label)
                    .map_or(s.label.to_string(), |l| l.name.clone()),
                score: s.score,
                origin: s.origin,
                current: Some(&place(s)) == current,
            })
            .collect()
    }

    /// What the suggestions bar shows: the repeats on offer and the suggestion chosen.
    pub fn bar(&self, project: &Project) -> suggestions::Bar {
        let label_name = |id: &LabelId| project.label(id).map_or(id.to_string(), |l| l.name.clone());
        suggestions::Bar {
            repeats: self
                .shown
                .repeats
                .first()
                .map(|r| (r.text.clone(), label_name(&r.label), self.shown.repeats.len())),
            chosen: self.chosen().map(|(i, s)| suggestions::Chosen {
                position: i + 1,
                of: self.shown.list.len(),
                label: label_name(&s.label),
                score: s.score,
                origin: s.origin,
            }),
        }
    }

    pub fn list(&self) -> (&[Suggestion], Option<&Suggestion>) {
        (&self.shown.list, self.chosen().map(|(_, s)| s))
    }

    pub fn count(&self) -> usize {
        self.shown.list.len()
    }

    /// Another project was opened: its suggestions are not these.
    pub fn end(&mut self) {
        self.latest = None;
        self.repeats_of = None;
        self.current = None;
        self.shown = Shown::default();
    }
}

impl MarginaliaApp {
    /// Starts the worker when the project changed and then stayed still a moment; takes its
    /// result when it is in; keeps the list shown up to date.
    pub(super) fn poll_suggestions(&mut self, ctx: &egui::Context) {
        let generation = self.session.generation;
        let state = &mut self.suggesting;
        if let Some((asked, result)) = &state.job {
            match result.try_recv() {
                Err(TryRecvError::Empty) => ctx.request_repaint_after(Duration::from_millis(50)),
                Ok(computed) => {
                    let fresh = *asked == generation;
                    state.job = None;
                    if fresh {
                        let errors = computed.errors.join("; ");
                        state.latest = Some(computed);
                        state.serial += 1;
                        if !errors.is_empty() {
                            self.fail(format!("Scorer: {errors}; suggestions from the built-in model"));
                        }
                    }
                }
                Err(TryRecvError::Disconnected) => state.job = None,
            }
        }
        let state = &mut self.suggesting;
        if state.seen.is_none_or(|(g, _)| g != generation) {
            state.seen = Some((generation, Instant::now()));
        }
        let stale = state.latest.as_ref().is_none_or(|l| l.generation != generation);
        if !state.hidden && stale && state.job.is_none() {
            let quiet = state.seen.map_or(Duration::ZERO, |(_, since)| since.elapsed());
            if quiet < DEBOUNCE {
                ctx.request_repaint_after(DEBOUNCE - quiet);
            } else if labels_to_suggest(&self.session.project).is_empty() {
                // Nothing to learn from: no thread needed.
                state.latest = Some(Computed {
                    generation,
                    suggestions: Vec::new(),
                    thresholds: Vec::new(),
                    errors: Vec::new(),
                });
                state.serial += 1;
            } else {
                let (sender, result) = channel();
                let (project, worker_ctx) = (self.session.project.clone(), ctx.clone());
                std::thread::spawn(move || {
                    let _ = sender.send(compute(&project, generation));
                    worker_ctx.request_repaint();
                });
                state.job = Some((generation, result));
            }
        }
        self.suggesting.refresh(&self.session.project, generation);
    }

    /// J / Shift+J: the next or previous suggestion, brought into view.
    pub(super) fn step_suggestion(&mut self, forward: bool) {
        if self.suggesting.hidden {
            return self.say("Suggestions are hidden: View › Show suggestions (Ctrl+J) shows them");
        }
        self.suggesting
            .refresh(&self.session.project, self.session.generation);
        let state = &mut self.suggesting;
        let len = state.shown.list.len();
        if len == 0 {
            let why = if state.busy(self.session.generation) {
                "No suggestions yet: the model is still learning"
            } else {
                "No suggestions: no unmarked sentence looks like a label with 10 or more annotations"
            };
            return self.say(why);
        }
        let next = match (state.chosen().map(|(i, _)| i), forward) {
            (Some(i), true) => (i + 1) % len,
            (Some(i), false) => (i + len - 1) % len,
            // The one chosen was decided: the list closed up over it.
            (None, true) => state.index.min(len - 1),
            (None, false) => state.index.checked_sub(1).unwrap_or(len - 1).min(len - 1),
        };
        self.show_suggestion(next);
    }

    fn show_suggestion(&mut self, index: usize) {
        let state = &mut self.suggesting;
        let Some(s) = state.shown.list.get(index) else {
            return;
        };
        state.current = Some(place(s));
        state.index = index;
        let (doc_id, range) = (s.document.clone(), s.range());
        self.reveal(doc_id, range);
    }

    /// Y / X: the suggestion chosen becomes an annotation, or is rejected; the next one is chosen.
    pub(super) fn decide_suggestion(&mut self, accept: bool) {
        self.suggesting
            .refresh(&self.session.project, self.session.generation);
        let Some((_, s)) = self.suggesting.chosen() else {
            return self.say("No suggestion chosen: J goes to the next one");
        };
        let s = s.clone();
        let project = &self.session.project;
        let label = project
            .label(&s.label)
            .map_or(s.label.to_string(), |l| l.name.clone());
        let edits = if accept {
            suggest::accept_edits(project, &s)
        } else {
            suggest::reject_edits(&s)
        };
        if edits.is_empty() {
            return self.fail("The suggestion's document is gone");
        }
        self.edit(Edit::Batch(edits));
        self.say(if accept {
            format!("Accepted as {label}; Ctrl+Z undoes it")
        } else {
            format!("Rejected: it will not be suggested as {label} again; Ctrl+Z undoes it")
        });
        self.suggesting
            .refresh(&self.session.project, self.session.generation);
        if self.suggesting.count() > 0 {
            self.step_suggestion(true);
        } else {
            self.suggesting.current = None;
        }
    }

    /// Ctrl+Shift+Y, or Dismiss in the suggestions bar: every repeat of the span just labelled is
    /// accepted (or rejected) in one undoable step.
    pub(super) fn decide_repeats(&mut self, accept: bool) {
        self.suggesting
            .refresh(&self.session.project, self.session.generation);
        let repeats = self.suggesting.shown.repeats.clone();
        if repeats.is_empty() {
            return self.say("No repeats to take: label a span, and its text found elsewhere is proposed");
        }
        let project = &self.session.project;
        let edits: Vec<Edit> = repeats
            .iter()
            .flat_map(|s| {
                if accept {
                    suggest::accept_edits(project, s)
                } else {
                    suggest::reject_edits(s)
                }
            })
            .collect();
        self.edit(Edit::Batch(edits));
        let n = repeats.len();
        self.say(if accept {
            format!("Labelled {n} repeat(s); Ctrl+Z undoes them at once")
        } else {
            format!("Dismissed {n} repeat(s); Ctrl+Z brings them back")
        });
    }

    /// The span just labelled: its repeats elsewhere in the project are proposed.
    pub(super) fn offer_repeats(&mut self, annotation_id: AnnotationId) {
        self.suggesting.repeats_of = Some(annotation_id);
    }

    pub(super) fn toggle_suggestions(&mut self) {
        // The View menu's tick says which; the status bar's count goes and comes back.
        self.suggesting.hidden ^= true;
    }
}

/// The labels with enough annotations to learn from.
fn labels_to_suggest(project: &Project) -> Vec<LabelId> {
    project
        .labels()
        .iter()
        .filter(|label| {
            project
                .annotations()
                .iter()
                .filter(|a| a.label == label.id && !a.orphaned)
                .count()
                >= suggest::MIN_EXAMPLES
        })
        .map(|label| label.id.clone())
        .collect()
}

/// On the worker thread: every label's model trained, its candidates scored (by the external
/// scorer too when the project names one), the suggestions ranked.
fn compute(project: &Project, generation: u64) -> Computed {
    let command = project.settings.scorer.trim().to_owned();
    let mut computed = Computed {
        generation,
        suggestions: Vec::new(),
        thresholds: Vec::new(),
        errors: Vec::new(),
    };
    for label in labels_to_suggest(project) {
        let trained = suggest::train(project, &label).ok();
        let candidates = suggest::candidates(project, &label, None);
        let external = if command.is_empty() {
            None
        } else {
            match scorer::score(&command, &candidates, scorer::TIME_LIMIT) {
                Ok(scores) => Some(scores),
                Err(error) => {
                    computed.errors.push(error.to_string());
                    None
                }
            }
        };
        if trained.is_none() && external.is_none() {
            continue;
        }
        let scores = Scores {
            model: trained.as_ref(),
            scorer: external.as_deref(),
            scorer_use: project.settings.scorer_use,
        };
        computed
            .thresholds
            .push((label.clone(), scores.default_threshold()));
        computed
            .suggestions
            .extend(suggest::rank(&candidates, &label, &scores, None));
    }
    computed.suggestions.sort_by(|a, b| b.score.total_cmp(&a.score));
    computed.errors.dedup();
    computed
}
