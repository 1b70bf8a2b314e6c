//! Searches agents saved under a name.

use omni_protocol::{SavedSearch, Search};

use crate::{error::ApiError, AppState};

#[derive(sqlx::FromRow)]
struct SavedRow {
    id: i64,
    name: String,
    search: String,
    quick: String,
}

impl SavedRow {
    /// `None` for a row whose JSON no longer reads (an older server's): picking it would
    /// search for nothing the agent saved.
    fn into_saved(self) -> Option<SavedSearch> {
        let search = readable(&self.search)?;
        Some(SavedSearch {
            id: self.id,
            name: self.name,
            search,
            quick: self.quick,
        })
    }
}

/// The search a row holds, if this server can read it.
fn readable(json: &str) -> Option<Search> {
    serde_json::from_str(json).ok()
}

/// `agent`'s saved searches, by name.
pub async fn of_agent(app: &AppState, agent: i64) -> Result<Vec<SavedSearch>, ApiError> {
    let rows: Vec<SavedRow> = sqlx::query_as(
        "SELECT id, name, search, quick FROM saved_searches WHERE agent_id = ? ORDER BY name COLLATE NOCASE, id",
    )
    .bind(agent)
    .fetch_all(&app.db)
    .await?;
    Ok(rows.into_iter().filter_map(SavedRow::into_saved).collect())
}

/// Saves `search` as `agent`'s `name`, replacing one of the same name; `None` when the
/// agent already has `most` searches under other names. Counted and written in one
/// transaction, so searches saved at once cannot pass the limit.
pub async fn save(
    app: &AppState,
    agent: i64,
    name: &str,
    search: &Search,
    quick: &str,
    now: i64,
    most: i64,
) -> Result<Option<SavedSearch>, ApiError> {
    let json = serde_json::to_string(search).map_err(ApiError::internal)?;
    let mut tx = crate::db::write(&app.db).await?;
    // Only the searches the agent sees count: an unreadable one is not listed, so the
    // agent could not delete it to make room.
    let others: Vec<String> =
        sqlx::query_scalar("SELECT search FROM saved_searches WHERE agent_id = ? AND name <> ?")
            .bind(agent)
            .bind(name)
            .fetch_all(&mut *tx)
            .await?;
    let readable = others
        .iter()
        .filter(|json| readable(json).is_some())
        .count();
    if readable as i64 >= most {
        return Ok(None);
    }
    let row: SavedRow = sqlx::query_as(
        "INSERT INTO saved_searches (agent_id, name, search, quick, created_at) VALUES (?, ?, ?, ?, ?) \
         ON CONFLICT (agent_id, name) DO UPDATE SET search = excluded.search, quick = excluded.quick \
         RETURNING id, name, search, quick",
    )
    .bind(agent)
    .bind(name)
    .bind(json)
    .bind(quick)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    row.into_saved()
        .map(Some)
        .ok_or_else(|| ApiError::internal("a saved search did not read back"))
}

/// Deletes `agent`'s saved search `id`; whether there was one.
pub async fn delete(app: &AppState, agent: i64, id: i64) -> Result<bool, ApiError> {
    let done = sqlx::query("DELETE FROM saved_searches WHERE id = ? AND agent_id = ?")
        .bind(id)
        .bind(agent)
        .execute(&app.db)
        .await?;
    Ok(done.rows_affected() > 0)
}
