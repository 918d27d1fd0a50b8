//! Matching typed pinyin against Chinese text: every reading of every character is tried (重 is
//! zhong and chong, 长 chang and zhang); each syllable is typed whole, as its initial, or cut
//! short at the end of the query, mixed freely (`liuzhou`, `lzhou`, `liuzh`, `lz`, `zhq`); ü can
//! be typed as v or u.

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

/// Results of matching already worked out, by letters left and character; kept between calls
/// to save allocating.
#[derive(Debug, Clone)]
pub struct Memo {
    stride: usize,
    cells: Vec<Option<Option<(usize, u32)>>>,
}

impl Memo {
    fn new(letters: usize, chars: usize) -> Memo {
        Memo {
            stride: chars + 1,
            cells: vec![None; (letters + 1) * (chars + 1)],
        }
    }

    fn clear(&mut self) {
        self.cells.fill(None);
    }
}

/// Matches `query` (lower-case letters) from character `i` of `chars`: returns the end and a
/// score (full syllables count most). Each (letters left, character) pair is worked out once.
fn match_from(query: &[u8], chars: &[char], i: usize, memo: &mut Memo) -> Option<(usize, u32)> {
    if query.is_empty() {
        return Some((i, 0));
    }
    let key = query.len() * memo.stride + i;
    if let Some(known) = memo.cells.get(key).copied().flatten() {
        return known;
    }
    let c = *chars.get(i)?;
    let result = if c.is_ascii_alphanumeric() {
        if c.to_ascii_lowercase() as u8 == query[0] {
            match_from(&query[1..], chars, i + 1, memo).map(|(e, s)| (e, s + 2))
        } else {
            None
        }
    } else {
        let mut best: Option<(usize, u32)> = None;
        for r in readings(c) {
            let r = r.as_bytes();
            let common = r.iter().zip(query).take_while(|(a, b)| a == b).count();
            if common == 0 {
                continue;
            }
            // A syllable is typed whole, as its first letter or initial (l, zh), or cut short
            // by the end of the query (liuzh); other beginnings would only make noise.
            let initial = if r.len() > 1 && matches!(&r[..2], b"zh" | b"ch" | b"sh") {
                2
            } else {
                1
            };
            // Whole, first letter (c for ch), initial (ch), cut short by the query's end.
            let mut lengths = [0usize; 4];
            if common == r.len() {
                lengths[0] = r.len();
            }
            if r.len() > 1 {
                lengths[1] = 1;
            }
            if common >= initial && initial < r.len() {
                lengths[2] = initial;
            }
            if common == query.len() && query.len() < r.len() {
                lengths[3] = query.len();
            }
            for (n, &k) in lengths.iter().enumerate() {
                if k == 0 || lengths[..n].contains(&k) {
                    continue;
                }
                let gain = if k == r.len() { 10 } else { 2 + k as u32 };
                if let Some((end, s)) = match_from(&query[k..], chars, i + 1, memo)
                    && best.is_none_or(|(_, b)| s + gain > b)
                {
                    best = Some((end, s + gain));
                }
            }
        }
        best
    };
    if let Some(cell) = memo.cells.get_mut(key) {
        *cell = Some(result);
    }
    result
}

/// The best match of pinyin `query` in `chars`: its character range and score. The query's
/// apostrophes are ignored; it must cover whole characters, contiguous in the text.
pub fn find(query: &str, chars: &[char]) -> Option<(usize, usize, u32)> {
    let q = Query::new(query);
    let mut best: Option<(usize, usize, u32)> = None;
    let mut memo = Memo::new(q.len(), chars.len());
    for start in 0..chars.len() {
        if !q.may_start(chars[start]) {
            continue;
        }
        memo.clear();
        if let Some((end, score)) = match_from(&q.letters, chars, start, &mut memo)
            && best.is_none_or(|(_, _, b)| score > b)
        {
            best = Some((start, end, score));
        }
    }
    best
}

/// A pinyin term prepared once for matching many times: lower case, apostrophes dropped.
#[derive(Debug, Clone)]
pub struct Query {
    letters: Vec<u8>,
}

impl Query {
    /// Prepares `term`.
    pub fn new(term: &str) -> Query {
        Query {
            letters: term
                .bytes()
                .filter(|b| *b != b'\'')
                .map(|b| b.to_ascii_lowercase())
                .collect(),
        }
    }

    /// How many letters it has: no match covers more characters than that.
    pub fn len(&self) -> usize {
        self.letters.len()
    }

    /// Whether it has no letters.
    pub fn is_empty(&self) -> bool {
        self.letters.is_empty()
    }

    /// Whether `c` could begin a match.
    pub fn may_start(&self, c: char) -> bool {
        self.letters.first().is_some_and(|&f| may_start(c, f))
    }

    /// Working space for [`Query::match_start`] on windows of up to `len()` characters.
    pub fn memo(&self) -> Memo {
        Memo::new(self.letters.len(), self.letters.len())
    }

    /// A match that starts at the first of `chars` (at most `len()` of them): end and score.
    pub fn match_start(&self, chars: &[char], memo: &mut Memo) -> Option<(usize, u32)> {
        if !self.may_start(*chars.first()?) || chars.len() > self.letters.len() {
            return None;
        }
        memo.clear();
        match_from(&self.letters, chars, 0, memo)
    }
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
