//! `brief compare`: two to four regions side by side, theme by theme, with their figures.

use super::list::regions_named;
use super::output::{Page, Style, fit, print_json, say, terminal_width};
use super::{Args, open_library, settings};
use brief::compare::{Comparison, Stance, Statement, compare};
use brief::regions::Region;
use brief::search::fold::fold;
use clap::Parser;
use std::process::ExitCode;

#[derive(Debug, Parser)]
pub struct CompareArgs {
    /// Two to four regions: provinces or cities by name, short name or pinyin (`柳州`,
    /// `柳州市`, `liuzhou`, `江苏`).
    #[arg(required = true, num_args = 2..=4, value_name = "REGION")]
    regions: Vec<String>,
    /// Only the themes whose name contains this (`科技`, `数字化`).
    #[arg(long, value_name = "THEME")]
    theme: Option<String>,
    /// Print JSON: {regions, themes: [{theme, by_region}], figures: [{measure, by_region}]}.
    #[arg(long, conflicts_with = "markdown")]
    json: bool,
    /// Print Markdown, to keep or share.
    #[arg(long)]
    markdown: bool,
}

/// One region from a user's words, or an error that says which are meant or close.
fn one_region(query: &str) -> anyhow::Result<Region<'static>> {
    let found = regions_named(query)?;
    match found.as_slice() {
        [one] => Ok(*one),
        many => anyhow::bail!(
            "`{query}` names several places: {}; say which",
            many.iter()
                .map(|r| r.label())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

const SHOWN: usize = 6;

pub fn run(args: &Args, a: &CompareArgs, color: bool) -> anyhow::Result<ExitCode> {
    let regions = a
        .regions
        .iter()
        .map(|q| one_region(q))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let (config, _) = settings(args)?;
    let mut themes = config.themes.clone();
    if let Some(t) = &a.theme {
        let t = fold(t);
        themes.retain(|th| fold(&th.name).contains(&t));
        if themes.is_empty() {
            let names: Vec<&str> = config.themes.iter().map(|t| t.name.as_str()).collect();
            anyhow::bail!(
                "no theme is called `{}`; the themes are {}",
                a.theme.as_deref().unwrap_or_default(),
                names.join(", ")
            );
        }
    }
    let lib = open_library(args)?;
    let c = compare(&lib, &regions, &themes);
    for (i, n) in c.sources.iter().enumerate() {
        if *n == 0 {
            say(format!(
                "no briefing in the library is about {}",
                c.regions[i]
            ))?;
        }
    }
    if a.json {
        print_json(&to_json(&c))?;
    } else if a.markdown {
        Page::new(false)
            .lines(brief::compare::markdown(&c))
            .print()?;
    } else {
        plain(&c, color, terminal_width()).print()?;
    }
    Ok(ExitCode::SUCCESS)
}

fn statement_json(s: &Statement) -> serde_json::Value {
    serde_json::json!({
        "sentence": s.sentence,
        "kind": s.stance.as_str(),
        "briefing": s.briefing,
        "figures": s.figures.iter().map(|f| &f.text).collect::<Vec<_>>(),
    })
}

/// `{"<region>": [items...]}` for one row of a comparison.
fn by_region<T>(
    regions: &[String],
    cells: &[Vec<T>],
    item: impl Fn(&T) -> serde_json::Value,
) -> serde_json::Value {
    regions
        .iter()
        .zip(cells)
        .map(|(r, items)| (r.clone(), items.iter().map(&item).collect()))
        .collect::<serde_json::Map<String, serde_json::Value>>()
        .into()
}

fn to_json(c: &Comparison) -> serde_json::Value {
    let themes: Vec<serde_json::Value> = c
        .themes
        .iter()
        .map(|row| {
            let by = by_region(&c.regions, &row.by_region, statement_json);
            serde_json::json!({ "theme": row.theme, "by_region": by })
        })
        .collect();
    let figures: Vec<serde_json::Value> = c
        .figures
        .iter()
        .map(|row| {
            let by = by_region(&c.regions, &row.by_region, |f| {
                serde_json::json!({"text": f.text, "kind": f.kind.as_str(), "briefing": f.briefing})
            });
            serde_json::json!({ "measure": row.measure, "by_region": by })
        })
        .collect();
    serde_json::json!({ "regions": c.regions, "themes": themes, "figures": figures })
}

fn tag(s: Stance) -> &'static str {
    match s {
        Stance::Plan => "plan",
        Stance::Achievement => "done",
    }
}

fn plain(c: &Comparison, color: bool, cols: Option<usize>) -> Page {
    let width = cols.unwrap_or(usize::MAX).max(40);
    let mut page = Page::new(color);
    let heads: Vec<String> = c
        .regions
        .iter()
        .zip(&c.sources)
        .map(|(r, n)| format!("{r} ({n} source(s))"))
        .collect();
    page.styled(heads.join("  vs  "), Style::Bold).end();
    for row in &c.themes {
        page.end()
            .styled(format!("## {}", row.theme), Style::Bold)
            .end();
        for (r, st) in c.regions.iter().zip(&row.by_region) {
            page.add("  ").styled(r, Style::Place).add("  ");
            if st.is_empty() {
                page.styled("says nothing on this theme", Style::Dim).end();
                continue;
            }
            let plans = st.iter().filter(|s| s.stance == Stance::Plan).count();
            page.add(format!(
                "{plans} plan(s), {} achievement(s)",
                st.len() - plans
            ))
            .end();
            for s in st.iter().take(SHOWN) {
                let line = format!("[{}] {}", tag(s.stance), s.sentence);
                page.add("    ")
                    .add(fit(&line, width.saturating_sub(4)))
                    .end();
            }
            if st.len() > SHOWN {
                page.add("    ")
                    .styled(
                        format!(
                            "… and {} more (--json or --markdown for all)",
                            st.len() - SHOWN
                        ),
                        Style::Dim,
                    )
                    .end();
            }
        }
    }
    page.end().styled("## Figures", Style::Bold).end();
    let shared: Vec<_> = c
        .figures
        .iter()
        .filter(|r| r.by_region.iter().filter(|v| !v.is_empty()).count() > 1)
        .collect();
    let rows = if shared.is_empty() {
        c.figures.iter().take(20).collect()
    } else {
        shared
    };
    for row in rows {
        let cells: Vec<String> = c
            .regions
            .iter()
            .zip(&row.by_region)
            .map(|(r, fs)| {
                let v: Vec<&str> = fs.iter().map(|f| f.text.as_str()).collect();
                format!(
                    "{r}: {}",
                    if v.is_empty() {
                        "—".to_string()
                    } else {
                        v.join(", ")
                    }
                )
            })
            .collect();
        let line = format!("{}  {}", row.measure, cells.join("  |  "));
        page.add("  ")
            .add(fit(&line, width.saturating_sub(2)))
            .end();
    }
    page
}
