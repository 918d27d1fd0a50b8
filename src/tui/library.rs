//! The library view's state: a tree of regions (or dates) with counts, and the briefings of the
//! selected node, newest first.

use super::cursor::Cursor;
use super::draw::{cell_pad, fit, put, width};
use super::layout;
use super::overlay::PromptLayer;
use super::view::{Asking, At, Cx, Effect, Input, View, render_status};
use crate::briefing::{Briefing, DatePrecision, Library, RegionRef};
use crate::keymap::{Action, Context};
use crate::regions::gazetteer;
use crate::text::strip_controls;
use chrono::{Datelike, NaiveDate};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, Widget};
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
    /// The provinces (or years) folded: their cities (or months) are not shown.
    pub folded: Vec<Node>,
    /// The selected briefing laid out for the preview pane, made when the selection or the
    /// size changes rather than every frame.
    preview: Option<Preview>,
}

/// The preview of one briefing at one width.
#[derive(Debug, Clone, PartialEq)]
struct Preview {
    briefing: usize,
    width: u16,
    lines: Vec<(String, PreviewLine)>,
}

/// What a line of the preview is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PreviewLine {
    Title,
    Facts,
    Text,
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

    /// The front-matter region this node stands for, if it is a province or a city.
    pub fn region_ref(&self) -> Option<RegionRef> {
        match self {
            Node::Province(p) => Some(RegionRef {
                province: p.clone(),
                city: None,
            }),
            Node::City(p, c) => Some(RegionRef {
                province: p.clone(),
                city: Some(c.clone()),
            }),
            _ => None,
        }
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
    // Counted by the names as written, the gazetteer asked once for each name after: at a
    // hundred thousand briefings, asking it (and copying names) for every region of every
    // briefing was most of the library screen's start.
    type Cities<'a> = Vec<(&'a str, &'a RegionRef, usize)>;
    let mut written: std::collections::HashMap<&str, (usize, &RegionRef, Cities)> =
        std::collections::HashMap::new();
    let mut unplaced = 0;
    let mut seen_p: Vec<&str> = Vec::new();
    let mut seen_c: Vec<(&str, &str)> = Vec::new();
    for b in briefings {
        let regions = b.meta.all_regions();
        if regions.is_empty() {
            unplaced += 1;
        }
        seen_p.clear();
        seen_c.clear();
        for r in regions {
            let p = written
                .entry(r.province.as_str())
                .or_insert_with(|| (0, r, Vec::new()));
            if !seen_p.contains(&r.province.as_str()) {
                seen_p.push(&r.province);
                p.0 += 1;
            }
            if let Some(cname) = &r.city
                && !seen_c.contains(&(r.province.as_str(), cname.as_str()))
            {
                seen_c.push((&r.province, cname));
                match p.2.iter_mut().find(|(c, _, _)| *c == cname.as_str()) {
                    Some(c) => c.2 += 1,
                    None => p.2.push((cname, r, 1)),
                }
            }
        }
    }
    let mut provinces: BTreeMap<String, ProvinceCount> = BTreeMap::new();
    for (name, (count, first, cities)) in written {
        let ((code, short), _) = names(first);
        let mut p = ProvinceCount {
            code,
            short,
            count,
            cities: BTreeMap::new(),
        };
        // Names the gazetteer knows as one city count as one, under the first name seen.
        for (cname, r, n) in cities {
            if let (_, Some((ccode, cshort))) = names(r) {
                p.cities
                    .entry(ccode)
                    .or_insert_with(|| (cname.to_string(), cshort, 0))
                    .2 += n;
            }
        }
        provinces.insert(name.to_string(), p);
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
            folded: Vec::new(),
            preview: None,
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
        // A folded province (or year) hides its cities (or months).
        let folded = &self.folded;
        self.rows
            .retain(|r| r.depth == 0 || !group_of(&r.node).is_some_and(|g| folded.contains(&g)));
        let at = keep
            .and_then(|k| {
                let group = group_of(&k);
                self.rows.iter().position(|r| r.node == k).or_else(|| {
                    self.rows
                        .iter()
                        .position(|r| Some(&r.node) == group.as_ref())
                })
            })
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

impl LibraryState {
    /// Takes a date range typed at the prompt; an error says what is wrong with it.
    pub fn set_range(&mut self, cx: &Cx, typed: &str) -> Result<(), String> {
        let (since, until) = parse_range(typed)?;
        self.since = since;
        self.until = until;
        self.rebuild(cx.lib);
        let h = tree_height(cx);
        self.tree.follow(self.rows.len(), h);
        Ok(())
    }

    /// Makes the comparison of the regions marked (and the one selected), or says why not.
    fn compare(&self, cx: &Cx) -> Effect {
        let mut nodes = self.marked.clone();
        let mut also = None;
        if let Some(row) = self.selected_row()
            && row.node.region().is_some()
            && !nodes.contains(&row.node)
        {
            nodes.push(row.node.clone());
            also = Some(row.label.clone());
        }
        let regions: Vec<_> = nodes.iter().filter_map(|n| n.region()).collect();
        if regions.len() < 2 || regions.len() > 4 {
            // Say what counts: the marks, and the region selected (the status line said
            // "0 region(s) marked" just before "(1 now)").
            let marked = self.marked.iter().filter(|n| n.region().is_some()).count();
            let now = match also {
                Some(l) => format!("{marked} marked, and {} selected", strip_controls(&l)),
                None => format!("{marked} marked"),
            };
            return Effect::Say(format!(
                "compare 2 to 4 regions: mark them in the tree with {} ({now})",
                cx.key(Action::Mark),
            ));
        }
        let vocab = crate::measures::Vocabulary::new(&cx.config.measures);
        let c = crate::compare::compare(cx.lib, &regions, &cx.config.themes, &vocab);
        Effect::Compared(Box::new(c))
    }
}

/// The province (or year) a tree node belongs to: itself for a province or a year.
fn group_of(node: &Node) -> Option<Node> {
    match node {
        Node::Province(_) | Node::Year(_) => Some(node.clone()),
        Node::City(p, _) => Some(Node::Province(p.clone())),
        Node::Month(y, _) => Some(Node::Year(*y)),
        Node::All | Node::Unplaced => None,
    }
}

/// Whether `label` (a region's short name, or a date) answers `query` typed at the jump: its
/// characters in either script, or its pinyin in full, as initials or mixed.
fn answers(label: &str, query: &str) -> bool {
    use crate::search::fold::fold;
    let (label, query) = (fold(label), fold(query.trim()));
    if query.is_empty() {
        return false;
    }
    if label.contains(&query) {
        return true;
    }
    let chars: Vec<char> = label.chars().collect();
    crate::search::pinyin::is_pinyin_query(&query)
        && crate::search::pinyin::find(&query, &chars).is_some()
}

impl LibraryState {
    /// Folds the province (or year) of the selected row, or unfolds it.
    fn fold(&mut self, cx: &Cx) -> Option<Effect> {
        let group = self.selected_row().and_then(|r| group_of(&r.node))?;
        match self.folded.iter().position(|g| *g == group) {
            Some(at) => {
                self.folded.remove(at);
            }
            None => self.folded.push(group.clone()),
        }
        self.select_node(cx, &group);
        None
    }

    /// Folds every province (or year) with cities (or months), or unfolds them all.
    fn fold_all(&mut self, cx: &Cx) {
        let keep = self.selected_row().and_then(|r| group_of(&r.node));
        if self.folded.is_empty() {
            self.folded = self
                .rows
                .iter()
                .filter(|r| r.depth == 1)
                .filter_map(|r| group_of(&r.node))
                .collect();
            self.folded.dedup();
        } else {
            self.folded.clear();
        }
        self.rebuild(cx.lib);
        if let Some(g) = keep {
            self.select_node(cx, &g);
        }
    }

    /// Selects the row of `node` (after a rebuild), and fills the list from it.
    fn select_node(&mut self, cx: &Cx, node: &Node) {
        self.rebuild(cx.lib);
        if let Some(at) = self.rows.iter().position(|r| &r.node == node) {
            self.tree.selected = at;
            self.refresh_items(cx.lib);
        }
        self.tree.follow(self.rows.len(), tree_height(cx));
    }

    /// Selects the first region (or date) of the tree that answers `query`, unfolding its
    /// province to show it; the tree takes the focus.
    pub fn jump(&mut self, cx: &Cx, query: &str) -> Result<(), String> {
        if query.trim().is_empty() {
            return Ok(());
        }
        // Looked for among every row, folded ones too.
        let folded = std::mem::take(&mut self.folded);
        self.rebuild(cx.lib);
        let found = self
            .rows
            .iter()
            .find(|r| r.node != Node::All && answers(&r.label, query))
            .map(|r| r.node.clone());
        self.folded = folded;
        match found {
            Some(node) => {
                if let Some(g) = group_of(&node).filter(|g| *g != node) {
                    self.folded.retain(|f| *f != g);
                }
                self.select_node(cx, &node);
                self.focus = Pane::Tree;
                Ok(())
            }
            None => {
                self.rebuild(cx.lib);
                Err(format!(
                    "no region in the tree answers `{}`",
                    strip_controls(query)
                ))
            }
        }
    }

    /// Lays the selected briefing out for the preview pane, when there is one and it changed.
    fn lay_out_preview(&mut self, cx: &Cx) {
        let (Some(area), Some(i)) = (layout::library(cx.area).preview, self.selected_briefing())
        else {
            self.preview = None;
            return;
        };
        let width = area.width.saturating_sub(4).max(8);
        if self
            .preview
            .as_ref()
            .is_some_and(|p| p.briefing == i && p.width == width)
        {
            return;
        }
        // The text shown is read from its file now when the library reads bodies on demand;
        // one that cannot be read says why in its place.
        let (b, unread) = match cx.lib.briefing(i) {
            Ok(b) => (b, None),
            Err(e) => (&cx.lib.briefings[i], Some(e.to_string())),
        };
        let amb = cx.amb();
        let w = usize::from(width);
        let mut lines = Vec::new();
        let push = |lines: &mut Vec<(String, PreviewLine)>, text: &str, kind: PreviewLine| {
            for r in crate::wrap::wrap_cells(text, w, &[], amb) {
                lines.push((text[r].trim_end().to_string(), kind));
            }
        };
        push(
            &mut lines,
            &strip_controls(&b.meta.title),
            PreviewLine::Title,
        );
        push(
            &mut lines,
            &crate::regions::facts(&b.meta),
            PreviewLine::Facts,
        );
        push(
            &mut lines,
            &format!("{} key figures", cx.figure_count(i)),
            PreviewLine::Facts,
        );
        if let Some(e) = unread {
            push(&mut lines, &strip_controls(&e), PreviewLine::Facts);
        }
        let rows = usize::from(area.height);
        for block in b.blocks() {
            if lines.len() >= rows {
                break;
            }
            lines.push((String::new(), PreviewLine::Text));
            let kind = if block.is_heading {
                PreviewLine::Title
            } else {
                PreviewLine::Text
            };
            push(&mut lines, &strip_controls(block.text), kind);
        }
        self.preview = Some(Preview {
            briefing: i,
            width,
            lines,
        });
    }
}

fn render_preview(s: &LibraryState, app: &Cx, area: Rect, buf: &mut Buffer) {
    let t = app.theme;
    let amb = app.amb();
    let block = pane(app, "Preview", false);
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(p) = &s.preview else {
        return;
    };
    for (row, (text, kind)) in p.lines.iter().take(usize::from(inner.height)).enumerate() {
        let style = match kind {
            PreviewLine::Title => t.heading,
            PreviewLine::Facts => t.dim,
            PreviewLine::Text => ratatui::style::Style::new(),
        };
        put(
            buf,
            inner.x + 1,
            inner.y + row as u16,
            inner.width.saturating_sub(2),
            text,
            style,
            amb,
        );
    }
}

fn tree_height(cx: &Cx) -> usize {
    usize::from(layout::library(cx.area).tree.height.saturating_sub(2))
}

/// The list pane shows a header row above the briefings.
fn list_height(cx: &Cx) -> usize {
    usize::from(layout::library(cx.area).list.height.saturating_sub(3))
}

impl View for LibraryState {
    fn context(&self) -> Context {
        Context::Library
    }

    fn sync(&mut self, cx: &Cx) {
        self.tree.follow(self.rows.len(), tree_height(cx));
        self.list.follow(self.items.len(), list_height(cx));
        self.lay_out_preview(cx);
    }

    fn update(&mut self, input: Input, cx: &Cx) -> Vec<Effect> {
        let Input::Act(action) = input else {
            return Vec::new();
        };
        let s = self;
        let h = if s.focus == Pane::Tree {
            tree_height(cx)
        } else {
            list_height(cx)
        };
        let page = (h / 2).max(1) as isize;
        let mut out = Vec::new();
        match (action, s.focus) {
            (Action::Up | Action::Down | Action::PageUp | Action::PageDown, focus) => {
                let delta = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -page,
                    _ => page,
                };
                if focus == Pane::Tree {
                    s.tree.move_by(delta, s.rows.len(), h);
                    s.refresh_items(cx.lib);
                } else {
                    s.list.move_by(delta, s.items.len(), h);
                }
            }
            (Action::Top | Action::Bottom, focus) => {
                let to = if action == Action::Top { 0 } else { usize::MAX };
                if focus == Pane::Tree {
                    s.tree.go(to, s.rows.len(), h);
                    s.refresh_items(cx.lib);
                } else {
                    s.list.go(to, s.items.len(), h);
                }
            }
            (Action::Left, _) => s.focus = Pane::Tree,
            (Action::Right, _) => s.focus = Pane::List,
            (Action::SwitchFocus, Pane::Tree) => s.focus = Pane::List,
            (Action::SwitchFocus, Pane::List) => s.focus = Pane::Tree,
            (Action::Open, Pane::Tree) => s.focus = Pane::List,
            (Action::Open, Pane::List) => {
                if let Some(i) = s.selected_briefing() {
                    let region = s.selected_row().and_then(|r| r.node.region_ref());
                    out.push(Effect::Open(i, At::Top(region)));
                }
            }
            (Action::Back, Pane::List) => s.focus = Pane::Tree,
            (Action::Back, Pane::Tree) if s.since.is_some() || s.until.is_some() => {
                s.since = None;
                s.until = None;
                s.rebuild(cx.lib);
                out.push(Effect::Say("date filter cleared".into()));
            }
            (Action::ToggleGrouping, _) => {
                s.grouping = match s.grouping {
                    Grouping::Region => Grouping::Date,
                    Grouping::Date => Grouping::Region,
                };
                s.rebuild(cx.lib);
                s.tree.follow(s.rows.len(), h);
            }
            (Action::Mark, Pane::Tree) => {
                let node = s.selected_row().map(|r| r.node.clone());
                match node {
                    Some(n) if n.region().is_some() => {
                        if let Some(at) = s.marked.iter().position(|m| *m == n) {
                            s.marked.remove(at);
                        } else {
                            s.marked.push(n);
                        }
                        out.push(Effect::Say(format!(
                            "{} region(s) marked; {} compares them",
                            s.marked.len(),
                            cx.key(Action::Compare)
                        )));
                    }
                    _ => out.push(Effect::Say("mark a province or a city".into())),
                }
            }
            (Action::Mark, Pane::List) => s.list.move_by(page, s.items.len(), h),
            (Action::Compare, _) => out.push(s.compare(cx)),
            (Action::ToggleBookmark, _) => {
                if let Some(i) = s.selected_briefing() {
                    out.extend(super::agenda::toggle_bookmark(cx, i, None));
                }
            }
            (Action::EditNote, _) => {
                if let Some(i) = s.selected_briefing() {
                    out.push(Effect::Note(i, None));
                }
            }
            (Action::Fold, _) => out.extend(s.fold(cx)),
            (Action::FoldAll, _) => s.fold_all(cx),
            (Action::Jump, _) => {
                out.push(Effect::layer(PromptLayer::new(
                    Asking::Jump,
                    "Jump to region (name, pinyin, initials):",
                    String::new(),
                )));
            }
            (Action::FilterDates, _) => {
                let current = s.range_label().unwrap_or_default();
                out.push(Effect::layer(PromptLayer::new(
                    Asking::Dates,
                    "Dates (2024, 2024-06..2024-12, 2024..):",
                    current,
                )));
            }
            _ => {}
        }
        out
    }

    fn render(&self, cx: &Cx, area: Rect, buf: &mut Buffer) {
        render(self, cx, area, buf);
    }

    fn briefing(&self, _cx: &Cx) -> Option<usize> {
        self.selected_briefing()
    }

    fn hints(&self) -> Vec<(&'static [Action], &'static str)> {
        vec![
            (&[Action::Help], "help"),
            (&[Action::Search], "search"),
            (&[Action::Bookmarks], "agenda"),
            (&[Action::FilterDates], "dates"),
            (&[Action::ToggleGrouping], "by date/region"),
            (&[Action::Jump], "jump"),
            (&[Action::Fold], "fold"),
            (&[Action::Quit], "quit"),
        ]
    }
}

fn render(s: &LibraryState, app: &Cx, area: Rect, buf: &mut Buffer) {
    let areas = layout::library(area);
    render_tree(s, app, areas.tree, buf);
    render_list(s, app, areas.list, buf);
    if let Some(p) = areas.preview {
        render_preview(s, app, p, buf);
    }
    let mut left = match s.selected_row() {
        // A first read: how far it has got, in place of the empty library's counts.
        _ if let Some(reading) = reading(app) => reading,
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
    let hints = super::view::hints(app, s);
    render_status(app, areas.status, buf, &left, &hints);
}

/// What a first read of the library has got to, while one runs: `reading 12000 of 100000
/// briefings…`.
pub fn reading(app: &Cx) -> Option<String> {
    match app.check {
        super::app::Check::FirstBuild(Some((done, total))) => {
            Some(format!("reading {done} of {total} briefings…"))
        }
        super::app::Check::FirstBuild(None) => Some("reading the briefings…".to_string()),
        _ => None,
    }
}

fn pane(app: &Cx, title: &str, focused: bool) -> Block<'static> {
    let t = &app.theme;
    Block::bordered()
        .border_set(t.border_set)
        .border_style(if focused { t.focus } else { t.border })
        .title(format!(" {} ", strip_controls(title)))
}

fn render_tree(s: &LibraryState, app: &Cx, area: Rect, buf: &mut Buffer) {
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
    for (row, _, selected, r) in s.tree.in_view(&s.rows, usize::from(inner.height)) {
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
        // A folded province (or year) says so after its name.
        let label = if s.folded.contains(&r.node) {
            format!("{} ▸", r.label)
        } else {
            r.label.clone()
        };
        let line = format!("{indent}{}{count}", cell_pad(&label, label_w, amb));
        let style = if selected {
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
        if selected {
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
        let cstyle = if selected { style } else { t.dim };
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

fn render_list(s: &LibraryState, app: &Cx, area: Rect, buf: &mut Buffer) {
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
        let lines = if let Some(reading) = reading(app) {
            // A first read of a large library takes seconds: what is happening, and that
            // it happens once.
            vec![
                reading,
                format!("for the first time, from {}:", app.lib.root.display()),
                "the list shows here when they are read,".to_string(),
                "and at once on later starts.".to_string(),
            ]
        } else if app.lib.briefings.is_empty() {
            vec![format!(
                "No briefings in {}. Add some with `brief import FILE --to {}`.",
                app.lib.root.display(),
                app.lib.root.display()
            )]
        } else {
            vec!["No briefings here in this date range.".to_string()]
        };
        // Wrapped to the pane, so that a long path or the command to run is not cut off.
        let w = usize::from(inner.width.saturating_sub(1));
        let wrapped = lines.iter().flat_map(|msg| {
            crate::wrap::wrap_cells(msg, w, &[], amb)
                .into_iter()
                .map(move |r| msg[r].trim_end())
        });
        for (y, msg) in (inner.y..inner.bottom()).zip(wrapped) {
            put(
                buf,
                inner.x + 1,
                y,
                inner.width.saturating_sub(1),
                &fit(msg, w, amb),
                t.dim,
                amb,
            );
        }
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
    for (row, _, selected, &b) in s
        .list
        .in_view(&s.items, usize::from(inner.height.saturating_sub(1)))
    {
        let y = inner.y + 1 + row as u16;
        let briefing = &app.lib.briefings[b];
        let m = &briefing.meta;
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
