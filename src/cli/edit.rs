//! `marginalia edit`, `remove` and `remove-doc`: change or remove annotations and documents by id,
//! each command one [`Edit`] through the same `apply` as the others, so an error changes nothing.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow, bail};

use super::args::EditArgs;
use super::labels::resolve_label;
use super::{UsageError, apply, load, parse_range, report, resolve_document, save};
use crate::model::annotation::now;
use crate::model::{Annotation, AnnotationId, Edit, Link, Project, Quote};

/// How many candidates an ambiguous prefix lists before "… and N more".
const CANDIDATES_SHOWN: usize = 8;

/// `marginalia edit`: note, label, fields and range of one annotation, as one batch.
pub(super) fn edit(args: EditArgs) -> Result<()> {
    let mut project = load(&args.project)?;
    let annotation_id = resolve_annotation(&project, &args.project, &args.annotation)?;
    let steps = edit_steps(&project, &annotation_id, &args)?;
    apply(&mut project, Edit::Batch(steps))?;
    save(&project, &args.project)?;
    let annotation = project
        .annotation(&annotation_id)
        .ok_or_else(|| anyhow!("annotation {annotation_id} is gone after the edit"))?;
    say!("edited {}", report::annotation_line(&project, annotation));
    Ok(())
}

/// The steps of an edit. The move comes first, as it puts back the whole annotation as it was
/// before the edit but for its span; then the label, so that the fields are checked against it.
fn edit_steps(project: &Project, annotation_id: &AnnotationId, args: &EditArgs) -> Result<Vec<Edit>> {
    let modified = now();
    let mut steps = Vec::new();
    if let Some(range) = &args.range {
        steps.push(range_step(project, annotation_id, range, modified)?);
    }
    if let Some(label) = &args.label {
        steps.push(Edit::SetLabel {
            annotation_id: annotation_id.clone(),
            label_id: resolve_label(project, label)?,
            modified,
        });
    }
    if let Some(note) = &args.note {
        steps.push(Edit::SetNote {
            annotation_id: annotation_id.clone(),
            note: note.clone(),
            modified,
        });
    }
    for field in &args.fields {
        let (key, value) = parse_field(field)?;
        steps.push(Edit::SetField {
            annotation_id: annotation_id.clone(),
            key,
            value,
            modified,
        });
    }
    if steps.is_empty() {
        return Err(UsageError(
            "nothing to change: give --note, --label, --field KEY=VALUE or --range START..END".into(),
        )
        .into());
    }
    Ok(steps)
}

/// `KEY=VALUE` as the key and the value to set; `KEY=` clears the field.
fn parse_field(text: &str) -> Result<(String, Option<String>)> {
    let usage = || UsageError(format!("--field {text:?} is not KEY=VALUE (or KEY= to clear it)"));
    let (key, value) = text.split_once('=').ok_or_else(usage)?;
    let key = key.trim();
    if key.is_empty() {
        return Err(usage().into());
    }
    Ok((key.to_owned(), (!value.is_empty()).then(|| value.to_owned())))
}

/// Moves the annotation to `range` (`S..E`), checked against its document's text.
fn range_step(
    project: &Project,
    annotation_id: &AnnotationId,
    range: &str,
    modified: jiff::Timestamp,
) -> Result<Edit> {
    let range = parse_range(range)?;
    let mut annotation = project
        .annotation(annotation_id)
        .cloned()
        .ok_or_else(|| anyhow!("there is no annotation {annotation_id}"))?;
    project.check_range(&annotation.document, range)?;
    let document = project
        .document(&annotation.document)
        .ok_or_else(|| anyhow!("there is no document {}", annotation.document))?;
    annotation.quote = Quote::capture(&document.text, range)
        .ok_or_else(|| anyhow!("range {range} is outside document {}", document.id))?;
    annotation.set_range(range);
    // A span chosen by hand is anchored and needs no review.
    annotation.orphaned = false;
    annotation.review = None;
    annotation.modified = modified;
    Ok(Edit::SetAnchor(Box::new(annotation)))
}

/// `marginalia remove`: the annotations with their links, as one batch.
pub(super) fn remove(path: &Path, wanted: &[String]) -> Result<()> {
    let mut project = load(path)?;
    let ids = resolve_distinct(&project, path, wanted)?;
    let annotations: Vec<String> = ids
        .iter()
        .filter_map(|id| project.annotation(id))
        .map(|annotation| report::annotation_line(&project, annotation))
        .collect();
    let links: Vec<String> = links_touching(&project, &ids).map(link_line).collect();
    apply(
        &mut project,
        Edit::Batch(ids.into_iter().map(Edit::RemoveAnnotation).collect()),
    )?;
    save(&project, path)?;
    let mut out = std::io::stdout().lock();
    for line in &annotations {
        writeln!(out, "removed {line}")?;
    }
    for line in &links {
        writeln!(out, "removed link {line}")?;
    }
    writeln!(
        out,
        "removed {} annotation(s) and {} link(s)",
        annotations.len(),
        links.len()
    )?;
    Ok(())
}

/// `marginalia remove-doc`: a document with its annotations and their links.
pub(super) fn remove_doc(path: &Path, wanted: &str) -> Result<()> {
    refuse_empty(wanted, "a document id")?;
    let mut project = load(path)?;
    let doc_id = resolve_document(&project, Some(wanted))?;
    let title = project
        .document(&doc_id)
        .map(|document| document.title.clone())
        .unwrap_or_default();
    let ids: Vec<AnnotationId> = project
        .annotations_of(&doc_id)
        .iter()
        .map(|annotation| annotation.id.clone())
        .collect();
    let links = links_touching(&project, &ids).count();
    apply(&mut project, Edit::RemoveDocument(doc_id.clone()))?;
    save(&project, path)?;
    say!(
        "removed document {doc_id} {title:?} with {} annotation(s) and {links} link(s)",
        ids.len()
    );
    Ok(())
}

/// The links from or to any of `ids`.
pub(super) fn links_touching<'a>(
    project: &'a Project,
    ids: &[AnnotationId],
) -> impl Iterator<Item = &'a Link> {
    let ids: HashSet<AnnotationId> = ids.iter().cloned().collect();
    project
        .links()
        .iter()
        .filter(move |link| ids.contains(&link.from) || ids.contains(&link.to))
}

/// One link as the `link` command prints it: id, from, type, to.
fn link_line(link: &Link) -> String {
    format!("{}  {} {} {}", link.id, link.from, link.kind, link.to)
}

/// Each wanted annotation once, in the order given (an id and its prefix name the same one).
fn resolve_distinct(project: &Project, path: &Path, wanted: &[String]) -> Result<Vec<AnnotationId>> {
    let mut seen = HashSet::new();
    let mut ids = Vec::new();
    for wanted in wanted {
        let id = resolve_annotation(project, path, wanted)?;
        if seen.insert(id.clone()) {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// The annotation with this id, or the only one whose id starts with it. An unknown id names the
/// project file; an ambiguous prefix lists the annotations it matches.
pub(super) fn resolve_annotation(project: &Project, path: &Path, wanted: &str) -> Result<AnnotationId> {
    refuse_empty(wanted, "an annotation id")?;
    if let Some(annotation) = project.annotation(&wanted.into()) {
        return Ok(annotation.id.clone());
    }
    let matches: Vec<&Annotation> = project
        .annotations()
        .iter()
        .filter(|annotation| annotation.id.as_str().starts_with(wanted))
        .collect();
    match matches.as_slice() {
        [only] => Ok(only.id.clone()),
        [] => bail!("there is no annotation {wanted:?} in {}", path.display()),
        several => bail!(
            "{wanted:?} matches {} annotations in {}; give more of the id:\n{}",
            several.len(),
            path.display(),
            candidates(project, several)
        ),
    }
}

/// The annotations an ambiguous prefix matched, one a line, the first few only.
fn candidates(project: &Project, matches: &[&Annotation]) -> String {
    let mut lines: Vec<String> = matches
        .iter()
        .take(CANDIDATES_SHOWN)
        .map(|annotation| format!("  {}", report::annotation_line(project, annotation)))
        .collect();
    if matches.len() > CANDIDATES_SHOWN {
        lines.push(format!("  … and {} more", matches.len() - CANDIDATES_SHOWN));
    }
    lines.join("\n")
}

/// An empty id would be a prefix of every id.
fn refuse_empty(wanted: &str, what: &str) -> Result<()> {
    if wanted.is_empty() {
        return Err(UsageError(format!("{what} cannot be empty")).into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_parse() {
        let cases = [
            ("verdict=False", Some(("verdict", Some("False")))),
            (" claimant =Le ministre", Some(("claimant", Some("Le ministre")))),
            ("verdict=", Some(("verdict", None))),
            ("note=a=b", Some(("note", Some("a=b")))),
            ("verdict", None),
            ("=False", None),
        ];
        for (text, expected) in cases {
            let parsed = parse_field(text).ok();
            let parsed = parsed.as_ref().map(|(k, v)| (k.as_str(), v.as_deref()));
            assert_eq!(parsed, expected, "{text}");
        }
    }
}
