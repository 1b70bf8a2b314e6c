//! Wrap-ups as stored: reading them, announcing a change, stopping an agent's countdowns,
//! and whether a disposition is owed. Below `work::wrapup` and `work::status`, which both
//! use it.

use omni_protocol::{EventBody, WrapUp};

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

pub async fn announce(
    app: &AppState,
    interaction_id: i64,
    agent_id: i64,
) -> Result<Option<WrapUp>, ApiError> {
    if open_row(app, interaction_id, agent_id).await?.is_none() {
        return Ok(None);
    }
    let published = app
        .events
        .publish_read(
            Some(agent_id),
            "wrap_up_changed",
            Box::new(move |conn, version| {
                Box::pin(async move {
                    let row: WrapUpRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                        "UPDATE wrap_ups SET version = ? WHERE interaction_id = ? AND agent_id = ? \
                         RETURNING {COLUMNS}"
                    )))
                    .bind(version as i64)
                    .bind(interaction_id)
                    .bind(agent_id)
                    .fetch_one(&mut *conn)
                    .await?;
                    Ok(EventBody::WrapUpChanged(row.into()).into())
                })
            }),
        )
        .await?;
    match published.event.body {
        EventBody::WrapUpChanged(wrap_up) => Ok(Some(wrap_up)),
        _ => Ok(None),
    }
}

/// "Work Offline" during post-processing stops the countdowns: the agent takes their time.
pub async fn stop_countdowns(app: &AppState, agent_id: i64) -> Result<(), ApiError> {
    let running: Vec<i64> = sqlx::query_scalar(
        "SELECT interaction_id FROM wrap_ups WHERE agent_id = ? AND done_at IS NULL AND deadline IS NOT NULL",
    )
    .bind(agent_id)
    .fetch_all(&app.db)
    .await?;
    for interaction_id in running {
        sqlx::query(
            "UPDATE wrap_ups SET deadline = NULL WHERE interaction_id = ? AND agent_id = ?",
        )
        .bind(interaction_id)
        .bind(agent_id)
        .execute(&app.db)
        .await?;
        announce(app, interaction_id, agent_id).await?;
    }
    Ok(())
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
