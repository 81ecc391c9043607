//! Conflicts a merge could not settle, kept as data in the project: both values, which side each
//! came from and which one the project holds meanwhile, so the work goes on and nothing is lost.
//! Resolving one is an edit like any other, undone with Ctrl+Z.

use serde::{Deserialize, Serialize};

use super::anchor::Quote;
use super::annotation::now;
use super::edit::Edit;
use super::fields::{FieldDef, Settings};
use super::ids::{AnnotationId, LabelId, LinkId};
use super::project::{Project, ProjectError};
use super::text::CharRange;

/// Which copy of a project a value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Ours,
    Theirs,
}

impl Side {
    pub fn name(self) -> &'static str {
        match self {
            Side::Ours => "ours",
            Side::Theirs => "theirs",
        }
    }

    pub fn other(self) -> Side {
        match self {
            Side::Ours => Side::Theirs,
            Side::Theirs => Side::Ours,
        }
    }
}

/// What a conflict is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Subject {
    Annotation,
    Label,
    Link,
    Document,
    Settings,
}

/// Two different changes to one property of one item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    /// `<item id>/<property>`: stable, so the same conflict has the same id in every merge.
    pub id: String,
    pub subject: Subject,
    /// The annotation, label, link or document id; empty for the settings.
    pub item: String,
    /// `note`, `label`, `range`, `field:verdict`, `exists`, `name`, `color`, `hotkey`,
    /// `description`, `fields`, `kind`, `text`, `settings`.
    pub property: String,
    /// Our value, as text; `None` when our side removed the item or the field.
    pub ours: Option<String>,
    pub theirs: Option<String>,
    /// The value the merged project holds until the conflict is resolved.
    pub holds: Side,
}

impl Conflict {
    pub fn new(
        subject: Subject,
        item: &str,
        property: &str,
        ours: Option<String>,
        theirs: Option<String>,
    ) -> Self {
        Self {
            id: format!("{}/{property}", if item.is_empty() { "settings" } else { item }),
            subject,
            item: item.to_owned(),
            property: property.to_owned(),
            ours,
            theirs,
            holds: Side::Ours,
        }
    }

    pub fn value(&self, side: Side) -> Option<&str> {
        match side {
            Side::Ours => self.ours.as_deref(),
            Side::Theirs => self.theirs.as_deref(),
        }
    }

    /// One line for a person: what, and both values.
    pub fn describe(&self) -> String {
        let show = |value: Option<&str>| match value {
            Some(value) => format!("{:?}", super::text::shorten(value, 60)),
            None => "(removed)".to_owned(),
        };
        format!(
            "{}  {} {} {}: ours {} / theirs {} (the project holds {})",
            self.id,
            format!("{:?}", self.subject).to_lowercase(),
            self.item,
            self.property,
            show(self.ours.as_deref()),
            show(self.theirs.as_deref()),
            self.holds.name()
        )
    }
}

/// A range as a conflict value: `start..end`.
pub fn range_value(range: CharRange) -> String {
    range.to_string()
}

/// The edit that settles `conflict` by taking `side`: the property set to that side's value (when
/// the project holds the other), then the conflict record removed.
pub fn resolution(project: &Project, conflict: &Conflict, side: Side) -> Result<Edit, ProjectError> {
    let mut steps = Vec::new();
    if side != conflict.holds {
        steps.extend(take_value(project, conflict, conflict.value(side))?);
    }
    steps.push(Edit::RemoveConflict(conflict.id.clone()));
    Ok(Edit::Batch(steps))
}

fn bad(conflict: &Conflict, why: &str) -> ProjectError {
    ProjectError::BadField(format!("conflict {}: {why}", conflict.id))
}

fn take_value(
    project: &Project,
    conflict: &Conflict,
    value: Option<&str>,
) -> Result<Vec<Edit>, ProjectError> {
    let modified = now();
    let text = || value.map(str::to_owned).unwrap_or_default();
    Ok(match (conflict.subject, conflict.property.as_str()) {
        (Subject::Annotation, "exists") => match value {
            None => vec![Edit::RemoveAnnotation(AnnotationId::from(conflict.item.as_str()))],
            Some(_) => Vec::new(),
        },
        (Subject::Annotation, property) => {
            let annotation_id = AnnotationId::from(conflict.item.as_str());
            let annotation = project
                .annotation(&annotation_id)
                .ok_or_else(|| ProjectError::UnknownAnnotation(annotation_id.clone()))?;
            match property {
                "note" => vec![Edit::SetNote {
                    annotation_id,
                    note: text(),
                    modified,
                }],
                "label" => vec![Edit::SetLabel {
                    annotation_id,
                    label_id: LabelId::from(text()),
                    modified,
                }],
                "range" => {
                    let range = text()
                        .split_once("..")
                        .and_then(|(s, e)| Some(CharRange::new(s.parse().ok()?, e.parse().ok()?)))
                        .ok_or_else(|| bad(conflict, "not a range"))?;
                    let document = project
                        .document(&annotation.document)
                        .ok_or_else(|| ProjectError::UnknownDocument(annotation.document.clone()))?;
                    let mut placed = annotation.clone();
                    placed.set_range(range);
                    placed.quote = Quote::capture(&document.text, range)
                        .ok_or_else(|| bad(conflict, "range outside the text"))?;
                    placed.orphaned = false;
                    placed.review = None;
                    vec![Edit::SetAnchor(Box::new(placed))]
                }
                field if field.starts_with("field:") => vec![Edit::RestoreField {
                    annotation_id,
                    key: field["field:".len()..].to_owned(),
                    value: value.map(str::to_owned),
                    modified,
                }],
                _ => return Err(bad(conflict, "unknown property")),
            }
        }
        (Subject::Label, "exists") => match value {
            None => vec![Edit::RemoveLabel {
                label_id: LabelId::from(conflict.item.as_str()),
                reassign_to: None,
            }],
            Some(_) => Vec::new(),
        },
        (Subject::Label, property) => {
            let label_id = LabelId::from(conflict.item.as_str());
            let mut label = project
                .label(&label_id)
                .cloned()
                .ok_or_else(|| ProjectError::UnknownLabel(label_id.clone()))?;
            match property {
                "name" => label.name = text(),
                "color" => label.color = text().parse().map_err(|_| bad(conflict, "not a colour"))?,
                "hotkey" => label.hotkey = value.map(str::to_owned),
                "description" => label.description = text(),
                "fields" => {
                    label.fields = ron::from_str::<Vec<FieldDef>>(&text())
                        .map_err(|_| bad(conflict, "not a field list"))?
                }
                _ => return Err(bad(conflict, "unknown property")),
            }
            vec![Edit::UpdateLabel(label)]
        }
        (Subject::Link, _) => {
            let link_id = LinkId::from(conflict.item.as_str());
            let link = project.links().iter().find(|l| l.id == link_id).cloned();
            match (value, link) {
                (None, Some(_)) => vec![Edit::RemoveLink(link_id)],
                (Some(kind), Some(mut link)) if conflict.property == "kind" => {
                    link.kind = kind.to_owned();
                    vec![Edit::RemoveLink(link_id), Edit::AddLink(link)]
                }
                _ => Vec::new(),
            }
        }
        (Subject::Settings, _) => {
            let settings: Settings =
                ron::from_str(&text()).map_err(|_| bad(conflict, "not project settings"))?;
            vec![Edit::SetSettings(settings)]
        }
        // The other text is kept as a revision of the document: nothing to change.
        (Subject::Document, _) => Vec::new(),
    })
}
