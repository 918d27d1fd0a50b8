//! The import screen: paste an article (or give a path to a saved text or HTML file), see at
//! once what the importer makes of it beside the text, correct it, and save it to the library.
//!
//! Its state, keys and drawing live here together; `App` opens it, routes keys and pastes to
//! it, and carries out what it asks (`Outcome`): saving, leaving, reloading the library.

use super::draw::{fit, put};
use super::input::Prompt;
use super::theme::Theme;
use super::view::{Cx, Effect, Input, View};
use crate::briefing::{DatePrecision, MAX_FILE_BYTES};
use crate::import::{Imported, Options, Overrides, PartKind, import_bytes, parse_given_date};
use crate::keymap::{Action, Context};
use crate::regions::{gazetteer, label};
use chrono::NaiveDate;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use std::path::{Path, PathBuf};

/// A field of the briefing the user can correct.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldName {
    /// The title.
    Title,
    /// The date (a day, a month or a year).
    Date,
    /// The source.
    Source,
    /// The regions, names separated by spaces.
    Regions,
}

impl FieldName {
    fn label(self) -> &'static str {
        match self {
            FieldName::Title => "title:",
            FieldName::Date => "date (2024-03-05, 2024-03 or 2024):",
            FieldName::Source => "source:",
            FieldName::Regions => "regions (柳州 聊城 ...):",
        }
    }
}

/// What the screen asks `App` to do after a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing beyond redrawing.
    Stay,
    /// Leave the screen (a paste not saved stays as a draft).
    Leave,
    /// Save the briefing into the library.
    Save,
    /// Throw the draft away and leave.
    Discard,
    /// Show this on the status line.
    Say(String),
}

/// The import screen's state.
pub struct ImportState {
    /// The path being typed, before anything is imported.
    pub path: Prompt,
    /// What the importer made of the input, once there is one.
    pub imported: Option<Imported>,
    /// The raw input, as pasted or read.
    pub raw: String,
    /// The part of the input selected in the review.
    pub selected: usize,
    /// The first part shown.
    pub scroll: usize,
    /// A field being corrected.
    pub editing: Option<(FieldName, Prompt)>,
    /// How many key figures the body holds, counted when it changes (not on every frame).
    figures: usize,
    /// The keys its messages name, from the key map: save, back, import, submit.
    pub keys: [String; 4],
    today: NaiveDate,
}

impl ImportState {
    /// An empty screen, waiting for a paste or a path.
    pub fn new(today: NaiveDate) -> ImportState {
        ImportState {
            path: Prompt::new(
                "paste the article, or type the path of a saved page:",
                String::new(),
            ),
            imported: None,
            raw: String::new(),
            selected: 0,
            scroll: 0,
            editing: None,
            figures: 0,
            keys: ["ctrl-s", "esc", "i", "enter"].map(String::from),
            today,
        }
    }

    /// Imports `bytes` (named `name`, which tells HTML from text by its extension too).
    pub fn take(&mut self, bytes: &[u8], name: &Path) {
        let opts = Options {
            encoding: None,
            today: self.today,
        };
        let imported = import_bytes(bytes, name, &opts);
        self.raw = String::from_utf8_lossy(bytes).into_owned();
        self.selected = imported
            .parts
            .iter()
            .position(|p| !matches!(p.kind, PartKind::Removed(_)))
            .unwrap_or(0);
        self.scroll = 0;
        self.imported = Some(imported);
        self.count_figures();
    }

    fn count_figures(&mut self) {
        self.figures = self
            .imported
            .as_ref()
            .map_or(0, |i| crate::figures::find_figures(&i.briefing.body).len());
    }

    /// A paste: every control byte is dropped by the importer, whatever its size.
    pub fn paste(&mut self, text: &str) -> Outcome {
        if let Some((_, p)) = &mut self.editing {
            // A paste into a field is typed into it, on one line.
            for c in crate::text::one_line(text).chars() {
                p.edit(Input::Type(c));
            }
            return Outcome::Stay;
        }
        if self.imported.is_some() {
            return Outcome::Say(format!(
                "press {} then {} to start over with a new paste",
                self.keys[1], self.keys[2]
            ));
        }
        self.take(text.as_bytes(), Path::new("paste.txt"));
        self.said_of_import()
    }

    fn said_of_import(&self) -> Outcome {
        match &self.imported {
            Some(i) if i.is_empty() => Outcome::Say("no article text in that; paste again".into()),
            Some(i) => match i.warnings.first() {
                Some(w) => Outcome::Say(w.clone()),
                None => Outcome::Say(format!(
                    "check the fields and the lines, then {} saves",
                    self.keys[0]
                )),
            },
            None => Outcome::Stay,
        }
    }

    /// Handles an input; `rows` is how many parts fit on the screen.
    pub fn input(&mut self, input: Input, rows: usize) -> Outcome {
        if let Some((field, p)) = &mut self.editing {
            match input {
                Input::Act(Action::Submit) => {
                    let (field, input) = (*field, p.input.clone());
                    return self.set(field, &input);
                }
                Input::Act(Action::Cancel) => self.editing = None,
                other => {
                    p.edit(other);
                }
            }
            return Outcome::Stay;
        }
        let Some(imported) = &mut self.imported else {
            return match input {
                Input::Act(Action::Cancel) => Outcome::Leave,
                Input::Act(Action::Submit) => self.read_path(),
                other => {
                    self.path.edit(other);
                    Outcome::Stay
                }
            };
        };
        let Input::Act(action) = input else {
            return Outcome::Stay;
        };
        let n = imported.parts.len();
        let field = |f: FieldName, value: String| Some((f, Prompt::new(f.label(), value)));
        match action {
            Action::Back => return Outcome::Leave,
            Action::Save => return Outcome::Save,
            Action::Discard => return Outcome::Discard,
            Action::Down => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Action::Up => self.selected = self.selected.saturating_sub(1),
            Action::PageDown => {
                self.selected = (self.selected + rows.max(2) / 2).min(n.saturating_sub(1))
            }
            Action::PageUp => self.selected = self.selected.saturating_sub(rows.max(2) / 2),
            Action::Top => self.selected = 0,
            Action::Bottom => self.selected = n.saturating_sub(1),
            Action::ToggleLine => {
                imported.toggle(self.selected);
                self.count_figures();
            }
            Action::EditTitle => {
                self.editing = field(FieldName::Title, imported.briefing.meta.title.clone())
            }
            Action::EditDate => {
                let m = &imported.briefing.meta;
                let value = match m.date_precision {
                    DatePrecision::Unknown => String::new(),
                    _ => m.date_label(),
                };
                self.editing = field(FieldName::Date, value)
            }
            Action::EditSource => {
                let value = imported.briefing.meta.source.clone().unwrap_or_default();
                self.editing = field(FieldName::Source, value)
            }
            Action::EditRegions => {
                let value: Vec<String> = imported.briefing.meta.regions.iter().map(label).collect();
                self.editing = field(FieldName::Regions, value.join(" "))
            }
            _ => {}
        }
        self.follow(rows);
        Outcome::Stay
    }

    /// Keeps the selected part in view.
    pub fn follow(&mut self, rows: usize) {
        let rows = rows.max(1);
        if self.selected < self.scroll {
            self.scroll = self.selected;
        } else if self.selected >= self.scroll + rows {
            self.scroll = self.selected + 1 - rows;
        }
    }

    fn read_path(&mut self) -> Outcome {
        let text = self.path.input.trim();
        if text.is_empty() {
            return Outcome::Say(format!(
                "paste the article, or type a path and press {}",
                self.keys[3]
            ));
        }
        let path = expand_home(text);
        match crate::briefing::read_regular_file(&path) {
            Ok(bytes) => {
                self.take(&bytes, &path);
                self.said_of_import()
            }
            Err(e) => Outcome::Say(format!("{}: {e}", path.display())),
        }
    }

    fn set(&mut self, field: FieldName, input: &str) -> Outcome {
        let Some(imported) = &mut self.imported else {
            return Outcome::Stay;
        };
        let input = input.trim();
        let mut o = Overrides::default();
        match field {
            FieldName::Title if input.is_empty() => {
                return Outcome::Say("a briefing needs a title".into());
            }
            FieldName::Title => o.title = Some(input.to_string()),
            FieldName::Source => o.source = Some(input.to_string()),
            FieldName::Date => match parse_given_date(input) {
                Some(d) => o.date = Some(d),
                None => {
                    return Outcome::Say(
                        "give a day, a month or a year: 2024-03-05, 2024-03, 2024".into(),
                    );
                }
            },
            FieldName::Regions => {
                let mut all = Vec::new();
                for q in input.split_whitespace() {
                    let found = gazetteer().lookup(q);
                    if found.is_empty() {
                        return Outcome::Say(format!("no province or city is called `{q}`"));
                    }
                    for r in found {
                        let r = r.to_ref();
                        if !all.contains(&r) {
                            all.push(r);
                        }
                    }
                }
                o.regions = Some(all);
            }
        }
        imported.apply(&o);
        self.editing = None;
        Outcome::Stay
    }

    /// The cursor's place while a path or a field is typed: (column, row) within `area`.
    pub fn cursor(&self, area: Rect, ambiguous_wide: bool) -> Option<(u16, u16)> {
        let (label, input, at) = match (&self.editing, &self.imported) {
            (Some((_, p)), _) => (p.label.as_str(), &p.input, p.cursor),
            (None, None) => (self.path.label.as_str(), &self.path.input, self.path.cursor),
            (None, Some(_)) => return None,
        };
        let before: String = input.chars().take(at).collect();
        let x = area.x
            + 2
            + super::draw::width(label, ambiguous_wide) as u16
            + super::draw::width(&before, ambiguous_wide) as u16;
        Some((
            x.min(area.right().saturating_sub(1)),
            area.bottom().saturating_sub(1),
        ))
    }

    /// Draws the screen in `area` (the last row is the status line, drawn here too).
    pub fn render(
        &self,
        theme: &Theme,
        area: Rect,
        buf: &mut Buffer,
        message: Option<&str>,
        hints: &str,
    ) {
        let amb = theme.ambiguous_wide;
        let status = Rect {
            y: area.bottom().saturating_sub(1),
            height: 1,
            ..area
        };
        let body = Rect {
            height: area.height.saturating_sub(1),
            ..area
        };
        match &self.imported {
            None => self.render_waiting(theme, body, buf),
            Some(i) => self.render_review(i, theme, body, buf),
        }
        buf.set_style(status, theme.status);
        let prompt = match (&self.editing, &self.imported) {
            (Some((_, p)), _) => Some(p),
            (None, None) => Some(&self.path),
            (None, Some(_)) => None,
        };
        if let Some(p) = prompt.filter(|p| !p.label.is_empty()) {
            p.render(buf, status, theme.status, amb);
        } else {
            let text = message.unwrap_or(hints);
            let style = if message.is_some() {
                theme.status.patch(theme.warning)
            } else {
                theme.status
            };
            let text = fit(text, usize::from(status.width.saturating_sub(2)), amb);
            put(buf, status.x + 1, status.y, status.width, &text, style, amb);
        }
    }

    fn render_waiting(&self, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let amb = theme.ambiguous_wide;
        let lines = [
            "Import an article".to_string(),
            String::new(),
            "Paste it here: copy the article in your browser and paste it into this terminal"
                .to_string(),
            "(a paste of any size is taken whole; nothing runs until you save).".to_string(),
            format!(
                "Or type the path of a saved text or HTML file below and press {}.",
                self.keys[3]
            ),
            String::new(),
            "What the importer finds shows at once beside the text, for you to check.".to_string(),
            format!(
                "Files over {} MB are not read.",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ];
        // Each line wrapped to the width there is (at 80 columns the first is wider), never cut.
        let room = usize::from(area.width.saturating_sub(4)).max(1);
        let mut y = area.y + 1;
        for (i, line) in lines.iter().enumerate() {
            let style = if i == 0 {
                theme.heading
            } else {
                ratatui::style::Style::new()
            };
            let mut rows = crate::wrap::wrap_cells(line, room, &[], amb);
            if rows.is_empty() {
                // A blank line keeps its row.
                rows.push(0..0);
            }
            for range in rows {
                if y >= area.bottom() {
                    return;
                }
                put(
                    buf,
                    area.x + 2,
                    y,
                    area.width.saturating_sub(4),
                    line[range].trim_end(),
                    style,
                    amb,
                );
                y += 1;
            }
        }
    }

    /// How many parts the review shows at a time in an area of `height` rows (status excluded).
    pub fn rows(height: u16) -> usize {
        usize::from(height.saturating_sub(3))
    }

    fn render_review(&self, imported: &Imported, theme: &Theme, area: Rect, buf: &mut Buffer) {
        let amb = theme.ambiguous_wide;
        // The fields on the right (a third of the width, at least 28 cells), the text beside.
        let side = (area.width / 3).max(28).min(area.width / 2);
        let text = Rect {
            width: area.width - side,
            ..area
        };
        let fields = Rect {
            x: area.x + text.width,
            width: side,
            ..area
        };
        put(
            buf,
            text.x + 1,
            text.y,
            text.width,
            "The text",
            theme.heading,
            amb,
        );
        let rows = ImportState::rows(area.height + 1);
        for (row, (i, part)) in imported
            .parts
            .iter()
            .enumerate()
            .skip(self.scroll)
            .take(rows)
            .enumerate()
        {
            let y = text.y + 2 + row as u16;
            let (mark, style) = match part.kind {
                PartKind::Heading => ("## ", theme.heading),
                PartKind::Paragraph => ("", ratatui::style::Style::new()),
                PartKind::Removed(_) => ("", theme.dim),
            };
            let style = if i == self.selected {
                style.patch(theme.selected)
            } else {
                style
            };
            let tag = match part.kind {
                PartKind::Removed(reason) => format!(" [{reason}]"),
                _ => String::new(),
            };
            let room = usize::from(text.width.saturating_sub(3));
            let tag_w = super::draw::width(&tag, amb);
            let shown = fit(
                &format!("{mark}{}", crate::text::one_line(&part.text)),
                room.saturating_sub(tag_w),
                amb,
            );
            let used = put(
                buf,
                text.x + 1,
                y,
                text.width.saturating_sub(2),
                &shown,
                style,
                amb,
            );
            put(
                buf,
                text.x + 1 + used,
                y,
                text.width.saturating_sub(2 + used),
                &tag,
                theme.dim,
                amb,
            );
        }
        let m = &imported.briefing.meta;
        let regions: Vec<String> = m.regions.iter().map(label).collect();
        let figures = self.figures;
        let kept = imported
            .parts
            .iter()
            .filter(|p| !matches!(p.kind, PartKind::Removed(_)))
            .count();
        let precision = match m.date_precision {
            DatePrecision::Day => "",
            DatePrecision::Month => " (month)",
            DatePrecision::Year => " (year)",
            DatePrecision::Unknown => " (not found)",
        };
        let rows: Vec<(&str, String)> = vec![
            ("t title", m.title.clone()),
            ("d date", format!("{}{precision}", m.date_label())),
            ("s source", m.source.clone().unwrap_or_else(|| "-".into())),
            ("  url", m.url.clone().unwrap_or_else(|| "-".into())),
            (
                "r regions",
                if regions.is_empty() {
                    "-".into()
                } else {
                    regions.join(" ")
                },
            ),
            ("  sections", m.sections.len().to_string()),
            ("  figures", figures.to_string()),
            (
                "  lines",
                format!("{kept} kept, {} removed", imported.parts.len() - kept),
            ),
            ("  file", imported.file_name()),
        ];
        put(
            buf,
            fields.x + 1,
            fields.y,
            fields.width,
            "The briefing",
            theme.heading,
            amb,
        );
        let mut y = fields.y + 2;
        let w = fields.width.saturating_sub(2);
        for (name, value) in rows {
            if y + 1 >= fields.bottom() {
                break;
            }
            put(buf, fields.x + 1, y, w, name, theme.dim, amb);
            let value = fit(
                &crate::text::one_line(&value),
                usize::from(w.saturating_sub(2)),
                amb,
            );
            put(
                buf,
                fields.x + 3,
                y + 1,
                w.saturating_sub(2),
                &value,
                ratatui::style::Style::new(),
                amb,
            );
            y += 2;
        }
        for w_text in &imported.warnings {
            if y >= fields.bottom() {
                break;
            }
            let text = fit(w_text, usize::from(w), amb);
            put(buf, fields.x + 1, y, w, &text, theme.warning, amb);
            y += 1;
        }
    }
}

/// `~/x` as the home folder's `x`, as a shell would read it.
fn expand_home(path: &str) -> PathBuf {
    match (path.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(path),
    }
}

impl Outcome {
    /// What the outcome asks of the app.
    pub fn effects(self) -> Vec<Effect> {
        match self {
            Outcome::Stay => Vec::new(),
            Outcome::Leave => vec![Effect::Back],
            Outcome::Save => vec![Effect::SaveImport],
            Outcome::Discard => vec![Effect::DiscardImport],
            Outcome::Say(m) => vec![Effect::Say(m)],
        }
    }
}

impl View for ImportState {
    fn context(&self) -> Context {
        if self.imported.is_none() || self.editing.is_some() {
            Context::Input
        } else {
            Context::Import
        }
    }

    fn update(&mut self, input: Input, cx: &Cx) -> Vec<Effect> {
        let rows = ImportState::rows(cx.area.height.saturating_sub(1));
        match self.input(input, rows) {
            // A pasted article, and the corrections made to it, go only when the user says so.
            Outcome::Discard => {
                let yes = cx.keymap.name_in(Context::Confirm, Action::Yes);
                vec![Effect::layer(super::overlay::Confirm::new(
                    &format!(
                        "Throw the pasted article and your corrections away? {yes} throws them \
                         away, any other key keeps them"
                    ),
                    Outcome::Discard.effects(),
                    Some("kept".into()),
                ))]
            }
            outcome => outcome.effects(),
        }
    }

    fn hints(&self) -> Vec<(&'static [Action], &'static str)> {
        // While a path or a field is typed, the status line is the prompt.
        if self.context() == Context::Input {
            return Vec::new();
        }
        vec![
            (&[Action::ToggleLine], "keep or remove a line"),
            (&[Action::EditTitle], "title"),
            (&[Action::EditDate], "date"),
            (&[Action::EditSource], "source"),
            (&[Action::EditRegions], "regions"),
            (&[Action::Save], "save"),
            (&[Action::Back], "leave"),
        ]
    }

    fn render(&self, cx: &Cx, area: Rect, buf: &mut Buffer) {
        // As many whole hints as the status line holds: one cut in half (`q…`) names no key.
        let room = usize::from(area.width.saturating_sub(2));
        let mut hints = String::new();
        for h in super::view::hints(cx, self) {
            let next = match hints.is_empty() {
                true => h,
                false => format!("{hints}  {h}"),
            };
            if super::draw::width(&next, cx.amb()) > room {
                break;
            }
            hints = next;
        }
        let typing = self.context() == Context::Input;
        let message = cx.message.filter(|_| !typing);
        ImportState::render(self, cx.theme, area, buf, message, &hints);
        // While a path or a field is typed, a message stands whole on the rows above it.
        if let Some(m) = cx.message.filter(|_| typing) {
            let rows = super::overlay::text_rows(cx, m, area.width);
            let style = cx.theme.status.patch(cx.theme.warning);
            super::overlay::band(cx, area, &rows, 1, style, buf);
        }
    }

    fn cursor(&self, cx: &Cx, area: Rect) -> Option<Position> {
        let (x, y) = ImportState::cursor(self, area, cx.amb())?;
        Some(Position::new(x, y))
    }
}
