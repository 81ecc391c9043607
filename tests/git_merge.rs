//! Merging project files from the command line: with the real `git` binary in a temporary folder
//! (git-setup, two branches changed through the CLI, `git merge` through the driver, a conflict
//! resolved and committed, a plain line merge without the driver), and `marginalia merge` refusing
//! bad input with OURS left as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use marginalia::model::{AnnotationId, Project};

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    fn of(output: std::process::Output) -> Self {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

fn demo_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/niger-russie.ron")
}

fn load(path: &Path) -> Project {
    marginalia::io::project_file::load(path).unwrap().project
}

fn ids(path: &Path) -> BTreeSet<AnnotationId> {
    load(path).annotations().iter().map(|a| a.id.clone()).collect()
}

/// A git repository in a temporary folder with the demo project committed on `main`; HOME points
/// into the folder and the system config is off, so no config but the repository's own applies.
struct Repo {
    home: tempfile::TempDir,
    root: PathBuf,
}

impl Repo {
    fn new() -> Self {
        let home = tempfile::tempdir().unwrap();
        let root = home.path().join("repo");
        std::fs::create_dir(&root).unwrap();
        let repo = Repo { home, root };
        repo.git_ok(&["init", "-q", "-b", "main"]);
        repo.git_ok(&["config", "user.name", "Test Checker"]);
        repo.git_ok(&["config", "user.email", "checker@example.org"]);
        repo.git_ok(&["config", "commit.gpgsign", "false"]);
        std::fs::copy(demo_path(), repo.project()).unwrap();
        // Every CLI save keeps a .bak beside the project.
        std::fs::write(repo.root.join(".gitignore"), "*.bak\n").unwrap();
        repo.git_ok(&["add", "demo.ron", ".gitignore"]);
        repo.git_ok(&["commit", "-q", "-m", "The demo project"]);
        repo
    }

    fn project(&self) -> PathBuf {
        self.root.join("demo.ron")
    }

    fn project_str(&self) -> String {
        self.project().display().to_string()
    }

    fn env(&self, command: &mut Command) {
        command
            .current_dir(&self.root)
            .env("HOME", self.home.path())
            .env("XDG_CONFIG_HOME", self.home.path())
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_CONFIG_GLOBAL")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env("GIT_MERGE_AUTOEDIT", "no");
    }

    fn git(&self, args: &[&str]) -> Run {
        let mut command = Command::new("git");
        self.env(&mut command);
        Run::of(command.args(args).output().expect("git runs"))
    }

    fn git_ok(&self, args: &[&str]) -> String {
        let run = self.git(args);
        assert_eq!(run.code, 0, "git {args:?}: {}{}", run.stdout, run.stderr);
        run.stdout
    }

    fn marginalia(&self, args: &[&str]) -> Run {
        let mut command = Command::new(env!("CARGO_BIN_EXE_marginalia"));
        self.env(&mut command);
        Run::of(command.args(args).output().expect("the binary runs"))
    }

    /// `marginalia COMMAND demo.ron ARGS…`, which must succeed.
    fn ok(&self, command: &str, args: &[&str]) -> String {
        let path = self.project_str();
        let mut all = vec![command, path.as_str()];
        all.extend_from_slice(args);
        let run = self.marginalia(&all);
        assert_eq!(run.code, 0, "{all:?}: {}{}", run.stdout, run.stderr);
        run.stdout
    }

    /// `marginalia annotate` by quote; returns the new annotation's id.
    fn annotate(&self, quote: &str, label: &str, extra: &[&str]) -> AnnotationId {
        let before = ids(&self.project());
        let mut args = vec!["--quote", quote, "--label", label];
        args.extend_from_slice(extra);
        self.ok("annotate", &args);
        let mut added: Vec<AnnotationId> = ids(&self.project()).difference(&before).cloned().collect();
        assert_eq!(added.len(), 1, "annotate {quote:?} added {added:?}");
        added.pop().unwrap()
    }

    fn commit(&self, message: &str) {
        self.git_ok(&["add", "demo.ron"]);
        self.git_ok(&["commit", "-q", "-m", message]);
    }

    fn check(&self) -> Run {
        self.marginalia(&["check", &self.project_str()])
    }

    fn git_setup(&self) -> String {
        let run = self.marginalia(&["git-setup", &self.root.display().to_string()]);
        assert_eq!(run.code, 0, "git-setup: {}{}", run.stdout, run.stderr);
        run.stdout
    }
}

/// The demo's annotations with the claim label, in the file's order.
fn claims(project: &Project) -> Vec<AnnotationId> {
    project
        .annotations()
        .iter()
        .filter(|a| a.label.as_str() == "claim")
        .map(|a| a.id.clone())
        .collect()
}

#[test]
fn git_setup_is_idempotent() {
    let repo = Repo::new();
    let first = repo.git_setup();
    assert!(first.contains("added \"*.ron merge=marginalia\""), "{first}");
    assert!(first.contains("git config merge.marginalia.driver = "), "{first}");
    let attributes = std::fs::read_to_string(repo.root.join(".gitattributes")).unwrap();
    let config = repo.git_ok(&["config", "--local", "--list"]);
    let driver = repo.git_ok(&["config", "--local", "--get", "merge.marginalia.driver"]);
    assert!(driver.contains(" merge --git %O %A %B %P"), "{driver}");
    // git-setup names the binary as the system resolves it (symlinks followed).
    let binary = std::fs::canonicalize(env!("CARGO_BIN_EXE_marginalia")).unwrap();
    assert!(driver.contains(&binary.display().to_string()), "{driver}");

    let second = repo.git_setup();
    assert!(second.contains("already has"), "{second}");
    assert!(
        !second.contains(" = "),
        "the second run changed the config: {second}"
    );
    assert_eq!(
        std::fs::read_to_string(repo.root.join(".gitattributes")).unwrap(),
        attributes
    );
    assert_eq!(
        attributes
            .lines()
            .filter(|l| l.trim() == "*.ron merge=marginalia")
            .count(),
        1,
        "{attributes}"
    );
    assert_eq!(repo.git_ok(&["config", "--local", "--list"]), config);
    // git sees the attribute on the project file.
    let attr = repo.git_ok(&["check-attr", "merge", "demo.ron"]);
    assert_eq!(attr.trim(), "demo.ron: merge: marginalia");

    // An existing .gitattributes without a final newline keeps its line and gains ours once.
    let other = Repo::new();
    std::fs::write(other.root.join(".gitattributes"), "*.pdf binary").unwrap();
    other.git_setup();
    other.git_setup();
    assert_eq!(
        std::fs::read_to_string(other.root.join(".gitattributes")).unwrap(),
        "*.pdf binary\n*.ron merge=marginalia\n"
    );
}

#[test]
fn git_setup_outside_a_repository_fails_clearly() {
    let folder = tempfile::tempdir().unwrap();
    let run = Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(["git-setup", &folder.path().display().to_string()])
        .env("HOME", folder.path())
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CEILING_DIRECTORIES", folder.path().parent().unwrap())
        .output()
        .unwrap();
    let run = Run::of(run);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("not inside a git repository"),
        "{}",
        run.stderr
    );
    assert!(!folder.path().join(".gitattributes").exists());
}

#[test]
fn two_branches_merge_through_the_driver_and_nothing_is_lost() {
    let repo = Repo::new();
    repo.git_setup();
    repo.git_ok(&["add", ".gitattributes"]);
    repo.git_ok(&["commit", "-q", "-m", "Merge project files with marginalia"]);
    let base = load(&repo.project());
    let base_ids: BTreeSet<AnnotationId> = base.annotations().iter().map(|a| a.id.clone()).collect();
    let claims = claims(&base);
    let id = |s: &str| AnnotationId::from(s);
    let document = base.documents()[0].clone();
    repo.git_ok(&["branch", "bob"]);

    // Alice, on main: adds, removes, relabels, edits a note and a verdict, links, renames a label,
    // and re-imports the article with a few words corrected.
    let alice_opinion = repo.annotate("Moscou et les pays membres", "opinion", &["--note", "alice"]);
    let alice_claim = repo.annotate("virage stratégique", "claim", &["--field", "verdict=Mixed"]);
    repo.ok("remove", &["a-01M8SZES0T0RWACN08V231FF95"]);
    repo.ok("edit", &["a-01M8SZERXFJJ1D0YEWB69KAXZN", "--label", "opinion"]);
    repo.ok(
        "edit",
        &["a-01M8SZERZ4SWBX6RW0CSPY0SSM", "--note", "alice: à vérifier"],
    );
    repo.ok("edit", &[claims[0].as_str(), "--field", "verdict=False"]);
    repo.ok(
        "link",
        &[
            "--from",
            alice_claim.as_str(),
            "--to",
            "a-01M8SZES12PW3K5ZJZ1W85TGCH",
            "--type",
            "cites",
        ],
    );
    repo.ok("labels", &["rename", "source", "Origin"]);
    let old_text = document.text.as_str().to_owned();
    let new_text = old_text
        .replacen(
            "Cette voie accompagne pleinement",
            "Cette voie accompagne tout à fait",
            1,
        )
        .replacen("22 janvier 2024", "23 janvier 2024", 1);
    assert_ne!(new_text, old_text);
    let corrected = repo.home.path().join("corrected.txt");
    std::fs::write(&corrected, &new_text).unwrap();
    let report = repo.ok(
        "reimport",
        &[&corrected.display().to_string(), "--format", "text"],
    );
    assert!(report.contains("reimported"), "{report}");
    let alice = load(&repo.project());
    assert_eq!(alice.documents()[0].text.as_str(), new_text);
    repo.commit("Alice's review");

    // Bob, on his branch from the same base: his own additions, removal, relabel, note, verdict
    // and link, on the old text.
    repo.git_ok(&["checkout", "-q", "bob"]);
    let bob_source = repo.annotate("Salifou Modi", "source", &[]);
    let bob_claim = repo.annotate(
        "les États-Unis sont toujours présents",
        "claim",
        &["--note", "bob", "--field", "verdict=True"],
    );
    repo.ok("remove", &["a-01M8SZES6V0H7BXM1V6QV10V4W"]);
    repo.ok("edit", &["a-01M8SZES3BPA8FSFQNRHF9SJSP", "--label", "opinion"]);
    repo.ok(
        "edit",
        &["a-01M8SZES5M3HA2Z6TRRZMVH893", "--note", "bob: source ?"],
    );
    repo.ok("edit", &[claims[1].as_str(), "--field", "verdict=Misleading"]);
    repo.ok(
        "link",
        &[
            "--from",
            "a-01M8SZERZK58JW5EE64R6F8DWW",
            "--to",
            bob_source.as_str(),
        ],
    );
    let bob = load(&repo.project());
    repo.commit("Bob's review");

    repo.git_ok(&["checkout", "-q", "main"]);
    let merge = repo.git(&["merge", "--no-edit", "bob"]);
    assert_eq!(merge.code, 0, "git merge: {}{}", merge.stdout, merge.stderr);
    assert!(
        merge.stdout.contains("merged into") || merge.stderr.contains("merged into"),
        "the driver did not run: {}{}",
        merge.stdout,
        merge.stderr
    );
    let check = repo.check();
    assert_eq!(check.code, 0, "check: {}{}", check.stdout, check.stderr);
    assert_eq!(repo.git_ok(&["status", "--porcelain"]), "");
    let parents = repo.git_ok(&["rev-list", "--parents", "-n", "1", "HEAD"]);
    assert_eq!(
        parents.split_whitespace().count(),
        3,
        "not a merge commit: {parents}"
    );

    let merged = load(&repo.project());
    let merged_ids: BTreeSet<AnnotationId> = merged.annotations().iter().map(|a| a.id.clone()).collect();
    let removed: BTreeSet<AnnotationId> = [
        id("a-01M8SZES0T0RWACN08V231FF95"),
        id("a-01M8SZES6V0H7BXM1V6QV10V4W"),
    ]
    .into();
    let expected: BTreeSet<AnnotationId> = base_ids
        .iter()
        .chain(alice.annotations().iter().map(|a| &a.id))
        .chain(bob.annotations().iter().map(|a| &a.id))
        .filter(|a| !removed.contains(a))
        .cloned()
        .collect();
    assert_eq!(merged_ids, expected);
    for added in [&alice_opinion, &alice_claim, &bob_source, &bob_claim] {
        assert!(merged_ids.contains(added), "{added} lost");
    }

    let get = |s: &AnnotationId| merged.annotation(s).unwrap();
    assert_eq!(get(&id("a-01M8SZERXFJJ1D0YEWB69KAXZN")).label.as_str(), "opinion");
    assert_eq!(get(&id("a-01M8SZES3BPA8FSFQNRHF9SJSP")).label.as_str(), "opinion");
    assert_eq!(get(&id("a-01M8SZERZ4SWBX6RW0CSPY0SSM")).note, "alice: à vérifier");
    assert_eq!(get(&id("a-01M8SZES5M3HA2Z6TRRZMVH893")).note, "bob: source ?");
    assert_eq!(
        get(&claims[0]).fields.get("verdict").map(String::as_str),
        Some("False")
    );
    assert_eq!(
        get(&claims[1]).fields.get("verdict").map(String::as_str),
        Some("Misleading")
    );
    assert_eq!(
        get(&alice_claim).fields.get("verdict").map(String::as_str),
        Some("Mixed")
    );
    assert_eq!(
        get(&bob_claim).fields.get("verdict").map(String::as_str),
        Some("True")
    );
    assert_eq!(get(&bob_claim).note, "bob");
    assert_eq!(merged.label(&"source".into()).unwrap().name, "Origin");

    // Links: the base's, Alice's and Bob's.
    let links: BTreeMap<_, _> = merged
        .links()
        .iter()
        .map(|l| (l.id.clone(), (l.from.clone(), l.to.clone(), l.kind.clone())))
        .collect();
    for side in [&base, &alice, &bob] {
        for link in side.links() {
            assert_eq!(
                links.get(&link.id),
                Some(&(link.from.clone(), link.to.clone(), link.kind.clone())),
                "link {} lost",
                link.id
            );
        }
    }
    assert_eq!(links.len(), base.links().len() + 2);

    // The document holds Alice's corrected text, the old one as a revision; every annotation sits
    // on the new text, Bob's new ones with their quote found.
    let text = &merged.documents()[0].text;
    assert_eq!(text.as_str(), new_text);
    assert_eq!(
        merged.documents()[0].revisions.len(),
        document.revisions.len() + 1
    );
    for (added, quote) in [
        (&bob_source, "Salifou Modi"),
        (&bob_claim, "les États-Unis sont toujours présents"),
    ] {
        let annotation = get(added);
        assert!(!annotation.orphaned, "{added} orphaned");
        assert_eq!(annotation.quote.exact, quote);
        assert_eq!(text.slice(annotation.range()), Some(quote), "{added}");
        // Alice's correction added one character before them.
        let before = bob.annotation(added).unwrap();
        assert_eq!(annotation.start, before.start + 1, "{added}");
    }
    for annotation in merged.annotations() {
        if !annotation.orphaned && annotation.review.is_none() {
            assert_eq!(
                text.slice(annotation.range()),
                Some(annotation.quote.exact.as_str()),
                "{} is not on its quote",
                annotation.id
            );
        }
    }
    // Bob's note on an annotation that Alice's re-import moved: on the new place.
    let moved = get(&id("a-01M8SZES5M3HA2Z6TRRZMVH893"));
    assert_eq!(
        moved.start,
        alice.annotation(&moved.id).unwrap().start,
        "the placement is Alice's"
    );
}

#[test]
fn conflicting_edits_stop_git_then_resolve_and_commit() {
    let repo = Repo::new();
    repo.git_setup();
    repo.git_ok(&["add", ".gitattributes"]);
    repo.git_ok(&["commit", "-q", "-m", "Merge project files with marginalia"]);
    let base = load(&repo.project());
    let claims = claims(&base);
    let (noted, rated) = (claims[2].clone(), claims[3].clone());
    repo.git_ok(&["branch", "bob"]);

    repo.ok("edit", &[noted.as_str(), "--note", "Alice's note"]);
    repo.ok("edit", &[rated.as_str(), "--field", "verdict=False"]);
    let alice_added = repo.annotate("Salifou Modi", "source", &[]);
    repo.commit("Alice");
    repo.git_ok(&["checkout", "-q", "bob"]);
    repo.ok("edit", &[noted.as_str(), "--note", "Bob's note"]);
    repo.ok("edit", &[rated.as_str(), "--field", "verdict=Mostly true"]);
    let bob_added = repo.annotate("virage stratégique", "opinion", &[]);
    repo.commit("Bob");
    repo.git_ok(&["checkout", "-q", "main"]);

    let merge = repo.git(&["merge", "--no-edit", "bob"]);
    assert_ne!(
        merge.code, 0,
        "git merge should stop: {}{}",
        merge.stdout, merge.stderr
    );
    let both = format!("{}{}", merge.stdout, merge.stderr);
    assert!(both.contains("CONFLICT"), "{both}");
    assert!(both.contains("2 conflict(s) to settle"), "{both}");

    // The file in the work tree is the merged project with its conflicts: valid, nothing lost.
    let merged = load(&repo.project());
    assert!(merged.annotation(&alice_added).is_some());
    assert!(merged.annotation(&bob_added).is_some());
    let check = repo.check();
    assert_eq!(
        check.code, 1,
        "check must refuse: {}{}",
        check.stdout, check.stderr
    );
    assert!(
        check
            .stderr
            .contains("2 conflict(s) from a merge are not settled"),
        "{}",
        check.stderr
    );

    let listed = repo.ok("conflicts", &[]);
    let note_conflict = format!("{noted}/note");
    let verdict_conflict = format!("{rated}/field:verdict");
    assert!(listed.contains(&note_conflict), "{listed}");
    assert!(listed.contains(&verdict_conflict), "{listed}");
    assert!(
        listed.contains("\"Alice's note\"") && listed.contains("\"Bob's note\""),
        "{listed}"
    );
    let json: serde_json::Value = serde_json::from_str(&repo.ok("conflicts", &["--json"])).unwrap();
    let mut found: Vec<(String, String, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_owned(),
                c["ours"].as_str().unwrap().to_owned(),
                c["theirs"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    let mut wanted = vec![
        (
            note_conflict.clone(),
            "Alice's note".to_owned(),
            "Bob's note".to_owned(),
        ),
        (
            verdict_conflict.clone(),
            "False".to_owned(),
            "Mostly true".to_owned(),
        ),
    ];
    wanted.sort();
    assert_eq!(found, wanted);

    // Bob's note by a unique prefix of the conflict id, then ours for the rest.
    let prefix = &note_conflict[..note_conflict.len() - 2];
    let resolved = repo.ok("resolve", &[prefix, "--take", "theirs"]);
    assert!(resolved.contains("1 conflict(s) left"), "{resolved}");
    assert_eq!(
        load(&repo.project()).annotation(&noted).unwrap().note,
        "Bob's note"
    );
    let resolved = repo.ok("resolve", &["--all", "ours"]);
    assert!(resolved.contains("0 conflict(s) left"), "{resolved}");
    let settled = load(&repo.project());
    assert_eq!(settled.annotation(&noted).unwrap().note, "Bob's note");
    assert_eq!(
        settled
            .annotation(&rated)
            .unwrap()
            .fields
            .get("verdict")
            .map(String::as_str),
        Some("False")
    );
    assert!(settled.conflicts().is_empty());
    let check = repo.check();
    assert_eq!(check.code, 0, "check: {}{}", check.stdout, check.stderr);

    repo.git_ok(&["add", "demo.ron"]);
    repo.git_ok(&["commit", "-q", "--no-edit"]);
    assert_eq!(repo.git_ok(&["status", "--porcelain"]), "");
    let parents = repo.git_ok(&["rev-list", "--parents", "-n", "1", "HEAD"]);
    assert_eq!(
        parents.split_whitespace().count(),
        3,
        "not a merge commit: {parents}"
    );
}

#[test]
fn a_plain_line_merge_of_different_annotations_succeeds_without_the_driver() {
    let repo = Repo::new();
    let base = load(&repo.project());
    let first = base.annotations()[2].id.clone();
    let last = base.annotations()[base.annotations().len() - 3].id.clone();
    let near_start = base.annotations()[5].id.clone();
    let near_end = base.annotations()[base.annotations().len() - 6].id.clone();
    repo.git_ok(&["branch", "bob"]);

    repo.ok("edit", &[first.as_str(), "--note", "alice"]);
    repo.ok("remove", &[near_start.as_str()]);
    let alice_added = repo.annotate("Moscou et les pays membres", "opinion", &[]);
    repo.commit("Alice");
    repo.git_ok(&["checkout", "-q", "bob"]);
    repo.ok("edit", &[last.as_str(), "--note", "bob"]);
    repo.ok("remove", &[near_end.as_str()]);
    let bob_added = repo.annotate("Niamey début décembre", "claim", &[]);
    repo.commit("Bob");
    repo.git_ok(&["checkout", "-q", "main"]);

    let merge = repo.git(&["merge", "--no-edit", "bob"]);
    assert_eq!(merge.code, 0, "plain git merge: {}{}", merge.stdout, merge.stderr);
    assert!(
        !merge.stdout.contains("merged into"),
        "the driver ran: {}",
        merge.stdout
    );
    let check = repo.check();
    assert_eq!(check.code, 0, "check: {}{}", check.stdout, check.stderr);
    let merged = load(&repo.project());
    assert_eq!(merged.annotation(&first).unwrap().note, "alice");
    assert_eq!(merged.annotation(&last).unwrap().note, "bob");
    assert!(merged.annotation(&near_start).is_none());
    assert!(merged.annotation(&near_end).is_none());
    assert!(merged.annotation(&alice_added).is_some());
    assert!(merged.annotation(&bob_added).is_some());
    assert_eq!(merged.annotations().len(), base.annotations().len());
}

// ----- bad input for `marginalia merge` -----

/// A folder with a copy of the demo as OURS, and room for other files.
struct Files {
    folder: tempfile::TempDir,
}

impl Files {
    fn new() -> Self {
        let files = Files {
            folder: tempfile::tempdir().unwrap(),
        };
        std::fs::copy(demo_path(), files.path("ours.ron")).unwrap();
        std::fs::copy(demo_path(), files.path("base.ron")).unwrap();
        files
    }

    fn path(&self, name: &str) -> PathBuf {
        self.folder.path().join(name)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> String {
        std::fs::write(self.path(name), bytes).unwrap();
        self.path(name).display().to_string()
    }

    fn arg(&self, name: &str) -> String {
        self.path(name).display().to_string()
    }

    fn marginalia(&self, args: &[&str]) -> Run {
        Run::of(
            Command::new(env!("CARGO_BIN_EXE_marginalia"))
                .args(args)
                .output()
                .unwrap(),
        )
    }

    /// The merge fails above 128 naming the problem, and writes nothing: OURS keeps every byte,
    /// no output file, no backup, no temporary file left.
    fn refused(&self, args: &[&str], message: &str) {
        let ours = std::fs::read(self.path("ours.ron")).unwrap();
        let before: BTreeSet<_> = std::fs::read_dir(self.folder.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        let mut all = vec!["merge"];
        all.extend_from_slice(args);
        let run = self.marginalia(&all);
        assert!(
            run.code > 128,
            "{args:?} exited {}: {}{}",
            run.code,
            run.stdout,
            run.stderr
        );
        assert!(
            run.stderr.contains(message) && run.stderr.contains("nothing was written"),
            "{args:?}: expected {message:?} in {:?}",
            run.stderr
        );
        assert!(
            std::fs::read(self.path("ours.ron")).unwrap() == ours,
            "{args:?} changed OURS"
        );
        let after: BTreeSet<_> = std::fs::read_dir(self.folder.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(after, before, "{args:?} left files behind");
    }
}

#[test]
fn merge_refuses_bad_input_and_writes_nothing() {
    let files = Files::new();
    let (base, ours) = (files.arg("base.ron"), files.arg("ours.ron"));
    let demo = std::fs::read_to_string(demo_path()).unwrap();

    let not_a_project = files.write("notes.ron", b"These are my notes, not a project.\n");
    files.refused(&[&base, &ours, &not_a_project], "notes.ron");
    files.refused(&[&ours, &not_a_project], "notes.ron");
    files.refused(&[&not_a_project, &ours, &base], "notes.ron");
    let binary = files.write("binary.ron", &[0xFF, 0x00, 0x12]);
    files.refused(&[&base, &ours, &binary], "binary.ron: not a project file");
    let json = files.write("w3c.ron", br#"{"type": "Annotation"}"#);
    files.refused(&[&base, &ours, &json], "w3c.ron");

    let newer = files.write(
        "newer.ron",
        demo.replacen("format: 4,", "format: 99,", 1).as_bytes(),
    );
    files.refused(&[&base, &ours, &newer], "newer.ron");
    let run = files.marginalia(&["merge", &base, &ours, &newer]);
    assert!(
        run.stderr.contains("99"),
        "the message names the format: {}",
        run.stderr
    );

    let truncated = files.write("truncated.ron", &demo.as_bytes()[..demo.len() / 2]);
    files.refused(&[&base, &ours, &truncated], "truncated.ron");
    files.refused(&[&ours, &truncated], "truncated.ron");
    let missing = files.arg("missing.ron");
    files.refused(&[&base, &ours, &missing], "missing.ron");

    // With -o, the output is not written either.
    let out = files.arg("out.ron");
    files.refused(&[&base, &ours, &truncated, "-o", &out], "truncated.ron");
    // The git form: OURS is the file git waits for.
    files.refused(
        &["--git", &base, &ours, &truncated, "demo.ron"],
        "merging demo.ron",
    );
    // A truncated OURS is left as it was too.
    let broken_ours = files.write("broken.ron", &demo.as_bytes()[..demo.len() / 3]);
    let bytes = std::fs::read(&broken_ours).unwrap();
    let run = files.marginalia(&["merge", &base, &broken_ours, &base]);
    assert!(run.code > 128, "{}", run.stderr);
    assert_eq!(std::fs::read(&broken_ours).unwrap(), bytes);
}

#[test]
fn merge_refuses_unrelated_projects_unless_asked_for_a_union() {
    let files = Files::new();
    let ours = files.arg("ours.ron");
    let other = files.arg("other.ron");
    let article = files.write("article.txt", "Le Mali recule. Le Tchad avance.\n".as_bytes());
    let run = |args: &[&str]| {
        let run = files.marginalia(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.stderr);
    };
    run(&["new", &other]);
    run(&["add-doc", &other, &article]);
    run(&[
        "annotate",
        &other,
        "--quote",
        "Le Mali recule.",
        "--label",
        "claim",
    ]);

    files.refused(&[&ours, &other], "not copies of one project");
    files.refused(&[&ours, &other], "--unrelated");
    let base = files.arg("base.ron");
    files.refused(&[&base, &ours, &other], "not copies of one project");

    let union = files.arg("union.ron");
    let merged = files.marginalia(&["merge", &ours, &other, "--unrelated", "-o", &union]);
    assert_eq!(merged.code, 0, "{}{}", merged.stdout, merged.stderr);
    let (demo, other, union) = (
        load(&demo_path()),
        load(&files.path("other.ron")),
        load(&files.path("union.ron")),
    );
    assert_eq!(
        union.documents().len(),
        demo.documents().len() + other.documents().len()
    );
    assert_eq!(
        union.annotations().len(),
        demo.annotations().len() + other.annotations().len()
    );
    assert_eq!(union.links().len(), demo.links().len());
    let check = files.marginalia(&["check", &files.arg("union.ron")]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    // OURS was not touched: the union went to -o.
    assert_eq!(
        std::fs::read(files.path("ours.ron")).unwrap(),
        std::fs::read(demo_path()).unwrap()
    );
}
