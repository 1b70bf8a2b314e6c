//! Sessions: one row per bearer token (its SHA-256 only), until it expires or is revoked.

use crate::{clock::now_ms, error::ApiError, AppState};

/// The agent of a live session (not revoked, not expired), and whether their account is
/// active.
pub async fn agent_of(app: &AppState, token_hash: &str) -> Result<Option<(i64, bool)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT agents.id, agents.active FROM sessions JOIN agents ON agents.id = sessions.agent_id \
         WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?",
    )
    .bind(token_hash)
    .bind(now_ms())
    .fetch_optional(&app.db)
    .await?)
}

/// Whether the session may still be used.
pub async fn is_live(app: &AppState, token_hash: &str) -> Result<bool, sqlx::Error> {
    let live: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM sessions WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?",
    )
    .bind(token_hash)
    .bind(now_ms())
    .fetch_optional(&app.db)
    .await?;
    Ok(live.is_some())
}

/// A new session of `agent_id` until `expires_at`.
pub async fn open(
    app: &AppState,
    token_hash: &str,
    agent_id: i64,
    expires_at: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, agent_id, created_at, expires_at) VALUES (?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(agent_id)
    .bind(now_ms())
    .bind(expires_at)
    .execute(&app.db)
    .await?;
    Ok(())
}

/// Ends the session (sign-out).
pub async fn revoke(app: &AppState, token_hash: &str) -> Result<(), ApiError> {
    sqlx::query("UPDATE sessions SET revoked_at = ? WHERE token_hash = ?")
        .bind(now_ms())
        .bind(token_hash)
        .execute(&app.db)
        .await?;
    Ok(())
}
