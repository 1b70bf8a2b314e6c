//! `POST /inbound` (gateways, with `X-Inbound-Key`), `GET /me/work`, `GET /interactions/{id}`
//! and `POST /interactions/{id}/end`.

use axum::{
    extract::State,
    http::{HeaderMap, StatusCode},
    routing::{get, post},
    Json, Router,
};
use omni_protocol::{InboundRequest, InteractionSummary, WorkSnapshot};

use crate::{
    error::ApiError,
    http::extract::Path,
    http::{error_body::ApiJson, inbound_key::check_inbound_key, session::Session},
    work::interactions,
    work::summaries,
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/inbound", post(inbound))
        .route("/me/work", get(work))
        .route("/interactions/{id}", get(one))
        .route("/interactions/{id}/end", post(end))
}

async fn inbound(
    State(app): State<AppState>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<InboundRequest>,
) -> Result<(StatusCode, Json<InteractionSummary>), ApiError> {
    check_inbound_key(&app, &headers)?;
    let created = interactions::create_inbound(&app, &request).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

async fn work(
    State(app): State<AppState>,
    session: Session,
) -> Result<Json<WorkSnapshot>, ApiError> {
    Ok(Json(
        interactions::work_snapshot(&app, session.agent_id).await?,
    ))
}

async fn one(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<InteractionSummary>, ApiError> {
    // Every agent sees every interaction in the list; one by one is no different.
    Ok(Json(
        summaries::summary_for(&app, id, session.agent_id).await?,
    ))
}

async fn end(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<InteractionSummary>, ApiError> {
    Ok(Json(interactions::end(&app, session.agent_id, id).await?))
}
