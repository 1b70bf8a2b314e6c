//! The composer's Autosave switch (seed 003): on by default, remembered per agent.

use leptos::prelude::*;

use crate::actions::Actions;

#[component]
pub fn AutosaveSwitch() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let drafts = actions.stores.drafts;
    let toggle = move |ev| {
        let on = event_target_checked(&ev);
        drafts.set_autosave(on);
        if on {
            actions.draft_changed();
        }
    };
    view! {
        <label class="switch composer__autosave" title="Save this as a draft while you type">
            <input type="checkbox" role="switch" prop:checked=move || drafts.autosave.get() on:change=toggle />
            <span class="switch__track" aria-hidden="true"></span>
            "Autosave"
        </label>
    }
}
