//! `POST /inbound/email`: raw MIME from a mail gateway, with `X-Inbound-Key`. Once per
//! Message-ID and queue: a retry answers 200 with the first interaction.

use axum::{
    body::Body,
    extract::{DefaultBodyLimit, State},
    http::{HeaderMap, StatusCode},
    routing::post,
    Json, Router,
};
use omni_protocol::InteractionSummary;
use serde::Deserialize;

use crate::{
    email::mail_ingest::{self, MAX_RAW_BYTES},
    error::ApiError,
    http::error_body,
    http::extract::Query,
    http::inbound_key::check_inbound_key,
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/inbound/email",
        post(inbound_email).layer(DefaultBodyLimit::max(MAX_RAW_BYTES)),
    )
}

#[derive(Deserialize)]
struct QueueParam {
    /// Where a new interaction goes; without it, the queue of the account the email was
    /// addressed to.
    queue_id: Option<i64>,
}

async fn inbound_email(
    State(app): State<AppState>,
    headers: HeaderMap,
    Query(param): Query<QueueParam>,
    body: Body,
) -> Result<(StatusCode, Json<InteractionSummary>), ApiError> {
    check_inbound_key(&app, &headers)?;
    let raw = error_body::read_body(body, MAX_RAW_BYTES, || {
        ApiError::too_large(
            "message",
            "The email is larger than the 60 MB this server takes.",
        )
    })
    .await?;
    let ingested = mail_ingest::ingest_once(&app, param.queue_id, &raw).await?;
    // A gateway's retry of a message already received: the first one's interaction, 200.
    let status = if ingested.new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(ingested.summary)))
}
