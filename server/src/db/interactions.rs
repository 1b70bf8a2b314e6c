//! Interactions as stored: the row each customer contact lives in, from queued to closed,
//! and the links between a closed conversation and the one that continues it.

use sqlx::SqliteConnection;

use crate::{error::ApiError, AppState};

/// Who an interaction is with: the customer it is linked to, if any, and how the channel
/// named them (kept when the link changes or the customer is deleted).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    pub customer_id: Option<i64>,
    /// The From header's name, a chat profile's name; may be empty.
    pub name: String,
    /// The email address (lower case) or phone (E.164) it came from or goes to.
    pub address: Option<String>,
}

/// A new queued interaction on `conn` (inside the transaction that stores its first message).
pub async fn insert_queued(
    conn: &mut SqliteConnection,
    queue_id: i64,
    channel: &str,
    contact: &Contact,
    subject: Option<String>,
    first_message: &str,
    at: i64,
) -> Result<i64, ApiError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO interactions (queue_id, channel, customer_id, contact_name, contact_address, \
         subject, first_message, state, created_at, awaiting_reply_since) \
         VALUES (?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) RETURNING id",
    )
    .bind(queue_id)
    .bind(channel)
    .bind(contact.customer_id)
    .bind(&contact.name)
    .bind(&contact.address)
    .bind(subject)
    .bind(first_message)
    .bind(at)
    .bind(at)
    .fetch_one(&mut *conn)
    .await?)
}

/// Where a conversation continues now: `id`, or the interaction its `continued_in` chain
/// ends at (at most 100 steps), with that interaction's state.
pub async fn continued_at(app: &AppState, mut id: i64) -> Result<(i64, String), ApiError> {
    for _ in 0..100 {
        let next: Option<i64> =
            sqlx::query_scalar("SELECT continued_in FROM interactions WHERE id = ?")
                .bind(id)
                .fetch_one(&app.db)
                .await?;
        match next {
            Some(next) => id = next,
            None => break,
        }
    }
    let state: String = sqlx::query_scalar("SELECT state FROM interactions WHERE id = ?")
        .bind(id)
        .fetch_one(&app.db)
        .await?;
    Ok((id, state))
}

/// The customer wrote again (on `conn`): waiting for an answer from `at` on, and a
/// sub-status like Pending no longer applies.
pub async fn customer_wrote(conn: &mut SqliteConnection, id: i64, at: i64) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE interactions SET awaiting_reply_since = COALESCE(awaiting_reply_since, ?), \
         sub_status = NULL WHERE id = ?",
    )
    .bind(at)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Links a closed interaction and the new one that continues it, both ways (on `conn`).
pub async fn link_continuation(
    conn: &mut SqliteConnection,
    closed: i64,
    new: i64,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE interactions SET continues = ? WHERE id = ?")
        .bind(closed)
        .bind(new)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE interactions SET continued_in = ? WHERE id = ?")
        .bind(new)
        .bind(closed)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The agent's work on the interaction ends at `now` as `state` (`wrap_up`, `open` or
/// `closed`), on `conn`.
pub async fn end(
    conn: &mut SqliteConnection,
    id: i64,
    state: &str,
    now: i64,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE interactions SET state = ?, ended_at = ?, closed_at = ? WHERE id = ?")
        .bind(state)
        .bind(now)
        .bind((state == "closed").then_some(now))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_sub_status(
    app: &AppState,
    id: i64,
    sub_status: Option<&str>,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE interactions SET sub_status = ? WHERE id = ?")
        .bind(sub_status)
        .bind(id)
        .execute(&app.db)
        .await?;
    Ok(())
}

/// The same on `conn` (inside a send's transaction).
pub async fn set_sub_status_in(
    conn: &mut SqliteConnection,
    id: i64,
    sub_status: &str,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE interactions SET sub_status = ? WHERE id = ?")
        .bind(sub_status)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Transferred to queue `queue_id`: it waits there, nobody's (on `conn`).
pub async fn to_queue(conn: &mut SqliteConnection, id: i64, queue_id: i64) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE interactions SET state = 'queued', queue_id = ?, agent_id = NULL, accepted_at = NULL, \
         sub_status = NULL WHERE id = ?",
    )
    .bind(queue_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Transferred to `agent_id`, who works it from `at` (on `conn`).
pub async fn to_agent(
    conn: &mut SqliteConnection,
    id: i64,
    agent_id: i64,
    at: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE interactions SET state = 'active', agent_id = ?, accepted_at = ? WHERE id = ?",
    )
    .bind(agent_id)
    .bind(at)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Closed at `now`, with `disposition_id` when one is given (the earlier one kept otherwise).
pub async fn close(
    app: &AppState,
    id: i64,
    now: i64,
    disposition_id: Option<i64>,
) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE interactions SET state = 'closed', closed_at = ?, ended_at = COALESCE(ended_at, ?), \
         disposition_id = COALESCE(?, disposition_id), sub_status = NULL WHERE id = ?",
    )
    .bind(now)
    .bind(now)
    .bind(disposition_id)
    .bind(id)
    .execute(&app.db)
    .await?;
    Ok(())
}

/// A closed interaction reopened at `now` by `agent_id`, who works it.
pub async fn reopen_for(app: &AppState, id: i64, agent_id: i64, now: i64) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE interactions SET state = 'active', agent_id = ?, accepted_at = ?, reopened_at = ?, \
         ended_at = NULL, closed_at = NULL WHERE id = ? AND state = 'closed'",
    )
    .bind(agent_id)
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(&app.db)
    .await?;
    Ok(())
}

/// A closed interaction back in its queue at `now`, nobody's and unread by all (one
/// transaction).
pub async fn reopen_unassigned(app: &AppState, id: i64, now: i64) -> Result<(), ApiError> {
    let mut tx = crate::db::write(&app.db).await?;
    sqlx::query(
        "UPDATE interactions SET state = 'queued', agent_id = NULL, accepted_at = NULL, reopened_at = ?, \
         ended_at = NULL, closed_at = NULL, awaiting_reply_since = ? WHERE id = ? AND state = 'closed'",
    )
    .bind(now)
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM interaction_reads WHERE interaction_id = ?")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A new email's interaction, `agent_id`'s and active from `now` (on `conn`, with its message).
#[allow(clippy::too_many_arguments)]
pub async fn insert_new_email(
    conn: &mut SqliteConnection,
    queue_id: i64,
    contact: &Contact,
    subject: Option<&str>,
    first_message: &str,
    agent_id: i64,
    now: i64,
    case_number: Option<&str>,
) -> Result<i64, ApiError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO interactions (queue_id, channel, customer_id, contact_name, contact_address, \
         subject, first_message, state, agent_id, created_at, accepted_at, case_number) \
         VALUES (?, 'email', ?, ?, ?, ?, ?, 'active', ?, ?, ?, ?) RETURNING id",
    )
    .bind(queue_id)
    .bind(contact.customer_id)
    .bind(&contact.name)
    .bind(&contact.address)
    .bind(subject)
    .bind(first_message)
    .bind(agent_id)
    .bind(now)
    .bind(now)
    .bind(case_number)
    .fetch_one(&mut *conn)
    .await?)
}

/// Answered: nobody waits for a reply now (on `conn`).
pub async fn answered(conn: &mut SqliteConnection, id: i64) -> Result<(), ApiError> {
    sqlx::query("UPDATE interactions SET awaiting_reply_since = NULL WHERE id = ?")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Whether a case has this number (`CS-000042`).
pub async fn case_exists(app: &AppState, number: &str) -> Result<bool, ApiError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM interactions WHERE COALESCE(case_number, printf('CS-%06d', id)) = ? LIMIT 1",
    )
    .bind(number)
    .fetch_optional(&app.db)
    .await?;
    Ok(found.is_some())
}

/// The queued interactions, oldest first: (id, queue, channel).
pub async fn queued(app: &AppState) -> Result<Vec<(i64, i64, String)>, ApiError> {
    Ok(sqlx::query_as(
        "SELECT id, queue_id, channel FROM interactions WHERE state = 'queued' ORDER BY created_at, id",
    )
    .fetch_all(&app.db)
    .await?)
}

/// Routing offers it now.
pub async fn mark_offered(app: &AppState, id: i64) -> Result<(), ApiError> {
    sqlx::query("UPDATE interactions SET state = 'offered' WHERE id = ?")
        .bind(id)
        .execute(&app.db)
        .await?;
    Ok(())
}
