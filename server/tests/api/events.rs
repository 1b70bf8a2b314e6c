//! The event stream: exact resume after an id, resync when the log no longer reaches back.

use std::time::Duration;

use crate::common::TestServer;
use omni_protocol::{AgentStatus, EventBody};
use serde_json::json;

const CYCLE: [&str; 3] = ["available", "on_break", "busy"];

/// Makes `count` status changes for the agent; returns the statuses in order.
async fn change_status(server: &TestServer, token: &str, count: usize) -> Vec<AgentStatus> {
    let mut done = Vec::new();
    for i in 0..count {
        let kind = CYCLE[i % CYCLE.len()];
        let (status, body) = server.set_status(token, json!({ "kind": kind })).await;
        assert!(status.is_success(), "{body}");
        done.push(AgentStatus::from_key(kind).unwrap());
    }
    done
}

fn status_of(body: &EventBody) -> AgentStatus {
    match body {
        EventBody::StatusChanged(changed) => changed.status.clone(),
        other => panic!("expected status_changed, got {other:?}"),
    }
}

#[tokio::test]
async fn resume_after_n_delivers_exactly_the_later_events() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let ben = server.sign_in("ben").await;
    let statuses = change_status(&server, &anna.token, 6).await;
    change_status(&server, &ben.token, 2).await; // interleaved events for someone else
    let more = change_status(&server, &anna.token, 2).await;

    for (resume, via_query) in [(3u64, false), (4, true)] {
        let uri = if via_query {
            format!("/api/v1/events?since={resume}")
        } else {
            "/api/v1/events".into()
        };
        let header = (!via_query).then_some(resume);
        let mut stream = server.open_stream(&anna.token, &uri, header).await;
        let mut got = Vec::new();
        while let Some(event) = stream.next_within(Duration::from_millis(300)).await {
            got.push(event);
        }
        let ids: Vec<u64> = got.iter().map(|event| event.id).collect();
        let expected_ids: Vec<u64> = (resume + 1..=6).chain([9, 10]).collect();
        assert_eq!(ids, expected_ids, "resume after {resume}");
        let expected: Vec<AgentStatus> = statuses[resume as usize..]
            .iter()
            .chain(more.iter())
            .cloned()
            .collect();
        assert_eq!(
            got.iter()
                .map(|event| status_of(&event.body))
                .collect::<Vec<_>>(),
            expected
        );
    }
}

#[tokio::test]
async fn live_events_follow_the_backlog_without_gap_or_repeat() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    change_status(&server, &anna.token, 3).await;
    let mut stream = server
        .open_stream(&anna.token, "/api/v1/events", Some(1))
        .await;
    assert_eq!(stream.next().await.id, 2);
    assert_eq!(stream.next().await.id, 3);
    change_status(&server, &anna.token, 2).await; // available, on_break: both differ from busy
    assert_eq!(stream.next().await.id, 4);
    assert_eq!(stream.next().await.id, 5);
    assert_eq!(stream.next_within(Duration::from_millis(300)).await, None);
}

#[tokio::test]
async fn too_old_id_gets_resync_then_only_new_events() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    change_status(&server, &anna.token, 6).await;
    server.state.events.prune(2).await.unwrap();
    assert_eq!(server.state.events.floor().await.unwrap(), 4);

    let mut stream = server
        .open_stream(&anna.token, "/api/v1/events", Some(2))
        .await;
    let resync = stream.next().await;
    assert!(
        matches!(resync.body, EventBody::Resync(_)),
        "got {resync:?}"
    );
    assert_eq!(resync.id, 6, "resync carries the head id to continue from");
    assert_eq!(
        stream.next_within(Duration::from_millis(300)).await,
        None,
        "nothing replayed before the head"
    );
    change_status(&server, &anna.token, 1).await;
    assert_eq!(stream.next().await.id, 7);

    // The floor itself is still exact: everything after 4 is in the log.
    let mut exact = server
        .open_stream(&anna.token, "/api/v1/events", Some(4))
        .await;
    assert_eq!(exact.next().await.id, 5);
}

#[tokio::test]
async fn id_from_the_future_gets_resync() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let mut stream = server
        .open_stream(&anna.token, "/api/v1/events", Some(999))
        .await;
    assert!(matches!(stream.next().await.body, EventBody::Resync(_)));
}

#[tokio::test]
async fn bad_resume_id_is_422_and_stream_needs_a_token() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let (status, body) = server
        .call("GET", "/api/v1/events?since=abc", Some(&anna.token), None)
        .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"]["field"], "since");
    let (status, body) = server.call("GET", "/api/v1/events", None, None).await;
    assert_eq!(status, 401);
    assert_eq!(body["error"]["code"], "unauthorized");
}

#[tokio::test]
async fn a_stream_that_fell_behind_while_the_log_was_pruned_gets_resync_not_a_gap() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let agent_id = anna.agent.id;
    // Connected, but not reading: a stalled client.
    let mut stream = server
        .open_stream(&anna.token, "/api/v1/events", None)
        .await;
    // More events than the live buffer holds, and the log pruned past where it stood.
    for n in 0..1_100 {
        let body = EventBody::StopNewChanged(omni_protocol::StopNewChanged {
            agent_id,
            stop_new: n % 2 == 0,
            version: 0,
        });
        server
            .state
            .events
            .publish(Some(agent_id), body)
            .await
            .unwrap();
    }
    server.state.events.prune(10).await.unwrap();

    let first = stream.next().await;
    assert!(
        matches!(first.body, EventBody::Resync(_)),
        "the client must learn it missed events, got {first:?}"
    );
    let head = server.state.events.head().await.unwrap();
    assert_eq!(
        first.id, head,
        "resync carries the head id to continue from"
    );
    assert_eq!(
        stream.next_within(Duration::from_millis(300)).await,
        None,
        "nothing half-replayed after it"
    );
}
