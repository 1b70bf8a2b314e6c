//! Moving an interaction on without sending: `POST …/notes`, `PUT …/sub-status`,
//! `POST …/transfer`, `…/close` and `…/reopen`; and the lists the desk picks from
//! (`GET /canned-answers`, `GET /transfer-targets`).

use axum::{
    extract::State,
    http::StatusCode,
    routing::{get, post, put},
    Json, Router,
};
use omni_protocol::{
    CannedAnswer, CloseRequest, InteractionSummary, Message, NoteRequest, SubStatusRequest,
    TransferRequest, TransferTarget,
};
use serde::Deserialize;

use crate::{
    error::ApiError,
    http::extract::{Path, Query},
    http::{error_body::ApiJson, session::Session},
    work::interaction_actions,
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/interactions/{id}/notes", post(add_note))
        .route("/interactions/{id}/sub-status", put(set_sub_status))
        .route("/interactions/{id}/transfer", post(transfer))
        .route("/interactions/{id}/close", post(close))
        .route("/interactions/{id}/reopen", post(reopen))
        .route("/canned-answers", get(canned_answers))
        .route("/transfer-targets", get(transfer_targets))
}

async fn add_note(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<NoteRequest>,
) -> Result<(StatusCode, Json<Message>), ApiError> {
    Ok((
        StatusCode::CREATED,
        Json(interaction_actions::add_note(&app, session.agent_id, id, request).await?),
    ))
}

async fn set_sub_status(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<SubStatusRequest>,
) -> Result<Json<InteractionSummary>, ApiError> {
    Ok(Json(
        interaction_actions::set_sub_status(&app, session.agent_id, id, request).await?,
    ))
}

async fn transfer_targets(
    State(app): State<AppState>,
    session: Session,
) -> Result<Json<Vec<TransferTarget>>, ApiError> {
    Ok(Json(
        interaction_actions::transfer_targets(&app, session.agent_id).await?,
    ))
}

async fn transfer(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<TransferRequest>,
) -> Result<Json<InteractionSummary>, ApiError> {
    Ok(Json(
        interaction_actions::transfer(&app, session.agent_id, id, request).await?,
    ))
}

async fn close(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<CloseRequest>,
) -> Result<Json<InteractionSummary>, ApiError> {
    Ok(Json(
        interaction_actions::close(&app, session.agent_id, id, request).await?,
    ))
}

async fn reopen(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<InteractionSummary>, ApiError> {
    Ok(Json(
        interaction_actions::reopen(&app, session.agent_id, id).await?,
    ))
}

#[derive(Deserialize)]
struct CannedQuery {
    q: Option<String>,
}

/// `GET /canned-answers?q=`: by title and text, every word must match.
async fn canned_answers(
    State(app): State<AppState>,
    _: Session,
    Query(query): Query<CannedQuery>,
) -> Result<Json<Vec<CannedAnswer>>, ApiError> {
    let query = query.q.unwrap_or_default();
    Ok(Json(
        interaction_actions::canned_answers(&app, &query).await?,
    ))
}
