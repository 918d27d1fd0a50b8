//! Folding text for search: traditional to simplified characters, full-width to half-width,
//! upper to lower case, one character for one character, so that a match in the folded text is
//! at the same character offsets in the original.

use std::sync::OnceLock;

/// The range of characters the traditional-to-simplified table covers (CJK Unified Ideographs
/// and Extension A, where traditional and simplified forms differ).
const TABLE_START: u32 = 0x3400;
const TABLE_END: u32 = 0xA000;

/// The characters of the table's range whose simplified form differs, each followed by that
/// form (several pairs a line), made from the OpenCC converter (see the test
/// `the_ready_table_matches_the_converter`). Reading it is a few microseconds; starting the
/// converter and converting the range took several milliseconds on every start.
const READY: &str = include_str!("t2s.txt");

/// The simplified form of each character in the table's range.
fn t2s_table() -> &'static [char] {
    static TABLE: OnceLock<Vec<char>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<char> = (TABLE_START..TABLE_END)
            .map(|u| char::from_u32(u).unwrap_or(' '))
            .collect();
        let mut chars = READY.chars().filter(|&c| c != '\n');
        while let (Some(t), Some(s)) = (chars.next(), chars.next()) {
            if let Some(slot) = (t as u32)
                .checked_sub(TABLE_START)
                .and_then(|i| table.get_mut(i as usize))
            {
                *slot = s;
            }
        }
        table
    })
}

/// The folded form of one character: simplified, half-width, lower case. Always one character.
pub fn fold_char(c: char) -> char {
    let u = c as u32;
    let c = if (TABLE_START..TABLE_END).contains(&u) {
        t2s_table()[(u - TABLE_START) as usize]
    } else if (0xFF01..=0xFF5E).contains(&u) {
        char::from_u32(u - 0xFEE0).unwrap_or(c)
    } else if u == 0x3000 {
        ' '
    } else {
        c
    };
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else if (c as u32) >= 0x2C00 || (0x2000..0x2100).contains(&(c as u32)) {
        // Chinese, Japanese, the symbol blocks and the punctuation, superscripts and currency
        // signs before the letter-like symbols have no case: skip the case tables.
        c
    } else {
        let mut lower = c.to_lowercase();
        match (lower.next(), lower.next()) {
            (Some(l), None) => l,
            _ => c,
        }
    }
}

/// `text` folded character by character: the result has exactly as many characters.
pub fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// A long text folded for search, two bytes a character: the folded character's UTF-16 code
/// unit, little-endian, with U+FFFD standing in for a character beyond the Basic Multilingual
/// Plane. Character `n` is at byte `2n`, so a match's place in characters costs no counting,
/// and the text takes two thirds of the room of UTF-8 Chinese.
///
/// Beside the text: each character's pinyin class (see [`super::pinyin::Classes`]), one byte
/// a character, so a pinyin scan passes over most of the text by looking up bytes; and which
/// ASCII letters and pairs of letters it holds, so a typed word it cannot hold is not looked
/// for.
#[derive(Debug, Clone, Default)]
pub struct Folded {
    bytes: Units,
    classes: Box<[u8]>,
    letters: u32,
    pairs: [u64; 11],
}

/// The bytes of a [`Folded`] text: its own, or a part of bytes many texts share, read from
/// the cache or mapped from it (one read, no copy).
#[derive(Clone)]
enum Units {
    Owned(Box<[u8]>),
    Shared(
        std::sync::Arc<dyn AsRef<[u8]> + Send + Sync>,
        std::ops::Range<usize>,
    ),
}

impl std::fmt::Debug for Units {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Units({} bytes)", self.len())
    }
}

impl Default for Units {
    fn default() -> Units {
        Units::Owned(Box::default())
    }
}

impl std::ops::Deref for Units {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Units::Owned(b) => b,
            // The range was checked against the buffer when the text was made.
            Units::Shared(buffer, range) => {
                (**buffer).as_ref().get(range.clone()).unwrap_or_default()
            }
        }
    }
}

/// A lower-case ASCII letter's number, 0 to 25.
fn letter(c: char) -> Option<usize> {
    c.is_ascii_lowercase().then(|| c as usize - 'a' as usize)
}

/// The code unit of `c` in a [`Folded`] text.
fn unit(c: char) -> u16 {
    u16::try_from(c as u32).unwrap_or(0xFFFD)
}

impl Folded {
    /// `text` folded, with the pinyin class of each character.
    pub fn new(text: &str, classes: &super::pinyin::Classes) -> Folded {
        Folded::fold_with(text, Some(classes))
    }

    /// `text` folded without pinyin classes: what is kept on disk, or compared with what is
    /// (the classes depend on the whole library, and would take half as much room again).
    pub fn unclassified(text: &str) -> Folded {
        Folded::fold_with(text, None)
    }

    fn fold_with(text: &str, classes: Option<&super::pinyin::Classes>) -> Folded {
        let n = text.chars().count();
        let mut bytes = Vec::with_capacity(n * 2);
        let mut kinds = Vec::with_capacity(if classes.is_some() { n } else { 0 });
        let mut letters = 0u32;
        let mut pairs = [0u64; 11];
        let mut previous = None;
        for c in text.chars() {
            let f = fold_char(c);
            let unit = unit(f);
            bytes.extend_from_slice(&unit.to_le_bytes());
            if let Some(classes) = classes {
                kinds.push(classes.of_unit(unit));
            }
            let here = letter(f);
            if let Some(b) = here {
                letters |= 1 << b;
                if let Some(a) = previous {
                    let k = a * 26 + b;
                    pairs[k / 64] |= 1u64 << (k % 64);
                }
            }
            previous = here;
        }
        Folded {
            bytes: Units::Owned(bytes.into_boxed_slice()),
            classes: kinds.into_boxed_slice(),
            letters,
            pairs,
        }
    }

    /// The folded text as kept on disk: its bytes, and which letters and pairs of letters it
    /// holds. The pinyin classes are not kept: they depend on the whole library.
    pub fn parts(&self) -> (&[u8], u32, &[u64; 11]) {
        (&self.bytes, self.letters, &self.pairs)
    }

    /// A folded text from [`Folded::parts`] kept at `range` of `buffer` (shared, not
    /// copied), its characters without pinyin classes until [`Folded::classify`] gives them;
    /// `None` for a range outside the buffer or of an odd length.
    pub fn from_parts(
        buffer: &std::sync::Arc<impl AsRef<[u8]> + Send + Sync + 'static>,
        range: std::ops::Range<usize>,
        letters: u32,
        pairs: [u64; 11],
    ) -> Option<Folded> {
        let fits = (**buffer).as_ref().get(range.clone()).is_some();
        (fits && range.len().is_multiple_of(2)).then(|| Folded {
            bytes: Units::Shared(buffer.clone(), range),
            classes: Box::default(),
            letters,
            pairs,
        })
    }

    /// Gives each character the pinyin class `classes` gives it.
    pub fn classify(&mut self, classes: &super::pinyin::Classes) {
        self.classes = self
            .bytes
            .chunks_exact(2)
            .map(|u| classes.of_unit(u16::from_le_bytes([u[0], u[1]])))
            .collect();
    }

    /// Adds how often each code unit occurs in the text to `counts` (65,536 places): what
    /// [`Folded::count_units`] gives for the text it was folded from.
    pub fn count_into(&self, counts: &mut [u32]) {
        for u in self.bytes.chunks_exact(2) {
            if let Some(n) = counts.get_mut(usize::from(u16::from_le_bytes([u[0], u[1]]))) {
                *n = n.saturating_add(1);
            }
        }
    }

    /// Whether this is `text` folded: the same characters, letters and pairs.
    pub fn is_folded_from(&self, text: &str) -> bool {
        let other = Folded::unclassified(text);
        *other.bytes == *self.bytes && other.letters == self.letters && other.pairs == self.pairs
    }

    /// Adds how often each code unit occurs in `text` folded to `counts` (which has 65,536
    /// places), without keeping the folded text.
    pub fn count_units(text: &str, counts: &mut [u32]) {
        for c in text.chars() {
            if let Some(n) = counts.get_mut(usize::from(unit(fold_char(c)))) {
                *n = n.saturating_add(1);
            }
        }
    }

    /// Whether the text could hold `term` (folded): false only for a word of ASCII letters
    /// with a letter or a pair of letters the text does not have.
    pub fn may_hold(&self, term: &str) -> bool {
        Folded::may_hold_letters(self.letters, &self.pairs, term)
    }

    /// [`Folded::may_hold`] for a text with these letters and pairs of letters (as
    /// [`Folded::parts`] gives them), without the text.
    pub fn may_hold_letters(letters: u32, pairs: &[u64; 11], term: &str) -> bool {
        let mut previous = None;
        for c in term.chars() {
            let Some(b) = letter(c) else {
                return true;
            };
            if letters & (1 << b) == 0 {
                return false;
            }
            if let Some(a) = previous {
                let k = a * 26 + b;
                if pairs[k / 64] & (1u64 << (k % 64)) == 0 {
                    return false;
                }
            }
            previous = Some(b);
        }
        true
    }

    /// A term, already folded, in the same encoding: what to look for with [`Folded::find`].
    pub fn encode(term: &str) -> Vec<u8> {
        term.chars().flat_map(|c| unit(c).to_le_bytes()).collect()
    }

    /// How many characters the text has.
    pub fn len(&self) -> usize {
        self.bytes.len() / 2
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The folded character at `i` (U+FFFD past the end and beyond the Basic Multilingual Plane).
    pub fn char_at(&self, i: usize) -> char {
        let unit = match self.bytes.get(2 * i..2 * i + 2) {
            Some(&[a, b]) => u16::from_le_bytes([a, b]),
            _ => 0xFFFD,
        };
        char::from_u32(unit.into()).unwrap_or('\u{FFFD}')
    }

    /// Each character's pinyin class.
    pub fn classes(&self) -> &[u8] {
        &self.classes
    }

    /// The first place at or after character `from` where `finder`'s needle (made by
    /// [`Folded::encode`]) starts, in characters.
    pub fn find(&self, finder: &memchr::memmem::Finder, from: usize) -> Option<usize> {
        let mut at = 2 * from;
        while at <= self.bytes.len() {
            let found = at + finder.find(&self.bytes[at..])?;
            // A match that starts inside a character is no match: look on from the next byte.
            if found.is_multiple_of(2) {
                return Some(found / 2);
            }
            at = found + 1;
        }
        None
    }
}

/// How common each byte is in [`Folded`] texts, for choosing which of a needle's bytes to look
/// for first. Chinese text in two-byte units looks nothing like what `memchr`'s own ranking
/// expects (there, `s` is rare and 0x00 common; here, 0x73 is the low byte of hundreds of
/// common characters), so the ranking is worked out from the text itself.
#[derive(Debug, Clone)]
pub struct ByteRank([u8; 256]);

impl ByteRank {
    /// The ranking for a text in which code unit `u` occurs `counts[u]` times.
    pub fn for_counts(counts: &[u32]) -> ByteRank {
        let mut freq = [0u64; 256];
        for (u, &n) in counts.iter().enumerate() {
            let [lo, hi] = (u as u16).to_le_bytes();
            freq[usize::from(lo)] += u64::from(n);
            freq[usize::from(hi)] += u64::from(n);
        }
        let mut order: Vec<usize> = (0..256).collect();
        order.sort_by_key(|&b| freq[b]);
        let mut rank = [0u8; 256];
        for (r, &b) in order.iter().enumerate() {
            rank[b] = r as u8;
        }
        ByteRank(rank)
    }

    /// A finder for `term` (folded) in [`Folded`] texts.
    pub fn finder(&self, term: &str) -> memchr::memmem::Finder<'static> {
        memchr::memmem::FinderBuilder::new()
            .build_forward_with_ranker_owned(self.clone(), Folded::encode(term))
    }
}

impl Default for ByteRank {
    /// A ranking for no text in particular.
    fn default() -> ByteRank {
        ByteRank::for_counts(&[])
    }
}

impl memchr::arch::all::packedpair::HeuristicFrequencyRank for ByteRank {
    fn rank(&self, byte: u8) -> u8 {
        self.0[usize::from(byte)]
    }
}

/// The character offset of byte offset `byte` in `text`.
pub fn char_offset(text: &str, byte: usize) -> usize {
    text[..byte.min(text.len())].chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The ready table as the converter gives it: each character converted alone, so the
    /// table holds characters only, never phrases.
    fn table_from_the_converter() -> String {
        let chars: Vec<char> = (TABLE_START..TABLE_END)
            .map(|u| char::from_u32(u).unwrap_or(' '))
            .collect();
        // One character a line, so the converter has no phrase to work on.
        let mut joined = String::with_capacity(chars.len() * 4);
        for c in &chars {
            joined.push(*c);
            joined.push('\n');
        }
        let converted = crate::text::to_simplified(&joined);
        let lines: Vec<&str> = converted.split('\n').collect();
        let mut out = String::new();
        let mut on_line = 0;
        for (i, &c) in chars.iter().enumerate() {
            let mut it = lines.get(i).map(|l| l.chars()).into_iter().flatten();
            if let (Some(s), None) = (it.next(), it.next())
                && s != c
            {
                out.push(c);
                out.push(s);
                on_line += 1;
                if on_line == 40 {
                    out.push('\n');
                    on_line = 0;
                }
            }
        }
        out.push('\n');
        out
    }

    /// `BRIEF_WRITE_TABLES=1 cargo test --lib ready_table` writes the table afresh after a
    /// change to the converter.
    #[test]
    fn the_ready_table_matches_the_converter() {
        let made = table_from_the_converter();
        if std::env::var_os("BRIEF_WRITE_TABLES").is_some() {
            std::fs::write(
                concat!(env!("CARGO_MANIFEST_DIR"), "/src/search/t2s.txt"),
                &made,
            )
            .unwrap();
        } else {
            assert!(
                made == READY,
                "src/search/t2s.txt is out of date: run with BRIEF_WRITE_TABLES=1"
            );
        }
    }

    #[test]
    fn folding_keeps_one_character_for_one() {
        for (given, want) in [
            ("數字化轉型", "数字化转型"),
            ("聊城市傳統產業", "聊城市传统产业"),
            ("ＡＢＣ１２３，", "abc123,"),
            ("LiuZhou", "liuzhou"),
            ("柳州　新能源", "柳州 新能源"),
        ] {
            let got = fold(given);
            assert_eq!(got, want);
            assert_eq!(got.chars().count(), given.chars().count());
        }
    }

    #[test]
    fn folded_text_finds_at_character_offsets() {
        let classes = crate::search::pinyin::Classes::default();
        let f = Folded::new("ＡＢ數字化,数字化😀数", &classes);
        assert_eq!(f.len(), 11);
        assert_eq!(f.char_at(0), 'a');
        assert_eq!(f.char_at(2), '数');
        assert_eq!(f.char_at(9), '\u{FFFD}');
        assert_eq!(f.char_at(11), '\u{FFFD}');
        assert_eq!(
            (9..11).map(|i| f.char_at(i)).collect::<String>(),
            "\u{FFFD}数"
        );
        let needle = Folded::encode("数字化");
        let finder = memchr::memmem::Finder::new(&needle);
        assert_eq!(f.find(&finder, 0), Some(2));
        assert_eq!(f.find(&finder, 3), Some(6));
        assert_eq!(f.find(&finder, 7), None);
        assert!(f.may_hold("ab") && f.may_hold("数字") && f.may_hold("a1"));
        assert!(!f.may_hold("ba") && !f.may_hold("abc") && !f.may_hold("c"));
        // Bytes that straddle two characters are no match: 一一 holds N's two bytes across its
        // middle.
        let f = Folded::new("一一", &classes);
        let finder = memchr::memmem::Finder::new(&[0x4E, 0x00]);
        assert_eq!(f.find(&finder, 0), None);
    }

    proptest::proptest! {
        #[test]
        fn folded_text_has_as_many_characters(s in "\\PC{0,60}") {
            proptest::prop_assert_eq!(fold(&s).chars().count(), s.chars().count());
        }
    }
}
