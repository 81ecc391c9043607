//! Suggestions on large inputs: segmenting and scoring a 5 MB document, and retraining a label's
//! model on 5 000 sentences.
//!
//! Run with `cargo bench --bench suggest`. Aim (2-core machine): under 200 ms each. Before divan's
//! table, each figure is printed beside its floor: splitting the same text at UAX #29 sentence
//! bounds alone (what any segmenter costs), and building the feature vectors of the training
//! sentences (what any learner on these features costs before it learns anything).

use std::sync::LazyLock;

use marginalia::model::suggest::{self, features, sentences};
use marginalia::model::{Document, Edit, LabelId, Project};
use unicode_segmentation::UnicodeSegmentation;

mod common;

use common::{annotation, generated_text, median, print};

const TRAINING_SENTENCES: usize = 5_000;

/// A project with a 5 000-sentence document, every fourth sentence marked as a claim.
static TRAINING: LazyLock<Project> = LazyLock::new(|| {
    let lines = [
        "Unemployment fell by 3.5 percent in 2021, according to the ministry.",
        "Thank you all for coming tonight, it means a lot to me.",
        "Le chômage a baissé de 2 % depuis janvier, selon l'Insee.",
        "I believe we can do better together, and we will.",
        "Prices rose faster than wages for the third year in a row.",
        "Let me be clear about what I want for this country.",
    ];
    let text: String = (0..TRAINING_SENTENCES)
        .map(|i| format!("{} ({i})\n", lines[i % lines.len()]))
        .collect();
    let document = Document::new("Training", text);
    let mut project = Project::new("Benchmark");
    let mut edits = vec![Edit::AddDocument {
        position: 0,
        document: document.clone(),
    }];
    let ranges = sentences::sentences(document.text.as_str());
    for (i, range) in ranges.iter().enumerate().filter(|(i, _)| i % 4 == 0) {
        edits.push(Edit::AddAnnotation(annotation(
            &document, *range, "claim", "", i as i64,
        )));
    }
    Edit::Batch(edits).apply(&mut project).unwrap();
    project
});

static TEXT: LazyLock<String> = LazyLock::new(generated_text);

fn main() {
    let claim = LabelId::from("claim");
    let trained = suggest::train(&TRAINING, &claim).unwrap();
    let mut project = TRAINING.clone();
    let big = Document::new("Grand article", TEXT.as_str());
    let big_id = big.id.clone();
    Edit::AddDocument {
        position: 1,
        document: big,
    }
    .apply(&mut project)
    .unwrap();
    let scores = suggest::Scores {
        model: Some(&trained),
        scorer: None,
        scorer_use: Default::default(),
    };
    let segment_and_score = median(
        5,
        || (),
        |()| {
            let candidates = suggest::candidates(&project, &claim, Some(&big_id));
            suggest::rank(&candidates, &claim, &scores, None).len()
        },
    );
    let bounds_floor = median(5, || (), |()| TEXT.split_sentence_bounds().count());
    let candidates = suggest::candidates(&project, &claim, Some(&big_id));
    let score_only = median(
        5,
        || (),
        |()| suggest::rank(&candidates, &claim, &scores, None).len(),
    );
    eprintln!(
        "  of which scoring {} sentences: {:.2} ms",
        candidates.len(),
        score_only.as_secs_f64() * 1e3
    );
    print(
        "segment + score 5 MB",
        segment_and_score,
        "UAX #29 bounds only",
        bounds_floor,
    );
    let retrain = median(5, || (), |()| suggest::train(&TRAINING, &claim).unwrap());
    let vectors_floor = median(
        5,
        || (),
        |()| {
            let document = &TRAINING.documents()[0];
            sentences::sentences(document.text.as_str())
                .into_iter()
                .map(|r| features::vector(document.text.slice(r).unwrap()))
                .collect::<Vec<_>>()
        },
    );
    print(
        "retrain on 5 000 sentences",
        retrain,
        "feature vectors only",
        vectors_floor,
    );
    divan::main();
}

#[divan::bench(sample_count = 5)]
fn segment_5mb() -> usize {
    sentences::sentences(&TEXT).len()
}

#[divan::bench(sample_count = 5)]
fn retrain_5000() -> f32 {
    let claim = LabelId::from("claim");
    suggest::train(&TRAINING, &claim).unwrap().model.threshold
}
