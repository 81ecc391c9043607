//! Project file and filter speed on a generated large project: a 5 MB text, 100 000 annotations.
//!
//! Run with `cargo bench --bench project`. Aims (2-core machine): load and save under 1 s, a
//! filter over all annotations under 5 ms.

use std::path::Path;
use std::sync::LazyLock;

use marginalia::io::project_file::{self, from_ron, to_ron};
use marginalia::model::{
    Annotation, AnnotationId, CharRange, Document, Edit, LabelId, Project, Query, Quote,
};

const TEXT_BYTES: usize = 5_000_000;
const ANNOTATIONS: usize = 100_000;

/// French prose with accents, quotes and CRLF paragraphs, repeated to `TEXT_BYTES`.
fn generated_text() -> String {
    let sentences = [
        "Contre vents et marées le Niger et la Russie renforcent le partenariat bilatéral. ",
        "Comme le montre RFI, les déclarations déplaisent fortement à Washington. ",
        "L'œil de la minorité planétaire reste « ouvert » sur le Sahel. ",
        "Москва и Ниамей — 😀 partenaires stratégiques. ",
        "La délégation comprenait les ministres de la Défense et du Pétrole.\r\n\r\n",
    ];
    let mut text = String::with_capacity(TEXT_BYTES + 200);
    let mut i = 0;
    while text.len() < TEXT_BYTES {
        text.push_str(sentences[i % sentences.len()]);
        i += 1;
    }
    text
}

fn generated_project() -> Project {
    let document = Document::new("Grand article", generated_text());
    let mut project = Project::new("Benchmark");
    let labels = ["claim", "source", "opinion", "disclaimer"];
    let notes = [
        "",
        "",
        "Vérifier auprès du ministère",
        "Source anonyme, à recouper",
    ];
    let chars = document.text.char_len();
    let mut annotations = Vec::with_capacity(ANNOTATIONS);
    let created = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    for n in 0..ANNOTATIONS {
        let start = (n * 7919) % (chars - 200);
        let range = CharRange::new(start, start + 20 + n % 100);
        annotations.push(Annotation {
            id: AnnotationId::generate(),
            document: document.id.clone(),
            start: range.start,
            end: range.end,
            quote: Quote::capture(&document.text, range).unwrap(),
            label: LabelId::from(labels[n % 4]),
            note: notes[n % 4].to_owned(),
            orphaned: false,
            created,
            modified: created,
        });
    }
    Edit::AddDocument {
        position: 0,
        document,
    }
    .apply(&mut project)
    .unwrap();
    let (project, _) = Project::from_parts(
        project.name.clone(),
        project.labels().to_vec(),
        project.documents().to_vec(),
        annotations,
    )
    .unwrap();
    project
}

static PROJECT: LazyLock<Project> = LazyLock::new(generated_project);
static RON: LazyLock<String> = LazyLock::new(|| to_ron(&PROJECT));

fn main() {
    eprintln!(
        "project file: {:.1} MB, {} annotations, text {} chars",
        RON.len() as f64 / 1e6,
        PROJECT.annotations().len(),
        PROJECT.documents()[0].text.char_len()
    );
    divan::main();
}

#[divan::bench(sample_count = 5)]
fn load(bencher: divan::Bencher) {
    let text = RON.as_str();
    bencher.bench(|| from_ron(divan::black_box(text), Path::new("bench.ron")).unwrap());
}

#[divan::bench(sample_count = 5)]
fn save(bencher: divan::Bencher) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("bench.ron");
    let project = &*PROJECT;
    bencher.bench(|| project_file::save(project, &path).unwrap());
}

#[divan::bench(args = ["label", "text", "label+text", "accented text"])]
fn filter(bencher: divan::Bencher, kind: &str) {
    let project = &*PROJECT;
    let query = match kind {
        "label" => Query {
            labels: vec![LabelId::from("claim")],
            ..Query::default()
        },
        "text" => Query {
            text: "washington".into(),
            ..Query::default()
        },
        "label+text" => Query {
            labels: vec![LabelId::from("source")],
            text: "verifier".into(),
            ..Query::default()
        },
        _ => Query {
            text: "MARÉES".into(),
            ..Query::default()
        },
    };
    bencher.bench(|| query.run(divan::black_box(project)).len());
}
