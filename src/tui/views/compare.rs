//! The compare view: a column a region, themes as rows, or the figures table (Tab).

use super::super::app::App;
use super::super::compare::{CompareTab, table_height, tag};
use super::super::draw::{fit, put, put_marked, width};
use super::{hint, render_status};
use crate::compare::FigureRow;
use crate::keymap::Action;
use crate::text::strip_controls;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

/// The bar chart of one measure across the regions: a title line, then a bar a region with
/// its value after it. Bars are block characters, so they read without colour too.
fn render_chart(app: &App, fr: &FigureRow, area: Rect, buf: &mut Buffer) {
    let Some(c) = &app.compare else {
        return;
    };
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let head = fit(
        &format!("── {} ", strip_controls(&fr.measure)),
        usize::from(area.width),
        amb,
    );
    let used = put(buf, area.x, area.y, area.width, &head, t.heading, amb);
    let fill = "─".repeat(usize::from(area.width.saturating_sub(used)));
    put(
        buf,
        area.x + used,
        area.y,
        area.width - used,
        &fill,
        t.border,
        amb,
    );
    let regions = &c.comparison.regions;
    let label_w = regions
        .iter()
        .map(|r| width(r, amb))
        .max()
        .unwrap_or(0)
        .min(16);
    let labels: Vec<String> = fr
        .bars(1)
        .iter()
        .map(|b| {
            b.as_ref()
                .map_or_else(|| "—".to_string(), |b| strip_controls(&b.label))
        })
        .collect();
    let text_w = labels.iter().map(|l| width(l, amb)).max().unwrap_or(0);
    let room = usize::from(area.width)
        .saturating_sub(label_w + text_w + 4)
        .max(1);
    for (i, (r, bar)) in regions.iter().zip(fr.bars(room)).enumerate() {
        let y = area.y + 1 + i as u16;
        if y >= area.bottom() {
            break;
        }
        let x = area.x + 1;
        put(
            buf,
            x,
            y,
            label_w as u16,
            &fit(r, label_w, amb),
            t.place,
            amb,
        );
        let bx = x + label_w as u16 + 1;
        match bar {
            Some(b) => {
                let blocks = b.blocks();
                let w = put(buf, bx, y, room as u16, &blocks, t.figure(b.kind), amb);
                let lx = bx + w + 1;
                put(
                    buf,
                    lx,
                    y,
                    area.right().saturating_sub(lx),
                    &labels[i],
                    Style::new(),
                    amb,
                );
            }
            None => {
                put(buf, bx, y, 2, "—", t.dim, amb);
            }
        }
    }
}

/// A theme's heading line: its name, then how much each region says on it (sentences and
/// figures; — for nothing).
fn theme_heading(app: &App, ti: usize, area: Rect, buf: &mut Buffer) {
    let Some(c) = &app.compare else {
        return;
    };
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let theme = &c.comparison.themes[ti];
    let mut head = format!("── {} ", strip_controls(&theme.theme));
    for (r, st) in c.comparison.regions.iter().zip(&theme.by_region) {
        let short = r.rsplit('/').next().unwrap_or(r);
        let figures: usize = st.iter().map(|s| s.figures.len()).sum();
        if st.is_empty() {
            head.push_str(&format!("· {short} — "));
        } else {
            head.push_str(&format!("· {short} {}/{figures} ", st.len()));
        }
    }
    let head = fit(&head, usize::from(area.width), amb);
    let used = put(buf, area.x, area.y, area.width, &head, t.heading, amb);
    let fill = "─".repeat(usize::from(area.width.saturating_sub(used)));
    put(
        buf,
        area.x + used,
        area.y,
        area.width - used,
        &fill,
        t.border,
        amb,
    );
}

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(c) = &app.compare else {
        return;
    };
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let visible = app.compare_columns();
    let col_w = app.compare_column_width();
    let regions = &c.comparison.regions;
    let _ = visible;
    let shown: Vec<usize> = c.shown().collect();
    let h = app.compare_height();
    let body_top = area.y + 1;
    match c.tab {
        CompareTab::Themes => {
            // Column headers: the region and how much material it has.
            for (k, &ri) in shown.iter().enumerate() {
                let x = area.x + (k * (col_w + 1)) as u16;
                let head = format!("{} · {} source(s)", regions[ri], c.comparison.sources[ri]);
                put(
                    buf,
                    x + 1,
                    area.y,
                    col_w as u16,
                    &fit(&head, col_w.saturating_sub(1), amb),
                    t.place.add_modifier(Modifier::BOLD),
                    amb,
                );
            }
            let g = &c.grid;
            // The first row is always the heading of the theme the rows below belong to, so
            // that it stays on screen while they scroll.
            let at_heading = g.headers.iter().any(|(l, _)| *l == c.scroll);
            let first = if at_heading { c.scroll + 1 } else { c.scroll };
            if let Some(ti) = c.theme_at(c.scroll) {
                theme_heading(app, ti, Rect::new(area.x, body_top, area.width, 1), buf);
            }
            for row in 1..h {
                let line = first + row - 1;
                let y = body_top + row as u16;
                if let Some((_, ti)) = g.headers.iter().find(|(l, _)| *l == line) {
                    theme_heading(app, *ti, Rect::new(area.x, y, area.width, 1), buf);
                    continue;
                }
                for (k, &ri) in shown.iter().enumerate() {
                    let x = area.x + (k * (col_w + 1)) as u16;
                    let Some(cell) = g.columns[ri].get(&line) else {
                        continue;
                    };
                    let selected = cell.item == Some(c.selected);
                    let base = if selected { t.selected } else { Style::new() };
                    if selected {
                        buf.set_style(Rect::new(x, y, col_w as u16, 1), base);
                    }
                    if cell.first
                        && let Some(item) = cell.item.and_then(|i| g.items.get(i))
                    {
                        let st =
                            &c.comparison.themes[item.theme].by_region[item.region][item.statement];
                        let tag_style = match st.stance {
                            crate::compare::Stance::Achievement => {
                                t.figure(crate::figures::Kind::Growth)
                            }
                            crate::compare::Stance::Plan => t.figure(crate::figures::Kind::Percent),
                        };
                        put(buf, x, y, 2, tag(st.stance), base.patch(tag_style), amb);
                    }
                    let marks: Vec<_> = cell
                        .figures
                        .iter()
                        .map(|(r, kind)| (r.clone(), t.figure(*kind)))
                        .collect();
                    let room = (col_w as u16).saturating_sub(3);
                    let base = if cell.item.is_none() { t.dim } else { base };
                    put_marked(buf, x + 3, y, room, &cell.text, base, &marks, amb);
                }
            }
        }
        CompareTab::Figures => {
            let measure_w = (usize::from(area.width) / 4).clamp(14, 30);
            let cell_w =
                (usize::from(area.width).saturating_sub(measure_w + 1)) / regions.len().max(1);
            put(
                buf,
                area.x + 1,
                area.y,
                measure_w as u16,
                "Measure",
                t.dim,
                amb,
            );
            for (ri, r) in regions.iter().enumerate() {
                let x = area.x + 1 + (measure_w + ri * cell_w) as u16;
                put(
                    buf,
                    x,
                    area.y,
                    cell_w as u16,
                    &fit(r, cell_w.saturating_sub(1), amb),
                    t.place.add_modifier(Modifier::BOLD),
                    amb,
                );
            }
            let table_h = table_height(h, regions.len());
            for (row, fr) in c
                .comparison
                .figures
                .iter()
                .skip(c.scroll)
                .take(table_h)
                .enumerate()
            {
                let y = body_top + row as u16;
                let selected = c.scroll + row == c.measure;
                if selected {
                    buf.set_style(Rect::new(area.x, y, area.width, 1), t.selected);
                }
                let shared = fr.regions_with_values() > 1;
                let ms = match (selected, shared) {
                    (true, _) => t.selected,
                    (false, true) => t.heading,
                    (false, false) => Style::new(),
                };
                put(
                    buf,
                    area.x + 1,
                    y,
                    measure_w as u16,
                    &fit(
                        &strip_controls(&fr.measure),
                        measure_w.saturating_sub(1),
                        amb,
                    ),
                    ms,
                    amb,
                );
                for (ri, figs) in fr.by_region.iter().enumerate() {
                    let x = area.x + 1 + (measure_w + ri * cell_w) as u16;
                    let end = x + cell_w.saturating_sub(1) as u16;
                    let mut cx = x;
                    for (k, f) in figs.iter().enumerate() {
                        let room = |cx: u16| end.saturating_sub(cx);
                        if k > 0 {
                            cx += put(buf, cx, y, room(cx), ", ", t.dim, amb);
                        }
                        let value = strip_controls(&fr.shown(f));
                        cx += put(buf, cx, y, room(cx), &value, t.figure(f.kind), amb);
                        if let Some(p) = &f.period {
                            let p = format!(" {}", strip_controls(p));
                            cx += put(buf, cx, y, room(cx), &p, t.dim, amb);
                        }
                        if f.is_target {
                            cx += put(buf, cx, y, room(cx), " 目标", t.warning, amb);
                        }
                    }
                    if figs.is_empty() {
                        put(buf, x, y, 1, "-", t.dim, amb);
                    }
                }
            }
            if let Some(fr) = c.comparison.figures.get(c.measure) {
                // The chart sits under the last row shown.
                let shown_rows = table_h.min(c.comparison.figures.len().saturating_sub(c.scroll));
                let top = body_top + (shown_rows + 1) as u16;
                render_chart(
                    app,
                    fr,
                    Rect::new(area.x, top, area.width, (regions.len() + 1) as u16),
                    buf,
                );
            } else {
                put(
                    buf,
                    area.x + 1,
                    body_top,
                    area.width,
                    "no figures with a measure",
                    t.dim,
                    amb,
                );
            }
        }
    }
    let status = Rect {
        y: area.bottom().saturating_sub(1),
        height: 1,
        ..area
    };
    let left = match c.tab {
        CompareTab::Themes => {
            let mut s = format!(
                "已 done · 将 planned · n/m sentences/figures · regions {}-{} of {}",
                c.first_column + 1,
                c.first_column + shown.len(),
                regions.len()
            );
            if width(&s, amb) > usize::from(area.width) / 2 {
                s = format!(
                    "已 done · 将 planned · {}-{}/{}",
                    c.first_column + 1,
                    c.first_column + shown.len(),
                    regions.len()
                );
            }
            s
        }
        CompareTab::Figures => {
            let shared = c
                .comparison
                .figures
                .iter()
                .filter(|r| r.regions_with_values() > 1)
                .count();
            format!(
                "{} measures, {shared} shared · 目标 = target",
                c.comparison.figures.len()
            )
        }
    };
    let pages = format!(
        "{}{} regions",
        super::key_name(app, Action::PrevFigure),
        super::key_name(app, Action::NextFigure)
    );
    let hints = [
        hint(app, Action::Help, "help"),
        hint(app, Action::SwitchFocus, "themes/figures"),
        pages,
        hint(app, Action::Open, "open"),
        hint(app, Action::Export, "export"),
        hint(app, Action::Back, "back"),
    ];
    render_status(app, status, buf, &left, &hints);
}
