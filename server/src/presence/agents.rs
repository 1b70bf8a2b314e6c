//! The signed-in agent: profile, presence status and "Stop new" as stored and announced
//! (what a status change does to their work is in `work::status`).

use omni_protocol::{
    AgentProfile, AgentRef, AgentSettings, AgentStatus, Channel, ChannelCapacity, EventBody,
    Permissions, Role, StatusChanged, StatusOption, StopNewChanged, StopNewRequest,
};

use crate::{clock::now_ms, db::agents as db_agents, error::ApiError, AppState};

/// Every active agent by name, for filters.
pub async fn directory(app: &AppState) -> Result<Vec<AgentRef>, ApiError> {
    let rows = db_agents::directory(app).await?;
    Ok(rows
        .into_iter()
        .map(|(id, display_name)| AgentRef { id, display_name })
        .collect())
}

/// The agent's own settings (profile preferences such as "search as I type").
pub async fn set_settings(
    app: &AppState,
    agent_id: i64,
    settings: &AgentSettings,
) -> Result<AgentProfile, ApiError> {
    let json = serde_json::to_string(settings).map_err(ApiError::internal)?;
    db_agents::set_settings(app, agent_id, &json).await?;
    // The agent's other tabs follow at once.
    app.events
        .publish(Some(agent_id), EventBody::SettingsChanged(settings.clone()))
        .await?;
    profile(app, agent_id).await
}

/// "Stop new": no new offers while the agent finishes what they have.
pub async fn set_stop_new(
    app: &AppState,
    agent_id: i64,
    request: &StopNewRequest,
) -> Result<AgentProfile, ApiError> {
    let _guard = app.work.lock().await;
    let changed = db_agents::set_stop_new(app, agent_id, request.stop_new).await?;
    if changed {
        app.events
            .publish_read(
                Some(agent_id),
                "stop_new_changed",
                Box::new(move |conn, version| {
                    Box::pin(async move {
                        let stop_new = db_agents::stamp_stop_new(conn, version, agent_id).await?;
                        Ok(EventBody::StopNewChanged(StopNewChanged {
                            agent_id,
                            stop_new,
                            version,
                        })
                        .into())
                    })
                }),
            )
            .await?;
        app.work.wake();
    }
    profile(app, agent_id).await
}

/// Sets an agent's status and tells every session of that agent; answers whether it
/// changed. What a change does to the agent's work is `work::status`'s business.
pub async fn record_status(
    app: &AppState,
    agent_id: i64,
    status: &AgentStatus,
) -> Result<bool, ApiError> {
    let changed_at = now_ms();
    let changed = db_agents::set_status(app, agent_id, &status.key(), changed_at).await?;
    if !changed {
        return Ok(false);
    }
    app.events
        .publish_read(
            Some(agent_id),
            "status_changed",
            Box::new(move |conn, version| {
                Box::pin(async move {
                    let (key, changed_at) =
                        db_agents::stamp_status(conn, version, agent_id).await?;
                    Ok(EventBody::StatusChanged(StatusChanged {
                        agent_id,
                        status: AgentStatus::from_key(&key).unwrap_or(AgentStatus::WorkingOffline),
                        changed_at,
                        version,
                    })
                    .into())
                })
            }),
        )
        .await?;
    Ok(true)
}

/// Built-in statuses first, then the custom pauses in their configured order.
pub async fn status_options(app: &AppState) -> Result<Vec<StatusOption>, ApiError> {
    let builtin = [
        AgentStatus::Available,
        AgentStatus::Busy,
        AgentStatus::WorkingOffline,
        AgentStatus::OnBreak,
    ]
    .into_iter()
    .map(|status| StatusOption {
        label: status.builtin_label().unwrap_or_default().to_owned(),
        status,
    });
    let custom: Vec<(String, String)> = db_agents::custom_statuses(app).await?;
    let custom = custom.into_iter().map(|(id, label)| StatusOption {
        status: AgentStatus::Custom { id },
        label,
    });
    Ok(builtin.chain(custom).collect())
}

pub async fn profile(app: &AppState, agent_id: i64) -> Result<AgentProfile, ApiError> {
    // Read the log head first: whatever happens after it reaches the client by the stream.
    let last_event_id = app.events.head().await?;
    let row = db_agents::row(app, agent_id)
        .await?
        .ok_or_else(|| ApiError::not_found("This agent no longer exists."))?;
    let capacity = db_agents::capacities(app, agent_id).await?;
    Ok(AgentProfile {
        id: row.id,
        username: row.username,
        display_name: row.display_name,
        role: role_of(&row.role),
        status: AgentStatus::from_key(&row.status).unwrap_or(AgentStatus::WorkingOffline),
        statuses: status_options(app).await?,
        permissions: Permissions {
            may_reject: row.may_reject,
            may_transfer: row.may_transfer,
            may_edit_customers: row.may_edit_customers,
            may_delete_customers: row.may_delete_customers,
        },
        settings: serde_json::from_str::<AgentSettings>(&row.settings).unwrap_or_default(),
        capacity: capacity
            .into_iter()
            .filter_map(|(channel, max)| {
                Some(ChannelCapacity {
                    channel: Channel::parse(&channel)?,
                    max: max.max(0) as u32,
                })
            })
            .collect(),
        stop_new: row.stop_new,
        signature: row.signature,
        sub_statuses: db_agents::sub_statuses(app).await?,
        last_event_id,
        version: row.version.max(0) as u64,
    })
}

/// How many interactions of `channel` the agent has open (active or in wrap-up), and how
/// many they may have at once (1 unless their capacity says otherwise).
pub async fn open_and_capacity(
    app: &AppState,
    agent_id: i64,
    channel: omni_protocol::Channel,
) -> Result<(i64, i64), ApiError> {
    db_agents::open_and_capacity(app, agent_id, channel.as_str()).await
}

/// The role as stored (`agents.role`).
pub fn role_of(stored: &str) -> Role {
    match stored {
        "supervisor" => Role::Supervisor,
        _ => Role::Agent,
    }
}
