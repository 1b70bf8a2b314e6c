//! Interactions as the rail, the list and the work pane header see them.

use serde::{Deserialize, Serialize};

use crate::Channel;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum InteractionState {
    /// Waiting in its queue for an agent.
    Queued,
    /// Offered to one or more agents, not yet accepted.
    Offered,
    /// Accepted; an agent works it.
    Active,
    /// Ended; the agent is in post-processing.
    WrapUp,
    /// Answered and kept open (perhaps with a sub-status): assigned, waiting for the
    /// customer; the agent works it again from the list.
    Open,
    Closed,
}

crate::wire_words!(InteractionState {
    Queued => "queued",
    Offered => "offered",
    Active => "active",
    WrapUp => "wrap_up",
    Open => "open",
    Closed => "closed",
});

/// Who an interaction is with: the linked customer's record, or, until the agent links one,
/// the name and address the channel gave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerRef {
    /// The linked customer; absent while the interaction has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionSummary {
    pub id: i64,
    pub channel: Channel,
    pub queue_id: i64,
    pub queue_name: String,
    pub customer: CustomerRef,
    /// Email subject; chats have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// The first customer message's first characters.
    pub preview: String,
    pub state: InteractionState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<i64>,
    /// When it entered the queue.
    pub created_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accepted_at: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ended_at: Option<i64>,
    /// Since when the customer waits for an answer (None once answered).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub awaiting_reply_since: Option<i64>,
    /// Messages this agent has not read.
    pub unread: u32,
    /// The newest email or chat line either way (notes and auto-replies do not count).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_message: Option<LastMessage>,
    /// "Pending" and the like, on open interactions only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_status: Option<String>,
    /// The chosen disposition, from its root label to its leaf.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disposition_path: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// New, unhandled interactions of the same customer waiting besides this one.
    #[serde(default)]
    pub related_waiting: u32,
    /// The case (MainNumber) it belongs to: its own, or the one a follow-up named.
    #[serde(default)]
    pub case_number: String,
    /// A customer reply after it was closed opened this interaction, where the
    /// conversation continues.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continued_in: Option<i64>,
    /// The closed interaction this one continues.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub continues: Option<i64>,
    /// It was closed once and reopened.
    #[serde(default)]
    pub reopened: bool,
    /// Id of the event that announced its last change: of two copies, the higher is newer
    /// (docs/api.md, "Versions").
    #[serde(default)]
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastMessage {
    pub at: i64,
    pub direction: crate::Direction,
    pub preview: String,
}

/// `GET /api/v1/interactions`: one page of the list, newest activity first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionPage {
    pub items: Vec<InteractionSummary>,
    /// Pass as `cursor` for the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// How many interactions match the filters in all.
    pub total: u64,
}

/// `POST /api/v1/inbound`: a new customer contact enters a queue (simulator, tests, gateways).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InboundRequest {
    pub queue_id: i64,
    /// The customer it is from, if known; else `from_address` finds them (linked when exactly
    /// one customer matches) or the interaction waits for the agent to link one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<i64>,
    /// The name the channel gave (a chat profile's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_name: Option<String>,
    /// The email address or phone number it came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub body: String,
}

/// `PUT /api/v1/interactions/{id}/tags`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetTagsRequest {
    pub tags: Vec<String>,
}
