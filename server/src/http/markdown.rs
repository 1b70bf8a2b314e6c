//! `POST /markdown/preview`: the composer's preview, exactly the HTML a send would produce.

use axum::{routing::post, Json, Router};
use serde::{Deserialize, Serialize};

use crate::{
    error::ApiError,
    http::{error_body::ApiJson, session::Session},
    text::markdown,
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new().route("/markdown/preview", post(preview))
}

#[derive(Deserialize)]
struct PreviewRequest {
    markdown: String,
}

#[derive(Serialize)]
struct PreviewResponse {
    html: String,
}

async fn preview(
    _: Session,
    ApiJson(request): ApiJson<PreviewRequest>,
) -> Result<Json<PreviewResponse>, ApiError> {
    Ok(Json(PreviewResponse {
        html: markdown::preview(&request.markdown)?,
    }))
}
