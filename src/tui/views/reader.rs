//! The reader: the article in a centred column, figures coloured by kind, the figures panel.

use super::super::app::App;
use super::super::draw::{cell_pad, fit, put, width};
use super::super::layout;
use super::super::reader::{Focus, LineKind, ReaderState};
use super::{hint, key_name, render_status};
use crate::keymap::Action;
use crate::text::strip_controls;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Widget};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(r) = &app.reader else {
        return;
    };
    let areas = layout::reader(area, r.panel_open, app.config.text_width);
    render_body(app, r, areas.text, buf);
    if let Some(panel) = areas.panel {
        render_panel(app, r, panel, buf);
    }
    let h = usize::from(areas.text.height);
    let last = (r.scroll + h).min(r.lines.len());
    let percent = if r.lines.len() <= h {
        100
    } else {
        r.scroll * 100 / r.max_scroll(h).max(1)
    };
    let mut place = format!(
        "lines {}-{}/{} {}%",
        r.scroll + 1,
        last,
        r.lines.len(),
        percent
    );
    match r.current {
        Some(c) => place.push_str(&format!(" · figure {}/{}", c + 1, r.figures.len())),
        None => place.push_str(&format!(" · {} figures", r.figures.len())),
    }
    let hints = [
        hint(app, Action::Help, "help"),
        format!(
            "{}/{} figures",
            key_name(app, Action::PrevFigure),
            key_name(app, Action::NextFigure)
        ),
        hint(app, Action::ToggleFigures, "panel"),
        hint(app, Action::Back, "back"),
    ];
    // The title leads the status line when there is room for a useful part of it.
    let amb = app.theme.ambiguous_wide;
    let room = usize::from(area.width).saturating_sub(width(&place, amb) + 50);
    let left = if room >= 12 {
        let title = strip_controls(&app.lib.briefings[r.briefing].meta.title);
        format!("{} · {place}", fit(&title, room.min(40), amb))
    } else {
        place
    };
    render_status(app, areas.status, buf, &left, &hints);
}

fn render_body(app: &App, r: &ReaderState, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    for (row, line) in r
        .lines
        .iter()
        .skip(r.scroll)
        .take(usize::from(area.height))
        .enumerate()
    {
        let y = area.y + row as u16;
        let base = match line.kind {
            LineKind::Title | LineKind::Heading => t.heading,
            LineKind::Meta => t.dim,
            LineKind::SectionRegions => t.place,
            LineKind::Text | LineKind::Blank => Style::new(),
        };
        let mut x = area.x;
        let mut at = 0;
        for (range, idx) in &line.figures {
            let plain = &line.text[at..range.start];
            x += put(buf, x, y, area.right() - x, plain, base, amb);
            let mut style = t.figure(r.figures[*idx].kind);
            if r.current == Some(*idx) {
                style = style.add_modifier(Modifier::REVERSED);
            }
            x += put(
                buf,
                x,
                y,
                area.right() - x,
                &line.text[range.clone()],
                style,
                amb,
            );
            at = range.end;
        }
        put(buf, x, y, area.right() - x, &line.text[at..], base, amb);
    }
}

fn render_panel(app: &App, r: &ReaderState, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let focused = r.focus == Focus::Panel;
    let title = match r.current {
        Some(c) => format!(" Figures {}/{} ", c + 1, r.figures.len()),
        None => format!(" Figures ({}) ", r.figures.len()),
    };
    let block = Block::bordered()
        .border_set(t.border_set)
        .border_style(if focused { t.focus } else { t.border })
        .title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    if r.figures.is_empty() {
        put(
            buf,
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(1),
            "no key figures",
            t.dim,
            amb,
        );
        return;
    }
    let w = usize::from(inner.width);
    for (row, (i, f)) in r
        .figures
        .iter()
        .enumerate()
        .skip(r.panel.offset)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + row as u16;
        let kind = f.kind.as_str();
        let text_w = w.saturating_sub(kind.len() + 3);
        let selected = i == r.panel.selected;
        let (text_style, kind_style) = if selected {
            let s = if focused {
                t.selected
            } else {
                t.selected_unfocused
            };
            buf.set_style(
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                s,
            );
            (s, s)
        } else {
            (t.figure(f.kind), t.dim)
        };
        let text = cell_pad(&f.text, text_w, amb);
        let used = put(buf, inner.x + 1, y, text_w as u16, &text, text_style, amb);
        let kx = inner.x + 1 + used + 1;
        let kind_x = inner
            .right()
            .saturating_sub(width(kind, amb) as u16 + 1)
            .max(kx);
        put(
            buf,
            kind_x,
            y,
            inner.right().saturating_sub(kind_x),
            kind,
            kind_style,
            amb,
        );
    }
}
