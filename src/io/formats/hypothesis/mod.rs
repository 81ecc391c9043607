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

use super::FormatError;
use super::incoming::{Incoming, Plan};
use crate::model::{DocId, DocNote};

mod read;
use read::{Row, Unreadable, read_rows};

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
fn document_for(row: &Row, plan: &mut Plan) -> Result<Option<DocId>, String> {
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
