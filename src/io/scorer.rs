//! A newsroom's own scorer for suggestions: a command run through the shell that reads JSON
//! lines `{"id", "text", "document", "start", "end"}` on standard input and writes
//! `{"id", "score"}` lines (a score from 0 to 1) on standard output.
//!
//! It runs with a time limit and is killed when it passes it. A scorer that cannot start, exits
//! with an error, hangs or prints something that is not such a line gives a message saying which
//! (with the line number and the start of its error output), never a panic; the caller goes on
//! with the built-in model.

use std::collections::HashMap;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::child::run_with_limit;
use crate::model::suggest::Candidate;

/// How long a scorer may take when nothing else is said.
pub const TIME_LIMIT: Duration = Duration::from_secs(30);
/// The start of the scorer's error output kept for a message.
const STDERR_KEPT: usize = 2_000;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ScorerError {
    #[error("the scorer command is empty")]
    Empty,
    #[error("the scorer `{command}` could not start: {reason}")]
    Start { command: String, reason: String },
    #[error("the scorer `{command}` took longer than {seconds} s and was stopped")]
    TimedOut { command: String, seconds: u64 },
    #[error("the scorer `{command}` failed ({status}){}", stderr_part(.stderr))]
    Failed {
        command: String,
        status: String,
        stderr: String,
    },
    #[error(
        "the scorer `{command}`, output line {line}: {problem} (expected {{\"id\": \"…\", \"score\": 0.7}})"
    )]
    Garbage {
        command: String,
        line: usize,
        problem: String,
    },
}

fn stderr_part(stderr: &str) -> String {
    let stderr = stderr.trim();
    if stderr.is_empty() {
        String::new()
    } else {
        format!(": {stderr}")
    }
}

#[derive(Serialize)]
struct Request<'a> {
    id: String,
    text: &'a str,
    document: &'a str,
    start: usize,
    end: usize,
}

#[derive(Deserialize)]
struct Reply {
    id: serde_json::Value,
    score: f64,
}

/// Scores every candidate with the scorer: one score per candidate, `None` for those it left out.
pub fn score(
    command: &str,
    candidates: &[Candidate],
    limit: Duration,
) -> Result<Vec<Option<f32>>, ScorerError> {
    let command = command.trim();
    if command.is_empty() {
        return Err(ScorerError::Empty);
    }
    let child = shell(command)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| ScorerError::Start {
            command: command.to_owned(),
            reason: e.to_string(),
        })?;
    let requests: Vec<u8> = candidates
        .iter()
        .enumerate()
        .flat_map(|(i, c)| {
            let request = Request {
                id: i.to_string(),
                text: &c.text,
                document: c.document.as_str(),
                start: c.range.start,
                end: c.range.end,
            };
            let mut line = serde_json::to_vec(&request).expect("a request always serialises");
            line.push(b'\n');
            line
        })
        .collect();
    let finished = run_with_limit(child, requests, limit, u64::MAX, STDERR_KEPT * 4).map_err(|e| {
        ScorerError::Start {
            command: command.to_owned(),
            reason: e.to_string(),
        }
    })?;
    let Some(status) = finished.status else {
        return Err(ScorerError::TimedOut {
            command: command.to_owned(),
            seconds: limit.as_secs().max(1),
        });
    };
    if !status.success() {
        let stderr = String::from_utf8_lossy(&finished.stderr);
        return Err(ScorerError::Failed {
            command: command.to_owned(),
            status: status.to_string(),
            stderr: stderr.chars().take(STDERR_KEPT).collect(),
        });
    }
    let output = String::from_utf8(finished.stdout).map_err(|_| ScorerError::Garbage {
        command: command.to_owned(),
        line: 1,
        problem: "the output is not UTF-8 text".into(),
    })?;
    read_replies(command, &output, candidates.len())
}

/// The scores of the scorer's output lines, by candidate.
fn read_replies(command: &str, output: &str, count: usize) -> Result<Vec<Option<f32>>, ScorerError> {
    let garbage = |line: usize, problem: String| ScorerError::Garbage {
        command: command.to_owned(),
        line,
        problem,
    };
    let mut scores = vec![None; count];
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for (n, line) in output.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let reply: Reply = serde_json::from_str(line).map_err(|e| garbage(n + 1, e.to_string()))?;
        let id = match &reply.id {
            serde_json::Value::String(s) => s.parse::<usize>().ok(),
            serde_json::Value::Number(n) => n.as_u64().map(|n| n as usize),
            _ => None,
        }
        .filter(|&i| i < count)
        .ok_or_else(|| garbage(n + 1, format!("id {} is not one that was sent", reply.id)))?;
        if !(0.0..=1.0).contains(&reply.score) {
            return Err(garbage(
                n + 1,
                format!("score {} is not between 0 and 1", reply.score),
            ));
        }
        if let Some(first) = seen.insert(id, n + 1) {
            return Err(garbage(
                n + 1,
                format!("id {id} was already scored on line {first}"),
            ));
        }
        scores[id] = Some(reply.score as f32);
    }
    Ok(scores)
}

fn shell(command: &str) -> Command {
    if cfg!(windows) {
        let mut shell = Command::new("cmd");
        shell.args(["/C", command]);
        shell
    } else {
        let mut shell = Command::new("sh");
        shell.args(["-c", command]);
        shell
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use crate::model::text::CharRange;

    fn candidates() -> Vec<Candidate> {
        ["Le chômage a baissé de 2 %.", "Merci à tous."]
            .iter()
            .enumerate()
            .map(|(i, text)| Candidate {
                document: "d-1".into(),
                range: CharRange::new(i * 30, i * 30 + text.chars().count()),
                text: (*text).to_owned(),
            })
            .collect()
    }

    #[test]
    fn scorers_by_case() {
        let echo_scores = r#"while read -r line; do id=$(printf '%s' "$line" | sed 's/.*"id":"\([0-9]*\)".*/\1/'); echo "{\"id\":\"$id\",\"score\":0.25}"; done"#;
        // (command, what comes back)
        type Expected = Result<Vec<Option<f32>>, &'static str>;
        let cases: Vec<(&str, Expected)> = vec![
            (echo_scores, Ok(vec![Some(0.25), Some(0.25)])),
            (
                r#"cat > /dev/null; echo '{"id":"1","score":0.9}'"#,
                Ok(vec![None, Some(0.9)]),
            ),
            ("cat > /dev/null; echo 'not json'", Err("output line 1")),
            (
                r#"cat > /dev/null; echo '{"id":"7","score":0.9}'"#,
                Err("id \"7\" is not one that was sent"),
            ),
            (
                r#"cat > /dev/null; echo '{"id":0,"score":3}'"#,
                Err("score 3 is not between 0 and 1"),
            ),
            ("echo boom >&2; exit 3", Err("failed (exit status: 3): boom")),
            ("sleep 5", Err("took longer than 1 s")),
            ("", Err("the scorer command is empty")),
        ];
        for (command, expected) in cases {
            let found = score(command, &candidates(), Duration::from_millis(700));
            match (found, expected) {
                (Ok(scores), Ok(expected)) => assert_eq!(scores, expected, "{command}"),
                (Err(error), Err(part)) => assert!(error.to_string().contains(part), "{command}: {error}"),
                (found, expected) => panic!("{command}: {found:?} instead of {expected:?}"),
            }
        }
    }
}
