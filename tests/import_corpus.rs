//! The importer scored on real pages from many sites (tests/corpus: text copies and saved HTML,
//! each with an expected file checked by hand against the page). See tests/corpus/README.md.
//!
//! Scores: titles, dates to the stated precision, regions (every subject found, nothing taken
//! from a dateline, a publisher or chrome, nothing found that the page is not about), chrome
//! lines removed, article sentences kept, and on HTML pages the body's character-bigram F1,
//! which must be at least GNE's on the same pages (`benches/peers/peers.json`, made by
//! `benches/peers/run_peers.py` and scored here by the same code).

mod corpus_score;

use brief::briefing::{parse_briefing, write_briefing};
use brief::regions::gazetteer;
use corpus_score::{
    Answer, Page, bigram_f1, chrome_left, date_ok, import, pages, pct, peers, regions_ok,
    sentences, sentences_lost, title_ok,
};
use std::collections::HashMap;
use std::path::PathBuf;

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
        let imported = import(page);
        let m = &imported.briefing.meta;
        let got = Answer::of_import(&imported);
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
            html_f1.push((page.slug.clone(), bigram_f1(&got.body, &page.body)));
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
