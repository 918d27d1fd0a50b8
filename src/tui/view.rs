//! What every screen and overlay is: a [`View`] with its state, its `update` (an input and a
//! context in, [`Effect`]s out), its drawing, its key hints and its cursor. The views know
//! nothing of each other or of [`App`](super::App): what they want done elsewhere (open a
//! briefing, go back, save the state, write a file) they return as effects, which the app
//! routes and the event loop carries out.

use super::draw::{fit, put, width};
use super::theme::Theme;
use crate::bookmarks::{Bookmark, State};
use crate::briefing::{Library, RegionRef};
use crate::config::Config;
use crate::keymap::{Action, Context, KeyMap};
use crate::search::{Hit, Index};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use std::cell::OnceCell;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::OnceLock;

/// Which screen is showing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    /// The library: tree and list.
    Library,
    /// One briefing.
    Reader,
    /// Search as you type.
    Search,
    /// The bookmarks: the meeting agenda.
    Bookmarks,
    /// The agenda presented one passage at a time.
    Meeting,
    /// Regions side by side.
    Compare,
    /// An article being imported: pasted or read, reviewed, saved.
    Import,
}

impl Screen {
    /// Every screen.
    pub const ALL: [Screen; 7] = [
        Screen::Library,
        Screen::Reader,
        Screen::Search,
        Screen::Bookmarks,
        Screen::Meeting,
        Screen::Compare,
        Screen::Import,
    ];
}

/// One key press as a view sees it: an action of its key table, or a character typed into
/// a view that takes text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// What the key is bound to here.
    Act(Action),
    /// A character with no binding, in a view that takes text.
    Type(char),
}

/// Where in a briefing the reader opens.
#[derive(Debug, Clone, PartialEq)]
pub enum At {
    /// The top; opened from a region of the tree, that region's section.
    Top(Option<RegionRef>),
    /// A search hit, with every match of the query marked.
    Hit(Hit, String),
    /// A sentence (character offsets in the body), marked as the one match.
    Sentence(Range<usize>),
    /// A bookmark's passage, wherever it is now.
    Bookmark(Bookmark),
    /// A paragraph, counted from 0 (headings do not count).
    Paragraph(usize),
}

/// A change to the bookmarks, notes, agenda or read marks.
#[derive(Debug, Clone, PartialEq)]
pub enum Change {
    /// Add a bookmark (made once, so that its id is the same in memory and in the file),
    /// unless its briefing or paragraph has one already.
    Mark(Bookmark),
    /// Remove a bookmark.
    Remove(String),
    /// Set a bookmark's note.
    Note(String, String),
    /// Move an agenda item up (-1) or down (1).
    Shift(String, isize),
    /// Mark a briefing read.
    Read(String),
}

impl Change {
    /// A new bookmark on briefing `briefing` (or its paragraph and quote), with no note.
    pub fn mark(briefing: &str, passage: Option<(usize, String)>) -> Change {
        let now = chrono::Utc::now();
        Change::Mark(Bookmark {
            id: crate::bookmarks::new_id(now),
            briefing: briefing.to_string(),
            paragraph: passage.as_ref().map(|(p, _)| *p),
            quote: passage.map(|(_, q)| q),
            note: String::new(),
            created: now,
            updated: now,
        })
    }

    /// Applies the change; an error says why it could not be.
    pub fn apply(&self, s: &mut State) -> Result<bool, String> {
        let now = chrono::Utc::now();
        Ok(match self {
            Change::Mark(b) => {
                let at = b
                    .paragraph
                    .map(|p| (p, b.quote.as_deref().unwrap_or_default()));
                let there = s.bookmarks.iter().any(|x| x.marks(&b.briefing, at));
                if !there {
                    s.bookmarks.push(b.clone());
                }
                !there
            }
            Change::Remove(id) => s.remove(id),
            Change::Note(id, text) => {
                if !s.set_note(id, text, now) {
                    return Err("the bookmark was deleted meanwhile (in another window?)".into());
                }
                true
            }
            Change::Shift(id, delta) => s.shift(id, *delta),
            Change::Read(id) => {
                s.read.insert(id.clone(), now);
                true
            }
        })
    }
}

/// A view that stacks over the screen (help, a prompt, the note editor, a question): any
/// [`View`], found again by its type.
pub trait Overlay: View + std::any::Any + std::fmt::Debug {}

impl<T: View + std::any::Any + std::fmt::Debug> Overlay for T {}

impl Effect {
    /// Puts `overlay` on top.
    pub fn layer(overlay: impl Overlay) -> Effect {
        Effect::Layer(Box::new(overlay))
    }
}

/// What the one-line prompt is asking for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asking {
    /// A date range for the library.
    Dates,
    /// Where to export the minutes.
    ExportPath,
    /// Where to export the comparison.
    CompareExportPath,
    /// Text to find in the open briefing.
    Find,
    /// A region of the library tree to jump to, as it is typed.
    Jump,
}

/// What a view asks of the app. Effects of one update are applied in order; one that fails
/// (a note whose bookmark has gone) drops those after it.
#[derive(Debug)]
pub enum Effect {
    /// Show a message on the status line until the next key.
    Say(String),
    /// Show `screen`, remembering the one showing so that back returns to it.
    Go(Screen),
    /// Back to the screen this one was reached from.
    Back,
    /// Leave brief.
    Quit,
    /// Open a briefing in the reader.
    Open(usize, At),
    /// Put an overlay on top.
    Layer(Box<dyn Overlay>),
    /// Take the top overlay away.
    Close,
    /// Change the state, and save it.
    Change(Change),
    /// Write a note for briefing `.0` (or its passage): bookmarks it first if need be.
    Note(usize, Option<(usize, String)>),
    /// The prompt's answer.
    Submit(Asking, String),
    /// The prompt's text as it stands, for a prompt that acts as it is typed.
    Typed(Asking, String),
    /// Show the comparison made.
    Compared(Box<crate::compare::Comparison>),
    /// Save the briefing being imported into the library.
    SaveImport,
    /// Throw away the paste kept as a draft, and leave the import screen.
    DiscardImport,
}

/// Work that touches the world, carried out by the event loop (or a test's [`Driver`]
/// (super::Driver)) after the keys of a batch: App itself never waits or writes.
#[derive(Debug, Clone)]
pub enum Io {
    /// Save a change to the state file.
    Save(Change),
    /// Ask the search thread query `.1` as number `.0`.
    Search(u64, String),
    /// Write `text` to `path` (`force`: over a file already there), then say `done`.
    Export {
        /// Where.
        path: PathBuf,
        /// What.
        text: String,
        /// The message once written.
        done: String,
        /// Whether a file already there is written over.
        force: bool,
    },
    /// Read the import draft kept beside the state file, and open the import screen.
    OpenImport,
    /// Keep a paste beside the state file until it is saved.
    KeepDraft(String),
    /// Remove the import draft.
    DropDraft,
    /// Write the imported briefing into the library, read it again and open it.
    SaveImport(Box<crate::import::Imported>),
    /// Read the library again from disk, keeping what is selected and read.
    Reload,
    /// The editor ran on a briefing's file (how it ended): read the file and the library
    /// again.
    Reread(PathBuf, Result<Option<i32>, String>),
}

/// What a view sees of the rest of the application while it updates or draws.
pub struct Cx<'a> {
    /// The briefings.
    pub lib: &'a Library,
    /// The settings.
    pub config: &'a Config,
    /// Key bindings.
    pub keymap: &'a KeyMap,
    /// Styles.
    pub theme: &'a Theme,
    /// Bookmarks, notes, the agenda, read marks.
    pub state: &'a State,
    /// The search index, once built.
    pub index: &'a OnceLock<Index>,
    /// The terminal's size.
    pub area: Rect,
    /// The status line's message.
    pub message: Option<&'a str>,
    /// The key table of the view being served: hints name its keys.
    pub context: Context,
    /// Key figure counts, taken on first use.
    pub counts: &'a [OnceCell<usize>],
    /// Whether the library shown has been checked against its files yet.
    pub check: super::app::Check,
}

impl Cx<'_> {
    /// The search index, built now if it is not yet.
    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build_kept(self.lib))
    }

    /// Whether the search index has been built.
    pub fn index_ready(&self) -> bool {
        self.index.get().is_some()
    }

    /// How many key figures briefing `i` has (counted on first use).
    pub fn figure_count(&self, i: usize) -> usize {
        match self.counts.get(i) {
            Some(c) => *c.get_or_init(|| self.lib.figure_count(i)),
            None => 0,
        }
    }

    /// The first key for `action` in this view's table (`?`, `esc`), or `-`.
    pub fn key(&self, action: Action) -> String {
        self.keymap.name_in(self.context, action)
    }

    /// Whether ambiguous-width characters take two cells.
    pub fn amb(&self) -> bool {
        self.theme.ambiguous_wide
    }
}

/// A screen or an overlay.
pub trait View {
    /// The key table this view reads keys through.
    fn context(&self) -> Context;
    /// Takes one input; returns what it asks of the app.
    fn update(&mut self, input: Input, cx: &Cx) -> Vec<Effect>;
    /// Draws itself in `area`.
    fn render(&self, cx: &Cx, area: Rect, buf: &mut Buffer);
    /// What its status line names: actions (one, or a pair such as down/up) each with a
    /// word, most useful first.
    fn hints(&self) -> Vec<(&'static [Action], &'static str)> {
        Vec::new()
    }
    /// Where the terminal's cursor belongs (after typed text), if anywhere.
    fn cursor(&self, _cx: &Cx, _area: Rect) -> Option<Position> {
        None
    }
    /// The terminal's size or the data it shows changed: lay out again what depends on them
    /// (so that drawing a frame only draws).
    fn sync(&mut self, _cx: &Cx) {}
    /// The briefing at hand (read, or selected), for the keys that act on one: edit, open.
    fn briefing(&self, _cx: &Cx) -> Option<usize> {
        None
    }
}

/// The status line: where you are on the left, as many key hints as fit on the right; the
/// message takes the left part over.
pub fn render_status(cx: &Cx, area: Rect, buf: &mut Buffer, left: &str, hints: &[String]) {
    let amb = cx.amb();
    let t = cx.theme;
    buf.set_style(area, t.status);
    let total = usize::from(area.width);
    let left_w = match cx.message {
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
    let (text, style) = match cx.message {
        Some(msg) => (msg, t.status.patch(t.warning)),
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

/// The hints of `view` as the status line shows them (`? help`, `/ search`).
pub fn hints(cx: &Cx, view: &dyn View) -> Vec<String> {
    view.hints()
        .into_iter()
        .map(|(actions, word)| {
            let keys: Vec<String> = actions.iter().map(|a| cx.key(*a)).collect();
            format!("{} {word}", keys.join("/"))
        })
        .collect()
}

/// The last row of `area`.
pub fn status_row(area: Rect) -> Rect {
    Rect {
        y: area.bottom().saturating_sub(1),
        height: area.height.min(1),
        ..area
    }
}
