//! CSV for spreadsheets: one row per annotation, RFC 4180 quoting, CRLF line ends. After the fixed
//! columns comes one column per label field of the project (a claim's verdict, claimant …), by
//! key, in the order of the labels and then of their fields; empty where not set. A cell that a
//! spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, tab or carriage return)
//! gets a leading `'`, which spreadsheets show as text; an option adds the BOM Excel needs.

use super::{ExportOptions, Rendered};
use crate::model::Project;

const HEADER: [&str; 12] = [
    "id",
    "document",
    "document_title",
    "label",
    "start",
    "end",
    "quote",
    "prefix",
    "suffix",
    "note",
    "created",
    "modified",
];

pub fn export(project: &Project, options: ExportOptions) -> Rendered {
    let mut writer = writer(options);
    let mut annotations = 0;
    let keys = field_keys(project);
    // Writing to memory cannot fail.
    let _ = writer.write_record(HEADER.iter().copied().chain(keys.iter().map(String::as_str)));
    for document in project.documents() {
        for annotation in project.annotations_of(&document.id) {
            let label = project
                .label(&annotation.label)
                .map_or(annotation.label.as_str(), |label| label.name.as_str());
            // An orphaned annotation's range is only a hint: its cells stay empty.
            let (start, end) = if annotation.orphaned {
                (String::new(), String::new())
            } else {
                (annotation.start.to_string(), annotation.end.to_string())
            };
            let row = [
                annotation.id.as_str(),
                document.id.as_str(),
                &document.title,
                label,
                &start,
                &end,
                &annotation.quote.exact,
                &annotation.quote.prefix,
                &annotation.quote.suffix,
                &annotation.note,
                &annotation.created.to_string(),
                &annotation.modified.to_string(),
            ];
            let values = keys
                .iter()
                .map(|key| annotation.fields.get(key).map_or("", String::as_str));
            let cells = row.into_iter().chain(values);
            let _ = writer.write_record(cells.map(|cell| neutralise(cell).into_owned()));
            annotations += 1;
        }
    }
    Rendered {
        bytes: writer.into_inner().unwrap_or_default(),
        annotations,
        left_out: Vec::new(),
        warnings: Vec::new(),
    }
}

/// The keys of every label's fields, each once: labels in order, then their fields.
fn field_keys(project: &Project) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for field in project.labels().iter().flat_map(|label| &label.fields) {
        if !keys.contains(&field.key) {
            keys.push(field.key.clone());
        }
    }
    keys
}

/// The links between annotations, for the second file beside the annotations' (`None` when
/// there is no link): one row per link with both ends' ids and quotes.
pub fn export_links(project: &Project, options: ExportOptions) -> Option<Vec<u8>> {
    if project.links().is_empty() {
        return None;
    }
    let mut writer = writer(options);
    let _ = writer.write_record(["id", "kind", "from", "to", "from_quote", "to_quote"]);
    let quote = |id| project.annotation(id).map_or("", |a| a.quote.exact.as_str());
    for link in project.links() {
        let row = [
            link.id.as_str(),
            &link.kind,
            link.from.as_str(),
            link.to.as_str(),
            quote(&link.from),
            quote(&link.to),
        ];
        let _ = writer.write_record(row.iter().map(|cell| neutralise(cell).into_owned()));
    }
    writer.into_inner().ok()
}

/// `notes.csv` → `notes.links.csv`.
pub fn links_path(path: &std::path::Path) -> std::path::PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!("{stem}.links.csv"))
}

/// A CSV writer into memory with CRLF line ends, after a BOM when Excel is the reader.
fn writer(options: ExportOptions) -> csv::Writer<Vec<u8>> {
    let mut bytes = Vec::new();
    if options.excel_bom {
        bytes.extend_from_slice("\u{feff}".as_bytes());
    }
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(bytes)
}

/// Prefixes a cell a spreadsheet would evaluate with `'`.
fn neutralise(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        let cases = [
            ("=HYPERLINK(\"http://evil\")", "'=HYPERLINK(\"http://evil\")"),
            ("+1", "'+1"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("plain = fine", "plain = fine"),
            ("", ""),
        ];
        for (cell, expected) in cases {
            assert_eq!(neutralise(cell), expected, "{cell:?}");
        }
    }
}
