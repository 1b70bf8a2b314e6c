//! Interaction summaries as stored: the one row shape every list, rail and event shows (the
//! interaction, its queue, customer, disposition path, tags, related waiting ones and a
//! viewer's unread count), and the queries that read it.

use omni_protocol::{
    Channel, CustomerRef, Direction, InteractionState, InteractionSummary, LastMessage,
};

use crate::{error::ApiError, events::UnreadCounts, text::preview_of, AppState};

#[derive(sqlx::FromRow)]
pub struct SummaryRow {
    id: i64,
    channel: String,
    queue_id: i64,
    queue_name: String,
    customer_id: Option<i64>,
    customer_name: String,
    email: Option<String>,
    phone: Option<String>,
    subject: Option<String>,
    first_message: String,
    state: String,
    agent_id: Option<i64>,
    created_at: i64,
    accepted_at: Option<i64>,
    ended_at: Option<i64>,
    awaiting_reply_since: Option<i64>,
    last_message_at: Option<i64>,
    last_message_direction: Option<String>,
    last_message_preview: Option<String>,
    sub_status: Option<String>,
    tags: Option<String>,
    related_waiting: i64,
    unread: i64,
    case_number: String,
    continued_in: Option<i64>,
    continues: Option<i64>,
    reopened_at: Option<i64>,
    version: i64,
    /// The chosen disposition's labels from the root (the tree is at most three deep).
    disposition_root: Option<String>,
    disposition_middle: Option<String>,
    disposition_leaf: Option<String>,
}

/// Who the interaction is with, over `interactions i LEFT JOIN customers c`: the linked
/// customer's name, else the name the channel gave (spaces trimmed, for the search compares it).
pub const CONTACT_NAME: &str =
    "trim(COALESCE(c.first_name || ' ' || c.last_name, i.contact_name), ' ')";
/// The email it came from (email), else the linked customer's first.
pub const CONTACT_EMAIL: &str = "CASE WHEN i.channel = 'email' THEN i.contact_address ELSE \
     (SELECT e.address FROM customer_emails e WHERE e.customer_id = i.customer_id \
     ORDER BY e.position LIMIT 1) END";
/// The phone it came from (chat), else the linked customer's first.
pub const CONTACT_PHONE: &str = "CASE WHEN i.channel = 'chat' THEN i.contact_address ELSE \
     (SELECT p.number FROM customer_phones p WHERE p.customer_id = i.customer_id \
     ORDER BY p.position LIMIT 1) END";

/// The summary's columns (and `activity_at`, the list's order), with `viewer`'s unread count
/// (`None`: the assignee's). Unread
/// counts customer emails and chat lines after the agent's read mark. The viewer is an id
/// we issued, written into the text as a number.
pub fn summary_select(viewer: Option<i64>) -> String {
    let viewer = viewer.map_or("i.agent_id".to_owned(), |id| id.to_string());
    format!(
        "SELECT i.id, i.channel, i.queue_id, q.name AS queue_name, i.customer_id, \
         {CONTACT_NAME} AS customer_name, {CONTACT_EMAIL} AS email, {CONTACT_PHONE} AS phone, i.subject, i.first_message, i.state, i.agent_id, \
         i.created_at, i.accepted_at, i.ended_at, i.awaiting_reply_since, i.last_message_at, \
         i.last_message_direction, i.last_message_preview, i.sub_status, \
         COALESCE(i.last_message_at, i.created_at) AS activity_at, \
         COALESCE(i.case_number, printf('CS-%06d', i.id)) AS case_number, i.continued_in, i.continues, \
         i.reopened_at, i.version, d3.label AS disposition_root, d2.label AS disposition_middle, \
         d1.label AS disposition_leaf, \
         (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM interaction_tags t WHERE t.interaction_id = i.id \
            ORDER BY tag)) AS tags, \
         (SELECT count(*) FROM interactions o WHERE o.customer_id = i.customer_id AND o.id <> i.id \
            AND o.state IN ('queued', 'offered')) AS related_waiting, \
         (SELECT count(*) FROM messages m WHERE m.interaction_id = i.id AND m.direction = 'inbound' \
            AND m.kind IN ('email', 'chat') AND m.id > COALESCE((SELECT r.read_through FROM interaction_reads r \
            WHERE r.interaction_id = i.id AND r.agent_id = {viewer}), 0)) AS unread \
         FROM interactions i JOIN queues q ON q.id = i.queue_id LEFT JOIN customers c ON c.id = i.customer_id \
         LEFT JOIN dispositions d1 ON d1.id = i.disposition_id \
         LEFT JOIN dispositions d2 ON d2.id = d1.parent_id \
         LEFT JOIN dispositions d3 ON d3.id = d2.parent_id"
    )
}

impl SummaryRow {
    pub fn into_summary(self) -> InteractionSummary {
        let row = self;
        InteractionSummary {
            id: row.id,
            channel: Channel::parse(&row.channel).unwrap_or(Channel::Email),
            queue_id: row.queue_id,
            queue_name: row.queue_name,
            customer: CustomerRef {
                id: row.customer_id,
                name: row.customer_name,
                email: row.email,
                phone: row.phone,
            },
            subject: row.subject,
            preview: preview_of(&row.first_message),
            state: InteractionState::parse(&row.state).unwrap_or(InteractionState::Closed),
            agent_id: row.agent_id,
            created_at: row.created_at,
            accepted_at: row.accepted_at,
            ended_at: row.ended_at,
            awaiting_reply_since: row.awaiting_reply_since,
            unread: row.unread.max(0) as u32,
            last_message: match (row.last_message_at, row.last_message_direction) {
                (Some(at), Some(direction)) => Some(LastMessage {
                    at,
                    direction: if direction == "outbound" {
                        Direction::Outbound
                    } else {
                        Direction::Inbound
                    },
                    preview: row.last_message_preview.unwrap_or_default(),
                }),
                _ => None,
            },
            sub_status: row.sub_status,
            disposition_path: [
                row.disposition_root,
                row.disposition_middle,
                row.disposition_leaf,
            ]
            .into_iter()
            .flatten()
            .collect(),
            tags: row
                .tags
                .map(|tags| tags.split('\u{1f}').map(str::to_owned).collect())
                .unwrap_or_default(),
            related_waiting: row.related_waiting.max(0) as u32,
            case_number: row.case_number,
            continued_in: row.continued_in,
            continues: row.continues,
            reopened: row.reopened_at.is_some(),
            version: row.version.max(0) as u64,
        }
    }
}

/// The summary read through `db` (a pool, or the publishing transaction).
pub async fn summary_in<'e>(
    db: impl sqlx::SqliteExecutor<'e>,
    id: i64,
    viewer: Option<i64>,
) -> Result<InteractionSummary, ApiError> {
    let select = summary_select(viewer);
    let row: Option<SummaryRow> =
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{select} WHERE i.id = ?")))
            .bind(id)
            .fetch_optional(db)
            .await?;
    let row = row.ok_or_else(|| ApiError::not_found("No such interaction."))?;
    Ok(row.into_summary())
}

/// Every agent's unread count of the interaction: customer emails and chat lines after the
/// agent's read mark (all of them for an agent who never read it).
pub async fn unread_counts(
    conn: &mut sqlx::SqliteConnection,
    id: i64,
) -> Result<UnreadCounts, ApiError> {
    const CUSTOMER_LINES: &str = "SELECT count(*) FROM messages m WHERE m.interaction_id = ?1 \
        AND m.direction = 'inbound' AND m.kind IN ('email', 'chat')";
    let all: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(CUSTOMER_LINES))
        .bind(id)
        .fetch_one(&mut *conn)
        .await?;
    let marks: Vec<(i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT r.agent_id, ({CUSTOMER_LINES} AND m.id > r.read_through) FROM interaction_reads r \
         WHERE r.interaction_id = ?1"
    )))
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(UnreadCounts {
        default: all.max(0) as u32,
        agents: marks
            .into_iter()
            .map(|(agent, count)| (agent, count.max(0) as u32))
            .collect(),
    })
}

/// Runs a summary query (any filter and order) and builds the summaries.
pub async fn summaries(
    app: &AppState,
    query: sqlx::query::QueryAs<'_, sqlx::Sqlite, SummaryRow, sqlx::sqlite::SqliteArguments>,
) -> Result<Vec<InteractionSummary>, ApiError> {
    let rows = query.fetch_all(&app.db).await?;
    Ok(rows.into_iter().map(SummaryRow::into_summary).collect())
}

/// The agent's open interactions (active or in wrap-up), and those they transferred and
/// still wrap up, oldest first.
pub async fn open_of(app: &AppState, agent_id: i64) -> Result<Vec<InteractionSummary>, ApiError> {
    let select = summary_select(Some(agent_id));
    let sql = format!(
        "{select} WHERE (i.agent_id = ? AND i.state IN ('active', 'wrap_up')) \
         OR i.id IN (SELECT w.interaction_id FROM wrap_ups w WHERE w.agent_id = ? AND w.done_at IS NULL) \
         ORDER BY i.accepted_at, i.id"
    );
    summaries(
        app,
        sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(agent_id)
            .bind(agent_id),
    )
    .await
}

/// Stamps the interaction with `version` (the event announcing it) on `conn`.
pub async fn stamp(
    conn: &mut sqlx::SqliteConnection,
    version: u64,
    id: i64,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE interactions SET version = ? WHERE id = ?")
        .bind(version as i64)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
