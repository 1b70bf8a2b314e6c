//! Drafts on screen (PRODUCT B20): the pencil that says whether an interaction has one, the
//! minimized boxes below the list, and the warning when drafts cannot be saved.

mod draft_boxes;
mod pencil;
mod storage_warning;

pub use draft_boxes::DraftBoxes;
pub use pencil::DraftPencil;
pub use storage_warning::DraftStorageWarning;

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

use crate::actions::Actions;

/// Saves the drafts when the page is hidden or goes (reload, closed tab), and hears other
/// tabs' changes, for as long as the owner lives.
pub fn keep_drafts(actions: Actions) {
    let heard: Box<dyn Fn(web_sys::Event)> = Box::new(move |event| {
        if let Some(changed) = event.dyn_ref::<web_sys::StorageEvent>() {
            if let Some(key) = changed.key() {
                actions.heard_storage(key, changed.new_value());
            }
            return;
        }
        let hidden = web_sys::window()
            .and_then(|w| w.document())
            .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
        if event.type_() == "pagehide" || hidden {
            actions.save_drafts();
        }
    });
    let listener = Closure::wrap(heard);
    let Some(window) = web_sys::window() else {
        return;
    };
    const EVENTS: [&str; 3] = ["pagehide", "visibilitychange", "storage"];
    for name in EVENTS {
        let _ = window.add_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
    }
    let kept = StoredValue::new_local(Some(listener));
    on_cleanup(move || {
        let (Some(Some(listener)), Some(window)) =
            (kept.try_update_value(Option::take), web_sys::window())
        else {
            return;
        };
        for name in EVENTS {
            let _ =
                window.remove_event_listener_with_callback(name, listener.as_ref().unchecked_ref());
        }
    });
}
