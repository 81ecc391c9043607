//! `marginalia labels`: list the label set, or add, rename, recolour or remove a label.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow, bail};
use serde::Serialize;

use super::args::{LabelAction, LabelsArgs};
use super::edit::links_touching;
use super::{UsageError, apply, label_names, load, save};
use crate::model::{AnnotationId, Color, Edit, Label, LabelId, Project};

pub(super) fn run(args: LabelsArgs) -> Result<()> {
    let path = args.project.as_path();
    let Some(action) = args.action else {
        return print_labels(&load(path)?, args.json);
    };
    if args.json {
        return Err(UsageError(
            "--json goes with the listing only: `marginalia labels PROJECT --json`".into(),
        )
        .into());
    }
    match action {
        LabelAction::Add {
            name,
            color,
            hotkey,
            description,
        } => add(path, &name, color.as_deref(), hotkey.as_deref(), description),
        LabelAction::Rename { label, new_name } => rename(path, &label, &new_name),
        LabelAction::Recolour { label, color } => recolour(path, &label, &color),
        LabelAction::Remove {
            label,
            with_annotations,
        } => remove(path, &label, with_annotations),
    }
}

/// The label with this id, or else this name (ignoring case), as `annotate --label` takes it.
pub(super) fn resolve_label(project: &Project, wanted: &str) -> Result<LabelId> {
    project
        .find_label(wanted)
        .map(|label| label.id.clone())
        .ok_or_else(|| {
            anyhow!(
                "there is no label {wanted:?}; labels are: {}",
                label_names(project)
            )
        })
}

#[derive(Serialize)]
struct LabelRow<'a> {
    id: &'a str,
    name: &'a str,
    color: String,
    hotkey: Option<&'a str>,
    description: &'a str,
    fields: Vec<&'a str>,
    annotations: usize,
}

fn label_row<'a>(project: &Project, label: &'a Label) -> LabelRow<'a> {
    LabelRow {
        id: label.id.as_str(),
        name: &label.name,
        color: label.color.to_string(),
        hotkey: label.hotkey.as_deref(),
        description: &label.description,
        fields: label.fields.iter().map(|field| field.key.as_str()).collect(),
        annotations: project.count_with_label(&label.id),
    }
}

fn print_labels(project: &Project, json: bool) -> Result<()> {
    let rows: Vec<LabelRow> = project
        .labels()
        .iter()
        .map(|label| label_row(project, label))
        .collect();
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?;
        return Ok(());
    }
    let id_width = rows.iter().map(|row| row.id.len()).max().unwrap_or(0);
    let name_width = rows.iter().map(|row| row.name.chars().count()).max().unwrap_or(0);
    for row in &rows {
        let fields = if row.fields.is_empty() {
            String::new()
        } else {
            format!("  fields: {}", row.fields.join(", "))
        };
        writeln!(
            out,
            "{:id_width$}  {:name_width$}  {}  key {:1}  {:>5} annotation(s){fields}",
            row.id,
            row.name,
            row.color,
            row.hotkey.unwrap_or("-"),
            row.annotations,
        )?;
    }
    Ok(())
}

fn add(
    path: &Path,
    name: &str,
    color: Option<&str>,
    hotkey: Option<&str>,
    description: Option<String>,
) -> Result<()> {
    let mut project = load(path)?;
    let name = checked_name(&project, name, None)?;
    let label = Label {
        id: LabelId::generate(),
        name,
        color: match color {
            Some(color) => parse_color(color)?,
            None => project.unused_color(),
        },
        hotkey: match hotkey {
            Some(hotkey) => Some(parse_hotkey(hotkey)?),
            None => project.free_hotkey(),
        },
        description: description.unwrap_or_default(),
        fields: Vec::new(),
    };
    let line = describe(&label);
    let position = project.labels().len();
    apply(&mut project, Edit::AddLabel { position, label })?;
    save(&project, path)?;
    say!("added label {line}");
    Ok(())
}

fn rename(path: &Path, wanted: &str, new_name: &str) -> Result<()> {
    let (old, new) = update_label(path, wanted, |project, label| {
        label.name = checked_name(project, new_name, Some(&label.id))?;
        Ok(())
    })?;
    say!("renamed label {} from {:?} to {:?}", new.id, old.name, new.name);
    Ok(())
}

fn recolour(path: &Path, wanted: &str, color: &str) -> Result<()> {
    let color = parse_color(color)?;
    let (old, new) = update_label(path, wanted, |_, label| {
        label.color = color;
        Ok(())
    })?;
    say!("recoloured label {} from {} to {}", new.id, old.color, new.color);
    Ok(())
}

/// Loads the project, changes one label (resolved from `wanted`) and saves; returns the label
/// before and after.
fn update_label(
    path: &Path,
    wanted: &str,
    change: impl FnOnce(&Project, &mut Label) -> Result<()>,
) -> Result<(Label, Label)> {
    let mut project = load(path)?;
    let label_id = resolve_label(&project, wanted)?;
    let old = project
        .label(&label_id)
        .cloned()
        .ok_or_else(|| anyhow!("there is no label {label_id}"))?;
    let mut new = old.clone();
    change(&project, &mut new)?;
    apply(&mut project, Edit::UpdateLabel(new.clone()))?;
    save(&project, path)?;
    Ok((old, new))
}

fn remove(path: &Path, wanted: &str, with_annotations: bool) -> Result<()> {
    let mut project = load(path)?;
    let label_id = resolve_label(&project, wanted)?;
    let name = project
        .label(&label_id)
        .map(|label| label.name.clone())
        .unwrap_or_default();
    let ids: Vec<AnnotationId> = project
        .annotations()
        .iter()
        .filter(|annotation| annotation.label == label_id)
        .map(|annotation| annotation.id.clone())
        .collect();
    if !ids.is_empty() && !with_annotations {
        bail!(
            "label {label_id} ({name:?}) is used by {} annotation(s); give --with-annotations to remove them too, with their links, or relabel them first with `marginalia edit PROJECT ID --label L`",
            ids.len()
        );
    }
    let links = links_touching(&project, &ids).count();
    apply(
        &mut project,
        Edit::RemoveLabel {
            label_id: label_id.clone(),
            reassign_to: None,
        },
    )?;
    save(&project, path)?;
    say!(
        "removed label {label_id} {name:?} with {} annotation(s) and {links} link(s)",
        ids.len()
    );
    Ok(())
}

/// A label's name, trimmed, non-empty, and naming no other label (by name or id), so that
/// `--label NAME` stays unambiguous.
fn checked_name(project: &Project, name: &str, renaming: Option<&LabelId>) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(UsageError("a label's name cannot be empty".into()).into());
    }
    let taken = project.labels().iter().find(|label| {
        Some(&label.id) != renaming && (label.name.eq_ignore_ascii_case(name) || label.id.as_str() == name)
    });
    if let Some(other) = taken {
        bail!(
            "{name:?} already names label {} ({:?}); choose another name",
            other.id,
            other.name
        );
    }
    Ok(name.to_owned())
}

/// `#RRGGBB`, or `RRGGBB` without the `#` a shell would take for a comment.
fn parse_color(text: &str) -> Result<Color> {
    let with_hash = if text.starts_with('#') {
        text.to_owned()
    } else {
        format!("#{text}")
    };
    with_hash
        .parse()
        .map_err(|_| UsageError(format!("colour {text:?} is not of the form #RRGGBB")).into())
}

/// A hotkey is one character.
fn parse_hotkey(text: &str) -> Result<String> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(key), None) if !key.is_whitespace() => Ok(key.to_string()),
        _ => Err(UsageError(format!("--hotkey {text:?} is not a single key")).into()),
    }
}

/// "id  "name"  colour  key K".
fn describe(label: &Label) -> String {
    format!(
        "{}  {:?}  {}  key {}",
        label.id,
        label.name,
        label.color,
        label.hotkey.as_deref().unwrap_or("-")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_hotkeys_parse() {
        let colours = [
            ("#ff0000", Some(Color::rgb(255, 0, 0))),
            ("00A0ff", Some(Color::rgb(0, 0xA0, 0xFF))),
            ("#f00", None),
            ("red", None),
            ("", None),
        ];
        for (text, expected) in colours {
            assert_eq!(parse_color(text).ok(), expected, "{text:?}");
        }
        let hotkeys = [
            ("5", Some("5")),
            ("é", Some("é")),
            ("", None),
            ("12", None),
            (" ", None),
        ];
        for (text, expected) in hotkeys {
            assert_eq!(parse_hotkey(text).ok().as_deref(), expected, "{text:?}");
        }
    }

    #[test]
    fn a_name_must_be_new_and_not_empty() {
        let project = Project::new("p");
        let claim = LabelId::from("claim");
        let cases = [
            ("Verdict", None, Some("Verdict")),
            ("  Fact  ", None, Some("Fact")),
            ("claim", None, None),
            ("SOURCE", None, None),
            ("", None, None),
            ("CLAIM", Some(&claim), Some("CLAIM")),
            ("Source", Some(&claim), None),
        ];
        for (name, renaming, expected) in cases {
            let checked = checked_name(&project, name, renaming).ok();
            assert_eq!(checked.as_deref(), expected, "{name:?}");
        }
    }
}
