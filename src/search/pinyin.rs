//! Matching typed pinyin against Chinese text: every reading of every character is tried (重 is
//! zhong and chong, 长 chang and zhang); each syllable is typed whole, as its initial, or cut
//! short at the end of the query, mixed freely (`liuzhou`, `lzhou`, `liuzh`, `lz`, `zhq`); ü can
//! be typed as v or u.

use std::sync::OnceLock;

const START: u32 = 0x3400;
const END: u32 = 0xA000;

/// The most characters one pinyin match may cover. Nobody types the pinyin of a longer phrase
/// as one term, and the bound keeps matching's working space (letters x characters) and its
/// depth of recursion small whatever is typed or pasted: a term of more letters than this many
/// characters can take is known at once to match nothing.
pub const MAX_SPAN: usize = 64;

/// Readings the dictionary lacks, as place names use them (乐亭 is Laoting).
#[cfg(test)]
const EXTRA_READINGS: &[(char, &str)] = &[('乐', "lao"), ('柏', "bo"), ('洞', "tong")];

struct Table {
    /// The readings of every character in the range, one after another.
    flat: Vec<&'static str>,
    /// Where each character's readings start in `flat`; one more entry marks the end.
    starts: Vec<u32>,
    initials: Vec<u32>,
    /// Every distinct reading, sorted: to tell whether typed letters could be one character.
    syllables: Vec<&'static str>,
    /// The length of the longest reading.
    longest: usize,
}

/// The readings ready to use, made from the `pinyin` crate (see the test
/// `the_ready_table_matches_the_dictionary`): a first line of every distinct reading, sorted,
/// then a line for each character from `START` to `END` with its readings, most common first.
/// Reading it takes a fraction of a millisecond; asking the dictionary took several.
const READY: &str = include_str!("pinyin.txt");

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let n = (END - START) as usize;
        let mut lines = READY.split('\n');
        let syllables: Vec<&'static str> = lines
            .next()
            .unwrap_or("")
            .split(' ')
            .filter(|s| !s.is_empty())
            .collect();
        let mut flat = Vec::with_capacity(n + n / 4);
        let mut starts = Vec::with_capacity(n + 1);
        let mut initials = Vec::with_capacity(n);
        for _ in 0..n {
            starts.push(flat.len() as u32);
            let mut mask = 0;
            for r in lines
                .next()
                .unwrap_or("")
                .split(' ')
                .filter(|r| !r.is_empty())
            {
                mask |= r.bytes().next().map_or(0, letter_bit);
                flat.push(r);
            }
            initials.push(mask);
        }
        starts.push(flat.len() as u32);
        let longest = syllables.iter().map(|r| r.len()).max().unwrap_or(1);
        Table {
            flat,
            starts,
            initials,
            syllables,
            longest,
        }
    })
}

/// One bit for each lower-case letter, and one more shared by the digits.
fn letter_bit(b: u8) -> u32 {
    if b.is_ascii_lowercase() {
        1 << (b - b'a')
    } else if b.is_ascii_digit() {
        1 << 26
    } else {
        0
    }
}

/// Every reading of `c`, without tones; empty for a character that is not Chinese.
pub fn readings(c: char) -> &'static [&'static str] {
    let u = c as u32;
    if (START..END).contains(&u) {
        let t = table();
        let i = (u - START) as usize;
        &t.flat[t.starts[i] as usize..t.starts[i + 1] as usize]
    } else {
        &[]
    }
}

/// Whether a typed term looks like pinyin: ASCII letters, perhaps with apostrophes (`xi'an`).
pub fn is_pinyin_query(term: &str) -> bool {
    term.bytes().any(|b| b.is_ascii_alphabetic())
        && term.bytes().all(|b| b.is_ascii_alphabetic() || b == b'\'')
}

/// Every character of the Basic Multilingual Plane sorted into one of 256 classes by its
/// [`initials`], so a long text can keep one byte a character for pinyin scans. There are more
/// than 256 distinct sets of initials, so the classes are chosen for a given text: its
/// commonest sets each get a class, and the rest fall into the smallest class that covers
/// them. A class's letters may be more than a character's, never fewer.
#[derive(Debug, Clone)]
pub struct Classes {
    of_unit: Box<[u8]>,
    masks: Box<[u32; 256]>,
}

/// Every letter and the digits: the class nothing is missing from.
const ALL_LETTERS: u32 = (1 << 27) - 1;

impl Classes {
    /// The classes for a text in which UTF-16 code unit `u` occurs `counts[u]` times.
    pub fn for_counts(counts: &[u32]) -> Classes {
        let unit_mask = |u: u32| char::from_u32(u).map_or(0, initials);
        let mut by_mask: std::collections::HashMap<u32, u64> = Default::default();
        for (u, &n) in counts.iter().enumerate() {
            if n > 0 {
                *by_mask.entry(unit_mask(u as u32)).or_default() += u64::from(n);
            }
        }
        // The classes every text needs: nothing, everything, each letter, the digits.
        let mut kept: Vec<u32> = vec![0, ALL_LETTERS];
        kept.extend((0..27).map(|b| 1u32 << b));
        // Then the commonest sets of initials in the text.
        let mut common: Vec<(u32, u64)> = by_mask.into_iter().collect();
        common.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        for (mask, _) in common {
            if kept.len() == 256 {
                break;
            }
            if !kept.contains(&mask) {
                kept.push(mask);
            }
        }
        let mut masks = Box::new([0u32; 256]);
        masks[..kept.len()].copy_from_slice(&kept);
        let class_of = |mask: u32| -> u8 {
            let exact = kept.iter().position(|&k| k == mask);
            let cover = || {
                (0..kept.len())
                    .filter(|&i| kept[i] & mask == mask)
                    .min_by_key(|&i| kept[i].count_ones())
            };
            // `kept` holds ALL_LETTERS, so some class always covers.
            exact.or_else(cover).unwrap_or(1) as u8
        };
        let mut memo: std::collections::HashMap<u32, u8> = Default::default();
        // Most code units have no initials: one lookup for all of them.
        let none = class_of(0);
        let of_unit = (0..=u32::from(u16::MAX))
            .map(|u| match unit_mask(u) {
                0 => none,
                m => *memo.entry(m).or_insert_with(|| class_of(m)),
            })
            .collect();
        Classes { of_unit, masks }
    }
}

impl Default for Classes {
    /// Classes for no text in particular.
    fn default() -> Classes {
        Classes::plain().clone()
    }
}

impl Classes {
    /// Classes for no text in particular, made once: where one text is folded on its own
    /// (checking a body read again, finding in the reader's text), making them for each call
    /// cost more than the folding itself.
    pub fn plain() -> &'static Classes {
        static PLAIN: std::sync::OnceLock<Classes> = std::sync::OnceLock::new();
        PLAIN.get_or_init(|| Classes::for_counts(&[]))
    }
}

impl Classes {
    /// The class of `c`; characters beyond the Basic Multilingual Plane have no initials.
    pub fn class(&self, c: char) -> u8 {
        u16::try_from(c as u32).map_or(0, |u| self.of_unit(u))
    }

    /// The class of UTF-16 code unit `u`.
    pub fn of_unit(&self, u: u16) -> u8 {
        self.of_unit[usize::from(u)]
    }

    /// The letters of class `k`: all those of any character in it.
    pub fn letters(&self, k: u8) -> u32 {
        self.masks[usize::from(k)]
    }
}

/// The letters `c` can stand for the first of, one bit each (`a` lowest): the first letters of
/// its readings for a Chinese character, the letter itself for an ASCII letter or digit (the
/// digits share one bit), else none.
pub fn initials(c: char) -> u32 {
    let u = c as u32;
    if (START..END).contains(&u) {
        table().initials[(u - START) as usize]
    } else if c.is_ascii_alphanumeric() {
        letter_bit(c.to_ascii_lowercase() as u8)
    } else {
        0
    }
}

/// Results of matching already worked out, by letters left and character; kept between calls
/// to save allocating. A cell counts only when it carries the current generation, so starting
/// afresh costs one increment, not a pass over every cell.
#[derive(Debug, Clone, Default)]
pub struct Memo {
    stride: usize,
    generation: u32,
    cells: Vec<(u32, Option<(usize, u32)>)>,
}

impl Memo {
    /// Starts afresh for matching `letters` letters against `chars` characters.
    fn fit(&mut self, letters: usize, chars: usize) {
        self.stride = chars + 1;
        let need = (letters + 1) * (chars + 1);
        if self.cells.len() < need {
            self.cells.resize(need, (0, None));
        }
        self.clear();
    }

    fn clear(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.cells.fill((0, None));
            self.generation = 1;
        }
    }
}

/// Matches `query` (lower-case letters) from character `i` of `chars`: returns the end and a
/// score (full syllables count most). Each (letters left, character) pair is worked out once.
fn match_from(query: &[u8], chars: &[char], i: usize, memo: &mut Memo) -> Option<(usize, u32)> {
    if query.is_empty() {
        return Some((i, 0));
    }
    let key = query.len() * memo.stride + i;
    if let Some(&(generation, known)) = memo.cells.get(key)
        && generation == memo.generation
    {
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
    let generation = memo.generation;
    if let Some(cell) = memo.cells.get_mut(key) {
        *cell = (generation, result);
    }
    result
}

/// The best match of pinyin `query` in `chars`: its character range and score. The query's
/// apostrophes are ignored; it must cover whole characters, contiguous in the text.
pub fn find(query: &str, chars: &[char]) -> Option<(usize, usize, u32)> {
    Query::new(query).find(chars, &mut Memo::default())
}

/// A pinyin term prepared once for matching many times: lower case, apostrophes dropped, with
/// what a match's first two characters must look like, to pass over most places cheaply.
#[derive(Debug, Clone)]
pub struct Query {
    letters: Vec<u8>,
    /// The bit of the first letter.
    first: u32,
    /// The letters a second character could begin with: those a first character's reading
    /// can end before.
    follow: u32,
    /// Whether one character can take every letter, so a match needs no second character.
    single: bool,
    /// Whether it has more letters than [`MAX_SPAN`] characters can take, so it matches nothing.
    too_long: bool,
}

impl Query {
    /// Prepares `term`.
    pub fn new(term: &str) -> Query {
        let letters: Vec<u8> = term
            .bytes()
            .filter(|b| *b != b'\'')
            .map(|b| b.to_ascii_lowercase())
            .collect();
        let t = table();
        let first = letters.first().map_or(0, |&b| letter_bit(b));
        let follow = letters
            .iter()
            .skip(1)
            .take(t.longest)
            .fold(0, |m, &b| m | letter_bit(b));
        let single = letters.len() <= 1 || {
            let i = t
                .syllables
                .partition_point(|r| r.as_bytes() < letters.as_slice());
            t.syllables
                .get(i)
                .is_some_and(|r| r.as_bytes().starts_with(&letters))
        };
        let too_long = letters.len() > t.longest * MAX_SPAN;
        Query {
            letters,
            first,
            follow,
            single,
            too_long,
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

    /// Whether a match could start at a character with initials `here` (see [`initials`])
    /// followed by one with `next` (0 at the end of the text). Never false where a match is.
    pub fn may_start(&self, here: u32, next: u32) -> bool {
        !self.too_long && here & self.first != 0 && (self.single || next & self.follow != 0)
    }

    /// Whether a match could start in a text whose characters' [`initials`], all together,
    /// are `all`: a text none of whose characters begins with the first letter holds none.
    pub fn could_start_in(&self, all: u32) -> bool {
        !self.too_long && all & self.first != 0
    }

    /// The best match in `chars`: its character range and score. `memo` is working space.
    pub fn find(&self, chars: &[char], memo: &mut Memo) -> Option<(usize, usize, u32)> {
        if self.too_long {
            return None;
        }
        let mut best: Option<(usize, usize, u32)> = None;
        // What is worked out from one place holds from every start: in a field no longer than
        // a match can be, one memo serves them all; in a longer one each start gets a window.
        let shared = chars.len() <= MAX_SPAN;
        if shared {
            memo.fit(self.len(), chars.len());
        }
        for start in 0..chars.len() {
            let next = chars.get(start + 1).map_or(0, |&c| initials(c));
            if !self.may_start(initials(chars[start]), next) {
                continue;
            }
            let found = if shared {
                match_from(&self.letters, chars, start, memo)
            } else {
                let end = (start + self.window()).min(chars.len());
                self.match_start(&chars[start..end], memo)
                    .map(|(e, s)| (start + e, s))
            };
            if let Some((end, score)) = found
                && best.is_none_or(|(_, _, b)| score > b)
            {
                best = Some((start, end, score));
            }
        }
        best
    }

    /// The most characters a match can cover: one a letter, and never more than [`MAX_SPAN`].
    pub fn window(&self) -> usize {
        self.letters.len().min(MAX_SPAN)
    }

    /// For each class (see [`Classes`]): bit 1 when a match could start at a character of
    /// that class, bit 2 when one could go on with it as the second character.
    pub fn class_filter(&self, c: &Classes) -> [u8; 256] {
        std::array::from_fn(|k| {
            let letters = c.masks[k];
            u8::from(!self.too_long && letters & self.first != 0)
                | (u8::from(self.single || letters & self.follow != 0) << 1)
        })
    }

    /// Whether a match needs no second character.
    pub fn single(&self) -> bool {
        self.single
    }

    /// A match that starts at the first of `chars` (at most [`Query::window`] of them): end
    /// and score. `memo` is working space.
    pub fn match_start(&self, chars: &[char], memo: &mut Memo) -> Option<(usize, u32)> {
        if self.too_long || chars.is_empty() || chars.len() > self.window() {
            return None;
        }
        memo.fit(self.letters.len(), chars.len());
        match_from(&self.letters, chars, 0, memo)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ready table as the `pinyin` crate gives it: every reading of each character, ü
    /// typed as v or u, and the place-name readings it lacks.
    fn table_from_the_dictionary() -> String {
        use pinyin::ToPinyinMulti;
        let mut lines = Vec::new();
        let mut all: Vec<String> = Vec::new();
        for u in START..END {
            let c = char::from_u32(u).unwrap_or(' ');
            let mut rs: Vec<String> = Vec::new();
            let mut add = |r: &str| {
                if !r.is_empty() && !rs.iter().any(|x| x == r) {
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
            all.extend(rs.iter().cloned());
            lines.push(rs.join(" "));
        }
        all.sort_unstable();
        all.dedup();
        format!("{}\n{}\n", all.join(" "), lines.join("\n"))
    }

    /// `BRIEF_WRITE_TABLES=1 cargo test --lib ready_table` writes the table afresh after a
    /// change to the dictionary or to `EXTRA_READINGS`.
    #[test]
    fn a_text_a_match_starts_in_holds_the_first_letter_among_its_initials() {
        // The cheap test before a search of a short field must never turn a match away.
        let texts = [
            "柳州市新能源汽车",
            "重庆：数字化转型",
            "聊城 2024 Q3",
            "廣西壯族自治區",
            "xi'an",
        ];
        let queries = [
            "liuzhou", "lz", "cq", "shuzi", "q", "2024", "gxzzzzq", "xian", "zz", "a",
        ];
        let mut found = 0;
        for t in texts {
            let chars: Vec<char> = t.chars().map(crate::search::fold::fold_char).collect();
            let all = chars.iter().fold(0, |m, &c| m | initials(c));
            for q in queries {
                let query = Query::new(q);
                if query.find(&chars, &mut Memo::default()).is_some() {
                    found += 1;
                    assert!(query.could_start_in(all), "{q} in {t}");
                }
            }
        }
        assert!(found > 5, "the queries match somewhere: {found}");
        assert!(!Query::new("liuzhou").could_start_in(initials('重') | initials('庆')));
    }

    #[test]
    fn the_ready_table_matches_the_dictionary() {
        let made = table_from_the_dictionary();
        if std::env::var_os("BRIEF_WRITE_TABLES").is_some() {
            std::fs::write(
                concat!(env!("CARGO_MANIFEST_DIR"), "/src/search/pinyin.txt"),
                &made,
            )
            .unwrap();
        } else {
            assert!(
                made == READY,
                "src/search/pinyin.txt is out of date: run with BRIEF_WRITE_TABLES=1"
            );
        }
    }

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
    fn the_start_filter_never_hides_a_match() {
        let texts = [
            "广西柳州市",
            "重庆市",
            "发展新能源汽车产业",
            "数字化转型",
            "5G基站",
            "长沙",
        ];
        let queries = [
            "liuzhou",
            "lz",
            "liuzh",
            "l",
            "chongqing",
            "cq",
            "xnyqc",
            "shuzihua",
            "szh",
            "zhuan",
            "g",
            "changsha",
            "zhs",
            "s",
            "sh",
            "shu",
            "shuz",
        ];
        for text in texts {
            let chars: Vec<char> = text.chars().collect();
            for query in queries {
                let q = Query::new(query);
                let mut memo = Memo::default();
                for i in 0..chars.len() {
                    let window = &chars[i..(i + q.len()).min(chars.len())];
                    let next = chars.get(i + 1).map_or(0, |&c| initials(c));
                    if q.match_start(window, &mut memo).is_some() {
                        assert!(
                            q.may_start(initials(chars[i]), next),
                            "{query} at {i} of {text}"
                        );
                    }
                }
            }
        }
        // And it does pass over places: 州 then a character that begins with none of h, o, u,
        // l and i.
        let q = Query::new("zhouli");
        assert!(!q.single);
        assert!(!q.may_start(initials('州'), initials('市')));
        assert!(q.may_start(initials('州'), initials('立')));
        assert!(!q.may_start(initials('市'), initials('立')));
        assert!(Query::new("zhou").single);
        assert!(Query::new("zhuan").single);
    }

    #[test]
    fn classes_never_lose_a_letter() {
        let text = "柳州重庆数字化转型新能源汽车长沙厦门能";
        let mut counts = vec![0u32; 1 << 16];
        for ch in text.chars() {
            counts[ch as usize] += 1;
        }
        let c = Classes::for_counts(&counts);
        for u in 0..=u32::from(u16::MAX) {
            if let Some(ch) = char::from_u32(u) {
                let own = initials(ch);
                assert_eq!(c.letters(c.class(ch)) & own, own, "{ch}");
            }
        }
        // The text's characters keep their own letters exactly.
        for ch in text.chars() {
            assert_eq!(c.letters(c.class(ch)), initials(ch), "{ch}");
        }
        assert_eq!(c.class('😀'), 0);
    }

    #[test]
    fn long_query_memory_is_bounded() {
        // Working space was letters x characters: a pasted 20,000-letter query against a long
        // body took gigabytes.
        let body: Vec<char> = "柳州新能源汽车产量".repeat(2000).chars().collect();
        let letters = "liuzhouxinnengyuanqichechanliang".repeat(700);
        let bound = (table().longest * MAX_SPAN + 1) * (MAX_SPAN + 1);
        for query in [&letters[..20_000], &letters[..300], "liuzhou"] {
            let q = Query::new(query);
            let mut memo = Memo::default();
            q.find(&body, &mut memo);
            for i in (0..body.len()).step_by(97) {
                let window = &body[i..(i + q.window()).min(body.len())];
                q.match_start(window, &mut memo);
            }
            assert!(memo.cells.len() <= bound, "{} cells", memo.cells.len());
        }
    }

    #[test]
    fn pinyin_of_a_long_phrase_still_matches() {
        let phrase = "柳州新能源汽车产量".repeat(7);
        let typed = "liuzhouxinnengyuanqichechanliang".repeat(7);
        let text: Vec<char> = format!("据报道{phrase}。").chars().collect();
        let (start, end, _) = find(&typed, &text).unwrap();
        assert_eq!((start, end), (3, 3 + 63));
        assert_eq!(find(&typed.repeat(20), &text), None);
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
