//! Text utilities shared by the domain modules: terminal-safe cleaning and script folding.

use std::sync::OnceLock;

/// Removes every control character and whole terminal escape sequence from `input`.
///
/// Kept: `\n`; a tab becomes a space; `\r\n` and lone `\r` become `\n`. Removed whole: CSI
/// (`ESC [` … final byte), OSC (`ESC ]` … BEL or ST, which carries window-title, hyperlink and
/// clipboard writes), DCS/SOS/PM/APC strings, two-byte `ESC x` sequences, and their 8-bit C1
/// forms; then every other C0/C1 control and the bidirectional overrides that could reorder
/// what a reader sees.
pub fn strip_controls(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => out.push('\n'),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push('\n');
                }
            }
            '\t' => out.push(' '),
            '\u{1b}' => match chars.next() {
                Some('[') => skip_csi(&mut chars),
                Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
                    skip_string(&mut chars)
                }
                // ESC followed by an intermediate byte takes one more final byte (e.g. `ESC ( B`).
                Some(' '..='/') => {
                    chars.next();
                }
                _ => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{98}' | '\u{9e}' | '\u{9f}' => skip_string(&mut chars),
            c if is_unsafe(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Whether `c` must never reach a terminal (a control character or a bidi override).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\n'
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // Parameter and intermediate bytes, then one final byte in 0x40..=0x7e.
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) || !(' '..='\u{7e}').contains(&c) {
            break;
        }
    }
}

fn skip_string(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // Up to BEL, ST (`ESC \`) or 8-bit ST; an unterminated string runs to the end of the line.
    while let Some(c) = chars.peek().copied() {
        match c {
            '\u{7}' | '\u{9c}' => {
                chars.next();
                return;
            }
            '\u{1b}' => {
                chars.next();
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            '\n' => return,
            _ => {
                chars.next();
            }
        }
    }
}

fn t2s() -> Option<&'static ferrous_opencc::OpenCC> {
    static CONVERTER: OnceLock<Option<ferrous_opencc::OpenCC>> = OnceLock::new();
    CONVERTER
        .get_or_init(|| {
            ferrous_opencc::OpenCC::from_config(ferrous_opencc::config::BuiltinConfig::T2s).ok()
        })
        .as_ref()
}

/// Converts traditional Chinese to simplified (text already simplified comes back unchanged).
pub fn to_simplified(text: &str) -> String {
    match t2s() {
        Some(c) => c.convert(text),
        None => text.to_string(),
    }
}

/// Whether `c` is a CJK ideograph (the unified blocks and their extensions).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2ebef}' | '\u{30000}'..='\u{3134f}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_whole_escape_sequences() {
        let cases: &[(&str, &str)] = &[
            ("红\u{1b}[2J\u{1b}[31m字\u{1b}[0m", "红字"), // CSI clear + SGR
            ("a\u{1b}]0;pwned title\u{7}b", "ab"),        // OSC 0 with BEL
            (
                "\u{1b}]8;;https://evil.example/\u{1b}\\链接\u{1b}]8;;\u{1b}\\",
                "链接",
            ), // OSC 8 with ST
            ("x\u{1b}]52;c;ZWNobyBoaQ==\u{7}y", "xy"),    // OSC 52 clipboard
            ("a\u{9b}31mb\u{9d}0;t\u{9c}c", "abc"),       // 8-bit CSI and OSC
            ("a\u{85}b\u{90}dcs\u{9c}c", "abc"),          // C1 NEL, DCS
            ("a\u{1b}(Bb\u{1b}cc", "abc"),                // charset, RIS
            ("行\r\n行\r行\t字\u{0}\u{7f}", "行\n行\n行 字"),
            ("\u{202e}abc\u{2066}", "abc"),
            ("unterminated \u{1b}]0;title\nnext", "unterminated \nnext"),
        ];
        for (input, want) in cases {
            assert_eq!(strip_controls(input), *want, "{input:?}");
        }
    }

    #[test]
    fn folds_traditional_to_simplified() {
        assert_eq!(to_simplified("數字化轉型 山東聊城"), "数字化转型 山东聊城");
        assert_eq!(to_simplified("柳州"), "柳州");
    }

    proptest::proptest! {
        #[test]
        fn stripped_text_has_no_controls(s in "\\PC*|[\\x00-\\x7f\\u{80}-\\u{9f}]*") {
            let out = strip_controls(&s);
            proptest::prop_assert!(!out.chars().any(is_unsafe));
        }
    }
}
