//! The search screen's state (the query being typed, its hits, the selection among them) and
//! the thread that answers its queries.

use super::app::{Prompt, Screen};
use super::cursor::Cursor;
use crate::briefing::Library;
use crate::search::{Hit, Index, Searcher};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The search screen's state.
#[derive(Debug)]
pub struct SearchState {
    /// The query.
    pub input: Prompt,
    /// The hits shown, best first: those of the query, or of an earlier one while it runs.
    pub hits: Vec<Hit>,
    /// The highlighted hit.
    pub list: Cursor,
    /// The screen to return to.
    pub origin: Screen,
    /// Whether the query has changed since it was last asked.
    pub edited: bool,
    /// The first and the last query asked from this screen, and the one whose hits are shown.
    first: u64,
    asked: u64,
    shown: u64,
}

impl SearchState {
    /// A search started from `origin`, with `query` already typed.
    pub fn new(origin: Screen, query: String) -> SearchState {
        SearchState {
            edited: !query.trim().is_empty(),
            input: Prompt::new("/", query),
            hits: Vec::new(),
            list: Cursor::default(),
            origin,
            first: 0,
            asked: 0,
            shown: 0,
        }
    }

    /// Whether the hits shown are those of the query as it stands.
    pub fn current(&self) -> bool {
        !self.edited && self.asked == self.shown
    }

    /// Records that the query went out as number `id`; returns it to send. An empty query
    /// needs no asking: it has no hits.
    pub fn ask(&mut self, id: u64) -> Option<String> {
        self.edited = false;
        if self.input.input.trim().is_empty() {
            self.hits.clear();
            self.list = Cursor::default();
            self.asked = self.shown;
            return None;
        }
        if self.first == 0 {
            self.first = id;
        }
        self.asked = id;
        Some(self.input.input.clone())
    }

    /// Takes the hits of query `id` if they are newer than those shown (and were asked from
    /// this screen); the selection goes back to the best hit. Returns whether they were taken.
    pub fn answer(&mut self, found: Found, height: usize) -> bool {
        if found.id < self.first.max(1) || found.id <= self.shown || found.id > self.asked {
            return false;
        }
        self.hits = found.hits;
        self.shown = found.id;
        self.list = Cursor::default();
        self.list.follow(self.hits.len(), height);
        true
    }

    /// The selected hit.
    pub fn selected(&self) -> Option<&Hit> {
        self.hits.get(self.list.selected)
    }
}

/// The hits of one query.
#[derive(Debug)]
pub struct Found {
    /// The number the query was asked with.
    pub id: u64,
    /// Its hits, best first.
    pub hits: Vec<Hit>,
}

/// Answers queries on a thread of its own, so that typing never waits for a search. Of the
/// queries waiting, only the newest runs; the thread builds the index before the first.
pub struct SearchWorker {
    lib: Arc<Library>,
    index: Arc<OnceLock<Index>>,
    way: Way,
    last: Option<(u64, String)>,
}

enum Way {
    Thread {
        jobs: mpsc::Sender<(u64, String)>,
        found: mpsc::Receiver<Found>,
    },
    /// No thread could be had (or it died): queries run on the caller's thread.
    Here {
        searcher: Searcher,
        found: Option<Found>,
    },
}

impl SearchWorker {
    /// Starts the thread, which begins by building the index unless it is built already.
    pub fn start(lib: Arc<Library>, index: Arc<OnceLock<Index>>) -> SearchWorker {
        let (jobs, inbox) = mpsc::channel::<(u64, String)>();
        let (outbox, found) = mpsc::channel();
        let (lib2, index2) = (Arc::clone(&lib), Arc::clone(&index));
        let spawned = std::thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                let index = index2.get_or_init(|| Index::build(&lib2));
                let mut searcher = Searcher::default();
                while let Ok(mut job) = inbox.recv() {
                    while let Ok(newer) = inbox.try_recv() {
                        job = newer;
                    }
                    let hits = searcher.search(index, &job.1);
                    if outbox.send(Found { id: job.0, hits }).is_err() {
                        return;
                    }
                }
            });
        let way = match spawned {
            Ok(_) => Way::Thread { jobs, found },
            Err(_) => Way::here(),
        };
        SearchWorker {
            lib,
            index,
            way,
            last: None,
        }
    }

    /// Sends query `text` as number `id`.
    pub fn ask(&mut self, id: u64, text: String) {
        self.last = Some((id, text.clone()));
        if let Way::Thread { jobs, .. } = &self.way
            && jobs.send((id, text)).is_err()
        {
            self.way = Way::here();
        }
        if let Way::Here { .. } = self.way {
            self.run_here();
        }
    }

    /// The next answer, waiting for it at most `wait`.
    pub fn answer(&mut self, wait: Duration) -> Option<Found> {
        match &mut self.way {
            Way::Thread { found, .. } => match found.recv_timeout(wait) {
                Ok(f) => Some(f),
                Err(RecvTimeoutError::Timeout) => None,
                Err(RecvTimeoutError::Disconnected) => {
                    // The thread is gone: the last query is answered here instead.
                    self.way = Way::here();
                    self.run_here();
                    self.answer(Duration::ZERO)
                }
            },
            Way::Here { found, .. } => found.take(),
        }
    }

    fn run_here(&mut self) {
        let index = self.index.get_or_init(|| Index::build(&self.lib));
        if let (Way::Here { searcher, found }, Some((id, text))) = (&mut self.way, &self.last) {
            *found = Some(Found {
                id: *id,
                hits: searcher.search(index, text),
            });
        }
    }
}

impl Way {
    fn here() -> Way {
        Way::Here {
            searcher: Searcher::default(),
            found: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::Field;

    fn found(id: u64, briefing: usize) -> Found {
        let hit = Hit {
            briefing,
            field: Field::Title,
            score: 1,
            start: 0,
            end: 1,
            section: None,
            entry: Some(0),
        };
        Found {
            id,
            hits: vec![hit],
        }
    }

    #[test]
    fn only_answers_to_queries_of_this_screen_newer_than_those_shown_are_taken() {
        let mut s = SearchState::new(Screen::Library, "lz".into());
        assert!(!s.current());
        assert_eq!(s.ask(5).as_deref(), Some("lz"));
        // A query from an earlier search screen, answered late.
        assert!(!s.answer(found(3, 0), 10));
        assert!(s.hits.is_empty());
        assert!(s.answer(found(5, 1), 10));
        assert!(s.current());
        // Two more keys: the first answer shows until the second comes; then nothing older.
        s.input.input.push('s');
        s.edited = true;
        s.ask(6);
        s.input.input.push('z');
        s.edited = true;
        s.ask(7);
        assert!(s.answer(found(6, 2), 10));
        assert!(!s.current());
        assert!(s.answer(found(7, 3), 10));
        assert!(!s.answer(found(6, 2), 10));
        assert_eq!(s.hits[0].briefing, 3);
        assert!(s.current());
    }

    #[test]
    fn an_empty_query_is_not_sent_and_has_no_hits() {
        let mut s = SearchState::new(Screen::Library, "  ".into());
        assert!(s.current());
        s.hits = found(1, 0).hits;
        s.edited = true;
        assert_eq!(s.ask(1), None);
        assert!(s.hits.is_empty());
        assert!(s.current());
    }

    #[test]
    fn the_worker_answers_the_newest_query() {
        let lib =
            Arc::new(crate::briefing::load_library(std::path::Path::new("briefings")).unwrap());
        let index = Arc::new(OnceLock::new());
        let mut w = SearchWorker::start(Arc::clone(&lib), Arc::clone(&index));
        w.ask(1, "liuzhou".into());
        w.ask(2, "chongqing".into());
        let mut last = None;
        while let Some(f) = w.answer(Duration::from_secs(30)) {
            let done = f.id == 2;
            last = Some(f);
            if done {
                break;
            }
        }
        let last = last.expect("an answer");
        assert_eq!(last.id, 2);
        assert_eq!(last.hits, index.get().unwrap().search("chongqing"));
        assert!(!last.hits.is_empty());
    }
}
