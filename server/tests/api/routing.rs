//! Routing rules: who gets offered what, timers, reject, accept races, status consequences.

use std::time::Duration;

use crate::common::TestServer;
use axum::http::StatusCode;
use omni_protocol::{EventBody, WithdrawReason};
use serde_json::json;

const QUIET: Duration = Duration::from_millis(200);

#[tokio::test]
async fn offer_goes_to_the_longest_idle_available_member_with_its_details() {
    let server = TestServer::start().await;
    let ben = server.available("ben").await; // free first: idle longest
    tokio::time::sleep(Duration::from_millis(5)).await;
    let anna = server.available("anna").await;
    let mut bens = server.open_stream(&ben.token, "/api/v1/events", None).await;
    let interaction = server.inbound("Support Email", "Broken plates").await;
    server.dispatch().await;

    let offers = server.work(&ben.token).await.offers;
    assert_eq!(offers.len(), 1);
    let offer = &offers[0];
    assert_eq!(offer.interaction.id, interaction);
    assert_eq!(offer.interaction.customer.name, "Maria Rossi");
    assert_eq!(offer.interaction.subject.as_deref(), Some("Broken plates"));
    assert_eq!(offer.interaction.queue_name, "Support Email");
    assert_eq!(offer.interaction.channel, omni_protocol::Channel::Email);
    assert!(offer.waited_ms >= 0 && offer.expires_at - offer.offered_at == 30_000);
    assert!(
        server.work(&anna.token).await.offers.is_empty(),
        "one-by-one queue offers to one agent"
    );
    let events = bens.drain(QUIET).await;
    assert!(events
        .iter()
        .any(|e| matches!(&e.body, EventBody::OfferCreated(created) if created.id == offer.id)));
}

#[tokio::test]
async fn nobody_unavailable_stopping_or_signed_out_is_offered() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await; // Working Offline
    let ben = server.available("ben").await;
    let (status, body) = server
        .call(
            "PUT",
            "/api/v1/me/stop-new",
            Some(&ben.token),
            Some(json!({"stop_new": true})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["stop_new"], true);
    let chris = server.available("chris").await;
    server
        .call("DELETE", "/api/v1/session", Some(&chris.token), None)
        .await; // Available but gone
    server.inbound("Support Email", "Anyone?").await;
    server.dispatch().await;
    let offered: i64 = sqlx::query_scalar("SELECT count(*) FROM offers")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(offered, 0);

    // Ben resumes new work: the waiting email reaches him.
    server
        .call(
            "PUT",
            "/api/v1/me/stop-new",
            Some(&ben.token),
            Some(json!({"stop_new": false})),
        )
        .await;
    server.dispatch().await;
    assert_eq!(server.work(&ben.token).await.offers.len(), 1);
    assert!(server.work(&anna.token).await.offers.is_empty());
}

#[tokio::test]
async fn missed_email_sets_working_offline_and_moves_to_the_next_agent() {
    let server = TestServer::start().await;
    let ben = server.available("ben").await;
    tokio::time::sleep(Duration::from_millis(5)).await;
    let anna = server.available("anna").await;
    let mut bens = server.open_stream(&ben.token, "/api/v1/events", None).await;
    server.inbound("Support Email", "Timer").await;
    server.dispatch().await;
    let offer = server.work(&ben.token).await.offers[0].clone();
    server.run_out_of_time().await;
    server.dispatch().await;

    assert_eq!(
        server.status_of(&ben.token).await,
        json!({"kind": "working_offline"})
    );
    let events = bens.drain(QUIET).await;
    assert!(events.iter().any(|event| matches!(&event.body,
        EventBody::OfferWithdrawn(w) if w.offer_id == offer.id && w.reason == WithdrawReason::Expired)));
    let next = server.work(&anna.token).await.offers;
    assert_eq!(next.len(), 1, "the next agent gets it");
    assert_eq!(next[0].interaction.id, offer.interaction.id);

    let (status, body) = server.accept(&ben.token, offer.id, None).await;
    assert_eq!(status, StatusCode::CONFLICT, "a late accept is refused");
    assert_eq!(
        body["error"]["message"],
        "This offer expired before you accepted it."
    );
}

#[tokio::test]
async fn missed_or_rejected_chat_sets_on_break() {
    let server = TestServer::start().await;
    let ben = server.available("ben").await;
    server.inbound("WhatsApp Support", "hi").await;
    server.dispatch().await;
    server.run_out_of_time().await;
    server.dispatch().await;
    assert_eq!(
        server.status_of(&ben.token).await,
        json!({"kind": "on_break"})
    );

    let anna = server.available("anna").await;
    server.dispatch().await;
    let offer = server.work(&anna.token).await.offers[0].clone();
    assert_eq!(offer.interaction.subject, None, "chats have no subject");
    assert_eq!(offer.interaction.preview, "Hello about hi");
    let (status, _) = server
        .call(
            "POST",
            &format!("/api/v1/offers/{}/reject", offer.id),
            Some(&anna.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        server.status_of(&anna.token).await,
        json!({"kind": "on_break"})
    );
}

#[tokio::test]
async fn reject_sets_working_offline_and_needs_permission() {
    let server = TestServer::start().await;
    let chris = server.available("chris").await; // may not reject
    server.inbound("Support Email", "Reject me").await;
    server.dispatch().await;
    let offer = server.work(&chris.token).await.offers[0].clone();
    let (status, body) = server
        .call(
            "POST",
            &format!("/api/v1/offers/{}/reject", offer.id),
            Some(&chris.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("not permitted"));
    assert_eq!(
        server.work(&chris.token).await.offers.len(),
        1,
        "the offer stands"
    );

    server
        .call(
            "PUT",
            "/api/v1/me/status",
            Some(&chris.token),
            Some(json!({"status": {"kind": "on_break"}})),
        )
        .await;
    assert!(
        server.work(&chris.token).await.offers.is_empty(),
        "leaving Available withdraws the offer"
    );
    let anna = server.available("anna").await;
    server.dispatch().await;
    let offer = server.work(&anna.token).await.offers[0].clone();
    let (status, _) = server
        .call(
            "POST",
            &format!("/api/v1/offers/{}/reject", offer.id),
            Some(&anna.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(
        server.status_of(&anna.token).await,
        json!({"kind": "working_offline"})
    );
    let state: String = sqlx::query_scalar("SELECT state FROM interactions")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(state, "queued", "back in the queue for someone else");
}

#[tokio::test]
async fn ring_all_first_accept_wins_and_the_others_are_told() {
    let server = TestServer::start().await;
    let anna = server.available("anna").await;
    let ben = server.available("ben").await;
    let mut bens = server.open_stream(&ben.token, "/api/v1/events", None).await;
    server.inbound("Billing Email", "Double charge").await;
    server.dispatch().await;
    let annas = server.work(&anna.token).await.offers[0].clone();
    let bens_offer = server.work(&ben.token).await.offers[0].clone();

    let (status, body) = server.accept(&anna.token, annas.id, Some("k-1")).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "active");
    assert_eq!(body["agent_id"], anna.agent.id);
    let events = bens.drain(QUIET).await;
    assert!(events.iter().any(|event| matches!(&event.body,
        EventBody::OfferWithdrawn(w) if w.offer_id == bens_offer.id && w.reason == WithdrawReason::TakenByOther)));
    let (status, body) = server.accept(&ben.token, bens_offer.id, None).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        body["error"]["message"],
        "Another agent accepted this interaction first."
    );
    assert_eq!(
        server.status_of(&anna.token).await,
        json!({"kind": "busy"}),
        "accepting an email → Busy"
    );
}

#[tokio::test]
async fn two_accepts_racing_produce_exactly_one_winner() {
    for _ in 0..5 {
        let server = TestServer::start().await;
        let anna = server.available("anna").await;
        let ben = server.available("ben").await;
        server.inbound("Billing Email", "Race").await;
        server.dispatch().await;
        let a = server.work(&anna.token).await.offers[0].id;
        let b = server.work(&ben.token).await.offers[0].id;
        let (first, second) = tokio::join!(
            server.accept(&anna.token, a, None),
            server.accept(&ben.token, b, None)
        );
        let mut statuses = [first.0, second.0];
        statuses.sort();
        assert_eq!(statuses, [StatusCode::OK, StatusCode::CONFLICT]);
        let agents: i64 = sqlx::query_scalar(
            "SELECT count(DISTINCT agent_id) FROM interactions WHERE state = 'active'",
        )
        .fetch_one(&server.state.db)
        .await
        .unwrap();
        assert_eq!(agents, 1);
    }
}

#[tokio::test]
async fn accept_is_idempotent_by_key() {
    let server = TestServer::start().await;
    let anna = server.available("anna").await;
    server.inbound("Support Email", "Once").await;
    server.dispatch().await;
    let offer = server.work(&anna.token).await.offers[0].id;
    let first = server.accept(&anna.token, offer, Some("same-key")).await;
    let again = server.accept(&anna.token, offer, Some("same-key")).await;
    assert_eq!(first.0, StatusCode::OK);
    assert_eq!(first, again, "a retried accept answers the first result");
    let (status, _) = server.accept(&anna.token, offer, Some("other-key")).await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "a new key is a new attempt: already accepted"
    );
    let (status, body) = server
        .call("POST", "/api/v1/offers/999/accept", Some(&anna.token), None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
}

#[tokio::test]
async fn accepting_a_chat_under_capacity_keeps_the_agent_available() {
    let server = TestServer::start().await;
    let anna = server.available("anna").await;
    for n in 0..3 {
        server
            .inbound("WhatsApp Support", &format!("chat {n}"))
            .await;
    }
    for n in 0..3 {
        server.dispatch().await;
        let offer = server.work(&anna.token).await.offers[0].id;
        let (status, _) = server.accept(&anna.token, offer, None).await;
        assert_eq!(status, StatusCode::OK);
        let expected = if n < 2 { "available" } else { "busy" };
        assert_eq!(
            server.status_of(&anna.token).await["kind"],
            expected,
            "after chat {n}"
        );
    }
    let work = server.work(&anna.token).await;
    assert_eq!(work.interactions.len(), 3);
    assert!(
        work.interactions
            .windows(2)
            .all(|pair| pair[0].accepted_at <= pair[1].accepted_at),
        "oldest first"
    );
}

#[tokio::test]
async fn inbound_endpoint_needs_the_key() {
    let server = TestServer::with_config(|config| config.inbound_key = Some("secret".into())).await;
    let queue_id = server.queue_id("Support Email").await;
    let body = json!({"queue_id": queue_id, "customer_id": 2, "subject": "Hi", "body": "Hello"});
    let (status, _) = server
        .call("POST", "/api/v1/inbound", None, Some(body.clone()))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let request = axum::http::Request::post("/api/v1/inbound")
        .header("content-type", "application/json")
        .header("x-inbound-key", "secret")
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    let response = server.send(request).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let state: String = sqlx::query_scalar("SELECT state FROM interactions")
        .fetch_one(&server.state.db)
        .await
        .unwrap();
    assert_eq!(state, "queued");
}

#[tokio::test]
async fn the_simulator_creates_contacts_that_get_offered() {
    let server = TestServer::start().await;
    let anna = server.available("anna").await;
    for _ in 0..6 {
        omni_server::demo::simulator::create_one(&server.state)
            .await
            .unwrap();
    }
    let rows: Vec<(String, Option<String>, String)> =
        sqlx::query_as("SELECT channel, subject, first_message FROM interactions")
            .fetch_all(&server.state.db)
            .await
            .unwrap();
    assert_eq!(rows.len(), 6);
    for (channel, subject, body) in &rows {
        assert!(!body.is_empty());
        assert_eq!(
            subject.is_some(),
            channel == "email",
            "emails have subjects, chats do not"
        );
    }
    server.dispatch().await;
    assert_eq!(
        server.work(&anna.token).await.offers.len(),
        1,
        "one offer at a time per agent"
    );
}
