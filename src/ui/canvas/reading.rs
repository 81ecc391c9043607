//! The reading view: how one line of a document looks from its structure — a heading larger, a
//! list item with a bullet, a quote indented behind a bar, emphasis in italics, links coloured —
//! and the header above the text (title, author, date, address). The text itself never changes.

use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, Stroke, Ui};

use super::layout::LINE_HEIGHT;
use crate::model::{BlockKind, CharRange, Document, InlineKind};

/// How a line is set.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Look {
    /// Font size as a factor of the body's.
    pub scale: f32,
    /// Left indent, in body font sizes.
    pub indent: f32,
    pub bullet: bool,
    pub quote: bool,
    pub heading: bool,
}

pub fn look_of(kind: Option<BlockKind>) -> Look {
    let body = Look {
        scale: 1.0,
        ..Look::default()
    };
    match kind {
        None => body,
        Some(BlockKind::Title) => Look {
            scale: 1.6,
            heading: true,
            ..body
        },
        Some(BlockKind::Heading(level)) => Look {
            scale: match level {
                0 | 1 => 1.5,
                2 => 1.3,
                3 => 1.15,
                _ => 1.05,
            },
            heading: true,
            ..body
        },
        Some(BlockKind::ListItem) => Look {
            indent: 1.5,
            bullet: true,
            ..body
        },
        Some(BlockKind::Quote) => Look {
            indent: 2.0,
            quote: true,
            ..body
        },
    }
}

/// The colours a line is laid out with (they change with the theme).
#[derive(Clone, Copy, PartialEq)]
pub struct Ink {
    pub text: Color32,
    pub strong: Color32,
    pub link: Color32,
}

impl Ink {
    pub fn of(ui: &Ui) -> Self {
        let visuals = ui.visuals();
        Self {
            text: visuals.text_color(),
            strong: visuals.strong_text_color(),
            link: visuals.hyperlink_color,
        }
    }
}

/// The layout job of the line `range` of `document`: one section per run of the same emphasis
/// and link state, so highlights and hit-testing keep counting the same characters.
pub fn line_job(document: &Document, range: CharRange, font_size: f32, ink: Ink, look: Look) -> LayoutJob {
    let text = document.text.slice(range).unwrap_or_default();
    let size = font_size * look.scale;
    let base = TextFormat {
        font_id: FontId::proportional(size),
        color: if look.heading { ink.strong } else { ink.text },
        line_height: Some(size * LINE_HEIGHT),
        ..TextFormat::default()
    };
    let mut job = LayoutJob::default();
    let cuts = cuts(document, range);
    if cuts.is_empty() {
        job.append(text, 0.0, base);
        return job;
    }
    // Byte offset of every character boundary of the line, to cut it at code points.
    let bytes: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut points: Vec<usize> = cuts.iter().flat_map(|c| [c.0.start, c.0.end]).collect();
    points.extend([range.start, range.end]);
    points.sort_unstable();
    points.dedup();
    for pair in points.windows(2) {
        let (start, end) = (pair[0], pair[1]);
        let mut format = base.clone();
        let covering = cuts
            .iter()
            .filter(|(span, _)| span.start <= start && end <= span.end);
        for (_, style) in covering {
            match style {
                Style::Emphasis => format.italics = true,
                Style::Strong => format.color = ink.strong,
                Style::Link => {
                    format.color = ink.link;
                    format.underline = Stroke::new(1.0, ink.link);
                }
            }
        }
        let slice = &text[bytes[start - range.start]..bytes[end - range.start]];
        job.append(slice, 0.0, format);
    }
    job
}

#[derive(Clone, Copy)]
enum Style {
    Emphasis,
    Strong,
    Link,
}

/// The emphasis and links over `range`, clipped to it.
fn cuts(document: &Document, range: CharRange) -> Vec<(CharRange, Style)> {
    let clip = |start: usize, end: usize| {
        let clipped = CharRange::new(start.max(range.start), end.min(range.end));
        (!clipped.is_empty()).then_some(clipped)
    };
    let inlines = document.inlines.iter().filter_map(|inline| {
        let style = match inline.kind {
            InlineKind::Emphasis => Style::Emphasis,
            InlineKind::Strong => Style::Strong,
        };
        clip(inline.start, inline.end).map(|r| (r, style))
    });
    let links = document
        .links
        .iter()
        .filter_map(|link| clip(link.start, link.end).map(|r| (r, Style::Link)));
    inlines.chain(links).collect()
}

/// The link under a position, for Ctrl+click.
pub fn link_at(document: &Document, position: usize) -> Option<&str> {
    document
        .links
        .iter()
        .find(|link| link.start <= position && position < link.end)
        .map(|link| link.url.as_str())
}

/// Whether the header has anything to show: a title the text does not open with, an author, a
/// date or an address.
pub fn has_header(document: &Document) -> bool {
    shows_title(document)
        || document.author.is_some()
        || document.published.is_some()
        || document.url.is_some()
        || !document.notes.is_empty()
}

fn shows_title(document: &Document) -> bool {
    let first_line = document.text.as_str().lines().next().unwrap_or_default().trim();
    let has_title_block = document.blocks.iter().any(|b| b.kind == BlockKind::Title);
    !document.title.trim().is_empty() && first_line != document.title.trim() && !has_title_block
}

/// Title (unless the text opens with it), author, date and address above the text.
pub fn header_ui(ui: &mut Ui, document: &Document, font_size: f32) {
    if shows_title(document) {
        ui.label(
            egui::RichText::new(super::bidi::display_order(&document.title))
                .size(font_size * 1.6)
                .strong(),
        );
    }
    let byline: Vec<&str> = [document.author.as_deref(), document.published.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if !byline.is_empty() {
        ui.label(
            egui::RichText::new(byline.join(" · "))
                .size(font_size * 0.85)
                .weak(),
        );
    }
    if let Some(url) = &document.url {
        ui.hyperlink_to(egui::RichText::new(url).size(font_size * 0.8), url);
    }
    notes_ui(ui, document, font_size);
}

/// The notes on the whole document (Hypothesis page notes), folded away under one line.
fn notes_ui(ui: &mut Ui, document: &Document, font_size: f32) {
    if document.notes.is_empty() {
        return;
    }
    let heading = format!("Notes on this page ({})", document.notes.len());
    egui::CollapsingHeader::new(egui::RichText::new(heading).size(font_size * 0.85))
        .id_salt(("document-notes", &document.id))
        .show(ui, |ui| {
            for note in &document.notes {
                let by: Vec<String> = [
                    note.author.clone(),
                    note.created.map(|time| time.strftime("%Y-%m-%d").to_string()),
                ]
                .into_iter()
                .flatten()
                .collect();
                if !by.is_empty() {
                    ui.label(egui::RichText::new(by.join(" · ")).size(font_size * 0.8).weak());
                }
                ui.label(egui::RichText::new(&note.text).size(font_size * 0.9));
                ui.add_space(4.0);
            }
        });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocLink, Inline};

    #[test]
    fn sections_follow_emphasis_and_links_by_code_point() {
        let mut document = Document::new("t", "Él dit « oui » à Москва.");
        document.inlines.push(Inline {
            kind: InlineKind::Emphasis,
            start: 8,
            end: 13,
        });
        document.links.push(DocLink {
            start: 17,
            end: 23,
            url: "https://example.org".into(),
        });
        let ink = Ink {
            text: Color32::GRAY,
            strong: Color32::WHITE,
            link: Color32::BLUE,
        };
        let job = line_job(&document, CharRange::new(0, 24), 17.0, ink, look_of(None));
        let pieces: Vec<(&str, bool, Color32)> = job
            .sections
            .iter()
            .map(|s| {
                (
                    &job.text[s.byte_range.start.0..s.byte_range.end.0],
                    s.format.italics,
                    s.format.color,
                )
            })
            .collect();
        assert_eq!(
            pieces,
            [
                ("Él dit «", false, Color32::GRAY),
                (" oui ", true, Color32::GRAY),
                ("» à ", false, Color32::GRAY),
                ("Москва", false, Color32::BLUE),
                (".", false, Color32::GRAY),
            ]
        );
        assert_eq!(job.text, document.text.as_str());
    }

    #[test]
    fn looks_by_block() {
        let cases = [
            (None, 1.0, 0.0),
            (Some(BlockKind::Heading(1)), 1.5, 0.0),
            (Some(BlockKind::Heading(4)), 1.05, 0.0),
            (Some(BlockKind::ListItem), 1.0, 1.5),
            (Some(BlockKind::Quote), 1.0, 2.0),
        ];
        for (kind, scale, indent) in cases {
            let look = look_of(kind);
            assert_eq!((look.scale, look.indent), (scale, indent), "{kind:?}");
        }
    }
}
