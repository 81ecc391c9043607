//! Writing a project file's long lists (annotations, documents) on all cores: each item is one
//! line of the file (depth 2), so chunks of them are serialised apart and spliced into the rest,
//! byte for byte what one serialiser would have written. The pieces are written one after the
//! other and never joined: saving a 50 MB project does not hold its text twice.

use std::io::{self, Write};

use rayon::prelude::*;
use serde::Serialize;

/// Shorter lists than this are written in one piece: threads cost more than they save.
pub const PARALLEL_FROM: usize = 4_096;
/// Items per piece of work.
const CHUNK: usize = 2_048;

/// A file's text as pieces in order.
pub struct Pieces(Vec<String>);

impl Pieces {
    pub fn write_to(&self, out: &mut impl Write) -> io::Result<()> {
        self.0
            .iter()
            .try_for_each(|piece| out.write_all(piece.as_bytes()))
    }

    pub fn into_string(self) -> String {
        self.0.concat()
    }
}

/// One list's lines, written on all cores: what [`splice`] puts in place of the empty list `name`.
pub struct List {
    name: &'static str,
    lines: Vec<String>,
}

/// The lines of `items` for the list `name`; `None` if one of them cannot be written.
pub fn list<T: Serialize + Sync>(name: &'static str, items: &[T]) -> Option<List> {
    let lines = items.par_chunks(CHUNK).map(lines).collect::<Option<_>>()?;
    Some(List { name, lines })
}

/// `without` (the file written with these lists empty) with each list's lines put in its place
/// (an empty list stays as it is); `None` when an empty list is not found exactly once (the
/// caller then writes the file in one piece).
pub fn splice(without: &str, lists: Vec<List>) -> Option<Pieces> {
    // Each list's line, from its indent to its line break: the line break before it belongs to
    // the line before (which may be another list's).
    let mut places = Vec::with_capacity(lists.len());
    for list in lists.into_iter().filter(|list| !list.lines.is_empty()) {
        let empty = format!("\n    {}: [],\n", list.name);
        let at = without.find(&empty)?;
        if without.rfind(&empty) != Some(at) {
            return None;
        }
        places.push((at + 1..at + empty.len(), list));
    }
    places.sort_by_key(|(line, _)| line.start);
    let mut pieces = Vec::new();
    let mut written_to = 0;
    for (line, list) in places {
        pieces.push(format!(
            "{}    {}: [\n",
            &without[written_to..line.start],
            list.name
        ));
        pieces.extend(list.lines);
        pieces.push("    ],\n".to_owned());
        written_to = line.end;
    }
    pieces.push(without[written_to..].to_owned());
    Some(Pieces(pieces))
}

/// Each item as its line in the file: indented twice, written compactly, a comma after.
fn lines<T: Serialize>(items: &[T]) -> Option<String> {
    let config = ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(true)
        .depth_limit(0);
    let options = ron::Options::default();
    let mut out = String::new();
    for item in items {
        out.push_str("        ");
        options.to_writer_pretty(&mut out, item, config.clone()).ok()?;
        out.push_str(",\n");
    }
    Some(out)
}
