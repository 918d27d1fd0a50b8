//! `brief synth` (hidden): a synthetic library for benchmarks, made from the shipped briefings
//! by recombining their paragraphs under varied titles, regions and dates.

use super::output::{StatusLine, say};
use super::{Args, open_library};
use brief::briefing::{Briefing, DatePrecision, Meta, RegionRef, write_briefing};
use brief::regions::{Level, gazetteer};
use chrono::NaiveDate;
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
pub struct SynthArgs {
    /// How many briefings to write.
    #[arg(long, value_name = "N")]
    count: usize,
    /// The folder to write them into (created; must be empty or not exist).
    #[arg(long, value_name = "DIR")]
    to: PathBuf,
    /// The seed of the pseudo-random choices, so a library can be made again identically.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

/// xorshift64*: small, fast and reproducible; statistical quality does not matter here.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

pub fn run(args: &Args, a: &SynthArgs) -> anyhow::Result<ExitCode> {
    let lib = open_library(args)?;
    if lib.briefings.is_empty() {
        anyhow::bail!("the library has no briefings to make a synthetic library from");
    }
    if a.to.exists() && std::fs::read_dir(&a.to)?.next().is_some() {
        anyhow::bail!("{} is not empty; give a new folder", a.to.display());
    }
    std::fs::create_dir_all(&a.to)?;
    let paragraphs: Vec<&str> = lib
        .briefings
        .iter()
        .flat_map(|b| b.blocks())
        .filter(|bl| !bl.is_heading && bl.text.chars().count() > 20)
        .map(|bl| bl.text)
        .collect();
    let titles: Vec<&str> = lib
        .briefings
        .iter()
        .map(|b| b.meta.title.as_str())
        .collect();
    let sources: Vec<&str> = lib
        .briefings
        .iter()
        .filter_map(|b| b.meta.source.as_deref())
        .collect();
    let g = gazetteer();
    let cities: Vec<_> = g
        .divisions()
        .iter()
        .filter(|d| d.level() == Level::City)
        .collect();
    let mut rng = Rng(a.seed.max(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let start = NaiveDate::from_ymd_opt(2019, 1, 1).expect("a valid date");
    let mut written_bytes = 0usize;
    let status = StatusLine::new();
    for n in 0..a.count {
        let city = cities[rng.below(cities.len())];
        let region = g.region_of(city);
        let date = start + chrono::Days::new(rng.below(7 * 365) as u64);
        let base = titles[rng.below(titles.len())];
        let cut: String = base.chars().take(6 + rng.below(10)).collect();
        let title = format!("{}：{}（{}）", region.province.short, cut, city.short);
        let mut body = String::new();
        for p in 0..(12 + rng.below(24)) {
            if p > 0 && rng.below(6) == 0 {
                body.push_str(&format!("## {}的做法之{}\n\n", city.short, p));
            }
            body.push_str(paragraphs[rng.below(paragraphs.len())]);
            body.push_str("\n\n");
        }
        let id = format!("{}-synth-{n:06}", date.format("%Y-%m-%d"));
        let b = Briefing {
            id: id.clone(),
            path: a.to.join(format!("{id}.md")),
            meta: Meta {
                title,
                date,
                date_precision: DatePrecision::Day,
                source: (!sources.is_empty())
                    .then(|| sources[rng.below(sources.len())].to_string()),
                url: None,
                regions: vec![RegionRef {
                    province: region.province.name.clone(),
                    city: Some(city.name.clone()),
                }],
                tags: Vec::new(),
                sections: Vec::new(),
            },
            body,
        };
        let text = write_briefing(&b);
        written_bytes += text.len();
        std::fs::write(&b.path, text)?;
        if a.count >= 1000 && (n + 1) % (a.count / 10) == 0 {
            status.show(&format!("brief: wrote {} of {} briefings", n + 1, a.count));
        }
    }
    drop(status);
    say(format!(
        "wrote {} briefings ({:.1} MB) to {}",
        a.count,
        written_bytes as f64 / 1e6,
        a.to.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}
