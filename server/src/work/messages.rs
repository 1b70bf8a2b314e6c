//! Threads (their rows and queries are `db::messages`): storing messages and their files,
//! reading a thread, attachments, raw sources, and each agent's read state.

use std::path::PathBuf;

use omni_protocol::{EventBody, InteractionSummary, Message};
use sha2::{Digest, Sha256};

use crate::{
    db::messages as db_messages, error::ApiError, text::email_body, work::summaries, AppState,
};

pub use crate::db::messages::{insert_rows, oldest_after, NewAttachment, NewMessage, Written};

/// Writes `bytes` under the files folder by content hash (stored once however often sent).
/// Each writer has its own temporary name, so two identical files stored at once both land.
pub(crate) async fn store_file(app: &AppState, bytes: &[u8]) -> Result<String, ApiError> {
    let name = hex::encode(Sha256::digest(bytes));
    let dir = app.config.files();
    let path = dir.join(&name);
    if tokio::fs::try_exists(&path).await.unwrap_or(false) {
        // Kept as it is, but touched: the clean-up of unused uploads leaves recent files be.
        let touched = path.clone();
        let _ = tokio::task::spawn_blocking(move || {
            std::fs::File::options()
                .append(true)
                .open(touched)
                .and_then(|file| file.set_modified(std::time::SystemTime::now()))
        })
        .await;
    } else {
        tokio::fs::create_dir_all(&dir)
            .await
            .map_err(ApiError::internal)?;
        let token: u64 = rand::random();
        let partial = dir.join(format!("{name}.{token:016x}.partial"));
        tokio::fs::write(&partial, bytes)
            .await
            .map_err(ApiError::internal)?;
        // Replacing a file another writer just put there is fine: the bytes are the same.
        if let Err(error) = tokio::fs::rename(&partial, &path).await {
            let _ = tokio::fs::remove_file(&partial).await;
            return Err(ApiError::internal(error));
        }
    }
    Ok(name)
}

/// Where stored file `name` lies.
pub fn file_path(app: &AppState, name: &str) -> PathBuf {
    app.config.files().join(name)
}

/// Writes the message's raw source and files, and prepares its bodies.
pub async fn write_files(app: &AppState, message: &NewMessage) -> Result<Written, ApiError> {
    let raw_file = match &message.raw {
        Some(raw) => Some(store_file(app, raw).await?),
        None => None,
    };
    let mut files = Vec::with_capacity(message.attachments.len());
    for attachment in &message.attachments {
        files.push(store_file(app, &attachment.bytes).await?);
    }
    let prepared = email_body::prepare(&message.body_text, message.body_html.as_deref());
    let prepared = serde_json::to_string(&prepared).map_err(ApiError::internal)?;
    Ok(Written {
        raw_file,
        files,
        prepared,
    })
}

/// Stores a message with its files in one transaction, and tells every desk; returns its id.
pub async fn insert(app: &AppState, message: NewMessage) -> Result<i64, ApiError> {
    let written = write_files(app, &message).await?;
    let mut tx = crate::db::write(&app.db).await?;
    let id = db_messages::insert_rows(&mut tx, &message, written).await?;
    tx.commit().await?;
    announce(app, id, true).await?;
    Ok(id)
}

/// Prepares again, in the background, the bodies an older server prepared (or none did), a
/// hundred at a time, so that reads stop preparing them on the way. Returns how many it did.
pub async fn prepare_stale(app: &AppState) -> Result<u64, ApiError> {
    let mut done = 0;
    loop {
        let stale = db_messages::stale_bodies(app, 100).await?;
        if stale.is_empty() {
            return Ok(done);
        }
        for (id, text, html) in stale {
            let prepared = email_body::prepare(&text, html.as_deref());
            let prepared = serde_json::to_string(&prepared).map_err(ApiError::internal)?;
            db_messages::set_prepared(app, id, &prepared).await?;
            done += 1;
        }
    }
}

/// Runs [`prepare_stale`] once, after start-up.
pub fn spawn_preparation(app: AppState) {
    tokio::spawn(async move {
        match prepare_stale(&app).await {
            Ok(0) => {}
            Ok(done) => tracing::info!(done, "email bodies prepared again for this server"),
            Err(error) => tracing::warn!(?error, "preparing older email bodies failed"),
        }
    });
}

/// Every message of the interaction, oldest first, with attachment metadata.
pub async fn thread_of(app: &AppState, interaction_id: i64) -> Result<Vec<Message>, ApiError> {
    db_messages::newest_of(app, interaction_id, None).await
}

/// One message, as its thread shows it.
pub async fn one(app: &AppState, message_id: i64) -> Result<Message, ApiError> {
    db_messages::one_in(&mut *app.db.acquire().await?, message_id).await
}

/// Tells every desk about a message that joined a thread (`added`) or changed (its
/// delivery), stamped with a new version under the publishing lock. Returns it as sent.
pub async fn announce(app: &AppState, message_id: i64, added: bool) -> Result<Message, ApiError> {
    let published = app
        .events
        .publish_read(
            None,
            if added {
                "message_added"
            } else {
                "message_changed"
            },
            Box::new(move |conn, version| {
                Box::pin(async move {
                    db_messages::stamp(conn, version, message_id).await?;
                    let message = db_messages::one_in(conn, message_id).await?;
                    Ok(if added {
                        EventBody::MessageAdded(message)
                    } else {
                        EventBody::MessageChanged(message)
                    }
                    .into())
                })
            }),
        )
        .await?;
    match published.event.body {
        EventBody::MessageAdded(message) | EventBody::MessageChanged(message) => Ok(message),
        _ => Err(ApiError::internal("announced something else")),
    }
}

/// A message's bodies as they were received or sent (text, HTML): for forwards and transcripts.
pub async fn stored_bodies(
    app: &AppState,
    message_id: i64,
) -> Result<(String, Option<String>), ApiError> {
    db_messages::bodies(app, message_id)
        .await?
        .ok_or_else(|| ApiError::not_found("No such message."))
}

/// The newest `limit` messages of interaction `id` (every one without it), oldest first.
/// Messages a thread page holds when the client does not say.
pub const THREAD_PAGE_DEFAULT: u32 = 50;
/// Most messages one page holds; earlier ones come with `before`.
const THREAD_PAGE_MAX: u32 = omni_protocol::THREAD_PAGE_MAX as u32;

/// A page of the thread, oldest first: the newest `limit` messages (default 50, at most 200),
/// or with `before` (a message id of this thread) the newest `limit` older than it.
pub async fn thread(
    app: &AppState,
    id: i64,
    limit: Option<u32>,
    before: Option<i64>,
) -> Result<Vec<Message>, ApiError> {
    summaries::summary(app, id).await?;
    let limit = limit.unwrap_or(THREAD_PAGE_DEFAULT);
    if limit == 0 {
        return Err(ApiError::validation(
            "limit",
            "Ask for at least one message.",
        ));
    }
    if limit > THREAD_PAGE_MAX {
        return Err(ApiError::validation(
            "limit",
            format!(
                "Ask for at most {THREAD_PAGE_MAX} messages at once; earlier ones come with before=<id of the oldest you hold>."
            ),
        ));
    }
    let Some(before) = before else {
        return db_messages::newest_of(app, id, Some(limit)).await;
    };
    db_messages::page_before(app, id, before, limit)
        .await?
        .ok_or_else(|| {
            ApiError::validation("before", "That message is not part of this interaction.")
        })
}

/// Sets how far the agent has read, and tells the assigned agent's desks the new count.
async fn set_read_through(
    app: &AppState,
    agent_id: i64,
    interaction_id: i64,
    read_through: i64,
) -> Result<(), ApiError> {
    db_messages::set_read_through(app, agent_id, interaction_id, read_through).await?;
    summaries::announce(app, interaction_id).await?;
    Ok(())
}

/// Everything in the thread is read by this agent.
pub async fn mark_read(
    app: &AppState,
    agent_id: i64,
    id: i64,
) -> Result<InteractionSummary, ApiError> {
    summaries::summary(app, id).await?;
    let newest = db_messages::newest_id(app, id, false).await?;
    set_read_through(app, agent_id, id, newest.unwrap_or(0)).await?;
    summaries::summary_for(app, id, agent_id).await
}

/// The newest customer message counts as unread again.
pub async fn mark_unread(
    app: &AppState,
    agent_id: i64,
    id: i64,
) -> Result<InteractionSummary, ApiError> {
    summaries::summary(app, id).await?;
    let newest_inbound = db_messages::newest_id(app, id, true).await?;
    let Some(newest_inbound) = newest_inbound else {
        return Err(ApiError::conflict(
            "There is no customer message to mark as unread.",
        ));
    };
    set_read_through(app, agent_id, id, newest_inbound - 1).await?;
    summaries::summary_for(app, id, agent_id).await
}

/// Only raster images may be shown inline (SVG can carry script).
pub(crate) fn shows_inline(content_type: &str) -> bool {
    matches!(
        content_type,
        "image/png" | "image/jpeg" | "image/gif" | "image/webp"
    )
}

/// An attachment's stored file: its name, the type to serve it as, and where it lies.
pub struct StoredFile {
    pub filename: String,
    pub content_type: String,
    pub file: String,
}

/// Attachment `id` as it is to be served: raster images as themselves (inline), anything
/// else as a download.
pub async fn attachment_file(app: &AppState, id: i64) -> Result<StoredFile, ApiError> {
    let found = db_messages::attachment(app, id).await?;
    let (filename, content_type, file) =
        found.ok_or_else(|| ApiError::not_found("No such attachment."))?;
    let content_type = if shows_inline(&content_type) {
        content_type
    } else {
        "application/octet-stream".into()
    };
    Ok(StoredFile {
        filename,
        content_type,
        file,
    })
}

/// Where message `id`'s raw source (the `.eml`) lies.
pub async fn source_file(app: &AppState, id: i64) -> Result<String, ApiError> {
    let raw = db_messages::raw_file(app, id).await?;
    let file = raw.ok_or_else(|| ApiError::not_found("No such message."))?;
    file.ok_or_else(|| ApiError::not_found("This message has no stored source."))
}
