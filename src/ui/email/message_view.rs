//! One message: who to whom and when, the body (safe HTML or plain text), attachments.

use leptos::prelude::*;
use omni_protocol::{Direction, EmailAddress, Message, MessageKind};

use crate::{email::delivery::delivery_notice, store::rows::Row};

/// One message of the open thread, as the keyed store holds it.
pub type MessageRow = Row<Message>;

use super::{
    attachment_list::AttachmentList, original_source::OriginalSource,
    plain_text_body::PlainTextBody, safe_html_frame::SafeHtmlFrame,
};

fn address_text(address: &EmailAddress) -> String {
    match &address.name {
        // A note's author is an agent: a name without an address.
        Some(name) if address.address.is_empty() => name.clone(),
        Some(name) => format!("{name} <{}>", address.address),
        None => address.address.clone(),
    }
}

fn list_text(addresses: &[EmailAddress]) -> String {
    addresses
        .iter()
        .map(address_text)
        .collect::<Vec<_>>()
        .join(", ")
}

fn local_date(ms: i64) -> js_sys::Date {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
}

/// `HH:MM` of a local date.
fn hours_minutes(date: &js_sys::Date) -> String {
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}

/// `HH:MM` in the agent's time zone.
fn clock_time(ms: i64) -> String {
    hours_minutes(&local_date(ms))
}

/// `YYYY-MM-DD HH:MM` in the agent's time zone.
fn when(ms: i64) -> String {
    let date = local_date(ms);
    format!(
        "{}-{:02}-{:02} {}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        hours_minutes(&date)
    )
}

/// A message of the thread, rendered once: nothing in it reads the stores reactively. A
/// `message_changed` (its delivery) has a new version, and the thread keys its rows by id and
/// version, so the message is rendered anew. (A view that tracked the store would leave a
/// dead subscription in it each time a message leaves the thread: reactive_graph 0.2 never
/// unsubscribes a dropped effect, see docs/benchmarks.md.)
#[component]
pub fn MessageView(row: MessageRow) -> impl IntoView {
    let Some(message) = row.try_get_untracked() else {
        return ().into_any();
    };
    let delivery = message
        .delivery_error
        .clone()
        .map(|error| (error, message.delivery_retry_at));
    let direction = match message.direction {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    };
    let kind = match message.kind {
        MessageKind::Email => "email",
        MessageKind::Chat => "chat",
        MessageKind::Note => "note",
        MessageKind::AutoReply => "auto-reply",
    };
    let recipients = [
        ("To", &message.to),
        ("Cc", &message.cc),
        ("Bcc", &message.bcc),
    ]
    .into_iter()
    .filter(|(_, list)| !list.is_empty())
    .map(|(label, list)| {
        let (text, full) = (list_text(list), list_text(list));
        view! { <div><dt>{label}</dt><dd title=full>{text}</dd></div> }
    })
    .collect_view();
    let body = match message.html.clone() {
        Some(html) => {
            view! { <SafeHtmlFrame html=html attachments=message.attachments.clone() /> }.into_any()
        }
        None => view! { <PlainTextBody text=message.text.clone() /> }.into_any(),
    };
    view! {
        <article class="message" data-direction=direction data-kind=kind data-message-id=message.id>
            <header class="message__head">
                <dl class="message__addresses">
                    <div><dt>"From"</dt><dd title=address_text(&message.from)>{address_text(&message.from)}</dd></div>
                    {recipients}
                </dl>
                <time class="message__time">{when(message.sent_at)}</time>
            </header>
            {(message.kind == MessageKind::Note).then(|| view! { <p class="message__note-flag">"Internal note · not sent to the customer"</p> })}
            {delivery.map(|(reason, retry_at)| {
                let retry_at = retry_at.map(clock_time);
                view! {
                    <p class="form-error message__delivery" role="alert">
                        {delivery_notice(&reason, retry_at.as_deref())}
                    </p>
                }
            })}
            {message.sending.then(|| view! {
                <p class="message__sending" role="status">"Sending: the server is handing this email to the mail server."</p>
            })}
            {body}
            <AttachmentList attachments=message.attachments.clone() />
            {message.has_source.then(|| view! { <OriginalSource message_id=message.id /> })}
        </article>
    }
    .into_any()
}
