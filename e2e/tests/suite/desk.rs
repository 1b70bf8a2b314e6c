//! End-to-end: the release build of the desk in real Chromium against the real server.

use std::time::Duration;

use anyhow::{ensure, Context, Result};
use fantoccini::{Client, Locator};
use omni_e2e::{attr_of, dist_dir, eventually, screenshot, sign_in, text_of, Driver, Server};
use omni_protocol::{AgentProfile, SignInResponse};
use serde_json::json;

const WAIT: Duration = Duration::from_secs(10);

struct Rig {
    server: Server,
    driver: Driver,
    _dir: tempfile::TempDir,
}

async fn rig() -> Result<Rig> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    let driver = Driver::start().await?;
    Ok(Rig {
        server,
        driver,
        _dir: dir,
    })
}

async fn status_label(client: &Client) -> Option<String> {
    text_of(client, ".status-selector__label").await
}

async fn wait_for_status(client: &Client, label: &str) -> Result<()> {
    eventually(&format!("status \"{label}\""), WAIT, || async {
        (status_label(client).await.as_deref() == Some(label)).then_some(())
    })
    .await
}

async fn wait_for_link(client: &Client, state: &str) -> Result<()> {
    eventually(&format!("connection {state}"), WAIT, || async {
        (attr_of(client, ".connection", "data-link").await.as_deref() == Some(state)).then_some(())
    })
    .await
}

async fn choose_status(client: &Client, key: &str) -> Result<()> {
    client
        .find(Locator::Css(".status-selector__current"))
        .await?
        .click()
        .await?;
    client
        .find(Locator::Css(&format!(
            "[role=menuitemradio][data-status='{key}']"
        )))
        .await?
        .click()
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_change_status_and_a_second_session_follows() -> Result<()> {
    let rig = rig().await?;
    let desktop = rig.driver.browser(1280, 800).await?;
    let narrow = rig.driver.browser(360, 740).await?;
    let outcome = two_sessions(&rig, &desktop, &narrow).await;
    desktop.close().await.ok();
    narrow.close().await.ok();
    outcome
}

async fn two_sessions(rig: &Rig, desktop: &Client, narrow: &Client) -> Result<()> {
    let url = rig.server.url();
    narrow.goto(&url).await?;
    narrow
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#sign-in-username"))
        .await?;
    screenshot(narrow, "sign-in-360").await?;

    sign_in(desktop, &url, "anna", "wrong-password").await?;
    let error = eventually("the sign-in error", WAIT, || {
        text_of(desktop, ".form-error")
    })
    .await?;
    ensure!(
        error == "Wrong username or password.",
        "sign-in error was {error:?}"
    );
    let kept = desktop
        .find(Locator::Css("#sign-in-username"))
        .await?
        .prop("value")
        .await?;
    ensure!(
        kept.as_deref() == Some("anna"),
        "the typed username is kept, got {kept:?}"
    );
    screenshot(desktop, "sign-in-error-desktop").await?;
    let password = desktop.find(Locator::Css("#sign-in-password")).await?;
    password.clear().await?;
    password.send_keys("anna-demo").await?;
    desktop
        .find(Locator::Css("button[type=submit]"))
        .await?
        .click()
        .await?;
    wait_for_status(desktop, "Working Offline").await?;
    wait_for_link(desktop, "live").await?;

    sign_in(narrow, &url, "anna", "anna-demo").await?;
    wait_for_status(narrow, "Working Offline").await?;
    wait_for_link(narrow, "live").await?;

    choose_status(desktop, "on_break").await?;
    wait_for_status(desktop, "On Break").await?;
    wait_for_status(narrow, "On Break")
        .await
        .context("the second session follows by event")?;

    narrow
        .find(Locator::Css(".button--ready"))
        .await?
        .click()
        .await?;
    wait_for_status(narrow, "Available").await?;
    wait_for_status(desktop, "Available")
        .await
        .context("and the first follows back")?;
    screenshot(desktop, "desk-desktop").await?;
    narrow
        .find(Locator::Css(".status-selector__current"))
        .await?
        .click()
        .await?;
    screenshot(narrow, "desk-status-menu-360").await?;

    // A reload keeps the session (the token lives in this tab's sessionStorage).
    desktop.refresh().await?;
    wait_for_status(desktop, "Available")
        .await
        .context("session survives a reload")?;
    wait_for_link(desktop, "live").await?;

    // Signing out returns to the sign-in screen and the token stops working.
    desktop
        .find(Locator::Css(".top-bar__sign-out"))
        .await?
        .click()
        .await?;
    desktop
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#sign-in-username"))
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn server_restart_reconnects_and_loses_no_event() -> Result<()> {
    let mut rig = rig().await?;
    let browser = rig.driver.browser(1280, 800).await?;
    let outcome = restart_mid_session(&mut rig, &browser).await;
    browser.close().await.ok();
    outcome
}

async fn restart_mid_session(rig: &mut Rig, browser: &Client) -> Result<()> {
    let url = rig.server.url();
    sign_in(browser, &url, "ben", "ben-demo").await?;
    wait_for_status(browser, "Working Offline").await?;
    wait_for_link(browser, "live").await?;

    rig.server.kill().await?;
    wait_for_link(browser, "reconnecting")
        .await
        .context("the indicator notices the server is gone")?;
    screenshot(browser, "desk-reconnecting-desktop").await?;

    // While the desk's address is down, another server process over the same database
    // changes Ben's status three times: those events must reach the desk on reconnect.
    let side_addr = std::net::SocketAddr::from(([127, 0, 0, 1], omni_e2e::free_port()?));
    let mut side = rig.server.spawn_at(side_addr).await?;
    let http = reqwest::Client::new();
    let side_url = format!("http://{side_addr}");
    let signed_in: SignInResponse = http
        .post(format!("{side_url}/api/v1/session"))
        .json(&json!({"username": "ben", "password": "ben-demo"}))
        .send()
        .await?
        .json()
        .await?;
    for kind in ["on_break", "available", "busy"] {
        let answer = http
            .put(format!("{side_url}/api/v1/me/status"))
            .bearer_auth(&signed_in.token)
            .json(&json!({"status": {"kind": kind}}))
            .send()
            .await?;
        ensure!(
            answer.status().is_success(),
            "status {kind}: {}",
            answer.status()
        );
    }
    side.kill().await?;
    ensure!(
        status_label(browser).await.as_deref() == Some("Working Offline"),
        "nothing arrived while down"
    );

    rig.server.restart().await?;
    wait_for_link(browser, "live")
        .await
        .context("the indicator returns to live")?;
    wait_for_status(browser, "Busy")
        .await
        .context("the missed events were replayed")?;

    let me: AgentProfile = http
        .get(format!("{url}/api/v1/me"))
        .bearer_auth(&signed_in.token)
        .send()
        .await?
        .json()
        .await?;
    let held = eventually("the desk's last event id", WAIT, || async {
        let held = attr_of(browser, ".connection", "data-last-event-id").await?;
        (held == me.last_event_id.to_string()).then_some(held)
    })
    .await?;
    ensure!(
        held == "3",
        "three status events were written, the desk holds up to {held}"
    );
    Ok(())
}
