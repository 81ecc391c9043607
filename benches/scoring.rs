//! Scoring a class: 30 student files against an answer key of 2 000 annotations.
//!
//! Run with `cargo bench --bench scoring`. Students are the key perturbed: some spans shifted,
//! shortened, relabelled or dropped, and some extra ones, as a real class would differ.

use std::sync::LazyLock;

use marginalia::model::scoring::compare;
use marginalia::model::{Annotation, AnnotationId, CharRange, Document, LabelId, Project, Quote};

const KEY_ANNOTATIONS: usize = 2_000;
const STUDENTS: usize = 30;
const LABELS: [&str; 4] = ["claim", "source", "opinion", "disclaimer"];

fn text() -> String {
    let sentence =
        "Le ministre a déclaré que la délégation comprenait « plusieurs » partenaires stratégiques. ";
    sentence.repeat(2_500)
}

fn project(document: &Document, spans: &[(usize, usize, usize)]) -> Project {
    let created = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    let annotations = spans
        .iter()
        .map(|&(start, end, label)| {
            let range = CharRange::new(start, end);
            Annotation {
                id: AnnotationId::generate(),
                document: document.id.clone(),
                start,
                end,
                quote: Quote::capture(&document.text, range).unwrap(),
                label: LabelId::from(LABELS[label]),
                note: String::new(),
                fields: Default::default(),
                orphaned: false,
                review: None,
                agreed: None,
                created,
                modified: created,
            }
        })
        .collect();
    let labels = Project::new("x").labels().to_vec();
    Project::from_parts("class".into(), labels, vec![document.clone()], annotations)
        .unwrap()
        .0
}

struct Class {
    key: Project,
    students: Vec<Project>,
}

static CLASS: LazyLock<Class> = LazyLock::new(|| {
    let document = Document::new("Article", text());
    let len = document.text.char_len();
    let key_spans: Vec<(usize, usize, usize)> = (0..KEY_ANNOTATIONS)
        .map(|n| {
            let start = (n * 113) % (len - 100);
            (start, start + 10 + n % 60, n % 4)
        })
        .collect();
    let students = (0..STUDENTS)
        .map(|s| {
            let spans: Vec<_> = key_spans
                .iter()
                .enumerate()
                .filter(|(n, _)| (n + s) % 7 != 0)
                .map(|(n, &(start, end, label))| match (n + s) % 5 {
                    0 => (start + 2, end, label),
                    1 => (start, end, (label + 1) % 4),
                    2 => (start, end.saturating_sub(3).max(start + 1), label),
                    _ => (start, end, label),
                })
                .chain((0..100).map(|n| ((n * 977 + s) % (len - 50), (n * 977 + s) % (len - 50) + 20, n % 4)))
                .collect();
            project(&document, &spans)
        })
        .collect();
    Class {
        key: project(&document, &key_spans),
        students,
    }
});

fn main() {
    LazyLock::force(&CLASS);
    divan::main();
}

#[divan::bench(sample_count = 5)]
fn score_a_class_of_30() -> usize {
    let class = &*CLASS;
    class
        .students
        .iter()
        .map(|student| compare(&class.key, divan::black_box(student)).missed.len())
        .sum()
}

#[divan::bench(sample_count = 10)]
fn score_one_student() -> usize {
    compare(&CLASS.key, divan::black_box(&CLASS.students[0]))
        .missed
        .len()
}
