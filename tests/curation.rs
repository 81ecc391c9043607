//! Curation as a whole: the three strategies on one hand-made case of three annotators, resuming a
//! partly curated gold copy, undoing decisions, anonymous names, bad input — through the library
//! and through the real binary (`marginalia curate`); and a property over random copies.

use std::path::Path;

use marginalia::io::project_file;
use marginalia::model::copies::{Copy, Panel};
use marginalia::model::curation::{self, CurationError, Source, State, Strategy, VersionKey, Versions};
use marginalia::model::{CharRange, Document, Edit, IndexedText, Project};
use proptest::prelude::*;
use proptest::strategy::Strategy as _;

#[path = "common/cli.rs"]
mod cli_runner;
mod common;

use cli_runner::{Run, marginalia};

const TEXT: &str = "Le Niger et la Russie renforcent leur partenariat, selon le ministre. Comme le montre RFI, \
                    les déclarations déplaisent à Washington. L'œil de la minorité reste « ouvert ».";

/// One mark: start, end, label, note.
type Mark = (usize, usize, &'static str, &'static str);

// The case: every strategy makes a different gold copy of it.
/// alice, bob and carol: claim 0..21.
const V1: (usize, usize, &str) = (0, 21, "claim");
/// alice and bob: source 70..89 (carol marked 70..88 as an opinion).
const V2: (usize, usize, &str) = (70, 89, "source");
/// carol alone: opinion 70..88, inside V2.
const V3: (usize, usize, &str) = (70, 88, "opinion");
/// alice alone: claim 91..131.
const V4: (usize, usize, &str) = (91, 131, "claim");

const ALICE: &[Mark] = &[
    (0, 21, "claim", ""),
    (70, 89, "source", "à recouper"),
    (91, 131, "claim", "chiffres ?"),
];
const BOB: &[Mark] = &[(0, 21, "claim", ""), (70, 89, "source", "vérifier")];
const CAROL: &[Mark] = &[(0, 21, "claim", ""), (70, 88, "opinion", "pas une source")];

/// The shared document, as every copy has it.
fn base() -> Project {
    common::sample_project(&[TEXT.to_owned()])
}

/// A copy of `base` with these marks.
fn copy_of(base: &Project, marks: &[Mark]) -> Project {
    let mut project = base.clone();
    let document = project.documents()[0].clone();
    let adds = marks
        .iter()
        .enumerate()
        .map(|(n, &(start, end, label, note))| {
            Edit::AddAnnotation(common::annotation(
                &document,
                CharRange::new(start, end),
                label,
                note,
                n as i64,
            ))
        })
        .collect();
    Edit::Batch(adds).apply(&mut project).unwrap();
    project
}

fn three() -> Vec<Project> {
    let base = base();
    vec![copy_of(&base, ALICE), copy_of(&base, BOB), copy_of(&base, CAROL)]
}

const NAMES: [&str; 4] = ["alice", "bob", "carol", "dave"];

fn panel(projects: &[Project]) -> Panel<'_> {
    let copies: Vec<Copy> = projects
        .iter()
        .zip(NAMES)
        .map(|(project, annotator)| Copy { annotator, project })
        .collect();
    Panel::line_up(&copies).unwrap()
}

fn sources(count: usize) -> Vec<Source> {
    NAMES[..count]
        .iter()
        .map(|n| Source {
            name: (*n).to_owned(),
            file: format!("{n}.ron"),
        })
        .collect()
}

/// The gold copy's annotations as (start, end, label), in text order.
fn in_gold(gold: &Project) -> Vec<(usize, usize, String)> {
    gold.annotations()
        .iter()
        .map(|a| (a.start, a.end, a.label.to_string()))
        .collect()
}

fn spans(versions: &[(usize, usize, &str)]) -> Vec<(usize, usize, String)> {
    let mut spans: Vec<_> = versions.iter().map(|&(s, e, l)| (s, e, l.to_owned())).collect();
    spans.sort();
    spans
}

/// The versions still open, as (start, end, label).
fn open(versions: &Versions, gold: &Project) -> Vec<(usize, usize, String)> {
    let mut open: Vec<_> = versions
        .versions
        .iter()
        .filter(|v| curation::state(gold, &v.key) == State::Open)
        .map(|v| (v.key.start, v.key.end, v.key.label.to_string()))
        .collect();
    open.sort();
    open
}

fn key(versions: &Versions, (start, end, label): (usize, usize, &str)) -> usize {
    versions
        .versions
        .iter()
        .position(|v| v.key.start == start && v.key.end == end && v.key.label.as_str() == label)
        .unwrap()
}

#[test]
fn each_strategy_makes_its_own_gold_copy() {
    let projects = three();
    let panel = panel(&projects);
    // (strategy, in gold, open)
    let cases = [
        (Strategy::Unanimous, vec![V1], vec![V2, V3, V4]),
        (Strategy::Majority, vec![V1, V2], vec![V3, V4]),
        (Strategy::MinVotes(2), vec![V1, V2], vec![V3, V4]),
        (Strategy::MinVotes(1), vec![V1, V2, V3, V4], vec![]),
        (Strategy::MinVotes(4), vec![], vec![V1, V2, V3, V4]),
    ];
    for (strategy, gold, still_open) in cases {
        let name = strategy.name();
        let curated = curation::curate(&panel, sources(3), strategy, None).unwrap();
        assert_eq!(in_gold(&curated.gold), spans(&gold), "{name}: in gold");
        assert_eq!(
            open(&curated.versions, &curated.gold),
            spans(&still_open),
            "{name}: open"
        );
        assert_eq!(curated.versions.versions.len(), 4, "{name}");
        assert_eq!(curated.accepted_now, gold.len(), "{name}");
        assert_eq!(curated.kept, 0, "{name}");
        let record = curated.gold.curation().unwrap();
        assert_eq!(record.strategy, strategy);
        assert_eq!(record.annotators, sources(3));
        assert!(record.decisions.iter().all(|d| d.accepted && d.by_strategy));
        assert_eq!(record.decisions.len(), gold.len());
        // V2 and V3 overlap: one place; V1 and V4 stand alone.
        assert_eq!(curated.versions.groups.len(), 3, "{name}");
    }
}

#[test]
fn gold_annotations_record_who_agreed_and_every_note() {
    let projects = three();
    let curated = curation::curate(&panel(&projects), sources(3), Strategy::Majority, None).unwrap();
    let gold = &curated.gold;
    assert_eq!(gold.name, format!("{} (gold)", projects[0].name));
    assert_eq!(gold.documents(), projects[0].documents());
    assert_eq!(gold.labels(), projects[0].labels());
    let [claim, source] = gold.annotations() else {
        panic!("{:?}", in_gold(gold))
    };
    let agreed = claim.agreed.as_ref().unwrap();
    assert_eq!(agreed.annotators, ["alice", "bob", "carol"]);
    assert_eq!(agreed.out_of, 3);
    assert_eq!(claim.note, "");
    assert_eq!(claim.quote.exact, "Le Niger et la Russie");
    assert_eq!(source.agreed.as_ref().unwrap().annotators, ["alice", "bob"]);
    assert_eq!(source.note, "alice: à recouper\nbob: vérifier");
}

/// A gold copy with one open version accepted and another rejected by the curator.
fn partly_curated(projects: &[Project]) -> (Project, Versions) {
    let panel = panel(projects);
    let curated = curation::curate(&panel, sources(3), Strategy::Majority, None).unwrap();
    let (mut gold, versions) = (curated.gold, curated.versions);
    let accept = curation::accept(&gold, &versions, key(&versions, V3));
    accept.apply(&mut gold).unwrap();
    let reject = curation::reject(&gold, &versions, key(&versions, V4));
    reject.apply(&mut gold).unwrap();
    (gold, versions)
}

#[test]
fn resuming_keeps_every_decision() {
    let projects = three();
    let (gold, _) = partly_curated(&projects);
    assert_eq!(in_gold(&gold), spans(&[V1, V2, V3]));
    for strategy in [Strategy::Unanimous, Strategy::Majority, Strategy::MinVotes(1)] {
        let again = curation::curate(&panel(&projects), sources(3), strategy, Some(gold.clone())).unwrap();
        let name = strategy.name();
        assert_eq!(again.accepted_now, 0, "{name}");
        assert_eq!(again.kept, 4, "{name}");
        // The rejected V4 never comes back, even under min-votes=1.
        assert_eq!(in_gold(&again.gold), spans(&[V1, V2, V3]), "{name}");
        assert_eq!(open(&again.versions, &again.gold), spans(&[]), "{name}");
        assert_eq!(again.gold.annotations(), gold.annotations(), "{name}");
        assert_eq!(
            again.gold.curation().unwrap().decisions,
            gold.curation().unwrap().decisions,
            "{name}"
        );
    }
    // A fourth annotator: what is new goes to the strategy; what was decided stays, though V2 now
    // has only 2 votes of 4.
    let mut four = projects.clone();
    four.push(copy_of(
        &base_of(&projects),
        &[(0, 21, "claim", ""), (140, 150, "claim", "")],
    ));
    let again = curation::curate(&panel(&four), sources(4), Strategy::Majority, Some(gold.clone())).unwrap();
    assert_eq!((again.accepted_now, again.kept), (0, 4));
    assert_eq!(in_gold(&again.gold), spans(&[V1, V2, V3]));
    assert_eq!(open(&again.versions, &again.gold), spans(&[(140, 150, "claim")]));
}

/// The base of a set of copies: the first one without its annotations.
fn base_of(projects: &[Project]) -> Project {
    let mut base = projects[0].clone();
    let removals = base
        .annotations()
        .iter()
        .map(|a| Edit::RemoveAnnotation(a.id.clone()))
        .collect();
    Edit::Batch(removals).apply(&mut base).unwrap();
    base
}

#[test]
fn an_accepted_annotation_deleted_from_gold_is_not_added_again() {
    let projects = three();
    let (mut gold, _) = partly_curated(&projects);
    let v2 = gold
        .annotations()
        .iter()
        .find(|a| VersionKey::of(a).label.as_str() == "source")
        .unwrap()
        .id
        .clone();
    Edit::RemoveAnnotation(v2).apply(&mut gold).unwrap();
    let again = curation::curate(&panel(&projects), sources(3), Strategy::Majority, Some(gold)).unwrap();
    assert_eq!(in_gold(&again.gold), spans(&[V1, V3]));
    assert_eq!((again.accepted_now, again.kept), (0, 4));
}

#[test]
fn accept_and_reject_undo_exactly() {
    let projects = three();
    let panel = panel(&projects);
    let curated = curation::curate(&panel, sources(3), Strategy::Unanimous, None).unwrap();
    let (gold, versions) = (curated.gold, curated.versions);
    let v2 = key(&versions, V2);
    let edits = [
        ("accept an open version", curation::accept(&gold, &versions, v2)),
        ("reject an open version", curation::reject(&gold, &versions, v2)),
        (
            "reject a version the strategy accepted",
            curation::reject(&gold, &versions, key(&versions, V1)),
        ),
        (
            "accept one already in gold",
            curation::accept(&gold, &versions, key(&versions, V1)),
        ),
    ];
    for (what, edit) in edits {
        let mut changed = gold.clone();
        let inverse = edit.apply(&mut changed).unwrap();
        assert_ne!(changed.curation(), gold.curation(), "{what}: the edit decides");
        inverse.apply(&mut changed).unwrap();
        assert_eq!(changed, gold, "{what}: undone");
        assert_eq!(
            project_file::to_ron(&changed),
            project_file::to_ron(&gold),
            "{what}"
        );
    }
    // Rejecting after accepting takes the annotation out again; undoing both restores the start.
    let mut changed = gold.clone();
    let undo_accept = curation::accept(&gold, &versions, v2)
        .apply(&mut changed)
        .unwrap();
    let undo_reject = curation::reject(&changed, &versions, v2)
        .apply(&mut changed)
        .unwrap();
    assert_eq!(in_gold(&changed), spans(&[V1]));
    assert_eq!(
        curation::state(&changed, &versions.versions[v2].key),
        State::Rejected { by_strategy: false }
    );
    undo_reject.apply(&mut changed).unwrap();
    undo_accept.apply(&mut changed).unwrap();
    assert_eq!(changed, gold);
}

#[test]
fn a_gold_copy_of_other_documents_is_refused() {
    let projects = three();
    let other = vec![copy_of(&base(), &[(0, 5, "claim", "")]), copy_of(&base(), &[])];
    let gold = curation::curate(&panel(&other), sources(2), Strategy::Majority, None)
        .unwrap()
        .gold;
    let error = curation::curate(&panel(&projects), sources(3), Strategy::Majority, Some(gold)).unwrap_err();
    assert_eq!(
        error,
        CurationError::OtherDocuments(projects[0].documents()[0].id.clone())
    );
}

// ----- through the binary -----

/// The copies written as files in a temporary folder.
struct Class {
    folder: tempfile::TempDir,
}

impl Class {
    fn new(projects: &[(&str, &Project)]) -> Self {
        let folder = tempfile::tempdir().unwrap();
        for (name, project) in projects {
            project_file::save(project, &folder.path().join(format!("{name}.ron"))).unwrap();
        }
        Self { folder }
    }

    fn three() -> Self {
        let projects = three();
        Self::new(&[
            ("alice", &projects[0]),
            ("bob", &projects[1]),
            ("carol", &projects[2]),
        ])
    }

    fn path(&self, name: &str) -> String {
        self.folder.path().join(name).display().to_string()
    }

    /// `marginalia curate` with these copies (by stem) and options; the gold copy is gold.ron.
    fn curate(&self, copies: &[&str], options: &[&str]) -> Run {
        let mut args = vec!["curate".to_owned()];
        args.extend(copies.iter().map(|c| self.path(&format!("{c}.ron"))));
        args.extend(["-o".to_owned(), self.path("gold.ron")]);
        args.extend(options.iter().map(|o| (*o).to_owned()));
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        marginalia(&args)
    }

    fn gold(&self) -> Project {
        project_file::load(Path::new(&self.path("gold.ron")))
            .unwrap()
            .project
    }

    fn gold_bytes(&self) -> Option<Vec<u8>> {
        std::fs::read(self.path("gold.ron")).ok()
    }
}

fn json(run: &Run) -> serde_json::Value {
    serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}: {}", run.stdout))
}

#[test]
fn the_binary_curates_under_each_strategy() {
    // (strategy option, exit code, in gold, open, disagreements)
    let cases: [(&[&str], i32, Vec<_>, Vec<_>, usize); 4] = [
        (&["--strategy", "unanimous"], 1, vec![V1], vec![V2, V3, V4], 2),
        (&[], 1, vec![V1, V2], vec![V3, V4], 2),
        (&["--strategy", "min-votes=2"], 1, vec![V1, V2], vec![V3, V4], 2),
        (&["--strategy=min-votes=1"], 0, vec![V1, V2, V3, V4], vec![], 0),
    ];
    for (options, code, gold, still_open, disagreements) in cases {
        let class = Class::three();
        let run = class.curate(&["alice", "bob", "carol"], options);
        assert_eq!(run.code, code, "{options:?}: {}{}", run.stdout, run.stderr);
        assert_eq!(in_gold(&class.gold()), spans(&gold), "{options:?}");
        assert!(
            run.stdout.contains(&format!(
                "4 version(s): {} accepted by the strategy now, 0 decision(s) kept from before, {} open",
                gold.len(),
                still_open.len()
            )),
            "{options:?}: {}",
            run.stdout
        );
        assert!(
            run.stdout
                .contains(&format!("{disagreements} disagreement(s) left")),
            "{}",
            run.stdout
        );
        if code == 1 {
            assert!(run.stderr.contains("disagreement(s) left"), "{}", run.stderr);
            assert!(run.stderr.contains("the gold copy is written"), "{}", run.stderr);
        }
        let json = json(&class.curate(&["alice", "bob", "carol"], &[&["--json"], options].concat()));
        assert_eq!(json["versions"], 4);
        assert_eq!(json["accepted_now"], 0, "resumed: nothing new");
        assert_eq!(json["kept"], gold.len());
        assert_eq!(json["open"], still_open.len());
        assert_eq!(json["disagreements"].as_array().unwrap().len(), disagreements);
    }
}

#[test]
fn the_listing_shows_each_annotators_version() {
    let class = Class::three();
    let run = class.curate(&["alice", "bob", "carol"], &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let doc_id = class.gold().documents()[0].id.to_string();
    let expected = format!(
        "\
curated 3 copies (alice, bob, carol) under majority into {gold}
4 version(s): 2 accepted by the strategy now, 0 decision(s) kept from before, 2 open; 2 annotation(s) in the gold copy
2 disagreement(s) left

1. doc ({doc_id}) 70..89  \"Comme le montre RFI\"
   alice  Source 70..89  [accepted, 2 of 3]  note: \"à recouper\"
   bob    Source 70..89  [accepted, 2 of 3]  note: \"vérifier\"
   carol  Opinion 70..88  [open, 1 of 3]  note: \"pas une source\"

2. doc ({doc_id}) 91..131  \"les déclarations déplaisent à Washington\"
   alice  Claim 91..131  [open, 1 of 3]  note: \"chiffres ?\"
   bob    (nothing here)
   carol  (nothing here)
",
        gold = class.path("gold.ron")
    );
    assert_eq!(run.stdout, expected);
    let json = json(&class.curate(&["alice", "bob", "carol"], &["--json"]));
    let first = &json["disagreements"][0];
    assert_eq!(first["document"], doc_id);
    assert_eq!(
        (first["start"].as_u64(), first["end"].as_u64()),
        (Some(70), Some(89))
    );
    assert_eq!(first["text"], "Comme le montre RFI");
    let carol = &first["annotators"][2];
    assert_eq!(carol["name"], "carol");
    assert_eq!(carol["marked"][0]["label"], "opinion");
    assert_eq!(carol["marked"][0]["state"], "open");
    assert_eq!(carol["marked"][0]["standing"], "disagree");
    assert_eq!(carol["marked"][0]["note"], "pas une source");
}

#[test]
fn the_binary_resumes_a_partly_curated_gold_copy() {
    let class = Class::three();
    assert_eq!(class.curate(&["alice", "bob", "carol"], &[]).code, 1);
    // The curator accepts V3 and rejects V4 (as the app would), and saves.
    let projects: Vec<Project> = ["alice", "bob", "carol"]
        .iter()
        .map(|n| {
            project_file::load(Path::new(&class.path(&format!("{n}.ron"))))
                .unwrap()
                .project
        })
        .collect();
    let mut gold = class.gold();
    let versions = Versions::collect(&panel(&projects));
    curation::accept(&gold, &versions, key(&versions, V3))
        .apply(&mut gold)
        .unwrap();
    curation::reject(&gold, &versions, key(&versions, V4))
        .apply(&mut gold)
        .unwrap();
    project_file::save(&gold, Path::new(&class.path("gold.ron"))).unwrap();
    let before = class.gold_bytes();

    let run = class.curate(&["alice", "bob", "carol"], &["--strategy", "min-votes=1"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.contains(
            "4 version(s): 0 accepted by the strategy now, 4 decision(s) kept from before, 0 open; 3 annotation(s) in the gold copy"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("0 disagreement(s) left"));
    assert_eq!(in_gold(&class.gold()), spans(&[V1, V2, V3]));
    let decisions = |p: &Project| p.curation().unwrap().decisions.clone();
    assert_eq!(decisions(&class.gold()), decisions(&gold));
    // Only the strategy in the record changed.
    assert_eq!(class.gold().curation().unwrap().strategy, Strategy::MinVotes(1));
    assert_ne!(class.gold_bytes(), before);
    assert!(Path::new(&class.path("gold.ron.bak")).exists());

    // Without --strategy, the recorded one is used.
    let run = class.curate(&["alice", "bob", "carol"], &["--json"]);
    assert_eq!(json(&run)["strategy"], "min-votes=1");

    // The curator deletes V2 from the gold copy: curating again does not bring it back.
    let mut gold = class.gold();
    let v2 = gold
        .annotations()
        .iter()
        .find(|a| a.label.as_str() == "source")
        .unwrap()
        .id
        .clone();
    Edit::RemoveAnnotation(v2).apply(&mut gold).unwrap();
    project_file::save(&gold, Path::new(&class.path("gold.ron"))).unwrap();
    let run = class.curate(&["alice", "bob", "carol"], &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(
            "0 accepted by the strategy now, 4 decision(s) kept from before, 0 open; 2 annotation(s)"
        )
    );
    assert_eq!(in_gold(&class.gold()), spans(&[V1, V3]));
}

#[test]
fn decide_accepts_and_rejects_from_the_command_line() {
    let class = Class::three();
    assert_eq!(class.curate(&["alice", "bob", "carol"], &[]).code, 1);
    let gold = class.path("gold.ron");
    // The copies default to the files in the curation record.
    let run = marginalia(&[
        "decide", &gold, "--range", "70..88", "--label", "Opinion", "--accept",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!(
            "accepted Opinion 70..88 (carol; it was open) in {gold}; 1 version(s) open in 1 disagreement(s)\n"
        )
    );
    let copies = [
        class.path("alice.ron"),
        class.path("bob.ron"),
        class.path("carol.ron"),
    ];
    let mut args = vec![
        "decide", &gold, "--range", "91..131", "--label", "claim", "--reject",
    ];
    args.extend(copies.iter().map(String::as_str));
    let run = marginalia(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("rejected Claim 91..131 (alice; it was open)"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.ends_with("0 version(s) open in 0 disagreement(s)\n"),
        "{}",
        run.stdout
    );
    assert_eq!(in_gold(&class.gold()), spans(&[V1, V2, V3]));
    // Curating again: all decided, exit 0; the rejected version stays out.
    let run = class.curate(&["alice", "bob", "carol"], &["--strategy", "min-votes=1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("0 accepted by the strategy now, 4 decision(s) kept from before, 0 open")
    );
    assert_eq!(in_gold(&class.gold()), spans(&[V1, V2, V3]));
    // Rejecting what the strategy accepted takes it out of the gold copy.
    let run = marginalia(&[
        "decide", &gold, "--range", "0..21", "--label", "claim", "--reject",
    ]);
    assert!(
        run.stdout.contains("it was accepted by the strategy"),
        "{}",
        run.stdout
    );
    assert_eq!(in_gold(&class.gold()), spans(&[V2, V3]));

    let before = class.gold_bytes();
    let run = marginalia(&[
        "decide", &gold, "--range", "70..80", "--label", "claim", "--accept",
    ]);
    refused(&run, 1, "no annotator marked claim 70..80");
    assert!(
        run.stderr
            .contains("the versions there: Opinion 70..88, Source 70..89"),
        "{}",
        run.stderr
    );
    refused(
        &marginalia(&["decide", &gold, "--range", "70..88", "--label", "opinion"]),
        2,
        "",
    );
    refused(
        &marginalia(&[
            "decide", &gold, "--range", "70..88", "--label", "opinion", "--accept", "--reject",
        ]),
        2,
        "",
    );
    refused(
        &marginalia(&[
            "decide", &gold, "--range", "70-88", "--label", "opinion", "--accept",
        ]),
        2,
        "START..END",
    );
    let alice = class.path("alice.ron");
    refused(
        &marginalia(&[
            "decide", &alice, "--range", "70..88", "--label", "opinion", "--accept",
        ]),
        1,
        "is not a gold copy",
    );
    assert_eq!(class.gold_bytes(), before);
}

#[test]
fn anonymous_names_hide_the_files() {
    let class = Class::three();
    for json_option in [false, true] {
        let options: &[&str] = if json_option {
            &["--anonymous", "--json"]
        } else {
            &["--anonymous"]
        };
        let run = class.curate(&["alice", "bob", "carol"], options);
        assert_eq!(run.code, 1, "{}", run.stderr);
        for name in ["alice", "bob", "carol"] {
            assert!(!run.stdout.contains(name), "{name} in {}", run.stdout);
            assert!(!run.stderr.contains(name), "{name} in {}", run.stderr);
        }
        assert!(run.stdout.contains("Annotator 3"), "{}", run.stdout);
    }
    let gold = class.gold();
    let agreed: Vec<Vec<String>> = gold
        .annotations()
        .iter()
        .map(|a| a.agreed.clone().unwrap().annotators)
        .collect();
    assert_eq!(
        agreed,
        [
            vec!["Annotator 1", "Annotator 2", "Annotator 3"],
            vec!["Annotator 1", "Annotator 2"]
        ]
    );
    let names: Vec<&str> = gold
        .curation()
        .unwrap()
        .annotators
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["Annotator 1", "Annotator 2", "Annotator 3"]);
    // Resumed without --anonymous, it stays anonymous.
    let run = class.curate(&["alice", "bob", "carol"], &["--strategy", "min-votes=1"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("stay anonymous"), "{}", run.stderr);
    assert!(!run.stdout.contains("alice"), "{}", run.stdout);
    let gold = class.gold();
    assert!(
        gold.annotations()
            .iter()
            .flat_map(|a| a.agreed.clone().unwrap().annotators)
            .all(|name| name.starts_with("Annotator "))
    );
}

/// The command fails with `code` and `message` on stderr, and writes no gold copy.
fn refused(run: &Run, code: i32, message: &str) {
    assert_eq!(run.code, code, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains(message),
        "expected {message:?} in {:?}",
        run.stderr
    );
}

#[test]
fn bad_input_is_refused_and_nothing_written() {
    let projects = three();
    let elsewhere = copy_of(
        &common::sample_project(&["Un tout autre article.".to_owned()]),
        &[],
    );
    let mut retexted = projects[1].clone();
    {
        // The same document id with another text.
        let mut document: Document = retexted.documents()[0].clone();
        document.text = IndexedText::new(format!("{TEXT} Corrigé."));
        let (project, _) = Project::from_parts(
            retexted.name.clone(),
            retexted.labels().to_vec(),
            vec![document],
            Vec::new(),
        )
        .unwrap();
        retexted = project;
    }
    let class = Class::new(&[
        ("alice", &projects[0]),
        ("bob", &projects[1]),
        ("carol", &projects[2]),
        ("elsewhere", &elsewhere),
        ("retexted", &retexted),
        ("desk", &projects[0]),
    ]);
    std::fs::write(class.path("broken.ron"), "Project(format: 5, name: ").unwrap();

    refused(
        &class.curate(&["alice", "elsewhere"], &[]),
        1,
        "shares no document",
    );
    refused(&class.curate(&["alice", "retexted"], &[]), 1, "has another text");
    let run = class.curate(&["alice", "broken", "bob"], &[]);
    refused(&run, 1, "broken.ron");
    assert!(run.stderr.contains("--skip-broken"), "{}", run.stderr);
    refused(&class.curate(&["alice", "bob", "alice"], &[]), 2, "given twice");
    let dotted = format!("{}/./alice.ron", class.folder.path().display());
    let run = marginalia(&[
        "curate",
        &class.path("alice.ron"),
        &dotted,
        "-o",
        &class.path("gold.ron"),
    ]);
    refused(&run, 2, "given twice");
    refused(
        &class.curate(&["alice", "bob"], &["--strategy", "most"]),
        2,
        "is not one of unanimous",
    );
    refused(
        &class.curate(&["alice", "bob"], &["--strategy", "min-votes=0"]),
        2,
        "N at least 1",
    );
    refused(&class.curate(&["alice"], &[]), 2, "");
    assert_eq!(class.gold_bytes(), None, "no gold copy was written");

    // An existing project that is not a gold copy is never overwritten.
    let desk = std::fs::read(class.path("desk.ron")).unwrap();
    let run = marginalia(&[
        "curate",
        &class.path("alice.ron"),
        &class.path("bob.ron"),
        "-o",
        &class.path("desk.ron"),
    ]);
    refused(&run, 1, "is not a gold copy");
    let run = marginalia(&[
        "curate",
        &class.path("alice.ron"),
        &class.path("bob.ron"),
        "-o",
        &class.path("alice.ron"),
    ]);
    refused(&run, 2, "both a copy to curate and the gold copy");
    assert_eq!(std::fs::read(class.path("desk.ron")).unwrap(), desk);
    assert!(!Path::new(&class.path("desk.ron.bak")).exists());

    // A broken file is left out with --skip-broken, and named.
    let run = class.curate(&["alice", "broken", "bob"], &["--skip-broken"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("skipped: ") && run.stderr.contains("broken.ron"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.contains("curated 2 copies (alice, bob)"),
        "{}",
        run.stdout
    );

    // A gold copy of other documents is refused, untouched.
    let before = class.gold_bytes();
    let other = Class::new(&[("x", &elsewhere), ("y", &elsewhere.clone())]);
    let run = marginalia(&[
        "curate",
        &other.path("x.ron"),
        &other.path("y.ron"),
        "-o",
        &class.path("gold.ron"),
    ]);
    refused(&run, 1, "made from other documents");
    assert_eq!(class.gold_bytes(), before);
}

#[test]
fn help_explains_strategies_resume_and_exit_status() {
    let help = cli_runner::ok(&["curate", "--help"]);
    for words in [
        "unanimous",
        "majority",
        "min-votes=N",
        "Resume",
        "curation record",
        "Exit status: 0 when every version is decided; 1 when disagreements are left",
        "marginalia decide",
    ] {
        assert!(help.contains(words), "{words:?} missing from:\n{help}");
    }
}

// ----- properties -----

fn random_copies() -> impl proptest::strategy::Strategy<Value = Vec<Vec<Mark>>> {
    let labels = prop::sample::select(vec!["claim", "source", "opinion"]);
    let mark = (0usize..120, 1usize..30, labels)
        .prop_map(|(start, len, label)| (start, (start + len).min(140), label, ""));
    prop::collection::vec(prop::collection::vec(mark, 0..10), 2..5)
}

/// Accepted (in the record) by a strategy on fresh copies.
fn accepted(panel: &Panel, count: usize, strategy: Strategy) -> Vec<VersionKey> {
    let curated = curation::curate(panel, sources(count), strategy, None).unwrap();
    let mut keys: Vec<VersionKey> = curated
        .versions
        .versions
        .iter()
        .filter(|v| curation::state(&curated.gold, &v.key) != State::Open)
        .map(|v| v.key.clone())
        .collect();
    keys.sort();
    keys
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn every_version_is_in_gold_open_or_rejected_exactly_once(
        marks in random_copies(),
        decisions in prop::collection::vec((any::<prop::sample::Index>(), any::<bool>()), 0..6),
        strategies in (0usize..3, 0usize..3),
    ) {
        let base = base();
        let projects: Vec<Project> = marks.iter().map(|m| copy_of(&base, m)).collect();
        let panel = panel(&projects);
        let all = [Strategy::Unanimous, Strategy::Majority, Strategy::MinVotes(1)];
        let curated = curation::curate(&panel, sources(projects.len()), all[strategies.0], None).unwrap();
        let (mut gold, versions) = (curated.gold, curated.versions);
        // The curator decides a few versions, as the app would.
        let mut decided = Vec::new();
        for (index, accept) in &decisions {
            if versions.versions.is_empty() {
                break;
            }
            let v = index.index(versions.versions.len());
            let edit = if *accept {
                curation::accept(&gold, &versions, v)
            } else {
                curation::reject(&gold, &versions, v)
            };
            edit.apply(&mut gold).unwrap();
            decided.retain(|(d, _)| *d != v);
            decided.push((v, *accept));
        }
        let again = curation::curate(&panel, sources(projects.len()), all[strategies.1], Some(gold.clone())).unwrap();
        let gold_keys: Vec<VersionKey> = again.gold.annotations().iter().map(VersionKey::of).collect();
        for (i, version) in again.versions.versions.iter().enumerate() {
            let state = curation::state(&again.gold, &version.key);
            let in_gold = gold_keys.iter().filter(|k| **k == version.key).count();
            match state {
                State::Accepted { .. } => prop_assert_eq!(in_gold, 1),
                State::Open | State::Rejected { .. } => prop_assert_eq!(in_gold, 0),
            }
            // Decisions made before the second run are kept.
            if let Some((_, accept)) = decided.iter().find(|(d, _)| *d == i) {
                prop_assert_eq!(state, if *accept {
                    State::Accepted { by_strategy: false }
                } else {
                    State::Rejected { by_strategy: false }
                });
            }
            if state == State::Open {
                prop_assert!(!all[strategies.1].accepts(version.votes.len(), version.present));
            }
        }
        // Nothing in gold that no annotator marked.
        prop_assert_eq!(gold_keys.len(), again.gold.annotations().len());
        prop_assert!(gold_keys.iter().all(|k| again.versions.find(k).is_some()));
        prop_assert_eq!(again.kept + again.accepted_now, again.gold.curation().unwrap().decisions.len());
    }

    #[test]
    fn stricter_strategies_accept_less(marks in random_copies()) {
        let base = base();
        let projects: Vec<Project> = marks.iter().map(|m| copy_of(&base, m)).collect();
        let panel = panel(&projects);
        let n = projects.len();
        let unanimous = accepted(&panel, n, Strategy::Unanimous);
        let majority = accepted(&panel, n, Strategy::Majority);
        let any = accepted(&panel, n, Strategy::MinVotes(1));
        let two = accepted(&panel, n, Strategy::MinVotes(2));
        prop_assert!(unanimous.iter().all(|k| majority.contains(k)));
        prop_assert!(majority.iter().all(|k| any.contains(k)));
        prop_assert!(two.iter().all(|k| any.contains(k)));
        prop_assert_eq!(any.len(), Versions::collect(&panel).versions.len());
    }
}
