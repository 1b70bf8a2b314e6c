//! The interaction's pencil (seed 003): red when it has a saved draft, grey when not.
//! Clicking the red one reopens the composer with the draft.

use leptos::{prelude::*, task::spawn_local};

use crate::{actions::Actions, drafts::keys::of_interaction};

const PENCIL: &str = "M4 20h4L19 9l-4-4L4 16z M13.5 6.5l4 4";

#[component]
pub fn DraftPencil(
    #[prop(into)] interaction_id: Signal<Option<i64>>,
    /// Say it in words too ("Draft" / "No draft"), where there is room (the work pane).
    #[prop(optional)]
    labelled: bool,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let drafts = actions.stores.drafts;
    let has = Memo::new(move |_| {
        interaction_id
            .get()
            .is_some_and(|id| drafts.has_interaction(id))
    });
    let resume = move |ev: leptos::ev::MouseEvent| {
        ev.stop_propagation();
        if let Some(id) = interaction_id.get_untracked() {
            spawn_local(actions.resume_draft(of_interaction(id)));
        }
    };
    let label = move || {
        if has.get() {
            "Open the saved draft"
        } else {
            "No draft saved"
        }
    };
    view! {
        <button class="pencil" class:pencil--draft=has class:pencil--labelled=labelled type="button"
            disabled=move || !has.get() title=label aria-label=label on:click=resume>
            <svg viewBox="0 0 24 24" width="14" height="14" aria-hidden="true">
                <path d=PENCIL fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round" />
            </svg>
            {labelled.then(|| view! { <span>{move || if has.get() { "Draft" } else { "No draft" }}</span> })}
        </button>
    }
}
