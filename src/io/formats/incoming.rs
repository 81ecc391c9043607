//! What every importer shares: finding the document a span belongs to, converting its offsets,
//! checking them against the text and the quote, adding unknown labels, and the summary.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

use jiff::Timestamp;

use super::ImportOptions;
use super::offsets::{OffsetUnit, UnitMap};
use crate::model::anchor::{Anchoring, reanchor, settle};
use crate::model::annotation::now;
use crate::model::label;
use crate::model::{
    Annotation, AnnotationId, CharRange, Color, DocId, DocNote, Document, Edit, IndexedText, Label, LabelId,
    Link, Project, Provenance, Quote,
};

/// A set checked once per imported span: a fast hash (seeded per process) rather than SipHash.
type FastSet<T> = foldhash::HashSet<T>;

/// One span as a file gives it, before it is checked.
#[derive(Clone, Debug, Default)]
pub struct Incoming {
    /// Where it was read, for messages: `file.ann:12`, `file.json /items/3`.
    pub place: String,
    /// Start and end in the import's offset unit, if the file gives positions.
    pub span: Option<(usize, usize)>,
    pub quote: Option<Quote>,
    /// A label id or name; unknown ones are added to the label set.
    pub label: String,
    pub note: String,
    /// Values of the label's fields (a claim's verdict …), kept as given.
    pub fields: BTreeMap<String, String>,
    pub created: Option<Timestamp>,
    pub modified: Option<Timestamp>,
    /// The id the file gives, kept when the project does not use it yet.
    pub annotation_id: Option<AnnotationId>,
    /// What links in the same file call this span (`T3` in brat, the id in W3C).
    pub key: Option<String>,
    /// The position was counted on another rendering of the text (Hypothesis counts the
    /// browser's page text): the quote and its context decide where the span goes, even when the
    /// position slices to the same words elsewhere; the position only breaks ties.
    pub position_is_hint: bool,
}

/// A span left out, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub place: String,
    pub reason: String,
}

/// Where one imported annotation went, when not exactly where the file put it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    pub place: String,
    pub annotation_id: AnnotationId,
    /// The range the file gave, in code points, if it gave one.
    pub given: Option<CharRange>,
    pub anchoring: Anchoring,
}

/// What an import did, for the user.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportSummary {
    /// Annotations added, including the re-anchored and orphaned ones.
    pub imported: usize,
    /// Positions that disagreed with their quote, moved to where the quote is exactly.
    pub reanchored: usize,
    /// Quotes found approximately and surely: placed, their quote updated.
    pub moved: usize,
    /// Quotes found approximately but not surely: placed and marked for review.
    pub needs_review: usize,
    /// Quotes not found in the text: kept, marked orphaned.
    pub orphaned: usize,
    /// Every annotation that was not placed where the file said, with where it went.
    pub placements: Vec<Placement>,
    pub skipped: Vec<Skipped>,
    pub new_documents: Vec<String>,
    pub new_labels: Vec<String>,
    /// Links between annotations added.
    pub links: usize,
    /// Notes on whole documents added (Hypothesis page notes).
    pub document_notes: usize,
    /// What the user should know about how the file was read (the label given to untagged
    /// annotations …).
    pub remarks: Vec<String>,
    /// Parts of the file Marginalia does not model (brat relations, Label Studio choices …).
    pub not_supported: Vec<String>,
}

impl fmt::Display for ImportSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "imported {} annotation(s): {} exact ({} re-anchored by their quote), {} moved, {} to review, {} orphaned; skipped {}",
            self.imported,
            self.imported - self.moved - self.needs_review - self.orphaned,
            self.reanchored,
            self.moved,
            self.needs_review,
            self.orphaned,
            self.skipped.len()
        )?;
        if self.links > 0 {
            write!(f, "; links: {}", self.links)?;
        }
        if self.document_notes > 0 {
            write!(f, "; notes on documents: {}", self.document_notes)?;
        }
        if !self.new_documents.is_empty() {
            write!(f, "; new documents: {}", self.new_documents.len())?;
        }
        if !self.new_labels.is_empty() {
            write!(f, "; new labels: {}", self.new_labels.join(", "))?;
        }
        for skipped in &self.skipped {
            write!(f, "\n  skipped {}: {}", skipped.place, skipped.reason)?;
        }
        for note in &self.not_supported {
            write!(f, "\n  not imported: {note}")?;
        }
        for remark in &self.remarks {
            write!(f, "\n  note: {remark}")?;
        }
        Ok(())
    }
}

/// An import ready to apply: one undoable edit (none when nothing is new) and its summary.
#[derive(Clone, Debug)]
pub struct ImportOutcome {
    pub edit: Option<Edit>,
    pub summary: ImportSummary,
}

/// Collects checked annotations, new documents and new labels for one import.
pub struct Plan<'p> {
    project: &'p Project,
    options: ImportOptions,
    new_documents: Vec<Document>,
    /// Where each new document lies in `new_documents`.
    new_positions: HashMap<DocId, usize>,
    /// Every document there or planned, by the hash of its text (a file of many short texts
    /// looks each one up).
    by_text: Option<HashMap<u64, Vec<DocId>>>,
    /// The project's documents by their addresses ([`address_key`]), made on first use.
    addresses: Option<HashMap<String, DocId>>,
    new_labels: Vec<Label>,
    annotations: Vec<Annotation>,
    summary: ImportSummary,
    unit_maps: HashMap<DocId, UnitMap>,
    /// (document, start, end, label) of every annotation there or planned, built on first use.
    spans: Option<FastSet<(DocId, usize, usize, LabelId)>>,
    used_ids: Option<FastSet<AnnotationId>>,
    /// How many spans the importer said are coming ([`Plan::reserve`]): the sets above are made
    /// that large at once rather than grown and rehashed on the way.
    expected: usize,
    /// Names and colours a file gives for label types (brat's visual.conf).
    label_hints: HashMap<String, (String, Option<Color>)>,
    /// What the file calls each imported annotation, and the id it got.
    keys: foldhash::HashMap<String, AnnotationId>,
    /// Links between annotations, by what the file calls them: (place, from, to, kind).
    links: Vec<(String, String, String, String)>,
    /// Notes on whole documents, in the order they were read.
    doc_notes: Vec<(DocId, DocNote)>,
    /// When the import began: the time of every annotation and document the file gives none
    /// (one import is one moment, and the clock is read once, not 100 000 times).
    started: Timestamp,
}

impl<'p> Plan<'p> {
    pub fn new(project: &'p Project, options: &ImportOptions) -> Self {
        Self {
            project,
            options: options.clone(),
            new_documents: Vec::new(),
            new_positions: HashMap::new(),
            by_text: None,
            addresses: None,
            new_labels: Vec::new(),
            annotations: Vec::new(),
            summary: ImportSummary::default(),
            unit_maps: HashMap::new(),
            spans: None,
            used_ids: None,
            expected: 0,
            label_hints: HashMap::new(),
            keys: Default::default(),
            links: Vec::new(),
            doc_notes: Vec::new(),
            started: now(),
        }
    }

    pub fn skip(&mut self, place: impl Into<String>, reason: impl Into<String>) {
        self.summary.skipped.push(Skipped {
            place: place.into(),
            reason: reason.into(),
        });
    }

    /// Makes room for `count` more spans: a file of 100 000 spans grows no list on the way.
    pub fn reserve(&mut self, count: usize) {
        self.expected += count;
        self.annotations.reserve(count);
        self.keys.reserve(count);
        if let Some(spans) = &mut self.spans {
            spans.reserve(count);
        }
        if let Some(used) = &mut self.used_ids {
            used.reserve(count);
        }
    }

    /// How many annotations are planned so far.
    pub fn imported(&self) -> usize {
        self.summary.imported
    }

    pub fn not_supported(&mut self, what: impl Into<String>) {
        self.summary.not_supported.push(what.into());
    }

    /// Tells the user how something in the file was read.
    pub fn remark(&mut self, what: impl Into<String>) {
        self.summary.remarks.push(what.into());
    }

    /// The document given with `--doc` (checked), or `None` when none was given.
    pub fn given_document(&self) -> Result<Option<DocId>, String> {
        match &self.options.doc {
            Some(doc_id) if self.project.document(doc_id).is_none() => {
                Err(format!("there is no document {doc_id} in the project"))
            }
            given => Ok(given.clone()),
        }
    }

    /// The document whose address is `address`: its `url`, or the path or URL it was imported
    /// from, compared as [`address_key`] does (the first such document in the project).
    pub fn document_at(&mut self, address: &str) -> Option<DocId> {
        let wanted = address_key(address);
        if wanted.is_empty() {
            return None;
        }
        let project = self.project;
        // Every annotation of a file names its address: the documents' addresses are keyed once.
        let addresses = self.addresses.get_or_insert_with(|| {
            let mut addresses = HashMap::new();
            for doc in project.documents() {
                let original = doc.source.as_ref().map(|s| s.original.as_str());
                for own in [doc.url.as_deref(), original].into_iter().flatten() {
                    addresses
                        .entry(address_key(own))
                        .or_insert_with(|| doc.id.clone());
                }
            }
            addresses
        });
        addresses.get(&wanted).cloned()
    }

    /// The label whose id or name is `wanted`, ignoring case: one in the project or added by this
    /// import.
    pub fn existing_label(&self, wanted: &str) -> Option<LabelId> {
        let wanted = wanted.trim().to_lowercase();
        self.project
            .labels()
            .iter()
            .chain(&self.new_labels)
            .find(|l| l.id.as_str().to_lowercase() == wanted || l.name.to_lowercase() == wanted)
            .map(|l| l.id.clone())
    }

    /// The project's first label, with its name.
    pub fn first_label(&self) -> Option<(LabelId, String)> {
        self.project
            .labels()
            .first()
            .map(|l| (l.id.clone(), l.name.clone()))
    }

    /// Plans a note on a whole document; the same note (author and text) already there or earlier
    /// in the file is skipped.
    pub fn add_doc_note(&mut self, place: String, doc_id: &DocId, note: DocNote) {
        let same = |other: &DocNote| other.author == note.author && other.text == note.text;
        let known = self
            .project
            .document(doc_id)
            .is_some_and(|doc| doc.notes.iter().any(same))
            || self.doc_notes.iter().any(|(d, n)| d == doc_id && same(n));
        if known {
            return self.skip(
                place,
                "the same note on the document is already in the project (or earlier in the file)",
            );
        }
        self.summary.document_notes += 1;
        self.doc_notes.push((doc_id.clone(), note));
    }

    /// The document given with `--doc`, else the project's only document.
    pub fn chosen_document(&self) -> Result<DocId, String> {
        if let Some(doc_id) = &self.options.doc {
            return match self.project.document(doc_id) {
                Some(_) => Ok(doc_id.clone()),
                None => Err(format!("there is no document {doc_id} in the project")),
            };
        }
        match self.project.documents() {
            [only] => Ok(only.id.clone()),
            [] => Err("this file does not carry its text, and the project has no document to put its annotations on; add the document first".into()),
            several => Err(format!(
                "this file does not carry its text; choose which of the project's {} documents its annotations belong to (--doc)",
                several.len()
            )),
        }
    }

    /// The document a W3C `source` names: one of ours by its id, or one whose url is it;
    /// otherwise the chosen document.
    pub fn document_for_source(&mut self, source: &str) -> Result<DocId, String> {
        let ours = source
            .strip_prefix(super::w3c::DOCUMENT_URN)
            .map(DocId::from)
            .filter(|doc_id| self.project.document(doc_id).is_some());
        match ours.or_else(|| self.document_at(source)) {
            Some(doc_id) => Ok(doc_id),
            None => self.chosen_document(),
        }
    }

    /// The document whose text is exactly `text`: one already there, or a new one.
    pub fn document_for_text(&mut self, title: &str, text: &str, original: &Path, format: &str) -> DocId {
        if let Some(doc_id) = &self.options.doc {
            return doc_id.clone();
        }
        let project = self.project;
        let by_text = self.by_text.get_or_insert_with(|| {
            let mut by_text: HashMap<u64, Vec<DocId>> = HashMap::new();
            for doc in project.documents() {
                by_text
                    .entry(text_hash(doc.text.as_str()))
                    .or_default()
                    .push(doc.id.clone());
            }
            by_text
        });
        let hash = text_hash(text);
        let same = by_text.get(&hash).and_then(|ids| {
            ids.iter().find(|doc_id| {
                let known = project
                    .document(doc_id)
                    .or_else(|| self.new_positions.get(*doc_id).map(|&i| &self.new_documents[i]));
                known.is_some_and(|doc| doc.text.as_str() == text)
            })
        });
        if let Some(doc_id) = same {
            return doc_id.clone();
        }
        let mut document = Document::new(title, text);
        document.sha256 = crate::io::import::sha256_hex(text.as_bytes());
        document.source = Some(Provenance {
            original: original.display().to_string(),
            format: format.to_owned(),
            encoding: Some("UTF-8".into()),
            imported: self.started,
        });
        self.summary.new_documents.push(title.to_owned());
        let doc_id = document.id.clone();
        by_text.entry(hash).or_default().push(doc_id.clone());
        self.new_positions
            .insert(doc_id.clone(), self.new_documents.len());
        self.new_documents.push(document);
        doc_id
    }

    fn text_of(&self, doc_id: &DocId) -> &IndexedText {
        let document = self
            .project
            .document(doc_id)
            .or_else(|| self.new_positions.get(doc_id).map(|&i| &self.new_documents[i]))
            .expect("documents come from chosen_document or document_for_text");
        &document.text
    }

    /// True when only white space lies between consecutive fragments (brat's way of writing a
    /// span that crosses line breaks).
    pub fn gaps_are_blank(&self, doc_id: &DocId, fragments: &[CharRange]) -> bool {
        let text = self.text_of(doc_id);
        fragments.windows(2).all(|pair| {
            pair[0].end <= pair[1].start
                && text
                    .slice(CharRange::new(pair[0].end, pair[1].start))
                    .is_some_and(|gap| gap.chars().all(char::is_whitespace))
        })
    }

    /// Checks one span against its document and plans it, or records why it was skipped.
    pub fn add(&mut self, doc_id: &DocId, mut incoming: Incoming) {
        let quote = incoming.quote.take().filter(|q| !q.exact.is_empty());
        let range = incoming.span.map(|span| self.code_points_of(doc_id, span));
        let text = self.text_of(doc_id);
        let len = text.char_len();
        let (given, anchoring) = match (range, &quote) {
            (Some(Ok(range)), None) if range.is_empty() || range.end > len => {
                let reason = format!("{range} is empty or past the end of the text ({len} characters)");
                return self.skip(incoming.place, reason);
            }
            (Some(Ok(range)), None) => (Some(range), Anchoring::Intact),
            (Some(Err(reason)), None) => return self.skip(incoming.place, reason),
            (None, None) => return self.skip(incoming.place, "neither a position nor a quote"),
            (range, Some(quote)) => {
                let given = range.and_then(Result::ok);
                // An empty range is never intact: the quote is searched with its context, the
                // position only breaking ties.
                let checked = match given {
                    Some(range) if incoming.position_is_hint => CharRange::new(range.start, range.start),
                    given => given.unwrap_or_default(),
                };
                (given, reanchor(text, checked, quote))
            }
        };
        let placed = anchoring.range().or(given).unwrap_or_default();
        let label = self.label_for(&incoming.label);
        if !self.is_new_span(doc_id, placed, &label) {
            return self.skip(
                incoming.place,
                "the same span with the same label is already in the project (or earlier in the file)",
            );
        }
        let created = incoming.created.unwrap_or(self.started);
        let id = self.fresh_id(incoming.annotation_id);
        if let Some(key) = incoming.key {
            // A span split into pieces is linked from its first.
            self.keys.entry(key).or_insert_with(|| id.clone());
        }
        let text = self.text_of(doc_id);
        let range = given.unwrap_or_default();
        let captured = quote.is_none();
        let quote = quote.unwrap_or_else(|| Quote::capture(text, range).unwrap_or_default());
        let mut annotation = Annotation {
            id,
            document: doc_id.clone(),
            start: range.start,
            end: range.end,
            quote,
            label,
            note: incoming.note,
            orphaned: false,
            review: None,
            agreed: None,
            fields: incoming.fields,
            created,
            modified: incoming.modified.unwrap_or(created),
        };
        settle(&mut annotation, text, anchoring);
        // (A quote captured here at a range that stands is ours already.)
        let ours = captured && anchoring == Anchoring::Intact;
        if !annotation.orphaned && !ours {
            // The file's context may be another tool's idea of the text: keep ours.
            annotation.quote = Quote::capture(text, annotation.range()).unwrap_or_default();
        }
        self.count(incoming.place, given, &annotation, anchoring);
        self.summary.imported += 1;
        self.annotations.push(annotation);
    }

    fn count(
        &mut self,
        place: String,
        given: Option<CharRange>,
        annotation: &Annotation,
        anchoring: Anchoring,
    ) {
        let summary = &mut self.summary;
        match anchoring {
            Anchoring::Intact => return,
            Anchoring::Exact(range) if given.is_none_or(|given| given == range) => return,
            Anchoring::Exact(_) => summary.reanchored += 1,
            Anchoring::Moved { .. } => summary.moved += 1,
            Anchoring::Review { .. } => summary.needs_review += 1,
            Anchoring::Orphaned => summary.orphaned += 1,
        }
        summary.placements.push(Placement {
            place,
            annotation_id: annotation.id.clone(),
            given,
            anchoring,
        });
    }

    fn code_points_of(&mut self, doc_id: &DocId, (start, end): (usize, usize)) -> Result<CharRange, String> {
        let unit = self.options.offsets;
        if start > end {
            return Err(format!("start {start} is after end {end}"));
        }
        if unit == OffsetUnit::CodePoints {
            return Ok(CharRange::new(start, end));
        }
        if !self.unit_maps.contains_key(doc_id) {
            let map = UnitMap::new(self.text_of(doc_id).as_str(), unit);
            self.unit_maps.insert(doc_id.clone(), map);
        }
        let map = &self.unit_maps[doc_id];
        let convert = |offset: usize| {
            map.from_unit(offset).ok_or_else(|| {
                format!(
                    "offset {offset} falls inside a character or past the end of the text (counting {unit})"
                )
            })
        };
        Ok(CharRange::new(convert(start)?, convert(end)?))
    }

    /// The label with this id or name; a new one when there is none.
    fn label_for(&mut self, wanted: &str) -> LabelId {
        let wanted = wanted.trim();
        let wanted = if wanted.is_empty() { "annotation" } else { wanted };
        let known = self.project.find_label(wanted).or_else(|| {
            self.new_labels
                .iter()
                .find(|l| l.id.as_str() == wanted || l.name.eq_ignore_ascii_case(wanted))
        });
        if let Some(label) = known {
            return label.id.clone();
        }
        let slug: String = wanted
            .chars()
            .map(|c| if c.is_alphanumeric() || c == '-' { c } else { '_' })
            .collect();
        let taken = |id: &str| {
            self.project.label(&LabelId::from(id)).is_some()
                || self.new_labels.iter().any(|l| l.id.as_str() == id)
        };
        let id = if taken(&slug) {
            LabelId::generate()
        } else {
            LabelId::from(slug)
        };
        let (name, color) = match self.label_hints.get(wanted) {
            Some((name, color)) if !name.is_empty() => (name.clone(), *color),
            Some((_, color)) => (wanted.to_owned(), *color),
            None => (wanted.to_owned(), None),
        };
        let label = Label {
            id: id.clone(),
            name,
            color: color.unwrap_or_else(|| self.unused_color()),
            hotkey: self.free_hotkey(),
            description: String::new(),
            fields: Vec::new(),
        };
        self.summary.new_labels.push(label.name.clone());
        self.new_labels.push(label);
        id
    }

    /// Gives the name and colour a file's own configuration (brat's visual.conf) has for a label
    /// type, used if that label has to be added.
    pub fn hint_label(&mut self, id: &str, name: &str, color: Option<Color>) {
        self.label_hints.insert(id.to_owned(), (name.to_owned(), color));
    }

    /// The display name a file's configuration gives a type (a brat relation's "supported by").
    pub fn label_hint_name(&self, id: &str) -> Option<String> {
        self.label_hints
            .get(id)
            .map(|(name, _)| name.clone())
            .filter(|name| !name.is_empty())
    }

    /// A colour no label uses, counting the ones this import adds.
    fn unused_color(&self) -> Color {
        label::unused_color(self.project.labels().iter().chain(&self.new_labels))
    }

    fn free_hotkey(&self) -> Option<String> {
        label::free_hotkey(self.project.labels().iter().chain(&self.new_labels))
    }

    fn is_new_span(&mut self, doc_id: &DocId, range: CharRange, label: &LabelId) -> bool {
        let project = self.project;
        let room = project.annotations().len() + self.expected;
        let spans = self.spans.get_or_insert_with(|| {
            let mut spans = FastSet::with_capacity_and_hasher(room, Default::default());
            spans.extend(
                project
                    .annotations()
                    .iter()
                    .map(|a| (a.document.clone(), a.start, a.end, a.label.clone())),
            );
            spans
        });
        spans.insert((doc_id.clone(), range.start, range.end, label.clone()))
    }

    fn fresh_id(&mut self, wanted: Option<AnnotationId>) -> AnnotationId {
        let project = self.project;
        let room = project.annotations().len() + self.expected;
        let used = self.used_ids.get_or_insert_with(|| {
            let mut used = FastSet::with_capacity_and_hasher(room, Default::default());
            used.extend(project.annotations().iter().map(|a| a.id.clone()));
            used
        });
        match wanted {
            Some(id) if !id.as_str().is_empty() && used.insert(id.clone()) => id,
            _ => {
                let id = AnnotationId::generate();
                used.insert(id.clone());
                id
            }
        }
    }

    /// A link between two annotations, by what the file calls them; resolved when the plan is
    /// finished (an end may come later in the file).
    pub fn add_link(&mut self, place: String, from: String, to: String, kind: String) {
        self.links.push((place, from, to, kind));
    }

    /// The links whose two ends are known (imported now, or already in the project).
    fn resolved_links(&mut self) -> Vec<Link> {
        let mut links = Vec::new();
        for (place, from, to, kind) in std::mem::take(&mut self.links) {
            let resolve = |key: &String| {
                self.keys.get(key).cloned().or_else(|| {
                    self.project
                        .annotation(&AnnotationId::from(key.as_str()))
                        .map(|a| a.id.clone())
                })
            };
            let (Some(from), Some(to)) = (resolve(&from), resolve(&to)) else {
                self.skip(
                    place,
                    "a link to an annotation that is neither in the file nor in the project",
                );
                continue;
            };
            let known = self
                .project
                .links()
                .iter()
                .chain(&links)
                .any(|l| (&l.from, &l.to, &l.kind) == (&from, &to, &kind));
            if known || from == to {
                self.skip(
                    place,
                    "the same link is already in the project (or earlier in the file)",
                );
                continue;
            }
            links.push(Link::new(from, to, &kind));
        }
        self.summary.links = links.len();
        links
    }

    /// The edit that adds everything planned (labels, then documents, then annotations).
    pub fn finish(mut self) -> ImportOutcome {
        let links = self.resolved_links();
        let mut settings = self.project.settings.clone();
        for link in &links {
            if !settings.link_types.contains(&link.kind) {
                settings.link_types.push(link.kind.clone());
            }
        }
        let labels = (self.project.labels().len()..)
            .zip(self.new_labels)
            .map(|(position, label)| Edit::AddLabel { position, label });
        let documents = (self.project.documents().len()..)
            .zip(self.new_documents)
            .map(|(position, document)| Edit::AddDocument { position, document });
        let mut steps: Vec<Edit> = labels.chain(documents).collect();
        if settings != self.project.settings {
            steps.push(Edit::SetSettings(settings));
        }
        let mut note_counts: HashMap<DocId, usize> = HashMap::new();
        for (doc_id, note) in self.doc_notes {
            let next = note_counts
                .entry(doc_id.clone())
                .or_insert_with(|| self.project.document(&doc_id).map_or(0, |doc| doc.notes.len()));
            let position = *next;
            *next += 1;
            steps.push(Edit::AddDocNote {
                doc_id,
                position,
                note,
            });
        }
        if !self.annotations.is_empty() {
            steps.push(Edit::AddAnnotations(self.annotations));
        }
        steps.extend(links.into_iter().map(Edit::AddLink));
        ImportOutcome {
            edit: (!steps.is_empty()).then_some(Edit::Batch(steps)),
            summary: self.summary,
        }
    }
}

/// A text's hash, to find a document with the same text without comparing it with every one.
fn text_hash(text: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = foldhash::fast::FixedState::default().build_hasher();
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// An address as compared between files and documents: without its fragment, its `http(s)://`
/// or `file://` scheme and a trailing slash, the host in lower case. `https://Example.org/a/#x`,
/// `http://example.org/a` and `example.org/a` are the same address; `file:///tmp/a.html` is the
/// path `/tmp/a.html`.
pub fn address_key(address: &str) -> String {
    let address = address.trim();
    let address = address.split('#').next().unwrap_or_default();
    let lower = address.to_ascii_lowercase();
    let (rest, is_web) = if let Some(scheme) = ["https://", "http://"].iter().find(|s| lower.starts_with(**s))
    {
        (&address[scheme.len()..], true)
    } else if lower.starts_with("file://") {
        let path = &address["file://".len()..];
        (path.strip_prefix("localhost").unwrap_or(path), false)
    } else {
        (address, false)
    };
    let rest = rest.trim_end_matches('/');
    if !is_web {
        return rest.to_owned();
    }
    match rest.split_once('/') {
        Some((host, path)) => format!("{}/{path}", host.to_ascii_lowercase()),
        None => rest.to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_by_case() {
        // (one address, another, the same?)
        let cases = [
            ("https://example.org/news/a", "http://example.org/news/a", true),
            ("https://example.org/news/a/", "https://example.org/news/a", true),
            (
                "https://example.org/news/a#para-3",
                "https://example.org/news/a",
                true,
            ),
            ("HTTPS://Example.ORG/news/a", "https://example.org/news/a", true),
            ("https://example.org/News/a", "https://example.org/news/a", false),
            (
                "https://example.org/news/a?page=2",
                "https://example.org/news/a",
                false,
            ),
            ("https://example.org/news/b", "https://example.org/news/a", false),
            ("file:///tmp/article.html", "/tmp/article.html", true),
            ("file://localhost/tmp/article.html", "/tmp/article.html", true),
            (" https://example.org/ ", "https://example.org", true),
        ];
        for (one, other, same) in cases {
            assert_eq!(address_key(one) == address_key(other), same, "{one} vs {other}");
        }
        assert_eq!(address_key("#only-a-fragment"), "");
    }
}
