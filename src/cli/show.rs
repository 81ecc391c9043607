//! `marginalia show`: one document's metadata, links, structure and notes, as text or JSON.

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::model::text::shorten;
use crate::model::{BlockKind, CharRange, Document, InlineKind};

/// Longest link or block text shown in the text listing before it is shortened.
const TEXT_CHARS: usize = 70;

#[derive(Serialize)]
struct Shown<'a> {
    id: &'a str,
    title: &'a str,
    author: Option<&'a str>,
    published: Option<&'a str>,
    url: Option<&'a str>,
    source: Option<Source<'a>>,
    sha256: &'a str,
    characters: usize,
    links: Vec<LinkRow<'a>>,
    blocks: Vec<BlockRow<'a>>,
    inlines: InlineCounts,
    notes: Vec<NoteRow<'a>>,
}

/// A note on the whole document.
#[derive(Serialize)]
struct NoteRow<'a> {
    author: Option<&'a str>,
    created: Option<String>,
    text: &'a str,
}

#[derive(Serialize)]
struct Source<'a> {
    original: &'a str,
    format: &'a str,
    encoding: Option<&'a str>,
    imported: String,
}

#[derive(Serialize)]
struct LinkRow<'a> {
    start: usize,
    end: usize,
    text: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct BlockRow<'a> {
    /// `title`, `heading`, `list item` or `quote`.
    kind: &'static str,
    /// The heading level, 1 (largest) to 6.
    level: Option<u8>,
    start: usize,
    end: usize,
    text: &'a str,
}

#[derive(Serialize)]
struct InlineCounts {
    count: usize,
    emphasis: usize,
    strong: usize,
}

fn shown(document: &Document) -> Shown<'_> {
    let text = |start, end| document.text.slice(CharRange::new(start, end)).unwrap_or("");
    Shown {
        id: document.id.as_str(),
        title: &document.title,
        author: document.author.as_deref(),
        published: document.published.as_deref(),
        url: document.url.as_deref(),
        source: document.source.as_ref().map(|source| Source {
            original: &source.original,
            format: &source.format,
            encoding: source.encoding.as_deref(),
            imported: source.imported.to_string(),
        }),
        sha256: &document.sha256,
        characters: document.text.char_len(),
        links: document
            .links
            .iter()
            .map(|link| LinkRow {
                start: link.start,
                end: link.end,
                text: text(link.start, link.end),
                url: &link.url,
            })
            .collect(),
        blocks: document
            .blocks
            .iter()
            .map(|block| {
                let (kind, level) = match block.kind {
                    BlockKind::Title => ("title", None),
                    BlockKind::Heading(level) => ("heading", Some(level)),
                    BlockKind::ListItem => ("list item", None),
                    BlockKind::Quote => ("quote", None),
                };
                BlockRow {
                    kind,
                    level,
                    start: block.start,
                    end: block.end,
                    text: text(block.start, block.end),
                }
            })
            .collect(),
        inlines: InlineCounts {
            count: document.inlines.len(),
            emphasis: document
                .inlines
                .iter()
                .filter(|i| i.kind == InlineKind::Emphasis)
                .count(),
            strong: document
                .inlines
                .iter()
                .filter(|i| i.kind == InlineKind::Strong)
                .count(),
        },
        notes: document
            .notes
            .iter()
            .map(|note| NoteRow {
                author: note.author.as_deref(),
                created: note.created.map(|time| time.to_string()),
                text: &note.text,
            })
            .collect(),
    }
}

/// Prints the document; JSON gives link and block texts whole, the text listing shortens them.
pub fn print(document: &Document, json: bool) -> Result<()> {
    let shown = shown(document);
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&shown)?)?;
        return Ok(());
    }
    let unknown = |value: Option<&str>| value.unwrap_or("-").to_owned();
    let source = shown.source.as_ref().map_or_else(
        || "-".to_owned(),
        |s| {
            let encoding = s.encoding.map(|e| format!(", {e}")).unwrap_or_default();
            format!("{} ({}{encoding}, imported {})", s.original, s.format, s.imported)
        },
    );
    let rows = [
        ("id", shown.id.to_owned()),
        ("title", shown.title.to_owned()),
        ("author", unknown(shown.author)),
        ("published", unknown(shown.published)),
        ("url", unknown(shown.url)),
        ("source", source),
        ("sha256", unknown(Some(shown.sha256).filter(|s| !s.is_empty()))),
        ("characters", shown.characters.to_string()),
    ];
    for (name, value) in rows {
        writeln!(out, "{:11} {value}", format!("{name}:"))?;
    }
    writeln!(out, "links: {}", shown.links.len())?;
    for link in &shown.links {
        writeln!(
            out,
            "  {}..{}  \"{}\"  {}",
            link.start,
            link.end,
            shorten(link.text, TEXT_CHARS),
            link.url
        )?;
    }
    let inlines = &shown.inlines;
    writeln!(
        out,
        "structure: {} block(s), {} inline(s) ({} emphasis, {} strong)",
        shown.blocks.len(),
        inlines.count,
        inlines.emphasis,
        inlines.strong
    )?;
    for block in &shown.blocks {
        let kind = match block.level {
            Some(level) => format!("{} {level}", block.kind),
            None => block.kind.to_owned(),
        };
        writeln!(
            out,
            "  {kind:10} {}..{}  \"{}\"",
            block.start,
            block.end,
            shorten(block.text, TEXT_CHARS)
        )?;
    }
    writeln!(out, "notes: {}", shown.notes.len())?;
    for note in &shown.notes {
        let by = [note.author, note.created.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        writeln!(out, "  {}:", if by.is_empty() { "-" } else { &by })?;
        for line in note.text.lines() {
            match line.trim_end() {
                "" => writeln!(out)?,
                line => writeln!(out, "    {line}")?,
            }
        }
    }
    Ok(())
}
