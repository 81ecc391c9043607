//! The reading view through egui_kittest: structure drawn from the document's blocks, links that
//! open with Ctrl+click, verdicts in the hover tooltip.

#[path = "common/harness.rs"]
mod harness;

use egui::{Modifiers, vec2};
use egui_kittest::kittest::Queryable;
use harness::{app, text_origin};
use marginalia::model::{Block, BlockKind, DocLink, Document, Edit, Inline, InlineKind, Project};
use marginalia::ui::Session;
use marginalia::ui::command::Command;

/// A heading, a paragraph with a link and emphasis, a list item and a quote.
fn structured() -> Session {
    let text =
        "Le sommet de Niamey\nLe ministre a parlé selon RFI hier soir.\nPremier point\nUne citation longue.";
    let mut document = Document::new("Le sommet", text);
    document.author = Some("A. Auteur".into());
    document.published = Some("2024-01-22".into());
    document.url = Some("https://example.org/sommet".into());
    document.blocks = vec![
        Block {
            kind: BlockKind::Heading(1),
            start: 0,
            end: 19,
        },
        Block {
            kind: BlockKind::ListItem,
            start: 61,
            end: 74,
        },
        Block {
            kind: BlockKind::Quote,
            start: 75,
            end: 95,
        },
    ];
    document.inlines = vec![Inline {
        kind: InlineKind::Emphasis,
        start: 23,
        end: 31,
    }];
    document.links = vec![DocLink {
        start: 46,
        end: 49,
        url: "https://www.rfi.fr/".into(),
    }];
    let mut project = Project::new("Reading");
    Edit::AddDocument {
        position: 0,
        document,
    }
    .apply(&mut project)
    .unwrap();
    Session::new(project, None)
}

#[test]
fn the_reading_view_draws_structure() {
    let mut harness = app(structured());
    // The header names the author, the date and the address.
    harness.get_by_label("A. Auteur · 2024-01-22");
    assert!(harness.query_all_by_label("https://example.org/sommet").count() >= 1);
    harness.snapshot("reading_view");
    let text = harness.state().session.project.documents()[0]
        .text
        .as_str()
        .to_owned();
    assert!(text.starts_with("Le sommet de Niamey\n"), "the text is untouched");
}

/// A click with Ctrl held at `pos`; the addresses the app asked to open.
fn ctrl_click(harness: &mut harness::App, pos: egui::Pos2) -> Vec<String> {
    harness.hover_at(pos);
    harness.run();
    harness.event(egui::Event::ModifiersChanged(Modifiers::COMMAND));
    for pressed in [true, false] {
        harness.event(egui::Event::PointerButton {
            pos,
            button: egui::PointerButton::Primary,
            pressed,
            modifiers: Modifiers::COMMAND,
        });
    }
    harness.step();
    let opened = harness
        .output()
        .platform_output
        .commands
        .iter()
        .filter_map(|command| match command {
            egui::OutputCommand::OpenUrl(open) => Some(open.url.clone()),
            _ => None,
        })
        .collect();
    harness.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
    opened
}

#[test]
fn ctrl_click_on_a_link_opens_it() {
    let mut harness = app(structured());
    let origin = text_origin(&harness);
    // The link "RFI" is on the second line: look down the column for the point that opens it.
    let opened: Vec<String> = (0..60)
        .flat_map(|row| (0..14).map(move |column| (row, column)))
        .map(|(row, column)| origin + vec2(180.0 + column as f32 * 12.0, row as f32 * 4.0))
        .find_map(|point| {
            let opened = ctrl_click(&mut harness, point);
            opened
                .contains(&"https://www.rfi.fr/".to_owned())
                .then_some(opened)
        })
        .expect("a Ctrl+click on the link opens it");
    assert_eq!(opened, ["https://www.rfi.fr/"]);
    // A plain click elsewhere on the line places the caret and opens nothing.
    assert!(harness.state().session.project.annotations().is_empty());
}

#[test]
fn the_hover_shows_the_verdict_and_fields() {
    let mut session = Session::demo();
    let claim = session
        .project
        .annotations()
        .iter()
        .find(|a| a.label.as_str() == "claim")
        .unwrap()
        .clone();
    session
        .apply(Edit::SetField {
            annotation_id: claim.id.clone(),
            key: "verdict".into(),
            value: Some("Mostly true".into()),
            modified: claim.modified,
        })
        .unwrap();
    session
        .apply(Edit::SetField {
            annotation_id: claim.id.clone(),
            key: "claimant".into(),
            value: Some("Le ministre".into()),
            modified: claim.modified,
        })
        .unwrap();
    let mut harness = app(session);
    harness.state_mut().queue(Command::Select(Some(claim.id.clone())));
    harness.run();
    // The inspector's header and the list row carry the verdict; hovering the span shows it too.
    assert!(harness.query_all_by_label("Mostly true").count() >= 1);
    let origin = text_origin(&harness);
    let found = (0..120).find_map(|row| {
        let point = origin + vec2(60.0, row as f32 * 6.0);
        harness.hover_at(point);
        harness.run();
        harness.query_by_label("Claimant: Le ministre").map(|_| ())
    });
    assert!(found.is_some(), "hovering the claim shows its claimant");
}

#[test]
fn a_claimreview_export_that_lacks_what_the_guidelines_require_says_so_in_a_window() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("reviews.json");
    let mut harness = app(Session::demo());
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::E);
    harness.run();
    harness.get_by_label_contains("ClaimReview").click();
    harness.run();
    harness.get_by_label("Export…").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, egui::Key::A);
    harness
        .get_by_label("Type the path of the file:")
        .type_text(&path.display().to_string());
    harness.run();
    harness.key_press(egui::Key::Enter);
    harness.run();
    // The demo's claims name no fact-check address and the project no publisher: the file is
    // written, and a window lists what is missing, naming the claims.
    assert!(path.exists());
    assert!(harness.query_all_by_label_contains("Exported with").count() >= 1);
    let details = harness
        .query_all_by_label_contains("no address of the published review")
        .filter_map(|node| node.value())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(details.contains("La Russie et le Niger confirment"), "{details}");
    assert!(details.contains("no publisher"), "{details}");
}
