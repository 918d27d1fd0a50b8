//! The reader's state: one briefing laid out in lines for the current width, its key figures,
//! the scroll position and the figures panel.

use super::cursor::Cursor;
use super::draw::{cell_pad, fit, put, put_marked, width};
use super::external::{put_link, web_url};
use super::layout;
use super::overlay::PromptLayer;
use super::view::{Asking, At, Cx, Effect, Input, View, render_status};
use crate::bookmarks::{Passage, find_passage, paragraphs};
use crate::briefing::Briefing;
use crate::figures::{Kind, find_figures};
use crate::keymap::{Action, Context};
use crate::measures::{Vocabulary, measure_figures};
use crate::regions::label;
use crate::search::Field;
use crate::text::strip_controls;
use crate::wrap::wrap_spans;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Widget};
use std::ops::Range;

/// What a line of the laid-out article is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// The title.
    Title,
    /// Date, source and regions.
    Meta,
    /// The web page the briefing comes from (its `url`).
    Url,
    /// A section heading.
    Heading,
    /// The regions of the section above.
    SectionRegions,
    /// Body text.
    Text,
    /// Space between blocks.
    Blank,
}

/// One line of the laid-out article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// What it is.
    pub kind: LineKind,
    /// Its text, free of control characters.
    pub text: String,
    /// Key figures on this line: byte range in `text` and index into [`ReaderState::figures`].
    pub figures: Vec<(Range<usize>, usize)>,
    /// The block it comes from: 0 the title, 1 the line of facts, then the body's blocks from
    /// [`FIRST_BODY_BLOCK`].
    pub block: usize,
    /// Where in its block it starts, in bytes, so a new width can keep the reading position.
    pub at: usize,
}

/// The `block` of a line from the body's first block.
pub const FIRST_BODY_BLOCK: usize = 2;

/// A key figure and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureAt {
    /// The line it starts on.
    pub line: usize,
    /// Its kind.
    pub kind: Kind,
    /// Its text.
    pub text: String,
    /// What it measures, with its period and a target marked (`新能源汽车产量 2024年`).
    pub measure: Option<String>,
}

/// A search match in the article: the lines it covers with the byte range on each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchAt {
    /// Its pieces, one a line, in order.
    pub spans: Vec<(usize, Range<usize>)>,
}

impl MatchAt {
    /// The line it starts on.
    pub fn line(&self) -> usize {
        self.spans.first().map_or(0, |(l, _)| *l)
    }
}

/// Which part of the reader has the focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    /// The article.
    Body,
    /// The figures panel.
    Panel,
}

/// The reader's state.
#[derive(Debug, Clone)]
pub struct ReaderState {
    /// Index of the briefing in the library.
    pub briefing: usize,
    /// The article laid out for `width`.
    pub lines: Vec<Line>,
    /// Its key figures, in order.
    pub figures: Vec<FigureAt>,
    /// The first line shown.
    pub scroll: usize,
    /// The figure last jumped to.
    pub current: Option<usize>,
    /// Whether the figures panel is open.
    pub panel_open: bool,
    /// Whether each paragraph's number shows left of it (the `N` of `--paragraph N`).
    pub numbers: bool,
    /// What has the focus.
    pub focus: Focus,
    /// The selection in the figures panel.
    pub panel: Cursor,
    /// The width the lines were laid out for.
    pub width: u16,
    /// The search whose matches are shown, if the article was opened from one.
    pub query: Option<String>,
    /// Its matches in the body, as character ranges.
    pub match_ranges: Vec<Range<usize>>,
    /// The same matches laid out on lines.
    pub matches: Vec<MatchAt>,
    /// The match last jumped to.
    pub current_match: Option<usize>,
    /// Where each of the body's blocks starts, in characters of the body.
    block_starts: Vec<usize>,
    /// The blocks of the body's paragraphs, in order (a paragraph's number is its place
    /// here, from 0; headings have none): made once, not on every frame.
    paragraph_blocks: Vec<usize>,
}

/// Lays out a briefing in lines at most `width` cells wide.
pub fn layout(b: &Briefing, width: u16, ambiguous_wide: bool) -> (Vec<Line>, Vec<FigureAt>) {
    let width = usize::from(width.max(8));
    let mut lines = Vec::new();
    let mut figures = Vec::new();
    let push_wrapped = |lines: &mut Vec<Line>,
                        figures: &mut Vec<FigureAt>,
                        kind: LineKind,
                        block: usize,
                        text: &str,
                        with_figures: bool| {
        let found = if with_figures {
            find_figures(text)
        } else {
            Vec::new()
        };
        let keep: Vec<Range<usize>> = found.iter().map(|f| f.start..f.end).collect();
        let first = figures.len();
        figures.extend(found.iter().map(|f| FigureAt {
            line: usize::MAX,
            kind: f.kind,
            text: f.text.clone(),
            measure: None,
        }));
        for wl in wrap_spans(text, width, &keep, ambiguous_wide) {
            let line_no = lines.len();
            let range = wl.range;
            let on_line: Vec<(Range<usize>, usize)> =
                wl.spans.into_iter().map(|(r, i)| (r, first + i)).collect();
            for (_, idx) in &on_line {
                if figures[*idx].line == usize::MAX {
                    figures[*idx].line = line_no;
                }
            }
            lines.push(Line {
                kind,
                text: text[range.clone()].trim_end().to_string(),
                figures: on_line,
                block,
                at: range.start,
            });
        }
    };
    let blank = |lines: &mut Vec<Line>, block: usize| {
        lines.push(Line {
            kind: LineKind::Blank,
            text: String::new(),
            figures: Vec::new(),
            block,
            at: 0,
        })
    };
    let m = &b.meta;
    push_wrapped(
        &mut lines,
        &mut figures,
        LineKind::Title,
        0,
        &strip_controls(&m.title),
        false,
    );
    push_wrapped(
        &mut lines,
        &mut figures,
        LineKind::Meta,
        1,
        &crate::regions::facts(m),
        false,
    );
    if let Some(url) = m.url.as_deref().map(crate::text::one_line)
        && !url.trim().is_empty()
    {
        push_wrapped(
            &mut lines,
            &mut figures,
            LineKind::Url,
            1,
            url.trim(),
            false,
        );
    }
    for (i, block) in b.blocks().iter().enumerate() {
        let n = i + FIRST_BODY_BLOCK;
        blank(&mut lines, n);
        let text = strip_controls(block.text);
        if block.is_heading {
            push_wrapped(&mut lines, &mut figures, LineKind::Heading, n, &text, false);
            if let Some(rs) = b.section_regions(block.text) {
                let names: Vec<String> = rs.iter().map(|r| strip_controls(&label(r))).collect();
                push_wrapped(
                    &mut lines,
                    &mut figures,
                    LineKind::SectionRegions,
                    n,
                    &names.join(" · "),
                    false,
                );
            }
        } else {
            push_wrapped(&mut lines, &mut figures, LineKind::Text, n, &text, true);
        }
    }
    (lines, figures)
}

impl ReaderState {
    /// Opens briefing `b` (index `index` in the library) laid out for `width`.
    pub fn open(b: &Briefing, index: usize, width: u16, ambiguous_wide: bool) -> ReaderState {
        let (lines, figures) = layout(b, width, ambiguous_wide);
        ReaderState {
            briefing: index,
            lines,
            figures,
            scroll: 0,
            current: None,
            panel_open: false,
            numbers: true,
            focus: Focus::Body,
            panel: Cursor::default(),
            width,
            query: None,
            match_ranges: Vec::new(),
            matches: Vec::new(),
            current_match: None,
            block_starts: b.blocks().iter().map(|bl| bl.start).collect(),
            paragraph_blocks: b
                .blocks()
                .iter()
                .enumerate()
                .filter(|(_, bl)| !bl.is_heading)
                .map(|(k, _)| k + FIRST_BODY_BLOCK)
                .collect(),
        }
    }

    /// The line and byte in it of character `at` of the body.
    fn locate(&self, b: &Briefing, at: usize) -> Option<(usize, usize)> {
        let block = self.block_starts.iter().rposition(|&s| s <= at)?;
        let blocks = b.blocks();
        let text = strip_controls(blocks.get(block)?.text);
        let within = at - self.block_starts[block];
        let byte = text
            .char_indices()
            .nth(within)
            .map_or(text.len(), |(i, _)| i);
        let tag = block + FIRST_BODY_BLOCK;
        let line = self.lines.iter().rposition(|l| {
            // A section's region label shares its heading's block but none of its text.
            l.block == tag
                && !matches!(l.kind, LineKind::Blank | LineKind::SectionRegions)
                && l.at <= byte
        })?;
        Some((line, byte - self.lines[line].at))
    }

    /// Shows the matches of a search: `ranges` are character ranges of the body.
    pub fn set_matches(&mut self, b: &Briefing, query: &str, ranges: Vec<Range<usize>>) {
        self.query = Some(query.to_string());
        self.match_ranges = ranges;
        self.place_matches(b);
    }

    fn place_matches(&mut self, b: &Briefing) {
        let mut out = Vec::new();
        for r in &self.match_ranges {
            let (Some((l1, b1)), Some((l2, b2))) = (self.locate(b, r.start), self.locate(b, r.end))
            else {
                continue;
            };
            let mut spans = Vec::new();
            for line in l1..=l2 {
                let len = self.lines[line].text.len();
                let from = if line == l1 { b1.min(len) } else { 0 };
                let to = if line == l2 { b2.min(len) } else { len };
                if from < to {
                    spans.push((line, from..to));
                }
            }
            if !spans.is_empty() {
                out.push(MatchAt { spans });
            }
        }
        self.matches = out;
    }

    /// Makes match `i` the current one and scrolls it into view.
    pub fn jump_to_match(&mut self, i: usize, height: usize) {
        let Some(m) = self.matches.get(i) else {
            return;
        };
        self.current_match = Some(i);
        let line = m.line();
        if line < self.scroll || line >= self.scroll + height.max(1) {
            self.scroll = line.saturating_sub(height / 3).min(self.max_scroll(height));
        }
    }

    /// The match to jump to next: after the current one, or the first below the top of the view.
    pub fn next_match(&self) -> Option<usize> {
        match self.current_match {
            Some(c) if c + 1 < self.matches.len() => Some(c + 1),
            Some(_) => None,
            None => self.matches.iter().position(|m| m.line() >= self.scroll),
        }
    }

    /// The match before the current one.
    pub fn prev_match(&self) -> Option<usize> {
        match self.current_match {
            Some(c) => c.checked_sub(1),
            None => self.matches.iter().rposition(|m| m.line() <= self.scroll),
        }
    }

    /// Names what each figure measures, with the words of `vocab`.
    pub fn name_measures(&mut self, b: &Briefing, vocab: &Vocabulary) {
        let year = Some(chrono::Datelike::year(&b.meta.date));
        let mut labels = Vec::with_capacity(self.figures.len());
        for block in b.blocks().iter().filter(|bl| !bl.is_heading) {
            let text = strip_controls(block.text);
            let found = find_figures(&text);
            for m in measure_figures(&text, &found, vocab, year) {
                labels.push(m.map(|m| m.label()));
            }
        }
        for (f, label) in self.figures.iter_mut().zip(labels) {
            f.measure = label;
        }
    }

    /// The line where character `at` of the body is.
    pub fn line_of(&self, b: &Briefing, at: usize) -> Option<usize> {
        self.locate(b, at).map(|(l, _)| l)
    }

    /// Lays the article out again for a new width, keeping the first line shown in place.
    pub fn relayout(&mut self, b: &Briefing, width: u16, ambiguous_wide: bool) {
        if width == self.width {
            return;
        }
        let top = self.lines.get(self.scroll).map(|l| (l.block, l.at));
        let (lines, mut figures) = layout(b, width, ambiguous_wide);
        // What figures measure does not depend on the width.
        for (new, old) in figures.iter_mut().zip(&self.figures) {
            new.measure = old.measure.clone();
        }
        self.lines = lines;
        self.figures = figures;
        self.width = width;
        self.place_matches(b);
        if let Some((block, at)) = top {
            self.scroll = self
                .lines
                .iter()
                .rposition(|l| l.block < block || (l.block == block && l.at <= at))
                .unwrap_or(0);
        }
    }

    /// The line where the heading that is block `i` of the body (counting from 0) starts.
    pub fn heading_line(&self, i: usize) -> Option<usize> {
        self.lines
            .iter()
            .position(|l| l.block == i + FIRST_BODY_BLOCK && l.kind == LineKind::Heading)
    }

    /// The largest useful scroll position for a view `height` lines tall.
    pub fn max_scroll(&self, height: usize) -> usize {
        self.lines.len().saturating_sub(height.max(1))
    }

    /// Scrolls by `delta` lines.
    pub fn scroll_by(&mut self, delta: isize, height: usize) {
        self.scroll = self
            .scroll
            .saturating_add_signed(delta)
            .min(self.max_scroll(height));
    }

    /// Makes figure `i` the current one and scrolls it into view, a third of the way down
    /// when it was out of sight.
    pub fn jump_to_figure(&mut self, i: usize, height: usize) {
        let Some(f) = self.figures.get(i) else {
            return;
        };
        self.current = Some(i);
        self.panel.go(i, self.figures.len(), height);
        let line = f.line;
        if line < self.scroll || line >= self.scroll + height.max(1) {
            self.scroll = line.saturating_sub(height / 3).min(self.max_scroll(height));
        }
    }

    /// The next figure after the current one, or after the top of the view when there is none.
    pub fn next_figure(&self) -> Option<usize> {
        match self.current {
            Some(c) if c + 1 < self.figures.len() => Some(c + 1),
            Some(_) => None,
            None => self.figures.iter().position(|f| f.line >= self.scroll),
        }
    }

    /// The figure before the current one, or the last one above the bottom of the view.
    pub fn prev_figure(&self) -> Option<usize> {
        match self.current {
            Some(c) => c.checked_sub(1),
            None => self.figures.iter().rposition(|f| f.line <= self.scroll),
        }
    }
}

/// Briefing `i` as the reader shows it: with its body, read from its file when it was opened
/// (a library made from the catalog reads bodies on demand). One whose file could not be read
/// then is never opened (see `App::open`); it would show with no body.
pub(super) fn with_body(lib: &crate::briefing::Library, i: usize) -> &Briefing {
    lib.briefing(i).unwrap_or(&lib.briefings[i])
}

/// The reader's areas in a terminal of `cx.area`.
fn areas(cx: &Cx, r: &ReaderState) -> layout::ReaderAreas {
    layout::reader(cx.area, r.panel(), cx.config.text_width, r.gutter())
}

impl ReaderState {
    /// Opens briefing `i` for the terminal of `cx`, at `at`; the figures panel as it was
    /// (`panel_open`). Returns the state and a message, if something could not be found.
    pub fn open_at(cx: &Cx, i: usize, at: &At, shown: Shown) -> (ReaderState, Option<String>) {
        let b = with_body(cx.lib, i);
        let a = layout::reader(cx.area, None, cx.config.text_width, 0);
        let h = usize::from(a.text.height);
        let mut r = ReaderState::open(b, i, a.text.width, cx.amb());
        r.name_measures(b, &crate::measures::Vocabulary::new(&cx.config.measures));
        r.panel_open = shown.panel;
        r.numbers = shown.numbers;
        r.focus = Focus::Body;
        // The panel's width depends on the figures found.
        r.sync(cx);
        let mut said = None;
        match at {
            At::Top(node) => {
                // Opened from a region, a briefing in sections starts at that region's section.
                if let Some(at) = node {
                    // A city lies within its province.
                    let holds = |r: &crate::briefing::RegionRef| {
                        r.province == at.province && (at.city.is_none() || r.city == at.city)
                    };
                    let section = b.meta.sections.iter().find(|s| s.regions.iter().any(holds));
                    if let Some(s) = section {
                        r.scroll_to_heading(b, &s.heading, h);
                    }
                }
            }
            At::Hit(hit, query) => {
                // Found in the text shown (read from its file when opened), not in the index's copy.
                let ranges = crate::search::matches_in(&b.body, query);
                r.set_matches(b, query, ranges);
                match hit.field {
                    Field::Body => {
                        if let Some(m) = r.match_ranges.iter().position(|m| m.start == hit.start) {
                            r.jump_to_match(m, h);
                        } else if let Some(line) = r.line_of(b, hit.start) {
                            r.scroll = line.saturating_sub(h / 3).min(r.max_scroll(h));
                        }
                    }
                    Field::Region => {
                        if let Some(heading) = &hit.section {
                            r.scroll_to_heading(b, heading, h);
                        }
                    }
                    _ => {}
                }
            }
            At::Sentence(range) => {
                // The sentence shows as the one match.
                r.set_matches(b, "compare", vec![range.clone()]);
                r.jump_to_match(0, h);
            }
            At::Paragraph(p) => r.scroll_to_paragraph(b, *p, h),
            At::Bookmark(m) => {
                if let (Some(p), Some(q)) = (m.paragraph, &m.quote) {
                    let paras = paragraphs(&b.body);
                    match find_passage(&paras, p, q) {
                        Passage::InPlace(t) | Passage::Moved(t) => r.scroll_to_paragraph(b, t, h),
                        Passage::Gone => {
                            said = Some("the marked passage is no longer in this briefing".into())
                        }
                    }
                }
            }
        }
        (r, said)
    }

    /// Scrolls to the first line of paragraph `p` (from 0, headings not counted).
    fn scroll_to_paragraph(&mut self, b: &Briefing, p: usize, h: usize) {
        let block = b
            .blocks()
            .iter()
            .enumerate()
            .filter(|(_, bl)| !bl.is_heading)
            .nth(p)
            .map(|(k, _)| k + FIRST_BODY_BLOCK);
        if let Some(line) = block.and_then(|block| {
            self.lines
                .iter()
                .position(|l| l.block == block && l.kind == LineKind::Text)
        }) {
            self.scroll = line.min(self.max_scroll(h));
        }
    }

    fn scroll_to_heading(&mut self, b: &Briefing, heading: &str, h: usize) {
        let block = b
            .blocks()
            .iter()
            .position(|bl| bl.is_heading && bl.text == heading);
        if let Some(line) = block.and_then(|bl| self.heading_line(bl)) {
            self.scroll = line.min(self.max_scroll(h));
        }
    }

    /// The paragraph at the top of the view, with its text: what the bookmark key marks.
    /// `None` while the title is in view, which marks the whole briefing.
    pub fn passage_in_view(&self, cx: &Cx) -> Option<(usize, String)> {
        let h = usize::from(areas(cx, self).text.height);
        let top = self.lines.get(self.scroll)?;
        if matches!(top.kind, LineKind::Title | LineKind::Meta | LineKind::Url) {
            return None;
        }
        let line = self.lines[self.scroll..(self.scroll + h).min(self.lines.len())]
            .iter()
            .find(|l| l.kind == LineKind::Text)?;
        let block = line.block.checked_sub(FIRST_BODY_BLOCK)?;
        let blocks = with_body(cx.lib, self.briefing).blocks();
        let paragraph = blocks[..block].iter().filter(|b| !b.is_heading).count();
        Some((paragraph, blocks.get(block)?.text.to_string()))
    }

    /// The paragraph (from 0) of the first line of text in view, `h` lines high.
    pub fn paragraph_at_top(&self, h: usize) -> Option<usize> {
        let end = (self.scroll + h).min(self.lines.len());
        let line = self
            .lines
            .get(self.scroll..end)?
            .iter()
            .find(|l| l.kind == LineKind::Text)?;
        self.paragraph_blocks
            .iter()
            .position(|&bl| bl == line.block)
    }

    /// Finds `query` in the open text (as search does: either script, pinyin, several
    /// terms) and goes to the first match at or below the top of the view.
    pub fn find(&mut self, cx: &Cx, query: &str) -> Result<(), String> {
        let query = query.trim();
        if query.is_empty() {
            self.query = None;
            self.match_ranges.clear();
            self.matches.clear();
            self.current_match = None;
            return Ok(());
        }
        let b = with_body(cx.lib, self.briefing);
        let ranges = crate::search::matches_in(&b.body, query);
        self.set_matches(b, query, ranges);
        self.current_match = None;
        let h = usize::from(areas(cx, self).text.height);
        match self.next_match() {
            Some(i) => {
                self.jump_to_match(i, h);
                Ok(())
            }
            None if !self.matches.is_empty() => {
                self.jump_to_match(0, h);
                Ok(())
            }
            None => Err(format!(
                "`{}` is not in the text of this briefing",
                strip_controls(query)
            )),
        }
    }
}

impl ReaderState {
    /// The columns the figures panel needs, when it is open: every figure whole, with room
    /// for a few characters of what it measures.
    pub fn panel(&self) -> Option<u16> {
        let widest = self
            .figures
            .iter()
            .map(|f| width(&f.text, false))
            .max()
            .unwrap_or(0);
        self.panel_open.then_some(widest as u16 + 7)
    }

    /// The cells left of the text that the paragraph numbers take when shown: the widest
    /// number, a space, the bookmark mark and a space.
    pub fn gutter(&self) -> u16 {
        match self.numbers {
            true => self.paragraph_blocks.len().max(1).to_string().len() as u16 + 3,
            false => 0,
        }
    }

    /// What the reader shows beside the text, kept from one briefing to the next.
    pub fn shown(&self) -> Shown {
        Shown {
            panel: self.panel_open,
            numbers: self.numbers,
        }
    }
}

/// What the reader shows beside the text: carried over when another briefing opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shown {
    /// The figures panel.
    pub panel: bool,
    /// The paragraph numbers.
    pub numbers: bool,
}

impl Default for Shown {
    fn default() -> Shown {
        Shown {
            panel: false,
            numbers: true,
        }
    }
}

impl View for ReaderState {
    fn context(&self) -> Context {
        Context::Reader
    }

    fn sync(&mut self, cx: &Cx) {
        let a = areas(cx, self);
        let (body_h, panel_h) = (
            usize::from(a.text.height),
            a.panel
                .map_or(1, |p| usize::from(p.height.saturating_sub(2))),
        );
        let b = with_body(cx.lib, self.briefing);
        self.relayout(b, a.text.width, cx.amb());
        self.scroll = self.scroll.min(self.max_scroll(body_h));
        self.panel.follow(self.figures.len(), panel_h);
    }

    fn update(&mut self, input: Input, cx: &Cx) -> Vec<Effect> {
        let Input::Act(action) = input else {
            return Vec::new();
        };
        let a = areas(cx, self);
        let h = usize::from(a.text.height);
        let panel_h = a
            .panel
            .map_or(1, |p| usize::from(p.height.saturating_sub(2)));
        let r = self;
        let page = (h / 2).max(1) as isize;
        let in_panel = r.panel_open && r.focus == Focus::Panel;
        let mut out = Vec::new();
        let mut say = |m: String| out.push(Effect::Say(m));
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown if in_panel => {
                let delta = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -(panel_h as isize / 2).max(1),
                    _ => (panel_h as isize / 2).max(1),
                };
                r.panel.move_by(delta, r.figures.len(), panel_h);
                let i = r.panel.selected;
                r.jump_to_figure(i, h);
            }
            Action::Up => r.scroll_by(-1, h),
            Action::Down => r.scroll_by(1, h),
            Action::PageUp => r.scroll_by(-page, h),
            Action::PageDown | Action::Mark => r.scroll_by(page, h),
            Action::Top if in_panel => r.jump_to_figure(0, h),
            Action::Bottom if in_panel => r.jump_to_figure(r.figures.len().saturating_sub(1), h),
            Action::Top => r.scroll = 0,
            Action::Bottom => r.scroll = r.max_scroll(h),
            Action::NextFigure | Action::PrevFigure => {
                let next = if action == Action::NextFigure {
                    r.next_figure()
                } else {
                    r.prev_figure()
                };
                match next {
                    Some(i) => r.jump_to_figure(i, h),
                    None if r.figures.is_empty() => say("this briefing has no key figures".into()),
                    None if action == Action::NextFigure => say("no more figures below".into()),
                    None => say("no more figures above".into()),
                }
            }
            Action::ToggleBookmark => {
                let passage = r.passage_in_view(cx);
                out.extend(super::agenda::toggle_bookmark(cx, r.briefing, passage));
            }
            Action::EditNote => {
                let passage = r.passage_in_view(cx);
                out.push(Effect::Note(r.briefing, passage));
            }
            Action::Find => {
                let typed = r
                    .query
                    .clone()
                    .filter(|q| q != "compare")
                    .unwrap_or_default();
                let mut p = PromptLayer::new(Asking::Find, "Find in this briefing:", typed);
                p.prompt.selected = !p.prompt.input.is_empty();
                out.push(Effect::layer(p));
            }
            Action::NextMatch | Action::PrevMatch => {
                let next = if action == Action::NextMatch {
                    r.next_match()
                } else {
                    r.prev_match()
                };
                match next {
                    Some(i) => r.jump_to_match(i, h),
                    None => say(match (&r.query, r.matches.is_empty()) {
                        (None, _) => format!(
                            "nothing to find yet: {} finds in the text",
                            cx.key(Action::Find)
                        ),
                        (Some(q), true) => format!("`{q}` is not in the text of this briefing"),
                        (Some(_), false) if action == Action::NextMatch => {
                            "no more matches below".into()
                        }
                        (Some(_), false) => "no more matches above".into(),
                    }),
                }
            }
            Action::ToggleFigures => {
                r.panel_open = !r.panel_open;
                r.focus = if r.panel_open {
                    Focus::Panel
                } else {
                    Focus::Body
                };
                if r.panel_open && r.current.is_none() {
                    r.panel.selected = r.next_figure().unwrap_or(0);
                }
                r.sync(cx);
            }
            Action::ToggleNumbers => {
                r.numbers = !r.numbers;
                r.sync(cx);
            }
            Action::SwitchFocus if r.panel_open => {
                r.focus = match r.focus {
                    Focus::Body => Focus::Panel,
                    Focus::Panel => Focus::Body,
                };
            }
            Action::Right if r.panel_open => r.focus = Focus::Panel,
            Action::Left if r.panel_open => r.focus = Focus::Body,
            Action::Open if in_panel => {
                let i = r.panel.selected;
                r.jump_to_figure(i, h);
                r.focus = Focus::Body;
            }
            Action::Back if r.panel_open => {
                r.panel_open = false;
                r.focus = Focus::Body;
                r.sync(cx);
            }
            Action::Back => out.push(Effect::Back),
            _ => {}
        }
        out
    }

    fn render(&self, cx: &Cx, area: Rect, buf: &mut Buffer) {
        render(self, cx, area, buf);
    }

    fn briefing(&self, _cx: &Cx) -> Option<usize> {
        Some(self.briefing)
    }

    fn hints(&self) -> Vec<(&'static [Action], &'static str)> {
        let mut hints: Vec<(&'static [Action], &'static str)> = vec![(&[Action::Help], "help")];
        if self.query.is_some() {
            hints.push((&[Action::NextMatch, Action::PrevMatch], "matches"));
        }
        hints.extend([
            (&[Action::PrevFigure, Action::NextFigure][..], "figures"),
            (&[Action::ToggleFigures], "panel"),
            (&[Action::Back], "back"),
            (&[Action::Find], "find"),
            (&[Action::ToggleBookmark], "bookmark"),
            (&[Action::ToggleNumbers], "numbers"),
            (&[Action::Copy], "copy"),
        ]);
        hints
    }
}

fn render(r: &ReaderState, app: &Cx, area: Rect, buf: &mut Buffer) {
    let areas = layout::reader(area, r.panel(), app.config.text_width, r.gutter());
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
    if let Some(p) = r.paragraph_at_top(h) {
        place.push_str(&format!(" · ¶{}", p + 1));
    }
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
    let hints = super::view::hints(app, r);
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

fn render_body(app: &Cx, r: &ReaderState, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let b = with_body(app.lib, r.briefing);
    let paragraph_blocks = &r.paragraph_blocks;
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
        // Each paragraph's number in the margin where there is one (`brief open --paragraph`
        // and `brief bookmarks add --paragraph` take it), on its first line.
        let first_of_paragraph = line.kind == LineKind::Text
            && r.lines
                .get(line_no.wrapping_sub(1))
                .is_none_or(|l| l.block != line.block || l.kind != LineKind::Text);
        let digits = r.gutter().saturating_sub(3);
        if first_of_paragraph
            && r.numbers
            && area.x >= digits + 3
            && let Some(p) = paragraph_blocks.iter().position(|&bl| bl == line.block)
        {
            let n = format!("{:>w$}", p + 1, w = usize::from(digits));
            put(buf, area.x - digits - 3, y, digits, &n, t.dim, amb);
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

fn render_panel(app: &Cx, r: &ReaderState, area: Rect, buf: &mut Buffer) {
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
    for (row, _, selected, f) in r.panel.in_view(&r.figures, usize::from(inner.height)) {
        let y = inner.y + row as u16;
        // What the figure measures, where known; else its kind.
        let text_w = (width(&f.text, amb) + 1).min(w.saturating_sub(4));
        let kind = fit(
            f.measure.as_deref().unwrap_or(f.kind.as_str()),
            w.saturating_sub(text_w + 3),
            amb,
        );
        let kind = kind.as_str();
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::parse_briefing;
    use std::path::Path;

    fn sample() -> Briefing {
        let text = "+++\ntitle = \"柳州汽车产业发展综述\"\ndate = 2024-12-01\n+++\n\n2024年，柳州生产新能源汽车77.6万辆，同比增长15.5%。\n\n## 下一步\n\n总产值达到494亿元。\n";
        parse_briefing(text, Path::new("x.md")).unwrap()
    }

    #[test]
    fn figures_are_found_per_paragraph_and_placed_on_their_lines() {
        let b = sample();
        let (lines, figures) = layout(&b, 80, false);
        let texts: Vec<&str> = figures.iter().map(|f| f.text.as_str()).collect();
        assert!(texts.contains(&"77.6万辆"), "{texts:?}");
        assert!(texts.contains(&"494亿元"), "{texts:?}");
        for (i, f) in figures.iter().enumerate() {
            let line = &lines[f.line];
            let (range, _) = line.figures.iter().find(|(_, idx)| *idx == i).unwrap();
            assert_eq!(&line.text[range.clone()], f.text);
        }
        let kinds: Vec<LineKind> = lines.iter().map(|l| l.kind).collect();
        assert_eq!(kinds[0], LineKind::Title);
        assert_eq!(kinds[1], LineKind::Meta);
        assert!(kinds.contains(&LineKind::Heading));
    }

    #[test]
    fn a_narrow_width_never_splits_a_figure() {
        let b = sample();
        for width in 12..40 {
            let (lines, figures) = layout(&b, width, false);
            // A figure wider than a line is the one that may be split.
            for f in figures
                .iter()
                .filter(|f| crate::wrap::line_width(&f.text) <= usize::from(width))
            {
                assert!(
                    lines.iter().any(|l| l.text.contains(&f.text)),
                    "{} split at width {width}",
                    f.text
                );
            }
        }
    }

    #[test]
    fn relayout_keeps_the_reading_position() {
        let b = sample();
        let mut r = ReaderState::open(&b, 0, 20, false);
        let heading = r
            .lines
            .iter()
            .position(|l| l.kind == LineKind::Heading)
            .unwrap();
        r.scroll = heading;
        r.relayout(&b, 60, false);
        assert_eq!(r.lines[r.scroll].kind, LineKind::Heading);
        // At the top with a title that wraps, the top stays the top.
        let mut r = ReaderState::open(&b, 0, 8, false);
        assert!(r.lines[1].kind == LineKind::Title, "the title wraps at 8");
        r.relayout(&b, 60, false);
        assert_eq!(r.scroll, 0);
    }

    #[test]
    fn matches_land_on_the_lines_that_show_them() {
        let b = sample();
        let body: Vec<char> = b.body.chars().collect();
        let start = b
            .body
            .chars()
            .collect::<String>()
            .find("494")
            .map(|byte| b.body[..byte].chars().count())
            .unwrap();
        for width in [12, 20, 80] {
            let mut r = ReaderState::open(&b, 0, width, false);
            r.set_matches(&b, "494", std::iter::once(start..start + 3).collect());
            assert_eq!(r.matches.len(), 1);
            let (line, range) = r.matches[0].spans[0].clone();
            assert_eq!(
                &r.lines[line].text[range],
                body[start..start + 3].iter().collect::<String>()
            );
            r.jump_to_match(0, 5);
            assert!(r.scroll <= line && line < r.scroll + 5);
        }
    }

    #[test]
    fn figure_steps_stop_at_the_ends() {
        let b = sample();
        let mut r = ReaderState::open(&b, 0, 80, false);
        assert_eq!(r.next_figure(), Some(0));
        r.jump_to_figure(0, 10);
        assert_eq!(r.prev_figure(), None);
        let last = r.figures.len() - 1;
        r.jump_to_figure(last, 10);
        assert_eq!(r.next_figure(), None);
    }
}
