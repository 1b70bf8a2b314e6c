//! Shows the agent's status and changes it; the server's answer (and its event) is the truth.

use leptos::{ev::KeyboardEvent, prelude::*, task::spawn_local};
use omni_protocol::{AgentStatus, StatusOption};

use crate::{actions::Actions, store::Session};

#[component]
pub fn StatusSelector() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let session = expect_context::<Session>();
    let open = RwSignal::new(false);
    let pending = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);

    let current_key = move || {
        session
            .status()
            .map(|status| status.key())
            .unwrap_or_default()
    };
    let current_label = move || {
        session.agent.with(|agent| {
            agent
                .as_ref()
                .map(|agent| agent.label_of(&agent.status))
                .unwrap_or_default()
        })
    };
    let options = move || {
        session.agent.with(|agent| {
            agent
                .as_ref()
                .map(|agent| agent.statuses.clone())
                .unwrap_or_default()
        })
    };

    let choose = Callback::new(move |status: AgentStatus| {
        open.set(false);
        if status == AgentStatus::Available {
            // Becoming Available is when offers start: ask (once) to notify about them.
            crate::ui::offers::alert::ask_notification_permission_once();
        }
        if untrack(|| session.status()).as_ref() == Some(&status) {
            return;
        }
        pending.set(true);
        error.set(None);
        spawn_local(async move {
            if let Err(failure) = actions.set_status(status).await {
                error.set(Some(failure.message));
            }
            pending.set(false);
        });
    });

    let on_keydown = move |ev: KeyboardEvent| {
        if ev.key() == "Escape" {
            open.set(false);
        }
    };

    view! {
        <div class="status-selector" on:keydown=on_keydown>
            <button
                class="status-selector__current"
                type="button"
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-busy=move || pending.get().to_string()
                title="Change your status"
                data-status=current_key
                on:click=move |_| open.update(|open| *open = !*open)
            >
                <span class="status-dot" aria-hidden="true"></span>
                <span class="status-selector__label">{current_label}</span>
                <span class="status-selector__caret" aria-hidden="true">"▾"</span>
            </button>
            <Show when=move || open.get()>
                <ul class="status-selector__menu" role="menu" aria-label="Status">
                    {move || options().into_iter()
                        .map(|option| view! { <StatusItem option=option current=current_key choose=choose /> })
                        .collect_view()}
                </ul>
            </Show>
            // Busy is the system's (accepted work, wrap-up): "Ready to work" is for pauses.
            <Show when=move || !matches!(session.status(), Some(AgentStatus::Available | AgentStatus::Busy) | None)>
                <button
                    class="button button--ready"
                    type="button"
                    disabled=pending
                    on:click=move |_| choose.run(AgentStatus::Available)
                >
                    "Ready to work"
                </button>
            </Show>
            {move || error.get().map(|message| view! { <p class="status-selector__error" role="alert">{message}</p> })}
        </div>
    }
}

#[component]
fn StatusItem(
    option: StatusOption,
    current: impl Fn() -> String + Send + Sync + Copy + 'static,
    choose: Callback<AgentStatus>,
) -> impl IntoView {
    let key = option.status.key();
    let checked = {
        let key = key.clone();
        move || (current() == key).to_string()
    };
    let status = option.status;
    view! {
        <li role="none">
            <button
                class="status-selector__option"
                type="button"
                role="menuitemradio"
                aria-checked=checked
                data-status=key
                on:click=move |_| choose.run(status.clone())
            >
                <span class="status-dot" aria-hidden="true"></span>
                {option.label}
            </button>
        </li>
    }
}
