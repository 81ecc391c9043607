//! What the command line prints: annotation lists and statistics, as text or JSON.

use std::collections::BTreeMap;

use std::io::Write;

use anyhow::Result;
use serde::Serialize;

use crate::model::suggest::decisions::{Tally, tally};
use crate::model::text::shorten;
use crate::model::{Annotation, DocId, Document, Project};

/// Longest quote shown in a text listing before it is shortened.
const QUOTE_CHARS: usize = 60;

#[derive(Serialize)]
struct AnnotationRow<'a> {
    id: &'a str,
    document: &'a str,
    document_title: &'a str,
    label: &'a str,
    start: usize,
    end: usize,
    quote: &'a str,
    note: &'a str,
    fields: &'a BTreeMap<String, String>,
    /// Links from this annotation to others, and from others to it.
    links: Vec<LinkRow<'a>>,
    orphaned: bool,
    /// Placed approximately and waiting for the user: the quote before, and the score.
    #[serde(skip_serializing_if = "Option::is_none")]
    review: Option<&'a crate::model::anchor::Review>,
    created: String,
    modified: String,
}

#[derive(Serialize)]
struct LinkRow<'a> {
    id: &'a str,
    kind: &'a str,
    from: &'a str,
    to: &'a str,
}

fn row<'a>(project: &'a Project, annotation: &'a Annotation) -> AnnotationRow<'a> {
    AnnotationRow {
        id: annotation.id.as_str(),
        document: annotation.document.as_str(),
        document_title: project
            .document(&annotation.document)
            .map_or("", |doc| doc.title.as_str()),
        label: annotation.label.as_str(),
        start: annotation.start,
        end: annotation.end,
        quote: &annotation.quote.exact,
        note: &annotation.note,
        fields: &annotation.fields,
        links: project
            .links_of(&annotation.id)
            .map(|link| LinkRow {
                id: link.id.as_str(),
                kind: &link.kind,
                from: link.from.as_str(),
                to: link.to.as_str(),
            })
            .collect(),
        orphaned: annotation.orphaned,
        review: annotation.review.as_ref(),
        created: annotation.created.to_string(),
        modified: annotation.modified.to_string(),
    }
}

/// One line: id, label, range, shortened quote.
pub fn annotation_line(project: &Project, annotation: &Annotation) -> String {
    let row = row(project, annotation);
    format!(
        "{}  {}  {}..{}  \"{}\"",
        row.id,
        row.label,
        row.start,
        row.end,
        shorten(row.quote, QUOTE_CHARS)
    )
}

pub fn print_annotations(project: &Project, annotations: &[&Annotation], json: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        let rows: Vec<_> = annotations.iter().map(|a| row(project, a)).collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    let several_documents = project.documents().len() > 1;
    let label_width = project
        .labels()
        .iter()
        .map(|l| l.id.as_str().len())
        .max()
        .unwrap_or(0);
    for annotation in annotations {
        let row = row(project, annotation);
        let document = if several_documents {
            format!("{}  ", shorten(row.document_title, 24))
        } else {
            String::new()
        };
        let note = row.note.lines().next().unwrap_or("");
        let orphaned = if row.orphaned { "  [orphaned]" } else { "" };
        writeln!(
            out,
            "{document}{:label_width$}  {:>13}  \"{}\"{}{orphaned}",
            row.label,
            format!("{}..{}", row.start, row.end),
            shorten(row.quote, QUOTE_CHARS),
            if note.is_empty() {
                String::new()
            } else {
                format!("  — {}", shorten(note, QUOTE_CHARS))
            },
        )?;
    }
    eprintln!("{} annotation(s)", annotations.len());
    Ok(())
}

#[derive(Serialize)]
struct DocumentStats<'a> {
    id: &'a str,
    title: &'a str,
    characters: usize,
    annotations: usize,
    orphaned: usize,
    by_label: BTreeMap<&'a str, usize>,
    /// Decisions on suggestions, by label (only labels that had some).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    suggestions: BTreeMap<&'a str, Tally>,
}

pub fn print_stats(project: &Project, json: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let stats: Vec<DocumentStats> = project
        .documents()
        .iter()
        .map(|doc| {
            let annotations = project.annotations_of(&doc.id);
            let mut by_label: BTreeMap<&str, usize> =
                project.labels().iter().map(|l| (l.id.as_str(), 0)).collect();
            for annotation in annotations {
                *by_label.entry(annotation.label.as_str()).or_default() += 1;
            }
            DocumentStats {
                id: doc.id.as_str(),
                title: &doc.title,
                characters: doc.text.char_len(),
                annotations: annotations.len(),
                orphaned: annotations.iter().filter(|a| a.orphaned).count(),
                by_label,
                suggestions: suggestion_tallies(project, Some(&doc.id)),
            }
        })
        .collect();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&stats)?)?;
        return Ok(());
    }
    writeln!(out, "{}", project.name)?;
    for doc in &stats {
        writeln!(
            out,
            "\n{}  {}\n  {} characters, {} annotation(s){}",
            doc.id,
            doc.title,
            doc.characters,
            doc.annotations,
            if doc.orphaned > 0 {
                format!(", {} orphaned", doc.orphaned)
            } else {
                String::new()
            }
        )?;
        for label in project.labels() {
            writeln!(out, "  {:12} {:>6}", label.name, doc.by_label[label.id.as_str()])?;
        }
        if !doc.suggestions.is_empty() {
            writeln!(out, "  suggestions: {}", tally_text(project, &doc.suggestions))?;
        }
    }
    writeln!(
        out,
        "\ntotal: {} document(s), {} annotation(s)",
        stats.len(),
        project.annotations().len()
    )?;
    let all = suggestion_tallies(project, None);
    if !all.is_empty() {
        writeln!(out, "suggestions: {}", tally_text(project, &all))?;
    }
    Ok(())
}

/// Per label, the suggestions accepted and rejected (on one document, or all).
fn suggestion_tallies<'a>(project: &'a Project, doc_id: Option<&DocId>) -> BTreeMap<&'a str, Tally> {
    let decisions: Vec<_> = project
        .suggestion_decisions()
        .iter()
        .filter(|d| doc_id.is_none_or(|id| &d.document == id))
        .cloned()
        .collect();
    project
        .labels()
        .iter()
        .map(|label| (label.id.as_str(), tally(&decisions, &label.id)))
        .filter(|(_, t)| t.accepted + t.rejected > 0)
        .collect()
}

/// "Claim 12 accepted, 3 rejected; Source 2 accepted, 0 rejected".
fn tally_text(project: &Project, tallies: &BTreeMap<&str, Tally>) -> String {
    project
        .labels()
        .iter()
        .filter_map(|label| {
            let t = tallies.get(label.id.as_str())?;
            Some(format!(
                "{} {} accepted, {} rejected",
                label.name, t.accepted, t.rejected
            ))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// "id  title" for each document, for error messages.
pub fn document_choices(documents: &[Document]) -> String {
    documents
        .iter()
        .map(|doc| format!("{} ({})", doc.id, shorten(&doc.title, 40)))
        .collect::<Vec<_>>()
        .join(", ")
}
