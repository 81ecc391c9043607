//! Builds a document's reading text from pieces, keeping code-point positions for links and pages.
//!
//! Every importer that reads structure (Markdown, HTML, DOCX, PDF) writes through this: blocks are
//! separated by one blank line however many block boundaries meet, white space is collapsed where
//! the format says it is not significant, and positions are counted while the text grows.
//!
//! Structure is recorded as it goes, without changing a character of the text: a block kind
//! (heading, list item, quote) applies to every line written while it is open, so a quote of three
//! paragraphs is three quote blocks and each block covers one line; emphasis covers what was
//! written between its start and end. Ranges are trimmed of surrounding white space at the end.

use crate::model::{Block, BlockKind, DocLink, Inline, InlineKind};

/// What a builder made: the text and the ranges over it (code points, sorted by start).
#[derive(Debug, Default)]
pub struct Built {
    pub text: String,
    pub links: Vec<DocLink>,
    pub blocks: Vec<Block>,
    pub inlines: Vec<Inline>,
}

#[derive(Default)]
pub struct TextBuilder {
    text: String,
    chars: usize,
    /// A paragraph break is owed before the next text.
    pending_break: bool,
    /// The text ends in white space (or a block start): a collapsed space is not needed.
    at_space: bool,
    links: Vec<DocLink>,
    /// Where the currently open link starts, and its target.
    open_link: Option<(usize, String)>,
    /// The block kinds open now, innermost last.
    kinds: Vec<BlockKind>,
    /// The line being written under the innermost kind, from where its text starts.
    line: Option<(BlockKind, usize)>,
    blocks: Vec<Block>,
    /// Open emphasis: its kind and where its text starts (once some has been written).
    open_inlines: Vec<(InlineKind, Option<usize>)>,
    inlines: Vec<Inline>,
}

impl TextBuilder {
    /// Code points written so far (after any owed paragraph break).
    pub fn position(&mut self) -> usize {
        self.flush();
        self.chars
    }

    /// Ends the current block: the next text starts a new paragraph.
    pub fn block(&mut self) {
        while self.text.ends_with([' ', '\t']) {
            self.text.pop();
            self.chars -= 1;
        }
        self.end_line();
        self.pending_break = !self.text.is_empty();
        self.at_space = true;
    }

    fn flush(&mut self) {
        if self.pending_break {
            while self.text.ends_with('\n') {
                self.text.pop();
                self.chars -= 1;
            }
            self.text.push_str("\n\n");
            self.chars += 2;
            self.pending_break = false;
        }
    }

    /// Opens a block kind: the text written until [`end_kind`](Self::end_kind) is its lines.
    pub fn start_kind(&mut self, kind: BlockKind) {
        self.block();
        self.kinds.push(kind);
    }

    /// Closes the innermost block kind (and the current paragraph).
    pub fn end_kind(&mut self) {
        self.block();
        self.kinds.pop();
    }

    pub fn start_inline(&mut self, kind: InlineKind) {
        self.open_inlines.push((kind, None));
    }

    /// Closes the innermost open emphasis of this kind.
    pub fn end_inline(&mut self, kind: InlineKind) {
        if let Some(i) = self.open_inlines.iter().rposition(|(k, _)| *k == kind)
            && let (_, Some(start)) = self.open_inlines.remove(i)
            && self.chars > start
        {
            self.inlines.push(Inline {
                kind,
                start,
                end: self.chars,
            });
        }
    }

    /// Closes the line being written under a block kind, recording it.
    fn end_line(&mut self) {
        if let Some((kind, start)) = self.line.take()
            && self.chars > start
        {
            self.blocks.push(Block {
                kind,
                start,
                end: self.chars,
            });
        }
    }

    /// Appends text as it is.
    pub fn push(&mut self, piece: &str) {
        if piece.is_empty() {
            return;
        }
        self.flush();
        if !piece.trim().is_empty() {
            let at = self.chars;
            if self.line.is_none() {
                self.line = self.kinds.last().map(|&kind| (kind, at));
            }
            for (_, start) in &mut self.open_inlines {
                start.get_or_insert(at);
            }
        }
        self.text.push_str(piece);
        self.chars += piece.chars().count();
        self.at_space = piece.ends_with(char::is_whitespace);
    }

    /// Appends text whose runs of white space count as one space (HTML outside `<pre>`).
    pub fn push_collapsed(&mut self, piece: &str) {
        for (i, word) in piece.split(char::is_whitespace).enumerate() {
            if i > 0 && !self.at_space {
                self.push(" ");
            }
            self.push(word);
        }
    }

    /// A line break inside a block.
    pub fn line_break(&mut self) {
        self.end_line();
        self.push("\n");
        self.at_space = true;
    }

    pub fn start_link(&mut self, url: String) {
        let start = self.position();
        self.open_link = Some((start, url));
    }

    pub fn end_link(&mut self) {
        if let Some((start, url)) = self.open_link.take() {
            let trailing = self.text.chars().rev().take_while(|c| c.is_whitespace()).count();
            let end = self.chars - trailing;
            if end > start && !url.is_empty() {
                self.links.push(DocLink { start, end, url });
            }
        }
    }

    /// The text, ending without trailing white space, and the ranges found in it.
    pub fn finish(mut self) -> Built {
        self.end_line();
        let trimmed = self.text.trim_end().len();
        self.text.truncate(trimmed);
        let chars: Vec<char> = self.text.chars().collect();
        self.links.retain_mut(|link| {
            link.end = link.end.min(chars.len());
            link.start < link.end
        });
        let mut blocks = self.blocks;
        blocks.retain_mut(|block| trim(&chars, &mut block.start, &mut block.end));
        let mut inlines: Vec<Inline> = Vec::with_capacity(self.inlines.len());
        self.inlines.sort_by_key(|inline| (inline.start, inline.end));
        // Nested or touching emphasis of one kind (`<b><b>`, Word's runs split at any point) is one
        // range; touching counts before trimming, so `très ` + `important` join.
        for inline in self.inlines {
            match inlines
                .iter_mut()
                .rev()
                .find(|earlier| earlier.kind == inline.kind)
            {
                Some(earlier) if inline.start <= earlier.end => earlier.end = earlier.end.max(inline.end),
                _ => inlines.push(inline),
            }
        }
        inlines.retain_mut(|inline| trim(&chars, &mut inline.start, &mut inline.end));
        inlines.sort_by_key(|inline| inline.start);
        Built {
            text: self.text,
            links: self.links,
            blocks,
            inlines,
        }
    }
}

/// Narrows `start..end` to the text without its surrounding white space; false when nothing is left.
fn trim(chars: &[char], start: &mut usize, end: &mut usize) -> bool {
    *end = (*end).min(chars.len());
    while *start < *end && chars[*start].is_whitespace() {
        *start += 1;
    }
    while *end > *start && chars[*end - 1].is_whitespace() {
        *end -= 1;
    }
    *start < *end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_links_and_spaces() {
        let mut builder = TextBuilder::default();
        builder.block();
        builder.push("Titre");
        builder.block();
        builder.block();
        builder.push_collapsed("  Selon   ");
        builder.start_link("https://rfi.fr".into());
        builder.push_collapsed("RFI, ");
        builder.end_link();
        builder.push_collapsed("  l'œil\n voit.");
        builder.block();
        let Built { text, links, .. } = builder.finish();
        assert_eq!(text, "Titre\n\nSelon RFI, l'œil voit.");
        let link = &links[0];
        assert_eq!(
            text.chars()
                .skip(link.start)
                .take(link.end - link.start)
                .collect::<String>(),
            "RFI,"
        );
    }

    #[test]
    fn kinds_apply_to_each_line_and_emphasis_is_trimmed_and_joined() {
        let mut builder = TextBuilder::default();
        builder.start_kind(BlockKind::Quote);
        builder.push_collapsed(" Une ");
        builder.start_inline(InlineKind::Strong);
        builder.push_collapsed("citation ");
        builder.end_inline(InlineKind::Strong);
        builder.start_inline(InlineKind::Strong);
        builder.push_collapsed("forte");
        builder.end_inline(InlineKind::Strong);
        builder.line_break();
        builder.push("suite");
        builder.block();
        builder.push("fin");
        builder.start_kind(BlockKind::ListItem);
        builder.push("point");
        builder.end_kind();
        builder.end_kind();
        builder.start_inline(InlineKind::Emphasis);
        builder.end_inline(InlineKind::Emphasis);
        builder.push("après");
        let built = builder.finish();
        assert_eq!(built.text, "Une citation forte\nsuite\n\nfin\n\npoint\n\naprès");
        let slice = |start, end| {
            built
                .text
                .chars()
                .skip(start)
                .take(end - start)
                .collect::<String>()
        };
        let blocks: Vec<_> = built
            .blocks
            .iter()
            .map(|b| (b.kind, slice(b.start, b.end)))
            .collect();
        assert_eq!(
            blocks,
            [
                (BlockKind::Quote, "Une citation forte".to_owned()),
                (BlockKind::Quote, "suite".to_owned()),
                (BlockKind::Quote, "fin".to_owned()),
                (BlockKind::ListItem, "point".to_owned()),
            ]
        );
        let inlines: Vec<_> = built
            .inlines
            .iter()
            .map(|i| (i.kind, slice(i.start, i.end)))
            .collect();
        assert_eq!(inlines, [(InlineKind::Strong, "citation forte".to_owned())]);
    }
}
