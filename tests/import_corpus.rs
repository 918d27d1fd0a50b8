//! The importer scored on real pages from many sites (tests/corpus: text copies and saved HTML,
//! each with an expected file checked by hand against the page). See tests/corpus/README.md.
//!
//! Scores: titles, dates to the stated precision, regions (every subject found, nothing taken
//! from a dateline, a publisher or chrome, nothing found that the page is not about), chrome
//! lines removed, article sentences kept, and on HTML pages the body's character-bigram F1,
//! which must be at least GNE's on the same pages (`benches/peers/peers.json`, made by
//! `benches/peers/run_peers.py` and scored here by the same code).

use brief::briefing::{DatePrecision, RegionRef, parse_briefing, write_briefing};
use brief::import::{Imported, Options, import_bytes};
use brief::regions::gazetteer;
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Percentages (F1 times 100) on the corpus.
struct Scores {
    titles: f64,
    dates: f64,
    regions: f64,
    chrome: f64,
    sentences: f64,
    html_f1: f64,
}

/// What issue 13 asks for (HTML F1: at least GNE's on the same pages, computed in the test).
const BAR: Scores = Scores {
    titles: 95.0,
    dates: 95.0,
    regions: 95.0,
    chrome: 95.0,
    sentences: 100.0,
    html_f1: 0.0,
};

/// What the importer reached on this corpus (62 pages); raise it with every improvement.
const FLOOR: Scores = Scores {
    titles: 96.7,
    dates: 95.1,
    regions: 95.1,
    chrome: 99.3,
    sentences: 100.0,
    html_f1: 98.4,
};

#[derive(Debug, Deserialize)]
struct Expected {
    title: String,
    date: String,
    date_precision: String,
    #[serde(default)]
    regions: Vec<RegionRef>,
    #[serde(default)]
    also_regions: Vec<RegionRef>,
    #[serde(default)]
    not_regions: Vec<RegionRef>,
    #[serde(default)]
    chrome: Vec<String>,
}

struct Page {
    slug: String,
    input: PathBuf,
    is_html: bool,
    expected: Expected,
    body: String,
}

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn pages() -> Vec<Page> {
    let dir = corpus_dir();
    let mut out = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/corpus exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    for toml_path in names {
        let slug = toml_path
            .file_stem()
            .expect("stem")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&toml_path).expect("readable");
        let expected: Expected =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", toml_path.display()));
        let input = ["txt", "html", "htm"]
            .iter()
            .map(|ext| dir.join(format!("{slug}.{ext}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("{slug}: no .txt or .html beside the .toml"));
        let is_html = input.extension().is_some_and(|e| e != "txt");
        let body = std::fs::read_to_string(dir.join(format!("{slug}.body.txt")))
            .unwrap_or_else(|_| panic!("{slug}: no .body.txt"));
        out.push(Page {
            slug,
            input,
            is_html,
            expected,
            body,
        });
    }
    out
}

fn import(page: &Page) -> Imported {
    let bytes = std::fs::read(&page.input).expect("readable");
    let opts = Options {
        encoding: None,
        today: NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
    };
    import_bytes(&bytes, &page.input, &opts)
}

/// Text with every kind of white space removed, for comparisons that layout must not sway.
fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}' && *c != '\u{200b}')
        .collect()
}

fn title_ok(page: &Page, got: &Imported) -> bool {
    compact(&got.briefing.meta.title) == compact(&page.expected.title)
}

fn date_ok(page: &Page, got: &Imported) -> bool {
    let m = &got.briefing.meta;
    let e = &page.expected;
    match e.date_precision.as_str() {
        "none" => m.date_precision == DatePrecision::Unknown,
        p => {
            let Ok(want) = NaiveDate::parse_from_str(&e.date, "%Y-%m-%d") else {
                return false;
            };
            let fmt = match p {
                "day" => "%Y-%m-%d",
                "month" => "%Y-%m",
                _ => "%Y",
            };
            m.date_precision.as_str() == p
                && m.date.format(fmt).to_string() == want.format(fmt).to_string()
        }
    }
}

/// Every subject found; nothing from a dateline, publisher or chrome; nothing else found but
/// what the page mentions in passing or the province of a subject.
fn regions_ok(page: &Page, got: &Imported) -> bool {
    let found: Vec<&RegionRef> = got.briefing.meta.regions.iter().collect();
    let e = &page.expected;
    let province_of_subject =
        |r: &RegionRef| r.city.is_none() && e.regions.iter().any(|s| s.province == r.province);
    e.regions.iter().all(|r| found.contains(&r))
        && !e.not_regions.iter().any(|r| found.contains(&r))
        && found
            .iter()
            .all(|r| e.regions.contains(r) || e.also_regions.contains(r) || province_of_subject(r))
}

fn paragraphs(body: &str) -> Vec<String> {
    body.split('\n')
        .map(|p| compact(p.trim_start_matches("## ")))
        .filter(|p| !p.is_empty())
        .collect()
}

/// How many chrome lines stayed in the body: as a paragraph of their own, or (for lines long
/// enough not to occur by chance) inside one.
fn chrome_left(page: &Page, got: &Imported) -> Vec<String> {
    let paras = paragraphs(&got.briefing.body);
    let title = compact(&got.briefing.meta.title);
    page.expected
        .chrome
        .iter()
        .filter(|c| {
            let c = compact(c);
            !c.is_empty()
                && (paras.contains(&c)
                    || (c.chars().count() >= 12 && paras.iter().any(|p| p.contains(&c))))
                && c != title
        })
        .cloned()
        .collect()
}

/// The article's sentences, from the expected body: split after 。！？ and at line ends.
fn sentences(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in body.lines() {
        let mut cur = String::new();
        for c in line.chars() {
            cur.push(c);
            if "。！？!?".contains(c) {
                out.push(compact(&cur));
                cur.clear();
            }
        }
        out.push(compact(&cur));
    }
    out.retain(|s| s.chars().count() >= 4);
    out
}

fn sentences_lost(page: &Page, got: &Imported) -> Vec<String> {
    let body = compact(&got.briefing.body);
    sentences(&page.body)
        .into_iter()
        .filter(|s| !body.contains(s.as_str()))
        .collect()
}

/// The F1 of character bigrams between an extracted body and the expected one.
fn bigram_f1(got: &str, want: &str) -> f64 {
    let grams = |s: &str| -> HashMap<(char, char), usize> {
        let chars: Vec<char> = compact(s).chars().collect();
        let mut m = HashMap::new();
        for w in chars.windows(2) {
            *m.entry((w[0], w[1])).or_insert(0) += 1;
        }
        m
    };
    let (g, w) = (grams(got), grams(want));
    let common: usize = g
        .iter()
        .map(|(k, n)| (*n).min(w.get(k).copied().unwrap_or(0)))
        .sum();
    let (ng, nw): (usize, usize) = (g.values().sum(), w.values().sum());
    if ng == 0 || nw == 0 || common == 0 {
        return 0.0;
    }
    let (p, r) = (common as f64 / ng as f64, common as f64 / nw as f64);
    2.0 * p * r / (p + r)
}

#[derive(Deserialize)]
struct PeerOutput {
    slug: String,
    peer: String,
    #[serde(default)]
    body: Option<String>,
}

fn peers() -> Vec<PeerOutput> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peers/peers.json");
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

fn pct(ok: usize, n: usize) -> f64 {
    if n == 0 {
        100.0
    } else {
        100.0 * ok as f64 / n as f64
    }
}

#[test]
fn importer_scores_on_real_pages_from_many_sites() {
    let pages = pages();
    assert!(pages.len() >= 30, "the corpus has {} pages", pages.len());
    let mut report = String::new();
    let (mut titles, mut dates, mut regions) = (0, 0, 0);
    let (mut chrome_total, mut chrome_removed) = (0, 0);
    let (mut sentence_total, mut sentence_kept) = (0, 0);
    let mut html_f1: Vec<(String, f64)> = Vec::new();
    for page in &pages {
        let got = import(page);
        let m = &got.briefing.meta;
        if title_ok(page, &got) {
            titles += 1;
        } else {
            report += &format!(
                "{}: title {:?}, want {:?}\n",
                page.slug, m.title, page.expected.title
            );
        }
        if date_ok(page, &got) {
            dates += 1;
        } else {
            report += &format!(
                "{}: date {} ({}), want {} ({})\n",
                page.slug,
                m.date,
                m.date_precision.as_str(),
                page.expected.date,
                page.expected.date_precision
            );
        }
        if regions_ok(page, &got) {
            regions += 1;
        } else {
            report += &format!(
                "{}: regions {:?}, want {:?}\n",
                page.slug,
                m.regions
                    .iter()
                    .map(brief::regions::label)
                    .collect::<Vec<_>>(),
                page.expected
                    .regions
                    .iter()
                    .map(brief::regions::label)
                    .collect::<Vec<_>>()
            );
        }
        let left = chrome_left(page, &got);
        chrome_total += page.expected.chrome.len();
        chrome_removed += page.expected.chrome.len() - left.len();
        for c in left {
            report += &format!("{}: chrome kept {c:?}\n", page.slug);
        }
        let lost = sentences_lost(page, &got);
        let all = sentences(&page.body).len();
        sentence_total += all;
        sentence_kept += all - lost.len();
        for s in lost {
            report += &format!("{}: sentence lost {s:?}\n", page.slug);
        }
        if page.is_html {
            html_f1.push((page.slug.clone(), bigram_f1(&got.briefing.body, &page.body)));
        }
    }
    let n = pages.len();
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    // Both scored on the same pages: those GNE was run on.
    let by_slug: HashMap<&str, &Page> = pages.iter().map(|p| (p.slug.as_str(), p)).collect();
    let gne_by_slug: HashMap<String, f64> = peers()
        .iter()
        .filter(|p| p.peer == "gne" && by_slug.get(p.slug.as_str()).is_some_and(|pg| pg.is_html))
        .map(|p| {
            let f1 = bigram_f1(
                p.body.as_deref().unwrap_or(""),
                &by_slug[p.slug.as_str()].body,
            );
            (p.slug.clone(), f1)
        })
        .collect();
    let ours: Vec<f64> = html_f1
        .iter()
        .filter(|(s, _)| gne_by_slug.contains_key(s))
        .map(|(_, f)| *f)
        .collect();
    let gne: Vec<f64> = gne_by_slug.values().copied().collect();
    let summary = format!(
        "{n} pages ({} html): titles {:.1}%, dates {:.1}%, regions {:.1}%, chrome removed {:.1}% of {chrome_total}, sentences kept {:.2}% of {sentence_total}, html body F1 {:.3} (GNE {:.3} on {} pages)",
        html_f1.len(),
        pct(titles, n),
        pct(dates, n),
        pct(regions, n),
        pct(chrome_removed, chrome_total),
        pct(sentence_kept, sentence_total),
        mean(&ours),
        mean(&gne),
        gne.len(),
    );
    eprintln!("{report}\n{summary}");
    for (slug, f) in &html_f1 {
        let peer = gne_by_slug
            .get(slug)
            .map_or_else(|| "-".to_string(), |g| format!("{g:.3}"));
        eprintln!("  {slug}: F1 {f:.3} (GNE {peer})");
    }
    // The bar is BAR; FLOOR is what the importer measured when this test was last
    // raised, at or above the bar: a change may only move the scores up.
    for (name, got, floor, bar) in [
        ("titles", pct(titles, n), FLOOR.titles, BAR.titles),
        ("dates", pct(dates, n), FLOOR.dates, BAR.dates),
        ("regions", pct(regions, n), FLOOR.regions, BAR.regions),
        (
            "chrome removed",
            pct(chrome_removed, chrome_total),
            FLOOR.chrome,
            BAR.chrome,
        ),
        (
            "sentences kept",
            pct(sentence_kept, sentence_total),
            FLOOR.sentences,
            BAR.sentences,
        ),
        (
            "html body F1 x100",
            100.0 * mean(&ours),
            FLOOR.html_f1,
            100.0 * mean(&gne),
        ),
    ] {
        eprintln!("{name}: {got:.1} (floor {floor:.1}, bar {bar:.1})");
        assert!(got >= bar, "{name} is below the bar: {summary}");
        assert!(got >= floor, "{name} fell below its floor: {summary}");
    }
}

#[test]
fn every_corpus_import_writes_a_briefing_the_library_accepts() {
    let g = gazetteer();
    for page in pages() {
        let got = import(&page);
        assert!(!got.is_empty(), "{}: imported as empty", page.slug);
        let text = write_briefing(&got.briefing);
        let path = PathBuf::from(got.file_name());
        let back = parse_briefing(&text, &path).unwrap_or_else(|e| {
            panic!("{}: the written briefing does not parse: {e:?}", page.slug)
        });
        assert_eq!(back.meta, got.briefing.meta, "{}", page.slug);
        for r in &back.meta.regions {
            assert!(
                g.resolve_ref(r).is_some(),
                "{}: unknown region {r:?}",
                page.slug
            );
        }
    }
}
