//! Offers: accept (idempotent, first wins) and reject, and what each does to the agent.

use omni_protocol::{AgentStatus, Channel, EventBody, InteractionSummary, Offer, WithdrawReason};

use crate::{
    clock::now_ms,
    db::offers as db_offers,
    error::ApiError,
    work::{pending_offers, status, summaries},
    AppState,
};

/// Offers `interaction_id` to `agent_id` and tells the agent. Caller holds the work lock.
pub async fn create(
    app: &AppState,
    interaction_id: i64,
    agent_id: i64,
    acceptance_seconds: i64,
) -> Result<Offer, ApiError> {
    let now = now_ms();
    let id = db_offers::insert(
        app,
        interaction_id,
        agent_id,
        now,
        now + acceptance_seconds.max(1) * 1000,
    )
    .await?;
    let row = pending_offers::offer_row(app, id)
        .await?
        .ok_or_else(|| ApiError::internal("offer vanished"))?;
    let offer = pending_offers::to_offer(app, &row).await?;
    app.events
        .publish(Some(agent_id), EventBody::OfferCreated(offer.clone()))
        .await?;
    Ok(offer)
}

/// After a reject or a miss: the interaction returns to its queue when nobody else holds an
/// offer for it, and the agent is paused (seed rules: email → Working Offline, chat → On Break).
pub async fn after_decline(
    app: &AppState,
    interaction_id: i64,
    agent_id: i64,
) -> Result<(), ApiError> {
    db_offers::requeue_if_unoffered(app, interaction_id).await?;
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
    let row = pending_offers::offer_row(app, offer_id)
        .await?
        .filter(|row| row.agent_id == agent_id);
    let Some(row) = row else {
        return Err(ApiError::not_found("No such offer for you."));
    };
    let now = now_ms();
    if row.state != "pending" || row.expires_at <= now {
        return Err(conflict_for(&row.state, row.expires_at <= now));
    }
    // The interaction, this offer and every other offer of it change together.
    let mut tx = crate::db::write(&app.db).await?;
    let Some(others) =
        db_offers::accept(&mut tx, offer_id, row.interaction_id, agent_id, now).await?
    else {
        tx.rollback().await?;
        pending_offers::close(app, offer_id, "withdrawn", WithdrawReason::TakenByOther).await?;
        return Err(conflict_for("withdrawn", false));
    };
    let mut withdrawn = Vec::with_capacity(others.len());
    for other in others {
        if pending_offers::close_row(&mut tx, other, "withdrawn").await? {
            withdrawn.push(other);
        }
    }
    tx.commit().await?;
    for other in withdrawn {
        pending_offers::tell_closed(app, other, WithdrawReason::TakenByOther).await?;
    }
    let summary = summaries::announce(app, row.interaction_id).await?;
    status::busy_after_accept(app, agent_id, summary.channel).await?;
    app.work.wake();
    Ok(summary)
}

/// The agent rejects offer `id` (if they may): it goes to someone else.
pub async fn reject(app: &AppState, agent_id: i64, id: i64) -> Result<(), ApiError> {
    let _guard = app.work.lock().await;
    let row = pending_offers::offer_row(app, id)
        .await?
        .filter(|row| row.agent_id == agent_id);
    let Some(row) = row else {
        return Err(ApiError::not_found("No such offer for you."));
    };
    let may_reject = crate::db::agents::may_reject(app, agent_id).await?;
    if !may_reject {
        return Err(ApiError::forbidden(
            "You are not permitted to reject offers. Accept it or let it pass.",
        ));
    }
    if !pending_offers::close(app, id, "rejected", WithdrawReason::Rejected).await? {
        return Err(conflict_for(&row.state, false));
    }
    after_decline(app, row.interaction_id, agent_id).await?;
    Ok(())
}
