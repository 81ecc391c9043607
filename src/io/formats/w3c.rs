//! W3C Web Annotation (JSON-LD): an AnnotationCollection out; a single annotation, an array, a
//! collection or a page in. Positions are code points (TextPositionSelector), backed by the quote
//! (TextQuoteSelector); the label is a `tagging` body and the note a `commenting` one. Each label
//! field is a further TextualBody naming its key in `schema:propertyID` (the `schema:` prefix is
//! in the Web Annotation context): the verdict with the purpose `assessing`, the others
//! `describing`. Reading back, those bodies become fields again (an `assessing` body without a
//! key is the verdict), so a round trip keeps every value.
//!
//! What Hypothesis reads of it is kept: the TextQuoteSelector's prefix and suffix are the 32
//! characters around the span in the text (not whatever context the annotation came in with),
//! positions count code points, and the target's `source` is the document's address: its `url`,
//! else the `http(s)` address it was imported from, else our URN for it.
//!
//! Input is checked against the Web Annotation Data Model's MUSTs before anything is imported,
//! so a malformed file is refused whole with the JSON path of its first problem.

use std::borrow::Cow;
use std::path::Path;

use jiff::Timestamp;
use rayon::prelude::*;
use serde::Serialize;
use serde_json::{Map, Value};

use super::incoming::{Incoming, Plan};
use super::{FormatError, Rendered, left_out_orphan};
use crate::model::{Annotation, AnnotationId, Document, Link, Project, Quote};

pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
pub const ANNOTATION_URN: &str = "urn:marginalia:annotation:";
pub const DOCUMENT_URN: &str = "urn:marginalia:document:";
const COLLECTION_URN: &str = "urn:marginalia:collection:";
const LINK_URN: &str = "urn:marginalia:link:";

// ----- export -----

/// The whole project as one AnnotationCollection with its annotations on an embedded page.
pub fn export(project: &Project) -> Rendered {
    let sources: Vec<(&Document, String)> = project
        .documents()
        .iter()
        .map(|doc| (doc, source_of(project, doc)))
        .collect();
    let mut items = Vec::with_capacity(project.annotations().len());
    for (document, source) in &sources {
        for annotation in project.annotations_of(&document.id) {
            items.push(Entry::Annotation(item(project, document, annotation, source)));
        }
    }
    items.extend(project.links().iter().map(|link| Entry::Link(link_item(link))));
    let name = if project.name.is_empty() {
        "project"
    } else {
        &project.name
    };
    let id = format!("{COLLECTION_URN}{}", encode(name));
    let left_out = project
        .annotations()
        .iter()
        .filter(|a| a.orphaned)
        .map(|a| format!("{}: exported with its quote only", left_out_orphan(a)))
        .collect();
    let (annotations, total) = (project.annotations().len(), items.len());
    let collection = Collection {
        context: CONTEXT,
        first: (!items.is_empty()).then(|| Page {
            id: format!("{id}/page1"),
            kind: "AnnotationPage",
            start_index: 0,
            items,
        }),
        id,
        kind: "AnnotationCollection",
        label: &project.name,
        total,
    };
    let mut bytes = serde_json::to_vec_pretty(&collection).expect("serialising to memory cannot fail");
    bytes.push(b'\n');
    Rendered {
        bytes,
        annotations,
        left_out,
        warnings: Vec::new(),
    }
}

// The JSON-LD written, as types: serialising them directly is several times faster than
// building `serde_json::Value` trees, and the field order is the order a reader expects.

#[derive(Serialize)]
struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    label: &'a str,
    total: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    first: Option<Page<'a>>,
}

#[derive(Serialize)]
struct Page<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(rename = "startIndex")]
    start_index: usize,
    items: Vec<Entry<'a>>,
}

/// An item of the page: an annotation, or a link between two as a `linking` annotation.
#[derive(Serialize)]
#[serde(untagged)]
enum Entry<'a> {
    Annotation(Item<'a>),
    Link(LinkItem<'a>),
}

/// A link: its target is the annotation it starts from, its body the one it points to and a
/// tag with its kind ("supported by").
#[derive(Serialize)]
struct LinkItem<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    body: (LinkedResource, Body<'a>),
    target: String,
}

#[derive(Serialize)]
struct LinkedResource {
    #[serde(rename = "type")]
    kind: &'static str,
    source: String,
    purpose: &'static str,
}

#[derive(Serialize)]
struct Item<'a> {
    id: String,
    #[serde(rename = "type")]
    kind: &'static str,
    motivation: &'static str,
    created: String,
    modified: String,
    body: Vec<Body<'a>>,
    target: Target<'a>,
}

#[derive(Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    purpose: &'static str,
    value: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    format: Option<&'static str>,
    /// The key of the label field this body holds.
    #[serde(rename = "schema:propertyID", skip_serializing_if = "Option::is_none")]
    property: Option<&'a str>,
}

/// The JSON-LD key naming a field body's key.
const PROPERTY: &str = "schema:propertyID";
/// The key an `assessing` body without [`PROPERTY`] goes to.
const VERDICT: &str = "verdict";

#[derive(Serialize)]
struct Target<'a> {
    source: &'a str,
    selector: Vec<Selector<'a>>,
}

#[derive(Serialize)]
#[serde(tag = "type")]
enum Selector<'a> {
    TextQuoteSelector {
        exact: Cow<'a, str>,
        #[serde(skip_serializing_if = "str::is_empty")]
        prefix: Cow<'a, str>,
        #[serde(skip_serializing_if = "str::is_empty")]
        suffix: Cow<'a, str>,
    },
    TextPositionSelector {
        start: usize,
        end: usize,
    },
}

/// A document's address: its own URL (else the web address it was imported from) when no other
/// document shares it, else our URN for it.
fn source_of(project: &Project, document: &Document) -> String {
    match web_address(document) {
        Some(address)
            if project
                .documents()
                .iter()
                .filter(|d| web_address(d) == Some(address))
                .count()
                == 1 =>
        {
            address.to_owned()
        }
        _ => format!("{DOCUMENT_URN}{}", encode(document.id.as_str())),
    }
}

/// The document's `url`, else the `http(s)` address its text was imported from.
fn web_address(document: &Document) -> Option<&str> {
    let imported_from = document
        .source
        .as_ref()
        .map(|source| source.original.as_str())
        .filter(|original| {
            let lower = original.to_ascii_lowercase();
            lower.starts_with("https://") || lower.starts_with("http://")
        });
    document.url.as_deref().or(imported_from)
}

/// The quote selector: the span's text with the 32 characters around it as they are in the text
/// now; an orphaned annotation keeps the quote it has.
fn quote_selector<'a>(document: &Document, annotation: &'a Annotation) -> Selector<'a> {
    let captured = (!annotation.orphaned)
        .then(|| Quote::capture(&document.text, annotation.range()))
        .flatten()
        .filter(|quote| quote.exact == annotation.quote.exact);
    match captured {
        Some(Quote {
            exact,
            prefix,
            suffix,
        }) => Selector::TextQuoteSelector {
            exact: Cow::Owned(exact),
            prefix: Cow::Owned(prefix),
            suffix: Cow::Owned(suffix),
        },
        None => Selector::TextQuoteSelector {
            exact: Cow::Borrowed(&annotation.quote.exact),
            prefix: Cow::Borrowed(&annotation.quote.prefix),
            suffix: Cow::Borrowed(&annotation.quote.suffix),
        },
    }
}

fn item<'a>(
    project: &'a Project,
    document: &Document,
    annotation: &'a Annotation,
    source: &'a str,
) -> Item<'a> {
    let label = project.label(&annotation.label);
    let mut body = vec![Body {
        kind: "TextualBody",
        purpose: "tagging",
        value: label.map_or(annotation.label.as_str(), |label| label.name.as_str()),
        format: None,
        property: None,
    }];
    if !annotation.note.is_empty() {
        body.push(Body {
            kind: "TextualBody",
            purpose: "commenting",
            value: &annotation.note,
            format: Some("text/plain"),
            property: None,
        });
    }
    // The label's fields in their order, then any value its label no longer declares.
    let declared = label.map_or(&[][..], |label| label.fields.as_slice());
    let rating = |key: &str| {
        declared
            .iter()
            .any(|f| f.key == key && f.kind == crate::model::FieldKind::Rating)
    };
    let ordered = declared
        .iter()
        .filter_map(|f| annotation.fields.get_key_value(&f.key))
        .chain(
            annotation
                .fields
                .iter()
                .filter(|(key, _)| !declared.iter().any(|f| &f.key == *key)),
        );
    for (key, value) in ordered {
        body.push(Body {
            kind: "TextualBody",
            purpose: if rating(key) { "assessing" } else { "describing" },
            value,
            format: None,
            property: Some(key),
        });
    }
    let mut selector = vec![quote_selector(document, annotation)];
    // An orphaned annotation's range is only a hint; its quote is what it still knows.
    if !annotation.orphaned {
        selector.push(Selector::TextPositionSelector {
            start: annotation.start,
            end: annotation.end,
        });
    }
    Item {
        id: format!("{ANNOTATION_URN}{}", encode(annotation.id.as_str())),
        kind: "Annotation",
        motivation: if annotation.note.is_empty() {
            "tagging"
        } else {
            "commenting"
        },
        created: annotation.created.to_string(),
        modified: annotation.modified.to_string(),
        body,
        target: Target { source, selector },
    }
}

fn link_item(link: &Link) -> LinkItem<'_> {
    let urn = |id: &AnnotationId| format!("{ANNOTATION_URN}{}", encode(id.as_str()));
    LinkItem {
        id: format!("{LINK_URN}{}", encode(link.id.as_str())),
        kind: "Annotation",
        motivation: "linking",
        body: (
            LinkedResource {
                kind: "SpecificResource",
                source: urn(&link.to),
                purpose: "linking",
            },
            Body {
                kind: "TextualBody",
                purpose: "tagging",
                value: &link.kind,
                format: None,
                property: None,
            },
        ),
        target: urn(&link.from),
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters, so an id is a valid IRI part.
fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

fn decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

// ----- import -----

/// A problem at a JSON path.
type Problem = (String, String);

pub fn import(bytes: &[u8], path: &Path, plan: &mut Plan) -> Result<(), FormatError> {
    let root: Value = serde_json::from_slice(bytes).map_err(|e| FormatError::json(path, &e))?;
    let refuse = |problem: Problem| FormatError::at_pointer(path, problem);
    let annotations = annotations_in(&root, plan).map_err(refuse)?;
    // Checked on all cores; the first problem in the file is the one reported.
    let problem = annotations
        .par_iter()
        .find_map_first(|(pointer, annotation)| check_annotation(annotation, pointer).err());
    if let Some(problem) = problem {
        return Err(refuse(problem));
    }
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    plan.reserve(annotations.len());
    for (pointer, annotation) in annotations {
        let place = format!("{file} {}", if pointer.is_empty() { "/" } else { &pointer });
        plan_annotation(annotation, place, plan).map_err(|message| FormatError::new(path, None, message))?;
    }
    Ok(())
}

/// The annotations of a file: itself, an array's items, or a collection's or page's items.
fn annotations_in<'v>(root: &'v Value, plan: &mut Plan) -> Result<Vec<(String, &'v Value)>, Problem> {
    if let Value::Array(items) = root {
        if items.is_empty() {
            return Err((
                String::new(),
                "an empty array: there is no annotation in it".into(),
            ));
        }
        return items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let pointer = format!("/{i}");
                check_context(item, &pointer)?;
                Ok((pointer, item))
            })
            .collect();
    }
    check_context(root, "")?;
    let object = root.as_object().expect("check_context accepts objects only");
    if has_type(object, "Annotation") {
        return Ok(vec![(String::new(), root)]);
    }
    let (page, page_pointer) = if has_type(object, "AnnotationCollection") {
        match object.get("first") {
            Some(Value::Object(_)) => (&object["first"], "/first".to_owned()),
            Some(Value::String(link)) => {
                plan.not_supported(format!(
                    "the collection's pages are not in the file (first page: {link}); export them embedded"
                ));
                return Ok(Vec::new());
            }
            None if object.get("total").and_then(Value::as_u64) == Some(0)
                || object.get("total").is_none() =>
            {
                return Ok(Vec::new());
            }
            _ => {
                return Err((
                    "/first".into(),
                    "a collection with annotations needs a first page".into(),
                ));
            }
        }
    } else if has_type(object, "AnnotationPage") {
        (root, String::new())
    } else {
        return Err((
            "/type".into(),
            "type must be Annotation, AnnotationCollection or AnnotationPage".into(),
        ));
    };
    if let Some(next) = page.get("next").and_then(Value::as_str) {
        plan.not_supported(format!(
            "later pages of the collection are not in the file (next: {next})"
        ));
    }
    let items = page.get("items").and_then(Value::as_array).ok_or_else(|| {
        (
            format!("{page_pointer}/items"),
            "a page needs an items array".to_owned(),
        )
    })?;
    Ok(items
        .iter()
        .enumerate()
        .map(|(i, item)| (format!("{page_pointer}/items/{i}"), item))
        .collect())
}

fn check_context(value: &Value, pointer: &str) -> Result<(), Problem> {
    let object = value
        .as_object()
        .ok_or_else(|| (pointer.to_owned(), "expected a JSON object".to_owned()))?;
    let found = match object.get("@context") {
        Some(Value::String(context)) => context == CONTEXT,
        Some(Value::Array(contexts)) => contexts.iter().any(|c| c.as_str() == Some(CONTEXT)),
        _ => false,
    };
    if found {
        Ok(())
    } else {
        Err((
            format!("{pointer}/@context"),
            format!("@context must be {CONTEXT:?} (or an array that includes it)"),
        ))
    }
}

fn has_type(object: &Map<String, Value>, wanted: &str) -> bool {
    match object.get("type") {
        Some(Value::String(t)) => t == wanted,
        Some(Value::Array(types)) => types.iter().any(|t| t.as_str() == Some(wanted)),
        _ => false,
    }
}

/// True for an absolute IRI: a scheme, a colon, and no white space.
fn is_iri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !text.chars().any(char::is_whitespace)
}

/// The Data Model's MUSTs for one annotation (sections 3.1–3.3 and 4.2).
fn check_annotation(value: &Value, pointer: &str) -> Result<(), Problem> {
    let at = |key: &str| format!("{pointer}/{key}");
    let object = value.as_object().ok_or_else(|| {
        (
            pointer.to_owned(),
            "an annotation must be a JSON object".to_owned(),
        )
    })?;
    if !has_type(object, "Annotation") {
        return Err((
            at("type"),
            "an annotation's type must include \"Annotation\"".into(),
        ));
    }
    if let Some(id) = object.get("id")
        && !id.as_str().is_some_and(is_iri)
    {
        return Err((
            at("id"),
            "id must be one IRI (a single string such as http://…)".into(),
        ));
    }
    let target = object
        .get("target")
        .ok_or_else(|| (at("target"), "an annotation must have a target".to_owned()))?;
    check_resources(target, &at("target"))?;
    if let Some(body) = object.get("body") {
        check_resources(body, &at("body"))?;
    }
    if let Some(body_value) = object.get("bodyValue")
        && !body_value.is_string()
    {
        return Err((at("bodyValue"), "bodyValue must be a single string".into()));
    }
    for key in ["created", "modified", "generated"] {
        if let Some(time) = object.get(key)
            && time.as_str().and_then(|t| t.parse::<Timestamp>().ok()).is_none()
        {
            return Err((
                at(key),
                format!("{key} must be one date-time with a time zone, e.g. 2015-01-28T12:00:00Z"),
            ));
        }
    }
    for key in ["creator", "generator"] {
        if let Some(agent) = object.get(key) {
            check_agents(agent, &at(key))?;
        }
    }
    for key in ["rights", "via", "canonical"] {
        if let Some(link) = object.get(key) {
            let ok = match link {
                Value::String(iri) => is_iri(iri),
                Value::Array(iris) if key != "canonical" => {
                    iris.iter().all(|i| i.as_str().is_some_and(is_iri))
                }
                _ => false,
            };
            if !ok {
                return Err((at(key), format!("{key} must be an IRI")));
            }
        }
    }
    match object.get("motivation") {
        None | Some(Value::String(_)) => Ok(()),
        Some(Value::Array(all)) if all.iter().all(Value::is_string) => Ok(()),
        Some(_) => Err((at("motivation"), "motivation must be a string or strings".into())),
    }
}

fn check_agents(value: &Value, pointer: &str) -> Result<(), Problem> {
    match value {
        Value::String(_) | Value::Object(_) => Ok(()),
        Value::Array(all) if all.iter().all(|a| a.is_string() || a.is_object()) => Ok(()),
        _ => Err((pointer.to_owned(), "an agent must be an IRI or an object".into())),
    }
}

/// A body or target: an IRI, a resource object, or a non-empty array of them.
fn check_resources(value: &Value, pointer: &str) -> Result<(), Problem> {
    match value {
        Value::String(_) => Ok(()),
        Value::Object(resource) => check_resource(resource, pointer),
        Value::Array(all) if !all.is_empty() => all
            .iter()
            .enumerate()
            .try_for_each(|(i, item)| check_resources(item, &format!("{pointer}/{i}"))),
        _ => Err((
            pointer.to_owned(),
            "must be an IRI, a resource object or an array of them".into(),
        )),
    }
}

fn check_resource(resource: &Map<String, Value>, pointer: &str) -> Result<(), Problem> {
    if has_type(resource, "SpecificResource") && !resource.contains_key("source") {
        return Err((
            format!("{pointer}/source"),
            "a SpecificResource must have a source".into(),
        ));
    }
    if let Some(items) = resource.get("items") {
        check_resources(items, &format!("{pointer}/items"))?;
    }
    if let Some(selector) = resource.get("selector") {
        check_selectors(selector, &format!("{pointer}/selector"))?;
    }
    if has_type(resource, "TextualBody") && !resource.get("value").is_some_and(Value::is_string) {
        return Err((
            format!("{pointer}/value"),
            "a TextualBody must have one string value".into(),
        ));
    }
    Ok(())
}

fn check_selectors(value: &Value, pointer: &str) -> Result<(), Problem> {
    match value {
        Value::String(_) => Ok(()),
        Value::Object(selector) => check_selector(selector, pointer),
        Value::Array(all) if !all.is_empty() => all
            .iter()
            .enumerate()
            .try_for_each(|(i, s)| check_selectors(s, &format!("{pointer}/{i}"))),
        _ => Err((
            pointer.to_owned(),
            "a selector must be an IRI, an object or an array of them".into(),
        )),
    }
}

fn check_selector(selector: &Map<String, Value>, pointer: &str) -> Result<(), Problem> {
    let single_string = |key: &str, what: &str| match selector.get(key) {
        Some(Value::String(_)) => Ok(()),
        _ => Err((
            format!("{pointer}/{key}"),
            format!("a {what} must have exactly one string {key}"),
        )),
    };
    let kind = selector.get("type").and_then(Value::as_str).unwrap_or_default();
    match kind {
        "FragmentSelector" | "CssSelector" | "XPathSelector" => single_string("value", kind)?,
        "TextQuoteSelector" => {
            single_string("exact", kind)?;
            for key in ["prefix", "suffix"] {
                if selector.get(key).is_some_and(|v| !v.is_string()) {
                    return Err((format!("{pointer}/{key}"), format!("{key} must be a string")));
                }
            }
        }
        "TextPositionSelector" | "DataPositionSelector" => {
            let number = |key: &str| {
                selector.get(key).and_then(Value::as_u64).ok_or_else(|| {
                    (
                        format!("{pointer}/{key}"),
                        format!("a {kind} needs a non-negative integer {key}"),
                    )
                })
            };
            if number("start")? > number("end")? {
                return Err((pointer.to_owned(), "start is after end".into()));
            }
        }
        "RangeSelector" => {
            for key in ["startSelector", "endSelector"] {
                let inner = selector
                    .get(key)
                    .ok_or_else(|| (format!("{pointer}/{key}"), format!("a RangeSelector needs {key}")))?;
                check_selectors(inner, &format!("{pointer}/{key}"))?;
            }
        }
        _ => {}
    }
    match selector.get("refinedBy") {
        Some(refined) => check_selectors(refined, &format!("{pointer}/refinedBy")),
        None => Ok(()),
    }
}

/// Turns one checked annotation into spans for the plan; one per target with a text selector.
/// A `linking` annotation between two of ours becomes a link.
fn plan_annotation(annotation: &Value, place: String, plan: &mut Plan) -> Result<(), String> {
    if let Some((from, to, kind)) = link_of(annotation) {
        plan.add_link(place, from.to_string(), to.to_string(), kind);
        return Ok(());
    }
    let (label, note) = label_and_note(annotation);
    let fields = fields_of(annotation);
    let time = |key: &str| {
        annotation
            .get(key)
            .and_then(Value::as_str)
            .and_then(|t| t.parse().ok())
    };
    let annotation_id = annotation
        .get("id")
        .and_then(Value::as_str)
        .and_then(|id| id.strip_prefix(ANNOTATION_URN))
        .and_then(decode)
        .map(AnnotationId::from);
    let targets = match &annotation["target"] {
        Value::Array(all) => all.iter().collect(),
        one => vec![one],
    };
    let mut found_any = false;
    for target in targets {
        let Some((quote, span)) = text_selectors(target) else {
            continue;
        };
        found_any = true;
        let doc_id = match target.get("source") {
            Some(Value::String(source)) => plan.document_for_source(source)?,
            _ => plan.chosen_document()?,
        };
        let incoming = Incoming {
            place: place.clone(),
            span,
            quote,
            label: label.clone(),
            note: note.clone(),
            fields: fields.clone(),
            created: time("created"),
            modified: time("modified"),
            annotation_id: annotation_id.clone(),
            key: annotation_id.as_ref().map(ToString::to_string),
            position_is_hint: false,
        };
        plan.add(&doc_id, incoming);
    }
    if !found_any {
        plan.skip(
            place,
            "not applicable: no target has a text quote or text position selector",
        );
    }
    Ok(())
}

/// The ends and kind of a `linking` annotation whose target and linked body are our annotations.
fn link_of(annotation: &Value) -> Option<(AnnotationId, AnnotationId, String)> {
    if annotation.get("motivation").and_then(Value::as_str) != Some("linking") {
        return None;
    }
    let ours = |iri: &str| {
        iri.strip_prefix(ANNOTATION_URN)
            .and_then(decode)
            .map(AnnotationId::from)
    };
    let from = ours(annotation.get("target")?.as_str()?)?;
    let bodies = annotation.get("body")?.as_array()?;
    let to = bodies
        .iter()
        .find(|b| b.get("purpose").and_then(Value::as_str) == Some("linking"))
        .and_then(|b| b.get("source")?.as_str())
        .and_then(ours)?;
    let kind = bodies
        .iter()
        .find(|b| b.get("purpose").and_then(Value::as_str) == Some("tagging"))
        .and_then(|b| b.get("value")?.as_str())
        .unwrap_or("cites");
    Some((from, to, kind.to_owned()))
}

/// The bodies of an annotation, however many.
fn bodies_of(annotation: &Value) -> Vec<&Value> {
    match annotation.get("body") {
        Some(Value::Array(all)) => all.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    }
}

/// The key of a body holding a label field: its [`PROPERTY`], else the verdict's for an
/// `assessing` body.
fn field_key(body: &Value) -> Option<&str> {
    match body.get(PROPERTY) {
        Some(key) => key.as_str(),
        None => (body.get("purpose").and_then(Value::as_str) == Some("assessing")).then_some(VERDICT),
    }
}

/// The label fields carried by textual bodies; the first body with a key wins.
fn fields_of(annotation: &Value) -> std::collections::BTreeMap<String, String> {
    let mut fields = std::collections::BTreeMap::new();
    for body in bodies_of(annotation) {
        if let (Some(key), Some(value)) = (field_key(body), body.get("value").and_then(Value::as_str)) {
            fields.entry(key.to_owned()).or_insert_with(|| value.to_owned());
        }
    }
    fields
}

/// The label (first `tagging` body, else the motivation) and the note (the other textual bodies
/// that hold no field).
fn label_and_note(annotation: &Value) -> (String, String) {
    let bodies: Vec<&Value> = bodies_of(annotation)
        .into_iter()
        .filter(|body| field_key(body).is_none())
        .collect();
    let textual = |body: &&Value| body.get("value").and_then(Value::as_str).map(str::to_owned);
    let is_tag = |body: &Value| body.get("purpose").and_then(Value::as_str) == Some("tagging");
    let label = bodies
        .iter()
        .filter(|body| is_tag(body))
        .find_map(textual)
        .or_else(|| match annotation.get("motivation") {
            Some(Value::String(m)) => Some(m.clone()),
            Some(Value::Array(all)) => all.first().and_then(Value::as_str).map(str::to_owned),
            _ => None,
        })
        .unwrap_or_else(|| "annotation".into());
    let mut notes: Vec<String> = bodies
        .iter()
        .filter(|body| !is_tag(body) && body.is_object())
        .filter_map(textual)
        .collect();
    if let Some(value) = annotation.get("bodyValue").and_then(Value::as_str) {
        notes.insert(0, value.to_owned());
    }
    (label, notes.join("\n\n"))
}

/// The quote and code-point span of a target's text selectors. A position counts only at the
/// top level (inside another selector it would be relative to that selector's fragment).
#[allow(clippy::type_complexity)]
fn text_selectors(target: &Value) -> Option<(Option<Quote>, Option<(usize, usize)>)> {
    let mut quote = None;
    let mut span = None;
    let top: Vec<&Value> = match target.get("selector")? {
        Value::Array(all) => all.iter().collect(),
        one => vec![one],
    };
    let mut stack: Vec<(&Value, bool)> = top.into_iter().map(|s| (s, true)).collect();
    while let Some((selector, top_level)) = stack.pop() {
        match selector.get("type").and_then(Value::as_str) {
            Some("TextQuoteSelector") if quote.is_none() => {
                let text = |key: &str| {
                    selector
                        .get(key)
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_owned()
                };
                quote = Some(Quote {
                    exact: text("exact"),
                    prefix: text("prefix"),
                    suffix: text("suffix"),
                });
            }
            Some("TextPositionSelector") if top_level && span.is_none() => {
                let number = |key: &str| selector.get(key).and_then(Value::as_u64).map(|n| n as usize);
                span = number("start").zip(number("end"));
            }
            _ => {}
        }
        if let Some(refined) = selector.get("refinedBy") {
            stack.push((refined, false));
        }
    }
    (quote.is_some() || span.is_some()).then_some((quote, span))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_by_case() {
        let cases = [
            ("http://example.org/anno1", true),
            ("urn:marginalia:annotation:a-01", true),
            ("not a uri", false),
            ("fish", false),
            ("1http://x", false),
            ("http://exa mple.org", false),
        ];
        for (text, expected) in cases {
            assert_eq!(is_iri(text), expected, "{text}");
        }
    }

    #[test]
    fn ids_encode_and_decode() {
        for id in ["a-01HXYZ", "weird id/é", "%41"] {
            let encoded = encode(id);
            assert!(is_iri(&format!("{ANNOTATION_URN}{encoded}")), "{encoded}");
            assert_eq!(decode(&encoded).as_deref(), Some(id));
        }
    }
}
