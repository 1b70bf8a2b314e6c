//! What the host hears about interactions: offered, accepted, ended and wrapped up, read from
//! how the agent's offers, rail and wrap-ups changed (so a reload, which only loads them
//! again, tells the host nothing twice, and a resync tells only what changed in the gap).

use leptos::prelude::*;
use omni_protocol::{
    host_bridge::{Activity, InteractionEventKind, InteractionNotice, PanelMode, RecordRef},
    InteractionState, InteractionSummary, Offer, WrapUp,
};

use crate::store::rows::RowsStoreFields;

/// The agent's work at one moment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Seen {
    /// `Work::loads`: a loaded snapshot starts afresh.
    pub loads: u32,
    pub offers: Vec<Offer>,
    pub rail: Vec<InteractionSummary>,
    pub wrap_ups: Vec<WrapUp>,
}

/// The notices that take the agent's work from `before` to `after`.
pub fn changes(before: &Seen, after: &Seen) -> Vec<InteractionNotice> {
    let mut notices = Vec::new();
    if before.loads == 0 && after.loads != 0 {
        // The first snapshot (sign-in, reload): the host heard about that work before, or
        // the work predates this page. A later snapshot (a resync after a gap) is compared
        // with what was last seen, so what happened in the gap is still told.
        return notices;
    }
    for offer in &after.offers {
        if !before.offers.iter().any(|o| o.id == offer.id) {
            notices.push(notice(InteractionEventKind::Offered, &offer.interaction));
        }
    }
    let was = |id: i64| before.rail.iter().find(|i| i.id == id);
    let offered_before = |id: i64| before.offers.iter().any(|o| o.interaction.id == id);
    for interaction in &after.rail {
        let accepted_now = interaction.state == InteractionState::Active
            && offered_before(interaction.id)
            && was(interaction.id).is_none_or(|w| w.state != InteractionState::Active);
        if accepted_now {
            notices.push(notice(InteractionEventKind::Accepted, interaction));
        }
    }
    for earlier in before
        .rail
        .iter()
        .filter(|i| i.state == InteractionState::Active)
    {
        let now = after.rail.iter().find(|i| i.id == earlier.id);
        if now.is_none_or(|now| now.state != InteractionState::Active) {
            notices.push(notice(InteractionEventKind::Ended, now.unwrap_or(earlier)));
        }
    }
    for wrap_up in &before.wrap_ups {
        if after
            .wrap_ups
            .iter()
            .any(|w| w.interaction_id == wrap_up.interaction_id)
        {
            continue;
        }
        let interaction = after
            .rail
            .iter()
            .chain(&before.rail)
            .find(|i| i.id == wrap_up.interaction_id);
        if let Some(interaction) = interaction {
            let mut wrapped = notice(InteractionEventKind::WrappedUp, interaction);
            wrapped.activity = Some(activity(interaction, wrap_up));
            notices.push(wrapped);
        }
    }
    notices
}

/// Tells the host, from now on, of every change to the agent's work.
pub fn watch(actions: crate::actions::Actions) {
    let work = actions.stores.work;
    let session = actions.stores.session;
    Effect::new(move |before: Option<Seen>| {
        let now = Seen {
            loads: work.loads.get(),
            offers: work.offers.rows().get(),
            rail: work.rail.rows().get(),
            wrap_ups: work.wrap_ups.rows().get(),
        };
        // Signing out empties the work; nothing ended for the customer.
        let signed_in = session.token.with_untracked(Option::is_some);
        if let (Some(before), true) = (before, signed_in) {
            let host = actions.host();
            let notices = changes(&before, &now);
            let offered = notices
                .iter()
                .any(|n| n.event == InteractionEventKind::Offered);
            for notice in notices {
                host.interaction_event(notice);
            }
            // A panel the agent minimised or hid opens for an offer, as CIF's setMode does:
            // an offer nobody sees times out.
            if offered {
                leptos::task::spawn_local(async move {
                    if let Err(why) = host.set_panel_mode(PanelMode::Docked).await {
                        web_sys::console::warn_1(
                            &format!("Omni Desk could not open its panel for an offer: {why}")
                                .into(),
                        );
                    }
                });
            }
        }
        now
    });
}

fn notice(event: InteractionEventKind, interaction: &InteractionSummary) -> InteractionNotice {
    let customer = &interaction.customer;
    InteractionNotice {
        event,
        interaction_id: interaction.id,
        channel: interaction.channel,
        address: customer
            .email
            .clone()
            .or_else(|| customer.phone.clone())
            .unwrap_or_default(),
        name: customer.name.clone(),
        subject: subject_of(interaction),
        record: customer.id.map(|id| RecordRef {
            entity: "customer".into(),
            id: id.to_string(),
        }),
        activity: None,
    }
}

fn subject_of(interaction: &InteractionSummary) -> String {
    interaction
        .subject
        .clone()
        .filter(|subject| !subject.trim().is_empty())
        .unwrap_or_else(|| interaction.preview.clone())
}

/// Seed 002's call log: when it was initiated, accepted and ended, how it was closed.
fn activity(interaction: &InteractionSummary, wrap_up: &WrapUp) -> Activity {
    Activity {
        subject: subject_of(interaction),
        created_at: interaction.created_at,
        accepted_at: interaction.accepted_at,
        ended_at: interaction.ended_at,
        disposition: interaction.disposition_path.join(" / "),
        notes: wrap_up.notes.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::fixtures;

    fn in_state(id: i64, state: InteractionState) -> InteractionSummary {
        fixtures::interaction(id, state)
    }

    fn offer_of(interaction: &InteractionSummary) -> Offer {
        Offer {
            id: interaction.id * 10,
            interaction: interaction.clone(),
            offered_at: 0,
            expires_at: 30_000,
            waited_ms: 0,
        }
    }

    fn wrap_up(interaction_id: i64, notes: &str) -> WrapUp {
        WrapUp {
            interaction_id,
            started_at: 0,
            deadline: None,
            mandatory_disposition: false,
            notes: notes.into(),
            disposition_id: Some(3),
            version: 1,
        }
    }

    fn kinds(notices: &[InteractionNotice]) -> Vec<(InteractionEventKind, i64)> {
        notices
            .iter()
            .map(|n| (n.event, n.interaction_id))
            .collect()
    }

    #[test]
    fn an_interaction_is_offered_accepted_ended_and_wrapped_up_once_each() {
        use InteractionEventKind::*;
        let offered = in_state(7, InteractionState::Offered);
        let nothing = Seen::default();
        let offer = Seen {
            offers: vec![offer_of(&offered)],
            ..Seen::default()
        };
        assert_eq!(kinds(&changes(&nothing, &offer)), [(Offered, 7)]);
        assert_eq!(kinds(&changes(&offer, &offer)), []);

        let active = Seen {
            rail: vec![in_state(7, InteractionState::Active)],
            ..Seen::default()
        };
        assert_eq!(kinds(&changes(&offer, &active)), [(Accepted, 7)]);

        let mut ended_interaction = in_state(7, InteractionState::WrapUp);
        ended_interaction.disposition_path = vec!["Billing".into(), "Resolved".into()];
        let wrapping = Seen {
            rail: vec![ended_interaction],
            wrap_ups: vec![wrap_up(7, "Sent a copy")],
            ..Seen::default()
        };
        assert_eq!(kinds(&changes(&active, &wrapping)), [(Ended, 7)]);

        let done = changes(&wrapping, &nothing);
        assert_eq!(kinds(&done), [(WrappedUp, 7)]);
        let activity = done[0].activity.clone().unwrap();
        assert_eq!(activity.notes, "Sent a copy");
        assert_eq!(activity.disposition, "Billing / Resolved");
        assert_eq!(done[0].record.as_ref().map(|r| r.id.as_str()), Some("1"));
    }

    #[test]
    fn a_first_load_announces_nothing_and_a_resync_what_changed_in_the_gap() {
        use InteractionEventKind::*;
        // The snapshot brings work the agent already had, offers too.
        let offered = in_state(9, InteractionState::Offered);
        let loaded = Seen {
            loads: 1,
            offers: vec![offer_of(&offered)],
            rail: vec![
                in_state(7, InteractionState::Active),
                in_state(8, InteractionState::WrapUp),
            ],
            wrap_ups: vec![wrap_up(8, "")],
        };
        assert_eq!(kinds(&changes(&Seen::default(), &loaded)), []);
        // A resync after a gap in which the offer was taken elsewhere, the interaction
        // ended and its wrap-up was done, and a new offer came.
        let newer = in_state(10, InteractionState::Offered);
        let resynced = Seen {
            loads: 2,
            offers: vec![offer_of(&newer)],
            ..Seen::default()
        };
        assert_eq!(
            kinds(&changes(&loaded, &resynced)),
            [(Offered, 10), (Ended, 7), (WrappedUp, 8)]
        );
    }

    #[test]
    fn an_offer_taken_elsewhere_is_not_accepted() {
        let offered = in_state(7, InteractionState::Offered);
        let offer = Seen {
            offers: vec![offer_of(&offered)],
            ..Seen::default()
        };
        assert_eq!(kinds(&changes(&offer, &Seen::default())), []);
    }
}
