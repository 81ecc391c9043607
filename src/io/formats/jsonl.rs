//! doccano / spaCy / Prodigy JSONL: one record per document, `{"text": …, "label": [[start, end,
//! "claim"], …]}`. Offsets count code points by default; doccano counts UTF-16 code units, so
//! the unit is a choice (`--offsets`).
//!
//! Import also reads the other shapes these tools write: doccano's `entities` with
//! `start_offset`/`end_offset`, spaCy/Prodigy `spans` objects, doccano's configurable
//! `column_data`/`column_label`, and pretty-printed records spread over several lines.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::incoming::{Incoming, Plan};
use super::offsets::{OffsetUnit, UnitMap};
use super::{FormatError, Rendered, left_out_orphan};
use crate::model::Project;

#[derive(Serialize)]
struct Record<'a> {
    text: &'a str,
    label: Vec<(usize, usize, &'a str)>,
}

pub fn export(project: &Project, unit: OffsetUnit) -> Rendered {
    let mut rendered = Rendered::default();
    for document in project.documents() {
        let text = document.text.as_str();
        let map = UnitMap::new(text, unit);
        let mut label = Vec::new();
        for annotation in project.annotations_of(&document.id) {
            if annotation.orphaned {
                rendered.left_out.push(left_out_orphan(annotation));
                continue;
            }
            label.push((
                map.to_unit(annotation.start),
                map.to_unit(annotation.end),
                annotation.label.as_str(),
            ));
        }
        rendered.annotations += label.len();
        serde_json::to_writer(&mut rendered.bytes, &Record { text, label })
            .expect("writing JSON to memory cannot fail");
        rendered.bytes.push(b'\n');
    }
    rendered
}

const TEXT_KEYS: [&str; 3] = ["text", "data", "column_data"];
const SPAN_KEYS: [&str; 5] = ["label", "labels", "column_label", "spans", "entities"];

pub fn import(bytes: &[u8], path: &Path, plan: &mut Plan) -> Result<(), FormatError> {
    let text = std::str::from_utf8(bytes).map_err(|error| {
        FormatError::new(
            path,
            None,
            format!(
                "is not UTF-8 text (invalid byte at offset {})",
                error.valid_up_to()
            ),
        )
    })?;
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    // Read every record first: a broken line refuses the whole file.
    let mut records = Vec::new();
    let mut stream = serde_json::Deserializer::from_str(text).into_iter::<Value>();
    // Lines are counted on from the last record, not from the top for each one.
    let (mut counted_to, mut line) = (0, 1);
    loop {
        let start = stream.byte_offset();
        let Some(record) = stream.next() else { break };
        let record = record.map_err(|error| FormatError::json(path, &error))?;
        let skipped_blank = text[start..].len() - text[start..].trim_start().len();
        let record_start = start + skipped_blank;
        line += memchr::memchr_iter(b'\n', &text.as_bytes()[counted_to..record_start]).count();
        counted_to = record_start;
        let spans =
            spans_of(&record).map_err(|message| FormatError::new(path, Some(line.to_string()), message))?;
        records.push((line, record, spans));
    }
    if records.is_empty() {
        return Err(FormatError::new(path, None, "has no JSON records"));
    }
    let mut relations = 0;
    plan.reserve(
        records
            .iter()
            .map(|(_, _, spans)| spans.as_ref().map_or(0, Vec::len))
            .sum(),
    );
    for (line, record, spans) in records {
        let place = format!("{file}:{line}");
        relations += record
            .get("relations")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if let Some(answer @ ("reject" | "ignore")) = record.get("answer").and_then(Value::as_str) {
            plan.skip(place, format!("the record's answer is {answer:?}"));
            continue;
        }
        let Some(text) = TEXT_KEYS
            .iter()
            .find_map(|key| record.get(*key).and_then(Value::as_str))
        else {
            plan.skip(place, "the record has no \"text\"");
            continue;
        };
        let Some(spans) = spans else {
            plan.skip(
                place,
                "the record's labels are for the whole text (classification), not spans",
            );
            continue;
        };
        if spans.is_empty() {
            continue;
        }
        let title = record
            .pointer("/meta/title")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .or_else(|| crate::io::import::first_line_title(text))
            .unwrap_or_else(|| "Untitled".into());
        let doc_id = plan.document_for_text(&title, text, path, "jsonl");
        for (start, end, label) in spans {
            let incoming = Incoming {
                place: place.clone(),
                span: Some((start, end)),
                label,
                ..Incoming::default()
            };
            plan.add(&doc_id, incoming);
        }
    }
    if relations > 0 {
        plan.not_supported(format!("{file}: {relations} relation(s)"));
    }
    Ok(())
}

/// The record's spans, `None` when its labels are not spans; an error for a malformed span.
#[allow(clippy::type_complexity)]
fn spans_of(record: &Value) -> Result<Option<Vec<(usize, usize, String)>>, String> {
    if !record.is_object() {
        return Err("a record must be a JSON object".into());
    }
    let Some((key, items)) = SPAN_KEYS
        .iter()
        .find_map(|key| record.get(*key).map(|value| (key, value)))
    else {
        return Ok(Some(Vec::new()));
    };
    let items = items
        .as_array()
        .ok_or_else(|| format!("\"{key}\" must be an array"))?;
    if items.iter().any(Value::is_string) {
        return Ok(None);
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| span(item).ok_or_else(|| format!("\"{key}\"[{i}] is not [start, end, \"label\"] or {{\"start\", \"end\", \"label\"}}: {item}")))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

fn span(item: &Value) -> Option<(usize, usize, String)> {
    let number = |value: Option<&Value>| value?.as_u64().map(|n| n as usize);
    match item {
        Value::Array(parts) if parts.len() == 3 => Some((
            number(parts.first())?,
            number(parts.get(1))?,
            parts[2].as_str()?.to_owned(),
        )),
        Value::Object(fields) => Some((
            number(fields.get("start").or_else(|| fields.get("start_offset")))?,
            number(fields.get("end").or_else(|| fields.get("end_offset")))?,
            fields.get("label")?.as_str()?.to_owned(),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn span_shapes_by_case() {
        let cases = [
            (
                json!({"text": "ab", "label": [[0, 2, "ORG"]]}),
                Ok(Some(vec![(0, 2, "ORG".to_owned())])),
            ),
            (
                json!({"text": "ab", "spans": [{"start": 0, "end": 1, "label": "X", "token_start": 0}]}),
                Ok(Some(vec![(0, 1, "X".to_owned())])),
            ),
            (
                json!({"text": "ab", "entities": [{"id": 0, "start_offset": 1, "end_offset": 2, "label": "Y"}]}),
                Ok(Some(vec![(1, 2, "Y".to_owned())])),
            ),
            (json!({"text": "ab", "label": ["positive"]}), Ok(None)),
            (json!({"text": "ab"}), Ok(Some(vec![]))),
            (json!({"text": "ab", "label": [[0, "two", "X"]]}), Err(())),
            (json!({"text": "ab", "label": [[-1, 2, "X"]]}), Err(())),
            (json!({"text": "ab", "label": "ORG"}), Err(())),
            (json!([1, 2]), Err(())),
        ];
        for (record, expected) in cases {
            assert_eq!(spans_of(&record).map_err(drop), expected, "{record}");
        }
    }
}
