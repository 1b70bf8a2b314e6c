//! End-to-end: searching (PRODUCT B18, B19) in the release desk. The quick search runs at
//! five characters or on Enter, as the agent's setting says; an applied advanced search
//! shows a new matching email and not a new non-matching one; a reload keeps the search;
//! a saved search is picked in another browser session.

use std::time::Duration;

use anyhow::{ensure, Result};
use fantoccini::{key::Key, Client, Locator};
use omni_e2e::{
    attr_of, count, dist_dir, eventually, screenshot, sign_in, text_of, Driver, Server,
};

use super::compose::click;

const WAIT: Duration = Duration::from_secs(10);
const ROWS: &str = ".list-row:not([hidden])";
/// What the search for "quokka" finds once the third one has arrived.
const QUOKKAS: [&str; 3] = [
    "Quokka refund for order 77",
    "Quokka invoice",
    "Quokka parcel lost",
];
/// What the customer wrote before the search starts.
const ALL: [&str; 3] = [
    "Quokka refund for order 77",
    "Wombat delivery",
    "Quokka invoice",
];

/// The subjects the list shows now.
async fn subjects(client: &Client) -> Vec<String> {
    let mut found = Vec::new();
    for row in client
        .find_all(Locator::Css(ROWS))
        .await
        .unwrap_or_default()
    {
        if let Ok(subject) = row.find(Locator::Css(".list-row__subject")).await {
            found.push(subject.text().await.unwrap_or_default());
        }
    }
    found
}

/// Waits until the list shows exactly `wanted` (any order).
async fn shows(client: &Client, wanted: &[&str]) -> Result<()> {
    let mut wanted: Vec<String> = wanted.iter().map(|s| (*s).to_owned()).collect();
    wanted.sort();
    eventually(&format!("the list to show {wanted:?}"), WAIT, || async {
        let mut now = subjects(client).await;
        now.sort();
        (now == wanted).then_some(())
    })
    .await
}

async fn type_in(client: &Client, css: &str, text: &str) -> Result<()> {
    client
        .find(Locator::Css(css))
        .await?
        .send_keys(text)
        .await?;
    Ok(())
}

async fn signed_in(driver: &Driver, server: &Server, width: u32) -> Result<Client> {
    let client = driver.browser(width, 900).await?;
    sign_in(&client, &server.url(), "anna", "anna-demo").await?;
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#quick-search"))
        .await?;
    Ok(client)
}

#[tokio::test(flavor = "multi_thread")]
async fn quick_and_advanced_search_live_through_events_reloads_and_other_browsers() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    for (subject, body) in ALL.iter().zip([
        "Please refund it.",
        "Where is the wombat parcel?",
        "The invoice is wrong.",
    ]) {
        server.inbound("Support Email", 1, subject, body).await?;
    }
    let driver = Driver::start().await?;
    let anna = signed_in(&driver, &server, 1280).await?;
    let outcome = search_flow(&server, &driver, &anna).await;
    anna.close().await.ok();
    outcome
}

async fn search_flow(server: &Server, driver: &Driver, anna: &Client) -> Result<()> {
    // As the agent types (the default): five characters search without Enter.
    type_in(anna, "#quick-search", "quokk").await?;
    shows(anna, &["Quokka refund for order 77", "Quokka invoice"]).await?;
    ensure!(
        text_of(anna, ".list-row__subject mark").await.as_deref() == Some("Quokk"),
        "the match is highlighted"
    );
    // X: the full list again.
    click(anna, Locator::Css("#quick-search-clear")).await?;
    shows(anna, &ALL).await?;

    // "On Enter only": typing five characters does nothing until Enter.
    click(anna, Locator::Css("#advanced-search")).await?;
    click(anna, Locator::Css("#search-as-you-type")).await?;
    eventually("the setting saved", WAIT, || async {
        let on = anna
            .find(Locator::Css("#search-as-you-type"))
            .await
            .ok()?
            .prop("checked")
            .await
            .ok()??;
        (on == "false").then_some(())
    })
    .await?;
    type_in(anna, "#quick-search", "wombat").await?;
    tokio::time::sleep(Duration::from_millis(1_200)).await;
    ensure!(
        subjects(anna).await.len() == ALL.len(),
        "no search before Enter"
    );
    type_in(anna, "#quick-search", &Key::Enter.to_string()).await?;
    shows(anna, &["Wombat delivery"]).await?;
    click(anna, Locator::Css("#quick-search-clear")).await?;

    // Advanced: Subject contains "quokka", applied; then one matching and one non-matching
    // email arrive, and only the matching one shows.
    click(anna, Locator::Css("#search-add")).await?;
    anna.find(Locator::Css("[data-chip='0'] .chip__op"))
        .await?
        .select_by_label("contains")
        .await?;
    type_in(anna, "[data-chip='0'] .chip__value", "quokka").await?;
    screenshot(anna, "search-chip-editor-desktop").await?;
    click(anna, Locator::Css("#search-apply")).await?;
    shows(anna, &["Quokka refund for order 77", "Quokka invoice"]).await?;
    ensure!(
        count(anna, ".search-bar__advanced--on").await == 1,
        "the button shows the search"
    );
    server
        .inbound("Support Email", 1, "Quokka parcel lost", "It never came.")
        .await?;
    server
        .inbound("Support Email", 1, "Password reset", "I forgot it.")
        .await?;
    shows(anna, &QUOKKAS).await?;
    tokio::time::sleep(Duration::from_millis(1_000)).await;
    ensure!(
        !subjects(anna).await.iter().any(|s| s == "Password reset"),
        "the non-matching email stays out"
    );
    screenshot(anna, "search-active-desktop").await?;

    // A reload keeps the search (it lives in the address).
    anna.refresh().await?;
    anna.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(".search-bar__advanced--on"))
        .await?;
    shows(anna, &QUOKKAS).await?;

    // Saved, and picked in a second browser session.
    click(anna, Locator::Css("#advanced-search")).await?;
    type_in(anna, "#search-name", "Quokkas").await?;
    click(anna, Locator::Css("#search-save")).await?;
    eventually("saved", WAIT, || async {
        text_of(anna, ".search-builder__notice")
            .await
            .filter(|t| t.contains("Saved as"))
    })
    .await?;
    screenshot(anna, "search-builder-desktop").await?;
    anna.set_window_size(360, 800).await?;
    screenshot(anna, "search-builder-360").await?;

    let elsewhere = signed_in(driver, server, 360).await?;
    let picked = async {
        eventually("the full list elsewhere", WAIT, || async {
            (subjects(&elsewhere).await.len() == ALL.len() + 2).then_some(())
        })
        .await?;
        click(&elsewhere, Locator::Css("#advanced-search")).await?;
        let saved = elsewhere
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css("#saved-searches"))
            .await?;
        saved.select_by_label("Quokkas").await?;
        shows(&elsewhere, &QUOKKAS).await?;
        screenshot(&elsewhere, "search-active-360").await?;

        // Deleted there: the button hides itself, and the keyboard stays in the form.
        click(&elsewhere, Locator::Css("#advanced-search")).await?;
        type_in(&elsewhere, "#search-name", "Quokkas").await?;
        click(&elsewhere, Locator::Css("#search-delete")).await?;
        eventually("deleted, the focus on the name", WAIT, || async {
            let focused = elsewhere
                .execute("return document.activeElement.id", vec![])
                .await
                .ok()?;
            let gone = attr_of(&elsewhere, "#search-delete", "hidden")
                .await
                .is_some();
            (gone && focused.as_str() == Some("search-name")).then_some(())
        })
        .await?;
        Ok::<(), anyhow::Error>(())
    }
    .await;
    elsewhere.close().await.ok();
    picked
}
