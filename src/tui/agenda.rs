//! The agenda: the bookmarks in the order of a meeting, with their passages and notes; and
//! what bookmarking means anywhere (one key marks, and never destroys a note unasked).

use super::cursor::Cursor;
use super::draw::{fit, put, width};
use super::overlay::{Confirm, PromptLayer};
use super::view::{Asking, At, Change, Cx, Effect, Input, View, render_status};
use crate::bookmarks::{Bookmark, Passage, passage_text};
use crate::briefing::Library;
use crate::keymap::{Action, Context};
use crate::regions::label;
use crate::text::strip_controls;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

/// The agenda's state.
#[derive(Debug, Clone, Default)]
pub struct AgendaState {
    /// The selected item.
    pub list: Cursor,
    /// Each item's passage line, made when the bookmarks change rather than every frame.
    passages: Vec<String>,
}

/// Rows of the agenda in `area`: three lines an item, below a header, above the status line.
pub fn rows(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(3) / 3).max(1)
}

/// Adds a bookmark on briefing `i` (or on `passage`), or removes the one there: asking first
/// when it has a note, since one key must never destroy a note.
pub fn toggle_bookmark(cx: &Cx, i: usize, passage: Option<(usize, String)>) -> Vec<Effect> {
    let id = cx.lib.briefings[i].id.clone();
    let what = match &passage {
        Some((p, _)) => format!("paragraph {}", p + 1),
        None => "the briefing".to_string(),
    };
    let existing = match &passage {
        Some((p, text)) => cx.state.passage_mark(&id, *p, text),
        None => cx.state.briefing_mark(&id),
    };
    if let Some(existing) = existing {
        let remove = vec![
            Effect::Change(Change::Remove(existing.id.clone())),
            Effect::Say(format!("bookmark on {what} removed")),
        ];
        if existing.note.trim().is_empty() {
            return remove;
        }
        let yes = cx.keymap.name_in(Context::Confirm, Action::Yes);
        return vec![Effect::layer(Confirm::new(
            &format!(
                "Delete the bookmark on {what} and its note? {yes} deletes, any other key keeps it"
            ),
            remove,
            Some("kept".into()),
        ))];
    }
    vec![
        Effect::Change(Change::mark(&id, passage)),
        Effect::Say(format!(
            "bookmarked {what}; {} adds a note",
            cx.key(Action::EditNote)
        )),
    ]
}

impl View for AgendaState {
    fn context(&self) -> Context {
        Context::Agenda
    }

    fn sync(&mut self, cx: &Cx) {
        self.passages = cx
            .state
            .bookmarks
            .iter()
            .map(|m| strip_controls(&passage_line(cx.lib, m)))
            .collect();
        self.list.follow(cx.state.bookmarks.len(), rows(cx.area));
    }

    fn update(&mut self, input: Input, cx: &Cx) -> Vec<Effect> {
        let Input::Act(action) = input else {
            return Vec::new();
        };
        let rows = rows(cx.area);
        let n = cx.state.bookmarks.len();
        let selected = cx.state.bookmarks.get(self.list.selected);
        match action {
            Action::Up => self.list.move_by(-1, n, rows),
            Action::Down => self.list.move_by(1, n, rows),
            Action::PageUp => self.list.move_by(-(rows as isize), n, rows),
            Action::PageDown | Action::Mark => self.list.move_by(rows as isize, n, rows),
            Action::Top => self.list.go(0, n, rows),
            Action::Bottom => self.list.go(usize::MAX, n, rows),
            Action::Back => return vec![Effect::Back],
            Action::MoveItemUp | Action::MoveItemDown => {
                if let Some(b) = selected {
                    let delta = if action == Action::MoveItemUp { -1 } else { 1 };
                    let at = self.list.selected;
                    let moves = if delta < 0 { at > 0 } else { at + 1 < n };
                    if moves {
                        self.list.move_by(delta, n, rows);
                        return vec![Effect::Change(Change::Shift(b.id.clone(), delta))];
                    }
                }
            }
            Action::Delete => {
                if let Some(b) = selected {
                    let yes = cx.keymap.name_in(Context::Confirm, Action::Yes);
                    // It names the note only when there is one to lose.
                    let what = match b.note.trim().is_empty() {
                        true => "this bookmark",
                        false => "this bookmark and its note",
                    };
                    return vec![Effect::layer(Confirm::new(
                        &format!("Delete {what}? {yes} deletes, any other key keeps it"),
                        vec![
                            Effect::Change(Change::Remove(b.id.clone())),
                            Effect::Say("bookmark deleted".into()),
                        ],
                        Some("kept".into()),
                    ))];
                }
            }
            Action::EditNote => {
                if let Some(b) = selected {
                    return vec![Effect::layer(super::overlay::NoteEditor::new(
                        b.id.clone(),
                        b.note.clone(),
                    ))];
                }
            }
            Action::Open => {
                if let Some(b) = selected {
                    return match cx.lib.briefings.iter().position(|x| x.id == b.briefing) {
                        Some(i) => vec![Effect::Open(i, At::Bookmark(b.clone()))],
                        None => vec![Effect::Say(format!(
                            "{} is no longer in the library",
                            b.briefing
                        ))],
                    };
                }
            }
            Action::Present => {
                return if n > 0 {
                    vec![Effect::Go(super::view::Screen::Meeting)]
                } else {
                    vec![Effect::Say(
                        "the agenda is empty: bookmark something first".into(),
                    )]
                };
            }
            // Minutes of nothing would be an empty file written for no one.
            Action::Export if n == 0 => {
                return vec![Effect::Say(
                    "the agenda is empty: bookmark something first".into(),
                )];
            }
            Action::Export => {
                let name = format!("minutes-{}.md", chrono::Local::now().format("%Y-%m-%d"));
                return vec![Effect::layer(PromptLayer::new(
                    Asking::ExportPath,
                    "Export the minutes to:",
                    name,
                ))];
            }
            _ => {}
        }
        Vec::new()
    }

    fn render(&self, cx: &Cx, area: Rect, buf: &mut Buffer) {
        render(self, cx, area, buf);
    }

    fn briefing(&self, cx: &Cx) -> Option<usize> {
        let m = cx.state.bookmarks.get(self.list.selected)?;
        cx.lib.briefings.iter().position(|b| b.id == m.briefing)
    }

    fn hints(&self) -> Vec<(&'static [Action], &'static str)> {
        vec![
            (&[Action::Help], "help"),
            (&[Action::Present], "present"),
            (&[Action::EditNote], "note"),
            (&[Action::MoveItemDown, Action::MoveItemUp], "move"),
            (&[Action::Delete], "delete"),
            (&[Action::Export], "export"),
            (&[Action::Back], "back"),
        ]
    }
}

/// What an agenda item's second line says: where the mark is and what it holds.
fn passage_line(lib: &Library, m: &Bookmark) -> String {
    let Some(i) = lib.briefings.iter().position(|b| b.id == m.briefing) else {
        return format!("{} is no longer in the library", m.briefing);
    };
    // Its body, read now when the library reads bodies on demand.
    let b = match lib.briefing(i) {
        Ok(b) => b,
        Err(e) => return e.to_string(),
    };
    match passage_text(b, m) {
        None => "the whole briefing".to_string(),
        Some((_, Passage::Gone)) => format!(
            "passage gone from the text; it read: {}",
            m.quote.as_deref().unwrap_or_default()
        ),
        Some((text, _)) => format!("› {text}"),
    }
}

fn render(s: &AgendaState, app: &Cx, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let marks = &app.state.bookmarks;
    let head = format!(" Agenda · {} bookmark(s)", marks.len());
    put(buf, area.x, area.y, area.width, &head, t.heading, amb);
    if marks.is_empty() {
        let msg = format!(
            "No bookmarks yet. In the library or the reader, {} bookmarks a briefing or the passage in view.",
            app.key(Action::ToggleBookmark)
        );
        // Wrapped, never cut: it is what tells a first-time user how to fill the agenda.
        let rows = super::overlay::text_rows(app, &msg, area.width);
        for (i, row) in rows.iter().enumerate() {
            let y = area.y + 2 + i as u16;
            if y + 1 >= area.bottom() {
                break;
            }
            put(
                buf,
                area.x + 1,
                y,
                area.width.saturating_sub(2),
                row,
                t.dim,
                amb,
            );
        }
    }
    let rows = rows(area);
    for (row, i, selected, m) in s.list.in_view(marks, rows) {
        let y = area.y + 1 + 3 * row as u16;
        let row_area = Rect::new(
            area.x,
            y,
            area.width,
            3.min(area.bottom().saturating_sub(y + 1)),
        );
        let base = if selected { t.selected } else { Style::new() };
        if selected {
            buf.set_style(row_area, base);
        }
        let room = usize::from(area.width.saturating_sub(6));
        let b = app.lib.briefings.iter().find(|b| b.id == m.briefing);
        let title = b.map_or(m.briefing.clone(), |b| strip_controls(&b.meta.title));
        let facts = b.map_or(String::new(), |b| {
            let regions: Vec<String> = b.meta.regions.iter().map(label).collect();
            format!("{} {}", b.meta.date_label(), regions.join(" "))
        });
        let num = format!("{:>3}.", i + 1);
        put(buf, area.x, y, 4, &num, base.patch(t.dim), amb);
        // The title keeps most of the row: the date and regions beside it give way first.
        let title_room = room
            .saturating_sub(width(&facts, amb) + 2)
            .max(room * 3 / 5);
        let used = put(
            buf,
            area.x + 5,
            y,
            room as u16,
            &fit(&title, title_room, amb),
            base.patch(t.heading),
            amb,
        );
        let facts_room = room.saturating_sub(usize::from(used) + 2);
        put(
            buf,
            area.x + 7 + used,
            y,
            facts_room as u16,
            &fit(&facts, facts_room, amb),
            base.patch(t.place),
            amb,
        );
        let passage = match s.passages.get(i) {
            Some(p) => p.clone(),
            None => strip_controls(&passage_line(app.lib, m)),
        };
        put(
            buf,
            area.x + 5,
            y + 1,
            room as u16,
            &fit(&passage, room, amb),
            base,
            amb,
        );
        // Every line of the note, joined: its first line alone hid the rest (and a note that
        // began with a blank line read "(no note)").
        let note = m
            .note
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(" · ");
        let note = if note.is_empty() {
            "(no note)".to_string()
        } else {
            format!("✎ {}", strip_controls(&note))
        };
        put(
            buf,
            area.x + 5,
            y + 2,
            room as u16,
            &fit(&note, room, amb),
            base.patch(t.dim),
            amb,
        );
    }
    let status = Rect {
        y: area.bottom().saturating_sub(1),
        height: 1,
        ..area
    };
    let left = format!(
        "Agenda {}/{}",
        (s.list.selected + 1).min(marks.len()),
        marks.len()
    );
    let hints = super::view::hints(app, s);
    render_status(app, status, buf, &left, &hints);
}
