//! Handing sent email to the transport, and trying again when it fails: a mail server that
//! is down for a while must not lose what the agent sent. Tries again after 1, 5, 15 and 60
//! minutes; after that the message stays marked "not delivered" for the agent to act on.

use std::time::Duration;

use lettre::{address::Envelope, Address};
use omni_protocol::Message;

use crate::{
    clock::now_ms,
    email::outbound::{self, Built},
    error::ApiError,
    AppState,
};

/// Minutes from a failed try to the next one; one entry per retry.
pub const RETRY_AFTER_MINUTES: [i64; 4] = [1, 5, 15, 60];
/// How often due retries are looked for.
const RETRY_CHECK: Duration = Duration::from_secs(15);

/// When the try after `attempts` failed tries is due, if any.
pub fn next_attempt(attempts: i64, failed_at: i64) -> Option<i64> {
    let index = usize::try_from(attempts - 1).ok()?;
    RETRY_AFTER_MINUTES
        .get(index)
        .map(|minutes| failed_at + minutes * 60_000)
}

/// The first try, right after the message is stored; a failure is kept for retries. Every
/// desk hears how it went (`message_changed`); returns the message as it stands now.
pub async fn first_attempt(
    app: &AppState,
    message_id: i64,
    built: &Built,
) -> Result<Message, ApiError> {
    let outcome = outbound::deliver(&app.config, built).await;
    let now = now_ms();
    if let Err(reason) = &outcome {
        tracing::warn!(message_id, %reason, "outbound email not delivered; will try again");
        let to: Vec<String> = built.envelope.to().iter().map(Address::to_string).collect();
        sqlx::query(
            "INSERT INTO outbound_retries (message_id, envelope_from, envelope_to, wire, wire_message_id, \
             attempts, next_attempt_at) VALUES (?, ?, ?, ?, ?, 1, ?)",
        )
        .bind(message_id)
        .bind(built.envelope.from().map(Address::to_string))
        .bind(serde_json::to_string(&to).unwrap_or_else(|_| "[]".into()))
        .bind(&built.wire)
        .bind(&built.message_id)
        .bind(next_attempt(1, now))
        .execute(&app.db)
        .await?;
    }
    record(app, message_id, now, outcome.err()).await?;
    crate::work::messages::announce(app, message_id, false).await
}

#[derive(sqlx::FromRow)]
struct RetryRow {
    message_id: i64,
    envelope_from: Option<String>,
    envelope_to: String,
    wire: Vec<u8>,
    wire_message_id: String,
    attempts: i64,
}

impl RetryRow {
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

/// Tries every delivery that is due at `now` once more.
pub async fn retry_due(app: &AppState, now: i64) -> Result<(), ApiError> {
    let due: Vec<RetryRow> = sqlx::query_as(
        "SELECT message_id, envelope_from, envelope_to, wire, wire_message_id, attempts FROM outbound_retries \
         WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ? ORDER BY next_attempt_at",
    )
    .bind(now)
    .fetch_all(&app.db)
    .await?;
    for row in due {
        let outcome = match row.envelope() {
            Ok(envelope) => {
                outbound::deliver_wire(&app.config, &envelope, &row.wire, &row.wire_message_id)
                    .await
            }
            Err(reason) => Err(reason),
        };
        let failed_at = now_ms().max(now);
        match &outcome {
            Ok(()) => {
                sqlx::query("DELETE FROM outbound_retries WHERE message_id = ?")
                    .bind(row.message_id)
                    .execute(&app.db)
                    .await?;
            }
            Err(reason) => {
                let attempts = row.attempts + 1;
                let next = next_attempt(attempts, failed_at);
                tracing::warn!(message_id = row.message_id, attempts, %reason, gave_up = next.is_none(),
                    "outbound email still not delivered");
                sqlx::query(
                    "UPDATE outbound_retries SET attempts = ?, next_attempt_at = ? WHERE message_id = ?",
                )
                .bind(attempts)
                .bind(next)
                .bind(row.message_id)
                .execute(&app.db)
                .await?;
            }
        }
        record(app, row.message_id, failed_at, outcome.err()).await?;
        tell_author(app, row.message_id).await?;
    }
    Ok(())
}

/// Notes the outcome of a try on the message.
async fn record(
    app: &AppState,
    message_id: i64,
    at: i64,
    failure: Option<String>,
) -> Result<(), ApiError> {
    sqlx::query("UPDATE messages SET delivered_at = ?, delivery_error = ? WHERE id = ?")
        .bind(failure.is_none().then_some(at))
        .bind(failure)
        .bind(message_id)
        .execute(&app.db)
        .await?;
    Ok(())
}

/// Tells every desk how the message's delivery stands now.
async fn tell_author(app: &AppState, message_id: i64) -> Result<(), ApiError> {
    crate::work::messages::announce(app, message_id, false).await?;
    Ok(())
}

/// Looks for due retries in the background (also those left from before a restart).
pub fn spawn_retries(app: AppState) {
    tokio::spawn(async move {
        loop {
            if let Err(error) = retry_due(&app, now_ms()).await {
                tracing::warn!(?error, "delivery retry pass failed");
            }
            tokio::time::sleep(RETRY_CHECK).await;
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
