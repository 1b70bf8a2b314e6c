//! What the agent can do with the interaction on screen (PRODUCT B2–B5, B10, B12, B14, B15):
//! reply, reply all, forward, note, transfer, sub-status, close (& dispose), reopen, and
//! download a transcript. Writing opens the composer below the thread; starting another
//! kind of message while one is being written asks first, so nothing typed is lost.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{paths, InteractionState, InteractionSummary, Message};

use super::dialogs::{CloseDialog, TransferDialog};
use crate::ui::drafts::DraftPencil;
use crate::{
    actions::{compose::Started, Actions},
    store::{compose::ComposeKind, Session},
};

/// A kind of message the agent asked to start while another one holds typed text.
#[derive(Clone, PartialEq)]
struct Replacing {
    kind: ComposeKind,
    noun: &'static str,
}

#[component]
pub fn InteractionActions(
    interaction: InteractionSummary,
    /// The message a reply answers or a forward sends: the newest customer email.
    answered: Signal<Option<Message>>,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let session = expect_context::<Session>();
    let mine = session.is_assigned(&interaction);
    let writable = mine
        && matches!(
            interaction.state,
            InteractionState::Active | InteractionState::Open
        );
    let closed = interaction.state == InteractionState::Closed;
    // Notes: the agent working it (or finishing their wrap-up of it), or a supervisor.
    let may_note = mine
        || session.is_supervisor()
        || untrack(|| actions.stores.work.wrap_up_of(interaction.id)).is_some();
    let may_transfer = session
        .agent
        .with_untracked(|a| a.as_ref().is_some_and(|a| a.permissions.may_transfer));
    let dialog = RwSignal::new(None::<&'static str>);
    let failure = RwSignal::new(None::<String>);
    let replacing = RwSignal::new(None::<Replacing>);
    let id = interaction.id;

    let write = {
        let interaction = interaction.clone();
        move |kind: ComposeKind, replace: bool| {
            let message = answered.get_untracked();
            let kind = match kind {
                ComposeKind::Forward { .. } => match &message {
                    Some(m) => ComposeKind::Forward { message_id: m.id },
                    None => return,
                },
                other => other,
            };
            let interaction = interaction.clone();
            spawn_local(async move {
                let started = actions
                    .start_writing(interaction, kind.clone(), message, replace)
                    .await;
                replacing.set(match started {
                    Started::Writing => None,
                    Started::WouldDiscard(noun) => Some(Replacing { kind, noun }),
                });
            });
        }
    };
    let (reply, reply_all, forward, note, confirm) = (
        write.clone(),
        write.clone(),
        write.clone(),
        write.clone(),
        write,
    );

    let sub_status_now = interaction.sub_status.clone().unwrap_or_default();
    let set_sub_status = move |label: String| {
        spawn_local(async move {
            let value = (!label.is_empty()).then_some(label);
            if let Err(error) = actions.set_sub_status(id, value).await {
                failure.set(Some(error.message));
            }
        });
    };
    let reopen = move |_| {
        spawn_local(async move {
            match actions.reopen(id).await {
                // An agent's reopen opens the composer straight away (seed 003).
                Ok(reopened) => {
                    let kind = ComposeKind::Reply { all: false };
                    let started = actions
                        .start_writing(reopened, kind.clone(), None, false)
                        .await;
                    if let Started::WouldDiscard(noun) = started {
                        let _ = replacing.try_set(Some(Replacing { kind, noun }));
                    }
                }
                Err(error) => failure.set(Some(error.message)),
            }
        });
    };
    let transcript = move |with_files: bool| {
        spawn_local(async move {
            let path = format!(
                "{}?attachments={with_files}",
                paths::interaction_action(id, "transcript")
            );
            match actions.file_url(path, "text/html".into()).await {
                Ok(url) => {
                    let name = format!(
                        "transcript-{id}{}.html",
                        if with_files { "-with-files" } else { "" }
                    );
                    crate::ui::email::save_file(&url, &name);
                }
                Err(error) => failure.set(Some(error.message)),
            }
        });
    };

    view! {
        <div class="actions" role="toolbar" aria-label="Interaction actions">
            <span class="actions__pencil"><DraftPencil interaction_id=Signal::derive(move || Some(id)) labelled=true /></span>
            {writable.then(|| view! {
                <button class="button button--small" type="button" on:click=move |_| reply(ComposeKind::Reply { all: false }, false)>"Reply"</button>
                <button class="button button--small" type="button" on:click=move |_| reply_all(ComposeKind::Reply { all: true }, false)>"Reply all"</button>
                <button class="button button--small" type="button" on:click=move |_| forward(ComposeKind::Forward { message_id: 0 }, false)>"Forward"</button>
            })}
            {may_note.then(|| view! {
                <button class="button button--small" type="button" on:click=move |_| note(ComposeKind::Note, false)>"Note"</button>
            })}
            {(writable && may_transfer).then(|| view! {
                <button class="button button--small" type="button" on:click=move |_| dialog.set(Some("transfer"))>"Transfer"</button>
            })}
            {writable.then(|| {
                let current = sub_status_now.clone();
                view! {
                    <label class="actions__sub-status">
                        <span class="visually-hidden">"Sub-status"</span>
                        <select aria-label="Sub-status" on:change=move |ev| set_sub_status(event_target_value(&ev))>
                            <option value="" selected=current.is_empty()>"No sub-status"</option>
                            {session.agent.with_untracked(|a| a.as_ref().map(|a| a.sub_statuses.clone()).unwrap_or_default())
                                .into_iter().map(|label| {
                                    let selected = label == current;
                                    view! { <option value=label.clone() selected=selected>{format!("Set as {label}")}</option> }
                                }).collect_view()}
                        </select>
                    </label>
                    <button class="button button--small" type="button" on:click=move |_| dialog.set(Some("close"))>"Close"</button>
                }
            })}
            {closed.then(|| view! {
                <button class="button button--small" type="button" on:click=reopen>"Reopen"</button>
            })}
            <button class="button button--small" type="button" title="A printable HTML file of the thread"
                on:click=move |_| transcript(false)>"Transcript"</button>
            <button class="button button--small" type="button" title="The transcript with every attachment inside"
                on:click=move |_| transcript(true)>"Transcript + files"</button>
        </div>
        {move || replacing.get().map(|asked| {
            let (confirm, kind) = (confirm.clone(), asked.kind.clone());
            view! {
                <div class="confirm actions__replace" role="alertdialog" aria-label=format!("Discard your {}?", asked.noun)>
                    <span>{format!("Discard your {}? What you wrote in it will be lost.", asked.noun)}</span>
                    <button class="button button--danger" type="button"
                        on:click=move |_| confirm(kind.clone(), true)>"Discard"</button>
                    <button class="button" type="button" on:click=move |_| replacing.set(None)>
                        {format!("Keep my {}", asked.noun)}
                    </button>
                </div>
            }
        })}
        {move || failure.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        {move || match dialog.get() {
            Some("transfer") => view! { <TransferDialog interaction_id=id channel=interaction.channel on_close=move || dialog.set(None) /> }.into_any(),
            Some("close") => view! { <CloseDialog interaction_id=id on_close=move || dialog.set(None) /> }.into_any(),
            _ => ().into_any(),
        }}
    }
}
