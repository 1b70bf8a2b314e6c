//! Threads: `GET /interactions/{id}/messages?limit=N&before=ID` (pages of at most 200), `POST …/read` and `…/unread`, and
//! stored files: `GET /attachments/{id}` and `GET /messages/{id}/source`.

use axum::{
    extract::State,
    response::Response,
    routing::{get, post},
    Json, Router,
};
use omni_protocol::{InteractionSummary, Message};
use serde::Deserialize;

use crate::{
    error::ApiError,
    http::extract::{Path, Query},
    http::{
        files::{disposition_header, file_response, serve_stored},
        session::Session,
    },
    work::messages,
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/interactions/{id}/messages", get(thread))
        .route("/interactions/{id}/read", post(mark_read))
        .route("/interactions/{id}/unread", post(mark_unread))
        .route("/attachments/{id}", get(download))
        .route("/messages/{id}/source", get(source))
}

#[derive(Debug, Default, Deserialize)]
struct ThreadQuery {
    limit: Option<u32>,
    /// The oldest message the client holds: the page is the messages before it.
    before: Option<i64>,
}

async fn thread(
    State(app): State<AppState>,
    _: Session,
    Path(id): Path<i64>,
    Query(query): Query<ThreadQuery>,
) -> Result<Json<Vec<Message>>, ApiError> {
    Ok(Json(
        messages::thread(&app, id, query.limit, query.before).await?,
    ))
}

async fn mark_read(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<InteractionSummary>, ApiError> {
    Ok(Json(messages::mark_read(&app, session.agent_id, id).await?))
}

async fn mark_unread(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<InteractionSummary>, ApiError> {
    Ok(Json(
        messages::mark_unread(&app, session.agent_id, id).await?,
    ))
}

async fn download(
    State(app): State<AppState>,
    _: Session,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let stored = messages::attachment_file(&app, id).await?;
    serve_stored(&app, &stored).await
}

async fn source(
    State(app): State<AppState>,
    _: Session,
    Path(id): Path<i64>,
) -> Result<Response, ApiError> {
    let file = messages::source_file(&app, id).await?;
    file_response(
        &app,
        &file,
        "text/plain; charset=utf-8",
        disposition_header("inline", "message.eml"),
    )
    .await
}
