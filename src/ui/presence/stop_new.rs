//! "Stop new": no further offers without changing status (PRODUCT A7).

use leptos::{prelude::*, task::spawn_local};

use crate::{actions::Actions, store::Session};

#[component]
pub fn StopNewToggle() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let session = expect_context::<Session>();
    let error = RwSignal::new(None::<String>);
    let stopped = move || {
        session
            .agent
            .with(|agent| agent.as_ref().is_some_and(|a| a.stop_new))
    };
    let toggle = move |_| {
        let want = !untrack(stopped);
        error.set(None);
        spawn_local(async move {
            if let Err(failure) = actions.set_stop_new(want).await {
                error.set(Some(failure.message));
            }
        });
    };
    view! {
        <button
            class="button stop-new"
            class:stop-new--on=stopped
            type="button"
            aria-pressed=move || stopped().to_string()
            title="Stop new: no further offers until you turn it off"
            on:click=toggle
        >
            {move || if stopped() { "New offers stopped" } else { "Stop new" }}
        </button>
        {move || error.get().map(|message| view! { <span class="stop-new__error" role="alert">{message}</span> })}
    }
}
