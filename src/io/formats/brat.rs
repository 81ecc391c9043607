//! brat standoff: a folder with each document's `.txt` and `.ann` (T lines for spans, `#`
//! AnnotatorNotes for notes), plus `annotation.conf` and `visual.conf` carrying the label set and
//! colours, so the folder opens in brat as it is. Offsets are code points, end exclusive.
//!
//! brat keeps a span on one line: a span that crosses line breaks is written as fragments
//! (`T1 claim 0 5;6 11`) split at the breaks, and read back as one span when only line breaks and
//! spaces lie between its fragments.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::incoming::{Incoming, Plan};
use super::{ExportSummary, FormatError, left_out_orphan};
use crate::model::{Annotation, CharRange, Color, Document, IndexedText, Project};

// ----- export -----

/// The files of the export, by name, in memory.
pub fn export_files(project: &Project) -> (Vec<(String, String)>, usize, Vec<String>) {
    let mut files = Vec::new();
    let mut exported = 0;
    let mut left_out = Vec::new();
    let mut stems = Vec::new();
    for (index, document) in project.documents().iter().enumerate() {
        let stem = file_stem(index, document);
        stems.push(stem.clone());
        let mut ann = String::new();
        let mut numbers = std::collections::HashMap::new();
        for annotation in project.annotations_of(&document.id) {
            if annotation.orphaned {
                left_out.push(left_out_orphan(annotation));
                continue;
            }
            let number = numbers.len() + 1;
            numbers.insert(&annotation.id, number);
            exported += 1;
            write_annotation(&mut ann, number, annotation, &document.text);
        }
        let mut relation = 0;
        for link in project.links() {
            let ends = (numbers.get(&link.from), numbers.get(&link.to));
            if let (Some(from), Some(to)) = ends {
                relation += 1;
                let kind = type_name(&link.kind);
                let _ = writeln!(ann, "R{relation}\t{kind} Arg1:T{from} Arg2:T{to}\t");
            } else if numbers.contains_key(&link.from) {
                left_out.push(format!(
                    "link {} ({}) joins two documents, which brat cannot show",
                    link.id, link.kind
                ));
            }
        }
        files.push((format!("{stem}.txt"), document.text.as_str().to_owned()));
        files.push((format!("{stem}.ann"), ann));
    }
    files.push(("annotation.conf".into(), annotation_conf(project)));
    files.push(("visual.conf".into(), visual_conf(project)));
    (files, exported, left_out)
}

/// Writes the export into the folder `out` (created if needed).
pub fn export_folder(project: &Project, out: &Path) -> Result<ExportSummary, FormatError> {
    std::fs::create_dir_all(out).map_err(|error| FormatError::io(out, &error))?;
    let (files, annotations, left_out) = export_files(project);
    let mut written = Vec::new();
    for (name, contents) in files {
        let path = out.join(name);
        crate::io::project_file::write_bytes_atomically(contents.as_bytes(), &path, false)
            .map_err(|error| FormatError::io(&path, &error))?;
        written.push(path);
    }
    Ok(ExportSummary {
        annotations,
        files: written,
        left_out,
        warnings: Vec::new(),
    })
}

/// `001-niger-russie`: the position keeps files in project order, the title makes them findable.
/// Accents are dropped and other non-ASCII letters left out, so the names travel in any zip.
fn file_stem(index: usize, document: &Document) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut slug = String::new();
    let plain = document
        .title
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c));
    for c in plain.flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.chars().count() >= 40 {
            break;
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        format!("{:03}", index + 1)
    } else {
        format!("{:03}-{slug}", index + 1)
    }
}

/// A brat type name: brat splits lines on white space, so a label id keeps only safe characters.
pub fn type_name(label_id: &str) -> String {
    label_id
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn write_annotation(ann: &mut String, number: usize, annotation: &Annotation, text: &IndexedText) {
    let fragments = line_fragments(text, annotation.range());
    let offsets: Vec<String> = fragments
        .iter()
        .map(|r| format!("{} {}", r.start, r.end))
        .collect();
    let quote: Vec<&str> = fragments.iter().filter_map(|r| text.slice(*r)).collect();
    let _ = writeln!(
        ann,
        "T{number}\t{} {}\t{}",
        type_name(annotation.label.as_str()),
        offsets.join(";"),
        quote.join(" ")
    );
    // One AnnotatorNotes line per line of the note: brat has no way to escape a line break.
    for line in annotation
        .note
        .split('\n')
        .filter(|_| !annotation.note.is_empty())
    {
        let _ = writeln!(ann, "#{number}\tAnnotatorNotes T{number}\t{line}");
    }
}

/// The parts of `range` between line breaks (`\n` and `\r`), never empty.
fn line_fragments(text: &IndexedText, range: CharRange) -> Vec<CharRange> {
    let Some(quote) = text.slice(range) else {
        return vec![range];
    };
    let mut fragments = Vec::new();
    let mut start = range.start;
    for (offset, c) in quote.chars().enumerate() {
        let position = range.start + offset;
        if c == '\n' || c == '\r' {
            if position > start {
                fragments.push(CharRange::new(start, position));
            }
            start = position + 1;
        }
    }
    if range.end > start {
        fragments.push(CharRange::new(start, range.end));
    }
    if fragments.is_empty() {
        fragments.push(range);
    }
    fragments
}

fn annotation_conf(project: &Project) -> String {
    let mut conf = String::from("# Written by Marginalia: the project's labels.\n[entities]\n");
    for label in project.labels() {
        let _ = writeln!(conf, "{}", type_name(label.id.as_str()));
    }
    conf.push_str("\n[relations]\n");
    for kind in &project.settings.link_types {
        let _ = writeln!(conf, "{}\tArg1:<ENTITY>, Arg2:<ENTITY>", type_name(kind));
    }
    conf.push_str("\n[events]\n\n[attributes]\n");
    conf
}

fn visual_conf(project: &Project) -> String {
    let mut conf = String::from("# Written by Marginalia: label names and colours.\n[labels]\n");
    for label in project.labels() {
        // `|` separates brat's name variants; a name cannot contain one.
        let _ = writeln!(
            conf,
            "{} | {}",
            type_name(label.id.as_str()),
            label.name.replace('|', "/")
        );
    }
    for kind in &project.settings.link_types {
        let _ = writeln!(conf, "{} | {}", type_name(kind), kind.replace('|', "/"));
    }
    conf.push_str("\n[drawing]\n");
    for label in project.labels() {
        let _ = writeln!(conf, "{}\tbgColor:{}", type_name(label.id.as_str()), label.color);
    }
    conf
}

// ----- import -----

/// Imports one `.ann` file, or every `.ann` file of a folder. Each goes to the document with
/// the text of the `.txt` beside it (a new one if the project has none), or to `--doc`.
pub fn import(path: &Path, plan: &mut Plan) -> Result<(), FormatError> {
    let files = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|error| FormatError::io(path, &error))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "ann"))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(FormatError::new(path, None, "the folder has no .ann file"));
        }
        files
    } else {
        vec![path.to_owned()]
    };
    if let Some(folder) = files[0].parent() {
        read_visual_conf(&folder.join("visual.conf"), plan);
    }
    for file in files {
        import_file(&file, plan)?;
    }
    Ok(())
}

fn read_utf8(path: &Path) -> Result<String, FormatError> {
    let bytes = super::read(path)?;
    String::from_utf8(bytes).map_err(|error| {
        FormatError::new(
            path,
            None,
            format!(
                "is not UTF-8 text (invalid byte at offset {})",
                error.utf8_error().valid_up_to()
            ),
        )
    })
}

fn import_file(path: &Path, plan: &mut Plan) -> Result<(), FormatError> {
    let ann = read_utf8(path)?;
    let parsed =
        parse(&ann).map_err(|(line, message)| FormatError::new(path, Some(line.to_string()), message))?;
    let txt = path.with_extension("txt");
    let doc_id = if txt.exists() {
        let text = read_utf8(&txt)?;
        let title = crate::io::import::first_line_title(&text).unwrap_or_else(|| stem_of(path));
        plan.document_for_text(&title, &text, &txt, "brat")
    } else {
        plan.chosen_document().map_err(|message| {
            FormatError::new(path, None, format!("{message} (no {} beside it)", txt.display()))
        })?
    };
    let file = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let unsupported = parsed.unsupported_counts();
    for (line, kind, from, to) in &parsed.relations {
        let kind = plan
            .label_hint_name(kind)
            .unwrap_or_else(|| kind.replace('_', " "));
        plan.add_link(
            format!("{file}:{line}"),
            format!("{file}#{from}"),
            format!("{file}#{to}"),
            kind,
        );
    }
    plan.reserve(parsed.spans.len());
    for span in parsed.spans {
        let place = format!("{file}:{}", span.line);
        let note = parsed
            .notes
            .get(&span.id)
            .map(|lines| lines.join("\n"))
            .unwrap_or_default();
        for (range, quote) in span.pieces(plan, &doc_id, &place) {
            plan.add(
                &doc_id,
                Incoming {
                    place: place.clone(),
                    span: Some((range.start, range.end)),
                    quote,
                    label: span.kind.clone(),
                    note: note.clone(),
                    key: Some(format!("{file}#{}", span.id)),
                    ..Incoming::default()
                },
            );
        }
    }
    if !unsupported.is_empty() {
        plan.not_supported(format!("{file}: {unsupported}"));
    }
    Ok(())
}

fn stem_of(path: &Path) -> String {
    path.file_stem()
        .map_or_else(|| "brat document".into(), |s| s.to_string_lossy().into_owned())
}

/// A T line.
#[derive(Debug, PartialEq)]
struct Span {
    line: usize,
    id: String,
    kind: String,
    fragments: Vec<CharRange>,
    text: String,
}

impl Span {
    /// One span when its fragments are separated by white space only (how brat writes a span
    /// across lines), else one span per fragment with a warning.
    fn pieces(
        &self,
        plan: &mut Plan,
        doc_id: &crate::model::DocId,
        place: &str,
    ) -> Vec<(CharRange, Option<crate::model::Quote>)> {
        let quote = |text: &str| {
            Some(crate::model::Quote {
                exact: text.to_owned(),
                ..Default::default()
            })
        };
        if let [only] = self.fragments.as_slice() {
            return vec![(*only, quote(&self.text))];
        }
        let first = self.fragments[0];
        let last = self.fragments[self.fragments.len() - 1];
        let whole = CharRange::new(first.start, last.end);
        if plan.gaps_are_blank(doc_id, &self.fragments) {
            return vec![(whole, None)];
        }
        plan.not_supported(format!(
            "{place}: {} has {} discontinuous fragments; imported as separate annotations",
            self.id,
            self.fragments.len()
        ));
        self.fragments.iter().map(|f| (*f, None)).collect()
    }
}

#[derive(Debug, Default)]
struct Parsed {
    spans: Vec<Span>,
    /// AnnotatorNotes by the id they annotate, one entry per `#` line.
    notes: HashMap<String, Vec<String>>,
    /// R lines: (line, type, Arg1, Arg2).
    relations: Vec<(usize, String, String, String)>,
    events: usize,
    attributes: usize,
    others: usize,
}

impl Parsed {
    fn unsupported_counts(&self) -> String {
        let counts = [
            (self.events, "event(s) (their trigger spans were imported)"),
            (self.attributes, "attribute(s)"),
            (
                self.others,
                "normalisation, equivalence or note line(s) on other than spans",
            ),
        ];
        counts
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, what)| format!("{n} {what}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// `Type Arg1:T1 Arg2:T2` of an R line.
fn parse_relation(middle: &str) -> Option<(String, String, String)> {
    let mut words = middle.split_whitespace();
    let kind = words.next()?.to_owned();
    let mut args = words.filter_map(|w| w.split_once(':').map(|(_, id)| id.to_owned()));
    Some((kind, args.next()?, args.next()?))
}

/// Parses a `.ann` file; an error gives the 1-based line and what is wrong with it.
fn parse(ann: &str) -> Result<Parsed, (usize, String)> {
    let mut parsed = Parsed::default();
    let mut note_targets = Vec::new();
    for (index, line) in ann.lines().enumerate() {
        let number = index + 1;
        if line.trim().is_empty() {
            continue;
        }
        let mut fields = line.splitn(3, '\t');
        let id = fields.next().unwrap_or_default();
        let middle = fields.next().ok_or_else(|| {
            (
                number,
                "expected tab-separated fields: ID, then annotation".to_owned(),
            )
        })?;
        match id.chars().next() {
            Some('T') => parsed.spans.push(parse_span(number, id, middle, fields.next())?),
            Some('#') => {
                let mut words = middle.split_whitespace();
                let (kind, target) = (words.next(), words.next());
                match (kind, target) {
                    (Some("AnnotatorNotes"), Some(target)) => {
                        let note = fields.next().unwrap_or_default().to_owned();
                        parsed.notes.entry(target.to_owned()).or_default().push(note);
                        note_targets.push(target.to_owned());
                    }
                    _ => parsed.others += 1,
                }
            }
            Some('R') => match parse_relation(middle) {
                Some((kind, from, to)) => parsed.relations.push((number, kind, from, to)),
                None => parsed.others += 1,
            },
            Some('E') => parsed.events += 1,
            Some('A' | 'M') => parsed.attributes += 1,
            Some('N' | '*') => parsed.others += 1,
            _ => {
                return Err((
                    number,
                    format!("unknown annotation id {id:?} (expected T, R, E, A, M, N, # or *)"),
                ));
            }
        }
    }
    // Notes on relations and events have no span to sit on.
    let span_ids: std::collections::HashSet<&str> = parsed.spans.iter().map(|s| s.id.as_str()).collect();
    let stray: Vec<String> = note_targets
        .into_iter()
        .filter(|t| !span_ids.contains(t.as_str()))
        .collect();
    for target in stray {
        if parsed.notes.remove(&target).is_some() {
            parsed.others += 1;
        }
    }
    Ok(parsed)
}

fn parse_span(line: usize, id: &str, middle: &str, text: Option<&str>) -> Result<Span, (usize, String)> {
    let (kind, offsets) = middle
        .split_once(' ')
        .ok_or_else(|| (line, "expected TYPE START END".to_owned()))?;
    let fragments = offsets
        .split(';')
        .map(|pair| {
            let mut numbers = pair.split_whitespace().map(str::parse::<usize>);
            match (numbers.next(), numbers.next(), numbers.next()) {
                (Some(Ok(start)), Some(Ok(end)), None) if start <= end => Ok(CharRange::new(start, end)),
                _ => Err((line, format!("{pair:?} is not START END with START <= END"))),
            }
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Span {
        line,
        id: id.to_owned(),
        kind: kind.to_owned(),
        fragments,
        text: text.unwrap_or_default().to_owned(),
    })
}

/// Names and colours from a brat `visual.conf`, offered for labels the import adds.
fn read_visual_conf(path: &Path, plan: &mut Plan) {
    let Ok(conf) = std::fs::read_to_string(path) else {
        return;
    };
    let mut section = "";
    let mut names = HashMap::new();
    let mut colours = HashMap::new();
    for line in conf.lines().map(str::trim) {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if line.starts_with('[') {
            section = line;
            continue;
        }
        match section {
            "[labels]" => {
                let mut parts = line.split('|').map(str::trim);
                if let (Some(kind), Some(name)) = (parts.next(), parts.next()) {
                    names.insert(kind.to_owned(), name.to_owned());
                }
            }
            "[drawing]" => {
                let (kind, settings) = line.split_once(char::is_whitespace).unwrap_or((line, ""));
                let colour = settings
                    .split(',')
                    .filter_map(|s| s.trim().strip_prefix("bgColor:"))
                    .find_map(|c| c.trim().parse::<Color>().ok());
                if let Some(colour) = colour {
                    colours.insert(kind.to_owned(), colour);
                }
            }
            _ => {}
        }
    }
    for (kind, name) in &names {
        plan.hint_label(kind, name, colours.get(kind).copied());
    }
    for (kind, colour) in colours {
        if !names.contains_key(&kind) {
            plan.hint_label(&kind, "", Some(colour));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_by_case() {
        let ann = "T1\tclaim 0 5\tHello\n#1\tAnnotatorNotes T1\tfirst\n#2\tAnnotatorNotes T1\tsecond\nT2\tsource 6 9;10 12\tab cd\nR1\tFamily Arg1:T1 Arg2:T2\t\nE1\tMerge:T2\nA1\tNeg E1\n#3\tAnnotatorNotes R1\ton a relation\n";
        let parsed = parse(ann).unwrap();
        assert_eq!(parsed.spans.len(), 2);
        assert_eq!(
            parsed.spans[1].fragments,
            [CharRange::new(6, 9), CharRange::new(10, 12)]
        );
        assert_eq!(parsed.notes["T1"], ["first", "second"]);
        assert_eq!(
            (
                parsed.relations.len(),
                parsed.events,
                parsed.attributes,
                parsed.others
            ),
            (1, 1, 1, 1)
        );
        let bad = [
            ("T1\tclaim 5 2\tx", 1),
            ("T1 claim 0 5", 1),
            ("\nX1\tfoo", 2),
            ("T1\tclaim five 6\tx", 1),
        ];
        for (ann, line) in bad {
            assert_eq!(parse(ann).unwrap_err().0, line, "{ann:?}");
        }
    }

    #[test]
    fn spans_split_at_line_breaks() {
        let text = IndexedText::new("ab\r\ncd\nef");
        let cases = [
            (CharRange::new(0, 2), vec![CharRange::new(0, 2)]),
            (
                CharRange::new(0, 6),
                vec![CharRange::new(0, 2), CharRange::new(4, 6)],
            ),
            (
                CharRange::new(1, 9),
                vec![CharRange::new(1, 2), CharRange::new(4, 6), CharRange::new(7, 9)],
            ),
        ];
        for (range, expected) in cases {
            assert_eq!(line_fragments(&text, range), expected, "{range}");
        }
    }

    #[test]
    fn stems_are_ordered_and_readable() {
        let document = Document::new("Niger – Russie : l'axe", "x");
        assert_eq!(file_stem(0, &document), "001-niger-russie-l-axe");
        assert_eq!(file_stem(11, &Document::new("", "x")), "012");
    }
}
