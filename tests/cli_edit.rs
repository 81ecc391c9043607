//! Every edit from the command line, through the real binary on a copy of the demo project: edit,
//! remove, labels, remove-doc; ids by unique prefix; bad input refused with the file unchanged.

use std::path::Path;

use marginalia::model::{Annotation, AnnotationId, LabelId, Project};

#[path = "common/cli.rs"]
mod cli_runner;

use cli_runner::{Run, marginalia, ok};

/// A copy of the demo project in a temporary folder.
struct Demo {
    folder: tempfile::TempDir,
    path: String,
}

impl Demo {
    fn new() -> Self {
        let folder = tempfile::tempdir().unwrap();
        let path = folder.path().join("demo.ron");
        let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/niger-russie.ron");
        std::fs::copy(demo, &path).unwrap();
        let path = path.display().to_string();
        Self { folder, path }
    }

    fn bytes(&self) -> Vec<u8> {
        std::fs::read(&self.path).unwrap()
    }

    fn project(&self) -> Project {
        marginalia::io::project_file::load(Path::new(&self.path))
            .unwrap()
            .project
    }

    /// Runs `marginalia ARGS…` with the project path after the command name.
    fn run(&self, command: &str, args: &[&str]) -> Run {
        let mut all = vec![command, self.path.as_str()];
        all.extend_from_slice(args);
        marginalia(&all)
    }

    fn ok(&self, command: &str, args: &[&str]) -> String {
        let run = self.run(command, args);
        assert_eq!(run.code, 0, "{command} {args:?} failed: {}", run.stderr);
        run.stdout
    }

    /// The command fails with `code` and `message` on stderr, and the file keeps every byte.
    fn refused(&self, command: &str, args: &[&str], code: i32, message: &str) {
        let before = self.bytes();
        let run = self.run(command, args);
        assert_eq!(run.code, code, "{command} {args:?}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stderr.contains(message),
            "{command} {args:?}: expected {message:?} in {:?}",
            run.stderr
        );
        assert!(self.bytes() == before, "{command} {args:?} changed the file");
    }
}

fn annotation<'a>(project: &'a Project, id: &str) -> &'a Annotation {
    project.annotation(&AnnotationId::from(id)).unwrap()
}

/// The demo's first claim that has a verdict.
fn rated_claim(project: &Project) -> Annotation {
    project
        .annotations()
        .iter()
        .find(|a| a.label.as_str() == "claim" && a.fields.contains_key("verdict"))
        .unwrap()
        .clone()
}

/// The shortest prefix of `id` that names it alone.
fn unique_prefix(project: &Project, id: &AnnotationId) -> String {
    let id = id.as_str();
    (1..=id.len())
        .map(|n| &id[..n])
        .find(|prefix| {
            let count = project
                .annotations()
                .iter()
                .filter(|a| a.id.as_str().starts_with(prefix))
                .count();
            count == 1
        })
        .unwrap()
        .to_owned()
}

#[test]
fn edit_changes_note_label_fields_and_range() {
    type Check = fn(&Annotation);
    // (what, arguments after the id, what the annotation must be afterwards)
    let cases: [(&str, &[&str], Check); 6] = [
        ("a note", &["--note", "Vérifié « ok »"], |a| {
            assert_eq!(a.note, "Vérifié « ok »")
        }),
        ("a label by name", &["--label", "opinion"], |a| {
            assert_eq!(a.label.as_str(), "opinion")
        }),
        ("a field set", &["--field", "verdict=False"], |a| {
            assert_eq!(a.fields["verdict"], "False")
        }),
        ("a field cleared", &["--field", "verdict="], |a| {
            assert!(!a.fields.contains_key("verdict"), "{:?}", a.fields)
        }),
        ("a range", &["--range", "252..261"], |a| {
            assert_eq!((a.start, a.end, a.quote.exact.as_str()), (252, 261, "La Russie"));
            assert_eq!(a.quote.suffix.chars().next(), Some(' '), "context recaptured");
        }),
        (
            "all at once, the fields checked against the new label",
            &[
                "--label", "Source", "--note", "", "--field", "verdict=", "--range", "252..261",
            ],
            |a| {
                assert_eq!(a.label.as_str(), "source");
                assert_eq!(a.note, "");
                assert!(!a.fields.contains_key("verdict"));
                assert_eq!(a.quote.exact, "La Russie");
            },
        ),
    ];
    for (what, args, check) in cases {
        let demo = Demo::new();
        let before = demo.project();
        let claim = rated_claim(&before);
        let mut all = vec![claim.id.as_str()];
        all.extend_from_slice(args);
        let stdout = demo.ok("edit", &all);
        assert!(
            stdout.starts_with(&format!("edited {}  ", claim.id)),
            "{what}: {stdout}"
        );
        let after = demo.project();
        let edited = annotation(&after, claim.id.as_str());
        check(edited);
        assert!(edited.modified > claim.modified, "{what}: modified time updated");
        assert_eq!(edited.created, claim.created, "{what}");
        assert_eq!(after.links(), before.links(), "{what}: links kept");
        let others = |p: &Project| -> Vec<Annotation> {
            p.annotations()
                .iter()
                .filter(|a| a.id != claim.id)
                .cloned()
                .collect()
        };
        assert_eq!(others(&after), others(&before), "{what}: nothing else changed");
        ok(&["check", &demo.path]);
    }
}

#[test]
fn an_edit_shows_in_list_json_and_moves_a_linked_annotation() {
    let demo = Demo::new();
    let project = demo.project();
    let link = project.links()[0].clone();
    let source = annotation(&project, link.to.as_str()).clone();
    let (start, end) = (source.start + 1, source.end);
    let range = format!("{start}..{end}");
    demo.ok("edit", &[link.to.as_str(), "--range", &range, "--note", "moved"]);
    let rows: serde_json::Value =
        serde_json::from_str(&demo.ok("list", &["--json", "--label", "source"])).unwrap();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["id"] == link.to.as_str())
        .unwrap();
    assert_eq!(
        (row["start"].as_u64(), row["end"].as_u64()),
        (Some(start as u64), Some(end as u64))
    );
    assert_eq!(row["note"], "moved");
    assert_eq!(row["quote"].as_str(), source.quote.exact.get(1..));
    assert_eq!(
        row["links"][0]["id"],
        link.id.as_str(),
        "the link survives the move"
    );
}

#[test]
fn bad_edits_are_refused_and_the_file_stays_as_it_was() {
    let demo = Demo::new();
    let project = demo.project();
    let claim = rated_claim(&project);
    let id = claim.id.as_str();
    let length = project.documents()[0].text.char_len();
    let past_end = format!("{}..{}", length - 3, length + 1);
    let demo_path = demo.path.as_str();
    // (what, arguments after `edit PROJECT`, exit code, message)
    let cases: [(&str, Vec<&str>, i32, &str); 12] = [
        (
            "a range past the end",
            vec![id, "--range", &past_end],
            1,
            "outside the document",
        ),
        ("an empty range", vec![id, "--range", "300..300"], 1, "is empty"),
        (
            "a range in another form",
            vec![id, "--range", "3-9"],
            2,
            "START..END",
        ),
        (
            "an unknown label",
            vec![id, "--label", "verdict"],
            1,
            "there is no label \"verdict\"",
        ),
        (
            "a value off the rating scale",
            vec![id, "--field", "verdict=Pants on fire"],
            1,
            "not on the rating scale",
        ),
        (
            "a field the new label lacks (the relabel is undone too)",
            vec![id, "--label", "source", "--field", "verdict=False"],
            1,
            "label Source has no field \"verdict\"",
        ),
        (
            "a field without =",
            vec![id, "--field", "verdict"],
            2,
            "KEY=VALUE",
        ),
        (
            "a field without a key",
            vec![id, "--field", "=False"],
            2,
            "KEY=VALUE",
        ),
        ("nothing to change", vec![id], 2, "nothing to change"),
        (
            "an unknown id",
            vec!["a-nope", "--note", "x"],
            1,
            "there is no annotation \"a-nope\" in",
        ),
        ("an empty id", vec!["", "--note", "x"], 2, "cannot be empty"),
        (
            "an ambiguous prefix",
            vec!["a-01", "--note", "x"],
            1,
            "give more of the id",
        ),
    ];
    for (what, args, code, message) in cases {
        eprintln!("case: {what}");
        demo.refused("edit", &args, code, message);
    }
    let run = demo.run("edit", &["a-nope", "--note", "x"]);
    assert!(
        run.stderr.contains(demo_path),
        "the project file is named: {}",
        run.stderr
    );
    let run = demo.run("edit", &["a-01", "--note", "x"]);
    let listed = run
        .stderr
        .lines()
        .filter(|line| line.starts_with("  a-01"))
        .count();
    assert_eq!(listed, 8, "the first candidates, one a line: {}", run.stderr);
    assert!(run.stderr.contains("more"), "{}", run.stderr);
}

#[test]
fn a_unique_prefix_names_one_annotation_everywhere() {
    let demo = Demo::new();
    let project = demo.project();
    let claim = rated_claim(&project);
    let prefix = unique_prefix(&project, &claim.id);
    let shorter = &prefix[..prefix.len() - 1];
    demo.refused("edit", &[shorter, "--note", "x"], 1, "matches");
    let stdout = demo.ok("edit", &[&prefix, "--note", "by prefix"]);
    assert!(stdout.contains(claim.id.as_str()), "{stdout}");
    assert_eq!(annotation(&demo.project(), claim.id.as_str()).note, "by prefix");
    let link = project.links()[0].clone();
    let stdout = demo.ok("remove", &[&unique_prefix(&project, &link.from)]);
    assert!(stdout.contains(link.from.as_str()), "{stdout}");
}

#[test]
fn remove_takes_the_links_with_it_in_one_step() {
    let demo = Demo::new();
    let before = demo.project();
    let link = before.links()[0].clone();
    let unlinked = before
        .annotations()
        .iter()
        .find(|a| before.links_of(&a.id).next().is_none())
        .unwrap()
        .id
        .clone();
    let prefix = unique_prefix(&before, &link.from);
    // One of them named twice (by id and by prefix): removed once.
    demo.refused(
        "remove",
        &[link.from.as_str(), unlinked.as_str(), "a-nope"],
        1,
        "there is no annotation \"a-nope\"",
    );
    let stdout = demo.ok("remove", &[link.from.as_str(), unlinked.as_str(), &prefix]);
    for expected in [
        format!("removed {}  ", link.from),
        format!("removed {}  ", unlinked),
        format!(
            "removed link {}  {} {} {}",
            link.id, link.from, link.kind, link.to
        ),
        "removed 2 annotation(s) and 1 link(s)".to_owned(),
    ] {
        assert!(stdout.contains(&expected), "{expected:?} in {stdout}");
    }
    let after = demo.project();
    assert_eq!(after.annotations().len(), before.annotations().len() - 2);
    assert!(after.annotation(&link.from).is_none() && after.annotation(&unlinked).is_none());
    assert!(after.annotation(&link.to).is_some(), "the other end stays");
    assert_eq!(after.links(), &before.links()[1..], "only its link went");
    ok(&["check", &demo.path]);
    demo.refused("remove", &[link.from.as_str()], 1, "there is no annotation");
}

#[test]
fn labels_are_listed_added_renamed_recoloured_and_removed() {
    let demo = Demo::new();
    let listing = demo.ok("labels", &[]);
    let claims = demo.project().count_with_label(&LabelId::from("claim"));
    assert_eq!(listing.lines().count(), 4, "{listing}");
    assert!(
        listing.contains(&format!(
            "#E69F00  key 1  {claims:>5} annotation(s)  fields: verdict"
        )),
        "{listing}"
    );

    let added = demo.ok(
        "labels",
        &["add", "Verdict", "--color", "#112233", "--hotkey", "7"],
    );
    assert!(added.contains("\"Verdict\"  #112233  key 7"), "{added}");
    let defaults = demo.ok("labels", &["add", "Context"]);
    assert!(defaults.contains("key 5"), "a free digit by default: {defaults}");
    // (what, arguments after `labels PROJECT`, exit code, message)
    let refusals: [(&str, &[&str], i32, &str); 9] = [
        (
            "a name taken, in another case",
            &["add", "CLAIM"],
            1,
            "already names label claim",
        ),
        (
            "a hotkey taken",
            &["add", "Fact", "--hotkey", "1"],
            1,
            "already used by label claim",
        ),
        (
            "a hotkey of two keys",
            &["add", "Fact", "--hotkey", "12"],
            2,
            "single key",
        ),
        (
            "a bad colour",
            &["add", "Fact", "--color", "#12345"],
            2,
            "#RRGGBB",
        ),
        ("an empty name", &["rename", "Verdict", " "], 2, "cannot be empty"),
        (
            "a rename onto another name",
            &["rename", "Verdict", "source"],
            1,
            "already names",
        ),
        (
            "an unknown label",
            &["recolour", "nope", "#000000"],
            1,
            "there is no label \"nope\"",
        ),
        ("a label in use", &["remove", "claim"], 1, "--with-annotations"),
        (
            "--json with a subcommand",
            &["--json", "remove", "Verdict"],
            2,
            "listing only",
        ),
    ];
    for (what, args, code, message) in refusals {
        eprintln!("case: {what}");
        demo.refused("labels", args, code, message);
    }

    let renamed = demo.ok("labels", &["rename", "verdict", "Rating"]);
    assert!(renamed.contains("from \"Verdict\" to \"Rating\""), "{renamed}");
    let recoloured = demo.ok("labels", &["recolor", "Rating", "aabbcc"]);
    assert!(recoloured.contains("from #112233 to #AABBCC"), "{recoloured}");
    demo.ok("labels", &["recolour", "Rating", "#ABCDEF"]);
    let claim = rated_claim(&demo.project());
    demo.ok("edit", &[claim.id.as_str(), "--label", "Rating"]);

    let rows: serde_json::Value = serde_json::from_str(&demo.ok("labels", &["--json"])).unwrap();
    let rating = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["name"] == "Rating")
        .unwrap();
    assert_eq!(
        (
            rating["color"].as_str(),
            rating["hotkey"].as_str(),
            rating["annotations"].as_u64()
        ),
        (Some("#ABCDEF"), Some("7"), Some(1))
    );
    let rating_id = rating["id"].as_str().unwrap().to_owned();
    assert!(rating_id.starts_with("l-"), "{rating_id}");

    demo.refused("labels", &["remove", "Rating"], 1, "used by 1 annotation(s)");
    let removed = demo.ok("labels", &["remove", "Context"]);
    assert!(removed.contains("with 0 annotation(s)"), "{removed}");
    let stdout = demo.ok("labels", &["remove", "Rating", "--with-annotations"]);
    assert!(stdout.contains("with 1 annotation(s)"), "{stdout}");
    let project = demo.project();
    assert!(project.annotation(&claim.id).is_none());
    assert!(project.label(&LabelId::from(rating_id.as_str())).is_none());
}

#[test]
fn removing_a_label_with_its_annotations_takes_their_links() {
    let demo = Demo::new();
    let before = demo.project();
    let sources: Vec<AnnotationId> = before
        .annotations()
        .iter()
        .filter(|a| a.label.as_str() == "source")
        .map(|a| a.id.clone())
        .collect();
    let links = before
        .links()
        .iter()
        .filter(|l| sources.contains(&l.from) || sources.contains(&l.to))
        .count();
    assert!(links > 0, "the demo links claims to sources");
    let stdout = demo.ok("labels", &["remove", "Source", "--with-annotations"]);
    assert!(
        stdout.contains(&format!(
            "with {} annotation(s) and {links} link(s)",
            sources.len()
        )),
        "{stdout}"
    );
    let after = demo.project();
    assert_eq!(
        after.annotations().len(),
        before.annotations().len() - sources.len()
    );
    assert_eq!(after.links().len(), before.links().len() - links);
    assert_eq!(after.labels().len(), 3);
    ok(&["check", &demo.path]);
}

#[test]
fn remove_doc_takes_its_annotations_and_links() {
    let demo = Demo::new();
    let text = demo.folder.path().join("other.txt");
    std::fs::write(&text, "Une autre dépêche, à vérifier.\n").unwrap();
    ok(&["add-doc", &demo.path, text.to_str().unwrap()]);
    let before = demo.project();
    let [old, new] = [&before.documents()[0].id, &before.documents()[1].id].map(|id| id.to_string());
    ok(&[
        "annotate",
        &demo.path,
        "--doc",
        &new,
        "--quote",
        "à vérifier",
        "--label",
        "claim",
    ]);
    let kept = before.annotations().len();

    demo.refused("remove-doc", &["d-"], 1, "matches several documents");
    demo.refused("remove-doc", &["d-nope"], 1, "there is no document \"d-nope\"");
    demo.refused("remove-doc", &[""], 2, "cannot be empty");
    let prefix = &old[..old.len() - 4];
    let stdout = demo.ok("remove-doc", &[prefix]);
    assert!(
        stdout.contains(&format!(
            "removed document {old} {:?} with {kept} annotation(s) and {} link(s)",
            before.documents()[0].title,
            before.links().len()
        )),
        "{stdout}"
    );
    let after = demo.project();
    assert_eq!(after.documents().len(), 1);
    assert_eq!(after.documents()[0].id.as_str(), new);
    assert_eq!(
        after.annotations().len(),
        1,
        "the other document's annotation stays"
    );
    assert!(after.links().is_empty());
    ok(&["check", &demo.path]);
}

#[test]
fn help_names_the_edit_commands() {
    let help = ok(&["--help"]);
    for command in ["edit", "remove", "labels", "remove-doc"] {
        assert!(help.contains(&format!("\n  {command} ")), "{command} in {help}");
    }
    let labels = ok(&["labels", "--help"]);
    for action in ["add", "rename", "recolour", "remove", "[alias: recolor]"] {
        assert!(labels.contains(action), "{action} in {labels}");
    }
    let edit = ok(&["edit", "--help"]);
    for option in ["--note", "--label", "--field <KEY=VALUE>", "--range"] {
        assert!(edit.contains(option), "{option} in {edit}");
    }
}
