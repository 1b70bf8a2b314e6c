//! Drafts (PRODUCT B20): taken up at sign-in, saved as the agent types (Autosave) or at once
//! ("Save as draft"), resumed from a box or a red pencil, and deleted once the server
//! confirms the send or the close. Another tab's changes arrive as `storage` events.

use gloo_timers::future::TimeoutFuture;
use leptos::{prelude::*, task::spawn_local};
use omni_protocol::EventBody;

use super::Actions;
use crate::{
    drafts::{keys::Scope, Draft},
    store::{
        clock::{local_time, now_ms},
        compose::Composition,
        drafts::{composition_of, draft_of, Heard, Stored},
    },
};

/// How long an autosave waits after the first change it saves: typing is stored at most
/// this far behind (the bound is 1 s).
pub const AUTOSAVE_AFTER_MS: u32 = 300;

/// What "Save as draft" did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavedDraft {
    Saved,
    /// The interaction has another draft (of this noun): replacing it needs the agent's yes.
    WouldReplace(&'static str),
    /// Storage refused it; the store's health says why.
    NotSaved,
    /// Nothing to save (a note, or no composition).
    Nothing,
}

impl Actions {
    /// Sign-in: this agent's drafts for this backend. Those of interactions closed meanwhile
    /// go once the server says they are closed.
    pub async fn take_up_drafts(self) {
        let Some(agent_id) = self.stores.session.agent_id() else {
            return;
        };
        let scope = Scope {
            origin: self.api.origin(),
            agent_id,
        };
        self.stores.drafts.open(scope);
        self.check_drafts().await;
    }

    /// Asks the server about every draft's interaction (sign-in, resync): a closed one's
    /// draft is deleted, as an event would have done.
    pub async fn check_drafts(self) {
        let Ok(token) = self.token() else { return };
        let ids: Vec<i64> = self
            .stores
            .drafts
            .saved
            .with_untracked(|list| list.iter().filter_map(|d| d.interaction_id).collect());
        for id in ids {
            if let Ok(summary) = self.api.interaction(&token, id).await {
                self.apply(&token, EventBody::InteractionChanged(summary));
            }
        }
    }

    /// The agent changed a composition: with Autosave on, every open one is saved within
    /// [`AUTOSAVE_AFTER_MS`] (once per period, however fast they type).
    pub fn draft_changed(self) {
        let drafts = self.stores.drafts;
        if !drafts.autosave.get_untracked() || drafts.due.get_value() {
            return;
        }
        drafts.due.set_value(true);
        spawn_local(async move {
            TimeoutFuture::new(AUTOSAVE_AFTER_MS).await;
            if drafts.due.try_get_value() == Some(true) {
                self.save_drafts();
            }
        });
    }

    /// Saves every open composition the agent wrote in, now (the autosave period ended, or
    /// the page is being hidden or closed). Nothing with Autosave off.
    pub fn save_drafts(self) {
        let drafts = self.stores.drafts;
        drafts.due.set_value(false);
        if !drafts.autosave.get_untracked() {
            return;
        }
        let open = self.stores.compositions.open.get_untracked();
        for composition in open {
            let asked = composition.asks_to_replace.is_some() || composition.kept_other_draft;
            if !composition.pristine && !asked {
                self.save_draft(composition.target, false);
            }
        }
    }

    /// Saves `target`'s composition as its draft. Another draft of the interaction is
    /// replaced only with `replace`; without it the composer asks the agent.
    pub fn save_draft(self, target: Option<i64>, replace: bool) -> SavedDraft {
        let compositions = self.stores.compositions;
        let drafts = self.stores.drafts;
        let Some(mut composition) = compositions.of(target) else {
            return SavedDraft::Nothing;
        };
        let Some(mut draft) = draft_of(&composition, self.account_key(&composition)) else {
            return SavedDraft::Nothing;
        };
        let other = drafts
            .get(&draft.id)
            .filter(|d| d.send_key != draft.send_key);
        if let Some(other) = &other {
            if !replace {
                let noun = noun(other);
                compositions.edit(target, |c| c.asks_to_replace = Some(noun));
                return SavedDraft::WouldReplace(noun);
            }
            // The agent chose this one: it is the newer, whenever the other was changed.
            draft.updated_at = draft.updated_at.max(other.updated_at + 1).max(now_ms());
        }
        let written_at = draft.updated_at;
        match drafts.store(draft) {
            Stored::Saved => {
                if replace || composition.asks_to_replace.is_some() || composition.kept_other_draft
                {
                    compositions.edit(target, |c| {
                        c.asks_to_replace = None;
                        c.kept_other_draft = false;
                        c.updated_at = c.updated_at.max(written_at);
                    });
                }
                SavedDraft::Saved
            }
            Stored::KeptNewer(stored) if stored.send_key == composition.key => {
                // Another tab changed this draft later: its text is the one to go on with.
                composition = resumed_from_elsewhere(&composition, &stored);
                compositions.put(composition);
                SavedDraft::Saved
            }
            Stored::KeptNewer(stored) => {
                let noun = noun(&stored);
                compositions.edit(target, |c| c.asks_to_replace = Some(noun));
                SavedDraft::WouldReplace(noun)
            }
            Stored::NotSaved(_) => SavedDraft::NotSaved,
        }
    }

    /// The agent keeps the interaction's other draft: this composition is not saved as one.
    pub fn keep_other_draft(self, target: Option<i64>) {
        self.stores.compositions.edit(target, |c| {
            c.asks_to_replace = None;
            c.kept_other_draft = true;
        });
    }

    /// Opens draft `id`: its interaction in the work pane and its composer as saved. A new
    /// email open in the composer is saved first, so nothing is lost.
    pub async fn resume_draft(self, id: String) {
        let (Some(draft), Ok(token)) = (self.stores.drafts.get(&id), self.token()) else {
            return;
        };
        let compositions = self.stores.compositions;
        let target = draft.interaction_id;
        if let Some(interaction) = target {
            if self.open_interaction(interaction).await.is_err()
                || !self.stores.session.is_current(&token)
            {
                return;
            }
        }
        // Something else written there is never thrown away: a new email is saved as its
        // own draft first; on an interaction (a note, a second message) the agent finishes
        // or discards it before the draft opens.
        if let Some(open) = compositions
            .of(target)
            .filter(|c| c.key != draft.send_key && !c.pristine)
        {
            let saved = target.is_none() && self.save_draft(None, false) == SavedDraft::Saved;
            if !saved {
                let notice = format!(
                    "Finish or discard this {} first; then open the saved {} draft.",
                    open.noun(),
                    noun(&draft)
                );
                compositions.edit(target, |c| c.notice = Some(notice));
                return;
            }
        }
        if compositions
            .of(target)
            .is_none_or(|c| c.key != draft.send_key)
        {
            compositions.put(composition_of(&draft));
        }
        self.check_files(target).await;
    }

    /// Deletes draft `id` (the agent's X), and the composition kept as it.
    pub fn delete_draft(self, id: &str) {
        let compositions = self.stores.compositions;
        let drafts = self.stores.drafts;
        let key = drafts.get(id).map(|d| d.send_key);
        if let Some(open) = compositions
            .of_draft(id)
            .filter(|c| Some(&c.key) == key.as_ref())
        {
            compositions.discard(open.target);
        }
        drafts.remove(id);
    }

    /// The composer's Discard: what was written goes, and its draft (not another draft of
    /// the interaction that the agent kept).
    pub fn discard_writing(self, target: Option<i64>) {
        let compositions = self.stores.compositions;
        if let Some(open) = compositions.of(target) {
            self.stores.drafts.remove_of(&open.draft_id, &open.key);
            compositions.discard(target);
        }
    }

    /// Deletes the oldest drafts until the open compositions can be saved again (storage
    /// full); returns how many went.
    pub fn make_room_for_drafts(self) -> usize {
        let drafts = self.stores.drafts;
        let open: Vec<String> = self
            .stores
            .compositions
            .open
            .with_untracked(|l| l.iter().map(|c| c.draft_id.clone()).collect());
        let mut deleted = 0;
        self.save_drafts_now();
        // Only while an open composition still cannot be saved, and never an open one.
        for id in drafts.oldest_first() {
            if !drafts.has_failing() {
                break;
            }
            if open.contains(&id) {
                continue;
            }
            drafts.remove(&id);
            deleted += 1;
            self.save_drafts_now();
        }
        deleted
    }

    /// Saves the open compositions whatever the Autosave switch says (making room).
    fn save_drafts_now(self) {
        let open = self.stores.compositions.open.get_untracked();
        for composition in open.iter().filter(|c| !c.pristine) {
            self.save_draft(composition.target, false);
        }
    }

    /// A `storage` event from another tab of this browser.
    pub fn heard_storage(self, key: String, value: Option<String>) {
        let compositions = self.stores.compositions;
        match self.stores.drafts.heard(&key, value) {
            Some(Heard::Changed(draft)) => {
                if let Some(open) = compositions.of_draft(&draft.id) {
                    let newer = draft.updated_at > open.updated_at;
                    if open.key == draft.send_key
                        && newer
                        && !open.same_text(&composition_of(&draft))
                    {
                        compositions.put(resumed_from_elsewhere(&open, &draft));
                    }
                }
            }
            Some(Heard::Removed(held)) => {
                // Sent or deleted there. What this tab shows stays, said so: it is saved
                // again only if the agent goes on writing (and a send of it that already
                // went out is not sent twice: it has the same Idempotency-Key).
                if let Some(open) = compositions.of_draft(&held.id) {
                    if open.key == held.send_key {
                        compositions.edit(open.target, |c| {
                            c.notice = Some(
                                "This draft was sent or deleted in another tab. It is saved here again only if you go on writing.".into(),
                            );
                        });
                    }
                }
            }
            None => {}
        }
    }

    /// Files of `target`'s composition that are no longer on the server leave it, and the
    /// composer says which to attach again.
    async fn check_files(self, target: Option<i64>) {
        let Ok(token) = self.token() else { return };
        let compositions = self.stores.compositions;
        let Some(composition) = compositions.of(target) else {
            return;
        };
        let mut gone = Vec::new();
        for upload in &composition.uploads {
            if let Ok(false) = self.api.upload_exists(&token, upload.id).await {
                gone.push(upload.clone());
            }
        }
        if gone.is_empty() {
            return;
        }
        let names: Vec<String> = gone
            .iter()
            .map(|u| format!("\u{201c}{}\u{201d}", u.filename))
            .collect();
        let notice = format!(
            "{} {} no longer on the server: attach {} again.",
            names.join(", "),
            if gone.len() == 1 { "is" } else { "are" },
            if gone.len() == 1 { "it" } else { "them" },
        );
        if !self.stores.session.is_current(&token) {
            return;
        }
        compositions.edit(target, |c| {
            c.uploads.retain(|u| !gone.iter().any(|g| g.id == u.id));
            c.revision += 1;
            c.notice = Some(notice);
            c.touch();
        });
        self.save_draft(target, false);
    }

    /// The From account's key, for the draft's name.
    fn account_key(&self, composition: &Composition) -> String {
        let known = self.stores.catalog.accounts.with_untracked(|accounts| {
            accounts
                .iter()
                .flatten()
                .find(|a| Some(a.id) == composition.account_id)
                .map(|a| a.key.clone())
        });
        known
            .or_else(|| {
                self.stores
                    .drafts
                    .get(&composition.draft_id)
                    .map(|d| d.account_key)
            })
            .unwrap_or_default()
    }
}

/// `open` showing `draft`'s newer text, as another tab left it, and saying so.
fn resumed_from_elsewhere(open: &Composition, draft: &Draft) -> Composition {
    Composition {
        revision: open.revision + 1,
        notice: Some(format!(
            "This draft was changed in another tab at {}: it shows that newer text.",
            local_time(draft.updated_at)
        )),
        ..composition_of(draft)
    }
}

fn noun(draft: &Draft) -> &'static str {
    composition_of(draft).noun()
}
