//! The `marginalia` binary: the desktop app, or a headless subcommand.

use std::process::ExitCode;

use clap::Parser;
use marginalia::cli::{self, Cli};

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(command),
        None => marginalia::ui::run(args.project),
    }
}
