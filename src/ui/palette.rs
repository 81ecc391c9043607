//! The menus as one table, and the command palette (Ctrl+K) that lists every entry of it, with its
//! shortcut, filtered as the user types (case and accents ignored), and runs the one chosen.

use egui::{Key, Modifiers, RichText, ThemePreference, Ui};

use super::command::{self, Command};
use crate::model::conflict::Side;
use crate::model::query::fold;
use crate::model::{Direction, Project};

/// One entry of a menu.
pub enum Item {
    Command(&'static str, fn() -> Command),
    /// File → Open recent: the recent projects, listed by the menu bar.
    Recent,
    Separator,
}

use Item::{Command as Do, Separator};

/// The menu bar, top to bottom. The palette lists every command here.
pub const MENUS: &[(&str, &[Item])] = &[
    (
        "File",
        &[
            Do("New", || Command::New),
            Do("Open…", || Command::Open),
            Item::Recent,
            Separator,
            Do("Save", || Command::Save),
            Do("Save as…", || Command::SaveAs),
            Separator,
            Do("Import document…", || Command::ImportDocument),
            Do("New document from clipboard (Ctrl+V)", || Command::PasteDocument),
            Separator,
            Do("Import annotations…", || Command::ImportAnnotations),
            Do("Export…", || Command::Export),
            Do("Merge with another copy…", || Command::MergeWith),
            Do("Curate a gold copy from annotators' copies…", || {
                Command::Curate
            }),
            Separator,
            Do("Export exercise…", || Command::ExportExercise),
            Do("Compare with answer key…", || Command::CompareWithKey),
            Do("Compare a class with this answer key…", || {
                Command::CompareClass(Vec::new())
            }),
            Separator,
            Do("Quit", || Command::Quit),
        ],
    ),
    (
        "Edit",
        &[
            Do("Undo", || Command::Undo),
            Do("Redo", || Command::Redo),
            Separator,
            Do("Find in the text…", || Command::OpenFind),
            Do("Find next", || Command::FindNext),
            Do("Find previous", || Command::FindPrevious),
            Do("Filter the annotations…", || Command::FocusFilter),
            Separator,
            Do("Select the sentence at the caret", || Command::SelectSentence),
            Do("Select the paragraph at the caret", || Command::SelectParagraph),
            Do("Link the selected annotation…", || Command::StartLink(None)),
            Do("Delete the selected annotation", || Command::DeleteSelected),
            Separator,
            Do("Accept the placement", || Command::AcceptPlacement),
            Do("Mark orphaned", || Command::MarkOrphaned),
            Do("Place the annotation on the selection", || {
                Command::PlaceOnSelection
            }),
            Separator,
            Do("Take our value (first conflict)", || {
                Command::TakeSelectedConflict(Side::Ours)
            }),
            Do("Take their value (first conflict)", || {
                Command::TakeSelectedConflict(Side::Theirs)
            }),
            Separator,
            Do("Accept the version into the gold copy (curation)", || {
                Command::AcceptVersion
            }),
            Do("Reject the version (curation)", || Command::RejectVersion),
            Separator,
            Do("Accept the suggestion", || Command::AcceptSuggestion),
            Do("Reject the suggestion", || Command::RejectSuggestion),
            Do("Accept every repeat of the span just labelled", || {
                Command::AcceptAllRepeats
            }),
            Do("Dismiss the repeats", || Command::DismissRepeats),
            Separator,
            Do("Labels…", || Command::ShowLabels),
            Do("Project settings…", || Command::ShowSettings),
        ],
    ),
    (
        "View",
        &[
            Do("Side panel", || Command::ToggleSidePanel),
            Do("Inspector", || Command::ToggleInspector),
            Separator,
            Do("Theme: follow the system", || {
                Command::SetTheme(ThemePreference::System)
            }),
            Do("Theme: light", || Command::SetTheme(ThemePreference::Light)),
            Do("Theme: dark", || Command::SetTheme(ThemePreference::Dark)),
            Separator,
            Do("Larger text", || Command::ZoomIn),
            Do("Smaller text", || Command::ZoomOut),
            Do("Actual text size", || Command::ZoomReset),
            Separator,
            Do("Text direction: automatic", || {
                Command::SetDirection(Direction::Auto)
            }),
            Do("Text direction: left to right", || {
                Command::SetDirection(Direction::Ltr)
            }),
            Do("Text direction: right to left", || {
                Command::SetDirection(Direction::Rtl)
            }),
            Separator,
            Do("Next annotation", || Command::NextAnnotation),
            Do("Previous annotation", || Command::PreviousAnnotation),
            Do("Annotations to review", || Command::ShowToReview),
            Do("Next annotation to review", || Command::NextToReview),
            Do("Changes between revisions…", || Command::ShowRevisions(None)),
            Do("Conflicts from merging…", || Command::ShowConflicts),
            Do("Next annotation with a conflict", || Command::NextConflict),
            Separator,
            Do("Curation view", || Command::ShowCuration),
            Do("Next disagreement (curation)", || Command::NextDisagreement),
            Do("Previous disagreement (curation)", || {
                Command::PreviousDisagreement
            }),
            Do("Next version of the disagreement", || Command::NextVersion),
            Do("Previous version of the disagreement", || {
                Command::PreviousVersion
            }),
            Separator,
            Do("Show suggestions", || Command::ToggleSuggestions),
            Do("Next suggestion", || Command::NextSuggestion),
            Do("Previous suggestion", || Command::PreviousSuggestion),
            Do("Suggestions: most uncertain first", || {
                Command::ToggleSuggestionOrder
            }),
            Separator,
            Do("Command palette…", || Command::CommandPalette),
        ],
    ),
];

/// Keys of the document view that no menu lists.
const CARET_KEYS: &[(&str, &str)] = &[
    (
        "Click, arrows",
        "place and move the caret; the view follows (in right-to-left text Left reads on; in a line of mixed directions the caret moves as seen)",
    ),
    ("Ctrl+Left/Right", "move by word"),
    (
        "Left/Right in Arabic, Hebrew",
        "in a right-to-left paragraph Left reads on, Right goes back",
    ),
    (
        "View › Text direction",
        "automatic (by each paragraph's first letter), left to right, right to left",
    ),
    (
        "Home/End, Ctrl+Home/End",
        "start or end of the line, of the document",
    ),
    ("PageUp/PageDown, Space, Shift+Space", "move by a screen"),
    (
        "Shift+(any of these)",
        "extend the selection (Ctrl+Shift by word)",
    ),
    (
        "Drag, Alt+drag, double-click",
        "select (snapped to words, exact, one word)",
    ),
    ("1–9 or a label's key", "label the selection"),
    (
        "L, then 1–9, N/P or arrows, Enter",
        "link the selected annotation: type, target, confirm",
    ),
    (
        "Esc",
        "cancel linking, clear the selection, close the find bar, hide the curation view",
    ),
    (
        "Tab, Shift+Tab, Up/Down, A, R",
        "in the curation view: next, previous disagreement; choose, accept, reject a version",
    ),
    ("Enter / Shift+Enter in the find bar", "next / previous match"),
    (
        "Ctrl+1…9 in the find bar",
        "label every match with the n-th label",
    ),
];

/// Every shortcut of the app, for `marginalia --help`: the menus' (from the same table) and the
/// document view's.
pub fn keys_help() -> String {
    let names = egui::ModifierNames::NAMES;
    let mut lines = vec!["Keys in the app:".to_owned()];
    for (menu, items) in MENUS {
        for item in *items {
            if let Do(title, make) = item
                && let Some(shortcut) = command::shortcut_of(&make())
            {
                lines.push(format!(
                    "  {:<36} {menu} › {title}",
                    shortcut.format(&names, false)
                ));
            }
        }
    }
    for (keys, does) in CARET_KEYS {
        lines.push(format!("  {keys:<36} {does}"));
    }
    lines.join("\n")
}

/// What the palette offers: every menu command, then one "Label the selection as …" per label.
fn entries(project: &Project) -> Vec<(String, Command)> {
    let menus = MENUS.iter().flat_map(|(menu, items)| {
        items.iter().filter_map(move |item| match item {
            Do(title, make) => Some((format!("{menu} › {title}"), make())),
            _ => None,
        })
    });
    let labels = project.labels().iter().map(|label| {
        (
            format!("Label the selection as {}", label.name),
            Command::LabelSelection(label.id.clone()),
        )
    });
    menus.chain(labels).collect()
}

/// Entries whose title holds every word typed, ignoring case and accents.
fn matching(entries: Vec<(String, Command)>, filter: &str) -> Vec<(String, Command)> {
    let words: Vec<String> = fold(filter).split_whitespace().map(str::to_owned).collect();
    entries
        .into_iter()
        .filter(|(title, _)| {
            let title = fold(title);
            words.iter().all(|word| title.contains(word.as_str()))
        })
        .collect()
}

#[derive(Default)]
pub struct CommandPalette {
    open: bool,
    filter: String,
    chosen: usize,
}

impl CommandPalette {
    pub fn open(&mut self) {
        *self = Self {
            open: true,
            ..Self::default()
        };
    }

    pub fn is_open(&self) -> bool {
        self.open
    }

    pub fn ui(&mut self, ctx: &egui::Context, project: &Project, commands: &mut Vec<Command>) {
        if !self.open {
            return;
        }
        let shown = matching(entries(project), &self.filter);
        let (up, down, enter, escape) = ctx.input_mut(|input| {
            (
                input.consume_key(Modifiers::NONE, Key::ArrowUp),
                input.consume_key(Modifiers::NONE, Key::ArrowDown),
                input.consume_key(Modifiers::NONE, Key::Enter),
                input.consume_key(Modifiers::NONE, Key::Escape),
            )
        });
        if down {
            self.chosen = (self.chosen + 1).min(shown.len().saturating_sub(1));
        }
        if up {
            self.chosen = self.chosen.saturating_sub(1);
        }
        let mut run = enter
            .then(|| shown.get(self.chosen).map(|(_, c)| c.clone()))
            .flatten();
        let modal = egui::Modal::new(egui::Id::unique("command-palette")).show(ctx, |ui| {
            ui.set_width(520.0_f32.min(ctx.content_rect().width() - 40.0));
            // Focused before it is drawn, so the first keys typed after Ctrl+K reach it.
            let id = egui::Id::unique("command-palette-filter");
            ui.memory_mut(|memory| memory.request_focus(id));
            let field = ui
                .horizontal(|ui| {
                    let label = ui.strong("Command");
                    ui.add(
                        egui::TextEdit::singleline(&mut self.filter)
                            .id(id)
                            .hint_text("type to filter; Up/Down choose, Enter runs, Esc closes")
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(label.id)
                })
                .inner;
            if field.changed() {
                self.chosen = 0;
            }
            ui.separator();
            egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
                for (i, (title, command)) in shown.iter().enumerate() {
                    if entry_ui(ui, title, command, i == self.chosen).clicked() {
                        run = Some(command.clone());
                    }
                }
                if shown.is_empty() {
                    ui.weak("No command matches.");
                }
            });
        });
        if escape || modal.should_close() || run.is_some() {
            self.open = false;
        }
        commands.extend(run);
    }
}

fn entry_ui(ui: &mut Ui, title: &str, command: &Command, chosen: bool) -> egui::Response {
    let shortcut = command::shortcut_of(command)
        .map(|s| ui.ctx().format_shortcut(&s))
        .unwrap_or_default();
    let response = ui
        .horizontal(|ui| {
            let row = ui.add(
                egui::Button::selectable(chosen, title)
                    .min_size(egui::vec2(ui.available_width() - 90.0, 0.0)),
            );
            ui.label(RichText::new(shortcut).weak());
            row
        })
        .inner;
    if chosen {
        response.scroll_to_me(None);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_help_lists_menu_shortcuts_and_document_keys() {
        let help = keys_help();
        for expected in [
            "Ctrl+F",
            "Edit › Find in the text…",
            "Ctrl+K",
            "Shift+S",
            "View › Side panel",
            "Space",
            "Ctrl+Enter",
            "Edit › Accept the placement",
            "Ctrl+Shift+O",
            "Ctrl+Shift+P",
            "View › Next annotation to review",
            "Ctrl+Shift+K",
            "File › Curate a gold copy from annotators' copies…",
            "Edit › Accept the version into the gold copy (curation)",
            "Edit › Reject the version (curation)",
            "View › Next disagreement (curation)",
            "Shift+Tab",
            "View › Next suggestion",
            "Edit › Accept the suggestion",
            "Edit › Reject the suggestion",
            "Ctrl+Shift+Y",
            "View › Show suggestions",
        ] {
            assert!(help.contains(expected), "{expected} missing from:\n{help}");
        }
    }

    #[test]
    fn filtering_cases() {
        let project = Project::new("p");
        // (typed, a title that must be listed first)
        let cases = [
            ("save as", "File › Save as…"),
            ("THEME dark", "View › Theme: dark"),
            ("selection claim", "Label the selection as Claim"),
            ("paragraphe", ""),
        ];
        for (typed, first) in cases {
            let shown = matching(entries(&project), typed);
            assert_eq!(shown.first().map_or("", |(t, _)| t.as_str()), first, "{typed}");
        }
    }
}
