//! Labels (claim, source, opinion, …): a name, a colour, a hotkey and a description.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::fields::FieldDef;
use super::ids::LabelId;

/// An sRGB colour written as `#RRGGBB`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b }
    }
}

impl fmt::Display for Color {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02X}{:02X}{:02X}", self.r, self.g, self.b)
    }
}

impl FromStr for Color {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || format!("colour {text:?} is not of the form #RRGGBB");
        let hex = text.strip_prefix('#').ok_or_else(invalid)?;
        if hex.len() != 6 || !hex.is_ascii() {
            return Err(invalid());
        }
        let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).map_err(|_| invalid());
        Ok(Self::rgb(channel(0)?, channel(2)?, channel(4)?))
    }
}

impl Serialize for Color {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Color {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Colours offered for labels: the Okabe–Ito palette, safe for colour-blind readers, then a few more.
pub const PALETTE: [Color; 10] = [
    Color::rgb(0xE6, 0x9F, 0x00),
    Color::rgb(0x56, 0xB4, 0xE9),
    Color::rgb(0x00, 0x9E, 0x73),
    Color::rgb(0xF0, 0xE4, 0x42),
    Color::rgb(0x00, 0x72, 0xB2),
    Color::rgb(0xD5, 0x5E, 0x00),
    Color::rgb(0xCC, 0x79, 0xA7),
    Color::rgb(0x99, 0x99, 0x99),
    Color::rgb(0x88, 0x22, 0x55),
    Color::rgb(0x44, 0xAA, 0x99),
];

/// A palette colour none of `labels` uses (grey once all are taken).
pub fn unused_color<'a>(labels: impl Iterator<Item = &'a Label> + Clone) -> Color {
    PALETTE
        .into_iter()
        .find(|colour| labels.clone().all(|label| label.color != *colour))
        .unwrap_or(Color::rgb(0x99, 0x99, 0x99))
}

/// The first digit none of `labels` uses as its hotkey.
pub fn free_hotkey<'a>(labels: impl Iterator<Item = &'a Label> + Clone) -> Option<String> {
    (1..=9)
        .map(|n| n.to_string())
        .find(|key| labels.clone().all(|label| label.hotkey.as_ref() != Some(key)))
}

/// A kind of span a user can mark.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Label {
    pub id: LabelId,
    pub name: String,
    pub color: Color,
    /// A single key that applies this label to the selection.
    #[serde(default)]
    pub hotkey: Option<String>,
    #[serde(default)]
    pub description: String,
    /// Extra values its annotations carry (a claim's verdict, claimant …).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldDef>,
}

impl Label {
    pub fn new(id: &str, name: &str, color: Color, hotkey: Option<&str>, description: &str) -> Self {
        Self {
            id: LabelId::from(id),
            name: name.to_owned(),
            color,
            hotkey: hotkey.map(str::to_owned),
            description: description.to_owned(),
            fields: Vec::new(),
        }
    }

    /// The label set every new project starts with. Colours are from the Okabe–Ito palette, which
    /// stays distinguishable for the common forms of colour blindness.
    pub fn defaults() -> Vec<Label> {
        let mut claim = Label::new(
            "claim",
            "Claim",
            Color::rgb(0xE6, 0x9F, 0x00),
            Some("1"),
            "A statement presented as fact that can be checked.",
        );
        claim.fields = FieldDef::claim_fields();
        vec![
            claim,
            Label::new(
                "source",
                "Source",
                Color::rgb(0x56, 0xB4, 0xE9),
                Some("2"),
                "Where a statement comes from: a cited outlet, document, person or link.",
            ),
            Label::new(
                "opinion",
                "Opinion",
                Color::rgb(0xCC, 0x79, 0xA7),
                Some("3"),
                "A judgement, loaded wording or interpretation rather than a fact.",
            ),
            Label::new(
                "disclaimer",
                "Disclaimer",
                Color::rgb(0x00, 0x9E, 0x73),
                Some("4"),
                "The publisher's or author's notice limiting responsibility or stating a position.",
            ),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_parse_and_print() {
        let cases = [
            ("#E69F00", Ok(Color::rgb(0xE6, 0x9F, 0x00))),
            ("#e69f00", Ok(Color::rgb(0xE6, 0x9F, 0x00))),
            ("E69F00", Err(())),
            ("#E69F0", Err(())),
            ("#GGGGGG", Err(())),
            ("#ééé", Err(())),
        ];
        for (text, expected) in cases {
            assert_eq!(text.parse::<Color>().map_err(|_| ()), expected, "{text}");
        }
        assert_eq!(Color::rgb(1, 2, 255).to_string(), "#0102FF");
    }

    #[test]
    fn default_labels_have_distinct_hotkeys_and_colours() {
        let labels = Label::defaults();
        let names: Vec<_> = labels.iter().map(|l| l.id.as_str()).collect();
        assert_eq!(names, ["claim", "source", "opinion", "disclaimer"]);
        let hotkeys: std::collections::HashSet<_> = labels.iter().map(|l| &l.hotkey).collect();
        let colours: std::collections::HashSet<_> = labels.iter().map(|l| l.color).collect();
        assert_eq!((hotkeys.len(), colours.len()), (4, 4));
        assert!(labels.iter().all(|l| !l.description.is_empty()));
    }
}
