//! Where each pane goes, shared by the views (which draw there) and the state (which needs
//! page heights and text widths to scroll and wrap).

use ratatui::layout::Rect;

/// The areas of the library view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LibraryAreas {
    /// The tree pane, border included.
    pub tree: Rect,
    /// The list pane, border included.
    pub list: Rect,
    /// The preview of the selected briefing, border included, when the terminal is wide.
    pub preview: Option<Rect>,
    /// The status line.
    pub status: Rect,
}

/// From this width on, the library shows a preview of the selected briefing.
pub const PREVIEW_FROM: u16 = 140;

/// The areas of the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReaderAreas {
    /// The column the text is set in.
    pub text: Rect,
    /// The figures panel, border included, when open.
    pub panel: Option<Rect>,
    /// The status line.
    pub status: Rect,
}

fn split_status(area: Rect) -> (Rect, Rect) {
    let main = Rect {
        height: area.height.saturating_sub(1),
        ..area
    };
    let status = Rect {
        y: area.y + main.height,
        height: area.height.min(1),
        ..area
    };
    (main, status)
}

/// The library view: a tree a quarter of the width (16 to 28 columns) beside the list; from
/// [`PREVIEW_FROM`] columns, a preview of the selected briefing takes two fifths of the rest.
pub fn library(area: Rect) -> LibraryAreas {
    let (main, status) = split_status(area);
    let tree_w = (main.width / 4).clamp(16, 28).min(main.width);
    let rest = main.width - tree_w;
    let preview_w = if main.width >= PREVIEW_FROM {
        rest * 2 / 5
    } else {
        0
    };
    LibraryAreas {
        tree: Rect {
            width: tree_w,
            ..main
        },
        list: Rect {
            x: main.x + tree_w,
            width: rest - preview_w,
            ..main
        },
        preview: (preview_w > 0).then_some(Rect {
            x: main.x + tree_w + rest - preview_w,
            width: preview_w,
            ..main
        }),
        status,
    }
}

/// The reader: the text column at most `text_width` wide, centred in what the figures panel
/// leaves, with at least `gutter` cells left of it (for the paragraph numbers: where the
/// margin is narrower, the text gives way). The panel, when open, takes a quarter of the
/// width (24 to 36 columns), more when its widest row needs `panel` columns, never more
/// than half.
pub fn reader(area: Rect, panel: Option<u16>, text_width: u16, gutter: u16) -> ReaderAreas {
    let (main, status) = split_status(area);
    let panel_w = match panel {
        Some(need) => (main.width / 4).clamp(24, 36).max(need).min(main.width / 2),
        None => 0,
    };
    let body = Rect {
        width: main.width - panel_w,
        ..main
    };
    let margin = 2u16.min(body.width / 4);
    // The gutter never takes more than a quarter of what the text would have.
    let left = margin.max(gutter.min(body.width / 4));
    let width = body
        .width
        .saturating_sub(left + margin)
        .min(text_width.max(10))
        .max(1);
    let text = Rect {
        x: body.x + ((body.width - width) / 2).max(left).min(body.width - width),
        width,
        ..body
    };
    ReaderAreas {
        text,
        panel: (panel_w > 0).then_some(Rect {
            x: main.x + body.width,
            width: panel_w,
            ..main
        }),
        status,
    }
}

/// A box of at most `width` x `height` centred in `area`.
pub fn centred(area: Rect, width: u16, height: u16) -> Rect {
    let (w, h) = (width.min(area.width), height.min(area.height));
    Rect {
        x: area.x + (area.width - w) / 2,
        y: area.y + (area.height - h) / 2,
        width: w,
        height: h,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn panes_fill_the_screen_without_overlapping() {
        for (w, h) in [(80, 24), (200, 50), (60, 15)] {
            let area = Rect::new(0, 0, w, h);
            let l = library(area);
            let preview = l.preview.map_or(0, |p| p.width);
            assert_eq!(l.tree.width + l.list.width + preview, w);
            assert_eq!(l.preview.is_some(), w >= PREVIEW_FROM);
            assert_eq!(l.status.y, h - 1);
            for open in [None, Some(0), Some(40)] {
                let r = reader(area, open, 100, 0);
                assert!(r.text.width <= 100);
                if let Some(p) = r.panel {
                    assert!(r.text.right() <= p.x);
                    assert_eq!(p.right(), w);
                }
            }
        }
        assert_eq!(reader(Rect::new(0, 0, 200, 50), None, 100, 0).text.x, 50);
        // A wide figure widens the panel at 80 columns, up to half the screen.
        let r = reader(Rect::new(0, 0, 80, 24), Some(30), 100, 0);
        assert_eq!(r.panel.unwrap().width, 30);
        let r = reader(Rect::new(0, 0, 80, 24), Some(60), 100, 0);
        assert_eq!(r.panel.unwrap().width, 40);
        // A gutter of 5 for paragraph numbers at 80 columns: the text gives way by 3 cells.
        let r = reader(Rect::new(0, 0, 80, 24), None, 100, 5);
        assert_eq!((r.text.x, r.text.width), (5, 73));
        // At 200 columns the margin holds it: the text stays centred.
        let r = reader(Rect::new(0, 0, 200, 50), None, 100, 5);
        assert_eq!((r.text.x, r.text.width), (50, 100));
    }
}
