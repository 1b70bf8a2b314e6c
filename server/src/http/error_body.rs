//! The error body on the wire: an [`ApiError`] as a response, and JSON bodies whose
//! rejections speak it too.

use axum::{
    extract::{rejection::JsonRejection, FromRequest, Request},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use omni_protocol::ErrorCode;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::error::ApiError;

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, body, retry_after) = self.into_parts();
        let mut response = (status, Json(body)).into_response();
        if let Some(seconds) = retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// `Json<T>` whose rejections speak the error body, in sentences a person can read: a
/// body that is not a JSON object (an array is never read as the struct), a missing field
/// (named in `field`) or a mistyped one, one over the size limit (413), a body not sent as
/// JSON (415), or no JSON at all.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let value = match Json::<Value>::from_request(request, state).await {
            Ok(Json(value)) => value,
            Err(rejection) => return Err(refused(rejection)),
        };
        if !value.is_object() {
            return Err(ApiError::validation(
                "body",
                "The request body must be a JSON object.",
            ));
        }
        serde_json::from_value(value)
            .map(ApiJson)
            .map_err(|error| does_not_fit(&error.to_string()))
    }
}

/// A body that is no JSON, or too large, or sent without `Content-Type: application/json`.
fn refused(rejection: JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ErrorCode::BadRequest,
            "Send the body as JSON (Content-Type: application/json).",
        ),
        JsonRejection::BytesRejection(rejection)
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE =>
        {
            ApiError::too_large("body", "The request body is larger than this server takes.")
        }
        JsonRejection::BytesRejection(rejection) if timed_out(&rejection) => body_timed_out(),
        JsonRejection::JsonSyntaxError(_) | JsonRejection::JsonDataError(_) => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            "The request body is not valid JSON.",
        ),
        _ => ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::BadRequest,
            "The request body could not be read.",
        ),
    }
}

/// Whether reading the body stopped because the client paused longer than the server waits
/// (`http::serve::BODY_TIMEOUT`).
pub fn timed_out(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause = Some(error);
    while let Some(error) = cause {
        if error.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cause = error.source();
    }
    false
}

/// A whole request body of at most `limit` bytes: over it, `too_large`; stalled, a 408.
pub async fn read_body(
    body: axum::body::Body,
    limit: usize,
    too_large: impl FnOnce() -> ApiError,
) -> Result<axum::body::Bytes, ApiError> {
    axum::body::to_bytes(body, limit).await.map_err(|error| {
        let cause = error.into_inner();
        if timed_out(cause.as_ref()) {
            body_timed_out()
        } else {
            too_large()
        }
    })
}

/// The answer to a body that stopped arriving.
pub fn body_timed_out() -> ApiError {
    ApiError::new(
        StatusCode::REQUEST_TIMEOUT,
        ErrorCode::BadRequest,
        "The request body stopped arriving; send it again.",
    )
}

/// serde's account of a body that does not fit, as a sentence with the field it names.
fn does_not_fit(serde: &str) -> ApiError {
    let quoted = |text: &str| text.split('`').nth(1).map(str::to_owned);
    if let Some(field) = serde.strip_prefix("missing field ").and_then(quoted) {
        return ApiError::validation(&field, format!("The request needs \"{field}\"."));
    }
    if serde.starts_with("unknown variant") {
        let given = quoted(serde).unwrap_or_default();
        return ApiError::validation(
            "body",
            format!("\"{given}\" is not a value this field takes."),
        );
    }
    if serde.starts_with("invalid type") || serde.starts_with("invalid value") {
        return ApiError::validation("body", "A field of the request has the wrong type.");
    }
    ApiError::validation("body", "The request body does not fit this endpoint.")
}

pub async fn api_not_found() -> ApiError {
    ApiError::not_found("No such endpoint.")
}

#[cfg(test)]
mod tests {
    use super::does_not_fit;
    use proptest::prelude::*;

    #[test]
    fn serde_accounts_become_sentences_with_the_field() {
        let missing = does_not_fit("missing field `notes`");
        assert_eq!(missing.body().error.field.as_deref(), Some("notes"));
        assert_eq!(missing.body().error.message, "The request needs \"notes\".");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]
        /// Whatever serde says (it quotes the client's text): a 422, never a panic.
        #[test]
        fn any_account_is_read_safely(text in "\\PC{0,80}") {
            let error = does_not_fit(&text);
            prop_assert_eq!(error.status(), axum::http::StatusCode::UNPROCESSABLE_ENTITY);
        }
    }
}
