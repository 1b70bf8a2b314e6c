//! The page: a top bar (the CRM's name, the agent, the panel's state), the main area (the
//! Customers list, the New Customer form or a record), and the desk panel on the right.

use leptos::prelude::*;

use super::{customer_list::CustomerList, desk_panel::DeskPanel, record_view::RecordView};
use crate::{
    api::Api,
    crm::{
        actions::CrmActions,
        store::{CrmStore, Page, Screen},
    },
    ui::customers::contact_form::{ContactForm, FormPurpose},
};

#[component]
pub fn CrmApp(api: Api, failure: Option<String>) -> impl IntoView {
    let store = CrmStore::new();
    store.failure.set(failure);
    let actions = CrmActions::new(api, store);
    provide_context(actions);
    // The desk panel saves its session in this tab's sessionStorage: the CRM signs in and
    // out with it (the `storage` event reaches the other documents of the tab).
    actions.sync_session();
    let _ = window_event_listener(leptos::ev::storage, move |_| actions.sync_session());

    let agent_name = move || {
        store
            .agent
            .with(|agent| agent.as_ref().map(|a| a.display_name.clone()))
    };
    let signed_in = move || store.token.with(Option::is_some);
    // Rebuilt only when the screen changes: a tab switch or a repeated answer keeps what
    // the agent is typing.
    let screen = Memo::new(move |_| store.page.with(Page::screen));
    let waiting = move || {
        store.waiting.get().map(|(label, page)| {
            view! {
                <p class="notice crm__waiting" role="status">
                    {format!("The desk opened {label}. Your form stays open until you choose. ")}
                    <button type="button" class="button" on:click=move |_| {
                        let page = page.clone();
                        store.waiting.set(None);
                        leptos::task::spawn_local(async move { let _ = actions.go(page).await; });
                    }>"Open it"</button>
                    " "
                    <button type="button" class="button button--quiet" on:click=move |_| store.waiting.set(None)>"Dismiss"</button>
                </p>
            }
        })
    };
    view! {
        <div class="crm" class:crm--panel-hidden=move || store.panel_hidden.get()>
            <header class="crm__bar">
                <span class="crm__brand">"Local CRM"</span>
                <nav class="crm__nav" aria-label="CRM">
                    <button type="button" class="crm__nav-tab" aria-current="page"
                        on:click=move |_| actions.show_customers()>"Customers"</button>
                </nav>
                <span class="crm__agent">{move || agent_name().map(|name| format!("Signed in as {name}"))}</span>
                <span class="crm__panel-status" role="status" id="panel-status">{move || store.panel_status.get()}</span>
                <button type="button" class="button crm__panel-toggle"
                    on:click=move |_| store.panel_hidden.update(|hidden| *hidden = !*hidden)>
                    {move || if store.panel_hidden.get() { "Show desk" } else { "Hide desk" }}
                </button>
            </header>
            <main class="crm__main">
                {move || store.failure.get().map(|why| view! { <p class="form-error crm__failure" role="alert">{why}</p> })}
                {waiting}
                <Show when=signed_in fallback=|| view! {
                    <section class="crm__signed-out">
                        <h1>"Customers"</h1>
                        <p class="notice">"Sign in to Omni Desk in the panel on the right. The Local CRM uses the same sign-in and shows your customers here."</p>
                    </section>
                }>
                    {move || match screen.get() {
                        Screen::Customers => view! { <CustomerList /> }.into_any(),
                        Screen::NewCustomer(prefill, request_id) => view! {
                            <section class="crm-new" aria-labelledby="crm-new-title">
                                <h1 id="crm-new-title">"Create New Customer"</h1>
                                {request_id.is_some().then(|| view! {
                                    <p class="notice">"Filled from the interaction in the desk. Once you save, the desk links the interaction to this customer."</p>
                                })}
                                <ContactForm purpose=FormPurpose::New initial=*prefill
                                    save=std::rc::Rc::new(move |input| Box::pin(actions.create_customer(input, request_id.clone())))
                                    on_done=Callback::new(move |()| {
                                        if matches!(store.page.get_untracked(), Page::NewCustomer { .. }) {
                                            actions.show_customers();
                                        }
                                    }) />
                            </section>
                        }.into_any(),
                        Screen::Record(id) => view! { <RecordView id /> }.into_any(),
                    }}
                </Show>
            </main>
            <DeskPanel />
        </div>
    }
}
