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
