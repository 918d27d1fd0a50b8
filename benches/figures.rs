//! Key-figure extraction throughput over a large text made by repeating the shipped briefings.
//!
//! Run with `cargo bench --bench figures`. Prints MB/s (median of the runs) for one pass over
//! the whole text, and for the same text split into briefing-sized bodies as the reader uses it.
//! Target: at least 50 MB/s on one core.

use brief::briefing::load_library;
use brief::figures::find_figures;
use std::path::Path;
use std::time::Instant;

const TARGET_BYTES: usize = 32 * 1024 * 1024;
const RUNS: usize = 7;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn main() {
    let lib = load_library(&Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings"))
        .expect("shipped library");
    let bodies: Vec<&str> = lib.briefings.iter().map(|b| b.body.as_str()).collect();
    let mut text = String::new();
    while text.len() < TARGET_BYTES {
        for b in &bodies {
            text.push_str(b);
            text.push_str("\n\n");
        }
    }
    let mb = text.len() as f64 / 1e6;
    let pieces: Vec<&str> = text.split("\n\n\n").collect();

    let mut whole = Vec::new();
    let mut count = 0;
    for _ in 0..RUNS {
        let t = Instant::now();
        count = std::hint::black_box(find_figures(std::hint::black_box(&text))).len();
        whole.push(mb / t.elapsed().as_secs_f64());
    }
    let mut split = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        let n: usize = pieces
            .iter()
            .map(|p| std::hint::black_box(find_figures(p)).len())
            .sum();
        std::hint::black_box(n);
        split.push(mb / t.elapsed().as_secs_f64());
    }
    println!("figures: {mb:.1} MB of briefing text, {count} figures per pass, {RUNS} runs");
    println!(
        "figures: one text      median {:.1} MB/s (min {:.1}, max {:.1})",
        median(whole.clone()),
        whole.iter().copied().fold(f64::MAX, f64::min),
        whole.iter().copied().fold(0.0, f64::max)
    );
    println!("figures: per briefing  median {:.1} MB/s", median(split));
}
