//! `GET /interactions` (the list: filters and cursor paging) and
//! `PUT /interactions/{id}/tags`.

use axum::{
    extract::State,
    routing::{get, put},
    Json, Router,
};
use omni_protocol::{InteractionPage, InteractionSummary, SetTagsRequest};

use crate::{
    error::ApiError,
    http::extract::{Path, Query},
    http::{error_body::ApiJson, session::Session},
    work::interaction_list::{self, ListQuery},
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/interactions", get(list))
        .route("/interactions/{id}/tags", put(set_tags))
}

async fn list(
    State(app): State<AppState>,
    session: Session,
    Query(query): Query<ListQuery>,
) -> Result<Json<InteractionPage>, ApiError> {
    Ok(Json(
        interaction_list::page(&app, session.agent_id, &query).await?,
    ))
}

async fn set_tags(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<SetTagsRequest>,
) -> Result<Json<InteractionSummary>, ApiError> {
    Ok(Json(
        interaction_list::set_tags(&app, session.agent_id, id, &request).await?,
    ))
}
