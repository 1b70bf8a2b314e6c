//! Cases: the customer's interactions grouped by case number, in a table (the default; a
//! click highlights a row) or one at a time (unitary view, with paging). An email case shows
//! its To, CC and BCC, and View source shows the first email as it was received.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{Channel, CustomerCase, EmailAddress, InteractionState};

use super::table::{loaded_view, table};
use crate::{crm::actions::CrmActions, store::clock::local_date_time};

fn state_text(state: InteractionState) -> &'static str {
    match state {
        InteractionState::Queued => "Waiting in queue",
        InteractionState::Offered => "Offered",
        InteractionState::Active => "In progress",
        InteractionState::WrapUp => "Wrap-up",
        InteractionState::Open => "Open",
        InteractionState::Closed => "Closed",
    }
}

fn channel_text(channel: Channel) -> &'static str {
    match channel {
        Channel::Email => "Email",
        Channel::Chat => "Chat",
    }
}

fn addresses(list: &[EmailAddress]) -> String {
    let shown: Vec<String> = list
        .iter()
        .map(|a| match a.name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => format!("{name} <{}>", a.address),
            _ => a.address.clone(),
        })
        .collect();
    if shown.is_empty() {
        "—".into()
    } else {
        shown.join(", ")
    }
}

#[component]
pub fn CasesTab() -> impl IntoView {
    let actions = expect_context::<CrmActions>();
    let store = actions.store;
    let unitary = RwSignal::new(false);
    let at = RwSignal::new(0usize);
    let cases_table = move |items: Vec<CustomerCase>| {
        let rows = items
            .into_iter()
            .enumerate()
            .map(|(index, case)| {
                view! {
                    <tr class:crm-table__chosen=move || at.get() == index on:click=move |_| at.set(index)
                        on:dblclick=move |_| { at.set(index); unitary.set(true); }>
                        <td>{case.case_number.clone()}</td>
                        <td>{channel_text(case.channel)}</td>
                        <td>{case.subject.clone()}</td>
                        <td>{state_text(case.state)}</td>
                        <td>{case.interactions}</td>
                        <td>{local_date_time(case.opened_at)}</td>
                        <td>{local_date_time(case.last_activity_at)}</td>
                    </tr>
                }
            })
            .collect_view()
            .into_any();
        let headings = &[
            "Case",
            "Channel",
            "Subject",
            "State",
            "Interactions",
            "Opened",
            "Last activity",
        ];
        table("cases-table", headings, rows)
    };
    let one = move |items: Vec<CustomerCase>| {
        let count = items.len();
        let index = at.get().min(count.saturating_sub(1));
        let case = items[index].clone();
        view! {
            <nav class="crm-pager" aria-label="Cases">
                <button type="button" class="button" disabled=index == 0 on:click=move |_| at.set(index.saturating_sub(1))>"Previous"</button>
                <span class="crm-pager__range" id="case-position">{format!("Case {} of {count}", index + 1)}</span>
                <button type="button" class="button" disabled={index + 1 >= count} on:click=move |_| at.set(index + 1)>"Next"</button>
            </nav>
            <CaseDetail case />
        }
    };
    view! {
        <div class="crm-cases">
            <div class="crm-cases__views" role="group" aria-label="View">
                <button type="button" class="button" id="cases-table-view" aria-pressed=move || (!unitary.get()).to_string()
                    on:click=move |_| unitary.set(false)>"Table view"</button>
                <button type="button" class="button" id="cases-unitary-view" aria-pressed=move || unitary.get().to_string()
                    title="Shows the highlighted case, with its email fields"
                    on:click=move |_| unitary.set(true)>"Switch to unitary view"</button>
            </div>
            {move || {
                let empty = "No cases yet: interactions with this customer appear here.";
                loaded_view(store.cases.get(), "cases", empty, |items| {
                    if unitary.get() { one(items).into_any() } else { cases_table(items) }
                })
            }}
        </div>
    }
}

/// One case in full; an email case with its address fields and View source.
#[component]
fn CaseDetail(case: CustomerCase) -> impl IntoView {
    let actions = expect_context::<CrmActions>();
    let source = RwSignal::new(None::<Result<String, String>>);
    let email = case.channel == Channel::Email;
    let message_id = case.source_message_id;
    let view_source = move |_| {
        let Some(message_id) = message_id else { return };
        spawn_local(async move {
            let read = actions.message_source(message_id).await;
            source.set(Some(read.map_err(|e| e.message)));
        });
    };
    view! {
        <dl class="crm-facts" id="case-detail">
            <dt>"Case"</dt><dd>{case.case_number.clone()}</dd>
            <dt>"Channel"</dt><dd>{channel_text(case.channel)}</dd>
            <dt>"Subject"</dt><dd>{case.subject.clone()}</dd>
            <dt>"State"</dt><dd>{state_text(case.state)}</dd>
            <dt>"Opened"</dt><dd>{local_date_time(case.opened_at)}</dd>
            <dt>"Last activity"</dt><dd>{local_date_time(case.last_activity_at)}</dd>
            {email.then(|| view! {
                <dt>"To"</dt><dd data-field="to">{addresses(&case.to)}</dd>
                <dt>"CC"</dt><dd data-field="cc">{addresses(&case.cc)}</dd>
                <dt>"BCC"</dt><dd data-field="bcc">{addresses(&case.bcc)}</dd>
            })}
        </dl>
        {(email && message_id.is_some()).then(|| view! {
            <button type="button" class="button crm-cases__source" id="view-source" on:click=view_source>"View source"</button>
        })}
        {move || source.get().map(|read| match read {
            Ok(text) => view! { <pre class="crm-source" id="email-source" tabindex="0" aria-label="Email source">{text}</pre> }.into_any(),
            Err(why) => view! { <p class="form-error" role="alert">{why}</p> }.into_any(),
        })}
    }
}
