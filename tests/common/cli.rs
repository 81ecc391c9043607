//! Running the real `marginalia` binary from a test (`#[path]`-included by the CLI tests).
#![allow(dead_code)]

use std::process::Command;

/// What a run of the binary gave.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn marginalia(args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(args)
        .output()
        .expect("the binary runs");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs the binary, which must succeed; its standard output.
pub fn ok(args: &[&str]) -> String {
    let run = marginalia(args);
    assert_eq!(run.code, 0, "{args:?} failed: {}", run.stderr);
    run.stdout
}
