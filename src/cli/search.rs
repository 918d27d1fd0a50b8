//! `brief search`: ranked hits over titles, regions, sources, tags and bodies.

use super::output::{
    LONG_WORK, Page, StatusLine, Style, fit, print_json, print_jsonl, say, terminal_width, width,
};
use super::{Args, open_library};
use brief::briefing::{
    Catalog, Entry, EntryView, KeptText, Meta, load_file, open_catalog_in_place, open_kept,
    open_unchecked,
};
use brief::search::{Field, Hit, Index, Snippet};
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
    let rows = match search_kept(args, &query, a.limit)? {
        Some(rows) => rows,
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
            let rows = hits
                .into_iter()
                .map(|hit| {
                    let b = &lib.briefings[hit.briefing];
                    Row {
                        snippet: index.snippet(&lib, &hit),
                        id: b.id.clone(),
                        meta: b.meta.clone(),
                        hit,
                    }
                })
                .collect();
            // A large library's metadata is hundreds of thousands of small allocations, freed
            // in an instant by the process ending: freeing them one by one cost a sixth of a
            // search.
            std::mem::forget(lib);
            std::mem::forget(index);
            rows
        }
    };
    show(&rows, &query, a, color)
}

/// A hit as it is shown: its briefing's id and front matter, and the text around its match.
struct Row {
    id: String,
    meta: Meta,
    hit: Hit,
    snippet: Snippet,
}

/// Prints the hits.
fn show(rows: &[Row], query: &str, a: &SearchArgs, color: bool) -> anyhow::Result<ExitCode> {
    if a.json || a.jsonl {
        let items: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                let h = &r.hit;
                serde_json::json!({
                    "id": r.id,
                    "title": r.meta.title,
                    "date": r.meta.date.format("%Y-%m-%d").to_string(),
                    "field": h.field.as_str(),
                    "score": h.score,
                    "snippet": r.snippet.text,
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
    if rows.is_empty() {
        say(format!("no briefing matches `{query}`"))?;
        return Ok(super::found(false));
    }
    let cols = terminal_width();
    let mut page = Page::new(color);
    for r in rows {
        let h = &r.hit;
        let date = r.meta.date_label();
        let room = cols.map(|c| c.saturating_sub(width(&date) + 2));
        page.add(format!("{date}  "));
        if h.field == Field::Title {
            highlight(&mut page, &r.snippet, room);
        } else {
            let t = &r.meta.title;
            page.styled(room.map_or(t.clone(), |w| fit(t, w)), Style::Bold);
        }
        page.end();
        if h.field != Field::Title {
            let mut where_ = h.field.as_str().to_string();
            if let Some(s) = &h.section {
                where_.push_str(&format!(" ({s})"));
            }
            let room = cols.map(|c| c.saturating_sub(width(&where_) + 4));
            page.add("  ").styled(where_, Style::Dim).add("  ");
            highlight(&mut page, &r.snippet, room);
            page.end();
        }
        page.add("  ").styled(r.id.clone(), Style::Dim).end();
    }
    page.print()?;
    Ok(ExitCode::SUCCESS)
}

/// Searches from what the cache folder keeps: the catalog's metadata, and the folded bodies
/// beside it, both checked against the files. Only the bodies a search for the best `limit`
/// hits needs are read from the kept text (with many hits, a few hundred), and of those only
/// the body hits shown are read again from their files (for their snippets). When nothing
/// changed since the catalog was written, it is read in place and nothing is made of an entry
/// but those shown. `None` when there is no cache folder, the kept text cannot be used, or a
/// body read for a hit is no longer the one the text was made from: then the caller reads the
/// whole library.
fn search_kept(args: &Args, query: &str, limit: usize) -> anyhow::Result<Option<Vec<Row>>> {
    let Some(cache) = brief::config::cache_dir() else {
        return Ok(None);
    };
    let dir = super::library_dir(args)?;
    if !dir.is_dir() {
        return Ok(None);
    }
    // The kept texts' directory is read while the catalog is, and the index of the catalog's
    // entries is built while the files are checked against it.
    let in_place = std::thread::scope(|scope| {
        let texts = scope.spawn(|| {
            let unchecked = open_unchecked(&dir, &cache)?;
            let counts = unchecked.texts().sample_counts()?;
            Some((unchecked, counts))
        });
        let guess = |entries: &[&EntryView]| {
            let (unchecked, counts) = texts.join().ok().flatten()?;
            let index = Index::without_bodies(entries.iter().copied(), &counts);
            Some((unchecked, index))
        };
        open_catalog_in_place(&dir, &cache, guess)
    });
    if let Some((view, Some((unchecked, index)))) = in_place
        && let Some(kept) = unchecked.check_in_place(&view)
    {
        let entry = |i: usize| view.entry(i).map(|e| e.to_entry());
        match index.top_in(query, limit, &kept) {
            Some(hits) => {
                if let Some(rows) = rows_of(&index, hits, &kept, entry) {
                    log::info!(
                        "searched {} briefings in {} from the catalog read in place",
                        view.len(),
                        dir.display()
                    );
                    for e in view.errors() {
                        say(format!("skipped {e}"))?;
                    }
                    std::mem::forget(index);
                    return Ok(Some(rows));
                }
            }
            // A text that fails its check means the file is damaged: it is written afresh.
            None => kept.discard(),
        }
    }
    // The files that could not be loaded are reported once, by whichever way answers: here,
    // or the whole library read by the caller.
    let (catalog, _) = super::catalog_of(&dir, false)?;
    let found = search_catalog(&dir, &cache, &catalog, query, limit);
    if found.is_some() {
        for e in &catalog.errors {
            say(format!("skipped {e}"))?;
        }
    }
    Ok(found)
}

/// The rows of the best `limit` hits of `query` from the checked `catalog` and the kept texts
/// beside it, written afresh when they are not for its files (counted on a terminal).
fn search_catalog(
    dir: &std::path::Path,
    cache: &std::path::Path,
    catalog: &Catalog,
    query: &str,
    limit: usize,
) -> Option<Vec<Row>> {
    if let Some(kept) = open_unchecked(dir, cache).and_then(|u| u.check(catalog)) {
        match search_in(catalog, &kept, query, limit) {
            Some((index, hits)) => return rows_from(catalog, &index, hits, &kept),
            // A text that fails its check means the file is damaged: it is written afresh.
            None => kept.discard(),
        }
    }
    // A first build reads every body: a person at a terminal sees it counted.
    let status = StatusLine::new();
    let progress = |done: usize, total: usize| status.count("reading", done, total, "briefings");
    let kept = open_kept(dir, Some(cache), catalog, &progress)?;
    drop(status);
    match search_in(catalog, &kept, query, limit) {
        Some((index, hits)) => rows_from(catalog, &index, hits, &kept),
        // Written afresh and still failing: the caller reads the library.
        None => {
            kept.discard();
            None
        }
    }
}

/// The index of the catalog's short fields and the best `limit` hits of `query` over them and
/// the kept texts, best first; `None` when a kept text read fails its check.
fn search_in(
    catalog: &Catalog,
    kept: &KeptText,
    query: &str,
    limit: usize,
) -> Option<(Index, Vec<Hit>)> {
    if kept.len() != catalog.entries.len() {
        return None;
    }
    let counts = kept.sample_counts()?;
    let index = Index::without_bodies(catalog.entries.iter().map(|e| &e.meta), &counts);
    let hits = index.top_in(query, limit, kept)?;
    Some((index, hits))
}

/// [`rows_of`] the catalog's entries.
fn rows_from(
    catalog: &Catalog,
    index: &Index,
    hits: Vec<Hit>,
    kept: &KeptText,
) -> Option<Vec<Row>> {
    rows_of(index, hits, kept, |i| catalog.entries.get(i).cloned())
}

/// The rows of `hits`, each briefing's entry from `entry`. A body hit's body is read again
/// from its file for its snippet: `None` when one is no longer the text the hit was found in
/// (or cannot be read), and then the caller reads the whole library.
fn rows_of(
    index: &Index,
    hits: Vec<Hit>,
    kept: &KeptText,
    entry: impl Fn(usize) -> Option<Entry> + Sync,
) -> Option<Vec<Row>> {
    let row = |hit: &Hit| {
        let e = entry(hit.briefing)?;
        let snippet = if hit.field == Field::Body {
            let read = load_file(&e.path).ok()?;
            if !kept.holds(hit.briefing, &read.body) {
                return None;
            }
            index.snippet_with(hit, &read.body)
        } else {
            index.snippet_with(hit, "")
        };
        Some(Row {
            id: e.id,
            meta: e.meta,
            hit: hit.clone(),
            snippet,
        })
    };
    // Each body hit reads its file: two threads share them.
    brief::halves::in_halves(hits.len(), 8, |range| {
        hits[range].iter().map(row).collect::<Option<Vec<_>>>()
    })
    .into_iter()
    .collect::<Option<Vec<_>>>()
    .map(|parts| parts.into_iter().flatten().collect())
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
