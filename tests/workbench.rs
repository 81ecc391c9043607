//! The workbench through egui_kittest: the find bar, marking from the keyboard, the command
//! palette, panels that collapse, the theme.

#[path = "common/harness.rs"]
mod harness;

use egui::{Key, Modifiers, ThemePreference};
use egui_kittest::kittest::Queryable;
use harness::{App, app, click_at, one_document, select_first, selected_text, text_origin};
use marginalia::model::{CharRange, LabelId};
use marginalia::ui::Session;

const TEXT: &str = "Le Niger et la Russie. Le NIGER signe, le niger répond.\n\
                    Selon le ministre, Niger-Russie: la Nigérienne parle. Fin du texte.";

fn ctrl(harness: &mut App, key: Key) {
    harness.key_press_modifiers(Modifiers::COMMAND, key);
    harness.run();
}

fn quotes_with_label(harness: &App, label: &str) -> Vec<String> {
    harness
        .state()
        .session
        .project
        .annotations()
        .iter()
        .filter(|a| a.label.as_str() == label)
        .map(|a| a.quote.exact.clone())
        .collect()
}

#[test]
fn find_counts_steps_and_labels_every_hit_in_one_undoable_step() {
    let mut harness = app(one_document(TEXT));
    ctrl(&mut harness, Key::F);
    harness.get_by_label("Find").type_text("niger");
    harness.run();
    // Case and accents ignored: Niger, NIGER, niger, Niger(-Russie) and Nigé(rienne).
    harness.get_by_label("5 match(es)");
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label("1 of 5");
    assert_eq!(harness.state().view.caret, Some(3));
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label("2 of 5");
    harness.key_press_modifiers(Modifiers::SHIFT, Key::Enter);
    harness.run();
    harness.get_by_label("1 of 5");

    harness.get_by_label("Word").click();
    harness.run();
    // The current hit is still one of them.
    harness.get_by_label("1 of 4");

    harness.get_by_label("Label all 4 as…").click();
    harness.run();
    harness.get_by_label("Claim Ctrl+1").click();
    harness.run();
    assert_eq!(
        quotes_with_label(&harness, "claim"),
        ["Niger", "NIGER", "niger", "Niger"]
    );
    assert_eq!(
        harness.state().session.history.undo_description().as_deref(),
        Some("4 changes")
    );

    ctrl(&mut harness, Key::Z);
    assert!(harness.state().session.project.annotations().is_empty());

    // Ctrl+1 labels all with the first label; a second time finds them all labelled already.
    ctrl(&mut harness, Key::Num1);
    assert_eq!(quotes_with_label(&harness, "claim").len(), 4);
    ctrl(&mut harness, Key::Num1);
    assert_eq!(quotes_with_label(&harness, "claim").len(), 4);
    let message = harness.state().message.clone().unwrap().0;
    assert!(message.contains("4 already were"), "{message}");
}

#[test]
fn a_regex_that_does_not_compile_says_so() {
    let mut harness = app(one_document(TEXT));
    ctrl(&mut harness, Key::F);
    harness.get_by_label(".*").click();
    harness.run();
    harness.get_by_label("Find").focus();
    harness.run();
    harness.get_by_label("Find").type_text("ni(ger");
    harness.run();
    harness.get_by_label_contains("unclosed group");
    harness.get_by_label("Find").type_text(")");
    harness.run();
    harness.get_by_label("5 match(es)");
}

#[test]
fn a_span_made_and_labelled_from_the_keyboard_alone() {
    let mut harness = app(one_document(TEXT));
    // A click places the caret (here before "Le").
    let origin = text_origin(&harness);
    click_at(&mut harness, origin + egui::vec2(1.0, 12.0));
    assert_eq!(harness.state().view.caret, Some(0));

    // Ctrl+Right twice: after "Niger"; Shift+Ctrl+Right ×3: "et la Russie".
    for _ in 0..2 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowRight);
        harness.run();
    }
    assert_eq!(harness.state().view.caret, Some(8));
    harness.key_press(Key::ArrowRight);
    harness.run();
    for _ in 0..3 {
        harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::ArrowRight);
        harness.run();
    }
    assert_eq!(selected_text(&harness).as_deref(), Some("et la Russie"));
    // Shift+Left shrinks it by one character.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowLeft);
    harness.run();
    assert_eq!(selected_text(&harness).as_deref(), Some("et la Russi"));
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowRight);
    harness.run();
    harness.key_press(Key::Num2);
    harness.run();
    assert_eq!(quotes_with_label(&harness, "source"), ["et la Russie"]);

    // Down goes to the next line; S takes its sentence, 3 labels it.
    harness.key_press(Key::ArrowDown);
    harness.run();
    let caret = harness.state().view.caret.unwrap();
    assert!(caret > 56, "the caret is on the second line: {caret}");
    harness.key_press(Key::S);
    harness.run();
    assert_eq!(
        selected_text(&harness).as_deref(),
        Some("Selon le ministre, Niger-Russie: la Nigérienne parle.")
    );
    harness.key_press(Key::Num3);
    harness.run();
    assert_eq!(quotes_with_label(&harness, "opinion").len(), 1);

    // Shift+S takes the paragraph; Ctrl+End goes to the end of the text.
    harness.key_press_modifiers(Modifiers::SHIFT, Key::S);
    harness.run();
    assert_eq!(selected_text(&harness).map(|t| t.len() > 60), Some(true));
    ctrl(&mut harness, Key::End);
    assert_eq!(harness.state().view.caret, Some(TEXT.chars().count()));
    assert_eq!(harness.state().view.selection, None);
}

#[test]
fn linking_from_the_keyboard() {
    let mut harness = app(Session::demo());
    let project = harness.state().session.project.clone();
    let claim = select_first(&mut harness, "claim");
    harness.key_press(Key::L);
    harness.run();
    // 2 picks the second link type, N chooses the first other highlight, Enter links.
    harness.key_press(Key::Num2);
    harness.run();
    harness.key_press(Key::N);
    harness.run();
    let target = harness
        .state()
        .view
        .link_target
        .clone()
        .expect("a target is chosen");
    harness.key_press(Key::Enter);
    harness.run();
    let after = &harness.state().session.project;
    assert_eq!(after.links().len(), project.links().len() + 1);
    let links: Vec<_> = after.links_of(&claim.id).cloned().collect();
    assert_eq!(links.len(), 1);
    assert_eq!((&links[0].from, &links[0].to), (&claim.id, &target));
    assert_eq!(links[0].kind, project.settings.link_types[1]);
}

#[test]
fn the_command_palette_runs_a_command() {
    let mut harness = app(one_document(TEXT));
    ctrl(&mut harness, Key::K);
    harness.get_by_label("Command").type_text("theme dark");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(harness.state().prefs.theme, ThemePreference::Dark);
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark);
    assert!(harness.query_by_label("Command").is_none());

    // Choosing with the arrows: "label selection" lists one entry per label.
    harness.state_mut().view.selection = Some(CharRange::new(3, 8));
    ctrl(&mut harness, Key::K);
    harness.get_by_label("Command").type_text("label the selection");
    harness.run();
    harness.key_press(Key::ArrowDown);
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(quotes_with_label(&harness, "source"), ["Niger"]);
}

#[test]
fn panels_collapse_and_come_back() {
    let mut harness = app(one_document(TEXT));
    harness.get_by_label("Documents");
    ctrl(&mut harness, Key::B);
    harness.run();
    assert!(harness.query_by_label("Documents").is_none());
    assert!(!harness.state().prefs.side_panel);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::B);
    harness.run();
    harness.run();
    assert!(harness.query_by_label("Inspector").is_none());
    // With both panels gone the text column is as wide as it gets.
    let canvas = harness.get_by_role(egui::accesskit::Role::Document).rect();
    assert!(canvas.width() > 1200.0, "{}", canvas.width());
    // The View menu brings them back.
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label_contains("Side panel").click();
    harness.run();
    harness.run();
    harness.get_by_label("Documents");
    ctrl(&mut harness, Key::B);
    ctrl(&mut harness, Key::B);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::B);
    harness.run();
    harness.run();
    harness.get_by_label("Documents");
    harness.get_by_label("Inspector");
}

#[test]
fn the_theme_switches_from_the_view_menu() {
    let mut harness = app(one_document(TEXT));
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Theme: light").click();
    harness.run();
    assert_eq!(harness.ctx.theme(), egui::Theme::Light);
    assert_eq!(harness.state().prefs.theme, ThemePreference::Light);
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Theme: dark").click();
    harness.run();
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark);
}

#[test]
fn clicking_a_highlight_selects_it_without_moving_the_view() {
    let mut harness = app(one_document(TEXT));
    harness.state_mut().view.selection = Some(CharRange::new(3, 8));
    harness.key_press(Key::Num1);
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().view.selected, None);
    let origin = text_origin(&harness);
    click_at(&mut harness, origin + egui::vec2(40.0, 12.0));
    let app = harness.state();
    let selected = app
        .view
        .selected
        .as_ref()
        .and_then(|id| app.session.project.annotation(id));
    assert_eq!(selected.map(|a| a.label.clone()), Some(LabelId::from("claim")));
    assert_eq!(app.view.scroll_target, None);
}
