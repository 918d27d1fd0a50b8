//! `brief bookmarks`: the agenda for scripts: list, add, remove, and export as minutes.

use super::output::{Page, Style, print_json, say};
use super::{Args, open_lazily};
use anyhow::Context;
use brief::bookmarks::{Bookmark, Passage, StateFile, paragraphs, passage_text, state_path};
use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
pub struct BookmarksArgs {
    #[command(subcommand)]
    command: Option<BookmarksCommand>,
}

#[derive(Debug, Subcommand)]
enum BookmarksCommand {
    /// The agenda, in order (the default).
    List {
        /// Print a JSON array of {id, briefing, title, paragraph, quote, note, created}.
        #[arg(long)]
        json: bool,
    },
    /// Bookmark a briefing (or one paragraph of it); on a briefing already bookmarked, set its note.
    Add {
        /// The briefing: its id, a unique prefix of one, or its path.
        id: String,
        /// The note.
        #[arg(long, value_name = "TEXT")]
        note: Option<String>,
        /// Mark this paragraph (1 is the first; headings do not count) instead of the whole briefing.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        paragraph: Option<u32>,
    },
    /// Remove a bookmark by its id, or every bookmark of a briefing.
    Remove {
        /// A bookmark id (from `brief bookmarks list`), or a briefing's id or prefix.
        id: String,
    },
    /// Write the agenda as Markdown minutes: each item's briefing, passage, figures and note.
    Export {
        /// Write to this file instead of standard output.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

fn state_file(args: &Args) -> anyhow::Result<StateFile> {
    let env = std::env::var("BRIEF_STATE").ok();
    let path = state_path(args.state.as_deref(), env.as_deref()).ok_or_else(|| {
        anyhow::anyhow!("no place for the state: pass --state FILE or set BRIEF_STATE")
    })?;
    Ok(StateFile::new(path))
}

fn report_set_aside(
    aside: &Option<brief::bookmarks::SetAside>,
    file: &StateFile,
) -> std::io::Result<()> {
    match aside {
        Some(a) => say(format!(
            "{} did not parse ({}); it was moved to {} and a new state begun",
            file.path().display(),
            a.reason,
            a.moved_to.display()
        )),
        None => Ok(()),
    }
}

pub fn run(args: &Args, a: &BookmarksArgs, color: bool) -> anyhow::Result<ExitCode> {
    let file = state_file(args)?;
    match &a.command {
        None => list(args, &file, false, color),
        Some(BookmarksCommand::List { json }) => list(args, &file, *json, color),
        Some(BookmarksCommand::Add {
            id,
            note,
            paragraph,
        }) => {
            let lib = open_lazily(args)?;
            let at = lib.resolve(id)?.id.clone();
            let i = lib.briefings.iter().position(|b| b.id == at).unwrap_or(0);
            // The body, read now: only this briefing's file is read.
            let b = lib
                .briefing(i)
                .map_err(|e| anyhow::anyhow!("cannot read {at}: {e}"))?;
            let passage = match paragraph {
                None => None,
                Some(n) => {
                    let paras = paragraphs(&b.body);
                    let i = *n as usize - 1;
                    let text = paras.get(i).ok_or_else(|| {
                        anyhow::anyhow!("{} has {} paragraphs, not {n}", b.id, paras.len())
                    })?;
                    Some((i, text.to_string()))
                }
            };
            let (mark, aside) = file.mark(&b.id, passage, note.as_deref())?;
            report_set_aside(&aside, &file)?;
            say(format!("bookmark {} on {}", mark.id, b.id))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(BookmarksCommand::Remove { id }) => {
            // A briefing's id as the bookmark holds it works too when the briefing has gone
            // from the library (the list names it so); a prefix only resolves in the library.
            let briefing = open_lazily(args)
                .ok()
                .and_then(|lib| lib.resolve(id).ok().map(|b| b.id.clone()));
            let (_, removed, aside) = file.update(|s| {
                let ids: Vec<String> = s
                    .bookmarks
                    .iter()
                    .filter(|b| {
                        b.id == *id || b.briefing == *id || Some(&b.briefing) == briefing.as_ref()
                    })
                    .map(|b| b.id.clone())
                    .collect();
                for i in &ids {
                    s.remove(i);
                }
                Ok(ids.len())
            })?;
            report_set_aside(&aside, &file)?;
            if removed == 0 {
                anyhow::bail!("no bookmark is `{id}`: `brief bookmarks list` shows them");
            }
            say(format!("removed {removed} bookmark(s)"))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(BookmarksCommand::Export { output }) => {
            let lib = open_lazily(args)?;
            let (state, aside) = file.load()?;
            report_set_aside(&aside, &file)?;
            let text = brief::bookmarks::minutes(&lib, &state.bookmarks);
            match output {
                Some(path) => {
                    std::fs::write(path, &text).with_context(|| {
                        format!("cannot write the minutes to {}", path.display())
                    })?;
                    say(format!(
                        "wrote the minutes of {} item(s) to {}",
                        state.bookmarks.len(),
                        path.display()
                    ))?;
                }
                None => Page::new(false).lines(text).print()?,
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn list(args: &Args, file: &StateFile, json: bool, color: bool) -> anyhow::Result<ExitCode> {
    let (state, aside) = file.load()?;
    report_set_aside(&aside, file)?;
    let lib = open_lazily(args).ok();
    let title = |id: &str| {
        lib.as_ref()
            .and_then(|l| l.briefings.iter().find(|b| b.id == id))
            .map(|b| b.meta.title.clone())
    };
    if json {
        let items: Vec<serde_json::Value> = state
            .bookmarks
            .iter()
            .map(|m| {
                serde_json::json!({
                    "id": m.id,
                    "briefing": m.briefing,
                    "title": title(&m.briefing),
                    "paragraph": m.paragraph.map(|p| p + 1),
                    "quote": m.quote,
                    "note": m.note,
                    "created": m.created.to_rfc3339(),
                })
            })
            .collect();
        print_json(&items)?;
        return Ok(ExitCode::SUCCESS);
    }
    if state.bookmarks.is_empty() {
        say("no bookmarks yet: `brief bookmarks add ID` or `b` in the reader")?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut page = Page::new(color);
    for (n, m) in state.bookmarks.iter().enumerate() {
        let t =
            title(&m.briefing).unwrap_or_else(|| format!("({} is not in the library)", m.briefing));
        let what = match m.paragraph {
            Some(p) => where_now(lib.as_ref(), m, p),
            None => "whole briefing".to_string(),
        };
        page.add(format!("{:>2}. ", n + 1))
            .styled(t, Style::Bold)
            .add("  ")
            .styled(what, Style::Dim)
            .end();
        for line in m.note.lines() {
            page.add("    ").add(line).end();
        }
        page.add("    ").styled(m.id.clone(), Style::Dim).end();
    }
    page.print()?;
    Ok(ExitCode::SUCCESS)
}

/// Where a passage bookmark's paragraph is now, as the agenda finds it: the file may have
/// been edited since it was marked (a paragraph added above it, or the passage removed).
/// Reads the body of that one briefing.
fn where_now(lib: Option<&brief::briefing::Library>, m: &Bookmark, marked: usize) -> String {
    let briefing = lib.and_then(|lib| {
        let i = lib.briefings.iter().position(|b| b.id == m.briefing)?;
        lib.briefing(i).ok()
    });
    match briefing
        .and_then(|b| passage_text(b, m))
        .map(|(_, found)| found)
    {
        Some(Passage::Moved(now)) if now != marked => {
            format!("paragraph {} (marked as {})", now + 1, marked + 1)
        }
        Some(Passage::Gone) => format!("paragraph {}, no longer in the text", marked + 1),
        _ => format!("paragraph {}", marked + 1),
    }
}
