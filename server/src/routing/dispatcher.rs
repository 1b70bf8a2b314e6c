//! Routing: offers queued interactions to eligible agents (longest idle first), withdraws
//! offers whose acceptance time ran out, and runs post-processing countdowns. One dispatcher
//! task does it all, woken by changes and by the next deadline.

use std::{
    collections::{hash_map::Entry, HashMap},
    sync::Arc,
    time::Duration,
};

use omni_protocol::WithdrawReason;
use tokio::sync::{Mutex, MutexGuard, Notify};

use crate::{
    clock::now_ms, db::agents as db_agents, db::interactions as db_interactions,
    db::offers as db_offers, db::queues, error::ApiError, work::offers, work::pending_offers,
    work::wrapup, AppState,
};

/// Serialises every change of work state (offers, accepts, wrap-ups), and wakes the dispatcher.
#[derive(Clone, Default)]
pub struct Work {
    lock: Arc<Mutex<()>>,
    wake: Arc<Notify>,
}

impl Work {
    pub async fn lock(&self) -> MutexGuard<'_, ()> {
        self.lock.lock().await
    }

    /// Asks the dispatcher to look again (a permit is kept if it is busy).
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}

/// Longest the dispatcher sleeps without a deadline or a wake-up.
const IDLE_CHECK: Duration = Duration::from_secs(30);

pub fn spawn_dispatcher(app: AppState) {
    tokio::spawn(async move {
        loop {
            let next = {
                let _guard = app.work.lock().await;
                dispatch(&app).await.unwrap_or_else(|error| {
                    tracing::warn!(?error, "routing pass failed");
                    None
                })
            };
            let wait = next
                .map(|at| {
                    Duration::from_millis(
                        (at - now_ms()).clamp(0, IDLE_CHECK.as_millis() as i64) as u64
                    )
                })
                .unwrap_or(IDLE_CHECK);
            tokio::select! {
                _ = app.work.wake.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    });
}

/// One pass: expire offers, expire wrap-ups, offer what waits. Returns the next deadline.
/// The caller holds the work lock.
pub async fn dispatch(app: &AppState) -> Result<Option<i64>, ApiError> {
    let now = now_ms();
    expire_offers(app, now).await?;
    wrapup::expire_due(app, now).await?;
    route_queued(app).await?;
    let next_offer = db_offers::next_expiry(app).await?;
    let next_wrap_up = wrapup::next_deadline(app).await?;
    Ok([next_offer, next_wrap_up].into_iter().flatten().min())
}

async fn expire_offers(app: &AppState, now: i64) -> Result<(), ApiError> {
    let due = db_offers::expired(app, now).await?;
    for (offer_id, interaction_id, agent_id) in due {
        if pending_offers::close(app, offer_id, "missed", WithdrawReason::Expired).await? {
            offers::after_decline(app, interaction_id, agent_id).await?;
        }
    }
    Ok(())
}

async fn route_queued(app: &AppState) -> Result<(), ApiError> {
    let waiting = db_interactions::queued(app).await?;
    // Whether anyone in a queue could take work at all: asked once per queue, not once per
    // waiting interaction (thousands may wait while nobody is Available), and asked again
    // after an offer used an agent up.
    let mut staffed: HashMap<i64, bool> = HashMap::new();
    let mut queues_seen: HashMap<i64, Option<queues::QueueRow>> = HashMap::new();
    for (interaction_id, queue_id, channel) in waiting {
        if let Entry::Vacant(slot) = queues_seen.entry(queue_id) {
            slot.insert(queues::queue(app, queue_id).await?);
        }
        let Some(queue) = queues_seen.get(&queue_id).and_then(Option::as_ref) else {
            continue;
        };
        let has_agents = match staffed.get(&queue_id) {
            Some(known) => *known,
            None => {
                let any = !eligible_agents(app, queue_id, NO_INTERACTION, &channel)
                    .await?
                    .is_empty();
                staffed.insert(queue_id, any);
                any
            }
        };
        if !has_agents {
            continue;
        }
        let agents = eligible_agents(app, queue_id, interaction_id, &channel).await?;
        let chosen: Vec<i64> = if queue.ring_all {
            agents
        } else {
            agents.into_iter().take(1).collect()
        };
        if chosen.is_empty() {
            continue;
        }
        db_interactions::mark_offered(app, interaction_id).await?;
        for agent_id in chosen {
            offers::create(app, interaction_id, agent_id, queue.acceptance_seconds).await?;
        }
        staffed.remove(&queue_id);
    }
    Ok(())
}

/// An interaction id no decline refers to: eligibility of the queue as a whole.
const NO_INTERACTION: i64 = 0;

/// Members of the queue who are signed in, Available, not stopping new work, not already
/// considering an offer or wrapping up, under capacity on the channel, and who have not
/// declined this interaction — longest idle first.
pub async fn eligible_agents(
    app: &AppState,
    queue_id: i64,
    interaction_id: i64,
    channel: &str,
) -> Result<Vec<i64>, ApiError> {
    db_agents::eligible(app, queue_id, interaction_id, channel, now_ms()).await
}
