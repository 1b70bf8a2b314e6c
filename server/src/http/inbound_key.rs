//! `X-Inbound-Key`: what gateways, the simulator and tests show to post inbound contacts.

use axum::http::HeaderMap;

use crate::{error::ApiError, AppState};

/// Inbound posting is for holders of the configured key only.
pub fn check_inbound_key(app: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let given = headers.get("x-inbound-key").and_then(|v| v.to_str().ok());
    match app.config.inbound_key.as_deref() {
        Some(key) if given == Some(key) => Ok(()),
        Some(_) => Err(ApiError::forbidden(
            "A valid X-Inbound-Key is needed to post inbound contacts.",
        )),
        None => Err(ApiError::not_found(
            "Inbound posting is not enabled on this server.",
        )),
    }
}
