//! `brief check`: validate the config and every briefing; exit 1 with `path:line: reason`.

use super::{Args, library_dir, settings};
use brief::briefing::{Briefing, load_library};
use brief::regions::gazetteer;
use std::process::ExitCode;

pub fn run(args: &Args) -> anyhow::Result<ExitCode> {
    let mut problems: Vec<String> = Vec::new();
    match settings(args) {
        Ok(_) => {}
        Err(e) => problems.push(e.to_string()),
    }
    let dir = library_dir(args).unwrap_or_else(|_| "briefings".into());
    let mut count = 0;
    if !dir.is_dir() {
        problems.push(format!(
            "{}: there is no library folder here",
            dir.display()
        ));
    } else {
        let lib = load_library(&dir)?;
        count = lib.briefings.len();
        problems.extend(lib.errors.iter().map(ToString::to_string));
        for b in &lib.briefings {
            problems.extend(unknown_regions(b));
        }
    }
    for p in &problems {
        println!("{}", brief::text::strip_controls(p));
    }
    eprintln!(
        "brief: checked {count} briefings in {}: {} problem(s)",
        dir.display(),
        problems.len()
    );
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Regions whose names the gazetteer does not know, as `path:line: reason`.
fn unknown_regions(b: &Briefing) -> Vec<String> {
    let unknown: Vec<_> = b
        .meta
        .all_regions()
        .into_iter()
        .filter(|r| gazetteer().resolve_ref(r).is_none())
        .collect();
    if unknown.is_empty() {
        return Vec::new();
    }
    // Only now is the file read again, to point at the line that names the region.
    let text = std::fs::read_to_string(&b.path).unwrap_or_default();
    let line_of = |needle: &str| {
        text.lines()
            .position(|l| l.contains(needle))
            .map(|i| i + 1)
            .unwrap_or(1)
    };
    unknown
        .into_iter()
        .map(|r| {
            let name = r.city.as_deref().unwrap_or(&r.province);
            format!(
                "{}:{}: unknown region {} / {} (use official names, such as 广西壮族自治区 / 柳州市)",
                b.path.display(),
                line_of(name),
                r.province,
                r.city.as_deref().unwrap_or("-")
            )
        })
        .collect()
}
