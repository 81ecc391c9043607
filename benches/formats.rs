//! Export speed per format on a generated project: a 5 MB text with 100 000 annotations.
//!
//! Run with `cargo bench --bench formats`. Each export renders into memory (writing the file
//! is the same atomic write for all of them), so the figures compare the formats themselves.

use std::sync::LazyLock;

use marginalia::io::formats::{self, ExportOptions, ImportFormat, ImportOptions, OffsetUnit};
use marginalia::model::Project;

mod common;

const ANNOTATIONS: usize = 100_000;

static PROJECT: LazyLock<Project> = LazyLock::new(|| common::generated_project(ANNOTATIONS));

fn main() {
    for (name, size) in [
        ("w3c", formats::w3c::export(&PROJECT).bytes.len()),
        (
            "csv",
            formats::csv::export(&PROJECT, ExportOptions::default())
                .bytes
                .len(),
        ),
        (
            "jsonl",
            formats::jsonl::export(&PROJECT, OffsetUnit::Utf16).bytes.len(),
        ),
        ("html", formats::html_report::export(&PROJECT).bytes.len()),
    ] {
        eprintln!(
            "{name}: {:.1} MB for {ANNOTATIONS} annotations",
            size as f64 / 1e6
        );
    }
    divan::main();
}

#[divan::bench(sample_count = 5)]
fn export_w3c() -> usize {
    formats::w3c::export(divan::black_box(&PROJECT)).bytes.len()
}

#[divan::bench(sample_count = 5)]
fn export_brat() -> usize {
    formats::brat::export_files(divan::black_box(&PROJECT)).1
}

#[divan::bench(sample_count = 5)]
fn export_csv() -> usize {
    formats::csv::export(divan::black_box(&PROJECT), ExportOptions::default())
        .bytes
        .len()
}

#[divan::bench(sample_count = 5, args = [OffsetUnit::CodePoints, OffsetUnit::Utf16])]
fn export_jsonl(unit: OffsetUnit) -> usize {
    formats::jsonl::export(divan::black_box(&PROJECT), unit)
        .bytes
        .len()
}

#[divan::bench(sample_count = 5)]
fn export_html() -> usize {
    formats::html_report::export(divan::black_box(&PROJECT))
        .bytes
        .len()
}

/// Reading the W3C export back into the project without its annotations: parsing, checking
/// every annotation against the model, and re-anchoring each quote.
#[divan::bench(sample_count = 3)]
fn import_w3c(bencher: divan::Bencher) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.jsonld");
    std::fs::write(&path, formats::w3c::export(&PROJECT).bytes).unwrap();
    let (empty, _) = Project::from_parts(
        PROJECT.name.clone(),
        PROJECT.labels().to_vec(),
        PROJECT.documents().to_vec(),
        Vec::new(),
    )
    .unwrap();
    bencher.bench(|| {
        formats::import(&empty, ImportFormat::W3c, &path, &ImportOptions::default())
            .unwrap()
            .summary
            .imported
    });
}
