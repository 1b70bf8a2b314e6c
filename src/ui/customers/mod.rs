//! The customer beside an interaction (PRODUCT D1–D3, D6): the screen pop's match count and
//! list, the context panel's tabs (Contact, Interaction, Customer Journey), the New Contact
//! form and the record's Edit and Delete.

pub mod contact_form;
mod contact_tab;
mod context_panel;
mod interaction_tab;
mod journey_tab;
mod match_avatar;
mod record_card;

pub use context_panel::ContextPanel;
pub use match_avatar::{MatchAvatar, MatchCount};

use leptos::prelude::*;
use omni_protocol::InteractionSummary;

use crate::{
    customers::pop::{self, Lookup, Outcome},
    store::{customers::Customers, Session},
};

/// The pop's outcome for `interaction` now (reactive).
pub fn outcome_of(
    interaction: &InteractionSummary,
    customers: Customers,
    session: Session,
) -> Outcome {
    let matches = Lookup::of(interaction).and_then(|lookup| customers.matches_of(&lookup));
    let auto = session.agent.with(|agent| {
        agent
            .as_ref()
            .is_some_and(|a| a.settings.auto_multi_match_pop)
    });
    let outcome = pop::outcome(interaction.customer.id, matches.as_deref(), auto);
    // An interaction without an address cannot be looked up: the form, to create one.
    match (outcome, Lookup::of(interaction)) {
        (Outcome::Looking, None) => Outcome::NewContact,
        (outcome, _) => outcome,
    }
}
