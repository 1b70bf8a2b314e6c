//! Inbound email as MIME: parsing real-world shapes, threading, files, read state.

use crate::common::TestServer;
use axum::http::{header, StatusCode};
use http_body_util::BodyExt;
use omni_protocol::{Direction, EventBody, InteractionState, MessageKind};

#[tokio::test]
async fn multipart_alternative_keeps_html_text_and_addresses() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let summary = server.receive_email("multipart_alternative.eml").await;
    assert_eq!(summary.state, InteractionState::Queued);
    assert_eq!(
        summary.subject.as_deref(),
        Some("Order #48213 arrived damaged")
    );
    assert_eq!(
        summary.customer.name, "Maria Rossi",
        "known customer matched by address, case-insensitively"
    );

    let thread = server.thread(&anna.token, summary.id).await;
    assert_eq!(thread.len(), 1);
    let message = &thread[0];
    assert_eq!(
        (message.direction, message.kind),
        (Direction::Inbound, MessageKind::Email)
    );
    assert_eq!(message.from.address, "maria.rossi@example.com");
    assert_eq!(message.from.name.as_deref(), Some("Maria Rossi"));
    assert_eq!(message.to[0].address, "support@omni-desk.test");
    assert_eq!(message.cc[0].address, "accounts@rossi-ceramiche.test");
    assert!(message
        .text
        .fresh
        .contains("two of the six plates were broken"));
    let html = &message.html.as_ref().unwrap().fresh;
    assert!(
        html.contains("<table") && html.contains("border-collapse"),
        "the layout is kept: {html}"
    );
    assert_eq!(
        message.sent_at, 1_795_162_500_000,
        "Date header, +0100 honoured"
    );

    let source = server
        .get_raw(
            &format!("/api/v1/messages/{}/source", message.id),
            &anna.token,
        )
        .await;
    assert_eq!(source.status(), StatusCode::OK);
    let raw = source.into_body().collect().await.unwrap().to_bytes();
    assert_eq!(
        &raw[..],
        &TestServer::fixture("multipart_alternative.eml")[..]
    );
}

#[tokio::test]
async fn inline_cid_images_and_attachments_are_stored_and_served_safely() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let summary = server.receive_email("inline_and_attachment.eml").await;
    let message = &server.thread(&anna.token, summary.id).await[0];
    assert!(message
        .html
        .as_ref()
        .unwrap()
        .fresh
        .contains("cid:drill-photo@example.org"));
    assert_eq!(message.attachments.len(), 2);
    let photo = message
        .attachments
        .iter()
        .find(|a| a.content_type == "image/png")
        .unwrap();
    assert!(photo.inline);
    assert_eq!(photo.content_id.as_deref(), Some("drill-photo@example.org"));
    let receipt = message
        .attachments
        .iter()
        .find(|a| a.filename == "receipt.pdf")
        .unwrap();
    assert!(!receipt.inline);
    assert_eq!(receipt.content_type, "application/pdf");

    let pdf = server
        .get_raw(&format!("/api/v1/attachments/{}", receipt.id), &anna.token)
        .await;
    assert_eq!(pdf.status(), StatusCode::OK);
    assert_eq!(
        pdf.headers()[header::CONTENT_DISPOSITION],
        "attachment; filename=\"receipt.pdf\""
    );
    assert_eq!(
        pdf.headers()[header::CONTENT_TYPE],
        "application/octet-stream"
    );
    assert!(pdf.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .contains("sandbox"));
    let bytes = pdf.into_body().collect().await.unwrap().to_bytes();
    assert!(bytes.starts_with(b"%PDF-1.4"));
    assert_eq!(bytes.len() as u64, receipt.size);

    let png = server
        .get_raw(&format!("/api/v1/attachments/{}", photo.id), &anna.token)
        .await;
    assert_eq!(png.headers()[header::CONTENT_TYPE], "image/png");
    assert!(png.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("inline"));
    let unauthenticated = server
        .call(
            "GET",
            &format!("/api/v1/attachments/{}", photo.id),
            None,
            None,
        )
        .await;
    assert_eq!(unauthenticated.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn latin1_charset_and_encoded_words_decode_and_name_the_new_sender() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let summary = server.receive_email("latin1.eml").await;
    assert_eq!(summary.subject.as_deref(), Some("Rückfrage zur Rechnung"));
    assert_eq!(summary.customer.name, "Jürgen Müller");
    assert_eq!(
        summary.customer.email.as_deref(),
        Some("juergen@example.de")
    );
    let message = &server.thread(&anna.token, summary.id).await[0];
    let text = &message.text.fresh;
    assert!(text.contains("hätte") && text.contains("Café") && text.contains("Grüße"));
    assert_eq!(
        message.html, None,
        "a text-only email has no HTML of its own"
    );
}

#[tokio::test]
async fn a_reply_joins_its_thread_and_counts_unread_until_read() {
    let server = TestServer::start().await;
    let anna = server.available("anna").await;
    let first = server.receive_email("multipart_alternative.eml").await;
    server.dispatch().await;
    let offer = server.work(&anna.token).await.offers[0].id;
    let (_, accepted) = server.accept(&anna.token, offer, None).await;
    assert_eq!(accepted["unread"], 1, "the first email is unread");

    let mut stream = server
        .open_stream(&anna.token, "/api/v1/events", None)
        .await;
    let reply = server.receive_email("reply.eml").await;
    assert_eq!(
        reply.id, first.id,
        "In-Reply-To threads it onto the open interaction"
    );
    assert_eq!(reply.unread, 2);
    let added = stream.next().await;
    assert!(
        matches!(&added.body, EventBody::MessageAdded(m) if m.interaction_id == first.id),
        "the open thread hears the reply: {added:?}"
    );
    let event = stream.next().await;
    assert!(
        matches!(&event.body, EventBody::InteractionChanged(s) if s.id == first.id && s.unread == 2)
    );
    let thread = server.thread(&anna.token, first.id).await;
    assert_eq!(thread.len(), 2);
    assert_eq!(thread[1].text.fresh, "Here are the photos you asked for.");
    assert!(
        thread[1]
            .text
            .quoted
            .as_deref()
            .is_some_and(|quoted| quoted.contains("> Could you send photos?")),
        "quoted history split off for the desk to trim"
    );
    // A long thread opens at its newest messages: `limit` takes the newest, oldest first.
    let (status, newest) = server
        .call(
            "GET",
            &format!("/api/v1/interactions/{}/messages?limit=1", first.id),
            Some(&anna.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(newest.as_array().map(Vec::len), Some(1));
    assert_eq!(newest[0]["id"], thread[1].id);

    let read = format!("/api/v1/interactions/{}/read", first.id);
    let (status, body) = server.call("POST", &read, Some(&anna.token), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["unread"], 0);
    let unread = format!("/api/v1/interactions/{}/unread", first.id);
    let (_, body) = server.call("POST", &unread, Some(&anna.token), None).await;
    assert_eq!(
        body["unread"], 1,
        "mark as unread brings the newest customer message back"
    );
    assert_eq!(
        server.work(&anna.token).await.interactions[0].unread,
        1,
        "the count is the server's after reload"
    );

    // Ben's read state is his own.
    let ben = server.sign_in("ben").await;
    let (_, body) = server.call("POST", &read, Some(&ben.token), None).await;
    assert_eq!(body["unread"], 0);
    assert_eq!(server.work(&anna.token).await.interactions[0].unread, 1);
}

#[tokio::test]
async fn inbound_email_needs_the_key_and_a_real_message() {
    let server = TestServer::with_config(|config| config.inbound_key = Some("k".into())).await;
    let queue = server.queue_id("Support Email").await;
    let post = |key: &'static str, body: &'static [u8]| {
        axum::http::Request::post(format!("/api/v1/inbound/email?queue_id={queue}"))
            .header("x-inbound-key", key)
            .header("content-type", "message/rfc822")
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    assert_eq!(
        server.send(post("wrong", b"x")).await.status(),
        StatusCode::FORBIDDEN
    );
    let garbage = server.send(post("k", b"no headers here")).await;
    assert_eq!(garbage.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let raw: &'static [u8] = Box::leak(TestServer::fixture("latin1.eml").into_boxed_slice());
    assert_eq!(
        server.send(post("k", raw)).await.status(),
        StatusCode::CREATED
    );
}

/// Raw bytes of a small email with these recipient headers.
fn addressed(recipients: &str, id: &str) -> Vec<u8> {
    format!(
        "From: Maria Rossi <maria.rossi@example.com>\r\n{recipients}\r\nSubject: Invoice copy\r\n\
         Message-ID: <{id}@rossi.test>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Please send the invoice again.\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn the_account_addressed_picks_the_queue_and_cc_or_bcc_is_recorded() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let (status, accounts) = server
        .call("GET", "/api/v1/email-accounts", Some(&anna.token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let keys: Vec<&str> = accounts
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["key"].as_str().unwrap())
        .collect();
    assert_eq!(
        keys,
        ["BILLING", "SUPPORT"],
        "the accounts of anna's queues"
    );
    assert_eq!(accounts[0]["address"], "billing@omni-desk.test");

    let billing = server.queue_id("Billing Email").await;
    let ingest = |raw: Vec<u8>| {
        let state = server.state.clone();
        async move { omni_server::email::mail_ingest::ingest(&state, None, &raw).await }
    };
    let to = ingest(addressed("To: Billing <Billing@Omni-Desk.test>", "a1"))
        .await
        .unwrap();
    assert_eq!(to.queue_id, billing, "routed by the address it was sent to");
    let cc = ingest(addressed(
        "To: paolo.conti@example.com\r\nCc: billing@omni-desk.test",
        "a2",
    ))
    .await
    .unwrap();
    let blind = ingest(addressed("To: paolo.conti@example.com", "a3")).await;
    assert!(
        blind.is_err(),
        "no account visible and no queue named: refused, not guessed"
    );
    let raw = addressed("To: paolo.conti@example.com", "a4");
    let bcc = omni_server::email::mail_ingest::ingest(&server.state, Some(billing), &raw)
        .await
        .unwrap();

    let role = |id| {
        let server = &server;
        let token = anna.token.clone();
        async move { server.thread(&token, id).await[0].received_as }
    };
    use omni_protocol::RecipientRole;
    assert_eq!(role(to.id).await, Some(RecipientRole::To));
    assert_eq!(role(cc.id).await, Some(RecipientRole::Cc));
    assert_eq!(role(bcc.id).await, Some(RecipientRole::Bcc));
}

#[tokio::test]
async fn a_gateway_retrying_one_message_gets_the_first_interaction_back() {
    let server = std::sync::Arc::new(
        TestServer::with_config(|config| config.inbound_key = Some("k".into())).await,
    );
    let support = server.queue_id("Support Email").await;
    let billing = server.queue_id("Billing Email").await;
    let raw = addressed("To: support@omni-desk.test", "retried-1");
    let post = |queue: i64, raw: Vec<u8>| {
        axum::http::Request::post(format!("/api/v1/inbound/email?queue_id={queue}"))
            .header("x-inbound-key", "k")
            .header("content-type", "message/rfc822")
            .body(axum::body::Body::from(raw))
            .unwrap()
    };
    let read = |response: axum::response::Response| async move {
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        (status, body["id"].as_i64().unwrap())
    };
    let (status, first) = read(server.send(post(support, raw.clone())).await).await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, again) = read(server.send(post(support, raw.clone())).await).await;
    assert_eq!(
        (status, again),
        (StatusCode::OK, first),
        "the retry names the first"
    );

    // Ten retries at once still store it once.
    let retries: Vec<_> = (0..10)
        .map(|_| {
            let (server, request) = (server.clone(), post(support, raw.clone()));
            tokio::spawn(async move { server.send(request).await.status() })
        })
        .collect();
    for retry in retries {
        assert_eq!(retry.await.unwrap(), StatusCode::OK);
    }
    let stored: i64 =
        sqlx::query_scalar("SELECT count(*) FROM messages WHERE message_id LIKE '%retried-1%'")
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    assert_eq!(stored, 1, "one message for twelve deliveries");

    // The same message sent to another queue is that queue's own contact.
    let (status, other) = read(server.send(post(billing, raw)).await).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_ne!(other, first);
}

/// Posts raw MIME to Support Email as a gateway would; the status and the answer.
async fn gateway_posts(server: &TestServer, raw: Vec<u8>) -> (StatusCode, serde_json::Value) {
    let queue = server.queue_id("Support Email").await;
    let response = server
        .send(
            axum::http::Request::post(format!("/api/v1/inbound/email?queue_id={queue}"))
                .header("x-inbound-key", "k")
                .header("content-type", "message/rfc822")
                .body(axum::body::Body::from(raw))
                .unwrap(),
        )
        .await;
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap_or_default())
}

#[tokio::test]
async fn a_retry_after_the_interaction_was_transferred_is_still_the_first_one() {
    let server = TestServer::with_config(|config| config.inbound_key = Some("k".into())).await;
    let raw = addressed("To: support@omni-desk.test", "moved-1");
    let (status, first) = gateway_posts(&server, raw.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    let id = first["id"].as_i64().unwrap();
    let billing = server.queue_id("Billing Email").await;
    sqlx::query("UPDATE interactions SET queue_id = ? WHERE id = ?")
        .bind(billing)
        .bind(id)
        .execute(&server.state.db)
        .await
        .unwrap();
    let (status, again) = gateway_posts(&server, raw).await;
    assert_eq!((status, again["id"].as_i64()), (StatusCode::OK, Some(id)));
}

#[tokio::test]
async fn a_blank_first_line_and_a_bounce_from_the_null_sender_are_both_received() {
    let server = TestServer::with_config(|config| config.inbound_key = Some("k".into())).await;
    let anna = server.sign_in("anna").await;
    let mut blank_first = b" \r\n".to_vec();
    blank_first.extend(addressed("To: support@omni-desk.test", "blank-1"));
    let (status, body) = gateway_posts(&server, blank_first).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["subject"], "Invoice copy");

    let bounce = b"Return-Path: <>\r\nFrom: MAILER-DAEMON <>\r\nTo: support@omni-desk.test\r\n\
Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <bounce-1@mx.example.net>\r\n\
MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n\
I'm sorry to have to inform you that your message could not be delivered.\r\n\
<paolo.conti@example.com>: host mx.example.com said: 550 5.1.1 User unknown\r\n"
        .to_vec();
    let (status, body) = gateway_posts(&server, bounce.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let id = body["id"].as_i64().unwrap();
    let thread = server.thread(&anna.token, id).await;
    assert_eq!(thread[0].from.name.as_deref(), Some("MAILER-DAEMON"));
    assert_eq!(thread[0].from.address, "");
    assert!(thread[0].text.fresh.contains("User unknown"));
    // A second bounce is the "Mail Delivery System"'s too; bounces are no customer.
    let second = String::from_utf8(bounce)
        .unwrap()
        .replace("bounce-1@", "bounce-2@");
    let (status, other) = gateway_posts(&server, second.into_bytes()).await;
    assert_eq!(status, StatusCode::CREATED);
    assert!(body["customer"].get("id").is_none(), "{body}");
    assert_eq!(body["customer"]["name"], "Mail Delivery System");
    assert_eq!(other["customer"]["name"], "Mail Delivery System");
}
