//! Reading a Hypothesis file into checked rows. The file is read straight into typed serde
//! structs that borrow its strings (a `serde_json::Value` tree of a large export costs several
//! times the file in memory); a file that does not fit is read once more with its JSON path
//! tracked (serde_path_to_error), to say where.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use jiff::Timestamp;
use rayon::prelude::*;
use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use crate::model::Quote;

/// A problem at a JSON path.
pub(super) type Problem = (String, String);

/// One annotation of the file, checked.
#[derive(Debug, Default)]
pub(super) struct Row<'v> {
    pub(super) pointer: String,
    pub(super) id: Option<Cow<'v, str>>,
    /// The account without `acct:`, e.g. `alice@hypothes.is`.
    pub(super) user: Option<String>,
    pub(super) uri: Option<Cow<'v, str>>,
    pub(super) text: Cow<'v, str>,
    pub(super) tags: Vec<Cow<'v, str>>,
    pub(super) references: Vec<Cow<'v, str>>,
    pub(super) created: Option<Timestamp>,
    pub(super) updated: Option<Timestamp>,
    pub(super) targets: Vec<Target<'v>>,
}

#[derive(Debug, Default, PartialEq)]
pub(super) struct Target<'v> {
    pub(super) source: Option<Cow<'v, str>>,
    /// How many selectors of any kind the target has.
    pub(super) selectors: usize,
    pub(super) quote: Option<Quote>,
    /// Start and end in UTF-16 code units of the page text.
    pub(super) position: Option<(usize, usize)>,
}

impl Row<'_> {
    pub(super) fn is_reply(&self) -> bool {
        !self.references.is_empty()
    }

    /// A page note: no target has a selector.
    pub(super) fn is_page_note(&self) -> bool {
        self.targets.iter().all(|t| t.selectors == 0)
    }
}

/// Why a file gives no rows.
pub(super) enum Unreadable {
    /// Not JSON at all.
    Json(serde_json::Error),
    /// JSON, but not of Hypothesis's shape.
    At(Problem),
}

/// The annotations of a file (a search response's rows, a list's items, or the one annotation),
/// each checked.
pub(super) fn read_rows(bytes: &[u8]) -> Result<Vec<Row<'_>>, Unreadable> {
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
}
