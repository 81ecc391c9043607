//! The project file: RON on disk, versioned, deterministic, saved atomically with a backup.
//!
//! - The same project always writes the same bytes (annotations are kept sorted, fields in a
//!   fixed order, `\n` line endings), so a project diffs and merges well in git.
//! - Saving writes a temporary file beside the target, fsyncs it and renames it over the target;
//!   the previous version is kept as `<name>.bak`. A crash mid-save never leaves a broken project.
//! - Every load error names the file, and the line and column where it can be placed.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::parallel_ron;
use crate::model::anchor::Anchoring;
use crate::model::conflict::Conflict;
use crate::model::curation::Curation;
use crate::model::suggest::decisions::SuggestionDecision;
use crate::model::{
    AnchorReport, Annotation, Document, Edit, FieldDef, Label, Link, Project, ProjectError, Settings,
};

/// The format this version writes, and the newest it reads.
///
/// - 1: labels, documents, annotations.
/// - 2: adds label fields and their values, project settings (rating scale, link types,
///   publisher, instructions) and links between annotations.
/// - 3: adds document structure (blocks: title, headings, list items, quotes; inline emphasis),
///   display metadata over the text; older files have none and load unchanged.
/// - 4: adds document revisions (earlier texts kept by a re-import), notes on documents, the mark
///   on annotations placed approximately and waiting for review, and the conflicts a merge left.
/// - 5: adds the curation record of a gold copy (its annotators, strategy and decisions) and, on
///   its annotations, who agreed; the decisions on suggestions; the external scorer in settings.
pub const FORMAT_VERSION: u32 = 5;
/// Larger files are refused before they are read.
pub const MAX_FILE_BYTES: u64 = 1 << 30;
/// More annotations than this are refused.
pub const MAX_ANNOTATIONS: usize = 2_000_000;
/// Nesting deeper than this is refused (the project's own structure needs 4 levels).
const RECURSION_LIMIT: usize = 32;

#[derive(Debug, thiserror::Error)]
pub enum ProjectFileError {
    #[error("{}: cannot read: {source}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{}: cannot save: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
    #[error("{}: the file is {size} bytes, more than the limit of {limit} bytes", path.display())]
    TooLarge { path: PathBuf, size: u64, limit: u64 },
    #[error("{}: not a project file: the file is not UTF-8 text (invalid byte at offset {offset})", path.display())]
    NotText { path: PathBuf, offset: usize },
    #[error("{}:{line}:{col}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    #[error(
        "{}: this project was written in project format {found}, by a newer Marginalia; this version reads format {FORMAT_VERSION} and older",
        path.display()
    )]
    TooNew { path: PathBuf, found: u32 },
    #[error("{}: project format {found} is not a format Marginalia ever wrote", path.display())]
    UnknownFormat { path: PathBuf, found: u32 },
    #[error("{}:{line}:{col}: {problem}", path.display())]
    Invalid {
        path: PathBuf,
        line: usize,
        col: usize,
        problem: ProjectError,
    },
    #[error("{}: {count} annotations, more than the limit of {MAX_ANNOTATIONS}", path.display())]
    TooManyAnnotations { path: PathBuf, count: usize },
}

/// A loaded project, with what loading had to repair.
#[derive(Debug)]
pub struct Loaded {
    pub project: Project,
    /// One line per annotation that was re-anchored or orphaned, as `file:line:col: message`.
    pub warnings: Vec<String>,
    /// The same annotations, as data: where each was and where it went.
    pub reports: Vec<AnchorReport>,
}

/// The file's layout, owned, for reading.
#[derive(Deserialize)]
#[serde(rename = "Project", deny_unknown_fields)]
struct ProjectFile {
    format: u32,
    name: String,
    #[serde(default)]
    settings: Settings,
    labels: Vec<Label>,
    documents: Vec<Document>,
    annotations: Vec<Annotation>,
    #[serde(default)]
    links: Vec<Link>,
    #[serde(default)]
    conflicts: Vec<Conflict>,
    #[serde(default)]
    curation: Option<Curation>,
    #[serde(default)]
    suggestions: Vec<SuggestionDecision>,
}

/// The same layout, borrowed, for writing.
#[derive(Serialize)]
#[serde(rename = "Project")]
struct ProjectFileRef<'a> {
    format: u32,
    name: &'a str,
    settings: &'a Settings,
    labels: &'a [Label],
    documents: &'a [Document],
    annotations: &'a [Annotation],
    links: &'a [Link],
    #[serde(skip_serializing_if = "<[Conflict]>::is_empty")]
    conflicts: &'a [Conflict],
    #[serde(skip_serializing_if = "Option::is_none")]
    curation: Option<&'a Curation>,
    #[serde(skip_serializing_if = "<[SuggestionDecision]>::is_empty")]
    suggestions: &'a [SuggestionDecision],
}

/// Only the version, read from a file that did not parse as the current format.
#[derive(Deserialize)]
#[serde(rename = "Project")]
struct FormatProbe {
    format: u32,
}

/// The project as the text of a project file.
pub fn to_ron(project: &Project) -> String {
    match in_pieces(project) {
        Some(pieces) => pieces.into_string(),
        None => layout(project, project.documents(), project.annotations()),
    }
}

/// A large project's file text in pieces, its long lists written on all cores; `None` for a
/// small project (one serialiser is quicker) or if the lists cannot be put back.
fn in_pieces(project: &Project) -> Option<parallel_ron::Pieces> {
    let (documents, annotations) = (project.documents(), project.annotations());
    if documents.len().max(annotations.len()) < parallel_ron::PARALLEL_FROM {
        return None;
    }
    // The long lists are left out, written on all cores and put back.
    let without = layout(project, &[], &[]);
    let lists = vec![
        parallel_ron::list("documents", documents)?,
        parallel_ron::list("annotations", annotations)?,
    ];
    parallel_ron::splice(&without, lists)
}

/// The project as one serialiser writes it, with these documents and annotations.
fn layout(project: &Project, documents: &[Document], annotations: &[Annotation]) -> String {
    let file = ProjectFileRef {
        format: FORMAT_VERSION,
        name: &project.name,
        settings: &project.settings,
        labels: project.labels(),
        documents,
        annotations,
        links: project.links(),
        conflicts: project.conflicts(),
        curation: project.curation(),
        suggestions: project.suggestion_decisions(),
    };
    // Depth 2 puts each label, document and annotation on a line of its own: a changed annotation
    // is a one-line diff, and the file stays a third smaller than with one field per line.
    let config = ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(true)
        .depth_limit(2);
    let mut text = ron::ser::to_string_pretty(&file, config)
        .expect("a project always serialises: it holds only strings, numbers and lists");
    text.push('\n');
    text
}

/// Parses the text of a project file; `path` is used in messages only.
pub fn from_ron(text: &str, path: &Path) -> Result<Loaded, ProjectFileError> {
    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    let file: ProjectFile = match options.from_str(text) {
        Ok(file) => file,
        Err(error) => {
            // A newer format may not parse as ours: name the versions rather than a field.
            if let Ok(probe) = options.from_str::<FormatProbe>(text) {
                check_format(probe.format, path)?;
            }
            return Err(ProjectFileError::Syntax {
                path: path.to_owned(),
                line: error.span.start.line,
                col: error.span.start.col,
                message: error.code.to_string(),
            });
        }
    };
    check_format(file.format, path)?;
    if file.annotations.len() > MAX_ANNOTATIONS {
        return Err(ProjectFileError::TooManyAnnotations {
            path: path.to_owned(),
            count: file.annotations.len(),
        });
    }
    let mut labels = file.labels;
    if file.format == 1 {
        migrate_labels_from_1(&mut labels);
    }
    let invalid = |problem: ProjectError| {
        let (line, col) = locate_problem(text, &problem);
        ProjectFileError::Invalid {
            path: path.to_owned(),
            line,
            col,
            problem,
        }
    };
    let (mut project, reports) =
        Project::from_parts(file.name, labels, file.documents, file.annotations).map_err(invalid)?;
    project.settings = file.settings;
    for link in file.links {
        Edit::AddLink(link).apply(&mut project).map_err(invalid)?;
    }
    for conflict in file.conflicts {
        Edit::AddConflict(Box::new(conflict))
            .apply(&mut project)
            .map_err(invalid)?;
    }
    for decision in file.suggestions {
        Edit::RecordSuggestion(Box::new(decision))
            .apply(&mut project)
            .map_err(invalid)?;
    }
    if let Some(curation) = file.curation {
        Edit::SetCuration(Some(Box::new(curation)))
            .apply(&mut project)
            .map_err(invalid)?;
    }
    let places = if reports.is_empty() {
        HashMap::new()
    } else {
        annotation_places(text)
    };
    let warnings = reports
        .iter()
        .map(|report| describe_report(text, path, report, &places))
        .collect();
    Ok(Loaded {
        project,
        warnings,
        reports,
    })
}

/// Format 1 had no label fields: the default claim label gains its verdict, claimant, date and
/// address fields.
/// What a project file holds before its annotations: enough to show its documents while the
/// rest is read (a large project's annotations take most of the time).
#[derive(Debug)]
pub struct Preview {
    pub name: String,
    pub labels: Vec<Label>,
    pub documents: Vec<Document>,
}

/// Reads a project file only up to its annotations; `None` when that part does not parse (the
/// full load then says why). Nothing here is checked as [`from_ron`] checks it: it is for display.
pub fn preview(text: &str) -> Option<Preview> {
    use serde::de::{DeserializeSeed, Error, IgnoredAny, MapAccess, Visitor};

    /// Stops the parse where the annotations begin, leaving what came before in `found`.
    struct UpToAnnotations<'f>(&'f mut Option<Preview>);

    impl<'de> Visitor<'de> for UpToAnnotations<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a project")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut preview = Preview {
                name: String::new(),
                labels: Vec::new(),
                documents: Vec::new(),
            };
            let mut format = FORMAT_VERSION;
            while let Some(key) = map.next_key::<String>()? {
                match key.as_str() {
                    "format" => format = map.next_value()?,
                    "name" => preview.name = map.next_value()?,
                    "labels" => preview.labels = map.next_value()?,
                    "documents" => preview.documents = map.next_value()?,
                    "annotations" => break,
                    _ => drop(map.next_value::<IgnoredAny>()?),
                }
            }
            if format == 1 {
                migrate_labels_from_1(&mut preview.labels);
            }
            *self.0 = Some(preview);
            // Not an error in the file: the rest is simply not read.
            Err(A::Error::custom("stopped before the annotations"))
        }
    }

    impl<'de> DeserializeSeed<'de> for UpToAnnotations<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
            deserializer.deserialize_struct("Project", &["annotations"], self)
        }
    }

    let options = ron::Options::default().with_recursion_limit(RECURSION_LIMIT);
    let mut deserializer = ron::Deserializer::from_str_with_options(text, &options).ok()?;
    let mut found = None;
    let _ = UpToAnnotations(&mut found).deserialize(&mut deserializer);
    found
}

fn migrate_labels_from_1(labels: &mut [Label]) {
    for label in labels
        .iter_mut()
        .filter(|l| l.id.as_str() == "claim" && l.fields.is_empty())
    {
        label.fields = FieldDef::claim_fields();
    }
}

fn check_format(found: u32, path: &Path) -> Result<(), ProjectFileError> {
    match found {
        1..=FORMAT_VERSION => Ok(()),
        newer if newer > FORMAT_VERSION => Err(ProjectFileError::TooNew {
            path: path.to_owned(),
            found,
        }),
        _ => Err(ProjectFileError::UnknownFormat {
            path: path.to_owned(),
            found,
        }),
    }
}

/// Reads and checks a project file.
pub fn load(path: &Path) -> Result<Loaded, ProjectFileError> {
    from_ron(&read_text(path)?, path)
}

/// Like [`load`], handing `show` the file's documents (see [`preview`]) as soon as they are read.
pub fn load_previewing(path: &Path, show: impl FnOnce(Preview)) -> Result<Loaded, ProjectFileError> {
    let text = read_text(path)?;
    if let Some(found) = preview(&text) {
        show(found);
    }
    from_ron(&text, path)
}

/// The file's text, refused when it is too large or not UTF-8.
fn read_text(path: &Path) -> Result<String, ProjectFileError> {
    let read_error = |source| ProjectFileError::Read {
        path: path.to_owned(),
        source,
    };
    let size = fs::metadata(path).map_err(read_error)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ProjectFileError::TooLarge {
            path: path.to_owned(),
            size,
            limit: MAX_FILE_BYTES,
        });
    }
    let bytes = fs::read(path).map_err(read_error)?;
    String::from_utf8(bytes).map_err(|error| ProjectFileError::NotText {
        path: path.to_owned(),
        offset: error.utf8_error().valid_up_to(),
    })
}

/// Saves atomically: temporary file, fsync, backup of the old file, rename.
pub fn save(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    write_atomically(project, path, true)
}

/// Saves atomically without touching a backup: for recovery copies, and for a merge result git
/// is waiting for (a `.bak` would be left in its work tree).
pub fn save_copy(project: &Project, path: &Path) -> Result<(), ProjectFileError> {
    write_atomically(project, path, false)
}

fn write_atomically(project: &Project, path: &Path, keep_backup: bool) -> Result<(), ProjectFileError> {
    let written = match in_pieces(project) {
        Some(pieces) => write_atomically_with(path, keep_backup, |file| pieces.write_to(file)),
        None => {
            let text = layout(project, project.documents(), project.annotations());
            write_bytes_atomically(text.as_bytes(), path, keep_backup)
        }
    };
    written.map_err(|source| ProjectFileError::Write {
        path: path.to_owned(),
        source,
    })
}

/// Writes `bytes` to `path` through a temporary file in the same folder, fsynced then renamed, so
/// a crash leaves either the old file or the new one; optionally keeps the old one as `.bak`.
pub(crate) fn write_bytes_atomically(bytes: &[u8], path: &Path, keep_backup: bool) -> std::io::Result<()> {
    write_atomically_with(path, keep_backup, |file| file.write_all(bytes))
}

/// [`write_bytes_atomically`] with what `write` writes.
fn write_atomically_with(
    path: &Path,
    keep_backup: bool,
    write: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    let mut temporary = tempfile::Builder::new()
        .prefix(".marginalia-")
        .suffix(".tmp")
        .tempfile_in(folder)?;
    write(temporary.as_file_mut())?;
    temporary.as_file().sync_all()?;
    match fs::metadata(path) {
        Ok(old) => {
            if keep_backup {
                keep_previous_version(path)?;
            }
            fs::set_permissions(temporary.path(), old.permissions())?;
        }
        Err(_) => set_default_permissions(temporary.path())?,
    }
    temporary.persist(path).map_err(|error| error.error)?;
    // Make the rename itself durable; not every platform can open a folder, so best effort.
    if let Ok(dir) = fs::File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}

/// Makes the file at `path` the backup: a hard link where the file system allows it (instant, whatever
/// the size), a copy elsewhere; staged under a temporary name so an old backup is replaced atomically.
fn keep_previous_version(path: &Path) -> std::io::Result<()> {
    let backup = backup_path(path);
    let mut staging = backup.clone().into_os_string();
    staging.push(".tmp");
    let staging = PathBuf::from(staging);
    let _ = fs::remove_file(&staging);
    if fs::hard_link(path, &staging).is_err() {
        fs::copy(path, &staging)?;
    }
    fs::rename(&staging, &backup)
}

/// `notes.ron` -> `notes.ron.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".bak");
    PathBuf::from(name)
}

#[cfg(unix)]
fn set_default_permissions(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_default_permissions(_path: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Where in the file a problem is best shown: the place the offending id is written.
fn locate_problem(text: &str, problem: &ProjectError) -> (usize, usize) {
    let (needle, nth) = match problem {
        ProjectError::DuplicateId(id) => (format!("id: \"{id}\""), 1),
        ProjectError::UnknownDocument(doc_id) => (format!("document: \"{doc_id}\""), 0),
        ProjectError::UnknownLabel(label_id) => (format!("label: \"{label_id}\""), 0),
        ProjectError::HotkeyTaken { hotkey, .. } => (format!("hotkey: Some(\"{hotkey}\")"), 1),
        // A link naming an annotation that is not there: the id occurs only in the link.
        ProjectError::UnknownAnnotation(annotation_id) => (format!("\"{annotation_id}\""), 0),
        _ => return (1, 1),
    };
    locate(text, &needle, nth).unwrap_or((1, 1))
}

/// Line and column (1-based, in characters) of the `nth` occurrence of `needle`.
fn locate(text: &str, needle: &str, nth: usize) -> Option<(usize, usize)> {
    let (byte, _) = text.match_indices(needle).nth(nth)?;
    let before = &text[..byte];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Some((line, before[line_start..].chars().count() + 1))
}

/// Line and column of each annotation's `id: "…"` in a file as Marginalia writes it (one
/// annotation a line), found in one pass: a load that re-anchors 100 000 annotations names each
/// one's place without searching the whole file for each.
fn annotation_places(text: &str) -> HashMap<&str, (usize, usize)> {
    const OPENING: &str = "Annotation(id: \"";
    let mut places = HashMap::new();
    for (number, line) in text.lines().enumerate() {
        let Some(at) = line.find(OPENING) else { continue };
        let rest = &line[at + OPENING.len()..];
        if let Some(id) = rest.split('"').next() {
            let id_at = at + "Annotation(".len();
            places.insert(id, (number + 1, line[..id_at].chars().count() + 1));
        }
    }
    places
}

fn describe_report(
    text: &str,
    path: &Path,
    report: &AnchorReport,
    places: &HashMap<&str, (usize, usize)>,
) -> String {
    let id = report.annotation_id.as_str();
    let (line, col) = places
        .get(id)
        .copied()
        .or_else(|| locate(text, &format!("id: \"{id}\""), 0))
        .unwrap_or((1, 1));
    let what = match report.anchoring {
        Anchoring::Intact => "it matches after all".to_owned(),
        Anchoring::Exact(range) => format!("re-anchored by its quote to {range}"),
        Anchoring::Moved { range, score } => {
            format!("its quote was found changed at {range} ({score} % sure): moved there")
        }
        Anchoring::Review { range, score } => {
            format!("text that may be its quote is at {range} ({score} % sure): placed there, needs review")
        }
        Anchoring::Orphaned => "its quote is not in the text any more: kept as orphaned".to_owned(),
    };
    format!(
        "{}:{line}:{col}: annotation {} at {} did not match its quote; {what}",
        path.display(),
        report.annotation_id,
        report.stored
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::anchor::Review;
    use crate::model::curation::Agreed;
    use crate::model::{AnnotationId, CharRange, LabelId, Quote};

    /// Annotations of every shape a file holds: escapes, scripts, fields, orphans, reviews.
    fn varied_project(count: usize) -> Project {
        let pieces = [
            "Le \"Niger\" ",
            "marées\r\n",
            "😀 👩‍👩‍👧",
            "سلام ",
            "a\\b\t",
            "\u{1}\u{7f}",
            "e\u{301}",
        ];
        let text: String = (0..count / 4 + 10).map(|i| pieces[i % pieces.len()]).collect();
        let document = Document::new("Varié", text);
        let mut project = Project::new("Projet « test »");
        Edit::AddDocument {
            position: 0,
            document: document.clone(),
        }
        .apply(&mut project)
        .unwrap();
        let len = document.text.char_len();
        let annotations = (0..count)
            .map(|n| {
                let start = (n * 7) % (len - 20);
                let range = CharRange::new(start, start + 1 + n % 19);
                let mut fields = std::collections::BTreeMap::new();
                if n % 3 == 0 {
                    fields.insert("verdict".to_owned(), pieces[n % pieces.len()].to_owned());
                }
                Annotation {
                    id: AnnotationId::generate(),
                    document: document.id.clone(),
                    start: range.start,
                    end: range.end,
                    quote: Quote::capture(&document.text, range).unwrap(),
                    label: LabelId::from(["claim", "source", "opinion"][n % 3]),
                    note: pieces[(n / 3) % pieces.len()].repeat(n % 4),
                    orphaned: n % 11 == 0,
                    review: (n % 13 == 0).then(|| Review {
                        previous: pieces[n % 5].to_owned(),
                        score: 70,
                    }),
                    agreed: (n % 17 == 0).then(|| Agreed {
                        annotators: vec!["ana".into(), "bo".into()],
                        out_of: 3,
                    }),
                    fields,
                    created: jiff::Timestamp::from_second(1_700_000_000 + n as i64).unwrap(),
                    modified: jiff::Timestamp::from_second(1_700_000_000 + n as i64).unwrap(),
                }
            })
            .map(Edit::AddAnnotation);
        // As many short documents besides, some with an address: both long lists are split.
        let documents = (1..=count).map(|n| {
            let mut document = Document::new(
                pieces[n % pieces.len()],
                pieces[(n + 1) % pieces.len()].repeat(1 + n % 3),
            );
            document.url = (n % 5 == 0).then(|| format!("https://example.org/{n}"));
            Edit::AddDocument {
                position: n,
                document,
            }
        });
        Edit::Batch(documents.chain(annotations).collect())
            .apply(&mut project)
            .unwrap();
        project
    }

    #[test]
    fn lists_written_on_all_cores_are_the_file_one_serialiser_writes() {
        for count in [parallel_ron::PARALLEL_FROM, 3 * parallel_ron::PARALLEL_FROM + 17] {
            let project = varied_project(count);
            let text = layout(&project, project.documents(), project.annotations());
            let spliced = in_pieces(&project).map(parallel_ron::Pieces::into_string);
            assert!(
                spliced.as_ref() == Some(&text),
                "{count} documents and annotations"
            );
            let folder = tempfile::tempdir().unwrap();
            let path = folder.path().join("p.ron");
            save(&project, &path).unwrap();
            assert!(
                fs::read_to_string(&path).unwrap() == text,
                "the file saved, {count}"
            );
            assert_eq!(
                from_ron(&text, Path::new("p.ron"))
                    .unwrap()
                    .project
                    .annotations()
                    .len(),
                count
            );
        }
    }

    #[test]
    fn locate_counts_lines_and_characters() {
        let text = "ab\ncé id: \"x\"\nid: \"x\"";
        assert_eq!(locate(text, "id: \"x\"", 0), Some((2, 4)));
        assert_eq!(locate(text, "id: \"x\"", 1), Some((3, 1)));
        assert_eq!(locate(text, "nope", 0), None);
    }

    #[test]
    fn annotation_places_agree_with_searching() {
        let text = "Project(\n    annotations: [\n        Annotation(id: \"a-1\", note: \"é\"),\n    \tAnnotation(id: \"a-2\"),\n    ],\n)";
        let places = annotation_places(text);
        for id in ["a-1", "a-2"] {
            assert_eq!(
                places.get(id).copied(),
                locate(text, &format!("id: \"{id}\""), 0),
                "{id}"
            );
        }
        assert_eq!(places.len(), 2);
    }

    #[test]
    fn previews_by_case() {
        let demo = include_str!("../../projects/niger-russie.ron");
        let full = from_ron(demo, Path::new("demo")).unwrap().project;
        let preview = preview(demo).expect("the demo previews");
        assert_eq!(preview.name, full.name);
        assert_eq!(preview.documents, full.documents());
        assert_eq!(preview.labels, full.labels());
        // (file, documents the preview shows; None when it cannot show any)
        let cases = [
            (
                "Project(format: 5, name: \"x\", labels: [], documents: [], annotations: [oops",
                Some(0),
            ),
            ("not a project", None),
            (
                "Project(format: 5, name: \"x\", labels: [], documents: [Document(",
                None,
            ),
            ("", None),
        ];
        for (text, documents) in cases {
            assert_eq!(
                super::preview(text).map(|p| p.documents.len()),
                documents,
                "{text}"
            );
        }
    }

    #[test]
    fn backup_sits_beside_the_project() {
        assert_eq!(backup_path(Path::new("a/b.ron")), PathBuf::from("a/b.ron.bak"));
    }
}
