//! The help overlay: every key from the live key map, and the colours of key figures.

use super::super::app::App;
use super::super::draw::{cell_pad, put};
use super::super::layout::centred;
use crate::figures::Kind;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::widgets::{Block, Clear, Widget};

/// A made-up example of each kind of figure, for the legend.
fn example(kind: Kind) -> &'static str {
    match kind {
        Kind::Money => "12亿元",
        Kind::Percent => "35%",
        Kind::Growth => "增长8.5%",
        Kind::Count => "20家",
        Kind::Quantity => "3.6万吨",
        Kind::Rank => "全国第一",
        Kind::Ratio => "1/3",
    }
}

/// The help's lines: text and style, keys first, then the legend.
fn lines(app: &App) -> Vec<Vec<(String, Style)>> {
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let mut out = vec![vec![("Keys".to_string(), t.heading)]];
    for (_, keys, desc) in app.keymap.help() {
        let names: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
        out.push(vec![
            (cell_pad(&names.join(", "), 26, amb), t.place),
            (desc.to_string(), Style::new()),
        ]);
    }
    out.push(Vec::new());
    out.push(vec![("Key figures, by kind".to_string(), t.heading)]);
    for kind in Kind::ALL {
        out.push(vec![
            (cell_pad(kind.as_str(), 10, amb), Style::new()),
            (example(kind).to_string(), t.figure(kind)),
        ]);
    }
    out.push(Vec::new());
    out.push(vec![(
        "Keys and colours are set in the config: `brief config --print-default`.".to_string(),
        t.dim,
    )]);
    out
}

/// Clears `area`, and the wide character cut in half by its left edge, if there is one.
fn clear(buf: &mut Buffer, area: Rect) {
    Clear.render(area, buf);
    if area.x > buf.area.x {
        for y in area.top()..area.bottom() {
            if let Some(cell) = buf.cell_mut((area.x - 1, y))
                && unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1
            {
                cell.reset();
            }
        }
    }
}

/// How far the help can scroll in a terminal of `area`.
pub fn max_scroll(app: &App, area: Rect) -> usize {
    let n = lines(app).len();
    let inner = usize::from(area.height.saturating_sub(1))
        .min(n + 2)
        .saturating_sub(2);
    n.saturating_sub(inner)
}

pub fn render(app: &App, scroll: usize, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let content = lines(app);
    // Above the status line, which keeps saying where the reader is.
    let room = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    let popup = centred(
        room,
        76.min(room.width.saturating_sub(4)),
        content.len() as u16 + 2,
    );
    clear(buf, popup);
    let overflows = content.len() > usize::from(popup.height.saturating_sub(2));
    let title = if overflows {
        " Help · j/k scroll · esc closes "
    } else {
        " Help · esc closes "
    };
    let block = Block::bordered()
        .border_set(t.border_set)
        .border_style(t.focus)
        .title(title);
    let inner = block.inner(popup);
    block.render(popup, buf);
    let max_scroll = content.len().saturating_sub(usize::from(inner.height));
    for (row, line) in content
        .iter()
        .skip(scroll.min(max_scroll))
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + row as u16;
        let mut x = inner.x + 1;
        for (text, style) in line {
            x += put(
                buf,
                x,
                y,
                inner.right().saturating_sub(x),
                text,
                *style,
                amb,
            );
        }
    }
}
