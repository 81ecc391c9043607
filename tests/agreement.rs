//! `marginalia agreement` through the real binary, on projects written with the library: the text
//! table, JSON and CSV, the filters, every bad input, and `compare` showing alpha for a class.

use std::path::{Path, PathBuf};

use marginalia::io::project_file;
use marginalia::model::{CharRange, Document, Edit, IndexedText, Project};

#[path = "common/cli.rs"]
mod cli_runner;
mod common;

use cli_runner::{marginalia, ok};

const TEXT: &str = "abcdefghijklmnopqrst";

struct Folder {
    dir: tempfile::TempDir,
}

impl Folder {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes `name.ron`: the documents with spans (document index, start, end, label).
    fn copy(&self, name: &str, documents: &[&Document], spans: &[(usize, usize, usize, &str)]) -> String {
        let mut project = Project::new(name);
        for (position, document) in documents.iter().enumerate() {
            Edit::AddDocument {
                position,
                document: (*document).clone(),
            }
            .apply(&mut project)
            .unwrap();
        }
        for (n, &(d, start, end, label)) in spans.iter().enumerate() {
            let annotation =
                common::annotation(documents[d], CharRange::new(start, end), label, "", n as i64);
            Edit::AddAnnotation(annotation).apply(&mut project).unwrap();
        }
        let path = self.path(&format!("{name}.ron"));
        project_file::save(&project, &path).unwrap();
        path.display().to_string()
    }
}

fn fails(args: &[&str], code: i32, messages: &[&str]) -> String {
    let run = marginalia(args);
    assert_eq!(run.code, code, "{args:?}: {}{}", run.stdout, run.stderr);
    for message in messages {
        assert!(
            run.stderr.contains(message),
            "{args:?}: expected {message:?} in {:?}",
            run.stderr
        );
    }
    run.stderr
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(args)).unwrap()
}

fn number(value: &serde_json::Value) -> f64 {
    value.as_f64().unwrap_or_else(|| panic!("not a number: {value}"))
}

/// Two annotators on one document, the values computed by hand in the model's tests.
#[test]
fn two_annotators_text_json_csv() {
    let folder = Folder::new();
    let doc = Document::new("Article", TEXT);
    let alice = folder.copy("alice", &[&doc], &[(0, 0, 5, "claim"), (0, 10, 15, "source")]);
    let bob = folder.copy("bob", &[&doc], &[(0, 0, 5, "claim"), (0, 10, 15, "claim")]);

    let text = ok(&["agreement", &alice, &bob]);
    for expected in [
        "agreement of 2 annotators: alice, bob",
        "over 1 of 1 document(s)",
        "alpha over positions    0.00   2 position(s) with two or more values; 0 stacked",
        "Cohen's kappa           0.60",
        "mean pairwise F1        0.50   exact; 0.50 overlap",
        "by label",
        "Claim",
        "Source",
        "by document",
        &doc.id.to_string(),
        "pairwise F1 (exact / overlap)",
        "0.50 / 0.50",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
    assert!(!text.contains("Opinion"), "only the labels used:\n{text}");

    let report = json(&["agreement", &alice, &bob, "--json"]);
    assert_eq!(report["annotators"], serde_json::json!(["alice", "bob"]));
    let overall = &report["overall"];
    assert!(number(&overall["alpha_positions"]).abs() < 1e-9);
    assert!((number(&overall["cohen_kappa"]) - 0.6).abs() < 1e-9);
    assert!((number(&overall["f1_exact"]["values"][0][1]) - 0.5).abs() < 1e-9);
    assert!(overall["f1_exact"]["values"][0][0].is_null());
    let (o_claim, e_claim) = (0.0625, 0.1 * 3.0 * 445.0 / 1500.0);
    let (o_source, e_source) = (0.0625, 0.1 * 575.0 / 1540.0);
    let alpha_u = 1.0 - (o_claim + o_source) / (e_claim + e_source);
    assert!((number(&overall["alpha_unitizing"]) - alpha_u).abs() < 1e-9);
    assert_eq!(report["labels"][0]["label"], "claim");
    assert_eq!(report["labels"][0]["spans"], serde_json::json!([1, 2]));

    let csv_path = folder.path("agreement.csv");
    ok(&["agreement", &alice, &bob, "--csv", csv_path.to_str().unwrap()]);
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "document,label,measure,annotator_a,annotator_b,value");
    assert!(lines.contains(&",,alpha_positions,,,0.000000"), "{csv}");
    assert!(lines.contains(&",,cohen_kappa,,,0.600000"), "{csv}");
    assert!(lines.contains(&",,f1_exact,alice,bob,0.500000"), "{csv}");
    assert!(lines.contains(&",claim,alpha_positions,,,0.000000"), "{csv}");
    let per_document = format!("{},,f1_overlap,alice,bob,0.500000", doc.id);
    assert!(lines.contains(&per_document.as_str()), "{csv}");
    // Undefined values are empty cells: the opinion label is not used, so it has no rows, and
    // the source label's F1 is 0 (a span against none), its positions alpha undefined.
    assert!(!csv.contains("opinion"), "{csv}");
    assert!(lines.contains(&",source,f1_exact,alice,bob,0.000000"), "{csv}");

    let anonymous = ok(&["agreement", &alice, &bob, "--anonymous"]);
    assert!(anonymous.contains("Annotator 1, Annotator 2"), "{anonymous}");
    assert!(!anonymous.contains("alice"), "{anonymous}");
}

/// Three annotators, one of whom lacks a document; the filters.
#[test]
fn three_annotators_missing_documents_and_filters() {
    let folder = Folder::new();
    let (one, two) = (Document::new("One", TEXT), Document::new("Two", TEXT));
    let both = [(0, 0, 5, "claim"), (0, 8, 12, "source"), (1, 3, 9, "claim")];
    let alice = folder.copy("alice", &[&one, &two], &both);
    let bob = folder.copy("bob", &[&one, &two], &both);
    let carol = folder.copy("carol", &[&one], &[(0, 0, 5, "claim"), (0, 8, 13, "source")]);
    // An annotator who marked nothing still counts.
    let dan = folder.copy("dan", &[&one, &two], &[]);

    let text = ok(&["agreement", &alice, &bob, &carol]);
    assert!(
        text.contains("over 1 of 2 document(s): those every annotator has"),
        "{text}"
    );
    assert!(!text.contains("Cohen"), "three annotators: no Cohen\n{text}");
    // Document two is measured with alice and bob only.
    assert!(text.contains("2/3"), "{text}");

    let report = json(&["agreement", &alice, &bob, &carol, "--json"]);
    assert_eq!(
        report["compared_documents"],
        serde_json::json!([one.id.to_string()])
    );
    assert_eq!(report["documents"][1]["spans"], serde_json::json!([1, 1, null]));
    assert!(report["documents"][1]["measures"]["f1_exact"]["values"][0][2].is_null());
    let second = &report["documents"][1]["measures"];
    assert!((number(&second["alpha_unitizing"]) - 1.0).abs() < 1e-12);
    assert!(report["overall"]["cohen_kappa"].is_null());
    // carol's source ends one character later: exact F1 with alice 0.5, overlap 1.
    let overall = &report["overall"];
    assert!((number(&overall["f1_exact"]["values"][0][2]) - 0.5).abs() < 1e-9);
    assert!((number(&overall["f1_overlap"]["values"][2][0]) - 1.0).abs() < 1e-9);

    let with_nothing = json(&["agreement", &alice, &bob, &dan, "--json"]);
    assert!((number(&with_nothing["overall"]["f1_exact"]["values"][0][2])).abs() < 1e-12);
    assert!(with_nothing["overall"]["fleiss_kappa"].is_number());

    // --label by name or id: every figure about that label alone.
    for label in ["claim", "Claim"] {
        let report = json(&["agreement", &alice, &bob, &carol, "--label", label, "--json"]);
        assert_eq!(report["label"], "claim");
        assert_eq!(report["labels"].as_array().unwrap().len(), 1);
        assert_eq!(report["documents"][1]["spans"], serde_json::json!([1, 1, null]));
    }
    let claim = ok(&["agreement", &alice, &bob, &carol, "--label", "claim"]);
    assert!(claim.contains("label Claim only"), "{claim}");
    // --doc by unique prefix: the overall figures are that document's.
    let prefix = &two.id.as_str()[..two.id.as_str().len() - 2];
    let report = json(&["agreement", &alice, &bob, &carol, "--doc", prefix, "--json"]);
    assert_eq!(report["documents"].as_array().unwrap().len(), 1);
    assert_eq!(
        report["compared_documents"],
        serde_json::json!([two.id.to_string()])
    );
    assert!((number(&report["overall"]["alpha_unitizing"]) - 1.0).abs() < 1e-12);
    let text = ok(&["agreement", &alice, &bob, &carol, "--doc", prefix]);
    assert!(text.contains(&format!("document {} only", two.id)), "{text}");

    fails(
        &["agreement", &alice, &bob, "--label", "verdict"],
        1,
        &["there is no label \"verdict\"", "claim, source"],
    );
    fails(
        &["agreement", &alice, &bob, "--doc", "d-nope"],
        1,
        &["there is no document"],
    );
}

#[test]
fn bad_input_is_refused_naming_the_file() {
    let folder = Folder::new();
    let doc = Document::new("Article", TEXT);
    let alice = folder.copy("alice", &[&doc], &[(0, 0, 5, "claim")]);
    let bob = folder.copy("bob", &[&doc], &[(0, 0, 5, "claim")]);

    // Copies of different documents.
    let other = Document::new("Other", "a wholly different text");
    let stranger = folder.copy("stranger", &[&other], &[(0, 0, 5, "claim")]);
    fails(
        &["agreement", &alice, &stranger],
        1,
        &[&stranger, "shares no document with alice"],
    );

    // A document id with another text.
    let changed = Document {
        text: IndexedText::new("abcdefghijklmnopqrsT"),
        ..doc.clone()
    };
    let edited = folder.copy("edited", &[&changed], &[]);
    fails(
        &["agreement", &alice, &edited],
        1,
        &[&edited, "has another text than alice's"],
    );

    // A broken file among many: nothing is compared unless --skip-broken.
    let broken = folder.path("broken.ron");
    std::fs::write(&broken, "Project(format: 1, name: ").unwrap();
    let broken = broken.display().to_string();
    fails(
        &["agreement", &alice, &broken, &bob],
        1,
        &["broken.ron", "--skip-broken", "nothing was compared"],
    );
    let run = marginalia(&["agreement", &alice, &broken, &bob, "--skip-broken"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("skipped:") && run.stderr.contains("broken.ron"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("agreement of 2 annotators: alice, bob"),
        "{}",
        run.stdout
    );
    fails(
        &["agreement", &alice, &broken, "--skip-broken"],
        1,
        &["at least 2 are needed"],
    );

    // One file given twice, even by another path; a single file.
    let again = Path::new(&alice)
        .parent()
        .unwrap()
        .join(".")
        .join("alice.ron")
        .display()
        .to_string();
    fails(&["agreement", &alice, &bob, &again], 2, &["is given twice"]);
    fails(&["agreement", &alice], 2, &[]);
    let missing = folder.path("missing.ron").display().to_string();
    fails(&["agreement", &alice, &missing], 1, &["missing.ron"]);
}

#[test]
fn compare_shows_each_students_alpha_in_the_class_table() {
    let folder = Folder::new();
    let doc = Document::new("Article", TEXT);
    let key = folder.copy("key", &[&doc], &[(0, 0, 5, "claim"), (0, 10, 15, "source")]);
    let good = folder.copy("good", &[&doc], &[(0, 0, 5, "claim"), (0, 10, 15, "source")]);
    let poor = folder.copy("poor", &[&doc], &[(0, 1, 5, "claim"), (0, 10, 15, "claim")]);

    let text = ok(&["compare", &key, &good, &poor]);
    assert!(text.contains("alpha u"), "{text}");
    assert!(
        text.contains("unitizing alpha of the student and the key"),
        "{text}"
    );
    let class = text.split("class: 2 students").nth(1).unwrap();
    let good_line = class
        .lines()
        .find(|l| l.trim_start().starts_with(&good))
        .unwrap_or_else(|| panic!("no line for {good} in\n{text}"));
    // student, overlap F1, exact F1, alpha u, kappa, …
    let cells: Vec<&str> = good_line.split_whitespace().collect();
    assert_eq!(&cells[1..4], ["1.00", "1.00", "1.00"], "{good_line}");

    let rows = json(&["compare", &key, &good, &poor, "--json"]);
    assert_eq!(rows[0]["scores"]["alpha"], 1.0);
    let poor_alpha = number(&rows[1]["scores"]["alpha"]);
    assert!(poor_alpha < 1.0, "{poor_alpha}");
    // The same figure as `agreement` of the key and that student.
    let pair = json(&["agreement", &key, &poor, "--json"]);
    assert!((number(&pair["overall"]["alpha_unitizing"]) - poor_alpha).abs() < 1e-12);

    let csv_path = folder.path("class.csv");
    ok(&["compare", &key, &good, &poor, "--csv", csv_path.to_str().unwrap()]);
    let csv = std::fs::read_to_string(&csv_path).unwrap();
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let column = header.iter().position(|c| *c == "alpha_unitizing").unwrap();
    assert_eq!(header[column - 1], "exact_f1", "{header:?}");
    let good_row: Vec<&str> = csv.lines().nth(1).unwrap().split(',').collect();
    assert_eq!(good_row[column], "1.0000");
}
