//! Uploads: files an agent attached while writing, until a message or note uses them (or
//! they are left unused for a week). The bytes live in the files folder by content hash.

use sqlx::SqliteConnection;

use crate::{clock::now_ms, error::ApiError, AppState};

#[derive(sqlx::FromRow)]
pub struct UploadRow {
    pub filename: String,
    pub content_type: String,
    pub file: String,
    pub size: i64,
}

/// A new upload of `agent_id`; returns its id.
pub async fn insert(
    app: &AppState,
    agent_id: i64,
    filename: &str,
    content_type: &str,
    size: i64,
    file: &str,
) -> Result<i64, ApiError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO uploads (agent_id, filename, content_type, size, file, created_at) \
         VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(agent_id)
    .bind(filename)
    .bind(content_type)
    .bind(size)
    .bind(file)
    .bind(now_ms())
    .fetch_one(&app.db)
    .await?)
}

/// Upload `id` if it is `agent_id`'s.
pub async fn own(app: &AppState, agent_id: i64, id: i64) -> Result<Option<UploadRow>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT filename, content_type, file, size FROM uploads WHERE id = ? AND agent_id = ?",
    )
    .bind(id)
    .bind(agent_id)
    .fetch_optional(&app.db)
    .await?)
}

/// Forgets upload `id` (its file stays, shared by content).
pub async fn delete(app: &AppState, id: i64) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM uploads WHERE id = ?")
        .bind(id)
        .execute(&app.db)
        .await?;
    Ok(())
}

/// Forgets `agent_id`'s upload `id` on `conn` (inside a message's transaction); false if it
/// was gone already.
pub async fn take(conn: &mut SqliteConnection, agent_id: i64, id: i64) -> Result<bool, ApiError> {
    Ok(
        sqlx::query("DELETE FROM uploads WHERE id = ? AND agent_id = ?")
            .bind(id)
            .bind(agent_id)
            .execute(&mut *conn)
            .await?
            .rows_affected()
            > 0,
    )
}

/// Uploads made before `before`: (id, file).
pub async fn older_than(app: &AppState, before: i64) -> Result<Vec<(i64, String)>, ApiError> {
    Ok(
        sqlx::query_as("SELECT id, file FROM uploads WHERE created_at < ?")
            .bind(before)
            .fetch_all(&app.db)
            .await?,
    )
}

/// Whether any upload, attachment or raw source still holds stored file `file`.
pub async fn file_in_use(app: &AppState, file: &str) -> Result<bool, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM uploads WHERE file = ?1) \
         OR EXISTS (SELECT 1 FROM attachments WHERE file = ?1) \
         OR EXISTS (SELECT 1 FROM messages WHERE raw_file = ?1)",
    )
    .bind(file)
    .fetch_one(&app.db)
    .await?)
}
