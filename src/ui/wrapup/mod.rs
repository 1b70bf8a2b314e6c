//! Post-processing: countdown, notes, disposition, Wrap up, Work Offline.

mod disposition_picker;
mod wrap_up_panel;

pub use disposition_picker::DispositionPicker;
pub use wrap_up_panel::WrapUpPanel;
