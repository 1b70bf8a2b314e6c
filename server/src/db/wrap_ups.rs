//! Wrap-ups as stored: one row per agent and interaction they post-process, with its
//! countdown, notes, disposition and version.

use sqlx::SqliteConnection;

use omni_protocol::WrapUp;

use crate::{error::ApiError, AppState};

#[derive(sqlx::FromRow)]
pub struct WrapUpRow {
    pub interaction_id: i64,
    pub agent_id: i64,
    pub started_at: i64,
    pub deadline: Option<i64>,
    pub mandatory_disposition: bool,
    pub notes: String,
    pub disposition_id: Option<i64>,
    pub keep_open: bool,
    pub version: i64,
}

impl From<WrapUpRow> for WrapUp {
    fn from(row: WrapUpRow) -> Self {
        WrapUp {
            interaction_id: row.interaction_id,
            started_at: row.started_at,
            deadline: row.deadline,
            mandatory_disposition: row.mandatory_disposition,
            notes: row.notes,
            disposition_id: row.disposition_id,
            version: row.version.max(0) as u64,
        }
    }
}

/// The columns of a [`WrapUpRow`].
pub const COLUMNS: &str =
    "interaction_id, agent_id, started_at, deadline, mandatory_disposition, notes, \
    disposition_id, keep_open, version";

/// `agent_id`'s wrap-up of the interaction, while it runs.
pub async fn open_row(
    app: &AppState,
    interaction_id: i64,
    agent_id: i64,
) -> Result<Option<WrapUpRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM wrap_ups WHERE interaction_id = ? AND agent_id = ? AND done_at IS NULL"
    )))
    .bind(interaction_id)
    .bind(agent_id)
    .fetch_optional(&app.db)
    .await
}

pub async fn open_of(app: &AppState, agent_id: i64) -> Result<Vec<WrapUp>, ApiError> {
    let rows: Vec<WrapUpRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM wrap_ups WHERE agent_id = ? AND done_at IS NULL ORDER BY started_at"
    )))
    .bind(agent_id)
    .fetch_all(&app.db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Stamps the wrap-up with `version` (the event announcing it) on `conn`; returns it.
pub async fn stamp(
    conn: &mut SqliteConnection,
    version: u64,
    interaction_id: i64,
    agent_id: i64,
) -> Result<WrapUpRow, ApiError> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE wrap_ups SET version = ? WHERE interaction_id = ? AND agent_id = ? RETURNING {COLUMNS}"
    )))
    .bind(version as i64)
    .bind(interaction_id)
    .bind(agent_id)
    .fetch_one(&mut *conn)
    .await?)
}

/// The interactions whose countdown runs for `agent_id`.
pub async fn running_countdowns(app: &AppState, agent_id: i64) -> Result<Vec<i64>, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT interaction_id FROM wrap_ups WHERE agent_id = ? AND done_at IS NULL AND deadline IS NOT NULL",
    )
    .bind(agent_id)
    .fetch_all(&app.db)
    .await?)
}

/// Stops the countdown of one wrap-up.
pub async fn clear_deadline(
    app: &AppState,
    interaction_id: i64,
    agent_id: i64,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE wrap_ups SET deadline = NULL WHERE interaction_id = ? AND agent_id = ?")
        .bind(interaction_id)
        .bind(agent_id)
        .execute(&app.db)
        .await?;
    Ok(())
}

/// A wrap-up starting at `now` (a new one, or the agent's earlier one of this interaction
/// begun again), on `conn` inside the caller's transaction.
pub async fn start(
    conn: &mut SqliteConnection,
    interaction_id: i64,
    agent_id: i64,
    now: i64,
    deadline: Option<i64>,
    mandatory_disposition: bool,
    keep_open: bool,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO wrap_ups (interaction_id, agent_id, started_at, deadline, mandatory_disposition, keep_open) \
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (interaction_id, agent_id) DO UPDATE SET \
         started_at = excluded.started_at, deadline = excluded.deadline, \
         mandatory_disposition = excluded.mandatory_disposition, keep_open = excluded.keep_open, \
         notes = '', disposition_id = NULL, done_at = NULL",
    )
    .bind(interaction_id)
    .bind(agent_id)
    .bind(now)
    .bind(deadline)
    .bind(mandatory_disposition)
    .bind(keep_open)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// How many wrap-ups of the interaction run (anyone's).
pub async fn running_of(app: &AppState, interaction_id: i64) -> Result<i64, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT count(*) FROM wrap_ups WHERE interaction_id = ? AND done_at IS NULL",
    )
    .bind(interaction_id)
    .fetch_one(&app.db)
    .await?)
}

/// Keeps the notes and disposition typed so far.
pub async fn save(
    app: &AppState,
    interaction_id: i64,
    agent_id: i64,
    notes: &str,
    disposition_id: Option<i64>,
) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE wrap_ups SET notes = ?, disposition_id = ? WHERE interaction_id = ? AND agent_id = ?",
    )
    .bind(notes)
    .bind(disposition_id)
    .bind(interaction_id)
    .bind(agent_id)
    .execute(&app.db)
    .await?;
    Ok(())
}

/// Ends the wrap-up at `now`, and concludes the interaction with its notes and disposition
/// when it still waits on this wrap-up (`state`, `closed_at`): one transaction. Returns
/// whether the interaction was concluded.
pub async fn finish(
    app: &AppState,
    row: &WrapUpRow,
    now: i64,
    state: &str,
    closed_at: Option<i64>,
) -> Result<bool, ApiError> {
    let mut tx = crate::db::write(&app.db).await?;
    sqlx::query("UPDATE wrap_ups SET done_at = ? WHERE interaction_id = ? AND agent_id = ?")
        .bind(now)
        .bind(row.interaction_id)
        .bind(row.agent_id)
        .execute(&mut *tx)
        .await?;
    let concluded = sqlx::query(
        "UPDATE interactions SET state = ?, closed_at = ?, notes = ?, disposition_id = ? \
         WHERE id = ? AND agent_id = ? AND state = 'wrap_up'",
    )
    .bind(state)
    .bind(closed_at)
    .bind(&row.notes)
    .bind(row.disposition_id)
    .bind(row.interaction_id)
    .bind(row.agent_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        > 0;
    tx.commit().await?;
    Ok(concluded)
}

/// Wrap-ups whose countdown ran out by `now`.
pub async fn due(app: &AppState, now: i64) -> Result<Vec<WrapUpRow>, ApiError> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM wrap_ups WHERE done_at IS NULL AND deadline IS NOT NULL AND deadline <= ?"
    )))
    .bind(now)
    .fetch_all(&app.db)
    .await?)
}

/// The earliest running countdown.
pub async fn next_deadline(app: &AppState) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT min(deadline) FROM wrap_ups WHERE done_at IS NULL")
        .fetch_one(&app.db)
        .await
}

/// Whether the agent owes a mandatory disposition (and so may not become Available).
pub async fn owes_disposition(app: &AppState, agent_id: i64) -> Result<bool, sqlx::Error> {
    let owed: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM wrap_ups WHERE agent_id = ? AND done_at IS NULL AND mandatory_disposition = 1 \
         AND disposition_id IS NULL",
    )
    .bind(agent_id)
    .fetch_one(&app.db)
    .await?;
    Ok(owed > 0)
}
