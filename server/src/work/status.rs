//! An agent's status as their work moves it: what a change does (leaving Available withdraws
//! pending offers, Working Offline stops wrap-up countdowns), the status an agent chooses,
//! accept → Busy and done → Available.

use omni_protocol::{AgentProfile, AgentStatus, Channel, SetStatusRequest};

use crate::{
    error::ApiError,
    presence::agents,
    work::{pending_offers, wrap_ups},
    AppState,
};

/// Sets an agent's status and tells every session of that agent. The one way status
/// changes. The caller holds the work lock: leaving Available withdraws pending offers,
/// Working Offline stops wrap-up countdowns, Available starts the idle clock.
pub async fn change_status(
    app: &AppState,
    agent_id: i64,
    status: AgentStatus,
) -> Result<(), ApiError> {
    if !agents::record_status(app, agent_id, &status).await? {
        return Ok(());
    }
    if status != AgentStatus::Available {
        pending_offers::withdraw_pending_of(app, agent_id).await?;
    }
    if status == AgentStatus::WorkingOffline {
        wrap_ups::stop_countdowns(app, agent_id).await?;
    }
    app.work.wake();
    Ok(())
}

/// The agent chooses a status: one the status list still offers, and not Available while a
/// disposition is owed.
pub async fn choose_status(
    app: &AppState,
    agent_id: i64,
    request: &SetStatusRequest,
) -> Result<AgentProfile, ApiError> {
    let options = agents::status_options(app).await?;
    if !options.iter().any(|option| option.status == request.status) {
        let shown = match &request.status {
            AgentStatus::Custom { id } => id.clone(),
            other => other.key(),
        };
        return Err(ApiError::validation(
            "status",
            format!("\"{shown}\" is not a status you can choose any more."),
        ));
    }
    let _guard = app.work.lock().await;
    if request.status == AgentStatus::Available && wrap_ups::owes_disposition(app, agent_id).await?
    {
        return Err(ApiError::conflict(
            "Choose a disposition and wrap up before you become Available.",
        ));
    }
    change_status(app, agent_id, request.status.clone()).await?;
    agents::profile(app, agent_id).await
}

/// Accepting an email makes the agent Busy; a chat only when it fills their capacity.
pub async fn busy_after_accept(
    app: &AppState,
    agent_id: i64,
    channel: Channel,
) -> Result<(), ApiError> {
    let full = match channel {
        Channel::Email => true,
        Channel::Chat => {
            let (open, max) = agents::open_and_capacity(app, agent_id, channel).await?;
            open >= max
        }
    };
    if full {
        change_status(app, agent_id, AgentStatus::Busy).await?;
    }
    Ok(())
}

/// After an interaction closes (or its wrap-up ends) a Busy agent is Available again; an
/// agent who chose another status (e.g. Working Offline for more time) keeps it.
pub async fn free_after_work(app: &AppState, agent_id: i64) -> Result<(), ApiError> {
    let status = crate::db::agents::status_of(app, agent_id).await?;
    if status == AgentStatus::Busy.key() && !wrap_ups::owes_disposition(app, agent_id).await? {
        change_status(app, agent_id, AgentStatus::Available).await?;
    }
    app.work.wake();
    Ok(())
}
