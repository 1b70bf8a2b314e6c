//! Writing and acting on interactions: the composer, its files and canned answers, the
//! actions toolbar and its dialogs.

mod actions;
mod add_interaction;
mod attachments;
mod autosave_switch;
mod body_editor;
mod composer;
mod dialogs;

pub use actions::InteractionActions;
pub use add_interaction::AddInteraction;
pub use attachments::AttachmentTray;
pub use composer::Composer;
