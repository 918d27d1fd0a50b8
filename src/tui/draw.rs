//! Writing text into the screen buffer cell by cell: widths measured the way the terminal will
//! show them (ambiguous-width characters included), and nothing but what the domain's
//! sanitiser ([`crate::text::safe_chars`]) keeps ever written.

use crate::text::safe_chars;
use crate::wrap::char_width;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::style::Style;
use std::num::NonZeroU16;
use unicode_width::UnicodeWidthChar;

/// Writes `text` at `(x, y)` in `style`, using at most `max` cells, and returns the cells used.
/// Only what [`safe_chars`] keeps is drawn: escape sequences go whole, control and bidi
/// characters are dropped; a wide character that does not fit is not drawn; an
/// ambiguous-width character takes two cells when `ambiguous_wide`.
pub fn put(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    max: u16,
    text: &str,
    style: Style,
    ambiguous_wide: bool,
) -> u16 {
    put_styled(
        buf,
        x,
        y,
        max,
        safe_chars(text).map(|(_, c)| (c, style)),
        ambiguous_wide,
    )
}

/// [`put`] with parts of `text` styled: each byte range in `marks` has its style patched over
/// `base` (later marks over earlier ones where they overlap). Returns the cells used.
#[allow(clippy::too_many_arguments)]
pub fn put_marked(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    max: u16,
    text: &str,
    base: Style,
    marks: &[(std::ops::Range<usize>, Style)],
    ambiguous_wide: bool,
) -> u16 {
    // The whole text is cleaned at once, so that a sequence cut by a mark still goes whole.
    let styled = safe_chars(text).map(|(i, c)| {
        let style = marks
            .iter()
            .filter(|(r, _)| r.contains(&i))
            .fold(base, |st, (_, s)| st.patch(*s));
        (c, style)
    });
    put_styled(buf, x, y, max, styled, ambiguous_wide)
}

fn put_styled(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    max: u16,
    chars: impl Iterator<Item = (char, Style)>,
    ambiguous_wide: bool,
) -> u16 {
    let area = buf.area;
    if y < area.top() || y >= area.bottom() || x >= area.right() {
        return 0;
    }
    let limit = max.min(area.right() - x);
    let mut used: u16 = 0;
    let mut last: Option<u16> = None;
    let mut tmp = [0u8; 4];
    for (c, style) in chars {
        if c == '\n' {
            continue;
        }
        let w = char_width(c, ambiguous_wide) as u16;
        if w == 0 {
            // A combining mark joins the character before it.
            if let Some(lx) = last
                && let Some(cell) = buf.cell_mut((lx, y))
            {
                let joined = format!("{}{c}", cell.symbol());
                cell.set_symbol(&joined);
            }
            continue;
        }
        if used + w > limit {
            break;
        }
        let cx = x + used;
        if let Some(cell) = buf.cell_mut((cx, y)) {
            cell.set_symbol(c.encode_utf8(&mut tmp));
            cell.set_style(style);
            let natural = c.width().unwrap_or(1) as u16;
            cell.set_diff_option(if w != natural {
                CellDiffOption::ForcedWidth(NonZeroU16::new(w).unwrap_or(NonZeroU16::MIN))
            } else {
                CellDiffOption::None
            });
        }
        for i in 1..w {
            if let Some(cell) = buf.cell_mut((cx + i, y)) {
                cell.reset();
                cell.set_style(style);
            }
        }
        last = Some(cx);
        used += w;
    }
    used
}

/// The byte range of characters `chars` of `text`.
pub fn byte_range(text: &str, chars: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let byte = |c: usize| text.char_indices().nth(c).map_or(text.len(), |(i, _)| i);
    byte(chars.start)..byte(chars.end)
}

/// The width of `text` in cells as [`put`] draws it.
pub fn width(text: &str, ambiguous_wide: bool) -> usize {
    safe_chars(text)
        .filter(|&(_, c)| c != '\n')
        .map(|(_, c)| char_width(c, ambiguous_wide))
        .sum()
}

/// `text` cut to at most `max` cells, ending in `…` when cut, never splitting a character.
pub fn fit(text: &str, max: usize, ambiguous_wide: bool) -> String {
    if width(text, ambiguous_wide) <= max {
        return text.to_string();
    }
    let ellipsis = char_width('…', ambiguous_wide);
    let mut out = String::new();
    let mut used = 0;
    for (_, c) in safe_chars(text) {
        if c == '\n' {
            continue;
        }
        let w = char_width(c, ambiguous_wide);
        if used + w + ellipsis > max {
            break;
        }
        out.push(c);
        used += w;
    }
    if used + ellipsis <= max {
        out.push('…');
    }
    out
}

/// `text` fitted to `cells` and padded with spaces to exactly that width.
pub fn cell_pad(text: &str, cells: usize, ambiguous_wide: bool) -> String {
    let t = fit(text, cells, ambiguous_wide);
    let w = width(&t, ambiguous_wide);
    format!("{t}{}", " ".repeat(cells.saturating_sub(w)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;

    fn row(buf: &Buffer, y: u16) -> String {
        (0..buf.area.width)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect()
    }

    #[test]
    fn control_characters_never_reach_the_buffer() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 20, 1));
        let used = put(
            &mut buf,
            0,
            0,
            20,
            "a\u{1b}]52;c;eA\u{7}b\u{202e}c",
            Style::new(),
            false,
        );
        let text = row(&buf, 0);
        assert!(!text.contains('\u{1b}') && !text.contains('\u{7}') && !text.contains('\u{202e}'));
        // Nothing of the OSC 52 sequence is left, not even its parameters.
        assert!(text.starts_with("abc "), "{text:?}");
        assert_eq!(used, 3);
    }

    #[test]
    fn a_wide_character_that_does_not_fit_is_left_out() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 5, 1));
        assert_eq!(put(&mut buf, 0, 0, 5, "柳州市", Style::new(), false), 4);
        assert_eq!(row(&buf, 0), "柳 州  ");
    }

    #[test]
    fn ambiguous_characters_take_two_cells_when_set() {
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        assert_eq!(put(&mut buf, 0, 0, 10, "“柳”", Style::new(), true), 6);
        assert_eq!(
            buf[(0, 0)].diff_option,
            CellDiffOption::ForcedWidth(NonZeroU16::new(2).unwrap())
        );
        assert_eq!(put(&mut buf, 0, 0, 10, "“柳”", Style::new(), false), 4);
    }

    #[test]
    fn marked_parts_take_their_styles_and_overlaps_combine() {
        use ratatui::style::{Color, Modifier};
        let mut buf = Buffer::empty(Rect::new(0, 0, 10, 1));
        let red = Style::new().fg(Color::Red);
        let bold = Style::new().add_modifier(Modifier::BOLD);
        let text = "柳州77万辆";
        let used = put_marked(
            &mut buf,
            0,
            0,
            10,
            text,
            Style::new(),
            &[(6..14, red), (6..8, bold)],
            false,
        );
        assert_eq!(used, 10);
        assert_eq!(buf[(0, 0)].fg, Color::Reset);
        assert_eq!(buf[(4, 0)].fg, Color::Red);
        assert!(buf[(4, 0)].modifier.contains(Modifier::BOLD));
        assert!(!buf[(6, 0)].modifier.contains(Modifier::BOLD));
        assert_eq!(byte_range(text, 2..4), 6..8);
    }

    #[test]
    fn fit_cuts_with_an_ellipsis_within_the_width() {
        assert_eq!(fit("柳州新能源汽车", 20, false), "柳州新能源汽车");
        assert_eq!(fit("柳州新能源汽车", 7, false), "柳州新…");
        assert_eq!(fit("柳州新能源汽车", 7, true), "柳州…");
        assert_eq!(cell_pad("柳州", 7, false), "柳州   ");
        for max in 0..16 {
            assert!(width(&fit("“柳州”新能源汽车", max, true), true) <= max);
        }
    }
}
