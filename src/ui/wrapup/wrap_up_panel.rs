//! Post-processing of one interaction: countdown to Available, notes (kept on the server as
//! typed), disposition, Wrap up; Work Offline stops the countdown.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{disposition_ids_to, AgentStatus, WrapUp, WrapUpRequest};

use super::disposition_picker::{chosen_leaf, DispositionPicker};
use crate::{
    actions::Actions,
    store::{clock::Clock, rows::RowsStoreFields, work::clock_text, Session, Work},
};

const UNLINKED: &str =
    "Create or link the contact in the Contact tab before wrapping up: this interaction is with nobody yet.";

#[component]
pub fn WrapUpPanel(interaction_id: i64) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let session = expect_context::<Session>();
    let work = expect_context::<Work>();
    let clock = expect_context::<Clock>();
    let id = interaction_id;
    // Countdown and mandatory follow the server; notes and disposition start from it once.
    let current = Memo::new(move |_| work.wrap_up_of(id));
    let deadline = move || current.get().and_then(|w| w.deadline);
    let mandatory = move || current.get().is_some_and(|w| w.mandatory_disposition);
    let wrap_up: WrapUp = current.get_untracked().unwrap_or(WrapUp {
        interaction_id: id,
        started_at: 0,
        deadline: None,
        mandatory_disposition: false,
        notes: String::new(),
        disposition_id: None,
        version: 0,
    });

    let notes = RwSignal::new(wrap_up.notes.clone());
    let tree = Signal::derive(move || work.dispositions.get());
    let path = RwSignal::new(
        wrap_up
            .disposition_id
            .and_then(|chosen| disposition_ids_to(&work.dispositions.get_untracked(), chosen))
            .unwrap_or_default(),
    );
    let leaf = move || chosen_leaf(&tree.get(), &path.get());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);

    let request = move || WrapUpRequest {
        notes: notes.get_untracked(),
        disposition_id: leaf(),
    };
    // Saved on every change of notes (on blur) or disposition, so a reload loses nothing.
    let save = move || {
        let body = request();
        spawn_local(async move {
            if let Err(failure) = actions.save_wrap_up(id, body).await {
                error.set(Some(format!("Not saved: {}", failure.message)));
            }
        });
    };
    let save_on_pick = save;
    Effect::new(move |previous: Option<Option<i64>>| {
        let now = leaf();
        if previous.is_some_and(|before| before != now) {
            save_on_pick();
        }
        now
    });

    // The screen pop's rule: an interaction is wrapped up with the contact it was with.
    let unlinked = Memo::new(move |_| {
        work.interaction(id)
            .is_some_and(|i| i.customer.id.is_none())
    });
    let complete = {
        move |_| {
            if unlinked.get_untracked() {
                error.set(Some(UNLINKED.into()));
                return;
            }
            if mandatory() && leaf().is_none() {
                error.set(Some(
                    "This queue needs a disposition: choose one down to its last level.".into(),
                ));
                return;
            }
            busy.set(true);
            error.set(None);
            let body = request();
            spawn_local(async move {
                if let Err(failure) = actions.complete_wrap_up(id, body).await {
                    error.set(Some(failure.message));
                }
                busy.set(false);
            });
        }
    };
    let work_offline = move |_| {
        spawn_local(async move {
            if let Err(failure) = actions.set_status(AgentStatus::WorkingOffline).await {
                error.set(Some(failure.message));
            }
        });
    };
    let countdown = move || match deadline() {
        Some(at) => format!("Available again in {}", clock_text(at - clock.now.get())),
        None if mandatory() => "Paused until you choose a disposition and wrap up.".to_owned(),
        None => "Countdown stopped: wrap up when you are ready.".to_owned(),
    };
    let offline = move || session.status() == Some(AgentStatus::WorkingOffline);
    // After a transfer the interaction is someone else's; the wrap-up records this agent's part.
    let transferred = Memo::new(move |_| {
        work.rail.rows().with(|list| {
            list.iter()
                .find(|i| i.id == id)
                .is_some_and(|i| !session.is_assigned(i))
        })
    });

    view! {
        <section class="wrap-up" aria-label="Wrap-up">
            <header class="wrap-up__head">
                <h3>"Wrap-up"</h3>
                <p class="wrap-up__countdown" role="timer" aria-live="off" class:wrap-up__countdown--running=move || deadline().is_some()>
                    {countdown}
                </p>
            </header>
            <Show when=move || transferred.get()>
                <p class="wrap-up__hint">"You transferred this interaction. Your notes and disposition record your part; it goes on without you."</p>
            </Show>
            <label for="wrap-up-notes">"Notes"</label>
            <textarea id="wrap-up-notes" rows="4" prop:value=move || notes.get()
                on:input=move |ev| notes.set(event_target_value(&ev)) on:change=move |_| save()></textarea>
            <DispositionPicker tree=tree path=path />
            <Show when=mandatory>
                <p class="wrap-up__hint">"A disposition is required for this queue."</p>
            </Show>
            {move || error.get().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <Show when=move || unlinked.get()>
                <p class="notice wrap-up__blocked" role="note">{UNLINKED}</p>
            </Show>
            <div class="wrap-up__actions">
                <button class="button button--primary" type="button" disabled=move || busy.get() || unlinked.get()
                    title=move || if unlinked.get() { UNLINKED } else { "Wrap up" } on:click=complete>"Wrap up"</button>
                <button class="button" type="button" disabled=offline on:click=work_offline
                    title="More time: stops the countdown and keeps you Working Offline">
                    "Work Offline"
                </button>
            </div>
        </section>
    }
}
