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

#[tokio::test]
async fn a_long_thread_comes_in_pages_of_at_most_200_with_a_cursor_for_earlier_ones() {
    use omni_protocol::{Direction, EmailAddress, MessageKind};
    use omni_server::work::messages::{self, NewMessage};
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let id = server.inbound("Support Email", "A long story").await;
    for n in 0..259 {
        let line = NewMessage {
            sent_at: 1_000_000 + n,
            ..NewMessage::new(
                id,
                Direction::Inbound,
                MessageKind::Email,
                EmailAddress {
                    name: None,
                    address: "maria.rossi@example.com".into(),
                },
                format!("Part {n}"),
            )
        };
        messages::insert(&server.state, line).await.unwrap();
    }
    let page = |query: String| {
        let (server, token) = (&server, anna.token.clone());
        async move {
            server
                .call(
                    "GET",
                    &format!("/api/v1/interactions/{id}/messages{query}"),
                    Some(&token),
                    None,
                )
                .await
        }
    };
    let (status, first) = page(String::new()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(first.as_array().unwrap().len(), 50, "50 by default");

    let (status, body) = page("?limit=201".into()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "limit");

    let (_, newest) = page("?limit=200".into()).await;
    let newest = newest.as_array().unwrap().clone();
    assert_eq!(newest.len(), 200);
    let oldest = newest[0]["id"].as_i64().unwrap();
    let (status, earlier) = page(format!("?limit=200&before={oldest}")).await;
    assert_eq!(status, StatusCode::OK);
    let earlier = earlier.as_array().unwrap();
    assert_eq!(earlier.len(), 60, "the 260 messages, the rest of them");
    let ids: std::collections::HashSet<i64> = earlier
        .iter()
        .chain(&newest)
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.len(), 260, "no message twice, none missing");
    assert!(earlier.iter().all(|m| m["id"].as_i64() < Some(oldest)));

    let other = server.inbound("Support Email", "Another").await;
    let foreign = server.thread(&anna.token, other).await[0].id;
    let (status, body) = page(format!("?before={foreign}")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "before");
}

#[tokio::test]
async fn a_transcript_with_a_large_file_streams_in_pieces_that_join_to_the_file() {
    use base64::Engine;
    use http_body_util::BodyExt;
    let server = TestServer::start().await;
    let sam = server.sign_in("sam").await;
    let id = server.inbound("Support Email", "Scans").await;
    let scan: Vec<u8> = (0..12_000_000u32).map(|n| (n * 7 % 253) as u8).collect();
    let upload_id = upload(&server, &sam.token, "scan.pdf", scan.clone()).await;
    let (status, body) = server
        .call(
            "POST",
            &format!("/api/v1/interactions/{id}/notes"),
            Some(&sam.token),
            Some(serde_json::json!({"body": "The customer's scan", "upload_ids": [upload_id]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let response = server
        .get_raw(
            &format!("/api/v1/interactions/{id}/transcript?attachments=true"),
            &sam.token,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    let (mut pieces, mut largest, mut document) = (0, 0, Vec::new());
    while let Some(frame) = body.frame().await {
        let data = frame.unwrap().into_data().unwrap();
        pieces += 1;
        largest = largest.max(data.len());
        document.extend_from_slice(&data);
    }
    assert!(pieces > 10, "{pieces} pieces");
    assert!(largest < 2_000_000, "the largest piece is {largest} bytes");
    let document = String::from_utf8(document).unwrap();
    let encoded = document
        .split("data:application/octet-stream;base64,")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .unwrap();
    assert!(decoded == scan, "the file comes back whole");
    assert!(document.ends_with("</body></html>"));
}

#[tokio::test]
async fn uploads_no_message_used_for_seven_days_are_deleted_with_their_files() {
    use omni_server::work::uploads;
    let server = TestServer::start().await;
    let sam = server.sign_in("sam").await;
    let forgotten = upload(&server, &sam.token, "forgotten.pdf", vec![1; 5000]).await;
    let shared = upload(&server, &sam.token, "sent.pdf", vec![2; 5000]).await;
    // What a resumed draft asks of each of its files: is it still there (no body sent)?
    let (status, body) = server
        .call(
            "HEAD",
            &format!("/api/v1/uploads/{forgotten}"),
            Some(&sam.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.is_null(), "no body: {body}");
    let id = server.inbound("Support Email", "Files").await;
    let (status, body) = server
        .call(
            "POST",
            &format!("/api/v1/interactions/{id}/notes"),
            Some(&sam.token),
            Some(serde_json::json!({"body": "Sent", "upload_ids": [shared]})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // The same bytes uploaded again, and left: the sent note still needs the file.
    let again = upload(&server, &sam.token, "sent-again.pdf", vec![2; 5000]).await;
    let file_of = |id: i64| {
        let db = server.state.db.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT file FROM uploads WHERE id = ?")
                .bind(id)
                .fetch_one(&db)
                .await
                .unwrap()
        }
    };
    let (forgotten_file, again_file) = (file_of(forgotten).await, file_of(again).await);
    let files = server.state.config.files();
    // Eight days on: the rows' times are moved by the clock given, the files' by hand.
    let week_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(8 * 24 * 3600);
    for file in [&forgotten_file, &again_file] {
        std::fs::File::options()
            .append(true)
            .open(files.join(file))
            .unwrap()
            .set_modified(week_ago)
            .unwrap();
    }
    let eight_days_later = omni_server::clock::now_ms() + 8 * 24 * 3_600_000;
    let deleted = uploads::delete_unused(&server.state, eight_days_later)
        .await
        .unwrap();
    assert_eq!(deleted, 2);
    let (status, _) = server
        .call(
            "GET",
            &format!("/api/v1/uploads/{forgotten}"),
            Some(&sam.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server
        .call(
            "HEAD",
            &format!("/api/v1/uploads/{forgotten}"),
            Some(&sam.token),
            None,
        )
        .await;
    assert_eq!(
        status,
        StatusCode::NOT_FOUND,
        "a draft learns its file is gone"
    );
    assert!(!files.join(forgotten_file).exists(), "its file is gone");
    assert!(
        files.join(again_file).exists(),
        "the sent note's file stays"
    );
    let note = server.thread(&sam.token, id).await.pop().unwrap();
    let download = server
        .get_raw(
            &format!("/api/v1/attachments/{}", note.attachments[0].id),
            &sam.token,
        )
        .await;
    assert_eq!(
        download.status(),
        StatusCode::OK,
        "the sent file still downloads"
    );
}
