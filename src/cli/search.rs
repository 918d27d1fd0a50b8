//! `brief search`: ranked hits over titles, regions, sources, tags and bodies.

use super::output::{
    LONG_WORK, Page, StatusLine, Style, fit, print_json, print_jsonl, say, terminal_width, width,
};
use super::{Args, open_library};
use brief::briefing::{Briefing, Catalog, KeptText, Library, load_file, open_kept, open_unchecked};
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
/// beside it, both checked against the files. Only the bodies a search for the best `limit`
/// hits needs are read from the kept text (with many hits, a few hundred), and of those only
/// the body hits shown are read again from their files (for their snippets). `None` when
/// there is no cache folder, the kept text cannot be used, or a body read for a hit is no
/// longer the one the text was made from: then the caller reads the whole library.
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
    // While the catalog is checked against the files, the kept texts' directory is read and
    // the index of the catalog's entries as last written is built: both are used only if the
    // texts were made for exactly the files checked and the catalog is as it was written.
    let guess = |entries: &[&brief::briefing::Entry]| {
        let unchecked = open_unchecked(&dir, &cache)?;
        let counts = unchecked.texts().sample_counts()?;
        let index = Index::without_bodies(entries.iter().map(|e| &e.meta), &counts);
        Some((unchecked, index))
    };
    let (catalog, _, guessed) = super::open_catalog_guessing(args, false, guess)?;
    let (unchecked, index) = match guessed.flatten() {
        Some((unchecked, index)) => (Some(unchecked), Some(index)),
        None => (open_unchecked(&dir, &cache), None),
    };
    if let Some(kept) = unchecked.and_then(|u| u.check(&catalog)) {
        let found = match index {
            Some(index) => index.top_in(query, limit, &kept).map(|hits| (index, hits)),
            None => search_in(&catalog, &kept, query, limit),
        };
        match found {
            Some((index, hits)) => return finish(catalog, index, hits, &kept, limit),
            // A text that fails its check means the file is damaged: it is written afresh.
            None => kept.discard(),
        }
    }
    // A first build reads every body: a person at a terminal sees it counted.
    let status = StatusLine::new();
    let progress = |done: usize, total: usize| status.count("reading", done, total, "briefings");
    let Some(kept) = open_kept(&dir, Some(&cache), &catalog, &progress) else {
        return Ok(None);
    };
    drop(status);
    match search_in(&catalog, &kept, query, limit) {
        Some((index, hits)) => finish(catalog, index, hits, &kept, limit),
        // Written afresh and still failing: the caller reads the library.
        None => {
            kept.discard();
            Ok(None)
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
