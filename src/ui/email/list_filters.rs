//! The list's filters (B17): status, read/unread, account, agent, start date range, tags.

use leptos::{prelude::*, task::spawn_local};

use crate::{
    actions::Actions,
    store::list::{InteractionList, ListFilters},
};

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

/// `YYYY-MM-DD` at `time` (local) as an instant, ms; `None` for an empty or invalid day.
fn local_instant(day: &str, time: &str) -> Option<i64> {
    if day.is_empty() {
        return None;
    }
    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&format!("{day}T{time}")));
    let ms = at.get_time();
    ms.is_finite().then_some(ms as i64)
}

/// One end of the start date range: `set` receives the chosen day's instant.
fn day_field(
    id: &'static str,
    label: &'static str,
    time: &'static str,
    set: fn(&mut ListFilters, Option<i64>),
) -> impl IntoView {
    let list = expect_context::<InteractionList>();
    view! {
        <label class="list-filters__field">
            <span>{label}</span>
            <input id=id type="date" on:change=move |ev| {
                let at = local_instant(&event_target_value(&ev), time);
                list.filters.update(|filters| set(filters, at));
            } />
        </label>
    }
}

/// Any agent's interactions, or one agent's. Its choices load when it is first shown.
#[component]
fn AgentFilter() -> impl IntoView {
    let list = expect_context::<InteractionList>();
    spawn_local(expect_context::<Actions>().load_agents());
    let current = move || list.filters.with(|f| f.agent);
    view! {
        <label class="list-filters__field">
            <span>"Agent"</span>
            <select id="filter-agent" on:change=move |ev| {
                let agent = event_target_value(&ev).parse().ok();
                list.filters.update(|filters| filters.agent = agent);
            }>
                <option value="" selected=move || current().is_none()>"Any"</option>
                {move || list.agents.get().into_iter().map(|agent| view! {
                    <option value=agent.id selected=move || current() == Some(agent.id)>{agent.display_name}</option>
                }).collect_view()}
            </select>
        </label>
    }
}

/// Status, read and account are always shown; dates, agent and tags open under "More filters"
/// (they would take two more rows of a 360 px panel). Those fields are built when first opened,
/// so signing in does not pay for them: Chromium's first date field alone costs about 4 ms.
#[component]
pub fn ListFiltersBar() -> impl IntoView {
    let list = expect_context::<InteractionList>();
    let tags = RwSignal::new(String::new());
    let more_open = RwSignal::new(false);
    let more_built = RwSignal::new(false);
    let more_in_use = Memo::new(move |_| list.filters.with(ListFilters::more_in_use));
    let toggle_more = move |_| {
        more_built.set(true);
        more_open.update(|open| *open = !*open);
    };
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
            <button id="filter-more" class="list-filters__more" type="button"
                aria-expanded=move || more_open.get().to_string()
                aria-controls=move || more_built.get().then_some("filter-more-fields")
                on:click=toggle_more>
                {move || if more_open.get() { "Fewer filters" } else { "More filters" }}
                {move || (more_in_use.get() > 0).then(|| view! {
                    <span class="list-filters__in-use" aria-hidden="true">{more_in_use}</span>
                    <span class="visually-hidden">{move || format!(", {} in use", more_in_use.get())}</span>
                })}
            </button>
            <Show when=move || more_built.get()>
                <div id="filter-more-fields" class="list-filters__more-fields" hidden=move || !more_open.get()>
                    {day_field("filter-from", "From", "00:00:00", |f, at| f.from = at)}
                    {day_field("filter-to", "To", "23:59:59.999", |f, at| f.to = at)}
                    <AgentFilter />
                    <label class="list-filters__field list-filters__tags">
                        <span>"Tags"</span>
                        <input id="filter-tags" type="search" placeholder="vip, billing" bind:value=tags
                            on:change=move |_| list.filters.update(|filters| filters.tags = tags.get_untracked()) />
                    </label>
                </div>
            </Show>
        </form>
    }
}
