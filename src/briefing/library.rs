//! Loading a library folder: every briefing that parses, and a report of every one that does not.

use super::{Briefing, parse_briefing};
use std::fmt;
use std::path::{Path, PathBuf};

/// A file of the library that could not be loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line the problem is on.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.path.display(), self.line, self.reason)
    }
}

/// The briefings of one folder, newest first, and the files that were skipped.
#[derive(Debug, Default)]
pub struct Library {
    /// The folder the library was read from.
    pub root: PathBuf,
    /// Every briefing that parsed, newest first (ties by id).
    pub briefings: Vec<Briefing>,
    /// Every `.md` file that did not parse.
    pub errors: Vec<LoadError>,
}

/// Why an id given on the command line does not name one briefing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    /// Nothing matches.
    #[error("no briefing has the id `{0}` (see `brief list`)")]
    NotFound(String),
    /// A prefix that matches several ids.
    #[error("`{given}` matches several briefings: {}", candidates.join(", "))]
    Ambiguous {
        /// What was given.
        given: String,
        /// The ids it matches.
        candidates: Vec<String>,
    },
}

/// Loads every `*.md` file under `root` (recursively, skipping hidden entries).
///
/// A missing or unreadable folder is an `io::Error`; a bad file is recorded in `errors`.
pub fn load_library(root: &Path) -> std::io::Result<Library> {
    load_library_with(root, &|_, _| {})
}

/// How many files are read between two calls of a progress callback.
const PROGRESS_EVERY: usize = 1000;

/// [`load_library`], calling `progress(done, total)` as files are read: every thousand files
/// and once at the end, from whichever thread reads them.
pub fn load_library_with(
    root: &Path,
    progress: &(dyn Fn(usize, usize) + Sync),
) -> std::io::Result<Library> {
    let mut files = Vec::new();
    collect_files(root, &mut files)?;
    files.sort();
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
    for p in parsed {
        match p {
            Ok(b) => lib.briefings.push(b),
            Err(e) => lib.errors.push(e),
        }
    }
    lib.briefings
        .sort_by(|a, b| b.meta.date.cmp(&a.meta.date).then_with(|| a.id.cmp(&b.id)));
    // Two files with one stem would make ids ambiguous: keep the first, report the rest.
    let mut seen: std::collections::HashMap<String, PathBuf> = std::collections::HashMap::new();
    let mut kept = Vec::with_capacity(lib.briefings.len());
    for b in std::mem::take(&mut lib.briefings) {
        if let Some(first) = seen.get(&b.id) {
            lib.errors.push(LoadError {
                path: b.path.clone(),
                line: 1,
                reason: format!("the id `{}` is already used by {}", b.id, first.display()),
            });
        } else {
            seen.insert(b.id.clone(), b.path.clone());
            kept.push(b);
        }
    }
    lib.briefings = kept;
    Ok(lib)
}

/// Reads and parses one briefing file.
fn load_file(path: &Path) -> Result<Briefing, LoadError> {
    let fail = |line, reason| LoadError {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| fail(1, format!("cannot read: {e}")))?;
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

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let kind = entry.file_type()?;
        if kind.is_dir() {
            collect_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}

impl Library {
    /// Finds one briefing by exact id, unique id prefix, or path of a file in the library.
    pub fn resolve(&self, given: &str) -> Result<&Briefing, ResolveError> {
        if let Some(b) = self.briefings.iter().find(|b| b.id == given) {
            return Ok(b);
        }
        let as_path = Path::new(given);
        if let (Ok(canon), Some(stem)) = (as_path.canonicalize(), as_path.file_stem()) {
            // Ids are file stems: only a briefing with this stem can be this file.
            let found = self
                .briefings
                .iter()
                .filter(|b| stem == b.id.as_str())
                .find(|b| b.path.canonicalize().is_ok_and(|p| p == canon));
            if let Some(b) = found {
                return Ok(b);
            }
        }
        let matches: Vec<&Briefing> = self
            .briefings
            .iter()
            .filter(|b| b.id.starts_with(given))
            .collect();
        match matches.as_slice() {
            [one] => Ok(one),
            [] => Err(ResolveError::NotFound(given.to_string())),
            many => Err(ResolveError::Ambiguous {
                given: given.to_string(),
                candidates: many.iter().map(|b| b.id.clone()).collect(),
            }),
        }
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

    #[test]
    fn missing_folder_is_an_io_error() {
        assert!(load_library(Path::new("/nonexistent/brief-library")).is_err());
    }
}
