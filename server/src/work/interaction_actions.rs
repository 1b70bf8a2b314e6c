//! Moving an interaction on without sending (PRODUCT B4, B10, B12, B14): internal notes,
//! sub-status, transfer, close (& dispose) and reopen; and the lists the desk picks from
//! (canned answers, transfer targets).

use omni_protocol::{
    AgentStatus, CannedAnswer, CloseRequest, InteractionState, InteractionSummary, Message,
    NoteRequest, SubStatusRequest, TransferRequest, TransferTarget,
};

use crate::{
    clock::now_ms,
    db::agents as db_agents,
    db::interactions as db_interactions,
    db::queues::{self, QueueRow},
    error::ApiError,
    presence::agents,
    work::interactions,
    work::messages::{self, NewMessage},
    work::permissions::{self, Action, Caller},
    work::status,
    work::summaries,
    work::uploads,
    work::wrap_ups,
    work::wrapup,
    AppState,
};

/// An internal note (optionally with a file), never sent.
pub async fn add_note(
    app: &AppState,
    agent_id: i64,
    id: i64,
    request: NoteRequest,
) -> Result<Message, ApiError> {
    let summary = summaries::summary(app, id).await?;
    let wraps_it_up = wrap_ups::open_row(app, id, agent_id).await?.is_some();
    let caller = Caller::load(app, agent_id).await?;
    permissions::check(&caller, Action::Note { wraps_it_up }, &summary)?;
    let body = request.body.trim();
    if body.is_empty() && request.upload_ids.is_empty() {
        return Err(ApiError::validation(
            "body",
            "Write the note or attach a file.",
        ));
    }
    if body.chars().count() > 20_000 {
        return Err(ApiError::validation(
            "body",
            "A note holds at most 20,000 characters.",
        ));
    }
    let author = crate::db::agents::display_name(app, agent_id).await?;
    let attachments = uploads::take(app, agent_id, &request.upload_ids).await?;
    let note = NewMessage {
        attachments,
        ..NewMessage::note(id, agent_id, author, body.to_owned())
    };
    let written = messages::write_files(app, &note).await?;
    let mut tx = crate::db::write(&app.db).await?;
    let message_id = messages::insert_rows(&mut tx, &note, written).await?;
    uploads::consume(&mut tx, agent_id, &request.upload_ids).await?;
    tx.commit().await?;
    messages::announce(app, message_id, true).await?;
    summaries::announce(app, id).await?;
    messages::one(app, message_id).await
}

/// Sets or clears the sub-status without sending.
pub async fn set_sub_status(
    app: &AppState,
    agent_id: i64,
    id: i64,
    request: SubStatusRequest,
) -> Result<InteractionSummary, ApiError> {
    let summary = summaries::summary(app, id).await?;
    if summary.agent_id != Some(agent_id) {
        return Err(ApiError::forbidden(
            "This interaction is assigned to someone else.",
        ));
    }
    if summary.state == InteractionState::Closed {
        return Err(ApiError::conflict(
            "Only an open interaction has a sub-status.",
        ));
    }
    if let Some(label) = &request.sub_status {
        interactions::check_sub_status(app, label).await?;
    }
    db_interactions::set_sub_status(app, id, request.sub_status.as_deref()).await?;
    summaries::announce(app, id).await?;
    summaries::summary_for(app, id, agent_id).await
}

/// Agents of the queue who could take a transferred interaction now: signed in and not
/// Working Offline.
async fn logged_in_members(app: &AppState, queue_id: i64) -> Result<i64, ApiError> {
    db_agents::logged_in_members(app, queue_id, now_ms()).await
}

/// Agents (not supervisors) online and not paused (Available or Busy), except `me`.
async fn online_agents(app: &AppState, me: i64) -> Result<Vec<TransferTarget>, ApiError> {
    let statuses = [AgentStatus::Available.key(), AgentStatus::Busy.key()];
    let rows = db_agents::online_except(app, me, [&statuses[0], &statuses[1]], now_ms()).await?;
    Ok(rows
        .into_iter()
        .map(|(agent_id, display_name)| TransferTarget {
            agent_id,
            display_name,
        })
        .collect())
}

/// Who a transfer may go to.
pub async fn transfer_targets(
    app: &AppState,
    agent_id: i64,
) -> Result<Vec<TransferTarget>, ApiError> {
    online_agents(app, agent_id).await
}

/// Transfers to exactly one queue (it waits there for routing) or
/// one online, non-paused agent (assigned to them at once).
pub async fn transfer(
    app: &AppState,
    me: i64,
    id: i64,
    request: TransferRequest,
) -> Result<InteractionSummary, ApiError> {
    let caller = Caller::load(app, me).await?;
    let _guard = app.work.lock().await;
    let summary = summaries::summary(app, id).await?;
    permissions::check(&caller, Action::Transfer, &summary)?;
    let target = match (request.queue_id, request.agent_id) {
        (Some(queue_id), None) => {
            let queue = queues::queue(app, queue_id)
                .await?
                .ok_or_else(|| ApiError::validation("queue_id", "No such queue."))?;
            if queue.channel() != summary.channel {
                return Err(ApiError::validation(
                    "queue_id",
                    format!("{} does not take this channel.", queue.name),
                ));
            }
            if !request.confirm_empty_queue && logged_in_members(app, queue_id).await? == 0 {
                return Err(ApiError::confirm(
                    "confirm_empty_queue",
                    format!(
                        "Nobody is logged in to {}. Transfer anyway? It will wait in the queue.",
                        queue.name
                    ),
                ));
            }
            Target::Queue(queue_id)
        }
        (None, Some(agent_id)) => {
            let Some(target) = online_agents(app, me)
                .await?
                .into_iter()
                .find(|target| target.agent_id == agent_id)
            else {
                return Err(ApiError::validation(
                    "agent_id",
                    "That agent is not online or is paused; choose another.",
                ));
            };
            let (open, max) = agents::open_and_capacity(app, agent_id, summary.channel).await?;
            if open >= max {
                return Err(ApiError::validation(
                    "agent_id",
                    format!(
                        "{} has no room for another {} ({open} of {max} open); choose someone else or a queue.",
                        target.display_name,
                        summary.channel.as_str()
                    ),
                ));
            }
            Target::Agent(agent_id)
        }
        _ => {
            return Err(ApiError::validation(
                "queue_id",
                "Transfer to exactly one queue or one agent.",
            ))
        }
    };
    // The agent was working it: their part ends here, with a wrap-up if its queue asks
    // for one — started before the move is announced, so the desk keeps it in the rail.
    let wrap_up_queue = match summary.state {
        InteractionState::Active => queues::queue(app, summary.queue_id)
            .await?
            .filter(QueueRow::wraps_up),
        _ => None,
    };
    // The move and the transferring agent's wrap-up are one transaction.
    let mut tx = crate::db::write(&app.db).await?;
    match target {
        Target::Queue(queue_id) => {
            db_interactions::to_queue(&mut tx, id, queue_id).await?;
        }
        Target::Agent(agent_id) => {
            db_interactions::to_agent(&mut tx, id, agent_id, now_ms()).await?;
        }
    }
    if let Some(queue) = &wrap_up_queue {
        wrapup::start_row(&mut tx, id, me, queue, false).await?;
    }
    tx.commit().await?;
    if let Target::Agent(agent_id) = target {
        status::busy_after_accept(app, agent_id, summary.channel).await?;
    }
    if wrap_up_queue.is_some() {
        wrapup::started(app, id, me).await?;
    }
    let moved = summaries::announce_to(app, id, me).await?;
    if summary.state == InteractionState::Active && wrap_up_queue.is_none() {
        status::free_after_work(app, me).await?;
    }
    app.work.wake();
    Ok(moved)
}

/// Where a transfer goes.
#[derive(Clone, Copy)]
enum Target {
    Queue(i64),
    Agent(i64),
}

/// Close, or Close & Dispose.
pub async fn close(
    app: &AppState,
    agent_id: i64,
    id: i64,
    request: CloseRequest,
) -> Result<InteractionSummary, ApiError> {
    let caller = Caller::load(app, agent_id).await?;
    let _guard = app.work.lock().await;
    let summary = summaries::summary(app, id).await?;
    permissions::check(&caller, Action::Close, &summary)?;
    let queue = queues::queue(app, summary.queue_id)
        .await?
        .ok_or_else(|| ApiError::internal("queue vanished"))?;
    match request.disposition_id {
        Some(disposition) => queues::check_choosable(app, disposition).await?,
        None if queue.disposition_mandatory => {
            return Err(ApiError::validation(
                "disposition_id",
                format!("{} needs a disposition: use Close & Dispose.", queue.name),
            ))
        }
        None => {}
    }
    let now = now_ms();
    db_interactions::close(app, id, now, request.disposition_id).await?;
    let closed = summaries::announce_to(app, id, agent_id).await?;
    if summary.state == InteractionState::Active {
        if let Some(worker) = summary.agent_id {
            status::free_after_work(app, worker).await?;
        }
    }
    Ok(closed)
}

/// A closed interaction opens again (seed 003): an agent's is theirs at once (the desk opens
/// the composer); a supervisor's goes back to its queue, unassigned and unread, for routing
/// to offer.
pub async fn reopen(
    app: &AppState,
    agent_id: i64,
    id: i64,
) -> Result<InteractionSummary, ApiError> {
    let caller = Caller::load(app, agent_id).await?;
    let _guard = app.work.lock().await;
    let summary = summaries::summary(app, id).await?;
    permissions::check(&caller, Action::Reopen, &summary)?;
    let now = now_ms();
    if caller.is_supervisor() {
        db_interactions::reopen_unassigned(app, id, now).await?;
        let reopened = summaries::announce_to(app, id, agent_id).await?;
        app.work.wake();
        return Ok(reopened);
    }
    db_interactions::reopen_for(app, id, agent_id, now).await?;
    status::busy_after_accept(app, agent_id, summary.channel).await?;
    summaries::announce(app, id).await?;
    summaries::summary_for(app, id, agent_id).await
}

/// Canned answers matching `query` by title and text: every word must match.
pub async fn canned_answers(app: &AppState, query: &str) -> Result<Vec<CannedAnswer>, ApiError> {
    let rows = db_agents::canned_answers(app).await?;
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    Ok(rows
        .into_iter()
        .filter(|(_, title, body)| {
            let text = format!("{title} {body}").to_lowercase();
            words.iter().all(|word| text.contains(word))
        })
        .map(|(id, title, body)| CannedAnswer { id, title, body })
        .collect())
}
