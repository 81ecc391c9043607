//! Running another program under a time limit: its input written and its output and error output
//! read on threads of their own (so a full pipe never blocks it, nor us), and the program killed
//! when it takes too long. The external scorer and the importers run in a child process share it.

use std::io::{Read, Write};
use std::process::{Child, ExitStatus};
use std::thread;
use std::time::Duration;

use wait_timeout::ChildExt;

/// How a child ended, with what it wrote.
pub struct Finished {
    /// `None` when it was killed for taking longer than the limit (and then nothing was kept).
    pub status: Option<ExitStatus>,
    /// At most `max_stdout` bytes of its output.
    pub stdout: Vec<u8>,
    /// The start of its error output, at most `max_stderr` bytes (the rest is read and dropped).
    pub stderr: Vec<u8>,
}

/// Writes `input` to the child's stdin (when piped), waits for it at most `limit`, and collects
/// what it printed. The child's pipes must have been set up by the caller.
pub fn run_with_limit(
    mut child: Child,
    input: Vec<u8>,
    limit: Duration,
    max_stdout: u64,
    max_stderr: usize,
) -> std::io::Result<Finished> {
    let writer = child.stdin.take().map(|mut stdin| {
        // A child that exits without reading everything is judged by its output, not here.
        thread::spawn(move || drop(stdin.write_all(&input)))
    });
    let stdout = child.stdout.take().map(|pipe| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.take(max_stdout).read_to_end(&mut bytes);
            bytes
        })
    });
    let stderr = child.stderr.take().map(|mut pipe| {
        thread::spawn(move || {
            let (mut kept, mut buffer) = (Vec::new(), [0u8; 8192]);
            while let Ok(n @ 1..) = pipe.read(&mut buffer) {
                let room = max_stderr.saturating_sub(kept.len());
                kept.extend_from_slice(&buffer[..n.min(room)]);
            }
            kept
        })
    });
    let Some(status) = child.wait_timeout(limit)? else {
        let _ = child.kill();
        let _ = child.wait();
        // A process the child started may still hold its pipes open: the reading threads are left
        // to end with it rather than waited for.
        return Ok(Finished {
            status: None,
            stdout: Vec::new(),
            stderr: Vec::new(),
        });
    };
    if let Some(writer) = writer {
        let _ = writer.join();
    }
    let joined = |t: Option<thread::JoinHandle<Vec<u8>>>| t.and_then(|t| t.join().ok()).unwrap_or_default();
    Ok(Finished {
        status: Some(status),
        stdout: joined(stdout),
        stderr: joined(stderr),
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::process::{Command, Stdio};

    fn shell(script: &str) -> Child {
        Command::new("sh")
            .arg("-c")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap()
    }

    #[test]
    fn children_by_case() {
        let second = Duration::from_secs(1);
        let echoed =
            run_with_limit(shell("cat; echo oops >&2"), b"hello".to_vec(), second, 100, 100).unwrap();
        assert!(echoed.status.is_some_and(|s| s.success()));
        assert_eq!(
            (echoed.stdout.as_slice(), echoed.stderr.as_slice()),
            (&b"hello"[..], &b"oops\n"[..])
        );
        let hung = run_with_limit(
            shell("sleep 30"),
            Vec::new(),
            Duration::from_millis(200),
            100,
            100,
        )
        .unwrap();
        assert!(hung.status.is_none(), "a child past its limit is stopped");
        let loud = run_with_limit(
            shell("yes | head -c 100000 >&2; exit 3"),
            Vec::new(),
            second,
            100,
            10,
        )
        .unwrap();
        assert_eq!(loud.status.and_then(|s| s.code()), Some(3));
        assert_eq!(
            loud.stderr.len(),
            10,
            "only the start of the error output is kept"
        );
    }
}
