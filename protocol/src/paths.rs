//! The endpoint paths of the contract, relative to the backend's base address.

pub const SIGN_IN: &str = "/api/v1/session";
/// `DELETE` signs the bearer token's session out.
pub const SIGN_OUT: &str = "/api/v1/session";
pub const ME: &str = "/api/v1/me";
pub const MY_STATUS: &str = "/api/v1/me/status";
pub const EVENTS: &str = "/api/v1/events";
/// Request header naming the last event id the client holds (SSE standard).
pub const LAST_EVENT_ID: &str = "Last-Event-ID";
/// Query parameter alternative to [`LAST_EVENT_ID`].
pub const SINCE: &str = "since";
/// `GET` with filters: one page of the interaction list.
/// The email accounts the agent may send from.
pub const EMAIL_ACCOUNTS: &str = "/api/v1/email-accounts";
pub const INTERACTIONS: &str = "/api/v1/interactions";
pub const MY_STOP_NEW: &str = "/api/v1/me/stop-new";
/// `PUT` the agent's own settings.
pub const MY_SETTINGS: &str = "/api/v1/me/settings";
/// `GET`: what the advanced search can ask about.
pub const SEARCH_FIELDS: &str = "/api/v1/search/fields";
/// `GET` the agent's saved searches, `POST` one.
pub const SEARCHES: &str = "/api/v1/searches";

pub fn saved_search(id: i64) -> String {
    format!("{SEARCHES}/{id}")
}
/// `GET`: offers, open interactions and wrap-ups of the signed-in agent.
pub const MY_WORK: &str = "/api/v1/me/work";
pub const QUEUES: &str = "/api/v1/queues";
pub const DISPOSITIONS: &str = "/api/v1/dispositions";
/// `POST` with an `X-Inbound-Key`: a customer contact enters a queue.
pub const INBOUND: &str = "/api/v1/inbound";

/// `POST` raw MIME (`message/rfc822`) with `?queue_id=` and an `X-Inbound-Key`.
pub const INBOUND_EMAIL: &str = "/api/v1/inbound/email";

pub fn interaction_messages(interaction_id: i64) -> String {
    format!("/api/v1/interactions/{interaction_id}/messages")
}

pub fn interaction_read(interaction_id: i64) -> String {
    format!("/api/v1/interactions/{interaction_id}/read")
}

pub fn interaction_unread(interaction_id: i64) -> String {
    format!("/api/v1/interactions/{interaction_id}/unread")
}

pub fn attachment(attachment_id: i64) -> String {
    format!("/api/v1/attachments/{attachment_id}")
}

pub fn message_source(message_id: i64) -> String {
    format!("/api/v1/messages/{message_id}/source")
}

pub fn offer_accept(offer_id: i64) -> String {
    format!("/api/v1/offers/{offer_id}/accept")
}

pub fn offer_reject(offer_id: i64) -> String {
    format!("/api/v1/offers/{offer_id}/reject")
}

pub fn interaction_end(interaction_id: i64) -> String {
    format!("/api/v1/interactions/{interaction_id}/end")
}

pub fn wrap_up(interaction_id: i64) -> String {
    format!("/api/v1/interactions/{interaction_id}/wrap-up")
}

pub fn wrap_up_complete(interaction_id: i64) -> String {
    format!("/api/v1/interactions/{interaction_id}/wrap-up/complete")
}

/// `/api/v1/interactions/{id}/{action}`: replies, forwards, notes, sub-status, transfer,
/// close, reopen, transcript.
pub fn interaction_action(interaction_id: i64, action: &str) -> String {
    format!("/api/v1/interactions/{interaction_id}/{action}")
}

pub const UPLOADS: &str = "/api/v1/uploads";

pub fn upload(upload_id: i64) -> String {
    format!("/api/v1/uploads/{upload_id}")
}

/// New emails and follow-ups.
pub const EMAILS: &str = "/api/v1/emails";
pub const CANNED_ANSWERS: &str = "/api/v1/canned-answers";
pub const TRANSFER_TARGETS: &str = "/api/v1/transfer-targets";
pub const AGENTS: &str = "/api/v1/agents";
pub const MARKDOWN_PREVIEW: &str = "/api/v1/markdown/preview";

/// `GET ?email=` / `?phone=` / `?q=` (the screen pop's lookup, the Local CRM's list); `POST`
/// creates one.
pub const CUSTOMERS: &str = "/api/v1/customers";

pub fn customer(id: i64) -> String {
    format!("{CUSTOMERS}/{id}")
}

/// `GET` one customer's interactions, newest first (`channel`, `from`, `to`).
pub fn customer_journey(id: i64) -> String {
    format!("{CUSTOMERS}/{id}/journey")
}

pub fn customer_cases(id: i64) -> String {
    format!("{CUSTOMERS}/{id}/cases")
}

pub fn customer_history(id: i64) -> String {
    format!("{CUSTOMERS}/{id}/history")
}

pub fn customer_tasks(id: i64) -> String {
    format!("{CUSTOMERS}/{id}/tasks")
}

/// `PUT { "customer_id" }`: links the interaction to a customer.
pub fn interaction_customer(interaction_id: i64) -> String {
    format!("/api/v1/interactions/{interaction_id}/customer")
}
