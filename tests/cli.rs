//! The command line as a user runs it: new, add-doc, annotate, list, stats, check.

use std::path::{Path, PathBuf};

#[path = "common/cli.rs"]
mod cli_runner;

use cli_runner::{marginalia, ok};

/// Adds an annotation by quote, which must succeed.
fn annotate(project: &str, quote: &str, label: &str) {
    ok(&["annotate", project, "--quote", quote, "--label", label]);
}

fn fails(args: &[&str], code: i32, message: &str) {
    let run = marginalia(args);
    assert_eq!(run.code, code, "{args:?}: {}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(message),
        "{args:?}: expected {message:?} in {:?}",
        run.stderr
    );
}

struct Workspace {
    folder: tempfile::TempDir,
}

impl Workspace {
    fn new() -> Self {
        Self {
            folder: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.folder.path().join(name)
    }

    fn write(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.path(name);
        std::fs::write(&path, bytes).unwrap();
        path.display().to_string()
    }

    /// A project holding the seed-like article with one document.
    fn project_with_article(&self) -> String {
        let project = self.path("p.ron").display().to_string();
        ok(&["new", &project, "--name", "Niger"]);
        let article = self.write("article.txt", ARTICLE.as_bytes());
        ok(&["add-doc", &project, &article]);
        project
    }
}

const ARTICLE: &str = "Contre vents et marées le Niger et la Russie renforcent le partenariat.\r\n\r\n\
Comme le montre RFI, la lutte contre le terrorisme progresse. L'œil de Washington reste ouvert.\r\n\
Comme le notent plusieurs médias africains, le Niger s'éloigne de Paris.\r\n";

fn project_text(project: &str) -> String {
    std::fs::read_to_string(project).unwrap()
}

#[test]
fn new_creates_a_project_with_the_default_labels() {
    let workspace = Workspace::new();
    let project = workspace.path("my.ron").display().to_string();
    let stdout = ok(&["new", &project, "--name", "Niger"]);
    assert!(stdout.contains("claim, source, opinion, disclaimer"), "{stdout}");
    let text = project_text(&project);
    for expected in [
        "name: \"Niger\"",
        "id: \"claim\"",
        "hotkey: Some(\"4\")",
        "color: \"#009E73\"",
    ] {
        assert!(text.contains(expected), "{expected}");
    }
    fails(&["new", &project], 1, "already exists");
}

#[test]
fn add_doc_decodes_every_encoding_and_records_provenance() {
    let workspace = Workspace::new();
    let project = workspace.path("p.ron").display().to_string();
    ok(&["new", &project]);
    let french = "Élection à Niamey : « l'œil » de Washington.\r\nSuite.";
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(french);
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(french.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let bom = [b"\xEF\xBB\xBF".as_slice(), french.as_bytes()].concat();
    // (file name, bytes, encoding the project records)
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("utf8.txt", french.as_bytes().to_vec(), "UTF-8"),
        ("bom.txt", bom, "UTF-8 (BOM)"),
        ("utf16.txt", utf16, "UTF-16LE (BOM)"),
        ("latin.txt", latin1.into_owned(), "windows-1252"),
    ];
    for (name, bytes, encoding) in &cases {
        let file = workspace.write(name, bytes);
        let stdout = ok(&["add-doc", &project, &file]);
        assert!(stdout.contains(encoding), "{stdout}");
    }
    let loaded = marginalia::io::project_file::load(Path::new(&project))
        .unwrap()
        .project;
    let texts: Vec<&str> = loaded.documents().iter().map(|doc| doc.text.as_str()).collect();
    assert_eq!(texts, [french; 4], "stored exactly, CRLF kept");
    let text = project_text(&project);
    for (name, bytes, encoding) in &cases {
        assert!(
            text.contains(&format!("encoding: Some(\"{encoding}\")")),
            "{name}"
        );
        let sha = format!("{:x}", <sha2::Sha256 as sha2::Digest>::digest(bytes));
        assert!(text.contains(&sha), "{name}: sha256 of the original bytes");
    }
    assert!(text.contains("format: \"text\""));
    assert!(text.contains(&format!(
        "original: \"{}\"",
        workspace.path("latin.txt").display()
    )));
    let stats = ok(&["stats", &project, "--json"]);
    let stats: serde_json::Value = serde_json::from_str(&stats).unwrap();
    assert_eq!(stats.as_array().unwrap().len(), 4);
    assert_eq!(stats[0]["characters"], french.chars().count());
}

#[test]
fn add_doc_refuses_bad_files_and_leaves_the_project_as_it_was() {
    let workspace = Workspace::new();
    let project = workspace.path("p.ron").display().to_string();
    ok(&["new", &project]);
    let before = project_text(&project);
    let good = workspace.write("good.txt", b"fine text");
    let cases: Vec<(&str, &[u8], &str)> = vec![
        ("empty.txt", b"", "empty.txt: the file is empty"),
        (
            "blank.txt",
            b"\xEF\xBB\xBF  \n",
            "blank.txt: the file contains no text",
        ),
        (
            "picture.txt",
            b"\x89PNG\r\n\x1a\n\0\0\0",
            "picture.txt: this is a PNG file (image/png), not a document",
        ),
        (
            "zeros.txt",
            b"abc\0\0\0def",
            "zeros.txt: this looks like a binary file, not text (it contains NUL bytes, at byte 3)",
        ),
    ];
    for (name, bytes, message) in cases {
        let file = workspace.write(name, bytes);
        // The good file comes first: nothing is added when any file fails.
        fails(&["add-doc", &project, &good, &file], 1, message);
        assert_eq!(project_text(&project), before);
    }
    fails(
        &["add-doc", &project, "/no/such/file.txt"],
        1,
        "/no/such/file.txt: cannot read",
    );
    fails(
        &["add-doc", &project, &good, &good, "--title", "T"],
        2,
        "--title needs exactly one FILE",
    );
}

#[test]
fn annotate_by_quote_and_by_range() {
    let workspace = Workspace::new();
    let project = workspace.project_with_article();
    let stdout = ok(&[
        "annotate",
        &project,
        "--quote",
        "Comme le montre RFI",
        "--label",
        "source",
        "--note",
        "Radio publique française",
    ]);
    assert!(
        stdout.contains("source") && stdout.contains("\"Comme le montre RFI\""),
        "{stdout}"
    );
    let start = ARTICLE.chars().count() - "le Niger s'éloigne de Paris.\r\n".chars().count();
    let range = format!(
        "{start}..{}",
        start + "le Niger s'éloigne de Paris".chars().count()
    );
    ok(&["annotate", &project, "--range", &range, "--label", "Claim"]);
    let listed: serde_json::Value = serde_json::from_str(&ok(&["list", &project, "--json"])).unwrap();
    let quotes: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["quote"].as_str().unwrap())
        .collect();
    assert_eq!(quotes, ["Comme le montre RFI", "le Niger s'éloigne de Paris"]);
    assert_eq!(listed[0]["note"], "Radio publique française");
    assert_eq!(listed[0]["start"], 75, "code points, CRLF counted as two");

    fails(
        &["annotate", &project, "--quote", "le Niger", "--label", "claim"],
        1,
        "occurs 2 times",
    );
    fails(
        &["annotate", &project, "--quote", "le Mali", "--label", "claim"],
        1,
        "is not in document",
    );
    fails(
        &["annotate", &project, "--quote", "Paris", "--label", "rumour"],
        1,
        "there is no label \"rumour\"; labels are: claim, source, opinion, disclaimer",
    );
    fails(
        &["annotate", &project, "--range", "5..99999", "--label", "claim"],
        1,
        "outside the document",
    );
    fails(
        &["annotate", &project, "--range", "5-9", "--label", "claim"],
        2,
        "not of the form START..END",
    );
    fails(
        &[
            "annotate", &project, "--range", "1..2", "--quote", "x", "--label", "claim",
        ],
        2,
        "cannot be used with",
    );
    fails(
        &[
            "annotate", &project, "--doc", "d-nope", "--quote", "Paris", "--label", "claim",
        ],
        1,
        "there is no document \"d-nope\"",
    );
}

#[test]
fn list_filters_by_label_document_and_text_ignoring_accents() {
    let workspace = Workspace::new();
    let project = workspace.project_with_article();
    for (quote, label, note) in [
        ("Contre vents et marées", "opinion", ""),
        ("Comme le montre RFI", "source", ""),
        (
            "la lutte contre le terrorisme progresse",
            "claim",
            "Vérifier les chiffres",
        ),
        ("L'œil de Washington", "opinion", "Image"),
    ] {
        ok(&[
            "annotate", &project, "--quote", quote, "--label", label, "--note", note,
        ]);
    }
    let quotes = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["list", project.as_str(), "--json"];
        full.extend_from_slice(args);
        let listed: serde_json::Value = serde_json::from_str(&ok(&full)).unwrap();
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["quote"].as_str().unwrap().to_owned())
            .collect()
    };
    let cases: Vec<(Vec<&str>, Vec<&str>)> = vec![
        (
            vec!["--label", "opinion"],
            vec!["Contre vents et marées", "L'œil de Washington"],
        ),
        (
            vec!["--label", "opinion", "--label", "source"],
            vec![
                "Contre vents et marées",
                "Comme le montre RFI",
                "L'œil de Washington",
            ],
        ),
        (vec!["--search", "marees"], vec!["Contre vents et marées"]),
        (
            vec!["--search", "VERIFIER"],
            vec!["la lutte contre le terrorisme progresse"],
        ),
        (vec!["--search", "oeil"], vec!["L'œil de Washington"]),
        (
            vec!["--label", "claim", "--search", "terrorisme"],
            vec!["la lutte contre le terrorisme progresse"],
        ),
        (vec!["--label", "source", "--search", "terrorisme"], vec![]),
        (
            vec!["--with-note"],
            vec!["la lutte contre le terrorisme progresse", "L'œil de Washington"],
        ),
        (vec!["--orphaned"], vec![]),
    ];
    for (args, expected) in cases {
        assert_eq!(quotes(&args), expected, "{args:?}");
    }
    let text = ok(&["list", &project, "--label", "claim"]);
    assert!(
        text.contains("claim")
            && text.contains("\"la lutte contre le terrorisme progresse\"  — Vérifier les chiffres"),
        "{text}"
    );
    fails(&["list", &project, "--label", "rumour"], 1, "there is no label");
}

#[test]
fn stats_counts_per_document_and_label() {
    let workspace = Workspace::new();
    let project = workspace.project_with_article();
    annotate(&project, "Comme le montre RFI", "source");
    annotate(&project, "Comme le notent", "source");
    annotate(&project, "le partenariat", "claim");
    let text = ok(&["stats", &project]);
    assert!(
        text.contains("Source            2") && text.contains("Claim             1"),
        "{text}"
    );
    assert!(text.contains("total: 1 document(s), 3 annotation(s)"), "{text}");
}

#[test]
fn check_validates_and_reports_file_line_and_column() {
    let workspace = Workspace::new();
    let project = workspace.project_with_article();
    annotate(&project, "Comme le montre RFI", "source");
    assert!(ok(&["check", &project]).contains("ok: 1 document(s), 1 annotation(s), 4 label(s)"));

    let good = project_text(&project);
    let broken = workspace.write(
        "broken.ron",
        good.replacen("label: \"source\"", "label: 42", 1).as_bytes(),
    );
    let run = marginalia(&["check", &broken]);
    assert_eq!(run.code, 1);
    let line = good
        .lines()
        .position(|l| l.contains("label: \"source\""))
        .unwrap()
        + 1;
    assert!(
        run.stderr.contains(&format!("broken.ron:{line}:")),
        "{}",
        run.stderr
    );

    let drifted = workspace.write(
        "drifted.ron",
        good.replacen("start: 75,", "start: 70,", 1)
            .replacen("end: 94,", "end: 89,", 1)
            .as_bytes(),
    );
    let run = marginalia(&["check", &drifted]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout
            .contains("at 70..89 did not match its quote; re-anchored by its quote to 75..94"),
        "{}",
        run.stdout
    );

    fails(
        &["check", &workspace.path("missing.ron").display().to_string()],
        1,
        "missing.ron: cannot read",
    );
    let binary = workspace.write("binary.ron", &[0xFF, 0x00, 0x12]);
    fails(&["check", &binary], 1, "binary.ron: not a project file");
}

#[test]
fn reimport_carries_annotations_over_to_the_new_text() {
    let workspace = Workspace::new();
    let project = workspace.path("p.ron").display().to_string();
    ok(&["new", &project]);
    let raw = "Comme le [montre RFI](https://rfi.fr), le *Niger* avance.\n\nLe Mali recule.\n";
    let article = workspace.write("article.txt", raw.as_bytes());
    ok(&["add-doc", &project, &article]);
    annotate(&project, "Comme le [montre RFI](https://rfi.fr)", "source");
    annotate(&project, "Le Mali recule.", "claim");
    annotate(&project, "*Niger*", "opinion");
    let markdown = workspace.write(
        "article.md",
        b"Comme le [montre RFI](https://rfi.fr), le *Niger* avance.\n\nLe Tchad recule.\n",
    );
    let report = ok(&["reimport", &project, &markdown]);
    assert!(
        report.contains("as markdown: 2 exact, 0 moved, 1 needs review, 0 orphaned"),
        "{report}"
    );
    let listed: serde_json::Value = serde_json::from_str(&ok(&["list", &project, "--json"])).unwrap();
    let quotes: Vec<(&str, bool)> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["quote"].as_str().unwrap(), a["orphaned"].as_bool().unwrap()))
        .collect();
    assert_eq!(
        quotes,
        [
            ("Comme le montre RFI", false),
            ("Niger", false),
            ("Le Tchad recule.", false)
        ]
    );
    fails(
        &["reimport", &project, &markdown, "--format", "odt"],
        2,
        "not one of text, markdown",
    );
}

#[test]
fn usage_errors_exit_2() {
    fails(&["annotate"], 2, "Usage");
    fails(&["frobnicate", "x"], 2, "");
}

#[test]
fn the_demo_project_is_valid_and_fully_marked_up() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/niger-russie.ron");
    let demo = demo.display().to_string();
    assert!(ok(&["check", &demo]).contains("ok: 1 document(s)"));
    let stats: serde_json::Value = serde_json::from_str(&ok(&["stats", &demo, "--json"])).unwrap();
    let by_label = &stats[0]["by_label"];
    for (label, at_least) in [("claim", 15), ("source", 6), ("opinion", 10), ("disclaimer", 1)] {
        assert!(
            by_label[label].as_u64().unwrap() >= at_least,
            "{label}: {by_label}"
        );
    }
    let claims: serde_json::Value =
        serde_json::from_str(&ok(&["list", &demo, "--label", "claim", "--json"])).unwrap();
    assert!(
        claims
            .as_array()
            .unwrap()
            .iter()
            .all(|c| !c["note"].as_str().unwrap().is_empty()),
        "every claim has a note"
    );
}

#[test]
fn export_then_import_through_the_command_line() {
    let ws = Workspace::new();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/niger-russie.ron");
    let demo = demo.to_str().unwrap();
    for (format, name) in [
        ("w3c", "a.jsonld"),
        ("csv", "a.csv"),
        ("jsonl", "a.jsonl"),
        ("html", "a.html"),
        ("brat", "brat"),
    ] {
        let out = ws.path(name);
        let stdout = ok(&["export", demo, "--format", format, "-o", out.to_str().unwrap()]);
        assert!(stdout.contains("exported 50 annotation(s)"), "{format}: {stdout}");
        assert!(out.exists());
    }
    let doccano = ws.path("doccano.jsonl");
    ok(&[
        "export",
        demo,
        "--format",
        "jsonl",
        "--offsets",
        "utf16",
        "-o",
        doccano.to_str().unwrap(),
    ]);

    // Into an empty project: JSONL and brat carry the text, so the document comes with them.
    let project = ws.path("p.ron");
    let project = project.to_str().unwrap();
    ok(&["new", project]);
    let stdout = ok(&[
        "import",
        project,
        "--format",
        "jsonl",
        "--offsets",
        "utf16",
        doccano.to_str().unwrap(),
    ]);
    assert!(stdout.contains("imported 50 annotation(s)"), "{stdout}");
    assert!(stdout.contains("new documents: 1"), "{stdout}");
    // The W3C export names the same annotations (and the demo's 4 links): nothing new, each
    // reported as already there.
    let stdout = ok(&[
        "import",
        project,
        "--format",
        "w3c",
        ws.path("a.jsonld").to_str().unwrap(),
    ]);
    assert!(
        stdout.contains("imported 0 annotation(s)") && stdout.contains("skipped 54"),
        "{stdout}"
    );
    let list = ok(&["list", project, "--label", "claim"]);
    assert_eq!(list.lines().count(), 21, "{list}");
}

#[test]
fn import_refuses_bad_input_and_leaves_the_project_as_it_was() {
    let ws = Workspace::new();
    let project = ws.path("p.ron");
    let project = project.to_str().unwrap();
    ok(&["new", project]);
    ok(&["add-doc", project, &ws.write("a.txt", b"Alpha beta gamma")]);
    let before = project_text(project);
    let broken = ws.write("broken.json", b"{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"Annotation\", \"id\": [\"http://a\", \"http://b\"], \"target\": \"http://x\"}");
    fails(
        &["import", project, "--format", "w3c", &broken],
        1,
        "broken.json:/id: id must be one IRI",
    );
    fails(
        &[
            "import",
            project,
            "--format",
            "w3c",
            &ws.write("x.json", b"not json"),
        ],
        1,
        "x.json:1:2: not valid JSON",
    );
    fails(
        &["import", project, "--format", "w3c", "/nonexistent.json"],
        1,
        "/nonexistent.json",
    );
    fails(
        &["import", project, "--format", "yaml", &broken],
        2,
        "--format \"yaml\"",
    );
    fails(
        &[
            "export",
            project,
            "--format",
            "jsonl",
            "--offsets",
            "words",
            "-o",
            "x",
        ],
        2,
        "--offsets \"words\"",
    );
    assert_eq!(project_text(project), before);
}

#[test]
fn fields_and_links_from_the_command_line() {
    let ws = Workspace::new();
    let project = ws.project_with_article();
    ok(&[
        "annotate",
        &project,
        "--quote",
        "la lutte contre le terrorisme progresse",
        "--label",
        "claim",
        "--field",
        "verdict=Misleading",
        "--field",
        "claimant=RFI",
        "--field",
        "date=2024-01-22",
    ]);
    annotate(&project, "Comme le montre RFI", "source");
    let before = project_text(&project);
    fails(
        &[
            "annotate",
            &project,
            "--quote",
            "Washington",
            "--label",
            "claim",
            "--field",
            "verdict=Pants on fire",
        ],
        1,
        "\"Pants on fire\" is not on the rating scale (True, Mostly true, Mixed, Misleading, False, Unverifiable)",
    );
    fails(
        &[
            "annotate",
            &project,
            "--quote",
            "Washington",
            "--label",
            "source",
            "--field",
            "verdict=False",
        ],
        1,
        "label Source has no field \"verdict\"",
    );
    fails(
        &[
            "annotate",
            &project,
            "--quote",
            "Washington",
            "--label",
            "claim",
            "--field",
            "verdict",
        ],
        2,
        "KEY=VALUE",
    );
    assert_eq!(project_text(&project), before, "a refused field adds nothing");

    let rows: serde_json::Value = serde_json::from_str(&ok(&["list", &project, "--json"])).unwrap();
    let claim = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "claim")
        .unwrap();
    let source = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["label"] == "source")
        .unwrap();
    assert_eq!(claim["fields"]["verdict"], "Misleading");
    assert_eq!(claim["fields"]["claimant"], "RFI");
    let (claim_id, source_id) = (claim["id"].as_str().unwrap(), source["id"].as_str().unwrap());

    let stdout = ok(&[
        "link",
        &project,
        "--from",
        claim_id,
        "--to",
        source_id,
        "--type",
        "contradicted by",
    ]);
    assert!(stdout.contains("contradicted by"), "{stdout}");
    fails(
        &[
            "link", &project, "--from", claim_id, "--to", source_id, "--type", "refutes",
        ],
        1,
        "link types are: supported by, contradicted by, cites",
    );
    fails(
        &["link", &project, "--from", claim_id, "--to", claim_id],
        1,
        "cannot be linked to itself",
    );
    let rows: serde_json::Value =
        serde_json::from_str(&ok(&["list", &project, "--json", "--label", "source"])).unwrap();
    let link = &rows[0]["links"][0];
    // CSV puts the links in a second file beside the annotations.
    let csv = ws.path("out.csv");
    ok(&["export", &project, "--format", "csv", "-o", csv.to_str().unwrap()]);
    let links = std::fs::read_to_string(ws.path("out.links.csv")).unwrap();
    assert_eq!(links.lines().count(), 2, "{links}");
    assert!(
        links.contains(",contradicted by,") && links.contains("Comme le montre RFI"),
        "{links}"
    );
    // The claim now has a source and a verdict; a new claim has neither.
    annotate(&project, "Washington", "claim");
    let unlinked = ok(&["list", &project, "--label", "claim", "--unlinked"]);
    let unrated = ok(&["list", &project, "--label", "claim", "--without-verdict"]);
    assert!(
        unlinked.contains("\"Washington\"") && unlinked.lines().count() == 1,
        "{unlinked}"
    );
    assert!(
        unrated.contains("\"Washington\"") && unrated.lines().count() == 1,
        "{unrated}"
    );
    assert_eq!(
        (link["from"].as_str(), link["to"].as_str(), link["kind"].as_str()),
        (Some(claim_id), Some(source_id), Some("contradicted by"))
    );
}

#[test]
fn exercise_then_compare_a_class() {
    let ws = Workspace::new();
    let key = ws.project_with_article();
    annotate(&key, "la lutte contre le terrorisme progresse", "claim");
    annotate(&key, "Comme le montre RFI", "source");
    let student = ws.path("student.ron").display().to_string();
    let stdout = ok(&[
        "exercise",
        &key,
        "-o",
        &student,
        "--instructions",
        "Marquez les affirmations.",
    ]);
    assert!(stdout.contains("no annotations"), "{stdout}");
    fails(&["exercise", &key, "-o", &student], 1, "already exists");
    let empty = ws.path("empty.ron").display().to_string();
    std::fs::copy(&student, &empty).unwrap();
    annotate(&student, "la lutte contre le terrorisme", "claim");
    annotate(&student, "Comme le montre RFI", "opinion");

    let table = ws.path("class.csv");
    let stdout = ok(&[
        "compare",
        &key,
        &student,
        &empty,
        "--csv",
        table.to_str().unwrap(),
    ]);
    // The claim is found (overlapping), the source is marked as an opinion.
    assert!(
        stdout.contains("overlap F1 0.50 (P 0.50, R 0.50), exact F1 0.00"),
        "{stdout}"
    );
    assert!(
        stdout.contains("mislabelled: opinion 75..94 \"Comme le montre RFI\" (the key says source)"),
        "{stdout}"
    );
    assert!(stdout.contains("class: 2 students"), "{stdout}");
    let csv = std::fs::read_to_string(&table).unwrap();
    assert_eq!(csv.lines().count(), 3);
    assert!(csv.starts_with("student,overlap_precision,"), "{csv}");

    let json: serde_json::Value = serde_json::from_str(&ok(&["compare", &key, &empty, "--json"])).unwrap();
    assert_eq!(json[0]["scores"]["missed"].as_array().unwrap().len(), 2);
    assert_eq!(json[0]["scores"]["overlap"]["recall"], 0.0);
}

#[test]
fn find_ignores_case_and_accents_and_counts_code_points() {
    let workspace = Workspace::new();
    let project = workspace.project_with_article();
    // (arguments after the project, how many hits, text in the output)
    let cases: &[(&[&str], usize, &[&str])] = &[
        (
            &["marees"],
            1,
            &["16..22  Contre vents et [marées] le Niger et la Russie renforc…"],
        ),
        (
            &["NIGER"],
            2,
            &[
                "26..31",
                "219..224  …lusieurs médias africains, le [Niger] s'éloigne de Paris. ",
            ],
        ),
        (
            &["rfi"],
            1,
            &["91..94  …rtenariat.  Comme le montre [RFI], la lutte"],
        ),
        (&["l'oeil"], 1, &["[L'œil]"]),
        (&["niger", "--match-case"], 0, &[]),
        (&["marees", "--match-case"], 0, &[]),
        (&["Niger", "--match-case"], 2, &["26..31", "219..224"]),
        (&["mont"], 1, &["84..88", "[mont]re"]),
        (&["mont", "--whole-word"], 0, &["0 hit(s) in 0 document(s)"]),
        (
            &["montre", "--whole-word"],
            1,
            &["84..90", "1 hit(s) in 1 document(s)"],
        ),
        (
            &["le (niger|montre)", "--regex"],
            3,
            &["[le Niger]", "[le montre]"],
        ),
        (&[r"\bm\w+s\b", "--regex"], 2, &["[marées]", "[médias]"]),
        (&["RFI|rfi", "--regex", "--match-case"], 1, &["[RFI]"]),
    ];
    for &(args, count, texts) in cases {
        let stdout = ok(&[&["find", project.as_str()], args].concat());
        for text in texts {
            assert!(stdout.contains(text), "{args:?}: {text:?} in\n{stdout}");
        }
        assert_eq!(stdout.lines().count(), count + 1, "{args:?}: {stdout}");
        let last = stdout.lines().last().unwrap();
        assert!(
            last.starts_with(&format!("{count} hit(s) in ")),
            "{args:?}: {stdout}"
        );
    }
}

#[test]
fn find_label_annotates_every_hit_once() {
    let workspace = Workspace::new();
    let project = workspace.project_with_article();
    let stdout = ok(&["find", &project, "niger", "--label", "Claim"]);
    assert!(stdout.contains("2 hit(s) in 1 document(s)"), "{stdout}");
    assert!(
        stdout.contains("added 2 annotation(s) labelled claim; skipped 0"),
        "{stdout}"
    );
    let listed = ok(&["list", &project, "--label", "claim", "--json"]);
    let listed: serde_json::Value = serde_json::from_str(&listed).unwrap();
    let quotes: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["quote"].clone())
        .collect();
    assert_eq!(quotes, ["Niger", "Niger"]);
    let again = ok(&["find", &project, "NIGER", "--label", "claim"]);
    assert!(
        again.contains("added 0 annotation(s) labelled claim; skipped 2 hit(s) already labelled"),
        "{again}"
    );
    // Another label on the same words, and a wider search: only the new ranges are added.
    let opinion = ok(&["find", &project, "niger", "--label", "opinion", "--json"]);
    let opinion: serde_json::Value = serde_json::from_str(&opinion).unwrap();
    assert_eq!(
        (opinion["added"].as_u64(), opinion["skipped"].as_u64()),
        (Some(2), Some(0))
    );
    let before = project_text(&project);
    fails(
        &["find", &project, "niger", "--label", "verdict"],
        1,
        "there is no label \"verdict\"",
    );
    fails(
        &["find", &project, "niger", "--doc", "d-nope"],
        1,
        "there is no document \"d-nope\"",
    );
    assert_eq!(project_text(&project), before);
}

#[test]
fn find_refuses_a_bad_regex_as_a_usage_error() {
    let workspace = Workspace::new();
    let project = workspace.project_with_article();
    fails(&["find", &project, "(niger", "--regex"], 2, "does not compile");
    fails(&["find", &project, "(niger", "--regex"], 2, "unclosed group");
    fails(&["find", &project, "  "], 2, "nothing to find");
    let stdout = ok(&["find", &project, "(niger"]);
    assert!(
        stdout.contains("0 hit(s)"),
        "without --regex it is plain text: {stdout}"
    );
}

#[test]
fn find_json_and_several_documents() {
    let workspace = Workspace::new();
    let project = workspace.project_with_article();
    let second = workspace.write(
        "second.txt",
        "Москва и Ниамей.\r\nLe NIGER, partenaire 😀 stratégique.".as_bytes(),
    );
    ok(&["add-doc", &project, &second]);
    let stdout = ok(&["find", &project, "niger", "--json"]);
    let found: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(found["count"], 3);
    assert_eq!(found["documents"], 2);
    assert!(found.get("added").is_none());
    let hits = found["hits"].as_array().unwrap();
    let last = &hits[2];
    let keys: Vec<&str> = last.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, ["doc", "start", "end", "text", "before", "after"]);
    assert_eq!(
        (last["start"].as_u64(), last["end"].as_u64()),
        (Some(21), Some(26))
    );
    assert_eq!(last["text"], "NIGER");
    assert_eq!(last["before"], "Москва и Ниамей.\r\nLe ");
    assert_eq!(last["after"], ", partenaire 😀 stratégique.");
    let doc = last["doc"].as_str().unwrap();
    assert_ne!(hits[0]["doc"], last["doc"]);
    let only = ok(&[
        "find",
        &project,
        "niger",
        "--doc",
        &doc[..doc.len() - 3],
        "--json",
    ]);
    let only: serde_json::Value = serde_json::from_str(&only).unwrap();
    assert_eq!(only["count"], 1);
    let text = ok(&["find", &project, "москва"]);
    assert!(
        text.contains(&format!("{doc}  0..6  [Москва] и Ниамей. Le NIGER")),
        "{text}"
    );
}

#[test]
fn show_prints_a_documents_metadata_links_and_structure() {
    let workspace = Workspace::new();
    let project = workspace.path("s.ron").display().to_string();
    ok(&["new", &project]);
    let markdown = workspace.write(
        "niger.md",
        "# Niger et Russie\n\nUn *accord* **signé** à [Moscou](https://x.org/m).\n\n## Contexte\n\n- premier point\n- second\n\n> Une citation.\n"
            .as_bytes(),
    );
    ok(&["add-doc", &project, &markdown]);

    // One document: --doc is optional.
    let text = ok(&["show", &project]);
    for expected in [
        "title:      Niger et Russie\n",
        "author:     -\n",
        "characters: 90\n",
        "niger.md (markdown, UTF-8, imported ",
        "links: 1\n  35..41  \"Moscou\"  https://x.org/m\n",
        "structure: 5 block(s), 2 inline(s) (1 emphasis, 1 strong)\n",
        "  title      0..15  \"Niger et Russie\"\n",
        "  heading 2  44..52  \"Contexte\"\n",
        "  list item  54..67  \"premier point\"\n",
        "  list item  69..75  \"second\"\n",
        "  quote      77..90  \"Une citation.\"\n",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }

    let json: serde_json::Value = serde_json::from_str(&ok(&["show", &project, "--json"])).unwrap();
    assert_eq!(json["title"], "Niger et Russie");
    assert_eq!(json["source"]["format"], "markdown");
    assert_eq!(json["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(
        json["links"][0],
        serde_json::json!({"start": 35, "end": 41, "text": "Moscou", "url": "https://x.org/m"})
    );
    assert_eq!(
        json["blocks"][1],
        serde_json::json!({"kind": "heading", "level": 2, "start": 44, "end": 52, "text": "Contexte"})
    );
    assert_eq!(json["blocks"].as_array().unwrap().len(), 5);
    assert_eq!(json["inlines"]["count"], 2);

    // Two documents: --doc chooses, by id or prefix; without it, a usage error.
    let other = workspace.write("autre.txt", "Autre texte.".as_bytes());
    ok(&["add-doc", &project, &other]);
    fails(&["show", &project], 2, "choose one with --doc");
    fails(
        &["show", &project, "--doc", "d-nothing"],
        1,
        "there is no document",
    );
    let id = json["id"].as_str().unwrap();
    assert!(ok(&["show", &project, "--doc", id]).contains("Niger et Russie"));
    assert!(ok(&["show", &project, "--doc", &id[..id.len() - 3]]).contains("Niger et Russie"));
    assert!(ok(&["--help"]).contains("show"));
}

#[test]
fn a_reader_that_stops_early_gets_no_panic_and_the_change_is_saved() {
    let workspace = Workspace::new();
    let project = workspace.project_with_article();
    // (command, what the project holds after it)
    let cases: [(&[&str], &str); 3] = [
        (
            &["annotate", &project, "--quote", "Washington", "--label", "claim"],
            "Washington",
        ),
        (
            &["annotate", &project, "--quote", "RFI", "--label", "source"],
            "RFI",
        ),
        (&["stats", &project], "RFI"),
    ];
    for (args, saved) in cases {
        // The reader is gone before the command writes a line (`marginalia … | head -0`).
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
            .args(args)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(project_text(&project).contains(saved), "{args:?}");
    }
}
