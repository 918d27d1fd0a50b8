//! The library view's state: a tree of regions (or dates) with counts, and the briefings of the
//! selected node, newest first.

use super::cursor::Cursor;
use crate::briefing::{Briefing, DatePrecision, Library, RegionRef};
use crate::regions::gazetteer;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// How the tree groups the library.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// Province, then city.
    Region,
    /// Year, then month.
    Date,
}

/// Which pane has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    /// The tree on the left.
    Tree,
    /// The briefings on the right.
    List,
}

/// What a tree row selects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// Every briefing.
    All,
    /// A province (by official name), with all its cities.
    Province(String),
    /// A city (official names of province and city).
    City(String, String),
    /// Briefings that name no region.
    Unplaced,
    /// A year.
    Year(i32),
    /// A month of a year.
    Month(i32, u32),
}

/// One row of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeRow {
    /// What the row shows: a short name, a year, a month.
    pub label: String,
    /// 0 for the top level, 1 for a city or a month.
    pub depth: u8,
    /// How many briefings the row selects.
    pub count: usize,
    /// What it selects.
    pub node: Node,
}

/// The library view's state.
#[derive(Debug, Clone)]
pub struct LibraryState {
    /// Region or date tree.
    pub grouping: Grouping,
    /// Which pane has the focus.
    pub focus: Pane,
    /// The tree's rows.
    pub rows: Vec<TreeRow>,
    /// The selected tree row.
    pub tree: Cursor,
    /// Indexes into the library of the selected node's briefings, newest first.
    pub items: Vec<usize>,
    /// The selected briefing.
    pub list: Cursor,
    /// Regions marked for comparison.
    pub marked: Vec<Node>,
    /// Only briefings on or after this day.
    pub since: Option<NaiveDate>,
    /// Only briefings on or before this day.
    pub until: Option<NaiveDate>,
}

impl Node {
    /// Whether briefing `b` belongs under this node.
    pub fn contains(&self, b: &Briefing) -> bool {
        let regions = || b.meta.all_regions();
        match self {
            Node::All => true,
            Node::Province(p) => regions().iter().any(|r| &r.province == p),
            Node::City(p, c) => regions()
                .iter()
                .any(|r| &r.province == p && r.city.as_deref() == Some(c.as_str())),
            Node::Unplaced => regions().is_empty(),
            Node::Year(y) => b.meta.date.year() == *y,
            Node::Month(y, m) => {
                !matches!(
                    b.meta.date_precision,
                    DatePrecision::Year | DatePrecision::Unknown
                ) && b.meta.date.year() == *y
                    && b.meta.date.month() == *m
            }
        }
    }
}

impl Node {
    /// The region this node stands for, if it is a province or a city.
    pub fn region(&self) -> Option<crate::regions::Region<'static>> {
        let r = match self {
            Node::Province(p) => RegionRef {
                province: p.clone(),
                city: None,
            },
            Node::City(p, c) => RegionRef {
                province: p.clone(),
                city: Some(c.clone()),
            },
            _ => return None,
        };
        gazetteer().resolve_ref(&r)
    }

    /// Whether a front-matter region lies under this node (a city lies under its province).
    pub fn holds(&self, r: &RegionRef) -> bool {
        match self {
            Node::Province(p) => &r.province == p,
            Node::City(p, c) => &r.province == p && r.city.as_deref() == Some(c.as_str()),
            _ => false,
        }
    }
}

/// The short names and gazetteer codes of a front-matter region, for labels and ordering.
fn names(r: &RegionRef) -> ((String, String), Option<(String, String)>) {
    match gazetteer().resolve_ref(r) {
        Some(g) => (
            (g.province.code.clone(), g.province.short.clone()),
            g.city.map(|c| (c.code.clone(), c.short.clone())),
        ),
        None => (
            (format!("~{}", r.province), r.province.clone()),
            r.city.as_ref().map(|c| (format!("~{c}"), c.clone())),
        ),
    }
}

#[derive(Default)]
struct ProvinceCount {
    code: String,
    short: String,
    count: usize,
    cities: BTreeMap<String, (String, String, usize)>, // code -> (official, short, count)
}

fn region_rows(briefings: &[&Briefing]) -> Vec<TreeRow> {
    let mut provinces: BTreeMap<String, ProvinceCount> = BTreeMap::new();
    let mut unplaced = 0;
    for b in briefings {
        let regions = b.meta.all_regions();
        if regions.is_empty() {
            unplaced += 1;
        }
        let mut seen_p: Vec<&str> = Vec::new();
        let mut seen_c: Vec<(&str, &str)> = Vec::new();
        for r in regions {
            let ((pcode, pshort), city) = names(r);
            let p = provinces
                .entry(r.province.clone())
                .or_insert_with(|| ProvinceCount {
                    code: pcode,
                    short: pshort,
                    ..ProvinceCount::default()
                });
            if !seen_p.contains(&r.province.as_str()) {
                seen_p.push(&r.province);
                p.count += 1;
            }
            if let (Some(cname), Some((ccode, cshort))) = (&r.city, city)
                && !seen_c.contains(&(r.province.as_str(), cname.as_str()))
            {
                seen_c.push((&r.province, cname));
                p.cities
                    .entry(ccode)
                    .or_insert_with(|| (cname.clone(), cshort, 0))
                    .2 += 1;
            }
        }
    }
    let mut ordered: Vec<(String, ProvinceCount)> = provinces.into_iter().collect();
    ordered.sort_by(|a, b| a.1.code.cmp(&b.1.code));
    let mut rows = vec![TreeRow {
        label: "All".to_string(),
        depth: 0,
        count: briefings.len(),
        node: Node::All,
    }];
    for (name, p) in ordered {
        rows.push(TreeRow {
            label: p.short,
            depth: 0,
            count: p.count,
            node: Node::Province(name.clone()),
        });
        for (official, short, count) in p.cities.into_values() {
            rows.push(TreeRow {
                label: short,
                depth: 1,
                count,
                node: Node::City(name.clone(), official),
            });
        }
    }
    if unplaced > 0 {
        rows.push(TreeRow {
            label: "No region".to_string(),
            depth: 0,
            count: unplaced,
            node: Node::Unplaced,
        });
    }
    rows
}

fn date_rows(briefings: &[&Briefing]) -> Vec<TreeRow> {
    let mut years: BTreeMap<i32, (usize, BTreeMap<u32, usize>)> = BTreeMap::new();
    for b in briefings {
        let y = years.entry(b.meta.date.year()).or_default();
        y.0 += 1;
        if !matches!(
            b.meta.date_precision,
            DatePrecision::Year | DatePrecision::Unknown
        ) {
            *y.1.entry(b.meta.date.month()).or_default() += 1;
        }
    }
    let mut rows = vec![TreeRow {
        label: "All".to_string(),
        depth: 0,
        count: briefings.len(),
        node: Node::All,
    }];
    for (year, (count, months)) in years.into_iter().rev() {
        rows.push(TreeRow {
            label: format!("{year}"),
            depth: 0,
            count,
            node: Node::Year(year),
        });
        for (month, count) in months.into_iter().rev() {
            rows.push(TreeRow {
                label: format!("{year}-{month:02}"),
                depth: 1,
                count,
                node: Node::Month(year, month),
            });
        }
    }
    rows
}

impl LibraryState {
    /// The state for a freshly loaded library: by region, everything selected.
    pub fn new(lib: &Library) -> LibraryState {
        let mut s = LibraryState {
            grouping: Grouping::Region,
            focus: Pane::Tree,
            rows: Vec::new(),
            tree: Cursor::default(),
            items: Vec::new(),
            list: Cursor::default(),
            marked: Vec::new(),
            since: None,
            until: None,
        };
        s.rebuild(lib);
        s
    }

    fn in_range(&self, b: &Briefing) -> bool {
        self.since.is_none_or(|s| b.meta.date >= s) && self.until.is_none_or(|u| b.meta.date <= u)
    }

    /// Rebuilds the tree after a change of grouping or dates, keeping the selected node when it
    /// is still there.
    pub fn rebuild(&mut self, lib: &Library) {
        let keep = self.rows.get(self.tree.selected).map(|r| r.node.clone());
        let shown: Vec<&Briefing> = lib.briefings.iter().filter(|b| self.in_range(b)).collect();
        self.rows = match self.grouping {
            Grouping::Region => region_rows(&shown),
            Grouping::Date => date_rows(&shown),
        };
        let at = keep
            .and_then(|k| self.rows.iter().position(|r| r.node == k))
            .unwrap_or(0);
        self.tree = Cursor::default();
        self.tree.selected = at;
        self.refresh_items(lib);
    }

    /// Refills the list from the selected tree row, keeping the selected briefing if it stays.
    pub fn refresh_items(&mut self, lib: &Library) {
        let keep = self.items.get(self.list.selected).copied();
        let node = self
            .rows
            .get(self.tree.selected)
            .map(|r| r.node.clone())
            .unwrap_or(Node::All);
        self.items = (0..lib.briefings.len())
            .filter(|&i| self.in_range(&lib.briefings[i]) && node.contains(&lib.briefings[i]))
            .collect();
        self.list = Cursor::default();
        if let Some(i) = keep.and_then(|k| self.items.iter().position(|&x| x == k)) {
            self.list.selected = i;
        }
    }

    /// The selected tree row.
    pub fn selected_row(&self) -> Option<&TreeRow> {
        self.rows.get(self.tree.selected)
    }

    /// The library index of the selected briefing.
    pub fn selected_briefing(&self) -> Option<usize> {
        self.items.get(self.list.selected).copied()
    }

    /// The date range as the user would type it, if one is set.
    pub fn range_label(&self) -> Option<String> {
        match (self.since, self.until) {
            (None, None) => None,
            (s, u) => Some(format!(
                "{}..{}",
                s.map(|d| d.to_string()).unwrap_or_default(),
                u.map(|d| d.to_string()).unwrap_or_default()
            )),
        }
    }
}

/// Reads a date range typed by the user: `2024`, `2024-06`, `2024-06..2024-12`, `2024..`,
/// `..2024-06-30`; empty clears it.
pub fn parse_range(text: &str) -> Result<(Option<NaiveDate>, Option<NaiveDate>), String> {
    use crate::briefing::parse_period;
    let text = text.trim();
    if text.is_empty() {
        return Ok((None, None));
    }
    let bad = |t: &str| format!("`{t}` is not a date such as 2024, 2024-06 or 2024-06-15");
    let (from, to) = match text.split_once("..") {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (text, text),
    };
    let since = match from {
        "" => None,
        t => Some(parse_period(t).ok_or_else(|| bad(t))?.0),
    };
    let until = match to {
        "" => None,
        t => Some(parse_period(t).ok_or_else(|| bad(t))?.1),
    };
    if let (Some(s), Some(u)) = (since, until)
        && s > u
    {
        return Err(format!("the range ends ({u}) before it starts ({s})"));
    }
    Ok((since, until))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn ranges_read_periods_and_open_ends() {
        assert_eq!(parse_range(""), Ok((None, None)));
        assert_eq!(
            parse_range("2024"),
            Ok((Some(d(2024, 1, 1)), Some(d(2024, 12, 31))))
        );
        assert_eq!(
            parse_range("2024-06..2024-12"),
            Ok((Some(d(2024, 6, 1)), Some(d(2024, 12, 31))))
        );
        assert_eq!(parse_range("2024-06.."), Ok((Some(d(2024, 6, 1)), None)));
        assert_eq!(
            parse_range("..2024-06-30"),
            Ok((None, Some(d(2024, 6, 30))))
        );
        assert!(parse_range("june").is_err());
        assert!(
            parse_range("2025..2024")
                .unwrap_err()
                .contains("before it starts")
        );
    }
}
