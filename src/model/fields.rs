//! Extra values an annotation can carry, declared per label: a claim's verdict, claimant (and
//! whether a person or an organisation), date, the address where it appeared and the address of
//! the published fact-check. Verdicts come from the project's rating scale.

use serde::{Deserialize, Serialize};

/// What a field holds, and so how it is checked and edited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FieldKind {
    Text,
    /// A calendar date, `YYYY-MM-DD`.
    Date,
    /// An `http(s)://` address.
    Url,
    /// One of the project's rating scale.
    Rating,
}

/// A field a label declares.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// The key values are stored under (`verdict`).
    pub key: String,
    /// What the inspector shows (`Verdict`).
    pub name: String,
    pub kind: FieldKind,
    /// The values a text field accepts, when it is one of a few (`person`, `organisation`);
    /// empty for any text.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
}

/// The key of the claimant's type among a claim's fields, and the values it takes.
pub const CLAIMANT_TYPE: &str = "claimant_type";
pub const CLAIMANT_TYPES: [&str; 2] = ["person", "organisation"];
/// The key of the published fact-check's address (ClaimReview `url`).
pub const REVIEW_URL: &str = "review_url";

impl FieldDef {
    pub fn new(key: &str, name: &str, kind: FieldKind) -> Self {
        Self {
            key: key.to_owned(),
            name: name.to_owned(),
            kind,
            choices: Vec::new(),
        }
    }

    /// The same field, accepting only `choices`.
    pub fn with_choices(mut self, choices: &[&str]) -> Self {
        self.choices = choices.iter().map(|c| (*c).to_owned()).collect();
        self
    }

    /// The fields a claim has by default.
    pub fn claim_fields() -> Vec<FieldDef> {
        vec![
            FieldDef::new("verdict", "Verdict", FieldKind::Rating),
            FieldDef::new("claimant", "Claimant", FieldKind::Text),
            FieldDef::new("date", "Date", FieldKind::Date),
            FieldDef::new("appearance", "Appeared at", FieldKind::Url),
            FieldDef::new(CLAIMANT_TYPE, "Claimant is a", FieldKind::Text).with_choices(&CLAIMANT_TYPES),
            FieldDef::new(REVIEW_URL, "Fact-check address", FieldKind::Url),
        ]
    }

    /// Checks a value for this field; `scale` is the project's rating scale.
    pub fn check(&self, value: &str, scale: &[String]) -> Result<(), String> {
        match self.kind {
            FieldKind::Text if self.choices.is_empty() || self.choices.iter().any(|c| c == value) => Ok(()),
            FieldKind::Text => Err(format!(
                "{}: {value:?} is not one of {}",
                self.name,
                self.choices.join(", ")
            )),
            FieldKind::Date => value
                .parse::<jiff::civil::Date>()
                .map(drop)
                .map_err(|_| format!("{}: {value:?} is not a date (YYYY-MM-DD)", self.name)),
            FieldKind::Url if value.starts_with("https://") || value.starts_with("http://") => Ok(()),
            FieldKind::Url => Err(format!("{}: {value:?} is not an http(s):// address", self.name)),
            FieldKind::Rating if scale.iter().any(|rating| rating == value) => Ok(()),
            FieldKind::Rating => Err(format!(
                "{}: {value:?} is not on the rating scale ({})",
                self.name,
                scale.join(", ")
            )),
        }
    }
}

/// Project-wide settings: the rating scale, the kinds of links, who publishes the reviews, and
/// instructions shown to a student opening an exercise.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// Verdicts from best to worst; an "unrated" verdict such as Unverifiable goes last.
    #[serde(default = "default_scale")]
    pub rating_scale: Vec<String>,
    /// Verdicts on the scale that rate nothing (no numeric rating in ClaimReview).
    #[serde(default = "default_unrated")]
    pub unrated: Vec<String>,
    #[serde(default = "default_link_types")]
    pub link_types: Vec<String>,
    /// The organisation publishing fact-checks (ClaimReview `author`).
    #[serde(default)]
    pub publisher: String,
    #[serde(default)]
    pub publisher_url: String,
    /// Shown when the project is opened, for exercises handed to students.
    #[serde(default)]
    pub instructions: String,
    /// A command that scores sentences for suggestions (JSON lines in and out; see
    /// `io::scorer`); empty for none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub scorer: String,
    /// How the scorer's scores are used: instead of the built-in model's, or averaged with them.
    #[serde(default, skip_serializing_if = "ScorerUse::is_default")]
    pub scorer_use: ScorerUse,
}

/// How an external scorer's scores are used.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ScorerUse {
    /// Its scores replace the built-in model's.
    #[default]
    Instead,
    /// The mean of its score and the built-in model's.
    Together,
}

impl ScorerUse {
    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            rating_scale: default_scale(),
            unrated: default_unrated(),
            link_types: default_link_types(),
            publisher: String::new(),
            publisher_url: String::new(),
            instructions: String::new(),
            scorer: String::new(),
            scorer_use: ScorerUse::default(),
        }
    }
}

fn default_scale() -> Vec<String> {
    [
        "True",
        "Mostly true",
        "Mixed",
        "Misleading",
        "False",
        "Unverifiable",
    ]
    .map(str::to_owned)
    .to_vec()
}

fn default_unrated() -> Vec<String> {
    vec!["Unverifiable".to_owned()]
}

fn default_link_types() -> Vec<String> {
    ["supported by", "contradicted by", "cites"]
        .map(str::to_owned)
        .to_vec()
}

impl Settings {
    /// A verdict's place on the numeric scale, 1 the worst: `(value, best)`; `None` for verdicts
    /// off the scale or unrated.
    pub fn rating_value(&self, verdict: &str) -> Option<(usize, usize)> {
        let rated: Vec<&String> = self
            .rating_scale
            .iter()
            .filter(|v| !self.unrated.contains(v))
            .collect();
        let position = rated.iter().position(|v| *v == verdict)?;
        Some((rated.len() - position, rated.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts_rate_from_best_to_worst() {
        let settings = Settings::default();
        let cases = [
            ("True", Some((5, 5))),
            ("Mixed", Some((3, 5))),
            ("False", Some((1, 5))),
            ("Unverifiable", None),
            ("Satire", None),
        ];
        for (verdict, expected) in cases {
            assert_eq!(settings.rating_value(verdict), expected, "{verdict}");
        }
    }

    #[test]
    fn values_are_checked_by_kind() {
        let scale = Settings::default().rating_scale;
        let fields = FieldDef::claim_fields();
        let cases = [
            (0, "False", true),
            (0, "false", false),
            (0, "Pants on fire", false),
            (1, "Le ministre", true),
            (2, "2024-01-22", true),
            (2, "22/01/2024", false),
            (2, "2024-02-30", false),
            (3, "https://example.org/a", true),
            (3, "javascript:alert(1)", false),
            (4, "person", true),
            (4, "organisation", true),
            (4, "Person", false),
            (4, "robot", false),
            (5, "https://verif.example/fact-check/1", true),
            (5, "verif.example", false),
        ];
        for (field, value, ok) in cases {
            assert_eq!(
                fields[field].check(value, &scale).is_ok(),
                ok,
                "{} {value}",
                fields[field].key
            );
        }
    }
}
