//! The reference backend of the Omni Desk contract: an axum router over one SQLite database.

pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod email;
pub mod error;
pub mod events;
pub mod fault;
pub mod http;
pub mod presence;
pub mod routing;
pub mod text;
pub mod work;

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
    pub index: Arc<http::desk::IndexPage>,
    pub work: routing::dispatcher::Work,
    /// Held while an inbound email is checked against what was received and stored, so a
    /// gateway's retries of one message can never store it twice.
    pub ingesting: Arc<tokio::sync::Mutex<()>>,
    /// Pauses after wrong passwords, and the cap on password hashes at once.
    pub sign_ins: Arc<presence::auth::SignInGuard>,
}

impl AppState {
    pub fn new(db: SqlitePool, config: Config) -> Self {
        let index = Arc::new(http::desk::IndexPage::load(&config.dist_dir, &config));
        Self {
            events: EventHub::new(db.clone()),
            db,
            config: Arc::new(config),
            index,
            work: routing::dispatcher::Work::default(),
            ingesting: Arc::default(),
            sign_ins: Arc::default(),
        }
    }
}

/// The whole HTTP surface: the API under `/api/v1` and the built desk beside it.
pub fn app(state: AppState) -> Router {
    let api = Router::new()
        .merge(http::sign_in::routes())
        .merge(http::agents::routes())
        .merge(http::customers::routes())
        .merge(http::events::routes())
        .merge(http::queues::routes())
        .merge(http::interactions::routes())
        .merge(http::offers::routes())
        .merge(http::wrap_up::routes())
        .merge(http::messages::routes())
        .merge(http::interaction_list::routes())
        .merge(http::search::routes())
        .merge(http::inbound_email::routes())
        .merge(http::email_accounts::routes())
        .merge(http::markdown::routes())
        .merge(http::uploads::routes())
        .merge(http::sending::routes())
        .merge(http::interaction_actions::routes())
        .merge(http::transcript::routes())
        .fallback(http::error_body::api_not_found);
    Router::new()
        .nest("/api/v1", http::desk::api_layers(api, &state.config))
        .merge(http::desk::desk_routes(&state))
        .with_state(state)
}
