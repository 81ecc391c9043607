//! Helpers shared by the integration tests: random projects and edits for property tests.
#![allow(dead_code)]

use marginalia::model::{
    Annotation, AnnotationId, CharRange, Color, Document, Edit, Label, LabelId, Link, Project, Quote,
};
use proptest::prelude::*;

/// Text mixing the scripts and line endings users bring: accents, CRLF, emoji, Arabic, CJK.
pub fn unicode_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "Le Niger ",
        "marées ",
        "\r\n",
        "\n\n",
        "œil ",
        "😀",
        "👩‍👩‍👧 ",
        "سلام عليكم ",
        "中文 ",
        "Москва ",
        "e\u{301} ",
        "\"quoted\" ",
        "\\ ",
        "#",
        "a",
        ". ",
    ]);
    prop::collection::vec(pieces, 1..60).prop_map(|parts| parts.concat())
}

pub fn timestamp(seconds: i64) -> jiff::Timestamp {
    jiff::Timestamp::from_second(1_700_000_000 + seconds).unwrap()
}

/// An annotation over `range` of `document`, quote captured from the text.
pub fn annotation(document: &Document, range: CharRange, label: &str, note: &str, n: i64) -> Annotation {
    Annotation {
        id: AnnotationId::generate(),
        document: document.id.clone(),
        start: range.start,
        end: range.end,
        quote: Quote::capture(&document.text, range).unwrap_or_default(),
        label: LabelId::from(label),
        note: note.to_owned(),
        orphaned: false,
        review: None,
        agreed: None,
        fields: Default::default(),
        created: timestamp(n),
        modified: timestamp(n),
    }
}

/// A project named `name` of one document with `annotations` on it.
pub fn project_with(name: &str, document: Document, annotations: Vec<Annotation>) -> Project {
    let mut project = Project::new(name);
    Edit::AddDocument {
        position: 0,
        document,
    }
    .apply(&mut project)
    .unwrap();
    let (labels, documents) = (project.labels().to_vec(), project.documents().to_vec());
    Project::from_parts(name.to_owned(), labels, documents, annotations)
        .unwrap()
        .0
}

/// What a random edit does, resolved against the project when it is applied.
#[derive(Clone, Debug)]
pub enum EditSpec {
    Add {
        doc: usize,
        start: usize,
        len: usize,
        label: usize,
        note: String,
    },
    Remove(usize),
    Relabel(usize, usize),
    Note(usize, String),
    /// Move an annotation (SetAnchor): annotation, start, length (past the end or empty: it must fail).
    Move(usize, usize, usize),
    AddLabel(usize, String),
    RenameLabel(usize, String),
    RecolourLabel(usize, u8),
    MoveLabel(usize, usize),
    RemoveLabel {
        label: usize,
        reassign: Option<usize>,
    },
    AddDocument(String),
    RemoveDocument(usize),
    /// Set (or clear) a field: annotation, key, value.
    Field(usize, usize, Option<usize>),
    Link(usize, usize, usize),
    Unlink(usize),
}

const FIELD_KEYS: [&str; 5] = ["verdict", "claimant", "date", "appearance", "nope"];
const FIELD_VALUES: [&str; 6] = [
    "False",
    "Mostly true",
    "2024-01-22",
    "https://example.org/a",
    "bad value",
    "Le ministre « X »",
];

pub fn edit_spec() -> impl Strategy<Value = EditSpec> {
    let note = prop::sample::select(vec!["", "vérifier", "<script>alert(1)</script>", "a\nb", "😀 ok"])
        .prop_map(str::to_owned);
    prop_oneof![
        4 => (0usize..3, 0usize..200, 0usize..30, 0usize..6, note.clone())
            .prop_map(|(doc, start, len, label, note)| EditSpec::Add { doc, start, len, label, note }),
        1 => any::<usize>().prop_map(EditSpec::Remove),
        1 => (any::<usize>(), any::<usize>()).prop_map(|(a, l)| EditSpec::Relabel(a, l)),
        1 => (any::<usize>(), note).prop_map(|(a, n)| EditSpec::Note(a, n)),
        1 => (any::<usize>(), 0usize..200, 0usize..30).prop_map(|(a, s, l)| EditSpec::Move(a, s, l)),
        1 => (0usize..6, "[a-z]{1,8}").prop_map(|(p, name)| EditSpec::AddLabel(p, name)),
        1 => (any::<usize>(), "[A-Za-zé ]{1,10}").prop_map(|(l, n)| EditSpec::RenameLabel(l, n)),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(l, c)| EditSpec::RecolourLabel(l, c)),
        1 => (any::<usize>(), 0usize..6).prop_map(|(l, p)| EditSpec::MoveLabel(l, p)),
        1 => (any::<usize>(), prop::option::of(any::<usize>()))
            .prop_map(|(label, reassign)| EditSpec::RemoveLabel { label, reassign }),
        1 => unicode_text().prop_map(EditSpec::AddDocument),
        1 => any::<usize>().prop_map(EditSpec::RemoveDocument),
        2 => (any::<usize>(), 0usize..5, prop::option::of(0usize..6)).prop_map(|(a, k, v)| EditSpec::Field(a, k, v)),
        2 => (any::<usize>(), any::<usize>(), 0usize..3).prop_map(|(a, b, k)| EditSpec::Link(a, b, k)),
        1 => any::<usize>().prop_map(EditSpec::Unlink),
    ]
}

fn pick<T>(items: &[T], n: usize) -> Option<&T> {
    (!items.is_empty()).then(|| &items[n % items.len()])
}

/// The concrete edit for a spec in the project's current state (`None` when nothing fits).
pub fn resolve(project: &Project, spec: &EditSpec, n: i64) -> Option<Edit> {
    let annotations = project.annotations();
    let labels = project.labels();
    Some(match spec {
        EditSpec::Add {
            doc,
            start,
            len,
            label,
            note,
        } => {
            let document = pick(project.documents(), *doc)?;
            let label = pick(labels, *label)?;
            let chars = document.text.char_len();
            let start = start % chars.max(1);
            // Deliberately allows ranges past the end: those edits must fail cleanly.
            Edit::AddAnnotation(annotation(
                document,
                CharRange::new(start, start + len),
                label.id.as_str(),
                note,
                n,
            ))
        }
        EditSpec::Remove(a) => Edit::RemoveAnnotation(pick(annotations, *a)?.id.clone()),
        EditSpec::Relabel(a, l) => Edit::SetLabel {
            annotation_id: pick(annotations, *a)?.id.clone(),
            label_id: pick(labels, *l)?.id.clone(),
            modified: timestamp(n),
        },
        EditSpec::Note(a, note) => Edit::SetNote {
            annotation_id: pick(annotations, *a)?.id.clone(),
            note: note.clone(),
            modified: timestamp(n),
        },
        EditSpec::Move(a, start, len) => {
            let moved = pick(annotations, *a)?;
            let text = &project.document(&moved.document)?.text;
            let start = start % text.char_len().max(1);
            let range = CharRange::new(start, start + len);
            let mut annotation = moved.clone();
            annotation.set_range(range);
            annotation.quote = Quote::capture(text, range).unwrap_or_default();
            annotation.orphaned = false;
            annotation.modified = timestamp(n);
            Edit::SetAnchor(Box::new(annotation))
        }
        EditSpec::AddLabel(position, name) => Edit::AddLabel {
            position: *position,
            label: Label::new(name, name, Color::rgb(1, 2, 3), None, ""),
        },
        EditSpec::RenameLabel(l, name) => {
            let mut label = pick(labels, *l)?.clone();
            label.name = name.clone();
            Edit::UpdateLabel(label)
        }
        EditSpec::RecolourLabel(l, c) => {
            let mut label = pick(labels, *l)?.clone();
            label.color = Color::rgb(*c, 255 - *c, 7);
            Edit::UpdateLabel(label)
        }
        EditSpec::MoveLabel(l, position) => Edit::MoveLabel {
            label_id: pick(labels, *l)?.id.clone(),
            position: *position,
        },
        EditSpec::RemoveLabel { label, reassign } => Edit::RemoveLabel {
            label_id: pick(labels, *label)?.id.clone(),
            reassign_to: reassign.and_then(|r| pick(labels, r)).map(|l| l.id.clone()),
        },
        EditSpec::AddDocument(text) => Edit::AddDocument {
            position: project.documents().len(),
            document: Document::new("doc", text.clone()),
        },
        EditSpec::RemoveDocument(d) => Edit::RemoveDocument(pick(project.documents(), *d)?.id.clone()),
        EditSpec::Field(a, key, value) => Edit::SetField {
            annotation_id: pick(annotations, *a)?.id.clone(),
            key: FIELD_KEYS[*key].to_owned(),
            value: value.map(|v| FIELD_VALUES[v].to_owned()),
            modified: timestamp(n),
        },
        EditSpec::Link(a, b, kind) => Edit::AddLink(Link::new(
            pick(annotations, *a)?.id.clone(),
            pick(annotations, *b)?.id.clone(),
            pick(&project.settings.link_types, *kind)?,
        )),
        EditSpec::Unlink(l) => Edit::RemoveLink(pick(project.links(), *l)?.id.clone()),
    })
}

/// A project with two documents and a few annotations, built through edits.
pub fn sample_project(texts: &[String]) -> Project {
    let mut project = Project::new("Échantillon « test »");
    for text in texts {
        let document = Document::new("doc", text.clone());
        let position = project.documents().len();
        Edit::AddDocument { position, document }
            .apply(&mut project)
            .unwrap();
    }
    project
}

/// Applies random edits, ignoring those that do not fit.
pub fn with_random_edits(mut project: Project, specs: &[EditSpec]) -> Project {
    for (n, spec) in specs.iter().enumerate() {
        if let Some(edit) = resolve(&project, spec, n as i64) {
            let _ = edit.apply(&mut project);
        }
    }
    project
}

const CHECKWORTHY: &str = include_str!("../fixtures/checkworthy/sentences.tsv");

/// A project with the first `marked` sentences in one document (its claims annotated) and the
/// next `unmarked` in another: the self-written check-worthiness data, for the suggestion tests.
pub fn claims_project(marked: usize, unmarked: usize) -> Project {
    let rows: Vec<(bool, &str)> = CHECKWORTHY
        .lines()
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let label = parts.next().unwrap();
            parts.next();
            (label == "1", parts.next().unwrap().trim())
        })
        .collect();
    let text = |rows: &[(bool, &str)]| rows.iter().map(|(_, s)| format!("{s}\n")).collect::<String>();
    let first = Document::new("Marked debate", text(&rows[..marked]));
    let second = Document::new("New debate", text(&rows[marked..marked + unmarked]));
    let mut edits = vec![
        Edit::AddDocument {
            position: 0,
            document: first.clone(),
        },
        Edit::AddDocument {
            position: 1,
            document: second,
        },
    ];
    let mut start = 0;
    for (i, (claim, sentence)) in rows[..marked].iter().enumerate() {
        let len = sentence.chars().count();
        if *claim {
            let range = CharRange::new(start, start + len);
            edits.push(Edit::AddAnnotation(annotation(
                &first, range, "claim", "", i as i64,
            )));
        }
        start += len + 1;
    }
    let mut project = Project::new("Debates");
    Edit::Batch(edits).apply(&mut project).unwrap();
    project
}
