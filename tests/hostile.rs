//! Hostile input: nothing in a library, a state file, a config or an argument reaches the
//! terminal through the command line. A property test builds a library whose file names,
//! fields, bodies, bookmarks, notes, theme names and library path carry every control class,
//! runs every command over it, and checks every byte written; regression tests below are named
//! after what broke.

use assert_cmd::Command;
use brief::bookmarks::{Bookmark, State};
use brief::briefing::{Briefing, DatePrecision, Meta, RegionRef, Section, write_briefing};
use chrono::{NaiveDate, TimeZone, Utc};
use proptest::prelude::*;
use std::path::{Path, PathBuf};

/// Whether `c` must never appear raw in output: C0 but `\n`, DEL, C1, bidi controls, zero-width
/// and other invisible characters. Written out here rather than taken from the crate, so that
/// the test does not share a mistake with what it tests.
fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{9}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}'
        | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{e0000}'..='\u{e007f}')
}

/// What is left of a sequence whose ESC, BEL or ST alone was removed. Every payload the
/// generator puts in a sequence says `PWN`, which no plain fragment contains.
const LEFTOVERS: [&str; 8] = ["PWN", "]0;", "]2;", "]8;", "]52;", "[2J", "[31m", "[?1049h"];

/// Panics unless `text`, meant for people, is clean.
fn assert_clean(what: &str, text: &[u8]) {
    assert_no_controls(what, text);
    let text = String::from_utf8_lossy(text);
    for l in LEFTOVERS {
        assert!(!text.contains(l), "{what}: `{l}` left in output:\n{text:?}");
    }
}

/// Panics if `text` holds a control, bidi or zero-width character.
fn assert_no_controls(what: &str, text: &[u8]) {
    let text = String::from_utf8_lossy(text);
    if let Some(c) = text.chars().find(|&c| is_forbidden(c)) {
        panic!("{what}: {c:?} in output:\n{text:?}");
    }
}

/// Panics unless `text` is JSON without any raw control, bidi or zero-width character.
fn assert_clean_json(what: &str, text: &[u8]) {
    let s = String::from_utf8_lossy(text);
    if let Some(c) = s.chars().find(|&c| is_forbidden(c)) {
        panic!("{what}: raw {c:?} in JSON:\n{s:?}");
    }
    serde_json::from_slice::<serde_json::Value>(text)
        .unwrap_or_else(|e| panic!("{what}: not JSON ({e}):\n{s}"));
}

const PLAIN: [&str; 10] = [
    "柳州",
    "新能源汽车",
    "科技创新",
    "a",
    "Z9",
    " ",
    "聊城",
    "，",
    "产量增长",
    "數字",
];

const SEQUENCES: [&str; 16] = [
    "\u{1b}]0;PWN\u{7}",
    "\u{1b}]2;PWN\u{1b}\\",
    "\u{1b}]52;c;PWN\u{7}",
    "\u{1b}]8;;http://PWN/\u{1b}\\",
    "\u{1b}]0;PWN",
    "\u{1b}[2J",
    "\u{1b}[31m",
    "\u{1b}[?1049h",
    "\u{9b}31m",
    "\u{9d}0;PWN\u{9c}",
    "\u{1b}PPWN\u{1b}\\",
    "\u{1b}_PWN\u{7}",
    "\u{1b}^PWN\u{1b}\\",
    "\u{1b}XPWN\u{7}",
    "\u{1b}]0;PWN\u{1b}[31m",
    "\u{1b}c",
];

const INVISIBLE: [char; 16] = [
    '\u{202a}',
    '\u{202b}',
    '\u{202c}',
    '\u{202d}',
    '\u{202e}',
    '\u{2066}',
    '\u{2067}',
    '\u{2068}',
    '\u{2069}',
    '\u{200e}',
    '\u{200f}',
    '\u{61c}',
    '\u{200b}',
    '\u{200d}',
    '\u{feff}',
    '\u{e0041}',
];

/// One piece of a hostile string.
fn fragment(line_breaks: bool) -> BoxedStrategy<String> {
    let controls = (1u32..0x20)
        .prop_filter("line breaks only where allowed", move |c| {
            line_breaks || (*c != 0x0a && *c != 0x0d)
        })
        .prop_map(|c| char::from_u32(c).unwrap_or(' ').to_string());
    let c1 = (0x7fu32..0xa0).prop_map(|c| char::from_u32(c).unwrap_or(' ').to_string());
    let mut pieces = vec![
        proptest::sample::select(&PLAIN[..])
            .prop_map(str::to_string)
            .boxed(),
        proptest::sample::select(&SEQUENCES[..])
            .prop_map(str::to_string)
            .boxed(),
        proptest::sample::select(&INVISIBLE[..])
            .prop_map(|c| c.to_string())
            .boxed(),
        controls.boxed(),
        c1.boxed(),
    ];
    if line_breaks {
        pieces.push(
            proptest::sample::select(&["\r", "\n", "\r\n", "\u{2028}"][..])
                .prop_map(str::to_string)
                .boxed(),
        );
    }
    proptest::strategy::Union::new(pieces).boxed()
}

/// A hostile string of a few pieces, always with some plain text around them.
fn hostile(line_breaks: bool) -> BoxedStrategy<String> {
    proptest::collection::vec(fragment(line_breaks), 1..6)
        .prop_map(|parts| format!("柳{}州", parts.concat()))
        .boxed()
}

/// Everything a hostile run is made of.
#[derive(Debug, Clone)]
struct World {
    names: Vec<String>,
    titles: Vec<String>,
    source: String,
    tag: String,
    heading: String,
    paragraph: String,
    bookmark_id: String,
    orphan: String,
    note: String,
    theme: String,
    library_value: String,
    argument: String,
}

fn world() -> impl Strategy<Value = World> {
    let name = hostile(true).prop_map(|s| s.replace(['/', '\0'], "_"));
    (
        proptest::collection::vec(name, 3),
        proptest::collection::vec(hostile(true), 3),
        (hostile(true), hostile(true)),
        hostile(false),
        hostile(true),
        (hostile(true), hostile(true), hostile(true)),
        (hostile(true), hostile(true)),
        hostile(false),
    )
        .prop_map(
            |(
                names,
                titles,
                (source, tag),
                heading,
                paragraph,
                (bookmark_id, orphan, note),
                (theme, library_value),
                argument,
            )| World {
                names,
                titles,
                source,
                tag,
                heading,
                paragraph,
                bookmark_id,
                orphan,
                note,
                theme,
                library_value,
                argument: argument.replace('\0', ""),
            },
        )
}

fn region(province: &str, city: Option<&str>) -> RegionRef {
    RegionRef {
        province: province.into(),
        city: city.map(Into::into),
    }
}

/// Writes the library, state, config and a raw article of `w` under `root`.
fn build(root: &Path, w: &World) -> Hostile {
    let lib = root.join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    let heading = format!("甲{}乙", w.heading.trim());
    let places = [
        region("广西壮族自治区", Some("柳州市")),
        region("山东省", Some("聊城市")),
    ];
    let mut ids = Vec::new();
    for (i, (name, title)) in w.names.iter().zip(&w.titles).enumerate() {
        let id = format!("2024-01-0{}-{name}", i + 1);
        let body = format!(
            "{p}柳州科技创新投入494亿元，同比增长12.5%。\n\n## {heading}\n\n聊城新能源汽车产量\
             77.6万辆。{p}\n\n{p}",
            p = w.paragraph
        );
        let b = Briefing {
            id: id.clone(),
            path: lib.join(format!("{id}.md")),
            meta: Meta {
                title: title.clone(),
                date: NaiveDate::from_ymd_opt(2024, 1, i as u32 + 1).unwrap(),
                date_precision: DatePrecision::Day,
                source: Some(w.source.clone()),
                url: Some(format!("https://example.org/{}", w.tag)),
                regions: vec![
                    places[i % 2].clone(),
                    region(&format!("火星{}", w.source), None),
                ],
                tags: vec![w.tag.clone()],
                sections: vec![Section {
                    heading: heading.clone(),
                    regions: vec![places[(i + 1) % 2].clone()],
                }],
            },
            body,
        };
        std::fs::write(&b.path, write_briefing(&b)).unwrap();
        ids.push(id);
    }
    // Files that do not parse, named and filled with the same characters.
    std::fs::write(
        lib.join(format!("2023-01-01-{}.md", w.names[0])),
        format!("+++\ntitle = \"{}\"\n", w.titles[0]),
    )
    .unwrap();
    std::fs::write(
        lib.join(format!("2023-01-02-{}.md", w.names[1])),
        format!("{}\n", w.paragraph),
    )
    .unwrap();
    let at = Utc.with_ymd_and_hms(2024, 6, 1, 8, 0, 0).unwrap();
    let mark = |id: &str, briefing: &str, paragraph: Option<usize>| Bookmark {
        id: id.into(),
        briefing: briefing.into(),
        paragraph,
        quote: paragraph.map(|_| w.paragraph.clone()),
        note: w.note.clone(),
        created: at,
        updated: at,
    };
    let state = State {
        bookmarks: vec![
            mark(&w.bookmark_id, &ids[0], None),
            mark(&format!("{}-2", w.bookmark_id), &ids[1], Some(0)),
            mark(&format!("{}-3", w.bookmark_id), &w.orphan, None),
        ],
        ..State::default()
    };
    let state_path = root.join("state.toml");
    std::fs::write(&state_path, toml::to_string(&state).unwrap()).unwrap();
    let quote = |s: &str| toml::Value::String(s.to_string()).to_string();
    let config = root.join("config.toml");
    std::fs::write(
        &config,
        format!(
            "library = {}\n\n[[themes]]\nname = {}\nkeywords = [\"科技创新\", \"新能源\"]\n",
            quote(&w.library_value),
            quote(&w.theme)
        ),
    )
    .unwrap();
    let bad_config = root.join("bad.toml");
    std::fs::write(
        &bad_config,
        format!(
            "{} = 1\n[keys]\n{} = \"quit\"\n",
            quote(&w.theme),
            quote(&w.tag)
        ),
    )
    .unwrap();
    let raw_dir = root.join("raw");
    std::fs::create_dir_all(&raw_dir).unwrap();
    let raw = raw_dir.join(format!("{}.txt", w.names[2]));
    std::fs::write(
        &raw,
        format!(
            "{}\n来源：{}\n2024年3月5日\n\n{}柳州市新能源汽车产量77.6万辆，同比增长12.5%。\n\n{}\n",
            w.titles[2], w.source, w.paragraph, w.note
        ),
    )
    .unwrap();
    Hostile {
        root: root.to_path_buf(),
        lib,
        state: state_path,
        config,
        bad_config,
        raw,
        raw_dir,
        ids,
    }
}

struct Hostile {
    root: PathBuf,
    lib: PathBuf,
    state: PathBuf,
    config: PathBuf,
    bad_config: PathBuf,
    raw: PathBuf,
    raw_dir: PathBuf,
    ids: Vec<String>,
}

/// `brief` with nothing from the machine leaking in.
fn brief(root: &Path) -> Command {
    let mut c = Command::cargo_bin("brief").unwrap();
    c.env_remove("BRIEF_LIBRARY")
        .env_remove("BRIEF_STATE")
        .env_remove("BRIEF_LOG")
        .env_remove("NO_COLOR")
        .env("XDG_CONFIG_HOME", root.join("xdg-config"))
        .env("XDG_DATA_HOME", root.join("xdg-data"))
        .env("XDG_STATE_HOME", root.join("xdg-state"))
        .env("XDG_CACHE_HOME", root.join("xdg-cache"))
        .current_dir(root);
    c
}

/// Runs `brief` with `args` and checks all it writes; JSON when `--json` is among the args.
fn run_checked(h: &Hostile, args: &[&std::ffi::OsStr], global: bool) -> std::process::Output {
    let mut cmd = brief(&h.root);
    if global {
        cmd.arg("--library")
            .arg(&h.lib)
            .arg("--state")
            .arg(&h.state)
            .arg("--config")
            .arg(&h.config);
    }
    let out = cmd.args(args).output().unwrap();
    let what = format!("brief {args:?}");
    assert_ne!(out.status.code(), Some(101), "{what} panicked");
    assert!(out.status.code().is_some(), "{what} was killed");
    // A command that fails (bad usage included) writes nothing on stdout, JSON or not.
    if args.iter().any(|a| *a == "--json") && !out.stdout.is_empty() {
        assert_clean_json(&what, &out.stdout);
    } else {
        assert_clean(&format!("{what} (stdout)"), &out.stdout);
    }
    assert_clean(&format!("{what} (stderr)"), &out.stderr);
    out
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

/// Every command, plain and JSON, over the hostile world.
fn run_every_command(h: &Hostile, w: &World) {
    let id = h.ids[0].as_str();
    let prefix = &id[..10];
    let raw = h.raw.as_os_str();
    let raw_dir = h.raw_dir.as_os_str();
    let arg = w.argument.as_str();
    let commands: Vec<Vec<&std::ffi::OsStr>> = vec![
        vec![os("list")],
        vec![os("list"), os("--json")],
        vec![os("list"), os("--region"), os("liuzhou")],
        vec![os("show"), os(prefix)],
        vec![os("show"), os(prefix), os("--json")],
        vec![os("show"), os(prefix), os("--width"), os("40")],
        vec![os("search"), os("柳州")],
        vec![os("search"), os("柳州"), os("--json")],
        vec![os("search"), os("keji")],
        vec![os("search"), os(arg)],
        vec![os("search"), os(arg), os("--json")],
        vec![os("figures"), os(prefix)],
        vec![os("figures"), os(prefix), os("--json")],
        vec![os("figures"), raw],
        vec![os("compare"), os("liuzhou"), os("liaocheng")],
        vec![
            os("compare"),
            os("liuzhou"),
            os("liaocheng"),
            os("--markdown"),
        ],
        vec![os("compare"), os("liuzhou"), os("liaocheng"), os("--json")],
        vec![os("import"), raw, os("--dry-run")],
        vec![os("import"), raw, os("--dry-run"), os("--json")],
        vec![os("import"), raw_dir, os("--dry-run")],
        vec![os("bookmarks"), os("list")],
        vec![os("bookmarks"), os("list"), os("--json")],
        vec![os("bookmarks"), os("export")],
        vec![
            os("bookmarks"),
            os("add"),
            os(prefix),
            os("--note"),
            os(arg),
        ],
        vec![os("bookmarks"), os("add"), os(arg)],
        vec![os("bookmarks"), os("remove"), os(arg)],
        vec![os("bookmarks"), os("list")],
        vec![os("check")],
        vec![os("check"), os("--json")],
        vec![os("show"), os(arg)],
        vec![os("list"), os("--region"), os(arg)],
        vec![os("list"), os("--since"), os(arg)],
        vec![os("compare"), os(arg), os("liuzhou")],
    ];
    for args in &commands {
        run_checked(h, args, true);
    }
    // The hostile briefings are whole briefings, not only files skipped, and the comparison
    // has the hostile theme to show: the commands above did show the hostile fields.
    let out = run_checked(h, &[os("list"), os("--json")], true);
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(items.as_array().map(Vec::len), Some(3), "{items}");
    let out = run_checked(
        h,
        &[os("compare"), os("liuzhou"), os("liaocheng"), os("--json")],
        true,
    );
    let c: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(c["themes"][0]["theme"], w.theme.as_str(), "{c}");
    // Bad usage: clap's errors echo the arguments; exit code 2 stays.
    for args in [
        vec![os("show"), os(prefix), os(arg)],
        vec![os("--color"), os(arg), os("list")],
        vec![os(arg)],
        vec![os("list"), os(arg)],
        vec![os("check"), os("--json"), os(arg)],
    ] {
        let out = run_checked(h, &args, true);
        assert_eq!(out.status.code(), Some(2), "brief {args:?}");
    }
    // The config's own `library` value, and a config whose keys are hostile.
    run_checked(
        h,
        &[os("--config"), h.config.as_os_str(), os("check")],
        false,
    );
    run_checked(
        h,
        &[
            os("--config"),
            h.config.as_os_str(),
            os("check"),
            os("--json"),
        ],
        false,
    );
    run_checked(
        h,
        &[os("--config"), h.bad_config.as_os_str(), os("list")],
        false,
    );
    run_checked(
        h,
        &[
            os("--config"),
            h.bad_config.as_os_str(),
            os("--library"),
            h.lib.as_os_str(),
            os("check"),
        ],
        false,
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        // A handful in CI; PROPTEST_CASES=200 for a longer hunt.
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(3),
        failure_persistence: None,
        max_shrink_iters: 64,
        ..ProptestConfig::default()
    })]

    #[test]
    fn no_control_from_any_data_reaches_the_terminal(w in world()) {
        let dir = tempfile::tempdir().unwrap();
        let h = build(dir.path(), &w);
        run_every_command(&h, &w);
    }
}

// ---- Regression tests, named after what broke ----

/// A library holding one good briefing named `name`, and the root it lives under.
fn one_briefing(name: &str, title: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    std::fs::write(
        lib.join(format!("{name}.md")),
        format!(
            "+++\ntitle = {}\ndate = 2024-01-01\nregions = [{{ province = \"广西壮族自治区\", city = \"柳州市\" }}]\n+++\n\n柳州科技创新投入494亿元。\n",
            toml::Value::String(title.into())
        ),
    )
    .unwrap();
    (dir, lib)
}

const ISSUE_NAME: &str = "2024-01-01-a\u{1b}]0;TITLE\u{7}\u{1b}]52;c;QkFTRTY0\u{7}";

fn assert_no_sequence(what: &str, bytes: &[u8]) {
    assert_clean(what, bytes);
    let text = String::from_utf8_lossy(bytes);
    assert!(
        !text.contains("TITLE") && !text.contains("QkFTRTY0"),
        "{what}: {text:?}"
    );
}

#[test]
fn search_does_not_print_escape_from_file_name() {
    let (dir, lib) = one_briefing(ISSUE_NAME, "柳州");
    let out = brief(dir.path())
        .args(["search", "柳州", "--library"])
        .arg(&lib)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_no_sequence("search", &out.stdout);
    assert!(String::from_utf8_lossy(&out.stdout).contains("2024-01-01-a"));
}

#[test]
fn search_snippet_does_not_start_inside_a_sequence() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("2024-01-01-a.md"),
        "+++\ntitle = \"t\"\ndate = 2024-01-01\n+++\n\n\
         甲\u{1b}]0;TITLETITLETITLETITLE\u{7}一二三四五六七八九十柳州科技\n",
    )
    .unwrap();
    let out = brief(dir.path())
        .args(["search", "柳州", "--library"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_no_sequence("search", &out.stdout);
}

#[test]
fn figures_clause_does_not_start_inside_a_sequence() {
    let dir = tempfile::tempdir().unwrap();
    // The `，` inside the OSC string is a clause break.
    std::fs::write(
        dir.path().join("2024-01-01-a.md"),
        "+++\ntitle = \"t\"\ndate = 2024-01-01\n+++\n\n甲\u{1b}]0;TITLE，QkFTRTY0\u{7}柳州投入494亿元。\n",
    )
    .unwrap();
    let out = brief(dir.path())
        .args(["figures", "2024-01-01", "--library"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_no_sequence("figures", &out.stdout);
    assert!(String::from_utf8_lossy(&out.stdout).contains("甲柳州投入494亿元"));
}

#[test]
fn compare_sentence_does_not_start_inside_a_sequence() {
    let (dir, lib) = one_briefing("2024-01-01-a", "柳州");
    std::fs::write(
        lib.join("2024-01-02-b.md"),
        "+++\ntitle = \"t\"\ndate = 2024-01-02\nregions = [{ province = \"广西壮族自治区\", city = \"柳州市\" }]\n+++\n\n\
         柳州\u{1b}]0;TITLE；QkFTRTY0\u{7}科技创新投入增长了百分之十二。\n",
    )
    .unwrap();
    for extra in [None, Some("--markdown")] {
        let out = brief(dir.path())
            .args(["compare", "liuzhou", "liaocheng", "--library"])
            .arg(&lib)
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_no_sequence("compare", &out.stdout);
    }
}

#[test]
fn bookmarks_add_does_not_print_escape_from_file_name() {
    let (dir, lib) = one_briefing(ISSUE_NAME, "柳州");
    let out = brief(dir.path())
        .args(["bookmarks", "add", "2024-01-01", "--library"])
        .arg(&lib)
        .arg("--state")
        .arg(dir.path().join("state.toml"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_no_sequence("bookmarks add", &out.stderr);
    // The state keeps the id as it is: it names the file.
    let state = std::fs::read_to_string(dir.path().join("state.toml")).unwrap();
    assert!(state.contains("TITLE"), "{state}");
}

fn state_with(dir: &Path, id: &str, briefing: &str) -> PathBuf {
    let at = Utc.with_ymd_and_hms(2024, 6, 1, 8, 0, 0).unwrap();
    let state = State {
        bookmarks: vec![Bookmark {
            id: id.into(),
            briefing: briefing.into(),
            paragraph: None,
            quote: None,
            note: "第一行\r\n\u{1b}]0;TITLE\u{7}第二行\u{202e}".into(),
            created: at,
            updated: at,
        }],
        ..State::default()
    };
    let path = dir.join("state.toml");
    std::fs::write(&path, toml::to_string(&state).unwrap()).unwrap();
    path
}

#[test]
fn bookmarks_list_does_not_print_escape_from_state_ids() {
    let (dir, lib) = one_briefing("2024-01-01-a", "柳州");
    let state = state_with(dir.path(), ISSUE_NAME, "2024-01-01-a");
    let out = brief(dir.path())
        .args(["bookmarks", "list", "--library"])
        .arg(&lib)
        .arg("--state")
        .arg(&state)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_no_sequence("bookmarks list", &out.stdout);
}

#[test]
fn bookmarks_export_does_not_print_escape_from_orphaned_id() {
    let (dir, lib) = one_briefing("2024-01-01-a", "柳州");
    let state = state_with(dir.path(), "b1", ISSUE_NAME);
    let out = brief(dir.path())
        .args(["bookmarks", "export", "--library"])
        .arg(&lib)
        .arg("--state")
        .arg(&state)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_no_sequence("bookmarks export", &out.stdout);
}

#[test]
fn compare_does_not_print_escape_from_theme_names() {
    let (dir, lib) = one_briefing("2024-01-01-a", "柳州");
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[[themes]]\nname = \"科技\\u001b]0;TITLE\\u0007\\u202e\"\nkeywords = [\"科技创新\"]\n",
    )
    .unwrap();
    for extra in [None, Some("--markdown")] {
        let out = brief(dir.path())
            .args(["compare", "liuzhou", "liaocheng", "--library"])
            .arg(&lib)
            .arg("--config")
            .arg(&config)
            .args(extra)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        assert_no_sequence("compare", &out.stdout);
        assert!(String::from_utf8_lossy(&out.stdout).contains("科技"));
    }
}

#[test]
fn check_does_not_print_escape_from_config_library() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "library = \"x\\u001b]0;TITLE\\u0007y\"\n").unwrap();
    let out = brief(dir.path())
        .arg("--config")
        .arg(&config)
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_no_sequence("check (stdout)", &out.stdout);
    assert_no_sequence("check (stderr)", &out.stderr);
    assert!(String::from_utf8_lossy(&out.stdout).contains("xy: there is no library folder"));
}

#[test]
fn import_messages_do_not_print_escape_from_file_names() {
    let dir = tempfile::tempdir().unwrap();
    let raw = dir.path().join(format!("{ISSUE_NAME}.txt"));
    std::fs::write(&raw, "柳州新能源汽车产量77.6万辆\n\n正文。\n").unwrap();
    let missing = dir.path().join(format!("{ISSUE_NAME}-missing.txt"));
    let out = brief(dir.path())
        .args(["import", "--dry-run"])
        .arg(&raw)
        .arg(&missing)
        .output()
        .unwrap();
    assert_no_sequence("import (stdout)", &out.stdout);
    assert_no_sequence("import (stderr)", &out.stderr);
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn json_escapes_del_c1_bidi_and_zero_width() {
    let (dir, lib) = one_briefing(
        "2024-01-01-a",
        "柳\u{7f}州\u{85}市\u{202e}新\u{200b}闻\u{9b}31m",
    );
    let out = brief(dir.path())
        .args(["list", "--json", "--library"])
        .arg(&lib)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_clean_json("list --json", &out.stdout);
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    for escaped in ["\\u007f", "\\u0085", "\\u202e", "\\u200b", "\\u009b"] {
        assert!(text.contains(escaped), "{escaped} in {text}");
    }
    // Escaped, not lost: the title parses back exactly.
    let items: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        items[0]["title"],
        "柳\u{7f}州\u{85}市\u{202e}新\u{200b}闻\u{9b}31m"
    );
}

#[test]
fn list_rows_are_not_split_by_line_breaks_in_titles() {
    let (dir, lib) = one_briefing(
        "2024-01-01-a",
        "第一行\r\n第二行\r第三行\n第四行\u{2028}第五行",
    );
    let out = brief(dir.path())
        .args(["list", "--library"])
        .arg(&lib)
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1, "{text:?}");
    assert!(
        text.contains("第一行 第二行 第三行 第四行 第五行"),
        "{text:?}"
    );
}

#[test]
fn clap_does_not_echo_escape_from_arguments() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["show", "a", "x\u{1b}]0;TITLE\u{7}y"],
        vec!["--color", "\u{1b}]52;c;QkFTRTY0\u{7}"],
        vec!["\u{1b}[2J\u{202e}"],
    ] {
        let out = brief(dir.path()).args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_no_sequence("clap error", &out.stderr);
        assert!(String::from_utf8_lossy(&out.stderr).contains("error:"));
    }
}

#[test]
fn colour_output_holds_only_the_writers_own_sequences() {
    let (dir, lib) = one_briefing(ISSUE_NAME, "柳州\u{1b}[2J标题\u{9b}1m");
    let out = brief(dir.path())
        .args(["--color", "always", "list", "--library"])
        .arg(&lib)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("\u{1b}[1m柳州标题\u{1b}[0m"), "{text:?}");
    let sgr = regex::Regex::new("\u{1b}\\[[0-9;]*m").unwrap();
    assert_no_sequence("list --color always", sgr.replace_all(&text, "").as_bytes());
}

/// A library with `n` files that do not parse, so that `skipped` and `check` say a lot.
fn many_bad_files(n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    for i in 0..n {
        std::fs::write(
            lib.join(format!("2024-01-01-bad-{i:05}.md")),
            "not a briefing\n",
        )
        .unwrap();
    }
    (dir, lib)
}

/// Runs `brief args` with stdout or stderr a pipe closed before anything is written.
fn with_closed_pipe(root: &Path, args: &[&std::ffi::OsStr], close_stdout: bool) -> Option<i32> {
    use std::process::Stdio;
    let bin = assert_cmd::cargo::cargo_bin("brief");
    let mut cmd = std::process::Command::new(bin);
    cmd.args(args)
        .current_dir(root)
        .env("XDG_CONFIG_HOME", root.join("xdg-config"))
        .env("XDG_STATE_HOME", root.join("xdg-state"))
        .env("XDG_CACHE_HOME", root.join("xdg-cache"))
        .env_remove("BRIEF_LIBRARY")
        .env_remove("BRIEF_STATE")
        .stdin(Stdio::null());
    if close_stdout {
        cmd.stdout(Stdio::piped()).stderr(Stdio::null());
    } else {
        cmd.stdout(Stdio::null()).stderr(Stdio::piped());
    }
    let mut child = cmd.spawn().unwrap();
    // Closing the reading end at once: the first write meets a closed pipe.
    drop(child.stdout.take());
    drop(child.stderr.take());
    child.wait().unwrap().code()
}

#[test]
fn check_into_a_closed_pipe_exits_quietly() {
    let (dir, lib) = many_bad_files(1500);
    let code = with_closed_pipe(
        dir.path(),
        &[os("check"), os("--library"), lib.as_os_str()],
        true,
    );
    assert_eq!(code, Some(0));
}

#[test]
fn skipped_messages_into_a_closed_stderr_exit_quietly() {
    let (dir, lib) = many_bad_files(1500);
    let code = with_closed_pipe(
        dir.path(),
        &[os("list"), os("--library"), lib.as_os_str()],
        false,
    );
    assert_eq!(code, Some(0));
}

#[test]
fn check_with_a_bad_config_honours_library() {
    let (dir, lib) = one_briefing("2024-01-01-a", "柳州");
    std::fs::write(lib.join("2024-01-02-bad.md"), "not a briefing\n").unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "libary = \"x\"\n").unwrap();
    let out = brief(dir.path())
        .arg("--config")
        .arg(&config)
        .arg("check")
        .arg("--library")
        .arg(&lib)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("config.toml:1: unknown field `libary`"),
        "{text}"
    );
    assert!(text.contains("2024-01-02-bad.md:1:"), "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("checked 1 briefings in {}", lib.display())),
        "{err}"
    );
}

#[test]
fn check_reports_an_unknown_region_on_its_own_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("2024-01-01-a.md"),
        "+++\ntitle = \"火星市与柳州\"\ndate = 2024-01-01\nregions = [\n  \
         { province = \"广西壮族自治区\", city = \"柳州市\" },\n  \
         { province = \"\\u706b\\u661f\", city = \"\" },\n]\n+++\n\n正文。\n",
    )
    .unwrap();
    let out = brief(dir.path())
        .args(["check", "--library"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("2024-01-01-a.md:6: unknown region 火星 / "),
        "{text}"
    );
}

#[test]
fn an_os_error_is_printed_once() {
    let dir = tempfile::tempdir().unwrap();
    // A state file under a regular file: reading it fails with ENOTDIR.
    let file = dir.path().join("f");
    std::fs::write(&file, "").unwrap();
    let out = brief(dir.path())
        .args(["bookmarks", "list", "--state"])
        .arg(file.join("state.toml"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("(os error").count(), 1, "{err}");
}
