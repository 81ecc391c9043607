//! Kappa over characters: every character of a document is an item, and each annotator puts it
//! in one category — the label of the shortest span covering it, or none (as
//! [`scoring`](crate::model::scoring) does for a student against the key); per label, "in a span of
//! this label" or not.
//!
//! - Fleiss' kappa (any number of annotators, the same on every item):
//!   `P_i = Σ_j n_ij(n_ij − 1) / (n(n − 1))`, `P̄` their mean, `p_j` each category's share of all
//!   ratings, `P_e = Σ p_j²`, `κ = (P̄ − P_e) / (1 − P_e)`.
//! - Cohen's kappa (two annotators) from their confusion table, with `scoring`'s formula.
//!
//! Both are `None` with no item, fewer than two annotators, or no variation (every rating in one
//! category, e.g. a document nobody marked: chance agreement is 1 and kappa 0/0). The known
//! weakness: text nobody marked counts as agreement on "none", so long unmarked stretches raise
//! kappa.
//!
//! Counts add up over documents, so the figure over several documents is one study of all their
//! characters (with the same annotators on each).

/// What Fleiss' kappa is made of, summed over items.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FleissCounts {
    pub raters: u64,
    pub items: u64,
    /// `Σ_i Σ_j n_ij(n_ij − 1)`: pairs of raters agreeing, over all items.
    agreeing: u64,
    /// Ratings of each category over all items.
    totals: Vec<u64>,
}

impl FleissCounts {
    pub fn new(raters: usize, categories: usize) -> Self {
        Self {
            raters: raters as u64,
            items: 0,
            agreeing: 0,
            totals: vec![0; categories],
        }
    }

    /// One item: how many raters put it in each category (they sum to `raters`).
    pub fn add_item(&mut self, counts: &[u64]) {
        debug_assert_eq!(counts.iter().sum::<u64>(), self.raters);
        self.items += 1;
        for (total, &n) in self.totals.iter_mut().zip(counts) {
            *total += n;
            self.agreeing += n * n.saturating_sub(1);
        }
    }

    /// Adds the items of another document rated by the same number of raters.
    pub fn add(&mut self, other: &Self) {
        debug_assert_eq!(self.raters, other.raters);
        self.items += other.items;
        self.agreeing += other.agreeing;
        for (mine, theirs) in self.totals.iter_mut().zip(&other.totals) {
            *mine += theirs;
        }
    }

    pub fn kappa(&self) -> Option<f64> {
        let ratings = self.items * self.raters;
        if self.raters < 2 || self.items == 0 || self.totals.contains(&ratings) {
            return None;
        }
        let pairs = (self.items * self.raters * (self.raters - 1)) as f64;
        let observed = self.agreeing as f64 / pairs;
        let expected: f64 = self
            .totals
            .iter()
            .map(|&t| {
                let share = t as f64 / ratings as f64;
                share * share
            })
            .sum();
        Some((observed - expected) / (1.0 - expected))
    }
}

/// Fleiss' kappa of a table of items: `items[i][j]` raters put item `i` in category `j`.
pub fn fleiss_kappa(items: &[Vec<u64>]) -> Option<f64> {
    let first = items.first()?;
    let mut counts = FleissCounts::new(first.iter().sum::<u64>() as usize, first.len());
    for item in items {
        counts.add_item(item);
    }
    counts.kappa()
}

/// Cohen's kappa of a square confusion table (`table[a * size + b]`), `None` where undefined
/// (see the module's notes).
pub fn cohen_kappa(table: &[u64], size: usize) -> Option<f64> {
    let total: u64 = table.iter().sum();
    // No variation: both put everything in the same single category.
    if (0..size).any(|c| table[c * size + c] == total) {
        return None;
    }
    crate::model::scoring::kappa(table, size)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of Fleiss' kappa on Wikipedia (10 items, 14 raters, 5 categories):
    /// P̄ = 0.378, P_e = 0.213, κ = 0.210.
    #[test]
    fn fleiss_worked_example() {
        let items: Vec<Vec<u64>> = [
            [0, 0, 0, 0, 14],
            [0, 2, 6, 4, 2],
            [0, 0, 3, 5, 6],
            [0, 3, 9, 2, 0],
            [2, 2, 8, 1, 1],
            [7, 7, 0, 0, 0],
            [3, 2, 6, 3, 0],
            [2, 5, 3, 2, 2],
            [6, 5, 2, 1, 0],
            [0, 2, 2, 3, 7],
        ]
        .iter()
        .map(|row| row.to_vec())
        .collect();
        let kappa = fleiss_kappa(&items).unwrap();
        assert!((kappa - 0.210).abs() < 0.0005, "{kappa}");
    }

    #[test]
    fn kappa_by_case() {
        // (items, Fleiss' kappa)
        let cases: [(&[&[u64]], Option<f64>); 6] = [
            // Perfect agreement over two categories.
            (&[&[3, 0], &[0, 3], &[3, 0]], Some(1.0)),
            // Everything in one category (a text nobody marked): undefined.
            (&[&[3, 0], &[3, 0]], None),
            // No items, a single rater.
            (&[], None),
            (&[&[1, 0], &[0, 1]], None),
            // Two raters always apart: P̄ = 0, p = ½ each, P_e = ½: κ = −1.
            (&[&[1, 1], &[1, 1]], Some(-1.0)),
            // By hand: two raters, items (2,0), (1,1), (0,2), (2,0): P̄ = 3/4,
            // p = (5/8, 3/8), P_e = 34/64: κ = (3/4 − 34/64)/(30/64) = 14/30.
            (&[&[2, 0], &[1, 1], &[0, 2], &[2, 0]], Some(14.0 / 30.0)),
        ];
        for (items, expected) in cases {
            let items: Vec<Vec<u64>> = items.iter().map(|i| i.to_vec()).collect();
            let got = fleiss_kappa(&items);
            match (got, expected) {
                (Some(got), Some(expected)) => {
                    assert!((got - expected).abs() < 1e-12, "{items:?}: {got}")
                }
                _ => assert_eq!(got, expected, "{items:?}"),
            }
        }
    }

    #[test]
    fn cohen_by_case() {
        // (2×2 table, kappa); the first as in scoring's test: po 0.7, pe 0.5.
        let cases = [
            ([20, 10, 5, 15], Some(0.4)),
            ([7, 0, 0, 0], None),
            ([0, 0, 0, 0], None),
            ([0, 3, 0, 0], Some(0.0)),
            ([4, 0, 0, 6], Some(1.0)),
        ];
        for (table, expected) in cases {
            let got = cohen_kappa(&table, 2);
            match (got, expected) {
                (Some(got), Some(expected)) => assert!((got - expected).abs() < 1e-12, "{table:?}"),
                _ => assert_eq!(got, expected, "{table:?}"),
            }
        }
        // With two raters, Fleiss and Cohen differ only in how chance is estimated; on a
        // symmetric table they agree.
        let fleiss = fleiss_kappa(&[vec![2, 0], vec![2, 0], vec![0, 2], vec![1, 1], vec![1, 1]]).unwrap();
        let cohen = cohen_kappa(&[2, 1, 1, 1], 2).unwrap();
        assert!((fleiss - cohen).abs() < 1e-12, "{fleiss} {cohen}");
    }
}
