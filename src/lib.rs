//! `brief`: a reader for Chinese-language policy briefings.
//!
//! The domain modules never touch the terminal:
//! - [`briefing`]: the briefing file format and library loading;
//! - [`bookmarks`]: bookmarks, notes, the agenda and read marks, saved at once and never lost;
//! - [`regions`]: the gazetteer of Chinese administrative divisions and region detection;
//! - [`import`]: raw web text to a clean briefing;
//! - [`figures`]: key figures: find, classify and normalise the numbers that matter;
//! - [`search`]: folding, pinyin and ranked search over titles, regions, sources, tags and bodies;
//! - [`text`]: small text utilities shared by the modules above (script folding, control characters);
//! - [`halves`]: independent work split over two threads;
//! - [`wrap`]: line wrapping for Chinese text that keeps punctuation and figures right;
//! - [`measures`]: what each key figure measures, over which period, actual or target;
//! - [`compare`]: regions side by side: strategy themes, plans and achievements, figures;
//! - [`config`]: settings, built-in defaults merged with the user's file;
//! - [`keymap`]: key names, the actions they trigger, and the help text of each.
//!
//! The `tui` feature adds the terminal interface on top of them.

pub mod bookmarks;
pub mod briefing;
pub mod compare;
pub mod config;
pub mod figures;
pub mod halves;
pub mod import;
pub mod keymap;
pub mod measures;
pub mod regions;
pub mod search;
pub mod text;
#[cfg(feature = "tui")]
pub mod tui;
pub mod wrap;
