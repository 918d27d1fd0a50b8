//! `brief show`: one briefing as plain text or JSON.

use super::output::{Page, Style, print_json, terminal_width};
use super::{Args, open_catalog};
use brief::briefing::{Briefing, load_file};
use brief::figures::find_figures;
use brief::regions::{label, region_json};
use brief::text::strip_controls;
use brief::wrap::{line_width, wrap};
use clap::Parser;
use std::ops::Range;
use std::process::ExitCode;

#[derive(Debug, Parser)]
pub struct ShowArgs {
    /// The briefing: its id, a unique prefix of one, or the path of its file.
    id: String,
    /// Print a JSON object with the metadata and body.
    #[arg(long)]
    json: bool,
    /// Wrap the text to this many columns, the way the reader does (default: the terminal's
    /// width on a terminal, no wrapping in a pipe).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(10..))]
    width: Option<u16>,
}

pub fn run(args: &Args, a: &ShowArgs, color: bool) -> anyhow::Result<ExitCode> {
    // The catalog finds the briefing; only its file is read.
    let (catalog, _) = open_catalog(args, false)?;
    let entry = catalog.resolve(&a.id)?;
    let b = &load_file(&entry.path).map_err(|e| anyhow::anyhow!("{e}"))?;
    if a.json {
        print_json(&to_json(b))?;
    } else {
        let width = a.width.map(usize::from).or_else(terminal_width);
        render(b, color, width).print_paged()?;
    }
    Ok(ExitCode::SUCCESS)
}

fn to_json(b: &Briefing) -> serde_json::Value {
    let m = &b.meta;
    serde_json::json!({
        "id": b.id,
        "title": m.title,
        "date": m.date.format("%Y-%m-%d").to_string(),
        "date_precision": m.date_precision.as_str(),
        "source": m.source,
        "url": m.url,
        "regions": m.regions.iter().map(region_json).collect::<Vec<_>>(),
        "sections": brief::regions::sections_json(&m.sections),
        "tags": m.tags,
        "path": b.path.display().to_string(),
        "body": b.body,
        "figures": brief::figures::find_figures(&b.body),
    })
}

/// The briefing as a person reads it: title, a line of metadata, then the body with each
/// section heading followed by the regions it is about. With a `width`, every line is wrapped
/// to it the way the reader wraps: the title, the facts and the headings as well as the body.
fn render(b: &Briefing, color: bool, width: Option<usize>) -> Page {
    let m = &b.meta;
    let mut page = Page::new(color);
    put(&mut page, &m.title, Some(Style::Bold), width, Keep::Nothing);
    put(
        &mut page,
        &brief::regions::facts(m),
        Some(Style::Dim),
        width,
        Keep::Words,
    );
    for block in b.blocks() {
        page.end();
        if block.is_heading {
            let heading = format!("## {}", block.text);
            let regions = b.section_regions(block.text).map(|rs| {
                let names: Vec<String> = rs.iter().map(label).collect();
                format!("[{}]", names.join(" "))
            });
            let one_line = regions
                .as_ref()
                .map_or(heading.clone(), |r| format!("{heading}  {r}"));
            match regions {
                // Heading and regions share a line when it fits (always, unwrapped).
                Some(r) if width.is_none_or(|w| line_width(&strip_controls(&one_line)) <= w) => {
                    page.styled(heading, Style::Bold)
                        .add("  ")
                        .styled(r, Style::Place)
                        .end();
                }
                Some(r) => {
                    put(&mut page, &heading, Some(Style::Bold), width, Keep::Nothing);
                    put(&mut page, &r, Some(Style::Place), width, Keep::Words);
                }
                None => put(&mut page, &heading, Some(Style::Bold), width, Keep::Nothing),
            }
        } else if width.is_none() {
            page.lines(block.text).end();
        } else {
            put(&mut page, block.text, None, width, Keep::Figures);
        }
    }
    page
}

/// What wrapping keeps on one line.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keep {
    /// Nothing: Chinese text breaks between any two characters (punctuation rules aside).
    Nothing,
    /// Each key figure (77.6万辆), as the reader does in the body.
    Figures,
    /// Each word between spaces: a place name (湖北, 广东/广州) or a date in the facts line.
    Words,
}

/// Adds `text` in `style`: as one line, or wrapped to `width`, measured once it is clean, as
/// it will be shown.
fn put(page: &mut Page, text: &str, style: Option<Style>, width: Option<usize>, keep: Keep) {
    let add = |page: &mut Page, line: &str| {
        match style {
            Some(s) => page.styled(line.to_string(), s),
            None => page.add(line.to_string()),
        }
        .end();
    };
    let Some(w) = width else {
        add(page, text);
        return;
    };
    let text = strip_controls(text);
    let together: Vec<Range<usize>> = match keep {
        Keep::Nothing => Vec::new(),
        Keep::Figures => find_figures(&text).iter().map(|f| f.start..f.end).collect(),
        Keep::Words => words(&text),
    };
    for line in wrap(&text, w, &together) {
        add(page, text[line].trim_end());
    }
}

/// The character ranges of the words of `text`: runs of characters between whitespace.
fn words(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.chars().chain(std::iter::once(' ')).enumerate() {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    out
}
