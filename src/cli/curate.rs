//! `curate`: several annotators' copies of the same documents into one gold copy.
//!
//! What the annotators agree on under the strategy goes into the gold copy at once; the
//! disagreements left are listed, place by place, with what each annotator marked there. An
//! existing gold copy is resumed: its decisions are kept. Any other existing file is refused, so
//! someone's project is never overwritten.
//!
//! Exit status: 0 when every version is decided, 1 when disagreements are left (the gold copy is
//! written all the same, as `merge` exits 1 with conflicts kept in the project).
//!
//! `decide` accepts or rejects one version from the command line, with the same edits as the
//! curation view, so a curation can be scripted one decision at a time.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::Serialize;

use super::args::{CurateArgs, DecideArgs};
use super::{Exit, UsageError, apply, copies, load, parse_range, resolve_document, save};
use crate::model::copies::{Panel, anonymous_name};
use crate::model::curation::{self, Curated, Source, State, Strategy, Version, VersionKey, Versions};
use crate::model::text::shorten;
use crate::model::{LabelId, Project};

/// Longest text of a place shown in the listing before it is shortened.
const TEXT_CHARS: usize = 60;
/// Longest note shown in the listing.
const NOTE_CHARS: usize = 60;

pub fn run(args: CurateArgs) -> Result<()> {
    let strategy = args
        .strategy
        .as_deref()
        .map(Strategy::parse)
        .transpose()
        .map_err(UsageError)?;
    refuse_output_among_copies(&args)?;
    let previous = previous_gold(&args.output)?;
    let recorded = previous.as_ref().and_then(Project::curation);
    let anonymous = args.anonymous || recorded.is_some_and(|c| was_anonymous(&c.annotators));
    if anonymous && !args.anonymous {
        eprintln!(
            "note: {} was curated with --anonymous; the annotators stay anonymous",
            args.output.display()
        );
    }
    let strategy = strategy
        .or(recorded.map(|c| c.strategy))
        .unwrap_or(Strategy::Majority);
    let read = copies::read(&args.copies, args.skip_broken, anonymous, true)?;
    let copies = read.as_copies();
    let panel = Panel::line_up(&copies)?;
    let sources = read
        .names
        .iter()
        .zip(&read.paths)
        .map(|(name, path)| Source {
            name: name.clone(),
            file: path.display().to_string(),
        })
        .collect();
    let curated = curation::curate(&panel, sources, strategy, previous)
        .with_context(|| format!("{}: nothing was written", args.output.display()))?;
    save(&curated.gold, &args.output)?;
    let report = Report::of(&args.output, &panel, &curated, strategy);
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
    } else {
        report.write(&mut out)?;
    }
    if report.disagreements.is_empty() {
        return Ok(());
    }
    Err(Exit {
        code: 1,
        message: format!(
            "{}: {} disagreement(s) left, {} version(s) open; the gold copy is written: accept or reject them in the app or with `marginalia decide` (running curate again keeps every decision)",
            args.output.display(),
            report.disagreements.len(),
            report.open
        ),
    }
    .into())
}

/// Accepts or rejects one version in a gold copy.
pub fn decide(args: DecideArgs) -> Result<()> {
    let mut gold = load(&args.gold)?;
    let Some(record) = gold.curation().cloned() else {
        bail!(
            "{} is not a gold copy (it has no curation record); `marginalia curate` makes one",
            args.gold.display()
        );
    };
    let paths: Vec<std::path::PathBuf> = if args.copies.is_empty() {
        record.annotators.iter().map(|s| s.file.clone().into()).collect()
    } else {
        args.copies.clone()
    };
    let read = copies::read(&paths, args.skip_broken, was_anonymous(&record.annotators), true)?;
    let copies = read.as_copies();
    let panel = Panel::line_up(&copies)?;
    if let Some(missing) = panel.documents().iter().find(|d| gold.document(&d.id).is_none()) {
        bail!(
            "{}: the gold copy has no document {}: it was made from other documents",
            args.gold.display(),
            missing.id
        );
    }
    let doc_id = resolve_document(&gold, args.doc.as_deref())?;
    let label = gold
        .find_label(&args.label)
        .map_or_else(|| LabelId::from(args.label.as_str()), |l| l.id.clone());
    let range = parse_range(&args.range)?;
    let key = VersionKey {
        document: doc_id,
        start: range.start,
        end: range.end,
        label,
    };
    let versions = Versions::collect(&panel);
    let Some(index) = versions.find(&key) else {
        bail!(
            "no annotator marked {} {}..{} in {}; the versions there: {}",
            key.label,
            key.start,
            key.end,
            key.document,
            versions_near(&panel, &versions, &key)
        );
    };
    let was = state_name(curation::state(&gold, &key));
    let edit = if args.accept {
        curation::accept(&gold, &versions, index)
    } else {
        curation::reject(&gold, &versions, index)
    };
    apply(&mut gold, edit)?;
    save(&gold, &args.gold)?;
    let version = &versions.versions[index];
    say!(
        "{} {} {}..{} ({}; it was {was}) in {}; {} version(s) open in {} disagreement(s)",
        if args.accept { "accepted" } else { "rejected" },
        panel.label_name(&key.label),
        key.start,
        key.end,
        version
            .votes
            .iter()
            .map(|v| panel.annotators[v.annotator].as_str())
            .collect::<Vec<_>>()
            .join(", "),
        args.gold.display(),
        versions.open_count(&gold),
        versions.open_groups(&gold).len()
    );
    Ok(())
}

/// The versions overlapping `key`'s range on its document, for a message.
fn versions_near(panel: &Panel, versions: &Versions, key: &VersionKey) -> String {
    let near: Vec<String> = versions
        .versions
        .iter()
        .filter(|v| v.key.document == key.document && v.key.range().overlap(key.range()) > 0)
        .map(|v| {
            format!(
                "{} {}..{}",
                panel.label_name(&v.key.label),
                v.key.start,
                v.key.end
            )
        })
        .collect();
    if near.is_empty() {
        "none overlap that range".into()
    } else {
        near.join(", ")
    }
}

fn state_name(state: State) -> &'static str {
    match state {
        State::Open => "open",
        State::Accepted { by_strategy: true } => "accepted by the strategy",
        State::Accepted { by_strategy: false } => "accepted",
        State::Rejected { by_strategy: true } => "rejected by the strategy",
        State::Rejected { by_strategy: false } => "rejected",
    }
}

/// The gold copy being resumed; `None` when there is none yet. A file that is not one is refused.
fn previous_gold(path: &Path) -> Result<Option<Project>> {
    if !path.exists() {
        return Ok(None);
    }
    let gold = load(path).with_context(|| {
        format!(
            "{} exists and cannot be read as a gold copy; nothing was written",
            path.display()
        )
    })?;
    if gold.curation().is_none() {
        bail!(
            "{} exists and is not a gold copy (it has no curation record); curate never overwrites a project: choose another -o, nothing was written",
            path.display()
        );
    }
    Ok(Some(gold))
}

/// The gold copy is written over GOLD: it must not be one of the copies read.
fn refuse_output_among_copies(args: &CurateArgs) -> Result<()> {
    let Ok(output) = std::fs::canonicalize(&args.output) else {
        return Ok(());
    };
    if let Some(copy) = args
        .copies
        .iter()
        .find(|c| std::fs::canonicalize(c).is_ok_and(|c| c == output))
    {
        return Err(UsageError(format!(
            "{} is both a copy to curate and the gold copy to write (-o {}): give the gold copy another name",
            copy.display(),
            args.output.display()
        ))
        .into());
    }
    Ok(())
}

/// Whether a gold copy's annotators were named Annotator 1, 2, … when it was curated.
fn was_anonymous(sources: &[Source]) -> bool {
    !sources.is_empty()
        && sources
            .iter()
            .enumerate()
            .all(|(i, s)| s.name == anonymous_name(i))
}

/// What `curate` prints, as text or JSON.
#[derive(Serialize)]
struct Report {
    gold: String,
    strategy: String,
    annotators: Vec<String>,
    /// Every version the annotators made.
    versions: usize,
    /// Accepted by the strategy in this run.
    accepted_now: usize,
    /// Decided before this run, and kept.
    kept: usize,
    /// In the gold copy's annotations.
    in_gold: usize,
    /// Versions still open.
    open: usize,
    disagreements: Vec<Disagreement>,
}

/// A place where versions overlap and one at least is open.
#[derive(Serialize)]
struct Disagreement {
    document: String,
    title: String,
    start: usize,
    end: usize,
    /// The text of the place, shortened in the text listing.
    text: String,
    /// Each annotator who has the document, with what they marked here (perhaps nothing).
    annotators: Vec<Marks>,
}

#[derive(Serialize)]
struct Marks {
    name: String,
    /// False when the annotator's copy lacks the document.
    has_document: bool,
    marked: Vec<Mark>,
}

#[derive(Serialize)]
struct Mark {
    label: String,
    label_name: String,
    start: usize,
    end: usize,
    note: String,
    /// open, accepted or rejected.
    state: &'static str,
    /// agree, disagree or incomplete.
    standing: &'static str,
    /// How many annotators marked exactly this, of how many have the document.
    votes: usize,
    out_of: usize,
}

impl Report {
    fn of(gold_path: &Path, panel: &Panel, curated: &Curated, strategy: Strategy) -> Self {
        let versions = &curated.versions;
        let gold = &curated.gold;
        let disagreements = versions
            .open_groups(gold)
            .into_iter()
            .map(|g| disagreement(panel, versions, gold, g))
            .collect();
        Self {
            gold: gold_path.display().to_string(),
            strategy: strategy.name(),
            annotators: panel.annotators.clone(),
            versions: versions.versions.len(),
            accepted_now: curated.accepted_now,
            kept: curated.kept,
            in_gold: gold.annotations().len(),
            open: versions.open_count(gold),
            disagreements,
        }
    }

    fn write(&self, out: &mut impl Write) -> Result<()> {
        writeln!(
            out,
            "curated {} copies ({}) under {} into {}",
            self.annotators.len(),
            self.annotators.join(", "),
            self.strategy,
            self.gold
        )?;
        writeln!(
            out,
            "{} version(s): {} accepted by the strategy now, {} decision(s) kept from before, {} open; {} annotation(s) in the gold copy",
            self.versions, self.accepted_now, self.kept, self.open, self.in_gold
        )?;
        writeln!(out, "{} disagreement(s) left", self.disagreements.len())?;
        let width = self
            .annotators
            .iter()
            .map(|a| a.chars().count())
            .max()
            .unwrap_or(0);
        for (n, place) in self.disagreements.iter().enumerate() {
            writeln!(
                out,
                "\n{}. {} ({}) {}..{}  \"{}\"",
                n + 1,
                shorten(&place.title, 40),
                place.document,
                place.start,
                place.end,
                shorten(&place.text, TEXT_CHARS)
            )?;
            for annotator in &place.annotators {
                let name = &annotator.name;
                if !annotator.has_document {
                    writeln!(out, "   {name:<width$}  (does not have this document)")?;
                } else if annotator.marked.is_empty() {
                    writeln!(out, "   {name:<width$}  (nothing here)")?;
                }
                for (i, mark) in annotator.marked.iter().enumerate() {
                    let shown = if i == 0 { name.as_str() } else { "" };
                    let note = if mark.note.trim().is_empty() {
                        String::new()
                    } else {
                        format!("  note: \"{}\"", shorten(mark.note.trim(), NOTE_CHARS))
                    };
                    writeln!(
                        out,
                        "   {shown:<width$}  {} {}..{}  [{}, {} of {}]{note}",
                        mark.label_name, mark.start, mark.end, mark.state, mark.votes, mark.out_of
                    )?;
                }
            }
        }
        Ok(())
    }
}

fn disagreement(panel: &Panel, versions: &Versions, gold: &Project, group: usize) -> Disagreement {
    let members = versions.groups[group].clone();
    let first = &versions.versions[members.start];
    let end = members
        .clone()
        .map(|i| versions.versions[i].key.end)
        .max()
        .unwrap_or(first.key.end);
    let document = &panel.documents()[first.doc_index];
    let range = crate::model::CharRange::new(first.key.start, end);
    let annotators = (0..panel.annotators.len())
        .map(|annotator| Marks {
            name: panel.annotators[annotator].clone(),
            has_document: panel.marks[annotator][first.doc_index].is_some(),
            marked: members
                .clone()
                .filter_map(|i| mark(panel, versions, gold, i, annotator))
                .collect(),
        })
        .collect();
    Disagreement {
        document: document.id.to_string(),
        title: document.title.clone(),
        start: range.start,
        end: range.end,
        text: document.text.slice(range).unwrap_or_default().to_owned(),
        annotators,
    }
}

/// The annotator's mark that is version `index`, if they voted for it.
fn mark(panel: &Panel, versions: &Versions, gold: &Project, index: usize, annotator: usize) -> Option<Mark> {
    let version: &Version = &versions.versions[index];
    let vote = version.votes.iter().find(|v| v.annotator == annotator)?;
    Some(Mark {
        label: version.key.label.to_string(),
        label_name: panel.label_name(&version.key.label),
        start: version.key.start,
        end: version.key.end,
        note: vote.note.clone(),
        state: match curation::state(gold, &version.key) {
            State::Open => "open",
            State::Accepted { .. } => "accepted",
            State::Rejected { .. } => "rejected",
        },
        standing: versions.standings[index].name(),
        votes: version.votes.len(),
        out_of: version.present,
    })
}
