//! "Stop new": no further offers without changing status (PRODUCT A7).

use leptos::{prelude::*, task::spawn_local};

use crate::{api::Api, store::Session};

#[component]
pub fn StopNewToggle() -> impl IntoView {
    let api = expect_context::<Api>();
    let session = expect_context::<Session>();
    let error = RwSignal::new(None::<String>);
    let stopped = move || {
        session
            .agent
            .with(|agent| agent.as_ref().is_some_and(|a| a.stop_new))
    };
    let toggle = move |_| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let want = !stopped();
        let api = api.clone();
        spawn_local(async move {
            match api.set_stop_new(&token, want).await {
                Ok(agent) => session.agent.update(|current| {
                    if let Some(current) = current.as_mut() {
                        current.stop_new = agent.stop_new;
                    }
                }),
                Err(failure) => error.set(Some(failure.message)),
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
