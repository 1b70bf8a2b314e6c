//! The interaction list's SQL: the filters as a WHERE clause over a cheap source table, one
//! statement for a page of summaries with the filtered total, the count past the end, and
//! the tags the list filters by.

use serde::Deserialize;
use sqlx::{QueryBuilder, Sqlite};

use crate::{
    db::summaries::{summary_select, SummaryRow},
    error::ApiError,
    AppState,
};

/// `GET /interactions` parameters; every one optional.
#[derive(Debug, Default, Deserialize)]
pub struct ListQuery {
    /// `email` or `chat`.
    pub channel: Option<String>,
    /// `me`, `unassigned` or `all` (default).
    pub account: Option<String>,
    pub agent: Option<i64>,
    /// `open` or `closed`.
    pub status: Option<String>,
    /// `read` or `unread` (for the caller).
    pub read: Option<String>,
    /// Start date range (when the interaction arrived), ms.
    pub from: Option<i64>,
    pub to: Option<i64>,
    /// Comma-separated: interactions with any of these tags.
    pub tags: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}

fn parse_cursor(cursor: &str) -> Result<(i64, i64), ApiError> {
    cursor
        .split_once(':')
        .and_then(|(at, id)| Some((at.parse().ok()?, id.parse().ok()?)))
        .ok_or_else(|| {
            ApiError::validation(
                "cursor",
                "This list position is not valid; start from the top.",
            )
        })
}

/// Appends the WHERE clause of `query` for `viewer` (the cursor only when `paged`).
fn push_filters(
    sql: &mut QueryBuilder<Sqlite>,
    query: &ListQuery,
    viewer: i64,
    paged: bool,
) -> Result<(), ApiError> {
    sql.push(" WHERE 1 = 1");
    if let Some(channel) = &query.channel {
        sql.push(" AND s.channel = ").push_bind(channel.clone());
    }
    match query.account.as_deref() {
        None | Some("all") => {}
        Some("me") => {
            sql.push(" AND s.agent_id = ").push_bind(viewer);
        }
        Some("unassigned") => {
            sql.push(" AND s.agent_id IS NULL");
        }
        Some(other) => {
            return Err(ApiError::validation(
                "account",
                format!("Unknown account filter \"{other}\"."),
            ))
        }
    }
    if let Some(agent) = query.agent {
        sql.push(" AND s.agent_id = ").push_bind(agent);
    }
    match query.status.as_deref() {
        None => {}
        Some("open") => {
            sql.push(" AND s.state <> 'closed'");
        }
        Some("closed") => {
            sql.push(" AND s.state = 'closed'");
        }
        Some(other) => {
            return Err(ApiError::validation(
                "status",
                format!("Unknown status filter \"{other}\"."),
            ))
        }
    }
    match query.read.as_deref() {
        None => {}
        Some("unread") => {
            sql.push(" AND s.unread > 0");
        }
        Some("read") => {
            sql.push(" AND s.unread = 0");
        }
        Some(other) => {
            return Err(ApiError::validation(
                "read",
                format!("Unknown read filter \"{other}\"."),
            ))
        }
    }
    if let Some(from) = query.from {
        sql.push(" AND s.created_at >= ").push_bind(from);
    }
    if let Some(to) = query.to {
        sql.push(" AND s.created_at <= ").push_bind(to);
    }
    let tags: Vec<String> = query
        .tags
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|tag| !tag.is_empty())
        .map(str::to_owned)
        .collect();
    if !tags.is_empty() {
        sql.push(" AND EXISTS (SELECT 1 FROM interaction_tags t WHERE t.interaction_id = s.id AND t.tag IN (");
        let mut list = sql.separated(", ");
        for tag in tags {
            list.push_bind(tag);
        }
        sql.push("))");
    }
    if let (true, Some(cursor)) = (paged, &query.cursor) {
        let (at, id) = parse_cursor(cursor)?;
        sql.push(" AND (s.activity_at < ").push_bind(at);
        sql.push(" OR (s.activity_at = ")
            .push_bind(at)
            .push(" AND s.id < ")
            .push_bind(id)
            .push("))");
    }
    Ok(())
}

/// The columns the filters and the order need, cheap to compute for every row; the unread
/// count (a subquery per row) only when the read filter asks for it.
fn filter_source(query: &ListQuery, viewer: i64) -> String {
    let unread = if query.read.is_some() {
        format!(
            ", (SELECT count(*) FROM messages m WHERE m.interaction_id = i.id AND m.direction = 'inbound' \
             AND m.kind IN ('email', 'chat') AND m.id > COALESCE((SELECT r.read_through FROM interaction_reads r \
             WHERE r.interaction_id = i.id AND r.agent_id = {viewer}), 0)) AS unread"
        )
    } else {
        String::new()
    };
    format!(
        "(SELECT i.id, i.channel, i.agent_id, i.state, i.created_at, \
         COALESCE(i.last_message_at, i.created_at) AS activity_at{unread} FROM interactions i) s"
    )
}

/// A page row: the summary and the filtered total (the same on every row).
#[derive(sqlx::FromRow)]
struct PageRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    total: i64,
}

/// The page `query` selects for `viewer`, newest activity first: at most `rows` summaries,
/// with the filtered total when any row came back.
pub async fn select_page(
    app: &AppState,
    viewer: i64,
    query: &ListQuery,
    rows: u32,
) -> Result<(Vec<SummaryRow>, Option<i64>), ApiError> {
    let source = filter_source(query, viewer);
    let mut sql = QueryBuilder::<Sqlite>::new("SELECT p.*, (");
    push_count(&mut sql, &source, query, viewer)?;
    sql.push(format!(
        ") AS total FROM ({} WHERE i.id IN (SELECT s.id FROM {source}",
        summary_select(Some(viewer))
    ));
    push_filters(&mut sql, query, viewer, true)?;
    sql.push(" ORDER BY s.activity_at DESC, s.id DESC LIMIT ")
        .push_bind(i64::from(rows))
        .push(")) p ORDER BY p.activity_at DESC, p.id DESC");
    let found: Vec<PageRow> = sql.build_query_as().fetch_all(&app.db).await?;
    let total = found.first().map(|row| row.total);
    Ok((found.into_iter().map(|row| row.summary).collect(), total))
}

/// How many interactions the filters select (for a page past the end).
pub async fn count(app: &AppState, viewer: i64, query: &ListQuery) -> Result<i64, ApiError> {
    let mut sql = QueryBuilder::<Sqlite>::new("");
    push_count(&mut sql, &filter_source(query, viewer), query, viewer)?;
    Ok(sql.build_query_scalar().fetch_one(&app.db).await?)
}

/// `SELECT count(*)` of what the filters select from `source` (the cursor left out).
fn push_count(
    sql: &mut QueryBuilder<Sqlite>,
    source: &str,
    query: &ListQuery,
    viewer: i64,
) -> Result<(), ApiError> {
    sql.push(format!("SELECT count(*) FROM {source}"));
    push_filters(sql, query, viewer, false)
}

/// Replaces interaction `id`'s tags with `tags`, in one transaction.
pub async fn replace_tags(app: &AppState, id: i64, tags: &[String]) -> Result<(), ApiError> {
    let mut tx = app.db.begin().await?;
    sqlx::query("DELETE FROM interaction_tags WHERE interaction_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    for tag in tags {
        sqlx::query("INSERT INTO interaction_tags (interaction_id, tag) VALUES (?, ?)")
            .bind(id)
            .bind(tag)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(())
}
