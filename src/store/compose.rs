//! What the agent is writing: one composition per interaction (and one new email), kept
//! while they switch interactions, and the catalogs the composer picks from.

use leptos::prelude::*;
use omni_protocol::{
    CannedAnswer, EmailAccount, EventBody, InteractionState, MailFormat, Queue, Upload,
};

use crate::text::lowercase;

/// What is being written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ComposeKind {
    Reply {
        all: bool,
    },
    Forward {
        message_id: i64,
    },
    Note,
    /// "Add interaction → Email".
    New,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Composition {
    /// The interaction written on; `None` for a new email.
    pub target: Option<i64>,
    pub kind: ComposeKind,
    pub account_id: Option<i64>,
    pub to: String,
    pub cc: String,
    pub bcc: String,
    pub show_copies: bool,
    pub subject: String,
    /// A follow-up's case (new email only).
    pub case_number: String,
    pub body: String,
    pub format: MailFormat,
    pub uploads: Vec<Upload>,
    /// The message answered (replies).
    pub in_reply_to: Option<i64>,
    /// The `Idempotency-Key` of this composition's send, the same for every retry.
    pub key: String,
    /// Nothing was typed yet: it is as it was prefilled, and may give way to another kind
    /// without asking.
    pub pristine: bool,
    /// The draft it is kept as (see `crate::drafts::keys`).
    pub draft_id: String,
    /// Epoch milliseconds: started, and last changed by the agent.
    pub created_at: i64,
    pub updated_at: i64,
    /// Bumped when it changes from outside the composer (another tab, a file found gone):
    /// the composer is built again with it.
    pub revision: u32,
    /// What the composer tells the agent about it (e.g. "changed in another tab").
    pub notice: Option<String>,
    /// Saving it would replace another draft of the interaction: the composer asks, and it
    /// is not saved until the agent answers.
    pub asks_to_replace: Option<&'static str>,
    /// The agent kept the other draft: this one is not saved as a draft.
    pub kept_other_draft: bool,
}

impl Composition {
    pub fn new(target: Option<i64>, kind: ComposeKind, key: String) -> Self {
        let draft_id = match target {
            Some(id) => crate::drafts::keys::of_interaction(id),
            None => format!("new-{key}"),
        };
        Composition {
            target,
            kind,
            account_id: None,
            to: String::new(),
            cc: String::new(),
            bcc: String::new(),
            show_copies: false,
            subject: String::new(),
            case_number: String::new(),
            body: String::new(),
            format: MailFormat::Html,
            uploads: vec![],
            in_reply_to: None,
            key,
            pristine: true,
            draft_id,
            created_at: 0,
            updated_at: 0,
            revision: 0,
            notice: None,
            asks_to_replace: None,
            kept_other_draft: false,
        }
    }

    /// A composition started now (its times from the clock).
    pub fn started(target: Option<i64>, kind: ComposeKind, key: String) -> Self {
        let now = super::clock::now_ms();
        Composition {
            created_at: now,
            updated_at: now,
            ..Composition::new(target, kind, key)
        }
    }

    /// Marks it changed now, strictly after its last change: this copy is the newer one
    /// (see `crate::drafts::record::newer`).
    pub fn touch(&mut self) {
        self.updated_at = super::clock::now_ms().max(self.updated_at + 1);
    }

    /// Whether the agent's text is the same in both (recipients, subject, body, files).
    pub fn same_text(&self, other: &Composition) -> bool {
        (
            &self.to,
            &self.cc,
            &self.bcc,
            &self.subject,
            &self.case_number,
            &self.body,
        ) == (
            &other.to,
            &other.cc,
            &other.bcc,
            &other.subject,
            &other.case_number,
            &other.body,
        ) && self.uploads == other.uploads
    }

    /// What the composer's heading calls it ("Discard your reply?").
    pub fn noun(&self) -> &'static str {
        match self.kind {
            ComposeKind::Reply { all: false } => "reply",
            ComposeKind::Reply { all: true } => "reply to all",
            ComposeKind::Forward { .. } => "forward",
            ComposeKind::Note => "note",
            ComposeKind::New => "new email",
        }
    }
}

/// Open compositions, at most one per interaction (and one new email).
#[derive(Clone, Copy, Default)]
pub struct Compositions {
    pub open: RwSignal<Vec<Composition>>,
}

impl Compositions {
    /// The composition open on `target` (untracked: views follow `open` themselves).
    pub fn of(&self, target: Option<i64>) -> Option<Composition> {
        self.open
            .with_untracked(|list| list.iter().find(|c| c.target == target).cloned())
    }

    /// The files of the open composition with this key (its send's `Idempotency-Key`).
    pub fn uploads_of(&self, key: &str) -> Option<Vec<Upload>> {
        self.open.with(|list| {
            list.iter()
                .find(|c| c.key == key)
                .map(|c| c.uploads.clone())
        })
    }

    /// The open composition kept as draft `draft_id`.
    pub fn of_draft(&self, draft_id: &str) -> Option<Composition> {
        self.open
            .with_untracked(|list| list.iter().find(|c| c.draft_id == draft_id).cloned())
    }

    /// Changes the composition open on `target`, if there is one.
    pub fn edit(&self, target: Option<i64>, change: impl FnOnce(&mut Composition)) {
        self.open.update(|list| {
            if let Some(composition) = list.iter_mut().find(|c| c.target == target) {
                change(composition);
            }
        });
    }

    /// Stores `composition`, replacing the one for the same interaction.
    pub fn put(&self, composition: Composition) {
        self.open.update(|list| {
            list.retain(|c| c.target != composition.target);
            list.push(composition);
        });
    }

    /// A file whose upload was answered after its composer closed (the agent switched to
    /// another interaction meanwhile) joins the composition it was sent for, if that is
    /// still open: not discarded, not sent.
    pub fn add_upload(&self, key: &str, upload: Upload) {
        self.open.update(|list| {
            if let Some(composition) = list.iter_mut().find(|c| c.key == key) {
                if !composition.uploads.iter().any(|u| u.id == upload.id) {
                    composition.uploads.push(upload);
                    composition.touch();
                }
            }
        });
    }

    /// A closed interaction takes no reply or forward: what was written for it goes with
    /// its draft (a note may still be added).
    pub fn apply(&self, change: &EventBody) {
        if let EventBody::InteractionChanged(summary) = change {
            let goes =
                |c: &Composition| c.target == Some(summary.id) && c.kind != ComposeKind::Note;
            if summary.state == InteractionState::Closed
                && self.open.with_untracked(|l| l.iter().any(goes))
            {
                self.open.update(|list| list.retain(|c| !goes(c)));
            }
        }
    }

    pub fn discard(&self, target: Option<i64>) {
        self.open.update(|list| list.retain(|c| c.target != target));
    }

    /// Whether starting `kind` on `target` would throw away typed text: another kind is open
    /// there and the agent wrote in it. Returns that composition.
    pub fn would_replace(&self, target: Option<i64>, kind: &ComposeKind) -> Option<Composition> {
        self.of(target)
            .filter(|open| open.kind != *kind && !open.pristine)
    }
}

/// Lists the composer offers, loaded when first needed.
#[derive(Clone, Copy, Default)]
pub struct Catalog {
    pub accounts: RwSignal<Option<Vec<EmailAccount>>>,
    pub canned: RwSignal<Option<Vec<CannedAnswer>>>,
    pub queues: RwSignal<Option<Vec<Queue>>>,
}

impl Catalog {
    /// Forgets every list (sign-out: the next agent may send from other accounts).
    pub fn clear(&self) {
        self.accounts.set(None);
        self.canned.set(None);
        self.queues.set(None);
    }
}

/// Canned answers whose title or text holds every word of `query`, whatever the case.
pub fn matching<'a>(answers: &'a [CannedAnswer], query: &str) -> Vec<&'a CannedAnswer> {
    let words: Vec<String> = query.split_whitespace().map(lowercase).collect();
    answers
        .iter()
        .filter(|answer| {
            let text = lowercase(&format!("{} {}", answer.title, answer.body));
            words.iter().all(|word| text.contains(word))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_composition_per_interaction() {
        let owner = Owner::new();
        owner.set();
        let compositions = Compositions::default();
        compositions.put(Composition::new(
            Some(7),
            ComposeKind::Reply { all: false },
            "k1".into(),
        ));
        compositions.put(Composition::new(Some(7), ComposeKind::Note, "k2".into()));
        compositions.put(Composition::new(None, ComposeKind::New, "k3".into()));
        assert_eq!(compositions.of(Some(7)).unwrap().kind, ComposeKind::Note);
        assert_eq!(compositions.open.get_untracked().len(), 2);
        compositions.discard(Some(7));
        assert!(compositions.of(Some(7)).is_none());
    }

    #[test]
    fn another_kind_replaces_a_composition_only_untouched() {
        let _owner = crate::store::fixtures::owner();
        let compositions = Compositions::default();
        let mut reply = Composition::new(Some(7), ComposeKind::Reply { all: false }, "k".into());
        compositions.put(reply.clone());
        assert!(compositions
            .would_replace(Some(7), &ComposeKind::Note)
            .is_none());
        reply.body = "Dear Maria, ".into();
        reply.pristine = false;
        compositions.put(reply);
        let typed = compositions
            .would_replace(Some(7), &ComposeKind::Note)
            .unwrap();
        assert_eq!(typed.noun(), "reply");
        assert!(
            compositions
                .would_replace(Some(7), &ComposeKind::Reply { all: false })
                .is_none(),
            "the same kind continues it"
        );
    }

    #[test]
    fn a_late_upload_joins_its_open_composition_once() {
        let owner = Owner::new();
        owner.set();
        let compositions = Compositions::default();
        compositions.put(Composition::new(Some(7), ComposeKind::Note, "k7".into()));
        let upload = Upload {
            id: 3,
            filename: "invoice.pdf".into(),
            content_type: "application/pdf".into(),
            size: 10,
        };
        compositions.add_upload("k7", upload.clone());
        compositions.add_upload("k7", upload.clone());
        compositions.add_upload("gone", upload);
        assert_eq!(compositions.of(Some(7)).unwrap().uploads.len(), 1);
        assert_eq!(compositions.open.get_untracked().len(), 1);
    }

    #[test]
    fn canned_answers_match_every_word() {
        let answers = [
            CannedAnswer {
                id: 1,
                title: "Refund timeline".into(),
                body: "5 to 7 business days".into(),
            },
            CannedAnswer {
                id: 2,
                title: "Greeting".into(),
                body: "Hello".into(),
            },
        ];
        let found: Vec<i64> = matching(&answers, "refund DAYS")
            .iter()
            .map(|a| a.id)
            .collect();
        assert_eq!(found, [1]);
        assert_eq!(matching(&answers, "").len(), 2);
    }
}
