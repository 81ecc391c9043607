//! Marginalia: mark up texts (claims, sources, opinions, disclaimers), keep the work in one project
//! file, and exchange it with the tools fact-checkers, teachers and researchers already use.
//!
//! - [`model`]: the annotation model and its edits; no UI and no file access.
//! - [`io`]: the project file and document import.
//! - [`cli`]: the headless command line.
//! - [`ui`]: the desktop app (egui/eframe).

pub mod cli;
pub mod io;
pub mod model;
#[cfg(feature = "ui")]
pub mod ui;
