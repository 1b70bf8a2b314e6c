//! Email accounts: which mailbox an inbound email reached (and so its queue), how it reached
//! it (To, CC, BCC), and which accounts an agent may send from.

use omni_protocol::{EmailAccount, EmailAddress, RecipientRole};

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

/// How an email with these To and CC lists reached one of `accounts`: To, else CC, else it
/// was a blind copy. `None` when there are no accounts to compare with.
pub fn received_as(
    accounts: &[EmailAccount],
    to: &[EmailAddress],
    cc: &[EmailAddress],
) -> Option<RecipientRole> {
    if accounts.is_empty() {
        return None;
    }
    let ours = |list: &[EmailAddress]| {
        list.iter().any(|address| {
            accounts
                .iter()
                .any(|account| account.address.eq_ignore_ascii_case(&address.address))
        })
    };
    Some(if ours(to) {
        RecipientRole::To
    } else if ours(cc) {
        RecipientRole::Cc
    } else {
        RecipientRole::Bcc
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(text: &str) -> EmailAddress {
        EmailAddress {
            name: None,
            address: text.to_owned(),
        }
    }

    #[test]
    fn to_beats_cc_and_absence_means_a_blind_copy() {
        let accounts = [EmailAccount {
            id: 1,
            key: "SUPPORT".into(),
            name: "Support".into(),
            address: "support@omni-desk.test".into(),
            queue_id: 1,
        }];
        let ours = [address("Support@Omni-Desk.test")];
        let other = [address("sales@example.com")];
        let role = |to: &[EmailAddress], cc: &[EmailAddress]| received_as(&accounts, to, cc);
        assert_eq!(role(&ours, &ours), Some(RecipientRole::To));
        assert_eq!(role(&other, &ours), Some(RecipientRole::Cc));
        assert_eq!(role(&other, &[]), Some(RecipientRole::Bcc));
        assert_eq!(received_as(&[], &[], &[]), None);
    }
}
