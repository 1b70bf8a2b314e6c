//! Delivery jobs: one per outbound email from the transaction that stores it until the
//! transport took it, with its wire bytes and envelope, tries so far, when the next is due,
//! and who is sending it now (`claimed_at`). The outcome of each try is noted on the message.

use sqlx::SqliteConnection;

use crate::{error::ApiError, AppState};

/// A job as a sender takes it.
#[derive(sqlx::FromRow)]
pub struct Job {
    pub message_id: i64,
    pub envelope_from: Option<String>,
    /// JSON array of addresses.
    pub envelope_to: String,
    pub wire: Vec<u8>,
    pub wire_message_id: String,
    pub attempts: i64,
}

const JOB_COLUMNS: &str = "message_id, envelope_from, envelope_to, wire, wire_message_id, attempts";

/// A new job, due at `due_at`, on `conn` inside the transaction that stores the message.
pub async fn insert(
    conn: &mut SqliteConnection,
    message_id: i64,
    envelope_from: Option<String>,
    envelope_to: &str,
    wire: &[u8],
    wire_message_id: &str,
    due_at: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO delivery_jobs (message_id, envelope_from, envelope_to, wire, wire_message_id, \
         attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
    )
    .bind(message_id)
    .bind(envelope_from)
    .bind(envelope_to)
    .bind(wire)
    .bind(wire_message_id)
    .bind(due_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Takes the message's job if it is due at `now` and nobody sends it (or their claim is
/// older than `lease_ms`): one sender per job.
pub async fn claim(
    app: &AppState,
    message_id: i64,
    now: i64,
    lease_ms: i64,
) -> Result<Option<Job>, ApiError> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE delivery_jobs SET claimed_at = ?1 WHERE message_id = ?2 \
         AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?1 \
         AND (claimed_at IS NULL OR claimed_at < ?1 - ?3) RETURNING {JOB_COLUMNS}"
    )))
    .bind(now)
    .bind(message_id)
    .bind(lease_ms)
    .fetch_optional(&app.db)
    .await?)
}

/// The messages whose jobs are due at `now`, soonest first.
pub async fn due(app: &AppState, now: i64) -> Result<Vec<i64>, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT message_id FROM delivery_jobs WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ? \
         ORDER BY next_attempt_at, message_id",
    )
    .bind(now)
    .fetch_all(&app.db)
    .await?)
}

/// Notes a try's outcome in one transaction: delivered at `at` (the job is done), or failed
/// with `failure` (`attempts` so far, the next try `next`, none after the last).
pub async fn record(
    app: &AppState,
    message_id: i64,
    at: i64,
    failure: Option<(&str, i64, Option<i64>)>,
) -> Result<(), ApiError> {
    let mut tx = crate::db::write(&app.db).await?;
    match failure {
        None => {
            sqlx::query("DELETE FROM delivery_jobs WHERE message_id = ?")
                .bind(message_id)
                .execute(&mut *tx)
                .await?;
        }
        Some((_, attempts, next)) => {
            sqlx::query(
                "UPDATE delivery_jobs SET attempts = ?, next_attempt_at = ?, claimed_at = NULL \
                 WHERE message_id = ?",
            )
            .bind(attempts)
            .bind(next)
            .bind(message_id)
            .execute(&mut *tx)
            .await?;
        }
    }
    sqlx::query("UPDATE messages SET delivered_at = ?, delivery_error = ? WHERE id = ?")
        .bind(failure.is_none().then_some(at))
        .bind(failure.map(|(reason, _, _)| reason))
        .bind(message_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Frees every claim (at start-up, when no sender is running); returns how many.
pub async fn release_claims(app: &AppState) -> Result<u64, ApiError> {
    Ok(
        sqlx::query("UPDATE delivery_jobs SET claimed_at = NULL WHERE claimed_at IS NOT NULL")
            .execute(&app.db)
            .await?
            .rows_affected(),
    )
}
