//! End-to-end: drafts that are never lost (PRODUCT B20). A reply survives a reload in the
//! middle of a sentence and a closed tab, resumes with its file, and disappears when another
//! agent closes the interaction; fifty reloads while typing lose nothing older than a second.

use std::time::{Duration, Instant};

use anyhow::{ensure, Context, Result};
use fantoccini::{Client, Locator};
use omni_e2e::{
    count, dist_dir, eventually, screenshot, sign_in, text_of, AgentApi, Driver, Server,
};
use reqwest::Method;
use serde_json::json;

use super::compose::{click, press, take_an_email, value_of, RECEIPT_PNG};

const WAIT: Duration = Duration::from_secs(10);

/// How many drafts local storage holds (every agent's, every backend's).
async fn stored_drafts(client: &Client) -> Result<usize> {
    let value = client
        .execute(
            "return Object.keys(localStorage).filter(k => k.startsWith('omni-desk.draft|')).length",
            vec![],
        )
        .await?;
    Ok(value.as_u64().unwrap_or_default() as usize)
}

/// Opens the composer again from the red pencil on the rail.
async fn reopen_from_rail(client: &Client, id: i64) -> Result<()> {
    click(
        client,
        Locator::Css(&format!(
            ".rail li:has([data-interaction-id='{id}']) .pencil--draft"
        )),
    )
    .await?;
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".body-editor__text"))
        .await?;
    Ok(())
}

/// Puts the caret of the body at `utf16` and types `text` there.
async fn type_at(client: &Client, utf16: usize, text: &str) -> Result<()> {
    client
        .execute(
            "const t = document.querySelector('.body-editor__text'); t.focus(); t.setSelectionRange(arguments[0], arguments[0]);",
            vec![json!(utf16)],
        )
        .await?;
    client
        .find(Locator::Css(".body-editor__text"))
        .await?
        .send_keys(text)
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reply_outlives_reloads_and_closed_tabs_and_goes_when_the_interaction_closes(
) -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    server.tune_queue("Support Email", 30, 0, false).await?;
    let driver = Driver::start().await?;
    let anna = driver.browser(1280, 900).await?;
    let outcome = reply_flow(&server, &anna, dir.path()).await;
    anna.close().await.ok();
    outcome
}

/// Anna takes the customer's email and starts a reply; the interaction's id.
async fn start_a_reply(server: &Server, anna: &Client) -> Result<i64> {
    let id = take_an_email(server, anna).await?;
    press(anna, "Reply").await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".body-editor__text"))
        .await?;
    Ok(id)
}

async fn reply_flow(server: &Server, anna: &Client, dir: &std::path::Path) -> Result<()> {
    let url = server.url();
    let id = start_a_reply(server, anna).await?;
    ensure!(
        count(anna, ".rail .pencil--draft").await == 0,
        "no draft before typing"
    );
    screenshot(anna, "drafts-none-desktop").await?;
    anna.set_window_size(360, 740).await?;
    screenshot(anna, "drafts-none-360").await?;
    anna.set_window_size(1280, 900).await?;

    // A reload in the middle of a sentence.
    type_at(anna, 0, "Dear Maria, your refund ").await?;
    anna.refresh().await?;
    reopen_from_rail(anna, id).await?;
    let body = value_of(anna, ".body-editor__text").await?;
    ensure!(
        body.starts_with("Dear Maria, your refund "),
        "the text is back after the reload: {body:?}"
    );
    ensure!(
        body.matches("Anna Keller").count() == 1,
        "the signature once: {body:?}"
    );
    screenshot(anna, "drafts-composer-desktop").await?;

    // The tab closed, a new one opened (a new sign-in: the session was the tab's).
    type_at(anna, "Dear Maria, your refund ".len(), "is on its way.").await?;
    let first = anna.window().await?;
    let second = anna.new_window(true).await?;
    anna.close_window().await?;
    anna.switch_to_window(second.handle).await?;
    ensure!(anna.window().await? != first);
    sign_in(anna, &url, "anna", "anna-demo").await?;
    let name = eventually("the draft box", WAIT, || text_of(anna, ".draft-box__name")).await?;
    ensure!(
        name == "SUPPORT - maria.rossi@example.com",
        "the box is named ACCOUNT KEY - TO: {name:?}"
    );
    click(anna, Locator::Css(".draft-box__open")).await?;
    let body = eventually("the composer", WAIT, || async {
        value_of(anna, ".body-editor__text").await.ok()
    })
    .await?;
    ensure!(
        body.starts_with("Dear Maria, your refund is on its way."),
        "the text is in the new tab: {body:?}"
    );

    // A file, saved with the draft, is there when it is resumed.
    let photo = dir.join("receipt.png");
    std::fs::write(&photo, RECEIPT_PNG)?;
    anna.find(Locator::Css(".attachments__picker"))
        .await?
        .send_keys(&photo.display().to_string())
        .await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-upload-id]"))
        .await?;
    press(anna, "Save as draft").await?;
    eventually("the composer minimized", WAIT, || async {
        (count(anna, ".composer").await == 0).then_some(())
    })
    .await?;
    screenshot(anna, "drafts-desktop").await?;
    anna.set_window_size(360, 740).await?;
    let folded = eventually("Drafts (1)", WAIT, || text_of(anna, ".drafts__toggle")).await?;
    ensure!(folded == "Drafts (1)", "at 360 px: {folded:?}");
    click(anna, Locator::Css(".drafts__toggle")).await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".drafts--expanded .draft-box"))
        .await?;
    anna.execute("document.querySelector('.drafts').scrollIntoView()", vec![])
        .await?;
    screenshot(anna, "drafts-360").await?;
    anna.set_window_size(1280, 900).await?;
    anna.refresh().await?;
    click(anna, Locator::Css(".draft-box__open")).await?;
    let file = eventually("the file", WAIT, || text_of(anna, "[data-upload-id]")).await?;
    ensure!(file.contains("receipt.png"), "the file resumed: {file:?}");
    ensure!(stored_drafts(anna).await? == 1);

    // The interaction moves to Ben, who closes it: Anna's draft goes once that is confirmed.
    let anna_api = AgentApi::sign_in(&url, "anna", "anna-demo").await?;
    let ben = AgentApi::sign_in(&url, "ben", "ben-demo").await?;
    ben.send(
        Method::PUT,
        "/api/v1/me/status",
        json!({"status": {"kind": "available"}}),
    )
    .await?;
    let ben_id = ben.get("/api/v1/me").await?["id"]
        .as_i64()
        .context("Ben's id")?;
    anna_api
        .send(
            Method::POST,
            &format!("/api/v1/interactions/{id}/transfer"),
            json!({"agent_id": ben_id}),
        )
        .await?;
    // Once Anna's desk has heard of the transfer (the interaction left her rail), her
    // draft is still there: a transfer is no close.
    eventually("the rail to let it go", WAIT, || async {
        let gone = count(anna, &format!(".rail [data-interaction-id='{id}']")).await == 0;
        gone.then_some(())
    })
    .await?;
    ensure!(
        stored_drafts(anna).await? == 1,
        "a transfer is no close: the draft stays"
    );
    ben.send(
        Method::POST,
        &format!("/api/v1/interactions/{id}/close"),
        json!({}),
    )
    .await?;
    eventually("the draft gone", WAIT, || async {
        let gone = count(anna, ".draft-box").await == 0
            && count(anna, ".pencil--draft").await == 0
            && stored_drafts(anna).await.ok()? == 0;
        gone.then_some(())
    })
    .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn fifty_reloads_while_typing_lose_nothing_older_than_a_second() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    server.tune_queue("Support Email", 30, 0, false).await?;
    let driver = Driver::start().await?;
    let anna = driver.browser(1280, 900).await?;
    let outcome = reloads(&server, &anna).await;
    anna.close().await.ok();
    outcome
}

async fn reloads(server: &Server, anna: &Client) -> Result<()> {
    let id = start_a_reply(server, anna).await?;
    let signature = value_of(anna, ".body-editor__text").await?;
    // What the script typed, and when each piece went in.
    let mut typed = String::new();
    let mut worst_chars = 0usize;
    let mut worst_age = Duration::ZERO;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut random = move |below: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % below
    };
    const WORDS: [&str; 8] = [
        "refund ",
        "order ",
        "Grüße ",
        "on its way ",
        "soon ",
        "👋 ",
        "Ναι ",
        "today. ",
    ];
    // Where each piece typed so far ends in `typed`, and when it was typed (across rounds:
    // a loss of older text must show its true age).
    let mut pieces: Vec<(usize, Instant)> = Vec::new();
    let mut crash_worst = (0usize, Duration::ZERO);
    for round in 0..50 {
        // Every other round the tab dies as a crashed one does: from that instant it stores
        // nothing (no `pagehide` save, no Autosave still due), so only what Autosave stored
        // while the agent typed is there.
        let crash = round % 2 == 1;
        for _ in 0..=random(6) {
            let word = WORDS[random(WORDS.len() as u64) as usize];
            type_at(anna, typed.encode_utf16().count(), word).await?;
            typed.push_str(word);
            pieces.push((typed.len(), Instant::now()));
            if random(3) == 0 {
                tokio::time::sleep(Duration::from_millis(random(400))).await;
            }
        }
        let reloaded_at = Instant::now();
        if crash {
            // The old page is marked, so that nothing is read from it before the new one.
            anna.execute(
                "Storage.prototype.setItem = function () {}; window.__old = true; location.reload()",
                vec![],
            )
            .await?;
            eventually("the reloaded page", WAIT, || async {
                let new = anna
                    .execute(
                        "return window.__old !== true && document.readyState === 'complete'",
                        vec![],
                    )
                    .await
                    .ok()?;
                new.as_bool().filter(|new| *new)
            })
            .await?;
        } else {
            anna.refresh().await?;
        }
        reopen_from_rail(anna, id).await?;
        let body = value_of(anna, ".body-editor__text").await?;
        let kept = body.strip_suffix(&signature).unwrap_or(&body).to_owned();
        ensure!(
            typed.starts_with(&kept),
            "round {round}: the draft is not what was typed: {kept:?} vs {typed:?}"
        );
        let lost = typed.len() - kept.len();
        if lost > 0 {
            // The oldest piece that did not make it: how long before the reload it was typed.
            let age = pieces
                .iter()
                .find(|(end, _)| *end > kept.len())
                .map(|(_, at)| reloaded_at - *at)
                .unwrap_or_default();
            worst_chars = worst_chars.max(lost);
            worst_age = worst_age.max(age);
            if crash {
                crash_worst = (crash_worst.0.max(lost), crash_worst.1.max(age));
            }
            pieces.retain(|(end, _)| *end <= kept.len());
            typed = kept;
        }
    }
    println!(
        "fifty reloads while typing ({} characters): worst loss {worst_chars} bytes, typed {} ms \
         before its reload; in the 25 where the tab died as a crashed one (nothing stored from that instant): {} bytes, {} ms",
        typed.chars().count(),
        worst_age.as_millis(),
        crash_worst.0,
        crash_worst.1.as_millis()
    );
    ensure!(
        worst_age <= Duration::from_secs(1),
        "text typed {} ms before a reload was lost",
        worst_age.as_millis()
    );
    Ok(())
}
