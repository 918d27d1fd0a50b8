//! The catalog: every briefing's metadata and figure count kept in one file in the cache
//! folder, so listing a large library reads one file instead of every body.
//!
//! The files stay the truth. Every open walks the library and compares each file's size,
//! modification and change times and inode with what the catalog recorded (as git checks its
//! index), in parallel; only files that differ, were added, or were recorded while they could
//! still change within the clock's resolution are read again. A catalog of another format or
//! build, for another folder, cut short or failing its checksum is ignored and rebuilt. It is
//! written to a temporary file and renamed into place under a lock, so a crash mid-write or two
//! processes at once never leave a half-written catalog; a cache folder that cannot be written
//! only means the next open reads the files again.

use super::library::{LoadError, briefing_files_and_folders, load_file, newest_first_unique};
use super::{DatePrecision, Meta, RegionRef, Section};
use crate::search::fold::Folded;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

mod in_place;
pub use in_place::{CatalogView, open_catalog_in_place};

/// Bump when the layout changes: an older catalog is then rebuilt, never misread.
const FORMAT: u32 = 5;
const MAGIC: &[u8; 8] = b"BRIEFCAT";

/// One briefing as the catalog knows it: everything but the body.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The file stem.
    pub id: String,
    /// The file it describes.
    pub path: PathBuf,
    /// The front matter.
    pub meta: Meta,
    /// How many key figures the body holds.
    pub figures: usize,
}

/// The briefings of a library folder, newest first, without their bodies.
#[derive(Debug, Default)]
pub struct Catalog {
    /// The folder.
    pub root: PathBuf,
    /// Every briefing that parsed, newest first (ties by id).
    pub entries: Vec<Entry>,
    /// Every file or folder that could not be loaded.
    pub errors: Vec<LoadError>,
    /// Each entry's file as it was checked or read, for [`open_folded`] to check against
    /// without asking the file system again.
    stamps: Vec<Stamp>,
}

impl Catalog {
    /// Finds one entry by exact id, unique id prefix, or path of a file in the library, as
    /// [`super::Library::resolve`] finds a briefing.
    pub fn resolve(&self, given: &str) -> Result<&Entry, super::ResolveError> {
        super::library::resolve_in(&self.entries, |e| (&e.id, &e.path), given)
    }

    /// The briefings of the entries `keep` selects, in the catalog's order, their bodies read
    /// now (on two threads): a command that needs a few bodies reads only those. A file that
    /// can no longer be read goes to the library's errors.
    pub fn library_where(&self, keep: impl Fn(&Entry) -> bool) -> super::Library {
        let chosen: Vec<&Entry> = self.entries.iter().filter(|e| keep(e)).collect();
        let read = crate::halves::in_halves(chosen.len(), 64, |range| {
            chosen[range]
                .iter()
                .map(|e| load_file(&e.path))
                .collect::<Vec<_>>()
        });
        let mut lib = super::Library {
            root: self.root.clone(),
            briefings: Vec::with_capacity(chosen.len()),
            errors: self.errors.clone(),
            on_demand: Default::default(),
        };
        for r in read.into_iter().flatten() {
            match r {
                Ok(b) => lib.briefings.push(b),
                Err(e) => lib.errors.push(e),
            }
        }
        lib
    }

    /// The library of every entry, without reading a body: each is read from its file when
    /// [`super::Library::briefing`] first asks for it. `cache` is the folder the catalog is
    /// kept in, where the folded bodies are kept too.
    pub fn into_library(self, cache: Option<&Path>) -> super::Library {
        let n = self.entries.len();
        let mut figures = Vec::with_capacity(n);
        let briefings = self
            .entries
            .into_iter()
            .map(|e| {
                figures.push(e.figures);
                super::Briefing {
                    id: e.id,
                    path: e.path,
                    meta: e.meta,
                    body: String::new(),
                }
            })
            .collect();
        super::Library {
            root: self.root,
            briefings,
            errors: self.errors,
            on_demand: super::library::OnDemand {
                read: Some((0..n).map(|_| std::sync::OnceLock::new()).collect()),
                figures,
                stamps: self.stamps,
                progress: Default::default(),
                cache: cache.map(Path::to_path_buf),
            },
        }
    }
}

/// What the folded-text file needs of a briefing: its id, file and front matter.
trait Described {
    fn id(&self) -> &str;
    fn path(&self) -> &Path;
    fn meta(&self) -> &Meta;
}

impl Described for Entry {
    fn id(&self) -> &str {
        &self.id
    }
    fn path(&self) -> &Path {
        &self.path
    }
    fn meta(&self) -> &Meta {
        &self.meta
    }
}

impl Described for super::Briefing {
    fn id(&self) -> &str {
        &self.id
    }
    fn path(&self) -> &Path {
        &self.path
    }
    fn meta(&self) -> &Meta {
        &self.meta
    }
}

impl super::Library {
    /// The library read again from its folder, as it was read: from the catalog (kept in the
    /// cache folder, re-reading only what changed) when its bodies are read on demand, else
    /// every file.
    pub fn read_again(&self) -> std::io::Result<super::Library> {
        if self.bodies_on_demand() {
            let cache = self.on_demand.cache.as_deref();
            open_library_lazily(&self.root, cache, &|_, _| {}).map(|(lib, _)| lib)
        } else {
            super::load_library(&self.root)
        }
    }

    /// The folded bodies of a library made from the catalog, in its order, from the file kept
    /// beside the catalog in `cache` and brought up to date as [`open_kept`] does (a first
    /// build reads every body, counted in [`super::Library::build_progress`]), all read into
    /// memory. `None` as for [`open_kept`] (and when there is no cache folder), or when the
    /// library holds its bodies already.
    pub fn kept_bodies(&self) -> Option<Vec<FoldedBody>> {
        let cache = self.on_demand.cache.as_deref()?;
        if !self.bodies_on_demand() {
            return None;
        }
        let [done, total] = &self.on_demand.progress;
        let progress = |d: usize, t: usize| {
            done.store(d, std::sync::atomic::Ordering::Relaxed);
            total.store(t, std::sync::atomic::Ordering::Relaxed);
        };
        let kept = open_kept_for(
            &self.root,
            Some(cache),
            &self.briefings,
            &self.on_demand.stamps,
            &progress,
        );
        total.store(0, std::sync::atomic::Ordering::Relaxed);
        let kept = kept?;
        let all = kept.every_text();
        if all.is_none() {
            kept.discard();
        }
        all
    }
}

/// What opening a catalog did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// The catalog file, when there is a cache folder.
    pub file: Option<PathBuf>,
    /// Files read because they were new, changed, or the catalog could not be used.
    pub read: usize,
    /// Files taken from the catalog unread.
    pub kept: usize,
    /// Files the catalog knew that are gone.
    pub vanished: usize,
    /// Whether a catalog was there and usable.
    pub was_usable: bool,
    /// Whether a fresh catalog was written.
    pub written: bool,
    /// Whether the folders were listed, rather than known unchanged since the last listing.
    pub listed: bool,
}

/// What identifies a file's version without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(super) struct Stamp {
    size: u64,
    mtime_ns: i64,
    ctime_ns: i64,
    inode: u64,
}

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some(Stamp {
            size: m.len(),
            mtime_ns: m
                .mtime()
                .saturating_mul(1_000_000_000)
                .saturating_add(m.mtime_nsec()),
            ctime_ns: m
                .ctime()
                .saturating_mul(1_000_000_000)
                .saturating_add(m.ctime_nsec()),
            inode: m.ino(),
        })
    }
    #[cfg(not(unix))]
    {
        let mtime_ns = m
            .modified()
            .ok()?
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_nanos() as i64;
        Some(Stamp {
            size: m.len(),
            mtime_ns,
            ctime_ns: 0,
            inode: 0,
        })
    }
}

/// The stamps of `files`, in order, on two threads. On Unix each file is looked up by its name
/// in its folder, opened once for all its files, rather than by its whole path: the look-up of
/// the path's folders was most of the cost of a check.
fn stamps_of(files: &[&Path]) -> Vec<Option<Stamp>> {
    crate::halves::in_halves(files.len(), 256, |range| {
        let mut folder = Folder::default();
        files[range]
            .iter()
            .map(|p| folder.stamp(p))
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten()
    .collect()
}

/// The folder the last file was in, kept open for the files after it.
#[derive(Default)]
struct Folder {
    #[cfg(unix)]
    open: Option<(Vec<u8>, std::fs::File)>,
    /// The file's name, NUL-terminated for the system, in room kept from file to file.
    #[cfg(unix)]
    name: Vec<u8>,
}

impl Folder {
    #[cfg(unix)]
    fn stamp(&mut self, path: &Path) -> Option<Stamp> {
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::io::AsRawFd;
        // The folder and the name, split at the last slash by its bytes: taking the path's
        // components apart and comparing them was a tenth of a check.
        let bytes = path.as_os_str().as_bytes();
        // Looked for a byte at a time: a vector search costs more than it saves on a path.
        let Some(slash) = bytes.iter().rposition(|&b| b == b'/') else {
            return stamp(path);
        };
        let (parent, name) = (&bytes[..slash], &bytes[slash + 1..]);
        if name.is_empty() || name == b"." || name == b".." || name.contains(&0) {
            return stamp(path);
        }
        let parent = if parent.is_empty() { b"/" } else { parent };
        if self
            .open
            .as_ref()
            .is_none_or(|(p, _)| p.as_slice() != parent)
        {
            // A folder that cannot be opened takes the whole path.
            let Ok(dir) = std::fs::File::open(Path::new(std::ffi::OsStr::from_bytes(parent)))
            else {
                self.open = None;
                return stamp(path);
            };
            self.open = Some((parent.to_vec(), dir));
        }
        let (_, dir) = self.open.as_ref()?;
        self.name.clear();
        self.name.extend_from_slice(name);
        self.name.push(0);
        let mut st: libc::stat = unsafe { std::mem::zeroed() };
        // SAFETY: a descriptor this struct keeps open, a name with no NUL before the one that
        // ends it, and a stat buffer of the right type that lives across the call.
        if unsafe { libc::fstatat(dir.as_raw_fd(), self.name.as_ptr().cast(), &mut st, 0) } != 0 {
            return None;
        }
        Some(Stamp {
            size: st.st_size as u64,
            mtime_ns: (st.st_mtime as i64)
                .saturating_mul(1_000_000_000)
                .saturating_add(st.st_mtime_nsec as i64),
            ctime_ns: (st.st_ctime as i64)
                .saturating_mul(1_000_000_000)
                .saturating_add(st.st_ctime_nsec as i64),
            inode: st.st_ino as u64,
        })
    }

    #[cfg(not(unix))]
    fn stamp(&mut self, path: &Path) -> Option<Stamp> {
        stamp(path)
    }
}

/// Where each of `files` (sorted by their bytes) is among `old`'s records, if there: by one
/// walk down both lists when the records are in the same order, as a catalog writes them,
/// else by a look-up.
fn places_in(old: &[Record], files: &[&Path]) -> Vec<Option<usize>> {
    fn key(p: &Path) -> &[u8] {
        p.as_os_str().as_encoded_bytes()
    }
    if old.is_sorted_by(|a, b| key(&a.path) < key(&b.path)) {
        let mut i = 0;
        return files
            .iter()
            .map(|f| {
                while i < old.len() && key(&old[i].path) < key(f) {
                    i += 1;
                }
                (i < old.len() && key(&old[i].path) == key(f)).then_some(i)
            })
            .collect();
    }
    let known: std::collections::HashMap<Vec<u8>, usize> = old
        .iter()
        .enumerate()
        .map(|(i, r)| (key(&r.path).to_vec(), i))
        .collect();
    files.iter().map(|f| known.get(key(f)).copied()).collect()
}

/// A file's record: its stamp and what loading it gave.
#[derive(Debug, Clone)]
struct Record {
    path: PathBuf,
    stamp: Stamp,
    loaded: Result<Entry, (usize, String)>,
}

/// The catalog file for library `root` in `cache`: named by a hash of the folder's canonical
/// path, so every library has its own.
pub fn catalog_path(cache: &Path, root: &Path) -> PathBuf {
    let canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let hash = fnv(canon.as_os_str().as_encoded_bytes());
    cache.join(format!("catalog-{hash:016x}.bin"))
}

/// Opens the catalog of `root`, kept in `cache` when given: reads what changed and writes the
/// catalog back when anything did. `rebuild` ignores the catalog on disk. Only the library
/// folder itself failing is an error; a cache that cannot be read or written is not.
pub fn open_catalog(
    root: &Path,
    cache: Option<&Path>,
    rebuild: bool,
) -> std::io::Result<(Catalog, Report)> {
    open_catalog_with(root, cache, rebuild, &|_, _| {})
}

/// The library of `root` from its catalog (kept in `cache` when given, brought up to date as
/// [`open_catalog`] does), without a body read: each is read when first asked for (see
/// [`super::Library::briefing`]). `progress(done, total)` counts the files read, every
/// thousand: all of them on a first build.
pub fn open_library_lazily(
    root: &Path,
    cache: Option<&Path>,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> std::io::Result<(super::Library, Report)> {
    let (catalog, report) = open_catalog_with(root, cache, false, progress)?;
    Ok((catalog.into_library(cache), report))
}

/// [`open_catalog`], calling `progress(done, total)` every thousand files read (from
/// whichever thread reads them).
pub fn open_catalog_with(
    root: &Path,
    cache: Option<&Path>,
    rebuild: bool,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> std::io::Result<(Catalog, Report)> {
    let never = std::sync::atomic::AtomicBool::new(false);
    open_catalog_until(root, cache, rebuild, progress, &never)
}

/// [`open_catalog_with`], stopping early when `stop` is set (by an interrupt): the files
/// read so far are written to the catalog, so the next open reads only the others, and the
/// error is [`std::io::ErrorKind::Interrupted`].
pub fn open_catalog_until(
    root: &Path,
    cache: Option<&Path>,
    rebuild: bool,
    progress: &(dyn Fn(usize, usize) + Sync),
    stop: &std::sync::atomic::AtomicBool,
) -> std::io::Result<(Catalog, Report)> {
    let file = cache.map(|c| catalog_path(c, root));
    let canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let (old, mut folders, old_order) = match (&file, rebuild) {
        (Some(f), false) => read_catalog(f, &canon)
            .map(|c| (c.records, c.folders, Some(c.order)))
            .unwrap_or_default(),
        _ => Default::default(),
    };
    // When no folder changed since the last listing, the files are the ones listed then (as
    // git's untracked cache knows): only their stamps need checking.
    let listing_unchanged = !old.is_empty() && unchanged_listing(&folders);
    let before = std::mem::take(&mut folders.list);
    // A new listing that can be reused is worth writing even when no file changed.
    let mut relisted = false;
    let (listed, walk_errors, folders) = if listing_unchanged {
        (
            Vec::new(),
            Vec::new(),
            Folders {
                walked_at: folders.walked_at,
                list: before,
            },
        )
    } else {
        let walked_at = now_ns();
        let (files, errors, listed) = briefing_files_and_folders(root)?;
        // A listing with a folder it could not read is never reused.
        let folders = if errors.is_empty() {
            Folders {
                walked_at,
                list: listed
                    .into_iter()
                    .map(|p| {
                        let s = stamp(&p).unwrap_or_default();
                        (p, s)
                    })
                    .collect(),
            }
        } else {
            Folders::default()
        };
        // The last listing could not be reused (a folder changed, or it was made too soon
        // after one did): a new one that can be is written, even with the same folders.
        relisted = settled(&folders);
        (files, errors, folders)
    };
    // The files: those of the last listing, in the records' order, or those listed now.
    let files: Vec<&Path> = if listing_unchanged {
        old.iter().map(|r| r.path.as_path()).collect()
    } else {
        listed.iter().map(PathBuf::as_path).collect()
    };
    let mut report = Report {
        file: file.clone(),
        was_usable: !old.is_empty(),
        listed: !listing_unchanged,
        ..Report::default()
    };
    let stamps = stamps_of(&files);
    // Where each file's record is among the old ones: its own place when they are the files
    // of the last listing.
    let place: Vec<Option<usize>> = if listing_unchanged {
        (0..files.len()).map(Some).collect()
    } else {
        places_in(&old, &files)
    };
    // Each file: the record it keeps (by its place in `old`), or none when it is read again.
    let clock = now_ns();
    let keep: Vec<Option<usize>> = place
        .iter()
        .zip(&stamps)
        .map(|(&i, now)| match (i, now) {
            (Some(i), Some(s)) if old[i].stamp == *s && !is_racy_at(*s, clock) => Some(i),
            _ => None,
        })
        .collect();
    let matched = place.iter().flatten().count();
    let to_read: Vec<usize> = (0..files.len()).filter(|&k| keep[k].is_none()).collect();
    // Reading is independent for each file: two threads halve the work.
    let done = std::sync::atomic::AtomicUsize::new(0);
    let mut fresh = crate::halves::in_halves(to_read.len(), 64, |range| {
        to_read[range]
            .iter()
            .map(|&k| {
                if stop.load(std::sync::atomic::Ordering::Relaxed) {
                    return None;
                }
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if n.is_multiple_of(super::library::PROGRESS_EVERY) {
                    progress(n, to_read.len());
                }
                let path = files[k];
                let loaded = load_file(path)
                    .map(|b| Entry {
                        figures: crate::figures::find_figures(&b.body).len(),
                        id: b.id,
                        path: b.path,
                        meta: b.meta,
                    })
                    .map_err(|e| (e.line, e.reason));
                Some(Record {
                    path: path.to_path_buf(),
                    stamp: stamps[k].unwrap_or_default(),
                    loaded,
                })
            })
            .collect::<Vec<_>>()
    })
    .into_iter()
    .flatten();
    let found = files.len();
    report.read = to_read.len();
    report.kept = found - report.read;
    report.vanished = old.len() - matched;
    drop(files);
    let mut old: Vec<Option<Record>> = old.into_iter().map(Some).collect();
    let records: Vec<Record> = keep
        .into_iter()
        .filter_map(|k| match k {
            Some(i) => old[i].take(),
            None => fresh.next().flatten(),
        })
        .collect();
    if stop.load(std::sync::atomic::Ordering::Relaxed) {
        // What was read is kept; the listing is not, so the next open lists the folders
        // again and reads what is missing.
        let order = Order::of(&records);
        if let Some(f) = &file {
            let _ = write_catalog(f, &canon, &records, &Folders::default(), &order);
        }
        return Err(std::io::Error::new(
            std::io::ErrorKind::Interrupted,
            format!(
                "interrupted: {} of {} files read, kept for next time",
                records.len(),
                found
            ),
        ));
    }
    let changed = report.read > 0 || report.vanished > 0 || !report.was_usable || relisted;
    // The records unchanged, in the order written, are shown in the order written then.
    let order = match old_order {
        Some(order) if !changed && listing_unchanged => order,
        _ => Order::of(&records),
    };
    if let (Some(f), true) = (&file, changed) {
        report.written = write_catalog(f, &canon, &records, &folders, &order).is_ok();
    }
    let catalog = catalog_in_order(root, records, &order, walk_errors)
        .ok_or_else(|| std::io::Error::other("the catalog's order does not fit its records"))?;
    Ok((catalog, report))
}

/// The catalog of `root` as it was last written in `cache`, taken as it is: no file is
/// listed or checked against it, so it shows at once what the library held when it was last
/// opened, and [`open_catalog`] must still be asked what holds now. `None` when there is no
/// catalog for this folder, or any doubt about the file (another format or build, cut short,
/// failing its checksum), or it lists no file.
pub fn read_catalog_unchecked(root: &Path, cache: &Path) -> Option<Catalog> {
    let canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let read = read_catalog(&catalog_path(cache, root), &canon)?;
    if read.records.is_empty() {
        return None;
    }
    catalog_in_order(root, read.records, &read.order, Vec::new())
}

/// [`read_catalog_unchecked`] as a library whose bodies are read when asked for, as
/// [`open_library_lazily`] gives it.
pub fn open_library_unchecked(root: &Path, cache: &Path) -> Option<super::Library> {
    read_catalog_unchecked(root, cache).map(|c| c.into_library(Some(cache)))
}

/// The order a catalog's briefings are shown in, kept in the catalog so that it can be shown
/// without sorting a hundred thousand entries first.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Order {
    /// The places among the records of the briefings, newest first (ties by id), one for
    /// each id.
    shown: Vec<usize>,
    /// The places of the files whose id a briefing shown already has, in the order their
    /// errors are reported.
    doubles: Vec<usize>,
}

impl Order {
    fn of(records: &[Record]) -> Order {
        let loaded: Vec<(usize, &Entry)> = records
            .iter()
            .enumerate()
            .filter_map(|(k, r)| r.loaded.as_ref().ok().map(|e| (k, e)))
            .collect();
        let mut errors = Vec::new();
        let shown: Vec<usize> = newest_first_unique(
            loaded,
            |(_, e): &(usize, &Entry)| (&e.id, e.meta.date, &e.path),
            &mut errors,
        )
        .into_iter()
        .map(|(k, _)| k)
        .collect();
        // The doubles' errors name their files: their places follow from the paths.
        let place: std::collections::HashMap<&Path, usize> = if errors.is_empty() {
            Default::default()
        } else {
            records
                .iter()
                .enumerate()
                .map(|(k, r)| (r.path.as_path(), k))
                .collect()
        };
        let doubles = errors
            .iter()
            .filter_map(|e| place.get(e.path.as_path()).copied())
            .collect();
        Order { shown, doubles }
    }
}

/// The catalog of `root` from its files' records in `order`, with the folders that could not
/// be read first among the errors, then each file that failed, then each double id. `None`
/// when the order does not fit the records (a place out of range, twice, or of a file that
/// failed).
fn catalog_in_order(
    root: &Path,
    records: Vec<Record>,
    order: &Order,
    walk_errors: Vec<LoadError>,
) -> Option<Catalog> {
    let n = records.len();
    if order.shown.len() + order.doubles.len() > n {
        return None;
    }
    let mut slots: Vec<Option<Record>> = records.into_iter().map(Some).collect();
    let mut entries = Vec::with_capacity(order.shown.len());
    let mut stamps = Vec::with_capacity(order.shown.len());
    for &k in &order.shown {
        let r = slots.get_mut(k)?.take()?;
        entries.push(r.loaded.ok()?);
        stamps.push(r.stamp);
    }
    let mut errors = walk_errors;
    let mut doubles = Vec::with_capacity(order.doubles.len());
    for &k in &order.doubles {
        match slots.get_mut(k)?.take()?.loaded {
            Ok(e) => doubles.push(e),
            Err(_) => return None,
        }
    }
    for r in slots.into_iter().flatten() {
        match r.loaded {
            Err((line, reason)) => errors.push(LoadError {
                path: r.path,
                line,
                reason,
            }),
            // A file that loaded is either shown or a double.
            Ok(_) => return None,
        }
    }
    if !doubles.is_empty() {
        let first: std::collections::HashMap<&str, &Path> = entries
            .iter()
            .map(|e| (e.id.as_str(), e.path.as_path()))
            .collect();
        for e in &doubles {
            let by = first.get(e.id.as_str())?;
            errors.push(double_id(e.path.clone(), &e.id, by));
        }
    }
    Some(Catalog {
        root: root.to_path_buf(),
        entries,
        errors,
        stamps,
    })
}

/// The error of a file whose id a briefing shown already has, in file `by`.
fn double_id(path: PathBuf, id: &str, by: &Path) -> LoadError {
    LoadError {
        path,
        line: 1,
        reason: format!("the id `{id}` is already used by {}", by.display()),
    }
}

/// Bump when the layout of the folded bodies' file changes.
const FOLDED_FORMAT: u32 = 2;
const FOLDED_MAGIC: &[u8; 8] = b"BRIEFFLD";

/// A briefing's body folded for search (see [`Folded`]), and its length in UTF-8.
pub type FoldedBody = (usize, Folded);

/// The file beside the catalog that keeps the folded bodies of library `root`.
pub fn folded_path(cache: &Path, root: &Path) -> PathBuf {
    catalog_path(cache, root).with_extension("fold")
}

/// Where one briefing's folded text is in the file, and what checks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot {
    /// The body's length in UTF-8.
    len: usize,
    letters: u32,
    pairs: [u64; 11],
    /// Its place among the texts, in bytes from the first.
    offset: u64,
    bytes: u64,
    /// [`wide_sum`] of its bytes: a text is checked as it is read, never trusted.
    sum: u64,
}

/// The directory of a folded-text file, as read: the file opened, where its texts start, and
/// for each briefing its file (where the path is in `bytes`, and the stamp it was folded at)
/// and its text's slot. Paths stay where they are in the file: a hundred thousand paths made
/// into values of their own cost a tenth of a search.
struct Directory {
    file: std::fs::File,
    base: u64,
    bytes: FileBytes,
    files: Vec<(std::ops::Range<usize>, Stamp)>,
    slots: Vec<Slot>,
}

impl Directory {
    /// Briefing `i`'s path, as bytes.
    fn path(&self, i: usize) -> &[u8] {
        self.files
            .get(i)
            .and_then(|(p, _)| self.bytes.get(p.clone()))
            .unwrap_or_default()
    }
}

/// The folded bodies of a library, kept in a file in the cache folder: a search reads those it
/// needs one at a time (see [`crate::search::Bodies`]), the reader all of them a part at a
/// time (see [`open_kept`]).
///
/// The file: a header (magic, format), the directory's length, the directory (the program's
/// version, the library folder, and for each briefing in the catalog's order its file, stamp,
/// length, letters and where its text is with the text's checksum), the directory's checksum,
/// then the texts one after another. A search maps the file, reads the directory (a few
/// megabytes at a hundred thousand briefings) and the texts it needs, checking each as it
/// reads it.
#[derive(Debug)]
pub struct KeptText {
    /// Where the file is, to remove it when a text in it fails its check.
    path: PathBuf,
    file: std::fs::File,
    /// Where the texts start in the file.
    base: u64,
    /// Each catalog entry's text, in the catalog's order.
    slots: Vec<Slot>,
    /// The file mapped into memory, for the texts read one at a time: none where it cannot
    /// be (they are then read from the file).
    map: Option<std::sync::Arc<memmap2::Mmap>>,
}

/// How much of the texts one read takes while scanning.
const SCAN_CHUNK: usize = 4 << 20;

/// The folded bodies of `catalog`'s entries kept beside it, brought up to date: where an
/// entry's file has the stamp the catalog just saw and the file knew, its text is kept; others
/// are read and folded again (`progress` counts them), and the file is written afresh, in the
/// catalog's order, when anything changed. `None` when there is no cache folder or it cannot
/// be written, when a file can no longer be read or now says something other than its entry
/// (it changed since the catalog was opened), or when a kept text fails its check: then the
/// caller reads the library itself, and a damaged file is removed so the next open rebuilds it.
pub fn open_kept(
    root: &Path,
    cache: Option<&Path>,
    catalog: &Catalog,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Option<KeptText> {
    open_kept_for(root, cache, &catalog.entries, &catalog.stamps, progress)
}

/// [`open_kept`] for `entries` with the stamps the catalog took of their files.
fn open_kept_for<E: Described + Sync>(
    root: &Path,
    cache: Option<&Path>,
    entries: &[E],
    stamps: &[Stamp],
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Option<KeptText> {
    let file = folded_path(cache?, root);
    let canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let old = read_directory(&file, &canon);
    let place = old
        .as_ref()
        .map_or_else(|| vec![None; entries.len()], |d| record_places(entries, d));
    let (old_file, old_base, old_files, old_slots) = match old {
        Some(d) => (Some(d.file), d.base, d.files, d.slots),
        None => (None, 0, Vec::new(), Vec::new()),
    };
    let clock = now_ns();
    let kept: Vec<Option<usize>> = place
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            // The stamp the catalog took before it trusted or read the file: a folded body
            // is kept only for the very version the entry describes, and a file the catalog
            // could not stat has no stamp to trust.
            let now = *stamps.get(k)?;
            let i = i?;
            let trusted = now != Stamp::default() && !is_racy_at(now, clock);
            (old_files.get(i)?.1 == now && trusted).then_some(i)
        })
        .collect();
    let unchanged =
        old_slots.len() == entries.len() && kept.iter().enumerate().all(|(k, &i)| i == Some(k));
    if unchanged && let Some(f) = old_file {
        return Some(KeptText::new(file, f, old_base, old_slots));
    }
    // Files read again: all of them on a first build, a few after edits. Each thread folds
    // its share into a spool file of its own beside the result, so that a first build of a
    // large library holds one text at a time, not every text until the file is written.
    let to_read: Vec<usize> = (0..entries.len()).filter(|&k| kept[k].is_none()).collect();
    let done = std::sync::atomic::AtomicUsize::new(0);
    let parts = crate::halves::in_halves(to_read.len(), 64, |range| {
        let (spool, path) = spool_file(&file, range.start)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, spool);
        let mut at = 0u64;
        let mut texts = Vec::with_capacity(range.len());
        for &k in &to_read[range] {
            let e = &entries[k];
            let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            if n.is_multiple_of(super::library::PROGRESS_EVERY) {
                progress(n, to_read.len());
            }
            let Some(b) = load_file(e.path()).ok() else {
                texts.push(None);
                continue;
            };
            if b.id != e.id() || b.meta != *e.meta() {
                texts.push(None);
                continue;
            }
            let folded = Folded::unclassified(&b.body);
            let (bytes, letters, pairs) = folded.parts();
            std::io::Write::write_all(&mut out, bytes).ok()?;
            texts.push(Some(NewText {
                len: b.body.len(),
                letters,
                pairs: *pairs,
                at,
                bytes: bytes.len() as u64,
                sum: wide_sum(bytes),
                spool: 0,
            }));
            at += bytes.len() as u64;
        }
        let spool = out.into_inner().ok()?;
        Some((Spool { file: spool, path }, texts))
    });
    let mut spools = Vec::with_capacity(parts.len());
    let mut fresh = Vec::with_capacity(to_read.len());
    for part in parts {
        let (spool, texts) = part?;
        let n = spools.len();
        fresh.extend(
            texts
                .into_iter()
                .map(|t| t.map(|t| NewText { spool: n, ..t })),
        );
        spools.push(spool);
    }
    let mut fresh = fresh.into_iter();
    // Each entry's text: from the old file (its record) or just folded.
    let sources: Vec<Source> = kept
        .iter()
        .map(|&i| match i {
            Some(i) => old_slots.get(i).map(Source::Old),
            None => fresh.next().flatten().map(Source::New),
        })
        .collect::<Option<_>>()?;
    let written = write_kept(
        &file,
        &canon,
        entries,
        stamps,
        &sources,
        (old_file.as_ref(), old_base),
        &spools,
    );
    match written {
        Ok(kept) => Some(kept),
        Err(e) => {
            if e.kind() == std::io::ErrorKind::InvalidData {
                // A kept text failed its check while it was copied: start afresh next time.
                let _ = std::fs::remove_file(&file);
            }
            None
        }
    }
}

/// The place of each entry's record among `old`: the same place in a file written for this
/// catalog, else found by its path.
fn record_places<E: Described>(entries: &[E], dir: &Directory) -> Vec<Option<usize>> {
    fn key(p: &Path) -> &[u8] {
        p.as_os_str().as_encoded_bytes()
    }
    let mut by_path: Option<std::collections::HashMap<&[u8], usize>> = None;
    entries
        .iter()
        .enumerate()
        .map(|(k, e)| {
            if k < dir.files.len() && dir.path(k) == key(e.path()) {
                return Some(k);
            }
            by_path
                .get_or_insert_with(|| (0..dir.files.len()).map(|i| (dir.path(i), i)).collect())
                .get(key(e.path()))
                .copied()
        })
        .collect()
}

/// A text just folded into a spool file: its body's length in UTF-8, what it holds, and
/// where it is in which spool.
#[derive(Debug, Clone, Copy)]
struct NewText {
    len: usize,
    letters: u32,
    pairs: [u64; 11],
    at: u64,
    bytes: u64,
    sum: u64,
    /// Which of the spool files.
    spool: usize,
}

/// A file texts are folded into before the folded-text file is written; removed when dropped.
struct Spool {
    file: std::fs::File,
    path: PathBuf,
}

impl Drop for Spool {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// A new spool file beside `file` for the part of the texts from `from`, named by this
/// process and the part, so that two never share one.
fn spool_file(file: &Path, from: usize) -> Option<(std::fs::File, PathBuf)> {
    let path = file.with_extension(format!("spool{}-{from}", std::process::id()));
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)
        .ok()?;
    // Where an open file can be unlinked, it is at once: a process killed mid-build leaves no
    // spool behind. Elsewhere it goes when dropped.
    #[cfg(unix)]
    let _ = std::fs::remove_file(&path);
    Some((f, path))
}

enum Source<'a> {
    Old(&'a Slot),
    New(NewText),
}

/// Writes the folded-text file for `entries` from `sources` (a record of `old` or a text just
/// folded, for each entry), through a temporary file and a rename under the lock, and returns
/// it opened. A kept text that fails its check on the way is an `InvalidData` error.
fn write_kept<E: Described>(
    file: &Path,
    root: &Path,
    entries: &[E],
    stamps: &[Stamp],
    sources: &[Source],
    (old, old_base): (Option<&std::fs::File>, u64),
    spools: &[Spool],
) -> std::io::Result<KeptText> {
    use std::io::Write;
    let mut slots = Vec::with_capacity(entries.len());
    let mut offset = 0u64;
    for s in sources {
        let slot = match s {
            Source::Old(old) => Slot { offset, ..**old },
            Source::New(n) => Slot {
                len: n.len,
                letters: n.letters,
                pairs: n.pairs,
                offset,
                bytes: n.bytes,
                sum: n.sum,
            },
        };
        offset += slot.bytes;
        slots.push(slot);
    }
    let mut dir = Writer(Vec::with_capacity(entries.len() * 200));
    dir.str(env!("CARGO_PKG_VERSION"));
    dir.str(&root.to_string_lossy());
    dir.u64(entries.len() as u64);
    for ((e, slot), k) in entries.iter().zip(&slots).zip(0..) {
        dir.str(&e.path().to_string_lossy());
        dir.stamp(stamps.get(k).copied().unwrap_or_default());
        dir.u64(slot.len as u64);
        dir.u32(slot.letters);
        for &p in &slot.pairs {
            dir.u64(p);
        }
        dir.u64(slot.offset);
        dir.u64(slot.bytes);
        dir.u64(slot.sum);
    }
    let mut head = Writer(Vec::with_capacity(dir.0.len() + 40));
    head.0.extend_from_slice(FOLDED_MAGIC);
    head.u32(FOLDED_FORMAT);
    head.u64(dir.0.len() as u64);
    head.0.extend_from_slice(&dir.0);
    let sum = wide_sum(&head.0);
    head.u64(sum);
    let base = head.0.len() as u64;
    let written = write_atomically_with(file, |out| {
        out.write_all(&head.0)?;
        let mut buffer = Vec::new();
        // Every text is copied from where it is (the old file or a spool) and checked on the
        // way: a text that fails is an error, never written.
        for s in sources {
            let (from, at, bytes, sum) = match s {
                Source::New(n) => {
                    let spool = spools
                        .get(n.spool)
                        .ok_or_else(|| std::io::Error::other("no spool file"))?;
                    (&spool.file, n.at, n.bytes, n.sum)
                }
                Source::Old(r) => {
                    let old = old.ok_or_else(|| std::io::Error::other("no old file"))?;
                    (old, old_base + r.offset, r.bytes, r.sum)
                }
            };
            read_at(from, at, bytes, &mut buffer)?;
            if wide_sum(&buffer) != sum {
                return Err(std::io::ErrorKind::InvalidData.into());
            }
            out.write_all(&buffer)?;
        }
        Ok(())
    })?;
    Ok(KeptText::new(file.to_path_buf(), written, base, slots))
}

/// Reads `n` bytes of `file` at `at` into `buffer` (replacing what it held).
fn read_at(file: &std::fs::File, at: u64, n: u64, buffer: &mut Vec<u8>) -> std::io::Result<()> {
    let n = usize::try_from(n).map_err(std::io::Error::other)?;
    // Every byte is read over: only room the buffer has never had is zeroed first.
    buffer.truncate(n);
    buffer.resize(n, 0);
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileExt;
        file.read_exact_at(buffer, at)
    }
    #[cfg(not(unix))]
    {
        use std::io::{Read, Seek};
        let mut f = file;
        f.seek(std::io::SeekFrom::Start(at))?;
        f.read_exact(buffer)
    }
}

/// The directory of the folded-text file at `file`, with the file opened and where its texts
/// start; `None` when there is any doubt about it (another format or version, another
/// library, a length that is not the one written, a checksum that fails).
fn read_directory(file: &Path, root: &Path) -> Option<Directory> {
    let f = open_cache_file(file)?;
    let size = f.metadata().ok()?.len();
    let mut head = Vec::new();
    read_at(&f, 0, 20, &mut head).ok()?;
    let mut r = Reader(&head);
    if r.take(8)? != FOLDED_MAGIC || r.u32()? != FOLDED_FORMAT {
        return None;
    }
    let dir_len = r.u64()?;
    // The directory and its checksum must fit in the file before any of it is read.
    let base = 20u64.checked_add(dir_len)?.checked_add(8)?;
    if base > size {
        return None;
    }
    let whole = FileBytes::of(&f).ok()?;
    let (body, sum) = whole
        .get(..usize::try_from(base).ok()?)?
        .split_at_checked(usize::try_from(base - 8).ok()?)?;
    if wide_sum(body) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let mut r = Reader(&body[20..]);
    if r.str()? != env!("CARGO_PKG_VERSION") || r.str()? != root.to_string_lossy() {
        return None;
    }
    let n = r.u64()?;
    let room = n.min(1 << 20) as usize;
    let (mut files, mut slots) = (Vec::with_capacity(room), Vec::with_capacity(room));
    let mut end = 0u64;
    for _ in 0..n {
        let name = r.str()?;
        // Where the name is in `whole`: the reader walks a slice of it.
        let from = name.as_ptr() as usize - whole.as_ptr() as usize;
        let path = from..from + name.len();
        let stamp = r.stamp()?;
        let len = usize::try_from(r.u64()?).ok()?;
        let letters = r.u32()?;
        let mut pairs = [0u64; 11];
        for p in &mut pairs {
            *p = r.u64()?;
        }
        let slot = Slot {
            len,
            letters,
            pairs,
            offset: r.u64()?,
            bytes: r.u64()?,
            sum: r.u64()?,
        };
        // Texts follow one another in order, each of whole characters.
        if slot.offset != end || !slot.bytes.is_multiple_of(2) {
            return None;
        }
        end = end.checked_add(slot.bytes)?;
        files.push((path, stamp));
        slots.push(slot);
    }
    // A file cut short (or with anything after its texts) is not the file that was written.
    let whole_len = r.0.is_empty() && base.checked_add(end)? == size;
    whole_len.then_some(Directory {
        file: f,
        base,
        bytes: whole,
        files,
        slots,
    })
}

impl KeptText {
    fn new(path: PathBuf, file: std::fs::File, base: u64, slots: Vec<Slot>) -> KeptText {
        // SAFETY: the file is never written in place. Every write makes a new file and
        // renames it over the old one, so the bytes mapped stay those of the file opened and
        // checked; each text is checked against its checksum as it is read all the same.
        let map = unsafe { memmap2::Mmap::map(&file) }
            .ok()
            .map(std::sync::Arc::new);
        KeptText {
            path,
            file,
            base,
            slots,
            map,
        }
    }

    /// Removes the file, when a text in it failed its check: the next open writes it afresh.
    pub fn discard(self) {
        let _ = std::fs::remove_file(&self.path);
    }

    /// How many texts there are: one for each catalog entry.
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// How often each code unit occurs in the first texts (see
    /// [`crate::search::sample_counts`]); `None` when one fails its check.
    pub fn sample_counts(&self) -> Option<Vec<u32>> {
        let mut texts = Vec::new();
        let mut sampled = 0;
        let mut buffer = Vec::new();
        for s in &self.slots {
            if sampled >= crate::search::SAMPLE_BYTES {
                break;
            }
            read_at(&self.file, self.base + s.offset, s.bytes, &mut buffer).ok()?;
            if wide_sum(&buffer) != s.sum {
                return None;
            }
            let shared = std::sync::Arc::new(std::mem::take(&mut buffer));
            let f = Folded::from_parts(&shared, 0..shared.len(), s.letters, s.pairs)?;
            texts.push((s.len, f));
            sampled += s.len;
        }
        Some(crate::search::sample_counts(
            texts.iter().map(|(len, f)| (*len, f)),
        ))
    }

    /// Calls `each(k, text)` for every entry's folded text, on two threads, a few megabytes
    /// read at a time and each text checked as it is read. The results come in the entries'
    /// order. `None` when a text fails its check or cannot be read: then nothing from this
    /// file is to be believed.
    fn scan<R: Send>(&self, each: impl Fn(usize, &Folded) -> Option<R> + Sync) -> Option<Vec<R>> {
        let parts = crate::halves::in_halves(self.slots.len(), 64, |range| {
            let mut chunk = std::sync::Arc::new(Vec::<u8>::new());
            // Where `chunk` starts among the texts.
            let mut at = 0u64;
            let mut out = Vec::new();
            let last = range.end;
            for k in range {
                let s = &self.slots[k];
                let inside = s.offset >= at && s.offset + s.bytes <= at + chunk.len() as u64;
                if !inside {
                    // From this text to as far as a chunk goes within this part's texts.
                    let until = self.slots[k..last]
                        .iter()
                        .take_while(|t| t.offset >= s.offset)
                        .map(|t| t.offset + t.bytes)
                        .take_while(|&end| end - s.offset <= SCAN_CHUNK as u64)
                        .last()
                        .unwrap_or(s.offset + s.bytes)
                        .max(s.offset + s.bytes);
                    // Every text made from the last chunk is gone, unless `each` kept one:
                    // its buffer is reused, or a new one made.
                    if std::sync::Arc::get_mut(&mut chunk).is_none() {
                        chunk = std::sync::Arc::new(Vec::new());
                    }
                    let buffer = std::sync::Arc::get_mut(&mut chunk)?;
                    read_at(&self.file, self.base + s.offset, until - s.offset, buffer).ok()?;
                    at = s.offset;
                }
                let from = usize::try_from(s.offset - at).ok()?;
                let range = from..from + usize::try_from(s.bytes).ok()?;
                if wide_sum(chunk.get(range.clone())?) != s.sum {
                    return None;
                }
                let text = Folded::from_parts(&chunk, range, s.letters, s.pairs)?;
                if let Some(r) = each(k, &text) {
                    out.push(r);
                }
            }
            Some(out)
        });
        let mut all = Vec::new();
        for p in parts {
            all.extend(p?);
        }
        Some(all)
    }

    /// Every text, read into memory with its body's length; `None` as for [`KeptText::scan`].
    /// Each keeps its share of the buffer it was read into (a few megabytes of texts side by
    /// side), not a copy of its own.
    pub fn every_text(&self) -> Option<Vec<FoldedBody>> {
        self.scan(|k, f| Some((self.slots[k].len, f.clone())))
    }

    /// Whether `body` folded is the text kept for entry `k`: a body read again for a hit's
    /// snippet must pass this before the hit's offsets are used in it.
    pub fn holds(&self, k: usize, body: &str) -> bool {
        let Some(s) = self.slots.get(k) else {
            return false;
        };
        let f = Folded::unclassified(body);
        let (bytes, letters, pairs) = f.parts();
        bytes.len() as u64 == s.bytes
            && wide_sum(bytes) == s.sum
            && letters == s.letters
            && *pairs == s.pairs
    }
}

/// The kept texts as a search reads them one at a time: each checked against its checksum
/// as it is read, and what it may hold told from its slot without a read.
impl crate::search::Bodies for KeptText {
    fn may_hold(&self, i: usize, term: &str) -> bool {
        self.slots
            .get(i)
            .is_none_or(|s| Folded::may_hold_letters(s.letters, &s.pairs, term))
    }

    fn body(&self, i: usize) -> Option<Folded> {
        let s = self.slots.get(i)?;
        if let Some(map) = &self.map {
            let from = usize::try_from(self.base.checked_add(s.offset)?).ok()?;
            let range = from..from.checked_add(usize::try_from(s.bytes).ok()?)?;
            if wide_sum(map.get(range.clone())?) != s.sum {
                return None;
            }
            return Folded::from_parts(map, range, s.letters, s.pairs);
        }
        let mut buffer = Vec::new();
        read_at(&self.file, self.base + s.offset, s.bytes, &mut buffer).ok()?;
        if wide_sum(&buffer) != s.sum {
            return None;
        }
        let buffer = std::sync::Arc::new(buffer);
        Folded::from_parts(&buffer, 0..buffer.len(), s.letters, s.pairs)
    }

    fn release(&self) {
        #[cfg(unix)]
        if let Some(map) = &self.map {
            // SAFETY: the map is of a file opened only to be read, shared with the page
            // cache: letting its pages go from this process changes no byte of it, and a text
            // still held reads the same bytes again from the cache.
            let _ = unsafe { map.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
        }
    }
}

/// The folded-text file as it was last written, opened before the catalog is checked so
/// that a search can scan it meanwhile: nothing from it is used until [`Unchecked::check`]
/// finds it made for exactly the files the catalog has just checked.
pub struct Unchecked {
    kept: KeptText,
    /// The directory's bytes, which hold the paths.
    bytes: FileBytes,
    files: Vec<(std::ops::Range<usize>, Stamp)>,
}

/// The folded-text file of library `root` in `cache` as it is, unchecked against the library;
/// `None` when there is none or any doubt about the file itself.
pub fn open_unchecked(root: &Path, cache: &Path) -> Option<Unchecked> {
    let file = folded_path(cache, root);
    let canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let dir = read_directory(&file, &canon)?;
    Some(Unchecked {
        kept: KeptText::new(file, dir.file, dir.base, dir.slots),
        bytes: dir.bytes,
        files: dir.files,
    })
}

impl Unchecked {
    /// The texts, to scan before they are checked; what a scan finds is used only after
    /// [`Unchecked::check`] agrees.
    pub fn texts(&self) -> &KeptText {
        &self.kept
    }

    /// The texts, when they were made for exactly `catalog`'s entries in its order, each file
    /// with the stamp the catalog has just seen (and one old enough to trust): what
    /// [`open_kept`] would keep without writing anything.
    pub fn check(self, catalog: &Catalog) -> Option<KeptText> {
        if catalog.stamps.len() != catalog.entries.len() {
            return None;
        }
        let files = catalog.entries.iter().zip(&catalog.stamps);
        self.check_files(files.map(|(e, &s)| (e.path.as_os_str().as_encoded_bytes(), s)))
    }

    /// [`Unchecked::check`] for a catalog read in place.
    pub fn check_in_place(self, catalog: &CatalogView) -> Option<KeptText> {
        self.check_files(catalog.files())
    }

    /// The texts, when they were made for exactly these files in this order, each with the
    /// stamp given (and one old enough to trust).
    fn check_files<'a>(
        self,
        files: impl ExactSizeIterator<Item = (&'a [u8], Stamp)>,
    ) -> Option<KeptText> {
        let clock = now_ns();
        let agrees = self.files.len() == files.len()
            && self
                .files
                .iter()
                .zip(files)
                .all(|((path, stamp), (now_path, now))| {
                    self.bytes.get(path.clone()) == Some(now_path)
                        && *stamp == now
                        && now != Stamp::default()
                        && !is_racy_at(now, clock)
                });
        agrees.then_some(self.kept)
    }
}

/// The folded bodies of `catalog`'s entries, in their order, from the file kept beside the
/// catalog (see [`open_kept`]), all read into memory. `None` as for [`open_kept`].
pub fn open_folded(
    root: &Path,
    cache: Option<&Path>,
    catalog: &Catalog,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> Option<Vec<FoldedBody>> {
    open_kept(root, cache, catalog, progress)?.every_text()
}

/// A checksum of eight bytes at a time in four lanes: the folded bodies are tens of
/// megabytes, where FNV's byte at a time would cost more than reading them.
fn wide_sum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut lanes = [1u64, 2, 3, 4];
    let mut chunks = bytes.chunks_exact(32);
    for c in &mut chunks {
        for (l, w) in lanes.iter_mut().zip(c.chunks_exact(8)) {
            let w = u64::from_le_bytes(w.try_into().unwrap_or_default());
            *l = (*l ^ w).wrapping_mul(K).rotate_left(29);
        }
    }
    let tail = fnv(chunks.remainder());
    lanes.iter().fold(tail ^ bytes.len() as u64, |h, &l| {
        (h ^ l).wrapping_mul(K).rotate_left(31)
    })
}

/// The folders of a library as last listed, each with its stamp, and when the listing began.
#[derive(Debug, Default)]
struct Folders {
    walked_at: i64,
    list: Vec<(PathBuf, Stamp)>,
}

fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(i64::MAX, |d| d.as_nanos() as i64)
}

/// Whether the files of the last listing are still the library's: every folder it listed
/// still has the stamp it had, and had it well before the listing began (a change while or
/// just before it was made could be missing from it); if not, the folders must be listed
/// again.
fn unchanged_listing(folders: &Folders) -> bool {
    settled(folders)
        && folders
            .list
            .iter()
            .all(|(path, was)| stamp(path) == Some(*was))
}

/// Whether a listing can be reused: it has folders, and each had its stamp well before the
/// listing began.
fn settled(folders: &Folders) -> bool {
    let before = folders.walked_at.saturating_sub(2_000_000_000);
    !folders.list.is_empty()
        && folders.list.iter().all(|(_, was)| {
            was.mtime_ns < before && was.ctime_ns < before && *was != Stamp::default()
        })
}

/// Whether a file changed so recently that another change within the same clock tick could
/// leave its stamp unchanged: such a file is read again rather than trusted.
/// `now` is the time in nanoseconds since the epoch, read once for many files.
fn is_racy_at(s: Stamp, now: i64) -> bool {
    now.saturating_sub(s.mtime_ns) < 2_000_000_000
}

/// FNV-1a, 64 bits: a checksum against a file cut short or damaged, not against tampering.
fn fnv(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Writes `records` to `file` through a temporary file and a rename, under a lock; when
/// another process holds the lock it is writing the same thing, and this one does not.
fn write_catalog(
    file: &Path,
    root: &Path,
    records: &[Record],
    folders: &Folders,
    order: &Order,
) -> std::io::Result<()> {
    let mut out = Writer(Vec::with_capacity(records.len() * 400));
    out.0.extend_from_slice(MAGIC);
    out.u32(FORMAT);
    out.str(env!("CARGO_PKG_VERSION"));
    out.str(&root.to_string_lossy());
    out.u64(records.len() as u64);
    // Where the second half of the records starts, from the first record: a reader parses
    // the two halves on two threads.
    let half_at = out.0.len();
    out.u64(0);
    let first = out.0.len();
    for (k, r) in records.iter().enumerate() {
        if k == records.len() / 2 {
            let at = (out.0.len() - first) as u64;
            out.0[half_at..half_at + 8].copy_from_slice(&at.to_le_bytes());
        }
        out.str(&r.path.to_string_lossy());
        out.stamp(r.stamp);
        match &r.loaded {
            Ok(e) => {
                out.0.push(0);
                out.entry(e);
            }
            Err((line, reason)) => {
                out.0.push(1);
                out.u64(*line as u64);
                out.str(reason);
            }
        }
    }
    out.u64(folders.walked_at as u64);
    out.u64(folders.list.len() as u64);
    for (path, s) in &folders.list {
        out.str(&path.to_string_lossy());
        out.stamp(*s);
    }
    for places in [&order.shown, &order.doubles] {
        out.u64(places.len() as u64);
        for &k in places {
            out.u32(k as u32);
        }
    }
    let sum = wide_sum(&out.0);
    out.u64(sum);
    write_atomically(file, &out.0)
}

/// Writes `bytes` to `file` through a temporary file and a rename, under a lock beside it.
fn write_atomically(file: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    write_atomically_with(file, |out| out.write_all(bytes)).map(drop)
}

/// Writes `file` by `write` through a temporary file and a rename, under a lock beside it;
/// returns the file written, open for reading. When another process holds the lock it is
/// writing the same thing, and this one does not.
fn write_atomically_with(
    file: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<&std::fs::File>) -> std::io::Result<()>,
) -> std::io::Result<std::fs::File> {
    use std::io::Write;
    let dir = file.parent().unwrap_or(Path::new("."));
    // The cache folder and the cache home above it are made (private, as the XDG spec asks:
    // a fresh account has no `~/.cache`), never a missing tree above that: a cache home whose
    // own parent is missing (`HOME=/nonexistent`) means no catalog, not new folders in odd
    // places.
    if let Some(home) = dir.parent()
        && !home.is_dir()
    {
        if !home.parent().is_some_and(Path::is_dir) {
            return Err(std::io::Error::other("the cache home does not exist"));
        }
        make_private_dir(home)?;
    }
    if !dir.is_dir() {
        make_private_dir(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    // A named pipe in the lock's place would block the open for ever.
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let lock = options.open(file.with_extension("lock"))?;
    if !lock.metadata()?.is_file() {
        return Err(std::io::Error::other("the catalog's lock is not a file"));
    }
    if !try_lock(&lock) {
        return Err(std::io::Error::other(
            "another process is writing the catalog",
        ));
    }
    remove_ended_writes(file);
    let tmp = file.with_extension(format!("tmp{}", std::process::id()));
    let written = (|| {
        let f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, &f);
            write(&mut out)?;
            out.flush()?;
        }
        f.sync_all()?;
        std::fs::rename(&tmp, file)?;
        Ok(f)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    written
}

/// Removes the temporary files of writes of `file` (and of the file beside it that shares its
/// lock) that never finished: a process killed while it wrote one leaves `NAME.tmpPID`. Only
/// the holder of the lock writes, so under the lock every such file is of a write that ended.
fn remove_ended_writes(file: &Path) {
    let (Some(dir), Some(stem)) = (file.parent(), file.file_stem()) else {
        return;
    };
    let prefix = format!("{}.tmp", stem.to_string_lossy());
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let ended = name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()));
        if ended {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Makes folder `dir` (its parent exists), readable by its owner only.
fn make_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    match builder.create(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && dir.is_dir() => Ok(()),
        other => other,
    }
}

#[cfg(unix)]
fn try_lock(f: &std::fs::File) -> bool {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a descriptor this function's caller keeps open; released on close.
    unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

#[cfg(not(unix))]
fn try_lock(_: &std::fs::File) -> bool {
    true
}

/// The cache file at `file` opened to be read, when it is a regular file: a named pipe put in
/// its place would block the open (and a read) for ever, and a device would never end.
fn open_cache_file(file: &Path) -> Option<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let f = options.open(file).ok()?;
    f.metadata().ok()?.is_file().then_some(f)
}

/// A catalog as read from its file.
struct Read {
    records: Vec<Record>,
    folders: Folders,
    order: Order,
}

/// A cache file's bytes: mapped into memory where it can be, else read. Nothing is copied and
/// no memory of the process's own is touched for a mapped file, whose pages the system
/// already holds.
#[derive(Debug)]
enum FileBytes {
    Mapped(memmap2::Mmap),
    Read(Vec<u8>),
}

impl FileBytes {
    fn of(file: &std::fs::File) -> std::io::Result<FileBytes> {
        // SAFETY: the cache's files are never written in place: every write makes a new file
        // and renames it over the old one, so the bytes mapped stay those of the file opened.
        // What is read from them is checked against their checksums all the same.
        match unsafe { memmap2::Mmap::map(file) } {
            Ok(map) => Ok(FileBytes::Mapped(map)),
            Err(_) => {
                use std::io::Read;
                let mut bytes = Vec::new();
                let mut file = file;
                file.read_to_end(&mut bytes)?;
                Ok(FileBytes::Read(bytes))
            }
        }
    }
}

impl std::ops::Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Mapped(map) => map,
            FileBytes::Read(bytes) => bytes,
        }
    }
}

/// A catalog file read whole, its checksum, format, program version and library checked:
/// its bytes (without the checksum), where its records start, how many there are and where
/// the second half of them starts (from the first).
struct CatalogBytes {
    file: FileBytes,
    /// How many of its bytes are the catalog's: all but the checksum.
    len: usize,
    records_at: usize,
    n: usize,
    half_at: usize,
}

fn catalog_bytes(file: &Path, root: &Path) -> Option<CatalogBytes> {
    let file = FileBytes::of(&open_cache_file(file)?).ok()?;
    let len = file.len().checked_sub(8)?;
    let (bytes, sum) = file.split_at_checked(len)?;
    if wide_sum(bytes) != u64::from_le_bytes(sum.try_into().ok()?) {
        return None;
    }
    let mut r = Reader(bytes);
    if r.take(8)? != MAGIC || r.u32()? != FORMAT || r.str()? != env!("CARGO_PKG_VERSION") {
        return None;
    }
    if r.str()? != root.to_string_lossy() {
        return None;
    }
    let n = usize::try_from(r.u64()?).ok()?;
    let half_at = usize::try_from(r.u64()?).ok()?;
    let records_at = len - r.0.len();
    Some(CatalogBytes {
        file,
        len,
        records_at,
        n,
        half_at,
    })
}

impl CatalogBytes {
    /// The catalog's bytes, without the checksum.
    fn bytes(&self) -> &[u8] {
        self.file.get(..self.len).unwrap_or_default()
    }

    /// Each half of the records, parsed by `half(bytes, count)` on a thread of its own: the
    /// first half must end just where the second begins. With what follows the records.
    fn halves<'a, T: Send>(
        &'a self,
        half: impl Fn(&mut Reader<'a>, usize) -> Option<T> + Sync,
    ) -> Option<(T, T, Reader<'a>)> {
        let (first, second) = self
            .bytes()
            .get(self.records_at..)?
            .split_at_checked(self.half_at)?;
        let n = self.n;
        let (a, b) = std::thread::scope(|scope| {
            let later = scope.spawn(|| {
                let mut r = Reader(second);
                let parsed = half(&mut r, n - n / 2);
                parsed.map(|p| (p, r.0))
            });
            let mut r = Reader(first);
            let parsed = half(&mut r, n / 2).filter(|_| r.0.is_empty());
            // A thread that cannot be joined is a catalog not read.
            (parsed, later.join().ok().flatten())
        });
        let (b, rest) = b?;
        Some((a?, b, Reader(rest)))
    }
}

/// What follows a catalog's records: the folders listed and the order the `n` records are
/// shown in; `None` unless it is all there is.
fn read_tail(mut r: Reader, n: usize) -> Option<(Folders, Order)> {
    let walked_at = r.u64()? as i64;
    let list = (0..r.u64()?)
        .map(|_| Some((PathBuf::from(r.str()?), r.stamp()?)))
        .collect::<Option<Vec<_>>>()?;
    let mut places = || {
        let m = usize::try_from(r.u64()?).ok()?;
        if m > n {
            return None;
        }
        (0..m)
            .map(|_| r.u32().map(|k| k as usize))
            .collect::<Option<Vec<_>>>()
    };
    let order = Order {
        shown: places()?,
        doubles: places()?,
    };
    r.0.is_empty()
        .then_some((Folders { walked_at, list }, order))
}

/// The records of the catalog at `file`, the folders listed and the order the briefings are
/// shown in, or `None` when there is any doubt about it.
fn read_catalog(file: &Path, root: &Path) -> Option<Read> {
    let bytes = catalog_bytes(file, root)?;
    let (mut records, more, rest) = bytes.halves(|r, n| r.records(n))?;
    records.extend(more);
    let (folders, order) = read_tail(rest, records.len())?;
    Some(Read {
        records,
        folders,
        order,
    })
}

struct Writer(Vec<u8>);

impl Writer {
    fn stamp(&mut self, s: Stamp) {
        self.u64(s.size);
        self.u64(s.mtime_ns as u64);
        self.u64(s.ctime_ns as u64);
        self.u64(s.inode);
    }
    fn u32(&mut self, v: u32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    fn str(&mut self, s: &str) {
        self.u32(s.len() as u32);
        self.0.extend_from_slice(s.as_bytes());
    }
    fn opt(&mut self, s: &Option<String>) {
        match s {
            Some(s) => {
                self.0.push(1);
                self.str(s);
            }
            None => self.0.push(0),
        }
    }
    fn regions(&mut self, rs: &[RegionRef]) {
        self.u32(rs.len() as u32);
        for r in rs {
            self.str(&r.province);
            self.opt(&r.city);
        }
    }
    fn entry(&mut self, e: &Entry) {
        use chrono::Datelike;
        self.str(&e.id);
        self.str(&e.path.to_string_lossy());
        self.u64(e.figures as u64);
        let m = &e.meta;
        self.str(&m.title);
        self.u32(m.date.num_days_from_ce() as u32);
        self.0.push(match m.date_precision {
            DatePrecision::Day => 0,
            DatePrecision::Month => 1,
            DatePrecision::Year => 2,
            DatePrecision::Unknown => 3,
        });
        self.opt(&m.source);
        self.opt(&m.url);
        self.regions(&m.regions);
        self.u32(m.tags.len() as u32);
        for t in &m.tags {
            self.str(t);
        }
        self.u32(m.sections.len() as u32);
        for s in &m.sections {
            self.str(&s.heading);
            self.regions(&s.regions);
        }
    }
}

struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    /// `n` records, one after another.
    fn records(&mut self, n: usize) -> Option<Vec<Record>> {
        in_place::walk_with(self, n, |r| Record {
            path: PathBuf::from(r.path),
            stamp: r.stamp,
            loaded: match r.entry {
                Ok((e, _)) => Ok(e.to_entry()),
                Err((line, reason)) => Err((line, reason.to_string())),
            },
        })
    }

    fn stamp(&mut self) -> Option<Stamp> {
        Some(Stamp {
            size: self.u64()?,
            mtime_ns: self.u64()? as i64,
            ctime_ns: self.u64()? as i64,
            inode: self.u64()?,
        })
    }
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let (head, rest) = self.0.split_at_checked(n)?;
        self.0 = rest;
        Some(head)
    }
    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
    fn str(&mut self) -> Option<&'a str> {
        let n = self.u32()? as usize;
        std::str::from_utf8(self.take(n)?).ok()
    }
    fn opt(&mut self) -> Option<Option<&'a str>> {
        match self.take(1)?[0] {
            0 => Some(None),
            1 => Some(Some(self.str()?)),
            _ => None,
        }
    }
    fn count(&mut self) -> Option<usize> {
        let n = self.u32()? as usize;
        // Each item takes at least four bytes: a larger count is damage, not a big list.
        (n <= self.0.len() / 4).then_some(n)
    }
    /// A list of `each` as written: its items checked by walking them, then given as they are.
    fn list(&mut self, each: impl Fn(&mut Self) -> Option<()>) -> Option<List<'a>> {
        let n = self.count()?;
        let from = self.0;
        for _ in 0..n {
            each(self)?;
        }
        Some(List {
            n,
            bytes: &from[..from.len() - self.0.len()],
        })
    }
    fn region(&mut self) -> Option<RegionView<'a>> {
        Some((self.str()?, self.opt()?))
    }
    fn regions(&mut self) -> Option<List<'a>> {
        self.list(|r| r.region().map(drop))
    }
    fn section(&mut self) -> Option<(&'a str, List<'a>)> {
        Some((self.str()?, self.regions()?))
    }
    /// An entry as it is written, every part of it checked, nothing copied.
    fn entry_view(&mut self) -> Option<EntryView<'a>> {
        Some(EntryView {
            id: self.str()?,
            path: self.str()?,
            figures: self.u64()? as usize,
            title: self.str()?,
            date: NaiveDate::from_num_days_from_ce_opt(self.u32()? as i32)?,
            date_precision: match self.take(1)?[0] {
                0 => DatePrecision::Day,
                1 => DatePrecision::Month,
                2 => DatePrecision::Year,
                3 => DatePrecision::Unknown,
                _ => return None,
            },
            source: self.opt()?,
            url: self.opt()?,
            regions: self.regions()?,
            tags: self.list(|r| r.str().map(drop))?,
            sections: self.list(|r| r.section().map(drop))?,
        })
    }
}

/// Items of one kind as a catalog writes them, one after another: how many, and their bytes.
#[derive(Debug, Clone, Copy)]
struct List<'a> {
    n: usize,
    bytes: &'a [u8],
}

impl<'a> List<'a> {
    /// The items, each read by `each`; they were checked when the list was read.
    fn items<T>(self, each: impl Fn(&mut Reader<'a>) -> Option<T>) -> impl Iterator<Item = T> {
        let mut r = Reader(self.bytes);
        (0..self.n).map_while(move |_| each(&mut r))
    }
}

/// A region as the catalog holds it: the province's official name and the city's.
pub type RegionView<'a> = (&'a str, Option<&'a str>);

/// A catalog entry as it is written, read in place: what a search needs of a hundred thousand
/// briefings without a value made for each (see [`open_catalog_in_place`]).
#[derive(Debug, Clone, Copy)]
pub struct EntryView<'a> {
    /// The file stem.
    pub id: &'a str,
    /// The file it describes.
    pub path: &'a str,
    figures: usize,
    /// The title.
    pub title: &'a str,
    date: NaiveDate,
    date_precision: DatePrecision,
    /// The source.
    pub source: Option<&'a str>,
    url: Option<&'a str>,
    regions: List<'a>,
    tags: List<'a>,
    sections: List<'a>,
}

impl<'a> EntryView<'a> {
    /// The regions the briefing is about.
    pub fn regions(&self) -> impl Iterator<Item = RegionView<'a>> {
        self.regions.items(Reader::region)
    }

    /// Its tags.
    pub fn tags(&self) -> impl Iterator<Item = &'a str> {
        self.tags.items(Reader::str)
    }

    /// Its sections: each heading with the regions it is about.
    pub fn sections(
        &self,
    ) -> impl Iterator<Item = (&'a str, impl Iterator<Item = RegionView<'a>>)> {
        self.sections
            .items(Reader::section)
            .map(|(heading, regions)| (heading, regions.items(Reader::region)))
    }

    /// The entry as a value of its own.
    pub fn to_entry(&self) -> Entry {
        let region = |(province, city): RegionView| RegionRef {
            province: province.to_string(),
            city: city.map(str::to_string),
        };
        Entry {
            id: self.id.to_string(),
            path: PathBuf::from(self.path),
            meta: Meta {
                title: self.title.to_string(),
                date: self.date,
                date_precision: self.date_precision,
                source: self.source.map(str::to_string),
                url: self.url.map(str::to_string),
                regions: self.regions().map(region).collect(),
                tags: self.tags().map(str::to_string).collect(),
                sections: self
                    .sections()
                    .map(|(heading, regions)| Section {
                        heading: heading.to_string(),
                        regions: regions.map(region).collect(),
                    })
                    .collect(),
            },
            figures: self.figures,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::briefing::load_library;

    fn briefing(title: &str, date: &str, body: &str) -> String {
        format!(
            "+++\ntitle = \"{title}\"\ndate = {date}\nsource = \"新华网\"\nregions = [{{ province = \"广西壮族自治区\", city = \"柳州市\" }}]\ntags = [\"汽车\"]\n+++\n\n{body}\n"
        )
    }

    /// What `load_library` gives, as catalog entries: the truth a catalog must agree with.
    fn truth(root: &Path) -> Vec<Entry> {
        load_library(root)
            .unwrap()
            .briefings
            .into_iter()
            .map(|b| Entry {
                figures: crate::figures::find_figures(&b.body).len(),
                id: b.id,
                path: b.path,
                meta: b.meta,
            })
            .collect()
    }

    fn library() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (i, day) in ["2024-01-02", "2024-03-04", "2023-05-06"]
            .iter()
            .enumerate()
        {
            std::fs::write(
                dir.path().join(format!("{day}-b{i}.md")),
                briefing(
                    &format!("第{i}篇"),
                    day,
                    "2024年产量77.6万辆,同比增长15.1%。",
                ),
            )
            .unwrap();
        }
        std::fs::write(dir.path().join("bad.md"), "+++\ntitle = 1\n+++\n").unwrap();
        dir
    }

    /// Sets a file's modification time two minutes back, so the catalog may trust its stamp.
    fn age(path: &Path) {
        let t = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
        std::fs::File::options()
            .write(true)
            .open(path)
            .unwrap()
            .set_modified(t)
            .unwrap();
    }

    fn age_all(dir: &Path) {
        for e in std::fs::read_dir(dir).unwrap() {
            age(&e.unwrap().path());
        }
    }

    #[test]
    fn an_interrupted_first_build_keeps_what_it_read_for_the_next() {
        let lib = tempfile::tempdir().unwrap();
        let n = 2600;
        for i in 0..n {
            std::fs::write(
                lib.path().join(format!("2024-01-01-n{i:04}.md")),
                briefing(&format!("第{i}篇"), "2024-01-01", "产量77.6万辆。"),
            )
            .unwrap();
        }
        age_all(lib.path());
        let cache = tempfile::tempdir().unwrap();
        // Stopped as the first thousand files are counted (deterministic: the count is made
        // as the files are read).
        let stop = std::sync::atomic::AtomicBool::new(false);
        let when_counted =
            |_: usize, _: usize| stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let e = open_catalog_until(lib.path(), Some(cache.path()), false, &when_counted, &stop)
            .unwrap_err();
        assert_eq!(e.kind(), std::io::ErrorKind::Interrupted);
        let (c, r) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert!(r.kept >= 1000 && r.kept < n, "{r:?}");
        assert_eq!(r.read + r.kept, n);
        assert_eq!(c.entries, truth(lib.path()));
        // And it is whole now: nothing is read again.
        let (_, r) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert_eq!((r.read, r.kept), (0, n));
    }

    #[test]
    fn a_second_open_reads_nothing_and_agrees_with_the_files() {
        let lib = library();
        age_all(lib.path());
        let cache = tempfile::tempdir().unwrap();
        let (first, r1) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert!(r1.written && !r1.was_usable && r1.read == 4, "{r1:?}");
        let (second, r2) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert!(
            r2.was_usable && r2.read == 0 && r2.kept == 4 && !r2.written,
            "{r2:?}"
        );
        assert_eq!(first.entries, truth(lib.path()));
        assert_eq!(second.entries, truth(lib.path()));
        assert_eq!(second.entries[0].figures, 2);
        assert_eq!(second.errors.len(), 1, "the bad file is still reported");
        assert_eq!(first.errors, second.errors);
    }

    #[test]
    fn edited_added_and_deleted_briefings_are_seen() {
        let lib = library();
        age_all(lib.path());
        let cache = tempfile::tempdir().unwrap();
        open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        // Same size, new title: only the stamp tells.
        std::fs::write(
            lib.path().join("2024-01-02-b0.md"),
            briefing("改0篇", "2024-01-02", "2024年产量77.6万辆,同比增长15.1%。"),
        )
        .unwrap();
        std::fs::write(
            lib.path().join("2025-01-01-new.md"),
            briefing("新", "2025-01-01", "无数字。"),
        )
        .unwrap();
        std::fs::remove_file(lib.path().join("2023-05-06-b2.md")).unwrap();
        let (c, r) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert_eq!(r.vanished, 1, "{r:?}");
        assert_eq!(c.entries, truth(lib.path()));
        let titles: Vec<&str> = c.entries.iter().map(|e| e.meta.title.as_str()).collect();
        assert_eq!(titles, ["新", "第1篇", "改0篇"]);
    }

    #[test]
    fn a_killed_write_or_a_damaged_catalog_means_a_rebuild() {
        let lib = library();
        age_all(lib.path());
        let cache = tempfile::tempdir().unwrap();
        open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        let file = catalog_path(cache.path(), lib.path());
        let whole = std::fs::read(&file).unwrap();
        // A write killed before its rename leaves a temporary file beside the good one.
        std::fs::write(file.with_extension("tmp999999"), &whole[..whole.len() / 2]).unwrap();
        let (c, r) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert!(r.was_usable && r.read == 0);
        assert_eq!(c.entries, truth(lib.path()));
        let damaged: Vec<Vec<u8>> = vec![
            whole[..whole.len() / 2].to_vec(),
            Vec::new(),
            {
                let mut b = whole.clone();
                let mid = b.len() / 2;
                b[mid] ^= 0x20;
                b
            },
            {
                let mut b = whole.clone();
                b[8] = 99; // a foreign format
                b
            },
        ];
        for bytes in damaged {
            std::fs::write(&file, &bytes).unwrap();
            let (c, r) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
            assert!(!r.was_usable && r.read == 4 && r.written, "{r:?}");
            assert_eq!(c.entries, truth(lib.path()));
        }
    }

    #[test]
    fn no_cache_or_an_unwritable_one_gives_the_same_answers() {
        let lib = library();
        let (c, r) = open_catalog(lib.path(), None, false).unwrap();
        assert!(!r.written && r.file.is_none());
        assert_eq!(c.entries, truth(lib.path()));
        let cache = tempfile::tempdir().unwrap();
        let blocked = cache.path().join("file-not-folder");
        std::fs::write(&blocked, "").unwrap();
        let (c, r) = open_catalog(lib.path(), Some(&blocked), false).unwrap();
        assert!(!r.written);
        assert_eq!(c.entries, truth(lib.path()));
    }

    #[test]
    fn a_folder_listed_long_ago_is_listed_again_once_it_changes() {
        let lib = library();
        age_all(lib.path());
        std::fs::create_dir(lib.path().join("sub")).unwrap();
        std::fs::write(
            lib.path().join("sub/2022-01-01-s.md"),
            briefing("子", "2022-01-01", "无。"),
        )
        .unwrap();
        age(&lib.path().join("sub/2022-01-01-s.md"));
        // A folder's change time cannot be set back: wait until the folders have settled.
        std::thread::sleep(std::time::Duration::from_millis(2100));
        let cache = tempfile::tempdir().unwrap();
        let (_, r) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert!(r.listed && r.written, "{r:?}");
        let (c, r) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert!(!r.listed && r.read == 0 && !r.written, "{r:?}");
        assert_eq!(c.entries, truth(lib.path()));
        // A file added in the subfolder changes only that folder.
        std::fs::write(
            lib.path().join("sub/2025-01-01-t.md"),
            briefing("新", "2025-01-01", "无。"),
        )
        .unwrap();
        let (c, r) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert!(r.listed && r.read == 1, "{r:?}");
        assert_eq!(c.entries, truth(lib.path()));
        assert_eq!(c.entries[0].meta.title, "新");
        // One deleted at the top: listed again there.
        std::fs::remove_file(lib.path().join("2023-05-06-b2.md")).unwrap();
        let (c, r) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert!(r.listed && r.vanished == 1, "{r:?}");
        assert_eq!(c.entries, truth(lib.path()));
    }

    /// A listing made just after a folder changed cannot be reused; it was written with the
    /// catalog all the same, and when every later open listed the same folders again (nothing
    /// changed) the new listing, now settled, was never written: the folders were listed on
    /// every open for ever, and a search never read the catalog in place.
    #[test]
    fn a_listing_made_too_soon_after_a_change_is_written_again_once_settled() {
        let lib = library();
        age_all(lib.path());
        let cache = tempfile::tempdir().unwrap();
        // Made within two seconds of the folder's change: not to be reused.
        let (_, r) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert!(r.listed && r.written, "{r:?}");
        std::thread::sleep(std::time::Duration::from_millis(2100));
        let (_, r) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert!(
            r.listed && r.written,
            "the settled listing is written: {r:?}"
        );
        let (c, r) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert!(!r.listed && r.read == 0 && !r.written, "{r:?}");
        assert_eq!(c.entries, truth(lib.path()));
        assert!(open_catalog_in_place(lib.path(), cache.path(), |_| ()).is_some());
    }

    #[test]
    fn the_catalog_read_in_place_holds_only_while_nothing_changed() {
        let lib = library();
        age_all(lib.path());
        // A second file with the id of one shown: an error, as a double.
        std::fs::create_dir(lib.path().join("sub")).unwrap();
        std::fs::write(
            lib.path().join("sub/2024-01-02-b0.md"),
            briefing("重名", "2020-01-01", "无。"),
        )
        .unwrap();
        age(&lib.path().join("sub/2024-01-02-b0.md"));
        // A folder's change time cannot be set back: wait until the folders have settled.
        std::thread::sleep(std::time::Duration::from_millis(2100));
        let cache = tempfile::tempdir().unwrap();
        let ids = |entries: &[&EntryView]| entries.iter().map(|e| e.id.to_string()).collect();
        let in_place = || open_catalog_in_place::<Vec<String>>(lib.path(), cache.path(), ids);
        // Nothing to read in place before a catalog is written.
        assert!(in_place().is_none());
        let (c, _) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert_eq!(c.errors.len(), 2, "{:?}", c.errors);
        // As written: the same entries, in the same order, with the same errors.
        let (view, guessed) = in_place().unwrap();
        let entries: Vec<Entry> = view.entries().iter().map(EntryView::to_entry).collect();
        assert_eq!(entries, c.entries);
        assert_eq!(view.errors(), c.errors);
        assert_eq!(
            guessed,
            c.entries.iter().map(|e| e.id.clone()).collect::<Vec<_>>()
        );
        assert_eq!(view.entry(c.entries.len()).map(|e| e.id), None);
        // An edited briefing: not as written any more, until the catalog is brought up to date.
        let edited = lib.path().join("2023-05-06-b2.md");
        std::fs::write(&edited, briefing("改过", "2025-05-06", "无。")).unwrap();
        age(&edited);
        assert!(in_place().is_none());
        let (c, r) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert_eq!(r.read, 1, "{r:?}");
        let (view, _) = in_place().unwrap();
        assert_eq!(view.entry(0).unwrap().title, "改过");
        assert_eq!(view.entries().len(), c.entries.len());
        // A file written just now is not trusted even once the catalog has read it: another
        // write within the same tick of the clock could leave its stamp as it is.
        std::fs::write(&edited, briefing("又改", "2025-05-06", "无。")).unwrap();
        open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert!(in_place().is_none());
        age(&edited);
        open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert_eq!(in_place().unwrap().0.entry(0).unwrap().title, "又改");
        // A damaged catalog is never read in place; the next open writes it afresh.
        let file = catalog_path(cache.path(), lib.path());
        let whole = std::fs::read(&file).unwrap();
        for damage in [0, whole.len() / 2, whole.len() - 1] {
            let mut bytes = whole.clone();
            bytes[damage] ^= 0x20;
            std::fs::write(&file, &bytes).unwrap();
            assert!(in_place().is_none(), "a byte changed at {damage}");
        }
        std::fs::write(&file, &whole[..whole.len() / 2]).unwrap();
        assert!(in_place().is_none());
        open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert!(in_place().is_some());
        // A file added: the folder has changed, and must be listed again.
        let added = lib.path().join("2026-01-01-new.md");
        std::fs::write(&added, briefing("新", "2026-01-01", "无。")).unwrap();
        age(&added);
        assert!(in_place().is_none());
    }

    proptest::proptest! {
        #![proptest_config(proptest::test_runner::Config::with_cases(64))]
        /// A catalog whose bytes are damaged under a checksum made to fit (as a bug in a
        /// writer would leave it) is read, in place or whole, without a panic: either refused,
        /// or read as records that parse.
        #[test]
        fn a_catalog_damaged_under_a_good_checksum_never_panics(
            damage in proptest::collection::vec((0.0f64..1.0, proptest::num::u8::ANY), 1..6),
        ) {
            thread_local! {
                static SET_UP: (tempfile::TempDir, tempfile::TempDir, Vec<u8>) = {
                    let lib = library();
                    age_all(lib.path());
                    let cache = tempfile::tempdir().unwrap();
                    open_catalog(lib.path(), Some(cache.path()), false).unwrap();
                    let whole = std::fs::read(catalog_path(cache.path(), lib.path())).unwrap();
                    (lib, cache, whole)
                };
            }
            SET_UP.with(|(lib, cache, whole)| {
                let mut bytes = whole.clone();
                let body = bytes.len() - 8;
                for &(at, b) in &damage {
                    bytes[((at * body as f64) as usize).min(body - 1)] = b;
                }
                let sum = wide_sum(&bytes[..body]);
                bytes[body..].copy_from_slice(&sum.to_le_bytes());
                let file = catalog_path(cache.path(), lib.path());
                std::fs::write(&file, &bytes).unwrap();
                if let Some((view, n)) = open_catalog_in_place(lib.path(), cache.path(), |e| e.len()) {
                    proptest::prop_assert_eq!(view.entries().len(), n);
                }
                let _ = read_catalog_unchecked(lib.path(), cache.path());
                Ok(())
            })?;
        }
    }

    #[test]
    fn a_file_changed_just_now_is_read_again() {
        let lib = library();
        let cache = tempfile::tempdir().unwrap();
        open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        let (_, r) = open_catalog(lib.path(), Some(cache.path()), false).unwrap();
        assert_eq!(
            r.read, 4,
            "files written within two seconds are not trusted"
        );
    }
}
