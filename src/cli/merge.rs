//! `merge`, `conflicts`, `resolve` and `git-setup`: copies of a project merged by their ids, and
//! git told to use that merge for project files.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use anyhow::{Context, Result, anyhow, bail};

use super::args::{MergeArgs, ResolveArgs};
use super::{Exit, UsageError, apply, both, load, save};
use crate::io::project_file;
use crate::model::Project;
use crate::model::conflict::{self, Conflict, Side};
use crate::model::merge::{MergeOptions, merge};

/// Exit status for a merge that could not be made (git treats it as a broken driver).
const FAILED: u8 = 129;

pub fn run(args: MergeArgs) -> Result<()> {
    let (base, ours, theirs, output) = match &args.git {
        Some(files) => (
            Some(files[0].clone()),
            files[1].clone(),
            files[2].clone(),
            files[1].clone(),
        ),
        None => match args.files.as_slice() {
            [base, ours, theirs] => (
                Some(base.clone()),
                ours.clone(),
                theirs.clone(),
                args.output.clone().unwrap_or(ours.clone()),
            ),
            [ours, theirs] => (
                None,
                ours.clone(),
                theirs.clone(),
                args.output.clone().unwrap_or(ours.clone()),
            ),
            _ => return Err(UsageError("give BASE OURS THEIRS, or OURS THEIRS".into()).into()),
        },
    };
    let shown = args.git.as_ref().map_or(ours.clone(), |files| files[3].clone());
    let conflicts = merge_files(
        base.as_deref(),
        &ours,
        &theirs,
        &output,
        args.unrelated,
        args.git.is_some(),
    )
    .map_err(|error| Exit {
        code: FAILED,
        message: format!("merging {}: {error:#}; nothing was written", shown.display()),
    })?;
    if conflicts > 0 {
        return Err(Exit {
            code: 1,
            message: format!(
                "{}: {conflicts} conflict(s) to settle, kept in the project: `marginalia conflicts {}` lists them, `marginalia resolve` settles them",
                shown.display(),
                if args.git.is_some() { &shown } else { &output }.display()
            ),
        }
        .into());
    }
    Ok(())
}

/// Merges and writes the result; returns how many conflicts are left in it.
fn merge_files(
    base: Option<&Path>,
    ours: &Path,
    theirs: &Path,
    output: &Path,
    unrelated: bool,
    for_git: bool,
) -> Result<usize> {
    let read = |path: &Path| -> Result<Project> { Ok(project_file::load(path)?.project) };
    // The three copies are read side by side.
    let (base, (ours, theirs)) = both(
        || base.map(read).transpose(),
        || both(|| read(ours), || read(theirs)),
    );
    let (base, ours, theirs) = (base?, ours?, theirs?);
    let merged = merge(base.as_ref(), &ours, &theirs, MergeOptions { unrelated })?;
    if for_git {
        // git owns the file it asked for; a .bak beside it would be left in the work tree.
        project_file::save_copy(&merged.project, output)?;
    } else {
        save(&merged.project, output)?;
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "merged into {}: {} document(s), {} annotation(s), {} link(s); {} new conflict(s), {} in all",
        output.display(),
        merged.project.documents().len(),
        merged.project.annotations().len(),
        merged.project.links().len(),
        merged.conflicts.len(),
        merged.project.conflicts().len()
    )?;
    for (annotation_id, outcome) in &merged.carried {
        writeln!(
            out,
            "  carried onto the new text: {annotation_id} {}",
            outcome.name()
        )?;
    }
    for conflict in &merged.conflicts {
        writeln!(out, "  conflict {}", conflict.describe())?;
    }
    Ok(merged.project.conflicts().len())
}

pub fn list(path: &Path, json: bool) -> Result<()> {
    let project = load(path)?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(project.conflicts())?)?;
        return Ok(());
    }
    if project.conflicts().is_empty() {
        writeln!(out, "{}: no conflicts", path.display())?;
    }
    for conflict in project.conflicts() {
        writeln!(out, "{}", conflict.describe())?;
    }
    Ok(())
}

pub fn resolve(args: ResolveArgs) -> Result<()> {
    let mut project = load(&args.project)?;
    let side_of = |name: &str| {
        if name == "theirs" {
            Side::Theirs
        } else {
            Side::Ours
        }
    };
    let chosen: Vec<(Conflict, Side)> = match (&args.all, &args.conflict, &args.take) {
        (Some(all), _, _) => project
            .conflicts()
            .iter()
            .map(|c| (c.clone(), side_of(all)))
            .collect(),
        (None, Some(wanted), Some(take)) => {
            vec![(find(&project, wanted, &args.project)?.clone(), side_of(take))]
        }
        _ => {
            return Err(
                UsageError("give CONFLICT_ID --take ours|theirs, or --all ours|theirs".into()).into(),
            );
        }
    };
    for (conflict, side) in &chosen {
        let edit = conflict::resolution(&project, conflict, *side)?;
        apply(&mut project, edit).with_context(|| format!("resolving {}", conflict.id))?;
        say!("resolved {} taking {}", conflict.id, side.name());
    }
    save(&project, &args.project)?;
    say!("{} conflict(s) left", project.conflicts().len());
    Ok(())
}

fn find<'p>(project: &'p Project, wanted: &str, path: &Path) -> Result<&'p Conflict> {
    if let Some(exact) = project.conflict(wanted) {
        return Ok(exact);
    }
    let matches: Vec<&Conflict> = project
        .conflicts()
        .iter()
        .filter(|c| c.id.starts_with(wanted))
        .collect();
    match matches.as_slice() {
        [only] => Ok(only),
        [] => bail!(
            "{}: there is no conflict {wanted:?}; `marginalia conflicts` lists them",
            path.display()
        ),
        many => bail!(
            "{:?} names {} conflicts: {}",
            wanted,
            many.len(),
            many.iter().map(|c| c.id.as_str()).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The .gitattributes line and the merge driver, written once.
pub fn git_setup(folder: Option<&Path>) -> Result<()> {
    let folder = folder.map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let top = git(&folder, &["rev-parse", "--show-toplevel"])
        .with_context(|| format!("{}: not inside a git repository", folder.display()))?;
    let top = PathBuf::from(top.trim());
    let attributes = top.join(".gitattributes");
    let line = "*.ron merge=marginalia";
    let existing = std::fs::read_to_string(&attributes).unwrap_or_default();
    if existing.lines().any(|l| l.trim() == line) {
        say!("{}: already has {line:?}", attributes.display());
    } else {
        let mut text = existing;
        if !text.is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text.push_str(line);
        text.push('\n');
        std::fs::write(&attributes, text)
            .with_context(|| format!("{}: cannot write", attributes.display()))?;
        say!(
            "{}: added {line:?} (commit it, so every clone merges project files the same way)",
            attributes.display()
        );
    }
    let exe = std::env::current_exe().context("cannot tell where this marginalia is")?;
    let driver = format!("'{}' merge --git %O %A %B %P", exe.display());
    for (key, value) in [
        ("merge.marginalia.name", "Marginalia project merge"),
        ("merge.marginalia.driver", driver.as_str()),
    ] {
        let current = git(&top, &["config", "--local", "--get", key]).unwrap_or_default();
        if current.trim() == value {
            say!("git config {key}: already set");
        } else {
            git(&top, &["config", "--local", key, value])?;
            say!("git config {key} = {value}");
        }
    }
    Ok(())
}

fn git(folder: &Path, args: &[&str]) -> Result<String> {
    let output = Process::new("git")
        .arg("-C")
        .arg(folder)
        .args(args)
        .output()
        .map_err(|error| anyhow!("cannot run git: {error}"))?;
    if !output.status.success() {
        bail!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
