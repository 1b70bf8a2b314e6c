//! A real server over a temporary SQLite file, driven through `oneshot`.

pub mod smtp;

use std::time::Duration;

use axum::{
    body::Body,
    http::{header, Request, Response, StatusCode},
    Router,
};
use http_body_util::BodyExt;
use omni_protocol::{sse::SseParser, Event, SignInResponse};
use omni_server::{app, db, demo::seed, AppState, Config};
use serde_json::{json, Value};
use tower::ServiceExt;

pub struct TestServer {
    pub state: AppState,
    _dir: tempfile::TempDir,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::with_config(|_| {}).await
    }

    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> Self {
        // A server error in any test shows its cause in that test's output.
        let _ = tracing_subscriber::fmt()
            .with_env_filter("error")
            .with_test_writer()
            .try_init();
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("index.html"),
            r#"<html><script type="module" nonce="{{__TRUNK NONCE__}}">import x from '/a.js'</script></html>"#,
        )
        .unwrap();
        std::fs::write(
            dir.path().join("crm.html"),
            r#"<html><title>Local CRM</title><script type="module" nonce="{{__TRUNK NONCE__}}">import x from '/crm.js'</script></html>"#,
        )
        .unwrap();
        let mut config = Config {
            database: dir.path().join("test.db"),
            dist_dir: dir.path().to_path_buf(),
            ..Config::default()
        };
        adjust(&mut config);
        let pool = db::open(&config.database).await.unwrap();
        let state = AppState::new(pool, config);
        seed::seed_demo(&state).await.unwrap();
        Self { state, _dir: dir }
    }

    pub fn router(&self) -> Router {
        app(self.state.clone())
    }

    pub async fn send(&self, request: Request<Body>) -> Response<Body> {
        self.router().oneshot(request).await.unwrap()
    }

    /// Sends and reads the whole answer as JSON (`Null` when empty).
    pub async fn call(
        &self,
        method: &str,
        uri: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder().method(method).uri(uri);
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        let request = match body {
            Some(body) => request
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(body.to_string()))
                .unwrap(),
            None => request.body(Body::empty()).unwrap(),
        };
        let response = self.send(request).await;
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).unwrap()
        };
        (status, value)
    }

    /// `POST /session` with these credentials, whatever the answer.
    pub async fn try_sign_in(&self, username: &str, password: &str) -> (StatusCode, Value) {
        self.call(
            "POST",
            "/api/v1/session",
            None,
            Some(json!({"username": username, "password": password})),
        )
        .await
    }

    pub async fn sign_in(&self, username: &str) -> SignInResponse {
        let password = seed::DEMO_AGENTS
            .iter()
            .find(|(name, _, _, _)| *name == username)
            .unwrap()
            .2;
        let (status, body) = self.try_sign_in(username, password).await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        serde_json::from_value(body).unwrap()
    }

    pub async fn set_status(&self, token: &str, status: Value) -> (StatusCode, Value) {
        self.call(
            "PUT",
            "/api/v1/me/status",
            Some(token),
            Some(json!({ "status": status })),
        )
        .await
    }

    /// Opens the event stream; `resume` is sent as `Last-Event-ID`.
    pub async fn open_stream(&self, token: &str, uri: &str, resume: Option<u64>) -> EventReader {
        let mut request = Request::builder()
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        if let Some(id) = resume {
            request = request.header("Last-Event-ID", id.to_string());
        }
        let response = self.send(request.body(Body::empty()).unwrap()).await;
        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "text/event-stream"
        );
        EventReader {
            body: response.into_body(),
            parser: SseParser::new(),
            ready: Vec::new(),
        }
    }
}

pub struct EventReader {
    body: Body,
    parser: SseParser,
    ready: Vec<Event>,
}

impl EventReader {
    /// The next event, or `None` when none comes within `wait`.
    pub async fn next_within(&mut self, wait: Duration) -> Option<Event> {
        let deadline = tokio::time::Instant::now() + wait;
        while self.ready.is_empty() {
            let frame = tokio::time::timeout_at(deadline, self.body.frame())
                .await
                .ok()??
                .ok()?;
            if let Ok(bytes) = frame.into_data() {
                for message in self.parser.feed(&bytes) {
                    let event: Event = serde_json::from_str(&message.data).unwrap();
                    assert_eq!(
                        message.id,
                        Some(event.id.to_string()),
                        "SSE id equals envelope id"
                    );
                    assert_eq!(
                        message.event,
                        event.body.type_name(),
                        "SSE event name equals envelope type"
                    );
                    self.ready.push(event);
                }
            }
        }
        Some(self.ready.remove(0))
    }

    pub async fn next(&mut self) -> Event {
        self.next_within(Duration::from_secs(5))
            .await
            .expect("an event within 5 s")
    }
}

/// Routing helpers: inbound contacts, a dispatcher pass, and the HTTP calls of an agent.
impl TestServer {
    pub async fn queue_id(&self, name: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM queues WHERE name = ?")
            .bind(name)
            .fetch_one(&self.state.db)
            .await
            .unwrap()
    }

    /// A customer writes to `queue`; returns the new interaction's id.
    pub async fn inbound(&self, queue: &str, subject: &str) -> i64 {
        let request = omni_protocol::InboundRequest {
            queue_id: self.queue_id(queue).await,
            customer_id: Some(1),
            from_name: None,
            from_address: None,
            subject: Some(subject.into()),
            body: format!("Hello about {subject}"),
        };
        omni_server::work::interactions::create_inbound(&self.state, &request)
            .await
            .unwrap()
            .id
    }

    /// One routing pass, as the dispatcher task would run it.
    pub async fn dispatch(&self) {
        let _guard = self.state.work.lock().await;
        omni_server::routing::dispatcher::dispatch(&self.state)
            .await
            .unwrap();
    }

    /// Signs in and becomes Available; returns the session.
    pub async fn available(&self, username: &str) -> SignInResponse {
        let signed_in = self.sign_in(username).await;
        let (status, body) = self
            .set_status(&signed_in.token, json!({"kind": "available"}))
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        signed_in
    }

    /// `POST /interactions/{id}/end` as the agent of `token`.
    pub async fn end(&self, token: &str, id: i64) -> (StatusCode, Value) {
        self.call(
            "POST",
            &format!("/api/v1/interactions/{id}/end"),
            Some(token),
            None,
        )
        .await
    }

    /// Clicks Wrap up with `body` (`notes`, `disposition_id`).
    pub async fn complete_wrap_up(&self, token: &str, id: i64, body: Value) -> (StatusCode, Value) {
        self.call(
            "POST",
            &format!("/api/v1/interactions/{id}/wrap-up/complete"),
            Some(token),
            Some(body),
        )
        .await
    }

    pub async fn status_of(&self, token: &str) -> Value {
        self.call("GET", "/api/v1/me", Some(token), None).await.1["status"].clone()
    }

    pub async fn work(&self, token: &str) -> omni_protocol::WorkSnapshot {
        let (status, body) = self.call("GET", "/api/v1/me/work", Some(token), None).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value(body).unwrap()
    }

    pub async fn accept(
        &self,
        token: &str,
        offer_id: i64,
        key: Option<&str>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder()
            .method("POST")
            .uri(format!("/api/v1/offers/{offer_id}/accept"))
            .header(header::AUTHORIZATION, format!("Bearer {token}"));
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        let response = self.send(request.body(Body::empty()).unwrap()).await;
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }

    /// Moves every pending offer's deadline (or wrap-up countdown) into the past.
    pub async fn run_out_of_time(&self) {
        sqlx::query("UPDATE offers SET expires_at = 0 WHERE state = 'pending'")
            .execute(&self.state.db)
            .await
            .unwrap();
        sqlx::query(
            "UPDATE wrap_ups SET deadline = 0 WHERE deadline IS NOT NULL AND done_at IS NULL",
        )
        .execute(&self.state.db)
        .await
        .unwrap();
    }

    pub async fn disposition_id(&self, label: &str) -> i64 {
        sqlx::query_scalar("SELECT id FROM dispositions WHERE label = ?")
            .bind(label)
            .fetch_one(&self.state.db)
            .await
            .unwrap()
    }
}

impl EventReader {
    /// Every event that arrives within `wait`.
    pub async fn drain(&mut self, wait: Duration) -> Vec<Event> {
        let mut got = Vec::new();
        while let Some(event) = self.next_within(wait).await {
            got.push(event);
        }
        got
    }
}

/// Email helpers: raw MIME in, threads out.
impl TestServer {
    pub fn fixture(name: &str) -> Vec<u8> {
        std::fs::read(format!(
            "{}/tests/fixtures/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// Ingests a fixture into the Support Email queue; returns the interaction summary.
    pub async fn receive_email(&self, fixture: &str) -> omni_protocol::InteractionSummary {
        let queue = self.queue_id("Support Email").await;
        omni_server::email::mail_ingest::ingest(&self.state, Some(queue), &Self::fixture(fixture))
            .await
            .unwrap()
    }

    pub async fn thread(&self, token: &str, interaction_id: i64) -> Vec<omni_protocol::Message> {
        let (status, body) = self
            .call(
                "GET",
                &format!("/api/v1/interactions/{interaction_id}/messages"),
                Some(token),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        serde_json::from_value(body).unwrap()
    }

    /// GET returning the raw response (files are not JSON).
    pub async fn get_raw(&self, uri: &str, token: &str) -> Response<Body> {
        let request = Request::get(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .body(Body::empty())
            .unwrap();
        self.send(request).await
    }
}
