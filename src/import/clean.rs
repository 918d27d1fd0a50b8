//! Removing what a web page wraps around an article: menus, widgets, trails, spam, footers,
//! credits, inline images and converter artefacts. Every removal is recorded with its reason.

use crate::text::{is_han, to_simplified};
use regex::Regex;
use std::sync::LazyLock;

/// A line of the article that survived cleaning, with its 1-based line number in the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// The line number in the decoded input.
    pub no: usize,
    /// The cleaned text (trimmed; never empty).
    pub text: String,
}

/// Something the importer removed, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Removed {
    /// The 1-based line number in the decoded input.
    pub line: usize,
    /// The removed text (a whole line, or the part of it that was removed).
    pub text: String,
    /// Why: `navigation`, `trail`, `widget`, `spam`, `footer`, `related`, `byline`, `credit`,
    /// `photo credit`, `image`, `title`, `duplicate`.
    pub reason: &'static str,
}

static IMAGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r#"(?is)<(?:[a-z][a-z0-9]*:)?image\b[^>]*>.*?</(?:[a-z][a-z0-9]*:)?image>|<img\b[^>]*>|!\[[^\]]*\]\([^)]*\)|\bdata:[a-z]+/[^\s<>]*"#,
    )
    .expect("valid regex")
});

/// A character followed by its own pinyin in brackets, as web converters leave them: `數(shù)`.
static PINYIN_NOTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\p{Han})[(（]([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêếề]{1,7})[)）]").expect("valid regex")
});

static PHOTO_CREDIT_SUFFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s*[（(]?(?:全媒体|本报|特约|通讯员|见习)?记者\s*[\p{Han}·]{2,4}(?:\s+[\p{Han}·]{2,4})*\s*摄[）)]?$")
        .expect("valid regex")
});

static BYLINE_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:发布|发表|更新)?(?:时间|日期)[:：]\s*)?\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+.*)?$")
        .expect("valid regex")
});

/// A source, editor or reporter note glued after the last sentence of a paragraph:
/// `…取得新成效。（来源：经济日报）`, `…。来源：湖南日报`, `…。(责任编辑:李明)`.
static GLUED_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[。！？!?”」]\s*((?:[（(]\s*(?:来源|來源|稿件来源|信息来源|文章来源|来源于|责任编辑|責任編輯|编辑|編輯|作者|记者|記者|通讯员|审核|校对|文|图)[^）)]{0,40}[）)])|(?:(?:来源|來源|来源于|责任编辑|責任編輯|编辑|編輯)\s*[:：]\s*[^。，,！？]{2,30}))\s*$",
    )
    .expect("valid regex")
});

static EDITION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{4}年\d{1,2}月\d{1,2}日\s*《[^》]{2,20}》.{0,8}版$").expect("valid regex")
});

static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:责任编辑|编辑|责编|原创|审核|审校|校对|执行策划|策划|统筹|采写|采访|撰稿|文字|文|图|摄影|视频|海报制作|制作|设计|监制|主编|出品|终审|二审|初审|一审|三审|通讯员|记者)\s*[:：/丨|｜]",
    )
    .expect("valid regex")
});

const WIDGET_WORDS: &[&str] = &[
    "分享",
    "分享到",
    "微信",
    "微博",
    "头条",
    "空间",
    "qq",
    "打印",
    "打印本页",
    "字体",
    "字号",
    "大",
    "中",
    "小",
    "关闭",
    "关闭窗口",
    "收藏",
    "a+",
    "a-",
    "a+a-",
    "t",
    "+",
    "-",
    "易信",
    "qq好友",
    "微信好友",
    "新浪微博",
    "腾讯微博",
    "人人网",
    "豆瓣",
    "缩小字体",
    "放大字体",
    "收藏本文",
    "我有话说",
    "复制链接",
    "扫一扫",
    "朋友圈",
    "默认",
    "繁体",
    "简体",
    "页面",
    "配色",
    "辅助线",
    "重置",
    "无障碍",
    "返回顶部",
    "纠错",
    "点赞",
    "评论",
    "转发",
    "背景色",
    "放大",
    "缩小",
    "读屏",
    "长者模式",
    "大字幕",
    "指读",
    "连读",
    "声音",
    "十字线",
    "护眼",
    "取消",
    "退出",
    "打开",
    "在看",
    "顶部",
    "关注",
    "调整",
    "更多相片",
    "更多图片",
    "相册",
    "社交网站",
    "今日导读",
    "本报新闻",
    "设为主页",
    "收藏本页",
    "设为首页",
    "加入收藏",
    "还原",
    "+1",
];

const FOOTER_MARKS: &[&str] = &[
    "icp备",
    "icp证",
    "版权所有",
    "copyright",
    "©",
    "公网安备",
    "许可证编号",
    "许可证号",
    "举报电话",
    "举报邮箱",
    "违法和不良信息",
    "网友评论",
    "跟帖评论",
    "关于我们",
    "联系我们",
    "广告服务",
    "版权声明",
    "主办单位",
    "承办单位",
    "网站地图",
    "技术支持:",
    "技术支持：",
    "未经授权",
    "不得转载",
    "转载请注明",
];

const RELATED_STUBS: &[&str] = &[
    "文件下载",
    "关联文件",
    "相关链接",
    "相关推荐",
    "相关阅读",
    "延伸阅读",
    "相关新闻",
    "附件",
    "下载附件",
    "推荐阅读",
    "热门推荐",
    "猜你喜欢",
    "相关文章",
    "热点推荐",
    "更多",
    "阅读原文",
    "返回",
    "上一篇",
    "下一篇",
];

/// The name of a newspaper, station, site or account, or of a university or an institute: a
/// place in it names the organisation, not what the article is about (`浙江在线`, `澳门日报`,
/// `柳州发布`, `南京大学`).
pub static OUTLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\p{Han}{2,6}?(?:日报社|日报|晚报|都市报|晨报|商报|时报|在线|新闻网|电视台|卫视|广播电视台|融媒体中心|融媒|客户端|发布|新闻中心|证券报|经济报|青年报|法治报|快报|早报|导报|周刊|师范大学|大学|学院|研究院|研究所)")
        .expect("valid regex")
});

/// Words of lines that promote an account or an app rather than say anything.
const PROMOTION_MARKS: &[&str] = &[
    "点击关注",
    "关注我们",
    "长按识别",
    "长按二维码",
    "识别二维码",
    "扫码",
    "下载地址",
    "扫描下方",
    "回复【",
    "点击菜单",
    "解锁更多",
    "在看】",
    "分享至",
    "点击看",
    "点击查看大图",
    "订阅",
    "登入看",
    "登录看",
    "登录后",
    "数位阅读",
    "扫描二维码",
    "扫一扫关注",
    "关注公众号",
    "点击上方",
    "点击蓝字",
    "设为星标",
    "点个在看",
    "点亮在看",
    "下载客户端",
    "下载app",
    "打开app",
    "欢迎关注",
    "欢迎投稿",
    "投稿邮箱",
    "新闻热线",
    "爆料热线",
];

/// Starts of lines that introduce a machine summary, a link to the original, or a disclaimer.
const NOTICE_STARTS: &[&str] = &[
    "ai导读",
    "ai摘要",
    "ai总结",
    "智能摘要",
    "本文由ai",
    "原文链接",
    "原文地址",
    "原文网址",
    "本文链接",
    "阅读原文",
    "声明:",
    "声明：",
    "免责声明",
    "版权声明",
    "特别声明",
    "郑重声明",
    "本文仅代表",
    "本文来自",
    "本文转自",
    "本文转载自",
    "本文来源",
    "本文系",
    "如有侵权",
    "若有侵权",
    "如涉及版权",
    "转载请",
    "【纠错】",
    "纠错:",
    "纠错：",
    "我要纠错",
    "【我要纠错】",
    "举报",
    "上一篇",
    "下一篇",
    "上一条",
    "下一条",
    "上一页",
    "下一页",
    "【打印",
    "【关闭",
    "[打印",
    "[关闭",
];

/// A counter: `阅读 2356`, `浏览次数:88`, `点赞 12`, `评论(3)`.
static COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"全文(?:共|约)?\d+字|\d[\d,]*\s*(?:人参与|条评论|评论|跟贴|人阅读|次阅读|次浏览|人收藏)|(?:阅读|浏览|点击|访问|点赞|评论|收藏|转发|分享|在看|播放|人气|热度)(?:量|次数|数|人数)?\s*[:：(（]?\s*\d+(?:\.\d+)?\s*[万wW+]?\s*[)）次]?")
        .expect("valid regex")
});

const TRAIL_STARTS: &[&str] = &[
    "当前位置",
    "您的位置",
    "您现在的位置",
    "您所在的位置",
    "所在位置",
    "现在位置",
    "位置:",
    "位置：",
];

/// Removes pinyin annotations left by converters (`數(shù)字` becomes `數字`; `(山東)` stays).
pub fn remove_pinyin_notes(line: &str) -> String {
    PINYIN_NOTE
        .replace_all(line, |c: &regex::Captures<'_>| {
            let py = &c[2];
            let has_tone = py
                .chars()
                .any(|ch| "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêếề".contains(ch));
            if has_tone {
                c[1].to_string()
            } else {
                c[0].to_string()
            }
        })
        .into_owned()
}

fn trim(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' || c == '\u{200b}'
    })
}

/// Whether a line has the punctuation of a sentence or a clause.
pub fn has_sentence_punct(s: &str) -> bool {
    s.chars().any(|c| "。，,；;！!？?".contains(c))
}

/// Tokens of a widget line: split on spaces and the brackets and bars that widgets use.
fn is_widget(simplified: &str) -> bool {
    let lower = simplified.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || "|｜/【】[]:：·".contains(c) || c == '\u{3000}')
        .filter(|t| !t.is_empty())
        .collect();
    // Counts may stand among the widgets (`收藏 微博 分享 20,536`), not alone.
    let is_count = |t: &&str| t.chars().all(|c| c.is_ascii_digit() || c == ',');
    tokens.iter().any(|t| !is_count(t)) && tokens.iter().all(|t| is_widget_run(t) || is_count(t))
}

/// Whether a token is widget words run together (`设为主页收藏本页`, `打印关闭`), or an app's
/// download prompt (`新浪财经app`).
fn is_widget_run(token: &str) -> bool {
    if WIDGET_WORDS.contains(&token) || (token.ends_with("app") && token.chars().count() <= 10) {
        return true;
    }
    let chars: Vec<char> = token.chars().collect();
    // can_end[i]: the first i characters split into widget words.
    let mut can_end = vec![false; chars.len() + 1];
    can_end[0] = true;
    for i in 0..chars.len() {
        if !can_end[i] {
            continue;
        }
        for w in WIDGET_WORDS.iter().filter(|w| w.chars().count() >= 2) {
            let n = w.chars().count();
            if i + n <= chars.len() && chars[i..i + n].iter().copied().eq(w.chars()) {
                can_end[i + n] = true;
            }
        }
    }
    chars.len() >= 4 && can_end[chars.len()]
}

/// Whether a short line is made of counters (`阅读 2356 点赞 12`) and nothing else of substance.
fn is_counter_line(simplified: &str) -> bool {
    let n = simplified.chars().count();
    // A bare count (`15867`, `20,536`): what a share or view counter leaves.
    if n >= 3 && simplified.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return true;
    }
    if n > 40 || !COUNTER.is_match(simplified) {
        return false;
    }
    let rest = COUNTER.replace_all(simplified, "");
    let rest = rest.trim_matches(|c: char| c.is_whitespace() || "|｜/·:：".contains(c));
    rest.chars().count() <= 4 || is_widget(rest)
}

/// A caption that only credits the picture: `巴士的報記者攝`, `张进刚 摄`, `(资料图片)`.
fn is_photo_credit_line(simplified: &str) -> bool {
    let n = simplified.chars().count();
    let core = simplified.trim_matches(|c: char| "()（）[]【】 ".contains(c));
    let credit_end = ["摄", "供图", "摄影"].iter().any(|e| core.ends_with(e));
    (n <= 30 && credit_end)
        || (n <= 40
            && (core.starts_with("图:") || core.starts_with("图：") || core.starts_with("图/")))
        || is_doubled_caption(simplified)
        || n <= 25
            && !has_sentence_punct(simplified)
            && (core.ends_with('摄')
                || core.ends_with("供图")
                || core.ends_with("图片")
                || core.ends_with("资料图")
                || (core.contains("大图") && n <= 15)
                || core.ends_with("配图")
                || core.starts_with("图片来源")
                || core.starts_with("图源"))
}

/// A caption written twice, as a page's alt text and its caption (`张琼主持新闻发布会  张琼主持
/// 新闻发布会`).
fn is_doubled_caption(s: &str) -> bool {
    let compact: Vec<char> = s.chars().filter(|c| !c.is_whitespace()).collect();
    let n = compact.len();
    (8..=120).contains(&n) && n.is_multiple_of(2) && compact[..n / 2] == compact[n / 2..]
}

/// The name of an image or another file left in the text by a copy: `微信图片_2019.jpg`,
/// `87144B95F2FC…_size662_w2000`, `Sgvdzhvqhh1719575769179.thumb_head`.
fn is_asset_name(s: &str) -> bool {
    let lower = s.to_lowercase();
    let has_file_ext = [
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".svg", ".pdf", ".doc", ".docx", ".xls",
        ".xlsx",
    ]
    .iter()
    .any(|e| lower.ends_with(e));
    let longest_token = s
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.' || c == ':'))
        .map(str::len)
        .max()
        .unwrap_or(0);
    let han = s.chars().filter(|c| is_han(*c)).count();
    (has_file_ext && s.chars().count() <= 60)
        || (longest_token >= 14 && han <= 4 && !s.contains(' '))
}

/// The rules of a comment box: `留言不得有違法…`, `…有權逕予刪除留言`.
fn is_comment_policy(simplified: &str) -> bool {
    simplified.contains("留言")
        && ["删除", "不得", "请勿", "自负", "有权"]
            .iter()
            .any(|w| simplified.contains(w))
}

/// A line that is only a field's label with nothing after it (`热度:`), or a few symbols.
fn is_bare_label(s: &str) -> bool {
    let n = s.chars().count();
    let f = super::meta::fields(s);
    (f.len() == 1 && f[0].1.is_empty() && n <= 8)
        || (s.ends_with([':', '：']) && n <= 6 && !s.chars().any(|c| c.is_ascii_digit()))
        || (n <= 4 && !s.chars().any(|c| is_han(c) || c.is_alphabetic()))
}

/// A line of keywords stuffed for search engines: four or more short items joined by `_` or
/// `|` with no space around them (`91精品福利观看_婷婷国产在线综合_…`).
pub fn is_keyword_list(s: &str) -> bool {
    let items: Vec<&str> = s.split(['_', '|', '｜']).collect();
    items.len() >= 4
        && !has_sentence_punct(s)
        && items
            .iter()
            .all(|i| !i.is_empty() && i == &i.trim() && i.chars().count() <= 16)
}

/// A line that gives a way to reach the site: a hotline, a phone, a mailbox.
fn is_contact_line(simplified: &str) -> bool {
    let lower = simplified.to_lowercase();
    let n = lower.chars().count();
    n <= 50
        && [
            "热线",
            "电话",
            "邮箱",
            "email",
            "e-mail",
            "传真",
            "qq:",
            "qq：",
            "微信号",
        ]
        .iter()
        .any(|w| lower.contains(w))
        && lower.chars().filter(char::is_ascii_digit).count() >= 5
}

fn is_promotion(simplified: &str) -> bool {
    let lower = simplified.to_lowercase().replace(' ', "");
    // An app's pitch: `安装…客户端…`, `下载…客户端`.
    let is_app_pitch = ["安装", "下载"].iter().any(|w| lower.contains(w))
        && (lower.contains("客户端") || lower.contains("app"));
    lower.chars().count() <= 60
        && (is_app_pitch || PROMOTION_MARKS.iter().any(|m| lower.contains(m)))
}

fn is_notice(simplified: &str) -> bool {
    let lower = simplified.to_lowercase().replace(' ', "");
    let lower = lower.trim_start_matches(['【', '[', '（', '(']);
    NOTICE_STARTS
        .iter()
        .any(|m| lower.starts_with(m.trim_start_matches(['【', '['])))
}

fn is_next_prev(simplified: &str) -> bool {
    ["上一篇", "下一篇", "上一条", "下一条"]
        .iter()
        .any(|m| simplified.starts_with(m))
}

fn ends_with_sentence_stop(s: &str) -> bool {
    s.ends_with(['。', '！', '？', '!', '?', '”', '」', '…', '；'])
}

/// A line that starts with a bar of widgets (`缩小字体 放大字体 收藏 微博 微信 分享 20,536`)
/// before the text the page set beside it: the bar and its counts, when there are at least
/// three widget words, and the text after them.
fn split_widget_prefix(simplified: &str) -> Option<usize> {
    let lower = simplified.to_lowercase();
    let mut words = 0;
    let mut end = 0;
    // Tokens with their byte offsets, split on white space.
    let tokens = lower
        .split(char::is_whitespace)
        .scan(0, |at, t| {
            let start = *at;
            *at += t.len()
                + lower[start + t.len()..]
                    .chars()
                    .next()
                    .map_or(0, char::len_utf8);
            Some((start, t))
        })
        .filter(|(_, t)| !t.is_empty());
    for (at, token) in tokens {
        let is_count = token.chars().all(|c| c.is_ascii_digit() || c == ',');
        if !(is_widget_run(token) || is_count) {
            break;
        }
        words += usize::from(!is_count);
        end = at + token.len();
    }
    // A count run into the text (`20,536出狱了`) goes with the bar.
    let rest = &lower[end..];
    let digits = rest
        .trim_start()
        .find(|c: char| !(c.is_ascii_digit() || c == ','))
        .unwrap_or(0);
    let end = end + (rest.len() - rest.trim_start().len()) + digits;
    (words >= 3 && end < lower.len()).then_some(end)
}

fn is_trail(s: &str) -> bool {
    TRAIL_STARTS.iter().any(|t| s.starts_with(t))
        || (s.contains("首页") && s.contains(['>', '＞', '›', '»']))
        || (s.starts_with("首页")
            && s.chars().count() <= 40
            && s.contains([' ', '-', '/', '|'])
            && !has_sentence_punct(s))
}

/// A footer line: a licence, a filing number, a publisher's notice. The marks that only
/// footers carry count on any short line; the others (`承办单位`, `联系我们`) only on a line
/// that is not a sentence, since an article can say them too.
fn is_footer(simplified: &str) -> bool {
    const ONLY_FOOTERS: &[&str] = &[
        "icp备",
        "icp证",
        "公网安备",
        "©",
        "copyright",
        "违法和不良信息",
    ];
    let lower = simplified.to_lowercase();
    let n = lower.chars().count();
    let is_sentence = lower.contains('。') || n > 100;
    (n <= 200 && ONLY_FOOTERS.iter().any(|m| lower.contains(m)))
        || (!is_sentence && FOOTER_MARKS.iter().any(|m| lower.contains(m)))
}

fn is_related_stub(s: &str) -> bool {
    let core = s.trim_end_matches([':', '：', '>', '»', ' ']);
    RELATED_STUBS.contains(&core)
}

/// The line under an official document's title that says when it was adopted or issued:
/// `（2007年6月29日第十届全国人民代表大会常务委员会第二十八次会议通过）`.
static DOCUMENT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（(]\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日[^）)]{0,80}(?:通过|发布|印发|公布|施行|修正|修订|批准)[）)]$")
        .expect("valid regex")
});

fn is_byline(s: &str) -> bool {
    let len = s.chars().count();
    (len <= 80 && !s.contains('。') && (s.contains("来源:") || s.contains("来源：")))
        || BYLINE_DATE.is_match(s)
        || EDITION.is_match(s)
        || super::meta::is_field_line(s)
        || super::meta::source_beside_date(s).is_some()
        || is_date_only(s)
        || is_dated_byline(s)
        || DOCUMENT_DATE.is_match(s)
}

/// A short line that is a date and a few words around it: a publisher, an edition, an
/// update time (`南方都市报·2025-07-03 10:27`, `2025年06月26日 20:49 最後更新:20:49`).
fn is_dated_byline(s: &str) -> bool {
    let n = s.chars().count();
    if n > 50 || s.contains(['。', '，', ',']) || super::meta::find_dates(s).is_empty() {
        return false;
    }
    let words = s
        .chars()
        .filter(|c| is_han(*c) || c.is_alphabetic())
        .count();
    words <= 16
}

/// A line that is only a date, maybe with a time or a weekday (`2024年3月5日 星期二`).
fn is_date_only(s: &str) -> bool {
    let n = s.chars().count();
    if n > 30 || super::meta::find_dates(s).is_empty() {
        return false;
    }
    let rest: String = super::meta::ascii_digits(s)
        .chars()
        .filter(|c| {
            !(c.is_ascii_digit() || c.is_whitespace() || "年月日号-/.:：()（）".contains(*c))
        })
        .collect();
    let is_weekday =
        |r: &str| (r.starts_with("星期") || r.starts_with('周')) && r.chars().count() <= 3;
    rest.is_empty() || is_weekday(&rest)
}

/// Whether a line is a list of one brand's keywords, such as `x易倍,x易倍官网,x易倍体育`:
/// returns the brand (their common prefix).
fn spam_brand(s: &str) -> Option<String> {
    let items: Vec<&str> = s
        .split([',', '，', '、', '|', '_'])
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .collect();
    if items.len() < 3 || s.contains('。') {
        return None;
    }
    let first: Vec<char> = items[0].chars().collect();
    let common = items.iter().skip(1).fold(first.len(), |n, item| {
        item.chars()
            .zip(first.iter())
            .take(n)
            .take_while(|(a, b)| a == *b)
            .count()
    });
    (common >= 2).then(|| first[..common].iter().collect())
}

/// A reporters' credit on a line of its own: `澎湃新闻记者 贺梨萍`, `本报记者 张三 李四`,
/// `通讯员 王五`.
static REPORTER_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Han}A-Za-z]{0,12}?(?:全媒体)?(?:记者|通讯员|特约撰稿人)\s*[\p{Han}·]{2,4}(?:[\s、,，]+[\p{Han}·]{2,4})*$")
        .expect("valid regex")
});

fn is_credit(s: &str) -> bool {
    CREDIT.is_match(s) || (s.contains("记者") && !has_sentence_punct(s) && s.chars().count() <= 60)
}

fn is_short_menu_item(s: &str) -> bool {
    let n = s.chars().count();
    n > 0
        && n <= 6
        && !has_sentence_punct(s)
        && !s.contains('“')
        && !s.chars().any(|c| c.is_ascii_digit())
}

/// Cleans decoded text line by line: returns the lines that stay and what was removed.
pub fn clean_lines(text: &str) -> (Vec<Line>, Vec<Removed>) {
    let mut removed = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let no = i + 1;
        let mut line = raw.to_string();
        for m in IMAGE.find_iter(raw) {
            removed.push(Removed {
                line: no,
                text: m.as_str().to_string(),
                reason: "image",
            });
        }
        if IMAGE.is_match(&line) {
            line = IMAGE.replace_all(&line, "").into_owned();
        }
        let line = remove_pinyin_notes(trim(&line));
        if let Some(m) = PHOTO_CREDIT_SUFFIX.find(&line) {
            removed.push(Removed {
                line: no,
                text: trim(m.as_str()).to_string(),
                reason: "photo credit",
            });
            let rest = trim(&line[..m.start()]).to_string();
            if !rest.is_empty() {
                lines.push(Line { no, text: rest });
            }
            continue;
        }
        if !line.is_empty() {
            lines.push(Line { no, text: line });
        }
    }

    // Line by line: what is chrome wherever it stands.
    let mut brands: Vec<String> = Vec::new();
    let mut kept: Vec<Line> = Vec::new();
    // A bare `AI导读` header: the machine summary under it goes too.
    let mut summary_follows = false;
    // After a related-articles stub below the article, its list of headlines goes too.
    let mut in_related_list = false;
    // A date laid out over short lines (`2024`, `03/05`, `09:12`) is one byline.
    let mut split_byline = vec![false; lines.len()];
    for i in 0..lines.len() {
        let text = |j: usize| lines[j].text.as_str();
        split_byline[i] = (super::meta::is_year_only(text(i))
            && i + 1 < lines.len()
            && super::meta::is_month_day(text(i + 1)))
            || (i > 0
                && super::meta::is_month_day(text(i))
                && super::meta::is_year_only(text(i - 1)))
            || (i > 0
                && super::meta::is_time_only(text(i))
                && (split_byline[i - 1] || !super::meta::find_dates(text(i - 1)).is_empty()));
    }
    for (mut line, is_split_byline) in lines.into_iter().zip(split_byline) {
        if let Some(c) = GLUED_TAIL.captures(&line.text) {
            let tail = c.get(1).expect("group 1");
            removed.push(Removed {
                line: line.no,
                text: trim(tail.as_str()).to_string(),
                reason: "byline",
            });
            line.text = trim(&line.text[..tail.start()]).to_string();
        }
        let mut s = to_simplified(&line.text);
        // A bar of widgets before the text on the same line goes, the text stays. Folding
        // keeps one character for one, so the cut carries over to the line as written.
        if let Some(end) = split_widget_prefix(&s) {
            let chars = s[..end].chars().count();
            let cut = line
                .text
                .char_indices()
                .nth(chars)
                .map_or(line.text.len(), |(i, _)| i);
            removed.push(Removed {
                line: line.no,
                text: trim(&line.text[..cut]).to_string(),
                reason: "widget",
            });
            line.text = trim(&line.text[cut..]).to_string();
            s = to_simplified(&line.text);
        }
        let reason = if let Some(brand) = spam_brand(&s) {
            brands.push(brand);
            Some("spam")
        } else if is_keyword_list(&s)
            || brands
                .iter()
                .any(|b| s.contains(b.as_str()) && s.chars().count() <= b.chars().count() + 8)
        {
            Some("spam")
        } else if is_trail(&s) {
            Some("trail")
        } else if is_widget(&s) {
            Some("widget")
        } else if is_footer(&s) {
            Some("footer")
        } else if is_related_stub(&s) {
            Some("related")
        } else if is_split_byline || is_byline(&s) {
            Some("byline")
        } else if is_counter_line(&s) {
            Some("counter")
        } else if (CREDIT.is_match(&s) && s.chars().count() <= 30 && !has_sentence_punct(&s))
            || REPORTER_LINE.is_match(&s)
        {
            Some("credit")
        } else if s.chars().count() <= 15 && (s.starts_with("您好") || s.starts_with("欢迎您"))
        {
            Some("widget")
        } else if s.chars().count() <= 12 && OUTLET.find(&s).is_some_and(|m| m.len() == s.len()) {
            Some("source")
        } else if is_contact_line(&s) {
            Some("contact")
        } else if is_photo_credit_line(&s) {
            Some("photo credit")
        } else if is_asset_name(&s) {
            Some("image")
        } else if is_comment_policy(&s) && s.chars().count() <= 200 {
            Some("notice")
        } else if is_bare_label(&s) {
            Some("widget")
        } else if is_promotion(&s) {
            Some("promotion")
        } else if s.chars().count() <= 200 && is_notice(&s) {
            summary_follows = s.chars().count() <= 8;
            Some("notice")
        } else if summary_follows {
            summary_follows = false;
            Some("notice")
        } else if in_related_list && !ends_with_sentence_stop(&s) && s.chars().count() <= 80 {
            Some("related")
        } else {
            None
        };
        let has_article = kept.iter().any(|l| l.text.chars().count() > 40);
        match reason {
            Some("related") if has_article => in_related_list = true,
            Some("notice") if has_article && is_next_prev(&s) => in_related_list = true,
            None if ends_with_sentence_stop(&s) && s.chars().count() > 80 => {
                in_related_list = false
            }
            _ => {}
        }
        match reason {
            Some(reason) => removed.push(Removed {
                line: line.no,
                text: line.text,
                reason,
            }),
            None => kept.push(line),
        }
    }

    // Menus: a run of very short lines before the article starts.
    let first_long = kept
        .iter()
        .position(|l| l.text.chars().count() > 15)
        .unwrap_or(kept.len());
    let mut i = 0;
    while i < first_long {
        let run = kept[i..first_long]
            .iter()
            .take_while(|l| is_short_menu_item(&l.text))
            .count();
        if run >= 3 {
            for l in kept.drain(i..i + run) {
                removed.push(Removed {
                    line: l.no,
                    text: l.text,
                    reason: "navigation",
                });
            }
            break;
        }
        i += run.max(1);
    }

    // Lists of links: three or more short bulleted lines in a row.
    let is_link_item = |s: &str| {
        s.starts_with(['•', '·', '●', '◆', '■', '▪', '►', '▶', '◇', '○'])
            && s.chars().count() <= 40
            && !s.ends_with(['。', '！', '？'])
    };
    let mut i = 0;
    while i < kept.len() {
        let run = kept[i..]
            .iter()
            .take_while(|l| is_link_item(&l.text))
            .count();
        if run >= 3 {
            for l in kept.drain(i..i + run) {
                removed.push(Removed {
                    line: l.no,
                    text: l.text,
                    reason: "related",
                });
            }
        } else {
            i += run.max(1);
        }
    }

    // Credits, stubs and footers at the very end.
    while let Some(last) = kept.last() {
        let s = to_simplified(&last.text);
        if is_credit(&s) || is_related_stub(&s) || is_short_menu_item(&s) && !s.starts_with("##") {
            let l = kept.pop().expect("last exists");
            removed.push(Removed {
                line: l.no,
                text: l.text,
                reason: "credit",
            });
        } else {
            break;
        }
    }
    removed.sort_by_key(|r| r.line);
    (kept, removed)
}

/// Whether a character ends a sentence or clause so that the next line starts a new paragraph.
pub fn ends_paragraph(s: &str) -> bool {
    s.chars()
        .last()
        .is_some_and(|c| "。！？!?…；;：:”」』）)】》".contains(c) || c == '"')
}

/// Whether a line reads as a heading: short, no sentence punctuation, brackets balanced.
pub fn is_heading_like(s: &str) -> bool {
    let n = s.chars().count();
    (2..=30).contains(&n)
        && !has_sentence_punct(s)
        && !ends_paragraph_with_stop(s)
        && is_balanced(s)
        && s.chars().any(is_han)
}

fn ends_paragraph_with_stop(s: &str) -> bool {
    s.ends_with('。') || s.ends_with('：') || s.ends_with(':')
}

/// Whether every opening quote or bracket in `s` is closed.
pub fn is_balanced(s: &str) -> bool {
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '“' | '（' | '(' | '《' | '「' | '『' | '【' | '‘' => depth += 1,
            '”' | '）' | ')' | '》' | '」' | '』' | '】' | '’' => depth -= 1,
            _ => {}
        }
    }
    depth <= 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_artefacts_go_and_real_brackets_stay() {
        let cases = [
            ("數(shù)字報", "數字報"),
            (
                "趙寨子鎮(zhèn)精密機械裝備產(chǎn)業(yè)園",
                "趙寨子鎮精密機械裝備產業園",
            ),
            ("眾鑫精密機械(山東)有限公司", "眾鑫精密機械(山東)有限公司"),
            ("发(fā)生", "发生"),
            ("人工智能(AI)赋能", "人工智能(AI)赋能"),
            ("2(a)款", "2(a)款"),
            ("绿(lǜ)色", "绿色"),
        ];
        for (input, want) in cases {
            assert_eq!(remove_pinyin_notes(input), want);
        }
    }

    fn kept(text: &str) -> Vec<String> {
        clean_lines(text).0.into_iter().map(|l| l.text).collect()
    }

    fn reasons(text: &str) -> Vec<(String, &'static str)> {
        clean_lines(text)
            .1
            .into_iter()
            .map(|r| (r.text, r.reason))
            .collect()
    }

    #[test]
    fn removes_chrome_and_keeps_the_article() {
        let page = "emc易倍,emc易倍官网,emc易倍体育\n\n页面\n配色\n辅助线\n重置\n当前位置:首页 > 政务动态\n\n\
                    标题在这里是一个长的标题行\n2025-07-28 09:05     来源:中国网\n分享 微信\n头条\n微博 空间 qq\n【字体: 打印\n\n\
                    正文第一段,说的是柳州的事情。\n\n正文第二段。\n\n文件下载:\n\n关联文件:\n    相关链接:\n      emc易倍";
        assert_eq!(
            kept(page),
            [
                "标题在这里是一个长的标题行",
                "正文第一段,说的是柳州的事情。",
                "正文第二段。"
            ]
        );
        let r = reasons(page);
        assert!(r.contains(&("emc易倍,emc易倍官网,emc易倍体育".into(), "spam")));
        assert!(r.contains(&("emc易倍".into(), "spam")));
        assert!(r.contains(&("当前位置:首页 > 政务动态".into(), "trail")));
        assert!(r.contains(&("2025-07-28 09:05     来源:中国网".into(), "byline")));
    }

    #[test]
    fn removes_footers_credits_and_images() {
        let page = format!(
            "<{t}>data:image/s3,\"s3://crabby-images/1e89c/1e89cf0b5f40e6cb1911b04c40c2ad83b27a6d61\" alt=\"\"</{t}>\n风电设备厂内,工人在组装部件。 全媒体记者 覃科 摄\n\
                    正文。\n  文/記者 夏旭光 韓慶陽 圖/資料圖\n編輯:李明\n審核:劉 飛\n相關推薦\n\n\n網友評論\n\
                    關於我們 | 廣告服務 | 版權聲明\n魯ICP備09083931號\n本網違法和不良信息舉報電話:18663509279",
            t = "ns:image"
        );
        assert_eq!(kept(&page), ["风电设备厂内,工人在组装部件。", "正文。"]);
        let r = reasons(&page);
        assert!(
            r.iter()
                .any(|(t, why)| t.starts_with("<ns:image>data:image") && *why == "image")
        );
        assert!(r.contains(&("全媒体记者 覃科 摄".into(), "photo credit")));
        assert!(r.contains(&("魯ICP備09083931號".into(), "footer")));
    }

    #[test]
    fn credits_at_the_end_go_but_the_last_paragraph_stays() {
        let page = "正文最后一段。\n策划:江萌\n采写:极目新闻记者黄忠 庞正\n南都记者 向雪妮 余毅菁\n编辑:肖苔\n审核:魏曦";
        assert_eq!(kept(page), ["正文最后一段。"]);
    }

    #[test]
    fn chrome_of_news_portals_goes_and_the_text_beside_it_stays() {
        let page = "澎湃新闻记者 贺梨萍\n\
                    缩小字体 放大字体 收藏 微博 微信 分享 20,536出狱了。据港媒消息，当事人今日刑满。\n\
                    1032人参与308评论\n\
                    QQ好友新浪微博微信好友 收藏\n\
                    15867\n\
                    柳州新能源汽车产量增长，工业体系完备。\n\
                    (本文来自澎湃新闻，更多原创资讯请下载“澎湃新闻”APP)";
        assert_eq!(
            kept(page),
            [
                "出狱了。据港媒消息，当事人今日刑满。",
                "柳州新能源汽车产量增长，工业体系完备。"
            ]
        );
        let r = reasons(page);
        assert!(
            r.contains(&("澎湃新闻记者 贺梨萍".into(), "credit")),
            "{r:?}"
        );
        assert!(
            r.contains(&("1032人参与308评论".into(), "counter")),
            "{r:?}"
        );
    }

    #[test]
    fn headings_and_broken_lines_are_told_apart() {
        assert!(is_heading_like("抢占关键“制高点”"));
        assert!(is_heading_like("【湖北】"));
        assert!(!is_heading_like("“目前，烟台黄渤海新区有不少"));
        assert!(!is_heading_like("通过源头设计，促进"));
        assert!(!ends_paragraph("铜川铝产业发展走上了快"));
        assert!(ends_paragraph("具备以下几个优势:"));
        assert!(ends_paragraph("新增工业产值达494亿元……"));
    }
}
