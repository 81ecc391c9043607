//! Markdown to reading text: what a person sees, not the markup.
//!
//! Headings, paragraphs, list items and quotes become paragraphs; emphasis marks go; `[text](url)`
//! keeps `text` and records the link. Images, raw HTML blocks and front matter are dropped.
//! Headings (with their level), list items, quotes and emphasis are recorded as structure.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::Extracted;
use super::builder::{Built, TextBuilder};
use crate::model::{BlockKind, InlineKind};

fn level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

pub fn extract(source: &str) -> Extracted {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut builder = TextBuilder::default();
    let mut skipped = 0u32;
    let mut first_cell = true;
    let mut title: Option<String> = None;
    let mut heading: Option<String> = None;
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Start(Tag::Image { .. } | Tag::MetadataBlock(_) | Tag::HtmlBlock) => skipped += 1,
            Event::End(TagEnd::Image | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock) => {
                skipped = skipped.saturating_sub(1)
            }
            _ if skipped > 0 => {}
            Event::Start(Tag::Heading { level: rank, .. }) => {
                builder.start_kind(BlockKind::Heading(level(rank)));
                if rank == HeadingLevel::H1 && title.is_none() {
                    heading = Some(String::new());
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(text) = heading.take() {
                    title = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
                }
                builder.end_kind();
            }
            Event::Start(Tag::Item) => {
                builder.start_kind(BlockKind::ListItem);
                first_cell = true;
            }
            Event::Start(Tag::BlockQuote(_)) => {
                builder.start_kind(BlockKind::Quote);
                first_cell = true;
            }
            Event::End(TagEnd::Item | TagEnd::BlockQuote(_)) => builder.end_kind(),
            Event::Start(Tag::Emphasis) => builder.start_inline(InlineKind::Emphasis),
            Event::End(TagEnd::Emphasis) => builder.end_inline(InlineKind::Emphasis),
            Event::Start(Tag::Strong) => builder.start_inline(InlineKind::Strong),
            Event::End(TagEnd::Strong) => builder.end_inline(InlineKind::Strong),
            Event::Start(
                Tag::Paragraph
                | Tag::CodeBlock(_)
                | Tag::TableHead
                | Tag::TableRow
                | Tag::FootnoteDefinition(_)
                | Tag::DefinitionListTitle
                | Tag::DefinitionListDefinition,
            ) => {
                builder.block();
                first_cell = true;
            }
            Event::End(
                TagEnd::Paragraph
                | TagEnd::CodeBlock
                | TagEnd::TableHead
                | TagEnd::TableRow
                | TagEnd::List(_)
                | TagEnd::FootnoteDefinition,
            ) => builder.block(),
            Event::Start(Tag::TableCell) => {
                if !first_cell {
                    builder.push("\t");
                }
                first_cell = false;
            }
            Event::Start(Tag::Link { dest_url, .. }) => builder.start_link(dest_url.into_string()),
            Event::End(TagEnd::Link) => builder.end_link(),
            Event::Text(text) | Event::Code(text) | Event::InlineMath(text) | Event::DisplayMath(text) => {
                if let Some(heading) = &mut heading {
                    heading.push_str(&text);
                }
                builder.push(&text);
            }
            Event::SoftBreak => builder.push(" "),
            Event::HardBreak => builder.line_break(),
            Event::Rule => builder.block(),
            _ => {}
        }
    }
    let Built {
        text,
        links,
        blocks,
        inlines,
    } = builder.finish();
    Extracted {
        text,
        title,
        links,
        blocks,
        inlines,
        ..Extracted::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_reading_text() {
        // (markdown, expected text)
        let cases = [
            ("# Titre\n\nUn *mot* **fort**.", "Titre\n\nUn mot fort."),
            ("- un\n- deux\n\n> cité\n", "un\n\ndeux\n\ncité"),
            ("Selon [RFI](https://rfi.fr), oui.", "Selon RFI, oui."),
            ("ligne\r\nsuite", "ligne suite"),
            ("![image](x.png)Texte", "Texte"),
            ("Москва `code` 😀 سلام", "Москва code 😀 سلام"),
            ("---\ntitle: x\n---\nCorps", "Corps"),
            ("", ""),
        ];
        for (markdown, expected) in cases {
            assert_eq!(extract(markdown).text, expected, "{markdown:?}");
        }
    }

    #[test]
    fn links_are_kept_with_their_range() {
        let extracted =
            extract("# Niger\n\nComme le [montre RFI](https://www.rfi.fr/x) très bien, et [ici](#).");
        assert_eq!(extracted.title.as_deref(), Some("Niger"));
        let texts: Vec<(String, &str)> = extracted
            .links
            .iter()
            .map(|l| {
                (
                    extracted
                        .text
                        .chars()
                        .skip(l.start)
                        .take(l.end - l.start)
                        .collect(),
                    l.url.as_str(),
                )
            })
            .collect();
        assert_eq!(
            texts,
            [
                ("montre RFI".to_owned(), "https://www.rfi.fr/x"),
                ("ici".to_owned(), "#")
            ]
        );
    }
}
