//! My Profile → Interactions (PRODUCT D3): auto multi-match record pop, search on Enter
//! only, hover preview, sound. Saved on the server and applied at once, here and in the
//! agent's other tabs.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::AgentSettings;

use crate::{actions::Actions, store::Session};

/// (label, explanation, read, write) of each setting, in the order shown.
type Setting = (
    &'static str,
    &'static str,
    fn(&AgentSettings) -> bool,
    fn(&mut AgentSettings, bool),
);

const SETTINGS: [Setting; 4] = [
    (
        "Auto multi-match record pop",
        "When several customers match, show the first one's record.",
        |s| s.auto_multi_match_pop,
        |s, on| s.auto_multi_match_pop = on,
    ),
    (
        "Search on Enter only",
        "The quick search waits for Enter instead of searching as you type.",
        |s| s.search_on_enter_only,
        |s, on| s.search_on_enter_only = on,
    ),
    (
        "Hover preview",
        "Show an interaction's first lines when the pointer rests on it in the list.",
        |s| s.hover_preview,
        |s, on| s.hover_preview = on,
    ),
    (
        "Sound",
        "Play a chime when an interaction is offered.",
        |s| s.sound,
        |s, on| s.sound = on,
    ),
];

#[component]
pub fn ProfileSettings() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let session = expect_context::<Session>();
    let open = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let settings = move || {
        session
            .agent
            .with(|agent| agent.as_ref().map(|a| a.settings.clone()))
            .unwrap_or_default()
    };
    let change = move |write: fn(&mut AgentSettings, bool), on: bool| {
        let mut next = untrack(settings);
        write(&mut next, on);
        error.set(None);
        spawn_local(async move {
            if let Err(failure) = actions.save_settings(next).await {
                error.set(Some(failure.message));
                // The box shows the setting as it still is.
                session.agent.notify();
            }
        });
    };
    view! {
        <div class="profile">
            <button class="button button--quiet" type="button" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                "My Profile"
            </button>
            <Show when=move || open.get()>
                <section class="profile__panel" role="dialog" aria-label="My Profile: Interactions">
                    <h2 class="profile__title">"Interactions"</h2>
                    {SETTINGS.iter().map(|&(label, help, read, write)| view! {
                        <label class="profile__setting">
                            <input type="checkbox" prop:checked=move || read(&settings())
                                on:change=move |ev| change(write, event_target_checked(&ev)) />
                            <span>
                                <strong>{label}</strong>
                                <small>{help}</small>
                            </span>
                        </label>
                    }).collect_view()}
                    {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
                    <button class="button" type="button" on:click=move |_| open.set(false)>"Close"</button>
                </section>
            </Show>
        </div>
    }
}
