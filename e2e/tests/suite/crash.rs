//! End-to-end: a crash right after a send is stored loses nothing and doubles nothing. The
//! server is stopped by its fault switch (`OMNI_FAULT=after_send_commit`, in the test build
//! only) between the commit and the hand-over to the transport; after a restart its delivery
//! worker sends the stored mail, exactly once, and a retry of the request gets it back.

use std::time::Duration;

use anyhow::{ensure, Context, Result};
use omni_e2e::{dist_dir, eventually, AgentApi, Server};
use reqwest::Method;
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(20);

const EMAIL: &str = "From: Maria Rossi <maria.rossi@example.com>\r\n\
To: support@omni-desk.test\r\n\
Subject: Where is my refund?\r\n\
Message-ID: <refund-1@example.com>\r\n\
Date: Tue, 01 Dec 2026 09:00:00 +0000\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\n\
I returned the plates two weeks ago.\r\n";

/// Anna takes the email that just arrived; returns the interaction id.
async fn take_it(server: &Server, anna: &AgentApi) -> Result<i64> {
    anna.send(
        Method::PUT,
        "/api/v1/me/status",
        json!({"status": {"kind": "available"}}),
    )
    .await?;
    let id = server.inbound_email(1, EMAIL.as_bytes()).await?;
    let offer = eventually("the offer", WAIT, || async {
        let work = anna.get("/api/v1/me/work").await.ok()?;
        work["offers"][0]["id"].as_i64()
    })
    .await?;
    anna.send(
        Method::POST,
        &format!("/api/v1/offers/{offer}/accept"),
        json!({}),
    )
    .await?;
    Ok(id)
}

async fn reply(server: &Server, token: &str, id: i64, body: &Value) -> Result<(u16, Value)> {
    let answer = reqwest::Client::new()
        .post(format!("{}/api/v1/interactions/{id}/replies", server.url()))
        .bearer_auth(token)
        .header("Idempotency-Key", "refund-reply-1")
        .json(body)
        .send()
        .await?;
    Ok((answer.status().as_u16(), answer.json().await?))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_crash_after_the_send_is_stored_still_sends_it_once_after_restart() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(
        dir.path(),
        &dist_dir()?,
        &[("OMNI_FAULT", "after_send_commit")],
    )
    .await?;
    let anna = AgentApi::sign_in(&server.url(), "anna", "anna-demo").await?;
    let id = take_it(&server, &anna).await?;
    let accounts = anna.get("/api/v1/email-accounts").await?;
    let account = accounts[0]["id"].as_i64().context("Anna has an account")?;
    let body = json!({"account_id": account, "to": ["maria.rossi@example.com"],
                      "subject": "Re: Where is my refund?", "body": "It left today.", "then": "open"});

    let lost = reply(&server, &anna.token, id, &body).await;
    ensure!(lost.is_err(), "the request died with the server: {lost:?}");
    let code = server.exited(WAIT).await?;
    ensure!(
        code == Some(86),
        "the fault switch stopped the server (exit {code:?}); build it with `--features faults`"
    );
    ensure!(server.outbox()?.is_empty(), "nothing was handed over yet");

    server.set_env("OMNI_FAULT", None);
    server.restart().await?;
    let sent = eventually("the stored reply delivered", WAIT, || async {
        server.outbox().ok().filter(|all| !all.is_empty())
    })
    .await?;
    ensure!(
        String::from_utf8_lossy(&sent[0]).contains("It left today."),
        "the stored reply went out"
    );
    // The agent's desk retries the lost request: it gets the stored message, delivered.
    let (status, again) = reply(&server, &anna.token, id, &body).await?;
    ensure!(status == 200, "{status} {again}");
    ensure!(
        again["message"]["sending"].is_null() && again["message"]["delivery_error"].is_null(),
        "the repeat reports it delivered: {}",
        again["message"]
    );
    let thread = anna
        .get(&format!("/api/v1/interactions/{id}/messages"))
        .await?;
    let outbound = thread["messages"]
        .as_array()
        .or(thread.as_array())
        .map_or(0, |all| {
            all.iter().filter(|m| m["direction"] == "outbound").count()
        });
    ensure!(outbound == 1, "one reply stored: {thread}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    ensure!(server.outbox()?.len() == 1, "exactly one .eml left");
    Ok(())
}
