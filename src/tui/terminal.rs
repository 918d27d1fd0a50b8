//! Owning the terminal: raw mode and the alternate screen on the way in, and everything undone
//! on the way out, whether by `q`, an error, a panic, or any signal that would end the process
//! (SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGUSR1 ...); a note being written is saved first.

use super::app::{App, Check};
use super::external;
use super::runtime::{NoteDraft, Runtime};
use super::theme::depth;
use crate::briefing::{Library, Report};
use crate::config::Config;
use crate::keymap::{Key, KeyCode};
use crossterm::event::{self, Event, KeyEventKind, KeyModifiers};
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use std::io::{Stdout, stdout};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, TryRecvError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Where the reader starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// The library.
    Library,
    /// The import screen, with a file read (its bytes and path): `brief import --review`.
    Review(Vec<u8>, std::path::PathBuf),
    /// A briefing (an id, a unique prefix or a path) and a paragraph, counted from 1.
    Open(String, Option<u32>),
}

/// The library read or checked behind the screen: given what to tell as files are read
/// (`done, total`) and a flag that asks it to stop early (keeping what it read), the library
/// as its files are now and what the check did.
pub type LoadBehind = Box<
    dyn FnOnce(
            &(dyn Fn(usize, usize) + Sync),
            &std::sync::atomic::AtomicBool,
        ) -> anyhow::Result<(Library, Report)>
        + Send,
>;

/// The library the reader opens on.
pub enum Opening {
    /// Read, or checked against its files, already: shown as it is.
    Ready(Library),
    /// Read or checked behind the screen by `load`, on a thread of its own; meanwhile the
    /// reader shows `shown` (the catalog as last written), or without one an empty library
    /// of `root` that counts the files read. An error of `load` ends the reader with it.
    Behind {
        /// What to show until `load` is done.
        shown: Option<Library>,
        /// The library folder.
        root: std::path::PathBuf,
        /// The read or check.
        load: LoadBehind,
    },
}

/// What comes back from the library's thread, and how far it has read.
struct Loading {
    result: Receiver<anyhow::Result<(Library, Report)>>,
    counted: Arc<[AtomicUsize; 2]>,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

/// How long quitting during a first build waits for the files read so far to be kept.
const KEEP_WAIT: Duration = Duration::from_secs(3);

/// Starts `load` on a thread of its own. Quitting waits for it only during a first build,
/// asking it to stop and keep what it read; otherwise quitting ends the process and it with it
/// (a catalog is only ever renamed into place whole).
fn load_behind(load: LoadBehind) -> Loading {
    let (tx, result) = std::sync::mpsc::channel();
    let counted = Arc::new([AtomicUsize::new(0), AtomicUsize::new(0)]);
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let asked = Arc::clone(&stop);
    let c = Arc::clone(&counted);
    // A thread that cannot be started drops the sender: the loop hears it as a load lost.
    let _ = std::thread::Builder::new()
        .name("library".into())
        .spawn(move || {
            let progress = |done: usize, total: usize| {
                c[0].store(done, Ordering::Relaxed);
                c[1].store(total, Ordering::Relaxed);
            };
            let _ = tx.send(load(&progress, &asked));
        });
    Loading {
        result,
        counted,
        stop,
    }
}

/// The most events taken between two frames, so that a flood of input still shows progress.
const MAX_BATCH: usize = 256;

/// How long a batch of keys waits for the hits of the query it typed before the screen is
/// drawn without them (they follow when they come).
const SEARCH_WAIT: Duration = Duration::from_millis(12);

/// Turns a crossterm key event into a [`Key`]; releases and unknown keys give `None`.
pub fn key_from_event(e: &event::KeyEvent) -> Option<Key> {
    if e.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = e.modifiers.contains(KeyModifiers::CONTROL);
    let alt = e.modifiers.contains(KeyModifiers::ALT);
    let code = match e.code {
        event::KeyCode::Char(c) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
        event::KeyCode::Enter => KeyCode::Enter,
        event::KeyCode::Esc => KeyCode::Esc,
        event::KeyCode::Tab => KeyCode::Tab,
        event::KeyCode::BackTab => KeyCode::BackTab,
        event::KeyCode::Backspace => KeyCode::Backspace,
        event::KeyCode::Delete => KeyCode::Delete,
        event::KeyCode::Up => KeyCode::Up,
        event::KeyCode::Down => KeyCode::Down,
        event::KeyCode::Left => KeyCode::Left,
        event::KeyCode::Right => KeyCode::Right,
        event::KeyCode::Home => KeyCode::Home,
        event::KeyCode::End => KeyCode::End,
        event::KeyCode::PageUp => KeyCode::PageUp,
        event::KeyCode::PageDown => KeyCode::PageDown,
        event::KeyCode::F(n) if (1..=12).contains(&n) => KeyCode::F(n),
        _ => return None,
    };
    Some(Key { code, ctrl, alt })
}

/// Puts the terminal back as it was. Safe to call more than once; errors are ignored because
/// the terminal may already be gone (a dropped SSH session).
fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        event::DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
}

/// Restores the terminal when dropped, so that `?` and early returns restore it too.
struct Session;

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

/// Raw mode alone, while the library loads; undone when dropped (on an error too).
struct RawMode(bool);

impl RawMode {
    fn enable() -> RawMode {
        RawMode(enable_raw_mode().is_ok())
    }
}

impl Drop for RawMode {
    fn drop(&mut self) {
        if self.0 {
            let _ = disable_raw_mode();
        }
    }
}

fn enter() -> anyhow::Result<(Session, Terminal<CrosstermBackend<Stdout>>)> {
    enable_raw_mode()?;
    let session = Session;
    // Bracketed paste: a paste arrives as one event, not as keys (a pasted article would
    // otherwise act as thousands of commands).
    execute!(
        stdout(),
        EnterAlternateScreen,
        event::EnableBracketedPaste,
        cursor::Hide
    )?;
    let terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
    Ok((session, terminal))
}

/// Every signal whose default action ends the process and that can be caught and acted on
/// later: each restores the terminal and ends brief with 128 + its number. Left out are those
/// that cannot be caught (SIGKILL, SIGSTOP) and the faults (SIGSEGV, SIGBUS, SIGILL, SIGFPE),
/// which would strike again on return from a handler that only records them; the panic hook
/// and the kernel deal with those.
#[cfg(unix)]
fn ending_signals() -> Vec<i32> {
    let mut all = vec![
        libc::SIGHUP,
        libc::SIGINT,
        libc::SIGQUIT,
        libc::SIGTRAP,
        libc::SIGABRT,
        libc::SIGUSR1,
        libc::SIGUSR2,
        libc::SIGPIPE,
        libc::SIGALRM,
        libc::SIGTERM,
        libc::SIGXCPU,
        libc::SIGXFSZ,
        libc::SIGVTALRM,
        libc::SIGPROF,
        libc::SIGSYS,
    ];
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        all.extend([libc::SIGSTKFLT, libc::SIGIO, libc::SIGPWR]);
        // The real-time signals end the process too.
        all.extend(libc::SIGRTMIN()..=libc::SIGRTMAX());
    }
    all
}

/// The note being written, as the event loop last saw it: shared with the watching thread so
/// that whichever ends brief saves it.
type Draft = Arc<Mutex<Option<NoteDraft>>>;

/// Saves the note being written, once: the lock is held while saving, so that the other
/// thread neither saves it again nor ends the process half-way. Errors go unreported: the
/// terminal is being given back or is gone.
fn save_draft(draft: &Mutex<Option<NoteDraft>>) {
    let mut held = draft.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(d) = held.take() {
        let _ = d.save();
    }
}

/// The exit code when the terminal goes away: 128 + SIGHUP, as a shell reports a hang-up (on
/// every platform, so that scripts see one code).
const HANG_UP_EXIT: i32 = 129;

/// Whether the terminal brief runs in has gone (its window closed, its SSH connection or tmux
/// server gone). Looks without reading, so no key press is lost.
///
/// The portable test: stdin and stdout were terminals when the reader started, and a terminal
/// that has hung up answers no terminal query any more (Linux and macOS give EIO, Windows has
/// no console), so they stop being terminals. On Linux `poll` also reports the hang-up itself;
/// it is not asked elsewhere, because macOS reports POLLNVAL for every terminal device.
fn terminal_is_gone() -> bool {
    use std::io::IsTerminal;
    !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() || poll_says_hung_up()
}

#[cfg(any(target_os = "linux", target_os = "android"))]
fn poll_says_hung_up() -> bool {
    let mut fd = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: 0,
        revents: 0,
    };
    // SAFETY: one valid pollfd and a zero timeout; poll only writes `revents`.
    let ready = unsafe { libc::poll(&mut fd, 1, 0) };
    ready > 0 && fd.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn poll_says_hung_up() -> bool {
    false
}

/// Ends the process when the terminal goes away or a signal is not acted on within a second.
///
/// crossterm 0.29 spins inside `event::poll` once its terminal is gone (crossterm issue #793),
/// so the event loop would never get to look at the signal flag; this thread does it instead,
/// on every platform (where there are no signals, `signal` stays 0).
fn watch(signal: Arc<AtomicUsize>, done: Arc<std::sync::atomic::AtomicBool>, draft: Draft) {
    std::thread::spawn(move || {
        let mut signalled_for = 0;
        loop {
            std::thread::sleep(Duration::from_millis(250));
            if done.load(Ordering::SeqCst) {
                return;
            }
            if terminal_is_gone() {
                save_draft(&draft);
                restore();
                std::process::exit(HANG_UP_EXIT);
            }
            let sig = signal.load(Ordering::SeqCst);
            if sig != 0 {
                signalled_for += 1;
                if signalled_for >= 4 {
                    save_draft(&draft);
                    restore();
                    std::process::exit(128 + sig as i32);
                }
            } else {
                // Taken back (an interrupt typed into the editor belongs to the editor).
                signalled_for = 0;
            }
        }
    });
}

/// Runs the TUI over the library `load` opens until the user quits, keeping bookmarks in
/// `state`. Returns the number of the signal that ended it, if one did.
///
/// The terminal is put in raw mode before `load` runs, so that keys typed meanwhile are
/// neither echoed nor held back for a whole line: they reach the first screen as the keys
/// they were. A library to read or check behind the screen ([`Opening::Behind`]) is taken
/// in when it comes ([`App::library_checked`]); if it fails, the reader ends with its error.
pub fn run(
    load: impl FnOnce() -> anyhow::Result<Opening>,
    config: Config,
    state: Option<crate::bookmarks::StateFile>,
    start: Start,
) -> anyhow::Result<Option<i32>> {
    let env = |k: &str| std::env::var(k).ok();
    let depth = depth(
        config.color,
        env("NO_COLOR").as_deref(),
        env("COLORTERM").as_deref(),
        env("TERM").as_deref(),
    );
    // A signal only records itself; the loop notices within one poll and leaves normally.
    let signal = Arc::new(AtomicUsize::new(0));
    #[cfg(unix)]
    for sig in ending_signals() {
        let flag = Arc::clone(&signal);
        // SAFETY: the handler only stores to an atomic, which is async-signal-safe.
        unsafe {
            signal_hook::low_level::register(sig, move || {
                flag.store(sig as usize, Ordering::SeqCst)
            })?;
        }
    }
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));

    let done = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let draft: Draft = Arc::default();
    watch(Arc::clone(&signal), Arc::clone(&done), Arc::clone(&draft));
    let opening = {
        let _raw = RawMode::enable();
        load()?
    };
    let (lib, loading) = match opening {
        Opening::Ready(lib) => (lib, None),
        Opening::Behind { shown, root, load } => {
            let check = match shown {
                Some(_) => Check::Behind(None),
                None => Check::FirstBuild(None),
            };
            let lib = shown.unwrap_or_else(|| Library {
                root,
                ..Library::default()
            });
            (lib, Some((check, load)))
        }
    };
    let (session, mut terminal) = enter()?;
    // crossterm starts listening for resizes on its first poll: start it before the first
    // frame, so that a resize right after the screen appears is not missed.
    let _ = event::poll(Duration::ZERO);
    let size = terminal.size()?;
    log::info!(
        "reader open at {}x{}, colours {depth:?}",
        size.width,
        size.height
    );
    let mut app = App::new(lib, config, depth, Rect::new(0, 0, size.width, size.height));
    // The read or check starts once the first frame is drawn: on two cores, its threads
    // would otherwise take turns with the one making that frame.
    let mut to_load = loading.map(|(check, load)| {
        app.check = check;
        load
    });
    let mut loading: Option<Loading> = None;
    app.theme.links = external::links_shown(app.config.hyperlinks, &external::process_env);
    let mut rt = Runtime::threaded();
    if let Some(file) = state {
        rt = rt.with_state(file, &mut app);
    }
    match start {
        Start::Library => {}
        // `brief import PATH --review`: the import screen, with the file read.
        Start::Review(bytes, path) => app.review(&bytes, &path),
        // `brief open ID`: the reader at the briefing.
        Start::Open(id, paragraph) => app.open_id(&id, paragraph),
    }
    rt.run(&mut app, Duration::ZERO);
    let mut dirty = true;
    let mut building = None;
    let mut keys = Vec::new();
    let mut failed = None;
    while !app.should_quit {
        if signal.load(Ordering::SeqCst) != 0 {
            break;
        }
        if let Some(l) = &loading {
            match l.result.try_recv() {
                Ok(Ok((lib, report))) => {
                    log::info!(
                        "library checked behind the screen: {} briefings, {} files read, {} gone",
                        lib.briefings.len(),
                        report.read,
                        report.vanished
                    );
                    app.library_checked(lib, &report);
                    rt.run(&mut app, Duration::ZERO);
                    loading = None;
                    dirty = true;
                }
                // The library folder could not be read: brief ends with why, as it would
                // have before the screen was taken.
                Ok(Err(e)) => {
                    failed = Some(e);
                    break;
                }
                Err(TryRecvError::Empty) => {
                    let [done, total] = &*l.counted;
                    dirty |=
                        app.reading(done.load(Ordering::Relaxed), total.load(Ordering::Relaxed));
                }
                Err(TryRecvError::Disconnected) => {
                    loading = None;
                    app.check = Check::Done;
                    app.say(
                        "the library could not be checked against its files: r reads it again"
                            .into(),
                    );
                    dirty = true;
                }
            }
        }
        // A resize whose event was lost (one during loading, or before crossterm listened)
        // still shows: the frame follows the terminal's size, checked once a turn.
        if let Ok(now) = terminal.size() {
            let now = Rect::new(0, 0, now.width, now.height);
            if now != app.area {
                app.resize(now);
                terminal.autoresize()?;
                dirty = true;
            }
        }
        if dirty {
            terminal.draw(|frame| {
                frame.render_widget(&app, frame.area());
                if let Some(p) = app.cursor() {
                    frame.set_cursor_position(p);
                }
            })?;
            dirty = false;
            if let Some(load) = to_load.take() {
                loading = Some(load_behind(load));
            }
        }
        // Once the first screen is up, the search index is built behind it (this starts the
        // search thread once; later calls find it running).
        rt.prepare_search(&app);
        // While hits are awaited the loop looks for them often; otherwise it sleeps.
        // While the library is read behind the screen the loop looks for it often too.
        let wait = if app.search_waiting() || app.search_counting() {
            10
        } else if loading.is_some() || to_load.is_some() {
            40
        } else {
            200
        };
        if !event::poll(Duration::from_millis(wait))? {
            dirty |= rt.run(&mut app, Duration::ZERO);
            // A first build of the search index counts the briefings it reads: the count
            // shown follows it.
            let progress = app.lib.build_progress();
            dirty |= progress != building;
            building = progress;
            continue;
        }
        // Everything that has already arrived is taken in one go, so that keys typed (or
        // pasted) faster than a search runs cost one search, not one each.
        let mut taken = 0;
        loop {
            match event::read()? {
                Event::Key(k) => {
                    // Debug builds only: lets the end-to-end tests check the panic path.
                    #[cfg(debug_assertions)]
                    if k.code == event::KeyCode::Char('!')
                        && std::env::var_os("BRIEF_TEST_PANIC").is_some()
                    {
                        panic!("panic requested by BRIEF_TEST_PANIC");
                    }
                    keys.extend(key_from_event(&k));
                }
                Event::Paste(text) => {
                    // The keys before it act first; the paste is taken whole.
                    if !keys.is_empty() {
                        app.handle_keys(&keys);
                        keys.clear();
                        rt.run(&mut app, SEARCH_WAIT);
                    }
                    app.paste(&text);
                    rt.run(&mut app, SEARCH_WAIT);
                    dirty = true;
                }
                Event::Resize(w, h) => {
                    // The keys before it act at the size they were pressed at.
                    if !keys.is_empty() {
                        app.handle_keys(&keys);
                        keys.clear();
                        rt.run(&mut app, SEARCH_WAIT);
                    }
                    app.resize(Rect::new(0, 0, w, h));
                    terminal.autoresize()?;
                    dirty = true;
                }
                _ => {}
            }
            taken += 1;
            if taken >= MAX_BATCH || !event::poll(Duration::ZERO)? {
                break;
            }
        }
        if !keys.is_empty() {
            app.handle_keys(&keys);
            keys.clear();
            // A short wait, so that a quick search shows with the key that asked for it
            // rather than a frame later.
            rt.run(&mut app, SEARCH_WAIT);
            dirty = true;
        }
        // Editing, copying and opening need the terminal, which is the loop's to lend.
        if let Some(request) = app.take_request() {
            let outcome = external::carry_out(request, &mut terminal, &signal);
            app.finish(outcome);
            rt.run(&mut app, Duration::ZERO);
            dirty = true;
        }
        *draft.lock().unwrap_or_else(PoisonError::into_inner) = rt.note_draft(&app);
    }
    if signal.load(Ordering::SeqCst) != 0 || failed.is_some() {
        save_draft(&draft);
    }
    // Quitting during a first build keeps the files read so far, so the next start reads
    // only the rest: the read is asked to stop, and has a moment to write what it has.
    if let Some(l) = &loading
        && matches!(app.check, Check::FirstBuild(_))
    {
        l.stop.store(true, Ordering::Relaxed);
        let _ = l.result.recv_timeout(KEEP_WAIT);
    }
    done.store(true, Ordering::SeqCst);
    drop(terminal);
    drop(session);
    log::info!("reader closed (signal {})", signal.load(Ordering::SeqCst));
    if let Some(e) = failed {
        return Err(e);
    }
    match signal.load(Ordering::SeqCst) {
        0 => Ok(None),
        s => Ok(Some(s as i32)),
    }
}
