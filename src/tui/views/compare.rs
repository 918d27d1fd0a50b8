//! The compare view: a column a region, themes as rows, or the figures table (Tab).

use super::super::app::App;
use super::super::compare::{CompareTab, tag};
use super::super::draw::{fit, put, put_marked, width};
use super::{hint, render_status};
use crate::keymap::Action;
use crate::text::strip_controls;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

pub fn render(app: &App, area: Rect, buf: &mut Buffer) {
    let Some(c) = &app.compare else {
        return;
    };
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let visible = app.compare_columns();
    let col_w = app.compare_column_width();
    let regions = &c.comparison.regions;
    let shown: Vec<usize> = (c.first_column..regions.len()).take(visible).collect();
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
            for row in 0..h {
                let line = c.scroll + row;
                let y = body_top + row as u16;
                if let Some((_, ti)) = g.headers.iter().find(|(l, _)| *l == line) {
                    let theme = &c.comparison.themes[*ti];
                    let gaps: Vec<&str> = theme
                        .gaps()
                        .into_iter()
                        .map(|i| regions[i].as_str())
                        .collect();
                    let mut head = format!("── {} ", theme.theme);
                    if !gaps.is_empty() {
                        head.push_str(&format!("· nothing from {} ", gaps.join(", ")));
                    }
                    let head = fit(&head, usize::from(area.width), amb);
                    let used = put(buf, area.x, y, area.width, &head, t.heading, amb);
                    let fill = "─".repeat(usize::from(area.width.saturating_sub(used)));
                    put(
                        buf,
                        area.x + used,
                        y,
                        area.width - used,
                        &fill,
                        t.border,
                        amb,
                    );
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
            for (row, fr) in c
                .comparison
                .figures
                .iter()
                .skip(c.scroll)
                .take(h)
                .enumerate()
            {
                let y = body_top + row as u16;
                let shared = fr.regions_with_values() > 1;
                let ms = if shared { t.heading } else { Style::new() };
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
                "已 done · 将 planned · columns {}-{} of {}",
                c.first_column + 1,
                c.first_column + shown.len(),
                regions.len()
            );
            if width(&s, amb) > usize::from(area.width) / 2 {
                s = "已 done · 将 planned".to_string();
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
    let hints = [
        hint(app, Action::Help, "help"),
        hint(app, Action::SwitchFocus, "themes/figures"),
        hint(app, Action::Open, "open"),
        hint(app, Action::Export, "export"),
        hint(app, Action::Back, "back"),
    ];
    render_status(app, status, buf, &left, &hints);
}
