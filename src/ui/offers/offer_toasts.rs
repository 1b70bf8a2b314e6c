//! The stack of offers (oldest first) and the notes of withdrawn ones; the chime and the
//! notification for each new offer; Alt+A / Alt+R act on the oldest offer.

use std::collections::HashSet;

use leptos::{ev, prelude::*};

use super::{alert, offer_card::OfferCard};
use crate::store::{rows::RowsStoreFields, Session, Work};

#[component]
pub fn OfferToasts() -> impl IntoView {
    let work = expect_context::<Work>();
    let session = expect_context::<Session>();

    // Alert once per offer id, however often the list re-renders.
    let alerted = StoredValue::new(HashSet::<i64>::new());
    Effect::new(move |_| {
        let sound = session
            .agent
            .with_untracked(|agent| agent.as_ref().is_none_or(|a| a.settings.sound));
        let new: Vec<_> = work.offers.rows().with(|offers| {
            offers
                .iter()
                .filter(|offer| {
                    alerted
                        .try_update_value(|seen| seen.insert(offer.id))
                        .unwrap_or(false)
                })
                .cloned()
                .collect()
        });
        for offer in new {
            if sound {
                alert::chime();
            }
            alert::notify_if_hidden(&offer);
        }
    });

    let shortcut = RwSignal::new(None::<&'static str>);
    let keys = window_event_listener(ev::keydown, move |event| {
        if !event.alt_key() || event.ctrl_key() || event.meta_key() {
            return;
        }
        let action = match event.key().to_ascii_lowercase().as_str() {
            "a" => "accept",
            "r" => "reject",
            _ => return,
        };
        if work
            .offers
            .rows()
            .with_untracked(|offers| !offers.is_empty())
        {
            event.prevent_default();
            shortcut.set(Some(action));
        }
    });
    on_cleanup(move || keys.remove());

    view! {
        <section class="offers" aria-label="Offers" aria-live="assertive">
            // Notes are plain text: a list of them, not a keyed loop (the desk's size).
            {move || work.notes.get().into_iter().map(|note| view! {
                <p class="offer-note" role="status">
                    <strong>{note.customer}</strong>
                    " — "
                    {note.text}
                </p>
            }).collect_view()}
            <For each=move || work.offers.rows() key=|offer| offer.key() let:offer>
                <OfferCard offer=offer.get_untracked() shortcut=shortcut />
            </For>
        </section>
    }
}
