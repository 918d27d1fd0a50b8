//! The compare view's state and its layout: one column a region, themes as rows, every
//! statement wrapped within its column, all columns scrolling together.

use crate::compare::{Comparison, Stance};
use crate::figures::find_figures;
use crate::wrap::wrap_spans;
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
