//! What the suggestion model sees of a sentence: hashed word unigrams and bigrams, character
//! n-grams inside words, and cues of check-worthy claims (numbers, percentages, money, dates,
//! attribution verbs, quotations, comparatives) in English, French, Russian and Arabic.
//!
//! Text is folded first (case and accents, as the filter folds it) and digits become shapes
//! ("2019" → "0000"), so "2019" and "2021" look alike. A feature is a bucket of a 2^18 vector
//! (FNV-1a hash); the vector is scaled to unit length so long sentences do not outweigh short
//! ones.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::model::query::fold;

/// Buckets of the hashed feature vector.
pub const DIMENSION: usize = 1 << 18;

/// A sparse vector: (bucket, value); a bucket may repeat, and its values then add up.
pub type Vector = Vec<(u32, f32)>;

/// Cue words, folded, by what they signal; a cue matches a whole word or, for phrases, a run of
/// words.
const CUES: &[(&str, &[&str])] = &[
    (
        "attribution",
        &[
            "said",
            "says",
            "told",
            "stated",
            "claimed",
            "claims",
            "reported",
            "according",
            "announced",
            "declared",
            "insisted",
            "admitted",
            "selon",
            "declare",
            "affirme",
            "affirmait",
            "assure",
            "annonce",
            "estime",
            "d'apres",
            "dit",
            "заявил",
            "заявила",
            "сообщил",
            "сообщила",
            "по",
            "словам",
            "утверждает",
            "قال",
            "قالت",
            "وفقا",
            "حسب",
            "أعلن",
            "اعلن",
            "صرح",
        ],
    ),
    (
        "comparison",
        &[
            "more",
            "less",
            "fewer",
            "than",
            "most",
            "least",
            "highest",
            "lowest",
            "largest",
            "biggest",
            "smallest",
            "record",
            "twice",
            "double",
            "doubled",
            "half",
            "tripled",
            "increase",
            "increased",
            "decrease",
            "decreased",
            "rose",
            "fell",
            "grew",
            "dropped",
            "plus",
            "moins",
            "que",
            "hausse",
            "baisse",
            "record",
            "augmente",
            "diminue",
            "double",
            "moitie",
            "больше",
            "меньше",
            "выросла",
            "вырос",
            "снизилась",
            "рекорд",
            "أكثر",
            "اكثر",
            "أقل",
            "اقل",
            "ارتفع",
            "انخفض",
        ],
    ),
    (
        "quantity",
        &[
            "percent",
            "per",
            "cent",
            "million",
            "millions",
            "billion",
            "billions",
            "thousand",
            "thousands",
            "hundred",
            "hundreds",
            "dollars",
            "euros",
            "pounds",
            "pourcent",
            "milliard",
            "milliards",
            "mille",
            "процент",
            "процентов",
            "миллион",
            "миллиард",
            "тысяч",
            "рублей",
            "مليون",
            "مليار",
            "ألف",
            "بالمئة",
            "بالمائة",
            "دولار",
        ],
    ),
    (
        "time",
        &[
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
            "year",
            "years",
            "since",
            "last",
            "janvier",
            "fevrier",
            "mars",
            "avril",
            "mai",
            "juin",
            "juillet",
            "aout",
            "septembre",
            "octobre",
            "novembre",
            "decembre",
            "depuis",
            "annee",
            "annees",
            "ans",
            "году",
            "года",
            "лет",
            "с",
            "عام",
            "سنة",
            "منذ",
        ],
    ),
    (
        "opinion",
        &[
            "i",
            "we",
            "you",
            "think",
            "believe",
            "feel",
            "hope",
            "want",
            "should",
            "must",
            "need",
            "great",
            "wonderful",
            "terrible",
            "thank",
            "thanks",
            "je",
            "nous",
            "vous",
            "pense",
            "crois",
            "espere",
            "veux",
            "faut",
            "doit",
            "merci",
            "я",
            "мы",
            "вы",
            "думаю",
            "считаю",
            "спасибо",
            "أعتقد",
            "نحن",
            "شكرا",
        ],
    ),
];

/// Each cue word's cue.
static CUE_OF: LazyLock<HashMap<&'static str, &'static str>> = LazyLock::new(|| {
    CUES.iter()
        .flat_map(|(cue, words)| words.iter().map(move |w| (*w, *cue)))
        .collect()
});

/// The sentence as a unit-length sparse vector.
pub fn vector(sentence: &str) -> Vector {
    let folded = fold(sentence);
    let words = words(&folded);
    let mut entries: Vector = Vec::with_capacity(words.len() * 10 + 12);
    let mut previous = "<s>";
    let mut padded = String::new();
    for word in &words {
        entries.push((bucket(b'w', &[word]), 1.0));
        entries.push((bucket(b'b', &[previous, " ", word]), 1.0));
        previous = word;
        padded.clear();
        padded.push(' ');
        padded.push_str(word);
        padded.push(' ');
        let bounds: Vec<usize> = padded
            .char_indices()
            .map(|(i, _)| i)
            .chain(std::iter::once(padded.len()))
            .collect();
        for n in [3, 4] {
            for window in bounds.windows(n + 1) {
                entries.push((bucket(b'c', &[&padded[window[0]..window[n]]]), 0.3));
            }
        }
    }
    entries.push((bucket(b'b', &[previous, " </s>"]), 1.0));
    for cue in cues(sentence, &words) {
        entries.push((bucket(b'f', &[cue]), 2.0));
    }
    normalise(entries)
}

/// Words of folded text: runs of letters, digits and inner apostrophes; digits as shapes.
fn words(folded: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut chars = folded.chars().peekable();
    while let Some(c) = chars.next() {
        let inner_mark = (c == '\'' || c == '.' || c == ',')
            && !current.is_empty()
            && chars.peek().is_some_and(|n| n.is_alphanumeric());
        if c.is_alphanumeric()
            || (inner_mark && (c == '\'' || current.ends_with(|d: char| d.is_ascii_digit())))
        {
            current.push(if c.is_ascii_digit() { '0' } else { c });
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// The cues present in the sentence, each once.
fn cues(sentence: &str, words: &[String]) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = words
        .iter()
        .filter_map(|w| CUE_OF.get(w.as_str()).copied())
        .collect();
    found.sort_unstable();
    found.dedup();
    let shapes = [
        ("number", words.iter().any(|w| w.contains('0'))),
        ("year", words.iter().any(|w| w == "0000")),
        ("percent", sentence.contains('%') || sentence.contains('٪')),
        ("money", sentence.contains(['$', '€', '£', '₽'])),
        ("quotation", sentence.contains(['"', '«', '»', '“', '”'])),
        ("question", sentence.trim_end().ends_with(['?', '؟'])),
        ("exclamation", sentence.trim_end().ends_with('!')),
        ("capitalised", capitalised_inside(sentence)),
    ];
    found.extend(shapes.iter().filter(|(_, on)| *on).map(|(name, _)| *name));
    found.push(match words.len() {
        0..=5 => "length:short",
        6..=12 => "length:medium",
        13..=25 => "length:long",
        _ => "length:very long",
    });
    found
}

/// Whether a capitalised word (a name, an institution) appears after the first word.
fn capitalised_inside(sentence: &str) -> bool {
    sentence
        .split_whitespace()
        .skip(1)
        .any(|w| w.chars().next().is_some_and(char::is_uppercase))
}

/// Scaled to unit length, counting a repeated feature as often as it occurs (the model's dot
/// product adds repeats up, so nothing needs sorting or merging).
fn normalise(mut entries: Vector) -> Vector {
    let norm = entries.iter().map(|(_, v)| v * v).sum::<f32>().sqrt();
    if norm > 0.0 {
        entries.iter_mut().for_each(|(_, v)| *v /= norm);
    }
    entries
}

/// FNV-1a of the namespace and the text (given in parts, so nothing is joined), folded into the
/// vector's buckets.
fn bucket(namespace: u8, parts: &[&str]) -> u32 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in std::iter::once(namespace).chain(parts.iter().flat_map(|p| p.bytes())) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (hash % DIMENSION as u64) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_by_case() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Unemployment fell to 3.5 percent in 2019.",
                &["unemployment", "fell", "to", "0.0", "percent", "in", "0000"],
            ),
            (
                "L'économie a crû de 2,5 %",
                &["l'economie", "a", "cru", "de", "0,0"],
            ),
            ("Безработица выросла", &["безработица", "выросла"]),
            ("", &[]),
        ];
        for (text, expected) in cases {
            assert_eq!(words(&fold(text)), *expected, "{text}");
        }
    }

    #[test]
    fn cues_by_case() {
        let cases: &[(&str, &[&str])] = &[
            (
                "According to the ministry, prices rose 12% in 2021.",
                &["attribution", "comparison", "number", "year", "percent"],
            ),
            (
                "Selon l'Insee, le chômage a baissé.",
                &["attribution", "comparison"],
            ),
            ("Thank you all for coming tonight!", &["opinion", "exclamation"]),
            ("Is that true?", &["question"]),
        ];
        for (text, expected) in cases {
            let found = cues(text, &words(&fold(text)));
            for cue in *expected {
                assert!(found.contains(cue), "{text}: {cue} in {found:?}");
            }
        }
    }

    #[test]
    fn vectors_are_unit_length() {
        for text in ["Prices rose 12% in 2021.", "Oui.", "", "Цены выросли на 5 %."] {
            let v = vector(text);
            assert!(v.iter().all(|(b, _)| (*b as usize) < DIMENSION), "{text}");
            let norm: f32 = v.iter().map(|(_, x)| x * x).sum();
            assert!(v.is_empty() || (norm - 1.0).abs() < 1e-4, "{text}: {norm}");
        }
    }
}
