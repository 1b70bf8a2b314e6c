//! Signing in and out, and the error bodies of refused requests.

use crate::common::TestServer;
use axum::http::StatusCode;
use serde_json::json;

#[tokio::test]
async fn sign_in_returns_token_and_profile() {
    let server = TestServer::start().await;
    let signed_in = server.sign_in("anna").await;
    assert!(signed_in.token.len() >= 40, "token is long and random");
    assert_eq!(signed_in.agent.username, "anna");
    assert_eq!(signed_in.agent.display_name, "Anna Keller");
    assert!(signed_in.expires_at > omni_server::clock::now_ms());
    assert!(signed_in
        .agent
        .statuses
        .iter()
        .any(|option| option.label == "Training"));

    let (status, me) = server
        .call("GET", "/api/v1/me", Some(&signed_in.token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["username"], "anna");
    assert_eq!(me["status"], json!({"kind": "working_offline"}));
}

#[tokio::test]
async fn tokens_are_stored_hashed() {
    let server = TestServer::start().await;
    let signed_in = server.sign_in("anna").await;
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM sessions")
        .fetch_all(&server.state.db)
        .await
        .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0], signed_in.token);
    assert_eq!(
        stored[0],
        omni_server::presence::auth::token_hash(&signed_in.token)
    );
}

#[tokio::test]
async fn wrong_password_and_unknown_user_get_the_same_401() {
    let server = TestServer::start().await;
    for (username, password) in [("anna", "wrong"), ("nobody", "anna-demo")] {
        let (status, body) = server.try_sign_in(username, password).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
        assert_eq!(
            body,
            json!({"error": {"code": "unauthorized", "message": "Wrong username or password."}})
        );
    }
}

#[tokio::test]
async fn empty_fields_name_the_field() {
    let server = TestServer::start().await;
    let (status, body) = server.try_sign_in(" ", "x").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "username");
    let (status, body) = server.try_sign_in("anna", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "password");
}

#[tokio::test]
async fn malformed_body_gets_an_error_body() {
    let server = TestServer::start().await;
    let (status, body) = server
        .call(
            "POST",
            "/api/v1/session",
            None,
            Some(json!({"user": "anna"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["code"], "validation");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("username"));
}

#[tokio::test]
async fn missing_or_signed_out_token_is_401() {
    let server = TestServer::start().await;
    let (status, body) = server.call("GET", "/api/v1/me", None, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(body["error"]["code"], "unauthorized");

    let (status, _) = server
        .call("GET", "/api/v1/me", Some("made-up-token"), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let signed_in = server.sign_in("ben").await;
    let (status, _) = server
        .call("DELETE", "/api/v1/session", Some(&signed_in.token), None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, body) = server
        .call("GET", "/api/v1/me", Some(&signed_in.token), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        body["error"]["message"],
        "Your session has ended; please sign in again."
    );
}

#[tokio::test]
async fn expired_session_is_401() {
    let server = TestServer::start().await;
    let signed_in = server.sign_in("anna").await;
    sqlx::query("UPDATE sessions SET expires_at = 0")
        .execute(&server.state.db)
        .await
        .unwrap();
    let (status, _) = server
        .call("GET", "/api/v1/me", Some(&signed_in.token), None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn unknown_endpoint_is_404_with_body() {
    let server = TestServer::start().await;
    let (status, body) = server.call("GET", "/api/v1/nothing-here", None, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
}

#[tokio::test]
async fn disabled_account_is_403_at_sign_in_and_for_open_sessions() {
    let server = TestServer::start().await;
    let signed_in = server.sign_in("ben").await;
    sqlx::query("UPDATE agents SET active = 0 WHERE username = 'ben'")
        .execute(&server.state.db)
        .await
        .unwrap();
    let (status, body) = server
        .call("GET", "/api/v1/me", Some(&signed_in.token), None)
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(body["error"]["code"], "account_disabled");
    let (status, body) = server.try_sign_in("ben", "ben-demo").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("disabled"));
    // A wrong password still says only that: a disabled account is not revealed to guessers.
    let (status, _) = server.try_sign_in("ben", "nope").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn wrong_passwords_in_a_row_pause_that_username_with_retry_after() {
    let server = TestServer::start().await;
    for _ in 0..5 {
        let (status, _) = server.try_sign_in("anna", "guess").await;
        assert_eq!(status, StatusCode::UNAUTHORIZED);
    }
    // Even the right password waits now, and the answer says for how long.
    let request = axum::http::Request::post("/api/v1/session")
        .header(axum::http::header::CONTENT_TYPE, "application/json")
        .body(axum::body::Body::from(
            json!({"username": "anna", "password": "anna-demo"}).to_string(),
        ))
        .unwrap();
    let response = server.send(request).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=30).contains(&wait), "Retry-After {wait}");
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(body["error"]["code"], "too_many_requests");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("try again in"));
    // Another agent is not held back.
    let (status, _) = server.try_sign_in("ben", "ben-demo").await;
    assert_eq!(status, StatusCode::CREATED);
}

#[tokio::test]
async fn a_burst_of_wrong_passwords_at_once_is_paused_too() {
    let server = std::sync::Arc::new(TestServer::start().await);
    let attempts: Vec<_> = (0..20)
        .map(|_| {
            let server = server.clone();
            tokio::spawn(async move { server.try_sign_in("anna", "guess").await.0 })
        })
        .collect();
    let mut checked = 0;
    for attempt in attempts {
        match attempt.await.unwrap() {
            StatusCode::UNAUTHORIZED => checked += 1,
            StatusCode::TOO_MANY_REQUESTS => {}
            other => panic!("unexpected {other}"),
        }
    }
    assert!(checked <= 6, "{checked} passwords were tried in one burst");
    let (status, _) = server.try_sign_in("anna", "anna-demo").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn many_wrong_sign_ins_from_one_address_pause_that_address_for_every_name() {
    use axum::{body::Body, extract::ConnectInfo, http::Request};
    use http_body_util::BodyExt;
    let server = TestServer::start().await;
    let from = |address: [u8; 4], username: &str, password: &str| {
        let mut request = Request::post("/api/v1/session")
            .header("content-type", "application/json")
            .body(Body::from(
                json!({"username": username, "password": password}).to_string(),
            ))
            .unwrap();
        let client = std::net::SocketAddr::from((address, 40_000));
        request.extensions_mut().insert(ConnectInfo(client));
        request
    };
    let attacker = [203, 0, 113, 7];
    // Twenty guesses at twenty names (none of them an agent's): the address pauses.
    for n in 0..20 {
        let answer = server
            .send(from(attacker, &format!("user{n}"), "guess"))
            .await;
        assert_eq!(answer.status(), StatusCode::UNAUTHORIZED, "guess {n}");
    }
    let answer = server.send(from(attacker, "anna", "anna-demo")).await;
    assert_eq!(answer.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(answer.headers().contains_key("retry-after"));
    let body = answer.into_body().collect().await.unwrap().to_bytes();
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("your network address"),
        "{body}"
    );
    // Anna at her own desk signs in as usual.
    let answer = server
        .send(from([198, 51, 100, 20], "anna", "anna-demo"))
        .await;
    assert_eq!(answer.status(), StatusCode::CREATED);
}
