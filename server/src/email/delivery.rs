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
    db::delivery_jobs::{self, Job},
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
    delivery_jobs::insert(
        conn,
        message_id,
        built.envelope.from().map(Address::to_string),
        &serde_json::to_string(&to).map_err(ApiError::internal)?,
        &built.wire,
        &built.message_id,
        now_ms(),
    )
    .await
}

/// The envelope kept with the job.
fn envelope(job: &Job) -> Result<Envelope, String> {
    let parse = |text: &str| {
        text.parse::<Address>()
            .map_err(|e| format!("kept envelope: {e}"))
    };
    let from = job.envelope_from.as_deref().map(parse).transpose()?;
    let to: Vec<String> =
        serde_json::from_str(&job.envelope_to).map_err(|e| format!("kept envelope: {e}"))?;
    let to = to.iter().map(|a| parse(a)).collect::<Result<_, _>>()?;
    Envelope::new(from, to).map_err(|e| format!("kept envelope: {e}"))
}

/// Sends a claimed job once and notes how it went: delivered (the job is done), or failed
/// (the next try is set, or none after the last).
async fn send(app: &AppState, job: Job, now: i64) -> Result<(), ApiError> {
    let outcome = match envelope(&job) {
        Ok(envelope) => {
            outbound::deliver_wire(&app.config, &envelope, &job.wire, &job.wire_message_id).await
        }
        Err(reason) => Err(reason),
    };
    let at = now_ms().max(now);
    match &outcome {
        Ok(()) => delivery_jobs::record(app, job.message_id, at, None).await,
        Err(reason) => {
            let attempts = job.attempts + 1;
            let next = next_attempt(attempts, at);
            tracing::warn!(message_id = job.message_id, attempts, %reason, gave_up = next.is_none(),
                "outbound email not delivered");
            delivery_jobs::record(app, job.message_id, at, Some((reason, attempts, next))).await
        }
    }
}

/// The first try, right after the send's commit. Every desk hears how it went
/// (`message_changed`); returns the message as it stands now (still being sent when the
/// worker has it).
pub async fn deliver_now(app: &AppState, message_id: i64) -> Result<Message, ApiError> {
    let now = now_ms();
    if let Some(job) = delivery_jobs::claim(app, message_id, now, CLAIM_LEASE_MS).await? {
        send(app, job, now).await?;
    }
    crate::work::messages::announce(app, message_id, false).await
}

/// Sends every job due at `now` once (also those a crash left behind).
pub async fn deliver_due(app: &AppState, now: i64) -> Result<(), ApiError> {
    let due = delivery_jobs::due(app, now).await?;
    for message_id in due {
        if let Some(job) = delivery_jobs::claim(app, message_id, now, CLAIM_LEASE_MS).await? {
            send(app, job, now).await?;
            crate::work::messages::announce(app, message_id, false).await?;
        }
    }
    Ok(())
}

/// Jobs claimed by a process that is gone are free again; call before the worker starts.
pub async fn release_claims(app: &AppState) -> Result<u64, ApiError> {
    delivery_jobs::release_claims(app).await
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
