//! Ending an interaction and post-processing: countdown, dispositions, Work Offline.

use std::time::Duration;

use crate::common::TestServer;
use axum::http::StatusCode;
use omni_protocol::{EventBody, SignInResponse};
use serde_json::json;

/// Anna accepts one email from `queue` and ends it; returns her session and the interaction id.
async fn accepted_and_ended(server: &TestServer, queue: &str) -> (SignInResponse, i64) {
    let anna = server.available("anna").await;
    let id = server.inbound(queue, "Wrap me").await;
    server.dispatch().await;
    let offer = server.work(&anna.token).await.offers[0].id;
    assert_eq!(
        server.accept(&anna.token, offer, None).await.0,
        StatusCode::OK
    );
    let (status, body) = server.end(&anna.token, id).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    (anna, id)
}

#[tokio::test]
async fn end_starts_the_countdown_and_wrap_up_with_two_levels_makes_available() {
    let server = TestServer::start().await;
    let (anna, id) = accepted_and_ended(&server, "Support Email").await;
    let work = server.work(&anna.token).await;
    assert_eq!(work.wrap_ups.len(), 1);
    let wrap_up = &work.wrap_ups[0];
    assert_eq!(wrap_up.deadline.unwrap() - wrap_up.started_at, 60_000);
    assert!(!wrap_up.mandatory_disposition);
    assert_eq!(
        server.status_of(&anna.token).await,
        json!({"kind": "busy"}),
        "paused during post-processing"
    );

    let answered = server.disposition_id("Answered question").await; // Resolved › Answered question
    let (status, body) = server
        .complete_wrap_up(
            &anna.token,
            id,
            json!({"notes": "Sent replacement plates", "disposition_id": answered}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "closed");
    assert_eq!(
        server.status_of(&anna.token).await,
        json!({"kind": "available"})
    );
    let (notes, disposition): (String, i64) =
        sqlx::query_as("SELECT notes, disposition_id FROM interactions WHERE id = ?")
            .bind(id)
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    assert_eq!(
        (notes.as_str(), disposition),
        ("Sent replacement plates", answered)
    );
    assert!(server.work(&anna.token).await.interactions.is_empty());
}

#[tokio::test]
async fn countdown_expiry_wraps_up_and_sets_available() {
    let server = TestServer::start().await;
    let (anna, _) = accepted_and_ended(&server, "Support Email").await;
    let mut stream = server
        .open_stream(&anna.token, "/api/v1/events", None)
        .await;
    server.run_out_of_time().await;
    server.dispatch().await;
    assert_eq!(
        server.status_of(&anna.token).await,
        json!({"kind": "available"})
    );
    let events = stream.drain(Duration::from_millis(200)).await;
    assert!(events
        .iter()
        .any(|e| matches!(&e.body, EventBody::WrapUpEnded(ended) if ended.timed_out)));
    assert!(events
        .iter()
        .any(|e| matches!(&e.body, EventBody::StatusChanged(_))));
}

#[tokio::test]
async fn mandatory_disposition_keeps_the_agent_paused_until_set() {
    let server = TestServer::start().await;
    let (anna, id) = accepted_and_ended(&server, "Billing Email").await;
    let (status, body) = server
        .complete_wrap_up(&anna.token, id, json!({"notes": "x"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "disposition_id");

    let (status, body) = server
        .set_status(&anna.token, json!({"kind": "available"}))
        .await;
    assert_eq!(
        status,
        StatusCode::CONFLICT,
        "cannot skip the disposition by going Available: {body}"
    );

    server.run_out_of_time().await;
    server.dispatch().await;
    assert_eq!(
        server.status_of(&anna.token).await,
        json!({"kind": "busy"}),
        "still paused after the countdown"
    );
    assert_eq!(server.work(&anna.token).await.wrap_ups[0].deadline, None);

    let escalated = server.disposition_id("Escalated").await; // has children: not a leaf
    let (status, body) = server
        .complete_wrap_up(
            &anna.token,
            id,
            json!({"notes": "", "disposition_id": escalated}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["error"]["message"],
        "Choose a disposition down to its last level."
    );
    let tier2 = server.disposition_id("Tier 2").await; // Follow-up needed › Escalated › Tier 2
    let (status, _) = server
        .complete_wrap_up(
            &anna.token,
            id,
            json!({"notes": "", "disposition_id": tier2}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        server.status_of(&anna.token).await,
        json!({"kind": "available"})
    );
}

#[tokio::test]
async fn work_offline_stops_the_countdown_and_stays_after_wrap_up() {
    let server = TestServer::start().await;
    let (anna, id) = accepted_and_ended(&server, "Support Email").await;
    server
        .set_status(&anna.token, json!({"kind": "working_offline"}))
        .await;
    assert_eq!(server.work(&anna.token).await.wrap_ups[0].deadline, None);
    server.run_out_of_time().await;
    server.dispatch().await;
    assert_eq!(
        server.work(&anna.token).await.wrap_ups.len(),
        1,
        "no countdown: the wrap-up waits"
    );

    let (status, body) = server
        .call(
            "PUT",
            &format!("/api/v1/interactions/{id}/wrap-up"),
            Some(&anna.token),
            Some(json!({"notes": "draft"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["notes"], "draft");
    server.complete_wrap_up(&anna.token, id, json!({})).await;
    assert_eq!(
        server.status_of(&anna.token).await,
        json!({"kind": "working_offline"})
    );
}

#[tokio::test]
async fn ending_twice_or_someone_elses_is_refused_and_dispositions_are_listed() {
    let server = TestServer::start().await;
    let (anna, id) = accepted_and_ended(&server, "Support Email").await;
    let (status, _) = server.end(&anna.token, id).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let ben = server.sign_in("ben").await;
    let (status, _) = server.end(&ben.token, id).await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    let (status, tree) = server
        .call("GET", "/api/v1/dispositions", Some(&ben.token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let tree: Vec<omni_protocol::Disposition> = serde_json::from_value(tree).unwrap();
    let tier2 = server.disposition_id("Tier 2").await;
    assert_eq!(
        omni_protocol::disposition_path(&tree, tier2).unwrap(),
        ["Follow-up needed", "Escalated", "Tier 2"]
    );
    let (_, queues) = server
        .call("GET", "/api/v1/queues", Some(&ben.token), None)
        .await;
    let billing = queues
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["name"] == "Billing Email")
        .unwrap();
    assert_eq!(billing["disposition_mandatory"], true);
    assert_eq!(billing["ring_all"], true);
    assert_eq!(billing["member"], true);
}

#[tokio::test]
async fn chat_wrap_up_pauses_an_available_agent_until_it_ends() {
    let server = TestServer::start().await;
    let anna = server.available("anna").await;
    let id = server.inbound("WhatsApp Support", "hi").await;
    server.dispatch().await;
    let offer = server.work(&anna.token).await.offers[0].id;
    server.accept(&anna.token, offer, None).await;
    assert_eq!(
        server.status_of(&anna.token).await,
        json!({"kind": "available"}),
        "one chat of three"
    );
    server.end(&anna.token, id).await;
    assert_eq!(
        server.status_of(&anna.token).await,
        json!({"kind": "busy"}),
        "paused in post-processing"
    );
    server.run_out_of_time().await;
    server.dispatch().await;
    assert_eq!(
        server.status_of(&anna.token).await,
        json!({"kind": "available"})
    );
}

#[tokio::test]
async fn an_empty_or_misshapen_wrap_up_body_is_refused_and_wipes_nothing() {
    let server = TestServer::start().await;
    let (anna, id) = accepted_and_ended(&server, "Support Email").await;
    let answered = server.disposition_id("Answered question").await;
    let path = format!("/api/v1/interactions/{id}/wrap-up");
    let saved = json!({"notes": "Customer sent photos", "disposition_id": answered});
    let (status, body) = server
        .call("PUT", &path, Some(&anna.token), Some(saved))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    for wrong in [json!({}), json!([]), json!(["Overwritten", answered])] {
        let (status, body) = server
            .call("PUT", &path, Some(&anna.token), Some(wrong.clone()))
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{wrong}: {body}");
        let message = body["error"]["message"].as_str().unwrap_or_default();
        assert!(
            !message.contains("line 1") && !message.contains('`'),
            "{wrong}: a sentence for a person, not serde's text: {message}"
        );
    }
    let kept = &server.work(&anna.token).await.wrap_ups[0];
    assert_eq!(kept.notes, "Customer sent photos", "nothing was wiped");
    assert_eq!(kept.disposition_id, Some(answered));
}
