//! The search screen: the query at the top, the hits below, two lines each.

use super::super::app::App;
use super::super::draw::{byte_range, fit, put, put_marked, width};
use super::render_status;
use crate::search::{Field, Hit};
use crate::text::strip_controls;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(s) = &app.search else {
        return;
    };
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    // The query line.
    let used = put(
        buf,
        area.x + 1,
        area.y,
        area.width,
        &s.input.label,
        t.focus,
        amb,
    );
    put(
        buf,
        area.x + 2 + used,
        area.y,
        area.width.saturating_sub(used + 2),
        &s.input.input,
        if s.input.selected {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        },
        amb,
    );
    let hint = if s.input.input.trim().is_empty() {
        "type to search: characters in either script, pinyin (liuzhou, lz), several terms"
            .to_string()
    } else if !s.current() && !app.index_ready() {
        format!(
            "building the search index over {} briefings…",
            app.lib.briefings.len()
        )
    } else if !s.current() {
        // The hits below are those of an earlier query until these come.
        "searching…".to_string()
    } else if s.hits.is_empty() {
        format!("no briefing matches `{}`", strip_controls(&s.input.input))
    } else {
        format!(
            "{} of {} briefings match",
            s.hits.len(),
            app.lib.briefings.len()
        )
    };
    let hint = fit(&hint, usize::from(area.width.saturating_sub(2)), amb);
    put(buf, area.x + 1, area.y + 1, area.width, &hint, t.dim, amb);
    let rows = app.search_rows();
    for (row, (i, h)) in s
        .hits
        .iter()
        .enumerate()
        .skip(s.list.offset)
        .take(rows)
        .enumerate()
    {
        let y = area.y + 2 + 2 * row as u16;
        let selected = i == s.list.selected;
        render_hit(app, h, selected, Rect::new(area.x, y, area.width, 2), buf);
    }
    let status_area = Rect {
        y: area.bottom().saturating_sub(1),
        height: 1,
        ..area
    };
    render_status(
        app,
        status_area,
        buf,
        "Search",
        &[
            "enter open".to_string(),
            "↑↓ choose".to_string(),
            "esc back".to_string(),
        ],
    );
}

/// Writes `text` with the characters `hit` marked, within `max` cells; returns cells used.
#[allow(clippy::too_many_arguments)]
fn put_hit(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    max: u16,
    text: &str,
    hit: std::ops::Range<usize>,
    base: Style,
    mark: Style,
    amb: bool,
) -> u16 {
    put_marked(
        buf,
        x,
        y,
        max,
        text,
        base,
        &[(byte_range(text, hit), mark)],
        amb,
    )
}

fn render_hit(app: &App, h: &Hit, selected: bool, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let b = &app.lib.briefings[h.briefing];
    let row_style = if selected { t.selected } else { Style::new() };
    if selected {
        buf.set_style(area, row_style);
    }
    let mark = Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
    let date = b.meta.date_label();
    let x = area.x + 1;
    put(
        buf,
        x,
        area.y,
        10,
        &date,
        if selected { row_style } else { t.dim },
        amb,
    );
    let tx = x + 11;
    let room = area.right().saturating_sub(tx + 1);
    let title = strip_controls(&b.meta.title);
    if h.field == Field::Title {
        let shown = fit(&title, usize::from(room), amb);
        put_hit(
            buf,
            tx,
            area.y,
            room,
            &shown,
            h.start..h.end,
            row_style.patch(t.heading),
            mark,
            amb,
        );
    } else {
        put(
            buf,
            tx,
            area.y,
            room,
            &fit(&title, usize::from(room), amb),
            row_style.patch(t.heading),
            amb,
        );
    }
    // The second line: where it matched, and the text around the match.
    let mut label = h.field.as_str().to_string();
    if let Some(sec) = &h.section {
        label.push_str(&format!(" · {}", strip_controls(sec)));
    }
    let label = fit(&label, 24, amb);
    let lw = put(
        buf,
        tx,
        area.y + 1,
        24,
        &label,
        if selected { row_style } else { t.place },
        amb,
    );
    let sx = tx + lw + 2;
    let room = usize::from(area.right().saturating_sub(sx + 1));
    // Keep the match in sight: drop text before it when the line is short.
    let snippet = app.index().snippet(&app.lib, h);
    let chars: Vec<char> = snippet.text.chars().collect();
    let m = snippet.matched.clone();
    let lead = chars[..m.start.min(chars.len())].iter().collect::<String>();
    let drop = if width(&lead, amb) + 8 > room / 2 {
        m.start.saturating_sub(6)
    } else {
        0
    };
    let shown: String = chars[drop..].iter().collect();
    let shown = fit(&shown, room, amb);
    put_hit(
        buf,
        sx,
        area.y + 1,
        room as u16,
        &shown,
        m.start - drop..m.end - drop,
        row_style,
        mark.patch(if selected { Style::new() } else { t.focus }),
        amb,
    );
}
