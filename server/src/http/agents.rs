//! `GET /me`, `PUT /me/status`, `PUT /me/stop-new`, `PUT /me/settings` and `GET /agents`.

use axum::{
    extract::State,
    routing::{get, put},
    Json, Router,
};
use omni_protocol::{AgentProfile, AgentRef, AgentSettings, SetStatusRequest, StopNewRequest};

use crate::{
    error::ApiError,
    http::{error_body::ApiJson, session::Session},
    presence::agents,
    work::status,
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me", get(me))
        .route("/me/status", put(set_status))
        .route("/me/stop-new", put(set_stop_new))
        .route("/me/settings", put(set_settings))
        .route("/agents", get(directory))
}

/// Every active agent by name, for filters.
async fn directory(
    State(app): State<AppState>,
    _: Session,
) -> Result<Json<Vec<AgentRef>>, ApiError> {
    Ok(Json(agents::directory(&app).await?))
}

async fn me(State(app): State<AppState>, session: Session) -> Result<Json<AgentProfile>, ApiError> {
    Ok(Json(agents::profile(&app, session.agent_id).await?))
}

async fn set_status(
    State(app): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<SetStatusRequest>,
) -> Result<Json<AgentProfile>, ApiError> {
    Ok(Json(
        status::choose_status(&app, session.agent_id, &request).await?,
    ))
}

async fn set_stop_new(
    State(app): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<StopNewRequest>,
) -> Result<Json<AgentProfile>, ApiError> {
    Ok(Json(
        agents::set_stop_new(&app, session.agent_id, &request).await?,
    ))
}

async fn set_settings(
    State(app): State<AppState>,
    session: Session,
    ApiJson(settings): ApiJson<AgentSettings>,
) -> Result<Json<AgentProfile>, ApiError> {
    Ok(Json(
        agents::set_settings(&app, session.agent_id, &settings).await?,
    ))
}
