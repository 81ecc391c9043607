//! Killing the command line while it saves a large project never costs the project: after each
//! SIGKILL, at a random moment of the command's run (three kills in four aimed at its save, which
//! is the end of the run: from its temporary file's appearing), the file loads and holds either the old
//! content (byte for byte) or the new one (the old plus the one annotation the command added),
//! and the backup beside it loads too.

#![cfg(unix)]

#[path = "../benches/common/mod.rs"]
mod generated;

use std::collections::HashSet;
use std::ffi::OsString;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use marginalia::io::project_file;
use marginalia::model::Project;

const KILLS: usize = 52;

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

/// Waits until `child` has begun writing the temporary file of its save (or has ended); the time
/// since the call, when it had.
fn wait_for_save(folder: &Path, child: &mut std::process::Child) -> Option<Duration> {
    let started = Instant::now();
    let before = temporary_files(folder);
    loop {
        if temporary_files(folder).difference(&before).next().is_some() {
            return Some(started.elapsed());
        }
        if child.try_wait().unwrap().is_some() || started.elapsed() > Duration::from_secs(20) {
            return None;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// The temporary files of saves in `folder` (a killed save leaves its own behind).
fn temporary_files(folder: &Path) -> HashSet<OsString> {
    std::fs::read_dir(folder)
        .unwrap()
        .filter_map(Result::ok)
        .map(|entry| entry.file_name())
        .filter(|name| name.to_string_lossy().starts_with(".marginalia-"))
        .collect()
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

    // How long one whole run takes, and how long its save (from the temporary file's appearing).
    let mut child = annotate(&path, &doc_id, 100).spawn().unwrap();
    let started = Instant::now();
    let saving = wait_for_save(folder.path(), &mut child);
    assert!(child.wait().unwrap().success());
    let full_run = started.elapsed();
    let save = full_run - saving.expect("the save writes a temporary file");

    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64
        | 1;
    println!("{KILLS} kills; a run takes {full_run:?}, its save {save:?}; seed {seed}");
    let mut random = Random(seed);
    let mut old_bytes = std::fs::read(&path).unwrap();
    let mut old = annotation_lines(&load(&path));
    let (mut kept_old, mut got_new, mut finished, mut in_save) = (0, 0, 0, 0);
    for kill in 0..KILLS {
        let start = 1000 + 37 * kill;
        let mut child = annotate(&path, &doc_id, start).spawn().unwrap();
        let delay = if kill % 4 == 0 {
            // Anywhere in the run (mostly loading), or just after it.
            let delay = full_run.mul_f64(random.fraction() * 1.1);
            std::thread::sleep(delay);
            delay
        } else {
            // In the save: once the temporary file is there, somewhere in the time a save takes.
            in_save += 1;
            wait_for_save(folder.path(), &mut child);
            let delay = save.mul_f64(random.fraction() * 1.2);
            std::thread::sleep(delay);
            delay
        };
        if child.try_wait().unwrap().is_some() {
            finished += 1;
        } else {
            child.kill().unwrap();
        }
        child.wait().unwrap();

        let bytes = std::fs::read(&path).unwrap();
        if bytes == old_bytes {
            // The old content, byte for byte (and it loaded before).
            kept_old += 1;
        } else {
            // The new content: the old annotations unchanged, plus the one just added.
            got_new += 1;
            let now = load(&path);
            let lines = annotation_lines(&now);
            assert_eq!(lines.len(), old.len() + 1, "kill {kill} after {delay:?}");
            let added: Vec<&String> = lines.iter().filter(|line| !old.contains(line)).collect();
            assert_eq!(added.len(), 1, "kill {kill} after {delay:?}: {added:?}");
            assert!(added[0].contains("ajouté"), "{}", added[0]);
            assert_eq!(now.documents(), project.documents());
            old = lines;
        }
        old_bytes = bytes;
    }
    let backup = project_file::backup_path(&path);
    load(&backup);
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
        "{kept_old} kills left the old content, {got_new} the new one; {in_save} aimed at the save, {finished} runs had finished; {leftovers} temporary files left"
    );
    assert!(
        kept_old > 0 && got_new > 0,
        "the kills should fall on both sides of the rename"
    );
    assert!(full_run < Duration::from_secs(10));
}
