//! The importer on the five real seed articles (tests/fixtures/seeds, copied from shared/seeds).

use brief::briefing::{DatePrecision, RegionRef, write_briefing};
use brief::import::{Imported, Options, import_bytes, remove_pinyin_notes};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

const SEEDS: [&str; 5] = [
    "000_ce70399f9ef563a3.txt",
    "001_366fcfc982ca9ab6.txt",
    "002_e547de4f37f4e0f0.txt",
    "003_3ba7f582877c7687.txt",
    "004_d60fcfaf88ee2402.txt",
];

fn seed_path(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/seeds")
        .join(name)
}

fn import(name: &str) -> Imported {
    let bytes = std::fs::read(seed_path(name)).unwrap();
    let opts = Options {
        encoding: None,
        today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
    };
    import_bytes(&bytes, &seed_path(name), &opts)
}

fn all() -> Vec<Imported> {
    SEEDS.iter().map(|s| import(s)).collect()
}

fn r(province: &str, city: Option<&str>) -> RegionRef {
    RegionRef {
        province: province.into(),
        city: city.map(Into::into),
    }
}

#[test]
fn titles_are_exact() {
    let titles: Vec<String> = all().into_iter().map(|i| i.briefing.meta.title).collect();
    assert_eq!(
        titles,
        [
            "创新抢先机 “提智”谋破局 ——柳州2024年终系列报道·新质生产力",
            "中国网专访 | 柳州:“双轮驱动”锻造高端装备新质引擎",
            "特別策劃·詞說聊城丨追高逐新的飛躍“密碼”——回眸2024系列報道②",
            "2024全国两会特别策划 | 新质生产力 跃动看中国",
            "以“新”提“质” 释放发展新动能",
        ]
    );
}

#[test]
fn stated_dates_are_days_and_inferred_ones_say_so() {
    let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
    let dates: Vec<(NaiveDate, DatePrecision)> = all()
        .into_iter()
        .map(|i| (i.briefing.meta.date, i.briefing.meta.date_precision))
        .collect();
    assert_eq!(
        dates,
        [
            (d(2024, 12, 1), DatePrecision::Month), // a 2024 year-end series
            (d(2025, 7, 28), DatePrecision::Day),
            (d(2024, 12, 20), DatePrecision::Day),
            (d(2024, 3, 1), DatePrecision::Month), // the March 2024 national sessions
            (d(2024, 1, 1), DatePrecision::Year),
        ]
    );
}

#[test]
fn sources_are_found() {
    let sources: Vec<Option<String>> = all().into_iter().map(|i| i.briefing.meta.source).collect();
    assert_eq!(sources[1].as_deref(), Some("中国网"));
    assert_eq!(
        sources[2].as_deref(),
        Some("新聊城客戶端"),
        "kept in the script it came in"
    );
    assert_eq!(
        sources[3].as_deref(),
        Some("极目新闻"),
        "the outlet of the reporters' credit"
    );
}

#[test]
fn single_city_articles_have_their_city() {
    let i = all();
    assert_eq!(
        i[0].briefing.meta.regions,
        [r("广西壮族自治区", Some("柳州市"))]
    );
    assert_eq!(
        i[1].briefing.meta.regions,
        [r("广西壮族自治区", Some("柳州市"))]
    );
    assert_eq!(i[2].briefing.meta.regions, [r("山东省", Some("聊城市"))]);
    for (k, one) in i.iter().take(3).enumerate() {
        assert!(
            one.briefing.meta.sections.is_empty(),
            "seed {k} is about one city"
        );
    }
}

#[test]
fn the_two_sessions_article_has_eight_provincial_sections() {
    let b = import(SEEDS[3]).briefing;
    let provinces: Vec<&str> = b
        .meta
        .sections
        .iter()
        .map(|s| s.regions[0].province.as_str())
        .collect();
    assert_eq!(
        provinces,
        [
            "湖北省",
            "广东省",
            "四川省",
            "重庆市",
            "浙江省",
            "江苏省",
            "贵州省",
            "江西省"
        ]
    );
    let jiangsu = b
        .meta
        .sections
        .iter()
        .find(|s| s.heading.starts_with("【江苏】"))
        .unwrap();
    assert_eq!(jiangsu.regions, [r("江苏省", Some("苏州市"))]);
    for s in &b.meta.sections {
        assert!(
            b.body.contains(&format!("## {}\n", s.heading)),
            "section `{}` is placed in the body",
            s.heading
        );
    }
    let provinces_of_doc: Vec<&str> = b.meta.regions.iter().map(|r| r.province.as_str()).collect();
    assert_eq!(provinces_of_doc.len(), 8);
}

#[test]
fn the_three_region_article_places_each_section() {
    let b = import(SEEDS[4]).briefing;
    let placed: Vec<(&str, &[RegionRef])> = b
        .meta
        .sections
        .iter()
        .map(|s| (s.heading.as_str(), s.regions.as_slice()))
        .collect();
    assert_eq!(
        placed,
        [
            ("传统产业转型升级", &[r("陕西省", Some("铜川市"))][..]),
            ("抢滩布局“新”产业", &[r("山东省", Some("烟台市"))][..]),
            ("“数实融合”撬动新增长点", &[r("天津市", None)][..]),
        ]
    );
    assert_eq!(
        b.meta.regions,
        [
            r("陕西省", Some("铜川市")),
            r("山东省", Some("烟台市")),
            r("天津市", None)
        ]
    );
}

#[test]
fn no_page_chrome_survives() {
    for i in all() {
        let b = &i.briefing;
        let text = format!("{}\n{}\n{:?}", b.meta.title, b.body, b.meta.source);
        for chrome in [
            "emc易倍",
            "分享",
            "打印",
            "ICP",
            "举报",
            "舉報",
            "data:image",
            "網友評論",
            "文件下载",
            "当前位置",
            "您的位置",
            "編輯:",
            "审核:",
            "版權所有",
            "A+A-",
        ] {
            assert!(
                !text.contains(chrome),
                "{}: `{chrome}` survived",
                i.path.display()
            );
        }
    }
}

#[test]
fn no_pinyin_annotation_survives() {
    let note = regex::Regex::new(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}[)）]").unwrap();
    for i in all() {
        let hits: Vec<&str> = note
            .find_iter(&i.briefing.body)
            .map(|m| m.as_str())
            .filter(|m| !m.is_ascii())
            .collect();
        assert!(hits.is_empty(), "{}: {hits:?}", i.path.display());
    }
    assert!(
        import(SEEDS[2])
            .briefing
            .body
            .contains("眾鑫精密機械(山東)有限公司"),
        "real brackets stay"
    );
}

/// The input lines of each seed that are page chrome (or the title), by line number; every
/// other line is article text and must survive whole.
fn chrome_lines(seed: usize) -> Vec<usize> {
    match seed {
        0 => vec![1, 2],
        1 => vec![1, 3, 4, 5, 6, 7, 9, 11, 12, 13, 14, 15, 52, 54, 56, 58],
        2 => {
            let mut v: Vec<usize> = (1..=10).collect();
            v.extend([
                12, 14, 16, 17, 18, 20, 52, 54, 55, 56, 59, 60, 62, 63, 64, 65,
            ]);
            v
        }
        3 => {
            let mut v = vec![1];
            v.extend(48..=61);
            v
        }
        4 => vec![3],
        _ => unreachable!(),
    }
}

#[test]
fn every_article_sentence_survives() {
    for (k, name) in SEEDS.iter().enumerate() {
        let raw = std::fs::read_to_string(seed_path(name)).unwrap();
        let body: String = import(name).briefing.body.replace('\n', "");
        let chrome = chrome_lines(k);
        let mut checked = 0;
        for (n, line) in raw.lines().enumerate() {
            if chrome.contains(&(n + 1)) {
                continue;
            }
            let mut line = remove_pinyin_notes(
                line.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}'),
            );
            if k == 0 && n + 1 == 3 {
                line = line.replace(" 全媒体记者 覃科 摄", ""); // the caption stays, its credit goes
            }
            for sentence in line.split_inclusive(['。', '！', '？', '!', '?', '；']) {
                let sentence = sentence.trim();
                if !sentence.is_empty() {
                    assert!(
                        body.contains(sentence),
                        "{name}:{}: lost `{sentence}`",
                        n + 1
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 20, "{name}: only {checked} sentences checked");
    }
}

#[test]
fn shipped_briefings_are_what_the_importer_makes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings");
    for i in all() {
        let shipped = dir.join(i.file_name());
        let text = std::fs::read_to_string(&shipped).unwrap_or_else(|e| {
            panic!(
                "{} is not shipped ({e}); re-import the seeds",
                shipped.display()
            )
        });
        assert_eq!(
            text,
            write_briefing(&i.briefing),
            "{} differs from a fresh import",
            shipped.display()
        );
    }
    let lib = brief::briefing::load_library(&dir).unwrap();
    assert!(lib.errors.is_empty(), "{:?}", lib.errors);
    assert_eq!(lib.briefings.len(), SEEDS.len());
}
