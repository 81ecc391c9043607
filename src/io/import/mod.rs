//! Documents in: recognising what a file is, extracting its reading text, and making a [`Document`].
//!
//! The type comes from the bytes (magic numbers) first and the extension second, so a PDF renamed
//! `.txt` still imports as a PDF and a text file named `.pdf` gets a clear message. Every extractor
//! runs under `catch_unwind`: a malformed file can fail, never take the app down. PDF, DOCX and
//! HTML, read by third-party parsers, run in a child process with time and memory limits when the
//! program is the `marginalia` binary ([`isolated`]), so a crash, hang or stack overflow there is
//! a message too.

mod builder;
mod docx;
mod html;
pub mod isolated;
mod markdown;
mod pdf;
mod text;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::model::{Block, BlockKind, DocLink, Document, Inline, PageSpan, Provenance, annotation::now};

pub use text::{DecodeError, Decoded, decode_text};

/// Files larger than this are refused before they are read.
pub const MAX_DOCUMENT_BYTES: u64 = 50 * 1024 * 1024;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    Html,
    Pdf,
    Docx,
}

impl Format {
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "markdown",
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Docx => "docx",
        }
    }

    /// A format by its name (`text`, `markdown`, `html`, `pdf`, `docx`) or a usual extension.
    pub fn from_name(name: &str) -> Option<Format> {
        Self::from_extension(name).or_else(|| {
            [
                Format::Text,
                Format::Markdown,
                Format::Html,
                Format::Pdf,
                Format::Docx,
            ]
            .into_iter()
            .find(|format| format.name().eq_ignore_ascii_case(name))
        })
    }

    /// A fragment of the original (an old quote, say) as this format's importer would read it.
    pub fn clean_fragment(self, fragment: &str) -> String {
        match self {
            Format::Markdown => markdown::extract(fragment).text,
            _ => fragment.to_owned(),
        }
    }

    fn from_extension(extension: &str) -> Option<Format> {
        Some(match extension.to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" | "mdown" => Format::Markdown,
            "html" | "htm" | "xhtml" => Format::Html,
            "pdf" => Format::Pdf,
            "docx" => Format::Docx,
            _ => return None,
        })
    }
}

/// What an extractor found: the reading text and whatever the format told about it.
#[derive(Debug, Default)]
pub struct Extracted {
    pub text: String,
    pub title: Option<String>,
    pub author: Option<String>,
    pub published: Option<String>,
    pub url: Option<String>,
    pub links: Vec<DocLink>,
    pub pages: Vec<PageSpan>,
    /// Headings, list items and quotes (code points, sorted by start).
    pub blocks: Vec<Block>,
    /// Emphasis (code points, sorted by start).
    pub inlines: Vec<Inline>,
    pub encoding: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: cannot read: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: the file is {size} bytes, more than the limit of {limit} bytes", path.display())]
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("{}: {problem}", path.display())]
    Decode { path: PathBuf, problem: DecodeError },
    #[error("{}: {problem}", path.display())]
    Unreadable { path: PathBuf, problem: String },
    /// The reader in the child process crashed, hung or ran out of memory.
    #[error("could not read {reader} {}: the {reader} reader {what}", path.display())]
    Isolated {
        path: PathBuf,
        reader: &'static str,
        what: String,
    },
    /// The reader in the child process refused the file: its message, which names the file.
    #[error("{0}")]
    Refused(String),
}

/// Reads a file into a new document. `title` defaults to the document's own title, then its first
/// line, then the file name.
pub fn import_file(path: &Path, title: Option<&str>) -> Result<Document, ImportError> {
    import_file_as(path, title, None)
}

/// [`import_file`], reading the file as `format` instead of the detected one when given.
pub fn import_file_as(
    path: &Path,
    title: Option<&str>,
    format: Option<Format>,
) -> Result<Document, ImportError> {
    let bytes = read_limited(path)?;
    let format = match format {
        Some(format) => format,
        None => detect(&bytes, extension_of(path)).map_err(|problem| ImportError::Unreadable {
            path: path.to_owned(),
            problem,
        })?,
    };
    if isolated::isolates(format)
        && let Some(program) = isolated::child_program()
    {
        return isolated::import_in_child(&program, path, title, format);
    }
    import_bytes_as(&bytes, path, title, Some(format))
}

/// A file's bytes, refused before reading when larger than [`MAX_DOCUMENT_BYTES`].
fn read_limited(path: &Path) -> Result<Vec<u8>, ImportError> {
    let read_error = |source| ImportError::Read {
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    if size > MAX_DOCUMENT_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_owned(),
            size,
            limit: MAX_DOCUMENT_BYTES,
        });
    }
    std::fs::read(path).map_err(read_error)
}

fn extension_of(path: &Path) -> &str {
    path.extension().and_then(|e| e.to_str()).unwrap_or("")
}

/// Turns a file's bytes into a document; `path` names it in messages and provenance.
pub fn import_bytes(bytes: &[u8], path: &Path, title: Option<&str>) -> Result<Document, ImportError> {
    import_bytes_as(bytes, path, title, None)
}

/// [`import_bytes`], reading the bytes as `format` instead of the detected one when given.
pub fn import_bytes_as(
    bytes: &[u8],
    path: &Path,
    title: Option<&str>,
    format: Option<Format>,
) -> Result<Document, ImportError> {
    let extension = extension_of(path);
    let unreadable = |problem: String| ImportError::Unreadable {
        path: path.to_owned(),
        problem,
    };
    let format = match format {
        Some(format) => format,
        None => detect(bytes, extension).map_err(unreadable)?,
    };
    let extracted = catch_unwind(AssertUnwindSafe(|| extract(format, bytes)))
        .map_err(|_| unreadable(format!("the {} importer could not read this file", format.name())))?
        .map_err(|problem| match problem {
            Problem::Decode(problem) => ImportError::Decode {
                path: path.to_owned(),
                problem,
            },
            Problem::Other(problem) => unreadable(problem),
        })?;
    if extracted.text.trim().is_empty() {
        return Err(unreadable(format!("the {} file contains no text", format.name())));
    }
    let mut document = Document::new(String::new(), extracted.text);
    document.blocks = extracted.blocks;
    document.inlines = extracted.inlines;
    // A title the format gives is marked where the text starts with it; a title taken from the
    // first line only where that line is a heading already.
    let own_title = extracted.title.is_some();
    document.title = title
        .map(str::to_owned)
        .or(extracted.title)
        .or_else(|| first_line_title(document.text.as_str()))
        .unwrap_or_else(|| file_stem(path));
    mark_title(
        &mut document.blocks,
        document.text.as_str(),
        &document.title,
        own_title,
    );
    document.sha256 = sha256_hex(bytes);
    document.author = extracted.author;
    document.published = extracted.published;
    document.url = extracted.url;
    document.links = extracted.links;
    document.pages = extracted.pages;
    document.source = Some(Provenance {
        original: path.display().to_string(),
        format: format.name().to_owned(),
        encoding: extracted.encoding,
        imported: now(),
    });
    Ok(document)
}

/// Marks the first line as the document's `title` when the text starts with it: the heading there
/// becomes the title, or (with `insert`) a title block is added.
fn mark_title(blocks: &mut Vec<Block>, text: &str, title: &str, insert: bool) {
    let title = title.trim();
    let first = text.lines().next().unwrap_or("");
    if title.is_empty() || first.trim_end() != title {
        return;
    }
    let end = title.chars().count();
    match blocks.first_mut() {
        Some(block) if block.start == 0 && block.end == end => {
            if matches!(block.kind, BlockKind::Heading(_)) {
                block.kind = BlockKind::Title;
            }
        }
        Some(block) if block.start < end => {}
        _ if !insert => {}
        _ => blocks.insert(
            0,
            Block {
                kind: BlockKind::Title,
                start: 0,
                end,
            },
        ),
    }
}

/// A document from pasted text, titled by its first line.
pub fn import_pasted(text: &str) -> Option<Document> {
    if text.trim().is_empty() {
        return None;
    }
    let title = first_line_title(text).unwrap_or_else(|| "Pasted text".to_owned());
    let mut document = Document::new(title, text);
    document.sha256 = sha256_hex(text.as_bytes());
    document.source = Some(Provenance {
        original: "clipboard".to_owned(),
        format: "text".to_owned(),
        encoding: Some("UTF-8".to_owned()),
        imported: now(),
    });
    Some(document)
}

enum Problem {
    Decode(DecodeError),
    Other(String),
}

impl From<DecodeError> for Problem {
    fn from(problem: DecodeError) -> Self {
        Problem::Decode(problem)
    }
}

fn extract(format: Format, bytes: &[u8]) -> Result<Extracted, Problem> {
    Ok(match format {
        Format::Text => {
            let decoded = decode_text(bytes)?;
            Extracted {
                text: decoded.text,
                encoding: Some(decoded.encoding),
                ..Extracted::default()
            }
        }
        Format::Markdown => {
            let decoded = decode_text(bytes)?;
            Extracted {
                encoding: Some(decoded.encoding),
                ..markdown::extract(&decoded.text)
            }
        }
        Format::Html => {
            let decoded = decode_text(bytes)?;
            Extracted {
                encoding: Some(decoded.encoding),
                ..html::extract(&decoded.text).map_err(Problem::Other)?
            }
        }
        Format::Pdf => pdf::extract(bytes).map_err(Problem::Other)?,
        Format::Docx => docx::extract(bytes).map_err(Problem::Other)?,
    })
}

/// The format of a file from its bytes, checked against what its extension claims.
fn detect(bytes: &[u8], extension: &str) -> Result<Format, String> {
    let claimed = Format::from_extension(extension);
    let kind = infer::get(bytes);
    let sniffed = kind.map(|kind| kind.mime_type());
    let found = match sniffed {
        Some("application/pdf") => Format::Pdf,
        Some(
            "application/zip" | "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ) => {
            if docx::is_word_document(bytes) {
                Format::Docx
            } else {
                return Err("this is a ZIP archive, not a Word document".to_owned());
            }
        }
        Some("application/x-ole-storage" | "application/msword") => {
            return Err("this is an encrypted or old-style Word file (.doc); open it in Word and save it as .docx without a password".to_owned());
        }
        Some("text/html") => Format::Html,
        Some(mime) if !mime.starts_with("text/") => {
            let name = kind.map_or("", |kind| kind.extension()).to_uppercase();
            return Err(format!("this is a {name} file ({mime}), not a document"));
        }
        _ => match claimed {
            Some(Format::Pdf | Format::Docx) => {
                let name = claimed.map_or("", Format::name);
                return Err(format!(
                    "the file is named .{extension} but its content is not {name}"
                ));
            }
            Some(format) => format,
            None if looks_like_html(bytes) => Format::Html,
            None => Format::Text,
        },
    };
    Ok(found)
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let start = String::from_utf8_lossy(&bytes[..bytes.len().min(512)])
        .trim_start()
        .to_ascii_lowercase();
    start.starts_with("<!doctype html") || start.starts_with("<html")
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The first non-blank line, shortened to a title's length.
pub fn first_line_title(text: &str) -> Option<String> {
    let line = text.lines().map(str::trim).find(|line| !line.is_empty())?;
    Some(crate::model::text::shorten(line, 120))
}

fn file_stem(path: &Path) -> String {
    path.file_stem().map_or_else(
        || "Untitled".to_owned(),
        |stem| stem.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_detected_from_content_then_extension() {
        // (bytes, extension, expected format or the start of the error)
        let cases: &[(&[u8], &str, Result<Format, &str>)] = &[
            (b"plain", "txt", Ok(Format::Text)),
            (b"# Titre", "md", Ok(Format::Markdown)),
            (
                b"<!DOCTYPE html><html><body>x</body></html>",
                "txt",
                Ok(Format::Html),
            ),
            (b"<html><body>x</body></html>", "", Ok(Format::Html)),
            (b"%PDF-1.7\n", "txt", Ok(Format::Pdf)),
            (
                b"just text",
                "pdf",
                Err("the file is named .pdf but its content is not pdf"),
            ),
            (
                b"just text",
                "docx",
                Err("the file is named .docx but its content is not docx"),
            ),
            (
                b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
                "docx",
                Err("this is a ZIP archive, not a Word document"),
            ),
            (
                b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
                "docx",
                Err("this is an encrypted or old-style Word file"),
            ),
            (
                b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
                "txt",
                Err("this is a PNG file (image/png), not a document"),
            ),
        ];
        for (bytes, extension, expected) in cases {
            let found = detect(bytes, extension);
            match expected {
                Ok(format) => assert_eq!(found.as_ref(), Ok(format), "{extension}"),
                Err(start) => assert!(
                    found.as_ref().is_err_and(|e| e.starts_with(start)),
                    "{extension}: {found:?}"
                ),
            }
        }
    }
}
