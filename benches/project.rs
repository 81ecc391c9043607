//! Project file and filter speed on a generated large project: a 5 MB text, 100 000 annotations.
//!
//! Run with `cargo bench --bench project`. Aims (2-core machine): load and save under 1 s, a
//! filter over all annotations under 5 ms.

use std::path::Path;
use std::sync::LazyLock;

use marginalia::io::project_file::{self, from_ron, to_ron};
use marginalia::model::{LabelId, Project, Query};

mod common;

const ANNOTATIONS: usize = 100_000;

fn generated_project() -> Project {
    common::generated_project(ANNOTATIONS)
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
