//! Measures: what each key figure quantifies, named as an analyst would name it
//! (`新能源汽车产量`, `规上工业增加值增速`, `地区生产总值`), over which period (`2024年`,
//! `1—11月`, `前三季度`) and whether it reports an actual or states a target (`到2025年`, `力争`).
//!
//! The vocabulary (head nouns, abbreviations, synonyms) comes from the `[measures]` section of
//! the config, so a user can teach it the words of their own field.

use crate::figures::{Figure, Kind};
use crate::search::fold::fold_char;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The `[measures]` section of the config: the words measures are made of.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeasureConfig {
    /// Nouns that end a measure's name (`产量`, `增加值`, `渗透率`).
    pub heads: Vec<String>,
    /// Abbreviations inside names: the short word, then the words it stands for
    /// (`规上` for `规模以上`).
    pub words: BTreeMap<String, Vec<String>>,
    /// Whole measures: the canonical name, then the other names it goes by
    /// (`地区生产总值` for `GDP` and `经济总量`).
    pub names: BTreeMap<String, Vec<String>>,
}

/// What a figure measures, when it is a period and whether it is a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Measure {
    /// The measure's name: `新能源汽车产量`, `规上工业增加值增速`.
    pub name: String,
    /// The period the figure covers, as written: `2024年`, `1—11月`, `前三季度`, `到2027年`.
    pub period: Option<String>,
    /// Whether the figure is a target or forecast rather than an actual.
    pub is_target: bool,
}

impl Measure {
    /// The measure in a few words: its name, its period, `目标` for a target
    /// (`新能源汽车产量 2024年`, `规上工业总产值 到2027年 目标`).
    pub fn label(&self) -> String {
        let mut s = self.name.clone();
        if let Some(p) = &self.period {
            s.push(' ');
            s.push_str(p);
        }
        if self.is_target {
            s.push_str(" 目标");
        }
        s
    }
}

/// A [`MeasureConfig`] made ready for matching: every word folded, longest first.
#[derive(Debug, Clone)]
pub struct Vocabulary {
    /// Head nouns and known names (folded), with the canonical name for known names.
    heads: Vec<(Vec<char>, Option<String>)>,
    /// Abbreviation variants (folded) and the short word they become.
    words: Vec<(Vec<char>, Vec<char>)>,
    /// Any name a measure goes by (folded) to its canonical name.
    names: HashMap<String, String>,
}

fn folded(s: &str) -> Vec<char> {
    s.chars().map(fold_char).collect()
}

impl Vocabulary {
    /// The vocabulary of `config`.
    pub fn new(config: &MeasureConfig) -> Vocabulary {
        let mut words: Vec<(Vec<char>, Vec<char>)> = Vec::new();
        for (short, variants) in &config.words {
            for v in variants {
                words.push((folded(v), folded(short)));
            }
        }
        words.sort_by_key(|(v, _)| std::cmp::Reverse(v.len()));
        let canon = |s: &str| -> Vec<char> { apply_words(&folded(s), &words) };
        let mut names = HashMap::new();
        let mut heads: Vec<(Vec<char>, Option<String>)> = Vec::new();
        for (name, synonyms) in &config.names {
            for n in std::iter::once(name).chain(synonyms) {
                let key = canon(n);
                names.insert(key.iter().collect::<String>(), name.clone());
                heads.push((key, Some(name.clone())));
            }
        }
        for h in &config.heads {
            heads.push((canon(h), None));
        }
        heads.retain(|(h, _)| !h.is_empty());
        heads.sort_by_key(|(h, _)| std::cmp::Reverse(h.len()));
        Vocabulary {
            heads,
            words,
            names,
        }
    }

    /// The canonical name of `name`, if the vocabulary knows it under another name.
    fn canonical(&self, name: &[char]) -> Option<&str> {
        self.names
            .get(
                &name
                    .iter()
                    .map(|c| c.to_ascii_lowercase())
                    .collect::<String>(),
            )
            .map(String::as_str)
    }
}

impl Default for Vocabulary {
    fn default() -> Vocabulary {
        Vocabulary::new(&crate::config::Config::default().measures)
    }
}

/// `s` with every abbreviation variant replaced by its short word (规模以上 becomes 规上).
fn apply_words(s: &[char], words: &[(Vec<char>, Vec<char>)]) -> Vec<char> {
    let mut out = Vec::with_capacity(s.len());
    let mut i = 0;
    'outer: while i < s.len() {
        for (v, short) in words {
            if same(&s[i..(i + v.len()).min(s.len())], v) {
                out.extend_from_slice(short);
                i += v.len();
                continue 'outer;
            }
        }
        out.push(s[i]);
        i += 1;
    }
    out
}

/// The text as measures are read from it: simplified, full-width folded, case kept (GDP).
fn display_chars(text: &str) -> Vec<char> {
    text.chars()
        .map(|c| {
            let f = fold_char(c);
            match c as u32 {
                _ if c.is_ascii() => c,
                // Full-width letters and digits become half-width, keeping their case.
                u @ 0xFF01..=0xFF5E => char::from_u32(u - 0xFEE0).unwrap_or(f),
                _ => f,
            }
        })
        .collect()
}

/// Whether two runs of characters are equal, ASCII case aside (GDP is gdp).
fn same(a: &[char], b: &[char]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.eq_ignore_ascii_case(y))
}

fn starts(s: &[char], w: &str) -> bool {
    let mut it = s.iter();
    w.chars().all(|c| it.next() == Some(&c))
}

fn ends(s: &[char], w: &str) -> bool {
    let n = w.chars().count();
    s.len() >= n && starts(&s[s.len() - n..], w)
}

fn find(s: &[char], w: &str) -> Option<usize> {
    let w: Vec<char> = w.chars().collect();
    if w.is_empty() || w.len() > s.len() {
        return None;
    }
    (0..=s.len() - w.len()).find(|&i| s[i..i + w.len()] == w[..])
}

fn rfind(s: &[char], w: &str) -> Option<usize> {
    let w: Vec<char> = w.chars().collect();
    if w.is_empty() || w.len() > s.len() {
        return None;
    }
    (0..=s.len() - w.len())
        .rev()
        .find(|&i| s[i..i + w.len()] == w[..])
}

fn is_sentence_stop(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '；' | '\n' | '!' | '?' | ';')
}

fn is_clause_stop(c: char) -> bool {
    is_sentence_stop(c) || matches!(c, '，' | ',' | '：' | ':' | '（' | '(' | '）' | ')')
}

/// Words in front of a measure that say when, where or how, never what.
const LEADING: &[&str] = &[
    "其中",
    "同时",
    "此外",
    "另外",
    "而且",
    "并且",
    "目前",
    "当前",
    "截至目前",
    "截至",
    "截止",
    "全年",
    "今年",
    "去年",
    "上年",
    "当年",
    "年内",
    "近年来",
    "这一年",
    "以来",
    "全市",
    "全省",
    "全区",
    "全县",
    "全国",
    "我市",
    "我省",
    "我区",
    "该市",
    "本市",
    "该区",
    "该省",
    "全",
    "已经",
    "已",
    "累计",
    "共计",
    "共有",
    "共",
    "实现",
    "完成",
    "拥有",
    "达到",
    "达",
    "为",
    "是",
    "的",
    "在",
    "有",
    "其",
    "一是",
    "二是",
    "三是",
    "四是",
    "五是",
    "那",
    "而",
    "则",
    "和",
    "及",
    "将",
    "力争",
    "预计",
    "计划",
    "争取",
    "确保",
    "有望",
    "要",
    "前三季度",
    "上半年",
    "下半年",
    "一季度",
    "二季度",
    "三季度",
    "四季度",
    "每年",
    "年均",
    "同比",
    "全力",
    "推动",
    "推进",
    "使",
    "让",
    "带动",
    "促进",
    "培育出",
    "培育",
    "打造了",
    "打造",
    "建成",
    "承担",
    "获得",
    "突破",
    "引进",
    "集聚",
    "聚集",
    "制定了",
    "制定",
    "牵头",
    "涵盖",
    "涉及",
    "新建",
    "期内",
    "项目实施期内",
    "主持人",
    "记者",
    "获悉",
    "显示",
    "数据显示",
    "以",
    "、",
    "左右",
    "以上",
    "多",
    "余",
];

/// Words after a measure that join it to its number.
const TRAILING: &[&str] = &[
    "达到",
    "达",
    "突破",
    "超过",
    "超",
    "逾",
    "接近",
    "近",
    "约",
    "为",
    "是",
    "有",
    "共计",
    "合计",
    "总计",
    "共",
    "分别",
    "同比",
    "比上年",
    "较上年",
    "比去年",
    "较去年",
    "大幅",
    "增长",
    "提高",
    "提升",
    "实现",
    "完成",
    "控制在",
    "保持",
    "保持在",
    "在",
    "已经",
    "已",
    "累计",
    "将",
    "力争",
    "预计",
    "有望",
    "要",
    "的",
    "过",
    "迈上",
    "稳定在",
    "占",
    "至",
    "年均",
    "平均",
    "均",
    "都",
    "也",
    "仍",
    "再",
    "继续",
    "首次",
    "一举",
    "成功",
    "创下",
    "跃居",
    "位居",
    "居",
    "排名",
    "达到了",
    "了",
    "等",
    "还",
    "就",
    "将超",
    "涉及",
    "涵盖",
    "拥有",
    "中",
    "包括",
];

/// Verbs before a count that say the thing was produced or sold: the measure is the output.
const OUTPUT_VERBS: &[(&str, &str)] = &[
    ("完成生产", "产量"),
    ("生产", "产量"),
    ("产出", "产量"),
    ("产销", "产销量"),
    ("销售", "销量"),
    ("售出", "销量"),
];

/// Characters that end a noun phrase worth counting: 企业, 项目, 平台, 人才 ...
const COUNT_NOUN_ENDS: &str =
    "业目台室才人地区心准品术置药构线家所院校点站库厂园链群类员户单件车船机场口项路道";

/// Verbs in a count's clause before what is counted: 承担[广西科技项目]47项.
const COUNT_VERBS: &[&str] = &[
    "承担",
    "获得",
    "突破",
    "培育",
    "建成",
    "拥有",
    "引进",
    "新增",
    "制定了",
    "制定",
    "形成",
    "累计",
    "集聚",
    "聚集",
    "落地",
    "签约",
    "开工",
    "建设",
    "认定",
    "入选",
    "获批",
];

fn strip_leading(mut s: Vec<char>) -> Vec<char> {
    loop {
        let before = s.len();
        // A year, month or range of them: 2024年, 1—11月, 1月至11月, 12月24日.
        let digits = s.iter().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 {
            let rest = &s[digits..];
            if starts(rest, "年底") || starts(rest, "年末") {
                s.drain(..digits + 2);
            } else if rest
                .first()
                .is_some_and(|c| matches!(c, '年' | '月' | '日' | '—' | '-' | '–' | '~' | '至'))
            {
                s.drain(..digits + 1);
            }
        }
        for w in LEADING {
            if starts(&s, w) && s.len() > w.chars().count() {
                s.drain(..w.chars().count());
                break;
            }
        }
        // A place name in front: 柳州新能源汽车产量 measures 新能源汽车产量.
        for len in (2..=4).rev() {
            if s.len() <= len + 1 {
                continue;
            }
            let head: String = s[..len].iter().collect();
            if !crate::regions::gazetteer().lookup(&head).is_empty() {
                s.drain(..len);
                while matches!(s.first(), Some('市' | '省' | '区' | '县')) && s.len() > 2 {
                    s.remove(0);
                }
                break;
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

fn strip_trailing(mut s: Vec<char>) -> Vec<char> {
    loop {
        let before = s.len();
        for w in TRAILING {
            if ends(&s, w) {
                s.truncate(s.len() - w.chars().count());
                break;
            }
        }
        if s.len() == before {
            return s;
        }
    }
}

/// Where the figure's subject is: the rightmost head or known name in `s`, as (start, end,
/// canonical name if a known one).
fn rightmost_head<'v>(
    s: &[char],
    vocab: &'v Vocabulary,
) -> Option<(usize, usize, Option<&'v str>)> {
    let mut best: Option<(usize, usize, Option<&str>)> = None;
    for (h, canon) in &vocab.heads {
        if h.len() > s.len() {
            continue;
        }
        if let Some(i) = (0..=s.len() - h.len())
            .rev()
            .find(|&i| same(&s[i..i + h.len()], h))
        {
            let end = i + h.len();
            let better = match best {
                None => true,
                Some((bs, be, _)) => end > be || (end == be && i < bs),
            };
            if better {
                best = Some((i, end, canon.as_deref()));
            }
        }
    }
    best
}

/// The name in `subject` (simplified, abbreviations applied): up to its rightmost head noun,
/// without what comes before the last little word that ends a clause part.
fn name_from(subject: &[char], vocab: &Vocabulary) -> Option<Vec<char>> {
    let s = strip_trailing(strip_leading(apply_words(subject, &vocab.words)));
    if s.is_empty() {
        return None;
    }
    if let Some((start, end, canon)) = rightmost_head(&s, vocab) {
        if let Some(c) = canon {
            // A known name in front of a generic head (地区生产总值增速) keeps the head.
            let rest = &s[end..];
            if rest.is_empty() {
                return Some(c.chars().collect());
            }
        }
        let mut name = s[..end].to_vec();
        // Long phrases hold more than the measure: keep what follows the last 的, 内, 中 ...
        let cut = name[..start.min(name.len())].iter().rposition(|c| {
            matches!(
                c,
                '的' | '内' | '中' | '对' | '把' | '了' | '在' | '将' | '、' | '与' | '以'
            )
        });
        if let Some(cut) = cut.filter(|_| name.len() > 9) {
            name.drain(..=cut);
        }
        let name = strip_leading(name);
        // A head alone (数量, 产值) says nothing of what is measured.
        let bare = canon.is_none() && name.len() == end - start;
        if !bare && name.len() >= 2 && name.len() <= 16 {
            return Some(name);
        }
        return None;
    }
    // No head noun: a count names what is counted; an output verb names the output.
    for (verb, head) in OUTPUT_VERBS {
        if let Some(i) = rfind(&s, verb)
            && i + verb.chars().count() == s.len()
            && i >= 2
        {
            let mut name = s[..i].to_vec();
            name.extend(head.chars());
            return Some(name);
        }
    }
    None
}

/// The noun a count counts, from the words after the figure: 6家[湖北实验室]集聚.
fn counted_after(after: &[char]) -> Option<Vec<char>> {
    let stop = after
        .iter()
        .position(|&c| is_clause_stop(c) || matches!(c, '、' | '的' | '和' | '与' | '及'))
        .unwrap_or(after.len());
    let mut noun: Vec<char> = after[..stop].to_vec();
    for w in [
        "中", "进入", "落子", "集聚", "来自", "体验", "拿到", "从", "在", "为", "参与", "以上",
        "左右", "以",
    ] {
        if let Some(i) = find(&noun, w) {
            noun.truncate(i);
        }
    }
    is_count_noun(&noun).then_some(noun)
}

fn is_count_noun(s: &[char]) -> bool {
    s.len() >= 2
        && s.len() <= 12
        && s.last().is_some_and(|c| COUNT_NOUN_ENDS.contains(*c))
        && s.iter().all(|c| {
            crate::text::is_han(*c) || c.is_ascii_alphabetic() || matches!(c, '“' | '”' | '"')
        })
}

/// The name of what a count counts: the noun before it (培育专精特新企业[149家]) or after it.
fn count_name(subject: &[char], after: &[char]) -> Option<Vec<char>> {
    let mut s = strip_trailing(strip_leading(subject.to_vec()));
    // What follows the last verb is what is counted; what follows 等 names a list's kind.
    let cut = COUNT_VERBS
        .iter()
        .filter_map(|v| rfind(&s, v).map(|i| i + v.chars().count()))
        .chain(s.iter().rposition(|&c| c == '等').map(|i| i + 1))
        .max();
    if let Some(cut) = cut.filter(|&c| c < s.len()) {
        s = strip_leading(s[cut..].to_vec());
    }
    let mut noun = if is_count_noun(&s) {
        Some(s)
    } else {
        counted_after(after)
    }?;
    noun.retain(|c| !matches!(c, '“' | '”' | '"'));
    noun.extend("数量".chars());
    Some(noun)
}

/// The items of an enumeration in `clause`: 锂离子电池、新能源汽车、服务机器人.
fn enumeration(clause: &[char]) -> Vec<Vec<char>> {
    let mut items: Vec<Vec<char>> = clause.split(|&c| c == '、').map(|p| p.to_vec()).collect();
    if items.len() < 2 {
        // 甲和乙: two items.
        for sep in ['和', '及', '与'] {
            if let Some(i) = clause.iter().position(|&c| c == sep) {
                items = vec![clause[..i].to_vec(), clause[i + 1..].to_vec()];
                break;
            }
        }
        if items.len() < 2 {
            return Vec::new();
        }
    }
    // The last may be 乙和丙: split it too.
    if let Some(last) = items.pop() {
        match last.iter().position(|&c| matches!(c, '和' | '及' | '与')) {
            Some(i) if i >= 2 && last.len() - i > 2 => {
                items.push(last[..i].to_vec());
                items.push(last[i + 1..].to_vec());
            }
            _ => items.push(last),
        }
    }
    // The first may carry what leads up to it, the last what follows it.
    if let Some(first) = items.first_mut() {
        *first = strip_leading(std::mem::take(first));
        for w in ["那", "而", "则", "如", "像", "包括", "是"] {
            if starts(first, w) && first.len() > 2 {
                first.drain(..w.chars().count());
            }
        }
    }
    if let Some(last) = items.last_mut() {
        for w in ["就是", "都是", "是", "等", "为", "成为", "均", "都", "的"] {
            if let Some(i) = find(last, w).filter(|&i| i >= 2) {
                last.truncate(i);
            }
        }
    }
    items
}

/// The period before position `at` in `s` (a sentence) and whether it is a target's deadline.
fn period(s: &[char], at: usize, year: Option<i32>) -> (Option<String>, bool) {
    let before = &s[..at.min(s.len())];
    let mut year_text: Option<(usize, String)> = None;
    let mut target = false;
    let mut i = 0;
    while i < before.len() {
        let digits = before[i..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count();
        if digits == 4
            && before.get(i + 4) == Some(&'年')
            && (i == 0 || !before[i - 1].is_ascii_digit())
        {
            let y: String = before[i..i + 4].iter().collect();
            let is_deadline = i > 0 && matches!(before[i - 1], '到' | '至');
            let shown = if is_deadline {
                format!("到{y}年")
            } else if starts(&before[i + 5..], "底") || starts(&before[i + 5..], "末") {
                format!("{y}年底")
            } else {
                format!("{y}年")
            };
            let future = year.is_some_and(|by| y.parse::<i32>().is_ok_and(|y| y > by));
            target = is_deadline || future;
            year_text = Some((i, shown));
            i += 5;
            continue;
        }
        i += digits.max(1);
    }
    for (w, delta) in [("今年", 0), ("去年", -1), ("上年", -1), ("明年", 1)] {
        if let Some(p) = rfind(before, w)
            && year_text.as_ref().is_none_or(|(at, _)| p > *at)
        {
            let shown = match year {
                Some(y) => format!("{}年", y + delta),
                None => w.to_string(),
            };
            year_text = Some((p, shown));
            target = delta > 0;
        }
    }
    // Months and quarters after the year (or alone).
    let from = year_text.as_ref().map_or(0, |(p, _)| *p);
    let tail = &before[from..];
    let mut part: Option<String> = None;
    for w in [
        "前三季度",
        "前两季度",
        "一季度",
        "二季度",
        "三季度",
        "四季度",
        "上半年",
        "下半年",
        "全年",
        "十四五",
    ] {
        if find(tail, w).is_some() {
            part = Some(w.to_string());
            break;
        }
    }
    if part.is_none() {
        // 1—11月, 1-11月, 1月至11月, 1至11月.
        let mut j = 0;
        while j < tail.len() {
            let d1 = tail[j..].iter().take_while(|c| c.is_ascii_digit()).count();
            if (1..=2).contains(&d1) && (j == 0 || !tail[j - 1].is_ascii_digit()) {
                let a: String = tail[j..j + d1].iter().collect();
                let mut k = j + d1;
                if tail.get(k) == Some(&'月') {
                    k += 1;
                }
                if tail
                    .get(k)
                    .is_some_and(|c| matches!(c, '—' | '-' | '–' | '~' | '至' | '到'))
                {
                    k += 1;
                    let d2 = tail[k..].iter().take_while(|c| c.is_ascii_digit()).count();
                    if (1..=2).contains(&d2) && tail.get(k + d2) == Some(&'月') {
                        let b: String = tail[k..k + d2].iter().collect();
                        part = Some(format!("{a}—{b}月"));
                        j = k + d2 + 1;
                        continue;
                    }
                }
            }
            j += d1.max(1);
        }
    }
    let text = match (year_text, part) {
        (Some((_, y)), Some(p)) if p != "十四五" => Some(format!("{y}{p}")),
        (Some((_, y)), _) => Some(y),
        (None, Some(p)) => Some(p),
        (None, None) => None,
    };
    (text, target)
}

/// Words in a figure's sentence (before it) that make it a target rather than an actual.
const TARGET_WORDS: &[&str] = &[
    "力争", "目标", "预计", "计划", "争取", "确保", "有望", "预期", "规划",
];

/// Whether the clause up to a figure says it will be (将超, 要达到, 每年…以上).
fn clause_is_target(clause: &[char], after: &[char]) -> bool {
    let after_clause: Vec<char> = after
        .iter()
        .take_while(|&&c| !is_clause_stop(c))
        .copied()
        .collect();
    ["将", "要", "每年", "年均"]
        .iter()
        .any(|w| find(clause, w).is_some())
        || (find(clause, "每年").is_some() && find(&after_clause, "以上").is_some())
}

/// Finds, for each of `figures` (found in `text`, offsets in characters), the measure it
/// quantifies; `year` is the year of the briefing (for 今年 and for telling targets).
pub fn measure_figures(
    text: &str,
    figures: &[Figure],
    vocab: &Vocabulary,
    year: Option<i32>,
) -> Vec<Option<Measure>> {
    let raw = display_chars(text);
    let t = raw;
    let mut out: Vec<Option<Measure>> = vec![None; figures.len()];
    // Sentence starts, to find each figure's sentence and the one before it.
    let mut bounds = vec![0];
    for (i, &c) in t.iter().enumerate() {
        if is_sentence_stop(c) {
            bounds.push(i + 1);
        }
    }
    bounds.push(t.len());
    let sentence_of = |pos: usize| -> (usize, usize, usize) {
        let k = bounds.partition_point(|&b| b <= pos).saturating_sub(1);
        let prev = if k > 0 { bounds[k - 1] } else { bounds[k] };
        (
            prev,
            bounds[k],
            bounds.get(k + 1).copied().unwrap_or(t.len()),
        )
    };
    // The sentence start, name and kind of the last measure found, for figures that share it.
    let mut last: Option<(usize, Vec<char>, Kind)> = None;
    // The measure of a whole (41个大类中的…) for the part that follows it.
    let mut whole: Option<Vec<char>> = None;
    let mut i = 0;
    while i < figures.len() {
        let f = &figures[i];
        if f.start > t.len() || f.end > t.len() {
            i += 1;
            continue;
        }
        let (prev_start, s_start, s_end) = sentence_of(f.start);
        if last.as_ref().is_some_and(|(s, _, _)| *s != s_start) {
            last = None;
        }
        // The figures listed together: 55.5GWh、185万台套和1780万件.
        let mut group = vec![i];
        while let Some(next) = figures.get(group[group.len() - 1] + 1) {
            let prev = &figures[group[group.len() - 1]];
            if next.start > s_end || next.start < prev.end {
                break;
            }
            let between: String = t[prev.end..next.start].iter().collect();
            if between.chars().count() <= 2
                && between
                    .chars()
                    .all(|c| matches!(c, '、' | '和' | '及' | '与' | ' '))
                && !between.is_empty()
            {
                group.push(group[group.len() - 1] + 1);
            } else {
                break;
            }
        }
        let whole_clause_start = t[s_start..f.start]
            .iter()
            .rposition(|&c| is_clause_stop(c))
            .map_or(s_start, |p| s_start + p + 1);
        let mut clause_start = whole_clause_start;
        // A figure before in the same clause ends what this one's subject can be: 6条铁路干线、
        // [8条高速公路].
        if let Some(p) = i.checked_sub(1).map(|p| &figures[p])
            && p.end > clause_start
            && p.end <= f.start
        {
            clause_start = p.end;
        }
        let clause = &t[clause_start..f.start];
        let after = &t[figures[group[group.len() - 1]].end..s_end];
        // 41个大类中的34个: the first is the whole the second is part of, not the region's own:
        // its measure goes to the part.
        let is_whole = figures.get(group[group.len() - 1] + 1).is_some_and(|next| {
            next.start <= s_end && ends(&t[figures[group[group.len() - 1]].end..next.start], "中的")
        });
        let sentence = &t[s_start..s_end];
        let (when, deadline) = period(sentence, f.start - s_start, year);
        let is_target = deadline
            || TARGET_WORDS
                .iter()
                .any(|w| find(&t[s_start..f.start], w).is_some())
            || clause_is_target(&t[whole_clause_start..f.start], after);
        // What the clause shares: 占全国的 makes a share of the whole.
        let share = share_suffix(clause);
        let subject_end = share.as_ref().map_or(clause.len(), |(at, _)| *at);
        let subject = &clause[..subject_end];
        let names: Vec<Option<Vec<char>>> = if group.len() > 1 || find(subject, "分别").is_some()
        {
            let core_end = find(subject, "分别").unwrap_or(subject.len());
            let core = strip_leading(subject[..core_end].to_vec());
            list_names(&core, group.len(), &t[prev_start..s_start], vocab)
        } else {
            vec![None]
        };
        for (k, &fi) in group.iter().enumerate() {
            let fig = &figures[fi];
            let mut name = names.get(k).cloned().flatten();
            if k == 0 && !is_whole {
                name = name.or(whole.take());
            }
            if name.is_none() && k == 0 {
                name = match fig.kind {
                    Kind::Count => name_from(subject, vocab).or_else(|| count_name(subject, after)),
                    _ => name_from(subject, vocab),
                };
            }
            if name.is_none() && k > 0 {
                // A list whose items could not be told apart shares one measure.
                name = out[group[0]].as_ref().map(|m| m.name.chars().collect());
            }
            let base = name.clone().or_else(|| {
                // 同比增长76.0%, 位居全国第一: the measure of the figure just before.
                let empty = strip_trailing(strip_leading(subject.to_vec())).is_empty();
                match (&last, fig.kind) {
                    (Some((_, n, _)), Kind::Growth) if empty => Some(n.clone()),
                    // A rank follows an amount or a rate, never a count of things.
                    (Some((_, n, k)), Kind::Rank) if empty && *k != Kind::Count => Some(n.clone()),
                    _ => None,
                }
            });
            let Some(mut base) = base else { continue };
            if is_whole {
                whole = Some(base);
                continue;
            }
            let inherited = name.is_none();
            if let Some((_, suffix)) = &share {
                base.extend(suffix.chars());
            }
            let name = finish(base, fig.kind, vocab);
            if !inherited {
                last = Some((s_start, strip_kind_suffix(&name), fig.kind));
            }
            out[fi] = Some(Measure {
                name: name.iter().collect(),
                period: when.clone(),
                is_target,
            });
        }
        i = group[group.len() - 1] + 1;
    }
    out
}

/// `占全国的` in a clause: where it starts and the suffix it makes (`占全国比重`).
fn share_suffix(clause: &[char]) -> Option<(usize, String)> {
    let p = rfind(clause, "占")?;
    let rest: String = clause[p + 1..].iter().collect();
    let rest = rest
        .trim_end_matches('的')
        .trim_end_matches("比重")
        .trim_end_matches("比例");
    let whole = ["全国", "全球", "全省", "全市", "全区", "全世界", "世界"]
        .into_iter()
        .find(|w| rest == *w)?;
    Some((p, format!("占{whole}比重")))
}

/// Names for the `n` figures of a list whose subject is `core`: 能源系统、智慧电驱和电子电控
/// 年产能 gives 能源系统年产能 …; 它们的产量 takes its items from the sentence before.
fn list_names(
    core: &[char],
    n: usize,
    previous: &[char],
    vocab: &Vocabulary,
) -> Vec<Option<Vec<char>>> {
    let core = strip_trailing(apply_words(core, &vocab.words));
    let pronoun = ["它们的", "它们", "其", "三者", "两者", "二者"]
        .into_iter()
        .find(|p| starts(&core, p));
    let (items, head) = match pronoun {
        Some(p) => {
            let head = core[p.chars().count()..].to_vec();
            let clauses: Vec<&[char]> = previous.split(|&c| is_clause_stop(c)).collect();
            let items = clauses
                .iter()
                .rev()
                .map(|c| enumeration(c))
                .find(|e| e.len() == n)
                .unwrap_or_default();
            (items, head)
        }
        None => {
            let items = enumeration(&core);
            if items.len() != n {
                return vec![None; n];
            }
            // The head is what the last item has and the first has not: 年产能.
            let last = items[n - 1].clone();
            let head = match rightmost_head(&last, vocab) {
                Some((start, end, _)) if end == last.len() => {
                    // 年产能: keep a 年 or 总 in front of the head.
                    let from = if start > 0 && matches!(last[start - 1], '年' | '总') {
                        start - 1
                    } else {
                        start
                    };
                    last[from..].to_vec()
                }
                _ => Vec::new(),
            };
            (items, head)
        }
    };
    if items.len() != n {
        return vec![None; n];
    }
    items
        .into_iter()
        .map(|mut item| {
            if !head.is_empty() && !item.ends_with(&head) {
                item.extend_from_slice(&head);
            }
            (item.len() >= 2 && item.len() <= 16).then_some(item)
        })
        .collect()
}

/// The name without a suffix a figure's kind adds (增速, 排名): what a following figure of
/// another kind measures.
fn strip_kind_suffix(name: &[char]) -> Vec<char> {
    for w in ["增速", "排名"] {
        if ends(name, w) {
            return name[..name.len() - 2].to_vec();
        }
    }
    name.to_vec()
}

/// The final name: abbreviations applied, synonyms made canonical, and a growth named as a
/// rate (增速), a rank as a ranking (排名).
fn finish(base: Vec<char>, kind: Kind, vocab: &Vocabulary) -> Vec<char> {
    let mut base = apply_words(&base, &vocab.words);
    base.retain(|c| !matches!(c, '“' | '”' | '"' | '‘' | '’'));
    let mut suffix = "";
    for (w, s) in [
        ("增速", "增速"),
        ("增幅", "增速"),
        ("增长率", "增速"),
        ("增长", "增速"),
        ("排名", "排名"),
    ] {
        if ends(&base, w) && base.len() > w.chars().count() {
            base.truncate(base.len() - w.chars().count());
            suffix = s;
            break;
        }
    }
    match kind {
        Kind::Growth => suffix = "增速",
        Kind::Rank => suffix = "排名",
        _ => {}
    }
    let canon = vocab
        .canonical(&base)
        .map(|c| c.chars().collect::<Vec<char>>());
    let mut name = canon.unwrap_or(base);
    name.extend(suffix.chars());
    name
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::figures::find_figures;

    fn measures_in(text: &str, year: i32) -> Vec<(String, Option<Measure>)> {
        let figs = find_figures(text);
        let m = measure_figures(text, &figs, &Vocabulary::default(), Some(year));
        figs.into_iter().map(|f| f.text).zip(m).collect()
    }

    /// (sentence, figure, measure, period, target), from the shipped briefings and the corpus.
    const CASES: &[(&str, &str, &str, Option<&str>, bool)] = &[
        (
            "在新能源汽车产业上,2024年柳州新能源汽车完成生产77.6万辆,新能源汽车渗透率达64.9%,位居全国第一,全市新能源汽车累计产量突破300万辆。",
            "77.6万辆",
            "新能源汽车产量",
            Some("2024年"),
            false,
        ),
        (
            "在新能源汽车产业上,2024年柳州新能源汽车完成生产77.6万辆,新能源汽车渗透率达64.9%,位居全国第一,全市新能源汽车累计产量突破300万辆。",
            "64.9%",
            "新能源汽车渗透率",
            Some("2024年"),
            false,
        ),
        (
            "在新能源汽车产业上,2024年柳州新能源汽车完成生产77.6万辆,新能源汽车渗透率达64.9%,位居全国第一,全市新能源汽车累计产量突破300万辆。",
            "位居全国第一",
            "新能源汽车渗透率排名",
            Some("2024年"),
            false,
        ),
        (
            "在新能源汽车产业上,2024年柳州新能源汽车完成生产77.6万辆,新能源汽车渗透率达64.9%,位居全国第一,全市新能源汽车累计产量突破300万辆。",
            "300万辆",
            "新能源汽车累计产量",
            Some("2024年"),
            false,
        ),
        (
            "2024年,我市货物出口东盟总额达73.08亿元,同比大幅增长76.0%,区域合作成果尤为亮眼。",
            "73.08亿元",
            "货物出口东盟总额",
            Some("2024年"),
            false,
        ),
        (
            "2024年,我市货物出口东盟总额达73.08亿元,同比大幅增长76.0%,区域合作成果尤为亮眼。",
            "同比大幅增长76.0%",
            "货物出口东盟总额增速",
            Some("2024年"),
            false,
        ),
        (
            "如果说汽车、螺蛳粉是柳州制造的代表,那锂离子电池、新能源汽车、服务机器人就是柳州新质生产力的担当。记者从市统计局获悉,1月至11月,它们的产量分别同比增长155.1%、109.9%、99.4%。",
            "同比增长155.1%",
            "锂离子电池产量增速",
            Some("1—11月"),
            false,
        ),
        (
            "如果说汽车、螺蛳粉是柳州制造的代表,那锂离子电池、新能源汽车、服务机器人就是柳州新质生产力的担当。记者从市统计局获悉,1月至11月,它们的产量分别同比增长155.1%、109.9%、99.4%。",
            "99.4%",
            "服务机器人产量增速",
            Some("1—11月"),
            false,
        ),
        (
            "围绕新能源汽车三大核心部件,本地配套体系不断完善,能源系统、智慧电驱和电子电控年产能分别达到55.5GWh、185万台套和1780万件。",
            "185万台套",
            "智慧电驱年产能",
            None,
            false,
        ),
        (
            "围绕新能源汽车三大核心部件,本地配套体系不断完善,能源系统、智慧电驱和电子电控年产能分别达到55.5GWh、185万台套和1780万件。",
            "1780万件",
            "电子电控年产能",
            None,
            false,
        ),
        (
            "一是有深厚的工业底蕴与产业基础,柳州工业体系完备,规模以上工业企业超1300家,2024年规模以上工业总产值位居全广西第一。",
            "1300家",
            "规上工业企业数量",
            None,
            false,
        ),
        (
            "一是有深厚的工业底蕴与产业基础,柳州工业体系完备,规模以上工业企业超1300家,2024年规模以上工业总产值位居全广西第一。",
            "位居全广西第一",
            "规上工业总产值排名",
            Some("2024年"),
            false,
        ),
        (
            "作為傳統產業城市,聊城市傳統產業產值占比70%,擁有31個制造業大類中的29個。",
            "70%",
            "传统产业产值占比",
            None,
            false,
        ),
        (
            "氧化鋁、電解鋁產能分別占全國的1/20和1/25。",
            "1/20",
            "氧化铝产能占全国比重",
            None,
            false,
        ),
        (
            "氧化鋁、電解鋁產能分別占全國的1/20和1/25。",
            "1/25",
            "电解铝产能占全国比重",
            None,
            false,
        ),
        (
            "市科技局局长管伟荣介绍,2024年我市获得自治区科技厅立项209项,其中104项获得市财政支持;年内突破关键核心技术84项,项目实施期内新增工业产值达494亿元;实现科技成果转化产值达180亿元。",
            "494亿元",
            "新增工业产值",
            None,
            false,
        ),
        (
            "市科技局局长管伟荣介绍,2024年我市获得自治区科技厅立项209项,其中104项获得市财政支持;年内突破关键核心技术84项,项目实施期内新增工业产值达494亿元;实现科技成果转化产值达180亿元。",
            "180亿元",
            "科技成果转化产值",
            None,
            false,
        ),
        (
            "全市专业技术人才总量达到24万余人,技能人才总量达到65.03万人。",
            "65.03万人",
            "技能人才总量",
            None,
            false,
        ),
        (
            "当前,苏州正加快构建“1030”产业体系,3年力争形成电子信息、高端装备、先进材料、新能源4个万亿级主导产业,规上工业总产值达5万亿元,推动GDP迈上3万亿元台阶。",
            "5万亿元",
            "规上工业总产值",
            None,
            true,
        ),
        (
            "当前,苏州正加快构建“1030”产业体系,3年力争形成电子信息、高端装备、先进材料、新能源4个万亿级主导产业,规上工业总产值达5万亿元,推动GDP迈上3万亿元台阶。",
            "3万亿元",
            "地区生产总值",
            None,
            true,
        ),
        (
            "“十四五”以来,全市地区生产总值年均增长6.1%。",
            "年均增长6.1%",
            "地区生产总值增速",
            Some("十四五"),
            false,
        ),
        (
            "2024年工业互联网产业规模将超1.5万亿元。",
            "1.5万亿元",
            "工业互联网产业规模",
            Some("2024年"),
            true,
        ),
        (
            "到2027年,力争全市规上工业增加值年均增长8%以上。",
            "年均增长8%",
            "规上工业增加值增速",
            Some("到2027年"),
            true,
        ),
        (
            "前三季度,全市规模以上工业增加值同比增长9.2%。",
            "同比增长9.2%",
            "规上工业增加值增速",
            Some("前三季度"),
            false,
        ),
        (
            "上半年,全市规上工业增加值增长7.1%,工业投资增长12.3%。",
            "增长12.3%",
            "工业固定资产投资增速",
            Some("上半年"),
            false,
        ),
        (
            "全市经济总量突破8000亿元。",
            "8000亿元",
            "地区生产总值",
            None,
            false,
        ),
        (
            "力争每年突破关键核心技术100项以上。",
            "100项",
            "关键核心技术数量",
            None,
            true,
        ),
        ("6家湖北实验室集聚。", "6家", "湖北实验室数量", None, false),
    ];

    #[test]
    fn figures_get_the_measure_they_quantify() {
        let mut wrong = Vec::new();
        for (text, figure, name, when, target) in CASES {
            let got = measures_in(text, 2024);
            let Some((_, m)) = got.iter().find(|(t, _)| t == figure) else {
                wrong.push(format!("{figure}: not a figure in {text}"));
                continue;
            };
            let want = Some(Measure {
                name: name.to_string(),
                period: when.map(str::to_string),
                is_target: *target,
            });
            if *m != want {
                wrong.push(format!("{figure}: got {m:?}, want {want:?}"));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn two_phrasings_of_one_measure_get_one_name() {
        let a = measures_in("全市规上工业增加值增长6.5%。", 2024);
        let b = measures_in("前11月,规模以上工业增加值同比增长7.2%。", 2024);
        assert_eq!(a[0].1.as_ref().unwrap().name, "规上工业增加值增速");
        assert_eq!(b[0].1.as_ref().unwrap().name, "规上工业增加值增速");
    }

    #[test]
    fn a_clause_fragment_is_never_a_measure() {
        for text in [
            "是全区唯一拥有两家自治区级实验室的设区市。",
            "“我考察过上千家工厂。",
            "一块1米长、0.8米宽的花岗岩。",
        ] {
            for (f, m) in measures_in(text, 2024) {
                if let Some(m) = m {
                    assert!(
                        !m.name.contains("唯一")
                            && !m.name.contains("考察")
                            && !m.name.contains("一块"),
                        "{f}: {m:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn shipped_vocabulary_names_synonyms_and_abbreviations() {
        let v = Vocabulary::default();
        assert_eq!(v.canonical(&folded("gdp")), Some("地区生产总值"));
        assert_eq!(
            v.canonical(&apply_words(&folded("工业投资"), &v.words)),
            Some("工业固定资产投资")
        );
        assert_eq!(
            apply_words(&folded("规模以上工业"), &v.words)
                .iter()
                .collect::<String>(),
            "规上工业"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_arbitrary_text(s in "\\PC{0,80}") {
            let figs = find_figures(&s);
            let m = measure_figures(&s, &figs, &Vocabulary::default(), Some(2024));
            proptest::prop_assert_eq!(m.len(), figs.len());
        }
    }
}
