//! Carrying out the work `App` queues ([`Io`]): saving the state file, writing exports and
//! import drafts, asking the search thread. The event loop runs it with the search on its
//! own thread; tests run it inline ([`Driver`]), so that a key's whole effect is there when
//! the call returns and no test waits on a clock.

use super::app::{App, ExportError};
use super::search::{Found, SearchWorker};
use super::view::Io;
use crate::bookmarks::StateFile;
use crate::search::Searcher;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// A note being written, and where to save it: kept by the event loop as keys arrive, so that
/// a signal or a terminal that goes away saves the note as typed so far instead of losing it
/// (and leaving the bookmark with the empty note it was made with).
#[derive(Debug, Clone)]
pub struct NoteDraft {
    /// The state file.
    pub file: StateFile,
    /// The bookmark whose note it is.
    pub bookmark: String,
    /// The note as typed so far.
    pub text: String,
}

impl NoteDraft {
    /// Saves the note as typed so far. Returns whether its bookmark is still there.
    pub fn save(&self) -> Result<bool, crate::bookmarks::StateError> {
        self.file.save_note(&self.bookmark, &self.text)
    }
}

/// How searches are answered.
enum Searches {
    /// On a thread of their own (started once the first screen is up and the library has
    /// been checked against its files), and the query asked before it was.
    Thread(Option<(u64, SearchWorker)>, Option<(u64, String)>),
    /// At once, on the caller's thread.
    Inline(Searcher),
}

/// Carries out an app's [`Io`].
pub struct Runtime {
    file: Option<StateFile>,
    searches: Searches,
}

impl Runtime {
    /// Searches on a thread, as the event loop wants.
    pub fn threaded() -> Runtime {
        Runtime {
            file: None,
            searches: Searches::Thread(None, None),
        }
    }

    /// Everything at once on this thread, as tests want.
    pub fn inline() -> Runtime {
        Runtime {
            file: None,
            searches: Searches::Inline(Searcher::default()),
        }
    }

    /// Keeps bookmarks, notes and read marks in `file`, loading what it holds now into `app`.
    pub fn with_state(mut self, file: StateFile, app: &mut App) -> Runtime {
        match file.load() {
            Ok((state, aside)) => {
                app.state_loaded(state, aside);
                self.file = Some(file);
            }
            // A newer or unreadable file is left alone, and nothing is saved over it.
            Err(e) => app.say(format!("bookmarks are not saved this time: {e}")),
        }
        self
    }

    /// The note being written, if it must be saved should brief be ended now.
    pub fn note_draft(&self, app: &App) -> Option<NoteDraft> {
        let file = self.file.as_ref()?;
        let (bookmark, text) = app.note_draft()?;
        Some(NoteDraft {
            file: file.clone(),
            bookmark,
            text,
        })
    }

    /// Starts the search thread (which builds the index first) for `app`'s library, unless
    /// it runs already, or the library shown is still being checked against its files: the
    /// index is made once, from the library as it is (a query asked meanwhile waits).
    pub fn prepare_search(&mut self, app: &App) {
        if app.check != super::app::Check::Done {
            return;
        }
        if let Searches::Thread(worker, early) = &mut self.searches
            && worker.as_ref().is_none_or(|(g, _)| *g != app.generation)
        {
            let mut started =
                SearchWorker::start(std::sync::Arc::clone(&app.lib), app.shared_index());
            if let Some((id, query)) = early.take() {
                started.ask(id, query);
            }
            *worker = Some((app.generation, started));
        }
    }

    /// Where a paste not yet saved is kept: beside the state file, so that a dropped
    /// connection does not lose it.
    fn draft_path(&self) -> Option<PathBuf> {
        Some(
            self.file
                .as_ref()?
                .path()
                .with_file_name("import-draft.txt"),
        )
    }

    /// Carries out everything queued, and what that queues in turn; waits up to `wait` for
    /// the hits of the query as it stands (inline, they are there at once). Returns whether
    /// anything was done.
    pub fn run(&mut self, app: &mut App, wait: Duration) -> bool {
        let deadline = Instant::now() + wait;
        let mut done = false;
        loop {
            let io = app.take_io();
            let mut more = !io.is_empty();
            for job in io {
                self.carry_out(app, job);
            }
            if let Searches::Thread(Some((_, worker)), _) = &mut self.searches {
                let left = deadline.saturating_duration_since(Instant::now());
                let wait = if app.search_waiting() {
                    left
                } else {
                    Duration::ZERO
                };
                if let Some(found) = worker.answer(wait) {
                    app.found(found);
                    more = true;
                }
            }
            if !more {
                return done;
            }
            done = true;
        }
    }

    fn carry_out(&mut self, app: &mut App, job: Io) {
        match job {
            Io::Save(change) => {
                let Some(file) = &self.file else {
                    return;
                };
                match file.update(|s| change.apply(s)) {
                    Ok((state, _, aside)) => app.state_loaded(state, aside),
                    Err(e) => {
                        app.say(format!("not saved: {e}"));
                        if let Ok((state, aside)) = file.load() {
                            app.state_loaded(state, aside);
                        }
                    }
                }
            }
            Io::Search(id, query) => match &mut self.searches {
                Searches::Inline(searcher) => {
                    let hits = searcher.search(app.index(), &query);
                    app.found(Found {
                        id,
                        hits,
                        complete: true,
                    });
                }
                Searches::Thread(..) => {
                    self.prepare_search(app);
                    match &mut self.searches {
                        Searches::Thread(Some((g, worker)), _) if *g == app.generation => {
                            worker.ask(id, query)
                        }
                        Searches::Thread(_, early) => *early = Some((id, query)),
                        Searches::Inline(_) => {}
                    }
                }
            },
            Io::Export {
                path,
                text,
                done,
                force,
            } => {
                if path.exists() && !force {
                    app.exported(Err(ExportError::Exists(path)));
                    return;
                }
                app.exported(match std::fs::write(&path, text) {
                    Ok(()) => Ok(done),
                    Err(e) => Err(ExportError::Failed(format!(
                        "cannot write {}: {e}",
                        path.display()
                    ))),
                });
            }
            Io::OpenImport => {
                let draft = self.draft_path().filter(|p| p.is_file());
                let bytes = draft.and_then(|d| crate::briefing::read_regular_file(&d).ok());
                app.open_import(bytes);
            }
            Io::KeepDraft(text) => {
                // The state folder is made on the first save: a paste may come before any.
                let keep = |p: PathBuf| {
                    if let Some(dir) = p.parent() {
                        std::fs::create_dir_all(dir)?;
                    }
                    std::fs::write(p, text)
                };
                if let Some(Err(e)) = self.draft_path().map(keep) {
                    app.say(format!("the paste is not kept as a draft: {e}"));
                }
            }
            Io::DropDraft => {
                if let Some(p) = self.draft_path() {
                    let _ = std::fs::remove_file(p);
                }
            }
            Io::Reload => super::external::reload(app),
            Io::Reread(path, ran) => super::external::after_edit(app, &path, ran),
            Io::SaveImport(imported) => {
                let root = app.lib.root.clone();
                match imported.write_into(&root, false) {
                    Ok(path) => {
                        if let Some(p) = self.draft_path() {
                            let _ = std::fs::remove_file(p);
                        }
                        match app.lib.read_again() {
                            Ok(lib) => app.imported(path, lib, &imported.briefing.id),
                            Err(e) => app.say(format!(
                                "saved to {}, but the library could not be read again: {e}",
                                path.display()
                            )),
                        }
                    }
                    Err(e) => app.say(e.to_string()),
                }
            }
        }
    }
}

/// An [`App`] with an inline [`Runtime`]: each call carries out all it queued before it
/// returns. What tests and benchmarks drive.
pub struct Driver {
    /// The application.
    pub app: App,
    /// What carries out its work.
    pub rt: Runtime,
}

impl Driver {
    /// Drives `app`.
    pub fn new(app: App) -> Driver {
        Driver {
            app,
            rt: Runtime::inline(),
        }
    }

    /// Keeps the state in `file` (see [`Runtime::with_state`]).
    pub fn with_state(mut self, file: StateFile) -> Driver {
        self.rt = self.rt.with_state(file, &mut self.app);
        self
    }

    /// Presses `key`, and carries out what it asked.
    pub fn handle_key(&mut self, key: crate::keymap::Key) {
        self.handle_keys(&[key]);
    }

    /// Presses `keys` as one batch, and carries out what they asked.
    pub fn handle_keys(&mut self, keys: &[crate::keymap::Key]) {
        self.app.handle_keys(keys);
        self.rt.run(&mut self.app, Duration::ZERO);
    }

    /// Pastes `text`, and carries out what it asked.
    pub fn paste(&mut self, text: &str) {
        self.app.paste(text);
        self.rt.run(&mut self.app, Duration::ZERO);
    }

    /// The note being written, if it must be saved should brief be ended now.
    pub fn note_draft(&self) -> Option<NoteDraft> {
        self.rt.note_draft(&self.app)
    }

    /// Gives the app what came of its request (see [`App::finish`]), and carries out what
    /// that asked.
    pub fn finish(&mut self, outcome: super::external::Outcome) {
        self.app.finish(outcome);
        self.rt.run(&mut self.app, Duration::ZERO);
    }
}

impl std::ops::Deref for Driver {
    type Target = App;
    fn deref(&self) -> &App {
        &self.app
    }
}

impl std::ops::DerefMut for Driver {
    fn deref_mut(&mut self) -> &mut App {
        &mut self.app
    }
}
