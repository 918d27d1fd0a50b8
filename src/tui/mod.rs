//! The terminal interface: a thin layer of views over the domain modules.
//!
//! Each screen and overlay is a [`View`](view::View) in a module of its own (its state, its
//! update and its drawing); [`App`] routes keys through the key map to the view on top and
//! applies what it returns; [`Runtime`] carries out the work that touches the world; [`run`]
//! owns the terminal and restores it however the program ends.

mod agenda;
mod app;
mod compare;
mod cursor;
mod draw;
mod external;
mod import;
mod input;
mod layout;
mod library;
mod meeting;
mod overlay;
mod reader;
mod runtime;
mod search;
mod terminal;
mod theme;
mod view;

pub use agenda::AgendaState;
pub use app::{App, Check, ExportError, Views};
pub use compare::{CompareState, CompareTab};
pub use external::{Outcome, Request, links_shown, osc52, web_url};
pub use import::{FieldName, ImportState, Outcome as ImportOutcome};
pub use input::Prompt;
pub use library::{Grouping, LibraryState, Node, Pane, TreeRow, parse_range};
pub use meeting::MeetingState;
pub use overlay::{Confirm, Help, NoteEditor, PromptLayer};
pub use reader::{Focus, Line, LineKind, MatchAt, ReaderState};
pub use runtime::{Driver, NoteDraft, Runtime};
pub use search::SearchState;
pub use terminal::{LoadBehind, Opening, Start, key_from_event, run};
pub use theme::{Depth, Theme, depth};
pub use view::{Asking, At, Change, Cx, Effect, Input, Io, Overlay, Screen, View};

/// Where the terminal's cursor belongs in `app`'s frame (after typed text), if anywhere.
pub fn cursor(app: &App) -> Option<ratatui::layout::Position> {
    app.cursor()
}
