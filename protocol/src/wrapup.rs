//! Post-processing after an interaction ends: countdown, notes and disposition.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrapUp {
    pub interaction_id: i64,
    pub started_at: i64,
    /// When the countdown ends and the agent becomes Available; `None` once stopped
    /// ("Work Offline") or when the queue has no countdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline: Option<i64>,
    pub mandatory_disposition: bool,
    pub notes: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition_id: Option<i64>,
    /// Id of the event that announced its last change.
    #[serde(default)]
    pub version: u64,
}

/// `PUT /api/v1/interactions/{id}/wrap-up` (save) and `POST …/wrap-up/complete` (finish).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WrapUpRequest {
    /// Always sent (an empty string clears them): a body without it is refused, so that a
    /// stray `{}` never wipes what the agent wrote.
    pub notes: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition_id: Option<i64>,
}
