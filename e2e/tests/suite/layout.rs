//! Every screen of the desk at 360, 420, 768 and 1440 px (PRODUCT E3): nothing sticks out
//! of the window sideways (the page never scrolls horizontally, no control is cut off at
//! the right), and a screenshot of each for a person to look at.

use std::time::Duration;

use anyhow::{ensure, Result};
use fantoccini::Client;
use omni_e2e::{dist_dir, screenshot, Driver, Server};

const WAIT: Duration = Duration::from_secs(15);
const WIDTHS: [u32; 4] = [360, 420, 768, 1440];

async fn click(client: &Client, css: &str) -> Result<()> {
    omni_e2e::click_when_there(client, css, WAIT).await
}

/// What sticks out at the right of the window: the page's own overflow, and each visible
/// element whose right edge passes the window's while no ancestor scrolls or clips it.
const OVERFLOW: &str = r#"
const width = document.documentElement.clientWidth;
const out = [];
if (document.documentElement.scrollWidth > width + 1) {
  out.push(`the page is ${document.documentElement.scrollWidth} px wide`);
}
const clipped = el => {
  for (let up = el.parentElement; up; up = up.parentElement) {
    const s = getComputedStyle(up);
    if (/(auto|scroll|hidden|clip)/.test(s.overflowX)) return true;
  }
  return false;
};
for (const el of document.body.querySelectorAll('*')) {
  const r = el.getBoundingClientRect();
  if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
  if (r.right > width + 1 && !clipped(el)) {
    out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} ends at ${Math.round(r.right)}`);
  }
}
return out.slice(0, 8);
"#;

/// Looks at the screen at every width: fails on anything sticking out, screenshots each.
async fn at_every_width(client: &Client, screen: &str) -> Result<()> {
    for width in WIDTHS {
        client.set_window_size(width, 900).await?;
        tokio::time::sleep(Duration::from_millis(250)).await;
        let out: Vec<String> = serde_json::from_value(client.execute(OVERFLOW, vec![]).await?)?;
        ensure!(out.is_empty(), "{screen} at {width} px: {}", out.join("; "));
        screenshot(client, &format!("layout-{screen}-{width}")).await?;
    }
    client.set_window_size(1440, 900).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_fits_from_360_px_to_full_screen() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    server.tune_queue("Support Email", 60, 300, false).await?;
    let driver = Driver::start().await?;
    let client = driver.browser(1440, 900).await?;
    let outcome = screens(&server, &client).await;
    client.close().await.ok();
    server.kill().await.ok();
    outcome
}

async fn screens(server: &Server, client: &Client) -> Result<()> {
    omni_e2e::fill_sign_in(client, &server.url(), "anna", "anna-demo").await?;
    at_every_width(client, "sign-in").await?;
    omni_e2e::sign_in_ready(client, &server.url(), "anna", "anna-demo").await?;
    at_every_width(client, "desk").await?;
    click(client, ".profile .button").await?;
    at_every_width(client, "profile").await?;
    click(client, ".profile .button").await?;

    server
        .inbound(
            "Support Email",
            1,
            "An order that never came, with a subject long enough to need more than one line",
            "Hello, I ordered a bookcase three weeks ago and it has not arrived.",
        )
        .await?;
    omni_e2e::wait_for_count(client, ".offer-card", 1).await?;
    at_every_width(client, "offer").await?;
    click(client, ".offer-card__accept").await?;
    omni_e2e::wait_for_text(client, ".interaction-header__title", "never came", WAIT).await?;
    at_every_width(client, "thread").await?;
    click(client, ".actions .button:nth-of-type(1)").await?;
    click(client, ".composer").await?;
    at_every_width(client, "composer").await?;
    click(client, "#advanced-search").await?;
    click(client, "#search-builder").await?;
    at_every_width(client, "search").await?;
    click(client, "#advanced-search").await?;
    click(client, ".end-interaction .button").await?;
    click(client, ".confirm .button--danger").await?;
    click(client, ".wrap-up__actions").await?;
    at_every_width(client, "wrap-up").await?;
    Ok(())
}
