//! Third-party parsers of untrusted files (PDF, DOCX, HTML) run in a child process: the app's own
//! binary with the hidden subcommand `extract-document`, under a time limit and a memory limit.
//! A crash, a hang, a stack overflow or an exhausted memory there becomes an [`ImportError`]
//! naming the file, and the app (with whatever is unsaved) carries on.
//!
//! Protocol: `marginalia extract-document --format pdf [--title T] FILE` prints the RON of a
//! `Result<Document, String>` on stdout and exits 0; the `Err` carries the importer's message.
//! Anything else (a signal, another exit status, output that does not parse) is a crash of the
//! reader. The child's stderr is captured, never shown: one short line of it goes into the message.
//!
//! Which program is the child: `MARGINALIA_BIN` when set (`none` or empty: import in this
//! process), else this process's own executable when it is `marginalia` (the app, the command
//! line). Elsewhere (a test binary, a benchmark, another program using the library) there is no
//! binary to run, and extraction stays in process under `catch_unwind`. Integration tests of the
//! library set `MARGINALIA_BIN` to `env!("CARGO_BIN_EXE_marginalia")` to get the isolation.
//!
//! For tests, `MARGINALIA_IMPORT_TIMEOUT` sets the time limit in seconds, and
//! `MARGINALIA_EXTRACT_TEST_HOOK` makes the child misbehave on purpose (`hang`, `abort`, `panic`,
//! `stack-overflow`, `out-of-memory`, `garbage`).

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, ExitStatus, Stdio};
use std::time::Duration;

use super::{Format, ImportError, import_bytes_as, read_limited};
use crate::io::child::{Finished, run_with_limit};
use crate::model::Document;

/// The hidden subcommand the child runs.
pub const SUBCOMMAND: &str = "extract-document";
/// A reader still running after this long is stopped.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);
/// The child's address space (RLIMIT_AS, Unix only): beyond it, allocations fail.
pub const MEMORY_LIMIT_BYTES: u64 = 2 << 30;
/// The environment variable naming the program to run as the child.
pub const BIN_VAR: &str = "MARGINALIA_BIN";
const TIMEOUT_VAR: &str = "MARGINALIA_IMPORT_TIMEOUT";
const HOOK_VAR: &str = "MARGINALIA_EXTRACT_TEST_HOOK";
/// The most of the child's stdout read (a 50 MB text as RON, with room to spare).
const MAX_OUTPUT_BYTES: u64 = 1 << 30;
/// The most of the child's stderr kept.
const MAX_STDERR_BYTES: usize = 64 * 1024;

/// Whether a format's extraction runs third-party parsing worth a process of its own.
pub fn isolates(format: Format) -> bool {
    matches!(format, Format::Pdf | Format::Docx | Format::Html)
}

/// The program to run as the child, or `None` to extract in this process.
pub fn child_program() -> Option<PathBuf> {
    match std::env::var_os(BIN_VAR) {
        Some(value) if value.is_empty() || value == "none" => None,
        Some(value) => Some(PathBuf::from(value)),
        None => {
            let exe = std::env::current_exe().ok()?;
            (exe.file_stem()? == "marginalia").then_some(exe)
        }
    }
}

/// The time limit: [`TIME_LIMIT`], or `MARGINALIA_IMPORT_TIMEOUT` seconds.
pub fn time_limit() -> Duration {
    std::env::var(TIMEOUT_VAR)
        .ok()
        .and_then(|value| value.trim().parse::<f64>().ok())
        .filter(|seconds| seconds.is_finite() && *seconds > 0.0)
        .map_or(TIME_LIMIT, Duration::from_secs_f64)
}

/// The name of a format's reader in messages ("the PDF reader crashed").
fn reader_name(format: Format) -> &'static str {
    match format {
        Format::Pdf => "PDF",
        Format::Docx => "Word",
        Format::Html => "HTML",
        Format::Markdown => "Markdown",
        Format::Text => "text",
    }
}

/// Extracts `path` as `format` in a child process running `program`.
pub fn import_in_child(
    program: &Path,
    path: &Path,
    title: Option<&str>,
    format: Format,
) -> Result<Document, ImportError> {
    let failed = |what: String| ImportError::Isolated {
        path: path.to_owned(),
        reader: reader_name(format),
        what,
    };
    let mut command = Command::new(program);
    command.arg(SUBCOMMAND).arg("--format").arg(format.name());
    if let Some(title) = title {
        command.arg("--title").arg(title);
    }
    command
        .arg("--")
        .arg(path)
        // The child extracts in its own process, never spawning another.
        .env(BIN_VAR, "none")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    limit_memory(&mut command);
    let child = command
        .spawn()
        .map_err(|error| failed(format!("could not be started ({}: {error})", program.display())))?;
    let limit = time_limit();
    let Finished {
        status,
        stdout,
        stderr,
    } = run_with_limit(child, Vec::new(), limit, MAX_OUTPUT_BYTES, MAX_STDERR_BYTES)
        .map_err(|error| failed(format!("could not be waited for: {error}")))?;
    let Some(status) = status else {
        return Err(failed(format!(
            "took longer than {} and was stopped",
            seconds(limit)
        )));
    };
    if !status.success() {
        return Err(failed(describe_failure(status, &stderr)));
    }
    let text = String::from_utf8(stdout).map_err(|_| failed("gave an answer that is not text".to_owned()))?;
    match ron::from_str::<Result<Document, String>>(&text) {
        Ok(Ok(document)) => Ok(document),
        Ok(Err(message)) => Err(ImportError::Refused(message)),
        Err(error) => Err(failed(format!("gave an answer that could not be read ({error})"))),
    }
}

/// The hidden subcommand: extracts `file` as `format` and prints the result as RON.
pub fn child_main(file: &Path, format: &str, title: Option<&str>) -> ExitCode {
    // Panics of the parsers are caught and reported by the importer; the parent keeps stderr to
    // itself, and a line is all it needs.
    std::panic::set_hook(Box::new(|info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let place = info.location().map(|l| format!(" at {l}")).unwrap_or_default();
        eprintln!("panicked{place}: {message}");
    }));
    if let Ok(hook) = std::env::var(HOOK_VAR) {
        misbehave(&hook);
    }
    let result = match Format::from_name(format) {
        None => Err(format!("unknown format {format:?}")),
        Some(format) => read_limited(file)
            .and_then(|bytes| import_bytes_as(&bytes, file, title, Some(format)))
            .map_err(|error| error.to_string()),
    };
    match ron::to_string(&result) {
        Ok(text) => {
            use std::io::Write;
            let mut stdout = std::io::stdout().lock();
            if stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .is_err()
            {
                return ExitCode::from(3);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("the document could not be written: {error}");
            ExitCode::from(3)
        }
    }
}

/// The test hooks: a child that hangs, crashes, overflows its stack or runs out of memory.
fn misbehave(hook: &str) {
    match hook {
        "hang" => loop {
            std::thread::sleep(Duration::from_secs(3600));
        },
        "abort" => std::process::abort(),
        "panic" => panic!("a test hook asked for a panic"),
        "stack-overflow" => {
            fn deeper(depth: u64) -> u64 {
                if depth == u64::MAX {
                    return 0;
                }
                let frame = std::hint::black_box([depth; 64]);
                deeper(depth + 1) + frame[depth as usize % 64]
            }
            std::hint::black_box(deeper(0));
        }
        "out-of-memory" => {
            let mut hoard: Vec<Vec<u8>> = Vec::new();
            loop {
                hoard.push(vec![1; 256 << 20]);
                std::hint::black_box(&hoard);
            }
        }
        "garbage" => {
            println!("this is not RON");
            std::process::exit(0);
        }
        _ => {}
    }
}

/// What a failed child did, in words: "crashed (stack overflow)", "ran out of memory …".
fn describe_failure(status: ExitStatus, stderr: &[u8]) -> String {
    let stderr = String::from_utf8_lossy(stderr);
    if stderr.contains("memory allocation of") || stderr.contains("out of memory") {
        return format!(
            "ran out of memory (the limit is {} MiB) and was stopped",
            MEMORY_LIMIT_BYTES >> 20
        );
    }
    if stderr.contains("has overflowed its stack") {
        return "crashed (stack overflow)".to_owned();
    }
    let line = last_words(&stderr);
    let how = match signal(status) {
        Some(signal) => format!("signal {signal}{}", signal_name(signal)),
        None => match status.code() {
            Some(code) => format!("exit status {code}"),
            None => status.to_string(),
        },
    };
    match line {
        Some(line) => format!("crashed ({how}: {line})"),
        None => format!("crashed ({how})"),
    }
}

/// The line of stderr that says most: the message of the last panic (without its place in the
/// source, which tells a user nothing), else the last line; shortened.
fn last_words(stderr: &str) -> Option<String> {
    let lines: Vec<&str> = stderr.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    let panic = lines.iter().rev().find_map(|line| {
        let rest = line.strip_prefix("panicked")?;
        Some(rest.split_once(": ").map_or(rest, |(_, message)| message))
    });
    let line = panic.or_else(|| {
        lines.iter().rev().copied().find(|line| {
            !line.starts_with("note:") && !line.starts_with("stack backtrace") && !line.starts_with("at ")
        })
    })?;
    Some(crate::model::text::shorten(line.trim(), 160))
}

fn seconds(duration: Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds.fract() == 0.0 {
        format!("{seconds:.0} s")
    } else {
        format!("{seconds:.1} s")
    }
}

#[cfg(unix)]
fn signal(status: ExitStatus) -> Option<i32> {
    use std::os::unix::process::ExitStatusExt;
    status.signal()
}

#[cfg(not(unix))]
fn signal(_status: ExitStatus) -> Option<i32> {
    None
}

fn signal_name(signal: i32) -> &'static str {
    match signal {
        4 => " SIGILL",
        6 => " SIGABRT",
        7 => " SIGBUS",
        8 => " SIGFPE",
        9 => " SIGKILL",
        11 => " SIGSEGV",
        _ => "",
    }
}

/// Caps the child's address space, so a parser that allocates without end fails instead of
/// taking the machine's memory; and no core dump.
#[cfg(unix)]
fn limit_memory(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    let limit = |resource, bytes: libc::rlim_t| {
        let rlimit = libc::rlimit {
            rlim_cur: bytes,
            rlim_max: bytes,
        };
        // SAFETY: setrlimit only reads the struct passed by reference.
        if unsafe { libc::setrlimit(resource, &rlimit) } != 0 {
            return Err(std::io::Error::last_os_error());
        }
        Ok(())
    };
    // SAFETY: the closure runs between fork and exec and calls only setrlimit, which is
    // async-signal-safe; it allocates nothing and takes no lock.
    unsafe {
        command.pre_exec(move || {
            limit(libc::RLIMIT_AS, MEMORY_LIMIT_BYTES)?;
            limit(libc::RLIMIT_CORE, 0)
        });
    }
}

#[cfg(not(unix))]
fn limit_memory(_command: &mut Command) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stderr_is_boiled_down_to_one_line() {
        let cases = [
            (
                "panicked at /x/lopdf/src/a.rs:3:5: no MediaBox\nnote: run with `RUST_BACKTRACE=1`\n",
                Some("no MediaBox"),
            ),
            ("warning\nthe last words\n\n", Some("the last words")),
            ("", None),
        ];
        for (stderr, expected) in cases {
            assert_eq!(last_words(stderr).as_deref(), expected, "{stderr:?}");
        }
    }

    #[test]
    fn durations_read_as_seconds() {
        assert_eq!(seconds(Duration::from_secs(30)), "30 s");
        assert_eq!(seconds(Duration::from_millis(1500)), "1.5 s");
    }
}
