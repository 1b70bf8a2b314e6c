//! API errors: every failure answers `{ "error": { "code", "message", "field"? } }`
//! (written by `http::error_body`).

use ::http::StatusCode;
use omni_protocol::{ErrorBody, ErrorCode};

#[derive(Debug)]
pub struct ApiError {
    status: StatusCode,
    body: ErrorBody,
}

impl ApiError {
    pub fn new(status: StatusCode, code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            body: ErrorBody::new(code, message),
        }
    }

    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized, message)
    }

    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message)
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
        }
    }

    /// 409 asking the agent to confirm (the desk offers Continue / Cancel).
    pub fn confirm(field: &str, message: impl Into<String>) -> Self {
        let body = ErrorBody::new(ErrorCode::ConfirmationRequired, message).with_field(field);
        Self {
            status: StatusCode::CONFLICT,
            body,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn body(&self) -> &ErrorBody {
        &self.body
    }

    /// The status and the body, to answer with.
    pub fn into_parts(self) -> (StatusCode, ErrorBody) {
        (self.status, self.body)
    }

    pub fn validation(field: &str, message: impl Into<String>) -> Self {
        let body = ErrorBody::new(ErrorCode::Validation, message).with_field(field);
        Self {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            body,
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
