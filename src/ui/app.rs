//! `MarginaliaApp`: owns the open project and the views, and applies the commands they queue.
//!
//! Widgets only read the project and push [`Command`]s; after drawing, [`MarginaliaApp::ui`]
//! applies them in order. Every change to the project therefore goes through the undo history.

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::time::{Duration, Instant};

use egui::Ui;

mod bars;
mod curating;
mod exchange;
mod merging;
mod modals;
mod opening;
mod reading;
mod review;
mod suggesting;
mod teaching;

use super::canvas::Canvas;
use super::command::{self, Command};
use super::conflicts::ConflictsWindow;
use super::dialogs::{FileDialogs, FilePurpose};
use super::exchange::Exchange;
use super::find::FindBar;
use super::inspector::Inspector;
use super::labels::LabelManager;
use super::palette::CommandPalette;
use super::prefs::{PREFS_KEY, Prefs};
use super::revisions::RevisionsWindow;
use super::session::Session;
use super::settings::SettingsDialog;
use super::side_panel::SidePanel;
use super::teacher::Teacher;
use super::view::View;
use crate::io::formats::{FormatError, ImportOutcome};
use crate::io::{import, recovery};
use crate::model::{Annotation, AnnotationId, Document, Edit, Project, Quote, annotation::now};

/// How often a recovery copy is written while there are unsaved changes.
const RECOVERY_INTERVAL: Duration = Duration::from_secs(30);
const RECENT_KEY: &str = "recent";
const MAX_RECENT: usize = 10;

/// An action that would drop unsaved changes, waiting for Save / Discard / Cancel.
#[derive(Clone, Debug, PartialEq)]
enum Pending {
    Quit,
    New,
    Open,
    OpenPath(PathBuf),
    /// A new gold copy from File › Curate…, read and waiting to be opened.
    OpenGold,
}

/// A file being read on a worker thread, so a large one never freezes the window.
struct Importing<T> {
    path: PathBuf,
    started: Instant,
    result: Receiver<T>,
}

impl<T: Send + 'static> Importing<T> {
    fn start(path: PathBuf, ctx: &egui::Context, work: impl FnOnce(&Path) -> T + Send + 'static) -> Self {
        let (sender, result) = channel();
        let (worker_path, ctx) = (path.clone(), ctx.clone());
        std::thread::spawn(move || {
            let _ = sender.send(work(&worker_path));
            ctx.request_repaint();
        });
        Self {
            path,
            started: Instant::now(),
            result,
        }
    }
}

pub struct MarginaliaApp {
    pub session: Session,
    pub view: View,
    canvas: Canvas,
    side_panel: SidePanel,
    inspector: Inspector,
    labels: LabelManager,
    dialogs: FileDialogs,
    exchange: Exchange,
    teacher: Teacher,
    settings: SettingsDialog,
    find: FindBar,
    palette: CommandPalette,
    revisions: RevisionsWindow,
    conflicts: ConflictsWindow,
    curating: curating::Curating,
    suggesting: suggesting::Suggesting,
    /// Panels, theme and text size, remembered between runs.
    pub prefs: Prefs,
    importing: Option<Importing<Result<Document, import::ImportError>>>,
    importing_annotations: Option<Importing<Result<ImportOutcome, FormatError>>>,
    /// The project file being read on a worker thread (see [`opening`]).
    opening: Option<opening::Opening>,
    /// Files waiting to be imported after the current one (several dropped at once).
    import_queue: VecDeque<PathBuf>,
    commands: Vec<Command>,
    recent: Vec<PathBuf>,
    confirm: Option<Pending>,
    after_save: Option<Pending>,
    /// A recovery copy found for the project just opened.
    recovery_offer: Option<PathBuf>,
    /// The last message for the status bar, and whether it is an error.
    pub message: Option<(String, bool)>,
    /// An error that needs the user's attention (a project that failed to load).
    pub error: Option<String>,
    title: String,
    last_recovery_write: Instant,
    closing: bool,
    /// The window was asked to close while a field had the keyboard: quit once it has committed.
    quit_when_typed: bool,
}

impl MarginaliaApp {
    /// The app on `session`, without a window system (also what UI tests use).
    pub fn with_session(session: Session) -> Self {
        let mut app = Self {
            session,
            view: View::default(),
            canvas: Canvas::default(),
            side_panel: SidePanel::default(),
            inspector: Inspector::default(),
            labels: LabelManager::default(),
            dialogs: FileDialogs::default(),
            exchange: Exchange::default(),
            teacher: Teacher::default(),
            settings: SettingsDialog::default(),
            find: FindBar::default(),
            palette: CommandPalette::default(),
            revisions: RevisionsWindow::default(),
            conflicts: ConflictsWindow::default(),
            curating: curating::Curating::default(),
            suggesting: suggesting::Suggesting::default(),
            prefs: Prefs::default(),
            importing: None,
            importing_annotations: None,
            opening: None,
            import_queue: VecDeque::new(),
            commands: Vec::new(),
            recent: Vec::new(),
            confirm: None,
            after_save: None,
            recovery_offer: None,
            message: None,
            error: None,
            title: String::new(),
            last_recovery_write: Instant::now(),
            closing: false,
            quit_when_typed: false,
        };
        app.show_first_document();
        app.offer_recovery();
        app.show_instructions();
        app
    }

    /// The app as `marginalia [PROJECT]` starts it.
    pub fn new(cc: &eframe::CreationContext<'_>, path: Option<PathBuf>) -> Self {
        super::fonts::install(&cc.egui_ctx);
        let session = match &path {
            None => Session::demo(),
            // Stands in (empty) until the file's documents are read.
            Some(_) => Session::new(Project::new("Untitled"), None),
        };
        let mut app = Self::with_session(session);
        if let Some(storage) = cc.storage {
            app.recent = eframe::get_value(storage, RECENT_KEY).unwrap_or_default();
            app.prefs = eframe::get_value(storage, PREFS_KEY).unwrap_or_default();
        }
        cc.egui_ctx.set_theme(app.prefs.theme);
        if let Some(path) = &path {
            // The stand-in's recovery copy is not what was asked for; the file's own is offered
            // once it is open.
            app.recovery_offer = None;
            app.open_in_background(path, &cc.egui_ctx);
        }
        app
    }

    /// Queues a command as if the user had given it.
    /// The boxes of the current document's highlight of `range` as painted last frame (tests).
    pub fn canvas_rects(&self, range: crate::model::CharRange) -> Vec<egui::Rect> {
        self.canvas.range_rects(range)
    }

    /// The caret's rectangle at `position` as drawn last frame (tests).
    pub fn caret_rect(&self, position: usize) -> Option<egui::Rect> {
        self.canvas.caret_rect(position)
    }

    /// The right-to-left and mixed paragraphs' pieces as drawn last frame (tests).
    pub fn drawn_pieces(&self) -> Vec<super::canvas::DrawnPiece> {
        self.canvas.drawn_pieces()
    }

    pub fn queue(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// Whether annotators' copies are being read for a curation (File › Curate…).
    pub fn reading_copies(&self) -> bool {
        self.curating.progress().is_some()
    }

    /// The version the curation view's keys act on, while the view is shown.
    pub fn chosen_version(&self) -> Option<&crate::model::curation::Version> {
        self.curating.chosen()
    }

    /// Whether the suggestions worker is training, or will start soon (tests wait for it).
    pub fn suggestions_busy(&self) -> bool {
        self.suggesting.busy(self.session.generation)
    }

    /// How many suggestions are shown (repeats and the model's), in every document.
    pub fn suggestion_count(&self) -> usize {
        self.suggesting.count()
    }

    /// The suggestions shown, in the order J walks them, and the one the keys act on.
    pub fn suggestions(
        &self,
    ) -> (
        &[crate::model::suggest::Suggestion],
        Option<&crate::model::suggest::Suggestion>,
    ) {
        self.suggesting.list()
    }

    fn show_first_document(&mut self) {
        self.view = View {
            doc_id: self.session.project.documents().first().map(|doc| doc.id.clone()),
            ..View::default()
        };
    }

    fn offer_recovery(&mut self) {
        self.recovery_offer = match &self.session.path {
            Some(path) => recovery::pending(path),
            None => self.session.recovery_path().filter(|p| p.exists()),
        };
    }

    fn remember(&mut self, path: &Path) {
        let path = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned());
        self.recent.retain(|p| p != &path);
        self.recent.insert(0, path);
        self.recent.truncate(MAX_RECENT);
    }

    pub(super) fn say(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), false));
    }

    pub(super) fn fail(&mut self, text: impl Into<String>) {
        self.message = Some((text.into(), true));
    }

    // ----- applying commands -----

    fn apply_commands(&mut self, ctx: &egui::Context) {
        if self.opening.is_some() {
            // They apply to the project being opened, once it is in.
            return;
        }
        let commands = std::mem::take(&mut self.commands);
        if !commands.is_empty() {
            // The frame was drawn before these changes: draw another one that shows them.
            ctx.request_repaint();
        }
        for command in commands {
            self.apply(command, ctx);
        }
    }

    fn apply(&mut self, command: Command, ctx: &egui::Context) {
        match command {
            Command::Apply(edit) => self.edit(edit),
            Command::Undo => match self.session.undo() {
                Ok(true) => self.follow_curation(),
                Ok(false) => self.say("Nothing to undo"),
                Err(error) => self.fail(format!("Cannot undo: {error}")),
            },
            Command::Redo => match self.session.redo() {
                Ok(true) => self.follow_curation(),
                Ok(false) => self.say("Nothing to redo"),
                Err(error) => self.fail(format!("Cannot redo: {error}")),
            },
            Command::New => self.guarded(Pending::New, ctx),
            Command::Open => self.guarded(Pending::Open, ctx),
            Command::OpenPath(path) => self.guarded(Pending::OpenPath(path), ctx),
            Command::Quit => self.guarded(Pending::Quit, ctx),
            Command::Save => match self.session.path.clone() {
                Some(path) => self.save_to(&path, ctx),
                None => self.apply(Command::SaveAs, ctx),
            },
            Command::SaveAs => {
                let name = format!("{}.ron", self.session.project.name);
                self.dialogs.ask(FilePurpose::SaveAs, self.folder(), &name, ctx);
            }
            Command::SaveTo(path) => self.save_to(&path, ctx),
            Command::ImportDocument => self.dialogs.ask(FilePurpose::Import, self.folder(), "", ctx),
            Command::ImportPath(path) => {
                self.import_queue.push_back(path);
                self.start_import(ctx);
            }
            Command::PasteDocument => ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste),
            Command::ImportPasted(text) => match import::import_pasted(&text) {
                Some(document) => self.add_document(document),
                None => self.say("The clipboard holds no text"),
            },
            Command::Export => self.exchange.open_export(),
            Command::ExportChoosePath => self.ask_export_path(ctx),
            Command::ExportTo(path) => self.export_to(&path),
            Command::ImportAnnotations => {
                self.dialogs
                    .ask(FilePurpose::ImportAnnotations, self.folder(), "", ctx)
            }
            Command::ImportAnnotationsFrom(path) => {
                self.exchange.choose_import(path, self.view.doc_id.clone())
            }
            Command::ImportAnnotationsWith {
                path,
                format,
                options,
            } => self.import_annotations(path, format, options, ctx),
            Command::ExportExercise => {
                let instructions = self.session.project.settings.instructions.clone();
                self.teacher.exercise = Some(instructions);
            }
            Command::ExerciseChoosePath => self.ask_exercise_path(ctx),
            Command::SaveExerciseTo(path) => self.save_exercise(&path),
            Command::CompareWithKey => self.dialogs.ask(FilePurpose::OpenKey, self.folder(), "", ctx),
            Command::CompareWith(path) => self.compare_with(&path),
            Command::SaveFeedback => self.ask_feedback_path(ctx),
            Command::SaveFeedbackTo(path) => self.save_feedback(&path),
            Command::ShowSpan(doc_id, start, end) => self.show_span(doc_id, start, end),
            Command::Reveal { doc_id, range } => self.reveal(doc_id, range),
            Command::CompareClass(paths) => self.compare_class(paths),
            Command::ShowDocument(doc_id) => self.show_document(doc_id),
            Command::Select(Some(to)) if self.view.linking.is_some() => self.finish_link(to),
            Command::Select(annotation_id) => self.select(annotation_id),
            Command::ClickAt { position, annotation } => self.click_at(position, annotation),
            Command::MoveCaret { to, extend } => self.move_caret(to, extend),
            Command::SelectSentence => self.select_around_caret(true),
            Command::SelectParagraph => self.select_around_caret(false),
            Command::StartLink(kind) => self.start_link(kind),
            Command::NextAnnotation | Command::StepLinkTarget(true) if self.view.linking.is_some() => {
                self.step_link_target(true)
            }
            Command::PreviousAnnotation | Command::StepLinkTarget(false) if self.view.linking.is_some() => {
                self.step_link_target(false)
            }
            Command::StepLinkTarget(_) => {}
            Command::ChooseLinkType(n) => self.choose_link_type(n),
            Command::Confirm => self.confirm_link(),
            Command::NextAnnotation => self.step_annotation(true),
            Command::PreviousAnnotation => self.step_annotation(false),
            Command::SetSelection(range) => {
                self.view.selection = range;
                if let Some(range) = range {
                    self.view.selected = None;
                    self.view.caret = Some(range.end);
                    self.view.anchor = Some(range.start);
                }
            }
            Command::LabelSelection(label_id) => self.label_selection(label_id),
            Command::DeleteSelected => {
                if let Some(annotation_id) = self.view.selected.take() {
                    self.edit(Edit::RemoveAnnotation(annotation_id));
                }
            }
            Command::AcceptPlacement => self.accept_placement(),
            Command::MarkOrphaned => self.mark_orphaned(),
            Command::PlaceOnSelection => self.place_on_selection(),
            Command::NextToReview => self.next_to_review(),
            Command::ShowToReview => self.show_to_review(),
            Command::ShowRevisions(doc_id) => self.show_revisions(doc_id),
            Command::MergeWith => self.dialogs.ask(FilePurpose::MergeWith, self.folder(), "", ctx),
            Command::MergeWithFrom(path) => self.merge_with(&path),
            Command::TakeConflict { conflict_id, side } => self.take_conflict(&conflict_id, side),
            Command::TakeSelectedConflict(side) => self.take_selected_conflict(side),
            Command::TakeAllConflicts(side) => self.take_all_conflicts(side),
            Command::NextConflict => self.next_conflict(),
            Command::ShowConflicts => self.show_conflicts(),
            Command::Curate => self.open_curate_window(),
            Command::StartCuration(request) => self.start_curation(request, ctx),
            Command::ShowCuration => self.show_curation(),
            Command::AcceptVersion => self.decide_version(true),
            Command::RejectVersion => self.decide_version(false),
            Command::NextDisagreement => self.step_disagreement(true),
            Command::PreviousDisagreement => self.step_disagreement(false),
            Command::NextVersion => self.step_version(true),
            Command::PreviousVersion => self.step_version(false),
            Command::ChooseVersion(version) => self.show_version(version),
            Command::CloseCuration => {
                self.close_curation();
            }
            Command::NextSuggestion => self.step_suggestion(true),
            Command::PreviousSuggestion => self.step_suggestion(false),
            Command::AcceptSuggestion => self.decide_suggestion(true),
            Command::RejectSuggestion => self.decide_suggestion(false),
            Command::AcceptAllRepeats => self.decide_repeats(true),
            Command::DismissRepeats => self.decide_repeats(false),
            Command::ToggleSuggestions => self.toggle_suggestions(),
            Command::ToggleSuggestionOrder => self.suggesting.uncertain_first ^= true,
            Command::Escape => self.escape(),
            Command::ZoomIn => self.prefs.zoom = (self.prefs.zoom * 1.1).min(3.0),
            Command::ZoomOut => self.prefs.zoom = (self.prefs.zoom / 1.1).max(0.5),
            Command::ZoomReset => self.prefs.zoom = 1.0,
            Command::SetDirection(direction) => {
                let current = self.view.doc_id.clone().and_then(|doc_id| {
                    let document = self.session.project.document(&doc_id)?;
                    Some((doc_id, document.direction))
                });
                if let Some((doc_id, old)) = current
                    && old != direction
                {
                    self.edit(Edit::SetDirection { doc_id, direction });
                }
            }
            Command::FocusFilter => {
                self.prefs.side_panel = true;
                self.view.focus_filter = true;
            }
            Command::OpenFind => self.find.open(),
            Command::CloseFind => {
                self.find.close();
            }
            Command::FindNext => self.find_step(true),
            Command::FindPrevious => self.find_step(false),
            Command::LabelAllHits(label_id) => self.label_all_hits(&label_id),
            Command::LabelAllHitsNth(n) => {
                if let Some(label) = self.session.project.labels().get(n) {
                    self.label_all_hits(&label.id.clone());
                }
            }
            Command::ToggleSidePanel => self.prefs.side_panel ^= true,
            Command::ToggleInspector => self.prefs.inspector ^= true,
            Command::SetTheme(theme) => {
                self.prefs.theme = theme;
                ctx.set_theme(theme);
            }
            Command::CommandPalette => self.palette.open(),
            Command::ShowLabels => self.labels.open = true,
            Command::ShowSettings => self.settings.open = true,
        }
    }

    pub(super) fn edit(&mut self, edit: Edit) {
        let description = edit.describe();
        if let Err(error) = self.session.apply(edit) {
            self.fail(format!("{description}: {error}"));
        }
    }

    /// Runs `pending` now, or asks Save / Discard / Cancel first when there are unsaved changes.
    fn guarded(&mut self, pending: Pending, ctx: &egui::Context) {
        if self.session.is_dirty() {
            self.confirm = Some(pending);
        } else {
            self.perform(pending, ctx);
        }
    }

    fn perform(&mut self, pending: Pending, ctx: &egui::Context) {
        match pending {
            Pending::Quit => {
                self.closing = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            Pending::New => {
                self.discard_recovery();
                self.session = Session::new(Project::new("Untitled"), None);
                self.curating.end();
                self.suggesting.end();
                self.show_first_document();
            }
            Pending::Open => self.dialogs.ask(FilePurpose::Open, self.folder(), "", ctx),
            Pending::OpenPath(path) => self.open_in_background(&path, ctx),
            Pending::OpenGold => self.open_gold(),
        }
    }

    /// Puts an opened project in place of the current one (or of its preview, whose view stays:
    /// the user may have scrolled or selected while the annotations were read).
    fn opened(&mut self, session: Session, warnings: Vec<String>, path: &Path) {
        self.discard_recovery();
        self.session = session;
        self.curating.end();
        self.suggesting.end();
        let shown = self.view.doc_id.as_ref();
        if shown.is_none_or(|doc_id| self.session.project.document(doc_id).is_none()) {
            self.show_first_document();
        }
        self.remember(path);
        self.offer_recovery();
        self.show_instructions();
        self.teacher.close();
        self.view.marks.clear();
        let gold = if self.session.project.curation().is_some() {
            ": a gold copy (File › Curate… resumes the curation)"
        } else {
            ""
        };
        match warnings.len() {
            0 => self.say(format!("Opened {}{gold}", path.display())),
            n => self.fail(format!(
                "Opened {}; {n} annotation(s) were re-anchored or orphaned",
                path.display()
            )),
        }
    }

    fn save_to(&mut self, path: &Path, ctx: &egui::Context) {
        match self.session.save_to(path) {
            Ok(()) => {
                self.remember(path);
                self.say(format!("Saved {}", path.display()));
                if let Some(pending) = self.after_save.take() {
                    self.perform(pending, ctx);
                }
            }
            Err(error) => {
                self.after_save = None;
                self.fail(error.to_string());
            }
        }
    }

    /// Starts the next queued import on a worker thread, so a large PDF never freezes the window.
    fn start_import(&mut self, ctx: &egui::Context) {
        if self.importing.is_some() {
            return;
        }
        let Some(path) = self.import_queue.pop_front() else {
            return;
        };
        self.importing = Some(Importing::start(path, ctx, |path| {
            import::import_file(path, None)
        }));
    }

    fn poll_import(&mut self, ctx: &egui::Context) {
        let Some(importing) = &self.importing else { return };
        match importing.result.try_recv() {
            Err(TryRecvError::Empty) => {
                ctx.request_repaint_after(Duration::from_millis(100));
                return;
            }
            Ok(Ok(document)) => self.add_document(document),
            Ok(Err(error)) => self.fail(error.to_string()),
            Err(TryRecvError::Disconnected) => {
                self.fail(format!("Could not import {}", importing.path.display()))
            }
        }
        self.importing = None;
        self.start_import(ctx);
    }

    fn add_document(&mut self, document: Document) {
        let doc_id = document.id.clone();
        let title = document.title.clone();
        let position = self.session.project.documents().len();
        self.edit(Edit::AddDocument { position, document });
        self.show_document(doc_id);
        self.say(format!("Imported “{title}”"));
    }

    /// L, or a link button in the inspector: the next highlight clicked is the link's target.
    fn start_link(&mut self, kind: Option<String>) {
        let Some(from) = self.view.selected.clone() else {
            self.say("Select an annotation first, then link it (L)");
            return;
        };
        let Some(kind) = kind.or_else(|| self.session.project.settings.link_types.first().cloned()) else {
            self.fail("The project has no link types");
            return;
        };
        let types = self.session.project.settings.link_types.len();
        self.say(format!(
            "Click the highlight this is {kind}, or choose it with N/P or the arrows and press Enter \
             (1–{types} change the type, Esc cancels)"
        ));
        self.view.linking = Some((from, kind));
        self.view.link_target = None;
    }

    fn finish_link(&mut self, to: AnnotationId) {
        let Some((from, kind)) = self.view.linking.take() else {
            return;
        };
        self.view.link_target = None;
        if from == to {
            self.view.linking = Some((from, kind));
            self.say("Click another highlight to link to (Esc cancels)");
            return;
        }
        self.edit(Edit::AddLink(crate::model::Link::new(from.clone(), to, &kind)));
        self.say(format!("Linked ({kind}); Ctrl+Z undoes it"));
        // The claim stays selected, so its new link shows at once.
        self.select(Some(from));
    }

    fn select(&mut self, annotation_id: Option<AnnotationId>) {
        let annotation = annotation_id
            .as_ref()
            .and_then(|id| self.session.project.annotation(id));
        let placing = annotation.filter(|a| review::placeable(a)).map(|a| a.id.clone());
        if let Some((doc_id, range)) = annotation.map(|a| (a.document.clone(), a.range())) {
            if self.view.doc_id.as_ref() != Some(&doc_id) {
                self.show_document(doc_id);
            }
            self.view.scroll_target = Some(range);
            self.view.selection = None;
            self.view.caret = Some(range.start);
            self.view.anchor = None;
        }
        self.view.placing = placing;
        self.view.selected = annotation_id;
    }

    /// N / P: the next or previous annotation of the current document, in text order.
    fn step_annotation(&mut self, forward: bool) {
        let Some(doc_id) = &self.view.doc_id else { return };
        let annotations = self.session.project.annotations_of(doc_id);
        let current = self
            .view
            .selected
            .as_ref()
            .and_then(|id| annotations.iter().position(|a| &a.id == id));
        // With nothing selected, the first annotation after the caret (or before it, for P).
        let caret = self.view.caret.unwrap_or(0);
        let after_caret = annotations.partition_point(|a| a.start < caret);
        let next = match (current, forward) {
            (None, true) => Some(after_caret.min(annotations.len().saturating_sub(1))),
            (None, false) => after_caret.checked_sub(1).or(annotations.len().checked_sub(1)),
            (Some(i), true) => (i + 1 < annotations.len()).then_some(i + 1),
            (Some(i), false) => i.checked_sub(1),
        };
        if let Some(next) = next.and_then(|i| annotations.get(i)) {
            self.select(Some(next.id.clone()));
        }
    }

    fn label_selection(&mut self, label_id: crate::model::LabelId) {
        let (Some(range), Some(doc_id)) = (self.view.selection, self.view.doc_id.clone()) else {
            return;
        };
        let Some(quote) = self
            .session
            .project
            .document(&doc_id)
            .and_then(|doc| Quote::capture(&doc.text, range))
        else {
            return;
        };
        let time = now();
        let annotation = Annotation {
            id: AnnotationId::generate(),
            document: doc_id,
            start: range.start,
            end: range.end,
            quote,
            label: label_id,
            note: String::new(),
            orphaned: false,
            review: None,
            agreed: None,
            fields: Default::default(),
            created: time,
            modified: time,
        };
        let annotation_id = annotation.id.clone();
        self.edit(Edit::AddAnnotation(annotation));
        self.view.selection = None;
        self.view.anchor = None;
        self.view.placing = None;
        self.view.selected = Some(annotation_id.clone());
        self.offer_repeats(annotation_id);
    }

    pub(super) fn folder(&self) -> Option<PathBuf> {
        self.session
            .path
            .as_ref()
            .and_then(|p| p.parent())
            .map(Path::to_owned)
    }

    fn discard_recovery(&self) {
        if let Some(path) = self.session.recovery_path() {
            recovery::discard(&path);
        }
    }

    fn write_recovery(&mut self, ctx: &egui::Context) {
        if !self.session.is_dirty() {
            self.last_recovery_write = Instant::now();
            return;
        }
        let due = self.last_recovery_write + RECOVERY_INTERVAL;
        if Instant::now() < due {
            ctx.request_repaint_after(due - Instant::now());
            return;
        }
        self.last_recovery_write = Instant::now();
        if let Some(path) = self.session.recovery_path()
            && let Err(error) = recovery::write(&self.session.project, &path)
        {
            self.fail(format!("Could not write the recovery copy: {error}"));
        }
    }

    // ----- drawing -----

    /// Label keys while a span is selected; while linking, digits pick the link type instead.
    fn label_hotkeys(&mut self, ctx: &egui::Context) {
        let linking = self.view.linking.is_some();
        if (self.view.selection.is_none() && !linking) || ctx.text_edit_focused() {
            return;
        }
        // Typed text matches hotkeys; digit keys pick the n-th label (some platforms send no text).
        let typed: Vec<String> = ctx.input(|input| {
            input
                .events
                .iter()
                .filter_map(|event| match event {
                    egui::Event::Text(text) => Some(text.clone()),
                    egui::Event::Key {
                        key,
                        pressed: true,
                        modifiers,
                        ..
                    } if modifiers.is_none() => Some(key.name().to_owned()),
                    _ => None,
                })
                .collect()
        });
        if linking {
            let digit = typed.iter().find_map(|key| key.parse::<usize>().ok());
            if let Some(n) = digit.and_then(|n| n.checked_sub(1)) {
                self.commands.push(Command::ChooseLinkType(n));
            }
            return;
        }
        let labels = self.session.project.labels();
        if let Some(label) = typed.iter().find_map(|key| {
            labels
                .iter()
                .find(|l| {
                    l.hotkey
                        .as_deref()
                        .is_some_and(|hotkey| hotkey.eq_ignore_ascii_case(key))
                })
                .or_else(|| {
                    key.parse::<usize>()
                        .ok()
                        .and_then(|n| labels.get(n.wrapping_sub(1)))
                })
        }) {
            self.commands.push(Command::LabelSelection(label.id.clone()));
        }
    }

    /// Files dragged onto the window: a hint while they hover, an import when dropped.
    fn files_dropped_ui(&mut self, ctx: &egui::Context) {
        let (hovering, dropped) = ctx.input(|input| {
            let dropped: Vec<PathBuf> = input
                .raw
                .dropped_files
                .iter()
                .map(|file| file.path().to_owned())
                .collect();
            (!input.raw.hovered_files.is_empty(), dropped)
        });
        if hovering {
            let screen = ctx.content_rect();
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("drop"),
            ));
            painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(160));
            painter.text(
                screen.center(),
                egui::Align2::CENTER_CENTER,
                "Drop to import as a new document",
                egui::FontId::proportional(24.0),
                egui::Color32::WHITE,
            );
        }
        self.commands.extend(dropped.into_iter().map(Command::ImportPath));
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.opening {
            Some(opening) => format!("Opening {} – Marginalia", opening.file_name()),
            None => self.session.title(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

impl eframe::App for MarginaliaApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        // First, so a step of the opening is drawn in the frame that takes it.
        self.poll_opening(&ctx);
        let modal = self.exchange.is_open()
            || self.teacher.is_modal()
            || self.palette.is_open()
            || self.curating.window_open;
        let free = self.confirm.is_none() && !self.dialogs.is_busy() && !modal;
        if free {
            if self.curating.keys_active() {
                self.commands.extend(command::curation_commands(&ctx));
            }
            self.commands.extend(command::keyboard_commands(&ctx));
            self.label_hotkeys(&ctx);
        }
        let (project, generation) = (&self.session.project, self.session.generation);
        self.find.refresh(project, generation, self.view.doc_id.as_ref());
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        let (project, generation) = (&self.session.project, self.session.generation);
        self.suggesting.refresh(project, generation);
        let bar = self.suggesting.bar(project);
        if !bar.is_empty() {
            egui::Panel::bottom("suggestions")
                .show(ui, |ui| super::suggestions::bar_ui(ui, &bar, &mut self.commands));
        }
        // The curation view spans the window's width under the text: its rows are wide.
        if let Some(session) = self.curating.session.as_mut().filter(|_| self.curating.shown) {
            session.refresh(project, generation);
            let saved = self.session.path.is_some();
            let height = ctx.content_rect().height();
            egui::Panel::bottom("curation")
                .resizable(true)
                .default_size((height * 0.3).clamp(180.0, 360.0))
                .size_range(140.0..=(height * 0.7).max(200.0))
                .show(ui, |ui| {
                    super::curation::panel_ui(ui, session, project, saved, &mut self.commands)
                });
        }
        let marks = match self.curating.session.as_ref().filter(|_| self.curating.shown) {
            Some(session) => session.marks(self.view.doc_id.as_ref()),
            None => Vec::new(),
        };
        let suggested = self.suggesting.marks(project, self.view.doc_id.as_ref());
        // Panels start narrower on a small screen, so the text keeps a readable column.
        let width = ctx.content_rect().width();
        egui::Panel::left("side")
            .resizable(true)
            .default_size((width * 0.25).clamp(200.0, 320.0))
            .size_range(200.0..=560.0)
            .show_collapsible(ui, &mut self.prefs.side_panel, |ui| {
                if let Some(opening) = &self.opening {
                    return opening.waiting_ui(ui);
                }
                self.find.results_ui(ui, project, &mut self.commands);
                self.side_panel
                    .ui(ui, project, generation, &mut self.view, &mut self.commands);
            });
        egui::Panel::right("inspector")
            .resizable(true)
            .default_size((width * 0.22).clamp(220.0, 280.0))
            .size_range(220.0..=420.0)
            .show_collapsible(ui, &mut self.prefs.inspector, |ui| {
                self.inspector.ui(ui, project, &self.view, &mut self.commands);
            });
        // The comparison with an answer key sits beside the text, never over it.
        self.teacher.panel_ui(ui, &mut self.view, &mut self.commands);
        egui::CentralPanel::default().show(ui, |ui| {
            self.find.ui(ui, project, &mut self.commands);
            let keyboard = free && !ctx.text_edit_focused();
            let overlay = super::canvas::Overlay {
                versions: &marks,
                suggestions: &suggested,
                ..self.find.overlay(self.view.doc_id.as_ref())
            };
            self.canvas.ui(
                ui,
                project,
                self.prefs.zoom,
                &mut self.view,
                &overlay,
                keyboard,
                &mut self.commands,
            );
        });
        self.labels.ui(&ctx, &self.session.project, &mut self.commands);
        self.exchange.ui(&ctx, &self.session.project, &mut self.commands);
        self.teacher.ui(&ctx, &mut self.commands);
        self.settings.ui(&ctx, &self.session.project, &mut self.commands);
        self.palette.ui(&ctx, &self.session.project, &mut self.commands);
        self.revisions
            .ui(&ctx, &self.session.project, generation, &mut self.commands);
        self.conflicts.ui(&ctx, &self.session.project, &mut self.commands);
        self.curate_window_ui(&ctx);
        if let Some(command) = self.dialogs.ui(&ctx) {
            self.commands.push(command);
        }
        self.modals_ui(&ctx);
        self.files_dropped_ui(&ctx);
        self.poll_import(&ctx);
        self.poll_annotation_import(&ctx);
        self.poll_curation(&ctx);
        self.poll_suggestions(&ctx);
        self.handle_close_request(&ctx);
        self.apply_commands(&ctx);
        self.write_recovery(&ctx);
        self.update_title(&ctx);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_KEY, &self.recent);
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}
