//! The reader's state: bookmarks on briefings and passages, their notes, the agenda order and
//! read marks, kept in one TOML file that is never lost.
//!
//! Every change is written at once: under a lock, the file is read again, the change applied,
//! and the result written to a temporary file in the same folder, flushed to disk and renamed
//! over the old one. Two instances therefore never overwrite each other's changes, and a crash
//! leaves either the old file or the new one. A file that does not parse is moved aside, never
//! replaced in silence; a file of a newer format is refused.

use crate::briefing::{Briefing, Library};
use crate::figures::find_figures;
use crate::regions::label;
use crate::text::strip_controls;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

/// The format version this build reads and writes.
pub const VERSION: u32 = 1;

/// A mark on a briefing, or on one passage of it, with a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bookmark {
    /// The bookmark's own id.
    pub id: String,
    /// The briefing's id.
    pub briefing: String,
    /// The paragraph (0-based, counting paragraphs of the body, headings left out) of a passage
    /// bookmark; none for the whole briefing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    /// The passage's text as it was when marked, so the mark can find it again after edits.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// The note, any number of lines.
    #[serde(default)]
    pub note: String,
    /// When it was made.
    pub created: DateTime<Utc>,
    /// When it or its note last changed.
    pub updated: DateTime<Utc>,
}

impl Bookmark {
    /// Whether this marks `briefing` (whole, for `passage` none) or the passage `(paragraph,
    /// text)` of it as it is now. A passage is known by its text, not its number: after an
    /// edit above it, paragraph 2 may be another passage, and marking it must not take over
    /// (and rewrite the note of) the mark of the one that was there. A mark made without its
    /// text goes by the number.
    pub fn marks(&self, briefing: &str, passage: Option<(usize, &str)>) -> bool {
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        self.briefing == briefing
            && match (passage, self.paragraph, &self.quote) {
                (None, None, _) => true,
                (Some((_, text)), Some(_), Some(quote)) => squash(quote) == squash(text),
                (Some((p, _)), Some(at), None) => p == at,
                _ => false,
            }
    }
}

/// Everything in the state file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct State {
    /// The format version.
    pub version: u32,
    /// Bookmarks in agenda order.
    #[serde(default)]
    pub bookmarks: Vec<Bookmark>,
    /// When each briefing (by id) was last opened.
    #[serde(default)]
    pub read: BTreeMap<String, DateTime<Utc>>,
    /// Ids of deleted bookmarks, so that a merge does not bring them back.
    #[serde(default)]
    pub deleted: Vec<String>,
}

impl Default for State {
    fn default() -> State {
        State {
            version: VERSION,
            bookmarks: Vec::new(),
            read: BTreeMap::new(),
            deleted: Vec::new(),
        }
    }
}

/// What can go wrong with the state file.
#[derive(Debug, thiserror::Error)]
pub enum StateError {
    /// The file was written by a newer `brief`; it is left alone.
    #[error(
        "{path} is state format {found}, newer than this brief reads ({VERSION}); it is left as it is: update brief"
    )]
    Newer {
        /// The file.
        path: String,
        /// Its version.
        found: u32,
    },
    /// Reading, writing or locking failed. The OS error is part of the message, not a cause
    /// of its own, so it is printed once.
    #[error("{path}: {err}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        err: std::io::Error,
    },
    /// The change could not be made (unknown bookmark, ...).
    #[error("{0}")]
    Refused(String),
}

/// A state file that did not parse and was moved aside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetAside {
    /// Where it is now.
    pub moved_to: PathBuf,
    /// Why it did not parse, with its line.
    pub reason: String,
}

/// The state file and how to change it safely.
#[derive(Debug, Clone)]
pub struct StateFile {
    path: PathBuf,
}

fn io(path: &Path) -> impl Fn(std::io::Error) -> StateError + '_ {
    move |err| StateError::Io {
        path: path.display().to_string(),
        err,
    }
}

/// How old a temporary state file must be to be removed although its process may still run
/// (its id may have been taken by another process since): far longer than any write takes.
pub const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// Creates `path`, fills it with `fill`, and flushes it to disk; on any error the file is
/// removed, so that a failed write never leaves a partial file behind.
fn write_new_file(
    path: &Path,
    fill: impl FnOnce(&mut File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut f = File::create(path)?;
    let written = fill(&mut f).and_then(|()| f.sync_all());
    drop(f);
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written
}

/// Whether process `pid` is running (on systems where that cannot be told: yes).
fn process_is_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else {
            return false;
        };
        if pid <= 0 {
            return false;
        }
        // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
        let sent = unsafe { libc::kill(pid, 0) };
        sent == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Where the state lives: the flag, else `BRIEF_STATE`, else `$XDG_STATE_HOME/brief/state.toml`
/// (`~/.local/state/brief/state.toml`).
pub fn state_path(flag: Option<&Path>, env: Option<&str>) -> Option<PathBuf> {
    if let Some(p) = flag {
        return Some(p.to_path_buf());
    }
    if let Some(e) = env.filter(|e| !e.is_empty()) {
        return Some(PathBuf::from(e));
    }
    let var = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    var("XDG_STATE_HOME")
        .or_else(|| var("HOME").map(|h| h.join(".local").join("state")))
        .map(|d| d.join("brief").join("state.toml"))
}

/// A new bookmark id: time-ordered and unique across processes.
pub fn new_id(now: DateTime<Utc>) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("b{}-{}-{n}", now.timestamp_micros(), std::process::id())
}

impl State {
    /// Reads a state file's text; errors carry the line.
    pub fn parse(text: &str) -> Result<State, String> {
        #[derive(Deserialize)]
        struct VersionOnly {
            version: Option<u32>,
        }
        let line_of = |e: &toml::de::Error| {
            e.span().map_or(1, |s| {
                text[..s.start.min(text.len())].matches('\n').count() + 1
            })
        };
        // The version first: a newer file may not parse as this one, and must not be set aside.
        if let Ok(VersionOnly { version: Some(v) }) = toml::from_str::<VersionOnly>(text)
            && v > VERSION
        {
            return Err(format!("version {v}"));
        }
        toml::from_str(text).map_err(|e| format!("line {}: {}", line_of(&e), e.message().trim()))
    }

    /// The whole-briefing bookmark of `briefing`, if there is one.
    pub fn briefing_mark(&self, briefing: &str) -> Option<&Bookmark> {
        self.bookmarks
            .iter()
            .find(|b| b.briefing == briefing && b.paragraph.is_none())
    }

    /// The bookmark of `briefing`'s paragraph `paragraph`, whose text is now `text`, if there
    /// is one (see [`Bookmark::marks`]).
    pub fn passage_mark(&self, briefing: &str, paragraph: usize, text: &str) -> Option<&Bookmark> {
        self.bookmarks
            .iter()
            .find(|b| b.marks(briefing, Some((paragraph, text))))
    }

    /// Whether `briefing` has any bookmark.
    pub fn is_bookmarked(&self, briefing: &str) -> bool {
        self.bookmarks.iter().any(|b| b.briefing == briefing)
    }

    /// The bookmark on `briefing` (on `passage`'s paragraph, or the whole briefing), made if
    /// there is none; `note`, when given, becomes its note.
    pub fn mark(
        &mut self,
        briefing: &str,
        passage: Option<(usize, String)>,
        note: Option<&str>,
        now: DateTime<Utc>,
    ) -> Bookmark {
        let paragraph = passage.as_ref().map(|(p, _)| *p);
        let at = passage.as_ref().map(|(p, text)| (*p, text.as_str()));
        if let Some(b) = self.bookmarks.iter_mut().find(|b| b.marks(briefing, at)) {
            if let Some(n) = note {
                b.note = n.to_string();
                b.updated = now;
            }
            return b.clone();
        }
        let b = Bookmark {
            id: new_id(now),
            briefing: briefing.to_string(),
            paragraph,
            quote: passage.map(|(_, q)| q),
            note: note.unwrap_or_default().to_string(),
            created: now,
            updated: now,
        };
        self.bookmarks.push(b.clone());
        b
    }

    /// Sets the note of bookmark `id`. Returns whether the bookmark is there.
    pub fn set_note(&mut self, id: &str, note: &str, now: DateTime<Utc>) -> bool {
        match self.bookmarks.iter_mut().find(|b| b.id == id) {
            Some(b) => {
                b.note = note.to_string();
                b.updated = now;
                true
            }
            None => false,
        }
    }

    /// Removes bookmark `id`, remembering the deletion for merges. Returns whether it was there.
    pub fn remove(&mut self, id: &str) -> bool {
        let before = self.bookmarks.len();
        self.bookmarks.retain(|b| b.id != id);
        if !self.deleted.iter().any(|d| d == id) {
            self.deleted.push(id.to_string());
        }
        self.bookmarks.len() != before
    }

    /// Moves bookmark `id` by `delta` places in the agenda. Returns whether it moved.
    pub fn shift(&mut self, id: &str, delta: isize) -> bool {
        let Some(i) = self.bookmarks.iter().position(|b| b.id == id) else {
            return false;
        };
        let j = i.saturating_add_signed(delta).min(self.bookmarks.len() - 1);
        if i == j {
            return false;
        }
        let b = self.bookmarks.remove(i);
        self.bookmarks.insert(j, b);
        true
    }

    /// Merges another copy of the state into this one: bookmarks from either side are kept
    /// (this side's order first, the other's additions after), a deletion on either side is
    /// honoured, the newer note wins, and read marks keep the latest time.
    pub fn merge(&mut self, other: &State) {
        for d in &other.deleted {
            if !self.deleted.contains(d) {
                self.deleted.push(d.clone());
            }
        }
        for theirs in &other.bookmarks {
            match self.bookmarks.iter_mut().find(|b| b.id == theirs.id) {
                Some(ours) if theirs.updated > ours.updated => *ours = theirs.clone(),
                Some(_) => {}
                None => self.bookmarks.push(theirs.clone()),
            }
        }
        let deleted = &self.deleted;
        self.bookmarks.retain(|b| !deleted.contains(&b.id));
        for (id, t) in &other.read {
            let e = self.read.entry(id.clone()).or_insert(*t);
            if t > e {
                *e = *t;
            }
        }
    }
}

/// Where a passage bookmark's text is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Passage {
    /// In the paragraph it was marked in.
    InPlace(usize),
    /// In another paragraph (the file was edited around it), or changed a little.
    Moved(usize),
    /// Nowhere any more.
    Gone,
}

/// Character bigrams of a text, without whitespace.
fn bigrams(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out: Vec<(char, char)> = chars.windows(2).map(|w| (w[0], w[1])).collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Finds a bookmarked passage among `paragraphs` again: where it was, elsewhere, or a close
/// enough paragraph (most of the quote's character pairs still there) after a small edit.
pub fn find_passage(paragraphs: &[&str], paragraph: usize, quote: &str) -> Passage {
    let squash = |s: &str| s.split_whitespace().collect::<String>();
    let q = squash(quote);
    if q.is_empty() {
        return Passage::Gone;
    }
    if paragraphs
        .get(paragraph)
        .is_some_and(|p| squash(p).contains(&q))
    {
        return Passage::InPlace(paragraph);
    }
    if let Some(i) = paragraphs.iter().position(|p| squash(p).contains(&q)) {
        return Passage::Moved(i);
    }
    let want = bigrams(&q);
    if want.is_empty() {
        return Passage::Gone;
    }
    let best = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let have = bigrams(p);
            let shared = want
                .iter()
                .filter(|b| have.binary_search(b).is_ok())
                .count();
            (shared * 100 / want.len(), i)
        })
        .max_by_key(|&(score, i)| (score, std::cmp::Reverse(i.abs_diff(paragraph))));
    match best {
        Some((score, i)) if score >= 70 => {
            if i == paragraph {
                Passage::InPlace(i)
            } else {
                Passage::Moved(i)
            }
        }
        _ => Passage::Gone,
    }
}

/// The paragraphs of a body, as passage bookmarks count them (headings left out).
pub fn paragraphs(body: &str) -> Vec<&str> {
    crate::briefing::body_blocks(body)
        .into_iter()
        .filter(|b| !b.is_heading)
        .map(|b| b.text)
        .collect()
}

fn find_briefing<'a>(lib: &'a Library, id: &str) -> Option<&'a Briefing> {
    // With its body, read now when the library reads bodies on demand.
    let i = lib.briefings.iter().position(|b| b.id == id)?;
    lib.briefing(i).ok()
}

/// The text a bookmark's passage has now, and where it was found; `None` for a whole-briefing
/// bookmark. A passage that is gone gives its quote as marked.
pub fn passage_text(b: &Briefing, m: &Bookmark) -> Option<(String, Passage)> {
    let (Some(p), Some(q)) = (m.paragraph, &m.quote) else {
        return None;
    };
    let paras = paragraphs(&b.body);
    let found = find_passage(&paras, p, q);
    let text = match found {
        Passage::InPlace(i) | Passage::Moved(i) => paras[i].to_string(),
        Passage::Gone => q.clone(),
    };
    Some((text, found))
}

/// The agenda as Markdown minutes.
pub fn minutes(lib: &Library, marks: &[Bookmark]) -> String {
    let mut out = String::from("# Minutes\n\n");
    let _ = writeln!(
        out,
        "{} item(s), exported {}.\n",
        marks.len(),
        chrono::Local::now().format("%Y-%m-%d %H:%M")
    );
    for (n, m) in marks.iter().enumerate() {
        let Some(b) = find_briefing(lib, &m.briefing) else {
            let _ = writeln!(out, "## {}. {} (not in the library)\n", n + 1, m.briefing);
            if !m.note.is_empty() {
                let _ = writeln!(out, "{}\n", strip_controls(&m.note));
            }
            continue;
        };
        let meta = &b.meta;
        let _ = writeln!(
            out,
            "## {}. {}\n",
            n + 1,
            crate::text::one_line(&meta.title)
        );
        let mut facts = vec![meta.date_label()];
        let regions: Vec<String> = meta.regions.iter().map(label).collect();
        if !regions.is_empty() {
            facts.push(regions.join(", "));
        }
        facts.extend(meta.source.clone());
        facts.push(format!("`{}`", b.id));
        let _ = writeln!(out, "{}\n", crate::text::one_line(&facts.join(" · ")));
        let scope = match passage_text(b, m) {
            Some((text, found)) => {
                if found == Passage::Gone {
                    let _ = writeln!(
                        out,
                        "*The marked passage is no longer in the briefing; as it was marked:*\n"
                    );
                }
                for line in strip_controls(&text).lines() {
                    let _ = writeln!(out, "> {line}");
                }
                out.push('\n');
                text
            }
            None => b.body.clone(),
        };
        let figures: Vec<String> = find_figures(&scope)
            .into_iter()
            .map(|f| format!("{} ({})", f.text, f.kind.as_str()))
            .collect();
        if !figures.is_empty() {
            let shown: Vec<String> = figures.iter().take(12).cloned().collect();
            let more = figures.len().saturating_sub(shown.len());
            let _ = write!(out, "Figures: {}", strip_controls(&shown.join(", ")));
            if more > 0 {
                let _ = write!(out, ", and {more} more");
            }
            out.push_str("\n\n");
        }
        if !m.note.trim().is_empty() {
            let _ = writeln!(out, "Note:\n");
            for line in strip_controls(&m.note).lines() {
                let _ = writeln!(out, "{line}  ");
            }
            out.push('\n');
        }
    }
    out
}

impl StateFile {
    /// The state kept at `path`.
    pub fn new(path: PathBuf) -> StateFile {
        StateFile { path }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock_path(&self) -> PathBuf {
        let mut name = self.path.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        self.path.with_file_name(name)
    }

    /// Reads the state as it is on disk, without a lock (for showing it). A file that does not
    /// parse is moved aside and reported in the second value.
    pub fn load(&self) -> Result<(State, Option<SetAside>), StateError> {
        self.read_or_set_aside()
    }

    fn read_or_set_aside(&self) -> Result<(State, Option<SetAside>), StateError> {
        match std::fs::metadata(&self.path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Ok((State::default(), None));
            }
            Err(e) => return Err(io(&self.path)(e)),
            Ok(_) => {}
        }
        // Read as any file of the library is: a FIFO or a device in its place never blocks.
        let bytes = crate::briefing::read_regular_file(&self.path)
            .map_err(|reason| StateError::Refused(format!("{}: {reason}", self.path.display())))?;
        // Bytes that are not UTF-8 are as corrupt as a file that does not parse.
        let parsed = match String::from_utf8(bytes) {
            Ok(text) => State::parse(&text),
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                Err(format!("line {line}: not UTF-8 text"))
            }
        };
        match parsed {
            Ok(s) => Ok((s, None)),
            Err(reason) if reason.starts_with("version ") => Err(StateError::Newer {
                path: self.path.display().to_string(),
                found: reason["version ".len()..].parse().unwrap_or(0),
            }),
            Err(reason) => {
                let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3fZ");
                let mut name = self.path.file_name().unwrap_or_default().to_os_string();
                name.push(format!(".corrupt-{stamp}"));
                let moved_to = self.path.with_file_name(name);
                std::fs::rename(&self.path, &moved_to).map_err(io(&self.path))?;
                Ok((State::default(), Some(SetAside { moved_to, reason })))
            }
        }
    }

    /// Applies `change` to the state on disk and saves it at once, under a lock, so that
    /// another instance's changes made meanwhile are kept. Returns the saved state, what
    /// `change` returned, and a file set aside if the old one did not parse.
    pub fn update<T>(
        &self,
        change: impl FnOnce(&mut State) -> Result<T, String>,
    ) -> Result<(State, T, Option<SetAside>), StateError> {
        let dir = self
            .path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::create_dir_all(dir).map_err(io(dir))?;
        let lock_path = self.lock_path();
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io(&lock_path))?;
        lock.lock().map_err(io(&lock_path))?;
        let (mut state, set_aside) = self.read_or_set_aside()?;
        let out = change(&mut state).map_err(StateError::Refused)?;
        self.remove_stale_temporaries(dir);
        self.write(&state, dir)?;
        drop(lock);
        Ok((state, out, set_aside))
    }

    /// The start of the name of this state file's temporaries: `state.toml.tmp-`.
    fn temporary_prefix(&self) -> String {
        format!(
            "{}.tmp-",
            self.path.file_name().unwrap_or_default().to_string_lossy()
        )
    }

    /// Writes `state` to a temporary file in `dir`, flushes it to disk, and renames it over
    /// the state file; then flushes the folder so the rename itself survives a crash. A write
    /// that fails (a full disk) removes its temporary rather than leave it taking the space.
    fn write(&self, state: &State, dir: &Path) -> Result<(), StateError> {
        let text = toml::to_string(state)
            .map_err(|e| StateError::Refused(format!("cannot write the state: {e}")))?;
        let tmp =
            self.path
                .with_file_name(format!("{}{}", self.temporary_prefix(), std::process::id()));
        write_new_file(&tmp, |f| f.write_all(text.as_bytes())).map_err(io(&tmp))?;
        if let Err(e) = std::fs::rename(&tmp, &self.path) {
            let _ = std::fs::remove_file(&tmp);
            return Err(io(&self.path)(e));
        }
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    /// Removes the temporaries of writes that never finished (the process was killed, or the
    /// disk was full): those of a process that is gone, or older than [`STALE_AFTER`] whoever
    /// made them. Called under the lock, before writing; a temporary that cannot be removed is
    /// left for the next time.
    fn remove_stale_temporaries(&self, dir: &Path) {
        let prefix = self.temporary_prefix();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(pid) = name
                .to_str()
                .and_then(|n| n.strip_prefix(&prefix))
                .and_then(|p| p.parse::<u32>().ok())
            else {
                continue;
            };
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > STALE_AFTER));
            if old || !process_is_alive(pid) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Saves `text` as the note of bookmark `id`: the note as typed so far, when brief is ended
    /// (by a signal, or its terminal going away) while it is being written. Returns whether the
    /// bookmark is there.
    pub fn save_note(&self, id: &str, text: &str) -> Result<bool, StateError> {
        let now = Utc::now();
        let (_, found, _) = self.update(|s| Ok(s.set_note(id, text, now)))?;
        Ok(found)
    }

    /// Adds a bookmark on `briefing` (a passage when `paragraph` and `quote` are given), or
    /// updates the note of the one already there. Returns the bookmark.
    pub fn mark(
        &self,
        briefing: &str,
        passage: Option<(usize, String)>,
        note: Option<&str>,
    ) -> Result<(Bookmark, Option<SetAside>), StateError> {
        let now = Utc::now();
        let (_, b, aside) = self.update(|s| Ok(s.mark(briefing, passage, note, now)))?;
        Ok((b, aside))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: i64) -> DateTime<Utc> {
        DateTime::from_timestamp(1_700_000_000 + secs, 0).unwrap()
    }

    fn mark(id: &str, briefing: &str, t: i64) -> Bookmark {
        Bookmark {
            id: id.into(),
            briefing: briefing.into(),
            paragraph: None,
            quote: None,
            note: String::new(),
            created: at(t),
            updated: at(t),
        }
    }

    #[test]
    fn the_state_file_round_trips() {
        let mut s = State::default();
        let mut b = mark("b1", "2024-12-20-x", 0);
        b.paragraph = Some(3);
        b.quote = Some("一段“引文”\n第二行".into());
        b.note = "第一行\n第二行 with \"quotes\"".into();
        s.bookmarks.push(b);
        s.bookmarks.push(mark("b2", "2025-07-28-y", 5));
        s.read.insert("2025-07-28-y".into(), at(9));
        s.deleted.push("b0".into());
        let text = toml::to_string(&s).unwrap();
        assert_eq!(State::parse(&text).unwrap(), s);
    }

    #[test]
    fn merging_keeps_both_sides_additions_and_honours_deletions() {
        let mut base = State::default();
        base.bookmarks.push(mark("a", "x", 0));
        base.bookmarks.push(mark("b", "y", 1));
        let mut ours = base.clone();
        let mut theirs = base.clone();
        ours.bookmarks.push(mark("c", "z", 2));
        theirs.bookmarks.push(mark("d", "w", 3));
        theirs.remove("a");
        let mut newer = mark("b", "y", 1);
        newer.note = "theirs".into();
        newer.updated = at(10);
        theirs.bookmarks[0] = newer;
        ours.read.insert("x".into(), at(1));
        theirs.read.insert("x".into(), at(7));
        ours.merge(&theirs);
        let ids: Vec<&str> = ours.bookmarks.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["b", "c", "d"]);
        assert_eq!(ours.bookmarks[0].note, "theirs");
        assert_eq!(ours.read["x"], at(7));
        assert!(ours.deleted.contains(&"a".to_string()));
    }

    #[test]
    fn a_passage_is_found_again_after_a_small_edit_and_reported_when_gone() {
        let quote = "柳州新能源汽车产量增长很快，成为支柱产业。";
        let before = ["开头一段。", quote, "结尾一段。"];
        assert_eq!(find_passage(&before, 1, quote), Passage::InPlace(1));
        // A paragraph added above moves it down.
        let moved = ["新加的一段。", "开头一段。", quote, "结尾一段。"];
        assert_eq!(find_passage(&moved, 1, quote), Passage::Moved(2));
        // A word changed inside it: still found.
        let edited = [
            "开头一段。",
            "柳州新能源汽车产量增长较快，成为支柱产业。",
            "结尾一段。",
        ];
        assert_eq!(find_passage(&edited, 1, quote), Passage::InPlace(1));
        // Rewritten entirely: gone.
        let gone = ["开头一段。", "完全不同的内容。", "结尾一段。"];
        assert_eq!(find_passage(&gone, 1, quote), Passage::Gone);
    }

    #[test]
    fn a_newer_format_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        let text = "version = 2\nsomething_new = true\n";
        std::fs::write(&path, text).unwrap();
        let f = StateFile::new(path.clone());
        let err = f.update(|_| Ok(())).unwrap_err();
        assert!(matches!(err, StateError::Newer { found: 2, .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }

    #[test]
    fn a_corrupt_file_is_set_aside_with_its_reason_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        let text = "version = 1\n[[bookmarks]]\nid = \n";
        std::fs::write(&path, text).unwrap();
        let f = StateFile::new(path.clone());
        let (b, aside) = f.mark("2024-x", None, Some("note")).unwrap();
        let aside = aside.expect("set aside");
        assert!(aside.reason.starts_with("line 3"), "{}", aside.reason);
        assert_eq!(std::fs::read_to_string(&aside.moved_to).unwrap(), text);
        assert!(
            aside
                .moved_to
                .file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("state.toml.corrupt-")
        );
        let (state, again) = f.load().unwrap();
        assert!(again.is_none());
        assert_eq!(state.bookmarks, [b]);
    }

    #[test]
    fn a_state_file_that_is_not_utf8_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        let bytes = b"version = 1\n[[bookmarks]]\nnote = \"\xc1\xf8\"\n";
        std::fs::write(&path, bytes).unwrap();
        let f = StateFile::new(path.clone());
        let (state, aside) = f.load().unwrap();
        assert_eq!(state, State::default());
        let aside = aside.expect("set aside");
        assert_eq!(aside.reason, "line 3: not UTF-8 text");
        assert_eq!(std::fs::read(&aside.moved_to).unwrap(), bytes);
        // And every command works again.
        f.mark("2024-x", None, Some("note")).unwrap();
        assert_eq!(f.load().unwrap().0.bookmarks.len(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn stale_temporaries_of_killed_writes_are_removed_on_the_next_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        let tmp = |pid: u32| dir.path().join(format!("state.toml.tmp-{pid}"));
        // Beyond any pid Linux hands out: a process that is gone.
        let gone = 999_999_999;
        let alive = std::os::unix::process::parent_id();
        let old_alive = std::process::id();
        for pid in [gone, alive, old_alive] {
            std::fs::write(tmp(pid), "version = 1\n").unwrap();
        }
        let long_ago = std::time::SystemTime::now() - STALE_AFTER * 2;
        File::options()
            .write(true)
            .open(tmp(old_alive))
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
        std::fs::write(dir.path().join("state.toml.tmp-notes"), "mine").unwrap();
        let f = StateFile::new(path);
        f.mark("2024-x", None, Some("note")).unwrap();
        assert!(!tmp(gone).exists(), "a dead process's temporary is removed");
        assert!(!tmp(old_alive).exists(), "an old temporary is removed");
        assert!(
            tmp(alive).exists(),
            "a live process's fresh temporary is left"
        );
        assert!(dir.path().join("state.toml.tmp-notes").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_write_leaves_no_partial_temporary() {
        // On a full disk the write fails half-way: the partial file must not stay.
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml.tmp-1");
        let full = write_new_file(&path, |f| {
            f.write_all(&[b'x'; 4096])?;
            Err(std::io::Error::from_raw_os_error(libc::ENOSPC))
        });
        assert_eq!(full.unwrap_err().raw_os_error(), Some(libc::ENOSPC));
        assert!(!path.exists());
        write_new_file(&path, |f| f.write_all(b"ok")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"ok");
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_as_state_file_is_refused_without_blocking() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.toml");
        let c = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        let err = StateFile::new(path).load().unwrap_err().to_string();
        assert!(err.ends_with("is not a regular file"), "{err}");
    }

    #[test]
    fn adding_twice_updates_the_note_and_agenda_moves() {
        let dir = tempfile::tempdir().unwrap();
        let f = StateFile::new(dir.path().join("sub").join("state.toml"));
        let (a, _) = f.mark("x", None, Some("one")).unwrap();
        let (a2, _) = f.mark("x", None, Some("two")).unwrap();
        assert_eq!(a.id, a2.id);
        f.mark("y", Some((2, "引文".into())), None).unwrap();
        let (s, _) = f.load().unwrap();
        assert_eq!(s.bookmarks.len(), 2);
        assert_eq!(s.bookmarks[0].note, "two");
        let (s, moved, _) = f.update(|s| Ok(s.shift(&a.id, 1))).unwrap();
        assert!(moved);
        assert_eq!(s.bookmarks[1].id, a.id);
        let (s, removed, _) = f.update(|s| Ok(s.remove(&a.id))).unwrap();
        assert!(removed);
        assert_eq!(s.bookmarks.len(), 1);
    }
}
