//! Finding an article's title, date and source: dates in every common Chinese shape, byline
//! fields by their labels wherever they stand on a line, and headline candidates scored.

use super::clean::{Line, Removed, has_sentence_punct};
use crate::briefing::DatePrecision;
use crate::text::to_simplified;
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

/// Full-width digits and the punctuation dates use, as ASCII, one character for one (so
/// offsets in characters stay the same).
pub fn ascii_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '－' | '—' | '–' => '-',
            '／' => '/',
            '．' => '.',
            '：' => ':',
            '\u{3000}' | '\u{a0}' => ' ',
            c => c,
        })
        .collect()
}

/// A four-digit year, then month and day with one kind of separator (`2024-3-5`, `2024/03/05`,
/// `2024.03.05`, `2024年3月5日`); or a two-digit year written with 年 (`24年11月05日`).
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:^|[^\d])
        (?:
            (?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]?
          | (?P<y2>\d{4})(?P<sep>[-/._])(?P<m2>\d{1,2})[-/._](?P<d2>\d{1,2})
          | (?P<yy>\d{2})\s*年\s*(?P<m3>\d{1,2})\s*月\s*(?P<d3>\d{1,2})\s*[日号]?
        )
        (?:[^\d]|$)",
    )
    .expect("valid regex")
});

/// A year on its own and a month/day on the next line (`2024` then `03/05`).
static MONTH_DAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})[-/.月](\d{1,2})日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
        .expect("valid regex")
});
static YEAR_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})年?$").expect("valid regex"));
static TIME_ONLY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,2}:\d{2}(?::\d{2})?$").expect("valid regex"));

/// Every full date written in `s`, in order.
pub fn find_dates(s: &str) -> Vec<NaiveDate> {
    let s = ascii_digits(s);
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(c) = DATE.captures_at(&s, at) {
        let whole = c.get(0).expect("match");
        // The match may take one character after the date; step past the date only.
        at = whole.end().max(at + 1);
        if at > 0 && !s.is_char_boundary(at) {
            at = (at..s.len())
                .find(|&i| s.is_char_boundary(i))
                .unwrap_or(s.len());
        }
        let num = |a: &str, b: &str, c2: &str| {
            c.name(a)
                .or_else(|| c.name(b))
                .or_else(|| c.name(c2))
                .and_then(|m| m.as_str().parse::<u32>().ok())
        };
        let year = match (c.name("y").or_else(|| c.name("y2")), c.name("yy")) {
            (Some(y), _) => y.as_str().parse::<i32>().ok(),
            (None, Some(yy)) => yy.as_str().parse::<i32>().ok().map(|y| 2000 + y),
            _ => None,
        };
        let (Some(y), Some(m), Some(d)) = (year, num("m", "m2", "m3"), num("d", "d2", "d3")) else {
            continue;
        };
        if let Some(date) =
            NaiveDate::from_ymd_opt(y, m, d).filter(|d| (1949..=2100).contains(&d.year()))
        {
            out.push(date);
        }
    }
    out
}

/// A date split over short lines, as some pages lay out a byline: a year, then `MM/DD` or
/// `MM-DD`, maybe then a time.
pub fn split_date(lines: &[&str]) -> Option<NaiveDate> {
    lines.windows(2).find_map(|w| {
        let y = YEAR_ONLY.captures(&ascii_digits(w[0].trim()))?[1]
            .parse()
            .ok()?;
        let second = ascii_digits(w[1].trim());
        let md = MONTH_DAY.captures(&second)?;
        NaiveDate::from_ymd_opt(y, md[1].parse().ok()?, md[2].parse().ok()?)
    })
}

/// Whether a line is only a time of day (`09:12`, `09:12:05`), as split bylines leave them.
pub fn is_time_only(s: &str) -> bool {
    TIME_ONLY.is_match(ascii_digits(s.trim()).as_str())
}

/// Whether a short line is a bare month and day (`03/05`), as split bylines leave them.
pub fn is_month_day(s: &str) -> bool {
    MONTH_DAY.is_match(ascii_digits(s.trim()).as_str())
}

/// Whether a short line is a bare year (`2024`), as split bylines leave them.
pub fn is_year_only(s: &str) -> bool {
    YEAR_ONLY.is_match(ascii_digits(s.trim()).as_str())
}

/// A date written by a page's metadata (`2024-03-05T09:12:00+08:00`, `2024-03-05 09:12`,
/// `2024年03月05日`, `20240305`).
pub fn meta_date(s: &str) -> Option<NaiveDate> {
    find_dates(s).into_iter().next().or_else(|| {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        (digits.len() == 8)
            .then(|| NaiveDate::parse_from_str(&digits, "%Y%m%d").ok())
            .flatten()
    })
}

/// The labels of byline fields, longest first; matched on simplified text.
const LABELS: &[(&str, Field)] = &[
    ("发布时间", Field::Date),
    ("发布日期", Field::Date),
    ("发表时间", Field::Date),
    ("发表日期", Field::Date),
    ("更新时间", Field::Date),
    ("更新日期", Field::Date),
    ("成文日期", Field::Date),
    ("印发日期", Field::Date),
    ("发文日期", Field::Date),
    ("刊发时间", Field::Date),
    ("出版日期", Field::Date),
    ("日期", Field::Date),
    ("时间", Field::Date),
    ("信息来源", Field::Source),
    ("文章来源", Field::Source),
    ("新闻来源", Field::Source),
    ("稿件来源", Field::Source),
    ("来源于", Field::Source),
    ("来源", Field::Source),
    ("稿源", Field::Source),
    ("出处", Field::Source),
    ("发布机构", Field::Source),
    ("发布单位", Field::Source),
    ("发文机关", Field::Source),
    ("作者", Field::Other),
    ("责任编辑", Field::Other),
    ("编辑", Field::Other),
    ("记者", Field::Other),
    ("浏览量", Field::Other),
    ("浏览次数", Field::Other),
    ("浏览", Field::Other),
    ("阅读量", Field::Other),
    ("阅读数", Field::Other),
    ("阅读", Field::Other),
    ("点击量", Field::Other),
    ("点击数", Field::Other),
    ("点击率", Field::Other),
    ("访问量", Field::Other),
    ("访问次数", Field::Other),
    ("字号", Field::Other),
    ("字体", Field::Other),
    ("分享到", Field::Other),
    ("分享", Field::Other),
    ("索引号", Field::Other),
    ("主题分类", Field::Other),
    ("文号", Field::Other),
];

/// What a byline field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// A publication date.
    Date,
    /// The publisher.
    Source,
    /// Anything else (author, counters, widgets).
    Other,
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<&str> = LABELS.iter().map(|(l, _)| *l).collect();
    Regex::new(&format!(r"(?:{})\s*[:：丨｜|]", alternatives.join("|"))).expect("valid regex")
});

/// The labelled fields of a line (`来源:湖南日报 浏览量:12发布日期:2019-05-08`), each with
/// its value, wherever the labels stand and whether or not a space separates them. The line
/// is read in simplified script, so `來源` is `来源`.
pub fn fields(line: &str) -> Vec<(Field, String)> {
    let s = to_simplified(line);
    // Values are taken from the line as written (a source stays in its own script) when
    // folding kept one character for one, as it nearly always does.
    let same_shape = s.chars().count() == line.chars().count();
    let original = |from: usize, to: usize| -> String {
        let (a, b) = (s[..from].chars().count(), s[..to].chars().count());
        line.chars().skip(a).take(b - a).collect()
    };
    let labels: Vec<regex::Match<'_>> = LABEL.find_iter(&s).collect();
    let mut out = Vec::new();
    for (i, m) in labels.iter().enumerate() {
        let label = m
            .as_str()
            .trim_end_matches([':', '：', '丨', '｜', '|'])
            .trim();
        let Some(&(_, field)) = LABELS.iter().find(|(l, _)| *l == label) else {
            continue;
        };
        let end = labels.get(i + 1).map_or(s.len(), |n| n.start());
        let value = if same_shape {
            original(m.end(), end)
        } else {
            s[m.end()..end].to_string()
        };
        out.push((field, value.trim().to_string()));
    }
    out
}

/// Whether a line is made of byline fields only: every part of it is a label and its value
/// (and what precedes the first label is at most a short name or a date).
pub fn is_field_line(line: &str) -> bool {
    let s = to_simplified(line);
    let Some(first) = LABEL.find(&s) else {
        return false;
    };
    let before = s[..first.start()].trim();
    let n = s.chars().count();
    n <= 120
        && !s.contains('。')
        && (before.is_empty() || before.chars().count() <= 30 && !has_sentence_punct(before))
}

/// The publisher named in a `来源:` value: up to a date, a bar, a bracket or a run of spaces.
pub fn source_value(value: &str) -> Option<String> {
    let v = ascii_digits(value);
    let cut = v
        .find(|c: char| c.is_ascii_digit() || "|｜()（）[]【】,，;；".contains(c))
        .unwrap_or(v.len());
    let v = v[..cut].trim();
    let v = v.split("  ").next().unwrap_or(v).trim();
    let v = v.split(' ').next().unwrap_or(v).trim();
    let v = v.trim_matches(|c: char| "-_·:：".contains(c)).trim();
    let n = v.chars().count();
    (2..=30).contains(&n).then(|| v.to_string())
}

/// A line that is only a publisher and a time: `经济日报 2024-06-18 09:12:05`.
static SOURCE_AND_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([\p{Han}A-Za-z·]{2,16}(?:[-—][\p{Han}A-Za-z]{2,12})?)\s+\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
        .expect("valid regex")
});
static TIME_AND_SOURCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+([\p{Han}A-Za-z·]{2,16})$")
        .expect("valid regex")
});

/// The publisher of a line that is only a publisher and a date, in either order.
pub fn source_beside_date(line: &str) -> Option<String> {
    let s = ascii_digits(line.trim());
    SOURCE_AND_TIME
        .captures(&s)
        .or_else(|| TIME_AND_SOURCE.captures(&s))
        .map(|c| c[1].to_string())
}

/// A date (and time) at the end of a headline line: `…产业集群 2025-10-31`.
static TRAILING_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\s+[\[(（]?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?[\])）]?$",
    )
    .expect("valid regex")
});

/// A line split into its text and the date standing at its end, if one does.
pub fn split_trailing_date(line: &str) -> (&str, Option<&str>) {
    match TRAILING_DATE.find(&ascii_digits(line)) {
        // ascii_digits keeps one character for one, so the char offset carries over.
        Some(m) => {
            let at_char = ascii_digits(line)[..m.start()].chars().count();
            let at = line
                .char_indices()
                .nth(at_char)
                .map_or(line.len(), |(i, _)| i);
            (line[..at].trim_end(), Some(line[at..].trim()))
        }
        None => (line, None),
    }
}

static ORIGINAL_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:本文)?(?:原标题|原標題)\s*[:：]\s*(.+)$").expect("valid regex")
});

/// The title an `原标题:` line gives.
pub fn original_title(line: &str) -> Option<String> {
    ORIGINAL_TITLE
        .captures(line)
        .map(|c| c[1].trim().to_string())
}

/// The words that make a short line the name of a site or a section rather than a headline.
const SITE_ENDINGS: &[&str] = &[
    "网",
    "在线",
    "日报",
    "晚报",
    "新闻",
    "客户端",
    "政府",
    "门户",
    "频道",
    "首页",
    "新闻网",
    "融媒",
    "报",
    "之声",
    "头条",
    "号",
];

static PAGE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^第?\s*[0-9０-９A-Za-z]{1,5}\s*版\s*[:：]|^[A-Z]?\d{1,2}版[:：\s]|^第[一二三四五六七八九十\d]+版")
        .expect("valid regex")
});

/// A headline candidate and what the markup says of headlines.
pub struct TitleHints<'a> {
    /// Headlines the page's markup states (`og:title`, `ArticleTitle`, `<h1>`).
    pub stated: &'a [String],
    /// The page's `<title>`, site name included.
    pub head_title: Option<&'a str>,
}

/// How much a line reads as the article's headline; `pos` is its place among the head lines,
/// `byline_bonus` what a byline next to it adds, `repeated`
/// whether the same text stands again in the page's chrome (a breadcrumb, a share snippet).
pub fn title_score(
    line: &str,
    pos: usize,
    byline_bonus: f32,
    repeated: bool,
    hints: &TitleHints<'_>,
) -> f32 {
    let s = to_simplified(line.trim_start_matches('#').trim());
    let n = s.chars().count();
    // Headlines run 10 to 40 characters; a section label or a site name is shorter.
    let mut score = match n {
        0..=3 => -2.0,
        4..=5 => 0.0,
        6..=50 => 1.0 + (n.min(18) - 6) as f32 / 6.0,
        51..=80 => 0.5,
        _ => -6.0,
    };
    if super::clean::is_keyword_list(&s) {
        score -= 8.0;
    }
    if s.ends_with('。') || s.matches('。').count() >= 2 {
        score -= 4.0;
    }
    if s.matches(['，', ',']).count() >= 3 {
        score -= 1.5;
    }
    if line.starts_with("# ") {
        score += 5.0;
    }
    score += byline_bonus;
    if repeated {
        score += 1.0;
    }
    let simplified_hint = |h: &str| to_simplified(h);
    if hints.stated.iter().any(|h| {
        let h = simplified_hint(h);
        h == s || (h.chars().count() >= 6 && (s.contains(&h) || h.contains(&s) && n >= 6))
    }) {
        score += 6.0;
    }
    if let Some(t) = hints.head_title {
        let t = simplified_hint(t);
        if n >= 6 && t.starts_with(&s) {
            score += 4.0;
        }
    }
    if n <= 14 && SITE_ENDINGS.iter().any(|e| s.ends_with(e)) {
        score -= 3.0;
    }
    if PAGE_LABEL.is_match(&s) {
        score -= 8.0;
    }
    let tokens: Vec<&str> = s
        .split(|c: char| c.is_whitespace() || "|｜/>＞»·".contains(c))
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.len() >= 4 && tokens.iter().all(|t| t.chars().count() <= 4) {
        score -= 5.0;
    }
    if !s.chars().any(crate::text::is_han) {
        score -= 6.0;
    }
    if !find_dates(&s).is_empty() && n <= 30 {
        score -= 4.0;
    }
    if !fields(&s).is_empty() {
        score -= 6.0;
    }
    score - 0.15 * pos.min(30) as f32
}

/// The headline of a `<title>`: the part before the site's name (`标题_某某网`, `标题 - 某某网`,
/// `标题|频道|某某网`).
pub fn strip_site_suffix(title: &str) -> String {
    let parts: Vec<&str> = title
        .split(['_', '|', '｜'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split("--"))
        .flat_map(|p| p.split(" — "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    match parts.first() {
        Some(first) if first.chars().count() >= 5 => first.to_string(),
        _ => parts
            .iter()
            .max_by_key(|p| p.chars().count())
            .map_or_else(|| title.trim().to_string(), |p| p.to_string()),
    }
}

static YEAR_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*年?(?:年终|年末系列|岁末)").expect("valid regex"));
static SESSIONS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*年?全国两会").expect("valid regex"));
/// A year the text names as the time of something (not a target: `到2035年`, `力争2025年`).
static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(^|[^\d到至])(\d{4})\s*年(全年|度|末|底|前三季度|上半年|1[-—～~至]\d{1,2}月|\d{1,2}月)?",
    )
    .expect("valid regex")
});
static TARGET_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:到|至|力争|预计|计划|目标|争取|确保|将于|将在|截至到)\s*$")
        .expect("valid regex")
});

/// A date inferred from the text when none is stated, with the reason a reader would give:
/// a year-end review is December of its year, a national two-sessions special is March; a
/// year's full-year results (`2023年全年`, `2023年末`) are published the year after; otherwise
/// the latest past year named, as a year. Targets (`到2035年`) never count.
pub fn inferred_date(
    title: &str,
    body: &str,
    today: NaiveDate,
) -> Option<(NaiveDate, DatePrecision)> {
    let title = ascii_digits(&to_simplified(title));
    let body = ascii_digits(&to_simplified(body));
    let month =
        |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1).map(|d| (d, DatePrecision::Month));
    for text in [&title, &body] {
        if let Some(c) = YEAR_END.captures(text) {
            return month(c[1].parse().ok()?, 12);
        }
        if let Some(c) = SESSIONS.captures(text) {
            return month(c[1].parse().ok()?, 3);
        }
    }
    let text = format!("{title}\n{body}");
    let mut latest: Option<(i32, bool)> = None; // (year, is a full-year result)
    for c in YEAR.captures_iter(&text) {
        let Some(y) = c.get(2).and_then(|m| m.as_str().parse::<i32>().ok()) else {
            continue;
        };
        let start = c.get(2).map_or(0, |m| m.start());
        let before: String = text[..start]
            .chars()
            .rev()
            .take(6)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if TARGET_BEFORE.is_match(&before) || !(1949..=today.year()).contains(&y) {
            continue;
        }
        let full_year = c
            .get(3)
            .is_some_and(|m| matches!(m.as_str(), "全年" | "末" | "底" | "度"));
        latest = match latest {
            Some((ly, lf)) if ly > y => Some((ly, lf)),
            Some((ly, lf)) if ly == y => Some((ly, lf && full_year)),
            _ => Some((y, full_year)),
        };
    }
    let (year, full_year) = latest?;
    let year = if full_year && year < today.year() {
        year + 1
    } else {
        year
    };
    NaiveDate::from_ymd_opt(year, 1, 1).map(|d| (d, DatePrecision::Year))
}

static REPORTER_OUTLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:采写|采访|撰稿|文字|文)?\s*[:：/]?\s*([\p{Han}A-Za-z+/]{2,12}?)(?:全媒体)?(?:记者|記者)").expect("valid regex")
});
static DATELINE_OUTLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([\p{Han}]{2,8}?)(?:讯|訊|电|電)\s").expect("valid regex"));
static EDITION_OUTLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《([^》]{2,20})》").expect("valid regex"));

/// The source when no `来源:` field names it: the outlet of the reporters' credit, else the
/// outlet of a dateline (`中国网讯`), else the newspaper of an edition line (`《聊城日报》2版`).
pub fn source_from_credits(removed: &[Removed], body_lines: &[Line]) -> Option<String> {
    let from_credit = || {
        removed
            .iter()
            .filter(|r| r.reason == "credit")
            .find_map(|r| {
                REPORTER_OUTLET
                    .captures(&r.text)
                    .map(|c| c[1].trim_matches(['/', ' ']).to_string())
            })
            .filter(|s| s.chars().count() >= 2)
    };
    let from_dateline = || {
        body_lines
            .first()
            .and_then(|l| DATELINE_OUTLET.captures(&l.text))
            .map(|c| c[1].to_string())
            // `本报讯` and `本网讯` name no outlet.
            .filter(|s| !s.starts_with('本'))
    };
    let from_edition = || {
        removed
            .iter()
            .filter(|r| r.reason == "byline")
            .find_map(|r| EDITION_OUTLET.captures(&r.text).map(|c| c[1].to_string()))
    };
    from_credit().or_else(from_dateline).or_else(from_edition)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_every_common_shape() {
        let cases = [
            ("2024年3月5日", d(2024, 3, 5)),
            ("2024 年 03 月 05 日 09:12", d(2024, 3, 5)),
            ("2024-03-05 09:12:05", d(2024, 3, 5)),
            ("2024/03/05", d(2024, 3, 5)),
            ("2024.03.05", d(2024, 3, 5)),
            ("24年11月05日", d(2024, 11, 5)),
            ("２０２４年１１月５日", d(2024, 11, 5)),
            ("２０２４－１１－０５", d(2024, 11, 5)),
            ("发布日期:2019-05-08", d(2019, 5, 8)),
            ("湖南日报浏览量:12发布日期:2019-05-08", d(2019, 5, 8)),
        ];
        for (s, want) in cases {
            assert_eq!(find_dates(s), [want], "{s}");
        }
        assert!(find_dates("2024年增长12.5%").is_empty());
        assert!(find_dates("2024-13-40").is_empty());
        assert_eq!(split_date(&["2024", "03/05", "09:12"]), Some(d(2024, 3, 5)));
        assert_eq!(meta_date("2024-03-05T09:12:00+08:00"), Some(d(2024, 3, 5)));
        assert_eq!(meta_date("20240305"), Some(d(2024, 3, 5)));
    }

    #[test]
    fn fields_are_read_by_their_labels_wherever_they_stand() {
        let f = fields("来源：湖南日报浏览量:12发布日期:2019-05-08");
        assert_eq!(
            f,
            [
                (Field::Source, "湖南日报".to_string()),
                (Field::Other, "12".to_string()),
                (Field::Date, "2019-05-08".to_string())
            ]
        );
        assert_eq!(source_value(&f[0].1).as_deref(), Some("湖南日报"));
        assert_eq!(
            source_value("新聊城客户端  2024-12-20 14:44:41").as_deref(),
            Some("新聊城客户端")
        );
        assert!(is_field_line("發佈時間：2024-03-05 來源：廣州日報"));
        assert!(!is_field_line(
            "时间:过去五年,柳州工业总产值增长一倍。产量创新高。"
        ));
        assert_eq!(
            source_beside_date("经济日报 2024-06-18 09:12:05").as_deref(),
            Some("经济日报")
        );
    }

    #[test]
    fn headlines_outscore_site_names_menus_and_page_labels() {
        let hints = TitleHints {
            stated: &[],
            head_title: None,
        };
        let headline = title_score("柳州新能源汽车产量突破百万辆", 5, 3.0, false, &hints);
        for chrome in [
            "柳州新闻网",
            "第03版:综合新闻",
            "首页 新闻 政务 民生 视频",
            "分享到:微信 微博 QQ空间",
            "2024-03-05 09:12",
        ] {
            assert!(
                title_score(chrome, 0, 0.0, false, &hints) < headline,
                "{chrome}"
            );
        }
        assert_eq!(
            strip_site_suffix("柳州新能源汽车产量增长_柳州新闻网"),
            "柳州新能源汽车产量增长"
        );
        assert_eq!(
            strip_site_suffix("标题在这里 - 某某网 - 新闻"),
            "标题在这里"
        );
    }

    #[test]
    fn dates_are_inferred_with_their_precision() {
        assert_eq!(
            inferred_date(
                "创新抢先机 ——柳州2024年终系列报道",
                "12月24日,公布名单。",
                today()
            ),
            Some((d(2024, 12, 1), DatePrecision::Month))
        );
        assert_eq!(
            inferred_date("2024全国两会特别策划 | 新质生产力", "", today()),
            Some((d(2024, 3, 1), DatePrecision::Month))
        );
        assert_eq!(
            inferred_date(
                "以新提质",
                "1965年,国家决定。到2035年,基本形成。2024年经济工作。",
                today()
            ),
            Some((d(2024, 1, 1), DatePrecision::Year)),
            "a target year (到2035年) is not a date of the article"
        );
        assert_eq!(
            inferred_date("经济运行", "2023年全年,全市地区生产总值增长6%。", today()),
            Some((d(2024, 1, 1), DatePrecision::Year)),
            "a full-year result of 2023 is published in 2024"
        );
        assert_eq!(inferred_date("无日期", "没有年份。", today()), None);
    }

    #[test]
    fn sources_come_from_credits_datelines_and_editions() {
        let credit = Removed {
            line: 9,
            text: "采写:极目新闻记者黄忠 庞正".into(),
            reason: "credit",
        };
        assert_eq!(
            source_from_credits(&[credit], &[]).as_deref(),
            Some("极目新闻")
        );
        let lead = Line {
            no: 1,
            text: "中国网讯 7月20日,活动在南宁举行。".into(),
        };
        assert_eq!(source_from_credits(&[], &[lead]).as_deref(), Some("中国网"));
        let edition = [Removed {
            line: 1,
            text: "2024年12月20日《聊城日報》2版".into(),
            reason: "byline",
        }];
        assert_eq!(
            source_from_credits(&edition, &[]).as_deref(),
            Some("聊城日報")
        );
    }
}
