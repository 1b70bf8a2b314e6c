//! The choices of the search fields whose choices live in the database, as the agent
//! reads them: agents, queues, email accounts, sub-statuses, tags.

use omni_protocol::Choice;

use crate::{error::ApiError, AppState};

async fn choices(app: &AppState, sql: &'static str) -> Result<Vec<Choice>, ApiError> {
    let rows: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(&app.db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, label)| Choice { id, label })
        .collect())
}

/// Active agents, by name.
pub async fn agents(app: &AppState) -> Result<Vec<Choice>, ApiError> {
    choices(
        app,
        "SELECT CAST(id AS TEXT), display_name FROM agents WHERE active = 1 \
         ORDER BY display_name COLLATE NOCASE",
    )
    .await
}

pub async fn queues(app: &AppState) -> Result<Vec<Choice>, ApiError> {
    choices(
        app,
        "SELECT CAST(id AS TEXT), name FROM queues ORDER BY name COLLATE NOCASE",
    )
    .await
}

/// Email accounts as "Name <address>".
pub async fn email_accounts(app: &AppState) -> Result<Vec<Choice>, ApiError> {
    choices(
        app,
        "SELECT CAST(id AS TEXT), name || ' <' || address || '>' FROM email_accounts \
         ORDER BY name COLLATE NOCASE",
    )
    .await
}

/// Sub-statuses in the order the admin set.
pub async fn sub_statuses(app: &AppState) -> Result<Vec<Choice>, ApiError> {
    choices(
        app,
        "SELECT label, label FROM sub_statuses ORDER BY position",
    )
    .await
}

/// The tags in use, the most used first.
pub async fn tags(app: &AppState) -> Result<Vec<Choice>, ApiError> {
    choices(
        app,
        "SELECT tag, tag FROM interaction_tags GROUP BY tag ORDER BY count(*) DESC, tag",
    )
    .await
}
