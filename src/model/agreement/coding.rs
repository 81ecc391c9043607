//! Krippendorff's alpha for nominal data with missing values, from the coincidence matrix
//! (Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
//!
//! Each unit holds the values the coders gave it (some coders may give none). A unit with `m_u ≥ 2`
//! values adds `1/(m_u − 1)` to `o[c][k]` for every ordered pair of values `c`, `k` of two
//! different coders; units with fewer than two values are not pairable and drop out. With `n_c`
//! the number of pairable values of category `c` and `n = Σ n_c`:
//! `α = 1 − (n − 1) · Σ_{c≠k} o[c][k] / Σ_{c≠k} n_c n_k`.
//!
//! Per category, the binary collapse (the category against every other value):
//! `α_c = 1 − (n − 1) · o[c][¬c] / (n_c · n_¬c)`.
//!
//! Undefined (`None`): no pairable value, or no variation (every pairable value is the same
//! category, so expected disagreement is 0 — agreement on one value cannot be told from chance).
//! The matrix is a sum over units, so studies on several documents add up.

/// The coincidence matrix of a study, and the counts it is made of.
#[derive(Clone, Debug, PartialEq)]
pub struct Coincidences {
    categories: usize,
    /// `o[c * categories + k]`.
    matrix: Vec<f64>,
    /// `n_c`: pairable values of each category (whole numbers, kept exactly).
    values: Vec<u64>,
    /// Units with at least two values.
    pub pairable_units: usize,
}

impl Coincidences {
    pub fn new(categories: usize) -> Self {
        Self {
            categories,
            matrix: vec![0.0; categories * categories],
            values: vec![0; categories],
            pairable_units: 0,
        }
    }

    /// Adds a unit's values, one per coder who gave one.
    pub fn add_unit(&mut self, values: &[usize]) {
        let m = values.len();
        if m < 2 {
            return;
        }
        self.pairable_units += 1;
        // The unit's values counted by category: o[c][k] += n_uc · (n_uk − [c = k]) / (m − 1).
        let mut counts: Vec<(usize, u64)> = Vec::with_capacity(m);
        for &value in values {
            match counts.iter_mut().find(|(c, _)| *c == value) {
                Some((_, n)) => *n += 1,
                None => counts.push((value, 1)),
            }
        }
        let weight = 1.0 / (m - 1) as f64;
        for &(c, n_c) in &counts {
            self.values[c] += n_c;
            for &(k, n_k) in &counts {
                let pairs = if c == k { n_c * (n_c - 1) } else { n_c * n_k };
                self.matrix[c * self.categories + k] += pairs as f64 * weight;
            }
        }
    }

    /// Adds another study's units (same categories).
    pub fn add(&mut self, other: &Self) {
        for (mine, theirs) in self.matrix.iter_mut().zip(&other.matrix) {
            *mine += theirs;
        }
        for (mine, theirs) in self.values.iter_mut().zip(&other.values) {
            *mine += theirs;
        }
        self.pairable_units += other.pairable_units;
    }

    fn total(&self) -> u64 {
        self.values.iter().sum()
    }

    /// `Σ_k o[c][k]` for `k ≠ c`.
    fn off_diagonal(&self, c: usize) -> f64 {
        let row = &self.matrix[c * self.categories..(c + 1) * self.categories];
        row.iter().sum::<f64>() - row[c]
    }

    /// Nominal alpha over every category.
    pub fn alpha(&self) -> Option<f64> {
        let n = self.total();
        let squares: u128 = self.values.iter().map(|&v| v as u128 * v as u128).sum();
        let expected = (n as u128 * n as u128).checked_sub(squares)?;
        if n == 0 || expected == 0 {
            return None;
        }
        let observed: f64 = (0..self.categories).map(|c| self.off_diagonal(c)).sum();
        Some(1.0 - (n - 1) as f64 * observed / expected as f64)
    }

    /// Alpha of category `c` against every other value.
    pub fn alpha_of(&self, c: usize) -> Option<f64> {
        let n = self.total();
        let (inside, outside) = (self.values[c], n - self.values[c]);
        if inside == 0 || outside == 0 {
            return None;
        }
        let observed = self.off_diagonal(c);
        Some(1.0 - (n - 1) as f64 * observed / (inside as f64 * outside as f64))
    }
}

/// Nominal alpha of a reliability data matrix: `data[coder][unit]`, `None` where the coder gave
/// the unit no value; values are category numbers.
pub fn nominal_alpha(data: &[Vec<Option<usize>>]) -> Option<f64> {
    let categories = data.iter().flatten().flatten().max().map_or(0, |&c| c + 1);
    let units = data.iter().map(Vec::len).max().unwrap_or(0);
    let mut coincidences = Coincidences::new(categories);
    for unit in 0..units {
        let values: Vec<usize> = data
            .iter()
            .filter_map(|coder| coder.get(unit).copied().flatten())
            .collect();
        coincidences.add_unit(&values);
    }
    coincidences.alpha()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(values: &str) -> Vec<Option<usize>> {
        values.split_whitespace().map(|v| v.parse().ok()).collect()
    }

    /// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
    /// observers, twelve units, missing data; nominal α = 0.743.
    #[test]
    fn krippendorff_2011_example() {
        let data = [
            row("1 2 3 3 2 1 4 1 2 . . ."),
            row("1 2 3 3 2 2 4 1 2 5 . 3"),
            row(". 3 3 3 2 3 4 2 2 5 1 ."),
            row("1 2 3 3 2 4 4 1 2 5 1 ."),
        ];
        let alpha = nominal_alpha(&data).unwrap();
        assert!((alpha - 0.743).abs() < 0.0005, "{alpha}");
        // Unit 12 has a single value: not pairable.
        let mut c = Coincidences::new(6);
        for unit in 0..12 {
            let values: Vec<usize> = data.iter().filter_map(|r| r[unit]).collect();
            c.add_unit(&values);
        }
        assert_eq!((c.pairable_units, c.total()), (11, 40));
    }

    #[test]
    fn alpha_by_case() {
        // (reliability data, nominal alpha)
        let cases: [(&[&str], Option<f64>); 7] = [
            // Perfect agreement over two categories.
            (&["0 1 0 1", "0 1 0 1"], Some(1.0)),
            // Systematic disagreement: always the other value. n = 8, o01 = o10 = 4,
            // n0 = n1 = 4: 1 − 7·8/(2·16) = −0.75.
            (&["0 1 0 1", "1 0 1 0"], Some(-0.75)),
            // One category only: no variation, undefined.
            (&["2 2 2", "2 2 2"], None),
            // Nothing pairable: every unit has one value.
            (&["0 . 1", ". 1 ."], None),
            // A missing coder on some units. Units: (0,0), (1,1), (0,1,·) with a third coder
            // on unit 3 only: (0,1,1). n = 7; o01 = o10 = 1 (unit 3: pairs 0-1 twice, weight ½);
            // n0 = 3, n1 = 4: 1 − 6·2/(2·12) = 0.5.
            (&["0 1 0", "0 1 1", ". . 1"], Some(0.5)),
            // Hand-computed with three categories. Units (0,1), (1,2), (2,2), (0,0):
            // n = 8, n0 = 3, n1 = 2, n2 = 3; off-diagonal 2 + 2 = 4;
            // Σ_{c≠k} n_c n_k = 64 − (9 + 4 + 9) = 42: 1 − 7·4/42 = 1/3.
            (&["0 1 2 0", "1 2 2 0"], Some(1.0 / 3.0)),
            // No data.
            (&[], None),
        ];
        for (rows, expected) in cases {
            let data: Vec<Vec<Option<usize>>> = rows.iter().map(|r| row(r)).collect();
            let got = nominal_alpha(&data);
            match (got, expected) {
                (Some(got), Some(expected)) => {
                    assert!((got - expected).abs() < 1e-12, "{rows:?}: {got}")
                }
                _ => assert_eq!(got, expected, "{rows:?}"),
            }
        }
    }

    #[test]
    fn binary_collapse_by_hand() {
        // Units (0,1), (1,2), (2,2), (0,0) as above. Category 2 against the rest: n2 = 3,
        // n¬2 = 5, o[2][¬2] = 1: 1 − 7·1/15 = 8/15. Category 0: n0 = 3, o[0][¬0] = 1: 8/15 too.
        // Category 1: n1 = 2, n¬1 = 6, o[1][¬1] = 2: 1 − 7·2/12 = −1/6.
        let mut c = Coincidences::new(3);
        for unit in [[0, 1], [1, 2], [2, 2], [0, 0]] {
            c.add_unit(&unit);
        }
        let cases = [(0, 8.0 / 15.0), (1, -1.0 / 6.0), (2, 8.0 / 15.0)];
        for (category, expected) in cases {
            let got = c.alpha_of(category).unwrap();
            assert!((got - expected).abs() < 1e-12, "{category}: {got}");
        }
        // A category nobody gave, and studies adding up.
        let mut d = Coincidences::new(4);
        d.add_unit(&[0, 1]);
        assert_eq!(d.alpha_of(3), None);
        let mut sum = Coincidences::new(3);
        let mut first = Coincidences::new(3);
        first.add_unit(&[0, 1]);
        first.add_unit(&[1, 2]);
        let mut second = Coincidences::new(3);
        second.add_unit(&[2, 2]);
        second.add_unit(&[0, 0]);
        sum.add(&first);
        sum.add(&second);
        assert_eq!(sum.alpha(), c.alpha());
    }
}
