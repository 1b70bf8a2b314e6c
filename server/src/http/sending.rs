//! Sending email: `POST /interactions/{id}/replies`, `POST /interactions/{id}/forwards` and
//! `POST /emails`. A repeat with the same `Idempotency-Key` answers 200 with the first result;
//! a first send answers 201.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    routing::post,
    Json, Router,
};
use omni_protocol::{ForwardRequest, NewEmailRequest, ReplyRequest, Sent};

use crate::{
    email::sending::{self, SendOutcome},
    error::ApiError,
    http::extract::Path,
    http::{error_body::ApiJson, idempotency, session::Session},
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/interactions/{id}/replies", post(reply))
        .route("/interactions/{id}/forwards", post(forward))
        .route("/emails", post(new_email))
}

fn answer(outcome: SendOutcome) -> (StatusCode, Json<Sent>) {
    let status = if outcome.first {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    (status, Json(outcome.sent))
}

async fn reply(
    State(app): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<ReplyRequest>,
) -> Result<(StatusCode, Json<Sent>), ApiError> {
    let key = idempotency::key_of(&headers)?;
    Ok(answer(
        sending::reply(&app, session.agent_id, key, id, request).await?,
    ))
}

async fn forward(
    State(app): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<ForwardRequest>,
) -> Result<(StatusCode, Json<Sent>), ApiError> {
    let key = idempotency::key_of(&headers)?;
    Ok(answer(
        sending::forward(&app, session.agent_id, key, id, request).await?,
    ))
}

async fn new_email(
    State(app): State<AppState>,
    session: Session,
    headers: HeaderMap,
    ApiJson(request): ApiJson<NewEmailRequest>,
) -> Result<(StatusCode, Json<Sent>), ApiError> {
    let key = idempotency::key_of(&headers)?;
    Ok(answer(
        sending::new_email(&app, session.agent_id, key, request).await?,
    ))
}
