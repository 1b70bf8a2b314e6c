//! The built desk and the Local CRM page are served with a per-response nonce and a strict
//! policy.

use crate::common::TestServer;
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use http_body_util::BodyExt;

#[tokio::test]
async fn index_gets_a_fresh_nonce_matching_its_policy() {
    let server = TestServer::with_config(|config| {
        config.frame_ancestors = "'self' https://crm.example.com".into()
    })
    .await;
    let mut nonces = Vec::new();
    for uri in ["/", "/index.html", "/some/client/route", "/crm.html"] {
        let response = server
            .send(Request::get(uri).body(Body::empty()).unwrap())
            .await;
        assert_eq!(response.status(), StatusCode::OK, "{uri}");
        let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_owned();
        assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
        let html = String::from_utf8(
            response
                .into_body()
                .collect()
                .await
                .unwrap()
                .to_bytes()
                .to_vec(),
        )
        .unwrap();
        assert!(!html.contains("__TRUNK NONCE__"), "placeholder replaced");
        // The Local CRM is its own page (its own wasm); every other path is the desk.
        assert_eq!(html.contains("Local CRM"), uri == "/crm.html", "{uri}");
        let nonce = html
            .split("nonce=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_owned();
        assert!(csp.contains(&format!("'nonce-{nonce}'")), "{csp}");
        assert!(csp.contains("'wasm-unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'self' https://crm.example.com"));
        let scripts = csp
            .split(';')
            .find(|d| d.trim().starts_with("script-src"))
            .unwrap();
        let tokens: Vec<&str> = scripts.split_whitespace().collect();
        assert!(
            !tokens.contains(&"'unsafe-inline'") && !tokens.contains(&"'unsafe-eval'"),
            "{scripts}"
        );
        nonces.push(nonce);
    }
    nonces.dedup();
    assert_eq!(nonces.len(), 4, "every response has its own nonce");
}

#[tokio::test]
async fn assets_are_served_precompressed() {
    let server = TestServer::start().await;
    let dist = &server.state.config.dist_dir;
    std::fs::write(dist.join("app.js"), "console.log('plain')").unwrap();
    std::fs::write(dist.join("app.js.br"), b"brotli-bytes").unwrap();
    let request = Request::get("/app.js")
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .body(Body::empty())
        .unwrap();
    let response = server.send(request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(
        response.headers()[header::X_CONTENT_TYPE_OPTIONS],
        "nosniff"
    );
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(&body[..], b"brotli-bytes");
}

#[tokio::test]
async fn content_named_assets_are_kept_and_the_rest_checked_each_time() {
    let server = TestServer::start().await;
    let dist = &server.state.config.dist_dir;
    std::fs::write(dist.join("omni-desk-89dc237ddd83fd07_bg.wasm"), b"\0asm").unwrap();
    std::fs::write(dist.join("config.json"), "{}").unwrap();
    for (uri, policy) in [
        (
            "/omni-desk-89dc237ddd83fd07_bg.wasm",
            "public, max-age=31536000, immutable",
        ),
        ("/config.json", "no-cache"),
        ("/", "no-store"),
        // An asset the browser still asks for after a new release: the page, never kept.
        ("/omni-desk-0000000000000000_bg.wasm", "no-store"),
    ] {
        let response = server
            .send(Request::get(uri).body(Body::empty()).unwrap())
            .await;
        assert_eq!(response.headers()[header::CACHE_CONTROL], policy, "{uri}");
    }
    // An error is never kept, whatever its path.
    let refused = server
        .send(
            Request::delete("/omni-desk-89dc237ddd83fd07_bg.wasm")
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert!(!refused.status().is_success(), "{}", refused.status());
    assert_eq!(refused.headers()[header::CACHE_CONTROL], "no-store");
}

#[tokio::test]
async fn cors_answers_only_allowed_origins() {
    let server =
        TestServer::with_config(|config| config.cors_origins = vec!["http://crm.test".into()])
            .await;
    for (origin, allowed) in [("http://crm.test", true), ("http://evil.test", false)] {
        let request = Request::builder()
            .method("OPTIONS")
            .uri("/api/v1/me")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
            .body(Body::empty())
            .unwrap();
        let response = server.send(request).await;
        assert_eq!(
            response
                .headers()
                .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN),
            allowed,
            "{origin}"
        );
    }
}
