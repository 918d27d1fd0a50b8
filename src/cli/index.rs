//! `brief index`: bring the library's catalog up to date, or rebuild it, and say what was done.

use super::output::say;
use super::{Args, open_catalog};
use clap::Parser;
use std::process::ExitCode;

#[derive(Debug, Parser)]
pub struct IndexArgs {
    /// Read every briefing again and write the catalog afresh, whatever is on disk.
    #[arg(long)]
    rebuild: bool,
}

pub fn run(args: &Args, a: &IndexArgs) -> anyhow::Result<ExitCode> {
    let (catalog, report) = open_catalog(args, a.rebuild)?;
    let place = match (&report.file, report.written, report.read + report.vanished) {
        (None, _, _) => "no cache folder ($XDG_CACHE_HOME or $HOME): nothing kept".to_string(),
        (Some(f), true, _) => format!("written to {}", f.display()),
        (Some(f), false, 0) => format!("up to date in {}", f.display()),
        (Some(f), false, _) => format!("could not be written to {}", f.display()),
    };
    say(format!(
        "catalog of {} briefings: {} read, {} unchanged, {} gone; {place}",
        catalog.entries.len(),
        report.read,
        report.kept,
        report.vanished
    ))?;
    Ok(ExitCode::SUCCESS)
}
