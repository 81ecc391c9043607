//! What `marginalia compare` prints: per-label scores, the same plain words as the app ("You found
//! 12 of the 22 claims") and the differences for each student, and a class table when there are
//! several (with each student's unitizing alpha against the key beside F1); JSON and CSV for
//! spreadsheets.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::model::scoring::{Comparison, Prf, Span, found_sentence, shown, tallies, tally_line, total};
use crate::model::text::shorten;

fn prf(scores: &Prf) -> String {
    format!(
        "{:>4} {:>4} {:>4}",
        shown(scores.precision),
        shown(scores.recall),
        shown(scores.f1)
    )
}

fn span(span: &Span) -> String {
    format!(
        "{} {}..{} \"{}\"",
        span.label,
        span.start,
        span.end,
        shorten(&span.quote, 50)
    )
}

pub fn print(results: &[(String, Comparison)], json: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        let rows: Vec<serde_json::Value> = results
            .iter()
            .map(|(student, comparison)| serde_json::json!({"student": student, "scores": comparison}))
            .collect();
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    for (student, comparison) in results {
        print_one(&mut out, student, comparison)?;
    }
    if results.len() > 1 {
        writeln!(out, "class: {} students", results.len())?;
        writeln!(
            out,
            "  {:<32} {:>10} {:>8} {:>7} {:>6} {:>6} {:>6} {:>11}",
            "student", "overlap F1", "exact F1", "alpha u", "kappa", "missed", "extra", "mislabelled"
        )?;
        for (student, c) in results {
            writeln!(
                out,
                "  {:<32} {:>10} {:>8} {:>7} {:>6} {:>6} {:>6} {:>11}",
                shorten(student, 32),
                shown(c.overlap.f1),
                shown(c.exact.f1),
                shown(c.alpha),
                shown(c.kappa),
                c.missed.len(),
                c.extra.len(),
                c.mislabelled.len()
            )?;
        }
        writeln!(
            out,
            "  alpha u: Krippendorff's unitizing alpha of the student and the key over all labels (1 perfect, 0 chance)"
        )?;
    }
    Ok(())
}

fn print_one(out: &mut impl Write, student: &str, c: &Comparison) -> Result<()> {
    writeln!(
        out,
        "{student}: overlap F1 {} (P {}, R {}), exact F1 {}, kappa {}",
        shown(c.overlap.f1),
        shown(c.overlap.precision),
        shown(c.overlap.recall),
        shown(c.exact.f1),
        shown(c.kappa)
    )?;
    writeln!(
        out,
        "  {:<14} {:>4} {:>7}  {:<14}  {:<14}  {:>5}",
        "label", "key", "student", "exact P R F1", "overlap P R F1", "kappa"
    )?;
    for label in &c.labels {
        writeln!(
            out,
            "  {:<14} {:>4} {:>7}  {}  {}  {:>5}",
            shorten(&label.name, 14),
            label.key_spans,
            label.student_spans,
            prf(&label.exact),
            prf(&label.overlap),
            shown(label.kappa)
        )?;
    }
    // The same plain words as the app's compare panel and the feedback report.
    let all = total(c);
    writeln!(out, "  {} ({})", found_sentence(&all), tally_line(&all))?;
    for tally in tallies(c) {
        writeln!(
            out,
            "    {}: {} ({})",
            tally.name,
            found_sentence(&tally),
            tally_line(&tally)
        )?;
    }
    for missed in &c.missed {
        writeln!(out, "  missed:      {}", span(missed))?;
    }
    for extra in &c.extra {
        writeln!(out, "  extra:       {}", span(extra))?;
    }
    for pair in &c.mislabelled {
        writeln!(
            out,
            "  mislabelled: {} (the key says {})",
            span(&pair.student),
            pair.key.label
        )?;
    }
    if c.unmatched_documents > 0 {
        writeln!(
            out,
            "  {} span(s) on documents the key does not have were not scored",
            c.unmatched_documents
        )?;
    }
    Ok(())
}

/// One row per student: overall and per-label scores.
pub fn write_class_csv(results: &[(String, Comparison)], path: &Path) -> Result<()> {
    let mut writer =
        csv::Writer::from_path(path).with_context(|| format!("{}: cannot write", path.display()))?;
    let cell = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v:.4}"));
    let mut header = vec![
        "student".to_owned(),
        "overlap_precision".into(),
        "overlap_recall".into(),
        "overlap_f1".into(),
        "exact_precision".into(),
        "exact_recall".into(),
        "exact_f1".into(),
        "alpha_unitizing".into(),
        "kappa".into(),
        "missed".into(),
        "extra".into(),
        "mislabelled".into(),
    ];
    if let Some((_, first)) = results.first() {
        header.extend(first.labels.iter().map(|l| format!("{}_overlap_f1", l.label)));
    }
    writer.write_record(&header)?;
    for (student, c) in results {
        let mut row = vec![
            student.clone(),
            cell(c.overlap.precision),
            cell(c.overlap.recall),
            cell(c.overlap.f1),
            cell(c.exact.precision),
            cell(c.exact.recall),
            cell(c.exact.f1),
            cell(c.alpha),
            cell(c.kappa),
            c.missed.len().to_string(),
            c.extra.len().to_string(),
            c.mislabelled.len().to_string(),
        ];
        row.extend(c.labels.iter().map(|l| cell(l.overlap.f1)));
        writer.write_record(&row)?;
    }
    writer
        .flush()
        .with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}
