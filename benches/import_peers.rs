//! brief's importer side by side with GNE (saved HTML) and JioNLP (text), on the same pages of
//! tests/corpus, scored by the corpus test's own code. The peers' answers come from
//! `benches/peers/peers.json`, made by `python3 benches/peers/run_peers.py` (needs
//! `pip install gne jionlp`); this prints a table and the time brief takes per page.
//!
//! `cargo bench --bench import_peers`

#[path = "../tests/corpus_score/mod.rs"]
mod corpus_score;

use corpus_score::{
    Answer, Page, bigram_f1, date_ok, import, pages, pct, peers, regions_ok, sentences,
    sentences_lost, title_ok,
};
use std::collections::HashMap;
use std::time::Instant;

#[derive(Default)]
struct Tally {
    pages: usize,
    titles: usize,
    dates: usize,
    regions: usize,
    kept: usize,
    sentences: usize,
    f1: f64,
}

impl Tally {
    fn add(&mut self, page: &Page, a: &Answer) {
        self.pages += 1;
        self.titles += usize::from(title_ok(page, a));
        self.dates += usize::from(date_ok(page, a));
        self.regions += usize::from(regions_ok(page, a));
        let all = sentences(&page.body).len();
        self.sentences += all;
        self.kept += all - sentences_lost(page, a).len();
        self.f1 += bigram_f1(&a.body, &page.body);
    }

    fn row(&self, who: &str) -> String {
        format!(
            "| {who:<14} | {:>5} | {:>6.1}% | {:>6.1}% | {:>7.1}% | {:>9.1}% | {:>7.3} |",
            self.pages,
            pct(self.titles, self.pages),
            pct(self.dates, self.pages),
            pct(self.regions, self.pages),
            pct(self.kept, self.sentences),
            self.f1 / self.pages.max(1) as f64,
        )
    }
}

fn main() {
    let pages = pages();
    let by_slug: HashMap<&str, &Page> = pages.iter().map(|p| (p.slug.as_str(), p)).collect();
    let mut ours: HashMap<&str, Answer> = HashMap::new();
    let started = Instant::now();
    for page in &pages {
        ours.insert(page.slug.as_str(), Answer::of_import(&import(page)));
    }
    let per_page = started.elapsed() / pages.len().max(1) as u32;
    let peer_answers = peers();
    println!("| who            | pages | titles  | dates   | regions  | sentences  | body F1 |");
    println!("|----------------|-------|---------|---------|----------|------------|---------|");
    for (peer, kind) in [("gne", "html"), ("jionlp", "text")] {
        let (mut theirs, mut mine) = (Tally::default(), Tally::default());
        for p in peer_answers.iter().filter(|p| p.peer == peer) {
            let Some(page) = by_slug.get(p.slug.as_str()) else {
                continue;
            };
            theirs.add(page, &Answer::of_peer(p));
            mine.add(page, &ours[p.slug.as_str()]);
        }
        println!("{}", mine.row(&format!("brief ({kind})")));
        println!("{}", theirs.row(peer));
    }
    println!(
        "\nbrief: {per_page:?} a page on average, {} pages",
        pages.len()
    );
    println!("GNE gives no regions: its row's regions are JioNLP's on GNE's text (run_peers.py).");
    println!("JioNLP gives no title or body: its title is the first line, its body every line.");
}
