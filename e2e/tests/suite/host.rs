//! End-to-end: the desk embedded cross-site in the plain-JS host demo (public/host-demo.html),
//! with third-party cookies blocked (PRODUCT D5, X5). Accepting pops the record or the New
//! Customer form in the host page, interaction events reach it, and the host's click-to-email
//! starts an email in the desk.

use std::{net::SocketAddr, time::Duration};

use crate::panel::{click, in_desk, in_page, wait_for_text, wait_for_value, WAIT};
use anyhow::{ensure, Context, Result};
use fantoccini::{Client, Locator};
use omni_e2e::{count, dist_dir, free_port, screenshot, text_of, wait_for_count, Driver, Server};

const UNKNOWN: &str = "From: \"Olivia Grant\" <olivia.grant@example.com>\r\n\
To: support@omni-desk.test\r\nSubject: Where is my parcel?\r\n\
Message-ID: <e2e-host-unknown-1@example.com>\r\nMIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nIt has been a week since I ordered.\r\n";

#[tokio::test(flavor = "multi_thread")]
async fn the_plain_js_host_embeds_the_desk_across_sites() -> Result<()> {
    let dir = tempfile::tempdir()?;
    // The host page is served on another loopback port under `localhost`: another origin
    // and another site than the desk's 127.0.0.1, so the desk is a third party in it.
    let host_port = free_port()?;
    let host_origin = format!("http://localhost:{host_port}");
    let ancestors = format!("'self' {host_origin}");
    let mut server = Server::start(
        dir.path(),
        &dist_dir()?,
        &[("OMNI_FRAME_ANCESTORS", ancestors.as_str())],
    )
    .await?;
    server.tune_queue("Support Email", 60, 300, false).await?;
    let _host = server
        .spawn_at(SocketAddr::from(([127, 0, 0, 1], host_port)))
        .await?;
    let driver = Driver::start().await?;
    let client = driver
        .browser_blocking_third_party_cookies(1280, 900)
        .await?;
    let outcome = flow(&server, &client, &host_origin).await;
    client.close().await.ok();
    server.kill().await.ok();
    outcome
}

async fn flow(server: &Server, client: &Client, host_origin: &str) -> Result<()> {
    let desk = format!("{}/", server.url());
    client
        .goto(&format!("{host_origin}/host-demo.html?desk={desk}"))
        .await?;
    in_desk(client).await?;
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#sign-in-username"))
        .await
        .context("the desk loads inside the host page")?
        .send_keys("anna")
        .await?;
    client
        .find(Locator::Css("#sign-in-password"))
        .await?
        .send_keys("anna-demo")
        .await?;
    click(client, "button[type=submit]").await?;
    // Signed in without a cookie, in a third-party frame.
    click(client, ".button--ready").await?;
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-status=available]"))
        .await
        .context("signed in and Available inside the cross-site frame")?;
    in_page(client).await?;
    wait_for_text(client, "#status", "Desk panel connected").await?;

    // 1 match: accepting opens the customer's record in the host.
    server
        .inbound(
            "Support Email",
            1,
            "The invoice is wrong",
            "Please check it.",
        )
        .await?;
    in_desk(client).await?;
    wait_for_count(client, ".offer-card", 1).await?;
    wait_for_text(client, ".offer-card .match-count", "1 match").await?;
    click(client, ".offer-card__accept").await?;
    in_page(client).await?;
    wait_for_text(client, "#record-name", "Customer 1").await?;
    let log = text_of(client, "#log").await.unwrap_or_default();
    ensure!(
        log.contains(r#""type":"openRecord""#) && log.contains(r#""event":"accepted""#),
        "the host heard openRecord and the accept: {log}"
    );

    // End and wrap up: the host logs the activity.
    in_desk(client).await?;
    click(client, ".end-interaction .button").await?;
    click(client, ".confirm .button--danger").await?;
    click(client, ".wrap-up__actions .button--primary").await?;
    wait_for_count(client, ".rail-icon", 0).await?;
    in_page(client).await?;
    wait_for_text(client, "#activities", "The invoice is wrong").await?;

    // 0 matches: the host's New Customer form opens, filled from the From header.
    let api = omni_e2e::AgentApi::sign_in(&server.url(), "anna", "anna-demo").await?;
    let queue = api.queue_id("Support Email").await?;
    server.inbound_email(queue, UNKNOWN.as_bytes()).await?;
    in_desk(client).await?;
    wait_for_text(client, ".offer-card .match-count", "New contact").await?;
    click(client, ".offer-card__accept").await?;
    in_page(client).await?;
    wait_for_text(client, "#record-name", "New customer").await?;
    wait_for_value(client, "#new-firstName", "Olivia").await?;
    wait_for_value(client, "#new-lastName", "Grant").await?;
    wait_for_value(client, "#new-email", "olivia.grant@example.com").await?;
    in_desk(client).await?;
    wait_for_text(client, ".contact-tab", "New Customer form is open")
        .await
        .ok();
    ensure!(
        count(client, ".contact-tab__here").await == 1,
        "the desk points at the host's form and keeps its own folded away"
    );
    in_page(client).await?;
    screenshot(client, "host-demo-new-customer-desktop").await?;
    // The demo keeps records of its own ("demo-4"): the desk says it cannot link those.
    click(client, "#new-record button[type=submit]").await?;
    in_desk(client).await?;
    wait_for_text(client, ".host-failure", "only link records of its own CRM").await?;
    in_page(client).await?;

    // Click-to-email in the host starts an email to that address in the desk.
    click(client, "#contacts a[data-action=email]").await?;
    in_desk(client).await?;
    wait_for_value(client, "#compose-to", "maria.rossi@example.it").await?;
    in_page(client).await?;
    let log = text_of(client, "#log").await.unwrap_or_default();
    ensure!(
        log.contains(r#""type":"clickToAct""#) && log.contains(r#""ok":true"#),
        "the desk answered click-to-email: {log}"
    );
    // Click-to-chat is refused with a reason, not left unanswered.
    click(client, "#contacts a[data-action=chat]").await?;
    wait_for_text(client, "#log", "cannot start chats").await?;

    client.set_window_size(360, 900).await?;
    tokio::time::sleep(Duration::from_millis(400)).await;
    screenshot(client, "host-demo-360").await?;
    Ok(())
}

/// Storage unavailable (X5): with every site's data blocked, as a locked-down browser or a
/// strict embedding does, `localStorage` and `sessionStorage` throw. The desk still signs in
/// (bearer token, held in memory), says at once that drafts are not being saved, and works.
#[tokio::test(flavor = "multi_thread")]
async fn the_desk_works_when_the_browser_refuses_it_any_storage() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    server.tune_queue("Support Email", 60, 300, false).await?;
    let driver = Driver::start().await?;
    let client = driver.browser_blocking_site_data(360, 800).await?;
    let outcome = without_storage(&server, &client).await;
    client.close().await.ok();
    server.kill().await.ok();
    outcome
}

async fn without_storage(server: &Server, client: &Client) -> Result<()> {
    omni_e2e::sign_in_ready(client, &server.url(), "anna", "anna-demo").await?;
    let refused = client
        .execute(
            "const tries = [() => localStorage.length, () => sessionStorage.length];\
             return tries.map(t => { try { t(); return 'allowed'; } catch (e) { return e.name; } });",
            vec![],
        )
        .await?;
    ensure!(
        refused == serde_json::json!(["SecurityError", "SecurityError"]),
        "the browser refuses both storages here: {refused}"
    );
    wait_for_text(client, ".storage-warning", "Drafts are not being saved").await?;
    server
        .inbound("Support Email", 1, "Storage blocked", "Can you still help?")
        .await?;
    click(client, ".offer-card__accept").await?;
    wait_for_text(client, ".interaction-header__title", "Storage blocked").await?;
    ensure!(
        count(client, "#omni-stopped").await == 0,
        "nothing stopped the desk"
    );
    screenshot(client, "desk-storage-blocked-360").await?;
    Ok(())
}
