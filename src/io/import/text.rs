//! Decoding a text file's bytes: BOMs, UTF-8, UTF-16, and legacy 8-bit encodings.
//!
//! French articles saved on Windows are often Windows-1252; a BOM announces UTF-8 or UTF-16;
//! anything else is guessed by chardetng (Firefox's detector). The decoded text is kept exactly,
//! line endings included. Binary files are refused rather than imported as mojibake.

use encoding_rs::{Encoding, UTF_8};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    /// The encoding's name, with " (BOM)" when a byte order mark announced it.
    pub encoding: String,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("the file is empty")]
    Empty,
    #[error("the file contains no text (only a byte order mark or white space)")]
    Blank,
    #[error("this looks like a binary file, not text ({reason}, at byte {offset})")]
    Binary { reason: &'static str, offset: usize },
    #[error("the bytes are not valid {encoding}")]
    Malformed { encoding: &'static str },
}

/// Decodes text bytes, detecting the encoding.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let decoded = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        decode_strict(encoding, &bytes[bom_len..], format!("{} (BOM)", encoding.name()))?
    } else {
        refuse_binary_bytes(bytes)?;
        let encoding = match std::str::from_utf8(bytes) {
            Ok(_) => UTF_8,
            Err(_) => guess_legacy_encoding(bytes),
        };
        decode_strict(encoding, bytes, encoding.name().to_owned())?
    };
    refuse_control_characters(&decoded.text)?;
    if decoded.text.trim().is_empty() {
        return Err(DecodeError::Blank);
    }
    Ok(decoded)
}

fn decode_strict(encoding: &'static Encoding, bytes: &[u8], name: String) -> Result<Decoded, DecodeError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::Malformed {
            encoding: encoding.name(),
        });
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding: name,
    })
}

fn guess_legacy_encoding(bytes: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    detector.guess(None, true)
}

/// Well-known binary signatures and NUL bytes, which no text encoding without a BOM produces.
fn refuse_binary_bytes(bytes: &[u8]) -> Result<(), DecodeError> {
    const SIGNATURES: &[(&[u8], &str)] = &[
        (b"%PDF-", "a PDF document"),
        (
            b"PK\x03\x04",
            "a ZIP archive (DOCX, ODT and EPUB files are ZIP archives)",
        ),
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x7FELF", "an executable"),
    ];
    if let Some((_, kind)) = SIGNATURES.iter().find(|(magic, _)| bytes.starts_with(magic)) {
        return Err(DecodeError::Binary {
            reason: kind,
            offset: 0,
        });
    }
    match memchr::memchr(0, bytes) {
        Some(offset) => Err(DecodeError::Binary {
            reason: "it contains NUL bytes",
            offset,
        }),
        None => Ok(()),
    }
}

/// Text has tabs, line breaks and form feeds, but not a stream of other control characters.
fn refuse_control_characters(text: &str) -> Result<(), DecodeError> {
    let is_odd = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C' | '\u{85}');
    let odd = text.chars().filter(|&c| is_odd(c)).count();
    // A stray escape character is tolerated; more than 1 in 100 characters is not text.
    if odd > 0 && odd * 100 > text.chars().count() {
        let offset = text.find(is_odd).unwrap_or(0);
        return Err(DecodeError::Binary {
            reason: "it is full of control characters",
            offset,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_detected_and_text_kept_exactly() {
        let french = "Contre vents et marées, l'œil de Washington.\r\nDeuxième ligne : « citation ».\n";
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(french.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(french.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let (windows_1252, _, _) = encoding_rs::WINDOWS_1252.encode(french);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), french.as_bytes()].concat();
        // (bytes, expected encoding name)
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (french.as_bytes().to_vec(), "UTF-8"),
            (with_bom, "UTF-8 (BOM)"),
            (utf16le, "UTF-16LE (BOM)"),
            (utf16be, "UTF-16BE (BOM)"),
            (windows_1252.into_owned(), "windows-1252"),
        ];
        for (bytes, encoding) in cases {
            let decoded = decode_text(&bytes).unwrap();
            assert_eq!(decoded.encoding, encoding);
            assert_eq!(decoded.text, french, "{encoding}");
        }
    }

    #[test]
    fn non_text_is_refused() {
        let cases: &[(&[u8], DecodeError)] = &[
            (b"", DecodeError::Empty),
            (b"\xEF\xBB\xBF", DecodeError::Blank),
            (b" \r\n\t", DecodeError::Blank),
            (
                b"%PDF-1.7\n...",
                DecodeError::Binary {
                    reason: "a PDF document",
                    offset: 0,
                },
            ),
            (
                b"ab\0cd",
                DecodeError::Binary {
                    reason: "it contains NUL bytes",
                    offset: 2,
                },
            ),
            (
                b"\x01\x02\x03\x04abc",
                DecodeError::Binary {
                    reason: "it is full of control characters",
                    offset: 0,
                },
            ),
        ];
        for (bytes, expected) in cases {
            assert_eq!(decode_text(bytes).as_ref(), Err(expected), "{bytes:?}");
        }
    }

    #[test]
    fn a_stray_control_character_is_tolerated() {
        let text = format!("{}\x1B{}", "a".repeat(200), "b".repeat(200));
        assert_eq!(decode_text(text.as_bytes()).unwrap().text, text);
    }
}
