//! `omni-server`: the reference backend. Settings come from `OMNI_*` variables (see `config.rs`).

use omni_server::{
    app, db, demo::history, demo::seed, demo::simulator, email::delivery, events, http, routing,
    work::messages, work::uploads, AppState, Config,
};
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info")),
        )
        .init();
    if let Err(message) = run().await {
        eprintln!("omni-server: {message}");
        std::process::exit(1);
    }
}

async fn run() -> Result<(), String> {
    let config = Config::from_env()?;
    let pool = db::open(&config.database).await.map_err(|error| {
        format!(
            "cannot open database {}: {error}",
            config.database.display()
        )
    })?;
    let addr = config.addr;
    let seed_demo = config.seed_demo;
    let demo_history = config.demo_history;
    let state = AppState::new(pool, config);
    if seed_demo
        && seed::seed_demo(&state)
            .await
            .map_err(|error| format!("seeding failed: {error:?}"))?
    {
        tracing::info!("seeded demo agents, queues and customers");
    }
    if seed_demo && demo_history {
        let created = history::seed_history(&state)
            .await
            .map_err(|error| format!("seeding the demo history failed: {error:?}"))?;
        if created > 0 {
            tracing::info!(created, "seeded the demo's email interactions");
        }
    }
    events::spawn_pruning(state.clone());
    routing::dispatcher::spawn_dispatcher(state.clone());
    delivery::spawn_worker(state.clone());
    messages::spawn_preparation(state.clone());
    uploads::spawn_cleanup(state.clone());
    simulator::spawn(state.clone());
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|error| format!("cannot listen on {addr}: {error}"))?;
    tracing::info!("listening on http://{addr}");
    http::serve::serve(listener, app(state), async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await
    .map_err(|error| error.to_string())
}
