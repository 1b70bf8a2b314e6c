//! One row of the interaction list (B16): contact, subject (with a hover preview), last
//! message time and direction, status, waiting count, tags, unread badge.

use leptos::{either::Either, prelude::*};
use omni_protocol::{Direction, InteractionState, InteractionSummary};

use crate::{
    search::highlight::pieces,
    store::{list::InteractionList, Session, Work},
    ui::drafts::DraftPencil,
};

/// `text` with the quick search's `words` marked where they match (B18).
fn marked(text: String, words: &[String]) -> AnyView {
    pieces(&text, words)
        .into_iter()
        .map(|(piece, hit)| {
            if hit {
                view! { <mark>{piece}</mark> }.into_any()
            } else {
                piece.into_any()
            }
        })
        .collect_view()
        .into_any()
}

/// Its own unread count: every agent's list shows the agent's own (docs/api.md, "Unread").
fn unread_of(item: &Option<InteractionSummary>) -> u32 {
    item.as_ref().map_or(0, |i| i.unread)
}

/// "Open", "Open – Pending", "Closed", "Closed unmanaged" or the disposition's leaf.
pub fn status_text(item: &InteractionSummary) -> (String, Option<String>) {
    match item.state {
        InteractionState::Closed if item.accepted_at.is_none() => ("Closed unmanaged".into(), None),
        InteractionState::Closed => match item.disposition_path.last() {
            Some(leaf) => (leaf.clone(), Some(item.disposition_path.join(" › "))),
            None => ("Closed".into(), None),
        },
        _ => match &item.sub_status {
            Some(sub) => (format!("Open – {sub}"), None),
            None => ("Open".into(), None),
        },
    }
}

fn short_time(ms: i64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    let today = js_sys::Date::new_0();
    if date.to_date_string() == today.to_date_string() {
        format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
    } else {
        format!("{:02}/{:02}", date.get_date(), date.get_month() + 1)
    }
}

/// A row slot of the virtual list. Slots are kept while the agent scrolls or filters; only
/// their texts change with the interaction shown, so a new page re-renders no elements. What
/// a change rebuilds (the tags, the badges) holds no reactive closure of its own: each one
/// dropped would stay subscribed to the row (reactive_graph 0.2 never unsubscribes a dropped
/// effect), a little more memory on every event.
#[component]
pub fn ListRow(item: Memo<Option<InteractionSummary>>, top: Signal<i32>) -> impl IntoView {
    let work = expect_context::<Work>();
    let session = expect_context::<Session>();
    let list = expect_context::<InteractionList>();
    let words = Memo::new(move |_| {
        list.filters
            .with(|f| omni_protocol::search::quick::words(&f.quick))
    });
    // Without a quick search the text node is updated in place (a plain string); with one,
    // the marked pieces are built.
    let found = move |read: fn(&InteractionSummary) -> String| {
        move || {
            let text = item.with(|i| i.as_ref().map(read).unwrap_or_default());
            words.with(|words| {
                if words.is_empty() {
                    Either::Left(text)
                } else {
                    Either::Right(marked(text, words))
                }
            })
        }
    };
    let preview_on = session
        .agent
        .with_untracked(|agent| agent.as_ref().is_none_or(|a| a.settings.hover_preview));
    let text = move |read: fn(&InteractionSummary) -> String| {
        move || item.with(|i| i.as_ref().map(read).unwrap_or_default())
    };
    let unread = move || item.with(unread_of);
    let inbound = move || {
        item.with(|i| {
            i.as_ref()
                .and_then(|i| i.last_message.as_ref())
                .map(|last| last.direction == Direction::Inbound)
        })
    };
    let arrow_label = move || match inbound() {
        Some(true) => "from the customer",
        Some(false) => "to the customer",
        None => "",
    };
    let id = move || item.with(|i| i.as_ref().map(|i| i.id));
    let selected = move || work.selected.get().is_some() && work.selected.get() == id();
    let open = move |_| {
        if let Some(interaction) = item.get_untracked() {
            work.open(&interaction);
        }
    };
    view! {
        <li
            class="list-row"
            class:list-row--unread={move || unread() > 0}
            data-interaction-id=id
            hidden=move || id().is_none()
            style:transform=move || format!("translateY({}px)", top.get())
        >
            <button class="list-row__button" type="button" aria-current=move || selected().then_some("true") on:click=open>
                <span class="list-row__contact" title=text(|i| i.customer.name.clone())>
                    <span class="list-row__name">{found(|i| i.customer.name.clone())}</span>
                    {move || {
                        let waiting = item.with(|i| i.as_ref().map_or(0, |i| i.related_waiting));
                        (waiting > 0).then(|| view! {
                            <span class="list-row__related" title="New interactions of this customer waiting">
                                {format!("+{waiting}")}
                            </span>
                        })
                    }}
                </span>
                <span class="list-row__time" title=arrow_label>
                    <span class="list-row__arrow" aria-label=arrow_label>
                        {move || match inbound() { Some(true) => "↓", Some(false) => "↑", None => "" }}
                    </span>
                    {text(|i| short_time(i.last_message.as_ref().map_or(i.created_at, |last| last.at)))}
                </span>
                <span class="list-row__subject"
                    title=move || item.with(|i| i.as_ref().map(|i| {
                        let subject = i.subject.clone().unwrap_or_else(|| "(no subject)".into());
                        match i.last_message.as_ref().filter(|_| preview_on) {
                            Some(last) => format!("{subject}\n{}", last.preview),
                            None => subject,
                        }
                    }))>
                    {found(|i| i.subject.clone().unwrap_or_else(|| "(no subject)".into()))}
                </span>
                <span class="list-row__status" title=move || item.with(|i| i.as_ref().and_then(|i| status_text(i).1))>
                    {text(|i| status_text(i).0)}
                </span>
                <span class="list-row__tags">
                    {move || item.with(|i| i.as_ref().map(|i| i.tags.clone()).unwrap_or_default())
                        .into_iter().map(|tag| view! { <span class="tag">{tag}</span> }).collect_view()}
                </span>
                {move || {
                    let unread = unread();
                    (unread > 0).then(|| view! { <span class="badge list-row__unread">{unread}</span> })
                }}
            </button>
            <span class="list-row__pencil"><DraftPencil interaction_id=Signal::derive(id) /></span>
        </li>
    }
}
