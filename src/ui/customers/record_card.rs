//! A customer's record beside the interaction: key fields, Link (when shown but not linked),
//! Edit with `may_edit_customers`, Delete with `may_delete_customers` (absent otherwise: the
//! server would refuse them), and the full record below.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::Customer;

use super::contact_form::{ContactForm, FormPurpose};
use crate::{
    actions::Actions,
    store::{clock::local_date_time, Session},
};

#[component]
pub fn RecordCard(customer: Customer, interaction_id: i64, linked: bool) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let session = expect_context::<Session>();
    let permission = move |edit: bool| {
        session.agent.with(|agent| {
            agent.as_ref().is_some_and(|a| {
                if edit {
                    a.permissions.may_edit_customers
                } else {
                    a.permissions.may_delete_customers
                }
            })
        })
    };
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let id = customer.id;
    let link = move |_| {
        spawn_local(async move {
            if let Err(failure) = actions.link_customer(interaction_id, id).await {
                error.set(Some(failure.message));
            }
        });
    };
    let delete = move |_| {
        spawn_local(async move {
            if let Err(failure) = actions.delete_customer(id).await {
                error.set(Some(failure.message));
            }
            confirming.set(false);
        });
    };
    let fact = |term: &'static str, value: String| {
        (!value.is_empty()).then(|| view! { <div><dt>{term}</dt><dd>{value}</dd></div> })
    };
    let initial = customer.to_input();
    let done = Callback::new(move |()| editing.set(false));
    view! {
        <section class="record-card" data-customer-id=id aria-label="Customer record">
            <Show when=move || editing.get()
                fallback={
                    let customer = customer.clone();
                    move || view! {
                        <h3 class="record-card__name">{customer.name()}</h3>
                        <p class="record-card__account">
                            {customer.account.clone()}
                            {customer.draft.then(|| view! { <span class="record-card__draft">" · Draft"</span> })}
                        </p>
                        <dl class="record-card__facts">
                            {fact("Company", customer.company.clone())}
                            {fact("Email", customer.emails.join(", "))}
                            {fact("Phone", customer.phones.join(", "))}
                            {fact("Address", customer.primary_address.clone())}
                        </dl>
                        {(!linked).then(|| view! {
                            <p class="notice" role="note">"This interaction is not linked to this record yet."</p>
                            <button class="button button--primary" type="button" on:click=link>"Link to this contact"</button>
                        })}
                        <div class="record-card__actions">
                            <Show when=move || permission(true)>
                                <button class="button" type="button" on:click=move |_| editing.set(true)>"Edit"</button>
                            </Show>
                            <Show when=move || permission(false)>
                                <Show when=move || confirming.get()
                                    fallback=move || view! { <button class="button button--danger-quiet" type="button" on:click=move |_| confirming.set(true)>"Delete"</button> }>
                                    <span class="confirm" role="alertdialog" aria-label="Delete this customer?">
                                        "Delete this customer? Their interactions stay, unlinked."
                                        <button class="button button--danger" type="button" on:click=delete>"Delete"</button>
                                        <button class="button" type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                                    </span>
                                </Show>
                            </Show>
                        </div>
                        <details class="record-card__full">
                            <summary>"Full record"</summary>
                            <dl class="record-card__facts">
                                {fact("Account", customer.account.clone())}
                                {fact("First name", customer.first_name.clone())}
                                {fact("Last name", customer.last_name.clone())}
                                {fact("Secondary address", customer.secondary_address.clone())}
                                {fact("Created", local_date_time(customer.created_at))}
                                {fact("Updated", local_date_time(customer.updated_at))}
                                {fact("Last interaction", customer.last_interaction_at.map(local_date_time).unwrap_or_default())}
                            </dl>
                        </details>
                    }
                }>
                <h3 class="record-card__name">"Edit contact"</h3>
                <ContactForm purpose=FormPurpose::Edit { version: initial.version.unwrap_or_default() }
                    initial=initial.clone() on_done=done
                    save=std::rc::Rc::new(move |input| Box::pin(actions.update_customer(id, input))) />
            </Show>
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </section>
    }
}
