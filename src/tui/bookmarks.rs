//! The bookmarks view, meeting mode and the note editor: their UI state.

use super::cursor::Cursor;
use crate::keymap::{Key, KeyCode};

/// The bookmarks view's state.
#[derive(Debug, Clone, Default)]
pub struct AgendaState {
    /// The selected item.
    pub list: Cursor,
    /// The bookmark waiting for a yes to be deleted.
    pub confirm_delete: Option<String>,
}

/// What a key did to the note being edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditOutcome {
    /// Keep editing.
    Editing,
    /// Save the note.
    Save,
    /// Drop the changes.
    Cancel,
}

/// A note being written: its bookmark, its text and the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteEditor {
    /// The bookmark's id.
    pub bookmark: String,
    /// What it says so far.
    pub text: String,
    /// The cursor, in characters from the start.
    pub cursor: usize,
    /// The note as it was when the editor opened.
    original: String,
    /// Whether Esc asked if the changes should be dropped, and waits for the answer.
    pub is_asking_to_discard: bool,
}

impl NoteEditor {
    /// Edits the note of `bookmark`, which says `text` now; the cursor goes to the end.
    pub fn new(bookmark: String, text: String) -> NoteEditor {
        let cursor = text.chars().count();
        NoteEditor {
            bookmark,
            original: text.clone(),
            text,
            cursor,
            is_asking_to_discard: false,
        }
    }

    fn byte(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// The start of the line the cursor is on, and its column, in characters.
    fn line_and_column(&self) -> (usize, usize) {
        let before: Vec<char> = self.text.chars().take(self.cursor).collect();
        let start = before.iter().rposition(|c| *c == '\n').map_or(0, |p| p + 1);
        (start, self.cursor - start)
    }

    fn line_len_from(&self, start: usize) -> usize {
        self.text
            .chars()
            .skip(start)
            .take_while(|c| *c != '\n')
            .count()
    }

    /// Whether the note differs from what it said when the editor opened.
    pub fn is_changed(&self) -> bool {
        self.text != self.original
    }

    /// Takes one key: typing, moving, Enter for a new line, ctrl-s to save, Esc to cancel
    /// (asking first when the note was changed: y drops the changes, any other key goes back).
    pub fn edit(&mut self, key: Key) -> EditOutcome {
        if self.is_asking_to_discard {
            self.is_asking_to_discard = false;
            return if key.code == KeyCode::Char('y') && !key.ctrl && !key.alt {
                EditOutcome::Cancel
            } else {
                EditOutcome::Editing
            };
        }
        let n = self.text.chars().count();
        match (key.code, key.ctrl) {
            (KeyCode::Esc, _) if self.is_changed() => self.is_asking_to_discard = true,
            (KeyCode::Esc, _) => return EditOutcome::Cancel,
            (KeyCode::Char('s'), true) => return EditOutcome::Save,
            (KeyCode::Enter, _) => {
                let b = self.byte(self.cursor);
                self.text.insert(b, '\n');
                self.cursor += 1;
            }
            (KeyCode::Backspace, _) if self.cursor > 0 => {
                let (a, b) = (self.byte(self.cursor - 1), self.byte(self.cursor));
                self.text.replace_range(a..b, "");
                self.cursor -= 1;
            }
            (KeyCode::Delete, _) if self.cursor < n => {
                let (a, b) = (self.byte(self.cursor), self.byte(self.cursor + 1));
                self.text.replace_range(a..b, "");
            }
            (KeyCode::Left, _) => self.cursor = self.cursor.saturating_sub(1),
            (KeyCode::Right, _) => self.cursor = (self.cursor + 1).min(n),
            (KeyCode::Home, _) | (KeyCode::Char('a'), true) => {
                self.cursor = self.line_and_column().0;
            }
            (KeyCode::End, _) | (KeyCode::Char('e'), true) => {
                let (start, _) = self.line_and_column();
                self.cursor = start + self.line_len_from(start);
            }
            (KeyCode::Up, _) => {
                let (start, col) = self.line_and_column();
                if start > 0 {
                    let prev_end = start - 1;
                    let prev_start = self
                        .text
                        .chars()
                        .take(prev_end)
                        .collect::<Vec<_>>()
                        .iter()
                        .rposition(|c| *c == '\n')
                        .map_or(0, |p| p + 1);
                    self.cursor = prev_start + col.min(prev_end - prev_start);
                }
            }
            (KeyCode::Down, _) => {
                let (start, col) = self.line_and_column();
                let end = start + self.line_len_from(start);
                if end < n {
                    let next_start = end + 1;
                    self.cursor = next_start + col.min(self.line_len_from(next_start));
                }
            }
            (KeyCode::Char(c), false) if !key.alt && !c.is_control() => {
                let b = self.byte(self.cursor);
                self.text.insert(b, c);
                self.cursor += 1;
            }
            _ => {}
        }
        EditOutcome::Editing
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(e: &mut NoteEditor, names: &[&str]) -> EditOutcome {
        let mut out = EditOutcome::Editing;
        for k in names {
            out = e.edit(Key::parse(k).unwrap());
        }
        out
    }

    #[test]
    fn the_editor_types_chinese_moves_and_breaks_lines() {
        let mut e = NoteEditor::new("b1".into(), "柳州".into());
        keys(&mut e, &["enter", "第", "二", "行"]);
        assert_eq!(e.text, "柳州\n第二行");
        keys(&mut e, &["up", "end", "市"]);
        assert_eq!(e.text, "柳州市\n第二行");
        keys(&mut e, &["down", "home", "delete", "backspace"]);
        assert_eq!(e.text, "柳州市二行");
        assert_eq!(keys(&mut e, &["ctrl-s"]), EditOutcome::Save);
        assert_eq!(keys(&mut e, &["esc"]), EditOutcome::Editing);
        assert_eq!(keys(&mut e, &["y"]), EditOutcome::Cancel);
    }

    #[test]
    fn esc_on_a_changed_note_asks_before_dropping_the_changes() {
        let mut e = NoteEditor::new("b1".into(), "柳州".into());
        assert_eq!(
            keys(&mut e, &["esc"]),
            EditOutcome::Cancel,
            "unchanged: no question"
        );
        keys(&mut e, &["市"]);
        assert_eq!(keys(&mut e, &["esc"]), EditOutcome::Editing);
        assert!(e.is_asking_to_discard);
        // Any key but y goes back to the note, and is not typed.
        assert_eq!(keys(&mut e, &["n"]), EditOutcome::Editing);
        assert_eq!(e.text, "柳州市");
        assert_eq!(keys(&mut e, &["esc", "y"]), EditOutcome::Cancel);
    }
}
