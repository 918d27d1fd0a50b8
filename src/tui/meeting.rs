//! Meeting mode: the agenda presented one passage at a time, full screen, for a projector:
//! the briefing, the section the passage stands in (its heading and regions), the passage
//! with its figures, and the note, readable from the back of the room.

use super::draw::{fit, put, put_marked, width};
use super::view::{Cx, Effect, Input, View, render_status};
use crate::bookmarks::{Bookmark, Passage, find_passage, paragraphs};
use crate::briefing::Briefing;
use crate::figures::{Kind, find_figures};
use crate::keymap::{Action, Context};
use crate::regions::label;
use crate::text::strip_controls;
use crate::wrap::wrap_spans;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use std::ops::Range;

/// Meeting mode's state: the item showing, and that item laid out for the screen.
#[derive(Debug, Clone, Default)]
pub struct MeetingState {
    /// The agenda item showing.
    pub item: usize,
    /// The item as drawn, made when the item, the bookmarks or the size change.
    laid: Option<Laid>,
}

/// A line of the passage, with its figures (byte ranges of the line, and kind).
type FigureLine = (String, Vec<(Range<usize>, Kind)>);

/// One item laid out: made once, drawn on every frame.
#[derive(Debug, Clone, PartialEq)]
struct Laid {
    /// What it was made from: the item, its bookmark, the width.
    key: (usize, Bookmark, u16),
    title: String,
    /// Date, source, and the regions of the passage's section (else of the briefing).
    facts: String,
    /// The heading of the section the passage stands in.
    heading: Option<String>,
    /// The passage's lines, each with its figures (byte ranges of the line, and kind).
    lines: Vec<FigureLine>,
    /// The note's lines, wrapped to the width: a long note is read whole, never cut.
    note: Vec<String>,
}

/// The note of `m` wrapped to `w` cells, its own line breaks kept.
fn note_lines(m: &Bookmark, w: u16, amb: bool) -> Vec<String> {
    let note = if m.note.trim().is_empty() {
        "(none yet)".to_string()
    } else {
        strip_controls(&m.note)
    };
    note.lines()
        .flat_map(|line| {
            let rows = crate::wrap::wrap_cells(line, usize::from(w), &[], amb);
            match rows.is_empty() {
                true => vec![String::new()],
                false => rows
                    .into_iter()
                    .map(|r| line[r].trim_end().to_string())
                    .collect(),
            }
        })
        .collect()
}

/// The width the passage is set in: two cells of margin each side at least, so that on a
/// projector at 80 columns the text does not touch the screen's edges.
fn text_width(cx: &Cx) -> u16 {
    cx.area
        .width
        .saturating_sub(4)
        .min(cx.config.text_width)
        .max(20)
}

/// The heading of the section holding paragraph `p` (counted without headings).
fn section_of(b: &Briefing, p: usize) -> Option<String> {
    let mut heading = None;
    let mut n = 0;
    for bl in b.blocks() {
        if bl.is_heading {
            heading = Some(bl.text.to_string());
        } else {
            if n == p {
                return heading;
            }
            n += 1;
        }
    }
    None
}

fn lay_out(cx: &Cx, item: usize, m: &Bookmark) -> Laid {
    let w = text_width(cx);
    let key = (item, m.clone(), w);
    let found = cx.lib.briefings.iter().position(|b| b.id == m.briefing);
    // Its body, read now when the library reads bodies on demand.
    let b = match found.map(|i| cx.lib.briefing(i)) {
        Some(Ok(b)) => b,
        gone => {
            return Laid {
                key,
                title: m.briefing.clone(),
                facts: match gone {
                    Some(Err(e)) => e.to_string(),
                    _ => "no longer in the library".into(),
                },
                heading: None,
                lines: Vec::new(),
                note: note_lines(m, w, cx.amb()),
            };
        }
    };
    // The passage where it is now, or the start of the briefing for a whole-briefing mark.
    let paras = paragraphs(&b.body);
    let (text, at) = match (m.paragraph, &m.quote) {
        (Some(p), Some(q)) => match find_passage(&paras, p, q) {
            Passage::InPlace(i) | Passage::Moved(i) => (paras[i].to_string(), Some(i)),
            Passage::Gone => (q.clone(), None),
        },
        _ => (paras.first().copied().unwrap_or_default().to_string(), None),
    };
    let heading = at.and_then(|i| section_of(b, i));
    let regions = heading
        .as_deref()
        .and_then(|h| b.section_regions(h))
        .filter(|r| !r.is_empty())
        .unwrap_or(&b.meta.regions);
    let mut facts = vec![b.meta.date_label()];
    facts.extend(b.meta.source.as_deref().map(strip_controls));
    let names: Vec<String> = regions.iter().map(|r| strip_controls(&label(r))).collect();
    if !names.is_empty() {
        facts.push(names.join(" "));
    }
    let text = strip_controls(&text);
    let figures = find_figures(&text);
    let keep: Vec<_> = figures.iter().map(|f| f.start..f.end).collect();
    let lines = wrap_spans(&text, usize::from(w), &keep, cx.amb())
        .into_iter()
        .map(|line| {
            let marks = line
                .spans
                .iter()
                .map(|(r, i)| (r.clone(), figures[*i].kind))
                .collect();
            (text[line.range].trim_end().to_string(), marks)
        })
        .collect();
    Laid {
        key,
        title: strip_controls(&b.meta.title),
        facts: facts.join(" · "),
        heading: heading.map(|h| strip_controls(&h)),
        lines,
        note: note_lines(m, w, cx.amb()),
    }
}

impl MeetingState {
    /// Meeting mode at agenda item `item`.
    pub fn at(item: usize) -> MeetingState {
        MeetingState { item, laid: None }
    }
}

impl View for MeetingState {
    fn context(&self) -> Context {
        Context::Meeting
    }

    fn sync(&mut self, cx: &Cx) {
        let n = cx.state.bookmarks.len();
        self.item = self.item.min(n.saturating_sub(1));
        self.laid = cx.state.bookmarks.get(self.item).map(|m| {
            let key = (self.item, m.clone(), text_width(cx));
            match self.laid.take() {
                Some(l) if l.key == key => l,
                _ => lay_out(cx, self.item, m),
            }
        });
    }

    fn update(&mut self, input: Input, cx: &Cx) -> Vec<Effect> {
        let n = cx.state.bookmarks.len();
        let Input::Act(action) = input else {
            return Vec::new();
        };
        match action {
            Action::Next if self.item + 1 < n => self.item += 1,
            Action::Next => return vec![Effect::Say("that was the last item".into())],
            Action::Previous if self.item > 0 => self.item -= 1,
            Action::Previous => return vec![Effect::Say("this is the first item".into())],
            // On a projector, quitting would drop the room to a shell: back goes to the agenda.
            Action::Back => return vec![Effect::Back],
            Action::Quit => return vec![Effect::Quit],
            Action::EditNote => {
                if let Some(b) = cx.state.bookmarks.get(self.item) {
                    return vec![Effect::layer(super::overlay::NoteEditor::new(
                        b.id.clone(),
                        b.note.clone(),
                    ))];
                }
            }
            _ => {}
        }
        self.sync(cx);
        Vec::new()
    }

    fn briefing(&self, cx: &Cx) -> Option<usize> {
        let m = cx.state.bookmarks.get(self.item)?;
        cx.lib.briefings.iter().position(|b| b.id == m.briefing)
    }

    fn hints(&self) -> Vec<(&'static [Action], &'static str)> {
        vec![
            (&[Action::Next], "next"),
            (&[Action::Previous], "previous"),
            (&[Action::EditNote], "note"),
            (&[Action::Back], "agenda"),
        ]
    }

    fn render(&self, cx: &Cx, area: Rect, buf: &mut Buffer) {
        let t = cx.theme;
        let amb = cx.amb();
        let marks = &cx.state.bookmarks;
        let (Some(_), Some(l)) = (marks.get(self.item), &self.laid) else {
            return;
        };
        let w = text_width(cx).min(area.width);
        let x = area.x + (area.width - w) / 2;
        let mut y = area.y + 1;
        let position = format!("{}/{}", self.item + 1, marks.len());
        put(
            buf,
            x,
            y,
            w,
            &position,
            t.focus.add_modifier(Modifier::BOLD),
            amb,
        );
        let pw = width(&position, amb) as u16 + 2;
        let room = w.saturating_sub(pw);
        put(
            buf,
            x + pw,
            y,
            room,
            &fit(&l.title, usize::from(room), amb),
            t.heading,
            amb,
        );
        y += 1;
        put(
            buf,
            x + pw,
            y,
            room,
            &fit(&l.facts, usize::from(room), amb),
            t.place,
            amb,
        );
        y += 2;
        if let Some(h) = &l.heading {
            put(buf, x, y, w, &fit(h, usize::from(w), amb), t.heading, amb);
            y += 1;
        }
        // The note keeps its rows (up to half the screen); the passage takes what is left.
        let note_rows = (l.note.len() as u16).clamp(1, (area.height / 2).max(1));
        let bottom = area.bottom().saturating_sub(note_rows + 4);
        for (line, figs) in &l.lines {
            if y >= bottom {
                put(buf, x, y, w, "…", t.dim, amb);
                y += 1;
                break;
            }
            let marks: Vec<_> = figs
                .iter()
                .map(|(r, k)| (r.clone(), t.figure(*k).add_modifier(Modifier::BOLD)))
                .collect();
            put_marked(buf, x, y, w, line, Style::new(), &marks, amb);
            y += 1;
        }
        y += 1;
        put(buf, x, y, w, "Note", t.heading, amb);
        y += 1;
        // The note in the text's own colour: dim grey vanishes on a projector.
        for (i, line) in l.note.iter().enumerate() {
            if y + 1 >= area.bottom() {
                break;
            }
            // The last row that fits says when more of the note is left.
            let line = match y + 2 >= area.bottom() && i + 1 < l.note.len() {
                true => "…",
                false => line.as_str(),
            };
            put(
                buf,
                x,
                y,
                w,
                line,
                Style::new().add_modifier(Modifier::ITALIC),
                amb,
            );
            y += 1;
        }
        let status = super::view::status_row(area);
        let hints = super::view::hints(cx, self);
        render_status(cx, status, buf, &format!("Meeting {position}"), &hints);
    }
}
