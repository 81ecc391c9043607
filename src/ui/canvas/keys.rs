//! The caret from the keyboard: which key moves it where, resolved against the layout (rows,
//! pages) or the text (words), so reading and marking need no mouse.

use egui::{Event, Key, Modifiers, Pos2, pos2};

use super::layout::DocLayout;
use crate::model::IndexedText;
use crate::model::segment::{word_end_after, word_start_before};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    Left,
    Right,
    WordLeft,
    WordRight,
    Up,
    Down,
    RowStart,
    RowEnd,
    PageUp,
    PageDown,
    DocStart,
    DocEnd,
}

/// A caret key pressed this frame: the motion, and whether Shift extends the selection.
pub type Step = (Motion, bool);

/// Takes the caret keys out of this frame's input (so nothing else scrolls on them).
pub fn take_steps(ctx: &egui::Context) -> Vec<Step> {
    let mut steps = Vec::new();
    ctx.input_mut(|input| {
        input.events.retain(|event| {
            let Event::Key {
                key,
                pressed: true,
                modifiers,
                ..
            } = event
            else {
                return true;
            };
            match step_of(*key, *modifiers) {
                Some(step) => {
                    steps.push(step);
                    false
                }
                None => true,
            }
        });
        // Space also arrives as typed text; it must not reach anything else either.
        if steps
            .iter()
            .any(|(m, _)| matches!(m, Motion::PageUp | Motion::PageDown))
        {
            input
                .events
                .retain(|event| !matches!(event, Event::Text(text) if text == " "));
        }
    });
    steps
}

fn step_of(key: Key, modifiers: Modifiers) -> Option<Step> {
    let word = modifiers.command;
    let extend = modifiers.shift;
    if modifiers.alt {
        return None;
    }
    let motion = match key {
        Key::ArrowLeft if word => Motion::WordLeft,
        Key::ArrowRight if word => Motion::WordRight,
        Key::ArrowLeft => Motion::Left,
        Key::ArrowRight => Motion::Right,
        Key::ArrowUp if !word => Motion::Up,
        Key::ArrowDown if !word => Motion::Down,
        Key::Home if word => Motion::DocStart,
        Key::End if word => Motion::DocEnd,
        Key::Home => Motion::RowStart,
        Key::End => Motion::RowEnd,
        Key::PageUp if !word => Motion::PageUp,
        Key::PageDown if !word => Motion::PageDown,
        // Space pages like a browser: Shift+Space goes back; neither extends the selection.
        Key::Space if !word && extend => return Some((Motion::PageUp, false)),
        Key::Space if !word => return Some((Motion::PageDown, false)),
        _ => return None,
    };
    Some((motion, extend))
}

/// Where `motion` takes the caret from `caret`. `page` is the height of the view.
pub fn target(
    layout: &DocLayout,
    text: &IndexedText,
    origin: Pos2,
    page: f32,
    caret: usize,
    motion: Motion,
) -> usize {
    let paragraphs = &layout.paragraphs;
    let i = layout.paragraph_of(caret);
    let here = paragraphs[i].range;
    let end_of_text = paragraphs.last().map_or(0, |p| p.range.end);
    // Within a line of mixed directions the arrows move as seen, not in reading order.
    if let (Some(bidi), Motion::Left | Motion::Right) = (&paragraphs[i].bidi, motion)
        && let Some(column) = bidi.visual_step(caret - here.start, motion == Motion::Right)
    {
        return here.start + column;
    }
    // At a line's edge, and in a right-to-left paragraph, the left arrow reads on and the right
    // arrow goes back.
    let motion = if paragraphs[i].is_rtl() {
        match motion {
            Motion::Left => Motion::Right,
            Motion::Right => Motion::Left,
            Motion::WordLeft => Motion::WordRight,
            Motion::WordRight => Motion::WordLeft,
            other => other,
        }
    } else {
        motion
    };
    match motion {
        // A line break is one step: from a paragraph's end straight to the next one's start.
        Motion::Left if caret <= here.start => i.checked_sub(1).map_or(0, |j| paragraphs[j].range.end),
        Motion::Left => caret - 1,
        Motion::Right if caret >= here.end => paragraphs.get(i + 1).map_or(here.end, |p| p.range.start),
        Motion::Right => caret + 1,
        Motion::WordLeft => word_start_before(text, caret),
        Motion::WordRight => word_end_after(text, caret).min(end_of_text),
        Motion::DocStart => 0,
        Motion::DocEnd => end_of_text,
        Motion::RowStart | Motion::RowEnd => row_edge(layout, caret, motion == Motion::RowEnd),
        Motion::Up | Motion::Down | Motion::PageUp | Motion::PageDown => {
            let line = layout.line_height();
            let distance = match motion {
                Motion::Up => -line,
                Motion::Down => line,
                Motion::PageUp => -page * 0.9,
                _ => page * 0.9,
            };
            vertical(layout, origin, caret, distance)
        }
    }
}

fn row_edge(layout: &DocLayout, caret: usize, end: bool) -> usize {
    let paragraph = &layout.paragraphs[layout.paragraph_of(caret)];
    if let Some(bidi) = &paragraph.bidi {
        let column = caret
            .saturating_sub(paragraph.range.start)
            .min(paragraph.range.len());
        return paragraph.range.start + bidi.line_edge(column, end);
    }
    let Some(galley) = &paragraph.galley else {
        return if end {
            paragraph.range.end
        } else {
            paragraph.range.start
        };
    };
    let cursor = egui::text::CCursor::new(caret.saturating_sub(paragraph.range.start));
    let edge = if end {
        galley.cursor_end_of_row(&cursor)
    } else {
        galley.cursor_begin_of_row(&cursor)
    };
    paragraph.range.start + edge.index.0.min(paragraph.range.len())
}

/// The position `distance` points below (or above) the caret, keeping its horizontal place; the
/// gap between two paragraphs is crossed, never landed in.
fn vertical(layout: &DocLayout, origin: Pos2, caret: usize, distance: f32) -> usize {
    let i = layout.paragraph_of(caret);
    let Some(rect) = layout.caret_rect(origin, caret) else {
        // Not laid out yet: go by whole paragraphs.
        let j = if distance > 0.0 {
            (i + 1).min(layout.paragraphs.len() - 1)
        } else {
            i.saturating_sub(1)
        };
        return layout.paragraphs[j].range.start;
    };
    let mut y = rect.center().y + distance - origin.y;
    let j = layout.tops.partition_point(|&top| top <= y).saturating_sub(1);
    let j = j.min(layout.paragraphs.len() - 1);
    let bottom = layout.tops[j] + layout.paragraphs[j].height;
    if y > bottom && distance > 0.0 && j + 1 < layout.paragraphs.len() {
        y = layout.tops[j + 1] + 1.0;
    }
    let y = y.clamp(0.0, layout.total_height());
    layout
        .position_at(origin, pos2(rect.center().x, origin.y + y))
        .map_or(caret, |(_, position)| position)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_their_motions() {
        let ctrl = Modifiers::COMMAND;
        let shift = Modifiers::SHIFT;
        let cases = [
            (Key::ArrowRight, Modifiers::NONE, Some((Motion::Right, false))),
            (Key::ArrowRight, shift, Some((Motion::Right, true))),
            (Key::ArrowLeft, ctrl.plus(shift), Some((Motion::WordLeft, true))),
            (Key::Home, ctrl, Some((Motion::DocStart, false))),
            (Key::End, Modifiers::NONE, Some((Motion::RowEnd, false))),
            (Key::Space, Modifiers::NONE, Some((Motion::PageDown, false))),
            (Key::Space, shift, Some((Motion::PageUp, false))),
            (Key::PageDown, shift, Some((Motion::PageDown, true))),
            (Key::ArrowDown, Modifiers::ALT, None),
            (Key::A, Modifiers::NONE, None),
        ];
        for (key, modifiers, expected) in cases {
            assert_eq!(step_of(key, modifiers), expected, "{key:?} {modifiers:?}");
        }
    }
}
