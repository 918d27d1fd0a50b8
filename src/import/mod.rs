//! Raw web text to a clean briefing: decoding, chrome removal, title, date, source, regions.
//!
//! [`import_bytes`] never fails: whatever the input, it returns a briefing and says what it
//! removed and what it could not find.

mod clean;
mod decode;
mod html;
mod meta;

pub use clean::{Removed, remove_pinyin_notes};
pub use decode::{Decoded, SourceEncoding, decode, detect};
pub use html::{Page, is_html, read_page};

use crate::briefing::{Briefing, DatePrecision, Meta, RegionRef, Section};
use crate::regions::{Level, detect_article_regions, detect_regions, detect_within, gazetteer};
use crate::text::{is_han, strip_controls, to_simplified};
use chrono::NaiveDate;
use clean::{Line, ends_paragraph, has_sentence_punct, is_balanced, is_heading_like};
use meta::{Field, TitleHints};
use regex::Regex;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

/// What the importer made of one input.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The input file.
    pub path: PathBuf,
    /// The encoding it was read in.
    pub encoding: SourceEncoding,
    /// Whether the input was a saved HTML page.
    pub is_html: bool,
    /// The briefing, with an id made from its date, place and title.
    pub briefing: Briefing,
    /// Every line or part of a line that was removed, in input order.
    pub removed: Vec<Removed>,
    /// Things a person should check (no date found, undecodable bytes, ...).
    pub warnings: Vec<String>,
    /// Every part of the input in order: the body's headings and paragraphs and what was
    /// removed, for review ([`Imported::toggle`] puts one back or takes one out).
    pub parts: Vec<Part>,
    /// Whether a person gave the regions (then they are not found again on a change).
    regions_given: bool,
}

/// Settings for one import.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Force an encoding instead of detecting it.
    pub encoding: Option<SourceEncoding>,
    /// Today, for inferring dates (a year after today is not a date of the article).
    pub today: NaiveDate,
}

/// Why an import could not be written into the library.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The target exists and `--force` was not given.
    #[error("{} already exists (use --force to overwrite it)", .0.display())]
    Exists(PathBuf),
    /// The file system refused.
    #[error("cannot write {path}: {err}", path = .0.display(), err = .1)]
    Io(PathBuf, std::io::Error),
    /// There is no article to write: the input holds no text.
    #[error("{} holds no article text; nothing was written", .0.display())]
    Empty(PathBuf),
}

/// What a page's markup says about its article, beside the text.
#[derive(Debug, Default)]
struct Hints {
    titles: Vec<String>,
    head_title: Option<String>,
    dates: Vec<NaiveDate>,
    url: Option<String>,
    source: Option<String>,
}

/// Imports raw bytes read from `path`: plain text copied from a page, or a saved HTML page.
pub fn import_bytes(bytes: &[u8], path: &Path, opts: &Options) -> Imported {
    let extension = path.extension().and_then(|e| e.to_str());
    let is_html = html::is_html(bytes, extension);
    // A page saved by a browser is often re-encoded as UTF-8 with its old charset meta left
    // in; valid UTF-8 wins over what the page declares.
    let declared = is_html
        .then(|| html::declared_charset(bytes))
        .flatten()
        .and_then(|c| SourceEncoding::from_name(&c))
        .filter(|_| detect(bytes) != SourceEncoding::Utf8);
    let decoded = decode(bytes, opts.encoding.or(declared));
    let mut warnings = Vec::new();
    if decoded.had_errors {
        warnings.push(format!(
            "some bytes are not valid {}; they were replaced (try --encoding)",
            decoded.encoding.name()
        ));
    }
    if decoded.was_cut {
        warnings.push("the file ends inside a character; the partial character was dropped".into());
    }
    // Replacement characters carry nothing a reader can use; the warning above says they were there.
    let text: String = strip_controls(&decoded.text)
        .chars()
        .filter(|&c| c != '\u{fffd}')
        .collect();
    let (text, hints) = if is_html {
        from_page(&html::read_page(&text))
    } else {
        (text, Hints::default())
    };
    let (mut lines, mut removed) = clean::clean_lines(&text);
    let title = take_title(&mut lines, &mut removed, &hints).unwrap_or_else(|| {
        let first: String = lines
            .first()
            .map(|l| l.text.chars().take(30).collect())
            .unwrap_or_default();
        if !first.is_empty() {
            warnings.push("no title found; the first words of the text stand in".into());
        }
        first
    });
    let source = find_source(&removed, &lines, &hints);
    let lines = join_phrase_runs(lines);
    let (blocks, starts) = assemble(lines, &mut removed);
    let body = render_body(&blocks);
    let (date, date_precision) = match stated_date(&removed, &hints) {
        Some(d) => (d, DatePrecision::Day),
        None => meta::inferred_date(&title, &body, opts.today).unwrap_or_else(|| {
            warnings.push(
                "no date found in the text; marked `date_precision = \"unknown\"` with the day of import (edit `date`)"
                    .into(),
            );
            (opts.today, DatePrecision::Unknown)
        }),
    };
    let (regions, sections) = find_regions(&title, &blocks, source.as_deref());
    let meta = Meta {
        title: title.trim().to_string(),
        date,
        date_precision,
        source,
        url: hints.url,
        regions,
        tags: Vec::new(),
        sections,
    };
    let mut briefing = Briefing {
        id: String::new(),
        path: PathBuf::new(),
        meta,
        body,
    };
    briefing.id = file_stem(&briefing);
    removed.sort_by_key(|r| r.line);
    let mut parts: Vec<Part> = blocks
        .into_iter()
        .zip(starts)
        .map(|(b, line)| match b {
            Block::Heading(text) => Part {
                line,
                text,
                kind: PartKind::Heading,
            },
            Block::Paragraph(text) => Part {
                line,
                text,
                kind: PartKind::Paragraph,
            },
        })
        .chain(removed.iter().map(|r| Part {
            line: r.line,
            text: r.text.clone(),
            kind: PartKind::Removed(r.reason),
        }))
        .collect();
    parts.sort_by_key(|p| p.line);
    Imported {
        path: path.to_path_buf(),
        encoding: decoded.encoding,
        is_html,
        briefing,
        removed,
        warnings,
        parts,
        regions_given: false,
    }
}

/// One piece of the input as the importer judged it, for a person to review: a heading or a
/// paragraph of the body, or something removed and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The input line it starts on.
    pub line: usize,
    /// Its text.
    pub text: String,
    /// What became of it.
    pub kind: PartKind,
}

/// What became of a part of the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// A section heading of the body.
    Heading,
    /// A paragraph of the body.
    Paragraph,
    /// Left out, for this reason (`navigation`, `byline`, `title`, `by hand`, ...).
    Removed(&'static str),
}

/// The text a page gives the text pipeline, and what its markup says. The text is the
/// headline and byline zone of the whole page (from the headline to where the article
/// starts), then the article as Readability finds it; when it finds none, every visible line.
fn from_page(page: &html::Page) -> (String, Hints) {
    let hints = Hints {
        titles: page.titles.clone(),
        head_title: page.head_title.clone(),
        // The markup's dates, then a labelled date anywhere on the page (`发布日期:` in a
        // box away from the headline).
        dates: page
            .dates
            .iter()
            .filter_map(|d| meta::meta_date(d))
            .chain(
                page.lines
                    .iter()
                    .filter(|l| meta::is_field_line(l))
                    .flat_map(|l| {
                        meta::fields(l)
                            .into_iter()
                            .filter(|(f, _)| *f == Field::Date)
                            .flat_map(|(_, v)| meta::find_dates(&v))
                    }),
            )
            .collect(),
        url: page.url.clone(),
        source: page.source.clone(),
    };
    let lines: Vec<&str> = match &page.content {
        Some(content) if content.iter().map(|l| l.chars().count()).sum::<usize>() >= 40 => {
            let first = content[0].as_str();
            let start = page
                .lines
                .iter()
                .position(|l| {
                    l == first || (l.chars().count() >= 10 && first.starts_with(l.as_str()))
                })
                .unwrap_or(page.lines.len());
            let is_headline = |l: &String| {
                page.titles.iter().any(|t| t == l)
                    || page
                        .head_title
                        .as_deref()
                        .is_some_and(|t| l.chars().count() >= 6 && t.starts_with(l.as_str()))
            };
            let from = page.lines[..start]
                .iter()
                .rposition(is_headline)
                .unwrap_or(start.saturating_sub(6));
            let head = &page.lines[from..start];
            let head = &head[..head.len().min(16)];
            let mut lines: Vec<&str> = head.iter().map(String::as_str).collect();
            lines.extend(with_dropped_paragraphs(&page.lines, content, start));
            lines.extend(tail_after(&page.lines, content).iter().map(String::as_str));
            lines
        }
        _ => page.lines.iter().map(String::as_str).collect(),
    };
    (lines.join("\n"), hints)
}

/// Readability's lines with the article paragraphs it dropped between them put back: the
/// page's lines that stand between two kept lines and read as article paragraphs (its
/// conditional cleaning sometimes drops a paragraph beside a run of pictures).
fn with_dropped_paragraphs<'p>(
    page: &'p [String],
    content: &'p [String],
    start: usize,
) -> Vec<&'p str> {
    let mut out = Vec::with_capacity(content.len());
    let mut at = start.min(page.len());
    for line in content {
        if let Some(j) = page[at..].iter().position(|l| l == line).map(|j| at + j) {
            out.extend(
                page[at..j]
                    .iter()
                    .filter(|l| is_body_line(l) && l.ends_with(['。', '！', '？', '”']))
                    .map(String::as_str),
            );
            at = j + 1;
        }
        out.push(line.as_str());
    }
    out
}

/// The article's paragraphs that follow, on the page, the last line Readability kept: it
/// sometimes leaves out the end of the container it chose. Lines are taken while they read as
/// article paragraphs, with at most two short lines (captions) between them.
fn tail_after<'p>(page: &'p [String], content: &[String]) -> &'p [String] {
    let Some(last) = content.last() else {
        return &[];
    };
    let Some(end) = page.iter().rposition(|l| l == last).map(|i| i + 1) else {
        return &[];
    };
    let mut taken = end;
    let mut i = end;
    while i < page.len() {
        if is_body_line(&page[i]) && page[i].ends_with(['。', '！', '？', '”']) {
            i += 1;
            taken = i;
        } else if i + 1 - taken <= 2 && page[i].chars().count() <= 20 {
            i += 1;
        } else {
            break;
        }
    }
    &page[end..taken]
}

/// Whether a line reads as a paragraph of the article rather than a headline or a byline.
fn is_body_line(s: &str) -> bool {
    // Headlines can carry commas, exclamation marks and a date; they rarely end with 。 or run
    // past 40 characters with clauses in them.
    let s = meta::split_trailing_date(s).0;
    let n = s.chars().count();
    n >= 60 || (n >= 40 && has_sentence_punct(s)) || (n >= 4 && s.ends_with('。'))
}

/// Takes the headline out of the lines. Candidates are the lines before the article starts,
/// scored as headlines ([`meta::title_score`]); the lines above the one chosen are the page's
/// masthead and menus and go too. A headline the markup states stands in when no line does.
fn take_title(lines: &mut Vec<Line>, removed: &mut Vec<Removed>, hints: &Hints) -> Option<String> {
    let body_start = lines
        .iter()
        .position(|l| is_body_line(&l.text))
        .unwrap_or(lines.len());
    let head_end = body_start.clamp(1.min(lines.len()), 40.min(lines.len()));
    let title_hints = TitleHints {
        stated: &hints.titles,
        head_title: hints.head_title.as_deref(),
    };
    // A byline right after a line (or a date at its end) is the strongest sign of a
    // headline; one right before it, with nothing between, a weaker one.
    let byline_bonus = |i: usize| {
        let no = lines[i].no;
        let after = lines.get(i + 1).map_or(no + 4, |l| l.no).min(no + 5);
        let before = if i == 0 { 0 } else { lines[i - 1].no };
        let is_byline = |r: &&Removed| matches!(r.reason, "byline" | "widget" | "counter");
        let has_date = meta::split_trailing_date(&lines[i].text).1.is_some();
        if has_date
            || removed
                .iter()
                .filter(is_byline)
                .any(|r| r.line > no && r.line < after)
        {
            3.0
        } else if removed
            .iter()
            .filter(is_byline)
            .any(|r| r.line > before && r.line < no && no - r.line <= 2)
        {
            1.0
        } else {
            0.0
        }
    };
    // A repost's `原标题:` line names the original headline; the one the page shows is
    // usually close to it.
    let original: Option<String> = lines[..head_end]
        .iter()
        .find_map(|l| meta::original_title(&l.text));
    let like_original = |i: usize| {
        let text = &lines[i].text;
        original
            .as_deref()
            .is_some_and(|o| meta::original_title(text).is_none() && bigram_dice(text, o) >= 0.6)
    };
    let repeated = |i: usize| {
        let t = lines[i].text.as_str();
        t.chars().count() >= 6 && removed.iter().any(|r| r.text.contains(t))
    };
    let best = (0..head_end)
        .map(|i| {
            let text = meta::split_trailing_date(&lines[i].text).0;
            let score = meta::title_score(text, i, byline_bonus(i), repeated(i), &title_hints)
                + if like_original(i) { 3.0 } else { 0.0 };
            (i, score)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
    // A headline the markup states, unless it is keywords stuffed for search engines.
    let stated = hints
        .titles
        .iter()
        .find(|t| !clean::is_keyword_list(t))
        .cloned()
        .or_else(|| hints.head_title.as_deref().map(meta::strip_site_suffix));
    let pos = match (best, &stated) {
        (Some((i, score)), _) if score >= 4.0 => i,
        (_, Some(t)) => return Some(t.clone()),
        // A short first line with nothing against it is still the best guess.
        (Some((i, score)), None) if score > -3.0 => i,
        _ => return None,
    };
    for l in lines.drain(..pos) {
        removed.push(Removed {
            line: l.no,
            text: l.text,
            reason: "navigation",
        });
    }
    let line = lines.remove(0);
    let (text, date) = meta::split_trailing_date(&line.text);
    let mut title = match meta::original_title(text) {
        Some(t) => t,
        None => text.trim_start_matches('#').trim().to_string(),
    };
    // An official document's headline broken after the issuing body:
    // `全国人民代表大会常务委员会` / `关于批准…的决议`.
    let subject_lines = (1..=3.min(lines.len())).find(|&k| {
        let joined: String = lines[..k].iter().map(|l| l.text.trim()).collect();
        is_document_subject(&joined)
    });
    if let Some(k) = subject_lines {
        for next in lines.drain(..k) {
            title.push_str(next.text.trim());
            removed.push(Removed {
                line: next.no,
                text: next.text,
                reason: "title",
            });
        }
    }
    // A repost's `原标题:` line, when the page shows its own headline, is chrome.
    if let Some(i) = lines[..lines.len().min(8)]
        .iter()
        .position(|l| meta::original_title(&l.text).is_some())
    {
        let l = lines.remove(i);
        removed.push(Removed {
            line: l.no,
            text: l.text,
            reason: "byline",
        });
    }
    if let Some(date) = date {
        removed.push(Removed {
            line: line.no,
            text: date.to_string(),
            reason: "byline",
        });
    }
    removed.push(Removed {
        line: line.no,
        text: line.text.clone(),
        reason: "title",
    });
    // The headline again near the top, in a share snippet or a summary box, is chrome.
    let n = title.chars().count();
    let top = lines.len().div_ceil(3);
    if n >= 8 {
        let mut i = 0;
        let mut seen = 0;
        while i < lines.len() && seen < top {
            let l = &lines[i].text;
            if l.contains(title.as_str()) && l.chars().count() <= 2 * n + 40 {
                let l = lines.remove(i);
                removed.push(Removed {
                    line: l.no,
                    text: l.text,
                    reason: "repeat",
                });
            } else {
                i += 1;
            }
            seen += 1;
        }
    }
    remove_author_block(lines, removed);
    Some(title)
}

/// Whether a line is the subject half of an official document's title (`关于…的通知`).
fn is_document_subject(s: &str) -> bool {
    const KINDS: &[&str] = &[
        "的决议",
        "的决定",
        "的通知",
        "的意见",
        "的批复",
        "的公告",
        "的通告",
        "的报告",
        "办法",
        "方案",
        "规定",
        "规划",
        "条例",
        "细则",
        "措施",
    ];
    let s = s.trim();
    s.starts_with("关于") && KINDS.iter().any(|k| s.ends_with(k)) && s.chars().count() <= 80
}

/// Under the headline of a commentary, the author's name on a line of its own and the
/// lines of affiliation after it (`张玉阁` / `中国(深圳)综合开发研究院` / `…研究所所长`), or a
/// name and affiliation on one line, are a credit, not the article.
fn remove_author_block(lines: &mut Vec<Line>, removed: &mut Vec<Removed>) {
    static NAME: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^[\p{Han}·]{2,4}$").expect("valid regex"));
    static NAME_AND_ROLE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[\p{Han}·]{2,4}\s+\S[^，。,；;！？]{3,40}(?:院|所|会|局|委|处|部|长|员|授|师|席|任|家|士)$")
            .expect("valid regex")
    });
    let is_affiliation = |s: &str| {
        let n = s.chars().count();
        n <= 30
            && !has_sentence_punct(s)
            && [
                "院", "所", "会", "局", "委", "处", "部", "长", "员", "授", "师", "席", "任", "家",
                "士", "大学", "公司", "中心",
            ]
            .iter()
            .any(|e| s.ends_with(e))
    };
    let Some(first) = lines.first() else {
        return;
    };
    let count = if NAME_AND_ROLE.is_match(&first.text) {
        1
    } else if NAME.is_match(&first.text) {
        1 + lines[1..]
            .iter()
            .take(3)
            .take_while(|l| is_affiliation(&l.text))
            .count()
    } else {
        0
    };
    // A name alone with nothing after it that reads as an affiliation may be a heading.
    if count == 0 || (count == 1 && NAME.is_match(&first.text)) {
        return;
    }
    for l in lines.drain(..count) {
        removed.push(Removed {
            line: l.no,
            text: l.text,
            reason: "credit",
        });
    }
}

/// The Dice coefficient of two texts' character bigrams (0 to 1), for near-identical lines.
fn bigram_dice(a: &str, b: &str) -> f32 {
    let grams = |s: &str| -> Vec<(char, char)> {
        let chars: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
        chars.windows(2).map(|w| (w[0], w[1])).collect()
    };
    let (ga, mut gb) = (grams(a), grams(b));
    if ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    let total = ga.len() + gb.len();
    let mut common = 0;
    for g in ga {
        if let Some(i) = gb.iter().position(|x| *x == g) {
            gb.swap_remove(i);
            common += 1;
        }
    }
    2.0 * common as f32 / total as f32
}

/// The publication date the page states: a labelled byline field (`发布时间:`), else a date on
/// a byline line (what the page shows wins over its metadata), else the page's metadata, else
/// a date split over a byline's lines.
fn stated_date(removed: &[Removed], hints: &Hints) -> Option<NaiveDate> {
    let bylines = || removed.iter().filter(|r| r.reason == "byline");
    let labelled = bylines().find_map(|r| {
        meta::fields(&r.text)
            .into_iter()
            .filter(|(f, _)| *f == Field::Date)
            .find_map(|(_, v)| meta::find_dates(&v).into_iter().next())
    });
    labelled
        .or_else(|| bylines().find_map(|r| meta::find_dates(&r.text).into_iter().next()))
        .or_else(|| hints.dates.first().copied())
        .or_else(|| {
            let texts: Vec<&str> = bylines().map(|r| r.text.as_str()).collect();
            meta::split_date(&texts)
        })
}

/// The publisher: a `来源:` field, else the page's metadata, else a line that is only a
/// publisher and a date, else the outlet of a credit, a dateline or an edition line.
fn find_source(removed: &[Removed], lines: &[Line], hints: &Hints) -> Option<String> {
    let labelled = removed
        .iter()
        .filter(|r| matches!(r.reason, "byline" | "credit" | "footer" | "notice"))
        .find_map(|r| {
            meta::fields(&r.text)
                .into_iter()
                .filter(|(f, _)| *f == Field::Source)
                .find_map(|(_, v)| meta::source_value(&v))
        });
    labelled
        .or_else(|| hints.source.clone().and_then(|s| meta::source_value(&s)))
        .or_else(|| {
            removed
                .iter()
                .filter(|r| r.reason == "byline")
                .find_map(|r| meta::source_beside_date(&r.text))
        })
        .or_else(|| meta::source_from_credits(removed, lines))
}

/// Joins runs of three or more short lines without punctuation into one line: pages that set
/// a sentence one phrase a line (`广州南沙国际邮轮母港` / `位于…南沙湾区块` / `地处…中心`) would
/// otherwise turn each phrase into a heading. Two in a row can be a heading and a subheading.
fn join_phrase_runs(lines: Vec<Line>) -> Vec<Line> {
    let is_phrase =
        |l: &Line| is_heading_like(&l.text) && !is_marker(&l.text) && !l.text.starts_with('#');
    let mut out: Vec<Line> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let run = lines[i..].iter().take_while(|l| is_phrase(l)).count();
        if run >= 3 {
            let text: String = lines[i..i + run].iter().map(|l| l.text.as_str()).collect();
            out.push(Line {
                no: lines[i].no,
                text,
            });
            i += run;
        } else {
            out.push(lines[i].clone());
            i += 1;
        }
    }
    out
}

/// A block of the assembled body.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    Heading(String),
    Paragraph(String),
}

fn is_marker(s: &str) -> bool {
    s.starts_with('【') && s.ends_with('】') && s.chars().count() <= 12
}

/// Joins two pieces of one sentence that a copy broke apart.
fn join(a: &mut String, b: &str) {
    let needs_space = a.chars().last().is_some_and(|c| c.is_ascii_alphanumeric())
        && b.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
    if needs_space {
        a.push(' ');
    }
    a.push_str(b);
}

/// Turns cleaned lines into headings and paragraphs: a line that stops mid-sentence is joined
/// with the next; a section marker (`【湖北】`) takes the short heading after it; a paragraph
/// that repeats the one before is dropped.
fn assemble(lines: Vec<Line>, removed: &mut Vec<Removed>) -> (Vec<Block>, Vec<usize>) {
    let mut blocks: Vec<Block> = Vec::new();
    // The input line each block starts on.
    let mut starts: Vec<usize> = Vec::new();
    let mut open = false; // the last paragraph stops mid-sentence
    let n = lines.len();
    let mut iter = lines.into_iter().enumerate().peekable();
    while let Some((i, line)) = iter.next() {
        let text = line.text;
        let md_heading = text
            .strip_prefix("## ")
            .or_else(|| text.strip_prefix("### "));
        if let Some(h) = md_heading {
            blocks.push(Block::Heading(h.trim().to_string()));
            starts.push(line.no);
            open = false;
            continue;
        }
        if let (true, Some(Block::Paragraph(p))) = (open && !is_marker(&text), blocks.last_mut()) {
            join(p, &text);
            open = !ends_paragraph(p) || !is_balanced(p);
            continue;
        }
        let is_last = i + 1 == n;
        if is_marker(&text) {
            let mut heading = text;
            if let Some((_, next)) =
                iter.next_if(|(_, next)| is_heading_like(&next.text) && !is_marker(&next.text))
            {
                heading.push_str(&next.text);
            }
            blocks.push(Block::Heading(heading));
            starts.push(line.no);
            open = false;
        } else if !is_last && is_heading_like(&text) {
            blocks.push(Block::Heading(text));
            starts.push(line.no);
            open = false;
        } else {
            if blocks.last() == Some(&Block::Paragraph(text.clone())) {
                removed.push(Removed {
                    line: line.no,
                    text,
                    reason: "duplicate",
                });
                continue;
            }
            open = !ends_paragraph(&text) || !is_balanced(&text);
            blocks.push(Block::Paragraph(text));
            starts.push(line.no);
        }
    }
    (blocks, starts)
}

fn render_body(blocks: &[Block]) -> String {
    let parts: Vec<String> = blocks
        .iter()
        .map(|b| match b {
            Block::Heading(h) => format!("## {h}"),
            Block::Paragraph(p) => p.clone(),
        })
        .collect();
    parts.join("\n\n")
}

/// A dateline at the start of a paragraph: `新华社南京11月5日电`, `本报兰州讯`, `南京11月5日电`.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[（(]?(?:(?:新华社|中新社|中新网|中国新闻网|人民网|新华网|央视网|央广网|中国网|光明网|本报|本网|本台|本刊|记者)\s*[\p{Han}]{0,8}?\s*(?:\d{1,2}月\d{1,2}日)?\s*(?:电|讯)|[\p{Han}]{2,8}?\s*\d{1,2}月\d{1,2}日\s*(?:电|讯))",
    )
    .expect("valid regex")
});

/// The text regions are detected in: datelines, outlets and the source's own name blanked
/// out, so that where a story was filed or who published it never makes a region.
fn for_detection(text: &str, source: Option<&str>) -> String {
    let simplified = to_simplified(text);
    let mut out = String::with_capacity(simplified.len());
    for para in simplified.split('\n') {
        let para = match DATELINE.find(para) {
            Some(m) => &para[m.end()..],
            None => para,
        };
        let mut para = clean::OUTLET.replace_all(para, " ").into_owned();
        if let Some(src) = source.map(to_simplified).filter(|s| s.chars().count() >= 2) {
            para = para.replace(src.as_str(), " ");
        }
        out.push_str(&para);
        out.push('\n');
    }
    out
}

/// The regions of the whole article and, for an article in sections about different regions,
/// each section's regions.
fn find_regions(
    title: &str,
    blocks: &[Block],
    source: Option<&str>,
) -> (Vec<RegionRef>, Vec<Section>) {
    let g = gazetteer();
    let title = &for_detection(title, source);
    let mut sections: Vec<(String, String)> = Vec::new();
    for b in blocks {
        match b {
            Block::Heading(h) => sections.push((h.clone(), String::new())),
            Block::Paragraph(p) => {
                if let Some((_, text)) = sections.last_mut() {
                    text.push_str(&for_detection(p, source));
                }
            }
        }
    }
    let mut found: Vec<Section> = Vec::new();
    for (heading, text) in &sections {
        let marker = heading
            .strip_prefix('【')
            .and_then(|h| h.split_once('】'))
            .map(|(m, _)| m);
        let regions = match marker.map(|m| g.lookup(m)) {
            Some(places) if !places.is_empty() => {
                let place = places[0];
                match place.city {
                    Some(_) => vec![place.to_ref()],
                    None if place.province.level() == Level::Province => {
                        detect_within(place.province, &format!("{heading}\n{text}"))
                    }
                    None => vec![place.to_ref()],
                }
            }
            _ => detect_regions(&[(heading, 3.0), (text, 1.0)]),
        };
        if !regions.is_empty() {
            found.push(Section {
                heading: heading.clone(),
                regions,
            });
        }
    }
    let distinct: std::collections::HashSet<&Vec<RegionRef>> =
        found.iter().map(|s| &s.regions).collect();
    if found.len() >= 2 && distinct.len() >= 2 {
        let mut all: Vec<RegionRef> = Vec::new();
        for r in found.iter().flat_map(|s| s.regions.iter()) {
            if !all.contains(r) {
                all.push(r.clone());
            }
        }
        return (all, found);
    }
    let lead = blocks
        .iter()
        .find_map(|b| {
            if let Block::Paragraph(p) = b {
                Some(for_detection(p, source))
            } else {
                None
            }
        })
        .unwrap_or_default();
    let body: String = blocks
        .iter()
        .map(|b| match b {
            Block::Heading(h) | Block::Paragraph(h) => for_detection(h, source),
        })
        .collect::<Vec<_>>()
        .join("\n");
    (
        detect_article_regions(&[(title, 5.0), (&lead, 1.0), (&body, 1.0)]),
        Vec::new(),
    )
}

/// The file stem of a briefing: `YYYY-MM-DD-place-title`, ASCII only.
pub fn file_stem(b: &Briefing) -> String {
    let g = gazetteer();
    let place = if b.meta.sections.is_empty() {
        b.meta.regions.first().and_then(|r| g.resolve_ref(r))
    } else {
        None
    };
    let place_name = place.map(|p| p.city.unwrap_or(p.province).short.clone());
    let mut parts: Vec<String> = Vec::new();
    if let Some(p) = place.and_then(|p| p.city.unwrap_or(p.province).pinyin.clone()) {
        parts.push(p);
    }
    let title = to_simplified(&b.meta.title);
    let title = match &place_name {
        Some(name) => title.replace(name.as_str(), " "),
        None => title,
    };
    // Whole words while they fit in eight syllables; a first word longer than that is cut.
    let mut syllables = 0;
    let title = unquote(&title);
    for word in title.split(|c: char| !(is_han(c) || c.is_ascii_alphanumeric())) {
        let mut w = String::new();
        let mut n = 0;
        for c in word.chars() {
            if c.is_ascii_alphanumeric() {
                w.push(c.to_ascii_lowercase());
            } else if let Some(py) = pinyin::ToPinyin::to_pinyin(&c) {
                w.extend(
                    py.plain()
                        .chars()
                        .map(|c| if c == 'ü' { 'v' } else { c })
                        .filter(char::is_ascii_alphanumeric),
                );
                n += 1;
            }
            if syllables == 0 && n == 8 {
                break;
            }
        }
        if w.is_empty() || w.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if syllables > 0 && syllables + n > 8 {
            break;
        }
        syllables += n.max(1);
        parts.push(w);
    }
    let mut slug = parts.join("-");
    if slug.is_empty() {
        slug = "briefing".into();
    }
    slug.truncate(60);
    let slug = slug.trim_end_matches('-');
    format!("{}-{}", b.meta.date.format("%Y-%m-%d"), slug)
}

/// Drops quotes around a single character (以“新”提“质” reads as one phrase) and turns the
/// quotes around a longer phrase into word breaks.
fn unquote(title: &str) -> String {
    let chars: Vec<char> = title.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if "“‘\"《「『".contains(c) {
            let close = chars[i + 1..]
                .iter()
                .position(|&d| "”’\"》」』".contains(d));
            if close == Some(1) {
                out.push(chars[i + 1]);
                i += 3;
                continue;
            }
            out.push(' ');
        } else if "”’》」』".contains(c) {
            out.push(' ');
        } else {
            out.push(c);
        }
        i += 1;
    }
    out
}

/// What a person says of an article over what the importer found (`brief import --title …`).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// The title.
    pub title: Option<String>,
    /// The date, as precisely as it is known.
    pub date: Option<(NaiveDate, DatePrecision)>,
    /// The source.
    pub source: Option<String>,
    /// Where the article was published.
    pub url: Option<String>,
    /// The regions (replacing every region and section found).
    pub regions: Option<Vec<RegionRef>>,
}

/// A date given by a person: `2024-03-05` (a day), `2024-03` (a month) or `2024` (a year).
pub fn parse_given_date(text: &str) -> Option<(NaiveDate, DatePrecision)> {
    let t = meta::ascii_digits(text.trim());
    let parts: Vec<&str> = t.split(['-', '/', '.']).collect();
    let num = |i: usize| parts.get(i).and_then(|p| p.parse::<u32>().ok());
    let year = parts
        .first()
        .filter(|y| y.len() == 4)?
        .parse::<i32>()
        .ok()?;
    match parts.len() {
        1 => NaiveDate::from_ymd_opt(year, 1, 1).map(|d| (d, DatePrecision::Year)),
        2 => NaiveDate::from_ymd_opt(year, num(1)?, 1).map(|d| (d, DatePrecision::Month)),
        3 => NaiveDate::from_ymd_opt(year, num(1)?, num(2)?).map(|d| (d, DatePrecision::Day)),
        _ => None,
    }
}

impl Imported {
    /// Applies what a person says over what was found; the id follows the new date, place
    /// and title. Text given is cleaned like any other input.
    pub fn apply(&mut self, o: &Overrides) {
        let clean = |s: &str| crate::text::one_line(s).trim().to_string();
        let m = &mut self.briefing.meta;
        if let Some(t) = &o.title {
            m.title = clean(t);
        }
        if let Some((d, p)) = o.date {
            m.date = d;
            m.date_precision = p;
            self.warnings.retain(|w| !w.contains("no date found"));
        }
        if let Some(s) = &o.source {
            m.source = Some(clean(s)).filter(|s| !s.is_empty());
        }
        if let Some(u) = &o.url {
            m.url = Some(clean(u)).filter(|u| !u.is_empty());
        }
        if let Some(r) = &o.regions {
            m.regions = r.clone();
            m.sections.clear();
            self.regions_given = true;
        }
        self.briefing.id = file_stem(&self.briefing);
    }

    /// Puts a removed part back into the body (as a paragraph), or takes a heading or a
    /// paragraph out; the body, its regions and the id follow.
    pub fn toggle(&mut self, part: usize) {
        let Some(p) = self.parts.get_mut(part) else {
            return;
        };
        p.kind = match p.kind {
            PartKind::Removed(_) => PartKind::Paragraph,
            PartKind::Heading | PartKind::Paragraph => PartKind::Removed("by hand"),
        };
        let blocks: Vec<Block> = self
            .parts
            .iter()
            .filter_map(|p| match p.kind {
                PartKind::Heading => Some(Block::Heading(p.text.clone())),
                PartKind::Paragraph => Some(Block::Paragraph(p.text.clone())),
                PartKind::Removed(_) => None,
            })
            .collect();
        self.briefing.body = render_body(&blocks);
        self.removed = self
            .parts
            .iter()
            .filter_map(|p| match p.kind {
                PartKind::Removed(reason) => Some(Removed {
                    line: p.line,
                    text: p.text.clone(),
                    reason,
                }),
                _ => None,
            })
            .collect();
        if !self.regions_given {
            let m = &self.briefing.meta;
            let (regions, sections) = find_regions(&m.title, &blocks, m.source.as_deref());
            self.briefing.meta.regions = regions;
            self.briefing.meta.sections = sections;
        }
        self.briefing.id = file_stem(&self.briefing);
    }

    /// Whether the input held no article: no title and no body text with a letter in it.
    pub fn is_empty(&self) -> bool {
        let has_words = |s: &str| s.chars().any(|c| is_han(c) || c.is_alphanumeric());
        !has_words(&self.briefing.body) || !has_words(&self.briefing.meta.title)
    }

    /// The file name in the library: `YYYY-MM-DD-slug.md`.
    pub fn file_name(&self) -> String {
        format!("{}.md", self.briefing.id)
    }

    /// Writes the briefing into `dir` (created if missing), refusing to overwrite unless `force`.
    pub fn write_into(&self, dir: &Path, force: bool) -> Result<PathBuf, WriteError> {
        if self.is_empty() {
            return Err(WriteError::Empty(self.path.clone()));
        }
        let target = dir.join(self.file_name());
        if target.exists() && !force {
            return Err(WriteError::Exists(target));
        }
        std::fs::create_dir_all(dir).map_err(|e| WriteError::Io(dir.to_path_buf(), e))?;
        let tmp = dir.join(format!(".{}.tmp", self.file_name()));
        let text = crate::briefing::write_briefing(&self.briefing);
        std::fs::write(&tmp, text)
            .and_then(|_| std::fs::rename(&tmp, &target))
            .map_err(|e| WriteError::Io(target.clone(), e))?;
        Ok(target)
    }

    /// The JSON object of `brief import --dry-run --json`.
    pub fn to_json(&self) -> serde_json::Value {
        let m = &self.briefing.meta;
        serde_json::json!({
            "path": self.path.display().to_string(),
            "encoding": self.encoding.name(),
            "format": if self.is_html { "html" } else { "text" },
            "title": m.title,
            "date": m.date.format("%Y-%m-%d").to_string(),
            "date_precision": m.date_precision.as_str(),
            "source": m.source,
            "url": m.url,
            "regions": m.regions.iter().map(crate::regions::region_json).collect::<Vec<_>>(),
            "sections": crate::regions::sections_json(&m.sections),
            "body": self.briefing.body,
            "figures": crate::figures::find_figures(&self.briefing.body),
            "removed_lines": self.removed,
            "warnings": self.warnings,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn import(text: &str) -> Imported {
        let opts = Options {
            encoding: None,
            today: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
        };
        import_bytes(text.as_bytes(), Path::new("x.txt"), &opts)
    }

    #[test]
    fn rejoins_paragraphs_broken_mid_sentence() {
        let b = import("# 标题\n\n2010年,铜川市委、市政府成立了以铝产业为主导的产业园,从此铜川铝产业发展走上了快\n\n车道。铝产业是首位产业。\n\n“目前，烟台黄渤海新区有不少\n\n企业都瞄准这一赛道。”尚晴说。\n\n## 小标题\n\n下一段。").briefing;
        assert_eq!(
            b.body,
            "2010年,铜川市委、市政府成立了以铝产业为主导的产业园,从此铜川铝产业发展走上了快车道。铝产业是首位产业。\n\n“目前，烟台黄渤海新区有不少企业都瞄准这一赛道。”尚晴说。\n\n## 小标题\n\n下一段。"
        );
    }

    #[test]
    fn short_lines_become_headings_and_markers_take_their_heading() {
        let b = import("标题行在这里\n开头一段。\n【湖北】\n世界光谷攀“高”向“新”\n湖北的一段。\n抢占关键“制高点”\n又一段。").briefing;
        assert_eq!(b.meta.title, "标题行在这里");
        assert_eq!(
            b.body,
            "开头一段。\n\n## 【湖北】世界光谷攀“高”向“新”\n\n湖北的一段。\n\n## 抢占关键“制高点”\n\n又一段。"
        );
    }

    #[test]
    fn without_any_date_it_is_marked_unknown_and_says_so() {
        let i = import("没有日期的标题\n正文里没有任何年份。");
        assert_eq!(
            i.briefing.meta.date,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
        );
        assert_eq!(i.briefing.meta.date_precision, DatePrecision::Unknown);
        assert!(
            i.warnings.iter().any(|w| w.contains("no date found")),
            "{:?}",
            i.warnings
        );
    }

    #[test]
    fn what_a_person_says_wins_and_renames_the_file() {
        let mut i =
            import("柳州新能源汽车\n2025-07-28 09:05 来源:中国网\n柳州工业体系完备。柳州制造。");
        i.apply(&Overrides {
            title: Some("聊城\x1b]0;x\x07传统产业".into()),
            date: parse_given_date("2024-12"),
            source: Some("聊城日报".into()),
            url: Some("https://example.cn/a".into()),
            regions: Some(vec![RegionRef {
                province: "山东省".into(),
                city: Some("聊城市".into()),
            }]),
        });
        let m = &i.briefing.meta;
        assert_eq!(m.title, "聊城传统产业");
        assert_eq!(
            (m.date.to_string(), m.date_precision),
            ("2024-12-01".into(), DatePrecision::Month)
        );
        assert_eq!(m.source.as_deref(), Some("聊城日报"));
        assert_eq!(i.briefing.id, "2024-12-01-liaocheng-chuantongchanye");
        assert_eq!(
            parse_given_date("2024").map(|d| d.1),
            Some(DatePrecision::Year)
        );
        assert_eq!(
            parse_given_date("２０２４－０３－０５").map(|d| d.1),
            Some(DatePrecision::Day)
        );
        assert_eq!(parse_given_date("2024-13"), None);
        assert_eq!(parse_given_date("24-03-05"), None);
    }

    #[test]
    fn a_removed_line_can_be_put_back_and_a_paragraph_taken_out() {
        let mut i = import(
            "柳州新能源汽车产量增长\n柳州工业体系完备，制造能力深厚。\n分享到:微信 微博\n柳州汽车产量增长。",
        );
        let kinds = |i: &Imported| i.parts.iter().map(|p| p.kind).collect::<Vec<_>>();
        assert_eq!(
            kinds(&i),
            [
                PartKind::Removed("title"),
                PartKind::Paragraph,
                PartKind::Removed("widget"),
                PartKind::Paragraph
            ]
        );
        i.toggle(1);
        assert_eq!(i.briefing.body, "柳州汽车产量增长。");
        i.toggle(2);
        assert_eq!(i.briefing.body, "分享到:微信 微博\n\n柳州汽车产量增长。");
        assert!(i.removed.iter().any(|r| r.reason == "by hand"));
    }

    #[test]
    fn a_repeated_paragraph_is_dropped() {
        let i = import("标题行\n同一段话。\n同一段话。\n另一段。");
        assert_eq!(i.briefing.body, "同一段话。\n\n另一段。");
        assert!(i.removed.iter().any(|r| r.reason == "duplicate"));
    }

    #[test]
    fn a_place_only_in_the_footer_is_not_a_region() {
        let text = "柳州的新能源汽车\n柳州新能源汽车产量增长。柳州工业体系完备。\n编辑:李明\n聊城新闻网 版权所有 魯ICP備09083931號\n聊城市新闻传媒中心 主办单位";
        let i = import(text);
        let regions: Vec<String> = i
            .briefing
            .meta
            .regions
            .iter()
            .filter_map(|r| r.city.clone())
            .collect();
        assert_eq!(regions, ["柳州市"]);
    }

    #[test]
    fn slugs_are_ascii_and_name_the_place() {
        let i = import(
            "柳州:“双轮驱动”锻造高端装备\n2025-07-28 09:05 来源:中国网\n柳州工业体系完备。柳州制造。",
        );
        assert_eq!(i.briefing.id, "2025-07-28-liuzhou-shuanglunqudong");
        let odd = import("../../etc/passwd\n2025-07-28 09:05\n正文。");
        assert!(
            odd.briefing
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-'),
            "{}",
            odd.briefing.id
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        #[test]
        fn never_panics_and_never_emits_controls(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..600)) {
            let i = import_bytes(&bytes, Path::new("x"), &Options { encoding: None, today: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() });
            let all = format!("{}{}{:?}", i.briefing.meta.title, i.briefing.body, i.briefing.meta.source);
            proptest::prop_assert!(!all.chars().any(crate::text::is_unsafe), "{all:?}");
            proptest::prop_assert!(i.briefing.id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'));
        }

        #[test]
        fn never_panics_on_text_with_escapes(s in "(\\PC|\\x1b|\\x07|\\x9b|\\n|【|】|#|:|。)*") {
            let i = import(&s);
            let all = format!("{}{}", i.briefing.meta.title, i.briefing.body);
            proptest::prop_assert!(!all.chars().any(crate::text::is_unsafe));
        }
    }
}
