//! Files an agent attaches while writing: `POST /uploads?filename=…` (the body is the file,
//! `Content-Type` its type), `GET /uploads/{id}` (the preview) and `DELETE /uploads/{id}`.

use axum::{
    body::Body,
    extract::{DefaultBodyLimit, State},
    http::{header, HeaderMap, StatusCode},
    response::Response,
    routing::{get, post},
    Json, Router,
};
use omni_protocol::{compose::MAX_ATTACHMENT_BYTES, Upload};
use serde::Deserialize;

use crate::{
    error::ApiError,
    http::extract::{Path, Query},
    http::{error_body, files::serve_stored, session::Session},
    work::uploads,
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/uploads",
            post(upload).layer(DefaultBodyLimit::max(MAX_ATTACHMENT_BYTES as usize + 1)),
        )
        .route("/uploads/{id}", get(preview).delete(remove))
}

#[derive(Deserialize)]
struct UploadParams {
    filename: String,
}

async fn upload(
    State(app): State<AppState>,
    session: Session,
    Query(params): Query<UploadParams>,
    headers: HeaderMap,
    body: Body,
) -> Result<(StatusCode, Json<Upload>), ApiError> {
    let filename = uploads::clean_filename(&params.filename)?;
    // The length the client declared, to refuse a file too large before it arrives.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(length) = declared.filter(|l| *l > MAX_ATTACHMENT_BYTES) {
        return Err(uploads::too_large(&filename, Some(length)));
    }
    let bytes = error_body::read_body(body, MAX_ATTACHMENT_BYTES as usize, || {
        uploads::too_large(&filename, None)
    })
    .await?;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let upload = uploads::store(&app, session.agent_id, filename, content_type, &bytes).await?;
    Ok((StatusCode::CREATED, Json(upload)))
}

async fn preview(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let stored = uploads::preview_file(&app, session.agent_id, id).await?;
    serve_stored(&app, &stored).await
}

async fn remove(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    uploads::remove(&app, session.agent_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
