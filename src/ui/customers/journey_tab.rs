//! The Customer Journey tab: every interaction of this customer, newest first, filterable
//! by channel and by days; each opens in the work pane.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::InteractionSummary;

use crate::{
    actions::Actions,
    store::{clock::local_date_time, customers::Customers, Work},
    ui::email::status_text,
};

/// Midnight at the start (`end` false) or the last millisecond (`end` true) of `day`
/// ("YYYY-MM-DD"), in the agent's time zone.
fn day_bound(day: &str, end: bool) -> Option<i64> {
    if day.is_empty() {
        return None;
    }
    let time = if end { "23:59:59.999" } else { "00:00:00" };
    let at = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&format!("{day}T{time}")));
    let ms = at.get_time();
    (!ms.is_nan()).then_some(ms as i64)
}

#[component]
pub fn JourneyTab(interaction: InteractionSummary) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let customers = expect_context::<Customers>();
    let Some(customer_id) = interaction.customer.id else {
        return view! {
            <p class="pane__empty">"Link this interaction to a contact to see their journey."</p>
        }
        .into_any();
    };
    let channel = RwSignal::new(String::new());
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let loading = RwSignal::new(false);
    Effect::new(move |_| {
        let chosen = Some(channel.get()).filter(|c| !c.is_empty());
        let (from, to) = (day_bound(&from.get(), false), day_bound(&to.get(), true));
        loading.set(true);
        spawn_local(async move {
            let loaded = actions.load_journey(customer_id, chosen, from, to).await;
            error.set(loaded.err().map(|failure| failure.message));
            loading.set(false);
        });
    });
    let items = Memo::new(move |_| {
        customers
            .journey
            .get()
            .filter(|journey| journey.customer_id == customer_id)
            .map(|journey| journey.items)
    });
    view! {
        <div class="journey">
            <div class="journey__filters">
                <label>"Channel"
                    <select on:change=move |ev| channel.set(event_target_value(&ev))>
                        <option value="">"All"</option>
                        <option value="email">"Email"</option>
                        <option value="chat">"Chat"</option>
                    </select>
                </label>
                <label>"From" <input type="date" on:change=move |ev| from.set(event_target_value(&ev)) /></label>
                <label>"To" <input type="date" on:change=move |ev| to.set(event_target_value(&ev)) /></label>
            </div>
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            {move || match items.get() {
                None => view! { <p class="pane__empty">"Loading the journey…"</p> }.into_any(),
                Some(list) if list.is_empty() => view! { <p class="pane__empty">"No interaction matches these filters."</p> }.into_any(),
                Some(list) => view! {
                    <ol class="journey__list" aria-busy=move || loading.get().to_string()>
                        {list.into_iter().map(|item| view! { <JourneyItem item=item /> }).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </div>
    }
    .into_any()
}

#[component]
fn JourneyItem(item: InteractionSummary) -> impl IntoView {
    let work = expect_context::<Work>();
    let at = item
        .last_message
        .as_ref()
        .map_or(item.created_at, |last| last.at);
    let title = item.subject.clone().unwrap_or_else(|| item.preview.clone());
    let channel = match item.channel {
        omni_protocol::Channel::Email => "Email",
        omni_protocol::Channel::Chat => "Chat",
    };
    let status = status_text(&item).0;
    let case = item.case_number.clone();
    let id = item.id;
    let open = move |_| work.open(&item);
    view! {
        <li class="journey__item" data-interaction-id=id>
            <button class="journey__open" type="button" on:click=open title="Open in the work area">
                <span class="journey__title">{title}</span>
                <span class="journey__meta">{format!("{channel} · {} · {status} · {case}", local_date_time(at))}</span>
            </button>
        </li>
    }
}
