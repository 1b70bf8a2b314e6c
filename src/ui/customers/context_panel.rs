//! Beside the selected interaction: the customer's avatar with the number of matches, and
//! three tabs (seed 003). At 360 px the panel sits above the thread as a tab strip.

use leptos::{prelude::*, task::spawn_local};

use super::{
    contact_tab::ContactTab, interaction_tab::InteractionTab, journey_tab::JourneyTab, MatchAvatar,
};
use crate::{
    actions::Actions,
    store::{customers::ContextTab, customers::Customers, Work},
};

#[component]
pub fn ContextPanel() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let work = expect_context::<Work>();
    let customers = expect_context::<Customers>();
    // Rebuilt when another interaction is selected, or its contact changes (linked).
    let shown = Memo::new(move |_| {
        work.selected_interaction()
            .map(|i| (i.id, i.customer.clone()))
    });
    // On accept and on selection: look the customer up (once per address).
    Effect::new(move |_| {
        if shown.get().is_some() {
            if let Some(interaction) = untrack(|| work.selected_interaction()) {
                spawn_local(actions.pop(interaction));
            }
        }
    });
    // Embedded, the pop shows in the CRM page too: the record, its New Customer form, or
    // its search results (once per interaction and outcome; see `Actions::pop_in_host`).
    let host = actions.stores.host;
    let session = actions.stores.session;
    Effect::new(move |_| {
        if !host.embedded.get() {
            return;
        }
        if let Some(interaction) = work.selected_interaction() {
            let outcome = super::outcome_of(&interaction, customers, session);
            spawn_local(actions.pop_in_host(interaction, outcome));
        }
    });
    let tab = customers.tab;
    let tab_button = move |which: ContextTab, text: &'static str| {
        view! {
            <button class="context-tabs__tab" type="button" role="tab"
                aria-selected=move || (tab.get() == which).to_string()
                on:click=move |_| tab.set(which)>
                {text}
            </button>
        }
    };
    view! {
        <aside class="pane pane--context" aria-label="Customer">
            {move || match shown.get().and_then(|_| untrack(|| work.selected_interaction())) {
                None => view! {
                    <h2 class="pane__title">"Customer"</h2>
                    <p class="pane__empty">"The customer's details show here while you work an interaction."</p>
                }.into_any(),
                Some(interaction) => view! {
                    <div class="context-head">
                        <MatchAvatar interaction=interaction.clone() />
                        <div class="context-head__who">
                            <strong>{interaction.customer.name.clone()}</strong>
                            <span>{interaction.customer.email.clone().or(interaction.customer.phone.clone()).unwrap_or_default()}</span>
                        </div>
                    </div>
                    <HostFailure />
                    <div class="context-tabs" role="tablist" aria-label="About this interaction">
                        {tab_button(ContextTab::Contact, "Contact")}
                        {tab_button(ContextTab::Interaction, "Interaction")}
                        {tab_button(ContextTab::Journey, "Customer Journey")}
                    </div>
                    <div class="context-tabs__panel" role="tabpanel">
                        {
                            let interaction = interaction.clone();
                            move || match tab.get() {
                                ContextTab::Contact => view! { <ContactTab interaction=interaction.clone() /> }.into_any(),
                                ContextTab::Interaction => view! { <InteractionTab interaction=interaction.clone() /> }.into_any(),
                                ContextTab::Journey => view! { <JourneyTab interaction=interaction.clone() /> }.into_any(),
                            }
                        }
                    </div>
                }.into_any(),
            }}
        </aside>
    }
}

/// What the CRM page could not do (it did not answer, or refused), until dismissed.
#[component]
fn HostFailure() -> impl IntoView {
    let failure = expect_context::<Actions>().stores.host.failure;
    move || {
        failure.get().map(|why| {
            view! {
                <div class="notice notice--warning host-failure" role="alert">
                    <span>{why}</span>
                    <button class="button button--small" type="button"
                        on:click=move |_| failure.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}
