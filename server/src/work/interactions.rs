//! Interactions: inbound arrival, the agent's open work, and ending one (their summaries are
//! `work::summaries`).

use omni_protocol::{
    Channel, Direction, EmailAddress, InboundRequest, InteractionState, InteractionSummary,
    MessageKind, WorkSnapshot,
};

use sqlx::SqliteConnection;

use crate::{
    clock::now_ms,
    db::interactions::{self as db_interactions, Contact},
    db::queues,
    db::queues::QueueRow,
    error::ApiError,
    work::messages::{self, NewMessage},
    work::pending_offers,
    work::status,
    work::summaries,
    work::wrap_ups,
    work::wrapup,
    AppState,
};

/// A customer contact enters a queue; routing takes it from there.
pub async fn create_inbound(
    app: &AppState,
    request: &InboundRequest,
) -> Result<InteractionSummary, ApiError> {
    let queue = queues::queue(app, request.queue_id)
        .await?
        .ok_or_else(|| ApiError::validation("queue_id", "No such queue."))?;
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
    let contact = inbound_contact(app, channel, request).await?;
    let from = EmailAddress {
        name: Some(contact.name.clone()).filter(|name| !name.is_empty()),
        address: contact.address.clone().unwrap_or_default(),
    };
    let kind = match channel {
        Channel::Chat => MessageKind::Chat,
        Channel::Email => MessageKind::Email,
    };
    let mut message = NewMessage {
        subject: subject.clone(),
        sent_at: now,
        ..NewMessage::new(0, Direction::Inbound, kind, from, request.body.clone())
    };
    let written = messages::write_files(app, &message).await?;
    // The interaction and its first message are stored together, or neither is.
    let mut tx = crate::db::write(&app.db).await?;
    let id = open(&mut tx, &queue, &contact, subject, &request.body, now).await?;
    message.interaction_id = id;
    let message_id = messages::insert_rows(&mut tx, &message, written).await?;
    tx.commit().await?;
    messages::announce(app, message_id, true).await?;
    // Announced before routing may offer it, so no stale "queued" follows the offer.
    let queued = summaries::announce(app, id).await?;
    app.work.wake();
    Ok(queued)
}

/// Who an inbound contact is with: the customer named, or the one customer its address
/// matches (drafts never do); else only the name and address it came with.
async fn inbound_contact(
    app: &AppState,
    channel: Channel,
    request: &InboundRequest,
) -> Result<Contact, ApiError> {
    let typed = request
        .from_address
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    let address = match (channel, typed) {
        (_, None) => None,
        (Channel::Email, Some(address)) => {
            omni_protocol::check_address(address)
                .map_err(|sentence| ApiError::validation("from_address", sentence))?;
            Some(address.to_lowercase())
        }
        (Channel::Chat, Some(number)) => Some(
            omni_protocol::phone::e164(number)
                .map_err(|problem| ApiError::validation("from_address", problem.sentence()))?,
        ),
    };
    let name = request
        .from_name
        .clone()
        .unwrap_or_default()
        .trim()
        .to_owned();
    if let Some(id) = request.customer_id {
        let Some((first, last, email, phone)) = crate::db::customers::contact(app, id).await?
        else {
            return Err(ApiError::validation("customer_id", "No such customer."));
        };
        let own = match channel {
            Channel::Email => email,
            Channel::Chat => phone,
        };
        return Ok(Contact {
            customer_id: Some(id),
            name: Some(name)
                .filter(|name| !name.is_empty())
                .unwrap_or_else(|| format!("{first} {last}").trim().to_owned()),
            address: address.or(own),
        });
    }
    let Some(address) = address else {
        return Err(ApiError::validation(
            "from_address",
            "Say who the contact is from: a customer_id or a from_address.",
        ));
    };
    let matches = match channel {
        Channel::Email => crate::db::customers::by_email(app, &address).await?,
        Channel::Chat => crate::db::customers::by_phone(app, &address).await?,
    };
    Ok(Contact {
        customer_id: (matches.len() == 1).then(|| matches[0]),
        name: if name.is_empty() {
            address.clone()
        } else {
            name
        },
        address: Some(address),
    })
}

/// A new queued interaction on `conn` (inside the transaction that stores its first message).
pub async fn open(
    conn: &mut SqliteConnection,
    queue: &QueueRow,
    contact: &Contact,
    subject: Option<String>,
    first_message: &str,
    at: i64,
) -> Result<i64, ApiError> {
    db_interactions::insert_queued(
        conn,
        queue.id,
        queue.channel().as_str(),
        contact,
        subject,
        first_message,
        at,
    )
    .await
}

/// What the agent has on their desk now: pending offers, open interactions, wrap-ups, and
/// the event id they are current to.
pub async fn work_snapshot(app: &AppState, agent_id: i64) -> Result<WorkSnapshot, ApiError> {
    let last_event_id = app.events.head().await?;
    Ok(WorkSnapshot {
        offers: pending_offers::pending_for(app, agent_id).await?,
        interactions: crate::db::summaries::open_of(app, agent_id).await?,
        wrap_ups: wrap_ups::open_of(app, agent_id).await?,
        last_event_id,
    })
}

/// The agent is done with interaction `id`; post-processing starts if the queue has it.
pub async fn end(app: &AppState, agent_id: i64, id: i64) -> Result<InteractionSummary, ApiError> {
    let _guard = app.work.lock().await;
    let summary = summaries::summary(app, id).await?;
    if summary.agent_id != Some(agent_id) {
        return Err(ApiError::forbidden(
            "This interaction is assigned to someone else.",
        ));
    }
    if summary.state != InteractionState::Active {
        return Err(ApiError::conflict("This interaction has already ended."));
    }
    finish(app, &summary, false).await
}

/// Ends the agent's work on an interaction: wrap-up when the queue asks for it, then closed
/// — or, with `keep_open` (a reply sent, the customer's answer awaited), `open`. One
/// transaction; the caller holds the work lock.
pub async fn finish(
    app: &AppState,
    summary: &InteractionSummary,
    keep_open: bool,
) -> Result<InteractionSummary, ApiError> {
    let queue = queues::queue(app, summary.queue_id)
        .await?
        .ok_or_else(|| ApiError::internal("queue vanished"))?;
    let mut tx = crate::db::write(&app.db).await?;
    let agent_id = summary.agent_id.unwrap_or_default();
    let ended = end_rows(&mut tx, summary.id, agent_id, &queue, keep_open).await?;
    tx.commit().await?;
    after_end(app, &ended).await
}

/// An interaction's end as written, for what follows its commit.
pub struct Ended {
    pub interaction_id: i64,
    pub agent_id: i64,
    pub wraps_up: bool,
}

/// The rows of [`finish`] (the interaction's state, and its wrap-up when the queue has one),
/// on `conn` inside the caller's transaction.
pub async fn end_rows(
    conn: &mut SqliteConnection,
    interaction_id: i64,
    agent_id: i64,
    queue: &QueueRow,
    keep_open: bool,
) -> Result<Ended, ApiError> {
    let now = now_ms();
    let wraps_up = queue.wraps_up();
    let state = match (wraps_up, keep_open) {
        (true, _) => "wrap_up",
        (false, true) => "open",
        (false, false) => "closed",
    };
    db_interactions::end(conn, interaction_id, state, now).await?;
    if wraps_up {
        wrapup::start_row(conn, interaction_id, agent_id, queue, keep_open).await?;
    }
    Ok(Ended {
        interaction_id,
        agent_id,
        wraps_up,
    })
}

/// After an end's commit: every desk hears of it, and the agent's status follows (paused
/// for wrap-up, or free). The caller holds the work lock.
pub async fn after_end(app: &AppState, ended: &Ended) -> Result<InteractionSummary, ApiError> {
    let summary = summaries::announce(app, ended.interaction_id).await?;
    if ended.wraps_up {
        wrapup::started(app, ended.interaction_id, ended.agent_id).await?;
    } else {
        status::free_after_work(app, ended.agent_id).await?;
    }
    Ok(summary)
}

/// A sub-status the backend offers, or a 422 naming the field.
pub async fn check_sub_status(app: &AppState, label: &str) -> Result<(), ApiError> {
    if crate::db::agents::is_sub_status(app, label).await? {
        return Ok(());
    }
    Err(ApiError::validation(
        "sub_status",
        format!("\"{label}\" is not a sub-status here."),
    ))
}
