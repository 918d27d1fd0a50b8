//! `brief show`: one briefing as plain text or JSON.

use super::output::{Page, Style, print_json, terminal_width};
use super::{Args, open_library};
use brief::briefing::Briefing;
use brief::figures::find_figures;
use brief::regions::{label, region_json};
use brief::text::strip_controls;
use brief::wrap::wrap;
use clap::Parser;
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
    let lib = open_library(args)?;
    let b = lib.resolve(&a.id)?;
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
/// section heading followed by the regions it is about.
fn render(b: &Briefing, color: bool, width: Option<usize>) -> Page {
    let m = &b.meta;
    let mut page = Page::new(color);
    page.styled(m.title.clone(), Style::Bold).end();
    page.styled(brief::regions::facts(m), Style::Dim).end();
    for block in b.blocks() {
        page.end();
        if block.is_heading {
            page.styled(format!("## {}", block.text), Style::Bold);
            if let Some(rs) = b.section_regions(block.text) {
                let names: Vec<String> = rs.iter().map(label).collect();
                page.add("  ")
                    .styled(format!("[{}]", names.join(" ")), Style::Place);
            }
            page.end();
        } else {
            match width {
                None => {
                    page.lines(block.text).end();
                }
                Some(w) => {
                    // Wrapped as it will be shown: the text is measured once it is clean.
                    let text = strip_controls(block.text);
                    let keep: Vec<_> = find_figures(&text).iter().map(|f| f.start..f.end).collect();
                    for line in wrap(&text, w, &keep) {
                        page.add(text[line].trim_end()).end();
                    }
                }
            }
        }
    }
    page
}
