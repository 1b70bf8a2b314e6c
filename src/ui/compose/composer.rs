//! The composer (PRODUCT B2, B3, B6–B9, B12): From, To/CC/BCC checked as typed, subject,
//! body, files, and Send / Send as a sub-status / Send and Close. What the agent typed stays
//! in the store until it is sent, whatever fails meanwhile.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{AfterSend, OutgoingEmail, Upload};

use super::{
    attachments::{allow_drop, dropped_files, AttachmentTray},
    autosave_switch::AutosaveSwitch,
    body_editor::BodyEditor,
};
use crate::{
    actions::{compose::default_account, drafts::SavedDraft, Actions},
    email::compose::check_recipients,
    store::{
        clock::now_ms,
        compose::{Catalog, ComposeKind, Composition, Compositions},
        Session,
    },
};

/// Field → what is wrong with it, shown under the field.
type FieldErrors = Vec<(&'static str, String)>;

fn field_error(errors: RwSignal<FieldErrors>, field: &'static str) -> impl Fn() -> Option<String> {
    move || {
        errors.with(|list| {
            list.iter()
                .find(|(f, _)| *f == field)
                .map(|(_, m)| m.clone())
        })
    }
}

#[component]
pub fn Composer(
    /// The interaction written on, `None` for a new email.
    target: Option<i64>,
    /// Its queue, for the default From account.
    queue_id: Option<i64>,
) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let session = expect_context::<Session>();
    let compositions = expect_context::<Compositions>();
    let catalog = expect_context::<Catalog>();
    let start = compositions.of(target).unwrap_or_else(|| {
        Composition::new(target, ComposeKind::Reply { all: false }, String::new())
    });
    let kind = start.kind.clone();
    let is_note = kind == ComposeKind::Note;
    let is_new = kind == ComposeKind::New;
    let is_forward = matches!(kind, ComposeKind::Forward { .. });

    let account = RwSignal::new(start.account_id);
    let to = RwSignal::new(start.to.clone());
    let cc = RwSignal::new(start.cc.clone());
    let bcc = RwSignal::new(start.bcc.clone());
    let show_copies = RwSignal::new(start.show_copies || !start.cc.is_empty());
    let subject = RwSignal::new(start.subject.clone());
    let case_number = RwSignal::new(start.case_number.clone());
    let body = RwSignal::new(start.body.clone());
    let format = RwSignal::new(start.format);
    let uploads = RwSignal::new(start.uploads.clone());
    let uploading = RwSignal::new(false);
    let dropped = RwSignal::new(Vec::<web_sys::File>::new());
    let errors = RwSignal::new(FieldErrors::new());
    let failure = RwSignal::new(None::<String>);
    let sending = RwSignal::new(false);
    let menu = RwSignal::new(false);

    // Everything typed goes back to the store, so switching away and back loses nothing,
    // and (with Autosave on) to the draft within a moment.
    let snapshot = {
        let start = start.clone();
        move || Composition {
            account_id: account.get(),
            to: to.get(),
            cc: cc.get(),
            bcc: bcc.get(),
            show_copies: show_copies.get(),
            subject: subject.get(),
            case_number: case_number.get(),
            body: body.get(),
            format: format.get(),
            uploads: uploads.get(),
            ..start.clone()
        }
    };
    // Once the agent has written something, another kind asks before it replaces this one
    // (see `InteractionActions`); choosing the From account is no writing.
    let save = snapshot.clone();
    let started = start.clone();
    Effect::new(move |first: Option<()>| {
        let now = save();
        if first.is_some() {
            let pristine = started.pristine && now.same_text(&started);
            compositions.edit(target, |c| {
                let (revision, notice, asks) = (c.revision, c.notice.take(), c.asks_to_replace);
                let (kept, updated) = (c.kept_other_draft, c.updated_at);
                *c = Composition {
                    pristine,
                    revision,
                    notice,
                    asks_to_replace: asks,
                    kept_other_draft: kept,
                    // Strictly later than the last change: the newer copy always wins.
                    updated_at: now_ms().max(updated + 1),
                    ..now
                };
            });
            actions.draft_changed();
        }
    });
    // A file sent from an earlier composer of this draft, answered after it closed, lands in
    // the store (see `AttachmentTray`): it joins this one too.
    // The store changes with every keystroke (the effect above); the ids of its files seldom.
    let key = start.key.clone();
    let stored = Memo::new(move |_| compositions.uploads_of(&key));
    Effect::new(move |_| {
        let missing: Vec<Upload> = stored.with(|arrived| {
            uploads.with_untracked(|here| {
                arrived
                    .iter()
                    .flatten()
                    .filter(|upload| !here.iter().any(|u| u.id == upload.id))
                    .cloned()
                    .collect()
            })
        });
        if !missing.is_empty() {
            uploads.update(|here| here.extend(missing));
        }
    });

    if !is_note {
        spawn_local(async move {
            let _ = actions.ensure_accounts().await;
        });
        Effect::new(move |_| {
            if account.get_untracked().is_none() {
                let chosen = catalog
                    .accounts
                    .with(|a| default_account(a.as_deref().unwrap_or_default(), queue_id));
                if chosen.is_some() {
                    account.set(chosen);
                }
            }
        });
    }

    let check = move || -> Option<(Vec<String>, Vec<String>, Vec<String>)> {
        let mut found = FieldErrors::new();
        let mut take = |field: &'static str, text: String| match check_recipients(&text) {
            Ok(list) => list,
            Err(message) => {
                found.push((field, message));
                Vec::new()
            }
        };
        let (t, c, b) = (
            take("to", to.get_untracked()),
            take("cc", cc.get_untracked()),
            take("bcc", bcc.get_untracked()),
        );
        if !is_note && t.is_empty() && !found.iter().any(|(f, _)| *f == "to") {
            found.push(("to", "Add at least one recipient in To.".into()));
        }
        if !is_note && account.get_untracked().is_none() {
            found.push(("account_id", "Choose the account to send from.".into()));
        }
        let ok = found.is_empty();
        errors.set(found);
        ok.then_some((t, c, b))
    };

    let send = move |then: AfterSend, sub_status: Option<String>| {
        failure.set(None);
        if uploading.get_untracked() {
            failure.set(Some("Wait until the files have finished uploading.".into()));
            return;
        }
        let Some((to_list, cc_list, bcc_list)) = check() else {
            return;
        };
        let composition = snapshot();
        let email = OutgoingEmail {
            account_id: account.get_untracked().unwrap_or_default(),
            to: to_list,
            cc: cc_list,
            bcc: bcc_list,
            subject: composition.subject.clone(),
            body: composition.body.clone(),
            format: composition.format,
            upload_ids: composition.uploads.iter().map(|u| u.id).collect(),
        };
        sending.set(true);
        menu.set(false);
        spawn_local(async move {
            let outcome = actions.send(composition, email, then, sub_status).await;
            sending.set(false);
            if let Err(error) = outcome {
                let field: Option<&'static str> = match error.field.as_deref() {
                    Some("to") => Some("to"),
                    Some("cc") => Some("cc"),
                    Some("bcc") => Some("bcc"),
                    Some("case_number") => Some("case_number"),
                    Some("account_id") => Some("account_id"),
                    _ => None,
                };
                match field {
                    Some(field) => errors.set(vec![(field, error.message)]),
                    None => failure.set(Some(error.message)),
                }
            }
        });
    };
    let send_now = send.clone();
    let send_close = send.clone();
    let sub_statuses = move || {
        session.agent.with(|a| {
            a.as_ref()
                .map(|a| a.sub_statuses.clone())
                .unwrap_or_default()
        })
    };
    let confirming_discard = RwSignal::new(false);
    let discard = move |_| {
        let pristine = compositions.of(target).is_none_or(|c| c.pristine);
        if pristine || confirming_discard.get_untracked() {
            actions.discard_writing(target);
        } else {
            confirming_discard.set(true);
        }
    };
    let save_as_draft = move |_| {
        failure.set(None);
        if uploading.get_untracked() {
            failure.set(Some("Wait until the files have finished uploading.".into()));
            return;
        }
        match actions.save_draft(target, false) {
            SavedDraft::Saved => compositions.discard(target),
            SavedDraft::NotSaved => failure.set(Some(
                "The draft could not be saved: see the warning above. What you wrote stays here."
                    .into(),
            )),
            SavedDraft::WouldReplace(_) | SavedDraft::Nothing => {}
        }
    };
    let live = Memo::new(move |_| {
        compositions.open.with(|list| {
            list.iter()
                .find(|c| c.target == target)
                .map(|c| (c.notice.clone(), c.asks_to_replace, c.kept_other_draft))
                .unwrap_or_default()
        })
    });
    let noun = start.noun();

    let heading = match &kind {
        ComposeKind::Reply { all: true } => "Reply all",
        ComposeKind::Reply { all: false } => "Reply",
        ComposeKind::Forward { .. } => "Forward",
        ComposeKind::Note => "Internal note",
        ComposeKind::New => "New email",
    };
    let recipient = move |field: &'static str, label: &'static str, value: RwSignal<String>| {
        let id = format!("compose-{field}");
        let error = field_error(errors, field);
        let has_error = field_error(errors, field);
        view! {
            <div class="composer__field">
                <label for=id.clone()>{label}</label>
                <input id=id type="text" inputmode="email" autocomplete="off" spellcheck="false"
                    aria-invalid=move || has_error().is_some().to_string()
                    prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev))
                    on:blur=move |_| {
                        let problem = check_recipients(&value.get_untracked()).err();
                        errors.update(|list| {
                            list.retain(|(f, _)| *f != field);
                            if let Some(problem) = problem { list.push((field, problem)); }
                        });
                    } />
                {move || error().map(|m| view! { <p class="composer__error" role="alert">{m}</p> })}
            </div>
        }
    };

    view! {
        <section class="composer" class:composer--note=is_note aria-label=heading
            on:dragover=move |ev| allow_drop(&ev)
            on:drop=move |ev| { ev.prevent_default(); dropped.set(dropped_files(&ev)); }>
            <header class="composer__head">
                <h3>{heading}</h3>
                {(!is_note).then(|| view! { <AutosaveSwitch /> })}
                <button class="button button--small button--quiet" type="button" on:click=discard
                    title="Discard what you wrote, and its draft">"Discard"</button>
            </header>
            {move || confirming_discard.get().then(|| view! {
                <div class="confirm composer__confirm" role="alertdialog" aria-label=format!("Discard this {noun}?")>
                    <span>{format!("Discard this {noun}? What you wrote, and its draft, will be deleted.")}</span>
                    <button class="button button--danger" type="button" on:click=discard>"Discard"</button>
                    <button class="button" type="button" on:click=move |_| confirming_discard.set(false)>"Keep writing"</button>
                </div>
            })}
            {move || live.with(|(_, asks, _)| *asks).map(|other| view! {
                <div class="confirm composer__replace" role="alertdialog" aria-label="Replace the saved draft?">
                    <span>{format!("This interaction already has a saved {other} draft. Save this {noun} instead? The saved {other} will be deleted. Until you choose, this {noun} is not saved as a draft.")}</span>
                    <button class="button button--danger" type="button"
                        on:click=move |_| { actions.save_draft(target, true); }>"Replace the draft"</button>
                    <button class="button" type="button" on:click=move |_| actions.keep_other_draft(target)>
                        {format!("Keep the saved {other}")}
                    </button>
                </div>
            })}
            {move || live.with(|(notice, _, kept)| {
                let text = notice.clone().or_else(|| kept.then(|| format!("This {noun} is not saved as a draft: you kept the one saved before.")));
                text.map(|text| view! { <p class="notice composer__notice" role="status">{text}</p> })
            })}
            {(!is_note).then(|| view! {
                <div class="composer__field">
                    <label for="compose-from">"From"</label>
                    <select id="compose-from" on:change=move |ev| account.set(event_target_value(&ev).parse().ok())>
                        {move || catalog.accounts.get().unwrap_or_default().into_iter().map(|a| {
                            let id = a.id;
                            view! {
                                <option value=id.to_string() selected=move || account.get() == Some(id)>
                                    {format!("{} <{}> · {}", a.name, a.address, a.key)}
                                </option>
                            }
                        }).collect_view()}
                    </select>
                    {move || field_error(errors, "account_id")().map(|m| view! { <p class="composer__error" role="alert">{m}</p> })}
                </div>
                {recipient("to", "To", to)}
                <Show when=move || show_copies.get()
                    fallback=move || view! {
                        <button class="button button--small button--quiet composer__copies" type="button"
                            on:click=move |_| show_copies.set(true)>"Cc / Bcc"</button>
                    }>
                    {recipient("cc", "Cc", cc)}
                    {(!is_forward).then(|| recipient("bcc", "Bcc", bcc))}
                </Show>
                {is_new.then(|| view! {
                    <div class="composer__field">
                        <label for="compose-case">"Case number"</label>
                        <input id="compose-case" type="text" placeholder="Follow-up on a case? e.g. CS-000042"
                            prop:value=move || case_number.get() on:input=move |ev| case_number.set(event_target_value(&ev)) />
                        {move || field_error(errors, "case_number")().map(|m| view! { <p class="composer__error" role="alert">{m}</p> })}
                    </div>
                })}
                {(!is_forward).then(|| view! {
                    <div class="composer__field">
                        <label for="compose-subject">"Subject"</label>
                        <input id="compose-subject" type="text" prop:value=move || subject.get()
                            on:input=move |ev| subject.set(event_target_value(&ev)) />
                    </div>
                })}
            })}
            <BodyEditor body=body format=format
                label=if is_note { "Note (only agents see it)" } else if is_forward { "Comment above the forwarded message" } else { "Message" } />
            <AttachmentTray composition=start.key.clone() uploads=uploads busy=uploading dropped=dropped />
            {move || failure.get().map(|m| view! { <p class="form-error composer__failure" role="alert">{m}</p> })}
            <div class="composer__send">
                {(!is_note).then(|| view! {
                    <button class="button composer__save-draft" type="button" on:click=save_as_draft
                        title="Keep it for later: it waits, minimized, below the list">"Save as draft"</button>
                })}
                <button class="button button--primary composer__send-button" type="button" disabled=sending
                    on:click=move |_| send_now(AfterSend::Open, None)>
                    {move || if sending.get() { "Sending…" } else if is_note { "Add note" } else { "Send" }}
                </button>
                {(!is_note && !is_new).then(|| view! {
                    <button class="button composer__more" type="button" aria-haspopup="menu"
                        aria-expanded=move || menu.get().to_string() aria-label="More ways to send"
                        on:click=move |_| menu.update(|m| *m = !*m)>"▾"</button>
                    <Show when=move || menu.get()>
                        <ul class="menu composer__menu" role="menu">
                            {(!is_forward).then(|| {
                                let send = send.clone();
                                view! {
                                    {move || sub_statuses().into_iter().map(|label| {
                                        let send = send.clone();
                                        let text = format!("Send as {label}");
                                        view! {
                                            <li role="none"><button class="menu__item" role="menuitem" type="button"
                                                on:click=move |_| send(AfterSend::Open, Some(label.clone()))>{text}</button></li>
                                        }
                                    }).collect_view()}
                                }
                            })}
                            <li role="none"><button class="menu__item" role="menuitem" type="button"
                                on:click={let send_close = send_close.clone(); move |_| send_close(AfterSend::Close, None)}>"Send and close"</button></li>
                        </ul>
                    </Show>
                })}
            </div>
        </section>
    }
}
