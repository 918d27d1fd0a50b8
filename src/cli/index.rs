//! `brief index`: bring the library's catalog and the folded bodies beside it up to date, or
//! rebuild them, and say what was done.

use super::output::{StatusLine, say};
use super::{Args, open_catalog};
use brief::briefing::{folded_path, open_kept};
use clap::Parser;
use std::process::ExitCode;

#[derive(Debug, Parser)]
pub struct IndexArgs {
    /// Read every briefing again and write the catalog and the search text afresh, whatever
    /// is on disk.
    #[arg(long)]
    rebuild: bool,
}

pub fn run(args: &Args, a: &IndexArgs) -> anyhow::Result<ExitCode> {
    let (catalog, report) = open_catalog(args, a.rebuild)?;
    let place = match (&report.file, report.written, report.read + report.vanished) {
        (None, _, _) => "no cache folder ($XDG_CACHE_HOME or $HOME): nothing kept".to_string(),
        (Some(f), true, _) => format!("written to {}", f.display()),
        (Some(f), false, 0) => format!("up to date in {}", f.display()),
        (Some(f), false, _) => {
            let why = f
                .parent()
                .and_then(brief::config::cache_blocked_by)
                .map(|above| format!(": {} does not exist", above.display()))
                .unwrap_or_default();
            format!("could not be written to {}{why}", f.display())
        }
    };
    say(format!(
        "catalog of {} briefings: {} read, {} unchanged, {} gone; {place}",
        catalog.entries.len(),
        report.read,
        report.kept,
        report.vanished
    ))?;
    // The folded bodies `brief search` reads are brought up to date too, so the first search
    // after an index is fast; a rebuild starts them afresh.
    let dir = super::library_dir(args)?;
    if let Some(cache) = brief::config::cache_dir() {
        let file = folded_path(&cache, &dir);
        if a.rebuild {
            let _ = std::fs::remove_file(&file);
        }
        let status = StatusLine::new();
        let progress =
            |done: usize, total: usize| status.count("folding", done, total, "briefings");
        let kept = open_kept(&dir, Some(&cache), &catalog, &progress).is_some();
        drop(status);
        if kept && file.is_file() {
            say(format!("search text kept in {}", file.display()))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
