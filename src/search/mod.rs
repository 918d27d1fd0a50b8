//! Search over a library: titles, regions, sources and tags by fuzzy, exact and pinyin match;
//! bodies by exact substring (and pinyin for longer terms) on folded text. Every hit carries a
//! snippet and the character range of its match in the original text.
//!
//! Folding (simplified characters, half-width, lower case) is done once when the index is
//! built and keeps one character for one, so offsets found in folded text hold in the original.

pub mod fold;
pub mod pinyin;

use crate::briefing::{Briefing, Library, RegionRef};
use crate::text::strip_controls;
use fold::fold;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
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
    /// The section heading, for a region that comes from a section.
    section: Option<String>,
    /// Whether only exact matches count (official region names, whose 自治区 and 市 would
    /// make pinyin initials match nearly anything).
    exact_only: bool,
}

impl Entry {
    fn new(field: Field, text: String, section: Option<String>) -> Entry {
        let folded = fold(&text);
        let chars = folded.chars().collect();
        Entry {
            field,
            text,
            folded,
            chars,
            section,
            exact_only: false,
        }
    }

    /// The entries for a region: its short names (`广西/柳州`) for every kind of match, its
    /// official names (`广西壮族自治区 柳州市`) for exact matches only.
    fn region(r: &RegionRef, section: Option<&String>) -> [Entry; 2] {
        let short = strip_controls(&crate::regions::label(r));
        let mut official = Entry::new(Field::Region, region_text(r), section.cloned());
        official.exact_only = true;
        [Entry::new(Field::Region, short, section.cloned()), official]
    }
}

/// A briefing as the index keeps it.
#[derive(Debug, Clone)]
struct Doc {
    entries: Vec<Entry>,
    /// The body folded, one character for one.
    body: String,
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
}

fn region_text(r: &RegionRef) -> String {
    let mut t = strip_controls(&r.province);
    if let Some(c) = &r.city {
        t.push(' ');
        t.push_str(&strip_controls(c));
    }
    t
}

impl Doc {
    fn new(b: &Briefing) -> Doc {
        let m = &b.meta;
        let mut entries = vec![Entry::new(Field::Title, strip_controls(&m.title), None)];
        let mut seen: Vec<&RegionRef> = Vec::new();
        for r in &m.regions {
            if !seen.contains(&r) {
                seen.push(r);
                entries.extend(Entry::region(r, None));
            }
        }
        for s in &m.sections {
            for r in &s.regions {
                entries.extend(Entry::region(r, Some(&s.heading)));
            }
        }
        if let Some(s) = &m.source {
            entries.push(Entry::new(Field::Source, strip_controls(s), None));
        }
        for t in &m.tags {
            entries.push(Entry::new(Field::Tag, strip_controls(t), None));
        }
        Doc {
            entries,
            body: fold(&b.body),
        }
    }
}

/// A term's best match in a briefing: score with field weight, field, match, short field.
type TermBest = (u32, Field, Found, Option<usize>);

/// What a term found in a briefing, kept for the next keystroke: where in the body it was
/// found, and its best match (reused as it is while the term does not change).
#[derive(Debug, Clone, Copy, Default)]
struct TermMemo {
    hint: BodyHint,
    best: Option<TermBest>,
}

/// How one briefing matched a query: score, field, match, short field, and per-term memos.
type DocMatch = (u32, Field, Found, Option<usize>, Vec<TermMemo>);

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

/// Matches a folded term in a short field: exactly, as pinyin, or fuzzily.
fn match_entry(term: &str, e: &Entry, fuzzy: &SkimMatcherV2) -> Option<Found> {
    let mut found = e.folded.find(term).map(|byte| {
        let start = fold::char_offset(&e.folded, byte);
        let len = term.chars().count();
        let whole = len == e.chars.len();
        Found {
            score: 300 + if start == 0 { 100 } else { 0 } + if whole { 50 } else { 0 },
            start,
            end: start + len,
        }
    });
    if e.exact_only {
        return found;
    }
    if pinyin::is_pinyin_query(term)
        && let Some((start, end, s)) = pinyin::find(term, &e.chars)
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
        && let Some((s, idx)) = fuzzy.fuzzy_indices(&e.folded, term)
        && s > 0
    {
        let start = idx.first().copied().unwrap_or(0);
        let end = idx.last().map_or(start, |l| l + 1);
        found = Some(Found {
            score: (s as u32).min(200) / 2,
            start,
            end,
        });
    }
    found
}

/// What an earlier, shorter form of a term found in a body: where a scan may start again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Scan {
    /// Not looked for.
    #[default]
    Unknown,
    /// Looked for and not there: a longer term cannot be there either.
    Absent,
    /// First found at this byte: a longer term cannot be found before it.
    At(usize),
}

/// Where a term was found in a body, exactly and as pinyin.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct BodyHint {
    exact: Scan,
    pinyin: Scan,
}

/// Matches a folded term in a folded body: exactly, or as pinyin when long enough. `hint` is
/// what the term without its last letters found, so the scans start where it did.
fn match_body(term: &str, body: &str, hint: BodyHint) -> (Option<Found>, BodyHint) {
    let exact = match hint.exact {
        Scan::Absent => None,
        Scan::At(from) => {
            memchr::memmem::find(&body.as_bytes()[from..], term.as_bytes()).map(|b| b + from)
        }
        Scan::Unknown => memchr::memmem::find(body.as_bytes(), term.as_bytes()),
    };
    if let Some(byte) = exact {
        let start = fold::char_offset(body, byte);
        let found = Found {
            score: 100,
            start,
            end: start + term.chars().count(),
        };
        let hint = BodyHint {
            exact: Scan::At(byte),
            pinyin: Scan::Unknown,
        };
        return (Some(found), hint);
    }
    let mut out = BodyHint {
        exact: Scan::Absent,
        pinyin: Scan::Unknown,
    };
    if pinyin::is_pinyin_query(term) {
        let from = match hint.pinyin {
            Scan::Absent => {
                return (
                    None,
                    BodyHint {
                        pinyin: Scan::Absent,
                        ..out
                    },
                );
            }
            Scan::At(from) => from,
            Scan::Unknown => 0,
        };
        match body_pinyin_from(term, body, from, true).first() {
            Some(&(start, end, byte)) => {
                out.pinyin = Scan::At(byte);
                return (
                    Some(Found {
                        score: 60,
                        start,
                        end,
                    }),
                    out,
                );
            }
            None => out.pinyin = Scan::Absent,
        }
    }
    (None, out)
}

/// Pinyin matches of `term` in `body` from byte `from`: character range and starting byte.
fn body_pinyin_from(
    term: &str,
    body: &str,
    from: usize,
    first_only: bool,
) -> Vec<(usize, usize, usize)> {
    let q = pinyin::Query::new(term);
    let mut memo = q.memo();
    let mut out = Vec::new();
    let mut window: Vec<char> = Vec::with_capacity(q.len());
    let base = fold::char_offset(body, from);
    let mut skip_until = 0;
    for (ci, (byte, c)) in body[from..].char_indices().enumerate() {
        if ci < skip_until || !q.may_start(c) {
            continue;
        }
        let byte = byte + from;
        window.clear();
        window.extend(body[byte..].chars().take(q.len()));
        if let Some((end, _)) = q.match_start(&window, &mut memo) {
            out.push((base + ci, base + ci + end, byte));
            if first_only {
                break;
            }
            skip_until = ci + end;
        }
    }
    out
}

/// The terms of a query, folded; empty terms dropped.
pub fn terms(query: &str) -> Vec<String> {
    query.split_whitespace().map(fold).collect()
}

/// Text around `range` (characters of `text`) on one line, and the match's place in it.
fn snippet(text: &str, range: Range<usize>) -> (String, Range<usize>) {
    const BEFORE: usize = 16;
    const AFTER: usize = 40;
    let from = range.start.saturating_sub(BEFORE);
    let to = range.end + AFTER;
    let mut out = String::new();
    let mut offset = 0;
    if from > 0 {
        out.push('…');
        offset = 1;
    }
    let mut count = 0;
    for c in text.chars().skip(from).take(to - from) {
        out.push(if c == '\n' || c == '\r' { ' ' } else { c });
        count += 1;
    }
    if text.chars().count() > from + count {
        out.push('…');
    }
    let out = strip_controls(&out);
    let start = offset + range.start - from;
    (out, start..start + (range.end - range.start))
}

impl Index {
    /// Builds the index of `lib`: every briefing folded once.
    pub fn build(lib: &Library) -> Index {
        let all = &lib.briefings;
        if all.len() < 256 {
            return Index {
                docs: all.iter().map(Doc::new).collect(),
            };
        }
        // Folding is the work here; two threads do it in half the time on two cores.
        let (a, b) = all.split_at(all.len() / 2);
        let docs = std::thread::scope(|scope| {
            let second = scope.spawn(|| b.iter().map(Doc::new).collect::<Vec<_>>());
            let mut docs: Vec<Doc> = a.iter().map(Doc::new).collect();
            match second.join() {
                Ok(rest) => docs.extend(rest),
                Err(_) => docs.extend(b.iter().map(Doc::new)),
            }
            docs
        });
        Index { docs }
    }

    /// How many briefings the index holds.
    pub fn len(&self) -> usize {
        self.docs.len()
    }

    /// Whether the index is empty.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The best match of `query` in briefing `i`, if every term matches somewhere in it.
    fn match_doc(
        &self,
        i: usize,
        terms: &[String],
        unchanged: &[bool],
        memos: &[TermMemo],
        fuzzy: &SkimMatcherV2,
    ) -> Option<DocMatch> {
        let doc = &self.docs[i];
        let mut total = 0;
        let mut best: Option<TermBest> = None;
        let mut found = Vec::with_capacity(terms.len());
        for (ti, term) in terms.iter().enumerate() {
            let memo = memos.get(ti).copied().unwrap_or_default();
            let (term_best, hint) = if unchanged.get(ti) == Some(&true) && memo.best.is_some() {
                (memo.best, memo.hint)
            } else {
                self.match_term(doc, term, memo.hint, fuzzy)
            };
            found.push(TermMemo {
                hint,
                best: term_best,
            });
            let t = term_best?;
            total += t.0;
            if best.is_none_or(|(b, ..)| t.0 > b) {
                best = Some(t);
            }
        }
        best.map(|(_, field, f, entry)| (total, field, f, entry, found))
    }

    /// The best match of one term in a briefing, and where it was found in the body.
    fn match_term(
        &self,
        doc: &Doc,
        term: &str,
        hint: BodyHint,
        fuzzy: &SkimMatcherV2,
    ) -> (Option<TermBest>, BodyHint) {
        let mut term_best: Option<TermBest> = None;
        for (ei, e) in doc.entries.iter().enumerate() {
            if let Some(f) = match_entry(term, e, fuzzy) {
                let s = e.field.weight() + f.score;
                // On a tie a section's region wins: it says where in the briefing to look.
                let wins = |(b, _, _, prev): TermBest| {
                    s > b
                        || (s == b
                            && e.section.is_some()
                            && prev.is_some_and(|p| doc.entries[p].section.is_none()))
                };
                if term_best.is_none_or(wins) {
                    term_best = Some((s, e.field, f, Some(ei)));
                }
            }
        }
        // The body is searched only when no short field holds the term better than it could.
        let mut out_hint = BodyHint::default();
        if term_best.is_none_or(|(b, ..)| b < Field::Title.weight()) {
            let (f, h) = match_body(term, &doc.body, hint);
            out_hint = h;
            if let Some(f) = f
                && term_best.is_none_or(|(b, ..)| f.score > b)
            {
                term_best = Some((f.score, Field::Body, f, None));
            }
        }
        (term_best, out_hint)
    }

    /// The search itself, over candidates with what shorter forms of the terms found in them.
    fn search_inner(
        &self,
        terms: &[String],
        unchanged: &[bool],
        candidates: &[(usize, Vec<TermMemo>)],
    ) -> Vec<(Hit, Vec<TermMemo>)> {
        if terms.is_empty() {
            return Vec::new();
        }
        let run = |part: &[(usize, Vec<TermMemo>)]| -> Vec<(Hit, Vec<TermMemo>)> {
            let fuzzy = SkimMatcherV2::default();
            part.iter()
                .filter_map(|(i, hints)| {
                    let i = *i;
                    let (score, field, found, entry, hints) =
                        self.match_doc(i, terms, unchanged, hints, &fuzzy)?;
                    let section = entry.and_then(|e| self.docs[i].entries[e].section.clone());
                    let hit = Hit {
                        briefing: i,
                        field,
                        score,
                        start: found.start,
                        end: found.end,
                        section,
                        entry,
                    };
                    Some((hit, hints))
                })
                .collect()
        };
        // Two halves on two threads when there is enough to share.
        let mut hits = if candidates.len() >= 512 {
            let (a, b) = candidates.split_at(candidates.len() / 2);
            std::thread::scope(|scope| {
                let other = scope.spawn(|| run(b));
                let mut first = run(a);
                first.extend(other.join().unwrap_or_default());
                first
            })
        } else {
            run(candidates)
        };
        hits.sort_by(|(a, _), (b, _)| b.score.cmp(&a.score).then(a.briefing.cmp(&b.briefing)));
        hits
    }

    /// The text around a hit's match, for showing it.
    pub fn snippet(&self, lib: &Library, hit: &Hit) -> Snippet {
        let text = match hit.entry {
            Some(e) => self.docs[hit.briefing].entries[e].text.as_str(),
            None => lib.briefings[hit.briefing].body.as_str(),
        };
        let (text, matched) = snippet(text, hit.start..hit.end);
        Snippet { text, matched }
    }

    /// Searches every briefing for `query`: every term must match. Hits come best first,
    /// ties newest first (the library's order).
    pub fn search(&self, query: &str) -> Vec<Hit> {
        self.search_inner(&terms(query), &[], &self.every_briefing())
            .into_iter()
            .map(|(h, _)| h)
            .collect()
    }

    /// Every briefing as a candidate, with nothing known of it yet.
    fn every_briefing(&self) -> Vec<(usize, Vec<TermMemo>)> {
        (0..self.docs.len()).map(|i| (i, Vec::new())).collect()
    }

    /// Every match of `query`'s terms in the body of briefing `i`, as character ranges in
    /// order: what the reader steps through.
    pub fn body_matches(&self, i: usize, query: &str) -> Vec<Range<usize>> {
        let body = &self.docs[i].body;
        let mut out: Vec<Range<usize>> = Vec::new();
        for term in terms(query) {
            let len = term.chars().count();
            let mut char_at = 0;
            let mut byte_at = 0;
            for byte in memchr::memmem::find_iter(body.as_bytes(), term.as_bytes()) {
                char_at += body[byte_at..byte].chars().count();
                byte_at = byte;
                out.push(char_at..char_at + len);
            }
            if out.is_empty() && pinyin::is_pinyin_query(&term) {
                out.extend(
                    body_pinyin_from(&term, body, 0, false)
                        .into_iter()
                        .map(|(s, e, _)| s..e),
                );
            }
        }
        out.sort_by_key(|r| (r.start, r.end));
        out.dedup();
        out
    }
}

/// Search as you type: remembers the last query's hits and where in each body its terms were
/// found, so a query that only grows searches among those hits and resumes each scan there.
#[derive(Debug, Default)]
pub struct Searcher {
    last_terms: Vec<String>,
    last_hits: Vec<(usize, Vec<TermMemo>)>,
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

    /// The hits for `query`, reusing the previous results when the query grew.
    pub fn search(&mut self, index: &Index, query: &str) -> Vec<Hit> {
        let terms = terms(query);
        let found = if Self::narrows(&self.last_terms, &terms) {
            let unchanged: Vec<bool> = terms
                .iter()
                .enumerate()
                .map(|(i, t)| self.last_terms.get(i) == Some(t))
                .collect();
            let mut among = std::mem::take(&mut self.last_hits);
            among.sort_unstable_by_key(|(i, _)| *i);
            index.search_inner(&terms, &unchanged, &among)
        } else {
            index.search_inner(&terms, &[], &index.every_briefing())
        };
        self.last_terms = terms;
        let (hits, memos): (Vec<Hit>, Vec<Vec<TermMemo>>) = found.into_iter().unzip();
        self.last_hits = hits.iter().map(|h| h.briefing).zip(memos).collect();
        hits
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
