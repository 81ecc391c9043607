//! The floor of loading and saving: a project file read into, and written from, plain serde
//! structs (strings, numbers and lists, nothing checked, indexed or sorted) with `ron`, in the
//! layout a save writes.
// Each bench uses some of these helpers, not all.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// A project file's layout in plain serde types: strings, numbers and lists, nothing checked,
/// indexed or sorted.
#[derive(Serialize, Deserialize)]
#[serde(rename = "Project")]
pub struct PlainProject {
    pub format: u32,
    pub name: String,
    pub settings: ron::Value,
    pub labels: Vec<ron::Value>,
    pub documents: Vec<PlainDocument>,
    pub annotations: Vec<PlainAnnotation>,
    #[serde(default)]
    pub links: Vec<ron::Value>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename = "Document")]
pub struct PlainDocument {
    pub id: String,
    pub title: String,
    pub source: Option<ron::Value>,
    pub sha256: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub text: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<ron::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pages: Vec<ron::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blocks: Vec<ron::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub inlines: Vec<ron::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revisions: Vec<ron::Value>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<ron::Value>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename = "Annotation")]
pub struct PlainAnnotation {
    pub id: String,
    pub document: String,
    pub start: usize,
    pub end: usize,
    pub quote: PlainQuote,
    pub label: String,
    #[serde(default)]
    pub note: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub orphaned: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<ron::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed: Option<ron::Value>,
    pub created: String,
    pub modified: String,
}

#[derive(Serialize, Deserialize)]
#[serde(rename = "Quote")]
pub struct PlainQuote {
    pub exact: String,
    pub prefix: String,
    pub suffix: String,
}

/// Reads a project file into plain structs.
pub fn parse_plain(file: &Path) -> PlainProject {
    from_ron_plain(&fs::read_to_string(file).unwrap())
}

pub fn from_ron_plain(text: &str) -> PlainProject {
    ron::from_str(text).unwrap()
}

/// Serialises the project from plain structs as a save does (same layout).
pub fn to_ron_plain(project: &PlainProject) -> String {
    let config = ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(true)
        .depth_limit(2);
    ron::ser::to_string_pretty(project, config).unwrap()
}

/// [`to_ron_plain`], written and fsynced as a save must.
pub fn write_plain(project: &PlainProject, out: &Path) {
    let bytes = to_ron_plain(project);
    let mut file = fs::File::create(out).unwrap();
    file.write_all(bytes.as_bytes()).unwrap();
    file.sync_all().unwrap();
}
