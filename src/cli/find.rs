//! `marginalia find`: every hit of a text or regex in the documents, and `--label` to annotate them
//! all in one step.

use std::io::Write;

use anyhow::{Result, anyhow};
use serde::Serialize;

use super::args::FindArgs;
use super::{UsageError, apply, label_names, load, resolve_document, save};
use crate::model::annotation::now;
use crate::model::find::{self, FindOptions, Finder, Hit};
use crate::model::{IndexedText, Project};

/// Characters of context shown on each side of a hit.
const CONTEXT_CHARS: usize = 30;

#[derive(Serialize)]
struct HitRow<'a> {
    doc: &'a str,
    start: usize,
    end: usize,
    text: &'a str,
    before: &'a str,
    after: &'a str,
}

#[derive(Serialize)]
struct Output<'a> {
    hits: Vec<HitRow<'a>>,
    count: usize,
    /// How many documents have at least one hit.
    documents: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    added: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<usize>,
}

pub fn run(args: FindArgs) -> Result<()> {
    if args.text.trim().is_empty() {
        return Err(UsageError("nothing to find: TEXT is empty".into()).into());
    }
    let options = FindOptions {
        match_case: args.match_case,
        whole_word: args.whole_word,
        regex: args.regex,
    };
    let finder = Finder::new(&args.text, options)
        .map_err(|error| UsageError(format!("--regex {:?} does not compile: {error}", args.text)))?;
    let mut project = load(&args.project)?;
    let doc = match &args.doc {
        Some(doc) => Some(resolve_document(&project, Some(doc))?),
        None => None,
    };
    let label_id = match &args.label {
        Some(name) => Some(
            project
                .find_label(name)
                .map(|label| label.id.clone())
                .ok_or_else(|| {
                    anyhow!(
                        "there is no label {name:?}; labels are: {}",
                        label_names(&project)
                    )
                })?,
        ),
        None => None,
    };
    let hits = finder.find_in_project(&project, doc.as_ref());
    let mut documents: Vec<_> = hits.iter().map(|hit| &hit.doc_id).collect();
    documents.dedup();
    let documents = documents.len();
    let labelled = label_id.map(|label_id| {
        let outcome = find::label_all(&project, &hits, &label_id, now());
        (label_id, outcome.added, outcome.skipped, outcome.edit)
    });
    let mut out = std::io::stdout().lock();
    if args.json {
        let rows = hits.iter().map(|hit| json_row(&project, hit)).collect();
        let output = Output {
            hits: rows,
            count: hits.len(),
            documents,
            added: labelled.as_ref().map(|(_, added, _, _)| *added),
            skipped: labelled.as_ref().map(|(_, _, skipped, _)| *skipped),
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&output)?)?;
    } else {
        for hit in &hits {
            writeln!(out, "{}", text_line(&project, hit))?;
        }
        writeln!(out, "{} hit(s) in {documents} document(s)", hits.len())?;
    }
    let Some((label_id, added, skipped, edit)) = labelled else {
        return Ok(());
    };
    if let Some(edit) = edit {
        apply(&mut project, edit)?;
        save(&project, &args.project)?;
    }
    if !args.json {
        writeln!(
            out,
            "added {added} annotation(s) labelled {label_id}; skipped {skipped} hit(s) already labelled {label_id}"
        )?;
    }
    Ok(())
}

/// The text a hit was found in (every hit comes from one of the project's documents).
fn document_text<'p>(project: &'p Project, hit: &Hit) -> &'p IndexedText {
    static EMPTY: std::sync::LazyLock<IndexedText> = std::sync::LazyLock::new(IndexedText::default);
    project
        .document(&hit.doc_id)
        .map_or(&EMPTY, |document| &document.text)
}

/// `d-…  12..18  …vents et [marées] le Niger…`
fn text_line(project: &Project, hit: &Hit) -> String {
    let text = document_text(project, hit);
    let (before, matched, after) = find::context(text, hit.range, CONTEXT_CHARS);
    let cut_before = if hit.range.start > CONTEXT_CHARS {
        "…"
    } else {
        ""
    };
    let cut_after = if hit.range.end + CONTEXT_CHARS < text.char_len() {
        "…"
    } else {
        ""
    };
    format!(
        "{}  {}  {cut_before}{before}[{matched}]{after}{cut_after}",
        hit.doc_id, hit.range
    )
}

fn json_row<'p>(project: &'p Project, hit: &'p Hit) -> HitRow<'p> {
    let text = document_text(project, hit);
    HitRow {
        doc: hit.doc_id.as_str(),
        start: hit.range.start,
        end: hit.range.end,
        text: text.slice(hit.range).unwrap_or_default(),
        before: text.before(hit.range.start, CONTEXT_CHARS),
        after: text.after(hit.range.end, CONTEXT_CHARS),
    }
}
