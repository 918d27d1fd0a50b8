//! How `brief` fits beside the tools people use it with: completions, the man page, colour
//! conventions, machine output, exit codes, `brief doctor`, progress and packaging. Each runs
//! the real binary as a shell or a script would.

use assert_cmd::Command;

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
