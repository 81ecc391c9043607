//! The app's fonts: egui's defaults plus bundled Arabic (with Persian), CJK and Hebrew fallbacks, so every script a
//! document may be in draws without empty boxes, even where no system font is loaded (the
//! `egui_kittest` tests, which also panic on a missing glyph).
//!
//! egui's defaults (with the `monochrome_emoji_fonts` feature) cover Latin, Greek, Cyrillic and
//! emoji; the bundled files and their licences are described in `assets/fonts/README.md`.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily};

/// The bundled fonts, by name, in the order they are tried after egui's own fonts.
const FALLBACKS: [(&str, &[u8]); 3] = [
    (
        "NotoSansArabic-Regular",
        include_bytes!("../../assets/fonts/NotoSansArabic-Regular.ttf"),
    ),
    (
        "DroidSansFallbackFull",
        include_bytes!("../../assets/fonts/DroidSansFallbackFull.ttf"),
    ),
    // Last: it also has Arabic letters, which Noto Sans Arabic draws better.
    ("DejaVuSans", include_bytes!("../../assets/fonts/DejaVuSans.ttf")),
];

/// egui's default fonts, with the bundled fonts appended as the last fallbacks of both the
/// proportional and the monospace family: they only draw what no default font has.
fn definitions() -> FontDefinitions {
    let mut defs = FontDefinitions::default();
    for (name, bytes) in FALLBACKS {
        defs.font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            defs.families.entry(family).or_default().push(name.to_owned());
        }
    }
    defs
}

/// Installs egui's default fonts followed by the bundled Arabic, CJK and Hebrew fallbacks.
///
/// Call once, when the app (or a test harness) is created; the fonts apply from the next pass,
/// or from this one if no text has been laid out yet.
pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

#[cfg(test)]
mod tests {
    use super::*;

    use egui::{FontId, MissingGlyphPolicy, RawInput};

    /// French, Russian, Greek, Arabic, Persian, Hebrew, Chinese and an emoji.
    const SAMPLES: [&str; 8] = [
        "Contre vents et marées, l'œil",
        "Москва и Ниамей",
        "Ελληνικά",
        "سلام عليكم، «الثلاثاء» ٢٠٢٤",
        "پ چ ژ گ ی ک: گزارش کارشناسان",
        "שלום, ירושלים: \"חדשות\"",
        "中文字体测试",
        "😀",
    ];

    #[test]
    fn the_bundled_fonts_come_after_the_defaults_in_both_families() {
        let defaults = FontDefinitions::default();
        let defs = definitions();
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            let default_chain = &defaults.families[&family];
            let chain = &defs.families[&family];
            assert!(
                !default_chain.is_empty(),
                "egui's default fonts are missing for {family:?}"
            );
            assert_eq!(&chain[..default_chain.len()], &default_chain[..], "{family:?}");
            let appended: Vec<&str> = chain[default_chain.len()..].iter().map(String::as_str).collect();
            assert_eq!(appended, FALLBACKS.map(|(name, _)| name), "{family:?}");
        }
        for (name, _) in FALLBACKS {
            assert!(defs.font_data.contains_key(name), "no font data for {name}");
        }
    }

    #[test]
    fn every_sample_script_has_all_its_glyphs() {
        let ctx = egui::Context::default();
        // As in `egui_kittest`: a missing glyph in the layout below panics instead of drawing a box.
        ctx.set_missing_glyph_policy(MissingGlyphPolicy::Panic);
        install(&ctx);
        let mut output = ctx.run_ui(RawInput::default(), |ui| {
            for sample in SAMPLES {
                ui.label(sample);
                ui.monospace(sample);
            }
        });
        output.textures_delta.clear(); // Nothing is painted here.

        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            let font_id = FontId::new(14.0, family);
            for sample in SAMPLES {
                let missing: Vec<char> = ctx.fonts_mut(|fonts| {
                    sample
                        .chars()
                        .filter(|&c| !fonts.has_glyph(&font_id, c))
                        .collect()
                });
                assert!(
                    missing.is_empty(),
                    "{font_id:?} has no glyph for {missing:?} in {sample:?}"
                );
                assert!(ctx.fonts_mut(|fonts| fonts.has_glyphs(&font_id, sample)));
            }
        }
    }
}
