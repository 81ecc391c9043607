//! PDF to reading text, page by page in content order, with each page's range recorded.
//!
//! pdf-extract panics on some malformed input by design, so every call runs under `catch_unwind`,
//! page by page: one bad page is reported, the others are kept. It also loops for ever on a page
//! whose `/Parent` chain comes back on itself (it looks for inherited attributes up the chain), so
//! such a page is skipped before it is handed over (found by fuzzing).

use std::collections::HashSet;
use std::panic::{AssertUnwindSafe, catch_unwind};

use pdf_extract::{Document, Object, ObjectId, PlainTextOutput, decode_text_string, output_doc_page};

use super::Extracted;
use super::builder::TextBuilder;
use crate::model::PageSpan;

/// Pages averaging fewer visible characters than this are taken for scanned images.
const MIN_CHARS_PER_PAGE: usize = 10;

pub fn extract(bytes: &[u8]) -> Result<Extracted, String> {
    let document = catch_unwind(|| Document::load_mem(bytes))
        .map_err(|_| "this PDF is damaged or uses features Marginalia cannot read".to_owned())?
        .map_err(|error| match error {
            pdf_extract::Error::InvalidPassword | pdf_extract::Error::Decryption(_) => {
                "this PDF is protected by a password; remove the protection and import it again".to_owned()
            }
            error => format!("this PDF is damaged: {error}"),
        })?;
    if document.is_encrypted() {
        return Err(
            "this PDF is protected by a password; remove the protection and import it again".to_owned(),
        );
    }
    let pages = document.get_pages();
    if pages.is_empty() {
        return Err("this PDF has no pages".to_owned());
    }
    let mut builder = TextBuilder::default();
    let mut spans = Vec::with_capacity(pages.len());
    let mut visible = 0;
    let mut looping = 0;
    for (&number, &page_id) in &pages {
        let text = if parents_loop(&document, page_id) {
            looping += 1;
            String::new()
        } else {
            page_text(&document, number).unwrap_or_default()
        };
        visible += text.chars().filter(|c| !c.is_whitespace()).count();
        builder.block();
        let start = builder.position();
        builder.push(&reading_order(&text));
        let end = builder.position();
        spans.push(PageSpan { number, start, end });
    }
    if visible < MIN_CHARS_PER_PAGE * pages.len() && looping > 0 {
        return Err(format!(
            "this PDF is damaged: the page tree of {looping} of its {} pages loops back on itself",
            pages.len()
        ));
    }
    if visible < MIN_CHARS_PER_PAGE * pages.len() {
        return Err(
            "this PDF has no text to extract (it is probably a scan); run it through OCR first".to_owned(),
        );
    }
    let text = builder.finish().text;
    let length = text.chars().count();
    for span in &mut spans {
        span.end = span.end.min(length);
    }
    Ok(Extracted {
        text,
        title: info(&document, b"Title"),
        author: info(&document, b"Author"),
        pages: spans,
        ..Extracted::default()
    })
}

/// True when following `/Parent` up from the page comes back to a node already passed.
fn parents_loop(document: &Document, page_id: ObjectId) -> bool {
    let mut seen = HashSet::new();
    let mut current = page_id;
    loop {
        if !seen.insert(current) {
            return true;
        }
        let Ok(node) = document.get_dictionary(current) else {
            return false;
        };
        match node.get(b"Parent") {
            Ok(Object::Reference(parent)) => current = *parent,
            _ => return false,
        }
    }
}

fn page_text(document: &Document, number: u32) -> Option<String> {
    let full = catch_unwind(AssertUnwindSafe(|| {
        let mut text = String::new();
        let mut output = PlainTextOutput::new(&mut text);
        output_doc_page(document, &mut output, number).ok().map(|_| text)
    }));
    match full {
        Ok(Some(text)) => Some(text),
        // The simpler extractor of lopdf runs words together more often, but is better than nothing.
        _ => catch_unwind(AssertUnwindSafe(|| document.extract_text(&[number]).ok()))
            .ok()
            .flatten(),
    }
}

/// Lines of a page joined into paragraphs: a single line break is a wrapped line, a blank line a
/// paragraph, and a word hyphenated across lines is joined.
fn reading_order(page: &str) -> String {
    page.split("\n\n")
        .map(|paragraph| {
            let mut joined = String::new();
            for line in paragraph.lines().map(str::trim).filter(|l| !l.is_empty()) {
                if joined.ends_with('-') {
                    joined.pop();
                } else if !joined.is_empty() {
                    joined.push(' ');
                }
                joined.push_str(line);
            }
            joined
        })
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

fn info(document: &Document, key: &[u8]) -> Option<String> {
    let dictionary = match document.trailer.get(b"Info").ok()? {
        Object::Reference(id) => document.get_dictionary(*id).ok()?,
        Object::Dictionary(dictionary) => dictionary,
        _ => return None,
    };
    let value = match dictionary.get(key).ok()? {
        Object::Reference(id) => document.get_object(*id).ok()?,
        value => value,
    };
    decode_text_string(value).ok().filter(|s| !s.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_joined_into_paragraphs() {
        let cases = [
            (
                "Une ligne\ncoupée ici\n\nAutre para-\ngraphe",
                "Une ligne coupée ici\n\nAutre paragraphe",
            ),
            ("\n\n  \n", ""),
        ];
        for (page, expected) in cases {
            assert_eq!(reading_order(page), expected);
        }
    }

    #[test]
    fn damaged_and_empty_pdfs_are_refused() {
        assert!(extract(b"%PDF-1.4\n garbage").unwrap_err().contains("damaged"));
    }
}
