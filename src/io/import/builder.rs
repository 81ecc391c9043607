//! Builds a document's reading text from pieces, keeping code-point positions for links and pages.
//!
//! Every importer that reads structure (Markdown, HTML, DOCX, PDF) writes through this: blocks are
//! separated by one blank line however many block boundaries meet, white space is collapsed where
//! the format says it is not significant, and positions are counted while the text grows.

use crate::model::DocLink;

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

    /// Appends text as it is.
    pub fn push(&mut self, piece: &str) {
        if piece.is_empty() {
            return;
        }
        self.flush();
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

    /// The text, ending without trailing white space, and the links found in it.
    pub fn finish(mut self) -> (String, Vec<DocLink>) {
        let trimmed = self.text.trim_end().len();
        self.text.truncate(trimmed);
        let chars = self.text.chars().count();
        self.links.retain_mut(|link| {
            link.end = link.end.min(chars);
            link.start < link.end
        });
        (self.text, self.links)
    }
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
        let (text, links) = builder.finish();
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
}
