//! The signed-in agent: profile (`GET /me`) and presence status (`PUT /me/status`).

use axum::{extract::State, routing::get, routing::put, Json, Router};
use omni_protocol::{
    AgentProfile, AgentSettings, AgentStatus, EventBody, Permissions, SetStatusRequest,
    StatusChanged, StatusOption,
};

use crate::{
    auth::Session,
    clock::now_ms,
    error::{ApiError, ApiJson},
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/me", get(me))
        .route("/me/status", put(set_status))
}

async fn me(State(app): State<AppState>, session: Session) -> Result<Json<AgentProfile>, ApiError> {
    Ok(Json(profile(&app, session.agent_id).await?))
}

async fn set_status(
    State(app): State<AppState>,
    session: Session,
    ApiJson(request): ApiJson<SetStatusRequest>,
) -> Result<Json<AgentProfile>, ApiError> {
    let options = status_options(&app).await?;
    if !options.iter().any(|option| option.status == request.status) {
        let shown = match &request.status {
            AgentStatus::Custom { id } => id.clone(),
            other => other.key(),
        };
        return Err(ApiError::validation(
            "status",
            format!("\"{shown}\" is not a status you can choose any more."),
        ));
    }
    change_status(&app, session.agent_id, request.status).await?;
    Ok(Json(profile(&app, session.agent_id).await?))
}

/// Sets an agent's status and tells every session of that agent. The one way status changes.
pub async fn change_status(
    app: &AppState,
    agent_id: i64,
    status: AgentStatus,
) -> Result<(), ApiError> {
    let changed_at = now_ms();
    let updated = sqlx::query(
        "UPDATE agents SET status = ?, status_changed_at = ? WHERE id = ? AND status <> ?",
    )
    .bind(status.key())
    .bind(changed_at)
    .bind(agent_id)
    .bind(status.key())
    .execute(&app.db)
    .await?;
    if updated.rows_affected() > 0 {
        let event = EventBody::StatusChanged(StatusChanged {
            agent_id,
            status,
            changed_at,
        });
        app.events.publish(Some(agent_id), event).await?;
    }
    Ok(())
}

/// Built-in statuses first, then the custom pauses in their configured order.
pub async fn status_options(app: &AppState) -> Result<Vec<StatusOption>, ApiError> {
    let builtin = [
        AgentStatus::Available,
        AgentStatus::Busy,
        AgentStatus::WorkingOffline,
        AgentStatus::OnBreak,
    ]
    .into_iter()
    .map(|status| StatusOption {
        label: status.builtin_label().unwrap_or_default().to_owned(),
        status,
    });
    let custom: Vec<(String, String)> =
        sqlx::query_as("SELECT id, label FROM custom_statuses ORDER BY position, id")
            .fetch_all(&app.db)
            .await?;
    let custom = custom.into_iter().map(|(id, label)| StatusOption {
        status: AgentStatus::Custom { id },
        label,
    });
    Ok(builtin.chain(custom).collect())
}

#[derive(sqlx::FromRow)]
struct AgentRow {
    id: i64,
    username: String,
    display_name: String,
    status: String,
    may_reject: bool,
    may_transfer: bool,
    may_edit_customers: bool,
    may_delete_customers: bool,
    settings: String,
}

pub async fn profile(app: &AppState, agent_id: i64) -> Result<AgentProfile, ApiError> {
    // Read the log head first: whatever happens after it reaches the client by the stream.
    let last_event_id = app.events.head().await?;
    let row: AgentRow = sqlx::query_as(
        "SELECT id, username, display_name, status, may_reject, may_transfer, may_edit_customers, \
         may_delete_customers, settings FROM agents WHERE id = ?",
    )
    .bind(agent_id)
    .fetch_optional(&app.db)
    .await?
    .ok_or_else(|| ApiError::not_found("This agent no longer exists."))?;
    Ok(AgentProfile {
        id: row.id,
        username: row.username,
        display_name: row.display_name,
        status: AgentStatus::from_key(&row.status).unwrap_or(AgentStatus::WorkingOffline),
        statuses: status_options(app).await?,
        permissions: Permissions {
            may_reject: row.may_reject,
            may_transfer: row.may_transfer,
            may_edit_customers: row.may_edit_customers,
            may_delete_customers: row.may_delete_customers,
        },
        settings: serde_json::from_str::<AgentSettings>(&row.settings).unwrap_or_default(),
        last_event_id,
    })
}
