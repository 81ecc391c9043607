//! Curating a class: 30 annotators' copies of 20 articles, 2 000 annotations each (60 000 in all).
//!
//! Run with `cargo bench --bench curation`. The copies are one set of 2 000 spans each annotator
//! perturbs as real annotators differ: most spans marked as they are, some with a boundary
//! shifted by a few characters, some with another label, some left out, and a few of their own.
//!
//! Aim (2-core machine): the curation view ready — the copies lined up, every version collected,
//! grouped and given its standing, the strategy's decisions made into a new gold copy, and the
//! open groups listed — in under 0.5 s. Before divan's table, each step's median is printed
//! beside a floor, the least the same job could cost: sorting the 60 000 (document, start, end,
//! label) keys, which any grouping of overlapping versions needs. "Resumed" curates again into
//! the gold copy made: under majority every version is kept as decided; under min-votes=1 the
//! 13 000 open ones are accepted into it.

use std::sync::LazyLock;

use marginalia::model::copies::{Copy, Panel};
use marginalia::model::curation::{self, Source, Strategy, VersionKey, Versions};
use marginalia::model::{Annotation, CharRange, Document, Project};

mod common;

use common::{median, print};

const ANNOTATORS: usize = 30;
const DOCUMENTS: usize = 20;
/// Spans per document in the shared set: 2 000 in all.
const SPANS_PER_DOCUMENT: usize = 100;
const LABELS: [&str; 4] = ["claim", "source", "opinion", "disclaimer"];

/// A small deterministic generator (splitmix64), so every run curates the same class.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// An article of about 25 000 characters: the benchmark prose, cut to length.
fn article(n: usize) -> Document {
    let text: String = common::generated_text()
        .chars()
        .skip(n * 25_000)
        .take(25_000)
        .collect();
    Document::new(format!("Article {n}"), text)
}

/// The shared spans of one document: (start, end, label), with gaps between them and now and
/// then one nested in the one before.
fn shared_spans(document: &Document, random: &mut Random) -> Vec<(usize, usize, usize)> {
    let step = document.text.char_len() / SPANS_PER_DOCUMENT;
    (0..SPANS_PER_DOCUMENT)
        .map(|n| {
            let start = n * step + random.below(step / 4);
            let len = 20 + random.below(step / 2);
            if n % 10 == 9 {
                // Nested in a long span: a source inside a claim.
                (start + 5, start + 15, 1)
            } else {
                (start, start + len, random.below(LABELS.len()))
            }
        })
        .collect()
}

fn annotation(document: &Document, (start, end, label): (usize, usize, usize)) -> Annotation {
    let note = if label == 0 { "vérifier" } else { "" };
    common::annotation(document, CharRange::new(start, end), LABELS[label], note, 0)
}

/// One annotator's copy: each shared span marked as it is (75 %), with a boundary shifted by up
/// to 5 characters (12 %), with another label (5 %) or not at all (8 %); and as many spans of
/// their own as they left out, so each copy has about 2 000.
fn annotator_copy(
    documents: &[Document],
    shared: &[Vec<(usize, usize, usize)>],
    random: &mut Random,
) -> Project {
    let mut annotations = Vec::with_capacity(DOCUMENTS * SPANS_PER_DOCUMENT);
    for (document, spans) in documents.iter().zip(shared) {
        let chars = document.text.char_len();
        let mut left_out = 0;
        for &(start, end, label) in spans {
            let span = match random.below(100) {
                0..75 => (start, end, label),
                75..81 => (start.saturating_sub(1 + random.below(5)), end, label),
                81..87 => (start, (end + 1 + random.below(5)).min(chars), label),
                87..92 => (start, end, (label + 1 + random.below(3)) % LABELS.len()),
                _ => {
                    left_out += 1;
                    continue;
                }
            };
            annotations.push(annotation(document, span));
        }
        for _ in 0..left_out {
            let start = random.below(chars - 100);
            annotations.push(annotation(
                document,
                (start, start + 10 + random.below(80), random.below(LABELS.len())),
            ));
        }
    }
    let labels = Project::new("x").labels().to_vec();
    Project::from_parts("copy".into(), labels, documents.to_vec(), annotations)
        .unwrap()
        .0
}

struct Class {
    names: Vec<String>,
    copies: Vec<Project>,
}

static CLASS: LazyLock<Class> = LazyLock::new(|| {
    let mut random = Random(14);
    let documents: Vec<Document> = (0..DOCUMENTS).map(article).collect();
    let shared: Vec<_> = documents.iter().map(|d| shared_spans(d, &mut random)).collect();
    let copies = (0..ANNOTATORS)
        .map(|_| annotator_copy(&documents, &shared, &mut random))
        .collect();
    Class {
        names: (0..ANNOTATORS).map(|n| format!("annotator-{n:02}")).collect(),
        copies,
    }
});

fn panel(class: &Class) -> Panel<'_> {
    let copies: Vec<Copy> = class
        .names
        .iter()
        .zip(&class.copies)
        .map(|(annotator, project)| Copy { annotator, project })
        .collect();
    Panel::line_up(&copies).unwrap()
}

fn sources(class: &Class) -> Vec<Source> {
    class
        .names
        .iter()
        .map(|name| Source {
            name: name.clone(),
            file: format!("{name}.ron"),
        })
        .collect()
}

fn curate(class: &Class, gold: Option<Project>) -> curation::Curated {
    curation::curate(&panel(class), sources(class), Strategy::Majority, gold).unwrap()
}

/// The curation view ready: copies lined up, a new gold copy curated, its open groups listed.
fn view_ready(class: &Class) -> (curation::Curated, Vec<usize>) {
    let curated = curate(class, None);
    let open = curated.versions.open_groups(&curated.gold);
    (curated, open)
}

fn print_figures() {
    let class = &*CLASS;
    let (curated, open) = view_ready(class);
    let annotations: usize = class.copies.iter().map(|c| c.annotations().len()).sum();
    eprintln!(
        "{ANNOTATORS} copies, {annotations} annotations: {} versions in {} groups; majority accepted {}, {} groups open",
        curated.versions.versions.len(),
        curated.versions.groups.len(),
        curated.accepted_now,
        open.len()
    );
    let floor = median(
        5,
        || {
            class
                .copies
                .iter()
                .flat_map(|c| c.annotations().iter().map(VersionKey::of))
                .collect::<Vec<_>>()
        },
        |mut keys| {
            keys.sort_unstable();
            keys
        },
    );
    let floor_name = "sort 60 000 keys";
    print(
        "line up the copies",
        median(5, || (), |()| panel(class).annotators.len()),
        floor_name,
        floor,
    );
    let collect = median(5, || panel(class), |panel| Versions::collect(&panel));
    print("Versions::collect", collect, floor_name, floor);
    print(
        "curate, new gold copy",
        median(5, || (), |()| curate(class, None)),
        floor_name,
        floor,
    );
    let gold = curated.gold.clone();
    print(
        "curate, resumed (all kept)",
        median(5, || Some(gold.clone()), |gold| curate(class, gold)),
        floor_name,
        floor,
    );
    print(
        "curate, resumed under min-votes=1",
        median(
            5,
            || Some(gold.clone()),
            |gold| curation::curate(&panel(class), sources(class), Strategy::MinVotes(1), gold).unwrap(),
        ),
        floor_name,
        floor,
    );
    let open_groups = median(5, || (), |()| curated.versions.open_groups(&curated.gold));
    print("open_groups", open_groups, floor_name, floor);
    let ready = median(5, || (), |()| view_ready(class));
    print("curation view ready", ready, floor_name, floor);
    eprintln!(
        "curation view ready: {:.0} ms (aim: under 500 ms)",
        ready.as_secs_f64() * 1e3
    );
}

fn main() {
    print_figures();
    divan::main();
}

#[divan::bench(sample_count = 5)]
fn collect_versions(bencher: divan::Bencher) {
    let class = &*CLASS;
    bencher
        .with_inputs(|| panel(class))
        .bench_refs(|panel| Versions::collect(panel));
}

#[divan::bench(sample_count = 5)]
fn curation_view_ready(bencher: divan::Bencher) {
    let class = &*CLASS;
    bencher.bench(|| view_ready(divan::black_box(class)));
}
