//! Answering email: replies as real MIME in the outbox, idempotent sends, forwards, notes,
//! sub-status, transfer, close & dispose, reopen, follow-ups on a case, transcripts.

use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use mail_parser::{MessageParser, MimeHeaders};
use omni_protocol::{InteractionState, SignInResponse};
use serde_json::{json, Value};

use crate::common::TestServer;

/// Anna, Available, has accepted the fixture's email; returns her session and the interaction.
pub(crate) async fn accepted(server: &TestServer, fixture: &str) -> (SignInResponse, i64) {
    let anna = server.available("anna").await;
    let summary = server.receive_email(fixture).await;
    server.dispatch().await;
    let offer = server.work(&anna.token).await.offers[0].id;
    let (status, body) = server.accept(&anna.token, offer, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (anna, summary.id)
}

pub(crate) async fn account_id(server: &TestServer, key: &str) -> i64 {
    sqlx::query_scalar("SELECT id FROM email_accounts WHERE account_key = ?")
        .bind(key)
        .fetch_one(&server.state.db)
        .await
        .unwrap()
}

/// The `.eml` files the outbox holds, oldest first.
pub(crate) fn outbox(server: &TestServer) -> Vec<Vec<u8>> {
    let Ok(dir) = std::fs::read_dir(server.state.config.outbox()) else {
        return vec![];
    };
    let mut files: Vec<_> = dir
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort_by_key(|path| std::fs::metadata(path).unwrap().modified().unwrap());
    files
        .iter()
        .map(|path| std::fs::read(path).unwrap())
        .collect()
}

pub(crate) async fn upload(
    server: &TestServer,
    token: &str,
    name: &str,
    kind: &str,
    bytes: Vec<u8>,
) -> (StatusCode, Value) {
    // As browsers send a file: with its length.
    let request = Request::post(format!("/api/v1/uploads?filename={name}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, kind)
        .header(header::CONTENT_LENGTH, bytes.len())
        .body(axum::body::Body::from(bytes))
        .unwrap();
    let response = server.send(request).await;
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

pub(crate) async fn post_keyed(
    server: &TestServer,
    uri: &str,
    token: &str,
    key: &str,
    body: Value,
) -> (StatusCode, Value) {
    let request = Request::post(uri)
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .header("Idempotency-Key", key)
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    let response = server.send(request).await;
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
    )
}

#[tokio::test]
async fn a_markdown_reply_with_a_file_leaves_as_threaded_mime_once() {
    let server = TestServer::start().await;
    let (anna, id) = accepted(&server, "multipart_alternative.eml").await;
    let (status, file) = upload(
        &server,
        &anna.token,
        "label.png",
        "image/png",
        b"\x89PNG fake".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{file}");
    let reply = json!({
        "account_id": account_id(&server, "SUPPORT").await,
        "to": ["maria.rossi@example.com"], "cc": ["accounts@rossi-ceramiche.test"],
        "subject": "Re: Order #48213 arrived damaged",
        "body": "Dear Maria,\n\nwe **will replace** both plates.\n\n<script>x()</script>",
        "upload_ids": [file["id"]],
    });
    let uri = format!("/api/v1/interactions/{id}/replies");
    let (status, sent) = post_keyed(&server, &uri, &anna.token, "send-1", reply.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    // The response was "lost": the desk retries with the same key.
    let (again, resent) = post_keyed(&server, &uri, &anna.token, "send-1", reply).await;
    assert_eq!(again, StatusCode::OK);
    assert_eq!(resent["message"]["id"], sent["message"]["id"]);
    let mails = outbox(&server);
    assert_eq!(mails.len(), 1, "one email for two tries");

    let mail = MessageParser::default().parse(&mails[0]).unwrap();
    assert_eq!(
        mail.in_reply_to().as_text(),
        Some("order-48213-1@example.com")
    );
    assert_eq!(
        mail.references().as_text(),
        Some("order-48213-1@example.com")
    );
    assert_eq!(
        mail.from().unwrap().first().unwrap().address(),
        Some("support@omni-desk.test")
    );
    assert_eq!(
        mail.cc().unwrap().first().unwrap().address(),
        Some("accounts@rossi-ceramiche.test")
    );
    let html = mail.body_html(0).unwrap();
    assert!(html.contains("<strong>will replace</strong>"), "{html}");
    assert!(html.contains("&lt;script&gt;") && !html.contains("<script>"));
    let text = mail.body_text(0).unwrap();
    assert!(text.contains("we **will replace** both plates."), "{text}");
    let part = mail.attachments().next().expect("the file goes along");
    assert_eq!(part.attachment_name(), Some("label.png"));
    assert_eq!(part.contents(), b"\x89PNG fake");

    // The thread shows it; the interaction went into post-processing and then stays open.
    let thread = server.thread(&anna.token, id).await;
    let ours = thread.last().unwrap();
    assert_eq!(ours.attachments[0].filename, "label.png");
    assert!(ours.delivery_error.is_none());
    assert_eq!(sent["interaction"]["state"], "wrap_up");
    let (status, done) = server
        .complete_wrap_up(&anna.token, id, json!({"notes": ""}))
        .await;
    assert_eq!(status, StatusCode::OK, "{done}");
    assert_eq!(done["state"], "open", "answered, waiting for the customer");
    // The upload went with the message: it is not there to send twice.
    let (gone, _) = server
        .call(
            "GET",
            &format!("/api/v1/uploads/{}", file["id"]),
            Some(&anna.token),
            None,
        )
        .await;
    assert_eq!(gone, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_addresses_and_big_files_are_refused_with_reasons() {
    let server = TestServer::start().await;
    let (anna, id) = accepted(&server, "reply.eml").await;
    let (status, body) = server
        .call(
            "POST",
            &format!("/api/v1/interactions/{id}/replies"),
            Some(&anna.token),
            Some(json!({"account_id": account_id(&server, "SUPPORT").await, "to": ["maria.rossi@example"],
                        "subject": "Re", "body": "Hi"})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "to");
    assert_eq!(
        body["error"]["message"],
        "\"maria.rossi@example\" is not an email address."
    );

    let (status, body) = upload(
        &server,
        &anna.token,
        "video.mov",
        "video/quicktime",
        vec![0; 16 * 1024 * 1024],
    )
    .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(
        body["error"]["message"],
        "\"video.mov\" is 16.0 MB; a file may be at most 15 MB."
    );
    assert!(outbox(&server).is_empty());
}

#[tokio::test]
async fn forward_send_as_pending_and_the_customer_reply_clears_it() {
    let server = TestServer::start().await;
    let (anna, id) = accepted(&server, "inline_and_attachment.eml").await;
    let original = server.thread(&anna.token, id).await[0].clone();
    let support = account_id(&server, "SUPPORT").await;
    let (status, sent) = server
        .call(
            "POST",
            &format!("/api/v1/interactions/{id}/forwards"),
            Some(&anna.token),
            Some(json!({"account_id": support, "message_id": original.id,
                        "to": ["repairs@partner.test", "warranty@maker.test"], "comment": "Please check the photo."})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    let mail_bytes = outbox(&server).pop().unwrap();
    let mail = MessageParser::default().parse(&mail_bytes).unwrap();
    let to: Vec<_> = mail
        .to()
        .unwrap()
        .iter()
        .filter_map(|a| a.address())
        .collect();
    assert_eq!(to, ["repairs@partner.test", "warranty@maker.test"]);
    assert!(mail.subject().unwrap().starts_with("Fwd: "));
    assert!(mail
        .body_text(0)
        .unwrap()
        .contains("---------- Forwarded message"));
    assert_eq!(
        mail.attachments().count(),
        original.attachments.len(),
        "the original's files go along"
    );
    assert_eq!(
        sent["interaction"]["customer"]["email"], original.from.address,
        "still the customer's"
    );

    // Send as Pending (the queue's post-processing is skipped here to see the state at once).
    sqlx::query("UPDATE queues SET post_processing_seconds = 0")
        .execute(&server.state.db)
        .await
        .unwrap();
    sqlx::query("UPDATE interactions SET state = 'active' WHERE id = ?")
        .bind(id)
        .execute(&server.state.db)
        .await
        .unwrap();
    sqlx::query("UPDATE wrap_ups SET done_at = 1")
        .execute(&server.state.db)
        .await
        .unwrap();
    let (status, sent) = server
        .call(
            "POST",
            &format!("/api/v1/interactions/{id}/replies"),
            Some(&anna.token),
            Some(json!({"account_id": support, "to": [original.from.address], "subject": "Re: warranty",
                        "body": "We asked the maker.", "sub_status": "Pending"})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    assert_eq!(
        (
            sent["interaction"]["state"].as_str(),
            sent["interaction"]["sub_status"].as_str()
        ),
        (Some("open"), Some("Pending"))
    );
    let ours = sent["message"]["id"].as_i64().unwrap();
    let message_id: String = sqlx::query_scalar("SELECT message_id FROM messages WHERE id = ?")
        .bind(ours)
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    let answer = format!(
        "From: {}\r\nTo: support@omni-desk.test\r\nSubject: Re: warranty\r\nMessage-ID: <answer-1@example.org>\r\n\
         In-Reply-To: <{message_id}>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nThanks!\r\n",
        original.from.address
    );
    let joined = omni_server::email::mail_ingest::ingest(&server.state, None, answer.as_bytes())
        .await
        .unwrap();
    assert_eq!(joined.id, id, "the answer joins the open interaction");
    assert_eq!(
        joined.sub_status, None,
        "Pending cleared by the customer's reply"
    );
    assert_eq!(joined.state, InteractionState::Open);
}

#[tokio::test]
async fn transfer_to_an_empty_queue_asks_first() {
    let server = TestServer::start().await;
    let (anna, id) = accepted(&server, "reply.eml").await;
    let billing = server.queue_id("Billing Email").await;
    let uri = format!("/api/v1/interactions/{id}/transfer");
    // Only anna is signed in; without her in Billing, nobody is logged in there.
    sqlx::query("DELETE FROM queue_members WHERE queue_id = ? AND agent_id = (SELECT id FROM agents WHERE username = 'anna')")
        .bind(billing)
        .execute(&server.state.db)
        .await
        .unwrap();
    let (status, body) = server
        .call(
            "POST",
            &uri,
            Some(&anna.token),
            Some(json!({"queue_id": billing})),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["error"]["code"], "confirmation_required");
    assert_eq!(
        body["error"]["message"],
        "Nobody is logged in to Billing Email. Transfer anyway? It will wait in the queue."
    );
    let (status, body) = server
        .call(
            "POST",
            &uri,
            Some(&anna.token),
            Some(json!({"queue_id": billing, "confirm_empty_queue": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["state"].as_str(), body["queue_id"].as_i64()),
        (Some("queued"), Some(billing))
    );
    assert!(body.get("agent_id").is_none());
    // Support Email wraps up for 60 s: anna's part ends in her wrap-up, and the rail keeps it.
    let work = server.work(&anna.token).await;
    assert_eq!(work.wrap_ups.len(), 1);
    assert_eq!(work.wrap_ups[0].interaction_id, id);
    assert_eq!(work.interactions.len(), 1);
    assert_eq!(work.interactions[0].state, InteractionState::Queued);
    assert_eq!(server.status_of(&anna.token).await["kind"], "busy");
}

#[tokio::test]
async fn a_transfer_starts_the_wrap_up_and_the_next_agent_works_on() {
    let server = TestServer::start().await;
    let (anna, id) = accepted(&server, "reply.eml").await;
    let ben = server.available("ben").await;
    let transfer = format!("/api/v1/interactions/{id}/transfer");
    let (status, body) = server
        .call(
            "POST",
            &transfer,
            Some(&anna.token),
            Some(json!({"agent_id": ben.agent.id})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["agent_id"], ben.agent.id);
    assert_eq!(server.status_of(&anna.token).await["kind"], "busy");
    assert_eq!(server.work(&ben.token).await.interactions[0].id, id);

    // Ben may not wrap up anna's part; anna's wrap-up leaves ben's work as it is.
    let (status, _) = server
        .complete_wrap_up(&ben.token, id, json!({"notes": ""}))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = server
        .complete_wrap_up(
            &anna.token,
            id,
            json!({"notes": "Billing question, passed to Ben"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        (body["state"].as_str(), body["agent_id"].as_i64()),
        (Some("active"), Some(ben.agent.id))
    );
    assert_eq!(server.status_of(&anna.token).await["kind"], "available");
    let work = server.work(&anna.token).await;
    assert!(work.wrap_ups.is_empty() && work.interactions.is_empty());
    let notes: String =
        sqlx::query_scalar("SELECT notes FROM wrap_ups WHERE interaction_id = ? AND agent_id = ?")
            .bind(id)
            .bind(anna.agent.id)
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    assert_eq!(notes, "Billing question, passed to Ben");

    // Ben ends it and wraps up his own part, which closes it.
    let (status, _) = server.end(&ben.token, id).await;
    assert_eq!(status, StatusCode::OK);
    let (status, body) = server
        .complete_wrap_up(&ben.token, id, json!({"notes": "Refunded"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "closed");
}

#[tokio::test]
async fn close_and_dispose_reopen_and_a_reply_after_closing_continues_elsewhere() {
    let server = TestServer::start().await;
    let (anna, id) = accepted(&server, "multipart_alternative.eml").await;
    let leaf = server.disposition_id("Replacement sent").await;
    let (status, closed) = server
        .call(
            "POST",
            &format!("/api/v1/interactions/{id}/close"),
            Some(&anna.token),
            Some(json!({"disposition_id": leaf})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{closed}");
    assert_eq!(closed["state"], "closed");
    assert_eq!(
        closed["disposition_path"]
            .as_array()
            .unwrap()
            .last()
            .unwrap(),
        "Replacement sent"
    );

    // The customer answers the closed thread: a new interaction continues it.
    let continued = server.receive_email("reply.eml").await;
    assert_ne!(continued.id, id);
    assert_eq!(continued.continues, Some(id));
    let (_, old) = server
        .call(
            "GET",
            &format!("/api/v1/interactions/{id}"),
            Some(&anna.token),
            None,
        )
        .await;
    assert_eq!(old["continued_in"], continued.id);

    // Anna reopens the old one: hers again, active, marked reopened.
    let (status, reopened) = server
        .call(
            "POST",
            &format!("/api/v1/interactions/{id}/reopen"),
            Some(&anna.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{reopened}");
    assert_eq!(
        (reopened["state"].as_str(), reopened["reopened"].as_bool()),
        (Some("active"), Some(true))
    );
    assert_eq!(reopened["agent_id"], anna.agent.id);
    let (status, _) = server
        .call(
            "POST",
            &format!("/api/v1/interactions/{id}/reopen"),
            Some(&anna.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "only a closed one reopens");
}

#[tokio::test]
async fn notes_stay_inside_and_a_follow_up_joins_its_case() {
    let server = TestServer::start().await;
    let (anna, id) = accepted(&server, "reply.eml").await;
    let (status, note) = server
        .call(
            "POST",
            &format!("/api/v1/interactions/{id}/notes"),
            Some(&anna.token),
            Some(json!({"body": "Customer called too."})),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{note}");
    assert_eq!(note["kind"], "note");
    assert!(outbox(&server).is_empty(), "a note is never sent");

    let case: String = sqlx::query_scalar("SELECT printf('CS-%06d', ?)")
        .bind(id)
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    let support = account_id(&server, "SUPPORT").await;
    let (status, body) = server
        .call("POST", "/api/v1/emails", Some(&anna.token),
              Some(json!({"account_id": support, "to": ["maria.rossi@example.com"], "subject": "Your invoice is overdue",
                          "body": "Reminder.", "case_number": "cs-999999"})))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["message"], "There is no case CS-999999.");
    let (status, sent) = server
        .call("POST", "/api/v1/emails", Some(&anna.token),
              Some(json!({"account_id": support, "to": ["maria.rossi@example.com"], "subject": "Your invoice is overdue",
                          "body": "Reminder.", "case_number": case.to_lowercase()})))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");
    assert_eq!(sent["interaction"]["case_number"], case.as_str());
    assert_ne!(sent["interaction"]["id"], id);
    assert_eq!(outbox(&server).len(), 1);

    let response = server
        .get_raw(
            &format!("/api/v1/interactions/{id}/transcript?attachments=true"),
            &anna.token,
        )
        .await;
    assert_eq!(response.status(), StatusCode::OK);
    let disposition = response.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        disposition,
        format!("attachment; filename=\"transcript-{id}-with-files.html\"")
    );
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
    assert!(
        html.contains("Here are the photos you asked for.")
            && html.contains("Customer called too.")
    );
    assert!(html.contains("Internal note"));
}

#[tokio::test]
async fn a_key_used_again_for_another_message_is_refused_and_sends_nothing() {
    let server = TestServer::start().await;
    let (anna, id) = accepted(&server, "multipart_alternative.eml").await;
    let reply = |body: &str| {
        json!({"to": ["maria.rossi@example.com"], "subject": "Re: Order #48213 arrived damaged",
               "body": body})
    };
    let account = account_id(&server, "SUPPORT").await;
    let with_account = |mut value: Value| {
        value["account_id"] = account.into();
        value
    };
    let uri = format!("/api/v1/interactions/{id}/replies");
    let first = with_account(reply("We will replace both plates."));
    let (status, sent) = post_keyed(&server, &uri, &anna.token, "key-1", first.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{sent}");

    let other = with_account(reply("Please send photos first."));
    let (status, body) = post_keyed(&server, &uri, &anna.token, "key-1", other).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "Idempotency-Key");
    assert_eq!(outbox(&server).len(), 1, "the second message did not leave");

    // The same message with the same key is still the first one's answer.
    let (status, again) = post_keyed(&server, &uri, &anna.token, "key-1", first).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(again["message"]["id"], sent["message"]["id"]);
}

#[tokio::test]
async fn new_emails_to_one_new_address_at_once_all_go_out_and_create_no_customer() {
    let server = std::sync::Arc::new(TestServer::start().await);
    let anna = server.available("anna").await;
    let account = account_id(&server, "SUPPORT").await;
    let sends: Vec<_> = (0..20)
        .map(|n| {
            let (server, token) = (server.clone(), anna.token.clone());
            let email = json!({"account_id": account, "to": ["new.person@example.com"],
                               "subject": format!("Welcome {n}"), "body": "Hello"});
            tokio::spawn(async move {
                server
                    .call("POST", "/api/v1/emails", Some(&token), Some(email))
                    .await
            })
        })
        .collect();
    for send in sends {
        let (status, body) = send.await.unwrap();
        assert_eq!(status, StatusCode::CREATED, "{body}");
    }
    // Each is with that address; none made a customer of it (the agent links or creates one).
    let with_address: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM interactions WHERE contact_address = 'new.person@example.com' \
         AND customer_id IS NULL",
    )
    .fetch_one(&server.state.db)
    .await
    .unwrap();
    assert_eq!(with_address, 20);
    let customers = omni_server::db::customers::by_email(&server.state, "new.person@example.com")
        .await
        .unwrap();
    assert!(customers.is_empty());
}

#[tokio::test]
async fn a_transfer_to_an_agent_with_no_room_left_is_refused_with_the_reason() {
    let server = TestServer::start().await;
    let ben = server.available("ben").await;
    server.receive_email("reply.eml").await;
    server.dispatch().await;
    let offer = server.work(&ben.token).await.offers[0].id;
    let (status, body) = server.accept(&ben.token, offer, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (anna, id) = accepted(&server, "multipart_alternative.eml").await;
    let ben_id = ben.agent.id;
    sqlx::query("UPDATE agent_capacity SET max = 1 WHERE agent_id = ? AND channel = 'email'")
        .bind(ben_id)
        .execute(&server.state.db)
        .await
        .unwrap();
    let (status, body) = server
        .call(
            "POST",
            &format!("/api/v1/interactions/{id}/transfer"),
            Some(&anna.token),
            Some(json!({"agent_id": ben_id})),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "agent_id");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(
        message.contains("no room for another email (1 of 1 open)"),
        "{message}"
    );
    let summary = server.work(&anna.token).await.interactions;
    assert_eq!(
        summary[0].agent_id,
        Some(anna.agent.id),
        "it stays with Anna"
    );
}
