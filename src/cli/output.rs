//! Writing to stdout: colour only when wanted, closed pipes are not errors, widths for CJK;
//! and a passing status line on stderr for long steps.

use super::ColorChoice;
use std::io::{IsTerminal, Write};
use unicode_width::UnicodeWidthStr;

/// Whether plain-text output gets colour.
pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    }
}

/// Writes `text` to stdout.
pub fn write_out(text: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    out.flush()
}

/// From how many briefings loading and indexing are long enough to say what they are doing.
pub const LONG_WORK: usize = 4000;

/// A line on stderr saying what a long step is doing: shown only on a terminal, rewritten in
/// place, and erased when dropped so that what follows starts clean.
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

    /// Shows `text` in place of what the line said before.
    pub fn show(&self, text: &str) {
        if self.on {
            self.shown.store(true, std::sync::atomic::Ordering::Relaxed);
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K{text}");
            let _ = err.flush();
        }
    }
}

impl Drop for StatusLine {
    fn drop(&mut self) {
        if *self.shown.get_mut() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[K");
            let _ = err.flush();
        }
    }
}

/// Whether an error is stdout closing under us (`brief list | head`), which is not a failure.
pub fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// SGR styles for plain output.
#[derive(Clone, Copy)]
pub enum Style {
    /// Bold.
    Bold,
    /// Dim.
    Dim,
    /// Cyan, for places.
    Place,
}

/// `text` wrapped in the style's escape codes when `color` is on.
pub fn paint(text: &str, style: Style, color: bool) -> String {
    if !color {
        return text.to_string();
    }
    let code = match style {
        Style::Bold => "1",
        Style::Dim => "2",
        Style::Place => "36",
    };
    format!("\x1b[{code}m{text}\x1b[0m")
}

/// `text` padded with spaces to `width` terminal cells.
pub fn pad(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// The display width of `text` in terminal cells.
pub fn width(text: &str) -> usize {
    text.width()
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

/// `text` cut to at most `max` cells, ending with `…` when cut; never splits a character.
pub fn fit(text: &str, max: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if width(text) <= max {
        return text.to_string();
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
}
