//! Interaction summaries (their rows and queries are `db::summaries`): read with a viewer's
//! unread count, and announced (stamped with a new version and published) under the
//! publishing lock.

use omni_protocol::{EventBody, InteractionSummary};

use crate::{
    db::summaries::{summary_in, unread_counts},
    error::ApiError,
    events::{Stamped, UnreadCounts},
    AppState,
};

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
    summary_in(&app.db, id, viewer).await
}

/// Tells every desk the interaction's new summary (lists show all interactions; the rail
/// takes the ones assigned to its agent), each with its own agent's unread count. Returns the
/// summary with the assignee's count.
pub async fn announce(app: &AppState, id: i64) -> Result<InteractionSummary, ApiError> {
    let (mut summary, unread) = announced(app, id).await?;
    summary.unread = summary
        .agent_id
        .map_or(unread.default, |agent| unread.of(agent));
    Ok(summary)
}

/// [`announce`], returning the summary as `viewer` sees it (a REST answer to `viewer`).
pub async fn announce_to(
    app: &AppState,
    id: i64,
    viewer: i64,
) -> Result<InteractionSummary, ApiError> {
    let (mut summary, unread) = announced(app, id).await?;
    summary.unread = unread.of(viewer);
    Ok(summary)
}

/// Stamps the interaction with a new version and publishes its summary, read under the
/// publishing lock.
async fn announced(
    app: &AppState,
    id: i64,
) -> Result<(InteractionSummary, UnreadCounts), ApiError> {
    let published = app
        .events
        .publish_read(
            None,
            "interaction_changed",
            Box::new(|conn, version| {
                Box::pin(async move {
                    crate::db::summaries::stamp(conn, version, id).await?;
                    let summary = summary_in(&mut *conn, id, None).await?;
                    let unread = unread_counts(conn, id).await?;
                    Ok(Stamped {
                        body: EventBody::InteractionChanged(summary),
                        unread: Some(unread),
                    })
                })
            }),
        )
        .await?;
    let unread = published.unread.as_deref().cloned().unwrap_or_default();
    match published.event.body {
        EventBody::InteractionChanged(summary) => Ok((summary, unread)),
        _ => Err(ApiError::internal("announced something else")),
    }
}
