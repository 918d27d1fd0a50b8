//! Saved web pages: the article's text and what the page's markup says about it.
//!
//! The main content is found by `dom_smoothie` (a port of Mozilla's Readability); the page's
//! own metadata (`og:title`, the `ArticleTitle` and `PubDate` metas that Chinese CMSs emit,
//! `article:published_time`, the canonical link) and its visible text around the headline
//! are read here, so the text pipeline can find the byline that Readability drops.

use dom_query::{Document, NodeRef};

/// What a saved page holds, as text for the importer's text pipeline.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Page {
    /// Headlines the markup states, strongest first (`og:title`, `ArticleTitle`, `<h1>`).
    pub titles: Vec<String>,
    /// The `<title>` element, which usually carries the site's name too.
    pub head_title: Option<String>,
    /// Publication times from metas or `<time>`, as written (`2024-03-05T09:12:00+08:00`).
    pub dates: Vec<String>,
    /// The canonical address of the page.
    pub url: Option<String>,
    /// The publisher a meta names (`ContentSource`, `source`).
    pub source: Option<String>,
    /// Every visible line of the page, in order (menus and footers included).
    pub lines: Vec<String>,
    /// The lines of the main content, when it could be told from the rest.
    pub content: Option<Vec<String>>,
}

/// Whether `bytes` (or the file's extension) look like an HTML page rather than plain text.
pub fn is_html(bytes: &[u8], extension: Option<&str>) -> bool {
    if extension.is_some_and(|e| {
        ["html", "htm", "xhtml", "shtml", "mht"]
            .iter()
            .any(|h| e.eq_ignore_ascii_case(h))
    }) {
        return true;
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let head: Vec<u8> = bytes
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(1024)
        .map(u8::to_ascii_lowercase)
        .collect();
    let contains = |tag: &[u8]| head.windows(tag.len()).any(|w| w == tag);
    head.starts_with(b"<!doctype html")
        || (head.starts_with(b"<")
            && (contains(b"<html") || contains(b"<head") || contains(b"<body")))
}

/// The charset a page declares in its first bytes (`<meta charset=gbk>`, or a content type).
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head: Vec<u8> = bytes
        .iter()
        .take(4096)
        .map(u8::to_ascii_lowercase)
        .collect();
    let at = head.windows(8).position(|w| w == b"charset=")?;
    let rest = &head[at + 8..];
    let rest = rest
        .strip_prefix(b"\"")
        .or_else(|| rest.strip_prefix(b"'"))
        .unwrap_or(rest);
    let name: String = rest
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b'_')
        .map(|&b| char::from(b))
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Elements whose text is never part of what a reader sees.
const HIDDEN: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed",
    "head", "select", "option", "button", "textarea", "input", "map", "audio", "video",
];

/// Elements that start a line of their own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "table",
    "tbody",
    "thead",
    "tfoot",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "form",
    "fieldset",
    "hr",
    "address",
    "center",
    "caption",
    "body",
    "html",
];

/// Reads a page: its metadata, its visible lines and its main content.
pub fn read_page(html: &str) -> Page {
    let doc = Document::from(html);
    let meta = |names: &[&str]| -> Vec<String> {
        let mut out = Vec::new();
        for name in names {
            for attr in ["property", "name", "itemprop"] {
                let sel = format!("meta[{attr}=\"{name}\" i]");
                for node in doc.select(&sel).nodes() {
                    if let Some(v) = node.attr("content") {
                        let v = squeeze(&v);
                        if !v.is_empty() && !out.contains(&v) {
                            out.push(v);
                        }
                    }
                }
            }
        }
        out
    };
    let mut titles = meta(&["og:title", "ArticleTitle", "twitter:title", "headline"]);
    for h1 in doc.select("h1").nodes() {
        let t = squeeze(&h1.text());
        if !t.is_empty() && !titles.contains(&t) {
            titles.push(t);
        }
    }
    let head_title = doc
        .select("title")
        .nodes()
        .first()
        .map(|t| squeeze(&t.text()))
        .filter(|t| !t.is_empty());
    let mut dates = meta(&[
        "article:published_time",
        "PubDate",
        "publishdate",
        "pubdate",
        "publish_date",
        "og:release_date",
        "datePublished",
        "dc.date",
        "dcterms.created",
        "firstpublishedtime",
    ]);
    for t in doc.select("time").nodes() {
        if let Some(v) = t.attr("datetime") {
            let v = squeeze(&v);
            if !v.is_empty() && !dates.contains(&v) {
                dates.push(v);
            }
        }
    }
    // Weaker: an element the page names as a time or date (`<span class="time">`) that holds
    // a whole date, then the page's update time.
    let dated = "[class*=time i], [class*=date i], [id*=time i], [id*=date i], [class*=pubtime i], [class*=publish i]";
    for node in doc.select(dated).nodes().iter().take(50) {
        let text = squeeze(&node.text());
        if text.chars().count() <= 60
            && !super::meta::find_dates(&text).is_empty()
            && !dates.contains(&text)
        {
            dates.push(text);
        }
    }
    for v in meta(&["dateUpdate", "dateModified", "article:modified_time"]) {
        if !dates.contains(&v) {
            dates.push(v);
        }
    }
    let url = doc
        .select("link[rel=\"canonical\" i]")
        .nodes()
        .first()
        .and_then(|l| l.attr("href"))
        .map(|h| h.trim().to_string())
        .or_else(|| meta(&["og:url"]).into_iter().next())
        .filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let source = meta(&["ContentSource", "source", "og:site_name"])
        .into_iter()
        .next();
    let lines = doc.body().map(|b| text_lines(&b)).unwrap_or_default();
    let content = main_content(html);
    Page {
        titles,
        head_title,
        dates,
        url,
        source,
        lines,
        content,
    }
}

/// The article's lines as Readability finds them, or `None` when it finds nothing.
fn main_content(html: &str) -> Option<Vec<String>> {
    let cfg = dom_smoothie::Config {
        // Chinese says in 200 characters what English says in 500.
        char_threshold: 200,
        max_elements_to_parse: 200_000,
        ..Default::default()
    };
    let mut readability = dom_smoothie::Readability::new(html, None, Some(cfg)).ok()?;
    let article = readability.parse().ok()?;
    let doc = Document::from(article.content.as_ref());
    let lines = doc.body().map(|b| text_lines(&b)).unwrap_or_default();
    let text_len: usize = lines.iter().map(|l| l.chars().count()).sum();
    (text_len > 0).then_some(lines)
}

/// Collapses runs of white space (including the ideographic and no-break spaces) to one space.
fn squeeze(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The visible text under `node`, a line for each block; table cells are separated by spaces.
fn text_lines(node: &NodeRef<'_>) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    walk(node, &mut current, &mut lines, 0);
    flush(&mut current, &mut lines);
    lines
}

fn flush(current: &mut String, lines: &mut Vec<String>) {
    let line = squeeze(current);
    if !line.is_empty() {
        lines.push(line);
    }
    current.clear();
}

fn walk(node: &NodeRef<'_>, current: &mut String, lines: &mut Vec<String>, depth: usize) {
    // Deeply nested markup is flattened rather than followed down, so no page can exhaust the stack.
    if depth > 400 {
        current.push_str(&node.text());
        return;
    }
    for child in node.children_it(false) {
        if child.is_text() {
            current.push_str(&child.text());
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let name = child
            .node_name()
            .map(|n| n.to_ascii_lowercase())
            .unwrap_or_default();
        if HIDDEN.contains(&name.as_str()) || is_hidden(&child) {
            continue;
        }
        if name == "img" {
            continue;
        }
        let is_block = BLOCKS.contains(&name.as_str());
        if is_block {
            flush(current, lines);
        } else if name == "td" || name == "th" {
            current.push(' ');
        }
        walk(&child, current, lines, depth + 1);
        if is_block {
            flush(current, lines);
        }
    }
}

fn is_hidden(node: &NodeRef<'_>) -> bool {
    node.has_attr("hidden")
        || node.attr("style").is_some_and(|s| {
            let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
            let s = s.to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta charset="gbk"><title>柳州新能源汽车产量增长_柳州新闻网</title>
<meta name="ArticleTitle" content="柳州新能源汽车产量增长">
<meta name="PubDate" content="2024-03-05 09:12">
<meta name="ContentSource" content="柳州日报">
<link rel="canonical" href="https://www.example.gov.cn/a/1.html">
<script>var x = "<p>不是正文</p>";</script><style>p{color:red}</style></head>
<body><div class="nav"><a href="/">首页</a> <a href="/n">新闻</a></div>
<h1>柳州新能源汽车产量增长</h1><div class="info">发布时间：2024-03-05 来源：柳州日报</div>
<div class="content"><p>今年以来，柳州市新能源汽车产量同比增长30%，达到77.6万辆。柳州正在加快建设新能源汽车产业集群，推动产业链上下游协同发展，形成完整的产业生态。</p>
<p>柳州市工业和信息化局负责人表示，下一步将继续培育龙头企业，做大做强汽车产业，打造具有国际竞争力的汽车城。全市规模以上工业增加值增长8.1%。</p>
<table><tr><td>指标</td><td>数值</td></tr><tr><td>产量</td><td>77.6万辆</td></tr></table>
<p style="display:none">隐藏的字</p></div>
<div class="footer">版权所有 柳州新闻网</div></body></html>"#;

    #[test]
    fn reads_metadata_the_markup_states() {
        let p = read_page(PAGE);
        assert_eq!(
            p.titles.first().map(String::as_str),
            Some("柳州新能源汽车产量增长")
        );
        assert_eq!(
            p.head_title.as_deref(),
            Some("柳州新能源汽车产量增长_柳州新闻网")
        );
        assert_eq!(p.dates, ["2024-03-05 09:12"]);
        assert_eq!(
            p.url.as_deref(),
            Some("https://www.example.gov.cn/a/1.html")
        );
        assert_eq!(p.source.as_deref(), Some("柳州日报"));
        assert_eq!(declared_charset(PAGE.as_bytes()).as_deref(), Some("gbk"));
    }

    #[test]
    fn visible_lines_leave_out_scripts_styles_and_hidden_text() {
        let p = read_page(PAGE);
        let all = p.lines.join("\n");
        assert!(all.contains("发布时间：2024-03-05 来源：柳州日报"), "{all}");
        assert!(!all.contains("不是正文") && !all.contains("color:red") && !all.contains("隐藏"));
        assert!(
            p.lines.contains(&"产量 77.6万辆".to_string()),
            "{:?}",
            p.lines
        );
    }

    #[test]
    fn the_main_content_is_the_article() {
        let content = read_page(PAGE).content.expect("content found");
        assert!(
            content[0].starts_with("今年以来，柳州市新能源汽车产量"),
            "{content:?}"
        );
        assert!(
            !content
                .iter()
                .any(|l| l.contains("版权所有") || l.contains("首页"))
        );
    }

    #[test]
    fn a_dated_element_and_the_update_time_stand_in_for_a_missing_publication_date() {
        let page = r#"<html><head><meta itemprop="dateUpdate" content="2019-09-30 22:46:13"></head>
            <body><h1>标题</h1><div class="info"><span class="time">2019-09-08 11:42:03</span></div>
            <p>正文。</p></body></html>"#;
        assert_eq!(
            read_page(page).dates,
            ["2019-09-08 11:42:03", "2019-09-30 22:46:13"]
        );
    }

    #[test]
    fn html_is_told_from_text() {
        assert!(is_html(b"<!DOCTYPE html><html>", None));
        assert!(is_html(b"\xef\xbb\xbf  <html lang=zh>", None));
        assert!(is_html(b"anything", Some("HTM")));
        assert!(!is_html(
            "柳州新能源汽车<b>产量</b>".as_bytes(),
            Some("txt")
        ));
        assert!(!is_html(b"<p>", None));
    }
}
