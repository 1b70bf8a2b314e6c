//! The selected interaction: its header, End (with confirmation) and, once ended, wrap-up.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::InteractionState;

use super::interaction_header::InteractionHeader;
use crate::{
    actions::Actions,
    store::{compose::Compositions, Session, Work},
    ui::{compose::Composer, drafts::DraftStorageWarning, email::ThreadView, wrapup::WrapUpPanel},
};

#[component]
pub fn WorkPane() -> impl IntoView {
    let work = expect_context::<Work>();
    let session = expect_context::<Session>();
    // Rebuilt only when another interaction is selected or its state changes, so what the
    // agent types below is never reset by an unrelated event.
    let shown = Memo::new(move |_| {
        work.selected_interaction()
            .map(|i| (i.id, i.state, i.agent_id))
    });
    view! {
        <section class="pane pane--work" aria-label="Work area">
            <DraftStorageWarning />
            <ComposeArea target=None queue_id=None />
            {move || match shown.get().and_then(|_| untrack(|| work.selected_interaction())) {
                None => view! { <p class="pane__empty">"Accept an offer, or select an interaction on the left."</p> }.into_any(),
                Some(interaction) => {
                    let id = interaction.id;
                    let queue_id = interaction.queue_id;
                    let active = interaction.state == InteractionState::Active
                        && session.is_assigned(&interaction);
                    let wrapping = Memo::new(move |_| work.wrap_up_of(id).is_some());
                    view! {
                        <InteractionHeader interaction=interaction.clone() />
                        {active.then(|| view! { <EndInteraction interaction_id=id /> })}
                        // Above the thread: its countdown runs, so it is in view at once.
                        <Show when=move || wrapping.get()>
                            <WrapUpPanel interaction_id=id />
                        </Show>
                        <ThreadView interaction=interaction.clone() />
                        <ComposeArea target=Some(id) queue_id=Some(queue_id) />
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// The composer of `target`, while one is open; rebuilt only when what is written changes
/// kind or draft, or changes from outside it (another tab) — not on every keystroke.
#[component]
pub fn ComposeArea(target: Option<i64>, queue_id: Option<i64>) -> impl IntoView {
    let compositions = expect_context::<Compositions>();
    let shown = Memo::new(move |_| {
        compositions.open.with(|list| {
            list.iter()
                .find(|c| c.target == target)
                .map(|c| (c.kind.clone(), c.key.clone(), c.revision))
        })
    });
    move || {
        shown
            .get()
            .map(|_| view! { <Composer target=target queue_id=queue_id /> })
    }
}

#[component]
fn EndInteraction(interaction_id: i64) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let confirming = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let end = move |_| {
        busy.set(true);
        spawn_local(async move {
            if let Err(failure) = actions.end(interaction_id).await {
                error.set(Some(failure.message));
            }
            busy.set(false);
            confirming.set(false);
        });
    };
    view! {
        <div class="end-interaction">
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button class="button" type="button" on:click=move |_| confirming.set(true)>"End interaction"</button>
                }
            >
                <div class="confirm" role="alertdialog" aria-label="End this interaction?">
                    <span>"End this interaction?"</span>
                    <button class="button button--danger" type="button" disabled=busy on:click=end>"End"</button>
                    <button class="button" type="button" on:click=move |_| confirming.set(false)>"Cancel"</button>
                </div>
            </Show>
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
        </div>
    }
}
