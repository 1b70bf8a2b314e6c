//! The work pane: the selected interaction.

mod interaction_header;
mod work_pane;

pub use work_pane::{ComposeArea, WorkPane};
