//! Serving a stored file: its type, how it is offered (inline or as a download), and a
//! policy under which it can never run as a page of ours.

use axum::{
    body::Body,
    http::{header, HeaderValue},
    response::Response,
};

use crate::{
    error::ApiError,
    work::messages::{file_path, shows_inline, StoredFile},
    AppState,
};

pub async fn file_response(
    app: &AppState,
    file: &str,
    content_type: &str,
    disposition: String,
) -> Result<Response, ApiError> {
    let bytes = tokio::fs::read(file_path(app, file))
        .await
        .map_err(|_| ApiError::not_found("The stored file is missing on the server."))?;
    let mut response = Response::new(Body::from(bytes));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // A downloaded file must never run as a page of ours.
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    Ok(response)
}

/// `Content-Disposition` for `filename`, with anything unsafe in a header replaced.
pub fn disposition_header(kind: &str, filename: &str) -> String {
    let safe: String = filename
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() && c != '"' && c != '\\' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{kind}; filename=\"{safe}\"")
}

/// A stored attachment or upload: raster images inline, anything else as a download.
pub async fn serve_stored(app: &AppState, stored: &StoredFile) -> Result<Response, ApiError> {
    let kind = if shows_inline(&stored.content_type) {
        "inline"
    } else {
        "attachment"
    };
    file_response(
        app,
        &stored.file,
        &stored.content_type,
        disposition_header(kind, &stored.filename),
    )
    .await
}
