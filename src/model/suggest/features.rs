//! What the suggestion model sees of a sentence: hashed word unigrams and bigrams, character
//! n-grams inside words, and cues of check-worthy claims (numbers, percentages, money, dates,
//! attribution verbs, quotations, comparatives) in English, French, Russian and Arabic.
//!
//! Text is folded first (case and accents, as the filter folds it) and digits become shapes
//! ("2019" → "0000"), so "2019" and "2021" look alike. A feature is a bucket of a 2^18 vector
//! (hashed with a fixed seed); the vector is scaled to unit length so long sentences do not
//! outweigh short ones.

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
static CUE_OF: LazyLock<HashMap<&'static str, &'static str, foldhash::fast::FixedState>> =
    LazyLock::new(|| {
        CUES.iter()
            .flat_map(|(cue, words)| words.iter().map(move |w| (*w, *cue)))
            .collect()
    });

/// The sentence as a unit-length sparse vector.
pub fn vector(sentence: &str) -> Vector {
    let mut entries: Vector = Vec::with_capacity(sentence.len() * 2 + 12);
    visit(sentence, |bucket, value| entries.push((bucket, value)));
    normalise(entries)
}

/// Calls `feature` with each feature of the sentence (bucket, value) before scaling; what
/// [`vector`] collects and what a model can score without collecting anything.
///
/// Each word's bytes are hashed once; its bigram combines two word hashes, and its character
/// n-grams combine code points, so no text is hashed twice (hashing was most of scoring).
pub fn visit(sentence: &str, mut feature: impl FnMut(u32, f32)) {
    let folded = shape_digits(fold(sentence));
    let words = words(&folded);
    let mut previous = hash_text(Namespace::Boundary, "<s>");
    let mut chars: Vec<u64> = Vec::new();
    for word in &words {
        let hash = hash_text(Namespace::Word, word);
        feature(bucket(hash), 1.0);
        feature(
            bucket(combine(combine(Namespace::Bigram as u64, previous), hash)),
            1.0,
        );
        previous = hash;
        // Character n-grams of " word ", the spaces marking where the word begins and ends.
        chars.clear();
        chars.push(u64::from(' '));
        chars.extend(word.chars().map(u64::from));
        chars.push(u64::from(' '));
        for n in [3, 4] {
            let seed = combine(Namespace::Characters as u64, n as u64);
            for window in chars.windows(n) {
                feature(bucket(window.iter().fold(seed, |h, &c| combine(h, c))), 0.3);
            }
        }
    }
    let end = hash_text(Namespace::Boundary, "</s>");
    feature(
        bucket(combine(combine(Namespace::Bigram as u64, previous), end)),
        1.0,
    );
    for cue in cues(sentence, &words) {
        feature(bucket(hash_text(Namespace::Cue, cue)), 2.0);
    }
}

/// Kinds of feature, hashed apart so that a word and a cue of the same spelling do not share a
/// bucket by construction.
#[derive(Clone, Copy)]
enum Namespace {
    Word = 1,
    Bigram,
    Characters,
    Cue,
    Boundary,
}

/// A fixed-seed hash of text in a namespace (foldhash reads eight bytes at a time; the seed is
/// fixed so the same project always trains the same model).
fn hash_text(namespace: Namespace, text: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = foldhash::fast::FixedState::with_seed(0x6d61_7267_696e_616c).build_hasher();
    hasher.write_u8(namespace as u8);
    hasher.write(text.as_bytes());
    hasher.finish()
}

/// Folds one more value into a hash (multiply and rotate: order matters, "ab" ≠ "ba").
fn combine(hash: u64, value: u64) -> u64 {
    (hash ^ value).wrapping_mul(0x9e37_79b9_7f4a_7c15).rotate_left(29)
}

/// The hash's bucket of the feature vector, from its well-mixed high bits.
fn bucket(hash: u64) -> u32 {
    let mut h = hash;
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    (h >> (64 - DIMENSION.trailing_zeros())) as u32
}

/// ASCII digits as the shape "0", so "2019" and "2021" look alike (one byte for one, so the
/// text stays valid UTF-8 and no longer).
fn shape_digits(folded: String) -> String {
    let mut bytes = folded.into_bytes();
    bytes
        .iter_mut()
        .filter(|b| b.is_ascii_digit())
        .for_each(|b| *b = b'0');
    String::from_utf8(bytes).expect("replacing ASCII digits keeps UTF-8 valid")
}

/// Words of folded, digit-shaped text: runs of letters, digits and inner apostrophes (and the
/// points and commas inside numbers), as slices of it.
fn words(folded: &str) -> Vec<&str> {
    let mut words = Vec::with_capacity(folded.len() / 5 + 1);
    let mut start = None;
    let mut chars = folded.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_alphanumeric() {
            start.get_or_insert(i);
            continue;
        }
        let Some(s) = start else { continue };
        let inner_mark = matches!(c, '\'' | '.' | ',')
            && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric())
            && (c == '\'' || folded.as_bytes()[i - 1].is_ascii_digit());
        if !inner_mark {
            words.push(&folded[s..i]);
            start = None;
        }
    }
    if let Some(s) = start {
        words.push(&folded[s..]);
    }
    words
}

/// The cues present in the sentence, each once.
fn cues(sentence: &str, words: &[&str]) -> Vec<&'static str> {
    let mut found: Vec<&'static str> = words.iter().filter_map(|w| CUE_OF.get(w).copied()).collect();
    found.sort_unstable();
    found.dedup();
    let shapes = [
        ("number", words.iter().any(|w| w.contains('0'))),
        ("year", words.contains(&"0000")),
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
            assert_eq!(words(&shape_digits(fold(text))), *expected, "{text}");
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
            let folded = shape_digits(fold(text));
            let found = cues(text, &words(&folded));
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
