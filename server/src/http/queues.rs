//! `GET /queues` and `GET /dispositions`.

use axum::{extract::State, routing::get, Json, Router};
use omni_protocol::{Disposition, Queue};

use crate::{db::queues, error::ApiError, http::session::Session, AppState};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/queues", get(list_queues))
        .route("/dispositions", get(list_dispositions))
}

async fn list_queues(
    State(app): State<AppState>,
    session: Session,
) -> Result<Json<Vec<Queue>>, ApiError> {
    Ok(Json(queues::all_queues(&app, session.agent_id).await?))
}

async fn list_dispositions(
    State(app): State<AppState>,
    _: Session,
) -> Result<Json<Vec<Disposition>>, ApiError> {
    Ok(Json(queues::disposition_tree(&app).await?))
}
