//! DOCX to reading text: paragraphs, headings and list items from `word/document.xml`, hyperlinks
//! from its relationships, title and author from `docProps/core.xml`.
//!
//! Structure comes from paragraph styles (by their names in `word/styles.xml`, so a French
//! `Titre1` is still "heading 1"), numbering (list items) and run properties (bold, italic).
//!
//! Read with zip and quick-xml directly; every part is read with a size cap (zip bombs), and the
//! XML is streamed, so neither deep nesting nor a huge part can exhaust the stack or memory.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};
use zip::ZipArchive;
use zip::result::ZipError;

use super::Extracted;
use super::builder::{Built, TextBuilder};
use crate::model::{BlockKind, InlineKind};

/// The most a single part of the archive may decompress to.
const MAX_PART_BYTES: u64 = 64 << 20;
/// The most all the parts read may decompress to together.
const MAX_TOTAL_BYTES: u64 = 128 << 20;
/// More entries than this is no Word document (a real one has a few dozen, a few hundred with
/// many images): refused before the archive's directory is read.
pub const MAX_ENTRIES: u64 = 10_000;

type Archive<'a> = ZipArchive<Cursor<&'a [u8]>>;

/// True when the bytes are a ZIP archive holding a Word document, or one with too many entries
/// to look into (the importer then says so, rather than "not a Word document").
pub fn is_word_document(bytes: &[u8]) -> bool {
    match open(bytes) {
        Ok(mut zip) => zip.by_name("word/document.xml").is_ok(),
        Err(Refused::TooManyEntries(_)) => true,
        Err(Refused::Damaged(_)) => false,
    }
}

enum Refused {
    TooManyEntries(u64),
    Damaged(ZipError),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::TooManyEntries(count) => write!(
                f,
                "this Word file is damaged or hostile: it has {count} entries, more than the limit of {MAX_ENTRIES}"
            ),
            Refused::Damaged(error) => write!(f, "this Word file is damaged: {error}"),
        }
    }
}

/// Opens the archive, refusing one with more than [`MAX_ENTRIES`] entries.
fn open(bytes: &[u8]) -> Result<Archive<'_>, Refused> {
    if let Some(count) = declared_entries(bytes).filter(|&count| count > MAX_ENTRIES) {
        return Err(Refused::TooManyEntries(count));
    }
    let zip = ZipArchive::new(Cursor::new(bytes)).map_err(Refused::Damaged)?;
    match zip.len() as u64 {
        count if count > MAX_ENTRIES => Err(Refused::TooManyEntries(count)),
        _ => Ok(zip),
    }
}

/// The entry count the end of central directory record declares (its ZIP64 record's, when
/// there is one), read before the zip crate reads the directory itself.
fn declared_entries(bytes: &[u8]) -> Option<u64> {
    const EOCD: &[u8] = b"PK\x05\x06";
    const ZIP64_LOCATOR: &[u8] = b"PK\x06\x07";
    const ZIP64_EOCD: &[u8] = b"PK\x06\x06";
    let tail_start = bytes.len().saturating_sub(22 + u16::MAX as usize);
    let at = tail_start + memchr::memmem::rfind(&bytes[tail_start..], EOCD)?;
    let u16_at = |i: usize| Some(u16::from_le_bytes(bytes.get(i..i + 2)?.try_into().ok()?));
    let u64_at = |i: usize| Some(u64::from_le_bytes(bytes.get(i..i + 8)?.try_into().ok()?));
    let count = u16_at(at + 10)?;
    let zip64 = at
        .checked_sub(20)
        .filter(|&locator| bytes.get(locator..locator + 4) == Some(ZIP64_LOCATOR))
        .and_then(|locator| u64_at(locator + 8))
        .and_then(|record| usize::try_from(record).ok())
        .filter(|&record| bytes.get(record..record.saturating_add(4)) == Some(ZIP64_EOCD))
        .and_then(|record| u64_at(record + 32));
    zip64.or(Some(u64::from(count)))
}

pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    let mut zip = open(bytes).map_err(|refused| refused.to_string())?;
    let mut budget = MAX_TOTAL_BYTES;
    let mut part = |zip: &mut Archive<'_>, name: &str| part(zip, name, &mut budget);
    let document = part(&mut zip, "word/document.xml")?.ok_or("this Word file has no document part")?;
    let links = relationships(&part(&mut zip, "word/_rels/document.xml.rels")?.unwrap_or_default())?;
    let styles = style_names(&part(&mut zip, "word/styles.xml")?.unwrap_or_default());
    let Built {
        text,
        links: doc_links,
        blocks,
        inlines,
    } = body_text(&document, &links, &styles).map_err(|e| format!("this Word file is damaged: {e}"))?;
    let core = part(&mut zip, "docProps/core.xml")?.unwrap_or_default();
    Ok(Extracted {
        text,
        title: element_text(&core, "dc:title"),
        author: element_text(&core, "dc:creator"),
        published: element_text(&core, "dcterms:created"),
        links: doc_links,
        blocks,
        inlines,
        ..Extracted::default()
    })
}

/// Style id -> style name (`Titre1` -> `heading 1`); a damaged styles part gives what was read.
fn style_names(xml: &str) -> HashMap<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut names = HashMap::new();
    let mut current: Option<String> = None;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) if e.name().as_ref() == "w:style" => current = attribute(&e, "w:styleId"),
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "w:name" => {
                if let (Some(id), Some(name)) = (current.take(), attribute(&e, "w:val")) {
                    names.insert(id, name);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    names
}

/// The block kind of a paragraph style, by its name (or its id when the name is unknown).
fn style_kind(id: &str, styles: &HashMap<String, String>) -> Option<BlockKind> {
    let name: String = styles
        .get(id)
        .map_or(id, String::as_str)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_lowercase();
    if let Some(level) = name.strip_prefix("heading") {
        return level
            .parse::<u8>()
            .ok()
            .filter(|level| (1..=6).contains(level))
            .map(BlockKind::Heading);
    }
    match name.as_str() {
        "title" => Some(BlockKind::Title),
        "quote" | "intensequote" | "blocktext" => Some(BlockKind::Quote),
        _ if name.starts_with("list") => Some(BlockKind::ListItem),
        _ => None,
    }
}

/// False for `w:val="0"`, `"false"`, `"off"`: a run property switched off.
fn switched_on(element: &BytesStart<'_>) -> bool {
    !matches!(
        attribute(element, "w:val").as_deref(),
        Some("0" | "false" | "off" | "none")
    )
}

/// Reads a part, inflating at most [`MAX_PART_BYTES`] of it and at most `budget` (which it
/// lowers): the sizes the archive declares are not trusted.
fn part(zip: &mut Archive<'_>, name: &str, budget: &mut u64) -> Result<Option<String>, String> {
    let file = match zip.by_name(name) {
        Ok(file) => file,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(format!("this Word file is damaged ({name}: {e})")),
    };
    let limit = MAX_PART_BYTES.min(*budget);
    let mut bytes = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("this Word file is damaged ({name}: {e})"))?;
    if bytes.len() as u64 > limit {
        return Err(if limit == MAX_PART_BYTES {
            format!(
                "this Word file is damaged or hostile: {name} is larger than {} MiB once unpacked",
                MAX_PART_BYTES >> 20
            )
        } else {
            format!(
                "this Word file is damaged or hostile: its parts are larger than {} MiB once unpacked",
                MAX_TOTAL_BYTES >> 20
            )
        });
    }
    *budget -= bytes.len() as u64;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|e| format!("this Word file is damaged ({name}: {e})"))
}

fn attribute(element: &BytesStart<'_>, key: &str) -> Option<String> {
    let value = element.try_get_attribute(key).ok()??;
    value
        .normalized_value(XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

/// Relationship id -> target, for hyperlinks.
fn relationships(xml: &str) -> Result<HashMap<String, String>, String> {
    let mut reader = Reader::from_str(xml);
    let mut targets = HashMap::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == "Relationship" => {
                if let (Some(id), Some(target)) = (attribute(&e, "Id"), attribute(&e, "Target")) {
                    targets.insert(id, target);
                }
            }
            Event::Eof => return Ok(targets),
            _ => {}
        }
    }
}

/// The text of the first `name` element, for the document properties.
fn element_text(xml: &str, name: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut inside = false;
    let mut text = String::new();
    loop {
        match reader.read_event().ok()? {
            Event::Start(e) if e.name().as_ref() == name => inside = true,
            Event::End(e) if e.name().as_ref() == name => {
                return Some(text.trim().to_owned()).filter(|t| !t.is_empty());
            }
            Event::Text(t) if inside => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if inside => text.push_str(resolve_predefined_entity(&r).unwrap_or("")),
            Event::Eof => return None,
            _ => {}
        }
    }
}

fn body_text(
    xml: &str,
    links: &HashMap<String, String>,
    styles: &HashMap<String, String>,
) -> Result<Built, quick_xml::Error> {
    let mut reader = Reader::from_str(xml);
    let mut builder = TextBuilder::default();
    let (mut in_text, mut in_run, mut skipped) = (false, false, 0u32);
    // The paragraph's kind while its properties are read; whether a kind was opened, per paragraph.
    let (mut paragraph_kind, mut opened) = (None::<BlockKind>, Vec::<bool>::new());
    // The run's emphasis while its properties are read, and what was opened for it.
    let (mut run_inlines, mut open_inlines) = (Vec::<InlineKind>::new(), Vec::<InlineKind>::new());
    loop {
        let event = reader.read_event()?;
        if skipped == 0 {
            match &event {
                Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                    "w:pStyle" => {
                        paragraph_kind = attribute(e, "w:val").and_then(|id| style_kind(&id, styles))
                    }
                    "w:numPr" if paragraph_kind.is_none() => paragraph_kind = Some(BlockKind::ListItem),
                    "w:b" if in_run && switched_on(e) => run_inlines.push(InlineKind::Strong),
                    "w:i" if in_run && switched_on(e) => run_inlines.push(InlineKind::Emphasis),
                    _ => {}
                },
                Event::End(e) => match e.name().as_ref() {
                    "w:pPr" => {
                        if let (Some(kind), Some(open)) = (paragraph_kind.take(), opened.last_mut()) {
                            builder.start_kind(kind);
                            *open = true;
                        }
                    }
                    "w:rPr" if in_run => {
                        for kind in run_inlines.drain(..) {
                            builder.start_inline(kind);
                            open_inlines.push(kind);
                        }
                    }
                    _ => {}
                },
                _ => {}
            }
        }
        match event {
            Event::Start(e) => {
                let name = e.name();
                let name = name.as_ref();
                // Fallback content repeats the preferred content; deleted text is not the text, nor
                // are the properties a tracked change replaced.
                if skipped > 0
                    || matches!(
                        name,
                        "mc:Fallback" | "w:del" | "w:moveFrom" | "w:pPrChange" | "w:rPrChange"
                    )
                {
                    skipped += 1;
                    continue;
                }
                match name {
                    "w:p" => {
                        builder.block();
                        paragraph_kind = None;
                        opened.push(false);
                    }
                    "w:r" => in_run = true,
                    "w:t" => in_text = true,
                    "w:hyperlink" => {
                        let url = attribute(&e, "r:id").and_then(|id| links.get(&id).cloned());
                        builder.start_link(url.unwrap_or_default());
                    }
                    _ => {}
                }
            }
            Event::Empty(e) if skipped == 0 && in_run => match e.name().as_ref() {
                "w:tab" => builder.push("\t"),
                "w:br" | "w:cr" => builder.line_break(),
                "w:noBreakHyphen" => builder.push("-"),
                _ => {}
            },
            Event::End(e) => {
                if skipped > 0 {
                    skipped -= 1;
                    continue;
                }
                match e.name().as_ref() {
                    "w:t" => in_text = false,
                    "w:r" => {
                        in_run = false;
                        run_inlines.clear();
                        for kind in open_inlines.drain(..) {
                            builder.end_inline(kind);
                        }
                    }
                    "w:hyperlink" => builder.end_link(),
                    "w:p" => {
                        if opened.pop() == Some(true) {
                            builder.end_kind();
                        } else {
                            builder.block();
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if in_text && skipped == 0 => builder.push(&t.xml10_content()),
            Event::GeneralRef(r) if in_text && skipped == 0 => match r.resolve_char_ref()? {
                Some(c) => builder.push(c.encode_utf8(&mut [0; 4])),
                None => builder.push(resolve_predefined_entity(&r).unwrap_or("")),
            },
            Event::Eof => return Ok(builder.finish()),
            _ => {}
        }
    }
}

#[cfg(test)]
pub mod tests {
    use std::io::Write;

    use super::*;

    /// A minimal .docx with the given `word/document.xml` body.
    pub fn docx(body: &str) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default();
        let files = [
            ("[Content_Types].xml", "<Types/>".to_owned()),
            (
                "word/document.xml",
                format!(
                    r#"<w:document xmlns:w="w" xmlns:r="r"><w:body>{body}</w:body></w:document>"#
                ),
            ),
            (
                "word/_rels/document.xml.rels",
                r#"<Relationships><Relationship Id="rId5" Target="https://www.rfi.fr/x" TargetMode="External"/></Relationships>"#.to_owned(),
            ),
            (
                "docProps/core.xml",
                "<cp:coreProperties><dc:title>Niger &amp; Russie</dc:title><dc:creator>Auteur</dc:creator></cp:coreProperties>".to_owned(),
            ),
        ];
        for (name, content) in files {
            zip.start_file(name, options).unwrap();
            zip.write_all(content.as_bytes()).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn paragraphs_headings_lists_and_links() {
        let body = r#"<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Titre</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">Comme le </w:t></w:r><w:hyperlink r:id="rId5"><w:r><w:t>montre RFI</w:t></w:r></w:hyperlink><w:r><w:t>, l&apos;œil.</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Москва</w:t><w:tab/><w:t>😀</w:t></w:r></w:p>
            <w:p><w:del><w:r><w:delText>supprimé</w:delText></w:r></w:del><w:r><w:t>سلام</w:t></w:r></w:p>"#;
        let extracted = extract(&docx(body)).unwrap();
        assert_eq!(
            extracted.text,
            "Titre\n\nComme le montre RFI, l'œil.\n\nМосква\t😀\n\nسلام"
        );
        assert_eq!(extracted.title.as_deref(), Some("Niger & Russie"));
        assert_eq!(extracted.author.as_deref(), Some("Auteur"));
        let link = &extracted.links[0];
        assert_eq!(
            (link.start, link.end, link.url.as_str()),
            (16, 26, "https://www.rfi.fr/x")
        );
    }

    #[test]
    fn broken_archives_are_reported() {
        let mut truncated = docx("<w:p><w:r><w:t>x</w:t></w:r></w:p>");
        truncated.truncate(truncated.len() / 2);
        assert!(extract(&truncated).unwrap_err().contains("damaged"));
        assert!(
            extract(&docx("<w:p><w:r><w:t>x</w:r></w:p>"))
                .unwrap_err()
                .contains("damaged")
        );
    }
}
