//! The interaction list: cursor paging, filters, tags, and list events.

use std::collections::HashSet;

use crate::common::TestServer;
use axum::http::StatusCode;
use omni_protocol::{EventBody, InteractionPage};
use serde_json::json;

async fn page(server: &TestServer, token: &str, query: &str) -> InteractionPage {
    let (status, body) = server
        .call(
            "GET",
            &format!("/api/v1/interactions?{query}"),
            Some(token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{query}: {body}");
    serde_json::from_value(body).unwrap()
}

#[tokio::test]
async fn cursor_pages_cover_every_interaction_once_newest_first() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    for n in 0..23 {
        server
            .inbound("Support Email", &format!("Question {n}"))
            .await;
    }
    let mut seen = Vec::new();
    let mut cursor = String::new();
    loop {
        let query = format!("channel=email&limit=10{cursor}");
        let page = page(&server, &anna.token, &query).await;
        assert_eq!(page.total, 23);
        assert!(page.items.len() <= 10);
        seen.extend(
            page.items
                .iter()
                .map(|item| (item.last_message.as_ref().unwrap().at, item.id)),
        );
        match page.next_cursor {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 23);
    assert_eq!(
        seen.iter().map(|(_, id)| id).collect::<HashSet<_>>().len(),
        23,
        "no repeats"
    );
    assert!(
        seen.windows(2).all(|pair| pair[0] > pair[1]),
        "newest activity first"
    );
    let (status, body) = server
        .call(
            "GET",
            "/api/v1/interactions?cursor=garbage",
            Some(&anna.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(body["error"]["field"], "cursor");
}

#[tokio::test]
async fn filters_narrow_by_account_agent_status_read_dates_and_tags() {
    let server = TestServer::start().await;
    let anna = server.available("anna").await;
    let mine = server.inbound("Support Email", "Mine").await;
    server.dispatch().await;
    let offer = server.work(&anna.token).await.offers[0].id;
    server.accept(&anna.token, offer, None).await;
    let waiting = server.inbound("Support Email", "Waiting").await;
    let chat = server.inbound("WhatsApp Support", "A chat").await;

    let ids = |page: InteractionPage| page.items.iter().map(|i| i.id).collect::<Vec<_>>();
    assert_eq!(
        ids(page(&server, &anna.token, "account=me").await),
        vec![mine]
    );
    let unassigned = ids(page(&server, &anna.token, "account=unassigned&channel=email").await);
    assert_eq!(unassigned, vec![waiting]);
    assert_eq!(
        ids(page(&server, &anna.token, "channel=chat").await),
        vec![chat]
    );
    assert_eq!(
        ids(page(&server, &anna.token, "account=me&read=unread").await),
        vec![mine]
    );
    server
        .call(
            "POST",
            &format!("/api/v1/interactions/{mine}/read"),
            Some(&anna.token),
            None,
        )
        .await;
    assert!(ids(page(&server, &anna.token, "account=me&read=unread").await).is_empty());
    assert_eq!(
        ids(page(&server, &anna.token, "account=me&read=read").await),
        vec![mine]
    );
    assert!(ids(page(&server, &anna.token, "status=closed").await).is_empty());
    assert_eq!(page(&server, &anna.token, "status=open").await.total, 3);
    assert!(
        ids(page(&server, &anna.token, "from=4102444800000").await).is_empty(),
        "nothing from 2100 on"
    );
    assert!(
        ids(page(&server, &anna.token, "to=946684800000").await).is_empty(),
        "nothing before 2000"
    );
    assert_eq!(
        page(&server, &anna.token, "from=0&to=4102444800000")
            .await
            .total,
        3
    );
    let agent = format!("agent={}", anna.agent.id);
    assert_eq!(ids(page(&server, &anna.token, &agent).await), vec![mine]);

    // The Agent filter's choices: every active agent, by name.
    let (status, agents) = server
        .call("GET", "/api/v1/agents", Some(&anna.token), None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let names: Vec<&str> = agents
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["display_name"].as_str())
        .collect();
    assert_eq!(
        names,
        ["Anna Keller", "Ben Ortiz", "Chris Novak", "Sam Lindqvist"]
    );

    let (status, body) = server
        .call(
            "PUT",
            &format!("/api/v1/interactions/{waiting}/tags"),
            Some(&anna.token),
            Some(json!({"tags": ["vip", " billing ", "vip"]})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["tags"], json!(["billing", "vip"]));
    server
        .call(
            "PUT",
            &format!("/api/v1/interactions/{chat}/tags"),
            Some(&anna.token),
            Some(json!({"tags": ["spam"]})),
        )
        .await;
    let tagged = ids(page(&server, &anna.token, "tags=vip,spam").await);
    assert_eq!(tagged.len(), 2);
    assert!(tagged.contains(&waiting) && tagged.contains(&chat));
    let (status, _) = server
        .call(
            "GET",
            "/api/v1/interactions?account=everyone",
            Some(&anna.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn every_desk_hears_new_and_changed_interactions() {
    let server = TestServer::start().await;
    let ben = server.sign_in("ben").await;
    let mut stream = server.open_stream(&ben.token, "/api/v1/events", None).await;
    let id = server.inbound("Support Email", "For the list").await;
    let added = stream.next().await;
    assert!(matches!(added.body, EventBody::MessageAdded(m) if m.interaction_id == id));
    let event = stream.next().await;
    match event.body {
        EventBody::InteractionChanged(summary) => {
            assert_eq!(summary.id, id);
            assert_eq!(summary.agent_id, None);
            assert_eq!(
                summary.last_message.unwrap().preview,
                "Hello about For the list"
            );
        }
        other => panic!("expected interaction_changed, got {other:?}"),
    }
}

#[tokio::test]
async fn list_shows_disposition_path_and_waiting_count() {
    let server = TestServer::start().await;
    let anna = server.available("anna").await;
    let first = server.inbound("Support Email", "First").await;
    server
        .inbound("Support Email", "Second from the same customer")
        .await;
    server.dispatch().await;
    let offer = server.work(&anna.token).await.offers[0].id;
    server.accept(&anna.token, offer, None).await;
    let items = page(&server, &anna.token, "account=me").await.items;
    assert_eq!(items[0].id, first);
    assert_eq!(
        items[0].related_waiting, 1,
        "the customer's other email waits"
    );
    server.end(&anna.token, first).await;
    let tier2 = server.disposition_id("Tier 2").await;
    server
        .complete_wrap_up(
            &anna.token,
            first,
            json!({"notes": "", "disposition_id": tier2}),
        )
        .await;
    let closed = page(&server, &anna.token, "status=closed").await.items;
    assert_eq!(
        closed[0].disposition_path,
        ["Follow-up needed", "Escalated", "Tier 2"]
    );
}
