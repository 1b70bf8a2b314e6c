//! `GET /interactions/{id}/transcript[?attachments=true]`: the whole thread as one HTML file
//! to download, which runs no script; streamed as it is written.

use axum::{
    body::Body,
    extract::State,
    http::{header, HeaderValue},
    response::Response,
    routing::get,
    Router,
};
use futures::StreamExt;
use serde::Deserialize;

use crate::{
    email::transcript,
    error::ApiError,
    http::extract::{Path, Query},
    http::session::Session,
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new().route("/interactions/{id}/transcript", get(download))
}

#[derive(Deserialize)]
struct TranscriptQuery {
    #[serde(default)]
    attachments: bool,
}

async fn download(
    State(app): State<AppState>,
    _: Session,
    Path(id): Path<i64>,
    Query(query): Query<TranscriptQuery>,
) -> Result<Response, ApiError> {
    let pieces = transcript::transcript(&app, id, query.attachments).await?;
    let pieces = pieces.map(|piece| {
        piece.map_err(|error| {
            tracing::warn!(?error, "transcript stopped part-way");
            std::io::Error::other(format!("{error:?}"))
        })
    });
    let mut response = Response::new(Body::from_stream(pieces));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    let filename = format!(
        "attachment; filename=\"transcript-{id}{}.html\"",
        if query.attachments { "-with-files" } else { "" }
    );
    if let Ok(value) = HeaderValue::from_str(&filename) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox",
        ),
    );
    Ok(response)
}
