//! One offer: customer, subject or first message, queue, channel, waited time, and Accept
//! inside a countdown ring; Reject disabled with the reason when not permitted.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{Channel, Offer};

use crate::{
    actions::Actions,
    store::{clock::Clock, rows::RowsStoreFields, work::clock_text, Session, Work},
    ui::{customers::MatchCount, icons::ChannelIcon},
};

const RING_RADIUS: u8 = 21;

#[component]
pub fn OfferCard(offer: Offer, shortcut: RwSignal<Option<&'static str>>) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let session = expect_context::<Session>();
    let work = expect_context::<Work>();
    let clock = expect_context::<Clock>();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let total_ms = (offer.expires_at - offer.offered_at).max(1);
    let remaining = move || (offer.expires_at - clock.now.get()).clamp(0, total_ms);
    // The ring's path length is 100 (pathLength), so the offset is the share of time gone.
    let dash_offset = move || (100 - remaining() * 100 / total_ms).to_string();
    let created_at = offer.interaction.created_at;
    let waited = move || clock_text(clock.now.get() - created_at);
    let may_reject = move || {
        session
            .agent
            .with(|agent| agent.as_ref().is_some_and(|a| a.permissions.may_reject))
    };

    let accept = {
        let offer = offer.clone();
        Callback::new(move |()| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let offer = offer.clone();
            spawn_local(async move {
                if let Err(failure) = actions.accept(offer).await {
                    error.set(Some(failure.message));
                }
                busy.set(false);
            });
        })
    };
    let reject = {
        let offer_id = offer.id;
        Callback::new(move |()| {
            if busy.get_untracked() || !untrack(may_reject) {
                return;
            }
            busy.set(true);
            spawn_local(async move {
                if let Err(failure) = actions.reject(offer_id).await {
                    error.set(Some(failure.message));
                }
                busy.set(false);
            });
        })
    };

    // Keyboard shortcuts act on the oldest offer only.
    let offer_id = offer.id;
    Effect::new(move |_| {
        let Some(action) = shortcut.get() else { return };
        let oldest = work
            .offers
            .rows()
            .with_untracked(|offers| offers.first().map(|o| o.id));
        if oldest == Some(offer_id) {
            shortcut.set(None);
            match action {
                "accept" => accept.run(()),
                _ => reject.run(()),
            }
        }
    });

    let interaction = offer.interaction;
    let channel_name = match interaction.channel {
        Channel::Email => "Email",
        Channel::Chat => "Chat",
    };
    let headline = interaction
        .subject
        .clone()
        .unwrap_or_else(|| interaction.preview.clone());
    let reject_title = move || {
        if may_reject() {
            "Reject (Alt+R)".to_owned()
        } else {
            "Your administrator does not allow you to reject offers.".to_owned()
        }
    };

    view! {
        <article class="offer-card" data-offer-id=offer.id data-channel=interaction.channel.as_str() role="alertdialog"
            aria-label=format!("Offer from {}", interaction.customer.name)>
            <div class="offer-card__body">
                <p class="offer-card__who">
                    <ChannelIcon channel=interaction.channel />
                    <strong class="offer-card__customer" title=interaction.customer.name.clone()>
                        {interaction.customer.name.clone()}
                    </strong>
                    <MatchCount interaction=interaction.clone() />
                </p>
                <p class="offer-card__headline" title=headline.clone()>{headline.clone()}</p>
                <p class="offer-card__meta" title=interaction.queue_name.clone()>
                    <span class="offer-card__queue">{interaction.queue_name.clone()}</span>
                    " · "
                    <span>{channel_name}</span>
                    " · waited "
                    <span class="offer-card__waited">{waited}</span>
                </p>
                {move || error.get().map(|message| view! { <p class="offer-card__error" role="alert">{message}</p> })}
            </div>
            <div class="offer-card__actions">
                <button class="offer-card__accept" type="button" title="Accept (Alt+A)" aria-keyshortcuts="Alt+A"
                    disabled=busy on:click=move |_| accept.run(())>
                    <svg class="countdown-ring" viewBox="0 0 48 48" aria-hidden="true">
                        <circle class="countdown-ring__track" cx="24" cy="24" r=RING_RADIUS />
                        <circle class="countdown-ring__left" cx="24" cy="24" r=RING_RADIUS
                            pathLength="100" stroke-dasharray="100" stroke-dashoffset=dash_offset
                            transform="rotate(-90 24 24)" />
                    </svg>
                    <span class="offer-card__accept-label">"Accept"</span>
                    <span class="offer-card__seconds">{move || format!("{}s", (remaining() + 999) / 1000)}</span>
                </button>
                // aria-disabled, not disabled: the reason stays readable on hover and focus.
                <button class="button offer-card__reject" type="button" title=reject_title aria-keyshortcuts="Alt+R"
                    aria-disabled=move || (!may_reject()).to_string() disabled=busy on:click=move |_| reject.run(())>
                    "Reject"
                </button>
            </div>
        </article>
    }
}
