//! What brief hands to the world outside it: a briefing's file to the user's editor (the
//! terminal handed over and taken back), text to the terminal's clipboard (OSC 52), a web
//! address to the platform's opener, and links the terminal can open (OSC 8).
//!
//! `App` only asks, with a [`Request`]; the event loop, which owns the terminal, carries it out
//! with [`carry_out`] and gives the [`Outcome`] back to `App` ([`App::finish`]); reading the
//! library again ([`reload`], [`after_edit`]) is the runtime's. Everything that
//! decides (which command, which text, which address) is a pure function of its inputs and the
//! environment passed in, so that it is tested without a terminal.

use super::app::App;
use super::draw;
use super::layout;
use super::reader::{FIRST_BODY_BLOCK, Focus, ReaderState};
use super::view::Cx;
use crate::briefing::{Briefing, Library, load_file};
use crate::config::LinkMode;
use crate::keymap::Action;
use crate::text::{is_unsafe, one_line, safe_chars, strip_controls};
use crate::wrap::char_width;
use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::style::Style;
use std::num::NonZeroU16;
use std::path::{Path, PathBuf};

/// Something `App` wants done outside it, by the event loop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Hand the terminal to the editor on a briefing's file, then read the file again.
    Edit {
        /// The briefing's file.
        path: PathBuf,
    },
    /// Put `text` on the clipboard through the terminal (OSC 52).
    Copy {
        /// What to copy, as it stands in the briefing.
        text: String,
        /// What it is, for the message (`paragraph 3`).
        what: String,
    },
    /// Open a web address, already checked by [`web_url`], with the platform's opener.
    Open {
        /// The address.
        url: String,
    },
}

/// What came of a [`Request`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The editor ran on `path` and exited with `Ok(code)` (`None`: ended by a signal), or
    /// could not be started (`Err`, the message).
    Edited {
        /// The file edited.
        path: PathBuf,
        /// How the editor ended.
        ran: Result<Option<i32>, String>,
    },
    /// A message for the status line.
    Say(String),
}

/// Reads an environment variable; empty counts as unset, as for NO_COLOR and EDITOR.
pub type Env<'a> = &'a dyn Fn(&str) -> Option<String>;

/// The process's own environment, as an [`Env`].
pub fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// The editor when neither VISUAL nor EDITOR is set: what git and less fall back to.
const DEFAULT_EDITOR: &str = if cfg!(windows) { "notepad" } else { "vi" };

/// The editor to run, as a program and its arguments: `$VISUAL`, else `$EDITOR`, else `vi`
/// (`notepad` on Windows). The variable is split as a shell splits words, so
/// `VISUAL="code --wait"` and quoted paths work; the file is added as the last argument and
/// never goes through a shell.
pub fn editor_command(env: Env) -> Result<Vec<String>, String> {
    for var in ["VISUAL", "EDITOR"] {
        if let Some(value) = env(var) {
            let words = split_command(var, &value)?;
            if !words.is_empty() {
                return Ok(words);
            }
        }
    }
    Ok(vec![DEFAULT_EDITOR.to_string()])
}

/// The program that opens a web address, and its arguments: `$BRIEF_OPENER` (split as a shell
/// would), else `open` on macOS, `explorer` on Windows, `xdg-open` elsewhere. The address is
/// added as the last argument, never spliced into a command line: on Windows that is why it
/// is `explorer` and not `cmd /c start`, which would read `&` and `%` in an address.
pub fn opener_command(env: Env) -> Result<Vec<String>, String> {
    if let Some(value) = env("BRIEF_OPENER") {
        let words = split_command("BRIEF_OPENER", &value)?;
        if !words.is_empty() {
            return Ok(words);
        }
    }
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    Ok(vec![program.to_string()])
}

fn split_command(var: &str, value: &str) -> Result<Vec<String>, String> {
    shell_words::split(value).map_err(|e| {
        format!(
            "{var} is not a command brief can read ({e}): `{}`",
            draw::fit(&one_line(value), 40, false)
        )
    })
}

/// The longest address opened or linked: far beyond any real one.
const MAX_URL_BYTES: usize = 4096;

/// `raw` as a web address safe to hand to an opener or to put in an OSC 8 link, or why not.
///
/// Only `http://` and `https://` addresses with an ASCII host pass (no `file:`, `javascript:`
/// or option-like `-x`); one holding a control, bidi or invisible character is refused whole
/// rather than cleaned, since cleaning would open somewhere else than it shows. Spaces, quotes,
/// characters outside ASCII and a `%` that starts no escape are percent-encoded, so the result
/// is printable ASCII without spaces.
pub fn web_url(raw: &str) -> Result<String, String> {
    let raw = raw.trim();
    let shown = || draw::fit(&one_line(raw), 40, false);
    if raw.is_empty() {
        return Err("this briefing has no url".into());
    }
    if raw.chars().any(is_unsafe) {
        return Err(format!(
            "the url `{}` holds control or invisible characters: not opened",
            shown()
        ));
    }
    let Some((scheme, rest)) = raw.split_once("://") else {
        return Err(format!(
            "`{}` is not a web address (http:// or https://)",
            shown()
        ));
    };
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return Err(format!(
            "only http and https addresses are opened, not `{}:`",
            draw::fit(&one_line(&scheme), 20, false)
        ));
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host = authority.rsplit('@').next().unwrap_or_default();
    let host_ok = |c: char| c.is_ascii_alphanumeric() || ".-_:[]".contains(c);
    if host.is_empty() || host.starts_with(['-', '.']) || !host.chars().all(host_ok) {
        return Err(format!("`{}` names no host brief can open", shown()));
    }
    let mut out = format!("{scheme}://");
    let bytes = rest.as_bytes();
    for (i, c) in rest.char_indices() {
        let is_escape = c == '%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
        if c.is_ascii_graphic() && !"\"<>\\^`{|}%".contains(c) || is_escape {
            out.push(c);
        } else {
            let mut tmp = [0u8; 4];
            for b in c.encode_utf8(&mut tmp).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    if out.len() > MAX_URL_BYTES {
        return Err(format!("the url is {} bytes long: not opened", out.len()));
    }
    Ok(out)
}

/// The most text put on the clipboard at once: hterm's and Chromium's OSC 52 limit, whose
/// base64 (under 100,000 bytes) the common terminals and tmux take whole.
pub const MAX_CLIPBOARD_BYTES: usize = 74_994;

/// An OSC 52 clipboard write, ready for the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clip {
    /// The bytes to write.
    pub sequence: String,
    /// The characters copied.
    pub copied: usize,
    /// The characters there were, when more than fit ([`MAX_CLIPBOARD_BYTES`]).
    pub cut_from: Option<usize>,
}

/// The OSC 52 sequence that puts `text` on the clipboard: the text cleaned of escape
/// sequences and control characters first (line breaks kept), cut at a character boundary to
/// [`MAX_CLIPBOARD_BYTES`], in base64. Inside tmux (`in_tmux`) it is written twice: once as
/// it is, which tmux takes into a buffer and passes on to the outer terminal when
/// `set-clipboard` is `on`, and once wrapped for tmux's passthrough (`allow-passthrough on`).
/// Over SSH nothing more is needed: the sequence travels to the terminal like any output.
pub fn osc52(text: &str, in_tmux: bool) -> Clip {
    use base64::Engine;
    let clean = strip_controls(text);
    let total = clean.chars().count();
    let mut end = clean.len().min(MAX_CLIPBOARD_BYTES);
    while !clean.is_char_boundary(end) {
        end -= 1;
    }
    let kept = &clean[..end];
    let copied = kept.chars().count();
    let payload = base64::engine::general_purpose::STANDARD.encode(kept.as_bytes());
    let plain = format!("\x1b]52;c;{payload}\x07");
    let sequence = if in_tmux {
        // In a passthrough every ESC of the wrapped sequence is doubled; it ends with ST.
        format!("\x1bPtmux;\x1b{plain}\x1b\\{plain}")
    } else {
        plain
    };
    Clip {
        sequence,
        copied,
        cut_from: (copied < total).then_some(total),
    }
}

/// Whether to draw links (OSC 8) for the terminal the environment describes, as `mode` says.
///
/// `auto` draws them only where the terminal is known to show them, since a terminal that
/// does not may print the address twice or garble the line: never on `TERM=dumb` or `linux`
/// (the console) or without a TERM, never inside tmux or screen (tmux before 3.4 drops them
/// and later ones pass them on only when told the outer terminal can), and otherwise for
/// iTerm2, WezTerm, VS Code, Ghostty, Hyper, kitty, Alacritty, foot, Konsole, Windows
/// Terminal, DomTerm and VTE 0.50 or later (GNOME Terminal, Tilix, Terminator ...).
pub fn links_shown(mode: LinkMode, env: Env) -> bool {
    match mode {
        LinkMode::Always => return true,
        LinkMode::Never => return false,
        LinkMode::Auto => {}
    }
    let term = env("TERM").unwrap_or_default().to_ascii_lowercase();
    if term.is_empty() || term == "dumb" || term == "linux" {
        return false;
    }
    let multiplexed = env("TMUX").is_some()
        || env("STY").is_some()
        || term.starts_with("tmux")
        || term.starts_with("screen");
    if multiplexed {
        return false;
    }
    let program = env("TERM_PROGRAM").unwrap_or_default();
    let vte = env("VTE_VERSION")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(0);
    matches!(
        program.as_str(),
        "iTerm.app" | "WezTerm" | "vscode" | "ghostty" | "Hyper"
    ) || vte >= 5000
        || env("KITTY_WINDOW_ID").is_some()
        || env("KONSOLE_VERSION").is_some()
        || env("WT_SESSION").is_some()
        || env("DOMTERM").is_some()
        || matches!(
            term.as_str(),
            "xterm-kitty"
                | "alacritty"
                | "alacritty-direct"
                | "foot"
                | "foot-extra"
                | "xterm-ghostty"
                | "wezterm"
        )
}

/// `text` as an OSC 8 link to `url` (which [`web_url`] has checked: printable ASCII). The
/// `id` is the same for every piece of one address, so the terminal underlines the whole link
/// when one piece is hovered.
pub fn osc8(url: &str, text: &str) -> String {
    // FNV-1a: a short, stable name for the address.
    let id = url.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("\x1b]8;id=brief-{id:016x};{url}\x1b\\{text}\x1b]8;;\x1b\\")
}

/// Draws `text` at `(x, y)` in `style`, at most `max` cells, each character a link to `url`
/// ([`web_url`]-checked), and returns the cells used. Each cell carries its own whole link
/// and the width of its character (ratatui would measure the escape sequence instead), so
/// the diff never skips or shifts a cell and a popup drawn over part of the line cuts the
/// link cleanly.
#[allow(clippy::too_many_arguments)]
pub fn put_link(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    max: u16,
    text: &str,
    url: &str,
    style: Style,
    ambiguous_wide: bool,
) -> u16 {
    let mut used: u16 = 0;
    let mut tmp = [0u8; 4];
    for (_, c) in safe_chars(text) {
        let w = char_width(c, ambiguous_wide) as u16;
        if c == '\n' || w == 0 {
            continue;
        }
        if used + w > max {
            break;
        }
        let n = draw::put(
            buf,
            x + used,
            y,
            w,
            c.encode_utf8(&mut tmp),
            style,
            ambiguous_wide,
        );
        let Some(cell) = buf.cell_mut((x + used, y)).filter(|_| n > 0) else {
            break;
        };
        let linked = osc8(url, cell.symbol());
        cell.set_symbol(&linked);
        cell.set_diff_option(CellDiffOption::ForcedWidth(
            NonZeroU16::new(n).unwrap_or(NonZeroU16::MIN),
        ));
        used += n;
    }
    used
}

/// The sentence of the body that figure `i` of the reader stands in (cut at 。！？； and
/// line breaks), or `None` when the figure is not in the body.
pub fn figure_sentence(b: &Briefing, r: &ReaderState, i: usize) -> Option<String> {
    let f = r.figures.get(i)?;
    let line = r.lines.get(f.line)?;
    let (range, _) = line.figures.iter().find(|(_, k)| *k == i)?;
    let blocks = b.blocks();
    let block = blocks.get(line.block.checked_sub(FIRST_BODY_BLOCK)?)?;
    let text = strip_controls(block.text);
    let at = line.at + range.start;
    if at > text.len() || !text.is_char_boundary(at) {
        return None;
    }
    let ends = |c: char| "。！？；!?;\n".contains(c);
    let start = text[..at]
        .char_indices()
        .rev()
        .find(|&(_, c)| ends(c))
        .map_or(0, |(p, c)| p + c.len_utf8());
    let end = text[at..]
        .char_indices()
        .find(|&(_, c)| ends(c))
        .map_or(text.len(), |(p, c)| at + p + c.len_utf8());
    Some(text[start..end].trim().to_string())
}

/// The line that says where copied text comes from: `— title · source · date · url`.
pub fn citation(b: &Briefing) -> String {
    let m = &b.meta;
    let mut parts = vec![one_line(&m.title)];
    parts.extend(m.source.as_deref().map(one_line));
    parts.push(m.date_label());
    parts.extend(m.url.as_deref().map(|u| one_line(u.trim())));
    format!("— {}", parts.join(" · "))
}

/// Carries out `request` on the terminal the event loop owns. `signal` is the flag the
/// signal handlers set: Ctrl-C and Ctrl-\ typed into an editor that leaves them to the
/// terminal reach brief too, and belong to the editor (git ignores them the same way while
/// its editor runs).
pub fn carry_out(
    request: Request,
    terminal: &mut ratatui::Terminal<ratatui::backend::CrosstermBackend<std::io::Stdout>>,
    signal: &std::sync::atomic::AtomicUsize,
) -> Outcome {
    match request {
        Request::Edit { path } => {
            let ran = edit(terminal, &path, signal);
            Outcome::Edited { path, ran }
        }
        Request::Copy { text, what } => Outcome::Say(copy(terminal.backend_mut(), &text, &what)),
        Request::Open { url } => Outcome::Say(open(&url, &process_env)),
    }
}

/// Writes the clipboard sequence for `text` to `out`; returns the message to show.
pub fn copy(out: &mut impl std::io::Write, text: &str, what: &str) -> String {
    let clip = osc52(text, process_env("TMUX").is_some());
    let written = out
        .write_all(clip.sequence.as_bytes())
        .and_then(|()| out.flush());
    match (written, clip.cut_from) {
        (Err(e), _) => format!("cannot copy: {e}"),
        (Ok(()), None) => format!(
            "copied {what} to the clipboard ({} characters)",
            clip.copied
        ),
        (Ok(()), Some(total)) => format!(
            "copied the first {} of {total} characters of {what}: the clipboard takes {} bytes at most",
            clip.copied, MAX_CLIPBOARD_BYTES
        ),
    }
}

/// Starts the opener on `url` without waiting for it (a thread reaps it), its input and
/// output away from the screen; returns the message to show.
pub fn open(url: &str, env: Env) -> String {
    let command = match opener_command(env) {
        Ok(c) => c,
        Err(e) => return e,
    };
    let program = one_line(&command[0]);
    let started = std::process::Command::new(&command[0])
        .args(&command[1..])
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    match started {
        Ok(mut child) => {
            std::thread::spawn(move || {
                let _ = child.wait();
            });
            format!("opening {url} with {program}")
        }
        Err(e) => {
            format!("cannot start {program} to open the url: {e} (BRIEF_OPENER sets another)")
        }
    }
}

/// Hands the terminal to the editor on `path` and takes it back: raw mode, the alternate
/// screen and bracketed paste are undone before the editor starts and redone after, and the
/// screen is cleared so that the next frame is drawn whole.
fn edit(
    terminal: &mut ratatui::Terminal<ratatui::backend::CrosstermBackend<std::io::Stdout>>,
    path: &Path,
    signal: &std::sync::atomic::AtomicUsize,
) -> Result<Option<i32>, String> {
    use crossterm::terminal::{
        EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
    };
    use crossterm::{cursor, event, execute};
    let command = editor_command(&process_env)?;
    let mut out = std::io::stdout();
    let _ = execute!(
        out,
        event::DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = disable_raw_mode();
    let ran = run_editor(&command, path, signal);
    let _ = enable_raw_mode();
    let _ = execute!(
        out,
        EnterAlternateScreen,
        event::EnableBracketedPaste,
        cursor::Hide
    );
    let _ = terminal.clear();
    ran
}

/// Runs the editor and waits for it, taking the interrupts typed meanwhile as the editor's.
fn run_editor(
    command: &[String],
    path: &Path,
    signal: &std::sync::atomic::AtomicUsize,
) -> Result<Option<i32>, String> {
    use std::sync::atomic::Ordering;
    let program = one_line(&command[0]);
    let mut child = std::process::Command::new(&command[0])
        .args(&command[1..])
        .arg(path)
        .spawn()
        .map_err(|e| format!("cannot start the editor {program}: {e} (set VISUAL or EDITOR)"))?;
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status.code()),
            Ok(None) => {}
            Err(e) => return Err(format!("lost the editor {program}: {e}")),
        }
        #[cfg(unix)]
        {
            let s = signal.load(Ordering::SeqCst);
            if s == libc::SIGINT as usize || s == libc::SIGQUIT as usize {
                signal.store(0, Ordering::SeqCst);
            }
        }
        #[cfg(not(unix))]
        let _ = (signal, Ordering::SeqCst);
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// What the copy key copies in the reader `r`: the figure selected in the panel (or the one
/// last jumped to, while in view) with its sentence, else the paragraph in view; each with a
/// line saying where it comes from.
pub fn copy_request(r: &ReaderState, cx: &Cx) -> Request {
    let b = super::reader::with_body(cx.lib, r.briefing);
    let h = usize::from(
        layout::reader(cx.area, r.panel(), cx.config.text_width, r.gutter())
            .text
            .height,
    );
    let in_view = |line: usize| (r.scroll..r.scroll + h).contains(&line);
    let figure = if r.panel_open && r.focus == Focus::Panel {
        Some(r.panel.selected)
    } else {
        r.current
            .filter(|&i| r.figures.get(i).is_some_and(|f| in_view(f.line)))
    };
    if let Some((i, fig)) = figure.and_then(|i| Some((i, r.figures.get(i)?))) {
        let head = match &fig.measure {
            Some(m) => format!("{} · {}", fig.text, m),
            None => fig.text.clone(),
        };
        let sentence = figure_sentence(b, r, i).unwrap_or_default();
        return Request::Copy {
            text: format!("{head}\n{sentence}\n{}", citation(b)),
            what: format!("the figure {}", one_line(&fig.text)),
        };
    }
    match r.passage_in_view(cx) {
        Some((p, text)) => Request::Copy {
            text: format!("{}\n\n{}", text.trim(), citation(b)),
            what: format!("paragraph {}", p + 1),
        },
        None => Request::Copy {
            text: citation(b).trim_start_matches("— ").to_string(),
            what: "the title".into(),
        },
    }
}

/// The request to edit or open briefing `i` (`action` is [`Action::Edit`] or
/// [`Action::OpenUrl`]), or why there is none.
pub fn request_for(lib: &Library, i: usize, action: Action) -> Result<Request, String> {
    let b = &lib.briefings[i];
    if action == Action::Edit {
        if b.path.as_os_str().is_empty() {
            return Err(format!("{} has no file to edit", b.id));
        }
        return Ok(Request::Edit {
            path: b.path.clone(),
        });
    }
    web_url(b.meta.url.as_deref().unwrap_or_default()).map(|url| Request::Open { url })
}

/// `r`: the library read again from disk, keeping what was selected and read.
pub fn reload(app: &mut App) {
    let root = app.lib.root.clone();
    let lib = match app.lib.read_again() {
        Ok(lib) => lib,
        Err(e) => {
            app.say(format!(
                "cannot read the library at {}: {e}",
                root.display()
            ));
            return;
        }
    };
    // New, changed (file, front matter or figure count) and gone, as the check at start
    // counts them; the files that cannot be read are told below whenever there are any.
    let changes = crate::briefing::Changes {
        errors: None,
        ..app.lib.changes_to(&lib)
    };
    let changes = match changes.is_empty() {
        true => "nothing changed".to_string(),
        false => changes.to_string(),
    };
    let skipped = match lib.errors.len() {
        0 => String::new(),
        n => format!("; {n} file(s) could not be read: `brief check` says why"),
    };
    let n = lib.briefings.len();
    let shown = app.reload_keeping(lib);
    app.say(format!(
        "library read again: {n} briefings, {changes}{skipped}{shown}"
    ));
}

/// After the editor: the file read again and the library with it; a file that no longer
/// parses is reported with its line and left as the user wrote it, and the briefing read
/// before stays on screen, so nothing is lost either way.
pub fn after_edit(app: &mut App, path: &Path, ran: Result<Option<i32>, String>) {
    let code = match ran {
        Ok(code) => code,
        Err(e) => {
            app.say(e);
            return;
        }
    };
    let name = path
        .strip_prefix(&app.lib.root)
        .unwrap_or(path)
        .display()
        .to_string();
    if let Err(e) = load_file(path) {
        let key = app.keymap.key_name(Action::Edit);
        let at = match e.line {
            0 => name,
            line => format!("{name}:{line}"),
        };
        app.say(format!(
            "{at}: {}; not read again, your edit is kept in the file ({key} edits it again)",
            one_line(&e.reason)
        ));
        return;
    }
    match app.lib.read_again() {
        Ok(lib) => {
            app.reload_keeping(lib);
            let note = match code {
                Some(0) => String::new(),
                Some(c) => format!(" (the editor exited with {c})"),
                None => " (the editor was ended by a signal)".into(),
            };
            app.say(format!("{name} read again{note}"));
        }
        Err(e) => app.say(format!("cannot read the library again: {e}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
                .filter(|v| !v.is_empty())
        }
    }

    #[test]
    fn the_editor_is_visual_then_editor_then_vi_with_its_arguments() {
        let cmd = |pairs| editor_command(&env(pairs)).unwrap();
        assert_eq!(cmd(&[]), [DEFAULT_EDITOR]);
        assert_eq!(cmd(&[("EDITOR", "nano")]), ["nano"]);
        assert_eq!(
            cmd(&[("EDITOR", "nano"), ("VISUAL", "code --wait")]),
            ["code", "--wait"]
        );
        // An empty VISUAL does not count.
        assert_eq!(cmd(&[("VISUAL", ""), ("EDITOR", "hx")]), ["hx"]);
        assert_eq!(
            cmd(&[("VISUAL", "'/opt/my editor/bin/ed' -c 'set nu'")]),
            ["/opt/my editor/bin/ed", "-c", "set nu"]
        );
        assert!(
            editor_command(&env(&[("VISUAL", "vim 'unclosed")]))
                .unwrap_err()
                .contains("VISUAL")
        );
    }

    #[test]
    fn brief_opener_overrides_the_platform_opener() {
        let cmd = |pairs| opener_command(&env(pairs)).unwrap();
        assert_eq!(
            cmd(&[("BRIEF_OPENER", "firefox --new-tab")]),
            ["firefox", "--new-tab"]
        );
        let default = cmd(&[]);
        assert_eq!(default.len(), 1);
        assert!(["xdg-open", "open", "explorer"].contains(&default[0].as_str()));
    }

    #[test]
    fn only_http_and_https_urls_are_opened_and_they_come_out_printable_ascii() {
        let ok = [
            (
                "https://www.gov.cn/zhengce/2024-03/05/content_1.htm",
                "https://www.gov.cn/zhengce/2024-03/05/content_1.htm",
            ),
            (
                "  HTTP://Example.org/a?b=1&c=2#x  ",
                "http://Example.org/a?b=1&c=2#x",
            ),
            (
                "https://example.org/新闻/柳州?q=新能源",
                "https://example.org/%E6%96%B0%E9%97%BB/%E6%9F%B3%E5%B7%9E?q=%E6%96%B0%E8%83%BD%E6%BA%90",
            ),
            (
                "https://example.org/a b\"c<d>",
                "https://example.org/a%20b%22c%3Cd%3E",
            ),
            (
                "https://example.org/100%_done%2F",
                "https://example.org/100%25_done%2F",
            ),
            (
                "https://user@example.org:8080/",
                "https://user@example.org:8080/",
            ),
        ];
        for (raw, want) in ok {
            let got = web_url(raw).unwrap();
            assert_eq!(got, want, "{raw}");
            assert!(got.chars().all(|c| c.is_ascii_graphic()), "{got}");
        }
        for bad in [
            "",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "ftp://example.org/",
            "-oProxyCommand=x",
            "https://",
            "https:///path",
            "https://-evil/",
            "https://例子.中国/",
            "https://example.org/\u{1b}]52;c;eA==\u{7}",
            "https://example.org/\u{202e}gpj.exe",
            "www.example.org",
        ] {
            let e = web_url(bad).unwrap_err();
            assert!(!e.chars().any(is_unsafe), "{e:?}");
        }
        assert!(web_url(&format!("https://example.org/{}", "a".repeat(5000))).is_err());
    }

    fn decode(sequence: &str) -> String {
        use base64::Engine;
        let payload = sequence
            .strip_prefix("\x1b]52;c;")
            .and_then(|s| s.strip_suffix('\x07'))
            .expect("one plain OSC 52 sequence");
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(payload)
            .unwrap();
        String::from_utf8(bytes).unwrap()
    }

    #[test]
    fn osc52_carries_the_cleaned_text_in_base64() {
        let clip = osc52(
            "柳州新能源汽车产量77.6万辆\u{1b}]0;PWN\u{7}。\n\u{202e}第二行",
            false,
        );
        assert_eq!(
            decode(&clip.sequence),
            "柳州新能源汽车产量77.6万辆。\n第二行"
        );
        assert_eq!(clip.cut_from, None);
        assert_eq!(
            clip.copied,
            "柳州新能源汽车产量77.6万辆。\n第二行".chars().count()
        );
    }

    #[test]
    fn osc52_is_cut_at_a_character_boundary_and_says_so() {
        let text = "新质生产力".repeat(10_000); // 150,000 bytes
        let clip = osc52(&text, false);
        let copied = decode(&clip.sequence);
        assert!(copied.len() <= MAX_CLIPBOARD_BYTES);
        assert!(copied.len() > MAX_CLIPBOARD_BYTES - 4);
        assert!(text.starts_with(&copied));
        assert_eq!(clip.cut_from, Some(50_000));
        assert_eq!(clip.copied, copied.chars().count());
    }

    #[test]
    fn osc52_inside_tmux_is_sent_plain_and_through_the_passthrough() {
        let clip = osc52("494亿元", true);
        let plain = osc52("494亿元", false).sequence;
        let wrapped = clip
            .sequence
            .strip_suffix(plain.as_str())
            .expect("the plain one last");
        assert_eq!(
            wrapped,
            format!(
                "\x1bPtmux;\x1b\x1b]52;c;{}\x07\x1b\\",
                &plain[7..plain.len() - 1]
            )
        );
    }

    #[test]
    fn links_only_where_the_terminal_is_known_to_show_them() {
        let auto = |pairs| links_shown(LinkMode::Auto, &env(pairs));
        assert!(auto(&[
            ("TERM", "xterm-256color"),
            ("TERM_PROGRAM", "WezTerm")
        ]));
        assert!(auto(&[("TERM", "xterm-256color"), ("VTE_VERSION", "7600")]));
        assert!(auto(&[("TERM", "xterm-kitty")]));
        assert!(auto(&[("TERM", "xterm-256color"), ("WT_SESSION", "x")]));
        assert!(!auto(&[("TERM", "xterm-256color")]), "unknown: no links");
        assert!(!auto(&[
            ("TERM", "xterm-256color"),
            ("VTE_VERSION", "4200")
        ]));
        assert!(!auto(&[("TERM", "dumb"), ("TERM_PROGRAM", "iTerm.app")]));
        assert!(!auto(&[("TERM", "linux"), ("VTE_VERSION", "7600")]));
        assert!(!auto(&[("TERM_PROGRAM", "iTerm.app")]), "no TERM");
        assert!(!auto(&[
            ("TERM", "tmux-256color"),
            ("TERM_PROGRAM", "WezTerm")
        ]));
        assert!(!auto(&[
            ("TERM", "xterm-256color"),
            ("TMUX", "/tmp/t,1,0"),
            ("VTE_VERSION", "7600")
        ]));
        assert!(links_shown(LinkMode::Always, &env(&[("TERM", "dumb")])));
        assert!(!links_shown(
            LinkMode::Never,
            &env(&[("TERM_PROGRAM", "WezTerm"), ("TERM", "xterm")])
        ));
    }

    /// The screen a terminal shows for `buf`, drawn through crossterm into a vt100 terminal,
    /// and the bytes drawn.
    fn through_a_terminal(buf: &Buffer) -> (String, Vec<u8>) {
        use ratatui::backend::{Backend, CrosstermBackend};
        let mut bytes = Vec::<u8>::new();
        {
            let mut backend = CrosstermBackend::new(&mut bytes);
            let empty = Buffer::empty(buf.area);
            backend.draw(empty.diff(buf).into_iter()).unwrap();
            Backend::flush(&mut backend).unwrap();
        }
        let mut parser = vt100::Parser::new(
            std::num::NonZeroU16::new(buf.area.height).unwrap(),
            std::num::NonZeroU16::new(buf.area.width).unwrap(),
            0,
        );
        parser.process(&bytes);
        (parser.screen().contents(), bytes)
    }

    #[test]
    fn links_keep_every_cell_where_it_was() {
        use ratatui::layout::Rect;
        let url = web_url("https://example.org/柳州?a=1&b=2").unwrap();
        let text = "来源 https://example.org/柳州?a=1 “双轮”";
        for amb in [false, true] {
            let area = Rect::new(0, 0, 40, 2);
            let (mut plain, mut linked) = (Buffer::empty(area), Buffer::empty(area));
            let a = draw::put(&mut plain, 0, 0, 36, text, Style::new(), amb);
            let b = put_link(&mut linked, 0, 0, 36, text, &url, Style::new(), amb);
            assert_eq!(a, b);
            // Something drawn after the link lands in the same column.
            draw::put(&mut plain, a, 0, 40 - a, "|end", Style::new(), amb);
            draw::put(&mut linked, b, 0, 40 - b, "|end", Style::new(), amb);
            let (shown_plain, _) = through_a_terminal(&plain);
            let (shown_linked, bytes) = through_a_terminal(&linked);
            assert_eq!(shown_linked, shown_plain, "ambiguous_wide {amb}");
            let raw = String::from_utf8_lossy(&bytes);
            assert!(raw.contains(&format!(";{url}\x1b\\来")), "{raw:?}");
            assert!(raw.matches("\x1b]8;;\x1b\\").count() >= 20);
        }
    }

    #[test]
    fn a_figure_is_copied_with_its_sentence() {
        let lib = crate::briefing::load_library(Path::new("briefings")).unwrap();
        let (i, b) = lib
            .briefings
            .iter()
            .enumerate()
            .find(|(_, b)| b.body.contains("77.6万辆"))
            .unwrap();
        let r = ReaderState::open(b, i, 30, false);
        let f = r.figures.iter().position(|f| f.text == "77.6万辆").unwrap();
        let sentence = figure_sentence(b, &r, f).unwrap();
        assert!(sentence.contains("77.6万辆"), "{sentence}");
        assert!(b.body.contains(&sentence), "{sentence}");
        assert!(
            sentence.ends_with(['。', '！', '？', '；'])
                || b.body.contains(&format!("{sentence}\n")),
            "{sentence}"
        );
        let before = &b.body[..b.body.find(&sentence).unwrap()];
        assert!(
            before.is_empty() || before.ends_with(['。', '！', '？', '；', '\n']),
            "starts a sentence: {sentence}"
        );
    }
}
