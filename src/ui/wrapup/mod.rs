//! Post-processing: countdown, notes, disposition, Wrap up, Work Offline.

mod disposition_picker;
mod wrap_up_panel;

pub use disposition_picker::{chosen_leaf, DispositionPicker};
pub use wrap_up_panel::WrapUpPanel;
