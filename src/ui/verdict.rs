//! A claim's verdict wherever the annotation shows (tooltip, list row, inspector): its text in a
//! chip coloured by its place on the project's rating scale, and the other fields in one line.

use egui::{Color32, Painter, Pos2, Rect, RichText, Ui, vec2};

use crate::model::{Annotation, FieldKind, Project, Settings};

/// The verdict of an annotation: the value of its label's rating field, if set.
pub fn verdict_of<'p>(project: &'p Project, annotation: &'p Annotation) -> Option<&'p str> {
    let label = project.label(&annotation.label)?;
    let field = label.fields.iter().find(|f| f.kind == FieldKind::Rating)?;
    annotation.fields.get(&field.key).map(String::as_str)
}

/// The other fields set on an annotation (claimant, date, address…), as "Name: value" pairs.
pub fn other_fields(project: &Project, annotation: &Annotation) -> Vec<String> {
    let Some(label) = project.label(&annotation.label) else {
        return Vec::new();
    };
    label
        .fields
        .iter()
        .filter(|f| f.kind != FieldKind::Rating)
        .filter_map(|f| Some(format!("{}: {}", f.name, annotation.fields.get(&f.key)?)))
        .collect()
}

/// Bluish green for the best verdict through yellow to vermilion for the worst (Okabe–Ito ends);
/// grey for a verdict off the scale or unrated.
pub fn verdict_colour(settings: &Settings, verdict: &str) -> Color32 {
    const BEST: Color32 = Color32::from_rgb(0x00, 0x9E, 0x73);
    const MIDDLE: Color32 = Color32::from_rgb(0xE6, 0xC2, 0x00);
    const WORST: Color32 = Color32::from_rgb(0xD5, 0x5E, 0x00);
    let Some((value, best)) = settings.rating_value(verdict) else {
        return Color32::from_gray(0x99);
    };
    let t = if best <= 1 {
        1.0
    } else {
        (value - 1) as f32 / (best - 1) as f32
    };
    if t >= 0.5 {
        MIDDLE.lerp_to_gamma(BEST, (t - 0.5) * 2.0)
    } else {
        WORST.lerp_to_gamma(MIDDLE, t * 2.0)
    }
}

/// The verdict as a chip, in a layout.
pub fn chip_ui(ui: &mut Ui, settings: &Settings, verdict: &str) -> egui::Response {
    let colour = verdict_colour(settings, verdict);
    let text = RichText::new(verdict).color(Color32::BLACK).small();
    ui.add(
        egui::Button::new(text)
            .fill(colour)
            .small()
            .sense(egui::Sense::hover()),
    )
}

/// The verdict as a chip painted right-aligned at `right_top` (list rows); returns its width.
pub fn paint_chip(
    painter: &Painter,
    settings: &Settings,
    verdict: &str,
    right_top: Pos2,
    font: egui::FontId,
) -> f32 {
    let galley = painter.layout_no_wrap(verdict.to_owned(), font, Color32::BLACK);
    let size = galley.size() + vec2(10.0, 2.0);
    let rect = Rect::from_min_size(right_top - vec2(size.x, 0.0), size);
    painter.rect_filled(rect, 4.0, verdict_colour(settings, verdict));
    painter.galley(rect.min + vec2(5.0, 1.0), galley, Color32::BLACK);
    size.x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_run_from_worst_to_best() {
        let settings = Settings::default();
        let cases = [
            ("True", Color32::from_rgb(0x00, 0x9E, 0x73)),
            ("False", Color32::from_rgb(0xD5, 0x5E, 0x00)),
            ("Unverifiable", Color32::from_gray(0x99)),
            ("Not on the scale", Color32::from_gray(0x99)),
        ];
        for (verdict, expected) in cases {
            assert_eq!(verdict_colour(&settings, verdict), expected, "{verdict}");
        }
        assert_ne!(
            verdict_colour(&settings, "Mixed"),
            verdict_colour(&settings, "True")
        );
    }
}
