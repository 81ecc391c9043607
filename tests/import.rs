//! Importing real documents: formats, scripts, the seed article, and bad input of every kind.

use std::path::Path;

use marginalia::io::import::{import_bytes, import_file};
use marginalia::model::{BlockKind, Document, InlineKind};
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
        // The text starts with the document's own title: it is marked as the title.
        let first = document.blocks.first().map(|b| (b.kind, b.start, b.end));
        let expected = (name != "a.txt").then_some((BlockKind::Title, 0, 5));
        assert_eq!(first, expected, "{name}");
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
            prop_assert!(ranges_problem(&document).is_none(), "{:?}", ranges_problem(&document));
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
            prop_assert!(ranges_problem(&document).is_none(), "{:?}", ranges_problem(&document));
            for inline in &document.inlines {
                let text = slice(document.text.as_str(), inline.start, inline.end);
                prop_assert!(["em", "fort"].contains(&text.as_str()), "{:?}", text);
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

/// The first range of a document that is empty, out of the text, unsorted or (for blocks and
/// emphasis) not trimmed, if any.
fn ranges_problem(document: &Document) -> Option<String> {
    let text = document.text.as_str();
    let len = document.text.char_len();
    let ranges = [
        (
            "link",
            document
                .links
                .iter()
                .map(|l| (l.start, l.end))
                .collect::<Vec<_>>(),
        ),
        (
            "block",
            document.blocks.iter().map(|b| (b.start, b.end)).collect(),
        ),
        (
            "inline",
            document.inlines.iter().map(|i| (i.start, i.end)).collect(),
        ),
    ];
    for (what, ranges) in ranges {
        if !ranges.is_sorted_by_key(|r| r.0) {
            return Some(format!("{what}s are not sorted: {ranges:?}"));
        }
        for (start, end) in ranges {
            let covered = slice(text, start, end.min(len));
            if start >= end || end > len || covered.trim() != covered {
                return Some(format!("{what} {start}..{end} of {len}: {covered:?}"));
            }
            if what == "block" && covered.contains('\n') {
                return Some(format!("block {start}..{end} spans lines: {covered:?}"));
            }
        }
    }
    None
}

fn fixture(name: &str) -> Document {
    import_file(
        &Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name),
        None,
    )
    .unwrap()
}

type Structure = (Vec<(BlockKind, String)>, Vec<(InlineKind, String)>);

/// (kind, text) of every block, and of every inline.
fn structure(document: &Document) -> Structure {
    let text = document.text.as_str();
    (
        document
            .blocks
            .iter()
            .map(|b| (b.kind, slice(text, b.start, b.end)))
            .collect(),
        document
            .inlines
            .iter()
            .map(|i| (i.kind, slice(text, i.start, i.end)))
            .collect(),
    )
}

fn linked(document: &Document) -> Vec<(String, &str)> {
    document
        .links
        .iter()
        .map(|l| (slice(document.text.as_str(), l.start, l.end), l.url.as_str()))
        .collect()
}

fn owned(pairs: &[(BlockKind, &str)]) -> Vec<(BlockKind, String)> {
    pairs.iter().map(|(k, t)| (*k, (*t).to_owned())).collect()
}

#[test]
fn a_mediawiki_article_imports_with_its_structure_and_without_its_furniture() {
    let document = fixture("wiki-article.html");
    let text = document.text.as_str();
    assert_eq!(ranges_problem(&document), None);
    assert!(
        text.starts_with("Niamey is the capital and largest city of Niger."),
        "{text}"
    );
    for furniture in [
        "[edit]",
        "edit",
        "[1]",
        "[2]",
        "[3]",
        "^",
        "Contents",
        "1.1",
        "Jump to",
        "Main page",
        "Search Wikipedia",
        "From Wikipedia",
        "Retrieved from",
        "Categories",
        "Capitals in Africa",
        "last edited",
        "Privacy policy",
    ] {
        assert!(!text.contains(furniture), "{furniture:?} left in:\n{text}");
    }
    // The references keep their text, without their back-links.
    assert!(
        text.contains("\n\nNational census of Niger, 2012.\n\nUrban growth"),
        "{text}"
    );
    assert!(!text.contains("a b"), "{text}");
    let (blocks, inlines) = structure(&document);
    use BlockKind::*;
    assert_eq!(
        blocks,
        owned(&[
            (Heading(2), "History"),
            (Heading(3), "Colonial period"),
            (ListItem, "the site lay on the river, which made supply easier;"),
            (
                ListItem,
                "the climate was considered healthier than that of Zinder;"
            ),
            (
                ListItem,
                "the town was closer to the railway planned to the coast."
            ),
            (
                Quote,
                "Niamey will be the door of the colony to the river and to the sea."
            ),
            (Heading(2), "Geography"),
            (Heading(2), "References"),
            (ListItem, "National census of Niger, 2012."),
            (ListItem, "Urban growth in the Sahel, 2019."),
            (ListItem, "Histoire de Niamey, 1998."),
        ])
    );
    // Every block is a line of its own.
    for block in &document.blocks {
        let before = slice(text, block.start.saturating_sub(1), block.start);
        let after = slice(text, block.end, block.end + 1);
        assert!(before.is_empty() || before == "\n", "{block:?}");
        assert!(after.is_empty() || after == "\n", "{block:?}");
    }
    assert_eq!(
        inlines,
        [
            (InlineKind::Strong, "Niamey".to_owned()),
            (InlineKind::Emphasis, "Grand Marché".to_owned())
        ]
    );
    assert_eq!(
        linked(&document),
        [
            ("Niger".to_owned(), "/wiki/Niger"),
            ("Niger River".to_owned(), "/wiki/Niger_River"),
            ("Sahel".to_owned(), "/wiki/Sahel"),
            ("Maouri".to_owned(), "/wiki/Maouri_people"),
            ("hot semi-arid climate".to_owned(), "/wiki/Hot_semi-arid_climate"),
        ]
    );
    assert_eq!(
        document.url.as_deref(),
        Some("https://en.wikipedia.org/wiki/Niamey")
    );
}

#[test]
fn a_news_article_imports_as_its_article() {
    let document = fixture("news-article.html");
    let text = document.text.as_str();
    assert_eq!(ranges_problem(&document), None);
    assert_eq!(
        document.title,
        "Niger : la Russie et Niamey signent un accord de défense"
    );
    assert_eq!(document.author.as_deref(), Some("Aïcha Moussa"));
    assert_eq!(document.published.as_deref(), Some("2026-11-30T08:15:00+01:00"));
    for furniture in [
        "cookies",
        "Tout accepter",
        "Aller au contenu",
        "Rubriques",
        "Économie",
        "Sport",
        "Partager",
        "Facebook",
        "WhatsApp",
        "e-mail",
        "À lire aussi",
        "Wagner",
        "Sur le même sujet",
        "ambassade",
        "lettre Afrique",
        "S'inscrire",
        "Tous droits réservés",
        "Mentions légales",
        "tracker",
    ] {
        assert!(!text.contains(furniture), "{furniture:?} left in:\n{text}");
    }
    assert!(
        text.contains("Le gouvernement nigérien a signé lundi à Moscou"),
        "{text}"
    );
    assert!(
        text.ends_with("une présence militaire limitée, selon RFI."),
        "{text}"
    );
    let (blocks, inlines) = structure(&document);
    use BlockKind::*;
    assert_eq!(
        blocks,
        owned(&[
            (
                Quote,
                "« Nos soldats ont besoin de formation et de moyens aériens, et nous les aurons enfin. »"
            ),
            (Heading(2), "Ce que prévoit l'accord"),
            (
                ListItem,
                "la formation de deux cents officiers dans les académies russes ;"
            ),
            (
                ListItem,
                "la livraison d'hélicoptères de transport avant la fin de l'année ;"
            ),
            (
                ListItem,
                "un échange régulier de renseignements sur les groupes armés de la zone des trois frontières."
            ),
        ])
    );
    assert_eq!(
        inlines,
        [
            (
                InlineKind::Strong,
                "Le gouvernement nigérien a signé lundi à Moscou un accord de coopération militaire"
                    .to_owned()
            ),
            (InlineKind::Emphasis, "cinq ans".to_owned()),
            (InlineKind::Emphasis, "Quotidien du Sahel".to_owned()),
        ]
    );
    let links = linked(&document);
    assert!(
        links.contains(&(
            "Ali Lamine Zeine".to_owned(),
            "https://quotidien-sahel.example/personnalites/ali-lamine-zeine"
        )),
        "{links:?}"
    );
    assert!(
        links.contains(&("RFI".to_owned(), "https://www.rfi.fr/fr/afrique/niger")),
        "{links:?}"
    );
    assert!(
        links
            .iter()
            .all(|(_, url)| !url.contains("share") && !url.contains("/a/")),
        "{links:?}"
    );
}

#[test]
fn markdown_structure_is_recorded_over_the_same_text() {
    let source = "# Niger et Russie\n\nUn *accord* **signé** à [Moscou](https://x.org/m).\n\n## Contexte\n\n\
                  - premier point\n- second *point*\n  - imbriqué\n\n> Une citation\n> sur deux lignes.\n>\n> Et une autre.\n\n\
                  ###### Fin\n";
    let document = import_bytes(source.as_bytes(), Path::new("a.md"), None).unwrap();
    assert_eq!(
        document.text.as_str(),
        "Niger et Russie\n\nUn accord signé à Moscou.\n\nContexte\n\npremier point\n\nsecond point\n\nimbriqué\n\n\
         Une citation sur deux lignes.\n\nEt une autre.\n\nFin"
    );
    assert_eq!(ranges_problem(&document), None);
    let (blocks, inlines) = structure(&document);
    use BlockKind::*;
    assert_eq!(
        blocks,
        owned(&[
            (Title, "Niger et Russie"),
            (Heading(2), "Contexte"),
            (ListItem, "premier point"),
            (ListItem, "second point"),
            (ListItem, "imbriqué"),
            (Quote, "Une citation sur deux lignes."),
            (Quote, "Et une autre."),
            (Heading(6), "Fin"),
        ])
    );
    assert_eq!(
        inlines,
        [
            (InlineKind::Emphasis, "accord".to_owned()),
            (InlineKind::Strong, "signé".to_owned()),
            (InlineKind::Emphasis, "point".to_owned()),
        ]
    );
    assert_eq!(linked(&document), [("Moscou".to_owned(), "https://x.org/m")]);
}

/// A .docx with the given body, paragraph styles (id, name) and a hyperlink relationship `rId5`.
fn docx(body: &str, styles: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let styles: String = styles
        .iter()
        .map(|(id, name)| {
            format!(r#"<w:style w:type="paragraph" w:styleId="{id}"><w:name w:val="{name}"/></w:style>"#)
        })
        .collect();
    let files = [
        ("[Content_Types].xml", "<Types/>".to_owned()),
        (
            "word/document.xml",
            format!(r#"<w:document xmlns:w="w" xmlns:r="r"><w:body>{body}</w:body></w:document>"#),
        ),
        ("word/styles.xml", format!("<w:styles>{styles}</w:styles>")),
        (
            "word/_rels/document.xml.rels",
            r#"<Relationships><Relationship Id="rId5" Target="https://www.rfi.fr/x" TargetMode="External"/></Relationships>"#.to_owned(),
        ),
        (
            "docProps/core.xml",
            "<cp:coreProperties><dc:title>Rapport</dc:title></cp:coreProperties>".to_owned(),
        ),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in files {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn docx_structure_comes_from_styles_numbering_and_run_properties() {
    let paragraph = |style: &str, runs: &str| {
        let properties = if style.is_empty() {
            String::new()
        } else {
            format!("<w:pPr>{style}<w:rPr><w:b/></w:rPr></w:pPr>")
        };
        format!("<w:p>{properties}{runs}</w:p>")
    };
    let run = |props: &str, text: &str| {
        format!(r#"<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>"#)
    };
    let body = [
        paragraph(r#"<w:pStyle w:val="Title"/>"#, &run("", "Rapport")),
        paragraph(r#"<w:pStyle w:val="Titre1"/>"#, &run("", "Contexte")),
        paragraph(
            "",
            &[
                run("", "Un accord "),
                run("<w:b/>", "très "),
                run("<w:b/><w:i/>", "important"),
                run(r#"<w:b w:val="0"/>"#, ", signé à "),
                r#"<w:hyperlink r:id="rId5">"#.to_owned() + &run("<w:i/>", "Moscou") + "</w:hyperlink>",
                run("", "."),
            ]
            .concat(),
        ),
        paragraph(
            r#"<w:pStyle w:val="Heading3"/><w:numPr><w:numId w:val="2"/></w:numPr>"#,
            &run("", "Points"),
        ),
        paragraph(
            r#"<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>"#,
            &run("", "premier"),
        ),
        paragraph(r#"<w:pStyle w:val="Paragraphedeliste"/>"#, &run("", "second")),
        // A tracked change of style: the paragraph is a quote now, a heading before.
        paragraph(
            &[
                r#"<w:pStyle w:val="Citation"/>"#,
                r#"<w:pPrChange><w:pPr><w:pStyle w:val="Heading2"/></w:pPr></w:pPrChange>"#,
            ]
            .concat(),
            &run("", "« Une citation. »"),
        ),
        paragraph("", &run("", "Fin.")),
    ]
    .concat();
    let styles = [
        ("Titre1", "heading 1"),
        ("Paragraphedeliste", "List Paragraph"),
        ("Citation", "Quote"),
    ];
    let document = import_bytes(&docx(&body, &styles), Path::new("r.docx"), None).unwrap();
    assert_eq!(
        document.text.as_str(),
        "Rapport\n\nContexte\n\nUn accord très important, signé à Moscou.\n\nPoints\n\npremier\n\nsecond\n\n« Une citation. »\n\nFin."
    );
    assert_eq!(ranges_problem(&document), None);
    let (blocks, inlines) = structure(&document);
    use BlockKind::*;
    assert_eq!(
        blocks,
        owned(&[
            (Title, "Rapport"),
            (Heading(1), "Contexte"),
            (Heading(3), "Points"),
            (ListItem, "premier"),
            (ListItem, "second"),
            (Quote, "« Une citation. »"),
        ])
    );
    assert_eq!(
        inlines,
        [
            (InlineKind::Strong, "très important".to_owned()),
            (InlineKind::Emphasis, "important".to_owned()),
            (InlineKind::Emphasis, "Moscou".to_owned()),
        ]
    );
    assert_eq!(linked(&document), [("Moscou".to_owned(), "https://www.rfi.fr/x")]);
}
