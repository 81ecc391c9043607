//! Curating in the app: File › Curate… reads three annotators' copies into a new gold copy, the
//! curation view walks the disagreements from the keyboard (Tab, Up/Down, A accepts, R rejects),
//! every decision is undoable, annotators can be anonymised, and a saved gold copy resumes with
//! its decisions kept.

#[path = "common/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable;
use harness::{App, app};
use marginalia::io::project_file;
use marginalia::model::anchor::Quote;
use marginalia::model::copies::{Copy, Panel};
use marginalia::model::curation::{self, Source, State, Strategy, VersionKey};
use marginalia::model::{Annotation, AnnotationId, CharRange, Document, Edit, LabelId, Project};
use marginalia::ui::Session;
use marginalia::ui::command::{Command, CurationRequest};

const TEXT: &str = "Le Niger a signé un accord avec la Russie. Le ministre parle demain à Niamey. Les experts doutent de tout.";
const FIRST: &str = "Le Niger a signé un accord avec la Russie.";
const SECOND: &str = "Le ministre parle demain à Niamey.";
const THIRD: &str = "Les experts doutent de tout.";

/// The code-point range of `quote` in the text.
fn span(quote: &str) -> CharRange {
    let byte = TEXT.find(quote).unwrap();
    let start = TEXT[..byte].chars().count();
    CharRange::new(start, start + quote.chars().count())
}

fn mark(project: &mut Project, quote: &str, label: &str, note: &str) {
    let document = &project.documents()[0];
    let range = span(quote);
    let time = marginalia::model::annotation::now();
    let annotation = Annotation {
        id: AnnotationId::generate(),
        document: document.id.clone(),
        start: range.start,
        end: range.end,
        quote: Quote::capture(&document.text, range).unwrap(),
        label: LabelId::from(label),
        note: note.into(),
        orphaned: false,
        review: None,
        agreed: None,
        fields: Default::default(),
        created: time,
        modified: time,
    };
    Edit::AddAnnotation(annotation).apply(project).unwrap();
}

/// Three copies of one article. All mark the first sentence a claim; alice and bob the second
/// a claim, carol an opinion; alice the third a claim, bob an opinion, carol nothing. Under the
/// majority two disagreements stay open: the second sentence (carol's opinion) and the third.
fn copies() -> Vec<(&'static str, Project)> {
    // One document for every call, as the annotators all got the same file.
    static ARTICLE: std::sync::LazyLock<Document> =
        std::sync::LazyLock::new(|| Document::new("Article", TEXT));
    let mut base = Project::new("Desk");
    Edit::AddDocument {
        position: 0,
        document: ARTICLE.clone(),
    }
    .apply(&mut base)
    .unwrap();
    let (mut alice, mut bob, mut carol) = (base.clone(), base.clone(), base);
    for copy in [&mut alice, &mut bob, &mut carol] {
        mark(copy, FIRST, "claim", "");
    }
    mark(&mut alice, SECOND, "claim", "he says so");
    mark(&mut bob, SECOND, "claim", "");
    mark(&mut carol, SECOND, "opinion", "sounds like a view");
    mark(&mut alice, THIRD, "claim", "check this");
    mark(&mut bob, THIRD, "opinion", "an opinion");
    vec![("alice", alice), ("bob", bob), ("carol", carol)]
}

/// The copies saved in a folder, as `alice.ron`, `bob.ron`, `carol.ron`.
fn saved(folder: &Path) -> Vec<PathBuf> {
    copies()
        .into_iter()
        .map(|(name, project)| {
            let path = folder.join(format!("{name}.ron"));
            project_file::save(&project, &path).unwrap();
            path
        })
        .collect()
}

fn request(paths: &[PathBuf], anonymous: bool) -> CurationRequest {
    CurationRequest {
        copies: paths.iter().map(|p| (p.clone(), None)).collect(),
        strategy: Strategy::Majority,
        anonymous,
        resume: false,
    }
}

/// Runs frames until the copies are read and the result is in.
fn wait_for_copies(harness: &mut App) {
    // The command (or click) starts the reading on the next frame.
    harness.step();
    harness::step_until(harness, "the copies are still being read", |h| {
        !h.state().reading_copies()
    });
}

fn start(request: CurationRequest) -> App {
    let mut harness = app(Session::new(Project::new("Untitled"), None));
    harness.state_mut().queue(Command::StartCuration(request));
    wait_for_copies(&mut harness);
    harness
}

fn key(harness: &mut App, modifiers: Modifiers, key: Key) {
    harness.key_press_modifiers(modifiers, key);
    harness.run();
}

/// The chosen version's label and text.
fn chosen(harness: &App) -> (String, CharRange) {
    let version = harness
        .state()
        .chosen_version()
        .expect("the curation view is shown");
    (version.key.label.to_string(), version.key.range())
}

fn key_of(label: &str, quote: &str, harness: &App) -> VersionKey {
    let document = &harness.state().session.project.documents()[0];
    let range = span(quote);
    VersionKey {
        document: document.id.clone(),
        start: range.start,
        end: range.end,
        label: LabelId::from(label),
    }
}

fn state_of(harness: &App, key: &VersionKey) -> State {
    curation::state(&harness.state().session.project, key)
}

#[test]
fn accepting_and_rejecting_from_the_keyboard_then_undoing_both() {
    let folder = tempfile::tempdir().unwrap();
    let paths = saved(folder.path());
    let mut harness = start(request(&paths, false));

    // A new, unsaved gold copy with what the majority agreed on.
    let app = harness.state();
    assert_eq!(app.session.project.name, "Desk (gold)");
    assert!(app.session.path.is_none());
    assert!(
        app.session.is_dirty(),
        "a new gold copy must not be lost on closing"
    );
    assert_eq!(app.session.project.annotations().len(), 2);
    let record = app.session.project.curation().unwrap();
    assert_eq!(record.annotators.len(), 3);
    assert_eq!(record.annotators[0].name, "alice");
    // The view opens on the first open disagreement: carol's opinion on the second sentence.
    harness.get_by_label("Disagreement 1 of 2 · 3 version(s) open");
    harness.get_by_label("Curating: 3 open");
    assert_eq!(chosen(&harness), ("opinion".into(), span(SECOND)));
    harness.get_by_label("1 of 3: carol");
    harness.get_by_label("· carol: sounds like a view");

    // Tab: the third sentence, alice's claim first; Down: bob's opinion.
    key(&mut harness, Modifiers::NONE, Key::Tab);
    harness.get_by_label("Disagreement 2 of 2 · 3 version(s) open");
    assert_eq!(chosen(&harness), ("claim".into(), span(THIRD)));
    key(&mut harness, Modifiers::NONE, Key::ArrowDown);
    assert_eq!(chosen(&harness), ("opinion".into(), span(THIRD)));

    // A accepts bob's opinion into the gold copy, with who agreed.
    key(&mut harness, Modifiers::NONE, Key::A);
    let opinion = key_of("opinion", THIRD, &harness);
    let gold = &harness.state().session.project;
    let accepted = curation::in_gold(gold, &opinion).expect("accepted into the gold copy");
    let agreed = accepted.agreed.as_ref().unwrap();
    assert_eq!(
        (agreed.annotators.as_slice(), agreed.out_of),
        (&["bob".to_owned()][..], 3)
    );
    assert_eq!(accepted.note, "an opinion");
    assert_eq!(
        state_of(&harness, &opinion),
        State::Accepted { by_strategy: false }
    );
    // The choice moved to the group's other open version: alice's claim.
    assert_eq!(chosen(&harness), ("claim".into(), span(THIRD)));
    harness.get_by_label("Curating: 2 open");

    // R rejects it: recorded, not in gold; the view moves on to the other open disagreement.
    key(&mut harness, Modifiers::NONE, Key::R);
    let claim = key_of("claim", THIRD, &harness);
    assert_eq!(state_of(&harness, &claim), State::Rejected { by_strategy: false });
    assert!(curation::in_gold(&harness.state().session.project, &claim).is_none());
    assert_eq!(chosen(&harness), ("opinion".into(), span(SECOND)));
    harness.get_by_label("Disagreement 1 of 1 · 1 version(s) open");

    // Tab with one disagreement left stays on it and says so.
    key(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(chosen(&harness), ("opinion".into(), span(SECOND)));
    assert_eq!(
        harness.state().message.as_ref().map(|m| m.0.as_str()),
        Some("This is the only open disagreement")
    );

    // Ctrl+Z undoes the reject, then the accept; the view follows each.
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(state_of(&harness, &claim), State::Open);
    assert_eq!(chosen(&harness), ("claim".into(), span(THIRD)));
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(state_of(&harness, &opinion), State::Open);
    assert!(curation::in_gold(&harness.state().session.project, &opinion).is_none());
    assert_eq!(chosen(&harness), ("opinion".into(), span(THIRD)));
    harness.get_by_label("Curating: 3 open");
    // Ctrl+Y redoes the accept.
    key(&mut harness, Modifiers::COMMAND, Key::Y);
    assert!(curation::in_gold(&harness.state().session.project, &opinion).is_some());

    // Tab from the last disagreement wraps round to the first.
    key(&mut harness, Modifiers::NONE, Key::Tab);
    assert_eq!(chosen(&harness), ("opinion".into(), span(SECOND)));
    assert_eq!(
        harness.state().message.as_ref().map(|m| m.0.as_str()),
        Some("Back to the first open disagreement")
    );
    // Shift+Tab goes back.
    key(&mut harness, Modifiers::SHIFT, Key::Tab);
    assert_eq!(chosen(&harness).1, span(THIRD));

    // Deciding the rest: nothing is left open, and the view says the gold copy is complete.
    key(&mut harness, Modifiers::NONE, Key::R);
    key(&mut harness, Modifiers::NONE, Key::A);
    harness.get_by_label("No disagreement left · 0 version(s) open");
    harness.get_by_label("Curating: 0 open");

    // Esc hides the view; the status bar brings it back.
    key(&mut harness, Modifiers::NONE, Key::Escape);
    assert!(harness.state().chosen_version().is_none());
    harness.get_by_label("Curating: 0 open").click();
    harness.run();
    assert!(harness.state().chosen_version().is_some());
}

#[test]
fn annotators_can_be_shown_anonymised() {
    let folder = tempfile::tempdir().unwrap();
    let paths = saved(folder.path());
    let harness = start(request(&paths, true));
    harness.get_by_label("1 of 3: Annotator 3");
    assert!(harness.query_by_label("1 of 3: carol").is_none());
    let record = harness.state().session.project.curation().unwrap();
    let names: Vec<&str> = record.annotators.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Annotator 1", "Annotator 2", "Annotator 3"]);
    for annotation in harness.state().session.project.annotations() {
        let agreed = annotation.agreed.as_ref().unwrap();
        assert!(agreed.annotators.iter().all(|n| n.starts_with("Annotator ")));
    }
}

#[test]
fn a_broken_or_twice_given_copy_is_named_and_nothing_changes() {
    let folder = tempfile::tempdir().unwrap();
    let mut paths = saved(folder.path());
    let broken = folder.path().join("dave.ron");
    std::fs::write(&broken, "Project(format: 5, name: ").unwrap();
    let mut harness = app(Session::new(Project::new("Mine"), None));
    harness.state_mut().queue(Command::Curate);
    harness.run();

    let mut twice = paths.clone();
    twice.push(folder.path().join(".").join("bob.ron"));
    harness
        .state_mut()
        .queue(Command::StartCuration(request(&twice, false)));
    wait_for_copies(&mut harness);
    assert!(harness.query_all_by_label_contains("is given twice").count() >= 1);
    assert_eq!(harness.state().session.project.name, "Mine");

    paths.push(broken);
    harness
        .state_mut()
        .queue(Command::StartCuration(request(&paths, false)));
    wait_for_copies(&mut harness);
    assert!(harness.query_all_by_label_contains("dave.ron").count() >= 1);
    harness.get_by_label("Nothing was changed.");
    assert_eq!(harness.state().session.project.name, "Mine");
    assert!(harness.state().chosen_version().is_none());
}

/// A gold copy saved beside the copies, with the curator's rejection of carol's opinion.
fn saved_gold(folder: &Path) -> (PathBuf, Vec<PathBuf>) {
    let paths = saved(folder);
    let copies = copies();
    let lined: Vec<Copy> = copies
        .iter()
        .map(|(annotator, project)| Copy { annotator, project })
        .collect();
    let panel = Panel::line_up(&lined).unwrap();
    let sources = copies
        .iter()
        .map(|(name, _)| Source {
            name: (*name).into(),
            file: format!("{name}.ron"),
        })
        .collect();
    let curated = curation::curate(&panel, sources, Strategy::Majority, None).unwrap();
    let mut gold = curated.gold;
    let versions = curated.versions;
    let opinion = versions
        .versions
        .iter()
        .position(|v| v.key.label.as_str() == "opinion" && v.key.range() == span(SECOND))
        .unwrap();
    curation::reject(&gold, &versions, opinion)
        .apply(&mut gold)
        .unwrap();
    let path = folder.join("gold.ron");
    project_file::save(&gold, &path).unwrap();
    (path, paths)
}

#[test]
fn a_saved_gold_copy_resumes_with_its_decisions_kept_as_one_undoable_step() {
    let folder = tempfile::tempdir().unwrap();
    let (gold_path, paths) = saved_gold(folder.path());
    // Since the gold copy was made, carol marked the third sentence too.
    let (_, mut carol) = copies().pop().unwrap();
    mark(&mut carol, THIRD, "opinion", "mine too");
    project_file::save(&carol, &paths[2]).unwrap();

    let (session, _) = Session::open(&gold_path).unwrap();
    let mut harness = app(session);
    let before = harness
        .state()
        .session
        .project
        .curation()
        .unwrap()
        .decisions
        .clone();
    harness.state_mut().queue(Command::Curate);
    harness.run();
    harness.get_by_label("Resume curating this gold copy");
    // The recorded copies are listed, found beside the gold copy.
    assert_eq!(harness.query_all_by_label("not found").count(), 0);
    harness.get_by_label("Resume").click();
    wait_for_copies(&mut harness);
    assert!(
        harness.state().chosen_version().is_some(),
        "{:?}",
        harness.state().message
    );

    let opinion = key_of("opinion", SECOND, &harness);
    assert_eq!(
        state_of(&harness, &opinion),
        State::Rejected { by_strategy: false }
    );
    // Bob's and carol's opinion on the third sentence now has a majority: accepted at once.
    let third = key_of("opinion", THIRD, &harness);
    assert_eq!(state_of(&harness, &third), State::Accepted { by_strategy: true });
    let decisions = &harness.state().session.project.curation().unwrap().decisions;
    for decision in &before {
        assert!(decisions.contains(decision), "{decision:?} was kept");
    }
    // The view opens on what is still open: alice's claim on the third sentence.
    assert_eq!(chosen(&harness), ("claim".into(), span(THIRD)));
    harness.get_by_label("Disagreement 1 of 1 · 1 version(s) open");

    // One Ctrl+Z gives the gold copy back as it was.
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert_eq!(
        harness.state().session.project.curation().unwrap().decisions,
        before
    );
    assert!(curation::in_gold(&harness.state().session.project, &third).is_none());
}

#[test]
fn the_inspector_shows_who_agreed_on_a_gold_annotation() {
    let folder = tempfile::tempdir().unwrap();
    let paths = saved(folder.path());
    let mut harness = start(request(&paths, false));
    let first = harness.state().session.project.annotations()[0].id.clone();
    harness.state_mut().queue(Command::Select(Some(first)));
    harness.run();
    harness.get_by_label("Agreed: alice, bob, carol (3 of 3)");
}

#[test]
fn a_row_button_decides_its_own_version_and_reject_takes_it_out_of_the_gold_copy() {
    let folder = tempfile::tempdir().unwrap();
    let paths = saved(folder.path());
    let mut harness = start(request(&paths, false));
    // The first disagreement: alice's and bob's claim (in gold by strategy), carol's opinion.
    let claim = key_of("claim", SECOND, &harness);
    assert!(curation::in_gold(&harness.state().session.project, &claim).is_some());
    harness.get_all_by_label("Reject (R)").next().unwrap().click();
    harness.run();
    assert_eq!(state_of(&harness, &claim), State::Rejected { by_strategy: false });
    assert!(curation::in_gold(&harness.state().session.project, &claim).is_none());
    // Carol's opinion is still open and still chosen.
    assert_eq!(chosen(&harness), ("opinion".into(), span(SECOND)));
    key(&mut harness, Modifiers::COMMAND, Key::Z);
    assert!(curation::in_gold(&harness.state().session.project, &claim).is_some());
}
