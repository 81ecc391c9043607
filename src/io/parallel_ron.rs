//! Writing a project file's long lists (annotations, documents) on all cores: each item is one
//! line of the file (depth 2), so chunks of them are serialised apart and spliced into the rest,
//! byte for byte what one serialiser would have written.

use rayon::prelude::*;
use serde::Serialize;

/// Shorter lists than this are written in one piece: threads cost more than they save.
pub const PARALLEL_FROM: usize = 4_096;
/// Items per piece of work.
const CHUNK: usize = 2_048;

/// `without` (the file written with the list `name` empty) with `items` put in its place (an
/// empty list stays as it is); `None` when the empty list is not found exactly once (the caller
/// then writes the file in one piece).
pub fn splice<T: Serialize + Sync>(without: &str, name: &str, items: &[T]) -> Option<String> {
    if items.is_empty() {
        return Some(without.to_owned());
    }
    let empty = format!("\n    {name}: [],\n");
    let at = without.find(&empty)?;
    if without.rfind(&empty) != Some(at) {
        return None;
    }
    let pieces: Vec<String> = items.par_chunks(CHUNK).map(lines).collect::<Option<_>>()?;
    let mut text = String::with_capacity(without.len() + pieces.iter().map(String::len).sum::<usize>() + 32);
    text.push_str(&without[..at]);
    text.push_str(&format!("\n    {name}: [\n"));
    for piece in &pieces {
        text.push_str(piece);
    }
    text.push_str("    ],\n");
    text.push_str(&without[at + empty.len()..]);
    Some(text)
}

/// Each item as its line in the file: indented twice, written compactly, a comma after.
fn lines<T: Serialize>(items: &[T]) -> Option<String> {
    let mut out = String::new();
    for item in items {
        out.push_str("        ");
        out.push_str(&compact(item)?);
        out.push_str(",\n");
    }
    Some(out)
}

/// How the pretty serialiser writes a value deeper than its depth limit.
fn compact(value: &impl Serialize) -> Option<String> {
    let config = ron::ser::PrettyConfig::new()
        .new_line("\n")
        .indentor("    ")
        .struct_names(true)
        .depth_limit(0);
    ron::ser::to_string_pretty(value, config).ok()
}
