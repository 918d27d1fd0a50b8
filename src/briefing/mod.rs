//! The briefing model: one article on disk as TOML front matter plus a plain-text body.
//!
//! A briefing file looks like this (`YYYY-MM-DD-slug.md`):
//!
//! ```text
//! +++
//! title = "…"
//! date = 2024-12-20
//! +++
//!
//! First paragraph.
//!
//! ## A section heading
//!
//! Another paragraph.
//! ```

mod catalog;
mod format;
mod library;

pub use catalog::{
    Catalog, CatalogView, Entry, EntryView, FoldedBody, KeptText, Report, Unchecked, catalog_path,
    folded_path, open_catalog, open_catalog_in_place, open_catalog_until, open_catalog_with,
    open_folded, open_kept, open_library_lazily, open_library_unchecked, open_unchecked,
    read_catalog_unchecked,
};
pub use format::{ParseError, parse_briefing, region_lines, write_briefing};
pub use library::{
    Changes, Library, LoadError, MAX_DEPTH, MAX_FILE_BYTES, OnDemand, Quick, ResolveError,
    load_file, load_library, load_library_with, read_regular_file,
};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// One briefing: its id (the file stem), where it came from, its metadata and its body.
#[derive(Debug, Clone, PartialEq)]
pub struct Briefing {
    /// The file stem, such as `2024-12-20-liaocheng-zhuigao`.
    pub id: String,
    /// The file it was loaded from (empty for a briefing built in memory).
    pub path: PathBuf,
    /// The front matter.
    pub meta: Meta,
    /// The body text: paragraphs separated by blank lines; `## ` lines are headings.
    pub body: String,
}

/// The front matter of a briefing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The article's title.
    pub title: String,
    /// The publication date, or the inferred date when `date_precision` is not `day`.
    #[serde(with = "toml_date")]
    pub date: NaiveDate,
    /// How much of `date` is known.
    #[serde(default, skip_serializing_if = "DatePrecision::is_day")]
    pub date_precision: DatePrecision,
    /// The newspaper or site the article came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// Where the article was published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The regions the article is about.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<RegionRef>,
    /// Free-form tags.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// For an article about several regions: which section is about which region.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<Section>,
}

/// How precisely a briefing's date is known.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DatePrecision {
    /// The article states its publication day.
    #[default]
    Day,
    /// Inferred from the text to the month.
    Month,
    /// Inferred from the text to the year.
    Year,
    /// Nothing in the article tells when it was published; `date` is the day it was imported.
    Unknown,
}

impl DatePrecision {
    fn is_day(&self) -> bool {
        *self == DatePrecision::Day
    }

    /// The name used in front matter and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
            DatePrecision::Unknown => "unknown",
        }
    }
}

/// A region as written in front matter: a province-level name and, optionally, a city in it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegionRef {
    /// The official name of the provincial-level division, such as `广西壮族自治区`.
    pub province: String,
    /// The official name of the prefecture-level city, such as `柳州市`, if the item is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
}

/// A section of a multi-region briefing: its heading in the body and the regions it is about.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// The heading text, exactly as it stands after `## ` in the body.
    pub heading: String,
    /// The regions this section is about.
    #[serde(default)]
    pub regions: Vec<RegionRef>,
}

/// One block of a body: a heading or a paragraph, with its character range in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    /// Whether this block is a `## ` heading.
    pub is_heading: bool,
    /// The text, without the `## ` marker.
    pub text: &'a str,
    /// Offset of `text` in the body, in characters.
    pub start: usize,
}

impl Briefing {
    /// The body split into headings and paragraphs.
    pub fn blocks(&self) -> Vec<Block<'_>> {
        body_blocks(&self.body)
    }

    /// The regions of the section a heading starts, if the front matter names it.
    pub fn section_regions(&self, heading: &str) -> Option<&[RegionRef]> {
        self.meta
            .sections
            .iter()
            .find(|s| s.heading == heading)
            .map(|s| s.regions.as_slice())
    }
}

/// Splits a body into blocks: runs of non-blank lines, `## ` lines standing alone as headings.
pub fn body_blocks(body: &str) -> Vec<Block<'_>> {
    let mut blocks = Vec::new();
    let mut chars_before = 0usize;
    let mut para: Option<(usize, usize, usize)> = None; // byte start, byte end, char start
    let mut byte = 0usize;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let line_chars = line.chars().count();
        if content.trim().is_empty() {
            if let Some((s, e, c)) = para.take() {
                blocks.push(Block {
                    is_heading: false,
                    text: &body[s..e],
                    start: c,
                });
            }
        } else if let Some(h) = content.strip_prefix("## ") {
            if let Some((s, e, c)) = para.take() {
                blocks.push(Block {
                    is_heading: false,
                    text: &body[s..e],
                    start: c,
                });
            }
            blocks.push(Block {
                is_heading: true,
                text: h,
                start: chars_before + 3,
            });
        } else {
            match &mut para {
                Some((_, e, _)) => *e = byte + content.len(),
                None => para = Some((byte, byte + content.len(), chars_before)),
            }
        }
        chars_before += line_chars;
        byte += line.len();
    }
    if let Some((s, e, c)) = para {
        blocks.push(Block {
            is_heading: false,
            text: &body[s..e],
            start: c,
        });
    }
    blocks
}

mod toml_date {
    //! Dates in front matter: a TOML date (`2024-12-20`) or a string in the same form.
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&to_toml(*date), s)
    }

    /// The TOML date for a calendar date (years outside 0..=9999 are clamped).
    pub fn to_toml(date: NaiveDate) -> toml::value::Datetime {
        let d = toml::value::Date {
            year: date.year().clamp(0, 9999) as u16,
            month: date.month() as u8,
            day: date.day() as u8,
        };
        toml::value::Datetime {
            date: Some(d),
            time: None,
            offset: None,
        }
    }

    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Toml(toml::value::Datetime),
        Text(String),
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let text = match Raw::deserialize(d)? {
            Raw::Toml(dt) => {
                if dt.time.is_some() || dt.offset.is_some() {
                    return Err(D::Error::custom(
                        "date must be a plain date such as 2024-12-20",
                    ));
                }
                dt.to_string()
            }
            Raw::Text(s) => s,
        };
        NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| D::Error::custom(format!("`{text}` is not a date of the form 2024-12-20")))
    }
}

impl Meta {
    /// The date as precisely as it is known: `2024-12-20`, `2024-12` or `2024`.
    pub fn date_label(&self) -> String {
        let fmt = match self.date_precision {
            DatePrecision::Day => "%Y-%m-%d",
            DatePrecision::Month => "%Y-%m",
            DatePrecision::Year => "%Y",
            DatePrecision::Unknown => return "undated".to_string(),
        };
        self.date.format(fmt).to_string()
    }

    /// Every region the briefing names: its own, then its sections' (without repeats).
    pub fn all_regions(&self) -> Vec<&RegionRef> {
        let mut out: Vec<&RegionRef> = Vec::new();
        for r in self
            .regions
            .iter()
            .chain(self.sections.iter().flat_map(|s| s.regions.iter()))
        {
            if !out.contains(&r) {
                out.push(r);
            }
        }
        out
    }
}

/// The first and last day of a period written `2024`, `2024-06` or `2024-06-15`.
pub fn parse_period(text: &str) -> Option<(NaiveDate, NaiveDate)> {
    let parts: Vec<&str> = text.trim().split('-').collect();
    let num = |s: &str| s.parse::<u32>().ok();
    match parts.as_slice() {
        [y] if y.len() == 4 => {
            let y = num(y)? as i32;
            Some((
                NaiveDate::from_ymd_opt(y, 1, 1)?,
                NaiveDate::from_ymd_opt(y, 12, 31)?,
            ))
        }
        [y, m] if y.len() == 4 => {
            let (y, m) = (num(y)? as i32, num(m)?);
            let first = NaiveDate::from_ymd_opt(y, m, 1)?;
            let next = if m == 12 {
                NaiveDate::from_ymd_opt(y + 1, 1, 1)?
            } else {
                NaiveDate::from_ymd_opt(y, m + 1, 1)?
            };
            Some((first, next.pred_opt()?))
        }
        [y, m, d] if y.len() == 4 => {
            let day = NaiveDate::from_ymd_opt(num(y)? as i32, num(m)?, num(d)?)?;
            Some((day, day))
        }
        _ => None,
    }
}

#[cfg(test)]
mod period_tests {
    use super::*;

    #[test]
    fn periods_cover_their_whole_span() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(parse_period("2024"), Some((d(2024, 1, 1), d(2024, 12, 31))));
        assert_eq!(
            parse_period("2024-02"),
            Some((d(2024, 2, 1), d(2024, 2, 29)))
        );
        assert_eq!(
            parse_period("2024-12"),
            Some((d(2024, 12, 1), d(2024, 12, 31)))
        );
        assert_eq!(
            parse_period("2024-06-15"),
            Some((d(2024, 6, 15), d(2024, 6, 15)))
        );
        for bad in ["", "24", "2024-13", "2024-02-30", "june"] {
            assert_eq!(parse_period(bad), None, "{bad}");
        }
    }
}
