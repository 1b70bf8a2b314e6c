//! `Idempotency-Key`: the first answer to a keyed request is stored and replayed for repeats,
//! so a retry after a lost response never acts twice.

use axum::http::{HeaderMap, StatusCode};
use serde_json::Value;

use crate::{db::idempotent_answers, error::ApiError, AppState};

pub const HEADER: &str = "idempotency-key";

pub fn key_of(headers: &HeaderMap) -> Result<Option<String>, ApiError> {
    let Some(value) = headers.get(HEADER) else {
        return Ok(None);
    };
    let key = value.to_str().unwrap_or_default().trim();
    if key.is_empty() || key.len() > 200 {
        return Err(ApiError::validation(
            "Idempotency-Key",
            "The Idempotency-Key must be 1 to 200 characters.",
        ));
    }
    Ok(Some(key.to_owned()))
}

/// The stored answer for this key, if the same agent sent it before. A key reused for a
/// different request is a 422.
pub async fn replay(
    app: &AppState,
    agent_id: i64,
    key: &str,
    request: &str,
) -> Result<Option<(StatusCode, Value)>, ApiError> {
    let stored = idempotent_answers::stored(app, agent_id, key).await?;
    let Some((first_request, status, body)) = stored else {
        return Ok(None);
    };
    if first_request != request {
        return Err(ApiError::validation(
            "Idempotency-Key",
            "This Idempotency-Key was already used for another request.",
        ));
    }
    let status = StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK);
    Ok(Some((
        status,
        serde_json::from_str(&body).unwrap_or(Value::Null),
    )))
}

pub async fn remember(
    app: &AppState,
    agent_id: i64,
    key: &str,
    request: &str,
    status: StatusCode,
    body: &Value,
) -> Result<(), ApiError> {
    idempotent_answers::keep(
        app,
        agent_id,
        key,
        request,
        status.as_u16(),
        &body.to_string(),
    )
    .await
}
