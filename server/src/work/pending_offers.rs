//! Offers (stored in `db::offers`): reading them, closing one (and telling its agent), and withdrawing an
//! agent's pending offers when they stop being Available. Below `work::offers` and
//! `work::status`, which both use it.

use omni_protocol::{EventBody, Offer, OfferWithdrawn, WithdrawReason};

use sqlx::SqliteConnection;

use crate::{db::offers as db_offers, error::ApiError, work::summaries, AppState};

pub use crate::db::offers::{offer_row, OfferRow};

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
    let rows = db_offers::pending_of(app, agent_id).await?;
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
    db_offers::close_row(conn, offer_id, state).await
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
    let pending = db_offers::pending_pairs_of(app, agent_id).await?;
    for (offer_id, interaction_id) in pending {
        if close(app, offer_id, "withdrawn", WithdrawReason::Cancelled).await? {
            db_offers::requeue_if_unoffered(app, interaction_id).await?;
        }
    }
    app.work.wake();
    Ok(())
}
