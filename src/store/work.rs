//! The agent's work: offers on the screen, open interactions (the rail), wrap-ups, and the
//! interaction in the work pane. Keyed stores: one change updates one row.

use leptos::prelude::*;
use omni_protocol::{
    Disposition, EventBody, InteractionState, InteractionSummary, Offer, WithdrawReason,
    WorkSnapshot, WrapUp,
};
use reactive_stores::Store;

use super::{
    rows::{Rows, RowsStoreFields},
    versions::{is_newer, Tombstones},
};

/// Why an offer vanished ("Taken by another agent", a refused accept …), shown for a few seconds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OfferNote {
    pub offer_id: i64,
    pub customer: String,
    pub text: String,
    pub shown_at: i64,
}

pub const NOTE_SHOWN_MS: i64 = 6_000;

#[derive(Clone, Copy)]
pub struct Work {
    /// Offers to this agent, oldest first.
    pub offers: Store<Rows<Offer>>,
    /// The rail: interactions the agent works on or wraps up (also one they transferred),
    /// oldest first.
    pub rail: Store<Rows<InteractionSummary>>,
    pub wrap_ups: Store<Rows<WrapUp>>,
    pub notes: RwSignal<Vec<OfferNote>>,
    pub selected: RwSignal<Option<i64>>,
    /// An interaction opened from the list that is not one of the agent's own.
    pub browsing: RwSignal<Option<InteractionSummary>>,
    pub dispositions: RwSignal<Vec<Disposition>>,
    /// How many snapshots were loaded (sign-in, reload, resync): what changed through one is
    /// not news to tell the host.
    pub loads: RwSignal<u32>,
    /// Interactions that left the rail, and at which version.
    left: StoredValue<Tombstones>,
    /// Wrap-ups that ended (by interaction), and at which version.
    ended: StoredValue<Tombstones>,
}

impl Default for Work {
    fn default() -> Self {
        Self {
            offers: Store::new(Rows::default()),
            rail: Store::new(Rows::default()),
            wrap_ups: Store::new(Rows::default()),
            notes: RwSignal::new(Vec::new()),
            selected: RwSignal::new(None),
            browsing: RwSignal::new(None),
            dispositions: RwSignal::new(Vec::new()),
            loads: RwSignal::new(0),
            left: StoredValue::new(Tombstones::default()),
            ended: StoredValue::new(Tombstones::default()),
        }
    }
}

impl Work {
    /// Replaces offers, rail and wrap-ups with a snapshot (sign-in, reload, resync).
    pub fn load(&self, snapshot: WorkSnapshot) {
        self.offers.rows().set(snapshot.offers);
        self.rail.rows().set(snapshot.interactions);
        self.wrap_ups.rows().set(snapshot.wrap_ups);
        self.loads.update(|n| *n += 1);
        self.keep_selection_valid();
    }

    /// Forgets everything (sign-out).
    pub fn clear(&self) {
        self.offers.rows().set(Vec::new());
        self.rail.rows().set(Vec::new());
        self.wrap_ups.rows().set(Vec::new());
        self.notes.set(Vec::new());
        self.selected.set(None);
        self.browsing.set(None);
        self.dispositions.set(Vec::new());
        self.left.set_value(Tombstones::default());
        self.ended.set_value(Tombstones::default());
    }

    /// Applies one change (a server event, or a REST answer of the same shape). Every case
    /// is idempotent and keeps the newer version, so replays and late answers are harmless.
    /// `now` is the local clock, for how long notes stay; `me` is the signed-in agent.
    pub fn apply(&self, change: &EventBody, now: i64, me: i64) {
        match change {
            EventBody::OfferCreated(offer) => {
                let known = self
                    .offers
                    .rows()
                    .with_untracked(|offers| offers.iter().any(|o| o.id == offer.id));
                if !known {
                    self.offers.rows().write().push(offer.clone());
                }
            }
            EventBody::OfferWithdrawn(withdrawn) => {
                let gone = self.remove_offer(withdrawn.offer_id);
                // The agent's own reject needs no note; the others say why the offer vanished.
                if let (Some(offer), false) = (gone, withdrawn.reason == WithdrawReason::Rejected) {
                    self.add_note(&offer, withdrawn.reason.note().to_owned(), now);
                }
            }
            EventBody::InteractionChanged(summary) => self.apply_summary(summary, me),
            EventBody::WrapUpChanged(wrap_up) => {
                let id = wrap_up.interaction_id;
                if self
                    .ended
                    .with_value(|ended| ended.outlived(id, wrap_up.version))
                {
                    return; // a late copy of a wrap-up that has ended
                }
                match self.wrap_up_version(id) {
                    Some(current) if is_newer(wrap_up.version, current) => {
                        self.wrap_ups
                            .rows()
                            .at_key(id)
                            .try_update(|now| *now = wrap_up.clone());
                    }
                    Some(_) => {}
                    None => self.wrap_ups.rows().write().push(wrap_up.clone()),
                }
            }
            EventBody::WrapUpEnded(ended) => {
                let id = ended.interaction_id;
                self.ended
                    .update_value(|graves| graves.bury(id, ended.version));
                if self.wrap_up_version(id).is_some() {
                    self.wrap_ups
                        .rows()
                        .write()
                        .retain(|w| w.interaction_id != id);
                }
                // A transferred interaction leaves the rail with its wrap-up.
                let leaves = self.rail.rows().with_untracked(|rail| {
                    rail.iter()
                        .any(|i| i.id == id && !self.belongs_in_rail(i, me))
                });
                if leaves {
                    self.rail.rows().write().retain(|i| i.id != id);
                    self.keep_selection_valid();
                }
            }
            _ => {}
        }
    }

    fn apply_summary(&self, summary: &InteractionSummary, me: i64) {
        // Accepted (here or in another tab): its offer is done. Other states say nothing
        // about offers (lists hear every change; withdrawals come as `offer_withdrawn`).
        if summary.agent_id.is_some()
            && !matches!(
                summary.state,
                InteractionState::Queued | InteractionState::Offered
            )
        {
            let offered = self.offers.rows().with_untracked(|offers| {
                offers
                    .iter()
                    .filter(|o| o.interaction.id == summary.id)
                    .map(|o| o.id)
                    .collect::<Vec<_>>()
            });
            for offer_id in offered {
                self.remove_offer(offer_id);
            }
        }
        let id = summary.id;
        let held = self
            .rail
            .rows()
            .with_untracked(|rail| rail.iter().find(|i| i.id == id).map(|i| i.version));
        let belongs = self.belongs_in_rail(summary, me);
        match held {
            Some(current) if !is_newer(summary.version, current) => {}
            Some(_) if belongs => {
                self.rail
                    .rows()
                    .at_key(id)
                    .try_update(|row| *row = summary.clone());
            }
            Some(_) => {
                self.rail.rows().write().retain(|i| i.id != id);
                self.left
                    .update_value(|left| left.bury(id, summary.version));
            }
            None if belongs
                && !self
                    .left
                    .with_value(|left| left.outlived(id, summary.version)) =>
            {
                self.rail.rows().write().push(summary.clone());
                if self.selected.get_untracked().is_none() {
                    self.selected.set(Some(id));
                }
            }
            None => {}
        }
        self.take_browsed(summary);
        self.keep_selection_valid();
    }

    /// A newer copy of the interaction browsed from the list replaces it (an event, or the
    /// answer of a resync's reload).
    pub fn take_browsed(&self, summary: &InteractionSummary) {
        self.browsing.maybe_update(|browsed| match browsed {
            Some(b) if b.id == summary.id && is_newer(summary.version, b.version) => {
                *b = summary.clone();
                true
            }
            _ => false,
        });
    }

    fn wrap_up_version(&self, interaction_id: i64) -> Option<u64> {
        self.wrap_ups.rows().with_untracked(|list| {
            list.iter()
                .find(|w| w.interaction_id == interaction_id)
                .map(|w| w.version)
        })
    }

    fn remove_offer(&self, offer_id: i64) -> Option<Offer> {
        let gone = self
            .offers
            .rows()
            .with_untracked(|offers| offers.iter().find(|o| o.id == offer_id).cloned());
        if gone.is_some() {
            self.offers.rows().write().retain(|o| o.id != offer_id);
        }
        gone
    }

    fn add_note(&self, offer: &Offer, text: String, now: i64) {
        self.notes.update(|notes| {
            notes.retain(|note| note.offer_id != offer.id);
            notes.push(OfferNote {
                offer_id: offer.id,
                customer: offer.interaction.customer.name.clone(),
                text,
                shown_at: now,
            });
        });
    }

    /// Drops notes shown for long enough.
    pub fn expire_notes(&self, now: i64) {
        if self
            .notes
            .with_untracked(|notes| notes.iter().any(|n| now - n.shown_at >= NOTE_SHOWN_MS))
        {
            self.notes
                .update(|notes| notes.retain(|n| now - n.shown_at < NOTE_SHOWN_MS));
        }
    }

    /// Notes an offer's failure (e.g. a refused accept) in place of the offer.
    pub fn note(&self, offer: &Offer, text: String, now: i64) {
        self.add_note(offer, text, now);
        self.remove_offer(offer.id);
    }

    /// Whether the agent works on it (assigned, active or wrapping up) or still wraps up
    /// their part after transferring it.
    fn belongs_in_rail(&self, summary: &InteractionSummary, me: i64) -> bool {
        let working = summary.agent_id == Some(me)
            && matches!(
                summary.state,
                InteractionState::Active | InteractionState::WrapUp
            );
        working
            || self
                .wrap_ups
                .rows()
                .with_untracked(|list| list.iter().any(|w| w.interaction_id == summary.id))
    }

    pub fn wrap_up_of(&self, interaction_id: i64) -> Option<WrapUp> {
        self.wrap_ups.rows().with(|list| {
            list.iter()
                .find(|w| w.interaction_id == interaction_id)
                .cloned()
        })
    }

    /// The agent's own interaction `id` (the rail), or the one browsed from the list.
    pub fn interaction(&self, id: i64) -> Option<InteractionSummary> {
        self.rail
            .rows()
            .with(|rail| rail.iter().find(|i| i.id == id).cloned())
            .or_else(|| self.browsing.get().filter(|browsed| browsed.id == id))
    }

    pub fn selected_interaction(&self) -> Option<InteractionSummary> {
        self.interaction(self.selected.get()?)
    }

    /// Opens an interaction in the work pane: one of the agent's own, or one from the list.
    pub fn open(&self, interaction: &InteractionSummary) {
        let own = self
            .rail
            .rows()
            .with_untracked(|rail| rail.iter().any(|i| i.id == interaction.id));
        self.browsing.set((!own).then(|| interaction.clone()));
        self.selected.set(Some(interaction.id));
    }

    /// The selection follows the open interactions: a closed one gives way to the oldest open.
    fn keep_selection_valid(&self) {
        let selected = self.selected.get_untracked();
        let (still_open, first) = self.rail.rows().with_untracked(|rail| {
            (
                selected.is_some_and(|id| rail.iter().any(|i| i.id == id)),
                rail.first().map(|i| i.id),
            )
        });
        let browsed = selected.is_some()
            && self.browsing.with_untracked(|b| b.as_ref().map(|b| b.id)) == selected;
        if !still_open && !browsed {
            self.selected.set(first);
        }
    }
}

/// How urgently the customer waits for an answer, for the rail's escalating alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitAlert {
    None,
    Amber,
    Red,
}

pub const AMBER_AFTER_MS: i64 = 2 * 60_000;
pub const RED_AFTER_MS: i64 = 5 * 60_000;

impl WaitAlert {
    pub fn of(interaction: &InteractionSummary, now: i64) -> Self {
        if interaction.state != InteractionState::Active {
            return WaitAlert::None;
        }
        match interaction.awaiting_reply_since.map(|since| now - since) {
            Some(waited) if waited >= RED_AFTER_MS => WaitAlert::Red,
            Some(waited) if waited >= AMBER_AFTER_MS => WaitAlert::Amber,
            _ => WaitAlert::None,
        }
    }

    pub fn class(self) -> &'static str {
        match self {
            WaitAlert::None => "",
            WaitAlert::Amber => "wait-amber",
            WaitAlert::Red => "wait-red",
        }
    }
}

/// `m:ss` for countdowns and waited times; never negative.
pub fn clock_text(ms: i64) -> String {
    let seconds = ms.max(0) / 1000;
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use omni_protocol::{OfferWithdrawn, WrapUpEnded};

    fn summary(id: i64, state: InteractionState) -> InteractionSummary {
        crate::store::fixtures::interaction(id, state)
    }

    fn at(mut summary: InteractionSummary, version: u64) -> InteractionSummary {
        summary.version = version;
        summary
    }

    fn changed(summary: InteractionSummary) -> EventBody {
        EventBody::InteractionChanged(summary)
    }

    fn wrap_up(interaction_id: i64) -> WrapUp {
        WrapUp {
            interaction_id,
            started_at: 0,
            deadline: Some(60_000),
            mandatory_disposition: false,
            notes: String::new(),
            disposition_id: None,
            version: 1,
        }
    }

    fn offer(id: i64) -> Offer {
        Offer {
            id,
            interaction: summary(10 + id, InteractionState::Offered),
            offered_at: 0,
            expires_at: 30_000,
            waited_ms: 0,
        }
    }

    fn rail(work: &Work) -> Vec<i64> {
        work.rail
            .rows()
            .with_untracked(|rail| rail.iter().map(|i| i.id).collect())
    }

    #[test]
    fn an_offer_survives_the_list_hearing_its_interaction_is_offered() {
        let _owner = crate::store::fixtures::owner();
        let work = Work::default();
        work.apply(&EventBody::OfferCreated(offer(1)), 0, 1);
        // Every desk hears interaction_changed (for its list), possibly after the offer.
        work.apply(
            &changed(at(summary(11, InteractionState::Offered), 2)),
            0,
            1,
        );
        let mut queued = at(summary(11, InteractionState::Queued), 3);
        queued.agent_id = None;
        work.apply(&changed(queued), 0, 1);
        assert_eq!(
            work.offers.rows().with_untracked(Vec::len),
            1,
            "the toast stays"
        );
        work.apply(&changed(at(summary(11, InteractionState::Active), 4)), 0, 1);
        assert!(
            work.offers.rows().with_untracked(Vec::is_empty),
            "accepted: the offer is done"
        );
    }

    #[test]
    fn offers_come_and_go_with_a_note_unless_rejected_here() {
        let _owner = crate::store::fixtures::owner();
        let work = Work::default();
        work.apply(&EventBody::OfferCreated(offer(1)), 0, 1);
        work.apply(&EventBody::OfferCreated(offer(1)), 0, 1); // replayed: still one
        work.apply(&EventBody::OfferCreated(offer(2)), 0, 1);
        assert_eq!(work.offers.rows().with_untracked(Vec::len), 2);
        let taken = OfferWithdrawn {
            offer_id: 1,
            interaction_id: 11,
            reason: WithdrawReason::TakenByOther,
        };
        work.apply(&EventBody::OfferWithdrawn(taken), 100, 1);
        let rejected = OfferWithdrawn {
            offer_id: 2,
            interaction_id: 12,
            reason: WithdrawReason::Rejected,
        };
        work.apply(&EventBody::OfferWithdrawn(rejected), 100, 1);
        assert!(work.offers.rows().with_untracked(Vec::is_empty));
        let notes = work.notes.get_untracked();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].text, "Taken by another agent");
        work.expire_notes(100 + NOTE_SHOWN_MS - 1);
        assert_eq!(work.notes.get_untracked().len(), 1);
        work.expire_notes(100 + NOTE_SHOWN_MS);
        assert!(work.notes.get_untracked().is_empty());
    }

    #[test]
    fn interactions_open_select_and_close() {
        let _owner = crate::store::fixtures::owner();
        let work = Work::default();
        work.apply(&changed(at(summary(5, InteractionState::Active), 2)), 0, 1);
        work.apply(&changed(at(summary(6, InteractionState::Active), 3)), 0, 1);
        assert_eq!(
            work.selected.get_untracked(),
            Some(5),
            "the first accepted opens in the work pane"
        );
        work.apply(&changed(at(summary(5, InteractionState::WrapUp), 4)), 0, 1);
        assert_eq!(
            work.rail.rows().with_untracked(|r| r[0].state),
            InteractionState::WrapUp
        );
        work.apply(&changed(at(summary(5, InteractionState::Closed), 5)), 0, 1);
        assert_eq!(rail(&work), vec![6]);
        assert_eq!(
            work.selected.get_untracked(),
            Some(6),
            "selection moves to what is still open"
        );
    }

    #[test]
    fn an_older_copy_never_replaces_a_newer_one() {
        let _owner = crate::store::fixtures::owner();
        let work = Work::default();
        let mut newer = at(summary(5, InteractionState::Active), 9);
        newer.unread = 0;
        work.apply(&changed(newer), 0, 1);
        let mut late = at(summary(5, InteractionState::Active), 7);
        late.unread = 3;
        work.apply(&changed(late), 0, 1);
        assert_eq!(work.rail.rows().with_untracked(|r| r[0].unread), 0);
        // A late "active" after the newer close does not bring it back either.
        work.apply(&changed(at(summary(5, InteractionState::Closed), 10)), 0, 1);
        work.apply(&changed(at(summary(5, InteractionState::Active), 8)), 0, 1);
        assert!(rail(&work).is_empty());
        let mut first = wrap_up(5);
        first.version = 12;
        first.notes = "newer".into();
        work.apply(&EventBody::WrapUpChanged(first.clone()), 0, 1);
        work.apply(
            &EventBody::WrapUpChanged(WrapUp {
                version: 11,
                notes: "older".into(),
                ..first
            }),
            0,
            1,
        );
        assert_eq!(work.wrap_up_of(5).unwrap().notes, "newer");
    }

    #[test]
    fn wrap_ups_start_change_and_end() {
        let _owner = crate::store::fixtures::owner();
        let work = Work::default();
        let wrap_up = wrap_up(5);
        work.apply(&EventBody::WrapUpChanged(wrap_up.clone()), 0, 1);
        work.apply(
            &EventBody::WrapUpChanged(WrapUp {
                deadline: None,
                version: 2,
                ..wrap_up
            }),
            0,
            1,
        );
        assert_eq!(work.wrap_ups.rows().with_untracked(Vec::len), 1);
        assert_eq!(work.wrap_up_of(5).unwrap().deadline, None);
        work.apply(
            &EventBody::WrapUpEnded(WrapUpEnded {
                interaction_id: 5,
                timed_out: true,
                version: 3,
            }),
            0,
            1,
        );
        assert!(work.wrap_ups.rows().with_untracked(Vec::is_empty));
    }

    #[test]
    fn a_late_answer_does_not_bring_back_a_wrap_up_that_ended() {
        let _owner = crate::store::fixtures::owner();
        let work = Work::default();
        let me = 1;
        let mut wrapping = at(summary(5, InteractionState::WrapUp), 8);
        wrapping.agent_id = Some(me);
        work.apply(&changed(wrapping), 0, me);
        work.apply(
            &EventBody::WrapUpChanged(WrapUp {
                version: 9,
                ..wrap_up(5)
            }),
            0,
            me,
        );
        // The countdown ran out (v11) and the interaction closed (v12) before the answer to
        // the agent's disposition (v10) arrived.
        work.apply(
            &EventBody::WrapUpEnded(WrapUpEnded {
                interaction_id: 5,
                timed_out: true,
                version: 11,
            }),
            0,
            me,
        );
        let mut closed = at(summary(5, InteractionState::Closed), 12);
        closed.agent_id = Some(me);
        work.apply(&changed(closed), 0, me);
        work.apply(
            &EventBody::WrapUpChanged(WrapUp {
                version: 10,
                ..wrap_up(5)
            }),
            0,
            me,
        );
        assert!(
            work.wrap_up_of(5).is_none(),
            "the late answer is of the ended wrap-up"
        );
        assert!(
            rail(&work).is_empty(),
            "the closed interaction left the rail"
        );
        // A new wrap-up of the same interaction later is shown.
        work.apply(
            &EventBody::WrapUpChanged(WrapUp {
                version: 20,
                ..wrap_up(5)
            }),
            0,
            me,
        );
        assert!(work.wrap_up_of(5).is_some());
    }

    #[test]
    fn a_transferred_interaction_stays_in_the_rail_until_its_wrap_up_ends() {
        let _owner = crate::store::fixtures::owner();
        let work = Work::default();
        let me = 1;
        work.apply(&changed(at(summary(5, InteractionState::Active), 2)), 0, me);
        // The server starts the wrap-up first, then tells everyone the interaction moved.
        work.apply(&EventBody::WrapUpChanged(wrap_up(5)), 0, me);
        let mut moved = at(summary(5, InteractionState::Active), 4);
        moved.agent_id = Some(2);
        work.apply(&changed(moved), 0, me);
        assert_eq!(rail(&work), vec![5], "still wrapping up");
        assert_eq!(work.rail.rows().with_untracked(|r| r[0].agent_id), Some(2));
        assert_eq!(work.selected.get_untracked(), Some(5));
        work.apply(
            &EventBody::WrapUpEnded(WrapUpEnded {
                interaction_id: 5,
                timed_out: false,
                version: 5,
            }),
            0,
            me,
        );
        assert!(rail(&work).is_empty());
        assert_eq!(work.selected.get_untracked(), None);
    }

    #[test]
    fn wait_alert_escalates_and_clocks_read_well() {
        let active = summary(1, InteractionState::Active);
        assert_eq!(WaitAlert::of(&active, AMBER_AFTER_MS - 1), WaitAlert::None);
        assert_eq!(WaitAlert::of(&active, AMBER_AFTER_MS), WaitAlert::Amber);
        assert_eq!(WaitAlert::of(&active, RED_AFTER_MS), WaitAlert::Red);
        assert_eq!(
            WaitAlert::of(&summary(1, InteractionState::WrapUp), RED_AFTER_MS),
            WaitAlert::None
        );
        assert_eq!(clock_text(65_400), "1:05");
        assert_eq!(clock_text(-5), "0:00");
    }
}
