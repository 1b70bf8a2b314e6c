//! Details: every field of the record, click-to-email through the desk panel, and at the
//! bottom Edit (with `may_edit_customers`) and Delete (with `may_delete_customers`). Without
//! the permission the control is absent; the server would refuse it anyway (403).

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::Customer;

use crate::{
    crm::actions::CrmActions,
    store::clock::local_date_time,
    ui::customers::contact_form::{ContactForm, FormPurpose},
};

fn fact(label: &'static str, value: String) -> impl IntoView {
    let empty = value.trim().is_empty();
    view! {
        <dt>{label}</dt>
        <dd class:crm-muted=empty>{if empty { "—".to_owned() } else { value }}</dd>
    }
}

#[component]
pub fn DetailsTab() -> impl IntoView {
    let actions = expect_context::<CrmActions>();
    let store = actions.store;
    let editing = store.editing;
    let confirming = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let shown = move || store.record.get();
    let emails = move |customer: &Customer| {
        let who = customer.clone();
        customer
            .emails
            .iter()
            .map(|email| {
                let (address, who) = (email.clone(), who.clone());
                view! {
                    <li>
                        {email.clone()}" "
                        <a href="#" class="crm-act" data-action="email" on:click=move |ev| {
                            ev.prevent_default();
                            let (address, who) = (address.clone(), who.clone());
                            spawn_local(async move { actions.email_from_desk(address, &who).await });
                        }>"Email from the desk"</a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        {move || shown().map(|customer| {
            let id = customer.id;
            if editing.get() {
                return view! {
                    <h2 class="crm-section-title">"Edit customer"</h2>
                    <ContactForm purpose=FormPurpose::Edit { version: customer.version } initial=customer.to_input()
                        save=std::rc::Rc::new(move |input| Box::pin(actions.update_customer(id, input)))
                        on_done=Callback::new(move |()| editing.set(false)) />
                }.into_any();
            }
            view! {
                <dl class="crm-facts">
                    {fact("Account", customer.account.clone())}
                    {fact("First name", customer.first_name.clone())}
                    {fact("Last name", customer.last_name.clone())}
                    {fact("Company", customer.company.clone())}
                    <dt>"Email"</dt>
                    <dd>{if customer.emails.is_empty() {
                        view! { <span class="crm-muted">"—"</span> }.into_any()
                    } else {
                        view! { <ul class="crm-facts__list">{emails(&customer)}</ul> }.into_any()
                    }}</dd>
                    {fact("Phone", customer.phones.join(", "))}
                    {fact("Primary address", customer.primary_address.clone())}
                    {fact("Secondary address", customer.secondary_address.clone())}
                    {fact("Record", if customer.draft { "Draft (not used to match interactions)".into() } else { "Complete".into() })}
                    {fact("Created", local_date_time(customer.created_at))}
                    {fact("Updated", local_date_time(customer.updated_at))}
                    {fact("Last interaction", customer.last_interaction_at.map(local_date_time).unwrap_or_default())}
                </dl>
                <div class="crm-record__actions">
                    {store.may_edit().then(|| view! {
                        <button type="button" class="button button--primary" id="edit-customer" on:click=move |_| editing.set(true)>"Edit"</button>
                    })}
                    {store.may_delete().then(|| view! {
                        <button type="button" class="button button--danger" id="delete-customer" on:click=move |_| confirming.set(true)>"Delete"</button>
                    })}
                    {(!store.may_edit() && !store.may_delete()).then(|| view! {
                        <p class="crm-muted">"You may view this record. Editing and deleting need a permission your administrator grants."</p>
                    })}
                    <Show when=move || confirming.get()>
                        <span class="confirm" role="alertdialog" aria-label="Delete this customer?">
                            "Delete this customer? Their interactions stay, unlinked. "
                            <button type="button" class="button button--danger" id="confirm-delete" on:click=move |_| {
                                spawn_local(async move {
                                    if let Err(failure) = actions.delete_customer(id).await {
                                        error.set(Some(failure.message));
                                    }
                                    confirming.set(false);
                                });
                            }>"Delete"</button>
                            <button type="button" class="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                        </span>
                    </Show>
                </div>
                {move || error.get().map(|why| view! { <p class="form-error" role="alert">{why}</p> })}
            }.into_any()
        })}
    }
}
