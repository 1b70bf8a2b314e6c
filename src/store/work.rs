//! The agent's work: offers on the screen, open interactions (the rail), wrap-ups, and the
//! interaction in the work pane. Changed only by server events and snapshots.

use leptos::prelude::*;
use omni_protocol::{
    Disposition, Event, EventBody, InteractionState, InteractionSummary, Offer, WithdrawReason,
    WorkSnapshot, WrapUp,
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
    pub offers: RwSignal<Vec<Offer>>,
    pub notes: RwSignal<Vec<OfferNote>>,
    /// The rail: interactions the agent works on or wraps up (also one they transferred),
    /// oldest first.
    pub interactions: RwSignal<Vec<InteractionSummary>>,
    pub wrap_ups: RwSignal<Vec<WrapUp>>,
    pub selected: RwSignal<Option<i64>>,
    /// An interaction opened from the list that is not one of the agent's own.
    pub browsing: RwSignal<Option<InteractionSummary>>,
    pub dispositions: RwSignal<Vec<Disposition>>,
    /// Bumped when a thread gained something its summary does not show (a note).
    pub thread_version: RwSignal<u64>,
}

impl Default for Work {
    fn default() -> Self {
        Self {
            offers: RwSignal::new(Vec::new()),
            notes: RwSignal::new(Vec::new()),
            interactions: RwSignal::new(Vec::new()),
            wrap_ups: RwSignal::new(Vec::new()),
            selected: RwSignal::new(None),
            browsing: RwSignal::new(None),
            dispositions: RwSignal::new(Vec::new()),
            thread_version: RwSignal::new(0),
        }
    }
}

impl Work {
    /// Replaces everything with a snapshot (sign-in, reload, resync).
    pub fn load(&self, snapshot: WorkSnapshot) {
        self.offers.set(snapshot.offers);
        self.interactions.set(snapshot.interactions);
        self.wrap_ups.set(snapshot.wrap_ups);
        self.keep_selection_valid();
    }

    pub fn clear(&self) {
        self.load(WorkSnapshot {
            offers: vec![],
            interactions: vec![],
            wrap_ups: vec![],
            last_event_id: 0,
        });
        self.notes.set(Vec::new());
    }

    /// Applies one event; every case is idempotent, so a replay overlapping a snapshot is harmless.
    /// `now` is the local clock, for how long notes stay.
    /// `me` is the signed-in agent: only their interactions join the rail.
    pub fn apply(&self, event: &Event, now: i64, me: i64) {
        match &event.body {
            EventBody::OfferCreated(offer) => self.offers.update(|offers| {
                offers.retain(|o| o.id != offer.id);
                offers.push(offer.clone());
            }),
            EventBody::OfferWithdrawn(withdrawn) => {
                let gone = self.offers.with_untracked(|offers| {
                    offers.iter().find(|o| o.id == withdrawn.offer_id).cloned()
                });
                self.offers
                    .update(|offers| offers.retain(|o| o.id != withdrawn.offer_id));
                // The agent's own reject needs no note; the others say why the offer vanished.
                if let (Some(offer), false) = (gone, withdrawn.reason == WithdrawReason::Rejected) {
                    self.notes.update(|notes| {
                        notes.retain(|note| note.offer_id != offer.id);
                        notes.push(OfferNote {
                            offer_id: offer.id,
                            customer: offer.interaction.customer.name.clone(),
                            text: withdrawn.reason.note().to_owned(),
                            shown_at: now,
                        })
                    });
                }
            }
            EventBody::InteractionChanged(summary) => {
                // Accepted (here or in another tab): its offer is done. Other states say
                // nothing about offers (lists hear every change; withdrawals come as
                // `offer_withdrawn`), so the toast stays.
                if summary.agent_id.is_some()
                    && !matches!(
                        summary.state,
                        InteractionState::Queued | InteractionState::Offered
                    )
                {
                    self.offers
                        .update(|offers| offers.retain(|o| o.interaction.id != summary.id));
                }
                let open = self.belongs_in_rail(summary, me);
                let is_new = self
                    .interactions
                    .with_untracked(|list| !list.iter().any(|i| i.id == summary.id));
                self.interactions.update(|list| {
                    match list.iter_mut().find(|i| i.id == summary.id) {
                        Some(existing) if open => *existing = summary.clone(),
                        Some(_) => list.retain(|i| i.id != summary.id),
                        None if open => list.push(summary.clone()),
                        None => {}
                    }
                });
                let browsed = self
                    .browsing
                    .with_untracked(|b| b.as_ref().is_some_and(|b| b.id == summary.id));
                if browsed {
                    self.browsing.set(Some(summary.clone()));
                }
                if open && is_new && self.selected.get_untracked().is_none() {
                    self.selected.set(Some(summary.id));
                }
                self.keep_selection_valid();
            }
            EventBody::WrapUpChanged(wrap_up) => self.wrap_ups.update(|list| {
                list.retain(|w| w.interaction_id != wrap_up.interaction_id);
                list.push(wrap_up.clone());
            }),
            EventBody::WrapUpEnded(ended) => {
                self.wrap_ups
                    .update(|list| list.retain(|w| w.interaction_id != ended.interaction_id));
                // A transferred interaction leaves the rail with its wrap-up.
                let gone = self.interactions.with_untracked(|list| {
                    list.iter()
                        .any(|i| i.id == ended.interaction_id && !self.belongs_in_rail(i, me))
                });
                if gone {
                    self.interactions
                        .update(|list| list.retain(|i| i.id != ended.interaction_id));
                    self.keep_selection_valid();
                }
            }
            // The thread on screen shows each message's delivery: read it again.
            EventBody::DeliveryChanged(changed) => {
                if self.selected.get_untracked() == Some(changed.interaction_id) {
                    self.thread_version.update(|v| *v += 1);
                }
            }
            EventBody::StatusChanged(_) | EventBody::StopNewChanged(_) | EventBody::Resync(_) => {}
        }
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
        self.notes.update(|notes| {
            notes.retain(|note| note.offer_id != offer.id);
            notes.push(OfferNote {
                offer_id: offer.id,
                customer: offer.interaction.customer.name.clone(),
                text,
                shown_at: now,
            });
        });
        self.offers
            .update(|offers| offers.retain(|o| o.id != offer.id));
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
                .with_untracked(|list| list.iter().any(|w| w.interaction_id == summary.id))
    }

    pub fn wrap_up_of(&self, interaction_id: i64) -> Option<WrapUp> {
        self.wrap_ups.with(|list| {
            list.iter()
                .find(|w| w.interaction_id == interaction_id)
                .cloned()
        })
    }

    pub fn selected_interaction(&self) -> Option<InteractionSummary> {
        let id = self.selected.get()?;
        self.interactions
            .with(|list| list.iter().find(|i| i.id == id).cloned())
            .or_else(|| self.browsing.get().filter(|browsed| browsed.id == id))
    }

    /// Opens an interaction in the work pane: one of the agent's own, or one from the list.
    pub fn open(&self, interaction: &InteractionSummary) {
        let own = self
            .interactions
            .with_untracked(|list| list.iter().any(|i| i.id == interaction.id));
        self.browsing.set((!own).then(|| interaction.clone()));
        self.selected.set(Some(interaction.id));
    }

    /// The selection follows the open interactions: a closed one gives way to the oldest open.
    fn keep_selection_valid(&self) {
        let selected = self.selected.get_untracked();
        let (still_open, first) = self.interactions.with_untracked(|list| {
            (
                selected.is_some_and(|id| list.iter().any(|i| i.id == id)),
                list.first().map(|i| i.id),
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

    fn event(body: EventBody) -> Event {
        Event { id: 1, body }
    }

    fn wrap_up(interaction_id: i64) -> WrapUp {
        WrapUp {
            interaction_id,
            started_at: 0,
            deadline: Some(60_000),
            mandatory_disposition: false,
            notes: String::new(),
            disposition_id: None,
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

    #[test]
    fn an_offer_survives_the_list_hearing_its_interaction_is_offered() {
        let work = Work::default();
        work.apply(&event(EventBody::OfferCreated(offer(1))), 0, 1);
        // Every desk hears interaction_changed (for its list), possibly after the offer.
        let offered = summary(11, InteractionState::Offered);
        work.apply(&event(EventBody::InteractionChanged(offered)), 0, 1);
        let mut queued = summary(11, InteractionState::Queued);
        queued.agent_id = None;
        work.apply(&event(EventBody::InteractionChanged(queued)), 0, 1);
        assert_eq!(work.offers.get_untracked().len(), 1, "the toast stays");
        let accepted = summary(11, InteractionState::Active);
        work.apply(&event(EventBody::InteractionChanged(accepted)), 0, 1);
        assert!(
            work.offers.get_untracked().is_empty(),
            "accepted: the offer is done"
        );
    }

    #[test]
    fn offers_come_and_go_with_a_note_unless_rejected_here() {
        let work = Work::default();
        work.apply(&event(EventBody::OfferCreated(offer(1))), 0, 1);
        work.apply(&event(EventBody::OfferCreated(offer(1))), 0, 1); // replayed: still one
        work.apply(&event(EventBody::OfferCreated(offer(2))), 0, 1);
        assert_eq!(work.offers.get_untracked().len(), 2);
        let taken = OfferWithdrawn {
            offer_id: 1,
            interaction_id: 11,
            reason: WithdrawReason::TakenByOther,
        };
        work.apply(&event(EventBody::OfferWithdrawn(taken)), 100, 1);
        let rejected = OfferWithdrawn {
            offer_id: 2,
            interaction_id: 12,
            reason: WithdrawReason::Rejected,
        };
        work.apply(&event(EventBody::OfferWithdrawn(rejected)), 100, 1);
        assert!(work.offers.get_untracked().is_empty());
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
        let work = Work::default();
        work.apply(
            &event(EventBody::InteractionChanged(summary(
                5,
                InteractionState::Active,
            ))),
            0,
            1,
        );
        work.apply(
            &event(EventBody::InteractionChanged(summary(
                6,
                InteractionState::Active,
            ))),
            0,
            1,
        );
        assert_eq!(
            work.selected.get_untracked(),
            Some(5),
            "the first accepted opens in the work pane"
        );
        work.apply(
            &event(EventBody::InteractionChanged(summary(
                5,
                InteractionState::WrapUp,
            ))),
            0,
            1,
        );
        assert_eq!(
            work.interactions.get_untracked()[0].state,
            InteractionState::WrapUp
        );
        work.apply(
            &event(EventBody::InteractionChanged(summary(
                5,
                InteractionState::Closed,
            ))),
            0,
            1,
        );
        assert_eq!(
            work.interactions
                .get_untracked()
                .iter()
                .map(|i| i.id)
                .collect::<Vec<_>>(),
            vec![6]
        );
        assert_eq!(
            work.selected.get_untracked(),
            Some(6),
            "selection moves to what is still open"
        );
    }

    #[test]
    fn wrap_ups_start_change_and_end() {
        let work = Work::default();
        let wrap_up = wrap_up(5);
        work.apply(&event(EventBody::WrapUpChanged(wrap_up.clone())), 0, 1);
        work.apply(
            &event(EventBody::WrapUpChanged(WrapUp {
                deadline: None,
                ..wrap_up
            })),
            0,
            1,
        );
        assert_eq!(work.wrap_ups.get_untracked().len(), 1);
        assert_eq!(work.wrap_ups.get_untracked()[0].deadline, None);
        work.apply(
            &event(EventBody::WrapUpEnded(WrapUpEnded {
                interaction_id: 5,
                timed_out: true,
            })),
            0,
            1,
        );
        assert!(work.wrap_ups.get_untracked().is_empty());
    }

    #[test]
    fn a_transferred_interaction_stays_in_the_rail_until_its_wrap_up_ends() {
        let work = Work::default();
        let me = 1;
        let active = summary(5, InteractionState::Active);
        work.apply(&event(EventBody::InteractionChanged(active)), 0, me);
        // The server starts the wrap-up first, then tells everyone the interaction moved.
        let wrap_up = wrap_up(5);
        work.apply(&event(EventBody::WrapUpChanged(wrap_up)), 0, me);
        let mut moved = summary(5, InteractionState::Active);
        moved.agent_id = Some(2);
        work.apply(&event(EventBody::InteractionChanged(moved)), 0, me);
        assert_eq!(
            work.interactions.get_untracked().len(),
            1,
            "still wrapping up"
        );
        assert_eq!(work.interactions.get_untracked()[0].agent_id, Some(2));
        assert_eq!(work.selected.get_untracked(), Some(5));
        work.apply(
            &event(EventBody::WrapUpEnded(WrapUpEnded {
                interaction_id: 5,
                timed_out: false,
            })),
            0,
            me,
        );
        assert!(work.interactions.get_untracked().is_empty());
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
