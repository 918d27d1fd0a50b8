//! Key figures scored on real pages: every `tests/corpus/<slug>.figures.toml` lists, by hand,
//! each key figure of `<slug>.body.txt` (conventions in README.md, "Key figures"). The test runs
//! `find_figures` on each annotated line, matches a found figure to an annotated one when their
//! spans overlap on the same line, and reports recall, precision, and among matched figures the
//! share whose kind, value and qualifier are right. Misses and false figures are printed.

use brief::figures::{Approx, Figure, Kind, find_figures};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Percentages on the annotated corpus.
#[derive(Debug, Clone, Copy)]
struct Scores {
    recall: f64,
    precision: f64,
    kind: f64,
    value: f64,
    approx: f64,
}

/// What issue 14 asks for.
const BAR: Scores = Scores {
    recall: 97.0,
    precision: 95.0,
    kind: 95.0,
    value: 97.0,
    approx: 95.0,
};

/// What the test asserts. `find_figures` reaches the bar on this corpus (recall 99.7%, the rest
/// 100%), so the bar is the floor; if annotations are added that it does not reach, lower this
/// to what it measures, never below, and say so.
const FLOOR: Scores = BAR;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Annotations {
    #[serde(default)]
    figure: Vec<Annotated>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Annotated {
    text: String,
    line: usize,
    kind: String,
    value: Option<f64>,
    unit: Option<String>,
    approx: Option<String>,
}

/// An annotation placed on its line: character span and parsed fields.
struct Placed {
    a: Annotated,
    kind: Kind,
    approx: Option<Approx>,
    start: usize,
    end: usize,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn approx_of(name: &str) -> Option<Approx> {
    match name {
        "more_than" => Some(Approx::MoreThan),
        "less_than" => Some(Approx::LessThan),
        "about" => Some(Approx::About),
        other => panic!("unknown approx `{other}`"),
    }
}

/// Where `needle` occurs in `hay` at or after character `from`, as a character span; an
/// occurrence glued to a digit before it (the 5% inside 15%) does not count.
fn find_chars(hay: &[char], needle: &str, from: usize) -> Option<(usize, usize)> {
    let n: Vec<char> = needle.chars().collect();
    let glued = |i: usize| {
        i > 0 && n[0].is_ascii_digit() && (hay[i - 1].is_ascii_digit() || hay[i - 1] == '.')
    };
    (from..=hay.len().checked_sub(n.len())?)
        .find(|&i| hay[i..i + n.len()] == n[..] && !glued(i))
        .map(|i| (i, i + n.len()))
}

/// An annotated page: slug, body lines, annotations by line (in order of appearance).
type Page = (String, Vec<String>, BTreeMap<usize, Vec<Placed>>);

/// Every annotated page.
fn pages() -> Vec<Page> {
    let mut out = Vec::new();
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".figures.toml"))
        .collect();
    paths.sort();
    for path in paths {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let slug = name.trim_end_matches(".figures.toml").to_string();
        let body = std::fs::read_to_string(corpus().join(format!("{slug}.body.txt"))).unwrap();
        let lines: Vec<String> = body.lines().map(str::to_string).collect();
        let ann: Annotations = toml::from_str(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut by_line: BTreeMap<usize, Vec<Placed>> = BTreeMap::new();
        for a in ann.figure {
            let line = lines
                .get(a.line.wrapping_sub(1))
                .unwrap_or_else(|| panic!("{slug}: no line {}", a.line));
            let chars: Vec<char> = line.chars().collect();
            let placed = by_line.entry(a.line).or_default();
            let from = placed.last().map_or(0, |p| p.end);
            let (start, end) = find_chars(&chars, &a.text, from).unwrap_or_else(|| {
                panic!(
                    "{slug}:{}: `{}` is not on the line after the previous figure",
                    a.line, a.text
                )
            });
            let kind = Kind::from_name(&a.kind)
                .unwrap_or_else(|| panic!("{slug}:{}: unknown kind `{}`", a.line, a.kind));
            let approx = a.approx.as_deref().and_then(approx_of);
            placed.push(Placed {
                a,
                kind,
                approx,
                start,
                end,
            });
        }
        out.push((slug, lines, by_line));
    }
    out
}

fn same_value(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= b.abs().max(1e-9) * 1e-6,
        (a, b) => a == b,
    }
}

fn pct(n: usize, d: usize) -> f64 {
    if d == 0 {
        100.0
    } else {
        100.0 * n as f64 / d as f64
    }
}

fn show(f: &Figure) -> String {
    format!(
        "`{}` {} {:?} {} {:?}",
        f.text,
        f.kind.as_str(),
        f.value,
        f.unit.as_deref().unwrap_or("-"),
        f.approx
    )
}

/// Scores `find_figures` on every annotated page, printing what it got wrong.
fn score() -> (Scores, usize, usize) {
    let (mut annotated, mut found, mut matched) = (0, 0, 0);
    let (mut kind_ok, mut value_ok, mut approx_ok, mut unit_ok) = (0, 0, 0, 0);
    let mut pages_n = 0;
    for (slug, lines, by_line) in pages() {
        pages_n += 1;
        // Every line of an annotated page is scored: a line without annotations has no figure.
        for (i, line) in lines.iter().enumerate() {
            let want: &[Placed] = by_line.get(&(i + 1)).map_or(&[], Vec::as_slice);
            let got = find_figures(line);
            annotated += want.len();
            found += got.len();
            let mut used = vec![false; got.len()];
            for w in want {
                let hit = (0..got.len())
                    .find(|&j| !used[j] && got[j].start < w.end && w.start < got[j].end);
                let Some(j) = hit else {
                    println!(
                        "MISS  {slug}:{}: `{}` {} {:?}",
                        i + 1,
                        w.a.text,
                        w.a.kind,
                        w.a.value
                    );
                    continue;
                };
                used[j] = true;
                matched += 1;
                let g = &got[j];
                let mut wrong = Vec::new();
                if g.kind == w.kind {
                    kind_ok += 1;
                } else {
                    wrong.push(format!("kind {} (want {})", g.kind.as_str(), w.a.kind));
                }
                if same_value(g.value, w.a.value) {
                    value_ok += 1;
                } else {
                    wrong.push(format!("value {:?} (want {:?})", g.value, w.a.value));
                }
                if g.approx == w.approx {
                    approx_ok += 1;
                } else {
                    wrong.push(format!("approx {:?} (want {:?})", g.approx, w.approx));
                }
                if g.unit == w.a.unit {
                    unit_ok += 1;
                } else {
                    wrong.push(format!("unit {:?} (want {:?})", g.unit, w.a.unit));
                }
                if !wrong.is_empty() {
                    println!(
                        "WRONG {slug}:{}: `{}` found as `{}`: {}",
                        i + 1,
                        w.a.text,
                        g.text,
                        wrong.join(", ")
                    );
                }
            }
            for (j, g) in got.iter().enumerate() {
                if !used[j] {
                    println!("FALSE {slug}:{}: {}", i + 1, show(g));
                }
            }
        }
    }
    let s = Scores {
        recall: pct(matched, annotated),
        precision: pct(matched, found),
        kind: pct(kind_ok, matched),
        value: pct(value_ok, matched),
        approx: pct(approx_ok, matched),
    };
    println!(
        "figures corpus: {pages_n} pages, {annotated} annotated, {found} found, {matched} matched; \
         unit right on {:.1}% (not scored)",
        pct(unit_ok, matched)
    );
    (s, annotated, pages_n)
}

#[test]
fn key_figures_on_the_annotated_corpus() {
    let (s, annotated, pages_n) = score();
    assert!(pages_n >= 25, "only {pages_n} annotated pages");
    assert!(annotated >= 300, "only {annotated} annotated figures");
    let rows = [
        ("recall", s.recall, FLOOR.recall, BAR.recall),
        ("precision", s.precision, FLOOR.precision, BAR.precision),
        ("kind", s.kind, FLOOR.kind, BAR.kind),
        ("value", s.value, FLOOR.value, BAR.value),
        ("approx", s.approx, FLOOR.approx, BAR.approx),
    ];
    for (name, got, floor, bar) in rows {
        println!("{name:>9}: {got:5.1}%  (floor {floor:.1}%, bar {bar:.1}%)");
    }
    for (name, got, floor, _) in rows {
        assert!(
            got >= floor,
            "{name} {got:.1}% is below its floor {floor:.1}%"
        );
    }
}
