//! Delivering sent email from the job table. A message and its delivery job are stored in
//! one transaction (`enqueue`); the send then tries at once (`deliver_now`), and a worker
//! sends whatever is due: jobs a crash left behind, and retries after 1, 5, 15 and 60
//! minutes. Delivery is at least once towards the transport, always with the same bytes and
//! Message-ID, so a receiver can drop a repeat. After the last retry the message stays
//! marked "not delivered" for the agent to act on.

use std::time::Duration;

use lettre::{address::Envelope, Address};
use omni_protocol::Message;
use sqlx::SqliteConnection;

use crate::{
    clock::now_ms,
    email::outbound::{self, Built},
    error::ApiError,
    AppState,
};

/// Minutes from a failed try to the next one; one entry per retry.
pub const RETRY_AFTER_MINUTES: [i64; 4] = [1, 5, 15, 60];
/// How often the worker looks for due jobs without being woken.
const WORKER_CHECK: Duration = Duration::from_secs(15);
/// A claim older than this is taken to be lost (its sender hung), and the job is due again.
const CLAIM_LEASE_MS: i64 = 10 * 60_000;

/// When the try after `attempts` failed tries is due, if any.
pub fn next_attempt(attempts: i64, failed_at: i64) -> Option<i64> {
    let index = usize::try_from(attempts - 1).ok()?;
    RETRY_AFTER_MINUTES
        .get(index)
        .map(|minutes| failed_at + minutes * 60_000)
}

/// The delivery job of a message just stored, due now, on `conn` inside the transaction that
/// stores the message.
pub async fn enqueue(
    conn: &mut SqliteConnection,
    message_id: i64,
    built: &Built,
) -> Result<(), ApiError> {
    let to: Vec<String> = built.envelope.to().iter().map(Address::to_string).collect();
    sqlx::query(
        "INSERT INTO delivery_jobs (message_id, envelope_from, envelope_to, wire, wire_message_id, \
         attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 0, ?)",
    )
    .bind(message_id)
    .bind(built.envelope.from().map(Address::to_string))
    .bind(serde_json::to_string(&to).map_err(ApiError::internal)?)
    .bind(&built.wire)
    .bind(&built.message_id)
    .bind(now_ms())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Job {
    message_id: i64,
    envelope_from: Option<String>,
    envelope_to: String,
    wire: Vec<u8>,
    wire_message_id: String,
    attempts: i64,
}

impl Job {
    fn envelope(&self) -> Result<Envelope, String> {
        let parse = |text: &str| {
            text.parse::<Address>()
                .map_err(|e| format!("kept envelope: {e}"))
        };
        let from = self.envelope_from.as_deref().map(parse).transpose()?;
        let to: Vec<String> =
            serde_json::from_str(&self.envelope_to).map_err(|e| format!("kept envelope: {e}"))?;
        let to = to.iter().map(|a| parse(a)).collect::<Result<_, _>>()?;
        Envelope::new(from, to).map_err(|e| format!("kept envelope: {e}"))
    }
}

const JOB_COLUMNS: &str = "message_id, envelope_from, envelope_to, wire, wire_message_id, attempts";

/// Takes the message's job if it is due at `now` and nobody sends it: one sender per job.
async fn claim(app: &AppState, message_id: i64, now: i64) -> Result<Option<Job>, ApiError> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "UPDATE delivery_jobs SET claimed_at = ?1 WHERE message_id = ?2 \
         AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?1 \
         AND (claimed_at IS NULL OR claimed_at < ?1 - {CLAIM_LEASE_MS}) RETURNING {JOB_COLUMNS}"
    )))
    .bind(now)
    .bind(message_id)
    .fetch_optional(&app.db)
    .await?)
}

/// Sends a claimed job once and notes how it went: delivered (the job is done), or failed
/// (the next try is set, or none after the last).
async fn send(app: &AppState, job: Job, now: i64) -> Result<(), ApiError> {
    let outcome = match job.envelope() {
        Ok(envelope) => {
            outbound::deliver_wire(&app.config, &envelope, &job.wire, &job.wire_message_id).await
        }
        Err(reason) => Err(reason),
    };
    let at = now_ms().max(now);
    let mut tx = app.db.begin().await?;
    match &outcome {
        Ok(()) => {
            sqlx::query("DELETE FROM delivery_jobs WHERE message_id = ?")
                .bind(job.message_id)
                .execute(&mut *tx)
                .await?;
        }
        Err(reason) => {
            let attempts = job.attempts + 1;
            let next = next_attempt(attempts, at);
            tracing::warn!(message_id = job.message_id, attempts, %reason, gave_up = next.is_none(),
                "outbound email not delivered");
            sqlx::query(
                "UPDATE delivery_jobs SET attempts = ?, next_attempt_at = ?, claimed_at = NULL \
                 WHERE message_id = ?",
            )
            .bind(attempts)
            .bind(next)
            .bind(job.message_id)
            .execute(&mut *tx)
            .await?;
        }
    }
    sqlx::query("UPDATE messages SET delivered_at = ?, delivery_error = ? WHERE id = ?")
        .bind(outcome.is_ok().then_some(at))
        .bind(outcome.err())
        .bind(job.message_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// The first try, right after the send's commit. Every desk hears how it went
/// (`message_changed`); returns the message as it stands now (still being sent when the
/// worker has it).
pub async fn deliver_now(app: &AppState, message_id: i64) -> Result<Message, ApiError> {
    let now = now_ms();
    if let Some(job) = claim(app, message_id, now).await? {
        send(app, job, now).await?;
    }
    crate::work::messages::announce(app, message_id, false).await
}

/// Sends every job due at `now` once (also those a crash left behind).
pub async fn deliver_due(app: &AppState, now: i64) -> Result<(), ApiError> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT message_id FROM delivery_jobs WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ? \
         ORDER BY next_attempt_at, message_id",
    )
    .bind(now)
    .fetch_all(&app.db)
    .await?;
    for message_id in due {
        if let Some(job) = claim(app, message_id, now).await? {
            send(app, job, now).await?;
            crate::work::messages::announce(app, message_id, false).await?;
        }
    }
    Ok(())
}

/// Jobs claimed by a process that is gone are free again; call before the worker starts.
pub async fn release_claims(app: &AppState) -> Result<u64, ApiError> {
    Ok(
        sqlx::query("UPDATE delivery_jobs SET claimed_at = NULL WHERE claimed_at IS NOT NULL")
            .execute(&app.db)
            .await?
            .rows_affected(),
    )
}

/// The delivery worker: due jobs now (those left from before a restart first), then every
/// few seconds. A fresh send does not wait for it: it tries at once (`deliver_now`).
pub fn spawn_worker(app: AppState) {
    tokio::spawn(async move {
        match release_claims(&app).await {
            Ok(0) => {}
            Ok(released) => tracing::info!(
                released,
                "deliveries in flight at the last stop will be sent"
            ),
            Err(error) => tracing::warn!(?error, "could not free earlier delivery claims"),
        }
        loop {
            if let Err(error) = deliver_due(&app, now_ms()).await {
                tracing::warn!(?error, "delivery pass failed");
            }
            tokio::time::sleep(WORKER_CHECK).await;
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tries_again_after_one_five_fifteen_and_sixty_minutes_then_stops() {
        let minutes: Vec<Option<i64>> = (1..=5)
            .map(|attempts| next_attempt(attempts, 0).map(|at| at / 60_000))
            .collect();
        assert_eq!(minutes, [Some(1), Some(5), Some(15), Some(60), None]);
    }
}
