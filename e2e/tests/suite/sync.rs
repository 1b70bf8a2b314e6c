//! End-to-end: the desk's state is the server's. A thread hears new messages as they come;
//! after a disconnect longer than the event log, a resync ends in exactly what the API says;
//! the list's total follows a hundred changes without drift.

use std::time::Duration;

use anyhow::{ensure, Context, Result};
use fantoccini::{Client, Locator};
use omni_e2e::{
    attr_of, count, dist_dir, eventually, screenshot, sign_in, text_of, AgentApi, Driver, Server,
};
use reqwest::Method;
use serde_json::{json, Value};

const WAIT: Duration = Duration::from_secs(15);

/// A customer's first email, with the Message-ID a reply will answer.
fn first_email(tag: &str) -> String {
    format!(
        "From: \"Maria Rossi\" <maria.rossi@example.com>\r\nTo: support@omni-desk.test\r\n\
         Subject: Order {tag} arrived damaged\r\nMessage-ID: <{tag}@example.com>\r\n\
         Date: Mon, 30 Nov 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nTwo plates were broken.\r\n"
    )
}

/// Her answer to it, later that day.
fn reply_email(tag: &str, text: &str) -> String {
    format!(
        "From: \"Maria Rossi\" <maria.rossi@example.com>\r\nTo: support@omni-desk.test\r\n\
         Subject: Re: Order {tag} arrived damaged\r\nMessage-ID: <{tag}-reply-{}@example.com>\r\n\
         In-Reply-To: <{tag}@example.com>\r\nReferences: <{tag}@example.com>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{text}\r\n",
        text.len()
    )
}

async fn ids_in(client: &Client, css: &str, attribute: &str) -> Vec<i64> {
    let Ok(found) = client.find_all(Locator::Css(css)).await else {
        return vec![];
    };
    let mut ids = Vec::new();
    for element in found {
        if let Ok(Some(id)) = element.attr(attribute).await {
            if let Ok(id) = id.parse() {
                ids.push(id);
            }
        }
    }
    ids
}

fn ids_of(list: &Value) -> Vec<i64> {
    list.as_array()
        .map(|all| all.iter().filter_map(|item| item["id"].as_i64()).collect())
        .unwrap_or_default()
}

async fn wait_for_link(client: &Client, state: &str) -> Result<()> {
    eventually(&format!("connection {state}"), WAIT, || async {
        (attr_of(client, ".connection", "data-link").await.as_deref() == Some(state)).then_some(())
    })
    .await
}

/// Anna signs in, becomes Available and accepts the email that arrives: its thread is open.
async fn anna_takes_an_email(server: &Server, anna: &Client, tag: &str) -> Result<i64> {
    sign_in(anna, &server.url(), "anna", "anna-demo").await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".button--ready"))
        .await?
        .click()
        .await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-status=available]"))
        .await?;
    let id = server.inbound_email(1, first_email(tag).as_bytes()).await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".offer-card__accept"))
        .await?
        .click()
        .await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".message[data-message-id]"))
        .await?;
    Ok(id)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_customer_reply_and_a_supervisors_note_appear_in_the_open_thread() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    let driver = Driver::start().await?;
    let anna = driver.browser(1280, 900).await?;
    let narrow = driver.browser(360, 740).await?;
    let outcome = live_thread(&server, &anna, &narrow).await;
    anna.close().await.ok();
    narrow.close().await.ok();
    outcome
}

async fn live_thread(server: &Server, anna: &Client, narrow: &Client) -> Result<()> {
    let id = anna_takes_an_email(server, anna, "live-1").await?;
    // The same agent in a narrow panel, on the same interaction.
    sign_in(narrow, &server.url(), "anna", "anna-demo").await?;
    narrow
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".message[data-message-id]"))
        .await?;

    // The customer answers, and the supervisor adds a note for Anna (seed 003): both show
    // without a reload.
    server
        .inbound_email(1, reply_email("live-1", "Here are the photos.").as_bytes())
        .await?;
    let sam = AgentApi::sign_in(&server.url(), "sam", "sam-demo").await?;
    sam.send(
        Method::POST,
        &format!("/api/v1/interactions/{id}/notes"),
        json!({"body": "Warehouse confirms the breakage.", "upload_ids": []}),
    )
    .await?;
    for client in [anna, narrow] {
        eventually("the reply and the note", WAIT, || async {
            (count(client, ".message[data-message-id]").await == 3).then_some(())
        })
        .await
        .context("live messages join the open thread")?;
    }
    let note = text_of(anna, ".message[data-kind=note]")
        .await
        .unwrap_or_default();
    ensure!(
        note.contains("Warehouse confirms the breakage."),
        "note: {note}"
    );
    let reply = text_of(anna, ".message:nth-child(2)")
        .await
        .unwrap_or_default();
    ensure!(reply.contains("Here are the photos."), "reply: {reply}");
    // Read while the agent looks at it: no badge.
    eventually("read on arrival", WAIT, || async {
        (count(anna, ".rail-icon__unread").await == 0).then_some(())
    })
    .await?;
    screenshot(anna, "thread-live-message-desktop").await?;
    // The narrow panel stacks list over thread: the new messages are further down.
    narrow
        .execute(
            "document.querySelector('.thread .message:nth-last-child(2)').scrollIntoView();",
            vec![],
        )
        .await?;
    screenshot(narrow, "thread-live-message-360").await?;

    // Marked unread, it stays unread while nothing arrives; the customer's next message is
    // read on arrival again. (The narrow panel goes first: open on the same thread, it would
    // read it at once.)
    narrow.goto("about:blank").await?;
    anna.find(Locator::Css(".thread__tools .button"))
        .await?
        .click()
        .await?;
    eventually("the badge back", WAIT, || async {
        (text_of(anna, ".rail-icon__unread").await.as_deref() == Some("1")).then_some(())
    })
    .await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    ensure!(
        count(anna, ".rail-icon__unread").await == 1,
        "Mark as unread holds while the thread stays open"
    );
    server
        .inbound_email(1, reply_email("live-1", "One more photo.").as_bytes())
        .await?;
    eventually("read on arrival after Mark as unread", WAIT, || async {
        (count(anna, ".message[data-message-id]").await == 4
            && count(anna, ".rail-icon__unread").await == 0)
            .then_some(())
    })
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn after_a_disconnect_longer_than_the_event_log_the_desk_ends_in_the_servers_state(
) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut server =
        Server::start(dir.path(), &dist_dir()?, &[("OMNI_EVENT_LOG_KEEP", "3")]).await?;
    let driver = Driver::start().await?;
    let anna = driver.browser(1280, 900).await?;
    let outcome = resync(&mut server, &anna).await;
    anna.close().await.ok();
    outcome
}

async fn resync(server: &mut Server, anna: &Client) -> Result<()> {
    // Ben holds an interaction of his own, open, before anything else happens.
    let ben = AgentApi::sign_in(&server.url(), "ben", "ben-demo").await?;
    let bens = server
        .inbound("Support Email", 2, "Ben's question", "Hello Ben")
        .await?;
    server
        .execute(&format!(
            "UPDATE interactions SET state = 'open', agent_id = \
             (SELECT id FROM agents WHERE username = 'ben'), accepted_at = created_at WHERE id = {bens}"
        ))
        .await?;
    let open = anna_takes_an_email(server, anna, "resync-1").await?;
    wait_for_link(anna, "live").await?;
    let anna_api = AgentApi::sign_in(&server.url(), "anna", "anna-demo").await?;

    // The desk's address goes down; another process over the same database carries on.
    server.kill().await?;
    wait_for_link(anna, "reconnecting").await?;
    let side_addr = std::net::SocketAddr::from(([127, 0, 0, 1], omni_e2e::free_port()?));
    let mut side = server.spawn_at(side_addr).await?;
    let side_url = format!("http://{side_addr}");
    let (anna_side, ben_side) = (anna_api.at(&side_url), ben.at(&side_url));
    // Anna's status changes (she is Busy after accepting; a supervisor's tool, say, pauses her).
    anna_side
        .send(
            Method::PUT,
            "/api/v1/me/status",
            json!({"status": {"kind": "on_break"}}),
        )
        .await?;
    // A new interaction arrives, the customer answers the open thread, Ben closes his.
    reqwest::Client::new()
        .post(format!("{side_url}/api/v1/inbound/email?queue_id=1"))
        .header("x-inbound-key", omni_e2e::INBOUND_KEY)
        .header("content-type", "message/rfc822")
        .body(first_email("resync-2"))
        .send()
        .await?
        .error_for_status()?;
    reqwest::Client::new()
        .post(format!("{side_url}/api/v1/inbound/email?queue_id=1"))
        .header("x-inbound-key", omni_e2e::INBOUND_KEY)
        .header("content-type", "message/rfc822")
        .body(reply_email("resync-1", "While you were away: the photos."))
        .send()
        .await?
        .error_for_status()?;
    ben_side
        .send(
            Method::POST,
            &format!("/api/v1/interactions/{bens}/close"),
            json!({}),
        )
        .await?;
    side.kill().await?;

    // Back up: the log kept 3 events, far fewer than happened, so the desk must resync.
    server.restart().await?;
    wait_for_link(anna, "live").await?;
    let status = anna_api.get("/api/v1/me").await?;
    ensure!(status["status"]["kind"] == "on_break", "{status}");
    eventually("the status", WAIT, || async {
        (text_of(anna, ".status-selector__label").await.as_deref() == Some("On Break"))
            .then_some(())
    })
    .await?;
    let work = anna_api.get("/api/v1/me/work").await?;
    let rail = ids_of(&work["interactions"]);
    eventually("the rail", WAIT, || async {
        (ids_in(anna, ".rail-icon", "data-interaction-id").await == rail).then_some(())
    })
    .await
    .context("rail equals /me/work")?;
    let page = anna_api
        .get("/api/v1/interactions?channel=email&limit=30")
        .await?;
    let listed = ids_of(&page["items"]);
    eventually("the list", WAIT, || async {
        let shown = ids_in(anna, ".list-row:not([hidden])", "data-interaction-id").await;
        (!shown.is_empty() && listed.starts_with(&shown)).then_some(())
    })
    .await
    .context("the list's first page equals the API's")?;
    let total = format!("{} total", page["total"]);
    eventually("the total", WAIT, || async {
        (text_of(anna, ".list-head__count").await.as_deref() == Some(total.as_str())).then_some(())
    })
    .await?;
    let closed_row = format!("[data-interaction-id='{bens}'] .list-row__status");
    eventually("Ben's close", WAIT, || async {
        (text_of(anna, &closed_row).await.as_deref() == Some("Closed")).then_some(())
    })
    .await?;
    let messages = anna_api
        .get(&format!("/api/v1/interactions/{open}/messages?limit=15"))
        .await?;
    let thread = ids_of(&messages);
    ensure!(
        thread.len() == 2,
        "the customer's reply is on the server: {thread:?}"
    );
    eventually("the thread", WAIT, || async {
        (ids_in(anna, ".message[data-message-id]", "data-message-id").await == thread).then_some(())
    })
    .await
    .context("the open thread equals the API's")?;
    screenshot(anna, "resync-desktop").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_list_total_follows_a_hundred_changes_without_drift() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    let driver = Driver::start().await?;
    let anna = driver.browser(1280, 900).await?;
    let outcome = counts(&server, &anna).await;
    anna.close().await.ok();
    outcome
}

async fn counts(server: &Server, anna: &Client) -> Result<()> {
    // Eighty open interactions of Ben's: more than the list's first page holds.
    server
        .execute(
            "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 80) \
             INSERT INTO interactions (queue_id, channel, customer_id, subject, first_message, state, \
             agent_id, created_at, accepted_at, last_message_at, last_message_direction, last_message_preview) \
             SELECT 1, 'email', 1 + k % 8, 'Open question ' || k, 'Hello', 'open', \
             (SELECT id FROM agents WHERE username = 'ben'), 1700000000000 + k * 60000, \
             1700000000000 + k * 60000, 1700000000000 + k * 60000, 'inbound', 'Hello' FROM n",
        )
        .await?;
    sign_in(anna, &server.url(), "anna", "anna-demo").await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#filter-status"))
        .await?
        .select_by_value("open")
        .await?;
    let anna_api = AgentApi::sign_in(&server.url(), "anna", "anna-demo").await?;
    let ben = AgentApi::sign_in(&server.url(), "ben", "ben-demo").await?;
    let open = "/api/v1/interactions?channel=email&status=open&limit=200";
    let before = anna_api.get(open).await?;
    eventually("the first count", WAIT, || async {
        let total = format!("{} total", before["total"]);
        (text_of(anna, ".list-head__count").await.as_deref() == Some(total.as_str())).then_some(())
    })
    .await?;
    // The oldest forty (beyond the loaded rows) are closed, twenty of them reopened, and
    // forty customers write in: a hundred changes.
    let mut oldest = ids_of(&before["items"]);
    oldest.reverse();
    for id in oldest.iter().take(40) {
        ben.send(
            Method::POST,
            &format!("/api/v1/interactions/{id}/close"),
            json!({}),
        )
        .await?;
    }
    for id in oldest.iter().take(20) {
        ben.send(
            Method::POST,
            &format!("/api/v1/interactions/{id}/reopen"),
            json!({}),
        )
        .await?;
    }
    for n in 0..40 {
        server
            .inbound(
                "Support Email",
                1 + n % 8,
                &format!("New question {n}"),
                "Hello",
            )
            .await?;
    }
    let after = anna_api.get(open).await?;
    let total = format!("{} total", after["total"]);
    ensure!(
        after["total"] == 100,
        "the API counts 80 − 40 + 20 + 40: {}",
        after["total"]
    );
    eventually("the count after a hundred changes", WAIT, || async {
        (text_of(anna, ".list-head__count").await.as_deref() == Some(total.as_str())).then_some(())
    })
    .await
    .with_context(|| format!("the desk says {:?}", "see the screenshot"))?;
    Ok(())
}
