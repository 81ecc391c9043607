//! Hypothesis import as a user runs it: `marginalia import --format hypothesis` on the files in
//! `tests/fixtures/hypothesis/` (written after the Hypothesis API documentation), into a project
//! holding the two articles those annotations were made on.

use std::path::{Path, PathBuf};

use serde_json::Value;

#[path = "common/cli.rs"]
mod cli_runner;

use cli_runner::{marginalia, ok};

fn fixture(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/hypothesis")
        .join(name)
        .display()
        .to_string()
}

const ARTICLE_URL: &str = "https://news.example.org/2026/niger-russie";
const OTHER_URL: &str = "https://blog.example.net/opinion/sahel-accord/";

/// A project with the news article and the blog post, each with its canonical address.
struct Workspace {
    _folder: tempfile::TempDir,
    project: String,
    article: String,
    other: String,
}

impl Workspace {
    fn new() -> Self {
        let folder = tempfile::tempdir().unwrap();
        let project: PathBuf = folder.path().join("p.ron");
        let project = project.display().to_string();
        ok(&["new", &project, "--name", "Sahel"]);
        ok(&[
            "add-doc",
            &project,
            &fixture("article.html"),
            &fixture("other.html"),
        ]);
        let loaded = load(&project);
        let id_at = |url: &str| {
            loaded
                .documents()
                .iter()
                .find(|doc| doc.url.as_deref() == Some(url))
                .map(|doc| doc.id.to_string())
                .expect("the HTML import keeps the canonical address")
        };
        let (article, other) = (id_at(ARTICLE_URL), id_at(OTHER_URL));
        Self {
            _folder: folder,
            project,
            article,
            other,
        }
    }

    fn import(&self, file: &str, more: &[&str]) -> String {
        let fixture = fixture(file);
        let mut args = vec!["import", &self.project, "--format", "hypothesis", &fixture];
        args.extend_from_slice(more);
        ok(&args)
    }

    /// `list --json`: (document, label, start, end, quote, note) of each annotation.
    fn spans(&self) -> Vec<(String, String, u64, u64, String, String)> {
        let listed: Value = serde_json::from_str(&ok(&["list", &self.project, "--json"])).unwrap();
        let text = |a: &Value, key: &str| a[key].as_str().unwrap_or_default().to_owned();
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(|a| {
                (
                    text(a, "document"),
                    text(a, "label"),
                    a["start"].as_u64().unwrap(),
                    a["end"].as_u64().unwrap(),
                    text(a, "quote"),
                    text(a, "note"),
                )
            })
            .collect()
    }
}

fn load(project: &str) -> marginalia::model::Project {
    marginalia::io::project_file::load(Path::new(project))
        .unwrap()
        .project
}

/// The code-point range of `quote`'s n-th occurrence in the document's text.
fn range_of(project: &str, doc_id: &str, quote: &str, nth: usize) -> (u64, u64) {
    let loaded = load(project);
    let document = loaded
        .documents()
        .iter()
        .find(|doc| doc.id.as_str() == doc_id)
        .unwrap();
    let text = document.text.as_str();
    let (byte, _) = text
        .match_indices(quote)
        .nth(nth)
        .expect("the quote is in the text");
    let start = text[..byte].chars().count() as u64;
    (start, start + quote.chars().count() as u64)
}

#[test]
fn a_search_response_places_by_quote_keeps_replies_tags_and_page_notes() {
    let workspace = Workspace::new();
    let summary = workspace.import("search-response.json", &[]);
    let first_line = summary.lines().next().unwrap();
    assert_eq!(
        first_line,
        "imported 6 annotation(s): 6 exact (4 re-anchored by their quote), 0 moved, 0 to review, 0 orphaned; skipped 4; notes on documents: 1; new labels: chiffre",
        "{summary}"
    );
    for expected in [
        "skipped search-response.json /rows/8: no document has the address https://elsewhere.example.com/sahel/energie",
        "skipped search-response.json /rows/9: a reply to annotation Zm9yZ290dGVuLXBhcmVudA, which is not in the file",
        "skipped search-response.json /rows/11: no text quote or text position selector",
        "skipped search-response.json /rows/12: a reply to /rows/8, which is skipped",
        "note: 1 annotation(s) without tags got the label Claim (the project's first)",
    ] {
        assert!(summary.contains(expected), "{expected:?} in {summary}");
    }
    let spans = workspace.spans();
    let find = |quote: &str| {
        spans
            .iter()
            .find(|s| s.4 == quote)
            .unwrap_or_else(|| panic!("{quote:?} in {spans:?}"))
    };
    // Positions counted on the browser's page text (menu and title before the article) are only
    // a hint: every span sits on its quote.
    let claim = find("la construction de deux centrales solaires avant 2028");
    assert_eq!((&claim.0, claim.1.as_str()), (&workspace.article, "claim"));
    let expected = range_of(&workspace.project, &workspace.article, &claim.4, 0);
    assert_eq!((claim.2, claim.3), expected);
    // The replies are the parent's note, oldest first, and never spans of their own.
    assert_eq!(
        claim.5,
        "alice@hypothes.is: Deux centrales : aucun appel d'offres n'a été publié.\n\n\
         reply from bob@hypothes.is: Le ministère de l'Énergie n'a rien publié non plus.\n\n\
         reply from alice@hypothes.is: Merci, je relance le ministère."
    );
    assert!(!spans.iter().any(|s| s.5.starts_with("bob@")), "{spans:?}");
    // The position slices to the first "le Niger"; the quote's context names the second.
    let niger = find("le Niger");
    let second = range_of(&workspace.project, &workspace.article, "le Niger", 1);
    assert_eq!(
        (niger.1.as_str(), niger.2, niger.3),
        ("opinion", second.0, second.1)
    );
    // The first tag naming a label wins; the other tags stay in the note.
    let source = find("des analystes rappellent que la Russie fournit déjà des céréales");
    assert_eq!(source.1, "source");
    assert!(source.5.ends_with("\n\ntags: à vérifier"), "{}", source.5);
    // A tag that is no label becomes one.
    let figure = find("dix mille emplois en cinq ans");
    assert_eq!(figure.1, "chiffre");
    assert!(figure.5.ends_with("tags: économie"), "{}", figure.5);
    assert!(load(&workspace.project).find_label("chiffre").is_some());
    // No tags: the project's first label; no text: the author alone.
    let untagged = find("Le texte n'a pas été rendu public");
    assert_eq!(
        (untagged.1.as_str(), untagged.5.as_str()),
        ("claim", "dave@hypothes.is")
    );
    // The blog post's annotation goes to the blog post.
    let blog = find("les emplois annoncés restent une promesse de campagne");
    assert_eq!((&blog.0, blog.1.as_str()), (&workspace.other, "opinion"));
    // Times are Hypothesis's.
    let loaded = load(&workspace.project);
    let annotation = loaded
        .annotations()
        .iter()
        .find(|a| a.quote.exact == claim.4)
        .unwrap();
    assert_eq!(annotation.created.to_string(), "2026-03-02T09:14:27.512345Z");
    assert_eq!(annotation.modified.to_string(), "2026-03-02T09:20:01Z");
}

#[test]
fn a_page_note_becomes_a_note_on_the_document_that_show_prints() {
    let workspace = Workspace::new();
    workspace.import("search-response.json", &[]);
    let shown = ok(&["show", &workspace.project, "--doc", &workspace.article]);
    assert!(
        shown.contains(
            "notes: 1\n  carol@hypothes.is, 2026-03-03T08:00:00Z:\n    Article mis à jour le 3 mars : la date de signature a changé.\n\n    tags: suivi\n"
        ),
        "{shown}"
    );
    let json: Value = serde_json::from_str(&ok(&[
        "show",
        &workspace.project,
        "--doc",
        &workspace.article,
        "--json",
    ]))
    .unwrap();
    assert_eq!(json["notes"][0]["author"], "carol@hypothes.is");
    let other = ok(&["show", &workspace.project, "--doc", &workspace.other]);
    assert!(other.contains("notes: 0"), "{other}");
}

#[test]
fn utf16_positions_past_emoji_land_on_the_quote_in_a_plain_list() {
    let workspace = Workspace::new();
    let summary = workspace.import("list.json", &[]);
    // Both positions convert to exactly their quotes: nothing had to be re-anchored.
    assert_eq!(
        summary.trim(),
        "imported 2 annotation(s): 2 exact (0 re-anchored by their quote), 0 moved, 0 to review, 0 orphaned; skipped 0"
    );
    let spans = workspace.spans();
    let emoji = spans.iter().find(|s| s.4 == "l'énergie et la sécurité").unwrap();
    // Three emoji before it (two flags of two code points each, a handshake) take 5 more UTF-16
    // code units than code points: the file says 75..99.
    assert_eq!((&emoji.0, emoji.2, emoji.3), (&workspace.article, 70, 94));
    assert_eq!(
        range_of(&workspace.project, &workspace.article, &emoji.4, 0),
        (70, 94)
    );
    // `http://…/sahel-accord` (no trailing slash) is the blog post's `https://…/sahel-accord/`.
    let blog = spans
        .iter()
        .find(|s| s.4 == "Il faudra juger sur pièces")
        .unwrap();
    assert_eq!(blog.0, workspace.other);
}

#[test]
fn an_unknown_address_is_reported_and_goes_to_the_document_chosen() {
    let workspace = Workspace::new();
    let summary = workspace.import("search-response.json", &[]);
    assert!(
        summary.contains("https://elsewhere.example.com/sahel/energie"),
        "{summary}"
    );
    let before = workspace.spans().len();
    // Again with --doc: the one for elsewhere goes to the blog post, where its quote is not
    // (kept, orphaned), with its reply; the rest is already there.
    let summary = workspace.import("search-response.json", &["--doc", &workspace.other]);
    assert!(
        summary.starts_with("imported 1 annotation(s): 0 exact (0 re-anchored by their quote), 0 moved, 0 to review, 1 orphaned; skipped 9"),
        "{summary}"
    );
    let spans = workspace.spans();
    assert_eq!(spans.len(), before + 1);
    let moved = spans
        .iter()
        .find(|s| s.5.contains("Même chiffre ailleurs"))
        .unwrap();
    assert_eq!(moved.0, workspace.other);
    assert!(
        moved
            .5
            .ends_with("\n\nreply from alice@hypothes.is: Le même chiffre circulait en 2024."),
        "{}",
        moved.5
    );
}

#[test]
fn a_broken_file_is_refused_with_its_place_and_the_project_untouched() {
    let workspace = Workspace::new();
    workspace.import("list.json", &[]);
    let before = std::fs::read(&workspace.project).unwrap();
    // (file, the place and problem on stderr)
    let cases = [
        (
            "broken-position.json",
            "broken-position.json:/rows/1/target/0/selector/1/start: a TextPositionSelector needs a non-negative integer start",
        ),
        ("broken-syntax.json", "broken-syntax.json:12:2: not valid JSON"),
    ];
    for (file, expected) in cases {
        let fixture = fixture(file);
        let run = marginalia(&["import", &workspace.project, "--format", "hypothesis", &fixture]);
        assert_eq!(run.code, 1, "{file}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.contains(expected), "{expected:?} in {}", run.stderr);
        assert_eq!(
            std::fs::read(&workspace.project).unwrap(),
            before,
            "{file}: the project is untouched"
        );
    }
}

#[test]
fn hypothesis_is_listed_where_import_formats_are() {
    let help = ok(&["import", "--help"]);
    assert!(help.contains("hypothesis"), "{help}");
    let run = marginalia(&["import", "p.ron", "--format", "hypothes", "f.json"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("w3c, brat, jsonl, label-studio, hypothesis"),
        "{}",
        run.stderr
    );
}

/// W3C export keeps what Hypothesis reads: a TextQuoteSelector with the 32 characters around
/// the span as they are in the text now (however stale the stored context), positions in code
/// points, and the document's address as the target's `source`.
#[test]
fn w3c_export_keeps_what_hypothesis_reads() {
    use marginalia::model::{Annotation, CharRange, Document, Label, Project, Provenance, Quote};
    let text = "Niamey 🇳🇪 et Moscou 🇷🇺 ont signé mardi un accord de coopération 🤝 sur l'énergie et la sécurité. Selon le ministre, l'accord prévoit deux centrales.";
    let with_url = |mut doc: Document, url: &str| {
        doc.url = Some(url.into());
        doc
    };
    let imported_from = |mut doc: Document, original: &str| {
        doc.source = Some(Provenance {
            original: original.into(),
            format: "html".into(),
            encoding: None,
            imported: "2026-03-01T00:00:00Z".parse().unwrap(),
        });
        doc
    };
    let documents = vec![
        with_url(Document::new("a", text), ARTICLE_URL),
        imported_from(Document::new("b", text), "https://example.net/b"),
        imported_from(Document::new("c", text), "/home/me/c.html"),
    ];
    let quote = "l'énergie et la sécurité";
    let start = text.split(quote).next().unwrap().chars().count();
    let range = CharRange::new(start, start + quote.chars().count());
    let annotations = documents
        .iter()
        .map(|doc| Annotation {
            id: format!("a-{}", doc.title).as_str().into(),
            document: doc.id.clone(),
            start: range.start,
            end: range.end,
            // Context as another tool gave it: shorter than Hypothesis's 32 characters.
            quote: Quote {
                exact: quote.into(),
                prefix: "sur ".into(),
                suffix: ".".into(),
            },
            label: "claim".into(),
            note: String::new(),
            fields: Default::default(),
            orphaned: false,
            review: None,
            agreed: None,
            created: "2026-03-01T00:00:00Z".parse().unwrap(),
            modified: "2026-03-01T00:00:00Z".parse().unwrap(),
        })
        .collect();
    let (project, _) = Project::from_parts("p".into(), Label::defaults(), documents, annotations).unwrap();
    let exported: Value =
        serde_json::from_slice(&marginalia::io::formats::w3c::export(&project).bytes).unwrap();
    let items = exported["first"]["items"].as_array().unwrap();
    let chars: Vec<char> = text.chars().collect();
    let around = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
    let expected_sources = [
        ARTICLE_URL.to_owned(),
        "https://example.net/b".to_owned(),
        format!("urn:marginalia:document:{}", project.documents()[2].id),
    ];
    for (item, expected_source) in items.iter().zip(&expected_sources) {
        let target = &item["target"];
        assert_eq!(&target["source"], expected_source);
        let selectors = target["selector"].as_array().unwrap();
        let of_type = |kind: &str| selectors.iter().find(|s| s["type"] == kind).unwrap();
        let quote_selector = of_type("TextQuoteSelector");
        assert_eq!(quote_selector["exact"], quote);
        assert_eq!(quote_selector["prefix"], around(range.start - 32, range.start));
        assert_eq!(quote_selector["suffix"], around(range.end, range.end + 32));
        let position = of_type("TextPositionSelector");
        // Code points: 70, where UTF-16 (what Hypothesis itself counts) would say 75.
        assert_eq!(
            (position["start"].as_u64(), position["end"].as_u64()),
            (Some(70), Some(94))
        );
    }
    assert_eq!(items.len(), 3);
}
