//! End-to-end: the Local CRM page (crm.html, its own wasm) embeds the desk panel and speaks
//! the host bridge to it (PRODUCT D4, D5; seed 004). Accepting an interaction opens the
//! matching record; no match opens New Customer filled from the email, and saving it links
//! the interaction; the record's four tabs; columns dragged into an order that stays; and
//! an agent without the permission sees no Delete, which the server refuses anyway.

use std::time::Duration;

use crate::panel::{click, in_desk, in_page, wait_for_text, wait_for_value, WAIT};
use anyhow::{ensure, Context, Result};
use fantoccini::{Client, Locator};
use omni_e2e::{
    attr_of, count, dist_dir, eventually, screenshot, text_of, wait_for_count, AgentApi, Driver,
    Server,
};

const UNKNOWN: &str = "From: \"Olivia Grant\" <olivia.grant@example.com>\r\n\
To: support@omni-desk.test\r\nCc: \"Billing\" <billing@omni-desk.test>\r\n\
Subject: Where is my parcel?\r\n\
Message-ID: <e2e-crm-unknown-1@example.com>\r\nMIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nIt has been a week since I ordered.\r\n";

/// Signs `username` in inside the embedded panel, Available unless `ready` is false.
async fn sign_in_panel(client: &Client, username: &str, ready: bool) -> Result<()> {
    in_desk(client).await?;
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#sign-in-username"))
        .await
        .context("the desk panel loads inside the Local CRM")?
        .send_keys(username)
        .await?;
    client
        .find(Locator::Css("#sign-in-password"))
        .await?
        .send_keys(&format!("{username}-demo"))
        .await?;
    click(client, "button[type=submit]").await?;
    if ready {
        click(client, ".button--ready").await?;
        client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css("[data-status=available]"))
            .await?;
    } else {
        client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(".button--ready"))
            .await?;
    }
    in_page(client).await
}

/// The Customers list's column keys, left to right.
async fn column_order(client: &Client) -> Result<Vec<String>> {
    let order = client
        .execute(
            "return [...document.querySelectorAll('.crm-list__table th')].map(th => th.dataset.column);",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(order)?)
}

/// Drags one heading onto another with the events a mouse drag fires.
async fn drag_column(client: &Client, from: &str, onto: &str) -> Result<()> {
    client
        .execute(
            "const [from, onto] = arguments;\
             const th = key => document.querySelector(`.crm-list__table th[data-column=${key}]`);\
             const data = new DataTransfer();\
             const fire = (el, type) => el.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: data}));\
             fire(th(from), 'dragstart'); fire(th(onto), 'dragover'); fire(th(onto), 'drop'); fire(th(from), 'dragend');",
            vec![from.into(), onto.into()],
        )
        .await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_local_crm_embeds_the_desk_and_opens_what_the_desk_pops() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let mut server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    server.tune_queue("Support Email", 60, 300, false).await?;
    let driver = Driver::start().await?;
    let client = driver.browser(1440, 900).await?;
    let outcome = flow(&server, &client).await;
    client.close().await.ok();
    let ben = driver.browser(1440, 900).await?;
    let outcome = match outcome {
        Ok(()) => without_delete_permission(&server, &ben).await,
        failed => failed,
    };
    ben.close().await.ok();
    server.kill().await.ok();
    outcome
}

async fn flow(server: &Server, client: &Client) -> Result<()> {
    let api = AgentApi::sign_in(&server.url(), "anna", "anna-demo").await?;
    client.goto(&format!("{}/crm.html", server.url())).await?;
    wait_for_text(
        client,
        ".crm__signed-out",
        "Sign in to Omni Desk in the panel",
    )
    .await?;
    sign_in_panel(client, "anna", true).await?;
    // The panel's sign-in is the CRM's: the list appears, and the bridge is up.
    wait_for_text(client, "#panel-status", "Desk panel connected").await?;
    wait_for_text(client, ".crm__agent", "Anna Keller").await?;
    wait_for_text(client, ".crm-pager__range", " of ").await?;

    screenshot(client, "crm-customers-1440").await?;
    // Columns: drag Email onto Name; the order stays after a reload, for this agent.
    drag_column(client, "email", "name").await?;
    let dragged = column_order(client).await?;
    ensure!(
        dragged.first().map(String::as_str) == Some("email")
            && dragged.get(1).map(String::as_str) == Some("name"),
        "Email took Name's place: {dragged:?}"
    );
    client.refresh().await?;
    wait_for_text(client, ".crm-pager__range", " of ").await?;
    let reloaded = column_order(client).await?;
    ensure!(
        reloaded == dragged,
        "the order is remembered: {reloaded:?} vs {dragged:?}"
    );
    // The panel reloaded with the page and kept its session (this tab's sessionStorage).
    in_desk(client).await?;
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".status-selector, [data-status]"))
        .await
        .context("the panel stays signed in across the CRM page's reload")?;
    let is_ready = count(client, "[data-status=available]").await == 1;
    if !is_ready {
        click(client, ".button--ready").await?;
    }
    in_page(client).await?;
    wait_for_text(client, "#panel-status", "Desk panel connected").await?;

    // One match: accepting in the panel opens the customer's record in the CRM.
    let maria = api.get("/api/v1/customers/1").await?;
    let last = maria["last_name"].as_str().unwrap_or_default().to_owned();
    let account = maria["account"].as_str().unwrap_or_default().to_owned();
    server
        .inbound(
            "Support Email",
            1,
            "The invoice is wrong",
            "Please check it.",
        )
        .await?;
    in_desk(client).await?;
    wait_for_text(client, ".offer-card .match-count", "1 match").await?;
    click(client, ".offer-card__accept").await?;
    in_page(client).await?;
    let title = wait_for_text(client, "#record-title", &last).await?;
    ensure!(
        title.contains(&account),
        "the title names the account: {title}"
    );
    wait_for_text(client, "#panel-status", "accepted").await?;
    screenshot(client, "crm-record-details-1440").await?;
    // The agent moves on in the CRM and its page reloads (the panel with it): the pop
    // does not drag them back to the record.
    click(client, ".crm-record__back").await?;
    client.refresh().await?;
    wait_for_text(client, ".crm-pager__range", " of ").await?;
    in_desk(client).await?;
    wait_for_text(client, ".interaction-header__title", "The invoice is wrong").await?;
    in_page(client).await?;
    tokio::time::sleep(Duration::from_secs(2)).await;
    ensure!(
        count(client, "#record-title").await == 0,
        "the reloaded panel did not pop the record again"
    );
    click(client, ".crm-list__open").await?;
    wait_for_text(client, "#record-title", "·").await?;
    click(client, ".crm-record__back").await?;
    let maria_link = format!("//a[contains(@class, 'crm-list__open')][starts-with(., '{last},')]");
    client
        .find(Locator::XPath(&maria_link))
        .await?
        .click()
        .await?;
    wait_for_text(client, "#record-title", &last).await?;
    click(client, "#tab-cases").await?;
    wait_for_text(client, "#cases-table", "The invoice is wrong").await?;
    screenshot(client, "crm-record-cases-1440").await?;
    click(client, "#tab-tasks").await?;
    eventually("the tasks load", WAIT, || async {
        let shown = text_of(client, "#panel-tasks").await?;
        (!shown.contains("Loading")).then_some(())
    })
    .await?;
    screenshot(client, "crm-record-tasks-1440").await?;
    click(client, "#tab-history").await?;
    wait_for_text(client, "#history-table", "Record created").await?;
    screenshot(client, "crm-record-history-1440").await?;

    // End and wrap up in the panel.
    in_desk(client).await?;
    click(client, ".end-interaction .button").await?;
    click(client, ".confirm .button--danger").await?;
    click(client, ".wrap-up__actions .button--primary").await?;
    wait_for_count(client, ".rail-icon", 0).await?;

    // No match: New Customer opens, filled from the From header; saving links the email.
    let queue = api.queue_id("Support Email").await?;
    let interaction = server.inbound_email(queue, UNKNOWN.as_bytes()).await?;
    wait_for_text(client, ".offer-card .match-count", "New contact").await?;
    click(client, ".offer-card__accept").await?;
    in_page(client).await?;
    wait_for_text(client, "#crm-new-title", "Create New Customer").await?;
    wait_for_value(client, "#contact-first_name", "Olivia").await?;
    wait_for_value(client, "#contact-last_name", "Grant").await?;
    wait_for_value(client, "#contact-emails", "olivia.grant@example.com").await?;
    screenshot(client, "crm-new-customer-1440").await?;
    // While the agent types into the form, the desk shows another customer in the CRM
    // ("Show in CRM" on the earlier email): the form and its typing stay, the CRM offers it.
    client
        .find(Locator::Css("#contact-company"))
        .await?
        .send_keys("Grant Interiors")
        .await?;
    in_desk(client).await?;
    click(client, "[data-interaction-id='1'] .list-row__button").await?;
    click(client, ".contact-tab__crm").await?;
    in_page(client).await?;
    wait_for_text(
        client,
        ".crm__waiting",
        &format!("The desk opened Maria {last} ({account})"),
    )
    .await?;
    wait_for_value(client, "#contact-company", "Grant Interiors").await?;
    screenshot(client, "crm-desk-opened-while-typing-1440").await?;
    click(client, ".crm__waiting .button--quiet").await?;
    click(client, ".contact-form button[type=submit]").await?;
    wait_for_text(client, "#record-title", "Grant").await?;
    let linked = eventually(
        "the panel links the interaction to the new record",
        WAIT,
        || async {
            let one = api
                .get(&format!("/api/v1/interactions/{interaction}"))
                .await
                .ok()?;
            one["customer"]["id"].as_i64()
        },
    )
    .await?;
    let olivia = api.get(&format!("/api/v1/customers/{linked}")).await?;
    ensure!(
        olivia["first_name"] == "Olivia" && olivia["company"] == "Grant Interiors",
        "linked to the record saved in the CRM, with what the agent typed: {olivia}"
    );

    // The email case: unitary view with To, CC, BCC and View source.
    click(client, "#tab-cases").await?;
    wait_for_text(client, "#cases-table", "Where is my parcel?").await?;
    click(client, "#cases-unitary-view").await?;
    wait_for_text(client, "#case-position", "Case 1 of 1").await?;
    wait_for_text(
        client,
        "#case-detail [data-field=to]",
        "support@omni-desk.test",
    )
    .await?;
    wait_for_text(
        client,
        "#case-detail [data-field=cc]",
        "billing@omni-desk.test",
    )
    .await?;
    click(client, "#view-source").await?;
    wait_for_text(
        client,
        "#email-source",
        "Message-ID: <e2e-crm-unknown-1@example.com>",
    )
    .await?;
    screenshot(client, "crm-case-unitary-1440").await?;
    // A narrow window: the panel goes below the record.
    client.set_window_size(360, 900).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    screenshot(client, "crm-case-unitary-360").await?;
    client.set_window_size(1440, 900).await?;

    // Click-to-email on the record starts a new email in the panel.
    click(client, "#tab-details").await?;
    click(client, ".crm-act[data-action=email]").await?;
    in_desk(client).await?;
    wait_for_value(client, "#compose-to", "olivia.grant@example.com").await?;
    in_page(client).await?;
    ensure!(
        count(client, "#delete-customer").await == 1,
        "Anna may delete customers"
    );
    crm_kept_working(client).await
}

/// The CRM page's watchdog (crm.html) saw no trap and no uncaught error.
async fn crm_kept_working(client: &Client) -> Result<()> {
    let stopped = client
        .execute("return window.__crmStopped || null;", vec![])
        .await?;
    ensure!(stopped.is_null(), "the Local CRM stopped: {stopped}");
    Ok(())
}

/// Ben may edit but not delete: no Delete in the CRM, and the server says 403 to him.
async fn without_delete_permission(server: &Server, client: &Client) -> Result<()> {
    client.goto(&format!("{}/crm.html", server.url())).await?;
    sign_in_panel(client, "ben", false).await?;
    wait_for_text(client, ".crm__agent", "Ben Ortiz").await?;
    click(client, ".crm-list__open").await?;
    wait_for_text(client, "#record-title", "·").await?;
    wait_for_count(client, "#edit-customer", 1).await?;
    ensure!(
        count(client, "#delete-customer").await == 0,
        "Ben sees no Delete"
    );
    let token = omni_e2e::api_sign_in(&server.url(), "ben", "ben-demo").await?;
    let answer = reqwest::Client::new()
        .delete(format!("{}/api/v1/customers/1", server.url()))
        .bearer_auth(token)
        .send()
        .await?;
    ensure!(
        answer.status() == reqwest::StatusCode::FORBIDDEN,
        "the server refuses Ben's delete: {}",
        answer.status()
    );
    let shown = attr_of(client, "#tab-details", "aria-selected").await;
    ensure!(shown.as_deref() == Some("true"), "the Details tab is open");
    screenshot(client, "crm-record-without-delete-1440").await?;
    crm_kept_working(client).await
}
