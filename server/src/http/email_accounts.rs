//! `GET /email-accounts`: the accounts the caller may send from.

use axum::{extract::State, routing::get, Json, Router};
use omni_protocol::EmailAccount;

use crate::{email::email_accounts, error::ApiError, http::session::Session, AppState};

pub fn routes() -> Router<AppState> {
    Router::new().route("/email-accounts", get(mine))
}

async fn mine(
    State(app): State<AppState>,
    session: Session,
) -> Result<Json<Vec<EmailAccount>>, ApiError> {
    Ok(Json(
        email_accounts::of_agent(&app, session.agent_id).await?,
    ))
}
