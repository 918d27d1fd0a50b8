//! The application: the library, the settings, the views, the overlays over them and the way
//! back. `App` only routes: a key goes through the key map of the view on top to that view,
//! and what the view returns ([`Effect`]s) is applied here. Work that touches the world
//! (saving the state, writing a file, asking the search thread) is queued as [`Io`] for the
//! event loop, and its results come back through the methods at the end of this file.

use super::agenda::AgendaState;
use super::compare::CompareState;
use super::external::{Outcome, Request};
use super::import::ImportState;
use super::library::LibraryState;
use super::meeting::MeetingState;
use super::overlay::{Confirm, Help, NoteEditor, PromptLayer};
use super::reader::{ReaderState, Shown};
use super::search::{Found, SearchState};
use super::theme::{Depth, Theme};
use super::view::{Asking, At, Change, Cx, Effect, Input, Io, Overlay, Screen, View};
use crate::bookmarks::{SetAside, State};
use crate::briefing::Library;
use crate::config::Config;
use crate::keymap::{Action, Context, Key, KeyCode, KeyMap};
use crate::search::Index;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::widgets::Widget;
use std::cell::OnceCell;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// The screens' states. A screen that has not been opened yet has none.
pub struct Views {
    /// The library: tree and list.
    pub library: LibraryState,
    /// The reader, once a briefing has been opened.
    pub reader: Option<ReaderState>,
    /// The search screen, once a search has been started.
    pub search: Option<SearchState>,
    /// The agenda.
    pub agenda: AgendaState,
    /// Meeting mode.
    pub meeting: MeetingState,
    /// The comparison, once one has been made.
    pub compare: Option<CompareState>,
    /// The import screen, while it is open.
    pub import: Option<ImportState>,
}

impl Views {
    /// The view of `screen`, if it has one.
    pub fn get(&self, screen: Screen) -> Option<&dyn View> {
        match screen {
            Screen::Library => Some(&self.library),
            Screen::Reader => self.reader.as_ref().map(|v| v as &dyn View),
            Screen::Search => self.search.as_ref().map(|v| v as &dyn View),
            Screen::Bookmarks => Some(&self.agenda),
            Screen::Meeting => Some(&self.meeting),
            Screen::Compare => self.compare.as_ref().map(|v| v as &dyn View),
            Screen::Import => self.import.as_ref().map(|v| v as &dyn View),
        }
    }

    /// [`Views::get`], to change.
    pub fn get_mut(&mut self, screen: Screen) -> Option<&mut dyn View> {
        match screen {
            Screen::Library => Some(&mut self.library),
            Screen::Reader => self.reader.as_mut().map(|v| v as &mut dyn View),
            Screen::Search => self.search.as_mut().map(|v| v as &mut dyn View),
            Screen::Bookmarks => Some(&mut self.agenda),
            Screen::Meeting => Some(&mut self.meeting),
            Screen::Compare => self.compare.as_mut().map(|v| v as &mut dyn View),
            Screen::Import => self.import.as_mut().map(|v| v as &mut dyn View),
        }
    }
}

/// Whether the library shown has been checked against its files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Check {
    /// It has: read from them, or from a catalog checked against them.
    #[default]
    Done,
    /// It is the catalog as last written, shown while it is checked behind the screen
    /// ([`App::library_checked`] takes the result). How far, when the check reads files
    /// enough to count.
    Behind(Option<(usize, usize)>),
    /// There was no catalog to show: the library is being read for the first time, and
    /// shows when it has been. How far (files read, of how many), once counted.
    FirstBuild(Option<(usize, usize)>),
}

/// What the status line says of the files of `lib` that could not be read, if any.
fn skipped(lib: &Library) -> Option<String> {
    match lib.errors.len() {
        0 => None,
        1 => Some("1 file could not be read and was skipped: `brief check` says why".into()),
        n => Some(format!(
            "{n} files could not be read and were skipped: `brief check` says why"
        )),
    }
}

/// Actions that act at once on the library screen while a first read runs: the others
/// (moving, opening, folding ...) wait for the library they are meant for.
const WHILE_READING: [Action; 6] = [
    Action::Quit,
    Action::Help,
    Action::Search,
    Action::Bookmarks,
    Action::Import,
    Action::Reload,
];

/// The whole application state.
pub struct App {
    /// The briefings (shared with the thread that may build the search index).
    pub lib: Arc<Library>,
    /// The settings.
    pub config: Config,
    /// Key bindings.
    pub keymap: KeyMap,
    /// Styles for this terminal.
    pub theme: Theme,
    /// Which screen is showing.
    pub screen: Screen,
    /// The screens it was reached from, the latest last: where back goes.
    back: Vec<Screen>,
    /// The overlays, bottom first: the last one takes the keys.
    pub layers: Vec<Box<dyn Overlay>>,
    /// The screens.
    pub views: Views,
    /// Bookmarks, notes, the agenda and read marks, as last saved.
    pub state: State,
    /// The search index: built when first needed, or ahead of time on another thread.
    index: Arc<OnceLock<Index>>,
    /// Which library this is: a library read again gets a new one, and a new index.
    pub generation: u64,
    /// How many search queries have been asked.
    queries: u64,
    /// Keys typed on the search screen that wait for the hits of the query before them.
    held: Vec<Key>,
    /// An existing file the user was told an export would write over: Enter again on the
    /// same path writes over it.
    overwrite: Option<PathBuf>,
    /// Work for the event loop.
    io: Vec<Io>,
    /// What the event loop is to do outside brief (edit, copy, open), once asked: it needs
    /// the terminal, which is the loop's to lend.
    pub request: Option<Request>,
    /// A message for the status line, until the next key.
    pub message: Option<String>,
    /// Set when the user asked to quit.
    pub should_quit: bool,
    /// The terminal's size.
    pub area: Rect,
    counts: Vec<OnceCell<usize>>,
    /// Whether the library shown has been checked against its files yet.
    pub check: Check,
}

/// What the views see: built from the app's fields, so that a view can be borrowed to change
/// beside it.
macro_rules! cx {
    ($app:expr, $context:expr) => {
        Cx {
            lib: &$app.lib,
            config: &$app.config,
            keymap: &$app.keymap,
            theme: &$app.theme,
            state: &$app.state,
            index: &$app.index,
            area: $app.area,
            message: $app.message.as_deref(),
            context: $context,
            counts: &$app.counts,
            check: $app.check,
        }
    };
}

/// Actions every screen that takes commands understands the same way.
const GLOBAL: [Action; 9] = [
    Action::Quit,
    Action::Help,
    Action::Search,
    Action::Bookmarks,
    Action::Import,
    Action::Edit,
    Action::Reload,
    Action::Copy,
    Action::OpenUrl,
];

impl App {
    /// The application over `lib` with `config`, drawing at `depth`, in a terminal of `area`.
    pub fn new(lib: Library, config: Config, depth: Depth, area: Rect) -> App {
        let keymap = KeyMap::new(&config.keys);
        let theme = Theme::new(&config, depth);
        let library = LibraryState::new(&lib);
        let message = skipped(&lib);
        let counts = (0..lib.briefings.len()).map(|_| OnceCell::new()).collect();
        let mut app = App {
            lib: Arc::new(lib),
            config,
            keymap,
            theme,
            screen: Screen::Library,
            back: Vec::new(),
            layers: Vec::new(),
            views: Views {
                library,
                reader: None,
                search: None,
                agenda: AgendaState::default(),
                meeting: MeetingState::default(),
                compare: None,
                import: None,
            },
            state: State::default(),
            index: Arc::default(),
            generation: 0,
            queries: 0,
            held: Vec::new(),
            overwrite: None,
            io: Vec::new(),
            request: None,
            message,
            should_quit: false,
            area,
            counts,
            check: Check::Done,
        };
        app.resize(area);
        app
    }

    /// The search index the search thread builds and answers from.
    pub fn shared_index(&self) -> Arc<OnceLock<Index>> {
        Arc::clone(&self.index)
    }

    /// The search index, built on first use (or waited for, while another thread builds it).
    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build_kept(&self.lib))
    }

    /// Whether the search index has been built.
    pub fn index_ready(&self) -> bool {
        self.index.get().is_some()
    }

    /// The work queued for the event loop, taken.
    pub fn take_io(&mut self) -> Vec<Io> {
        std::mem::take(&mut self.io)
    }

    /// Whether the terminal is below the configured minimum size.
    pub fn is_too_small(&self) -> bool {
        self.area.width < self.config.min_width || self.area.height < self.config.min_height
    }

    /// The topmost overlay of type `T`, if one is open.
    pub fn overlay<T: Overlay>(&self) -> Option<&T> {
        self.layers
            .iter()
            .rev()
            .find_map(|l| (l.as_ref() as &dyn std::any::Any).downcast_ref::<T>())
    }

    /// The top overlay, if it is of type `T`.
    fn top_mut<T: Overlay>(&mut self) -> Option<&mut T> {
        let top = self.layers.last_mut()?;
        (top.as_mut() as &mut dyn std::any::Any).downcast_mut::<T>()
    }

    /// The help overlay, when it is open.
    pub fn help(&self) -> Option<&Help> {
        self.overlay()
    }

    /// The prompt, when it is open.
    pub fn prompt(&self) -> Option<&PromptLayer> {
        self.overlay()
    }

    /// The note editor, when it is open.
    pub fn editor(&self) -> Option<&NoteEditor> {
        self.overlay()
    }

    /// The question being asked, when there is one.
    pub fn question(&self) -> Option<&str> {
        let top = self.layers.last()?;
        let c = (top.as_ref() as &dyn std::any::Any).downcast_ref::<Confirm>()?;
        Some(&c.question)
    }

    /// The note being written, when it differs from the one saved: its bookmark and text,
    /// what must be saved if brief is ended before the user saves it.
    pub fn note_draft(&self) -> Option<(String, String)> {
        let editor = self.editor()?;
        let saved = self
            .state
            .bookmarks
            .iter()
            .find(|b| b.id == editor.bookmark)
            .map(|b| b.note.as_str());
        (saved != Some(editor.text.as_str()))
            .then(|| (editor.bookmark.clone(), editor.text.clone()))
    }

    /// Takes a new terminal size: every view lays itself out again and keeps its place.
    pub fn resize(&mut self, area: Rect) {
        self.area = area;
        for screen in Screen::ALL {
            self.sync(screen);
        }
    }

    /// Lets the view of `screen` lay out again what depends on the size and the data.
    fn sync(&mut self, screen: Screen) {
        let cx = cx!(self, Context::General);
        if let Some(v) = self.views.get_mut(screen) {
            v.sync(&cx);
        }
    }

    /// The key table of what takes keys now: the top overlay, else the screen.
    pub fn context(&self) -> Context {
        match self.layers.last() {
            Some(l) => l.context(),
            None => self
                .views
                .get(self.screen)
                .map_or(Context::General, |v| v.context()),
        }
    }

    /// What `key` means where it is pressed now.
    fn resolve(&self, key: Key) -> Option<Input> {
        let context = self.context();
        if let Some(a) = self.keymap.action_in(context, key) {
            return Some(Input::Act(a));
        }
        match key.code {
            KeyCode::Char(c) if context.takes_text() && !key.ctrl && !key.alt => {
                Some(Input::Type(c))
            }
            // A question takes every key: any but yes is no.
            _ if context == Context::Confirm => Some(Input::Act(Action::Cancel)),
            _ => None,
        }
    }

    /// Handles one key press.
    pub fn handle_key(&mut self, key: Key) {
        self.handle_keys(&[key]);
    }

    /// Handles keys that arrived together, one at a time, except that a search query they
    /// type is asked once, at the end.
    pub fn handle_keys(&mut self, keys: &[Key]) {
        for &key in keys {
            self.key(key);
        }
        self.ask();
    }

    fn key(&mut self, key: Key) {
        // Keys that choose a hit wait, in order with those after them, for the hits of the
        // query typed before them; back gives up waiting.
        if self.screen == Screen::Search && self.layers.is_empty() {
            match self.keymap.action_in(Context::Search, key) {
                Some(Action::Back) => self.held.clear(),
                a if !self.held.is_empty() || (choosing(a) && self.search_waiting()) => {
                    self.ask();
                    self.held.push(key);
                    return;
                }
                _ => {}
            }
        }
        // Keys typed on the empty screen of a first read act on the library when it comes,
        // as keys typed ahead of a screen do; once one waits, those after it wait too (but
        // quitting), so that they act in the order typed.
        if matches!(self.check, Check::FirstBuild(_))
            && self.screen == Screen::Library
            && self.layers.is_empty()
            && !self
                .keymap
                .action_in(Context::Library, key)
                .is_some_and(|a| {
                    a == Action::Quit || (self.held.is_empty() && WHILE_READING.contains(&a))
                })
        {
            self.held.push(key);
            self.message = Some(format!(
                "{} key(s) wait for the library to be read",
                self.held.len()
            ));
            return;
        }
        self.message = None;
        let input = self.resolve(key);
        // Esc then a key, typed quickly or over a slow link, arrives as Alt and the key: unless
        // the key map binds it, it is both, wherever it is pressed.
        if key.alt && input.is_none() {
            self.key(Key::plain(KeyCode::Esc));
            self.key(Key { alt: false, ..key });
            return;
        }
        if let Some(input) = input {
            self.input(input);
        }
    }

    /// Carries out one input: the top overlay takes it, else the global actions, else the
    /// screen.
    pub fn input(&mut self, input: Input) {
        let context = self.context();
        let effects = if let Some(layer) = self.layers.last_mut() {
            let cx = cx!(self, context);
            layer.update(input, &cx)
        } else {
            match input {
                Input::Act(a) if GLOBAL.contains(&a) && self.global(a) => Vec::new(),
                _ => {
                    let cx = cx!(self, context);
                    match self.views.get_mut(self.screen) {
                        Some(v) => v.update(input, &cx),
                        None => vec![Effect::Back],
                    }
                }
            }
        };
        self.apply(effects);
        self.sync(self.screen);
    }

    /// Carries out an action every screen shares; returns false to leave it to the screen.
    fn global(&mut self, action: Action) -> bool {
        match action {
            Action::Quit => self.should_quit = true,
            Action::Help => {
                let first = self.context();
                self.layers.push(Box::new(Help::on(first)));
            }
            Action::Search => self.start_search(),
            Action::Bookmarks if self.screen != Screen::Bookmarks => {
                self.go(Screen::Bookmarks);
            }
            Action::Import if self.screen != Screen::Import => self.io.push(Io::OpenImport),
            Action::Reload => match self.check {
                // A read of every file runs already; a second would only wait for the same.
                Check::FirstBuild(_) => {
                    self.message =
                        Some("the library is still being read: it shows when done".into())
                }
                _ => self.io.push(Io::Reload),
            },
            Action::Edit | Action::OpenUrl => {
                let at_hand = self.views.get(self.screen).and_then(|v| {
                    let cx = cx!(self, v.context());
                    v.briefing(&cx)
                });
                let asked = at_hand
                    .ok_or_else(|| "select a briefing first".to_string())
                    .and_then(|i| super::external::request_for(&self.lib, i, action));
                match asked {
                    Ok(r) => self.request = Some(r),
                    Err(m) => self.message = Some(m),
                }
            }
            Action::Copy => match self
                .views
                .reader
                .as_ref()
                .filter(|_| self.screen == Screen::Reader)
            {
                Some(r) => {
                    let cx = cx!(self, Context::Reader);
                    self.request = Some(super::external::copy_request(r, &cx));
                }
                None => self.message = Some("open a briefing to copy from it".into()),
            },
            _ => return false,
        }
        true
    }

    /// The request waiting for the event loop, if any.
    pub fn take_request(&mut self) -> Option<Request> {
        self.request.take()
    }

    /// Takes what came of a request: a message, or the editor's end (the file is then read
    /// again, by the runtime).
    pub fn finish(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Say(message) => self.message = Some(message),
            Outcome::Edited { path, ran } => self.io.push(Io::Reread(path, ran)),
        }
    }

    /// Applies what a view asked for, in order; a change that fails drops the rest.
    pub fn apply(&mut self, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::Say(m) => self.message = Some(m),
                Effect::Go(screen) => self.go(screen),
                Effect::Back => self.go_back(),
                Effect::Quit => self.should_quit = true,
                Effect::Open(i, at) => self.open(i, at),
                Effect::Layer(l) => self.layers.push(l),
                Effect::Close => {
                    self.layers.pop();
                    if self.prompt().is_none() {
                        self.overwrite = None;
                    }
                }
                Effect::Change(c) => {
                    if !self.change(c) {
                        return;
                    }
                }
                Effect::Note(i, passage) => self.edit_note(i, passage),
                Effect::Submit(asking, text) => self.submit(asking, &text),
                Effect::Typed(Asking::Jump, text) => {
                    let cx = cx!(self, Context::Library);
                    if let Err(e) = self.views.library.jump(&cx, &text) {
                        self.prompt_error(e);
                    }
                }
                Effect::Typed(..) => {}
                Effect::Compared(c) => {
                    let cx = cx!(self, Context::Compare);
                    self.views.compare = Some(CompareState::for_terminal(*c, &cx));
                    self.go(Screen::Compare);
                }
                Effect::SaveImport => {
                    if let Some(i) = self.views.import.as_ref().and_then(|s| s.imported.clone()) {
                        self.io.push(Io::SaveImport(Box::new(i)));
                    }
                }
                Effect::DiscardImport => {
                    self.io.push(Io::DropDraft);
                    self.go_back();
                    self.message = Some("the paste was thrown away".into());
                }
            }
        }
    }

    /// Applies a change to the state and queues its saving; false (with a message) when it
    /// cannot be applied.
    fn change(&mut self, c: Change) -> bool {
        match c.apply(&mut self.state) {
            Ok(_) => {
                self.io.push(Io::Save(c));
                self.sync(Screen::Bookmarks);
                self.sync(Screen::Meeting);
                true
            }
            Err(e) => {
                self.message = Some(e);
                false
            }
        }
    }

    /// Shows `screen`; back returns to the one showing now. A screen already on the way back
    /// is returned to rather than stacked again.
    fn go(&mut self, screen: Screen) {
        if screen == self.screen {
            return;
        }
        if let Some(at) = self.back.iter().position(|s| *s == screen) {
            self.back.truncate(at);
        }
        if screen == Screen::Meeting {
            self.views.meeting = MeetingState::at(self.views.agenda.list.selected);
        }
        self.back.push(self.screen);
        self.screen = screen;
        self.sync(screen);
    }

    /// Back to the screen this one was reached from (the library at the bottom).
    fn go_back(&mut self) {
        let from = self.screen;
        self.screen = self.back.pop().unwrap_or(Screen::Library);
        match from {
            Screen::Meeting => {
                // Back at the agenda, at the item that was showing.
                let n = self.state.bookmarks.len();
                let rows = super::agenda::rows(self.area);
                self.views.agenda.list.go(self.views.meeting.item, n, rows);
            }
            Screen::Import => self.views.import = None,
            _ => {}
        }
        self.sync(self.screen);
    }

    /// Opens briefing `i` in the reader at `at`, and marks it read.
    pub fn open(&mut self, i: usize, at: At) {
        // A body is read from its file when it is first opened: one changed or gone since the
        // library was read is said, and the screen stays as it is.
        if let Err(e) = self.lib.briefing(i) {
            let key = self
                .keymap
                .name_in(Context::Library, crate::keymap::Action::Reload);
            self.message = Some(format!("{e} ({key} reads the library again)"));
            return;
        }
        let id = self.lib.briefings[i].id.clone();
        self.change(Change::Read(id));
        let shown = self
            .views
            .reader
            .as_ref()
            .map_or_else(Shown::default, ReaderState::shown);
        let cx = cx!(self, Context::Reader);
        let (r, said) = ReaderState::open_at(&cx, i, &at, shown);
        self.views.reader = Some(r);
        if said.is_some() {
            self.message = said;
        }
        if self.screen == Screen::Reader {
            self.sync(Screen::Reader);
        } else {
            self.go(Screen::Reader);
        }
    }

    /// Opens briefing `id` (an id, a unique prefix or a path) in the reader, at `paragraph`
    /// (from 1) if given; back goes to the library. Says so when there is no such briefing.
    pub fn open_id(&mut self, id: &str, paragraph: Option<u32>) {
        let found = self
            .lib
            .resolve(id)
            .map(|b| b.id.clone())
            .map_err(|e| e.to_string());
        match found.map(|id| self.lib.briefings.iter().position(|b| b.id == id)) {
            Ok(Some(i)) => {
                let at = match paragraph {
                    Some(p) => At::Paragraph((p as usize).saturating_sub(1)),
                    None => At::Top(None),
                };
                self.open(i, at);
                let paragraphs = self
                    .lib
                    .body(i)
                    .map_or(0, |b| crate::bookmarks::paragraphs(b).len());
                if paragraph.is_some_and(|p| p as usize > paragraphs) {
                    self.message = Some(format!("this briefing has {paragraphs} paragraphs"));
                }
            }
            Ok(None) => {}
            Err(e) => self.message = Some(e),
        }
    }

    /// Opens the note editor on the bookmark of briefing `i` (or `passage`), making the
    /// bookmark first if there is none.
    fn edit_note(&mut self, i: usize, passage: Option<(usize, String)>) {
        let id = self.lib.briefings[i].id.clone();
        let find = |s: &State| {
            match &passage {
                Some((p, text)) => s.passage_mark(&id, *p, text),
                None => s.briefing_mark(&id),
            }
            .map(|b| (b.id.clone(), b.note.clone()))
        };
        let made = find(&self.state).is_none();
        if made {
            let cx = cx!(self, Context::General);
            let marked = super::agenda::toggle_bookmark(&cx, i, passage.clone());
            self.apply(marked);
        }
        if let Some((bookmark, note)) = find(&self.state) {
            let editor = if made {
                NoteEditor::for_new_bookmark(bookmark)
            } else {
                NoteEditor::new(bookmark, note)
            };
            self.layers.push(Box::new(editor));
        }
    }

    /// The prompt's answer for `asking`.
    fn submit(&mut self, asking: Asking, text: &str) {
        let result = match asking {
            Asking::Dates => {
                let cx = cx!(self, Context::Library);
                self.views.library.set_range(&cx, text)
            }
            Asking::Jump => {
                let cx = cx!(self, Context::Library);
                self.views.library.jump(&cx, text)
            }
            Asking::Find => {
                let cx = cx!(self, Context::Reader);
                match &mut self.views.reader {
                    Some(r) => r.find(&cx, text),
                    None => Ok(()),
                }
            }
            Asking::ExportPath | Asking::CompareExportPath => {
                let path = export_path(text.trim(), std::env::var_os("HOME").as_deref());
                let (text, done) = if asking == Asking::ExportPath {
                    let n = self.state.bookmarks.len();
                    (
                        crate::bookmarks::minutes(&self.lib, &self.state.bookmarks),
                        format!("minutes of {n} item(s) written to {}", path.display()),
                    )
                } else {
                    let Some(c) = &self.views.compare else {
                        return;
                    };
                    (
                        crate::compare::markdown(&c.comparison),
                        format!("comparison written to {}", path.display()),
                    )
                };
                let force = self.overwrite.as_ref() == Some(&path);
                self.io.push(Io::Export {
                    path,
                    text,
                    done,
                    force,
                });
                // The prompt stays until the file is written.
                return;
            }
        };
        match result {
            Ok(()) => {
                self.layers.pop();
            }
            Err(e) => self.prompt_error(e),
        }
    }

    fn prompt_error(&mut self, e: String) {
        if let Some(p) = self.top_mut::<PromptLayer>() {
            p.error = Some(e);
        } else {
            self.message = Some(e);
        }
    }

    /// Opens the search screen; the last query comes back selected: Enter or the arrows use
    /// it, typing replaces it.
    fn start_search(&mut self) {
        if self.screen == Screen::Search {
            return;
        }
        let query = self
            .views
            .search
            .as_ref()
            .map(|s| s.input.input.clone())
            .unwrap_or_default();
        let mut search = SearchState::new(query);
        search.input.selected = !search.input.input.is_empty();
        self.views.search = Some(search);
        self.go(Screen::Search);
    }

    /// Whether the search screen waits for hits: of a query not yet answered, or for keys
    /// held back until it is.
    pub fn search_waiting(&self) -> bool {
        self.views.search.as_ref().is_some_and(|s| !s.current())
            || (!self.held.is_empty() && self.screen == Screen::Search)
    }

    /// Whether the search shows the first page of its hits while the rest are found: the
    /// event loop looks for them often, but does not hold a frame for them.
    pub fn search_counting(&self) -> bool {
        self.views.search.as_ref().is_some_and(|s| !s.complete)
    }

    /// Queues the query as it stands, if it changed since it was last asked.
    fn ask(&mut self) {
        let Some(s) = &mut self.views.search else {
            return;
        };
        if !s.edited {
            return;
        }
        self.queries += 1;
        if let Some(text) = s.ask(self.queries) {
            self.io.push(Io::Search(self.queries, text));
        }
    }

    /// A paste from the terminal (bracketed paste): into the import screen, or typed, on one
    /// line, into whatever takes text; ignored elsewhere.
    pub fn paste(&mut self, text: &str) {
        self.message = None;
        if self.screen == Screen::Import && self.layers.is_empty() {
            let Some(s) = &mut self.views.import else {
                return;
            };
            let had = s.imported.is_some();
            let outcome = s.paste(text);
            if !had && s.imported.is_some() {
                self.io.push(Io::KeepDraft(text.to_string()));
            }
            self.apply(outcome.effects());
            return;
        }
        if self.context().takes_text() {
            for c in crate::text::one_line(text).chars() {
                self.input(Input::Type(c));
            }
            self.ask();
        }
    }

    /// Where the terminal's cursor belongs: after the typed text of what takes keys.
    pub fn cursor(&self) -> Option<Position> {
        if self.is_too_small() {
            return None;
        }
        match self.layers.last() {
            Some(l) => l.cursor(&cx!(self, l.context()), self.area),
            None => {
                let v = self.views.get(self.screen)?;
                v.cursor(&cx!(self, v.context()), self.area)
            }
        }
    }

    // -------------------------------------------------------------------------------------
    // What the event loop reports back.

    /// The state as loaded or saved (and a file set aside, if it did not parse).
    pub fn state_loaded(&mut self, state: State, aside: Option<SetAside>) {
        self.state = state;
        if let Some(a) = aside {
            self.message = Some(format!(
                "the state file did not parse ({}); it was moved to {}",
                a.reason,
                a.moved_to.display()
            ));
        }
        self.sync(Screen::Bookmarks);
        self.sync(Screen::Meeting);
    }

    /// A message from the event loop (a save that failed ...).
    pub fn say(&mut self, m: String) {
        self.message = Some(m);
    }

    /// The hits of a query. Keys held back for them act now.
    pub fn found(&mut self, found: Found) -> bool {
        let rows = super::search::rows(self.area);
        let changed = self
            .views
            .search
            .as_mut()
            .is_some_and(|s| s.answer(found, rows));
        self.sync(Screen::Search);
        if !self.held.is_empty() && self.views.search.as_ref().is_none_or(|s| s.current()) {
            for key in std::mem::take(&mut self.held) {
                self.key(key);
            }
            self.ask();
            return true;
        }
        changed
    }

    /// An export's end: written (`Ok` with the message), a file in the way (asks), or an
    /// error (the prompt stays to change the name).
    pub fn exported(&mut self, result: Result<String, ExportError>) {
        match result {
            Ok(done) => {
                if self.top_mut::<PromptLayer>().is_some() {
                    self.layers.pop();
                }
                self.overwrite = None;
                self.message = Some(done);
            }
            Err(ExportError::Exists(path)) => {
                self.overwrite = Some(path);
                let key = self.keymap.name_in(Context::Input, Action::Submit);
                self.prompt_error(format!("file exists: {key} again overwrites it"));
            }
            Err(ExportError::Failed(e)) => self.prompt_error(e),
        }
    }

    /// An empty import screen, its messages naming the keys of the key map.
    fn import_state(&self) -> ImportState {
        let mut s = ImportState::new(chrono::Local::now().date_naive());
        let k = |c, a| self.keymap.name_in(c, a);
        s.keys = [
            k(Context::Import, Action::Save),
            k(Context::Import, Action::Back),
            k(Context::General, Action::Import),
            k(Context::Input, Action::Submit),
        ];
        s
    }

    /// Opens the import screen; a paste left unsaved last time (`draft`) is offered back.
    pub fn open_import(&mut self, draft: Option<Vec<u8>>) {
        let mut s = self.import_state();
        if let Some(bytes) = draft {
            s.take(&bytes, std::path::Path::new("paste.txt"));
            self.message = Some(format!(
                "the paste you had not saved is back: {} saves it, {} throws it away",
                self.keymap.name_in(Context::Import, Action::Save),
                self.keymap.name_in(Context::Import, Action::Discard)
            ));
        }
        self.views.import = Some(s);
        self.go(Screen::Import);
    }

    /// Opens the import screen on a file already read (`brief import PATH --review`).
    pub fn review(&mut self, bytes: &[u8], path: &std::path::Path) {
        let mut s = self.import_state();
        s.take(bytes, path);
        self.views.import = Some(s);
        self.go(Screen::Import);
        self.message = Some(format!(
            "check the fields and the lines, then {} saves",
            self.keymap.name_in(Context::Import, Action::Save)
        ));
    }

    /// The imported briefing was written to `path` and the library read again: open it.
    pub fn imported(&mut self, path: PathBuf, lib: Library, id: &str) {
        self.reload(lib);
        match self.lib.briefings.iter().position(|b| b.id == id) {
            Some(i) => self.open(i, At::Top(None)),
            None => {
                self.screen = Screen::Library;
                self.back.clear();
            }
        }
        self.message = Some(format!("saved to {}", path.display()));
    }

    /// Takes a library read again, keeping by id what was selected (the tree's node, the
    /// list's briefing, the briefing being read and where) where it still exists; the search
    /// and the comparison, which held places in the old library, are left. Returns a note when
    /// the briefing being read has gone.
    pub fn reload_keeping(&mut self, lib: Library) -> String {
        let old = &self.views.library;
        let node = old.selected_row().map(|r| r.node.clone());
        // A list whose first row is selected stays at its top (the newest), as a feed does:
        // the briefings a quit first build did not read arrive newer than it, and the list
        // would open in the middle. Any other selection is kept by id.
        let listed = old
            .selected_briefing()
            .filter(|_| old.list.selected > 0)
            .map(|i| self.lib.briefings[i].id.clone());
        let kept = (
            old.grouping,
            old.focus,
            old.marked.clone(),
            old.since,
            old.until,
            old.folded.clone(),
        );
        let reading = self.views.reader.as_ref().map(|r| {
            let id = self.lib.briefings[r.briefing].id.clone();
            (id, r.scroll, r.shown(), r.focus)
        });
        let (screen, back, import) = (self.screen, self.back.clone(), self.views.import.take());
        self.reload(lib);
        self.views.import = import;
        let lib = Arc::clone(&self.lib);
        let s = &mut self.views.library;
        (s.grouping, s.focus, s.marked, s.since, s.until, s.folded) = kept;
        s.rebuild(&lib);
        if let Some(at) = node.and_then(|n| s.rows.iter().position(|r| r.node == n)) {
            s.tree.selected = at;
            s.refresh_items(&lib);
        }
        if let Some(at) =
            listed.and_then(|id| s.items.iter().position(|&i| lib.briefings[i].id == id))
        {
            s.list.selected = at;
        }
        let mut note = String::new();
        let mut reader_gone = false;
        if let Some((id, scroll, shown, focus)) = reading {
            match lib.briefings.iter().position(|b| b.id == id) {
                Some(i) => {
                    let cx = cx!(self, Context::Reader);
                    let (mut r, _) = ReaderState::open_at(&cx, i, &At::Top(None), shown);
                    (r.scroll, r.focus) = (scroll, focus);
                    self.views.reader = Some(r);
                }
                None => {
                    if screen == Screen::Reader {
                        note = format!("; {id} is no longer there");
                    }
                    reader_gone = true;
                }
            }
        }
        let gone = |s: Screen| {
            matches!(s, Screen::Search | Screen::Compare) || (reader_gone && s == Screen::Reader)
        };
        self.back = back.into_iter().filter(|s| !gone(*s)).collect();
        self.back.dedup();
        self.screen = if gone(screen) {
            self.back.pop().unwrap_or(Screen::Library)
        } else {
            screen
        };
        self.resize(self.area);
        note
    }

    /// How far a first read of the library has got (files read, of how many): `true` when
    /// that changes what is shown.
    pub fn reading(&mut self, done: usize, total: usize) -> bool {
        match &mut self.check {
            Check::FirstBuild(at) if total > 0 && *at != Some((done, total)) => {
                *at = Some((done, total));
                true
            }
            // A check that reads many files (those a quit first build did not read, or a
            // library changed wholesale) says so while the catalog as written is shown.
            Check::Behind(at) if total > 0 && *at != Some((done, total)) => {
                *at = Some((done, total));
                self.message = Some(reading_behind(done, total));
                true
            }
            _ => false,
        }
    }

    /// Takes the library as checked against its files (or read for the first time), with
    /// what the check did. When it lists just what is shown and no file was read again,
    /// nothing changes: not the views, not the search index. When only files were read again
    /// (touched, or too new to trust) and they say what they said, it replaces the one shown
    /// in place, every view kept. Otherwise it is taken as a library read again is
    /// ([`App::reload_keeping`]: what is selected and read stays by id), and the status line
    /// says what changed. A library read again meanwhile (`r`, an edit, an import) is newer
    /// than the check, which is then dropped.
    pub fn library_checked(&mut self, lib: Library, report: &crate::briefing::Report) {
        match std::mem::take(&mut self.check) {
            Check::Done => {}
            Check::FirstBuild(_) => {
                let typed = std::mem::take(&mut self.held);
                let said = skipped(&lib);
                self.take_checked(lib);
                self.message = said;
                // The keys typed meanwhile act on it now, in order.
                for key in typed {
                    self.key(key);
                }
                self.ask();
            }
            Check::Behind(counted) if self.lib.same_listing(&lib) => {
                // The count of files read behind the screen, if still shown, is done with.
                let said = counted.map(|(done, total)| reading_behind(done, total));
                if said.is_some() && self.message == said {
                    self.message = None;
                }
                if report.read > 0 || report.vanished > 0 {
                    // The same briefings, but their files' stamps are new: the search index
                    // must be made from this one.
                    self.counts = (0..lib.briefings.len()).map(|_| OnceCell::new()).collect();
                    self.lib = Arc::new(lib);
                    self.index = Arc::new(OnceLock::new());
                    self.generation += 1;
                }
            }
            Check::Behind(_) => {
                let changes = self.lib.changes_to(&lib);
                let note = self.take_checked(lib);
                self.message = Some(format!(
                    "the library changed since it was last opened: {changes}{note}"
                ));
            }
        }
    }

    /// [`App::reload_keeping`] for a library that arrives while the user may be typing a
    /// search: no search has run on the library it replaces (see
    /// [`super::Runtime::prepare_search`]), so the query typed stays, is asked of this one,
    /// and the keys held for its hits wait on.
    fn take_checked(&mut self, lib: Library) -> String {
        let typed = (self.screen == Screen::Search)
            .then(|| self.views.search.as_ref().map(|s| s.input.input.clone()))
            .flatten();
        let held = std::mem::take(&mut self.held);
        let note = self.reload_keeping(lib);
        if let Some(query) = typed {
            self.views.search = Some(SearchState::new(query));
            self.go(Screen::Search);
            self.held = held;
            self.ask();
        }
        note
    }

    /// Takes a library read again from disk: every view that held positions in the old one
    /// starts over, and the search index is built anew.
    pub fn reload(&mut self, lib: Library) {
        self.check = Check::Done;
        self.views.library = LibraryState::new(&lib);
        self.counts = (0..lib.briefings.len()).map(|_| OnceCell::new()).collect();
        self.lib = Arc::new(lib);
        self.index = Arc::new(OnceLock::new());
        self.generation += 1;
        self.views.reader = None;
        self.views.search = None;
        self.views.compare = None;
        self.views.import = None;
        self.held.clear();
        self.back.clear();
        self.screen = Screen::Library;
        self.resize(self.area);
    }
}

/// What the status line says while a check behind the screen reads `done` of `total` files.
fn reading_behind(done: usize, total: usize) -> String {
    format!("reading {done} of {total} new or changed briefings…")
}

/// Why an export did not write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExportError {
    /// A file is at the path already; Enter again writes over it.
    Exists(PathBuf),
    /// The file could not be written: why.
    Failed(String),
}

/// The path typed at an export prompt: `~` and `~/…` start at `home`, as in a shell.
pub fn export_path(typed: &str, home: Option<&std::ffi::OsStr>) -> PathBuf {
    match (typed.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            std::path::Path::new(home).join(rest.trim_start_matches('/'))
        }
        _ => PathBuf::from(typed),
    }
}

/// Actions on the search screen that act on the hits rather than type.
fn choosing(a: Option<Action>) -> bool {
    matches!(
        a,
        Some(Action::Up | Action::Down | Action::PageUp | Action::PageDown | Action::Open)
    )
}

impl Widget for &App {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if self.is_too_small() {
            render_too_small(self, area, buf);
            return;
        }
        if let Some(v) = self.views.get(self.screen) {
            v.render(&cx!(self, v.context()), area, buf);
        }
        for l in &self.layers {
            l.render(&cx!(self, l.context()), area, buf);
        }
    }
}

fn render_too_small(app: &App, area: Rect, buf: &mut Buffer) {
    use super::draw::{put, width};
    let amb = app.theme.ambiguous_wide;
    let lines = [
        format!(
            "brief needs at least {}x{}; this terminal is {}x{}.",
            app.config.min_width, app.config.min_height, area.width, area.height
        ),
        "Make it larger, or use `brief list` and `brief show`.".to_string(),
        format!("{} quits.", app.keymap.key_name(Action::Quit)),
    ];
    // Each line wrapped to the width there is: on a very small terminal it is the message
    // that must be read whole.
    let rows: Vec<&str> = lines
        .iter()
        .flat_map(|l| {
            crate::wrap::wrap_cells(l, usize::from(area.width).max(1), &[], amb)
                .into_iter()
                .map(move |r| l[r].trim())
        })
        .collect();
    let top = area.y + area.height.saturating_sub(rows.len() as u16) / 2;
    for (i, line) in rows.iter().enumerate() {
        let y = top + i as u16;
        if y >= area.bottom() {
            break;
        }
        let w = width(line, amb).min(usize::from(area.width)) as u16;
        let x = area.x + (area.width - w) / 2;
        put(buf, x, y, area.width, line, Style::new(), amb);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bookmarks::StateFile;
    use crate::briefing::load_library;
    use crate::tui::Driver;

    fn app() -> Driver {
        let lib = load_library(std::path::Path::new("briefings")).unwrap();
        Driver::new(App::new(
            lib,
            Config::default(),
            Depth::Palette256,
            Rect::new(0, 0, 80, 24),
        ))
    }

    fn keys(names: &[&str]) -> Vec<Key> {
        names.iter().map(|k| Key::parse(k).unwrap()).collect()
    }

    #[test]
    fn every_status_hint_names_a_key_bound_on_its_screen() {
        // The reader's and the comparison's hints were written in their drawing code, and
        // named `[]` for keys that did nothing there; now every hint is a View::hints entry.
        let mut app = app();
        let mut seen = Vec::new();
        let mut check = |app: &Driver| {
            let v = app.views.get(app.screen).unwrap();
            for (actions, word) in v.hints() {
                for a in actions {
                    assert!(
                        !app.keymap.keys_in(v.context(), *a).is_empty(),
                        "{:?}: `{word}` names {a:?}, which no key does there",
                        app.screen
                    );
                }
            }
            seen.push(app.screen);
        };
        check(&app);
        app.handle_keys(&keys(&["l", "enter"]));
        check(&app);
        app.handle_keys(&keys(&["/", "x", "enter"]));
        check(&app);
        app.handle_keys(&keys(&["s", "l", "z"]));
        check(&app);
        app.handle_keys(&keys(&["esc", "b", "B"]));
        check(&app);
        app.handle_keys(&keys(&["P"]));
        check(&app);
        app.handle_keys(&keys(&[
            "q", "esc", "esc", "h", "j", "space", "j", "space", "c",
        ]));
        check(&app);
        app.handle_keys(&keys(&["tab"]));
        check(&app);
        app.handle_keys(&keys(&["esc", "i"]));
        check(&app);
        let mut screens: Vec<String> = seen.iter().map(|s| format!("{s:?}")).collect();
        screens.sort();
        screens.dedup();
        assert_eq!(screens.len(), Screen::ALL.len(), "{screens:?}");
    }

    #[test]
    fn a_note_being_typed_is_a_draft_until_saved() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path().join("state.toml"));
        let mut app = app().with_state(file.clone());
        app.handle_keys(&keys(&["l", "enter"]));
        assert!(app.note_draft().is_none(), "no editor, no draft");
        app.handle_keys(&keys(&["a"]));
        assert!(app.note_draft().is_none(), "nothing typed yet");
        app.handle_keys(&keys(&["x", "y"]));
        let draft = app.note_draft().expect("a draft");
        assert_eq!(draft.text, "xy");
        // Saved as typed so far, over the empty note the bookmark was made with.
        assert!(draft.save().unwrap());
        let (state, _) = file.load().unwrap();
        assert_eq!(state.bookmarks.len(), 1);
        assert_eq!(state.bookmarks[0].note, "xy");
        app.handle_keys(&keys(&["z", "ctrl-s"]));
        assert!(app.note_draft().is_none(), "saved: nothing left to save");
        assert_eq!(file.load().unwrap().0.bookmarks[0].note, "xyz");
    }

    #[test]
    fn keys_that_choose_wait_for_the_hits_of_the_query_typed_before_them() {
        // Without carrying out the queued work, the query is asked but not answered: the
        // `down` and `enter` typed with it are held.
        let mut app = app();
        app.app
            .handle_keys(&keys(&["/", "l", "z", "down", "enter"]));
        assert_eq!(app.screen, Screen::Search);
        assert!(app.search_waiting());
        let io = app.app.take_io();
        assert!(
            matches!(io.as_slice(), [Io::Search(_, q)] if q == "lz"),
            "{io:?}"
        );
        // The hits come back as an input of their own; the held keys act on them, in order.
        let expected = app.index().search("lz");
        assert!(expected.len() >= 2);
        let Io::Search(id, _) = &io[0] else {
            unreachable!()
        };
        app.app.found(Found {
            id: *id,
            hits: expected.clone(),
            complete: true,
        });
        assert_eq!(app.screen, Screen::Reader);
        let r = app.views.reader.as_ref().unwrap();
        assert_eq!(
            r.briefing, expected[1].briefing,
            "`down` chose the second hit"
        );
        assert_eq!(app.views.search.as_ref().unwrap().hits, expected);
    }

    #[test]
    fn esc_gives_up_waiting() {
        let mut app = app();
        app.app
            .handle_keys(&keys(&["/", "l", "z", "enter", "x", "esc"]));
        assert_eq!(app.screen, Screen::Library);
        app.handle_keys(&[]);
        assert_eq!(app.screen, Screen::Library, "the held `enter` was dropped");
        // The query typed before it stands, and has its hits.
        let s = app.views.search.as_ref().unwrap();
        assert_eq!(s.input.input, "lz");
        assert_eq!(s.hits, app.index().search("lz"));
    }

    #[test]
    fn back_returns_where_each_screen_was_reached_from() {
        let mut app = app();
        // search -> reader -> back -> search -> back -> library
        app.handle_keys(&keys(&["/", "l", "z", "enter"]));
        assert_eq!(app.screen, Screen::Reader);
        app.handle_keys(&keys(&["esc"]));
        assert_eq!(app.screen, Screen::Search);
        app.handle_keys(&keys(&["esc"]));
        assert_eq!(app.screen, Screen::Library);
        // agenda -> search -> reader -> back -> search -> back -> agenda
        app.handle_keys(&keys(&["B"]));
        app.handle_keys(&keys(&["/", "enter"]));
        assert_eq!(app.screen, Screen::Reader);
        app.handle_keys(&keys(&["esc", "esc"]));
        assert_eq!(app.screen, Screen::Bookmarks);
        app.handle_keys(&keys(&["esc"]));
        assert_eq!(app.screen, Screen::Library);
        // Going to a screen already on the way back does not stack it twice: back from the
        // agenda reached again from the reader is the reader, then the library.
        for k in ["B", "/", "enter", "B", "esc"] {
            app.handle_keys(&keys(&[k]));
        }
        assert_eq!(app.screen, Screen::Reader);
        app.handle_keys(&keys(&["esc"]));
        assert_eq!(app.screen, Screen::Library);
    }

    #[test]
    fn an_update_writes_nothing_itself_the_state_change_is_queued() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::new(dir.path().join("state.toml"));
        let mut app = app().with_state(file.clone());
        app.app.handle_keys(&keys(&["l", "b"]));
        assert_eq!(app.state.bookmarks.len(), 1, "applied in memory at once");
        assert!(!file.path().exists(), "but not written by App");
        let io = app.app.take_io();
        assert!(
            matches!(io.as_slice(), [Io::Save(Change::Mark(_))]),
            "{io:?}"
        );
    }

    #[test]
    fn tilde_in_an_export_path_is_the_home_folder() {
        let home = Some(std::ffi::OsStr::new("/home/li"));
        let cases = [
            ("~/minutes.md", "/home/li/minutes.md"),
            ("~", "/home/li"),
            ("~/会议/纪要.md", "/home/li/会议/纪要.md"),
            ("~other/x.md", "~other/x.md"),
            ("notes/~x.md", "notes/~x.md"),
            ("/tmp/minutes.md", "/tmp/minutes.md"),
        ];
        for (typed, path) in cases {
            assert_eq!(export_path(typed, home), PathBuf::from(path), "{typed}");
        }
        assert_eq!(export_path("~/m.md", None), PathBuf::from("~/m.md"));
    }
}
