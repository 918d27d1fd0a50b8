//! `brief check`: validate the config and every briefing; exit 1 with `path:line: reason`.

use super::output::{Page, error_text, say};
use super::{Args, library_dir_with, settings};
use anyhow::Context;
use brief::briefing::{Briefing, load_library, region_lines};
use brief::config::Config;
use brief::regions::gazetteer;
use std::process::ExitCode;

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut problems: Vec<String> = Vec::new();
    // A bad config is one problem among the others: the library is still found from
    // `--library` or `BRIEF_LIBRARY`, and checked.
    let (config, file) = settings(args).unwrap_or_else(|e| {
        problems.push(error_text(&e));
        (Config::default(), None)
    });
    let dir = library_dir_with(args, &config, file.as_deref());
    let mut count = 0;
    if !dir.is_dir() {
        problems.push(format!(
            "{}: there is no library folder here",
            dir.display()
        ));
    } else {
        let lib = load_library(&dir)
            .with_context(|| format!("cannot read the library at {}", dir.display()))?;
        count = lib.briefings.len();
        problems.extend(lib.errors.iter().map(ToString::to_string));
        for b in &lib.briefings {
            problems.extend(unknown_regions(b));
        }
    }
    let mut page = Page::new(false);
    for p in &problems {
        page.add(p).end();
    }
    page.print()?;
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

/// Regions whose names the gazetteer does not know, as `path:line: reason`, each on the line
/// of the file that names it.
fn unknown_regions(b: &Briefing) -> Vec<String> {
    let is_unknown = |r: &brief::briefing::RegionRef| gazetteer().resolve_ref(r).is_none();
    if !b.meta.all_regions().into_iter().any(is_unknown) {
        return Vec::new();
    }
    // Only now is the file read again, to point at the line that names the region.
    let text = std::fs::read_to_string(&b.path).unwrap_or_default();
    let named = region_lines(&text);
    let reason = |r: &brief::briefing::RegionRef| {
        format!(
            "unknown region {} / {} (use official names, such as 广西壮族自治区 / 柳州市)",
            r.province,
            r.city.as_deref().unwrap_or("-")
        )
    };
    if named.is_empty() {
        // The file changed since it was loaded: report what was loaded, at the front matter.
        return b
            .meta
            .all_regions()
            .into_iter()
            .filter(|r| is_unknown(r))
            .map(|r| format!("{}:1: {}", b.path.display(), reason(r)))
            .collect();
    }
    named
        .iter()
        .filter(|(r, _)| is_unknown(r))
        .map(|(r, line)| format!("{}:{line}: {}", b.path.display(), reason(r)))
        .collect()
}
