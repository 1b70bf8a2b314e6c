//! Drafts on screen (PRODUCT B20): the pencil that says whether an interaction has one, the
//! minimized boxes below the list, and the warning when drafts cannot be saved.

mod draft_boxes;
mod pencil;
mod storage_warning;

pub use draft_boxes::DraftBoxes;
pub use pencil::DraftPencil;
pub use storage_warning::DraftStorageWarning;

use leptos::{ev, prelude::*};

use crate::actions::Actions;

/// Saves the drafts when the page is hidden or goes (reload, closed tab), and hears other
/// tabs' changes, for as long as the owner lives.
pub fn keep_drafts(actions: Actions) {
    let hidden = window_event_listener(ev::pagehide, move |_| actions.save_drafts());
    let switched = window_event_listener(ev::visibilitychange, move |_| {
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if hidden {
            actions.save_drafts();
        }
    });
    let heard = window_event_listener(ev::storage, move |event| {
        if let Some(key) = event.key() {
            actions.heard_storage(key, event.new_value());
        }
    });
    on_cleanup(move || {
        hidden.remove();
        switched.remove();
        heard.remove();
    });
}
