//! Server-sent events: the envelope and every event type (the event catalogue of `docs/api.md`).
//!
//! On the stream each event is written as `id: <id>`, `event: <type>` and one `data:` line
//! holding the whole envelope as JSON, so a client may read either.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::{
    AgentSettings, AgentStatus, Customer, CustomerDeleted, InteractionSummary, Message, Offer,
    OfferWithdrawn, WrapUp,
};

/// `{ "id": 42, "type": "status_changed", "payload": { … } }`. Ids increase strictly.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: u64,
    #[serde(flatten)]
    pub body: EventBody,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "payload", rename_all = "snake_case")]
pub enum EventBody {
    StatusChanged(StatusChanged),
    StopNewChanged(StopNewChanged),
    /// An interaction is offered to this agent.
    OfferCreated(Offer),
    /// An offer to this agent is gone (taken by another agent, expired, rejected …).
    OfferWithdrawn(OfferWithdrawn),
    /// An interaction of this agent was assigned, changed, ended or closed: the whole summary.
    InteractionChanged(InteractionSummary),
    /// Post-processing started or changed (notes, disposition, countdown stopped).
    WrapUpChanged(WrapUp),
    /// Post-processing finished (by Wrap up or by the countdown).
    WrapUpEnded(WrapUpEnded),
    /// A message joined a thread: a customer's email or chat line, an agent's answer or note.
    MessageAdded(Message),
    /// A message changed: its delivery (delivered after all, failed again, given up).
    MessageChanged(Message),
    /// A customer record was created or changed (any agent's desk may show it).
    CustomerChanged(Customer),
    /// A customer record was deleted.
    CustomerDeleted(CustomerDeleted),
    /// The agent's "My Profile → Interactions" settings changed (in another tab, too).
    SettingsChanged(AgentSettings),
    /// The requested resume point is older than the replay log keeps: refetch state, then
    /// continue from this event's id.
    Resync(Resync),
}

impl Event {
    /// Reads one event as a client should: the envelope first, then the payload as the type
    /// its `type` names. A `type` this version does not know (a newer server) is `Ok(None)`,
    /// to be skipped. Reading payloads directly (not through serde's buffered adjacently
    /// tagged form) also keeps a WASM client much smaller.
    pub fn from_json(text: &str) -> Result<Option<Event>, serde_json::Error> {
        #[derive(Deserialize)]
        struct Envelope<'a> {
            id: u64,
            #[serde(rename = "type")]
            kind: String,
            #[serde(borrow)]
            payload: &'a RawValue,
        }
        fn read<'a, T: Deserialize<'a>>(payload: &'a RawValue) -> Result<T, serde_json::Error> {
            serde_json::from_str(payload.get())
        }
        let envelope: Envelope = serde_json::from_str(text)?;
        let payload = envelope.payload;
        let body = match envelope.kind.as_str() {
            "status_changed" => EventBody::StatusChanged(read(payload)?),
            "stop_new_changed" => EventBody::StopNewChanged(read(payload)?),
            "offer_created" => EventBody::OfferCreated(read(payload)?),
            "offer_withdrawn" => EventBody::OfferWithdrawn(read(payload)?),
            "interaction_changed" => EventBody::InteractionChanged(read(payload)?),
            "wrap_up_changed" => EventBody::WrapUpChanged(read(payload)?),
            "wrap_up_ended" => EventBody::WrapUpEnded(read(payload)?),
            "message_added" => EventBody::MessageAdded(read(payload)?),
            "message_changed" => EventBody::MessageChanged(read(payload)?),
            "customer_changed" => EventBody::CustomerChanged(read(payload)?),
            "customer_deleted" => EventBody::CustomerDeleted(read(payload)?),
            "settings_changed" => EventBody::SettingsChanged(read(payload)?),
            "resync" => EventBody::Resync(read(payload)?),
            _ => return Ok(None),
        };
        Ok(Some(Event {
            id: envelope.id,
            body,
        }))
    }
}

impl EventBody {
    /// The SSE `event:` name, equal to the envelope's `type`.
    pub fn type_name(&self) -> &'static str {
        match self {
            EventBody::StatusChanged(_) => "status_changed",
            EventBody::StopNewChanged(_) => "stop_new_changed",
            EventBody::OfferCreated(_) => "offer_created",
            EventBody::OfferWithdrawn(_) => "offer_withdrawn",
            EventBody::InteractionChanged(_) => "interaction_changed",
            EventBody::WrapUpChanged(_) => "wrap_up_changed",
            EventBody::WrapUpEnded(_) => "wrap_up_ended",
            EventBody::MessageAdded(_) => "message_added",
            EventBody::MessageChanged(_) => "message_changed",
            EventBody::CustomerChanged(_) => "customer_changed",
            EventBody::CustomerDeleted(_) => "customer_deleted",
            EventBody::SettingsChanged(_) => "settings_changed",
            EventBody::Resync(_) => "resync",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChanged {
    pub agent_id: i64,
    pub status: AgentStatus,
    pub changed_at: i64,
    /// The profile's version after this change (this event's id).
    #[serde(default)]
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Resync {
    /// Why the client must refetch, for logs.
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopNewChanged {
    pub agent_id: i64,
    pub stop_new: bool,
    /// The profile's version after this change (this event's id).
    #[serde(default)]
    pub version: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrapUpEnded {
    pub interaction_id: i64,
    /// True when the countdown ran out rather than the agent clicking Wrap up.
    pub timed_out: bool,
    /// The ended wrap-up's last version: a `wrap_up_changed` or answer at or below it is of
    /// the wrap-up that ended (docs/api.md, "Versions").
    #[serde(default)]
    pub version: u64,
}
