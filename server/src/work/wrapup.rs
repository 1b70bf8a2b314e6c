//! Post-processing: the countdown after an interaction ends, notes and disposition, and
//! what happens when the agent wraps up or the countdown runs out.

use omni_protocol::{EventBody, InteractionSummary, WrapUp, WrapUpEnded, WrapUpRequest};

use sqlx::SqliteConnection;

use crate::{
    clock::now_ms,
    db::queues::{self, QueueRow},
    db::wrap_ups as db_wrap_ups,
    error::ApiError,
    work::status,
    work::summaries,
    work::wrap_ups,
    AppState,
};

/// Starts `agent_id`'s post-processing of an interaction they ended (or transferred: then it
/// has moved on and wrapping up leaves it as it is). The agent stays Busy meanwhile. With
/// `keep_open` the interaction returns to `open` afterwards (answered, waiting for the
/// customer) instead of closing.
pub async fn start(
    app: &AppState,
    interaction_id: i64,
    agent_id: i64,
    queue: &QueueRow,
    keep_open: bool,
) -> Result<(), ApiError> {
    let mut conn = app.db.acquire().await?;
    start_row(&mut conn, interaction_id, agent_id, queue, keep_open).await?;
    drop(conn);
    started(app, interaction_id, agent_id).await
}

/// The wrap-up row of [`start`], on `conn` (inside the caller's transaction).
pub async fn start_row(
    conn: &mut SqliteConnection,
    interaction_id: i64,
    agent_id: i64,
    queue: &QueueRow,
    keep_open: bool,
) -> Result<(), ApiError> {
    let now = now_ms();
    let deadline =
        (queue.post_processing_seconds > 0).then(|| now + queue.post_processing_seconds * 1000);
    db_wrap_ups::start(
        conn,
        interaction_id,
        agent_id,
        now,
        deadline,
        queue.disposition_mandatory,
        keep_open,
    )
    .await?;
    Ok(())
}

/// After a wrap-up row's commit: the agent's desk shows it and the agent is paused (a chat
/// under capacity left them Available). The caller holds the work lock.
pub async fn started(app: &AppState, interaction_id: i64, agent_id: i64) -> Result<(), ApiError> {
    wrap_ups::announce(app, interaction_id, agent_id).await?;
    let status = crate::db::agents::status_of(app, agent_id).await?;
    if status == omni_protocol::AgentStatus::Available.key() {
        status::change_status(app, agent_id, omni_protocol::AgentStatus::Busy).await?;
    }
    app.work.wake();
    Ok(())
}

async fn mine(
    app: &AppState,
    agent_id: i64,
    interaction_id: i64,
) -> Result<wrap_ups::WrapUpRow, ApiError> {
    if let Some(row) = wrap_ups::open_row(app, interaction_id, agent_id).await? {
        return Ok(row);
    }
    let others = db_wrap_ups::running_of(app, interaction_id).await?;
    Err(if others > 0 {
        ApiError::forbidden("This wrap-up belongs to another agent.")
    } else {
        ApiError::conflict("This interaction is not in post-processing.")
    })
}

async fn store(
    app: &AppState,
    row: &wrap_ups::WrapUpRow,
    request: &WrapUpRequest,
) -> Result<(), ApiError> {
    if let Some(id) = request.disposition_id {
        queues::check_choosable(app, id).await?;
    }
    if request.notes.chars().count() > 10_000 {
        return Err(ApiError::validation(
            "notes",
            "Notes can hold at most 10,000 characters.",
        ));
    }
    db_wrap_ups::save(
        app,
        row.interaction_id,
        row.agent_id,
        &request.notes,
        request.disposition_id,
    )
    .await
}

/// Keeps notes and disposition while the agent works on them.
pub async fn save(
    app: &AppState,
    agent_id: i64,
    id: i64,
    request: &WrapUpRequest,
) -> Result<WrapUp, ApiError> {
    let _guard = app.work.lock().await;
    let row = mine(app, agent_id, id).await?;
    store(app, &row, request).await?;
    wrap_ups::announce(app, id, agent_id)
        .await?
        .ok_or_else(|| ApiError::conflict("This interaction is not in post-processing."))
}

/// The agent clicks Wrap up.
pub async fn complete(
    app: &AppState,
    agent_id: i64,
    id: i64,
    request: &WrapUpRequest,
) -> Result<InteractionSummary, ApiError> {
    let _guard = app.work.lock().await;
    let row = mine(app, agent_id, id).await?;
    if row.mandatory_disposition && request.disposition_id.is_none() {
        return Err(ApiError::validation(
            "disposition_id",
            "This queue needs a disposition: choose one to wrap up.",
        ));
    }
    store(app, &row, request).await?;
    finish(app, id, agent_id, false).await
}

/// Ends `agent_id`'s wrap-up and frees them. If the interaction is still theirs, waiting on
/// this wrap-up, it closes (or returns to `open`) with the notes and disposition; one they
/// transferred has moved on, and their notes and disposition stay with their wrap-up.
async fn finish(
    app: &AppState,
    interaction_id: i64,
    agent_id: i64,
    timed_out: bool,
) -> Result<InteractionSummary, ApiError> {
    let row = wrap_ups::open_row(app, interaction_id, agent_id)
        .await?
        .ok_or_else(|| ApiError::conflict("Already wrapped up."))?;
    let now = now_ms();
    let (state, closed_at) = if row.keep_open {
        ("open", None)
    } else {
        ("closed", Some(now))
    };
    let concluded = db_wrap_ups::finish(app, &row, now, state, closed_at).await?;
    app.events
        .publish_read(
            Some(row.agent_id),
            "wrap_up_ended",
            Box::new(move |_, version| {
                Box::pin(async move {
                    Ok(EventBody::WrapUpEnded(WrapUpEnded {
                        interaction_id,
                        timed_out,
                        version,
                    })
                    .into())
                })
            }),
        )
        .await?;
    let summary = if concluded {
        summaries::announce(app, interaction_id).await?
    } else {
        summaries::summary(app, interaction_id).await?
    };
    status::free_after_work(app, row.agent_id).await?;
    Ok(summary)
}

/// Countdowns that ran out: wrap up for the agent, unless a mandatory disposition is
/// missing — then the agent stays paused and the countdown stops.
pub async fn expire_due(app: &AppState, now: i64) -> Result<(), ApiError> {
    let due = db_wrap_ups::due(app, now).await?;
    for row in due {
        if row.mandatory_disposition && row.disposition_id.is_none() {
            db_wrap_ups::clear_deadline(app, row.interaction_id, row.agent_id).await?;
            wrap_ups::announce(app, row.interaction_id, row.agent_id).await?;
        } else {
            finish(app, row.interaction_id, row.agent_id, true).await?;
        }
    }
    Ok(())
}

/// The earliest running countdown, for the dispatcher's sleep.
pub async fn next_deadline(app: &AppState) -> Result<Option<i64>, sqlx::Error> {
    db_wrap_ups::next_deadline(app).await
}
