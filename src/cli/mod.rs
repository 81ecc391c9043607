//! The command line: `marginalia [PROJECT]` opens the app; subcommands work headless.
//!
//! Exit codes: 0 on success, 1 on a user error (bad file, unknown id, a quote not found), 2 on a
//! usage error. Errors go to stderr; data to stdout, as JSON with `--json`.

/// `println!` that gives the error back instead of panicking when the reader has gone
/// (`marginalia import … | head -1`): [`run`] then exits quietly.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout(), $($arg)*)?
    }};
}

mod agreement;
mod args;
mod copies;
mod curate;
mod edit;
mod find;
mod labels;
mod merge;
mod report;
mod revisions;
mod scores;
mod show;
mod suggest;

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};

pub use args::{Cli, Command};

use crate::io::formats::{self, ExportFormat, ExportOptions, ImportFormat, ImportOptions, OffsetUnit};
use crate::io::{import, project_file};
use crate::model::scoring;
use crate::model::{Annotation, CharRange, DocId, Edit, Project, Query, Quote, annotation::now};

/// A mistake in how the command was called, rather than in the files it was given.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// An outcome with its own exit status: a merge that left conflicts (1), a merge that failed
/// (above 128, git's rule for a broken merge driver).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Exit {
    pub code: u8,
    pub message: String,
}

/// Runs a subcommand and turns its outcome into an exit code.
pub fn run(command: Command) -> ExitCode {
    if let Command::ExtractDocument { file, format, title } = &command {
        return import::isolated::child_main(file, format, title.as_deref());
    }
    match execute(command) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stops early (`marginalia list … | head`) is not an error.
        Err(error)
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("marginalia: {error:#}");
            if let Some(exit) = error.downcast_ref::<Exit>() {
                ExitCode::from(exit.code)
            } else if error.is::<UsageError>() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}

fn execute(command: Command) -> Result<()> {
    match command {
        // run() hands it to the child's own main before this.
        Command::ExtractDocument { .. } => {
            Err(UsageError("extract-document runs only as marginalia's own child".into()).into())
        }
        Command::New { project, name } => new(&project, name),
        Command::AddDoc {
            project,
            files,
            title,
            format,
        } => add_doc(
            &project,
            &files,
            title.as_deref(),
            parse_format(format.as_deref())?,
        ),
        Command::Reimport {
            project,
            file,
            doc,
            format,
            json,
        } => revisions::reimport(
            &project,
            &file,
            doc.as_deref(),
            parse_format(format.as_deref())?,
            json,
        ),
        Command::Merge(args) => merge::run(args),
        Command::Conflicts { project, json } => merge::list(&project, json),
        Command::Resolve(args) => merge::resolve(args),
        Command::Suggest(args) => suggest::run(args),
        Command::GitSetup { folder } => merge::git_setup(folder.as_deref()),
        Command::Revisions { project, doc, json } => revisions::revisions(&project, doc.as_deref(), json),
        Command::Annotate(args) => annotate(args),
        Command::List(args) => list(args),
        Command::Find(args) => find::run(args),
        Command::Stats { project, json } => {
            let project = load(&project)?;
            report::print_stats(&project, json)
        }
        Command::Show { project, doc, json } => {
            let project = load(&project)?;
            let doc_id = resolve_document(&project, doc.as_deref())?;
            let document = project
                .document(&doc_id)
                .ok_or_else(|| anyhow!("there is no document {doc_id}"))?;
            show::print(document, json)
        }
        Command::Check { project, json } => revisions::check(&project, json),
        Command::Edit(args) => edit::edit(args),
        Command::Remove { project, annotations } => edit::remove(&project, &annotations),
        Command::Labels(args) => labels::run(args),
        Command::RemoveDoc { project, doc } => edit::remove_doc(&project, &doc),
        Command::Link {
            project,
            from,
            to,
            kind,
        } => link(&project, &from, &to, &kind),
        Command::Exercise {
            key,
            output,
            instructions,
        } => exercise(&key, &output, instructions.as_deref().unwrap_or_default()),
        Command::Compare {
            key,
            students,
            json,
            csv,
        } => compare(&key, &students, json, csv.as_deref()),
        Command::Curate(args) => curate::run(args),
        Command::Decide(args) => curate::decide(args),
        Command::Agreement(args) => agreement::run(args),
        Command::Export(args) => export(args),
        Command::Import(args) => import_annotations(args),
    }
}

fn exercise(key_path: &Path, output: &Path, instructions: &str) -> Result<()> {
    let key = load(key_path)?;
    if output.exists() {
        bail!(
            "{}: already exists; choose another name or remove it first",
            output.display()
        );
    }
    let copy = scoring::student_copy(&key, instructions);
    save(&copy, output)?;
    say!(
        "wrote the exercise {} ({} document(s), {} label(s), no annotations); keep {} as the answer key",
        output.display(),
        copy.documents().len(),
        copy.labels().len(),
        key_path.display()
    );
    Ok(())
}

fn compare(key_path: &Path, students: &[std::path::PathBuf], json: bool, csv: Option<&Path>) -> Result<()> {
    // The key and the first student are read side by side; the others one at a time, so a class
    // of large copies is never all in memory at once.
    let (key, first) = both(
        || load(key_path),
        || students.first().map(|p| load(p)).transpose(),
    );
    let (key, mut first) = (key?, first?);
    let mut results = Vec::new();
    for path in students {
        let student = match first.take() {
            Some(first) => first,
            None => load(path)?,
        };
        results.push((path.display().to_string(), scoring::compare(&key, &student)));
    }
    if let Some(csv) = csv {
        scores::write_class_csv(&results, csv)?;
    }
    scores::print(&results, json)
}

fn parse_offsets(name: &str) -> Result<OffsetUnit> {
    OffsetUnit::from_name(name).ok_or_else(|| {
        UsageError(format!(
            "--offsets {name:?} is not one of codepoints, utf16, bytes"
        ))
        .into()
    })
}

fn export(args: args::ExportArgs) -> Result<()> {
    let format = ExportFormat::from_name(&args.format).ok_or_else(|| {
        UsageError(format!(
            "--format {:?} is not one of w3c, brat, csv, jsonl, html, claimreview",
            args.format
        ))
    })?;
    let options = ExportOptions {
        offsets: parse_offsets(&args.offsets)?,
        excel_bom: args.excel,
    };
    let project = load(&args.project)?;
    let summary = formats::export(&project, format, options, &args.output)?;
    for reason in &summary.left_out {
        eprintln!("left out: {reason}");
    }
    for warning in &summary.warnings {
        eprintln!("warning: {warning}");
    }
    say!("{summary}");
    Ok(())
}

fn import_annotations(args: args::ImportArgs) -> Result<()> {
    let format = ImportFormat::from_name(&args.format).ok_or_else(|| {
        UsageError(format!(
            "--format {:?} is not one of {}",
            args.format,
            ImportFormat::names()
        ))
    })?;
    let offsets = parse_offsets(&args.offsets)?;
    let mut project = load(&args.project)?;
    let doc = match &args.doc {
        Some(doc) => Some(resolve_document(&project, Some(doc))?),
        None => None,
    };
    let mut outcome = formats::import(&project, format, &args.file, &ImportOptions { offsets, doc })?;
    if let Some(edit) = outcome.edit.take() {
        apply(&mut project, edit)?;
        save(&project, &args.project)?;
    }
    if args.json {
        say!("{}", revisions::import_json(&project, &outcome.summary)?);
    } else {
        say!("{}", outcome.summary);
    }
    leave((project, outcome));
    Ok(())
}

/// `a` on a thread of its own while `b` runs here: reading project files is most of what
/// `compare` and `merge` do, and the machine has more than one core.
pub(super) fn both<A: Send, B>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B) -> (A, B) {
    std::thread::scope(|scope| {
        let a = scope.spawn(a);
        let b = b();
        let a = a.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (a, b)
    })
}

/// Leaves what a command made in memory as it ends: the process exits right after, and the
/// system takes the memory back at once, where dropping 100 000 annotations one string at a time
/// takes longer than writing them.
pub(super) fn leave<T>(made: T) {
    std::mem::forget(made);
}

/// Loads a project, printing what loading repaired to stderr.
fn load(path: &Path) -> Result<Project> {
    let loaded = project_file::load(path)?;
    for warning in &loaded.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(loaded.project)
}

fn save(project: &Project, path: &Path) -> Result<()> {
    Ok(project_file::save(project, path)?)
}

fn apply(project: &mut Project, edit: Edit) -> Result<()> {
    edit.apply(project).map(leave).map_err(|error| anyhow!(error))
}

fn new(path: &Path, name: Option<String>) -> Result<()> {
    if path.exists() {
        bail!(
            "{}: already exists; choose another name or remove it first",
            path.display()
        );
    }
    let name = name.unwrap_or_else(|| {
        path.file_stem().map_or_else(
            || "Untitled".to_owned(),
            |stem| stem.to_string_lossy().into_owned(),
        )
    });
    let project = Project::new(name);
    save(&project, path)?;
    say!("created {} with labels {}", path.display(), label_names(&project));
    Ok(())
}

fn parse_format(name: Option<&str>) -> Result<Option<import::Format>> {
    name.map(|name| {
        import::Format::from_name(name).ok_or_else(|| {
            UsageError(format!(
                "--format {name:?} is not one of text, markdown, html, pdf, docx"
            ))
            .into()
        })
    })
    .transpose()
}

fn add_doc(
    path: &Path,
    files: &[std::path::PathBuf],
    title: Option<&str>,
    format: Option<import::Format>,
) -> Result<()> {
    if title.is_some() && files.len() > 1 {
        return Err(UsageError("--title needs exactly one FILE".into()).into());
    }
    let mut project = load(path)?;
    // Import everything first: one bad file leaves the project untouched.
    let documents = files
        .iter()
        .map(|file| import::import_file_as(file, title, format))
        .collect::<Result<Vec<_>, _>>()?;
    for document in documents {
        let summary = format!(
            "added {}  {:?}  ({} characters, {})",
            document.id,
            document.title,
            document.text.char_len(),
            document
                .source
                .as_ref()
                .and_then(|s| s.encoding.as_deref())
                .unwrap_or("text"),
        );
        let position = project.documents().len();
        apply(&mut project, Edit::AddDocument { position, document })?;
        say!("{summary}");
    }
    save(&project, path)
}

fn annotate(args: args::AnnotateArgs) -> Result<()> {
    let mut project = load(&args.project)?;
    let doc_id = resolve_document(&project, args.doc.as_deref())?;
    let label_id = project
        .find_label(&args.label)
        .map(|label| label.id.clone())
        .ok_or_else(|| {
            anyhow!(
                "there is no label {:?}; labels are: {}",
                args.label,
                label_names(&project)
            )
        })?;
    let document = project.document(&doc_id).expect("resolved above");
    let range = match (&args.range, &args.quote) {
        (Some(range), _) => parse_range(range)?,
        (None, Some(quote)) => find_unique_quote(document, quote)?,
        (None, None) => return Err(UsageError("give --range S..E or --quote TEXT".into()).into()),
    };
    project.check_range(&doc_id, range)?;
    let quote = Quote::capture(&document.text, range).expect("range checked above");
    let time = now();
    let annotation = Annotation {
        id: crate::model::AnnotationId::generate(),
        document: doc_id,
        start: range.start,
        end: range.end,
        quote,
        label: label_id,
        note: args.note.unwrap_or_default(),
        orphaned: false,
        review: None,
        agreed: None,
        fields: Default::default(),
        created: time,
        modified: time,
    };
    let line = report::annotation_line(&project, &annotation);
    let annotation_id = annotation.id.clone();
    let mut steps = vec![Edit::AddAnnotation(annotation)];
    for field in &args.fields {
        let (key, value) = field
            .split_once('=')
            .ok_or_else(|| UsageError(format!("--field {field:?} is not KEY=VALUE")))?;
        steps.push(Edit::SetField {
            annotation_id: annotation_id.clone(),
            key: key.trim().to_owned(),
            value: Some(value.to_owned()),
            modified: time,
        });
    }
    apply(&mut project, Edit::Batch(steps))?;
    save(&project, &args.project)?;
    say!("added {line}");
    Ok(())
}

fn link(path: &Path, from: &str, to: &str, kind: &str) -> Result<()> {
    let mut project = load(path)?;
    let from = edit::resolve_annotation(&project, path, from)?;
    let to = edit::resolve_annotation(&project, path, to)?;
    let kinds = &project.settings.link_types;
    let Some(kind) = kinds.iter().find(|k| k.eq_ignore_ascii_case(kind)).cloned() else {
        bail!(
            "there is no link type {kind:?}; link types are: {}",
            kinds.join(", ")
        );
    };
    let link = crate::model::Link::new(from, to, &kind);
    let line = format!("{}  {} {} {}", link.id, link.from, link.kind, link.to);
    apply(&mut project, Edit::AddLink(link))?;
    save(&project, path)?;
    say!("linked {line}");
    Ok(())
}

fn list(args: args::ListArgs) -> Result<()> {
    let project = load(&args.project)?;
    let mut query = Query {
        text: args.search.unwrap_or_default(),
        orphaned_only: args.orphaned,
        with_note_only: args.with_note,
        unlinked_only: args.unlinked,
        without_verdict_only: args.without_verdict,
        ..Query::default()
    };
    if let Some(doc) = &args.doc {
        query.document = Some(resolve_document(&project, Some(doc))?);
    }
    for name in &args.labels {
        let label = project.find_label(name).ok_or_else(|| {
            anyhow!(
                "there is no label {name:?}; labels are: {}",
                label_names(&project)
            )
        })?;
        query.labels.push(label.id.clone());
    }
    report::print_annotations(&project, &query.run(&project), args.json)
}

/// The document named by id (or a unique prefix of one); without a name, the only document.
fn resolve_document(project: &Project, wanted: Option<&str>) -> Result<DocId> {
    let documents = project.documents();
    let matches: Vec<_> = match wanted {
        Some(wanted) => documents
            .iter()
            .filter(|doc| doc.id.as_str() == wanted)
            .chain(
                documents
                    .iter()
                    .filter(|doc| doc.id.as_str() != wanted && doc.id.as_str().starts_with(wanted)),
            )
            .collect(),
        None => documents.iter().collect(),
    };
    match (wanted, matches.as_slice()) {
        (_, [only]) => Ok(only.id.clone()),
        (Some(wanted), [first, ..]) if first.id.as_str() == wanted => Ok(first.id.clone()),
        (None, []) => bail!("the project has no documents; add one with `marginalia add-doc`"),
        (None, _) => Err(UsageError(format!(
            "the project has {} documents; choose one with --doc: {}",
            documents.len(),
            report::document_choices(documents)
        ))
        .into()),
        (Some(wanted), []) => bail!(
            "there is no document {wanted:?}; documents are: {}",
            report::document_choices(documents)
        ),
        (Some(wanted), _) => bail!(
            "{wanted:?} matches several documents: {}",
            report::document_choices(&matches.into_iter().cloned().collect::<Vec<_>>())
        ),
    }
}

fn label_names(project: &Project) -> String {
    project
        .labels()
        .iter()
        .map(|label| label.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `S..E` in code points.
fn parse_range(text: &str) -> Result<CharRange> {
    let usage = || {
        UsageError(format!(
            "--range {text:?} is not of the form START..END (e.g. 1042..1187)"
        ))
    };
    let (start, end) = text.split_once("..").ok_or_else(usage)?;
    let start = start.trim().parse().map_err(|_| usage())?;
    let end = end.trim().parse().map_err(|_| usage())?;
    Ok(CharRange::new(start, end))
}

fn find_unique_quote(document: &crate::model::Document, quote: &str) -> Result<CharRange> {
    match document.text.find_all(quote).as_slice() {
        [] => bail!(
            "the quote {quote:?} is not in document {} ({:?})",
            document.id,
            document.title
        ),
        [only] => Ok(*only),
        several => bail!(
            "the quote {quote:?} occurs {} times in document {} (at {}); give a longer quote or --range",
            several.len(),
            document.id,
            several
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_parse() {
        let cases = [
            ("1042..1187", Some(CharRange::new(1042, 1187))),
            (" 3 .. 9 ", Some(CharRange::new(3, 9))),
            ("3-9", None),
            ("a..9", None),
            ("..9", None),
        ];
        for (text, expected) in cases {
            assert_eq!(parse_range(text).ok(), expected, "{text}");
        }
    }
}
