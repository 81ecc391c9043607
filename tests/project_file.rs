//! The project file: round trips, deterministic bytes, atomic saves, and clear errors on bad input.

mod common;

use std::path::Path;

use common::{edit_spec, sample_project, unicode_text, with_random_edits};
use marginalia::io::project_file::{self, ProjectFileError, backup_path, from_ron, to_ron};
use marginalia::model::{
    Block, BlockKind, DocLink, Edit, FieldDef, Inline, InlineKind, Link, Project, Settings,
};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn save_then_load_gives_back_an_equal_project_and_identical_bytes(
        texts in prop::collection::vec(unicode_text(), 1..3),
        specs in prop::collection::vec(edit_spec(), 0..30),
    ) {
        let project = with_random_edits(sample_project(&texts), &specs);
        let text = to_ron(&project);
        let loaded = from_ron(&text, Path::new("p.ron")).unwrap();
        prop_assert!(loaded.warnings.is_empty(), "{:?}", loaded.warnings);
        prop_assert_eq!(&loaded.project, &project);
        prop_assert_eq!(to_ron(&loaded.project), text);
    }
}

fn one_annotation_project() -> Project {
    let mut project = sample_project(&["Contre vents et marées.\r\nLe Niger 😀 et la Russie.".to_owned()]);
    let document = project.documents()[0].clone();
    let range = document.text.find_all("Le Niger")[0];
    let annotation = common::annotation(&document, range, "claim", "note « é »", 1);
    Edit::AddAnnotation(annotation).apply(&mut project).unwrap();
    project
}

#[test]
fn the_file_reads_as_documented() {
    let text = to_ron(&one_annotation_project());
    for expected in [
        "Project(\n    format: 5,\n",
        "name: \"Échantillon « test »\"",
        "color: \"#E69F00\"",
        "hotkey: Some(\"1\")",
        "text: \"Contre vents et marées.\\r\\nLe Niger 😀 et la Russie.\"",
        "start: 25, end: 33,",
        "exact: \"Le Niger\"",
        "created: \"2023-11-14T22:13:21Z\"",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    assert!(!text.contains('\r'), "line endings inside the text are escaped");
    assert!(text.ends_with(")\n"));
}

#[test]
fn save_is_atomic_and_keeps_a_backup() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("p.ron");
    let first = one_annotation_project();
    project_file::save(&first, &path).unwrap();
    assert!(!backup_path(&path).exists());
    let mut second = first.clone();
    second.name = "renamed".into();
    project_file::save(&second, &path).unwrap();
    assert_eq!(project_file::load(&path).unwrap().project, second);
    assert_eq!(project_file::load(&backup_path(&path)).unwrap().project, first);
    let leftovers: Vec<_> = std::fs::read_dir(folder.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_save_into_a_missing_folder_fails_and_names_the_file() {
    let error =
        project_file::save(&one_annotation_project(), Path::new("/nonexistent/dir/p.ron")).unwrap_err();
    assert!(
        error
            .to_string()
            .starts_with("/nonexistent/dir/p.ron: cannot save"),
        "{error}"
    );
}

/// Each broken file, and what the message must say.
#[test]
fn broken_files_are_refused_with_file_line_and_column() {
    let project = one_annotation_project();
    let good = to_ron(&project);
    let document_id = project.documents()[0].id.to_string();
    let second_label = good
        .find("Label(")
        .and_then(|first| good[first + 1..].find("Label(").map(|i| i + first + 1))
        .unwrap();
    let cases: Vec<(String, &str)> = vec![
        (good[..good.len() / 2].to_owned(), "p.ron:"),
        (good.replacen("start: 25", "start: \"25\"", 1), "p.ron:"),
        (
            good.replacen("format: 5,", "format: 5,\n    colour: 3,", 1),
            "p.ron:3:5: Unexpected field named `colour`",
        ),
        (
            good.replacen("format: 5,", "format: 7,", 1),
            "project format 7, by a newer Marginalia; this version reads format 5",
        ),
        (
            good.replacen("format: 5,", "format: 0,", 1),
            "format 0 is not a format Marginalia ever wrote",
        ),
        (
            good.replacen("color: \"#E69F00\"", "color: \"orange\"", 1),
            "colour \"orange\" is not of the form #RRGGBB",
        ),
        (
            good.replacen("id: \"source\"", "id: \"claim\"", 1),
            "the id claim is used twice",
        ),
        (
            good.replacen("label: \"claim\"", "label: \"rumour\"", 1),
            "there is no label rumour",
        ),
        (
            good.replacen(&format!("document: \"{document_id}\""), "document: \"d-x\"", 1),
            "there is no document d-x",
        ),
        (
            format!(
                "{}hotkey: Some(\"1\"){}",
                &good[..second_label],
                &good[second_label..]
            )
            .replacen("hotkey: Some(\"2\"),", "", 1),
            "hotkey",
        ),
        ("[".repeat(10_000), "p.ron:1:"),
        (String::new(), "p.ron:1:1:"),
    ];
    for (text, expected) in cases {
        let error = from_ron(&text, Path::new("p.ron"))
            .map(|_| ())
            .expect_err(expected)
            .to_string();
        assert!(error.contains(expected), "expected {expected:?} in {error:?}");
    }
}

#[test]
fn problems_found_after_parsing_point_at_their_line() {
    let good = to_ron(&one_annotation_project());
    let text = good.replacen("label: \"claim\", note", "label: \"rumour\", note", 1);
    let line = text
        .lines()
        .position(|l| l.contains("label: \"rumour\""))
        .unwrap()
        + 1;
    let Err(ProjectFileError::Invalid { line: reported, .. }) = from_ron(&text, Path::new("p.ron")) else {
        panic!("expected an invalid-project error");
    };
    assert_eq!(reported, line);
}

#[test]
fn ranges_that_disagree_with_their_quote_are_reanchored_or_orphaned_never_dropped() {
    let good = to_ron(&one_annotation_project());
    let stored = "start: 25, end: 33,";
    assert!(good.contains(stored));
    // (stored range, quote, expected range, expected orphaned, expected warning)
    let cases = [
        ("start: 25, end: 33,", "Le Niger", (25, 33), false, false),
        ("start: 900, end: 908,", "Le Niger", (25, 33), false, true),
        ("start: 30, end: 20,", "Le Niger", (25, 33), false, true),
        ("start: 25, end: 33,", "la Russie", (39, 48), false, true),
        ("start: 25, end: 33,", "le Mali", (25, 33), true, true),
    ];
    for (range, quote, expected, orphaned, warned) in cases {
        let text = good.replacen(stored, range, 1).replacen(
            "exact: \"Le Niger\"",
            &format!("exact: \"{quote}\""),
            1,
        );
        let loaded = from_ron(&text, Path::new("p.ron")).unwrap();
        let annotation = &loaded.project.annotations()[0];
        assert_eq!((annotation.start, annotation.end), expected, "{range} {quote}");
        assert_eq!(annotation.orphaned, orphaned, "{range} {quote}");
        assert_eq!(!loaded.warnings.is_empty(), warned, "{:?}", loaded.warnings);
        // What was repaired stays repaired, silently, through a save and a load.
        let again = from_ron(&to_ron(&loaded.project), Path::new("p.ron")).unwrap();
        assert_eq!(again.project, loaded.project);
        assert!(again.warnings.is_empty(), "{:?}", again.warnings);
    }
}

#[test]
fn files_that_are_not_projects_are_refused() {
    let folder = tempfile::tempdir().unwrap();
    let binary = folder.path().join("image.ron");
    std::fs::write(&binary, b"\x89PNG\r\n\x1a\n\0\0\xff\xfe").unwrap();
    let error = project_file::load(&binary).unwrap_err().to_string();
    assert!(error.contains("image.ron: not a project file"), "{error}");
    let missing = project_file::load(&folder.path().join("missing.ron"))
        .unwrap_err()
        .to_string();
    assert!(missing.contains("missing.ron: cannot read"), "{missing}");
}

#[test]
fn fields_settings_and_links_survive_save_and_load() {
    let mut project = one_annotation_project();
    let claim = project.annotations()[0].clone();
    let mut source = claim.clone();
    source.id = "a-source".into();
    source.label = "source".into();
    let time = common::timestamp(9);
    let mut settings = project.settings.clone();
    settings.publisher = "Vérif « Sahel »".into();
    settings.rating_scale.push("Satire".into());
    let edits = [
        Edit::AddAnnotation(source.clone()),
        Edit::SetSettings(settings),
        Edit::SetField {
            annotation_id: claim.id.clone(),
            key: "verdict".into(),
            value: Some("Satire".into()),
            modified: time,
        },
        Edit::SetField {
            annotation_id: claim.id.clone(),
            key: "claimant".into(),
            value: Some("Le ministre \"X\"".into()),
            modified: time,
        },
        Edit::AddLink(Link::new(claim.id.clone(), source.id.clone(), "supported by")),
    ];
    for edit in edits {
        edit.apply(&mut project).unwrap();
    }
    let text = to_ron(&project);
    let loaded = from_ron(&text, Path::new("p.ron")).unwrap();
    assert_eq!(loaded.project, project);
    assert_eq!(to_ron(&loaded.project), text);
    assert!(
        text.contains("fields: {\"claimant\": \"Le ministre \\\"X\\\"\", \"verdict\": \"Satire\"}"),
        "{text}"
    );

    // A link to an annotation that is not there is refused at the line that names it.
    let broken = text.replacen("to: \"a-source\"", "to: \"a-gone\"", 1);
    let error = from_ron(&broken, Path::new("p.ron"))
        .map(drop)
        .unwrap_err()
        .to_string();
    let line = broken.lines().position(|l| l.contains("a-gone")).unwrap() + 1;
    assert!(error.starts_with(&format!("p.ron:{line}:")), "{error}");
    assert!(error.contains("there is no annotation a-gone"), "{error}");
}

#[test]
fn format_1_files_load_with_the_claim_fields_added() {
    // A format 1 file: no settings, links or label fields.
    let text = r##"Project(
    format: 1,
    name: "Old",
    labels: [
        Label(id: "claim", name: "Claim", color: "#E69F00", hotkey: Some("1"), description: ""),
        Label(id: "source", name: "Source", color: "#56B4E9", hotkey: Some("2"), description: ""),
    ],
    documents: [],
    annotations: [],
)
"##;
    let loaded = from_ron(text, Path::new("old.ron")).unwrap();
    let project = &loaded.project;
    assert_eq!(
        project.find_label("claim").unwrap().fields,
        FieldDef::claim_fields()
    );
    assert!(project.find_label("source").unwrap().fields.is_empty());
    assert_eq!(project.settings, Settings::default());
    assert!(to_ron(project).starts_with("Project(\n    format: 5,\n"));
}

/// A file of every earlier format, each with a document, a link in it and an annotation.
fn earlier_format(format: u32) -> String {
    let settings = if format >= 2 {
        "    settings: Settings(),\n"
    } else {
        ""
    };
    let links = if format >= 2 { "    links: [],\n" } else { "" };
    format!(
        r##"Project(
    format: {format},
    name: "Old",
{settings}    labels: [
        Label(id: "claim", name: "Claim", color: "#E69F00", hotkey: Some("1"), description: ""),
    ],
    documents: [
        Document(id: "d-1", title: "Niger", sha256: "", text: "Niger\n\nLe Niger et la Russie.", links: [DocLink(start: 10, end: 15, url: "https://x.org")]),
    ],
    annotations: [
        Annotation(id: "a-1", document: "d-1", start: 7, end: 15, quote: Quote(exact: "Le Niger", prefix: "Niger\n\n", suffix: " et la Russie."), label: "claim", note: "", created: "2024-01-01T00:00:00Z", modified: "2024-01-01T00:00:00Z"),
    ],
{links})
"##
    )
}

#[test]
fn every_earlier_format_loads_without_structure_and_saves_as_the_current_one() {
    for format in 1..project_file::FORMAT_VERSION {
        let text = earlier_format(format);
        let loaded =
            from_ron(&text, Path::new("old.ron")).unwrap_or_else(|e| panic!("format {format}: {e}\n{text}"));
        assert!(
            loaded.warnings.is_empty(),
            "format {format}: {:?}",
            loaded.warnings
        );
        let project = &loaded.project;
        let document = &project.documents()[0];
        assert!(
            document.blocks.is_empty() && document.inlines.is_empty(),
            "format {format}"
        );
        assert_eq!(document.text.as_str(), "Niger\n\nLe Niger et la Russie.");
        assert_eq!(
            document.links[0],
            DocLink {
                start: 10,
                end: 15,
                url: "https://x.org".into()
            }
        );
        assert_eq!(
            project.annotations()[0].quote.exact,
            "Le Niger",
            "format {format}"
        );
        let saved = to_ron(project);
        assert!(saved.starts_with("Project(\n    format: 5,\n"), "{saved}");
        assert!(!saved.contains("blocks") && !saved.contains("inlines"), "{saved}");
        assert_eq!(from_ron(&saved, Path::new("p.ron")).unwrap().project, *project);
    }
}

#[test]
fn the_demo_project_still_loads() {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/niger-russie.ron");
    let loaded = project_file::load(&demo).unwrap();
    assert!(!loaded.project.documents().is_empty());
}

#[test]
fn document_structure_round_trips_byte_identically() {
    let mut document = one_annotation_project().documents()[0].clone();
    document.blocks = vec![
        Block {
            kind: BlockKind::Title,
            start: 0,
            end: 23,
        },
        Block {
            kind: BlockKind::Heading(2),
            start: 25,
            end: 49,
        },
    ];
    document.inlines = vec![
        Inline {
            kind: InlineKind::Emphasis,
            start: 7,
            end: 12,
        },
        Inline {
            kind: InlineKind::Strong,
            start: 28,
            end: 33,
        },
    ];
    let mut fresh = Project::new("Structure");
    Edit::AddDocument {
        position: 0,
        document,
    }
    .apply(&mut fresh)
    .unwrap();
    let text = to_ron(&fresh);
    for expected in [
        "blocks: [Block(kind: Title, start: 0, end: 23), Block(kind: Heading(2), start: 25, end: 49)]",
        "inlines: [Inline(kind: Emphasis, start: 7, end: 12), Inline(kind: Strong, start: 28, end: 33)]",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
    let loaded = from_ron(&text, Path::new("p.ron")).unwrap();
    assert_eq!(loaded.project, fresh);
    assert_eq!(to_ron(&loaded.project), text);
}
