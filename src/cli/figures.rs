//! `brief figures`: the key figures of a briefing, or of a raw article imported in memory.

use super::output::{Page, fit, pad, print_json, terminal_width, width};
use super::{Args, open_catalog, settings};
use brief::briefing::Briefing;
use brief::figures::{Figure, Kind, find_figures};
use brief::import::{Options, import_bytes};
use brief::measures::{Measure, Vocabulary, measure_figures};
use brief::text::strip_controls;
use clap::Parser;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Parser)]
pub struct FiguresArgs {
    /// A briefing id (or unique prefix), a briefing file, or a raw article to import in memory.
    target: String,
    /// Only figures of this kind.
    #[arg(long, value_name = "KIND", value_parser = ["money", "percent", "growth", "count", "quantity", "rank", "ratio"])]
    kind: Option<String>,
    /// Print a JSON array of {text, kind, value, unit, approx, start, end, measure, period,
    /// target}; offsets count characters in the body; `measure` is what the figure quantifies
    /// (null when it cannot be told), `target` whether it is a target rather than an actual.
    #[arg(long)]
    json: bool,
}

/// The briefing named: from the library, or a file (a briefing, or a raw article imported).
fn target(args: &Args, given: &str) -> anyhow::Result<Briefing> {
    let path = Path::new(given);
    if path.is_file() {
        let bytes = brief::briefing::read_regular_file(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        let parsed = std::str::from_utf8(&bytes)
            .ok()
            .map(|t| brief::briefing::parse_briefing(t, path));
        if let Some(Ok(b)) = parsed {
            return Ok(b);
        }
        let opts = Options {
            encoding: None,
            today: chrono::Local::now().date_naive(),
        };
        return Ok(import_bytes(&bytes, path, &opts).briefing);
    }
    // The catalog finds the briefing; only its file is read.
    let (catalog, _) = open_catalog(args, false)?;
    let entry = catalog.resolve(given)?;
    brief::briefing::load_file(&entry.path).map_err(|e| anyhow::anyhow!("{e}"))
}

pub fn run(args: &Args, a: &FiguresArgs) -> anyhow::Result<ExitCode> {
    let b = target(args, &a.target)?;
    let (config, _) = settings(args)?;
    let vocab = Vocabulary::new(&config.measures);
    let year = Some(chrono::Datelike::year(&b.meta.date));
    let kind = a.kind.as_deref().and_then(Kind::from_name);
    // Measures are found over all figures (a growth takes the measure of the figure before
    // it), then the kind filter applies.
    let of_kind = |body: &str| -> Vec<(Figure, Option<Measure>)> {
        let all = find_figures(body);
        let measures = measure_figures(body, &all, &vocab, year);
        all.into_iter()
            .zip(measures)
            .filter(|(f, _)| kind.is_none_or(|k| f.kind == k))
            .collect()
    };
    if a.json {
        // Offsets count characters of the body as it is in the file.
        let items: Vec<serde_json::Value> = of_kind(&b.body)
            .into_iter()
            .map(|(f, m)| figure_json(&f, m.as_ref()))
            .collect();
        print_json(&items)?;
        return Ok(ExitCode::SUCCESS);
    }
    // Clauses are cut from the text as it will be shown: cut from the raw body, a clause could
    // begin inside an escape sequence and show what is left of it.
    let clean = strip_controls(&b.body);
    let figures = of_kind(&clean);
    let body: Vec<char> = clean.chars().collect();
    let rows: Vec<[String; 6]> = figures
        .iter()
        .map(|(f, m)| {
            [
                f.text.clone(),
                f.kind.as_str().to_string(),
                f.value.map(format_value).unwrap_or_else(|| "-".into()),
                f.unit.clone().unwrap_or_else(|| "-".into()),
                m.as_ref().map_or_else(|| "-".into(), Measure::label),
                clause(&body, f.start, f.end),
            ]
        })
        .collect();
    let widths: Vec<usize> = (0..5)
        .map(|i| rows.iter().map(|r| width(&r[i])).max().unwrap_or(0))
        .collect();
    // On a terminal the clause is cut to fit the line; in a pipe it is whole.
    let room = terminal_width().map(|w| w.saturating_sub(widths.iter().sum::<usize>() + 8).max(10));
    let mut page = Page::new(false);
    for r in &rows {
        for (cell, w) in r.iter().zip(&widths) {
            page.add(pad(cell, *w)).add("  ");
        }
        match room {
            Some(room) => page.add(fit(&r[5], room)),
            None => page.add(&r[5]),
        };
        page.end();
    }
    page.print()?;
    Ok(ExitCode::SUCCESS)
}

/// A figure as JSON: the figure's own fields, then its measure, period and target flag.
pub fn figure_json(f: &Figure, m: Option<&Measure>) -> serde_json::Value {
    let mut v = serde_json::to_value(f).unwrap_or_default();
    if let Some(obj) = v.as_object_mut() {
        obj.insert("measure".into(), m.map(|m| m.name.clone()).into());
        obj.insert("period".into(), m.and_then(|m| m.period.clone()).into());
        obj.insert("target".into(), m.is_some_and(|m| m.is_target).into());
    }
    v
}

fn format_value(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e18 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

/// The clause a figure sits in: from the previous clause break to the next.
fn clause(body: &[char], start: usize, end: usize) -> String {
    let is_break = |c: &char| "，。；！？,;!?\n：:".contains(*c);
    let from = body[..start]
        .iter()
        .rposition(is_break)
        .map(|i| i + 1)
        .unwrap_or(0);
    let to = body[end..]
        .iter()
        .position(is_break)
        .map(|i| end + i)
        .unwrap_or(body.len());
    body[from..to].iter().collect()
}
