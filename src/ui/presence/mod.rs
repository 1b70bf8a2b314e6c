//! The agent's presence: status selector.

mod profile_settings;
mod status_selector;
mod stop_new;

pub use profile_settings::ProfileSettings;
pub use status_selector::StatusSelector;
pub use stop_new::StopNewToggle;
