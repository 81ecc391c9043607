//! `marginalia agreement`: several annotators' copies of the same documents measured against each
//! other (see [`crate::model::agreement`] for the measures and their rules). Prints a readable
//! table (overall, per label, per document, the pairwise F1 matrix), all of it as JSON with
//! `--json`, and a tidy CSV with `--csv` (one value a row).

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, anyhow, bail};

use super::args::AgreementArgs;
use super::copies::{self, Copies};
use crate::model::agreement::{Matrix, Measures, Options, Report, report};
use crate::model::copies::{Panel, PanelError};
use crate::model::scoring::shown;
use crate::model::text::shorten;
use crate::model::{LabelId, Project};

pub fn run(args: AgreementArgs) -> Result<()> {
    let copies = copies::read(&args.files, args.skip_broken, args.anonymous, true)?;
    let lined_up = copies.as_copies();
    let panel = Panel::line_up(&lined_up).map_err(|error| panel_error(&copies, error))?;
    let label = args
        .label
        .as_deref()
        .map(|wanted| resolve_label(&panel, wanted))
        .transpose()?;
    let document = match args.doc.as_deref() {
        Some(wanted) => {
            let doc_id = super::resolve_document(panel.reference, Some(wanted))
                .with_context(|| format!("in {} (the first copy)", copies.paths[0].display()))?;
            panel.documents().iter().position(|d| d.id == doc_id)
        }
        None => None,
    };
    let report = report(&panel, &Options { label, document });
    if let Some(path) = &args.csv {
        write_csv(&report, path)?;
    }
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        print(&mut out, &report)?;
    }
    Ok(())
}

/// The panel's refusal, naming the file it is about.
fn panel_error(copies: &Copies, error: PanelError) -> anyhow::Error {
    let annotator = match &error {
        PanelError::Empty => return anyhow!("{error}"),
        PanelError::DifferentDocuments { annotator, .. } | PanelError::DifferentText { annotator, .. } => {
            annotator
        }
    };
    match copies.names.iter().position(|name| name == annotator) {
        Some(i) => anyhow!("{}: {error}", copies.paths[i].display()),
        None => anyhow!("{error}"),
    }
}

/// A label by id or name, in the first copy, else in any copy.
fn resolve_label(panel: &Panel, wanted: &str) -> Result<LabelId> {
    let projects = (0..panel.annotators.len()).map(|a| panel.project(a));
    for project in projects {
        if let Some(label) = project.find_label(wanted) {
            return Ok(label.id.clone());
        }
    }
    bail!(
        "there is no label {wanted:?}; labels are: {}",
        label_list(panel.reference)
    )
}

fn label_list(project: &Project) -> String {
    project
        .labels()
        .iter()
        .map(|l| l.id.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn print(out: &mut impl Write, r: &Report) -> Result<()> {
    let two = r.annotators.len() == 2;
    writeln!(
        out,
        "agreement of {} annotators: {}",
        r.annotators.len(),
        r.annotators.join(", ")
    )?;
    let label = r
        .label
        .as_ref()
        .and_then(|l| r.labels.iter().find(|row| &row.label == l))
        .map_or_else(String::new, |row| format!(", label {} only", row.name));
    if r.documents.len() == 1 && r.documents_in_all > 1 {
        writeln!(
            out,
            "document {} only ({:?}){label}",
            r.documents[0].document, r.documents[0].title
        )?;
    } else {
        writeln!(
            out,
            "over {} of {} document(s): those every annotator has{label}",
            r.compared_documents.len(),
            r.documents_in_all
        )?;
    }
    for (name, &n) in r.annotators.iter().zip(&r.unmatched) {
        if n > 0 {
            writeln!(
                out,
                "  {name}: {n} annotation(s) on documents the first copy does not have, not compared"
            )?;
        }
    }
    writeln!(out)?;
    let o = &r.overall;
    writeln!(out, "overall")?;
    writeln!(
        out,
        "  alpha over positions   {:>5}   {} position(s) with two or more values; {} stacked, left out",
        shown(o.alpha_positions),
        o.pairable_units,
        o.stacked_units
    )?;
    writeln!(out, "  unitizing alpha (αu)   {:>5}", shown(o.alpha_unitizing))?;
    writeln!(
        out,
        "  Fleiss' kappa          {:>5}   over characters",
        shown(o.fleiss_kappa)
    )?;
    if two {
        writeln!(
            out,
            "  Cohen's kappa          {:>5}   over characters",
            shown(o.cohen_kappa)
        )?;
    }
    writeln!(
        out,
        "  mean pairwise F1       {:>5}   exact; {} overlap",
        shown(o.f1_exact.mean),
        shown(o.f1_overlap.mean)
    )?;

    if r.label.is_none() && !r.labels.is_empty() {
        writeln!(out)?;
        writeln!(out, "by label")?;
        writeln!(out, "  {:<16} {:>6}  {}", "label", "spans", heading(two))?;
        for row in &r.labels {
            writeln!(
                out,
                "  {:<16} {:>6}  {}",
                shorten(&row.name, 16),
                row.spans.iter().sum::<usize>(),
                cells(&row.measures, two)
            )?;
        }
    }

    writeln!(out)?;
    writeln!(out, "by document")?;
    writeln!(
        out,
        "  {:<30} {:<20} {:>10} {:>6}  {}",
        "document",
        "title",
        "annotators",
        "spans",
        heading(two)
    )?;
    for row in &r.documents {
        let present = row.spans.iter().flatten().count();
        writeln!(
            out,
            "  {:<30} {:<20} {:>10} {:>6}  {}",
            row.document.as_str(),
            shorten(&row.title, 20),
            format!("{present}/{}", row.spans.len()),
            row.spans.iter().flatten().sum::<usize>(),
            cells(&row.measures, two)
        )?;
    }

    writeln!(out)?;
    writeln!(out, "pairwise F1 (exact / overlap)")?;
    let width = r
        .annotators
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(11, 24);
    write!(out, "  {:<width$}", "")?;
    for name in &r.annotators {
        write!(out, " {:>width$}", shorten(name, width))?;
    }
    writeln!(out)?;
    for (a, name) in r.annotators.iter().enumerate() {
        write!(out, "  {:<width$}", shorten(name, width))?;
        for b in 0..r.annotators.len() {
            let cell = if a == b {
                "·".to_owned()
            } else {
                pair(&o.f1_exact, &o.f1_overlap, a, b)
            };
            write!(out, " {cell:>width$}")?;
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "— : undefined (nothing to compare, or no variation). See `marginalia agreement --help` for what each measure means."
    )?;
    Ok(())
}

fn heading(two: bool) -> String {
    let mut columns = vec![
        format!("{:>6}", "α pos"),
        format!("{:>6}", "αu"),
        format!("{:>6}", "Fleiss"),
    ];
    if two {
        columns.push(format!("{:>6}", "Cohen"));
    }
    columns.push(format!("{:>8}", "F1 exact"));
    columns.push(format!("{:>10}", "F1 overlap"));
    columns.join(" ")
}

fn cells(m: &Measures, two: bool) -> String {
    let mut columns = vec![
        format!("{:>6}", shown(m.alpha_positions)),
        format!("{:>6}", shown(m.alpha_unitizing)),
        format!("{:>6}", shown(m.fleiss_kappa)),
    ];
    if two {
        columns.push(format!("{:>6}", shown(m.cohen_kappa)));
    }
    columns.push(format!("{:>8}", shown(m.f1_exact.mean)));
    columns.push(format!("{:>10}", shown(m.f1_overlap.mean)));
    columns.join(" ")
}

fn pair(exact: &Matrix, overlap: &Matrix, a: usize, b: usize) -> String {
    format!("{} / {}", shown(exact.values[a][b]), shown(overlap.values[a][b]))
}

/// One value a row: `document,label,measure,annotator_a,annotator_b,value`, empty cells for
/// "all" (and for an undefined value); pairwise F1 once per pair.
fn write_csv(r: &Report, path: &Path) -> Result<()> {
    let mut writer =
        csv::Writer::from_path(path).with_context(|| format!("{}: cannot write", path.display()))?;
    writer.write_record([
        "document",
        "label",
        "measure",
        "annotator_a",
        "annotator_b",
        "value",
    ])?;
    let label = r.label.as_ref().map_or("", |l| l.as_str());
    let mut scopes: Vec<(&str, &str, &Measures)> = vec![("", label, &r.overall)];
    if r.label.is_none() {
        scopes.extend(r.labels.iter().map(|row| ("", row.label.as_str(), &row.measures)));
    }
    scopes.extend(
        r.documents
            .iter()
            .map(|row| (row.document.as_str(), label, &row.measures)),
    );
    let two = r.annotators.len() == 2;
    let value = |v: Option<f64>| v.map_or_else(String::new, |v| format!("{v:.6}"));
    for (document, label, m) in scopes {
        let mut row = |measure: &str, a: &str, b: &str, v: String| {
            writer.write_record([document, label, measure, a, b, v.as_str()])
        };
        row("alpha_positions", "", "", value(m.alpha_positions))?;
        row("pairable_units", "", "", m.pairable_units.to_string())?;
        row("stacked_units", "", "", m.stacked_units.to_string())?;
        row("alpha_unitizing", "", "", value(m.alpha_unitizing))?;
        row("fleiss_kappa", "", "", value(m.fleiss_kappa))?;
        if two {
            row("cohen_kappa", "", "", value(m.cohen_kappa))?;
        }
        row("mean_f1_exact", "", "", value(m.f1_exact.mean))?;
        row("mean_f1_overlap", "", "", value(m.f1_overlap.mean))?;
        for (matrix, measure) in [(&m.f1_exact, "f1_exact"), (&m.f1_overlap, "f1_overlap")] {
            for a in 0..r.annotators.len() {
                for b in a + 1..r.annotators.len() {
                    row(
                        measure,
                        &r.annotators[a],
                        &r.annotators[b],
                        value(matrix.values[a][b]),
                    )?;
                }
            }
        }
    }
    writer
        .flush()
        .with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}
