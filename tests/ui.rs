//! The desktop app driven through egui_kittest: select, label, filter, undo, save.

mod common;
#[path = "common/harness.rs"]
mod harness;

use std::path::Path;

use egui::{Key, Modifiers, vec2};
use egui_kittest::kittest::Queryable;
use harness::{App, drag, selected_text, text_origin};
use marginalia::io::project_file;
use marginalia::model::{CharRange, Edit, LabelId, Query};
use marginalia::ui::Session;

const ARTICLE: &str =
    "Alpha beta gamma delta epsilon.\n\nLe Niger et la Russie, l'œil de Москва, سلام 中文 😀.";

fn harness_with(session: Session) -> App {
    harness::app(session)
}

fn small_project() -> Session {
    harness::one_document(ARTICLE)
}

#[test]
fn select_a_span_by_dragging_and_label_it_with_a_hotkey_then_undo_and_redo() {
    let mut harness = harness_with(small_project());
    let origin = text_origin(&harness);
    // From inside "Alpha" to inside "gamma": the selection snaps to whole words.
    drag(&mut harness, origin + vec2(8.0, 12.0), origin + vec2(100.0, 12.0));
    let selected = selected_text(&harness).expect("a selection");
    assert!(selected.starts_with("Alpha beta"), "{selected:?}");
    assert!(!selected.ends_with(' '), "{selected:?}");

    harness.key_press(Key::Num2);
    harness.run();
    let annotations = harness.state().session.project.annotations().to_vec();
    assert_eq!(annotations.len(), 1);
    assert_eq!(annotations[0].label, LabelId::from("source"));
    assert_eq!(annotations[0].quote.exact, selected);
    assert_eq!(harness.state().view.selected.as_ref(), Some(&annotations[0].id));
    // It shows in the list, under its quote.
    harness.get_by_role_and_label(egui::accesskit::Role::Button, &format!("“{selected}”"));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().session.project.annotations().is_empty());
    assert!(harness.query_by_label(&format!("“{selected}”")).is_none());
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().session.project.annotations(),
        annotations.as_slice()
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert_eq!(harness.state().session.project.annotations().len(), 1);
}

#[test]
fn alt_drag_keeps_exact_characters_and_double_click_takes_a_word() {
    let mut harness = harness_with(small_project());
    let origin = text_origin(&harness);
    harness.event(egui::Event::ModifiersChanged(Modifiers::ALT));
    drag(&mut harness, origin + vec2(14.0, 12.0), origin + vec2(60.0, 12.0));
    let exact = selected_text(&harness).expect("a selection");
    assert!(
        !exact.starts_with("Alpha"),
        "Alt keeps the exact start: {exact:?}"
    );
    harness.event(egui::Event::ModifiersChanged(Modifiers::NONE));

    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().view.selection, None);
}

#[test]
fn double_click_selects_a_word() {
    let mut harness = harness::app_stepping(small_project(), 0.02);
    let origin = text_origin(&harness);
    let inside_beta = origin + vec2(62.0, 12.0);
    for pressed in [true, false, true, false] {
        harness.event(egui::Event::PointerButton {
            pos: inside_beta,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::NONE,
        });
        harness.step();
    }
    harness.run();
    assert_eq!(selected_text(&harness).as_deref(), Some("beta"));
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let mut harness = harness_with(small_project());
    harness.state_mut().view.selection = Some(CharRange::new(0, 5));
    harness.key_press(Key::Num1);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    harness.run();
    harness.get_by_label("Unsaved changes");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label("Unsaved changes").is_none());
    assert_eq!(
        harness.state().session.project.annotations().len(),
        1,
        "nothing lost"
    );

    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness.get_by_label("Discard").click();
    harness.run();
    assert_eq!(harness.state().session.project.name, "Untitled");
    assert!(harness.state().session.project.documents().is_empty());
}

#[test]
fn a_recovery_copy_is_offered_and_restored() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("p.ron");
    let saved = small_project().project;
    project_file::save(&saved, &path).unwrap();
    let mut recovered = saved.clone();
    recovered.name = "Work in progress".into();
    std::thread::sleep(std::time::Duration::from_millis(20));
    marginalia::io::recovery::write(&recovered, &marginalia::io::recovery::recovery_path(&path)).unwrap();

    let (session, _) = Session::open(&path).unwrap();
    let mut harness = harness_with(session);
    harness.get_by_label("Recover unsaved work?");
    harness.get_by_label("Restore").click();
    harness.run();
    let app = harness.state();
    assert_eq!(app.session.project, recovered);
    assert!(app.session.is_dirty(), "restored work still has to be saved");
    assert_eq!(app.session.path.as_deref(), Some(path.as_path()));
}

#[test]
fn the_label_manager_adds_renames_and_deletes_labels_undoably() {
    let mut harness = harness_with(Session::demo());
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label("Labels…").click();
    harness.run();
    harness.get_by_label("Add label").click();
    harness.run();
    let labels = harness.state().session.project.labels().to_vec();
    assert_eq!(labels.len(), 5);
    assert_eq!(labels[4].hotkey.as_deref(), Some("5"));

    // Deleting a label in use asks what to do with its annotations.
    let disclaimers = harness
        .state()
        .session
        .project
        .count_with_label(&LabelId::from("disclaimer"));
    let delete_buttons = harness.get_all_by_label("Delete").collect::<Vec<_>>();
    delete_buttons[3].click();
    harness.run();
    harness.get_by_label_contains(&format!("{disclaimers} annotation(s) use “Disclaimer”"));
    harness.get_by_label("Delete them with the label").click();
    harness.run();
    let project = &harness.state().session.project;
    assert!(project.label(&LabelId::from("disclaimer")).is_none());
    assert_eq!(project.count_with_label(&LabelId::from("disclaimer")), 0);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let project = &harness.state().session.project;
    assert_eq!(
        project.count_with_label(&LabelId::from("disclaimer")),
        disclaimers
    );
}

#[test]
fn the_demo_opens_and_the_list_filters_by_label_and_by_text() {
    let mut harness = harness_with(Session::demo());
    let project = harness.state().session.project.clone();
    let total = project.annotations().len();
    harness.get_by_label(&format!("{total} of {total} annotation(s)"));

    let sources = project.count_with_label(&LabelId::from("source"));
    harness.get_by_label_contains("Source ").click();
    harness.run();
    harness.get_by_label(&format!("{sources} of {total} annotation(s)"));
    harness.get_by_label_contains("Source ").click();
    harness.run();

    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::F);
    harness.run();
    harness.get_by_label("Search").type_text("vassaux europeens");
    harness.run();
    let expected = Query {
        text: "vassaux europeens".into(),
        ..Query::default()
    }
    .run(&project)
    .len();
    assert!(expected >= 1);
    harness.get_by_label(&format!("{expected} of {total} annotation(s)"));
}

#[test]
fn clicking_a_row_selects_the_annotation_and_n_p_move_through_them() {
    let mut harness = harness_with(Session::demo());
    let project = harness.state().session.project.clone();
    let third = &project.annotations()[2];
    harness
        .get_by_label(&format!(
            "“{}”",
            marginalia::model::text::shorten(&third.quote.exact, 60)
        ))
        .click();
    harness.run();
    assert_eq!(harness.state().view.selected.as_ref(), Some(&third.id));
    harness.key_press(Key::N);
    harness.run();
    assert_eq!(
        harness.state().view.selected.as_ref(),
        Some(&project.annotations()[3].id)
    );
    harness.key_press(Key::P);
    harness.key_press(Key::P);
    harness.run();
    assert_eq!(
        harness.state().view.selected.as_ref(),
        Some(&project.annotations()[1].id)
    );
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(
        harness.state().session.project.annotations().len(),
        project.annotations().len() - 1
    );
    assert!(harness.state().session.is_dirty());
}

#[test]
fn save_as_through_the_path_prompt_then_load_back_equal() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("saved.ron");
    let mut harness = harness_with(Session::demo());
    // Mark something so there is a change to save.
    harness.state_mut().view.selection = Some(CharRange::new(4, 9));
    harness.key_press(Key::Num1);
    harness.run();
    assert!(harness.state().session.is_dirty());

    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    // The prompt offers the project's name; replace it with a full path.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Type the path of the file:")
        .type_text(&path.display().to_string());
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();

    let app = harness.state();
    assert!(!app.session.is_dirty(), "{:?}", app.message);
    assert_eq!(app.session.path.as_deref(), Some(path.as_path()));
    let loaded = project_file::load(Path::new(&path)).unwrap();
    assert_eq!(loaded.project, app.session.project);
    assert!(
        app.session.title().starts_with("Niger"),
        "{}",
        app.session.title()
    );
}

#[test]
fn a_project_that_fails_to_load_shows_the_error_and_keeps_the_current_one() {
    let folder = tempfile::tempdir().unwrap();
    let broken = folder.path().join("broken.ron");
    std::fs::write(&broken, "Project(format: 1, name: 3)").unwrap();
    let mut harness = harness_with(small_project());
    harness
        .state_mut()
        .queue(marginalia::ui::command::Command::OpenPath(broken.clone()));
    harness.step();
    harness::wait_for_opening(&mut harness);
    let error = harness.state().error.clone().expect("an error is shown");
    assert!(error.contains("broken.ron:1:"), "{error}");
    harness.get_by_label("Could not open the project");
    assert_eq!(harness.state().session.project.name, "Small");
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "Project(format: 1, name: 3)"
    );
}

#[test]
fn main_window_snapshots() {
    let mut harness = harness_with(Session::demo());
    // The demo has enough claims for suggestions: hidden, the picture does not depend on when
    // the worker ends (tests/suggest_ui.rs tests them).
    harness
        .state_mut()
        .queue(marginalia::ui::command::Command::ToggleSuggestions);
    harness.run();
    harness.snapshot("main_window");

    let project = harness.state().session.project.clone();
    let claim = &project.annotations()[1];
    harness
        .state_mut()
        .queue(marginalia::ui::command::Command::Select(Some(claim.id.clone())));
    harness.run();
    harness.snapshot("main_window_selected_claim");
}

#[test]
fn selection_snapshot() {
    let mut harness = harness_with(small_project());
    let origin = text_origin(&harness);
    drag(&mut harness, origin + vec2(8.0, 12.0), origin + vec2(100.0, 12.0));
    harness.snapshot("selection_with_label_palette");
}

#[test]
fn pasting_outside_a_text_field_makes_a_new_document() {
    let mut harness = harness_with(small_project());
    harness.event(egui::Event::Paste(
        "Un titre collé\r\n\r\nLe corps du texte, l'œil ouvert.".into(),
    ));
    harness.run();
    let app = harness.state();
    let documents = app.session.project.documents();
    assert_eq!(documents.len(), 2);
    assert_eq!(documents[1].title, "Un titre collé");
    assert_eq!(
        documents[1].text.as_str(),
        "Un titre collé\r\n\r\nLe corps du texte, l'œil ouvert."
    );
    assert_eq!(app.view.doc_id.as_ref(), Some(&documents[1].id));
}

/// A file dropped onto the window, as eframe hands it over.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

#[test]
fn a_dropped_file_is_imported_in_the_background() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("article.md");
    std::fs::write(
        &path,
        "# Un article\n\nComme le [montre RFI](https://rfi.fr), oui.\n",
    )
    .unwrap();
    let mut harness = harness_with(small_project());
    harness
        .input_mut()
        .dropped_files
        .push(std::sync::Arc::new(Dropped(path)));
    harness::step_until(&mut harness, "the dropped file is not in", |h| {
        h.state().session.project.documents().len() == 2
    });
    let documents = harness.state().session.project.documents();
    assert_eq!(documents.len(), 2, "{:?}", harness.state().message);
    assert_eq!(documents[1].title, "Un article");
    assert_eq!(
        documents[1].text.as_str(),
        "Un article\n\nComme le montre RFI, oui."
    );
    assert_eq!(documents[1].links.len(), 1);
}

#[test]
fn export_from_the_file_menu_writes_the_chosen_format() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("demo.csv");
    let mut harness = harness_with(Session::demo());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    harness.get_by_label("Export annotations");
    harness.get_by_label("CSV spreadsheet").click();
    harness.run();
    harness.get_by_label("Add a byte order mark (for Excel)").click();
    harness.get_by_label("Export…").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Type the path of the file:")
        .type_text(&path.display().to_string());
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let message = harness.state().message.clone().unwrap();
    assert!(message.0.starts_with("Exported 50 annotation(s)"), "{message:?}");
    let csv = std::fs::read_to_string(&path).unwrap();
    assert!(csv.starts_with("\u{feff}id,document,"));
    let rows = csv::Reader::from_reader(&csv.as_bytes()[3..]).records().count();
    assert_eq!(rows, 50);
}

#[test]
fn import_annotations_shows_a_summary_and_undoes_in_one_step() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("spans.jsonl");
    let record = serde_json::json!({"text": ARTICLE, "label": [[0, 5, "claim"], [6, 10, "Rumour"], [500, 510, "claim"]]});
    std::fs::write(&path, format!("{record}\n")).unwrap();
    let mut harness = harness_with(small_project());
    harness
        .state_mut()
        .queue(marginalia::ui::command::Command::ImportAnnotationsFrom(path));
    harness.run();
    harness.get_by_label("doccano / spaCy / Prodigy JSONL");
    harness.get_by_label("Import").click();
    // The file is read on a worker thread (a spinner shows meanwhile); the summary comes after.
    harness::step_until(&mut harness, "no import summary", |h| {
        h.query_by_label("Imported 2 annotation(s)").is_some()
    });
    harness.get_by_label("Imported 2 annotation(s)");
    harness.get_by_label_contains("new labels: Rumour");
    harness.get_by_label_contains("past the end of the text");
    harness.get_by_label("OK").click();
    harness.run();
    let project = &harness.state().session.project;
    let quotes: Vec<&str> = project
        .annotations()
        .iter()
        .map(|a| a.quote.exact.as_str())
        .collect();
    assert_eq!(quotes, ["Alpha", "beta"]);
    assert!(project.find_label("Rumour").is_some());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let project = &harness.state().session.project;
    assert!(project.annotations().is_empty());
    assert!(
        project.find_label("Rumour").is_none(),
        "the new label goes with the import"
    );
}

#[test]
fn import_hypothesis_shows_page_notes_under_the_title_and_undoes_in_one_step() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("hypothesis.json");
    let url = "https://example.org/alpha";
    let target = |selector: serde_json::Value| serde_json::json!([{"source": url, "selector": selector}]);
    let rows = serde_json::json!({"total": 2, "rows": [
        {"id": "h1", "user": "acct:alice@hypothes.is", "uri": url, "text": "Which beta?", "tags": ["Rumour"],
         "created": "2026-03-02T09:14:27.512345+00:00", "updated": "2026-03-02T09:14:27.512345+00:00",
         "target": target(serde_json::json!([{"type": "TextQuoteSelector", "exact": "beta", "prefix": "Alpha ", "suffix": " gamma"}]))},
        {"id": "h2", "user": "acct:carol@hypothes.is", "uri": url, "text": "Updated on 3 March.", "tags": [],
         "created": "2026-03-03T08:00:00+00:00", "target": [{"source": url}]}
    ]});
    std::fs::write(&path, rows.to_string()).unwrap();
    let mut session = small_project();
    let doc_id = session.project.documents()[0].id.clone();
    let mut project = session.project.clone();
    let mut document = project.document(&doc_id).unwrap().clone();
    document.url = Some(url.into());
    Edit::Batch(vec![
        Edit::RemoveDocument(doc_id.clone()),
        Edit::AddDocument {
            position: 0,
            document,
        },
    ])
    .apply(&mut project)
    .unwrap();
    session.project = project;
    let mut harness = harness_with(session);
    harness
        .state_mut()
        .queue(marginalia::ui::command::Command::ImportAnnotationsFrom(path));
    harness.run();
    harness.get_by_label("Hypothesis (API search response or list)");
    harness.get_by_label("Import").click();
    harness::step_until(&mut harness, "no import summary", |h| {
        h.query_by_label("Imported 1 annotation(s)").is_some()
    });
    harness.get_by_label_contains("notes on documents: 1");
    harness.get_by_label("OK").click();
    harness.run();
    harness.get_by_label("Notes on this page (1)").click();
    harness.run();
    harness.get_by_label("Updated on 3 March.");
    harness.get_by_label_contains("carol@hypothes.is");
    let project = &harness.state().session.project;
    assert_eq!(project.annotations()[0].note, "alice@hypothes.is: Which beta?");
    assert_eq!(project.documents()[0].notes.len(), 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let project = &harness.state().session.project;
    assert!(project.annotations().is_empty());
    assert!(
        project.documents()[0].notes.is_empty(),
        "the page note goes with the import"
    );
    assert!(project.find_label("Rumour").is_none());
    assert!(harness.query_by_label("Notes on this page (1)").is_none());
}

#[test]
fn link_a_claim_to_its_source_and_give_it_a_verdict() {
    let mut harness = harness_with(Session::demo());
    let project = harness.state().session.project.clone();
    let source = project
        .annotations()
        .iter()
        .find(|a| a.label.as_str() == "source")
        .unwrap()
        .clone();
    let claim = harness::select_first(&mut harness, "claim");
    harness.get_by_label("No links yet.");

    // L, then a click on the source's row in the list: the claim is "supported by" it.
    harness.key_press(Key::L);
    harness.run();
    assert_eq!(
        harness
            .state()
            .view
            .linking
            .as_ref()
            .map(|(from, kind)| (from, kind.as_str())),
        Some((&claim.id, "supported by"))
    );
    harness
        .get_by_role_and_label(
            egui::accesskit::Role::Button,
            &format!("“{}”", source.quote.exact),
        )
        .click();
    harness.run();
    // The demo links some claims already; this one gains its first link.
    let links: Vec<_> = harness
        .state()
        .session
        .project
        .links_of(&claim.id)
        .cloned()
        .collect();
    assert_eq!(
        harness.state().session.project.links().len(),
        project.links().len() + 1
    );
    assert_eq!(links.len(), 1);
    assert_eq!(
        (&links[0].from, &links[0].to, links[0].kind.as_str()),
        (&claim.id, &source.id, "supported by")
    );
    assert_eq!(
        harness.state().view.selected.as_ref(),
        Some(&claim.id),
        "the claim stays selected"
    );
    harness.get_by_label("supported by");

    // The verdict from the rating scale, through the inspector.
    harness.get_by_label("Verdict").click();
    harness.run();
    harness.get_by_label("Misleading").click();
    harness.run();
    let verdict = |h: &App| {
        h.state()
            .session
            .project
            .annotation(&claim.id)
            .unwrap()
            .fields
            .get("verdict")
            .cloned()
    };
    assert_eq!(verdict(&harness).as_deref(), Some("Misleading"));

    // "Without a verdict" leaves this claim out; undo brings the verdict and then the link back out.
    harness.get_by_label("Without a verdict").click();
    harness.run();
    let shown = harness
        .state()
        .view
        .query
        .run(&harness.state().session.project)
        .iter()
        .any(|a| a.id == claim.id);
    assert!(!shown);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(verdict(&harness), claim.fields.get("verdict").cloned());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        harness.state().session.project.links().len(),
        project.links().len()
    );
}

/// Types a path into the in-app prompt (standing in for the native dialog) and confirms.
fn answer_path_prompt(harness: &mut App, path: &Path) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Type the path of the file:")
        .type_text(&path.display().to_string());
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
}

#[test]
fn an_exercise_round_trip_with_the_compare_view_and_feedback() {
    use marginalia::model::scoring::student_copy;
    use marginalia::ui::command::Command;
    let folder = tempfile::tempdir().unwrap();
    let key_path = folder.path().join("key.ron");
    let key = Session::demo().project;
    project_file::save(&key, &key_path).unwrap();

    // The teacher exports the exercise from the app.
    let mut harness = harness_with(Session::new(key.clone(), Some(key_path.clone())));
    harness.state_mut().queue(Command::ExportExercise);
    harness.run();
    harness
        .get_by_label("Instructions shown when the exercise is opened:")
        .click();
    harness.run();
    harness
        .get_by_label("Instructions shown when the exercise is opened:")
        .type_text("Marquez les affirmations <b>vérifiables</b>.");
    harness.run();
    harness.get_by_label("Save exercise…").click();
    harness.run();
    let exercise_path = folder.path().join("exercise.ron");
    answer_path_prompt(&mut harness, &exercise_path);
    let exercise = project_file::load(&exercise_path).unwrap().project;
    assert!(exercise.annotations().is_empty());
    assert_eq!(exercise.documents(), key.documents());
    assert_eq!(
        exercise.settings.instructions,
        "Marquez les affirmations <b>vérifiables</b>."
    );

    // A student opens it (the instructions come first), marks one claim right and one extra.
    let mut student = student_copy(&key, &exercise.settings.instructions);
    let claim = key
        .annotations()
        .iter()
        .find(|a| a.label.as_str() == "claim")
        .unwrap()
        .clone();
    let document = student.documents()[0].clone();
    Edit::AddAnnotation(claim.clone()).apply(&mut student).unwrap();
    let extra = common::annotation(&document, CharRange::new(0, 6), "opinion", "", 0);
    Edit::AddAnnotation(extra).apply(&mut student).unwrap();
    let mut harness = harness_with(Session::new(student, None));
    harness.get_by_label("Marquez les affirmations <b>vérifiables</b>.");
    harness.get_by_label("Start").click();
    harness.run();

    // Compare with the key: scores, the differences listed and outlined on the text.
    harness.state_mut().queue(Command::CompareWith(key_path.clone()));
    harness.run();
    // In plain words, per label, in a panel beside the text.
    harness.get_by_label("Compared with the answer key");
    harness.get_by_label("You found 1 of the 50 spans");
    harness
        .get_by_label("Opinion: You found none of the 18 opinions")
        .click();
    harness.run();
    harness.get_by_label("Not in the key (1)");
    assert_eq!(harness.state().view.marks.len(), 50);
    // A click on a difference brings it into view without selecting it (no label palette).
    harness
        .get_by_label("“Contre” — you marked it Opinion; the key does not mark it")
        .click();
    harness.run();
    assert_eq!(harness.state().view.selection, None);

    harness.get_by_label("Save feedback report…").click();
    harness.run();
    let report_path = folder.path().join("feedback.html");
    answer_path_prompt(&mut harness, &report_path);
    let report = std::fs::read_to_string(&report_path).unwrap();
    assert!(report.contains("You found 1 of the 50 spans"), "{report}");
    assert_eq!(report.matches("<li class=\"missed\">").count(), 49);
    assert!(report.contains("<h3>Not in the key (1)</h3>"));
}

#[test]
fn project_settings_set_the_publisher_and_label_fields_undoably() {
    let mut harness = harness_with(Session::demo());
    harness
        .state_mut()
        .queue(marginalia::ui::command::Command::ShowSettings);
    harness.run();
    harness.get_by_label("Publisher").click();
    harness.run();
    harness.get_by_label("Publisher").type_text("Vérif Sahel");
    harness.run();
    harness.get_by_label("Apply settings").click();
    harness.run();
    assert_eq!(harness.state().session.project.settings.publisher, "Vérif Sahel");
    // Every label has a row to add a field.
    let add_buttons = harness.query_all_by_label("Add field").count();
    assert_eq!(add_buttons, harness.state().session.project.labels().len());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().session.project.settings.publisher, "");
}
