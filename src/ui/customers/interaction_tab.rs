//! The Interaction tab: its ids, queue, channel, times, tags, disposition and case number,
//! as they change.

use leptos::prelude::*;
use omni_protocol::InteractionSummary;

use crate::{
    store::{clock::local_date_time, Work},
    ui::email::status_text,
};

#[component]
pub fn InteractionTab(interaction: InteractionSummary) -> impl IntoView {
    let work = expect_context::<Work>();
    let id = interaction.id;
    let current = Memo::new(move |_| work.interaction(id));
    let fact = |term: &'static str, value: String| {
        view! { <div><dt>{term}</dt><dd>{value}</dd></div> }
    };
    move || {
        let i = current.get().unwrap_or_else(|| interaction.clone());
        let at = |ms: Option<i64>| ms.map(local_date_time).unwrap_or_else(|| "—".into());
        let tags = if i.tags.is_empty() {
            "none".to_owned()
        } else {
            i.tags.join(", ")
        };
        let disposition = if i.disposition_path.is_empty() {
            "none yet".to_owned()
        } else {
            i.disposition_path.join(" › ")
        };
        view! {
            <dl class="interaction-facts">
                {fact("Interaction", format!("#{}", i.id))}
                {fact("Case", i.case_number.clone())}
                {fact("Customer", i.customer.id.map(|c| format!("AC-{c:06}")).unwrap_or_else(|| "not linked".into()))}
                {fact("Queue", i.queue_name.clone())}
                {fact("Channel", match i.channel { omni_protocol::Channel::Email => "Email".into(), omni_protocol::Channel::Chat => "Chat".into() })}
                {fact("Status", status_text(&i).0)}
                {fact("Arrived", local_date_time(i.created_at))}
                {fact("Accepted", at(i.accepted_at))}
                {fact("Ended", at(i.ended_at))}
                {fact("Tags", tags)}
                {fact("Disposition", disposition)}
            </dl>
        }
    }
}
