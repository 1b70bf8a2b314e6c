//! One icon per open interaction, oldest on top: channel glyph, initials, unread badge and
//! a wait alert that turns amber, then red, while the customer waits for an answer.

use leptos::prelude::*;
use omni_protocol::{InteractionState, InteractionSummary};

use crate::{
    actions::Actions,
    store::{
        clock::Clock,
        rows::{Row, RowsStoreFields},
        work::{clock_text, WaitAlert},
        Work,
    },
    ui::{drafts::DraftPencil, icons::ChannelIcon},
};

fn initials(name: &str) -> String {
    let first: String = name
        .split_whitespace()
        .filter_map(|part| part.chars().next())
        .take(2)
        .collect();
    // The browser's own case mapping: Rust's would bring its Unicode tables into the wasm.
    String::from(js_sys::JsString::from(first).to_upper_case())
}

/// One interaction of the rail, as the keyed store holds it.
type RailRow = Row<InteractionSummary>;

#[component]
pub fn InteractionRail() -> impl IntoView {
    let work = expect_context::<Work>();
    view! {
        <nav class="rail" aria-label="Open interactions">
            <Show
                when=move || work.rail.rows().with(|rail| !rail.is_empty())
                fallback=|| view! { <p class="rail__empty" title="No open interactions">"None open"</p> }
            >
                <ul class="rail__list">
                    <For each=move || work.rail.rows() key=|row| row.key() let:row>
                        <RailIcon row=row />
                    </For>
                </ul>
            </Show>
        </nav>
    }
}

#[component]
fn RailIcon(row: RailRow) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let work = expect_context::<Work>();
    let clock = expect_context::<Clock>();
    let id = row.key();
    // Only this row's changes reach here (its badge, its state), not the rest of the rail.
    let summary = Memo::new(move |_| row.try_get());
    let read = move |f: fn(&InteractionSummary) -> String| {
        move || summary.with(|s| s.as_ref().map(f).unwrap_or_default())
    };
    let alert = move || {
        summary.with(|s| {
            s.as_ref()
                .map_or(WaitAlert::None, |s| WaitAlert::of(s, clock.now.get()))
        })
    };
    // Wrapping up: after ending it, or after transferring it (then it is someone else's).
    let wrapping = Memo::new(move |_| {
        summary.with(|s| {
            s.as_ref()
                .is_some_and(|s| s.state == InteractionState::WrapUp)
        }) || work.wrap_up_of(id).is_some()
    });
    let label = move || {
        summary.with(|s| {
            let Some(s) = s else { return String::new() };
            let waited = s
                .awaiting_reply_since
                .map(|since| format!(", waiting {}", clock_text(clock.now.get() - since)));
            let state = if wrapping.get() { ", wrap-up" } else { "" };
            let unread = match s.unread {
                0 => String::new(),
                1 => ", 1 unread message".to_owned(),
                n => format!(", {n} unread messages"),
            };
            format!(
                "{} ({}){state}{unread}{}",
                s.customer.name,
                s.channel.as_str(),
                waited.unwrap_or_default()
            )
        })
    };
    // Each agent's own unread count (docs/api.md, "Unread").
    let unread = move || summary.with(|s| s.as_ref().map_or(0, |s| s.unread));
    let channel = summary.with_untracked(|s| s.as_ref().map(|s| s.channel));
    let open = move |_| {
        work.selected.set(Some(id));
        leptos::task::spawn_local(actions.read_if_unread(id));
    };
    view! {
        <li>
            <button
                class=move || format!("rail-icon {}", alert().class())
                class:rail-icon--wrap-up=wrapping
                type="button"
                data-interaction-id=id
                aria-current=move || (work.selected.get() == Some(id)).then_some("true")
                title=label
                aria-label=label
                on:click=open
            >
                <span class="rail-icon__initials">{read(|s| initials(&s.customer.name))}</span>
                {channel.map(|channel| view! {
                    <span class="rail-icon__channel" aria-hidden="true"><ChannelIcon channel=channel /></span>
                })}
                // Plain text inside: a closure there would stay subscribed after each rebuild.
                {move || {
                    let unread = unread();
                    (unread > 0).then(|| view! { <span class="badge rail-icon__unread">{unread}</span> })
                }}
            </button>
            <span class="rail-icon__pencil"><DraftPencil interaction_id=Signal::derive(move || Some(id)) /></span>
        </li>
    }
}
