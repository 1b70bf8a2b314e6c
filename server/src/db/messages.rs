//! Messages as stored: the row of each email, chat line and note with its addresses and
//! prepared bodies, its attachments' rows, the queries that read threads, and the agents'
//! read marks.

use omni_protocol::{Attachment, Direction, EmailAddress, Message, MessageKind, RecipientRole};
use sqlx::SqliteConnection;

use crate::{clock::now_ms, error::ApiError, text::email_body, AppState};

/// A message about to be stored.
pub struct NewMessage {
    pub interaction_id: i64,
    pub direction: Direction,
    pub kind: MessageKind,
    pub author_agent_id: Option<i64>,
    pub from: EmailAddress,
    pub to: Vec<EmailAddress>,
    pub cc: Vec<EmailAddress>,
    pub bcc: Vec<EmailAddress>,
    pub reply_to: Vec<EmailAddress>,
    /// Inbound email: how it reached our account.
    pub received_as: Option<RecipientRole>,
    pub subject: Option<String>,
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    pub sent_at: i64,
    pub body_text: String,
    pub body_html: Option<String>,
    pub raw: Option<Vec<u8>>,
    pub attachments: Vec<NewAttachment>,
    /// Outbound email: the account it goes from.
    pub account_id: Option<i64>,
    /// The sender's `Idempotency-Key`: a second message with it is refused by the database.
    pub idempotency_key: Option<String>,
    /// What the keyed request asked for (see `email::sending`).
    pub idempotency_fingerprint: Option<String>,
    /// Inbound email: the queue it was received for (a retry is recognised by it).
    pub received_queue_id: Option<i64>,
}

impl NewMessage {
    /// An internal note by agent `author_id`, signed with their name.
    pub fn note(interaction_id: i64, author_id: i64, author: String, text: String) -> Self {
        NewMessage {
            author_agent_id: Some(author_id),
            ..NewMessage::new(
                interaction_id,
                Direction::Outbound,
                MessageKind::Note,
                EmailAddress {
                    name: Some(author),
                    address: String::new(),
                },
                text,
            )
        }
    }

    /// A message with no addresses, files or threading, to fill in.
    pub fn new(
        interaction_id: i64,
        direction: Direction,
        kind: MessageKind,
        from: EmailAddress,
        body_text: String,
    ) -> Self {
        NewMessage {
            interaction_id,
            direction,
            kind,
            author_agent_id: None,
            from,
            to: vec![],
            cc: vec![],
            bcc: vec![],
            reply_to: vec![],
            received_as: None,
            subject: None,
            message_id: None,
            in_reply_to: None,
            sent_at: now_ms(),
            body_text,
            body_html: None,
            raw: None,
            attachments: vec![],
            account_id: None,
            idempotency_key: None,
            idempotency_fingerprint: None,
            received_queue_id: None,
        }
    }
}

pub struct NewAttachment {
    pub filename: String,
    pub content_type: String,
    pub content_id: Option<String>,
    pub inline: bool,
    pub bytes: Vec<u8>,
}

fn json_of(addresses: &[EmailAddress]) -> String {
    serde_json::to_string(addresses).unwrap_or_else(|_| "[]".into())
}

/// A message's files written and its bodies prepared: what its rows need, so that the
/// transaction storing them does no file work.
pub struct Written {
    pub raw_file: Option<String>,
    pub files: Vec<String>,
    pub prepared: String,
}

/// The message's rows (message, attachments, the interaction's last line) on `conn`, inside
/// the caller's transaction; the caller announces the message after its commit.
pub async fn insert_rows(
    conn: &mut SqliteConnection,
    message: &NewMessage,
    written: Written,
) -> Result<i64, ApiError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO messages (interaction_id, direction, kind, author_agent_id, from_json, to_json, cc_json, \
         bcc_json, reply_to_json, received_as, subject, message_id, in_reply_to, sent_at, body_text, body_html, \
         raw_file, created_at, account_id, idempotency_key, idempotency_fingerprint, prepared, prepared_with, \
         received_queue_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(message.interaction_id)
    .bind(match message.direction {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    })
    .bind(message.kind.as_str())
    .bind(message.author_agent_id)
    .bind(serde_json::to_string(&message.from).unwrap_or_default())
    .bind(json_of(&message.to))
    .bind(json_of(&message.cc))
    .bind(json_of(&message.bcc))
    .bind(json_of(&message.reply_to))
    .bind(message.received_as.map(RecipientRole::as_str))
    .bind(&message.subject)
    .bind(&message.message_id)
    .bind(&message.in_reply_to)
    .bind(message.sent_at)
    .bind(&message.body_text)
    .bind(&message.body_html)
    .bind(written.raw_file)
    .bind(now_ms())
    .bind(message.account_id)
    .bind(&message.idempotency_key)
    .bind(&message.idempotency_fingerprint)
    .bind(written.prepared)
    .bind(email_body::PREPARED_WITH)
    .bind(message.received_queue_id)
    .fetch_one(&mut *conn)
    .await?;
    for (attachment, file) in message.attachments.iter().zip(written.files) {
        sqlx::query(
            "INSERT INTO attachments (message_id, filename, content_type, size, content_id, inline, file) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(&attachment.filename)
        .bind(&attachment.content_type)
        .bind(attachment.bytes.len() as i64)
        .bind(&attachment.content_id)
        .bind(attachment.inline)
        .bind(file)
        .execute(&mut *conn)
        .await?;
    }
    if matches!(message.kind, MessageKind::Email | MessageKind::Chat) {
        let preview = crate::text::preview_of(&message.body_text);
        sqlx::query(
            "UPDATE interactions SET last_message_at = ?, last_message_direction = ?, last_message_preview = ? \
             WHERE id = ? AND COALESCE(last_message_at, 0) <= ?",
        )
        .bind(message.sent_at)
        .bind(if message.direction == Direction::Outbound { "outbound" } else { "inbound" })
        .bind(preview)
        .bind(message.interaction_id)
        .bind(message.sent_at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

#[derive(sqlx::FromRow)]
pub struct MessageRow {
    id: i64,
    interaction_id: i64,
    direction: String,
    kind: String,
    from_json: String,
    to_json: String,
    cc_json: String,
    bcc_json: String,
    reply_to_json: String,
    received_as: Option<String>,
    delivery_error: Option<String>,
    delivery_retry_at: Option<i64>,
    sending: bool,
    subject: Option<String>,
    sent_at: i64,
    body_text: String,
    body_html: Option<String>,
    raw_file: Option<String>,
    prepared: Option<String>,
    prepared_with: i64,
    version: i64,
}

impl MessageRow {
    /// The bodies as the desk shows them: prepared at insert, or now for older rows.
    fn prepared(&self) -> email_body::Prepared {
        self.prepared
            .as_deref()
            .filter(|_| self.prepared_with == email_body::PREPARED_WITH)
            .and_then(|json| serde_json::from_str(json).ok())
            .unwrap_or_else(|| email_body::prepare(&self.body_text, self.body_html.as_deref()))
    }
}

#[derive(sqlx::FromRow)]
struct AttachmentRow {
    id: i64,
    message_id: i64,
    filename: String,
    content_type: String,
    size: i64,
    content_id: Option<String>,
    inline: bool,
}

fn addresses(json: &str) -> Vec<EmailAddress> {
    serde_json::from_str(json).unwrap_or_default()
}

const MESSAGE_COLUMNS: &str = "id, interaction_id, direction, kind, from_json, to_json, cc_json, bcc_json, \
    reply_to_json, received_as, delivery_error, \
    CASE WHEN delivery_error IS NOT NULL THEN \
    (SELECT j.next_attempt_at FROM delivery_jobs j WHERE j.message_id = messages.id) END AS delivery_retry_at, \
    (delivery_error IS NULL AND EXISTS (SELECT 1 FROM delivery_jobs j WHERE j.message_id = messages.id)) AS sending, \
    subject, sent_at, body_text, body_html, raw_file, prepared, prepared_with, version";

/// The newest `limit` messages of the interaction (all without a limit), oldest first.
pub async fn newest_of(
    app: &AppState,
    interaction_id: i64,
    limit: Option<u32>,
) -> Result<Vec<Message>, ApiError> {
    let rows: Vec<MessageRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT * FROM (SELECT {MESSAGE_COLUMNS} FROM messages WHERE interaction_id = ? \
         ORDER BY sent_at DESC, id DESC LIMIT ?) ORDER BY sent_at, id"
    )))
    .bind(interaction_id)
    .bind(limit.map_or(-1, i64::from))
    .fetch_all(&app.db)
    .await?;
    with_attachments(&mut *app.db.acquire().await?, rows).await
}

/// Up to `limit` messages of the interaction after `after` (a message's `(sent_at, id)`),
/// oldest first: the thread read from its start, a page at a time.
pub async fn oldest_after(
    app: &AppState,
    interaction_id: i64,
    after: Option<(i64, i64)>,
    limit: u32,
) -> Result<Vec<Message>, ApiError> {
    let (sent_at, id) = after.unwrap_or((i64::MIN, i64::MIN));
    let rows: Vec<MessageRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {MESSAGE_COLUMNS} FROM messages WHERE interaction_id = ? \
         AND (sent_at > ? OR (sent_at = ? AND id > ?)) ORDER BY sent_at, id LIMIT ?"
    )))
    .bind(interaction_id)
    .bind(sent_at)
    .bind(sent_at)
    .bind(id)
    .bind(i64::from(limit))
    .fetch_all(&app.db)
    .await?;
    with_attachments(&mut *app.db.acquire().await?, rows).await
}

/// Messages with their attachments' metadata.
async fn with_attachments(
    conn: &mut sqlx::SqliteConnection,
    rows: Vec<MessageRow>,
) -> Result<Vec<Message>, ApiError> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = sqlx::QueryBuilder::<sqlx::Sqlite>::new(
        "SELECT id, message_id, filename, content_type, size, content_id, inline FROM attachments \
         WHERE message_id IN (",
    );
    let mut ids = query.separated(", ");
    for row in &rows {
        ids.push_bind(row.id);
    }
    query.push(") ORDER BY id");
    let files: Vec<AttachmentRow> = query.build_query_as().fetch_all(&mut *conn).await?;
    Ok(rows
        .into_iter()
        .map(|row| (row.prepared(), row))
        .map(|(prepared, row)| Message {
            attachments: files
                .iter()
                .filter(|file| file.message_id == row.id)
                .map(|file| Attachment {
                    id: file.id,
                    filename: file.filename.clone(),
                    content_type: file.content_type.clone(),
                    size: file.size.max(0) as u64,
                    content_id: file.content_id.clone(),
                    inline: file.inline,
                })
                .collect(),
            id: row.id,
            interaction_id: row.interaction_id,
            direction: if row.direction == "outbound" {
                Direction::Outbound
            } else {
                Direction::Inbound
            },
            kind: MessageKind::parse(&row.kind).unwrap_or(MessageKind::Email),
            from: serde_json::from_str(&row.from_json).unwrap_or(EmailAddress {
                name: None,
                address: String::new(),
            }),
            to: addresses(&row.to_json),
            cc: addresses(&row.cc_json),
            bcc: addresses(&row.bcc_json),
            reply_to: addresses(&row.reply_to_json),
            received_as: row.received_as.as_deref().and_then(RecipientRole::parse),
            delivery_error: row.delivery_error,
            delivery_retry_at: row.delivery_retry_at,
            sending: row.sending,
            subject: row.subject,
            sent_at: row.sent_at,
            text: prepared.text,
            html: prepared.html,
            has_source: row.raw_file.is_some(),
            version: row.version.max(0) as u64,
        })
        .collect())
}

pub async fn one_in(
    conn: &mut sqlx::SqliteConnection,
    message_id: i64,
) -> Result<Message, ApiError> {
    let rows: Vec<MessageRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {MESSAGE_COLUMNS} FROM messages WHERE id = ?"
    )))
    .bind(message_id)
    .fetch_all(&mut *conn)
    .await?;
    with_attachments(conn, rows)
        .await?
        .pop()
        .ok_or_else(|| ApiError::not_found("No such message."))
}

/// Up to `limit` bodies prepared by another preparer (or none): (id, text, HTML).
pub async fn stale_bodies(
    app: &AppState,
    limit: i64,
) -> Result<Vec<(i64, String, Option<String>)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT id, body_text, body_html FROM messages WHERE prepared IS NULL OR prepared_with <> ? \
         ORDER BY id LIMIT ?",
    )
    .bind(email_body::PREPARED_WITH)
    .bind(limit)
    .fetch_all(&app.db)
    .await?)
}

/// Keeps the bodies as this server prepares them.
pub async fn set_prepared(app: &AppState, id: i64, prepared: &str) -> Result<(), ApiError> {
    sqlx::query("UPDATE messages SET prepared = ?, prepared_with = ? WHERE id = ?")
        .bind(prepared)
        .bind(email_body::PREPARED_WITH)
        .bind(id)
        .execute(&app.db)
        .await?;
    Ok(())
}

/// Stamps the message with `version` (the event announcing it) on `conn`.
pub async fn stamp(conn: &mut SqliteConnection, version: u64, id: i64) -> Result<(), ApiError> {
    sqlx::query("UPDATE messages SET version = ? WHERE id = ?")
        .bind(version as i64)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// A message's bodies as stored (text, HTML).
pub async fn bodies(app: &AppState, id: i64) -> Result<Option<(String, Option<String>)>, ApiError> {
    Ok(
        sqlx::query_as("SELECT body_text, body_html FROM messages WHERE id = ?")
            .bind(id)
            .fetch_optional(&app.db)
            .await?,
    )
}

/// The newest `limit` messages of the interaction before message `before` (none when that
/// is not one of its messages), oldest first.
pub async fn page_before(
    app: &AppState,
    interaction_id: i64,
    before: i64,
    limit: u32,
) -> Result<Option<Vec<Message>>, ApiError> {
    let cursor: Option<(i64, i64)> =
        sqlx::query_as("SELECT sent_at, id FROM messages WHERE id = ? AND interaction_id = ?")
            .bind(before)
            .bind(interaction_id)
            .fetch_optional(&app.db)
            .await?;
    let Some((sent_at, message_id)) = cursor else {
        return Ok(None);
    };
    let rows: Vec<MessageRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT * FROM (SELECT {MESSAGE_COLUMNS} FROM messages WHERE interaction_id = ? \
         AND (sent_at < ? OR (sent_at = ? AND id < ?)) \
         ORDER BY sent_at DESC, id DESC LIMIT ?) ORDER BY sent_at, id"
    )))
    .bind(interaction_id)
    .bind(sent_at)
    .bind(sent_at)
    .bind(message_id)
    .bind(i64::from(limit))
    .fetch_all(&app.db)
    .await?;
    Ok(Some(
        with_attachments(&mut *app.db.acquire().await?, rows).await?,
    ))
}

/// Sets how far the agent has read the interaction.
pub async fn set_read_through(
    app: &AppState,
    agent_id: i64,
    interaction_id: i64,
    read_through: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO interaction_reads (agent_id, interaction_id, read_through) VALUES (?1, ?2, ?3) \
         ON CONFLICT (agent_id, interaction_id) DO UPDATE SET read_through = ?3",
    )
    .bind(agent_id)
    .bind(interaction_id)
    .bind(read_through)
    .execute(&app.db)
    .await?;
    Ok(())
}

/// The newest message id of the interaction (`customer_only`: of the customer's emails and
/// chat lines).
pub async fn newest_id(
    app: &AppState,
    interaction_id: i64,
    customer_only: bool,
) -> Result<Option<i64>, ApiError> {
    let sql = if customer_only {
        "SELECT max(id) FROM messages WHERE interaction_id = ? AND direction = 'inbound' AND kind IN ('email', 'chat')"
    } else {
        "SELECT max(id) FROM messages WHERE interaction_id = ?"
    };
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(interaction_id)
        .fetch_one(&app.db)
        .await?)
}

/// Attachment `id`: (file name, type, stored file).
pub async fn attachment(
    app: &AppState,
    id: i64,
) -> Result<Option<(String, String, String)>, ApiError> {
    Ok(
        sqlx::query_as("SELECT filename, content_type, file FROM attachments WHERE id = ?")
            .bind(id)
            .fetch_optional(&app.db)
            .await?,
    )
}

/// Message `id`'s stored raw source, if the message exists (and `None` inside if it has none).
pub async fn raw_file(app: &AppState, id: i64) -> Result<Option<Option<String>>, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT raw_file FROM messages WHERE id = ?")
            .bind(id)
            .fetch_optional(&app.db)
            .await?,
    )
}

/// The interaction holding the message with this Message-ID (the newest such).
pub async fn interaction_of(app: &AppState, message_id: &str) -> Result<Option<i64>, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT interaction_id FROM messages WHERE message_id = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(message_id)
    .fetch_optional(&app.db)
    .await?)
}

/// The interaction an inbound email with this Message-ID reached when `queue_id` received it
/// before.
pub async fn received_before(
    app: &AppState,
    message_id: &str,
    queue_id: i64,
) -> Result<Option<i64>, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT interaction_id FROM messages WHERE message_id = ? AND direction = 'inbound' \
         AND received_queue_id = ? LIMIT 1",
    )
    .bind(message_id)
    .bind(queue_id)
    .fetch_optional(&app.db)
    .await?)
}

/// How many messages the interaction holds.
pub async fn count_of(app: &AppState, interaction_id: i64) -> Result<i64, ApiError> {
    Ok(
        sqlx::query_scalar("SELECT count(*) FROM messages WHERE interaction_id = ?")
            .bind(interaction_id)
            .fetch_one(&app.db)
            .await?,
    )
}

/// The message `agent_id` sent with Idempotency-Key `key`: (id, interaction, fingerprint).
pub async fn keyed(
    app: &AppState,
    agent_id: i64,
    key: &str,
) -> Result<Option<(i64, i64, Option<String>)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT id, interaction_id, idempotency_fingerprint FROM messages \
         WHERE author_agent_id = ? AND idempotency_key = ?",
    )
    .bind(agent_id)
    .bind(key)
    .fetch_optional(&app.db)
    .await?)
}

/// The interaction's emails in thread order: (id, Message-ID, direction).
pub async fn emails_of(
    app: &AppState,
    interaction_id: i64,
) -> Result<Vec<(i64, Option<String>, String)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT id, message_id, direction FROM messages WHERE interaction_id = ? AND kind = 'email' \
         ORDER BY sent_at, id",
    )
    .bind(interaction_id)
    .fetch_all(&app.db)
    .await?)
}
