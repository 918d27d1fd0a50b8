//! The reader: the article in a centred column, figures coloured by kind, the figures panel.

use super::super::app::App;
use super::super::draw::{cell_pad, fit, put, put_marked, width};
use super::super::external::{put_link, web_url};
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
    if r.query.is_some() {
        match r.current_match {
            Some(c) => place.push_str(&format!(" · match {}/{}", c + 1, r.matches.len())),
            None => place.push_str(&format!(" · {} matches", r.matches.len())),
        }
    }
    let mut hints = vec![hint(app, Action::Help, "help")];
    if r.query.is_some() {
        hints.push(format!(
            "{}/{} matches",
            key_name(app, Action::NextMatch),
            key_name(app, Action::PrevMatch)
        ));
    }
    hints.extend([
        format!(
            "{}/{} figures",
            key_name(app, Action::PrevFigure),
            key_name(app, Action::NextFigure)
        ),
        hint(app, Action::ToggleFigures, "panel"),
        hint(app, Action::Back, "back"),
    ]);
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
    let b = &app.lib.briefings[r.briefing];
    let paragraph_blocks: Vec<usize> = b
        .blocks()
        .iter()
        .enumerate()
        .filter(|(_, bl)| !bl.is_heading)
        .map(|(k, _)| k + super::super::reader::FIRST_BODY_BLOCK)
        .collect();
    let bookmarked_blocks: Vec<usize> = app
        .state
        .bookmarks
        .iter()
        .filter(|m| m.briefing == b.id)
        .filter_map(|m| m.paragraph.and_then(|p| paragraph_blocks.get(p).copied()))
        .collect();
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
            LineKind::Url => t.dim.add_modifier(Modifier::UNDERLINED),
            LineKind::SectionRegions => t.place,
            LineKind::Text | LineKind::Blank => Style::new(),
        };
        // Where the style changes: figure and match edges.
        let line_no = r.scroll + row;
        let mut marks: Vec<(std::ops::Range<usize>, Style)> = Vec::new();
        for (range, idx) in &line.figures {
            let mut style = t.figure(r.figures[*idx].kind);
            if r.current == Some(*idx) {
                style = style.add_modifier(Modifier::REVERSED);
            }
            marks.push((range.clone(), style));
        }
        for (mi, m) in r.matches.iter().enumerate() {
            for (l, range) in &m.spans {
                if *l == line_no {
                    let style = if r.current_match == Some(mi) {
                        t.current_match
                    } else {
                        t.matched
                    };
                    marks.push((range.clone(), style));
                }
            }
        }
        // A bookmarked paragraph carries a mark in the margin.
        if line.kind == LineKind::Text && area.x >= 2 && bookmarked_blocks.contains(&line.block) {
            put(buf, area.x - 2, y, 1, "*", t.focus, amb);
        }
        // The url is a link the terminal opens on a click, where it shows links.
        if line.kind == LineKind::Url
            && t.links
            && let Ok(url) = web_url(b.meta.url.as_deref().unwrap_or_default())
        {
            put_link(buf, area.x, y, area.width, &line.text, &url, base, amb);
            continue;
        }
        put_marked(buf, area.x, y, area.width, &line.text, base, &marks, amb);
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
        // What the figure measures, where known; else its kind.
        let text_w = (width(&f.text, amb) + 1).min(w.saturating_sub(4));
        let kind = fit(
            f.measure.as_deref().unwrap_or(f.kind.as_str()),
            w.saturating_sub(text_w + 3),
            amb,
        );
        let kind = kind.as_str();
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
