//! One customer: the title (last name, first name and account number, each a link to the
//! Details), "Back to Customers", and the tabs Details, Cases, Tasks and History.

use leptos::prelude::*;

use super::{
    cases_tab::CasesTab, details_tab::DetailsTab, history_tab::HistoryTab, tasks_tab::TasksTab,
};
use crate::crm::{
    actions::CrmActions,
    store::{Page, RecordTab},
};

#[component]
pub fn RecordView(id: i64) -> impl IntoView {
    let actions = expect_context::<CrmActions>();
    let store = actions.store;
    let to_details = move |ev: web_sys::MouseEvent| {
        ev.prevent_default();
        actions.show_tab(RecordTab::Details);
    };
    let loaded = move || {
        store
            .record
            .with(|r| r.as_ref().is_some_and(|r| r.id == id))
    };
    let title = move || {
        store.record.get().filter(|r| r.id == id).map(|customer| {
            view! {
                <h1 class="crm-record__title" id="record-title">
                    <a href="#" on:click=to_details>{customer.last_name.clone()}</a>
                    {(!customer.last_name.is_empty() && !customer.first_name.is_empty()).then_some(", ")}
                    <a href="#" on:click=to_details>{customer.first_name.clone()}</a>
                    " · "
                    <a href="#" on:click=to_details class="crm-record__account">{customer.account.clone()}</a>
                    {customer.draft.then(|| view! { <span class="crm-badge">"Draft"</span> })}
                </h1>
            }
        })
    };
    let tab = Memo::new(move |_| match store.page.get() {
        Page::Record { tab, .. } => tab,
        _ => RecordTab::Details,
    });
    let tabs = move || {
        RecordTab::ALL
            .into_iter()
            .map(|each| {
                view! {
                    <button type="button" role="tab" class="crm-tabs__tab" id=format!("tab-{}", each.label().to_lowercase())
                        aria-selected=move || (each == tab.get()).to_string() on:click=move |_| actions.show_tab(each)>
                        {each.label()}
                    </button>
                }
            })
            .collect_view()
    };
    // Every tab stays built and only the chosen one shows: an Edit open in Details keeps
    // what the agent typed while they look at the cases.
    let hidden_unless = move |each: RecordTab| move || tab.get() != each;
    view! {
        <section class="crm-record" aria-labelledby="record-title">
            <a href="#" class="crm-record__back" on:click=move |ev| { ev.prevent_default(); actions.show_customers(); }>
                "← Back to Customers"
            </a>
            <Show when=loaded fallback=|| view! { <p class="crm-muted">"Loading the record…"</p> }>
                {title}
                <div class="crm-tabs" role="tablist" aria-label="Record">{tabs}</div>
                <div class="crm-tabs__panel" role="tabpanel" id="panel-details" aria-labelledby="tab-details" hidden=hidden_unless(RecordTab::Details)><DetailsTab /></div>
                <div class="crm-tabs__panel" role="tabpanel" id="panel-cases" aria-labelledby="tab-cases" hidden=hidden_unless(RecordTab::Cases)><CasesTab /></div>
                <div class="crm-tabs__panel" role="tabpanel" id="panel-tasks" aria-labelledby="tab-tasks" hidden=hidden_unless(RecordTab::Tasks)><TasksTab /></div>
                <div class="crm-tabs__panel" role="tabpanel" id="panel-history" aria-labelledby="tab-history" hidden=hidden_unless(RecordTab::History)><HistoryTab /></div>
            </Show>
        </section>
    }
}
