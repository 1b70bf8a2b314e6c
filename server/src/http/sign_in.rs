//! `POST /sign-in` opens a session; `DELETE /sign-in` ends the caller's.

use std::net::SocketAddr;

use axum::{
    extract::{ConnectInfo, State},
    http::StatusCode,
    routing::post,
    Extension, Json, Router,
};
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
    client: Option<Extension<ConnectInfo<SocketAddr>>>,
    ApiJson(request): ApiJson<SignInRequest>,
) -> Result<(StatusCode, Json<SignInResponse>), ApiError> {
    // The connection loop (http/serve.rs) tells where the request came from.
    let client = client.map(|Extension(ConnectInfo(address))| address.ip());
    let signed_in = auth::sign_in(&app, &request, client).await?;
    Ok((StatusCode::CREATED, Json(signed_in)))
}

async fn sign_out(State(app): State<AppState>, session: Session) -> Result<StatusCode, ApiError> {
    auth::sign_out(&app, &session.token_hash).await?;
    Ok(StatusCode::NO_CONTENT)
}
