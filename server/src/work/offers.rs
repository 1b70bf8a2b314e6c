//! Offers: accept (idempotent, first wins) and reject, and what each does to the agent.

use omni_protocol::{
    AgentStatus, Channel, EventBody, InteractionSummary, Offer, OfferWithdrawn, WithdrawReason,
};

use crate::{clock::now_ms, error::ApiError, work::status, work::summaries, AppState};

#[derive(sqlx::FromRow)]
struct OfferRow {
    id: i64,
    interaction_id: i64,
    agent_id: i64,
    offered_at: i64,
    expires_at: i64,
    state: String,
}

const OFFER_COLUMNS: &str = "id, interaction_id, agent_id, offered_at, expires_at, state";

async fn offer_row(app: &AppState, id: i64) -> Result<Option<OfferRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {OFFER_COLUMNS} FROM offers WHERE id = ?"
    )))
    .bind(id)
    .fetch_optional(&app.db)
    .await
}

async fn to_offer(app: &AppState, row: &OfferRow) -> Result<Offer, ApiError> {
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

/// Offers `interaction_id` to `agent_id` and tells the agent. Caller holds the work lock.
pub async fn create(
    app: &AppState,
    interaction_id: i64,
    agent_id: i64,
    acceptance_seconds: i64,
) -> Result<Offer, ApiError> {
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO offers (interaction_id, agent_id, offered_at, expires_at, state) VALUES (?, ?, ?, ?, 'pending') \
         RETURNING id",
    )
    .bind(interaction_id)
    .bind(agent_id)
    .bind(now)
    .bind(now + acceptance_seconds.max(1) * 1000)
    .fetch_one(&app.db)
    .await?;
    let row = offer_row(app, id)
        .await?
        .ok_or_else(|| ApiError::internal("offer vanished"))?;
    let offer = to_offer(app, &row).await?;
    app.events
        .publish(Some(agent_id), EventBody::OfferCreated(offer.clone()))
        .await?;
    Ok(offer)
}

/// Closes a pending offer as `state` and tells its agent why. Returns false if it was no
/// longer pending.
pub async fn close(
    app: &AppState,
    offer_id: i64,
    state: &str,
    reason: WithdrawReason,
) -> Result<bool, ApiError> {
    let updated = sqlx::query(
        "UPDATE offers SET state = ?, closed_at = ? WHERE id = ? AND state = 'pending'",
    )
    .bind(state)
    .bind(now_ms())
    .bind(offer_id)
    .execute(&app.db)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
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
    Ok(true)
}

/// After a reject or a miss: the interaction returns to its queue when nobody else holds an
/// offer for it, and the agent is paused (seed rules: email → Working Offline, chat → On Break).
pub async fn after_decline(
    app: &AppState,
    interaction_id: i64,
    agent_id: i64,
) -> Result<(), ApiError> {
    let still_offered: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM offers WHERE interaction_id = ? AND state = 'pending'",
    )
    .bind(interaction_id)
    .fetch_one(&app.db)
    .await?;
    if still_offered == 0 {
        sqlx::query("UPDATE interactions SET state = 'queued' WHERE id = ? AND state = 'offered'")
            .bind(interaction_id)
            .execute(&app.db)
            .await?;
    }
    let channel = summaries::summary(app, interaction_id).await?.channel;
    let paused = match channel {
        Channel::Email => AgentStatus::WorkingOffline,
        Channel::Chat => AgentStatus::OnBreak,
    };
    status::change_status(app, agent_id, paused).await?;
    app.work.wake();
    Ok(())
}

fn conflict_for(state: &str, expired: bool) -> ApiError {
    ApiError::conflict(match state {
        "withdrawn" => "Another agent accepted this interaction first.",
        "rejected" => "You rejected this offer.",
        "missed" => "This offer expired before you accepted it.",
        _ if expired => "This offer expired before you accepted it.",
        _ => "This offer is no longer open.",
    })
}

/// The first accept of an interaction wins; every other offer of it is withdrawn. The caller
/// holds the work lock.
pub async fn accept_offer(
    app: &AppState,
    agent_id: i64,
    offer_id: i64,
) -> Result<InteractionSummary, ApiError> {
    let row = offer_row(app, offer_id)
        .await?
        .filter(|row| row.agent_id == agent_id);
    let Some(row) = row else {
        return Err(ApiError::not_found("No such offer for you."));
    };
    let now = now_ms();
    if row.state != "pending" || row.expires_at <= now {
        return Err(conflict_for(&row.state, row.expires_at <= now));
    }
    let taken = sqlx::query(
        "UPDATE interactions SET state = 'active', agent_id = ?, accepted_at = ? WHERE id = ? AND state = 'offered'",
    )
    .bind(agent_id)
    .bind(now)
    .bind(row.interaction_id)
    .execute(&app.db)
    .await?;
    if taken.rows_affected() == 0 {
        close(app, offer_id, "withdrawn", WithdrawReason::TakenByOther).await?;
        return Err(conflict_for("withdrawn", false));
    }
    sqlx::query("UPDATE offers SET state = 'accepted', closed_at = ? WHERE id = ?")
        .bind(now)
        .bind(offer_id)
        .execute(&app.db)
        .await?;
    let others: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM offers WHERE interaction_id = ? AND state = 'pending' AND id <> ?",
    )
    .bind(row.interaction_id)
    .bind(offer_id)
    .fetch_all(&app.db)
    .await?;
    for other in others {
        close(app, other, "withdrawn", WithdrawReason::TakenByOther).await?;
    }
    let summary = summaries::announce(app, row.interaction_id).await?;
    status::busy_after_accept(app, agent_id, summary.channel).await?;
    app.work.wake();
    Ok(summary)
}

/// The agent rejects offer `id` (if they may): it goes to someone else.
pub async fn reject(app: &AppState, agent_id: i64, id: i64) -> Result<(), ApiError> {
    let _guard = app.work.lock().await;
    let row = offer_row(app, id)
        .await?
        .filter(|row| row.agent_id == agent_id);
    let Some(row) = row else {
        return Err(ApiError::not_found("No such offer for you."));
    };
    let may_reject: bool = sqlx::query_scalar("SELECT may_reject FROM agents WHERE id = ?")
        .bind(agent_id)
        .fetch_one(&app.db)
        .await?;
    if !may_reject {
        return Err(ApiError::forbidden(
            "You are not permitted to reject offers. Accept it or let it pass.",
        ));
    }
    if !close(app, id, "rejected", WithdrawReason::Rejected).await? {
        return Err(conflict_for(&row.state, false));
    }
    after_decline(app, row.interaction_id, agent_id).await?;
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
