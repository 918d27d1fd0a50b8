//! Search at scale, on synthetic libraries made by `brief synth` from the shipped briefings.
//!
//! Run with `cargo bench --bench search`. For each size (10,000 and 100,000 briefings; set
//! `BRIEF_BENCH_SIZES=10000` for fewer) it reports, each size in a fresh process:
//! - loading the library and building the search index (median of 3), against the target of
//!   0.5 s at 10,000;
//! - latency of every keystroke while typing `liuzhou`, `新能源汽车` and `shuzihua zhuanxing`
//!   one key at a time as the TUI does (p50 and p99 over 10 rounds, 3 at 100,000), against one
//!   frame (16 ms): the first page of hits the screen shows at once (`Searcher::top`, 60
//!   hits), and every hit, which the screen shows when it comes;
//! - resident memory of library plus index against the size of the files (target: under 2.5x);
//! - the library and index made as the reader makes them, from the catalog and the folded text
//!   kept in `target/bench-cache`, without reading a body (median of 3); the typing is timed on
//!   that index, the one the reader types into.
//!
//! The libraries are written once under `target/synth/N` and reused.

use brief::briefing::load_library;
use brief::search::{FIRST_PAGE, Index, Searcher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const QUERIES: [&str; 3] = ["liuzhou", "新能源汽车", "shuzihua zhuanxing"];
/// Rounds of typing: fewer for the largest libraries, where each key takes longer.
fn rounds(n: usize) -> usize {
    if n >= 50_000 { 3 } else { 10 }
}

fn library(n: usize) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target").join("synth").join(n.to_string());
    if !dir.join(".complete").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        let status = Command::new(env!("CARGO_BIN_EXE_brief"))
            .arg("--library")
            .arg(root.join("briefings"))
            .args(["synth", "--count", &n.to_string(), "--to"])
            .arg(&dir)
            .status()
            .expect("run brief synth");
        assert!(status.success(), "brief synth failed");
        std::fs::write(dir.join(".complete"), "").expect("mark the library complete");
    }
    dir
}

fn folder_bytes(dir: &Path) -> u64 {
    std::fs::read_dir(dir)
        .expect("read the library")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

/// Resident and peak resident memory of this process, in bytes.
fn memory() -> (u64, u64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find(|l| l.starts_with(name))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<u64>().ok())
            .map_or(0, |kb| kb * 1024)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The library and index as the reader makes them: from the catalog and the folded text kept
/// beside it in `target/bench-cache` (brought up to date first), bodies unread. Prints the
/// time (median of 3); their memory is the reader's own (freed memory reused here between
/// rounds would hide it).
fn kept_index(dir: &Path) -> Index {
    let cache = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-cache/brief");
    let _ = std::fs::create_dir_all(&cache);
    let open = || {
        let (lib, _) = brief::briefing::open_library_lazily(dir, Some(&cache), &|_, _| {})
            .expect("the catalog");
        let index = Index::build_kept(&lib);
        (lib, index)
    };
    // A first build (this bench is a build of its own, whose catalog the binary's is not).
    drop(open());
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..3 {
        drop(last.take());
        let t = Instant::now();
        let (lib, index) = open();
        times.push(t.elapsed());
        assert_eq!(lib.bodies_read(), 0, "the index read no body file");
        last = Some(index);
    }
    times.sort();
    println!(
        "  as the reader makes them, from the catalog and the kept folded text: {:.0} ms (median of 3)",
        ms(times[1])
    );
    last.expect("three runs")
}

/// Measures one size; runs in its own process so memory figures are its own.
fn measure(n: usize) {
    let dir = library(n);
    let bytes = folder_bytes(&dir);
    let (rss_before, _) = memory();
    let mut loads = Vec::new();
    let mut kept = None;
    // Memory is read in the first round, in a fresh process; later rounds reuse freed memory.
    let mut rss_library = 0;
    let mut rss = 0;
    for round in 0..3 {
        // The previous round's library goes first, so memory holds one at a time.
        drop(kept.take());
        let t = Instant::now();
        let lib = load_library(&dir).expect("load");
        let loaded = t.elapsed();
        if round == 0 {
            rss_library = memory().0;
        }
        let index = Index::build(&lib);
        let total = t.elapsed();
        if round == 0 {
            rss = memory().0;
        }
        loads.push((total, loaded));
        kept = Some((lib, index));
    }
    drop(kept.expect("three runs"));
    loads.sort();
    let (total, loaded) = loads[1];
    let (_, peak) = memory();
    println!(
        "{n} briefings, {:.1} MB of files: load {:.0} ms + index {:.0} ms = {:.0} ms (median of 3)",
        bytes as f64 / 1e6,
        ms(loaded),
        ms(total - loaded),
        ms(total)
    );
    println!(
        "  memory: library + index {:.1} MB resident ({:.2}x the files; library {:.1} MB, index {:.1} MB), peak {:.1} MB",
        (rss - rss_before) as f64 / 1e6,
        (rss - rss_before) as f64 / bytes as f64,
        rss_library.saturating_sub(rss_before) as f64 / 1e6,
        rss.saturating_sub(rss_library) as f64 / 1e6,
        peak as f64 / 1e6
    );
    // Typing is timed on the index the reader types into.
    let index = kept_index(&dir);
    let mut all = Vec::new();
    let mut all_pages = Vec::new();
    for q in QUERIES {
        let mut times = Vec::new();
        let mut pages = Vec::new();
        let mut last_hits = 0;
        let mut slowest = (Duration::ZERO, String::new());
        let mut by_key: Vec<(String, Vec<Duration>)> = Vec::new();
        for _ in 0..rounds(n) {
            let mut searcher = Searcher::default();
            let mut typed = String::new();
            for c in q.chars() {
                typed.push(c);
                let t = Instant::now();
                let page = searcher.top(&index, &typed, FIRST_PAGE);
                pages.push(t.elapsed());
                std::hint::black_box(page);
                let t = Instant::now();
                let hits = searcher.search(&index, &typed);
                let took = t.elapsed();
                if took > slowest.0 {
                    slowest = (took, typed.clone());
                }
                times.push(took);
                last_hits = hits.len();
                match by_key.iter_mut().find(|(k, _)| *k == typed) {
                    Some((_, t)) => t.push(took),
                    None => by_key.push((typed.clone(), vec![took])),
                }
            }
        }
        times.sort();
        pages.sort();
        println!(
            "  typing {q:?}, first page: per key p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
            ms(percentile(&pages, 0.5)),
            ms(percentile(&pages, 0.99)),
            ms(*pages.last().expect("times"))
        );
        all_pages.extend(pages);
        if std::env::var_os("BRIEF_BENCH_KEYS").is_some() {
            for (k, mut t) in by_key {
                t.sort();
                println!("    {k:?}: median {:.2} ms", ms(percentile(&t, 0.5)));
            }
        }
        println!(
            "  slowest key of {q:?}: at {:?}, {:.2} ms",
            slowest.1,
            ms(slowest.0)
        );
        println!(
            "  typing {q:?}: per key p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms; {last_hits} hits at the end",
            ms(percentile(&times, 0.5)),
            ms(percentile(&times, 0.99)),
            ms(*times.last().expect("times"))
        );
        all.extend(times);
    }
    all.sort();
    all_pages.sort();
    println!(
        "  every keystroke, first page: p50 {:.2} ms, p99 {:.2} ms (target: p99 under 16 ms)",
        ms(percentile(&all_pages, 0.5)),
        ms(percentile(&all_pages, 0.99))
    );
    println!(
        "  every keystroke, every hit: p50 {:.2} ms, p99 {:.2} ms",
        ms(percentile(&all, 0.5)),
        ms(percentile(&all, 0.99))
    );
}

fn main() {
    if let Ok(n) = std::env::var("BRIEF_BENCH_CHILD") {
        measure(n.parse().expect("a size"));
        return;
    }
    let sizes = std::env::var("BRIEF_BENCH_SIZES").unwrap_or_else(|_| "10000,100000".into());
    for n in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<usize>().ok())
    {
        library(n);
        let status = Command::new(std::env::current_exe().expect("this bench"))
            .env("BRIEF_BENCH_CHILD", n.to_string())
            .status()
            .expect("run the measurement");
        assert!(status.success());
    }
}
