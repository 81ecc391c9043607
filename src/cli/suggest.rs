//! `marginalia suggest`: the spans the app would propose for a label, with their scores, and
//! `--accept-above` to turn the surest into annotations in one recorded step.

use std::io::Write;

use anyhow::{Result, anyhow};

use super::args::SuggestArgs;
use super::labels::resolve_label;
use super::{UsageError, load, resolve_document, save};
use crate::io::scorer;
use crate::model::suggest::{self, Scores, Suggestion};
use crate::model::text::shorten;
use crate::model::{Edit, Project};

pub fn run(args: SuggestArgs) -> Result<()> {
    for (name, value) in [
        ("--threshold", args.threshold),
        ("--accept-above", args.accept_above),
    ] {
        if value.is_some_and(|v| !(0.0..=1.0).contains(&v)) {
            return Err(UsageError(format!("{name} must be between 0 and 1")).into());
        }
    }
    let mut project = load(&args.project)?;
    let label = resolve_label(&project, &args.label)?;
    let document = args
        .doc
        .as_deref()
        .map(|doc| resolve_document(&project, Some(doc)))
        .transpose()?;
    let scorer_command = args
        .scorer
        .clone()
        .unwrap_or_else(|| project.settings.scorer.clone());
    let candidates = suggest::candidates(&project, &label, document.as_ref());
    let trained = match suggest::train(&project, &label) {
        Ok(trained) => Some(trained),
        Err(reason) if scorer_command.trim().is_empty() && !args.repeats => return Err(anyhow!(reason)),
        Err(reason) => {
            eprintln!("note: no built-in suggestions: {reason}");
            None
        }
    };
    let external = if scorer_command.trim().is_empty() {
        None
    } else {
        match scorer::score(&scorer_command, &candidates, scorer::TIME_LIMIT) {
            Ok(scores) => Some(scores),
            Err(error) if trained.is_some() => {
                eprintln!("warning: {error}; using the built-in model alone");
                None
            }
            Err(error) => return Err(error.into()),
        }
    };
    let scores = Scores {
        model: trained.as_ref(),
        scorer: external.as_deref(),
        scorer_use: project.settings.scorer_use,
    };
    let mut found = if scores.model.is_some() || scores.scorer.is_some() {
        suggest::rank(&candidates, &label, &scores, args.threshold)
    } else {
        Vec::new()
    };
    if args.repeats {
        found.extend(repeats(&project, &label, document.as_ref()));
    }
    print(&project, &found, args.json)?;
    if let Some(least) = args.accept_above {
        let accepted: Vec<&Suggestion> = found.iter().filter(|s| s.score >= least).collect();
        if !accepted.is_empty() {
            let edit = Edit::Batch(
                accepted
                    .iter()
                    .flat_map(|s| suggest::accept_edits(&project, s))
                    .collect(),
            );
            edit.apply(&mut project).map_err(|e| anyhow!(e))?;
            save(&project, &args.project)?;
        }
        eprintln!(
            "accepted {} suggestion(s) scoring {least} or more into {}",
            accepted.len(),
            args.project.display()
        );
    }
    Ok(())
}

/// The repeats of every annotation of the label, each place once.
fn repeats(
    project: &Project,
    label: &crate::model::LabelId,
    document: Option<&crate::model::DocId>,
) -> Vec<Suggestion> {
    let mut found: Vec<Suggestion> = project
        .annotations()
        .iter()
        .filter(|a| &a.label == label && !a.orphaned)
        .flat_map(|a| suggest::repeats(project, &a.id))
        .filter(|s| document.is_none_or(|d| d == &s.document))
        .collect();
    found.sort_by(|a, b| (&a.document, a.start, a.end).cmp(&(&b.document, b.start, b.end)));
    found.dedup_by(|a, b| (&a.document, a.start, a.end) == (&b.document, b.start, b.end));
    found
}

fn print(project: &Project, found: &[Suggestion], json: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(found)?)?;
        return Ok(());
    }
    if found.is_empty() {
        writeln!(out, "no suggestions")?;
    }
    for s in found {
        let title = project.document(&s.document).map_or("", |d| d.title.as_str());
        writeln!(
            out,
            "{:.2}  {:<7} {} {}..{}  \"{}\"",
            s.score,
            s.origin.name(),
            shorten(title, 24),
            s.start,
            s.end,
            shorten(&s.text, 90)
        )?;
    }
    Ok(())
}
