//! Curation: building one trusted gold copy from several annotators' copies.
//!
//! - A *version* is one (document, range, label) that at least one annotator marked; its votes
//!   are the annotators who marked exactly that. Versions that overlap on a document form one
//!   *disagreement* when any of them is still open.
//! - A strategy accepts a version at once when enough annotators voted for it: all of those who
//!   have the document (unanimous), more than half of them (majority), or at least N. Everything
//!   else stays open for the curator, who accepts or rejects each version.
//! - The gold copy is a normal project. Its annotations record who agreed ([`Agreed`]) and its
//!   [`Curation`] record keeps every decision by version, so running the curation again keeps the
//!   decisions made and only decides what is new. A rejected version never comes back, and an
//!   accepted one the curator later deleted from the gold copy is not added again.
//! - Deciding is an [`Edit`], so it is undone like any other change.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::annotation::{Annotation, now};
use super::copies::Panel;
use super::edit::Edit;
use super::ids::{AnnotationId, DocId, LabelId};
use super::project::Project;
use super::text::CharRange;
use super::{Label, Quote};

/// When a version goes into the gold copy without the curator.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Strategy {
    /// Every annotator who has the document marked it.
    Unanimous,
    /// More than half of the annotators who have the document marked it.
    Majority,
    /// At least this many annotators marked it.
    MinVotes(usize),
}

impl Strategy {
    /// `unanimous`, `majority` or `min-votes=N` (N ≥ 1).
    pub fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        match text {
            "unanimous" => Ok(Self::Unanimous),
            "majority" => Ok(Self::Majority),
            _ => text
                .strip_prefix("min-votes=")
                .and_then(|n| n.parse::<usize>().ok())
                .filter(|&n| n >= 1)
                .map(Self::MinVotes)
                .ok_or_else(|| {
                    format!("strategy {text:?} is not one of unanimous, majority, min-votes=N (N at least 1)")
                }),
        }
    }

    pub fn name(self) -> String {
        match self {
            Self::Unanimous => "unanimous".into(),
            Self::Majority => "majority".into(),
            Self::MinVotes(n) => format!("min-votes={n}"),
        }
    }

    /// Whether `votes` of the `present` annotators who have the document are enough.
    pub fn accepts(self, votes: usize, present: usize) -> bool {
        votes > 0
            && match self {
                Self::Unanimous => votes >= present,
                Self::Majority => 2 * votes > present,
                Self::MinVotes(n) => votes >= n,
            }
    }
}

/// What a version is: where, and with which label.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct VersionKey {
    pub document: DocId,
    pub start: usize,
    pub end: usize,
    pub label: LabelId,
}

impl VersionKey {
    pub fn of(annotation: &Annotation) -> Self {
        Self {
            document: annotation.document.clone(),
            start: annotation.start,
            end: annotation.end,
            label: annotation.label.clone(),
        }
    }

    pub fn range(&self) -> CharRange {
        CharRange::new(self.start, self.end)
    }
}

/// A decision about one version, kept in the gold copy.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    pub version: VersionKey,
    pub accepted: bool,
    /// Made by the strategy rather than by the curator.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub by_strategy: bool,
}

/// One annotator's copy, as the gold copy remembers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// The name shown (Annotator 1 … when anonymised).
    pub name: String,
    /// The file, as it was given.
    pub file: String,
}

/// The curation record of a gold copy: whose copies, under which strategy, and every decision.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Curation {
    pub annotators: Vec<Source>,
    pub strategy: Strategy,
    /// Sorted by version.
    #[serde(default)]
    pub decisions: Vec<Decision>,
}

impl Curation {
    pub fn decision(&self, version: &VersionKey) -> Option<&Decision> {
        self.decisions
            .binary_search_by(|d| d.version.cmp(version))
            .ok()
            .map(|i| &self.decisions[i])
    }

    /// Records (or with `None` forgets) the decision about a version; returns the one it replaced.
    pub(crate) fn decide(&mut self, version: VersionKey, decision: Option<Decision>) -> Option<Decision> {
        match self.decisions.binary_search_by(|d| d.version.cmp(&version)) {
            Ok(i) => match decision {
                Some(decision) => Some(std::mem::replace(&mut self.decisions[i], decision)),
                None => Some(self.decisions.remove(i)),
            },
            Err(i) => {
                if let Some(decision) = decision {
                    self.decisions.insert(i, decision);
                }
                None
            }
        }
    }
}

/// On a gold annotation: the annotators who marked exactly this, of how many had the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreed {
    pub annotators: Vec<String>,
    pub out_of: usize,
}

/// One annotator's vote for a version, with what they wrote on it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Vote {
    pub annotator: usize,
    pub annotation_id: AnnotationId,
    pub note: String,
    pub fields: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub key: VersionKey,
    /// Index of the document in the reference.
    pub doc_index: usize,
    /// In annotator order, one per annotator.
    pub votes: Vec<Vote>,
    /// How many annotators have the document.
    pub present: usize,
}

impl Version {
    pub fn voted(&self, annotator: usize) -> bool {
        self.votes.iter().any(|v| v.annotator == annotator)
    }
}

/// How a version stands against the other annotators' marks, as the curation view colours it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Every annotator who has the document marked exactly this.
    Agree,
    /// An annotator who did not mark this marked something else over it.
    Disagree,
    /// Some annotators marked nothing there.
    Incomplete,
}

impl Standing {
    pub fn name(self) -> &'static str {
        match self {
            Self::Agree => "agree",
            Self::Disagree => "disagree",
            Self::Incomplete => "incomplete",
        }
    }
}

/// Where a version is in the curation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Open,
    Accepted { by_strategy: bool },
    Rejected { by_strategy: bool },
}

/// Every version the annotators made, grouped into runs of overlapping versions.
#[derive(Clone, Debug, Default)]
pub struct Versions {
    pub annotators: Vec<String>,
    /// In reference document order, then by position and label.
    pub versions: Vec<Version>,
    /// Runs of `versions` that overlap one another (on one document); each run is one place
    /// where the annotators can disagree.
    pub groups: Vec<Range<usize>>,
    /// Each version's standing.
    pub standings: Vec<Standing>,
}

impl Versions {
    /// Collects the versions of the lined-up copies.
    pub fn collect(panel: &Panel) -> Self {
        let mut by_key: HashMap<VersionKey, usize> = HashMap::new();
        let mut versions: Vec<Version> = Vec::new();
        for (doc_index, document) in panel.documents().iter().enumerate() {
            let present = panel.present(doc_index).count();
            for (annotator, marks) in panel.marks.iter().enumerate() {
                for annotation in marks[doc_index].iter().flatten() {
                    let mut key = VersionKey::of(annotation);
                    key.document = document.id.clone();
                    let index = *by_key.entry(key.clone()).or_insert_with(|| {
                        versions.push(Version {
                            key,
                            doc_index,
                            votes: Vec::new(),
                            present,
                        });
                        versions.len() - 1
                    });
                    let version = &mut versions[index];
                    if !version.voted(annotator) {
                        version.votes.push(Vote {
                            annotator,
                            annotation_id: annotation.id.clone(),
                            note: annotation.note.clone(),
                            fields: annotation.fields.clone(),
                        });
                    }
                }
            }
        }
        versions.sort_by(|a, b| {
            (a.doc_index, a.key.start, a.key.end, &a.key.label).cmp(&(
                b.doc_index,
                b.key.start,
                b.key.end,
                &b.key.label,
            ))
        });
        let groups = overlapping_runs(&versions);
        let standings = standings(&versions, &groups, panel.annotators.len());
        Self {
            annotators: panel.annotators.clone(),
            versions,
            groups,
            standings,
        }
    }

    /// The version with this key: a binary search in its document's run of versions.
    pub fn find(&self, key: &VersionKey) -> Option<usize> {
        let mut start = 0;
        while let Some(first) = self.versions.get(start) {
            let run = start + self.versions[start..].partition_point(|v| v.doc_index == first.doc_index);
            if first.key.document == key.document {
                let wanted = (key.start, key.end, &key.label);
                return self.versions[start..run]
                    .binary_search_by(|v| (v.key.start, v.key.end, &v.key.label).cmp(&wanted))
                    .ok()
                    .map(|i| start + i);
            }
            start = run;
        }
        None
    }

    /// The group a version belongs to.
    pub fn group_of(&self, version: usize) -> usize {
        self.groups.partition_point(|g| g.end <= version)
    }

    /// The groups with a version still open in `gold`, in text order.
    pub fn open_groups(&self, gold: &Project) -> Vec<usize> {
        (0..self.groups.len())
            .filter(|&g| {
                self.groups[g]
                    .clone()
                    .any(|i| state(gold, &self.versions[i].key) == State::Open)
            })
            .collect()
    }

    /// How many versions are still open in `gold`.
    pub fn open_count(&self, gold: &Project) -> usize {
        self.versions
            .iter()
            .filter(|v| state(gold, &v.key) == State::Open)
            .count()
    }
}

/// Where a version stands in the gold copy's record.
pub fn state(gold: &Project, version: &VersionKey) -> State {
    match gold.curation().and_then(|c| c.decision(version)) {
        None => State::Open,
        Some(d) if d.accepted => State::Accepted {
            by_strategy: d.by_strategy,
        },
        Some(d) => State::Rejected {
            by_strategy: d.by_strategy,
        },
    }
}

/// Runs of versions (sorted by document, then start) that overlap, directly or through others.
fn overlapping_runs(versions: &[Version]) -> Vec<Range<usize>> {
    let mut groups = Vec::new();
    let mut start = 0;
    let mut reach = 0;
    for (i, version) in versions.iter().enumerate() {
        let same_document = i > start && versions[start].doc_index == version.doc_index;
        if i > start && !(same_document && version.key.start < reach) {
            groups.push(start..i);
            start = i;
            reach = 0;
        }
        reach = reach.max(version.key.end);
    }
    if start < versions.len() {
        groups.push(start..versions.len());
    }
    groups
}

/// Each version's standing among the versions it overlaps.
///
/// Who voted for each version is a bit set, so "another annotator marked something else over
/// it" is a few word operations; and only the versions that can overlap are looked at: those of
/// its group that start less than the group's longest span before it, and before its end.
fn standings(versions: &[Version], groups: &[Range<usize>], annotators: usize) -> Vec<Standing> {
    let words = annotators.div_ceil(64).max(1);
    let mut voters = vec![0u64; versions.len() * words];
    for (i, version) in versions.iter().enumerate() {
        for vote in &version.votes {
            voters[i * words + vote.annotator / 64] |= 1 << (vote.annotator % 64);
        }
    }
    let voters_of = |i: usize| &voters[i * words..(i + 1) * words];
    let mut standings = Vec::with_capacity(versions.len());
    for group in groups {
        let members = &versions[group.clone()];
        let longest = members.iter().map(|v| v.key.end - v.key.start).max().unwrap_or(0);
        for (i, version) in members.iter().enumerate() {
            if version.votes.len() >= version.present {
                standings.push(Standing::Agree);
                continue;
            }
            let range = version.key.range();
            let first = members.partition_point(|o| o.key.start + longest <= range.start);
            let last = members.partition_point(|o| o.key.start < range.end);
            let mine = voters_of(group.start + i);
            let marked_otherwise = (first..last).any(|j| {
                j != i
                    && members[j].key.range().overlap(range) > 0
                    && voters_of(group.start + j)
                        .iter()
                        .zip(mine)
                        .any(|(theirs, mine)| theirs & !mine != 0)
            });
            standings.push(if marked_otherwise {
                Standing::Disagree
            } else {
                Standing::Incomplete
            });
        }
    }
    standings
}

/// What [`curate`] did.
#[derive(Debug)]
pub struct Curated {
    pub gold: Project,
    pub versions: Versions,
    /// Versions the strategy accepted in this run.
    pub accepted_now: usize,
    /// Versions decided before this run and kept as they were.
    pub kept: usize,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CurationError {
    #[error("the gold copy has no document {0}: it was made from other documents")]
    OtherDocuments(DocId),
    #[error("{0}")]
    Project(#[from] super::ProjectError),
}

/// Curates the lined-up copies under `strategy` into `gold` (a new gold copy when `None`):
/// decisions already in the gold copy are kept, the strategy decides the rest where it can.
pub fn curate(
    panel: &Panel,
    sources: Vec<Source>,
    strategy: Strategy,
    gold: Option<Project>,
) -> Result<Curated, CurationError> {
    let versions = Versions::collect(panel);
    let mut gold = match gold {
        Some(gold) => {
            if let Some(missing) = panel.documents().iter().find(|d| gold.document(&d.id).is_none()) {
                return Err(CurationError::OtherDocuments(missing.id.clone()));
            }
            gold
        }
        None => new_gold(panel),
    };
    // One pass: the strategy's decisions go into the new record at once and its annotations are
    // added in one run (a Decide and an AddAnnotation per version would insert into two sorted
    // vectors 60 000 times); the versions already in the gold copy are looked up in a set.
    let in_gold: HashSet<VersionKey> = gold.annotations().iter().map(VersionKey::of).collect();
    let mut decisions = gold.curation().map(|c| c.decisions.clone()).unwrap_or_default();
    let mut added = Vec::new();
    let (mut accepted_now, mut kept) = (0, 0);
    for version in &versions.versions {
        if state(&gold, &version.key) != State::Open {
            kept += 1;
        } else if strategy.accepts(version.votes.len(), version.present) {
            accepted_now += 1;
            if !in_gold.contains(&version.key)
                && let Some(annotation) = gold_annotation(&gold, &versions, version)
            {
                added.push(Edit::AddAnnotation(annotation));
            }
            decisions.push(Decision {
                version: version.key.clone(),
                accepted: true,
                by_strategy: true,
            });
        }
    }
    decisions.sort_by(|a, b| a.version.cmp(&b.version));
    let mut edits = vec![Edit::SetCuration(Some(Box::new(Curation {
        annotators: sources,
        strategy,
        decisions,
    })))];
    edits.extend(missing_labels(panel, &gold));
    edits.extend(added);
    Edit::Batch(edits).apply(&mut gold)?;
    Ok(Curated {
        gold,
        versions,
        accepted_now,
        kept,
    })
}

/// The edit that accepts a version into the gold copy (the curator's decision).
pub fn accept(gold: &Project, versions: &Versions, version: usize) -> Edit {
    Edit::Batch(accept_edits(gold, versions, &versions.versions[version], false))
}

/// The edit that rejects a version: it leaves the gold copy if it was there.
pub fn reject(gold: &Project, versions: &Versions, version: usize) -> Edit {
    let key = &versions.versions[version].key;
    let mut edits: Vec<Edit> = in_gold(gold, key)
        .map(|a| Edit::RemoveAnnotation(a.id.clone()))
        .into_iter()
        .collect();
    edits.push(Edit::Decide {
        version: key.clone(),
        decision: Some(Decision {
            version: key.clone(),
            accepted: false,
            by_strategy: false,
        }),
    });
    Edit::Batch(edits)
}

/// The gold annotation that is this version, if any.
pub fn in_gold<'a>(gold: &'a Project, key: &VersionKey) -> Option<&'a Annotation> {
    gold.annotations_of(&key.document)
        .iter()
        .find(|a| VersionKey::of(a) == *key)
}

fn accept_edits(gold: &Project, versions: &Versions, version: &Version, by_strategy: bool) -> Vec<Edit> {
    let mut edits = Vec::new();
    if in_gold(gold, &version.key).is_none()
        && let Some(annotation) = gold_annotation(gold, versions, version)
    {
        edits.push(Edit::AddAnnotation(annotation));
    }
    edits.push(Edit::Decide {
        version: version.key.clone(),
        decision: Some(Decision {
            version: version.key.clone(),
            accepted: true,
            by_strategy,
        }),
    });
    edits
}

/// The version as a gold annotation: the first voter's fields, every voter's note.
fn gold_annotation(gold: &Project, versions: &Versions, version: &Version) -> Option<Annotation> {
    let document = gold.document(&version.key.document)?;
    let range = version.key.range();
    let quote = Quote::capture(&document.text, range)?;
    let name = |vote: &Vote| versions.annotators[vote.annotator].clone();
    let mut notes: Vec<(String, &str)> = version
        .votes
        .iter()
        .filter(|v| !v.note.trim().is_empty())
        .map(|v| (name(v), v.note.trim()))
        .collect();
    let note = if notes.iter().all(|(_, n)| Some(*n) == notes.first().map(|f| f.1)) {
        notes.first().map(|(_, n)| (*n).to_owned()).unwrap_or_default()
    } else {
        notes.dedup_by(|a, b| a.1 == b.1);
        notes
            .iter()
            .map(|(who, n)| format!("{who}: {n}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    let time = now();
    Some(Annotation {
        id: AnnotationId::generate(),
        document: version.key.document.clone(),
        start: range.start,
        end: range.end,
        quote,
        label: version.key.label.clone(),
        note,
        fields: version
            .votes
            .first()
            .map(|v| v.fields.clone())
            .unwrap_or_default(),
        orphaned: false,
        review: None,
        agreed: Some(Agreed {
            annotators: version.votes.iter().map(name).collect(),
            out_of: version.present,
        }),
        created: time,
        modified: time,
    })
}

/// A new gold copy: the reference's documents, labels and settings, no annotations.
fn new_gold(panel: &Panel) -> Project {
    let reference = panel.reference;
    let (mut gold, _) = Project::from_parts(
        format!("{} (gold)", reference.name),
        reference.labels().to_vec(),
        reference.documents().to_vec(),
        Vec::new(),
    )
    .expect("the reference's own labels and documents satisfy every invariant");
    gold.settings = reference.settings.clone();
    gold
}

/// Labels some copy used that the gold copy lacks (a student who made their own label).
fn missing_labels(panel: &Panel, gold: &Project) -> Vec<Edit> {
    let mut taken_hotkeys: Vec<String> = gold.labels().iter().filter_map(|l| l.hotkey.clone()).collect();
    let mut edits = Vec::new();
    let mut added: Vec<LabelId> = Vec::new();
    for label_id in panel.labels() {
        if gold.label(&label_id).is_some() || added.contains(&label_id) {
            continue;
        }
        // Every annotation's label is one of its own project's labels.
        let Some(found) = (0..panel.annotators.len()).find_map(|a| panel.project(a).label(&label_id)) else {
            continue;
        };
        let mut label: Label = found.clone();
        if label.hotkey.as_ref().is_some_and(|h| taken_hotkeys.contains(h)) {
            label.hotkey = None;
        }
        taken_hotkeys.extend(label.hotkey.clone());
        added.push(label_id);
        edits.push(Edit::AddLabel {
            position: gold.labels().len() + added.len() - 1,
            label,
        });
    }
    edits
}

#[cfg(test)]
// The expected groups are written as `vec![0..2]`: a list of ranges, not the numbers in one.
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;
    use crate::model::Document;
    use crate::model::copies::Copy;

    /// One annotator's mark: document index, start, end, label.
    type Mark = (usize, usize, usize, &'static str);

    const TEXTS: [&str; 2] = [
        "Le Niger et la Russie renforcent leur partenariat, selon le ministre, contre vents et marées.",
        "Москва и Ниамей — partenaires stratégiques, dit RFI.",
    ];

    /// Copies of the two documents, one per annotator, each with its marks.
    fn copies(marks: &[&[Mark]]) -> Vec<Project> {
        let documents: Vec<Document> = TEXTS.iter().map(|t| Document::new("doc", *t)).collect();
        marks
            .iter()
            .map(|marks| {
                let annotations = marks
                    .iter()
                    .map(|&(doc, start, end, label)| {
                        let document = &documents[doc];
                        let range = CharRange::new(start, end);
                        Annotation {
                            id: AnnotationId::generate(),
                            document: document.id.clone(),
                            start,
                            end,
                            quote: Quote::capture(&document.text, range).unwrap(),
                            label: LabelId::from(label),
                            note: String::new(),
                            orphaned: false,
                            review: None,
                            agreed: None,
                            fields: Default::default(),
                            created: now(),
                            modified: now(),
                        }
                    })
                    .collect();
                Project::from_parts("copy".into(), Label::defaults(), documents.clone(), annotations)
                    .unwrap()
                    .0
            })
            .collect()
    }

    fn versions_of(projects: &[Project]) -> Versions {
        let names: Vec<String> = (0..projects.len()).map(|i| format!("a{i}")).collect();
        let copies: Vec<Copy> = names
            .iter()
            .zip(projects)
            .map(|(annotator, project)| Copy { annotator, project })
            .collect();
        Versions::collect(&Panel::line_up(&copies).unwrap())
    }

    #[test]
    fn strategies_parse() {
        let cases = [
            ("unanimous", Ok(Strategy::Unanimous)),
            ("majority", Ok(Strategy::Majority)),
            (" majority ", Ok(Strategy::Majority)),
            ("min-votes=1", Ok(Strategy::MinVotes(1))),
            ("min-votes=12", Ok(Strategy::MinVotes(12))),
            ("min-votes=0", Err(())),
            ("min-votes=", Err(())),
            ("min-votes=-1", Err(())),
            ("min-votes=two", Err(())),
            ("min-votes 2", Err(())),
            ("Majority", Err(())),
            ("all", Err(())),
            ("", Err(())),
        ];
        for (text, expected) in cases {
            let parsed = Strategy::parse(text);
            assert_eq!(parsed.clone().map_err(drop), expected, "{text:?}");
            match parsed {
                Ok(strategy) => assert_eq!(Strategy::parse(&strategy.name()), Ok(strategy), "{text:?}"),
                Err(message) => assert!(message.contains("unanimous, majority, min-votes=N"), "{message}"),
            }
        }
    }

    #[test]
    fn strategies_accept() {
        use Strategy::*;
        // (strategy, votes, present, accepted)
        let cases = [
            (Unanimous, 3, 3, true),
            (Unanimous, 2, 3, false),
            (Unanimous, 1, 1, true),
            (Unanimous, 0, 0, false),
            (Majority, 2, 3, true),
            (Majority, 1, 3, false),
            (Majority, 2, 4, false),
            (Majority, 3, 4, true),
            (Majority, 1, 1, true),
            (Majority, 1, 2, false),
            (MinVotes(1), 1, 30, true),
            (MinVotes(2), 1, 3, false),
            (MinVotes(2), 2, 30, true),
            (MinVotes(5), 3, 3, false),
            (MinVotes(1), 0, 3, false),
        ];
        for (strategy, votes, present, accepted) in cases {
            assert_eq!(
                strategy.accepts(votes, present),
                accepted,
                "{} with {votes} of {present}",
                strategy.name()
            );
        }
    }

    /// Each version as (document, start, end, label, votes, standing), and the groups.
    type Seen = (
        Vec<(usize, usize, usize, String, usize, &'static str)>,
        Vec<Range<usize>>,
    );

    fn seen(versions: &Versions) -> Seen {
        let rows = versions
            .versions
            .iter()
            .zip(&versions.standings)
            .map(|(v, s)| {
                let label = v.key.label.to_string();
                (
                    v.doc_index,
                    v.key.start,
                    v.key.end,
                    label,
                    v.votes.len(),
                    s.name(),
                )
            })
            .collect();
        (rows, versions.groups.clone())
    }

    fn row(
        doc: usize,
        start: usize,
        end: usize,
        label: &str,
        votes: usize,
        standing: &'static str,
    ) -> (usize, usize, usize, String, usize, &'static str) {
        (doc, start, end, label.to_owned(), votes, standing)
    }

    #[test]
    fn groups_and_standings_by_case() {
        let cases: Vec<(&str, Vec<Project>, Seen)> = vec![
            (
                "all three agree",
                copies(&[
                    &[(0, 0, 8, "claim")],
                    &[(0, 0, 8, "claim")],
                    &[(0, 0, 8, "claim")],
                ]),
                (vec![row(0, 0, 8, "claim", 3, "agree")], vec![0..1]),
            ),
            (
                "one is silent: incomplete",
                copies(&[&[(0, 0, 8, "claim")], &[(0, 0, 8, "claim")], &[]]),
                (vec![row(0, 0, 8, "claim", 2, "incomplete")], vec![0..1]),
            ),
            (
                "same span, another label",
                copies(&[
                    &[(0, 0, 8, "claim")],
                    &[(0, 0, 8, "claim")],
                    &[(0, 0, 8, "opinion")],
                ]),
                (
                    vec![
                        row(0, 0, 8, "claim", 2, "disagree"),
                        row(0, 0, 8, "opinion", 1, "disagree"),
                    ],
                    vec![0..2],
                ),
            ),
            (
                "nested spans: the inner one is disagreed with, one group",
                copies(&[
                    &[(0, 0, 50, "claim")],
                    &[(0, 0, 50, "claim")],
                    &[(0, 12, 21, "claim")],
                ]),
                (
                    vec![
                        row(0, 0, 50, "claim", 2, "disagree"),
                        row(0, 12, 21, "claim", 1, "disagree"),
                    ],
                    vec![0..2],
                ),
            ),
            (
                "another label inside: who marked only the outer span disagrees with the inner",
                copies(&[
                    &[(0, 0, 50, "claim"), (0, 12, 21, "source")],
                    &[(0, 0, 50, "claim")],
                ]),
                (
                    vec![
                        row(0, 0, 50, "claim", 2, "agree"),
                        row(0, 12, 21, "source", 1, "disagree"),
                    ],
                    vec![0..2],
                ),
            ),
            (
                "one annotator's own nested spans do not disagree with each other",
                copies(&[
                    &[(0, 0, 50, "claim"), (0, 12, 21, "source")],
                    &[(1, 0, 5, "claim")],
                ]),
                (
                    vec![
                        row(0, 0, 50, "claim", 1, "incomplete"),
                        row(0, 12, 21, "source", 1, "incomplete"),
                        row(1, 0, 5, "claim", 1, "incomplete"),
                    ],
                    vec![0..2, 2..3],
                ),
            ),
            (
                "chained overlaps make one group; the ends do not overlap each other",
                copies(&[
                    &[(0, 0, 10, "claim")],
                    &[(0, 8, 20, "claim")],
                    &[(0, 18, 30, "claim")],
                ]),
                (
                    vec![
                        row(0, 0, 10, "claim", 1, "disagree"),
                        row(0, 8, 20, "claim", 1, "disagree"),
                        row(0, 18, 30, "claim", 1, "disagree"),
                    ],
                    vec![0..3],
                ),
            ),
            (
                "touching spans do not overlap",
                copies(&[&[(0, 0, 10, "claim")], &[(0, 10, 20, "claim")]]),
                (
                    vec![
                        row(0, 0, 10, "claim", 1, "incomplete"),
                        row(0, 10, 20, "claim", 1, "incomplete"),
                    ],
                    vec![0..1, 1..2],
                ),
            ),
            (
                "a long span far back still overlaps",
                copies(&[
                    &[(0, 0, 80, "opinion")],
                    &[(0, 2, 6, "claim"), (0, 70, 75, "claim")],
                ]),
                (
                    vec![
                        row(0, 0, 80, "opinion", 1, "disagree"),
                        row(0, 2, 6, "claim", 1, "disagree"),
                        row(0, 70, 75, "claim", 1, "disagree"),
                    ],
                    vec![0..3],
                ),
            ),
            (
                "two documents: same offsets, separate groups, in document order",
                copies(&[
                    &[(1, 0, 6, "source"), (0, 0, 6, "claim")],
                    &[(0, 0, 6, "claim"), (1, 0, 6, "claim")],
                ]),
                (
                    vec![
                        row(0, 0, 6, "claim", 2, "agree"),
                        row(1, 0, 6, "claim", 1, "disagree"),
                        row(1, 0, 6, "source", 1, "disagree"),
                    ],
                    vec![0..1, 1..3],
                ),
            ),
        ];
        for (name, projects, expected) in cases {
            let versions = versions_of(&projects);
            assert_eq!(seen(&versions), expected, "{name}");
            for (i, version) in versions.versions.iter().enumerate() {
                assert_eq!(versions.find(&version.key), Some(i), "{name}: find");
                assert!(
                    versions.groups[versions.group_of(i)].contains(&i),
                    "{name}: group_of"
                );
            }
        }
    }

    #[test]
    fn a_document_some_copy_lacks_counts_only_those_who_have_it() {
        let mut projects = copies(&[
            &[(1, 0, 6, "claim")],
            &[(1, 0, 6, "claim")],
            &[(0, 0, 6, "claim")],
        ]);
        // The third annotator never had the second document.
        let second = projects[0].documents()[1].id.clone();
        Edit::RemoveDocument(second).apply(&mut projects[2]).unwrap();
        let versions = versions_of(&projects);
        assert_eq!(
            seen(&versions).0,
            vec![
                row(0, 0, 6, "claim", 1, "incomplete"),
                row(1, 0, 6, "claim", 2, "agree")
            ]
        );
        assert_eq!(versions.versions[1].present, 2);
        assert!(Strategy::Unanimous.accepts(2, versions.versions[1].present));
    }

    #[test]
    fn find_misses_what_nobody_marked() {
        let projects = copies(&[&[(0, 0, 8, "claim"), (1, 3, 9, "claim")], &[(0, 0, 8, "source")]]);
        let versions = versions_of(&projects);
        let mut key = versions.versions[0].key.clone();
        key.end = 9;
        assert_eq!(versions.find(&key), None);
        key.document = DocId::from("d-none");
        key.end = 8;
        assert_eq!(versions.find(&key), None);
    }

    /// The standing as the definition says it, pair by pair over the whole group.
    fn standing_by_definition(group: &[Version], i: usize) -> Standing {
        let version = &group[i];
        if version.votes.len() >= version.present {
            return Standing::Agree;
        }
        let marked_otherwise = group.iter().enumerate().any(|(j, other)| {
            j != i
                && other.key.range().overlap(version.key.range()) > 0
                && other.votes.iter().any(|v| !version.voted(v.annotator))
        });
        if marked_otherwise {
            Standing::Disagree
        } else {
            Standing::Incomplete
        }
    }

    fn marks() -> impl proptest::strategy::Strategy<Value = Vec<Vec<Mark>>> {
        use proptest::prelude::*;
        let labels = prop::sample::select(vec!["claim", "source"]);
        let mark = (0usize..2, 0usize..45, 1usize..25, labels)
            .prop_map(|(doc, start, len, label)| (doc, start, (start + len).min(50), label));
        prop::collection::vec(prop::collection::vec(mark, 0..8), 2..5)
    }

    proptest::proptest! {
        #[test]
        fn standings_are_the_definition(marks in marks()) {
            let marks: Vec<&[Mark]> = marks.iter().map(Vec::as_slice).collect();
            let versions = versions_of(&copies(&marks));
            let mut covered = 0;
            for group in &versions.groups {
                proptest::prop_assert_eq!(group.start, covered);
                covered = group.end;
                let members = &versions.versions[group.clone()];
                for i in 0..members.len() {
                    proptest::prop_assert_eq!(
                        versions.standings[group.start + i],
                        standing_by_definition(members, i)
                    );
                }
            }
            proptest::prop_assert_eq!(covered, versions.versions.len());
        }
    }
}
