//! Steps shared by the suites that embed the desk panel in a page (the host demo, the Local
//! CRM): waiting up to 15 s, and moving between the page and the panel's frame.

use std::time::Duration;

use anyhow::Result;
use fantoccini::Client;

pub const WAIT: Duration = Duration::from_secs(15);

pub async fn click(client: &Client, css: &str) -> Result<()> {
    omni_e2e::click_when_there(client, css, WAIT).await
}

pub async fn wait_for_text(client: &Client, css: &str, wanted: &str) -> Result<String> {
    omni_e2e::wait_for_text(client, css, wanted, WAIT).await
}

pub async fn wait_for_value(client: &Client, css: &str, wanted: &str) -> Result<()> {
    omni_e2e::wait_for_value(client, css, wanted, WAIT).await
}

/// Into the desk panel's frame (from wherever the driver is).
pub async fn in_desk(client: &Client) -> Result<()> {
    omni_e2e::enter_first_frame(client, WAIT).await
}

/// Back to the page that embeds the panel.
pub async fn in_page(client: &Client) -> Result<()> {
    client.enter_parent_frame().await?;
    Ok(())
}
