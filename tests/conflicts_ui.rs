//! Merging in the app: File > Merge with… brings another copy in as one undoable step, and the
//! conflicts it leaves are listed (status bar, side-panel filter, window) and settled from the
//! inspector's buttons or keys, each undoable.

#[path = "common/harness.rs"]
mod harness;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use harness::{App, app};
use marginalia::io::project_file;
use marginalia::model::anchor::Quote;
use marginalia::model::conflict::Side;
use marginalia::model::merge::{MergeOptions, merge};
use marginalia::model::{Annotation, AnnotationId, CharRange, Document, Edit, LabelId, Project};
use marginalia::ui::Session;
use marginalia::ui::command::Command;

const TEXT: &str = "Le Niger a signé un accord avec la Russie. Le ministre parle demain à Niamey.";

/// A base project with one claim, and two copies that gave it different notes (theirs also
/// adds a claim of its own).
fn copies() -> (Project, Project, AnnotationId, AnnotationId) {
    let mut base = Project::new("Desk");
    let document = Document::new("Article", TEXT);
    let time = marginalia::model::annotation::now();
    let claim = |range: CharRange, note: &str| Annotation {
        id: AnnotationId::generate(),
        document: document.id.clone(),
        start: range.start,
        end: range.end,
        quote: Quote::capture(&document.text, range).unwrap(),
        label: LabelId::from("claim"),
        note: note.into(),
        orphaned: false,
        review: None,
        agreed: None,
        fields: Default::default(),
        created: time,
        modified: time,
    };
    let shared = claim(CharRange::new(17, 41), "base");
    let added = claim(CharRange::new(43, 54), "from theirs");
    let (shared_id, added_id) = (shared.id.clone(), added.id.clone());
    Edit::AddDocument {
        position: 0,
        document,
    }
    .apply(&mut base)
    .unwrap();
    Edit::AddAnnotation(shared).apply(&mut base).unwrap();
    let note = |project: &mut Project, text: &str| {
        Edit::SetNote {
            annotation_id: shared_id.clone(),
            note: text.into(),
            modified: time,
        }
        .apply(project)
        .unwrap();
    };
    let mut ours = base.clone();
    note(&mut ours, "ours says");
    let mut theirs = base;
    note(&mut theirs, "theirs says");
    Edit::AddAnnotation(added).apply(&mut theirs).unwrap();
    (ours, theirs, shared_id, added_id)
}

fn note_of(harness: &App, annotation_id: &AnnotationId) -> String {
    harness
        .state()
        .session
        .project
        .annotation(annotation_id)
        .unwrap()
        .note
        .clone()
}

fn keys(harness: &mut App, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

#[test]
fn merging_another_copy_lists_the_conflict_and_the_keys_settle_it_undoably() {
    let (ours, theirs, shared_id, added_id) = copies();
    let folder = tempfile::tempdir().unwrap();
    let theirs_path = folder.path().join("theirs.ron");
    project_file::save(&theirs, &theirs_path).unwrap();
    let mut harness = app(Session::new(ours, None));

    harness.state_mut().queue(Command::MergeWithFrom(theirs_path));
    harness.run();
    let project = &harness.state().session.project;
    assert!(project.annotation(&added_id).is_some(), "their new claim came in");
    assert_eq!(project.conflicts().len(), 1);
    harness.get_by_label("1 conflict(s)");
    harness.get_by_label("Conflicts (1)");
    harness.get_by_label("Conflicts from merging");
    assert!(harness.state().view.query.conflicts_only);

    // F9 selects the annotation with the conflict; the inspector shows both notes.
    keys(&mut harness, Modifiers::NONE, Key::F9);
    assert_eq!(harness.state().view.selected.as_ref(), Some(&shared_id));
    assert!(harness.query_all_by_label("“theirs says”").count() >= 1);
    assert_eq!(note_of(&harness, &shared_id), "ours says");

    keys(&mut harness, Modifiers::COMMAND | Modifiers::ALT, Key::T);
    assert_eq!(note_of(&harness, &shared_id), "theirs says");
    assert!(harness.state().session.project.conflicts().is_empty());
    assert!(harness.query_by_label("1 conflict(s)").is_none());

    keys(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(note_of(&harness, &shared_id), "ours says");
    assert_eq!(harness.state().session.project.conflicts().len(), 1);

    // Undoing the merge itself gives the project back as it was.
    keys(&mut harness, Modifiers::COMMAND, Key::Z);
    let project = &harness.state().session.project;
    assert!(project.annotation(&added_id).is_none());
    assert!(project.conflicts().is_empty());
}

#[test]
fn taking_our_side_for_all_keeps_our_values_and_clears_the_list() {
    let (ours, theirs, shared_id, _) = copies();
    let merged = merge(None, &ours, &theirs, MergeOptions::default()).unwrap();
    let mut harness = app(Session::new(merged.project, None));
    harness.state_mut().queue(Command::TakeAllConflicts(Side::Ours));
    harness.run();
    assert_eq!(note_of(&harness, &shared_id), "ours says");
    assert!(harness.state().session.project.conflicts().is_empty());
}
