//! `brief list`: the briefings, newest first, filtered by region and date.

use super::output::{Page, Style, fit, pad, print_json, print_jsonl, say, terminal_width, width};
use super::{Args, open_catalog};
use brief::briefing::{Entry, parse_period};
use brief::regions::{Region, gazetteer, label, region_json};
use clap::Parser;
use std::process::ExitCode;

#[derive(Debug, Parser)]
pub struct ListArgs {
    /// Only briefings about this region: a province or city by name, short name or pinyin
    /// (`柳州`, `柳州市`, `liuzhou`, `广西`).
    #[arg(long, value_name = "REGION")]
    region: Option<String>,
    /// Only briefings dated on or after this day, month or year (`2024-06-01`, `2024-06`, `2024`).
    #[arg(long, value_name = "DATE")]
    since: Option<String>,
    /// Only briefings dated on or before this day, month or year.
    #[arg(long, value_name = "DATE")]
    until: Option<String>,
    /// Print a JSON array of {id, title, date, date_precision, source, regions, figures,
    /// path}: `date_precision` is day, month, year or unknown; `figures` is a count
    /// (`brief schema` describes every field).
    #[arg(long)]
    json: bool,
    /// The same objects as --json, one per line (JSON Lines).
    #[arg(long, conflicts_with = "json")]
    jsonl: bool,
}

/// The regions a `--region` argument names, or an error that suggests close names.
pub fn regions_named(query: &str) -> anyhow::Result<Vec<Region<'static>>> {
    let found = gazetteer().lookup(query);
    if found.is_empty() {
        let close = gazetteer().suggest(query, 5);
        if close.is_empty() {
            anyhow::bail!("no province or city is called `{query}`");
        }
        anyhow::bail!(
            "no province or city is called `{query}`; did you mean {}?",
            close.join(", ")
        );
    }
    Ok(found)
}

fn bound(
    text: &Option<String>,
    flag: &str,
    end: bool,
) -> anyhow::Result<Option<chrono::NaiveDate>> {
    match text {
        None => Ok(None),
        Some(t) => match parse_period(t) {
            Some((first, last)) => Ok(Some(if end { last } else { first })),
            None => {
                anyhow::bail!("{flag} takes a date such as 2024-06-01, 2024-06 or 2024, not `{t}`")
            }
        },
    }
}

pub fn run(args: &Args, a: &ListArgs, color: bool) -> anyhow::Result<ExitCode> {
    let since = bound(&a.since, "--since", false)?;
    let until = bound(&a.until, "--until", true)?;
    let wanted = a.region.as_deref().map(regions_named).transpose()?;
    // The catalog has every briefing's metadata and figure count: no body is read.
    let (lib, _) = open_catalog(args, false)?;
    // Hundreds of thousands of small allocations are freed at once by the process ending, not
    // one by one.
    let lib = std::mem::ManuallyDrop::new(lib);
    let shown: Vec<&Entry> = lib
        .entries
        .iter()
        .filter(|b| {
            since.is_none_or(|s| b.meta.date >= s) && until.is_none_or(|u| b.meta.date <= u)
        })
        .filter(|b| match &wanted {
            None => true,
            Some(regions) => b
                .meta
                .all_regions()
                .iter()
                .any(|r| regions.iter().any(|w| w.contains(r))),
        })
        .collect();
    if a.json || a.jsonl {
        let items: Vec<serde_json::Value> = shown
            .iter()
            .map(|b| {
                serde_json::json!({
                    "id": b.id,
                    "title": b.meta.title,
                    "date": b.meta.date.format("%Y-%m-%d").to_string(),
                    "date_precision": b.meta.date_precision.as_str(),
                    "source": b.meta.source,
                    "regions": b.meta.all_regions().into_iter().map(region_json).collect::<Vec<_>>(),
                    "figures": b.figures,
                    "path": b.path.display().to_string(),
                })
            })
            .collect();
        let items = std::mem::ManuallyDrop::new(items);
        if a.jsonl {
            print_jsonl(&items)?;
        } else {
            print_json(&*items)?;
        }
        return Ok(super::found(!items.is_empty()));
    }
    if shown.is_empty() {
        say("no briefing matches")?;
        return Ok(super::found(false));
    }
    let rows: Vec<[String; 5]> = shown
        .iter()
        .map(|b| {
            [
                b.id.clone(),
                b.meta.date_label(),
                regions_label(b),
                b.figures.to_string(),
                b.meta.title.clone(),
            ]
        })
        .collect();
    let w_id = rows.iter().map(|r| width(&r[0])).max().unwrap_or(0);
    let w_region = rows.iter().map(|r| width(&r[2])).max().unwrap_or(0);
    // In a pipe every line is whole. On a terminal the title is cut to fit, and where the id
    // leaves no room for a title (80 columns) the id goes on a line of its own beneath.
    let facts = 10 + 2 + w_region + 2 + 3 + 2;
    let layout = match terminal_width() {
        None => Layout::Whole,
        Some(w) if w >= w_id + 2 + facts + 20 => Layout::OneLine(w - w_id - 2 - facts),
        Some(w) => Layout::TwoLines(w.saturating_sub(facts).max(10)),
    };
    let mut page = Page::new(color);
    for [id, date, region, figures, title] in &rows {
        let id = pad(id, w_id);
        if !matches!(layout, Layout::TwoLines(_)) {
            page.styled(id.clone(), Style::Dim).add("  ");
        }
        page.add(pad(date, 10))
            .add("  ")
            .styled(pad(region, w_region), Style::Place)
            .add(format!("  {figures:>3}  "))
            .styled(fit(title, layout.room()), Style::Bold)
            .end();
        if let Layout::TwoLines(_) = layout {
            page.add("    ").styled(id, Style::Dim).end();
        }
    }
    page.print()?;
    Ok(ExitCode::SUCCESS)
}

/// How plain output fits the terminal.
#[derive(Clone, Copy)]
enum Layout {
    /// Not a terminal: nothing is cut.
    Whole,
    /// Id and facts on one line, the title cut to this many cells.
    OneLine(usize),
    /// Facts on one line, the id beneath; the title cut to this many cells.
    TwoLines(usize),
}

impl Layout {
    fn room(self) -> usize {
        match self {
            Layout::Whole => usize::MAX,
            Layout::OneLine(n) | Layout::TwoLines(n) => n,
        }
    }
}

/// The regions of a briefing in a few words: up to two, then how many more.
fn regions_label(b: &Entry) -> String {
    let all = b.meta.all_regions();
    let mut names: Vec<String> = all.iter().take(2).map(|r| label(r)).collect();
    if all.len() > 2 {
        names.push(format!("+{}", all.len() - 2));
    }
    if names.is_empty() {
        "-".into()
    } else {
        names.join(" ")
    }
}
