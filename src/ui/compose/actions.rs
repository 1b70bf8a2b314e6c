//! What the agent can do with the interaction on screen (PRODUCT B2–B5, B10, B12, B14, B15):
//! reply, reply all, forward, note, transfer, sub-status, close (& dispose), reopen, and
//! download a transcript. Writing opens the composer below the thread.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{paths, InteractionState, InteractionSummary, Message};

use super::{
    composer::default_account,
    dialogs::{CloseDialog, TransferDialog},
};
use crate::{
    api::Api,
    email::compose::{reply_recipients, reply_subject, with_signature},
    store::{
        compose::{Catalog, ComposeKind, Composition, Compositions},
        Session,
    },
};

/// A fresh `Idempotency-Key` for one composition's send.
pub fn new_key() -> String {
    let random = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("send-{:x}-{random:x}", js_sys::Date::now() as u64)
}

/// Starts writing `kind` on `interaction`, prefilled from `message` (the one answered or
/// forwarded) and the agent's signature; an open composition for it is kept instead.
pub fn start_writing(
    compositions: Compositions,
    session: Session,
    catalog: Catalog,
    interaction: &InteractionSummary,
    kind: ComposeKind,
    message: Option<&Message>,
) {
    if compositions
        .of(Some(interaction.id))
        .is_some_and(|c| c.kind == kind)
    {
        return;
    }
    let (signature, own) = session.agent.with_untracked(|agent| {
        let signature = agent
            .as_ref()
            .map(|a| a.signature.clone())
            .unwrap_or_default();
        let own: Vec<String> = catalog
            .accounts
            .with_untracked(|a| a.iter().flatten().map(|a| a.address.clone()).collect());
        (signature, own)
    });
    let mut composition = Composition::new(Some(interaction.id), kind.clone(), new_key());
    composition.account_id = catalog.accounts.with_untracked(|a| {
        default_account(a.as_deref().unwrap_or_default(), Some(interaction.queue_id))
    });
    match (&kind, message) {
        (ComposeKind::Reply { all }, Some(message)) => {
            let (to, cc) = reply_recipients(message, *all, &own);
            composition.to = to.join(", ");
            composition.cc = cc.join(", ");
            composition.in_reply_to = Some(message.id);
            composition.subject = reply_subject(
                message
                    .subject
                    .as_deref()
                    .or(interaction.subject.as_deref())
                    .unwrap_or_default(),
            );
        }
        (ComposeKind::Reply { .. }, None) => {
            composition.to = interaction.customer.email.clone().unwrap_or_default();
            composition.subject = reply_subject(interaction.subject.as_deref().unwrap_or_default());
        }
        _ => {}
    }
    // The signature once, below room to write (not on internal notes).
    if kind != ComposeKind::Note {
        composition.body = with_signature("", &signature);
    }
    compositions.put(composition);
}

#[component]
pub fn InteractionActions(
    interaction: InteractionSummary,
    /// The thread, once loaded (replies answer its newest customer email).
    thread: Signal<Option<Vec<Message>>>,
) -> impl IntoView {
    let api = expect_context::<Api>();
    let session = expect_context::<Session>();
    let compositions = expect_context::<Compositions>();
    let catalog = expect_context::<Catalog>();
    let mine = session.is_assigned(&interaction);
    let writable = mine
        && matches!(
            interaction.state,
            InteractionState::Active | InteractionState::Open
        );
    let closed = interaction.state == InteractionState::Closed;
    let may_transfer = session
        .agent
        .with_untracked(|a| a.as_ref().is_some_and(|a| a.permissions.may_transfer));
    let dialog = RwSignal::new(None::<&'static str>);
    let failure = RwSignal::new(None::<String>);
    let id = interaction.id;

    let newest_customer_email = move || {
        thread.with(|list| {
            list.as_ref().and_then(|list| {
                list.iter()
                    .rev()
                    .find(|m| m.direction == omni_protocol::Direction::Inbound)
                    .or(list.last())
                    .cloned()
            })
        })
    };
    // Our own addresses must be known before Reply all leaves them out.
    let write = {
        let interaction = interaction.clone();
        let api = api.clone();
        move |kind: ComposeKind| {
            let message = newest_customer_email();
            let kind = match kind {
                ComposeKind::Forward { .. } => match &message {
                    Some(m) => ComposeKind::Forward { message_id: m.id },
                    None => return,
                },
                other => other,
            };
            let (api, interaction) = (api.clone(), interaction.clone());
            spawn_local(async move {
                let missing = catalog
                    .accounts
                    .with_untracked(|a| a.as_ref().is_none_or(Vec::is_empty));
                if let (true, Some(token)) = (missing, session.token.get_untracked()) {
                    if let Ok(accounts) = api.email_accounts(&token).await {
                        catalog.accounts.set(Some(accounts));
                    }
                }
                start_writing(
                    compositions,
                    session,
                    catalog,
                    &interaction,
                    kind,
                    message.as_ref(),
                );
            });
        }
    };
    let (reply, reply_all, forward, note) = (write.clone(), write.clone(), write.clone(), write);

    let sub_status_now = interaction.sub_status.clone().unwrap_or_default();
    let set_sub_status = {
        let api = api.clone();
        move |label: String| {
            let Some(token) = session.token.get_untracked() else {
                return;
            };
            let api = api.clone();
            spawn_local(async move {
                let value = (!label.is_empty()).then_some(label);
                if let Err(error) = api.set_sub_status(&token, id, value).await {
                    failure.set(Some(error.message));
                }
            });
        }
    };
    let reopen = {
        let api = api.clone();
        move |_| {
            let Some(token) = session.token.get_untracked() else {
                return;
            };
            let api = api.clone();
            spawn_local(async move {
                match api.reopen(&token, id).await {
                    // An agent's reopen opens the composer straight away (seed 003).
                    Ok(reopened) => start_writing(
                        compositions,
                        session,
                        catalog,
                        &reopened,
                        ComposeKind::Reply { all: false },
                        None,
                    ),
                    Err(error) => failure.set(Some(error.message)),
                }
            });
        }
    };
    let transcript = move |with_files: bool| {
        let Some(token) = session.token.get_untracked() else {
            return;
        };
        let api = api.clone();
        spawn_local(async move {
            let path = format!(
                "{}?attachments={with_files}",
                paths::interaction_action(id, "transcript")
            );
            match api.file_url(&token, &path, "text/html").await {
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
    let transcript_plain = transcript.clone();

    view! {
        <div class="actions" role="toolbar" aria-label="Interaction actions">
            {writable.then(|| view! {
                <button class="button button--small" type="button" on:click=move |_| reply(ComposeKind::Reply { all: false })>"Reply"</button>
                <button class="button button--small" type="button" on:click=move |_| reply_all(ComposeKind::Reply { all: true })>"Reply all"</button>
                <button class="button button--small" type="button" on:click=move |_| forward(ComposeKind::Forward { message_id: 0 })>"Forward"</button>
            })}
            <button class="button button--small" type="button" on:click=move |_| note(ComposeKind::Note)>"Note"</button>
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
                on:click=move |_| transcript_plain(false)>"Transcript"</button>
            <button class="button button--small" type="button" title="The transcript with every attachment inside"
                on:click=move |_| transcript(true)>"Transcript + files"</button>
        </div>
        {move || failure.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
        {move || match dialog.get() {
            Some("transfer") => view! { <TransferDialog interaction_id=id channel=interaction.channel on_close=move || dialog.set(None) /> }.into_any(),
            Some("close") => view! { <CloseDialog interaction_id=id on_close=move || dialog.set(None) /> }.into_any(),
            _ => ().into_any(),
        }}
    }
}
