//! The customer's avatar with the number of records the pop found: clicking it lists them
//! (name, company, email or phone, last interaction) to link the interaction to one, the
//! first being the default.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{Customer, InteractionSummary};

use crate::{
    actions::Actions,
    customers::pop::{initials, Lookup},
    store::{clock::local_date_time, customers::Customers},
};

/// "2 matches" as a badge (the offer card): starts the lookup, so the count is there when
/// the agent accepts.
#[component]
pub fn MatchCount(interaction: InteractionSummary) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let customers = expect_context::<Customers>();
    let lookup = Lookup::of(&interaction);
    spawn_local(actions.pop(interaction));
    move || {
        let found = lookup
            .as_ref()
            .and_then(|lookup| customers.matches_of(lookup))?;
        let text = match found.len() {
            0 => "New contact".to_owned(),
            1 => "1 match".to_owned(),
            n => format!("{n} matches"),
        };
        Some(view! { <span class="match-count" data-matches=found.len()>{text}</span> })
    }
}

/// The avatar of the context panel, its badge the number of matches; opens their list.
#[component]
pub fn MatchAvatar(interaction: InteractionSummary) -> impl IntoView {
    let customers = expect_context::<Customers>();
    let open = RwSignal::new(false);
    let lookup = Lookup::of(&interaction);
    let matches = Memo::new(move |_| {
        lookup
            .as_ref()
            .and_then(|lookup| customers.matches_of(lookup))
            .unwrap_or_default()
    });
    let count = move || matches.with(Vec::len);
    let letters = initials(&interaction.customer.name);
    let linked = interaction.customer.id;
    let id = interaction.id;
    let label = move || match count() {
        0 => "No customer record matches".to_owned(),
        1 => "1 customer record matches: show it".to_owned(),
        n => format!("{n} customer records match: choose one"),
    };
    view! {
        <div class="match-avatar">
            <button class="match-avatar__button" type="button" aria-expanded=move || open.get().to_string()
                title=label aria-label=label on:click=move |_| open.update(|o| *o = !*o)>
                <span class="match-avatar__letters" aria-hidden="true">{letters}</span>
                <span class="match-avatar__count" data-matches=count aria-hidden="true">{count}</span>
            </button>
            <Show when=move || open.get()>
                <MatchList interaction_id=id linked=linked matches=matches on_done=Callback::new(move |()| open.set(false)) />
            </Show>
        </div>
    }
}

#[component]
fn MatchList(
    interaction_id: i64,
    linked: Option<i64>,
    matches: Memo<Vec<Customer>>,
    on_done: Callback<()>,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let error = RwSignal::new(None::<String>);
    let link = move |customer_id: i64| {
        spawn_local(async move {
            match actions.link_customer(interaction_id, customer_id).await {
                Ok(()) => on_done.run(()),
                Err(failure) => error.set(Some(failure.message)),
            }
        });
    };
    view! {
        <div class="match-list" role="dialog" aria-label="Matching customers">
            {move || matches.with(Vec::is_empty).then(|| view! {
                <p class="pane__empty">"No customer record has this address. Create one in the form below."</p>
            })}
            <ul>
                {move || matches.get().into_iter().enumerate().map(|(n, customer)| {
                    let id = customer.id;
                    let is_linked = linked == Some(id);
                    let contact = customer.emails.first().or(customer.phones.first()).cloned().unwrap_or_default();
                    let last = customer.last_interaction_at.map(local_date_time).unwrap_or_else(|| "never".into());
                    view! {
                        <li class="match-list__item" data-customer-id=id>
                            <div class="match-list__who">
                                <strong>{customer.name()}</strong>
                                {(!customer.company.is_empty()).then(|| view! { <span class="match-list__company">{customer.company.clone()}</span> })}
                                <span class="match-list__contact">{contact}</span>
                                <span class="match-list__last">"Last interaction: "{last}</span>
                            </div>
                            {if is_linked {
                                view! { <span class="match-list__linked">"Linked"</span> }.into_any()
                            } else {
                                let text = if n == 0 && linked.is_none() { "Link (default)" } else { "Link" };
                                view! { <button class="button" type="button" on:click=move |_| link(id)>{text}</button> }.into_any()
                            }}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </div>
    }
}
