//! Under concurrency nothing is doubled: one Idempotency-Key is one message and one `.eml`,
//! the first reply that ends the work is the only one, identical files stored at once all
//! land. (Each of these doubled or failed before sends were one transaction under the work
//! lock; docs/api.md, "Sending".)

use std::sync::Arc;

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::{
    common::TestServer,
    compose::{accepted, account_id, outbox, post_keyed, upload},
};

/// `count` copies of one request at once, on a multi-threaded runtime; their answers.
async fn at_once<F, Fut>(count: usize, request: F) -> Vec<(StatusCode, Value)>
where
    F: Fn(usize) -> Fut,
    Fut: std::future::Future<Output = (StatusCode, Value)> + Send + 'static,
{
    let tasks: Vec<_> = (0..count).map(|n| tokio::spawn(request(n))).collect();
    let mut answers = Vec::with_capacity(count);
    for task in tasks {
        answers.push(task.await.unwrap());
    }
    answers
}

fn statuses(answers: &[(StatusCode, Value)]) -> Vec<u16> {
    let mut codes: Vec<u16> = answers.iter().map(|(s, _)| s.as_u16()).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_sends_with_one_key_store_one_message_and_send_one_email() {
    let server = Arc::new(TestServer::start().await);
    let (anna, id) = accepted(&server, "multipart_alternative.eml").await;
    let reply = json!({
        "account_id": account_id(&server, "SUPPORT").await,
        "to": ["maria.rossi@example.com"], "subject": "Re: Order #48213 arrived damaged",
        "body": "We will replace both plates.", "then": "open",
    });
    let uri = format!("/api/v1/interactions/{id}/replies");
    let answers = at_once(200, |_| {
        let (server, token, uri, reply) = (
            server.clone(),
            anna.token.clone(),
            uri.clone(),
            reply.clone(),
        );
        async move { post_keyed(&server, &uri, &token, "one-key", reply).await }
    })
    .await;
    let created = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "one first answer: {:?}", statuses(&answers));
    assert!(
        answers
            .iter()
            .all(|(s, _)| matches!(*s, StatusCode::CREATED | StatusCode::OK)),
        "repeats answer 200 with the first result: {:?}",
        statuses(&answers)
    );
    let first = &answers[0].1["message"]["id"];
    assert!(answers
        .iter()
        .all(|(_, body)| &body["message"]["id"] == first));
    let stored: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM messages WHERE interaction_id = ? AND direction = 'outbound'",
    )
    .bind(id)
    .fetch_one(&server.state.db)
    .await
    .unwrap();
    assert_eq!(stored, 1, "one message stored");
    assert_eq!(outbox(&server).len(), 1, "one .eml left");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_new_emails_with_one_key_open_one_interaction() {
    let server = Arc::new(TestServer::start().await);
    let anna = server.available("anna").await;
    let email = json!({
        "account_id": account_id(&server, "SUPPORT").await, "to": ["new.person@example.com"],
        "subject": "Your new contract", "body": "Hello, here it is."});
    let answers = at_once(200, |_| {
        let (server, token, email) = (server.clone(), anna.token.clone(), email.clone());
        async move { post_keyed(&server, "/api/v1/emails", &token, "new-key", email).await }
    })
    .await;
    assert!(
        answers
            .iter()
            .all(|(s, _)| matches!(*s, StatusCode::CREATED | StatusCode::OK)),
        "{:?} {}",
        statuses(&answers),
        answers[0].1
    );
    let interactions: i64 =
        sqlx::query_scalar("SELECT count(*) FROM interactions WHERE subject = 'Your new contract'")
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    assert_eq!(interactions, 1, "no empty interactions beside the real one");
    assert_eq!(outbox(&server).len(), 1);
    let rail = server.work(&anna.token).await.interactions;
    assert!(
        rail.iter()
            .all(|i| i.subject.as_deref() != Some("Your new contract")
                || i.state != omni_protocol::InteractionState::Active),
        "nothing left active on Anna's rail: {rail:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn after_the_first_reply_ends_the_work_the_others_are_refused() {
    let server = Arc::new(TestServer::start().await);
    let (anna, id) = accepted(&server, "multipart_alternative.eml").await;
    let account = account_id(&server, "SUPPORT").await;
    let uri = format!("/api/v1/interactions/{id}/replies");
    let answers = at_once(200, |n| {
        let (server, token, uri) = (server.clone(), anna.token.clone(), uri.clone());
        let reply = json!({"account_id": account, "to": ["maria.rossi@example.com"],
                           "subject": "Re: Order #48213", "body": format!("Answer {n}")});
        async move { post_keyed(&server, &uri, &token, &format!("key-{n}"), reply).await }
    })
    .await;
    let created = answers
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(created, 1, "{:?}", statuses(&answers));
    assert_eq!(
        statuses(&answers),
        [201, 409],
        "the rest are 409: the interaction is in wrap-up"
    );
    let refused = answers
        .iter()
        .find(|(s, _)| *s == StatusCode::CONFLICT)
        .unwrap();
    assert!(
        refused.1["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("not open for writing")),
        "{}",
        refused.1
    );
    assert_eq!(outbox(&server).len(), 1, "one email left");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn identical_files_uploaded_at_once_are_all_kept() {
    let server = Arc::new(TestServer::start().await);
    let anna = server.sign_in("anna").await;
    let bytes: Vec<u8> = (0..2_000_000u32).map(|n| (n % 251) as u8).collect();
    let answers = at_once(20, |n| {
        let (server, token, bytes) = (server.clone(), anna.token.clone(), bytes.clone());
        async move {
            upload(
                &server,
                &token,
                &format!("scan-{n}.pdf"),
                "application/pdf",
                bytes,
            )
            .await
        }
    })
    .await;
    assert_eq!(statuses(&answers), [201], "{:?}", answers[0]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_file_in_two_new_emails_at_once_goes_out_once_and_leaves_no_empty_interaction() {
    let server = Arc::new(TestServer::start().await);
    let anna = server.available("anna").await;
    let (status, file) = upload(
        &server,
        &anna.token,
        "contract.pdf",
        "application/pdf",
        b"%PDF-1.7 contract".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{file}");
    let account = account_id(&server, "SUPPORT").await;
    let answers = at_once(2, |n| {
        let (server, token) = (server.clone(), anna.token.clone());
        let email = json!({"account_id": account, "to": ["new.person@example.com"],
                           "subject": "Your contract", "body": format!("Here it is ({n})."),
                           "upload_ids": [file["id"]]});
        async move { post_keyed(&server, "/api/v1/emails", &token, &format!("k{n}"), email).await }
    })
    .await;
    assert_eq!(statuses(&answers), [201, 422], "{answers:?}");
    let refused = answers.iter().find(|(s, _)| s.as_u16() == 422).unwrap();
    assert_eq!(refused.1["error"]["field"], "upload_ids");
    let interactions: i64 =
        sqlx::query_scalar("SELECT count(*) FROM interactions WHERE subject = 'Your contract'")
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    assert_eq!(interactions, 1, "the refused email left no interaction");
    assert_eq!(outbox(&server).len(), 1);
}

/// Writes at once on one interaction all land: a write waits for the lock instead of
/// failing ("database is locked" was answered for 3 of 1,500 notes posted 8 at a time once
/// the search index's triggers made each write longer).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn three_hundred_notes_at_once_all_land() {
    let server = Arc::new(TestServer::start().await);
    let (anna, id) = accepted(&server, "multipart_alternative.eml").await;
    let uri = format!("/api/v1/interactions/{id}/notes");
    let answers = at_once(300, |n| {
        let (server, token, uri) = (server.clone(), anna.token.clone(), uri.clone());
        async move {
            let body = json!({ "body": format!("Note {n}: the refund is on its way") });
            server.call("POST", &uri, Some(&token), Some(body)).await
        }
    })
    .await;
    assert_eq!(
        statuses(&answers),
        vec![201],
        "{:?}",
        answers.iter().find(|(s, _)| *s != StatusCode::CREATED)
    );
    let notes: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM messages WHERE interaction_id = ? AND kind = 'note'",
    )
    .bind(id)
    .fetch_one(&server.state.db)
    .await
    .unwrap();
    assert_eq!(notes, 300);
}
