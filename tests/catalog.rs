//! The library catalog in the cache folder, through the real binary: what `brief list` shows
//! always agrees with the files, whatever happened to the catalog.

use assert_cmd::Command;
use std::path::Path;

fn brief(cache: &Path, library: &Path) -> Command {
    let mut c = Command::cargo_bin("brief").unwrap();
    c.env_remove("BRIEF_LIBRARY")
        .env("XDG_CONFIG_HOME", "/nonexistent/brief-test-config")
        .env("XDG_DATA_HOME", "/nonexistent/brief-test-data")
        .env("XDG_CACHE_HOME", cache)
        .arg("--library")
        .arg(library);
    c
}

fn titles(cache: &Path, library: &Path) -> Vec<String> {
    let out = brief(cache, library)
        .args(["list", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|b| format!("{} {}", b["title"].as_str().unwrap(), b["figures"]))
        .collect()
}

fn write(dir: &Path, name: &str, title: &str, date: &str, body: &str) {
    std::fs::write(
        dir.join(name),
        format!("+++\ntitle = \"{title}\"\ndate = {date}\n+++\n\n{body}\n"),
    )
    .unwrap();
}

fn library() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "2024-01-01-a.md",
        "甲",
        "2024-01-01",
        "产量77.6万辆。",
    );
    write(
        dir.path(),
        "2024-02-01-b.md",
        "乙",
        "2024-02-01",
        "增长15.1%,投资494亿元。",
    );
    dir
}

#[test]
fn list_sees_every_edit_addition_and_deletion() {
    let lib = library();
    let cache = tempfile::tempdir().unwrap();
    assert_eq!(titles(cache.path(), lib.path()), ["乙 2", "甲 1"]);
    write(lib.path(), "2024-01-01-a.md", "甲改", "2024-01-01", "无。");
    write(
        lib.path(),
        "2024-03-01-c.md",
        "丙",
        "2024-03-01",
        "产量1.2万亿元。",
    );
    std::fs::remove_file(lib.path().join("2024-02-01-b.md")).unwrap();
    assert_eq!(titles(cache.path(), lib.path()), ["丙 1", "甲改 0"]);
}

#[test]
fn a_corrupt_catalog_or_a_killed_write_gives_the_right_list() {
    let lib = library();
    let cache = tempfile::tempdir().unwrap();
    let right = titles(cache.path(), lib.path());
    let folder = cache.path().join("brief");
    let file = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "bin"))
        .expect("a catalog was written");
    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(file.with_extension("tmp4242"), &bytes[..bytes.len() / 3]).unwrap();
    assert_eq!(titles(cache.path(), lib.path()), right);
    std::fs::write(&file, &bytes[..bytes.len() - 5]).unwrap();
    assert_eq!(titles(cache.path(), lib.path()), right);
    std::fs::write(&file, b"garbage").unwrap();
    assert_eq!(titles(cache.path(), lib.path()), right);
    brief(cache.path(), lib.path())
        .args(["index", "--rebuild"])
        .assert()
        .success()
        .stderr(predicates::str::contains("catalog of 2 briefings: 2 read"));
    // The killed write's temporary file went with the next write (under the lock, every
    // temporary is of a write that ended).
    assert!(!file.with_extension("tmp4242").exists());
}

#[test]
fn index_rebuild_writes_the_search_text_afresh() {
    let lib = library();
    let cache = tempfile::tempdir().unwrap();
    let right = hits(cache.path(), lib.path(), "亿元");
    let file = folded_file(cache.path());
    let whole = std::fs::read(&file).unwrap();
    std::fs::write(&file, b"garbage").unwrap();
    brief(cache.path(), lib.path())
        .args(["index", "--rebuild"])
        .assert()
        .success()
        .stderr(predicates::str::contains("search text kept in"));
    assert_eq!(std::fs::read(&file).unwrap().len(), whole.len());
    assert_eq!(hits(cache.path(), lib.path(), "亿元"), right);
}

#[cfg(unix)]
#[test]
fn a_read_only_cache_folder_still_lists() {
    use std::os::unix::fs::PermissionsExt;
    let lib = library();
    let cache = tempfile::tempdir().unwrap();
    std::fs::set_permissions(cache.path(), std::fs::Permissions::from_mode(0o555)).unwrap();
    let listed = titles(cache.path(), lib.path());
    std::fs::set_permissions(cache.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(listed, ["乙 2", "甲 1"]);
}

/// A fresh account has no `~/.cache`: the catalog was never written, so every command read
/// every file again. The cache home is made (owner only); a tree above it that is missing
/// is never made.
#[cfg(unix)]
#[test]
fn a_missing_cache_home_is_made_but_not_a_missing_tree_above_it() {
    use std::os::unix::fs::PermissionsExt;
    let lib = library();
    let home = cache_folder();
    let cache = home.path().join(".cache");
    let out = brief(&cache, lib.path()).arg("index").output().unwrap();
    assert!(out.status.success());
    let kept: Vec<_> = std::fs::read_dir(cache.join("brief"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(kept.iter().any(|n| n.ends_with(".bin")), "{kept:?}");
    let mode = std::fs::metadata(&cache).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700);
    let nowhere = home.path().join("gone").join(".cache");
    assert_eq!(titles(&nowhere, lib.path()), ["乙 2", "甲 1"]);
    assert!(!home.path().join("gone").exists());
}

/// Sets a file's modification time `secs` seconds back, so its stamp may be trusted.
fn age(path: &Path, secs: u64) {
    let t = std::time::SystemTime::now() - std::time::Duration::from_secs(secs);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(t)
        .unwrap();
}

/// `brief search --json`: each hit as id, field and matched range.
fn hits(cache: &Path, library: &Path, query: &str) -> Vec<String> {
    let out = brief(cache, library)
        .args(["search", query, "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|h| {
            format!(
                "{} {} {}..{} {}",
                h["id"].as_str().unwrap(),
                h["field"].as_str().unwrap(),
                h["start"],
                h["end"],
                h["snippet"].as_str().unwrap()
            )
        })
        .collect()
}

fn folded_file(cache: &Path) -> std::path::PathBuf {
    std::fs::read_dir(cache.join("brief"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "fold"))
        .expect("the folded bodies were kept")
}

#[test]
fn search_sees_every_edit_addition_and_deletion_of_a_kept_body() {
    let lib = library();
    for f in ["2024-01-01-a.md", "2024-02-01-b.md"] {
        age(&lib.path().join(f), 120);
    }
    let cache = tempfile::tempdir().unwrap();
    assert_eq!(
        hits(cache.path(), lib.path(), "万辆"),
        ["2024-01-01-a body 6..8 产量77.6万辆。"]
    );
    folded_file(cache.path());
    // Kept and trusted now: the second search answers from the cache.
    assert_eq!(
        hits(cache.path(), lib.path(), "万辆"),
        ["2024-01-01-a body 6..8 产量77.6万辆。"]
    );
    // Same size and front matter, another body, an older time: only the stamp tells.
    write(
        lib.path(),
        "2024-01-01-a.md",
        "甲",
        "2024-01-01",
        "产量77.6万吨。",
    );
    age(&lib.path().join("2024-01-01-a.md"), 60);
    write(
        lib.path(),
        "2024-03-01-c.md",
        "丙",
        "2024-03-01",
        "销量3万辆。",
    );
    age(&lib.path().join("2024-03-01-c.md"), 60);
    assert_eq!(
        hits(cache.path(), lib.path(), "万辆"),
        ["2024-03-01-c body 3..5 销量3万辆。"]
    );
    std::fs::remove_file(lib.path().join("2024-03-01-c.md")).unwrap();
    assert!(hits(cache.path(), lib.path(), "万辆").is_empty());
    assert_eq!(
        hits(cache.path(), lib.path(), "wandun").len(),
        1,
        "pinyin on kept bodies"
    );
}

#[test]
fn a_corrupt_or_foreign_folded_file_gives_the_right_hits() {
    let lib = library();
    for f in ["2024-01-01-a.md", "2024-02-01-b.md"] {
        age(&lib.path().join(f), 120);
    }
    let cache = tempfile::tempdir().unwrap();
    let queries = ["万辆", "亿元", "touzi", "zengzhang", "甲"];
    let right: Vec<Vec<String>> = queries
        .iter()
        .map(|q| hits(cache.path(), lib.path(), q))
        .collect();
    assert_eq!(right[0].len(), 1);
    assert_eq!(right[2].len(), 1);
    let file = folded_file(cache.path());
    let whole = std::fs::read(&file).unwrap();
    let damaged: Vec<Vec<u8>> = vec![
        whole[..whole.len() / 2].to_vec(),
        whole[..whole.len() - 1].to_vec(),
        Vec::new(),
        b"garbage".to_vec(),
        {
            // A flipped bit inside a kept body.
            let mut b = whole.clone();
            let at = b.len() - 20;
            b[at] ^= 0x01;
            b
        },
        {
            let mut b = whole.clone();
            b[8] = 99; // a foreign format
            b
        },
        {
            // A flipped bit in the directory: a text's place, stamp or checksum.
            let mut b = whole.clone();
            b[60] ^= 0x04;
            b
        },
    ];
    for bytes in damaged {
        assert_ne!(bytes, whole);
        std::fs::write(&file, &bytes).unwrap();
        // A write killed before its rename leaves a temporary file, never read.
        std::fs::write(file.with_extension("tmp4242"), &bytes).unwrap();
        for (q, want) in queries.iter().zip(&right) {
            assert_eq!(&hits(cache.path(), lib.path(), q), want, "{q}");
        }
        assert_eq!(std::fs::read(&file).unwrap(), whole, "rebuilt as it was");
    }
}

/// `brief show ID --json`: title and body.
fn shown(cache: &Path, library: &Path, id: &str) -> (String, String) {
    let out = brief(cache, library)
        .args(["show", id, "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    (
        v["title"].as_str().unwrap().to_string(),
        v["body"].as_str().unwrap().trim().to_string(),
    )
}

#[test]
fn show_and_figures_through_the_catalog_see_edits_additions_and_deletions() {
    let lib = library();
    for f in ["2024-01-01-a.md", "2024-02-01-b.md"] {
        age(&lib.path().join(f), 120);
    }
    let cache = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    assert_eq!(
        shown(cache.path(), lib.path(), "2024-01"),
        ("甲".into(), "产量77.6万辆。".into())
    );
    // Same size, another title and body, an older time: only the stamp tells.
    write(
        lib.path(),
        "2024-01-01-a.md",
        "丁",
        "2024-01-01",
        "产量66.6万吨。",
    );
    age(&lib.path().join("2024-01-01-a.md"), 60);
    assert_eq!(
        shown(cache.path(), lib.path(), "2024-01"),
        ("丁".into(), "产量66.6万吨。".into())
    );
    brief(cache.path(), lib.path())
        .args(["figures", "2024-01-01-a"])
        .assert()
        .success()
        .stdout(predicates::str::contains("66.6万吨"));
    // A new briefing whose id shares the prefix makes it ambiguous; its deletion, unique again.
    write(lib.path(), "2024-01-09-d.md", "戊", "2024-01-09", "无。");
    brief(cache.path(), lib.path())
        .args(["show", "2024-01"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("matches several briefings"));
    std::fs::remove_file(lib.path().join("2024-01-09-d.md")).unwrap();
    assert_eq!(shown(cache.path(), lib.path(), "2024-01").0, "丁");
    std::fs::remove_file(lib.path().join("2024-01-01-a.md")).unwrap();
    brief(cache.path(), lib.path())
        .args(["show", "2024-01"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("no briefing has the id"));
}

/// A cache folder under the build's own temporary folder, never the user's.
fn cache_folder() -> tempfile::TempDir {
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap()
}

#[test]
fn a_library_from_the_catalog_reads_a_body_when_asked_and_says_when_it_cannot() {
    let lib_dir = library();
    for f in ["2024-01-01-a.md", "2024-02-01-b.md"] {
        age(&lib_dir.path().join(f), 10);
    }
    let cache = cache_folder();
    let read = brief::briefing::load_library(lib_dir.path()).unwrap();
    for _ in 0..2 {
        // A first build, then from the catalog kept.
        let (lib, _) =
            brief::briefing::open_library_lazily(lib_dir.path(), Some(cache.path()), &|_, _| {})
                .unwrap();
        assert!(lib.bodies_on_demand());
        assert!(
            lib.briefings.iter().all(|b| b.body.is_empty()),
            "no body read"
        );
        assert_eq!(lib.bodies_read(), 0);
        for (i, b) in read.briefings.iter().enumerate() {
            assert_eq!(lib.briefings[i].meta, b.meta);
            assert_eq!(lib.figure_count(i), read.figure_count(i));
            assert_eq!(lib.body(i).unwrap(), b.body);
        }
        assert_eq!(read.figure_count(0), 2, "乙: 15.1% and 494亿元");
    }
    let (lib, _) =
        brief::briefing::open_library_lazily(lib_dir.path(), Some(cache.path()), &|_, _| {})
            .unwrap();
    // Changed and gone since the library was listed: what the file says now, or why not.
    write(
        lib_dir.path(),
        "2024-02-01-b.md",
        "乙",
        "2024-02-01",
        "改过了。",
    );
    std::fs::remove_file(lib_dir.path().join("2024-01-01-a.md")).unwrap();
    assert_eq!(lib.body(0).unwrap(), "改过了。");
    let gone = lib.body(1).unwrap_err();
    assert!(
        gone.starts_with("2024-01-01-a is gone or changed: "),
        "{gone}"
    );
    assert_eq!(
        lib.body(1).unwrap_err(),
        gone,
        "asked again: the same answer"
    );
    assert!(lib.body(2).is_err(), "no such briefing is no panic");
}

#[test]
fn the_index_from_kept_text_answers_as_the_index_from_the_files() {
    use brief::search::Index;
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    let read = brief::briefing::load_library(&shipped).unwrap();
    let from_files = Index::build(&read);
    let cache = cache_folder();
    for round in ["first build", "kept"] {
        let (lib, _) =
            brief::briefing::open_library_lazily(&shipped, Some(cache.path()), &|_, _| {}).unwrap();
        let kept = Index::build_kept(&lib);
        for q in [
            "柳州",
            "liuzhou",
            "lz",
            "新能源 汽车",
            "增长",
            "xny",
            "數字",
            "zz",
        ] {
            assert_eq!(kept.search(q), from_files.search(q), "{round}: {q}");
            for i in 0..lib.briefings.len() {
                assert_eq!(kept.body_matches(i, q), from_files.body_matches(i, q));
            }
        }
        assert_eq!(lib.bodies_read(), 0, "{round}: the index read no body file");
        assert!(lib.build_progress().is_none(), "no build under way");
    }
    assert!(
        std::fs::read_dir(cache.path()).unwrap().any(|e| e
            .unwrap()
            .path()
            .extension()
            .is_some_and(|x| x == "fold")),
        "the folded bodies were kept"
    );
}

#[test]
fn a_body_hit_whose_file_changed_since_it_was_searched_says_so_in_its_snippet() {
    use brief::search::{Field, Index};
    let lib_dir = library();
    for f in ["2024-01-01-a.md", "2024-02-01-b.md"] {
        age(&lib_dir.path().join(f), 10);
    }
    let cache = cache_folder();
    let (lib, _) =
        brief::briefing::open_library_lazily(lib_dir.path(), Some(cache.path()), &|_, _| {})
            .unwrap();
    let index = Index::build_kept(&lib);
    let hits = index.search("投资");
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].field, Field::Body);
    // Unchanged: the match itself.
    let (again, _) =
        brief::briefing::open_library_lazily(lib_dir.path(), Some(cache.path()), &|_, _| {})
            .unwrap();
    let (listed, _) =
        brief::briefing::open_library_lazily(lib_dir.path(), Some(cache.path()), &|_, _| {})
            .unwrap();
    let s = index.snippet(&again, &hits[0]);
    assert_eq!(
        s.text
            .chars()
            .skip(s.matched.start)
            .take(2)
            .collect::<String>(),
        "投资"
    );
    // Changed before the body was read for the snippet: said, not shown at wrong offsets.
    write(
        lib_dir.path(),
        "2024-02-01-b.md",
        "乙",
        "2024-02-01",
        "另一段文字。",
    );
    let s = index.snippet(&lib, &hits[0]);
    assert_eq!(s.text, "(the text has changed since it was searched)");
    // Gone since the library was listed.
    std::fs::remove_file(lib_dir.path().join("2024-02-01-b.md")).unwrap();
    let s = index.snippet(&listed, &hits[0]);
    assert!(
        s.text.starts_with("(2024-02-01-b is gone or changed: "),
        "{}",
        s.text
    );
    assert_eq!(s.matched, 0..0);
}

#[test]
fn the_catalog_as_last_written_is_read_unchecked_and_none_without_one_or_damaged() {
    use brief::briefing::{Changes, open_catalog, read_catalog_unchecked};
    let lib_dir = library();
    std::fs::write(
        lib_dir.path().join("2024-04-01-bad.md"),
        "no front matter\n",
    )
    .unwrap();
    let cache = cache_folder();
    assert!(
        read_catalog_unchecked(lib_dir.path(), cache.path()).is_none(),
        "no catalog yet"
    );
    let (written, _) = open_catalog(lib_dir.path(), Some(cache.path()), false).unwrap();
    assert_eq!(written.entries.len(), 2);
    assert_eq!(written.errors.len(), 1, "{:?}", written.errors);
    // Changed, added and deleted since: the unchecked read still gives the catalog as it was
    // written, every entry and every file that failed, in order.
    write(
        lib_dir.path(),
        "2024-01-01-a.md",
        "甲改",
        "2024-01-01",
        "无。",
    );
    write(
        lib_dir.path(),
        "2024-03-01-c.md",
        "丙",
        "2024-03-01",
        "产量1.2万亿元。",
    );
    std::fs::remove_file(lib_dir.path().join("2024-02-01-b.md")).unwrap();
    let as_written = read_catalog_unchecked(lib_dir.path(), cache.path()).expect("the catalog");
    assert_eq!(as_written.entries, written.entries);
    assert_eq!(as_written.errors, written.errors);
    let titles: Vec<&str> = as_written
        .entries
        .iter()
        .map(|e| e.meta.title.as_str())
        .collect();
    assert_eq!(titles, ["乙", "甲"]);
    // The check sees what changed, and says how it differs from what was shown.
    let shown = as_written.into_library(Some(cache.path()));
    let (now, report) =
        brief::briefing::open_library_lazily(lib_dir.path(), Some(cache.path()), &|_, _| {})
            .unwrap();
    assert!(report.read >= 2 && report.vanished == 1, "{report:?}");
    assert!(!shown.same_listing(&now));
    assert_eq!(
        shown.changes_to(&now),
        Changes {
            added: 1,
            changed: 1,
            gone: 1,
            errors: None
        }
    );
    assert_eq!(
        shown.changes_to(&now).to_string(),
        "1 new, 1 changed, 1 gone"
    );
    // Read again unchecked: now the catalog the check wrote, listing what the check found.
    let again = brief::briefing::open_library_unchecked(lib_dir.path(), cache.path()).unwrap();
    assert!(again.same_listing(&now));
    assert!(again.changes_to(&now).is_empty());
    // Another library's cache, a damaged catalog or one cut short: none.
    let other = library();
    assert!(read_catalog_unchecked(other.path(), cache.path()).is_none());
    let file = brief::briefing::catalog_path(cache.path(), lib_dir.path());
    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    std::fs::write(&file, &bytes).unwrap();
    assert!(read_catalog_unchecked(lib_dir.path(), cache.path()).is_none());
    bytes[middle] ^= 0x40;
    std::fs::write(&file, &bytes[..bytes.len() - 9]).unwrap();
    assert!(read_catalog_unchecked(lib_dir.path(), cache.path()).is_none());
    std::fs::write(&file, &bytes).unwrap();
    assert!(read_catalog_unchecked(lib_dir.path(), cache.path()).is_some());
}

#[test]
fn the_catalog_read_unchecked_keeps_the_order_and_the_double_ids_of_the_check() {
    use brief::briefing::{open_catalog, read_catalog_unchecked};
    let lib_dir = library();
    // The same id in a folder below, and many briefings on one day: ties go by id.
    std::fs::create_dir(lib_dir.path().join("sub")).unwrap();
    write(
        &lib_dir.path().join("sub"),
        "2024-01-01-a.md",
        "甲二",
        "2024-01-01",
        "无。",
    );
    for k in 0..40 {
        write(
            lib_dir.path(),
            &format!("2023-05-05-{k:02}.md"),
            &format!("同日{k}"),
            "2023-05-05",
            "无。",
        );
    }
    let cache = cache_folder();
    let (checked, _) = open_catalog(lib_dir.path(), Some(cache.path()), false).unwrap();
    assert_eq!(checked.entries.len(), 42);
    assert_eq!(checked.errors.len(), 1, "{:?}", checked.errors);
    assert!(
        checked.errors[0].reason.contains("is already used by"),
        "{:?}",
        checked.errors
    );
    let unchecked = read_catalog_unchecked(lib_dir.path(), cache.path()).unwrap();
    assert_eq!(unchecked.entries, checked.entries);
    assert_eq!(unchecked.errors, checked.errors);
    let (again, report) = open_catalog(lib_dir.path(), Some(cache.path()), false).unwrap();
    assert_eq!(again.entries, checked.entries);
    assert_eq!(again.errors, checked.errors);
    assert_eq!(report.vanished, 0);
}

/// `brief bookmarks` read every file of the library for a title or two: at 100,000 briefings
/// each call took seconds. It goes through the catalog now, and still sees an edit, and a
/// paragraph is taken from the body as it is on disk.
#[test]
fn bookmarks_through_the_catalog_see_an_edited_title_and_body() {
    let lib = library();
    for f in ["2024-01-01-a.md", "2024-02-01-b.md"] {
        age(&lib.path().join(f), 120);
    }
    let cache = cache_folder();
    let state = cache.path().join("state.toml");
    let bookmarks = |args: &[&str]| {
        let out = brief(cache.path(), lib.path())
            .arg("--state")
            .arg(&state)
            .arg("bookmarks")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    bookmarks(&["add", "2024-01", "--paragraph", "1"]);
    let listed: serde_json::Value = serde_json::from_str(&bookmarks(&["list", "--json"])).unwrap();
    assert_eq!(listed[0]["title"], "甲");
    assert_eq!(listed[0]["quote"], "产量77.6万辆。");
    write(
        lib.path(),
        "2024-01-01-a.md",
        "丁",
        "2024-01-01",
        "产量66.6万吨。",
    );
    age(&lib.path().join("2024-01-01-a.md"), 60);
    let listed: serde_json::Value = serde_json::from_str(&bookmarks(&["list", "--json"])).unwrap();
    assert_eq!(listed[0]["title"], "丁");
    let minutes = bookmarks(&["export"]);
    assert!(minutes.contains("## 1. 丁"), "{minutes}");
    // The body was read: the marked paragraph is no longer in it, and the minutes say so.
    assert!(minutes.contains("no longer in the briefing"), "{minutes}");
    assert!(minutes.contains("> 产量77.6万辆。"), "{minutes}");
}

/// A first build held every folded text until it wrote the file (985 MB at its peak at
/// 100,000 briefings). Texts are folded into a spool file for each thread now and copied
/// from there: the file must hold the same texts in the catalog's order, leave no spool
/// behind, and stay right when some texts are kept and others folded again.
#[test]
fn texts_folded_through_spools_give_the_hits_reading_the_files_gives() {
    let lib = tempfile::tempdir().unwrap();
    let places = ["柳州", "南宁", "桂林", "梧州", "北海"];
    let body = |n: usize, word: &str| {
        format!(
            "第{n}份。{}的新能源汽车产量{n}万辆,{word}。",
            places[n % places.len()]
        )
    };
    // More than one thread's share, so that there are two spools.
    for n in 0..300 {
        write(
            lib.path(),
            &format!("2024-01-01-n{n:03}.md"),
            &format!("第{n}份"),
            "2024-01-01",
            &body(n, "同比增长"),
        );
        age(&lib.path().join(format!("2024-01-01-n{n:03}.md")), 120);
    }
    let cache = cache_folder();
    let from_files = |query: &str| hits(&cache.path().join("none").join("home"), lib.path(), query);
    let queries = ["柳州", "guilin", "wz 新能源", "第2", "环比", "增长"];
    for q in queries {
        assert_eq!(hits(cache.path(), lib.path(), q), from_files(q), "{q}");
    }
    let kept: Vec<String> = std::fs::read_dir(cache.path().join("brief"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!kept.iter().any(|n| n.contains("spool")), "{kept:?}");
    // Some texts changed in each thread's share, one gone, one new: the rest are kept.
    for n in [3, 150, 299] {
        let name = format!("2024-01-01-n{n:03}.md");
        write(
            lib.path(),
            &name,
            &format!("第{n}份"),
            "2024-01-01",
            &body(n, "环比增长"),
        );
        age(&lib.path().join(&name), 60);
    }
    std::fs::remove_file(lib.path().join("2024-01-01-n077.md")).unwrap();
    write(
        lib.path(),
        "2024-01-02-new.md",
        "新一份",
        "2024-01-02",
        &body(7, "环比增长"),
    );
    age(&lib.path().join("2024-01-02-new.md"), 60);
    for q in queries {
        assert_eq!(hits(cache.path(), lib.path(), q), from_files(q), "{q}");
    }
    assert_eq!(hits(cache.path(), lib.path(), "环比").len(), 4);
}

/// `brief check` read every file (2 s at 100,000 briefings); it goes through the catalog now,
/// and must still see a file broken or mended since the catalog was written, at its line.
#[test]
fn check_through_the_catalog_sees_a_file_broken_and_mended_since() {
    let lib = library();
    for f in ["2024-01-01-a.md", "2024-02-01-b.md"] {
        age(&lib.path().join(f), 120);
    }
    let cache = cache_folder();
    let check = || {
        let out = brief(cache.path(), lib.path())
            .args(["check", "--json"])
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            out.status.code(),
            v["briefings"].clone(),
            v["problems"].clone(),
        )
    };
    let (code, count, problems) = check();
    assert_eq!((code, count), (Some(0), serde_json::json!(2)));
    assert_eq!(problems, serde_json::json!([]));
    let file = lib.path().join("2024-02-01-b.md");
    std::fs::write(
        &file,
        "+++\ntitle = \"乙\"\ndate = 2024-02-01\nwho = 1\n+++\n\n增长。\n",
    )
    .unwrap();
    age(&file, 60);
    let (code, count, problems) = check();
    assert_eq!((code, count), (Some(1), serde_json::json!(1)));
    assert_eq!(problems[0]["path"], file.display().to_string());
    assert_eq!(problems[0]["line"], 4, "{problems}");
    write(lib.path(), "2024-02-01-b.md", "乙", "2024-02-01", "增长。");
    age(&file, 30);
    assert_eq!(check().0, Some(0));
}
