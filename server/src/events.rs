//! Events: a replay log in SQLite and live fan-out, in id order (`http::events` streams them
//! to each desk).

use std::{collections::HashMap, sync::Arc, time::Duration};

use futures::future::BoxFuture;
use omni_protocol::{Event, EventBody};
use sqlx::{SqliteConnection, SqlitePool};
use tokio::sync::{broadcast, Mutex};

use crate::{clock::now_ms, error::ApiError, AppState};

/// Each agent's unread count of one interaction, for the `interaction_changed` event that
/// carries its summary: every desk receives its own agent's count (docs/api.md, "Unread").
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct UnreadCounts {
    /// The count of an agent who never read the interaction.
    pub default: u32,
    /// Agents with a read mark, and their counts.
    pub agents: HashMap<i64, u32>,
}

impl UnreadCounts {
    pub fn of(&self, agent_id: i64) -> u32 {
        self.agents.get(&agent_id).copied().unwrap_or(self.default)
    }
}

/// A published event and whom it is for (`None` = every agent).
#[derive(Debug, Clone)]
pub struct Published {
    pub agent_id: Option<i64>,
    pub event: Event,
    pub unread: Option<Arc<UnreadCounts>>,
}

impl Published {
    pub fn is_for(&self, agent_id: i64) -> bool {
        self.agent_id.is_none_or(|id| id == agent_id)
    }

    /// The event as `agent_id`'s stream sends it: with that agent's unread count.
    pub fn as_seen_by(&self, agent_id: i64) -> Event {
        let mut event = self.event.clone();
        if let (EventBody::InteractionChanged(summary), Some(unread)) =
            (&mut event.body, &self.unread)
        {
            summary.unread = unread.of(agent_id);
        }
        event
    }
}

/// What a versioned event carries, read inside the publishing transaction.
pub struct Stamped {
    pub body: EventBody,
    pub unread: Option<UnreadCounts>,
}

impl From<EventBody> for Stamped {
    fn from(body: EventBody) -> Self {
        Stamped { body, unread: None }
    }
}

/// Reads (and stamps with `version`) what an event says, on the publishing connection.
pub type Reader<'a> = Box<
    dyn for<'c> FnOnce(&'c mut SqliteConnection, u64) -> BoxFuture<'c, Result<Stamped, ApiError>>
        + Send
        + 'a,
>;

/// What a stream that fell behind gets from the log.
pub enum CatchUp {
    /// The events it missed (a page of them).
    Events(Vec<Event>),
    /// They were pruned: it must resync, from `head`.
    Pruned { head: u64 },
}

/// Writes events to the log and fans them out to open streams, in id order.
#[derive(Clone)]
pub struct EventHub {
    db: SqlitePool,
    live: broadcast::Sender<Published>,
    // Held across read + insert + send, so that live order equals id order and an event
    // never carries older state than the event before it.
    publishing: Arc<Mutex<()>>,
}

impl EventHub {
    pub fn new(db: SqlitePool) -> Self {
        Self {
            db,
            live: broadcast::channel(1024).0,
            publishing: Arc::default(),
        }
    }

    /// Publishes an event whose payload is fixed already (offers, withdrawals, wrap-up ends).
    pub async fn publish(&self, agent_id: Option<i64>, body: EventBody) -> Result<Event, ApiError> {
        let kind = body.type_name();
        let published = self
            .publish_read(
                agent_id,
                kind,
                Box::new(move |_, _| Box::pin(async move { Ok(body.into()) })),
            )
            .await?;
        Ok(published.event)
    }

    /// Publishes an event whose payload `read` takes from the database under the publishing
    /// lock, given the event's id as the version to stamp: two writers of one interaction
    /// can then never announce an older state after a newer one.
    pub async fn publish_read(
        &self,
        agent_id: Option<i64>,
        kind: &'static str,
        read: Reader<'_>,
    ) -> Result<Published, ApiError> {
        let _order = self.publishing.lock().await;
        let mut tx = crate::db::write(&self.db).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO events (agent_id, type, payload, created_at) VALUES (?, ?, '', ?) RETURNING id",
        )
        .bind(agent_id)
        .bind(kind)
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await?;
        let stamped = read(&mut tx, id as u64).await?;
        let payload = serde_json::to_value(&stamped.body).map_err(ApiError::internal)?;
        let payload = payload
            .get("payload")
            .cloned()
            .unwrap_or_default()
            .to_string();
        let unread = match &stamped.unread {
            Some(unread) => Some(serde_json::to_string(unread).map_err(ApiError::internal)?),
            None => None,
        };
        // `created_at` is when the event is whole and leaves: after its payload was read.
        sqlx::query(
            "UPDATE events SET type = ?, payload = ?, unread = ?, created_at = ? WHERE id = ?",
        )
        .bind(stamped.body.type_name())
        .bind(payload)
        .bind(unread)
        .bind(now_ms())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        let event = Event {
            id: id as u64,
            body: stamped.body,
        };
        let published = Published {
            agent_id,
            event,
            unread: stamped.unread.map(Arc::new),
        };
        // No receiver is fine: nobody is connected.
        let _ = self.live.send(published.clone());
        Ok(published)
    }

    /// The newest event id (0 when none was ever written).
    pub async fn head(&self) -> Result<u64, sqlx::Error> {
        let head: Option<i64> =
            sqlx::query_scalar("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
                .fetch_optional(&self.db)
                .await?;
        Ok(head.unwrap_or(0) as u64)
    }

    /// Ids at or below this were pruned from the log.
    pub async fn floor(&self) -> Result<u64, sqlx::Error> {
        let floor: i64 = sqlx::query_scalar("SELECT pruned_through FROM event_log_floor")
            .fetch_one(&self.db)
            .await?;
        Ok(floor as u64)
    }

    /// Keeps only the newest `keep` events.
    pub async fn prune(&self, keep: u64) -> Result<(), sqlx::Error> {
        let head = self.head().await?;
        let through = head.saturating_sub(keep);
        if through == 0 {
            return Ok(());
        }
        let mut tx = crate::db::write(&self.db).await?;
        sqlx::query("DELETE FROM events WHERE id <= ?")
            .bind(through as i64)
            .execute(&mut *tx)
            .await?;
        sqlx::query("UPDATE event_log_floor SET pruned_through = max(pruned_through, ?)")
            .bind(through as i64)
            .execute(&mut *tx)
            .await?;
        tx.commit().await
    }

    /// Logged events for `agent_id` after `after`, oldest first, at most `limit`, as that
    /// agent's stream sends them; or, when the log was pruned past `after`, the head to resync
    /// from. The floor and the events are read in one snapshot, so a prune in between cannot
    /// hide a gap.
    pub async fn after(&self, agent_id: i64, after: u64, limit: i64) -> Result<CatchUp, ApiError> {
        let mut snapshot = self.db.begin().await?;
        let floor: i64 = sqlx::query_scalar("SELECT pruned_through FROM event_log_floor")
            .fetch_one(&mut *snapshot)
            .await?;
        if (after as i64) < floor {
            let head: Option<i64> =
                sqlx::query_scalar("SELECT seq FROM sqlite_sequence WHERE name = 'events'")
                    .fetch_optional(&mut *snapshot)
                    .await?;
            return Ok(CatchUp::Pruned {
                head: head.unwrap_or(0) as u64,
            });
        }
        let rows: Vec<(i64, String, String, Option<String>)> = sqlx::query_as(
            "SELECT id, type, payload, unread FROM events WHERE id > ? AND (agent_id IS NULL OR agent_id = ?) \
             ORDER BY id LIMIT ?",
        )
        .bind(after as i64)
        .bind(agent_id)
        .bind(limit)
        .fetch_all(&mut *snapshot)
        .await?;
        snapshot.commit().await?;
        rows.into_iter()
            .map(|(id, kind, payload, unread)| {
                let envelope = format!(
                    r#"{{"id":{id},"type":{},"payload":{payload}}}"#,
                    serde_json::json!(kind)
                );
                let published = Published {
                    agent_id: None,
                    event: serde_json::from_str(&envelope).map_err(ApiError::internal)?,
                    unread: unread
                        .and_then(|json| serde_json::from_str(&json).ok())
                        .map(Arc::new),
                };
                Ok(published.as_seen_by(agent_id))
            })
            .collect::<Result<_, ApiError>>()
            .map(CatchUp::Events)
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Published> {
        self.live.subscribe()
    }
}

/// Prunes the replay log now and then, for as long as the server runs.
pub fn spawn_pruning(app: AppState) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(error) = app.events.prune(app.config.event_log_keep).await {
                tracing::warn!(%error, "pruning the event log failed");
            }
        }
    });
}
