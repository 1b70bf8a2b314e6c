//! Signing in and out.

use serde::{Deserialize, Serialize};

use crate::AgentProfile;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInRequest {
    pub username: String,
    pub password: String,
}

/// The bearer token is opaque: send it as `Authorization: Bearer <token>` until `expires_at`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SignInResponse {
    pub token: String,
    pub expires_at: i64,
    pub agent: AgentProfile,
}
