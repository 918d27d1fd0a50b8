//! Comparing regions' strategies: each region's material (its briefings, and only its sections
//! of multi-region ones) cut into sentences, sorted into strategy themes, each sentence told
//! apart as a plan or an achievement; a table of figures that measure the same thing; and the
//! themes a region says nothing about.

use crate::briefing::{Briefing, Library};
use crate::config::StrategyTheme;
use crate::figures::{Figure, find_figures};
use crate::regions::Region;
use crate::search::fold::fold;
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
    pub kind: crate::figures::Kind,
    /// The sentence it comes from.
    pub sentence: String,
    /// The briefing's id.
    pub briefing: String,
}

/// One row of the figures table: a measure and each region's figures for it.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureRow {
    /// What is measured (the words before the figures: 新能源汽车产量).
    pub measure: String,
    /// Each region's figures, in the order of the regions compared.
    pub by_region: Vec<Vec<MeasuredFigure>>,
}

/// A comparison of regions.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The regions, as labels (`广西/柳州`).
    pub regions: Vec<String>,
    /// How many briefings (or sections of them) each region's material comes from.
    pub sources: Vec<usize>,
    /// One row a theme, in the order of the config.
    pub themes: Vec<ThemeRow>,
    /// The figures table: measures found in several regions first.
    pub figures: Vec<FigureRow>,
}

/// Words that surely mark a plan: what will be done.
const PLAN_STRONG: &[&str] = &[
    "将",
    "力争",
    "下一步",
    "计划",
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
    "这一年",
];
/// Words that often mark an achievement.
const ACHIEVED: &[&str] = &[
    "实现", "达到", "完成", "建成", "突破", "成为", "取得", "增长", "形成", "投产", "落地", "下线",
    "新增", "拥有", "具备",
];

/// The sentences of `text` with their start (in characters): cut after 。！？； and line ends.
pub fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start_byte = 0;
    let mut start_char = 0;
    let mut chars_seen = 0;
    for (i, c) in text.char_indices() {
        chars_seen += 1;
        if matches!(c, '。' | '！' | '？' | '；' | '\n' | '!' | '?' | ';') {
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

/// Tells a plan from an achievement. Targets for a year after the briefing's (到2027年) and
/// plan words mean a plan; achievement words and figures of the past mean an achievement.
pub fn stance(sentence: &str, briefing_year: i32) -> Stance {
    let s = fold(sentence);
    let count = |words: &[&str]| words.iter().filter(|w| s.contains(*w)).count() as i32;
    let mut plan = 2 * count(PLAN_STRONG) + count(PLAN);
    let mut done = 2 * count(ACHIEVED_STRONG) + count(ACHIEVED);
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

/// What a figure measures: the words before it in its clause, without leading connectives.
pub fn measure(sentence: &str, f: &Figure) -> String {
    let chars: Vec<char> = sentence.chars().collect();
    let before: String = chars[..f.start.min(chars.len())].iter().collect();
    let clause = before
        .rsplit(['，', ',', '；', '。', '、', '：', ':', '（', '(', '“', '”'])
        .next()
        .unwrap_or_default();
    let mut m = clause.trim().to_string();
    // Dates, places and small words in front say nothing about what is measured.
    loop {
        let before = m.clone();
        for lead in [
            "其中", "全年", "全市", "全省", "全区", "目前", "截至", "今年", "去年", "当前", "已",
            "累计", "共", "约", "近", "超过", "超", "达到", "达", "实现", "完成", "为", "是",
            "以上", "我市", "该市", "同比",
        ] {
            if let Some(rest) = m.strip_prefix(lead) {
                m = rest.to_string();
            }
        }
        // A leading year or month: 2024年, 1-10月.
        let digits: String = m
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == '-')
            .collect();
        if !digits.is_empty() {
            let rest: String = m.chars().skip(digits.chars().count()).collect();
            if let Some(r) = rest.strip_prefix('年').or_else(|| rest.strip_prefix('月')) {
                m = r.to_string();
            }
        }
        // A place name in front: 柳州新能源汽车产量 measures 新能源汽车产量.
        for len in (2..=4).rev() {
            let head: String = m.chars().take(len).collect();
            let tail: String = m.chars().skip(len).collect();
            if tail.chars().count() >= 2 && !crate::regions::gazetteer().lookup(&head).is_empty() {
                m = tail.trim_start_matches('市').to_string();
                break;
            }
        }
        if m == before {
            break;
        }
    }
    // Trailing verbs and particles join the measure to its number: 产量分别达 -> 产量.
    loop {
        let before = m.clone();
        for tail in [
            "达到",
            "突破",
            "超过",
            "增长",
            "提高",
            "分别",
            "涉及",
            "控制在",
            "完成生产",
            "达",
            "为",
            "超",
            "约",
            "近",
            "共",
            "是",
            "有",
            "等",
            "和",
            "的",
            "在",
        ] {
            if let Some(rest) = m.strip_suffix(tail) {
                m = rest.to_string();
            }
        }
        if m == before {
            break;
        }
    }
    let m: String = m
        .chars()
        .rev()
        .take(14)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    fold(m.trim())
}

/// Whether two measures are the same thing: equal, or one ends with the other and it is at
/// least four characters long (汽车产量 within 新能源汽车产量).
fn same_measure(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.chars().count() <= b.chars().count() {
        (a, b)
    } else {
        (b, a)
    };
    short.chars().count() >= 4 && long.ends_with(short)
}

/// Compares `regions` over `lib`, sorting sentences into `themes`.
pub fn compare(lib: &Library, regions: &[Region<'_>], themes: &[StrategyTheme]) -> Comparison {
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
        for (bi, b) in lib.briefings.iter().enumerate() {
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
                for (offset, s) in sentences(&text) {
                    let sentence = s.trim();
                    // Questions (an interviewer's) say nothing of a strategy.
                    if sentence.chars().count() < 8 || sentence.ends_with(['？', '?']) {
                        continue;
                    }
                    let folded = fold(sentence);
                    let figures = find_figures(sentence);
                    let stance = stance(sentence, year);
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
                    for f in &figures {
                        let m = measure(sentence, f);
                        if m.chars().count() < 2 {
                            continue;
                        }
                        let item = MeasuredFigure {
                            text: f.text.clone(),
                            kind: f.kind,
                            sentence: sentence.to_string(),
                            briefing: b.id.clone(),
                        };
                        match figure_rows
                            .iter_mut()
                            .find(|r| same_measure(&r.measure, &m))
                        {
                            Some(row) => {
                                if !row.by_region[ri].iter().any(|x| x.text == item.text) {
                                    row.by_region[ri].push(item);
                                }
                            }
                            None => {
                                let mut by_region = vec![Vec::new(); regions.len()];
                                by_region[ri].push(item);
                                figure_rows.push(FigureRow {
                                    measure: m,
                                    by_region,
                                });
                            }
                        }
                    }
                }
            }
        }
    }
    // Rows shared by more regions first; within that, the order found.
    let shared = |r: &FigureRow| r.by_region.iter().filter(|v| !v.is_empty()).count();
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
                for s in items.iter().take(8) {
                    let _ = writeln!(out, "- {}", clean(&s.sentence));
                }
                if items.len() > 8 {
                    let _ = writeln!(out, "- … and {} more", items.len() - 8);
                }
                out.push('\n');
            }
        }
    }
    let _ = writeln!(out, "## Figures\n");
    let _ = writeln!(out, "| measure | {} |", regions.join(" | "));
    let _ = writeln!(out, "|---|{}", "---|".repeat(c.regions.len()));
    let shared: Vec<_> = c
        .figures
        .iter()
        .filter(|r| r.by_region.iter().filter(|v| !v.is_empty()).count() > 1)
        .collect();
    let rest = c
        .figures
        .iter()
        .filter(|r| r.by_region.iter().filter(|v| !v.is_empty()).count() <= 1)
        .take(30);
    for row in shared.into_iter().chain(rest) {
        let cells: Vec<String> = row
            .by_region
            .iter()
            .map(|fs| {
                let v: Vec<&str> = fs.iter().map(|f| f.text.as_str()).collect();
                if v.is_empty() {
                    "—".into()
                } else {
                    clean(&v.join(", "))
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
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_cut_at_chinese_stops_with_their_offsets() {
        let text = "第一句。第二句！第三句";
        let got = sentences(text);
        assert_eq!(got, [(0, "第一句。"), (4, "第二句！"), (8, "第三句")]);
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
                    "全市新能源汽车产量达20万辆，同比增长10%。",
                ),
                doc(
                    "b",
                    "聊城市",
                    "山东省",
                    "聊城汽车产量达5万辆。开放合作持续推进。",
                ),
            ],
            ..Library::default()
        };
        let g = crate::regions::gazetteer();
        let regions = [g.lookup("柳州")[0], g.lookup("聊城")[0]];
        let themes = crate::config::Config::default().themes;
        let c = compare(&lib, &regions, &themes);
        let row = c
            .figures
            .iter()
            .find(|r| r.by_region.iter().all(|v| !v.is_empty()))
            .expect("a shared row");
        assert_eq!(row.by_region[0][0].text, "20万辆");
        assert_eq!(row.by_region[1][0].text, "5万辆");
        // 新能源 is a theme only 柳州 speaks to: a gap for 聊城.
        let energy = c.themes.iter().find(|t| t.theme == "新能源").unwrap();
        assert_eq!(energy.gaps(), [1]);
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
        let c = compare(&lib, &regions, &crate::config::Config::default().themes);
        let energy = c.themes.iter().find(|t| t.theme == "新能源").unwrap();
        let st = &energy.by_region[0][0];
        assert_eq!(st.sentence, "柳州新能源汽车产量达20万辆，同比增长10%。");
        assert_eq!(st.start, 0);
        for row in &c.figures {
            assert!(!row.measure.contains("PWN"), "{}", row.measure);
        }
        assert!(!markdown(&c).contains("PWN"));
    }

    #[test]
    fn measures_are_the_words_before_the_figure() {
        let cases = [
            (
                "2024年全市新能源汽车产量达77.6万辆。",
                "77.6万辆",
                "新能源汽车产量",
            ),
            (
                "规模以上工业总产值增长8.5%。",
                "增长8.5%",
                "规模以上工业总产值",
            ),
            ("其中，专精特新“小巨人”企业12家。", "12家", "企业"),
            (
                "2024年柳州新能源汽车完成生产77.6万辆。",
                "77.6万辆",
                "新能源汽车",
            ),
            ("聊城市传统产业产值占比70%。", "70%", "传统产业产值占比"),
        ];
        for (sentence, figure, want) in cases {
            let f = find_figures(sentence)
                .into_iter()
                .find(|f| f.text == figure)
                .unwrap_or_else(|| panic!("{figure} in {sentence}"));
            assert_eq!(measure(sentence, &f), want, "{sentence}");
        }
        assert!(same_measure("新能源汽车产量", "汽车产量"));
        assert!(!same_measure("产量", "汽车产量"));
    }
}
