//! One icon per open interaction, oldest on top: channel glyph, initials, unread badge and
//! a wait alert that turns amber, then red, while the customer waits for an answer.

use leptos::prelude::*;
use omni_protocol::{InteractionState, InteractionSummary};

use crate::store::{
    clock::Clock,
    work::{clock_text, WaitAlert},
    Session, Work,
};
use crate::ui::icons::ChannelIcon;

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|part| part.chars().next())
        .take(2)
        .collect::<String>()
        .to_uppercase()
}

#[component]
pub fn InteractionRail() -> impl IntoView {
    let work = expect_context::<Work>();
    view! {
        <nav class="rail" aria-label="Open interactions">
            <Show
                when=move || work.interactions.with(|list| !list.is_empty())
                fallback=|| view! { <p class="rail__empty" title="No open interactions">"None open"</p> }
            >
                <ul class="rail__list">
                    <For each=move || work.interactions.get() key=|i| (i.id, i.state, i.unread) let:interaction>
                        <RailIcon interaction=interaction />
                    </For>
                </ul>
            </Show>
        </nav>
    }
}

#[component]
fn RailIcon(interaction: InteractionSummary) -> impl IntoView {
    let work = expect_context::<Work>();
    let clock = expect_context::<Clock>();
    let id = interaction.id;
    let alert = {
        let interaction = interaction.clone();
        move || WaitAlert::of(&interaction, clock.now.get())
    };
    let waiting_since = interaction.awaiting_reply_since;
    // Wrapping up: after ending it, or after transferring it (then it is someone else's).
    let wrapping = Memo::new(move |_| {
        interaction.state == InteractionState::WrapUp || work.wrap_up_of(id).is_some()
    });
    let label = {
        let interaction = interaction.clone();
        move || {
            let waited = waiting_since
                .map(|since| format!(", waiting {}", clock_text(clock.now.get() - since)));
            let state = if wrapping.get() { ", wrap-up" } else { "" };
            format!(
                "{} ({}){state}{}",
                interaction.customer.name,
                interaction.channel.as_str(),
                waited.unwrap_or_default()
            )
        }
    };
    // Unread counts are the assignee's: none for one this agent transferred.
    let unread = if expect_context::<Session>().is_assigned(&interaction) {
        interaction.unread
    } else {
        0
    };
    view! {
        <li>
            <button
                class=move || format!("rail-icon {}", alert().class())
                class:rail-icon--wrap-up=wrapping
                type="button"
                data-interaction-id=id
                aria-current=move || (work.selected.get() == Some(id)).then_some("true")
                title=label.clone()
                aria-label=label
                on:click=move |_| work.selected.set(Some(id))
            >
                <span class="rail-icon__initials">{initials(&interaction.customer.name)}</span>
                <span class="rail-icon__channel" aria-hidden="true"><ChannelIcon channel=interaction.channel /></span>
                {(unread > 0).then(|| view! { <span class="badge rail-icon__unread">{unread}</span> })}
            </button>
        </li>
    }
}
