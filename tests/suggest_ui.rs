//! Suggestions in the app: the worker learns claims from a project of debates, J walks the
//! suggestions, Y accepts one (an annotation and a recorded decision), X rejects one (recorded,
//! not proposed again after the worker reruns; Ctrl+Z undoes it); labelling a span proposes its
//! repeats, Ctrl+Shift+Y labels them all in one undoable step; Ctrl+J hides every suggestion.

mod common;
#[path = "common/harness.rs"]
mod harness;

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use harness::{App, app};
use marginalia::model::CharRange;
use marginalia::model::suggest::decisions::Origin;
use marginalia::model::suggest::{self, Suggestion};
use marginalia::ui::Session;
use marginalia::ui::command::Command;

/// Runs frames until the worker has learnt from the project as it is (bounded).
fn wait_for_worker(harness: &mut App) {
    harness.step();
    harness::step_until(harness, "the suggester is still working", |h| {
        !h.state().suggestions_busy()
    });
}

fn press(harness: &mut App, key: Key) {
    harness.key_press(key);
    harness.run();
}

fn chosen(harness: &App) -> Suggestion {
    harness
        .state()
        .suggestions()
        .1
        .expect("a suggestion is chosen")
        .clone()
}

fn same_place(a: &Suggestion, b: &Suggestion) -> bool {
    (&a.document, a.start, a.end, &a.label) == (&b.document, b.start, b.end, &b.label)
}

#[test]
fn model_suggestions_are_walked_accepted_and_rejected_from_the_keyboard() {
    let mut harness = app(Session::new(common::claims_project(150, 100), None));
    wait_for_worker(&mut harness);
    let (list, _) = harness.state().suggestions();
    let shown = list.len();
    assert!(shown >= 2, "the worker proposes claims: {shown}");
    assert!(
        list.windows(2).all(|w| w[0].score >= w[1].score),
        "highest score first"
    );
    harness.get_by_label(&format!("{shown} suggestion(s)"));

    // J: the best one, in view; Y: it is an annotation and an accepted decision.
    press(&mut harness, Key::J);
    let first = chosen(&harness);
    assert_eq!(first.origin, Origin::Model);
    assert!(same_place(&first, &harness.state().suggestions().0[0]));
    let annotations = harness.state().session.project.annotations().len();
    press(&mut harness, Key::Y);
    let project = &harness.state().session.project;
    assert_eq!(project.annotations().len(), annotations + 1);
    assert!(
        project
            .annotations()
            .iter()
            .any(|a| a.document == first.document && a.range() == first.range() && a.label == first.label)
    );
    let decision = project.suggestion_decisions().last().expect("a decision");
    assert!(decision.accepted && decision.start == first.start);
    assert!(
        !harness
            .state()
            .suggestions()
            .0
            .iter()
            .any(|s| same_place(s, &first))
    );

    // The next one is chosen at once; X rejects it.
    let second = chosen(&harness);
    assert!(!same_place(&first, &second));
    press(&mut harness, Key::X);
    let project = &harness.state().session.project;
    assert_eq!(
        project.annotations().len(),
        annotations + 1,
        "a rejection adds no annotation"
    );
    let decision = project.suggestion_decisions().last().unwrap();
    assert!(!decision.accepted && decision.start == second.start && decision.document == second.document);

    // The worker reruns on the new project (and learns from the rejection): never again.
    wait_for_worker(&mut harness);
    assert!(
        !harness
            .state()
            .suggestions()
            .0
            .iter()
            .any(|s| s.text == second.text)
    );

    // Ctrl+Z undoes the rejection alone: the decision goes, the first acceptance stays.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    let project = &harness.state().session.project;
    assert_eq!(project.suggestion_decisions().len(), 1);
    assert!(project.suggestion_decisions()[0].accepted);
    // Undone, the sentence may be proposed again (whether it is depends on the model retrained).
    let candidates = suggest::candidates(project, &second.label, Some(&second.document));
    assert!(candidates.iter().any(|c| c.range == second.range()));
    wait_for_worker(&mut harness);

    // Ctrl+J hides every suggestion (and the count); again shows them.
    let before = harness.state().suggestion_count();
    assert!(before > 0, "{shown} suggestions at first, {before} now");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::J);
    harness.run();
    assert_eq!(harness.state().suggestion_count(), 0);
    assert!(harness.query_by_label_contains("suggestion(s)").is_none());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::J);
    harness.run();
    wait_for_worker(&mut harness);
    assert_eq!(harness.state().suggestion_count(), before);
}

#[test]
fn repeats_of_a_labelled_span_are_accepted_in_one_step_and_undone_at_once() {
    let mut harness = app(Session::new(common::claims_project(150, 100), None));
    wait_for_worker(&mut harness);
    let project = harness.state().session.project.clone();
    let texts: Vec<String> = project
        .documents()
        .iter()
        .map(|d| d.text.as_str().to_owned())
        .collect();
    let word = "election";
    let whole = |text: &str| {
        text.match_indices(word)
            .filter(|(i, _)| {
                let before = text[..*i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let after = text[i + word.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                before && after
            })
            .count()
    };
    let occurrences: usize = texts.iter().map(|t| whole(t)).sum();
    assert!(occurrences >= 2, "{word} occurs {occurrences} times");
    let byte = texts[0].find(word).unwrap();
    let start = texts[0][..byte].chars().count();
    let range = CharRange::new(start, start + word.chars().count());

    // Select the word and press 3 (Opinion): its other places are proposed as opinions.
    harness
        .state_mut()
        .queue(Command::ShowDocument(project.documents()[0].id.clone()));
    harness.state_mut().queue(Command::SetSelection(Some(range)));
    harness.run();
    press(&mut harness, Key::Num3);
    let opinions = |h: &App| {
        h.state()
            .session
            .project
            .annotations()
            .iter()
            .filter(|a| a.label.as_str() == "opinion")
            .count()
    };
    assert_eq!(opinions(&harness), 1);
    let repeats: Vec<Suggestion> = harness
        .state()
        .suggestions()
        .0
        .iter()
        .filter(|s| s.origin == Origin::Repeat)
        .cloned()
        .collect();
    assert_eq!(repeats.len(), occurrences - 1, "{repeats:?}");
    harness.get_by_label_contains("more place(s), proposed as Opinion");

    // Ctrl+Shift+Y: every repeat labelled, in one step.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Y);
    harness.run();
    assert_eq!(opinions(&harness), occurrences);
    assert!(
        harness
            .state()
            .suggestions()
            .0
            .iter()
            .all(|s| s.origin != Origin::Repeat)
    );
    let accepted = harness.state().session.project.suggestion_decisions().len();
    assert_eq!(accepted, occurrences - 1);

    // Ctrl+Z removes them all at once; the span labelled by hand stays.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(opinions(&harness), 1);
    assert!(harness.state().session.project.suggestion_decisions().is_empty());
    let back = harness
        .state()
        .suggestions()
        .0
        .iter()
        .filter(|s| s.origin == Origin::Repeat)
        .count();
    assert_eq!(back, occurrences - 1, "the repeats are offered again");

    // Dismiss: recorded as rejected, and not offered again.
    harness.state_mut().queue(Command::DismissRepeats);
    harness.run();
    assert_eq!(opinions(&harness), 1);
    let project = &harness.state().session.project;
    assert_eq!(project.suggestion_decisions().len(), occurrences - 1);
    assert!(project.suggestion_decisions().iter().all(|d| !d.accepted));
    assert!(
        harness
            .state()
            .suggestions()
            .0
            .iter()
            .all(|s| s.origin != Origin::Repeat)
    );
}
