//! `brief compare`: two to four regions side by side, theme by theme, with their figures.

use super::list::regions_named;
use super::output::{Style, fit, paint, terminal_width, write_out};
use super::{Args, open_library, settings};
use brief::compare::{Comparison, Stance, Statement, compare};
use brief::regions::Region;
use brief::search::fold::fold;
use brief::text::strip_controls;
use clap::Parser;
use std::fmt::Write as _;
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
            eprintln!(
                "brief: no briefing in the library is about {}",
                c.regions[i]
            );
        }
    }
    if a.json {
        write_out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&to_json(&c))?
        ))?;
    } else if a.markdown {
        write_out(&brief::compare::markdown(&c))?;
    } else {
        write_out(&plain(&c, color, terminal_width()))?;
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

fn plain(c: &Comparison, color: bool, cols: Option<usize>) -> String {
    let width = cols.unwrap_or(usize::MAX).max(40);
    let mut out = String::new();
    let heads: Vec<String> = c
        .regions
        .iter()
        .zip(&c.sources)
        .map(|(r, n)| format!("{r} ({n} source(s))"))
        .collect();
    let _ = writeln!(out, "{}", paint(&heads.join("  vs  "), Style::Bold, color));
    for row in &c.themes {
        let _ = writeln!(
            out,
            "\n{}",
            paint(&format!("## {}", row.theme), Style::Bold, color)
        );
        for (r, st) in c.regions.iter().zip(&row.by_region) {
            if st.is_empty() {
                let _ = writeln!(
                    out,
                    "  {}  {}",
                    paint(r, Style::Place, color),
                    paint("says nothing on this theme", Style::Dim, color)
                );
                continue;
            }
            let plans = st.iter().filter(|s| s.stance == Stance::Plan).count();
            let _ = writeln!(
                out,
                "  {}  {} plan(s), {} achievement(s)",
                paint(r, Style::Place, color),
                plans,
                st.len() - plans
            );
            for s in st.iter().take(SHOWN) {
                let line = format!("[{}] {}", tag(s.stance), strip_controls(&s.sentence));
                let _ = writeln!(out, "    {}", fit(&line, width.saturating_sub(4)));
            }
            if st.len() > SHOWN {
                let _ = writeln!(
                    out,
                    "    {}",
                    paint(
                        &format!(
                            "… and {} more (--json or --markdown for all)",
                            st.len() - SHOWN
                        ),
                        Style::Dim,
                        color
                    )
                );
            }
        }
    }
    let _ = writeln!(out, "\n{}", paint("## Figures", Style::Bold, color));
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
        let line = format!("{}  {}", strip_controls(&row.measure), cells.join("  |  "));
        let _ = writeln!(out, "  {}", fit(&line, width.saturating_sub(2)));
    }
    out
}
