//! The agent's presence: status selector.

mod status_selector;

pub use status_selector::StatusSelector;
