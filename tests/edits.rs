//! Edits and undo: every change can be undone and redone exactly, and a failed edit changes nothing.

mod common;

use common::{edit_spec, resolve, sample_project, unicode_text};
use marginalia::model::{CharRange, Document, Edit, History, LabelId, Project};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn undo_all_restores_the_original_and_redo_all_the_result(
        texts in prop::collection::vec(unicode_text(), 1..3),
        specs in prop::collection::vec(edit_spec(), 1..40),
    ) {
        let original = sample_project(&texts);
        let mut project = original.clone();
        let mut history = History::new();
        let mut applied = 0;
        for (n, spec) in specs.iter().enumerate() {
            let Some(edit) = resolve(&project, spec, n as i64) else { continue };
            // Counting builds the filter index, so the edit has to keep it up to date in place.
            project.count_needing_review();
            let before = project.clone();
            match history.apply(&mut project, edit) {
                Ok(()) => applied += 1,
                Err(_) => prop_assert_eq!(&project, &before, "a failed edit changed the project"),
            }
            prop_assert!(project.lookups_agree(), "look-ups by id after {:?}", spec);
        }
        let edited = project.clone();
        prop_assert_eq!(history.is_dirty(), applied > 0);
        let mut undone = 0;
        while history.undo(&mut project).unwrap() { undone += 1; }
        prop_assert_eq!(undone, applied);
        prop_assert_eq!(&project, &original);
        prop_assert!(project.lookups_agree(), "look-ups by id after undoing everything");
        prop_assert!(!history.is_dirty());
        while history.redo(&mut project).unwrap() {}
        prop_assert_eq!(&project, &edited);
        prop_assert!(project.lookups_agree(), "look-ups by id after redoing everything");
    }
}

fn demo() -> (Project, Document) {
    let document = Document::new("t", "Le Niger et la Russie. Selon RFI, Washington s'inquiète.");
    let mut project = Project::new("p");
    Edit::AddDocument {
        position: 0,
        document: document.clone(),
    }
    .apply(&mut project)
    .unwrap();
    (project, document)
}

#[test]
fn deleting_a_label_deletes_or_relabels_its_annotations_and_undo_brings_them_back() {
    for reassign_to in [None, Some(LabelId::from("opinion"))] {
        let (mut project, document) = demo();
        let mut history = History::new();
        for (range, label) in [((0, 8), "claim"), ((23, 33), "source"), ((35, 45), "claim")] {
            let annotation = common::annotation(&document, CharRange::new(range.0, range.1), label, "", 0);
            history
                .apply(&mut project, Edit::AddAnnotation(annotation))
                .unwrap();
        }
        let before = project.clone();
        let edit = Edit::RemoveLabel {
            label_id: LabelId::from("claim"),
            reassign_to: reassign_to.clone(),
        };
        history.apply(&mut project, edit).unwrap();
        assert!(project.label(&LabelId::from("claim")).is_none());
        let expected = if reassign_to.is_some() { 3 } else { 1 };
        assert_eq!(project.annotations().len(), expected, "{reassign_to:?}");
        assert_eq!(history.undo_description().as_deref(), Some("Delete label"));
        history.undo(&mut project).unwrap();
        assert_eq!(project, before);
    }
}

#[test]
fn invalid_edits_are_refused_with_a_reason() {
    let (project, document) = demo();
    let len = document.text.char_len();
    let cases: Vec<(Edit, &str)> = vec![
        (
            Edit::AddAnnotation(common::annotation(
                &document,
                CharRange::new(len - 2, len + 5),
                "claim",
                "",
                0,
            )),
            "outside the document",
        ),
        (
            Edit::AddAnnotation(common::annotation(
                &document,
                CharRange::new(3, 3),
                "claim",
                "",
                0,
            )),
            "empty",
        ),
        (
            Edit::AddAnnotation(common::annotation(&document, CharRange::new(0, 2), "nope", "", 0)),
            "no label nope",
        ),
        (
            Edit::RemoveAnnotation("a-missing".into()),
            "no annotation a-missing",
        ),
        (
            Edit::UpdateLabel({
                let mut label = project.labels()[0].clone();
                label.hotkey = Some("2".into());
                label
            }),
            "hotkey \"2\" is already used by label source",
        ),
        (
            Edit::AddDocument {
                position: 0,
                document: document.clone(),
            },
            "used twice",
        ),
    ];
    for (edit, reason) in cases {
        let mut changed = project.clone();
        let error = edit.clone().apply(&mut changed).unwrap_err().to_string();
        assert!(error.contains(reason), "{edit:?}: {error}");
        assert_eq!(changed, project);
    }
}

#[test]
fn saving_marks_the_history_clean_until_the_next_change() {
    let (mut project, document) = demo();
    let mut history = History::new();
    assert!(!history.is_dirty());
    let add = |n| {
        Edit::AddAnnotation(common::annotation(
            &document,
            CharRange::new(n, n + 2),
            "claim",
            "",
            0,
        ))
    };
    history.apply(&mut project, add(0)).unwrap();
    history.mark_saved();
    assert!(!history.is_dirty());
    history.undo(&mut project).unwrap();
    assert!(history.is_dirty());
    history.redo(&mut project).unwrap();
    assert!(!history.is_dirty());
    history.undo(&mut project).unwrap();
    history.apply(&mut project, add(4)).unwrap();
    assert!(
        history.is_dirty(),
        "the saved state is unreachable once a new edit replaces it"
    );
}

#[test]
fn clearing_a_field_the_new_label_lacks_undoes_to_the_old_value() {
    // A verdict set on a claim, the claim relabelled as an opinion (which has no verdict field),
    // then the verdict cleared: undo must put the verdict back, not refuse it.
    let (mut project, document) = demo();
    let mut history = History::new();
    let claim = common::annotation(&document, CharRange::new(0, 8), "claim", "", 0);
    let id = claim.id.clone();
    let time = common::timestamp(1);
    let field = |value: Option<&str>| Edit::SetField {
        annotation_id: id.clone(),
        key: "verdict".into(),
        value: value.map(str::to_owned),
        modified: time,
    };
    let steps = [
        Edit::AddAnnotation(claim.clone()),
        field(Some("False")),
        Edit::SetLabel {
            annotation_id: id.clone(),
            label_id: LabelId::from("opinion"),
            modified: time,
        },
        field(None),
    ];
    for step in steps {
        history.apply(&mut project, step).unwrap();
    }
    assert_eq!(project.annotation(&id).unwrap().fields.get("verdict"), None);
    history.undo(&mut project).unwrap();
    let annotation = project.annotation(&id).unwrap();
    assert_eq!(
        annotation.fields.get("verdict").map(String::as_str),
        Some("False")
    );
    while history.undo(&mut project).unwrap() {}
    assert!(project.annotations().is_empty());
    while history.redo(&mut project).unwrap() {}
    assert_eq!(project.annotation(&id).unwrap().fields.get("verdict"), None);
}
