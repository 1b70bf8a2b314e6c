//! The fields the reference server offers, by id, and what each is on a summary. A backend
//! may offer others: the desk cannot judge those itself and asks the server
//! ([`super::judge::Verdict::AskServer`]).

use crate::{activity_key, InteractionState, InteractionSummary};

pub const ID: &str = "id";
pub const SUBJECT: &str = "subject";
/// Any message's text: the desk does not hold it.
pub const MESSAGE: &str = "message";
pub const CUSTOMER_NAME: &str = "customer_name";
pub const CUSTOMER_EMAIL: &str = "customer_email";
pub const CASE_NUMBER: &str = "case_number";
pub const STATUS: &str = "status";
/// `read` or `unread`, by the viewer's own count.
pub const READ: &str = "read";
/// An agent's id, or [`ME`] or [`NOBODY`].
pub const AGENT: &str = "agent";
pub const QUEUE: &str = "queue";
/// The email account (by id) of the interaction's queue: the desk does not hold it.
pub const ACCOUNT: &str = "account";
pub const CHANNEL: &str = "channel";
/// The chosen disposition (by id): the desk holds only its labels.
pub const DISPOSITION: &str = "disposition";
pub const SUB_STATUS: &str = "sub_status";
pub const TAG: &str = "tag";
/// When it arrived.
pub const ARRIVED: &str = "arrived";
/// Its newest email or chat line, or its arrival.
pub const LAST_ACTIVITY: &str = "last_activity";

/// The agent choice that means "whoever is looking".
pub const ME: &str = "me";
/// The agent choice that means "not assigned".
pub const NOBODY: &str = "none";

/// A summary's value of one field, as the desk sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldValue<'a> {
    Text(Option<&'a str>),
    Number(i64),
    Instant(i64),
    Choices(Vec<String>),
    /// The summary does not hold it.
    Unknown,
}

/// The wire name of a state (`open`, `wrap_up` …), as the status field's choices are.
pub fn state_key(state: InteractionState) -> &'static str {
    match state {
        InteractionState::Queued => "queued",
        InteractionState::Offered => "offered",
        InteractionState::Active => "active",
        InteractionState::WrapUp => "wrap_up",
        InteractionState::Open => "open",
        InteractionState::Closed => "closed",
    }
}

/// Field `field`'s value on `item`, seen by agent `me`.
pub fn value_of<'a>(field: &str, item: &'a InteractionSummary, me: i64) -> FieldValue<'a> {
    let one = |choice: String| FieldValue::Choices(vec![choice]);
    match field {
        ID => FieldValue::Number(item.id),
        SUBJECT => FieldValue::Text(item.subject.as_deref()),
        CUSTOMER_NAME => FieldValue::Text(Some(&item.customer.name)),
        CUSTOMER_EMAIL => FieldValue::Text(item.customer.email.as_deref()),
        CASE_NUMBER => FieldValue::Text(Some(&item.case_number)),
        STATUS => one(state_key(item.state).into()),
        READ => one(if item.unread > 0 { "unread" } else { "read" }.into()),
        AGENT => match item.agent_id {
            None => one(NOBODY.into()),
            Some(agent) if agent == me => FieldValue::Choices(vec![agent.to_string(), ME.into()]),
            Some(agent) => one(agent.to_string()),
        },
        QUEUE => one(item.queue_id.to_string()),
        CHANNEL => one(item.channel.as_str().into()),
        SUB_STATUS => FieldValue::Choices(item.sub_status.iter().cloned().collect()),
        TAG => FieldValue::Choices(item.tags.clone()),
        ARRIVED => FieldValue::Instant(item.created_at),
        LAST_ACTIVITY => FieldValue::Instant(activity_key(item).0),
        _ => FieldValue::Unknown,
    }
}
