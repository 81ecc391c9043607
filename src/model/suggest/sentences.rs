//! Sentences of a text for suggestions: Unicode sentence boundaries (UAX #29, from
//! `unicode-segmentation`), then joined again where UAX #29 breaks after an abbreviation ("M.",
//! "Dr.", "т.е.", "د.") or an initial ("J. K. Rowling"). Decimal numbers ("3.5") never split under
//! UAX #29 itself. Ranges are in code points, without surrounding white space.

use unicode_segmentation::UnicodeSegmentation;

use crate::model::text::CharRange;

/// Words that end with a period without ending a sentence, lower case, without the period.
const ABBREVIATIONS: &[&str] = &[
    // English
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "vs", "etc", "e.g", "i.e", "fig", "inc", "ltd", "co",
    "corp", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.k", "u.n", "approx", "dept", "univ", "vol", "pp",
    "ed", "al",
    // French
    // ("M." is an initial; "me" and "m" also end sentences in English and in measures.)
    "mme", "mmes", "mlle", "mm", "pr", "ste", "cf", "av", "bd", "env", "hab", "janv", "févr", "avr", "juil",
    "déc", "chap", "éd", "p", // Russian
    "г", "гг", "т.е", "т.к", "т.д", "т.п", "им", "ул", "д", "стр", "см", "тыс", "млн", "млрд", "руб", "проф",
    "др", "пр", "рис", "с", "св", // Arabic (doctor, professor, engineer)
    "د", "أ", "م",
];

/// The sentences of `text`, in order.
pub fn sentences(text: &str) -> Vec<CharRange> {
    let mut ranges: Vec<CharRange> = Vec::new();
    let mut position = 0;
    // Whether the last sentence ended on an abbreviation and may go on.
    let mut open = false;
    for piece in text.split_sentence_bounds() {
        let len = piece.chars().count();
        let lead = piece.chars().take_while(|c| c.is_whitespace()).count();
        let trail = piece.chars().rev().take_while(|c| c.is_whitespace()).count();
        let body = piece.trim();
        if !body.is_empty() {
            let range = CharRange::new(position + lead, position + len - trail);
            let breaks_line = piece.contains(['\n', '\r', '\u{2029}']);
            match ranges.last_mut() {
                Some(last) if open => last.end = range.end,
                _ => ranges.push(range),
            }
            open = !breaks_line && ends_on_abbreviation(body);
        }
        position += len;
    }
    ranges
}

/// The same sentences, found on every core: the text is cut at line breaks (which always end a
/// sentence) into one piece per core.
pub fn sentences_in_parallel(text: &str) -> Vec<CharRange> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || text.len() < 1 << 16 {
        return sentences(text);
    }
    let mut cuts = vec![0];
    for t in 1..threads {
        let from = (text.len() * t / threads).max(*cuts.last().unwrap_or(&0));
        match memchr::memchr(b'\n', &text.as_bytes()[from..]) {
            Some(i) => cuts.push(from + i + 1),
            None => break,
        }
    }
    cuts.push(text.len());
    cuts.dedup();
    std::thread::scope(|scope| {
        let handles: Vec<_> = cuts
            .windows(2)
            .map(|w| {
                let (start, end) = (w[0], w[1]);
                scope.spawn(move || (text[..start].chars().count(), sentences(&text[start..end])))
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                let (offset, ranges) = h.join().expect("segmenting does not panic");
                ranges
                    .into_iter()
                    .map(move |r| CharRange::new(r.start + offset, r.end + offset))
            })
            .collect()
    })
}

/// Whether the sentence ends with a period after an abbreviation or a single letter.
fn ends_on_abbreviation(sentence: &str) -> bool {
    let Some(before) = sentence.strip_suffix('.') else {
        return false;
    };
    let word: String = before
        .chars()
        .rev()
        .take_while(|c| c.is_alphabetic() || *c == '.')
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let word = word.trim_start_matches('.').to_lowercase();
    // An initial: one letter, as in "J. K. Rowling" (not "I." ending a sentence in English).
    let initial =
        word.chars().count() == 1 && word != "i" && before.chars().last().is_some_and(char::is_uppercase);
    initial || ABBREVIATIONS.contains(&word.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(text: &str) -> Vec<String> {
        let chars: Vec<char> = text.chars().collect();
        sentences(text)
            .into_iter()
            .map(|r| chars[r.start..r.end].iter().collect())
            .collect()
    }

    #[test]
    fn sentences_by_case() {
        let cases: &[(&str, &[&str])] = &[
            // English: titles, decimals, initials, quotes, questions.
            (
                "Dr. Smith said unemployment fell to 3.5 percent. Is that true? Yes!",
                &[
                    "Dr. Smith said unemployment fell to 3.5 percent.",
                    "Is that true?",
                    "Yes!",
                ],
            ),
            (
                "J. K. Rowling wrote it. Mr. and Mrs. Dursley agreed.",
                &["J. K. Rowling wrote it.", "Mr. and Mrs. Dursley agreed."],
            ),
            (
                "He said \"it is over.\" Then he left.",
                &["He said \"it is over.\"", "Then he left."],
            ),
            (
                "The U.S. economy grew. Prices rose.",
                &["The U.S. economy grew.", "Prices rose."],
            ),
            // French: M., Mme, decimal comma and point, guillemets.
            (
                "M. Dupont a déclaré que le chômage avait baissé de 2,5 %. Mme Martin conteste ce chiffre.",
                &[
                    "M. Dupont a déclaré que le chômage avait baissé de 2,5 %.",
                    "Mme Martin conteste ce chiffre.",
                ],
            ),
            (
                "« C'est faux », dit-il. Le taux est de 7.2 points.",
                &["« C'est faux », dit-il.", "Le taux est de 7.2 points."],
            ),
            // Russian: abbreviations т.е., г., млн.
            (
                "В 2020 г. безработица выросла. Это т.е. рекорд.",
                &["В 2020 г. безработица выросла.", "Это т.е. рекорд."],
            ),
            (
                "Бюджет составил 5 млн. рублей. Проф. Иванов согласен.",
                &["Бюджет составил 5 млн. рублей.", "Проф. Иванов согласен."],
            ),
            // Arabic: full stop, Arabic question mark, the doctor's title.
            (
                "قال الوزير إن البطالة انخفضت. هل هذا صحيح؟ نعم.",
                &["قال الوزير إن البطالة انخفضت.", "هل هذا صحيح؟", "نعم."],
            ),
            ("صرح د. أحمد بذلك. ثم غادر.", &["صرح د. أحمد بذلك.", "ثم غادر."]),
            // Lines are sentences even without a period; blank lines and spaces vanish.
            (
                "Title\n\nFirst line\nSecond line.  ",
                &["Title", "First line", "Second line."],
            ),
            ("", &[]),
            ("   \n ", &[]),
            // A sentence ending in "I." is still a sentence.
            ("So did I. Then we left.", &["So did I.", "Then we left."]),
        ];
        for (text, expected) in cases {
            assert_eq!(split(text), *expected, "{text}");
        }
    }

    #[test]
    fn in_parallel_the_same_sentences() {
        let text = "Dr. Smith a dit 3.5 %. Вот так!\nM. Dupont répond.\n".repeat(5_000);
        assert_eq!(sentences_in_parallel(&text), sentences(&text));
    }

    #[test]
    fn ranges_are_code_points() {
        let text = "Émile a dit 😀. Fin.";
        assert_eq!(sentences(text), [CharRange::new(0, 14), CharRange::new(15, 19)]);
    }
}
