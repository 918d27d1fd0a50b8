//! Key figures: finding the numbers that matter in a text, saying what kind each is and what it
//! is worth (494亿元 is money worth 49,400,000,000 yuan; 同比增长155.1% is growth of 155.1).
//!
//! A figure needs something that makes it one: a unit, a measure word, a percent sign, a verb of
//! change or a rank. A bare number (a year, a plan code such as “33618”, a phone number) is not.

use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An amount of money (`value` in the currency's base unit).
    Money,
    /// A share or level in percent.
    Percent,
    /// A change, in percent (翻番 is 100, 增长1.5倍 is 150).
    Growth,
    /// Counted things with a measure word.
    Count,
    /// A measured amount with a physical unit.
    Quantity,
    /// A position in a ranking (`value` is the place, when stated).
    Rank,
    /// A fraction (1/20, 三分之一).
    Ratio,
}

impl Kind {
    /// Every kind, in the order the help and legends list them.
    pub const ALL: [Kind; 7] = [
        Kind::Money,
        Kind::Percent,
        Kind::Growth,
        Kind::Count,
        Kind::Quantity,
        Kind::Rank,
        Kind::Ratio,
    ];

    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Money => "money",
            Kind::Percent => "percent",
            Kind::Growth => "growth",
            Kind::Count => "count",
            Kind::Quantity => "quantity",
            Kind::Rank => "rank",
            Kind::Ratio => "ratio",
        }
    }

    /// The kind with this name.
    pub fn from_name(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// How a qualifier bends a figure: 超过 (more than), 近 (less than), 约 (about).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Approx {
    /// 超, 超过, 突破, 逾, 以上, 余, 多 ...
    MoreThan,
    /// 近, 接近, 不到 ...
    LessThan,
    /// 约, 左右, 大约 ...
    About,
}

/// One key figure in a text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The figure as written, without qualifiers: `494亿元`, `同比增长155.1%`, `77.6万辆`.
    pub text: String,
    /// What it measures.
    pub kind: Kind,
    /// Its value normalised (yuan, percent, units counted); none for 数百倍 or 位居全国前列.
    pub value: Option<f64>,
    /// The unit: `元`, `辆`, `GWh`, `%` ...
    pub unit: Option<String>,
    /// A qualifier such as 超过 or 左右.
    pub approx: Option<Approx>,
    /// Start of `text` in the input, in characters.
    pub start: usize,
    /// End of `text` (exclusive), in characters.
    pub end: usize,
    /// For a range such as 3℃—5℃, the high end.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub high: Option<f64>,
}

/// A unit after a number, its kind, and what one of it is worth in the figure's base unit.
struct Unit {
    text: &'static str,
    kind: Kind,
    base: &'static str,
    factor: f64,
    /// Only after a magnitude (25亿度, 15万转, 2.5万P): alone these letters and words mean
    /// other things (两度, 5P).
    needs_magnitude: bool,
}

const fn u(text: &'static str, kind: Kind, base: &'static str, factor: f64) -> Unit {
    Unit {
        text,
        kind,
        base,
        factor,
        needs_magnitude: false,
    }
}

const fn after_magnitude(text: &'static str, base: &'static str) -> Unit {
    Unit {
        text,
        kind: Kind::Quantity,
        base,
        factor: 1.0,
        needs_magnitude: true,
    }
}

use Kind::{Money, Quantity};

/// Units, longest first where one begins another (澳门元 before 元, 千克标煤 before 千克).
/// Magnitudes (万, 亿, 万亿 ...) are read apart, so 1.2万亿元 is 1.2 x 1e12 x 元.
static UNITS: &[Unit] = &[
    // Currencies keep their own unit; 人民币 and 块钱 are yuan.
    u("元人民币", Money, "元", 1.0),
    u("元人民幣", Money, "元", 1.0),
    u("人民币", Money, "元", 1.0),
    u("人民幣", Money, "元", 1.0),
    u("美元", Money, "美元", 1.0),
    u("美金", Money, "美元", 1.0),
    u("欧元", Money, "欧元", 1.0),
    u("歐元", Money, "欧元", 1.0),
    u("港元", Money, "港元", 1.0),
    u("港币", Money, "港元", 1.0),
    u("港幣", Money, "港元", 1.0),
    u("澳门元", Money, "澳门元", 1.0),
    u("澳門元", Money, "澳门元", 1.0),
    u("澳门币", Money, "澳门元", 1.0),
    u("澳門幣", Money, "澳门元", 1.0),
    u("葡币", Money, "澳门元", 1.0),
    u("葡幣", Money, "澳门元", 1.0),
    u("新台币", Money, "新台币", 1.0),
    u("新台幣", Money, "新台币", 1.0),
    u("台币", Money, "新台币", 1.0),
    u("台幣", Money, "新台币", 1.0),
    u("日元", Money, "日元", 1.0),
    u("日圆", Money, "日元", 1.0),
    u("日圓", Money, "日元", 1.0),
    u("英镑", Money, "英镑", 1.0),
    u("英鎊", Money, "英镑", 1.0),
    u("韩元", Money, "韩元", 1.0),
    u("韓元", Money, "韩元", 1.0),
    u("块钱", Money, "元", 1.0),
    u("塊錢", Money, "元", 1.0),
    u("元钱", Money, "元", 1.0),
    u("元錢", Money, "元", 1.0),
    u("元", Money, "元", 1.0),
    u("圆", Money, "元", 1.0),
    u("圓", Money, "元", 1.0),
    u("千克标煤", Quantity, "千克标煤", 1.0),
    u("次/秒", Quantity, "次/秒", 1.0),
    u("GWh", Quantity, "GWh", 1.0),
    u("MWh", Quantity, "MWh", 1.0),
    u("kWh", Quantity, "kWh", 1.0),
    u("GW", Quantity, "GW", 1.0),
    u("MW", Quantity, "MW", 1.0),
    u("kW", Quantity, "kW", 1.0),
    u("kV", Quantity, "kV", 1.0),
    u("千瓦时", Quantity, "千瓦时", 1.0),
    u("千瓦時", Quantity, "千瓦时", 1.0),
    u("千瓦", Quantity, "千瓦", 1.0),
    u("千伏", Quantity, "千伏", 1.0),
    u("兆瓦", Quantity, "兆瓦", 1.0),
    u("吨", Quantity, "吨", 1.0),
    u("噸", Quantity, "吨", 1.0),
    u("平方公里", Quantity, "平方公里", 1.0),
    u("平方千米", Quantity, "平方千米", 1.0),
    u("平方米", Quantity, "平方米", 1.0),
    u("立方米", Quantity, "立方米", 1.0),
    u("公顷", Quantity, "公顷", 1.0),
    u("公頃", Quantity, "公顷", 1.0),
    u("亩", Quantity, "亩", 1.0),
    u("畝", Quantity, "亩", 1.0),
    u("公里", Quantity, "公里", 1.0),
    u("千米", Quantity, "千米", 1.0),
    u("毫米", Quantity, "毫米", 1.0),
    u("厘米", Quantity, "厘米", 1.0),
    u("微米", Quantity, "微米", 1.0),
    u("纳米", Quantity, "纳米", 1.0),
    u("納米", Quantity, "纳米", 1.0),
    u("米", Quantity, "米", 1.0),
    u("千克", Quantity, "千克", 1.0),
    u("公斤", Quantity, "公斤", 1.0),
    u("克", Quantity, "克", 1.0),
    u("℃", Quantity, "℃", 1.0),
    u("毫秒", Quantity, "毫秒", 1.0),
    u("秒", Quantity, "秒", 1.0),
    u("PFlops", Quantity, "PFlops", 1.0),
    u("EFlops", Quantity, "EFlops", 1.0),
    u("GB", Quantity, "GB", 1.0),
    u("TB", Quantity, "TB", 1.0),
    u("PB", Quantity, "PB", 1.0),
    after_magnitude("度", "度"),
    after_magnitude("转", "转"),
    after_magnitude("轉", "转"),
    after_magnitude("P", "P"),
];

/// Magnitudes after an Arabic number, longest first.
const MAGNITUDES: &[(&str, f64)] = &[
    ("亿亿", 1e16),
    ("億億", 1e16),
    ("万亿", 1e12),
    ("萬億", 1e12),
    ("千亿", 1e11),
    ("千億", 1e11),
    ("百亿", 1e10),
    ("百億", 1e10),
    ("千万", 1e7),
    ("千萬", 1e7),
    ("百万", 1e6),
    ("百萬", 1e6),
    ("亿", 1e8),
    ("億", 1e8),
    ("万", 1e4),
    ("萬", 1e4),
    ("千", 1e3),
];

/// Measure words that make a number a count.
const MEASURE_WORDS: &[&str] = &[
    "台套", "人次", "席位", "项", "項", "家", "名", "条", "條", "辆", "輛", "款", "位", "人", "个",
    "個", "台", "臺", "套", "件", "座", "所", "种", "種", "类", "類", "批", "只", "隻", "艘", "架",
    "户", "戶", "处", "處", "支", "份", "场", "場", "篇", "部", "块", "塊", "张", "張", "枚", "颗",
    "顆", "棵", "头", "頭", "例", "宗", "笔", "筆", "次", "席", "轮", "輪",
];

/// A measure word followed by one of these characters is the start of a word, not a count:
/// 两位数, 两部分, 2023人工智能, 三名单.
const NOT_MEASURE_BEFORE: &[(&str, &str)] = &[
    ("位", "数數"),
    ("部", "分门門署长長"),
    ("人", "工民才"),
    ("名", "单單称稱字"),
    ("条", "件"),
    ("條", "件"),
    ("所", "有以在得谓謂"),
    ("家", "庭乡鄉"),
    ("支", "持付出撑撐"),
    ("场", "景所"),
    ("場", "景所"),
    ("次", "序数數"),
    ("只", "有要是能"),
    ("台", "阶階湾灣"),
    ("处", "理於于"),
    ("處", "理於于"),
];

/// Words that make a following percent a change: (word, sign). Rates of change (增速, 跌幅)
/// count as changes too.
const CHANGE_VERBS: &[(&str, f64)] = &[
    ("增长", 1.0),
    ("增長", 1.0),
    ("增长率", 1.0),
    ("增長率", 1.0),
    ("增加", 1.0),
    ("提高", 1.0),
    ("提升", 1.0),
    ("上升", 1.0),
    ("上涨", 1.0),
    ("上漲", 1.0),
    ("攀升", 1.0),
    ("回升", 1.0),
    ("拉升", 1.0),
    ("扩大", 1.0),
    ("擴大", 1.0),
    ("增幅", 1.0),
    ("增速", 1.0),
    ("涨幅", 1.0),
    ("漲幅", 1.0),
    ("增", 1.0),
    ("涨", 1.0),
    ("漲", 1.0),
    ("下降", -1.0),
    ("减少", -1.0),
    ("減少", -1.0),
    ("降低", -1.0),
    ("下滑", -1.0),
    ("回落", -1.0),
    ("下跌", -1.0),
    ("萎缩", -1.0),
    ("萎縮", -1.0),
    ("缩小", -1.0),
    ("縮小", -1.0),
    ("跌幅", -1.0),
    ("降幅", -1.0),
    ("减", -1.0),
    ("減", -1.0),
    ("降", -1.0),
    ("跌", -1.0),
];

/// What may stand between a change verb and its number: 增速为6.7%, 提高了34%.
const LINKS: &[&str] = &[
    "了", "为", "為", "达", "達", "达到", "達到", "是", "保持", "高达", "高達", "在",
];

/// What leads a change verb and belongs to the figure: 同比增长, 较去年同期增长.
const CHANGE_LEADS: &[&str] = &[
    "同比",
    "环比",
    "環比",
    "较上年",
    "較上年",
    "比上年",
    "较去年同期",
    "較去年同期",
    "比去年同期",
    "较去年",
    "較去年",
    "比去年",
    "较上年同期",
    "較上年同期",
];

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9０-９]+(?:[,，][0-9]{3})*(?:[.．][0-9０-９]+)?|[零〇一二两兩三四五六七八九十百千万萬亿億半]+|[数數]")
        .expect("valid regex")
});

/// A numeral in a rank: 第三, 第5, 第３, 前十.
const RANK_NUMERAL: &str = r"(?:[一二三四五六七八九十百]+|[0-9０-９]+)";

/// Ranks: after a ranking verb (位居, 排名 ...) or a scope (全国, 全省 ...) a place or a band;
/// alone, 第二大, 第一名 and 第五位.
static RANK: LazyLock<Regex> = LazyLock::new(|| {
    let n = RANK_NUMERAL;
    let scope = r"(?:全国|全國|全省|全区|全區|全市|全县|全縣|全球|世界|全(?:广西|廣西|广东|廣東|山东|山東|江苏|江蘇|浙江|河南|河北|湖南|湖北|四川|福建|安徽|江西|陕西|陝西|山西|云南|雲南|贵州|貴州|辽宁|遼寧|吉林|黑龙江|黑龍江|甘肃|甘肅|青海|海南|内蒙古|內蒙古|宁夏|寧夏|新疆|西藏|北京|天津|上海|重庆|重慶))";
    let verb = r"(?:位居|位列|居于|居於|稳居|穩居|跃居|躍居|名列|排名|排在|排行|跻身|躋身|进入|進入|居(?:[\p{Han}--[民住家然室中间間多留所委]][\p{Han}]{0,5}?)?)";
    let target = format!(
        r"(?:第{n}(?:位|名|大)?|首位|前列|前茅|之首|居首|榜首|前{n}(?:位|名|强|強)?|(?:[0-9]+|百|十)[强強])"
    );
    Regex::new(&format!(
        r"{verb}[\p{{Han}}]{{0,6}}?{target}|{scope}[\p{{Han}}]{{0,4}}?{target}|(?:中国|中國)[0-9]+[强強]|第{n}(?:大|名|位)"
    ))
    .expect("valid regex")
});

static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]+)/([0-9]+)|([一二三四五六七八九十百]+)分之([一二三四五六七八九十]+)|一半")
        .expect("valid regex")
});

/// One in three: 每3辆车中就有1辆.
static SHARE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"每([0-9０-９]+|[一二两兩三四五六七八九十百千万萬]+)[^，。；,;！？!?\s0-9０-９]{0,8}?有([0-9０-９]+|[一二两兩三四五六七八九十]+)")
        .expect("valid regex")
});

/// 翻番 and 翻一番 (doubled, x2), 翻两番 (x4).
static DOUBLING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"翻了?([一两兩二三])?番").expect("valid regex"));

static PERCENT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"百分之([零一二两三四五六七八九十百]+|[0-9]+(?:\.[0-9]+)?)").expect("valid regex")
});

/// Converts byte offsets, asked in increasing order, to character offsets by counting forward
/// from the last one, so that converting every figure costs one scan of the text.
struct CharCursor<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
}

impl<'a> CharCursor<'a> {
    fn new(text: &'a str) -> Self {
        CharCursor {
            text,
            byte: 0,
            chars: 0,
        }
    }

    fn at(&mut self, byte: usize) -> usize {
        debug_assert!(byte >= self.byte, "offsets are asked in order");
        self.chars += self.text[self.byte..byte].chars().count();
        self.byte = byte;
        self.chars
    }
}

/// Finds every key figure in `text`, in order, without overlaps.
pub fn find_figures(text: &str) -> Vec<Figure> {
    let mut found: Vec<Figure> = Vec::new();
    for m in RANK.find_iter(text) {
        if let Some(f) = rank(text, m) {
            found.push(f);
        }
    }
    for c in FRACTION.captures_iter(text) {
        if let Some(f) = fraction(text, &c) {
            found.push(f);
        }
    }
    for c in SHARE.captures_iter(text) {
        if let Some(f) = share(text, &c) {
            found.push(f);
        }
    }
    for c in PERCENT_WORDS.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        if let Some(v) = parse_number(&c[1]) {
            let before = &text[..m.start()];
            let mut f = figure(
                &text[m.range()],
                Kind::Percent,
                Some(v),
                Some("%"),
                approx_before(before).or_else(|| approx_after(&text[m.end()..])),
                m.start(),
                m.end(),
            );
            if let Some((start, sign)) = change_verb(before) {
                f.kind = Kind::Growth;
                f.value = Some(v * sign);
                f.start = start;
                f.text = text[start..m.end()].to_string();
            }
            found.push(f);
        }
    }
    for c in DOUBLING.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        let times = c
            .get(1)
            .and_then(|t| parse_number(t.as_str()))
            .unwrap_or(1.0);
        found.push(figure(
            m.as_str(),
            Kind::Ratio,
            Some(2f64.powf(times)),
            Some("倍"),
            None,
            m.start(),
            m.end(),
        ));
    }
    for m in NUMBER.find_iter(text) {
        if let Some(f) = measured(text, m.start(), m.end()) {
            found.push(f);
        }
    }
    found.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut out: Vec<Figure> = Vec::with_capacity(found.len());
    for f in found {
        if out.last().is_none_or(|last| f.start >= last.end) {
            out.push(f);
        }
    }
    // Offsets were bytes while collecting; one forward walk turns them into characters.
    let mut cursor = CharCursor::new(text);
    for f in &mut out {
        f.start = cursor.at(f.start);
        f.end = cursor.at(f.end);
    }
    inherit_list_kinds(text, &mut out);
    out
}

fn figure(
    text: &str,
    kind: Kind,
    value: Option<f64>,
    unit: Option<&str>,
    approx: Option<Approx>,
    start: usize,
    end: usize,
) -> Figure {
    Figure {
        text: text.to_string(),
        kind,
        value,
        unit: unit.map(str::to_string),
        approx,
        start,
        end,
        high: None,
    }
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

/// The value of the last 第N or 前N in a rank's text.
fn rank_place(s: &str) -> Option<f64> {
    let (_, after) = s
        .char_indices()
        .filter(|(_, c)| *c == '第' || *c == '前')
        .map(|(i, c)| (i, &s[i + c.len_utf8()..]))
        .rfind(|(_, after)| after.starts_with(|c: char| RANK_DIGITS.contains(c)))?;
    let digits: String = after
        .chars()
        .take_while(|c| RANK_DIGITS.contains(*c))
        .collect();
    parse_number(&digits)
}

const RANK_DIGITS: &str = "一二三四五六七八九十百0123456789０１２３４５６７８９";

fn rank(text: &str, m: regex::Match<'_>) -> Option<Figure> {
    let s = m.as_str();
    let next = text[m.end()..].chars().next();
    // 全国第二批, 第三届, 全国首个, 前三季度: ordinals and periods, not places. A place is
    // followed by punctuation or a word that joins (的, 和 ...), unless it names its unit
    // (第二大经济体, 第一名, 前十强).
    let named =
        s.ends_with(['大', '名', '强', '強']) || (s.ends_with('位') && !s.ends_with("首位"));
    let joins = |c: char| !is_han(c) || "的和与與及并並也且、".contains(c);
    if !named && next.is_some_and(|c| !joins(c)) {
        return None;
    }
    if s.starts_with('第') && s.ends_with('位') && next.is_some_and(|c| !joins(c)) {
        return None; // 第一位女性: the first one, not a place
    }
    let value =
        if s.contains("首位") || s.contains("之首") || s.contains("居首") || s.contains("榜首")
        {
            Some(1.0)
        } else if s.contains("前列")
            || s.contains("前茅")
            || s.ends_with(['强', '強']) && !s.contains('前')
        {
            None
        } else {
            Some(rank_place(s)?)
        };
    Some(figure(s, Kind::Rank, value, None, None, m.start(), m.end()))
}

fn fraction(text: &str, c: &regex::Captures<'_>) -> Option<Figure> {
    let m = c.get(0)?;
    let before = &text[..m.start()];
    let prev = before.chars().next_back();
    let after = text[m.end()..].chars().next();
    let rest = &text[m.end()..];
    // What shows a share: 占1/3, 的1/3, 约1/3, 1/3的 ...
    let cue = prev.is_some_and(|c| "占佔的约約近超逾达達仅僅和及、".contains(c))
        || approx_before(before).is_some()
        || ["的", "左右", "以上", "以下"]
            .iter()
            .any(|w| rest.starts_with(w));
    let (num, den) = match (c.get(1), c.get(2), c.get(3)) {
        (Some(n), Some(d), _) => {
            // 10亿亿次/秒 is a unit, 2024/12/20 a date, 1/2/3 a list: none is a ratio.
            let glued = |ch: Option<char>| {
                ch.is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '/' || ch == '.')
            };
            if glued(prev) || glued(after) || after.is_some_and(|ch| "秒年月日".contains(ch)) {
                return None;
            }
            let (n, d) = (
                n.as_str().parse::<f64>().ok()?,
                d.as_str().parse::<f64>().ok()?,
            );
            // 11/23 and 24/7 are dates and schedules; a share is less than the whole and, when
            // it could be a month and a day, says it is one (1/20, 占3/4).
            if n >= d || (n != 1.0 && n <= 12.0 && d <= 31.0 && !cue) {
                return None;
            }
            (n, d)
        }
        (_, _, Some(d)) => {
            if prev == Some('百') || d.as_str() == "百" {
                return None; // 百分之五 is a percent
            }
            (parse_number(&c[4])?, parse_number(d.as_str())?)
        }
        _ => {
            // 一半 is a share only where it is one: 平日的一半, 近一半, 一半以上.
            if !cue {
                return None;
            }
            (1.0, 2.0)
        }
    };
    if den == 0.0 {
        return None;
    }
    Some(figure(
        m.as_str(),
        Kind::Ratio,
        Some(num / den),
        None,
        approx_before(before).or_else(|| approx_after(rest)),
        m.start(),
        m.end(),
    ))
}

/// 每3辆车中就有1辆: one ratio, 1/3.
fn share(text: &str, c: &regex::Captures<'_>) -> Option<Figure> {
    let m = c.get(0)?;
    let den = parse_number(&c[1])?;
    let num = parse_number(&c[2])?;
    if den == 0.0 || num > den {
        return None;
    }
    let rest = &text[m.end()..];
    let end = m.end() + starts_with_any(rest, MEASURE_WORDS).map_or(0, str::len);
    Some(figure(
        &text[m.start()..end],
        Kind::Ratio,
        Some(num / den),
        None,
        None,
        m.start(),
        end,
    ))
}

/// The value of a numeral: Arabic (full-width too, with separators) or Chinese (三, 十五,
/// 一百二十, 两千, 三亿五千万; 1.2万 is handled by the caller's multiplier).
pub fn parse_number(s: &str) -> Option<f64> {
    let ascii: String = s
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            c => c,
        })
        .collect();
    if ascii.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return ascii.parse().ok();
    }
    parse_chinese(s)
}

fn digit(c: char) -> Option<f64> {
    Some(match c {
        '零' | '〇' => 0.0,
        '一' => 1.0,
        '二' | '两' | '兩' => 2.0,
        '三' => 3.0,
        '四' => 4.0,
        '五' => 5.0,
        '六' => 6.0,
        '七' => 7.0,
        '八' => 8.0,
        '九' => 9.0,
        '半' => 0.5,
        _ => return None,
    })
}

fn parse_chinese(s: &str) -> Option<f64> {
    // total: the part counted in 亿; wan: in 万; section: below 万.
    let (mut total, mut wan, mut section, mut current) = (0.0f64, 0.0f64, 0.0f64, None::<f64>);
    for c in s.chars() {
        if let Some(d) = digit(c) {
            current = Some(d);
            continue;
        }
        match c {
            '十' | '百' | '千' => {
                let unit = match c {
                    '十' => 10.0,
                    '百' => 100.0,
                    _ => 1000.0,
                };
                section += current.take().unwrap_or(1.0) * unit;
            }
            '万' | '萬' => {
                let mut s = section + current.take().unwrap_or(0.0);
                if s == 0.0 {
                    s = 1.0;
                }
                wan += s * 1e4;
                section = 0.0;
            }
            '亿' | '億' => {
                let mut s = total + wan + section + current.take().unwrap_or(0.0);
                if s == 0.0 {
                    s = 1.0;
                }
                total = s * 1e8;
                wan = 0.0;
                section = 0.0;
            }
            _ => return None,
        }
    }
    Some(total + wan + section + current.unwrap_or(0.0))
}

fn starts_with_any<'a>(s: &str, words: &[&'a str]) -> Option<&'a str> {
    words
        .iter()
        .copied()
        .filter(|w| s.starts_with(w))
        .max_by_key(|w| w.len())
}

fn ends_with_any<'a>(s: &str, words: &[&'a str]) -> Option<&'a str> {
    words
        .iter()
        .copied()
        .filter(|w| s.ends_with(w))
        .max_by_key(|w| w.len())
}

/// Every character that can start what follows a figure's number (a magnitude, a unit, a
/// measure word, a percent sign, 倍, 成, 个百分点, a list or range mark): a candidate followed
/// by anything else is rejected at once.
static FOLLOWERS: LazyLock<Vec<char>> = LazyLock::new(|| {
    let mut v: Vec<char> = UNITS
        .iter()
        .map(|u| u.text)
        .chain(MEASURE_WORDS.iter().copied())
        .chain(MAGNITUDES.iter().map(|(m, _)| *m))
        .chain([
            "%", "％", "倍", "个", "個", "百", "成", "点", "點", "余", "餘", "多", "来", "來",
        ])
        .chain([" ", "\u{a0}", "、", "-", "—", "–", "～", "~", "至", "到"])
        .filter_map(|w| w.chars().next())
        .collect();
    v.sort_unstable();
    v.dedup();
    v
});

fn may_follow(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_some_and(|c| FOLLOWERS.binary_search(&c).is_ok())
}

/// At most: these come before the more-than words they contain (不超过 is not 超过).
const AT_MOST_BEFORE: &[&str] = &[
    "不超过",
    "不超過",
    "不能超过",
    "不能超過",
    "不高于",
    "不高於",
    "不大于",
    "不大於",
    "最高",
    "最多",
    "至多",
];
const AT_LEAST_BEFORE: &[&str] = &[
    "至少",
    "最少",
    "不少于",
    "不少於",
    "不低于",
    "不低於",
    "不下",
];
const MORE_BEFORE: &[&str] = &["超过", "超過", "突破", "超", "逾", "过", "過"];
const LESS_BEFORE: &[&str] = &["接近", "将近", "將近", "不到", "不足", "不及", "近"];
const ABOUT_BEFORE: &[&str] = &["大约", "大約", "大概", "约", "約"];

/// The qualifier ending `before`, if any, and how many bytes it takes: 超过, 近, 约 (签约 and
/// 通过 are not qualifiers).
fn qualifier_before(before: &str) -> Option<(usize, Approx)> {
    // 約 4.75 億: press-release spacing.
    let trimmed = before.strip_suffix(' ').unwrap_or(before);
    let spaced = before.len() - trimmed.len();
    qualifier_word(trimmed).map(|(w, a)| (w.len() + spaced, a))
}

fn qualifier_word(before: &str) -> Option<(&'static str, Approx)> {
    if let Some(w) = ends_with_any(before, AT_MOST_BEFORE) {
        return Some((w, Approx::LessThan));
    }
    if let Some(w) = ends_with_any(before, AT_LEAST_BEFORE) {
        return Some((w, Approx::MoreThan));
    }
    let prev = |w: &str| before[..before.len() - w.len()].chars().next_back();
    if let Some(w) = ends_with_any(before, MORE_BEFORE) {
        let guarded = (w == "过" || w == "過")
            && prev(w).is_some_and(|c| "通经經度错錯走路难難穿跨越透不".contains(c));
        if !guarded {
            return Some((w, Approx::MoreThan));
        }
    }
    if let Some(w) = ends_with_any(before, LESS_BEFORE) {
        let guarded = w == "近" && prev(w).is_some_and(|c| "最附邻鄰靠就贴貼".contains(c));
        if !guarded {
            return Some((w, Approx::LessThan));
        }
    }
    if let Some(w) = ends_with_any(before, ABOUT_BEFORE) {
        let guarded = (w == "约" || w == "約")
            && prev(w).is_some_and(|c| "签簽合预預制公条條契节節邀相特履违違纽紐之".contains(c));
        if !guarded {
            return Some((w, Approx::About));
        }
    }
    None
}

/// How the words before a figure qualify it: 超过 …, 约占 …, 约占全国的 ….
fn approx_before(before: &str) -> Option<Approx> {
    if let Some((_, a)) = qualifier_before(before) {
        return Some(a);
    }
    // A linking word between: 约占41%, 近达30%.
    if let Some(l) = ends_with_any(
        before,
        &["占", "佔", "为", "為", "达", "達", "达到", "達到"],
    ) && let Some((_, a)) = qualifier_before(&before[..before.len() - l.len()])
    {
        return Some(a);
    }
    // 约占全国的41%: the qualifier binds 占 … 的 in the same clause.
    if before.ends_with('的') {
        let clause = clause_tail(before, 12);
        if ["约占", "約占", "約佔", "大约占"]
            .iter()
            .any(|w| clause.contains(w))
        {
            return Some(Approx::About);
        }
    }
    None
}

/// How the words right after a figure qualify it: 以上, 左右, 以内.
fn approx_after(after: &str) -> Option<Approx> {
    if starts_with_any(after, &["以上", "多"]).is_some() {
        Some(Approx::MoreThan)
    } else if starts_with_any(after, &["左右", "上下"]).is_some() {
        Some(Approx::About)
    } else if starts_with_any(after, &["以内", "以內", "以下"]).is_some() {
        Some(Approx::LessThan)
    } else {
        None
    }
}

/// The last `max` characters of `before`, cut at the start of its clause.
fn clause_tail(before: &str, max: usize) -> &str {
    let mut from = before.len();
    for (n, (i, c)) in before.char_indices().rev().enumerate() {
        if n >= max || "，。；,;！？!?：:\n“”\"".contains(c) {
            break;
        }
        from = i;
    }
    &before[from..]
}

/// What makes a bare large number (2.3万亿, 1400亿) money: a measure of value in its clause.
const MONEY_WORDS: &[&str] = &[
    "GDP",
    "生产总值",
    "生產總值",
    "产值",
    "產值",
    "增加值",
    "收入",
    "营收",
    "營收",
    "营业额",
    "營業額",
    "销售额",
    "銷售額",
    "投资",
    "投資",
    "成交",
    "税收",
    "稅收",
    "利润",
    "利潤",
    "资金",
    "資金",
    "资产",
    "資產",
    "债",
    "債",
    "融资",
    "融資",
    "募",
    "卖",
    "賣",
    "贸易",
    "貿易",
    "出口",
    "进口",
    "進口",
    "交易额",
    "交易額",
    "市值",
    "预算",
    "預算",
    "贷款",
    "貸款",
    "存款",
    "补贴",
    "補貼",
    "金额",
    "金額",
    "消费",
    "消費",
    "经济总量",
    "經濟總量",
    "产业规模",
    "產業規模",
    "市场规模",
    "市場規模",
    "经济规模",
    "經濟規模",
];

/// How a suffix makes the number's value.
#[derive(Clone, Copy, PartialEq)]
enum Reading {
    Plain,
    /// 倍: a multiple, or a change of N x 100% after a change verb.
    Times,
    /// 成: tenths, 七成 is 70%.
    Tenths,
}

/// What follows a number and makes it a figure: 万 余 辆, 亿 美元, 个百分点, 倍.
#[derive(Clone, Copy)]
struct Suffix {
    kind: Kind,
    unit: Option<&'static str>,
    /// What one of the number is worth in the unit: magnitude times the unit's factor.
    scale: f64,
    /// 余, 多 or 来 between the number and its unit.
    is_more: bool,
    reading: Reading,
    /// A magnitude with nothing after it (超过20亿).
    is_bare: bool,
    /// Bytes of the text after the number that the suffix covers.
    len: usize,
}

fn suffix(rest: &str, is_arabic: bool, bare_ok: bool) -> Option<Suffix> {
    let mut r = rest;
    if is_arabic {
        // "340 項", "4.75 億澳門元": press-release spacing.
        if let Some(s) = r.strip_prefix(' ').or_else(|| r.strip_prefix('\u{a0}')) {
            r = s;
        }
    }
    let plain_unit = |r: &str| {
        UNITS
            .iter()
            .any(|u| !u.needs_magnitude && r.starts_with(u.text))
    };
    let mut scale = 1.0;
    if is_arabic
        && !plain_unit(r)
        && let Some((w, f)) = MAGNITUDES.iter().find(|(w, _)| r.starts_with(w))
    {
        scale = *f;
        r = &r[w.len()..];
    }
    let mut is_more = false;
    if let Some(q) = ["余", "餘", "多", "来", "來"]
        .iter()
        .find(|q| r.starts_with(**q))
    {
        is_more = true;
        r = &r[q.len()..];
    }
    let done = |r: &str, len: usize| rest.len() - r.len() + len;
    let mut s = Suffix {
        kind: Kind::Count,
        unit: None,
        scale,
        is_more,
        reading: Reading::Plain,
        is_bare: false,
        len: 0,
    };
    if let Some(u) = UNITS
        .iter()
        .find(|u| r.starts_with(u.text) && (!u.needs_magnitude || scale > 1.0))
    {
        let after = r[u.text.len()..].chars().next();
        if u.text.is_ascii() && after.is_some_and(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        s.kind = u.kind;
        s.unit = Some(u.base);
        s.scale = scale * u.factor;
        s.len = done(r, u.text.len());
    } else if r.starts_with(['%', '％']) {
        s.kind = Kind::Percent;
        s.unit = Some("%");
        s.len = done(r, r.chars().next().map_or(1, char::len_utf8));
    } else if let Some(p) = starts_with_any(r, &["个百分点", "個百分點", "百分点", "百分點"])
    {
        s.kind = Kind::Percent;
        s.unit = Some("个百分点");
        s.len = done(r, p.len());
    } else if r.starts_with('倍') {
        s.kind = Kind::Ratio;
        s.unit = Some("倍");
        s.reading = Reading::Times;
        s.len = done(r, '倍'.len_utf8());
    } else if r.starts_with('成') && scale == 1.0 && !is_more {
        s.kind = Kind::Percent;
        s.unit = Some("%");
        s.reading = Reading::Tenths;
        s.len = done(r, '成'.len_utf8());
    } else if let Some(w) = starts_with_any(r, MEASURE_WORDS) {
        let next = r[w.len()..].chars().next();
        if let Some((_, chars)) = NOT_MEASURE_BEFORE.iter().find(|(m, _)| *m == w)
            && next.is_some_and(|c| chars.contains(c))
        {
            return None;
        }
        s.unit = Some(w);
        s.len = done(r, w.len());
    } else if is_arabic && r.starts_with(['点', '點']) {
        s.kind = Kind::Quantity;
        s.unit = Some("点");
        s.len = done(r, '点'.len_utf8());
    } else if (is_arabic && scale > 1.0) || bare_ok {
        s.is_bare = true;
        s.len = done(r, 0);
    } else {
        return None;
    }
    Some(s)
}

/// A number without a unit of its own that shares the unit of a later one: the 1.2 and 0.4 of
/// 1.2、0.4、2.7个百分点 (a list), the 6 of 6-8亿元 (a range). Returns the suffix and, for a
/// range, the high end's value and where it ends.
fn shared_suffix(rest: &str) -> Option<(Suffix, Option<(f64, usize)>)> {
    let is_range = starts_with_any(rest, &["-", "—", "–", "～", "~", "至", "到"]);
    let is_list = rest.starts_with('、');
    if is_range.is_none() && !is_list {
        return None;
    }
    let mut at = 0;
    for _ in 0..12 {
        let sep = if is_list {
            "、".len()
        } else {
            is_range?.len()
        };
        let next = &rest[at + sep..];
        let m = NUMBER.find(next).filter(|m| m.start() == 0)?;
        if !m
            .as_str()
            .starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c))
        {
            return None;
        }
        let after = &next[m.end()..];
        if let Some(s) =
            suffix(after, true, false).filter(|s| !s.is_bare && s.reading == Reading::Plain)
        {
            if is_list {
                return Some((s, None));
            }
            let high = parse_number(m.as_str())? * s.scale;
            return Some((s, Some((high, at + sep + m.end() + s.len))));
        }
        if !is_list || !after.starts_with('、') {
            return None;
        }
        at += sep + m.end();
    }
    None
}

/// A number followed by a unit, measure word, percent sign or 倍, with what qualifies it.
fn measured(text: &str, start: usize, end: usize) -> Option<Figure> {
    let numeral = &text[start..end];
    let is_arabic = numeral.starts_with(|c: char| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let before = &text[..start];
    let prev = before.chars().next_back();
    // Glued to letters (5G, G20, 280Ah1P104S) or an ordinal (第二): not a figure.
    if prev.is_some_and(|c| c.is_ascii_alphanumeric() || c == '第' || c == '.' || c == '/') {
        return None;
    }
    let rest = &text[end..];
    // Most candidates are numerals inside ordinary words; what follows rules them out cheaply.
    if !may_follow(rest) {
        return None;
    }
    // 《2023人工智能…白皮书》: a year opening a title.
    if is_arabic
        && numeral.len() == 4
        && prev.is_some_and(|c| "《“「『\"".contains(c))
        && matches!(numeral.parse::<u32>(), Ok(1900..=2099))
    {
        return None;
    }
    let several = numeral == "数" || numeral == "數";
    let mut rest = rest;
    if several {
        // 数百倍: "several hundred" has no single value; keep the magnitude word in the text.
        let mag = rest
            .char_indices()
            .take_while(|(_, c)| "十百千万萬亿億".contains(*c))
            .last()
            .map(|(i, c)| i + c.len_utf8())?;
        rest = &rest[mag..];
    }
    let mut value = if several { None } else { parse_number(numeral) };
    let qualified = qualifier_before(before).is_some();
    if !is_arabic && !several {
        let v = value?;
        // One alone (一是, 一批, 一辆辆) is a word, not a figure; so is a bare magnitude (万吨)
        // unless a qualifier gives it a size (上千家, 近十家).
        // 二 before a measure word is an ordinal (二次创业, 二级); counting says 两.
        if (v < 2.0 && !numeral.contains('半'))
            || numeral == "二"
            || (numeral.chars().all(|c| "十百千万萬亿億".contains(c))
                && !qualified
                && !before.ends_with('上')
                && numeral != "十")
        {
            return None;
        }
    }
    let bare_ok = !is_arabic
        && numeral.ends_with(['万', '萬', '亿', '億'])
        && value.is_some_and(|v| v >= 1e4)
        && rest.chars().next().is_some_and(|c| !is_han(c));
    let (sfx, shared) = match suffix(rest, is_arabic, bare_ok) {
        Some(s) => (s, None),
        None if is_arabic => {
            let (s, r) = shared_suffix(rest)?;
            (s, Some(r))
        }
        None => return None,
    };
    let range = shared.flatten();
    let mut fig_end = match shared {
        None => end + sfx.len,
        Some(None) => end,
        Some(Some((_, e))) => end + e,
    };
    let mut kind = sfx.kind;
    let mut unit = sfx.unit;
    let mut approx = sfx.is_more.then_some(Approx::MoreThan);
    let after = &text[fig_end..];
    // 千亿级, 万亿元级: a class, not an amount.
    if after.starts_with(['级', '級']) {
        return None;
    }
    if kind == Kind::Count && after.starts_with(['年', '月', '日', '号', '號', '时', '時']) {
        return None;
    }
    // 前两轮, 前三批: the first ones, not a count.
    if kind == Kind::Count
        && before.ends_with('前')
        && unit.is_some_and(|u| ["轮", "輪", "批", "次"].contains(&u))
    {
        return None;
    }
    match sfx.reading {
        Reading::Tenths => {
            // 七成 is 70% only where it reads as a share: 近七成, 占三成, 九成以上, …，九成.
            let digit_ok = value.is_some_and(|v| v.fract() == 0.0 && (1.0..=9.0).contains(&v))
                && numeral.chars().count() == 1;
            let cue = qualified
                || prev.is_some_and(|c| "占佔达達有为為是的、，,;；：:（(".contains(c))
                || change_verb(before).is_some()
                || ["以上", "左右", "多", "的"]
                    .iter()
                    .any(|w| after.starts_with(w));
            let next = after.chars().next();
            if !digit_ok
                || !cue
                || next.is_some_and(|c| "为為立功本果熟长長员員交都效型品就年".contains(c))
            {
                return None;
            }
            value = value.map(|v| v * 10.0);
        }
        // 收报2929.09点 is an index level; 3点 is a time, 4点建议 a list.
        Reading::Plain
            if unit == Some("点")
                && (!(numeral.contains(['.', '．']) || value.is_some_and(|v| v >= 1000.0))
                    || after.starts_with(['钟', '鐘', '半'])) =>
        {
            return None;
        }
        _ => {}
    }
    if sfx.is_bare
        && MONEY_WORDS
            .iter()
            .any(|w| clause_tail(before, 12).contains(w))
    {
        kind = Kind::Money;
        unit = Some("元");
    }
    // Qualifiers after the figure.
    if let Some(a) = approx_after(after) {
        approx = approx.or(Some(a));
    }
    // Qualifiers and verbs before it.
    let mut fig_start = start;
    let verb = change_verb(before);
    let is_points = unit == Some("个百分点");
    match (sfx.reading, verb) {
        (Reading::Times, Some((verb_start, sign))) => {
            // 增长1.34倍: a change of 134%.
            kind = Kind::Growth;
            unit = Some("%");
            value = value.map(|v| v * 100.0 * sign);
            fig_start = verb_start;
        }
        (Reading::Times, None) => {}
        (_, Some((verb_start, sign))) if kind == Kind::Percent => {
            if !is_points {
                kind = Kind::Growth;
            }
            value = value.map(|v| v * sign);
            fig_start = verb_start;
        }
        _ => {}
    }
    // 13%左右的增速, 5%的跌幅: a rate of change named after it.
    if kind == Kind::Percent && !is_points {
        let mut a = after;
        for w in ["左右", "以上", "的", "高"] {
            a = a.strip_prefix(w).unwrap_or(a);
        }
        if starts_with_any(a, &["增速", "增长", "增長", "增幅", "涨幅", "漲幅"]).is_some()
        {
            kind = Kind::Growth;
        } else if starts_with_any(a, &["跌幅", "降幅"]).is_some() {
            kind = Kind::Growth;
            value = value.map(|v| -v);
        }
    }
    if approx.is_none() {
        // 上千家, 上万家: "upwards of"; before an Arabic number 上 is a verb (迈上3万亿元).
        approx = approx_before(before)
            .or_else(|| (!is_arabic && before.ends_with('上')).then_some(Approx::MoreThan));
    }
    let value = value.map(|v| v * sfx.scale);
    let mut f = figure(
        &text[fig_start..fig_end],
        kind,
        value,
        unit,
        approx,
        fig_start,
        fig_end,
    );
    if let Some((high, _)) = range {
        f.high = Some(high);
        return Some(f);
    }
    // A range: 3℃—5℃, 15%至20% keep the low end as value and the high end apart.
    if let Some(dash) = starts_with_any(after, &["—", "–", "-", "～", "~", "至", "到"]) {
        let next = &after[dash.len()..];
        if let Some(m) = NUMBER.find(next).filter(|m| m.start() == 0) {
            let high = suffix(&next[m.end()..], is_arabic, false).filter(|s| {
                s.kind == sfx.kind && s.unit == sfx.unit && s.reading == sfx.reading && !s.is_bare
            });
            if let Some(s) = high
                && matches!(sfx.kind, Kind::Quantity | Kind::Percent | Kind::Money)
            {
                fig_end += dash.len() + m.end() + s.len;
                f.high = parse_number(m.as_str()).map(|v| v * s.scale);
                f.text = text[fig_start..fig_end].to_string();
                f.end = fig_end;
            }
        }
    }
    Some(f)
}

/// The start (byte) of a change verb such as 增长, 同比增长 or 同比大幅增长 before a number
/// (through a qualifier and a linking word: 增长超过30%, 增速为6.7%, 提高了34%), and its sign.
fn change_verb(before: &str) -> Option<(usize, f64)> {
    let mut b = before;
    if let Some((len, _)) = qualifier_before(b) {
        b = &b[..b.len() - len];
    }
    if let Some(l) = ends_with_any(b, LINKS) {
        let trimmed = &b[..b.len() - l.len()];
        if CHANGE_VERBS.iter().any(|(v, _)| trimmed.ends_with(v)) {
            b = trimmed;
        }
    }
    let (verb, sign) = CHANGE_VERBS
        .iter()
        .filter(|(v, _)| b.ends_with(v))
        .max_by_key(|(v, _)| v.len())?;
    let mut start = b.len() - verb.len();
    if let Some(adverb) = ends_with_any(
        &b[..start],
        &[
            "大幅", "快速", "稳步", "穩步", "年均", "平均", "分别", "分別",
        ],
    ) {
        start -= adverb.len();
    }
    if let Some(lead) = ends_with_any(&b[..start], CHANGE_LEADS) {
        start -= lead.len();
    }
    Some((start, *sign))
}

/// In 同比增长155.1%、109.9%、99.4% the later percents are changes too, and in 分别下降1.2、0.4
/// 个百分点 every item falls.
fn inherit_list_kinds(text: &str, figures: &mut [Figure]) {
    // Figures are in order, so one forward walk finds each one-character gap.
    let mut chars = text.chars().enumerate();
    for i in 1..figures.len() {
        let (prev, cur) = (&figures[i - 1], &figures[i]);
        let same = prev.kind == Kind::Growth && cur.kind == Kind::Percent && cur.unit == prev.unit
            || prev.kind == cur.kind
                && prev.unit == cur.unit
                && cur.unit.as_deref() == Some("个百分点");
        if !same || cur.start != prev.end + 1 {
            continue;
        }
        let gap = chars.by_ref().find(|(n, _)| *n == prev.end).map(|(_, c)| c);
        if matches!(gap, Some('、' | '，' | ',')) {
            let (kind, falls) = (prev.kind, prev.value.is_some_and(|v| v < 0.0));
            let cur = &mut figures[i];
            cur.kind = kind;
            if falls {
                cur.value = cur.value.map(|v| -v.abs());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Figure {
        let found = find_figures(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.into_iter().next().unwrap()
    }

    #[test]
    fn figures_of_every_kind_with_values() {
        use Approx::*;
        use Kind::*;
        // (text, figure text, kind, value, unit, approx)
        type Case<'a> = (
            &'a str,
            &'a str,
            Kind,
            Option<f64>,
            Option<&'a str>,
            Option<Approx>,
        );
        let cases: &[Case<'_>] = &[
            (
                "新增工业产值达494亿元;",
                "494亿元",
                Money,
                Some(4.94e10),
                Some("元"),
                None,
            ),
            (
                "出口东盟总额达73.08亿元",
                "73.08亿元",
                Money,
                Some(7.308e9),
                Some("元"),
                None,
            ),
            (
                "产业规模将超1.5万亿元",
                "1.5万亿元",
                Money,
                Some(1.5e12),
                Some("元"),
                Some(MoreThan),
            ),
            (
                "规上工业总产值达5万亿元",
                "5万亿元",
                Money,
                Some(5e12),
                Some("元"),
                None,
            ),
            (
                "推动GDP迈上3万亿元台阶",
                "3万亿元",
                Money,
                Some(3e12),
                Some("元"),
                None,
            ),
            (
                "年产值过10亿元的企业",
                "10亿元",
                Money,
                Some(1e9),
                Some("元"),
                Some(MoreThan),
            ),
            (
                "产出规模达到200亿元以上。",
                "200亿元",
                Money,
                Some(2e10),
                Some("元"),
                Some(MoreThan),
            ),
            (
                "产量同比增长155.1%",
                "同比增长155.1%",
                Growth,
                Some(155.1),
                Some("%"),
                None,
            ),
            (
                "总额同比大幅增长76.0%,",
                "同比大幅增长76.0%",
                Growth,
                Some(76.0),
                Some("%"),
                None,
            ),
            (
                "产值实现增长22%。",
                "增长22%",
                Growth,
                Some(22.0),
                Some("%"),
                None,
            ),
            (
                "能耗下降3.2%",
                "下降3.2%",
                Growth,
                Some(-3.2),
                Some("%"),
                None,
            ),
            ("企业数量翻番,", "翻番", Ratio, Some(2.0), Some("倍"), None),
            (
                "销量增长1.5倍",
                "增长1.5倍",
                Growth,
                Some(150.0),
                Some("%"),
                None,
            ),
            (
                "占比提高2个百分点",
                "提高2个百分点",
                Percent,
                Some(2.0),
                Some("个百分点"),
                None,
            ),
            (
                "渗透率达64.9%,",
                "64.9%",
                Percent,
                Some(64.9),
                Some("%"),
                None,
            ),
            (
                "产值占比接近60%,",
                "60%",
                Percent,
                Some(60.0),
                Some("%"),
                Some(LessThan),
            ),
            (
                "本地配套率超60%。",
                "60%",
                Percent,
                Some(60.0),
                Some("%"),
                Some(MoreThan),
            ),
            (
                "核心部件100%国产化",
                "100%",
                Percent,
                Some(100.0),
                Some("%"),
                None,
            ),
            (
                "保持13%左右高增速",
                "13%",
                Growth,
                Some(13.0),
                Some("%"),
                Some(About),
            ),
            (
                "税率为百分之五。",
                "百分之五",
                Percent,
                Some(5.0),
                Some("%"),
                None,
            ),
            (
                "相差3个百分点",
                "3个百分点",
                Percent,
                Some(3.0),
                Some("个百分点"),
                None,
            ),
            ("立项209项,", "209项", Count, Some(209.0), Some("项"), None),
            (
                "完成生产77.6万辆,",
                "77.6万辆",
                Count,
                Some(776000.0),
                Some("辆"),
                None,
            ),
            (
                "总量达到24万余人。",
                "24万余人",
                Count,
                Some(240000.0),
                Some("人"),
                Some(MoreThan),
            ),
            (
                "超8000位记者",
                "8000位",
                Count,
                Some(8000.0),
                Some("位"),
                Some(MoreThan),
            ),
            (
                "聚集企业50家以上,",
                "50家",
                Count,
                Some(50.0),
                Some("家"),
                Some(MoreThan),
            ),
            (
                "设计了8360款文创精品",
                "8360款",
                Count,
                Some(8360.0),
                Some("款"),
                None,
            ),
            (
                "約1400名工人",
                "1400名",
                Count,
                Some(1400.0),
                Some("名"),
                Some(About),
            ),
            (
                "擁有31個制造業大類",
                "31個",
                Count,
                Some(31.0),
                Some("個"),
                None,
            ),
            (
                "１２０项成果",
                "１２０项",
                Count,
                Some(120.0),
                Some("项"),
                None,
            ),
            (
                "共1,200家企业",
                "1,200家",
                Count,
                Some(1200.0),
                Some("家"),
                None,
            ),
            (
                "两千家企业",
                "两千家",
                Count,
                Some(2000.0),
                Some("家"),
                None,
            ),
            (
                "年产能达到55.5GWh、",
                "55.5GWh",
                Quantity,
                Some(55.5),
                Some("GWh"),
                None,
            ),
            (
                "0.15毫米极薄冷轧带钢",
                "0.15毫米",
                Quantity,
                Some(0.15),
                Some("毫米"),
                None,
            ),
            (
                "超过800℃的铝水",
                "800℃",
                Quantity,
                Some(800.0),
                Some("℃"),
                Some(MoreThan),
            ),
            (
                "去产能1188万吨。",
                "1188万吨",
                Quantity,
                Some(1.188e7),
                Some("吨"),
                None,
            ),
            (
                "运算速度达10亿亿次/秒的",
                "10亿亿次/秒",
                Quantity,
                Some(1e17),
                Some("次/秒"),
                None,
            ),
            (
                "低于国家标准9.41千克标煤。",
                "9.41千克标煤",
                Quantity,
                Some(9.41),
                Some("千克标煤"),
                None,
            ),
            ("缩短1.5秒,", "1.5秒", Quantity, Some(1.5), Some("秒"), None),
            (
                "算力规模2.5万P",
                "2.5万P",
                Quantity,
                Some(25000.0),
                Some("P"),
                None,
            ),
            (
                "数量位居全区第一。",
                "位居全区第一",
                Rank,
                Some(1.0),
                None,
                None,
            ),
            (
                "数字化车间共计,位居全区首位。",
                "位居全区首位",
                Rank,
                Some(1.0),
                None,
                None,
            ),
            (
                "落子,居全国高新区第三;",
                "居全国高新区第三",
                Rank,
                Some(3.0),
                None,
                None,
            ),
            (
                "总产值位居全广西第一。",
                "位居全广西第一",
                Rank,
                Some(1.0),
                None,
                None,
            ),
            ("增速全省第5,", "全省第5", Rank, Some(5.0), None, None),
            (
                "销售数量位居全国前列。",
                "位居全国前列",
                Rank,
                None,
                None,
                None,
            ),
            (
                "产能分别占全国的1/20。",
                "1/20",
                Ratio,
                Some(0.05),
                None,
                None,
            ),
            (
                "约占三分之一。",
                "三分之一",
                Ratio,
                Some(1.0 / 3.0),
                None,
                Some(About),
            ),
        ];
        for (text, want_text, kind, value, unit, approx) in cases {
            let f = one(text);
            assert_eq!(&f.text, want_text, "{text}");
            assert_eq!(f.kind, *kind, "{text}");
            match (f.value, value) {
                (Some(a), Some(b)) => {
                    assert!((a - b).abs() <= b.abs() * 1e-9, "{text}: {a} != {b}")
                }
                (a, b) => assert_eq!(a, *b, "{text}"),
            }
            assert_eq!(f.unit.as_deref(), *unit, "{text}");
            assert_eq!(f.approx, *approx, "{text}");
            let chars: Vec<char> = text.chars().collect();
            assert_eq!(
                chars[f.start..f.end].iter().collect::<String>(),
                f.text,
                "{text}: offsets"
            );
        }
    }

    #[test]
    fn traditional_and_mixed_forms() {
        let cases: &[(&str, &str, Kind, f64, &str)] = &[
            ("營收1.2億元", "1.2億元", Kind::Money, 1.2e8, "元"),
            ("產量77.6萬輛", "77.6萬輛", Kind::Count, 776000.0, "輛"),
            ("完成兩項改革", "兩項", Kind::Count, 2.0, "項"),
            ("新增3千家企业", "3千家", Kind::Count, 3000.0, "家"),
            ("投资1.2万亿元", "1.2万亿元", Kind::Money, 1.2e12, "元"),
            (
                "提高半个百分点",
                "提高半个百分点",
                Kind::Percent,
                0.5,
                "个百分点",
            ),
            ("新建一百二十座基站", "一百二十座", Kind::Count, 120.0, "座"),
        ];
        for (text, want, kind, value, unit) in cases {
            let f = one(text);
            assert_eq!(
                (f.text.as_str(), f.kind, f.unit.as_deref()),
                (*want, *kind, Some(*unit)),
                "{text}"
            );
            assert!(
                (f.value.unwrap() - value).abs() < 1e-6,
                "{text}: {:?}",
                f.value
            );
        }
        let f = one("跻身世界500强");
        assert_eq!(
            (f.text.as_str(), f.kind, f.value),
            ("跻身世界500强", Kind::Rank, None)
        );
    }

    #[test]
    fn every_qualifier_word() {
        use Approx::*;
        let cases = [
            ("超100家", MoreThan),
            ("超过100家", MoreThan),
            ("突破100家", MoreThan),
            ("逾100家", MoreThan),
            ("100家以上", MoreThan),
            ("100余家", MoreThan),
            ("100多家", MoreThan),
            ("近100家", LessThan),
            ("接近100家", LessThan),
            ("不到100家", LessThan),
            ("约100家", About),
            ("100家左右", About),
            ("大约100家", About),
        ];
        for (text, approx) in cases {
            let f = one(text);
            assert_eq!(f.approx, Some(approx), "{text}");
            assert!(
                f.text.starts_with("100") && f.text.contains('家'),
                "{text}: the qualifier is not in `{}`",
                f.text
            );
        }
        assert_eq!(one("100家").approx, None);
    }

    #[test]
    fn a_range_keeps_both_ends() {
        let f = one("可将电池温差控制在3℃—5℃之间");
        assert_eq!(
            (f.text.as_str(), f.value, f.high),
            ("3℃—5℃", Some(3.0), Some(5.0))
        );
    }

    #[test]
    fn a_list_after_a_change_is_changes() {
        let found = find_figures("产量分别同比增长155.1%、109.9%、99.4%。");
        let kinds: Vec<(&str, Kind)> = found.iter().map(|f| (f.text.as_str(), f.kind)).collect();
        assert_eq!(
            kinds,
            [
                ("同比增长155.1%", Kind::Growth),
                ("109.9%", Kind::Growth),
                ("99.4%", Kind::Growth)
            ]
        );
    }

    #[test]
    fn several_has_no_value() {
        let f = one("市场价值提升数百倍;");
        assert_eq!((f.kind, f.value), (Kind::Growth, None));
    }

    #[test]
    fn what_is_not_a_figure() {
        let texts = [
            "2024年",
            "12月24日",
            "2023年7月",
            "09:05",
            "2025-07-28",
            "5G",
            "6G",
            "G20",
            "3C电子",
            "紫东太初2.0",
            "OceanX",
            "280Ah1P104S",
            "“33618”",
            "“1030”",
            "“45154”",
            "“1+1+3+X”",
            "一是",
            "二是",
            "第一",
            "②",
            "电话:18663509279",
            "魯ICP備09083931號",
            "一批重大项目",
            "一辆辆",
            "全国第二批试点城市",
            "第10万辆",
            "万吨水泥生产线",
            "历经60余年发展",
            "作为全面转型发展的首位产业",
            "一分钟",
            "千行百业",
            "二等奖",
            "实现十大技术突破",
        ];
        for t in texts {
            let found = find_figures(t);
            assert!(found.is_empty(), "{t}: {found:?}");
        }
    }

    type Want<'a> = (&'a str, Kind, Option<f64>, Option<&'a str>, Option<Approx>);

    /// Every figure of `text`, in order, compared on text, kind, value, unit and qualifier.
    fn check(text: &str, want: &[Want<'_>]) {
        let found = find_figures(text);
        let got: Vec<Want<'_>> = found
            .iter()
            .map(|f| {
                (
                    f.text.as_str(),
                    f.kind,
                    f.value,
                    f.unit.as_deref(),
                    f.approx,
                )
            })
            .collect();
        assert_eq!(got.len(), want.len(), "{text}: {got:?}");
        for (g, w) in got.iter().zip(want) {
            assert_eq!(
                (g.0, g.1, g.3, g.4),
                (w.0, w.1, w.3, w.4),
                "{text}: {got:?}"
            );
            match (g.2, w.2) {
                (Some(a), Some(b)) => {
                    assert!((a - b).abs() <= b.abs() * 1e-9, "{text}: {a} != {b}")
                }
                (a, b) => assert_eq!(a, b, "{text}"),
            }
        }
    }

    #[test]
    fn ranks_after_a_verb_or_a_scope_and_with_full_width_digits() {
        use Kind::Rank;
        let cases: &[(&str, Want<'_>)] = &[
            (
                "2023年GDP总量居全国首位。",
                ("居全国首位", Rank, Some(1.0), None, None),
            ),
            (
                "规上工业增加值位居全省第一，",
                ("位居全省第一", Rank, Some(1.0), None, None),
            ),
            (
                "在评选中获得第一名。",
                ("第一名", Rank, Some(1.0), None, None),
            ),
            (
                "综合实力排名全国第五位。",
                ("排名全国第五位", Rank, Some(5.0), None, None),
            ),
            (
                "已成为全国第二大汽车生产基地",
                ("全国第二大", Rank, Some(2.0), None, None),
            ),
            ("多项指标名列前茅。", ("名列前茅", Rank, None, None, None)),
            (
                "主要经济指标增速居省前列。",
                ("居省前列", Rank, None, None, None),
            ),
            (
                "增速居全市第３位。",
                ("居全市第３位", Rank, Some(3.0), None, None),
            ),
            (
                "深圳排在第4，仅次于纽约",
                ("排在第4", Rank, Some(4.0), None, None),
            ),
            (
                "中国有4个城市跻身前20。",
                ("跻身前20", Rank, Some(20.0), None, None),
            ),
            (
                "江苏26席全国居首。",
                ("全国居首", Rank, Some(1.0), None, None),
            ),
            (
                "分别位列榜单第91位、",
                ("位列榜单第91位", Rank, Some(91.0), None, None),
            ),
        ];
        for (text, want) in cases {
            let found = find_figures(text);
            let f = found.iter().find(|f| f.kind == Rank);
            let f = f.unwrap_or_else(|| panic!("{text}: no rank in {found:?}"));
            assert_eq!((f.text.as_str(), f.value), (want.0, want.2), "{text}");
        }
        for text in [
            "入选全国第二批试点城市",
            "全省前三季度工业增加值",
            "全国首个数字电网",
            "第一位女性院士",
        ] {
            let found = find_figures(text);
            assert!(found.iter().all(|f| f.kind != Rank), "{text}: {found:?}");
        }
    }

    #[test]
    fn times_is_growth_after_a_change_verb_and_a_multiple_otherwise() {
        use Kind::*;
        check(
            "出口额增长1.34倍，",
            &[("增长1.34倍", Growth, Some(134.0), Some("%"), None)],
        );
        check(
            "销量同比增长了2倍",
            &[("同比增长了2倍", Growth, Some(200.0), Some("%"), None)],
        );
        check(
            "人均收入是全国平均水平的1.34倍。",
            &[("1.34倍", Ratio, Some(1.34), Some("倍"), None)],
        );
        check(
            "产值达到2019年的2倍",
            &[("2倍", Ratio, Some(2.0), Some("倍"), None)],
        );
        check(
            "经济总量翻一番，",
            &[("翻一番", Ratio, Some(2.0), Some("倍"), None)],
        );
        check(
            "到2035年实现翻两番",
            &[("翻两番", Ratio, Some(4.0), Some("倍"), None)],
        );
        check(
            "超过监管要求2倍以上，",
            &[("2倍", Ratio, Some(2.0), Some("倍"), Some(Approx::MoreThan))],
        );
    }

    #[test]
    fn a_list_shares_its_unit_and_its_verb() {
        use Kind::*;
        check(
            "城乡居民收入分别提高1.2、0.4、2.7个百分点。",
            &[
                ("分别提高1.2", Percent, Some(1.2), Some("个百分点"), None),
                ("0.4", Percent, Some(0.4), Some("个百分点"), None),
                ("2.7个百分点", Percent, Some(2.7), Some("个百分点"), None),
            ],
        );
        check(
            "营收和利润分别增长12%、8.5%。",
            &[
                ("分别增长12%", Growth, Some(12.0), Some("%"), None),
                ("8.5%", Growth, Some(8.5), Some("%"), None),
            ],
        );
        check(
            "能耗和排放分别下降3.1%、2.4%",
            &[
                ("分别下降3.1%", Growth, Some(-3.1), Some("%"), None),
                ("2.4%", Growth, Some(-2.4), Some("%"), None),
            ],
        );
        check(
            "两地分别引进3、5亿元项目",
            &[
                ("3", Money, Some(3e8), Some("元"), None),
                ("5亿元", Money, Some(5e8), Some("元"), None),
            ],
        );
        check(
            "预计年上交税收6-8亿元。",
            &[("6-8亿元", Money, Some(6e8), Some("元"), None)],
        );
        let f = one("运力仅能保证15%至20%");
        assert_eq!(
            (f.text.as_str(), f.value, f.high),
            ("15%至20%", Some(15.0), Some(20.0))
        );
    }

    #[test]
    fn money_without_yuan_and_other_currencies() {
        use Approx::*;
        use Kind::*;
        check(
            "全市GDP达2.3万亿，",
            &[("2.3万亿", Money, Some(2.3e12), Some("元"), None)],
        );
        check(
            "全年营收突破1400亿。",
            &[("1400亿", Money, Some(1.4e11), Some("元"), Some(MoreThan))],
        );
        check(
            "新增地方政府债券28951亿",
            &[("28951亿", Money, Some(2.8951e12), Some("元"), None)],
        );
        check(
            "一个月能挣500块钱",
            &[("500块钱", Money, Some(500.0), Some("元"), None)],
        );
        check(
            "实际使用外资12.5亿美元",
            &[("12.5亿美元", Money, Some(1.25e9), Some("美元"), None)],
        );
        check(
            "收入達到約 4.75 億澳門元",
            &[(
                "4.75 億澳門元",
                Money,
                Some(4.75e8),
                Some("澳门元"),
                Some(About),
            )],
        );
        check(
            "生产总值997.6亿澳门元",
            &[("997.6亿澳门元", Money, Some(9.976e10), Some("澳门元"), None)],
        );
        check(
            "营收300亿港元",
            &[("300亿港元", Money, Some(3e10), Some("港元"), None)],
        );
        check(
            "投资5000万新台币",
            &[("5000万新台币", Money, Some(5e7), Some("新台币"), None)],
        );
        // Not money where nothing of value is measured.
        check(
            "品牌曝光超过20亿。",
            &[("20亿", Count, Some(2e9), None, Some(MoreThan))],
        );
    }

    #[test]
    fn rates_of_change_are_growth_and_points_are_percent() {
        use Approx::*;
        use Kind::*;
        check(
            "一季度GDP增速6.7%，",
            &[("增速6.7%", Growth, Some(6.7), Some("%"), None)],
        );
        check(
            "增速达到6.7%",
            &[("增速达到6.7%", Growth, Some(6.7), Some("%"), None)],
        );
        check(
            "增幅为5.2%",
            &[("增幅为5.2%", Growth, Some(5.2), Some("%"), None)],
        );
        check(
            "增长率为3%",
            &[("增长率为3%", Growth, Some(3.0), Some("%"), None)],
        );
        check(
            "发行进度比去年提高了34%",
            &[("比去年提高了34%", Growth, Some(34.0), Some("%"), None)],
        );
        check(
            "发行进度同比增34%",
            &[("同比增34%", Growth, Some(34.0), Some("%"), None)],
        );
        check(
            "创业板指跌近3%",
            &[("跌近3%", Growth, Some(-3.0), Some("%"), Some(LessThan))],
        );
        check(
            "深成指跌幅达到2.13%",
            &[("跌幅达到2.13%", Growth, Some(-2.13), Some("%"), None)],
        );
        check(
            "股价下跌近三成",
            &[("下跌近三成", Growth, Some(-30.0), Some("%"), Some(LessThan))],
        );
        check(
            "将保持13%左右高增速",
            &[("13%", Growth, Some(13.0), Some("%"), Some(About))],
        );
        check(
            "增幅高出全市水平2.4个百分点",
            &[("2.4个百分点", Percent, Some(2.4), Some("个百分点"), None)],
        );
        check(
            "占比提高2个百分点",
            &[("提高2个百分点", Percent, Some(2.0), Some("个百分点"), None)],
        );
        check(
            "拉动增长10.9个百分点",
            &[(
                "增长10.9个百分点",
                Percent,
                Some(10.9),
                Some("个百分点"),
                None,
            )],
        );
        check(
            "近七成省份正增长",
            &[("七成", Percent, Some(70.0), Some("%"), Some(LessThan))],
        );
        check(
            "渗透率达64.9%，",
            &[("64.9%", Percent, Some(64.9), Some("%"), None)],
        );
    }

    #[test]
    fn enumerations_congresses_dates_and_classes_are_not_figures() {
        for text in [
            "深入学习贯彻党的二十大精神",
            "党的十九大以来",
            "打好三大攻坚战",
            "构建五大产业集群",
            "实施十大工程",
            "聚焦9大产业攻坚小组",
            "开幕时间为11/23",
            "24/7全天候服务",
            "实现两位数增长",
            "培育千亿级产业",
            "迈上万亿元级新台阶",
            "《2023人工智能基础数据服务产业发展白皮书》",
            "举行签约仪式",
            "面临二次创业的十字路口",
            "包含绕城公路和片区开发两部分任务",
            "在前两轮决赛中胜出",
            "一成不变",
        ] {
            let found = find_figures(text);
            assert!(found.is_empty(), "{text}: {found:?}");
        }
    }

    #[test]
    fn a_share_in_so_many_is_one_ratio() {
        use Kind::Ratio;
        check(
            "每3辆车中就有1辆是新能源车",
            &[("每3辆车中就有1辆", Ratio, Some(1.0 / 3.0), None, None)],
        );
        check(
            "每10个人里有3个",
            &[("每10个人里有3个", Ratio, Some(0.3), None, None)],
        );
        check(
            "公交车发车频次仅为平日的一半。",
            &[("一半", Ratio, Some(0.5), None, None)],
        );
        check(
            "近1/3的省份实现两位数增长",
            &[("1/3", Ratio, Some(1.0 / 3.0), None, Some(Approx::LessThan))],
        );
    }

    #[test]
    fn qualifier_words_that_only_look_like_one() {
        use Approx::*;
        use Kind::*;
        check(
            "共签约33个项目",
            &[("33个", Count, Some(33.0), Some("个"), None)],
        );
        check(
            "一口气签约8个项目",
            &[("8个", Count, Some(8.0), Some("个"), None)],
        );
        check(
            "误差不能超过1微米",
            &[("1微米", Quantity, Some(1.0), Some("微米"), Some(LessThan))],
        );
        check(
            "给予每个最高5000元补贴",
            &[("5000元", Money, Some(5000.0), Some("元"), Some(LessThan))],
        );
        check(
            "约占全国的41%，",
            &[("41%", Percent, Some(41.0), Some("%"), Some(About))],
        );
        check(
            "通过3项认证",
            &[("3项", Count, Some(3.0), Some("项"), None)],
        );
    }

    proptest::proptest! {
        #[test]
        fn ranges_are_in_order_never_overlap_and_never_panic(s in "(\\PC|[0-9.%万亿元项家第全国首位分之/—])*") {
            let n = s.chars().count();
            let found = find_figures(&s);
            let mut last_end = 0;
            for f in &found {
                proptest::prop_assert!(f.start < f.end && f.end <= n);
                proptest::prop_assert!(f.start >= last_end, "overlap in {s:?}: {found:?}");
                last_end = f.end;
                let text: String = s.chars().skip(f.start).take(f.end - f.start).collect();
                proptest::prop_assert_eq!(&text, &f.text);
            }
        }
    }
}
