//! Username and password; errors shown beside the form, nothing typed is cleared.

use leptos::{ev::SubmitEvent, prelude::*, task::spawn_local};
use omni_protocol::SignInRequest;

use crate::{
    actions::{Actions, ApiError},
    store::Session,
};

/// Named in `performance` once the form can be used: the bench measures up to here.
pub const INTERACTIVE_MARK: &str = "omni:sign-in-interactive";

#[component]
pub fn SignIn() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let session = expect_context::<Session>();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);

    let submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let request = SignInRequest {
            username: username.get_untracked(),
            password: password.get_untracked(),
        };
        spawn_local(async move {
            if let Err(failure) = actions.sign_in(request).await {
                error.set(Some(failure));
            }
            busy.set(false);
        });
    };
    let invalid = move |field: &'static str| {
        move || {
            error
                .with(|error| error.as_ref().and_then(|e| e.field.as_deref()) == Some(field))
                .to_string()
        }
    };

    Effect::new(move |_| crate::ui::perf::mark(INTERACTIVE_MARK));

    view! {
        <main class="sign-in">
            <form class="sign-in__card" on:submit=submit novalidate>
                <h1 class="sign-in__title">"Omni Desk"</h1>
                <p class="sign-in__lead">"Sign in to take your interactions."</p>
                {move || session.ended_notice.get().map(|notice| view! { <p class="notice" role="status">{notice}</p> })}
                <label for="sign-in-username">"Username"</label>
                <input
                    id="sign-in-username"
                    name="username"
                    autocomplete="username"
                    autocapitalize="none"
                    spellcheck="false"
                    aria-invalid=invalid("username")
                    bind:value=username
                />
                <label for="sign-in-password">"Password"</label>
                <input
                    id="sign-in-password"
                    name="password"
                    type="password"
                    autocomplete="current-password"
                    aria-invalid=invalid("password")
                    bind:value=password
                />
                {move || error.get().map(|error| view! { <p class="form-error" role="alert">{error.message}</p> })}
                <button class="button button--primary" type="submit" disabled=busy>
                    {move || if busy.get() { "Signing in…" } else { "Sign in" }}
                </button>
            </form>
        </main>
    }
}
