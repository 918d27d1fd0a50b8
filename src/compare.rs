//! Comparing regions' strategies: each region's material (its briefings, and only its sections
//! of multi-region ones) cut into sentences, sorted into strategy themes, each sentence told
//! apart as a plan or an achievement; a table of figures that measure the same thing; and the
//! themes a region says nothing about.

use crate::briefing::RegionRef;
use crate::briefing::{Briefing, Library};
use crate::config::StrategyTheme;
use crate::figures::{Figure, Kind, find_figures};
use crate::measures::{Vocabulary, measure_figures};
use crate::regions::Region;
use crate::search::fold::{fold, fold_char};
use crate::text::{one_line, safe_chars};
use std::fmt::Write as _;

/// Whether a sentence says what will be done or what has been done.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stance {
    /// Will do: 将, 力争, 加快, 到2027年 ...
    Plan,
    /// Has done: 已, 累计, 实现, 位居, figures of past years ...
    Achievement,
}

impl Stance {
    /// `plan` or `achievement`.
    pub fn as_str(self) -> &'static str {
        match self {
            Stance::Plan => "plan",
            Stance::Achievement => "achievement",
        }
    }
}

/// One sentence of a region's material, sorted.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement {
    /// The sentence.
    pub sentence: String,
    /// Plan or achievement.
    pub stance: Stance,
    /// The briefing's id.
    pub briefing: String,
    /// Index of the briefing in the library.
    pub briefing_index: usize,
    /// Where the sentence starts in the briefing's body, in characters.
    pub start: usize,
    /// Its key figures.
    pub figures: Vec<Figure>,
}

/// One theme across the regions.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeRow {
    /// The theme's name.
    pub theme: String,
    /// Each region's statements on it, in the order of the regions compared.
    pub by_region: Vec<Vec<Statement>>,
}

impl ThemeRow {
    /// The regions (by index) that say nothing on this theme.
    pub fn gaps(&self) -> Vec<usize> {
        (0..self.by_region.len())
            .filter(|&i| self.by_region[i].is_empty())
            .collect()
    }
}

/// A figure in the table, with what it measures.
#[derive(Debug, Clone, PartialEq)]
pub struct MeasuredFigure {
    /// The figure as written.
    pub text: String,
    /// Its kind.
    pub kind: Kind,
    /// Its value in the base unit (yuan, units counted, percent), when it has one.
    pub value: Option<f64>,
    /// Its base unit: `元`, `辆`, `%` ...
    pub unit: Option<String>,
    /// A qualifier: 超 (more than), 近 (less than), 约 (about).
    pub approx: Option<crate::figures::Approx>,
    /// The period it covers: `2024年`, `1—11月`.
    pub period: Option<String>,
    /// Whether it is a target rather than an actual.
    pub is_target: bool,
    /// The sentence it comes from.
    pub sentence: String,
    /// The briefing's id.
    pub briefing: String,
}

/// One row of the figures table: a measure and each region's figures for it.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    /// What is measured: 新能源汽车产量, 规上工业增加值增速.
    pub measure: String,
    /// Each region's figures, in the order of the regions compared: actuals first, then
    /// targets.
    pub by_region: Vec<Vec<MeasuredFigure>>,
    /// The magnitude values of the row are shown in, so that they compare (亿 for 494亿元
    /// beside 5万亿元): its factor and its name, for the row's one unit.
    pub scale: Option<(f64, String)>,
}

impl FigureRow {
    /// How many regions have a figure for this measure.
    pub fn regions_with_values(&self) -> usize {
        self.by_region.iter().filter(|v| !v.is_empty()).count()
    }

    /// A figure as its cell shows it: in the row's magnitude (50000亿元 beside 494亿元),
    /// growth signed (+76.0%), a qualifier kept (超60%).
    pub fn shown(&self, f: &MeasuredFigure) -> String {
        let approx = match f.approx {
            Some(crate::figures::Approx::MoreThan) => "超",
            Some(crate::figures::Approx::LessThan) => "近",
            Some(crate::figures::Approx::About) => "约",
            None => "",
        };
        let number = match (f.kind, f.value, f.unit.as_deref(), &self.scale) {
            (Kind::Growth, Some(v), _, _) => {
                format!("{}{}%", if v >= 0.0 { "+" } else { "" }, number(v))
            }
            (Kind::Percent, Some(v), _, _) => format!("{}%", number(v)),
            (
                Kind::Money | Kind::Count | Kind::Quantity,
                Some(v),
                Some(u),
                Some((factor, name)),
            ) => {
                format!("{}{name}{u}", number(v / factor))
            }
            _ => f.text.clone(),
        };
        format!("{approx}{number}")
    }

    /// A figure with its period and, for a target, `目标`: `77.6万辆 2024年`, `5万亿元 目标`.
    pub fn cell_text(&self, f: &MeasuredFigure) -> String {
        let mut s = self.shown(f);
        if let Some(p) = &f.period {
            s.push(' ');
            s.push_str(p);
        }
        if f.is_target {
            s.push_str(" 目标");
        }
        s
    }

    /// The figure the chart shows for region `i`: its first actual with a value, else its
    /// first target with one.
    pub fn chart_value(&self, i: usize) -> Option<&MeasuredFigure> {
        let values = self.by_region.get(i)?;
        let charted = |f: &&MeasuredFigure| {
            f.value.is_some() && !matches!(f.kind, Kind::Rank | Kind::Ratio)
                || f.kind == Kind::Ratio && f.value.is_some()
        };
        values
            .iter()
            .filter(charted)
            .find(|f| !f.is_target)
            .or_else(|| values.iter().find(charted))
    }

    /// The bars of this measure, one a region: its value, drawn length out of `room` cells
    /// (eighths of a cell, so short bars still differ), and the text shown after it. A region
    /// without a value gets none.
    pub fn bars(&self, room: usize) -> Vec<Option<Bar>> {
        let values: Vec<Option<&MeasuredFigure>> = (0..self.by_region.len())
            .map(|i| self.chart_value(i))
            .collect();
        let most = values
            .iter()
            .flatten()
            .filter_map(|f| f.value)
            .map(f64::abs)
            .fold(0.0, f64::max);
        values
            .into_iter()
            .map(|f| {
                let f = f?;
                let v = f.value?.abs();
                let eighths = if most > 0.0 {
                    ((v / most) * (room * 8) as f64).round() as usize
                } else {
                    0
                };
                Some(Bar {
                    eighths: eighths.max(usize::from(v > 0.0)),
                    label: self.cell_text(f),
                    kind: f.kind,
                })
            })
            .collect()
    }

    /// Whether the row can be drawn as bars: two regions or more with values in one unit.
    pub fn is_chartable(&self) -> bool {
        let vals: Vec<&MeasuredFigure> = (0..self.by_region.len())
            .filter_map(|i| self.chart_value(i))
            .collect();
        vals.len() >= 2 && vals.iter().all(|f| f.unit == vals[0].unit)
    }
}

/// One region's bar in the chart of a measure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    /// Its length in eighths of a cell.
    pub eighths: usize,
    /// What it shows after it: `77.6万辆 2024年`.
    pub label: String,
    /// The kind of figure, for its colour.
    pub kind: Kind,
}

impl Bar {
    /// The bar drawn with block characters: full cells, then the eighth that is left.
    pub fn blocks(&self) -> String {
        const PARTS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
        format!(
            "{}{}",
            "█".repeat(self.eighths / 8),
            PARTS[self.eighths % 8]
        )
    }
}

/// A number with at most two decimals, without trailing zeros: 73.08, 50000, 1.5.
fn number(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

/// The magnitude to show a row's values in (万亿, 亿, 万 or none), when all the row's values
/// share a unit.
fn row_scale(by_region: &[Vec<MeasuredFigure>]) -> Option<(f64, String)> {
    let figures: Vec<&MeasuredFigure> = by_region
        .iter()
        .flatten()
        .filter(|f| matches!(f.kind, Kind::Money | Kind::Count | Kind::Quantity))
        .collect();
    let unit = figures.first()?.unit.clone()?;
    if figures
        .iter()
        .any(|f| f.unit.as_ref() != Some(&unit) || f.value.is_none())
    {
        return None;
    }
    let values: Vec<f64> = figures
        .iter()
        .filter_map(|f| f.value)
        .map(f64::abs)
        .collect();
    let least = values.iter().copied().fold(f64::INFINITY, f64::min);
    let most = values.iter().copied().fold(0.0, f64::max);
    // The magnitude of the largest value, one step down when the smallest would read as a
    // sliver of it (494亿元 beside 50000亿元, not 0.05万亿元).
    const STEPS: [(f64, &str); 4] = [(1e12, "万亿"), (1e8, "亿"), (1e4, "万"), (1.0, "")];
    let mut at = STEPS.iter().position(|(f, _)| most >= *f).unwrap_or(3);
    if at < 3 && least / STEPS[at].0 < 0.1 {
        at += 1;
    }
    let (factor, name) = STEPS[at];
    Some((factor, name.to_string()))
}

/// A comparison of regions.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The regions, as labels (`广西/柳州`).
    pub regions: Vec<String>,
    /// The regions, as the front matter names them (for JSON: province, city, code).
    pub places: Vec<RegionRef>,
    /// How many briefings (or sections of them) each region's material comes from.
    pub sources: Vec<usize>,
    /// One row a theme, in the order of the config.
    pub themes: Vec<ThemeRow>,
    /// The figures table: one row a measure, those with values from more regions first.
    pub figures: Vec<FigureRow>,
}

impl Comparison {
    /// The rows of the figures table that can be drawn as bars, by index.
    pub fn chartable(&self) -> Vec<usize> {
        (0..self.figures.len())
            .filter(|&i| self.figures[i].is_chartable())
            .collect()
    }
}

/// Words that surely mark a plan: what will be done.
const PLAN_STRONG: &[&str] = &[
    "将",
    "力争",
    "下一步",
    "计划",
    "实施意见",
    "实施方案",
    "我们要",
    "要加快",
    "争取",
    "预计",
    "目标",
    "拟",
    "规划",
    "谋划",
    "今后",
    "未来",
    "每年",
    "以上的",
    "确保",
];
/// Words that often mark a plan: a policy being pursued.
const PLAN: &[&str] = &[
    "依托",
    "引领",
    "促进",
    "提升",
    "构建",
    "助力",
    "推动",
    "加快",
    "打造",
    "布局",
    "着力",
    "致力",
    "推进",
    "持续",
    "全力",
    "努力",
    "加速",
    "坚持",
    "加强",
    "强化",
    "聚焦",
    "聚力",
    "培育",
    "支持",
    "鼓励",
    "深入实施",
    "继续",
    "围绕",
    "提出",
    "重点",
    "大力",
    "给予",
    "以上",
];
/// Words that surely mark an achievement: what has been done.
const ACHIEVED_STRONG: &[&str] = &[
    "已",
    "累计",
    "位居",
    "以来",
    "获批",
    "入选",
    "获评",
    "荣获",
    "近年来",
    "缩影",
    "被确定",
    "被评为",
    "被列为",
    "被列入",
    "被认定",
    "这一年",
];
/// Words that often mark an achievement.
const ACHIEVED: &[&str] = &[
    "实现",
    "达到",
    "完成",
    "建成",
    "突破",
    "成为",
    "取得",
    "增长",
    "形成",
    "投产",
    "落地",
    "下线",
    "新增",
    "拥有",
    "具备",
    "出台",
    "研发出",
    "设计出",
    "培育出",
    "成功",
];

/// Verbs a subjectless order opens with: 突出, 加强, 推动 ...
const IMPERATIVE_OPENINGS: &[&str] = &[
    "突出", "重点", "加强", "推动", "坚持", "聚焦", "深入", "大力", "统筹", "支持", "培育", "发挥",
    "依托", "实施", "加快", "着力", "强化", "鼓励", "引导", "优化", "完善", "建立", "健全",
];

/// Words at the head of a sentence that look back: what follows has been done.
const LOOKING_BACK: &[&str] = &[
    "近年来",
    "以来",
    "历经",
    "前不久",
    "这一年",
    "多年来",
    "此前",
    "过去",
    "谁也没料到",
];

/// The sentences of `text` with their start (in characters): cut after 。！？； and line ends,
/// but never inside a quotation, so that a quotation stays one sentence with its attribution
/// (“……。”该实验室负责人介绍。). Quotation marks that do not pair up are ignored.
pub fn sentences(text: &str) -> Vec<(usize, &str)> {
    let quotes_pair = text.matches('“').count() == text.matches('”').count();
    let mut out = Vec::new();
    let mut start_byte = 0;
    let mut start_char = 0;
    let mut chars_seen = 0;
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        chars_seen += 1;
        match c {
            '“' if quotes_pair => depth += 1,
            '”' if quotes_pair => depth = depth.saturating_sub(1),
            _ => {}
        }
        let inside = depth > 0 && c != '\n';
        if !inside && matches!(c, '。' | '！' | '？' | '；' | '\n' | '!' | '?' | ';') {
            let end = i + c.len_utf8();
            let s = &text[start_byte..end];
            if !s.trim().is_empty() {
                out.push((start_char, s));
            }
            start_byte = end;
            start_char = chars_seen;
        }
    }
    if start_byte < text.len() && !text[start_byte..].trim().is_empty() {
        out.push((start_char, &text[start_byte..]));
    }
    out
}

/// Words that mark a sentence as someone else's: national policy and its leaders, deputies'
/// proposals, analysts' and reporters' views. None of it is the region's plan or achievement.
const NOT_MATERIAL: &[&str] = &[
    "总书记",
    "习近平",
    "国务院",
    "总理",
    "党中央",
    "中共中央",
    "中央经济工作会议",
    "中央政治局",
    "全国两会",
    "人大代表",
    "政协委员",
    "地方政府工作报告",
    "地方两会",
    "各地各部门",
    "多地",
    "不少地方",
    "业内人士",
    "信通院",
    "地方政府",
    "事实上",
    "硬道理",
    "基石",
    "基底",
    "重要支撑",
    "绕不开",
    "不等同",
    "不只是",
    "诠释",
    "需要进一步",
    "认为",
    "建议",
    "期待",
    "看来",
    "证明",
    "大众眼中",
    "记者的",
    "采访",
    "记者走进",
    "专访",
    "请问",
    "中国网讯",
    "据了解",
    "要因地制宜",
];

/// Whether a sentence is the region's own material: not a question (an interviewer's), not
/// national or quoted policy, not a commentator's view.
pub fn is_material(sentence: &str) -> bool {
    let s = fold(sentence.trim());
    if s.ends_with(['？', '?']) || s.contains("? ") {
        return false;
    }
    // Commentary on the idea itself: 新质生产力,起点是“新”.
    if s.starts_with("新质生产力") {
        return false;
    }
    // A greeting in an interview: 潘展东:主持人好。
    let spoken = match s.split_once([':', '：']) {
        Some((_, rest)) if rest.chars().any(crate::text::is_han) => rest,
        _ => s.as_str(),
    };
    let bare = spoken
        .trim_start_matches("主持人您好")
        .trim_start_matches("主持人好");
    if bare.chars().filter(|c| crate::text::is_han(*c)).count() < 4 {
        return false;
    }
    // The national government's work report (a province's or city's own is material).
    if s.contains("政府工作报告")
        && !["省政府工作报告", "市政府工作报告", "区政府工作报告"]
            .iter()
            .any(|w| s.contains(w))
    {
        return false;
    }
    // A sentence that names three provinces or more surveys the country, not a region.
    let provinces = crate::regions::gazetteer()
        .divisions()
        .iter()
        .filter(|d| d.level() == crate::regions::Level::Province)
        .filter(|d| s.contains(d.short.as_str()))
        .count();
    if provinces >= 3 {
        return false;
    }
    !NOT_MATERIAL.iter().any(|w| s.contains(w))
}

/// Sorts a sentence: a plan, an achievement, or none when it is not the region's material
/// (see [`is_material`]).
pub fn classify(sentence: &str, briefing_year: i32) -> Option<Stance> {
    is_material(sentence).then(|| stance(sentence, briefing_year))
}

/// Tells a plan from an achievement. Targets for a year after the briefing's (到2027年) and
/// plan words mean a plan; achievement words and figures of the past mean an achievement.
pub fn stance(sentence: &str, briefing_year: i32) -> Stance {
    let s = fold(sentence);
    let count = |words: &[&str]| words.iter().filter(|w| s.contains(*w)).count() as i32;
    let mut plan = 2 * count(PLAN_STRONG) + count(PLAN);
    let mut done = 2 * count(ACHIEVED_STRONG) + count(ACHIEVED);
    // A plan is often an order without a subject: 突出制造业协同发展, 加强基础研究.
    if IMPERATIVE_OPENINGS.iter().any(|w| s.starts_with(w)) {
        plan += 2;
    }
    // A dated event (6月24日, ...) is a report.
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && s.chars().nth(digits) == Some('月') {
        let rest: String = s.chars().skip(digits + 1).collect();
        let day = rest.chars().take_while(char::is_ascii_digit).count();
        if day > 0 && rest.chars().nth(day) == Some('日') {
            done += 3;
        }
    }
    // A sentence that opens by looking back reports, whatever verbs of policy it uses.
    let head = s.split(['，', ',', '：', ':']).next().unwrap_or_default();
    if LOOKING_BACK.iter().any(|w| head.contains(w)) {
        done += 4;
    }
    // 了 after a verb marks it done (构建了, 提供了), but not in 为了, 除了, 了解.
    let perfective = s.matches('了').count() as i32
        - ["为了", "除了", "了解", "了不起"]
            .iter()
            .map(|w| s.matches(w).count() as i32)
            .sum::<i32>();
    done += perfective.max(0);
    // A year that is a target (到2027年) or still to come means a plan; one gone by, an
    // achievement.
    let chars: Vec<char> = s.chars().collect();
    for (i, w) in chars.windows(5).enumerate() {
        if w[4] != '年' || !w[..4].iter().all(|c| c.is_ascii_digit()) {
            continue;
        }
        let year: i32 = w[..4].iter().collect::<String>().parse().unwrap_or(0);
        let target = i > 0 && matches!(chars[i - 1], '到' | '至');
        if target || year > briefing_year {
            plan += 3;
        } else {
            done += 1;
        }
    }
    // With nothing either way, a sentence says how things stand: that is what has been done.
    if plan > done {
        Stance::Plan
    } else {
        Stance::Achievement
    }
}

/// Whether briefing `b`'s front matter says it, or one of its sections, is about `region`:
/// whether [`material`] can find anything in it.
fn is_about(b: &Briefing, region: &Region<'_>) -> bool {
    b.meta.regions.iter().any(|r| region.contains(r))
        || b.meta
            .sections
            .iter()
            .any(|s| s.regions.iter().any(|r| region.contains(r)))
}

/// Whether a sentence opens on another region as its subject: a survey of several places gives
/// each one a clause (`上海将…；广西将…`, `其中，广东提出…`), and such a clause is that
/// place's plan, not the compared region's, even inside a section about the compared region.
/// A short lead-in clause (`其中，`, `与此同时，`) is passed over; a place within the region,
/// or one that holds it (`广西` for `柳州`), is the region's own.
pub fn speaks_of_another(sentence: &str, region: &Region<'_>) -> bool {
    let s = fold(sentence.trim());
    let g = crate::regions::gazetteer();
    let head = match s.split_once(['，', ',']) {
        Some((lead, rest)) if lead.chars().count() <= 4 && g.named_places(lead).is_empty() => rest,
        _ => s.as_str(),
    };
    match g.named_places(head).into_iter().next() {
        Some((at, named)) if at.start == 0 => named.iter().all(|r| !r.overlaps(region)),
        _ => false,
    }
}

/// The parts of briefing `b` about `region`: the sections about it when the briefing is in
/// sections and some are, else the whole body if the briefing is about it, else nothing.
fn material<'b>(b: &'b Briefing, region: &Region<'_>) -> Vec<(usize, &'b str)> {
    let blocks = b.blocks();
    let about: Vec<&str> = b
        .meta
        .sections
        .iter()
        .filter(|s| s.regions.iter().any(|r| region.contains(r)))
        .map(|s| s.heading.as_str())
        .collect();
    if !about.is_empty() {
        let mut out = Vec::new();
        let mut inside = false;
        for bl in &blocks {
            if bl.is_heading {
                inside = about.contains(&bl.text);
            } else if inside {
                out.push((bl.start, bl.text));
            }
        }
        return out;
    }
    if b.meta.regions.iter().any(|r| region.contains(r)) {
        return blocks
            .iter()
            .filter(|bl| !bl.is_heading)
            .map(|bl| (bl.start, bl.text))
            .collect();
    }
    Vec::new()
}

/// Compares `regions` over `lib`, sorting sentences into `themes` and lining figures up by
/// the measures of `vocab`.
pub fn compare(
    lib: &Library,
    regions: &[Region<'_>],
    themes: &[StrategyTheme],
    vocab: &Vocabulary,
) -> Comparison {
    let folded_keywords: Vec<Vec<String>> = themes
        .iter()
        .map(|t| t.keywords.iter().map(|k| fold(k)).collect())
        .collect();
    let mut rows: Vec<ThemeRow> = themes
        .iter()
        .map(|t| ThemeRow {
            theme: t.name.clone(),
            by_region: vec![Vec::new(); regions.len()],
        })
        .collect();
    let mut figure_rows: Vec<FigureRow> = Vec::new();
    let mut sources = vec![0; regions.len()];
    for (ri, region) in regions.iter().enumerate() {
        for (bi, listed) in lib.briefings.iter().enumerate() {
            // Only the bodies of briefings about the region are read (a library made from the
            // catalog reads them from their files now); one that cannot be read is left out.
            if !is_about(listed, region) {
                continue;
            }
            let Ok(b) = lib.briefing(bi) else {
                continue;
            };
            let parts = material(b, region);
            if parts.is_empty() {
                continue;
            }
            sources[ri] += 1;
            let year = chrono::Datelike::year(&b.meta.date);
            for (part_start, raw) in parts {
                // Sentences are cut from the text as it will be shown: cut from the raw text,
                // a sentence could begin inside an escape sequence (`ESC ] 0 ;` holds a stop)
                // and show what is left of it. Offsets still count characters of the body.
                let kept: Vec<(usize, char)> = safe_chars(raw).collect();
                let text: String = kept.iter().map(|&(_, c)| c).collect();
                let raw_offset = |clean: usize| {
                    kept.get(clean).map_or(raw.chars().count(), |&(byte, _)| {
                        raw[..byte].chars().count()
                    })
                };
                // Measures are read over the whole paragraph: a figure's measure may come
                // from the sentence before (它们的产量).
                let part_figures = find_figures(&text);
                let part_measures = measure_figures(&text, &part_figures, vocab, Some(year));
                for (offset, s) in sentences(&text) {
                    let s_len = s.chars().count();
                    let sentence = s.trim();
                    // Questions (an interviewer's), national or quoted policy and commentary
                    // say nothing of the region's strategy.
                    if sentence.chars().count() < 8 || speaks_of_another(sentence, region) {
                        continue;
                    }
                    let Some(stance) = classify(sentence, year) else {
                        continue;
                    };
                    let folded = fold(sentence);
                    let figures = find_figures(sentence);
                    let mut in_theme = false;
                    for (ti, keys) in folded_keywords.iter().enumerate() {
                        if keys.iter().any(|k| folded.contains(k.as_str())) {
                            in_theme = true;
                            rows[ti].by_region[ri].push(Statement {
                                sentence: sentence.to_string(),
                                stance,
                                briefing: b.id.clone(),
                                briefing_index: bi,
                                start: part_start + raw_offset(offset),
                                figures: figures.clone(),
                            });
                        }
                    }
                    if !in_theme && figures.is_empty() {
                        continue;
                    }
                    let measured = part_figures
                        .iter()
                        .zip(&part_measures)
                        .filter(|(f, _)| f.start >= offset && f.start < offset + s_len);
                    for (f, m) in measured {
                        let Some(m) = m else { continue };
                        let item = MeasuredFigure {
                            text: f.text.clone(),
                            kind: f.kind,
                            value: f.value,
                            // 個 and 个 are one unit.
                            unit: f.unit.as_ref().map(|u| {
                                u.chars()
                                    .map(|c| if c.is_ascii() { c } else { fold_char(c) })
                                    .collect()
                            }),
                            approx: f.approx,
                            period: m.period.clone(),
                            is_target: m.is_target,
                            sentence: sentence.to_string(),
                            briefing: b.id.clone(),
                        };
                        let row = match figure_rows.iter().position(|r| r.measure == m.name) {
                            Some(i) => &mut figure_rows[i],
                            None => {
                                figure_rows.push(FigureRow {
                                    measure: m.name.clone(),
                                    by_region: vec![Vec::new(); regions.len()],
                                    scale: None,
                                });
                                figure_rows.last_mut().expect("just pushed")
                            }
                        };
                        let cell = &mut row.by_region[ri];
                        if !cell
                            .iter()
                            .any(|x| x.text == item.text && x.period == item.period)
                        {
                            cell.push(item);
                        }
                    }
                }
            }
        }
    }
    for row in &mut figure_rows {
        for cell in &mut row.by_region {
            cell.sort_by_key(|f| f.is_target);
        }
        row.scale = row_scale(&row.by_region);
    }
    // Rows shared by more regions first; within that, the order found.
    let shared = |r: &FigureRow| r.regions_with_values();
    let mut order: Vec<(usize, usize)> = figure_rows
        .iter()
        .enumerate()
        .map(|(i, r)| (usize::MAX - shared(r), i))
        .collect();
    order.sort();
    let figures = order
        .into_iter()
        .map(|(_, i)| figure_rows[i].clone())
        .collect();
    Comparison {
        regions: regions.iter().map(|r| r.label()).collect(),
        places: regions.iter().map(|r| r.to_ref()).collect(),
        sources,
        themes: rows,
        figures,
    }
}

/// The comparison as Markdown: themes with each region's plans and achievements, the gaps, and
/// the figures table.
pub fn markdown(c: &Comparison) -> String {
    // Every name and sentence on one clean line, so that none can break the document's shape.
    let clean = |s: &str| one_line(s);
    let regions: Vec<String> = c.regions.iter().map(|r| clean(r)).collect();
    let mut out = format!("# {}\n\n", regions.join(" · "));
    for (r, n) in regions.iter().zip(&c.sources) {
        let _ = writeln!(out, "- {r}: {n} briefing(s) or section(s)");
    }
    for row in &c.themes {
        let _ = writeln!(out, "\n## {}\n", clean(&row.theme));
        let gaps = row.gaps();
        if !gaps.is_empty() {
            let names: Vec<&str> = gaps.iter().map(|&i| regions[i].as_str()).collect();
            let _ = writeln!(out, "*Nothing from {} on this theme.*\n", names.join(", "));
        }
        for (r, st) in regions.iter().zip(&row.by_region) {
            if st.is_empty() {
                continue;
            }
            let _ = writeln!(out, "### {r}\n");
            for stance in [Stance::Achievement, Stance::Plan] {
                let items: Vec<&Statement> = st.iter().filter(|s| s.stance == stance).collect();
                if items.is_empty() {
                    continue;
                }
                let label = if stance == Stance::Plan {
                    "Plans"
                } else {
                    "Achievements"
                };
                let _ = writeln!(out, "**{label}**\n");
                for s in items {
                    let _ = writeln!(out, "- {}", clean(&s.sentence));
                }
                out.push('\n');
            }
        }
    }
    let _ = writeln!(out, "## Figures\n");
    let _ = writeln!(out, "| measure | {} |", regions.join(" | "));
    let _ = writeln!(out, "|---|{}", "---|".repeat(c.regions.len()));
    for row in &c.figures {
        let cells: Vec<String> = row
            .by_region
            .iter()
            .map(|fs| {
                let v: Vec<String> = fs.iter().map(|f| row.cell_text(f)).collect();
                if v.is_empty() {
                    "—".into()
                } else {
                    clean(&v.join(", ")).replace('|', "/")
                }
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} |",
            clean(&row.measure).replace('|', "/"),
            cells.join(" | ")
        );
    }
    // The charts: every measure two regions or more give, as a table of bars.
    let charted: Vec<&FigureRow> = c.figures.iter().filter(|r| r.is_chartable()).collect();
    if !charted.is_empty() {
        let _ = writeln!(out, "\n## Charts");
    }
    for row in charted {
        let _ = writeln!(out, "\n### {}\n", clean(&row.measure));
        let _ = writeln!(out, "| region | value | |");
        let _ = writeln!(out, "|---|---|---|");
        for (r, bar) in regions.iter().zip(row.bars(20)) {
            match bar {
                Some(b) => {
                    let _ = writeln!(out, "| {r} | {} | {} |", clean(&b.label), b.blocks());
                }
                None => {
                    let _ = writeln!(out, "| {r} | — | |");
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hand-labelled sentences of `tests/fixtures/stances.tsv`: (label, year, sentence).
    fn labelled() -> Vec<(&'static str, i32, &'static str)> {
        include_str!("../tests/fixtures/stances.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .map(|l| {
                let f: Vec<&str> = l.splitn(4, '\t').collect();
                (f[0], f[1].parse().unwrap(), f[3])
            })
            .collect()
    }

    #[test]
    fn plans_and_achievements_agree_with_hand_labels() {
        let cases = labelled();
        assert!(cases.len() >= 150, "{} labelled", cases.len());
        let mut wrong = Vec::new();
        for (label, year, sentence) in &cases {
            let got = match classify(sentence, *year) {
                Some(s) => s.as_str(),
                None => "other",
            };
            if got != *label {
                wrong.push(format!("{label} <- {got}: {sentence}"));
            }
        }
        let agreement = 1.0 - wrong.len() as f64 / cases.len() as f64;
        eprintln!("agreement {:.1}% of {}", agreement * 100.0, cases.len());
        assert!(
            agreement >= 0.9,
            "{:.1}%:\n{}",
            agreement * 100.0,
            wrong.join("\n")
        );
    }

    #[test]
    fn a_clause_whose_subject_is_another_region_is_not_the_compared_regions() {
        let g = crate::regions::gazetteer();
        let tianjin = g.lookup("天津")[0];
        let liuzhou = g.lookup("柳州")[0];
        for s in [
            "与此同时，上海将建设一批新型研发机构；",
            "其中，广东提出培育人工智能产业集群；",
            "广西将推进一批重点工程，建设研发平台。",
        ] {
            assert!(speaks_of_another(s, &tianjin), "{s}");
        }
        assert!(speaks_of_another(
            "今年，南宁新增规上企业两百家。",
            &liuzhou
        ));
        for s in [
            "天津提出，加快建设制造强市。",
            "新年伊始，天津一家科技公司的车间里很忙。",
            "经过多年发展，西青区已形成多个主导产业。",
            "公司负责人说，他们与上海、广东的企业都有合作。",
        ] {
            assert!(!speaks_of_another(s, &tianjin), "{s}");
        }
        // The province that holds the city, and a traditional-script name, are the city's own.
        assert!(!speaks_of_another("广西的一座新工厂在柳州建成。", &liuzhou));
        assert!(!speaks_of_another(
            "柳州將加快建設新能源汽車產業。",
            &liuzhou
        ));
    }

    #[test]
    fn sentences_cut_at_chinese_stops_with_their_offsets() {
        let text = "第一句。第二句！第三句";
        let got = sentences(text);
        assert_eq!(got, [(0, "第一句。"), (4, "第二句！"), (8, "第三句")]);
    }

    #[test]
    fn a_quotation_stays_one_sentence_with_its_attribution() {
        let text = "“开展技术攻关。这也是法宝之一。”该实验室负责人介绍。下一句。";
        let got: Vec<&str> = sentences(text).into_iter().map(|(_, s)| s).collect();
        assert_eq!(
            got,
            [
                "“开展技术攻关。这也是法宝之一。”该实验室负责人介绍。",
                "下一句。"
            ]
        );
        // An unclosed quotation does not swallow the paragraph.
        let got = sentences("“第一句。第二句。");
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn questions_and_national_policy_are_not_a_regions_material() {
        for s in [
            "中国网:请问柳州未来发展高端装备制造产业的主要方向是什么?",
            "中央經濟工作會議指出,要以科技創新推動產業創新,發展新質生產力。",
            "2024年1月31日,习近平总书记在中共中央政治局第十一次集体学习时强调,加快发展新质生产力。",
            "全国人大代表、万事利集团董事长屠红燕建议,加大对高新技术研发的投入。",
            "潘展东:主持人好。",
        ] {
            assert_eq!(classify(s, 2024), None, "{s}");
        }
        assert_eq!(
            classify(
                "前不久,苏州华兴源创科技股份有限公司传来喜讯:公司成功研发出新一代设备,大大提升了效率。",
                2024
            ),
            Some(Stance::Achievement)
        );
    }

    #[test]
    fn plans_and_achievements_are_told_apart() {
        let cases = [
            ("下一步，将加快打造新能源汽车产业集群。", Stance::Plan),
            ("到2027年，力争产值突破千亿元。", Stance::Plan),
            (
                "2024年全市新能源汽车产量达77.6万辆，同比增长20%。",
                Stance::Achievement,
            ),
            ("目前已建成重点实验室10个。", Stance::Achievement),
            (
                "累计培育专精特新企业149家，位居全区第一。",
                Stance::Achievement,
            ),
            ("推动传统产业向高端化、智能化、绿色化转型。", Stance::Plan),
            ("每年完成科技成果转化200项以上。", Stance::Plan),
            (
                "今年以来，全市布局产业链，培育形成新质生产力。",
                Stance::Achievement,
            ),
            ("力争工业产值增长10%。", Stance::Plan),
            ("传统产业是发展的基础。", Stance::Achievement),
        ];
        for (s, want) in cases {
            assert_eq!(stance(s, 2024), want, "{s}");
        }
    }

    #[test]
    fn figures_measuring_the_same_thing_share_a_row() {
        use crate::briefing::{Library, parse_briefing};
        use std::path::Path;
        let doc = |id: &str, city: &str, province: &str, body: &str| {
            let text = format!(
                "+++\ntitle = \"{id}\"\ndate = 2024-06-01\nregions = [{{ province = \"{province}\", city = \"{city}\" }}]\n+++\n\n{body}\n"
            );
            let mut b = parse_briefing(&text, Path::new("x.md")).unwrap();
            b.id = id.into();
            b
        };
        let lib = Library {
            briefings: vec![
                doc(
                    "a",
                    "柳州市",
                    "广西壮族自治区",
                    "全市新能源汽车产量达20万辆，同比增长10%。2024年规模以上工业增加值同比增长6.5%。",
                ),
                doc(
                    "b",
                    "聊城市",
                    "山东省",
                    "聊城新能源汽车产量达5万辆。开放合作持续推进。前三季度，全市规上工业增加值增长7.1%。",
                ),
            ],
            ..Library::default()
        };
        let g = crate::regions::gazetteer();
        let regions = [g.lookup("柳州")[0], g.lookup("聊城")[0]];
        let themes = crate::config::Config::default().themes;
        let c = compare(&lib, &regions, &themes, &Vocabulary::default());
        let row = &c.figures[0];
        assert_eq!(row.measure, "新能源汽车产量");
        assert_eq!(row.by_region[0][0].text, "20万辆");
        assert_eq!(row.by_region[1][0].text, "5万辆");
        assert_eq!(row.shown(&row.by_region[0][0]), "20万辆");
        // Two phrasings of one measure, one row.
        let row = &c.figures[1];
        assert_eq!(row.measure, "规上工业增加值增速");
        assert_eq!(row.cell_text(&row.by_region[0][0]), "+6.5% 2024年");
        assert_eq!(row.cell_text(&row.by_region[1][0]), "+7.1% 前三季度");
        assert!(c.figures[2..].iter().all(|r| r.regions_with_values() < 2));
        // 开放合作 is a theme only 聊城 speaks to: a gap for 柳州.
        let open = c.themes.iter().find(|t| t.theme == "开放合作").unwrap();
        assert_eq!(open.gaps(), [0]);
    }

    #[test]
    fn bars_are_as_long_as_their_values_and_short_ones_still_show() {
        let f = |text: &str, value: f64| MeasuredFigure {
            text: text.into(),
            kind: Kind::Count,
            value: Some(value),
            unit: Some("辆".into()),
            approx: None,
            period: None,
            is_target: false,
            sentence: String::new(),
            briefing: String::new(),
        };
        let mut row = FigureRow {
            measure: "新能源汽车产量".into(),
            by_region: vec![
                vec![f("77.6万辆", 776000.0)],
                vec![],
                vec![f("5000辆", 5000.0)],
            ],
            scale: None,
        };
        row.scale = row_scale(&row.by_region);
        let bars = row.bars(10);
        let first = bars[0].as_ref().unwrap();
        assert_eq!((first.eighths, first.blocks().as_str()), (80, "██████████"));
        assert_eq!(first.label, "77.6万辆");
        assert!(bars[1].is_none());
        let last = bars[2].as_ref().unwrap();
        assert_eq!((last.eighths, last.label.as_str()), (1, "0.5万辆"));
        assert_eq!(last.blocks(), "▏");
        assert!(row.is_chartable());
    }

    #[test]
    fn sentences_never_start_inside_an_escape_sequence() {
        use crate::briefing::{Library, parse_briefing};
        use std::path::Path;
        // `;` and `。` inside the OSC strings are stops: cut there, what follows was `PWN`.
        let body =
            "柳州\u{1b}]0;PWN。PWN\u{7}新能源汽车产量达20万辆\u{1b}]52;c;PWN\u{7}，同比增长10%。";
        let text = format!(
            "+++\ntitle = \"t\"\ndate = 2024-06-01\nregions = [{{ province = \"广西壮族自治区\", city = \"柳州市\" }}]\n+++\n\n{body}\n"
        );
        let b = parse_briefing(&text, Path::new("a.md")).unwrap();
        let lib = Library {
            briefings: vec![b],
            ..Library::default()
        };
        let regions = [crate::regions::gazetteer().lookup("柳州")[0]];
        let c = compare(
            &lib,
            &regions,
            &crate::config::Config::default().themes,
            &Vocabulary::default(),
        );
        let energy = c.themes.iter().find(|t| t.theme == "新能源").unwrap();
        let st = &energy.by_region[0][0];
        assert_eq!(st.sentence, "柳州新能源汽车产量达20万辆，同比增长10%。");
        assert_eq!(st.start, 0);
        for row in &c.figures {
            assert!(!row.measure.contains("PWN"), "{}", row.measure);
        }
        assert!(!markdown(&c).contains("PWN"));
    }
}
