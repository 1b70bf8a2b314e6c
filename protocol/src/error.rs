//! The one error body every failing endpoint answers with.

use serde::{Deserialize, Serialize};

/// `{ "error": { "code", "message", "field"? } }`; the desk shows `message` to the agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorCode {
    BadRequest,
    Unauthorized,
    Forbidden,
    /// The account was disabled (403): the session is over, the desk signs out.
    AccountDisabled,
    NotFound,
    Conflict,
    /// The action needs the agent's confirmation first (e.g. transfer to an empty queue);
    /// repeat it with the confirming flag the endpoint names.
    ConfirmationRequired,
    /// A file over the size limit (413).
    TooLarge,
    /// Too many attempts (429, with `Retry-After` in seconds): e.g. wrong passwords.
    TooManyRequests,
    Validation,
    Internal,
}

crate::wire_words!(ErrorCode {
    BadRequest => "bad_request",
    Unauthorized => "unauthorized",
    Forbidden => "forbidden",
    AccountDisabled => "account_disabled",
    NotFound => "not_found",
    Conflict => "conflict",
    ConfirmationRequired => "confirmation_required",
    TooLarge => "too_large",
    TooManyRequests => "too_many_requests",
    Validation => "validation",
    Internal => "internal",
});

impl ErrorBody {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            error: ErrorDetail {
                code,
                message: message.into(),
                field: None,
            },
        }
    }

    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.error.field = Some(field.into());
        self
    }
}
