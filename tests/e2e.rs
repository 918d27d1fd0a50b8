//! End to end: the real binary in a pseudo-terminal, its screen read back with vt100. Each step
//! waits for text to appear rather than sleeping.
#![cfg(all(feature = "tui", unix))]

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).unwrap()
}

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte brief wrote, for what the screen does not keep (OSC 52, OSC 8).
    raw: Arc<Mutex<Vec<u8>>>,
    /// Tells the reading thread to stop (and close its end of the terminal) after its next read.
    stop_reading: Arc<std::sync::atomic::AtomicBool>,
    reading: std::thread::JoinHandle<()>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    /// The folder with the session's bookmarks and read marks, removed when it ends.
    _state: tempfile::TempDir,
}

impl Session {
    fn start(cols: u16, rows: u16, env: &[(&str, &str)]) -> Session {
        Session::start_in(cols, rows, env, std::path::Path::new("briefings"))
    }

    /// [`Session::start`] over the library in `library`.
    fn start_in(cols: u16, rows: u16, env: &[(&str, &str)], library: &std::path::Path) -> Session {
        Session::start_with(cols, rows, env, library, &[])
    }

    /// [`Session::start_in`] with more arguments after `--library DIR`.
    fn start_with(
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
        library: &std::path::Path,
        more: &[&str],
    ) -> Session {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_brief"));
        cmd.cwd(env!("CARGO_MANIFEST_DIR"));
        cmd.env_clear();
        cmd.env("TERM", "xterm-256color");
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("XDG_CONFIG_HOME", "/nonexistent");
        cmd.env("HOME", "/nonexistent");
        cmd.env(
            "XDG_CACHE_HOME",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("brief-test-cache"),
        );
        // Bookmarks and read marks go to a folder of the test's own.
        let state = tempfile::Builder::new()
            .prefix(&format!("brief-e2e-{cols}x{rows}-"))
            .tempdir()
            .unwrap();
        cmd.env("BRIEF_STATE", state.path().join("state.toml"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.arg("--library");
        cmd.arg(library);
        cmd.args(more);
        let child = pty.slave.spawn_command(cmd).unwrap();
        drop(pty.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let mut reader = pty.master.try_clone_reader().unwrap();
        let sink = Arc::clone(&parser);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = Arc::clone(&raw);
        let stop_reading = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let stop = Arc::clone(&stop_reading);
        let reading = std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().process(&buf[..n]);
                raw_sink.lock().unwrap().extend_from_slice(&buf[..n]);
                if stop.load(std::sync::atomic::Ordering::SeqCst) {
                    break;
                }
            }
        });
        let writer = pty.master.take_writer().unwrap();
        Session {
            parser,
            raw,
            stop_reading,
            reading,
            writer,
            child,
            _master: pty.master,
            _state: state,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until `check` holds for the screen; fails with the screen after 15 s.
    fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let screen = self.screen();
            if check(&screen) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; the screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_text(&self, text: &str) {
        self.wait_for(text, |s| s.contains(text));
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Resizes the terminal, as a window being dragged does, and the screen read back with it.
    fn resize(&mut self, cols: u16, rows: u16) {
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nz(rows), nz(cols));
    }

    /// The last line of the screen: the status line.
    fn status(&self) -> String {
        self.screen().lines().last().unwrap_or_default().to_string()
    }

    /// Waits for the program to end and returns its exit code.
    fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader thread take in the last bytes.
                std::thread::sleep(Duration::from_millis(100));
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("brief did not exit; the screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn assert_restored(&self) {
        let p = self.parser.lock().unwrap();
        assert!(
            !p.screen().alternate_screen(),
            "still on the alternate screen"
        );
        assert!(!p.screen().hide_cursor(), "the cursor is still hidden");
    }
}

#[test]
fn open_a_liuzhou_briefing_from_the_tree_jump_to_a_figure_and_quit() {
    let mut s = Session::start(80, 24, &[]);
    s.wait_text("Regions");
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    // Walk down the tree until 柳州 is selected, the way a reader would.
    let mut found = false;
    for _ in 0..40 {
        if s.status().trim_start().starts_with("柳州 ·") {
            found = true;
            break;
        }
        let before = s.status();
        s.send("j");
        s.wait_for("the selection to move", |screen| {
            screen.lines().last().unwrap_or_default() != before
        });
    }
    assert!(found, "no 柳州 in the tree:\n{}", s.screen());
    s.wait_text("2 of 5 briefings");
    s.send("\r");
    s.send("\r");
    s.wait_text("lines 1-");
    assert!(s.screen().contains("柳州"));
    s.send("]");
    s.wait_text("figure 1/");
    s.send("]");
    s.wait_text("figure 2/");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn a_query_and_enter_typed_in_one_go_open_the_hit_of_the_whole_query() {
    let mut s = Session::start(80, 24, &[]);
    s.wait_text("Regions");
    // One write, as a fast typist over a slow link or a paste delivers it: the query is
    // searched once, and `enter` waits for its hits.
    s.send("/chongqing\r");
    s.wait_text("lines ");
    let screen = s.screen();
    assert!(screen.contains("重庆"), "{screen}");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

/// Sends `signal` (`TERM`, `HUP`) to brief once it is up; it must exit with 128 + `number`
/// and leave the terminal as it found it.
fn a_signal_restores_the_terminal(signal: &str, number: u32) {
    let mut s = Session::start(80, 24, &[]);
    s.wait_text("Regions");
    let pid = s.child.process_id().unwrap();
    let sent = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    assert_eq!(s.wait_exit(), 128 + number);
    s.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    a_signal_restores_the_terminal("TERM", 15);
}

#[test]
fn every_signal_that_ends_brief_restores_the_terminal() {
    // These used to end brief with raw mode on, the alternate screen up and the cursor hidden.
    for (signal, number) in [
        ("INT", 2),
        ("QUIT", 3),
        ("USR1", 10),
        ("USR2", 12),
        ("PIPE", 13),
        ("ALRM", 14),
    ] {
        a_signal_restores_the_terminal(signal, number);
    }
}

/// Types a note in the editor, then sends `signal`: the note must be saved as typed so far.
fn a_note_being_typed_is_saved_on(signal: &str, number: u32) {
    let mut s = Session::start(80, 24, &[]);
    s.wait_text("Regions");
    s.send("l");
    s.send("\r");
    s.wait_text("lines ");
    s.send("a");
    s.send("draft of a note");
    s.wait_text("draft of a note");
    let pid = s.child.process_id().unwrap();
    let sent = std::process::Command::new("kill")
        .args([format!("-{signal}"), pid.to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    assert_eq!(s.wait_exit(), 128 + number);
    s.assert_restored();
    let text = std::fs::read_to_string(s._state.path().join("state.toml")).unwrap();
    let state = brief::bookmarks::State::parse(&text).unwrap();
    let notes: Vec<&str> = state.bookmarks.iter().map(|b| b.note.as_str()).collect();
    assert_eq!(notes, ["draft of a note"], "{text}");
}

#[test]
fn a_note_being_typed_is_saved_on_sigterm() {
    a_note_being_typed_is_saved_on("TERM", 15);
}

#[test]
fn a_note_being_typed_is_saved_on_sighup() {
    a_note_being_typed_is_saved_on("HUP", 1);
}

#[test]
fn a_panic_restores_the_terminal() {
    let mut s = Session::start(80, 24, &[("BRIEF_TEST_PANIC", "1")]);
    s.wait_text("Regions");
    s.send("!");
    let code = s.wait_exit();
    assert_ne!(code, 0);
    s.assert_restored();
    assert!(s.screen().contains("panicked"), "{}", s.screen());
}

#[test]
fn resizing_redraws_at_the_new_size() {
    let mut s = Session::start(80, 24, &[]);
    s.wait_text("Regions");
    s.resize(50, 12);
    s.wait_text("brief needs at least 60x15");
    s.resize(200, 50);
    s.wait_text("Regions");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn fifo_named_md_does_not_leave_the_screen_blank() {
    // A FIFO named like a briefing used to block loading forever: a blank screen in raw mode
    // that ignored q and ctrl-c.
    let dir = tempfile::tempdir().unwrap();
    let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    for entry in std::fs::read_dir(&shipped).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let fifo = dir.path().join("2024-05-05-pipe.md");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let mut s = Session::start_in(80, 24, &[], dir.path());
    s.wait_text("Regions");
    s.wait_text("1 file could not be read");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn sighup_restores_the_terminal_and_exits() {
    a_signal_restores_the_terminal("HUP", 1);
}

#[test]
fn a_terminal_that_goes_away_ends_brief_instead_of_spinning() {
    let mut s = Session::start(80, 24, &[]);
    s.wait_text("Regions");
    // The terminal closes under brief, as when an SSH connection or a tmux server dies: every
    // handle on its master side goes, the reading thread's after one more read.
    s.stop_reading
        .store(true, std::sync::atomic::Ordering::SeqCst);
    s.send("j");
    let Session {
        mut child,
        writer,
        _master,
        reading,
        ..
    } = s;
    reading.join().unwrap();
    drop(writer);
    drop(_master);
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("brief kept running after its terminal closed");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_pasted_article_is_corrected_saved_and_read_in_one_sitting() {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir("briefings").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let mut s = Session::start_in(80, 24, &[], dir.path());
    s.wait_text("Regions");
    s.send("i");
    s.wait_text("Import an article");
    // A bracketed paste, as a terminal sends one: the article arrives as one event, with an
    // escape sequence inside that must not act.
    let raw = std::fs::read_to_string("tests/corpus/people-yangzhou-hanjiang-2020.txt").unwrap();
    s.send(&format!("\x1b[200~{}\x1b]0;PWN\x07\x1b[201~", raw));
    s.wait_text("The briefing");
    // Correct the source, then save.
    s.send("s\x15人民网\r");
    s.wait_text("人民网");
    s.send("\x13");
    s.wait_text("saved to");
    let screen = s.screen();
    assert!(screen.contains("邗江聚焦招商引资"), "{screen}");
    assert!(!screen.contains("PWN"), "{screen}");
    let saved: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("2020-07-23"))
        .collect();
    assert_eq!(saved.len(), 1, "{saved:?}");
    let text = std::fs::read_to_string(dir.path().join(&saved[0])).unwrap();
    assert!(text.contains("source = \"人民网\""), "{text}");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn import_review_opens_the_import_screen_on_a_saved_page() {
    let dir = tempfile::tempdir().unwrap();
    let page = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/cjddsb-changde-finance-knowledge-2019.html");
    let page = page.to_str().unwrap();
    let mut s = Session::start_with(80, 24, &[], dir.path(), &["import", page, "--review"]);
    s.wait_text("The briefing");
    let screen = s.screen();
    assert!(screen.contains("常德"), "{screen}");
    s.send("\x13");
    s.wait_text("saved to");
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

/// The colours the screen uses: whether any cell is drawn with a 256-palette or an RGB colour.
fn uses_more_than_16_colours(s: &Session) -> bool {
    let p = s.parser.lock().unwrap();
    let screen = p.screen();
    let (rows, cols) = screen.size();
    let beyond_16 = |c: vt100::Color| matches!(c, vt100::Color::Idx(16..) | vt100::Color::Rgb(..));
    (0..rows.get()).any(|r| {
        (0..cols.get()).any(|c| {
            screen
                .cell(r, c)
                .is_some_and(|cell| beyond_16(cell.fgcolor()) || beyond_16(cell.bgcolor()))
        })
    })
}

#[test]
fn term_xterm_16color_without_colorterm_gets_no_256_colour_codes() {
    for (term, wants_more) in [("xterm-256color", true), ("xterm-16color", false)] {
        let mut s = Session::start(80, 24, &[("TERM", term)]);
        s.wait_text("Regions");
        // The reader, where figures are coloured by kind.
        s.send("l\r]");
        s.wait_text("figure 1/");
        assert_eq!(uses_more_than_16_colours(&s), wants_more, "TERM={term}");
        s.send("q");
        assert_eq!(s.wait_exit(), 0);
    }
}

const LIUZHOU: &str = "2025-07-28-liuzhou-zhongguowangzhuanfang";

/// A library of the Liuzhou interview alone (with `more` put into its front matter after the
/// source), and a folder for the scripts and what they record.
fn one_briefing_library(more: &str) -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir(&lib).unwrap();
    let text = std::fs::read_to_string(format!("briefings/{LIUZHOU}.md")).unwrap();
    let text = text.replacen(
        "source = \"中国网\"\n",
        &format!("source = \"中国网\"\n{more}"),
        1,
    );
    std::fs::write(lib.join(format!("{LIUZHOU}.md")), text).unwrap();
    (dir, lib)
}

/// Writes an executable shell script.
fn script(path: &std::path::Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, format!("#!/bin/sh\n{body}")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// Waits until `path` exists and has something in it.
fn wait_for_file(path: &std::path::Path) -> String {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(text) = std::fs::read_to_string(path)
            && !text.is_empty()
        {
            return text;
        }
        assert!(Instant::now() < deadline, "{} never came", path.display());
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn v_hands_the_terminal_to_the_editor_and_the_reader_shows_the_edit() {
    let (dir, lib) = one_briefing_library("");
    // The editor, at a path with a space, given an argument in VISUAL: it records its
    // arguments and the terminal's mode, writes on the screen, and changes the title.
    let editor = dir.path().join("fake editor.sh");
    let record = dir.path().join("editor.txt");
    script(
        &editor,
        &format!(
            "for last; do :; done\n\
             {{ echo \"args: $*\"; stty -a; }} > '{}'\n\
             echo EDITOR-WAS-HERE\n\
             sed -i 's/中国网专访 | /改过的标题 /' \"$last\"\n",
            record.display()
        ),
    );
    let visual = format!("'{}' --wait", editor.display());
    let mut s = Session::start_in(80, 24, &[("VISUAL", &visual), ("EDITOR", "false")], &lib);
    s.wait_text("Regions");
    s.send("l\r");
    s.wait_text("中国网专访");
    s.send("v");
    s.wait_text("read again");
    s.wait_text("改过的标题");
    let screen = s.screen();
    assert!(
        !screen.contains("EDITOR-WAS-HERE"),
        "the editor wrote on the main screen:\n{screen}"
    );
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    let recorded = std::fs::read_to_string(&record).unwrap();
    let file = lib.join(format!("{LIUZHOU}.md"));
    assert!(
        recorded.starts_with(&format!("args: --wait {}", file.display())),
        "{recorded}"
    );
    // The editor had the terminal as a shell leaves it: lines, echo.
    assert!(
        recorded.contains(" icanon") && recorded.contains(" echo"),
        "{recorded}"
    );
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
    // Back on the main screen, the editor's words are there.
    assert!(s.screen().contains("EDITOR-WAS-HERE"), "{}", s.screen());
}

/// The text of every OSC 52 clipboard write in `raw`, decoded.
fn clipboard_writes(raw: &[u8]) -> Vec<String> {
    use base64::Engine;
    let raw = String::from_utf8_lossy(raw);
    raw.split("\x1b]52;c;")
        .skip(1)
        .filter_map(|rest| rest.split('\x07').next())
        .map(|b64| {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64)
                .unwrap();
            String::from_utf8(bytes).unwrap()
        })
        .collect()
}

#[test]
fn y_copies_the_passage_in_view_through_osc_52() {
    let (_dir, lib) = one_briefing_library("");
    for (tmux, writes) in [(None, 1), (Some("/tmp/tmux-1000/default,1,0"), 2)] {
        let env: Vec<(&str, &str)> = tmux.iter().map(|t| ("TMUX", *t)).collect();
        let mut s = Session::start_in(80, 24, &env, &lib);
        s.wait_text("Regions");
        s.send("l\r");
        s.wait_text("lines 1-");
        s.send("jjj");
        s.wait_text("lines 4-");
        s.send("y");
        s.wait_text("copied paragraph");
        let raw = s.raw.lock().unwrap().clone();
        let copied = clipboard_writes(&raw);
        assert_eq!(copied.len(), writes, "TMUX={tmux:?}");
        for text in &copied {
            let (passage, source) = text.split_once("\n\n").unwrap();
            let body = std::fs::read_to_string(lib.join(format!("{LIUZHOU}.md"))).unwrap();
            assert!(body.contains(passage), "{passage}");
            assert!(source.starts_with("— 中国网专访"), "{source}");
            assert!(!text.chars().any(|c| c.is_control() && c != '\n'));
        }
        if tmux.is_some() {
            assert!(String::from_utf8_lossy(&raw).contains("\x1bPtmux;\x1b\x1b]52;c;"));
        }
        s.send("q");
        assert_eq!(s.wait_exit(), 0);
    }
}

#[test]
fn o_hands_the_url_to_the_opener_and_the_reader_links_it_when_asked() {
    let url = "https://news.example.cn/柳州/2025?id=1&p=$(touch pwned)";
    let (dir, lib) = one_briefing_library(&format!("url = \"{url}\"\n"));
    let opener = dir.path().join("opener.sh");
    let record = dir.path().join("opened.txt");
    script(
        &opener,
        &format!("printf '%s|' \"$@\" > '{}'\n", record.display()),
    );
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "hyperlinks = \"always\"\n").unwrap();
    let opener_var = format!("'{}' --new-tab", opener.display());
    let config_var = config.display().to_string();
    let encoded = "https://news.example.cn/%E6%9F%B3%E5%B7%9E/2025?id=1&p=$(touch%20pwned)";
    for linked in [false, true] {
        let mut env = vec![("BRIEF_OPENER", opener_var.as_str())];
        if linked {
            env.push(("BRIEF_CONFIG", config_var.as_str()));
        }
        let _ = std::fs::remove_file(&record);
        let mut s = Session::start_in(80, 24, &env, &lib);
        s.wait_text("Regions");
        s.send("l\r");
        s.wait_text("https://news.example.cn/柳州");
        s.send("o");
        assert_eq!(wait_for_file(&record), format!("--new-tab|{encoded}|"));
        s.wait_text("opening https://news.example.cn/");
        // The address is an argument, never a command line: nothing in it ran.
        assert!(!dir.path().join("pwned").exists() && !lib.join("pwned").exists());
        let raw = String::from_utf8_lossy(&s.raw.lock().unwrap()).into_owned();
        // xterm-256color without a terminal known to show links: none unless asked for.
        assert_eq!(
            raw.contains(&format!(";{encoded}\x1b\\")),
            linked,
            "linked {linked}"
        );
        s.send("q");
        assert_eq!(s.wait_exit(), 0);
    }
}

#[test]
fn r_reads_a_file_added_on_disk() {
    let (_dir, lib) = one_briefing_library("");
    let mut s = Session::start_in(80, 24, &[], &lib);
    s.wait_text("Regions");
    s.wait_text("1 of 1 briefings");
    let text = std::fs::read_to_string(lib.join(format!("{LIUZHOU}.md"))).unwrap();
    std::fs::write(
        lib.join("2026-11-30-added-on-disk.md"),
        text.replace("中国网专访 | 柳州", "磁盘上新加的一篇")
            .replace("date = 2025-07-28", "date = 2026-11-30"),
    )
    .unwrap();
    s.send("r");
    s.wait_text("library read again: 2 briefings, 1 new");
    s.wait_text("磁盘上新加的一篇");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn an_interrupt_while_the_editor_runs_is_the_editors_not_briefs() {
    // Ctrl-C typed into an editor that leaves it to the terminal reaches brief too: brief
    // used to take it as its own and end a second later, under the editor.
    let (dir, lib) = one_briefing_library("");
    let editor = dir.path().join("editor.sh");
    script(
        &editor,
        "for last; do :; done\n\
         kill -INT $PPID\n\
         sleep 1.5\n\
         sed -i 's/中国网专访 | /改过的标题 /' \"$last\"\n",
    );
    let editor = editor.display().to_string();
    let mut s = Session::start_in(80, 24, &[("EDITOR", &editor)], &lib);
    s.wait_text("Regions");
    s.send("l\r");
    s.wait_text("中国网专访");
    s.send("v");
    s.wait_text("改过的标题");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn brief_open_starts_the_reader_at_a_briefing_and_its_paragraph() {
    let lib = std::path::Path::new("briefings");
    let mut s = Session::start_with(200, 50, &[], lib, &["open", "2024-03", "--paragraph", "17"]);
    s.wait_text("¶17");
    let screen = s.screen();
    assert!(screen.contains("2024全国两会特别策划"), "{screen}");
    // The number stands in the margin beside its paragraph.
    assert!(
        screen.lines().any(|l| l.trim_start().starts_with("17 ")),
        "{screen}"
    );
    // Back goes to the library; q quits.
    s.send("\x1b");
    s.wait_text("Regions");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn brief_open_paragraph_n_is_numbered_beside_its_text_at_80_columns() {
    // At 80 columns there is no margin: the N of --paragraph N used to show only as ¶N.
    let lib = std::path::Path::new("briefings");
    let mut s = Session::start_with(80, 24, &[], lib, &["open", "2024-03", "--paragraph", "17"]);
    s.wait_text("¶17");
    let screen = s.screen();
    let lines: Vec<&str> = screen.lines().collect();
    let at = lines.iter().position(|l| l.starts_with("17 "));
    assert!(at.is_some(), "{screen}");
    assert!(lines.iter().any(|l| l.starts_with("18 ")), "{screen}");
    // # hides them, and shows them again.
    s.send("#");
    s.wait_for("the numbers hidden", |screen| {
        !screen.lines().any(|l| l.starts_with("17 "))
    });
    s.send("#");
    s.wait_for("the numbers back", |screen| {
        screen.lines().any(|l| l.starts_with("17 "))
    });
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
}

#[test]
fn brief_open_of_a_briefing_not_there_says_so_and_takes_no_screen() {
    let lib = std::path::Path::new("briefings");
    let mut s = Session::start_with(80, 24, &[], lib, &["open", "no-such-briefing"]);
    assert_eq!(s.wait_exit(), 1);
    s.wait_text("no-such-briefing");
}

#[test]
fn in_the_reader_slash_finds_in_the_text_and_s_searches_the_library_through_the_real_loop() {
    let mut s = Session::start(80, 24, &[("NO_COLOR", "1")]);
    s.wait_text("Regions");
    s.send("fliuzhou\r");
    s.wait_text("柳州 · 2 of 5 briefings");
    s.send("l\r");
    s.wait_text("lines 1-");
    s.send("/");
    s.wait_text("Find in this briefing:");
    // The terminal's cursor stands after what is typed, on the prompt's row.
    s.send("gaoduan");
    s.wait_text("Find in this briefing: gaoduan");
    let (row, col) = s.parser.lock().unwrap().screen().cursor_position();
    assert_eq!(
        (row, col),
        (23, 1 + "Find in this briefing: gaoduan".len() as u16)
    );
    s.send("\r");
    s.wait_text("match 1/");
    s.send("n");
    s.wait_text("match 2/");
    s.send("s");
    s.wait_text("type to search");
    s.send("\x1b");
    s.wait_text("match 2/");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn a_briefing_edited_since_the_catalog_was_written_shows_as_edited_once_checked() {
    let (_dir, lib) = one_briefing_library("");
    // A cache home that exists, so that the catalog is kept (the tests' shared one is not
    // made, and an absent cache home means no catalog).
    let cache = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let cache = cache.path().to_str().unwrap().to_string();
    let env = [("XDG_CACHE_HOME", cache.as_str())];
    let mut s = Session::start_in(80, 24, &env, &lib);
    s.wait_text("1 of 1 briefings");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    // The catalog now lists the file as it was; the file is edited after.
    let path = lib.join(format!("{LIUZHOU}.md"));
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen("中国网专访 | 柳州", "磁盘上改过的标题", 1),
    )
    .unwrap();
    let mut s = Session::start_in(80, 24, &env, &lib);
    s.wait_text("磁盘上改过的标题");
    s.wait_text("the library changed since it was last opened: 1 changed");
    assert!(!s.screen().contains("中国网专访"), "{}", s.screen());
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

#[test]
fn a_first_build_opens_at_once_counting_and_quits_at_once_keeping_what_it_read_then_shows_the_list()
{
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let lib = dir.path().join("lib");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .args([
            "--library",
            "briefings",
            "synth",
            "--count",
            "10000",
            "--to",
        ])
        .arg(&lib)
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    // Files just written are read again by every start until they are two seconds old (their
    // time could still change unseen): these are made older, so what was read can be kept.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
    for e in std::fs::read_dir(&lib).unwrap() {
        let path = e.unwrap().path();
        if path.extension().is_some_and(|x| x == "md") {
            let f = std::fs::File::options().write(true).open(&path).unwrap();
            f.set_modified(old).unwrap();
        }
    }
    let cache = dir.path().join("cache");
    let env = [("XDG_CACHE_HOME", cache.to_str().unwrap())];
    // q while the files are read ends brief at once, keeping the files read so far.
    let mut s = Session::start_in(80, 24, &env, &lib);
    // Once a thousand or more are counted.
    s.wait_text("000 of 10000");
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
    // The catalog as written at q holds what was read.
    let kept = brief::briefing::open_library_unchecked(&lib, &cache.join("brief"))
        .map_or(0, |l| l.briefings.len());
    assert!(kept >= 1000, "the files read before q were kept: {kept}");
    // A fresh first build: the screen says what it reads, and the list replaces it when done.
    std::fs::remove_dir_all(&cache).unwrap();
    let mut s = Session::start_in(80, 24, &env, &lib);
    s.wait_text("reading");
    s.wait_for("the list", |screen| {
        screen.contains("Figs")
            && screen.contains("of 10000 briefings")
            && !screen.contains("reading")
    });
    s.send("q");
    assert_eq!(s.wait_exit(), 0);
    s.assert_restored();
}

/// A search with more hits than a screen shows answers with its first page at once, then
/// counts every hit and says so without another key being pressed.
#[test]
fn a_search_with_many_hits_shows_its_first_page_then_counts_every_hit() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let lib = dir.path().join("library");
    let made = std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["--library", "briefings", "synth", "--count", "400", "--to"])
        .arg(&lib)
        .env("XDG_CACHE_HOME", dir.path().join("cache"))
        .output()
        .unwrap();
    assert!(made.status.success(), "{made:?}");
    let mut s = Session::start_in(100, 30, &[], &lib);
    s.wait_text("400 briefings");
    s.send("/产业");
    s.wait_text(" of 400 briefings match");
    let screen = s.screen();
    assert!(screen.contains("产业"), "{screen}");
    assert!(!screen.contains("counting"), "{screen}");
    s.send("\x1bq");
    assert_eq!(s.wait_exit(), 0);
}
