//! Time from process start to the first complete frame of the TUI on the shipped library, in a
//! real pseudo-terminal (80x24), read back with vt100. Target (PRODUCT.md): under 50 ms.
//!
//! Run with `cargo bench --bench first_frame`, or `cargo bench --bench first_frame -- DIR...`
//! for other libraries (such as `brief synth --count 100000 --to DIR`; targets from issue 16:
//! 100 ms at 10,000 briefings, 150 ms at 100,000). The catalog is kept in `target/bench-cache`
//! and brought up to date by one untimed start before the timed ones: the reader shows it as
//! last written and checks it against the files behind the first frame. Prints the median and the 90th percentile of
//! the runs, and, as a reference taken in the same sitting, the time for `brief --version` to
//! start and exit in the same kind of terminal, so a noisy machine shows up in both numbers.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const RUNS: usize = 30;

/// Starts `brief` with `args` and returns how long until `done` holds for the screen.
fn time_once(args: &[&str], done: impl Fn(&vt100::Screen, bool) -> bool) -> Duration {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("a pseudo-terminal");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_brief"));
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("XDG_CONFIG_HOME", "/nonexistent");
    cmd.env(
        "XDG_CACHE_HOME",
        concat!(env!("CARGO_MANIFEST_DIR"), "/target/bench-cache"),
    );
    cmd.args(args);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        NonZeroU16::new(24).unwrap(),
        NonZeroU16::new(80).unwrap(),
        0,
    )));
    let exited = Arc::new(Mutex::new(false));
    let mut reader = pty.master.try_clone_reader().expect("reader");
    let start = Instant::now();
    let mut child = pty.slave.spawn_command(cmd).expect("spawn brief");
    drop(pty.slave);
    let sink = Arc::clone(&parser);
    std::thread::spawn(move || {
        let mut buf = [0u8; 16384];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().process(&buf[..n]);
        }
    });
    let elapsed = loop {
        if child.try_wait().ok().flatten().is_some() {
            *exited.lock().unwrap() = true;
        }
        if done(parser.lock().unwrap().screen(), *exited.lock().unwrap()) {
            break start.elapsed();
        }
        if start.elapsed() > Duration::from_secs(120) {
            panic!(
                "no frame after 120 s:\n{}",
                parser.lock().unwrap().screen().contents()
            );
        }
        std::thread::sleep(Duration::from_micros(200));
    };
    let mut writer = pty.master.take_writer().expect("writer");
    let _ = writer.write_all(b"q");
    let _ = writer.flush();
    let _ = child.wait();
    elapsed
}

fn summary(mut xs: Vec<Duration>) -> (f64, f64) {
    xs.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(xs[xs.len() / 2]), ms(xs[xs.len() * 9 / 10]))
}

/// Where the time of one start goes, measured in this process (cold: each step runs once).
fn breakdown(library: &str) {
    use brief::config::Config;
    use brief::tui::{App, Depth};
    use ratatui::{Terminal, backend::TestBackend, layout::Rect};
    let t = Instant::now();
    let _ = Config::from_toml("", std::path::Path::new("config.toml"));
    let config_ms = t.elapsed();
    let t = Instant::now();
    let _ = brief::regions::gazetteer();
    let gazetteer_ms = t.elapsed();
    // As `brief` does: from the catalog kept in the bench's cache folder, bodies unread.
    let cache = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-cache/brief");
    let _ = std::fs::create_dir_all(&cache);
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(library);
    // Twice: this build's catalog is not the binary's (a catalog is only trusted by the build
    // that wrote it), so the first may be a first build; the second is the check alone.
    let t = Instant::now();
    let _ = brief::briefing::open_library_lazily(&root, Some(&cache), &|_, _| {});
    let first_ms = t.elapsed();
    // What the reader shows first: the catalog as last written, unchecked.
    let t = Instant::now();
    let lib = brief::briefing::open_library_unchecked(&root, &cache).expect("the catalog");
    let unchecked_ms = t.elapsed();
    // What it checks behind the screen.
    let t = Instant::now();
    let _ =
        brief::briefing::open_library_lazily(&root, Some(&cache), &|_, _| {}).expect("the library");
    let load_ms = t.elapsed();
    let t = Instant::now();
    let app = App::new(
        lib,
        Config::default(),
        Depth::Palette256,
        Rect::new(0, 0, 80, 24),
    );
    let app_ms = t.elapsed();
    let t = Instant::now();
    let mut term = Terminal::new(TestBackend::new(80, 24)).expect("test backend");
    term.draw(|f| f.render_widget(&app, f.area()))
        .expect("draw");
    let draw_ms = t.elapsed();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{library} in-process: config {:.1} ms, gazetteer {:.1} ms, catalog brought up to date {:.1} ms, then read unchecked (shown first) {:.1} ms, checked behind the screen {:.1} ms, app state {:.1} ms, first draw {:.1} ms",
        ms(config_ms),
        ms(gazetteer_ms),
        ms(first_ms),
        ms(unchecked_ms),
        ms(load_ms),
        ms(app_ms),
        ms(draw_ms)
    );
}

fn main() {
    let mut libraries: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    if libraries.is_empty() {
        libraries.push("briefings".into());
    }
    for library in &libraries {
        breakdown(library);
        time_library(library);
    }
}

fn time_library(library: &str) {
    // The first frame is complete when the status line is drawn below the full list.
    let frame = |s: &vt100::Screen, _: bool| {
        let text = s.contents();
        text.contains("briefings") && text.contains("Figs") && text.contains("? help")
    };
    let version = |_: &vt100::Screen, exited: bool| exited;
    let mut frames = Vec::new();
    let mut starts = Vec::new();
    // One of each first, untimed, so the binary and the library are in the page cache (and
    // the catalog is up to date).
    time_once(&["--library", library], frame);
    time_once(&["--version"], version);
    for _ in 0..RUNS {
        frames.push(time_once(&["--library", library], frame));
        starts.push(time_once(&["--version"], version));
    }
    let (f50, f90) = summary(frames);
    let (s50, s90) = summary(starts);
    println!(
        "first frame, library {library}, 80x24: median {f50:.1} ms, p90 {f90:.1} ms ({RUNS} runs)"
    );
    println!("reference `brief --version` start to exit: median {s50:.1} ms, p90 {s90:.1} ms");
    println!(
        "first frame / reference: {:.1}x; target: shipped library under 50 ms, 10k 100 ms, 100k 150 ms",
        f50 / s50
    );
}
