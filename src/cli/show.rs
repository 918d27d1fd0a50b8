//! `brief show`: one briefing as plain text or JSON.

use super::output::{Style, paint, terminal_width, write_out};
use super::{Args, open_library};
use brief::briefing::Briefing;
use brief::figures::find_figures;
use brief::regions::{label, region_json};
use brief::text::strip_controls;
use brief::wrap::wrap;
use clap::Parser;
use std::fmt::Write as _;
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
        write_out(&format!("{}\n", serde_json::to_string_pretty(&to_json(b))?))?;
    } else {
        let width = a.width.map(usize::from).or_else(terminal_width);
        write_out(&render(b, color, width))?;
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
/// section heading followed by the regions it is about. Text from the file is stripped of
/// control characters before any colour is added.
fn render(b: &Briefing, color: bool, width: Option<usize>) -> String {
    let m = &b.meta;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        paint(&strip_controls(&m.title), Style::Bold, color)
    );
    let _ = writeln!(out, "{}", paint(&m.facts(), Style::Dim, color));
    for block in b.blocks() {
        out.push('\n');
        if block.is_heading {
            let mut line = paint(
                &format!("## {}", strip_controls(block.text)),
                Style::Bold,
                color,
            );
            if let Some(rs) = b.section_regions(block.text) {
                let names: Vec<String> = rs.iter().map(|r| strip_controls(&label(r))).collect();
                let _ = write!(
                    line,
                    "  {}",
                    paint(&format!("[{}]", names.join(" ")), Style::Place, color)
                );
            }
            let _ = writeln!(out, "{line}");
        } else {
            let text = strip_controls(block.text);
            match width {
                None => {
                    let _ = writeln!(out, "{text}");
                }
                Some(w) => {
                    let keep: Vec<_> = find_figures(&text).iter().map(|f| f.start..f.end).collect();
                    for line in wrap(&text, w, &keep) {
                        let _ = writeln!(out, "{}", text[line].trim_end());
                    }
                }
            }
        }
    }
    out
}
