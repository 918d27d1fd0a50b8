//! The command line: one file per subcommand, sharing output and library helpers.

mod bookmarks;
mod check;
mod compare;
mod doctor;
mod figures;
mod import;
mod index;
mod list;
mod output;
mod search;
mod show;
mod synth;

use anyhow::Context;
use brief::briefing::{Catalog, Library, Report, load_library_with};
use brief::config::{Config, DEFAULT_TOML, library_path};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// A keyboard-driven terminal reader for Chinese-language policy briefings.
///
/// Every view of the reader has a command-line twin for scripts and quick looks over SSH:
/// plain text by default, coloured only on a terminal, `--json` for programs.
#[derive(Debug, Parser)]
#[command(name = "brief", version, about, long_about = None, after_help = EXAMPLES)]
pub struct Args {
    /// The library folder (default: $BRIEF_LIBRARY, the config's `library`, ./briefings, or
    /// $XDG_DATA_HOME/brief/briefings).
    #[arg(long, global = true, value_name = "DIR")]
    library: Option<PathBuf>,
    /// A config file to use instead of $BRIEF_CONFIG or $XDG_CONFIG_HOME/brief/config.toml.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The state file with bookmarks, notes and read marks (default: $BRIEF_STATE or
    /// $XDG_STATE_HOME/brief/state.toml).
    #[arg(long, global = true, value_name = "FILE")]
    state: Option<PathBuf>,
    /// When to colour plain-text output.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    #[command(subcommand)]
    command: Option<Command>,
}

const EXAMPLES: &str = "\
Examples:
  brief list --region liuzhou            briefings about 柳州 (names, short names, pinyin)
  brief list --since 2024-06 --json      briefings since June 2024, as JSON
  brief show 2024-12-20                  read the briefing whose id starts with 2024-12-20
  brief search liuzhou                   briefings about 柳州, found by pinyin (lz works too)
  brief search 新能源 汽车 --json         briefings with both terms, as JSON
  brief import page.txt --dry-run        see what importing a raw article would give
  brief import *.txt --to briefings/     import raw articles into a library
  brief compare liuzhou liaocheng        柳州 against 聊城, theme by theme, with figures
  brief bookmarks add 2024-12-20 --note \"ask about the figures\"
  brief bookmarks export -o minutes.md   the agenda with passages, figures and notes
  brief check                            validate the library and the config";

/// When to use colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal (not TERM=dumb); NO_COLOR turns it off, then CLICOLOR_FORCE=1 on even
    /// in a pipe, then CLICOLOR=0 off.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the briefings, newest first.
    List(list::ListArgs),
    /// Print one briefing.
    Show(show::ShowArgs),
    /// Open the reader at one briefing (or one of its paragraphs).
    Open(OpenArgs),
    /// Search titles, regions, sources, tags and text; pinyin and traditional characters work.
    Search(search::SearchArgs),
    /// List the key figures of a briefing: money, percent, growth, counts, quantities, ranks, ratios.
    Figures(figures::FiguresArgs),
    /// Compare two to four regions: their plans and achievements theme by theme, and figures.
    Compare(compare::CompareArgs),
    /// Bookmarks and notes: list the agenda, add, remove, export as Markdown minutes.
    Bookmarks(bookmarks::BookmarksArgs),
    /// Turn raw articles copied from web pages into briefings.
    Import(import::ImportArgs),
    /// Bring the library's catalog in the cache folder up to date (every command that lists
    /// does this itself; this shows what it did).
    Index(index::IndexArgs),
    /// Validate the library and the config; print `path:line: reason` for each problem.
    Check(check::CheckArgs),
    /// Show the config, library, state, cache and log in use (and whether each exists), the
    /// terminal's size and colours, and any problem found; exit 1 if there is one.
    Doctor,
    /// Write a synthetic library for benchmarks (recombined from the library's briefings).
    #[command(hide = true)]
    Synth(synth::SynthArgs),
    /// Print a completion script for a shell (bash, zsh, fish, powershell, elvish).
    Completions {
        /// The shell to complete for.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), for `man -l -` or a folder on MANPATH.
    Man,
    /// Print the JSON Schema of every --json and --jsonl output, with its `schema_version`.
    Schema,
    /// Show the configuration.
    #[command(arg_required_else_help = true)]
    Config {
        /// Print the default configuration, with comments, to start a config file from.
        #[arg(long)]
        print_default: bool,
    },
}

/// Exit code 1 when a search or a filter found nothing (as grep does), 0 when it found some.
pub fn found(any: bool) -> ExitCode {
    if any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Runs the command line: 0 when it went well, 1 for a failure the user can fix or nothing
/// found, 2 for bad usage (from clap), 128 + N when the reader was ended by signal N.
pub fn run() -> ExitCode {
    keep_freed_memory();
    // clap's own printing would echo arguments raw: its errors go through the writer too.
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(e) => return output::usage(&e),
    };
    init_logging(&args);
    log::info!("brief {} {:?}", env!("CARGO_PKG_VERSION"), args.command);
    match dispatch(&args) {
        Ok(code) => code,
        Err(e) if output::is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => match output::report(&e) {
            Err(io) if io.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            _ => ExitCode::from(1),
        },
    }
}

/// Large blocks are taken from the heap and freed memory kept for the next, rather than each
/// mapped afresh and given back: a large library's catalog is built through several arrays
/// of tens of megabytes in turn, and faulting in each one's pages anew was a tenth of a
/// search (glibc only; elsewhere the allocator's defaults stand).
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets the allocator's thresholds; called before any thread starts.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 256 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 512 << 20);
    }
}

fn dispatch(args: &Args) -> anyhow::Result<ExitCode> {
    let color = output::use_color(args.color);
    match &args.command {
        None => open_reader(args),
        // `--print-default` is all there is to ask: a bare `brief config` is answered by clap
        // with its help and exit code 2.
        Some(Command::Config { .. }) => {
            output::Page::new(false).lines(DEFAULT_TOML).print()?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            clap_complete::generate(*shell, &mut Args::command(), "brief", &mut script);
            output::print_generated(&script)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Man) => {
            let mut page = Vec::new();
            clap_mangen::Man::new(Args::command()).render(&mut page)?;
            output::print_generated(&page)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Schema) => {
            output::print_generated(output::JSON_SCHEMA.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::List(a)) => list::run(args, a, color),
        Some(Command::Show(a)) => show::run(args, a, color),
        Some(Command::Open(a)) => {
            need_terminal()?;
            run_tui(args, None, Some((a.id.clone(), a.paragraph)))
        }
        Some(Command::Search(a)) => search::run(args, a, color),
        Some(Command::Import(a)) => import::run(args, a),
        Some(Command::Figures(a)) => figures::run(args, a),
        Some(Command::Check(a)) => check::run(args, a),
        Some(Command::Doctor) => doctor::run(args, color),
        Some(Command::Bookmarks(a)) => bookmarks::run(args, a, color),
        Some(Command::Compare(a)) => compare::run(args, a, color),
        Some(Command::Synth(a)) => synth::run(args, a),
        Some(Command::Index(a)) => index::run(args, a),
    }
}

/// `brief open`'s arguments.
#[derive(Debug, clap::Parser)]
struct OpenArgs {
    /// The briefing: its id, a unique prefix of one, or the path of its file.
    id: String,
    /// Start at this paragraph (1 is the first; headings do not count), as the reader numbers
    /// them and `brief bookmarks add --paragraph` takes them.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    paragraph: Option<u32>,
}

/// Fails, saying what to use instead, unless brief runs in a terminal.
fn need_terminal() -> anyhow::Result<()> {
    use std::io::IsTerminal;
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        anyhow::bail!(
            "the reader needs a terminal, and this is not one. For scripts and pipes use the \
             subcommands: `brief list`, `brief show ID`, `brief figures ID`, `brief check` \
             (`brief --help` lists them all)"
        );
    }
    Ok(())
}

/// `brief` with no subcommand: the TUI, which needs a terminal.
fn open_reader(args: &Args) -> anyhow::Result<ExitCode> {
    need_terminal()?;
    run_tui(args, None, None)
}

/// The TUI; with `review`, on the import screen with that file read (`brief import --review`);
/// with `open`, in the reader at that briefing (and paragraph, counted from 1).
#[cfg(feature = "tui")]
pub fn run_tui(
    args: &Args,
    review: Option<(Vec<u8>, PathBuf)>,
    open: Option<(String, Option<u32>)>,
) -> anyhow::Result<ExitCode> {
    let (mut config, _) = settings(args)?;
    if args.color == ColorChoice::Never
        || (args.color == ColorChoice::Auto && output::clicolor_off())
    {
        config.color = brief::config::ColorMode::Monochrome;
    }
    let dir = library_dir(args)?;
    let state = state_file_path(args).map(brief::bookmarks::StateFile::new);
    let start = match (review, open) {
        (Some((bytes, path)), _) => brief::tui::Start::Review(bytes, path),
        (None, Some((id, paragraph))) => brief::tui::Start::Open(id, paragraph),
        (None, None) => brief::tui::Start::Library,
    };
    let open = match &start {
        brief::tui::Start::Open(id, _) => Some(id.as_str()),
        _ => None,
    };
    match brief::tui::run(|| open_for_reader(&dir, open), config, state, start.clone())? {
        None => Ok(ExitCode::SUCCESS),
        // Ended by a signal: report it the way shells do.
        Some(signal) => Ok(ExitCode::from(128u8.saturating_add(signal as u8))),
    }
}

#[cfg(not(feature = "tui"))]
pub fn run_tui(
    _args: &Args,
    _review: Option<(Vec<u8>, PathBuf)>,
    _open: Option<(String, Option<u32>)>,
) -> anyhow::Result<ExitCode> {
    anyhow::bail!(
        "this build of brief has no reader (built without the `tui` feature); use the subcommands"
    )
}

/// The config file asked for, by `--config` or else `BRIEF_CONFIG`, and which of them asked
/// ("the default" when neither did).
pub fn config_flag(args: &Args) -> (Option<PathBuf>, &'static str) {
    if let Some(p) = &args.config {
        return (Some(p.clone()), "--config");
    }
    match std::env::var_os("BRIEF_CONFIG").filter(|v| !v.is_empty()) {
        Some(p) => (Some(PathBuf::from(p)), "BRIEF_CONFIG"),
        None => (None, "the default"),
    }
}

/// The settings and the file they came from.
pub fn settings(args: &Args) -> anyhow::Result<(Config, Option<PathBuf>)> {
    Ok(Config::load(config_flag(args).0.as_deref())?)
}

/// The state file these arguments select: `--state`, else `BRIEF_STATE`, else the platform's.
pub fn state_file_path(args: &Args) -> Option<PathBuf> {
    let env = std::env::var("BRIEF_STATE").ok();
    brief::bookmarks::state_path(args.state.as_deref(), env.as_deref())
}

/// `brief.log` beside the state file: where the log goes when `BRIEF_LOG` is set.
pub fn log_file(args: &Args) -> Option<PathBuf> {
    state_file_path(args).map(|p| p.with_file_name("brief.log"))
}

/// With `BRIEF_LOG` set (a level such as `info` or `debug`, or env_logger's filters), appends
/// a log to [`log_file`]; without it, or when the file cannot be opened, logs nothing. Never
/// to the terminal: the reader may own the screen.
fn init_logging(args: &Args) {
    let Some(level) = std::env::var("BRIEF_LOG").ok().filter(|v| !v.is_empty()) else {
        return;
    };
    let filters = match level.as_str() {
        "1" | "true" | "yes" | "on" => "info",
        other => other,
    };
    let Some(path) = log_file(args) else {
        return;
    };
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
    }
    let Ok(file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
    else {
        return;
    };
    let pid = std::process::id();
    let _ = env_logger::Builder::new()
        .parse_filters(filters)
        .format(move |out, record| {
            use std::io::Write;
            writeln!(
                out,
                "{} {pid} {:<5} {}: {}",
                chrono::Local::now().format("%Y-%m-%dT%H:%M:%S%.3f%:z"),
                record.level(),
                record.target(),
                record.args()
            )
        })
        .target(env_logger::Target::Pipe(Box::new(file)))
        .write_style(env_logger::WriteStyle::Never)
        .try_init();
}

/// The library folder these arguments select.
pub fn library_dir(args: &Args) -> anyhow::Result<PathBuf> {
    let (config, file) = settings(args)?;
    Ok(library_dir_with(args, &config, file.as_deref()))
}

/// The library folder these arguments select with these settings (read from `file`).
pub fn library_dir_with(args: &Args, config: &Config, file: Option<&Path>) -> PathBuf {
    let env = std::env::var("BRIEF_LIBRARY").ok();
    library_path(args.library.as_deref(), env.as_deref(), config, file)
}

/// Loads the library, reporting files that were skipped on stderr.
pub fn open_library(args: &Args) -> anyhow::Result<Library> {
    let dir = library_dir(args)?;
    let lib = load(&dir)?;
    for e in &lib.errors {
        output::say(format!("skipped {e}"))?;
    }
    Ok(lib)
}

/// The library's catalog, brought up to date against the files (see [`brief::briefing::Catalog`]),
/// with each file that could not be loaded reported.
pub fn open_catalog(args: &Args, rebuild: bool) -> anyhow::Result<(Catalog, Report)> {
    let dir = library_dir(args)?;
    if !dir.is_dir() {
        load(&dir)?;
    }
    let (catalog, report) = catalog_of(&dir, rebuild)?;
    log::info!(
        "loaded {} briefings ({} skipped) from {}: {} files read, {} from the catalog {:?}",
        catalog.entries.len(),
        catalog.errors.len(),
        dir.display(),
        report.read,
        report.kept,
        report.file
    );
    for e in &catalog.errors {
        output::say(format!("skipped {e}"))?;
    }
    Ok((catalog, report))
}

/// The catalog of the library folder `dir`, brought up to date in the cache folder. A first
/// build reads every file: a person at a terminal sees it counted, and an interrupt keeps
/// what was read for the next command.
pub fn catalog_of(dir: &Path, rebuild: bool) -> anyhow::Result<(Catalog, Report)> {
    let cache = brief::config::cache_dir();
    let status = output::StatusLine::new();
    let progress = |done: usize, total: usize| status.count("reading", done, total, "briefings");
    let opened = interruptible(|stop| {
        brief::briefing::open_catalog_until(dir, cache.as_deref(), rebuild, &progress, stop)
    });
    drop(status);
    opened.with_context(|| format!("cannot read the library at {}", dir.display()))
}

/// Runs `work` with an interrupt (ctrl-c) or SIGTERM setting the flag it is given instead of
/// ending brief at once, so that work that can stop early keeps what it did; then ends brief
/// as the signal would have (exit 130 or 143), saying what `work` said if it stopped. Outside
/// `work` the signals do what they always do.
fn interruptible<T>(
    work: impl FnOnce(&std::sync::atomic::AtomicBool) -> std::io::Result<T>,
) -> std::io::Result<T> {
    use std::sync::atomic::Ordering;
    #[cfg(unix)]
    stop_on_signals();
    WITHIN.store(true, Ordering::SeqCst);
    let out = work(&STOP);
    WITHIN.store(false, Ordering::SeqCst);
    if STOP.load(Ordering::SeqCst) {
        if let Err(e) = &out
            && e.kind() == std::io::ErrorKind::Interrupted
        {
            let _ = output::say(e.to_string());
        }
        std::process::exit(if TERMINATED.load(Ordering::SeqCst) {
            143
        } else {
            130
        });
    }
    out
}

/// Whether [`interruptible`] work is running, and whether a signal asked it to stop (and
/// whether that was SIGTERM).
static WITHIN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static STOP: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
static TERMINATED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Makes SIGINT and SIGTERM stop [`interruptible`] work while it runs, and end brief as by
/// default at any other time (a handler once installed stays, so it does the default itself).
/// Only commands that do not take the terminal call this: the reader has handlers of its own.
#[cfg(unix)]
fn stop_on_signals() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    use std::sync::atomic::Ordering;
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        for signal in [SIGINT, SIGTERM] {
            let action = move || {
                if WITHIN.load(Ordering::SeqCst) {
                    TERMINATED.fetch_or(signal == SIGTERM, Ordering::SeqCst);
                    STOP.store(true, Ordering::SeqCst);
                } else {
                    let _ = signal_hook::low_level::emulate_default_handler(signal);
                }
            };
            // SAFETY: the action only touches atomics or resets the signal to its default and
            // raises it again, all of which is async-signal-safe.
            let _ = unsafe { signal_hook::low_level::register(signal, action) };
        }
    });
}

/// The library from its catalog, brought up to date, without a body read: each is read when
/// it is asked for ([`Library::briefing`]). What commands that need a few briefings of a
/// large library use, instead of reading every file.
pub fn open_lazily(args: &Args) -> anyhow::Result<Library> {
    let (catalog, _) = open_catalog(args, false)?;
    Ok(catalog.into_library(brief::config::cache_dir().as_deref()))
}

/// The library for the reader: the catalog as last written, shown at once while it is checked
/// against the files behind the screen; without one (a first build), an empty screen that
/// counts the files as they are read. Bodies are read when opened. A missing library folder
/// ends brief before the screen is taken.
///
/// `open`, a briefing to open (`brief open ID`), is looked for before the screen is taken:
/// in the catalog as last written, else in the library read and checked now (counted on a
/// status line): one that is not there ends brief with the message, as `brief show` does.
#[cfg(feature = "tui")]
fn open_for_reader(dir: &Path, open: Option<&str>) -> anyhow::Result<brief::tui::Opening> {
    use brief::tui::Opening;
    if !dir.is_dir() {
        return load(dir).map(Opening::Ready);
    }
    let cache = brief::config::cache_dir();
    let started = std::time::Instant::now();
    let shown = cache
        .as_deref()
        .and_then(|c| brief::briefing::open_library_unchecked(dir, c));
    log::info!(
        "catalog as last written: {:?} briefings, read in {:?}",
        shown.as_ref().map(|l| l.briefings.len()),
        started.elapsed()
    );
    if let Some(id) = open
        && shown.as_ref().is_none_or(|l| l.resolve(id).is_err())
    {
        let status = output::StatusLine::new();
        let progress =
            |done: usize, total: usize| status.count("reading", done, total, "briefings");
        let never = std::sync::atomic::AtomicBool::new(false);
        let (lib, _) = check_for_reader(dir.to_path_buf(), cache, &progress, &never)?;
        drop(status);
        lib.resolve(id)?;
        return Ok(Opening::Ready(lib));
    }
    let root = dir.to_path_buf();
    Ok(Opening::Behind {
        shown,
        root: root.clone(),
        load: Box::new(move |progress, stop| check_for_reader(root, cache, progress, stop)),
    })
}

/// The library of `dir` from its catalog brought up to date against the files (see
/// [`brief::briefing::open_library_lazily`]), each file that could not be loaded logged;
/// stopped early when `stop` is set, keeping the files read so far in the catalog.
#[cfg(feature = "tui")]
fn check_for_reader(
    dir: PathBuf,
    cache: Option<PathBuf>,
    progress: &(dyn Fn(usize, usize) + Sync),
    stop: &std::sync::atomic::AtomicBool,
) -> anyhow::Result<(Library, Report)> {
    let started = std::time::Instant::now();
    let (catalog, report) =
        brief::briefing::open_catalog_until(&dir, cache.as_deref(), false, progress, stop)
            .with_context(|| format!("cannot read the library at {}", dir.display()))?;
    let lib = catalog.into_library(cache.as_deref());
    log::info!(
        "listed {} briefings ({} skipped) from {} in {:?}: {} files read, {} from the catalog {:?}",
        lib.briefings.len(),
        lib.errors.len(),
        dir.display(),
        started.elapsed(),
        report.read,
        report.kept,
        report.file
    );
    for e in &lib.errors {
        log::warn!("skipped {e}");
    }
    Ok((lib, report))
}

fn load(dir: &Path) -> anyhow::Result<Library> {
    if !dir.is_dir() {
        anyhow::bail!(
            "there is no library at {}: pass --library DIR, set BRIEF_LIBRARY, or create it with `brief import FILE --to {}`",
            dir.display(),
            dir.display()
        );
    }
    read_library(dir)
}

/// Reads the library folder `dir`, counting on a status line while a large one loads.
pub fn read_library(dir: &Path) -> anyhow::Result<Library> {
    // A large library takes seconds to read: a person at a terminal sees it counted.
    let status = output::StatusLine::new();
    let progress = |done: usize, total: usize| status.count("reading", done, total, "briefings");
    let started = std::time::Instant::now();
    let lib = load_library_with(dir, &progress)
        .with_context(|| format!("cannot read the library at {}", dir.display()))?;
    log::info!(
        "loaded {} briefings ({} skipped) from {} in {:?}",
        lib.briefings.len(),
        lib.errors.len(),
        dir.display(),
        started.elapsed()
    );
    for e in &lib.errors {
        log::warn!("skipped {e}");
    }
    Ok(lib)
}
