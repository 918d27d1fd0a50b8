//! `brief search`: ranked hits over titles, regions, sources, tags and bodies.

use super::output::{
    LONG_WORK, Page, StatusLine, Style, fit, print_json, print_jsonl, say, terminal_width, width,
};
use super::{Args, open_library};
use brief::briefing::{
    Briefing, Catalog, KeptText, Library, Unchecked, load_file, open_kept, open_unchecked,
};
use brief::search::{BodyFinds, BodyQuery, Field, Hit, Index, Matcher, Snippet};
use clap::Parser;
use std::process::ExitCode;

#[derive(Debug, Parser)]
pub struct SearchArgs {
    /// What to look for: characters (simplified or traditional), pinyin (`liuzhou`, `lz`,
    /// `xnyqc`), or several terms separated by spaces, all of which must match.
    #[arg(required = true, num_args = 1.., value_name = "QUERY")]
    query: Vec<String>,
    /// Show at most this many hits.
    #[arg(long, value_name = "N", default_value_t = 20)]
    limit: usize,
    /// Print a JSON array of {id, title, date, field, score, snippet, start, end, section},
    /// best first: `field` is title, region, source, tag or body; `start` and `end` place the
    /// match in the field in characters; `section` is the heading of the section a region
    /// match comes from, or null (`brief schema` describes every field).
    #[arg(long)]
    json: bool,
    /// The same objects as --json, one per line (JSON Lines).
    #[arg(long, conflicts_with = "json")]
    jsonl: bool,
}

pub fn run(args: &Args, a: &SearchArgs, color: bool) -> anyhow::Result<ExitCode> {
    let query = a.query.join(" ");
    let (lib, index, hits) = match search_kept(args, &query, a.limit)? {
        Some(found) => found,
        None => {
            let lib = open_library(args)?;
            // Indexing a large library takes a second or more: say so on a terminal.
            let status = StatusLine::new();
            if lib.briefings.len() >= LONG_WORK {
                status.show(&format!(
                    "brief: indexing {} briefings…",
                    lib.briefings.len()
                ));
            }
            let index = Index::build(&lib);
            drop(status);
            let mut hits = index.search(&query);
            hits.truncate(a.limit);
            (lib, index, hits)
        }
    };
    let shown = show(&lib, &index, &hits, &query, a, color);
    // A large library's metadata is hundreds of thousands of small allocations, freed in an
    // instant by the process ending: freeing them one by one cost a sixth of a search.
    std::mem::forget(lib);
    std::mem::forget(index);
    shown
}

/// Prints the hits.
fn show(
    lib: &Library,
    index: &Index,
    hits: &[Hit],
    query: &str,
    a: &SearchArgs,
    color: bool,
) -> anyhow::Result<ExitCode> {
    if a.json || a.jsonl {
        let items: Vec<serde_json::Value> = hits
            .iter()
            .map(|h| {
                let b = &lib.briefings[h.briefing];
                serde_json::json!({
                    "id": b.id,
                    "title": b.meta.title,
                    "date": b.meta.date.format("%Y-%m-%d").to_string(),
                    "field": h.field.as_str(),
                    "score": h.score,
                    "snippet": index.snippet(lib, h).text,
                    "start": h.start,
                    "end": h.end,
                    "section": h.section,
                })
            })
            .collect();
        if a.jsonl {
            print_jsonl(&items)?;
        } else {
            print_json(&items)?;
        }
        return Ok(super::found(!items.is_empty()));
    }
    if hits.is_empty() {
        say(format!("no briefing matches `{query}`"))?;
        return Ok(super::found(false));
    }
    let cols = terminal_width();
    let mut page = Page::new(color);
    for h in hits {
        let b = &lib.briefings[h.briefing];
        let date = b.meta.date_label();
        let room = cols.map(|c| c.saturating_sub(width(&date) + 2));
        page.add(format!("{date}  "));
        if h.field == Field::Title {
            highlight(&mut page, &index.snippet(lib, h), room);
        } else {
            let t = &b.meta.title;
            page.styled(room.map_or(t.clone(), |r| fit(t, r)), Style::Bold);
        }
        page.end();
        if h.field != Field::Title {
            let mut where_ = h.field.as_str().to_string();
            if let Some(s) = &h.section {
                where_.push_str(&format!(" ({s})"));
            }
            let room = cols.map(|c| c.saturating_sub(width(&where_) + 4));
            page.add("  ").styled(where_, Style::Dim).add("  ");
            highlight(&mut page, &index.snippet(lib, h), room);
            page.end();
        }
        page.add("  ").styled(b.id.clone(), Style::Dim).end();
    }
    page.print()?;
    Ok(ExitCode::SUCCESS)
}

/// Searches from what the cache folder keeps: the catalog's metadata, and the folded bodies
/// beside it scanned a part at a time, both checked against the files, reading only the bodies
/// of the body hits shown (for their snippets). `None` when there is no cache folder, the kept
/// text cannot be used, or a body read for a hit is no longer the one the text was made from:
/// then the caller reads the whole library.
fn search_kept(
    args: &Args,
    query: &str,
    limit: usize,
) -> anyhow::Result<Option<(Library, Index, Vec<Hit>)>> {
    let Some(cache) = brief::config::cache_dir() else {
        return Ok(None);
    };
    let dir = super::library_dir(args)?;
    if !dir.is_dir() {
        return Ok(None);
    }
    // The kept texts are scanned for the terms while the catalog is checked against the
    // files; what the scan found is used only if the texts turn out to be for exactly the
    // files checked, else the search starts again from the checked catalog.
    let (opened, guess) = std::thread::scope(|scope| {
        let guess = scope.spawn(|| speculate(&dir, &cache, query));
        let opened = super::open_catalog(args, false);
        (opened, guess.join().ok().flatten())
    });
    let (catalog, _) = opened?;
    let checked = guess
        .and_then(|(unchecked, query, finds)| Some((unchecked.check(&catalog)?, query, finds)));
    if let Some((kept, body_query, finds)) = checked {
        let index = Index::without_bodies_for(catalog.entries.iter().map(|e| &e.meta), &body_query);
        let hits = put_together(&index, query, catalog.entries.len(), &finds);
        return finish(catalog, index, hits, &kept, limit);
    }
    // A first build reads every body: a person at a terminal sees it counted.
    let status = StatusLine::new();
    let progress = |done: usize, total: usize| status.count("reading", done, total, "briefings");
    let open = || open_kept(&dir, Some(&cache), &catalog, &progress);
    let Some(mut kept) = open() else {
        return Ok(None);
    };
    // A text that fails its check means the file is damaged: it is removed and written afresh
    // once, and if that fails too the caller reads the library.
    let mut again = true;
    let (index, hits) = loop {
        let found = scan_kept(&catalog, &kept, query);
        match found {
            Some(found) => break found,
            None if again => {
                again = false;
                kept.discard();
                match open() {
                    Some(k) => kept = k,
                    None => return Ok(None),
                }
            }
            None => return Ok(None),
        }
    };
    drop(status);
    finish(catalog, index, hits, &kept, limit)
}

/// What [`search_kept`] gives: the library of the catalog's entries, with the bodies of the
/// best `limit` hits that are body hits read (for their snippets); `None` when one of those
/// bodies is no longer the text the hit was found in.
type Kept = Option<(Library, Index, Vec<Hit>)>;

fn finish(
    catalog: Catalog,
    index: Index,
    mut hits: Vec<Hit>,
    kept: &KeptText,
    limit: usize,
) -> anyhow::Result<Kept> {
    let mut lib = Library {
        root: catalog.root,
        briefings: catalog
            .entries
            .into_iter()
            .map(|e| Briefing {
                id: e.id,
                path: e.path,
                meta: e.meta,
                body: String::new(),
            })
            .collect(),
        errors: catalog.errors,
        on_demand: Default::default(),
    };
    brief::search::rank_first(&mut hits, limit);
    for h in &hits {
        if h.field != Field::Body {
            continue;
        }
        let b = &mut lib.briefings[h.briefing];
        match load_file(&b.path) {
            Ok(read) if kept.holds(h.briefing, &read.body) => b.body = read.body,
            _ => return Ok(None),
        }
    }
    Ok(Some((lib, index, hits)))
}

/// What a scan of the kept texts found before they were checked: the texts, the query made
/// ready from their sample of code units (whose tables the index takes), and what the terms
/// found in each body by its place.
type Guess = (Unchecked, BodyQuery, Vec<(usize, BodyFinds)>);

/// The kept texts of library `dir` as they are, unchecked, with the sample the index is to
/// be built from and what `query`'s terms find in each body (by its place, in order); `None`
/// when there are none or one fails its check.
fn speculate(dir: &std::path::Path, cache: &std::path::Path, query: &str) -> Option<Guess> {
    let unchecked = open_unchecked(dir, cache)?;
    let texts = unchecked.texts();
    let counts = texts.sample_counts()?;
    let body_query = BodyQuery::new(query, &counts);
    let finds = texts.scan(body_query.classes(), |k, text| {
        thread_local! {
            static MATCHER: std::cell::RefCell<Matcher> = std::cell::RefCell::new(Matcher::default());
        }
        MATCHER.with(|m| body_query.find(text, &mut m.borrow_mut()).map(|f| (k, f)))
    })?;
    Some((unchecked, body_query, finds))
}

/// The hits of `query` among the `n` briefings of `index`, given what its terms found in
/// their bodies (by place, in order), on two threads; unranked.
fn put_together(index: &Index, query: &str, n: usize, finds: &[(usize, BodyFinds)]) -> Vec<Hit> {
    let prepared = index.prepare(query);
    brief::halves::in_halves(n, 1024, |range| {
        let mut m = Matcher::default();
        let mut at = finds.partition_point(|(k, _)| *k < range.start);
        let mut hits = Vec::new();
        for k in range {
            let found = match finds.get(at) {
                Some((i, f)) if *i == k => {
                    at += 1;
                    Some(f)
                }
                _ => None,
            };
            if let Some(h) = index.match_found(&prepared, k, found, &mut m) {
                hits.push(h);
            }
        }
        hits
    })
    .into_iter()
    .flatten()
    .collect()
}

/// The index of the catalog's short fields and the hits of `query` over them and the kept texts
/// (unranked); `None` when a kept text fails its check.
fn scan_kept(catalog: &Catalog, kept: &KeptText, query: &str) -> Option<(Index, Vec<Hit>)> {
    if kept.len() != catalog.entries.len() {
        return None;
    }
    let counts = kept.sample_counts()?;
    let index = Index::without_bodies(catalog.entries.iter().map(|e| &e.meta), &counts);
    let prepared = index.prepare(query);
    let classes = prepared.needs_classes().then(|| index.classes());
    let hits = kept.scan(classes, |k, text| {
        // Each thread keeps its own working space.
        thread_local! {
            static MATCHER: std::cell::RefCell<Matcher> = std::cell::RefCell::new(Matcher::default());
        }
        MATCHER.with(|m| index.match_with(&prepared, k, text, &mut m.borrow_mut()))
    })?;
    Some((index, hits))
}

/// Adds the snippet with its match in the place colour, cut to `max` cells around the match.
fn highlight(page: &mut Page, s: &Snippet, max: Option<usize>) {
    let chars: Vec<char> = s.text.chars().collect();
    let r = s.matched.start.min(chars.len())..s.matched.end.min(chars.len());
    let before: String = chars[..r.start].iter().collect();
    let matched: String = chars[r.clone()].iter().collect();
    let after: String = chars[r.end..].iter().collect();
    let (before, after) = match max {
        Some(m) => {
            let room = m.saturating_sub(width(&matched));
            let keep_before = room / 3;
            let before_cut: String = {
                let mut used = 0;
                let mut kept: Vec<char> = Vec::new();
                for c in before.chars().rev() {
                    let w = width(&c.to_string());
                    if used + w + 1 > keep_before {
                        kept.push('…');
                        break;
                    }
                    used += w;
                    kept.push(c);
                }
                kept.into_iter().rev().collect()
            };
            let after_room = room.saturating_sub(width(&before_cut));
            (before_cut, fit(&after, after_room))
        }
        None => (before, after),
    };
    page.add(before).styled(matched, Style::Place).add(after);
}
