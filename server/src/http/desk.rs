//! Serving the built desk: `index.html` (and the Local CRM's `crm.html`) with a fresh CSP
//! nonce per response, hashed assets
//! precompressed (br/gzip), security headers; and the API's cross-cutting layers.

use std::path::Path;

use axum::{
    extract::{Request, State},
    http::{header, HeaderName, HeaderValue, Method, StatusCode},
    middleware::{self, Next},
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
    timeout::RequestBodyTimeoutLayer,
};

use crate::{config::Config, AppState};

/// Trunk's `create_nonce` placeholder in the built `index.html` and `crm.html`.
const NONCE_PLACEHOLDER: &str = "{{__TRUNK NONCE__}}";

/// The built `index.html`, the Local CRM's `crm.html` and the desk's `config.json`, read
/// once at start.
pub struct IndexPage {
    html: Option<String>,
    crm_html: Option<String>,
    desk_config: String,
}

impl IndexPage {
    pub fn load(dist: &Path, config: &Config) -> Self {
        let html = std::fs::read_to_string(dist.join("index.html")).ok();
        if html.is_none() {
            tracing::warn!(dist = %dist.display(), "no built desk here; build it with `cargo xtask run`");
        }
        let file = std::fs::read_to_string(dist.join("config.json")).unwrap_or_default();
        Self {
            html,
            crm_html: std::fs::read_to_string(dist.join("crm.html")).ok(),
            desk_config: desk_config(&file, &config.frame_ancestors),
        }
    }
}

/// The desk's `config.json`: the built file, with every origin that may frame the desk
/// (`OMNI_FRAME_ANCESTORS`) among the `host_origins` whose bridge messages it hears. One
/// setting says which CRM pages embed the desk, for the browser and for the desk alike.
pub fn desk_config(file: &str, frame_ancestors: &str) -> String {
    let mut config = match serde_json::from_str::<serde_json::Value>(file) {
        Ok(serde_json::Value::Object(config)) => config,
        _ => serde_json::Map::new(),
    };
    let mut hosts: Vec<serde_json::Value> = match config.remove("host_origins") {
        Some(serde_json::Value::Array(hosts)) => hosts,
        _ => Vec::new(),
    };
    for ancestor in frame_ancestors.split_whitespace() {
        let origin = ancestor.trim_end_matches('/');
        let is_origin = origin.starts_with("http://") || origin.starts_with("https://");
        if is_origin && !origin.contains('*') && !hosts.iter().any(|h| h == origin) {
            hosts.push(origin.into());
        }
    }
    config.insert("host_origins".into(), hosts.into());
    serde_json::Value::Object(config).to_string()
}

async fn config_json(State(app): State<AppState>) -> Response {
    let mut response = (
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        app.index.desk_config.clone(),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
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
    page(&app, app.index.html.as_deref())
}

async fn crm(State(app): State<AppState>) -> Response {
    page(&app, app.index.crm_html.as_deref())
}

/// A built page with a fresh nonce in its CSP and in Trunk's placeholder.
fn page(app: &AppState, html: Option<&str>) -> Response {
    let Some(html) = html else {
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
        .route("/crm.html", get(crm))
        .route("/config.json", get(config_json))
        .fallback_service(files)
        .layer(middleware::from_fn(set_cache_policy))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
}

/// Trunk names each built asset after its content (`list-d28c8a0e8c37ddf5.css`,
/// `omni-desk-89dc237ddd83fd07_bg.wasm`), so such a file never changes: browsers keep it
/// without asking again. An embedded panel reloads with every CRM page, and the browser
/// reuses the desk's compiled wasm from its cache. Other files are checked each time;
/// the page itself is never stored (its nonce is new per response).
fn cache_policy(path: &str) -> &'static str {
    if is_content_named(path) {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

/// `…-<hex digits>[_bg].<ext>`, as Trunk names its output: a 64-bit hash in hex without
/// leading zeros, so usually 16 digits and sometimes fewer (10 is one name in 16 million).
fn is_content_named(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, _extension)) = name.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (10..=16).contains(&hash.len())
            && hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    })
}

/// Only a file actually served is kept: an error (say, 503 while the desk is not built)
/// is asked for again next time.
async fn set_cache_policy(request: Request, next: Next) -> Response {
    let policy = cache_policy(request.uri().path());
    let mut response = next.run(request).await;
    let served = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    let policy = if served { policy } else { "no-store" };
    response
        .headers_mut()
        .entry(header::CACHE_CONTROL)
        .or_insert(HeaderValue::from_static(policy));
    response
}

/// CORS for the allowed origins, compression (never of the event stream), no caching.
pub fn api_layers(api: Router<AppState>, config: &Config) -> Router<AppState> {
    let api = api
        // A body that stalls ends the request; the limits of the connection are http/serve.rs.
        .layer(RequestBodyTimeoutLayer::new(
            crate::http::serve::BODY_TIMEOUT,
        ))
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

#[cfg(test)]
mod tests {
    use super::{desk_config, is_content_named};

    #[test]
    fn the_desk_hears_every_origin_that_may_frame_it() {
        let config: serde_json::Value = serde_json::from_str(&desk_config(
            r#"{"api_base": "", "host_origins": ["https://crm.example.com"]}"#,
            "'self' https://crm.example.com http://127.0.0.1:9000/ https://*.example.org",
        ))
        .unwrap();
        assert_eq!(config["api_base"], "");
        assert_eq!(
            config["host_origins"],
            serde_json::json!(["https://crm.example.com", "http://127.0.0.1:9000"])
        );
        // No file, or a broken one: still a configuration the desk reads.
        let bare: serde_json::Value =
            serde_json::from_str(&desk_config("not json", "'self'")).unwrap();
        assert_eq!(bare, serde_json::json!({"host_origins": []}));
    }

    #[test]
    fn only_trunk_content_named_files_are_kept_for_good() {
        for kept in [
            "/list-d28c8a0e8c37ddf5.css",
            "/omni-desk-89dc237ddd83fd07.js",
            "/omni-desk-89dc237ddd83fd07_bg.wasm",
            "/rail-32f104f98d2640.css",
        ] {
            assert!(is_content_named(kept), "{kept}");
        }
        for checked in [
            "/config.json",
            "/favicon.svg",
            "/index.html",
            "/",
            "/list-d28c8a0e8.css",
            "/list-d28c8a0e8c37ddf5a.css",
            "/list-D28C8A0E8C37DDF5.css",
            "/list-d28c8a0e8c37ddfz.css",
            "/d28c8a0e8c37ddf5",
        ] {
            assert!(!is_content_named(checked), "{checked}");
        }
    }
}
