//! The HTML report: one self-contained file (no external resources) with each document's text,
//! its highlights in label colours, a legend and numbered notes. Printable, readable on a phone.
//! For fact-checkers, a summary of the claims by verdict opens the report, and each note shows
//! its label's fields (the verdict, claimant, date, addresses as links) and its links to other
//! annotations ("supported by “…”").
//! Every string from a user or a document is escaped; colours are parsed `#RRGGBB` values; only
//! `http(s)://` addresses become links.

use std::collections::HashMap;
use std::fmt::Write as _;

use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};

use super::{Rendered, left_out_orphan};
use crate::model::{Annotation, AnnotationId, CharRange, Document, FieldKind, Project};

/// The number of each placed annotation's note, in the order of the report.
type Numbers<'p> = HashMap<&'p AnnotationId, usize>;

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
.verdict { font: bold .8rem system-ui, sans-serif; padding: 0 .3rem; border: 1px solid #555; border-radius: 3px; }
.fields, .links { font: .85rem system-ui, sans-serif; color: #333; margin: .2rem 0 0; padding: 0; list-style: none; }
.fields dt { display: inline; font-weight: bold; }
.fields dd { display: inline; margin: 0 .8rem 0 .2rem; overflow-wrap: anywhere; }
.verdicts { font-family: system-ui, sans-serif; border-collapse: collapse; margin: .5rem 0; }
.verdicts th, .verdicts td { border-bottom: 1px solid #ddd; padding: .1rem .6rem; text-align: left; }
.verdicts td { text-align: right; }
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
    verdict_summary(&mut html, project);
    html.push_str("</header>\n");
    let numbers: Numbers = project
        .documents()
        .iter()
        .flat_map(|document| project.annotations_of(&document.id))
        .filter(|a| !a.orphaned)
        .enumerate()
        .map(|(i, a)| (&a.id, i + 1))
        .collect();
    let mut number = 0;
    for document in project.documents() {
        document_html(&mut html, project, document, &numbers, &mut number, &mut rendered);
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

/// The verdict of an annotation whose label has one: `Some(None)` when it is not set yet.
fn verdict_of<'p>(project: &'p Project, annotation: &'p Annotation) -> Option<Option<&'p str>> {
    let label = project.label(&annotation.label)?;
    let field = label.fields.iter().find(|f| f.kind == FieldKind::Rating)?;
    Some(
        annotation
            .fields
            .get(&field.key)
            .map(String::as_str)
            .filter(|v| !v.is_empty()),
    )
}

/// Claims by verdict: one row per rating of the scale, then verdicts off the scale, then the
/// claims without one. Nothing when no label has a verdict.
fn verdict_summary(html: &mut String, project: &Project) {
    let verdicts: Vec<Option<&str>> = project
        .annotations()
        .iter()
        .filter_map(|a| verdict_of(project, a))
        .collect();
    let has_claims = project
        .labels()
        .iter()
        .any(|label| label.fields.iter().any(|f| f.kind == FieldKind::Rating));
    if !has_claims {
        return;
    }
    let scale = &project.settings.rating_scale;
    let mut rows: Vec<(&str, usize)> = scale.iter().map(|r| (r.as_str(), 0)).collect();
    let mut unset = 0;
    for verdict in verdicts {
        match verdict {
            None => unset += 1,
            Some(verdict) => match rows.iter_mut().find(|(r, _)| *r == verdict) {
                Some(row) => row.1 += 1,
                None => rows.push((verdict, 1)),
            },
        }
    }
    let rated: usize = rows.iter().map(|(_, n)| n).sum();
    let _ = writeln!(
        html,
        "<table class=\"verdicts\" aria-label=\"Claims by verdict\">\n\
         <caption>Claims by verdict ({} of {} checked)</caption>",
        rated,
        rated + unset
    );
    for (verdict, count) in rows {
        let _ = writeln!(html, "<tr><th>{}</th><td>{count}</td></tr>", text(verdict));
    }
    let _ = writeln!(html, "<tr><th>no verdict</th><td>{unset}</td></tr>\n</table>");
}

fn document_html(
    html: &mut String,
    project: &Project,
    document: &Document,
    numbers: &Numbers,
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
            note_item(html, project, annotation, numbers, Some(*number));
        }
        html.push_str("</ol>\n");
        let orphans: Vec<&Annotation> = annotations.iter().filter(|a| a.orphaned).collect();
        if !orphans.is_empty() {
            html.push_str("<h3>Orphaned (quote no longer in the text)</h3>\n<ul>\n");
            for annotation in orphans {
                rendered.left_out.push(left_out_orphan(annotation));
                note_item(html, project, annotation, numbers, None);
            }
            html.push_str("</ul>\n");
        }
        html.push_str("</section>\n");
    }
    rendered.annotations += annotations.len();
    html.push_str("</article>\n");
}

fn note_item(
    html: &mut String,
    project: &Project,
    annotation: &Annotation,
    numbers: &Numbers,
    number: Option<usize>,
) {
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
    if let Some(Some(verdict)) = verdict_of(project, annotation) {
        let _ = write!(html, " <span class=\"verdict\">{}</span>", text(verdict));
    }
    if let Some(n) = number {
        let _ = write!(
            html,
            " <a class=\"back\" href=\"#r{n}\" aria-label=\"Back to the text\">↑</a>"
        );
    }
    if !annotation.note.is_empty() {
        let _ = write!(html, "<div class=\"note\">{}</div>", text(&annotation.note));
    }
    fields_html(html, project, annotation);
    links_html(html, project, annotation, numbers);
    html.push_str("</li>\n");
}

/// The label's fields that are set (the verdict is shown beside the label): name and value,
/// addresses as links.
fn fields_html(html: &mut String, project: &Project, annotation: &Annotation) {
    let Some(label) = project.label(&annotation.label) else {
        return;
    };
    let set: Vec<_> = label
        .fields
        .iter()
        .filter(|f| f.kind != FieldKind::Rating)
        .filter_map(|f| Some((f, annotation.fields.get(&f.key).filter(|v| !v.is_empty())?)))
        .collect();
    if set.is_empty() {
        return;
    }
    html.push_str("<dl class=\"fields\">");
    for (field, value) in set {
        let _ = write!(html, "<dt>{}</dt><dd>", text(&field.name));
        let web = value.starts_with("https://") || value.starts_with("http://");
        if field.kind == FieldKind::Url && web {
            let _ = write!(html, "<a href=\"{}\">{}</a>", attr(value), text(value));
        } else {
            html.push_str(&text(value));
        }
        html.push_str("</dd>");
    }
    html.push_str("</dl>");
}

/// The links from this annotation: their kind and the quote they point to, as a link to its note.
fn links_html(html: &mut String, project: &Project, annotation: &Annotation, numbers: &Numbers) {
    let links: Vec<_> = project
        .links()
        .iter()
        .filter(|link| link.from == annotation.id)
        .filter_map(|link| Some((link, project.annotation(&link.to)?)))
        .collect();
    if links.is_empty() {
        return;
    }
    html.push_str("<ul class=\"links\">");
    for (link, to) in links {
        let quote = crate::model::text::shorten(&to.quote.exact, 80);
        let quote = text(&quote);
        let _ = match numbers.get(&to.id) {
            Some(n) => write!(
                html,
                "<li>{} <a href=\"#n{n}\">“{quote}”</a> [{n}]</li>",
                text(&link.kind)
            ),
            None => write!(html, "<li>{} “{quote}”</li>", text(&link.kind)),
        };
    }
    html.push_str("</ul>");
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
