//! The bookmarks view (the agenda), meeting mode, and the note editor drawn over any view.

use super::super::app::App;
use super::super::draw::{fit, put, put_marked, width};
use super::super::layout::centred;
use super::{hint, render_status};
use crate::bookmarks::{Bookmark, Passage, passage_text};
use crate::figures::find_figures;
use crate::keymap::Action;
use crate::regions::label;
use crate::text::strip_controls;
use crate::wrap::{wrap_cells, wrap_spans};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, Clear, Widget};

/// What an agenda item's second line says: where the mark is and what it holds.
fn passage_line(app: &App, m: &Bookmark) -> String {
    let Some(b) = app.lib.briefings.iter().find(|b| b.id == m.briefing) else {
        return format!("{} is no longer in the library", m.briefing);
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

pub fn render_agenda(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let marks = &app.state.bookmarks;
    let head = format!(" Agenda · {} bookmark(s)", marks.len());
    put(buf, area.x, area.y, area.width, &head, t.heading, amb);
    if marks.is_empty() {
        let msg = format!(
            "No bookmarks yet. In the library or the reader, {} bookmarks a briefing or the passage in view.",
            super::key_name(app, Action::ToggleBookmark)
        );
        put(
            buf,
            area.x + 1,
            area.y + 2,
            area.width.saturating_sub(2),
            &fit(&msg, usize::from(area.width.saturating_sub(2)), amb),
            t.dim,
            amb,
        );
    }
    let rows = app.agenda_rows();
    for (row, (i, m)) in marks
        .iter()
        .enumerate()
        .skip(app.agenda.list.offset)
        .take(rows)
        .enumerate()
    {
        let y = area.y + 1 + 3 * row as u16;
        let selected = i == app.agenda.list.selected;
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
        let used = put(
            buf,
            area.x + 5,
            y,
            room as u16,
            &fit(&title, room.saturating_sub(width(&facts, amb) + 2), amb),
            base.patch(t.heading),
            amb,
        );
        put(
            buf,
            area.x + 7 + used,
            y,
            area.width.saturating_sub(used + 8),
            &facts,
            base.patch(t.place),
            amb,
        );
        let passage = strip_controls(&passage_line(app, m));
        put(
            buf,
            area.x + 5,
            y + 1,
            room as u16,
            &fit(&passage, room, amb),
            base,
            amb,
        );
        let note = m.note.lines().next().unwrap_or_default();
        let note = if note.is_empty() {
            "(no note)".to_string()
        } else {
            format!("✎ {}", strip_controls(note))
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
    let left = match &app.agenda.confirm_delete {
        Some(_) => {
            "Delete this bookmark and its note? y deletes, any other key keeps it".to_string()
        }
        None => format!(
            "Agenda {}/{}",
            (app.agenda.list.selected + 1).min(marks.len()),
            marks.len()
        ),
    };
    let hints = [
        hint(app, Action::Help, "help"),
        hint(app, Action::Present, "present"),
        hint(app, Action::EditNote, "note"),
        format!(
            "{}/{} move",
            super::key_name(app, Action::MoveItemDown),
            super::key_name(app, Action::MoveItemUp)
        ),
        hint(app, Action::Delete, "delete"),
        hint(app, Action::Export, "export"),
        hint(app, Action::Back, "back"),
    ];
    render_status(app, status, buf, &left, &hints);
}

pub fn render_meeting(app: &App, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let marks = &app.state.bookmarks;
    let Some(m) = marks.get(app.meeting) else {
        return;
    };
    let w = area.width.min(app.config.text_width).max(20);
    let x = area.x + (area.width - w.min(area.width)) / 2;
    let b = app.lib.briefings.iter().find(|b| b.id == m.briefing);
    let mut y = area.y + 1;
    let position = format!("{}/{}", app.meeting + 1, marks.len());
    put(
        buf,
        x,
        y,
        w,
        &position,
        t.focus.add_modifier(Modifier::BOLD),
        amb,
    );
    if let Some(b) = b {
        let title = strip_controls(&b.meta.title);
        let pw = width(&position, amb) as u16 + 2;
        put(
            buf,
            x + pw,
            y,
            w.saturating_sub(pw),
            &fit(&title, usize::from(w.saturating_sub(pw)), amb),
            t.heading,
            amb,
        );
        y += 1;
        put(
            buf,
            x + pw,
            y,
            w.saturating_sub(pw),
            &b.meta.facts(),
            t.place,
            amb,
        );
    }
    y += 2;
    // The passage, or the start of the briefing for a whole-briefing bookmark.
    let text = match b.and_then(|b| passage_text(b, m)) {
        Some((text, _)) => text,
        None => b
            .map(|b| {
                crate::bookmarks::paragraphs(&b.body)
                    .first()
                    .copied()
                    .unwrap_or_default()
                    .to_string()
            })
            .unwrap_or_default(),
    };
    let text = strip_controls(&text);
    let figures = find_figures(&text);
    let keep: Vec<_> = figures.iter().map(|f| f.start..f.end).collect();
    let note_room = 2 + m.note.lines().count().max(1) as u16;
    let bottom = area.bottom().saturating_sub(note_room + 2);
    for line in wrap_spans(&text, usize::from(w), &keep, amb) {
        if y >= bottom {
            put(buf, x, y, w, "…", t.dim, amb);
            y += 1;
            break;
        }
        let marks: Vec<_> = line
            .spans
            .iter()
            .map(|(r, i)| {
                let style = t.figure(figures[*i].kind).add_modifier(Modifier::BOLD);
                (r.clone(), style)
            })
            .collect();
        let shown = text[line.range].trim_end();
        put_marked(buf, x, y, w, shown, Style::new(), &marks, amb);
        y += 1;
    }
    y += 1;
    put(buf, x, y, w, "Note", t.heading, amb);
    y += 1;
    let note = if m.note.trim().is_empty() {
        "(none yet)".to_string()
    } else {
        strip_controls(&m.note)
    };
    for line in note.lines() {
        if y + 1 >= area.bottom() {
            break;
        }
        put(
            buf,
            x,
            y,
            w,
            line,
            t.dim.patch(Style::new().add_modifier(Modifier::ITALIC)),
            amb,
        );
        y += 1;
    }
    let status = Rect {
        y: area.bottom().saturating_sub(1),
        height: 1,
        ..area
    };
    let hints = [
        "n/space next".to_string(),
        "p/backspace previous".to_string(),
        hint(app, Action::EditNote, "note"),
        "esc agenda".to_string(),
    ];
    render_status(app, status, buf, &format!("Meeting {position}"), &hints);
}

/// The editor box, its rows of text (wrapped), the first row shown, and the cursor's cell.
struct EditorLayout {
    area: Rect,
    rows: Vec<String>,
    first: usize,
    cursor: (u16, u16),
}

fn editor_layout(app: &App, screen: Rect) -> Option<EditorLayout> {
    let e = app.editor.as_ref()?;
    let amb = app.theme.ambiguous_wide;
    let area = centred(
        screen,
        72.min(screen.width.saturating_sub(2)),
        12.min(screen.height.saturating_sub(2)),
    );
    let inner_w = usize::from(area.width.saturating_sub(4)).max(4);
    let inner_h = usize::from(area.height.saturating_sub(2)).max(1);
    let mut rows = Vec::new();
    let mut cursor = (0usize, 0usize);
    let mut chars_before = 0usize;
    for logical in e.text.split('\n') {
        let n = logical.chars().count();
        for range in wrap_cells(logical, inner_w, &[], amb) {
            let start_c = chars_before + logical[..range.start].chars().count();
            let end_c = chars_before + logical[..range.end].chars().count();
            if e.cursor >= start_c
                && (e.cursor < end_c || (e.cursor == end_c && range.end == logical.len()))
            {
                let before: String = logical[range.start..]
                    .chars()
                    .take(e.cursor - start_c)
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
    Some(EditorLayout {
        area,
        rows,
        first,
        cursor: (cx, cy),
    })
}

pub fn render_editor(app: &App, screen: Rect, buf: &mut Buffer) {
    let Some(l) = editor_layout(app, screen) else {
        return;
    };
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    Clear.render(l.area, buf);
    let block = Block::bordered()
        .border_set(t.border_set)
        .border_style(t.focus)
        .title(" Note · enter new line · ctrl-s save · esc cancel ");
    let inner = block.inner(l.area);
    block.render(l.area, buf);
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
}

/// Where the terminal's cursor goes while a note is being written.
pub fn editor_cursor(app: &App) -> Option<Position> {
    editor_layout(app, app.area).map(|l| Position::new(l.cursor.0, l.cursor.1))
}
