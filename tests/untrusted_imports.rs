//! Importers that cannot take the app down: PDF, DOCX and HTML extraction in a child process with
//! a time and a memory limit (a crash, hang, stack overflow or exhausted memory there is a message
//! naming the file, and nothing else changes), and DOCX files protected against ZIP bombs.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use marginalia::io::import::{self, Format};

const BIN: &str = env!("CARGO_BIN_EXE_marginalia");

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

fn marginalia(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(BIN);
    command.args(args).env_remove("MARGINALIA_EXTRACT_TEST_HOOK");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

/// A new project in a fresh folder, with the bytes of the project file before anything else.
fn project() -> (tempfile::TempDir, String, Vec<u8>) {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("p.ron").to_string_lossy().into_owned();
    assert!(marginalia(&["new", &path], &[]).status.success());
    let bytes = std::fs::read(&path).unwrap();
    (folder, path, bytes)
}

/// What a user sees on the terminal must never be a Rust panic or backtrace.
fn assert_no_backtrace(stderr: &str) {
    for noise in [
        "panicked",
        "stack backtrace",
        "RUST_BACKTRACE",
        "overflowed its stack",
    ] {
        assert!(!stderr.contains(noise), "{noise:?} on the terminal: {stderr}");
    }
}

/// `add-doc` of a PDF whose child misbehaves as `hook` says: exit 1, one clear line naming the
/// file, the project untouched.
fn add_doc_with_hook(hook: &str, timeout: &str) -> (String, Duration) {
    let (_folder, path, before) = project();
    let pdf = fixture("malformed.pdf");
    let started = Instant::now();
    let run = marginalia(
        &["add-doc", &path, pdf.to_str().unwrap()],
        &[
            ("MARGINALIA_EXTRACT_TEST_HOOK", hook),
            ("MARGINALIA_IMPORT_TIMEOUT", timeout),
        ],
    );
    let took = started.elapsed();
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert_eq!(run.status.code(), Some(1), "{hook}: {stderr}");
    assert_no_backtrace(&stderr);
    assert!(
        stderr.contains(&format!("could not read PDF {}: the PDF reader", pdf.display())),
        "{hook}: {stderr}"
    );
    assert_eq!(stderr.trim().lines().count(), 1, "{hook}: {stderr}");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "{hook}: the project changed"
    );
    (stderr, took)
}

#[test]
fn a_malformed_pdf_gives_a_message_and_no_backtrace() {
    // A page without a MediaBox (none to inherit either), resources that name themselves, and a
    // form XObject that draws itself.
    let (_folder, path, before) = project();
    let pdf = fixture("malformed.pdf");
    let run = marginalia(
        &["add-doc", &path, pdf.to_str().unwrap()],
        &[("RUST_BACKTRACE", "1")],
    );
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_no_backtrace(&stderr);
    // pdf-extract panics on the page without a MediaBox (in the child, quietly); the simpler
    // extractor behind it reads the page's text, which is imported.
    assert!(run.status.success(), "{stderr}");
    assert!(
        String::from_utf8_lossy(&run.stdout)
            .contains("\"Le Niger et la Russie renforcent leur partenariat.\"")
    );
    assert_ne!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_hanging_reader_is_stopped_at_the_time_limit() {
    let (stderr, took) = add_doc_with_hook("hang", "1.5");
    assert!(
        stderr.contains("took longer than 1.5 s and was stopped"),
        "{stderr}"
    );
    assert!(took >= Duration::from_millis(1500), "{took:?}");
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[test]
fn crashes_of_the_reader_are_messages() {
    let cases = [
        ("abort", "crashed (signal 6 SIGABRT"),
        ("stack-overflow", "crashed (stack overflow)"),
        ("out-of-memory", "ran out of memory (the limit is 2048 MiB)"),
        (
            "panic",
            "crashed (exit status 101: a test hook asked for a panic)",
        ),
        ("garbage", "gave an answer that could not be read"),
    ];
    for (hook, expected) in cases {
        let (stderr, _) = add_doc_with_hook(hook, "30");
        assert!(stderr.contains(expected), "{hook}: {stderr}");
    }
}

#[test]
fn the_time_limit_is_thirty_seconds() {
    assert_eq!(import::isolated::TIME_LIMIT, Duration::from_secs(30));
    assert!(import::isolated::isolates(Format::Pdf));
    assert!(import::isolated::isolates(Format::Docx));
    assert!(import::isolated::isolates(Format::Html));
    assert!(!import::isolated::isolates(Format::Text));
}

#[test]
fn a_good_pdf_imports_the_same_through_the_child() {
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/import_pdf/text.pdf");
    let in_process = import::import_bytes(&std::fs::read(&pdf).unwrap(), &pdf, None).unwrap();
    let program = Path::new(BIN);
    let child = import::isolated::import_in_child(program, &pdf, Some("Titre"), Format::Pdf).unwrap();
    assert_eq!(child.text, in_process.text);
    assert_eq!(child.pages, in_process.pages);
    assert_eq!(child.sha256, in_process.sha256);
    assert_eq!(child.title, "Titre");
    let (_folder, path, _) = project();
    let run = marginalia(&["add-doc", &path, pdf.to_str().unwrap()], &[]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
}

#[test]
fn a_refusal_in_the_child_is_the_importers_own_message() {
    let pdf = fixture("protected.pdf");
    let error = import::isolated::import_in_child(Path::new(BIN), &pdf, None, Format::Pdf).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "{}: this PDF is protected by a password; remove the protection and import it again",
            pdf.display()
        )
    );
}

// ----- ZIP bombs -----

/// Writes an entry's content.
type Content<'a> = &'a dyn Fn(&mut dyn Write);

/// A .docx holding `entries` (name, content), deflated.
fn docx(entries: &[(&str, Content<'_>)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(true);
    for (name, write) in entries {
        zip.start_file(*name, options).unwrap();
        write(&mut zip);
    }
    zip.finish().unwrap().into_inner()
}

fn blanks(megabytes: usize) -> impl Fn(&mut dyn Write) {
    move |out: &mut dyn Write| {
        let block = vec![b' '; 1 << 20];
        for _ in 0..megabytes {
            out.write_all(&block).unwrap();
        }
    }
}

fn import_docx(bytes: &[u8]) -> String {
    let started = Instant::now();
    let error = import::import_bytes(bytes, Path::new("bomb.docx"), None).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    error.to_string()
}

#[test]
fn a_gigabyte_zip_bomb_is_refused() {
    let bomb = docx(&[("word/document.xml", &blanks(1024))]);
    assert!(bomb.len() < 16 << 20, "{} bytes", bomb.len());
    assert_eq!(
        import_docx(&bomb),
        "bomb.docx: this Word file is damaged or hostile: word/document.xml is larger than 64 MiB once unpacked"
    );
}

#[test]
fn parts_larger_together_than_the_limit_are_refused() {
    let bomb = docx(&[
        ("word/document.xml", &blanks(60)),
        ("word/_rels/document.xml.rels", &blanks(60)),
        ("word/styles.xml", &blanks(60)),
    ]);
    assert_eq!(
        import_docx(&bomb),
        "bomb.docx: this Word file is damaged or hostile: its parts are larger than 128 MiB once unpacked"
    );
}

#[test]
fn a_hundred_thousand_entries_are_refused() {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(b"<w:document><w:body><w:p><w:r><w:t>x</w:t></w:r></w:p></w:body></w:document>")
        .unwrap();
    for n in 0..100_000 {
        zip.start_file(format!("media/{n}"), options).unwrap();
    }
    let bytes = zip.finish().unwrap().into_inner();
    assert_eq!(
        import_docx(&bytes),
        "bomb.docx: this Word file is damaged or hostile: it has 100001 entries, more than the limit of 10000"
    );
}

#[test]
fn a_page_that_is_its_own_parent_is_refused_at_once() {
    // Found by fuzzing: pdf-extract looked for the page's inherited MediaBox up its /Parent chain
    // for ever. Now the page is skipped, and with no other text the file is refused.
    let pdf = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz_regressions/import_pdf/page-is-its-own-parent.pdf");
    let started = Instant::now();
    let error = import::import_bytes(&std::fs::read(&pdf).unwrap(), Path::new("loop.pdf"), None).unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        error.to_string(),
        "loop.pdf: this PDF is damaged: the page tree of 2 of its 2 pages loops back on itself"
    );
}
