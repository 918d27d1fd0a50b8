//! `brief check`: validate the config and every briefing; exit 1 with `path:line: reason`.

use super::output::{Page, error_text, print_json, say};
use super::{Args, library_dir_with, settings};
use brief::briefing::{Meta, RegionRef, region_lines};
use brief::config::{Config, ConfigError};
use brief::regions::gazetteer;
use clap::Parser;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Parser)]
pub struct CheckArgs {
    /// Print a JSON object {library, briefings, problems: [{path, line, reason}]}.
    #[arg(long)]
    json: bool,
}

/// One thing wrong, in a file and, where it is known, on a line of it.
struct Problem {
    path: PathBuf,
    line: Option<usize>,
    reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{line}: {}", self.path.display(), self.reason),
            None => write!(f, "{}: {}", self.path.display(), self.reason),
        }
    }
}

pub fn run(args: &Args, a: &CheckArgs) -> anyhow::Result<ExitCode> {
    let mut problems: Vec<Problem> = Vec::new();
    // A bad config is one problem among the others: the library is still found from
    // `--library` or `BRIEF_LIBRARY`, and checked.
    let (config, file) = settings(args).unwrap_or_else(|e| {
        problems.push(match e.downcast_ref::<ConfigError>() {
            Some(c) => Problem {
                path: c.path.clone(),
                line: Some(c.line),
                reason: c.reason.clone(),
            },
            None => Problem {
                path: super::config_flag(args).0.unwrap_or_default(),
                line: None,
                reason: error_text(&e),
            },
        });
        (Config::default(), None)
    });
    let dir = library_dir_with(args, &config, file.as_deref());
    let mut count = 0;
    if !dir.is_dir() {
        problems.push(Problem {
            path: dir.clone(),
            line: None,
            reason: "there is no library folder here".into(),
        });
    } else {
        // Through the catalog, which is checked against every file and reads again only
        // what changed: what each file says, or why it cannot be read, as reading it would.
        let (catalog, _) = super::catalog_of(&dir, false)?;
        count = catalog.entries.len();
        problems.extend(catalog.errors.iter().map(|e| Problem {
            path: e.path.clone(),
            line: Some(e.line),
            reason: e.reason.clone(),
        }));
        for e in &catalog.entries {
            problems.extend(unknown_regions(&e.path, &e.meta));
        }
    }
    if a.json {
        let items: Vec<serde_json::Value> = problems
            .iter()
            .map(|p| {
                serde_json::json!({
                    "path": p.path.display().to_string(),
                    "line": p.line,
                    "reason": p.reason,
                })
            })
            .collect();
        print_json(&serde_json::json!({
            "library": dir.display().to_string(),
            "briefings": count,
            "problems": items,
        }))?;
    } else {
        let mut page = Page::new(false);
        for p in &problems {
            page.add(p.to_string()).end();
        }
        page.print()?;
    }
    say(format!(
        "checked {count} briefings in {}: {} problem(s)",
        dir.display(),
        problems.len()
    ))?;
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Regions whose names the gazetteer does not know, each on the line of the file naming it.
fn unknown_regions(path: &Path, meta: &Meta) -> Vec<Problem> {
    let is_unknown = |r: &RegionRef| gazetteer().resolve_ref(r).is_none();
    if !meta.all_regions().into_iter().any(is_unknown) {
        return Vec::new();
    }
    // Only now is the file read again, to point at the line that names the region.
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut named = region_lines(&text);
    if named.is_empty() {
        // The file changed since it was loaded: what was loaded, at no line.
        named = meta
            .all_regions()
            .into_iter()
            .map(|r| (r.clone(), 0))
            .collect();
    }
    named
        .into_iter()
        .filter(|(r, _)| is_unknown(r))
        .map(|(r, line)| Problem {
            path: path.to_path_buf(),
            line: (line > 0).then_some(line),
            reason: format!(
                "unknown region {} / {} (use official names, such as 广西壮族自治区 / 柳州市)",
                r.province,
                r.city.as_deref().unwrap_or("-")
            ),
        })
        .collect()
}
