//! The HTML report: one self-contained file (no external resources) with each document's text,
//! its highlights in label colours, a legend and numbered notes. Printable, readable on a phone.
//! Every string from a user or a document is escaped; colours are parsed `#RRGGBB` values.

use std::fmt::Write as _;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use super::{Rendered, left_out_orphan};
use crate::model::{Annotation, CharRange, Document, Project};

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font: 1.05rem/1.6 Georgia, "Noto Serif", serif; color: #1d1d1d; background: #fff;
  max-width: 46rem; margin: 0 auto; padding: 1rem; }
h1, h2, h3, .legend, .meta, .notes { font-family: system-ui, sans-serif; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
.meta { color: #555; font-size: .9rem; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .4rem 1rem; }
.swatch { display: inline-block; width: .9em; height: .9em; border-radius: 2px; vertical-align: -.1em; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
mark { color: inherit; border-radius: 2px; padding: 0 1px; }
mark.deep { box-shadow: inset 0 -3px 0 rgba(0,0,0,.45); }
sup.ref { font: .7rem system-ui, sans-serif; }
sup.ref a { text-decoration: none; color: #333; }
.notes ol { padding-left: 2.2rem; }
.notes li { margin-bottom: .5rem; }
.tag { font-size: .8rem; padding: 0 .3rem; border-radius: 3px; }
.quote { font-style: italic; }
.back { text-decoration: none; color: #555; }
.note { white-space: pre-wrap; }
article { border-top: 1px solid #ccc; margin-top: 1.5rem; }
@media print {
  body { max-width: none; font-size: 11pt; }
  mark, .swatch, .tag { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  article { break-before: page; border: 0; }
  sup.ref a, .notes a { color: #000; }
  .back { display: none; }
}
"#;

pub fn export(project: &Project) -> Rendered {
    let mut html = String::new();
    let mut rendered = Rendered::default();
    let title = if project.name.is_empty() {
        "Annotations"
    } else {
        &project.name
    };
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"Marginalia\">\n<title>{}</title>\n<style>{STYLE}",
        text(title)
    );
    for (index, label) in project.labels().iter().enumerate() {
        let _ = writeln!(
            html,
            ".l{index} {{ background: {c}66; }} .s{index} {{ background: {c}; }}",
            c = label.color
        );
    }
    let _ = write!(
        html,
        "</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n",
        text(title)
    );
    let _ = writeln!(
        html,
        "<p class=\"meta\">{} annotation(s) in {} document(s)</p>",
        project.annotations().len(),
        project.documents().len()
    );
    legend(&mut html, project);
    html.push_str("</header>\n");
    let mut number = 0;
    for document in project.documents() {
        document_html(&mut html, project, document, &mut number, &mut rendered);
    }
    html.push_str("</body>\n</html>\n");
    rendered.bytes = html.into_bytes();
    rendered
}

fn legend(html: &mut String, project: &Project) {
    html.push_str("<ul class=\"legend\" aria-label=\"Labels\">\n");
    for (index, label) in project.labels().iter().enumerate() {
        let _ = writeln!(
            html,
            "<li><span class=\"swatch s{index}\"></span> {} ({})</li>",
            text(&label.name),
            project.count_with_label(&label.id)
        );
    }
    html.push_str("</ul>\n");
}

fn document_html(
    html: &mut String,
    project: &Project,
    document: &Document,
    number: &mut usize,
    rendered: &mut Rendered,
) {
    let annotations = project.annotations_of(&document.id);
    let _ = writeln!(html, "<article>\n<h2>{}</h2>", text(&document.title));
    let details: Vec<String> = [&document.author, &document.published]
        .into_iter()
        .flatten()
        .map(|detail| text(detail).into_owned())
        .chain(
            document
                .url
                .iter()
                .map(|url| format!("<a href=\"{}\">{}</a>", attr(url), text(url))),
        )
        .collect();
    if !details.is_empty() {
        let _ = writeln!(html, "<p class=\"meta\">{}</p>", details.join(" · "));
    }
    let first = *number + 1;
    let placed: Vec<&Annotation> = annotations.iter().filter(|a| !a.orphaned).collect();
    html.push_str("<div class=\"text\">");
    highlighted_text(html, project, document, &placed, first);
    html.push_str("</div>\n");
    if !annotations.is_empty() {
        html.push_str("<section class=\"notes\">\n<h3>Annotations</h3>\n");
        let _ = writeln!(html, "<ol start=\"{first}\">");
        for annotation in &placed {
            *number += 1;
            note_item(html, project, annotation, Some(*number));
        }
        html.push_str("</ol>\n");
        let orphans: Vec<&Annotation> = annotations.iter().filter(|a| a.orphaned).collect();
        if !orphans.is_empty() {
            html.push_str("<h3>Orphaned (quote no longer in the text)</h3>\n<ul>\n");
            for annotation in orphans {
                rendered.left_out.push(left_out_orphan(annotation));
                note_item(html, project, annotation, None);
            }
            html.push_str("</ul>\n");
        }
        html.push_str("</section>\n");
    }
    rendered.annotations += annotations.len();
    html.push_str("</article>\n");
}

fn note_item(html: &mut String, project: &Project, annotation: &Annotation, number: Option<usize>) {
    let (index, name) = label_of(project, annotation);
    match number {
        Some(n) => {
            let _ = write!(html, "<li id=\"n{n}\">");
        }
        None => html.push_str("<li>"),
    }
    let _ = write!(
        html,
        "<span class=\"tag l{index}\">{}</span> <span class=\"quote\">“{}”</span>",
        text(name),
        text(&annotation.quote.exact)
    );
    if let Some(n) = number {
        let _ = write!(
            html,
            " <a class=\"back\" href=\"#r{n}\" aria-label=\"Back to the text\">↑</a>"
        );
    }
    if !annotation.note.is_empty() {
        let _ = write!(html, "<div class=\"note\">{}</div>", text(&annotation.note));
    }
    html.push_str("</li>\n");
}

fn label_of<'p>(project: &'p Project, annotation: &'p Annotation) -> (usize, &'p str) {
    let index = project.label_position(&annotation.label).unwrap_or(0);
    let name = project
        .label(&annotation.label)
        .map_or(annotation.label.as_str(), |label| label.name.as_str());
    (index, name)
}

/// The text cut at every span boundary; each piece is marked with the colour of the innermost
/// span covering it (a darker underline when spans nest), and a numbered reference follows the
/// end of each span.
fn highlighted_text(
    html: &mut String,
    project: &Project,
    document: &Document,
    placed: &[&Annotation],
    first_number: usize,
) {
    let content = &document.text;
    let mut boundaries: Vec<usize> = placed
        .iter()
        .flat_map(|a| [a.start, a.end])
        .chain([0, content.char_len()])
        .collect();
    boundaries.sort_unstable();
    boundaries.dedup();
    // Spans are sorted by start: the next to open is always at `next`.
    let mut next = 0;
    let mut open: Vec<usize> = Vec::new();
    for piece in boundaries.windows(2) {
        let range = CharRange::new(piece[0], piece[1]);
        while next < placed.len() && placed[next].start == range.start {
            open.push(next);
            next += 1;
        }
        let piece_text = content.slice(range).unwrap_or_default();
        let innermost = open.iter().min_by_key(|&&i| (placed[i].end - placed[i].start, i));
        match innermost {
            Some(&i) => {
                let (index, _) = label_of(project, placed[i]);
                let deep = if open.len() > 1 { " deep" } else { "" };
                let _ = write!(html, "<mark class=\"l{index}{deep}\">{}</mark>", text(piece_text));
            }
            None => html.push_str(&text(piece_text)),
        }
        for &i in open.iter().filter(|&&i| placed[i].end == range.end) {
            let n = first_number + i;
            let _ = write!(
                html,
                "<sup class=\"ref\" id=\"r{n}\"><a href=\"#n{n}\">{n}</a></sup>"
            );
        }
        open.retain(|&i| placed[i].end != range.end);
    }
}
