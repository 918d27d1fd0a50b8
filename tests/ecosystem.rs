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
        // The catalog is written here: a scratch folder of the build, never a path that
        // root could create.
        .env("XDG_CACHE_HOME", cache_home());
    c
}

/// The cache folder the tests' commands use.
fn cache_home() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("brief-test-cache")
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
        for sub in ["list", "search", "bookmarks", "man", "doctor"] {
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
    for dir in ["CONFIG", "DATA", "STATE"] {
        cmd.env(format!("XDG_{dir}_HOME"), "/nonexistent/brief-test");
    }
    cmd.env("XDG_CACHE_HOME", cache_home());
    // No interactive pager unless a test asks for one: it would wait for keys.
    cmd.env("BRIEF_PAGER", "cat");
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

fn schema() -> serde_json::Value {
    let out = brief().arg("schema").output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).expect("the schema is JSON")
}

/// Checks `value` against the definition `def` of the schema: the keywords the schema uses
/// (`type`, `enum`, `required`, `properties`, `items`, `$ref`), and no property it does not
/// declare, so that a field added to an output without its documentation fails here.
fn conforms(
    schema: &serde_json::Value,
    def: &serde_json::Value,
    value: &serde_json::Value,
    at: &str,
) {
    use serde_json::Value;
    if let Some(r) = def.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").unwrap();
        return conforms(schema, &schema["$defs"][name], value, at);
    }
    if let Some(choices) = def.get("enum").and_then(Value::as_array) {
        assert!(
            choices.contains(value),
            "{at}: {value} is not one of {choices:?}"
        );
    }
    if let Some(t) = def.get("type") {
        let types: Vec<&str> = match t {
            Value::String(s) => vec![s.as_str()],
            Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
            _ => panic!("{at}: bad type {t}"),
        };
        let is = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        let fits = types.contains(&is) || (is == "integer" && types.contains(&"number"));
        assert!(fits, "{at}: {value} is {is}, the schema says {types:?}");
    }
    if let Some(required) = def.get("required").and_then(Value::as_array) {
        for key in required {
            let key = key.as_str().unwrap();
            assert!(
                value.get(key).is_some(),
                "{at}: {key} is missing from {value}"
            );
        }
    }
    if let (Some(props), Some(obj)) = (def.get("properties"), value.as_object()) {
        for (key, v) in obj {
            let sub = props
                .get(key)
                .unwrap_or_else(|| panic!("{at}: {key} is not in the schema"));
            conforms(schema, sub, v, &format!("{at}.{key}"));
        }
    }
    if let (Some(items), Some(arr)) = (def.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            conforms(schema, items, v, &format!("{at}[{i}]"));
        }
    }
}

fn stdout_of(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn each(schema: &serde_json::Value, name: &str, items: &serde_json::Value) {
    let items = items.as_array().expect("an array");
    assert!(!items.is_empty(), "{name}: nothing to check");
    for (i, item) in items.iter().enumerate() {
        conforms(
            schema,
            &schema["$defs"][name],
            item,
            &format!("{name}[{i}]"),
        );
    }
}

#[test]
fn every_json_output_conforms_to_the_schema_and_jsonl_matches_json() {
    let schema = schema();
    assert_eq!(schema["schema_version"], 2);
    let lib = shipped();
    let run =
        |args: &[&str]| -> String { stdout_of(brief().args(args).arg("--library").arg(&lib)) };
    let parse = |text: &str| -> serde_json::Value { serde_json::from_str(text).unwrap() };

    let list = parse(&run(&["list", "--json"]));
    each(&schema, "list_item", &list);
    let lines: Vec<serde_json::Value> = run(&["list", "--jsonl"]).lines().map(parse).collect();
    assert_eq!(
        serde_json::Value::Array(lines),
        list,
        "--jsonl is --json a line at a time"
    );

    // 铜川 is the region of one section of a multi-region briefing: its hit names the section.
    let search = parse(&run(&["search", "tongchuan", "--json"]));
    each(&schema, "search_hit", &search);
    assert!(
        search
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["section"].is_string())
    );
    let lines: Vec<serde_json::Value> = run(&["search", "tongchuan", "--jsonl"])
        .lines()
        .map(parse)
        .collect();
    assert_eq!(serde_json::Value::Array(lines), search);

    let show = parse(&run(&["show", "2024-01-01", "--json"]));
    conforms(&schema, &schema["$defs"]["show"], &show, "show");
    each(&schema, "figure", &show["figures"]);
    each(
        &schema,
        "figure",
        &parse(&run(&["figures", "2024-01-01", "--json"])),
    );
    let check = parse(&run(&["check", "--json"]));
    conforms(&schema, &schema["$defs"]["check"], &check, "check");
    let compare = parse(&run(&["compare", "liuzhou", "liaocheng", "--json"]));
    conforms(&schema, &schema["$defs"]["compare"], &compare, "compare");

    let seed = root().join("tests/fixtures/seeds");
    let first = std::fs::read_dir(&seed)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let import = parse(&stdout_of(
        brief().args(["import", "--dry-run", "--json"]).arg(first),
    ));
    each(&schema, "import_item", &import);

    let state = tempfile::tempdir().unwrap();
    let state = state.path().join("state.toml");
    stdout_of(
        brief()
            .args(["bookmarks", "add", "2024-01-01", "--note", "问"])
            .arg("--library")
            .arg(&lib)
            .arg("--state")
            .arg(&state),
    );
    let marks = parse(&stdout_of(
        brief()
            .args(["bookmarks", "list", "--json", "--library"])
            .arg(&lib)
            .arg("--state")
            .arg(&state),
    ));
    each(&schema, "bookmark", &marks);
}

#[test]
fn help_names_every_field_of_list_and_search_json() {
    let schema = schema();
    for (cmd, def) in [("list", "list_item"), ("search", "search_hit")] {
        let help = stdout_of(brief().args([cmd, "--help"]));
        for key in schema["$defs"][def]["properties"]
            .as_object()
            .unwrap()
            .keys()
        {
            assert!(
                help.contains(key.as_str()),
                "`brief {cmd} --help` does not name {key}"
            );
        }
        assert!(help.contains("--jsonl"));
    }
    let list = stdout_of(brief().args(["list", "--help"]));
    assert!(list.contains("unknown"), "date_precision can be unknown");
}

/// Splits a README example such as `brief search 柳州 --json` into its arguments.
fn example_args(example: &str) -> Vec<String> {
    example
        .strip_prefix("brief ")
        .unwrap_or_else(|| panic!("not a brief command: {example}"))
        .split_whitespace()
        .map(String::from)
        .collect()
}

#[test]
fn the_readme_exit_code_table_matches_the_binary() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let table = readme
        .split("<!-- exit-codes:")
        .nth(1)
        .and_then(|t| t.split("<!-- end exit-codes -->").next())
        .expect("the README has the exit-code table");
    let mut checked = 0;
    for row in table.lines().filter(|l| l.starts_with("| ")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let Ok(code) = cells[1].parse::<i32>() else {
            continue;
        };
        for example in cells[3].split(", ").filter(|e| !e.is_empty()) {
            let args = example_args(example.trim_matches('`'));
            let out = brief()
                .args(&args)
                .env("BRIEF_LIBRARY", shipped())
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(code), "{example}: {out:?}");
            if code != 0 && !example.contains("--json") {
                assert!(!out.stderr.is_empty(), "{example} says why on stderr");
            }
            checked += 1;
        }
    }
    assert!(checked >= 9, "only {checked} examples");
}

#[test]
fn no_match_is_exit_1_for_search_and_list_alike() {
    for args in [
        &["search", "qqqqqqqq"][..],
        &["search", "qqqqqqqq", "--json"],
        &["search", "qqqqqqqq", "--jsonl"],
        &["list", "--since", "2099"],
        &["list", "--since", "2099", "--json"],
        &["list", "--since", "2099", "--jsonl"],
    ] {
        let out = brief()
            .args(args)
            .arg("--library")
            .arg(shipped())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        match args.last() {
            Some(&"--json") => assert_eq!(stdout.trim(), "[]", "{args:?}: still valid JSON"),
            _ => assert_eq!(stdout, "", "{args:?}"),
        }
    }
}

#[test]
fn doctor_says_what_is_in_use_and_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state").join("state.toml");
    let cache = dir.path().join("cache");
    let out = brief()
        .arg("doctor")
        .env("BRIEF_LIBRARY", shipped())
        .env("BRIEF_STATE", &state)
        .env("XDG_CACHE_HOME", &cache)
        .env("TERM", "dumb")
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    for line in [
        "config    /nonexistent/brief-test-config/brief/config.toml  not there: the built-in defaults are in use",
        "5 briefings, 0 skipped (BRIEF_LIBRARY)",
        "state     ",
        "not there yet",
        "log       ",
        "off: set BRIEF_LOG",
        "terminal  stdout is not a terminal",
        "colours   reader: ",
        // A dumb terminal gets no links.
        "url links (OSC 8) off",
        "problems  none",
    ] {
        assert!(text.contains(line), "no `{line}` in\n{text}");
    }
    let cache_line = format!("cache     {}  not there", cache.join("brief").display());
    assert!(text.contains(&cache_line), "no `{cache_line}` in\n{text}");
    let library = format!("library   {}", shipped().display());
    assert!(text.contains(&library), "{text}");

    // A missing library and a config that does not load are problems, and exit 1.
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "min_width = \"wide\"\n").unwrap();
    let out = brief()
        .arg("doctor")
        .env("BRIEF_LIBRARY", dir.path().join("nowhere"))
        .env("BRIEF_CONFIG", &config)
        .env("BRIEF_STATE", &state)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("does not load (BRIEF_CONFIG)"), "{text}");
    assert!(text.contains("missing (BRIEF_LIBRARY)"), "{text}");
    assert!(text.contains("config.toml:1"), "the config's line: {text}");
    assert!(text.contains("there is no library at"), "{text}");
}

#[test]
fn brief_config_is_read_like_the_config_flag() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[keys]\n\"ctrl-q\" = \"no_such_action\"\n").unwrap();
    let out = brief()
        .arg("check")
        .env("BRIEF_LIBRARY", shipped())
        .env("BRIEF_CONFIG", &config)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("config.toml:2")
    );
    // The flag comes first.
    let good = dir.path().join("good.toml");
    std::fs::write(&good, "min_width = 70\n").unwrap();
    brief()
        .arg("check")
        .arg("--config")
        .arg(&good)
        .env("BRIEF_LIBRARY", shipped())
        .env("BRIEF_CONFIG", &config)
        .assert()
        .success();
}

#[test]
fn brief_log_writes_a_log_beside_the_state_and_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.toml");
    let log = dir.path().join("brief.log");
    let quiet = brief()
        .args(["list", "--library"])
        .arg(shipped())
        .env("BRIEF_STATE", &state)
        .output()
        .unwrap();
    assert!(!log.exists(), "no BRIEF_LOG, no log");
    let logged = brief()
        .args(["list", "--library"])
        .arg(shipped())
        .env("BRIEF_STATE", &state)
        .env("BRIEF_LOG", "debug")
        .output()
        .unwrap();
    assert_eq!(quiet.stdout, logged.stdout, "the log changes no output");
    assert_eq!(quiet.stderr, logged.stderr);
    let text = std::fs::read_to_string(&log).unwrap();
    assert!(text.contains("INFO"), "{text}");
    assert!(text.contains("loaded 5 briefings"), "{text}");
}

/// A synthetic library large enough for loading to show its progress.
fn large_library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let to = dir.path().join("lib");
    brief()
        .args(["synth", "--count", "4200", "--library"])
        .arg(shipped())
        .arg("--to")
        .arg(&to)
        .assert()
        .success();
    dir
}

#[cfg(unix)]
#[test]
fn progress_shows_on_a_terminal_only_and_leaves_its_line_clean() {
    let dir = large_library();
    let lib = dir.path().join("lib");
    let lib = lib.to_str().unwrap();
    for args in [
        &["check", "--library", lib][..],
        &["search", "liuzhou", "--limit", "1", "--library", lib],
    ] {
        // In a pipe: no progress, no carriage return, nothing but messages.
        let out = brief().args(args).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(
            !err.contains("reading") && !err.contains('\r'),
            "{args:?}: {err:?}"
        );
        // On a terminal, with nothing cached yet (a cached library has nothing long to do):
        // counted, then erased before anything else is written.
        let cache = tempfile::tempdir().unwrap();
        let cache = cache.path().to_str().unwrap().to_string();
        let (screen, _) = on_a_terminal(args, &[("XDG_CACHE_HOME", cache.as_str())]);
        assert!(screen.contains("brief: reading "), "{args:?}: {screen:?}");
        assert!(screen.contains(" of 4200 briefings…"), "{args:?}");
        let last = screen.rfind("briefings…").unwrap();
        assert!(
            screen[last..].starts_with("briefings…\r\x1b[K"),
            "{args:?}: the status line is erased before what follows: {:?}",
            &screen[last..(last + 40).min(screen.len())]
        );
    }
}

#[test]
fn an_ambiguous_prefix_names_a_screenful_of_candidates() {
    let dir = large_library();
    let out = brief()
        .args(["show", "2"])
        .arg("--library")
        .arg(dir.path().join("lib"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("matches several briefings"), "{err}");
    assert!(err.contains(" more: give more of the id"), "{err}");
    assert!(err.len() < 1000, "{} bytes: {err}", err.len());
    assert_eq!(err.lines().count(), 1);
}

#[test]
fn the_package_says_its_licence_keywords_and_categories() {
    // No `repository` yet: the project has no public address to give.
    let manifest = std::fs::read_to_string(root().join("Cargo.toml")).unwrap();
    for key in ["license = \"MIT\"", "keywords = ", "categories = "] {
        assert!(manifest.contains(key), "Cargo.toml lacks {key}");
    }
    assert!(
        !manifest.contains("\nrepository"),
        "no invented repository address"
    );
    let list = |key: &str| -> Vec<String> {
        let line = manifest
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_default();
        let value = line
            .split_once('=')
            .map(|(_, v)| v.trim())
            .unwrap_or_default();
        toml::from_str::<toml::Table>(&format!("v = {value}")).unwrap()["v"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect()
    };
    // crates.io's rules: at most five keywords, each at most 20 ASCII letters, digits, `_`
    // or `-`, starting with a letter; at most five categories, each one of its slugs.
    let keywords = list("keywords");
    assert!(!keywords.is_empty() && keywords.len() <= 5, "{keywords:?}");
    for k in &keywords {
        assert!(
            k.len() <= 20 && k.starts_with(|c: char| c.is_ascii_alphabetic()),
            "{k}"
        );
        assert!(
            k.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'),
            "{k}"
        );
    }
    // The slugs that could describe brief, from crates.io's category list.
    const SLUGS: [&str; 8] = [
        "command-line-utilities",
        "command-line-interface",
        "text-processing",
        "internationalization",
        "localization",
        "value-formatting",
        "visualization",
        "parser-implementations",
    ];
    let categories = list("categories");
    assert!(!categories.is_empty() && categories.len() <= 5);
    for c in &categories {
        assert!(
            SLUGS.contains(&c.as_str()),
            "{c} is not a crates.io category"
        );
    }
    assert!(
        !manifest.contains("\"="),
        "versions are carets; Cargo.lock pins"
    );
    let release = manifest.split("[profile.release]").nth(1).unwrap();
    let release = release.split("\n[").next().unwrap();
    assert!(
        release.contains("strip = true"),
        "the release binary is stripped"
    );
    let licence = std::fs::read_to_string(root().join("LICENSE")).unwrap();
    assert!(licence.starts_with("MIT License"));
    assert!(root().join("Cargo.lock").exists());
}

#[cfg(unix)]
#[test]
fn show_goes_through_the_pager_on_a_terminal_when_longer_than_the_screen() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let pager = dir.path().join("pager.sh");
    std::fs::write(&pager, "#!/bin/sh\ncat\necho PAGED-BY-TEST\n").unwrap();
    std::fs::set_permissions(&pager, std::fs::Permissions::from_mode(0o755)).unwrap();
    let pager = pager.to_str().unwrap();
    let args = ["show", "2024-01-01", "--library", "briefings"];
    let (screen, code) = on_a_terminal(&args, &[("BRIEF_PAGER", pager)]);
    assert_eq!(code, 0);
    assert!(screen.contains("PAGED-BY-TEST"), "{screen}");
    assert!(screen.contains("铜川"), "the page reaches the pager");
    // `cat` (or nothing) means no pager; a pipe is never paged.
    let (screen, _) = on_a_terminal(&args, &[("BRIEF_PAGER", "cat")]);
    assert!(!screen.contains("PAGED-BY-TEST"));
    let out = brief()
        .args(args)
        .env("BRIEF_PAGER", pager)
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("PAGED-BY-TEST"));
    // A short page stays as it is.
    let (screen, _) = on_a_terminal(
        &["list", "--library", "briefings"],
        &[("BRIEF_PAGER", pager)],
    );
    assert!(!screen.contains("PAGED-BY-TEST"), "{screen}");
}

#[test]
fn doctor_and_index_say_a_cache_folder_whose_parent_is_missing_cannot_be_made() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let state = dir.path().join("state.toml");
    let doctor = |cache: &Path| {
        let out = brief()
            .arg("doctor")
            .env("BRIEF_LIBRARY", shipped())
            .env("BRIEF_STATE", &state)
            .env("XDG_CACHE_HOME", cache)
            .env("TERM", "dumb")
            .output()
            .unwrap();
        (out.status.code(), String::from_utf8(out.stdout).unwrap())
    };
    // Its home missing but the folder above it there: made at the first write, no problem.
    let (code, text) = doctor(&dir.path().join("cache"));
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("problems  none"), "{text}");
    // The folder above the home missing too: nothing makes it, so no catalog is ever kept.
    let above = dir.path().join("no").join("such");
    let (code, text) = doctor(&above.join("cache"));
    assert_eq!(code, Some(1), "{text}");
    assert!(text.contains("cannot be made"), "{text}");
    assert!(
        text.contains(&format!("{} does not exist", above.display())),
        "{text}"
    );
    // And `brief index` indeed keeps nothing there, and says why.
    let out = brief()
        .arg("index")
        .env("BRIEF_LIBRARY", shipped())
        .env("XDG_CACHE_HOME", above.join("cache"))
        .output()
        .unwrap();
    assert!(!above.exists(), "{out:?}");
    let said = String::from_utf8(out.stderr).unwrap();
    assert!(
        said.contains(&format!(
            "could not be written to {}",
            above.join("cache").join("brief").display()
        )) && said.contains(&format!(": {} does not exist", above.display())),
        "{said}"
    );
}
