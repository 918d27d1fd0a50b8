//! How `brief` fits beside the tools people use it with: completions, the man page, colour
//! conventions, machine output, exit codes, `brief doctor`, progress and packaging. Each runs
//! the real binary as a shell or a script would.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shipped() -> PathBuf {
    root().join("briefings")
}

/// `brief` with no user config, library, state or colour setting leaking in from the machine.
fn brief() -> Command {
    let mut c = Command::cargo_bin("brief").unwrap();
    for var in [
        "BRIEF_LIBRARY",
        "BRIEF_CONFIG",
        "BRIEF_STATE",
        "BRIEF_LOG",
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
    ] {
        c.env_remove(var);
    }
    c.env("XDG_CONFIG_HOME", "/nonexistent/brief-test-config")
        .env("XDG_DATA_HOME", "/nonexistent/brief-test-data")
        .env("XDG_STATE_HOME", "/nonexistent/brief-test-state")
        .env("XDG_CACHE_HOME", "/nonexistent/brief-test-cache");
    c
}

#[test]
fn completions_for_every_shell_name_the_subcommands() {
    for (shell, marker) in [
        ("bash", "complete -F"),
        ("zsh", "#compdef brief"),
        ("fish", "complete -c brief"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[brief]"),
    ] {
        let out = brief().args(["completions", shell]).output().unwrap();
        assert!(out.status.success(), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains(marker), "{shell} script lacks {marker}");
        for sub in ["list", "search", "bookmarks", "man"] {
            assert!(script.contains(sub), "{shell} script lacks {sub}");
        }
        assert!(!script.contains('\u{1b}'), "{shell}: no escape sequence");
    }
    brief().args(["completions", "tcsh"]).assert().code(2);
}

#[test]
fn the_man_page_is_roff_with_every_command() {
    let out = brief().arg("man").output().unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.starts_with(".ie") || page.starts_with(".TH"),
        "{}",
        &page[..80]
    );
    assert!(page.contains(".TH brief 1"));
    for sub in ["list", "show", "search", "completions"] {
        assert!(page.contains(sub), "man page lacks {sub}");
    }
}

/// What `brief ARGS` writes to a terminal (stdout and stderr both), with `env` set and the
/// rest of the environment as [`brief`] leaves it, and its exit code.
#[cfg(unix)]
fn on_a_terminal(args: &[&str], env: &[(&str, &str)]) -> (String, u32) {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read;
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 50,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_brief"));
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env_clear();
    cmd.env("TERM", "xterm-256color");
    cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
    cmd.env("HOME", "/nonexistent");
    for dir in ["CONFIG", "DATA", "STATE", "CACHE"] {
        cmd.env(format!("XDG_{dir}_HOME"), "/nonexistent/brief-test");
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.args(args);
    let mut child = pty.slave.spawn_command(cmd).unwrap();
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader().unwrap();
    let reading = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 8192];
        // Ends with an error (EIO) once the program and its terminal are gone.
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
        }
        all
    });
    let status = child.wait().unwrap();
    drop(pty.master);
    let all = reading.join().unwrap();
    (
        String::from_utf8_lossy(&all).into_owned(),
        status.exit_code(),
    )
}

const BOLD: &str = "\x1b[1m";

fn list_in_a_pipe(env: &[(&str, &str)]) -> String {
    let mut c = brief();
    c.args(["list", "--library"]).arg(shipped());
    for (k, v) in env {
        c.env(k, v);
    }
    let out = c.output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn clicolor_force_colours_a_pipe_and_no_color_wins() {
    assert!(!list_in_a_pipe(&[]).contains('\x1b'));
    assert!(list_in_a_pipe(&[("CLICOLOR_FORCE", "1")]).contains(BOLD));
    assert!(!list_in_a_pipe(&[("CLICOLOR_FORCE", "0")]).contains('\x1b'));
    assert!(!list_in_a_pipe(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]).contains('\x1b'));
    // The flag is the user's last word.
    let out = brief()
        .args(["--color", "always", "list", "--library"])
        .arg(shipped())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(String::from_utf8(out.stdout).unwrap().contains(BOLD));
}

#[cfg(unix)]
#[test]
fn clicolor_0_on_a_terminal_gives_plain_text() {
    let lib = shipped();
    let lib = lib.to_str().unwrap();
    let args = ["list", "--library", lib];
    let (coloured, code) = on_a_terminal(&args, &[]);
    assert_eq!(code, 0, "{coloured}");
    assert!(
        coloured.contains(BOLD),
        "a terminal gets colour: {coloured:?}"
    );
    for env in [
        &[("CLICOLOR", "0")][..],
        &[("NO_COLOR", "1")],
        &[("TERM", "dumb")],
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
    ] {
        let (plain, _) = on_a_terminal(&args, env);
        assert!(plain.contains("2025-07-28"), "{plain}");
        assert!(!plain.contains('\x1b'), "{env:?} still colours: {plain:?}");
    }
    let (forced, _) = on_a_terminal(&["--color", "never", "list", "--library", lib], &[]);
    assert!(!forced.contains('\x1b'));
}
