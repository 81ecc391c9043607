//! Annotations in and out: the exchange formats of DESIGN section 7 (W3C Web Annotation, brat,
//! CSV, doccano/spaCy JSONL, Label Studio, Hypothesis, the HTML report).
//!
//! Exporters turn a project into files; importers turn a file into one [`Edit`] (so an import is
//! undone in one step) plus a summary of what was imported, re-anchored, orphaned and skipped.
//! A file that breaks its format is refused whole, with the file and place, and nothing changes.

pub mod brat;
pub mod claimreview;
pub mod csv;
pub mod feedback;
pub mod html_report;
pub mod hypothesis;
mod incoming;
pub mod jsonl;
pub mod label_studio;
pub mod offsets;
pub mod w3c;

use std::fmt;
use std::path::{Path, PathBuf};

pub use incoming::{ImportOutcome, ImportSummary, Placement, Skipped};
pub use offsets::OffsetUnit;

use crate::model::{DocId, Project};

/// What went wrong with a file, and where: `place` is a line:column, a JSON path or a line.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {message}", path.display(), place.as_deref().map(|p| format!(":{p}")).unwrap_or_default())]
pub struct FormatError {
    pub path: PathBuf,
    pub place: Option<String>,
    pub message: String,
}

impl FormatError {
    pub fn new(path: &Path, place: Option<String>, message: impl Into<String>) -> Self {
        Self {
            path: path.to_owned(),
            place,
            message: message.into(),
        }
    }

    pub fn io(path: &Path, error: &std::io::Error) -> Self {
        Self::new(path, None, error.to_string())
    }

    /// A problem at a JSON pointer (`/items/3/target`; the root is `/`).
    pub fn at_pointer(path: &Path, (pointer, message): (String, String)) -> Self {
        let place = if pointer.is_empty() {
            "/".to_owned()
        } else {
            pointer
        };
        Self::new(path, Some(place), message)
    }

    /// A JSON syntax error, placed at its line and column.
    pub fn json(path: &Path, error: &serde_json::Error) -> Self {
        let place = (error.line() > 0).then(|| format!("{}:{}", error.line(), error.column()));
        // The place is already in front; drop serde's own " at line 1 column 2".
        let text = error.to_string();
        let message = text.split(" at line ").next().unwrap_or(&text);
        Self::new(path, place, format!("not valid JSON: {message}"))
    }
}

/// Formats annotations are exported to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    W3c,
    Brat,
    Csv,
    Jsonl,
    Html,
    ClaimReview,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::W3c,
        ExportFormat::Brat,
        ExportFormat::Csv,
        ExportFormat::Jsonl,
        ExportFormat::Html,
        ExportFormat::ClaimReview,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::W3c => "w3c",
            ExportFormat::Brat => "brat",
            ExportFormat::Csv => "csv",
            ExportFormat::Jsonl => "jsonl",
            ExportFormat::Html => "html",
            ExportFormat::ClaimReview => "claimreview",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.name() == name)
    }

    pub fn title(self) -> &'static str {
        match self {
            ExportFormat::W3c => "W3C Web Annotation (JSON-LD)",
            ExportFormat::Brat => "brat standoff (folder of .txt + .ann)",
            ExportFormat::Csv => "CSV spreadsheet",
            ExportFormat::Jsonl => "doccano / spaCy JSONL",
            ExportFormat::Html => "HTML report",
            ExportFormat::ClaimReview => "schema.org ClaimReview (claims with a verdict)",
        }
    }

    /// The file name extension, or `None` for brat, which writes a folder.
    pub fn extension(self) -> Option<&'static str> {
        match self {
            ExportFormat::W3c => Some("jsonld"),
            ExportFormat::Brat => None,
            ExportFormat::Csv => Some("csv"),
            ExportFormat::Jsonl => Some("jsonl"),
            ExportFormat::Html => Some("html"),
            ExportFormat::ClaimReview => Some("json"),
        }
    }
}

/// Choices that some exporters honour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// The unit of JSONL offsets (W3C and brat always count code points).
    pub offsets: OffsetUnit,
    /// Start the CSV with a UTF-8 byte order mark, which Excel needs to read accents right.
    pub excel_bom: bool,
}

/// What an export wrote.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportSummary {
    pub annotations: usize,
    pub files: Vec<PathBuf>,
    /// Annotations the format could not carry (orphaned ones have no trustworthy position).
    pub left_out: Vec<String>,
    /// What the file lacks that its readers expect (a ClaimReview without its own address …),
    /// each naming the annotation.
    pub warnings: Vec<String>,
}

impl fmt::Display for ExportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "exported {} annotation(s) to ", self.annotations)?;
        match self.files.as_slice() {
            [only] => write!(f, "{}", only.display())?,
            files => write!(f, "{} files", files.len())?,
        }
        if !self.left_out.is_empty() {
            write!(f, "; left out {}", self.left_out.len())?;
        }
        if !self.warnings.is_empty() {
            write!(f, "; {} warning(s)", self.warnings.len())?;
        }
        Ok(())
    }
}

/// Writes the project's annotations to `out` (a folder for brat, a file otherwise).
pub fn export(
    project: &Project,
    format: ExportFormat,
    options: ExportOptions,
    out: &Path,
) -> Result<ExportSummary, FormatError> {
    let rendered = match format {
        ExportFormat::W3c => w3c::export(project),
        ExportFormat::Brat => return brat::export_folder(project, out),
        ExportFormat::Csv => csv::export(project, options),
        ExportFormat::Jsonl => jsonl::export(project, options.offsets),
        ExportFormat::Html => html_report::export(project),
        ExportFormat::ClaimReview => claimreview::export(project),
    };
    let write = |bytes: &[u8], path: &Path| {
        crate::io::project_file::write_bytes_atomically(bytes, path, false)
            .map_err(|error| FormatError::io(path, &error))
    };
    write(&rendered.bytes, out)?;
    let mut files = vec![out.to_owned()];
    // CSV has one row shape per file: the links go in a second file beside it.
    if format == ExportFormat::Csv
        && let Some(links) = csv::export_links(project, options)
    {
        let path = csv::links_path(out);
        write(&links, &path)?;
        files.push(path);
    }
    Ok(ExportSummary {
        annotations: rendered.annotations,
        files,
        left_out: rendered.left_out,
        warnings: rendered.warnings,
    })
}

/// One exported file, in memory.
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    pub annotations: usize,
    pub left_out: Vec<String>,
    pub warnings: Vec<String>,
}

/// Says why an orphaned annotation was left out of a format that needs positions.
fn left_out_orphan(annotation: &crate::model::Annotation) -> String {
    format!(
        "{} ({:?}) is orphaned: its quote is no longer in the text",
        annotation.id,
        crate::model::text::shorten(&annotation.quote.exact, 40)
    )
}

/// Formats annotations are imported from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    W3c,
    Brat,
    Jsonl,
    LabelStudio,
    Hypothesis,
}

impl ImportFormat {
    pub const ALL: [ImportFormat; 5] = [
        ImportFormat::W3c,
        ImportFormat::Brat,
        ImportFormat::Jsonl,
        ImportFormat::LabelStudio,
        ImportFormat::Hypothesis,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::W3c => "w3c",
            ImportFormat::Brat => "brat",
            ImportFormat::Jsonl => "jsonl",
            ImportFormat::LabelStudio => "label-studio",
            ImportFormat::Hypothesis => "hypothesis",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|format| format.name() == name)
    }

    pub fn title(self) -> &'static str {
        match self {
            ImportFormat::W3c => "W3C Web Annotation (JSON-LD)",
            ImportFormat::Brat => "brat standoff (.ann)",
            ImportFormat::Jsonl => "doccano / spaCy / Prodigy JSONL",
            ImportFormat::LabelStudio => "Label Studio JSON",
            ImportFormat::Hypothesis => "Hypothesis (API search response or list)",
        }
    }

    /// The names, for messages and help: "w3c, brat, …".
    pub fn names() -> String {
        Self::ALL.map(Self::name).join(", ")
    }

    /// Guesses the format of a file from its name and first bytes.
    pub fn guess(path: &Path, bytes: &[u8]) -> Option<Self> {
        let extension = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("ann") => return Some(ImportFormat::Brat),
            Some("jsonl" | "ndjson") => return Some(ImportFormat::Jsonl),
            _ if path.is_dir() => return Some(ImportFormat::Brat),
            _ => {}
        }
        let start = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).into_owned();
        if start.contains("anno.jsonld") {
            Some(ImportFormat::W3c)
        } else if start.contains("\"acct:") || (start.contains("\"rows\"") && start.contains("\"target\"")) {
            Some(ImportFormat::Hypothesis)
        } else if start.contains("\"data\"") {
            Some(ImportFormat::LabelStudio)
        } else if start.trim_start().starts_with('{') && start.contains("\"text\"") {
            Some(ImportFormat::Jsonl)
        } else {
            None
        }
    }
}

/// Where imported annotations go, and how their offsets count.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    pub offsets: OffsetUnit,
    /// The document for annotations whose file does not carry the text (W3C, or brat with
    /// `--doc`); files that do carry it go to the document with the same text, or a new one.
    pub doc: Option<DocId>,
}

/// Reads `path` and plans its annotations into `project`. Nothing changes until the outcome's
/// edit is applied; a file that breaks its format is an error.
pub fn import(
    project: &Project,
    format: ImportFormat,
    path: &Path,
    options: &ImportOptions,
) -> Result<ImportOutcome, FormatError> {
    let mut options = options.clone();
    match format {
        // Both count code points by definition.
        ImportFormat::W3c | ImportFormat::Brat => options.offsets = OffsetUnit::CodePoints,
        // The browser's JavaScript strings count UTF-16 code units.
        ImportFormat::Hypothesis => options.offsets = OffsetUnit::Utf16,
        ImportFormat::Jsonl | ImportFormat::LabelStudio => {}
    }
    let mut plan = incoming::Plan::new(project, &options);
    match format {
        ImportFormat::W3c => w3c::import(&read(path)?, path, &mut plan)?,
        ImportFormat::Brat => brat::import(path, &mut plan)?,
        ImportFormat::Jsonl => jsonl::import(&read(path)?, path, &mut plan)?,
        ImportFormat::LabelStudio => label_studio::import(&read(path)?, path, &mut plan)?,
        ImportFormat::Hypothesis => hypothesis::import(&read(path)?, path, &mut plan)?,
    }
    Ok(plan.finish())
}

/// Reads a whole file; refuses files too large to be annotations of a document.
fn read(path: &Path) -> Result<Vec<u8>, FormatError> {
    const LIMIT: u64 = 512 * 1024 * 1024;
    let size = std::fs::metadata(path)
        .map_err(|error| FormatError::io(path, &error))?
        .len();
    if size > LIMIT {
        return Err(FormatError::new(
            path,
            None,
            format!("is {size} bytes; annotation files over {LIMIT} bytes are refused"),
        ));
    }
    std::fs::read(path).map_err(|error| FormatError::io(path, &error))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_guessed_by_case() {
        // (file name, first bytes, format)
        let cases = [
            ("a.ann", "T1\tclaim 0 5\tAlpha", Some(ImportFormat::Brat)),
            ("a.jsonl", "{\"text\": \"x\"}", Some(ImportFormat::Jsonl)),
            (
                "a.json",
                "{\"@context\": \"http://www.w3.org/ns/anno.jsonld\", \"type\": \"Annotation\"}",
                Some(ImportFormat::W3c),
            ),
            (
                "h.json",
                "{\"total\": 1, \"rows\": [{\"id\": \"x\", \"user\": \"acct:alice@hypothes.is\", \"text\": \"\"}]}",
                Some(ImportFormat::Hypothesis),
            ),
            (
                "h.json",
                "[{\"id\": \"x\", \"user\": \"acct:alice@hypothes.is\", \"text\": \"a note\"}]",
                Some(ImportFormat::Hypothesis),
            ),
            (
                "h.json",
                "{\"rows\": [{\"uri\": \"https://x.org\", \"target\": []}]}",
                Some(ImportFormat::Hypothesis),
            ),
            (
                "t.json",
                "[{\"data\": {\"text\": \"x\"}}]",
                Some(ImportFormat::LabelStudio),
            ),
            ("x.json", "[1, 2]", None),
        ];
        for (name, start, expected) in cases {
            assert_eq!(
                ImportFormat::guess(Path::new(name), start.as_bytes()),
                expected,
                "{start}"
            );
        }
    }
}
