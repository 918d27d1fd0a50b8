//! Text utilities shared by the domain modules: terminal-safe cleaning and script folding.

use std::sync::OnceLock;

/// The characters of `input` that are safe to show, with the byte offset of each in `input`:
/// the one place that decides what of a text may reach a terminal.
///
/// Removed whole: CSI (`ESC [` … final byte), OSC (`ESC ]` … BEL or ST, which carries
/// window-title, hyperlink and clipboard writes), DCS, SOS, PM and APC strings, the other
/// `ESC` sequences, and their 8-bit C1 forms. Then every other character for which
/// [`is_unsafe`] holds: C0 and C1 controls, DEL, bidi controls, zero-width and other
/// invisible format characters. A tab becomes a space; `\r\n`, a lone `\r` and the Unicode
/// line and paragraph separators become `\n`, which is kept.
pub fn safe_chars(input: &str) -> SafeChars<'_> {
    SafeChars {
        chars: input.char_indices().peekable(),
    }
}

/// The iterator of [`safe_chars`].
#[derive(Debug, Clone)]
pub struct SafeChars<'a> {
    chars: std::iter::Peekable<std::str::CharIndices<'a>>,
}

impl Iterator for SafeChars<'_> {
    type Item = (usize, char);

    fn next(&mut self) -> Option<(usize, char)> {
        while let Some((i, c)) = self.chars.next() {
            match c {
                '\n' | '\u{2028}' | '\u{2029}' => return Some((i, '\n')),
                '\r' => {
                    if self.chars.peek().map(|&(_, c)| c) != Some('\n') {
                        return Some((i, '\n'));
                    }
                }
                '\t' => return Some((i, ' ')),
                '\u{1b}' => self.skip_escape(),
                '\u{9b}' => self.skip_csi(),
                '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => self.skip_string(),
                c if is_unsafe(c) => {}
                c => return Some((i, c)),
            }
        }
        None
    }
}

impl SafeChars<'_> {
    fn peek(&mut self) -> Option<char> {
        self.chars.peek().map(|&(_, c)| c)
    }

    /// After `ESC`: the rest of the sequence it starts. What cannot belong to a sequence (a
    /// letter of another script, a line break) is left to be read as text.
    fn skip_escape(&mut self) {
        match self.peek() {
            Some('[') => {
                self.chars.next();
                self.skip_csi();
            }
            Some(']' | 'P' | 'X' | '^' | '_') => {
                self.chars.next();
                self.skip_string();
            }
            // `ESC`, intermediate bytes, then one final byte (`ESC ( B`, `ESC # 8`, `ESC c`).
            _ => {
                while let Some(' '..='/') = self.peek() {
                    self.chars.next();
                }
                if let Some('0'..='~') = self.peek() {
                    self.chars.next();
                }
            }
        }
    }

    /// After CSI: parameter and intermediate bytes, then one final byte. A character that
    /// cannot be part of the sequence ends it and is read again as text.
    fn skip_csi(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                ' '..='?' => {
                    self.chars.next();
                }
                '@'..='~' => {
                    self.chars.next();
                    return;
                }
                _ => return,
            }
        }
    }

    /// After OSC, DCS, SOS, PM or APC: up to BEL or ST (`ESC \` or 8-bit). CAN and SUB abort
    /// the string, and another `ESC` ends it and starts a sequence of its own, as terminals do;
    /// an unterminated string runs to the end of the line.
    fn skip_string(&mut self) {
        while let Some(c) = self.peek() {
            match c {
                '\u{7}' | '\u{9c}' | '\u{18}' | '\u{1a}' => {
                    self.chars.next();
                    return;
                }
                '\u{1b}' => {
                    self.chars.next();
                    if self.peek() == Some('\\') {
                        self.chars.next();
                    } else {
                        self.skip_escape();
                    }
                    return;
                }
                '\n' | '\r' | '\u{2028}' | '\u{2029}' => return,
                _ => {
                    self.chars.next();
                }
            }
        }
    }
}

/// `input` with every escape sequence and unsafe character removed (see [`safe_chars`]);
/// line breaks are kept, as `\n`.
pub fn strip_controls(input: &str) -> String {
    safe_chars(input).map(|(_, c)| c).collect()
}

/// `input` made safe as one line of a terminal: [`strip_controls`], then every line break
/// turned into a space, so that a field never splits the row it is shown in.
pub fn one_line(input: &str) -> String {
    safe_chars(input)
        .map(|(_, c)| if c == '\n' { ' ' } else { c })
        .collect()
}

/// A one-line excerpt of `text` around `range` (characters of `text`): up to `before` shown
/// characters before it and `after` after it, `…` where cut, line breaks as spaces; and
/// where `range` is in the excerpt, in characters.
///
/// The window is cut from the text as it will be shown, never the other way round: a window
/// cut from the raw text could begin inside an escape sequence, and cleaning it then would
/// leave the sequence's tail (`]0;TITLE`) on screen.
pub fn excerpt(
    text: &str,
    range: std::ops::Range<usize>,
    before: usize,
    after: usize,
) -> (String, std::ops::Range<usize>) {
    // Cleaning starts at a line start, where no sequence can be under way (every one ends at
    // a line break), at or before the window: the text before it is never cleaned, and the
    // text after the window never read.
    let near = range.start.saturating_sub(before);
    let near_byte = text.char_indices().nth(near).map_or(text.len(), |(b, _)| b);
    let line = text[..near_byte].rfind('\n').map_or(0, |i| i + 1);
    let base = if line == 0 {
        0
    } else {
        text[..line].chars().count()
    };
    let part = &text[line..];
    let mut raw = part.char_indices().enumerate();
    // Each shown character with its character index in `text`, up to one past the window.
    let mut kept: Vec<(usize, char)> = Vec::new();
    let mut end_at: Option<usize> = None;
    for (byte, c) in safe_chars(part) {
        let at = base + raw.find(|(_, (b, _))| *b == byte).map_or(0, |(i, _)| i);
        if end_at.is_none() && at >= range.end.max(range.start) {
            end_at = Some(kept.len());
        }
        if end_at.is_some_and(|e| kept.len() > e.saturating_add(after)) {
            break;
        }
        kept.push((at, if c == '\n' { ' ' } else { c }));
    }
    let shown = |raw_at: usize| kept.partition_point(|&(at, _)| at < raw_at);
    let start = shown(range.start);
    let end = end_at.unwrap_or(kept.len()).max(start);
    let from = start.saturating_sub(before);
    let to = end.saturating_add(after).min(kept.len());
    let mut out = String::new();
    let cut_before = from > 0 || line > 0;
    if cut_before {
        out.push('…');
    }
    out.extend(kept[from..to].iter().map(|&(_, c)| c));
    if to < kept.len() {
        out.push('…');
    }
    let at = usize::from(cut_before) + start - from;
    (out, at..at + (end - start))
}

/// Whether `c` must never reach a terminal: a control character other than `\n` (C0, DEL, C1),
/// or an invisible character that can reorder or disguise text: a bidi control, a zero-width
/// character, any other format character (Unicode category Cf), or an invisible filler.
pub fn is_unsafe(c: char) -> bool {
    // Printable ASCII and the common Chinese characters, nearly all of any briefing, at once.
    if matches!(c, ' '..='~' | '\u{4e00}'..='\u{9fff}') {
        return false;
    }
    (c.is_control() && c != '\n')
        || is_format(c)
        || is_invisible_filler(c)
        || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Unicode general category Cf (format characters: bidi controls, zero-width space and
/// joiners, word joiner, invisible operators, BOM, interlinear annotation, tags ...), and the
/// default-ignorable code points reserved beside them, so that later versions are covered.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{600}'..='\u{605}' | '\u{61c}' | '\u{6dd}' | '\u{70f}' | '\u{890}'..='\u{891}'
        | '\u{8e2}' | '\u{180e}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{feff}' | '\u{fff0}'..='\u{fffb}' | '\u{110bd}'
        | '\u{110cd}' | '\u{13430}'..='\u{1343f}' | '\u{1bca0}'..='\u{1bca3}'
        | '\u{1d173}'..='\u{1d17a}' | '\u{e0000}'..='\u{e0fff}')
}

/// Characters that draw nothing yet are not format characters: the combining grapheme joiner,
/// the Hangul fillers and the Mongolian variation selectors, used to make two names look alike.
fn is_invisible_filler(c: char) -> bool {
    matches!(
        c,
        '\u{34f}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}' | '\u{180b}'
            ..='\u{180f}' | '\u{3164}' | '\u{ffa0}'
    )
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
    fn no_part_of_a_sequence_is_left_behind() {
        let cases: &[(&str, &str)] = &[
            // The file name of issue 18: two OSC strings, nothing of either may remain.
            (
                "2024-01-01-a\u{1b}]0;TITLE\u{7}\u{1b}]52;c;QkFTRTY0\u{7}",
                "2024-01-01-a",
            ),
            // An OSC cut short by another ESC: the second sequence goes too, not just its ESC.
            ("a\u{1b}]0;t\u{1b}[31mb", "ab"),
            ("a\u{1b}]0;t\u{1b}]52;c;eA\u{7}b", "ab"),
            // CAN aborts a string; a CSI broken by a letter of another script keeps the letter.
            ("a\u{1b}]0;t\u{18}b", "ab"),
            ("a\u{1b}[1;柳州", "a柳州"),
            ("a\u{1b}柳", "a柳"),
            // DCS, APC, PM and SOS with ST; intermediates in an nF sequence.
            (
                "a\u{1b}P1$r\u{1b}\\b\u{1b}_x\u{1b}\\c\u{1b}^p\u{9c}d\u{1b}Xs\u{7}e",
                "abcde",
            ),
            ("a\u{1b} #Fb", "ab"),
            ("a\u{1b}\u{1b}[2Jb", "ab"),
        ];
        for (input, want) in cases {
            assert_eq!(strip_controls(input), *want, "{input:?}");
        }
    }

    #[test]
    fn invisible_and_reordering_characters_are_removed() {
        for c in [
            '\u{200b}',
            '\u{200c}',
            '\u{200d}',
            '\u{200e}',
            '\u{200f}',
            '\u{202a}',
            '\u{202e}',
            '\u{2066}',
            '\u{2069}',
            '\u{61c}',
            '\u{2060}',
            '\u{feff}',
            '\u{ad}',
            '\u{e0041}',
            '\u{3164}',
            '\u{85}',
            '\u{7f}',
        ] {
            assert!(is_unsafe(c), "{c:?}");
            assert_eq!(strip_controls(&format!("柳{c}州")), "柳州", "{c:?}");
        }
        for c in ['柳', 'a', ' ', '“', '…', '①', '\u{fe0f}', '\u{301}'] {
            assert!(!is_unsafe(c), "{c:?}");
        }
    }

    #[test]
    fn one_line_turns_line_breaks_into_spaces() {
        assert_eq!(
            one_line("标题\r\n第二行\r三\n四\u{2028}五"),
            "标题 第二行 三 四 五"
        );
        assert_eq!(one_line("a\u{1b}]0;t\nb"), "a b");
    }

    #[test]
    fn safe_chars_give_offsets_into_the_input() {
        let text = "柳\u{1b}[1m州\t市";
        let got: Vec<(usize, char)> = safe_chars(text).collect();
        assert_eq!(got, vec![(0, '柳'), (7, '州'), (10, ' '), (11, '市')]);
    }

    #[test]
    fn excerpts_are_cut_from_the_text_as_shown() {
        let text = "一二三四五六七八九十".repeat(10);
        let (s, r) = excerpt(&text, 50..52, 16, 40);
        let chars: Vec<char> = s.chars().collect();
        assert_eq!(chars[0], '…');
        assert_eq!(chars[r.clone()].iter().collect::<String>(), "一二");
        let (s, r) = excerpt("柳州\n新能源", 3..6, 16, 40);
        assert_eq!(s, "柳州 新能源");
        assert_eq!(r, 3..6);
        // A window whose raw start falls inside the OSC string shows nothing of it.
        let text = "甲乙\u{1b}]0;TITLE\u{7}柳州新能源";
        let at = text.chars().position(|c| c == '柳').unwrap();
        let (s, r) = excerpt(text, at..at + 2, 3, 40);
        assert_eq!(s, "甲乙柳州新能源");
        assert_eq!(
            s.chars().skip(r.start).take(r.len()).collect::<String>(),
            "柳州"
        );
        let (s, r) = excerpt(text, at..at + 2, 1, 1);
        assert_eq!((s.as_str(), r), ("…乙柳州新…", 2..4));
        // Cleaning starts at the line: the sequence on the line before cannot reach in.
        let text = "前\u{1b}]0;TITLE\n后\u{1b}[31m柳州";
        let at = text.chars().position(|c| c == '柳').unwrap();
        let (s, r) = excerpt(text, at..at + 2, 1, 5);
        assert_eq!((s.as_str(), r), ("…后柳州", 2..4));
        let (s, _) = excerpt(text, at..at + 2, 20, 5);
        assert_eq!(s, "前 后柳州");
    }

    proptest::proptest! {
        #[test]
        fn excerpts_hold_no_controls_and_point_inside(
            s in "[\\x00-\\x7f柳州\u{80}-\u{9f}\u{202e}]{0,60}",
            a in 0usize..70,
            n in 0usize..5,
        ) {
            let (out, r) = excerpt(&s, a..a + n, 4, 6);
            proptest::prop_assert!(!out.chars().any(|c| is_unsafe(c) || c == '\n'));
            proptest::prop_assert!(r.end <= out.chars().count());
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
            proptest::prop_assert_eq!(strip_controls(&out), out.clone());
        }

        #[test]
        fn a_whole_sequence_leaves_nothing_behind(
            before in "[a-z柳州 ]{0,6}",
            after in "[a-z柳州 ]{0,6}",
            seq in proptest::sample::select(vec![
                "\u{1b}]0;TITLE\u{7}", "\u{1b}]52;c;QkFTRTY0\u{1b}\\", "\u{1b}[2J", "\u{1b}[38;5;196m",
                "\u{9d}8;;http://x\u{9c}", "\u{9b}0m", "\u{1b}P+q\u{1b}\\", "\u{1b}_apc\u{7}",
                "\u{1b}]0;unterminated\u{1b}[0m", "\u{1b}(0", "\u{1b}7",
            ]),
        ) {
            let out = strip_controls(&format!("{before}{seq}{after}"));
            proptest::prop_assert_eq!(out, format!("{before}{after}"));
        }
    }
}
