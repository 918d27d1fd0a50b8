//! The one way out to the terminal. Every line a person reads, on stdout or stderr, is built as
//! a [`Page`] (or a message for [`say`]) and cleaned by the domain's sanitiser when written:
//! whole escape sequences, controls, bidi and zero-width characters removed, line breaks inside
//! a field turned into spaces, colour added only by the writer itself. JSON goes out through
//! [`print_json`], which escapes the same characters as `\uXXXX`. A closed pipe comes back as a
//! `BrokenPipe` error, which `run` turns into a quiet exit 0.

use super::ColorChoice;
use brief::text::{is_unsafe, one_line, strip_controls};
use std::io::{IsTerminal, Write};
use unicode_width::UnicodeWidthStr;

/// Whether plain-text output gets colour: `--color always` and `never` say so outright;
/// otherwise the conventions other command-line tools follow, as anstream reads them:
/// `NO_COLOR` (not empty) never, then `CLICOLOR_FORCE` (not `0`) always, then `CLICOLOR=0`
/// never, and else only on a terminal that is not `TERM=dumb`.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        // anstream reads any value of CLICOLOR_FORCE as forcing; the convention says `0` does not.
        ColorChoice::Auto if std::env::var_os("CLICOLOR_FORCE").is_some_and(|v| v == "0") => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && !clicolor_off()
                && std::io::stdout().is_terminal()
                && std::env::var_os("TERM").is_some_and(|t| t != "dumb")
        }
        ColorChoice::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// Whether `CLICOLOR=0` asks for no colour (the reader then draws in monochrome too).
pub fn clicolor_off() -> bool {
    std::env::var_os("CLICOLOR").is_some_and(|v| v == "0")
}

/// Styles for plain output.
#[derive(Debug, Clone, Copy)]
pub enum Style {
    /// Bold.
    Bold,
    /// Dim.
    Dim,
    /// Cyan, for places.
    Place,
}

impl Style {
    fn style(self) -> anstyle::Style {
        match self {
            Style::Bold => anstyle::Style::new().bold(),
            Style::Dim => anstyle::Style::new().dimmed(),
            Style::Place => anstyle::AnsiColor::Cyan.on_default(),
        }
    }
}

#[derive(Debug)]
enum Part {
    /// Part of a line: its line breaks become spaces, so it never splits the row.
    Field(String, Option<Style>),
    /// Whole lines (a body, a document, an error report): line breaks are kept.
    Lines(String),
    /// The end of a line.
    End,
}

/// Lines of human-readable output being built: the program's words, data from anywhere, and
/// the styles to show them in. Nothing is cleaned while building and everything is when
/// written, so no caller has to remember to.
#[derive(Debug)]
pub struct Page {
    color: bool,
    parts: Vec<Part>,
}

impl Page {
    /// An empty page, styled only if `color`.
    pub fn new(color: bool) -> Page {
        Page {
            color,
            parts: Vec::new(),
        }
    }

    /// Adds `text` to the current line.
    pub fn add(&mut self, text: impl Into<String>) -> &mut Page {
        self.parts.push(Part::Field(text.into(), None));
        self
    }

    /// Adds `text` to the current line in `style`.
    pub fn styled(&mut self, text: impl Into<String>, style: Style) -> &mut Page {
        self.parts.push(Part::Field(text.into(), Some(style)));
        self
    }

    /// Adds `text` as whole lines, keeping its line breaks (a paragraph, a Markdown document).
    pub fn lines(&mut self, text: impl Into<String>) -> &mut Page {
        self.parts.push(Part::Lines(text.into()));
        self
    }

    /// Ends the current line.
    pub fn end(&mut self) -> &mut Page {
        self.parts.push(Part::End);
        self
    }

    /// The page as the terminal will get it: every piece cleaned, styles added after.
    fn render(&self) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Field(text, style) => {
                    let text = one_line(text);
                    match style {
                        Some(s) if self.color && !text.is_empty() => {
                            let style = s.style();
                            out.push_str(&format!("{style}{text}{style:#}"));
                        }
                        _ => out.push_str(&text),
                    }
                }
                Part::Lines(text) => out.push_str(&strip_controls(text)),
                Part::End => out.push('\n'),
            }
        }
        out
    }

    /// Writes the page to stdout.
    pub fn print(&self) -> std::io::Result<()> {
        self.write_to(std::io::stdout().lock())
    }

    /// Prints the page through the user's pager when stdout is a terminal and the page is
    /// taller than it, as gh and bat do: `$BRIEF_PAGER`, else `$PAGER`, else `less -R`; an
    /// empty value or `cat` means none, and a pager that cannot be started means none. What
    /// the pager gets has passed the sanitiser like any page.
    pub fn print_paged(&self) -> std::io::Result<()> {
        let text = self.render();
        let Some(height) = terminal_height() else {
            return self.print();
        };
        let Some(mut argv) = pager_command() else {
            return self.print();
        };
        if text.lines().count() < height {
            return self.print();
        }
        let program = argv.remove(0);
        let mut command = std::process::Command::new(&program);
        command.args(&argv).stdin(std::process::Stdio::piped());
        // less shows colours only when told; it also leaves a short page on screen.
        if program == "less" && std::env::var_os("LESS").is_none() {
            command.env("LESS", "FRX");
        }
        let Ok(mut child) = command.spawn() else {
            return self.print();
        };
        let shown = if self.color {
            text
        } else {
            anstream::adapter::strip_str(&text).to_string()
        };
        if let Some(mut stdin) = child.stdin.take() {
            // A pager quit before the end closes its input: that is not an error.
            match stdin.write_all(shown.as_bytes()) {
                Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => return Err(e),
                _ => {}
            }
        }
        child.wait()?;
        Ok(())
    }

    /// Writes the page to stderr.
    pub fn eprint(&self) -> std::io::Result<()> {
        self.write_to(std::io::stderr().lock())
    }

    /// Through anstream, which passes the page's own styles on where colour was chosen (and
    /// turns them into console calls on a Windows console without ANSI support), and removes
    /// them where it was not.
    fn write_to<W: anstream::stream::RawStream + anstream::stream::AsLockedWrite>(
        &self,
        raw: W,
    ) -> std::io::Result<()> {
        let choice = if self.color {
            anstream::ColorChoice::Always
        } else {
            anstream::ColorChoice::Never
        };
        let mut out = anstream::AutoStream::new(raw, choice);
        out.write_all(self.render().as_bytes())?;
        out.flush()
    }
}

/// Writes `brief: message` as one line on stderr, on a line of its own: a status line being
/// shown is erased first (and drawn again at its next update).
pub fn say(message: impl Into<String>) -> std::io::Result<()> {
    let mut page = Page::new(false);
    if STATUS_SHOWN.swap(false, std::sync::atomic::Ordering::Relaxed) {
        // The writer's own sequence (return, erase the line), written only when a status line
        // was drawn, which happens only on a terminal.
        let mut err = std::io::stderr().lock();
        err.write_all(b"\r\x1b[K")?;
    }
    page.add("brief: ").add(message).end().eprint()
}

/// Writes an error on stderr, on one line: each cause once, even where an error repeats its
/// source's text.
pub fn report(e: &anyhow::Error) -> std::io::Result<()> {
    say(error_text(e))
}

/// The causes of `e` joined by `: `, leaving out a cause whose text is already said (an
/// error such as `{path}: {source}` that also gives `source` as its cause would print the OS
/// error twice).
pub fn error_text(e: &anyhow::Error) -> String {
    let mut text = String::new();
    for cause in e.chain() {
        let said = cause.to_string();
        if said.is_empty() || text.contains(&said) {
            continue;
        }
        if !text.is_empty() {
            text.push_str(": ");
        }
        text.push_str(&said);
    }
    text
}

/// Writes a clap usage error (it echoes arguments), help or version text through the writer,
/// and gives clap's exit code: 2 for bad usage, 0 for help.
pub fn usage(e: &clap::Error) -> std::process::ExitCode {
    let mut page = Page::new(false);
    page.lines(e.render().to_string());
    let written = if e.use_stderr() {
        page.eprint()
    } else {
        page.print()
    };
    match written {
        Err(io) if io.kind() == std::io::ErrorKind::BrokenPipe => std::process::ExitCode::SUCCESS,
        _ => std::process::ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2)),
    }
}

/// Writes text the program generated from its own definitions (a completion script, the man
/// page) to stdout as it is, tabs and all, but for any character [`is_unsafe`] flags: the
/// help text it is made from holds examples, and nothing but a tab or a line break gets out.
pub fn print_generated(bytes: &[u8]) -> std::io::Result<()> {
    let text = String::from_utf8_lossy(bytes);
    let kept: String = text
        .chars()
        .filter(|&c| c == '\t' || !is_unsafe(c))
        .collect();
    let mut out = std::io::stdout().lock();
    out.write_all(kept.as_bytes())?;
    out.flush()
}

/// Writes `value` as pretty JSON on stdout, with every character that [`is_unsafe`] flags
/// (C1 controls, DEL, bidi and zero-width characters ...) escaped as `\uXXXX`, as serde_json
/// already does for C0: the JSON stays valid and exact, and nothing in it acts on a terminal.
pub fn print_json(value: &impl serde::Serialize) -> anyhow::Result<()> {
    let mut bytes = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut bytes,
        SafeJson::<serde_json::ser::PrettyFormatter>::default(),
    );
    value.serialize(&mut ser)?;
    bytes.push(b'\n');
    let mut out = std::io::stdout().lock();
    out.write_all(&bytes)?;
    out.flush()?;
    Ok(())
}

/// Writes each item as one line of compact JSON (JSON Lines), escaped as [`print_json`]
/// escapes: a program can read the first lines before the last is written.
pub fn print_jsonl<T: serde::Serialize>(items: &[T]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    for item in items {
        let mut bytes = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(
            &mut bytes,
            SafeJson(serde_json::ser::CompactFormatter),
        );
        item.serialize(&mut ser)?;
        bytes.push(b'\n');
        out.write_all(&bytes)?;
    }
    out.flush()?;
    Ok(())
}

/// The document describing every `--json` and `--jsonl` output, with its `schema_version`
/// (`brief schema` prints it).
pub const JSON_SCHEMA: &str = include_str!("../../config/brief.schema.json");

/// A serde_json formatter (pretty by default), escaping unsafe characters inside strings as
/// well.
#[derive(Default)]
struct SafeJson<F = serde_json::ser::PrettyFormatter<'static>>(F);

impl<F: serde_json::ser::Formatter> serde_json::ser::Formatter for SafeJson<F> {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut plain = 0;
        for (i, c) in fragment.char_indices() {
            if is_unsafe(c) {
                writer.write_all(&fragment.as_bytes()[plain..i])?;
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    write!(writer, "\\u{unit:04x}")?;
                }
                plain = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[plain..])
    }

    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// From how many briefings loading and indexing are long enough to say what they are doing.
pub const LONG_WORK: usize = 4000;

/// Whether a [`StatusLine`] is on screen, so that [`say`] can clear it before a warning.
static STATUS_SHOWN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// A line on stderr saying what a long step is doing: shown only on a terminal, rewritten in
/// place, and erased when dropped so that what follows starts clean. Every long job
/// (loading, indexing, checking, writing a synthetic library, importing many files) reports
/// through one of these; a message from [`say`] never shares its line.
#[derive(Debug)]
pub struct StatusLine {
    on: bool,
    shown: std::sync::atomic::AtomicBool,
}

impl StatusLine {
    /// A status line, silent when stderr is not a terminal.
    pub fn new() -> StatusLine {
        StatusLine {
            on: std::io::stderr().is_terminal(),
            shown: Default::default(),
        }
    }

    /// Shows `text` in place of what the line said before. The only escape sequence here is
    /// the writer's own (return, erase the line); `text` is cleaned like any field.
    pub fn show(&self, text: &str) {
        if self.on {
            self.shown.store(true, std::sync::atomic::Ordering::Relaxed);
            STATUS_SHOWN.store(true, std::sync::atomic::Ordering::Relaxed);
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K{}", one_line(text));
            let _ = err.flush();
        }
    }
}

impl StatusLine {
    /// Shows `brief: {doing} {done} of {total} {items}…` while a job of at least
    /// [`LONG_WORK`] items is under way; a short job shows nothing, and a finished one leaves
    /// the line alone.
    pub fn count(&self, doing: &str, done: usize, total: usize, items: &str) {
        if total >= LONG_WORK && done < total {
            self.show(&format!("brief: {doing} {done} of {total} {items}…"));
        }
    }
}

impl Drop for StatusLine {
    fn drop(&mut self) {
        STATUS_SHOWN.store(false, std::sync::atomic::Ordering::Relaxed);
        if *self.shown.get_mut() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }
}

/// Whether an error is stdout or stderr closing under us (`brief list | head`), which is not
/// a failure.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// `text` as one clean line, padded with spaces to `width` terminal cells.
pub fn pad(text: &str, width: usize) -> String {
    let text = one_line(text);
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// The display width of `text` in terminal cells, as the writer will show it.
pub fn width(text: &str) -> usize {
    one_line(text).width()
}

/// The pager to show long pages with, as words (`less -R`), or `None` for none.
fn pager_command() -> Option<Vec<String>> {
    let value = std::env::var("BRIEF_PAGER")
        .or_else(|_| std::env::var("PAGER"))
        .unwrap_or_else(|_| "less -R".to_string());
    let words: Vec<String> = value.split_whitespace().map(str::to_string).collect();
    match words.first().map(String::as_str) {
        None | Some("cat") => None,
        Some(_) => Some(words),
    }
}

/// The terminal's height when stdout is one.
pub fn terminal_height() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    #[cfg(feature = "tui")]
    {
        crossterm::terminal::size()
            .ok()
            .map(|(_, h)| usize::from(h))
    }
    #[cfg(not(feature = "tui"))]
    {
        None
    }
}

/// The terminal's width in cells when stdout is a terminal (plain output to a pipe is never cut).
pub fn terminal_width() -> Option<usize> {
    if !std::io::stdout().is_terminal() {
        return None;
    }
    #[cfg(feature = "tui")]
    {
        crossterm::terminal::size()
            .ok()
            .map(|(w, _)| usize::from(w))
    }
    #[cfg(not(feature = "tui"))]
    {
        None
    }
}

/// `text` as one clean line cut to at most `max` cells, ending with `…` when cut; never splits
/// a character.
pub fn fit(text: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let text = one_line(text);
    if text.width() <= max {
        return text;
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_cuts_at_character_boundaries_within_the_width() {
        assert_eq!(fit("柳州新能源汽车", 20), "柳州新能源汽车");
        assert_eq!(fit("柳州新能源汽车", 7), "柳州新…");
        assert_eq!(fit("ab柳州", 4), "ab…");
        assert!(width(&fit("柳州新能源汽车产量", 10)) <= 10);
    }

    #[test]
    fn a_page_cleans_every_piece_and_styles_only_its_own() {
        let mut page = Page::new(true);
        page.add("2024-01-01-a\u{1b}]0;TITLE\u{7}")
            .add("  ")
            .styled("标题\r\n第二行\u{202e}", Style::Bold)
            .end()
            .lines("段一\n\u{1b}[2J段二\n");
        assert_eq!(
            page.render(),
            "2024-01-01-a  \u{1b}[1m标题 第二行\u{1b}[0m\n段一\n段二\n"
        );
        let mut plain = Page::new(false);
        plain.styled("柳州\u{9b}31m", Style::Place);
        assert_eq!(plain.render(), "柳州");
    }

    #[test]
    fn widths_are_measured_on_what_is_shown() {
        assert_eq!(width("柳州\u{1b}]0;TITLE\u{7}"), 4);
        assert_eq!(pad("a\u{200b}", 3), "a  ");
    }

    #[test]
    fn json_escapes_every_unsafe_character() {
        let value =
            serde_json::json!({"t": "a\u{1b}b\u{7f}c\u{85}d\u{202e}e\u{200b}f\u{e0041}g\n柳"});
        let mut bytes = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(
            &mut bytes,
            SafeJson::<serde_json::ser::PrettyFormatter>::default(),
        );
        serde::Serialize::serialize(&value, &mut ser).unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert_eq!(
            text,
            "{\n  \"t\": \"a\\u001bb\\u007fc\\u0085d\\u202ee\\u200bf\\udb40\\udc41g\\n柳\"\n}"
        );
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
    }

    #[test]
    fn an_os_error_is_said_once() {
        let io = std::io::Error::new(
            std::io::ErrorKind::IsADirectory,
            "Is a directory (os error 21)",
        );
        #[derive(Debug, thiserror::Error)]
        #[error("/tmp: {source}")]
        struct Wrapped {
            source: std::io::Error,
        }
        let e = anyhow::Error::new(Wrapped { source: io }).context("cannot load the state");
        assert_eq!(
            error_text(&e),
            "cannot load the state: /tmp: Is a directory (os error 21)"
        );
    }
}
