//! Agents as stored: who they are, their status and "Stop new" (each stamped with the event
//! that announced it), permissions, settings, capacity; and the status list's custom pauses
//! and the sub-statuses they choose from.

use sqlx::SqliteConnection;

use crate::{error::ApiError, AppState};

#[derive(sqlx::FromRow)]
pub struct AgentRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub status: String,
    pub may_reject: bool,
    pub may_transfer: bool,
    pub may_edit_customers: bool,
    pub may_delete_customers: bool,
    pub settings: String,
    pub stop_new: bool,
    pub signature: String,
    pub version: i64,
}

pub async fn row(app: &AppState, agent_id: i64) -> Result<Option<AgentRow>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT id, username, display_name, role, status, may_reject, may_transfer, may_edit_customers, \
         may_delete_customers, settings, stop_new, signature, version FROM agents WHERE id = ?",
    )
    .bind(agent_id)
    .fetch_optional(&app.db)
    .await?)
}

/// Every active agent: (id, display name), by name.
pub async fn directory(app: &AppState) -> Result<Vec<(i64, String)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT id, display_name FROM agents WHERE active = 1 ORDER BY display_name COLLATE NOCASE, id",
    )
    .fetch_all(&app.db)
    .await?)
}

/// Sets "Stop new"; whether it changed.
pub async fn set_stop_new(app: &AppState, agent_id: i64, stop_new: bool) -> Result<bool, ApiError> {
    Ok(
        sqlx::query("UPDATE agents SET stop_new = ?1 WHERE id = ?2 AND stop_new <> ?1")
            .bind(stop_new)
            .bind(agent_id)
            .execute(&app.db)
            .await?
            .rows_affected()
            > 0,
    )
}

/// Stores the agent's settings (JSON).
pub async fn set_settings(app: &AppState, agent_id: i64, settings: &str) -> Result<(), ApiError> {
    sqlx::query("UPDATE agents SET settings = ? WHERE id = ?")
        .bind(settings)
        .bind(agent_id)
        .execute(&app.db)
        .await?;
    Ok(())
}

/// Stamps the agent with `version` on `conn`; returns "Stop new".
pub async fn stamp_stop_new(
    conn: &mut SqliteConnection,
    version: u64,
    agent_id: i64,
) -> Result<bool, ApiError> {
    Ok(
        sqlx::query_scalar("UPDATE agents SET version = ? WHERE id = ? RETURNING stop_new")
            .bind(version as i64)
            .bind(agent_id)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Sets the status (stored `key`) at `at`, starting the idle clock on Available; whether it
/// changed.
pub async fn set_status(
    app: &AppState,
    agent_id: i64,
    key: &str,
    at: i64,
) -> Result<bool, ApiError> {
    Ok(sqlx::query(
        "UPDATE agents SET status = ?1, status_changed_at = ?2, \
         idle_since = CASE WHEN ?1 = 'available' THEN ?2 ELSE idle_since END WHERE id = ?3 AND status <> ?1",
    )
    .bind(key)
    .bind(at)
    .bind(agent_id)
    .execute(&app.db)
    .await?
    .rows_affected()
        > 0)
}

/// Stamps the agent with `version` on `conn`; returns the status and when it changed.
pub async fn stamp_status(
    conn: &mut SqliteConnection,
    version: u64,
    agent_id: i64,
) -> Result<(String, i64), ApiError> {
    Ok(sqlx::query_as(
        "UPDATE agents SET version = ? WHERE id = ? RETURNING status, status_changed_at",
    )
    .bind(version as i64)
    .bind(agent_id)
    .fetch_one(&mut *conn)
    .await?)
}

/// The agent's status as stored.
pub async fn status_of(app: &AppState, agent_id: i64) -> Result<String, ApiError> {
    Ok(sqlx::query_scalar("SELECT status FROM agents WHERE id = ?")
        .bind(agent_id)
        .fetch_one(&app.db)
        .await?)
}

/// The custom pauses: (id, label), in their order.
pub async fn custom_statuses(app: &AppState) -> Result<Vec<(String, String)>, ApiError> {
    Ok(
        sqlx::query_as("SELECT id, label FROM custom_statuses ORDER BY position, id")
            .fetch_all(&app.db)
            .await?,
    )
}

/// The agent's capacity per channel: (channel, max).
pub async fn capacities(app: &AppState, agent_id: i64) -> Result<Vec<(String, i64)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT channel, max FROM agent_capacity WHERE agent_id = ? ORDER BY channel",
    )
    .bind(agent_id)
    .fetch_all(&app.db)
    .await?)
}

/// The sub-statuses an open interaction may carry, in their order.
pub async fn sub_statuses(app: &AppState) -> Result<Vec<String>, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT label FROM sub_statuses ORDER BY position")
            .fetch_all(&app.db)
            .await?,
    )
}

/// How many interactions of `channel` the agent has open (active or in wrap-up), and their
/// capacity for it (1 unless set).
pub async fn open_and_capacity(
    app: &AppState,
    agent_id: i64,
    channel: &str,
) -> Result<(i64, i64), ApiError> {
    Ok(sqlx::query_as(
        "SELECT (SELECT count(*) FROM interactions WHERE agent_id = ?1 AND channel = ?2 \
         AND state IN ('active', 'wrap_up')), \
         COALESCE((SELECT max FROM agent_capacity WHERE agent_id = ?1 AND channel = ?2), 1)",
    )
    .bind(agent_id)
    .bind(channel)
    .fetch_one(&app.db)
    .await?)
}

/// The agent's role and whether they may transfer.
pub async fn role_and_transfer(
    app: &AppState,
    agent_id: i64,
) -> Result<Option<(String, bool)>, ApiError> {
    Ok(
        sqlx::query_as("SELECT role, may_transfer FROM agents WHERE id = ?")
            .bind(agent_id)
            .fetch_optional(&app.db)
            .await?,
    )
}

/// Whether the agent may reject offers.
pub async fn may_reject(app: &AppState, agent_id: i64) -> Result<bool, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT may_reject FROM agents WHERE id = ?")
            .bind(agent_id)
            .fetch_one(&app.db)
            .await?,
    )
}

/// (id, password hash, active) of the agent signing in as `username`.
pub async fn credentials(
    app: &AppState,
    username: &str,
) -> Result<Option<(i64, String, bool)>, ApiError> {
    Ok(
        sqlx::query_as("SELECT id, password_hash, active FROM agents WHERE username = ?")
            .bind(username)
            .fetch_optional(&app.db)
            .await?,
    )
}

/// The name an agent's notes are signed with.
pub async fn display_name(app: &AppState, agent_id: i64) -> Result<String, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT display_name FROM agents WHERE id = ?")
            .bind(agent_id)
            .fetch_one(&app.db)
            .await?,
    )
}

/// How many agents of the queue are signed in and not Working Offline at `now`.
pub async fn logged_in_members(app: &AppState, queue_id: i64, now: i64) -> Result<i64, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT count(DISTINCT a.id) FROM agents a JOIN queue_members m ON m.agent_id = a.id \
         JOIN sessions s ON s.agent_id = a.id \
         WHERE m.queue_id = ? AND a.role = 'agent' AND a.status <> 'working_offline' AND s.revoked_at IS NULL \
         AND s.expires_at > ?",
    )
    .bind(queue_id)
    .bind(now)
    .fetch_one(&app.db)
    .await?)
}

/// Agents (not supervisors) signed in at `now` whose status is one of `statuses`, except
/// `me`: (id, display name), by name.
pub async fn online_except(
    app: &AppState,
    me: i64,
    statuses: [&str; 2],
    now: i64,
) -> Result<Vec<(i64, String)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT DISTINCT a.id, a.display_name FROM agents a JOIN sessions s ON s.agent_id = a.id \
         WHERE a.id <> ? AND a.role = 'agent' AND a.status IN (?, ?) AND s.revoked_at IS NULL AND s.expires_at > ? \
         ORDER BY a.display_name",
    )
    .bind(me)
    .bind(statuses[0])
    .bind(statuses[1])
    .bind(now)
    .fetch_all(&app.db)
    .await?)
}

/// Whether `label` is one of the sub-statuses.
pub async fn is_sub_status(app: &AppState, label: &str) -> Result<bool, ApiError> {
    let known: Option<String> =
        sqlx::query_scalar("SELECT label FROM sub_statuses WHERE label = ?")
            .bind(label)
            .fetch_optional(&app.db)
            .await?;
    Ok(known.is_some())
}

/// Every canned answer: (id, title, Markdown body), by title.
pub async fn canned_answers(app: &AppState) -> Result<Vec<(i64, String, String)>, ApiError> {
    Ok(
        sqlx::query_as("SELECT id, title, body FROM canned_answers ORDER BY title")
            .fetch_all(&app.db)
            .await?,
    )
}

/// Members of the queue who could take interaction `interaction_id` at `now`: signed in,
/// Available, not stopping new work, not considering an offer or wrapping up, under their
/// capacity for `channel`, and who have not declined it — longest idle first.
pub async fn eligible(
    app: &AppState,
    queue_id: i64,
    interaction_id: i64,
    channel: &str,
    now: i64,
) -> Result<Vec<i64>, ApiError> {
    sqlx::query_scalar(
        "SELECT a.id FROM agents a JOIN queue_members m ON m.agent_id = a.id AND m.queue_id = ? \
         WHERE a.active = 1 AND a.role = 'agent' AND a.status = 'available' AND a.stop_new = 0 \
           AND EXISTS (SELECT 1 FROM sessions s WHERE s.agent_id = a.id AND s.revoked_at IS NULL AND s.expires_at > ?) \
           AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.agent_id = a.id AND o.state = 'pending') \
           AND NOT EXISTS (SELECT 1 FROM wrap_ups w WHERE w.agent_id = a.id AND w.done_at IS NULL) \
           AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.agent_id = a.id AND o.interaction_id = ? \
                           AND o.state IN ('rejected', 'missed')) \
           AND (SELECT count(*) FROM interactions i WHERE i.agent_id = a.id AND i.channel = ? \
                AND i.state IN ('active', 'wrap_up')) \
               < COALESCE((SELECT c.max FROM agent_capacity c WHERE c.agent_id = a.id AND c.channel = ?), 1) \
         ORDER BY a.idle_since, a.id",
    )
    .bind(queue_id)
    .bind(now)
    .bind(interaction_id)
    .bind(channel)
    .bind(channel)
    .fetch_all(&app.db)
    .await
    .map_err(ApiError::from)
}
