//! Documents in: reading a file, recognising what it is, and turning it into a [`Document`].

mod text;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::model::{Document, Provenance, annotation::now};

pub use text::{DecodeError, Decoded, decode_text};

/// Files larger than this are refused before they are read.
pub const MAX_DOCUMENT_BYTES: u64 = 50 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}: cannot read: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: the file is {size} bytes, more than the limit of {limit} bytes", path.display())]
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("{}: {problem}", path.display())]
    Decode { path: PathBuf, problem: DecodeError },
}

/// Reads a text file into a new document. `title` defaults to the first line of text, or the
/// file name when the text has none.
pub fn import_file(path: &Path, title: Option<&str>) -> Result<Document, ImportError> {
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
    let bytes = std::fs::read(path).map_err(read_error)?;
    let decoded = decode_text(&bytes).map_err(|problem| ImportError::Decode {
        path: path.to_owned(),
        problem,
    })?;
    let title = title
        .map(str::to_owned)
        .or_else(|| first_line_title(&decoded.text))
        .unwrap_or_else(|| file_stem(path));
    let mut document = Document::new(title, decoded.text);
    document.sha256 = sha256_hex(&bytes);
    document.source = Some(Provenance {
        original: path.display().to_string(),
        format: "text".to_owned(),
        encoding: Some(decoded.encoding),
        imported: now(),
    });
    Ok(document)
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

/// The first non-blank line, shortened to a title's length.
pub fn first_line_title(text: &str) -> Option<String> {
    const MAX_TITLE_CHARS: usize = 120;
    let line = text.lines().map(str::trim).find(|line| !line.is_empty())?;
    Some(match line.char_indices().nth(MAX_TITLE_CHARS) {
        Some((cut, _)) => format!("{}…", line[..cut].trim_end()),
        None => line.to_owned(),
    })
}

fn file_stem(path: &Path) -> String {
    path.file_stem().map_or_else(
        || "Untitled".to_owned(),
        |stem| stem.to_string_lossy().into_owned(),
    )
}
