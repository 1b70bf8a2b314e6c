//! The interaction list's SQL: the filters or search as a WHERE clause over a cheap source
//! table; one statement for a page of summaries with the filtered total (a quick search
//! counts its hits in a statement before its page), the count past the end, and the tags the
//! list filters by.

use omni_protocol::{search::rule::Viewer, Search};
use serde::Deserialize;
use sqlx::{QueryBuilder, Sqlite};

use crate::{
    db::search::{self, HitReading, Needs},
    db::summaries::{summary_select, SummaryRow, CONTACT_EMAIL, CONTACT_NAME},
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
    /// Quick search text (B18). With it or `search`, the filters above are not applied.
    pub q: Option<String>,
    /// An advanced search (B19): `omni_protocol::Search` as JSON.
    pub search: Option<String>,
    /// The caller's time zone, minutes east of UTC, for the search's days.
    pub tz: Option<i32>,
    /// Comma-separated ids: only these interactions (the desk asking about rows it heard of).
    pub ids: Option<String>,
    pub cursor: Option<String>,
    pub limit: Option<u32>,
}

/// What a list request selects, read and checked (`work::interaction_list`).
#[derive(Debug, Clone)]
pub struct ListPlan {
    pub channel: Option<String>,
    /// The filters as conditions, or the advanced search.
    pub search: Search,
    pub quick: String,
    pub viewer: Viewer,
    pub ids: Option<Vec<i64>>,
    pub cursor: Option<(i64, i64)>,
}

pub fn parse_cursor(cursor: &str) -> Result<(i64, i64), ApiError> {
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

/// How a statement reads the plan: a count (no cursor), or a page from the cursor on; a
/// walked page stops at its oldest hit's activity (no hit is older).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    Count,
    Page {
        hits: HitReading,
        oldest_hit: Option<i64>,
    },
}

/// Appends the WHERE clause of `plan`.
fn push_filters(sql: &mut QueryBuilder<Sqlite>, plan: &ListPlan, reading: Reading) {
    sql.push(" WHERE 1 = 1");
    if let Some(channel) = &plan.channel {
        sql.push(" AND s.channel = ").push_bind(channel.clone());
    }
    if let Some(ids) = &plan.ids {
        sql.push(" AND s.id IN (");
        let mut list = sql.separated(", ");
        for id in ids {
            list.push_bind(*id);
        }
        sql.push(")");
    }
    search::push_search(sql, &plan.search, &plan.viewer);
    let hits = match reading {
        Reading::Count => HitReading::LookUp,
        Reading::Page { hits, .. } => hits,
    };
    search::push_quick(sql, &plan.quick, hits);
    if let Reading::Page {
        hits: HitReading::Walk,
        oldest_hit: Some(oldest),
    } = reading
    {
        sql.push(" AND s.activity_at >= ").push_bind(oldest);
    }
    if let (Reading::Page { .. }, Some((at, id))) = (reading, plan.cursor) {
        // A plain range on the activity: SQLite reads `interactions_recent` from the cursor on.
        sql.push(" AND s.activity_at <= ").push_bind(at);
        sql.push(" AND (s.activity_at < ").push_bind(at);
        sql.push(" OR s.id < ").push_bind(id).push(")");
    }
}

/// Appends the source table `s`: the columns the filters and the order need, cheap to
/// compute for every row; the unread count (a subquery per row) and the customer (a join)
/// only when the search asks for them.
fn push_source(sql: &mut QueryBuilder<Sqlite>, plan: &ListPlan) {
    let needs = Needs::of(&plan.search);
    sql.push(
        "(SELECT i.id, i.channel, i.agent_id, i.state, i.created_at, i.queue_id, i.customer_id, \
         i.subject, i.sub_status, i.disposition_id, i.case_number, \
         COALESCE(i.last_message_at, i.created_at) AS activity_at",
    );
    if needs.unread {
        sql.push(
            ", (SELECT count(*) FROM messages m WHERE m.interaction_id = i.id AND m.direction = 'inbound' \
             AND m.kind IN ('email', 'chat') AND m.id > COALESCE((SELECT r.read_through FROM interaction_reads r \
             WHERE r.interaction_id = i.id AND r.agent_id = ",
        )
        .push_bind(plan.viewer.me)
        .push("), 0)) AS unread");
    }
    if needs.customer {
        sql.push(format!(
            ", {CONTACT_NAME} AS customer_name, {CONTACT_EMAIL} AS customer_email \
             FROM interactions i LEFT JOIN customers c ON c.id = i.customer_id) s"
        ));
    } else {
        sql.push(" FROM interactions i) s");
    }
}

/// A page row: the summary and the filtered total (the same on every row).
#[derive(sqlx::FromRow)]
struct PageRow {
    #[sqlx(flatten)]
    summary: SummaryRow,
    total: i64,
}

/// The page `plan` selects for its viewer, newest activity first: at most `rows`
/// summaries, with the filtered total when any row came back (always, for a quick search).
pub async fn select_page(
    app: &AppState,
    plan: &ListPlan,
    rows: u32,
) -> Result<(Vec<SummaryRow>, Option<i64>), ApiError> {
    if plan.quick.trim().is_empty() {
        let mut sql = QueryBuilder::<Sqlite>::new("SELECT p.*, (");
        push_count(&mut sql, plan);
        sql.push(") AS total FROM (");
        let reading = Reading::Page {
            hits: HitReading::LookUp,
            oldest_hit: None,
        };
        push_page(&mut sql, plan, rows, reading);
        let found: Vec<PageRow> = sql.build_query_as().fetch_all(&app.db).await?;
        let total = found.first().map(|row| row.total);
        return Ok((found.into_iter().map(|row| row.summary).collect(), total));
    }
    // A quick search: how many hits it has decides how its page is read.
    let mut sql = QueryBuilder::<Sqlite>::new(
        "SELECT count(*), min(s.activity_at), (SELECT COALESCE(max(id), 0) FROM interactions) FROM ",
    );
    push_source(&mut sql, plan);
    push_filters(&mut sql, plan, Reading::Count);
    let (total, oldest_hit, interactions): (i64, Option<i64>, i64) =
        sql.build_query_as().fetch_one(&app.db).await?;
    if total == 0 {
        return Ok((Vec::new(), Some(0)));
    }
    let reading = Reading::Page {
        hits: HitReading::for_page(total, rows, interactions),
        oldest_hit,
    };
    let mut sql = QueryBuilder::<Sqlite>::new("SELECT p.* FROM (");
    push_page(&mut sql, plan, rows, reading);
    let found: Vec<SummaryRow> = sql.build_query_as().fetch_all(&app.db).await?;
    Ok((found, Some(total)))
}

/// Appends the page's summaries as a table `p`, newest activity first.
fn push_page(sql: &mut QueryBuilder<Sqlite>, plan: &ListPlan, rows: u32, reading: Reading) {
    sql.push(format!(
        "{} WHERE i.id IN (SELECT s.id FROM ",
        summary_select(Some(plan.viewer.me))
    ));
    push_source(sql, plan);
    push_filters(sql, plan, reading);
    sql.push(" ORDER BY s.activity_at DESC, s.id DESC LIMIT ")
        .push_bind(i64::from(rows))
        .push(")) p ORDER BY p.activity_at DESC, p.id DESC");
}

/// How many interactions the plan selects (for a page past the end).
pub async fn count(app: &AppState, plan: &ListPlan) -> Result<i64, ApiError> {
    let mut sql = QueryBuilder::<Sqlite>::new("");
    push_count(&mut sql, plan);
    Ok(sql.build_query_scalar().fetch_one(&app.db).await?)
}

/// `SELECT count(*)` of what the plan selects (the cursor left out).
fn push_count(sql: &mut QueryBuilder<Sqlite>, plan: &ListPlan) {
    sql.push("SELECT count(*) FROM ");
    push_source(sql, plan);
    push_filters(sql, plan, Reading::Count);
}

/// Replaces interaction `id`'s tags with `tags`, in one transaction.
pub async fn replace_tags(app: &AppState, id: i64, tags: &[String]) -> Result<(), ApiError> {
    let mut tx = crate::db::write(&app.db).await?;
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
