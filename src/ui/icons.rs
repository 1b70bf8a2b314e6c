//! Inline SVG icons: they render the same everywhere, unlike emoji fonts.

use leptos::prelude::*;
use omni_protocol::Channel;

#[component]
pub fn ChannelIcon(channel: Channel) -> impl IntoView {
    let (label, path) = match channel {
        Channel::Email => ("Email", "M3 6h18v12H3z M3 6l9 7 9-7"),
        Channel::Chat => ("Chat", "M4 5h16v10H9l-5 4z"),
    };
    view! {
        <svg class="channel-icon" viewBox="0 0 24 24" width="16" height="16" role="img" aria-label=label>
            <path d=path fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
        </svg>
    }
}
