//! Wrap-ups (stored in `db::wrap_ups`): announcing a change, stopping an agent's
//! countdowns, and whether a disposition is owed. Below `work::wrapup` and `work::status`, which both
//! use it.

use omni_protocol::{EventBody, WrapUp};

use crate::{db::wrap_ups as db_wrap_ups, error::ApiError, AppState};

pub use crate::db::wrap_ups::{open_of, open_row, owes_disposition, WrapUpRow, COLUMNS};

pub async fn announce(
    app: &AppState,
    interaction_id: i64,
    agent_id: i64,
) -> Result<Option<WrapUp>, ApiError> {
    if open_row(app, interaction_id, agent_id).await?.is_none() {
        return Ok(None);
    }
    let published = app
        .events
        .publish_read(
            Some(agent_id),
            "wrap_up_changed",
            Box::new(move |conn, version| {
                Box::pin(async move {
                    let row = db_wrap_ups::stamp(conn, version, interaction_id, agent_id).await?;
                    Ok(EventBody::WrapUpChanged(row.into()).into())
                })
            }),
        )
        .await?;
    match published.event.body {
        EventBody::WrapUpChanged(wrap_up) => Ok(Some(wrap_up)),
        _ => Ok(None),
    }
}

/// "Work Offline" during post-processing stops the countdowns: the agent takes their time.
pub async fn stop_countdowns(app: &AppState, agent_id: i64) -> Result<(), ApiError> {
    let running = db_wrap_ups::running_countdowns(app, agent_id).await?;
    for interaction_id in running {
        db_wrap_ups::clear_deadline(app, interaction_id, agent_id).await?;
        announce(app, interaction_id, agent_id).await?;
    }
    Ok(())
}
