//! Serving the built desk: `index.html` with a fresh CSP nonce per response, hashed assets
//! precompressed (br/gzip), security headers; and the API's cross-cutting layers.

use std::path::Path;

use axum::{
    extract::State,
    http::{header, HeaderName, HeaderValue, Method, StatusCode},
    response::{Html, IntoResponse, Response},
    routing::get,
    Router,
};
use base64::{engine::general_purpose::STANDARD, Engine};
use rand::RngCore;
use tower_http::{
    compression::{CompressionLayer, CompressionLevel},
    cors::{AllowOrigin, CorsLayer},
    services::ServeDir,
    set_header::SetResponseHeaderLayer,
};

use crate::{config::Config, AppState};

/// Trunk's `create_nonce` placeholder in the built `index.html`.
const NONCE_PLACEHOLDER: &str = "{{__TRUNK NONCE__}}";

/// The built `index.html`, read once at start.
pub struct IndexPage {
    html: Option<String>,
}

impl IndexPage {
    pub fn load(dist: &Path) -> Self {
        let html = std::fs::read_to_string(dist.join("index.html")).ok();
        if html.is_none() {
            tracing::warn!(dist = %dist.display(), "no built desk here; build it with `cargo xtask run`");
        }
        Self { html }
    }
}

fn new_nonce() -> String {
    let mut bytes = [0u8; 18];
    rand::thread_rng().fill_bytes(&mut bytes);
    STANDARD.encode(bytes)
}

/// The document's policy: only our own scripts (and Trunk's loader by nonce), wasm allowed,
/// no plugins, and embedding only by the configured ancestors. Email frames (`srcdoc`)
/// inherit this policy on top of their own stricter one, so it must let their inline
/// styles and (once the agent allows it) remote images through; the desk itself sets
/// neither.
pub fn content_security_policy(nonce: &str, config: &Config) -> String {
    let connect_src = format!("'self' {}", config.connect_src);
    format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: https: http:; connect-src {}; frame-src 'self' blob:; \
         object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors {}",
        connect_src.trim(),
        config.frame_ancestors
    )
}

async fn index(State(app): State<AppState>) -> Response {
    let Some(html) = &app.index.html else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "The desk is not built. Run `cargo xtask run`.",
        )
            .into_response();
    };
    let nonce = new_nonce();
    let csp = content_security_policy(&nonce, &app.config);
    let mut response = Html(html.replace(NONCE_PLACEHOLDER, &nonce)).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response
}

/// `/`, `/index.html` and unknown paths (client routes) get the page; files come from `dist/`.
pub fn desk_routes(app: &AppState) -> Router<AppState> {
    let files = ServeDir::new(&app.config.dist_dir)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(get(index).with_state(app.clone()));
    Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .fallback_service(files)
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
}

/// CORS for the allowed origins, compression (never of the event stream), no caching.
pub fn api_layers(api: Router<AppState>, config: &Config) -> Router<AppState> {
    let api = api
        // API answers are small and made per request: the fastest level still shrinks JSON
        // several times, where the default (brotli 11) cost ~5 ms for a 22 KB list page.
        .layer(CompressionLayer::new().quality(CompressionLevel::Fastest))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ));
    if config.cors_origins.is_empty() {
        return api;
    }
    let origins = if config.cors_origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            config
                .cors_origins
                .iter()
                .filter_map(|origin| HeaderValue::from_str(origin).ok()),
        )
    };
    api.layer(
        CorsLayer::new()
            .allow_origin(origins)
            .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                HeaderName::from_static("last-event-id"),
                HeaderName::from_static("idempotency-key"),
                HeaderName::from_static("x-inbound-key"),
            ]),
    )
}
