//! Writing: starting a composition (prefilled, never throwing typed text away), sending it,
//! its files, the Markdown preview, and the lists the composer picks from.

use leptos::prelude::*;
use omni_protocol::{
    AfterSend, CannedAnswer, EmailAccount, EventBody, ForwardRequest, InteractionSummary, Message,
    NewEmailRequest, NoteRequest, OutgoingEmail, ReplyRequest, Sent, Upload,
};

use super::Actions;
use crate::{
    api::ApiError,
    email::compose::{reply_recipients, reply_subject, with_signature},
    store::{
        compose::{ComposeKind, Composition},
        drafts::composition_of,
    },
};

/// A fresh `Idempotency-Key` for one composition's send.
pub fn new_key() -> String {
    let random = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("send-{:x}-{random:x}", js_sys::Date::now() as u64)
}

/// The account a composition starts from: the interaction's queue's, else the first.
pub fn default_account(accounts: &[EmailAccount], queue_id: Option<i64>) -> Option<i64> {
    accounts
        .iter()
        .find(|a| Some(a.queue_id) == queue_id)
        .or(accounts.first())
        .map(|a| a.id)
}

/// What starting to write found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Started {
    /// The composer is open (a new composition, or the one of this kind already there).
    Writing,
    /// Text typed in another kind of composition would be lost: the agent is asked first,
    /// and [`Actions::start_writing`] with `replace` discards it.
    WouldDiscard(&'static str),
}

impl Actions {
    /// Loads the agent's email accounts once.
    pub async fn ensure_accounts(self) -> Result<(), ApiError> {
        let catalog = self.stores.catalog;
        if catalog
            .accounts
            .with_untracked(|a| a.as_ref().is_some_and(|a| !a.is_empty()))
        {
            return Ok(());
        }
        let token = self.token()?;
        let answer = self.api.email_accounts(&token).await;
        let accounts = self.answered(&token, answer)?;
        if self.stores.session.is_current(&token) {
            catalog.accounts.set(Some(accounts));
        }
        Ok(())
    }

    /// Loads the canned answers once (the first `/` search).
    pub async fn ensure_canned(self) {
        let catalog = self.stores.catalog;
        if catalog.canned.with_untracked(Option::is_some) {
            return;
        }
        catalog.canned.set(Some(Vec::<CannedAnswer>::new()));
        let Ok(token) = self.token() else { return };
        if let Ok(answers) = self.answered(&token, self.api.canned_answers(&token).await) {
            if self.stores.session.is_current(&token) {
                catalog.canned.set(Some(answers));
            }
        }
    }

    /// Starts writing `kind` on `interaction`, prefilled from `message` (the one answered or
    /// forwarded) and the agent's signature. An open composition of the same kind is kept;
    /// one of another kind with typed text is replaced only with `replace`.
    pub async fn start_writing(
        self,
        interaction: InteractionSummary,
        kind: ComposeKind,
        message: Option<Message>,
        replace: bool,
    ) -> Started {
        let compositions = self.stores.compositions;
        let target = Some(interaction.id);
        let open_now = || compositions.of(target).map(|c| c.key);
        let asked_about = open_now();
        if let Some(started) = self.keeps_writing(target, &kind, replace) {
            return started;
        }
        if replace {
            // The agent chose to discard what was written: its draft goes with it.
            if let Some(discarded) = compositions.of(target) {
                self.stores
                    .drafts
                    .remove_of(&discarded.draft_id, &discarded.key);
            }
        }
        // A saved draft of this kind is what the agent goes on with (seed 003).
        if compositions.of(target).is_none() {
            let id = crate::drafts::keys::of_interaction(interaction.id);
            let saved = self.stores.drafts.get(&id);
            if saved.is_some_and(|d| same_kind(&composition_of(&d).kind, &kind)) {
                self.resume_draft(id).await;
                return Started::Writing;
            }
        }
        // Our own addresses must be known before Reply all leaves them out.
        if kind != ComposeKind::Note {
            let _ = self.ensure_accounts().await;
            // Meanwhile the agent may have started something else: ask about that one.
            if open_now() != asked_about {
                if let Some(started) = self.keeps_writing(target, &kind, false) {
                    return started;
                }
            }
        }
        let session = self.stores.session;
        let catalog = self.stores.catalog;
        let signature = session.agent.with_untracked(|agent| {
            agent
                .as_ref()
                .map(|a| a.signature.clone())
                .unwrap_or_default()
        });
        let own: Vec<String> = catalog
            .accounts
            .with_untracked(|a| a.iter().flatten().map(|a| a.address.clone()).collect());
        let mut composition = Composition::started(target, kind.clone(), new_key());
        composition.account_id = catalog.accounts.with_untracked(|a| {
            default_account(a.as_deref().unwrap_or_default(), Some(interaction.queue_id))
        });
        match (&kind, &message) {
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
                composition.subject =
                    reply_subject(interaction.subject.as_deref().unwrap_or_default());
            }
            _ => {}
        }
        // The signature once, below room to write (not on internal notes).
        if kind != ComposeKind::Note {
            composition.body = with_signature("", &signature);
        }
        compositions.put(composition);
        Started::Writing
    }

    /// Whether the composition open on `target` stays: it is of this kind already (a forward
    /// of another message is still the forward being written), or it has typed text that only
    /// `replace` may discard.
    fn keeps_writing(
        self,
        target: Option<i64>,
        kind: &ComposeKind,
        replace: bool,
    ) -> Option<Started> {
        let compositions = self.stores.compositions;
        if compositions
            .of(target)
            .is_some_and(|c| same_kind(&c.kind, kind))
        {
            return Some(Started::Writing);
        }
        match (compositions.would_replace(target, kind), replace) {
            (Some(typed), false) => Some(Started::WouldDiscard(typed.noun())),
            _ => None,
        }
    }

    /// "Add interaction → Email": a new email, the agent Busy while writing it (PRODUCT A6).
    pub async fn start_new_email(self) {
        let compositions = self.stores.compositions;
        let session = self.stores.session;
        if compositions.of(None).is_none() {
            let signature = session
                .agent
                .with_untracked(|a| a.as_ref().map(|a| a.signature.clone()).unwrap_or_default());
            let mut composition = Composition::started(None, ComposeKind::New, new_key());
            composition.body = with_signature("", &signature);
            compositions.put(composition);
        }
        if session.status() == Some(omni_protocol::AgentStatus::Available) {
            let _ = self.set_status(omni_protocol::AgentStatus::Busy).await;
        }
    }

    /// Sends `composition` (a note, forward, reply or new email) as `email`. On success the
    /// composition is gone and the thread shows the message at once; on failure it stays
    /// as typed.
    pub async fn send(
        self,
        composition: Composition,
        email: OutgoingEmail,
        then: AfterSend,
        sub_status: Option<String>,
    ) -> Result<(), ApiError> {
        let token = self.token()?;
        let api = self.api;
        let key = composition.key.clone();
        let sent: Result<(Message, Option<InteractionSummary>), ApiError> =
            match (&composition.kind, composition.target) {
                (ComposeKind::Note, Some(id)) => {
                    let note = NoteRequest {
                        body: email.body,
                        upload_ids: email.upload_ids,
                    };
                    api.add_note(&token, id, &note).await.map(|m| (m, None))
                }
                (ComposeKind::Forward { message_id }, Some(id)) => {
                    let forward = ForwardRequest {
                        account_id: email.account_id,
                        message_id: *message_id,
                        to: email.to,
                        cc: email.cc,
                        comment: email.body,
                        format: email.format,
                        upload_ids: email.upload_ids,
                        then,
                    };
                    api.forward(&token, id, &key, &forward).await.map(sent)
                }
                (ComposeKind::Reply { .. }, Some(id)) => {
                    let reply = ReplyRequest {
                        email,
                        in_reply_to: composition.in_reply_to,
                        then,
                        sub_status,
                    };
                    api.reply(&token, id, &key, &reply).await.map(sent)
                }
                _ => {
                    let case = composition.case_number.trim().to_owned();
                    let new = NewEmailRequest {
                        email,
                        case_number: (!case.is_empty()).then_some(case),
                    };
                    api.new_email(&token, &key, &new).await.map(sent)
                }
            };
        let (message, interaction) = self.answered(&token, sent)?;
        if self.stores.session.is_current(&token) {
            // Sent: its draft goes now, not before (a failed send keeps it); another draft of
            // the interaction (the agent kept it) stays.
            self.stores.compositions.discard(composition.target);
            self.stores
                .drafts
                .remove_of(&composition.draft_id, &composition.key);
        }
        self.apply(&token, EventBody::MessageAdded(message));
        if let Some(interaction) = interaction {
            self.apply(&token, EventBody::InteractionChanged(interaction));
        }
        Ok(())
    }

    /// Uploads one file for composition `key`; `progress` hears (sent, total). A file
    /// answered after its composer closed joins the stored composition (see the tray).
    pub async fn upload(
        self,
        file: web_sys::File,
        progress: impl Fn(f64, f64) + 'static,
    ) -> Result<Upload, ApiError> {
        let token = self.token()?;
        let answer = self.api.upload(&token, &file, progress).await;
        self.answered(&token, answer)
    }

    pub async fn remove_upload(self, upload_id: i64) {
        if let Ok(token) = self.token() {
            let _ = self.api.remove_upload(&token, upload_id).await;
        }
    }

    /// The HTML a Markdown body becomes when sent (the server renders both).
    pub async fn preview(self, markdown: String) -> Result<String, ApiError> {
        let token = self.token()?;
        let answer = self.api.preview(&token, &markdown).await;
        self.answered(&token, answer)
    }
}

/// Whether `open` is what starting `kind` continues: the same kind (a forward of another
/// message is still the forward being written).
fn same_kind(open: &ComposeKind, kind: &ComposeKind) -> bool {
    match (open, kind) {
        (ComposeKind::Forward { .. }, ComposeKind::Forward { .. }) => true,
        (open, kind) => open == kind,
    }
}

fn sent(sent: Sent) -> (Message, Option<InteractionSummary>) {
    (sent.message, Some(sent.interaction))
}
