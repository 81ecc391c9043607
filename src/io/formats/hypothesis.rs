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

use std::collections::HashMap;
use std::path::Path;

use jiff::Timestamp;
use rayon::prelude::*;
use serde_json::{Map, Value};

use super::FormatError;
use super::incoming::{Incoming, Plan};
use crate::model::{DocId, DocNote, Quote};

/// A problem at a JSON path.
type Problem = (String, String);

/// One annotation of the file, checked.
#[derive(Debug, Default)]
struct Row<'v> {
    pointer: String,
    id: Option<&'v str>,
    /// The account without `acct:`, e.g. `alice@hypothes.is`.
    user: Option<String>,
    uri: Option<&'v str>,
    text: &'v str,
    tags: Vec<&'v str>,
    references: Vec<&'v str>,
    created: Option<Timestamp>,
    updated: Option<Timestamp>,
    targets: Vec<Target<'v>>,
}

#[derive(Debug, Default, PartialEq)]
struct Target<'v> {
    source: Option<&'v str>,
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
    let root: Value = serde_json::from_slice(bytes).map_err(|e| FormatError::json(path, &e))?;
    let refuse = |problem: Problem| FormatError::at_pointer(path, problem);
    // Rows are read on all cores; the first one in the file that is wrong is the one reported.
    let rows: Vec<Result<Row, Problem>> = rows_in(&root)
        .map_err(refuse)?
        .into_par_iter()
        .map(|(pointer, value)| read_row(value, pointer))
        .collect();
    let rows = rows
        .into_iter()
        .collect::<Result<Vec<Row>, Problem>>()
        .map_err(refuse)?;
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
            let address = row.uri.or_else(|| row.targets.iter().find_map(|t| t.source));
            plan.skip(place(row), no_document(address));
            for reply in thread {
                let reason = format!("a reply to {}, which is skipped", row.pointer);
                plan.skip(place(reply), reason);
            }
            continue;
        };
        if row.is_page_note() {
            let note = DocNote {
                author: row.user.clone(),
                text: note_text(row, None, &row.tags, &thread),
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

/// The annotations of a file: a search response's rows, a list's items, or the one annotation.
fn rows_in(root: &Value) -> Result<Vec<(String, &Value)>, Problem> {
    let items = match root {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| (format!("/{i}"), v))
            .collect(),
        Value::Object(object) => match object.get("rows") {
            Some(Value::Array(rows)) => rows
                .iter()
                .enumerate()
                .map(|(i, v)| (format!("/rows/{i}"), v))
                .collect(),
            Some(_) => return Err(("/rows".into(), "rows must be an array of annotations".into())),
            None if object.contains_key("target") || object.contains_key("uri") => {
                vec![(String::new(), root)]
            }
            None => {
                return Err((
                    String::new(),
                    "expected a Hypothesis search response ({\"total\": …, \"rows\": […]}) or a list of annotations".into(),
                ));
            }
        },
        _ => {
            return Err((
                String::new(),
                "expected a Hypothesis search response or a list of annotations".into(),
            ));
        }
    };
    Ok(items)
}

/// Checks one annotation's shape and reads what is used of it.
fn read_row(value: &Value, pointer: String) -> Result<Row<'_>, Problem> {
    let object = value
        .as_object()
        .ok_or_else(|| (pointer.clone(), "an annotation must be a JSON object".to_owned()))?;
    let at = |key: &str| format!("{pointer}/{key}");
    let string = |key: &str| optional_string(object, key, &at(key));
    let time = |key: &str| -> Result<Option<Timestamp>, Problem> {
        string(key)?
            .map(|text| {
                text.parse::<Timestamp>().map_err(|_| {
                    (
                        at(key),
                        format!("{key} must be a date-time with a time zone, e.g. 2026-03-01T12:00:00.000000+00:00"),
                    )
                })
            })
            .transpose()
    };
    let user = string("user")?.map(|user| user.strip_prefix("acct:").unwrap_or(user).to_owned());
    let targets = match object.get("target") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(all)) => all
            .iter()
            .enumerate()
            .map(|(i, target)| read_target(target, &format!("{pointer}/target/{i}")))
            .collect::<Result<_, _>>()?,
        Some(one) => vec![read_target(one, &at("target"))?],
    };
    Ok(Row {
        id: string("id")?,
        user,
        uri: string("uri")?,
        text: string("text")?.unwrap_or_default(),
        tags: strings(object, "tags", &at("tags"))?,
        references: strings(object, "references", &at("references"))?,
        created: time("created")?,
        updated: time("updated")?,
        targets,
        pointer,
    })
}

fn optional_string<'v>(
    object: &'v Map<String, Value>,
    key: &str,
    pointer: &str,
) -> Result<Option<&'v str>, Problem> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(_) => Err((pointer.to_owned(), format!("{key} must be a string"))),
    }
}

fn strings<'v>(object: &'v Map<String, Value>, key: &str, pointer: &str) -> Result<Vec<&'v str>, Problem> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(Value::Array(all)) => all
            .iter()
            .enumerate()
            .map(|(i, item)| {
                item.as_str().ok_or_else(|| {
                    (
                        format!("{pointer}/{i}"),
                        format!("each of {key} must be a string"),
                    )
                })
            })
            .collect(),
        Some(_) => Err((pointer.to_owned(), format!("{key} must be an array of strings"))),
    }
}

fn read_target<'v>(value: &'v Value, pointer: &str) -> Result<Target<'v>, Problem> {
    let object = value
        .as_object()
        .ok_or_else(|| (pointer.to_owned(), "a target must be a JSON object".to_owned()))?;
    let mut target = Target {
        source: optional_string(object, "source", &format!("{pointer}/source"))?,
        ..Target::default()
    };
    let selectors = match object.get("selector") {
        None | Some(Value::Null) => return Ok(target),
        Some(Value::Array(all)) => all.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        Some(_) => {
            return Err((
                format!("{pointer}/selector"),
                "selector must be an array of selector objects".into(),
            ));
        }
    };
    target.selectors = selectors.len();
    for (i, selector) in selectors.into_iter().enumerate() {
        let at = format!("{pointer}/selector/{i}");
        read_selector(selector, &at, &mut target)?;
    }
    Ok(target)
}

/// Reads a TextQuoteSelector or TextPositionSelector into `target`; other kinds are checked to be
/// objects with a type and otherwise passed over.
fn read_selector(value: &Value, pointer: &str, target: &mut Target) -> Result<(), Problem> {
    let object = value
        .as_object()
        .ok_or_else(|| (pointer.to_owned(), "a selector must be a JSON object".to_owned()))?;
    let kind = optional_string(object, "type", &format!("{pointer}/type"))?
        .ok_or_else(|| (format!("{pointer}/type"), "a selector needs a type".to_owned()))?;
    let text = |key: &str| optional_string(object, key, &format!("{pointer}/{key}"));
    match kind {
        "TextQuoteSelector" => {
            let exact = text("exact")?.ok_or_else(|| {
                (
                    format!("{pointer}/exact"),
                    "a TextQuoteSelector needs its exact text".to_owned(),
                )
            })?;
            target.quote.get_or_insert(Quote {
                exact: exact.to_owned(),
                prefix: text("prefix")?.unwrap_or_default().to_owned(),
                suffix: text("suffix")?.unwrap_or_default().to_owned(),
            });
        }
        "TextPositionSelector" => {
            let number = |key: &str| {
                object.get(key).and_then(Value::as_u64).ok_or_else(|| {
                    (
                        format!("{pointer}/{key}"),
                        format!("a TextPositionSelector needs a non-negative integer {key}"),
                    )
                })
            };
            let (start, end) = (number("start")?, number("end")?);
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
        .filter_map(|(i, row)| Some((row.id?, i)))
        .collect();
    let mut threads: HashMap<usize, Vec<usize>> = HashMap::new();
    let mut lost = HashMap::new();
    for (i, row) in rows.iter().enumerate().filter(|(_, row)| row.is_reply()) {
        // References run from the thread's top to the direct parent.
        match row.references.iter().find_map(|r| tops.get(r)) {
            Some(&top) => threads.entry(top).or_default().push(i),
            None => {
                let parent = row.references.last().copied().unwrap_or_default();
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
        .into_iter()
        .chain(row.targets.iter().filter_map(|t| t.source));
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
    let (label, other_tags) = label_of(&row.tags, plan);
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

    fn row(value: &Value) -> Result<Row<'_>, Problem> {
        read_row(value, "/rows/0".into())
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
                    source: Some("https://x.org/a"),
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
                    source: Some("https://x.org/a"),
                    selectors: 1,
                    ..Target::default()
                },
            ),
            (
                json!({"source": "https://x.org/a"}),
                Target {
                    source: Some("https://x.org/a"),
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
                "/rows/0/target/0/selector/0/type",
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
            let (pointer, _) = row(&value).expect_err(&value.to_string());
            assert_eq!(pointer, expected, "{value}");
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
            let found = rows_in(&file)
                .map(|rows| rows.into_iter().map(|(p, _)| p).collect::<Vec<_>>())
                .map_err(|(pointer, _)| pointer);
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
            text: " Agreed. ",
            ..Row::default()
        };
        let top = Row {
            text: "Check the figure.",
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
