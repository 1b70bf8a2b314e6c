//! One row of the interaction list (B16): contact, subject (with a hover preview), last
//! message time and direction, status, waiting count, tags, unread badge.

use leptos::prelude::*;
use omni_protocol::{Direction, InteractionState, InteractionSummary};

use crate::store::{Session, Work};

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

#[component]
pub fn ListRow(item: InteractionSummary, top: i32) -> impl IntoView {
    let work = expect_context::<Work>();
    let session = expect_context::<Session>();
    let me = session
        .agent
        .with_untracked(|agent| agent.as_ref().map(|a| a.id));
    let preview_on = session
        .agent
        .with_untracked(|agent| agent.as_ref().is_none_or(|a| a.settings.hover_preview));
    let (status, status_detail) = status_text(&item);
    let unread = if item.agent_id == me && me.is_some() {
        item.unread
    } else {
        0
    };
    let (time, arrow, arrow_label) = match &item.last_message {
        Some(last) => (
            short_time(last.at),
            if last.direction == Direction::Inbound {
                "↓"
            } else {
                "↑"
            },
            if last.direction == Direction::Inbound {
                "from the customer"
            } else {
                "to the customer"
            },
        ),
        None => (short_time(item.created_at), "", ""),
    };
    let has_unread = unread > 0;
    let preview = item
        .last_message
        .as_ref()
        .map(|last| last.preview.clone())
        .filter(|_| preview_on);
    let id = item.id;
    let selected = move || work.selected.get() == Some(id);
    let open = {
        let item = item.clone();
        move |_| work.open(&item)
    };
    view! {
        <li
            class="list-row"
            class:list-row--unread=has_unread
            data-interaction-id=id
            style:transform=format!("translateY({top}px)")
        >
            <button class="list-row__button" type="button" aria-current=move || selected().then_some("true") on:click=open>
                <span class="list-row__contact">
                    {item.customer.name.clone()}
                    {(item.related_waiting > 0).then(|| view! {
                        <span class="list-row__related" title="New interactions of this customer waiting">
                            {format!("+{}", item.related_waiting)}
                        </span>
                    })}
                </span>
                <span class="list-row__time" title=arrow_label>
                    <span class="list-row__arrow" aria-label=arrow_label>{arrow}</span>
                    {time}
                </span>
                <span class="list-row__subject" title=preview>{item.subject.clone().unwrap_or_else(|| "(no subject)".into())}</span>
                <span class="list-row__status" title=status_detail>{status}</span>
                <span class="list-row__tags">
                    {item.tags.iter().map(|tag| view! { <span class="tag">{tag.clone()}</span> }).collect_view()}
                </span>
                {(unread > 0).then(|| view! { <span class="badge list-row__unread">{unread}</span> })}
            </button>
        </li>
    }
}
