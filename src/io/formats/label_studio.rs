//! Label Studio JSON (an export, or a single task): each task's text and its `labels` results.
//! Offsets count code points (Label Studio since 2021); older exports counted UTF-16 code units,
//! which `--offsets utf16` reads. Each result's `text` is its quote, so stale offsets are
//! re-anchored, or kept as orphaned when the quote is not in the text.

use std::path::Path;

use serde_json::{Map, Value};

use super::FormatError;
use super::incoming::{Incoming, Plan};
use crate::model::{DocId, Quote};

pub fn import(bytes: &[u8], path: &Path, plan: &mut Plan) -> Result<(), FormatError> {
    let root: Value = serde_json::from_slice(bytes).map_err(|e| FormatError::json(path, &e))?;
    let tasks: Vec<&Value> = match &root {
        Value::Array(tasks) => tasks.iter().collect(),
        Value::Object(_) => vec![&root],
        _ => {
            return Err(FormatError::new(
                path,
                None,
                "expected a task object or an array of tasks",
            ));
        }
    };
    for (index, task) in tasks.iter().enumerate() {
        let pointer = if root.is_array() {
            format!("/{index}")
        } else {
            String::new()
        };
        if !task.get("data").is_some_and(Value::is_object) {
            return Err(FormatError::new(
                path,
                Some(format!("{pointer}/data")),
                "a task needs a \"data\" object holding its text",
            ));
        }
    }
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    for (index, task) in tasks.into_iter().enumerate() {
        let task_name = task
            .get("id")
            .map_or_else(|| format!("task {}", index + 1), |id| format!("task {id}"));
        let place = format!("{file} {task_name}");
        let data = task["data"].as_object().expect("checked above");
        // The document of each text of the task, found once: finding it hashes the whole text,
        // and a task may carry 100 000 results on one long text.
        let mut documents: Vec<(&str, DocId)> = Vec::new();
        for (result_index, result) in results(task).into_iter().enumerate() {
            let place = format!("{place} result {}", result_index + 1);
            let kind = result.get("type").and_then(Value::as_str).unwrap_or_default();
            if kind != "labels" {
                plan.skip(
                    place,
                    format!("a {kind:?} result is not a text span (only \"labels\" results are)"),
                );
                continue;
            }
            let Some(text) = task_text(data, result) else {
                plan.skip(place, "cannot tell which text of the task's data it labels");
                continue;
            };
            let known = documents.iter().find(|(seen, _)| std::ptr::eq(*seen, text));
            let doc_id = match known {
                Some((_, doc_id)) => doc_id.clone(),
                None => {
                    let title =
                        crate::io::import::first_line_title(text).unwrap_or_else(|| task_name.clone());
                    let doc_id = plan.document_for_text(&title, text, path, "label-studio");
                    documents.push((text, doc_id.clone()));
                    doc_id
                }
            };
            let value = &result["value"];
            let number = |key: &str| value.get(key).and_then(Value::as_u64).map(|n| n as usize);
            let quote = value.get("text").and_then(Value::as_str).map(|exact| Quote {
                exact: exact.to_owned(),
                ..Quote::default()
            });
            let labels: Vec<&str> = value
                .get("labels")
                .and_then(Value::as_array)
                .map(|all| all.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if labels.is_empty() {
                plan.skip(place, "the result has no label");
                continue;
            }
            for label in labels {
                let incoming = Incoming {
                    place: place.clone(),
                    span: number("start").zip(number("end")),
                    quote: quote.clone(),
                    label: label.to_owned(),
                    ..Incoming::default()
                };
                plan.add(&doc_id, incoming);
            }
        }
    }
    Ok(())
}

/// All results of a task: its annotations', then its predictions' (and the old `completions`).
fn results(task: &Value) -> Vec<&Value> {
    ["annotations", "completions", "predictions"]
        .iter()
        .filter_map(|key| task.get(*key).and_then(Value::as_array))
        .flatten()
        .filter_map(|annotation| annotation.get("result").and_then(Value::as_array))
        .flatten()
        .collect()
}

/// The text a result's offsets count in: the data field its `source` names (`$text`), else the
/// task's only text field.
fn task_text<'t>(data: &'t Map<String, Value>, result: &Value) -> Option<&'t str> {
    let named = result
        .get("source")
        .and_then(Value::as_str)
        .and_then(|source| source.strip_prefix('$'))
        .and_then(|key| data.get(key))
        .and_then(Value::as_str);
    named.or_else(|| {
        let mut texts = data.values().filter_map(Value::as_str);
        match (texts.next(), texts.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    })
}
