//! Queues and dispositions: their rows, and whether a disposition may be chosen.

use omni_protocol::{Channel, Disposition, Queue};

use crate::{error::ApiError, AppState};

#[derive(sqlx::FromRow)]
pub struct QueueRow {
    pub id: i64,
    pub name: String,
    pub channel: String,
    pub acceptance_seconds: i64,
    pub post_processing_seconds: i64,
    pub disposition_mandatory: bool,
    pub ring_all: bool,
}

impl QueueRow {
    pub fn channel(&self) -> Channel {
        Channel::parse(&self.channel).unwrap_or(Channel::Email)
    }

    /// Whether an agent's work on this queue's interactions ends in a wrap-up (a countdown,
    /// or a disposition to choose).
    pub fn wraps_up(&self) -> bool {
        self.post_processing_seconds > 0 || self.disposition_mandatory
    }
}

const QUEUE_COLUMNS: &str =
    "id, name, channel, acceptance_seconds, post_processing_seconds, disposition_mandatory, ring_all";

pub async fn queue(app: &AppState, id: i64) -> Result<Option<QueueRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {QUEUE_COLUMNS} FROM queues WHERE id = ?"
    )))
    .bind(id)
    .fetch_optional(&app.db)
    .await
}

/// Every queue, and whether `agent_id` is a member.
pub async fn all_queues(app: &AppState, agent_id: i64) -> Result<Vec<Queue>, ApiError> {
    let rows: Vec<QueueRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {QUEUE_COLUMNS} FROM queues ORDER BY name"
    )))
    .fetch_all(&app.db)
    .await?;
    let mine: Vec<i64> =
        sqlx::query_scalar("SELECT queue_id FROM queue_members WHERE agent_id = ?")
            .bind(agent_id)
            .fetch_all(&app.db)
            .await?;
    Ok(rows
        .into_iter()
        .map(|row| Queue {
            channel: row.channel(),
            member: mine.contains(&row.id),
            id: row.id,
            name: row.name,
            acceptance_seconds: row.acceptance_seconds.max(0) as u32,
            post_processing_seconds: row.post_processing_seconds.max(0) as u32,
            disposition_mandatory: row.disposition_mandatory,
            ring_all: row.ring_all,
        })
        .collect())
}

/// The whole tree, siblings in their configured order.
pub async fn disposition_tree(app: &AppState) -> Result<Vec<Disposition>, sqlx::Error> {
    let rows: Vec<(i64, Option<i64>, String)> =
        sqlx::query_as("SELECT id, parent_id, label FROM dispositions ORDER BY position, id")
            .fetch_all(&app.db)
            .await?;
    fn children_of(
        parent: Option<i64>,
        rows: &[(i64, Option<i64>, String)],
        depth: u8,
    ) -> Vec<Disposition> {
        if depth > 3 {
            return Vec::new();
        }
        rows.iter()
            .filter(|(_, p, _)| *p == parent)
            .map(|(id, _, label)| Disposition {
                id: *id,
                label: label.clone(),
                children: children_of(Some(*id), rows, depth + 1),
            })
            .collect()
    }
    Ok(children_of(None, &rows, 1))
}

/// Checks that `id` is a disposition an agent may choose: it exists and has no children.
pub async fn check_choosable(app: &AppState, id: i64) -> Result<(), ApiError> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT (SELECT count(*) FROM dispositions c WHERE c.parent_id = d.id) FROM dispositions d WHERE d.id = ?")
            .bind(id)
            .fetch_optional(&app.db)
            .await?;
    match found {
        None => Err(ApiError::validation(
            "disposition_id",
            "This disposition does not exist any more.",
        )),
        Some(children) if children > 0 => Err(ApiError::validation(
            "disposition_id",
            "Choose a disposition down to its last level.",
        )),
        Some(_) => Ok(()),
    }
}
