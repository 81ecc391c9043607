//! The desktop app (egui/eframe): the only code that draws or opens dialogs.

mod app;
mod canvas;
pub mod command;
mod conflicts;
mod curate_window;
mod curation;
mod dialogs;
mod draft;
mod exchange;
mod fields;
mod find;
mod fonts;
mod inspector;
mod labels;
mod palette;
mod prefs;
mod revisions;
mod session;
mod settings;
mod side_panel;
mod suggestions;
mod teacher;
mod verdict;
mod view;

use std::path::PathBuf;
use std::process::ExitCode;

pub use app::MarginaliaApp;
pub use canvas::DrawnPiece;
pub use fonts::install as install_fonts;
pub use palette::keys_help;
pub use session::Session;
pub use view::View;

/// The demo project, built into the binary so that `marginalia` alone always has something to show.
pub const DEMO_PROJECT: &str = include_str!("../../projects/niger-russie.ron");

/// Opens the app on `project`, or on the demo as an unsaved copy.
pub fn run(project: Option<PathBuf>) -> ExitCode {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("Marginalia")
            .with_app_id("marginalia")
            .with_inner_size([1280.0, 820.0])
            .with_min_inner_size([720.0, 480.0]),
        ..eframe::NativeOptions::default()
    };
    let result = eframe::run_native(
        "marginalia",
        options,
        Box::new(|cc| Ok(Box::new(MarginaliaApp::new(cc, project)))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("marginalia: cannot open a window: {error}");
            ExitCode::FAILURE
        }
    }
}
