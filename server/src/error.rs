//! API errors: every failure answers `{ "error": { "code", "message", "field"? } }`
//! (written by `http::error_body`).

use ::http::StatusCode;
use omni_protocol::{ErrorBody, ErrorCode};

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
    /// Seconds until a refused attempt may be made again (`Retry-After`).
    retry_after: Option<u64>,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody::new(code, message),
            retry_after: None,
        }
    }

    /// 429: too many attempts; the next may come after `seconds`.
    pub fn too_many(seconds: u64, message: impl Into<String>) -> Self {
        Self {
            retry_after: Some(seconds),
            ..Self::new(
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::TooManyRequests,
                message,
            )
        }
    }

    pub fn retry_after(&self) -> Option<u64> {
        self.retry_after
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
    }

    /// The caller's account is disabled: unlike other 403s, this ends the session.
    pub fn account_disabled() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            ErrorCode::AccountDisabled,
            "This account is disabled. Ask your supervisor to enable it.",
        )
    }

    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, ErrorCode::NotFound, message)
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, ErrorCode::Conflict, message)
    }

    pub fn too_large(field: &str, message: impl Into<String>) -> Self {
        let body = ErrorBody::new(ErrorCode::TooLarge, message).with_field(field);
        Self {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            body,
            retry_after: None,
        }
    }

    /// 409 asking the agent to confirm (the desk offers Continue / Cancel).
    pub fn confirm(field: &str, message: impl Into<String>) -> Self {
        let body = ErrorBody::new(ErrorCode::ConfirmationRequired, message).with_field(field);
        Self {
            status: StatusCode::CONFLICT,
            body,
            retry_after: None,
        }
    }

    /// `status` with a body built by the caller (a 409 that names its field).
    pub fn with_body(status: StatusCode, body: ErrorBody) -> Self {
        Self {
            status,
            body,
            retry_after: None,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn body(&self) -> &ErrorBody {
        &self.body
    }

    /// The status, the body and `Retry-After`, to answer with.
    pub fn into_parts(self) -> (StatusCode, ErrorBody, Option<u64>) {
        (self.status, self.body, self.retry_after)
    }

    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        let body = ErrorBody::new(ErrorCode::Validation, message).with_field(field);
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body,
            retry_after: None,
        }
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            ErrorCode::Internal,
            "The server failed; please try again.",
        )
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(error: sqlx::Error) -> Self {
        Self::internal(error)
    }
}
