//! Matching typed pinyin against Chinese text: every reading of every character is tried (重 is
//! zhong and chong, 长 chang and zhang), full syllables and their beginnings mix freely
//! (`liuzhou`, `liuzh`, `lz`), and ü can be typed as v or u.

use pinyin::ToPinyinMulti;
use std::sync::OnceLock;

const START: u32 = 0x3400;
const END: u32 = 0xA000;

/// Readings the dictionary lacks, as place names use them (乐亭 is Laoting).
const EXTRA_READINGS: &[(char, &str)] = &[('乐', "lao"), ('柏', "bo"), ('洞', "tong")];

struct Table {
    readings: Vec<Box<[Box<str>]>>,
    initials: Vec<u32>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let n = (END - START) as usize;
        let mut readings = Vec::with_capacity(n);
        let mut initials = Vec::with_capacity(n);
        for u in START..END {
            let c = char::from_u32(u).unwrap_or(' ');
            let mut rs: Vec<Box<str>> = Vec::new();
            let mut add = |r: &str| {
                if !r.is_empty() && !rs.iter().any(|x| &**x == r) {
                    rs.push(r.into());
                }
            };
            if let Some(multi) = c.to_pinyin_multi() {
                for p in multi {
                    let plain = p.plain();
                    if plain.contains('ü') {
                        add(&plain.replace('ü', "v"));
                        add(&plain.replace('ü', "u"));
                    } else {
                        add(plain);
                    }
                }
            }
            for (_, r) in EXTRA_READINGS.iter().filter(|(x, _)| *x == c) {
                add(r);
            }
            let mask = rs
                .iter()
                .filter_map(|r| r.bytes().next())
                .fold(0u32, |m, b| m | letter_bit(b));
            initials.push(mask);
            readings.push(rs.into_boxed_slice());
        }
        Table { readings, initials }
    })
}

fn letter_bit(b: u8) -> u32 {
    if b.is_ascii_lowercase() {
        1 << (b - b'a')
    } else {
        0
    }
}

/// Every reading of `c`, without tones; empty for a character that is not Chinese.
pub fn readings(c: char) -> &'static [Box<str>] {
    let u = c as u32;
    if (START..END).contains(&u) {
        &table().readings[(u - START) as usize]
    } else {
        &[]
    }
}

/// Whether a typed term looks like pinyin: ASCII letters, perhaps with apostrophes (`xi'an`).
pub fn is_pinyin_query(term: &str) -> bool {
    term.bytes().any(|b| b.is_ascii_alphabetic())
        && term.bytes().all(|b| b.is_ascii_alphabetic() || b == b'\'')
}

/// Whether `c` could begin a match of a query starting with letter `first`.
fn may_start(c: char, first: u8) -> bool {
    let u = c as u32;
    if (START..END).contains(&u) {
        table().initials[(u - START) as usize] & letter_bit(first) != 0
    } else {
        c.is_ascii() && c.to_ascii_lowercase() as u8 == first
    }
}

/// Matches `query` (lower-case letters) from character `i` of `chars`: returns the end and a
/// score (full syllables count most). Tries full syllables before their beginnings.
fn match_from(query: &[u8], chars: &[char], i: usize, budget: &mut u32) -> Option<(usize, u32)> {
    if query.is_empty() {
        return Some((i, 0));
    }
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    let c = *chars.get(i)?;
    if c.is_ascii_alphanumeric() {
        if c.to_ascii_lowercase() as u8 == query[0] {
            return match_from(&query[1..], chars, i + 1, budget).map(|(e, s)| (e, s + 2));
        }
        return None;
    }
    let mut best: Option<(usize, u32)> = None;
    for r in readings(c) {
        let r = r.as_bytes();
        for k in (1..=r.len().min(query.len())).rev() {
            if query[..k] != r[..k] {
                continue;
            }
            let gain = if k == r.len() { 10 } else { 2 + k as u32 };
            if let Some((end, s)) = match_from(&query[k..], chars, i + 1, budget)
                && best.is_none_or(|(_, b)| s + gain > b)
            {
                best = Some((end, s + gain));
            }
        }
    }
    best
}

/// The best match of pinyin `query` in `chars`: its character range and score. The query's
/// apostrophes are ignored; it must cover whole characters, contiguous in the text.
pub fn find(query: &str, chars: &[char]) -> Option<(usize, usize, u32)> {
    let q: Vec<u8> = query
        .bytes()
        .filter(|b| *b != b'\'')
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let first = *q.first()?;
    let mut best: Option<(usize, usize, u32)> = None;
    for start in 0..chars.len() {
        if !may_start(chars[start], first) {
            continue;
        }
        let mut budget = 10_000;
        if let Some((end, score)) = match_from(&q, chars, start, &mut budget)
            && best.is_none_or(|(_, _, b)| score > b)
        {
            best = Some((start, end, score));
        }
    }
    best
}

/// A match of pinyin `query` that starts at the first of `chars`: its end and score.
pub fn match_start(query: &str, chars: &[char]) -> Option<(usize, u32)> {
    let q: Vec<u8> = query
        .bytes()
        .filter(|b| *b != b'\'')
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let first = *q.first()?;
    if !may_start(*chars.first()?, first) {
        return None;
    }
    let mut budget = 10_000;
    match_from(&q, chars, 0, &mut budget)
}

/// The first match of pinyin `query` in `chars`, for long texts where any match will do.
pub fn find_first(query: &str, chars: &[char]) -> Option<(usize, usize, u32)> {
    let q: Vec<u8> = query
        .bytes()
        .filter(|b| *b != b'\'')
        .map(|b| b.to_ascii_lowercase())
        .collect();
    let first = *q.first()?;
    (0..chars.len())
        .filter(|&s| may_start(chars[s], first))
        .find_map(|start| {
            let mut budget = 10_000;
            match_from(&q, chars, start, &mut budget).map(|(end, score)| (start, end, score))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(query: &str, text: &str) -> Option<String> {
        let chars: Vec<char> = text.chars().collect();
        find(query, &chars).map(|(s, e, _)| chars[s..e].iter().collect())
    }

    #[test]
    fn place_names_match_by_every_reading() {
        assert_eq!(m("chongqing", "重庆市").as_deref(), Some("重庆"));
        assert_eq!(m("cq", "重庆市").as_deref(), Some("重庆"));
        assert_eq!(m("changsha", "湖南长沙").as_deref(), Some("长沙"));
        assert_eq!(m("xiamen", "福建厦门").as_deref(), Some("厦门"));
        assert_eq!(m("luan", "安徽六安").as_deref(), Some("六安"));
        assert_eq!(m("lu'an", "安徽六安").as_deref(), Some("六安"));
        assert_eq!(m("laoting", "乐亭县").as_deref(), Some("乐亭"));
        assert_eq!(m("lvse", "绿色发展").as_deref(), Some("绿色"));
        assert_eq!(m("luse", "绿色发展").as_deref(), Some("绿色"));
    }

    #[test]
    fn syllables_and_initials_mix() {
        for q in ["liuzhou", "lz", "liuzh", "lzhou", "LiuZhou"] {
            assert_eq!(m(q, "广西柳州市").as_deref(), Some("柳州"), "{q}");
        }
        assert_eq!(
            m("xnyqc", "发展新能源汽车产业").as_deref(),
            Some("新能源汽车")
        );
        assert_eq!(m("lzs", "柳州市").as_deref(), Some("柳州市"));
        assert_eq!(m("5g", "5G基站").as_deref(), Some("5G"));
        assert_eq!(m("qiche", "新能源汽车").as_deref(), Some("汽车"));
        // Contiguous only: 柳 and 州 apart do not make liuzhou.
        assert_eq!(m("liuzhou", "柳树和州府"), None);
        assert_eq!(m("shanghai", "柳州市"), None);
    }

    #[test]
    fn full_syllables_outscore_initials() {
        let chars: Vec<char> = "柳州".chars().collect();
        let full = find("liuzhou", &chars).unwrap().2;
        let initials = find("lz", &chars).unwrap().2;
        assert!(full > initials);
    }

    #[test]
    fn only_letters_make_a_pinyin_query() {
        assert!(is_pinyin_query("liuzhou"));
        assert!(is_pinyin_query("xi'an"));
        assert!(!is_pinyin_query("柳州"));
        assert!(!is_pinyin_query("2024"));
        assert!(!is_pinyin_query("5g"));
    }
}
