//! Offers as stored: one row per interaction offered to one agent, pending until accepted,
//! rejected, missed or withdrawn; and the interaction's `offered` / `queued` state that
//! follows them.

use sqlx::SqliteConnection;

use crate::{clock::now_ms, error::ApiError, AppState};

#[derive(sqlx::FromRow)]
pub struct OfferRow {
    pub id: i64,
    pub interaction_id: i64,
    pub agent_id: i64,
    pub offered_at: i64,
    pub expires_at: i64,
    pub state: String,
}

const OFFER_COLUMNS: &str = "id, interaction_id, agent_id, offered_at, expires_at, state";

pub async fn offer_row(app: &AppState, id: i64) -> Result<Option<OfferRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {OFFER_COLUMNS} FROM offers WHERE id = ?"
    )))
    .bind(id)
    .fetch_optional(&app.db)
    .await
}

/// The agent's pending offers, oldest first.
pub async fn pending_of(app: &AppState, agent_id: i64) -> Result<Vec<OfferRow>, ApiError> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {OFFER_COLUMNS} FROM offers WHERE agent_id = ? AND state = 'pending' ORDER BY id"
    )))
    .bind(agent_id)
    .fetch_all(&app.db)
    .await?)
}

/// A pending offer of the interaction to `agent_id` until `expires_at`; returns its id.
pub async fn insert(
    app: &AppState,
    interaction_id: i64,
    agent_id: i64,
    offered_at: i64,
    expires_at: i64,
) -> Result<i64, ApiError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO offers (interaction_id, agent_id, offered_at, expires_at, state) VALUES (?, ?, ?, ?, 'pending') \
         RETURNING id",
    )
    .bind(interaction_id)
    .bind(agent_id)
    .bind(offered_at)
    .bind(expires_at)
    .fetch_one(&app.db)
    .await?)
}

/// Closes a pending offer as `state` on `conn`; false if it was no longer pending.
pub async fn close_row(
    conn: &mut SqliteConnection,
    offer_id: i64,
    state: &str,
) -> Result<bool, ApiError> {
    let updated = sqlx::query(
        "UPDATE offers SET state = ?, closed_at = ? WHERE id = ? AND state = 'pending'",
    )
    .bind(state)
    .bind(now_ms())
    .bind(offer_id)
    .execute(&mut *conn)
    .await?;
    Ok(updated.rows_affected() > 0)
}

/// The agent's pending offers: (offer, interaction).
pub async fn pending_pairs_of(app: &AppState, agent_id: i64) -> Result<Vec<(i64, i64)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT id, interaction_id FROM offers WHERE agent_id = ? AND state = 'pending'",
    )
    .bind(agent_id)
    .fetch_all(&app.db)
    .await?)
}

/// An offered interaction with no pending offer left waits in its queue again.
pub async fn requeue_if_unoffered(app: &AppState, interaction_id: i64) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE interactions SET state = 'queued' WHERE id = ? AND state = 'offered' \
         AND NOT EXISTS (SELECT 1 FROM offers WHERE interaction_id = ? AND state = 'pending')",
    )
    .bind(interaction_id)
    .bind(interaction_id)
    .execute(&app.db)
    .await?;
    Ok(())
}

/// The accept, on `conn` inside one transaction: the interaction becomes `agent_id`'s if it
/// is still offered (false: someone else took it), the offer is accepted, and the ids of the
/// interaction's other pending offers come back for closing.
pub async fn accept(
    conn: &mut SqliteConnection,
    offer_id: i64,
    interaction_id: i64,
    agent_id: i64,
    now: i64,
) -> Result<Option<Vec<i64>>, ApiError> {
    let taken = sqlx::query(
        "UPDATE interactions SET state = 'active', agent_id = ?, accepted_at = ? WHERE id = ? AND state = 'offered'",
    )
    .bind(agent_id)
    .bind(now)
    .bind(interaction_id)
    .execute(&mut *conn)
    .await?;
    if taken.rows_affected() == 0 {
        return Ok(None);
    }
    sqlx::query("UPDATE offers SET state = 'accepted', closed_at = ? WHERE id = ?")
        .bind(now)
        .bind(offer_id)
        .execute(&mut *conn)
        .await?;
    Ok(Some(
        sqlx::query_scalar(
            "SELECT id FROM offers WHERE interaction_id = ? AND state = 'pending' AND id <> ?",
        )
        .bind(interaction_id)
        .bind(offer_id)
        .fetch_all(&mut *conn)
        .await?,
    ))
}

/// When the next pending offer runs out.
pub async fn next_expiry(app: &AppState) -> Result<Option<i64>, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT min(expires_at) FROM offers WHERE state = 'pending'")
            .fetch_one(&app.db)
            .await?,
    )
}

/// Pending offers that ran out by `now`: (offer, interaction, agent).
pub async fn expired(app: &AppState, now: i64) -> Result<Vec<(i64, i64, i64)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT id, interaction_id, agent_id FROM offers WHERE state = 'pending' AND expires_at <= ?",
    )
    .bind(now)
    .fetch_all(&app.db)
    .await?)
}
