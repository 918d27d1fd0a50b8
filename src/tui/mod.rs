//! The terminal interface: a thin layer of state, actions and views over the domain modules.
//!
//! [`App`] holds the state and changes only in `update`; the views draw it; [`run`] owns the
//! terminal and restores it however the program ends.

mod app;
mod bookmarks;
mod compare;
mod cursor;
mod draw;
mod external;
mod import;
mod layout;
mod library;
mod reader;
mod search;
mod terminal;
mod theme;
mod views;

pub use app::{App, Asking, NoteDraft, Prompt, Screen};
pub use bookmarks::{AgendaState, EditOutcome, NoteEditor};
pub use compare::{CompareState, CompareTab};
pub use external::{Outcome, Request, links_shown, osc52, web_url};
pub use import::{FieldName, ImportState, Outcome as ImportOutcome};
pub use library::{Grouping, LibraryState, Node, Pane, TreeRow, parse_range};
pub use reader::{Focus, Line, LineKind, MatchAt, ReaderState};
pub use search::SearchState;
pub use terminal::{key_from_event, run};
pub use theme::{Depth, Theme, depth};
pub use views::cursor;
