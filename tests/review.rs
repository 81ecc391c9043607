//! Reviewing approximate placements in the app: the status-bar count and the filter, the old and
//! new quote in the inspector, accept and orphan from the keyboard (each undoable), an orphan put
//! back on a text selection by hand, and the window of changes between revisions.

#[path = "common/harness.rs"]
mod harness;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use harness::{App, app, drag, text_origin};
use marginalia::model::anchor::{Quote, Review};
use marginalia::model::{Annotation, AnnotationId, CharRange, Document, Edit, LabelId, Project};
use marginalia::ui::Session;
use marginalia::ui::command::Command;

const TEXT: &str = "Le Niger a signé un accord avec la Russie. Le ministre parle demain à Niamey.";

fn annotation(document: &Document, range: CharRange) -> Annotation {
    let time = marginalia::model::annotation::now();
    Annotation {
        id: AnnotationId::generate(),
        document: document.id.clone(),
        start: range.start,
        end: range.end,
        quote: Quote::capture(&document.text, range).unwrap(),
        label: LabelId::from("claim"),
        note: String::new(),
        orphaned: false,
        review: None,
        agreed: None,
        fields: Default::default(),
        created: time,
        modified: time,
    }
}

/// One document, an annotation that needs review (on "un accord avec la Russie", once "un acord
/// avec la Russie") and an orphan whose quote left the text.
fn review_session() -> (Session, AnnotationId, AnnotationId) {
    let mut project = Project::new("Review");
    let document = Document::new("Article", TEXT);
    let mut review = annotation(&document, CharRange::new(17, 41));
    assert_eq!(review.quote.exact, "un accord avec la Russie");
    review.review = Some(Review {
        previous: "un acord avec la Russie".into(),
        score: 62,
    });
    let mut orphan = annotation(&document, CharRange::new(46, 54));
    orphan.quote.exact = "le président".into();
    orphan.orphaned = true;
    let ids = (review.id.clone(), orphan.id.clone());
    Edit::AddDocument {
        position: 0,
        document,
    }
    .apply(&mut project)
    .unwrap();
    Edit::AddAnnotation(review).apply(&mut project).unwrap();
    Edit::AddAnnotation(orphan).apply(&mut project).unwrap();
    (Session::new(project, None), ids.0, ids.1)
}

fn current(harness: &App, annotation_id: &AnnotationId) -> Annotation {
    harness
        .state()
        .session
        .project
        .annotation(annotation_id)
        .unwrap()
        .clone()
}

fn keys(harness: &mut App, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

fn select(harness: &mut App, annotation_id: &AnnotationId) {
    harness
        .state_mut()
        .queue(Command::Select(Some(annotation_id.clone())));
    harness.run();
}

#[test]
fn the_count_filters_and_the_inspector_accepts_or_orphans_undoably() {
    let (session, review_id, _) = review_session();
    let mut harness = app(session);
    harness.get_by_label("Needs review (1)");
    harness.get_by_label("1 to review").click();
    harness.run();
    assert!(harness.state().view.query.needs_review_only);
    harness.get_by_label("1 of 2 annotation(s)");

    // F8 goes to it; the inspector shows the quote before and after, and its score.
    keys(&mut harness, Modifiers::NONE, Key::F8);
    assert_eq!(harness.state().view.selected.as_ref(), Some(&review_id));
    harness.get_by_label("Needs review: placed with 62% confidence");
    harness.get_by_label("“un acord avec la Russie”");
    assert!(harness.get_all_by_label("“un accord avec la Russie”").count() >= 1);
    harness.get_by_label("Accept placement (Ctrl+Enter)");

    keys(&mut harness, Modifiers::COMMAND, Key::Enter);
    let accepted = current(&harness, &review_id);
    assert_eq!(accepted.review, None);
    assert_eq!((accepted.start, accepted.end), (17, 41));
    assert!(harness.query_by_label("1 to review").is_none());
    harness.get_by_label("0 of 2 annotation(s)");

    keys(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(current(&harness, &review_id).review.map(|r| r.score), Some(62));
    harness.get_by_label("1 to review");

    // Mark orphaned: the old quote comes back; Ctrl+Z places it for review again.
    harness.get_by_label("Mark orphaned (Ctrl+Shift+O)");
    keys(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::O);
    let orphaned = current(&harness, &review_id);
    assert!(orphaned.orphaned);
    assert_eq!(orphaned.review, None);
    assert_eq!(orphaned.quote.exact, "un acord avec la Russie");
    harness.get_by_label("Orphaned: its quote is no longer in the text.");
    keys(&mut harness, Modifiers::COMMAND, Key::Z);
    let back = current(&harness, &review_id);
    assert!(!back.orphaned);
    assert_eq!(back.quote.exact, "un accord avec la Russie");
    assert!(back.review.is_some());
}

#[test]
fn an_orphan_is_put_back_on_a_selection_made_after_selecting_it() {
    let (session, _, orphan_id) = review_session();
    let mut harness = app(session);
    select(&mut harness, &orphan_id);
    harness.get_by_label("Orphaned: its quote is no longer in the text.");

    // The orphan stays the target while the user drags over the text where it belongs.
    let origin = text_origin(&harness);
    drag(
        &mut harness,
        origin + egui::vec2(2.0, 12.0),
        origin + egui::vec2(60.0, 12.0),
    );
    let selection = harness.state().view.selection.expect("a selection");
    assert_eq!(harness.state().view.placing.as_ref(), Some(&orphan_id));
    harness.get_by_label("Putting back an annotation");
    harness.get_by_label("Place on selection (Ctrl+Shift+P)");

    keys(&mut harness, Modifiers::COMMAND | Modifiers::SHIFT, Key::P);
    let placed = current(&harness, &orphan_id);
    assert_eq!(placed.range(), selection);
    assert!(!placed.orphaned);
    assert_eq!(placed.review, None);
    assert_eq!(
        Some(placed.quote.exact.as_str()),
        TEXT.get(selection.start..selection.end)
    );
    assert_eq!(harness.state().view.selected.as_ref(), Some(&orphan_id));

    keys(&mut harness, Modifiers::COMMAND, Key::Z);
    let undone = current(&harness, &orphan_id);
    assert!(undone.orphaned);
    assert_eq!(
        (undone.start, undone.end, undone.quote.exact.as_str()),
        (46, 54, "le président")
    );
}

#[test]
fn a_placement_for_review_can_be_replaced_by_hand_too() {
    let (session, review_id, _) = review_session();
    let mut harness = app(session);
    select(&mut harness, &review_id);
    // Bare keys on the document: Shift+S is not needed, a queued selection stands in for a drag.
    harness
        .state_mut()
        .queue(Command::SetSelection(Some(CharRange::new(0, 8))));
    harness.run();
    harness.get_by_label("Place on selection (Ctrl+Shift+P)").click();
    harness.run();
    let placed = current(&harness, &review_id);
    assert_eq!(
        (placed.start, placed.end, placed.quote.exact.as_str()),
        (0, 8, "Le Niger")
    );
    assert_eq!(placed.review, None);
}

#[test]
fn the_revisions_window_marks_what_was_inserted_and_lists_the_moved_annotation() {
    let old = "Le Niger a signé un acord avec la Russie. Le ministre parle demain.";
    let new = "Le Niger a signé un accord avec la Russie. Une phrase toute neuve. Le ministre parle demain.";
    let mut project = Project::new("Revised");
    let document = Document::new("Article", old);
    let doc_id = document.id.clone();
    let moved = annotation(&document, CharRange::new(17, 40));
    let moved_id = moved.id.clone();
    Edit::AddDocument {
        position: 0,
        document,
    }
    .apply(&mut project)
    .unwrap();
    Edit::AddAnnotation(moved).apply(&mut project).unwrap();
    let revised =
        marginalia::model::revision::revise(&project, &doc_id, Document::new("v2", new), str::to_owned)
            .unwrap();
    revised.edit.apply(&mut project).unwrap();
    assert_eq!(project.document(&doc_id).unwrap().revisions.len(), 1);
    let mut harness = app(Session::new(project, None));

    // Nothing selected: the document's details offer the changes.
    harness.get_by_label("Revision 2 of 2: show changes").click();
    harness.run();
    // "acord" struck through, "accord" and the new sentence marked as inserted.
    harness.get_by_label("2 passage(s) inserted, 1 deleted");
    harness.get_by_label_contains("Une phrase toute neuve.");
    let row = harness.get_by_label_contains("“un accord avec la Russie”  (17..40 › 17..41)");
    row.click();
    harness.run();
    assert_eq!(harness.state().view.selected.as_ref(), Some(&moved_id));
}

#[test]
fn the_view_menu_opens_the_revisions_of_the_current_document() {
    let (session, _, _) = review_session();
    let mut harness = app(session);
    harness.state_mut().queue(Command::ShowRevisions(None));
    harness.run();
    let message = harness.state().message.clone().unwrap().0;
    assert!(message.contains("has no earlier text"), "{message}");
}
