//! Files an agent attaches while writing (PRODUCT B8, B12): uploaded one by one (the desk
//! shows progress), previewed, removed, and attached when the message or note is stored.

use omni_protocol::Upload;
use sqlx::SqliteConnection;

use crate::{
    clock::now_ms,
    db::uploads::{self as db_uploads, UploadRow},
    error::ApiError,
    work::messages::{self, NewAttachment, StoredFile},
    AppState,
};

/// Files one message (an email or a note) may carry.
pub const MAX_FILES_PER_MESSAGE: usize = 20;
/// Their total size: every file is held in memory while the message is built and sent.
pub const MAX_BYTES_PER_MESSAGE: u64 = 50 * 1024 * 1024;

/// "16.2 MB": how agents read sizes.
pub fn megabytes(bytes: u64) -> String {
    let tenths = (bytes * 10 + 524_288) / 1_048_576;
    format!("{}.{} MB", tenths / 10, tenths % 10)
}

/// The refusal of a file over the limit, with its size when known.
pub fn too_large(filename: &str, bytes: Option<u64>) -> ApiError {
    let size = bytes.map_or("larger than that".to_owned(), megabytes);
    ApiError::too_large(
        "file",
        format!("\"{filename}\" is {size}; a file may be at most 15 MB."),
    )
}

/// A file name as it is kept: no path separators, 1 to 255 characters.
pub fn clean_filename(raw: &str) -> Result<String, ApiError> {
    let filename = raw.trim().replace(['/', '\\'], "_");
    if filename.is_empty() || filename.chars().count() > 255 {
        return Err(ApiError::validation(
            "filename",
            "A file name of 1 to 255 characters is needed.",
        ));
    }
    Ok(filename)
}

/// Keeps `bytes` as `agent_id`'s upload `filename`, of the type the client said (when it
/// looks like one).
pub async fn store(
    app: &AppState,
    agent_id: i64,
    filename: String,
    content_type: Option<&str>,
    bytes: &[u8],
) -> Result<Upload, ApiError> {
    if bytes.is_empty() {
        return Err(ApiError::validation(
            "file",
            format!("\"{filename}\" is empty."),
        ));
    }
    let content_type = content_type
        .filter(|v| v.contains('/') && v.len() <= 100)
        .unwrap_or("application/octet-stream")
        .to_owned();
    let file = messages::store_file(app, bytes).await?;
    let id = db_uploads::insert(
        app,
        agent_id,
        &filename,
        &content_type,
        bytes.len() as i64,
        &file,
    )
    .await?;
    Ok(Upload {
        id,
        filename,
        content_type,
        size: bytes.len() as u64,
    })
}

async fn own(app: &AppState, agent_id: i64, id: i64) -> Result<UploadRow, ApiError> {
    let row = db_uploads::own(app, agent_id, id).await?;
    row.ok_or_else(|| ApiError::not_found("No such upload (it may have been sent already)."))
}

/// Upload `id` of `agent_id` as the preview serves it: raster images as themselves, anything
/// else as a download.
pub async fn preview_file(app: &AppState, agent_id: i64, id: i64) -> Result<StoredFile, ApiError> {
    let row = own(app, agent_id, id).await?;
    let content_type = if messages::shows_inline(&row.content_type) {
        row.content_type
    } else {
        "application/octet-stream".into()
    };
    Ok(StoredFile {
        filename: row.filename,
        content_type,
        file: row.file,
    })
}

/// Removes `agent_id`'s upload `id` before it was sent.
pub async fn remove(app: &AppState, agent_id: i64, id: i64) -> Result<(), ApiError> {
    own(app, agent_id, id).await?;
    db_uploads::delete(app, id).await
}

/// The agent's uploads `ids`, read for attaching, in the order given.
pub async fn take(
    app: &AppState,
    agent_id: i64,
    ids: &[i64],
) -> Result<Vec<NewAttachment>, ApiError> {
    if ids.len() > MAX_FILES_PER_MESSAGE {
        return Err(ApiError::validation(
            "upload_ids",
            format!("A message can carry at most {MAX_FILES_PER_MESSAGE} files."),
        ));
    }
    let mut seen = std::collections::HashSet::new();
    if ids.iter().any(|id| !seen.insert(*id)) {
        return Err(ApiError::validation(
            "upload_ids",
            "The same file is attached twice; remove the repeat.",
        ));
    }
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        let row = own(app, agent_id, *id).await.map_err(|_| {
            ApiError::validation("upload_ids", "An attached file is gone; attach it again.")
        })?;
        rows.push(row);
    }
    let total: u64 = rows.iter().map(|row| row.size.max(0) as u64).sum();
    if total > MAX_BYTES_PER_MESSAGE {
        return Err(too_many_bytes(total));
    }
    let mut files = Vec::with_capacity(rows.len());
    for row in rows {
        let bytes = tokio::fs::read(app.config.files().join(&row.file))
            .await
            .map_err(ApiError::internal)?;
        files.push(NewAttachment {
            filename: row.filename,
            content_type: row.content_type,
            content_id: None,
            inline: false,
            bytes,
        });
    }
    Ok(files)
}

/// Forgets the uploads a message carries, on `conn` inside the transaction that stores it
/// (the files stay, shared by content). An upload another send took meanwhile is a 422, so
/// one upload goes out with one message.
pub async fn consume(
    conn: &mut SqliteConnection,
    agent_id: i64,
    ids: &[i64],
) -> Result<(), ApiError> {
    for id in ids {
        let gone = !db_uploads::take(conn, agent_id, *id).await?;
        if gone {
            return Err(ApiError::validation(
                "upload_ids",
                "An attached file was sent with another message meanwhile; attach it again.",
            ));
        }
    }
    Ok(())
}

/// The files of one message within the limits: at most [`MAX_FILES_PER_MESSAGE`] and
/// [`MAX_BYTES_PER_MESSAGE`] together (a forward's own files count too).
pub fn check_total(files: &[NewAttachment]) -> Result<(), ApiError> {
    if files.len() > MAX_FILES_PER_MESSAGE {
        return Err(ApiError::validation(
            "upload_ids",
            format!(
                "A message can carry at most {MAX_FILES_PER_MESSAGE} files; this one has {}.",
                files.len()
            ),
        ));
    }
    let total: u64 = files.iter().map(|file| file.bytes.len() as u64).sum();
    if total > MAX_BYTES_PER_MESSAGE {
        return Err(too_many_bytes(total));
    }
    Ok(())
}

fn too_many_bytes(total: u64) -> ApiError {
    ApiError::too_large(
        "upload_ids",
        format!(
            "The files come to {}; a message may carry at most {}.",
            megabytes(total),
            megabytes(MAX_BYTES_PER_MESSAGE)
        ),
    )
}

/// How long an upload waits for the message that uses it.
pub const KEPT_UNUSED_MS: i64 = 7 * 24 * 3_600_000;

/// Deletes uploads no message used within [`KEPT_UNUSED_MS`] of `now`, and their files when
/// nothing else holds the same bytes (files are shared by content). Returns how many.
pub async fn delete_unused(app: &AppState, now: i64) -> Result<u64, ApiError> {
    let stale = db_uploads::older_than(app, now - KEPT_UNUSED_MS).await?;
    for (id, file) in &stale {
        db_uploads::delete(app, *id).await?;
        let still_used = db_uploads::file_in_use(app, file).await?;
        // A file written or touched in the last hour may belong to a message being stored
        // right now (files are shared by content): it stays.
        let path = messages::file_path(app, file);
        let recent = tokio::fs::metadata(&path)
            .await
            .and_then(|meta| meta.modified())
            .ok()
            .and_then(|at| at.elapsed().ok())
            .is_none_or(|age| age < std::time::Duration::from_secs(3600));
        if !still_used && !recent {
            match tokio::fs::remove_file(path).await {
                Ok(()) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => tracing::warn!(%error, file, "an unused upload's file stays"),
            }
        }
    }
    Ok(stale.len() as u64)
}

/// Runs [`delete_unused`] at start-up and every hour.
pub fn spawn_cleanup(app: AppState) {
    tokio::spawn(async move {
        loop {
            match delete_unused(&app, now_ms()).await {
                Ok(0) => {}
                Ok(deleted) => tracing::info!(deleted, "uploads unused for 7 days deleted"),
                Err(error) => tracing::warn!(?error, "deleting unused uploads failed"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_in_megabytes() {
        assert_eq!(megabytes(16 * 1024 * 1024), "16.0 MB");
        assert_eq!(megabytes(15_938_355), "15.2 MB");
        assert_eq!(megabytes(1), "0.0 MB");
    }
}
