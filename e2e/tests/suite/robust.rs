//! End-to-end: the desk never dies on data. Every email of the corpus opens; a 300-character
//! name keeps Accept and Reject on screen; if the wasm ever stops, the agent sees it at once.

use std::time::Duration;

use anyhow::{ensure, Context, Result};
use fantoccini::{Client, Locator};
use omni_e2e::{
    attr_of, count, dist_dir, eventually, screenshot, sign_in, text_of, workspace_root, Driver,
    Server,
};

const WAIT: Duration = Duration::from_secs(15);

async fn stopped(client: &Client) -> Option<String> {
    client
        .execute("return window.__omniStopped || null", vec![])
        .await
        .ok()?
        .as_str()
        .map(str::to_owned)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_email_of_the_corpus_opens_without_stopping_the_desk() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    let driver = Driver::start().await?;
    let anna = driver.browser(1280, 900).await?;
    let outcome = corpus(&server, &anna).await;
    anna.close().await.ok();
    outcome
}

async fn corpus(server: &Server, anna: &Client) -> Result<()> {
    let folder = workspace_root().join("server/tests/fixtures/corpus");
    let mut files: Vec<_> = std::fs::read_dir(&folder)?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort();
    ensure!(files.len() >= 50, "the corpus has {} emails", files.len());
    let mut ids = Vec::new();
    for file in &files {
        let id = server
            .inbound_email(1, &std::fs::read(file)?)
            .await
            .with_context(|| format!("ingesting {}", file.display()))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    sign_in(anna, &server.url(), "anna", "anna-demo").await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".list-row[data-interaction-id]"))
        .await?;
    // Open each from the list, newest first, as an agent going through the inbox would.
    let total: usize = eventually("the list's total", WAIT, || async {
        let text = text_of(anna, ".list-head__count").await?;
        text.trim_end_matches(" total").parse().ok()
    })
    .await?;
    ensure!(
        total >= ids.len(),
        "{total} listed for {} ingested",
        ids.len()
    );
    for index in 0..total {
        anna.execute(
            "document.querySelector('.list-scroll').scrollTop = arguments[0] * 68;",
            vec![index.into()],
        )
        .await?;
        let row = eventually("the row in view", WAIT, || async {
            let rows = anna
                .find_all(Locator::Css(".list-row:not([hidden])"))
                .await
                .ok()?;
            for row in rows {
                let style = row.attr("style").await.ok()??;
                if style.contains(&format!("translateY({}px)", index * 68)) {
                    return Some(row);
                }
            }
            None
        })
        .await?;
        let id: i64 = row
            .attr("data-interaction-id")
            .await?
            .unwrap_or_default()
            .parse()?;
        row.find(Locator::Css("button")).await?.click().await?;
        let case = format!("CS-{id:06}");
        eventually(&format!("interaction {id}'s thread"), WAIT, || async {
            let header = text_of(anna, ".interaction-header__case").await;
            let messages = count(anna, ".thread .message[data-message-id]").await;
            (header.as_deref() == Some(case.as_str()) && messages > 0).then_some(())
        })
        .await?;
        if let Some(reason) = stopped(anna).await {
            anyhow::bail!("opening interaction {id} stopped the desk: {reason}");
        }
    }
    ensure!(count(anna, "#omni-stopped").await == 0, "no banner");
    ensure!(
        attr_of(anna, ".connection", "data-link").await.as_deref() == Some("live"),
        "still receiving events"
    );
    Ok(())
}

/// A name as long as any customer's record can hold, from one sender.
fn long_name() -> String {
    let words = "Maria Alessandra Benedetta Carlotta Domenica Eleonora Francesca Giuseppina ";
    let name = format!("{}Rossi-Bianchi", words.repeat(4));
    name[name.len() - 300..].trim_start().to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_300_character_name_keeps_accept_and_reject_on_screen() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    server.tune_queue("Support Email", 60, 0, true).await?;
    let driver = Driver::start().await?;
    let wide = driver.browser(1440, 900).await?;
    let narrow = driver.browser(360, 740).await?;
    let outcome = long_text(&server, &wide, &narrow).await;
    wide.close().await.ok();
    narrow.close().await.ok();
    outcome
}

/// Whether the element's box lies inside the window, both ways.
async fn on_screen(client: &Client, css: &str) -> Result<bool> {
    let inside = client
        .execute(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect();
             return r.left >= 0 && r.top >= 0 && r.right <= window.innerWidth && r.bottom <= window.innerHeight;",
            vec![css.into()],
        )
        .await?;
    Ok(inside.as_bool().unwrap_or(false))
}

async fn long_text(server: &Server, wide: &Client, narrow: &Client) -> Result<()> {
    for (client, username, password) in [(wide, "anna", "anna-demo"), (narrow, "ben", "ben-demo")] {
        sign_in(client, &server.url(), username, password).await?;
        client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(".button--ready"))
            .await?
            .click()
            .await?;
        client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css("[data-status=available]"))
            .await?;
    }
    let name = long_name();
    let subject = "A subject that goes on and on ".repeat(10);
    let raw = format!(
        "From: \"{name}\" <maria.with.a.very.long.address.indeed@example.com>\r\n\
         To: support@omni-desk.test\r\nSubject: {subject}\r\nMessage-ID: <long-1@example.com>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHello\r\n"
    );
    server.inbound_email(1, raw.as_bytes()).await?;
    for (client, width) in [(wide, "desktop"), (narrow, "360")] {
        client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(".offer-card__accept"))
            .await?;
        for button in [".offer-card__accept", ".offer-card__reject"] {
            ensure!(
                on_screen(client, button).await?,
                "{button} is on screen at {width}"
            );
        }
        ensure!(
            on_screen(client, ".offer-card").await?,
            "the card fits at {width}"
        );
        let title = attr_of(client, ".offer-card__customer", "title").await;
        ensure!(
            title.as_deref() == Some(name.as_str()),
            "the whole name on hover: {title:?} for {name:?}"
        );
        screenshot(client, &format!("offer-long-name-{width}")).await?;
    }
    // In the list too: one line, cut with an ellipsis, the whole name on hover.
    let row = ".list-row .list-row__name";
    let (fits, title) = eventually("the long row", WAIT, || async {
        let fits = wide
            .execute(
                "const e = document.querySelector(arguments[0]);
                 return e ? e.scrollWidth > e.clientWidth && e.getBoundingClientRect().height < 30 : null;",
                vec![row.into()],
            )
            .await
            .ok()?
            .as_bool()?;
        Some((fits, attr_of(wide, ".list-row .list-row__contact", "title").await))
    })
    .await?;
    ensure!(fits, "the name is cut on one line");
    ensure!(title.as_deref() == Some(name.as_str()));
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stopped_desk_says_so_at_once() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    let driver = Driver::start().await?;
    let wide = driver.browser(1280, 800).await?;
    let narrow = driver.browser(360, 740).await?;
    let outcome = banner(&server, &wide, &narrow).await;
    wide.close().await.ok();
    narrow.close().await.ok();
    outcome
}

async fn banner(server: &Server, wide: &Client, narrow: &Client) -> Result<()> {
    for (client, width) in [(wide, "desktop"), (narrow, "360")] {
        sign_in(client, &server.url(), "anna", "anna-demo").await?;
        eventually("live", WAIT, || async {
            (attr_of(client, ".connection", "data-link").await.as_deref() == Some("live"))
                .then_some(())
        })
        .await?;
        ensure!(
            count(client, "#omni-stopped").await == 0,
            "no banner while all is well"
        );
        // What a trap in the desk's wasm reaches the page as: an error event carrying a
        // RuntimeError. (A real trap is the browser test tests/watchdog.rs: this shows the
        // release page's banner. An error thrown from a WebDriver script reaches the page
        // "muted", without its error object, so it is dispatched as the trap would be.)
        client
            .execute(
                "window.dispatchEvent(new ErrorEvent('error', \
                   { error: new WebAssembly.RuntimeError('unreachable'), message: 'unreachable' }));",
                vec![],
            )
            .await?;
        let text = eventually("the banner", Duration::from_secs(1), || {
            text_of(client, "#omni-stopped")
        })
        .await?;
        ensure!(text.starts_with("Omni Desk stopped working."), "{text}");
        ensure!(
            text_of(client, ".connection__label").await.as_deref() == Some("Stopped"),
            "the indicator no longer says Live"
        );
        screenshot(client, &format!("stopped-banner-{width}")).await?;
    }
    Ok(())
}
