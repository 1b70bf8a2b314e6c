//! The Customers tab: search, New Customer, the list with its columns in the agent's order
//! (drag a heading onto another, or Alt+←/→ on a focused heading), and paging.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{Customer, CustomerInput};
use wasm_bindgen::JsCast;

use crate::{
    crm::{
        actions::CrmActions,
        columns::{self, Column},
        store::{RecordTab, PAGE_SIZE},
    },
    store::clock::local_date_time,
};

fn cell(column: Column, customer: &Customer) -> String {
    match column {
        Column::Name => String::new(), // the link, below
        Column::Account => customer.account.clone(),
        Column::Company => customer.company.clone(),
        Column::Email => customer.emails.join(", "),
        Column::Phone => customer.phones.join(", "),
        Column::Updated => local_date_time(customer.updated_at),
    }
}

/// "Rossi, Maria", or what there is of it (a draft may lack either).
pub fn list_name(customer: &Customer) -> String {
    match (customer.last_name.trim(), customer.first_name.trim()) {
        ("", "") => "(no name)".to_owned(),
        (last, "") => last.to_owned(),
        ("", first) => first.to_owned(),
        (last, first) => format!("{last}, {first}"),
    }
}

#[component]
pub fn CustomerList() -> impl IntoView {
    let actions = expect_context::<CrmActions>();
    let store = actions.store;
    let query = RwSignal::new(store.list.with_untracked(|l| l.query.clone()));
    let dragged = RwSignal::new(None::<Column>);
    let search = move |offset: u64| spawn_local(actions.load_list(query.get_untracked(), offset));

    let heading = move |column: Column| {
        let drop_on = move |ev: web_sys::DragEvent| {
            ev.prevent_default();
            if let Some(moving) = dragged.get_untracked() {
                let order = store.columns.get_untracked();
                actions.arrange_columns(columns::moved(&order, moving, column));
            }
            dragged.set(None);
        };
        let keys = move |ev: web_sys::KeyboardEvent| {
            let step = match ev.key().as_str() {
                "ArrowLeft" if ev.alt_key() => -1,
                "ArrowRight" if ev.alt_key() => 1,
                _ => return,
            };
            ev.prevent_default();
            let order = store.columns.get_untracked();
            actions.arrange_columns(columns::nudged(&order, column, step));
            // The headings were rebuilt: the moved one keeps the focus, for the next move.
            if let Some(heading) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| {
                    d.query_selector(&format!(
                        ".crm-list__table th[data-column={}]",
                        column.key()
                    ))
                    .ok()
                    .flatten()
                })
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = heading.focus();
            }
        };
        view! {
            <th scope="col" draggable="true" tabindex="0" data-column=column.key()
                title="Drag onto another column to move it (or Alt+← / Alt+→)"
                class:crm-list__dragged=move || dragged.get() == Some(column)
                on:dragstart=move |ev: web_sys::DragEvent| {
                    if let Some(data) = ev.data_transfer() {
                        let _ = data.set_data("text/plain", column.key());
                    }
                    dragged.set(Some(column));
                }
                on:dragover=move |ev: web_sys::DragEvent| ev.prevent_default()
                on:drop=drop_on
                on:dragend=move |_| dragged.set(None)
                on:keydown=keys>
                {column.heading()}
            </th>
        }
    };
    let row = move |customer: Customer| {
        let id = customer.id;
        let order = store.columns.get();
        let cells = order
            .into_iter()
            .map(|column| {
                if column == Column::Name {
                    let name = list_name(&customer);
                    let draft = customer.draft;
                    view! {
                        <td data-column="name">
                            <a href="#" class="crm-list__open" on:click=move |ev| {
                                ev.prevent_default();
                                spawn_local(async move { let _ = actions.open_record(id, RecordTab::Details).await; });
                            }>{name}</a>
                            {draft.then(|| view! { <span class="crm-badge">"Draft"</span> })}
                        </td>
                    }
                    .into_any()
                } else {
                    view! { <td data-column=column.key()>{cell(column, &customer)}</td> }.into_any()
                }
            })
            .collect_view();
        view! { <tr>{cells}</tr> }
    };
    let range = move || {
        store.list.with(|list| {
            if list.total == 0 {
                return "No customers".to_owned();
            }
            let first = list.offset + 1;
            let last = list.offset + list.items.len() as u64;
            format!("{first}–{last} of {}", list.total)
        })
    };
    let has_previous = move || store.list.with(|l| l.offset > 0 && l.matched.is_none());
    let has_next = move || {
        store
            .list
            .with(|l| l.matched.is_none() && l.offset + (l.items.len() as u64) < l.total)
    };
    view! {
        <section class="crm-list" aria-labelledby="crm-list-title">
            <div class="crm-list__top">
                <h1 id="crm-list-title">"Customers"</h1>
                <button type="button" class="button button--primary" id="new-customer"
                    on:click=move |_| actions.new_customer(CustomerInput::default(), None)>"New Customer"</button>
            </div>
            <form class="crm-list__search" role="search" on:submit=move |ev| { ev.prevent_default(); search(0); }>
                <label class="visually-hidden" for="crm-search">"Search customers"</label>
                <input id="crm-search" type="search" placeholder="Name, company, account number or email"
                    prop:value=move || query.get() on:input=move |ev| query.set(event_target_value(&ev)) />
                <button type="submit" class="button">"Search"</button>
            </form>
            {move || store.list.with(|l| l.matched.clone()).map(|matched| view! {
                <p class="notice" role="status">{matched}" "
                    <a href="#" on:click=move |ev| { ev.prevent_default(); query.set(String::new()); search(0); }>"Show all customers"</a>
                </p>
            })}
            <div class="crm-list__scroll">
                <table class="crm-table crm-list__table">
                    <thead><tr>{move || store.columns.get().into_iter().map(heading).collect_view()}</tr></thead>
                    <tbody>{move || store.list.with(|l| l.items.clone()).into_iter().map(row).collect_view()}</tbody>
                </table>
            </div>
            <nav class="crm-pager" aria-label="Pages">
                <button type="button" class="button" disabled=move || !has_previous()
                    on:click=move |_| search(store.list.with_untracked(|l| l.offset.saturating_sub(PAGE_SIZE as u64)))>"Previous"</button>
                <span class="crm-pager__range">{range}</span>
                <button type="button" class="button" disabled=move || !has_next()
                    on:click=move |_| search(store.list.with_untracked(|l| l.offset + PAGE_SIZE as u64))>"Next"</button>
            </nav>
        </section>
    }
}
