//! The Contact tab: what the screen pop decided. The record (linked, the one match, or the
//! first with auto multi-match on); the New Contact form when nobody matches; a pointer to
//! the avatar's list when several do.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::InteractionSummary;

use super::{
    contact_form::{ContactForm, FormPurpose, SaveContact},
    outcome_of,
    record_card::RecordCard,
};
use crate::{
    actions::Actions,
    customers::pop::{prefill, Lookup, Outcome},
    store::{customers::Customers, Session},
};

#[component]
pub fn ContactTab(interaction: InteractionSummary) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let customers = expect_context::<Customers>();
    let session = expect_context::<Session>();
    let outcome = {
        let interaction = interaction.clone();
        Memo::new(move |_| outcome_of(&interaction, customers, session))
    };
    let lookup = Lookup::of(&interaction);
    let address = lookup
        .as_ref()
        .map(|l| l.text().to_owned())
        .unwrap_or_default();
    let linked = interaction.customer.id;
    let id = interaction.id;
    let initial = prefill(&interaction);
    let embedded = actions.stores.host.embedded.get_untracked();
    let show_in_crm = {
        let interaction = interaction.clone();
        (embedded && session.is_assigned(&interaction)).then(|| {
            view! {
                <button class="button button--small contact-tab__crm" type="button"
                    title="Show this customer in the CRM page again"
                    on:click=move |_| spawn_local(actions.show_again_in_host(interaction.clone(), outcome.get_untracked()))>
                    "Show in CRM"
                </button>
            }
        })
    };
    let shown = move || {
        match outcome.get() {
        Outcome::Looking => {
            let failed = lookup.as_ref().and_then(|lookup| customers.failure_of(lookup));
            match failed {
                None => view! { <p class="pane__empty">"Looking up " {address.clone()} "…"</p> }.into_any(),
                Some(message) => {
                    let again = interaction.clone();
                    view! {
                        <p class="form-error" role="alert">{format!("The customer could not be looked up: {message}")}</p>
                        <button class="button" type="button"
                            on:click=move |_| spawn_local(actions.pop(again.clone()))>"Try again"</button>
                    }.into_any()
                }
            }
        }
        Outcome::Choose => view! {
            <p class="notice" role="note">
                {format!("Several customers have {address}. Choose who this is with the avatar above; the first is the default.")}
            </p>
        }.into_any(),
        Outcome::NewContact => view! {
            <h3 class="contact-tab__title">"New contact"</h3>
            <p class="contact-tab__hint">
                {if address.is_empty() {
                    "This interaction names no address. Create the contact it is with.".to_owned()
                } else {
                    format!("No customer record has {address}. Create the contact and this interaction is linked to it; wrap-up waits for it.")
                }}
            </p>
            {if embedded {
                view! {
                    <p class="notice" role="note">"The CRM's New Customer form is open beside the desk, filled from this interaction. Once it is saved there, the desk links this interaction to the new record (or says why it could not)."</p>
                    <details class="contact-tab__here">
                        <summary>"Create the contact here instead"</summary>
                        <ContactForm purpose=FormPurpose::New initial=initial.clone()
                            save=create_and_link(actions, id) save_label="Save and link" />
                    </details>
                }.into_any()
            } else {
                view! {
                    <ContactForm purpose=FormPurpose::New initial=initial.clone()
                        save=create_and_link(actions, id) save_label="Save and link" />
                }.into_any()
            }}
        }.into_any(),
        Outcome::Record(customer_id) => {
            // A linked record the lookup did not bring (another address): read it.
            if untrack(|| customers.record(customer_id)).is_none() {
                spawn_local(async move {
                    let _ = actions.load_customer(customer_id).await;
                });
            }
            let is_linked = linked == Some(customer_id);
            // Rebuilt only when this record changes, not on every other lookup or record
            // (an Edit open keeps what the agent typed).
            let record = Memo::new(move |_| customers.record(customer_id));
            (move || record.get().map(|customer| view! {
                <RecordCard customer=customer interaction_id=id linked=is_linked />
            })).into_any()
        }
    }
    };
    view! { {show_in_crm} {shown} }
}

/// Save on the New Contact form: the record is created and interaction `id` linked to it.
fn create_and_link(actions: Actions, id: i64) -> SaveContact {
    std::rc::Rc::new(move |input| {
        Box::pin(async move { actions.create_contact(Some(id), input).await.map(drop) })
    })
}
