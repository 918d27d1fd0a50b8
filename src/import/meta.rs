//! Finding an article's title, date and source in its text.

use super::clean::{Line, Removed, ends_paragraph};
use crate::briefing::DatePrecision;
use crate::text::to_simplified;
use chrono::{Datelike, NaiveDate};
use regex::Regex;
use std::sync::LazyLock;

static ORIGINAL_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:原标题|原標題)\s*[:：]\s*(.+)$").expect("valid regex"));
static ISO_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})-(\d{1,2})-(\d{1,2})").expect("valid regex"));
static CN_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})年(\d{1,2})月(\d{1,2})日").expect("valid regex"));
static SOURCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:来源|來源)\s*[:：]\s*([^\s\d|｜]+)").expect("valid regex"));
static REPORTER_OUTLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:采写|采访|撰稿|文字|文)?\s*[:：/]?\s*([\p{Han}A-Za-z+/]{2,12}?)(?:全媒体)?(?:记者|記者)").expect("valid regex")
});
static DATELINE_OUTLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([\p{Han}]{2,8}?)(?:讯|訊|电|電)\s").expect("valid regex"));
static EDITION_OUTLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《([^》]{2,20})》").expect("valid regex"));
static YEAR_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})年?(?:年终|年末|岁末)").expect("valid regex"));
static SESSIONS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})年?全国两会").expect("valid regex"));
static YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(^|[^\d到至])(\d{4})年").expect("valid regex"));

/// Takes the title out of the lines: an `原标题:` line wins, then a Markdown `# ` line, then
/// the first line when it reads as a title. The title line is recorded as removed.
pub fn take_title(lines: &mut Vec<Line>, removed: &mut Vec<Removed>) -> Option<String> {
    let pos = lines
        .iter()
        .position(|l| ORIGINAL_TITLE.is_match(&l.text))
        .or_else(|| lines.iter().take(10).position(|l| l.text.starts_with("# ")))
        .or_else(|| {
            let first = lines.first()?;
            let n = first.text.chars().count();
            (n <= 80 && !ends_paragraph(&first.text)).then_some(0)
        })?;
    let line = lines.remove(pos);
    let title = match ORIGINAL_TITLE.captures(&line.text) {
        Some(c) => c[1].trim().to_string(),
        None => line.text.trim_start_matches('#').trim().to_string(),
    };
    removed.push(Removed {
        line: line.no,
        text: line.text,
        reason: "title",
    });
    Some(title)
}

/// The publication date stated in a byline, at day precision.
pub fn stated_date(removed: &[Removed]) -> Option<NaiveDate> {
    removed
        .iter()
        .filter(|r| r.reason == "byline")
        .find_map(|r| {
            let c = ISO_DATE
                .captures(&r.text)
                .or_else(|| CN_DATE.captures(&r.text))?;
            NaiveDate::from_ymd_opt(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
        })
}

/// A date inferred from the text when none is stated: a year-end review is December of its
/// year, a national two-sessions special is March, else the latest past year the text names.
pub fn inferred_date(
    title: &str,
    body: &str,
    today: NaiveDate,
) -> Option<(NaiveDate, DatePrecision)> {
    let title = to_simplified(title);
    let body = to_simplified(body);
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
    let year = YEAR
        .captures_iter(&format!("{title}\n{body}"))
        .filter_map(|c| c[2].parse::<i32>().ok())
        .filter(|y| (1949..=today.year()).contains(y))
        .max()?;
    NaiveDate::from_ymd_opt(year, 1, 1).map(|d| (d, DatePrecision::Year))
}

/// The source: a `来源:` line, else the outlet of the reporters' credit, else the outlet of a
/// dateline (`中国网讯`), else the newspaper of an edition line (`《聊城日报》2版`).
pub fn source(removed: &[Removed], body_lines: &[Line]) -> Option<String> {
    let from_label = removed
        .iter()
        .find_map(|r| SOURCE.captures(&r.text).map(|c| c[1].to_string()));
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
    };
    let from_edition = || {
        removed
            .iter()
            .filter(|r| r.reason == "byline")
            .find_map(|r| EDITION_OUTLET.captures(&r.text).map(|c| c[1].to_string()))
    };
    from_label
        .or_else(from_credit)
        .or_else(from_dateline)
        .or_else(from_edition)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn dates_are_inferred_with_their_precision() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
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
        assert_eq!(inferred_date("无日期", "没有年份。", today()), None);
    }

    #[test]
    fn stated_dates_and_sources_come_from_bylines() {
        let byline = |t: &str| Removed {
            line: 1,
            text: t.into(),
            reason: "byline",
        };
        let removed = [byline("來源:新聊城客戶端  2024-12-20 14:44:41")];
        assert_eq!(stated_date(&removed), NaiveDate::from_ymd_opt(2024, 12, 20));
        assert_eq!(source(&removed, &[]).as_deref(), Some("新聊城客戶端"));
        let removed = [byline("2025-07-28 09:05     来源:中国网")];
        assert_eq!(stated_date(&removed), NaiveDate::from_ymd_opt(2025, 7, 28));
        assert_eq!(source(&removed, &[]).as_deref(), Some("中国网"));
        let credit = Removed {
            line: 9,
            text: "采写:极目新闻记者黄忠 庞正".into(),
            reason: "credit",
        };
        assert_eq!(source(&[credit], &[]).as_deref(), Some("极目新闻"));
        let lead = Line {
            no: 1,
            text: "中国网讯 7月20日,活动在南宁举行。".into(),
        };
        assert_eq!(source(&[], &[lead]).as_deref(), Some("中国网"));
        let edition = [byline("2024年12月20日《聊城日報》2版")];
        assert_eq!(source(&edition, &[]).as_deref(), Some("聊城日報"));
    }
}
