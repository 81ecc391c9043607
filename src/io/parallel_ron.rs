//! Writing a project file's annotations on all cores: each is one line of the file (depth 2), so
//! chunks of them are serialised apart and spliced into the rest, byte for byte what one
//! serialiser would have written.

use rayon::prelude::*;
use serde::Serialize;

use crate::model::Annotation;

/// Fewer annotations than this are written in one piece: threads cost more than they save.
pub const PARALLEL_FROM: usize = 4_096;
/// Annotations per piece of work.
const CHUNK: usize = 2_048;
/// What the file holds where the annotations go when it is written without them.
const EMPTY_LIST: &str = "\n    annotations: [],\n";

/// `without` (the file written with no annotations) with `annotations` put in their place; `None`
/// when the empty list is not found exactly once (the caller then writes the file in one piece).
pub fn splice(without: &str, annotations: &[Annotation]) -> Option<String> {
    let at = without.find(EMPTY_LIST)?;
    if without.rfind(EMPTY_LIST) != Some(at) {
        return None;
    }
    let pieces: Vec<String> = annotations.par_chunks(CHUNK).map(lines).collect::<Option<_>>()?;
    let mut text = String::with_capacity(without.len() + pieces.iter().map(String::len).sum::<usize>() + 32);
    text.push_str(&without[..at]);
    text.push_str("\n    annotations: [\n");
    for piece in &pieces {
        text.push_str(piece);
    }
    text.push_str("    ],\n");
    text.push_str(&without[at + EMPTY_LIST.len()..]);
    Some(text)
}

/// Each annotation as its line in the file: indented twice, written compactly, a comma after.
fn lines(annotations: &[Annotation]) -> Option<String> {
    let mut out = String::new();
    for annotation in annotations {
        out.push_str("        ");
        out.push_str(&compact(annotation)?);
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
