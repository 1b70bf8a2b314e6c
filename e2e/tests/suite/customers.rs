//! End-to-end: the screen pop's three outcomes (PRODUCT D1–D3), the New Contact form and the
//! wrap-up that waits for it, auto multi-match, the context panel's tabs, and Delete only
//! for those who may (D6).

use std::time::Duration;

use anyhow::{ensure, Context, Result};
use fantoccini::{Client, Locator};
use omni_e2e::{
    count, dist_dir, eventually, screenshot, sign_in, text_of, wait_for_count, AgentApi, Driver,
    Server,
};

const WAIT: Duration = Duration::from_secs(10);

async fn click(client: &Client, css: &str) -> Result<()> {
    omni_e2e::click_when_there(client, css, WAIT).await
}

async fn wait_for_text(client: &Client, css: &str, wanted: &str) -> Result<String> {
    omni_e2e::wait_for_text(client, css, wanted, WAIT).await
}

async fn ready(client: &Client, url: &str, username: &str, password: &str) -> Result<()> {
    sign_in(client, url, username, password).await?;
    click(client, ".button--ready").await?;
    eventually("Available", WAIT, || async {
        (text_of(client, ".status-selector__label").await.as_deref() == Some("Available"))
            .then_some(())
    })
    .await
}

/// The same screen at desktop width and at 360 px (an iframe panel).
async fn both_widths(client: &Client, name: &str) -> Result<()> {
    screenshot(client, &format!("{name}-desktop")).await?;
    client.set_window_size(360, 740).await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    // One column: the context strip sits below the list, above the thread.
    scroll_to_context(client).await?;
    screenshot(client, &format!("{name}-360")).await?;
    client.set_window_size(1280, 800).await?;
    tokio::time::sleep(Duration::from_millis(200)).await;
    Ok(())
}

async fn scroll_to_context(client: &Client) -> Result<()> {
    client
        .execute(
            "document.querySelector('.pane--context')?.scrollIntoView({block: 'start'})",
            vec![],
        )
        .await?;
    Ok(())
}

/// Accepts the one offer, once its match count reads `count_text`.
async fn accept_with_count(client: &Client, count_text: &str) -> Result<()> {
    wait_for_count(client, ".offer-card", 1).await?;
    wait_for_text(client, ".offer-card .match-count", count_text).await?;
    click(client, ".offer-card__accept").await?;
    wait_for_count(client, ".offer-card", 0).await
}

const UNKNOWN: &str = "From: \"Olivia Grant\" <olivia.grant@example.com>\r\n\
To: support@omni-desk.test\r\nSubject: Where is my parcel?\r\n\
Message-ID: <e2e-unknown-1@example.com>\r\nMIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nIt has been a week since I ordered.\r\n";

#[tokio::test(flavor = "multi_thread")]
async fn unknown_known_and_doubly_known_contacts_pop_as_the_rules_say() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    server.tune_queue("Support Email", 60, 300, false).await?;
    server
        .tune_queue("WhatsApp Support", 60, 300, false)
        .await?;
    let driver = Driver::start().await?;
    let anna = driver.browser(1280, 800).await?;
    let outcome = flow(&server, &anna).await;
    anna.close().await.ok();
    outcome
}

async fn flow(server: &Server, anna: &Client) -> Result<()> {
    let url = server.url();
    let api = AgentApi::sign_in(&url, "anna", "anna-demo").await?;
    ready(anna, &url, "anna", "anna-demo").await?;
    let queues = api.get("/api/v1/queues").await?;
    let support = queues
        .as_array()
        .and_then(|all| all.iter().find(|q| q["name"] == "Support Email"))
        .and_then(|q| q["id"].as_i64())
        .context("the Support Email queue")?;

    // 0 matches: the offer says "New contact"; accepted, the form is prefilled.
    let unknown = server.inbound_email(support, UNKNOWN.as_bytes()).await?;
    accept_with_count(anna, "New contact").await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".contact-form"))
        .await
        .context("0 matches open the New Contact form")?;
    let prefilled = anna
        .execute(
            "return ['first_name','last_name','emails'].map(f => document.getElementById('contact-' + f).value)",
            vec![],
        )
        .await?;
    ensure!(
        prefilled == serde_json::json!(["Olivia", "Grant", "olivia.grant@example.com"]),
        "prefilled from the From header: {prefilled}"
    );
    ensure!(
        text_of(anna, ".match-avatar__count").await.as_deref() == Some("0"),
        "the avatar counts no match"
    );
    both_widths(anna, "pop-new-contact").await?;

    // Wrap-up is blocked until the contact is linked.
    click(anna, ".end-interaction .button").await?;
    click(anna, ".confirm .button--danger").await?;
    wait_for_text(anna, ".wrap-up__blocked", "before wrapping up").await?;
    let disabled = anna
        .find(Locator::Css(".wrap-up__actions .button--primary"))
        .await?
        .attr("disabled")
        .await?;
    ensure!(
        disabled.is_some(),
        "Wrap up is disabled while nobody is linked"
    );
    screenshot(anna, "wrap-up-blocked-desktop").await?;

    // A wrong phone is refused beside its field and nothing typed is lost.
    let phone = anna.find(Locator::Css("#contact-phones")).await?;
    phone.send_keys("06 1234 5678").await?;
    click(anna, ".contact-form button[type=submit]").await?;
    wait_for_text(anna, "#contact-phones-error", "country code").await?;
    phone.clear().await?;
    phone.send_keys("+1 415 555 0142").await?;
    click(anna, ".contact-form button[type=submit]").await?;
    wait_for_text(anna, ".record-card__name", "Olivia Grant").await?;
    eventually("the wrap-up is no longer blocked", WAIT, || async {
        (count(anna, ".wrap-up__blocked").await == 0).then_some(())
    })
    .await?;
    let linked = api.get(&format!("/api/v1/interactions/{unknown}")).await?;
    let customer = linked["customer"]["id"]
        .as_i64()
        .context("the interaction is linked to the new contact")?;
    let cases = api
        .get(&format!("/api/v1/customers/{customer}/cases"))
        .await?;
    ensure!(
        cases[0]["case_number"] == linked["case_number"],
        "the case is the new contact's: {cases}"
    );
    click(anna, ".wrap-up__actions .button--primary").await?;
    wait_for_count(anna, ".rail-icon", 0).await?;

    // 1 match: the record shows at once.
    server
        .inbound(
            "Support Email",
            1,
            "The invoice is wrong",
            "Please check it.",
        )
        .await?;
    accept_with_count(anna, "1 match").await?;
    wait_for_text(anna, ".record-card__name", "Maria Rossi").await?;
    ensure!(count(anna, ".contact-form").await == 0);
    ensure!(
        count(anna, ".record-card button.button--danger-quiet").await == 1,
        "Anna may delete: Delete is there"
    );
    both_widths(anna, "pop-one-match").await?;
    // The context panel's other tabs.
    click(anna, ".context-tabs__tab:nth-child(2)").await?;
    wait_for_text(anna, ".interaction-facts", "CS-").await?;
    both_widths(anna, "context-tab-interaction").await?;
    click(anna, ".context-tabs__tab:nth-child(3)").await?;
    wait_for_count(anna, ".journey__item", 1).await.ok();
    eventually("the journey", WAIT, || async {
        (count(anna, ".journey__item").await >= 1).then_some(())
    })
    .await?;
    both_widths(anna, "context-tab-journey").await?;
    click(anna, ".context-tabs__tab:nth-child(1)").await?;

    // Wrapped up (Maria is linked: nothing waits), Anna is Available for the next.
    click(anna, ".end-interaction .button").await?;
    click(anna, ".confirm .button--danger").await?;
    click(anna, ".wrap-up__actions .button--primary").await?;
    wait_for_count(anna, ".rail-icon", 0).await?;
    wait_for_text(anna, ".status-selector__label", "Available").await?;

    // Several matches: a chat from the Rossis' home phone shows nothing but the count…
    let whatsapp = queues
        .as_array()
        .and_then(|all| all.iter().find(|q| q["name"] == "WhatsApp Support"))
        .and_then(|q| q["id"].as_i64())
        .context("the WhatsApp Support queue")?;
    inbound_chat(server, whatsapp, "0039 06 1234 5678", "Ciao, una domanda").await?;
    accept_with_count(anna, "2 matches").await?;
    wait_for_text(anna, ".context-tabs__panel .notice", "Several customers").await?;
    ensure!(
        count(anna, ".record-card").await == 0,
        "several matches show no record"
    );
    click(anna, ".match-avatar__button").await?;
    wait_for_count(anna, ".match-list__item", 2).await?;
    ensure!(
        text_of(anna, ".match-list__item:first-child button")
            .await
            .as_deref()
            == Some("Link (default)"),
        "the first match is the default"
    );
    both_widths(anna, "pop-several-matches").await?;
    click(anna, ".match-avatar__button").await?;

    // … until "auto multi-match record pop" is on: then the first match's record shows.
    click(anna, ".profile > .button").await?;
    click(anna, ".profile__setting:first-of-type input").await?;
    wait_for_text(anna, ".record-card__name", "Maria Rossi").await?;
    let settings = api.get("/api/v1/me").await?;
    ensure!(
        settings["settings"]["auto_multi_match_pop"] == true,
        "the setting is kept on the server"
    );
    both_widths(anna, "profile-settings").await?;
    click(anna, ".profile__panel .button").await?;
    both_widths(anna, "pop-auto-multi-match").await?;
    Ok(())
}

/// A chat from `phone` (written any way) enters queue `queue_id`, from no known customer id.
async fn inbound_chat(server: &Server, queue_id: i64, phone: &str, body: &str) -> Result<()> {
    let http = reqwest::Client::new();
    let answer = http
        .post(format!("{}/api/v1/inbound", server.url()))
        .header("x-inbound-key", omni_e2e::INBOUND_KEY)
        .json(&serde_json::json!({"queue_id": queue_id, "from_name": "Rossi", "from_address": phone, "body": body}))
        .send()
        .await?;
    ensure!(
        answer.status().is_success(),
        "inbound chat: {}",
        answer.text().await?
    );
    Ok(())
}

/// Ben may edit customers but not delete them: no Delete on screen, and 403 from the API.
#[tokio::test(flavor = "multi_thread")]
async fn an_agent_without_delete_permission_sees_no_delete_and_the_api_refuses() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    server.tune_queue("Support Email", 60, 300, false).await?;
    let driver = Driver::start().await?;
    let ben = driver.browser(360, 740).await?;
    let outcome = async {
        let url = server.url();
        ready(&ben, &url, "ben", "ben-demo").await?;
        server
            .inbound("Support Email", 1, "Change my address", "I moved.")
            .await?;
        wait_for_count(&ben, ".offer-card", 1).await?;
        click(&ben, ".offer-card__accept").await?;
        wait_for_text(&ben, ".record-card__name", "Maria Rossi").await?;
        ensure!(
            count(&ben, ".record-card__actions .button").await == 1,
            "Edit only"
        );
        ensure!(count(&ben, ".record-card button.button--danger-quiet").await == 0);
        scroll_to_context(&ben).await?;
        screenshot(&ben, "record-without-delete-360").await?;
        let api = AgentApi::sign_in(&url, "ben", "ben-demo").await?;
        let refused = api
            .send(
                reqwest::Method::DELETE,
                "/api/v1/customers/1",
                serde_json::json!({}),
            )
            .await
            .expect_err("ben may not delete");
        ensure!(refused.to_string().contains("403"), "{refused}");
        ensure!(refused.to_string().contains("may not delete"), "{refused}");
        Ok(())
    }
    .await;
    ben.close().await.ok();
    outcome
}
