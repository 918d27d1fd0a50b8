//! `brief import`: raw articles copied from web pages into briefings.

use super::output::{Page, StatusLine, print_json, say};
use super::{Args, library_dir};
use anyhow::Context;
use brief::import::{Options, SourceEncoding, import_bytes};
use brief::regions::label;
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
pub struct ImportArgs {
    /// Raw article files (text copied from a web page); a folder means every file in it.
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The library folder to write into (default: the library).
    #[arg(long, value_name = "DIR")]
    to: Option<PathBuf>,
    /// Show what would be written and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print a JSON array, one object per input (with --dry-run: everything found).
    #[arg(long)]
    json: bool,
    /// The encoding of the inputs: detected by default.
    #[arg(long, value_name = "ENCODING", default_value = "auto", value_parser = ["auto", "utf-8", "gb18030", "gbk", "big5"])]
    encoding: String,
    /// Overwrite a briefing that already exists.
    #[arg(long)]
    force: bool,
}

fn inputs(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(p)
                .with_context(|| format!("cannot read {}", p.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                })
                .collect();
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

pub fn run(args: &Args, a: &ImportArgs) -> anyhow::Result<ExitCode> {
    let opts = Options {
        encoding: SourceEncoding::from_name(&a.encoding),
        today: chrono::Local::now().date_naive(),
    };
    let target = match &a.to {
        Some(dir) => dir.clone(),
        None => library_dir(args)?,
    };
    let files = inputs(&a.paths)?;
    let status = StatusLine::new();
    let mut failed = false;
    let mut json = Vec::new();
    let mut page = Page::new(false);
    for (n, path) in files.iter().enumerate() {
        if files.len() > 10 {
            status.show(&format!("brief: importing {}/{}", n + 1, files.len()));
        }
        // Only regular files, under the size cap: a FIFO or a device never hangs an import.
        let bytes = match brief::briefing::read_regular_file(path) {
            Ok(b) => b,
            Err(e) => {
                say(format!("{}: {e}", path.display()))?;
                failed = true;
                continue;
            }
        };
        let imported = import_bytes(&bytes, path, &opts);
        if imported.is_empty() {
            say(format!(
                "{}: holds no article text; nothing was imported",
                path.display()
            ))?;
            failed = true;
            continue;
        }
        for w in &imported.warnings {
            say(format!("{}: {w}", path.display()))?;
        }
        let written = if a.dry_run {
            None
        } else {
            match imported.write_into(&target, a.force) {
                Ok(p) => Some(p),
                Err(e) => {
                    say(format!("{}: {e}", path.display()))?;
                    failed = true;
                    continue;
                }
            }
        };
        if a.json {
            let mut value = imported.to_json();
            if let Some(p) = &written {
                value["written"] = serde_json::Value::String(p.display().to_string());
            }
            json.push(value);
        } else {
            let b = &imported.briefing;
            let regions: Vec<String> = b.meta.regions.iter().map(label).collect();
            let to = written
                .as_ref()
                .map(|p| p.display().to_string())
                .unwrap_or_else(|| imported.file_name());
            page.add(format!("{} -> {to}", path.display())).end();
            page.add(format!(
                "  {} · {} · {} · {} · removed {} line(s) or parts",
                b.meta.title,
                b.meta.date_label(),
                b.meta.source.as_deref().unwrap_or("no source"),
                if regions.is_empty() {
                    "no region".into()
                } else {
                    regions.join(" ")
                },
                imported.removed.len(),
            ))
            .end();
            if a.dry_run {
                page.end()
                    .lines(brief::briefing::write_briefing(b))
                    .end()
                    .end();
            }
        }
    }
    drop(status);
    if a.json {
        print_json(&json)?;
    } else {
        page.print()?;
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
