//! The permissions table of docs/api.md, cell by cell: each cell is one request by one
//! caller on a fresh interaction in the row's state, asserting the status and whether the
//! interaction changed. The table is read from the document, so the two cannot drift apart.

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::{
    common::TestServer,
    compose::{accepted, account_id, post_keyed},
};

/// One row of the table.
struct Row {
    action: String,
    method: String,
    path: String,
    state: String,
    /// Expected status for the assigned agent, another agent, a supervisor (`None`: "—").
    cells: [Option<u16>; 3],
}

fn table() -> Vec<Row> {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/api.md"))
        .expect("docs/api.md");
    let section = doc
        .split("## Permissions")
        .nth(1)
        .expect("a Permissions section")
        .split("\n## ")
        .next()
        .unwrap();
    section
        .lines()
        .filter(|line| line.starts_with("| ") && !line.starts_with("| action"))
        .map(|line| {
            let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
            let (method, path) = cells[1].trim_matches('`').split_once(' ').unwrap();
            let status = |cell: &str| cell.parse::<u16>().ok();
            Row {
                action: cells[0].to_owned(),
                method: method.to_owned(),
                path: path.to_owned(),
                state: cells[2].to_owned(),
                cells: [status(cells[3]), status(cells[4]), status(cells[5])],
            }
        })
        .collect()
}

/// What a caller could change: the interaction's row, its tags and its thread's length.
async fn snapshot(server: &TestServer, id: i64) -> Value {
    let (state, agent, queue): (String, Option<i64>, i64) =
        sqlx::query_as("SELECT state, agent_id, queue_id FROM interactions WHERE id = ?")
            .bind(id)
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    let tags: Vec<String> = sqlx::query_scalar(
        "SELECT tag FROM interaction_tags WHERE interaction_id = ? ORDER BY tag",
    )
    .bind(id)
    .fetch_all(&server.state.db)
    .await
    .unwrap();
    let messages: i64 =
        sqlx::query_scalar("SELECT count(*) FROM messages WHERE interaction_id = ?")
            .bind(id)
            .fetch_one(&server.state.db)
            .await
            .unwrap();
    json!([state, agent, queue, tags, messages])
}

/// A fresh server with an interaction in `state`; Anna is (or was) its agent unless queued.
async fn interaction_in(state: &str) -> (TestServer, i64) {
    let server = TestServer::start().await;
    match state {
        "queued" => {
            let id = server.inbound("Support Email", "Waiting").await;
            (server, id)
        }
        "active" | "closed" => {
            let (anna, id) = accepted(&server, "multipart_alternative.eml").await;
            if state == "closed" {
                let (status, body) = server
                    .call(
                        "POST",
                        &format!("/api/v1/interactions/{id}/close"),
                        Some(&anna.token),
                        Some(json!({})),
                    )
                    .await;
                assert_eq!(status, StatusCode::OK, "{body}");
            }
            (server, id)
        }
        other => panic!("no set-up for an interaction {other}"),
    }
}

async fn body_for(server: &TestServer, action: &str) -> Option<Value> {
    match action {
        "tag" => Some(json!({"tags": ["vip"]})),
        "note" => Some(json!({"body": "Checked with the warehouse."})),
        "reply" => Some(json!({"account_id": account_id(server, "SUPPORT").await,
                               "to": ["maria.rossi@example.com"], "subject": "Re: your order",
                               "body": "It is on its way."})),
        "transfer" => Some(
            json!({"queue_id": server.queue_id("Billing Email").await, "confirm_empty_queue": true}),
        ),
        "close" => Some(json!({})),
        _ => None,
    }
}

#[tokio::test]
async fn every_cell_of_the_permissions_table_holds() {
    let rows = table();
    assert!(rows.len() >= 10, "the table has {} rows", rows.len());
    let mut failures = Vec::new();
    for row in &rows {
        for (caller, expected) in ["anna", "ben", "sam"].iter().zip(row.cells) {
            let Some(expected) = expected else { continue };
            let (server, id) = interaction_in(&row.state).await;
            let token = server.sign_in(caller).await.token;
            let before = snapshot(&server, id).await;
            let path = row.path.replace("{id}", &id.to_string());
            let (status, body) = if row.action == "reply" {
                let body = body_for(&server, "reply").await.unwrap();
                post_keyed(&server, &path, &token, &format!("{caller}-reply"), body).await
            } else {
                let body = body_for(&server, &row.action).await;
                server.call(&row.method, &path, Some(&token), body).await
            };
            let changed = snapshot(&server, id).await != before;
            let should_change = row.method != "GET" && (200..300).contains(&expected);
            let cell = format!("{} on {} by {caller}", row.action, row.state);
            if status.as_u16() != expected {
                failures.push(format!(
                    "{cell}: {} instead of {expected}: {body}",
                    status.as_u16()
                ));
            } else if changed != should_change {
                failures.push(format!(
                    "{cell}: changed = {changed}, expected {should_change}"
                ));
            } else if status.is_client_error() && body["error"]["message"].as_str().is_none() {
                failures.push(format!("{cell}: a refusal without a sentence: {body}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn a_supervisors_reopen_returns_the_interaction_to_its_queue_unread() {
    let (server, id) = interaction_in("closed").await;
    let sam = server.sign_in("sam").await;
    let (status, body) = server
        .call(
            "POST",
            &format!("/api/v1/interactions/{id}/reopen"),
            Some(&sam.token),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["state"], "queued");
    assert!(body.get("agent_id").is_none(), "nobody's: {body}");
    assert_eq!(body["reopened"], true);
    let anna = server.sign_in("anna").await;
    let (_, seen) = server
        .call(
            "GET",
            &format!("/api/v1/interactions/{id}"),
            Some(&anna.token),
            None,
        )
        .await;
    assert!(seen["unread"].as_u64() > Some(0), "unread again: {seen}");
    assert_eq!(
        server.status_of(&sam.token).await["kind"],
        "working_offline"
    );
}
