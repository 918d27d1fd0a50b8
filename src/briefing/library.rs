//! Loading a library folder: every briefing that parses, and a report of every one that does not.

use super::{Briefing, parse_briefing};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

/// A file or folder of the library that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file or folder.
    pub path: PathBuf,
    /// The 1-based line the problem is on; 0 when it is not on a line (a folder that cannot be
    /// read, a file that is not a regular file or is too large).
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            0 => write!(f, "{}: {}", self.path.display(), self.reason),
            line => write!(f, "{}:{}: {}", self.path.display(), line, self.reason),
        }
    }
}

/// The largest briefing file read: far beyond any article (the largest shipped is tens of
/// kilobytes), small enough that a stray dump or a link to a huge file cannot exhaust memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// How deep folders are read below the library folder; deeper ones are reported, not read.
pub const MAX_DEPTH: usize = 32;

/// The briefings of one folder, newest first, and the files that were skipped.
///
/// A library read from its files holds every body in `briefings`. One made from the catalog
/// ([`super::Catalog::into_library`]) holds only what the catalog keeps: its briefings'
/// bodies are empty, and [`Library::briefing`] reads one from its file when it is first asked
/// for (what the reader shows), keeping it.
#[derive(Debug, Default)]
pub struct Library {
    /// The folder the library was read from.
    pub root: PathBuf,
    /// Every briefing that parsed, newest first (ties by id).
    pub briefings: Vec<Briefing>,
    /// Every `.md` file that did not parse.
    pub errors: Vec<LoadError>,
    /// The bodies still to read, when the library was made from the catalog.
    pub on_demand: OnDemand,
}

/// The part of a [`Library`] made from the catalog that reads bodies when they are asked for.
#[derive(Debug, Default)]
pub struct OnDemand {
    /// One slot for each briefing, filled when its body is first read; `None` when every
    /// body is in the library's briefings already.
    pub(super) read: Option<Vec<OnceLock<Result<Briefing, String>>>>,
    /// Each briefing's key figure count, as the catalog counted them.
    pub(super) figures: Vec<usize>,
    /// Each briefing's file as the catalog checked it, for the folded texts kept beside it.
    pub(super) stamps: Vec<super::catalog::Stamp>,
    /// How far the folded texts of a first build have got: read, of how many.
    pub(super) progress: [AtomicUsize; 2],
    /// The cache folder the catalog is kept in, if any: the folded texts are kept there too.
    pub(super) cache: Option<PathBuf>,
}

impl Library {
    /// Whether bodies are read from their files when asked for (a library made from the
    /// catalog), rather than all held.
    pub fn bodies_on_demand(&self) -> bool {
        self.on_demand.read.is_some()
    }

    /// Briefing `i` with its body: read from its file on first use when the library was made
    /// from the catalog. The file may have changed or gone since the library was listed: then
    /// what it holds now (its body and front matter as they are), or why it cannot be read.
    pub fn briefing(&self, i: usize) -> Result<&Briefing, &str> {
        let Some(b) = self.briefings.get(i) else {
            return Err("no such briefing");
        };
        let Some(read) = &self.on_demand.read else {
            return Ok(b);
        };
        let Some(slot) = read.get(i) else {
            return Ok(b);
        };
        slot.get_or_init(|| match load_file(&b.path) {
            Ok(now) if now.id == b.id => Ok(now),
            Ok(now) => Err(format!(
                "{} is gone or changed: its file now holds {}",
                b.id, now.id
            )),
            Err(e) => Err(format!("{} is gone or changed: {}", b.id, e.reason)),
        })
        .as_ref()
        .map_err(String::as_str)
    }

    /// How many bodies have been read on demand so far (see [`Library::briefing`]).
    pub fn bodies_read(&self) -> usize {
        self.on_demand
            .read
            .as_ref()
            .map_or(0, |r| r.iter().filter(|s| s.get().is_some()).count())
    }

    /// Briefing `i`'s body (see [`Library::briefing`]).
    pub fn body(&self, i: usize) -> Result<&str, &str> {
        self.briefing(i).map(|b| b.body.as_str())
    }

    /// How many key figures briefing `i` holds: as the catalog counted them, or counted in
    /// its body.
    pub fn figure_count(&self, i: usize) -> usize {
        if self.bodies_on_demand() {
            return self.on_demand.figures.get(i).copied().unwrap_or(0);
        }
        self.briefings
            .get(i)
            .map_or(0, |b| crate::figures::find_figures(&b.body).len())
    }

    /// How far a first build of the folded texts has got, while one runs: read, of how many.
    pub fn build_progress(&self) -> Option<(usize, usize)> {
        let [done, total] = &self.on_demand.progress;
        let total = total.load(Ordering::Relaxed);
        (total > 0).then(|| (done.load(Ordering::Relaxed), total))
    }
}

/// How a library read again differs from the one read before, briefing by briefing (by id).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Changes {
    /// Briefings whose id is new.
    pub added: usize,
    /// Briefings whose file, front matter or key figure count is not what it was.
    pub changed: usize,
    /// Briefings no longer there.
    pub gone: usize,
    /// How many files or folders cannot be read now, when they are not those that could not
    /// be read before.
    pub errors: Option<usize>,
}

impl Changes {
    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.added == 0 && self.changed == 0 && self.gone == 0 && self.errors.is_none()
    }
}

impl fmt::Display for Changes {
    /// `2 new, 1 changed, 1 gone`, naming only what happened; the files that could not be
    /// read, when their number changed.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        for (n, what) in [
            (self.added, "new"),
            (self.changed, "changed"),
            (self.gone, "gone"),
        ] {
            if n > 0 {
                parts.push(format!("{n} {what}"));
            }
        }
        if let Some(n) = self.errors {
            parts.push(format!(
                "{n} file(s) cannot be read: `brief check` says why"
            ));
        }
        if parts.is_empty() {
            parts.push("nothing".into());
        }
        f.write_str(&parts.join(", "))
    }
}

impl Library {
    /// Whether `other` lists the very briefings this one does, in the same order (each with
    /// the same file, front matter and key figure count), and the same files that could not
    /// be read: nothing shown from one would differ in the other.
    pub fn same_listing(&self, other: &Library) -> bool {
        self.briefings.len() == other.briefings.len()
            && self.errors == other.errors
            && self
                .briefings
                .iter()
                .zip(&other.briefings)
                .enumerate()
                .all(|(i, (a, b))| {
                    a.id == b.id
                        && a.path == b.path
                        && a.meta == b.meta
                        && self.figure_count(i) == other.figure_count(i)
                })
    }

    /// How `newer` (this library read again) differs from this one.
    pub fn changes_to(&self, newer: &Library) -> Changes {
        let before: std::collections::HashMap<&str, usize> = self
            .briefings
            .iter()
            .enumerate()
            .map(|(i, b)| (b.id.as_str(), i))
            .collect();
        let mut changes = Changes {
            errors: (self.errors != newer.errors).then_some(newer.errors.len()),
            ..Changes::default()
        };
        let mut kept = 0;
        for (k, b) in newer.briefings.iter().enumerate() {
            match before.get(b.id.as_str()) {
                None => changes.added += 1,
                Some(&i) => {
                    kept += 1;
                    let a = &self.briefings[i];
                    if a.path != b.path
                        || a.meta != b.meta
                        || self.figure_count(i) != newer.figure_count(k)
                    {
                        changes.changed += 1;
                    }
                }
            }
        }
        changes.gone = self.briefings.len() - kept;
        changes
    }
}

/// Why an id given on the command line does not name one briefing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// Nothing matches.
    #[error("no briefing has the id `{0}` (see `brief list`)")]
    NotFound(String),
    /// A prefix that matches several ids (the message names at most [`SHOWN_CANDIDATES`]).
    #[error(
        "`{given}` matches several briefings: {}",
        shown_candidates(candidates)
    )]
    Ambiguous {
        /// What was given.
        given: String,
        /// The ids it matches.
        candidates: Vec<String>,
    },
}

/// How many of the ids an ambiguous prefix matches its message names: what fits on a screen
/// (a prefix such as `2024` can match thousands in a large library).
pub const SHOWN_CANDIDATES: usize = 10;

fn shown_candidates(all: &[String]) -> String {
    let mut text = all
        .iter()
        .take(SHOWN_CANDIDATES)
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    if all.len() > SHOWN_CANDIDATES {
        text.push_str(&format!(
            " and {} more: give more of the id",
            all.len() - SHOWN_CANDIDATES
        ));
    }
    text
}

/// Loads every `*.md` file under `root` (recursively, skipping hidden entries; the extension
/// in any case, so `*.MD` files load too; links to files and folders followed, each folder read
/// once however many links lead to it).
///
/// A missing or unreadable library folder is an `io::Error`. Everything below it that cannot
/// be loaded is recorded in `errors` with its path, and the rest loads: a bad file, a folder
/// that cannot be read or is nested too deep, a `*.md` that is not a regular file (a FIFO, a
/// device, a socket, a link to one) or is larger than [`MAX_FILE_BYTES`].
pub fn load_library(root: &Path) -> std::io::Result<Library> {
    load_library_with(root, &|_, _| {})
}

/// How many files are read between two calls of a progress callback.
pub(super) const PROGRESS_EVERY: usize = 1000;

/// [`load_library`], calling `progress(done, total)` as files are read: every thousand files
/// and once at the end, from whichever thread reads them.
pub fn load_library_with(
    root: &Path,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> std::io::Result<Library> {
    let (files, walk_errors) = briefing_files(root)?;
    let total = files.len();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let load_counted = |path: &Path| {
        let b = load_file(path);
        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        if n.is_multiple_of(PROGRESS_EVERY) && n < total {
            progress(n, total);
        }
        b
    };
    let mut lib = Library {
        root: root.to_path_buf(),
        errors: walk_errors,
        ..Library::default()
    };
    // Reading and parsing files is independent work: two threads halve it on two cores.
    let parsed: Vec<Result<Briefing, LoadError>> = crate::halves::in_halves(total, 256, |r| {
        files[r].iter().map(|p| load_counted(p)).collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect();
    progress(total, total);
    let mut briefings = Vec::with_capacity(parsed.len());
    for p in parsed {
        match p {
            Ok(b) => briefings.push(b),
            Err(e) => lib.errors.push(e),
        }
    }
    lib.briefings = newest_first_unique(
        briefings,
        |b| (&b.id, b.meta.date, &b.path),
        &mut lib.errors,
    );
    Ok(lib)
}

/// The briefing files under `root`, sorted, and every folder that could not be read.
pub(super) fn briefing_files(root: &Path) -> std::io::Result<(Vec<PathBuf>, Vec<LoadError>)> {
    briefing_files_and_folders(root).map(|(files, errors, _)| (files, errors))
}

/// [`briefing_files`], and every folder listed, in the order listed.
pub(super) fn briefing_files_and_folders(
    root: &Path,
) -> std::io::Result<(Vec<PathBuf>, Vec<LoadError>, Vec<PathBuf>)> {
    let mut walk = Walk::default();
    walk.collect(root)?;
    // By the paths' bytes: comparing `Path`s walks their components, many times slower.
    walk.files.sort_unstable_by(|a, b| {
        a.as_os_str()
            .as_encoded_bytes()
            .cmp(b.as_os_str().as_encoded_bytes())
    });
    Ok((walk.files, walk.errors, walk.folders))
}

/// `items` newest first (ties by id); of two with one id (two files with one stem) the first
/// is kept and the rest reported in `errors`, so ids are never ambiguous.
pub(super) fn newest_first_unique<T>(
    items: Vec<T>,
    key: impl Fn(&T) -> (&String, chrono::NaiveDate, &PathBuf),
    errors: &mut Vec<LoadError>,
) -> Vec<T> {
    // An order of places rather than of the items, and ids borrowed rather than copied: at a
    // hundred thousand briefings the copies were most of the work.
    // The keys side by side, sorted as plain tuples: comparing through the items themselves,
    // each hundreds of bytes apart, was most of the time. The place breaks ties as a stable
    // sort would.
    let mut keys: Vec<(std::cmp::Reverse<chrono::NaiveDate>, &str, usize)> = items
        .iter()
        .enumerate()
        .map(|(k, item)| {
            let (id, date, _) = key(item);
            (std::cmp::Reverse(date), id.as_str(), k)
        })
        .collect();
    keys.sort_unstable();
    let order: Vec<usize> = keys.into_iter().map(|(_, _, k)| k).collect();
    let mut seen: std::collections::HashMap<&str, usize, Quick> =
        std::collections::HashMap::with_capacity_and_hasher(items.len(), Quick);
    let mut keep = vec![false; items.len()];
    for &k in &order {
        let (id, _, path) = key(&items[k]);
        if let Some(&first) = seen.get(id.as_str()) {
            errors.push(LoadError {
                path: path.clone(),
                line: 1,
                reason: format!(
                    "the id `{id}` is already used by {}",
                    key(&items[first]).2.display()
                ),
            });
        } else {
            seen.insert(id.as_str(), k);
            keep[k] = true;
        }
    }
    drop(seen);
    let mut items: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter(|&k| keep[k])
        .filter_map(|k| items[k].take())
        .collect()
}

/// A hasher for keys from the library (ids, regions, tags), which need no defence against
/// chosen collisions (SipHash was a tenth of opening a large catalog): FxHash's multiply and rotate, a word at a
/// time.
#[derive(Default, Clone, Copy)]
pub struct Quick;

impl std::hash::BuildHasher for Quick {
    type Hasher = QuickHasher;
    fn build_hasher(&self) -> QuickHasher {
        QuickHasher(0)
    }
}

pub struct QuickHasher(u64);

impl std::hash::Hasher for QuickHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Reads and parses one briefing file.
pub fn load_file(path: &Path) -> Result<Briefing, LoadError> {
    let fail = |line, reason| LoadError {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let bytes = read_regular_file(path).map_err(|reason| fail(0, reason))?;
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            return Err(fail(
                line,
                "not UTF-8 text (raw articles in other encodings go through `brief import`)".into(),
            ));
        }
    };
    parse_briefing(&text, path).map_err(|e| fail(e.line, e.reason))
}

/// What a file that is not a regular file is, for a message.
fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    let t = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_char_device() || t.is_block_device() {
            return "a device";
        }
    }
    if t.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// The bytes of `path` when it is a regular file (after links) of at most [`MAX_FILE_BYTES`];
/// otherwise why not. Never blocks: a FIFO is seen for what it is before it is opened, and the
/// file is opened without waiting for a writer in case one has been put there since; the type
/// that counts is that of the file opened.
pub fn read_regular_file(path: &Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let not_regular = |meta: &std::fs::Metadata| {
        format!(
            "not read: {} is not a regular file",
            match kind_of(meta) {
                "not a regular file" => "this",
                kind => kind,
            }
        )
    };
    let too_large = |len: u64| {
        format!(
            "not read: {len} bytes is larger than the {} MB a briefing may be",
            MAX_FILE_BYTES >> 20
        )
    };
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options
        .open(path)
        .map_err(|e| format!("cannot read: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot read: {e}"))?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_large(meta.len()));
    }
    // The size may change while it is read: never take more than the cap and one byte.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read: {e}"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Whether `path` names a briefing file: `.md` in any case (`*.MD` from systems that shout).
fn is_briefing_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// The walk over a library's folders: the briefing files found, and every folder that could
/// not be read.
#[derive(Default)]
struct Walk {
    files: Vec<PathBuf>,
    errors: Vec<LoadError>,
    /// Every folder listed.
    folders: Vec<PathBuf>,
    /// The folders read, by device and inode, so that a link back to one is not a loop.
    #[cfg(unix)]
    seen: std::collections::HashSet<(u64, u64)>,
}

impl Walk {
    /// Walks the folders under `root` with a list of its own rather than recursion, so that
    /// no nesting can run out of stack. Only `root` itself failing is an error.
    fn collect(&mut self, root: &Path) -> std::io::Result<()> {
        let top = std::fs::read_dir(root)?;
        self.first_visit(root);
        let mut pending = vec![(root.to_path_buf(), Some(top), 0usize)];
        while let Some((dir, entries, depth)) = pending.pop() {
            let entries = match entries.map_or_else(|| std::fs::read_dir(&dir), Ok) {
                Ok(e) => {
                    self.folders.push(dir.clone());
                    e
                }
                Err(e) => {
                    self.fail(&dir, format!("cannot read this folder: {e}"));
                    continue;
                }
            };
            for entry in entries {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        self.fail(&dir, format!("cannot list this folder: {e}"));
                        break;
                    }
                };
                if entry.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                let path = entry.path();
                let Ok(kind) = entry.file_type() else {
                    self.fail(&path, "cannot tell what this is".into());
                    continue;
                };
                // A link is followed to see whether it leads to a folder; a broken one or a
                // loop of links is reported where it would have been a briefing.
                let is_dir = kind.is_dir()
                    || (kind.is_symlink() && std::fs::metadata(&path).is_ok_and(|m| m.is_dir()));
                if is_dir {
                    if depth + 1 > MAX_DEPTH {
                        self.fail(
                            &path,
                            format!(
                                "not read: folders nested more than {MAX_DEPTH} deep are skipped"
                            ),
                        );
                    } else if self.first_visit(&path) {
                        pending.push((path, None, depth + 1));
                    }
                } else if is_briefing_name(&path) {
                    // Its type is checked when it is opened, not here: it may change meanwhile.
                    self.files.push(path);
                }
            }
        }
        Ok(())
    }

    /// Whether folder `dir` is read for the first time (always, where that cannot be told).
    fn first_visit(&mut self, dir: &Path) -> bool {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            if let Ok(m) = std::fs::metadata(dir) {
                return self.seen.insert((m.dev(), m.ino()));
            }
        }
        let _ = dir;
        true
    }

    fn fail(&mut self, path: &Path, reason: String) {
        self.errors.push(LoadError {
            path: path.to_path_buf(),
            line: 0,
            reason,
        });
    }
}

impl Library {
    /// Finds one briefing by exact id, unique id prefix, or path of a file in the library.
    pub fn resolve(&self, given: &str) -> Result<&Briefing, ResolveError> {
        resolve_in(&self.briefings, |b| (&b.id, &b.path), given)
    }
}

/// Finds one of `items` (each with its id and file, as `key` gives them) by exact id, unique
/// id prefix, or path of a file in the library.
pub(super) fn resolve_in<'a, T>(
    items: &'a [T],
    key: impl Fn(&T) -> (&String, &PathBuf),
    given: &str,
) -> Result<&'a T, ResolveError> {
    if let Some(b) = items.iter().find(|b| key(b).0 == given) {
        return Ok(b);
    }
    let as_path = Path::new(given);
    if let (Ok(canon), Some(stem)) = (as_path.canonicalize(), as_path.file_stem()) {
        // Ids are file stems: only a briefing with this stem can be this file.
        let found = items
            .iter()
            .filter(|b| stem == key(b).0.as_str())
            .find(|b| key(b).1.canonicalize().is_ok_and(|p| p == canon));
        if let Some(b) = found {
            return Ok(b);
        }
    }
    let matches: Vec<&T> = items
        .iter()
        .filter(|b| key(b).0.starts_with(given))
        .collect();
    match matches.as_slice() {
        [one] => Ok(one),
        [] => Err(ResolveError::NotFound(given.to_string())),
        many => Err(ResolveError::Ambiguous {
            given: given.to_string(),
            candidates: many.iter().map(|b| key(b).0.clone()).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::write(dir.join(name), text).unwrap();
    }

    fn briefing(title: &str, date: &str) -> String {
        format!("+++\ntitle = \"{title}\"\ndate = {date}\n+++\n\n正文。\n")
    }

    #[test]
    fn loads_good_files_and_reports_bad_ones_with_lines() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "2024-01-01-a.md", &briefing("甲", "2024-01-01"));
        write(dir.path(), "2024-06-01-b.md", &briefing("乙", "2024-06-01"));
        write(
            dir.path(),
            "bad.md",
            "+++\ntitle = \"丙\"\ndate = 2024-01-01\nwho = 1\n+++\n",
        );
        write(dir.path(), "notes.txt", "ignored");
        std::fs::write(dir.path().join("gbk.md"), b"+++\n\xc1\xf8\xd6\xdd\n").unwrap();
        let lib = load_library(dir.path()).unwrap();
        let ids: Vec<&str> = lib.briefings.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["2024-06-01-b", "2024-01-01-a"], "newest first");
        let errs: Vec<String> = lib.errors.iter().map(|e| e.to_string()).collect();
        assert_eq!(errs.len(), 2, "{errs:?}");
        assert!(errs.iter().any(|e| e.ends_with("bad.md:4: unknown field `who`, expected one of `title`, `date`, `date_precision`, `source`, `url`, `regions`, `tags`, `sections`")), "{errs:?}");
        assert!(
            errs.iter().any(|e| e.contains("gbk.md:2: not UTF-8")),
            "{errs:?}"
        );
    }

    #[test]
    fn progress_is_reported_every_thousand_files_and_at_the_end() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..2100 {
            write(
                dir.path(),
                &format!("b{i:04}.md"),
                &briefing(&format!("第{i}"), "2024-01-01"),
            );
        }
        let calls = std::sync::Mutex::new(Vec::new());
        let lib = load_library_with(dir.path(), &|done, total| {
            calls.lock().unwrap().push((done, total))
        })
        .unwrap();
        assert_eq!(lib.briefings.len(), 2100);
        let mut calls = calls.into_inner().unwrap();
        calls.sort();
        assert_eq!(calls, [(1000, 2100), (2000, 2100), (2100, 2100)]);
    }

    #[test]
    fn resolves_ids_prefixes_and_paths() {
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "2024-01-01-liuzhou.md",
            &briefing("甲", "2024-01-01"),
        );
        write(
            dir.path(),
            "2024-01-02-liaocheng.md",
            &briefing("乙", "2024-01-02"),
        );
        let lib = load_library(dir.path()).unwrap();
        assert_eq!(lib.resolve("2024-01-01-liuzhou").unwrap().meta.title, "甲");
        assert_eq!(lib.resolve("2024-01-02").unwrap().meta.title, "乙");
        let path = dir.path().join("2024-01-01-liuzhou.md");
        assert_eq!(
            lib.resolve(path.to_str().unwrap()).unwrap().meta.title,
            "甲"
        );
        assert!(matches!(
            lib.resolve("2024-01"),
            Err(ResolveError::Ambiguous { .. })
        ));
        assert!(matches!(
            lib.resolve("2025"),
            Err(ResolveError::NotFound(_))
        ));
    }

    /// Loads `dir` on a thread of its own, failing instead of hanging when loading blocks.
    fn load_within_seconds(dir: &Path) -> Library {
        let dir = dir.to_path_buf();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(load_library(&dir));
        });
        rx.recv_timeout(std::time::Duration::from_secs(20))
            .expect("loading the library hung")
            .unwrap()
    }

    fn error_for<'a>(lib: &'a Library, name: &str) -> &'a LoadError {
        lib.errors
            .iter()
            .find(|e| e.path.file_name().is_some_and(|n| n == name))
            .unwrap_or_else(|| panic!("no error for {name}: {:?}", lib.errors))
    }

    #[cfg(unix)]
    #[test]
    fn fifo_named_md_does_not_hang_loading() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "2024-01-01-a.md", &briefing("甲", "2024-01-01"));
        let fifo = dir.path().join("pipe.md");
        let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
        std::os::unix::fs::symlink(&fifo, dir.path().join("to-pipe.md")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.md")).unwrap();
        let _socket = std::os::unix::net::UnixListener::bind(dir.path().join("socket.md")).unwrap();
        let lib = load_within_seconds(dir.path());
        assert_eq!(lib.briefings.len(), 1);
        assert_eq!(lib.errors.len(), 4, "{:?}", lib.errors);
        for (name, kind) in [
            ("pipe.md", "a FIFO"),
            ("to-pipe.md", "a FIFO"),
            ("zero.md", "a device"),
            ("socket.md", "a socket"),
        ] {
            let e = error_for(&lib, name).to_string();
            assert!(e.contains(name) && e.contains(kind), "{e}");
            assert!(e.contains("is not a regular file"), "{e}");
        }
    }

    #[test]
    fn a_file_over_the_size_cap_is_reported_not_read() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "2024-01-01-a.md", &briefing("甲", "2024-01-01"));
        let huge = std::fs::File::create(dir.path().join("huge.md")).unwrap();
        huge.set_len(MAX_FILE_BYTES + 1).unwrap();
        let lib = load_within_seconds(dir.path());
        assert_eq!(lib.briefings.len(), 1);
        let e = error_for(&lib, "huge.md").to_string();
        assert!(
            e.ends_with(
                "huge.md: not read: 16777217 bytes is larger than the 16 MB a briefing may be"
            ),
            "{e}"
        );
    }

    #[test]
    fn too_deep_folder_does_not_stop_the_library() {
        let dir = tempfile::tempdir().unwrap();
        let mut deep = dir.path().to_path_buf();
        for _ in 0..MAX_DEPTH + 3 {
            deep.push("d");
        }
        std::fs::create_dir_all(&deep).unwrap();
        write(&deep, "2024-02-02-deep.md", &briefing("深", "2024-02-02"));
        let mut ok = dir.path().to_path_buf();
        for _ in 0..MAX_DEPTH {
            ok.push("d");
        }
        write(&ok, "2024-01-01-a.md", &briefing("甲", "2024-01-01"));
        let lib = load_within_seconds(dir.path());
        let ids: Vec<&str> = lib.briefings.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["2024-01-01-a"]);
        assert_eq!(lib.errors.len(), 1, "{:?}", lib.errors);
        let e = lib.errors[0].to_string();
        assert!(e.contains(&ok.join("d").display().to_string()), "{e}");
        assert!(
            e.ends_with("not read: folders nested more than 32 deep are skipped"),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn unreadable_folder_does_not_stop_the_library() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "2024-01-01-a.md", &briefing("甲", "2024-01-01"));
        let closed = dir.path().join("closed");
        std::fs::create_dir(&closed).unwrap();
        write(&closed, "2024-02-02-b.md", &briefing("乙", "2024-02-02"));
        std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o000)).unwrap();
        let privileged = std::fs::read_dir(&closed).is_ok();
        let lib = load_within_seconds(dir.path());
        std::fs::set_permissions(&closed, std::fs::Permissions::from_mode(0o755)).unwrap();
        if privileged {
            // Root reads any folder: nothing to report then.
            assert_eq!(lib.briefings.len(), 2);
            return;
        }
        assert_eq!(lib.briefings.len(), 1);
        let e = error_for(&lib, "closed").to_string();
        assert!(
            e.contains("closed: cannot read this folder: Permission denied"),
            "{e}"
        );
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_do_not_hang_loading() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        write(&sub, "2024-01-01-a.md", &briefing("甲", "2024-01-01"));
        std::os::unix::fs::symlink(dir.path(), sub.join("back")).unwrap();
        std::os::unix::fs::symlink("..", sub.join("up")).unwrap();
        std::os::unix::fs::symlink("self.md", dir.path().join("self.md")).unwrap();
        std::os::unix::fs::symlink(dir.path().join("missing"), dir.path().join("broken.md"))
            .unwrap();
        let lib = load_within_seconds(dir.path());
        let ids: Vec<&str> = lib.briefings.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["2024-01-01-a"]);
        assert_eq!(lib.errors.len(), 2, "{:?}", lib.errors);
        assert!(
            error_for(&lib, "self.md")
                .reason
                .starts_with("cannot read: ")
        );
        assert!(
            error_for(&lib, "broken.md")
                .reason
                .starts_with("cannot read: ")
        );
    }

    #[test]
    fn upper_case_md_files_load() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "2024-01-01-a.MD", &briefing("甲", "2024-01-01"));
        write(dir.path(), "2024-01-02-b.Md", &briefing("乙", "2024-01-02"));
        let lib = load_library(dir.path()).unwrap();
        let ids: Vec<&str> = lib.briefings.iter().map(|b| b.id.as_str()).collect();
        assert_eq!(ids, ["2024-01-02-b", "2024-01-01-a"]);
        assert!(lib.errors.is_empty());
    }

    #[test]
    fn missing_folder_is_an_io_error() {
        assert!(load_library(Path::new("/nonexistent/brief-library")).is_err());
    }
}
