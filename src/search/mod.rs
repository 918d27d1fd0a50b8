//! Search over a library: titles, regions, sources and tags by fuzzy, exact and pinyin match;
//! bodies by exact substring (and pinyin for longer terms) on folded text. Every hit carries a
//! snippet and the character range of its match in the original text.
//!
//! Folding (simplified characters, half-width, lower case) is done once when the index is
//! built and keeps one character for one, so offsets found in folded text hold in the original.

pub mod fold;
pub mod pinyin;

use crate::briefing::{Library, RegionRef};
use crate::halves::in_halves;
use crate::text::strip_controls;
use fold::{ByteRank, Folded, fold};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// Which part of a briefing matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    /// The title.
    Title,
    /// A region the briefing or one of its sections is about.
    Region,
    /// The source.
    Source,
    /// A tag.
    Tag,
    /// The body.
    Body,
}

impl Field {
    /// The name used in JSON: `title`, `region`, `source`, `tag` or `body`.
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Region => "region",
            Field::Source => "source",
            Field::Tag => "tag",
            Field::Body => "body",
        }
    }

    /// What a match in this field is worth before its quality: titles and regions first.
    fn weight(self) -> u32 {
        match self {
            Field::Title | Field::Region => 1000,
            Field::Source | Field::Tag => 500,
            Field::Body => 0,
        }
    }
}

/// How many hits a screen asks for first ([`Searcher::top`]): a list on a 50-row terminal,
/// with some to spare.
pub const FIRST_PAGE: usize = 60;

/// Where a search reads the bodies of briefings when the index does not hold them: the folded
/// texts kept on disk, read one at a time, so that a search wanting only its first hits reads
/// only the bodies it needs (see [`Index::top_in`]).
pub trait Bodies: Sync {
    /// Whether body `i` could hold `term` (folded), known without reading it: as
    /// [`Folded::may_hold`] says.
    fn may_hold(&self, i: usize, term: &str) -> bool;
    /// Body `i` folded, without pinyin classes; `None` when it cannot be read or fails its
    /// check, and then nothing the search found is to be believed.
    fn body(&self, i: usize) -> Option<Folded>;
    /// Says that the bodies read so far are done with: a source that maps them into memory
    /// can let their pages go, so a search that reads every body does not hold them all.
    fn release(&self) {}
}

/// What the index takes of a briefing besides its body: its title, regions (and those of its
/// sections), source and tags, from its front matter or from the catalog read in place.
pub trait ShortFields {
    /// The title.
    fn title(&self) -> &str;
    /// The regions, each a province's official name and a city's.
    fn regions(&self) -> impl Iterator<Item = (&str, Option<&str>)>;
    /// Each section's heading with its regions.
    fn sections(&self) -> impl Iterator<Item = (&str, impl Iterator<Item = (&str, Option<&str>)>)>;
    /// The source.
    fn source(&self) -> Option<&str>;
    /// The tags.
    fn tags(&self) -> impl Iterator<Item = &str>;
}

impl ShortFields for crate::briefing::Meta {
    fn title(&self) -> &str {
        &self.title
    }
    fn regions(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.regions
            .iter()
            .map(|r| (r.province.as_str(), r.city.as_deref()))
    }
    fn sections(&self) -> impl Iterator<Item = (&str, impl Iterator<Item = (&str, Option<&str>)>)> {
        self.sections.iter().map(|s| {
            let regions = s.regions.iter();
            (
                s.heading.as_str(),
                regions.map(|r| (r.province.as_str(), r.city.as_deref())),
            )
        })
    }
    fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
    fn tags(&self) -> impl Iterator<Item = &str> {
        self.tags.iter().map(String::as_str)
    }
}

impl ShortFields for crate::briefing::EntryView<'_> {
    fn title(&self) -> &str {
        self.title
    }
    fn regions(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        crate::briefing::EntryView::regions(self)
    }
    fn sections(&self) -> impl Iterator<Item = (&str, impl Iterator<Item = (&str, Option<&str>)>)> {
        crate::briefing::EntryView::sections(self)
    }
    fn source(&self) -> Option<&str> {
        self.source
    }
    fn tags(&self) -> impl Iterator<Item = &str> {
        crate::briefing::EntryView::tags(self)
    }
}

/// The bodies a search matches in: the index's own, or read as they are needed.
#[derive(Clone, Copy)]
enum BodiesOf<'a> {
    Own,
    Read(&'a dyn Bodies),
}

/// How many candidates a batch of [`Index::top`] must have to be matched on two threads.
const PARALLEL_BATCH: usize = 512;

/// The most bodies [`Index::top_in`] reads in one batch before it lets them go (see
/// [`Bodies::release`]): a few tens of megabytes of text.
const READ_BATCH: usize = 8192;

/// The most a match in a body is worth (an exact one); every short field's weight is more.
const BODY_BEST: u32 = 100;

/// What a pinyin match in a body is worth.
const BODY_PINYIN: u32 = 60;

/// One searchable short field of a briefing.
#[derive(Debug, Clone)]
struct Entry {
    field: Field,
    /// The text as shown (control characters removed).
    text: String,
    /// Folded, one character for one.
    folded: String,
    /// The folded characters, for pinyin matching.
    chars: Vec<char>,
    /// Whether only exact matches count (official region names, whose 自治区 and 市 would
    /// make pinyin initials match nearly anything).
    exact_only: bool,
    /// The [`pinyin::initials`] of every character together: a pinyin term whose first
    /// letter is not among them is not looked for.
    initials: u32,
    /// The ASCII letters and digits it holds, the same way: a term with one it lacks cannot
    /// be in it.
    ascii: u32,
}

impl Entry {
    fn new(field: Field, text: String, exact_only: bool) -> Entry {
        // One pass for both: a large library has a title for each of its briefings.
        let mut folded = String::with_capacity(text.len());
        let mut chars = Vec::with_capacity(text.len() / 2);
        let mut initials = 0;
        for c in text.chars().map(fold::fold_char) {
            folded.push(c);
            chars.push(c);
            initials |= pinyin::initials(c);
        }
        let ascii = ascii_of(&folded);
        Entry {
            field,
            text,
            folded,
            chars,
            exact_only,
            initials,
            ascii,
        }
    }
}

impl Entry {
    /// The field as matching sees it.
    fn short(&self) -> Short<'_> {
        Short {
            text: &self.text,
            folded: &self.folded,
            chars: &self.chars,
            exact_only: self.exact_only,
            initials: self.initials,
            ascii: self.ascii,
        }
    }
}

/// A short field as matching sees it, wherever it is kept: an [`Entry`] of its own, or a
/// title among the index's [`Titles`].
#[derive(Debug, Clone, Copy)]
struct Short<'a> {
    text: &'a str,
    folded: &'a str,
    chars: &'a [char],
    exact_only: bool,
    initials: u32,
    ascii: u32,
}

/// Every title of an index side by side in three buffers (as shown, folded, and as folded
/// characters), each title where the one before it ends: a hundred thousand titles with
/// buffers of their own were three hundred thousand allocations, a fifth of a search.
#[derive(Debug, Clone, Default)]
struct Titles {
    text: String,
    folded: String,
    chars: Vec<char>,
    ends: Vec<TitleEnd>,
}

/// Where a title ends in each buffer of [`Titles`], with its initials and ASCII letters (as
/// [`Entry`] has them).
#[derive(Debug, Clone, Copy)]
struct TitleEnd {
    text: usize,
    folded: usize,
    chars: usize,
    initials: u32,
    ascii: u32,
}

impl Titles {
    /// These titles, in order, folded on two threads (each its own work) when `share` says
    /// so, else on this one.
    fn of(titles: Vec<&str>, share: bool) -> Titles {
        let at_least = if share { 1024 } else { usize::MAX };
        let mut halves = in_halves(titles.len(), at_least, |r| {
            let bytes = titles[r.clone()].iter().map(|t| t.len()).sum();
            let mut kept = Titles::with_capacity(r.len(), bytes);
            for t in &titles[r] {
                kept.push(t);
            }
            kept
        })
        .into_iter();
        let mut kept = halves.next().unwrap_or_default();
        for more in halves {
            kept.append(more);
        }
        kept
    }

    /// Room for `n` titles of about `bytes` bytes in all.
    fn with_capacity(n: usize, bytes: usize) -> Titles {
        Titles {
            text: String::with_capacity(bytes),
            folded: String::with_capacity(bytes),
            chars: Vec::with_capacity(bytes / 2),
            ends: Vec::with_capacity(n),
        }
    }

    /// Adds a title, without the characters that are never shown.
    fn push(&mut self, title: &str) {
        if title.chars().any(crate::text::is_unsafe) {
            self.text.push_str(&strip_controls(title));
        } else {
            self.text.push_str(title);
        }
        let start = self.ends.last().map_or(0, |e| e.text);
        let mut initials = 0;
        let mut ascii = 0;
        for c in self.text[start..].chars().map(fold::fold_char) {
            self.folded.push(c);
            self.chars.push(c);
            initials |= pinyin::initials(c);
            if c.is_ascii_alphanumeric() {
                ascii |= pinyin::initials(c);
            }
        }
        self.ends.push(TitleEnd {
            text: self.text.len(),
            folded: self.folded.len(),
            chars: self.chars.len(),
            initials,
            ascii,
        });
    }

    /// Adds the titles of `more` after these.
    fn append(&mut self, more: Titles) {
        let last = self.ends.last().copied();
        let (text, folded, chars) = last.map_or((0, 0, 0), |e| (e.text, e.folded, e.chars));
        self.text.push_str(&more.text);
        self.folded.push_str(&more.folded);
        self.chars.extend_from_slice(&more.chars);
        self.ends.extend(more.ends.into_iter().map(|e| TitleEnd {
            text: e.text + text,
            folded: e.folded + folded,
            chars: e.chars + chars,
            ..e
        }));
    }

    /// Title `i`.
    fn get(&self, i: usize) -> Option<Short<'_>> {
        let end = self.ends.get(i)?;
        let start = match i.checked_sub(1) {
            Some(j) => *self.ends.get(j)?,
            None => TitleEnd {
                text: 0,
                folded: 0,
                chars: 0,
                initials: 0,
                ascii: 0,
            },
        };
        Some(Short {
            text: self.text.get(start.text..end.text)?,
            folded: self.folded.get(start.folded..end.folded)?,
            chars: self.chars.get(start.chars..end.chars)?,
            exact_only: false,
            initials: end.initials,
            ascii: end.ascii,
        })
    }
}

/// A short field many briefings share (a region, a source, a tag), before it is interned:
/// field, text as shown, and whether only exact matches count.
type SharedKey = (Field, String, bool);

/// A shared short field of one briefing: which one, and the section heading when a region
/// comes from a section.
#[derive(Debug, Clone)]
struct SharedRef {
    id: u32,
    section: Option<Box<str>>,
}

/// A briefing as the index keeps it. Its short fields are numbered for [`Hit::entry`]: 0 is
/// the title, `1 + k` the `k`-th shared field.
#[derive(Debug, Clone)]
struct Doc {
    shared: Vec<SharedRef>,
}

/// A briefing's parts before its shared fields are interned.
struct DocParts {
    /// The title as it is written.
    title: String,
    shared: Vec<(SharedKey, Option<Box<str>>)>,
    body: Folded,
}

/// A briefing that matched a query.
#[derive(Debug, Clone, PartialEq)]
pub struct Hit {
    /// Index of the briefing in the library.
    pub briefing: usize,
    /// The field of the best match.
    pub field: Field,
    /// Higher is better: field weight plus match quality, summed over the terms.
    pub score: u32,
    /// The match's first character in the field (for the body: in the body).
    pub start: usize,
    /// One past its last character.
    pub end: usize,
    /// The section a region match comes from, if it does.
    pub section: Option<String>,
    /// Which short field matched, by its place in the index; `None` for the body.
    pub entry: Option<usize>,
}

/// Text around a match, on one line, for showing a hit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The text.
    pub text: String,
    /// The match within `text`, in characters.
    pub matched: Range<usize>,
}

/// The search index of a library.
#[derive(Debug, Clone, Default)]
pub struct Index {
    docs: Vec<Doc>,
    /// Each briefing's title, in the same order.
    titles: Titles,
    /// Each briefing's body folded, two bytes a character, in the same order; none in an
    /// index without bodies, which reads them from elsewhere (see [`Bodies`]).
    bodies: Vec<Folded>,
    /// Regions, sources and tags, each once however many briefings have it: matched once a
    /// term, not once a briefing.
    shared: Vec<Entry>,
    /// The pinyin classes of the bodies' characters.
    classes: pinyin::Classes,
    /// How common each byte of the folded bodies is.
    byte_rank: ByteRank,
}

fn region_text(r: &RegionRef) -> String {
    let mut t = strip_controls(&r.province);
    if let Some(c) = &r.city {
        t.push(' ');
        t.push_str(&strip_controls(c));
    }
    t
}

/// How many bytes of bodies the pinyin classes are chosen from.
const CLASS_SAMPLE: usize = 4 << 20;

impl DocParts {
    fn with_body(m: &crate::briefing::Meta, body: Folded) -> DocParts {
        let mut shared = Vec::new();
        // A region's short names (`广西/柳州`) take every kind of match, its official names
        // (`广西壮族自治区 柳州市`) exact matches only.
        let mut region = |r: &RegionRef, section: Option<&String>| {
            let section: Option<Box<str>> = section.map(|s| s.as_str().into());
            let short = strip_controls(&crate::regions::label(r));
            shared.push(((Field::Region, short, false), section.clone()));
            shared.push(((Field::Region, region_text(r), true), section));
        };
        let mut seen: Vec<&RegionRef> = Vec::new();
        for r in &m.regions {
            if !seen.contains(&r) {
                seen.push(r);
                region(r, None);
            }
        }
        for s in &m.sections {
            for r in &s.regions {
                region(r, Some(&s.heading));
            }
        }
        if let Some(s) = &m.source {
            shared.push(((Field::Source, strip_controls(s), false), None));
        }
        for t in &m.tags {
            shared.push(((Field::Tag, strip_controls(t), false), None));
        }
        DocParts {
            title: m.title.clone(),
            shared,
            body,
        }
    }
}

/// A term's best match in a briefing: score with field weight, field, match, short field.
type TermBest = (u32, Field, Found, Option<usize>);

/// What a term found in a briefing, kept for the next keystroke: where in the body it was
/// found, and its best match (reused as it is while the term does not change).
#[derive(Debug, Clone, Copy, Default)]
struct TermMemo {
    hint: Hint,
    best: Option<TermBest>,
}

/// How one briefing matched a query: score, field, match, short field.
type DocMatch = (u32, Field, Found, Option<usize>);

/// How many terms of a query have what they found remembered for the next keystroke: a query
/// of many terms would otherwise keep terms x briefings memos. Later terms are searched afresh.
const MEMO_TERMS: usize = 8;

/// Briefings to search among, in the library's order, with what each term found in each (as
/// many memos a briefing as there were terms; none when nothing is known yet).
#[derive(Debug, Default, Clone)]
struct Candidates {
    ids: Vec<usize>,
    memos: Vec<TermMemo>,
    terms: usize,
}

impl Candidates {
    /// The memos of the `j`-th candidate.
    fn memos(&self, j: usize) -> &[TermMemo] {
        self.memos
            .get(j * self.terms..(j + 1) * self.terms)
            .unwrap_or_default()
    }
}

/// A term's best match in one place: score and character range.
#[derive(Debug, Clone, Copy)]
struct Found {
    score: u32,
    start: usize,
    end: usize,
}

fn better(a: Option<Found>, b: Option<Found>) -> Option<Found> {
    match (a, b) {
        (Some(x), Some(y)) => Some(if y.score > x.score { y } else { x }),
        (x, None) => x,
        (None, y) => y,
    }
}

/// Working space for matching, one for each thread.
#[derive(Default)]
struct Scratch {
    fuzzy: SkimMatcherV2,
    memo: pinyin::Memo,
    window: Vec<char>,
}

/// A folded term made ready once a search: how to look for it in bodies, and what it found
/// in the shared short fields.
struct Term {
    text: String,
    /// The term in the body's encoding, to look for.
    needle: memchr::memmem::Finder<'static>,
    /// The term in UTF-8, to look for in short fields.
    utf8: memchr::memmem::Finder<'static>,
    /// Its ASCII letters and digits (see [`ascii_of`]).
    ascii: u32,
    /// The term as pinyin, when it is letters, with its filter on the index's classes.
    pinyin: Option<(pinyin::Query, [u8; 256])>,
    /// Its matches in the shared fields, by id, only those that match: a query of many terms
    /// keeps what they found, not a slot for every term and every field.
    shared: Vec<(u32, Found)>,
}

impl Term {
    fn new(text: &str, index: &Index, scratch: &mut Scratch) -> Term {
        let pinyin = pinyin::is_pinyin_query(text).then(|| pinyin::Query::new(text));
        let utf8 = memchr::memmem::Finder::new(text.as_bytes()).into_owned();
        let ascii = ascii_of(text);
        let shared = index
            .shared
            .iter()
            .enumerate()
            .filter_map(|(id, e)| {
                let found = match_entry(text, &utf8, ascii, pinyin.as_ref(), e.short(), scratch)?;
                Some((u32::try_from(id).ok()?, found))
            })
            .collect();
        let pinyin = pinyin.map(|q| {
            let filter = q.class_filter(&index.classes);
            (q, filter)
        });
        Term {
            text: text.to_owned(),
            needle: index.byte_rank.finder(text),
            utf8,
            ascii,
            pinyin,
            shared,
        }
    }
}

impl Term {
    /// Its match in shared field `id`, if it has one.
    fn found_in_shared(&self, id: u32) -> Option<Found> {
        let k = self.shared.binary_search_by_key(&id, |&(i, _)| i).ok()?;
        Some(self.shared[k].1)
    }
}

/// Matches a folded term in a short field: exactly, as pinyin, or fuzzily.
fn match_entry(
    term: &str,
    finder: &memchr::memmem::Finder,
    ascii: u32,
    pinyin: Option<&pinyin::Query>,
    e: Short,
    scratch: &mut Scratch,
) -> Option<Found> {
    match_entry_ruling(term, finder, ascii, pinyin, e, scratch).0
}

/// [`match_entry`], and whether a miss rules out every longer form of the term (one that
/// begins with it) too: it does, unless fuzzy matching found the term with no score, which a
/// longer form might have.
fn match_entry_ruling(
    term: &str,
    finder: &memchr::memmem::Finder,
    ascii: u32,
    pinyin: Option<&pinyin::Query>,
    e: Short,
    scratch: &mut Scratch,
) -> (Option<Found>, bool) {
    // A term holding a letter or digit the field lacks is not in it, as itself or fuzzily.
    if ascii & !e.ascii != 0 {
        if e.exact_only {
            return (None, true);
        }
        let found = pinyin
            .filter(|q| q.could_start_in(e.initials))
            .and_then(|q| q.find(e.chars, &mut scratch.memo))
            .map(|(start, end, s)| Found {
                score: 150 + s,
                start,
                end,
            });
        return (found, true);
    }
    let mut found = finder.find(e.folded.as_bytes()).map(|byte| {
        let start = fold::char_offset(e.folded, byte);
        let len = term.chars().count();
        let whole = len == e.chars.len();
        Found {
            score: 300 + if start == 0 { 100 } else { 0 } + if whole { 50 } else { 0 },
            start,
            end: start + len,
        }
    });
    if e.exact_only {
        return (found, true);
    }
    if let Some(q) = pinyin
        && q.could_start_in(e.initials)
        && let Some((start, end, s)) = q.find(e.chars, &mut scratch.memo)
    {
        found = better(
            found,
            Some(Found {
                score: 150 + s,
                start,
                end,
            }),
        );
    }
    // Fuzzy matching adds something only for terms of several characters, all present.
    if found.is_none()
        && term.chars().nth(1).is_some()
        && term.chars().all(|c| c == ' ' || e.chars.contains(&c))
    {
        match scratch.fuzzy.fuzzy_indices(e.folded, term) {
            Some((s, idx)) if s > 0 => {
                let start = idx.first().copied().unwrap_or(0);
                let end = idx.last().map_or(start, |l| l + 1);
                found = Some(Found {
                    score: (s as u32).min(200) / 2,
                    start,
                    end,
                });
            }
            Some(_) => return (None, false),
            None => {}
        }
    }
    (found, true)
}

/// The ASCII letters and digits of a folded text, one bit each as [`pinyin::initials`] gives
/// them.
fn ascii_of(text: &str) -> u32 {
    text.chars()
        .filter(char::is_ascii_alphanumeric)
        .fold(0, |m, c| m | pinyin::initials(c))
}

/// What an earlier, shorter form of a term found in a body: where a scan may start again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Scan {
    /// Not looked for.
    #[default]
    Unknown,
    /// Looked for and not there: a longer term cannot be there either.
    Absent,
    /// First found at this character: a longer term cannot be found before it.
    At(usize),
}

/// Where a term was found in a body, exactly and as pinyin, and whether the title is known
/// not to hold it (`Absent`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Hint {
    title: Scan,
    exact: Scan,
    pinyin: Scan,
}

/// Matches a term in a folded body: exactly, or as pinyin. `hint` is what the term without
/// its last letters found, so the scans start where it did.
fn match_body(
    term: &Term,
    body: &Folded,
    hint: Hint,
    scratch: &mut Scratch,
) -> (Option<Found>, Hint) {
    let exact = match hint.exact {
        Scan::Absent => None,
        _ if !body.may_hold(&term.text) => None,
        Scan::At(from) => body.find(&term.needle, from),
        Scan::Unknown => body.find(&term.needle, 0),
    };
    if let Some(start) = exact {
        let found = Found {
            score: BODY_BEST,
            start,
            end: start + term.text.chars().count(),
        };
        let hint = Hint {
            exact: Scan::At(start),
            ..Hint::default()
        };
        return (Some(found), hint);
    }
    let mut out = Hint {
        exact: Scan::Absent,
        ..Hint::default()
    };
    if let Some((q, filter)) = &term.pinyin {
        let from = match hint.pinyin {
            Scan::Absent => {
                out.pinyin = Scan::Absent;
                return (None, out);
            }
            Scan::At(from) => from,
            Scan::Unknown => 0,
        };
        let mut first = None;
        body_pinyin_from(q, filter, body, from, scratch, |start, end| {
            first = Some((start, end));
            false
        });
        match first {
            Some((start, end)) => {
                out.pinyin = Scan::At(start);
                let found = Found {
                    score: BODY_PINYIN,
                    start,
                    end,
                };
                return (Some(found), out);
            }
            None => out.pinyin = Scan::Absent,
        }
    }
    (None, out)
}

/// Pinyin matches of `q` in `body` from character `from`, as character ranges, each after the
/// one before: `each` is given them in turn, and says whether to go on.
fn body_pinyin_from(
    q: &pinyin::Query,
    filter: &[u8; 256],
    body: &Folded,
    from: usize,
    scratch: &mut Scratch,
    mut each: impl FnMut(usize, usize) -> bool,
) {
    let classes = body.classes();
    let mut i = from;
    while i < classes.len() {
        // Most characters cannot start a match: pass over them a byte at a time.
        match classes[i..]
            .iter()
            .position(|&k| filter[usize::from(k)] & 1 != 0)
        {
            Some(p) => i += p,
            None => break,
        }
        let goes_on = match classes.get(i + 1) {
            Some(&k) => filter[usize::from(k)] & 2 != 0,
            None => q.single(),
        };
        if goes_on {
            let window = &mut scratch.window;
            window.clear();
            window.extend((i..(i + q.window()).min(body.len())).map(|j| body.char_at(j)));
            if let Some((end, _)) = q.match_start(window, &mut scratch.memo) {
                if !each(i, i + end) {
                    return;
                }
                i += end;
                continue;
            }
        }
        i += 1;
    }
}

/// The terms of a query, folded; empty terms dropped, and a term given again dropped too (it
/// could only match where it already does, and each term costs working space).
pub fn terms(query: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for t in query.split_whitespace().map(fold) {
        if seen.insert(t.clone()) {
            out.push(t);
        }
    }
    out
}

/// Text around `range` (characters of `text`) on one line, and the match's place in it.
fn snippet(text: &str, range: Range<usize>) -> (String, Range<usize>) {
    // Cut from the text as shown, so a window never starts inside an escape sequence.
    crate::text::excerpt(text, range, 16, 40)
}

impl Index {
    /// Builds the index of `lib`: every briefing folded once.
    pub fn build(lib: &Library) -> Index {
        let all = &lib.briefings;
        // A library made from the catalog reads each body from its file here; one that can
        // no longer be read is searched as empty.
        let body = |i: usize| lib.body(i).unwrap_or_default();
        // The pinyin classes come from the commonest characters of a sample of the bodies.
        let mut counts = vec![0u32; 1 << 16];
        let mut sampled = 0;
        for i in 0..all.len() {
            if sampled >= CLASS_SAMPLE {
                break;
            }
            Folded::count_units(body(i), &mut counts);
            sampled += body(i).len();
        }
        let classes = pinyin::Classes::for_counts(&counts);
        let byte_rank = ByteRank::for_counts(&counts);
        let new = |i: usize| DocParts::with_body(&all[i].meta, Folded::new(body(i), &classes));
        // Folding is the work here; two threads do it in half the time on two cores.
        let parts: Vec<DocParts> = in_halves(all.len(), 256, |r| r.map(new).collect::<Vec<_>>())
            .into_iter()
            .flatten()
            .collect();
        Index::assemble(parts, classes, byte_rank)
    }

    /// The index of `lib`: for a library made from the catalog, from the folded bodies kept
    /// beside the catalog (brought up to date; a first build reads every body), without
    /// reading the files again; else, or when those cannot be had, by [`Index::build`].
    pub fn build_kept(lib: &Library) -> Index {
        if lib.bodies_on_demand()
            && let Some(bodies) = lib.kept_bodies()
            && let Some(index) = Index::build_folded(lib, bodies)
        {
            return index;
        }
        Index::build(lib)
    }

    /// Builds the index of `lib` from its bodies already folded (`bodies[i]` is briefing
    /// `i`'s, with the length of its text in UTF-8): the same index as [`Index::build`] gives
    /// when they are the bodies' folded forms, without reading them. The briefings' own
    /// bodies are not used; `None` when there is not one body for each briefing.
    pub fn build_folded(lib: &Library, bodies: Vec<(usize, Folded)>) -> Option<Index> {
        if bodies.len() != lib.briefings.len() {
            return None;
        }
        let mut counts = vec![0u32; 1 << 16];
        let mut sampled = 0;
        for (len, f) in &bodies {
            if sampled >= CLASS_SAMPLE {
                break;
            }
            f.count_into(&mut counts);
            sampled += len;
        }
        let classes = pinyin::Classes::for_counts(&counts);
        let byte_rank = ByteRank::for_counts(&counts);
        let mut bodies: Vec<Folded> = bodies.into_iter().map(|(_, f)| f).collect();
        let n = bodies.len();
        // One table look-up a character, on two threads as in `build`.
        let classify = |part: &mut [Folded]| part.iter_mut().for_each(|f| f.classify(&classes));
        if n >= 256 {
            let (first, second) = bodies.split_at_mut(n / 2);
            std::thread::scope(|scope| {
                scope.spawn(|| classify(second));
                classify(first);
            });
        } else {
            classify(&mut bodies);
        }
        let parts: Vec<DocParts> = lib
            .briefings
            .iter()
            .zip(bodies)
            .map(|(b, f)| DocParts::with_body(&b.meta, f))
            .collect();
        Some(Index::assemble(parts, classes, byte_rank))
    }

    /// Interns the briefings' shared fields and puts the index together.
    fn assemble(parts: Vec<DocParts>, classes: pinyin::Classes, byte_rank: ByteRank) -> Index {
        let mut ids: HashMap<SharedKey, u32> = HashMap::new();
        let mut shared: Vec<Entry> = Vec::new();
        let titles = Titles::of(parts.iter().map(|p| p.title.as_str()).collect(), true);
        let mut bodies = Vec::with_capacity(parts.len());
        let docs = parts
            .into_iter()
            .map(|p| {
                bodies.push(p.body);
                let refs = p
                    .shared
                    .into_iter()
                    .map(|(key, section)| {
                        let id = *ids.entry(key).or_insert_with_key(|(field, text, exact)| {
                            shared.push(Entry::new(*field, text.clone(), *exact));
                            (shared.len() - 1) as u32
                        });
                        SharedRef { id, section }
                    })
                    .collect();
                Doc { shared: refs }
            })
            .collect();
        Index {
            docs,
            titles,
            bodies,
            shared,
            classes,
            byte_rank,
        }
    }

    /// Whether briefing `i`'s body, as the index holds it, is `body` folded: a body read
    /// again after the index was made from kept folded text must pass this before a hit's
    /// offsets are used in it.
    pub fn holds_body(&self, i: usize, body: &str) -> bool {
        i < self.docs.len() && self.body_of(i).is_folded_from(body)
    }

    /// How many briefings the index holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Short field `e` of briefing `i` (see [`Doc`]) and the section it comes from.
    fn entry(&self, i: usize, e: usize) -> Option<(Short<'_>, Option<&str>)> {
        let doc = self.docs.get(i)?;
        match e.checked_sub(1) {
            None => Some((self.titles.get(i)?, None)),
            Some(k) => {
                let r = doc.shared.get(k)?;
                let e = self.shared.get(r.id as usize)?;
                Some((e.short(), r.section.as_deref()))
            }
        }
    }

    /// The best match of `terms` in the `j`-th of `candidates`, with `body` as its body and
    /// what shorter forms of the terms found in it, if every term matches somewhere in it.
    /// What each term found goes on the end of `found`.
    #[allow(clippy::too_many_arguments)]
    fn match_candidate(
        &self,
        candidates: &Candidates,
        j: usize,
        body: &Folded,
        terms: &[Term],
        unchanged: &[bool],
        found: &mut Vec<TermMemo>,
        scratch: &mut Scratch,
    ) -> Option<DocMatch> {
        let memos = candidates.memos(j);
        self.match_doc_with(
            candidates.ids[j],
            body,
            terms,
            unchanged,
            memos,
            found,
            scratch,
        )
    }

    /// The best match of `terms` in briefing `i` with `body` as its body (see
    /// [`Index::match_candidate`]).
    #[allow(clippy::too_many_arguments)]
    fn match_doc_with(
        &self,
        i: usize,
        body: &Folded,
        terms: &[Term],
        unchanged: &[bool],
        memos: &[TermMemo],
        found: &mut Vec<TermMemo>,
        scratch: &mut Scratch,
    ) -> Option<DocMatch> {
        let mut total = 0;
        let mut best: Option<TermBest> = None;
        let before = found.len();
        for (ti, term) in terms.iter().enumerate() {
            let memo = memos.get(ti).copied().unwrap_or_default();
            let (term_best, hint) = if unchanged.get(ti) == Some(&true) && memo.best.is_some() {
                (memo.best, memo.hint)
            } else {
                self.match_term(i, body, term, memo.hint, scratch)
            };
            if ti < MEMO_TERMS {
                found.push(TermMemo {
                    hint,
                    best: term_best,
                });
            }
            let Some(t) = term_best else {
                found.truncate(before);
                return None;
            };
            total += t.0;
            if best.is_none_or(|(b, ..)| t.0 > b) {
                best = Some(t);
            }
        }
        best.map(|(_, field, f, entry)| (total, field, f, entry))
    }

    /// The best match of one term in a briefing, and where it was found in the body.
    fn match_term(
        &self,
        i: usize,
        body: &Folded,
        term: &Term,
        hint: Hint,
        scratch: &mut Scratch,
    ) -> (Option<TermBest>, Hint) {
        let (mut term_best, no_title) =
            self.match_short(i, term, hint.title == Scan::Absent, scratch);
        // The body is searched only when no short field holds the term: a short field's match
        // is worth at least its field's weight, more than any match in a body.
        let mut out_hint = Hint::default();
        if term_best.is_none_or(|(b, ..)| b < BODY_BEST) {
            let (f, h) = match_body(term, body, hint, scratch);
            out_hint = h;
            if let Some(f) = f
                && term_best.is_none_or(|(b, ..)| f.score > b)
            {
                term_best = Some((f.score, Field::Body, f, None));
            }
        }
        if no_title {
            out_hint.title = Scan::Absent;
        }
        (term_best, out_hint)
    }

    /// The best match of one term in a briefing's short fields: its title (unless a shorter
    /// form of the term already ruled it out), regions, source and tags; and whether the
    /// title is ruled out for longer forms of the term.
    fn match_short(
        &self,
        i: usize,
        term: &Term,
        title_ruled_out: bool,
        scratch: &mut Scratch,
    ) -> (Option<TermBest>, bool) {
        let (Some(doc), Some(title)) = (self.docs.get(i), self.titles.get(i)) else {
            return (None, true);
        };
        let (title, ruled_out) = if title_ruled_out {
            (None, true)
        } else {
            match_entry_ruling(
                &term.text,
                &term.utf8,
                term.ascii,
                term.pinyin.as_ref().map(|(q, _)| q),
                title,
                scratch,
            )
        };
        let no_title = title.is_none() && ruled_out;
        let mut term_best: Option<TermBest> =
            title.map(|f| (Field::Title.weight() + f.score, Field::Title, f, Some(0)));
        let mut from_section = false;
        for (k, r) in doc.shared.iter().enumerate() {
            let id = r.id as usize;
            if let Some(f) = term.found_in_shared(r.id) {
                let s = self.shared[id].field.weight() + f.score;
                // On a tie a section's region wins: it says where in the briefing to look.
                let wins =
                    |(b, ..): TermBest| s > b || (s == b && r.section.is_some() && !from_section);
                if term_best.is_none_or(wins) {
                    term_best = Some((s, self.shared[id].field, f, Some(1 + k)));
                    from_section = r.section.is_some();
                }
            }
        }
        (term_best, no_title)
    }

    /// The most briefing `i` can score for `terms` without its body being read: each term
    /// a short field holds counts what it scores there, each other term the most a match in
    /// this body could be worth (an exact match only where the body holds the term's letters,
    /// else a pinyin one). `None` when some term cannot match at all.
    fn score_bound(
        &self,
        i: usize,
        bodies: BodiesOf,
        terms: &[Term],
        unchanged: &[bool],
        memos: &[TermMemo],
        scratch: &mut Scratch,
    ) -> Option<u32> {
        let mut bound = 0;
        for (ti, term) in terms.iter().enumerate() {
            let memo = memos.get(ti).copied().unwrap_or_default();
            if unchanged.get(ti) == Some(&true)
                && let Some((b, ..)) = memo.best
            {
                bound += b;
                continue;
            }
            let ruled_out = memo.hint.title == Scan::Absent;
            if let (Some((b, ..)), _) = self.match_short(i, term, ruled_out, scratch) {
                bound += b;
                continue;
            }
            let may_hold = match bodies {
                BodiesOf::Own => self.body_of(i).may_hold(&term.text),
                BodiesOf::Read(b) => b.may_hold(i, &term.text),
            };
            let exact = memo.hint.exact != Scan::Absent && may_hold;
            let pinyin = term.pinyin.is_some() && memo.hint.pinyin != Scan::Absent;
            bound += match (exact, pinyin) {
                (true, _) => BODY_BEST,
                (false, true) => BODY_PINYIN,
                (false, false) => return None,
            };
        }
        Some(bound)
    }

    /// The first `k` hits among `candidates`, exactly as [`Index::search_inner`] would rank
    /// them, without matching every body: every candidate's short fields are matched, which
    /// bounds what it can score, and bodies are read best bound first until no candidate left
    /// can displace the `k`-th hit. With many hits this is a small part of the work. `None`
    /// only when a body to be read from `bodies` cannot be.
    fn top_inner(
        &self,
        terms: &[String],
        unchanged: &[bool],
        candidates: &Candidates,
        k: usize,
        bodies: BodiesOf,
    ) -> Option<Vec<Hit>> {
        if terms.is_empty() || k == 0 {
            return Some(Vec::new());
        }
        // No more hits than candidates, whatever was asked: room is made for `k` of them.
        let k = k.min(candidates.ids.len());
        let mut scratch = Scratch::default();
        let terms: Vec<Term> = terms
            .iter()
            .map(|t| Term::new(t, self, &mut scratch))
            .collect();
        // Each candidate's bound and place, best bound first, ties in the library's order.
        let mut bounds: Vec<(std::cmp::Reverse<u32>, usize)> =
            in_halves(candidates.ids.len(), 512, |range| {
                let mut scratch = Scratch::default();
                range
                    .filter_map(|j| {
                        let i = candidates.ids[j];
                        let memos = candidates.memos(j);
                        self.score_bound(i, bodies, &terms, unchanged, memos, &mut scratch)
                            .map(|b| (std::cmp::Reverse(b), j))
                    })
                    .collect::<Vec<_>>()
            })
            .into_iter()
            .flatten()
            .collect();
        // Candidate `j` matched, its body read when the index does not hold it.
        let needs_classes = terms.iter().any(|t| t.pinyin.is_some());
        let match_at = |j: usize, found: &mut Vec<TermMemo>, scratch: &mut Scratch| {
            found.clear();
            let i = candidates.ids[j];
            let read;
            let body = match bodies {
                BodiesOf::Own => self.body_of(i),
                BodiesOf::Read(b) => {
                    let Some(mut body) = b.body(i) else {
                        return Err(());
                    };
                    if needs_classes {
                        body.classify(&self.classes);
                    }
                    read = body;
                    &read
                }
            };
            Ok(self.match_candidate(candidates, j, body, &terms, unchanged, found, scratch))
        };
        // The best `k` so far, the worst of them on top.
        let mut best: std::collections::BinaryHeap<(std::cmp::Reverse<u32>, usize)> =
            std::collections::BinaryHeap::with_capacity(k + 1);
        let mut hits: Vec<Hit> = Vec::with_capacity(k + 1);
        let mut found = Vec::new();
        // Whether a candidate of this bound and place can still displace the `k`-th hit.
        // Candidates come by falling bound, each bound's in the library's order: once one
        // cannot (a tie goes to the one earlier in the library), none after it can.
        let beaten = |best: &std::collections::BinaryHeap<(std::cmp::Reverse<u32>, usize)>,
                      bound: u32,
                      i: usize| {
            best.len() == k
                && best.peek().is_some_and(|&(std::cmp::Reverse(worst), at)| {
                    bound < worst || (bound == worst && i > at)
                })
        };
        // Candidates are taken in order a batch at a time, each batch picked out of the rest
        // and only it sorted: the search usually ends within the first, and sorting every
        // candidate of a large library cost more than the rest of the work. A large batch is
        // matched on two threads before its hits are taken in order.
        let mut rest = &mut bounds[..];
        let mut batch = 4 * k;
        'batches: while !rest.is_empty() {
            let m = batch.min(rest.len());
            if m < rest.len() {
                rest.select_nth_unstable(m - 1);
            }
            let (head, tail) = rest.split_at_mut(m);
            head.sort_unstable();
            let ready: Option<Vec<Option<DocMatch>>> = (head.len() >= PARALLEL_BATCH)
                .then(|| {
                    in_halves(head.len(), PARALLEL_BATCH, |r| {
                        let mut scratch = Scratch::default();
                        let mut found = Vec::new();
                        head[r]
                            .iter()
                            .map(|&(_, j)| match_at(j, &mut found, &mut scratch))
                            .collect::<Result<Vec<_>, ()>>()
                    })
                    .into_iter()
                    .collect::<Result<Vec<_>, ()>>()
                    .map(|parts| parts.into_iter().flatten().collect())
                    .ok()
                })
                .map_or(Some(None), |r| r.map(Some))?;
            for (n, &(std::cmp::Reverse(bound), j)) in head.iter().enumerate() {
                let i = candidates.ids[j];
                if beaten(&best, bound, i) {
                    break 'batches;
                }
                let matched = match &ready {
                    Some(ready) => ready[n],
                    None => match_at(j, &mut found, &mut scratch).ok()?,
                };
                let Some(matched) = matched else {
                    continue;
                };
                best.push((std::cmp::Reverse(matched.0), i));
                hits.push(self.hit(i, matched));
                if best.len() > k {
                    best.pop();
                }
            }
            rest = tail;
            batch *= 4;
            if let BodiesOf::Read(b) = bodies {
                // Bodies read from elsewhere come a bounded batch at a time, let go after each.
                b.release();
                batch = batch.min(READ_BATCH);
            }
        }
        rank_first(&mut hits, k);
        Some(hits)
    }

    /// The search itself, among candidates with what shorter forms of the terms found in them.
    /// Returns the hits, best first, and the briefings that matched, with what each term found
    /// in them, for the next keystroke.
    fn search_inner(
        &self,
        terms: &[String],
        unchanged: &[bool],
        candidates: &Candidates,
    ) -> (Vec<Hit>, Candidates) {
        self.search_unless(terms, unchanged, candidates, &|| false)
            .unwrap_or_default()
    }

    /// [`Index::search_inner`], given up (`None`) as soon as `stop` says so: it is asked
    /// every few hundred briefings.
    fn search_unless(
        &self,
        terms: &[String],
        unchanged: &[bool],
        candidates: &Candidates,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<(Vec<Hit>, Candidates)> {
        if terms.is_empty() {
            return Some((Vec::new(), Candidates::default()));
        }
        let mut scratch = Scratch::default();
        let terms: Vec<Term> = terms
            .iter()
            .map(|t| Term::new(t, self, &mut scratch))
            .collect();
        // Candidates `range`: their hits and memos, in the candidates' order.
        let run = |range: Range<usize>| -> Option<(Vec<Hit>, Vec<TermMemo>)> {
            let mut scratch = Scratch::default();
            let mut hits = Vec::new();
            let mut found = Vec::new();
            for j in range {
                if j % 256 == 0 && stop() {
                    return None;
                }
                let i = candidates.ids[j];
                let Some(matched) = self.match_candidate(
                    candidates,
                    j,
                    self.body_of(i),
                    &terms,
                    unchanged,
                    &mut found,
                    &mut scratch,
                ) else {
                    continue;
                };
                hits.push(self.hit(i, matched));
            }
            Some((hits, found))
        };
        // Two halves on two threads when there is enough to share.
        let (mut hits, mut memos) = (Vec::new(), Vec::new());
        for part in in_halves(candidates.ids.len(), 512, run) {
            let (more, more_memos) = part?;
            hits.extend(more);
            memos.extend(more_memos);
        }
        let next = Candidates {
            ids: hits.iter().map(|h| h.briefing).collect(),
            memos,
            terms: terms.len().min(MEMO_TERMS),
        };
        rank(&mut hits);
        Some((hits, next))
    }

    /// The text around a hit's match, for showing it.
    ///
    /// A body hit in a library that reads bodies on demand reads the body now: one that is
    /// gone, or no longer the text the hit was found in (its offsets would point elsewhere),
    /// gives a snippet saying so instead.
    pub fn snippet(&self, lib: &Library, hit: &Hit) -> Snippet {
        let said = |text: &str| Snippet {
            text: text.to_owned(),
            matched: 0..0,
        };
        if hit.entry.is_some() {
            return self.snippet_with(hit, "");
        }
        match lib.body(hit.briefing) {
            Ok(body) if !lib.bodies_on_demand() || self.holds_body(hit.briefing, body) => {
                self.snippet_with(hit, body)
            }
            Ok(_) => said("(the text has changed since it was searched)"),
            Err(e) => said(&format!("({e})")),
        }
    }

    /// The text around a hit's match: a short field's from the index, a body hit's from
    /// `body`, which the caller has made sure is the text the hit was found in.
    pub fn snippet_with(&self, hit: &Hit, body: &str) -> Snippet {
        let text = match hit.entry.and_then(|e| self.entry(hit.briefing, e)) {
            Some((e, _)) => e.text,
            None => body,
        };
        let (text, matched) = snippet(text, hit.start..hit.end);
        Snippet { text, matched }
    }

    /// Searches every briefing for `query`: every term must match. Hits come best first,
    /// ties newest first (the library's order).
    pub fn search(&self, query: &str) -> Vec<Hit> {
        self.search_inner(&terms(query), &[], &self.every_briefing())
            .0
    }

    /// The first `k` hits of `query`: the first `k` of [`Index::search`], found without
    /// matching every body.
    pub fn top(&self, query: &str, k: usize) -> Vec<Hit> {
        self.top_inner(&terms(query), &[], &self.every_briefing(), k, BodiesOf::Own)
            .unwrap_or_default()
    }

    /// [`Index::top`] for an index without bodies (see [`Index::without_bodies`]), reading
    /// from `bodies` only those it needs, with their pinyin classes given as they are read:
    /// with many hits, a few hundred. `None` when one cannot be read or fails its check.
    pub fn top_in(&self, query: &str, k: usize, bodies: &dyn Bodies) -> Option<Vec<Hit>> {
        let candidates = self.every_briefing();
        self.top_inner(&terms(query), &[], &candidates, k, BodiesOf::Read(bodies))
    }

    /// Every briefing as a candidate, with nothing known of it yet.
    fn every_briefing(&self) -> Candidates {
        Candidates {
            ids: (0..self.docs.len()).collect(),
            memos: Vec::new(),
            terms: 0,
        }
    }

    /// Every match of `query`'s terms in the body of briefing `i`, as character ranges in
    /// order: what the reader steps through.
    pub fn body_matches(&self, i: usize, query: &str) -> Vec<Range<usize>> {
        if i >= self.docs.len() {
            return Vec::new();
        }
        matches_in_folded(self.body_of(i), query, &self.classes, &self.byte_rank)
    }

    /// Briefing `i`'s body as the index holds it: empty in an index without bodies.
    fn body_of(&self, i: usize) -> &Folded {
        static NONE: std::sync::LazyLock<Folded> = std::sync::LazyLock::new(Folded::default);
        self.bodies.get(i).unwrap_or(&NONE)
    }
}

/// Every match of `query`'s terms in `text`, as character ranges in order: what
/// [`Index::body_matches`] gives for a body that is `text`, found in `text` itself without an
/// index (the reader finds in the text it shows, read from its file when it was opened).
pub fn matches_in(text: &str, query: &str) -> Vec<Range<usize>> {
    // The classes and byte ranking only make a scan faster; for one text any will do.
    let classes = pinyin::Classes::plain();
    let byte_rank = ByteRank::for_counts(&[]);
    let body = Folded::new(text, classes);
    matches_in_folded(&body, query, classes, &byte_rank)
}

fn matches_in_folded(
    body: &Folded,
    query: &str,
    classes: &pinyin::Classes,
    byte_rank: &ByteRank,
) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for term in terms(query) {
        let len = term.chars().count();
        let finder = byte_rank.finder(&term);
        let mut from = 0;
        let before = out.len();
        while let Some(at) = body.find(&finder, from) {
            out.push(at..at + len);
            from = at + len.max(1);
        }
        if out.len() == before && pinyin::is_pinyin_query(&term) {
            let q = pinyin::Query::new(&term);
            let filter = q.class_filter(classes);
            body_pinyin_from(&q, &filter, body, 0, &mut Scratch::default(), |s, e| {
                out.push(s..e);
                true
            });
        }
    }
    out.sort_by_key(|r| (r.start, r.end));
    out.dedup();
    out
}

/// The shared short fields, each once.
#[derive(Default)]
struct Interner {
    ids: HashMap<SharedKey, u32, crate::briefing::Quick>,
    shared: Vec<Entry>,
}

impl Interner {
    fn id(&mut self, key: SharedKey) -> u32 {
        let shared = &mut self.shared;
        *self
            .ids
            .entry(key)
            .or_insert_with_key(|(field, text, exact)| {
                shared.push(Entry::new(*field, text.clone(), *exact));
                (shared.len() - 1) as u32
            })
    }
}

/// Puts hits best first, ties in the library's order (newest first).
pub fn rank(hits: &mut [Hit]) {
    hits.sort_unstable_by(ranked);
}

/// Keeps the best `n` hits, in [`rank`]'s order: what ranking them all and keeping the first
/// `n` gives, without putting the rest in order.
pub fn rank_first(hits: &mut Vec<Hit>, n: usize) {
    if n == 0 {
        hits.clear();
        return;
    }
    if n < hits.len() {
        hits.select_nth_unstable_by(n - 1, ranked);
        hits.truncate(n);
    }
    rank(hits);
}

/// [`rank`]'s order: higher score first, then the briefing earlier in the library.
fn ranked(a: &Hit, b: &Hit) -> std::cmp::Ordering {
    b.score.cmp(&a.score).then(a.briefing.cmp(&b.briefing))
}

impl Index {
    /// The index of the short fields (titles, regions, sources, tags) of briefings with these
    /// front matters, in the library's order, without any body: [`Index::top_in`] reads the
    /// bodies it needs as it goes. It is built on this thread alone. `counts` is how often each
    /// code unit occurs in a sample of the folded bodies (see [`sample_counts`]), from which
    /// the pinyin classes and the byte ranking are chosen as [`Index::build`] chooses them.
    pub fn without_bodies<'a, M: ShortFields + Sync + 'a>(
        metas: impl IntoIterator<Item = &'a M>,
        counts: &[u32],
    ) -> Index {
        let classes = pinyin::Classes::for_counts(counts);
        let byte_rank = ByteRank::for_counts(counts);
        Index::with_tables(metas, classes, byte_rank)
    }

    fn with_tables<'a, M: ShortFields + Sync + 'a>(
        metas: impl IntoIterator<Item = &'a M>,
        classes: pinyin::Classes,
        byte_rank: ByteRank,
    ) -> Index {
        // The same fields as [`DocParts::with_body`] gives, in the same order, with each
        // region, source and tag named and interned once for the library rather than once a
        // briefing: at a hundred thousand briefings that was a fifth of a search.
        let metas: Vec<&M> = metas.into_iter().collect();
        // On this thread: `brief search` builds this index while both cores check the files,
        // where two more threads made it slower (156 against 164 ms at 100,000).
        let titles = Titles::of(metas.iter().map(|m| m.title()).collect(), false);
        let mut interner = Interner::default();
        let mut regions: HashMap<(&str, Option<&str>), [u32; 2], crate::briefing::Quick> =
            HashMap::default();
        let mut others: HashMap<(Field, &str), u32, crate::briefing::Quick> = HashMap::default();
        let mut docs = Vec::with_capacity(metas.len());
        for m in metas {
            let mut refs = Vec::new();
            let mut region =
                |r: (&'a str, Option<&'a str>), section: Option<&str>, i: &mut Interner| {
                    let ids = *regions.entry(r).or_insert_with(|| {
                        let r = RegionRef {
                            province: r.0.to_owned(),
                            city: r.1.map(str::to_owned),
                        };
                        let short = strip_controls(&crate::regions::label(&r));
                        [
                            i.id((Field::Region, short, false)),
                            i.id((Field::Region, region_text(&r), true)),
                        ]
                    });
                    for id in ids {
                        refs.push(SharedRef {
                            id,
                            section: section.map(Into::into),
                        });
                    }
                };
            let mut seen: Vec<(&str, Option<&str>)> = Vec::new();
            for r in m.regions() {
                if !seen.contains(&r) {
                    seen.push(r);
                    region(r, None, &mut interner);
                }
            }
            for (heading, in_section) in m.sections() {
                for r in in_section {
                    region(r, Some(heading), &mut interner);
                }
            }
            let fields = m
                .source()
                .map(|s| (Field::Source, s))
                .into_iter()
                .chain(m.tags().map(|t| (Field::Tag, t)));
            for (field, text) in fields {
                let id = *others
                    .entry((field, text))
                    .or_insert_with(|| interner.id((field, strip_controls(text), false)));
                refs.push(SharedRef { id, section: None });
            }
            docs.push(Doc { shared: refs });
        }
        Index {
            docs,
            titles,
            bodies: Vec::new(),
            shared: interner.shared,
            classes,
            byte_rank,
        }
    }

    /// The hit of briefing `i` from what matching it gave, with the section its entry is in.
    fn hit(&self, i: usize, (score, field, at, entry): DocMatch) -> Hit {
        let section = entry
            .and_then(|e| self.entry(i, e))
            .and_then(|(_, s)| s.map(str::to_owned));
        Hit {
            briefing: i,
            field,
            score,
            start: at.start,
            end: at.end,
            section,
            entry,
        }
    }
}

/// How often each code unit occurs in the first bodies of a library, in its order, until
/// [`CLASS_SAMPLE`] bytes of text: what the pinyin classes and byte ranking are chosen from.
/// `bodies` gives each folded body with the length of its text in UTF-8, in order.
pub fn sample_counts<'a>(bodies: impl IntoIterator<Item = (usize, &'a Folded)>) -> Vec<u32> {
    let mut counts = vec![0u32; 1 << 16];
    let mut sampled = 0;
    for (len, f) in bodies {
        if sampled >= CLASS_SAMPLE {
            break;
        }
        f.count_into(&mut counts);
        sampled += len;
    }
    counts
}

/// How many bytes of bodies' text (in UTF-8) [`sample_counts`] takes.
pub const SAMPLE_BYTES: usize = CLASS_SAMPLE;

/// Search as you type: remembers the last query's hits and where in each body its terms were
/// found, so a query that only grows searches among those hits and resumes each scan there.
#[derive(Debug, Default)]
pub struct Searcher {
    last_terms: Vec<String>,
    last_hits: Candidates,
}

impl Searcher {
    /// Whether `terms` can only match where `previous` did: each earlier term grown at its end,
    /// perhaps with terms added.
    fn narrows(previous: &[String], terms: &[String]) -> bool {
        // A term that has just become pinyin (`'` then `'a`) can match where it did not before.
        let becomes_pinyin =
            |p: &String, t: &String| !pinyin::is_pinyin_query(p) && pinyin::is_pinyin_query(t);
        !previous.is_empty()
            && previous.len() <= terms.len()
            && previous
                .iter()
                .zip(terms)
                .all(|(p, t)| t.starts_with(p.as_str()) && !becomes_pinyin(p, t))
    }

    /// Where a query of `terms` starts: among the last query's hits, with which terms are
    /// unchanged, when it only grew; else among every briefing, nothing known.
    fn start<'a>(&'a self, index: &Index, terms: &[String]) -> (Vec<bool>, Cow<'a, Candidates>) {
        if Self::narrows(&self.last_terms, terms) {
            let unchanged = terms
                .iter()
                .enumerate()
                .map(|(i, t)| self.last_terms.get(i) == Some(t))
                .collect();
            (unchanged, Cow::Borrowed(&self.last_hits))
        } else {
            (Vec::new(), Cow::Owned(index.every_briefing()))
        }
    }

    /// The first `k` hits for `query` (the first `k` of what [`Searcher::search`] gives),
    /// among the previous results when the query grew: what a screen shows at once, before
    /// the whole search is done. What it finds is not remembered.
    pub fn top(&self, index: &Index, query: &str, k: usize) -> Vec<Hit> {
        let terms = terms(query);
        let (unchanged, candidates) = self.start(index, &terms);
        index
            .top_inner(&terms, &unchanged, &candidates, k, BodiesOf::Own)
            .unwrap_or_default()
    }

    /// The hits for `query`, reusing the previous results when the query grew.
    pub fn search(&mut self, index: &Index, query: &str) -> Vec<Hit> {
        self.search_unless(index, query, &|| false)
            .unwrap_or_default()
    }

    /// [`Searcher::search`], given up (`None`, and nothing remembered) as soon as `stop`
    /// says so, as when a newer query is waiting: it is asked every few hundred briefings.
    pub fn search_unless(
        &mut self,
        index: &Index,
        query: &str,
        stop: &(dyn Fn() -> bool + Sync),
    ) -> Option<Vec<Hit>> {
        let terms = terms(query);
        let (hits, matched) = {
            let (unchanged, candidates) = self.start(index, &terms);
            index.search_unless(&terms, &unchanged, &candidates, stop)?
        };
        self.last_terms = terms;
        self.last_hits = matched;
        Some(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_cut_around_the_match_and_point_at_it() {
        let text = "一二三四五六七八九十".repeat(10);
        let (s, r) = snippet(&text, 50..52);
        let chars: Vec<char> = s.chars().collect();
        assert_eq!(chars[0], '…');
        assert_eq!(chars[r.clone()].iter().collect::<String>(), "一二");
        let (s, r) = snippet("柳州\n新能源", 3..6);
        assert_eq!(s, "柳州 新能源");
        assert_eq!(r, 3..6);
    }

    fn shipped() -> Library {
        crate::briefing::load_library(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings"),
        )
        .unwrap()
    }

    #[test]
    fn every_short_field_outweighs_any_body_match() {
        // A term found in a short field is not looked for in the body: that is only right
        // while no body match can be worth more.
        for f in [Field::Title, Field::Region, Field::Source, Field::Tag] {
            assert!(f.weight() > BODY_BEST, "{f:?}");
        }
        let lib = shipped();
        let index = Index::build(&lib);
        for q in ["柳州", "liuzhou", "新能源", "xny", "广西", "gx"] {
            for h in index.search(q) {
                let expected = if h.field == Field::Body {
                    0..=BODY_BEST
                } else {
                    500..=u32::MAX
                };
                assert!(expected.contains(&h.score), "{q}: {h:?}");
            }
        }
    }

    /// A library of bodies alone, in this order (so the first is the newest).
    fn of_bodies(bodies: &[&str]) -> Library {
        let briefings = bodies
            .iter()
            .enumerate()
            .map(|(n, body)| crate::briefing::Briefing {
                id: format!("b{n}"),
                path: format!("b{n}.md").into(),
                meta: crate::briefing::Meta {
                    title: format!("第{n}份"),
                    date: chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap(),
                    date_precision: Default::default(),
                    source: None,
                    url: None,
                    regions: Vec::new(),
                    tags: Vec::new(),
                    sections: Vec::new(),
                },
                body: (*body).to_owned(),
            })
            .collect();
        Library {
            root: ".".into(),
            briefings,
            errors: Vec::new(),
            on_demand: Default::default(),
        }
    }

    #[test]
    fn the_top_hit_on_a_tie_is_the_earlier_even_after_a_higher_bound_disappoints() {
        // The second body holds the letters of `liuzhou` in pairs (so an exact match is not
        // ruled out and its bound is an exact match's), yet matches only as pinyin, as the
        // first does: they tie, and the first, earlier in the library, is the top hit.
        let lib = of_bodies(&["柳州的产业。", "柳州 li iu uz zh ho ou 的产业。"]);
        let index = Index::build(&lib);
        let whole = index.search("liuzhou");
        assert_eq!(whole.len(), 2);
        assert_eq!(whole[0].score, whole[1].score);
        assert_eq!(index.top("liuzhou", 1), whole[..1]);
    }

    #[test]
    fn titles_kept_side_by_side_are_what_each_would_be_on_its_own() {
        let titles = [
            "柳州市新能源汽车产量增长",
            "",
            "聊城 2024 Q3 數字化",
            "带\u{1b}[31m控制\u{202e}字符",
            "Ⅳ季度 ＡＢＣ",
        ];
        let mut one = Titles::default();
        titles.iter().for_each(|t| one.push(t));
        let (mut first, mut second) = (Titles::default(), Titles::default());
        titles[..2].iter().for_each(|t| first.push(t));
        titles[2..].iter().for_each(|t| second.push(t));
        first.append(second);
        for (i, t) in titles.iter().enumerate() {
            let own = Entry::new(Field::Title, strip_controls(t), false);
            for kept in [one.get(i).unwrap(), first.get(i).unwrap()] {
                assert_eq!(kept.text, own.text, "{t}");
                assert_eq!(kept.folded, own.folded, "{t}");
                assert_eq!(kept.chars, &own.chars[..], "{t}");
                assert_eq!(
                    (kept.initials, kept.ascii),
                    (own.initials, own.ascii),
                    "{t}"
                );
            }
        }
        assert!(one.get(titles.len()).is_none());
    }

    #[test]
    fn the_quick_tests_of_a_short_field_never_change_what_it_matches() {
        // Each short field keeps its initials and ASCII letters, to pass over terms it cannot
        // hold; with both tests made to pass everything, every answer must be the same.
        let fields = [
            "聊城 2024 Q3 数字化",
            "中国网专访 | 柳州:“双轮驱动”",
            "ＡＢ公司 xi'an 西安",
            "广西壮族自治区",
            "LiuZhou 柳州",
            "",
        ];
        let terms = [
            "q3", "2024", "q", "q4", "liuzhou", "lz", "柳州", "xian", "xi'an", "ab", "abc", "szh",
            "gx", "zzq", "双轮", "sl", "l", "z", "3", "x", "lzliu",
        ];
        let mut scratch = Scratch::default();
        let mut matched = 0;
        for f in fields {
            for exact_only in [false, true] {
                let quick = Entry::new(Field::Tag, f.to_owned(), exact_only);
                let mut open = quick.clone();
                (open.ascii, open.initials) = (u32::MAX, u32::MAX);
                for t in terms {
                    let t = fold::fold(t);
                    let finder = memchr::memmem::Finder::new(t.as_bytes());
                    let q = pinyin::is_pinyin_query(&t).then(|| pinyin::Query::new(&t));
                    let need = ascii_of(&t);
                    let (quick, open) = (quick.short(), open.short());
                    let a = match_entry_ruling(&t, &finder, need, q.as_ref(), quick, &mut scratch);
                    let b = match_entry_ruling(&t, &finder, need, q.as_ref(), open, &mut scratch);
                    let key =
                        |(f, r): (Option<Found>, bool)| (f.map(|f| (f.score, f.start, f.end)), r);
                    assert_eq!(key(a), key(b), "{t} in {f}");
                    matched += usize::from(a.0.is_some());
                }
            }
        }
        assert!(matched > 20, "the terms match somewhere: {matched}");
        // And what the fields hold is found, exactly where it stands.
        let exact = |t: &str, f: &str| {
            let e = Entry::new(Field::Tag, f.to_owned(), false);
            let finder = memchr::memmem::Finder::new(t.as_bytes());
            let q = pinyin::is_pinyin_query(t).then(|| pinyin::Query::new(t));
            match_entry_ruling(
                t,
                &finder,
                ascii_of(t),
                q.as_ref(),
                e.short(),
                &mut Scratch::default(),
            )
            .0
            .map(|f| (f.start, f.end))
        };
        assert_eq!(exact("q3", "聊城 2024 Q3 数字化"), Some((8, 10)));
        assert_eq!(exact("2024", "聊城 2024 Q3 数字化"), Some((3, 7)));
        assert_eq!(exact("q4", "聊城 2024 Q3 数字化"), None);
        assert_eq!(exact("ab", "ＡＢ公司 xi'an 西安"), Some((0, 2)));
    }

    #[test]
    fn the_best_n_hits_are_the_first_n_of_them_all_ranked() {
        let lib = shipped();
        let index = Index::build(&lib);
        for q in ["产业", "l", "新能源", "zz", "2024"] {
            let mut all = index.search(q);
            // Unranked, as a search gathers them.
            all.reverse();
            let mut ranked = all.clone();
            rank(&mut ranked);
            for n in [0, 1, 2, 3, all.len(), all.len() + 5] {
                let mut first = all.clone();
                rank_first(&mut first, n);
                assert_eq!(first, ranked[..n.min(ranked.len())], "{q} {n}");
            }
        }
    }

    #[test]
    fn a_term_given_again_is_searched_once() {
        assert_eq!(terms("柳州 新能源 柳州  新能源"), ["柳州", "新能源"]);
        assert_eq!(terms("LiuZhou liuzhou"), ["liuzhou"]);
    }

    #[test]
    fn long_query_memory_is_bounded() {
        // Thousands of terms that all match kept a memo for each term in each hit (gigabytes
        // for a pasted 20 KB query), and a slot for each term in each shared field.
        let lib = shipped();
        let index = Index::build(&lib);
        let many: Vec<String> = "柳州新能源汽车发展产业创新数字化转型"
            .chars()
            .map(String::from)
            .chain(["l", "li", "liu", "z", "zh", "zhou", "x", "xin"].map(String::from))
            .collect();
        let (hits, next) = index.search_inner(&many, &[], &index.every_briefing());
        assert!(!hits.is_empty());
        assert_eq!(next.terms, MEMO_TERMS);
        assert_eq!(next.memos.len(), hits.len() * MEMO_TERMS);
        let mut scratch = Scratch::default();
        let term = Term::new("liuzhou", &index, &mut scratch);
        assert!(
            term.shared.len() < index.shared.len(),
            "only matches are kept"
        );
        // And a grown query still narrows correctly past the remembered terms.
        let mut searcher = Searcher::default();
        let query = many.join(" ");
        searcher.search(&index, &query);
        let grown = format!("{query} 柳州");
        assert_eq!(searcher.search(&index, &grown), index.search(&grown));
    }

    #[test]
    fn matches_in_a_text_are_those_the_index_finds_in_its_body() {
        let lib = shipped();
        let index = Index::build(&lib);
        let queries = [
            "柳州",
            "liuzhou",
            "lz",
            "新能源 汽车",
            "增长",
            "xny",
            "數字",
            "zz",
            "l",
            "%",
            "",
            "shuzihua zhuanxing",
            "ZENGZHANG",
            "亿元",
        ];
        let mut found = 0;
        for q in queries {
            for (i, b) in lib.briefings.iter().enumerate() {
                let want = index.body_matches(i, q);
                found += want.len();
                assert_eq!(matches_in(&b.body, q), want, "{q} in {}", b.id);
            }
        }
        assert!(found > 100, "the queries find things: {found}");
    }

    #[test]
    fn a_search_given_up_remembers_nothing() {
        let lib = shipped();
        let index = Index::build(&lib);
        let mut searcher = Searcher::default();
        searcher.search(&index, "liu");
        assert_eq!(searcher.search_unless(&index, "liuz", &|| true), None);
        // Still narrowing from `liu`, as if `liuz` had never been asked.
        assert_eq!(searcher.last_terms, ["liu"]);
        assert_eq!(searcher.search(&index, "liuzhou"), index.search("liuzhou"));
    }

    #[test]
    fn narrowing_only_when_the_query_grew() {
        let t = |q: &str| terms(q);
        assert!(Searcher::narrows(&t("liuz"), &t("liuzh")));
        assert!(Searcher::narrows(&t("新能源"), &t("新能源 汽车")));
        assert!(!Searcher::narrows(&t("liuz"), &t("liu")));
        assert!(!Searcher::narrows(&t("ab"), &t("b")));
        assert!(!Searcher::narrows(&[], &t("a")));
        assert!(Searcher::narrows(&t("liu"), &t("liuz")));
        assert!(!Searcher::narrows(&t("'"), &t("'a")));
        assert!(Searcher::narrows(&t("数字"), &t("数字化")));
    }
}
