//! Who, what, which queue and channel, and when: the head of an open interaction.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{Channel, InteractionSummary};

use crate::{
    actions::Actions,
    store::{clock::local_time, work::clock_text},
};

/// A link that opens another interaction (where a conversation continues, or came from).
#[component]
fn InteractionLink(interaction_id: i64, #[prop(into)] text: String) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let open = move |_| {
        spawn_local(async move {
            let _ = actions.open_interaction(interaction_id).await;
        });
    };
    view! { <button class="link-button" type="button" on:click=open>{text}</button> }
}

#[component]
pub fn InteractionHeader(interaction: InteractionSummary) -> impl IntoView {
    let channel = match interaction.channel {
        Channel::Email => "Email",
        Channel::Chat => "Chat",
    };
    let title = interaction
        .subject
        .clone()
        .unwrap_or_else(|| interaction.preview.clone());
    let waited = interaction
        .accepted_at
        .map(|accepted| clock_text(accepted - interaction.created_at));
    let contact = interaction
        .customer
        .email
        .clone()
        .or(interaction.customer.phone.clone())
        .unwrap_or_default();
    let (title_full, contact_full) = (title.clone(), contact.clone());
    view! {
        <header class="interaction-header">
            <h2 class="interaction-header__customer" title=interaction.customer.name.clone()>{interaction.customer.name.clone()}</h2>
            <p class="interaction-header__contact" title=contact_full>{contact}</p>
            <p class="interaction-header__title" title=title_full>{title}</p>
            <dl class="interaction-header__facts">
                <div><dt>"Queue"</dt><dd>{interaction.queue_name.clone()}</dd></div>
                <div><dt>"Channel"</dt><dd>{channel}</dd></div>
                <div><dt>"Arrived"</dt><dd>{local_time(interaction.created_at)}</dd></div>
                {interaction.accepted_at.map(|at| view! { <div><dt>"Accepted"</dt><dd>{local_time(at)}</dd></div> })}
                {waited.map(|waited| view! { <div><dt>"Waited"</dt><dd>{waited}</dd></div> })}
                {interaction.ended_at.map(|at| view! { <div><dt>"Ended"</dt><dd>{local_time(at)}</dd></div> })}
                <div><dt>"Case"</dt><dd class="interaction-header__case">{interaction.case_number.clone()}</dd></div>
                {interaction.sub_status.clone().map(|s| view! { <div><dt>"Sub-status"</dt><dd>{s}</dd></div> })}
            </dl>
            {interaction.reopened.then(|| view! { <p class="interaction-header__flag">"✉ Reopened"</p> })}
            {interaction.continued_in.map(|next| view! {
                <p class="notice interaction-header__continued" role="note">
                    "The customer answered after this was closed; the conversation continues in "
                    <InteractionLink interaction_id=next text=format!("#{next}") />"."
                </p>
            })}
            {interaction.continues.map(|earlier| view! {
                <p class="notice" role="note">
                    "This continues the closed conversation "
                    <InteractionLink interaction_id=earlier text=format!("#{earlier}") />"."
                </p>
            })}
        </header>
    }
}
