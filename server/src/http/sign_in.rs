//! `POST /sign-in` opens a session; `DELETE /sign-in` ends the caller's.

use axum::{extract::State, http::StatusCode, routing::post, Json, Router};
use omni_protocol::{paths, SignInRequest, SignInResponse};

use crate::{
    error::ApiError,
    http::{error_body::ApiJson, session::Session},
    presence::auth,
    AppState,
};

pub fn routes() -> Router<AppState> {
    let path = paths::SIGN_IN.trim_start_matches("/api/v1");
    Router::new().route(path, post(sign_in).delete(sign_out))
}

async fn sign_in(
    State(app): State<AppState>,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<(StatusCode, Json<SignInResponse>), ApiError> {
    let signed_in = auth::sign_in(&app, &request).await?;
    Ok((StatusCode::CREATED, Json(signed_in)))
}

async fn sign_out(State(app): State<AppState>, session: Session) -> Result<StatusCode, ApiError> {
    auth::sign_out(&app, &session.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}
