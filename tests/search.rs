//! Search on the shipped library: pinyin, traditional characters, several terms, ranking and
//! offsets that point at the right characters of the original text.

use brief::briefing::{Library, load_library};
use brief::search::{Field, Hit, Index, Searcher};
use std::path::Path;

fn lib() -> Library {
    load_library(&Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings")).unwrap()
}

fn ids(lib: &Library, hits: &[Hit]) -> Vec<String> {
    hits.iter()
        .map(|h| lib.briefings[h.briefing].id.clone())
        .collect()
}

/// The text of a hit's match, taken from the original field.
fn matched(lib: &Library, h: &Hit) -> String {
    let index = Index::build(lib);
    let snippet = index.snippet(lib, h);
    let b = &lib.briefings[h.briefing];
    let text: String = match h.field {
        Field::Body => b.body.clone(),
        Field::Title => b.meta.title.clone(),
        _ => snippet.text.clone(),
    };
    let chars: Vec<char> = text.chars().collect();
    if matches!(h.field, Field::Body | Field::Title) {
        chars[h.start..h.end].iter().collect()
    } else {
        snippet
            .text
            .chars()
            .skip(snippet.matched.start)
            .take(snippet.matched.len())
            .collect()
    }
}

#[test]
fn liuzhou_and_lz_rank_the_liuzhou_briefings_first() {
    let lib = lib();
    let index = Index::build(&lib);
    for q in ["liuzhou", "lz", "柳州", "LiuZhou"] {
        let hits = index.search(q);
        assert!(hits.len() >= 2, "{q}");
        for h in &hits[..2] {
            assert!(
                lib.briefings[h.briefing].id.contains("liuzhou"),
                "{q}: {:?}",
                ids(&lib, &hits)
            );
            assert_eq!(matched(&lib, h), "柳州", "{q}");
        }
    }
}

#[test]
fn chongqing_and_cq_find_the_chongqing_section() {
    let lib = lib();
    let index = Index::build(&lib);
    for q in ["chongqing", "cq", "重庆"] {
        let hits = index.search(q);
        let h = &hits[0];
        assert_eq!(h.field, Field::Region, "{q}");
        assert!(h.section.as_deref().unwrap().contains("重庆"), "{q}: {h:?}");
    }
}

#[test]
fn liaocheng_finds_the_liaocheng_briefing() {
    let lib = lib();
    let index = Index::build(&lib);
    let hits = index.search("liaocheng");
    assert!(lib.briefings[hits[0].briefing].id.contains("liaocheng"));
    // Its title is in traditional characters: 聊城 matched in 詞說聊城.
    assert_eq!(matched(&lib, &hits[0]), "聊城");
}

#[test]
fn simplified_and_traditional_queries_find_both_scripts() {
    let lib = lib();
    let index = Index::build(&lib);
    let simplified = ids(&lib, &index.search("数字化"));
    let traditional = ids(&lib, &index.search("數字化"));
    assert_eq!(simplified, traditional);
    assert!(simplified.iter().any(|id| id.contains("liaocheng")));
    assert!(
        simplified
            .iter()
            .filter(|id| id.contains("liuzhou"))
            .count()
            == 2
    );
    // The match in the traditional article points at 數字化 in its own text.
    let hits = index.search("数字化");
    let h = hits
        .iter()
        .find(|h| lib.briefings[h.briefing].id.contains("liaocheng"))
        .unwrap();
    assert_eq!(matched(&lib, h), "數字化");
}

#[test]
fn two_terms_must_both_match() {
    let lib = lib();
    let index = Index::build(&lib);
    let both: Vec<String> = lib
        .briefings
        .iter()
        .filter(|b| {
            let folded = brief::search::fold::fold(&b.body);
            folded.contains("新能源") && folded.contains("汽车")
        })
        .map(|b| b.id.clone())
        .collect();
    let mut found = ids(&lib, &index.search("新能源 汽车"));
    found.sort();
    let mut want = both.clone();
    want.sort();
    assert_eq!(found, want);
    assert!(index.search("新能源 不存在的词").is_empty());
}

#[test]
fn initials_find_words_in_the_text() {
    let lib = lib();
    let index = Index::build(&lib);
    let hits = index.search("xnyqc");
    assert!(!hits.is_empty());
    for h in &hits {
        assert_eq!(matched(&lib, h), "新能源汽车");
    }
}

#[test]
fn title_and_region_hits_rank_above_body_hits() {
    let lib = lib();
    let index = Index::build(&lib);
    let hits = index.search("新质生产力");
    let first_body = hits.iter().position(|h| h.field == Field::Body).unwrap();
    assert!(
        hits[..first_body]
            .iter()
            .all(|h| matches!(h.field, Field::Title | Field::Region))
    );
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    // Equal scores keep the library's order: newest first.
    for w in hits.windows(2) {
        if w[0].score == w[1].score {
            assert!(
                lib.briefings[w[0].briefing].meta.date >= lib.briefings[w[1].briefing].meta.date
            );
        }
    }
}

#[test]
fn a_query_with_no_hit_finds_nothing() {
    let lib = lib();
    let index = Index::build(&lib);
    assert!(index.search("qqqqqqqq").is_empty());
    assert!(index.search("   ").is_empty());
}

#[test]
fn typing_one_key_at_a_time_gives_what_a_fresh_search_gives() {
    let lib = lib();
    let index = Index::build(&lib);
    for query in ["liuzhou", "新能源汽车", "shuzihua zhuanxing", "数字化 转型"] {
        let mut searcher = Searcher::default();
        let mut typed = String::new();
        for c in query.chars() {
            typed.push(c);
            let incremental = searcher.search(&index, &typed);
            let fresh = index.search(&typed);
            assert_eq!(incremental, fresh, "after typing {typed:?}");
        }
    }
}

#[test]
fn every_body_match_points_at_the_term_in_the_original() {
    let lib = lib();
    let index = Index::build(&lib);
    let i = lib
        .briefings
        .iter()
        .position(|b| b.id.contains("liaocheng"))
        .unwrap();
    let body: Vec<char> = lib.briefings[i].body.chars().collect();
    let ranges = index.body_matches(i, "产业");
    assert!(ranges.len() > 5);
    for r in ranges {
        let text: String = body[r].iter().collect();
        assert_eq!(text, "產業");
    }
}

#[test]
fn an_index_from_kept_folded_bodies_gives_what_the_bodies_give() {
    let lib = lib();
    let full = Index::build(&lib);
    let cache = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let catalog = brief::briefing::open_catalog(&lib.root, Some(cache.path()), false)
        .unwrap()
        .0;
    let bodies =
        brief::briefing::open_folded(&lib.root, Some(cache.path()), &catalog, &|_, _| ()).unwrap();
    assert!(brief::briefing::open_folded(&lib.root, None, &catalog, &|_, _| ()).is_none());
    let kept_text =
        brief::briefing::open_kept(&lib.root, Some(cache.path()), &catalog, &|_, _| ()).unwrap();
    let streamed = Index::without_bodies(
        catalog.entries.iter().map(|e| &e.meta),
        &kept_text.sample_counts().unwrap(),
    );
    let mut bare = load_library(&lib.root).unwrap();
    for b in &mut bare.briefings {
        b.body.clear();
    }
    let kept = Index::build_folded(&bare, bodies).unwrap();
    for q in [
        "柳州",
        "liuzhou",
        "lz",
        "產業",
        "产业 数字化",
        "xnyqc",
        "新能源汽车",
        "cq",
        "2024",
        "zz",
    ] {
        assert_eq!(kept.search(q), full.search(q), "{q}");
        // Bodies read from the kept text one at a time, as `brief search` reads them.
        let all = lib.briefings.len() + 1;
        let read = streamed.top_in(q, all, &kept_text).unwrap();
        assert_eq!(read, full.search(q), "{q}, read from the kept text");
        for (i, b) in lib.briefings.iter().enumerate() {
            assert!(kept.holds_body(i, &b.body));
            assert!(kept_text.holds(i, &b.body));
            assert_eq!(kept.body_matches(i, q), full.body_matches(i, q), "{q}");
        }
    }
    assert!(!kept_text.holds(0, "另一篇"));
    assert!(!kept.holds_body(0, "另一篇"));
    assert!(Index::build_folded(&bare, Vec::new()).is_none());
}

/// A synthetic library of `n` briefings made by `brief synth` from the shipped ones, once for
/// the test run.
fn synthetic(n: usize) -> Library {
    // The tests of this file run on threads of one process: one makes the library while the
    // others wait (two writing into one folder at once failed).
    static MAKING: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _making = MAKING
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("search-synth-{n}"));
    if !dir.join(".complete").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_brief"))
            .arg("--library")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings"))
            .args(["synth", "--count", &n.to_string(), "--to"])
            .arg(&dir)
            .env(
                "XDG_CACHE_HOME",
                Path::new(env!("CARGO_TARGET_TMPDIR")).join("cache"),
            )
            .status()
            .unwrap();
        assert!(status.success());
        std::fs::write(dir.join(".complete"), "").unwrap();
    }
    load_library(&dir).unwrap()
}

const TYPED: [&str; 9] = [
    "liuzhou",
    "新能源汽车",
    "shuzihua zhuanxing",
    "数字化 转型",
    "gx 柳州",
    "產業 lz",
    "xnyqc",
    "2024 增长",
    "zz",
];

/// The first page of a search, found without matching every body, must be exactly the first
/// page of the whole search, for every prefix as it is typed and every page size.
#[test]
fn the_top_hits_are_the_first_of_the_whole_search() {
    for lib in [lib(), synthetic(600)] {
        let index = Index::build(&lib);
        for query in TYPED {
            let mut searcher = Searcher::default();
            let mut typed = String::new();
            for c in query.chars() {
                typed.push(c);
                let whole = index.search(&typed);
                for k in [1, 2, 3, 5, 10, 20, 50, whole.len() + 1] {
                    let want = &whole[..k.min(whole.len())];
                    assert_eq!(index.top(&typed, k), want, "{typed:?}, {k}");
                    // Among the previous key's hits, as the reader asks while typing.
                    assert_eq!(searcher.top(&index, &typed, k), want, "{typed:?}, {k}");
                }
                assert_eq!(searcher.search(&index, &typed), whole, "{typed:?}");
            }
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::test_runner::Config::with_cases(48))]
    /// The same for queries made of random pieces of pinyin, characters and letters, typed a
    /// key at a time.
    #[test]
    fn the_top_hits_of_any_query_are_the_first_of_the_whole_search(
        pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "l", "liu", "zh", "x", "xin", "n", "neng", "s", "shu", "zi", "g", "gx", "cq",
                "柳", "州", "新", "能源", "产业", "產", "数字", "汽车", "增长", "亿", " ", "'",
                "2", "%", "q",
            ]),
            1..5,
        ),
        k in 1usize..40,
    ) {
        thread_local! {
            static INDEX: (Library, Index) = {
                let lib = synthetic(600);
                let index = Index::build(&lib);
                (lib, index)
            };
        }
        let query: String = pieces.concat();
        INDEX.with(|(_, index)| {
            // Typed a key at a time, each key among the previous key's hits: what it
            // remembers (where the title and body ruled a term out) must change nothing.
            let mut searcher = Searcher::default();
            let mut typed = String::new();
            for c in query.chars() {
                typed.push(c);
                let whole = index.search(&typed);
                let first = &whole[..k.min(whole.len())];
                proptest::prop_assert_eq!(index.top(&typed, k), first, "{:?}", typed);
                proptest::prop_assert_eq!(searcher.top(index, &typed, k), first, "{:?}", typed);
                proptest::prop_assert_eq!(searcher.search(index, &typed), whole, "{:?}", typed);
            }
            Ok(())
        })?;
    }
}

/// The kept texts of a library, counting the bodies a search reads, and failing to read
/// those it is told to (as a text that fails its check does).
struct Counted<'a> {
    kept: &'a brief::briefing::KeptText,
    read: std::sync::atomic::AtomicUsize,
    fails: Option<usize>,
    released: std::sync::atomic::AtomicUsize,
}

impl brief::search::Bodies for Counted<'_> {
    fn may_hold(&self, i: usize, term: &str) -> bool {
        self.kept.may_hold(i, term)
    }
    fn body(&self, i: usize) -> Option<brief::search::fold::Folded> {
        self.read.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        if self.fails == Some(i) {
            return None;
        }
        self.kept.body(i)
    }
    fn release(&self) {
        self.released
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.kept.release();
    }
}

/// `brief search` reads from the kept texts only the bodies its best hits need: what it
/// finds must be exactly the first hits of the whole search, and with many hits it must read
/// a small part of the bodies.
#[test]
fn the_top_hits_read_from_kept_texts_are_the_first_of_the_whole_search() {
    use brief::search::Bodies;
    for lib in [lib(), synthetic(600)] {
        let full = Index::build(&lib);
        let cache = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
        let catalog = brief::briefing::open_catalog(&lib.root, Some(cache.path()), false)
            .unwrap()
            .0;
        let kept = brief::briefing::open_kept(&lib.root, Some(cache.path()), &catalog, &|_, _| ())
            .unwrap();
        let index = Index::without_bodies(
            catalog.entries.iter().map(|e| &e.meta),
            &kept.sample_counts().unwrap(),
        );
        for query in TYPED {
            let mut typed = String::new();
            for c in query.chars() {
                typed.push(c);
                let whole = full.search(&typed);
                for k in [1, 3, 10, 50, whole.len() + 1] {
                    let want = &whole[..k.min(whole.len())];
                    let got = index.top_in(&typed, k, &kept).unwrap();
                    assert_eq!(got, want, "{typed:?}, {k}");
                }
            }
        }
        // A term in most bodies and few titles: ten hits need few of the bodies.
        let counted = Counted {
            kept: &kept,
            read: Default::default(),
            fails: None,
            released: Default::default(),
        };
        let n = lib.briefings.len();
        let hits = index.top_in("产业", 10, &counted).unwrap();
        let read = counted.read.into_inner();
        assert_eq!(
            hits,
            full.search("产业")[..10.min(full.search("产业").len())]
        );
        if n >= 600 {
            assert!(read * 4 < n, "{read} of {n} bodies read for ten hits");
        }
        // A body that cannot be read gives no answer rather than a wrong one.
        let failing = Counted {
            kept: &kept,
            read: Default::default(),
            fails: Some(full.search("产业")[0].briefing),
            released: Default::default(),
        };
        assert_eq!(index.top_in("产业", 10, &failing), None);
        assert!(kept.body(n).is_none());
        // A term no briefing holds reads every body, a batch at a time, letting each go.
        let every = Counted {
            kept: &kept,
            read: Default::default(),
            fails: None,
            released: Default::default(),
        };
        assert_eq!(index.top_in("量子计算", 10, &every), Some(Vec::new()));
        assert_eq!(every.read.into_inner(), n);
        assert!(every.released.into_inner() >= 1);
    }
}
