//! The keys that reach outside brief (edit, reload, copy, open), driven through the real key
//! map: what `App` asks the event loop for and what it makes of the answer. No terminal: the
//! pty tests in `e2e.rs` run the same keys in the real binary.
#![cfg(feature = "tui")]

use brief::briefing::load_library;
use brief::config::Config;
use brief::keymap::Key;
use brief::tui::{App, Depth, Driver, Outcome, Request, Screen};
use ratatui::layout::Rect;
use std::path::{Path, PathBuf};

const LIUZHOU: &str = "2025-07-28-liuzhou-zhongguowangzhuanfang";

/// A copy of the shipped library in a folder of the test's own.
fn library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for e in std::fs::read_dir("briefings").unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    dir
}

fn app_over(dir: &Path) -> Driver {
    let lib = load_library(dir).unwrap();
    Driver::new(App::new(
        lib,
        Config::default(),
        Depth::Palette256,
        Rect::new(0, 0, 80, 24),
    ))
}

fn press(app: &mut Driver, keys: &[&str]) {
    for k in keys {
        app.handle_key(Key::parse(k).unwrap());
    }
}

fn selected_id(app: &App) -> Option<String> {
    app.views
        .library
        .selected_briefing()
        .map(|i| app.lib.briefings[i].id.clone())
}

fn reading(app: &App) -> String {
    let r = app.views.reader.as_ref().expect("a briefing open");
    app.lib.briefings[r.briefing].id.clone()
}

/// Opens briefing `id` in the reader from the library list.
fn open(app: &mut Driver, id: &str) {
    press(app, &["l"]);
    for _ in 0..app.views.library.items.len() {
        if selected_id(app).as_deref() == Some(id) {
            break;
        }
        press(app, &["j"]);
    }
    assert_eq!(selected_id(app).as_deref(), Some(id));
    press(app, &["enter"]);
    assert_eq!(app.screen, Screen::Reader);
}

fn file_of(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!("{id}.md"))
}

#[test]
fn reload_sees_a_file_added_on_disk_and_keeps_the_selection_by_id() {
    let dir = library();
    let mut app = app_over(dir.path());
    press(&mut app, &["l", "j", "j"]);
    let before = selected_id(&app).unwrap();
    let count = app.lib.briefings.len();
    // A newer briefing sorts first, so every index moves by one.
    let text = std::fs::read_to_string(file_of(dir.path(), LIUZHOU)).unwrap();
    std::fs::write(
        dir.path().join("2026-11-30-liuzhou-added.md"),
        text.replace("date = 2025-07-28", "date = 2026-11-30"),
    )
    .unwrap();
    press(&mut app, &["r"]);
    assert_eq!(app.lib.briefings.len(), count + 1);
    assert_eq!(selected_id(&app).as_deref(), Some(before.as_str()));
    let message = app.message.clone().unwrap_or_default();
    assert!(message.contains("1 new"), "{message}");
    assert!(
        app.lib
            .briefings
            .iter()
            .any(|b| b.id == "2026-11-30-liuzhou-added")
    );
}

#[test]
fn reload_in_the_reader_keeps_the_briefing_and_the_place_or_says_it_went() {
    let dir = library();
    let mut app = app_over(dir.path());
    open(&mut app, LIUZHOU);
    press(&mut app, &["j", "j", "j", "j", "j"]);
    let scroll = app.views.reader.as_ref().unwrap().scroll;
    assert!(scroll > 0);
    std::fs::remove_file(file_of(dir.path(), "2024-01-01-yixintizhi")).unwrap();
    press(&mut app, &["r"]);
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(reading(&app), LIUZHOU);
    assert_eq!(app.views.reader.as_ref().unwrap().scroll, scroll);
    assert!(
        app.message
            .as_deref()
            .unwrap_or_default()
            .contains("1 gone")
    );
    // The briefing being read goes: back to the library, and said so.
    std::fs::remove_file(file_of(dir.path(), LIUZHOU)).unwrap();
    press(&mut app, &["r"]);
    assert_eq!(app.screen, Screen::Library);
    let message = app.message.clone().unwrap_or_default();
    assert!(
        message.contains(&format!("{LIUZHOU} is no longer there")),
        "{message}"
    );
}

#[test]
fn edit_asks_for_the_editor_on_the_file_and_reads_the_briefing_again_after() {
    let dir = library();
    let mut app = app_over(dir.path());
    open(&mut app, LIUZHOU);
    press(&mut app, &["v"]);
    let path = file_of(dir.path(), LIUZHOU);
    assert_eq!(
        app.take_request(),
        Some(Request::Edit { path: path.clone() })
    );
    // What the editor did: a new title.
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replace("中国网专访 | ", "改过的标题 ")).unwrap();
    app.finish(Outcome::Edited {
        path,
        ran: Ok(Some(0)),
    });
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(reading(&app), LIUZHOU);
    let r = app.views.reader.as_ref().unwrap();
    assert!(
        r.lines[0].text.starts_with("改过的标题"),
        "{:?}",
        r.lines[0]
    );
    let message = app.message.clone().unwrap_or_default();
    assert!(
        message.contains(&format!("{LIUZHOU}.md read again")),
        "{message}"
    );
}

#[test]
fn a_bad_edit_is_reported_with_file_and_line_and_nothing_is_lost() {
    let dir = library();
    let mut app = app_over(dir.path());
    open(&mut app, LIUZHOU);
    press(&mut app, &["v"]);
    let path = file_of(dir.path(), LIUZHOU);
    assert!(app.take_request().is_some());
    let text = std::fs::read_to_string(&path).unwrap();
    let broken = text.replace("date = 2025-07-28", "date = \"七月\"");
    std::fs::write(&path, &broken).unwrap();
    app.finish(Outcome::Edited {
        path: path.clone(),
        ran: Ok(Some(0)),
    });
    let message = app.message.clone().unwrap_or_default();
    assert!(
        message.starts_with(&format!("{LIUZHOU}.md:3: ")),
        "{message}"
    );
    assert!(message.contains("your edit is kept"), "{message}");
    // The briefing as it was stays open; the file keeps the edit.
    assert_eq!(app.screen, Screen::Reader);
    assert_eq!(reading(&app), LIUZHOU);
    assert!(
        app.views.reader.as_ref().unwrap().lines[0]
            .text
            .starts_with("中国网专访")
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
    // An editor that cannot start changes nothing and says so.
    app.finish(Outcome::Edited {
        path,
        ran: Err("cannot start the editor nosuch: not found (set VISUAL or EDITOR)".into()),
    });
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("set VISUAL or EDITOR")
    );
}

#[test]
fn edit_works_on_the_briefing_selected_in_the_library() {
    let dir = library();
    let mut app = app_over(dir.path());
    press(&mut app, &["l", "j"]);
    let id = selected_id(&app).unwrap();
    press(&mut app, &["v"]);
    assert_eq!(
        app.take_request(),
        Some(Request::Edit {
            path: file_of(dir.path(), &id)
        })
    );
}

#[test]
fn copy_takes_the_passage_in_view_or_the_figure_jumped_to() {
    let dir = library();
    let mut app = app_over(dir.path());
    open(&mut app, LIUZHOU);
    let b = app.lib.briefings[app.views.reader.as_ref().unwrap().briefing].clone();
    // The title in view: the title and where it is from.
    press(&mut app, &["y"]);
    let Some(Request::Copy { text, what }) = app.take_request() else {
        panic!("no copy asked: {:?}", app.message);
    };
    assert_eq!(what, "the title");
    assert!(text.starts_with(&b.meta.title), "{text}");
    // Scrolled into the body: the paragraph at the top, then where it is from.
    press(&mut app, &["j", "j", "j"]);
    press(&mut app, &["y"]);
    let Some(Request::Copy { text, what }) = app.take_request() else {
        panic!("no copy asked");
    };
    assert!(what.starts_with("paragraph "), "{what}");
    let (first, last) = text.split_once("\n\n").unwrap();
    assert!(b.body.contains(first), "{first}");
    assert!(
        last.starts_with("— 中国网专访") && last.contains("中国网 · 2025-07-28"),
        "{last}"
    );
    // A figure jumped to: the figure, what it measures, its sentence.
    press(&mut app, &["]"]);
    let r = app.views.reader.as_ref().unwrap();
    let fig = r.figures[r.current.unwrap()].text.clone();
    press(&mut app, &["y"]);
    let Some(Request::Copy { text, what }) = app.take_request() else {
        panic!("no copy asked");
    };
    assert_eq!(what, format!("the figure {fig}"));
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with(&fig), "{text}");
    assert!(
        lines[1].contains(&fig) && b.body.contains(lines[1]),
        "{text}"
    );
    // Elsewhere there is nothing to copy.
    press(&mut app, &["esc", "y"]);
    assert_eq!(app.take_request(), None);
    assert!(
        app.message
            .as_deref()
            .unwrap_or_default()
            .contains("open a briefing")
    );
}

#[test]
fn open_url_checks_the_address_first() {
    let dir = library();
    let path = file_of(dir.path(), LIUZHOU);
    let text = std::fs::read_to_string(&path).unwrap();
    let with_url = |url: &str| {
        text.replacen(
            "source = \"中国网\"\n",
            &format!("source = \"中国网\"\nurl = \"{url}\"\n"),
            1,
        )
    };
    // No url: said so.
    let mut app = app_over(dir.path());
    open(&mut app, LIUZHOU);
    press(&mut app, &["o"]);
    assert_eq!(app.take_request(), None);
    assert!(app.message.as_deref().unwrap().contains("has no url"));
    // A web address: percent-encoded, handed over.
    std::fs::write(
        &path,
        with_url("https://news.example.cn/柳州/2025?id=1&p=2"),
    )
    .unwrap();
    press(&mut app, &["r", "o"]);
    assert_eq!(
        app.take_request(),
        Some(Request::Open {
            url: "https://news.example.cn/%E6%9F%B3%E5%B7%9E/2025?id=1&p=2".into()
        })
    );
    // Not a web address: refused, with the reason.
    std::fs::write(&path, with_url("javascript:alert(1)")).unwrap();
    press(&mut app, &["r", "o"]);
    assert_eq!(app.take_request(), None);
    assert!(
        app.message
            .as_deref()
            .unwrap()
            .contains("not a web address")
    );
}

#[test]
fn the_new_keys_are_in_help_and_can_be_rebound() {
    let config = Config::from_toml(
        "[keys]\n\"v\" = \"none\"\n\"E\" = \"edit\"\n\"ctrl-y\" = \"copy\"\n",
        Path::new("user.toml"),
    )
    .unwrap();
    let lib = load_library(Path::new("briefings")).unwrap();
    let mut app = Driver::new(App::new(
        lib,
        config,
        Depth::Palette256,
        Rect::new(0, 0, 80, 24),
    ));
    let help = app.keymap.help();
    for (action, key) in [
        (brief::keymap::Action::Edit, "E"),
        (brief::keymap::Action::Reload, "r"),
        (brief::keymap::Action::Copy, "ctrl-y"),
        (brief::keymap::Action::OpenUrl, "o"),
    ] {
        let row = help.iter().find(|(a, _, _)| *a == action).expect("in help");
        assert!(row.1.iter().any(|k| k.to_string() == key), "{action:?}");
    }
    press(&mut app, &["l", "v"]);
    assert_eq!(app.take_request(), None, "v no longer edits");
    press(&mut app, &["E"]);
    assert!(matches!(app.take_request(), Some(Request::Edit { .. })));
}

#[test]
fn reload_keeps_the_folded_provinces_folded() {
    let dir = library();
    let mut app = app_over(dir.path());
    press(&mut app, &["Z"]);
    let folded = app.views.library.folded.clone();
    assert!(!folded.is_empty(), "Z folds every province");
    press(&mut app, &["r"]);
    assert_eq!(app.views.library.folded, folded);
}
