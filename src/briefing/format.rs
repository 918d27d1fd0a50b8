//! Reading and writing one briefing file: `+++` TOML front matter, then the body.

use super::{Briefing, Meta, RegionRef, toml_date};
use std::fmt::Write as _;
use std::path::Path;

/// Why a briefing file could not be read, with the 1-based line it concerns.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct ParseError {
    /// The 1-based line in the file.
    pub line: usize,
    /// What is wrong, in words a person can act on.
    pub reason: String,
}

fn err(line: usize, reason: impl Into<String>) -> ParseError {
    ParseError {
        line,
        reason: reason.into(),
    }
}

/// The byte ranges of the front matter (between the `+++` lines) and of the rest of `text`.
fn split_front_matter(text: &str) -> Result<(std::ops::Range<usize>, usize), ParseError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(err(
            1,
            "a briefing starts with a `+++` line that opens its TOML front matter",
        ));
    }
    let fm_start = first.len();
    let mut offset = fm_start;
    for line in lines {
        if line.trim_end() == "+++" {
            return Ok((fm_start..offset, offset + line.len()));
        }
        offset += line.len();
    }
    Err(err(
        1,
        "the front matter opened here is never closed by a `+++` line",
    ))
}

/// Parses the text of a briefing file; `path` gives the id (its stem) and is kept.
pub fn parse_briefing(text: &str, path: &Path) -> Result<Briefing, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (fm, body_start) = split_front_matter(text)?;
    let fm = &text[fm];
    let meta: Meta = toml::from_str(fm).map_err(|e| {
        let line = e.span().map(|s| 1 + line_of(fm, s.start)).unwrap_or(1);
        err(line, e.message().trim().to_string())
    })?;
    if meta.title.trim().is_empty() {
        return Err(err(
            1 + key_line(fm, "title").unwrap_or(1),
            "`title` is empty",
        ));
    }
    let body = text[body_start..]
        .trim_start_matches(['\n', '\r'])
        .trim_end()
        .to_string();
    let blocks = super::body_blocks(&body);
    for section in &meta.sections {
        if !blocks
            .iter()
            .any(|b| b.is_heading && b.text == section.heading)
        {
            let line = 1 + value_line(fm, &section.heading).unwrap_or(1);
            return Err(err(
                line,
                format!(
                    "section `{}` has no `## {}` heading in the body",
                    section.heading, section.heading
                ),
            ));
        }
    }
    let id = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(Briefing {
        id,
        path: path.to_path_buf(),
        meta,
        body,
    })
}

/// Each region the front matter of a briefing file names (its `regions`, then each section's),
/// with the 1-based line of the file it is named on; empty when the front matter does not
/// parse. What `brief check` needs to point at a region the gazetteer does not know.
pub fn region_lines(text: &str) -> Vec<(RegionRef, usize)> {
    #[derive(serde::Deserialize)]
    struct Named {
        #[serde(default)]
        regions: Vec<toml::Spanned<RegionRef>>,
        #[serde(default)]
        sections: Vec<SectionNamed>,
    }
    #[derive(serde::Deserialize)]
    struct SectionNamed {
        #[serde(default)]
        regions: Vec<toml::Spanned<RegionRef>>,
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok((fm, _)) = split_front_matter(text) else {
        return Vec::new();
    };
    let fm = &text[fm];
    let Ok(named) = toml::from_str::<Named>(fm) else {
        return Vec::new();
    };
    named
        .regions
        .into_iter()
        .chain(named.sections.into_iter().flat_map(|s| s.regions))
        .map(|r| {
            // The front matter starts on the file's second line, after `+++`.
            let line = 1 + line_of(fm, r.span().start);
            (r.into_inner(), line)
        })
        .collect()
}

/// The 1-based line of a byte offset.
fn line_of(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.as_bytes()[..byte]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

fn key_line(fm: &str, key: &str) -> Option<usize> {
    fm.lines()
        .position(|l| l.trim_start().starts_with(key))
        .map(|i| i + 1)
}

fn value_line(fm: &str, value: &str) -> Option<usize> {
    fm.lines().position(|l| l.contains(value)).map(|i| i + 1)
}

/// A TOML string literal.
fn quote(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn regions_inline(regions: &[RegionRef]) -> String {
    let items: Vec<String> = regions
        .iter()
        .map(|r| match &r.city {
            Some(city) => format!(
                "{{ province = {}, city = {} }}",
                quote(&r.province),
                quote(city)
            ),
            None => format!("{{ province = {} }}", quote(&r.province)),
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// Writes a briefing in the file format; `parse_briefing` reads it back equal.
pub fn write_briefing(b: &Briefing) -> String {
    let m = &b.meta;
    let mut out = String::from("+++\n");
    let _ = writeln!(out, "title = {}", quote(&m.title));
    let _ = writeln!(out, "date = {}", toml_date::to_toml(m.date));
    if m.date_precision != super::DatePrecision::Day {
        let _ = writeln!(out, "date_precision = {}", quote(m.date_precision.as_str()));
    }
    if let Some(source) = &m.source {
        let _ = writeln!(out, "source = {}", quote(source));
    }
    if let Some(url) = &m.url {
        let _ = writeln!(out, "url = {}", quote(url));
    }
    if !m.regions.is_empty() {
        let _ = writeln!(out, "regions = {}", regions_inline(&m.regions));
    }
    if !m.tags.is_empty() {
        let tags: Vec<String> = m.tags.iter().map(|t| quote(t)).collect();
        let _ = writeln!(out, "tags = [{}]", tags.join(", "));
    }
    for s in &m.sections {
        let _ = writeln!(out, "\n[[sections]]\nheading = {}", quote(&s.heading));
        let _ = writeln!(out, "regions = {}", regions_inline(&s.regions));
    }
    out.push_str("+++\n\n");
    out.push_str(b.body.trim_end());
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::{DatePrecision, Section};
    use chrono::NaiveDate;
    use std::path::PathBuf;

    fn sample() -> Briefing {
        Briefing {
            id: "2024-12-20-liaocheng".into(),
            path: PathBuf::from("2024-12-20-liaocheng.md"),
            meta: Meta {
                title: "追高逐新的飛躍“密碼”".into(),
                date: NaiveDate::from_ymd_opt(2024, 12, 20).unwrap(),
                date_precision: DatePrecision::Month,
                source: Some("新聊城客戶端".into()),
                url: Some("https://example.org/a?b=\"c\"".into()),
                regions: vec![RegionRef {
                    province: "山东省".into(),
                    city: Some("聊城市".into()),
                }],
                tags: vec!["新质生产力".into()],
                sections: vec![Section {
                    heading: "传统产业".into(),
                    regions: vec![RegionRef {
                        province: "天津市".into(),
                        city: None,
                    }],
                }],
            },
            body: "第一段,有\"引号\"。\n\n## 传统产业\n\n第二段。".into(),
        }
    }

    #[test]
    fn write_then_parse_is_lossless() {
        let b = sample();
        let text = write_briefing(&b);
        let back = parse_briefing(&text, &b.path).unwrap();
        assert_eq!(back, b);
        assert_eq!(write_briefing(&back), text);
    }

    #[test]
    fn string_dates_are_accepted() {
        let text = "+++\ntitle = \"t\"\ndate = \"2024-03-05\"\n+++\nbody\n";
        let b = parse_briefing(text, Path::new("x.md")).unwrap();
        assert_eq!(b.meta.date, NaiveDate::from_ymd_opt(2024, 3, 5).unwrap());
        assert_eq!(b.body, "body");
        assert_eq!(b.id, "x");
    }

    #[test]
    fn errors_name_the_line() {
        let cases: &[(&str, usize, &str)] = &[
            ("no front matter\n", 1, "starts with a `+++`"),
            ("+++\ntitle = \"t\"\n", 1, "never closed"),
            ("+++\ntitle = \"t\"\ndate = 2024-13-01\n+++\n", 3, ""),
            (
                "+++\ntitle = \"t\"\ndate = 2024-01-01\ncolour = 1\n+++\n",
                4,
                "unknown field `colour`",
            ),
            ("+++\ntitle = \"t\"\n+++\n", 2, "missing field `date`"),
            (
                "+++\ntitle = 3\ndate = 2024-01-01\n+++\n",
                2,
                "invalid type",
            ),
            (
                "+++\ntitle = \"\"\ndate = 2024-01-01\n+++\n",
                2,
                "`title` is empty",
            ),
            (
                "+++\ntitle = \"t\"\ndate = 2024-01-01\ndate_precision = \"week\"\n+++\n",
                4,
                "unknown variant",
            ),
            (
                "+++\ntitle = \"t\"\ndate = 2024-01-01\n\n[[sections]]\nheading = \"甲\"\nregions = []\n+++\nbody\n",
                6,
                "no `## 甲` heading",
            ),
        ];
        for (text, line, needle) in cases {
            let e = parse_briefing(text, Path::new("x.md")).unwrap_err();
            assert_eq!(e.line, *line, "{text:?}: {e}");
            assert!(e.reason.contains(needle), "{text:?}: {e}");
        }
    }

    #[test]
    fn region_lines_point_at_the_line_naming_each_region() {
        let text = "+++\ntitle = \"火星市与柳州市\"\ndate = 2024-01-01\n\
                    regions = [\n  { province = \"广西壮族自治区\", city = \"柳州市\" },\n  \
                    { province = \"火星\\u7701\", city = \"\" },\n]\n\n\
                    [[sections]]\nheading = \"甲\"\n\n[[sections.regions]]\nprovince = \"月球\"\n\
                    +++\n\n## 甲\n\n正文。\n";
        let got = region_lines(text);
        let at = |province: &str| {
            got.iter()
                .find(|(r, _)| r.province == province)
                .map(|(_, l)| *l)
        };
        assert_eq!(at("广西壮族自治区"), Some(5));
        // Escaped in the file and with an empty city: still its own line, not line 1.
        assert_eq!(at("火星省"), Some(6));
        assert_eq!(at("月球"), Some(12));
        assert_eq!(got.len(), 3);
        assert!(region_lines("no front matter").is_empty());
    }

    #[test]
    fn blocks_split_headings_and_paragraphs_with_char_offsets() {
        let body = "甲乙。\n丙。\n\n## 标题\n\n丁。";
        let blocks = crate::briefing::body_blocks(body);
        assert_eq!(blocks.len(), 3);
        assert_eq!(blocks[0].text, "甲乙。\n丙。");
        assert!(blocks[1].is_heading);
        assert_eq!(blocks[1].text, "标题");
        let chars: Vec<char> = body.chars().collect();
        for b in &blocks {
            let got: String = chars[b.start..b.start + b.text.chars().count()]
                .iter()
                .collect();
            assert_eq!(got, b.text);
        }
    }
}
