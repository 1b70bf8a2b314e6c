//! `PUT /interactions/{id}/wrap-up` (notes and disposition while the agent works on them) and
//! `POST /interactions/{id}/wrap-up/complete` (Wrap up).

use axum::{
    extract::State,
    routing::{post, put},
    Json, Router,
};
use omni_protocol::{InteractionSummary, WrapUp, WrapUpRequest};

use crate::{
    error::ApiError,
    http::extract::Path,
    http::{error_body::ApiJson, session::Session},
    work::wrapup,
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/interactions/{id}/wrap-up", put(save))
        .route("/interactions/{id}/wrap-up/complete", post(complete))
}

async fn save(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<WrapUpRequest>,
) -> Result<Json<WrapUp>, ApiError> {
    Ok(Json(
        wrapup::save(&app, session.agent_id, id, &request).await?,
    ))
}

async fn complete(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<WrapUpRequest>,
) -> Result<Json<InteractionSummary>, ApiError> {
    Ok(Json(
        wrapup::complete(&app, session.agent_id, id, &request).await?,
    ))
}
