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

/// Lays the themes out in columns `width` cells wide (the tag takes three of them).
pub fn grid(c: &Comparison, width: usize, ambiguous_wide: bool) -> Grid {
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
            tallest = tallest.max(ly - y);
        }
        y += tallest + 1;
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
    /// The view of `comparison`, at the top, laid out in columns `width` cells wide.
    pub fn new(comparison: Comparison, width: usize, ambiguous_wide: bool) -> CompareState {
        let grid = grid(&comparison, width, ambiguous_wide);
        CompareState {
            comparison,
            tab: CompareTab::Themes,
            scroll: 0,
            selected: 0,
            first_column: 0,
            measure: 0,
            grid,
            grid_width: width,
        }
    }

    /// Lays the themes out again for a new column width (after a resize).
    pub fn relayout(&mut self, width: usize, ambiguous_wide: bool) {
        if width != self.grid_width {
            self.grid = grid(&self.comparison, width, ambiguous_wide);
            self.grid_width = width;
            self.selected = self.selected.min(self.grid.items.len().saturating_sub(1));
        }
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
    /// among the `visible` columns shown.
    pub fn follow(&mut self, height: usize, visible: usize) {
        let g = &self.grid;
        if let Some(it) = g.items.get(self.selected) {
            if it.top < self.scroll {
                self.scroll = it.top.saturating_sub(1);
            } else if it.bottom > self.scroll + height {
                self.scroll = it.bottom.saturating_sub(height);
            }
            if it.region < self.first_column {
                self.first_column = it.region;
            } else if it.region >= self.first_column + visible.max(1) {
                self.first_column = it.region + 1 - visible.max(1);
            }
        }
        self.scroll = self.scroll.min(self.grid.height.saturating_sub(height));
    }
}
