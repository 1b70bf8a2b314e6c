//! Offers as stored: reading them, closing one (and telling its agent), and withdrawing an
//! agent's pending offers when they stop being Available. Below `work::offers` and
//! `work::status`, which both use it.

use omni_protocol::{EventBody, Offer, OfferWithdrawn, WithdrawReason};

use sqlx::SqliteConnection;

use crate::{clock::now_ms, error::ApiError, work::summaries, AppState};

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

pub async fn to_offer(app: &AppState, row: &OfferRow) -> Result<Offer, ApiError> {
    let interaction = summaries::summary(app, row.interaction_id).await?;
    Ok(Offer {
        id: row.id,
        waited_ms: (row.offered_at - interaction.created_at).max(0),
        interaction,
        offered_at: row.offered_at,
        expires_at: row.expires_at,
    })
}

pub async fn pending_for(app: &AppState, agent_id: i64) -> Result<Vec<Offer>, ApiError> {
    let rows: Vec<OfferRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {OFFER_COLUMNS} FROM offers WHERE agent_id = ? AND state = 'pending' ORDER BY id"
    )))
    .bind(agent_id)
    .fetch_all(&app.db)
    .await?;
    let mut offers = Vec::with_capacity(rows.len());
    for row in &rows {
        offers.push(to_offer(app, row).await?);
    }
    Ok(offers)
}

/// Closes a pending offer as `state` and tells its agent why. Returns false if it was no
/// longer pending.
pub async fn close(
    app: &AppState,
    offer_id: i64,
    state: &str,
    reason: WithdrawReason,
) -> Result<bool, ApiError> {
    let mut conn = app.db.acquire().await?;
    let closed = close_row(&mut conn, offer_id, state).await?;
    drop(conn);
    if closed {
        tell_closed(app, offer_id, reason).await?;
    }
    Ok(closed)
}

/// The row of [`close`] on `conn` (inside the caller's transaction); false if the offer was
/// no longer pending. The caller tells the agent after its commit ([`tell_closed`]).
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

/// Tells the offer's agent that it is gone, and why.
pub async fn tell_closed(
    app: &AppState,
    offer_id: i64,
    reason: WithdrawReason,
) -> Result<(), ApiError> {
    if let Some(row) = offer_row(app, offer_id).await? {
        let withdrawn = OfferWithdrawn {
            offer_id,
            interaction_id: row.interaction_id,
            reason,
        };
        app.events
            .publish(Some(row.agent_id), EventBody::OfferWithdrawn(withdrawn))
            .await?;
    }
    Ok(())
}

/// Withdraws the agent's pending offers (they stopped being Available); their interactions
/// go back to the queue for someone else.
pub async fn withdraw_pending_of(app: &AppState, agent_id: i64) -> Result<(), ApiError> {
    let pending: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT id, interaction_id FROM offers WHERE agent_id = ? AND state = 'pending'",
    )
    .bind(agent_id)
    .fetch_all(&app.db)
    .await?;
    for (offer_id, interaction_id) in pending {
        if close(app, offer_id, "withdrawn", WithdrawReason::Cancelled).await? {
            sqlx::query(
                "UPDATE interactions SET state = 'queued' WHERE id = ? AND state = 'offered' \
                 AND NOT EXISTS (SELECT 1 FROM offers WHERE interaction_id = ? AND state = 'pending')",
            )
            .bind(interaction_id)
            .bind(interaction_id)
            .execute(&app.db)
            .await?;
        }
    }
    app.work.wake();
    Ok(())
}
