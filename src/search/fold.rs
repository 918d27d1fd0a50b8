//! Folding text for search: traditional to simplified characters, full-width to half-width,
//! upper to lower case, one character for one character, so that a match in the folded text is
//! at the same character offsets in the original.

use std::sync::OnceLock;

/// The range of characters the traditional-to-simplified table covers (CJK Unified Ideographs
/// and Extension A, where traditional and simplified forms differ).
const TABLE_START: u32 = 0x3400;
const TABLE_END: u32 = 0xA000;

/// The simplified form of each character in the table's range, converted one at a time so the
/// table holds characters only, never phrases.
fn t2s_table() -> &'static [char] {
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let chars: Vec<char> = (TABLE_START..TABLE_END)
            .map(|u| char::from_u32(u).unwrap_or(' '))
            .collect();
        // One character a line, so the converter has no phrase to work on.
        let mut joined = String::with_capacity(chars.len() * 4);
        for c in &chars {
            joined.push(*c);
            joined.push('\n');
        }
        let converted = crate::text::to_simplified(&joined);
        let lines: Vec<&str> = converted.split('\n').collect();
        chars
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let mut it = lines.get(i).map(|l| l.chars()).into_iter().flatten();
                match (it.next(), it.next()) {
                    (Some(s), None) => s,
                    _ => c,
                }
            })
            .collect()
    })
}

/// The folded form of one character: simplified, half-width, lower case. Always one character.
pub fn fold_char(c: char) -> char {
    let u = c as u32;
    let c = if (TABLE_START..TABLE_END).contains(&u) {
        t2s_table()[(u - TABLE_START) as usize]
    } else if (0xFF01..=0xFF5E).contains(&u) {
        char::from_u32(u - 0xFEE0).unwrap_or(c)
    } else if u == 0x3000 {
        ' '
    } else {
        c
    };
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else if (c as u32) >= 0x2C00 {
        // Chinese, Japanese and the symbol blocks have no case: skip the case tables.
        c
    } else {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) => l,
            _ => c,
        }
    }
}

/// `text` folded character by character: the result has exactly as many characters.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// The character offset of byte offset `byte` in `text`.
pub fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_keeps_one_character_for_one() {
        for (given, want) in [
            ("數字化轉型", "数字化转型"),
            ("聊城市傳統產業", "聊城市传统产业"),
            ("ＡＢＣ１２３，", "abc123,"),
            ("LiuZhou", "liuzhou"),
            ("柳州　新能源", "柳州 新能源"),
        ] {
            let got = fold(given);
            assert_eq!(got, want);
            assert_eq!(got.chars().count(), given.chars().count());
        }
    }

    proptest::proptest! {
        #[test]
        fn folded_text_has_as_many_characters(s in "\\PC{0,60}") {
            proptest::prop_assert_eq!(fold(&s).chars().count(), s.chars().count());
        }
    }
}
