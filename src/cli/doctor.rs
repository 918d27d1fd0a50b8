//! `brief doctor`: the files and folders in use and where each choice came from, what the
//! terminal can show, and the problems found; exit 1 when there is one.

use super::output::{Page, Style, error_text, use_color};
use super::{Args, ColorChoice, config_flag, library_dir_with, settings, state_file_path};
use brief::config::Config;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

/// One line of the report: a name, a path or a fact, and what is known about it.
struct Row {
    name: &'static str,
    what: String,
    note: String,
}

pub fn run(args: &Args, color: bool) -> anyhow::Result<ExitCode> {
    let mut rows = Vec::new();
    let mut problems: Vec<String> = Vec::new();

    let (flag, from) = config_flag(args);
    let (config, file) = settings(args).unwrap_or_else(|e| {
        problems.push(error_text(&e));
        (Config::default(), None)
    });
    let config_path = flag.clone().or_else(brief::config::user_config_path);
    rows.push(Row {
        name: "config",
        what: config_path
            .as_ref()
            .map_or("-".into(), |p| p.display().to_string()),
        note: match (&file, &config_path) {
            (Some(_), _) => format!("in use ({from})"),
            (None, Some(p)) if p.exists() => format!("does not load ({from})"),
            (None, _) if flag.is_some() => format!("missing ({from})"),
            (None, _) => "not there: the built-in defaults are in use".into(),
        },
    });

    let library = library_dir_with(args, &config, file.as_deref());
    let library_from = if args.library.is_some() {
        "--library"
    } else if std::env::var_os("BRIEF_LIBRARY").is_some_and(|v| !v.is_empty()) {
        "BRIEF_LIBRARY"
    } else if !config.library.is_empty() {
        "the config's library"
    } else {
        "the default"
    };
    let library_note = if library.is_dir() {
        // Counted from the catalog, brought up to date: no body is read again. A cache
        // folder not there yet is not made by looking (the files are read instead), so that
        // the cache line below says what there was.
        let cache = brief::config::cache_dir().filter(|c| c.is_dir());
        match brief::briefing::open_catalog(&library, cache.as_deref(), false) {
            Ok((lib, _)) => {
                if !lib.errors.is_empty() {
                    problems.push(format!(
                        "{} file(s) in the library do not load: `brief check` lists them",
                        lib.errors.len()
                    ));
                }
                format!(
                    "{} briefings, {} skipped ({library_from})",
                    lib.entries.len(),
                    lib.errors.len()
                )
            }
            Err(e) => {
                problems.push(format!(
                    "cannot read the library at {}: {e}",
                    library.display()
                ));
                format!("cannot be read ({library_from})")
            }
        }
    } else {
        problems.push(format!(
            "there is no library at {}: pass --library DIR, set BRIEF_LIBRARY, or import into it",
            library.display()
        ));
        format!("missing ({library_from})")
    };
    rows.push(Row {
        name: "library",
        what: library.display().to_string(),
        note: library_note,
    });

    let state = state_file_path(args);
    rows.push(Row {
        name: "state",
        what: state
            .as_ref()
            .map_or("-".into(), |p| p.display().to_string()),
        note: match &state {
            None => {
                problems.push("no state file: set BRIEF_STATE, XDG_STATE_HOME or HOME".into());
                "nowhere to keep bookmarks".into()
            }
            Some(p) => state_note(p, &mut problems),
        },
    });

    let cache = brief::config::cache_dir();
    rows.push(Row {
        name: "cache",
        what: cache
            .as_ref()
            .map_or("-".into(), |p| p.display().to_string()),
        note: cache_note(cache.as_deref(), &mut problems),
    });

    let log = super::log_file(args);
    rows.push(Row {
        name: "log",
        what: log.as_ref().map_or("-".into(), |p| p.display().to_string()),
        note: match std::env::var("BRIEF_LOG") {
            Ok(level) if !level.is_empty() => format!("BRIEF_LOG={level}"),
            _ => "off: set BRIEF_LOG=info (or debug) to write it".into(),
        },
    });

    rows.push(Row {
        name: "terminal",
        what: terminal_size(&config, &mut problems),
        note: format!(
            "TERM={} COLORTERM={}",
            std::env::var("TERM").unwrap_or_default(),
            std::env::var("COLORTERM").unwrap_or_default()
        ),
    });
    rows.push(Row {
        name: "colours",
        what: reader_colours(&config, args.color),
        note: format!(
            "plain output: {}",
            if use_color(args.color) {
                "coloured"
            } else {
                "plain"
            }
        ),
    });

    let mut page = Page::new(color);
    for r in &rows {
        page.styled(format!("{:<9}", r.name), Style::Bold)
            .add(" ")
            .styled(r.what.clone(), Style::Place)
            .add("  ")
            .styled(r.note.clone(), Style::Dim)
            .end();
    }
    if problems.is_empty() {
        page.styled(format!("{:<9}", "problems"), Style::Bold)
            .add(" none")
            .end();
    } else {
        page.styled(format!("{:<9}", "problems"), Style::Bold).end();
        for p in &problems {
            page.add(format!("  - {p}")).end();
        }
    }
    page.print()?;
    Ok(super::found(problems.is_empty()))
}

/// Whether the cache folder is there, or can be made when a catalog is first written: its
/// home (`$XDG_CACHE_HOME`, `~/.cache`) is made when missing, but not the folders above it,
/// so a home whose parent is missing means no catalog, and every start reads every file.
fn cache_note(cache: Option<&Path>, problems: &mut Vec<String>) -> String {
    const HOLDS: &str =
        "holds the library's catalog and folded text (`brief index` brings them up to date)";
    let Some(cache) = cache else {
        return format!("unknown; {HOLDS}");
    };
    if cache.exists() {
        return format!("exists; {HOLDS}");
    }
    match brief::config::cache_blocked_by(cache) {
        Some(above) => {
            problems.push(format!(
                "the cache folder cannot be made: {} does not exist (make it, or set XDG_CACHE_HOME)",
                above.display()
            ));
            "not there, and cannot be made: no catalog is kept, so every start reads every file"
                .into()
        }
        None => format!("not there; {HOLDS}"),
    }
}

/// Whether the state file is there and parses, read without touching it (loading it for use
/// would set a corrupt one aside).
fn state_note(path: &Path, problems: &mut Vec<String>) -> String {
    if !path.exists() {
        return "not there yet: made at the first bookmark or opened briefing".into();
    }
    match brief::briefing::read_regular_file(path) {
        Err(reason) => {
            problems.push(format!("{}: {reason}", path.display()));
            "cannot be read".into()
        }
        Ok(bytes) => match String::from_utf8(bytes)
            .map_err(|_| "not UTF-8 text".to_string())
            .and_then(|t| brief::bookmarks::State::parse(&t))
        {
            Ok(s) => format!(
                "{} bookmark(s), {} briefing(s) read",
                s.bookmarks.len(),
                s.read.len()
            ),
            Err(reason) => {
                problems.push(format!(
                    "{}: {reason} (brief will set it aside at the next change)",
                    path.display()
                ));
                "does not parse".into()
            }
        },
    }
}

/// The terminal's size, or that there is none; a size below the reader's minimum is a problem.
fn terminal_size(config: &Config, problems: &mut Vec<String>) -> String {
    if !std::io::stdout().is_terminal() {
        return "stdout is not a terminal".into();
    }
    #[cfg(feature = "tui")]
    if let Ok((w, h)) = crossterm::terminal::size() {
        if w < config.min_width || h < config.min_height {
            problems.push(format!(
                "the terminal is {w}x{h}, below the reader's minimum of {}x{}",
                config.min_width, config.min_height
            ));
        }
        return format!("{w}x{h}");
    }
    let _ = (config, problems);
    "a terminal of unknown size".into()
}

/// The colours the reader would use here, and whether it would draw urls as links.
fn reader_colours(config: &Config, choice: ColorChoice) -> String {
    #[cfg(feature = "tui")]
    {
        let mut mode = config.color;
        if choice == ColorChoice::Never
            || (choice == ColorChoice::Auto && super::output::clicolor_off())
        {
            mode = brief::config::ColorMode::Monochrome;
        }
        let env = |k: &str| std::env::var(k).ok();
        let depth = brief::tui::depth(
            mode,
            env("NO_COLOR").as_deref(),
            env("COLORTERM").as_deref(),
            env("TERM").as_deref(),
        );
        let name = match depth {
            brief::tui::Depth::TrueColor => "true colour",
            brief::tui::Depth::Palette256 => "256 colours",
            brief::tui::Depth::Basic16 => "16 colours",
            brief::tui::Depth::Monochrome => "none (bold, underline, reverse)",
        };
        let links = brief::tui::links_shown(config.hyperlinks, &|k: &str| {
            std::env::var(k).ok().filter(|v| !v.is_empty())
        });
        let links = if links { "on" } else { "off" };
        format!("reader: {name}; url links (OSC 8) {links}")
    }
    #[cfg(not(feature = "tui"))]
    {
        let _ = (config, choice);
        "reader: not in this build".into()
    }
}
