//! Text fields follow the project: what is typed lives only while the field has the keyboard, so
//! undo, redo and other changes show at once, and clicking in and out of a field changes nothing.

#[path = "common/harness.rs"]
mod harness;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use harness::{App, app as harness_with};
use marginalia::model::{Annotation, AnnotationId, Edit, LabelId};
use marginalia::ui::Session;
use marginalia::ui::command::Command;

/// The project's `n`-th claim.
fn nth_claim(harness: &App, n: usize) -> Annotation {
    let project = &harness.state().session.project;
    let mut claims = project
        .annotations()
        .iter()
        .filter(|a| a.label.as_str() == "claim");
    claims.nth(n).unwrap().clone()
}

/// The demo without field values, with its `n`-th claim selected.
fn demo_with_claim(n: usize) -> (App, Annotation) {
    let mut project = Session::demo().project;
    let clear: Vec<Edit> = project
        .annotations()
        .iter()
        .flat_map(|a| {
            a.fields.keys().map(|key| Edit::SetField {
                annotation_id: a.id.clone(),
                key: key.clone(),
                value: None,
                modified: a.modified,
            })
        })
        .collect();
    Edit::Batch(clear).apply(&mut project).unwrap();
    let mut harness = harness_with(Session::new(project, None));
    let claim = nth_claim(&harness, n);
    assert!(claim.fields.is_empty());
    harness.state_mut().queue(Command::Select(Some(claim.id.clone())));
    harness.run();
    (harness, claim)
}

/// What the field named `label` shows.
fn shown(harness: &App, label: &str) -> String {
    harness.get_by_label(label).value().unwrap_or_default()
}

/// Clicks into the field, replaces its text by `text`, and leaves it with Tab.
fn type_into(harness: &mut App, label: &str, text: &str) {
    harness.get_by_label(label).click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.get_by_label(label).type_text(text);
    harness.run();
    harness.key_press(Key::Tab);
    harness.run();
}

/// A click on the inspector's heading: nothing there takes the keyboard.
fn click_elsewhere(harness: &mut App) {
    harness.get_by_label("Inspector").click();
    harness.run();
}

fn undo(harness: &mut App) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
}

fn redo(harness: &mut App) {
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
}

fn field(harness: &App, id: &AnnotationId, key: &str) -> Option<String> {
    let project = &harness.state().session.project;
    project.annotation(id).unwrap().fields.get(key).cloned()
}

#[test]
fn undoing_a_claims_fields_shows_the_undone_values_and_clicking_in_and_out_changes_nothing() {
    let (mut harness, claim) = demo_with_claim(0);
    harness.get_by_label("Verdict").click();
    harness.run();
    harness.get_by_label("Misleading").click();
    harness.run();
    type_into(&mut harness, "Claimant", "Le ministre « X »");
    type_into(&mut harness, "Date", "2024-01-22");
    assert_eq!(
        field(&harness, &claim.id, "verdict").as_deref(),
        Some("Misleading")
    );
    assert_eq!(
        field(&harness, &claim.id, "claimant").as_deref(),
        Some("Le ministre « X »")
    );
    assert_eq!(field(&harness, &claim.id, "date").as_deref(), Some("2024-01-22"));
    assert_eq!(
        harness.get_by_label("Verdict").value().as_deref(),
        Some("Misleading")
    );
    assert_eq!(shown(&harness, "Claimant"), "Le ministre « X »");
    assert_eq!(shown(&harness, "Date"), "2024-01-22");

    for _ in 0..3 {
        undo(&mut harness);
    }
    assert_eq!(harness.get_by_label("Verdict").value().as_deref(), Some("—"));
    assert_eq!(shown(&harness, "Claimant"), "");
    assert_eq!(shown(&harness, "Date"), "");
    let undone = harness.state().session.project.clone();
    assert!(undone.annotation(&claim.id).unwrap().fields.is_empty());

    // Into the field and out again: no edit, so the redo stack is still there.
    harness.get_by_label("Claimant").click();
    harness.run();
    click_elsewhere(&mut harness);
    harness.get_by_label("Date").click();
    harness.run();
    harness.key_press(Key::Tab);
    harness.run();
    assert_eq!(harness.state().session.project, undone);
    assert_eq!(shown(&harness, "Claimant"), "");
    assert!(harness.state().session.history.redo_description().is_some());

    for _ in 0..3 {
        redo(&mut harness);
    }
    assert_eq!(
        harness.get_by_label("Verdict").value().as_deref(),
        Some("Misleading")
    );
    assert_eq!(shown(&harness, "Claimant"), "Le ministre « X »");
    assert_eq!(shown(&harness, "Date"), "2024-01-22");
}

#[test]
fn the_note_follows_undo_and_redo() {
    let (mut harness, claim) = demo_with_claim(0);
    assert_eq!(shown(&harness, "Note"), claim.note);
    type_into(&mut harness, "Note", "Vérifier auprès du ministère.");
    let note = |h: &App| {
        h.state()
            .session
            .project
            .annotation(&claim.id)
            .unwrap()
            .note
            .clone()
    };
    assert_eq!(note(&harness), "Vérifier auprès du ministère.");

    undo(&mut harness);
    assert_eq!(note(&harness), claim.note);
    assert_eq!(shown(&harness, "Note"), claim.note);
    redo(&mut harness);
    assert_eq!(shown(&harness, "Note"), "Vérifier auprès du ministère.");
}

#[test]
fn ctrl_z_while_typing_undoes_the_typing_and_redo_brings_it_back() {
    let (mut harness, claim) = demo_with_claim(0);
    harness.get_by_label("Claimant").click();
    harness.run();
    harness.get_by_label("Claimant").type_text("Le porte-parole");
    harness.run();
    assert_eq!(
        field(&harness, &claim.id, "claimant"),
        None,
        "not committed while typing"
    );

    undo(&mut harness);
    assert_eq!(shown(&harness, "Claimant"), "");
    assert_eq!(field(&harness, &claim.id, "claimant"), None);
    assert!(
        harness.get_by_label("Claimant").is_focused(),
        "the field keeps the keyboard"
    );
    redo(&mut harness);
    assert_eq!(shown(&harness, "Claimant"), "Le porte-parole");
    assert_eq!(
        field(&harness, &claim.id, "claimant").as_deref(),
        Some("Le porte-parole")
    );
}

#[test]
fn selecting_another_annotation_commits_to_the_one_typed_for() {
    let (mut harness, first) = demo_with_claim(0);
    let second = nth_claim(&harness, 1);
    harness.get_by_label("Claimant").click();
    harness.run();
    harness.get_by_label("Claimant").type_text("Le Kremlin");
    harness.run();
    // A click on the other claim's row in the list, while the field still has the keyboard.
    harness
        .get_by_role_and_label(
            egui::accesskit::Role::Button,
            &format!("“{}”", marginalia::model::text::shorten(&second.quote.exact, 60)),
        )
        .click();
    harness.run();
    assert_eq!(harness.state().view.selected.as_ref(), Some(&second.id));
    assert_eq!(
        field(&harness, &first.id, "claimant").as_deref(),
        Some("Le Kremlin")
    );
    assert_eq!(field(&harness, &second.id, "claimant"), None);
    assert_eq!(
        shown(&harness, "Claimant"),
        "",
        "the draft never shows on another claim"
    );

    // Selected by a command while typing (the field goes away): still committed to its claim.
    harness.get_by_label("Claimant").click();
    harness.run();
    harness.get_by_label("Claimant").type_text("Moscou");
    harness.run();
    harness.state_mut().queue(Command::Select(Some(first.id.clone())));
    harness.run();
    assert_eq!(field(&harness, &second.id, "claimant").as_deref(), Some("Moscou"));
    assert_eq!(shown(&harness, "Claimant"), "Le Kremlin");
}

#[test]
fn a_refused_value_keeps_its_error_only_as_long_as_its_draft() {
    let (mut harness, claim) = demo_with_claim(0);
    type_into(&mut harness, "Date", "22/01/2024");
    harness.get_by_label_contains("is not a date");
    assert_eq!(shown(&harness, "Date"), "22/01/2024", "kept to be fixed");
    assert_eq!(field(&harness, &claim.id, "date"), None);

    // Fixed: the error goes with the refused text.
    type_into(&mut harness, "Date", "2024-01-22");
    assert!(harness.query_by_label_contains("is not a date").is_none());
    assert_eq!(field(&harness, &claim.id, "date").as_deref(), Some("2024-01-22"));

    // Refused again, then the model changes under it (undo): the model wins, the error goes.
    type_into(&mut harness, "Date", "bientôt");
    harness.get_by_label_contains("is not a date");
    undo(&mut harness);
    assert!(harness.query_by_label_contains("is not a date").is_none());
    assert_eq!(shown(&harness, "Date"), "");

    // Refused, then another annotation is shown: gone too, also on coming back.
    type_into(&mut harness, "Date", "hier");
    harness.get_by_label_contains("is not a date");
    click_elsewhere(&mut harness);
    harness.key_press(Key::N);
    harness.run();
    assert_ne!(harness.state().view.selected.as_ref(), Some(&claim.id));
    assert!(harness.query_by_label_contains("is not a date").is_none());
    harness.state_mut().queue(Command::Select(Some(claim.id.clone())));
    harness.run();
    assert!(harness.query_by_label_contains("is not a date").is_none());
    assert_eq!(shown(&harness, "Date"), "");
}

#[test]
fn the_label_manager_shows_the_old_name_after_undo() {
    let mut harness = harness_with(Session::demo());
    harness.state_mut().queue(Command::ShowLabels);
    harness.run();
    let name_field = |h: &App, name: &str| {
        h.get_all_by_label("Name")
            .find(|node| node.value().as_deref() == Some(name))
            .is_some()
    };
    assert!(name_field(&harness, "Claim"));
    harness
        .get_all_by_label("Name")
        .find(|node| node.value().as_deref() == Some("Claim"))
        .unwrap()
        .click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness.event(egui::Event::Text("Affirmation".into()));
    harness.run();
    harness.key_press(Key::Tab);
    harness.run();
    let claim = LabelId::from("claim");
    let name = |h: &App| h.state().session.project.label(&claim).unwrap().name.clone();
    assert_eq!(name(&harness), "Affirmation");
    assert!(name_field(&harness, "Affirmation"));

    undo(&mut harness);
    assert_eq!(name(&harness), "Claim");
    assert!(name_field(&harness, "Claim"), "the manager shows the old name");
    assert!(!name_field(&harness, "Affirmation"));
    redo(&mut harness);
    assert!(name_field(&harness, "Affirmation"));

    // Undo while the field has the keyboard but nothing was typed: it shows the undone name,
    // and leaving it makes no edit.
    harness
        .get_all_by_label("Name")
        .find(|node| node.value().as_deref() == Some("Affirmation"))
        .unwrap()
        .click();
    harness.run();
    undo(&mut harness);
    assert!(name_field(&harness, "Claim"));
    assert!(!name_field(&harness, "Affirmation"));
    harness.key_press(Key::Tab);
    harness.run();
    assert_eq!(name(&harness), "Claim");
    redo(&mut harness);
    assert_eq!(name(&harness), "Affirmation", "the redo stack survived");
}

#[test]
fn project_settings_follow_undo_and_redo() {
    let mut harness = harness_with(Session::demo());
    harness.state_mut().queue(Command::ShowSettings);
    harness.run();
    type_into(&mut harness, "Publisher", "Vérif Sahel");
    assert_eq!(harness.state().session.project.settings.publisher, "Vérif Sahel");
    let scale = harness.state().session.project.settings.rating_scale.join("\n");
    assert_eq!(shown(&harness, "Rating scale, best first (one per line)"), scale);

    undo(&mut harness);
    assert_eq!(harness.state().session.project.settings.publisher, "");
    assert_eq!(shown(&harness, "Publisher"), "");
    // Into the field and out: nothing applied, redo still there.
    harness.get_by_label("Publisher").click();
    harness.run();
    harness.key_press(Key::Tab);
    harness.run();
    assert!(harness.state().session.history.redo_description().is_some());
    redo(&mut harness);
    assert_eq!(shown(&harness, "Publisher"), "Vérif Sahel");
}
