//! The application: the library, the settings, which screen is showing, and `update`, the one
//! place state changes.

use super::bookmarks::{AgendaState, EditOutcome, NoteEditor};
use super::compare::{CompareState, CompareTab};
use super::import::{ImportState, Outcome as ImportOutcome};
use super::layout;
use super::library::{Grouping, LibraryState, Pane, parse_range};
use super::reader::{Focus, ReaderState};
use super::search::{SearchState, SearchWorker};
use super::theme::{Depth, Theme};
use crate::bookmarks::{Bookmark, Passage, State, StateFile, find_passage, paragraphs};
use crate::briefing::Library;
use crate::config::Config;
use crate::figures::find_figures;
use crate::keymap::{Action, Key, KeyCode, KeyMap};
use crate::search::{Field, Hit, Index};
use ratatui::layout::Rect;
use std::cell::OnceCell;
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// How long a key waits for the hits of the query it typed before the screen is drawn
/// without them (they follow when they come).
const SEARCH_WAIT: Duration = Duration::from_millis(12);

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

/// What the one-line prompt is asking for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asking {
    /// A date range for the library.
    Dates,
    /// Where to export the minutes.
    ExportPath,
    /// Where to export the comparison.
    CompareExportPath,
}

/// A one-line text input at the bottom of the screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// What is asked.
    pub label: String,
    /// What has been typed.
    pub input: String,
    /// The cursor, in characters from the start of `input`.
    pub cursor: usize,
    /// Whether the whole input is selected, so that typing replaces it.
    pub selected: bool,
}

impl Prompt {
    /// A prompt asking `label`, with `input` already typed and the cursor after it.
    pub fn new(label: &str, input: String) -> Prompt {
        let cursor = input.chars().count();
        Prompt {
            label: label.to_string(),
            input,
            cursor,
            selected: false,
        }
    }

    fn byte(&self, chars: usize) -> usize {
        self.input
            .char_indices()
            .nth(chars)
            .map_or(self.input.len(), |(i, _)| i)
    }

    /// Edits the input with `key`; returns false for keys it does not handle.
    pub fn edit(&mut self, key: Key) -> bool {
        if self.selected {
            self.selected = false;
            let typed = matches!((key.code, key.ctrl), (KeyCode::Char(c), false) if !key.alt && !c.is_control());
            if typed || matches!(key.code, KeyCode::Backspace | KeyCode::Delete) {
                self.input.clear();
                self.cursor = 0;
                if !typed {
                    return true;
                }
            }
        }
        let n = self.input.chars().count();
        match (key.code, key.ctrl) {
            (KeyCode::Char('a'), true) | (KeyCode::Home, _) => self.cursor = 0,
            (KeyCode::Char('e'), true) | (KeyCode::End, _) => self.cursor = n,
            (KeyCode::Char('u'), true) => {
                let b = self.byte(self.cursor);
                self.input.replace_range(..b, "");
                self.cursor = 0;
            }
            (KeyCode::Left, _) => self.cursor = self.cursor.saturating_sub(1),
            (KeyCode::Right, _) => self.cursor = (self.cursor + 1).min(n),
            (KeyCode::Backspace, _) if self.cursor > 0 => {
                let (a, b) = (self.byte(self.cursor - 1), self.byte(self.cursor));
                self.input.replace_range(a..b, "");
                self.cursor -= 1;
            }
            (KeyCode::Backspace, _) => {}
            (KeyCode::Delete, _) if self.cursor < n => {
                let (a, b) = (self.byte(self.cursor), self.byte(self.cursor + 1));
                self.input.replace_range(a..b, "");
            }
            (KeyCode::Delete, _) => {}
            (KeyCode::Char(c), false) if !key.alt && !c.is_control() => {
                let b = self.byte(self.cursor);
                self.input.insert(b, c);
                self.cursor += 1;
            }
            _ => return false,
        }
        true
    }
}

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
    /// The library view's state.
    pub library: LibraryState,
    /// The reader's state, once a briefing has been opened.
    pub reader: Option<ReaderState>,
    /// The help overlay's scroll position, when it is open.
    pub help: Option<usize>,
    /// The one-line prompt, when it is open.
    pub prompt: Option<Prompt>,
    /// What the prompt asks for.
    pub asking: Asking,
    /// Bookmarks, notes, the agenda and read marks, as last saved.
    pub state: State,
    /// Where the state is saved; `None` keeps it in memory only.
    state_file: Option<StateFile>,
    /// The bookmarks view's state.
    pub agenda: AgendaState,
    /// The agenda item shown in meeting mode.
    pub meeting: usize,
    /// The note being written, when the editor is open.
    pub editor: Option<NoteEditor>,
    /// The comparison, once one has been made.
    pub compare: Option<CompareState>,
    /// The search screen's state, once a search has been started.
    pub search: Option<SearchState>,
    /// The import screen's state, while it is open.
    pub import: Option<ImportState>,
    /// The search index: built when first needed, or ahead of time on another thread.
    index: Arc<OnceLock<Index>>,
    /// The thread that answers search queries, once started.
    worker: Option<SearchWorker>,
    /// How many search queries have been asked.
    queries: u64,
    /// Keys typed on the search screen that wait for the index, in order.
    held: Vec<Key>,
    /// An existing file the user was told an export would write over: Enter again on the
    /// same path writes over it.
    overwrite: Option<std::path::PathBuf>,
    /// A message for the status line, until the next key.
    pub message: Option<String>,
    /// What the event loop is to do outside brief (edit, copy, open), once asked.
    pub request: Option<super::external::Request>,
    /// Set when the user asked to quit.
    pub should_quit: bool,
    /// The terminal's size.
    pub area: Rect,
    figure_counts: Vec<OnceCell<usize>>,
}

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

impl App {
    /// The application over `lib` with `config`, drawing at `depth`, in a terminal of `area`.
    pub fn new(lib: Library, config: Config, depth: Depth, area: Rect) -> App {
        let keymap = KeyMap::new(&config.keys);
        let theme = Theme::new(&config, depth);
        let library = LibraryState::new(&lib);
        let message = match lib.errors.len() {
            0 => None,
            1 => Some("1 file could not be read and was skipped: `brief check` says why".into()),
            n => Some(format!(
                "{n} files could not be read and were skipped: `brief check` says why"
            )),
        };
        let figure_counts = (0..lib.briefings.len()).map(|_| OnceCell::new()).collect();
        let mut app = App {
            lib: Arc::new(lib),
            config,
            keymap,
            theme,
            screen: Screen::Library,
            library,
            reader: None,
            help: None,
            prompt: None,
            asking: Asking::Dates,
            state: State::default(),
            state_file: None,
            agenda: AgendaState::default(),
            meeting: 0,
            editor: None,
            compare: None,
            search: None,
            import: None,
            index: Arc::default(),
            worker: None,
            queries: 0,
            held: Vec::new(),
            overwrite: None,
            message,
            request: None,
            should_quit: false,
            area,
            figure_counts,
        };
        app.resize(area);
        app
    }

    /// Keeps bookmarks, notes and read marks in `file`, loading what it holds now.
    pub fn with_state(mut self, file: StateFile) -> App {
        match file.load() {
            Ok((state, aside)) => {
                self.state = state;
                if let Some(a) = aside {
                    self.message = Some(format!(
                        "the state file did not parse ({}); it was moved to {}",
                        a.reason,
                        a.moved_to.display()
                    ));
                }
                self.state_file = Some(file);
            }
            Err(e) => {
                // A newer or unreadable file is left alone, and nothing is saved over it.
                self.message = Some(format!("bookmarks are not saved this time: {e}"));
            }
        }
        self
    }

    /// The note being written, when it differs from the one saved: what must be saved if
    /// brief is ended before the user saves it (see [`NoteDraft`]).
    pub fn note_draft(&self) -> Option<NoteDraft> {
        let editor = self.editor.as_ref()?;
        let file = self.state_file.as_ref()?;
        let saved = self
            .state
            .bookmarks
            .iter()
            .find(|b| b.id == editor.bookmark)
            .map(|b| b.note.as_str());
        (saved != Some(editor.text.as_str())).then(|| NoteDraft {
            file: file.clone(),
            bookmark: editor.bookmark.clone(),
            text: editor.text.clone(),
        })
    }

    /// Applies `change` to the state and saves it at once (re-reading the file under a lock,
    /// so that another instance's changes are kept). Returns what `change` returned.
    fn persist<T>(&mut self, change: impl FnOnce(&mut State) -> Result<T, String>) -> Option<T> {
        let Some(file) = &self.state_file else {
            return match change(&mut self.state) {
                Ok(v) => Some(v),
                Err(e) => {
                    self.message = Some(e);
                    None
                }
            };
        };
        match file.update(change) {
            Ok((state, out, aside)) => {
                self.state = state;
                if let Some(a) = aside {
                    self.message = Some(format!(
                        "the state file did not parse ({}); it was moved to {}",
                        a.reason,
                        a.moved_to.display()
                    ));
                }
                Some(out)
            }
            Err(e) => {
                self.message = Some(format!("not saved: {e}"));
                None
            }
        }
    }

    /// How many key figures briefing `i` has (counted on first use).
    pub fn figure_count(&self, i: usize) -> usize {
        *self.figure_counts[i].get_or_init(|| find_figures(&self.lib.briefings[i].body).len())
    }

    /// Whether the terminal is below the configured minimum size.
    pub fn is_too_small(&self) -> bool {
        self.area.width < self.config.min_width || self.area.height < self.config.min_height
    }

    fn tree_height(&self) -> usize {
        usize::from(layout::library(self.area).tree.height.saturating_sub(2))
    }

    /// The list pane shows a header row above the briefings.
    fn list_height(&self) -> usize {
        usize::from(layout::library(self.area).list.height.saturating_sub(3))
    }

    fn reader_areas(&self) -> layout::ReaderAreas {
        let open = self.reader.as_ref().is_some_and(|r| r.panel_open);
        layout::reader(self.area, open, self.config.text_width)
    }

    fn body_height(&self) -> usize {
        usize::from(self.reader_areas().text.height)
    }

    fn panel_height(&self) -> usize {
        self.reader_areas()
            .panel
            .map_or(1, |p| usize::from(p.height.saturating_sub(2)))
    }

    /// Takes a new terminal size: lays the article out again and keeps selections in view.
    pub fn resize(&mut self, area: Rect) {
        self.area = area;
        let (th, lh) = (self.tree_height(), self.list_height());
        let lib = &mut self.library;
        lib.tree.follow(lib.rows.len(), th);
        lib.list.follow(lib.items.len(), lh);
        self.relayout_reader();
        self.relayout_compare();
    }

    /// Lays the comparison out for the current column count and width.
    fn relayout_compare(&mut self) {
        let (width, visible) = (self.compare_column_width(), self.compare_columns());
        let amb = self.config.ambiguous_wide;
        if let Some(c) = &mut self.compare {
            c.relayout(width, visible, amb);
        }
    }

    fn relayout_reader(&mut self) {
        let width = self.reader_areas().text.width;
        let (body_h, panel_h) = (self.body_height(), self.panel_height());
        let amb = self.config.ambiguous_wide;
        if let Some(r) = &mut self.reader {
            r.relayout(&self.lib.briefings[r.briefing], width, amb);
            r.scroll = r.scroll.min(r.max_scroll(body_h));
            r.panel.follow(r.figures.len(), panel_h);
        }
    }

    /// Handles one key press: the prompt and the help take keys first, then the key map.
    pub fn handle_key(&mut self, key: Key) {
        self.handle_keys(&[key]);
    }

    /// Handles keys that arrived together, as if one at a time, except that a search query
    /// they type runs once, at the end.
    pub fn handle_keys(&mut self, keys: &[Key]) {
        for &key in keys {
            self.key(key);
        }
        // A short wait, so that a quick search shows with the key that asked for it rather
        // than a frame later.
        self.settle(SEARCH_WAIT);
    }

    fn key(&mut self, key: Key) {
        // Keys that choose a hit wait, in order with those after them, for the hits of the
        // query typed before them; Esc gives up waiting.
        if self.screen == Screen::Search && self.help.is_none() {
            if key.code == KeyCode::Esc {
                self.held.clear();
            } else if !self.held.is_empty() || (choosing(key) && self.search_waiting()) {
                self.ask();
                self.held.push(key);
                return;
            }
        }
        self.message = None;
        if let Some(editor) = &mut self.editor {
            match editor.edit(key) {
                EditOutcome::Editing if editor.is_asking_to_discard => {
                    self.message =
                        Some("Drop the changes to this note? y drops them, n goes back".into());
                }
                EditOutcome::Editing => {}
                EditOutcome::Cancel => self.editor = None,
                EditOutcome::Save => self.save_note(),
            }
            return;
        }
        if let Some(id) = self.agenda.confirm_delete.take() {
            if key.code == KeyCode::Char('y') && !key.ctrl {
                self.persist(|s| Ok(s.remove(&id)));
                let n = self.state.bookmarks.len();
                self.agenda.list.follow(n, self.agenda_rows());
                self.message = Some("bookmark deleted".into());
            } else {
                self.message = Some("kept".into());
            }
            return;
        }
        if self.screen == Screen::Meeting && self.help.is_none() && self.meeting_key(key) {
            return;
        }
        // Esc then a key, typed quickly or over a slow link, arrives as Alt and the key: unless
        // the key map binds it, it is both, wherever it is pressed.
        if key.alt && self.keymap.action(key).is_none() {
            self.key(Key::plain(KeyCode::Esc));
            self.key(Key { alt: false, ..key });
            return;
        }
        if self.screen == Screen::Search && self.help.is_none() {
            self.search_key(key);
            return;
        }
        // On the import screen, `?` shows help unless something is being typed.
        let typing = self
            .import
            .as_ref()
            .is_some_and(|s| s.imported.is_none() || s.editing.is_some());
        if self.screen == Screen::Import
            && self.help.is_none()
            && (typing || self.keymap.action(key) != Some(Action::Help))
        {
            let rows = ImportState::rows(self.area.height.saturating_sub(1));
            if let Some(outcome) = self.import.as_mut().map(|s| s.key(key, rows)) {
                self.import_outcome(outcome);
            }
            return;
        }
        if let Some(p) = &mut self.prompt {
            match key.code {
                KeyCode::Enter => self.submit_prompt(),
                KeyCode::Esc => (self.prompt, self.overwrite) = (None, None),
                _ if key.ctrl && key.code == KeyCode::Char('c') => {
                    (self.prompt, self.overwrite) = (None, None)
                }
                _ => {
                    p.edit(key);
                }
            }
            return;
        }
        if let Some(action) = self.keymap.action(key) {
            self.update(action);
        }
    }

    /// The search index, built on first use (or waited for, while another thread builds it).
    pub fn index(&self) -> &Index {
        self.index.get_or_init(|| Index::build(&self.lib))
    }

    /// Starts the thread that answers search queries; it builds the index first, so that a
    /// large library is ready to search by the time `/` is pressed. The screen stays live.
    pub fn prepare_search(&mut self) {
        if self.worker.is_none() {
            self.worker = Some(SearchWorker::start(
                Arc::clone(&self.lib),
                Arc::clone(&self.index),
            ));
        }
    }

    /// Whether the search index has been built.
    pub fn index_ready(&self) -> bool {
        self.index.get().is_some()
    }

    /// Whether the search screen waits for hits: of a query not yet answered, or for keys
    /// held back until it is.
    pub fn search_waiting(&self) -> bool {
        self.search.as_ref().is_some_and(|s| !s.current()) || !self.held.is_empty()
    }

    /// Sends the query as it stands, if it changed since it was last sent.
    fn ask(&mut self) {
        let Some(s) = &mut self.search else {
            return;
        };
        if !s.edited {
            return;
        }
        self.queries += 1;
        if let Some(text) = s.ask(self.queries) {
            self.prepare_search();
            if let Some(worker) = &mut self.worker {
                worker.ask(self.queries, text);
            }
        }
    }

    /// Sends the query typed so far, takes the hits that have come back (waiting at most
    /// `wait` for those of the query as it stands), then replays the keys held back for them.
    /// Keys are taken in batches and the query is sent once after them, so typing ahead of a
    /// slow search costs one search, not one a key. Returns whether anything changed.
    fn settle(&mut self, wait: Duration) -> bool {
        self.ask();
        let rows = self.search_rows();
        let deadline = Instant::now() + wait;
        let mut changed = false;
        while let (Some(s), Some(worker)) = (&mut self.search, &mut self.worker) {
            if s.current() {
                break;
            }
            let Some(found) = worker.answer(deadline.saturating_duration_since(Instant::now()))
            else {
                break;
            };
            changed |= s.answer(found, rows);
        }
        if !self.held.is_empty() && self.search.as_ref().is_none_or(|s| s.current()) {
            for key in std::mem::take(&mut self.held) {
                self.key(key);
            }
            self.settle(wait);
            changed = true;
        }
        changed
    }

    /// Work that waits on time rather than keys: the hits of a query arriving from the
    /// search thread. Returns whether the screen changed.
    pub fn tick(&mut self) -> bool {
        self.settle(Duration::ZERO)
    }

    /// How many hits the search screen shows at once (two lines each, below the query and
    /// its hint line, above the status line).
    pub fn search_rows(&self) -> usize {
        usize::from(self.area.height.saturating_sub(3) / 2).max(1)
    }

    fn start_search(&mut self) {
        let origin = match self.screen {
            Screen::Search => return,
            s => s,
        };
        let query = self
            .search
            .as_ref()
            .map(|s| s.input.input.clone())
            .unwrap_or_default();
        // The last query comes back selected: Enter or the arrows use it, typing replaces it.
        let mut search = SearchState::new(origin, query);
        search.input.selected = !search.input.input.is_empty();
        self.search = Some(search);
        self.screen = Screen::Search;
    }

    /// Keys on the search screen: they type, except those that choose, open and leave.
    fn search_key(&mut self, key: Key) {
        let rows = self.search_rows();
        let Some(s) = &mut self.search else {
            self.screen = Screen::Library;
            return;
        };
        let len = s.hits.len();
        match (key.code, key.ctrl) {
            (KeyCode::Esc, _) | (KeyCode::Char('c'), true) => self.screen = s.origin,
            (KeyCode::Up, _) | (KeyCode::Char('p'), true) => s.list.move_by(-1, len, rows),
            (KeyCode::Down, _) | (KeyCode::Char('n'), true) => s.list.move_by(1, len, rows),
            (KeyCode::PageUp, _) => s.list.move_by(-(rows as isize), len, rows),
            (KeyCode::PageDown, _) => s.list.move_by(rows as isize, len, rows),
            (KeyCode::Enter, _) => match s.selected().cloned() {
                Some(hit) => {
                    let query = s.input.input.clone();
                    self.open_hit(&hit, &query);
                }
                None if s.input.input.trim().is_empty() => {}
                None => self.message = Some("nothing matches; Esc goes back".into()),
            },
            _ => {
                let before = s.input.input.clone();
                if s.input.edit(key) && s.input.input != before {
                    // The query goes out once the keys that came together are all in.
                    s.edited = true;
                }
            }
        }
    }

    /// Opens a search hit in the reader, at the match, with every match of the query marked.
    pub fn open_hit(&mut self, hit: &Hit, query: &str) {
        let i = hit.briefing;
        self.open(i);
        let ranges = self.index().body_matches(i, query);
        let h = self.body_height();
        let b = &self.lib.briefings[i];
        let Some(r) = &mut self.reader else {
            return;
        };
        r.scroll = 0;
        r.set_matches(b, query, ranges);
        match hit.field {
            Field::Body => {
                if let Some(m) = r.match_ranges.iter().position(|m| m.start == hit.start) {
                    r.jump_to_match(m, h);
                } else if let Some(line) = r.line_of(b, hit.start) {
                    r.scroll = line.saturating_sub(h / 3).min(r.max_scroll(h));
                }
            }
            Field::Region => {
                let block = hit.section.as_ref().and_then(|heading| {
                    b.blocks()
                        .iter()
                        .position(|bl| bl.is_heading && bl.text == heading.as_str())
                });
                if let Some(line) = block.and_then(|bl| r.heading_line(bl)) {
                    r.scroll = line.min(r.max_scroll(h));
                }
            }
            _ => {}
        }
    }

    /// Columns the compare view shows at once: two at 80 columns, up to four when wide.
    pub fn compare_columns(&self) -> usize {
        let n = self
            .compare
            .as_ref()
            .map_or(1, |c| c.comparison.regions.len());
        self.columns_for(n)
    }

    /// How many of `n` region columns fit the terminal.
    fn columns_for(&self, n: usize) -> usize {
        n.min(usize::from(self.area.width / 38)).max(1)
    }

    /// The width of one compare column.
    pub fn compare_column_width(&self) -> usize {
        self.column_width(self.compare_columns())
    }

    fn column_width(&self, columns: usize) -> usize {
        (usize::from(self.area.width) / columns).saturating_sub(1)
    }

    /// Lines of the compare view's grid: between its header and the status line.
    pub fn compare_height(&self) -> usize {
        usize::from(self.area.height.saturating_sub(2)).max(1)
    }

    fn start_compare(&mut self) {
        let s = &self.library;
        let mut nodes = s.marked.clone();
        if let Some(row) = s.selected_row()
            && row.node.region().is_some()
            && !nodes.contains(&row.node)
        {
            nodes.push(row.node.clone());
        }
        let regions: Vec<_> = nodes.iter().filter_map(|n| n.region()).collect();
        if regions.len() < 2 || regions.len() > 4 {
            let key = self.keymap.key_name(Action::Mark);
            self.message = Some(format!(
                "compare 2 to 4 regions: mark them in the tree with {key} ({} now)",
                regions.len()
            ));
            return;
        }
        let vocab = crate::measures::Vocabulary::new(&self.config.measures);
        let c = crate::compare::compare(&self.lib, &regions, &self.config.themes, &vocab);
        let visible = self.columns_for(regions.len());
        let width = self.column_width(visible);
        self.compare = Some(CompareState::new(
            c,
            width,
            visible,
            self.config.ambiguous_wide,
        ));
        self.screen = Screen::Compare;
    }

    fn update_compare(&mut self, action: Action) {
        let (h, visible) = (self.compare_height(), self.compare_columns());
        let Some(c) = &mut self.compare else {
            self.screen = Screen::Library;
            return;
        };
        if c.tab == CompareTab::Figures {
            let (rows, page) = (c.comparison.figures.len() as isize, (h / 2).max(1) as isize);
            match action {
                Action::Up => c.select_measure(-1, h),
                Action::Down => c.select_measure(1, h),
                Action::PageUp => c.select_measure(-page, h),
                Action::PageDown | Action::Mark => c.select_measure(page, h),
                Action::Top => c.select_measure(-rows, h),
                Action::Bottom => c.select_measure(rows, h),
                Action::SwitchFocus => {
                    c.tab = CompareTab::Themes;
                    c.scroll = 0;
                }
                Action::Back => self.screen = Screen::Library,
                Action::Export => self.ask_compare_export(),
                _ => {}
            }
            return;
        }
        match action {
            Action::Up => c.step(-1, 0),
            Action::Down => c.step(1, 0),
            Action::Left => c.step(0, -1),
            Action::Right => c.step(0, 1),
            // [ and ] page through the regions when not all fit.
            Action::PrevFigure => {
                c.page_columns(-1, h);
                return;
            }
            Action::NextFigure => {
                c.page_columns(1, h);
                return;
            }
            Action::PageUp => c.scroll = c.scroll.saturating_sub(h / 2),
            Action::PageDown | Action::Mark => c.scroll += h / 2,
            Action::Top => {
                c.scroll = 0;
                c.selected = 0;
            }
            Action::Bottom => c.scroll = c.grid.height,
            Action::SwitchFocus => {
                c.tab = CompareTab::Figures;
                c.scroll = 0;
                return;
            }
            Action::Back => {
                self.screen = Screen::Library;
                return;
            }
            Action::Export => {
                self.ask_compare_export();
                return;
            }
            Action::Open => {
                if let Some(it) = c.grid.items.get(c.selected) {
                    let st =
                        c.comparison.themes[it.theme].by_region[it.region][it.statement].clone();
                    self.open(st.briefing_index);
                    let hb = self.body_height();
                    let b = &self.lib.briefings[st.briefing_index];
                    if let Some(r) = &mut self.reader {
                        // The sentence shows as the one match, and back comes here again.
                        let end = st.start + st.sentence.chars().count();
                        let sentence = st.start..end;
                        r.set_matches(b, "compare", std::iter::once(sentence).collect());
                        r.jump_to_match(0, hb);
                        r.from_compare = true;
                    }
                }
                return;
            }
            _ => return,
        }
        if matches!(
            action,
            Action::Up | Action::Down | Action::Left | Action::Right | Action::Top
        ) {
            c.follow(h, visible);
        } else {
            c.scroll = c
                .scroll
                .min(c.grid.height.saturating_sub(h.saturating_sub(1)));
        }
    }

    fn ask_compare_export(&mut self) {
        let names = self
            .compare
            .as_ref()
            .map(|c| {
                c.comparison
                    .regions
                    .iter()
                    .map(|r| r.rsplit('/').next().unwrap_or(r).to_string())
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .unwrap_or_default();
        self.prompt = Some(Prompt::new(
            "Export the comparison to:",
            format!("compare-{names}.md"),
        ));
        self.asking = Asking::CompareExportPath;
    }

    /// Rows of the bookmarks view: three lines an item, below a header, above the status line.
    pub fn agenda_rows(&self) -> usize {
        usize::from(self.area.height.saturating_sub(3) / 3).max(1)
    }

    /// The paragraph at the top of the reader's view, with its text: what `b` marks. `None`
    /// while the title is in view, which marks the whole briefing.
    pub fn passage_in_view(&self) -> Option<(usize, String)> {
        let r = self.reader.as_ref()?;
        let h = self.body_height();
        let top = r.lines.get(r.scroll)?;
        if matches!(
            top.kind,
            super::reader::LineKind::Title
                | super::reader::LineKind::Meta
                | super::reader::LineKind::Url
        ) {
            return None;
        }
        let line = r.lines[r.scroll..(r.scroll + h).min(r.lines.len())]
            .iter()
            .find(|l| l.kind == super::reader::LineKind::Text)?;
        let block = line.block.checked_sub(super::reader::FIRST_BODY_BLOCK)?;
        let blocks = self.lib.briefings[r.briefing].blocks();
        let paragraph = blocks[..block].iter().filter(|b| !b.is_heading).count();
        Some((paragraph, blocks.get(block)?.text.to_string()))
    }

    /// The bookmark on briefing `i` (on `passage`'s paragraph, or the whole briefing).
    fn bookmark_at(&self, i: usize, passage: &Option<(usize, String)>) -> Option<&Bookmark> {
        let id = &self.lib.briefings[i].id;
        match passage {
            Some((p, _)) => self.state.passage_mark(id, *p),
            None => self.state.briefing_mark(id),
        }
    }

    /// Adds a bookmark on briefing `i` (or on `passage`), or removes the one there.
    fn toggle_bookmark(&mut self, i: usize, passage: Option<(usize, String)>) {
        let id = self.lib.briefings[i].id.clone();
        let what = match &passage {
            Some((p, _)) => format!("paragraph {}", p + 1),
            None => "the briefing".to_string(),
        };
        if let Some(existing) = self.bookmark_at(i, &passage) {
            let (existing, has_note) = (existing.id.clone(), !existing.note.trim().is_empty());
            if has_note {
                // One key must never destroy a note: ask, as the agenda's delete does.
                self.agenda.confirm_delete = Some(existing);
                self.message = Some(format!(
                    "Delete the bookmark on {what} and its note? y deletes, n keeps"
                ));
                return;
            }
            self.persist(|s| Ok(s.remove(&existing)));
            self.message = Some(format!("bookmark on {what} removed"));
            return;
        }
        let now = chrono::Utc::now();
        let made = self.persist(|s| Ok(s.mark(&id, passage, None, now)));
        if made.is_some() {
            let key = self.keymap.key_name(Action::EditNote);
            self.message = Some(format!("bookmarked {what}; {key} adds a note"));
        }
    }

    /// Opens the note editor on the bookmark of briefing `i` (or `passage`), making the
    /// bookmark first if there is none.
    fn edit_note(&mut self, i: usize, passage: Option<(usize, String)>) {
        if self.bookmark_at(i, &passage).is_none() {
            self.toggle_bookmark(i, passage.clone());
        }
        if let Some(b) = self.bookmark_at(i, &passage) {
            self.editor = Some(NoteEditor::new(b.id.clone(), b.note.clone()));
        }
    }

    fn save_note(&mut self) {
        let Some(editor) = self.editor.take() else {
            return;
        };
        let now = chrono::Utc::now();
        let id = editor.bookmark.clone();
        let text = editor.text.clone();
        let saved = self.persist(|s| {
            if s.set_note(&id, &text, now) {
                Ok(())
            } else {
                Err("the bookmark was deleted meanwhile (in another window?)".to_string())
            }
        });
        if saved.is_some() {
            self.message = Some("note saved".into());
        } else {
            // Keep what was typed: nothing is lost.
            self.editor = Some(editor);
        }
    }

    fn update_agenda(&mut self, action: Action) {
        let rows = self.agenda_rows();
        let n = self.state.bookmarks.len();
        let selected = self.state.bookmarks.get(self.agenda.list.selected).cloned();
        match action {
            Action::Up => self.agenda.list.move_by(-1, n, rows),
            Action::Down => self.agenda.list.move_by(1, n, rows),
            Action::PageUp => self.agenda.list.move_by(-(rows as isize), n, rows),
            Action::PageDown | Action::Mark => self.agenda.list.move_by(rows as isize, n, rows),
            Action::Top => self.agenda.list.go(0, n, rows),
            Action::Bottom => self.agenda.list.go(usize::MAX, n, rows),
            Action::Back => self.screen = Screen::Library,
            Action::MoveItemUp | Action::MoveItemDown => {
                if let Some(b) = selected {
                    let delta = if action == Action::MoveItemUp { -1 } else { 1 };
                    if self.persist(|s| Ok(s.shift(&b.id, delta))) == Some(true) {
                        self.agenda.list.move_by(delta, n, rows);
                    }
                }
            }
            Action::Delete => {
                if let Some(b) = selected {
                    self.agenda.confirm_delete = Some(b.id);
                }
            }
            Action::EditNote => {
                if let Some(b) = selected {
                    self.editor = Some(NoteEditor::new(b.id, b.note));
                }
            }
            Action::Open => {
                if let Some(b) = selected {
                    self.open_bookmark(&b);
                    if let Some(r) = self
                        .reader
                        .as_mut()
                        .filter(|_| self.screen == Screen::Reader)
                    {
                        r.from_agenda = true;
                    }
                }
            }
            Action::Present => {
                if n > 0 {
                    self.meeting = self.agenda.list.selected.min(n - 1);
                    self.screen = Screen::Meeting;
                } else {
                    self.message = Some("the agenda is empty: bookmark something first".into());
                }
            }
            Action::Export => {
                let name = format!("minutes-{}.md", chrono::Local::now().format("%Y-%m-%d"));
                self.prompt = Some(Prompt::new("Export the minutes to:", name));
                self.asking = Asking::ExportPath;
            }
            _ => {}
        }
    }

    /// Opens a bookmark's briefing at its passage, wherever the passage is now.
    pub fn open_bookmark(&mut self, m: &Bookmark) {
        let Some(i) = self.lib.briefings.iter().position(|b| b.id == m.briefing) else {
            self.message = Some(format!("{} is no longer in the library", m.briefing));
            return;
        };
        self.open(i);
        let (Some(p), Some(q)) = (m.paragraph, &m.quote) else {
            return;
        };
        let b = &self.lib.briefings[i];
        let paras = paragraphs(&b.body);
        let found = find_passage(&paras, p, q);
        let target = match found {
            Passage::InPlace(t) | Passage::Moved(t) => t,
            Passage::Gone => {
                self.message = Some("the marked passage is no longer in this briefing".into());
                return;
            }
        };
        // The body block of paragraph `target`, then its first line.
        let block = b
            .blocks()
            .iter()
            .enumerate()
            .filter(|(_, bl)| !bl.is_heading)
            .nth(target)
            .map(|(k, _)| k + super::reader::FIRST_BODY_BLOCK);
        let h = self.body_height();
        if let (Some(block), Some(r)) = (block, &mut self.reader)
            && let Some(line) = r
                .lines
                .iter()
                .position(|l| l.block == block && l.kind != super::reader::LineKind::Blank)
        {
            r.scroll = line.min(r.max_scroll(h));
        }
    }

    /// Back from meeting mode to the agenda, at the item that was showing.
    fn leave_meeting(&mut self) {
        let n = self.state.bookmarks.len();
        self.agenda.list.go(self.meeting, n, self.agenda_rows());
        self.screen = Screen::Bookmarks;
    }

    /// Keys in meeting mode; returns false for keys it leaves to the key map (help, quit).
    fn meeting_key(&mut self, key: Key) -> bool {
        let n = self.state.bookmarks.len();
        match key.code {
            KeyCode::Char('n')
            | KeyCode::Char(' ')
            | KeyCode::Right
            | KeyCode::Down
            | KeyCode::PageDown => {
                if self.meeting + 1 < n {
                    self.meeting += 1;
                } else {
                    self.message = Some("that was the last item".into());
                }
            }
            KeyCode::Char('p')
            | KeyCode::Backspace
            | KeyCode::Left
            | KeyCode::Up
            | KeyCode::PageUp => {
                if self.meeting > 0 {
                    self.meeting -= 1;
                } else {
                    self.message = Some("this is the first item".into());
                }
            }
            KeyCode::Esc => self.leave_meeting(),
            _ => match self.keymap.action(key) {
                // On a projector, quitting would drop the room to a shell prompt: the quit
                // key leaves meeting mode instead (ctrl-c still quits).
                Some(Action::Quit) if !(key.ctrl && key.code == KeyCode::Char('c')) => {
                    self.leave_meeting()
                }
                Some(Action::EditNote) => {
                    if let Some(b) = self.state.bookmarks.get(self.meeting) {
                        self.editor = Some(NoteEditor::new(b.id.clone(), b.note.clone()));
                    }
                }
                _ => return false,
            },
        }
        true
    }

    /// Writes `text` to the path typed at prompt `p` (`~/` is the home folder). A file already
    /// there is written over only when Enter is pressed again on the same path; until then,
    /// and on an error, the prompt stays open to change the name.
    fn export(&mut self, p: Prompt, text: &str, written: impl FnOnce(&str) -> String) {
        let path = export_path(p.input.trim(), std::env::var_os("HOME").as_deref());
        let shown = path.display().to_string();
        if path.exists() && self.overwrite.as_ref() != Some(&path) {
            // The path is in the prompt already; a long one would push the question off.
            self.message = Some("file exists: Enter again overwrites".into());
            self.overwrite = Some(path);
            self.prompt = Some(p);
            return;
        }
        self.overwrite = None;
        match std::fs::write(&path, text) {
            Ok(()) => self.message = Some(written(&shown)),
            Err(e) => {
                self.message = Some(format!("cannot write {shown}: {e}"));
                self.prompt = Some(p);
            }
        }
    }

    fn submit_prompt(&mut self) {
        let Some(p) = self.prompt.take() else {
            return;
        };
        if self.asking == Asking::CompareExportPath {
            let Some(c) = &self.compare else {
                return;
            };
            let text = crate::compare::markdown(&c.comparison);
            self.export(p, &text, |path| format!("comparison written to {path}"));
            return;
        }
        if self.asking == Asking::ExportPath {
            let text = crate::bookmarks::minutes(&self.lib, &self.state.bookmarks);
            let n = self.state.bookmarks.len();
            self.export(p, &text, |path| {
                format!("minutes of {n} item(s) written to {path}")
            });
            return;
        }
        match parse_range(&p.input) {
            Ok((since, until)) => {
                self.library.since = since;
                self.library.until = until;
                self.library.rebuild(&self.lib);
                let h = self.tree_height();
                self.library.tree.follow(self.library.rows.len(), h);
            }
            Err(e) => {
                self.message = Some(e);
                self.prompt = Some(p);
            }
        }
    }

    /// Carries out one action: the only place state changes.
    pub fn update(&mut self, action: Action) {
        if action == Action::Quit {
            self.should_quit = true;
            return;
        }
        if let Some(scroll) = self.help {
            let max = super::views::help::max_scroll(self, self.area);
            let page = usize::from(self.area.height / 2).max(1);
            self.help = match action {
                Action::Help | Action::Back => None,
                Action::Down => Some(scroll + 1),
                Action::Up => Some(scroll.saturating_sub(1)),
                Action::PageDown => Some(scroll + page),
                Action::PageUp => Some(scroll.saturating_sub(page)),
                Action::Top => Some(0),
                Action::Bottom => Some(max),
                _ => Some(scroll),
            }
            .map(|s| s.min(max));
            return;
        }
        if action == Action::Help {
            self.help = Some(0);
            return;
        }
        if action == Action::Search {
            self.start_search();
            return;
        }
        if action == Action::Import && self.screen != Screen::Import {
            self.open_import();
            return;
        }
        if matches!(
            action,
            Action::Edit | Action::Reload | Action::Copy | Action::OpenUrl
        ) {
            self.act_outside(action);
            return;
        }
        if action == Action::Bookmarks && self.screen != Screen::Bookmarks {
            let n = self.state.bookmarks.len();
            self.agenda.list.follow(n, self.agenda_rows());
            self.screen = Screen::Bookmarks;
            return;
        }
        match self.screen {
            Screen::Library => self.update_library(action),
            Screen::Reader => self.update_reader(action),
            Screen::Bookmarks => self.update_agenda(action),
            Screen::Compare => self.update_compare(action),
            Screen::Search | Screen::Meeting | Screen::Import => {}
        }
    }

    /// Where a paste not yet saved is kept: beside the state file, so that a dropped
    /// connection does not lose it.
    fn import_draft_path(&self) -> Option<std::path::PathBuf> {
        let state = self.state_file.as_ref()?.path();
        Some(state.with_file_name("import-draft.txt"))
    }

    /// Opens the import screen; a paste left unsaved last time is offered back.
    fn open_import(&mut self) {
        let mut s = ImportState::new(chrono::Local::now().date_naive());
        let draft = self.import_draft_path().filter(|p| p.is_file());
        if let Some(Ok(bytes)) = draft.map(|d| crate::briefing::read_regular_file(&d)) {
            s.take(&bytes, std::path::Path::new("paste.txt"));
            self.message = Some(
                "the paste you had not saved is back: ctrl-s saves it, D throws it away".into(),
            );
        }
        self.import = Some(s);
        self.screen = Screen::Import;
    }

    /// Opens the import screen on a file already read (`brief import PATH --review`).
    pub fn review(&mut self, bytes: &[u8], path: &std::path::Path) {
        let mut s = ImportState::new(chrono::Local::now().date_naive());
        s.take(bytes, path);
        self.import = Some(s);
        self.screen = Screen::Import;
        self.message = Some("check the fields and the lines, then ctrl-s saves".into());
    }

    /// A paste from the terminal (bracketed paste): into the import screen, the search box or
    /// a prompt; ignored elsewhere.
    pub fn paste(&mut self, text: &str) {
        self.message = None;
        match self.screen {
            Screen::Import if self.help.is_none() => {
                let Some(s) = &mut self.import else {
                    return;
                };
                let had = s.imported.is_some();
                let outcome = s.paste(text);
                let taken = !had && s.imported.is_some();
                let draft = self.import_draft_path().filter(|_| taken);
                if let Some(Err(e)) = draft.map(|path| std::fs::write(path, text)) {
                    self.message = Some(format!("the paste is not kept as a draft: {e}"));
                    return;
                }
                self.import_outcome(outcome);
            }
            _ => {
                // Elsewhere a paste is typed, on one line, into whatever takes text.
                if self.screen == Screen::Search || self.prompt.is_some() || self.editor.is_some() {
                    let keys: Vec<Key> = crate::text::one_line(text)
                        .chars()
                        .map(|c| Key::plain(KeyCode::Char(c)))
                        .collect();
                    self.handle_keys(&keys);
                }
            }
        }
    }

    fn import_outcome(&mut self, outcome: ImportOutcome) {
        match outcome {
            ImportOutcome::Stay => {}
            ImportOutcome::Say(m) => self.message = Some(m),
            ImportOutcome::Leave => {
                self.import = None;
                self.screen = Screen::Library;
            }
            ImportOutcome::Discard => {
                if let Some(p) = self.import_draft_path() {
                    let _ = std::fs::remove_file(p);
                }
                self.import = None;
                self.screen = Screen::Library;
                self.message = Some("the paste was thrown away".into());
            }
            ImportOutcome::Save => self.save_import(),
        }
    }

    /// Writes the imported briefing into the library, reads the library again and opens it.
    fn save_import(&mut self) {
        let Some(imported) = self.import.as_ref().and_then(|s| s.imported.as_ref()) else {
            return;
        };
        let root = self.lib.root.clone();
        match imported.write_into(&root, false) {
            Ok(path) => {
                if let Some(p) = self.import_draft_path() {
                    let _ = std::fs::remove_file(p);
                }
                let id = imported.briefing.id.clone();
                match crate::briefing::load_library(&root) {
                    Ok(lib) => self.reload(lib),
                    Err(e) => {
                        self.message = Some(format!(
                            "saved to {}, but the library could not be read again: {e}",
                            path.display()
                        ));
                        return;
                    }
                }
                self.import = None;
                match self.lib.briefings.iter().position(|b| b.id == id) {
                    Some(i) => {
                        self.open(i);
                        self.message = Some(format!("saved to {}", path.display()));
                    }
                    None => {
                        self.screen = Screen::Library;
                        self.message = Some(format!("saved to {}", path.display()));
                    }
                }
            }
            Err(e) => self.message = Some(e.to_string()),
        }
    }

    /// Takes a library read again from disk: every view that held positions in the old one
    /// starts over, and the search index is built anew.
    pub(super) fn reload(&mut self, lib: Library) {
        self.library = LibraryState::new(&lib);
        self.figure_counts = (0..lib.briefings.len()).map(|_| OnceCell::new()).collect();
        self.lib = Arc::new(lib);
        self.index = Arc::new(OnceLock::new());
        self.worker = None;
        self.reader = None;
        self.search = None;
        self.compare = None;
        self.held.clear();
    }

    fn update_library(&mut self, action: Action) {
        let s = &self.library;
        let h = if s.focus == Pane::Tree {
            self.tree_height()
        } else {
            self.list_height()
        };
        let page = (h / 2).max(1) as isize;
        let s = &mut self.library;
        let tree_moved = |s: &mut LibraryState, lib: &Library| s.refresh_items(lib);
        match (action, s.focus) {
            (Action::Up | Action::Down | Action::PageUp | Action::PageDown, focus) => {
                let delta = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -page,
                    _ => page,
                };
                if focus == Pane::Tree {
                    s.tree.move_by(delta, s.rows.len(), h);
                    tree_moved(s, &self.lib);
                } else {
                    s.list.move_by(delta, s.items.len(), h);
                }
            }
            (Action::Top | Action::Bottom, focus) => {
                let to = if action == Action::Top { 0 } else { usize::MAX };
                if focus == Pane::Tree {
                    s.tree.go(to, s.rows.len(), h);
                    tree_moved(s, &self.lib);
                } else {
                    s.list.go(to, s.items.len(), h);
                }
            }
            (Action::Left, _) => s.focus = Pane::Tree,
            (Action::Right, _) => s.focus = Pane::List,
            (Action::SwitchFocus, Pane::Tree) => s.focus = Pane::List,
            (Action::SwitchFocus, Pane::List) => s.focus = Pane::Tree,
            (Action::Open, Pane::Tree) => s.focus = Pane::List,
            (Action::Open, Pane::List) => {
                if let Some(i) = s.selected_briefing() {
                    self.open(i);
                }
            }
            (Action::Back, Pane::List) => s.focus = Pane::Tree,
            (Action::Back, Pane::Tree) if s.since.is_some() || s.until.is_some() => {
                s.since = None;
                s.until = None;
                s.rebuild(&self.lib);
                self.message = Some("date filter cleared".into());
            }
            (Action::ToggleGrouping, _) => {
                s.grouping = match s.grouping {
                    Grouping::Region => Grouping::Date,
                    Grouping::Date => Grouping::Region,
                };
                s.rebuild(&self.lib);
                s.tree.follow(s.rows.len(), h);
            }
            (Action::Mark, Pane::Tree) => {
                let node = s.selected_row().map(|r| r.node.clone());
                match node {
                    Some(n) if n.region().is_some() => {
                        if let Some(at) = s.marked.iter().position(|m| *m == n) {
                            s.marked.remove(at);
                        } else {
                            s.marked.push(n);
                        }
                        let key = self.keymap.key_name(Action::Compare);
                        self.message = Some(format!(
                            "{} region(s) marked; {key} compares them",
                            self.library.marked.len()
                        ));
                    }
                    _ => self.message = Some("mark a province or a city".into()),
                }
            }
            (Action::Mark, Pane::List) => s.list.move_by(page, s.items.len(), h),
            (Action::Compare, _) => self.start_compare(),
            (Action::ToggleBookmark, _) => {
                if let Some(i) = s.selected_briefing() {
                    self.toggle_bookmark(i, None);
                }
            }
            (Action::EditNote, _) => {
                if let Some(i) = s.selected_briefing() {
                    self.edit_note(i, None);
                }
            }
            (Action::FilterDates, _) => {
                let current = s.range_label().unwrap_or_default();
                self.prompt = Some(Prompt::new(
                    "Dates (2024, 2024-06..2024-12, 2024..):",
                    current,
                ));
            }
            _ => {}
        }
    }

    /// Opens briefing `i` in the reader, and marks it read.
    pub fn open(&mut self, i: usize) {
        let id = self.lib.briefings[i].id.clone();
        let now = chrono::Utc::now();
        self.persist(|s| {
            s.read.insert(id, now);
            Ok(())
        });
        let open = self.reader.as_ref().is_some_and(|r| r.panel_open);
        let width = layout::reader(self.area, open, self.config.text_width)
            .text
            .width;
        let mut r = ReaderState::open(&self.lib.briefings[i], i, width, self.config.ambiguous_wide);
        r.name_measures(
            &self.lib.briefings[i],
            &crate::measures::Vocabulary::new(&self.config.measures),
        );
        r.panel_open = open;
        // Opened from a region, a briefing in sections starts at that region's section.
        if let Some(row) = self.library.selected_row() {
            let b = &self.lib.briefings[i];
            let section = b
                .meta
                .sections
                .iter()
                .find(|s| s.regions.iter().any(|reg| row.node.holds(reg)));
            if let Some(s) = section {
                let block = b
                    .blocks()
                    .iter()
                    .position(|bl| bl.is_heading && bl.text == s.heading);
                if let Some(line) = block.and_then(|i| r.heading_line(i)) {
                    let h = usize::from(
                        layout::reader(self.area, open, self.config.text_width)
                            .text
                            .height,
                    );
                    r.scroll = line.min(r.max_scroll(h));
                }
            }
        }
        self.reader = Some(r);
        self.screen = Screen::Reader;
    }

    fn update_reader(&mut self, action: Action) {
        let (h, panel_h) = (self.body_height(), self.panel_height());
        let Some(r) = &mut self.reader else {
            self.screen = Screen::Library;
            return;
        };
        let page = (h / 2).max(1) as isize;
        let in_panel = r.panel_open && r.focus == Focus::Panel;
        match action {
            Action::Up | Action::Down | Action::PageUp | Action::PageDown if in_panel => {
                let delta = match action {
                    Action::Up => -1,
                    Action::Down => 1,
                    Action::PageUp => -(panel_h as isize / 2).max(1),
                    _ => (panel_h as isize / 2).max(1),
                };
                r.panel.move_by(delta, r.figures.len(), panel_h);
                let i = r.panel.selected;
                r.jump_to_figure(i, h);
            }
            Action::Up => r.scroll_by(-1, h),
            Action::Down => r.scroll_by(1, h),
            Action::PageUp => r.scroll_by(-page, h),
            Action::PageDown | Action::Mark => r.scroll_by(page, h),
            Action::Top if in_panel => r.jump_to_figure(0, h),
            Action::Bottom if in_panel => r.jump_to_figure(r.figures.len().saturating_sub(1), h),
            Action::Top => r.scroll = 0,
            Action::Bottom => r.scroll = r.max_scroll(h),
            Action::NextFigure => match r.next_figure() {
                Some(i) => r.jump_to_figure(i, h),
                None => {
                    self.message = Some(if r.figures.is_empty() {
                        "this briefing has no key figures".into()
                    } else {
                        "no more figures below".into()
                    })
                }
            },
            Action::PrevFigure => match r.prev_figure() {
                Some(i) => r.jump_to_figure(i, h),
                None => {
                    self.message = Some(if r.figures.is_empty() {
                        "this briefing has no key figures".into()
                    } else {
                        "no more figures above".into()
                    })
                }
            },
            Action::ToggleBookmark | Action::EditNote => {
                let i = r.briefing;
                let passage = self.passage_in_view();
                if action == Action::ToggleBookmark {
                    self.toggle_bookmark(i, passage);
                } else {
                    self.edit_note(i, passage);
                }
            }
            Action::NextMatch | Action::PrevMatch => {
                let next = if action == Action::NextMatch {
                    r.next_match()
                } else {
                    r.prev_match()
                };
                match next {
                    Some(i) => r.jump_to_match(i, h),
                    None => {
                        self.message = Some(match (&r.query, r.matches.is_empty()) {
                            (None, _) => "no search: press / to search".into(),
                            (Some(q), true) => format!("`{q}` is not in the text of this briefing"),
                            (Some(_), false) if action == Action::NextMatch => {
                                "no more matches below".into()
                            }
                            (Some(_), false) => "no more matches above".into(),
                        })
                    }
                }
            }
            Action::ToggleFigures => {
                r.panel_open = !r.panel_open;
                r.focus = if r.panel_open {
                    Focus::Panel
                } else {
                    Focus::Body
                };
                if r.panel_open && r.current.is_none() {
                    r.panel.selected = r.next_figure().unwrap_or(0);
                }
                self.relayout_reader();
            }
            Action::SwitchFocus if r.panel_open => {
                r.focus = match r.focus {
                    Focus::Body => Focus::Panel,
                    Focus::Panel => Focus::Body,
                };
            }
            Action::Right if r.panel_open => r.focus = Focus::Panel,
            Action::Left if r.panel_open => r.focus = Focus::Body,
            Action::Open if in_panel => {
                let i = r.panel.selected;
                r.jump_to_figure(i, h);
                r.focus = Focus::Body;
            }
            Action::Back if r.panel_open => {
                r.panel_open = false;
                r.focus = Focus::Body;
                self.relayout_reader();
            }
            Action::Back if r.from_compare && self.compare.is_some() => {
                self.screen = Screen::Compare
            }
            Action::Back if r.from_agenda => self.screen = Screen::Bookmarks,
            Action::Back => self.screen = Screen::Library,
            _ => {}
        }
    }
}

/// The path typed at an export prompt: `~` and `~/…` start at `home`, as in a shell.
fn export_path(typed: &str, home: Option<&std::ffi::OsStr>) -> std::path::PathBuf {
    match (typed.strip_prefix('~'), home) {
        (Some(rest), Some(home)) if rest.is_empty() || rest.starts_with('/') => {
            std::path::Path::new(home).join(rest.trim_start_matches('/'))
        }
        _ => std::path::PathBuf::from(typed),
    }
}

/// Keys on the search screen that act on the hits rather than type.
fn choosing(key: Key) -> bool {
    matches!(
        (key.code, key.ctrl),
        (
            KeyCode::Up | KeyCode::Down | KeyCode::PageUp | KeyCode::PageDown | KeyCode::Enter,
            _
        ) | (KeyCode::Char('p' | 'n'), true)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load_library;
    use crate::tui::Depth;

    fn app() -> App {
        let lib = load_library(std::path::Path::new("briefings")).unwrap();
        App::new(
            lib,
            Config::default(),
            Depth::Palette256,
            Rect::new(0, 0, 80, 24),
        )
    }

    fn keys(names: &[&str]) -> Vec<Key> {
        names.iter().map(|k| Key::parse(k).unwrap()).collect()
    }

    /// Ticks, as the event loop does, until no hits are awaited.
    fn wait(app: &mut App) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while app.search_waiting() {
            assert!(Instant::now() < deadline, "the hits never came");
            if !app.tick() {
                std::thread::sleep(Duration::from_millis(1));
            }
        }
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
        let mut app = app();
        // `down` and `enter` arrive with the keys that type the query: they are held until its
        // hits are in, then act on them, in order.
        app.handle_keys(&keys(&["/", "l", "z", "down", "enter"]));
        wait(&mut app);
        let expected = app.index().search("lz");
        assert!(expected.len() >= 2);
        assert_eq!(app.screen, Screen::Reader);
        let r = app.reader.as_ref().unwrap();
        assert_eq!(
            r.briefing, expected[1].briefing,
            "`down` chose the second hit"
        );
        assert_eq!(app.search.as_ref().unwrap().hits, expected);
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
            assert_eq!(
                export_path(typed, home),
                std::path::PathBuf::from(path),
                "{typed}"
            );
        }
        assert_eq!(
            export_path("~/m.md", None),
            std::path::PathBuf::from("~/m.md")
        );
    }

    #[test]
    fn esc_gives_up_waiting() {
        let mut app = app();
        app.handle_keys(&keys(&["/", "l", "z", "enter", "x", "esc"]));
        assert_eq!(app.screen, Screen::Library);
        wait(&mut app);
        assert_eq!(app.screen, Screen::Library, "the held `enter` was dropped");
        // The query typed before it stands, and has its hits.
        let s = app.search.as_ref().unwrap();
        assert_eq!(s.input.input, "lz");
        assert_eq!(s.hits, app.index().search("lz"));
    }
}
