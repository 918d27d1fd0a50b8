//! The reader's state: one briefing laid out in lines for the current width, its key figures,
//! the scroll position and the figures panel.

use super::cursor::Cursor;
use crate::briefing::Briefing;
use crate::figures::{Kind, find_figures};
use crate::measures::{Vocabulary, measure_figures};
use crate::regions::label;
use crate::text::strip_controls;
use crate::wrap::wrap_spans;
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
    /// Whether it was opened from the comparison, where `back` returns.
    pub from_compare: bool,
    /// Whether it was opened from the agenda, where `back` returns.
    pub from_agenda: bool,
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
        &m.facts(),
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
            focus: Focus::Body,
            panel: Cursor::default(),
            width,
            query: None,
            match_ranges: Vec::new(),
            matches: Vec::new(),
            current_match: None,
            block_starts: b.blocks().iter().map(|bl| bl.start).collect(),
            from_compare: false,
            from_agenda: false,
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
        let line = self
            .lines
            .iter()
            .rposition(|l| l.block == tag && l.kind != LineKind::Blank && l.at <= byte)?;
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
