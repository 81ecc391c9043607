//! The inputs that fuzzing found (and a few seeds), run through the same entry points as the fuzz
//! targets in `fuzz/`: `tests/fuzz_regressions/<target>/<file>`. None may panic; each gives `Ok`
//! or an `Err` with a message. PDFs go through the importer's child process as well, as the app
//! reads them; a PDF named `child-only-…` only there (a stack overflow in the PDF library would
//! take this test binary down in process).

use std::path::{Path, PathBuf};

use marginalia::io::formats::ImportFormat;
use marginalia::io::import::{self, Format};
use marginalia::io::untrusted;

fn cases(target: &str) -> Vec<PathBuf> {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions")
        .join(target);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("{}: {e}", folder.display()))
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.is_file())
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} has no case", folder.display());
    files
}

/// Runs every case of `target` through `run`, which must not panic; an `Err` must say something.
fn run_all(target: &str, run: impl Fn(&[u8]) -> Result<(), String>) {
    for file in cases(target) {
        let bytes = std::fs::read(&file).unwrap();
        if let Err(message) = run(&bytes) {
            assert!(!message.trim().is_empty(), "{}: an empty message", file.display());
        }
    }
}

#[test]
fn project_loader() {
    run_all("project_loader", untrusted::load_project);
}

#[test]
fn merge() {
    run_all("merge", untrusted::merge_projects);
}

#[test]
fn document_importers_in_process() {
    for (target, format) in [
        ("import_text", Format::Text),
        ("import_markdown", Format::Markdown),
        ("import_html", Format::Html),
        ("import_docx", Format::Docx),
    ] {
        run_all(target, |bytes| {
            untrusted::import_document(format, bytes).map(drop)
        });
    }
}

#[test]
fn pdfs_through_the_child_process() {
    // SAFETY: this test binary's other tests do not read the variable.
    unsafe { std::env::set_var(import::isolated::BIN_VAR, env!("CARGO_BIN_EXE_marginalia")) };
    for file in cases("import_pdf") {
        let copy = tempfile::Builder::new().suffix(".pdf").tempfile().unwrap();
        std::fs::copy(&file, copy.path()).unwrap();
        if let Err(error) = import::import_file_as(copy.path(), None, Some(Format::Pdf)) {
            let message = error.to_string();
            assert!(
                message.contains(&*copy.path().to_string_lossy()),
                "{}: {message}",
                file.display()
            );
        }
    }
}

#[test]
fn annotation_formats() {
    for (target, format) in [
        ("formats_w3c", ImportFormat::W3c),
        ("formats_brat", ImportFormat::Brat),
        ("formats_jsonl", ImportFormat::Jsonl),
        ("formats_label_studio", ImportFormat::LabelStudio),
        ("formats_hypothesis", ImportFormat::Hypothesis),
    ] {
        run_all(target, |bytes| untrusted::import_annotations(format, bytes));
    }
}
