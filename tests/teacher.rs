//! The teacher's view through egui_kittest: the comparison beside the text, a click on a
//! difference that selects nothing, the feedback report named after the student, a class.

mod common;
#[path = "common/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use harness::{App, app};
use marginalia::io::project_file;
use marginalia::model::scoring::{compare, found_sentence, student_copy, tallies};
use marginalia::model::{CharRange, Edit, Project};
use marginalia::ui::Session;
use marginalia::ui::command::Command;

const EXTRA: &str = "“Contre” — you marked it Opinion; the key does not mark it";

/// The demo project saved as the answer key in `folder`.
fn key_in(folder: &Path) -> (Project, PathBuf) {
    let key = Session::demo().project;
    let path = folder.join("key.ron");
    project_file::save(&key, &path).unwrap();
    (key, path)
}

/// A student's copy with the key's first `right` annotations and one extra opinion ("Contre").
fn student(key: &Project, right: usize) -> Project {
    let mut student = student_copy(key, "");
    for annotation in key.annotations().iter().take(right) {
        Edit::AddAnnotation(annotation.clone())
            .apply(&mut student)
            .unwrap();
    }
    let document = student.documents()[0].clone();
    let extra = common::annotation(&document, CharRange::new(0, 6), "opinion", "", 0);
    Edit::AddAnnotation(extra).apply(&mut student).unwrap();
    student
}

/// Opens the Opinion label's section of the compare panel (labels start folded).
fn open_opinions(harness: &mut App) {
    harness.get_by_label_contains("Opinion: You found").click();
    harness.run();
}

/// The app on alice's file, compared with the key.
fn alice_compared(folder: &Path) -> App {
    let (key, key_path) = key_in(folder);
    let alice_path = folder.join("alice.ron");
    let alice = student(&key, 1);
    project_file::save(&alice, &alice_path).unwrap();
    let mut harness = app(Session::new(alice, Some(alice_path)));
    harness.state_mut().queue(Command::CompareWith(key_path));
    harness.run();
    harness
}

#[test]
fn the_comparison_opens_beside_the_text_in_plain_words() {
    let folder = tempfile::tempdir().unwrap();
    let mut harness = alice_compared(folder.path());
    let canvas = harness.get_by_role(Role::Document).rect();
    let panel = harness.get_by_label("Compared with the answer key").rect();
    assert!(
        canvas.right() <= panel.left(),
        "the text {canvas:?} runs under the panel {panel:?}"
    );
    assert!(
        panel.right() <= 1280.0 && canvas.width() > 500.0,
        "{canvas:?} {panel:?}"
    );
    harness.get_by_label("Student: alice");
    harness.get_by_label("You found 1 of the 50 spans");
    // Per label, in the model's words (the feedback report says the same); the numbers are under
    // "Details".
    let key = Session::demo().project;
    let result = compare(&key, &harness.state().session.project);
    for tally in tallies(&result) {
        harness.get_by_label(&format!("{}: {}", tally.name, found_sentence(&tally)));
    }
    harness.get_by_label("Claim: You found none of the 21 claims");
    harness.get_by_label("Details");
    let recall = "Recall: of the spans in the key, the share that you found.";
    assert!(
        harness.query_by_label(recall).is_none(),
        "Details start collapsed"
    );
    harness.get_by_label("Details").click();
    harness.run();
    harness.get_by_label(recall);
}

#[test]
fn a_click_on_a_difference_shows_it_without_selecting_it() {
    let folder = tempfile::tempdir().unwrap();
    let mut harness = alice_compared(folder.path());
    let annotations = harness.state().session.project.annotations().len();
    open_opinions(&mut harness);
    harness.get_by_label(EXTRA).click();
    harness.run();
    let view = &harness.state().view;
    assert_eq!((view.selection, view.selected.as_ref()), (None, None));
    assert!(view.doc_id.is_some());
    assert!(harness.query_by_label("1  Claim").is_none(), "no label palette");
    // A stray key adds nothing to the student's file.
    harness.key_press(Key::Num1);
    harness.run();
    harness.key_press(Key::C);
    harness.run();
    assert_eq!(harness.state().session.project.annotations().len(), annotations);
    assert!(!harness.state().session.is_dirty());
}

/// Asks to save the feedback report; returns the path the prompt suggests.
fn suggested_report_path(harness: &mut App) -> String {
    harness.get_by_label("Save feedback report…").click();
    harness.run();
    harness
        .get_by_label("Type the path of the file:")
        .value()
        .unwrap_or_default()
}

#[test]
fn the_feedback_report_is_named_after_the_student_file() {
    let folder = tempfile::tempdir().unwrap();
    let mut harness = alice_compared(folder.path());
    let suggested = suggested_report_path(&mut harness);
    assert!(suggested.ends_with("alice-feedback.html"), "{suggested}");
    harness.key_press(Key::Enter);
    harness.run();
    let report = std::fs::read_to_string(folder.path().join("alice-feedback.html")).unwrap();
    assert!(report.contains("Feedback: alice") && report.contains("You found 1 of the 50 spans"));
}

#[test]
fn a_class_of_three_in_a_table_and_one_students_differences_on_a_click() {
    let folder = tempfile::tempdir().unwrap();
    let (key, key_path) = key_in(folder.path());
    for (name, right) in [("alice", 50), ("bob", 10), ("chloe", 0)] {
        project_file::save(&student(&key, right), &folder.path().join(format!("{name}.ron"))).unwrap();
    }
    // The teacher has the key open; the folder holds the key too, which is not a student.
    let mut harness = app(Session::new(key, Some(key_path)));
    harness.state_mut().queue(Command::CompareClass(Vec::new()));
    harness.run();
    let field = "Student files, one per line (a folder takes every .ron file in it):";
    harness.get_by_label(field).click();
    harness.run();
    harness
        .get_by_label(field)
        .type_text(&folder.path().display().to_string());
    harness.run();
    harness.get_by_label("Compare the class").click();
    harness.run();

    harness.get_by_label("A class of 3 student(s): click one to see their differences");
    for name in ["alice", "bob", "chloe"] {
        assert!(harness.query_all_by_label(name).count() >= 1, "{name} is listed");
    }
    assert!(harness.query_by_label("key").is_none());
    assert!(harness.state().view.marks.is_empty());

    harness.query_all_by_label("bob").next().unwrap().click();
    harness.run();
    harness.get_by_label("Student: bob");
    harness.get_by_label("You found 10 of the 50 spans");
    open_opinions(&mut harness);
    harness.get_by_label(EXTRA);
    // 40 missed and the extra opinion, outlined on the key's text.
    assert_eq!(harness.state().view.marks.len(), 41);
    assert_eq!(harness.state().view.selection, None);
    // Bob's report is named after bob's file, so the class's reports never overwrite each other.
    let suggested = suggested_report_path(&mut harness);
    assert!(suggested.ends_with("bob-feedback.html"), "{suggested}");
}

#[test]
fn a_class_lists_the_files_it_could_not_read_and_one_student_opens_at_once() {
    let folder = tempfile::tempdir().unwrap();
    let (key, key_path) = key_in(folder.path());
    let alice = folder.path().join("alice.ron");
    project_file::save(&student(&key, 50), &alice).unwrap();
    let missing = folder.path().join("nobody.ron");
    let mut harness = app(Session::new(key, Some(key_path)));
    harness
        .state_mut()
        .queue(Command::CompareClass(vec![alice, missing]));
    harness.run();
    harness.get_by_label("A class of 1 student(s): click one to see their differences");
    let not_read = egui_kittest::kittest::By::new().label_contains("Not read: ");
    let failure = harness.query_all(not_read).count();
    assert_eq!(failure, 1, "the missing file is named");
    harness.get_by_label_contains("nobody.ron: cannot read");
    // The only student's differences show at once: every span found, the opinion extra.
    harness.get_by_label("Student: alice");
    harness.get_by_label("You found all 50 spans");
    assert_eq!(harness.state().view.marks.len(), 1);
}
