//! The command line's grammar (clap).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Mark up texts — claims, sources, opinions, disclaimers — and export the annotations.
#[derive(Debug, Parser)]
#[command(name = "marginalia", version, args_conflicts_with_subcommands = true)]
#[cfg_attr(feature = "ui", command(after_help = crate::ui::keys_help()))]
pub struct Cli {
    /// Project to open in the desktop app; without one, the demo project opens as an unsaved copy.
    pub project: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Extract one document in a child process (the importer's isolation) and print it as RON:
    /// internal, run by marginalia itself.
    #[command(hide = true, name = "extract-document")]
    ExtractDocument {
        /// text, markdown, html, pdf or docx.
        #[arg(long)]
        format: String,
        #[arg(long)]
        title: Option<String>,
        file: PathBuf,
    },
    /// Create a project with the default labels (claim, source, opinion, disclaimer).
    New {
        project: PathBuf,
        /// The project's name (default: the file name).
        #[arg(long)]
        name: Option<String>,
    },
    /// Import text files as documents (UTF-8, UTF-16 with a BOM, Windows-1252 …).
    AddDoc {
        project: PathBuf,
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The document's title (default: its own title or first line); only with a single FILE.
        #[arg(long)]
        title: Option<String>,
        /// Read the files as this format instead of the one detected: text, markdown, html, pdf, docx.
        #[arg(long)]
        format: Option<String>,
    },
    /// Replace a document's text with a new version (a corrected article): annotations follow
    /// their words (exact, moved, needs review or orphaned — never dropped) and the old text is
    /// kept as a revision.
    Reimport {
        project: PathBuf,
        file: PathBuf,
        /// The document to replace (id or unique prefix; optional when the project has one).
        #[arg(long)]
        doc: Option<String>,
        /// Read the file as this format: text, markdown, html, pdf, docx.
        #[arg(long)]
        format: Option<String>,
        /// List each annotation with its old and new range and outcome, as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List a document's earlier texts (kept by reimport), with what each replacement did.
    Revisions {
        project: PathBuf,
        /// The document (id or unique prefix; optional when the project has one).
        #[arg(long)]
        doc: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Add an annotation by code-point range or by quote.
    Annotate(AnnotateArgs),
    /// Print the annotations that pass a filter.
    List(ListArgs),
    /// Find text in the documents, ignoring case and accents ("marees" finds "Marées"); with
    /// --label, annotate every hit in one step.
    Find(FindArgs),
    /// Show a document: title, author, date, address, source, sha256 and length, its links, and its
    /// structure (headings with their level, list items, quotes; emphasis counted).
    Show {
        project: PathBuf,
        /// The document (id or unique prefix; optional when the project has one).
        #[arg(long)]
        doc: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// Count annotations per document and label.
    Stats {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Validate a project file; exit 1 with file:line:col on a problem.
    Check {
        project: PathBuf,
        /// List each annotation that loading re-anchored, with old and new range, as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Change an annotation in one step: its note, label, fields or range (the quote is taken anew
    /// from the text); its modified time is updated. Prints the annotation after the change.
    Edit(EditArgs),
    /// Remove annotations (ids or unique prefixes) with the links from and to them, in one step.
    Remove {
        project: PathBuf,
        /// The annotations to remove: ids or unique prefixes of them.
        #[arg(required = true, value_name = "ANNOTATION_ID")]
        annotations: Vec<String>,
    },
    /// List the labels (with how many annotations use each), or add, rename, recolour or remove one.
    Labels(LabelsArgs),
    /// Merge two copies of a project: three-way with their common base (BASE OURS THEIRS), or
    /// two-way by ids and modified times (OURS THEIRS). Writes OURS unless -o is given; exits 0
    /// when clean, 1 when conflicts remain (kept in the project), above 128 on a failure.
    Merge(MergeArgs),
    /// List the conflicts a merge left in a project.
    Conflicts {
        project: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Settle a conflict (id or unique prefix) by taking our or their value, or all of them.
    Resolve(ResolveArgs),
    /// Make git merge project files with `marginalia merge`: writes the .gitattributes line and
    /// the merge driver into the repository's config (idempotent).
    GitSetup {
        /// A folder inside the git repository (default: the current one).
        folder: Option<PathBuf>,
    },
    /// Propose spans for a label: sentences that look like its annotations (a model learned from
    /// the project: its annotations are positives, rejected suggestions and the unmarked sentences
    /// of documents already marked with the label are negatives; at least 10 annotations needed),
    /// and with --repeats the same text as its annotations elsewhere. Rejected suggestions are
    /// never proposed again. --accept-above T turns every suggestion scoring T or more into an
    /// annotation, in one step recorded in the project.
    Suggest(SuggestArgs),
    /// Remove a document with its annotations and their links.
    RemoveDoc {
        project: PathBuf,
        /// The document: its id or a unique prefix of it.
        #[arg(value_name = "DOC_ID")]
        doc: String,
    },
    /// Link two annotations: a claim "supported by", "contradicted by" or "cites" a source.
    Link {
        project: PathBuf,
        /// The annotation the link starts from (id or unique prefix), usually a claim.
        #[arg(long)]
        from: String,
        /// The annotation it points to (id or unique prefix), usually a source.
        #[arg(long)]
        to: String,
        /// One of the project's link types.
        #[arg(long = "type", default_value = "supported by")]
        kind: String,
    },
    /// Write a student copy of a marked-up project: same documents and labels, no annotations.
    /// The marked-up project stays the answer key for `compare`.
    Exercise {
        key: PathBuf,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Shown to the student when the exercise is opened.
        #[arg(long)]
        instructions: Option<String>,
    },
    /// Score students' projects against an answer key: precision, recall, F1 and kappa per label.
    ///
    /// With several students, a class table: each student's overlap and exact F1, kappa, and
    /// alpha, Krippendorff's unitizing alpha (αu) of the student and the key over all labels
    /// (how well the spans line up beyond chance: 1 is perfect, 0 is chance; see `marginalia
    /// agreement --help`).
    Compare {
        key: PathBuf,
        #[arg(required = true)]
        students: Vec<PathBuf>,
        #[arg(long)]
        json: bool,
        /// Also write the class table as CSV.
        #[arg(long)]
        csv: Option<PathBuf>,
    },
    /// Curate copies of the same documents into one gold copy; exits 1 while disagreements are left
    ///
    /// Every (document, range, label) that an annotator marked is a version; its votes are the
    /// annotators who marked exactly that. The strategy accepts a version at once when enough of
    /// the annotators whose copy has the document voted for it:
    ///
    ///   unanimous     every one of them
    ///   majority      more than half of them (the default)
    ///   min-votes=N   at least N of them
    ///
    /// The rest stays open for the curator, who accepts or rejects each version in the app or
    /// with `marginalia decide`. The command prints how many versions there were, how many the strategy accepted now, how many
    /// decisions were kept from before, and each disagreement left: the place (document, range,
    /// text) and what each annotator marked there (label, exact range, note).
    ///
    /// The gold copy (-o GOLD) is a normal project: the first copy's documents and labels, and the
    /// accepted versions as annotations, each recording who marked it and of how many annotators.
    /// Its curation record keeps the annotators (names and files), the strategy, and every
    /// decision: accepted or rejected, by the strategy or by the curator.
    ///
    /// Resume: when GOLD exists and is a gold copy, it is loaded and its decisions are kept, so
    /// running curate again (with more copies, or after deciding some versions) changes nothing
    /// already decided: a rejected version never comes back, and an accepted one deleted from the
    /// gold copy is not added again. Without --strategy, the gold copy's own strategy is used; a
    /// gold copy made with --anonymous stays anonymous. A GOLD that exists but is not a gold copy,
    /// or one made from other documents, is refused and left untouched.
    ///
    /// Exit status: 0 when every version is decided; 1 when disagreements are left (the gold copy
    /// is written all the same, as `merge` exits 1 while conflicts are left and `check` while
    /// something needs attention), and 1 on a file that cannot be used (nothing is written); 2 on
    /// a usage error (a bad --strategy, a file given twice).
    #[command(verbatim_doc_comment)]
    Curate(CurateArgs),
    /// Accept or reject one version in a gold copy, as the curator does in the app: an accepted
    /// version goes into the gold copy with who marked it, a rejected one leaves it and never comes
    /// back when curating again.
    Decide(DecideArgs),
    #[command(verbatim_doc_comment)]
    /// Measure how well several annotators agree: their copies of the same documents, overall,
    /// per label and per document.
    ///
    /// Measures (each "—" where it is undefined: nothing to compare, or no variation at all):
    ///   alpha over positions  Krippendorff's alpha, nominal, over exact positions (a "coding"
    ///                         study, as INCEpTION/DKPro build it): a unit is a range that any
    ///                         annotator marked, each annotator's value there the label of
    ///                         their span on exactly that range, missing if they have none;
    ///                         units with fewer than two values drop out. Per label, that
    ///                         label against any other value.
    ///   unitizing alpha (αu)  Krippendorff's unitizing alpha over the characters (1995; 2004
    ///                         pp. 251-256): agreement on where each label's spans begin and
    ///                         end, shifted or missing spans costing by how far they are off.
    ///                         Overall: 1 - ΣD_o/ΣD_e over the labels.
    ///   Fleiss' kappa         over characters: each character's category is the label of the
    ///                         shortest span covering it, or none; per label, in a span of it
    ///                         or not. Cohen's kappa, the same, when there are two annotators.
    ///                         Known weakness: text nobody marked counts as agreement, so long
    ///                         unmarked stretches raise kappa.
    ///   pairwise F1           for every pair, as `compare` matches: exact (same range and
    ///                         label) and overlap (same label, sharing at least half of the
    ///                         longer span, one to one); symmetric. Per label and document from
    ///                         the same matching.
    ///
    /// Rules:
    ///   - The first file's documents and labels are the reference; another copy's documents
    ///     are matched by id, then by identical text. Copies that share no document, or a
    ///     document id with another text, are refused (exit 1).
    ///   - Overall and per-label figures are over the documents every annotator has (for αu,
    ///     one after another); each document's figures use the annotators that have it.
    ///   - An annotator with no annotations marked nothing (they count); orphaned annotations
    ///     take no part.
    ///   - Stacked: two different labels from one annotator on exactly the same range leave
    ///     that position out of alpha over positions; it is counted ("stacked").
    ///   - Overlapping or nested spans of one label from one annotator are merged into their
    ///     union for αu and kappa; alpha over positions and F1 take each span as it is.
    ///
    /// CSV (--csv): one value a row, columns document,label,measure,annotator_a,annotator_b,
    /// value; empty cells mean "all" (and an undefined value); pairwise F1 once per pair.
    Agreement(AgreementArgs),
    /// Write the annotations in an exchange format: w3c, brat (a folder), csv, jsonl, html, claimreview.
    Export(ExportArgs),
    /// Add annotations from a file in an exchange format: w3c, brat, jsonl, label-studio, hypothesis.
    Import(ImportArgs),
}

#[derive(Debug, Args)]
pub struct CurateArgs {
    /// The annotators' copies, at least two; the first one's documents and labels are the
    /// reference.
    #[arg(required = true, num_args = 2.., value_name = "COPY")]
    pub copies: Vec<PathBuf>,
    /// The gold copy to write, or to resume when it is one already.
    #[arg(short = 'o', long = "output", value_name = "GOLD")]
    pub output: PathBuf,
    /// unanimous, majority or min-votes=N [default: majority; when resuming, the gold copy's own]
    #[arg(long)]
    pub strategy: Option<String>,
    /// Show the annotators as Annotator 1, 2, … (in the order given), in the output and in the
    /// gold copy's annotations (its curation record still lists the files).
    #[arg(long)]
    pub anonymous: bool,
    /// Leave out copies that cannot be read (each is named) instead of stopping; at least two
    /// must remain.
    #[arg(long)]
    pub skip_broken: bool,
    /// Print the counts and the disagreements as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("decision").required(true).args(["accept", "reject"]))]
pub struct DecideArgs {
    /// The gold copy (made by `marginalia curate`).
    pub gold: PathBuf,
    /// The annotators' copies (default: the files in the gold copy's curation record).
    #[arg(value_name = "COPY")]
    pub copies: Vec<PathBuf>,
    /// The version's document (id or unique prefix; optional when there is one).
    #[arg(long)]
    pub doc: Option<String>,
    /// The version's code-point range START..END, exactly as the annotators marked it.
    #[arg(long)]
    pub range: String,
    /// The version's label (id or name).
    #[arg(long)]
    pub label: String,
    /// Put the version into the gold copy.
    #[arg(long)]
    pub accept: bool,
    /// Keep the version out of the gold copy.
    #[arg(long)]
    pub reject: bool,
    /// Leave out copies that cannot be read (each is named) instead of stopping.
    #[arg(long)]
    pub skip_broken: bool,
}

#[derive(Debug, Args)]
pub struct AgreementArgs {
    /// The annotators' copies (project files), two or more; the first is the reference.
    #[arg(required = true, num_args = 2.., value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Only this label (id or name): every figure is about it alone.
    #[arg(long)]
    pub label: Option<String>,
    /// Only this document (id or unique prefix, in the first file).
    #[arg(long)]
    pub doc: Option<String>,
    /// Print everything as JSON.
    #[arg(long)]
    pub json: bool,
    /// Also write every figure to this CSV file (one value a row).
    #[arg(long, value_name = "OUT")]
    pub csv: Option<PathBuf>,
    /// Go on without the files that cannot be read (each is named on stderr).
    #[arg(long)]
    pub skip_broken: bool,
    /// Show the annotators as Annotator 1, 2, … instead of their file names.
    #[arg(long)]
    pub anonymous: bool,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    pub project: PathBuf,
    /// w3c, brat, csv, jsonl, html or claimreview.
    #[arg(long)]
    pub format: String,
    /// The file to write (a folder for brat).
    #[arg(short = 'o', long = "output")]
    pub output: PathBuf,
    /// The unit of JSONL offsets: codepoints (spaCy), utf16 (doccano) or bytes.
    #[arg(long, default_value = "codepoints")]
    pub offsets: String,
    /// Start the CSV with a byte order mark, so Excel reads accents right.
    #[arg(long)]
    pub excel: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    pub project: PathBuf,
    /// w3c, brat, jsonl, label-studio or hypothesis (an API search response or a list of
    /// annotations; each goes to the document whose address is its uri, else to --doc).
    #[arg(long)]
    pub format: String,
    /// The file to read (for brat, an .ann file or a folder of them).
    pub file: PathBuf,
    /// The document the annotations belong to, when the file does not carry its text (W3C, and
    /// Hypothesis annotations whose address no document has).
    #[arg(long)]
    pub doc: Option<String>,
    /// The unit the file's offsets count: codepoints, utf16 (doccano, old Label Studio) or bytes.
    /// W3C and brat always count code points, Hypothesis UTF-16 code units.
    #[arg(long, default_value = "codepoints")]
    pub offsets: String,
    /// Print the summary as JSON, with each annotation not placed where the file put it: the
    /// range the file gave, the one it got, and the outcome (exact, moved, needs review, orphaned).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("span").required(true).args(["range", "quote"]))]
pub struct AnnotateArgs {
    pub project: PathBuf,
    /// Document id or a unique prefix of it (optional when the project has one document).
    #[arg(long)]
    pub doc: Option<String>,
    /// Code-point range START..END, end exclusive.
    #[arg(long)]
    pub range: Option<String>,
    /// Exact text to annotate; it must occur exactly once in the document.
    #[arg(long)]
    pub quote: Option<String>,
    /// Label id or name.
    #[arg(long)]
    pub label: String,
    #[arg(long)]
    pub note: Option<String>,
    /// A field of the label, KEY=VALUE (e.g. verdict=False, claimant="Le ministre"); repeat for several.
    #[arg(long = "field", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    pub project: PathBuf,
    /// Only this document (id or unique prefix).
    #[arg(long)]
    pub doc: Option<String>,
    /// Only these labels (id or name); repeat for several.
    #[arg(long = "label")]
    pub labels: Vec<String>,
    /// Text in the quote or the note, ignoring case and accents.
    #[arg(long)]
    pub search: Option<String>,
    /// Only annotations whose quote is no longer found in the text.
    #[arg(long)]
    pub orphaned: bool,
    /// Only annotations with a note.
    #[arg(long)]
    pub with_note: bool,
    /// Only annotations without a link (claims without a source).
    #[arg(long)]
    pub unlinked: bool,
    /// Only annotations whose label has a verdict field left empty.
    #[arg(long)]
    pub without_verdict: bool,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct FindArgs {
    pub project: PathBuf,
    /// The text to find (a regular expression with --regex).
    pub text: String,
    /// Only this document (id or unique prefix); without it, every document.
    #[arg(long)]
    pub doc: Option<String>,
    /// TEXT is a regular expression (Rust regex syntax), still ignoring case and accents.
    #[arg(long)]
    pub regex: bool,
    /// Only matches that start and end on word boundaries.
    #[arg(long)]
    pub whole_word: bool,
    /// Case and accents count: find exactly TEXT.
    #[arg(long)]
    pub match_case: bool,
    /// Annotate every hit with this label (id or name), in one step; hits that already carry the
    /// label on exactly that range are skipped.
    #[arg(long)]
    pub label: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EditArgs {
    pub project: PathBuf,
    /// The annotation: its id or a unique prefix of it.
    #[arg(value_name = "ANNOTATION_ID")]
    pub annotation: String,
    /// The new note (an empty one clears it).
    #[arg(long)]
    pub note: Option<String>,
    /// The new label (id or name); the --field values are checked against it.
    #[arg(long)]
    pub label: Option<String>,
    /// Set a field of the label, KEY=VALUE; `KEY=` with nothing after clears it; repeat for several.
    #[arg(long = "field", value_name = "KEY=VALUE")]
    pub fields: Vec<String>,
    /// Move the span to the code-point range START..END, end exclusive; the quote is taken anew.
    #[arg(long)]
    pub range: Option<String>,
}

#[derive(Debug, Args)]
pub struct LabelsArgs {
    pub project: PathBuf,
    /// Print the listing as JSON (only without a subcommand).
    #[arg(long)]
    pub json: bool,
    #[command(subcommand)]
    pub action: Option<LabelAction>,
}

/// What `marginalia labels PROJECT …` does to the label set; without one, it lists the labels.
#[derive(Debug, Subcommand)]
pub enum LabelAction {
    /// Add a label; by default it gets a colour and a digit hotkey no other label uses.
    Add {
        name: String,
        /// Its colour, #RRGGBB (quote it in a shell, where # starts a comment, or leave the # out).
        #[arg(long)]
        color: Option<String>,
        /// The single key that applies it in the app.
        #[arg(long)]
        hotkey: Option<String>,
        #[arg(long)]
        description: Option<String>,
    },
    /// Rename a label (given by id or name); its id, and so its annotations, stay.
    Rename { label: String, new_name: String },
    /// Give a label (by id or name) a new colour.
    #[command(visible_alias = "recolor")]
    Recolour {
        label: String,
        /// #RRGGBB (quote it in a shell, where # starts a comment, or leave the # out).
        color: String,
    },
    /// Remove a label (by id or name); refused while annotations use it.
    Remove {
        label: String,
        /// Also remove the annotations that use it, with their links.
        #[arg(long)]
        with_annotations: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    /// BASE OURS THEIRS, or OURS THEIRS without a common base.
    #[arg(num_args = 2..=3, required_unless_present = "git")]
    pub files: Vec<PathBuf>,
    /// Write the result here instead of over OURS.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Merge projects that share no document or annotation, as a union.
    #[arg(long)]
    pub unrelated: bool,
    /// Called by git as a merge driver: `--git %O %A %B %P` (base, ours, theirs, path).
    #[arg(long, num_args = 4, value_names = ["BASE", "OURS", "THEIRS", "PATH"], conflicts_with_all = ["files", "output"])]
    pub git: Option<Vec<PathBuf>>,
}

#[derive(Debug, clap::Args)]
pub struct SuggestArgs {
    pub project: PathBuf,
    /// The label to suggest: its id or name.
    #[arg(long)]
    pub label: String,
    /// Only in this document (id or unique prefix).
    #[arg(long)]
    pub doc: Option<String>,
    /// The least score shown (0 to 1); default: the model's own, chosen by cross-validation to
    /// give the best F1 (0.5 with an external scorer).
    #[arg(long)]
    pub threshold: Option<f32>,
    /// Also propose the same text as the label's annotations elsewhere (whole words, case and
    /// accents ignored).
    #[arg(long)]
    pub repeats: bool,
    /// Accept every suggestion scoring at least this: each becomes an annotation.
    #[arg(long, value_name = "T")]
    pub accept_above: Option<f32>,
    /// A command scoring sentences (default: the project's scorer setting): it reads JSON lines
    /// {"id", "text", "document", "start", "end"} and writes {"id", "score"} lines, within 30 s.
    #[arg(long, value_name = "CMD")]
    pub scorer: Option<String>,
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, clap::Args)]
pub struct ResolveArgs {
    pub project: PathBuf,
    /// The conflict's id (as `marginalia conflicts` lists it) or a unique prefix.
    #[arg(required_unless_present = "all")]
    pub conflict: Option<String>,
    /// The side whose value to keep.
    #[arg(long, value_parser = ["ours", "theirs"], required_unless_present = "all")]
    pub take: Option<String>,
    /// Settle every conflict, taking this side.
    #[arg(long, value_parser = ["ours", "theirs"], conflicts_with_all = ["conflict", "take"])]
    pub all: Option<String>,
}
