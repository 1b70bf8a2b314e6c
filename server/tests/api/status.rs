//! Presence: changing status, validation, and the event it emits.

use crate::common::TestServer;
use axum::http::StatusCode;
use omni_protocol::{AgentStatus, EventBody};
use serde_json::json;

#[tokio::test]
async fn status_change_is_saved_and_emits_an_event() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let mut stream = server
        .open_stream(
            &anna.token,
            "/api/v1/events",
            Some(anna.agent.last_event_id),
        )
        .await;

    let (status, profile) = server
        .set_status(&anna.token, json!({"kind": "available"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(profile["status"], json!({"kind": "available"}));

    let event = stream.next().await;
    assert!(event.id > anna.agent.last_event_id);
    match event.body {
        EventBody::StatusChanged(changed) => {
            assert_eq!(changed.agent_id, anna.agent.id);
            assert_eq!(changed.status, AgentStatus::Available);
        }
        other => panic!("expected status_changed, got {other:?}"),
    }
    let (_, me) = server
        .call("GET", "/api/v1/me", Some(&anna.token), None)
        .await;
    assert_eq!(me["status"], json!({"kind": "available"}));
    assert_eq!(me["last_event_id"], event.id);
}

#[tokio::test]
async fn second_session_of_the_same_agent_follows() {
    let server = TestServer::start().await;
    let first_tab = server.sign_in("anna").await;
    let second_tab = server.sign_in("anna").await;
    let ben = server.sign_in("ben").await;
    let mut second = server
        .open_stream(&second_tab.token, "/api/v1/events", None)
        .await;
    let mut bens = server.open_stream(&ben.token, "/api/v1/events", None).await;

    server
        .set_status(
            &first_tab.token,
            json!({"kind": "custom", "id": "training"}),
        )
        .await;
    let event = second.next().await;
    assert!(matches!(
        event.body,
        EventBody::StatusChanged(ref changed) if changed.status == AgentStatus::Custom { id: "training".into() }
    ));
    assert_eq!(
        bens.next_within(std::time::Duration::from_millis(300))
            .await,
        None,
        "Ben hears nothing of Anna"
    );
}

#[tokio::test]
async fn unknown_status_is_422_and_changes_nothing() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let (status, body) = server
        .set_status(&anna.token, json!({"kind": "custom", "id": "napping"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "status");
    assert!(body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("napping"));
    let (_, me) = server
        .call("GET", "/api/v1/me", Some(&anna.token), None)
        .await;
    assert_eq!(me["status"], json!({"kind": "working_offline"}));
    assert_eq!(
        server.state.events.head().await.unwrap(),
        0,
        "no event for a refused change"
    );

    let (status, body) = server
        .set_status(&anna.token, json!({"kind": "sleeping"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
}

#[tokio::test]
async fn setting_the_same_status_twice_emits_once() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    server
        .set_status(&anna.token, json!({"kind": "on_break"}))
        .await;
    server
        .set_status(&anna.token, json!({"kind": "on_break"}))
        .await;
    assert_eq!(server.state.events.head().await.unwrap(), 1);
}
