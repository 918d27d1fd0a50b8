//! The search screen's state: the query being typed, its hits, and the selection among them.

use super::app::{Prompt, Screen};
use super::cursor::Cursor;
use crate::search::{Hit, Index, Searcher};

/// The search screen's state.
#[derive(Debug)]
pub struct SearchState {
    /// The query.
    pub input: Prompt,
    /// Its hits, best first.
    pub hits: Vec<Hit>,
    /// The highlighted hit.
    pub list: Cursor,
    /// The screen to return to.
    pub origin: Screen,
    /// Whether the query has changed since `hits` were found.
    pub stale: bool,
    searcher: Searcher,
}

impl SearchState {
    /// A search started from `origin`, with `query` already typed.
    pub fn new(origin: Screen, query: String) -> SearchState {
        SearchState {
            input: Prompt::new("/", query),
            hits: Vec::new(),
            list: Cursor::default(),
            origin,
            stale: true,
            searcher: Searcher::default(),
        }
    }

    /// Runs the query as it stands; the selection goes back to the best hit.
    pub fn refresh(&mut self, index: &Index, height: usize) {
        self.hits = self.searcher.search(index, &self.input.input);
        self.stale = false;
        self.list = Cursor::default();
        self.list.follow(self.hits.len(), height);
    }

    /// The selected hit.
    pub fn selected(&self) -> Option<&Hit> {
        self.hits.get(self.list.selected)
    }
}
