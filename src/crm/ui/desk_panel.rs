//! The desk panel in an iframe at the right of the page, as Dynamics or Salesforce would
//! show it, and the bridge to it.

use leptos::{html, prelude::*};

use crate::crm::{actions::CrmActions, host};

#[component]
pub fn DeskPanel() -> impl IntoView {
    let actions = expect_context::<CrmActions>();
    let store = actions.store;
    let frame = NodeRef::<html::Iframe>::new();
    let desk_src = format!(
        "./{}",
        web_sys::window()
            .and_then(|w| w.location().search().ok())
            .unwrap_or_default()
    );
    Effect::new(move |connected: Option<bool>| {
        if connected == Some(true) {
            return true;
        }
        let (Some(frame), Some(window)) = (frame.get(), web_sys::window()) else {
            return false;
        };
        let (Some(panel), Ok(origin)) = (frame.content_window(), window.location().origin()) else {
            return false;
        };
        // The panel is this server's own desk: same origin, and the only window heard.
        host::connect(actions, panel, origin);
        true
    });
    view! {
        <aside class="crm__panel" aria-label="Omni Desk panel" hidden=move || store.panel_hidden.get()
            style:width=move || format!("{}px", store.panel_width.get())>
            // The referrer tells the desk who embeds it where the browser has no
            // `location.ancestorOrigins`; `?api=` (if any) goes to the panel too, so both
            // talk to the same backend.
            <iframe node_ref=frame class="crm__desk" title="Omni Desk" src=desk_src
                referrerpolicy="origin" allow="notifications; autoplay"></iframe>
        </aside>
    }
}
