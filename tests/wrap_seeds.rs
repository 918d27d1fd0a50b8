//! The wrapper on every shipped briefing at every width from 20 to 120.

use brief::briefing::load_library;
use brief::figures::find_figures;
use brief::wrap::{NO_END, NO_START, line_width, wrap};
use std::path::Path;

#[test]
fn every_shipped_briefing_wraps_correctly_at_every_width() {
    let lib = load_library(&Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings")).unwrap();
    let mut checked = 0;
    for b in &lib.briefings {
        for block in b.blocks() {
            let text = block.text;
            let figures = find_figures(text);
            let keep: Vec<_> = figures.iter().map(|f| f.start..f.end).collect();
            let char_starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let to_char = |byte: usize| char_starts.partition_point(|&s| s < byte);
            for width in 20..=120 {
                let lines = wrap(text, width, &keep);
                let rejoined: String = lines.iter().map(|r| &text[r.clone()]).collect();
                assert_eq!(rejoined, text, "{} at {width}: text lost", b.id);
                for (k, r) in lines.iter().enumerate() {
                    let line = &text[r.clone()];
                    assert!(
                        line_width(line) <= width,
                        "{} at {width}: `{line}` is too wide",
                        b.id
                    );
                    if k > 0 {
                        let first = line.chars().next().unwrap();
                        assert!(
                            !NO_START.contains(first),
                            "{} at {width}: line starts with `{first}`: {line}",
                            b.id
                        );
                    }
                    if k + 1 < lines.len() {
                        let last = line.chars().last().unwrap();
                        assert!(
                            !NO_END.contains(last),
                            "{} at {width}: line ends with `{last}`: {line}",
                            b.id
                        );
                    }
                }
                // No break falls strictly inside a figure.
                for r in lines.iter().skip(1) {
                    let at = to_char(r.start);
                    let split = figures.iter().find(|f| f.start < at && at < f.end);
                    assert!(
                        split.is_none(),
                        "{} at {width}: figure split: {split:?}",
                        b.id
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 5000, "only {checked} wraps checked");
}
