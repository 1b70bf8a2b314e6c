//! One rule for the list (docs/api.md, "Unread"): for every filter and every viewer, the
//! server's SQL and the desk's matching (`ListFilters::matches`, which judges events) pick the
//! same interactions, each agent by their own unread count.

use std::collections::BTreeSet;

use crate::common::TestServer;
use axum::http::StatusCode;
use omni_protocol::{
    Direction, EmailAddress, EventBody, InteractionPage, InteractionSummary, ListFilters,
    MessageKind,
};
use omni_server::work::messages::{self, NewMessage};
use serde_json::json;

async fn listed(server: &TestServer, token: &str, filters: &ListFilters) -> InteractionPage {
    let uri = format!("/api/v1/interactions{}", filters.query(None, 200));
    let (status, body) = server.call("GET", &uri, Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{uri}: {body}");
    serde_json::from_value(body).unwrap()
}

/// A customer writes again on interaction `id`.
async fn customer_writes(server: &TestServer, id: i64) {
    let from = EmailAddress {
        name: Some("Maria Rossi".into()),
        address: "maria.rossi@example.com".into(),
    };
    let message = NewMessage::new(
        id,
        Direction::Inbound,
        MessageKind::Email,
        from,
        "Again".into(),
    );
    messages::insert(&server.state, message).await.unwrap();
    omni_server::work::summaries::announce(&server.state, id)
        .await
        .unwrap();
}

async fn mark_read(server: &TestServer, token: &str, id: i64) {
    let uri = format!("/api/v1/interactions/{id}/read");
    let (status, body) = server.call("POST", &uri, Some(token), None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

/// Every filter the list offers, in each combination that matters.
fn table(anna: i64, ben: i64) -> Vec<ListFilters> {
    let mut cases = Vec::new();
    for account in ["", "me", "unassigned"] {
        for status in ["", "open", "closed"] {
            for read in ["", "read", "unread"] {
                cases.push(ListFilters {
                    account: account.into(),
                    status: status.into(),
                    read: read.into(),
                    ..ListFilters::default()
                });
            }
        }
    }
    for agent in [anna, ben] {
        for read in ["", "unread"] {
            cases.push(ListFilters {
                agent: Some(agent),
                read: read.into(),
                ..ListFilters::default()
            });
        }
    }
    cases.push(ListFilters {
        tags: "vip, billing".into(),
        read: "unread".into(),
        ..ListFilters::default()
    });
    cases
}

#[tokio::test]
async fn the_servers_sql_and_the_desks_matching_agree_for_every_filter_and_viewer() {
    let server = TestServer::start().await;
    let anna = server.available("anna").await;
    let ben = server.available("ben").await;
    // Queued, unread for everyone.
    server.inbound("Support Email", "Waiting").await;
    // Anna's, read by her: still unread for Ben.
    let read_by_anna = server.inbound("Support Email", "Anna's").await;
    server.dispatch().await;
    let offers = server.work(&anna.token).await.offers;
    let offer = offers.iter().find(|o| o.interaction.id == read_by_anna);
    let offer = match offer {
        Some(offer) => offer.id,
        None => server.work(&ben.token).await.offers[0].id,
    };
    let (status, accepted) = server.accept(&anna.token, offer, None).await;
    let anna_has = if status == StatusCode::OK {
        accepted["id"].as_i64().unwrap()
    } else {
        read_by_anna
    };
    mark_read(&server, &anna.token, anna_has).await;
    // Anna's again, ended and closed, then the customer writes: unread for both, but twice
    // as much for Ben, who never read it.
    server.end(&anna.token, anna_has).await;
    customer_writes(&server, anna_has).await;
    // Ben's, read by him, tagged: unread for Anna only.
    let bens = server.inbound("Support Email", "Ben's").await;
    server.dispatch().await;
    if let Some(offer) = server.work(&ben.token).await.offers.first() {
        server.accept(&ben.token, offer.id, None).await;
    }
    mark_read(&server, &ben.token, bens).await;
    let uri = format!("/api/v1/interactions/{bens}/tags");
    let (status, _) = server
        .call(
            "PUT",
            &uri,
            Some(&ben.token),
            Some(json!({"tags": ["vip"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let mut agreed = 0;
    for (viewer, token) in [(anna.agent.id, &anna.token), (ben.agent.id, &ben.token)] {
        // Every interaction, with this viewer's unread counts: what the desk holds and hears.
        let everything = listed(&server, token, &ListFilters::default()).await.items;
        for filters in table(anna.agent.id, ben.agent.id) {
            let by_sql: BTreeSet<i64> = listed(&server, token, &filters)
                .await
                .items
                .iter()
                .map(|i| i.id)
                .collect();
            let by_desk: BTreeSet<i64> = everything
                .iter()
                .filter(|item| filters.matches(item, viewer))
                .map(|i| i.id)
                .collect();
            assert_eq!(by_sql, by_desk, "viewer {viewer}, {filters:?}");
            agreed += 1;
        }
    }
    assert_eq!(agreed, 2 * 32);
}

#[tokio::test]
async fn each_desk_hears_its_own_agents_unread_count() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let ben = server.sign_in("ben").await;
    let id = server.inbound("Support Email", "Counted").await;
    mark_read(&server, &anna.token, id).await;
    let mut annas = server
        .open_stream(&anna.token, "/api/v1/events", None)
        .await;
    let mut bens = server.open_stream(&ben.token, "/api/v1/events", None).await;
    customer_writes(&server, id).await;
    let summary_of = |events: Vec<omni_protocol::Event>| -> Option<InteractionSummary> {
        events.into_iter().find_map(|event| match event.body {
            EventBody::InteractionChanged(summary) if summary.id == id => Some(summary),
            _ => None,
        })
    };
    let wait = std::time::Duration::from_millis(300);
    let for_anna = summary_of(annas.drain(wait).await).expect("Anna hears it");
    let for_ben = summary_of(bens.drain(wait).await).expect("Ben hears it");
    assert_eq!((for_anna.unread, for_ben.unread), (1, 2));
    assert_eq!(for_anna.version, for_ben.version, "one change, one version");
    // The REST answer agrees with what each stream said.
    let uri = format!("/api/v1/interactions/{id}");
    let (_, body) = server.call("GET", &uri, Some(&ben.token), None).await;
    assert_eq!(body["unread"], 2);
    assert_eq!(body["version"].as_u64(), Some(for_ben.version));
}
