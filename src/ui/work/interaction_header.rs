//! Who, what, which queue and channel, and when: the head of an open interaction.

use leptos::prelude::*;
use omni_protocol::{Channel, InteractionSummary};

use crate::store::work::clock_text;

/// Local `HH:MM` of an epoch-milliseconds instant.
pub fn local_time(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

#[component]
pub fn InteractionHeader(interaction: InteractionSummary) -> impl IntoView {
    let channel = match interaction.channel {
        Channel::Email => "Email",
        Channel::Chat => "Chat",
    };
    let title = interaction
        .subject
        .clone()
        .unwrap_or_else(|| interaction.preview.clone());
    let waited = interaction
        .accepted_at
        .map(|accepted| clock_text(accepted - interaction.created_at));
    let contact = interaction
        .customer
        .email
        .clone()
        .or(interaction.customer.phone.clone())
        .unwrap_or_default();
    view! {
        <header class="interaction-header">
            <h2 class="interaction-header__customer">{interaction.customer.name.clone()}</h2>
            <p class="interaction-header__contact">{contact}</p>
            <p class="interaction-header__title">{title}</p>
            <dl class="interaction-header__facts">
                <div><dt>"Queue"</dt><dd>{interaction.queue_name.clone()}</dd></div>
                <div><dt>"Channel"</dt><dd>{channel}</dd></div>
                <div><dt>"Arrived"</dt><dd>{local_time(interaction.created_at)}</dd></div>
                {interaction.accepted_at.map(|at| view! { <div><dt>"Accepted"</dt><dd>{local_time(at)}</dd></div> })}
                {waited.map(|waited| view! { <div><dt>"Waited"</dt><dd>{waited}</dd></div> })}
                {interaction.ended_at.map(|at| view! { <div><dt>"Ended"</dt><dd>{local_time(at)}</dd></div> })}
            </dl>
        </header>
    }
}
