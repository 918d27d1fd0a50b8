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
}

const fn u(text: &'static str, kind: Kind, base: &'static str, factor: f64) -> Unit {
    Unit {
        text,
        kind,
        base,
        factor,
    }
}

/// Units, longest first within each group so that 万亿元 wins over 元.
static UNITS: &[Unit] = &[
    u("万亿元", Kind::Money, "元", 1e12),
    u("千亿元", Kind::Money, "元", 1e11),
    u("百亿元", Kind::Money, "元", 1e10),
    u("亿美元", Kind::Money, "美元", 1e8),
    u("万美元", Kind::Money, "美元", 1e4),
    u("亿欧元", Kind::Money, "欧元", 1e8),
    u("亿港元", Kind::Money, "港元", 1e8),
    u("亿元", Kind::Money, "元", 1e8),
    u("億元", Kind::Money, "元", 1e8),
    u("千万元", Kind::Money, "元", 1e7),
    u("百万元", Kind::Money, "元", 1e6),
    u("万元", Kind::Money, "元", 1e4),
    u("萬元", Kind::Money, "元", 1e4),
    u("美元", Kind::Money, "美元", 1.0),
    u("欧元", Kind::Money, "欧元", 1.0),
    u("港元", Kind::Money, "港元", 1.0),
    u("元", Kind::Money, "元", 1.0),
    u("千克标煤", Kind::Quantity, "千克标煤", 1.0),
    u("亿亿次/秒", Kind::Quantity, "次/秒", 1e16),
    u("万亿次/秒", Kind::Quantity, "次/秒", 1e12),
    u("亿次/秒", Kind::Quantity, "次/秒", 1e8),
    u("次/秒", Kind::Quantity, "次/秒", 1.0),
    u("GWh", Kind::Quantity, "GWh", 1.0),
    u("MWh", Kind::Quantity, "MWh", 1.0),
    u("kWh", Kind::Quantity, "kWh", 1.0),
    u("GW", Kind::Quantity, "GW", 1.0),
    u("MW", Kind::Quantity, "MW", 1.0),
    u("kW", Kind::Quantity, "kW", 1.0),
    u("万千瓦", Kind::Quantity, "千瓦", 1e4),
    u("千瓦时", Kind::Quantity, "千瓦时", 1.0),
    u("千瓦", Kind::Quantity, "千瓦", 1.0),
    u("万吨", Kind::Quantity, "吨", 1e4),
    u("萬噸", Kind::Quantity, "吨", 1e4),
    u("亿吨", Kind::Quantity, "吨", 1e8),
    u("吨", Kind::Quantity, "吨", 1.0),
    u("噸", Kind::Quantity, "吨", 1.0),
    u("平方公里", Kind::Quantity, "平方公里", 1.0),
    u("平方米", Kind::Quantity, "平方米", 1.0),
    u("万平方米", Kind::Quantity, "平方米", 1e4),
    u("立方米", Kind::Quantity, "立方米", 1.0),
    u("万亩", Kind::Quantity, "亩", 1e4),
    u("亩", Kind::Quantity, "亩", 1.0),
    u("公里", Kind::Quantity, "公里", 1.0),
    u("千米", Kind::Quantity, "千米", 1.0),
    u("毫米", Kind::Quantity, "毫米", 1.0),
    u("厘米", Kind::Quantity, "厘米", 1.0),
    u("微米", Kind::Quantity, "微米", 1.0),
    u("纳米", Kind::Quantity, "纳米", 1.0),
    u("納米", Kind::Quantity, "纳米", 1.0),
    u("米", Kind::Quantity, "米", 1.0),
    u("千克", Kind::Quantity, "千克", 1.0),
    u("公斤", Kind::Quantity, "公斤", 1.0),
    u("克", Kind::Quantity, "克", 1.0),
    u("℃", Kind::Quantity, "℃", 1.0),
    u("毫秒", Kind::Quantity, "毫秒", 1.0),
    u("秒", Kind::Quantity, "秒", 1.0),
    u("万P", Kind::Quantity, "P", 1e4),
    u("PFlops", Kind::Quantity, "PFlops", 1.0),
    u("EFlops", Kind::Quantity, "EFlops", 1.0),
    u("TB", Kind::Quantity, "TB", 1.0),
    u("PB", Kind::Quantity, "PB", 1.0),
];

/// Measure words that make a number a count.
const MEASURE_WORDS: &[&str] = &[
    "台套", "人次", "项", "項", "家", "名", "条", "條", "辆", "輛", "款", "位", "人", "个", "個",
    "台", "臺", "套", "件", "座", "所", "种", "種", "类", "類", "批", "只", "隻", "艘", "架", "户",
    "戶", "处", "處", "支", "份", "场", "場", "篇", "部", "块", "塊", "张", "張", "枚", "颗", "顆",
    "棵", "头", "頭", "户", "例", "宗", "笔", "筆", "亿", "億",
];

/// Words that make a following percent a change: (word, sign).
const CHANGE_VERBS: &[(&str, f64)] = &[
    ("增长", 1.0),
    ("增長", 1.0),
    ("增加", 1.0),
    ("提高", 1.0),
    ("提升", 1.0),
    ("上升", 1.0),
    ("上涨", 1.0),
    ("上漲", 1.0),
    ("增幅", 1.0),
    ("增速", 1.0),
    ("下降", -1.0),
    ("减少", -1.0),
    ("減少", -1.0),
    ("降低", -1.0),
    ("下滑", -1.0),
    ("回落", -1.0),
];

static NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9０-９]+(?:[,，][0-9]{3})*(?:[.．][0-9０-９]+)?|[零〇一二两兩三四五六七八九十百千万萬亿億半]+|[数數]")
        .expect("valid regex")
});

static RANK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?:位居|位列|居于|稳居|跃居|名列|排名|排在|居)?(?:全国|全國|全省|全区|全區|全市|全县|全縣|全球|世界|全(?:广西|廣西|广东|廣東|山东|山東|江苏|江蘇|浙江|河南|河北|湖南|湖北|四川|福建|安徽|江西|陕西|陝西|山西|云南|雲南|贵州|貴州|辽宁|遼寧|吉林|黑龙江|黑龍江|甘肃|甘肅|青海|海南|内蒙古|內蒙古|宁夏|寧夏|新疆|西藏|北京|天津|上海|重庆|重慶))[\p{Han}]{0,4}?(?:第([一二三四五六七八九十]+|[0-9]+)(?:位|名)?|首位|前列|前茅|之首)|(?:世界|中国|中國|全球)500强",
    )
    .expect("valid regex")
});

static FRACTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"([0-9]+)/([0-9]+)|([一二三四五六七八九十]+)分之([一二三四五六七八九十]+)")
        .expect("valid regex")
});

/// 翻番 (doubled, +100%), 翻两番 (quadrupled, +300%).
static DOUBLING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"翻了?([一两兩二三])?番").expect("valid regex"));

static PERCENT_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"百分之([零一二两三四五六七八九十百]+|[0-9]+(?:\.[0-9]+)?)").expect("valid regex")
});

/// What follows a rank and shows it is an ordinal, not a ranking: 全国第二批, 第三届.
const NOT_RANK_AFTER: &[char] = &[
    '批', '届', '屆', '次', '轮', '輪', '期', '代', '季', '款', '家', '个', '個', '项', '條', '条',
];

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
    for c in PERCENT_WORDS.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        if let Some(v) = parse_number(&c[1]) {
            found.push(figure(
                &text[m.range()],
                Kind::Percent,
                Some(v),
                Some("%"),
                None,
                m.start(),
                m.end(),
            ));
        }
    }
    for c in DOUBLING.captures_iter(text) {
        let m = c.get(0).expect("whole match");
        let times = c
            .get(1)
            .and_then(|t| parse_number(t.as_str()))
            .unwrap_or(1.0);
        let value = (2f64.powf(times) - 1.0) * 100.0;
        found.push(figure(
            m.as_str(),
            Kind::Growth,
            Some(value),
            Some("%"),
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

fn rank(text: &str, m: regex::Match<'_>) -> Option<Figure> {
    let s = m.as_str();
    if text[m.end()..].starts_with(NOT_RANK_AFTER) {
        return None;
    }
    let value = if s.contains("首位") || s.contains("之首") {
        Some(1.0)
    } else if s.contains("前列") || s.contains("前茅") || s.ends_with("500强") {
        None
    } else {
        let after = s.rsplit_once('第')?.1.trim_end_matches(['位', '名']);
        Some(parse_number(after)?)
    };
    Some(figure(s, Kind::Rank, value, None, None, m.start(), m.end()))
}

fn fraction(text: &str, c: &regex::Captures<'_>) -> Option<Figure> {
    let m = c.get(0)?;
    let before = text[..m.start()].chars().next_back();
    let after = text[m.end()..].chars().next();
    let (num, den) = match (c.get(1), c.get(2)) {
        (Some(n), Some(d)) => {
            // 10亿亿次/秒 is a unit, 2024/12/20 a date, 1/2/3 a list: none is a ratio.
            let glued = |ch: Option<char>| {
                ch.is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '/' || ch == '.')
            };
            if glued(before) || glued(after) || after.is_some_and(|ch| "秒年月日".contains(ch))
            {
                return None;
            }
            (
                n.as_str().parse::<f64>().ok()?,
                d.as_str().parse::<f64>().ok()?,
            )
        }
        _ => {
            if before == Some('百') {
                return None; // 百分之五 is a percent
            }
            (parse_number(&c[4])?, parse_number(&c[3])?)
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
        None,
        m.start(),
        m.end(),
    ))
}

/// The value of a numeral: Arabic (full-width too, with separators) or Chinese (三, 十五,
/// 一百二十, 两千, 1.2万 is handled by the caller's multiplier).
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
    let (mut total, mut section, mut current) = (0.0f64, 0.0f64, None::<f64>);
    for c in s.chars() {
        if let Some(d) = digit(c) {
            current = Some(d);
            continue;
        }
        let unit = match c {
            '十' => 10.0,
            '百' => 100.0,
            '千' => 1000.0,
            '万' | '萬' => 1e4,
            '亿' | '億' => 1e8,
            _ => return None,
        };
        if unit >= 1e4 {
            section += current.take().unwrap_or(0.0);
            total = (total + section.max(if section == 0.0 { 1.0 } else { 0.0 })) * unit;
            section = 0.0;
        } else {
            section += current.take().unwrap_or(1.0) * unit;
        }
    }
    Some(total + section + current.unwrap_or(0.0))
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

/// Every character that can start what follows a figure's number (a unit, a measure word, a
/// percent sign, 倍, 大, 个百分点): a candidate followed by anything else is rejected at once.
static FOLLOWERS: LazyLock<Vec<char>> = LazyLock::new(|| {
    let mut v: Vec<char> = UNITS
        .iter()
        .map(|u| u.text)
        .chain(MEASURE_WORDS.iter().copied())
        .chain(["%", "％", "倍", "大", "个", "個", "百"])
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

const MORE_BEFORE: &[&str] = &["超过", "超過", "突破", "超", "逾", "过", "過"];
const LESS_BEFORE: &[&str] = &["接近", "不到", "不足", "近"];
const ABOUT_BEFORE: &[&str] = &["大约", "大約", "约", "約"];

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
    let mut rest = &text[end..];
    let mut multiplier = 1.0;
    let mut approx = None;
    // Most candidates are numerals inside ordinary words; what follows rules them out cheaply.
    if !may_follow(rest) && !rest.starts_with(['余', '餘', '多', '来']) {
        return None;
    }
    let several = numeral == "数" || numeral == "數";
    if several && !rest.starts_with(['十', '百', '千', '万', '萬', '亿', '億']) {
        return None;
    }
    let mut value = if several { None } else { parse_number(numeral) };
    if several {
        // 数百倍: "several hundred" has no single value; keep the magnitude word in the text.
        let mag: String = rest
            .chars()
            .take_while(|c| "十百千万萬亿億".contains(*c))
            .collect();
        rest = &rest[mag.len()..];
    }
    if !is_arabic && !several {
        let v = value?;
        // One alone (一是, 一批, 一辆辆) is a word, not a figure; so is a bare magnitude (万吨)
        // unless a qualifier gives it a size (上千家, 近十家).
        let qualified = before.ends_with('上')
            || ends_with_any(before, MORE_BEFORE).is_some()
            || ends_with_any(before, LESS_BEFORE).is_some();
        if (v < 2.0 && !numeral.contains('半'))
            || (numeral.chars().all(|c| "十百千万萬亿億".contains(c))
                && !qualified
                && numeral != "十")
        {
            return None;
        }
    }
    if is_arabic {
        for (word, factor) in [
            ("亿亿", 1e16),
            ("万亿", 1e12),
            ("萬億", 1e12),
            ("亿", 1e8),
            ("億", 1e8),
            ("万", 1e4),
            ("萬", 1e4),
            ("千", 1e3),
        ] {
            let unit_follows = UNITS.iter().any(|u| rest.starts_with(u.text));
            if rest.starts_with(word) && !unit_follows {
                multiplier = factor;
                rest = &rest[word.len()..];
                break;
            }
        }
    }
    if let Some(q) = ["余", "餘", "多", "来"]
        .iter()
        .find(|q| rest.starts_with(**q))
    {
        approx = Some(Approx::MoreThan);
        rest = &rest[q.len()..];
    }
    let mut kind;
    let unit_text: Option<&str>;
    let unit_len;
    let mut factor = 1.0;
    if let Some(unit) = UNITS.iter().find(|u| rest.starts_with(u.text)) {
        kind = unit.kind;
        unit_text = Some(unit.base);
        unit_len = unit.text.len();
        factor = unit.factor;
        let after = rest[unit_len..].chars().next();
        if unit.text.is_ascii() && after.is_some_and(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
    } else if rest.starts_with('%') || rest.starts_with('％') {
        kind = Kind::Percent;
        unit_text = Some("%");
        unit_len = rest.chars().next().map(char::len_utf8).unwrap_or(1);
    } else if let Some(p) = starts_with_any(rest, &["个百分点", "個百分點", "百分点"]) {
        kind = Kind::Percent;
        unit_text = Some("百分点");
        unit_len = p.len();
    } else if rest.starts_with('倍') {
        kind = Kind::Growth;
        unit_text = Some("%");
        unit_len = '倍'.len_utf8();
        value = value.map(|v| v * 100.0);
    } else if rest.starts_with('大') && (!is_arabic || value.is_some_and(|v| v < 100.0)) {
        // 十大技术突破, 9大产业攻坚小组: "N major ..." counts N things.
        kind = Kind::Count;
        unit_text = None;
        unit_len = '大'.len_utf8();
    } else if let Some(w) = starts_with_any(rest, MEASURE_WORDS) {
        if (w == "亿" || w == "億") || rest[w.len()..].starts_with(['年', '月', '日']) {
            return None;
        }
        kind = Kind::Count;
        unit_text = Some(w);
        unit_len = w.len();
    } else if multiplier > 1.0 && is_arabic {
        // 超过20亿: a large count with its measure word left out.
        kind = Kind::Count;
        unit_text = None;
        unit_len = 0;
    } else {
        return None;
    }
    if rest[unit_len..].starts_with(['年', '月', '日', '号', '號', '时', '時'])
        && kind == Kind::Count
    {
        return None;
    }
    let mut fig_end = text.len() - rest.len() + unit_len;
    // Qualifiers after the figure.
    let after = &text[fig_end..];
    if starts_with_any(after, &["以上", "多"]).is_some() {
        approx = approx.or(Some(Approx::MoreThan));
    } else if starts_with_any(after, &["左右", "上下"]).is_some() {
        approx = Some(Approx::About);
    }
    // Qualifiers and verbs before it.
    let mut fig_start = start;
    let verb = change_verb(before).filter(|_| matches!(kind, Kind::Percent | Kind::Growth));
    if let Some((verb_start, sign)) = verb {
        kind = Kind::Growth;
        fig_start = verb_start;
        if sign < 0.0 {
            value = value.map(|v| -v);
        }
    }
    if approx.is_none() {
        // 上千家, 上万家: "upwards of"; before an Arabic number 上 is a verb (迈上3万亿元).
        if ends_with_any(before, MORE_BEFORE).is_some() || (!is_arabic && before.ends_with('上')) {
            approx = Some(Approx::MoreThan);
        } else if ends_with_any(before, LESS_BEFORE).is_some() {
            approx = Some(Approx::LessThan);
        } else if ends_with_any(before, ABOUT_BEFORE).is_some() {
            approx = Some(Approx::About);
        }
    }
    let value = value.map(|v| v * multiplier * factor);
    let mut f = figure(
        &text[fig_start..fig_end],
        kind,
        value,
        unit_text,
        approx,
        fig_start,
        fig_end,
    );
    // A range: 3℃—5℃ keeps the low end as value and the high end apart.
    let after = &text[fig_end..];
    if let Some(dash) = ["—", "–", "-", "～", "~", "至", "到"]
        .iter()
        .find(|d| after.starts_with(**d))
    {
        let next = &after[dash.len()..];
        if let Some(m) = NUMBER.find(next).filter(|m| m.start() == 0) {
            let unit_after = &next[m.end()..];
            if let Some(u) =
                unit_text.filter(|u| unit_after.starts_with(*u) && kind == Kind::Quantity)
            {
                fig_end += dash.len() + m.end() + u.len();
                f.high = parse_number(m.as_str()).map(|v| v * factor);
                f.text = text[fig_start..fig_end].to_string();
                f.end = fig_end;
            }
        }
    }
    Some(f)
}

/// The start (byte) of a change verb such as 增长, 同比增长 or 同比大幅增长 ending `before`, and its sign.
fn change_verb(before: &str) -> Option<(usize, f64)> {
    let (verb, sign) = CHANGE_VERBS.iter().find(|(v, _)| before.ends_with(v))?;
    let mut start = before.len() - verb.len();
    if let Some(adverb) = ends_with_any(
        &before[..start],
        &["大幅", "快速", "稳步", "穩步", "年均", "平均"],
    ) {
        start -= adverb.len();
    }
    if let Some(lead) = ends_with_any(
        &before[..start],
        &["同比", "环比", "環比", "较上年", "比上年"],
    ) {
        start -= lead.len();
    }
    Some((start, *sign))
}

/// In 同比增长155.1%、109.9%、99.4%, the later percents are changes too.
fn inherit_list_kinds(text: &str, figures: &mut [Figure]) {
    // Figures are in order, so one forward walk finds each one-character gap.
    let mut chars = text.chars().enumerate();
    for i in 1..figures.len() {
        let (prev, cur) = (&figures[i - 1], &figures[i]);
        if prev.kind != Kind::Growth || cur.kind != Kind::Percent || cur.start != prev.end + 1 {
            continue;
        }
        let gap = chars.by_ref().find(|(n, _)| *n == prev.end).map(|(_, c)| c);
        if matches!(gap, Some('、' | '，' | ',')) {
            figures[i].kind = Kind::Growth;
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
            (
                "企业数量翻番,",
                "翻番",
                Growth,
                Some(100.0),
                Some("%"),
                None,
            ),
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
                Growth,
                Some(2.0),
                Some("百分点"),
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
                Percent,
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
                Some("百分点"),
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
            ("实现十大技术突破", "十大", Count, Some(10.0), None, None),
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
                None,
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
                Kind::Growth,
                0.5,
                "百分点",
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
            ("世界500强", Kind::Rank, None)
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
        ];
        for t in texts {
            let found = find_figures(t);
            assert!(found.is_empty(), "{t}: {found:?}");
        }
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
