//! A line of text being typed (a prompt, the search query): editing by actions of the
//! `[keys.input]` table, so every editing key can be rebound.

use super::view::Input;
use crate::keymap::Action;

/// A one-line text input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// What is asked.
    pub label: String,
    /// What has been typed.
    pub input: String,
    /// The cursor, in characters from the start of `input`.
    pub cursor: usize,
    /// Whether the whole input is selected, so that typing replaces it.
    pub selected: bool,
}

impl Prompt {
    /// Draws the label, then the text typed, on the line `row` (a status line).
    pub fn render(
        &self,
        buf: &mut ratatui::buffer::Buffer,
        row: ratatui::layout::Rect,
        style: ratatui::style::Style,
        amb: bool,
    ) {
        let put = super::draw::put;
        let used = put(buf, row.x + 1, row.y, row.width, &self.label, style, amb);
        let x = row.x + 2 + used;
        put(
            buf,
            x,
            row.y,
            row.right().saturating_sub(x),
            &self.input,
            style,
            amb,
        );
    }

    /// A prompt asking `label`, with `input` already typed and the cursor after it.
    pub fn new(label: &str, input: String) -> Prompt {
        let cursor = input.chars().count();
        Prompt {
            label: label.to_string(),
            input,
            cursor,
            selected: false,
        }
    }

    fn byte(&self, chars: usize) -> usize {
        self.input
            .char_indices()
            .nth(chars)
            .map_or(self.input.len(), |(i, _)| i)
    }

    /// Edits the input; returns false for inputs that are not editing.
    pub fn edit(&mut self, input: Input) -> bool {
        if self.selected {
            self.selected = false;
            let typed = matches!(input, Input::Type(_));
            let deleting = matches!(
                input,
                Input::Act(Action::DeleteBack | Action::DeleteForward | Action::DeleteToStart)
            );
            if typed || deleting {
                self.input.clear();
                self.cursor = 0;
                if !typed {
                    return true;
                }
            }
        }
        let n = self.input.chars().count();
        match input {
            Input::Type(c) if !c.is_control() => {
                let b = self.byte(self.cursor);
                self.input.insert(b, c);
                self.cursor += 1;
            }
            Input::Type(_) => {}
            Input::Act(a) => match a {
                Action::LineStart => self.cursor = 0,
                Action::LineEnd => self.cursor = n,
                Action::DeleteToStart => {
                    let b = self.byte(self.cursor);
                    self.input.replace_range(..b, "");
                    self.cursor = 0;
                }
                Action::CursorLeft => self.cursor = self.cursor.saturating_sub(1),
                Action::CursorRight => self.cursor = (self.cursor + 1).min(n),
                Action::DeleteBack if self.cursor > 0 => {
                    let (a, b) = (self.byte(self.cursor - 1), self.byte(self.cursor));
                    self.input.replace_range(a..b, "");
                    self.cursor -= 1;
                }
                Action::DeleteForward if self.cursor < n => {
                    let (a, b) = (self.byte(self.cursor), self.byte(self.cursor + 1));
                    self.input.replace_range(a..b, "");
                }
                Action::DeleteBack | Action::DeleteForward => {}
                _ => return false,
            },
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(p: &mut Prompt, inputs: &[Input]) {
        for i in inputs {
            p.edit(*i);
        }
    }

    #[test]
    fn typing_moving_and_deleting_in_chinese() {
        let mut p = Prompt::new("/", "柳州".into());
        edit(
            &mut p,
            &[
                Input::Act(Action::CursorLeft),
                Input::Type('市'),
                Input::Act(Action::LineEnd),
                Input::Act(Action::DeleteBack),
            ],
        );
        assert_eq!(p.input, "柳市");
        edit(&mut p, &[Input::Act(Action::DeleteToStart)]);
        assert_eq!((p.input.as_str(), p.cursor), ("", 0));
    }

    #[test]
    fn a_selected_input_is_replaced_by_typing_and_cleared_by_deleting() {
        let mut p = Prompt::new("/", "liuzhou".into());
        p.selected = true;
        edit(&mut p, &[Input::Type('l'), Input::Type('z')]);
        assert_eq!(p.input, "lz");
        p.selected = true;
        edit(&mut p, &[Input::Act(Action::DeleteBack)]);
        assert_eq!(p.input, "");
        let mut p = Prompt::new("/", "lz".into());
        p.selected = true;
        edit(&mut p, &[Input::Act(Action::CursorLeft), Input::Type('x')]);
        assert_eq!(p.input, "lxz", "moving keeps the text for editing");
    }
}
