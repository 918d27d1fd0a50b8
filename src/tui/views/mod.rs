//! Drawing: each view renders from the state and changes nothing.

mod bookmarks;
mod compare;
pub mod help;
mod library;
mod reader;
mod search;

use super::app::{App, Screen};
use super::draw::{fit, put, width};
use super::layout;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::Widget;

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if self.is_too_small() {
            render_too_small(self, area, buf);
            return;
        }
        match self.screen {
            Screen::Library => library::render(self, area, buf),
            Screen::Reader => reader::render(self, area, buf),
            Screen::Search => search::render(self, area, buf),
            Screen::Bookmarks => bookmarks::render_agenda(self, area, buf),
            Screen::Meeting => bookmarks::render_meeting(self, area, buf),
            Screen::Compare => compare::render(self, area, buf),
            Screen::Import => {
                if let Some(s) = &self.import {
                    s.render(&self.theme, area, buf, self.message.as_deref());
                }
            }
        }
        if self.editor.is_some() {
            bookmarks::render_editor(self, area, buf);
        }
        if let Some(scroll) = self.help {
            help::render(self, scroll, area, buf);
        }
    }
}

fn render_too_small(app: &App, area: Rect, buf: &mut Buffer) {
    let amb = app.theme.ambiguous_wide;
    let lines = [
        format!(
            "brief needs at least {}x{}; this terminal is {}x{}.",
            app.config.min_width, app.config.min_height, area.width, area.height
        ),
        "Make it larger, or use `brief list` and `brief show`.".to_string(),
        "q quits.".to_string(),
    ];
    let top = area.y + area.height.saturating_sub(lines.len() as u16) / 2;
    for (i, line) in lines.iter().enumerate() {
        let w = width(line, amb).min(usize::from(area.width)) as u16;
        let x = area.x + (area.width - w) / 2;
        put(buf, x, top + i as u16, area.width, line, Style::new(), amb);
    }
}

/// The status line: where you are on the left, as many key hints as fit on the right; a
/// message or the prompt takes it over.
fn render_status(app: &App, area: Rect, buf: &mut Buffer, left: &str, hints: &[String]) {
    let amb = app.theme.ambiguous_wide;
    let t = &app.theme;
    buf.set_style(area, t.status);
    if let Some(p) = &app.prompt {
        let used = put(buf, area.x + 1, area.y, area.width, &p.label, t.status, amb);
        let x = area.x + 2 + used;
        put(
            buf,
            x,
            area.y,
            area.right().saturating_sub(x),
            &p.input,
            t.status,
            amb,
        );
        if let Some(msg) = &app.message {
            let msg = fit(msg, usize::from(area.width / 2), amb);
            let w = width(&msg, amb) as u16;
            put(
                buf,
                area.right().saturating_sub(w + 1),
                area.y,
                w,
                &msg,
                t.warning,
                amb,
            );
        }
        return;
    }
    let total = usize::from(area.width);
    let left_w = match &app.message {
        Some(m) => width(m, amb),
        None => width(left, amb),
    };
    // The first hint (help) always shows; the others while the left side keeps its room.
    let mut right = String::new();
    for (i, h) in hints.iter().enumerate() {
        let next = if right.is_empty() {
            h.clone()
        } else {
            format!("{right}  {h}")
        };
        if i > 0 && left_w + width(&next, amb) + 4 > total {
            break;
        }
        right = next;
    }
    let right_w = width(&right, amb) as u16;
    let room = area.width.saturating_sub(right_w + 3);
    let (text, style) = match &app.message {
        Some(msg) => (msg.as_str(), t.status.patch(t.warning)),
        None => (left, t.status),
    };
    let text = fit(text, usize::from(room), amb);
    put(buf, area.x + 1, area.y, room, &text, style, amb);
    if right_w + 2 <= area.width {
        put(
            buf,
            area.right() - right_w - 1,
            area.y,
            right_w,
            &right,
            t.status,
            amb,
        );
    }
}

/// A key hint for the status line: the first key bound to `action` and a word (`? help`).
fn hint(app: &App, action: crate::keymap::Action, word: &str) -> String {
    format!("{} {word}", key_name(app, action))
}

/// The keys bound to `action`, as the status line names them (`?`, `esc`).
fn key_name(app: &App, action: crate::keymap::Action) -> String {
    app.keymap.key_name(action)
}

/// Where the terminal's cursor belongs: at the end of the typed text in the search box or the
/// prompt (so that an input method opens its window there), or nowhere.
pub fn cursor(app: &App) -> Option<Position> {
    if app.is_too_small() || app.help.is_some() {
        return None;
    }
    if app.editor.is_some() {
        return bookmarks::editor_cursor(app);
    }
    let amb = app.theme.ambiguous_wide;
    let typed_width = |p: &super::app::Prompt| {
        let before: String = p.input.chars().take(p.cursor).collect();
        width(&p.label, amb) as u16 + width(&before, amb) as u16
    };
    if app.screen == Screen::Import {
        let (x, y) = app.import.as_ref()?.cursor(app.area, amb)?;
        return Some(Position::new(x, y));
    }
    if app.screen == Screen::Search {
        let s = app.search.as_ref()?;
        let x = app.area.x + 2 + typed_width(&s.input);
        return Some(Position::new(
            x.min(app.area.right().saturating_sub(1)),
            app.area.y,
        ));
    }
    let p = app.prompt.as_ref()?;
    let status = match app.screen {
        Screen::Reader => layout::reader(app.area, false, app.config.text_width).status,
        _ => layout::library(app.area).status,
    };
    // Every screen keeps its status line on the last row.
    let x = status.x + 2 + typed_width(p);
    Some(Position::new(
        x.min(status.right().saturating_sub(1)),
        status.y,
    ))
}
