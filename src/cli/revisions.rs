//! `reimport`, `revisions` and the anchoring part of `check`: what happened to each annotation
//! when its text changed, in counts and, with `--json`, one record per annotation.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, bail};
use serde_json::{Value, json};

use super::{apply, load, resolve_document, save};
use crate::io::{import, project_file};
use crate::model::anchor::{Anchoring, Outcome};
use crate::model::revision::revise;
use crate::model::{AnchorReport, CharRange, Project};

/// One annotation's fate, for `--json`.
fn record(annotation_id: &str, before: CharRange, after: CharRange, anchoring: Anchoring) -> Value {
    let score = match anchoring {
        Anchoring::Moved { score, .. } | Anchoring::Review { score, .. } => Some(score),
        _ => None,
    };
    json!({
        "annotation": annotation_id,
        "outcome": anchoring.outcome(),
        "before": [before.start, before.end],
        "after": [after.start, after.end],
        "score": score,
    })
}

fn counts_line(counts: [usize; 4]) -> String {
    Outcome::ALL
        .iter()
        .zip(counts)
        .map(|(outcome, count)| format!("{count} {}", outcome.name()))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn reimport(
    path: &Path,
    file: &Path,
    doc: Option<&str>,
    format: Option<import::Format>,
    json: bool,
) -> Result<()> {
    let mut project = load(path)?;
    let doc_id = resolve_document(&project, doc)?;
    let document = import::import_file_as(file, None, format)?;
    let clean_as = document
        .source
        .as_ref()
        .and_then(|source| import::Format::from_name(&source.format))
        .unwrap_or(import::Format::Text);
    let revised = revise(&project, &doc_id, document, |fragment| {
        clean_as.clean_fragment(fragment)
    })?;
    let counts = revised.counts();
    apply(&mut project, revised.edit)?;
    save(&project, path)?;
    if json {
        let records: Vec<Value> = revised
            .carried
            .iter()
            .map(|c| {
                record(
                    c.annotation.id.as_str(),
                    c.before,
                    c.annotation.range(),
                    c.anchoring,
                )
            })
            .collect();
        writeln!(
            std::io::stdout(),
            "{}",
            serde_json::to_string_pretty(&json!({ "document": doc_id.as_str(), "annotations": records }))?
        )?;
    } else {
        writeln!(
            std::io::stdout(),
            "reimported {doc_id} as {}: {}; the previous text is kept as revision {}",
            clean_as.name(),
            counts_line(counts),
            project.document(&doc_id).map_or(0, |d| d.revisions.len())
        )?;
    }
    super::leave((project, revised.carried));
    Ok(())
}

pub fn revisions(path: &Path, doc: Option<&str>, json: bool) -> Result<()> {
    let project = load(path)?;
    let doc_id = resolve_document(&project, doc)?;
    let document = project.document(&doc_id).expect("resolved above");
    if json {
        let items: Vec<Value> = document
            .revisions
            .iter()
            .enumerate()
            .map(|(i, revision)| {
                json!({
                    "revision": i + 1,
                    "sha256": revision.sha256,
                    "imported": revision.source.as_ref().map(|s| s.imported.to_string()),
                    "replaced": revision.replaced.to_string(),
                    "characters": revision.text.char_len(),
                    "changes": revision.changes.iter().map(|c| json!({
                        "annotation": c.annotation.as_str(),
                        "outcome": c.outcome,
                        "before": [c.before.0, c.before.1],
                        "after": [c.after.0, c.after.1],
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        writeln!(std::io::stdout(), "{}", serde_json::to_string_pretty(&items)?)?;
        return Ok(());
    }
    if document.revisions.is_empty() {
        writeln!(
            std::io::stdout(),
            "{doc_id}: no earlier revisions (reimport keeps one each time the text is replaced)"
        )?;
    }
    for (i, revision) in document.revisions.iter().enumerate() {
        let mut counts = [0usize; 4];
        for change in &revision.changes {
            counts[change.outcome as usize] += 1;
        }
        writeln!(
            std::io::stdout(),
            "revision {}  imported {}  replaced {}  sha256 {}  {} characters  on replacing: {} moved, {} needs review, {} orphaned",
            i + 1,
            revision
                .source
                .as_ref()
                .map_or("-".to_owned(), |s| s.imported.to_string()),
            revision.replaced,
            if revision.sha256.is_empty() {
                "-"
            } else {
                &revision.sha256
            },
            revision.text.char_len(),
            counts[Outcome::Moved as usize],
            counts[Outcome::NeedsReview as usize],
            counts[Outcome::Orphaned as usize],
        )?;
    }
    writeln!(
        std::io::stdout(),
        "current  imported {}  sha256 {}  {} characters",
        document
            .source
            .as_ref()
            .map_or("-".to_owned(), |s| s.imported.to_string()),
        if document.sha256.is_empty() {
            "-"
        } else {
            &document.sha256
        },
        document.text.char_len()
    )?;
    Ok(())
}

/// An import's summary as JSON: the counts, and one record per annotation not placed where the
/// file put it.
pub fn import_json(project: &Project, summary: &crate::io::formats::ImportSummary) -> Result<String> {
    let records: Vec<Value> = summary
        .placements
        .iter()
        .map(|p| {
            let after = project
                .annotation(&p.annotation_id)
                .map_or_else(|| p.given.unwrap_or_default(), |a| a.range());
            let mut record = record(
                p.annotation_id.as_str(),
                p.given.unwrap_or_default(),
                after,
                p.anchoring,
            );
            record["place"] = json!(p.place);
            record
        })
        .collect();
    let skipped: Vec<Value> = summary
        .skipped
        .iter()
        .map(|s| json!({"place": s.place, "reason": s.reason}))
        .collect();
    Ok(serde_json::to_string_pretty(&json!({
        "imported": summary.imported,
        "exact": summary.imported - summary.moved - summary.needs_review - summary.orphaned,
        "moved": summary.moved,
        "needs_review": summary.needs_review,
        "orphaned": summary.orphaned,
        "skipped": skipped,
        "annotations": records,
    }))?)
}

/// What loading did to annotations whose range disagreed with their quote, as counts (and
/// records with `json`); also how many are waiting for review or orphaned in the project.
pub fn anchoring_report(project: &Project, reports: &[AnchorReport], json: bool) -> Result<String> {
    if json {
        let records: Vec<Value> = reports
            .iter()
            .map(|r| {
                let after = project
                    .annotation(&r.annotation_id)
                    .map_or(r.stored, |a| a.range());
                record(r.annotation_id.as_str(), r.stored, after, r.anchoring)
            })
            .collect();
        return Ok(serde_json::to_string_pretty(&records)?);
    }
    let mut counts = [0usize; 4];
    for report in reports {
        counts[report.anchoring.outcome() as usize] += 1;
    }
    let waiting = project
        .annotations()
        .iter()
        .filter(|a| a.review.is_some())
        .count();
    let orphans = project.annotations().iter().filter(|a| a.orphaned).count();
    Ok(format!(
        "on loading: {}; in the project: {waiting} need review, {orphans} orphaned",
        counts_line(counts)
    ))
}

/// `check`: the file loads, and every annotation is where its quote is.
pub fn check(path: &Path, json: bool) -> Result<()> {
    let loaded = project_file::load(path)?;
    let project = &loaded.project;
    if json {
        writeln!(
            std::io::stdout(),
            "{}",
            anchoring_report(project, &loaded.reports, true)?
        )?;
    } else {
        for warning in &loaded.warnings {
            writeln!(std::io::stdout(), "{warning}")?;
        }
        writeln!(
            std::io::stdout(),
            "{}",
            anchoring_report(project, &loaded.reports, false)?
        )?;
    }
    if !loaded.warnings.is_empty() {
        bail!(
            "{}: {} annotation(s) need repair; saving the project from the app or any command that changes it writes the repaired positions",
            path.display(),
            loaded.warnings.len()
        );
    }
    if !project.conflicts().is_empty() {
        for conflict in project.conflicts() {
            writeln!(std::io::stdout(), "conflict {}", conflict.describe())?;
        }
        bail!(
            "{}: {} conflict(s) from a merge are not settled; `marginalia resolve` settles them",
            path.display(),
            project.conflicts().len()
        );
    }
    if !json {
        writeln!(
            std::io::stdout(),
            "{}: ok: {} document(s), {} annotation(s), {} label(s)",
            path.display(),
            project.documents().len(),
            project.annotations().len(),
            project.labels().len()
        )?;
    }
    Ok(())
}
