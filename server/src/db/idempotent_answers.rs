//! The first answer to each keyed request, per agent and `Idempotency-Key`.

use crate::{clock::now_ms, error::ApiError, AppState};

/// The request, status and body first answered for this agent's key.
pub async fn stored(
    app: &AppState,
    agent_id: i64,
    key: &str,
) -> Result<Option<(String, i64, String)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT request, status, body FROM idempotent_answers WHERE agent_id = ? AND key = ?",
    )
    .bind(agent_id)
    .bind(key)
    .fetch_optional(&app.db)
    .await?)
}

/// Keeps the first answer to this key (a later one with the same key changes nothing).
pub async fn keep(
    app: &AppState,
    agent_id: i64,
    key: &str,
    request: &str,
    status: u16,
    body: &str,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT OR IGNORE INTO idempotent_answers (agent_id, key, request, status, body, created_at) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(agent_id)
    .bind(key)
    .bind(request)
    .bind(i64::from(status))
    .bind(body)
    .bind(now_ms())
    .execute(&app.db)
    .await?;
    Ok(())
}
