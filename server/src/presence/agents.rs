//! The signed-in agent: profile, presence status and "Stop new" as stored and announced
//! (what a status change does to their work is in `work::status`).

use omni_protocol::{
    AgentProfile, AgentRef, AgentSettings, AgentStatus, Channel, ChannelCapacity, EventBody,
    Permissions, Role, StatusChanged, StatusOption, StopNewChanged, StopNewRequest,
};

use crate::{clock::now_ms, error::ApiError, AppState};

/// Every active agent by name, for filters.
pub async fn directory(app: &AppState) -> Result<Vec<AgentRef>, ApiError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, display_name FROM agents WHERE active = 1 ORDER BY display_name COLLATE NOCASE, id",
    )
    .fetch_all(&app.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, display_name)| AgentRef { id, display_name })
        .collect())
}

/// "Stop new": no new offers while the agent finishes what they have.
pub async fn set_stop_new(
    app: &AppState,
    agent_id: i64,
    request: &StopNewRequest,
) -> Result<AgentProfile, ApiError> {
    let _guard = app.work.lock().await;
    let updated = sqlx::query("UPDATE agents SET stop_new = ?1 WHERE id = ?2 AND stop_new <> ?1")
        .bind(request.stop_new)
        .bind(agent_id)
        .execute(&app.db)
        .await?;
    if updated.rows_affected() > 0 {
        app.events
            .publish_read(
                Some(agent_id),
                "stop_new_changed",
                Box::new(move |conn, version| {
                    Box::pin(async move {
                        let stop_new: bool = sqlx::query_scalar(
                            "UPDATE agents SET version = ? WHERE id = ? RETURNING stop_new",
                        )
                        .bind(version as i64)
                        .bind(agent_id)
                        .fetch_one(&mut *conn)
                        .await?;
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
    let updated = sqlx::query(
        "UPDATE agents SET status = ?1, status_changed_at = ?2, \
         idle_since = CASE WHEN ?1 = 'available' THEN ?2 ELSE idle_since END WHERE id = ?3 AND status <> ?1",
    )
    .bind(status.key())
    .bind(changed_at)
    .bind(agent_id)
    .execute(&app.db)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(false);
    }
    app.events
        .publish_read(
            Some(agent_id),
            "status_changed",
            Box::new(move |conn, version| {
                Box::pin(async move {
                    let (key, changed_at): (String, i64) = sqlx::query_as(
                        "UPDATE agents SET version = ? WHERE id = ? RETURNING status, status_changed_at",
                    )
                    .bind(version as i64)
                    .bind(agent_id)
                    .fetch_one(&mut *conn)
                    .await?;
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
    let custom: Vec<(String, String)> =
        sqlx::query_as("SELECT id, label FROM custom_statuses ORDER BY position, id")
            .fetch_all(&app.db)
            .await?;
    let custom = custom.into_iter().map(|(id, label)| StatusOption {
        status: AgentStatus::Custom { id },
        label,
    });
    Ok(builtin.chain(custom).collect())
}

#[derive(sqlx::FromRow)]
struct AgentRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    status: String,
    may_reject: bool,
    may_transfer: bool,
    may_edit_customers: bool,
    may_delete_customers: bool,
    settings: String,
    stop_new: bool,
    signature: String,
    version: i64,
}

pub async fn profile(app: &AppState, agent_id: i64) -> Result<AgentProfile, ApiError> {
    // Read the log head first: whatever happens after it reaches the client by the stream.
    let last_event_id = app.events.head().await?;
    let row: AgentRow = sqlx::query_as(
        "SELECT id, username, display_name, role, status, may_reject, may_transfer, may_edit_customers, \
         may_delete_customers, settings, stop_new, signature, version FROM agents WHERE id = ?",
    )
    .bind(agent_id)
    .fetch_optional(&app.db)
    .await?
    .ok_or_else(|| ApiError::not_found("This agent no longer exists."))?;
    let capacity: Vec<(String, i64)> = sqlx::query_as(
        "SELECT channel, max FROM agent_capacity WHERE agent_id = ? ORDER BY channel",
    )
    .bind(agent_id)
    .fetch_all(&app.db)
    .await?;
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
        sub_statuses: sqlx::query_scalar("SELECT label FROM sub_statuses ORDER BY position")
            .fetch_all(&app.db)
            .await?,
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
    Ok(sqlx::query_as(
        "SELECT (SELECT count(*) FROM interactions WHERE agent_id = ?1 AND channel = ?2 \
         AND state IN ('active', 'wrap_up')), \
         COALESCE((SELECT max FROM agent_capacity WHERE agent_id = ?1 AND channel = ?2), 1)",
    )
    .bind(agent_id)
    .bind(channel.as_str())
    .fetch_one(&app.db)
    .await?)
}

/// The role as stored (`agents.role`).
pub fn role_of(stored: &str) -> Role {
    match stored {
        "supervisor" => Role::Supervisor,
        _ => Role::Agent,
    }
}
