//! The agent's presence: status selector.

mod status_selector;
mod stop_new;

pub use status_selector::StatusSelector;
pub use stop_new::StopNewToggle;
