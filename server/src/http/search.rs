//! `GET /search/fields` (what the advanced search can ask about) and saved searches:
//! `GET /searches`, `POST /searches`, `DELETE /searches/{id}`.

use axum::{
    extract::State,
    http::StatusCode,
    routing::{delete, get},
    Json, Router,
};
use omni_protocol::{SaveSearchRequest, SavedSearch, SearchField};

use crate::{
    error::ApiError,
    http::extract::Path,
    http::{error_body::ApiJson, session::Session},
    work::search,
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/search/fields", get(fields))
        .route("/searches", get(saved).post(save))
        .route("/searches/{id}", delete(forget))
}

async fn fields(
    State(app): State<AppState>,
    _: Session,
) -> Result<Json<Vec<SearchField>>, ApiError> {
    Ok(Json(search::offered(&app).await?))
}

async fn saved(
    State(app): State<AppState>,
    session: Session,
) -> Result<Json<Vec<SavedSearch>>, ApiError> {
    Ok(Json(search::saved(&app, session.agent_id).await?))
}

async fn save(
    State(app): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<SaveSearchRequest>,
) -> Result<Json<SavedSearch>, ApiError> {
    Ok(Json(search::save(&app, session.agent_id, &request).await?))
}

async fn forget(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    search::delete(&app, session.agent_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
