//! "Add interaction → Email" (PRODUCT B6): a new email, the agent Busy while writing it.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::AgentStatus;

use super::actions::new_key;
use crate::{
    api::Api,
    email::compose::with_signature,
    store::{
        compose::{ComposeKind, Composition, Compositions},
        Session,
    },
};

#[component]
pub fn AddInteraction() -> impl IntoView {
    let api = expect_context::<Api>();
    let session = expect_context::<Session>();
    let compositions = expect_context::<Compositions>();
    let open = RwSignal::new(false);
    let new_email = move |_| {
        open.set(false);
        if compositions.of(None).is_none() {
            let signature = session
                .agent
                .with_untracked(|a| a.as_ref().map(|a| a.signature.clone()).unwrap_or_default());
            let mut composition = Composition::new(None, ComposeKind::New, new_key());
            composition.body = with_signature("", &signature);
            compositions.put(composition);
        }
        if session.status() == Some(AgentStatus::Available) {
            if let Some(token) = session.token.get_untracked() {
                let api = api.clone();
                spawn_local(async move {
                    let _ = api.set_status(&token, AgentStatus::Busy).await;
                });
            }
        }
    };
    view! {
        <div class="add-interaction">
            <button class="button" type="button" aria-haspopup="menu" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>"+ Add"</button>
            <Show when=move || open.get()>
                <ul class="menu" role="menu" aria-label="Add interaction">
                    <li role="none">
                        <button class="menu__item" role="menuitem" type="button" on:click=new_email.clone()>"Email"</button>
                    </li>
                </ul>
            </Show>
        </div>
    }
}
