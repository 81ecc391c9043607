//! What the user is looking at: the document, the caret and selection, the filter. Not saved in
//! the project and not undoable.

use crate::model::{AnnotationId, CharRange, DocId, Query};

/// How a span differs from the answer key, in the compare view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// In the key, not marked by the student.
    Missed,
    /// Marked by the student, not in the key.
    Extra,
    /// Marked with another label than the key's.
    Mislabelled,
}

impl Mark {
    /// Okabe–Ito vermilion, blue and orange: apart for colour-blind readers too.
    pub fn colour(self) -> egui::Color32 {
        match self {
            Mark::Missed => egui::Color32::from_rgb(0xD5, 0x5E, 0x00),
            Mark::Extra => egui::Color32::from_rgb(0x56, 0xB4, 0xE9),
            Mark::Mislabelled => egui::Color32::from_rgb(0xE6, 0x9F, 0x00),
        }
    }
}

#[derive(Default)]
pub struct View {
    pub doc_id: Option<DocId>,
    /// The selected annotation, shown in the inspector.
    pub selected: Option<AnnotationId>,
    /// The orphan (or annotation that needs review) being put back by hand: it stays the target
    /// while the user selects the text where it belongs, and Place on selection moves it there.
    pub placing: Option<AnnotationId>,
    /// The span being marked, before it gets a label.
    pub selection: Option<CharRange>,
    /// The keyboard caret in the current document: a click places it, the arrows move it.
    pub caret: Option<usize>,
    /// The end of the selection that stays put while Shift+arrows move the caret.
    pub anchor: Option<usize>,
    pub query: Query,
    /// Whether the list shows every document's annotations or only the current document's.
    pub all_documents: bool,
    /// A span the canvas should bring into view (scrolling as little as it can).
    pub scroll_target: Option<CharRange>,
    /// Set by Ctrl+F: the filter box takes the keyboard on its next frame.
    pub focus_filter: bool,
    /// Linking in progress: the annotation the link starts from and its kind; the next
    /// highlight clicked is where it goes.
    pub linking: Option<(AnnotationId, String)>,
    /// While linking: the highlight that Enter links to, chosen with N/P or the arrows.
    pub link_target: Option<AnnotationId>,
    /// Differences from an answer key, outlined on the text while the comparison is open.
    pub marks: Vec<(DocId, CharRange, Mark)>,
}
