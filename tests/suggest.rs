//! Suggestions as a user meets them: repeats of a labelled span, claim suggestions that learn
//! from rejections (also across save and load), the command line with an external scorer that
//! works, hangs, crashes or prints garbage, and how `stats` counts decisions.

#[path = "common/cli.rs"]
mod cli_runner;
mod common;

use std::path::Path;

use cli_runner::{marginalia, ok};
use marginalia::io::project_file;
use marginalia::model::annotation::now;
use marginalia::model::suggest::decisions::{Origin, SuggestionDecision};
use marginalia::model::suggest::{self, Suggestion};
use marginalia::model::{CharRange, Document, Edit, LabelId, Project};

fn rejection(s: &Suggestion) -> Edit {
    Edit::RecordSuggestion(Box::new(SuggestionDecision {
        document: s.document.clone(),
        start: s.start,
        end: s.end,
        label: s.label.clone(),
        text: s.text.clone(),
        origin: s.origin,
        accepted: false,
        score: s.score,
        decided: now(),
    }))
}

#[test]
fn repeats_ignore_case_and_accents_and_keep_to_whole_words() {
    let one = Document::new(
        "One",
        "L'Élysée a parlé. Selon l'ELYSEE, tout va bien. Macron aussi.",
    );
    let two = Document::new(
        "Two",
        "À l'elysée, rien. Elyséens et Élyséennes. l'Élysée encore.",
    );
    let mut project = Project::new("Repeats");
    let source = common::annotation(&one, CharRange::new(2, 8), "source", "", 1);
    // An opinion over the second mention does not stop the source being proposed there; a
    // source already over the third does.
    let opinion = common::annotation(&one, CharRange::new(18, 47), "opinion", "", 2);
    let taken = common::annotation(&two, CharRange::new(48, 54), "source", "", 3);
    Edit::Batch(vec![
        Edit::AddDocument {
            position: 0,
            document: one.clone(),
        },
        Edit::AddDocument {
            position: 1,
            document: two.clone(),
        },
        Edit::AddAnnotation(source.clone()),
        Edit::AddAnnotation(opinion),
        Edit::AddAnnotation(taken),
    ])
    .apply(&mut project)
    .unwrap();
    let found: Vec<(String, &str)> = suggest::repeats(&project, &source.id)
        .iter()
        .map(|s| {
            let title = project.document(&s.document).unwrap().title.clone();
            (title, if s.text == "ELYSEE" { "ELYSEE" } else { "elysée" })
        })
        .collect();
    assert_eq!(
        found,
        [("One".to_owned(), "ELYSEE"), ("Two".to_owned(), "elysée")]
    );
    // Dismissing one keeps it away; the other stays.
    let first = suggest::repeats(&project, &source.id)[0].clone();
    rejection(&first).apply(&mut project).unwrap();
    let left = suggest::repeats(&project, &source.id);
    assert_eq!(left.len(), 1);
    assert_ne!(left[0].range(), first.range());
}

#[test]
fn a_rejected_sentence_never_comes_back_even_after_save_and_load() {
    let mut project = common::claims_project(300, 120);
    let claim = LabelId::from("claim");
    let new_debate = project.documents()[1].id.clone();
    let trained = suggest::train(&project, &claim).unwrap();
    let before = suggest::suggest(&project, &trained, &claim, Some(&new_debate), None);
    assert!(before.len() >= 5, "{} suggestions", before.len());
    let rejected: Vec<Suggestion> = before[..3].to_vec();
    for s in &rejected {
        rejection(s).apply(&mut project).unwrap();
    }
    let again = |project: &Project| {
        let trained = suggest::train(project, &claim).unwrap();
        suggest::suggest(project, &trained, &claim, None, Some(0.0))
    };
    let is_rejected = |s: &Suggestion| {
        rejected
            .iter()
            .any(|r| r.range() == s.range() && r.document == s.document)
    };
    assert!(
        !again(&project).iter().any(is_rejected),
        "a rejected sentence was proposed again"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("debates.ron");
    project_file::save(&project, &path).unwrap();
    let loaded = project_file::load(&path).unwrap().project;
    assert_eq!(loaded.suggestion_decisions(), project.suggestion_decisions());
    assert!(!again(&loaded).iter().any(is_rejected), "after load");
}

#[test]
fn a_label_with_few_examples_says_how_many_it_needs() {
    let project = common::claims_project(20, 5);
    let error = suggest::train(&project, &LabelId::from("claim")).err().unwrap();
    assert!(error.to_string().contains("suggestions start at 10"), "{error}");
}

fn saved(project: &Project, dir: &Path) -> String {
    let path = dir.join("debates.ron");
    project_file::save(project, &path).unwrap();
    path.display().to_string()
}

#[test]
fn the_command_line_suggests_accepts_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved(&common::claims_project(300, 80), dir.path());
    let listed: Vec<serde_json::Value> =
        serde_json::from_str(&ok(&["suggest", &path, "--label", "Claim", "--json"])).unwrap();
    assert!(!listed.is_empty());
    assert!(
        listed
            .windows(2)
            .all(|w| w[0]["score"].as_f64() >= w[1]["score"].as_f64()),
        "highest first"
    );
    let before = project_file::load(Path::new(&path))
        .unwrap()
        .project
        .annotations()
        .len();
    let run = marginalia(&["suggest", &path, "--label", "claim", "--accept-above", "0.6"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let after = project_file::load(Path::new(&path)).unwrap().project;
    assert!(after.annotations().len() > before);
    assert!(
        after
            .suggestion_decisions()
            .iter()
            .all(|d| d.accepted && d.origin == Origin::Model)
    );
    let stats = ok(&["stats", &path]);
    assert!(
        stats.contains(&format!(
            "Claim {} accepted, 0 rejected",
            after.annotations().len() - before
        )),
        "{stats}"
    );
    // Accepted ones are annotations now: none is proposed twice.
    let listed: Vec<serde_json::Value> = serde_json::from_str(&ok(&[
        "suggest",
        &path,
        "--label",
        "claim",
        "--threshold",
        "0",
        "--json",
    ]))
    .unwrap();
    assert!(!listed.is_empty());
    for decision in after.suggestion_decisions() {
        assert!(
            !listed
                .iter()
                .any(|s| s["start"] == decision.start && s["document"] == decision.document.as_str()),
            "{} proposed again",
            decision.text
        );
    }
}

#[cfg(unix)]
#[test]
fn external_scorers_that_work_hang_crash_or_babble() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved(&common::claims_project(300, 40), dir.path());
    let suggest_with =
        |scorer: &str| marginalia(&["suggest", &path, "--label", "claim", "--scorer", scorer, "--json"]);
    // A scorer that is sure of every sentence.
    let digits = r#"sed 's/^{"id":"\([0-9]*\)".*/{"id":"\1","score":0.9}/'"#;
    let run = suggest_with(digits);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let listed: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
    assert!(
        !listed.is_empty()
            && listed
                .iter()
                .all(|s| s["origin"] == "Scorer" && s["score"] == 0.9)
    );
    // A crash and garbage: the message says so and the built-in model answers.
    for (scorer, message) in [
        ("echo boom >&2; exit 3", "failed"),
        ("echo hello", "output line 1"),
    ] {
        let run = suggest_with(scorer);
        assert_eq!(run.code, 0, "{scorer}: {}", run.stderr);
        assert!(
            run.stderr.contains(message) && run.stderr.contains("built-in model"),
            "{scorer}: {}",
            run.stderr
        );
        let listed: Vec<serde_json::Value> = serde_json::from_str(&run.stdout).unwrap();
        assert!(listed.iter().all(|s| s["origin"] == "Model"));
    }
    // Without a model to fall back on, the scorer's failure is the answer.
    let few = saved(&common::claims_project(20, 10), dir.path());
    let run = marginalia(&["suggest", &few, "--label", "claim", "--scorer", "echo nonsense"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("output line 1"), "{}", run.stderr);
}
