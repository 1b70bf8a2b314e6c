//! Whether the agent can see the desk: the page's visibility, kept for as long as it lives.

use leptos::prelude::*;
use wasm_bindgen::{closure::Closure, JsCast};

#[derive(Clone, Copy)]
pub struct PageVisibility {
    pub visible: RwSignal<bool>,
}

fn visible_now() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

impl PageVisibility {
    /// Follows `visibilitychange` on the document for the page's whole life.
    pub fn start() -> Self {
        let page = PageVisibility {
            visible: RwSignal::new(visible_now()),
        };
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            let changed = Closure::<dyn Fn()>::new(move || page.visible.set(visible_now()));
            let _ = document.add_event_listener_with_callback(
                "visibilitychange",
                changed.as_ref().unchecked_ref(),
            );
            changed.forget();
        }
        page
    }
}
