//! The thread of the selected interaction: its newest messages, live (a customer's reply,
//! another agent's note, a delivery change appear in place), earlier ones on request; read
//! while the agent looks at it (docs/api.md, "Unread").

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{Direction, InteractionSummary, Message};

use super::message_view::MessageView;
use crate::{
    actions::Actions,
    email::copy_notice::copy_notice,
    store::{page::PageVisibility, rows::RowsStoreFields, thread::ThreadState, Thread, Work},
    ui::{compose::InteractionActions, endless_rows::endless_rows},
};

#[component]
pub fn ThreadView(interaction: InteractionSummary) -> impl IntoView {
    let interaction_id = interaction.id;
    let actions = expect_context::<Actions>();
    let thread = expect_context::<Thread>();
    let work = expect_context::<Work>();
    let notice = RwSignal::new(None::<String>);
    spawn_local(actions.open_thread(interaction_id));

    // Read once loaded; a new customer message while the agent looks at the thread is read
    // at once (the count moves, or "Mark as unread" ends with it); so is what arrived while
    // the page was hidden, once it shows again.
    let unread = Memo::new(move |_| work.interaction(interaction_id).map_or(0, |i| i.unread));
    let visible = expect_context::<PageVisibility>().visible;
    Effect::new(move |_| {
        let due = unread.get() > 0
            && visible.get()
            && !thread.kept_unread.get()
            && thread.status.get() == ThreadState::Loaded;
        if due {
            spawn_local(actions.read_if_unread(interaction_id));
        }
    });

    let mark_unread = move |_| {
        spawn_local(async move {
            let said = match actions.mark_unread(interaction_id).await {
                Ok(()) => "Marked as unread.".to_owned(),
                Err(failure) => failure.message,
            };
            notice.set(Some(said));
        })
    };
    let newest_customer_email = Signal::derive(move || {
        thread.messages.rows().with(|list| {
            list.iter()
                .rev()
                .find(|m| m.direction == Direction::Inbound)
                .or(list.last())
                .cloned()
        })
    });
    let copied = move || {
        thread
            .messages
            .rows()
            .with(|list: &Vec<Message>| copy_notice(list))
    };

    view! {
        <section class="thread" aria-label="Messages">
            <InteractionActions interaction=interaction answered=newest_customer_email />
            <div class="thread__tools">
                <button class="button button--small" type="button" on:click=mark_unread>"Mark as unread"</button>
                {move || notice.get().map(|text| view! { <span class="thread__notice" role="status">{text}</span> })}
            </div>
            {move || match thread.status.get() {
                ThreadState::Loading => view! { <p class="pane__empty">"Loading messages…"</p> }.into_any(),
                ThreadState::Failed(message) => view! { <p class="form-error" role="alert">{message}</p> }.into_any(),
                ThreadState::Loaded => ().into_any(),
            }}
            {move || copied().map(|text| view! { <p class="thread__copy-notice" role="note">{text}</p> })}
            <Show when=move || thread.has_earlier.get() && thread.status.get() == ThreadState::Loaded>
                <button class="button thread__earlier" type="button"
                    on:click=move |_| spawn_local(actions.show_earlier())>
                    "Show earlier messages"
                </button>
            </Show>
            <div class="thread__messages" aria-live="polite" aria-relevant="additions">
                // Keyed by version too: a changed message (its delivery) is rendered anew.
                {endless_rows(
                    move || thread.messages.rows(),
                    |row| row.with_untracked(|m| (m.id, m.version)),
                    |row| view! { <MessageView row=row /> }.into_any(),
                )}
            </div>
        </section>
    }
}
