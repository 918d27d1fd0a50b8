//! `brief import`: raw articles copied from web pages into briefings.

use super::figures::figure_json;
use super::output::{Page, StatusLine, print_json, say};
use super::{Args, library_dir, settings};
use anyhow::Context;
use brief::briefing::MAX_FILE_BYTES;
use brief::figures::find_figures;
use brief::import::{Options, Overrides, SourceEncoding, import_bytes, parse_given_date};
use brief::measures::{Vocabulary, measure_figures};
use brief::regions::label;
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
pub struct ImportArgs {
    /// Raw articles: text copied from a web page, or a saved page (.html); a folder means every
    /// file in it; `-` reads one article from standard input (a paste ended with ctrl-D, or a
    /// pipe such as `xclip -o | brief import -`).
    #[arg(required = true, value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// The title, over what the importer finds.
    #[arg(long, value_name = "TEXT")]
    title: Option<String>,
    /// The date, over what the importer finds: 2024-03-05, 2024-03 or 2024.
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// The source (the newspaper or site), over what the importer finds.
    #[arg(long, value_name = "TEXT")]
    source: Option<String>,
    /// Where the article was published.
    #[arg(long, value_name = "URL")]
    url: Option<String>,
    /// A region the article is about (柳州, liuzhou, 450200 ...), over the regions found; give it
    /// again for more.
    #[arg(long, value_name = "REGION")]
    region: Vec<String>,
    /// The library folder to write into (default: the library).
    #[arg(long, value_name = "DIR")]
    to: Option<PathBuf>,
    /// Show what would be written and write nothing.
    #[arg(long)]
    dry_run: bool,
    /// Print a JSON array, one object per input: path, format (text or html), encoding,
    /// title, date, date_precision (day, month, year or unknown), source, url, regions,
    /// sections, body, figures, removed_lines, warnings (`brief schema` has the whole schema).
    #[arg(long)]
    json: bool,
    /// The encoding of the inputs: detected by default.
    #[arg(long, value_name = "ENCODING", default_value = "auto", value_parser = ["auto", "utf-8", "gb18030", "gbk", "big5"])]
    encoding: String,
    /// Overwrite a briefing that already exists.
    #[arg(long)]
    force: bool,
    /// Open the import screen of the reader on the file, to check and correct what the
    /// importer found before saving it (one file, on a terminal).
    #[arg(long, conflicts_with_all = ["dry_run", "json", "to"])]
    review: bool,
}

/// Standard input, named as the importer's path.
fn is_stdin(p: &std::path::Path) -> bool {
    p.as_os_str() == "-"
}

/// How an input is named in messages.
fn shown(p: &std::path::Path) -> String {
    if is_stdin(p) {
        "standard input".to_string()
    } else {
        p.display().to_string()
    }
}

/// Standard input, up to the size cap of a library file.
fn read_stdin() -> anyhow::Result<Vec<u8>> {
    use std::io::{IsTerminal, Read};
    if std::io::stdin().is_terminal() {
        say("paste the article, then press ctrl-D on a line of its own (ctrl-C gives up)")?;
    }
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .context("cannot read standard input")?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        anyhow::bail!(
            "standard input holds more than {} MB; save it to a file and import that",
            MAX_FILE_BYTES / (1024 * 1024)
        );
    }
    Ok(bytes)
}

/// What the flags say over what the importer finds.
fn overrides(a: &ImportArgs) -> anyhow::Result<Overrides> {
    let date = match &a.date {
        None => None,
        Some(d) => Some(parse_given_date(d).ok_or_else(|| {
            anyhow::anyhow!("--date {d}: give a day, a month or a year (2024-03-05, 2024-03, 2024)")
        })?),
    };
    let regions = if a.region.is_empty() {
        None
    } else {
        let mut all = Vec::new();
        for q in &a.region {
            for r in super::list::regions_named(q)? {
                let r = r.to_ref();
                if !all.contains(&r) {
                    all.push(r);
                }
            }
        }
        Some(all)
    };
    Ok(Overrides {
        title: a.title.clone(),
        date,
        source: a.source.clone(),
        url: a.url.clone(),
        regions,
    })
}

fn inputs(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if is_stdin(p) {
            out.push(p.clone());
        } else if p.is_dir() {
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
    if a.review {
        use std::io::IsTerminal;
        let [path] = a.paths.as_slice() else {
            anyhow::bail!("--review opens one file at a time");
        };
        if is_stdin(path) || path.is_dir() {
            anyhow::bail!(
                "--review opens a file (not `-` or a folder): its keys come from the terminal"
            );
        }
        if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
            anyhow::bail!(
                "--review needs a terminal; without one, use --dry-run to see what would be imported"
            );
        }
        let bytes = brief::briefing::read_regular_file(path)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        return super::run_tui(args, Some((bytes, path.clone())), None);
    }
    let opts = Options {
        encoding: SourceEncoding::from_name(&a.encoding),
        today: chrono::Local::now().date_naive(),
    };
    let target = match &a.to {
        Some(dir) => dir.clone(),
        None => library_dir(args)?,
    };
    let files = inputs(&a.paths)?;
    let vocab = Vocabulary::new(&settings(args)?.0.measures);
    let given = overrides(a)?;
    if files.iter().filter(|p| is_stdin(p)).count() > 1 {
        anyhow::bail!("`-` (standard input) can be given once");
    }
    let status = StatusLine::new();
    let mut failed = false;
    let mut json = Vec::new();
    let mut page = Page::new(false);
    for (n, path) in files.iter().enumerate() {
        if files.len() > 10 {
            status.show(&format!(
                "brief: importing {} of {} files…",
                n + 1,
                files.len()
            ));
        }
        // Only regular files, under the size cap: a FIFO or a device never hangs an import.
        let read = if is_stdin(path) {
            read_stdin().map_err(|e| e.to_string())
        } else {
            brief::briefing::read_regular_file(path)
        };
        let bytes = match read {
            Ok(b) => b,
            Err(e) => {
                say(format!("{}: {e}", shown(path)))?;
                failed = true;
                continue;
            }
        };
        let mut imported = import_bytes(&bytes, path, &opts);
        imported.apply(&given);
        if imported.is_empty() {
            say(format!(
                "{}: holds no article text; nothing was imported",
                shown(path)
            ))?;
            failed = true;
            continue;
        }
        for w in &imported.warnings {
            say(format!("{}: {w}", shown(path)))?;
        }
        let written = if a.dry_run {
            None
        } else {
            match imported.write_into(&target, a.force) {
                Ok(p) => Some(p),
                Err(e) => {
                    say(format!("{}: {e}", shown(path)))?;
                    failed = true;
                    continue;
                }
            }
        };
        if a.json {
            let mut value = imported.to_json();
            // The figures as `brief figures --json` gives them: with what each measures.
            let body = &imported.briefing.body;
            let all = find_figures(body);
            let year = Some(chrono::Datelike::year(&imported.briefing.meta.date));
            let measures = measure_figures(body, &all, &vocab, year);
            value["figures"] = all
                .iter()
                .zip(&measures)
                .map(|(f, m)| figure_json(f, m.as_ref()))
                .collect();
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
            page.add(format!("{} -> {to}", shown(path))).end();
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
