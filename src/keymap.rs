//! Key bindings as data: key names such as `ctrl-d` or `G`, the actions they trigger, and the
//! description the help screen shows for each action. No terminal library is involved; the TUI
//! turns its key events into a [`Key`] and looks it up.

use crate::text::{is_unsafe, one_line};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// What a key press asks for. The view that has the focus decides what it means there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Leave `brief`.
    Quit,
    /// Step back: close the help, the prompt, the panel or the reader.
    Back,
    /// Show every key.
    Help,
    /// Move up one line.
    Up,
    /// Move down one line.
    Down,
    /// Move to the pane on the left.
    Left,
    /// Move to the pane on the right.
    Right,
    /// Go to the top.
    Top,
    /// Go to the bottom.
    Bottom,
    /// Scroll up half a page.
    PageUp,
    /// Scroll down half a page.
    PageDown,
    /// Open what is selected.
    Open,
    /// Move the focus to the other pane.
    SwitchFocus,
    /// Group the library by region or by date.
    ToggleGrouping,
    /// Show only briefings within a date range.
    FilterDates,
    /// Jump to the next key figure.
    NextFigure,
    /// Jump to the previous key figure.
    PrevFigure,
    /// Show or hide the list of key figures beside the article.
    ToggleFigures,
    /// Search as you type.
    Search,
    /// Jump to the next match of the search in the article.
    NextMatch,
    /// Jump to the previous match of the search in the article.
    PrevMatch,
    /// Bookmark the briefing or the passage in view, or remove the bookmark.
    ToggleBookmark,
    /// Write or edit the note of the bookmark here.
    EditNote,
    /// Show the bookmarks: the meeting agenda.
    Bookmarks,
    /// Move the selected agenda item up.
    MoveItemUp,
    /// Move the selected agenda item down.
    MoveItemDown,
    /// Delete the selected bookmark (asks first).
    Delete,
    /// Present the agenda one passage at a time (meeting mode).
    Present,
    /// Export the agenda (or the comparison) as Markdown.
    Export,
    /// Library tree: mark the region for comparison; elsewhere: down half a page.
    Mark,
    /// Compare the marked regions side by side.
    Compare,
    /// Import an article: paste it, or give a path to a saved page.
    Import,
    /// Open the briefing's file in `$VISUAL` or `$EDITOR`, and read it again after.
    Edit,
    /// Read the library again from disk, keeping the selection.
    Reload,
    /// Copy the passage in view, or the selected figure with its sentence, to the clipboard.
    Copy,
    /// Open the briefing's web page (its `url`) in the browser.
    OpenUrl,
    /// Nothing: binding a key to `none` removes a default binding.
    None,
}

impl Action {
    /// Every action, in the order the help lists them.
    pub const ALL: [Action; 36] = [
        Action::Up,
        Action::Down,
        Action::PageUp,
        Action::PageDown,
        Action::Top,
        Action::Bottom,
        Action::Left,
        Action::Right,
        Action::SwitchFocus,
        Action::Open,
        Action::Back,
        Action::ToggleGrouping,
        Action::FilterDates,
        Action::NextFigure,
        Action::PrevFigure,
        Action::ToggleFigures,
        Action::Search,
        Action::NextMatch,
        Action::PrevMatch,
        Action::ToggleBookmark,
        Action::EditNote,
        Action::Bookmarks,
        Action::MoveItemUp,
        Action::MoveItemDown,
        Action::Delete,
        Action::Present,
        Action::Export,
        Action::Mark,
        Action::Compare,
        Action::Import,
        Action::Edit,
        Action::Reload,
        Action::Copy,
        Action::OpenUrl,
        Action::Help,
        Action::Quit,
    ];

    /// One line for the help screen.
    pub fn describe(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Back => "back: close help, prompt, panel or article",
            Action::Help => "this help",
            Action::Up => "up one line",
            Action::Down => "down one line",
            Action::Left => "pane on the left (library: the tree)",
            Action::Right => "pane on the right (library: the list)",
            Action::Top => "go to the top",
            Action::Bottom => "go to the bottom",
            Action::PageUp => "up half a page",
            Action::PageDown => "down half a page",
            Action::Open => "open the selection (in the figures panel: jump)",
            Action::SwitchFocus => "switch between panes",
            Action::ToggleGrouping => "library: group by region or by date",
            Action::FilterDates => "library: filter by a date range",
            Action::NextFigure => "reader: next key figure",
            Action::PrevFigure => "reader: previous key figure",
            Action::ToggleFigures => "reader: show or hide the figures panel",
            Action::Search => "search: pinyin, either script, several terms",
            Action::NextMatch => "reader: next match of the search",
            Action::PrevMatch => "reader: previous match of the search",
            Action::ToggleBookmark => "bookmark the briefing or the passage in view",
            Action::EditNote => "write the bookmark's note",
            Action::Bookmarks => "the bookmarks: the meeting agenda",
            Action::MoveItemUp => "agenda: move the item up",
            Action::MoveItemDown => "agenda: move the item down",
            Action::Delete => "agenda: delete the bookmark",
            Action::Present => "agenda: present it, one passage at a time",
            Action::Export => "agenda, comparison: export as Markdown",
            Action::Mark => "tree: mark a region to compare; elsewhere: page down",
            Action::Compare => "compare the marked regions side by side",
            Action::Import => "import an article: paste it, or give the path of a saved page",
            Action::Edit => "edit the briefing in $VISUAL or $EDITOR",
            Action::Reload => "read the library again from disk",
            Action::Copy => "reader: copy the passage or figure (OSC 52)",
            Action::OpenUrl => "open the briefing's url in the browser",
            Action::None => "nothing",
        }
    }
}

/// A key that has no modifier other than Ctrl or Alt; letters keep their case (`G` is Shift-g).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Key {
    /// The key itself.
    pub code: KeyCode,
    /// Whether Ctrl is held.
    pub ctrl: bool,
    /// Whether Alt is held.
    pub alt: bool,
}

/// The keys `brief` knows by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyCode {
    /// A character key.
    Char(char),
    /// Enter.
    Enter,
    /// Escape.
    Esc,
    /// Tab.
    Tab,
    /// Shift-Tab.
    BackTab,
    /// Backspace.
    Backspace,
    /// Delete.
    Delete,
    /// Arrow up.
    Up,
    /// Arrow down.
    Down,
    /// Arrow left.
    Left,
    /// Arrow right.
    Right,
    /// Home.
    Home,
    /// End.
    End,
    /// Page up.
    PageUp,
    /// Page down.
    PageDown,
    /// A function key, F1 to F12.
    F(u8),
}

const NAMED: [(&str, KeyCode); 15] = [
    ("enter", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("delete", KeyCode::Delete),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("pageup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("space", KeyCode::Char(' ')),
];

impl Key {
    /// A plain key.
    pub fn plain(code: KeyCode) -> Key {
        Key {
            code,
            ctrl: false,
            alt: false,
        }
    }

    /// Reads a key name: `j`, `G`, `?`, `enter`, `pagedown`, `f5`, `ctrl-d`, `alt-x`.
    pub fn parse(name: &str) -> Result<Key, String> {
        // A control, bidi or zero-width character is no key anyone can press, and would
        // disguise the binding in the file and in the help.
        if name.chars().any(is_unsafe) {
            let mut found: Vec<String> = Vec::new();
            for c in name.chars().filter(|&c| is_unsafe(c)) {
                let code = format!("U+{:04X}", u32::from(c));
                if !found.contains(&code) {
                    found.push(code);
                }
            }
            return Err(format!(
                "`{}` is not a key: it holds control or invisible characters ({})",
                one_line(name),
                found.join(", ")
            ));
        }
        let mut rest = name;
        let (mut ctrl, mut alt) = (false, false);
        loop {
            let lower = rest.to_ascii_lowercase();
            if rest.chars().count() > 1 && lower.starts_with("ctrl-") {
                ctrl = true;
                rest = &rest[5..];
            } else if rest.chars().count() > 1 && lower.starts_with("alt-") {
                alt = true;
                rest = &rest[4..];
            } else {
                break;
            }
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) => KeyCode::Char(if ctrl { c.to_ascii_lowercase() } else { c }),
            _ => {
                let lower = rest.to_ascii_lowercase();
                match NAMED.iter().find(|(n, _)| *n == lower) {
                    Some((_, code)) => *code,
                    None => match lower.strip_prefix('f').and_then(|n| n.parse::<u8>().ok()) {
                        Some(n @ 1..=12) => KeyCode::F(n),
                        _ => {
                            return Err(format!(
                                "`{name}` is not a key: use a character such as `j` or `G`, a name \
                                 (enter, esc, tab, backtab, backspace, delete, up, down, left, right, \
                                 home, end, pageup, pagedown, space, f1-f12), optionally after \
                                 `ctrl-` or `alt-`"
                            ));
                        }
                    },
                }
            }
        };
        Ok(Key { code, ctrl, alt })
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("ctrl-")?;
        }
        if self.alt {
            f.write_str("alt-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            code => {
                let name = NAMED.iter().find(|(_, c)| *c == code).map(|(n, _)| *n);
                f.write_str(name.unwrap_or("?"))
            }
        }
    }
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Key, D::Error> {
        let name = String::deserialize(d)?;
        Key::parse(&name).map_err(serde::de::Error::custom)
    }
}

/// Which action each key triggers.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyMap {
    bindings: BTreeMap<Key, Action>,
}

impl KeyMap {
    /// The key map of a `[keys]` table; keys bound to `none` are left out.
    pub fn new(table: &BTreeMap<Key, Action>) -> KeyMap {
        KeyMap {
            bindings: table
                .iter()
                .filter(|(_, a)| **a != Action::None)
                .map(|(k, a)| (*k, *a))
                .collect(),
        }
    }

    /// The action bound to `key`, if any.
    pub fn action(&self, key: Key) -> Option<Action> {
        self.bindings.get(&key).copied()
    }

    /// The keys bound to `action`: plain characters first, then named keys, then chords.
    pub fn keys_for(&self, action: Action) -> Vec<Key> {
        let mut keys: Vec<Key> = self
            .bindings
            .iter()
            .filter(|(_, a)| **a == action)
            .map(|(k, _)| *k)
            .collect();
        // Plain characters first, then named keys, then chords: the first is the one to show.
        keys.sort_by_key(|k| (k.ctrl || k.alt, !matches!(k.code, KeyCode::Char(_))));
        keys
    }

    /// The name of the first key bound to `action` (`?`, `esc`), or `-` when none is: what
    /// hints and messages tell the user to press.
    pub fn key_name(&self, action: Action) -> String {
        self.keys_for(action)
            .first()
            .map_or_else(|| "-".to_string(), |k| k.to_string())
    }

    /// The help: each bound action with its keys and description, in [`Action::ALL`] order.
    pub fn help(&self) -> Vec<(Action, Vec<Key>, &'static str)> {
        Action::ALL
            .iter()
            .filter_map(|&a| {
                let keys = self.keys_for(a);
                (!keys.is_empty()).then(|| (a, keys, a.describe()))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_names_parse_and_print_back() {
        for name in [
            "j", "G", "?", "]", "enter", "esc", "ctrl-d", "alt-x", "pagedown", "f5", "space", "-",
        ] {
            let key = Key::parse(name).unwrap();
            assert_eq!(key.to_string(), name);
        }
        assert_eq!(Key::parse("Ctrl-D").unwrap().to_string(), "ctrl-d");
        assert_eq!(
            Key::parse("ctrl-u").unwrap(),
            Key {
                code: KeyCode::Char('u'),
                ctrl: true,
                alt: false
            }
        );
        for bad in ["", "ctrl-", "jj", "f13", "hyper-x", "\u{1b}"] {
            assert!(Key::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn invisible_and_control_characters_are_not_keys() {
        for bad in [
            "\u{202e}",
            "\u{200b}",
            "ctrl-\u{200b}",
            "\u{2066}",
            "\u{feff}",
            "\u{85}",
            "\u{7f}",
            "\u{e0041}",
            "j\u{200d}",
        ] {
            let e = Key::parse(bad).unwrap_err();
            assert!(!e.chars().any(is_unsafe), "{e:?}");
            assert!(e.contains("invisible characters (U+"), "{e:?}");
        }
    }

    #[test]
    fn none_unbinds_and_help_lists_bound_actions_only() {
        let mut table = BTreeMap::new();
        table.insert(Key::parse("q").unwrap(), Action::Quit);
        table.insert(Key::parse("x").unwrap(), Action::None);
        table.insert(Key::parse("j").unwrap(), Action::Down);
        table.insert(Key::parse("down").unwrap(), Action::Down);
        let map = KeyMap::new(&table);
        assert_eq!(map.action(Key::parse("x").unwrap()), None);
        assert_eq!(map.action(Key::parse("j").unwrap()), Some(Action::Down));
        let help = map.help();
        assert_eq!(help.len(), 2);
        assert_eq!(help[0].0, Action::Down);
        assert_eq!(help[0].1.len(), 2);
        assert_eq!(help[1].0, Action::Quit);
    }
}
