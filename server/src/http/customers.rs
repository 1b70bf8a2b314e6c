//! Customer records: `GET /customers` (by `email`, `phone` or `q`), `POST /customers`,
//! `GET | PUT | DELETE /customers/{id}`, its `cases`, `tasks` (GET, POST), `history` and
//! `journey`; and `PUT /interactions/{id}/customer`, which links an interaction to one.

use axum::{
    extract::State,
    http::StatusCode,
    routing::{get, put},
    Json, Router,
};
use omni_protocol::{
    Customer, CustomerCase, CustomerInput, CustomerPage, CustomerTask, HistoryEntry,
    InteractionSummary, LinkCustomerRequest, TaskRequest,
};

use crate::{
    error::ApiError,
    http::extract::{Path, Query},
    http::{error_body::ApiJson, session::Session},
    work::customers::{self, CustomerQuery, JourneyQuery},
    AppState,
};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/customers", get(find).post(create))
        .route("/customers/{id}", get(one).put(update).delete(remove))
        .route("/customers/{id}/cases", get(cases))
        .route("/customers/{id}/tasks", get(tasks).post(add_task))
        .route("/customers/{id}/history", get(history))
        .route("/customers/{id}/journey", get(journey))
        .route("/interactions/{id}/customer", put(link))
}

async fn find(
    State(app): State<AppState>,
    _: Session,
    Query(query): Query<CustomerQuery>,
) -> Result<Json<CustomerPage>, ApiError> {
    Ok(Json(customers::find(&app, &query).await?))
}

async fn create(
    State(app): State<AppState>,
    session: Session,
    ApiJson(input): ApiJson<CustomerInput>,
) -> Result<(StatusCode, Json<Customer>), ApiError> {
    let customer = customers::create(&app, session.agent_id, &input).await?;
    Ok((StatusCode::CREATED, Json(customer)))
}

async fn one(
    State(app): State<AppState>,
    _: Session,
    Path(id): Path<i64>,
) -> Result<Json<Customer>, ApiError> {
    Ok(Json(customers::one(&app, id).await?))
}

async fn update(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CustomerInput>,
) -> Result<Json<Customer>, ApiError> {
    Ok(Json(
        customers::update(&app, session.agent_id, id, &input).await?,
    ))
}

async fn remove(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
) -> Result<StatusCode, ApiError> {
    customers::delete(&app, session.agent_id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn cases(
    State(app): State<AppState>,
    _: Session,
    Path(id): Path<i64>,
) -> Result<Json<Vec<CustomerCase>>, ApiError> {
    Ok(Json(customers::cases(&app, id).await?))
}

async fn tasks(
    State(app): State<AppState>,
    _: Session,
    Path(id): Path<i64>,
) -> Result<Json<Vec<CustomerTask>>, ApiError> {
    Ok(Json(customers::tasks(&app, id).await?))
}

async fn add_task(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    ApiJson(task): ApiJson<TaskRequest>,
) -> Result<(StatusCode, Json<CustomerTask>), ApiError> {
    let task = customers::add_task(&app, session.agent_id, id, &task).await?;
    Ok((StatusCode::CREATED, Json(task)))
}

async fn history(
    State(app): State<AppState>,
    _: Session,
    Path(id): Path<i64>,
) -> Result<Json<Vec<HistoryEntry>>, ApiError> {
    Ok(Json(customers::history(&app, id).await?))
}

async fn journey(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    Query(query): Query<JourneyQuery>,
) -> Result<Json<Vec<InteractionSummary>>, ApiError> {
    Ok(Json(
        customers::journey(&app, session.agent_id, id, &query).await?,
    ))
}

async fn link(
    State(app): State<AppState>,
    session: Session,
    Path(id): Path<i64>,
    ApiJson(request): ApiJson<LinkCustomerRequest>,
) -> Result<Json<InteractionSummary>, ApiError> {
    Ok(Json(
        customers::link(&app, session.agent_id, id, request.customer_id).await?,
    ))
}
