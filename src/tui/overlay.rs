//! The overlays: help, the one-line prompt, the note editor and yes-or-no questions. Each is
//! a [`View`]; they stack over the screen (as [`Overlay`](super::view::Overlay)s) and the top
//! one sees each key first.

use super::draw::{cell_pad, fit, put, width};
use super::input::Prompt;
use super::layout::centred;
use super::view::{Asking, Cx, Effect, Input, View, status_row};
use crate::figures::Kind;
use crate::keymap::{Action, Context};
use crate::wrap::wrap_cells;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::{Block, Clear, Widget};

// ---------------------------------------------------------------------------------------
// Help

/// The help overlay: its scroll position.
#[derive(Debug)]
pub struct Help {
    /// The first line shown.
    pub scroll: usize,
    /// The key table listed first: that of the screen help was opened on.
    pub first: Context,
}

/// A made-up example of each kind of figure, for the legend.
fn example(kind: Kind) -> &'static str {
    match kind {
        Kind::Money => "12亿元",
        Kind::Percent => "35%",
        Kind::Growth => "增长8.5%",
        Kind::Count => "20家",
        Kind::Quantity => "3.6万吨",
        Kind::Rank => "全国第一",
        Kind::Ratio => "1/3",
    }
}

/// The width of the keys column.
const KEYS_COLUMN: usize = 24;

/// The help's lines at `inner` cells wide: a part for each key table, every binding in it,
/// descriptions wrapped rather than cut; then the legend.
fn help_lines(cx: &Cx, inner: usize, first: Context) -> Vec<Vec<(String, Style)>> {
    let t = cx.theme;
    let amb = cx.amb();
    let mut out = Vec::new();
    // The screen's own keys first: in meeting mode `up` is the previous passage, not a line.
    let order = std::iter::once(first).chain(Context::ALL.into_iter().filter(|c| *c != first));
    for context in order {
        let rows = cx.keymap.help_in(context);
        if rows.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(Vec::new());
        }
        let mut title = context.title().to_string();
        if context != Context::General {
            title.push_str(&format!("  [keys.{}]", context.name()));
        }
        out.push(vec![(title, t.heading)]);
        let desc_w = inner.saturating_sub(KEYS_COLUMN + 2).max(10);
        for (_, keys, desc) in rows {
            let names: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
            // Keys that do not fit their column take a line of their own.
            let mut names_lines: Vec<String> = Vec::new();
            let mut line = String::new();
            for n in names {
                let next = if line.is_empty() {
                    n.clone()
                } else {
                    format!("{line}, {n}")
                };
                if width(&next, amb) > KEYS_COLUMN && !line.is_empty() {
                    names_lines.push(format!("{line},"));
                    line = n;
                } else {
                    line = next;
                }
            }
            names_lines.push(line);
            let desc_lines: Vec<&str> = wrap_cells(desc, desc_w, &[], amb)
                .into_iter()
                .map(|r| desc[r].trim_end())
                .collect();
            for i in 0..names_lines.len().max(desc_lines.len()) {
                let k = names_lines.get(i).map_or("", |s| s.as_str());
                let d = desc_lines.get(i).copied().unwrap_or_default();
                out.push(vec![
                    (cell_pad(k, KEYS_COLUMN, amb), t.place),
                    (d.to_string(), Style::new()),
                ]);
            }
        }
    }
    out.push(Vec::new());
    out.push(vec![("Key figures, by kind".to_string(), t.heading)]);
    for kind in Kind::ALL {
        out.push(vec![
            (cell_pad(kind.as_str(), 10, amb), Style::new()),
            (example(kind).to_string(), t.figure(kind)),
        ]);
    }
    out.push(Vec::new());
    for line in [
        "Keys and colours are set in the config: `brief config --print-default`.",
        "A key a table leaves out is looked up in the table it falls back to.",
    ] {
        for r in wrap_cells(line, inner.max(10), &[], amb) {
            out.push(vec![(line[r].trim_end().to_string(), t.dim)]);
        }
    }
    out
}

/// The help's box in a terminal of `area`: above the status line.
fn help_box(area: Rect, lines: usize) -> Rect {
    let room = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    centred(room, 76.min(room.width.saturating_sub(4)), lines as u16 + 2)
}

/// Inner width of the help's box.
fn help_inner(area: Rect) -> usize {
    usize::from(76.min(area.width.saturating_sub(4)).saturating_sub(4))
}

impl Help {
    /// The help opened on a screen reading keys through `first`: its keys listed first.
    pub fn on(first: Context) -> Help {
        Help { scroll: 0, first }
    }

    /// How far the help can scroll in a terminal of `area`.
    pub fn max_scroll(&self, cx: &Cx) -> usize {
        let n = help_lines(cx, help_inner(cx.area), self.first).len();
        let inner = usize::from(help_box(cx.area, n).height.saturating_sub(2));
        n.saturating_sub(inner)
    }
}

/// Clears `area`, and the wide character cut in half by its left edge, if there is one.
fn clear(buf: &mut Buffer, area: Rect) {
    Clear.render(area, buf);
    if area.x > buf.area.x {
        for y in area.top()..area.bottom() {
            if let Some(cell) = buf.cell_mut((area.x - 1, y))
                && unicode_width::UnicodeWidthStr::width(cell.symbol()) > 1
            {
                cell.reset();
            }
        }
    }
}

impl View for Help {
    fn context(&self) -> Context {
        Context::Help
    }

    fn update(&mut self, input: Input, cx: &Cx) -> Vec<Effect> {
        let max = self.max_scroll(cx);
        let page = usize::from(cx.area.height / 2).max(1);
        let Input::Act(action) = input else {
            return Vec::new();
        };
        self.scroll = match action {
            Action::Help | Action::Back => return vec![Effect::Close],
            Action::Quit => return vec![Effect::Quit],
            Action::Down => self.scroll + 1,
            Action::Up => self.scroll.saturating_sub(1),
            Action::PageDown | Action::Mark => self.scroll + page,
            Action::PageUp => self.scroll.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => max,
            _ => self.scroll,
        }
        .min(max);
        Vec::new()
    }

    fn render(&self, cx: &Cx, area: Rect, buf: &mut Buffer) {
        let t = cx.theme;
        let amb = cx.amb();
        let content = help_lines(cx, help_inner(area), self.first);
        let popup = help_box(area, content.len());
        // A blank cell each side of the box: the screen under it shows no torn fragments
        // (a column's last letters and digits) against its border.
        let halo_x = popup.x.saturating_sub(1).max(area.x);
        let halo = Rect {
            x: halo_x,
            width: (popup.right() + 1).min(area.right()) - halo_x,
            ..popup
        };
        clear(buf, halo);
        let overflows = content.len() > usize::from(popup.height.saturating_sub(2));
        let title = if overflows {
            format!(
                " Help · {}/{} scroll · {} closes ",
                cx.key(Action::Down),
                cx.key(Action::Up),
                cx.key(Action::Back)
            )
        } else {
            format!(" Help · {} closes ", cx.key(Action::Back))
        };
        let block = Block::bordered()
            .border_set(t.border_set)
            .border_style(t.focus)
            .title(title);
        let inner = block.inner(popup);
        block.render(popup, buf);
        let max_scroll = content.len().saturating_sub(usize::from(inner.height));
        for (row, line) in content
            .iter()
            .skip(self.scroll.min(max_scroll))
            .take(usize::from(inner.height))
            .enumerate()
        {
            let y = inner.y + row as u16;
            let mut x = inner.x + 1;
            for (text, style) in line {
                x += put(
                    buf,
                    x,
                    y,
                    inner.right().saturating_sub(x),
                    text,
                    *style,
                    amb,
                );
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Prompt

/// The one-line prompt: what it asks, what is typed, and what went wrong with the last
/// answer (shown on a line of its own above it, so the input keeps its room).
#[derive(Debug)]
pub struct PromptLayer {
    /// The input line.
    pub prompt: Prompt,
    /// What the answer is for.
    pub asking: Asking,
    /// Why the last answer was not taken.
    pub error: Option<String>,
}

impl PromptLayer {
    /// A prompt for `asking`, labelled `label`, with `input` typed.
    pub fn new(asking: Asking, label: &str, input: String) -> PromptLayer {
        PromptLayer {
            prompt: Prompt::new(label, input),
            asking,
            error: None,
        }
    }
}

impl View for PromptLayer {
    fn context(&self) -> Context {
        Context::Input
    }

    fn update(&mut self, input: Input, _cx: &Cx) -> Vec<Effect> {
        match input {
            Input::Act(Action::Submit) => {
                vec![Effect::Submit(self.asking, self.prompt.input.clone())]
            }
            Input::Act(Action::Cancel) => vec![Effect::Close],
            other => {
                let before = self.prompt.input.clone();
                if self.prompt.edit(other) {
                    self.error = None;
                }
                // A prompt that acts as it is typed (the tree's jump) says what it holds now.
                if self.asking == Asking::Jump && self.prompt.input != before {
                    return vec![Effect::Typed(self.asking, self.prompt.input.clone())];
                }
                Vec::new()
            }
        }
    }

    fn render(&self, cx: &Cx, area: Rect, buf: &mut Buffer) {
        let t = cx.theme;
        let amb = cx.amb();
        let row = status_row(area);
        buf.set_style(row, t.status);
        for x in row.left()..row.right() {
            if let Some(c) = buf.cell_mut((x, row.y)) {
                c.set_symbol(" ");
            }
        }
        self.prompt.render(buf, row, t.status, amb);
        // The error on the lines above, whole: wrapped to the width when longer.
        if let Some(msg) = self.error.as_deref().or(cx.message) {
            let rows = text_rows(cx, msg, area.width);
            band(cx, area, &rows, 1, t.status.patch(t.warning), buf);
        }
    }

    fn cursor(&self, cx: &Cx, area: Rect) -> Option<Position> {
        let amb = cx.amb();
        let row = status_row(area);
        let p = &self.prompt;
        let before: String = p.input.chars().take(p.cursor).collect();
        let x = row.x + 2 + width(&p.label, amb) as u16 + width(&before, amb) as u16;
        Some(Position::new(x.min(row.right().saturating_sub(1)), row.y))
    }
}

// ---------------------------------------------------------------------------------------
// Note editor

/// A note being written: its bookmark, its text and the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEditor {
    /// The bookmark's id.
    pub bookmark: String,
    /// What it says so far.
    pub text: String,
    /// The cursor, in characters from the start.
    pub cursor: usize,
    /// The note as it was when the editor opened.
    original: String,
    /// Whether the bookmark was made only to hold this note: cancelling then takes it back.
    made: bool,
}

impl NoteEditor {
    /// Edits the note of `bookmark`, which says `text` now; the cursor goes to the end.
    pub fn new(bookmark: String, text: String) -> NoteEditor {
        let cursor = text.chars().count();
        NoteEditor {
            bookmark,
            original: text.clone(),
            text,
            cursor,
            made: false,
        }
    }

    /// An editor on a bookmark made just now for the note: cancelling the note also takes
    /// the bookmark back, so that a cancelled note leaves nothing behind.
    pub fn for_new_bookmark(bookmark: String) -> NoteEditor {
        NoteEditor {
            made: true,
            ..NoteEditor::new(bookmark, String::new())
        }
    }

    /// What cancelling does: close, and take back a bookmark made for the note.
    fn cancel(&self) -> Vec<Effect> {
        let mut out = vec![Effect::Close];
        if self.made {
            out.push(Effect::Change(super::view::Change::Remove(
                self.bookmark.clone(),
            )));
            out.push(Effect::Say("no note, and no bookmark".into()));
        }
        out
    }

    fn byte(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// The start of the line the cursor is on, and its column, in characters.
    fn line_and_column(&self) -> (usize, usize) {
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        let start = before.iter().rposition(|c| *c == '\n').map_or(0, |p| p + 1);
        (start, self.cursor - start)
    }

    fn line_len_from(&self, start: usize) -> usize {
        self.text
            .chars()
            .skip(start)
            .take_while(|c| *c != '\n')
            .count()
    }

    /// Whether the note differs from what it said when the editor opened.
    pub fn is_changed(&self) -> bool {
        self.text != self.original
    }

    fn insert(&mut self, c: char) {
        let b = self.byte(self.cursor);
        self.text.insert(b, c);
        self.cursor += 1;
    }

    /// Edits the note; returns false for inputs that are not editing.
    pub fn edit(&mut self, input: Input) -> bool {
        let n = self.text.chars().count();
        let action = match input {
            Input::Type(c) if !c.is_control() => {
                self.insert(c);
                return true;
            }
            Input::Type(_) => return true,
            Input::Act(a) => a,
        };
        match action {
            Action::NewLine => self.insert('\n'),
            Action::DeleteBack if self.cursor > 0 => {
                let (a, b) = (self.byte(self.cursor - 1), self.byte(self.cursor));
                self.text.replace_range(a..b, "");
                self.cursor -= 1;
            }
            Action::DeleteForward if self.cursor < n => {
                let (a, b) = (self.byte(self.cursor), self.byte(self.cursor + 1));
                self.text.replace_range(a..b, "");
            }
            Action::DeleteToStart => {
                let (start, _) = self.line_and_column();
                let (a, b) = (self.byte(start), self.byte(self.cursor));
                self.text.replace_range(a..b, "");
                self.cursor = start;
            }
            Action::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
            Action::CursorRight => self.cursor = (self.cursor + 1).min(n),
            Action::LineStart => self.cursor = self.line_and_column().0,
            Action::LineEnd => {
                let (start, _) = self.line_and_column();
                self.cursor = start + self.line_len_from(start);
            }
            Action::Up => {
                let (start, col) = self.line_and_column();
                if start > 0 {
                    let prev_end = start - 1;
                    let prev_start = self
                        .text
                        .chars()
                        .take(prev_end)
                        .collect::<Vec<_>>()
                        .iter()
                        .rposition(|c| *c == '\n')
                        .map_or(0, |p| p + 1);
                    self.cursor = prev_start + col.min(prev_end - prev_start);
                }
            }
            Action::Down => {
                let (start, col) = self.line_and_column();
                let end = start + self.line_len_from(start);
                if end < n {
                    let next_start = end + 1;
                    self.cursor = next_start + col.min(self.line_len_from(next_start));
                }
            }
            Action::DeleteBack | Action::DeleteForward => {}
            _ => return false,
        }
        true
    }

    /// The editor's box in a terminal of `screen`, its rows of text (wrapped), the first row
    /// shown, and the cursor's cell.
    fn layout(&self, screen: Rect, amb: bool) -> EditorLayout {
        let area = centred(
            screen,
            72.min(screen.width.saturating_sub(2)),
            12.min(screen.height.saturating_sub(2)),
        );
        // Two cells of margin inside the border on either side: a wide character ending
        // a row then never reaches the right border.
        let inner_w = usize::from(area.width.saturating_sub(4)).max(4);
        let inner_h = usize::from(area.height.saturating_sub(2)).max(1);
        let mut rows = Vec::new();
        let mut cursor = (0usize, 0usize);
        let mut chars_before = 0usize;
        for logical in self.text.split('\n') {
            let n = logical.chars().count();
            for range in wrap_cells(logical, inner_w, &[], amb) {
                let start_c = chars_before + logical[..range.start].chars().count();
                let end_c = chars_before + logical[..range.end].chars().count();
                if self.cursor >= start_c
                    && (self.cursor < end_c || (self.cursor == end_c && range.end == logical.len()))
                {
                    let before: String = logical[range.start..]
                        .chars()
                        .take(self.cursor - start_c)
                        .collect();
                    cursor = (rows.len(), width(&before, amb));
                }
                rows.push(logical[range].to_string());
            }
            chars_before += n + 1;
        }
        let first = (cursor.0 + 1).saturating_sub(inner_h);
        let cx = area.x + 2 + cursor.1.min(inner_w) as u16;
        let cy = area.y + 1 + (cursor.0 - first) as u16;
        EditorLayout {
            area,
            rows,
            first,
            cursor: (cx, cy),
        }
    }
}

/// The editor box, its rows of text (wrapped), the first row shown, and the cursor's cell.
struct EditorLayout {
    area: Rect,
    rows: Vec<String>,
    first: usize,
    cursor: (u16, u16),
}

impl View for NoteEditor {
    fn context(&self) -> Context {
        Context::Editor
    }

    fn update(&mut self, input: Input, _cx: &Cx) -> Vec<Effect> {
        match input {
            Input::Act(Action::Save) => {
                vec![
                    Effect::Change(super::view::Change::Note(
                        self.bookmark.clone(),
                        self.text.clone(),
                    )),
                    Effect::Close,
                    Effect::Say("note saved".into()),
                ]
            }
            Input::Act(Action::Cancel) if self.is_changed() => {
                // A changed note is never dropped by one key.
                vec![Effect::layer(Confirm::new(
                    "Drop the changes to this note? y drops them, any other key goes back",
                    self.cancel(),
                    None,
                ))]
            }
            Input::Act(Action::Cancel) => self.cancel(),
            other => {
                self.edit(other);
                Vec::new()
            }
        }
    }

    fn render(&self, cx: &Cx, screen: Rect, buf: &mut Buffer) {
        let t = cx.theme;
        let amb = cx.amb();
        let l = self.layout(screen, amb);
        clear(buf, l.area);
        let title = format!(
            " Note · {} new line · {} save · {} cancel ",
            cx.key(Action::NewLine),
            cx.key(Action::Save),
            cx.key(Action::Cancel)
        );
        let title = fit(&title, usize::from(l.area.width.saturating_sub(2)), amb);
        let block = Block::bordered()
            .border_set(t.border_set)
            .border_style(t.focus)
            .title(title);
        let inner = block.inner(l.area);
        for (row, text) in l
            .rows
            .iter()
            .skip(l.first)
            .take(usize::from(inner.height))
            .enumerate()
        {
            put(
                buf,
                inner.x + 1,
                inner.y + row as u16,
                inner.width.saturating_sub(2),
                text,
                Style::new(),
                amb,
            );
        }
        // The border last, so that nothing written inside can take its cells.
        block.render(l.area, buf);
    }

    fn cursor(&self, cx: &Cx, area: Rect) -> Option<Position> {
        let l = self.layout(area, cx.amb());
        Some(Position::new(l.cursor.0, l.cursor.1))
    }
}

// ---------------------------------------------------------------------------------------
// Confirmation

/// A yes-or-no question on the status line: `yes` is carried out on the yes key, any other
/// key says `no` (or `kept`).
#[derive(Debug)]
pub struct Confirm {
    /// The question.
    pub question: String,
    yes: Vec<Effect>,
    no: Option<String>,
}

impl Confirm {
    /// Asks `question`; `yes` is what the yes key does; `no` what any other key says.
    pub fn new(question: &str, yes: Vec<Effect>, no: Option<String>) -> Confirm {
        Confirm {
            question: question.to_string(),
            yes,
            no,
        }
    }
}

impl View for Confirm {
    fn context(&self) -> Context {
        Context::Confirm
    }

    fn update(&mut self, input: Input, _cx: &Cx) -> Vec<Effect> {
        let mut out = vec![Effect::Close];
        if input == Input::Act(Action::Yes) {
            out.append(&mut self.yes);
        } else if let Some(no) = self.no.take() {
            out.push(Effect::Say(no));
        }
        out
    }

    fn render(&self, cx: &Cx, area: Rect, buf: &mut Buffer) {
        // The question whole, on as many rows above the status line as it needs.
        let rows = text_rows(cx, &self.question, area.width);
        band(
            cx,
            area,
            &rows,
            0,
            cx.theme.status.patch(cx.theme.warning),
            buf,
        );
    }
}

/// `text` wrapped to the width of the screen, less a cell each side.
pub fn text_rows<'t>(cx: &Cx, text: &'t str, width: u16) -> Vec<&'t str> {
    let w = usize::from(width.saturating_sub(2)).max(1);
    wrap_cells(text, w, &[], cx.amb())
        .into_iter()
        .map(|r| text[r].trim_end())
        .collect()
}

/// Draws `rows` in `style` across the screen, the last of them `above` rows above the bottom.
pub fn band(cx: &Cx, area: Rect, rows: &[&str], above: u16, style: Style, buf: &mut Buffer) {
    let n = (rows.len() as u16).min(area.height.saturating_sub(above));
    let bottom = area.bottom().saturating_sub(above);
    let top = bottom.saturating_sub(n);
    let r = Rect::new(area.x, top, area.width, bottom - top);
    clear(buf, r);
    buf.set_style(r, style);
    for (i, line) in rows.iter().take(usize::from(n)).enumerate() {
        put(
            buf,
            area.x + 1,
            top + i as u16,
            area.width.saturating_sub(2),
            line,
            style,
            cx.amb(),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(e: &mut NoteEditor, inputs: &[Input]) {
        for i in inputs {
            e.edit(*i);
        }
    }

    fn typed(text: &str) -> Vec<Input> {
        text.chars().map(Input::Type).collect()
    }

    #[test]
    fn the_editor_types_chinese_moves_and_breaks_lines() {
        let mut e = NoteEditor::new("b1".into(), "柳州".into());
        edit(&mut e, &[Input::Act(Action::NewLine)]);
        edit(&mut e, &typed("第二行"));
        assert_eq!(e.text, "柳州\n第二行");
        edit(
            &mut e,
            &[
                Input::Act(Action::Up),
                Input::Act(Action::LineEnd),
                Input::Type('市'),
            ],
        );
        assert_eq!(e.text, "柳州市\n第二行");
        edit(
            &mut e,
            &[
                Input::Act(Action::Down),
                Input::Act(Action::LineStart),
                Input::Act(Action::DeleteForward),
                Input::Act(Action::DeleteBack),
            ],
        );
        assert_eq!(e.text, "柳州市二行");
        assert!(e.is_changed());
    }

    #[test]
    fn help_names_every_binding_of_every_table_and_no_row_is_cut() {
        use crate::briefing::Library;
        use crate::config::Config;
        use crate::keymap::KeyMap;
        let config = Config::default();
        let lib = Library::default();
        let keymap = KeyMap::new(&config.keys);
        let theme =
            super::super::theme::Theme::new(&config, super::super::theme::Depth::Monochrome);
        let state = crate::bookmarks::State::default();
        let index = std::sync::OnceLock::new();
        for w in [80u16, 60, 200] {
            let cx = Cx {
                lib: &lib,
                config: &config,
                keymap: &keymap,
                theme: &theme,
                state: &state,
                index: &index,
                area: Rect::new(0, 0, w, 24),
                message: None,
                context: Context::Help,
                counts: &[],
                check: Default::default(),
            };
            let inner = help_inner(cx.area);
            let lines = help_lines(&cx, inner, Context::General);
            let text: Vec<String> = lines
                .iter()
                .map(|l| l.iter().map(|(t, _)| t.as_str()).collect())
                .collect();
            for line in &text {
                assert!(width(line, false) <= inner, "cut at {w}: {line}");
            }
            let all = text.join("\n");
            for context in Context::ALL {
                for (action, keys, desc) in keymap.help_in(context) {
                    for k in keys {
                        assert!(all.contains(&k.to_string()), "{k} ({action:?})");
                    }
                    let first = desc.split_whitespace().next().unwrap();
                    assert!(all.contains(first), "{desc}");
                }
            }
            for title in ["Meeting mode", "Note editor", "Search", "Typing"] {
                assert!(all.contains(title), "{title} missing at {w}");
            }
        }
    }

    #[test]
    fn the_editor_border_keeps_its_corner_after_a_wide_character() {
        // A row that ends with a wide character one cell short of the border.
        let text = "柳".repeat(40);
        let e = NoteEditor::new("b1".into(), text);
        let l = e.layout(Rect::new(0, 0, 80, 24), false);
        for row in &l.rows {
            assert!(
                width(row, false) <= usize::from(l.area.width) - 4,
                "{row} overflows"
            );
        }
    }
}
