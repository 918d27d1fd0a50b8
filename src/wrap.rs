//! Wrapping Chinese text into lines of a given width, for the reader and `brief show --width`.
//!
//! ratatui's `Wrap` breaks before closing punctuation and inside figures, so the reader wraps
//! text itself: break opportunities come from UAX #14 (unicode-linebreak) plus every boundary
//! next to a wide character, widths from unicode-width; closing punctuation never starts a
//! line, opening punctuation never ends one, and a key figure is never split.

use std::ops::Range;
use unicode_width::UnicodeWidthChar;

/// Characters that never start a line.
pub const NO_START: &str = "，。、；：？！”’）》」』】〕…‥·%％,.;:?!)]}";
/// Characters that never end a line.
pub const NO_END: &str = "“‘（《「『【〔([{";

/// Wraps `text` into lines at most `width` cells wide (trailing spaces aside), keeping each
/// character range in `keep_together` (such as a figure's `start..end`) on one line unless it
/// is wider than a line. Returns each line as a byte range of `text`; the ranges cover `text`
/// in order, except that a `\n` ends a line and belongs to none.
pub fn wrap(text: &str, width: usize, keep_together: &[Range<usize>]) -> Vec<Range<usize>> {
    wrap_cells(text, width, keep_together, false)
}

/// [`wrap`], for a terminal where East Asian ambiguous-width characters (“”…—①) take two
/// cells when `ambiguous_wide` is set.
pub fn wrap_cells(
    text: &str,
    width: usize,
    keep_together: &[Range<usize>],
    ambiguous_wide: bool,
) -> Vec<Range<usize>> {
    let width = width.max(2);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let byte_at = |i: usize| if i < n { chars[i].0 } else { text.len() };
    let kept = inside_kept(n, keep_together);
    let allowed = break_opportunities(text, &chars, &kept);
    let cell = |c: char| {
        if c == '\n' {
            0
        } else {
            char_width(c, ambiguous_wide)
        }
    };

    let mut lines = Vec::new();
    let (mut start, mut i, mut used) = (0usize, 0usize, 0usize);
    let mut last_ok: Option<usize> = None;
    while i < n {
        let c = chars[i].1;
        if c == '\n' {
            lines.push(byte_at(start)..byte_at(i));
            (start, i, used, last_ok) = (i + 1, i + 1, 0, None);
            continue;
        }
        if i > start && allowed[i] {
            last_ok = Some(i);
        }
        let w = cell(c);
        if used + w > width && i > start && !c.is_whitespace() {
            let brk = match last_ok {
                Some(b) if b > start => b,
                _ => forced_break(&chars, start, i, &kept),
            };
            lines.push(byte_at(start)..byte_at(brk));
            (start, i, used, last_ok) = (brk, brk, 0, None);
            continue;
        }
        used += w;
        i += 1;
    }
    if start < n || lines.is_empty() {
        lines.push(byte_at(start)..text.len());
    }
    lines
}

/// A wrapped line: its byte range in the text, and the pieces of the kept ranges on it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrappedLine {
    /// The line, as a byte range of the text.
    pub range: Range<usize>,
    /// Each kept range on this line: its byte range within the line, and its index in
    /// `keep_together`.
    pub spans: Vec<(Range<usize>, usize)>,
}

/// [`wrap_cells`], also telling where each kept range (such as a figure) lands: the reader, the
/// comparison and meeting mode colour figures with this.
pub fn wrap_spans(
    text: &str,
    width: usize,
    keep_together: &[Range<usize>],
    ambiguous_wide: bool,
) -> Vec<WrappedLine> {
    // Kept ranges come in characters; lines work in bytes.
    let byte_of: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let byte = |c: usize| byte_of[c.min(byte_of.len() - 1)];
    // Lines come in order: a sweep over the kept ranges sorted by start finds those on each
    // line without looking at every range for every line.
    let mut order: Vec<usize> = (0..keep_together.len()).collect();
    order.sort_by_key(|&i| keep_together[i].start);
    let mut next = 0;
    let mut open: Vec<usize> = Vec::new();
    wrap_cells(text, width, keep_together, ambiguous_wide)
        .into_iter()
        .map(|range| {
            while let Some(&i) = order.get(next)
                && byte(keep_together[i].start) < range.end
            {
                open.push(i);
                next += 1;
            }
            open.retain(|&i| byte(keep_together[i].end) > range.start);
            let mut spans: Vec<(Range<usize>, usize)> = open
                .iter()
                .filter_map(|&i| {
                    let k = &keep_together[i];
                    let (s, e) = (byte(k.start).max(range.start), byte(k.end).min(range.end));
                    (s < e).then(|| (s - range.start..e - range.start, i))
                })
                .collect();
            spans.sort_by_key(|&(_, i)| i);
            WrappedLine { range, spans }
        })
        .collect()
}

/// For every character position `i` in `0..=n`, whether it falls strictly inside a kept range
/// (a break there would split it). Worked out once, in one pass over the ranges and the text.
fn inside_kept(n: usize, keep: &[Range<usize>]) -> Vec<bool> {
    let mut depth = vec![0i64; n + 2];
    for r in keep {
        let (s, e) = (r.start.saturating_add(1).min(n + 1), r.end.min(n + 1));
        if s < e {
            depth[s] += 1;
            depth[e] -= 1;
        }
    }
    let mut level = 0;
    depth[..=n]
        .iter()
        .map(|d| {
            level += d;
            level > 0
        })
        .collect()
}

/// Whether a line may break before character `i`, for every `i` in `0..=n`.
fn break_opportunities(text: &str, chars: &[(usize, char)], kept: &[bool]) -> Vec<bool> {
    let n = chars.len();
    let mut allowed = vec![false; n + 1];
    // UAX #14 gives byte positions; walk them alongside the characters.
    let mut ci = 0;
    for (byte, _) in unicode_linebreak::linebreaks(text) {
        while ci < n && chars[ci].0 < byte {
            ci += 1;
        }
        if ci <= n {
            allowed[ci] = true;
        }
    }
    for i in 1..n {
        let (prev, next) = (chars[i - 1].1, chars[i].1);
        let wide = |c: char| c.width() == Some(2);
        // Chinese breaks between any two characters where punctuation allows.
        if wide(prev) || wide(next) {
            allowed[i] = true;
        }
        if NO_START.contains(next) || NO_END.contains(prev) || next.is_whitespace() || kept[i] {
            allowed[i] = false;
        }
    }
    allowed[0] = false;
    allowed
}

/// Where to break a line `start..` that has no allowed break before `overflow`: as late as
/// possible without starting the next line with closing punctuation, ending this one with
/// opening punctuation or splitting a kept range; at `overflow` when nothing else fits.
fn forced_break(chars: &[(usize, char)], start: usize, overflow: usize, kept: &[bool]) -> usize {
    let mut b = overflow;
    while b > start + 1 {
        let bad = NO_START.contains(chars[b].1) || NO_END.contains(chars[b - 1].1) || kept[b];
        if !bad {
            return b;
        }
        b -= 1;
    }
    overflow
}

/// The cells a character takes: ambiguous-width characters take two when `ambiguous_wide`.
pub fn char_width(c: char, ambiguous_wide: bool) -> usize {
    let w = if ambiguous_wide {
        c.width_cjk()
    } else {
        c.width()
    };
    w.unwrap_or(0)
}

/// The display width of `text` in cells, not counting trailing whitespace.
pub fn line_width(text: &str) -> usize {
    line_width_cells(text, false)
}

/// [`line_width`] with ambiguous-width characters taking two cells when `ambiguous_wide`.
pub fn line_width_cells(text: &str, ambiguous_wide: bool) -> usize {
    text.trim_end()
        .chars()
        .map(|c| char_width(c, ambiguous_wide))
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines<'a>(text: &'a str, width: usize, keep: &[Range<usize>]) -> Vec<&'a str> {
        wrap(text, width, keep)
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn wrap_never_starts_line_with_comma() {
        // Ten cells hold five characters; the comma must not lead the second line.
        let got = lines("新质生产力，成为热词。", 10, &[]);
        assert_eq!(got, ["新质生产", "力，成为热", "词。"]);
    }

    #[test]
    fn wrap_never_ends_line_with_opening_quote() {
        let got = lines("成为高频“新质生产力”热词", 10, &[]);
        assert!(got.iter().all(|l| !l.ends_with('“')), "{got:?}");
        assert_eq!(got.concat(), "成为高频“新质生产力”热词");
    }

    #[test]
    fn wrap_keeps_a_figure_whole() {
        let text = "全年完成生产77.6万辆新能源汽车";
        let start = text.chars().position(|c| c == '7').unwrap();
        let figure = start..start + "77.6万辆".chars().count();
        for width in 8..30 {
            let got = lines(text, width, std::slice::from_ref(&figure));
            assert!(
                got.iter().any(|l| l.contains("77.6万辆")),
                "width {width}: {got:?}"
            );
        }
    }

    #[test]
    fn latin_words_break_at_spaces_and_newlines_end_lines() {
        assert_eq!(
            lines("OceanX 明阳天成号", 8, &[]),
            ["OceanX ", "明阳天成", "号"]
        );
        assert_eq!(lines("甲\n乙", 10, &[]), ["甲", "乙"]);
        assert_eq!(lines("", 10, &[]), [""]);
    }

    #[test]
    fn ambiguous_wide_quotes_count_two_cells() {
        let text = "“新质生产力”成为热词";
        assert_eq!(line_width_cells(text, false), 20);
        assert_eq!(line_width_cells(text, true), 22);
        for line in wrap_cells(text, 8, &[], true) {
            assert!(line_width_cells(&text[line], true) <= 8);
        }
    }

    #[test]
    fn spans_say_where_each_kept_range_lands() {
        let text = "全年完成生产77.6万辆新能源汽车";
        let start = text.chars().position(|c| c == '7').unwrap();
        let figure = start..start + "77.6万辆".chars().count();
        for width in 10..30 {
            let lines = wrap_spans(text, width, std::slice::from_ref(&figure), false);
            let pieces: Vec<&str> = lines
                .iter()
                .flat_map(|l| {
                    l.spans
                        .iter()
                        .map(|(r, _)| &text[l.range.clone()][r.clone()])
                })
                .collect();
            assert_eq!(pieces, ["77.6万辆"], "width {width}");
        }
    }

    /// What the spans were before the sweep: every kept range looked at for every line.
    fn spans_by_scanning_every_range(
        text: &str,
        lines: &[WrappedLine],
        keep: &[Range<usize>],
    ) -> Vec<Vec<(Range<usize>, usize)>> {
        let byte_of: Vec<usize> = text
            .char_indices()
            .map(|(b, _)| b)
            .chain([text.len()])
            .collect();
        let byte = |c: usize| byte_of[c.min(byte_of.len() - 1)];
        lines
            .iter()
            .map(|l| {
                let range = &l.range;
                keep.iter()
                    .enumerate()
                    .filter_map(|(i, k)| {
                        let (s, e) = (byte(k.start).max(range.start), byte(k.end).min(range.end));
                        (s < e).then(|| (s - range.start..e - range.start, i))
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn wrap_keeps_every_figure_of_a_long_paragraph_whole() {
        // Wrapping scanned every figure for every character: a long paragraph took seconds.
        let sentence = "全市生产新能源汽车77.6万辆，同比增长155.1%，实现产值494亿元。";
        let text = sentence.repeat(100);
        let keep: Vec<Range<usize>> = crate::figures::find_figures(&text)
            .iter()
            .map(|f| f.start..f.end)
            .collect();
        assert_eq!(keep.len(), 300);
        let lines = wrap_spans(&text, 40, &keep, false);
        let got: Vec<Vec<(Range<usize>, usize)>> = lines.iter().map(|l| l.spans.clone()).collect();
        assert_eq!(got, spans_by_scanning_every_range(&text, &lines, &keep));
        let pieces = lines.iter().flat_map(|l| l.spans.iter()).count();
        assert_eq!(pieces, 300, "no figure is split across lines");
    }

    proptest::proptest! {
        #[test]
        fn spans_are_those_of_every_kept_range_on_each_line(
            s in "[0-9a-z 柳州新能源，。%“”]{0,60}",
            width in 2usize..20,
            raw in proptest::collection::vec((0usize..70, 0usize..8), 0..8),
        ) {
            let keep: Vec<Range<usize>> = raw.iter().map(|&(a, l)| a..a + l).collect();
            let lines = wrap_spans(&s, width, &keep, false);
            let got: Vec<Vec<(Range<usize>, usize)>> = lines.iter().map(|l| l.spans.clone()).collect();
            proptest::prop_assert_eq!(got, spans_by_scanning_every_range(&s, &lines, &keep));
        }

        #[test]
        fn never_wider_than_the_width_and_nothing_lost(s in "[\\PC&&[^\\n]]{0,80}", width in 2usize..40) {
            let got = lines(&s, width, &[]);
            proptest::prop_assert_eq!(got.concat(), s.clone());
            for l in &got {
                // A single character wider than the line is the only excuse.
                proptest::prop_assert!(line_width(l) <= width || l.chars().count() == 1, "{:?} at {}", l, width);
            }
        }
    }
}
