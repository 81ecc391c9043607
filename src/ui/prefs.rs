//! What the app remembers between runs besides recent files: which panels show, the theme and the
//! text size. Stored through eframe's storage, never in the project.

use egui::ThemePreference;
use serde::{Deserialize, Serialize};

pub const PREFS_KEY: &str = "prefs";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    pub side_panel: bool,
    pub inspector: bool,
    /// System (the default), light or dark.
    pub theme: ThemePreference,
    /// The document's text size, as a factor of the base size.
    pub zoom: f32,
}

impl Default for Prefs {
    fn default() -> Self {
        Self {
            side_panel: true,
            inspector: true,
            theme: ThemePreference::System,
            zoom: 1.0,
        }
    }
}
