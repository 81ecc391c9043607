//! Re-anchoring 10 000 annotations on a corrected 5 MB article (edits in 10 % of paragraphs).
//!
//! Run with `cargo bench --bench anchoring`. Aim (2-core machine): under 1 s. Before divan's
//! table it prints the figure beside the exact-only way (each quote searched for exactly in the
//! new text, as re-import did before approximate anchoring), and the share of annotations placed
//! right, sent to review and orphaned, "right" meaning on the words the annotation covered.

use std::sync::LazyLock;
use std::time::Instant;

use marginalia::model::anchor::{Outcome, follow};
use marginalia::model::{Annotation, AnnotationId, CharRange, DocId, IndexedText, LabelId, Quote};

const TEXT_BYTES: usize = 5_000_000;
const ANNOTATIONS: usize = 10_000;

/// A small deterministic generator, so every run measures the same inputs.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) as usize) % below.max(1)
    }
}

const SYLLABLES: [&str; 24] = [
    "ma", "ré", "ni", "ger", "to", "la", "pé", "tro", "sa", "hel", "dé", "fen", "mi", "nis", "tre", "ca",
    "pi", "tal", "vo", "te", "lo", "cal", "é", "co",
];

fn word(rng: &mut Lcg) -> String {
    (0..1 + rng.next(3))
        .map(|_| SYLLABLES[rng.next(SYLLABLES.len())])
        .collect()
}

/// Paragraphs of varied words, about 500 characters each, one per line.
fn paragraphs() -> Vec<String> {
    let mut rng = Lcg(7);
    let mut paragraphs = Vec::new();
    let mut bytes = 0;
    while bytes < TEXT_BYTES {
        let mut paragraph = String::new();
        while paragraph.len() < 500 {
            paragraph.push_str(&word(&mut rng));
            paragraph.push_str(if rng.next(12) == 0 { ". " } else { " " });
        }
        paragraph.push('\n');
        bytes += paragraph.len();
        paragraphs.push(paragraph);
    }
    paragraphs
}

/// One correction in one paragraph in ten: a word replaced, a word inserted, or a typo fixed.
fn corrected(paragraphs: &[String]) -> String {
    let mut rng = Lcg(11);
    let mut text = String::with_capacity(TEXT_BYTES + 100_000);
    for paragraph in paragraphs {
        if rng.next(10) != 0 {
            text.push_str(paragraph);
            continue;
        }
        let mut words: Vec<String> = paragraph.split(' ').map(str::to_owned).collect();
        let at = rng.next(words.len().saturating_sub(1));
        match rng.next(3) {
            0 => words[at] = word(&mut rng),
            1 => words.insert(at, word(&mut rng)),
            _ => words[at].push('x'),
        }
        text.push_str(&words.join(" "));
    }
    text
}

struct Inputs {
    old: IndexedText,
    new: IndexedText,
    annotations: Vec<Annotation>,
}

static INPUTS: LazyLock<Inputs> = LazyLock::new(|| {
    let paragraphs = paragraphs();
    let old = IndexedText::new(paragraphs.concat());
    let new = IndexedText::new(corrected(&paragraphs));
    let mut rng = Lcg(3);
    let time = jiff::Timestamp::from_second(1_700_000_000).unwrap();
    let len = old.char_len();
    let annotations = (0..ANNOTATIONS)
        .map(|n| {
            let start = rng.next(len - 200);
            let range = CharRange::new(start, start + 10 + rng.next(120));
            Annotation {
                id: AnnotationId::from(format!("a{n}").as_str()),
                document: DocId::from("d"),
                start: range.start,
                end: range.end,
                quote: Quote::capture(&old, range).unwrap(),
                label: LabelId::from("claim"),
                note: String::new(),
                fields: Default::default(),
                orphaned: false,
                review: None,
                agreed: None,
                created: time,
                modified: time,
            }
        })
        .collect();
    old.char_len();
    new.char_len();
    Inputs {
        old,
        new,
        annotations,
    }
});

/// Exact-only: each quote looked for as it was, the occurrence nearest the old place taken.
fn exact_only(inputs: &Inputs) -> usize {
    inputs
        .annotations
        .iter()
        .filter(|a| {
            inputs
                .new
                .find_all(&a.quote.exact)
                .into_iter()
                .min_by_key(|found| found.start.abs_diff(a.start))
                .is_some()
        })
        .count()
}

fn line_starts(text: &IndexedText) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(
        text.as_str()
            .chars()
            .enumerate()
            .filter(|(_, c)| *c == '\n')
            .map(|(i, _)| i + 1),
    );
    starts
}

fn print_figures() {
    let inputs = &*INPUTS;
    eprintln!(
        "text: {:.1} MB, {} annotations, corrections in 10 % of paragraphs",
        inputs.old.as_str().len() as f64 / 1e6,
        inputs.annotations.len()
    );
    let start = Instant::now();
    let carried = follow(&inputs.old, &inputs.new, &inputs.annotations);
    let time = start.elapsed();
    let start = Instant::now();
    let found_exactly = exact_only(inputs);
    let floor = start.elapsed();
    eprintln!(
        "follow (diff + approximate)   {:>8.1} ms   exact-only search {:>8.1} ms   ratio {:.2}",
        time.as_secs_f64() * 1e3,
        floor.as_secs_f64() * 1e3,
        time.as_secs_f64() / floor.as_secs_f64()
    );
    let mut counts = [0usize; 4];
    for item in &carried {
        counts[item.anchoring.outcome() as usize] += 1;
    }
    // Corrections never add or remove a paragraph: a placement outside its paragraph is wrong.
    let (old_lines, new_lines) = (line_starts(&inputs.old), line_starts(&inputs.new));
    let misplaced = carried
        .iter()
        .filter(|item| matches!(item.anchoring.outcome(), Outcome::Exact | Outcome::Moved))
        .filter(|item| {
            old_lines.partition_point(|&s| s <= item.before.start)
                != new_lines.partition_point(|&s| s <= item.annotation.start)
        })
        .count();
    eprintln!("placed without asking but outside their paragraph: {misplaced}");
    let share = |n: usize| 100.0 * n as f64 / carried.len() as f64;
    eprintln!(
        "placed exactly {:.2} %, moved {:.2} %, needs review {:.2} %, orphaned {:.2} %; exact-only finds {:.2} %",
        share(counts[Outcome::Exact as usize]),
        share(counts[Outcome::Moved as usize]),
        share(counts[Outcome::NeedsReview as usize]),
        share(counts[Outcome::Orphaned as usize]),
        share(found_exactly),
    );
}

fn main() {
    print_figures();
    divan::main();
}

#[divan::bench(sample_count = 5)]
fn follow_a_corrected_article() -> usize {
    let inputs = &*INPUTS;
    follow(&inputs.old, &inputs.new, &inputs.annotations).len()
}
