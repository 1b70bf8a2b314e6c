//! The thread of the selected interaction: loaded when shown and when a message arrives,
//! marked read while the agent looks at it; long threads load their newest messages first
//! and earlier ones on request.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{InteractionSummary, Message};

use super::message_view::MessageView;
use crate::{
    api::Api,
    email::copy_notice::copy_notice,
    store::{Session, Work},
    ui::{compose::InteractionActions, perf::mark},
};

/// How many of the newest messages load at first.
pub const THREAD_PAGE: usize = 15;
/// How many more each "Show earlier messages" asks for.
const EARLIER_PAGE: usize = THREAD_PAGE * 3;

/// Performance marks around loading a thread (the bench measures between them).
pub const THREAD_REQUEST_MARK: &str = "omni:thread-request";
pub const THREAD_RENDERED_MARK: &str = "omni:thread-rendered";

fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

#[component]
pub fn ThreadView(interaction: InteractionSummary) -> impl IntoView {
    let interaction_id = interaction.id;
    let api = expect_context::<Api>();
    let session = expect_context::<Session>();
    let work = expect_context::<Work>();
    let messages = RwSignal::new(None::<Result<Vec<Message>, String>>);
    let wanted = RwSignal::new(THREAD_PAGE);
    let notice = RwSignal::new(None::<String>);

    // Reload when the interaction's newest message changes (an event says so).
    let newest = Memo::new(move |_| {
        let last = work.interactions.with(|list| {
            list.iter()
                .find(|i| i.id == interaction_id)
                .and_then(|i| i.last_message.as_ref().map(|l| l.at))
        });
        let browsed = work.browsing.with(|b| {
            b.as_ref()
                .filter(|b| b.id == interaction_id)
                .and_then(|b| b.last_message.as_ref().map(|l| l.at))
        });
        (last.or(browsed), work.thread_version.get(), wanted.get())
    });
    let load_api = api.clone();
    Effect::new(move |_| {
        newest.track();
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let api = load_api.clone();
        mark(THREAD_REQUEST_MARK);
        let asked = api.messages(&token, interaction_id, wanted.get_untracked());
        spawn_local(async move {
            let loaded = asked.await.map_err(|failure| failure.message);
            let has_unread = work
                .interactions
                .with_untracked(|list| list.iter().any(|i| i.id == interaction_id && i.unread > 0));
            messages.set(Some(loaded));
            leptos::task::tick().await;
            mark(THREAD_RENDERED_MARK);
            if has_unread && page_visible() {
                let _ = api.mark_read(&token, interaction_id).await;
            }
        });
    });

    let mark_unread = move |_| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let api = api.clone();
        spawn_local(async move {
            match api.mark_unread(&token, interaction_id).await {
                Ok(_) => notice.set(Some("Marked as unread.".into())),
                Err(failure) => notice.set(Some(failure.message)),
            }
        });
    };

    view! {
        <section class="thread" aria-label="Messages">
            <InteractionActions interaction=interaction
                thread=Signal::derive(move || messages.get().and_then(Result::ok)) />
            <div class="thread__tools">
                <button class="button button--small" type="button" on:click=mark_unread>"Mark as unread"</button>
                {move || notice.get().map(|text| view! { <span class="thread__notice" role="status">{text}</span> })}
            </div>
            {move || match messages.get() {
                None => view! { <p class="pane__empty">"Loading messages…"</p> }.into_any(),
                Some(Err(message)) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                Some(Ok(list)) => {
                    // A full page may have earlier messages before it.
                    let maybe_earlier = list.len() >= wanted.get_untracked();
                    let copied = copy_notice(&list);
                    view! {
                        {copied.map(|text| view! { <p class="thread__copy-notice" role="note">{text}</p> })}
                        {maybe_earlier.then(|| view! {
                            <button class="button thread__earlier" type="button"
                                on:click=move |_| wanted.update(|n| *n += EARLIER_PAGE)>
                                "Show earlier messages"
                            </button>
                        })}
                        {list.into_iter()
                            .map(|message| view! { <MessageView message=message /> })
                            .collect_view()}
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
