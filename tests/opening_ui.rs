//! Opening a project in the app: the window never waits for the file. The documents show as soon
//! as they are read, the annotations follow, commands given meanwhile apply once they are in, and
//! a file that fails leaves the project that was open.

mod common;
#[path = "common/harness.rs"]
mod harness;

use egui_kittest::kittest::Queryable;
use harness::{App, app, one_document, wait_for_opening};
use marginalia::io::project_file;
use marginalia::model::{Annotation, AnnotationId, CharRange, Document, Edit, Project, Quote};
use marginalia::ui::command::Command;

const ANNOTATIONS: usize = 30_000;

/// A project of one long article with `ANNOTATIONS` annotations.
fn large_project() -> Project {
    let sentence = "Le ministre a annoncé mardi une hausse de 12 % du budget de la défense. ";
    let document = Document::new("Article long", sentence.repeat(8_000));
    let annotations = (0..ANNOTATIONS)
        .map(|n| common::annotation(&document, CharRange::new(n * 19, n * 19 + 11), "claim", "", 0))
        .collect();
    common::project_with("Grand projet", document, annotations)
}

fn open(harness: &mut App, path: &std::path::Path) {
    harness.state_mut().queue(Command::OpenPath(path.to_owned()));
    harness.step();
}

/// Steps until the preview (the file's documents, no annotations yet) is shown; fails if the
/// whole project came in without one.
fn step_to_preview(harness: &mut App) {
    let start = std::time::Instant::now();
    loop {
        let app = harness.state();
        assert!(app.is_opening(), "the project came in without a preview first");
        if app.session.project.name == "Grand projet" {
            return;
        }
        assert!(start.elapsed().as_secs() < 30, "no preview after 30 s");
        std::thread::sleep(std::time::Duration::from_millis(1));
        harness.step();
    }
}

#[test]
fn the_text_shows_before_the_annotations_and_what_was_done_meanwhile_applies_after() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("grand.ron");
    let project = large_project();
    project_file::save(&project, &path).unwrap();
    let mut harness = app(one_document("Un autre texte."));
    open(&mut harness, &path);
    step_to_preview(&mut harness);
    {
        let app = harness.state();
        assert!(app.session.project.annotations().is_empty());
        assert_eq!(app.session.project.documents().len(), 1);
        assert_eq!(app.view.doc_id.as_ref(), Some(&project.documents()[0].id));
    }
    // In the status bar and in place of the list.
    let waiting = harness
        .get_all_by_label_contains("reading the annotations")
        .count();
    assert_eq!(waiting, 2);
    harness.get_by_label_contains("edits wait until the annotations are in");
    // An annotation made on the text while the rest is read waits for it, and is not lost.
    let document = &project.documents()[0];
    let range = CharRange::new(5, 13);
    let made = Annotation {
        id: AnnotationId::generate(),
        quote: Quote::capture(&document.text, range).unwrap(),
        start: range.start,
        end: range.end,
        ..project.annotations()[0].clone()
    };
    harness
        .state_mut()
        .queue(Command::Apply(Edit::AddAnnotation(made.clone())));
    wait_for_opening(&mut harness);
    let app = harness.state();
    assert_eq!(app.session.project.annotations().len(), ANNOTATIONS + 1);
    assert!(app.session.project.annotation(&made.id).is_some());
    assert_eq!(app.session.path.as_deref(), Some(path.as_path()));
    assert!(
        app.session.is_dirty(),
        "the annotation made meanwhile is an unsaved change"
    );
    harness.get_by_label_contains(&format!(
        "{} of {} annotation(s)",
        ANNOTATIONS + 1,
        ANNOTATIONS + 1
    ));
}

#[test]
fn a_file_whose_annotations_are_broken_gives_back_the_project_open_before() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("grand.ron");
    let text = project_file::to_ron(&large_project());
    // Broken near the end: the documents read, the annotations do not.
    let cut = text.rfind("Annotation(").unwrap();
    std::fs::write(&path, format!("{}Annotation(id: 3)]\n)", &text[..cut])).unwrap();
    let mut harness = app(one_document("Un autre texte."));
    open(&mut harness, &path);
    step_to_preview(&mut harness);
    wait_for_opening(&mut harness);
    let app = harness.state();
    let error = app.error.clone().expect("the error is shown");
    assert!(error.contains("grand.ron:"), "{error}");
    assert_eq!(app.session.project.name, "Small");
    assert_eq!(app.session.project.documents()[0].title, "Article");
    harness.get_by_label("Could not open the project");
}
