//! The reference backend of the Omni Desk contract: an axum router over one SQLite database.

pub mod agents;
pub mod auth;
pub mod clock;
pub mod config;
pub mod db;
pub mod delivery;
pub mod email_accounts;
pub mod email_body;
pub mod error;
pub mod events;
pub mod idempotency;
pub mod interaction_actions;
pub mod interaction_list;
pub mod interactions;
pub mod mail_ingest;
pub mod markdown;
pub mod messages;
pub mod offers;
pub mod outbound;
pub mod queues;
pub mod routing;
pub mod seed;
pub mod sending;
pub mod simulator;
pub mod transcript;
pub mod uploads;
pub mod web;
pub mod wrapup;

use std::sync::Arc;

use axum::Router;
use sqlx::SqlitePool;

pub use config::Config;
use events::EventHub;

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: SqlitePool,
    pub events: EventHub,
    pub config: Arc<Config>,
    pub index: Arc<web::IndexPage>,
    pub work: routing::Work,
}

impl AppState {
    pub fn new(db: SqlitePool, config: Config) -> Self {
        let index = Arc::new(web::IndexPage::load(&config.dist_dir));
        Self {
            events: EventHub::new(db.clone()),
            db,
            config: Arc::new(config),
            index,
            work: routing::Work::default(),
        }
    }
}

/// The whole HTTP surface: the API under `/api/v1` and the built desk beside it.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(auth::routes())
        .merge(agents::routes())
        .merge(events::routes())
        .merge(queues::routes())
        .merge(interactions::routes())
        .merge(offers::routes())
        .merge(wrapup::routes())
        .merge(messages::routes())
        .merge(interaction_list::routes())
        .merge(mail_ingest::routes())
        .merge(email_accounts::routes())
        .merge(markdown::routes())
        .merge(uploads::routes())
        .merge(sending::routes())
        .merge(interaction_actions::routes())
        .merge(transcript::routes())
        .fallback(error::api_not_found);
    Router::new()
        .nest("/api/v1", web::api_layers(api, &state.config))
        .merge(web::desk_routes(&state))
        .with_state(state)
}
