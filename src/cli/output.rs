//! Writing to stdout: colour only when wanted, closed pipes are not errors, widths for CJK.

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
