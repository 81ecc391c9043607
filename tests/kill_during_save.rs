//! Killing the command line while it saves a large project never costs the project: after each
//! SIGKILL, at a random moment over the command's run, the file loads and holds either the old
//! content (byte for byte) or the new one (the old plus the one annotation the command added),
//! and the backup beside it loads too.

#![cfg(unix)]

#[path = "../benches/common/mod.rs"]
mod generated;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use marginalia::io::project_file;
use marginalia::model::Project;

const KILLS: usize = 60;

/// A small xorshift: the moments differ from run to run, and the seed is printed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A fraction in [0, 1).
    fn fraction(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Adds one annotation at `start`, which loads and saves the whole project.
fn annotate(path: &Path, doc_id: &str, start: usize) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_marginalia"));
    command
        .arg("annotate")
        .arg(path)
        .args(["--doc", doc_id, "--label", "claim", "--note", "ajouté"])
        .arg("--range")
        .arg(format!("{start}..{}", start + 12))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn load(path: &Path) -> Project {
    match project_file::load(path) {
        Ok(loaded) => loaded.project,
        Err(error) => panic!("the project no longer loads after a kill: {error}"),
    }
}

/// The annotations of `project` as lines, for comparing contents.
fn annotation_lines(project: &Project) -> Vec<String> {
    project.annotations().iter().map(|a| format!("{a:?}")).collect()
}

#[test]
fn a_project_survives_sigkill_at_any_moment_of_a_save() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("large.ron");
    let project = generated::generated_project(20_000);
    project_file::save(&project, &path).unwrap();
    let doc_id = project.documents()[0].id.to_string();
    let size = std::fs::metadata(&path).unwrap().len();
    assert!(size > 4_000_000, "a few MB of RON: {size} bytes");

    // How long one whole run takes, to spread the kills over it.
    let started = Instant::now();
    let status = annotate(&path, &doc_id, 100).status().unwrap();
    assert!(status.success());
    let full_run = started.elapsed();

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    println!("{KILLS} kills over runs of {full_run:?}, seed {seed}");
    let mut random = Random(seed);
    let mut old_bytes = std::fs::read(&path).unwrap();
    let mut old = annotation_lines(&load(&path));
    let (mut kept_old, mut got_new, mut finished) = (0, 0, 0);
    for kill in 0..KILLS {
        let start = 1000 + 37 * kill;
        // A moment in the first 110 % of a run: most of a run is loading, the save comes last.
        let delay = full_run.mul_f64(random.fraction() * 1.1);
        let mut child = annotate(&path, &doc_id, start).spawn().unwrap();
        std::thread::sleep(delay);
        if child.try_wait().unwrap().is_some() {
            finished += 1;
        } else {
            child.kill().unwrap();
        }
        child.wait().unwrap();

        let bytes = std::fs::read(&path).unwrap();
        let now = load(&path);
        let lines = annotation_lines(&now);
        if bytes == old_bytes {
            kept_old += 1;
        } else {
            // The new content: the old annotations unchanged, plus the one just added.
            got_new += 1;
            assert_eq!(lines.len(), old.len() + 1, "kill {kill} after {delay:?}");
            let added: Vec<&String> = lines.iter().filter(|line| !old.contains(line)).collect();
            assert_eq!(added.len(), 1, "kill {kill} after {delay:?}: {added:?}");
            assert!(added[0].contains("ajouté"), "{}", added[0]);
            assert_eq!(now.documents(), project.documents());
        }
        let backup = project_file::backup_path(&path);
        if backup.exists() {
            load(&backup);
        }
        old_bytes = bytes;
        old = lines;
    }
    // Left-over temporary files do not stop the project from saving (and then loading) again.
    let status = annotate(&path, &doc_id, 50).status().unwrap();
    assert!(status.success());
    load(&path);
    let leftovers = std::fs::read_dir(folder.path())
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".tmp")
        })
        .count();
    println!(
        "{kept_old} kills left the old content, {got_new} the new one ({finished} runs had finished); {leftovers} temporary files left"
    );
    assert!(
        kept_old > 0 && got_new > 0,
        "the kills should fall on both sides of the rename"
    );
    assert!(full_run < Duration::from_secs(10));
}
