//! End-to-end: two agents, offers, accept races, reject, missed chat, wrap-up (PRODUCT A1–A9).

use std::time::Duration;

use anyhow::{ensure, Context, Result};
use fantoccini::{Client, Locator};
use omni_e2e::{
    attr_of, dist_dir, eventually, screenshot, sign_in, text_of, wait_for_count, Driver, Server,
};

const WAIT: Duration = Duration::from_secs(10);

async fn wait_for_status(client: &Client, label: &str) -> Result<()> {
    eventually(&format!("status \"{label}\""), WAIT, || async {
        (text_of(client, ".status-selector__label").await.as_deref() == Some(label)).then_some(())
    })
    .await
}

async fn click(client: &Client, css: &str) -> Result<()> {
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(css))
        .await?
        .click()
        .await?;
    Ok(())
}

async fn ready(client: &Client, url: &str, username: &str, password: &str) -> Result<()> {
    sign_in(client, url, username, password).await?;
    wait_for_status(client, "Working Offline").await?;
    click(client, ".button--ready").await?;
    wait_for_status(client, "Available").await
}

#[tokio::test(flavor = "multi_thread")]
async fn two_agents_offer_accept_reject_miss_and_wrap_up() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    server.tune_queue("Support Email", 30, 4, true).await?;
    server.tune_queue("WhatsApp Support", 2, 30, false).await?;
    let driver = Driver::start().await?;
    let anna = driver.browser(1280, 800).await?;
    let ben = driver.browser(360, 740).await?;
    let outcome = flow(&server, &anna, &ben).await;
    anna.close().await.ok();
    ben.close().await.ok();
    outcome
}

async fn flow(server: &Server, anna: &Client, ben: &Client) -> Result<()> {
    let url = server.url();
    ready(anna, &url, "anna", "anna-demo").await?;
    ready(ben, &url, "ben", "ben-demo").await?;

    // An inbound email is offered to both (ring-all queue) with its details.
    server
        .inbound(
            "Support Email",
            1,
            "Order #48213 arrived damaged",
            "Two plates were broken.",
        )
        .await?;
    for client in [anna, ben] {
        wait_for_count(client, ".offer-card", 1).await?;
    }
    let customer = text_of(anna, ".offer-card__customer")
        .await
        .unwrap_or_default();
    ensure!(
        customer == "Maria Rossi",
        "offer names the customer, got {customer:?}"
    );
    ensure!(
        text_of(anna, ".offer-card__headline").await.as_deref()
            == Some("Order #48213 arrived damaged")
    );
    ensure!(text_of(anna, ".offer-card__queue").await.as_deref() == Some("Support Email"));
    screenshot(anna, "offer-toast-desktop").await?;
    screenshot(ben, "offer-toast-360").await?;

    // A accepts; B's offer is withdrawn with the note.
    click(anna, ".offer-card__accept").await?;
    wait_for_count(ben, ".offer-card", 0).await?;
    let note = eventually("the taken note", WAIT, || text_of(ben, ".offer-note")).await?;
    ensure!(note.contains("Taken by another agent"), "note was {note:?}");
    wait_for_status(anna, "Busy")
        .await
        .context("accepting an email sets Busy")?;
    wait_for_count(anna, ".rail-icon", 1).await?;
    let header = eventually("the work pane header", WAIT, || {
        text_of(anna, ".interaction-header__customer")
    })
    .await?;
    ensure!(header == "Maria Rossi");
    screenshot(anna, "rail-and-work-desktop").await?;

    // A reload restores the work from the server: rail, selection and status.
    anna.refresh().await?;
    wait_for_count(anna, ".rail-icon", 1)
        .await
        .context("the rail survives a reload")?;
    wait_for_status(anna, "Busy").await?;
    let header = eventually("the header after reload", WAIT, || {
        text_of(anna, ".interaction-header__customer")
    })
    .await?;
    ensure!(header == "Maria Rossi");

    // A ends without sending, picks a two-level disposition and wraps up.
    click(anna, ".end-interaction .button").await?;
    click(anna, ".confirm .button--danger").await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".wrap-up"))
        .await?;
    let countdown = text_of(anna, ".wrap-up__countdown")
        .await
        .unwrap_or_default();
    ensure!(
        countdown.starts_with("Available again in"),
        "countdown shows, got {countdown:?}"
    );
    anna.find(Locator::Css("#wrap-up-notes"))
        .await?
        .send_keys("Customer sent photos")
        .await?;
    anna.find(Locator::Css("#disposition-level-0"))
        .await?
        .select_by_index(1)
        .await?; // Resolved ›
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#disposition-level-1"))
        .await?
        .select_by_index(1)
        .await?;
    screenshot(anna, "wrap-up-desktop").await?;
    click(anna, ".wrap-up__actions .button--primary").await?;
    wait_for_status(anna, "Available")
        .await
        .context("wrap up makes Available")?;
    wait_for_count(anna, ".rail-icon", 0).await?;

    // Reject → Working Offline; the other agent's wrap-up times out → Available.
    server
        .inbound(
            "Support Email",
            2,
            "Question about my last invoice",
            "Two charges.",
        )
        .await?;
    wait_for_count(ben, ".offer-card", 1).await?;
    wait_for_count(anna, ".offer-card", 1).await?;
    click(ben, ".offer-card__reject").await?;
    wait_for_status(ben, "Working Offline")
        .await
        .context("rejecting an email sets Working Offline")?;
    click(anna, ".offer-card__accept").await?;
    wait_for_count(anna, ".rail-icon", 1).await?;
    click(anna, ".end-interaction .button").await?;
    click(anna, ".confirm .button--danger").await?;
    screenshot_narrow_wrap_up(server, ben).await?;
    wait_for_status(anna, "Busy").await?;
    eventually(
        "the wrap-up countdown to run out",
        Duration::from_secs(15),
        || async {
            (text_of(anna, ".status-selector__label").await.as_deref() == Some("Available"))
                .then_some(())
        },
    )
    .await
    .context("wrap-up timeout → Available")?;
    wait_for_count(anna, ".wrap-up", 0).await?;

    // A missed chat offer → On Break.
    server
        .inbound(
            "WhatsApp Support",
            3,
            "",
            "Hi! Is the blue jacket back in stock?",
        )
        .await?;
    wait_for_count(anna, ".offer-card", 1).await?;
    let link = attr_of(anna, ".offer-card", "data-channel").await;
    ensure!(link.as_deref() == Some("chat"));
    wait_for_status(anna, "On Break")
        .await
        .context("a missed chat sets On Break")?;
    wait_for_count(anna, ".offer-card", 0).await?;
    Ok(())
}

/// Ben (360 px) accepts a chat and ends it, to show rail and wrap-up at the narrow width.
async fn screenshot_narrow_wrap_up(server: &Server, ben: &Client) -> Result<()> {
    click(ben, ".button--ready").await?;
    wait_for_status(ben, "Available").await?;
    server
        .inbound(
            "WhatsApp Support",
            4,
            "",
            "Hello, my package says delivered but I don't have it",
        )
        .await?;
    wait_for_count(ben, ".offer-card", 1).await?;
    click(ben, ".offer-card__accept").await?;
    wait_for_count(ben, ".rail-icon", 1).await?;
    screenshot(ben, "rail-and-work-360").await?;
    click(ben, ".end-interaction .button").await?;
    click(ben, ".confirm .button--danger").await?;
    ben.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".wrap-up, .pane__empty"))
        .await?;
    screenshot(ben, "wrap-up-360").await?;
    Ok(())
}
