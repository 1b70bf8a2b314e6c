//! End-to-end: an inbound MIME email reaches an agent, its HTML renders laid out in the safe
//! frame with its quoted history trimmed, a CC-only notice shows, opening it clears the unread
//! badge and "Mark as unread" brings it back.

use std::time::Duration;

use anyhow::{ensure, Context, Result};
use fantoccini::{Client, Locator};
use omni_e2e::{
    count, dist_dir, eventually, screenshot, sign_in, text_of, wait_for_count, Driver, Server,
};

const WAIT: Duration = Duration::from_secs(10);

const EMAIL: &str = "From: \"Maria Rossi\" <maria.rossi@example.com>\r\n\
To: Paolo Conti <paolo.conti@rossi-ceramiche.test>\r\n\
Cc: Support <support@omni-desk.test>\r\n\
Subject: Order #48213 arrived damaged\r\n\
Message-ID: <e2e-order-1@example.com>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"b\"\r\n\r\n\
--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTwo plates were broken.\r\n\
--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
<p style=\"color:#8a1c1c\">Two of the six plates were <b>broken</b>.</p>\
<table border=\"1\" style=\"border-collapse:collapse\"><tr><th>Item</th><th>Broken</th></tr>\
<tr><td>Dinner plate</td><td>2 of 6</td></tr></table>\
<script>parent.document.title = 'pwned'</script>\
<img src=\"https://tracker.example/open.gif\">\
<div class=\"gmail_quote\"><div>On Mon, Omni Support wrote:</div>\
<blockquote>Your order 48213 has shipped.</blockquote></div>\r\n--b--\r\n";

/// The text of the email frame's body.
async fn frame_text(client: &Client) -> Result<String> {
    client.enter_frame(0).await?;
    let text = client.find(Locator::Css("body")).await?.text().await;
    client.enter_parent_frame().await?;
    Ok(text?)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_inbound_email_is_read_safely_and_unread_follows() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    let driver = Driver::start().await?;
    let desktop = driver.browser(1280, 900).await?;
    let narrow = driver.browser(360, 740).await?;
    let outcome = flow(&server, &desktop, &narrow).await;
    desktop.close().await.ok();
    narrow.close().await.ok();
    outcome
}

async fn flow(server: &Server, anna: &Client, narrow: &Client) -> Result<()> {
    let url = server.url();
    sign_in(anna, &url, "anna", "anna-demo").await?;
    // The list's first page is asked for and answered before the profile and work snapshot.
    let list_first = eventually("the sign-in requests", WAIT, || async {
        anna.execute(
            "const all = performance.getEntriesByType('resource');
             const list = all.find(e => e.name.includes('/api/v1/interactions?'));
             const me = all.find(e => e.name.endsWith('/api/v1/me'));
             return list && me ? me.startTime >= list.responseEnd : null;",
            vec![],
        )
        .await
        .ok()?
        .as_bool()
    })
    .await?;
    ensure!(
        list_first,
        "the profile was fetched before the list's first page was in"
    );
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

    server.inbound_email(1, EMAIL.as_bytes()).await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".offer-card__accept"))
        .await?
        .click()
        .await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".safe-html__frame"))
        .await?;
    let frame = anna.find(Locator::Css(".safe-html__frame")).await?;
    let height: i64 = frame
        .attr("height")
        .await?
        .unwrap_or_default()
        .parse()
        .unwrap_or(0);
    ensure!(height > 60, "the frame is sized to the email, got {height}");

    // Inside the frame: the table is laid out, the script did nothing, the tracker waits.
    anna.enter_frame(0).await?;
    let cell = anna.find(Locator::Css("td")).await?.text().await?;
    ensure!(cell == "Dinner plate");
    let held = anna.find(Locator::Css("img")).await?.attr("src").await?;
    ensure!(
        held.as_deref() == Some("data:,omni-held-0"),
        "remote image held back behind a placeholder: {held:?}"
    );
    let document = anna
        .execute("return document.documentElement.outerHTML", vec![])
        .await?;
    ensure!(
        !document.to_string().contains("tracker.example"),
        "the tracker's address is nowhere in the document"
    );
    anna.enter_parent_frame().await?;
    ensure!(
        anna.title().await? == "Omni Desk",
        "the email's script did not run"
    );
    ensure!(
        count(anna, ".safe-html__images").await == 1,
        "Show images is offered"
    );

    // Support was only copied: the header says so. The quoted history waits behind a toggle.
    let notice = text_of(anna, ".thread__copy-notice")
        .await
        .unwrap_or_default();
    ensure!(
        notice.contains("only copied (CC)") && notice.contains("paolo.conti@rossi-ceramiche.test"),
        "CC-only notice, got {notice:?}"
    );
    ensure!(
        !frame_text(anna).await?.contains("has shipped"),
        "quoted history trimmed"
    );
    anna.find(Locator::Css(".safe-html .plain-body__toggle"))
        .await?
        .click()
        .await?;
    eventually("the trimmed content", WAIT, || async {
        frame_text(anna)
            .await
            .ok()
            .filter(|text| text.contains("Your order 48213 has shipped."))
    })
    .await?;

    // Opening it marked it read: no badge. Mark as unread brings the badge back.
    wait_for_count(anna, ".rail-icon__unread", 0)
        .await
        .context("opening the thread marks it read")?;
    anna.find(Locator::Css(".thread__tools .button"))
        .await?
        .click()
        .await?;
    let badge = eventually("the unread badge", WAIT, || {
        text_of(anna, ".rail-icon__unread")
    })
    .await?;
    ensure!(badge == "1", "badge shows one unread message, got {badge}");
    screenshot(anna, "thread-desktop").await?;

    // The list shows the row with its badge; filters narrow it on the server.
    let row = "[data-interaction-id] .list-row__subject";
    let subject = eventually("the list row", WAIT, || text_of(anna, row)).await?;
    ensure!(subject == "Order #48213 arrived damaged");
    ensure!(
        text_of(anna, ".list-row__unread").await.as_deref() == Some("1"),
        "the row carries the badge too"
    );
    anna.find(Locator::Css("#filter-status"))
        .await?
        .select_by_value("closed")
        .await?;
    wait_for_count(anna, ".list-row", 0).await?;
    anna.find(Locator::Css("#filter-status"))
        .await?
        .select_by_value("open")
        .await?;
    wait_for_count(anna, ".list-row", 1).await?;
    // Another agent's interactions: none; back to any agent: the row again.
    anna.find(Locator::Css("#filter-more"))
        .await?
        .click()
        .await?;
    let agent_filter = anna.find(Locator::Css("#filter-agent")).await?;
    eventually("agents to filter by", WAIT, || async {
        anna.find(Locator::XPath(
            "//select[@id='filter-agent']/option[normalize-space()='Ben Ortiz']",
        ))
        .await
        .ok()
    })
    .await?;
    agent_filter.select_by_label("Ben Ortiz").await?;
    wait_for_count(anna, ".list-row", 0).await?;
    agent_filter.select_by_label("Anna Keller").await?;
    wait_for_count(anna, ".list-row", 1).await?;
    // Arrived by the end of 1 January 2020: none.
    anna.execute(
        "const to = document.getElementById('filter-to'); to.value = '2020-01-01'; to.dispatchEvent(new Event('change', { bubbles: true }));",
        vec![],
    )
    .await?;
    wait_for_count(anna, ".list-row", 0).await?;
    // Closed again, "More filters" says how many of its filters are in use (agent and date).
    anna.find(Locator::Css("#filter-more"))
        .await?
        .click()
        .await?;
    let in_use = text_of(anna, "#filter-more .list-filters__in-use").await;
    ensure!(
        in_use.as_deref() == Some("2"),
        "two hidden filters in use, got {in_use:?}"
    );
    ensure!(
        !anna
            .find(Locator::Css("#filter-to"))
            .await?
            .is_displayed()
            .await?,
        "the date fields are hidden"
    );

    // The same agent in a narrow panel sees the thread too.
    sign_in(narrow, &url, "anna", "anna-demo").await?;
    narrow
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".safe-html__frame"))
        .await?;
    screenshot(narrow, "thread-360").await?;
    Ok(())
}
