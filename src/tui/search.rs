//! The search screen's state (the query being typed, its hits, the selection among them) and
//! the thread that answers its queries.

use super::cursor::Cursor;
use super::draw::{byte_range, fit, put, put_marked, width};
use super::input::Prompt;
use super::view::{At, Cx, Effect, Input, View, render_status};
use crate::briefing::Library;
use crate::keymap::{Action, Context};
use crate::search::Field;
use crate::search::{FIRST_PAGE, Hit, Index, Searcher};
use crate::text::strip_controls;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use std::ops::Range;
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
    /// Whether the query has changed since it was last asked.
    pub edited: bool,
    /// The first and the last query asked from this screen, and the one whose hits are shown.
    first: u64,
    asked: u64,
    shown: u64,
    /// Whether the hits shown are all of that query's, or its first page while the rest are
    /// found.
    pub complete: bool,
    /// Each hit's snippet without heading marks, and the match in it, made for the hits in
    /// view when they come or scroll into view rather than on every frame.
    snippets: Vec<Option<(String, Range<usize>)>>,
}

impl SearchState {
    /// A search with `query` already typed.
    pub fn new(query: String) -> SearchState {
        SearchState {
            edited: !query.trim().is_empty(),
            input: Prompt::new("/", query),
            hits: Vec::new(),
            list: Cursor::default(),
            first: 0,
            asked: 0,
            shown: 0,
            complete: true,
            snippets: Vec::new(),
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
            self.snippets.clear();
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
    ///
    /// All the hits of the query whose first page is shown complete it: the page is the same,
    /// so the selection and what was made for it stay.
    pub fn answer(&mut self, found: Found, height: usize) -> bool {
        let completes = found.id == self.shown && !self.complete && found.complete;
        if completes {
            let kept = self.hits.len().min(found.hits.len());
            self.hits = found.hits;
            self.snippets.truncate(kept);
            self.snippets.resize(self.hits.len(), None);
            self.complete = true;
            self.list.follow(self.hits.len(), height);
            return true;
        }
        if found.id < self.first.max(1) || found.id <= self.shown || found.id > self.asked {
            return false;
        }
        self.hits = found.hits;
        self.complete = found.complete;
        self.snippets = vec![None; self.hits.len()];
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

/// How many hits the search screen shows at once in `area` (two lines each, below the query
/// and its hint line, above the status line).
pub fn rows(area: Rect) -> usize {
    usize::from(area.height.saturating_sub(3) / 2).max(1)
}

impl View for SearchState {
    fn context(&self) -> Context {
        Context::Search
    }

    fn sync(&mut self, cx: &Cx) {
        let rows = rows(cx.area);
        self.list.follow(self.hits.len(), rows);
        self.snippets.resize(self.hits.len(), None);
        let shown = self.list.offset..(self.list.offset + rows).min(self.hits.len());
        for i in shown {
            if self.snippets[i].is_none() {
                let snippet = cx.index().snippet(cx.lib, &self.hits[i]);
                self.snippets[i] = Some(without_heading_marks(&snippet.text, snippet.matched));
            }
        }
    }

    fn update(&mut self, input: Input, cx: &Cx) -> Vec<Effect> {
        let rows = rows(cx.area);
        let len = self.hits.len();
        match input {
            Input::Act(Action::Back) => return vec![Effect::Back],
            Input::Act(Action::Up) => self.list.move_by(-1, len, rows),
            Input::Act(Action::Down) => self.list.move_by(1, len, rows),
            Input::Act(Action::PageUp) => self.list.move_by(-(rows as isize), len, rows),
            Input::Act(Action::PageDown) => self.list.move_by(rows as isize, len, rows),
            Input::Act(Action::Open) => {
                return match self.selected().cloned() {
                    Some(hit) => {
                        let query = self.input.input.clone();
                        vec![Effect::Open(hit.briefing, At::Hit(hit, query))]
                    }
                    None if self.input.input.trim().is_empty() => Vec::new(),
                    None => vec![Effect::Say(format!(
                        "nothing matches; {} goes back",
                        cx.key(Action::Back)
                    ))],
                };
            }
            other => {
                let before = self.input.input.clone();
                if self.input.edit(other) && self.input.input != before {
                    // The query goes out once the keys that came together are all in.
                    self.edited = true;
                }
            }
        }
        Vec::new()
    }

    fn render(&self, cx: &Cx, area: Rect, buf: &mut Buffer) {
        render(self, cx, area, buf);
    }

    fn hints(&self) -> Vec<(&'static [Action], &'static str)> {
        vec![
            (&[Action::Open], "open"),
            (&[Action::Down, Action::Up], "choose"),
            (&[Action::Back], "back"),
        ]
    }

    fn cursor(&self, cx: &Cx, area: Rect) -> Option<Position> {
        let amb = cx.amb();
        let p = &self.input;
        let before: String = p.input.chars().take(p.cursor).collect();
        let x = area.x + 2 + width(&p.label, amb) as u16 + width(&before, amb) as u16;
        Some(Position::new(x.min(area.right().saturating_sub(1)), area.y))
    }
}

/// The hits of one query.
#[derive(Debug)]
pub struct Found {
    /// The number the query was asked with.
    pub id: u64,
    /// Its hits, best first.
    pub hits: Vec<Hit>,
    /// Whether these are all of them, or only the first page (exactly the first of all of
    /// them, which follow).
    pub complete: bool,
}

/// Answers queries on a thread of its own, so that typing never waits for a search. Of the
/// queries waiting, only the newest runs; the thread builds the index before the first. Each
/// is answered twice: the first page at once ([`Searcher::top`]), then every hit, a search
/// given up when a newer query is asked.
pub struct SearchWorker {
    lib: Arc<Library>,
    index: Arc<OnceLock<Index>>,
    way: Way,
    last: Option<(u64, String)>,
    /// The number of the newest query asked, which the thread reads to give up older ones.
    newest: Arc<std::sync::atomic::AtomicU64>,
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
        use std::sync::atomic::Ordering;
        let (jobs, inbox) = mpsc::channel::<(u64, String)>();
        let (outbox, found) = mpsc::channel();
        let (lib2, index2) = (Arc::clone(&lib), Arc::clone(&index));
        let newest = Arc::new(std::sync::atomic::AtomicU64::new(0));
        let newest2 = Arc::clone(&newest);
        let spawned = std::thread::Builder::new()
            .name("search".into())
            .spawn(move || {
                let index = index2.get_or_init(|| build_index(&lib2));
                let mut searcher = Searcher::default();
                while let Ok(mut job) = inbox.recv() {
                    while let Ok(newer) = inbox.try_recv() {
                        job = newer;
                    }
                    let (id, query) = job;
                    // The first page: all there is when it is not full.
                    let top = searcher.top(index, &query, FIRST_PAGE);
                    let complete = top.len() < FIRST_PAGE;
                    let first = Found {
                        id,
                        hits: top,
                        complete,
                    };
                    if outbox.send(first).is_err() {
                        return;
                    }
                    // Then every hit, unless a newer query comes first. Searched even when
                    // the first page was all: the next key narrows from what it finds.
                    let stale = || newest2.load(Ordering::Relaxed) != id;
                    let Some(hits) = searcher.search_unless(index, &query, &stale) else {
                        continue;
                    };
                    let all = Found {
                        id,
                        hits,
                        complete: true,
                    };
                    if !complete && outbox.send(all).is_err() {
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
            newest,
        }
    }

    /// Sends query `text` as number `id`.
    pub fn ask(&mut self, id: u64, text: String) {
        self.newest.store(id, std::sync::atomic::Ordering::Relaxed);
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
        let index = self.index.get_or_init(|| build_index(&self.lib));
        if let (Way::Here { searcher, found }, Some((id, text))) = (&mut self.way, &self.last) {
            *found = Some(Found {
                id: *id,
                hits: searcher.search(index, text),
                complete: true,
            });
        }
    }
}

/// The index of `lib`: from the folded bodies kept in the cache folder when the library was
/// made from the catalog (see [`Index::build_kept`]).
fn build_index(lib: &Library) -> Index {
    Index::build_kept(lib)
}

impl Way {
    fn here() -> Way {
        Way::Here {
            searcher: Searcher::default(),
            found: None,
        }
    }
}

fn render(s: &SearchState, app: &Cx, area: Rect, buf: &mut Buffer) {
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    // The query line.
    let used = put(
        buf,
        area.x + 1,
        area.y,
        area.width,
        &s.input.label,
        t.focus,
        amb,
    );
    put(
        buf,
        area.x + 2 + used,
        area.y,
        area.width.saturating_sub(used + 2),
        &s.input.input,
        if s.input.selected {
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        },
        amb,
    );
    let hint = if s.input.input.trim().is_empty() {
        "type to search: characters in either script, pinyin (liuzhou, lz), several terms"
            .to_string()
    } else if !s.current()
        && let Some(reading) = super::library::reading(app)
    {
        // No search before the library is read: the query waits for it.
        format!("{reading} the search follows")
    } else if !s.current() && !app.index_ready() {
        match app.lib.build_progress() {
            // A first build reads every body; the screen stays usable meanwhile.
            Some((done, total)) => {
                format!("building the search index: {done} of {total} briefings read…")
            }
            None => format!(
                "building the search index over {} briefings…",
                app.lib.briefings.len()
            ),
        }
    } else if !s.current() {
        // The hits below are those of an earlier query until these come.
        "searching…".to_string()
    } else if s.hits.is_empty() {
        format!("no briefing matches `{}`", strip_controls(&s.input.input))
    } else if !s.complete {
        format!(
            "the best {} shown; counting the rest of {} briefings…",
            s.hits.len(),
            app.lib.briefings.len()
        )
    } else {
        format!(
            "{} of {} briefings match",
            s.hits.len(),
            app.lib.briefings.len()
        )
    };
    let hint = fit(&hint, usize::from(area.width.saturating_sub(2)), amb);
    put(buf, area.x + 1, area.y + 1, area.width, &hint, t.dim, amb);
    let rows = rows(area);
    for (row, i, selected, h) in s.list.in_view(&s.hits, rows) {
        let y = area.y + 2 + 2 * row as u16;
        let snippet = s.snippets.get(i).and_then(|c| c.as_ref());
        render_hit(
            app,
            h,
            snippet,
            selected,
            Rect::new(area.x, y, area.width, 2),
            buf,
        );
    }
    let status_area = Rect {
        y: area.bottom().saturating_sub(1),
        height: 1,
        ..area
    };
    render_status(app, status_area, buf, "Search", &super::view::hints(app, s));
}

/// A snippet without the `## ` that starts a section heading in the file (it stands at the
/// start of the snippet or after the space a line break became), and the match's character
/// range in what is left.
pub fn without_heading_marks(text: &str, matched: Range<usize>) -> (String, Range<usize>) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let (mut start, mut end) = (matched.start, matched.end);
    let mut i = 0;
    while i < chars.len() {
        let at_line_start = i == 0 || matches!(chars[i - 1], ' ' | '…');
        if at_line_start && chars[i..].starts_with(&['#', '#', ' ']) {
            // Three characters go: the match's ends move back over those before them.
            for k in [&mut start, &mut end] {
                *k = if *k >= i + 3 { *k - 3 } else { (*k).min(i) };
            }
            i += 3;
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    (out, start..end)
}

/// Writes `text` with the characters `hit` marked, within `max` cells; returns cells used.
#[allow(clippy::too_many_arguments)]
fn put_hit(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    max: u16,
    text: &str,
    hit: std::ops::Range<usize>,
    base: Style,
    mark: Style,
    amb: bool,
) -> u16 {
    put_marked(
        buf,
        x,
        y,
        max,
        text,
        base,
        &[(byte_range(text, hit), mark)],
        amb,
    )
}

fn render_hit(
    app: &Cx,
    h: &Hit,
    snippet: Option<&(String, Range<usize>)>,
    selected: bool,
    area: Rect,
    buf: &mut Buffer,
) {
    let t = &app.theme;
    let amb = t.ambiguous_wide;
    let b = &app.lib.briefings[h.briefing];
    let row_style = if selected { t.selected } else { Style::new() };
    if selected {
        buf.set_style(area, row_style);
    }
    let mark = Style::new().add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
    let date = b.meta.date_label();
    let x = area.x + 1;
    put(
        buf,
        x,
        area.y,
        10,
        &date,
        if selected { row_style } else { t.dim },
        amb,
    );
    let tx = x + 11;
    let room = area.right().saturating_sub(tx + 1);
    let title = strip_controls(&b.meta.title);
    if h.field == Field::Title {
        let shown = fit(&title, usize::from(room), amb);
        put_hit(
            buf,
            tx,
            area.y,
            room,
            &shown,
            h.start..h.end,
            row_style.patch(t.heading),
            mark,
            amb,
        );
    } else {
        put(
            buf,
            tx,
            area.y,
            room,
            &fit(&title, usize::from(room), amb),
            row_style.patch(t.heading),
            amb,
        );
    }
    // The second line: where it matched, and the text around the match.
    let mut label = h.field.as_str().to_string();
    if let Some(sec) = &h.section {
        label.push_str(&format!(" · {}", strip_controls(sec)));
    }
    let label = fit(&label, 24, amb);
    let lw = put(
        buf,
        tx,
        area.y + 1,
        24,
        &label,
        if selected { row_style } else { t.place },
        amb,
    );
    let sx = tx + lw + 2;
    let room = usize::from(area.right().saturating_sub(sx + 1));
    // Keep the match in sight: drop text before it when the line is short.
    // Made when the hit came into view; made here only if it has not been yet.
    let (text, m) = match snippet {
        Some((text, m)) => (text.clone(), m.clone()),
        None => {
            let snippet = app.index().snippet(app.lib, h);
            without_heading_marks(&snippet.text, snippet.matched)
        }
    };
    let chars: Vec<char> = text.chars().collect();
    let lead = chars[..m.start.min(chars.len())].iter().collect::<String>();
    let drop = if width(&lead, amb) + 8 > room / 2 {
        m.start.saturating_sub(6)
    } else {
        0
    };
    // Text dropped before the match is marked as cut, as the snippet's own ends are.
    let shown: String = match drop {
        0 => chars.iter().collect(),
        _ => std::iter::once('…')
            .chain(chars[drop + 1..].iter().copied())
            .collect(),
    };
    let shown = fit(&shown, room, amb);
    put_hit(
        buf,
        sx,
        area.y + 1,
        room as u16,
        &shown,
        m.start - drop..m.end - drop,
        row_style,
        mark.patch(if selected { Style::new() } else { t.focus }),
        amb,
    );
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
            complete: true,
        }
    }

    /// Hits of `briefings`, in that order, as query `id`'s answer.
    fn found_many(id: u64, briefings: impl IntoIterator<Item = usize>, complete: bool) -> Found {
        Found {
            id,
            hits: briefings
                .into_iter()
                .flat_map(|b| found(id, b).hits)
                .collect(),
            complete,
        }
    }

    #[test]
    fn the_rest_of_the_hits_complete_the_first_page_keeping_the_selection() {
        let mut s = SearchState::new("lz".into());
        s.ask(4);
        assert!(s.answer(found_many(4, 0..3, false), 10));
        assert!(!s.complete);
        s.list.selected = 2;
        // Every hit of the same query: the page stays, the rest follow, the selection holds.
        assert!(s.answer(found_many(4, 0..9, true), 10));
        assert!(s.complete);
        assert_eq!(s.hits.len(), 9);
        assert_eq!(s.list.selected, 2);
        // Then nothing more for that query, and a newer one's first page starts afresh.
        assert!(!s.answer(found_many(4, 0..9, true), 10));
        s.input.input.push('s');
        s.edited = true;
        s.ask(5);
        assert!(s.answer(found_many(5, 3..5, false), 10));
        assert_eq!((s.complete, s.list.selected), (false, 0));
        // A late full answer to the older query does not replace the newer page.
        assert!(!s.answer(found_many(4, 0..9, true), 10));
        assert_eq!(s.hits[0].briefing, 3);
    }

    #[test]
    fn the_worker_answers_a_large_query_with_its_first_page_then_all_of_it() {
        let shipped = crate::briefing::load_library(std::path::Path::new("briefings")).unwrap();
        let mut lib = crate::briefing::Library {
            root: shipped.root.clone(),
            briefings: Vec::new(),
            errors: Vec::new(),
            on_demand: Default::default(),
        };
        for n in 0..(3 * FIRST_PAGE) {
            let mut b = shipped.briefings[n % shipped.briefings.len()].clone();
            b.id = format!("{}-{n}", b.id);
            lib.briefings.push(b);
        }
        let lib = Arc::new(lib);
        let index = Arc::new(OnceLock::new());
        let mut w = SearchWorker::start(Arc::clone(&lib), Arc::clone(&index));
        w.ask(1, "产业".into());
        let first = w.answer(Duration::from_secs(30)).expect("the first page");
        let all = w.answer(Duration::from_secs(30)).expect("every hit");
        let want = index.get().unwrap().search("产业");
        assert!(want.len() > FIRST_PAGE);
        assert_eq!((first.id, first.complete), (1, false));
        assert_eq!(first.hits, want[..FIRST_PAGE]);
        assert_eq!((all.id, all.complete), (1, true));
        assert_eq!(all.hits, want);
    }

    #[test]
    fn only_answers_to_queries_of_this_screen_newer_than_those_shown_are_taken() {
        let mut s = SearchState::new("lz".into());
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
    fn snippets_lose_the_heading_marks_and_keep_the_match() {
        let (t, m) = without_heading_marks("…发展。 ## 【重庆】重塑产业", 9..11);
        assert_eq!(t, "…发展。 【重庆】重塑产业");
        assert_eq!(
            t.chars()
                .skip(m.start)
                .take(m.end - m.start)
                .collect::<String>(),
            "重庆"
        );
        let (t, m) = without_heading_marks("## 柳州 新能源", 3..5);
        assert_eq!((t.as_str(), m), ("柳州 新能源", 0..2));
        // A # inside the text stays.
        let (t, _) = without_heading_marks("第1## 号", 0..1);
        assert_eq!(t, "第1## 号");
    }

    #[test]
    fn an_empty_query_is_not_sent_and_has_no_hits() {
        let mut s = SearchState::new("  ".into());
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
