//! Scoring an importer's answers against the hand-checked expected files of tests/corpus,
//! shared by the corpus test and the peers benchmark (benches/import_peers.rs), so brief and
//! its peers are scored by the same code.
#![allow(dead_code)]

use brief::briefing::RegionRef;
use brief::import::{Imported, Options, import_bytes};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
pub struct Expected {
    pub title: String,
    pub date: String,
    pub date_precision: String,
    #[serde(default)]
    pub regions: Vec<RegionRef>,
    #[serde(default)]
    pub also_regions: Vec<RegionRef>,
    #[serde(default)]
    pub not_regions: Vec<RegionRef>,
    #[serde(default)]
    pub chrome: Vec<String>,
}

pub struct Page {
    pub slug: String,
    pub input: PathBuf,
    pub is_html: bool,
    pub expected: Expected,
    pub body: String,
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

pub fn pages() -> Vec<Page> {
    let dir = corpus_dir();
    let mut out = Vec::new();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/corpus exists")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        // `<slug>.figures.toml` holds the page's key figures, for tests/figures_corpus.rs.
        .filter(|p| !p.to_string_lossy().ends_with(".figures.toml"))
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

pub fn import(page: &Page) -> Imported {
    let bytes = std::fs::read(&page.input).expect("readable");
    let opts = Options {
        encoding: None,
        today: NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"),
    };
    import_bytes(&bytes, &page.input, &opts)
}

/// Text with every kind of white space removed, for comparisons that layout must not sway.
pub fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}' && *c != '\u{200b}')
        .collect()
}

/// What an extractor said of a page: brief's import, or a peer's output.
pub struct Answer {
    pub title: String,
    /// The date and its precision (`day`, `month`, `year`, `unknown`).
    pub date: Option<(NaiveDate, String)>,
    pub regions: Vec<RegionRef>,
    pub body: String,
}

impl Answer {
    pub fn of_import(got: &Imported) -> Answer {
        let m = &got.briefing.meta;
        Answer {
            title: m.title.clone(),
            date: Some((m.date, m.date_precision.as_str().to_string())),
            regions: m.regions.clone(),
            body: got.briefing.body.clone(),
        }
    }

    /// A peer's output; a date it gives counts at day precision, none as unknown.
    pub fn of_peer(p: &PeerOutput) -> Answer {
        let date = p
            .date
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok());
        Answer {
            title: p.title.clone().unwrap_or_default(),
            date: Some(match date {
                Some(d) => (d, "day".to_string()),
                None => (NaiveDate::MIN, "unknown".to_string()),
            }),
            regions: p.regions.clone(),
            body: p.body.clone().unwrap_or_default(),
        }
    }
}

pub fn title_ok(page: &Page, got: &Answer) -> bool {
    compact(&got.title) == compact(&page.expected.title)
}

pub fn date_ok(page: &Page, got: &Answer) -> bool {
    let Some((date, precision)) = &got.date else {
        return false;
    };
    let e = &page.expected;
    match e.date_precision.as_str() {
        "none" => precision == "unknown",
        p => {
            let Ok(want) = NaiveDate::parse_from_str(&e.date, "%Y-%m-%d") else {
                return false;
            };
            let fmt = match p {
                "day" => "%Y-%m-%d",
                "month" => "%Y-%m",
                _ => "%Y",
            };
            precision == p && date.format(fmt).to_string() == want.format(fmt).to_string()
        }
    }
}

/// Every subject found; nothing from a dateline, publisher or chrome; nothing else found but
/// what the page mentions in passing or the province of a subject.
pub fn regions_ok(page: &Page, got: &Answer) -> bool {
    let found: Vec<&RegionRef> = got.regions.iter().collect();
    let e = &page.expected;
    let province_of_subject =
        |r: &RegionRef| r.city.is_none() && e.regions.iter().any(|s| s.province == r.province);
    e.regions.iter().all(|r| found.contains(&r))
        && !e.not_regions.iter().any(|r| found.contains(&r))
        && found
            .iter()
            .all(|r| e.regions.contains(r) || e.also_regions.contains(r) || province_of_subject(r))
}

pub fn paragraphs(body: &str) -> Vec<String> {
    body.split('\n')
        .map(|p| compact(p.trim_start_matches("## ")))
        .filter(|p| !p.is_empty())
        .collect()
}

/// How many chrome lines stayed in the body: as a paragraph of their own, or (for lines long
/// enough not to occur by chance) inside one.
pub fn chrome_left(page: &Page, got: &Answer) -> Vec<String> {
    let paras = paragraphs(&got.body);
    let title = compact(&got.title);
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
pub fn sentences(body: &str) -> Vec<String> {
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

pub fn sentences_lost(page: &Page, got: &Answer) -> Vec<String> {
    let body = compact(&got.body);
    sentences(&page.body)
        .into_iter()
        .filter(|s| !body.contains(s.as_str()))
        .collect()
}

/// The F1 of character bigrams between an extracted body and the expected one.
pub fn bigram_f1(got: &str, want: &str) -> f64 {
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
pub struct PeerOutput {
    pub slug: String,
    pub peer: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub regions: Vec<RegionRef>,
    #[serde(default)]
    pub body: Option<String>,
}

pub fn peers() -> Vec<PeerOutput> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/peers/peers.json");
    std::fs::read_to_string(path)
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

pub fn pct(ok: usize, n: usize) -> f64 {
    if n == 0 {
        100.0
    } else {
        100.0 * ok as f64 / n as f64
    }
}
