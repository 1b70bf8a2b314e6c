//! The thread in the work pane: its messages, live. A keyed store: a new message joins in
//! place, a changed one (its delivery) is updated alone.

use leptos::prelude::*;
use omni_protocol::{EventBody, Message};
use reactive_stores::Store;

use super::{
    rows::{Rows, RowsStoreFields},
    versions::is_newer,
};

/// How many of the newest messages a thread opens with.
pub const THREAD_PAGE: usize = 15;
/// How many more each "Show earlier messages" asks for.
pub const EARLIER_PAGE: usize = THREAD_PAGE * 3;
/// Messages a live thread keeps: past this, live messages push the oldest out (they come back
/// with "Show earlier messages"). A thread that never ends stays the same size, and every
/// message in the page costs each frame something: at 300, live events took twice as long to
/// show as at 60.
pub const KEPT_LIVE: usize = 100;
/// Once the agent asked for earlier messages they are reading history: live messages push
/// nothing out until the thread holds this many, or what was asked for and `KEPT_LIVE` more.
pub const KEPT_WHILE_READING: usize = 500;

/// How many messages a thread holds before live ones push the oldest out.
fn kept(wanted: usize) -> usize {
    if wanted > THREAD_PAGE {
        (wanted + KEPT_LIVE).max(KEPT_WHILE_READING)
    } else {
        KEPT_LIVE
    }
}

/// Where the thread stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ThreadState {
    Loading,
    Loaded,
    Failed(String),
}

#[derive(Clone, Copy)]
pub struct Thread {
    /// The interaction whose thread this is.
    pub interaction_id: RwSignal<Option<i64>>,
    /// Oldest first.
    pub messages: Store<Rows<Message>>,
    pub status: RwSignal<ThreadState>,
    /// How many of the newest messages are asked for.
    pub wanted: RwSignal<usize>,
    /// Older messages exist beyond those held.
    pub has_earlier: RwSignal<bool>,
    /// The agent marked it unread while it is open: it is not marked read again until it is
    /// opened anew or a message arrives.
    pub kept_unread: RwSignal<bool>,
    /// The load asked for last: answers to older ones are stale.
    generation: StoredValue<u64>,
    /// Messages heard while a load is on its way, applied again on top of its answer.
    heard: StoredValue<Option<Vec<Message>>>,
}

impl Default for Thread {
    fn default() -> Self {
        Self {
            interaction_id: RwSignal::new(None),
            messages: Store::new(Rows::default()),
            status: RwSignal::new(ThreadState::Loading),
            wanted: RwSignal::new(THREAD_PAGE),
            has_earlier: RwSignal::new(false),
            kept_unread: RwSignal::new(false),
            generation: StoredValue::new(0),
            heard: StoredValue::new(None),
        }
    }
}

impl Thread {
    /// Forgets everything (sign-out).
    pub fn clear(&self) {
        self.generation.update_value(|g| *g += 1);
        self.heard.set_value(None);
        self.interaction_id.set(None);
        self.messages.rows().set(Vec::new());
        self.status.set(ThreadState::Loading);
        self.wanted.set(THREAD_PAGE);
        self.has_earlier.set(false);
        self.kept_unread.set(false);
    }

    /// Interaction `id`'s thread is asked for (opened, more wanted, or resync): returns the
    /// load's ticket. Another interaction's messages go at once.
    pub fn begin_load(&self, id: i64) -> u64 {
        if self.interaction_id.get_untracked() != Some(id) {
            self.interaction_id.set(Some(id));
            self.messages.rows().set(Vec::new());
            self.wanted.set(THREAD_PAGE);
            self.has_earlier.set(false);
            self.kept_unread.set(false);
            self.status.set(ThreadState::Loading);
        }
        self.generation.update_value(|g| *g += 1);
        self.heard.set_value(Some(Vec::new()));
        self.generation.get_value()
    }

    pub fn is_current(&self, ticket: u64) -> bool {
        self.generation.try_get_value() == Some(ticket)
    }

    /// The newest `asked` messages, oldest first; what arrived while they were on their
    /// way is applied on top.
    pub fn take(&self, ticket: u64, asked: usize, messages: Vec<Message>) {
        if !self.is_current(ticket) {
            return;
        }
        self.has_earlier.set(messages.len() >= asked);
        self.messages.rows().set(messages);
        self.status.set(ThreadState::Loaded);
        let heard = self.heard.try_update_value(Option::take).flatten();
        for message in heard.unwrap_or_default() {
            self.apply_message(&message);
        }
    }

    pub fn fail(&self, ticket: u64, message: String) {
        if self.is_current(ticket) {
            self.heard.set_value(None);
            self.status.set(ThreadState::Failed(message));
        }
    }

    /// Applies one change: a message added to or changed in this thread.
    pub fn apply(&self, change: &EventBody) {
        let (EventBody::MessageAdded(message) | EventBody::MessageChanged(message)) = change else {
            return;
        };
        if self.interaction_id.get_untracked() != Some(message.interaction_id) {
            return;
        }
        if matches!(change, EventBody::MessageAdded(_)) {
            self.kept_unread.set(false);
        }
        self.heard.update_value(|heard| {
            if let Some(heard) = heard {
                heard.push(message.clone());
            }
        });
        self.apply_message(message);
    }

    fn apply_message(&self, message: &Message) {
        let messages = self.messages.rows();
        let held = messages
            .with_untracked(|list| list.iter().find(|m| m.id == message.id).map(|m| m.version));
        match held {
            Some(version) if is_newer(message.version, version) => {
                messages
                    .at_key(message.id)
                    .try_update(|now| *now = message.clone());
            }
            Some(_) => {}
            None => {
                let key = (message.sent_at, message.id);
                let (place, len) = messages.with_untracked(|list| {
                    let place = list
                        .iter()
                        .rposition(|m| (m.sent_at, m.id) < key)
                        .map_or(0, |at| at + 1);
                    (place, list.len())
                });
                // Older than everything held while earlier ones are not loaded: it comes
                // with "Show earlier messages".
                if place == 0 && len > 0 && self.has_earlier.get_untracked() {
                    return;
                }
                let mut list = messages.write();
                list.insert(place, message.clone());
                let kept = kept(self.wanted.get_untracked());
                if list.len() > kept {
                    let over = list.len() - kept;
                    list.drain(..over);
                    drop(list);
                    if !self.has_earlier.get_untracked() {
                        self.has_earlier.set(true);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::fixtures::message;

    fn ids(thread: &Thread) -> Vec<i64> {
        thread
            .messages
            .rows()
            .with_untracked(|list| list.iter().map(|m| m.id).collect())
    }

    #[test]
    fn live_messages_join_the_open_thread_in_order_and_changes_update_in_place() {
        let _owner = crate::store::fixtures::owner();
        let thread = Thread::default();
        let ticket = thread.begin_load(7);
        thread.take(
            ticket,
            THREAD_PAGE,
            vec![message(1, 7, 100), message(2, 7, 200)],
        );
        thread.apply(&EventBody::MessageAdded(message(4, 7, 400)));
        thread.apply(&EventBody::MessageAdded(message(3, 7, 300)));
        thread.apply(&EventBody::MessageAdded(message(4, 7, 400))); // replayed
        thread.apply(&EventBody::MessageAdded(message(9, 8, 900))); // another thread's
        assert_eq!(ids(&thread), vec![1, 2, 3, 4]);
        let mut failed = message(4, 7, 400);
        failed.version = 2;
        failed.delivery_error = Some("SMTP: 550".into());
        thread.apply(&EventBody::MessageChanged(failed.clone()));
        let mut late = failed.clone();
        late.version = 1;
        late.delivery_error = None;
        thread.apply(&EventBody::MessageChanged(late));
        let kept = thread
            .messages
            .rows()
            .with_untracked(|l| l[3].delivery_error.clone());
        assert_eq!(kept.as_deref(), Some("SMTP: 550"));
    }

    #[test]
    fn a_late_answer_keeps_what_arrived_meanwhile_and_a_stale_one_is_dropped() {
        let _owner = crate::store::fixtures::owner();
        let thread = Thread::default();
        let ticket = thread.begin_load(7);
        // A customer reply arrives while the thread is on its way, and is not in the answer.
        thread.apply(&EventBody::MessageAdded(message(3, 7, 300)));
        thread.take(
            ticket,
            THREAD_PAGE,
            vec![message(1, 7, 100), message(2, 7, 200)],
        );
        assert_eq!(ids(&thread), vec![1, 2, 3]);
        // Switching to another interaction and back: the first answer is stale.
        let first = thread.begin_load(8);
        let second = thread.begin_load(7);
        thread.take(first, THREAD_PAGE, vec![message(5, 8, 500)]);
        assert!(ids(&thread).is_empty());
        thread.take(second, THREAD_PAGE, vec![message(1, 7, 100)]);
        assert_eq!(ids(&thread), vec![1]);
    }

    #[test]
    fn marked_unread_stays_so_until_reopened_or_a_message_arrives() {
        let _owner = crate::store::fixtures::owner();
        let thread = Thread::default();
        let ticket = thread.begin_load(7);
        thread.take(ticket, THREAD_PAGE, vec![message(1, 7, 1)]);
        thread.kept_unread.set(true);
        thread.apply(&EventBody::MessageChanged(message(1, 7, 1)));
        assert!(
            thread.kept_unread.get_untracked(),
            "a delivery change is no new message"
        );
        thread.apply(&EventBody::MessageAdded(message(2, 7, 2)));
        assert!(!thread.kept_unread.get_untracked());
        thread.kept_unread.set(true);
        thread.begin_load(8);
        assert!(
            !thread.kept_unread.get_untracked(),
            "another interaction opened"
        );
    }

    #[test]
    fn a_thread_that_never_ends_keeps_its_size() {
        let _owner = crate::store::fixtures::owner();
        let thread = Thread::default();
        let ticket = thread.begin_load(7);
        thread.take(ticket, THREAD_PAGE, vec![message(1, 7, 1)]);
        for id in 2..=(KEPT_LIVE as i64 + 50) {
            thread.apply(&EventBody::MessageAdded(message(id, 7, id)));
        }
        assert_eq!(ids(&thread).len(), KEPT_LIVE);
        assert_eq!(ids(&thread).last(), Some(&(KEPT_LIVE as i64 + 50)));
        assert!(thread.has_earlier.get_untracked());
    }

    #[test]
    fn live_messages_do_not_push_out_earlier_ones_the_agent_asked_for() {
        let _owner = crate::store::fixtures::owner();
        let thread = Thread::default();
        let asked = KEPT_LIVE + EARLIER_PAGE;
        thread.begin_load(7);
        thread.wanted.set(asked); // "Show earlier messages", as often as it took
        let ticket = thread.begin_load(7);
        let held: Vec<Message> = (1..=asked as i64).map(|id| message(id, 7, id)).collect();
        thread.take(ticket, asked, held);
        for id in 1_000..1_010 {
            thread.apply(&EventBody::MessageAdded(message(id, 7, id)));
        }
        let shown = ids(&thread);
        assert_eq!(shown.len(), asked + 10, "nothing made room");
        assert_eq!(
            shown.first(),
            Some(&1),
            "the oldest asked for is still there"
        );
        assert_eq!(shown.last(), Some(&1_009));
        // A thread that never ends still stops growing.
        for id in 2_000..3_000 {
            thread.apply(&EventBody::MessageAdded(message(id, 7, id)));
        }
        assert_eq!(ids(&thread).len(), KEPT_WHILE_READING);
    }
}
