//! Exchange formats against real files from other tools (`../shared/corpora`), golden files of
//! each exporter on the demo project, and export → import round trips on random projects.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use marginalia::io::formats::{
    self, ExportFormat, ExportOptions, ImportFormat, ImportOptions, ImportOutcome, OffsetUnit,
};
use marginalia::io::project_file;
use marginalia::model::{CharRange, Document, Edit, Project};

fn corpora() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora")
}

fn demo() -> Project {
    project_file::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("projects/niger-russie.ron"))
        .unwrap()
        .project
}

/// The demo without its field values and links, for tests that set their own.
fn bare_demo() -> Project {
    let mut project = demo();
    let mut edits: Vec<Edit> = project
        .links()
        .iter()
        .map(|link| Edit::RemoveLink(link.id.clone()))
        .collect();
    for annotation in project.annotations() {
        edits.extend(annotation.fields.keys().map(|key| Edit::SetField {
            annotation_id: annotation.id.clone(),
            key: key.clone(),
            value: None,
            modified: annotation.modified,
        }));
    }
    Edit::Batch(edits).apply(&mut project).unwrap();
    project
}

fn import(project: &Project, format: ImportFormat, path: &Path, offsets: OffsetUnit) -> ImportOutcome {
    let options = ImportOptions { offsets, doc: None };
    formats::import(project, format, path, &options)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// Imports into `project` and applies the edit.
fn import_into(
    project: &mut Project,
    format: ImportFormat,
    path: &Path,
    offsets: OffsetUnit,
) -> formats::ImportSummary {
    let outcome = import(project, format, path, offsets);
    if let Some(edit) = outcome.edit {
        edit.apply(project).unwrap();
    }
    outcome.summary
}

fn sorted_files(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(folder)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

/// A project with one document, for formats that do not carry the text.
fn one_document(text: &str) -> Project {
    let mut project = Project::new("W3C samples");
    Edit::AddDocument {
        position: 0,
        document: Document::new("Page", text),
    }
    .apply(&mut project)
    .unwrap();
    project
}

// ----- W3C -----

fn w3c_samples(kind: &str) -> Vec<PathBuf> {
    sorted_files(
        &corpora()
            .join("w3c-web-annotation/web-annotation-tests/tools/samples")
            .join(kind),
    )
}

#[test]
fn all_39_incorrect_w3c_samples_are_refused_with_a_message() {
    let project = one_document("this is an anotation that has some Selected Text in it");
    let samples = w3c_samples("incorrect");
    assert_eq!(samples.len(), 39);
    for sample in samples {
        let error = formats::import(&project, ImportFormat::W3c, &sample, &ImportOptions::default())
            .err()
            .unwrap_or_else(|| panic!("{} was accepted", sample.display()));
        let message = error.to_string();
        assert!(message.starts_with(&sample.display().to_string()), "{message}");
        assert!(error.place.is_some(), "{message} does not say where");
    }
}

#[test]
fn all_45_correct_w3c_samples_are_accepted_or_not_applicable() {
    let text = "this is an anotation that has some text before the Selected Text and text after it";
    let project = one_document(text);
    let samples = w3c_samples("correct");
    assert_eq!(samples.len(), 45);
    let mut with_text_selectors = Vec::new();
    for sample in &samples {
        let outcome = import(&project, ImportFormat::W3c, sample, OffsetUnit::CodePoints);
        let summary = &outcome.summary;
        let not_applicable = summary
            .skipped
            .iter()
            .filter(|s| s.reason.starts_with("not applicable"))
            .count();
        assert!(
            summary.imported > 0 || !summary.skipped.is_empty() || !summary.not_supported.is_empty(),
            "{}: neither imported nor reported: {summary}",
            sample.display()
        );
        let has_text_selector = std::fs::read_to_string(sample).unwrap().contains("Text");
        assert!(has_text_selector || not_applicable > 0 || summary.imported == 0);
        if summary.imported > 0 {
            with_text_selectors.push(sample.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    // The samples with text selectors, and how they land on the text above.
    // (anno41's position is relative to a fragment, so it is reported, not guessed.)
    assert_eq!(
        with_text_selectors,
        ["anno26.json", "anno32.json", "collection1.json"]
    );
    let quote_only = import(
        &project,
        ImportFormat::W3c,
        &samples[w3c_index(&samples, "anno26.json")],
        OffsetUnit::CodePoints,
    );
    let mut project = project;
    quote_only.edit.unwrap().apply(&mut project).unwrap();
    let annotation = &project.annotations()[0];
    assert_eq!(
        (annotation.start, annotation.end, annotation.quote.exact.as_str()),
        (11, 20, "anotation")
    );
    assert!(!annotation.orphaned);
}

fn w3c_index(samples: &[PathBuf], name: &str) -> usize {
    samples.iter().position(|s| s.ends_with(name)).unwrap()
}

#[test]
fn a_position_past_the_end_without_a_quote_is_skipped_with_its_reason() {
    let project = one_document("short");
    let sample = corpora().join("w3c-web-annotation/web-annotation-tests/tools/samples/correct/anno27.json");
    let summary = import(&project, ImportFormat::W3c, &sample, OffsetUnit::CodePoints).summary;
    assert_eq!(summary.imported, 0);
    assert!(summary.skipped[0].reason.contains("412..795"), "{summary}");
}

/// The W3C test suite's schemas, keyed by the ids they refer to each other by.
fn w3c_validator(schema_file: &str, definition: Option<&str>) -> jsonschema::Validator {
    let root = corpora().join("w3c-web-annotation/web-annotation-tests");
    let mut files: Vec<PathBuf> = sorted_files(&root.join("definitions"));
    files.extend(sorted_files(&root.join("annotations/specificResource")));
    let mut registry = jsonschema::Registry::new();
    for file in &files {
        let schema: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
        let name = file.file_name().unwrap().to_string_lossy();
        registry = registry.add(format!("json-schema:///{name}"), schema).unwrap();
    }
    let registry = registry.prepare().unwrap();
    let reference = match definition {
        Some(definition) => format!("json-schema:///{schema_file}#/definitions/{definition}"),
        None => format!("json-schema:///{schema_file}"),
    };
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft4)
        .should_validate_formats(true)
        .with_registry(&registry)
        .build(&serde_json::json!({ "$ref": reference }))
        .unwrap_or_else(|error| panic!("{reference}: {error}"))
}

#[test]
fn w3c_export_validates_against_the_w3c_schemas() {
    let mut project = bare_demo();
    // An orphaned annotation is exported with its quote only; it must still validate.
    let mut orphan = project.annotations()[0].clone();
    orphan.id = "a-orphan".into();
    orphan.orphaned = true;
    orphan.quote.exact = "no longer in the text".into();
    Edit::AddAnnotation(orphan).apply(&mut project).unwrap();
    // A link, exported as a `linking` annotation.
    let (claim, source) = (
        project.annotations()[1].id.clone(),
        project.annotations()[0].id.clone(),
    );
    Edit::AddLink(marginalia::model::Link::new(claim, source, "supported by"))
        .apply(&mut project)
        .unwrap();
    // A claim with every field: the verdict and the others are bodies too.
    let time = common::timestamp(5);
    let fields = [
        ("verdict", "Misleading"),
        ("claimant", "Observateur continental"),
        ("date", "2024-01-22"),
        ("appearance", "https://www.mondialisation.ca/niger-russie"),
        ("claimant_type", "organisation"),
        ("review_url", "https://verif.example/fc/1"),
    ];
    Edit::Batch(
        fields
            .iter()
            .map(|(key, value)| Edit::SetField {
                annotation_id: claim_with_fields(&project),
                key: (*key).into(),
                value: Some((*value).into()),
                modified: time,
            })
            .collect(),
    )
    .apply(&mut project)
    .unwrap();
    let rendered = formats::w3c::export(&project);
    let collection: serde_json::Value = serde_json::from_slice(&rendered.bytes).unwrap();
    let collection_checks = [
        ("collections.json", "annotationCollectionTypeValueFound"),
        ("collections.json", "labelFound"),
        ("collections.json", "totalFound"),
        ("collections.json", "firstRequiredIfTotalMoreThanZero"),
        ("collections.json", "contextValueFound"),
        ("id.json", "idValueFound"),
    ];
    for (file, definition) in collection_checks {
        let validator = w3c_validator(file, Some(definition));
        let target = if definition == "contextValueFound" {
            &collection["@context"]
        } else {
            &collection
        };
        assert!(validator.is_valid(target), "collection fails {file}#{definition}");
    }
    let page_checks = [
        ("collections.json", "annotationPageTypeValueFound"),
        ("collections.json", "itemsFound"),
        ("collections.json", "startIndexFound"),
    ];
    for (file, definition) in page_checks {
        assert!(
            w3c_validator(file, Some(definition)).is_valid(&collection["first"]),
            "page fails {definition}"
        );
    }
    // Each annotation: what the model requires, and every "valid if present" check.
    let annotation_checks: Vec<(&str, Option<&str>)> = vec![
        ("annotations.json", Some("annotationTypeValueFound")),
        ("id.json", Some("idValueFound")),
        ("annotations.json", Some("motivationRecognizedIfPresent")),
        ("annotations.json", Some("motivationSingularIfPresent")),
        ("otherProperties.json", Some("createdValidIfPresent")),
        ("otherProperties.json", Some("modifiedValidIfPresent")),
        ("4.2-selectorValidIfPresent.json", None),
        ("4.2.4-textQuoteSelectorValid.json", None),
        ("4.2.4-textQuoteSelector.json", None),
        ("4.2-selectorFound.json", None),
    ];
    let items = collection["first"]["items"].as_array().unwrap();
    assert_eq!(items.len(), 52);
    let linking = |item: &serde_json::Value| item["motivation"] == "linking";
    assert_eq!(items.iter().filter(|i| linking(i)).count(), 1);
    for (file, definition) in annotation_checks {
        let validator = w3c_validator(file, definition);
        // A link targets an annotation, not text: the selector checks are not for it.
        let about_selectors = file.starts_with("4.2");
        for item in items.iter().filter(|i| !(about_selectors && linking(i))) {
            let errors: Vec<String> = validator.iter_errors(item).map(|e| e.to_string()).collect();
            assert!(
                errors.is_empty(),
                "{} fails {file}#{definition:?}: {errors:?}",
                item["id"]
            );
        }
    }
    // The target, and each body, as the resources the model allows.
    let targets = w3c_validator("bodyTarget.json", Some("targetResourcesFound"));
    let target_keys = w3c_validator("bodyTarget.json", Some("optionalTargetPropertiesMust"));
    let bodies = w3c_validator("bodyTarget.json", Some("bodyResourcesFound"));
    let body_keys = w3c_validator("bodyTarget.json", Some("optionalBodyPropertiesMust"));
    let purposes = w3c_validator("otherProperties.json", Some("purposeRecognizedIfPresent"));
    for item in items {
        let validators = if linking(item) {
            vec![&targets]
        } else {
            vec![&targets, &target_keys]
        };
        for validator in validators {
            let errors: Vec<String> = validator
                .iter_errors(&item["target"])
                .map(|e| e.to_string())
                .collect();
            assert!(errors.is_empty(), "{} target: {errors:?}", item["id"]);
        }
        for body in item["body"].as_array().unwrap() {
            assert!(
                bodies.is_valid(body) && body_keys.is_valid(body) && purposes.is_valid(body),
                "{} body {body}",
                item["id"]
            );
        }
    }
    let claim = format!("urn:marginalia:annotation:{}", claim_with_fields(&project));
    let claim = items.iter().find(|i| i["id"] == claim.as_str()).unwrap();
    let field_bodies: Vec<(&str, &str, &str)> = claim["body"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b.get("schema:propertyID").is_some())
        .map(|b| {
            (
                b["purpose"].as_str().unwrap(),
                b["schema:propertyID"].as_str().unwrap(),
                b["value"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(field_bodies.len(), fields.len());
    assert_eq!(field_bodies[0], ("assessing", "verdict", "Misleading"));
    assert!(
        field_bodies[1..]
            .iter()
            .all(|(purpose, _, _)| *purpose == "describing")
    );
    let positions = w3c_validator("4.2.5-textPositionSelector.json", None);
    let placed = items.iter().filter(|item| positions.is_valid(item)).count();
    assert_eq!(
        placed, 50,
        "every annotation but the orphan has a TextPositionSelector"
    );
}

/// The demo's second claim, which the tests give fields.
fn claim_with_fields(project: &Project) -> marginalia::model::AnnotationId {
    project
        .annotations()
        .iter()
        .filter(|a| a.label.as_str() == "claim" && !a.orphaned)
        .nth(1)
        .unwrap()
        .id
        .clone()
}

// ----- brat -----

fn brat_folder() -> PathBuf {
    corpora().join("brat-standoff-examples/tutorials-news")
}

#[test]
fn brat_examples_import_with_every_offset_slicing_to_its_text() {
    for ann in sorted_files(&brat_folder())
        .into_iter()
        .filter(|p| p.extension().unwrap() == "ann")
    {
        let mut project = Project::new("brat");
        let summary = import_into(&mut project, ImportFormat::Brat, &ann, OffsetUnit::CodePoints);
        let source = std::fs::read_to_string(&ann).unwrap();
        let t_lines: Vec<&str> = source.lines().filter(|l| l.starts_with('T')).collect();
        assert_eq!(summary.imported, t_lines.len(), "{}: {summary}", ann.display());
        assert_eq!(
            (summary.reanchored, summary.orphaned, summary.skipped.len()),
            (0, 0, 0),
            "{summary}"
        );
        for line in t_lines {
            let fields: Vec<&str> = line.split('\t').collect();
            let mut words = fields[1].split(' ');
            let kind = words.next().unwrap();
            let start: usize = words.next().unwrap().parse().unwrap();
            let end: usize = words.next().unwrap().parse().unwrap();
            let found = project
                .annotations()
                .iter()
                .find(|a| a.start == start && a.end == end && a.label.as_str() == kind)
                .unwrap_or_else(|| panic!("{line} not imported"));
            assert_eq!(found.quote.exact, fields[2], "{line}");
        }
        // Relations become links between the imported spans.
        let relations = source.lines().filter(|l| l.starts_with('R')).count();
        assert_eq!(summary.links, relations, "{}: {summary}", ann.display());
        assert_eq!(project.links().len(), relations);
    }
    // Notes, and the colours and names of visual.conf for the labels it adds.
    let mut project = Project::new("brat");
    import_into(
        &mut project,
        ImportFormat::Brat,
        &brat_folder().join("110-note_annotation.ann"),
        OffsetUnit::CodePoints,
    );
    let discworld = project
        .annotations()
        .iter()
        .find(|a| a.quote.exact == "Discworld")
        .unwrap();
    assert_eq!(discworld.note, "Should fictional places be annotated?");
    let gpe = project.find_label("GPE").unwrap();
    assert_eq!(gpe.name, "Geo-political entity");
}

#[test]
fn a_whole_brat_folder_imports_as_documents() {
    let mut project = Project::new("brat");
    let summary = import_into(
        &mut project,
        ImportFormat::Brat,
        &brat_folder(),
        OffsetUnit::CodePoints,
    );
    assert_eq!(project.documents().len(), 13, "{summary}");
    assert_eq!(summary.imported, project.annotations().len());
}

// ----- JSONL -----

#[test]
fn doccano_samples_import_with_their_offsets() {
    let folder = corpora().join("doccano");
    // (file, the (label, quote) pairs it holds, how many records or spans are skipped)
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], usize);
    let cases: [Case; 4] = [
        (
            "export-examples/sequence_labeling/example.jsonl",
            &[
                ("ORG", "EU"),
                ("MISC", "German"),
                ("PERSON", "Peter Blackburn"),
                ("PERSON", "Obama"),
            ],
            0,
        ),
        (
            "import-examples/sequence_labeling/example.jsonl",
            &[("ORG", "EU"), ("PERSON", "Peter Blackburn"), ("PERSON", "Obama")],
            0,
        ),
        (
            "export-examples/relation_extraction/example.jsonl",
            &[
                ("ORG", "Google"),
                ("DATE", "September 4, 1998"),
                ("PERSON", "Larry Page"),
                ("PERSON", "Sergey Brin"),
            ],
            0,
        ),
        // A record without text, and one span listed twice.
        (
            "test-data/sequence_labeling/example_overlapping.jsonl",
            &[("LOC", "e")],
            1,
        ),
    ];
    for (file, expected, skipped) in cases {
        let mut project = Project::new("doccano");
        let summary = import_into(
            &mut project,
            ImportFormat::Jsonl,
            &folder.join(file),
            OffsetUnit::Utf16,
        );
        let found: BTreeSet<(String, String)> = project
            .annotations()
            .iter()
            .map(|a| (a.label.to_string(), a.quote.exact.clone()))
            .collect();
        let expected: BTreeSet<(String, String)> = expected
            .iter()
            .map(|(l, q)| (l.to_string(), q.to_string()))
            .collect();
        assert_eq!(found, expected, "{file}");
        assert_eq!(summary.skipped.len(), skipped, "{file}: {summary}");
    }
    let mut project = Project::new("doccano");
    let summary = import_into(
        &mut project,
        ImportFormat::Jsonl,
        &folder.join("test-data/sequence_labeling/example.jsonl"),
        OffsetUnit::Utf16,
    );
    assert_eq!(summary.imported, 1);
    assert!(
        summary
            .skipped
            .iter()
            .any(|s| s.place.ends_with(":3") && s.reason.contains("no \"text\"")),
        "{summary}"
    );
}

#[test]
fn prodigy_spans_slice_to_their_tokens() {
    let path = corpora().join("prodigy-spacy-jsonl/annotated_news_headlines-ORG-PERSON-LOCATION-ner.jsonl");
    let mut project = Project::new("prodigy");
    let summary = import_into(&mut project, ImportFormat::Jsonl, &path, OffsetUnit::CodePoints);
    let mut expected = BTreeSet::new();
    for line in std::fs::read_to_string(&path).unwrap().lines() {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        if record["answer"] != "accept" {
            continue;
        }
        let text = record["text"].as_str().unwrap();
        let Some(spans) = record.get("spans").and_then(|s| s.as_array()) else {
            continue;
        };
        let tokens = record["tokens"].as_array().unwrap();
        for span in spans {
            let start = tokens[span["token_start"].as_u64().unwrap() as usize]["start"]
                .as_u64()
                .unwrap() as usize;
            let end = tokens[span["token_end"].as_u64().unwrap() as usize]["end"]
                .as_u64()
                .unwrap() as usize;
            let quote: String = text.chars().skip(start).take(end - start).collect();
            expected.insert((
                text.to_owned(),
                start,
                end,
                span["label"].as_str().unwrap().to_owned(),
                quote,
            ));
        }
    }
    let found: BTreeSet<(String, usize, usize, String, String)> = project
        .annotations()
        .iter()
        .map(|a| {
            let text = project.document(&a.document).unwrap().text.as_str().to_owned();
            (text, a.start, a.end, a.label.to_string(), a.quote.exact.clone())
        })
        .collect();
    assert_eq!(found.len(), summary.imported);
    assert_eq!(found, expected);
    assert!(summary.imported > 290, "{summary}");
}

// ----- Label Studio -----

#[test]
fn label_studio_samples_import_and_stale_offsets_are_flagged() {
    let folder = corpora().join("label-studio");
    let mut project = Project::new("ls");
    let summary = import_into(
        &mut project,
        ImportFormat::LabelStudio,
        &folder.join("named_entity/annotations/1.json"),
        OffsetUnit::CodePoints,
    );
    assert_eq!((summary.imported, summary.orphaned), (1, 0), "{summary}");
    let date = &project.annotations()[0];
    assert_eq!(
        (
            date.start,
            date.end,
            date.quote.exact.as_str(),
            date.label.as_str()
        ),
        (343, 354, "February 22", "Date")
    );
    // Its tasks file has the same text: the same document, and the span is already there.
    let summary = import_into(
        &mut project,
        ImportFormat::LabelStudio,
        &folder.join("named_entity/tasks.json"),
        OffsetUnit::CodePoints,
    );
    assert_eq!((summary.imported, project.documents().len()), (0, 1), "{summary}");

    // The stale copy: its quote is not in its text, so it is kept as orphaned and reported.
    let mut project = Project::new("ls");
    let summary = import_into(
        &mut project,
        ImportFormat::LabelStudio,
        &folder.join("rich_text_plain/annotations/1.json"),
        OffsetUnit::CodePoints,
    );
    assert_eq!((summary.imported, summary.orphaned), (1, 1), "{summary}");
    assert!(project.annotations()[0].orphaned);
    assert_eq!(project.annotations()[0].quote.exact, "February 22");

    // HTML regions located by XPath are not text spans.
    let summary = import(
        &project,
        ImportFormat::LabelStudio,
        &folder.join("html_document/annotations/1.json"),
        OffsetUnit::CodePoints,
    )
    .summary;
    assert_eq!((summary.imported, summary.skipped.len()), (0, 3), "{summary}");
}

// ----- refusals -----

#[test]
fn broken_files_are_refused_with_their_place_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    let project = one_document("Alpha beta gamma");
    let cases = [
        (
            ImportFormat::Jsonl,
            "a.jsonl",
            "{\"text\": \"x\", \"label\": [[0, 1, \"A\"]]}\n{\"text\": \"y\", \"label\": [[0, \"one\", \"A\"]]}\n",
            "a.jsonl:2",
        ),
        (
            ImportFormat::Jsonl,
            "b.jsonl",
            "{\"text\": \"x\"}\n{oops\n",
            "b.jsonl:2:2",
        ),
        (
            ImportFormat::Brat,
            "c.ann",
            "T1\tclaim 0 5\tAlpha\nT2\tclaim 9 3\tbeta\n",
            "c.ann:2",
        ),
        (ImportFormat::W3c, "d.json", "[]", "d.json:/"),
        (
            ImportFormat::LabelStudio,
            "e.json",
            "[{\"annotations\": []}]",
            "e.json:/0/data",
        ),
        (ImportFormat::W3c, "f.json", "\u{0}\u{1}binary", "f.json:1:1"),
    ];
    for (format, name, contents, place) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, contents).unwrap();
        let error = formats::import(&project, format, &path, &ImportOptions::default())
            .err()
            .unwrap_or_else(|| panic!("{name} accepted"));
        let message = error.to_string();
        assert!(message.contains(place), "{message} should name {place}");
    }
}

#[test]
fn offsets_that_split_a_character_are_skipped_not_guessed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("emoji.jsonl");
    // 😀 is two UTF-16 units: offset 1 falls inside it.
    std::fs::write(
        &path,
        "{\"text\": \"😀 firemen\", \"label\": [[1, 4, \"X\"], [3, 10, \"Y\"]]}\n",
    )
    .unwrap();
    let mut project = Project::new("p");
    let summary = import_into(&mut project, ImportFormat::Jsonl, &path, OffsetUnit::Utf16);
    assert_eq!(summary.imported, 1, "{summary}");
    assert_eq!(project.annotations()[0].quote.exact, "firemen");
    assert!(
        summary.skipped[0].reason.contains("inside a character"),
        "{summary}"
    );
}

// ----- CSV and HTML -----

#[test]
fn csv_neutralises_formulas_and_can_start_with_a_bom() {
    let mut project = demo();
    let mut annotation = project.annotations()[0].clone();
    annotation.note = "=HYPERLINK(\"http://evil.example\")".into();
    Edit::RemoveAnnotation(annotation.id.clone())
        .apply(&mut project)
        .unwrap();
    Edit::AddAnnotation(annotation.clone())
        .apply(&mut project)
        .unwrap();
    let options = ExportOptions {
        excel_bom: true,
        ..ExportOptions::default()
    };
    let bytes = formats::csv::export(&project, options).bytes;
    assert!(bytes.starts_with("\u{feff}id,document,".as_bytes()));
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), project.annotations().len());
    let row = rows.iter().find(|r| &r[0] == annotation.id.as_str()).unwrap();
    assert_eq!(&row[9], "'=HYPERLINK(\"http://evil.example\")");
    assert!(String::from_utf8(bytes).unwrap().contains("\r\n"));
}

/// The demo with a publisher, and fields set on its first claims (given as key, value lists).
fn demo_with_claim_fields(claims: &[&[(&str, &str)]]) -> (Project, Vec<marginalia::model::AnnotationId>) {
    let mut project = bare_demo();
    let mut settings = project.settings.clone();
    settings.publisher = "Vérif Sahel".into();
    settings.publisher_url = "https://verif.example".into();
    Edit::SetSettings(settings).apply(&mut project).unwrap();
    let ids: Vec<_> = project
        .annotations()
        .iter()
        .filter(|a| a.label.as_str() == "claim")
        .map(|a| a.id.clone())
        .collect();
    let time = common::timestamp(5);
    let mut edits = Vec::new();
    for (fields, id) in claims.iter().zip(&ids) {
        for (key, value) in *fields {
            edits.push(Edit::SetField {
                annotation_id: id.clone(),
                key: (*key).into(),
                value: Some((*value).into()),
                modified: time,
            });
        }
    }
    Edit::Batch(edits).apply(&mut project).unwrap();
    (project, ids)
}

#[test]
fn csv_has_a_column_for_every_label_field() {
    let (project, ids) = demo_with_claim_fields(&[
        &[("verdict", "False"), ("claimant", "=cmd|' /C calc'!A0")],
        &[
            ("date", "2024-01-22"),
            ("review_url", "https://verif.example/fc/2"),
        ],
    ]);
    let bytes = formats::csv::export(&project, ExportOptions::default()).bytes;
    let mut reader = csv::Reader::from_reader(&bytes[..]);
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(
        header[12..],
        [
            "verdict",
            "claimant",
            "date",
            "appearance",
            "claimant_type",
            "review_url"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(rows.iter().all(|row| row.len() == header.len()));
    let row = |id: &marginalia::model::AnnotationId| rows.iter().find(|r| &r[0] == id.as_str()).unwrap();
    let cells = |id| row(id).iter().skip(12).map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(cells(&ids[0]), ["False", "'=cmd|' /C calc'!A0", "", "", "", ""]);
    assert_eq!(
        cells(&ids[1]),
        ["", "", "2024-01-22", "", "", "https://verif.example/fc/2"]
    );
    // An annotation whose label has no field has empty cells in every field column.
    let source = project
        .annotations()
        .iter()
        .find(|a| a.label.as_str() == "source")
        .unwrap();
    assert!(row(&source.id).iter().skip(12).all(str::is_empty));
}

#[test]
fn html_report_sums_up_verdicts_and_shows_each_claims_fields_and_links() {
    let (mut project, ids) = demo_with_claim_fields(&[
        &[
            ("verdict", "Misleading"),
            ("claimant", "<b>Observateur</b>"),
            ("date", "2024-01-22"),
            ("appearance", "https://example.org/?a=1&b=\"><script>x</script>"),
        ],
        &[("verdict", "Misleading")],
        &[("verdict", "False")],
    ]);
    let source = project
        .annotations()
        .iter()
        .find(|a| a.label.as_str() == "source")
        .unwrap()
        .clone();
    Edit::AddLink(marginalia::model::Link::new(
        ids[0].clone(),
        source.id.clone(),
        "supported by",
    ))
    .apply(&mut project)
    .unwrap();
    let html = String::from_utf8(formats::html_report::export(&project).bytes).unwrap();
    let claims = ids.len();
    assert!(html.contains(&format!("Claims by verdict (3 of {claims} checked)")));
    let summary = &html[html.find("<table class=\"verdicts\"").unwrap()..html.find("</table>").unwrap()];
    for (verdict, count) in [
        ("True", 0),
        ("Mostly true", 0),
        ("Mixed", 0),
        ("Misleading", 2),
        ("False", 1),
        ("Unverifiable", 0),
        ("no verdict", claims - 3),
    ] {
        assert!(
            summary.contains(&format!("<tr><th>{verdict}</th><td>{count}</td></tr>")),
            "{verdict}: {summary}"
        );
    }
    // The summary is at the top, before the first document.
    assert!(html.find("class=\"verdicts\"").unwrap() < html.find("<article>").unwrap());
    assert_eq!(
        html.matches("<span class=\"verdict\">Misleading</span>").count(),
        2
    );
    assert!(html.contains("<dt>Claimant</dt><dd>&lt;b&gt;Observateur&lt;/b&gt;</dd>"));
    assert!(html.contains("<dt>Date</dt><dd>2024-01-22</dd>"));
    assert!(
        html.contains("<a href=\"https://example.org/?a=1&amp;b=&quot;&gt;&lt;script&gt;x&lt;/script&gt;\">")
    );
    assert!(!html.contains("<script") && !html.contains("<b>"));
    let quote = marginalia::model::text::shorten(&source.quote.exact, 80);
    let quote = html_escape::encode_text(&quote).into_owned();
    assert!(
        html.contains("<li>supported by <a href=\"#n") && html.contains(&format!("“{quote}”</a>")),
        "the link to the source is shown"
    );
}

#[test]
fn html_report_escapes_user_text_and_needs_nothing_outside() {
    let mut project = demo();
    let mut annotation = project.annotations()[0].clone();
    annotation.note = "<script>alert(1)</script>".into();
    Edit::RemoveAnnotation(annotation.id.clone())
        .apply(&mut project)
        .unwrap();
    Edit::AddAnnotation(annotation).apply(&mut project).unwrap();
    project.name = "<img src=x onerror=alert(2)>".into();
    let html = String::from_utf8(formats::html_report::export(&project).bytes).unwrap();
    assert!(!html.contains("<script"), "a note became markup");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<img"));
    for external in [" src=\"", "<link", "<iframe", "@import", "url("] {
        assert!(!html.contains(external), "the report loads {external}");
    }
    assert!(html.contains("@media print") && html.contains("name=\"viewport\""));
    // One numbered reference per annotation in the text, one note per annotation in the list.
    assert_eq!(
        html.matches("<sup class=\"ref\"").count(),
        project.annotations().len()
    );
    assert_eq!(html.matches("<li id=\"n").count(), project.annotations().len());
}

// ----- golden files -----

/// Compares an export of the demo with the file in tests/golden; `UPDATE_GOLDEN=1` rewrites it.
fn assert_golden(name: &str, actual: &[u8]) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read(&path)
        .unwrap_or_else(|_| panic!("{} is missing; run with UPDATE_GOLDEN=1", path.display()));
    assert!(
        expected == actual,
        "{} differs from the export; if the change is intended, run with UPDATE_GOLDEN=1",
        path.display()
    );
}

#[test]
fn exporters_match_their_golden_files_on_the_demo() {
    let project = demo();
    assert_golden("niger-russie.jsonld", &formats::w3c::export(&project).bytes);
    assert_golden(
        "niger-russie.csv",
        &formats::csv::export(&project, ExportOptions::default()).bytes,
    );
    assert_golden(
        "niger-russie.jsonl",
        &formats::jsonl::export(&project, OffsetUnit::CodePoints).bytes,
    );
    assert_golden(
        "niger-russie.utf16.jsonl",
        &formats::jsonl::export(&project, OffsetUnit::Utf16).bytes,
    );
    assert_golden("niger-russie.html", &formats::html_report::export(&project).bytes);
    let (files, exported, _) = formats::brat::export_files(&project);
    assert_eq!(exported, 50);
    for (name, contents) in files {
        assert_golden(&format!("niger-russie-brat/{name}"), contents.as_bytes());
    }
}

// ----- round trips -----

mod round_trip {
    use super::*;
    use marginalia::model::{Label, LabelId};
    use proptest::prelude::*;

    /// A project with the demo's labels plus one of the user's own, random documents and
    /// annotations; spans do not start or end on a line break (brat cuts them there).
    fn random_project() -> impl Strategy<Value = Project> {
        let texts = prop::collection::vec(common::unicode_text(), 1..3);
        let spans = prop::collection::vec((0usize..2, 0usize..400, 1usize..40, 0usize..5, 0usize..4), 0..25);
        (texts, spans).prop_map(|(texts, spans)| {
            let mut project = common::sample_project(&texts);
            Edit::AddLabel {
                position: 4,
                label: Label::new(
                    "l-rumour",
                    "Rumeur « infondée »",
                    marginalia::model::Color::rgb(1, 2, 3),
                    None,
                    "",
                ),
            }
            .apply(&mut project)
            .unwrap();
            let notes = [
                "",
                "à vérifier 😀",
                "<b>gras</b>, \"cité\"",
                "ligne 1\nligne 2",
                "سلام",
            ];
            for (n, (doc, start, len, label, _)) in spans.into_iter().enumerate() {
                let document = project.documents()[doc % project.documents().len()].clone();
                let chars: Vec<char> = document.text.as_str().chars().collect();
                let start = start % chars.len();
                let end = (start + len).min(chars.len());
                let breaks = |c: char| c == '\r' || c == '\n';
                if breaks(chars[start]) || breaks(chars[end - 1]) {
                    continue;
                }
                let label = project.labels()[label % project.labels().len()].id.clone();
                let repeated = project
                    .annotations_of(&document.id)
                    .iter()
                    .any(|a| (a.start, a.end, &a.label) == (start, end, &label));
                if repeated {
                    continue;
                }
                let mut annotation = common::annotation(
                    &document,
                    CharRange::new(start, end),
                    label.as_str(),
                    notes[n % notes.len()],
                    n as i64,
                );
                // Claims carry their fields; other labels now and then a value no label declares.
                if label.as_str() == "claim" && n % 4 != 3 {
                    let scale = &project.settings.rating_scale;
                    let fields = [
                        ("verdict", scale[n % scale.len()].as_str()),
                        ("claimant", notes[(n + 1) % notes.len()]),
                        ("date", "2024-01-22"),
                        ("appearance", "https://example.org/a?b=1&c=\"d\""),
                        ("claimant_type", ["person", "organisation"][n % 2]),
                        ("review_url", "https://verif.example/fc/1"),
                    ];
                    for (key, value) in fields.into_iter().skip(n % 3) {
                        annotation.fields.insert(key.into(), value.into());
                    }
                } else if n % 5 == 1 {
                    annotation
                        .fields
                        .insert("ancien champ".into(), notes[n % notes.len()].into());
                }
                let _ = Edit::AddAnnotation(annotation).apply(&mut project);
            }
            // Links between annotations of the same document (brat cannot show others).
            let ids: Vec<_> = project
                .annotations()
                .iter()
                .map(|a| (a.document.clone(), a.id.clone()))
                .collect();
            for (n, pair) in ids.windows(2).enumerate().filter(|(n, _)| n % 3 == 0) {
                if pair[0].0 == pair[1].0 {
                    let kind = project.settings.link_types[n % 3].clone();
                    let link = marginalia::model::Link::new(pair[0].1.clone(), pair[1].1.clone(), &kind);
                    Edit::AddLink(link).apply(&mut project).unwrap();
                }
            }
            project
        })
    }

    /// The links as (from quote and place, to quote and place, kind): ids change through brat.
    fn link_key(project: &Project) -> BTreeSet<(usize, usize, usize, usize, String)> {
        project
            .links()
            .iter()
            .map(|link| {
                let (from, to) = (
                    project.annotation(&link.from).unwrap(),
                    project.annotation(&link.to).unwrap(),
                );
                (from.start, from.end, to.start, to.end, link.kind.clone())
            })
            .collect()
    }

    /// The project with its annotations removed: documents and labels stay.
    fn emptied(project: &Project) -> Project {
        let mut empty = project.clone();
        let ids: Vec<_> = project.annotations().iter().map(|a| a.id.clone()).collect();
        for id in ids {
            Edit::RemoveAnnotation(id).apply(&mut empty).unwrap();
        }
        empty
    }

    fn key(project: &Project, with_note: bool) -> BTreeSet<(String, usize, usize, LabelId, String, String)> {
        project
            .annotations()
            .iter()
            .map(|a| {
                let note = if with_note { a.note.clone() } else { String::new() };
                (
                    a.document.to_string(),
                    a.start,
                    a.end,
                    a.label.clone(),
                    a.quote.exact.clone(),
                    note,
                )
            })
            .collect()
    }

    fn through(
        project: &Project,
        export: ExportFormat,
        import: ImportFormat,
        offsets: OffsetUnit,
    ) -> Project {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out");
        let options = ExportOptions {
            offsets,
            excel_bom: false,
        };
        formats::export(project, export, options, &path).unwrap();
        let mut back = emptied(project);
        let summary = import_into(&mut back, import, &path, offsets);
        assert_eq!(summary.imported, project.annotations().len(), "{summary}");
        assert!(
            summary.new_documents.is_empty() && summary.new_labels.is_empty(),
            "{summary}"
        );
        back
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]

        #[test]
        fn w3c_round_trip_is_exact(project in random_project()) {
            let back = through(&project, ExportFormat::W3c, ImportFormat::W3c, OffsetUnit::CodePoints);
            prop_assert_eq!(back.annotations(), project.annotations());
            prop_assert_eq!(link_key(&back), link_key(&project));
        }

        #[test]
        fn brat_round_trip_keeps_spans_labels_and_notes(project in random_project()) {
            let back = through(&project, ExportFormat::Brat, ImportFormat::Brat, OffsetUnit::CodePoints);
            prop_assert_eq!(key(&back, true), key(&project, true));
            prop_assert_eq!(link_key(&back), link_key(&project));
        }

        #[test]
        fn jsonl_round_trip_keeps_spans_in_every_unit(project in random_project()) {
            for unit in OffsetUnit::ALL {
                let back = through(&project, ExportFormat::Jsonl, ImportFormat::Jsonl, unit);
                prop_assert_eq!(key(&back, false), key(&project, false));
            }
        }
    }
}

// ----- ClaimReview -----

#[test]
fn claimreview_has_the_required_fields_for_each_claim_with_a_verdict() {
    let (project, claims) = demo_with_claim_fields(&[
        &[
            ("verdict", "Misleading"),
            ("claimant", "Observateur continental"),
            ("date", "2024-01-22"),
            ("appearance", "https://www.mondialisation.ca/niger-russie"),
            ("claimant_type", "organisation"),
            ("review_url", "https://verif.example/fc/niger-russie"),
        ],
        &[("verdict", "Unverifiable"), ("claimant", "Un lecteur")],
    ]);
    let reviews: serde_json::Value =
        serde_json::from_slice(&formats::claimreview::export(&project).bytes).unwrap();
    let reviews = reviews.as_array().unwrap();
    assert_eq!(reviews.len(), 2, "only claims with a verdict");
    let first = &reviews[0];
    let claim = project.annotation(&claims[0]).unwrap();
    assert_eq!(first["@context"], "https://schema.org");
    assert_eq!(first["@type"], "ClaimReview");
    assert_eq!(first["claimReviewed"], claim.quote.exact.as_str());
    assert_eq!(first["datePublished"], "2023-11-14");
    assert_eq!(
        first["author"],
        serde_json::json!({"@type": "Organization", "name": "Vérif Sahel", "url": "https://verif.example"})
    );
    let rating = &first["reviewRating"];
    assert_eq!(
        (
            rating["alternateName"].as_str(),
            rating["ratingValue"].as_u64(),
            rating["bestRating"].as_u64(),
            rating["worstRating"].as_u64()
        ),
        (Some("Misleading"), Some(2), Some(5), Some(1))
    );
    assert_eq!(rating["ratingExplanation"], claim.note.as_str());
    let item = &first["itemReviewed"];
    assert_eq!(item["@type"], "Claim");
    assert_eq!(first["url"], "https://verif.example/fc/niger-russie");
    assert_eq!(item["author"]["name"], "Observateur continental");
    assert_eq!(item["author"]["@type"], "Organization");
    assert_eq!(reviews[1]["itemReviewed"]["author"]["@type"], "Person");
    assert!(reviews[1].get("url").is_none());
    assert_eq!(item["datePublished"], "2024-01-22");
    assert_eq!(
        item["appearance"]["url"],
        "https://www.mondialisation.ca/niger-russie"
    );
    // An unrated verdict names itself without a number.
    let unrated = &reviews[1]["reviewRating"];
    assert_eq!(unrated["alternateName"], "Unverifiable");
    assert!(unrated.get("ratingValue").is_none());

    // Every key we write at the top level and in the rating is one schema.org's examples use.
    let folder = corpora().join("claimreview-schemaorg");
    let mut known_keys = BTreeSet::new();
    let mut rating_keys = BTreeSet::new();
    for example in ["extracted-eg-0324.jsonld", "extracted-eg-0325.jsonld"] {
        let example: serde_json::Value =
            serde_json::from_slice(&std::fs::read(folder.join(example)).unwrap()).unwrap();
        known_keys.extend(example.as_object().unwrap().keys().cloned());
        if let Some(rating) = example["reviewRating"].as_object() {
            rating_keys.extend(rating.keys().cloned());
        }
    }
    rating_keys.extend(["worstRating".to_owned(), "ratingExplanation".to_owned()]);
    for key in first.as_object().unwrap().keys() {
        assert!(
            known_keys.contains(key),
            "{key} is not in the schema.org examples"
        );
    }
    for key in rating.as_object().unwrap().keys() {
        assert!(rating_keys.contains(key), "reviewRating.{key}");
    }
}

#[test]
fn claimreview_warns_of_what_each_claim_lacks_and_a_complete_claim_gives_none() {
    let complete: &[(&str, &str)] = &[("verdict", "False"), ("review_url", "https://verif.example/fc/1")];
    let (mut project, ids) = demo_with_claim_fields(&[complete, &[("verdict", "Mixed")]]);
    // A verdict off the scale (the scale changed after it was given).
    let mut off_scale = project.annotation(&ids[2]).unwrap().clone();
    off_scale.fields.insert("verdict".into(), "Pants on fire".into());
    Edit::RemoveAnnotation(off_scale.id.clone())
        .apply(&mut project)
        .unwrap();
    Edit::AddAnnotation(off_scale).apply(&mut project).unwrap();
    let quote = |n: usize| {
        let quote = &project.annotation(&ids[n]).unwrap().quote.exact;
        format!("{:?}", marginalia::model::text::shorten(quote, 40))
    };
    let rendered = formats::claimreview::export(&project);
    assert_eq!(rendered.annotations, 3);
    let warnings = &rendered.warnings;
    assert!(!warnings.iter().any(|w| w.contains(&quote(0))), "{warnings:?}");
    let about = |n: usize| {
        warnings
            .iter()
            .find(|w| w.contains(&quote(n)))
            .unwrap_or_else(|| panic!("no warning names claim {n}: {warnings:?}"))
    };
    assert!(about(1).contains("review_url"), "{}", about(1));
    assert!(about(2).contains("not on the rating scale"), "{}", about(2));
    // Claims without a verdict are left out, and said to be.
    assert!(about(3).contains("no verdict"), "{}", about(3));
    assert_eq!(warnings.len(), ids.len() - 1);

    // Without a publisher, even the complete claim lacks its review's author.
    let mut unpublished = project.clone();
    let mut settings = unpublished.settings.clone();
    settings.publisher.clear();
    Edit::SetSettings(settings).apply(&mut unpublished).unwrap();
    let warnings = formats::claimreview::export(&unpublished).warnings;
    let first = warnings.iter().find(|w| w.contains(&quote(0))).unwrap();
    assert!(first.contains("publisher"), "{first}");

    // A project whose claim label predates the review's address and the claimant's type:
    // those are unset, not an error.
    let mut older = project.clone();
    let mut claim = older.label(&"claim".into()).unwrap().clone();
    claim
        .fields
        .retain(|f| !["review_url", "claimant_type"].contains(&f.key.as_str()));
    Edit::UpdateLabel(claim).apply(&mut older).unwrap();
    let rendered = formats::claimreview::export(&older);
    assert_eq!(rendered.annotations, 3);
    assert!(rendered.warnings.iter().any(|w| w.contains(&quote(1))));
}

#[test]
fn the_command_line_prints_claimreview_warnings_and_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let (project, _) = demo_with_claim_fields(&[&[("verdict", "Mixed")]]);
    let path = dir.path().join("p.ron");
    project_file::save(&project, &path).unwrap();
    let out = dir.path().join("reviews.json");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_marginalia"))
        .args(["export", path.to_str().unwrap(), "--format", "claimreview", "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr
            .lines()
            .any(|l| l.starts_with("warning: claim ") && l.contains("review_url")),
        "{stderr}"
    );
    assert!(String::from_utf8(output.stdout).unwrap().contains("warning(s)"));
}
