//! Krippendorff's unitizing alpha (αu) of one category over one continuum: how well several
//! coders agree on where the units of the category are, not only on what they are (Krippendorff
//! 1995, "On the reliability of unitizing contiguous data"; 2004, "Content Analysis", 2nd ed.,
//! pp. 251–256).
//!
//! Each coder's continuum `[0, L)` is cut into *sections*: their units of the category and the
//! gaps between them. With `m` coders:
//!
//! - Observed disagreement `D_o = 2 / (m(m−1)L²) · Σ_{i<j} Σ δ²` over every pair of overlapping
//!   sections (one of coder `i`, one of coder `j`), where two units `(b1,l1)`, `(b2,l2)` give
//!   `δ² = (b1−b2)² + ((b1+l1)−(b2+l2))²`, a unit of length `l` lying inside a gap of the other
//!   coder gives `l²`, and anything else (gap with gap, a unit only partly in a gap) gives 0.
//!   Both coders' section lists are walked in one sweep, each overlapping pair once.
//! - Expected disagreement `D_e = (2/L) · Σ_g [(N−1)(2l³−3l²+l)/3 + l² Σ_{h: l_h ≥ l}(l_h−l+1)] /
//!   [mL(mL−1) − Σ_g l(l−1)]`, over every unit `g` of the category (all coders, `N` of them) and
//!   every gap `h` (all coders); the inner sum comes from the gaps sorted by length with suffix
//!   sums and a binary search, so 60 000 units cost a sort, not a nested loop.
//! - `αu = 1 − D_o/D_e`, and over several categories `1 − ΣD_o/ΣD_e` (the same as the ratio of
//!   their means).
//!
//! Sums are kept as exact integers (`u128`) until the final division.
//!
//! When `D_e` is 0, alpha is **undefined** (`None`), never 1: that happens with no unit of the
//! category at all (nobody used the label), an empty continuum, fewer than two coders, or no
//! variation at all (every coder made every character a unit of its own, so no gap exists and
//! every unit has length 1). `D_e = 0` forces `D_o = 0` (any disagreement needs a gap as long as
//! a unit, or a unit longer than 1 beside another unit), so there is no "0/0 means perfect"
//! case to guess: the data cannot tell agreement from chance there.
//!
//! A coder's units of one category must not overlap: overlapping or nested ones are merged into
//! their union first (touching ones, `[0,5)` and `[5,9)`, stay two units).

/// Observed and expected disagreement of one category.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Disagreement {
    pub observed: f64,
    pub expected: f64,
}

impl Disagreement {
    /// `1 − D_o/D_e`; `None` when `D_e` is 0 (see the module's notes).
    pub fn alpha(&self) -> Option<f64> {
        combined(std::slice::from_ref(self))
    }
}

/// αu over several categories: `1 − ΣD_o / ΣD_e`; `None` when no category has any expected
/// disagreement.
pub fn combined(categories: &[Disagreement]) -> Option<f64> {
    let observed: f64 = categories.iter().map(|d| d.observed).sum();
    let expected: f64 = categories.iter().map(|d| d.expected).sum();
    (expected > 0.0).then(|| 1.0 - observed / expected)
}

/// A coder's units as sorted, non-overlapping half-open ranges within `[0, length)`: clipped to
/// the continuum, empty ones dropped, overlapping or nested ones merged into their union.
pub fn merged(units: &[(usize, usize)], length: usize) -> Vec<(usize, usize)> {
    let mut sorted: Vec<(usize, usize)> = units
        .iter()
        .map(|&(start, end)| (start.min(length), end.min(length)))
        .filter(|(start, end)| start < end)
        .collect();
    sorted.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(sorted.len());
    for (start, end) in sorted {
        match out.last_mut() {
            Some(last) if start < last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
}

/// One section of a coder's continuum: a unit of the category or a gap between units.
#[derive(Clone, Copy, Debug)]
struct Section {
    start: usize,
    end: usize,
    unit: bool,
}

/// The sections of `[0, length)` for merged units; gaps of length 0 are left out.
fn sections(units: &[(usize, usize)], length: usize) -> Vec<Section> {
    let mut out = Vec::with_capacity(2 * units.len() + 1);
    let mut position = 0;
    for &(start, end) in units {
        if start > position {
            out.push(Section {
                start: position,
                end: start,
                unit: false,
            });
        }
        out.push(Section {
            start,
            end,
            unit: true,
        });
        position = end;
    }
    if position < length {
        out.push(Section {
            start: position,
            end: length,
            unit: false,
        });
    }
    out
}

fn square(n: usize) -> u128 {
    (n as u128) * (n as u128)
}

/// δ² of two overlapping sections of two coders.
fn delta_squared(a: Section, b: Section) -> u128 {
    match (a.unit, b.unit) {
        (true, true) => square(a.start.abs_diff(b.start)) + square(a.end.abs_diff(b.end)),
        (true, false) if b.start <= a.start && a.end <= b.end => square(a.end - a.start),
        (false, true) if a.start <= b.start && b.end <= a.end => square(b.end - b.start),
        _ => 0,
    }
}

/// Σ δ² over the overlapping sections of two coders, in one sweep of both lists (each is a
/// partition of the same continuum, so the current two always overlap).
fn observed_sum(a: &[Section], b: &[Section]) -> u128 {
    let (mut i, mut j, mut sum) = (0, 0, 0u128);
    while i < a.len() && j < b.len() {
        sum += delta_squared(a[i], b[j]);
        let (end_a, end_b) = (a[i].end, b[j].end);
        if end_a <= end_b {
            i += 1;
        }
        if end_b <= end_a {
            j += 1;
        }
    }
    sum
}

/// `D_o` and `D_e` of one category: `coders[i]` holds coder `i`'s units on `[0, length)` as
/// half-open ranges (merged first, see [`merged`]).
pub fn disagreement(coders: &[Vec<(usize, usize)>], length: usize) -> Disagreement {
    let m = coders.len();
    if m < 2 || length == 0 {
        return Disagreement::default();
    }
    let units: Vec<Vec<(usize, usize)>> = coders.iter().map(|c| merged(c, length)).collect();
    let sections: Vec<Vec<Section>> = units.iter().map(|u| sections(u, length)).collect();

    let mut observed = 0u128;
    for i in 0..m {
        for j in i + 1..m {
            observed += observed_sum(&sections[i], &sections[j]);
        }
    }

    let lengths: Vec<usize> = units.iter().flatten().map(|(s, e)| e - s).collect();
    let count = lengths.len() as u128;
    let mut gaps: Vec<usize> = sections
        .iter()
        .flatten()
        .filter(|s| !s.unit)
        .map(|s| s.end - s.start)
        .collect();
    gaps.sort_unstable();
    // suffix[k] = Σ gaps[k..]
    let mut suffix = vec![0u128; gaps.len() + 1];
    for k in (0..gaps.len()).rev() {
        suffix[k] = suffix[k + 1] + gaps[k] as u128;
    }
    let mut numerator = 0u128;
    let mut within = 0u128;
    for &l in &lengths {
        let l128 = l as u128;
        // l(l−1)(2l−1) = 2l³−3l²+l is six times a sum of squares: divisible by 3.
        let own = (count - 1) * (l128 * (l128 - 1) * (2 * l128 - 1) / 3);
        let first = gaps.partition_point(|&g| g < l);
        let longer = (gaps.len() - first) as u128;
        let in_gaps = suffix[first] - (l128 - 1) * longer;
        numerator += own + l128 * l128 * in_gaps;
        within += l128 * (l128 - 1);
    }
    let total = (m as u128) * (length as u128);
    let denominator = total * (total - 1) - within;
    let l = length as f64;
    let expected = if numerator == 0 || denominator == 0 {
        0.0
    } else {
        2.0 / l * (numerator as f64 / denominator as f64)
    };
    Disagreement {
        observed: 2.0 * observed as f64 / ((m * (m - 1)) as f64 * l * l),
        expected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(start: usize, end: usize) -> Section {
        Section {
            start,
            end,
            unit: true,
        }
    }

    fn gap(start: usize, end: usize) -> Section {
        Section {
            start,
            end,
            unit: false,
        }
    }

    /// Krippendorff (2004), "Content Analysis", 2nd ed., p. 254 (the example DKPro Statistics'
    /// Krippendorff2004Test uses): two coders, a continuum from 150 of length 300, categories c
    /// and k. Positions here are counted from the continuum's beginning (150).
    fn book(category: char) -> Vec<Vec<(usize, usize)>> {
        let at = |begin: usize, length: usize| (begin - 150, begin - 150 + length);
        match category {
            'c' => vec![
                vec![at(225, 70), at(370, 30)],
                vec![at(220, 80), at(355, 20), at(400, 20)],
            ],
            _ => vec![vec![at(180, 60), at(300, 50)], vec![at(180, 60), at(300, 50)]],
        }
    }

    #[test]
    fn krippendorff_2004_example() {
        let c = disagreement(&book('c'), 300);
        let k = disagreement(&book('k'), 300);
        // The book prints four decimals.
        let cases = [
            ("D_o(c)", c.observed, 0.0144),
            ("D_e(c)", c.expected, 0.0532),
            ("alpha(c)", c.alpha().unwrap(), 0.7286),
            ("D_o(k)", k.observed, 0.0),
            ("D_e(k)", k.expected, 0.0490),
            ("alpha(k)", k.alpha().unwrap(), 1.0),
        ];
        for (what, got, printed) in cases {
            assert!((got - printed).abs() < 0.00005, "{what}: {got} vs {printed}");
        }
        // The book's 0.8591 is 1 − 0.0144/(0.0532+0.0490), from the rounded figures; unrounded
        // it is 1 − 0.014444/0.102201 = 0.8587.
        let all = combined(&[c, k]).unwrap();
        assert!((all - 0.8591).abs() < 0.001, "{all}");
        assert!((all - 0.858_666).abs() < 1e-5, "{all}");
        // Exactly: D_o(c) = 2·1300/(2·300²), D_e(c) = (2/300)·2 767 160/346 620.
        assert!((c.observed - 1300.0 / 90_000.0).abs() < 1e-15);
        assert!((c.expected - 2.0 / 300.0 * 2_767_160.0 / 346_620.0).abs() < 1e-15);
    }

    #[test]
    fn delta_squared_by_case() {
        // (section of one coder, section of the other, δ²); the first three from the book, at
        // their book positions.
        let cases = [
            (unit(225, 295), unit(220, 300), 50),
            (unit(370, 400), unit(355, 375), 850),
            (gap(400, 450), unit(400, 420), 400),
            (unit(400, 420), gap(400, 450), 400),
            // A unit only partly in a gap: its boundaries are counted against the other unit.
            (unit(10, 30), gap(20, 40), 0),
            (gap(0, 10), gap(5, 20), 0),
            (unit(0, 10), unit(0, 10), 0),
        ];
        for (a, b, expected) in cases {
            assert_eq!(delta_squared(a, b), expected, "{a:?} {b:?}");
        }
    }

    #[test]
    fn sweep_counts_each_overlapping_pair_once() {
        let (a, b) = (book('c').remove(0), book('c').remove(1));
        let sum = observed_sum(&sections(&a, 300), &sections(&b, 300));
        assert_eq!(sum, 50 + 850 + 400);
        assert_eq!(
            observed_sum(&sections(&b, 300), &sections(&a, 300)),
            sum,
            "symmetric"
        );
    }

    #[test]
    fn alpha_by_case() {
        // (units per coder, continuum length, alpha)
        type Case = (Vec<Vec<(usize, usize)>>, usize, Option<f64>);
        let cases: [Case; 9] = [
            // Perfect agreement.
            (vec![vec![(10, 20), (40, 45)]; 3], 100, Some(1.0)),
            // Nobody used the category: undefined.
            (vec![vec![], vec![]], 100, None),
            // Everything covered by one unit for both: no gap, but units longer than 1 make
            // D_e > 0 — and they agree.
            (vec![vec![(0, 50)], vec![(0, 50)]], 50, Some(1.0)),
            // Every character a unit of its own for both: no variation, undefined.
            (vec![(0..4).map(|i| (i, i + 1)).collect(); 2], 4, None),
            // An empty continuum, or a single coder.
            (vec![vec![], vec![]], 0, None),
            (vec![vec![(0, 3)]], 10, None),
            // A coder who marked nothing against one who did: hand-computed.
            // D_o = 2/(2·1·100)·(10²) = 0.01 (the unit lies in the other's gap of 100).
            // Gaps: 0..10, 20..100 of coder 0 and 0..100 of coder 1; unit l = 10, N = 1.
            // D_e = (2/100)·[0 + 100·((10−9) + (80−9) + (100−9))] / [200·199 − 90]
            //     = 0.02·16 300/39 710.
            (
                vec![vec![(10, 20)], vec![]],
                100,
                Some(1.0 - 0.01 / (0.02 * 16_300.0 / 39_710.0)),
            ),
            // Nested and overlapping units of one coder are their union: the same as one unit.
            (
                vec![vec![(10, 30), (12, 18), (25, 30)], vec![(10, 30)]],
                100,
                Some(1.0),
            ),
            // Touching units stay two units: against one unit over both, disagreement.
            (
                vec![vec![(10, 20), (20, 30)], vec![(10, 30)]],
                100,
                Some({
                    // δ²: (10,20)/(10,30) = 0 + 100; (20,30)/(10,30) = 100 + 0. D_o = 200/10 000.
                    // Units 10, 10, 20 (N = 3); gaps 10, 70 for each coder.
                    let own = 2.0 * (2.0 * 10.0 * 9.0 * 19.0 / 3.0) + 2.0 * 20.0 * 19.0 * 39.0 / 3.0;
                    let ten = 100.0 * 2.0 * (1.0 + 61.0);
                    let twenty = 400.0 * 2.0 * 51.0;
                    let expected = 0.02 * (own + 2.0 * ten + twenty) / (200.0 * 199.0 - 2.0 * 90.0 - 380.0);
                    1.0 - 0.02 / expected
                }),
            ),
        ];
        for (coders, length, expected) in cases {
            let got = disagreement(&coders, length).alpha();
            match (got, expected) {
                (Some(got), Some(expected)) => {
                    assert!((got - expected).abs() < 1e-12, "{coders:?}: {got} vs {expected}")
                }
                _ => assert_eq!(got, expected, "{coders:?}"),
            }
        }
    }

    #[test]
    fn systematic_disagreement_is_below_chance() {
        // One coder marks exactly where the other leaves gaps.
        let a = vec![(0, 10), (20, 30), (40, 50)];
        let b = vec![(10, 20), (30, 40), (50, 60)];
        let alpha = disagreement(&[a, b], 60).alpha().unwrap();
        assert!(alpha < 0.0, "{alpha}");
    }

    #[test]
    fn merged_by_case() {
        type Case<'a> = (&'a [(usize, usize)], usize, &'a [(usize, usize)]);
        let cases: [Case; 5] = [
            (&[(5, 9), (0, 5)], 20, &[(0, 5), (5, 9)]),
            (&[(0, 10), (2, 4), (8, 12)], 20, &[(0, 12)]),
            (&[(3, 3), (15, 30)], 20, &[(15, 20)]),
            (&[(25, 30)], 20, &[]),
            (&[], 20, &[]),
        ];
        for (units, length, expected) in cases {
            assert_eq!(merged(units, length), expected, "{units:?}");
        }
    }
}
