//! A selection in a scrolling list: which row is selected and which row is at the top.

/// The selected row and the first row shown.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cursor {
    /// The selected row.
    pub selected: usize,
    /// The first row shown.
    pub offset: usize,
}

impl Cursor {
    /// Moves the selection by `delta` rows within `len` rows, `height` of them shown.
    pub fn move_by(&mut self, delta: isize, len: usize, height: usize) {
        let target = self.selected.saturating_add_signed(delta);
        self.go(target, len, height);
    }

    /// Selects row `i` (clamped to the list) and scrolls it into view.
    pub fn go(&mut self, i: usize, len: usize, height: usize) {
        self.selected = i.min(len.saturating_sub(1));
        self.follow(len, height);
    }

    /// The items of `items` in a view `height` rows high: each with its row in the view, its
    /// place in the list, and whether it is the selected one.
    pub fn in_view<'a, T>(
        &self,
        items: &'a [T],
        height: usize,
    ) -> impl Iterator<Item = (usize, usize, bool, &'a T)> + 'a {
        let selected = self.selected;
        items
            .iter()
            .enumerate()
            .skip(self.offset)
            .take(height)
            .enumerate()
            .map(move |(row, (i, item))| (row, i, i == selected, item))
    }

    /// Keeps the selection inside the list and the view, after the list or the height changed.
    pub fn follow(&mut self, len: usize, height: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
        let height = height.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(len.saturating_sub(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rows_in_view_start_at_the_offset_and_mark_the_selection() {
        let c = Cursor {
            selected: 3,
            offset: 2,
        };
        let items = ["a", "b", "c", "d", "e", "f"];
        let seen: Vec<_> = c.in_view(&items, 3).collect();
        assert_eq!(
            seen,
            [(0, 2, false, &"c"), (1, 3, true, &"d"), (2, 4, false, &"e")]
        );
        assert_eq!(c.in_view(&items[..3], 3).count(), 1);
    }

    #[test]
    fn the_selection_stays_in_the_list_and_in_view() {
        let mut c = Cursor::default();
        c.move_by(-1, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 0,
                offset: 0
            }
        );
        c.move_by(5, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 5,
                offset: 2
            }
        );
        c.go(99, 10, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 9,
                offset: 6
            }
        );
        c.follow(3, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 2,
                offset: 0
            }
        );
        c.move_by(1, 0, 4);
        assert_eq!(
            c,
            Cursor {
                selected: 0,
                offset: 0
            }
        );
    }
}
