//! Settings: the built-in defaults (also shipped as `config/default.toml`) merged with the
//! user's file key by key. An unknown key or a wrong type is an error naming file, line and key.

use crate::keymap::Keys;
use crate::measures::MeasureConfig;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::path::{Path, PathBuf};

/// The shipped defaults, documented by comments; `brief config --print-default` prints them.
pub const DEFAULT_TOML: &str = include_str!("../config/default.toml");

/// Every setting.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// The library folder; empty means "find it" (see `config/default.toml`).
    pub library: String,
    /// Below this many columns the TUI shows a message instead of its views.
    pub min_width: u16,
    /// Below this many rows the TUI shows a message instead of its views.
    pub min_height: u16,
    /// The widest the reader sets its text, in columns.
    pub text_width: u16,
    /// Whether East Asian ambiguous-width characters (“”…—①) take two cells.
    pub ambiguous_wide: bool,
    /// How many colours to use.
    pub color: ColorMode,
    /// Whether the reader shows the briefing's url as a terminal link (OSC 8).
    pub hyperlinks: LinkMode,
    /// Colours for 256-colour and true-colour terminals.
    pub colors: Colors,
    /// Colours for 16-colour terminals.
    pub colors_16: Colors,
    /// Key bindings: key name to action, in the general table and each context's.
    pub keys: Keys,
    /// The strategy themes comparison sorts sentences into.
    pub themes: Vec<StrategyTheme>,
    /// The words measures are named with: heads, abbreviations, synonyms.
    pub measures: MeasureConfig,
}

/// A strategy theme: its name and the words that put a sentence in it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StrategyTheme {
    /// The name shown.
    pub name: String,
    /// A sentence containing any of these is about the theme.
    pub keywords: Vec<String>,
}

/// The default strategy themes, as `(name, keywords)`.
pub const DEFAULT_THEMES: [(&str, &[&str]); 11] = [
    (
        "科技创新",
        &[
            "科技创新",
            "创新平台",
            "研发",
            "实验室",
            "专利",
            "科技型企业",
            "高新技术",
            "技术攻关",
            "创新链",
            "成果转化",
            "新型研发机构",
        ],
    ),
    (
        "数字化智能化转型",
        &[
            "数字化",
            "智能化",
            "数字经济",
            "智能制造",
            "工业互联网",
            "智改数转",
            "人工智能",
            "大数据",
            "算力",
            "5G",
            "智能工厂",
        ],
    ),
    (
        "传统产业升级",
        &[
            "传统产业",
            "转型升级",
            "改造提升",
            "技改",
            "技术改造",
            "提质增效",
            "老工业",
        ],
    ),
    (
        "新兴产业",
        &[
            "新兴产业",
            "战略性新兴",
            "新材料",
            "生物医药",
            "集成电路",
            "新一代信息技术",
            "低空经济",
            "机器人",
        ],
    ),
    (
        "未来产业",
        &[
            "未来产业",
            "人形机器人",
            "量子",
            "氢能",
            "元宇宙",
            "脑机",
            "商业航天",
            "前沿技术",
        ],
    ),
    (
        "先进制造与装备",
        &[
            "先进制造",
            "高端装备",
            "装备制造",
            "制造业",
            "工程机械",
            "产业集群",
            "产业链",
        ],
    ),
    (
        "新能源",
        &[
            "新能源",
            "光伏",
            "风电",
            "储能",
            "动力电池",
            "新能源汽车",
            "充电",
        ],
    ),
    (
        "开放合作",
        &[
            "开放",
            "合作",
            "东盟",
            "出口",
            "外贸",
            "招商",
            "一带一路",
            "中欧班列",
            "对接",
        ],
    ),
    (
        "人才与教育",
        &[
            "人才",
            "教育",
            "高校",
            "职业院校",
            "产教融合",
            "技能",
            "院士",
            "培训",
        ],
    ),
    (
        "绿色低碳",
        &[
            "绿色",
            "低碳",
            "节能",
            "减排",
            "循环经济",
            "碳达峰",
            "碳中和",
            "清洁能源",
            "生态",
        ],
    ),
    (
        "营商环境与政策支持",
        &[
            "营商环境",
            "政策",
            "资金",
            "基金",
            "补贴",
            "改革",
            "金融",
            "扶持",
            "服务企业",
        ],
    ),
];

/// How many colours the terminal shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
pub enum ColorMode {
    /// None when NO_COLOR is set; true colour when COLORTERM says so; else 256.
    #[serde(rename = "auto")]
    Auto,
    /// 24-bit colour.
    #[serde(rename = "truecolor")]
    TrueColor,
    /// The 256-colour palette.
    #[serde(rename = "256")]
    Palette256,
    /// The 16 basic colours, from `colors_16`.
    #[serde(rename = "16")]
    Basic16,
    /// No colour: bold, underline and reverse only.
    #[serde(rename = "none")]
    Monochrome,
}

/// Whether the reader writes the briefing's url as a link the terminal can open (OSC 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LinkMode {
    /// When the terminal is known to show links, and never on a dumb or Linux console.
    Auto,
    /// Always, whatever the terminal.
    Always,
    /// Never.
    Never,
}

/// The colour of each thing the TUI colours.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct Colors {
    /// Sums of money (494亿元).
    pub money: ColorSpec,
    /// Shares and rates (35%).
    pub percent: ColorSpec,
    /// Growth (同比增长155.1%).
    pub growth: ColorSpec,
    /// Counts of things (12家).
    pub count: ColorSpec,
    /// Measured quantities (77.6万辆).
    pub quantity: ColorSpec,
    /// Ranks (位居全区首位).
    pub rank: ColorSpec,
    /// Ratios (1/20).
    pub ratio: ColorSpec,
    /// Section headings and titles.
    pub heading: ColorSpec,
    /// Region names.
    pub place: ColorSpec,
    /// The focused pane's border and the selection.
    pub accent: ColorSpec,
    /// Secondary text: dates, sources, counts.
    pub dim: ColorSpec,
}

/// A colour: `#rrggbb`, or one of the 16 terminal colour names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorSpec {
    /// A 24-bit colour.
    Rgb(u8, u8, u8),
    /// One of the 16 basic colours, by its index (0 black ... 15 bright white).
    Basic(u8),
}

/// The names of the 16 basic colours, by index.
pub const BASIC_NAMES: [&str; 16] = [
    "black",
    "red",
    "green",
    "yellow",
    "blue",
    "magenta",
    "cyan",
    "gray",
    "dark_gray",
    "light_red",
    "light_green",
    "light_yellow",
    "light_blue",
    "light_magenta",
    "light_cyan",
    "white",
];

impl ColorSpec {
    /// Reads `#rrggbb` or a colour name such as `yellow` or `light_cyan`.
    pub fn parse(text: &str) -> Result<ColorSpec, String> {
        if let Some(hex) = text.strip_prefix('#') {
            let byte = |i: usize| {
                hex.get(i..i + 2)
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
            };
            if hex.len() == 6
                && let (Some(r), Some(g), Some(b)) = (byte(0), byte(2), byte(4))
            {
                return Ok(ColorSpec::Rgb(r, g, b));
            }
        } else if let Some(i) = BASIC_NAMES.iter().position(|n| *n == text) {
            return Ok(ColorSpec::Basic(i as u8));
        }
        Err(format!(
            "`{text}` is not a colour: use #rrggbb or one of {}",
            BASIC_NAMES.join(", ")
        ))
    }
}

impl std::fmt::Display for ColorSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ColorSpec::Rgb(r, g, b) => write!(f, "#{r:02x}{g:02x}{b:02x}"),
            ColorSpec::Basic(i) => f.write_str(BASIC_NAMES[usize::from(*i) % 16]),
        }
    }
}

impl Serialize for ColorSpec {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for ColorSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ColorSpec, D::Error> {
        let text = String::deserialize(d)?;
        ColorSpec::parse(&text).map_err(serde::de::Error::custom)
    }
}

fn rgb(hex: u32) -> ColorSpec {
    ColorSpec::Rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
}

fn basic(name: &str) -> ColorSpec {
    ColorSpec::Basic(BASIC_NAMES.iter().position(|n| *n == name).unwrap_or(7) as u8)
}

impl Default for Colors {
    fn default() -> Colors {
        Colors {
            money: rgb(0xf0b429),
            percent: rgb(0x4fc3f7),
            growth: rgb(0x66d17a),
            count: rgb(0xc792ea),
            quantity: rgb(0xff6a10),
            rank: rgb(0xff6b8b),
            ratio: rgb(0x7fdbca),
            heading: rgb(0x82aaff),
            place: rgb(0x5fd7d7),
            accent: rgb(0xffff87),
            dim: rgb(0x8a8f98),
        }
    }
}

impl Colors {
    /// The defaults for 16-colour terminals.
    pub fn basic_defaults() -> Colors {
        Colors {
            money: basic("light_yellow"),
            percent: basic("light_cyan"),
            growth: basic("light_green"),
            count: basic("light_magenta"),
            quantity: basic("light_blue"),
            rank: basic("light_red"),
            ratio: basic("cyan"),
            heading: basic("light_blue"),
            place: basic("cyan"),
            accent: basic("yellow"),
            dim: basic("dark_gray"),
        }
    }
}

/// The built-in bindings: the `[keys]` tables of the shipped `config/default.toml`, the one
/// place they are written (a new view's key table is added there alone).
fn default_keys() -> Keys {
    static KEYS: std::sync::OnceLock<Keys> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        #[derive(Deserialize)]
        struct Shipped {
            keys: Keys,
        }
        toml::from_str::<Shipped>(DEFAULT_TOML)
            .map(|s| s.keys)
            .expect("the embedded config/default.toml has valid [keys] tables")
    })
    .clone()
}

impl Default for Config {
    fn default() -> Config {
        Config {
            library: String::new(),
            min_width: 60,
            min_height: 15,
            text_width: 100,
            ambiguous_wide: false,
            color: ColorMode::Auto,
            hyperlinks: LinkMode::Auto,
            colors: Colors::default(),
            colors_16: Colors::basic_defaults(),
            keys: default_keys(),
            themes: DEFAULT_THEMES
                .iter()
                .map(|(name, keys)| StrategyTheme {
                    name: name.to_string(),
                    keywords: keys.iter().map(|k| k.to_string()).collect(),
                })
                .collect(),
            measures: default_measures().clone(),
        }
    }
}

/// The measure vocabulary of the shipped `config/default.toml`: it lives in that file only,
/// being too long to spell out twice.
fn default_measures() -> &'static MeasureConfig {
    static MEASURES: std::sync::OnceLock<MeasureConfig> = std::sync::OnceLock::new();
    MEASURES.get_or_init(|| {
        #[derive(Deserialize)]
        struct Shipped {
            measures: MeasureConfig,
        }
        toml::from_str::<Shipped>(DEFAULT_TOML)
            .map(|s| s.measures)
            .expect("the embedded config/default.toml has a valid [measures] section")
    })
}

/// A config file that could not be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {reason}", path.display())]
pub struct ConfigError {
    /// The file.
    pub path: PathBuf,
    /// The 1-based line.
    pub line: usize,
    /// What is wrong.
    pub reason: String,
}

/// Merges `over` into `base` table by table, so a user's `[keys]` adds to the defaults.
fn merge(base: &mut toml::Table, over: toml::Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

impl Config {
    /// Reads the user's settings from `text` (the contents of `path`) over the defaults,
    /// key by key: a user's `[keys]` table adds to and overrides the default bindings.
    pub fn from_toml(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let error = |e: toml::de::Error| {
            let line = e
                .span()
                .map(|s| {
                    text.as_bytes()[..s.start.min(text.len())]
                        .iter()
                        .filter(|&&b| b == b'\n')
                        .count()
                        + 1
                })
                .unwrap_or(1);
            ConfigError {
                path: path.to_path_buf(),
                line,
                reason: e.message().trim().to_string(),
            }
        };
        // Checked alone first, so that every error points into the user's file.
        toml::from_str::<Config>(text).map_err(error)?;
        let user: toml::Table = toml::from_str(text).map_err(error)?;
        let internal = |reason: String| ConfigError {
            path: path.to_path_buf(),
            line: 1,
            reason,
        };
        let mut merged = toml::Table::try_from(Config::default())
            .map_err(|e| internal(format!("cannot merge with the defaults: {e}")))?;
        merge(&mut merged, user);
        merged
            .try_into()
            .map_err(|e: toml::de::Error| internal(e.message().trim().to_string()))
    }

    /// Loads `explicit` if given (it must exist), else the user's file if there is one, else
    /// the defaults. Returns the settings and the file they came from.
    pub fn load(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>), ConfigError> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => match user_config_path() {
                Some(p) if p.exists() => p,
                _ => return Ok((Config::default(), None)),
            },
        };
        let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
            path: path.clone(),
            line: 1,
            reason: format!("cannot read: {e}"),
        })?;
        Ok((Config::from_toml(&text, &path)?, Some(path)))
    }
}

fn env_dir(var: &str) -> Option<PathBuf> {
    std::env::var_os(var)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

fn home() -> Option<PathBuf> {
    env_dir("HOME")
}

/// `$XDG_CONFIG_HOME/brief/config.toml`, or `~/.config/brief/config.toml`.
pub fn user_config_path() -> Option<PathBuf> {
    env_dir("XDG_CONFIG_HOME")
        .or_else(|| home().map(|h| h.join(".config")))
        .map(|d| d.join("brief").join("config.toml"))
}

/// `$XDG_CACHE_HOME/brief`, or `~/.cache/brief`: the library catalogs.
pub fn cache_dir() -> Option<PathBuf> {
    env_dir("XDG_CACHE_HOME")
        .or_else(|| home().map(|h| h.join(".cache")))
        .map(|d| d.join("brief"))
}

/// What keeps cache folder `cache` (`<home>/brief`) from being made, when it is missing: a
/// catalog's write makes the cache home when it is missing, but not the folders above it.
/// Returns the missing folder above the home, if that is so.
pub fn cache_blocked_by(cache: &Path) -> Option<PathBuf> {
    if cache.exists() {
        return None;
    }
    let above = cache.parent()?.parent()?;
    (!above.as_os_str().is_empty() && !above.is_dir()).then(|| above.to_path_buf())
}

/// `$XDG_DATA_HOME/brief`, or `~/.local/share/brief`.
pub fn data_dir() -> Option<PathBuf> {
    env_dir("XDG_DATA_HOME")
        .or_else(|| home().map(|h| h.join(".local").join("share")))
        .map(|d| d.join("brief"))
}

/// Where the library is: the flag, else `BRIEF_LIBRARY`, else the config's `library`, else
/// `./briefings` when it exists, else the platform data folder.
pub fn library_path(
    flag: Option<&Path>,
    env: Option<&str>,
    config: &Config,
    config_file: Option<&Path>,
) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    if let Some(e) = env.filter(|e| !e.is_empty()) {
        return PathBuf::from(e);
    }
    if !config.library.is_empty() {
        let lib = &config.library;
        if let (Some(rest), Some(h)) = (lib.strip_prefix("~/"), home()) {
            return h.join(rest);
        }
        let p = PathBuf::from(lib);
        if let (true, Some(dir)) = (p.is_relative(), config_file.and_then(Path::parent)) {
            return dir.join(p);
        }
        return p;
    }
    let local = PathBuf::from("briefings");
    if local.is_dir() {
        return local;
    }
    data_dir().map(|d| d.join("briefings")).unwrap_or(local)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keymap::{Action, Context, Key};

    #[test]
    fn shipped_defaults_equal_built_in_defaults() {
        assert_eq!(
            Config::from_toml(DEFAULT_TOML, Path::new("default.toml")).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn shipped_defaults_spell_out_every_built_in_setting() {
        // Equal as tables, so a setting missing from the file cannot hide behind a default.
        let shipped: toml::Table = toml::from_str(DEFAULT_TOML).unwrap();
        assert_eq!(shipped, toml::Table::try_from(Config::default()).unwrap());
    }

    #[test]
    fn user_tables_merge_with_the_defaults_key_by_key() {
        let text = "[keys]\n\"x\" = \"quit\"\n\"q\" = \"none\"\n[colors]\nmoney = \"#ffffff\"\n";
        let c = Config::from_toml(text, Path::new("u.toml")).unwrap();
        let key = |k: &str| Key::parse(k).unwrap();
        assert_eq!(c.keys.general[&key("x")], Action::Quit);
        assert_eq!(c.keys.general[&key("q")], Action::None);
        assert_eq!(c.keys.general[&key("j")], Action::Down);
        assert_eq!(c.colors.money, ColorSpec::Rgb(255, 255, 255));
        assert_eq!(c.colors.growth, Colors::default().growth);
        assert_eq!(c.colors_16, Colors::basic_defaults());
    }

    #[test]
    fn context_tables_merge_key_by_key_and_old_flat_tables_keep_working() {
        let key = |k: &str| Key::parse(k).unwrap();
        // Today's flat [keys] still binds the general table.
        let flat = "[keys]\n\"ctrl-f\" = \"page_down\"\n\"q\" = \"none\"\n";
        let c = Config::from_toml(flat, Path::new("u.toml")).unwrap();
        let map = crate::keymap::KeyMap::new(&c.keys);
        assert_eq!(
            map.action_in(Context::Library, key("ctrl-f")),
            Some(Action::PageDown)
        );
        assert_eq!(map.action_in(Context::Library, key("q")), None);
        // A context table adds to that context's defaults one key at a time.
        let text = "[keys.meeting]\n\"q\" = \"quit\"\n\"l\" = \"next\"\n[keys.input]\n\"ctrl-b\" = \"cursor_left\"\n";
        let c = Config::from_toml(text, Path::new("u.toml")).unwrap();
        let map = crate::keymap::KeyMap::new(&c.keys);
        assert_eq!(
            map.action_in(Context::Meeting, key("q")),
            Some(Action::Quit)
        );
        assert_eq!(
            map.action_in(Context::Meeting, key("l")),
            Some(Action::Next)
        );
        assert_eq!(
            map.action_in(Context::Meeting, key("n")),
            Some(Action::Next),
            "default kept"
        );
        assert_eq!(
            map.action_in(Context::Search, key("ctrl-b")),
            Some(Action::CursorLeft)
        );
        assert_eq!(
            map.action_in(Context::Editor, key("ctrl-b")),
            Some(Action::CursorLeft)
        );
        // Text never falls back to the general table: q types there.
        assert_eq!(map.action_in(Context::Search, key("q")), None);
        assert_eq!(
            map.action_in(Context::Library, key("q")),
            Some(Action::Quit)
        );
    }

    #[test]
    fn an_unknown_key_table_names_its_line() {
        let e = Config::from_toml("\n[keys.readr]\n\"j\" = \"down\"\n", Path::new("u.toml"))
            .unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.reason.contains("`readr` is not a key"), "{e}");
        let e =
            Config::from_toml("[keys.reader]\n\"j\" = \"dwn\"\n", Path::new("u.toml")).unwrap_err();
        assert_eq!(e.line, 2, "{e}");
        assert!(e.reason.contains("unknown variant `dwn`"), "{e}");
    }

    #[test]
    fn bad_keys_actions_and_colours_name_their_line() {
        let cases = [
            ("[keys]\n\"hyper-x\" = \"quit\"\n", 2, "is not a key"),
            (
                "[keys]\n\"x\" = \"explode\"\n",
                2,
                "unknown variant `explode`",
            ),
            ("\n[colors]\nmoney = \"#12345\"\n", 3, "is not a colour"),
            ("color = \"8\"\n", 1, "unknown variant `8`"),
            ("[colors]\nmony = \"red\"\n", 2, "unknown field `mony`"),
            // Invisible key names are refused on their own line, named by code point.
            (
                "[keys]\n\"j\" = \"down\"\n\"\u{202e}\" = \"quit\"\n",
                3,
                "is not a key: it holds control or invisible characters (U+202E)",
            ),
            ("\n[keys]\n\"\\u200b\" = \"quit\"\n", 3, "(U+200B)"),
        ];
        for (text, line, reason) in cases {
            let e = Config::from_toml(text, Path::new("u.toml")).unwrap_err();
            assert_eq!(e.line, line, "{text}: {e}");
            assert!(e.reason.contains(reason), "{text}: {e}");
        }
    }

    #[test]
    fn user_file_overrides_and_errors_name_line_and_key() {
        let c = Config::from_toml("library = \"~/notes\"\n", Path::new("u.toml")).unwrap();
        assert_eq!(c.library, "~/notes");
        let e = Config::from_toml("# comment\nlibary = \"x\"\n", Path::new("u.toml")).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(
            e.to_string()
                .starts_with("u.toml:2: unknown field `libary`"),
            "{e}"
        );
        let e = Config::from_toml("\n\nlibrary = 3\n", Path::new("u.toml")).unwrap_err();
        assert_eq!(e.line, 3);
        assert!(e.reason.contains("invalid type"), "{e}");
        let e = Config::from_toml("library = \n", Path::new("u.toml")).unwrap_err();
        assert_eq!(e.line, 1);
    }

    #[test]
    fn user_measures_add_to_the_shipped_vocabulary_name_by_name() {
        let text = "[measures.names]\n\"地区生产总值\" = [\"GRP\", \"经济规模\"]\n\"算力规模\" = [\"算力总规模\"]\n";
        let c = Config::from_toml(text, Path::new("u.toml")).unwrap();
        let names = &c.measures.names;
        assert_eq!(names["地区生产总值"], ["GRP", "经济规模"]);
        assert_eq!(names["算力规模"], ["算力总规模"]);
        // Untouched entries and tables stay as shipped.
        let shipped = &Config::default().measures;
        assert_eq!(names["工业固定资产投资"], shipped.names["工业固定资产投资"]);
        assert_eq!(c.measures.words, shipped.words);
        assert_eq!(c.measures.heads, shipped.heads);
        let e = Config::from_toml("\n[measures]\nhead = [\"产量\"]\n", Path::new("u.toml"))
            .unwrap_err();
        assert_eq!(
            (e.line, e.reason.contains("unknown field `head`")),
            (3, true),
            "{e}"
        );
        let e = Config::from_toml("[measures.names]\n\"产量\" = \"x\"\n", Path::new("u.toml"))
            .unwrap_err();
        assert_eq!(e.line, 2, "{e}");
    }

    #[test]
    fn library_path_follows_the_order_of_precedence() {
        let c = Config {
            library: "lib".into(),
            ..Config::default()
        };
        let f = Path::new("/etc/brief/config.toml");
        assert_eq!(
            library_path(Some(Path::new("/a")), Some("/b"), &c, Some(f)),
            PathBuf::from("/a")
        );
        assert_eq!(
            library_path(None, Some("/b"), &c, Some(f)),
            PathBuf::from("/b")
        );
        assert_eq!(
            library_path(None, None, &c, Some(f)),
            PathBuf::from("/etc/brief/lib")
        );
    }
}
