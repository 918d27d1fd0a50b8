//! Colours and borders for the terminal at hand: true colour, 256, 16 or none.

use crate::config::{ColorMode, ColorSpec, Colors, Config};
use crate::figures::Kind;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;

/// How many colours the terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Depth {
    /// None: bold, underline and reverse only.
    Monochrome,
    /// The 16 basic colours.
    Basic16,
    /// The 256-colour palette.
    Palette256,
    /// 24-bit colour.
    TrueColor,
}

/// The depth to use: the setting, else `NO_COLOR` means none, `COLORTERM=truecolor|24bit` means
/// true colour, a `TERM` of a terminal known to have 16 or 8 colours (`xterm-16color`, `linux`)
/// means 16, and anything else 256 (SSH does not pass `COLORTERM` on, so never assume more).
pub fn depth(
    mode: ColorMode,
    no_color: Option<&str>,
    colorterm: Option<&str>,
    term: Option<&str>,
) -> Depth {
    match mode {
        ColorMode::TrueColor => Depth::TrueColor,
        ColorMode::Palette256 => Depth::Palette256,
        ColorMode::Basic16 => Depth::Basic16,
        ColorMode::Monochrome => Depth::Monochrome,
        ColorMode::Auto => {
            if no_color.is_some_and(|v| !v.is_empty()) {
                Depth::Monochrome
            } else if colorterm.is_some_and(|c| {
                let c = c.to_ascii_lowercase();
                c == "truecolor" || c == "24bit"
            }) {
                Depth::TrueColor
            } else if term.is_some_and(has_few_colours) {
                Depth::Basic16
            } else {
                Depth::Palette256
            }
        }
    }
}

/// Whether `TERM` names a terminal with 16 or 8 colours, which shows 256-colour codes wrongly
/// or not at all. Unknown names are not counted: most terminals today have 256.
fn has_few_colours(term: &str) -> bool {
    let term = term.to_ascii_lowercase();
    term.ends_with("-16color")
        || term.ends_with("-8color")
        || matches!(term.as_str(), "linux" | "ansi" | "cons25" | "xterm-color")
}

/// The styles the views draw with.
#[derive(Debug, Clone)]
pub struct Theme {
    /// The depth these styles were made for.
    pub depth: Depth,
    /// Whether ambiguous-width characters take two cells (borders are then ASCII).
    pub ambiguous_wide: bool,
    figures: [Style; 7],
    /// Titles and section headings.
    pub heading: Style,
    /// Region names.
    pub place: Style,
    /// Dates, sources, counts, hints.
    pub dim: Style,
    /// The border of the focused pane.
    pub focus: Style,
    /// The border of other panes.
    pub border: Style,
    /// The selected row.
    pub selected: Style,
    /// The selected row of a pane without the focus.
    pub selected_unfocused: Style,
    /// The status line.
    pub status: Style,
    /// A message that needs attention.
    pub warning: Style,
    /// A search match in the article.
    pub matched: Style,
    /// The search match last jumped to.
    pub current_match: Style,
    /// The lines that frame panes.
    pub border_set: border::Set<'static>,
    /// Whether a briefing's url is drawn as a terminal link (OSC 8); decided from the
    /// terminal by the event loop (see `external::links_shown`), off until then.
    pub links: bool,
}

/// Borders that stay one cell wide whatever the terminal thinks of box-drawing characters.
const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

fn kind_index(kind: Kind) -> usize {
    Kind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

/// The index in the 256-colour palette nearest to an RGB colour (the 6x6x6 cube or the greys).
pub fn nearest_256(r: u8, g: u8, b: u8) -> u8 {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    let nearest_level = |v: u8| {
        (0..6)
            .min_by_key(|&i| (i32::from(LEVELS[i]) - i32::from(v)).abs())
            .unwrap_or(0)
    };
    let (ri, gi, bi) = (nearest_level(r), nearest_level(g), nearest_level(b));
    let cube = (LEVELS[ri], LEVELS[gi], LEVELS[bi]);
    let avg = (u32::from(r) + u32::from(g) + u32::from(b)) / 3;
    let grey_i = ((avg.saturating_sub(8)) / 10).min(23) as u8;
    let grey = 8 + 10 * grey_i;
    let dist = |(x, y, z): (u8, u8, u8)| {
        let d = |a: u8, b: u8| (i32::from(a) - i32::from(b)).pow(2);
        d(x, r) + d(y, g) + d(z, b)
    };
    if dist((grey, grey, grey)) < dist(cube) {
        232 + grey_i
    } else {
        16 + 36 * ri as u8 + 6 * gi as u8 + bi as u8
    }
}

fn basic(i: u8) -> Color {
    const COLORS: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    COLORS[usize::from(i) % 16]
}

fn color(spec: ColorSpec, depth: Depth) -> Color {
    match (spec, depth) {
        (ColorSpec::Basic(i), _) => basic(i),
        (ColorSpec::Rgb(r, g, b), Depth::TrueColor) => Color::Rgb(r, g, b),
        (ColorSpec::Rgb(r, g, b), _) => Color::Indexed(nearest_256(r, g, b)),
    }
}

impl Theme {
    /// The theme for `config` at `depth`.
    pub fn new(config: &Config, depth: Depth) -> Theme {
        let border_set = if config.ambiguous_wide {
            ASCII_BORDER
        } else {
            border::PLAIN
        };
        let ambiguous_wide = config.ambiguous_wide;
        if depth == Depth::Monochrome {
            let figure = Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
            return Theme {
                depth,
                ambiguous_wide,
                figures: [figure; 7],
                heading: Style::new().add_modifier(Modifier::BOLD),
                place: Style::new().add_modifier(Modifier::ITALIC),
                dim: Style::new(),
                focus: Style::new().add_modifier(Modifier::BOLD),
                border: Style::new(),
                selected: Style::new().add_modifier(Modifier::REVERSED),
                selected_unfocused: Style::new().add_modifier(Modifier::UNDERLINED),
                status: Style::new().add_modifier(Modifier::REVERSED),
                warning: Style::new().add_modifier(Modifier::BOLD),
                matched: Style::new().add_modifier(Modifier::UNDERLINED | Modifier::ITALIC),
                current_match: Style::new().add_modifier(Modifier::REVERSED),
                border_set,
                links: false,
            };
        }
        let c: &Colors = if depth == Depth::Basic16 {
            &config.colors_16
        } else {
            &config.colors
        };
        let fg = |spec: ColorSpec| Style::new().fg(color(spec, depth));
        let figures = Kind::ALL.map(|k| {
            let spec = match k {
                Kind::Money => c.money,
                Kind::Percent => c.percent,
                Kind::Growth => c.growth,
                Kind::Count => c.count,
                Kind::Quantity => c.quantity,
                Kind::Rank => c.rank,
                Kind::Ratio => c.ratio,
            };
            fg(spec).add_modifier(Modifier::BOLD)
        });
        let accent = color(c.accent, depth);
        Theme {
            depth,
            ambiguous_wide,
            figures,
            heading: fg(c.heading).add_modifier(Modifier::BOLD),
            place: fg(c.place),
            dim: fg(c.dim),
            focus: Style::new().fg(accent),
            border: fg(c.dim),
            selected: Style::new()
                .fg(Color::Black)
                .bg(accent)
                .add_modifier(Modifier::BOLD),
            selected_unfocused: Style::new().add_modifier(Modifier::REVERSED),
            status: Style::new().add_modifier(Modifier::REVERSED),
            warning: Style::new()
                .fg(color(c.rank, depth))
                .add_modifier(Modifier::BOLD),
            matched: Style::new().fg(accent).add_modifier(Modifier::UNDERLINED),
            current_match: Style::new().fg(Color::Black).bg(accent),
            border_set,
            links: false,
        }
    }

    /// The style of a key figure of `kind`.
    pub fn figure(&self, kind: Kind) -> Style {
        self.figures[kind_index(kind)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn true_colour_only_when_colorterm_says_so() {
        let auto = ColorMode::Auto;
        assert_eq!(depth(auto, None, Some("truecolor"), None), Depth::TrueColor);
        assert_eq!(depth(auto, None, Some("24bit"), None), Depth::TrueColor);
        assert_eq!(depth(auto, None, None, None), Depth::Palette256);
        assert_eq!(depth(auto, None, Some("yes"), None), Depth::Palette256);
        assert_eq!(
            depth(auto, Some("1"), Some("truecolor"), None),
            Depth::Monochrome
        );
        // An empty NO_COLOR does not count, as the convention says.
        assert_eq!(depth(auto, Some(""), None, None), Depth::Palette256);
        assert_eq!(
            depth(ColorMode::Basic16, None, Some("truecolor"), None),
            Depth::Basic16
        );
    }

    #[test]
    fn a_16_colour_term_without_colorterm_gets_16_colours() {
        let auto = ColorMode::Auto;
        for term in [
            "xterm-16color",
            "rxvt-16color",
            "screen-16color",
            "linux",
            "xterm-8color",
        ] {
            assert_eq!(
                depth(auto, None, None, Some(term)),
                Depth::Basic16,
                "{term}"
            );
        }
        for term in [
            "xterm-256color",
            "tmux-256color",
            "xterm",
            "screen",
            "alacritty",
        ] {
            assert_eq!(
                depth(auto, None, None, Some(term)),
                Depth::Palette256,
                "{term}"
            );
        }
        // What the user set, then NO_COLOR and COLORTERM, say more than TERM.
        let term = Some("xterm-16color");
        assert_eq!(depth(auto, None, Some("truecolor"), term), Depth::TrueColor);
        assert_eq!(depth(auto, Some("1"), None, term), Depth::Monochrome);
        assert_eq!(
            depth(ColorMode::Palette256, None, None, term),
            Depth::Palette256
        );
    }

    #[test]
    fn rgb_reduces_to_the_nearest_palette_entry() {
        assert_eq!(nearest_256(0, 0, 0), 16);
        assert_eq!(nearest_256(255, 255, 255), 231);
        assert_eq!(nearest_256(255, 0, 0), 196);
        assert_eq!(nearest_256(128, 128, 128), 244);
        assert_eq!(nearest_256(0xf0, 0xb4, 0x29), 214);
    }

    /// The RGB a terminal shows for `c` (xterm's palette for the 256 colours).
    fn shown_rgb(c: Color) -> (u8, u8, u8) {
        const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
        match c {
            Color::Rgb(r, g, b) => (r, g, b),
            Color::Indexed(i @ 16..=231) => {
                let i = i - 16;
                let l = |n: u8| LEVELS[usize::from(n)];
                (l(i / 36), l(i / 6 % 6), l(i % 6))
            }
            Color::Indexed(i @ 232..) => {
                (8 + 10 * (i - 232), 8 + 10 * (i - 232), 8 + 10 * (i - 232))
            }
            other => panic!("not a 256 or RGB colour: {other:?}"),
        }
    }

    /// CIE76 colour difference (ΔE in CIELAB): about 2 is just noticeable, under 30 reads as
    /// "the same colour, a little lighter" at a glance.
    fn delta_e(a: (u8, u8, u8), b: (u8, u8, u8)) -> f64 {
        fn lab((r, g, b): (u8, u8, u8)) -> [f64; 3] {
            let lin = |u: u8| {
                let u = f64::from(u) / 255.0;
                if u > 0.04045 {
                    ((u + 0.055) / 1.055).powf(2.4)
                } else {
                    u / 12.92
                }
            };
            let (r, g, b) = (lin(r), lin(g), lin(b));
            let x = (r * 0.4124 + g * 0.3576 + b * 0.1805) / 0.95047;
            let y = r * 0.2126 + g * 0.7152 + b * 0.0722;
            let z = (r * 0.0193 + g * 0.1192 + b * 0.9505) / 1.08883;
            let f = |t: f64| {
                if t > 0.008856 {
                    t.cbrt()
                } else {
                    7.787 * t + 16.0 / 116.0
                }
            };
            [
                116.0 * f(y) - 16.0,
                500.0 * (f(x) - f(y)),
                200.0 * (f(y) - f(z)),
            ]
        }
        let (p, q) = (lab(a), lab(b));
        ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
    }

    /// The figure colours of each kind and the selection's background, by name.
    fn figure_and_selection_colours(t: &Theme) -> Vec<(String, Color)> {
        let mut out: Vec<(String, Color)> = Kind::ALL
            .iter()
            .map(|k| {
                (
                    format!("{k:?}"),
                    t.figure(*k).fg.expect("a coloured figure"),
                )
            })
            .collect();
        out.push((
            "the selection".into(),
            t.selected.bg.expect("a coloured selection"),
        ));
        out
    }

    #[test]
    fn figure_kinds_differ_from_each_other_and_from_the_selection() {
        // Money and quantity were 214 and 215 in 256 colours; quantity was the selection's
        // yellow in 16.
        let config = Config::default();
        for depth in [Depth::Basic16, Depth::Palette256, Depth::TrueColor] {
            let colours = figure_and_selection_colours(&Theme::new(&config, depth));
            for (i, (a, ca)) in colours.iter().enumerate() {
                for (b, cb) in &colours[i + 1..] {
                    assert_ne!(ca, cb, "{a} and {b} share a colour at {depth:?}");
                    if depth != Depth::Basic16 {
                        let d = delta_e(shown_rgb(*ca), shown_rgb(*cb));
                        assert!(d >= 35.0, "{a} and {b} look alike at {depth:?}: ΔE {d:.0}");
                    }
                }
            }
        }
    }

    #[test]
    fn the_old_palette_would_fail_the_distinctness_check() {
        // The check above can fail: 256-colour money (214) and quantity (215) are ΔE 29 apart.
        assert!(
            delta_e(
                shown_rgb(Color::Indexed(214)),
                shown_rgb(Color::Indexed(215))
            ) < 35.0
        );
        assert_eq!(shown_rgb(Color::Indexed(215)), (255, 175, 95));
    }

    #[test]
    fn each_depth_colours_figures_its_own_way() {
        let config = Config::default();
        let t = Theme::new(&config, Depth::TrueColor);
        assert_eq!(t.figure(Kind::Money).fg, Some(Color::Rgb(0xf0, 0xb4, 0x29)));
        let t = Theme::new(&config, Depth::Palette256);
        assert_eq!(t.figure(Kind::Money).fg, Some(Color::Indexed(214)));
        let t = Theme::new(&config, Depth::Basic16);
        assert_eq!(t.figure(Kind::Money).fg, Some(Color::LightYellow));
        let t = Theme::new(&config, Depth::Monochrome);
        assert_eq!(t.figure(Kind::Money).fg, None);
        assert!(
            t.figure(Kind::Growth)
                .add_modifier
                .contains(Modifier::BOLD | Modifier::UNDERLINED)
        );
    }
}
