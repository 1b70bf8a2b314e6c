//! Offers: an interaction proposed to an agent, with its acceptance deadline.

use serde::{Deserialize, Serialize};

use crate::InteractionSummary;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offer {
    pub id: i64,
    pub interaction: InteractionSummary,
    pub offered_at: i64,
    /// After this instant Accept answers 409 and the offer moves on.
    pub expires_at: i64,
    /// How long the customer had waited in the queue when offered (ms).
    pub waited_ms: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithdrawReason {
    /// Another agent accepted first.
    TakenByOther,
    /// The acceptance time ran out.
    Expired,
    /// This agent rejected it (in another tab, say).
    Rejected,
    /// The interaction left the queue (closed, transferred …).
    Cancelled,
}

crate::wire_words!(WithdrawReason {
    TakenByOther => "taken_by_other",
    Expired => "expired",
    Rejected => "rejected",
    Cancelled => "cancelled",
});

impl WithdrawReason {
    /// The short note the desk shows in place of the offer.
    pub fn note(self) -> &'static str {
        match self {
            WithdrawReason::TakenByOther => "Taken by another agent",
            WithdrawReason::Expired => "Not accepted in time",
            WithdrawReason::Rejected => "Rejected",
            WithdrawReason::Cancelled => "No longer waiting",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferWithdrawn {
    pub offer_id: i64,
    pub interaction_id: i64,
    pub reason: WithdrawReason,
}
