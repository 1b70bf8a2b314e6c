//! The list's filters (B17): start date, read/unread, status, account, tags.

use leptos::prelude::*;

use crate::store::list::{InteractionList, ListFilters};

fn select(
    id: &'static str,
    label: &'static str,
    options: &'static [(&'static str, &'static str)],
    get: fn(&ListFilters) -> String,
    set: fn(&mut ListFilters, String),
) -> impl IntoView {
    let list = expect_context::<InteractionList>();
    let current = move || list.filters.with(get);
    view! {
        <label class="list-filters__field">
            <span>{label}</span>
            <select id=id on:change=move |ev| list.filters.update(|filters| set(filters, event_target_value(&ev)))>
                {options
                    .iter()
                    .map(|(value, text)| {
                        let value = *value;
                        view! { <option value=value selected=move || current() == value>{*text}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
pub fn ListFiltersBar() -> impl IntoView {
    let list = expect_context::<InteractionList>();
    let tags = RwSignal::new(String::new());
    view! {
        <form class="list-filters" on:submit=move |ev| {
            ev.prevent_default();
            list.filters.update(|filters| filters.tags = tags.get_untracked());
        }>
            {select("filter-status", "Status", &[("", "Any"), ("open", "Open"), ("closed", "Closed")],
                |f| f.status.clone(), |f, v| f.status = v)}
            {select("filter-read", "Read", &[("", "Any"), ("unread", "Unread"), ("read", "Read")],
                |f| f.read.clone(), |f, v| f.read = v)}
            {select("filter-account", "Account", &[("", "All"), ("me", "Me"), ("unassigned", "Not assigned")],
                |f| f.account.clone(), |f, v| f.account = v)}
            <label class="list-filters__field">
                <span>"From"</span>
                <input id="filter-from" type="date" on:change=move |ev| {
                    list.filters.update(|filters| filters.from_day = event_target_value(&ev))
                } />
            </label>
            <label class="list-filters__field list-filters__tags">
                <span>"Tags"</span>
                <input id="filter-tags" type="search" placeholder="vip, billing" bind:value=tags
                    on:change=move |_| list.filters.update(|filters| filters.tags = tags.get_untracked()) />
            </label>
        </form>
    }
}
