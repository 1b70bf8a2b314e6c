//! Customers as stored: their records, emails and phones, history, tasks and cases, and the
//! lookups a screen pop and ingest use. A draft record (Save as Draft) is never matched.
//! Writers take a connection inside the caller's transaction: a change and its history
//! lines are written together or not at all.

use omni_protocol::{
    Customer, CustomerCase, CustomerInput, CustomerTask, EmailAddress, HistoryEntry, TaskKind,
    TaskRequest,
};
use sqlx::SqliteConnection;

use crate::{error::ApiError, AppState};

/// The customers, oldest first, who have the email `address` (any case, in any script:
/// lowered here, as `CustomerInput::checked` stores them), drafts left out. An email belongs
/// to one customer at most; the list shape is the pop's (0, 1 or several).
pub async fn by_email(app: &AppState, address: &str) -> Result<Vec<i64>, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT e.customer_id FROM customer_emails e JOIN customers c ON c.id = e.customer_id \
         WHERE e.address = ? AND c.draft = 0 ORDER BY e.customer_id",
    )
    .bind(address.trim().to_lowercase())
    .fetch_all(&app.db)
    .await?)
}

/// The customers, oldest first, who have the phone `number` (E.164), drafts left out: a
/// family shares one.
pub async fn by_phone(app: &AppState, number: &str) -> Result<Vec<i64>, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT p.customer_id FROM customer_phones p JOIN customers c ON c.id = p.customer_id \
         WHERE p.number = ? AND c.draft = 0 ORDER BY p.customer_id",
    )
    .bind(number)
    .fetch_all(&app.db)
    .await?)
}

/// Up to `limit` customers (drafts too) after `offset`, by last and first name, whose name,
/// company, account number or an email contains `text` (ASCII letters in any case); and how
/// many there are in all.
pub async fn by_text(
    app: &AppState,
    text: &str,
    limit: u32,
    offset: u32,
) -> Result<(Vec<i64>, u64), ApiError> {
    let pattern = format!(
        "%{}%",
        text.trim()
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let filter = "FROM customers c WHERE (c.first_name || ' ' || c.last_name) LIKE ?1 ESCAPE '\\' \
         OR (c.last_name || ' ' || c.first_name) LIKE ?1 ESCAPE '\\' \
         OR c.company LIKE ?1 ESCAPE '\\' OR printf('AC-%06d', c.id) LIKE ?1 ESCAPE '\\' \
         OR EXISTS (SELECT 1 FROM customer_emails e WHERE e.customer_id = c.id \
                    AND e.address LIKE ?1 ESCAPE '\\')";
    let ids = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT c.id {filter} ORDER BY c.last_name, c.first_name, c.id LIMIT ?2 OFFSET ?3"
    )))
    .bind(&pattern)
    .bind(limit)
    .bind(offset)
    .fetch_all(&app.db)
    .await?;
    let total: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT count(*) {filter}")))
        .bind(&pattern)
        .fetch_one(&app.db)
        .await?;
    Ok((ids, total.max(0) as u64))
}

/// (first name, last name, first email, first phone) of customer `id`.
pub async fn contact(
    app: &AppState,
    id: i64,
) -> Result<Option<(String, String, Option<String>, Option<String>)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT c.first_name, c.last_name, \
         (SELECT address FROM customer_emails e WHERE e.customer_id = c.id ORDER BY position LIMIT 1), \
         (SELECT number FROM customer_phones p WHERE p.customer_id = c.id ORDER BY position LIMIT 1) \
         FROM customers c WHERE c.id = ?",
    )
    .bind(id)
    .fetch_optional(&app.db)
    .await?)
}

#[derive(sqlx::FromRow)]
struct CustomerRow {
    id: i64,
    first_name: String,
    last_name: String,
    company: String,
    primary_address: String,
    secondary_address: String,
    draft: bool,
    created_at: i64,
    updated_at: i64,
    version: i64,
    emails: String,
    phones: String,
    last_interaction_at: Option<i64>,
}

const CUSTOMER_SELECT: &str = "SELECT c.id, c.first_name, c.last_name, c.company, \
     c.primary_address, c.secondary_address, c.draft, c.created_at, c.updated_at, c.version, \
     (SELECT json_group_array(address) FROM (SELECT address FROM customer_emails \
        WHERE customer_id = c.id ORDER BY position)) AS emails, \
     (SELECT json_group_array(number) FROM (SELECT number FROM customer_phones \
        WHERE customer_id = c.id ORDER BY position)) AS phones, \
     (SELECT COALESCE(i.last_message_at, i.created_at) FROM interactions i \
        WHERE i.customer_id = c.id \
        ORDER BY COALESCE(i.last_message_at, i.created_at) DESC, i.id DESC LIMIT 1) \
        AS last_interaction_at \
     FROM customers c";

impl CustomerRow {
    fn into_customer(self) -> Customer {
        Customer {
            id: self.id,
            account: account_of(self.id),
            first_name: self.first_name,
            last_name: self.last_name,
            company: self.company,
            emails: serde_json::from_str(&self.emails).unwrap_or_default(),
            phones: serde_json::from_str(&self.phones).unwrap_or_default(),
            primary_address: self.primary_address,
            secondary_address: self.secondary_address,
            draft: self.draft,
            created_at: self.created_at,
            updated_at: self.updated_at,
            last_interaction_at: self.last_interaction_at,
            version: self.version.max(0) as u64,
        }
    }
}

/// The account number customer `id` is known by: "AC-000042".
pub fn account_of(id: i64) -> String {
    format!("AC-{id:06}")
}

/// Customer `id` as read on `conn` (inside a writer's transaction: its own changes).
pub async fn load_on(conn: &mut SqliteConnection, id: i64) -> Result<Option<Customer>, ApiError> {
    let row: Option<CustomerRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{CUSTOMER_SELECT} WHERE c.id = ?"
    )))
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(CustomerRow::into_customer))
}

/// The customers `ids`, in that order (ids that are gone are left out).
pub async fn load_many(app: &AppState, ids: &[i64]) -> Result<Vec<Customer>, ApiError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    let rows: Vec<CustomerRow> =
        // `list` holds numbers only.
        sqlx::query_as(sqlx::AssertSqlSafe(format!("{CUSTOMER_SELECT} WHERE c.id IN ({list})")))
            .fetch_all(&app.db)
            .await?;
    let mut customers: Vec<Customer> = rows.into_iter().map(CustomerRow::into_customer).collect();
    customers.sort_by_key(|customer| ids.iter().position(|id| *id == customer.id));
    Ok(customers)
}

/// Who already has `address` among customers other than `except`: (id, name, draft).
pub async fn email_owner(
    conn: &mut SqliteConnection,
    address: &str,
    except: Option<i64>,
) -> Result<Option<(i64, String, bool)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT c.id, trim(c.first_name || ' ' || c.last_name), c.draft FROM customer_emails e \
         JOIN customers c ON c.id = e.customer_id WHERE e.address = ? AND c.id IS NOT ?",
    )
    .bind(address)
    .bind(except)
    .fetch_optional(&mut *conn)
    .await?)
}

/// Stores a new customer (`input` already checked); its id.
pub async fn insert(
    conn: &mut SqliteConnection,
    input: &CustomerInput,
    at: i64,
) -> Result<i64, ApiError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO customers (first_name, last_name, company, primary_address, \
         secondary_address, draft, created_at, updated_at, version) \
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
    )
    .bind(&input.first_name)
    .bind(&input.last_name)
    .bind(&input.company)
    .bind(&input.primary_address)
    .bind(&input.secondary_address)
    .bind(input.draft)
    .bind(at)
    .bind(at)
    .fetch_one(&mut *conn)
    .await?;
    replace_emails(conn, id, &input.emails).await?;
    replace_phones(conn, id, &input.phones).await?;
    Ok(id)
}

/// Writes `input`'s fields over customer `id`, one version up.
pub async fn update(
    conn: &mut SqliteConnection,
    id: i64,
    input: &CustomerInput,
    at: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE customers SET first_name = ?, last_name = ?, company = ?, primary_address = ?, \
         secondary_address = ?, draft = ?, updated_at = ?, version = version + 1 WHERE id = ?",
    )
    .bind(&input.first_name)
    .bind(&input.last_name)
    .bind(&input.company)
    .bind(&input.primary_address)
    .bind(&input.secondary_address)
    .bind(input.draft)
    .bind(at)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn replace_emails(
    conn: &mut SqliteConnection,
    id: i64,
    emails: &[String],
) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM customer_emails WHERE customer_id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (position, address) in emails.iter().enumerate() {
        sqlx::query(
            "INSERT INTO customer_emails (address, customer_id, position) VALUES (?, ?, ?)",
        )
        .bind(address)
        .bind(id)
        .bind(position as i64)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn replace_phones(
    conn: &mut SqliteConnection,
    id: i64,
    phones: &[String],
) -> Result<(), ApiError> {
    sqlx::query("DELETE FROM customer_phones WHERE customer_id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (position, number) in phones.iter().enumerate() {
        sqlx::query("INSERT INTO customer_phones (customer_id, number, position) VALUES (?, ?, ?)")
            .bind(id)
            .bind(number)
            .bind(position as i64)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Deletes customer `id` (its emails, phones and tasks go with it); its interactions stay,
/// with no customer. Answers the interactions that were linked to it.
pub async fn delete(conn: &mut SqliteConnection, id: i64) -> Result<Vec<i64>, ApiError> {
    let linked: Vec<i64> = sqlx::query_scalar(
        "UPDATE interactions SET customer_id = NULL WHERE customer_id = ? RETURNING id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM customers WHERE id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(linked)
}

/// One line of history, in the change's transaction.
pub async fn write_history(
    conn: &mut SqliteConnection,
    customer_id: i64,
    agent_id: Option<i64>,
    at: i64,
    field: &str,
    old_value: Option<&str>,
    new_value: Option<&str>,
) -> Result<(), ApiError> {
    sqlx::query(
        "INSERT INTO customer_history (customer_id, agent_id, at, field, old_value, new_value) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(customer_id)
    .bind(agent_id)
    .bind(at)
    .bind(field)
    .bind(old_value)
    .bind(new_value)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Customer `id`'s history, newest first.
pub async fn history(app: &AppState, id: i64) -> Result<Vec<HistoryEntry>, ApiError> {
    let rows: Vec<HistoryRow> = sqlx::query_as(
        "SELECT h.id, h.at, a.display_name AS agent_name, h.field, h.old_value, h.new_value \
         FROM customer_history h LEFT JOIN agents a ON a.id = h.agent_id \
         WHERE h.customer_id = ? ORDER BY h.id DESC",
    )
    .bind(id)
    .fetch_all(&app.db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|row| HistoryEntry {
            id: row.id,
            at: row.at,
            agent_name: row.agent_name,
            field: row.field,
            old_value: row.old_value,
            new_value: row.new_value,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct HistoryRow {
    id: i64,
    at: i64,
    agent_name: Option<String>,
    field: String,
    old_value: Option<String>,
    new_value: Option<String>,
}

/// Customer `id`'s tasks, newest first.
pub async fn tasks(app: &AppState, id: i64) -> Result<Vec<CustomerTask>, ApiError> {
    let rows: Vec<TaskRow> = sqlx::query_as(
        "SELECT t.id, t.kind, t.subject, t.note, t.starts_at, t.ends_at, a.display_name AS agent_name, \
         t.interaction_id FROM customer_tasks t LEFT JOIN agents a ON a.id = t.agent_id \
         WHERE t.customer_id = ? ORDER BY t.starts_at DESC, t.id DESC",
    )
    .bind(id)
    .fetch_all(&app.db)
    .await?;
    Ok(rows.into_iter().filter_map(TaskRow::into_task).collect())
}

#[derive(sqlx::FromRow)]
struct TaskRow {
    id: i64,
    kind: String,
    subject: String,
    note: String,
    starts_at: i64,
    ends_at: Option<i64>,
    agent_name: Option<String>,
    interaction_id: Option<i64>,
}

impl TaskRow {
    fn into_task(self) -> Option<CustomerTask> {
        Some(CustomerTask {
            id: self.id,
            kind: TaskKind::parse(&self.kind)?,
            subject: self.subject,
            note: self.note,
            starts_at: self.starts_at,
            ends_at: self.ends_at,
            agent_name: self.agent_name,
            interaction_id: self.interaction_id,
        })
    }
}

/// Stores a task of customer `id`; its id.
pub async fn insert_task(
    conn: &mut SqliteConnection,
    id: i64,
    agent_id: Option<i64>,
    task: &TaskRequest,
    at: i64,
) -> Result<i64, ApiError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO customer_tasks (customer_id, kind, subject, note, starts_at, ends_at, \
         agent_id, interaction_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(id)
    .bind(task.kind.as_str())
    .bind(task.subject.trim())
    .bind(&task.note)
    .bind(task.starts_at)
    .bind(task.ends_at)
    .bind(agent_id)
    .bind(task.interaction_id)
    .bind(at)
    .fetch_one(&mut *conn)
    .await?)
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    case_number: String,
    channel: String,
    subject: Option<String>,
    state: String,
    interaction_id: i64,
    interactions: i64,
    opened_at: i64,
    last_activity_at: i64,
    source_message_id: Option<i64>,
    to_json: Option<String>,
    cc_json: Option<String>,
    bcc_json: Option<String>,
}

/// Customer `id`'s cases, newest activity first: interactions grouped by case number, each
/// with its first email's recipients and source.
pub async fn cases(app: &AppState, id: i64) -> Result<Vec<CustomerCase>, ApiError> {
    let rows: Vec<CaseRow> = sqlx::query_as(
        "WITH mine AS (SELECT i.*, COALESCE(i.case_number, printf('CS-%06d', i.id)) AS number, \
                COALESCE(i.last_message_at, i.created_at) AS activity \
             FROM interactions i WHERE i.customer_id = ?1), \
         cases AS (SELECT number, min(id) AS first_id, max(activity) AS last_activity, \
                count(*) AS interactions, min(created_at) AS opened_at FROM mine GROUP BY number) \
         SELECT c.number AS case_number, f.channel, f.subject, \
            (SELECT m.state FROM mine m WHERE m.number = c.number ORDER BY m.activity DESC, m.id DESC LIMIT 1) AS state, \
            (SELECT m.id FROM mine m WHERE m.number = c.number ORDER BY m.activity DESC, m.id DESC LIMIT 1) AS interaction_id, \
            c.interactions, c.opened_at, c.last_activity AS last_activity_at, \
            e.id AS source_message_id, e.to_json, e.cc_json, e.bcc_json \
         FROM cases c JOIN mine f ON f.id = c.first_id \
         LEFT JOIN messages e ON e.id = (SELECT min(x.id) FROM messages x \
            WHERE x.interaction_id = c.first_id AND x.kind = 'email') \
         ORDER BY c.last_activity DESC, c.number DESC",
    )
    .bind(id)
    .fetch_all(&app.db)
    .await?;
    let addresses = |json: Option<String>| -> Vec<EmailAddress> {
        json.and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    };
    Ok(rows
        .into_iter()
        .filter_map(|row| {
            Some(CustomerCase {
                case_number: row.case_number,
                channel: omni_protocol::Channel::parse(&row.channel)?,
                subject: row.subject.unwrap_or_default(),
                state: omni_protocol::InteractionState::parse(&row.state)?,
                interaction_id: row.interaction_id,
                interactions: row.interactions.max(0) as u32,
                opened_at: row.opened_at,
                last_activity_at: row.last_activity_at,
                to: addresses(row.to_json),
                cc: addresses(row.cc_json),
                bcc: addresses(row.bcc_json),
                source_message_id: row.source_message_id,
            })
        })
        .collect())
}

/// The ids of customer `id`'s interactions, newest activity first, at most `limit`, of
/// `channel` if given, with activity from `from` to `to` (ms, inclusive) if given.
pub async fn journey(
    app: &AppState,
    id: i64,
    channel: Option<&str>,
    from: Option<i64>,
    to: Option<i64>,
    limit: u32,
) -> Result<Vec<i64>, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT i.id FROM interactions i WHERE i.customer_id = ?1 \
         AND (?2 IS NULL OR i.channel = ?2) \
         AND (?3 IS NULL OR COALESCE(i.last_message_at, i.created_at) >= ?3) \
         AND (?4 IS NULL OR COALESCE(i.last_message_at, i.created_at) <= ?4) \
         ORDER BY COALESCE(i.last_message_at, i.created_at) DESC, i.id DESC LIMIT ?5",
    )
    .bind(id)
    .bind(channel)
    .bind(from)
    .bind(to)
    .bind(limit)
    .fetch_all(&app.db)
    .await?)
}

/// Links interaction `interaction` to customer `customer`; whether it changed.
pub async fn link(
    conn: &mut SqliteConnection,
    interaction: i64,
    customer: i64,
) -> Result<bool, ApiError> {
    let changed = sqlx::query(
        "UPDATE interactions SET customer_id = ?1 WHERE id = ?2 AND customer_id IS NOT ?1",
    )
    .bind(customer)
    .bind(interaction)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(changed > 0)
}

/// Whether interaction `interaction` is customer `id`'s.
pub async fn is_customers_interaction(
    conn: &mut SqliteConnection,
    id: i64,
    interaction: i64,
) -> Result<bool, ApiError> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM interactions WHERE id = ? AND customer_id = ?")
            .bind(interaction)
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(found.is_some())
}

/// The interactions of customer `id` that are not closed: the ones a desk shows now.
pub async fn open_interactions(app: &AppState, id: i64) -> Result<Vec<i64>, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM interactions WHERE customer_id = ? AND state <> 'closed' ORDER BY id",
    )
    .bind(id)
    .fetch_all(&app.db)
    .await?)
}
