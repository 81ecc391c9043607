//! Hypothesis (hypothes.is) annotations as its API gives them to a user: a search response
//! (`{"total": …, "rows": […]}`), a plain list of annotations, or one annotation.
//!
//! Placement: Hypothesis counts a TextPositionSelector in UTF-16 code units of the browser's page
//! text, which is not the text Marginalia imported (menus, captions and white space differ). The
//! position is converted and used only as a hint; the span is placed by its TextQuoteSelector's
//! quote and context through the shared re-anchoring, and a quote not in the text is kept,
//! orphaned. RangeSelectors (XPaths into the page's markup) are read past, not used.
//!
//! Documents: an annotation goes to the document whose address (its `url`, or the path or URL
//! it was imported from) is the annotation's `uri` (or its target's `source`), compared without
//! scheme, fragment or trailing slash; else to the document chosen with `--doc`; else it is
//! skipped and reported. A user's export spans many pages, so nothing lands on a document by guess.
//!
//! What becomes what:
//! - `tags` give the label: the first tag naming a label (by id or name, in any case), else the
//!   first tag (the label is added). The other tags close the note (`tags: a, b`). Without tags,
//!   the project's first label, which the summary names.
//! - `text` is the note, opened by its `user` (`alice@hypothes.is: text`). Annotations have no
//!   author field, and the note is what the list, the inspector, search and every export show, so
//!   the author travels with the words the way a quoted comment is attributed; a label field
//!   would be dropped by CSV and hidden outside the inspector.
//! - `created` and `updated` are the annotation's created and modified times.
//! - Replies (`references` not empty) are appended to their thread's top annotation's note as
//!   `reply from USER: text`, oldest first, and are never spans of their own; a reply whose
//!   thread is not in the file is skipped with its place.
//! - Page notes (a target without selectors) become notes on the document, with their author.
//!
//! A file that is not of this shape is refused whole with the JSON path of its first problem.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

use jiff::Timestamp;
use rayon::prelude::*;
use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::FormatError;
use super::incoming::{Incoming, Plan};
use crate::model::{DocId, DocNote, Quote};

/// A problem at a JSON path.
type Problem = (String, String);

/// One annotation of the file, checked.
#[derive(Debug, Default)]
struct Row<'v> {
    pointer: String,
    id: Option<Cow<'v, str>>,
    /// The account without `acct:`, e.g. `alice@hypothes.is`.
    user: Option<String>,
    uri: Option<Cow<'v, str>>,
    text: Cow<'v, str>,
    tags: Vec<Cow<'v, str>>,
    references: Vec<Cow<'v, str>>,
    created: Option<Timestamp>,
    updated: Option<Timestamp>,
    targets: Vec<Target<'v>>,
}

#[derive(Debug, Default, PartialEq)]
struct Target<'v> {
    source: Option<Cow<'v, str>>,
    /// How many selectors of any kind the target has.
    selectors: usize,
    quote: Option<Quote>,
    /// Start and end in UTF-16 code units of the page text.
    position: Option<(usize, usize)>,
}

impl Row<'_> {
    fn is_reply(&self) -> bool {
        !self.references.is_empty()
    }

    /// A page note: no target has a selector.
    fn is_page_note(&self) -> bool {
        self.targets.iter().all(|t| t.selectors == 0)
    }
}

pub fn import(bytes: &[u8], path: &Path, plan: &mut Plan) -> Result<(), FormatError> {
    let rows = read_rows(bytes).map_err(|unreadable| match unreadable {
        Unreadable::Json(error) => FormatError::json(path, &error),
        Unreadable::At(problem) => FormatError::at_pointer(path, problem),
    })?;
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let place = |row: &Row| format!("{file} {}", row.pointer);
    let (replies, mut lost_replies) = replies_by_thread(&rows);
    let mut untagged = 0;
    plan.reserve(rows.len());
    for (index, row) in rows.iter().enumerate() {
        if let Some(reason) = lost_replies.remove(&index) {
            plan.skip(place(row), reason);
        }
        if row.is_reply() {
            continue;
        }
        let thread: Vec<&Row> = replies
            .get(&index)
            .into_iter()
            .flatten()
            .map(|&i| &rows[i])
            .collect();
        let Some(doc_id) = document_for(row, plan).map_err(|m| FormatError::new(path, None, m))? else {
            let address = row
                .uri
                .as_deref()
                .or_else(|| row.targets.iter().find_map(|t| t.source.as_deref()));
            plan.skip(place(row), no_document(address));
            for reply in thread {
                let reason = format!("a reply to {}, which is skipped", row.pointer);
                plan.skip(place(reply), reason);
            }
            continue;
        };
        if row.is_page_note() {
            let tags: Vec<&str> = row.tags.iter().map(AsRef::as_ref).collect();
            let note = DocNote {
                author: row.user.clone(),
                text: note_text(row, None, &tags, &thread),
                created: row.created,
            };
            plan.add_doc_note(place(row), &doc_id, note);
            continue;
        }
        let before = plan.imported();
        plan_spans(row, &doc_id, &thread, place(row), plan);
        if plan.imported() > before && row.tags.iter().all(|t| t.trim().is_empty()) {
            untagged += 1;
        }
    }
    if untagged > 0
        && let Some((_, name)) = plan.first_label()
    {
        plan.remark(format!(
            "{untagged} annotation(s) without tags got the label {name} (the project's first)"
        ));
    }
    Ok(())
}

fn no_document(address: Option<&str>) -> String {
    match address {
        Some(address) => format!(
            "no document has the address {address}; choose the document for it (--doc, or set the document's address)"
        ),
        None => "the annotation names no address; choose the document for it (--doc)".into(),
    }
}

/// Why a file gives no rows.
enum Unreadable {
    /// Not JSON at all.
    Json(serde_json::Error),
    /// JSON, but not of Hypothesis's shape.
    At(Problem),
}

/// The annotations of a file (a search response's rows, a list's items, or the one annotation),
/// each checked. The file is read straight into typed structs that borrow its strings: a
/// `serde_json::Value` tree of a large export costs several times the file in memory. A file that
/// does not fit is read once more, tracking the JSON path, to say where.
fn read_rows(bytes: &[u8]) -> Result<Vec<Row<'_>>, Unreadable> {
    let root: Root = match serde_json::from_slice(bytes) {
        Ok(root) => root,
        Err(error) if !error.is_data() => return Err(Unreadable::Json(error)),
        Err(error) => return Err(Unreadable::At(placed(bytes, error))),
    };
    let rows = match root {
        Root::List(rows) => numbered("", rows),
        Root::Object(mut object) => match object.rows.take() {
            Some(rows) => numbered("/rows", rows),
            None if object.target.is_some() || object.uri.is_some() => vec![(String::new(), *object)],
            None => {
                return Err(Unreadable::At((String::new(), Root::EXPECTED.into())));
            }
        },
    };
    // Rows are checked on all cores; the first one in the file that is wrong is the one reported.
    let rows: Vec<Result<Row, Problem>> = rows
        .into_par_iter()
        .map(|(pointer, raw)| row_of(raw, pointer))
        .collect();
    rows.into_iter().collect::<Result<_, _>>().map_err(Unreadable::At)
}

fn numbered<'a>(under: &str, rows: Vec<RawRow<'a>>) -> Vec<(String, RawRow<'a>)> {
    rows.into_iter()
        .enumerate()
        .map(|(i, row)| (format!("{under}/{i}"), row))
        .collect()
}

/// The JSON path and message of a shape error, found by reading the file again with the path tracked.
fn placed(bytes: &[u8], error: serde_json::Error) -> Problem {
    let tracked =
        serde_path_to_error::deserialize::<_, Root>(&mut serde_json::Deserializer::from_slice(bytes));
    let (pointer, error) = match tracked {
        Err(tracked) => (pointer_of(tracked.path()), tracked.into_inner()),
        Ok(_) => (String::new(), error),
    };
    let text = error.to_string();
    let message = text.split(" at line ").next().unwrap_or(&text).to_owned();
    (pointer, message)
}

/// A serde path as a JSON pointer (RFC 6901): `rows[3].tags` is `/rows/3/tags`.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(format!("/{index}")),
            Segment::Map { key } => Some(format!("/{}", key.replace('~', "~0").replace('/', "~1"))),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

/// The whole file: a list of annotations, or an object (a search response or one annotation).
enum Root<'a> {
    List(Vec<RawRow<'a>>),
    Object(Box<RawRow<'a>>),
}

impl Root<'_> {
    const EXPECTED: &'static str =
        "expected a Hypothesis search response ({\"total\": …, \"rows\": […]}) or a list of annotations";
}

impl<'de> Deserialize<'de> for Root<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RootVisitor;
        impl<'de> Visitor<'de> for RootVisitor {
            type Value = Root<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(&Root::EXPECTED["expected ".len()..])
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq)).map(Root::List)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                RawRow::deserialize(MapAccessDeserializer::new(map)).map(|row| Root::Object(Box::new(row)))
            }
        }
        deserializer.deserialize_any(RootVisitor)
    }
}

/// A string of the file, borrowed unless it has escapes (serde borrows a `Cow` only as a field of
/// its own, not inside an `Option` or a `Vec`).
#[derive(Deserialize, Debug)]
#[serde(transparent)]
struct Text<'a>(#[serde(borrow)] Cow<'a, str>);

/// One object, or a list of them (W3C allows either for targets and selectors).
struct OneOrMany<T> {
    items: Vec<T>,
    single: bool,
}

impl<T> OneOrMany<T> {
    /// Each item with its JSON pointer under `at`.
    fn placed(self, at: &str) -> impl Iterator<Item = (String, T)> {
        let single = self.single;
        self.items.into_iter().enumerate().map(move |(i, item)| {
            let pointer = if single {
                at.to_owned()
            } else {
                format!("{at}/{i}")
            };
            (pointer, item)
        })
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ListVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
            type Value = OneOrMany<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object or a list of objects")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                Vec::deserialize(SeqAccessDeserializer::new(seq))
                    .map(|items| OneOrMany { items, single: false })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map)).map(|one| OneOrMany {
                    items: vec![one],
                    single: true,
                })
            }
        }
        deserializer.deserialize_any(ListVisitor(PhantomData))
    }
}

/// An annotation as the file has it; unknown fields are passed over, `null` is as absent.
#[derive(Deserialize, Default)]
#[serde(default)]
struct RawRow<'a> {
    #[serde(borrow)]
    id: Option<Text<'a>>,
    #[serde(borrow)]
    user: Option<Text<'a>>,
    #[serde(borrow)]
    uri: Option<Text<'a>>,
    #[serde(borrow)]
    text: Option<Text<'a>>,
    #[serde(borrow)]
    tags: Option<Vec<Text<'a>>>,
    #[serde(borrow)]
    references: Option<Vec<Text<'a>>>,
    #[serde(borrow)]
    created: Option<Text<'a>>,
    #[serde(borrow)]
    updated: Option<Text<'a>>,
    #[serde(borrow)]
    target: Option<OneOrMany<RawTarget<'a>>>,
    /// A search response's annotations: read on the file's root object only.
    #[serde(borrow)]
    rows: Option<Vec<RawRow<'a>>>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawTarget<'a> {
    #[serde(borrow)]
    source: Option<Text<'a>>,
    #[serde(borrow)]
    selector: Option<OneOrMany<RawSelector<'a>>>,
}

/// Any kind of selector: what a TextQuoteSelector or TextPositionSelector uses is read.
#[derive(Deserialize, Default)]
#[serde(default)]
struct RawSelector<'a> {
    #[serde(borrow, rename = "type")]
    kind: Option<Text<'a>>,
    #[serde(borrow)]
    exact: Option<Text<'a>>,
    #[serde(borrow)]
    prefix: Option<Text<'a>>,
    #[serde(borrow)]
    suffix: Option<Text<'a>>,
    /// Checked only in a TextPositionSelector, and there with a message of our own.
    start: Option<serde_json::Value>,
    end: Option<serde_json::Value>,
}

fn text(value: Option<Text>) -> Option<Cow<str>> {
    value.map(|Text(text)| text)
}

fn texts(values: Option<Vec<Text>>) -> Vec<Cow<str>> {
    values.into_iter().flatten().map(|Text(text)| text).collect()
}

/// Checks what serde cannot (dates, a selector's required fields) and keeps what is used.
fn row_of(raw: RawRow<'_>, pointer: String) -> Result<Row<'_>, Problem> {
    let time = |key: &str, value: Option<Text>| -> Result<Option<Timestamp>, Problem> {
        text(value)
            .map(|text| {
                text.parse::<Timestamp>().map_err(|_| {
                    (
                        format!("{pointer}/{key}"),
                        format!("{key} must be a date-time with a time zone, e.g. 2026-03-01T12:00:00.000000+00:00"),
                    )
                })
            })
            .transpose()
    };
    let created = time("created", raw.created)?;
    let updated = time("updated", raw.updated)?;
    let at = format!("{pointer}/target");
    let targets = raw
        .target
        .into_iter()
        .flat_map(|all| all.placed(&at))
        .map(|(at, target)| target_of(target, &at))
        .collect::<Result<_, _>>()?;
    let user = text(raw.user).map(|user| user.strip_prefix("acct:").unwrap_or(&user).to_owned());
    Ok(Row {
        id: text(raw.id),
        user,
        uri: text(raw.uri),
        text: text(raw.text).unwrap_or_default(),
        tags: texts(raw.tags),
        references: texts(raw.references),
        created,
        updated,
        targets,
        pointer,
    })
}

fn target_of<'a>(raw: RawTarget<'a>, pointer: &str) -> Result<Target<'a>, Problem> {
    let mut target = Target {
        source: text(raw.source),
        selectors: raw.selector.as_ref().map_or(0, |all| all.items.len()),
        ..Target::default()
    };
    let at = format!("{pointer}/selector");
    for (at, selector) in raw.selector.into_iter().flat_map(|all| all.placed(&at)) {
        read_selector(selector, &at, &mut target)?;
    }
    Ok(target)
}

/// Reads a TextQuoteSelector or TextPositionSelector into `target`; other kinds need a type and
/// are otherwise passed over.
fn read_selector(raw: RawSelector, pointer: &str, target: &mut Target) -> Result<(), Problem> {
    let missing = |key: &str, message: &str| (format!("{pointer}/{key}"), message.to_owned());
    let kind = text(raw.kind).ok_or_else(|| missing("type", "a selector needs a type"))?;
    match kind.as_ref() {
        "TextQuoteSelector" => {
            let exact = text(raw.exact)
                .ok_or_else(|| missing("exact", "a TextQuoteSelector needs its exact text"))?;
            target.quote.get_or_insert(Quote {
                exact: exact.into_owned(),
                prefix: text(raw.prefix).unwrap_or_default().into_owned(),
                suffix: text(raw.suffix).unwrap_or_default().into_owned(),
            });
        }
        "TextPositionSelector" => {
            let needs = |key| {
                missing(
                    key,
                    &format!("a TextPositionSelector needs a non-negative integer {key}"),
                )
            };
            let start = raw
                .start
                .as_ref()
                .and_then(Value::as_u64)
                .ok_or_else(|| needs("start"))?;
            let end = raw
                .end
                .as_ref()
                .and_then(Value::as_u64)
                .ok_or_else(|| needs("end"))?;
            if start > end {
                return Err((pointer.to_owned(), format!("start {start} is after end {end}")));
            }
            let as_offset = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
            target.position.get_or_insert((as_offset(start), as_offset(end)));
        }
        _ => {}
    }
    Ok(())
}

/// For each top-level annotation (by index), its replies oldest first; and the replies whose
/// thread is not in the file, with why they are skipped.
fn replies_by_thread(rows: &[Row]) -> (HashMap<usize, Vec<usize>>, HashMap<usize, String>) {
    let tops: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| !row.is_reply())
        .filter_map(|(i, row)| Some((row.id.as_deref()?, i)))
        .collect();
    let mut threads: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut lost = HashMap::new();
    for (i, row) in rows.iter().enumerate().filter(|(_, row)| row.is_reply()) {
        // References run from the thread's top to the direct parent.
        match row.references.iter().find_map(|r| tops.get(r.as_ref())) {
            Some(&top) => threads.entry(top).or_default().push(i),
            None => {
                let parent = row.references.last().map_or("", |r| r.as_ref());
                lost.insert(
                    i,
                    format!("a reply to annotation {parent}, which is not in the file"),
                );
            }
        }
    }
    for replies in threads.values_mut() {
        replies.sort_by_key(|&i| (rows[i].created, i));
    }
    (threads, lost)
}

/// The document an annotation belongs to: the one at its address, else the one chosen with
/// `--doc`; `None` when neither.
fn document_for(row: &Row, plan: &Plan) -> Result<Option<DocId>, String> {
    let addresses = row
        .uri
        .as_deref()
        .into_iter()
        .chain(row.targets.iter().filter_map(|t| t.source.as_deref()));
    for address in addresses {
        if let Some(doc_id) = plan.document_at(address) {
            return Ok(Some(doc_id));
        }
    }
    plan.given_document()
}

/// The note: the text opened by its author (unless the author is kept apart), then the tags that
/// are not the label, then the replies.
fn note_text(row: &Row, author: Option<&str>, other_tags: &[&str], replies: &[&Row]) -> String {
    let text = row.text.trim();
    let mut parts = Vec::new();
    match author {
        Some(author) if text.is_empty() => parts.push(author.to_owned()),
        Some(author) => parts.push(format!("{author}: {text}")),
        None if text.is_empty() => {}
        None => parts.push(text.to_owned()),
    }
    let tags: Vec<&str> = other_tags
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();
    if !tags.is_empty() {
        parts.push(format!("tags: {}", tags.join(", ")));
    }
    for reply in replies {
        let who = reply.user.as_deref().unwrap_or("someone");
        parts.push(format!("reply from {who}: {}", reply.text.trim()));
    }
    parts.join("\n\n")
}

/// The label an annotation's tags give, and the tags left for the note.
fn label_of<'v>(tags: &[&'v str], plan: &Plan) -> (String, Vec<&'v str>) {
    let tags: Vec<&str> = tags.iter().copied().filter(|t| !t.trim().is_empty()).collect();
    let named = tags
        .iter()
        .enumerate()
        .find_map(|(i, tag)| plan.existing_label(tag).map(|id| (i, id.to_string())));
    let (index, label) = match (named, tags.first()) {
        (Some(named), _) => named,
        (None, Some(first)) => (0, first.trim().to_owned()),
        (None, None) => {
            let first = plan.first_label().map(|(id, _)| id.to_string());
            return (first.unwrap_or_default(), Vec::new());
        }
    };
    let others = tags
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != index)
        .map(|(_, tag)| *tag)
        .collect();
    (label, others)
}

/// Plans one span per target that has a text selector.
fn plan_spans(row: &Row, doc_id: &DocId, thread: &[&Row], place: String, plan: &mut Plan) {
    let tags: Vec<&str> = row.tags.iter().map(AsRef::as_ref).collect();
    let (label, other_tags) = label_of(&tags, plan);
    let note = note_text(row, row.user.as_deref(), &other_tags, thread);
    let mut placed = false;
    for target in &row.targets {
        if target.quote.is_none() && target.position.is_none() {
            continue;
        }
        placed = true;
        plan.add(
            doc_id,
            Incoming {
                place: place.clone(),
                span: target.position,
                quote: target.quote.clone(),
                label: label.clone(),
                note: note.clone(),
                created: row.created,
                modified: row.updated.or(row.created),
                position_is_hint: true,
                ..Incoming::default()
            },
        );
    }
    if !placed {
        plan.skip(
            place,
            "no text quote or text position selector to place it by (only XPath ranges or other selectors)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The pointers of the rows a file gives, or the pointer of its problem.
    fn read(file: &Value) -> Result<Vec<String>, String> {
        let bytes = file.to_string();
        match read_rows(bytes.as_bytes()) {
            Ok(rows) => Ok(rows.into_iter().map(|row| row.pointer).collect()),
            Err(Unreadable::At((pointer, _))) => Err(pointer),
            Err(Unreadable::Json(error)) => panic!("{error}"),
        }
    }

    fn read_target(value: &Value, pointer: &str) -> Result<Target<'static>, Problem> {
        let raw = RawTarget::deserialize(value).expect("a target object");
        let target = target_of(raw, pointer)?;
        Ok(Target {
            source: target.source.map(|s| Cow::Owned(s.into_owned())),
            ..target
        })
    }

    #[test]
    fn selectors_by_case() {
        let quote = json!({"type": "TextQuoteSelector", "exact": "Niger", "prefix": "le ", "suffix": " et"});
        let position = json!({"type": "TextPositionSelector", "start": 26, "end": 31});
        let range = json!({"type": "RangeSelector", "startContainer": "/div[1]/p[2]", "startOffset": 0,
            "endContainer": "/div[1]/p[2]", "endOffset": 5});
        let niger = Some(Quote {
            exact: "Niger".into(),
            prefix: "le ".into(),
            suffix: " et".into(),
        });
        // (target, what is read)
        let cases = [
            (
                json!({"source": "https://x.org/a", "selector": [range.clone(), position.clone(), quote.clone()]}),
                Target {
                    source: Some("https://x.org/a".into()),
                    selectors: 3,
                    quote: niger.clone(),
                    position: Some((26, 31)),
                },
            ),
            (
                json!({"selector": [quote.clone()]}),
                Target {
                    selectors: 1,
                    quote: niger,
                    ..Target::default()
                },
            ),
            (
                json!({"source": "https://x.org/a", "selector": [range]}),
                Target {
                    source: Some("https://x.org/a".into()),
                    selectors: 1,
                    ..Target::default()
                },
            ),
            (
                json!({"source": "https://x.org/a"}),
                Target {
                    source: Some("https://x.org/a".into()),
                    ..Target::default()
                },
            ),
        ];
        for (target, expected) in cases {
            assert_eq!(read_target(&target, "/rows/0/target/0"), Ok(expected), "{target}");
        }
    }

    #[test]
    fn broken_annotations_name_their_place() {
        // (annotation, the JSON path of the problem)
        let cases = [
            (json!("a string"), "/rows/0"),
            (json!({"text": 3}), "/rows/0/text"),
            (json!({"tags": "claim"}), "/rows/0/tags"),
            (json!({"tags": ["claim", 2]}), "/rows/0/tags/1"),
            (json!({"created": "yesterday"}), "/rows/0/created"),
            (
                json!({"target": [{"selector": {"type": 5}}]}),
                "/rows/0/target/0/selector/type",
            ),
            (
                json!({"target": {"selector": {"type": "TextQuoteSelector"}}}),
                "/rows/0/target/selector/exact",
            ),
            (
                json!({"target": [{"selector": [{"exact": "x"}]}]}),
                "/rows/0/target/0/selector/0/type",
            ),
            (
                json!({"target": [{"selector": [{"type": "TextQuoteSelector"}]}]}),
                "/rows/0/target/0/selector/0/exact",
            ),
            (
                json!({"target": [{"selector": [{"type": "TextPositionSelector", "start": -1, "end": 3}]}]}),
                "/rows/0/target/0/selector/0/start",
            ),
            (
                json!({"target": [{"selector": [{"type": "TextPositionSelector", "start": 9, "end": 3}]}]}),
                "/rows/0/target/0/selector/0",
            ),
            (
                json!({"target": [{"selector": "x"}]}),
                "/rows/0/target/0/selector",
            ),
        ];
        for (value, expected) in cases {
            let file = json!({"rows": [value]});
            assert_eq!(read(&file), Err(expected.to_owned()), "{value}");
        }
    }

    #[test]
    fn shapes_of_a_file_by_case() {
        // (file, pointers of the annotations found, or the problem's path)
        let cases: [(Value, Result<Vec<&str>, &str>); 6] = [
            (
                json!({"total": 2, "rows": [{}, {}]}),
                Ok(vec!["/rows/0", "/rows/1"]),
            ),
            (json!([{}, {}]), Ok(vec!["/0", "/1"])),
            (
                json!({"id": "x", "uri": "https://x.org", "target": []}),
                Ok(vec![""]),
            ),
            (json!({"total": 0, "rows": []}), Ok(vec![])),
            (json!({"total": 2, "rows": {}}), Err("/rows")),
            (json!({"items": []}), Err("")),
        ];
        for (file, expected) in cases {
            let found = read(&file);
            let expected = expected
                .map(|p| p.into_iter().map(str::to_owned).collect::<Vec<_>>())
                .map_err(str::to_owned);
            assert_eq!(found, expected, "{file}");
        }
    }

    #[test]
    fn notes_by_case() {
        let reply = Row {
            user: Some("bob@hypothes.is".into()),
            text: " Agreed. ".into(),
            ..Row::default()
        };
        let top = Row {
            text: "Check the figure.".into(),
            ..Row::default()
        };
        let empty = Row::default();
        // (row, author, other tags, replies, note)
        type Case<'a> = (
            &'a Row<'a>,
            Option<&'a str>,
            &'a [&'a str],
            Vec<&'a Row<'a>>,
            &'a str,
        );
        let cases: [Case; 5] = [
            (&top, None, &[], vec![], "Check the figure."),
            (
                &top,
                Some("alice@hypothes.is"),
                &["to-check", " "],
                vec![],
                "alice@hypothes.is: Check the figure.\n\ntags: to-check",
            ),
            (
                &top,
                Some("alice@hypothes.is"),
                &[],
                vec![&reply],
                "alice@hypothes.is: Check the figure.\n\nreply from bob@hypothes.is: Agreed.",
            ),
            (
                &empty,
                Some("alice@hypothes.is"),
                &[],
                vec![],
                "alice@hypothes.is",
            ),
            (&empty, None, &["a", "b"], vec![], "tags: a, b"),
        ];
        for (row, author, tags, replies, expected) in cases {
            assert_eq!(note_text(row, author, tags, &replies), expected);
        }
    }
}
