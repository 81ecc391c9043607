//! Paragraphs that hold right-to-left text: the Unicode Bidirectional Algorithm (`unicode-bidi`)
//! orders them, egui shapes them one directional piece at a time, and this module breaks the
//! lines, places the pieces and answers the geometry the canvas asks (the boxes of a range, the
//! caret, the character under a point) from the pieces' own glyphs.
//!
//! egui 0.37 shapes one right-to-left word correctly (harfrust gives its glyphs in visual order)
//! but lays the words of a line out left to right, and miscounts a ligature's characters. So each
//! piece handed to egui is one run of right-to-left letters (its letters join), one left-to-right
//! word or run of spaces, or a single neutral character inside right-to-left text (a space, a
//! comma, a bracket, mirrored); the pieces are placed here, in the visual order the algorithm
//! gives. Left-to-right paragraphs without right-to-left characters never come here.

use std::sync::Arc;

use egui::{Galley, Painter, Pos2, Rect, pos2};
use unicode_bidi::{BidiClass, Level, ParagraphBidiInfo, bidi_class};

use crate::model::Direction;

/// Where each character of a piece lies across it (left and right edge), when its glyphs could
/// be matched to its characters.
type CharEdges = Vec<(f32, f32)>;

/// Whether a paragraph needs this layout: `Some(rtl)` with its base direction, or `None` for the
/// fast path (a left-to-right paragraph without a right-to-left character).
pub fn paragraph_direction(text: &str, direction: Direction) -> Option<bool> {
    match direction {
        Direction::Rtl => Some(true),
        Direction::Ltr => has_rtl(text).then_some(false),
        Direction::Auto => match first_strong(text) {
            Some(true) => Some(true),
            _ => has_rtl(text).then_some(false),
        },
    }
}

/// Whether the first strong character of `text` is right to left (`None`: no strong character).
pub fn first_strong(text: &str) -> Option<bool> {
    text.chars().find_map(|c| match bidi_class(c) {
        BidiClass::L => Some(false),
        BidiClass::R | BidiClass::AL => Some(true),
        _ => None,
    })
}

/// Whether `text` has a character that reads right to left (or an Arabic number, or a control
/// that makes a run right to left).
pub fn has_rtl(text: &str) -> bool {
    text.chars().any(|c| {
        u32::from(c) >= 0x0590
            && matches!(
                bidi_class(c),
                BidiClass::R
                    | BidiClass::AL
                    | BidiClass::AN
                    | BidiClass::RLE
                    | BidiClass::RLO
                    | BidiClass::RLI
            )
    })
}

/// `text` with the words of its right-to-left runs in visual order, each word's letters left in
/// reading order (egui shapes a word right to left, but places words left to right): for the
/// one-line labels of the side panel, the inspector and the tooltip. Text without right-to-left
/// characters comes back unchanged; line breaks are kept, each line ordered on its own.
pub fn display_order(text: &str) -> String {
    if !has_rtl(text) {
        return text.to_owned();
    }
    text.split('\n')
        .map(|line| {
            let rtl = first_strong(line) == Some(true);
            let atoms = atoms(line, rtl);
            let order = visual_order(&atoms.iter().map(|a| a.level).collect::<Vec<_>>());
            let chars: Vec<(usize, char)> = line.char_indices().collect();
            let byte = |i: usize| chars.get(i).map_or(line.len(), |&(b, _)| b);
            order
                .into_iter()
                .map(|k| {
                    let atom = &atoms[k];
                    let piece = &line[byte(atom.start)..byte(atom.end)];
                    match (atom.level.is_rtl(), piece.chars().next().and_then(mirror)) {
                        (true, Some(mirrored)) if atom.end - atom.start == 1 => mirrored.to_string(),
                        _ => piece.to_owned(),
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A label that reads right to left where its text does: wrapped to the available width, each
/// line laid out here (egui's own label would run the words left to right). Text without
/// right-to-left characters gets `None` (the caller shows an ordinary label).
pub fn rtl_label_ui(ui: &mut egui::Ui, text: &str, format: egui::TextFormat) -> Option<egui::Response> {
    let rtl = paragraph_direction(text, Direction::Auto)?;
    let width = ui.available_width();
    let row_height = ui.ctx().fonts_mut(|fonts| fonts.row_height(&format.font_id));
    let mut paragraphs = Vec::new();
    let mut height = 0.0;
    for line in text.split('\n') {
        let bytes: Vec<usize> = line
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(line.len()))
            .collect();
        let mut shaper = PainterShaper {
            painter: ui.painter(),
            job: |from: usize, to: usize, mirrored: Option<char>| {
                let piece = mirrored.map_or_else(|| line[bytes[from]..bytes[to]].to_owned(), String::from);
                egui::text::LayoutJob::single_section(piece, format.clone())
            },
        };
        let layout = BidiLayout::new(line, rtl, width, &mut shaper);
        let top = height;
        height += if layout.lines.is_empty() {
            row_height
        } else {
            layout.height
        };
        paragraphs.push((top, layout));
    }
    // A text of single lines takes only the width it needs (a title beside its name); wrapped
    // lines take the whole width, aligned to its right.
    let pieces = || paragraphs.iter().flat_map(|(_, layout)| &layout.pieces);
    let left = pieces().map(|p| p.pos.x).fold(width, f32::min);
    let right = pieces().map(|p| p.pos.x + p.width).fold(0.0, f32::max);
    let (used, shift) = if paragraphs.iter().all(|(_, layout)| layout.lines.len() <= 1) && left < right {
        (right - left, -left)
    } else {
        (width, 0.0)
    };
    let (rect, response) = ui.allocate_exact_size(egui::vec2(used, height), egui::Sense::hover());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, text));
    for (top, layout) in paragraphs {
        for piece in &layout.pieces {
            let at = rect.min + egui::vec2(shift, top) + piece.pos.to_vec2();
            ui.painter().galley(at, piece.galley.clone(), format.color);
        }
    }
    Some(response)
}

/// A run of characters egui lays out as one galley, in paragraph-relative character positions.
#[derive(Clone, Debug, PartialEq)]
pub struct Atom {
    pub start: usize,
    pub end: usize,
    pub level: Level,
    /// Whitespace only (a place where a line may break after).
    pub space: bool,
}

/// How a character joins its neighbours into atoms.
#[derive(Clone, Copy, PartialEq)]
enum Kind {
    /// Right-to-left letters and the marks and joiners between them: shaped together.
    RtlLetters,
    /// One character on its own (a neutral inside right-to-left text).
    Single,
    Space,
    Word,
}

/// Splits a paragraph into atoms: at every change of embedding level, between words and spaces,
/// and around each neutral character of a right-to-left run.
pub fn atoms(text: &str, rtl: bool) -> Vec<Atom> {
    let info = ParagraphBidiInfo::new(text, Some(if rtl { Level::rtl() } else { Level::ltr() }));
    let mut atoms: Vec<Atom> = Vec::new();
    let mut last_kind = None;
    for (i, (byte, c)) in text.char_indices().enumerate() {
        let level = info.levels[byte];
        let kind = if c.is_whitespace() {
            if level.is_rtl() { Kind::Single } else { Kind::Space }
        } else if level.is_rtl() {
            match bidi_class(c) {
                BidiClass::R | BidiClass::AL | BidiClass::NSM | BidiClass::BN => Kind::RtlLetters,
                _ => Kind::Single,
            }
        } else {
            Kind::Word
        };
        let joins = last_kind == Some(kind)
            && kind != Kind::Single
            && atoms.last().is_some_and(|a: &Atom| a.level == level);
        if joins {
            atoms.last_mut().expect("joined to the last atom").end = i + 1;
        } else {
            atoms.push(Atom {
                start: i,
                end: i + 1,
                level,
                space: c.is_whitespace(),
            });
        }
        last_kind = Some(kind);
    }
    atoms
}

/// The visual order of items at `levels` (rule L2: reverse every run at or above each odd level).
pub fn visual_order(levels: &[Level]) -> Vec<usize> {
    if levels.is_empty() {
        return Vec::new();
    }
    ParagraphBidiInfo::reorder_visual(levels)
}

/// The mirrored form of a bracket or quote that sits in right-to-left text.
pub fn mirror(c: char) -> Option<char> {
    const PAIRS: [(char, char); 8] = [
        ('(', ')'),
        ('[', ']'),
        ('{', '}'),
        ('<', '>'),
        ('«', '»'),
        ('‹', '›'),
        ('⁅', '⁆'),
        ('〈', '〉'),
    ];
    PAIRS.iter().find_map(|&(open, close)| {
        if c == open {
            Some(close)
        } else if c == close {
            Some(open)
        } else {
            None
        }
    })
}

/// The left and right edge of each character of a galley laid out from `chars`, relative to the
/// galley's left, or `None` when its glyphs cannot be matched to the characters one by one.
///
/// Left to right, glyph `i` is character `i`. Right to left, the glyphs come in visual order, each
/// naming the first character of its cluster: walked from the right they give the clusters in
/// reading order, and a cluster of several characters (a ligature such as lam-alef, a letter with
/// its vowel mark) is shared evenly among them, the first at the right.
pub fn char_edges(galley: &Galley, chars: &[char], rtl: bool) -> Option<CharEdges> {
    let width = galley.size().x;
    let glyphs: Vec<&egui::epaint::text::Glyph> =
        galley.rows.iter().flat_map(|row| row.row.glyphs.iter()).collect();
    if chars.len() == 1 {
        return Some(vec![(0.0, width)]);
    }
    if !rtl {
        return (glyphs.len() == chars.len()).then(|| {
            glyphs
                .iter()
                .map(|g| (g.pos.x, g.pos.x + g.advance_width))
                .collect()
        });
    }
    // Continuation glyphs egui adds at the end carry no ink and no advance.
    let shaped = glyphs
        .iter()
        .filter(|g| !(g.advance_width == 0.0 && g.uv_rect.is_nothing()));
    let mut clusters: Vec<(usize, f32, f32)> = Vec::new();
    let mut next = 0;
    for glyph in shaped.rev() {
        let (left, right) = (glyph.pos.x, glyph.pos.x + glyph.advance_width);
        if next < chars.len() && chars[next] == glyph.chr {
            clusters.push((next, left, right));
            next += 1;
        } else if let Some(last) = clusters.last_mut()
            && chars[last.0] == glyph.chr
        {
            if glyph.advance_width > 0.0 {
                last.1 = last.1.min(left);
                last.2 = last.2.max(right);
            }
        } else if let Some(at) = (next..chars.len()).find(|&q| chars[q] == glyph.chr)
            && !clusters.is_empty()
        {
            clusters.push((at, left, right));
            next = at + 1;
        } else {
            return None;
        }
    }
    if clusters.first().is_none_or(|c| c.0 != 0) {
        return None;
    }
    // Joined letters overlap a little (an advance reaches past the next glyph's rounded
    // position): a cluster ends where the one before it, on its right, begins.
    for k in 1..clusters.len() {
        let right_neighbour = clusters[k - 1].1;
        let cluster = &mut clusters[k];
        cluster.2 = cluster.2.min(right_neighbour);
        // Each cluster lies left of the one before it, and has some width.
        if cluster.1 >= cluster.2 {
            return None;
        }
    }
    let mut edges = vec![(0.0, 0.0); chars.len()];
    for (k, &(start, left, right)) in clusters.iter().enumerate() {
        let end = clusters.get(k + 1).map_or(chars.len(), |c| c.0);
        let share = (right - left) / (end - start) as f32;
        for (j, edge) in edges[start..end].iter_mut().enumerate() {
            let r = right - share * j as f32;
            *edge = (r - share, r);
        }
    }
    Some(edges)
}

/// One atom placed on a line.
pub struct Piece {
    /// Characters, relative to the paragraph's start.
    pub start: usize,
    pub end: usize,
    /// Draws right to left (an odd embedding level).
    pub rtl: bool,
    /// Top-left, relative to the paragraph's origin.
    pub pos: Pos2,
    pub width: f32,
    pub galley: Arc<Galley>,
    /// Each character's left and right edge, relative to `pos.x`; `None` when the glyphs could
    /// not be matched to the characters (then only a range over the whole piece is painted).
    pub edges: Option<CharEdges>,
}

/// A line of a laid-out paragraph.
pub struct Line {
    /// Characters, relative to the paragraph's start, in reading order.
    pub start: usize,
    pub end: usize,
    pub top: f32,
    pub height: f32,
    /// Into [`BidiLayout::pieces`], in visual order (left to right).
    pub pieces: std::ops::Range<usize>,
}

/// A paragraph laid out line by line, each line's pieces in visual order.
pub struct BidiLayout {
    pub rtl: bool,
    pub width: f32,
    pub lines: Vec<Line>,
    pub pieces: Vec<Piece>,
    pub height: f32,
    /// Every piece's characters matched to its glyphs.
    pub exact: bool,
}

/// What a piece is laid out with: its characters (paragraph-relative) and whether a neutral
/// character is drawn mirrored. The caller builds the galley (formats, fonts).
pub trait Shaper {
    fn shape(&mut self, start: usize, end: usize, mirrored: Option<char>) -> Arc<Galley>;
}

/// Shapes pieces with a painter from the layout jobs `job` gives.
pub struct PainterShaper<'a, F: FnMut(usize, usize, Option<char>) -> egui::text::LayoutJob> {
    pub painter: &'a Painter,
    pub job: F,
}

impl<F: FnMut(usize, usize, Option<char>) -> egui::text::LayoutJob> Shaper for PainterShaper<'_, F> {
    fn shape(&mut self, start: usize, end: usize, mirrored: Option<char>) -> Arc<Galley> {
        self.painter.layout_job((self.job)(start, end, mirrored))
    }
}

impl BidiLayout {
    /// Lays out `text` (one paragraph, no line break) in lines at most `max_width` wide, right
    /// aligned when `rtl`.
    pub fn new(text: &str, rtl: bool, max_width: f32, shaper: &mut impl Shaper) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let atoms = atoms(text, rtl);
        let shaped: Vec<(Arc<Galley>, Option<CharEdges>)> = atoms
            .iter()
            .map(|atom| {
                let mirrored = (atom.level.is_rtl() && atom.end - atom.start == 1)
                    .then(|| mirror(chars[atom.start]))
                    .flatten();
                let galley = shaper.shape(atom.start, atom.end, mirrored);
                let edges = char_edges(&galley, &chars[atom.start..atom.end], atom.level.is_rtl());
                (galley, edges)
            })
            .collect();
        let widths: Vec<f32> = shaped.iter().map(|(g, _)| g.size().x).collect();
        let breaks = break_lines(&atoms, &widths, max_width);
        let info = ParagraphBidiInfo::new(text, Some(if rtl { Level::rtl() } else { Level::ltr() }));
        let byte_of: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain(std::iter::once(text.len()))
            .collect();
        let mut lines = Vec::new();
        let mut pieces = Vec::new();
        let mut top = 0.0;
        for line_atoms in breaks {
            let first = &atoms[line_atoms.start];
            let last = &atoms[line_atoms.end - 1];
            let (start, end) = (first.start, last.end);
            let levels = info.reordered_levels(byte_of[start]..byte_of[end]);
            let atom_levels: Vec<Level> = atoms[line_atoms.clone()]
                .iter()
                .map(|a| levels[byte_of[a.start]])
                .collect();
            // Spaces that end a line take no room (they hang, as in a browser).
            let trailing = atoms[line_atoms.clone()]
                .iter()
                .rev()
                .take_while(|a| a.space)
                .count();
            let hanging = line_atoms.end - trailing;
            let order = visual_order(&atom_levels);
            let content: f32 = (line_atoms.start..hanging).map(|k| widths[k]).sum();
            let mut x = if rtl { (max_width - content).max(0.0) } else { 0.0 };
            let baseline = |galley: &Galley| {
                galley
                    .rows
                    .first()
                    .and_then(|row| row.row.glyphs.first())
                    .map_or(0.0, |g| g.pos.y)
            };
            let line_baseline = line_atoms
                .clone()
                .map(|k| baseline(&shaped[k].0))
                .fold(0.0, f32::max);
            let first_piece = pieces.len();
            let mut height: f32 = 0.0;
            for k in order.into_iter().map(|i| line_atoms.start + i) {
                let atom = &atoms[k];
                let (galley, edges) = &shaped[k];
                let width = if k >= hanging { 0.0 } else { widths[k] };
                let drop = line_baseline - baseline(galley);
                height = height.max(drop + galley.size().y);
                let edges = edges.as_ref().map(|edges| {
                    let scale = if widths[k] > 0.0 { width / widths[k] } else { 0.0 };
                    edges.iter().map(|&(l, r)| (l * scale, r * scale)).collect()
                });
                pieces.push(Piece {
                    start: atom.start,
                    end: atom.end,
                    rtl: atom_levels[k - line_atoms.start].is_rtl(),
                    pos: pos2(x, top + drop),
                    width,
                    galley: galley.clone(),
                    edges,
                });
                x += width;
            }
            lines.push(Line {
                start,
                end,
                top,
                height,
                pieces: first_piece..pieces.len(),
            });
            top += height;
        }
        let exact = pieces.iter().all(|p| p.edges.is_some());
        Self {
            rtl,
            width: max_width,
            lines,
            pieces,
            height: top,
            exact,
        }
    }

    fn line_of(&self, position: usize) -> Option<&Line> {
        let i = self.lines.partition_point(|line| line.end <= position);
        self.lines.get(i).or(self.lines.last())
    }

    /// Boxes covering the characters `start..end` (paragraph-relative), relative to the
    /// paragraph's origin: one per visual run on each line. A piece whose glyphs are not matched
    /// to its characters is covered only when the range takes all of it.
    pub fn range_rects(&self, start: usize, end: usize) -> Vec<Rect> {
        let mut rects = Vec::new();
        for line in self.lines.iter().filter(|l| l.start < end && start < l.end) {
            let mut run: Option<(f32, f32)> = None;
            for piece in &self.pieces[line.pieces.clone()] {
                let span = self.covered(piece, start, end);
                match (run, span) {
                    (Some((l, r)), Some((pl, pr))) if (pl - r).abs() < 1.0 => run = Some((l, pr.max(r))),
                    (_, Some(span)) => {
                        if let Some((l, r)) = run.take() {
                            rects.push(Rect::from_min_max(
                                pos2(l, line.top),
                                pos2(r, line.top + line.height),
                            ));
                        }
                        run = Some(span);
                    }
                    // A piece outside the range ends the run unless it takes no room.
                    (Some(_), None) if piece.width > 0.0 => {
                        let (l, r) = run.take().expect("matched Some");
                        rects.push(Rect::from_min_max(
                            pos2(l, line.top),
                            pos2(r, line.top + line.height),
                        ));
                    }
                    _ => {}
                }
            }
            if let Some((l, r)) = run {
                rects.push(Rect::from_min_max(
                    pos2(l, line.top),
                    pos2(r, line.top + line.height),
                ));
            }
        }
        rects.retain(|r| r.width() > 0.0);
        rects
    }

    /// The horizontal extent of a piece's characters within `start..end`, if any.
    fn covered(&self, piece: &Piece, start: usize, end: usize) -> Option<(f32, f32)> {
        let (from, to) = (start.max(piece.start), end.min(piece.end));
        if from >= to || piece.width <= 0.0 {
            return None;
        }
        match &piece.edges {
            Some(edges) => {
                let cut = &edges[from - piece.start..to - piece.start];
                let mut left = cut.iter().map(|e| e.0).fold(f32::INFINITY, f32::min);
                let mut right = cut.iter().map(|e| e.1).fold(f32::NEG_INFINITY, f32::max);
                // The piece's first and last characters reach its edges (its box is rounded
                // up to the pixel), so the boxes of neighbouring pieces meet.
                let (at_start, at_end) = (from == piece.start, to == piece.end);
                if (at_start && !piece.rtl) || (at_end && piece.rtl) {
                    left = 0.0;
                }
                if (at_end && !piece.rtl) || (at_start && piece.rtl) {
                    right = piece.width;
                }
                (right > left).then_some((piece.pos.x + left, piece.pos.x + right))
            }
            None => {
                (from == piece.start && to == piece.end).then_some((piece.pos.x, piece.pos.x + piece.width))
            }
        }
    }

    /// The caret before character `position` (paragraph-relative), as a zero-width rectangle one
    /// line high, relative to the paragraph's origin.
    pub fn caret_rect(&self, position: usize) -> Rect {
        let Some(line) = self.line_of(position) else {
            let x = if self.rtl { self.width } else { 0.0 };
            return Rect::from_min_max(pos2(x, 0.0), pos2(x, self.height.max(1.0)));
        };
        let pieces = &self.pieces[line.pieces.clone()];
        let x = if let Some(piece) = pieces.iter().find(|p| p.start <= position && position < p.end) {
            self.edge(piece, position, true)
        } else if let Some(piece) = pieces.iter().find(|p| p.end == position) {
            self.edge(piece, position - 1, false)
        } else if self.rtl {
            pieces.iter().map(|p| p.pos.x).fold(self.width, f32::min)
        } else {
            pieces.iter().map(|p| p.pos.x + p.width).fold(0.0, f32::max)
        };
        Rect::from_min_max(pos2(x, line.top), pos2(x, line.top + line.height))
    }

    /// The caret position next to `position` on its line, to the right or to the left as seen
    /// (across a run of the other direction too); `None` at the line's edge.
    pub fn visual_step(&self, position: usize, rightwards: bool) -> Option<usize> {
        let line = self.line_of(position)?;
        let here = self.caret_rect(position);
        let x = here.left();
        // Positions with the caret on the same spot (where two runs meet) are one step; the
        // line's end may be drawn at the next line's start.
        let beyond = |other: Rect| {
            (other.top() - here.top()).abs() < 0.5
                && if rightwards {
                    other.left() > x + 0.5
                } else {
                    other.left() < x - 0.5
                }
        };
        (line.start..=line.end)
            .map(|q| (q, self.caret_rect(q)))
            .filter(|&(_, other)| beyond(other))
            .map(|(q, other)| (q, other.left()))
            .min_by(|a, b| {
                let distance = |(q, other): (usize, f32)| ((other - x).abs(), q.abs_diff(position));
                distance(*a)
                    .partial_cmp(&distance(*b))
                    .unwrap_or(std::cmp::Ordering::Equal)
            })
            .map(|(q, _)| q)
    }

    /// The leading (or trailing) edge of character `position` of `piece`.
    fn edge(&self, piece: &Piece, position: usize, leading: bool) -> f32 {
        let (left, right) = match &piece.edges {
            Some(edges) => edges[position - piece.start],
            None => (0.0, piece.width),
        };
        let at_right = piece.rtl == leading;
        piece.pos.x + if at_right { right } else { left }
    }

    /// The position (paragraph-relative) nearest to a point relative to the paragraph's origin.
    pub fn position_at(&self, point: Pos2) -> usize {
        let Some(line) = self
            .lines
            .iter()
            .rev()
            .find(|l| l.top <= point.y)
            .or(self.lines.first())
        else {
            return 0;
        };
        let pieces = &self.pieces[line.pieces.clone()];
        let distance = |p: &Piece| {
            if point.x < p.pos.x {
                p.pos.x - point.x
            } else {
                (point.x - p.pos.x - p.width).max(0.0)
            }
        };
        let Some(piece) = pieces
            .iter()
            .filter(|p| p.width > 0.0)
            .min_by(|a, b| distance(a).total_cmp(&distance(b)))
        else {
            return line.start;
        };
        let x = point.x - piece.pos.x;
        let (char_index, left, right) = match &piece.edges {
            Some(edges) => {
                let (k, &(l, r)) = edges
                    .iter()
                    .enumerate()
                    .min_by(|(_, a), (_, b)| {
                        let d = |e: &(f32, f32)| if x < e.0 { e.0 - x } else { (x - e.1).max(0.0) };
                        d(a).total_cmp(&d(b))
                    })
                    .expect("a piece has characters");
                (piece.start + k, l, r)
            }
            None if piece.rtl => {
                return if x > piece.width / 2.0 {
                    piece.start
                } else {
                    piece.end
                };
            }
            None => {
                return if x < piece.width / 2.0 {
                    piece.start
                } else {
                    piece.end
                };
            }
        };
        let before = if piece.rtl {
            x > (left + right) / 2.0
        } else {
            x < (left + right) / 2.0
        };
        let position = if before { char_index } else { char_index + 1 };
        position.clamp(line.start, line.end)
    }

    /// The first (or, with `end`, the last) position of the line holding `position`.
    pub fn line_edge(&self, position: usize, end: bool) -> usize {
        match self.line_of(position) {
            Some(line) if end => line.end,
            Some(line) => line.start,
            None => 0,
        }
    }
}

/// Splits the atoms into lines at most `max_width` wide, breaking only after spaces; a word wider
/// than the line has a line of its own.
fn break_lines(atoms: &[Atom], widths: &[f32], max_width: f32) -> Vec<std::ops::Range<usize>> {
    if atoms.is_empty() {
        return Vec::new();
    }
    let mut lines = Vec::new();
    let mut line_start = 0;
    let mut width = 0.0;
    let mut k = 0;
    while k < atoms.len() {
        // A word: atoms up to the next space, then its spaces.
        let mut word_end = k;
        while word_end < atoms.len() && !atoms[word_end].space {
            word_end += 1;
        }
        let ink: f32 = widths[k..word_end].iter().sum();
        let mut spaces_end = word_end;
        while spaces_end < atoms.len() && atoms[spaces_end].space {
            spaces_end += 1;
        }
        if k > line_start && width + ink > max_width {
            lines.push(line_start..k);
            line_start = k;
            width = 0.0;
        }
        width += ink + widths[word_end..spaces_end].iter().sum::<f32>();
        k = spaces_end;
    }
    lines.push(line_start..atoms.len());
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pieces(text: &str, rtl: bool) -> Vec<(String, bool)> {
        let chars: Vec<char> = text.chars().collect();
        atoms(text, rtl)
            .iter()
            .map(|a| (chars[a.start..a.end].iter().collect(), a.level.is_rtl()))
            .collect()
    }

    #[test]
    fn paragraph_directions() {
        let cases = [
            ("Le Niger et la Russie", Direction::Auto, None),
            ("رفضت مصر مقترحا", Direction::Auto, Some(true)),
            ("«שלום» said he", Direction::Auto, Some(true)),
            ("Selon الجزيرة, hier", Direction::Auto, Some(false)),
            ("2024 رفضت", Direction::Auto, Some(true)),
            ("Le Niger", Direction::Rtl, Some(true)),
            ("رفضت مصر", Direction::Ltr, Some(false)),
            ("Москва 😀", Direction::Ltr, None),
            ("", Direction::Auto, None),
        ];
        for (text, direction, expected) in cases {
            assert_eq!(
                paragraph_direction(text, direction),
                expected,
                "{text:?} {direction:?}"
            );
        }
    }

    #[test]
    fn atoms_split_at_levels_spaces_and_neutrals() {
        // (text, right to left, pieces with whether each is right to left)
        type Case<'a> = (&'a str, bool, &'a [(&'a str, bool)]);
        let cases: [Case; 5] = [
            ("رفضت مصر", true, &[("رفضت", true), (" ", true), ("مصر", true)]),
            (
                "قال Macron 2024.",
                true,
                // The space between two left-to-right words is left to right too.
                &[
                    ("قال", true),
                    (" ", true),
                    ("Macron", false),
                    (" ", false),
                    ("2024", false),
                    (".", true),
                ],
            ),
            (
                "Le mot سلام ici",
                false,
                &[
                    ("Le", false),
                    (" ", false),
                    ("mot", false),
                    (" ", false),
                    ("سلام", true),
                    (" ", false),
                    ("ici", false),
                ],
            ),
            ("(مصر)", true, &[("(", true), ("مصر", true), (")", true)]),
            // Guillemets between French and Arabic take the paragraph's direction: not mirrored.
            (
                "dit : « رفضت مصر » hier",
                false,
                &[
                    ("dit", false),
                    (" ", false),
                    (":", false),
                    (" ", false),
                    ("«", false),
                    (" ", false),
                    ("رفضت", true),
                    (" ", true),
                    ("مصر", true),
                    (" ", false),
                    ("»", false),
                    (" ", false),
                    ("hier", false),
                ],
            ),
        ];
        for (text, rtl, expected) in cases {
            let expected: Vec<(String, bool)> = expected.iter().map(|&(s, r)| (s.to_owned(), r)).collect();
            assert_eq!(pieces(text, rtl), expected, "{text:?}");
        }
    }

    #[test]
    fn display_order_reverses_right_to_left_words_only() {
        let cases = [
            ("Le Niger", "Le Niger"),
            ("رفضت مصر", "مصر رفضت"),
            ("قال Macron", "Macron قال"),
            ("(مصر)", "(مصر)"),
            ("عام 2024", "2024 عام"),
        ];
        for (text, expected) in cases {
            assert_eq!(display_order(text), expected, "{text:?}");
        }
    }

    #[test]
    fn mirrors() {
        assert_eq!(mirror('('), Some(')'));
        assert_eq!(mirror('»'), Some('«'));
        assert_eq!(mirror('a'), None);
    }

    /// A context with the app's fonts, ready to lay out text.
    fn context() -> egui::Context {
        let ctx = egui::Context::default();
        ctx.set_missing_glyph_policy(egui::MissingGlyphPolicy::Panic);
        crate::ui::fonts::install(&ctx);
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        ctx
    }

    fn galley(ctx: &egui::Context, text: &str) -> Arc<Galley> {
        let job = egui::text::LayoutJob::simple_singleline(
            text.to_owned(),
            egui::FontId::proportional(17.0),
            egui::Color32::WHITE,
        );
        ctx.fonts_mut(|fonts| fonts.layout_job(job))
    }

    // Where a piece's glyphs cannot be matched, it falls back to whole-piece highlights (never
    // over another character): these words must all be matched.
    #[test]
    fn right_to_left_words_match_their_glyphs_to_their_letters() {
        let ctx = context();
        // Plain letters, the lam-alef ligature, a name with vowel marks, Hebrew, Persian with a
        // zero-width non-joiner, a repeated letter.
        let words = [
            "رفضت",
            "إثيوبيا",
            "لا",
            "الله",
            "مُحَمَّد",
            "שלום",
            "ירושלים",
            "می‌دهد",
            "گزارش",
            "ممتاز",
        ];
        for word in words {
            let galley = galley(&ctx, word);
            let chars: Vec<char> = word.chars().collect();
            let edges = char_edges(&galley, &chars, true).unwrap_or_else(|| panic!("{word}: no match"));
            let width = galley.size().x;
            assert!(
                (edges[0].1 - width).abs() < 1.0,
                "{word}: the first letter is at the right {edges:?} {width}"
            );
            assert!(
                edges.last().unwrap().0 < 1.0,
                "{word}: the last letter is at the left {edges:?}"
            );
            for pair in edges.windows(2) {
                assert!(
                    (pair[1].1 - pair[0].0).abs() < 1.0,
                    "{word}: letters touch, right to left {edges:?}"
                );
            }
        }
    }

    #[test]
    fn left_to_right_words_match_glyph_for_glyph() {
        let ctx = context();
        for word in ["Reuters", "2024", "Addis-Abeba", "l'œil"] {
            let galley = galley(&ctx, word);
            let chars: Vec<char> = word.chars().collect();
            let edges = char_edges(&galley, &chars, false).expect(word);
            assert!(edges.windows(2).all(|p| p[1].0 >= p[0].0), "{word}: {edges:?}");
        }
    }

    /// A piece whose glyphs could not be matched is painted only when a range takes it whole,
    /// and a point on it gives one of its ends: never a character outside a highlight.
    #[test]
    fn an_unmatched_piece_is_never_partly_highlighted() {
        let ctx = context();
        let piece = |start: usize, end: usize, x: f32, text: &str, edges: bool| {
            let galley = galley(&ctx, text);
            let width = galley.size().x;
            let chars: Vec<char> = text.chars().collect();
            Piece {
                start,
                end,
                rtl: true,
                pos: pos2(x, 0.0),
                width,
                edges: if edges {
                    char_edges(&galley, &chars, true)
                } else {
                    None
                },
                galley,
            }
        };
        // "رفضت مقترحا" right to left: مقترحا (unmatched) at the left, then a space, then رفضت.
        let left = piece(5, 11, 0.0, "مقترحا", false);
        let space = piece(4, 5, left.width, " ", true);
        let right = piece(0, 4, left.width + space.width, "رفضت", true);
        let widths = (left.width, space.width, right.width);
        let layout = BidiLayout {
            rtl: true,
            width: 300.0,
            lines: vec![Line {
                start: 0,
                end: 11,
                top: 0.0,
                height: 20.0,
                pieces: 0..3,
            }],
            pieces: vec![left, space, right],
            height: 20.0,
            exact: false,
        };
        let unmatched = (0.0, widths.0);
        for (start, end) in [(6, 11), (5, 10), (7, 8), (2, 8), (0, 6)] {
            for rect in layout.range_rects(start, end) {
                let over = rect.left() < unmatched.1 - 0.5 && rect.right() > unmatched.0 + 0.5;
                assert!(!over, "{start}..{end} paints over the unmatched piece: {rect:?}");
            }
        }
        let whole = layout.range_rects(0, 11);
        assert_eq!(whole.len(), 1, "{whole:?}");
        assert!(whole[0].left() < 0.5);
        for x in [1.0, widths.0 / 2.0 - 1.0, widths.0 / 2.0 + 1.0, widths.0 - 1.0] {
            let position = layout.position_at(pos2(x, 10.0));
            assert!(position == 5 || position == 11, "{x}: {position}");
        }
    }

    #[test]
    fn lines_break_after_spaces() {
        let atoms = atoms("aa bb cc", false);
        let widths = [20.0, 5.0, 20.0, 5.0, 20.0];
        assert_eq!(break_lines(&atoms, &widths, 50.0), [0..4, 4..5]);
        assert_eq!(break_lines(&atoms, &widths, 10.0), [0..2, 2..4, 4..5]);
        let one_line: Vec<std::ops::Range<usize>> = std::iter::once(0..5).collect();
        assert_eq!(break_lines(&atoms, &widths, 100.0), one_line);
    }
}
