//! The desktop app in an egui_kittest harness, for the UI tests (`#[path]`-included by each).
#![allow(dead_code)]

use egui::{Pos2, vec2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use marginalia::model::{Document, Edit, Project};
use marginalia::ui::{MarginaliaApp, Session, install_fonts};

pub type App = Harness<'static, MarginaliaApp>;

/// The app on `session` at 1280×820, frames `step_dt` seconds apart (short enough for double-clicks).
pub fn app_stepping(session: Session, step_dt: f32) -> App {
    // The in-app path prompt stands in for native file dialogs, and a private data folder keeps
    // recovery copies of the user's own untitled work out of the tests.
    static DATA_HOME: std::sync::LazyLock<tempfile::TempDir> =
        std::sync::LazyLock::new(|| tempfile::tempdir().unwrap());
    unsafe {
        std::env::set_var("MARGINALIA_NO_NATIVE_DIALOGS", "1");
        std::env::set_var("XDG_DATA_HOME", DATA_HOME.path());
    }
    let mut harness = Harness::builder()
        .with_size(vec2(1280.0, 820.0))
        .with_step_dt(step_dt)
        // Bringing a far span into view takes a few frames while the text around it is laid out.
        .with_max_steps(16)
        .build_eframe(move |cc| {
            install_fonts(&cc.egui_ctx);
            MarginaliaApp::with_session(session)
        });
    harness.run();
    harness
}

pub fn app(session: Session) -> App {
    app_stepping(session, 0.25)
}

/// A project of one document with `text`.
pub fn one_document(text: &str) -> Session {
    let mut project = Project::new("Small");
    Edit::AddDocument {
        position: 0,
        document: Document::new("Article", text),
    }
    .apply(&mut project)
    .unwrap();
    Session::new(project, None)
}

/// The top-left of the text column: the canvas centres a column of at most 720 points.
pub fn text_origin(harness: &App) -> Pos2 {
    let canvas = harness.get_by_role(egui::accesskit::Role::Document).rect();
    let column = (canvas.width() - 48.0).clamp(200.0, 720.0);
    Pos2::new(
        canvas.left() + ((canvas.width() - column) / 2.0).max(8.0),
        canvas.top(),
    )
}

/// The text of the span being marked, if any.
pub fn selected_text(harness: &App) -> Option<String> {
    let app = harness.state();
    let range = app.view.selection?;
    let doc_id = app.view.doc_id.as_ref()?;
    let document = app.session.project.document(doc_id)?;
    document.text.slice(range).map(str::to_owned)
}

/// A click of the primary button at `pos` (press and release without moving).
pub fn click_at(harness: &mut App, pos: Pos2) {
    harness.hover_at(pos);
    harness.run();
    harness.drag_at(pos);
    harness.run();
    harness.drop_at(pos);
    harness.run();
}

/// Drags across the canvas from one point of the text column to another.
pub fn drag(harness: &mut App, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.run();
    harness.drag_at(from);
    harness.run();
    for step in 1..=4 {
        harness.hover_at(from + (to - from) * (step as f32 / 4.0));
        harness.run();
    }
    harness.drop_at(to);
    harness.run();
}

/// Selects the first annotation with `label` (as a click on its row would) and returns it.
pub fn select_first(harness: &mut App, label: &str) -> marginalia::model::Annotation {
    let annotation = harness
        .state()
        .session
        .project
        .annotations()
        .iter()
        .find(|a| a.label.as_str() == label)
        .expect("an annotation with that label")
        .clone();
    harness
        .state_mut()
        .queue(marginalia::ui::command::Command::Select(Some(
            annotation.id.clone(),
        )));
    harness.run();
    annotation
}

/// Steps the app until `done` holds, and then until it settles. Work on threads (opening,
/// importing, reading copies, suggesting) is waited for by the clock, not by a count of frames:
/// a loaded machine may need many more of them. Fails with `what` after 60 s.
pub fn step_until(harness: &mut App, what: &str, done: impl Fn(&App) -> bool) {
    let start = std::time::Instant::now();
    harness.step();
    while !done(harness) {
        assert!(start.elapsed().as_secs() < 60, "{what} after 60 s");
        std::thread::sleep(std::time::Duration::from_millis(5));
        harness.step();
    }
    harness.run();
}

/// Steps the app until the project it is opening is in (or failed).
pub fn wait_for_opening(harness: &mut App) {
    step_until(harness, "the project is still opening", |h| {
        !h.state().is_opening()
    });
}
