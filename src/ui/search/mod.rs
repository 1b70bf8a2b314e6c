//! Searching the interactions (B18, B19): the quick search box, the advanced search
//! button that shows when a search is on, and the condition builder with its chips.

mod builder_panel;
mod chip;
mod saved_searches;
mod search_bar;
mod value_input;

pub use search_bar::SearchBar;
