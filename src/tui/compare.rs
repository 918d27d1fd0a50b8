//! The compare view's state and its layout: one column a region, themes as rows, every
//! statement wrapped within its column, all columns scrolling together.

use super::draw::{fit, put, put_marked, width};
use super::overlay::PromptLayer;
use super::theme::Theme;
use super::view::{Asking, At, Cx, Effect, Input, View, render_status};
use crate::compare::{Comparison, FigureRow, Stance};
use crate::figures::find_figures;
use crate::keymap::{Action, Context};
use crate::text::strip_controls;
use crate::wrap::wrap_spans;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use std::ops::Range;

/// Which table the compare view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompareTab {
    /// Themes as rows, regions as columns.
    Themes,
    /// The figures table.
    Figures,
}

/// The compare view's state.
#[derive(Debug, Clone)]
pub struct CompareState {
    /// The comparison.
    pub comparison: Comparison,
    /// Which table shows.
    pub tab: CompareTab,
    /// The first line shown (themes) or row shown (figures).
    pub scroll: usize,
    /// The selected statement: its place in [`Grid::items`].
    pub selected: usize,
    /// The first region column shown, when not all fit.
    pub first_column: usize,
    /// The selected row of the figures table: the measure the chart shows.
    pub measure: usize,
    /// The themes laid out for the current column width.
    pub grid: Grid,
    /// The column width `grid` was laid out for.
    grid_width: usize,
    /// How many columns fit the screen.
    visible: usize,
    /// The column width and the columns on screen `grid` was laid out for.
    laid: Option<(usize, Range<usize>)>,
    /// Whether ambiguous-width characters take two cells.
    ambiguous_wide: bool,
}

/// A laid-out line of one column.
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    /// The line's text.
    pub text: String,
    /// Figure spans (bytes of `text`) and their kinds.
    pub figures: Vec<(Range<usize>, crate::figures::Kind)>,
    /// The statement it belongs to (index into `items`), if any.
    pub item: Option<usize>,
    /// Whether it is the first line of its statement (where the plan/done tag goes).
    pub first: bool,
}

/// A statement's place in the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// The theme row.
    pub theme: usize,
    /// The region column.
    pub region: usize,
    /// The statement within the theme and region.
    pub statement: usize,
    /// Its first line.
    pub top: usize,
    /// One past its last line.
    pub bottom: usize,
}

/// The themes laid out for a column width.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    /// Lines where a theme's header is, with the theme index.
    pub headers: Vec<(usize, usize)>,
    /// For each region, its lines by line number.
    pub columns: Vec<std::collections::BTreeMap<usize, Cell>>,
    /// Every statement, column by column in reading order.
    pub items: Vec<Item>,
    /// How many lines in all.
    pub height: usize,
}

/// Lays the themes out in columns `width` cells wide (the tag takes three of them). Each
/// theme is as tall as the tallest of the `shown` columns: the columns off screen do not
/// leave blank rows in those on screen.
pub fn grid(c: &Comparison, width: usize, shown: Range<usize>, ambiguous_wide: bool) -> Grid {
    let text_w = width.saturating_sub(3).max(6);
    let mut g = Grid {
        columns: vec![Default::default(); c.regions.len()],
        ..Grid::default()
    };
    let mut y = 0;
    let mut per_region_items: Vec<Vec<Item>> = vec![Vec::new(); c.regions.len()];
    for (ti, row) in c.themes.iter().enumerate() {
        g.headers.push((y, ti));
        y += 1;
        let mut tallest = 0;
        for (ri, statements) in row.by_region.iter().enumerate() {
            let mut ly = y;
            if statements.is_empty() {
                // Said in the column, so that an empty column reads as a gap, not a glitch.
                g.columns[ri].insert(
                    ly,
                    Cell {
                        text: "— nothing on this theme".into(),
                        figures: Vec::new(),
                        item: None,
                        first: false,
                    },
                );
                ly += 1;
            }
            for (si, s) in statements.iter().enumerate() {
                let text = crate::text::strip_controls(&s.sentence);
                let figs = find_figures(&text);
                let keep: Vec<Range<usize>> = figs.iter().map(|f| f.start..f.end).collect();
                let top = ly;
                for (li, wl) in wrap_spans(&text, text_w, &keep, ambiguous_wide)
                    .into_iter()
                    .enumerate()
                {
                    g.columns[ri].insert(
                        ly,
                        Cell {
                            text: text[wl.range].trim_end().to_string(),
                            figures: wl
                                .spans
                                .into_iter()
                                .map(|(r, i)| (r, figs[i].kind))
                                .collect(),
                            item: Some(per_region_items[ri].len()),
                            first: li == 0,
                        },
                    );
                    ly += 1;
                }
                per_region_items[ri].push(Item {
                    theme: ti,
                    region: ri,
                    statement: si,
                    top,
                    bottom: ly,
                });
            }
            if shown.contains(&ri) {
                tallest = tallest.max(ly - y);
            }
        }
        y += tallest;
    }
    // Items are numbered column by column; cells point at the number within their column,
    // so shift them to the global numbering.
    let mut base = 0;
    for (ri, items) in per_region_items.into_iter().enumerate() {
        for cell in g.columns[ri].values_mut() {
            if let Some(i) = &mut cell.item {
                *i += base;
            }
        }
        base += items.len();
        g.items.extend(items);
    }
    g.height = y;
    g
}

/// Lines the chart under the figures table takes for `regions` regions: a title, a bar each,
/// and a blank line above.
pub fn chart_height(regions: usize) -> usize {
    regions + 2
}

/// Lines of the figures table in a view `height` lines tall, the chart below it.
pub fn table_height(height: usize, regions: usize) -> usize {
    height.saturating_sub(chart_height(regions)).max(3)
}

/// The tag before a statement: 已 for what has been done, 将 for what is planned.
pub fn tag(s: Stance) -> &'static str {
    match s {
        Stance::Achievement => "已",
        Stance::Plan => "将",
    }
}

impl CompareState {
    /// The view of `comparison`, at the top, laid out in `visible` columns `width` cells
    /// wide.
    pub fn new(
        comparison: Comparison,
        width: usize,
        visible: usize,
        ambiguous_wide: bool,
    ) -> CompareState {
        let shown = 0..visible.max(1);
        let grid = grid(&comparison, width, shown.clone(), ambiguous_wide);
        CompareState {
            comparison,
            tab: CompareTab::Themes,
            scroll: 0,
            selected: 0,
            first_column: 0,
            measure: 0,
            grid,
            grid_width: width,
            visible: visible.max(1),
            laid: Some((width, shown)),
            ambiguous_wide,
        }
    }

    /// The columns on screen.
    pub fn shown(&self) -> Range<usize> {
        let n = self.comparison.regions.len();
        self.first_column.min(n)..(self.first_column + self.visible).min(n)
    }

    /// Lays the themes out again for a new column width or count (after a resize).
    pub fn relayout(&mut self, width: usize, visible: usize, ambiguous_wide: bool) {
        self.grid_width = width;
        self.visible = visible.max(1);
        if self.ambiguous_wide != ambiguous_wide {
            self.ambiguous_wide = ambiguous_wide;
            self.laid = None;
        }
        let n = self.comparison.regions.len();
        self.first_column = self.first_column.min(n.saturating_sub(self.visible));
        self.lay_out();
    }

    /// Lays the grid out for the columns on screen, when they changed, keeping the selected
    /// statement (a statement's number does not depend on the layout).
    fn lay_out(&mut self) {
        let shown = self.shown();
        let laid = (self.grid_width, shown.clone());
        if self.laid.as_ref() == Some(&laid) {
            return;
        }
        self.grid = grid(
            &self.comparison,
            self.grid_width,
            shown,
            self.ambiguous_wide,
        );
        self.laid = Some(laid);
        self.selected = self.selected.min(self.grid.items.len().saturating_sub(1));
    }

    /// Shows the next (`delta` 1) or previous page of region columns, selecting the nearest
    /// statement of the first column shown.
    pub fn page_columns(&mut self, delta: isize, height: usize) {
        let n = self.comparison.regions.len();
        let last_first = n.saturating_sub(self.visible);
        let first = (self.first_column as isize + delta * self.visible as isize)
            .clamp(0, last_first as isize) as usize;
        if first == self.first_column {
            return;
        }
        let top = self.grid.items.get(self.selected).map_or(0, |it| it.top);
        self.first_column = first;
        self.lay_out();
        if let Some(i) = (0..self.grid.items.len())
            .filter(|&i| self.grid.items[i].region == first)
            .min_by_key(|&i| self.grid.items[i].top.abs_diff(top))
        {
            self.selected = i;
        }
        self.follow(height, self.visible);
    }

    /// The theme whose rows line `line` of the grid is in.
    pub fn theme_at(&self, line: usize) -> Option<usize> {
        self.grid
            .headers
            .iter()
            .take_while(|(l, _)| *l <= line)
            .last()
            .map(|(_, t)| *t)
    }

    /// Moves the figures table's selection by `delta` rows (the chart follows it) and scrolls
    /// it into a view `height` lines tall (chart included).
    pub fn select_measure(&mut self, delta: isize, height: usize) {
        let rows = self.comparison.figures.len();
        if rows == 0 {
            return;
        }
        self.measure = (self.measure as isize + delta).clamp(0, rows as isize - 1) as usize;
        let h = table_height(height, self.comparison.regions.len());
        if self.measure < self.scroll {
            self.scroll = self.measure;
        } else if self.measure >= self.scroll + h {
            self.scroll = self.measure + 1 - h;
        }
    }

    /// Moves the selection to the next (`delta` 1) or previous statement in the same column,
    /// or to the nearest statement of the next or previous column (`columns` ±1).
    pub fn step(&mut self, delta: isize, columns: isize) {
        let g = &self.grid;
        let Some(cur) = g.items.get(self.selected).copied() else {
            return;
        };
        let target = if columns != 0 {
            let region = cur.region as isize + columns;
            if region < 0 || region as usize >= self.comparison.regions.len() {
                return;
            }
            g.items
                .iter()
                .enumerate()
                .filter(|(_, it)| it.region == region as usize)
                .min_by_key(|(_, it)| it.top.abs_diff(cur.top))
                .map(|(i, _)| i)
        } else {
            let same: Vec<usize> = (0..g.items.len())
                .filter(|&i| g.items[i].region == cur.region)
                .collect();
            let at = same.iter().position(|&i| i == self.selected).unwrap_or(0) as isize;
            same.get((at + delta).clamp(0, same.len() as isize - 1) as usize)
                .copied()
        };
        if let Some(t) = target {
            self.selected = t;
        }
    }

    /// Scrolls so that the selected statement is in a view `height` lines tall, and its column
    /// among the `visible` columns shown. The view's first line is the heading of the theme
    /// the rows below it belong to, so the rows themselves get one line less.
    pub fn follow(&mut self, height: usize, visible: usize) {
        self.visible = visible.max(1);
        if let Some(it) = self.grid.items.get(self.selected).copied() {
            let region = it.region;
            if region < self.first_column {
                self.first_column = region;
            } else if region >= self.first_column + self.visible {
                self.first_column = region + 1 - self.visible;
            }
            self.lay_out();
        }
        let rows = height.saturating_sub(1).max(1);
        if let Some(it) = self.grid.items.get(self.selected) {
            // The line above the statement, when it is its theme's heading, shows too.
            let top = if self.grid.headers.iter().any(|(l, _)| *l + 1 == it.top) {
                it.top - 1
            } else {
                it.top
            };
            if top < self.scroll {
                self.scroll = top;
            } else if it.bottom > self.scroll + rows + 1 {
                self.scroll = it.bottom.saturating_sub(rows + 1);
            }
        }
        self.scroll = self.scroll.min(self.grid.height.saturating_sub(rows));
    }
}

/// How many of `n` region columns fit a terminal `w` columns wide.
fn columns_for(n: usize, w: u16) -> usize {
    n.min(usize::from(w / 38)).max(1)
}

/// The width of each of `columns` columns.
fn column_width(columns: usize, w: u16) -> usize {
    (usize::from(w) / columns).saturating_sub(1)
}

/// Lines of the grid: between its header and the status line.
pub fn height(cx: &Cx) -> usize {
    usize::from(cx.area.height.saturating_sub(2)).max(1)
}

impl CompareState {
    /// The view of `comparison` laid out for the terminal of `cx`: two columns at 80 wide,
    /// up to four when wide.
    pub fn for_terminal(comparison: Comparison, cx: &Cx) -> CompareState {
        let visible = columns_for(comparison.regions.len(), cx.area.width);
        let width = column_width(visible, cx.area.width);
        CompareState::new(comparison, width, visible, cx.amb())
    }

    /// Columns shown at once.
    pub fn columns(&self) -> usize {
        self.visible
    }

    fn export_prompt(&self) -> Effect {
        let names = self
            .comparison
            .regions
            .iter()
            .map(|r| r.rsplit('/').next().unwrap_or(r).to_string())
            .collect::<Vec<_>>()
            .join("-");
        Effect::layer(PromptLayer::new(
            Asking::CompareExportPath,
            "Export the comparison to:",
            format!("compare-{names}.md"),
        ))
    }
}

impl View for CompareState {
    fn context(&self) -> Context {
        Context::Compare
    }

    fn hints(&self) -> Vec<(&'static [Action], &'static str)> {
        let mut hints: Vec<(&'static [Action], &'static str)> = vec![(&[Action::Help], "help")];
        match self.tab {
            CompareTab::Themes => {
                hints.push((&[Action::SwitchFocus], "figures"));
                // [ and ] page through the regions only when they do not all fit.
                if self.comparison.regions.len() > self.visible {
                    hints.push((&[Action::PrevFigure, Action::NextFigure], "regions"));
                }
                hints.push((&[Action::Open], "open"));
            }
            CompareTab::Figures => hints.push((&[Action::SwitchFocus], "themes")),
        }
        hints.extend([(&[Action::Export][..], "export"), (&[Action::Back], "back")]);
        hints
    }

    fn sync(&mut self, cx: &Cx) {
        let visible = columns_for(self.comparison.regions.len(), cx.area.width);
        self.relayout(column_width(visible, cx.area.width), visible, cx.amb());
    }

    fn update(&mut self, input: Input, cx: &Cx) -> Vec<Effect> {
        let Input::Act(action) = input else {
            return Vec::new();
        };
        let (h, visible) = (height(cx), self.visible);
        let c = self;
        if c.tab == CompareTab::Figures {
            let (rows, page) = (c.comparison.figures.len() as isize, (h / 2).max(1) as isize);
            match action {
                Action::Up => c.select_measure(-1, h),
                Action::Down => c.select_measure(1, h),
                Action::PageUp => c.select_measure(-page, h),
                Action::PageDown | Action::Mark => c.select_measure(page, h),
                Action::Top => c.select_measure(-rows, h),
                Action::Bottom => c.select_measure(rows, h),
                Action::SwitchFocus => {
                    c.tab = CompareTab::Themes;
                    c.scroll = 0;
                }
                Action::Back => return vec![Effect::Back],
                Action::Export => return vec![c.export_prompt()],
                _ => {}
            }
            return Vec::new();
        }
        match action {
            Action::Up => c.step(-1, 0),
            Action::Down => c.step(1, 0),
            Action::Left => c.step(0, -1),
            Action::Right => c.step(0, 1),
            // [ and ] page through the regions when not all fit.
            Action::PrevFigure => {
                c.page_columns(-1, h);
                return Vec::new();
            }
            Action::NextFigure => {
                c.page_columns(1, h);
                return Vec::new();
            }
            Action::PageUp => c.scroll = c.scroll.saturating_sub(h / 2),
            Action::PageDown | Action::Mark => c.scroll += h / 2,
            Action::Top => {
                c.scroll = 0;
                c.selected = 0;
            }
            Action::Bottom => c.scroll = c.grid.height,
            Action::SwitchFocus => {
                c.tab = CompareTab::Figures;
                c.scroll = 0;
                return Vec::new();
            }
            Action::Back => return vec![Effect::Back],
            Action::Export => return vec![c.export_prompt()],
            Action::Open => {
                if let Some(it) = c.grid.items.get(c.selected) {
                    let st = &c.comparison.themes[it.theme].by_region[it.region][it.statement];
                    let end = st.start + st.sentence.chars().count();
                    return vec![Effect::Open(st.briefing_index, At::Sentence(st.start..end))];
                }
                return Vec::new();
            }
            _ => return Vec::new(),
        }
        if matches!(
            action,
            Action::Up | Action::Down | Action::Left | Action::Right | Action::Top
        ) {
            c.follow(h, visible);
        } else {
            c.scroll = c
                .scroll
                .min(c.grid.height.saturating_sub(h.saturating_sub(1)));
        }
        Vec::new()
    }

    fn render(&self, cx: &Cx, area: Rect, buf: &mut Buffer) {
        render(self, cx, area, buf);
    }
}

/// A heading drawn as a rule across `area`'s first row: `head` (already fitted), then `─` to
/// the right edge.
fn rule(t: &Theme, head: &str, area: Rect, buf: &mut Buffer) {
    let amb = t.ambiguous_wide;
    let used = put(buf, area.x, area.y, area.width, head, t.heading, amb);
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

/// The bar chart of one measure across the regions: a title line, then a bar a region with
/// its value after it. Bars are block characters, so they read without colour too.
fn render_chart(c: &CompareState, app: &Cx, fr: &FigureRow, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let head = fit(
        &format!("── {} ", strip_controls(&fr.measure)),
        usize::from(area.width),
        amb,
    );
    rule(t, &head, area, buf);
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
fn theme_heading(c: &CompareState, app: &Cx, ti: usize, area: Rect, buf: &mut Buffer) {
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
    rule(t, &head, area, buf);
}

fn render(c: &CompareState, app: &Cx, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let col_w = c.grid_width;
    let regions = &c.comparison.regions;
    let shown: Vec<usize> = c.shown().collect();
    let h = height(app);
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
                theme_heading(c, app, ti, Rect::new(area.x, body_top, area.width, 1), buf);
            }
            for row in 1..h {
                let line = first + row - 1;
                let y = body_top + row as u16;
                if let Some((_, ti)) = g.headers.iter().find(|(l, _)| *l == line) {
                    theme_heading(c, app, *ti, Rect::new(area.x, y, area.width, 1), buf);
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
                    c,
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
    let hints = super::view::hints(app, c);
    render_status(app, status, buf, &left, &hints);
}
