//! Key figures on the shipped briefings: the examples found with kind and value, the
//! "not a figure" tokens never reported, offsets pointing at the figure's text.

use brief::briefing::{Briefing, load_library};
use brief::figures::{Approx, Figure, Kind, find_figures};
use std::path::Path;

fn shipped() -> Vec<Briefing> {
    let lib = load_library(&Path::new(env!("CARGO_MANIFEST_DIR")).join("briefings")).unwrap();
    assert!(lib.errors.is_empty());
    lib.briefings
}

fn figures_of(prefix: &str) -> Vec<Figure> {
    let b = shipped()
        .into_iter()
        .find(|b| b.id.starts_with(prefix))
        .unwrap();
    find_figures(&b.body)
}

#[test]
fn examples_in_the_shipped_briefings_are_found() {
    use Kind::*;
    let cases: &[(&str, &str, Kind, Option<f64>)] = &[
        ("2024-12-01", "494亿元", Money, Some(4.94e10)),
        ("2024-12-01", "同比增长155.1%", Growth, Some(155.1)),
        ("2024-12-01", "109.9%", Growth, Some(109.9)),
        ("2024-12-01", "47项", Count, Some(47.0)),
        ("2024-12-01", "209项", Count, Some(209.0)),
        ("2024-12-01", "0.15毫米", Quantity, Some(0.15)),
        ("2024-12-01", "位居全区首位", Rank, Some(1.0)),
        ("2025-07-28", "73.08亿元", Money, Some(7.308e9)),
        ("2025-07-28", "同比大幅增长76.0%", Growth, Some(76.0)),
        ("2025-07-28", "77.6万辆", Count, Some(776000.0)),
        ("2025-07-28", "64.9%", Percent, Some(64.9)),
        ("2025-07-28", "位居全国第一", Rank, Some(1.0)),
        ("2025-07-28", "24万余人", Count, Some(240000.0)),
        ("2025-07-28", "11条", Count, Some(11.0)),
        ("2025-07-28", "6条", Count, Some(6.0)),
        ("2025-07-28", "55.5GWh", Quantity, Some(55.5)),
        ("2025-07-28", "位居全国前列", Rank, None),
        ("2024-12-20", "2微米", Quantity, Some(2.0)),
        ("2024-12-20", "70%", Percent, Some(70.0)),
        ("2024-12-20", "1/20", Ratio, Some(0.05)),
        ("2024-12-20", "1/25", Ratio, Some(0.04)),
        ("2024-12-20", "翻番", Ratio, Some(2.0)),
        ("2024-12-20", "60%", Percent, Some(60.0)),
        ("2024-03-01", "10亿亿次/秒", Quantity, Some(1e17)),
        ("2024-03-01", "100%", Percent, Some(100.0)),
        ("2024-03-01", "居全国高新区第三", Rank, Some(3.0)),
        ("2024-03-01", "24%", Percent, Some(24.0)),
        ("2024-03-01", "8360款", Count, Some(8360.0)),
        ("2024-03-01", "8000位", Count, Some(8000.0)),
        ("2024-03-01", "5万亿元", Money, Some(5e12)),
        ("2024-01-01", "3℃—5℃", Quantity, Some(3.0)),
        ("2024-01-01", "800℃", Quantity, Some(800.0)),
        ("2024-01-01", "1188万吨", Quantity, Some(1.188e7)),
        ("2024-01-01", "9.41千克标煤", Quantity, Some(9.41)),
        ("2024-01-01", "1.5秒", Quantity, Some(1.5)),
        ("2024-01-01", "同比增长30%", Growth, Some(30.0)),
        ("2024-01-01", "1.5万亿元", Money, Some(1.5e12)),
        ("2024-01-01", "13%", Growth, Some(13.0)),
        ("2024-01-01", "200亿元", Money, Some(2e10)),
    ];
    for (prefix, text, kind, value) in cases {
        let figures = figures_of(prefix);
        let f = figures.iter().find(|f| f.text == *text).unwrap_or_else(|| {
            panic!(
                "{prefix}: `{text}` not found in {:?}",
                figures.iter().map(|f| &f.text).collect::<Vec<_>>()
            )
        });
        assert_eq!(f.kind, *kind, "{prefix}: {text}");
        match (f.value, value) {
            (Some(a), Some(b)) => assert!(
                (a - b).abs() <= b.abs() * 1e-9,
                "{prefix}: {text}: {a} != {b}"
            ),
            (a, b) => assert_eq!(a, *b, "{prefix}: {text}"),
        }
    }
    let approx = |prefix: &str, text: &str| {
        figures_of(prefix)
            .into_iter()
            .find(|f| f.text == text)
            .and_then(|f| f.approx)
    };
    assert_eq!(approx("2025-07-28", "60%"), Some(Approx::MoreThan), "超60%");
    assert_eq!(
        approx("2024-12-20", "60%"),
        Some(Approx::LessThan),
        "接近60%"
    );
    assert_eq!(approx("2024-01-01", "13%"), Some(Approx::About), "13%左右");
    assert_eq!(
        approx("2025-07-28", "24万余人"),
        Some(Approx::MoreThan),
        "余"
    );
    let range = figures_of("2024-01-01")
        .into_iter()
        .find(|f| f.text == "3℃—5℃")
        .unwrap();
    assert_eq!(range.high, Some(5.0));
}

#[test]
fn no_figure_touches_a_token_that_is_not_one() {
    let tokens = [
        "2024年",
        "2023年7月",
        "12月24日",
        "6月18日",
        "5G",
        "6G",
        "G20",
        "3C电子",
        "紫东太初2.0",
        "OceanX",
        "280Ah1P104S",
        "“33618”",
        "“1030”",
        "“45154”",
        "“1+1+3+X”",
        "一是",
        "二是",
        "第二批",
        "第10万辆",
        "十大",
        "三大",
    ];
    for b in shipped() {
        let chars: Vec<char> = b.body.chars().collect();
        let figures = find_figures(&b.body);
        for token in tokens {
            let t: Vec<char> = token.chars().collect();
            for start in 0..chars.len().saturating_sub(t.len() - 1) {
                let end = start + t.len();
                // A token inside a longer ASCII word (the 5G of 55.5GWh) is not that token.
                let glued =
                    |c: Option<&char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || *c == '.');
                let whole = !glued(start.checked_sub(1).and_then(|i| chars.get(i)))
                    && !glued(chars.get(end));
                if whole && chars[start..end] == t[..] {
                    let hit = figures.iter().find(|f| f.start < end && start < f.end);
                    assert!(hit.is_none(), "{}: `{token}` reported as {hit:?}", b.id);
                }
            }
        }
    }
}

#[test]
fn offsets_point_at_the_figure_text_in_the_body() {
    let mut total = 0;
    for b in shipped() {
        let chars: Vec<char> = b.body.chars().collect();
        for f in find_figures(&b.body) {
            assert_eq!(
                chars[f.start..f.end].iter().collect::<String>(),
                f.text,
                "{}",
                b.id
            );
            total += 1;
        }
    }
    assert!(total > 80, "only {total} figures in the shipped library");
}
