//! Interactions: inbound arrival, the agent's open work, and ending one.

use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    routing::{get, post},
    Json, Router,
};
use omni_protocol::{
    Channel, CustomerRef, Direction, EmailAddress, EventBody, InboundRequest, InteractionState,
    InteractionSummary, MessageKind, WorkSnapshot,
};

use crate::{
    agents,
    auth::Session,
    clock::now_ms,
    error::{ApiError, ApiJson},
    messages::{self, NewMessage},
    offers, queues,
    queues::QueueRow,
    wrapup, AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/inbound", post(inbound))
        .route("/me/work", get(work))
        .route("/interactions/{id}", get(one))
        .route("/interactions/{id}/end", post(end))
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    channel: String,
    queue_id: i64,
    queue_name: String,
    customer_id: i64,
    first_name: String,
    last_name: String,
    email: Option<String>,
    phone: Option<String>,
    subject: Option<String>,
    first_message: String,
    state: String,
    agent_id: Option<i64>,
    created_at: i64,
    accepted_at: Option<i64>,
    ended_at: Option<i64>,
    awaiting_reply_since: Option<i64>,
    unread: i64,
}

/// The summary's columns; `?1` is the agent whose unread count is wanted (NULL: the assignee).
/// Unread counts customer emails and chat lines after the agent's read mark.
const SUMMARY_SELECT: &str = "SELECT i.id, i.channel, i.queue_id, q.name AS queue_name, i.customer_id, \
     c.first_name, c.last_name, c.email, c.phone, i.subject, i.first_message, i.state, i.agent_id, \
     i.created_at, i.accepted_at, i.ended_at, i.awaiting_reply_since, \
     (SELECT count(*) FROM messages m WHERE m.interaction_id = i.id AND m.direction = 'inbound' \
        AND m.kind IN ('email', 'chat') AND m.id > COALESCE((SELECT r.read_through FROM interaction_reads r \
        WHERE r.interaction_id = i.id AND r.agent_id = COALESCE(?1, i.agent_id)), 0)) AS unread \
     FROM interactions i JOIN queues q ON q.id = i.queue_id JOIN customers c ON c.id = i.customer_id";

fn state_of(text: &str) -> InteractionState {
    match text {
        "queued" => InteractionState::Queued,
        "offered" => InteractionState::Offered,
        "active" => InteractionState::Active,
        "wrap_up" => InteractionState::WrapUp,
        _ => InteractionState::Closed,
    }
}

/// The first characters of a message, on one line, for offers and previews.
pub fn preview_of(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(140) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line,
    }
}

impl From<SummaryRow> for InteractionSummary {
    fn from(row: SummaryRow) -> Self {
        InteractionSummary {
            id: row.id,
            channel: Channel::parse(&row.channel).unwrap_or(Channel::Email),
            queue_id: row.queue_id,
            queue_name: row.queue_name,
            customer: CustomerRef {
                id: row.customer_id,
                name: format!("{} {}", row.first_name, row.last_name)
                    .trim()
                    .to_owned(),
                email: row.email,
                phone: row.phone,
            },
            subject: row.subject,
            preview: preview_of(&row.first_message),
            state: state_of(&row.state),
            agent_id: row.agent_id,
            created_at: row.created_at,
            accepted_at: row.accepted_at,
            ended_at: row.ended_at,
            awaiting_reply_since: row.awaiting_reply_since,
            unread: row.unread.max(0) as u32,
        }
    }
}

pub async fn summary(app: &AppState, id: i64) -> Result<InteractionSummary, ApiError> {
    summary_as_seen(app, id, None).await
}

/// The summary with `viewer`'s unread count.
pub async fn summary_for(
    app: &AppState,
    id: i64,
    viewer: i64,
) -> Result<InteractionSummary, ApiError> {
    summary_as_seen(app, id, Some(viewer)).await
}

async fn summary_as_seen(
    app: &AppState,
    id: i64,
    viewer: Option<i64>,
) -> Result<InteractionSummary, ApiError> {
    let row: Option<SummaryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SUMMARY_SELECT} WHERE i.id = ?2"
    )))
    .bind(viewer)
    .bind(id)
    .fetch_optional(&app.db)
    .await?;
    row.map(Into::into)
        .ok_or_else(|| ApiError::not_found("No such interaction."))
}

/// The agent's open interactions (active or in wrap-up), oldest first.
pub async fn open_of(app: &AppState, agent_id: i64) -> Result<Vec<InteractionSummary>, ApiError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "{SUMMARY_SELECT} WHERE i.agent_id = ?1 AND i.state IN ('active', 'wrap_up') ORDER BY i.accepted_at, i.id"
    )))
    .bind(agent_id)
    .fetch_all(&app.db)
    .await?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Tells the assigned agent (if any) the interaction's new summary.
pub async fn announce(app: &AppState, id: i64) -> Result<InteractionSummary, ApiError> {
    let summary = summary(app, id).await?;
    if let Some(agent_id) = summary.agent_id {
        app.events
            .publish(
                Some(agent_id),
                EventBody::InteractionChanged(summary.clone()),
            )
            .await?;
    }
    Ok(summary)
}

/// A customer contact enters a queue; routing takes it from there.
pub async fn create_inbound(
    app: &AppState,
    request: &InboundRequest,
) -> Result<InteractionSummary, ApiError> {
    let queue = queues::queue(app, request.queue_id)
        .await?
        .ok_or_else(|| ApiError::validation("queue_id", "No such queue."))?;
    let customer: Option<(String, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT first_name, last_name, email, phone FROM customers WHERE id = ?")
            .bind(request.customer_id)
            .fetch_optional(&app.db)
            .await?;
    let Some((first, last, email, phone)) = customer else {
        return Err(ApiError::validation("customer_id", "No such customer."));
    };
    if request.body.trim().is_empty() {
        return Err(ApiError::validation(
            "body",
            "An inbound contact needs a message.",
        ));
    }
    let channel = queue.channel();
    let subject = match channel {
        Channel::Email => request.subject.clone().filter(|s| !s.trim().is_empty()),
        Channel::Chat => None,
    };
    let now = now_ms();
    let id = open(
        app,
        &queue,
        request.customer_id,
        subject.clone(),
        &request.body,
        now,
    )
    .await?;
    let from = EmailAddress {
        name: Some(format!("{first} {last}").trim().to_owned()),
        address: match channel {
            Channel::Email => email.unwrap_or_default(),
            Channel::Chat => phone.unwrap_or_default(),
        },
    };
    messages::insert(
        app,
        NewMessage {
            interaction_id: id,
            direction: Direction::Inbound,
            kind: if channel == Channel::Chat {
                MessageKind::Chat
            } else {
                MessageKind::Email
            },
            author_agent_id: None,
            from,
            to: vec![],
            cc: vec![],
            bcc: vec![],
            reply_to: vec![],
            subject,
            message_id: None,
            in_reply_to: None,
            sent_at: now,
            body_text: request.body.clone(),
            body_html: None,
            raw: None,
            attachments: vec![],
        },
    )
    .await?;
    app.work.wake();
    summary(app, id).await
}

/// A new queued interaction; its first message is stored by the caller.
pub async fn open(
    app: &AppState,
    queue: &QueueRow,
    customer_id: i64,
    subject: Option<String>,
    first_message: &str,
    at: i64,
) -> Result<i64, ApiError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO interactions (queue_id, channel, customer_id, subject, first_message, state, created_at, \
         awaiting_reply_since) VALUES (?, ?, ?, ?, ?, 'queued', ?, ?) RETURNING id",
    )
    .bind(queue.id)
    .bind(queue.channel().as_str())
    .bind(customer_id)
    .bind(subject)
    .bind(first_message)
    .bind(at)
    .bind(at)
    .fetch_one(&app.db)
    .await?)
}

/// `POST /inbound`: for gateways, the simulator and tests; needs `X-Inbound-Key`.
async fn inbound(
    State(app): State<AppState>,
    headers: HeaderMap,
    ApiJson(request): ApiJson<InboundRequest>,
) -> Result<(StatusCode, Json<InteractionSummary>), ApiError> {
    check_inbound_key(&app, &headers)?;
    Ok((
        StatusCode::CREATED,
        Json(create_inbound(&app, &request).await?),
    ))
}

/// Inbound posting is for holders of the configured key only.
pub fn check_inbound_key(app: &AppState, headers: &HeaderMap) -> Result<(), ApiError> {
    let given = headers.get("x-inbound-key").and_then(|v| v.to_str().ok());
    match app.config.inbound_key.as_deref() {
        Some(key) if given == Some(key) => Ok(()),
        Some(_) => Err(ApiError::forbidden(
            "A valid X-Inbound-Key is needed to post inbound contacts.",
        )),
        None => Err(ApiError::not_found(
            "Inbound posting is not enabled on this server.",
        )),
    }
}

async fn work(
    State(app): State<AppState>,
    session: Session,
) -> Result<Json<WorkSnapshot>, ApiError> {
    let last_event_id = app.events.head().await?;
    Ok(Json(WorkSnapshot {
        offers: offers::pending_for(&app, session.agent_id).await?,
        interactions: open_of(&app, session.agent_id).await?,
        wrap_ups: wrapup::open_of(&app, session.agent_id).await?,
        last_event_id,
    }))
}

async fn one(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<InteractionSummary>, ApiError> {
    let summary = summary(&app, id).await?;
    if summary.agent_id != Some(session.agent_id) {
        return Err(ApiError::forbidden(
            "This interaction is assigned to someone else.",
        ));
    }
    Ok(Json(summary))
}

/// `POST /interactions/{id}/end`: the agent is done; post-processing starts if the queue has it.
async fn end(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<Json<InteractionSummary>, ApiError> {
    let _guard = app.work.lock().await;
    let summary = summary(&app, id).await?;
    if summary.agent_id != Some(session.agent_id) {
        return Err(ApiError::forbidden(
            "This interaction is assigned to someone else.",
        ));
    }
    if summary.state != InteractionState::Active {
        return Err(ApiError::conflict("This interaction has already ended."));
    }
    finish(&app, &summary).await.map(Json)
}

/// Ends an active interaction: wrap-up when the queue asks for it, else closed at once.
pub async fn finish(
    app: &AppState,
    summary: &InteractionSummary,
) -> Result<InteractionSummary, ApiError> {
    let queue = queues::queue(app, summary.queue_id)
        .await?
        .ok_or_else(|| ApiError::internal("queue vanished"))?;
    let agent_id = summary.agent_id.unwrap_or_default();
    let now = now_ms();
    let wraps = queue.post_processing_seconds > 0 || queue.disposition_mandatory;
    sqlx::query("UPDATE interactions SET state = ?, ended_at = ?, closed_at = ? WHERE id = ?")
        .bind(if wraps { "wrap_up" } else { "closed" })
        .bind(now)
        .bind((!wraps).then_some(now))
        .bind(summary.id)
        .execute(&app.db)
        .await?;
    let ended = announce(app, summary.id).await?;
    if wraps {
        wrapup::start(app, summary.id, agent_id, &queue).await?;
    } else {
        agents::free_after_work(app, agent_id).await?;
    }
    Ok(ended)
}
