//! Offsets in the unit another tool counts: code points (ours, W3C, brat, spaCy), UTF-16 code
//! units (doccano, old Label Studio, JavaScript) or UTF-8 bytes. Converted only at the edge.

use std::fmt;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OffsetUnit {
    #[default]
    CodePoints,
    Utf16,
    Bytes,
}

impl OffsetUnit {
    pub const ALL: [OffsetUnit; 3] = [OffsetUnit::CodePoints, OffsetUnit::Utf16, OffsetUnit::Bytes];

    pub fn name(self) -> &'static str {
        match self {
            OffsetUnit::CodePoints => "codepoints",
            OffsetUnit::Utf16 => "utf16",
            OffsetUnit::Bytes => "bytes",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|unit| unit.name() == name)
    }

    /// How many units one character takes.
    fn width(self, c: char) -> usize {
        match self {
            OffsetUnit::CodePoints => 1,
            OffsetUnit::Utf16 => c.len_utf16(),
            OffsetUnit::Bytes => c.len_utf8(),
        }
    }
}

impl fmt::Display for OffsetUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            OffsetUnit::CodePoints => "code points",
            OffsetUnit::Utf16 => "UTF-16 code units",
            OffsetUnit::Bytes => "UTF-8 bytes",
        })
    }
}

/// Converts between code points and another unit for one text. Only the characters wider than
/// one unit are recorded, so ASCII text (or BMP text in UTF-16) costs nothing, and each
/// conversion is a binary search.
pub struct UnitMap {
    /// For each wide character in text order: its code point index, its offset in units, and
    /// the extra units counted before it and by it (`width - 1` summed up to and including it).
    wide: Vec<(usize, usize, usize)>,
    char_len: usize,
}

impl UnitMap {
    pub fn new(text: &str, unit: OffsetUnit) -> Self {
        let mut wide = Vec::new();
        let mut extra = 0;
        let mut char_len = 0;
        for (position, c) in text.chars().enumerate() {
            let width = unit.width(c);
            if width > 1 {
                wide.push((position, position + extra, extra + width - 1));
                extra += width - 1;
            }
            char_len = position + 1;
        }
        Self { wide, char_len }
    }

    /// The offset in units of code point `position` (which may be the end of the text).
    pub fn to_unit(&self, position: usize) -> usize {
        let before = self.wide.partition_point(|&(cp, _, _)| cp < position);
        position + before.checked_sub(1).map_or(0, |i| self.wide[i].2)
    }

    /// The code point at offset `offset` in units; `None` past the end or inside a character.
    pub fn from_unit(&self, offset: usize) -> Option<usize> {
        let before = self.wide.partition_point(|&(_, unit, _)| unit < offset);
        let extra = match before.checked_sub(1) {
            None => 0,
            Some(i) => {
                let (_, unit, extra) = self.wide[i];
                let own_width = extra - i.checked_sub(1).map_or(0, |j| self.wide[j].2) + 1;
                if offset < unit + own_width {
                    return None;
                }
                extra
            }
        };
        let position = offset - extra;
        (position <= self.char_len).then_some(position)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn conversions_by_case() {
        // "👨🏻‍🚒 firemen drive firetrucks": doccano issue #2290 stores `firetrucks` at 22..32
        // (UTF-16) where code points count 19..29.
        let text = "👨🏻\u{200d}🚒 firemen drive firetrucks";
        let utf16 = UnitMap::new(text, OffsetUnit::Utf16);
        assert_eq!((utf16.to_unit(19), utf16.to_unit(29)), (22, 32));
        assert_eq!((utf16.from_unit(22), utf16.from_unit(32)), (Some(19), Some(29)));
        // Inside the surrogate pair of the first emoji, and past the end.
        assert_eq!(utf16.from_unit(1), None);
        assert_eq!(utf16.from_unit(33), None);
        let bytes = UnitMap::new("café crème", OffsetUnit::Bytes);
        let cases = [
            (0, Some(0)),
            (3, Some(3)),
            (4, None),
            (5, Some(4)),
            (9, None),
            (10, Some(8)),
            (11, Some(9)),
            (12, Some(10)),
            (13, None),
        ];
        for (offset, expected) in cases {
            assert_eq!(bytes.from_unit(offset), expected, "byte {offset}");
        }
        assert_eq!(bytes.to_unit(10), 12);
        let same = UnitMap::new("plain", OffsetUnit::CodePoints);
        assert_eq!(
            (same.to_unit(5), same.from_unit(5), same.from_unit(6)),
            (5, Some(5), None)
        );
    }

    proptest! {
        #[test]
        fn units_agree_with_std(text in "[a-zé\u{0600}-\u{0610}😀-😆\r\n]{0,40}") {
            let chars: Vec<(usize, char)> = text.char_indices().collect();
            for unit in OffsetUnit::ALL {
                let map = UnitMap::new(&text, unit);
                let mut offset = 0;
                for (position, &(_, c)) in chars.iter().enumerate() {
                    prop_assert_eq!(map.to_unit(position), offset);
                    prop_assert_eq!(map.from_unit(offset), Some(position));
                    for inside in 1..unit.width(c) {
                        prop_assert_eq!(map.from_unit(offset + inside), None);
                    }
                    offset += unit.width(c);
                }
                prop_assert_eq!(map.to_unit(chars.len()), offset);
                prop_assert_eq!(map.from_unit(offset), Some(chars.len()));
            }
        }
    }
}
