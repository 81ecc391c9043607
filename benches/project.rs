//! Project file and filter speed on a generated large project: a 5 MB text, 100 000 annotations.
//!
//! Load and save are also printed beside their floors (the same file read into plain serde
//! structs, the same bytes serialised from them, written and fsynced), each the median of 5.
//!
//! Run with `cargo bench --bench project`. Aims (2-core machine): load and save under 1 s and
//! within 1.5× their floors, a filter over all annotations under 5 ms.

use std::path::Path;
use std::sync::LazyLock;

use marginalia::io::project_file::{self, from_ron, to_ron};
use marginalia::model::{LabelId, Project, Query};

mod common;
#[path = "common/plain.rs"]
mod plain;

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
    print_beside_floors();
    divan::main();
}

/// Load and save beside their floors.
fn print_beside_floors() {
    let text = RON.as_str();
    let path = Path::new("bench.ron");
    let load = common::median(5, || (), |_| from_ron(text, path).unwrap());
    let parse = common::median(5, || (), |_| plain::from_ron_plain(text));
    common::print("load (in memory)", load, "RON parse", parse);
    let folder = tempfile::tempdir().unwrap();
    let (ours, theirs) = (folder.path().join("ours.ron"), folder.path().join("plain.ron"));
    let save = common::median(5, || (), |_| project_file::save(&PROJECT, &ours).unwrap());
    let plain_project = plain::from_ron_plain(text);
    let write = common::median(5, || (), |_| plain::write_plain(&plain_project, &theirs));
    common::print("save", save, "serialise + write + fsync", write);
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
