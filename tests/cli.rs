//! The command line, run as a user would: real binary, real files, output checked field by field.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::{Path, PathBuf};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn shipped() -> PathBuf {
    root().join("briefings")
}

fn seeds() -> PathBuf {
    root().join("tests/fixtures/seeds")
}

/// `brief` with no user config, library or state leaking in from the machine.
fn brief() -> Command {
    let mut c = Command::cargo_bin("brief").unwrap();
    c.env_remove("BRIEF_LIBRARY")
        .env_remove("NO_COLOR")
        .env("XDG_CONFIG_HOME", "/nonexistent/brief-test-config")
        .env("XDG_DATA_HOME", "/nonexistent/brief-test-data")
        // Catalogs of test libraries go to a folder of their own, never the user's cache.
        .env(
            "XDG_CACHE_HOME",
            std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("brief-test-cache"),
        );
    c
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).expect("valid JSON on stdout")
}

#[test]
fn list_json_has_the_contract_fields() {
    let out = brief()
        .args(["list", "--json", "--library"])
        .arg(shipped())
        .output()
        .unwrap();
    assert!(out.status.success());
    let items = json(&out.stdout);
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 5);
    let dates: Vec<&str> = items.iter().map(|i| i["date"].as_str().unwrap()).collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    for i in items {
        for key in [
            "id", "title", "date", "source", "regions", "figures", "path",
        ] {
            assert!(i.get(key).is_some(), "missing {key} in {i}");
        }
    }
    let liuzhou = items
        .iter()
        .find(|i| i["id"] == "2025-07-28-liuzhou-zhongguowangzhuanfang")
        .unwrap();
    assert_eq!(
        liuzhou["regions"][0],
        serde_json::json!({"province": "广西壮族自治区", "city": "柳州市", "code": "450200"})
    );
    let tianjin = items
        .iter()
        .find(|i| i["id"] == "2024-01-01-yixintizhi")
        .unwrap();
    assert_eq!(
        tianjin["regions"][2],
        serde_json::json!({"province": "天津市", "city": null, "code": "120000"})
    );
}

#[test]
fn list_filters_by_region_in_any_spelling() {
    for q in ["liuzhou", "柳州", "柳州市", "广西"] {
        let out = brief()
            .args(["list", "--region", q, "--library"])
            .arg(shipped())
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert_eq!(text.lines().count(), 2, "{q}: {text}");
        assert!(text.lines().all(|l| l.contains("柳州")), "{q}: {text}");
    }
    // A section of a multi-region briefing counts.
    brief()
        .args(["list", "--region", "suzhou", "--library"])
        .arg(shipped())
        .assert()
        .success()
        .stdout(predicate::str::contains("2024全国两会特别策划"));
}

#[test]
fn list_filters_by_date() {
    let out = brief()
        .args([
            "list",
            "--json",
            "--since",
            "2024-06",
            "--until",
            "2024-12",
            "--library",
        ])
        .arg(shipped())
        .output()
        .unwrap();
    let ids: Vec<String> = json(&out.stdout)
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "2024-12-20-liaocheng-tebiecehua-cishuo",
            "2024-12-01-liuzhou-chuangxinqiangxianji-tizhi"
        ]
    );
}

#[test]
fn an_unknown_region_is_an_error_that_suggests() {
    brief()
        .args(["list", "--region", "liuzhuo", "--library"])
        .arg(shipped())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean 广西/柳州"));
}

#[test]
fn show_prints_title_facts_and_placed_sections() {
    brief()
        .args(["show", "2024-01-01", "--library"])
        .arg(shipped())
        .assert()
        .success()
        .stdout(predicate::str::starts_with(
            "以“新”提“质” 释放发展新动能\n2024 · 陕西/铜川 山东/烟台 天津\n",
        ))
        .stdout(predicate::str::contains("## 抢滩布局“新”产业  [山东/烟台]"))
        .stdout(predicate::str::contains("\x1b").not());
    let out = brief()
        .args([
            "show",
            "2024-12-20-liaocheng-tebiecehua-cishuo",
            "--json",
            "--library",
        ])
        .arg(shipped())
        .output()
        .unwrap();
    let b = json(&out.stdout);
    assert_eq!(b["source"], "新聊城客戶端");
    assert_eq!(b["date_precision"], "day");
    assert!(b["body"].as_str().unwrap().contains("數字化"));
}

#[test]
fn show_resolves_paths_and_reports_ambiguity() {
    let path = shipped().join("2024-01-01-yixintizhi.md");
    brief()
        .arg("show")
        .arg(&path)
        .arg("--library")
        .arg(shipped())
        .assert()
        .success();
    brief()
        .args(["show", "2024", "--library"])
        .arg(shipped())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("matches several briefings"));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    brief()
        .args(["--color", "always", "show", "2024-01-01", "--library"])
        .arg(shipped())
        .assert()
        .stdout(predicate::str::contains("\x1b[1m"));
}

#[test]
fn import_dry_run_json_prints_everything_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = brief()
        .args(["import", "--dry-run", "--json", "--to"])
        .arg(dir.path())
        .arg(seeds())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let items = json(&out.stdout);
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 5);
    for i in items {
        for key in [
            "path",
            "encoding",
            "title",
            "date",
            "date_precision",
            "source",
            "url",
            "regions",
            "sections",
            "body",
            "figures",
            "removed_lines",
        ] {
            assert!(i.get(key).is_some(), "missing {key}");
        }
        assert_eq!(i["encoding"], "utf-8");
    }
    assert_eq!(items[3]["sections"].as_array().unwrap().len(), 8);
    assert_eq!(items[4]["sections"][1]["regions"][0]["code"], "370600");
    assert!(
        items[1]["removed_lines"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["reason"] == "trail")
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "a dry run writes nothing"
    );
}

#[test]
fn import_writes_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    brief()
        .arg("import")
        .arg(seeds())
        .arg("--to")
        .arg(dir.path())
        .assert()
        .success();
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 5);
    brief()
        .arg("import")
        .arg(seeds().join("000_ce70399f9ef563a3.txt"))
        .arg("--to")
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already exists (use --force"));
    brief()
        .arg("import")
        .arg(seeds().join("000_ce70399f9ef563a3.txt"))
        .args(["--force", "--to"])
        .arg(dir.path())
        .assert()
        .success();
    brief()
        .arg("check")
        .arg("--library")
        .arg(dir.path())
        .assert()
        .success();
}

#[test]
fn import_reads_gb18030_and_drops_escape_sequences() {
    let dir = tempfile::tempdir().unwrap();
    let raw = "柳州新能源汽车\x1b]0;pwned\x07报道\n2024-12-20 10:00 来源:柳州日报\n柳州新能源汽车产量增长。\x1b[2J柳州工业体系完备。\x1b]52;c;ZWNobw==\x07\n";
    let (bytes, _, _) = encoding_rs::GB18030.encode(raw);
    let file = dir.path().join("gbk.txt");
    std::fs::write(&file, &bytes).unwrap();
    let out = brief()
        .args(["import", "--dry-run", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    let item = &json(&out.stdout)[0];
    assert_eq!(item["encoding"], "gb18030");
    assert_eq!(item["title"], "柳州新能源汽车报道");
    assert_eq!(item["source"], "柳州日报");
    assert_eq!(item["body"], "柳州新能源汽车产量增长。柳州工业体系完备。");
    assert_eq!(item["regions"][0]["city"], "柳州市");
}

#[test]
fn check_reports_path_line_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("2024-01-01-good.md"),
        "+++\ntitle = \"好\"\ndate = 2024-01-01\n+++\n\n正文。\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("2024-01-02-bad.md"),
        "+++\ntitle = \"坏\"\ndate = 2024-02-30\n+++\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("2024-01-03-place.md"),
        "+++\ntitle = \"地\"\ndate = 2024-01-03\nregions = [{ province = \"广西壮族自治区\", city = \"柳州\" }]\n+++\n",
    )
    .unwrap();
    let out = brief()
        .arg("check")
        .arg("--library")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("2024-01-02-bad.md:3: "), "{text}");
    assert!(
        text.contains("2024-01-03-place.md:4: unknown region 广西壮族自治区 / 柳州"),
        "{text}"
    );
    // The good file still loads for everything else.
    brief()
        .arg("list")
        .arg("--library")
        .arg(dir.path())
        .assert()
        .success()
        .stdout(predicate::str::contains("好"));
}

#[test]
fn check_reports_a_bad_config_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "# mine\nlibary = \"x\"\n").unwrap();
    brief()
        .arg("--config")
        .arg(&cfg)
        .arg("check")
        .arg("--library")
        .arg(shipped())
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "config.toml:2: unknown field `libary`",
        ));
}

#[test]
fn the_library_comes_from_the_environment_when_no_flag_is_given() {
    brief()
        .env("BRIEF_LIBRARY", shipped())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("柳州"));
    brief()
        .env("BRIEF_LIBRARY", "/nonexistent/lib")
        .arg("list")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "there is no library at /nonexistent/lib",
        ));
}

#[test]
fn usage_errors_exit_2_and_help_teaches() {
    brief().arg("frobnicate").assert().code(2);
    brief()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("brief list --region liuzhou"));
    brief()
        .args(["config", "--print-default"])
        .assert()
        .success()
        .stdout(predicate::str::contains("library = \"\""));
}

#[test]
fn control_characters_in_a_hand_edited_file_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("2024-01-01-x.md"),
        "+++\ntitle = \"标题\\u001b]0;pwned\\u0007\"\ndate = 2024-01-01\nsource = \"\\u001b[2J来源\"\n+++\n\n正文\u{1b}]52;c;ZWNobw==\u{7}。\n",
    )
    .unwrap();
    for args in [
        vec!["show", "2024"],
        vec!["list"],
        vec!["--color", "always", "show", "2024"],
    ] {
        let out = brief()
            .args(&args)
            .arg("--library")
            .arg(dir.path())
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(
            !text.contains("pwned") && !text.contains("]52;") && !text.contains("[2J"),
            "{args:?}: {text:?}"
        );
        assert!(text.contains("标题"), "{args:?}: {text:?}");
    }
}

#[test]
fn figures_command_and_import_json_agree() {
    for seed in std::fs::read_dir(seeds()).unwrap() {
        let seed = seed.unwrap().path();
        let imported = brief()
            .args(["import", "--dry-run", "--json"])
            .arg(&seed)
            .output()
            .unwrap();
        let imported = json(&imported.stdout)[0]["figures"].clone();
        let listed = brief()
            .args(["figures", "--json"])
            .arg(&seed)
            .output()
            .unwrap();
        assert!(listed.status.success());
        // Both give each figure with what it measures.
        let listed = json(&listed.stdout);
        for f in listed.as_array().unwrap() {
            for key in ["measure", "period", "target"] {
                assert!(f.get(key).is_some(), "{key} in {f:?}");
            }
        }
        assert_eq!(listed, imported, "{}", seed.display());
        assert!(!imported.as_array().unwrap().is_empty());
    }
    let out = brief()
        .args(["figures", "2025-07-28", "--kind", "rank", "--library"])
        .arg(shipped())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 4, "{text}");
    assert!(text.lines().all(|l| l.contains(" rank ")), "{text}");
    assert!(
        text.contains("2024年规模以上工业总产值位居全广西第一"),
        "the clause is shown: {text}"
    );
    let first = brief()
        .args(["figures", "2025-07-28", "--json", "--library"])
        .arg(shipped())
        .output()
        .unwrap();
    let f = &json(&first.stdout)[0];
    for key in ["text", "kind", "value", "unit", "approx", "start", "end"] {
        assert!(f.get(key).is_some(), "missing {key}");
    }
}

#[test]
fn show_width_wraps_like_the_reader() {
    let out = brief()
        .args(["show", "2025-07-28", "--width", "30", "--library"])
        .arg(shipped())
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let body: Vec<&str> = text.lines().skip(2).collect();
    assert!(body.len() > 60, "the body is wrapped into many lines");
    for line in &body {
        assert!(brief::wrap::line_width(line) <= 30, "too wide: {line}");
        assert!(
            !line.starts_with(['，', '。', '、']),
            "starts with punctuation: {line}"
        );
    }
    assert!(
        body.iter().any(|l| l.contains("77.6万辆")),
        "the figure stays whole"
    );
    brief()
        .args(["show", "2025-07-28", "--width", "3", "--library"])
        .arg(shipped())
        .assert()
        .code(2);
}

#[test]
fn show_width_wraps_the_title_and_facts_lines_too() {
    // `--width 24` wrapped the body but printed the title and the facts at full width.
    for id in ["2024-03-01", "2025-07-28"] {
        let out = brief()
            .args(["show", id, "--width", "24", "--library"])
            .arg(shipped())
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        for line in text.lines() {
            assert!(brief::wrap::line_width(line) <= 24, "too wide: {line}");
        }
        let lib = brief::briefing::load_library(&shipped()).unwrap();
        let b = lib.resolve(id).unwrap();
        // Everything is still there, in order: the lines joined give the title and facts back.
        let joined: String = text.lines().collect::<Vec<_>>().join("");
        let squeezed = |t: &str| t.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        assert!(
            squeezed(&joined).starts_with(&squeezed(&format!(
                "{}{}",
                b.meta.title,
                brief::regions::facts(&b.meta)
            ))),
            "{text}"
        );
        // A place name in the facts is never cut in two.
        for r in &b.meta.regions {
            let name = brief::regions::label(r);
            assert!(
                text.lines().any(|l| l.contains(&name)),
                "{name} was split:\n{text}"
            );
        }
    }
}

#[test]
fn brief_without_a_terminal_says_so_and_points_at_the_subcommands() {
    brief()
        .arg("--library")
        .arg(shipped())
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("needs a terminal"))
        .stderr(predicate::str::contains("brief list"));
}

#[test]
fn a_bad_key_binding_in_the_user_config_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        "[keys]\n\"j\" = \"down\"\n\"ctrl-x\" = \"explode\"\n",
    )
    .unwrap();
    let out = brief()
        .arg("--config")
        .arg(&config)
        .arg("check")
        .arg("--library")
        .arg(shipped())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    // `check` lists problems on stdout and sums them up on stderr.
    let err = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(err.contains(&format!("{}:3:", config.display())), "{err}");
    assert!(err.contains("unknown variant `explode`"), "{err}");
}

#[test]
fn search_json_has_the_contract_fields_and_no_hit_says_so() {
    let out = brief()
        .args(["search", "liuzhou", "--json", "--library"])
        .arg(shipped())
        .output()
        .unwrap();
    assert!(out.status.success());
    let hits = json(&out.stdout);
    let hits = hits.as_array().unwrap();
    assert_eq!(hits.len(), 2);
    for h in hits {
        for key in [
            "id", "title", "date", "field", "score", "snippet", "start", "end",
        ] {
            assert!(h.get(key).is_some(), "{key} missing in {h}");
        }
        assert!(h["id"].as_str().unwrap().contains("liuzhou"));
        let title: Vec<char> = h["title"].as_str().unwrap().chars().collect();
        let (s, e) = (
            h["start"].as_u64().unwrap() as usize,
            h["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(title[s..e].iter().collect::<String>(), "柳州");
    }
    brief()
        .args(["search", "qqqqqqqq", "--library"])
        .arg(shipped())
        .assert()
        .code(1)
        .stdout("")
        .stderr(predicate::str::contains("no briefing matches `qqqqqqqq`"));
    brief()
        .args(["search", "新能源", "汽车", "--limit", "2", "--library"])
        .arg(shipped())
        .assert()
        .success()
        .stdout(predicate::str::contains("body"));
}

#[test]
fn bookmarks_add_list_remove_and_export_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.toml");
    let run = |args: &[&str]| {
        brief()
            .env("BRIEF_STATE", &state)
            .arg("--library")
            .arg(shipped())
            .args(args)
            .output()
            .unwrap()
    };
    assert!(
        run(&["bookmarks", "add", "2025-07-28", "--note", "第一条\n第二行"])
            .status
            .success()
    );
    assert!(
        run(&["bookmarks", "add", "2024-12-20", "--paragraph", "5"])
            .status
            .success()
    );
    // A second add on a briefing with a whole-briefing bookmark updates its note.
    assert!(
        run(&["bookmarks", "add", "2025-07-28", "--note", "改过的"])
            .status
            .success()
    );
    let out = run(&["bookmarks", "list", "--json"]);
    assert!(out.status.success());
    let items = json(&out.stdout);
    let items = items.as_array().unwrap();
    assert_eq!(items.len(), 2);
    for key in [
        "id",
        "briefing",
        "title",
        "paragraph",
        "quote",
        "note",
        "created",
    ] {
        assert!(items[0].get(key).is_some(), "{key}");
    }
    assert_eq!(items[0]["note"], "改过的");
    assert!(items[0]["paragraph"].is_null() && items[0]["quote"].is_null());
    assert_eq!(items[1]["paragraph"], 5);
    assert!(items[1]["quote"].as_str().unwrap().contains("傳統產業"));

    let minutes = dir.path().join("minutes.md");
    assert!(
        run(&["bookmarks", "export", "--output", minutes.to_str().unwrap()])
            .status
            .success()
    );
    let text = std::fs::read_to_string(&minutes).unwrap();
    assert!(text.starts_with("# Minutes"));
    assert!(text.contains("## 1. 中国网专访"));
    assert!(text.contains("> 作為傳統產業城市"));
    assert!(text.contains("70% (percent)"));
    assert!(text.contains("改过的"));

    let id = items[1]["id"].as_str().unwrap();
    assert!(run(&["bookmarks", "remove", id]).status.success());
    let out = run(&["bookmarks", "list", "--json"]);
    assert_eq!(json(&out.stdout).as_array().unwrap().len(), 1);
    let out = run(&["bookmarks", "remove", "no-such-bookmark"]);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_corrupt_state_file_is_set_aside_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.toml");
    std::fs::write(&state, "this is = = not toml\n").unwrap();
    let out = brief()
        .arg("--state")
        .arg(&state)
        .args(["bookmarks", "add", "2025-07-28", "--library"])
        .arg(shipped())
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("did not parse") && err.contains("state.toml.corrupt-"),
        "{err}"
    );
    let aside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("corrupt"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read_to_string(aside[0].path()).unwrap(),
        "this is = = not toml\n"
    );
}

#[test]
fn figures_say_what_they_measure_in_text_and_json() {
    let out = brief()
        .args(["figures", "2025-07-28", "--json", "--library"])
        .arg(shipped())
        .output()
        .unwrap();
    let figures = json(&out.stdout);
    let find = |text: &str| {
        figures
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["text"] == text)
            .unwrap_or_else(|| panic!("{text}"))
            .clone()
    };
    let nev = find("77.6万辆");
    assert_eq!(nev["measure"], "新能源汽车产量");
    assert_eq!(nev["period"], "2024年");
    assert_eq!(nev["target"], false);
    assert_eq!(find("同比大幅增长76.0%")["measure"], "货物出口东盟总额增速");
    let goal = find("100项");
    assert_eq!(
        (goal["measure"].as_str(), goal["target"].as_bool()),
        (Some("关键核心技术数量"), Some(true))
    );
    let out = brief()
        .args(["figures", "2025-07-28", "--library"])
        .arg(shipped())
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let line = text.lines().find(|l| l.starts_with("77.6万辆")).unwrap();
    assert!(line.contains("新能源汽车产量 2024年"), "{line}");
}

#[test]
fn compare_liuzhou_and_liaocheng_theme_by_theme_with_figures() {
    let out = brief()
        .args(["compare", "liuzhou", "聊城", "--json", "--library"])
        .arg(shipped())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let c = json(&out.stdout);
    let codes: Vec<&str> = c["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["450200", "371500"]);
    assert_eq!(c["regions"][1]["city"], "聊城市");
    assert_eq!(c["regions"][1]["province"], "山东省");
    let themes = c["themes"].as_array().unwrap();
    let both = themes
        .iter()
        .filter(|t| {
            let by = t["by_region"].as_array().unwrap();
            by.iter()
                .all(|v| !v["statements"].as_array().unwrap().is_empty())
        })
        .count();
    assert!(both >= 6, "{both} themes with sentences from both");
    for t in themes {
        for (i, cell) in t["by_region"].as_array().unwrap().iter().enumerate() {
            assert_eq!(cell["region"]["code"], codes[i]);
            for s in cell["statements"].as_array().unwrap() {
                assert!(matches!(s["kind"].as_str(), Some("plan" | "achievement")));
                assert!(!s["sentence"].as_str().unwrap().is_empty());
                assert!(s["briefing"].as_str().is_some());
            }
        }
    }
    let figures = c["figures"].as_array().unwrap();
    assert!(!figures.is_empty());
    assert!(
        figures
            .iter()
            .all(|f| !f["measure"].as_str().unwrap().is_empty())
    );
    // The measure both cities give heads the table, each city's value in its own cell.
    let first = &figures[0];
    assert_eq!(first["measure"], "制造业大类数量");
    assert_eq!(first["regions_with_values"], 2);
    assert_eq!(first["by_region"][0]["figures"][0]["shown"], "34个");
    assert_eq!(first["by_region"][1]["figures"][0]["shown"], "29个");
    assert_eq!(first["chart"][1]["value"], 29.0);
    let nev = figures
        .iter()
        .find(|f| f["measure"] == "新能源汽车产量")
        .unwrap();
    let cell = &nev["by_region"][0]["figures"][0];
    assert_eq!(
        (cell["text"].as_str(), cell["period"].as_str()),
        (Some("77.6万辆"), Some("2024年"))
    );
    assert_eq!(cell["target"], false);
    // Labels are measure names, never the clause fragments they once were.
    for f in figures {
        let m = f["measure"].as_str().unwrap();
        for fragment in ["唯一拥", "发挥", "它们", "185万台套", "分别"] {
            assert!(!m.contains(fragment), "{m}");
        }
        assert!(!m.chars().any(|c| c.is_ascii_digit()), "{m}");
    }

    let md = brief()
        .args(["compare", "liuzhou", "liaocheng", "--markdown", "--library"])
        .arg(shipped())
        .output()
        .unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.starts_with("# 广西/柳州 · 山东/聊城"));
    assert!(md.contains("**Achievements**") && md.contains("**Plans**"));
    assert!(md.contains("## Figures") && md.contains("| measure | 广西/柳州 | 山东/聊城 |"));
}

#[test]
fn compare_takes_only_the_sections_of_multi_region_briefings() {
    let out = brief()
        .args(["compare", "柳州", "铜川", "苏州", "--json", "--library"])
        .arg(shipped())
        .output()
        .unwrap();
    assert!(out.status.success());
    let c = json(&out.stdout);
    let lib = brief::briefing::load_library(&shipped()).unwrap();
    let section_text = |id_part: &str, place: &str| -> String {
        let b = lib
            .briefings
            .iter()
            .find(|b| b.id.contains(id_part))
            .unwrap();
        let heads: Vec<&str> = b
            .meta
            .sections
            .iter()
            .filter(|s| s.regions.iter().any(|r| r.city.as_deref() == Some(place)))
            .map(|s| s.heading.as_str())
            .collect();
        let mut inside = false;
        let mut out = String::new();
        for bl in b.blocks() {
            if bl.is_heading {
                inside = heads.contains(&bl.text);
            } else if inside {
                out.push_str(bl.text);
            }
        }
        out
    };
    let suzhou = section_text("lianghui", "苏州市");
    let tongchuan = section_text("yixintizhi", "铜川市");
    let mut seen = (0, 0);
    for t in c["themes"].as_array().unwrap() {
        let by = &t["by_region"];
        assert_eq!(by[2]["region"]["city"], "苏州市");
        for s in by[2]["statements"].as_array().unwrap() {
            assert!(suzhou.contains(s["sentence"].as_str().unwrap()), "{s}");
            seen.0 += 1;
        }
        assert_eq!(by[1]["region"]["city"], "铜川市");
        for s in by[1]["statements"].as_array().unwrap() {
            assert!(tongchuan.contains(s["sentence"].as_str().unwrap()), "{s}");
            seen.1 += 1;
        }
    }
    assert!(seen.0 > 0 && seen.1 > 0, "{seen:?}");
    // Every figure of the table has a measure name and sits in its region's cell only.
    for f in c["figures"].as_array().unwrap() {
        let m = f["measure"].as_str().unwrap();
        assert!(m.chars().count() >= 2 && !m.contains('，'), "{m}");
        for (i, cell) in f["by_region"].as_array().unwrap().iter().enumerate() {
            for v in cell["figures"].as_array().unwrap() {
                let sentence = v["sentence"].as_str().unwrap();
                match i {
                    1 => assert!(tongchuan.contains(sentence), "{sentence}"),
                    2 => assert!(suzhou.contains(sentence), "{sentence}"),
                    _ => {}
                }
            }
        }
    }
    let gdp = c["figures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["measure"] == "地区生产总值")
        .expect("苏州's GDP, said as GDP");
    let v = &gdp["by_region"][2]["figures"][0];
    assert_eq!(
        (v["shown"].as_str(), v["target"].as_bool()),
        (Some("3万亿元"), Some(true))
    );
}

#[test]
fn compare_an_unknown_region_suggests_close_names() {
    brief()
        .args(["compare", "liuzhou", "liaochen", "--library"])
        .arg(shipped())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("did you mean 山东/聊城"));
    brief()
        .args(["compare", "liuzhou", "--library"])
        .arg(shipped())
        .assert()
        .code(2);
}

#[test]
fn import_refuses_an_input_without_article_text() {
    let dir = tempfile::tempdir().unwrap();
    let lib = dir.path().join("lib");
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("blank.txt", &b"  \n\n\t\n"[..]),
        ("symbols.txt", "——\n……\n|||\n".as_bytes()),
        (
            "tags.html",
            &b"<!DOCTYPE html><html><head><title></title></head><body></body></html>"[..],
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        brief()
            .arg("import")
            .arg(&file)
            .arg("--to")
            .arg(&lib)
            .assert()
            .code(1)
            .stderr(predicate::str::contains("holds no article text"));
    }
    assert!(!lib.exists() || std::fs::read_dir(&lib).unwrap().count() == 0);
}

#[test]
fn import_reads_a_saved_html_page_not_its_source() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<!DOCTYPE html>\n<html><head><meta charset=\"gbk\"><title>柳州新能源汽车产量增长_柳州新闻网</title>\
        <meta name=\"PubDate\" content=\"2024-03-05 09:12\"><script>var a = '<p>脚本</p>';</script></head>\
        <body><div class=\"nav\"><a href=\"/\">首页</a> <a href=\"/n\">新闻</a></div>\
        <h1>柳州新能源汽车产量增长</h1><div class=\"info\">来源：柳州日报</div>\
        <div class=\"content\"><p>今年以来，柳州市新能源汽车产量同比增长30%，达到77.6万辆，柳州正在加快建设新能源汽车产业集群。</p>\
        <p>柳州市工业和信息化局负责人表示，下一步将继续培育龙头企业，做大做强汽车产业，打造具有国际竞争力的汽车城。</p></div>\
        <div class=\"footer\">版权所有 柳州新闻网</div></body></html>";
    // Saved in UTF-8 by a browser that kept the page's old charset meta.
    let file = dir.path().join("page.html");
    std::fs::write(&file, page).unwrap();
    let out = brief()
        .args(["import", "--dry-run", "--json"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success());
    let item = &json(&out.stdout)[0];
    assert_eq!(item["format"], "html");
    assert_eq!(item["encoding"], "utf-8");
    assert_eq!(item["title"], "柳州新能源汽车产量增长");
    assert_eq!(item["date"], "2024-03-05");
    assert_eq!(item["source"], "柳州日报");
    assert_eq!(item["regions"][0]["city"], "柳州市");
    let body = item["body"].as_str().unwrap();
    assert!(body.starts_with("今年以来，柳州市新能源汽车产量"), "{body}");
    assert!(
        !body.contains('<') && !body.contains("脚本") && !body.contains("版权所有"),
        "{body}"
    );
}

#[test]
fn import_reads_an_article_from_standard_input_with_what_the_user_says() {
    let dir = tempfile::tempdir().unwrap();
    let raw = std::fs::read(seeds().join("001_366fcfc982ca9ab6.txt")).unwrap();
    let out = brief()
        .args(["import", "-", "--dry-run", "--json"])
        .args([
            "--title",
            "柳州高端装备",
            "--date",
            "2025-07",
            "--source",
            "中国网",
        ])
        .args([
            "--url",
            "https://example.cn/a",
            "--region",
            "liuzhou",
            "--region",
            "南宁",
        ])
        .write_stdin(raw.clone())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let item = &json(&out.stdout)[0];
    assert_eq!(item["title"], "柳州高端装备");
    assert_eq!(item["date"], "2025-07-01");
    assert_eq!(item["date_precision"], "month");
    assert_eq!(item["url"], "https://example.cn/a");
    let cities: Vec<&str> = item["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["city"].as_str().unwrap())
        .collect();
    assert_eq!(cities, ["柳州市", "南宁市"]);
    // Written for real: the file is named from what was said.
    brief()
        .args(["import", "-", "--date", "2025-07-28", "--to"])
        .arg(dir.path())
        .write_stdin(raw)
        .assert()
        .success();
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["2025-07-28-liuzhou-zhongguowangzhuanfang.md"]);
    brief()
        .args(["import", "-", "--date", "July", "--dry-run"])
        .write_stdin("标题\n正文。")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--date July"));
    brief()
        .args(["import", "-", "--region", "nowhere", "--dry-run"])
        .write_stdin("标题\n正文。")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no province or city is called `nowhere`",
        ));
}

#[test]
fn a_saved_page_in_gbk_reads_as_its_utf8_twin() {
    let dir = tempfile::tempdir().unwrap();
    let page =
        std::fs::read_to_string("tests/corpus/cjddsb-changde-finance-knowledge-2019.html").unwrap();
    let gbk_page = page.replace("charset=\"UTF-8\"", "charset=\"gbk\"");
    assert!(gbk_page != page, "the page declares its charset");
    let (bytes, _, _) = encoding_rs::GB18030.encode(&gbk_page);
    let file = dir.path().join("gbk.html");
    std::fs::write(&file, &bytes).unwrap();
    let read = |path: &std::path::Path| {
        let out = brief()
            .args(["import", "--dry-run", "--json"])
            .arg(path)
            .output()
            .unwrap();
        json(&out.stdout)[0].clone()
    };
    let gbk = read(&file);
    let utf8 = read(std::path::Path::new(
        "tests/corpus/cjddsb-changde-finance-knowledge-2019.html",
    ));
    assert_eq!(gbk["encoding"], "gb18030");
    for key in ["title", "date", "source", "regions", "body"] {
        assert_eq!(gbk[key], utf8[key], "{key}");
    }
}

/// A copy of the shipped library in a folder of its own, with its state file and cache
/// beside it.
struct Sandbox {
    dir: tempfile::TempDir,
    lib: std::path::PathBuf,
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let lib = dir.path().join("lib");
        std::fs::create_dir(&lib).unwrap();
        for e in std::fs::read_dir(shipped()).unwrap() {
            let from = e.unwrap().path();
            std::fs::copy(&from, lib.join(from.file_name().unwrap())).unwrap();
        }
        Sandbox { dir, lib }
    }

    /// `brief ARGS` on the copy.
    fn run(&self, args: &[&str]) -> std::process::Output {
        brief()
            .env("BRIEF_STATE", self.dir.path().join("state.toml"))
            .env("XDG_CACHE_HOME", self.dir.path().join("cache"))
            .arg("--library")
            .arg(&self.lib)
            .args(args)
            .output()
            .unwrap()
    }

    /// `brief ARGS` on the copy, which must succeed: its standard output.
    fn ok(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(out.status.success(), "{args:?}: {out:?}");
        String::from_utf8(out.stdout).unwrap()
    }
}

#[test]
fn bookmarks_list_says_where_a_marked_paragraph_is_after_the_file_was_edited() {
    let sandbox = Sandbox::new();
    let lib = &sandbox.lib;
    let run = |args: &[&str]| sandbox.ok(args);
    run(&["bookmarks", "add", "2024-12-20", "--paragraph", "5"]);
    assert!(run(&["bookmarks", "list"]).contains("  paragraph 5\n"));
    // A paragraph written above the marked one: the passage is now the sixth.
    let file = lib.join("2024-12-20-liaocheng-tebiecehua-cishuo.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let marked = text
        .lines()
        .find(|l| l.starts_with("作為傳統產業城市"))
        .unwrap()
        .to_string();
    let (front, body) = text.rsplit_once("+++\n").unwrap();
    std::fs::write(&file, format!("{front}+++\n\n新加的一段在最前面。\n{body}")).unwrap();
    let listed = run(&["bookmarks", "list"]);
    assert!(listed.contains("paragraph 6 (marked as 5)"), "{listed}");
    // The marked paragraph removed: the list says so, as the agenda and the minutes do.
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace(&marked, "")).unwrap();
    let listed = run(&["bookmarks", "list"]);
    assert!(
        listed.contains("paragraph 5, no longer in the text"),
        "{listed}"
    );
}

#[test]
fn bookmarks_remove_takes_the_id_of_a_briefing_gone_from_the_library() {
    let sandbox = Sandbox::new();
    let lib = &sandbox.lib;
    let run = |args: &[&str]| sandbox.run(args);
    let id = "2024-12-20-liaocheng-tebiecehua-cishuo";
    assert!(
        run(&["bookmarks", "add", id, "--note", "会后跟进"])
            .status
            .success()
    );
    assert!(
        run(&["bookmarks", "add", id, "--paragraph", "5"])
            .status
            .success()
    );
    std::fs::remove_file(lib.join(format!("{id}.md"))).unwrap();
    let listed = String::from_utf8(run(&["bookmarks", "list"]).stdout).unwrap();
    assert!(
        listed.contains(&format!("({id} is not in the library)")),
        "{listed}"
    );
    // The id the list names removes its bookmarks, as it does while the briefing is there.
    let out = run(&["bookmarks", "remove", id]);
    assert!(out.status.success(), "{out:?}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("removed 2 bookmark(s)"));
    let out = run(&["bookmarks", "list", "--json"]);
    assert_eq!(json(&out.stdout), serde_json::json!([]));
}

/// After a paragraph was written above a marked one, `add --paragraph N --note` on the new
/// paragraph N took over the old mark (found by its number) and replaced its note: the note
/// was lost and the new paragraph could not be marked. A passage is known by its text now.
#[test]
fn marking_the_paragraph_now_in_a_marked_ones_place_makes_a_new_mark_and_keeps_the_old_note() {
    let sandbox = Sandbox::new();
    let lib = &sandbox.lib;
    let run = |args: &[&str]| sandbox.ok(args);
    let marks = || -> Vec<(u64, String, String)> {
        let v: serde_json::Value =
            serde_json::from_str(&run(&["bookmarks", "list", "--json"])).unwrap();
        v.as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    b["paragraph"].as_u64().unwrap(),
                    b["quote"].as_str().unwrap().chars().take(6).collect(),
                    b["note"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    };
    run(&[
        "bookmarks",
        "add",
        "2024-12-20",
        "--paragraph",
        "2",
        "--note",
        "第一条",
    ]);
    let file = lib.join("2024-12-20-liaocheng-tebiecehua-cishuo.md");
    let text = std::fs::read_to_string(&file).unwrap();
    let (front, body) = text.rsplit_once("+++\n").unwrap();
    std::fs::write(&file, format!("{front}+++\n\n新加的一段在最前面。\n{body}")).unwrap();
    // Paragraph 2 is now what was the first: a new mark, the old one and its note untouched.
    run(&[
        "bookmarks",
        "add",
        "2024-12-20",
        "--paragraph",
        "2",
        "--note",
        "第二条",
    ]);
    let now = marks();
    assert_eq!(now.len(), 2, "{now:?}");
    assert_eq!(now[0].2, "第一条");
    assert_eq!(now[1].2, "第二条");
    assert_ne!(now[0].1, now[1].1);
    // The marked passage, now third: its own mark, whose note is set.
    run(&[
        "bookmarks",
        "add",
        "2024-12-20",
        "--paragraph",
        "3",
        "--note",
        "第一条改",
    ]);
    let after = marks();
    assert_eq!(after.len(), 2, "{after:?}");
    assert_eq!(after[0].2, "第一条改");
}

/// A search answered from the catalog read in place (nothing changed since it was written)
/// gives just what a search that reads every file gives: the same hits, snippets and
/// messages for the files that could not be loaded.
#[test]
fn a_search_from_the_catalog_read_in_place_answers_as_reading_every_file_does() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(lib.join("sub")).unwrap();
    for e in std::fs::read_dir(shipped()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, lib.join(p.file_name().unwrap())).unwrap();
    }
    std::fs::write(lib.join("broken.md"), "+++\ntitle = 1\n+++\n").unwrap();
    let double = "2025-07-28-liuzhou-zhongguowangzhuanfang.md";
    std::fs::copy(shipped().join(double), lib.join("sub").join(double)).unwrap();
    let long_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(300);
    for p in [lib.join("sub").join(double)]
        .into_iter()
        .chain(std::fs::read_dir(&lib).unwrap().map(|e| e.unwrap().path()))
        .filter(|p| p.is_file())
    {
        let f = std::fs::File::options().write(true).open(&p).unwrap();
        f.set_modified(long_ago).unwrap();
    }
    // A folder's change time cannot be set back: the listing is reused once they settled.
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let run = |cache: Option<&Path>, query: &str| {
        let mut c = brief();
        c.env("BRIEF_STATE", dir.path().join("state.toml"))
            .env("BRIEF_LOG", "info")
            .args(["search", query, "--json", "--library"])
            .arg(&lib);
        match cache {
            Some(cache) => c.env("XDG_CACHE_HOME", cache),
            None => c.env_remove("XDG_CACHE_HOME").env("HOME", "/nonexistent"),
        };
        let out = c.output().unwrap();
        (
            out.status.code(),
            out.stdout,
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let cache = dir.path().join("cache");
    for query in ["产业", "liuzhou", "新能源 汽车", "没有这个词"] {
        let every_file = run(None, query);
        assert!(every_file.2.contains("broken.md"), "{}", every_file.2);
        assert!(every_file.2.contains("already used by"), "{}", every_file.2);
        for _ in 0..2 {
            assert_eq!(run(Some(&cache), query), every_file, "{query}");
        }
    }
    let log = std::fs::read_to_string(dir.path().join("brief.log")).unwrap();
    let in_place = log.matches("from the catalog read in place").count();
    assert!(
        in_place >= 6,
        "{in_place} searches from the catalog read in place:\n{log}"
    );
}

/// With a cache folder that cannot be made, `brief search` read the catalog (reporting each
/// file it could not load), gave up on the kept texts and read the whole library, reporting
/// each file again.
#[test]
fn a_search_without_a_usable_cache_reports_each_skipped_file_once() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    std::fs::copy(
        shipped().join("2024-01-01-yixintizhi.md"),
        dir.path().join("2024-01-01-yixintizhi.md"),
    )
    .unwrap();
    std::fs::write(dir.path().join("broken.md"), "+++\ntitle = 1\n+++\n").unwrap();
    let out = brief()
        .env("XDG_CACHE_HOME", "/nonexistent/brief-test-cache")
        .args(["search", "产业", "--library"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let said = String::from_utf8(out.stderr).unwrap();
    assert_eq!(said.matches("broken.md").count(), 1, "{said}");
}

/// A cache file that is not a regular file (a named pipe, or a link to an endless device)
/// hung `brief search` for ever: the catalog and the folded texts were opened and read as
/// they were, blocking on a pipe with no writer and reading an endless device to its end,
/// and the lock was opened for writing, blocking on a pipe with no reader.
/// Such a file is no catalog: the search answers as reading every file does.
#[cfg(unix)]
#[test]
fn a_pipe_or_device_in_place_of_a_cache_file_does_not_hang_a_search() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let lib = dir.path().join("lib");
    std::fs::create_dir_all(&lib).unwrap();
    for e in std::fs::read_dir(shipped()).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, lib.join(p.file_name().unwrap())).unwrap();
    }
    let run = |cache: Option<&Path>| {
        let mut c = brief();
        c.args(["search", "柳州", "--json", "--library"])
            .arg(&lib)
            .timeout(std::time::Duration::from_secs(20));
        match cache {
            Some(cache) => c.env("XDG_CACHE_HOME", cache),
            None => c.env_remove("XDG_CACHE_HOME").env("HOME", "/nonexistent"),
        };
        let out = c.output().unwrap();
        (out.status.code(), out.stdout, out.stderr)
    };
    let every_file = run(None);
    assert_eq!(every_file.0, Some(0));
    let cache = dir.path().join("cache");
    assert_eq!(run(Some(&cache)), every_file);
    let kept: Vec<PathBuf> = std::fs::read_dir(cache.join("brief"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "bin" || e == "fold"))
        .collect();
    assert_eq!(kept.len(), 2, "{kept:?}");
    for how in ["pipe", "device"] {
        for p in &kept {
            let _ = std::fs::remove_file(p);
            match how {
                "pipe" => assert!(
                    std::process::Command::new("mkfifo")
                        .arg(p)
                        .status()
                        .unwrap()
                        .success()
                ),
                _ => std::os::unix::fs::symlink("/dev/urandom", p).unwrap(),
            }
        }
        assert_eq!(run(Some(&cache)), every_file, "{how}");
    }
    // The lock taken to write them afresh: a pipe there blocked the open for writing.
    let lock = kept[0].with_extension("lock");
    for p in kept.iter().chain([&lock]) {
        let _ = std::fs::remove_file(p);
    }
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&lock)
            .status()
            .unwrap()
            .success()
    );
    assert_eq!(run(Some(&cache)), every_file, "a pipe for the lock");
}

/// `brief search --limit` with a huge number: the search from the kept texts made room for
/// that many hits at once and aborted ("memory allocation of 1600000000000 bytes failed"),
/// where reading every file answered with every hit.
#[test]
fn a_huge_search_limit_gives_every_hit_from_the_kept_texts_too() {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let run = |cache: Option<&Path>, limit: &str| {
        let mut c = brief();
        c.args(["search", "lz", "--json", "--limit", limit, "--library"])
            .arg(shipped());
        match cache {
            Some(cache) => c.env("XDG_CACHE_HOME", cache),
            None => c.env_remove("XDG_CACHE_HOME").env("HOME", "/nonexistent"),
        };
        let out = c.output().unwrap();
        (
            out.status.code(),
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    };
    let cache = dir.path().join("cache");
    for limit in ["99999999999", &usize::MAX.to_string()] {
        let every_file = run(None, limit);
        assert_eq!(every_file.0, Some(0), "{every_file:?}");
        assert!(json(every_file.1.as_bytes()).as_array().unwrap().len() > 1);
        for _ in 0..2 {
            assert_eq!(run(Some(&cache), limit), every_file, "--limit {limit}");
        }
    }
}
