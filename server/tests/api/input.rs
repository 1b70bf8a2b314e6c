//! Requests that are wrong, or right but unusual, answer as the contract says (issue 11,
//! "Seen under concurrency and bad input").

use crate::common::TestServer;
use axum::{
    body::Body,
    http::{header, Request, StatusCode},
};
use http_body_util::BodyExt;
use serde_json::Value;

#[tokio::test]
async fn the_bearer_scheme_is_case_insensitive() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let request = Request::builder()
            .uri("/api/v1/me")
            .header(header::AUTHORIZATION, format!("{scheme} {}", anna.token))
            .body(Body::empty())
            .unwrap();
        let response = server.send(request).await;
        assert_eq!(response.status(), StatusCode::OK, "scheme {scheme:?}");
        let body = response.into_body().collect().await.unwrap().to_bytes();
        let me: Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(me["username"], "anna");
    }
}

#[tokio::test]
async fn list_parameters_out_of_range_are_refused_with_a_sentence() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let token = Some(anna.token.as_str());
    for (query, field) in [
        ("channel=fax", "channel"),
        ("limit=0", "limit"),
        ("limit=1000000000", "limit"),
    ] {
        let (status, body) = server
            .call("GET", &format!("/api/v1/interactions?{query}"), token, None)
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {body}");
        assert_eq!(body["error"]["code"], "validation", "{query}");
        assert_eq!(body["error"]["field"], field, "{query}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(
            message.ends_with('.') && message.len() > 10,
            "{query}: {message}"
        );
    }
    // What is in range still answers.
    let (status, page) = server
        .call(
            "GET",
            "/api/v1/interactions?channel=email&limit=200",
            token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{page}");
}

#[tokio::test]
async fn json_over_the_limit_is_413_and_no_json_is_400_each_with_a_sentence() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let huge = serde_json::json!({ "status": { "kind": "x".repeat(3 * 1024 * 1024) } });
    let (status, body) = server
        .call("PUT", "/api/v1/me/status", Some(&anna.token), Some(huge))
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["error"]["code"], "too_large");

    let request = Request::builder()
        .method("PUT")
        .uri("/api/v1/me/status")
        .header(header::AUTHORIZATION, format!("Bearer {}", anna.token))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"status\": "))
        .unwrap();
    let response = server.send(request).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body: Value = serde_json::from_slice(&bytes).expect("the JSON error body");
    assert_eq!(
        body["error"]["message"],
        "The request body is not valid JSON."
    );
}

/// Uploads `bytes` as `name` for `token`'s agent; answers the upload id.
async fn upload(server: &TestServer, token: &str, name: &str, bytes: Vec<u8>) -> i64 {
    let request = Request::builder()
        .method("POST")
        .uri(format!("/api/v1/uploads?filename={name}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .body(Body::from(bytes))
        .unwrap();
    let response = server.send(request).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body: Value = serde_json::from_slice(&bytes).unwrap();
    body["id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_message_carries_at_most_20_files_of_50_mb_and_none_twice() {
    let server = TestServer::start().await;
    // A supervisor may add notes to any interaction, also one still queued.
    let anna = server.sign_in("sam").await;
    let id = server.inbound("Support Email", "Files").await;
    let note = |upload_ids: Vec<i64>| serde_json::json!({"body": "See the files", "upload_ids": upload_ids});
    let path = format!("/api/v1/interactions/{id}/notes");
    let token = Some(anna.token.as_str());

    let one = upload(&server, &anna.token, "photo.jpg", vec![7; 1000]).await;
    let (status, body) = server
        .call("POST", &path, token, Some(note(vec![one; 50])))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "upload_ids");

    let mut many = Vec::new();
    for n in 0..21 {
        many.push(upload(&server, &anna.token, &format!("f{n}.txt"), vec![1; 10]).await);
    }
    let (status, body) = server.call("POST", &path, token, Some(note(many))).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("20 files"));

    let mut big = Vec::new();
    for n in 0..4 {
        big.push(
            upload(
                &server,
                &anna.token,
                &format!("scan{n}.pdf"),
                vec![0; 14 * 1024 * 1024],
            )
            .await,
        );
    }
    let (status, body) = server.call("POST", &path, token, Some(note(big))).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["error"]["code"], "too_large");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("56.0 MB"));

    // Nothing was stored by the refused notes; one file once goes through.
    let (status, body) = server
        .call("POST", &path, token, Some(note(vec![one])))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(
        server.thread(&anna.token, id).await.len(),
        2,
        "the email and one note"
    );
}

#[tokio::test]
async fn a_bad_id_or_query_value_answers_the_error_body_not_plain_text() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    for (uri, field) in [
        ("/api/v1/interactions/abc", "path"),
        ("/api/v1/interactions/1/messages?limit=-1", "limit"),
        ("/api/v1/interactions?limit=abc", "limit"),
    ] {
        let request = Request::builder()
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {}", anna.token))
            .body(Body::empty())
            .unwrap();
        let response = server.send(request).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{uri}");
        assert_eq!(
            response.headers()[header::CONTENT_TYPE],
            "application/json",
            "{uri}"
        );
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(body["error"]["field"], field, "{uri}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(!message.contains('`'), "{uri}: {message}");
    }
}
