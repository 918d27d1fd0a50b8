//! Wrapping one long paragraph, as the reader and `brief show --width 40` do: find its figures,
//! then wrap it keeping each figure whole.
//!
//! Run with `cargo bench --bench wrap`. Prints the median time for paragraphs of 200 KB, 800 KB
//! and 1.6 MB made by joining the shipped briefings' paragraphs into one. Wrapping must be
//! linear in length: each size should take about twice the one before it, and 800 KB well
//! under the target of 1.5 s for the whole `brief show`.

use brief::briefing::load_library;
use brief::figures::find_figures;
use brief::wrap::wrap_spans;
use std::ops::Range;
use std::path::Path;
use std::time::{Duration, Instant};

const SIZES: [usize; 3] = [200_000, 800_000, 1_600_000];
const RUNS: usize = 5;
const WIDTH: usize = 40;

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn main() {
    let lib = load_library(&Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings"))
        .expect("shipped library");
    // Every paragraph of the shipped briefings, joined without breaks into one.
    let joined: String = lib
        .briefings
        .iter()
        .flat_map(|b| b.body.split("\n\n"))
        .filter(|p| !p.starts_with("## "))
        .collect::<Vec<_>>()
        .concat()
        .replace('\n', "");
    for size in SIZES {
        let mut text = String::with_capacity(size + joined.len());
        while text.len() < size {
            text.push_str(&joined);
        }
        let mut cut = size;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        let mut figures = Vec::new();
        let mut wrapping = Vec::new();
        let mut lines = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let keep: Vec<Range<usize>> = find_figures(std::hint::black_box(&text))
                .iter()
                .map(|f| f.start..f.end)
                .collect();
            figures.push(t.elapsed());
            let t = Instant::now();
            lines = std::hint::black_box(wrap_spans(&text, WIDTH, &keep, false)).len();
            wrapping.push(t.elapsed());
        }
        println!(
            "wrap: {:>5} KB paragraph, {lines} lines at width {WIDTH}: figures {:>7.1} ms, wrapping {:>7.1} ms (median of {RUNS})",
            size / 1000,
            median(figures).as_secs_f64() * 1e3,
            median(wrapping).as_secs_f64() * 1e3,
        );
    }
}
