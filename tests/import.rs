//! Importing real documents: formats, scripts, the seed article, and bad input of every kind.

use std::path::Path;

use marginalia::io::import::{import_bytes, import_file};
use proptest::prelude::*;

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn every_script_and_line_ending_survives_each_text_format() {
    let line = "Élection à Niamey : l'œil de Москва, سلام عليكم, 中文, 😀.";
    // (file name, bytes, expected reading text)
    let cases: Vec<(&str, String, String)> = vec![
        (
            "a.txt",
            format!("{line}\r\nSuite.\r\n"),
            format!("{line}\r\nSuite.\r\n"),
        ),
        (
            "a.md",
            format!("# Titre\r\n\r\n{line}\r\n\r\n- *Suite*.\r\n"),
            format!("Titre\n\n{line}\n\nSuite."),
        ),
        (
            "a.html",
            format!(
                "<!DOCTYPE html><html><body><article><h1>Titre</h1><p>{line}</p><p>Suite.</p></article></body></html>"
            ),
            format!("Titre\n\n{line}\n\nSuite."),
        ),
    ];
    for (name, bytes, expected) in cases {
        let document = import_bytes(bytes.as_bytes(), Path::new(name), None).unwrap();
        assert_eq!(document.text.as_str(), expected, "{name}");
        let title = if name == "a.txt" { line } else { "Titre" };
        assert_eq!(document.title, title, "{name}");
    }
}

#[test]
fn the_seed_article_imports_from_markdown_as_clean_reading_text() {
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seed/niger-russie-article.txt");
    let Ok(bytes) = std::fs::read(&seed) else {
        eprintln!("skipped: {} is not beside this checkout", seed.display());
        return;
    };
    let document = import_bytes(&bytes, Path::new("niger-russie-article.md"), None).unwrap();
    let text = document.text.as_str();
    assert!(text.starts_with("Contre vents et marées le Niger et la Russie renforcent le partenariat bilatéral\n\nPar Mikhail Gamandiy-Egorov\n\n"), "{}", &text[..200]);
    for markup in ["[", "](#)", "**", "*RFI*"] {
        assert!(!text.contains(markup), "{markup:?} left in the reading text");
    }
    assert!(text.contains("Comme le montre RFI très principalement axée sur l'Afrique"));
    assert!(text.contains("Toujours selon RFI - «une raison de plus"));
    let linked: Vec<String> = document
        .links
        .iter()
        .map(|l| slice(text, l.start, l.end))
        .collect();
    assert!(linked.contains(&"montre RFI".to_owned()), "{linked:?}");
    assert!(
        linked.contains(&"Mikhail Gamandiy-Egorov".to_owned()),
        "{linked:?}"
    );
    assert!(document.links.iter().all(|l| l.url == "#"));
    assert_eq!(document.source.unwrap().format, "markdown");
}

#[test]
fn bad_files_are_refused_with_a_message_naming_them() {
    let folder = tempfile::tempdir().unwrap();
    // (file name, bytes, what the message says)
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.md", Vec::new(), "empty.md: the file is empty"),
        (
            "fake.pdf",
            b"just some text".to_vec(),
            "fake.pdf: the file is named .pdf but its content is not pdf",
        ),
        (
            "fake.docx",
            b"just some text".to_vec(),
            "fake.docx: the file is named .docx but its content is not docx",
        ),
        (
            "broken.pdf",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog".to_vec(),
            "broken.pdf: this PDF is damaged",
        ),
        (
            "photo.txt",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0".to_vec(),
            "photo.txt: this is a PNG file (image/png), not a document",
        ),
        (
            "old.docx",
            b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0".to_vec(),
            "old.docx: this is an encrypted or old-style Word file",
        ),
        (
            "archive.docx",
            zip_with("notes.txt", "x"),
            "archive.docx: this is a ZIP archive, not a Word document",
        ),
        (
            "blank.html",
            b"<html><body>   </body></html>".to_vec(),
            "blank.html: the html file contains no text",
        ),
    ];
    for (name, bytes, message) in cases {
        let path = folder.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let error = import_file(&path, None).unwrap_err().to_string();
        assert!(error.contains(message), "{name}: {error}");
    }
    let huge = folder.path().join("huge.txt");
    std::fs::File::create(&huge)
        .unwrap()
        .set_len(60 * 1024 * 1024)
        .unwrap();
    assert!(
        import_file(&huge, None)
            .unwrap_err()
            .to_string()
            .contains("more than the limit")
    );
}

fn zip_with(name: &str, content: &str) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file(name, zip::write::SimpleFileOptions::default())
        .unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    zip.finish().unwrap().into_inner()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// No importer panics, hangs or fails to answer on arbitrary bytes, whatever the extension.
    #[test]
    fn importers_never_panic_on_arbitrary_bytes(
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
        extension in prop::sample::select(vec!["txt", "md", "html", "pdf", "docx", ""]),
        prefix in prop::sample::select(vec![&b""[..], b"%PDF-1.4\n", b"PK\x03\x04", b"<!DOCTYPE html><p>", b"# "]),
    ) {
        let bytes = [prefix, &bytes].concat();
        let name = format!("fuzz.{extension}");
        if let Ok(document) = import_bytes(&bytes, Path::new(&name), None) {
            let len = document.text.char_len();
            prop_assert!(document.links.iter().all(|l| l.start < l.end && l.end <= len));
            prop_assert!(document.pages.iter().all(|p| p.start <= p.end && p.end <= len));
        }
    }

    /// Markdown made of the pieces articles use always imports, with links inside the text.
    #[test]
    fn markdown_links_always_slice_to_their_text(
        parts in prop::collection::vec(prop::sample::select(vec![
            "mot ", "[lien](https://x.org) ", "*em* ", "**fort** ", "\n\n", "# T\n", "- item\n", "> cité\n",
            "`code` ", "é ", "😀 ", "سلام ", "\r\n", "[vide]() ", "![img](a.png) ",
        ]), 1..40),
    ) {
        let source = parts.concat();
        if let Ok(document) = import_bytes(source.as_bytes(), Path::new("f.md"), None) {
            for link in &document.links {
                prop_assert_eq!(slice(document.text.as_str(), link.start, link.end), "lien");
            }
        }
    }
}

#[path = "../benches/common/pdf.rs"]
mod pdf;

#[test]
fn a_pdf_imports_page_by_page_with_page_ranges() {
    let bytes = pdf::text_pdf(3, 4);
    let document = import_bytes(&bytes, Path::new("report.pdf"), None).unwrap();
    let text = document.text.as_str();
    assert_eq!(document.pages.len(), 3);
    for (n, page) in document.pages.iter().enumerate() {
        let number = n + 1;
        assert_eq!(page.number as usize, number);
        let page_text = slice(text, page.start, page.end);
        assert!(
            page_text.contains(&format!("Page {number} line 1:")),
            "{page_text:?}"
        );
        assert!(
            !page_text.contains(&format!("Page {} line", number + 1)),
            "{page_text:?}"
        );
        assert_eq!(document.page_at(page.start + 3), Some(page.number));
    }
    assert_eq!(document.source.unwrap().format, "pdf");
}

#[test]
fn a_pdf_without_text_is_reported_as_a_scan() {
    let bytes = pdf::text_pdf(2, 0);
    let error = import_bytes(&bytes, Path::new("scan.pdf"), None)
        .unwrap_err()
        .to_string();
    assert!(
        error.contains("scan.pdf: this PDF has no text to extract (it is probably a scan)"),
        "{error}"
    );
}

#[test]
fn a_password_protected_pdf_is_refused_with_a_clear_message() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/protected.pdf");
    let error = import_file(&fixture, None).unwrap_err().to_string();
    assert!(
        error.contains("protected.pdf: this PDF is protected by a password"),
        "{error}"
    );
}
