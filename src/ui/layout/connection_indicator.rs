//! Live / reconnecting / offline, from the event stream's state.

use leptos::prelude::*;

use crate::store::{connection::LinkState, Connection};

#[component]
pub fn ConnectionIndicator() -> impl IntoView {
    let connection = expect_context::<Connection>();
    let state = move || connection.link.get();
    let text = move || match state() {
        LinkState::Connecting => "Connecting…",
        LinkState::Live => "Live",
        LinkState::Reconnecting => "Reconnecting…",
        LinkState::Offline => "Offline",
    };
    let explain = move || match state() {
        LinkState::Live => "Receiving updates as they happen.",
        LinkState::Connecting | LinkState::Reconnecting => {
            "Not receiving updates; trying to reconnect. Nothing is lost."
        }
        LinkState::Offline => {
            "Your browser is offline; the desk reconnects when the network returns."
        }
    };
    view! {
        <span
            class="connection"
            role="status"
            aria-live="polite"
            data-link=move || state().label()
            data-last-event-id=move || connection.last_event_id.get().to_string()
            title=explain
        >
            <span class="connection__dot" aria-hidden="true"></span>
            <span class="connection__label">{text}</span>
        </span>
    }
}
