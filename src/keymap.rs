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
    /// Show or hide the paragraph numbers beside the article.
    ToggleNumbers,
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
    /// Find in the open text (the reader).
    Find,
    /// Meeting mode: the next passage.
    Next,
    /// Meeting mode: the previous passage.
    Previous,
    /// Text input: take what was typed (run the prompt).
    Submit,
    /// Text input: leave without taking it.
    Cancel,
    /// Text input: the cursor one character left.
    CursorLeft,
    /// Text input: the cursor one character right.
    CursorRight,
    /// Text input: the cursor to the start of the line.
    LineStart,
    /// Text input: the cursor to the end of the line.
    LineEnd,
    /// Text input: delete the character before the cursor.
    DeleteBack,
    /// Text input: delete the character under the cursor.
    DeleteForward,
    /// Text input: delete from the start of the line to the cursor.
    DeleteToStart,
    /// The note editor: start a new line.
    NewLine,
    /// The note editor: save the note.
    Save,
    /// A question: yes (any other key is no).
    Yes,
    /// Import: throw the pasted draft away.
    Discard,
    /// Import: put a removed line back, or remove one more.
    ToggleLine,
    /// Import: correct the title.
    EditTitle,
    /// Import: correct the date.
    EditDate,
    /// Import: correct the source.
    EditSource,
    /// Import: correct the regions.
    EditRegions,
    /// Library tree: fold or unfold the province (or year) selected.
    Fold,
    /// Library tree: fold every province (or year), or unfold them all.
    FoldAll,
    /// Library tree: jump to a region by typing its name, pinyin or initials.
    Jump,
    /// Nothing: binding a key to `none` removes a default binding.
    None,
}

impl Action {
    /// Every action, in the order the help lists them.
    pub const ALL: [Action; 61] = [
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
        Action::ToggleNumbers,
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
        Action::Find,
        Action::Next,
        Action::Previous,
        Action::Submit,
        Action::Cancel,
        Action::CursorLeft,
        Action::CursorRight,
        Action::LineStart,
        Action::LineEnd,
        Action::DeleteBack,
        Action::DeleteForward,
        Action::DeleteToStart,
        Action::NewLine,
        Action::Save,
        Action::Yes,
        Action::Discard,
        Action::ToggleLine,
        Action::EditTitle,
        Action::EditDate,
        Action::EditSource,
        Action::EditRegions,
        Action::Fold,
        Action::FoldAll,
        Action::Jump,
        Action::Help,
        Action::Quit,
    ];

    /// One line for the help screen's part on `context`: what the action does there.
    pub fn describe_in(self, context: Context) -> &'static str {
        match (context, self) {
            (Context::Search, Action::Up) => "the previous hit",
            (Context::Search, Action::Down) => "the next hit",
            (Context::Search, Action::PageUp) => "a page of hits up",
            (Context::Search, Action::PageDown) => "a page of hits down",
            (Context::Search, Action::Open) => "open the hit, at the match",
            (Context::Search, Action::Back) => "back where the search was opened",
            (Context::Meeting, Action::Back) => "back to the agenda",
            (Context::Help, Action::Back) => "close the help (as a pager does; never quits)",
            (Context::Editor, Action::Up) => "the line above",
            (Context::Editor, Action::Down) => "the line below",
            (Context::Import, Action::Back) => "leave (a paste not saved is kept)",
            (Context::Import, Action::Save) => "save the briefing into the library and read it",
            (Context::Reader, Action::Search) => "search the whole library",
            _ => self.describe(),
        }
    }

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
            Action::ToggleNumbers => {
                "reader: show or hide the paragraph numbers (brief open --paragraph N)"
            }
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
            Action::Compare => "library: compare the regions marked in the tree",
            Action::Import => "import an article: paste it, or give the path of a saved page",
            Action::Edit => "edit the briefing in $VISUAL or $EDITOR",
            Action::Reload => "read the library again from disk",
            Action::Copy => "reader: copy the passage or figure (OSC 52)",
            Action::OpenUrl => "open the briefing's url in the browser",
            Action::Find => "find in the open text (then next and previous match)",
            Action::Next => "the next passage",
            Action::Previous => "the previous passage",
            Action::Submit => "take what was typed",
            Action::Cancel => "leave without taking it",
            Action::CursorLeft => "cursor left",
            Action::CursorRight => "cursor right",
            Action::LineStart => "cursor to the start of the line",
            Action::LineEnd => "cursor to the end of the line",
            Action::DeleteBack => "delete the character before the cursor",
            Action::DeleteForward => "delete the character under the cursor",
            Action::DeleteToStart => "delete to the start of the line",
            Action::NewLine => "a new line",
            Action::Save => "save",
            Action::Yes => "yes (any other key: no)",
            Action::Discard => "throw the pasted draft away",
            Action::ToggleLine => "put a removed line back, or remove one more",
            Action::EditTitle => "correct the title",
            Action::EditDate => "correct the date (a day, a month or a year)",
            Action::EditSource => "correct the source",
            Action::EditRegions => "correct the regions",
            Action::Fold => "fold or unfold the province (or year) selected",
            Action::FoldAll => "fold every province (or year), or unfold them all",
            Action::Jump => "jump to a region: its name, pinyin or initials (lz, gx)",
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

/// Where a key is pressed: each screen and overlay looks keys up in its own table first, then
/// in the tables it falls back to (see [`Context::chain`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    /// Everywhere that takes commands rather than text: the flat `[keys]` table.
    General,
    /// The library: tree and list.
    Library,
    /// The reader.
    Reader,
    /// The search screen (its query is text input).
    Search,
    /// The agenda of bookmarks.
    Agenda,
    /// Meeting mode.
    Meeting,
    /// The comparison.
    Compare,
    /// The import screen.
    Import,
    /// The help overlay.
    Help,
    /// Any one-line text input (prompts, the search query).
    Input,
    /// The note editor.
    Editor,
    /// A yes-or-no question.
    Confirm,
}

impl Context {
    /// Every context, in the order the help lists them.
    pub const ALL: [Context; 12] = [
        Context::General,
        Context::Library,
        Context::Reader,
        Context::Search,
        Context::Agenda,
        Context::Meeting,
        Context::Compare,
        Context::Import,
        Context::Help,
        Context::Input,
        Context::Editor,
        Context::Confirm,
    ];

    /// The tables a key is looked up in, in order: the first that has the key decides (a key
    /// bound to `none` there is unbound here). Text contexts never fall back to the general
    /// table, so that typing `q` types it.
    pub fn chain(self) -> &'static [Context] {
        match self {
            Context::General => &[Context::General],
            Context::Library => &[Context::Library, Context::General],
            Context::Reader => &[Context::Reader, Context::General],
            Context::Agenda => &[Context::Agenda, Context::General],
            Context::Meeting => &[Context::Meeting, Context::General],
            Context::Compare => &[Context::Compare, Context::General],
            Context::Import => &[Context::Import, Context::General],
            Context::Help => &[Context::Help, Context::General],
            Context::Search => &[Context::Search, Context::Input],
            Context::Input => &[Context::Input],
            Context::Editor => &[Context::Editor, Context::Input],
            Context::Confirm => &[Context::Confirm],
        }
    }

    /// Whether a character key with no binding types itself here.
    pub fn takes_text(self) -> bool {
        matches!(self, Context::Search | Context::Input | Context::Editor)
    }

    /// The name of its table in the config (`[keys.reader]`); the general one is `[keys]`.
    pub fn name(self) -> &'static str {
        match self {
            Context::General => "general",
            Context::Library => "library",
            Context::Reader => "reader",
            Context::Search => "search",
            Context::Agenda => "agenda",
            Context::Meeting => "meeting",
            Context::Compare => "compare",
            Context::Import => "import",
            Context::Help => "help",
            Context::Input => "input",
            Context::Editor => "editor",
            Context::Confirm => "confirm",
        }
    }

    /// The heading of its part of the help.
    pub fn title(self) -> &'static str {
        match self {
            Context::General => "Everywhere",
            Context::Library => "Library",
            Context::Reader => "Reader",
            Context::Search => "Search",
            Context::Agenda => "Agenda",
            Context::Meeting => "Meeting mode",
            Context::Compare => "Comparison",
            Context::Import => "Import",
            Context::Help => "Help",
            Context::Input => "Typing (prompts, the search query)",
            Context::Editor => "Note editor",
            Context::Confirm => "Questions",
        }
    }

    fn from_name(name: &str) -> Option<Context> {
        Context::ALL
            .into_iter()
            .find(|c| *c != Context::General && c.name() == name)
    }
}

/// The key bindings as configured: the general table (`[keys]`) and one table a context
/// (`[keys.reader]` ...), each merged with the defaults key by key.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Keys {
    /// The flat `[keys]` table: commands everywhere that is not text input.
    pub general: BTreeMap<Key, Action>,
    /// The tables of each context.
    pub contexts: BTreeMap<Context, BTreeMap<Key, Action>>,
}

impl Keys {
    /// The table of `context` (the general table for [`Context::General`]).
    pub fn table(&self, context: Context) -> Option<&BTreeMap<Key, Action>> {
        match context {
            Context::General => Some(&self.general),
            c => self.contexts.get(&c),
        }
    }
}

impl Serialize for Keys {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = s.serialize_map(Some(self.general.len() + self.contexts.len()))?;
        for (k, a) in &self.general {
            map.serialize_entry(&k.to_string(), a)?;
        }
        for (c, table) in &self.contexts {
            let table: BTreeMap<String, Action> =
                table.iter().map(|(k, a)| (k.to_string(), *a)).collect();
            map.serialize_entry(c.name(), &table)?;
        }
        map.end()
    }
}

/// A name in the `[keys]` table: a key, or a context's table.
enum KeysEntry {
    Key(Key),
    Context(Context),
}

impl<'de> Deserialize<'de> for KeysEntry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<KeysEntry, D::Error> {
        let name = String::deserialize(d)?;
        if let Some(c) = Context::from_name(&name) {
            return Ok(KeysEntry::Context(c));
        }
        Key::parse(&name)
            .map(KeysEntry::Key)
            .map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Keys {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Keys;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("key names with actions, and tables such as [keys.reader]")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut m: M) -> Result<Keys, M::Error> {
                let mut keys = Keys::default();
                while let Some(entry) = m.next_key::<KeysEntry>()? {
                    match entry {
                        KeysEntry::Key(k) => {
                            keys.general.insert(k, m.next_value()?);
                        }
                        KeysEntry::Context(c) => {
                            let table: BTreeMap<Key, Action> = m.next_value()?;
                            keys.contexts.entry(c).or_default().extend(table);
                        }
                    }
                }
                Ok(keys)
            }
        }
        d.deserialize_map(Visitor)
    }
}

/// Which action each key triggers, in each context.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct KeyMap {
    keys: Keys,
}

impl KeyMap {
    /// The key map of the configured tables; keys bound to `none` are unbound where they are.
    pub fn new(keys: &Keys) -> KeyMap {
        KeyMap { keys: keys.clone() }
    }

    /// The key map of a flat table alone (the general context).
    pub fn flat(table: &BTreeMap<Key, Action>) -> KeyMap {
        KeyMap::new(&Keys {
            general: table.clone(),
            contexts: BTreeMap::new(),
        })
    }

    /// The action bound to `key` in `context`, if any.
    pub fn action_in(&self, context: Context, key: Key) -> Option<Action> {
        for c in context.chain() {
            if let Some(a) = self.keys.table(*c).and_then(|t| t.get(&key)) {
                return (*a != Action::None).then_some(*a);
            }
        }
        None
    }

    /// The action bound to `key` in the general table.
    pub fn action(&self, key: Key) -> Option<Action> {
        self.action_in(Context::General, key)
    }

    /// The keys that trigger `action` in `context`: plain characters first, then named keys,
    /// then chords.
    pub fn keys_in(&self, context: Context, action: Action) -> Vec<Key> {
        let mut keys: Vec<Key> = Vec::new();
        for c in context.chain() {
            for (k, a) in self.keys.table(*c).into_iter().flatten() {
                if *a == action && !keys.contains(k) && self.action_in(context, *k) == Some(action)
                {
                    keys.push(*k);
                }
            }
        }
        // Plain characters first (space, named like a key, after them), then named keys,
        // then chords: the first is the one hints show.
        keys.sort_by_key(|k| {
            (
                k.ctrl || k.alt,
                !matches!(k.code, KeyCode::Char(_)),
                k.code == KeyCode::Char(' '),
            )
        });
        keys
    }

    /// The keys bound to `action` in the general table.
    pub fn keys_for(&self, action: Action) -> Vec<Key> {
        self.keys_in(Context::General, action)
    }

    /// The name of the first key for `action` in `context` (`?`, `esc`), or `-` when none
    /// is: what hints and messages tell the user to press.
    pub fn name_in(&self, context: Context, action: Action) -> String {
        self.keys_in(context, action)
            .first()
            .map_or_else(|| "-".to_string(), |k| k.to_string())
    }

    /// [`KeyMap::name_in`] the general table.
    pub fn key_name(&self, action: Action) -> String {
        self.name_in(Context::General, action)
    }

    /// The help of one context: each action bound in its own table, with its keys there and
    /// its description, in [`Action::ALL`] order.
    pub fn help_in(&self, context: Context) -> Vec<(Action, Vec<Key>, &'static str)> {
        let Some(table) = self.keys.table(context) else {
            return Vec::new();
        };
        Action::ALL
            .iter()
            .filter(|a| table.values().any(|b| b == *a))
            .filter_map(|&a| {
                let keys: Vec<Key> = self
                    .keys_in(context, a)
                    .into_iter()
                    .filter(|k| table.contains_key(k))
                    .collect();
                (!keys.is_empty()).then(|| (a, keys, a.describe_in(context)))
            })
            .collect()
    }

    /// The general table's help: each bound action with its keys and description.
    pub fn help(&self) -> Vec<(Action, Vec<Key>, &'static str)> {
        self.help_in(Context::General)
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
        let map = KeyMap::flat(&table);
        assert_eq!(map.action(Key::parse("x").unwrap()), None);
        assert_eq!(map.action(Key::parse("j").unwrap()), Some(Action::Down));
        let help = map.help();
        assert_eq!(help.len(), 2);
        assert_eq!(help[0].0, Action::Down);
        assert_eq!(help[0].1.len(), 2);
        assert_eq!(help[1].0, Action::Quit);
    }
}
