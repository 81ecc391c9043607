//! The suggestion model: logistic regression over hashed sparse features, trained with AdaGrad and
//! L2, positives weighted up to balance the classes, and a threshold chosen by cross-validation
//! to maximise F1.
//!
//! Written here rather than taken from `linfa-logistic`: that crate wants dense `ndarray`
//! matrices, and a 2^18-wide dense matrix of 5 000 sentences is 5 GB; this is sparse, about a
//! hundred lines, deterministic (a fixed shuffle), and trains on 5 000 sentences in milliseconds.

use super::features::{DIMENSION, Vector};

/// One training sentence.
#[derive(Clone, Debug)]
pub struct Example {
    pub vector: Vector,
    pub positive: bool,
    /// How much it counts (a rejected suggestion is a surer negative than an unmarked sentence).
    pub weight: f32,
}

#[derive(Clone, Debug)]
pub struct Model {
    weights: Vec<f32>,
    bias: f32,
    /// Scores at or above this are suggested.
    pub threshold: f32,
}

const EPOCHS: usize = 6;
const LEARNING_RATE: f32 = 0.4;
const L2: f32 = 1e-5;
/// Folds for choosing the threshold: four on a small project, where every example counts, two on
/// a large one, where two already see plenty and retraining must stay quick.
fn folds(examples: usize) -> usize {
    if examples > 2_000 { 2 } else { 4 }
}

impl Model {
    /// The probability that the sentence is positive.
    pub fn score(&self, vector: &Vector) -> f32 {
        sigmoid(self.margin(vector))
    }

    /// The probability that the sentence is positive, scored straight from its features (the
    /// same as [`Self::score`] of its vector, without building the vector).
    pub fn score_sentence(&self, sentence: &str) -> f32 {
        let (mut dot, mut squares) = (0.0f32, 0.0f32);
        super::features::visit(sentence, |bucket, value| {
            dot += self.weights[bucket as usize] * value;
            squares += value * value;
        });
        let norm = squares.sqrt();
        sigmoid(self.bias + if norm > 0.0 { dot / norm } else { 0.0 })
    }

    fn margin(&self, vector: &Vector) -> f32 {
        self.bias
            + vector
                .iter()
                .map(|&(b, v)| self.weights[b as usize] * v)
                .sum::<f32>()
    }
}

/// Trains on every example, with the threshold that gave the best F1 across folds; `None`
/// without at least one positive and one negative.
pub fn train(examples: &[Example]) -> Option<Model> {
    let positives = examples.iter().filter(|e| e.positive).count();
    if positives == 0 || positives == examples.len() {
        return None;
    }
    let all: Vec<usize> = (0..examples.len()).collect();
    let mut model = fit(examples, &all);
    model.threshold = cross_validated_threshold(examples).unwrap_or(0.5);
    Some(model)
}

/// One logistic regression over the examples of these indices, in a fixed shuffled order.
fn fit(examples: &[Example], indices: &[usize]) -> Model {
    let positives = indices.iter().filter(|&&i| examples[i].positive).count().max(1) as f32;
    let negatives = (indices.len() as f32 - positives).max(1.0);
    // Balance the classes, but not beyond 4:1, which would make every sentence a claim.
    let positive_weight = (negatives / positives).clamp(1.0, 4.0);
    let mut weights = vec![0f32; DIMENSION];
    let mut squares = vec![1e-6f32; DIMENSION];
    let (mut bias, mut bias_squares) = (0f32, 1e-6f32);
    let order: Vec<usize> = shuffled(indices.len()).into_iter().map(|i| indices[i]).collect();
    for _ in 0..EPOCHS {
        for &i in &order {
            let example = &examples[i];
            let margin = bias
                + example
                    .vector
                    .iter()
                    .map(|&(b, v)| weights[b as usize] * v)
                    .sum::<f32>();
            let target = if example.positive { 1.0 } else { 0.0 };
            let class_weight = if example.positive { positive_weight } else { 1.0 };
            let error = (sigmoid(margin) - target) * class_weight * example.weight;
            for &(b, v) in &example.vector {
                let b = b as usize;
                let gradient = error * v + L2 * weights[b];
                squares[b] += gradient * gradient;
                weights[b] -= LEARNING_RATE * gradient / squares[b].sqrt();
            }
            bias_squares += error * error;
            bias -= LEARNING_RATE * error / bias_squares.sqrt();
        }
    }
    Model {
        weights,
        bias,
        threshold: 0.5,
    }
}

/// The threshold with the best F1 over held-out folds (each example scored by a model that did
/// not see it); `None` with too few examples to fold.
fn cross_validated_threshold(examples: &[Example]) -> Option<f32> {
    let folds = folds(examples.len());
    if examples.len() < 2 * folds {
        return None;
    }
    let order = shuffled(examples.len());
    let mut scored: Vec<(f32, bool)> = Vec::with_capacity(examples.len());
    for fold in 0..folds {
        let (held, kept): (Vec<usize>, Vec<usize>) = order.iter().partition(|&&i| i % folds == fold);
        let positives = kept.iter().filter(|&&i| examples[i].positive).count();
        if positives == 0 || positives == kept.len() {
            continue;
        }
        let model = fit(examples, &kept);
        scored.extend(
            held.iter()
                .map(|&i| (model.score(&examples[i].vector), examples[i].positive)),
        );
    }
    best_threshold(&mut scored)
}

/// The score threshold with the highest F1 on (score, positive) pairs.
pub fn best_threshold(scored: &mut [(f32, bool)]) -> Option<f32> {
    let total_positive = scored.iter().filter(|(_, p)| *p).count();
    if total_positive == 0 {
        return None;
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (mut true_positives, mut best, mut best_f1) = (0usize, None, -1.0f64);
    for (i, &(score, positive)) in scored.iter().enumerate() {
        true_positives += usize::from(positive);
        // Only between distinct scores: a threshold cannot split equal ones.
        if scored.get(i + 1).is_some_and(|next| next.0 == score) {
            continue;
        }
        let f1 = 2.0 * true_positives as f64 / ((i + 1) as f64 + total_positive as f64);
        if f1 > best_f1 {
            best_f1 = f1;
            // Halfway to the next lower score, so a slightly lower new sentence still passes.
            let next = scored.get(i + 1).map_or(0.0, |n| n.0);
            best = Some((score + next) / 2.0);
        }
    }
    best
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x.clamp(-30.0, 30.0)).exp())
}

/// 0..len in a fixed pseudo-random order (a linear congruential shuffle: the same project always
/// trains the same model).
fn shuffled(len: usize) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..len).rev() {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        order.swap(i, (state >> 33) as usize % (i + 1));
    }
    order
}

#[cfg(test)]
mod tests {
    use super::super::features::vector;
    use super::*;

    fn example(text: &str, positive: bool) -> Example {
        Example {
            vector: vector(text),
            positive,
            weight: 1.0,
        }
    }

    #[test]
    fn learns_numbers_from_chatter() {
        let mut examples = Vec::new();
        for i in 0..20 {
            examples.push(example(
                &format!("Unemployment fell by {i} percent in 20{i:02}."),
                true,
            ));
            examples.push(example(&format!("Thank you so much, friend number {i}!"), false));
            examples.push(example("I am so happy to be here tonight.", false));
        }
        let model = train(&examples).expect("both classes");
        let claim = model.score(&vector("Prices rose by 7 percent in 2021."));
        let chatter = model.score(&vector("I am so glad to be with you tonight."));
        assert!(
            claim > model.threshold && chatter < model.threshold,
            "{claim} {chatter} {}",
            model.threshold
        );
    }

    #[test]
    fn scoring_a_sentence_equals_scoring_its_vector() {
        let examples: Vec<Example> = (0..30)
            .map(|i| {
                example(
                    &format!("Prices rose by {i} percent, said the minister."),
                    i % 3 == 0,
                )
            })
            .chain([example("Merci à tous, c'est formidable !", false)])
            .collect();
        let model = train(&examples).expect("both classes");
        for text in [
            "Prices rose 12% in 2021.",
            "Oui.",
            "",
            "Цены выросли на 5 %.",
            "قال الوزير",
        ] {
            let (direct, through) = (model.score_sentence(text), model.score(&vector(text)));
            assert!((direct - through).abs() < 1e-5, "{text}: {direct} {through}");
        }
    }

    #[test]
    fn refuses_one_class() {
        assert!(train(&[example("a", true), example("b", true)]).is_none());
        assert!(train(&[]).is_none());
    }

    #[test]
    fn thresholds_by_case() {
        // (scores and labels, best threshold)
        type Scored<'a> = &'a [(f32, bool)];
        let cases: &[(Scored, Option<f32>)] = &[
            (
                &[(0.9, true), (0.8, true), (0.3, false), (0.1, false)],
                Some(0.55),
            ),
            (&[(0.9, false), (0.8, true)], Some(0.4)),
            (&[(0.5, false)], None),
            (&[(0.6, true), (0.6, false), (0.2, false)], Some(0.4)),
        ];
        for (pairs, expected) in cases {
            let mut pairs = pairs.to_vec();
            let found = best_threshold(&mut pairs);
            assert_eq!(found.map(|t| (t * 100.0).round() / 100.0), *expected, "{pairs:?}");
        }
    }

    #[test]
    fn shuffles_every_index_once() {
        let mut order = shuffled(100);
        order.sort_unstable();
        assert_eq!(order, (0..100).collect::<Vec<_>>());
    }
}
