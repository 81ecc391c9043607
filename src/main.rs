//! The `marginalia` binary: the desktop app, or a headless subcommand.

use std::process::ExitCode;

use clap::Parser;
use marginalia::cli::{self, Cli};

/// Loading, importing and saving allocate millions of small strings; glibc's allocator spends a
/// fifth of an import on them, mimalloc much less.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let args = Cli::parse();
    match args.command {
        Some(command) => cli::run(command),
        None => open_app(args.project),
    }
}

#[cfg(feature = "ui")]
fn open_app(project: Option<std::path::PathBuf>) -> ExitCode {
    marginalia::ui::run(project)
}

#[cfg(not(feature = "ui"))]
fn open_app(_project: Option<std::path::PathBuf>) -> ExitCode {
    eprintln!("marginalia: this build has no desktop app (built without the `ui` feature); use a subcommand");
    ExitCode::from(2)
}
