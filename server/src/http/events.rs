//! `GET /events` as SSE: resumes after `Last-Event-ID` / `?since=`, or tells the client to
//! resync when the log no longer holds that point.

use std::{collections::HashMap, convert::Infallible, time::Duration};

use axum::{
    extract::State,
    http::HeaderMap,
    response::sse::{Event as SseFrame, Sse},
    routing::get,
    Router,
};
use futures::Stream;
use omni_protocol::{paths, Event, EventBody, Resync};
use tokio::sync::broadcast;

use crate::{
    error::ApiError, events::CatchUp, http::extract::Query, http::session::Session, AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new().route("/events", get(stream))
}

const BACKLOG_PAGE: i64 = 500;
/// How often an idle stream sends a comment (keeps proxies open) and re-checks its session.
pub const KEEP_ALIVE: Duration = Duration::from_secs(15);

fn frame(event: &Event) -> SseFrame {
    let data = serde_json::to_string(event).unwrap_or_default();
    SseFrame::default()
        .id(event.id.to_string())
        .event(event.body.type_name())
        .data(data)
}

fn resume_point(
    headers: &HeaderMap,
    query: &HashMap<String, String>,
) -> Result<Option<u64>, ApiError> {
    let raw = headers
        .get(paths::LAST_EVENT_ID)
        .and_then(|value| value.to_str().ok())
        .or_else(|| query.get(paths::SINCE).map(String::as_str))
        .map(str::trim)
        .filter(|raw| !raw.is_empty());
    match raw {
        None => Ok(None),
        Some(raw) => raw.parse().map(Some).map_err(|_| {
            ApiError::validation(paths::SINCE, format!("\"{raw}\" is not an event id."))
        }),
    }
}

async fn stream(
    State(app): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Result<Sse<impl Stream<Item = Result<SseFrame, Infallible>>>, ApiError> {
    let since = resume_point(&headers, &query)?;
    // Subscribe before reading the log, so nothing published in between is missed.
    let mut live = app.events.subscribe();
    let head = app.events.head().await?;
    let floor = app.events.floor().await?;
    let agent_id = session.agent_id;

    let frames = async_stream::stream! {
        yield Ok(SseFrame::default().retry(Duration::from_millis(1000)).comment("omni-desk events"));
        let mut last = match since {
            Some(since) if since < floor || since > head => {
                let reason = if since > head { "this server has no such event id" } else { "the event log no longer holds that id" };
                let resync = Event { id: head, body: EventBody::Resync(Resync { reason: reason.into() }) };
                yield Ok(frame(&resync));
                head
            }
            Some(since) => since,
            None => head,
        };
        let mut keep_alive = tokio::time::interval_at(tokio::time::Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
        let mut catching_up = true;
        loop {
            if catching_up {
                // Fell behind (a stalled reader, a lagged live buffer): what the log still
                // holds, or a resync when it was pruned past `last` (replaying the rest would
                // hide a gap).
                match app.events.after(agent_id, last, BACKLOG_PAGE).await {
                    Ok(CatchUp::Events(events)) => {
                        catching_up = events.len() as i64 == BACKLOG_PAGE;
                        for event in events {
                            last = event.id;
                            yield Ok(frame(&event));
                        }
                    }
                    Ok(CatchUp::Pruned { head }) => {
                        let reason = "the event log no longer holds what this stream missed";
                        yield Ok(frame(&Event { id: head, body: EventBody::Resync(Resync { reason: reason.into() }) }));
                        last = head;
                    }
                    Err(_) => break,
                }
                continue;
            }
            tokio::select! {
                received = live.recv() => match received {
                    // Every id moves `last` on, this agent's or not: a later catch-up then
                    // starts after what this stream has already passed.
                    Ok(published) if published.event.id > last => {
                        last = published.event.id;
                        if published.is_for(agent_id) {
                            yield Ok(frame(&published.as_seen_by(agent_id)));
                        }
                    }
                    Ok(_) => {}
                    Err(broadcast::error::RecvError::Lagged(_)) => catching_up = true,
                    Err(broadcast::error::RecvError::Closed) => break,
                },
                _ = keep_alive.tick() => {
                    if !matches!(session.is_live(&app).await, Ok(true)) {
                        break;
                    }
                    yield Ok(SseFrame::default().comment("keep-alive"));
                }
            }
        }
    };
    Ok(Sse::new(frames))
}
