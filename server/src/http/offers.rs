//! `POST /offers/{id}/accept` (idempotent: first wins) and `POST /offers/{id}/reject`.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
    routing::post,
    Json, Router,
};
use serde_json::Value;

use crate::{
    http::extract::Path,
    http::{idempotency, session::Session},
    work::offers,
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/offers/{id}/accept", post(accept))
        .route("/offers/{id}/reject", post(reject))
}

async fn accept(
    State(app): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> Response {
    let key = match idempotency::key_of(&headers) {
        Ok(key) => key,
        Err(error) => return error.into_response(),
    };
    let request = format!("accept offer {id}");
    let _guard = app.work.lock().await;
    if let Some(key) = &key {
        match idempotency::replay(&app, session.agent_id, key, &request).await {
            Ok(Some((status, body))) => return (status, Json(body)).into_response(),
            Ok(None) => {}
            Err(error) => return error.into_response(),
        }
    }
    let (status, body) = match offers::accept_offer(&app, session.agent_id, id).await {
        Ok(summary) => (
            StatusCode::OK,
            serde_json::to_value(summary).unwrap_or(Value::Null),
        ),
        Err(error) => (
            error.status(),
            serde_json::to_value(error.body()).unwrap_or(Value::Null),
        ),
    };
    // Only definite outcomes are remembered; a server failure may be retried for real.
    if let (Some(key), false) = (&key, status.is_server_error()) {
        if let Err(error) =
            idempotency::remember(&app, session.agent_id, key, &request, status, &body).await
        {
            return error.into_response();
        }
    }
    (status, Json(body)).into_response()
}

async fn reject(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<StatusCode, crate::error::ApiError> {
    offers::reject(&app, session.agent_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
