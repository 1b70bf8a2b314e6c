//! Versions (docs/api.md, "Versions"): every summary, profile and wrap-up carries the id of
//! the event that announced its last change, and the events of one thing leave in order.

use std::time::Duration;

use crate::common::TestServer;
use axum::http::StatusCode;
use omni_protocol::{EventBody, InteractionSummary};
use serde_json::json;

#[tokio::test]
async fn writers_racing_on_one_interaction_announce_in_version_order_and_end_in_its_state() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let id = server.inbound("Support Email", "Raced").await;
    let mut stream = server
        .open_stream(&anna.token, "/api/v1/events", None)
        .await;
    // Twenty writers each set their own tag and announce, all at once.
    let writers: Vec<_> = (0..20)
        .map(|n| {
            let state = server.state.clone();
            tokio::spawn(async move {
                sqlx::query("DELETE FROM interaction_tags WHERE interaction_id = ?")
                    .bind(id)
                    .execute(&state.db)
                    .await
                    .unwrap();
                sqlx::query("INSERT INTO interaction_tags (interaction_id, tag) VALUES (?, ?)")
                    .bind(id)
                    .bind(format!("t{n}"))
                    .execute(&state.db)
                    .await
                    .unwrap();
                omni_server::work::summaries::announce(&state, id)
                    .await
                    .unwrap();
            })
        })
        .collect();
    for writer in writers {
        writer.await.unwrap();
    }
    let heard: Vec<(u64, InteractionSummary)> = stream
        .drain(Duration::from_millis(400))
        .await
        .into_iter()
        .filter_map(|event| match event.body {
            EventBody::InteractionChanged(summary) if summary.id == id => Some((event.id, summary)),
            _ => None,
        })
        .collect();
    assert_eq!(heard.len(), 20);
    for pair in heard.windows(2) {
        assert!(pair[0].1.version < pair[1].1.version, "in version order");
    }
    for (event_id, summary) in &heard {
        assert_eq!(*event_id, summary.version, "the version is the event's id");
    }
    // The last word is the interaction as it is now: no older state published after it.
    let (_, now) = server
        .call(
            "GET",
            &format!("/api/v1/interactions/{id}"),
            Some(&anna.token),
            None,
        )
        .await;
    let last = &heard.last().unwrap().1;
    assert_eq!(now["tags"], json!(last.tags));
    assert_eq!(now["version"].as_u64(), Some(last.version));
}

#[tokio::test]
async fn profiles_and_wrap_ups_carry_the_version_their_events_announced() {
    let server = TestServer::start().await;
    let anna = server.available("anna").await;
    let mut stream = server
        .open_stream(&anna.token, "/api/v1/events", None)
        .await;
    let (status, profile) = server
        .set_status(&anna.token, json!({"kind": "on_break"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let changed = stream.next().await;
    let EventBody::StatusChanged(status_changed) = &changed.body else {
        panic!("expected status_changed, got {changed:?}");
    };
    assert_eq!(status_changed.version, changed.id);
    assert_eq!(
        profile["version"].as_u64(),
        Some(changed.id),
        "the answer is as new"
    );
    let (_, stop) = server
        .call(
            "PUT",
            "/api/v1/me/stop-new",
            Some(&anna.token),
            Some(json!({"stop_new": true})),
        )
        .await;
    let stopped = stream.next().await;
    assert!(matches!(&stopped.body, EventBody::StopNewChanged(s) if s.version == stopped.id));
    assert!(stop["version"].as_u64().unwrap() > profile["version"].as_u64().unwrap());

    // A wrap-up: started, then its notes saved, each a newer version.
    server
        .set_status(&anna.token, json!({"kind": "available"}))
        .await;
    server
        .call(
            "PUT",
            "/api/v1/me/stop-new",
            Some(&anna.token),
            Some(json!({"stop_new": false})),
        )
        .await;
    let id = server.inbound("Support Email", "Wrapped").await;
    server.dispatch().await;
    let offer = server.work(&anna.token).await.offers[0].id;
    server.accept(&anna.token, offer, None).await;
    server.end(&anna.token, id).await;
    let started = server.work(&anna.token).await.wrap_ups[0].clone();
    assert!(started.version > 0);
    let (status, saved) = server
        .call(
            "PUT",
            &format!("/api/v1/interactions/{id}/wrap-up"),
            Some(&anna.token),
            Some(json!({"notes": "Called back"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert!(saved["version"].as_u64().unwrap() > started.version);
    let summary = &server.work(&anna.token).await.interactions[0];
    assert!(
        summary.version > 0,
        "the rail's summaries are versioned too"
    );
}
