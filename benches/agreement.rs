//! The full agreement report of 30 annotators with 2 000 annotations each, on five generated
//! documents of 50 000 characters: every measure overall, per label and per document, and the
//! pairwise F1 of all 435 pairs.
//!
//! Run with `cargo bench --bench agreement`. Aim (2-core machine): under 0.5 s. The annotators
//! are one "true" markup perturbed as people differ: most spans exact, some with a boundary a few
//! characters off, some with another label, some left out and replaced by a span of their own,
//! and some nested or overlapping spans. Before divan's table, the report's median time is
//! printed beside a floor (lining the copies up: reading every annotation once), and the
//! processor time one report takes, which does not depend on what else the machine runs.

use std::sync::LazyLock;

use marginalia::model::agreement::{Options, report};
use marginalia::model::copies::{Copy, Panel};
use marginalia::model::{CharRange, Document, Project};

mod common;

use common::{median, print};

const ANNOTATORS: usize = 30;
const PER_ANNOTATOR: usize = 2_000;
const DOCUMENTS: usize = 5;
const DOCUMENT_CHARS: usize = 50_000;
const LABELS: [&str; 4] = ["claim", "source", "opinion", "disclaimer"];

/// A small deterministic generator (numbers differ from run to run of nothing).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % below
    }
}

fn documents() -> Vec<Document> {
    let sentences = [
        "Le ministre a déclaré que la délégation comprenait « plusieurs » partenaires. ",
        "Selon l'agence, les chiffres publiés hier sont contestés par l'opposition. ",
        "Москва и Ниамей — partenaires stratégiques, dit-on. ",
        "Nous pensons que cette décision est une erreur.\r\n\r\n",
    ];
    (0..DOCUMENTS)
        .map(|d| {
            let mut text = String::new();
            let mut i = d;
            while text.chars().count() < DOCUMENT_CHARS {
                text.push_str(sentences[i % sentences.len()]);
                i += 1;
            }
            let text: String = text.chars().take(DOCUMENT_CHARS).collect();
            Document::new(format!("Article {}", d + 1), text)
        })
        .collect()
}

/// (document, start, end, label)
type Spans = Vec<(usize, usize, usize, usize)>;

fn truth(random: &mut Lcg) -> Spans {
    (0..PER_ANNOTATOR)
        .map(|n| {
            let document = n % DOCUMENTS;
            let start = random.next(DOCUMENT_CHARS - 200);
            let len = 8 + random.next(80);
            (document, start, start + len, random.next(LABELS.len()))
        })
        .collect()
}

fn perturbed(truth: &Spans, random: &mut Lcg) -> Spans {
    truth
        .iter()
        .map(|&(d, start, end, label)| match random.next(100) {
            0..60 => (d, start, end, label),
            60..80 => {
                let start = (start + random.next(7)).saturating_sub(3);
                let end = (end + random.next(7)).saturating_sub(3).max(start + 1);
                (d, start, end, label)
            }
            80..88 => (d, start, end, (label + 1 + random.next(3)) % LABELS.len()),
            88..93 => {
                // A nested span of the same label inside the true one.
                let inner = start + (end - start) / 3;
                (d, inner, inner + 1 + (end - start) / 3, label)
            }
            _ => {
                let start = random.next(DOCUMENT_CHARS - 200);
                (d, start, start + 5 + random.next(60), random.next(LABELS.len()))
            }
        })
        .collect()
}

fn project(name: &str, documents: &[Document], spans: &Spans) -> Project {
    let annotations = spans
        .iter()
        .map(|&(d, start, end, label)| {
            common::annotation(&documents[d], CharRange::new(start, end), LABELS[label], "", 0)
        })
        .collect();
    let labels = Project::new("x").labels().to_vec();
    Project::from_parts(name.to_owned(), labels, documents.to_vec(), annotations)
        .unwrap()
        .0
}

struct Study {
    names: Vec<String>,
    projects: Vec<Project>,
}

static STUDY: LazyLock<Study> = LazyLock::new(|| {
    let documents = documents();
    let mut random = Lcg(2_026);
    let truth = truth(&mut random);
    let names: Vec<String> = (0..ANNOTATORS).map(|a| format!("annotator-{a:02}")).collect();
    let projects = names
        .iter()
        .map(|name| project(name, &documents, &perturbed(&truth, &mut random)))
        .collect();
    Study { names, projects }
});

fn copies(study: &Study) -> Vec<Copy<'_>> {
    study
        .names
        .iter()
        .zip(&study.projects)
        .map(|(annotator, project)| Copy { annotator, project })
        .collect()
}

fn full_report(study: &Study) -> marginalia::model::agreement::Report {
    let copies = copies(study);
    let panel = Panel::line_up(&copies).unwrap();
    report(&panel, &Options::default())
}

fn print_figures() {
    let study = &*STUDY;
    let r = full_report(study);
    let annotations: usize = study.projects.iter().map(|p| p.annotations().len()).sum();
    assert_eq!(annotations, ANNOTATORS * PER_ANNOTATOR);
    eprintln!(
        "{ANNOTATORS} annotators × {PER_ANNOTATOR} annotations on {DOCUMENTS} documents of {DOCUMENT_CHARS} characters"
    );
    let shown = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:.3}"));
    eprintln!(
        "alpha over positions {} ({} units, {} stacked), αu {}, Fleiss {}, mean F1 exact {} overlap {}",
        shown(r.overall.alpha_positions),
        r.overall.pairable_units,
        r.overall.stacked_units,
        shown(r.overall.alpha_unitizing),
        shown(r.overall.fleiss_kappa),
        shown(r.overall.f1_exact.mean),
        shown(r.overall.f1_overlap.mean),
    );
    let time = median(5, || (), |()| full_report(study));
    let floor = median(
        5,
        || (),
        |()| {
            let copies = copies(study);
            Panel::line_up(&copies).unwrap().marks.len()
        },
    );
    print("agreement report, 30 × 2 000", time, "line up", floor);
    // The wall time depends on what else the machine runs; the processor time does not.
    if let Some(before) = processor_time() {
        const RUNS: u32 = 10;
        for _ in 0..RUNS {
            divan::black_box(full_report(study));
        }
        if let Some(after) = processor_time() {
            eprintln!(
                "processor time per report (both threads): {:.0} ms; aim: under 500 ms of wall time",
                (after - before).as_secs_f64() * 1e3 / f64::from(RUNS)
            );
        }
    }
}

/// User and system time of this process so far (Linux: /proc/self/stat, in clock ticks of
/// 1/100 s).
fn processor_time() -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(std::time::Duration::from_millis(ticks * 10))
}

fn main() {
    print_figures();
    divan::main();
}

#[divan::bench(sample_count = 5)]
fn agreement_of_30_annotators() -> usize {
    full_report(divan::black_box(&STUDY)).labels.len()
}
