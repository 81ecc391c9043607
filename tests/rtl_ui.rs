//! Right-to-left paragraphs through egui_kittest: Arabic and Hebrew news paragraphs and a mixed
//! Arabic/French one laid out right to left (or left to right with an Arabic quote inside), their
//! highlights over exactly their characters, a drag that selects a word, the caret keys, the
//! direction set by hand, and a snapshot of nested highlights.
//!
//! The paragraphs are written for these tests (not taken from any publication).

mod common;
#[path = "common/harness.rs"]
mod harness;

use egui::{Key, Pos2, Rect};
use egui_kittest::kittest::Queryable;
use harness::{App, app, drag, selected_text};
use marginalia::model::{CharRange, Direction, Document, Edit};
use marginalia::ui::Session;
use marginalia::ui::command::Command;

const ARABIC: &str = "قالت وزارة الخارجية المصرية إن القاهرة رفضت مقترحا إثيوبيا جديدا يوم الثلاثاء بشأن ملء سد النهضة، مؤكدة أن أي اتفاق يجب أن يكون ملزما قانونيا. وذكرت وكالة Reuters أن المفاوضات استمرت 12 عاما دون نتيجة.";
const HEBREW: &str = "משרד הבריאות הודיע ביום שלישי כי מספר המקרים החדשים ירד ל-350 בשבוע האחרון, אך מומחים מזהירים כי הנתונים אינם מלאים. לדברי פרופ' כהן מאוניברסיטת תל אביב, \"אין מקום לשאננות\".";
const MIXED: &str = "Selon le quotidien Al-Ahram, le ministre a déclaré : « رفضت مصر المقترح الإثيوبي » avant de quitter Addis-Abeba mardi soir.";
const PERSIAN: &str = "گزارش کارشناسان سازمان ملل نشان می‌دهد که قیمت گندم در ژوئن پنج درصد کاهش یافت.";

/// A project with one document of `paragraphs` (one a line) and annotations on `quotes` (each the
/// first occurrence of the text), labelled in turn claim, source, opinion.
fn project_of(paragraphs: &[&str], quotes: &[&str]) -> Session {
    let text = paragraphs.join("\n");
    let document = Document::new("خبر", text.clone());
    let labels = ["claim", "source", "opinion"];
    let annotations = quotes
        .iter()
        .enumerate()
        .map(|(n, quote)| {
            common::annotation(&document, range_of(&text, quote), labels[n % labels.len()], "", 0)
        })
        .collect();
    Session::new(common::project_with("RTL", document, annotations), None)
}

/// The code-point range of the first `quote` in `text`.
fn range_of(text: &str, quote: &str) -> CharRange {
    let byte = text
        .find(quote)
        .unwrap_or_else(|| panic!("{quote:?} not in the text"));
    let start = text[..byte].chars().count();
    CharRange::new(start, start + quote.chars().count())
}

/// Whether `inner` lies within the union of `rects` (checked at its corners and centre, and
/// sampled along it, with half a point of slack).
fn covered(rects: &[Rect], inner: Rect) -> bool {
    (0..=8).all(|i| {
        let x = inner.left() + inner.width() * i as f32 / 8.0;
        [inner.top() + 1.0, inner.center().y, inner.bottom() - 1.0]
            .iter()
            .all(|&y| rects.iter().any(|r| r.expand(0.5).contains(Pos2::new(x, y))))
    })
}

fn text_of(harness: &App) -> String {
    harness.state().session.project.documents()[0]
        .text
        .as_str()
        .to_owned()
}

/// For every annotation: the ink of each piece inside it is under its highlight, and no piece
/// outside it (but spaces, which have no ink) has ink under it.
fn assert_highlights_cover_exactly(harness: &App) {
    let app = harness.state();
    let pieces = app.drawn_pieces();
    assert!(!pieces.is_empty(), "no right-to-left paragraph was laid out");
    for annotation in app.session.project.annotations() {
        let range = annotation.range();
        let rects = app.canvas_rects(range);
        assert!(!rects.is_empty(), "{:?} has no highlight", annotation.quote.exact);
        for piece in &pieces {
            let Some(ink) = piece.ink else { continue };
            let inside = range.start <= piece.range.start && piece.range.end <= range.end;
            let outside = piece.range.end <= range.start || range.end <= piece.range.start;
            if inside {
                assert!(
                    covered(&rects, ink.shrink(0.5).intersect(piece.rect)),
                    "{:?}: the piece {:?} is not under the highlight {rects:?} (ink {ink:?})",
                    annotation.quote.exact,
                    piece.range
                );
            } else if outside {
                // Glyphs may overhang their advance a little; the middle of the piece must be free.
                let middle =
                    Rect::from_center_size(piece.rect.center(), egui::vec2(piece.rect.width() * 0.5, 2.0));
                assert!(
                    rects.iter().all(|r| !r.intersects(middle)),
                    "{:?}: the highlight {rects:?} is over {:?} at {:?}",
                    annotation.quote.exact,
                    piece.range,
                    piece.rect
                );
            }
        }
    }
}

#[test]
fn an_arabic_paragraph_reads_right_to_left_and_is_right_aligned() {
    let harness = app(project_of(&[ARABIC], &[]));
    let pieces = harness.state().drawn_pieces();
    let first = pieces
        .iter()
        .find(|p| p.range.start == 0)
        .expect("the first word is drawn");
    let rightmost = pieces.iter().map(|p| p.rect.right()).fold(f32::MIN, f32::max);
    let column = harness::text_origin(&harness);
    assert!(first.rtl);
    assert!(
        (first.rect.right() - rightmost).abs() < 0.5,
        "the first word starts the line at the right"
    );
    assert!(
        rightmost > column.x + 600.0,
        "the line is set against the right edge"
    );
    // Words of the first line run leftwards in reading order.
    let line: Vec<_> = pieces
        .iter()
        .filter(|p| (p.rect.top() - first.rect.top()).abs() < 1.0 && p.ink.is_some())
        .collect();
    let mut by_position = line.clone();
    by_position.sort_by_key(|p| p.range.start);
    assert!(
        by_position
            .windows(2)
            .all(|w| w[1].rect.right() <= w[0].rect.left() + 0.5),
        "reading order runs right to left"
    );
}

#[test]
fn arabic_highlights_cover_exactly_their_characters() {
    let harness = app(project_of(
        &[ARABIC],
        &[
            "رفضت مقترحا إثيوبيا",
            "الثلاثاء",
            "Reuters",
            "12 عاما",
            "وكالة Reuters أن",
        ],
    ));
    assert_highlights_cover_exactly(&harness);
    // The case: the highlight of «رفضت مقترحا إثيوبيا» is not over «الثلاثاء».
    let text = text_of(&harness);
    let app = harness.state();
    let quote = app.canvas_rects(range_of(&text, "رفضت مقترحا إثيوبيا"));
    let tuesday = app.canvas_rects(range_of(&text, "الثلاثاء"));
    assert_eq!(quote.len(), 1, "{quote:?}");
    assert!(
        tuesday
            .iter()
            .all(|t| quote.iter().all(|q| !q.intersects(t.shrink(0.5))))
    );
}

#[test]
fn hebrew_and_persian_highlights_cover_exactly_their_characters() {
    let harness = app(project_of(
        &[HEBREW, PERSIAN],
        &[
            "מספר המקרים החדשים",
            "350",
            "\"אין מקום לשאננות\"",
            "کارشناسان سازمان ملل",
            "گندم",
        ],
    ));
    assert_highlights_cover_exactly(&harness);
}

#[test]
fn a_span_across_a_direction_change_gets_one_box_per_visual_run() {
    let harness = app(project_of(&[MIXED], &["déclaré : « رفضت", "مصر المقترح"]));
    assert_highlights_cover_exactly(&harness);
    let text = text_of(&harness);
    let app = harness.state();
    // «déclaré : «» is left to right at the left, «رفضت» at the right end of the Arabic run.
    let across = app.canvas_rects(range_of(&text, "déclaré : « رفضت"));
    assert_eq!(across.len(), 2, "{across:?}");
    let inside = app.canvas_rects(range_of(&text, "مصر المقترح"));
    assert_eq!(inside.len(), 1, "{inside:?}");
    // The French paragraph stays left aligned: its first word is at the column's left.
    let first = app
        .drawn_pieces()
        .into_iter()
        .find(|p| p.range.start == 0)
        .unwrap();
    assert!((first.rect.left() - harness::text_origin(&harness).x).abs() < 1.0);
}

#[test]
fn dragging_over_an_arabic_word_selects_that_word() {
    let mut harness = app(project_of(&[ARABIC], &[]));
    let text = text_of(&harness);
    let word = range_of(&text, "إثيوبيا");
    let piece = harness
        .state()
        .drawn_pieces()
        .into_iter()
        .find(|p| p.range == word)
        .expect("the word is one piece");
    // From inside its right end to inside its left end: right to left, as it reads.
    let y = piece.rect.center().y;
    drag(
        &mut harness,
        Pos2::new(piece.rect.right() - 2.0, y),
        Pos2::new(piece.rect.left() + 2.0, y),
    );
    assert_eq!(harness.state().view.selection, Some(word));
    assert_eq!(selected_text(&harness).as_deref(), Some("إثيوبيا"));
    // The selection's box is the word's.
    let rects = harness.state().canvas_rects(word);
    assert_eq!(rects.len(), 1);
    assert!((rects[0].left() - piece.rect.left()).abs() < 0.5);
    assert!((rects[0].right() - piece.rect.right()).abs() < 0.5);
}

#[test]
fn the_caret_keys_follow_the_reading_direction() {
    let mut harness = app(project_of(&[ARABIC], &[]));
    harness.state_mut().queue(Command::ClickAt {
        position: 0,
        annotation: None,
    });
    harness.run();
    assert_eq!(harness.state().view.caret, Some(0));
    // The left arrow reads on in a right-to-left paragraph.
    harness.key_press(Key::ArrowLeft);
    harness.run();
    assert_eq!(harness.state().view.caret, Some(1));
    harness.key_press(Key::ArrowRight);
    harness.run();
    assert_eq!(harness.state().view.caret, Some(0));
    harness.key_press(Key::End);
    harness.run();
    let end = harness.state().view.caret.unwrap();
    assert!(end > 20, "End goes to the end of the line ({end})");
}

#[test]
fn the_arrows_move_as_seen_across_a_quote_in_the_other_direction() {
    let mut harness = app(project_of(&[MIXED], &[]));
    let before_quote = MIXED.chars().position(|c| c == '«').unwrap();
    harness.state_mut().queue(Command::ClickAt {
        position: before_quote,
        annotation: None,
    });
    harness.run();
    let mut steps = Vec::new();
    for _ in 0..30 {
        let caret = harness.state().view.caret.unwrap();
        let rect = harness.state().caret_rect(caret).unwrap();
        steps.push((caret, rect));
        harness.key_press(Key::ArrowRight);
        harness.run();
    }
    let same_line: Vec<_> = steps
        .iter()
        .take_while(|(_, r)| (r.top() - steps[0].1.top()).abs() < 1.0)
        .collect();
    assert!(same_line.len() > 25, "the quote and what follows are on one line");
    for pair in same_line.windows(2) {
        let ((from, a), (to, b)) = (pair[0], pair[1]);
        assert!(
            b.left() > a.left(),
            "Right from {from} to {to} moved the caret left ({} → {})",
            a.left(),
            b.left()
        );
    }
    // Inside the Arabic quote, going right on screen is going back in the text.
    assert!(
        same_line.windows(2).any(|pair| pair[1].0 < pair[0].0),
        "{:?}",
        same_line.iter().map(|(c, _)| c).collect::<Vec<_>>()
    );
}

#[test]
fn guillemets_around_an_arabic_quote_in_french_stay_where_they_are() {
    let harness = app(project_of(&[MIXED], &[]));
    let pieces = harness.state().drawn_pieces();
    let at = |c: char| {
        let position = MIXED.chars().position(|x| x == c).unwrap();
        let piece = pieces
            .iter()
            .find(|p| p.range.start == position)
            .expect("a piece");
        (piece.rect, piece.rtl)
    };
    let first_arabic = MIXED.chars().position(|c| c == 'ر').unwrap();
    let arabic = pieces.iter().find(|p| p.range.start == first_arabic).unwrap();
    let ((opening, opening_rtl), (closing, closing_rtl)) = (at('«'), at('»'));
    assert!(!opening_rtl && !closing_rtl, "they belong to the French sentence");
    assert!(
        opening.right() <= arabic.rect.left() + 0.5 || opening.top() != arabic.rect.top(),
        "« before the quote"
    );
    assert!(
        closing.left() >= arabic.rect.right() - 0.5 || closing.top() != arabic.rect.top(),
        "» after it"
    );
}

#[test]
fn a_right_to_left_list_item_is_indented_from_the_right() {
    let item = "بند أول في القائمة";
    let mut document = Document::new("خبر", format!("{ARABIC}\n{item}"));
    let start = ARABIC.chars().count() + 1;
    document.blocks = vec![marginalia::model::Block {
        kind: marginalia::model::BlockKind::ListItem,
        start,
        end: start + item.chars().count(),
    }];
    let harness = app(Session::new(
        common::project_with("RTL", document, Vec::new()),
        None,
    ));
    let first_letter = |at: usize| harness.state().canvas_rects(CharRange::new(at, at + 1))[0];
    let (body, listed) = (first_letter(0), first_letter(start));
    // Both read from the right; the item starts an indent (1.5 em of 17 points) further in.
    let indent = body.right() - listed.right();
    assert!((indent - 1.5 * 17.0).abs() < 1.0, "indent {indent}");
}

#[test]
fn a_right_to_left_note_is_shown_as_it_reads_beneath_its_field() {
    let mut session = project_of(&[ARABIC], &["رفضت مقترحا إثيوبيا", "سد النهضة"]);
    let notes = ["تحقق من بيان الوزارة", "Vérifier le communiqué"];
    let annotations = session.project.annotations().to_vec();
    for (annotation, note) in annotations.iter().zip(notes) {
        let edit = Edit::SetNote {
            annotation_id: annotation.id.clone(),
            note: note.into(),
            modified: annotation.modified,
        };
        edit.apply(&mut session.project).unwrap();
    }
    let mut harness = app(session);
    for annotation in &annotations {
        harness
            .state_mut()
            .queue(Command::Select(Some(annotation.id.clone())));
        harness.run();
        let note = &harness
            .state()
            .session
            .project
            .annotation(&annotation.id)
            .unwrap()
            .note;
        let reads = harness.query_by_label("Reads:").is_some();
        assert_eq!(reads, note.starts_with('ت'), "{note}");
        if reads {
            harness.get_by_label(note);
        }
    }
}

#[test]
fn the_direction_can_be_set_by_hand_and_undone() {
    let latin = "Le ministre a parlé hier soir à Niamey.";
    let mut harness = app(project_of(&[latin], &[]));
    assert!(
        harness.state().drawn_pieces().is_empty(),
        "a Latin paragraph keeps the fast path"
    );
    harness.state_mut().queue(Command::SetDirection(Direction::Rtl));
    harness.run();
    assert_eq!(
        harness.state().session.project.documents()[0].direction,
        Direction::Rtl
    );
    let pieces = harness.state().drawn_pieces();
    let right = pieces.iter().map(|p| p.rect.right()).fold(f32::MIN, f32::max);
    assert!(
        right > harness::text_origin(&harness).x + 600.0,
        "set right to left, it is right aligned"
    );
    harness.state_mut().queue(Command::Undo);
    harness.run();
    assert_eq!(
        harness.state().session.project.documents()[0].direction,
        Direction::Auto
    );
    assert!(harness.state().drawn_pieces().is_empty());
}

#[test]
fn nested_highlights_on_an_arabic_paragraph_snapshot() {
    let mut harness = app(project_of(
        &[ARABIC, MIXED],
        &[
            "رفضت مقترحا إثيوبيا جديدا يوم الثلاثاء",
            "مقترحا إثيوبيا",
            "إثيوبيا",
            "رفضت مصر",
        ],
    ));
    harness.run();
    harness.snapshot("rtl_nested_highlights");
}
