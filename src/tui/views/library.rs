//! The library view: the region or date tree beside the briefings of the selected node.

use super::super::app::App;
use super::super::draw::{cell_pad, fit, put, width};
use super::super::layout;
use super::super::library::{Grouping, Pane};
use super::{hint, render_status};
use crate::keymap::Action;
use crate::text::strip_controls;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Widget};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let areas = layout::library(area);
    render_tree(app, areas.tree, buf);
    render_list(app, areas.list, buf);
    let s = &app.library;
    let mut left = match s.selected_row() {
        Some(r) => format!(
            "{} · {} of {} briefings",
            r.label,
            s.items.len(),
            app.lib.briefings.len()
        ),
        None => "empty library".to_string(),
    };
    if let Some(range) = s.range_label() {
        left.push_str(&format!(" · dates {range}"));
    }
    let hints = [
        hint(app, Action::Help, "help"),
        hint(app, Action::Search, "search"),
        hint(app, Action::Bookmarks, "agenda"),
        hint(app, Action::FilterDates, "dates"),
        hint(app, Action::ToggleGrouping, "by date/region"),
        hint(app, Action::Quit, "quit"),
    ];
    render_status(app, areas.status, buf, &left, &hints);
}

fn pane(app: &App, title: &str, focused: bool) -> Block<'static> {
    let t = &app.theme;
    Block::bordered()
        .border_set(t.border_set)
        .border_style(if focused { t.focus } else { t.border })
        .title(format!(" {} ", strip_controls(title)))
}

fn render_tree(app: &App, area: Rect, buf: &mut Buffer) {
    let s = &app.library;
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let title = match s.grouping {
        Grouping::Region => "Regions",
        Grouping::Date => "Dates",
    };
    let block = pane(app, title, s.focus == Pane::Tree);
    let inner = block.inner(area);
    block.render(area, buf);
    let w = usize::from(inner.width);
    for (row, (i, r)) in s
        .rows
        .iter()
        .enumerate()
        .skip(s.tree.offset)
        .take(usize::from(inner.height))
        .enumerate()
    {
        let y = inner.y + row as u16;
        let count = format!(" {}", r.count);
        // `+` marks a region picked for comparison.
        let marked = s.marked.contains(&r.node);
        let indent = match (r.depth, marked) {
            (0, false) => " ",
            (0, true) => "+",
            (_, false) => "   ",
            (_, true) => "  +",
        };
        let label_w = w.saturating_sub(width(&count, amb) + indent.len());
        let line = format!("{indent}{}{count}", cell_pad(&r.label, label_w, amb));
        let style = if i == s.tree.selected {
            if s.focus == Pane::Tree {
                t.selected
            } else {
                t.selected_unfocused
            }
        } else if r.depth == 0 {
            t.heading
        } else {
            ratatui::style::Style::new()
        };
        if i == s.tree.selected {
            buf.set_style(
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                style,
            );
        }
        let used = put(
            buf,
            inner.x,
            y,
            inner.width,
            &line[..line.len() - count.len()],
            style,
            amb,
        );
        let cstyle = if i == s.tree.selected { style } else { t.dim };
        put(
            buf,
            inner.x + used,
            y,
            inner.width - used,
            &count,
            cstyle,
            amb,
        );
    }
}

fn render_list(app: &App, area: Rect, buf: &mut Buffer) {
    let s = &app.library;
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let title = match s.selected_row() {
        Some(r) => format!("{} ({})", r.label, s.items.len()),
        None => "Briefings".to_string(),
    };
    let block = pane(app, &title, s.focus == Pane::List);
    let inner = block.inner(area);
    block.render(area, buf);
    if s.items.is_empty() {
        let msg = if app.lib.briefings.is_empty() {
            format!(
                "No briefings in {}. Add some with `brief import FILE --to {}`.",
                app.lib.root.display(),
                app.lib.root.display()
            )
        } else {
            "No briefings here in this date range.".to_string()
        };
        put(
            buf,
            inner.x + 1,
            inner.y,
            inner.width.saturating_sub(1),
            &fit(&msg, usize::from(inner.width.saturating_sub(1)), amb),
            t.dim,
            amb,
        );
        return;
    }
    // Columns: date, title, source (when there is room), number of key figures.
    let w = usize::from(inner.width);
    let date_w = 10;
    let figs_w = 4;
    let source_w = if w >= 56 { (w / 5).clamp(8, 16) } else { 0 };
    let title_w =
        w.saturating_sub(1 + date_w + 1 + figs_w + 1 + if source_w > 0 { source_w + 1 } else { 0 });
    let mut header = format!(
        "{:<date_w$}   {}",
        "Date",
        cell_pad("Title", title_w - 2, amb)
    );
    if source_w > 0 {
        header.push_str(&format!(" {}", cell_pad("Source", source_w, amb)));
    }
    header.push_str(&format!(" {:>figs_w$}", "Figs"));
    put(
        buf,
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(1),
        &header,
        t.dim,
        amb,
    );
    for (row, (i, &b)) in s
        .items
        .iter()
        .enumerate()
        .skip(s.list.offset)
        .take(usize::from(inner.height.saturating_sub(1)))
        .enumerate()
    {
        let y = inner.y + 1 + row as u16;
        let briefing = &app.lib.briefings[b];
        let m = &briefing.meta;
        let selected = i == s.list.selected;
        let row_style = if selected {
            if s.focus == Pane::List {
                t.selected
            } else {
                t.selected_unfocused
            }
        } else {
            ratatui::style::Style::new()
        };
        if selected {
            buf.set_style(
                Rect {
                    y,
                    height: 1,
                    ..inner
                },
                row_style,
            );
        }
        let pick = |normal: ratatui::style::Style| if selected { row_style } else { normal };
        let mut x = inner.x + 1;
        put(buf, x, y, date_w as u16, &m.date_label(), pick(t.dim), amb);
        x += date_w as u16 + 1;
        // Marks: `*` for a bookmark; titles not yet opened are bold.
        let mark = if app.state.is_bookmarked(&briefing.id) {
            "*"
        } else {
            " "
        };
        put(buf, x, y, 1, mark, pick(t.focus), amb);
        let unread = !app.state.read.contains_key(&briefing.id);
        let title_style = if unread {
            ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::BOLD)
        } else {
            ratatui::style::Style::new()
        };
        let tw = title_w.saturating_sub(2);
        put(
            buf,
            x + 2,
            y,
            tw as u16,
            &fit(&strip_controls(&m.title), tw, amb),
            pick(title_style),
            amb,
        );
        x += title_w as u16 + 1;
        if source_w > 0 {
            let source = m.source.as_deref().map(strip_controls).unwrap_or_default();
            put(
                buf,
                x,
                y,
                source_w as u16,
                &fit(&source, source_w, amb),
                pick(t.place),
                amb,
            );
            x += source_w as u16 + 1;
        }
        let figs = format!("{:>width$}", app.figure_count(b), width = figs_w);
        put(buf, x, y, figs_w as u16, &figs, pick(t.dim), amb);
    }
}
