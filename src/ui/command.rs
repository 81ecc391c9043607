//! Every user action as a value. Widgets push commands; the app applies them after drawing.

use std::path::PathBuf;

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::io::formats::{ImportFormat, ImportOptions};
use crate::model::conflict::Side;
use crate::model::curation::Strategy;
use crate::model::{AnnotationId, CharRange, Direction, DocId, Edit, LabelId};

// A handful of commands exist per frame; boxing the edit would buy nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Change the project (undoable).
    Apply(Edit),
    Undo,
    Redo,
    New,
    /// Ask for a project to open.
    Open,
    OpenPath(PathBuf),
    Save,
    SaveAs,
    SaveTo(PathBuf),
    /// Ask for a text file to import.
    ImportDocument,
    ImportPath(PathBuf),
    /// Ask the system for the clipboard's text; it arrives as [`Command::ImportPasted`].
    PasteDocument,
    /// Make a new document of pasted text.
    ImportPasted(String),
    /// Choose a format to export the annotations to.
    Export,
    /// Ask where to write the export chosen.
    ExportChoosePath,
    ExportTo(PathBuf),
    /// Ask for a file of annotations (W3C, brat, JSONL, Label Studio) to import.
    ImportAnnotations,
    /// Ask how to read this file of annotations.
    ImportAnnotationsFrom(PathBuf),
    ImportAnnotationsWith {
        path: PathBuf,
        format: ImportFormat,
        options: ImportOptions,
    },
    /// Write a student copy of this project (asks for instructions, then a file).
    ExportExercise,
    ExerciseChoosePath,
    SaveExerciseTo(PathBuf),
    /// Compare this project with an answer key (asks for the key's file).
    CompareWithKey,
    CompareWith(PathBuf),
    /// Save the comparison on screen as a feedback report (asks for a file).
    SaveFeedback,
    SaveFeedbackTo(PathBuf),
    /// Scroll to a span of a document and select it (a find hit).
    ShowSpan(DocId, usize, usize),
    /// Bring a span into view without selecting it (a difference in the compare panel): no
    /// label palette opens, so no stray key can add an annotation.
    Reveal {
        doc_id: DocId,
        range: CharRange,
    },
    /// Compare several student files with the answer key (the comparison's key on screen, else
    /// this project); with none, ask for them.
    CompareClass(Vec<PathBuf>),
    ShowDocument(DocId),
    /// Select an annotation (or none) and scroll to it.
    Select(Option<AnnotationId>),
    /// A click on the text: the caret goes there and the highlight under it (if any) is selected,
    /// without scrolling.
    ClickAt {
        position: usize,
        annotation: Option<AnnotationId>,
    },
    /// Move the caret (the view follows); with `extend`, the selection grows or shrinks with it.
    MoveCaret {
        to: usize,
        extend: bool,
    },
    /// Select the sentence, or the paragraph, around the caret.
    SelectSentence,
    SelectParagraph,
    NextAnnotation,
    PreviousAnnotation,
    /// The span being marked, before it has a label.
    SetSelection(Option<CharRange>),
    /// Create an annotation on the current selection.
    LabelSelection(LabelId),
    DeleteSelected,
    /// Confirm the selected annotation's approximate placement (it needs review no more).
    AcceptPlacement,
    /// Send the selected annotation that needs review to the orphans, with its old quote.
    MarkOrphaned,
    /// Put the annotation being placed (an orphan, or one that needs review) on the text
    /// selection.
    PlaceOnSelection,
    /// Select the next annotation that needs review, in any document.
    NextToReview,
    /// Filter the side panel to the annotations that need review.
    ShowToReview,
    /// Merge another copy of this project (no common base: by ids and modified times).
    MergeWith,
    MergeWithFrom(PathBuf),
    /// Settle a merge's conflict by taking one side's value.
    TakeConflict {
        conflict_id: String,
        side: Side,
    },
    /// Settle the selected annotation's first conflict.
    TakeSelectedConflict(Side),
    TakeAllConflicts(Side),
    /// Select the next annotation with a conflict, and show the conflicts window.
    NextConflict,
    /// Filter the side panel to annotations with conflicts, and list every conflict.
    ShowConflicts,
    /// Open the curation window: pick annotators' copies and a strategy, or resume the gold copy.
    Curate,
    /// Read the copies and curate them (into a new gold copy, or into the open one to resume).
    StartCuration(CurationRequest),
    /// Show the curation view again (a session is under way).
    ShowCuration,
    /// In the curation view: accept the chosen version into the gold copy, or reject it.
    AcceptVersion,
    RejectVersion,
    /// In the curation view: the next or previous disagreement still open.
    NextDisagreement,
    PreviousDisagreement,
    /// In the curation view: the next or previous version of the disagreement shown.
    NextVersion,
    PreviousVersion,
    /// In the curation view: choose a version (by its index among all versions).
    ChooseVersion(usize),
    /// Hide the curation view (the status bar and View › Curation view bring it back).
    CloseCuration,
    /// Suggestions (model and repeats): the next or previous one, highest score first (or most
    /// uncertain first), brought into view.
    NextSuggestion,
    PreviousSuggestion,
    /// The suggestion shown becomes an annotation, or is rejected (never proposed again).
    AcceptSuggestion,
    RejectSuggestion,
    /// Every repeat of the span just labelled becomes an annotation (one undoable step), or is
    /// dismissed (recorded as rejected, one step).
    AcceptAllRepeats,
    DismissRepeats,
    /// Show or hide every suggestion.
    ToggleSuggestions,
    /// Step through suggestions closest to the threshold first, or highest score first.
    ToggleSuggestionOrder,
    /// Show what changed between a document's revisions (the current document when `None`).
    ShowRevisions(Option<DocId>),
    /// Link the selected annotation to the next highlight clicked, with this kind (or the
    /// project's first link type).
    StartLink(Option<String>),
    /// Clear the selection, or the selected annotation.
    Escape,
    /// Set the current document's reading direction (undoable).
    SetDirection(Direction),
    ZoomIn,
    ZoomOut,
    ZoomReset,
    FocusFilter,
    /// Open the find bar (or give it the keyboard).
    OpenFind,
    CloseFind,
    FindNext,
    FindPrevious,
    /// Annotate every find hit with this label (one undoable step).
    LabelAllHits(LabelId),
    /// Label every hit with the n-th label (Ctrl+1…9 in the find bar).
    LabelAllHitsNth(usize),
    /// While linking: move the target among the highlights (N/P, arrows), or pick the link type.
    StepLinkTarget(bool),
    ChooseLinkType(usize),
    /// Enter on the document: confirm the link target.
    Confirm,
    ToggleSidePanel,
    ToggleInspector,
    SetTheme(egui::ThemePreference),
    CommandPalette,
    ShowLabels,
    ShowSettings,
    Quit,
}

/// What File › Curate… asks for: the copies, the strategy, and how annotators are named.
#[derive(Clone, Debug, PartialEq)]
pub struct CurationRequest {
    /// Each copy's file, with the name it already has in the gold copy (when resuming).
    pub copies: Vec<(PathBuf, Option<String>)>,
    pub strategy: Strategy,
    /// Name new annotators Annotator 1, 2, … instead of by their file.
    pub anonymous: bool,
    /// Curate into the open gold copy, keeping its decisions, rather than into a new one.
    pub resume: bool,
}

/// Makes the command a key gives.
type MakeCommand = fn() -> Command;

/// A global shortcut and the command it gives. Order matters: a shortcut with more modifiers must
/// come before the same key with fewer, because egui matches extra Shift loosely.
pub const SHORTCUTS: &[(KeyboardShortcut, MakeCommand)] = &[
    (
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z),
        || Command::Redo,
    ),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::Z), || {
        Command::Undo
    }),
    (
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Y),
        || Command::AcceptAllRepeats,
    ),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::Y), || {
        Command::Redo
    }),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::J), || {
        Command::ToggleSuggestions
    }),
    (
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S),
        || Command::SaveAs,
    ),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::S), || {
        Command::Save
    }),
    (
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::O),
        || Command::MarkOrphaned,
    ),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::O), || {
        Command::Open
    }),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter), || {
        Command::AcceptPlacement
    }),
    (
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::P),
        || Command::PlaceOnSelection,
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::ALT), Key::O),
        || Command::TakeSelectedConflict(Side::Ours),
    ),
    (
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::ALT), Key::T),
        || Command::TakeSelectedConflict(Side::Theirs),
    ),
    (KeyboardShortcut::new(Modifiers::NONE, Key::F9), || {
        Command::NextConflict
    }),
    (
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::M),
        || Command::MergeWith,
    ),
    (KeyboardShortcut::new(Modifiers::NONE, Key::F8), || {
        Command::NextToReview
    }),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::N), || Command::New),
    (
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::I),
        || Command::ImportAnnotations,
    ),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::E), || {
        Command::Export
    }),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::I), || {
        Command::ImportDocument
    }),
    (
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::F),
        || Command::FocusFilter,
    ),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::F), || {
        Command::OpenFind
    }),
    (
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::K),
        || Command::Curate,
    ),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::K), || {
        Command::CommandPalette
    }),
    (
        KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::B),
        || Command::ToggleInspector,
    ),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::B), || {
        Command::ToggleSidePanel
    }),
    (KeyboardShortcut::new(Modifiers::NONE, Key::F3), || {
        Command::FindNext
    }),
    (KeyboardShortcut::new(Modifiers::SHIFT, Key::F3), || {
        Command::FindPrevious
    }),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::Plus), || {
        Command::ZoomIn
    }),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::Equals), || {
        Command::ZoomIn
    }),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::Minus), || {
        Command::ZoomOut
    }),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::Num0), || {
        Command::ZoomReset
    }),
    (KeyboardShortcut::new(Modifiers::COMMAND, Key::Q), || {
        Command::Quit
    }),
];

/// Single keys that act on the document; ignored while a text field has the keyboard.
pub const DOCUMENT_KEYS: &[(Key, MakeCommand)] = &[
    (Key::N, || Command::NextAnnotation),
    (Key::S, || Command::SelectSentence),
    (Key::P, || Command::PreviousAnnotation),
    (Key::Delete, || Command::DeleteSelected),
    (Key::L, || Command::StartLink(None)),
    (Key::J, || Command::NextSuggestion),
    (Key::Y, || Command::AcceptSuggestion),
    (Key::X, || Command::RejectSuggestion),
    (Key::Escape, || Command::Escape),
    (Key::Enter, || Command::Confirm),
];

/// Keys with Shift that act on the document, checked before [`DOCUMENT_KEYS`] (egui matches an
/// extra Shift loosely).
pub const SHIFTED_DOCUMENT_KEYS: &[(Key, MakeCommand)] = &[
    (Key::S, || Command::SelectParagraph),
    (Key::J, || Command::PreviousSuggestion),
];

/// Keys of the curation view, taken before every other key while it is shown and no text field
/// has the keyboard (so Tab does not move the focus, nor Up/Down the caret).
pub const CURATION_KEYS: &[(KeyboardShortcut, MakeCommand)] = &[
    (KeyboardShortcut::new(Modifiers::SHIFT, Key::Tab), || {
        Command::PreviousDisagreement
    }),
    (KeyboardShortcut::new(Modifiers::NONE, Key::Tab), || {
        Command::NextDisagreement
    }),
    (KeyboardShortcut::new(Modifiers::NONE, Key::A), || {
        Command::AcceptVersion
    }),
    (KeyboardShortcut::new(Modifiers::NONE, Key::R), || {
        Command::RejectVersion
    }),
    (KeyboardShortcut::new(Modifiers::NONE, Key::ArrowUp), || {
        Command::PreviousVersion
    }),
    (KeyboardShortcut::new(Modifiers::NONE, Key::ArrowDown), || {
        Command::NextVersion
    }),
];

/// The shortcut shown beside a command in menus and the palette.
pub fn shortcut_of(command: &Command) -> Option<KeyboardShortcut> {
    let single = |keys: &'static [(Key, MakeCommand)], modifiers: Modifiers| {
        keys.iter()
            .map(move |(key, make)| (KeyboardShortcut::new(modifiers, *key), make))
    };
    SHORTCUTS
        .iter()
        .chain(CURATION_KEYS)
        .map(|(shortcut, make)| (*shortcut, make))
        .chain(single(SHIFTED_DOCUMENT_KEYS, Modifiers::SHIFT))
        .chain(single(DOCUMENT_KEYS, Modifiers::NONE))
        .find(|(_, make)| &make() == command)
        .map(|(shortcut, _)| shortcut)
}

/// The commands the keyboard gave this frame.
pub fn keyboard_commands(ctx: &egui::Context) -> Vec<Command> {
    let mut commands = Vec::new();
    ctx.input_mut(|input| {
        for (shortcut, make) in SHORTCUTS {
            if input.consume_shortcut(shortcut) {
                commands.push(make());
            }
        }
    });
    if ctx.text_edit_focused() {
        return commands;
    }
    // Ctrl+V outside a text field, or Edit > Paste as new document: the text becomes a document.
    ctx.input(|input| {
        for event in &input.events {
            if let egui::Event::Paste(text) = event {
                commands.push(Command::ImportPasted(text.clone()));
            }
        }
    });
    ctx.input_mut(|input| {
        for (key, make) in SHIFTED_DOCUMENT_KEYS {
            if input.consume_key(Modifiers::SHIFT, *key) {
                commands.push(make());
            }
        }
        for (key, make) in DOCUMENT_KEYS {
            if input.consume_key(Modifiers::NONE, *key) {
                commands.push(make());
            }
        }
    });
    commands
}

/// The curation view's keys pressed this frame, taken out of the input. Modifiers must match
/// exactly (Shift+Up still extends a selection). Tab is also kept from moving the keyboard focus,
/// and the letters from reaching anything as typed text.
pub fn curation_commands(ctx: &egui::Context) -> Vec<Command> {
    if ctx.text_edit_focused() {
        return Vec::new();
    }
    let mut commands = Vec::new();
    ctx.input_mut(|input| {
        input.events.retain(|event| {
            let egui::Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } = event
            else {
                return true;
            };
            let found = CURATION_KEYS
                .iter()
                .find(|(shortcut, _)| shortcut.logical_key == *key && modifiers.matches_exact(shortcut.modifiers));
            match found {
                Some((_, make)) => {
                    commands.push(make());
                    false
                }
                None => true,
            }
        });
        if !commands.is_empty() {
            input.events.retain(|event| {
                !matches!(event, egui::Event::Text(text) if text.eq_ignore_ascii_case("a") || text.eq_ignore_ascii_case("r"))
            });
        }
    });
    if commands
        .iter()
        .any(|c| matches!(c, Command::NextDisagreement | Command::PreviousDisagreement))
    {
        ctx.memory_mut(|memory| memory.move_focus(egui::FocusDirection::None));
    }
    commands
}
