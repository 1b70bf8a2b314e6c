//! This agent's drafts (PRODUCT B20), kept in the browser's local storage under the
//! backend's origin and the agent's id (see `crate::drafts::keys`). Memory holds the same
//! list for the views; storage is the truth that outlives the tab.

pub mod storage;

use leptos::prelude::*;
use omni_protocol::{EventBody, InteractionState, Upload};

use super::compose::{ComposeKind, Composition};
use crate::drafts::{
    keys::{self, Scope},
    record::{self, Draft, DraftFile, DraftKind, SCHEMA},
};
pub use storage::Failure;

/// Whether drafts are being saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Health {
    #[default]
    Saving,
    /// The last save found the storage full.
    Full,
    /// There is no local storage here (private mode, a blocked third-party iframe).
    Unavailable,
}

/// What storing a draft did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    Saved,
    /// Storage holds a copy changed later (in another tab): that one stays, and is this.
    KeptNewer(Box<Draft>),
    NotSaved(Failure),
}

/// A change another tab made to one of this agent's drafts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Heard {
    Changed(Draft),
    /// Sent or deleted there: the copy this tab held.
    Removed(Draft),
}

#[derive(Clone, Copy)]
pub struct Drafts {
    /// This agent's drafts, oldest first.
    pub saved: RwSignal<Vec<Draft>>,
    pub health: RwSignal<Health>,
    /// The composer's Autosave switch, remembered per agent.
    pub autosave: RwSignal<bool>,
    scope: StoredValue<Option<Scope>>,
    /// An autosave is due (see `Actions::draft_changed`).
    pub due: StoredValue<bool>,
    /// Drafts whose last save found the storage full.
    failing: RwSignal<Vec<String>>,
}

impl Default for Drafts {
    fn default() -> Self {
        Self {
            saved: RwSignal::new(Vec::new()),
            health: RwSignal::new(Health::Saving),
            autosave: RwSignal::new(true),
            scope: StoredValue::new(None),
            due: StoredValue::new(false),
            failing: RwSignal::new(Vec::new()),
        }
    }
}

impl Drafts {
    /// Reads `scope`'s drafts (sign-in). Values this release cannot read stay stored.
    pub fn open(&self, scope: Scope) {
        let prefix = scope.prefix();
        let mut drafts: Vec<Draft> = match storage::entries_with(&prefix) {
            Ok(entries) => {
                self.health.set(Health::Saving);
                // The key says which draft it is (a migrated value may name itself otherwise).
                entries
                    .iter()
                    .filter_map(|(key, value)| {
                        let id = scope.draft_id(key)?.to_owned();
                        record::read(value).ok().map(|draft| Draft { id, ..draft })
                    })
                    .collect()
            }
            Err(_) => {
                self.health.set(Health::Unavailable);
                Vec::new()
            }
        };
        oldest_first_by(&mut drafts, |d| d.created_at);
        let autosave = storage::get(&scope.autosave_key()).ok().flatten();
        self.autosave.set(autosave.as_deref() != Some("off"));
        self.saved.set(drafts);
        self.scope.set_value(Some(scope));
    }

    /// Sign-out: memory forgets them; storage keeps them for the agent's return.
    pub fn close(&self) {
        self.scope.set_value(None);
        self.saved.set(Vec::new());
        self.health.set(Health::Saving);
        self.autosave.set(true);
        self.due.set_value(false);
        self.failing.set(Vec::new());
    }

    pub fn get(&self, id: &str) -> Option<Draft> {
        self.saved
            .with_untracked(|list| list.iter().find(|d| d.id == id).cloned())
    }

    /// Whether interaction `id` has a draft (tracked: the pencils follow it).
    pub fn has_interaction(&self, id: i64) -> bool {
        self.saved
            .with(|list| list.iter().any(|d| d.interaction_id == Some(id)))
    }

    /// Stores `draft`, unless storage holds a copy changed later.
    pub fn store(&self, draft: Draft) -> Stored {
        let Some(key) = self.key(&draft.id) else {
            return Stored::NotSaved(Failure::Unavailable);
        };
        // Another tab may have written since this one last heard: read what decides first.
        if let Ok(Some(value)) = storage::get(&key) {
            let later = record::updated_at(&value).is_none_or(|at| at >= draft.updated_at);
            if later {
                if let Ok(stored) = record::read(&value) {
                    if record::newer(&stored, &draft) == &stored && stored != draft {
                        self.remember(stored.clone());
                        return Stored::KeptNewer(Box::new(stored));
                    }
                }
            }
        }
        let id = draft.id.clone();
        match storage::set(&key, &record::write(&draft)) {
            Ok(()) => {
                self.remember(draft);
                self.forget_failure(&id);
                if self.health.get_untracked() == Health::Unavailable {
                    self.health.set(Health::Saving);
                }
                Stored::Saved
            }
            Err(failure) => {
                if failure == Failure::Full && self.failing.with_untracked(|f| !f.contains(&id)) {
                    self.failing.update(|f| f.push(id));
                }
                self.health.set(match failure {
                    Failure::Full => Health::Full,
                    Failure::Unavailable => Health::Unavailable,
                });
                Stored::NotSaved(failure)
            }
        }
    }

    pub fn remove(&self, id: &str) {
        if let Some(key) = self.key(id) {
            storage::remove(&key);
        }
        self.saved.update(|list| list.retain(|d| d.id != id));
        self.forget_failure(id);
    }

    /// Removes draft `id` if it is the one sent with `send_key` (not another draft of the
    /// interaction that the agent kept), and forgets a failed save of it.
    pub fn remove_of(&self, id: &str, send_key: &str) {
        if self.get(id).is_some_and(|d| d.send_key == send_key) {
            self.remove(id);
        } else {
            self.forget_failure(id);
        }
    }

    /// Whether a save of an open composition is failing for want of room: the warning
    /// lasts while one is.
    pub fn has_failing(&self) -> bool {
        self.failing.with_untracked(|f| !f.is_empty())
    }

    fn forget_failure(&self, id: &str) {
        if self.failing.with_untracked(|f| f.iter().any(|f| f == id)) {
            self.failing.update(|f| f.retain(|f| f != id));
            let none_left = self.failing.with_untracked(Vec::is_empty);
            if none_left && self.health.get_untracked() == Health::Full {
                self.health.set(Health::Saving);
            }
        }
    }

    /// The ids of the drafts, oldest first (what "make room" deletes first).
    pub fn oldest_first(&self) -> Vec<String> {
        let mut list = self.saved.get_untracked();
        oldest_first_by(&mut list, |d| d.updated_at);
        list.into_iter().map(|d| d.id).collect()
    }

    pub fn set_autosave(&self, on: bool) {
        self.autosave.set(on);
        if let Some(scope) = self.scope.get_value() {
            let _ = storage::set(&scope.autosave_key(), if on { "on" } else { "off" });
        }
    }

    /// A `storage` event: another tab of this browser changed `key`. Only this agent's
    /// drafts are heard; a copy older than the one held is ignored.
    pub fn heard(&self, key: &str, value: Option<String>) -> Option<Heard> {
        let scope = self.scope.get_value()?;
        if key == scope.autosave_key() {
            self.autosave.set(value.as_deref() != Some("off"));
            return None;
        }
        let id = scope.draft_id(key)?.to_owned();
        match value.map(|v| record::read(&v)) {
            None => {
                let held = self.get(&id)?;
                self.saved.update(|list| list.retain(|d| d.id != id));
                Some(Heard::Removed(held))
            }
            Some(Ok(draft)) => {
                let held = self.get(&id);
                if held
                    .as_ref()
                    .is_some_and(|held| record::newer(held, &draft) == held)
                {
                    return None;
                }
                self.remember(draft.clone());
                Some(Heard::Changed(draft))
            }
            Some(Err(_)) => None,
        }
    }

    /// The server confirmed an interaction closed (an answer or an event): its draft goes.
    pub fn apply(&self, change: &EventBody) {
        if let EventBody::InteractionChanged(summary) = change {
            if summary.state == InteractionState::Closed {
                let id = keys::of_interaction(summary.id);
                if self.get(&id).is_some() {
                    self.remove(&id);
                }
            }
        }
    }

    fn key(&self, id: &str) -> Option<String> {
        self.scope
            .with_value(|s| s.as_ref().map(|s| s.draft_key(id)))
    }

    fn remember(&self, draft: Draft) {
        self.saved
            .update(|list| match list.iter_mut().find(|d| d.id == draft.id) {
                Some(held) => *held = draft,
                None => list.push(draft),
            });
    }
}

/// Orders a handful of drafts by `time`, oldest first (an insertion sort: the desk ships
/// no general sort for a list this short).
fn oldest_first_by(list: &mut [Draft], time: fn(&Draft) -> i64) {
    for end in 1..list.len() {
        let mut at = end;
        while at > 0 && time(&list[at - 1]) > time(&list[at]) {
            list.swap(at - 1, at);
            at -= 1;
        }
    }
}

/// The draft a composition is kept as; notes are not drafts (seed 003: replies, forwards
/// and new messages are).
pub fn draft_of(composition: &Composition, account_key: String) -> Option<Draft> {
    let (kind, forward_of) = match composition.kind {
        ComposeKind::Reply { all: false } => (DraftKind::Reply, None),
        ComposeKind::Reply { all: true } => (DraftKind::ReplyAll, None),
        ComposeKind::Forward { message_id } => (DraftKind::Forward, Some(message_id)),
        ComposeKind::New => (DraftKind::New, None),
        ComposeKind::Note => return None,
    };
    Some(Draft {
        schema: SCHEMA,
        id: composition.draft_id.clone(),
        interaction_id: composition.target,
        kind,
        forward_of,
        account_id: composition.account_id,
        account_key,
        to: composition.to.clone(),
        cc: composition.cc.clone(),
        bcc: composition.bcc.clone(),
        subject: composition.subject.clone(),
        case_number: composition.case_number.clone(),
        body: composition.body.clone(),
        format: composition.format,
        files: composition.uploads.iter().map(DraftFile::from).collect(),
        in_reply_to: composition.in_reply_to,
        send_key: composition.key.clone(),
        created_at: composition.created_at,
        updated_at: composition.updated_at,
        html: None,
    })
}

/// A composition that resumes `draft` as it was saved (its signature already in the body).
pub fn composition_of(draft: &Draft) -> Composition {
    let kind = match draft.kind {
        DraftKind::Reply => ComposeKind::Reply { all: false },
        DraftKind::ReplyAll => ComposeKind::Reply { all: true },
        DraftKind::Forward => ComposeKind::Forward {
            message_id: draft.forward_of.unwrap_or_default(),
        },
        DraftKind::New => ComposeKind::New,
    };
    Composition {
        account_id: draft.account_id,
        to: draft.to.clone(),
        cc: draft.cc.clone(),
        bcc: draft.bcc.clone(),
        show_copies: !draft.cc.is_empty() || !draft.bcc.is_empty(),
        subject: draft.subject.clone(),
        case_number: draft.case_number.clone(),
        body: draft.body.clone(),
        format: draft.format,
        uploads: draft.files.iter().map(Upload::from).collect(),
        in_reply_to: draft.in_reply_to,
        pristine: false,
        draft_id: draft.id.clone(),
        created_at: draft.created_at,
        updated_at: draft.updated_at,
        ..Composition::new(draft.interaction_id, kind, draft.send_key.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drafts::record::sample;

    #[test]
    fn a_draft_resumes_as_the_composition_it_was_saved_from() {
        let draft = sample("i42", 2_000);
        let composition = composition_of(&draft);
        assert_eq!(composition.target, Some(42));
        assert_eq!(
            composition.key, "send-1",
            "a resumed send is still the same send"
        );
        assert!(!composition.pristine);
        assert_eq!(draft_of(&composition, "SERV".into()), Some(draft));
        let note = Composition::new(Some(42), ComposeKind::Note, "k".into());
        assert_eq!(draft_of(&note, String::new()), None, "notes are not drafts");
    }
}
