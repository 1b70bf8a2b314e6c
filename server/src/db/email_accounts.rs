//! Email accounts as stored: the mailboxes of the email queues.

use omni_protocol::{EmailAccount, EmailAddress};

use crate::AppState;

#[derive(sqlx::FromRow)]
struct AccountRow {
    id: i64,
    account_key: String,
    name: String,
    address: String,
    queue_id: i64,
}

impl From<AccountRow> for EmailAccount {
    fn from(row: AccountRow) -> Self {
        EmailAccount {
            id: row.id,
            key: row.account_key,
            name: row.name,
            address: row.address,
            queue_id: row.queue_id,
        }
    }
}

const COLUMNS: &str = "a.id, a.account_key, a.name, a.address, a.queue_id";

/// The accounts of the queues `agent_id` is a member of, by key.
pub async fn of_agent(app: &AppState, agent_id: i64) -> Result<Vec<EmailAccount>, sqlx::Error> {
    let rows: Vec<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM email_accounts a JOIN queue_members m ON m.queue_id = a.queue_id \
         WHERE m.agent_id = ? ORDER BY a.account_key"
    )))
    .bind(agent_id)
    .fetch_all(&app.db)
    .await?;
    Ok(rows.into_iter().map(EmailAccount::from).collect())
}

/// The accounts that deliver into `queue_id`.
pub async fn of_queue(app: &AppState, queue_id: i64) -> Result<Vec<EmailAccount>, sqlx::Error> {
    let rows: Vec<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM email_accounts a WHERE a.queue_id = ? ORDER BY a.account_key"
    )))
    .bind(queue_id)
    .fetch_all(&app.db)
    .await?;
    Ok(rows.into_iter().map(EmailAccount::from).collect())
}

/// The account one of `addresses` belongs to (the first that matches).
pub async fn addressed(
    app: &AppState,
    addresses: &[&EmailAddress],
) -> Result<Option<EmailAccount>, sqlx::Error> {
    for address in addresses {
        let row: Option<AccountRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM email_accounts a WHERE a.address = ?"
        )))
        .bind(address.address.to_lowercase())
        .fetch_optional(&app.db)
        .await?;
        if let Some(row) = row {
            return Ok(Some(row.into()));
        }
    }
    Ok(None)
}
