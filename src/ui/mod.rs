//! The desktop app (egui/eframe): the only code that draws or opens dialogs.

use std::path::PathBuf;
use std::process::ExitCode;

/// The demo project, built into the binary so that `marginalia` alone always has something to show.
pub const DEMO_PROJECT: &str = include_str!("../../projects/niger-russie.ron");

/// Opens the app on `project`, or on the demo as an unsaved copy.
pub fn run(project: Option<PathBuf>) -> ExitCode {
    let _ = project;
    eprintln!("marginalia: the desktop app is not built yet; use a subcommand (see --help)");
    ExitCode::FAILURE
}
