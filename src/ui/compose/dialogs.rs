//! Transfer (to one queue or one online agent, with Continue / Cancel when nobody is logged
//! in to the queue) and Close / Close & Dispose.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{Channel, ErrorCode, TransferRequest, TransferTarget};

use crate::{
    actions::Actions,
    store::{compose::Catalog, Work},
    ui::wrapup::{chosen_leaf, DispositionPicker},
};

#[component]
pub fn TransferDialog(
    interaction_id: i64,
    channel: Channel,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let catalog = expect_context::<Catalog>();
    let agents = RwSignal::new(Vec::<TransferTarget>::new());
    let choice = RwSignal::new(String::new());
    let confirm = RwSignal::new(None::<String>);
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    spawn_local(async move {
        match actions.transfer_targets().await {
            Ok(list) => agents.set(list),
            Err(error) => failure.set(Some(error.message)),
        }
    });

    let go = {
        let on_close = on_close.clone();
        move |confirmed: bool| {
            let value = choice.get_untracked();
            let request = match value.split_once(':') {
                Some(("queue", id)) => TransferRequest {
                    queue_id: id.parse().ok(),
                    agent_id: None,
                    confirm_empty_queue: confirmed,
                },
                Some(("agent", id)) => TransferRequest {
                    queue_id: None,
                    agent_id: id.parse().ok(),
                    confirm_empty_queue: confirmed,
                },
                _ => {
                    failure.set(Some("Choose one queue or one agent.".into()));
                    return;
                }
            };
            let on_close = on_close.clone();
            busy.set(true);
            spawn_local(async move {
                match actions.transfer(interaction_id, request).await {
                    Ok(_) => on_close(),
                    Err(error) if error.code == Some(ErrorCode::ConfirmationRequired) => {
                        confirm.set(Some(error.message))
                    }
                    Err(error) => failure.set(Some(error.message)),
                }
                busy.set(false);
            });
        }
    };
    let (go_first, go_confirmed) = (go.clone(), go);
    let cancel = on_close.clone();

    view! {
        <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="transfer-title">
            <h3 id="transfer-title">"Transfer to"</h3>
            <label for="transfer-target" class="visually-hidden">"Queue or agent"</label>
            <select id="transfer-target" on:change=move |ev| { confirm.set(None); choice.set(event_target_value(&ev)); }>
                <option value="">"Choose a queue or an agent…"</option>
                <optgroup label="Queues">
                    {move || catalog.queues.get().unwrap_or_default().into_iter()
                        .filter(|q| q.channel == channel)
                        .map(|q| view! { <option value=format!("queue:{}", q.id)>{q.name}</option> })
                        .collect_view()}
                </optgroup>
                <optgroup label="Agents online">
                    {move || agents.get().into_iter()
                        .map(|a| view! { <option value=format!("agent:{}", a.agent_id)>{a.display_name}</option> })
                        .collect_view()}
                </optgroup>
            </select>
            {move || failure.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            {move || match confirm.get() {
                Some(question) => {
                    let go = go_confirmed.clone();
                    let cancel = cancel.clone();
                    view! {
                        <div class="confirm" role="alertdialog" aria-label="Nobody is logged in">
                            <p class="dialog__warning">{question}</p>
                            <button class="button button--primary" type="button" disabled=busy on:click=move |_| go(true)>"Continue"</button>
                            <button class="button" type="button" on:click=move |_| cancel()>"Cancel"</button>
                        </div>
                    }.into_any()
                }
                None => {
                    let go = go_first.clone();
                    let cancel = cancel.clone();
                    view! {
                        <div class="dialog__buttons">
                            <button class="button button--primary" type="button" disabled=busy on:click=move |_| go(false)>"Transfer"</button>
                            <button class="button" type="button" on:click=move |_| cancel()>"Cancel"</button>
                        </div>
                    }.into_any()
                }
            }}
        </div>
    }
}

#[component]
pub fn CloseDialog(
    interaction_id: i64,
    on_close: impl Fn() + Clone + Send + Sync + 'static,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let work = expect_context::<Work>();
    let tree = Signal::derive(move || work.dispositions.get());
    let path = RwSignal::new(Vec::<i64>::new());
    let failure = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let close = {
        let on_close = on_close.clone();
        move |dispose: bool| {
            let disposition = chosen_leaf(&tree.get_untracked(), &path.get_untracked());
            if dispose && disposition.is_none() {
                failure.set(Some("Choose a disposition down to its last level.".into()));
                return;
            }
            let on_close = on_close.clone();
            busy.set(true);
            spawn_local(async move {
                match actions
                    .close(interaction_id, disposition.filter(|_| dispose))
                    .await
                {
                    Ok(_) => on_close(),
                    Err(error) => failure.set(Some(error.message)),
                }
                busy.set(false);
            });
        }
    };
    let (close_plain, close_disposed) = (close.clone(), close);
    view! {
        <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="close-title">
            <h3 id="close-title">"Close this interaction"</h3>
            <DispositionPicker tree=tree path=path />
            {move || failure.get().map(|m| view! { <p class="form-error" role="alert">{m}</p> })}
            <div class="dialog__buttons">
                <button class="button" type="button" disabled=busy on:click=move |_| close_plain(false)>"Close"</button>
                <button class="button button--primary" type="button" disabled=busy on:click=move |_| close_disposed(true)>"Close & Dispose"</button>
                <button class="button button--quiet" type="button" on:click=move |_| on_close()>"Cancel"</button>
            </div>
        </div>
    }
}
