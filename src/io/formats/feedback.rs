//! The feedback report a teacher hands back: one self-contained HTML page with the student's
//! scores per label and every difference from the answer key (missed, extra, mislabelled),
//! quoted. Every string from a project is escaped.

use std::fmt::Write as _;

use html_escape::encode_text as text;

use crate::model::Project;
use crate::model::scoring::{Comparison, Prf, Span};

const STYLE: &str = r#"
body { font: 1rem/1.5 system-ui, sans-serif; color: #1d1d1d; max-width: 46rem; margin: 0 auto; padding: 1rem; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .4rem; text-align: right; }
th:first-child, td:first-child { text-align: left; }
.missed { border-left: 4px solid #D55E00; }
.extra { border-left: 4px solid #0072B2; }
.mislabelled { border-left: 4px solid #E69F00; }
li { padding-left: .5rem; margin-bottom: .4rem; list-style: none; }
.quote { font-style: italic; }
@media print { body { max-width: none; } }
"#;

fn measure(value: Option<f64>) -> String {
    value.map_or_else(|| "—".to_owned(), |v| format!("{:.0} %", v * 100.0))
}

fn label_name<'p>(key: &'p Project, span: &'p Span) -> &'p str {
    key.label(&span.label)
        .map_or(span.label.as_str(), |l| l.name.as_str())
}

fn prf_cells(html: &mut String, prf: &Prf) {
    for value in [prf.precision, prf.recall, prf.f1] {
        let _ = write!(html, "<td>{}</td>", measure(value));
    }
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
    let overlap = &comparison.overlap;
    let _ = writeln!(
        html,
        "<p><strong>{} of {} spans found</strong> (F1 {}, agreement κ {}).</p>",
        overlap.true_positives,
        overlap.true_positives + overlap.false_negatives,
        measure(overlap.f1),
        comparison
            .kappa
            .map_or_else(|| "—".to_owned(), |k| format!("{k:.2}"))
    );
    html.push_str("<table>\n<tr><th>Label</th><th>Key</th><th>Yours</th><th>Precision</th><th>Recall</th><th>F1</th></tr>\n");
    for label in &comparison.labels {
        let _ = write!(
            html,
            "<tr><td>{}</td><td>{}</td><td>{}</td>",
            text(&label.name),
            label.key_spans,
            label.student_spans
        );
        prf_cells(&mut html, &label.overlap);
        html.push_str("</tr>\n");
    }
    html.push_str("</table>\n");
    let section = |html: &mut String, title: &str, class: &str, items: Vec<String>| {
        if items.is_empty() {
            return;
        }
        let _ = writeln!(html, "<h2>{title} ({})</h2>\n<ul>", items.len());
        for item in items {
            let _ = writeln!(html, "<li class=\"{class}\">{item}</li>");
        }
        html.push_str("</ul>\n");
    };
    let quoted = |span: &Span| format!("<span class=\"quote\">“{}”</span>", text(&span.quote));
    section(
        &mut html,
        "Missed",
        "missed",
        comparison
            .missed
            .iter()
            .map(|s| format!("{} — a {} in the key", quoted(s), text(label_name(key, s))))
            .collect(),
    );
    section(
        &mut html,
        "Marked with another label",
        "mislabelled",
        comparison
            .mislabelled
            .iter()
            .map(|pair| {
                format!(
                    "{} — you marked {}, the key says {}",
                    quoted(&pair.student),
                    text(label_name(key, &pair.student)),
                    text(label_name(key, &pair.key))
                )
            })
            .collect(),
    );
    section(
        &mut html,
        "Not in the key",
        "extra",
        comparison
            .extra
            .iter()
            .map(|s| format!("{} — marked {}", quoted(s), text(label_name(key, s))))
            .collect(),
    );
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
            created: time,
            modified: time,
        };
        Edit::AddAnnotation(annotation).apply(&mut key).unwrap();
        let student = Project::new("student");
        let html = String::from_utf8(render(&key, "Élève \"<i>\"", &compare(&key, &student))).unwrap();
        assert!(!html.contains("<script") && !html.contains("<b>") && !html.contains("<i>"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("<h2>Missed (1)</h2>"));
    }
}
