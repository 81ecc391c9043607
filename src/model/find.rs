//! Find in a document's text: plain or regex, ignoring case and accents unless asked not to, every
//! match mapped back to code-point ranges of the original text; and "label all" as one batch.
//!
//! Folding is the annotation filter's ([`super::query::fold`]): NFD, combining marks dropped,
//! œ → oe, æ → ae, ß → ss, ’ → ', lowercase. A document is folded once into a [`FoldedText`], which
//! keeps the map from folded bytes back to code points as runs of characters whose folded forms
//! have the same length (a French text is a handful of runs per line, an ASCII text one run); a
//! [`Finder`] is compiled once per query and run over any number of folded texts.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use jiff::Timestamp;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use super::anchor::Quote;
use super::annotation::Annotation;
use super::edit::Edit;
use super::ids::{AnnotationId, DocId, LabelId};
use super::project::Project;
use super::query::{fold, fold_char};
use super::text::{CharRange, IndexedText};

/// How a pattern is matched.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FindOptions {
    /// Case and accents count: the text is searched exactly as it is, with no folding.
    pub match_case: bool,
    /// A match must start and end on word boundaries of the text.
    pub whole_word: bool,
    /// The pattern is a regular expression (the `regex` crate's syntax).
    pub regex: bool,
}

/// Why a pattern cannot be searched for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FindError {
    /// The regex does not compile: the message names the problem.
    #[error("{0}")]
    BadPattern(String),
}

/// A compiled search: built once per query, run over any number of documents.
#[derive(Clone, Debug)]
pub struct Finder {
    matcher: Matcher,
    options: FindOptions,
}

#[derive(Clone, Debug)]
enum Matcher {
    /// An empty pattern: finds nothing.
    Nothing,
    Plain(Box<memchr::memmem::Finder<'static>>),
    Regex(regex::Regex),
}

impl Matcher {
    /// The first match at or after byte `from`, as a byte range of `haystack`.
    fn next_match(&self, haystack: &str, from: usize) -> Option<(usize, usize)> {
        match self {
            Matcher::Nothing => None,
            Matcher::Plain(finder) => {
                let found = from + finder.find(haystack.as_bytes().get(from..)?)?;
                Some((found, found + finder.needle().len()))
            }
            Matcher::Regex(regex) => regex.find_at(haystack, from).map(|m| (m.start(), m.end())),
        }
    }
}

/// A hit with its document, for searches over several documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub doc_id: DocId,
    pub range: CharRange,
}

impl Finder {
    /// Compiles `pattern`. An empty or whitespace-only pattern gives a finder that finds nothing.
    pub fn new(pattern: &str, options: FindOptions) -> Result<Finder, FindError> {
        let matcher = if pattern.trim().is_empty() {
            Matcher::Nothing
        } else if options.regex {
            let source = if options.match_case {
                pattern.to_owned()
            } else {
                fold_pattern(pattern)
            };
            let regex = regex::RegexBuilder::new(&source)
                .case_insensitive(!options.match_case)
                .build()
                .map_err(|error| FindError::BadPattern(error.to_string()))?;
            Matcher::Regex(regex)
        } else {
            let needle = if options.match_case {
                pattern.to_owned()
            } else {
                fold(pattern)
            };
            if needle.is_empty() {
                Matcher::Nothing
            } else {
                Matcher::Plain(Box::new(
                    memchr::memmem::Finder::new(needle.as_bytes()).into_owned(),
                ))
            }
        };
        Ok(Finder { matcher, options })
    }

    pub fn options(&self) -> FindOptions {
        self.options
    }

    /// True when the pattern was empty: every search finds nothing.
    pub fn finds_nothing(&self) -> bool {
        matches!(self.matcher, Matcher::Nothing)
    }

    /// True when searching needs the text's [`FoldedText`] (everything but `match_case`).
    pub fn needs_folding(&self) -> bool {
        !self.options.match_case && !self.finds_nothing()
    }

    /// Every match in `text`, as code-point ranges in text order, non-overlapping, never empty.
    pub fn find_all(&self, text: &IndexedText) -> Vec<CharRange> {
        if !self.needs_folding() {
            return self.find_exact(text);
        }
        self.find_folded(text, text.folded())
    }

    /// Like [`Finder::find_all`], over a text folded beforehand. A `folded` that was not made from
    /// this text (its length differs) is ignored and the text folded afresh.
    pub fn find_in(&self, text: &IndexedText, folded: &FoldedText) -> Vec<CharRange> {
        if !self.needs_folding() {
            return self.find_exact(text);
        }
        if folded.source_len != text.as_str().len() || folded.char_len != text.char_len() {
            return self.find_all(text);
        }
        self.find_folded(text, folded)
    }

    /// Every match in the project's documents (or only `doc`), in document order.
    pub fn find_in_project(&self, project: &Project, doc: Option<&DocId>) -> Vec<Hit> {
        project
            .documents()
            .iter()
            .filter(|document| doc.is_none_or(|id| &document.id == id))
            .flat_map(|document| {
                self.find_all(&document.text).into_iter().map(|range| Hit {
                    doc_id: document.id.clone(),
                    range,
                })
            })
            .collect()
    }

    fn find_folded(&self, text: &IndexedText, folded: &FoldedText) -> Vec<CharRange> {
        let mut hint = 0;
        self.scan(&folded.folded, |start, end| {
            let range = folded.char_range(start, end, &mut hint);
            // The text's checkpoints give the bytes: walking from the last hit would read every
            // byte of a long text when a part of a word occurs all over it.
            let whole = !self.options.whole_word
                || text
                    .byte_range(range)
                    .is_some_and(|bytes| on_word_boundaries(text.as_str(), bytes));
            whole.then_some(range)
        })
    }

    fn find_exact(&self, text: &IndexedText) -> Vec<CharRange> {
        let source = text.as_str();
        let mut cursor = CharCursor::default();
        self.scan(source, |start, end| {
            if self.options.whole_word && !on_word_boundaries(source, start..end) {
                return None;
            }
            let start = cursor.char_of(source, start);
            Some(CharRange::new(start, cursor.char_of(source, end)))
        })
    }

    /// Runs the matcher over `haystack`; `keep` maps a byte match to a range, or refuses it. A
    /// refused match is retried one character further, so an overlapping later match is found.
    fn scan(
        &self,
        haystack: &str,
        mut keep: impl FnMut(usize, usize) -> Option<CharRange>,
    ) -> Vec<CharRange> {
        let mut found: Vec<CharRange> = Vec::new();
        let after_last = |found: &[CharRange], range: CharRange| {
            !range.is_empty() && found.last().is_none_or(|last| last.end <= range.start)
        };
        if let (Matcher::Regex(regex), false) = (&self.matcher, self.options.whole_word) {
            // The regex's own iterator steps over empty matches without a search per character.
            for m in regex.find_iter(haystack).filter(|m| !m.is_empty()) {
                if let Some(range) = keep(m.start(), m.end())
                    && after_last(&found, range)
                {
                    found.push(range);
                }
            }
            return found;
        }
        let mut from = 0;
        while let Some((start, end)) = self.matcher.next_match(haystack, from) {
            match (start < end).then(|| keep(start, end)).flatten() {
                Some(range) if after_last(&found, range) => {
                    found.push(range);
                    from = end;
                }
                _ => match haystack[start..].chars().next() {
                    Some(c) => from = start + c.len_utf8(),
                    None => break,
                },
            }
        }
        found
    }
}

/// Converts increasing (or slightly decreasing) byte offsets to code points in one pass.
#[derive(Default)]
struct CharCursor {
    byte: usize,
    char: usize,
}

impl CharCursor {
    fn char_of(&mut self, text: &str, byte: usize) -> usize {
        let count = |bytes: &[u8]| bytes.iter().filter(|&&b| (b as i8) >= -0x40).count();
        let bytes = text.as_bytes();
        if byte >= self.byte {
            self.char += count(&bytes[self.byte..byte]);
        } else {
            self.char -= count(&bytes[byte..self.byte]);
        }
        self.byte = byte;
        self.char
    }
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// True when neither end of `bytes` falls between two word characters.
fn on_word_boundaries(text: &str, bytes: Range<usize>) -> bool {
    let joined =
        |a: Option<char>, b: Option<char>| a.is_some_and(is_word_char) && b.is_some_and(is_word_char);
    let (head, tail) = (&text[..bytes.start], &text[bytes.end..]);
    let matched = &text[bytes];
    !joined(head.chars().next_back(), matched.chars().next())
        && !joined(matched.chars().next_back(), tail.chars().next())
}

/// One document's text folded for searching, with the map back to code points; built once per
/// text (see [`IndexedText::folded`]), searched many times.
#[derive(Clone, Debug, Default)]
pub struct FoldedText {
    folded: String,
    /// Consecutive characters whose folded forms all take `width` bytes; together they cover
    /// `folded`. Characters that fold to nothing (combining marks) lie between runs.
    runs: Vec<Run>,
    char_len: usize,
    source_len: usize,
}

#[derive(Clone, Copy, Debug)]
struct Run {
    /// Where the run starts in the folded text.
    folded: usize,
    /// The code point of its first character.
    char: usize,
    width: usize,
}

impl FoldedText {
    pub fn new(text: &str) -> FoldedText {
        let mut folded = String::with_capacity(text.len());
        let mut runs: Vec<Run> = Vec::new();
        let mut char = 0;
        let mut rest = text;
        while !rest.is_empty() {
            let ascii = ascii_prefix_len(rest.as_bytes());
            let start = folded.len();
            if ascii > 0 {
                folded.push_str(&rest[..ascii]);
                folded[start..].make_ascii_lowercase();
                extend_runs(&mut runs, start, char, 1);
                char += ascii;
                rest = &rest[ascii..];
                continue;
            }
            let Some(c) = rest.chars().next() else { break };
            fold_char(c, &mut folded);
            if folded.len() > start {
                extend_runs(&mut runs, start, char, folded.len() - start);
            }
            char += 1;
            rest = &rest[c.len_utf8()..];
        }
        FoldedText {
            folded,
            runs,
            char_len: char,
            source_len: text.len(),
        }
    }

    /// The folded text itself.
    pub fn as_str(&self) -> &str {
        &self.folded
    }

    /// The code-point range of the folded bytes `start..end`, widened to whole characters.
    /// `hint` is the run of an earlier match's start: matches come in order, so the runs are
    /// walked forward rather than searched.
    fn char_range(&self, start: usize, end: usize, hint: &mut usize) -> CharRange {
        *hint = self.run_index(start, *hint);
        let start = self.char_at(start, *hint, false);
        if end >= self.folded.len() {
            return CharRange::new(start, self.char_len);
        }
        CharRange::new(start, self.char_at(end, self.run_index(end, *hint), true))
    }

    /// The run holding folded byte `byte`: galloping forward from `hint`, so the next match costs
    /// the log of its distance in runs, not of the whole text.
    fn run_index(&self, byte: usize, hint: usize) -> usize {
        let runs = &self.runs;
        let before = |i: usize| runs.get(i).is_some_and(|run| run.folded <= byte);
        if !before(hint) {
            return runs.partition_point(|run| run.folded <= byte).saturating_sub(1);
        }
        let mut step = 1;
        while before(hint + step) {
            step *= 2;
        }
        // The run is in hint + step/2 ..= hint + step - 1 (clamped to the runs).
        let low = hint + step / 2;
        let high = (hint + step).min(runs.len());
        low + runs[low..high].partition_point(|run| run.folded <= byte) - 1
    }

    /// The character whose folded form holds byte `byte` (in run `run`); with `round_up`, the
    /// one after it when `byte` is inside that form (a match's end), so a match never ends inside
    /// a character.
    fn char_at(&self, byte: usize, run: usize, round_up: bool) -> usize {
        let Some(run) = self.runs.get(run) else {
            return 0;
        };
        let offset = byte - run.folded;
        run.char
            + if round_up {
                offset.div_ceil(run.width)
            } else {
                offset / run.width
            }
    }
}

/// Adds a character whose folded form takes `width` bytes at `folded` (or `width` bytes of ASCII)
/// to the last run when it continues it, else starts a run.
fn extend_runs(runs: &mut Vec<Run>, folded: usize, char: usize, width: usize) {
    if let Some(last) = runs.last()
        && last.width == width
        && last.char + (folded - last.folded) / width == char
    {
        return;
    }
    runs.push(Run { folded, char, width });
}

/// How many bytes at the start are ASCII, eight at a time.
fn ascii_prefix_len(bytes: &[u8]) -> usize {
    const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
    let mut len = 0;
    for chunk in bytes.chunks_exact(8) {
        let word = u64::from_ne_bytes(chunk.try_into().unwrap_or([0x80; 8]));
        if word & HIGH_BITS != 0 {
            break;
        }
        len += 8;
    }
    len + bytes[len..].iter().take_while(|b| b.is_ascii()).count()
}

/// A regex for the folded text: combining marks stripped (NFD), quotes straightened, and outside
/// character classes ligatures expanded (`œ` → `(?:oe)`). Case is left to the case-insensitive flag.
fn fold_pattern(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.nfd().filter(|&c| !is_combining_mark(c)).peekable();
    let (mut class_depth, mut escaped) = (0usize, false);
    while let Some(c) = chars.next() {
        if escaped {
            out.push(c);
            escaped = false;
            continue;
        }
        match c {
            '\\' => {
                out.push(c);
                escaped = true;
            }
            '[' => {
                class_depth += 1;
                out.push(c);
                // `]` right after `[` or `[^` is a literal, not the end of the class.
                for literal in ['^', ']'] {
                    if chars.next_if_eq(&literal).is_some() {
                        out.push(literal);
                    }
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            '\u{2019}' | '\u{2018}' => out.push('\''),
            'œ' | 'Œ' if class_depth == 0 => out.push_str("(?:oe)"),
            'æ' | 'Æ' if class_depth == 0 => out.push_str("(?:ae)"),
            'ß' if class_depth == 0 => out.push_str("(?:ss)"),
            _ => out.push(c),
        }
    }
    out
}

/// What "label all" would do: one `Edit::Batch` of `AddAnnotation`s (None when nothing to add),
/// skipping hits already carrying that label on exactly that range (and hits that no longer lie
/// within their document's text).
pub struct LabelAll {
    pub edit: Option<Edit>,
    pub added: usize,
    pub skipped: usize,
}

/// Labels every hit with `label_id`, as the app labels a selection.
pub fn label_all(project: &Project, hits: &[Hit], label_id: &LabelId, now: Timestamp) -> LabelAll {
    let mut labelled: HashMap<&DocId, HashSet<CharRange>> = HashMap::new();
    let mut steps = Vec::new();
    let mut skipped = 0;
    for hit in hits {
        let Some(document) = project.document(&hit.doc_id) else {
            skipped += 1;
            continue;
        };
        let taken = labelled.entry(&document.id).or_insert_with(|| {
            project
                .annotations_of(&document.id)
                .iter()
                .filter(|a| &a.label == label_id && !a.orphaned)
                .map(Annotation::range)
                .collect()
        });
        let quote = if hit.range.is_empty() {
            None
        } else {
            Quote::capture(&document.text, hit.range)
        };
        // A hit outside the text, or one already labelled (before, or earlier in `hits`), is skipped.
        let Some(quote) = quote else {
            skipped += 1;
            continue;
        };
        if !taken.insert(hit.range) {
            skipped += 1;
            continue;
        }
        steps.push(Edit::AddAnnotation(Annotation {
            id: AnnotationId::generate(),
            document: document.id.clone(),
            start: hit.range.start,
            end: hit.range.end,
            quote,
            label: label_id.clone(),
            note: String::new(),
            orphaned: false,
            review: None,
            agreed: None,
            fields: Default::default(),
            created: now,
            modified: now,
        }));
    }
    LabelAll {
        added: steps.len(),
        edit: (!steps.is_empty()).then_some(Edit::Batch(steps)),
        skipped,
    }
}

/// The text around a hit for lists: (before, matched, after), ~`context` chars each side, line
/// breaks shown as spaces.
pub fn context(text: &IndexedText, range: CharRange, context: usize) -> (String, String, String) {
    let flat = |part: &str| part.replace("\r\n", " ").replace(['\r', '\n'], " ");
    (
        flat(text.before(range.start, context)),
        flat(text.slice(range).unwrap_or_default()),
        flat(text.after(range.end, context)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const PLAIN: FindOptions = FindOptions {
        match_case: false,
        whole_word: false,
        regex: false,
    };
    const CASE: FindOptions = FindOptions {
        match_case: true,
        ..PLAIN
    };
    const WORD: FindOptions = FindOptions {
        whole_word: true,
        ..PLAIN
    };
    const REGEX: FindOptions = FindOptions { regex: true, ..PLAIN };

    fn ranges(text: &str, pattern: &str, options: FindOptions) -> Vec<(usize, usize)> {
        let finder = Finder::new(pattern, options).unwrap();
        let text = IndexedText::new(text);
        let found = finder.find_all(&text);
        assert_eq!(found, finder.find_in(&text, &FoldedText::new(text.as_str())));
        found.into_iter().map(|r| (r.start, r.end)).collect()
    }

    fn matches(text: &str, pattern: &str, options: FindOptions) -> Vec<String> {
        let indexed = IndexedText::new(text);
        ranges(text, pattern, options)
            .into_iter()
            .map(|(start, end)| indexed.slice(CharRange::new(start, end)).unwrap().to_owned())
            .collect()
    }

    #[test]
    fn what_is_found() {
        // (text, pattern, options, expected matches)
        let cases: &[(&str, &str, FindOptions, &[&str])] = &[
            // accents and case are ignored by default
            ("Contre vents et marées", "marees", PLAIN, &["marées"]),
            ("MARÉES et Marees", "marées", PLAIN, &["MARÉES", "Marees"]),
            ("mare\u{301}es", "marées", PLAIN, &["mare\u{301}es"]),
            ("la marée", "mare", PLAIN, &["maré"]),
            ("e\u{301}te\u{301}", "e", PLAIN, &["e\u{301}", "e\u{301}"]),
            ("Le Niger, le NIGER", "niger", PLAIN, &["Niger", "NIGER"]),
            // ligatures and quotes, and a match inside an expansion covers the whole character
            ("L'Œil de Washington", "oeil", PLAIN, &["Œil"]),
            ("l’œil", "l'oeil", PLAIN, &["l’œil"]),
            ("l'oeil", "l’œil", PLAIN, &["l'oeil"]),
            ("Straße", "STRASSE", PLAIN, &["Straße"]),
            ("œil", "o", PLAIN, &["œ"]),
            ("cœur", "e", PLAIN, &["œ"]),
            ("œœ", "eo", PLAIN, &["œœ"]),
            // match case: nothing folded
            ("Le Niger, le niger", "Niger", CASE, &["Niger"]),
            ("marées marees", "marees", CASE, &["marees"]),
            ("marées marees", "marées", CASE, &["marées"]),
            // whole words
            ("le lendemain, elle le dit", "le", WORD, &["le", "le"]),
            ("marées", "mare", WORD, &[]),
            ("e\u{301}t e", "e", WORD, &["e"]),
            ("l'œil", "oeil", WORD, &["œil"]),
            ("a-a-a", "a-a", WORD, &["a-a"]),
            ("xa-a-a", "a-a", WORD, &["a-a"]),
            // overlapping occurrences: the first wins
            ("aaaa", "aa", PLAIN, &["aa", "aa"]),
            ("aaa", "aa", PLAIN, &["aa"]),
            // regex
            ("le Niger et la Russie", r"\bl[ae]\b", REGEX, &["le", "la"]),
            ("Marees et MARÉES", "marées", REGEX, &["Marees", "MARÉES"]),
            ("L'Œil, l'oeil", "l'œil", REGEX, &["L'Œil", "l'oeil"]),
            (
                "Le le",
                "L.",
                FindOptions {
                    match_case: true,
                    ..REGEX
                },
                &["Le"],
            ),
            ("baaab", "a*", REGEX, &["aaa"]),
            ("abc", "x*", REGEX, &[]),
            ("abc", "", REGEX, &[]),
            (
                "elle le",
                "le",
                FindOptions {
                    whole_word: true,
                    ..REGEX
                },
                &["le"],
            ),
            (
                "un deux",
                r"\w+",
                FindOptions {
                    whole_word: true,
                    ..REGEX
                },
                &["un", "deux"],
            ),
            ("Москва", "[а-я]+", REGEX, &["Москва"]),
            // nothing to find
            ("abc", "", PLAIN, &[]),
            ("a b c", "   ", PLAIN, &[]),
            ("e\u{301}", "\u{301}", PLAIN, &[]),
            ("", "abc", PLAIN, &[]),
        ];
        for &(text, pattern, options, expected) in cases {
            assert_eq!(
                matches(text, pattern, options),
                expected,
                "{pattern:?} in {text:?} ({options:?})"
            );
        }
    }

    /// (text, pattern, options, expected ranges)
    type RangeCase = (&'static str, &'static str, FindOptions, &'static [(usize, usize)]);

    #[test]
    fn offsets_are_code_points_of_the_original() {
        // (text, pattern, options, expected ranges)
        let cases: &[RangeCase] = &[
            ("a\r\nmarées\r\nb", "marees", PLAIN, &[(3, 9)]),
            ("a\r\nmarées\r\nb", "b", CASE, &[(11, 12)]),
            ("😀 marées 😀", "MAREES", PLAIN, &[(2, 8)]),
            ("😀 marées 😀", "marées", CASE, &[(2, 8)]),
            ("👩‍👩‍👧 œil", "oeil", PLAIN, &[(6, 9)]),
            ("Москва и МОСКВА", "москва", PLAIN, &[(0, 6), (9, 15)]),
            ("Москва и МОСКВА", "МОСКВА", CASE, &[(9, 15)]),
            ("سلام world سلام", "سلام", PLAIN, &[(0, 4), (11, 15)]),
            ("سَلام", "سلام", PLAIN, &[(0, 5)]),
            ("中文字 marées", "es", REGEX, &[(8, 10)]),
            (
                "L'œil 😀 l'œil",
                "œil",
                FindOptions { regex: true, ..CASE },
                &[(2, 5), (10, 13)],
            ),
        ];
        for &(text, pattern, options, expected) in cases {
            assert_eq!(
                ranges(text, pattern, options),
                expected,
                "{pattern:?} in {text:?}"
            );
        }
    }

    #[test]
    fn a_bad_regex_says_why() {
        let error = Finder::new("(marées", REGEX).unwrap_err();
        let FindError::BadPattern(message) = &error;
        assert!(message.contains("unclosed group"), "{message}");
        assert!(Finder::new("(marées", PLAIN).is_ok(), "only a regex can be bad");
        assert!(Finder::new("   ", REGEX).unwrap().finds_nothing());
    }

    #[test]
    fn a_folded_text_of_another_text_is_not_trusted() {
        let finder = Finder::new("marees", PLAIN).unwrap();
        let text = IndexedText::new("les marées");
        let stale = FoldedText::new("marées");
        assert_eq!(finder.find_in(&text, &stale), vec![CharRange::new(4, 10)]);
    }

    #[test]
    fn context_flattens_line_breaks() {
        let text = IndexedText::new("Un.\r\nContre vents et\nmarées le Niger");
        let range = Finder::new("marees", PLAIN).unwrap().find_all(&text)[0];
        let (before, matched, after) = context(&text, range, 12);
        assert_eq!(
            (before.as_str(), matched.as_str(), after.as_str()),
            ("re vents et ", "marées", " le Niger")
        );
        let (before, _, _) = context(&text, CharRange::new(5, 6), 10);
        assert_eq!(before, "Un. ");
    }

    fn labelled_project() -> (Project, DocId) {
        let document = super::super::Document::new("Article", "le Niger, le Mali, le Niger");
        let doc_id = document.id.clone();
        let mut project = Project::new("p");
        Edit::AddDocument {
            position: 0,
            document,
        }
        .apply(&mut project)
        .unwrap();
        (project, doc_id)
    }

    #[test]
    fn label_all_adds_one_batch_and_skips_what_is_labelled() {
        let (mut project, doc_id) = labelled_project();
        let finder = Finder::new("niger", PLAIN).unwrap();
        let hits = finder.find_in_project(&project, None);
        assert_eq!(hits.len(), 2);
        let claim = LabelId::from("claim");
        let now = Timestamp::from_second(1_700_000_000).unwrap();
        let first = label_all(&project, &hits[..1], &claim, now);
        first.edit.unwrap().apply(&mut project).unwrap();
        let mut twice = hits.clone();
        twice.push(hits[1].clone());
        twice.push(Hit {
            doc_id: doc_id.clone(),
            range: CharRange::new(20, 99),
        });
        let outcome = label_all(&project, &twice, &claim, now);
        assert_eq!((outcome.added, outcome.skipped), (1, 3));
        let Some(Edit::Batch(steps)) = &outcome.edit else {
            panic!("one batch");
        };
        let Edit::AddAnnotation(added) = &steps[0] else {
            panic!("an annotation");
        };
        assert_eq!(added.quote.exact, "Niger");
        assert_eq!(added.quote.prefix, "le Niger, le Mali, le ");
        assert_eq!(
            (added.created, added.modified, added.note.as_str()),
            (now, now, "")
        );
        outcome.edit.unwrap().apply(&mut project).unwrap();
        assert_eq!(project.annotations_of(&doc_id).len(), 2);
        // Another label on the same ranges is not a repeat.
        let opinion = label_all(&project, &hits, &LabelId::from("opinion"), now);
        assert_eq!((opinion.added, opinion.skipped), (2, 0));
        let nothing = label_all(&project, &hits, &claim, now);
        assert!(nothing.edit.is_none());
        assert_eq!((nothing.added, nothing.skipped), (0, 2));
    }

    fn unicode_text(with_expansions: bool) -> impl Strategy<Value = String> {
        let mut pieces = vec![
            "a",
            "e",
            "Z",
            "E",
            "le",
            " ",
            "\r\n",
            "\n",
            "é",
            "É",
            "e\u{301}",
            "😀",
            "👩‍👩‍👧",
            "سلام",
            "\u{200f}",
            "中",
            "Ж",
            "ж",
            "’",
            "'",
            "-",
        ];
        if with_expansions {
            pieces.extend(["œ", "Œ", "ß", "æ", "İ"]);
        }
        prop::collection::vec(prop::sample::select(pieces), 0..60).prop_map(|parts| parts.concat())
    }

    fn check_hits(text: &str, needle: &str, options: FindOptions, exact: bool) -> Result<(), TestCaseError> {
        let indexed = IndexedText::new(text);
        let found = Finder::new(needle, options).unwrap().find_all(&indexed);
        let wanted = fold(needle);
        let mut last_end = 0;
        for range in &found {
            prop_assert!(!range.is_empty() && range.end <= indexed.char_len());
            prop_assert!(range.start >= last_end, "sorted and not overlapping: {:?}", found);
            last_end = range.end;
            let slice = fold(indexed.slice(*range).unwrap());
            if exact {
                prop_assert_eq!(&slice, &wanted);
            } else {
                prop_assert!(slice.contains(&wanted), "{:?} in {:?}", wanted, slice);
            }
        }
        if exact && !options.whole_word && !wanted.is_empty() && !needle.trim().is_empty() {
            let expected = memchr::memmem::find_iter(fold(text).as_bytes(), wanted.as_bytes()).count();
            prop_assert_eq!(found.len(), expected);
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn folding_agrees_with_the_filter(text in unicode_text(true)) {
            let folded = FoldedText::new(&text);
            prop_assert_eq!(folded.as_str(), super::super::query::fold(&text));
        }

        #[test]
        fn plain_hits_fold_to_the_needle(text in unicode_text(false), needle in unicode_text(false)) {
            let needle: String = needle.chars().take(3).collect();
            check_hits(&text, &needle, PLAIN, true)?;
            check_hits(&text, &needle, WORD, true)?;
        }

        #[test]
        fn hits_inside_expansions_cover_them(text in unicode_text(true), needle in unicode_text(true)) {
            let needle: String = needle.chars().take(3).collect();
            check_hits(&text, &needle, PLAIN, false)?;
        }

        #[test]
        fn hits_of_a_needle_from_the_text(text in unicode_text(true), start in 0usize..80, len in 1usize..6) {
            let indexed = IndexedText::new(text.clone());
            let start = start.min(indexed.char_len());
            let end = (start + len).min(indexed.char_len());
            let needle = indexed.slice(CharRange::new(start, end)).unwrap();
            check_hits(&text, needle, PLAIN, false)?;
            let exact = Finder::new(needle, CASE).unwrap().find_all(&indexed);
            if !needle.trim().is_empty() {
                prop_assert!(exact.iter().any(|r| r.start <= start), "{:?} at {} in {:?}", needle, start, exact);
            }
            for range in exact {
                prop_assert_eq!(indexed.slice(range), Some(needle));
            }
        }
    }
}
