//! A lasting warning while drafts cannot be saved: storage full (with an offer to delete
//! the oldest drafts) or not available at all. What is typed stays in the open composer.

use leptos::prelude::*;

use crate::{actions::Actions, store::drafts::Health};

#[component]
pub fn DraftStorageWarning() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let drafts = actions.stores.drafts;
    let outcome = RwSignal::new(None::<String>);
    let make_room = move |_| {
        let deleted = actions.make_room_for_drafts();
        let still_full = drafts.health.get_untracked() == Health::Full;
        outcome.set(match (deleted, still_full) {
            (_, false) => None,
            (0, true) => Some("There were no other drafts to delete: other data of this site fills the browser's storage.".into()),
            (n, true) => Some(format!("{n} deleted, but the storage is still full: other data of this site fills it.")),
        });
    };
    move || {
        match drafts.health.get() {
        Health::Saving => ().into_any(),
        Health::Full => view! {
            <div class="storage-warning" role="alert">
                <p>
                    <strong>"Drafts are not being saved: this browser's storage for the desk is full. "</strong>
                    "What you type stays in this tab until you send it, but a reload or a closed tab would lose it."
                </p>
                <button class="button button--small" type="button" on:click=make_room>"Delete the oldest drafts"</button>
                {move || outcome.get().map(|text| view! { <p>{text}</p> })}
            </div>
        }
        .into_any(),
        Health::Unavailable => view! {
            <div class="storage-warning" role="alert">
                <p>
                    <strong>"Drafts are not being saved: this browser does not let the desk store them here "</strong>
                    "(private browsing, or storage blocked for an embedded panel). What you type stays in this tab until you send it, but a reload or a closed tab would lose it."
                </p>
            </div>
        }
        .into_any(),
    }
    }
}
