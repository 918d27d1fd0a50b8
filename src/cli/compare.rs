//! `brief compare`: two to four regions side by side, theme by theme, with their figures.

use super::list::regions_named;
use super::output::{Page, Style, fit, print_json, say, terminal_width, width as cells};
use super::{Args, open_catalog, settings};
use brief::compare::{Comparison, FigureRow, Stance, Statement, compare};
use brief::regions::{Region, region_json};
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
    // Only briefings whose front matter names one of the regions can give material: the
    // catalog picks them, and only their bodies are read.
    let (catalog, _) = open_catalog(args, false)?;
    let lib = catalog.library_where(|e| {
        e.meta
            .all_regions()
            .iter()
            .any(|r| regions.iter().any(|w| w.contains(r)))
    });
    for e in lib.errors.iter().skip(catalog.errors.len()) {
        say(format!("skipped {e}"))?;
    }
    let vocab = brief::measures::Vocabulary::new(&config.measures);
    let c = compare(&lib, &regions, &themes, &vocab);
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
        plain(&c, color, terminal_width()).print_paged()?;
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

/// `[{"region": {...}, key: [items...]}]` for one row of a comparison, in the regions' order.
fn by_region<T>(
    c: &Comparison,
    cells: &[Vec<T>],
    key: &str,
    item: impl Fn(&T) -> serde_json::Value,
) -> serde_json::Value {
    c.places
        .iter()
        .zip(cells)
        .map(|(r, items)| {
            let mut m = serde_json::Map::new();
            m.insert("region".into(), region_json(r));
            m.insert(key.into(), items.iter().map(&item).collect());
            serde_json::Value::Object(m)
        })
        .collect()
}

fn figure_row_json(c: &Comparison, row: &FigureRow) -> serde_json::Value {
    let by = by_region(c, &row.by_region, "figures", |f| {
        serde_json::json!({
            "text": f.text,
            "shown": row.shown(f),
            "kind": f.kind.as_str(),
            "value": f.value,
            "unit": f.unit,
            "period": f.period,
            "target": f.is_target,
            "sentence": f.sentence,
            "briefing": f.briefing,
        })
    });
    let chart: Vec<serde_json::Value> = c
        .places
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let f = row.chart_value(i);
            serde_json::json!({
                "region": region_json(r),
                "value": f.and_then(|f| f.value),
                "shown": f.map(|f| row.shown(f)),
                "period": f.and_then(|f| f.period.clone()),
                "target": f.map(|f| f.is_target),
            })
        })
        .collect();
    serde_json::json!({
        "measure": row.measure,
        "regions_with_values": row.regions_with_values(),
        "unit": row.scale.as_ref().and_then(|(_, name)| {
            row.by_region.iter().flatten().find_map(|f| f.unit.as_ref()).map(|u| format!("{name}{u}"))
        }),
        "by_region": by,
        "chart": if row.is_chartable() { serde_json::Value::from(chart) } else { serde_json::Value::Null },
    })
}

fn to_json(c: &Comparison) -> serde_json::Value {
    let themes: Vec<serde_json::Value> = c
        .themes
        .iter()
        .map(|row| {
            let by = by_region(c, &row.by_region, "statements", statement_json);
            serde_json::json!({ "theme": row.theme, "by_region": by })
        })
        .collect();
    let figures: Vec<serde_json::Value> = c
        .figures
        .iter()
        .map(|row| figure_row_json(c, row))
        .collect();
    let regions: Vec<serde_json::Value> = c
        .places
        .iter()
        .zip(&c.regions)
        .zip(&c.sources)
        .map(|((r, label), n)| {
            let mut v = region_json(r);
            if let Some(o) = v.as_object_mut() {
                o.insert("label".into(), label.clone().into());
                o.insert("sources".into(), (*n).into());
            }
            v
        })
        .collect();
    serde_json::json!({ "regions": regions, "themes": themes, "figures": figures })
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
    if c.figures.is_empty() {
        page.add("  ")
            .styled("no figures with a measure", Style::Dim)
            .end();
    }
    // One row a measure: its name on a line, then each region's values, so that any number
    // of regions fits any width.
    for row in &c.figures {
        if row.regions_with_values() < 2 {
            // A measure only one region gives: one line.
            let Some((r, fs)) = c
                .regions
                .iter()
                .zip(&row.by_region)
                .find(|(_, fs)| !fs.is_empty())
            else {
                continue;
            };
            let v: Vec<String> = fs.iter().map(|f| row.cell_text(f)).collect();
            page.add("  ")
                .styled(&row.measure, Style::Bold)
                .add("  ")
                .styled(r, Style::Place);
            page.add("  ").add(v.join(", ")).end();
            continue;
        }
        page.add("  ").styled(&row.measure, Style::Bold).end();
        for (r, fs) in c.regions.iter().zip(&row.by_region) {
            let v: Vec<String> = fs.iter().map(|f| row.cell_text(f)).collect();
            page.add("    ").styled(r, Style::Place).add("  ");
            if v.is_empty() {
                page.styled("—", Style::Dim).end();
            } else {
                page.add(fit(
                    &v.join(", "),
                    width.saturating_sub(6 + r.chars().count() * 2),
                ))
                .end();
            }
        }
    }
    // A chart of each measure two regions or more give.
    for row in c.figures.iter().filter(|r| r.is_chartable()) {
        page.end()
            .styled(format!("## {}", row.measure), Style::Bold)
            .end();
        let label_w = c
            .regions
            .iter()
            .map(|r| r.chars().count() * 2)
            .max()
            .unwrap_or(0);
        let bars = row.bars(1);
        let text_w = bars
            .iter()
            .flatten()
            .map(|b| cells(&b.label))
            .max()
            .unwrap_or(0);
        let room = width.saturating_sub(label_w + text_w + 6).clamp(10, 60);
        for (r, bar) in c.regions.iter().zip(row.bars(room)) {
            page.add("  ")
                .styled(r, Style::Place)
                .add(" ".repeat(label_w.saturating_sub(cells(r)) + 1));
            match bar {
                Some(b) => page.add(b.blocks()).add(" ").add(&b.label).end(),
                None => page.styled("—", Style::Dim).end(),
            };
        }
    }
    page
}
