//! The catalog read in place and checked against the files, for a command that needs little of
//! each briefing: a search matches every title, region, source and tag, but shows a few
//! briefings. Nothing is made of an entry but a view of its bytes (see [`EntryView`]), so a
//! hundred thousand briefings cost one read of the file and a look at each file's stamp.

use super::{
    CatalogBytes, EntryView, LoadError, Reader, Stamp, catalog_bytes, catalog_path, double_id,
    is_racy_at, now_ns, read_tail, stamps_of, unchanged_listing,
};
use std::ops::Range;
use std::path::{Path, PathBuf};

/// A catalog record read in place: its file's path, the file's stamp, and its entry (or the
/// line and reason it failed on).
pub(super) struct RecordView<'a> {
    pub(super) path: &'a str,
    pub(super) stamp: Stamp,
    /// The entry, with the bytes it starts.
    pub(super) entry: Result<(EntryView<'a>, &'a [u8]), (usize, &'a str)>,
}

/// `n` records read in place, one after another.
fn walk<'a>(r: &mut Reader<'a>, n: usize) -> Option<Vec<RecordView<'a>>> {
    walk_with(r, n, |record| record)
}

/// `n` records, one after another, each read in place and given to `each`.
pub(super) fn walk_with<'a, T>(
    r: &mut Reader<'a>,
    n: usize,
    each: impl Fn(RecordView<'a>) -> T,
) -> Option<Vec<T>> {
    // Each record takes at least 40 bytes: a larger count is damage, not a big catalog.
    if n > r.0.len() / 40 {
        return None;
    }
    let mut records = Vec::with_capacity(n);
    for _ in 0..n {
        let path = r.str()?;
        let stamp = r.stamp()?;
        let entry = match r.take(1)?[0] {
            0 => {
                let from = r.0;
                Ok((r.entry_view()?, from))
            }
            1 => Err((r.u64()? as usize, r.str()?)),
            _ => return None,
        };
        records.push(each(RecordView { path, stamp, entry }));
    }
    Some(records)
}

/// The catalog of a library as it was written, found to hold for every file (see
/// [`open_catalog_in_place`]), read in place.
#[derive(Debug)]
pub struct CatalogView {
    bytes: super::FileBytes,
    /// Where each entry is in `bytes`, newest first (ties by id), with where its file's path
    /// is and the file's stamp.
    shown: Vec<(usize, Range<usize>, Stamp)>,
    errors: Vec<LoadError>,
}

impl CatalogView {
    /// How many briefings there are.
    pub fn len(&self) -> usize {
        self.shown.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.shown.is_empty()
    }

    /// Briefing `i`, newest first as [`super::Catalog::entries`] has them.
    pub fn entry(&self, i: usize) -> Option<EntryView<'_>> {
        let (at, ..) = *self.shown.get(i)?;
        Reader(self.bytes.get(at..)?).entry_view()
    }

    /// Every briefing, in order.
    pub fn entries(&self) -> Vec<EntryView<'_>> {
        (0..self.len()).filter_map(|i| self.entry(i)).collect()
    }

    /// Every file that could not be loaded, as [`super::Catalog::errors`] has them.
    pub fn errors(&self) -> &[LoadError] {
        &self.errors
    }

    /// Each briefing's file and the stamp it was checked with, in order.
    pub(super) fn files(&self) -> impl ExactSizeIterator<Item = (&[u8], Stamp)> {
        self.shown
            .iter()
            .map(|(_, path, s)| (self.bytes.get(path.clone()).unwrap_or_default(), *s))
    }
}

/// The catalog of `root` kept in `cache`, read in place, when it holds for every file just as
/// it was written: no folder changed since its listing, and every file has the stamp it had
/// (and had it long enough to be trusted). `guess` runs on another thread meanwhile, on the
/// entries, and its result comes with the catalog. `None` on any change or doubt: then
/// [`super::open_catalog`] brings the catalog up to date.
pub fn open_catalog_in_place<T: Send>(
    root: &Path,
    cache: &Path,
    guess: impl FnOnce(&[&EntryView]) -> T + Send,
) -> Option<(CatalogView, T)> {
    let canon = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let file = catalog_bytes(&catalog_path(cache, root), &canon)?;
    let (mut records, more, rest) = file.halves(walk)?;
    records.extend(more);
    let (folders, order) = read_tail(rest, records.len())?;
    if records.is_empty() || !unchanged_listing(&folders) {
        return None;
    }
    // Each record shown once, or a double, or a file that failed: else the order does not fit.
    let mut used = vec![false; records.len()];
    let mut take = |k: usize| -> Option<usize> {
        let was = std::mem::replace(used.get_mut(k)?, true);
        records.get(k).filter(|r| !was && r.entry.is_ok())?;
        Some(k)
    };
    let shown: Vec<usize> = order
        .shown
        .iter()
        .map(|&k| take(k))
        .collect::<Option<_>>()?;
    let doubles: Vec<usize> = order
        .doubles
        .iter()
        .map(|&k| take(k))
        .collect::<Option<_>>()?;
    let entry = |k: usize| records[k].entry.as_ref().ok().map(|(e, _)| e);
    let mut errors = Vec::new();
    for (r, _) in records.iter().zip(&used).filter(|(_, used)| !**used) {
        let &(line, reason) = r.entry.as_ref().err()?;
        errors.push(LoadError {
            path: PathBuf::from(r.path),
            line,
            reason: reason.to_string(),
        });
    }
    let entries: Vec<&EntryView> = shown.iter().map(|&k| entry(k)).collect::<Option<_>>()?;
    if !doubles.is_empty() {
        let first: std::collections::HashMap<&str, &str> =
            entries.iter().map(|e| (e.id, e.path)).collect();
        for k in doubles {
            let e = entry(k)?;
            let by = first.get(e.id)?;
            errors.push(double_id(PathBuf::from(e.path), e.id, Path::new(by)));
        }
    }
    // Every file's stamp now, while `guess` works on the entries.
    let paths: Vec<&Path> = records.iter().map(|r| Path::new(r.path)).collect();
    let (stamps, guessed) = std::thread::scope(|scope| {
        let guessed = scope.spawn(|| guess(&entries));
        let stamps = stamps_of(&paths);
        (stamps, guessed.join().ok())
    });
    let clock = now_ns();
    let holds = records.iter().zip(&stamps).all(|(r, now)| {
        *now == Some(r.stamp) && r.stamp != Stamp::default() && !is_racy_at(r.stamp, clock)
    });
    let guessed = guessed.filter(|_| holds)?;
    // Where each entry shown and its file's path are, to read them again from the bytes kept.
    let base = file.bytes().as_ptr() as usize;
    let at = |part: &[u8]| part.as_ptr() as usize - base;
    let shown: Vec<(usize, Range<usize>, Stamp)> = shown
        .iter()
        .filter_map(|&k| {
            let r = &records[k];
            let (_, from) = r.entry.as_ref().ok()?;
            let path = at(r.path.as_bytes())..at(r.path.as_bytes()) + r.path.len();
            Some((at(from), path, r.stamp))
        })
        .collect();
    drop((entries, paths));
    let CatalogBytes { file: bytes, .. } = file;
    Some((
        CatalogView {
            bytes,
            shown,
            errors,
        },
        guessed,
    ))
}
