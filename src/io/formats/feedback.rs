//! The feedback report a teacher hands back: one self-contained HTML page that says, per label and
//! in plain words, what the student found, missed, marked with another label or marked extra, with
//! every span quoted; the numbers sit in a collapsed "Details" section, each with what it means.
//! The wording is `model::scoring`'s, so the report and the app's compare panel say the same thing.
//! Every string from a project is escaped.

use std::fmt::Write as _;
use std::path::Path;

use html_escape::encode_text as text;

use crate::model::Project;
use crate::model::scoring::{
    Comparison, MEASURES, Span, Tally, extra_text, found_sentence, found_text, measures, missed_text, shown,
    tallies, tally_line, total, wrong_label_text,
};

const STYLE: &str = r#"
body { font: 1rem/1.5 system-ui, sans-serif; color: #1d1d1d; max-width: 46rem; margin: 0 auto; padding: 1rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .4rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.missed { border-left: 4px solid #D55E00; }
.extra { border-left: 4px solid #0072B2; }
.mislabelled { border-left: 4px solid #E69F00; }
.found { border-left: 4px solid #009E73; }
li { padding-left: .5rem; margin-bottom: .4rem; list-style: none; }
.quote { font-style: italic; }
dt { font-weight: bold; }
@media print { body { max-width: none; } }
"#;

/// The report's suggested file name: the student's file name with `-feedback.html`
/// (`alice.ron` -> `alice-feedback.html`), so a class's reports never overwrite each other;
/// `fallback` (the project's name) when the student's work was never saved.
pub fn file_name(student_file: Option<&Path>, fallback: &str) -> String {
    let stem = student_file
        .and_then(Path::file_stem)
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_else(|| fallback.to_owned());
    let safe: String = stem
        .trim()
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let safe = if safe.is_empty() {
        "student".to_owned()
    } else {
        safe
    };
    format!("{safe}-feedback.html")
}

fn label_name<'p>(key: &'p Project, span: &'p Span) -> &'p str {
    key.label(&span.label)
        .map_or(span.label.as_str(), |l| l.name.as_str())
}

fn list(html: &mut String, title: &str, class: &str, items: Vec<String>) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(html, "<h3>{title} ({})</h3>\n<ul>", items.len());
    for item in items {
        let _ = writeln!(html, "<li class=\"{class}\">{item}</li>");
    }
    html.push_str("</ul>\n");
}

fn quoted(span: &Span) -> String {
    format!("<span class=\"quote\">“{}”</span>", text(&span.quote))
}

/// One label's section: the sentence, the counts, and every span.
fn label_section(html: &mut String, key: &Project, c: &Comparison, tally: &Tally) {
    let _ = writeln!(
        html,
        "<h2>{}</h2>\n<p><strong>{}</strong> ({})</p>",
        text(&tally.name),
        text(&found_sentence(tally)),
        text(&tally_line(tally))
    );
    let ours = |span: &Span| span.label == tally.label;
    let name = text(&tally.name).into_owned();
    let spans = |spans: &[Span], say: &dyn Fn(&Span) -> String| -> Vec<String> {
        spans
            .iter()
            .filter(|s| ours(s))
            .map(|s| format!("{} — {}", quoted(s), say(s)))
            .collect()
    };
    list(
        html,
        "Missed",
        "missed",
        spans(&c.missed, &|_| missed_text(&name)),
    );
    let wrong = c
        .mislabelled
        .iter()
        .filter(|pair| ours(&pair.key))
        .map(|pair| {
            let said = wrong_label_text(label_name(key, &pair.student), label_name(key, &pair.key));
            format!("{} — {}", quoted(&pair.student), text(&said))
        })
        .collect();
    list(html, "Marked with another label", "mislabelled", wrong);
    list(
        html,
        "Not in the key",
        "extra",
        spans(&c.extra, &|_| extra_text(&name)),
    );
    list(html, "Found", "found", spans(&c.found, &|_| found_text(&name)));
}

/// The numbers, collapsed, each with what it means.
fn details(html: &mut String, c: &Comparison) {
    html.push_str("<details>\n<summary>Details: the numbers</summary>\n<table>\n<tr><th>Label</th>");
    for (name, _) in MEASURES {
        let _ = write!(html, "<th>{name}</th>");
    }
    html.push_str("</tr>\n");
    let row = |html: &mut String, name: &str, values: [Option<f64>; 5]| {
        let _ = write!(html, "<tr><td>{}</td>", text(name));
        for value in values {
            let _ = write!(html, "<td>{}</td>", shown(value));
        }
        html.push_str("</tr>\n");
    };
    for label in c.labels.iter().filter(|l| l.key_spans > 0 || l.student_spans > 0) {
        row(
            html,
            &label.name,
            measures(&label.overlap, &label.exact, label.kappa),
        );
    }
    row(html, "All labels", measures(&c.overlap, &c.exact, c.kappa));
    html.push_str("</table>\n<dl>\n");
    for (name, meaning) in MEASURES {
        let _ = writeln!(html, "<dt>{name}</dt><dd>{meaning}</dd>");
    }
    html.push_str("</dl>\n</details>\n");
}

pub fn render(key: &Project, student_name: &str, comparison: &Comparison) -> Vec<u8> {
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>Feedback: {name}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <h1>Feedback: {name}</h1>\n<p>Compared with the answer key “{key}”.</p>\n",
        name = text(student_name),
        key = text(&key.name)
    );
    let all = total(comparison);
    let _ = writeln!(
        html,
        "<p><strong>{}</strong> ({}).</p>",
        text(&found_sentence(&all)),
        text(&tally_line(&all))
    );
    for tally in tallies(comparison) {
        label_section(&mut html, key, comparison, &tally);
    }
    if comparison.unmatched_documents > 0 {
        let _ = writeln!(
            html,
            "<p>{} span(s) on documents the key does not have were not scored.</p>",
            comparison.unmatched_documents
        );
    }
    details(&mut html, comparison);
    html.push_str("</body>\n</html>\n");
    html.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::scoring::compare;
    use crate::model::{Annotation, CharRange, Document, Edit, Quote};

    #[test]
    fn quotes_and_names_are_escaped() {
        let document = Document::new("t", "<script>alert(1)</script> and more");
        let mut key = Project::new("Key <b>");
        Edit::AddDocument {
            position: 0,
            document: document.clone(),
        }
        .apply(&mut key)
        .unwrap();
        let time = jiff::Timestamp::UNIX_EPOCH;
        let range = CharRange::new(0, 25);
        let annotation = Annotation {
            id: "a-1".into(),
            document: document.id.clone(),
            start: range.start,
            end: range.end,
            quote: Quote::capture(&document.text, range).unwrap(),
            label: "claim".into(),
            note: String::new(),
            fields: Default::default(),
            orphaned: false,
            review: None,
            agreed: None,
            created: time,
            modified: time,
        };
        Edit::AddAnnotation(annotation).apply(&mut key).unwrap();
        let student = Project::new("student");
        let html = String::from_utf8(render(&key, "Élève \"<i>\"", &compare(&key, &student))).unwrap();
        assert!(!html.contains("<script") && !html.contains("<b>") && !html.contains("<i>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("<h3>Missed (1)</h3>"), "{html}");
        assert!(
            html.contains("You found none of the 1 spans") || html.contains("You did not find the one span")
        );
        assert!(html.contains("<details>"));
    }

    #[test]
    fn file_names_come_from_the_student_file() {
        let cases = [
            (Some("/class/alice.ron"), "Key", "alice-feedback.html"),
            (Some("bob.v2.ron"), "Key", "bob.v2-feedback.html"),
            (None, "Untitled", "Untitled-feedback.html"),
            (None, "a/b: c", "a_b_ c-feedback.html"),
            (None, "  ", "student-feedback.html"),
        ];
        for (file, fallback, expected) in cases {
            assert_eq!(file_name(file.map(Path::new), fallback), expected);
        }
    }
}
