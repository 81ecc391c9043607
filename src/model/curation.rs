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

use std::collections::{BTreeMap, HashMap};
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
        let mut standings = Vec::with_capacity(versions.len());
        for group in &groups {
            standings.extend(group.clone().map(|i| standing(&versions[group.clone()], i - group.start)));
        }
        Self {
            annotators: panel.annotators.clone(),
            versions,
            groups,
            standings,
        }
    }

    /// The version with this key.
    pub fn find(&self, key: &VersionKey) -> Option<usize> {
        self.versions.iter().position(|v| &v.key == key)
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

/// The standing of `group[i]` among the versions it overlaps.
fn standing(group: &[Version], i: usize) -> Standing {
    let version = &group[i];
    if version.votes.len() >= version.present {
        return Standing::Agree;
    }
    let range = version.key.range();
    let marked_otherwise = group.iter().enumerate().any(|(j, other)| {
        j != i
            && other.key.range().overlap(range) > 0
            && other.votes.iter().any(|v| !version.voted(v.annotator))
    });
    if marked_otherwise {
        Standing::Disagree
    } else {
        Standing::Incomplete
    }
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
    let mut edits = vec![Edit::SetCuration(Some(Box::new(Curation {
        annotators: sources,
        strategy,
        decisions: gold.curation().map(|c| c.decisions.clone()).unwrap_or_default(),
    })))];
    edits.extend(missing_labels(panel, &gold));
    let (mut accepted_now, mut kept) = (0, 0);
    for version in &versions.versions {
        if state(&gold, &version.key) != State::Open {
            kept += 1;
        } else if strategy.accepts(version.votes.len(), version.present) {
            accepted_now += 1;
            edits.extend(accept_edits(&gold, &versions, version, true));
        }
    }
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
        fields: version.votes.first().map(|v| v.fields.clone()).unwrap_or_default(),
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
