//! End-to-end: answering email from the desk (PRODUCT B2–B14). Reply all with Markdown, a
//! canned answer and a file, read back from the outbox; a 16 MB file refused; a send whose
//! answer was lost and is retried produces one email; Send as Pending, cleared by the
//! customer's reply; forward to two addresses; close & dispose, reopen; transfer to an empty
//! queue asks first, then the wrap-up; a reply the mail server refuses says when it is tried
//! again.

use std::time::Duration;

use anyhow::{ensure, Context, Result};
use fantoccini::{Client, Locator};
use mail_parser::{MessageParser, MimeHeaders};
use omni_e2e::{dist_dir, eventually, screenshot, sign_in, text_of, Driver, Server};

const WAIT: Duration = Duration::from_secs(10);

/// A real 32×32 PNG (solid blue), so the composer's preview shows an image.
pub(crate) const RECEIPT_PNG: &[u8] = &[
    137, 80, 78, 71, 13, 10, 26, 10, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 32, 0, 0, 0, 32, 8, 2,
    0, 0, 0, 252, 24, 237, 163, 0, 0, 0, 42, 73, 68, 65, 84, 120, 218, 99, 144, 143, 251, 79, 83,
    196, 48, 106, 193, 168, 5, 163, 22, 140, 90, 48, 106, 193, 168, 5, 163, 22, 140, 90, 48, 106,
    193, 168, 5, 163, 22, 12, 21, 11, 0, 167, 243, 240, 76, 41, 183, 135, 64, 0, 0, 0, 0, 73, 69,
    78, 68, 174, 66, 96, 130,
];

const EMAIL: &str = "From: \"Maria Rossi\" <maria.rossi@example.com>\r\n\
To: Support <support@omni-desk.test>, Paolo Conti <paolo.conti@rossi-ceramiche.test>\r\n\
Cc: accounts@rossi-ceramiche.test\r\n\
Subject: Refund for order 48213\r\n\
Message-ID: <e2e-refund-1@example.com>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\n\
When will I get my money back?\r\n";

/// Clicks the button the agent reads `text` on.
pub(crate) async fn press(client: &Client, text: &str) -> Result<()> {
    click(
        client,
        Locator::XPath(&format!("//button[normalize-space()='{text}']")),
    )
    .await
}

/// Clicks what `locator` finds, finding it again when the list re-rendered it meanwhile
/// (events replace rows in place).
pub(crate) async fn click(client: &Client, locator: Locator<'_>) -> Result<()> {
    eventually("an element to click", WAIT, || async {
        let element = client.find(locator).await.ok()?;
        element.click().await.ok()
    })
    .await
}

pub(crate) async fn value_of(client: &Client, css: &str) -> Result<String> {
    Ok(client
        .find(Locator::Css(css))
        .await?
        .prop("value")
        .await?
        .unwrap_or_default())
}

/// Waits until the outbox holds `count` emails; returns the newest.
async fn sent_email(server: &Server, count: usize) -> Result<Vec<u8>> {
    eventually("the outbox", WAIT, || async {
        server.outbox().ok().filter(|all| all.len() >= count)
    })
    .await?;
    let all = server.outbox()?;
    ensure!(
        all.len() == count,
        "expected {count} emails in the outbox, found {}",
        all.len()
    );
    Ok(all.last().cloned().unwrap_or_default())
}

/// Opens the interaction's row in the list (it left the rail once answered).
async fn open_from_list(client: &Client, id: i64) -> Result<()> {
    click(
        client,
        Locator::Css(&format!("[data-interaction-id='{id}'] .list-row__subject")),
    )
    .await?;
    client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".actions"))
        .await?;
    Ok(())
}

async fn row_status(client: &Client, id: i64) -> Option<String> {
    text_of(
        client,
        &format!("[data-interaction-id='{id}'] .list-row__status"),
    )
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn replying_forwarding_and_moving_an_email_on() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let server = Server::start(dir.path(), &dist_dir()?, &[]).await?;
    // No post-processing here: after a send the interaction is open at once.
    server.tune_queue("Support Email", 30, 0, false).await?;
    let driver = Driver::start().await?;
    let desktop = driver.browser(1280, 1000).await?;
    let narrow = driver.browser(360, 740).await?;
    let outcome = flow(&server, &desktop, &narrow, dir.path()).await;
    desktop.close().await.ok();
    narrow.close().await.ok();
    outcome
}

/// Anna signs in, gets ready, and accepts the customer's email offered to her; its id.
pub(crate) async fn take_an_email(server: &Server, anna: &Client) -> Result<i64> {
    sign_in(anna, &server.url(), "anna", "anna-demo").await?;
    click(anna, Locator::Css(".button--ready")).await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-status=available]"))
        .await?;
    let id = server.inbound_email(1, EMAIL.as_bytes()).await?;
    click(anna, Locator::Css(".offer-card__accept")).await?;
    Ok(id)
}

async fn flow(
    server: &Server,
    anna: &Client,
    narrow: &Client,
    dir: &std::path::Path,
) -> Result<()> {
    let url = server.url();
    let id = take_an_email(server, anna).await?;

    // Reply all: To the sender, CC everyone else but our own address; signature below.
    press(anna, "Reply all").await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".composer"))
        .await?;
    let to = eventually("To prefilled", WAIT, || async {
        value_of(anna, "#compose-to")
            .await
            .ok()
            .filter(|v| !v.is_empty())
    })
    .await?;
    ensure!(
        to == "maria.rossi@example.com",
        "To is the sender, got {to}"
    );
    let cc = value_of(anna, "#compose-cc").await?;
    ensure!(
        cc == "paolo.conti@rossi-ceramiche.test, accounts@rossi-ceramiche.test",
        "CC is everyone else minus support@, got {cc}"
    );
    ensure!(value_of(anna, "#compose-subject").await? == "Re: Refund for order 48213");
    let body = anna.find(Locator::Css(".body-editor__text")).await?;
    ensure!(
        value_of(anna, ".body-editor__text")
            .await?
            .contains("Anna Keller"),
        "the signature is in"
    );

    // Markdown at the top, then `/refund` picks the canned answer.
    anna.execute("const t = document.querySelector('.body-editor__text'); t.setSelectionRange(0, 0); t.focus();", vec![]).await?;
    body.send_keys("Dear Maria, **good news**: ").await?;
    body.send_keys("/refund time").await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".canned__item"))
        .await?;
    body.send_keys("\u{E007}").await?; // Enter picks the highlighted answer
    let written = value_of(anna, ".body-editor__text").await?;
    ensure!(
        written.starts_with("Dear Maria, **good news**: Your refund has been approved."),
        "canned answer inserted at the cursor: {written:?}"
    );

    // Files: a photo goes up; a 16 MB video is refused before any upload.
    let photo = dir.join("receipt.png");
    std::fs::write(&photo, RECEIPT_PNG)?;
    let video = dir.join("unboxing.mov");
    std::fs::write(&video, vec![0u8; 16 * 1024 * 1024])?;
    let picker = anna.find(Locator::Css(".attachments__picker")).await?;
    picker.send_keys(&photo.display().to_string()).await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("[data-upload-id]"))
        .await?;
    picker.send_keys(&video.display().to_string()).await?;
    let refused = eventually("the refusal", WAIT, || {
        text_of(anna, ".attachments__refused")
    })
    .await?;
    ensure!(
        refused.contains("\"unboxing.mov\" is 16.0 MB; a file may be at most 15 MB."),
        "refusal says why: {refused}"
    );
    screenshot(anna, "composer-desktop").await?;

    // The first answer to Send is lost on the way back (a fault the page cannot cause
    // otherwise): the desk asks again with the same key, and one email leaves.
    anna.execute(
        "const real = window.fetch.bind(window); window.__sends = 0;
         window.fetch = async (...args) => {
           const url = String(args[0] && args[0].url || args[0]);
           if (!url.includes('/replies')) return real(...args);
           window.__sends += 1;
           const answer = await real(...args);
           if (window.__sends === 1) throw new TypeError('connection reset');
           return answer;
         };",
        vec![],
    )
    .await?;
    click(anna, Locator::Css(".composer__send-button")).await?;
    eventually("the composer to close", WAIT, || async {
        anna.find(Locator::Css(".composer"))
            .await
            .is_err()
            .then_some(())
    })
    .await?;
    eventually("the lost answer asked for again", WAIT, || async {
        let sends = anna.execute("return window.__sends;", vec![]).await.ok()?;
        (sends.as_i64() == Some(2)).then_some(())
    })
    .await?;
    tokio::time::sleep(Duration::from_millis(500)).await; // the repeat's answer lands
    let raw = sent_email(server, 1)
        .await
        .context("one email for two tries")?;
    let mail = MessageParser::default()
        .parse(&raw)
        .context("the .eml parses")?;
    ensure!(
        mail.in_reply_to().as_text() == Some("e2e-refund-1@example.com"),
        "threaded"
    );
    ensure!(mail.references().as_text() == Some("e2e-refund-1@example.com"));
    let html = mail.body_html(0).context("an HTML part")?;
    ensure!(html.contains("<strong>good news</strong>"), "{html}");
    ensure!(mail
        .body_text(0)
        .context("a text part")?
        .contains("**good news**"));
    let part = mail.attachments().next().context("the file went along")?;
    ensure!(part.attachment_name() == Some("receipt.png"));
    let ccs: Vec<&str> = mail
        .cc()
        .context("CC")?
        .iter()
        .filter_map(|a| a.address())
        .collect();
    ensure!(
        ccs == [
            "paolo.conti@rossi-ceramiche.test",
            "accounts@rossi-ceramiche.test"
        ]
    );
    let our_id = mail.message_id().context("Message-ID")?.to_owned();

    // Send as Pending; the customer's answer clears the sub-status.
    open_from_list(anna, id).await?;
    press(anna, "Reply").await?;
    let body = anna
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".body-editor__text"))
        .await?;
    body.send_keys("We are checking with the bank.").await?;
    click(anna, Locator::Css(".composer__more")).await?;
    press(anna, "Send as Pending").await?;
    sent_email(server, 2).await?;
    eventually("Open – Pending in the list", WAIT, || async {
        row_status(anna, id).await.filter(|s| s.contains("Pending"))
    })
    .await?;
    let answer = format!(
        "From: maria.rossi@example.com\r\nTo: support@omni-desk.test\r\nSubject: Re: Refund\r\n\
         Message-ID: <e2e-refund-2@example.com>\r\nIn-Reply-To: <{our_id}>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain\r\n\r\nThank you!\r\n"
    );
    server.inbound_email(1, answer.as_bytes()).await?;
    eventually("Pending cleared", WAIT, || async {
        row_status(anna, id)
            .await
            .filter(|s| !s.contains("Pending") && s.contains("Open"))
    })
    .await?;

    // Forward to two addresses.
    open_from_list(anna, id).await?;
    press(anna, "Forward").await?;
    let to = anna
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#compose-to"))
        .await?;
    to.send_keys("refunds@bank.test, audit@rossi-ceramiche.test")
        .await?;
    click(anna, Locator::Css(".composer__send-button")).await?;
    let raw = sent_email(server, 3).await?;
    let forwarded = MessageParser::default()
        .parse(&raw)
        .context("forward parses")?;
    let to: Vec<&str> = forwarded
        .to()
        .context("To")?
        .iter()
        .filter_map(|a| a.address())
        .collect();
    ensure!(
        to == ["refunds@bank.test", "audit@rossi-ceramiche.test"],
        "{to:?}"
    );
    ensure!(forwarded.subject().unwrap_or_default().starts_with("Fwd: "));

    // Close & Dispose, then Reopen: hers again, composer open.
    open_from_list(anna, id).await?;
    press(anna, "Close").await?;
    for (level, label) in [(0, "Resolved ›"), (1, "Fixed ›"), (2, "Replacement sent")] {
        let select = anna
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&format!("#disposition-level-{level}")))
            .await?;
        select.select_by_label(label).await?;
    }
    press(anna, "Close & Dispose").await?;
    eventually("closed with its disposition", WAIT, || async {
        row_status(anna, id)
            .await
            .filter(|s| s.contains("Replacement sent"))
    })
    .await?;
    open_from_list(anna, id).await?;
    press(anna, "Reopen").await?;
    anna.wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".composer"))
        .await?;
    eventually("reopened, hers, in the rail", WAIT, || async {
        anna.find(Locator::Css(&format!(".rail [data-interaction-id='{id}']")))
            .await
            .ok()
    })
    .await?;
    press(anna, "Discard").await?;

    // Transfer to a queue nobody is logged in to: asked first; Continue moves it, and the
    // wrap-up Support Email asks for starts.
    server.tune_queue("Support Email", 30, 120, false).await?;
    server
        .execute("DELETE FROM queue_members WHERE queue_id = (SELECT id FROM queues WHERE name = 'Billing Email')")
        .await?;
    press(anna, "Transfer").await?;
    let target = anna
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#transfer-target"))
        .await?;
    eventually("queues listed", WAIT, || async {
        anna.find(Locator::XPath(
            "//option[normalize-space()='Billing Email']",
        ))
        .await
        .ok()
    })
    .await?;
    target.select_by_label("Billing Email").await?;
    click(anna, Locator::Css(".dialog .button--primary")).await?;
    let warning = eventually("the warning", WAIT, || text_of(anna, ".dialog__warning")).await?;
    ensure!(
        warning
            == "Nobody is logged in to Billing Email. Transfer anyway? It will wait in the queue.",
        "{warning}"
    );
    screenshot(anna, "transfer-warning-desktop").await?;
    press(anna, "Continue").await?;
    // Queued in Billing; anna's part ends in her wrap-up, and the rail keeps it until then.
    let hint = eventually("the wrap-up after the transfer", WAIT, || {
        text_of(anna, ".wrap-up .wrap-up__hint")
    })
    .await?;
    ensure!(
        hint.starts_with("You transferred this interaction."),
        "{hint}"
    );
    anna.find(Locator::Css(&format!(
        ".rail .rail-icon--wrap-up[data-interaction-id='{id}']"
    )))
    .await
    .context("the rail shows the wrap-up")?;
    ensure!(
        anna.find(Locator::XPath("//*[@role='toolbar']//button[normalize-space()='Reply' or normalize-space()='Transfer']"))
            .await
            .is_err(),
        "no replies or transfers on an interaction that is no longer hers"
    );
    screenshot(anna, "transfer-wrap-up-desktop").await?;
    anna.find(Locator::Css("#wrap-up-notes"))
        .await?
        .send_keys("Billing question, passed on")
        .await?;
    press(anna, "Wrap up").await?;
    eventually("gone from the rail after the wrap-up", WAIT, || async {
        anna.find(Locator::Css(&format!(".rail [data-interaction-id='{id}']")))
            .await
            .is_err()
            .then_some(())
    })
    .await?;

    // The composer in a 360 px panel: a new email with a case number.
    sign_in(narrow, &url, "anna", "anna-demo").await?;
    press(narrow, "+ Add").await?;
    press(narrow, "Email").await?;
    narrow
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".composer #compose-case"))
        .await?;
    narrow
        .execute(
            "document.querySelector('.composer').scrollIntoView();",
            vec![],
        )
        .await?;
    screenshot(narrow, "composer-360").await?;
    Ok(())
}

/// The mail server is away: the sent reply says it was not delivered yet and when the
/// server tries again (the retries themselves are tested against the server's API).
#[tokio::test(flavor = "multi_thread")]
async fn a_reply_the_mail_server_refuses_says_when_it_is_tried_again() -> Result<()> {
    let dir = tempfile::tempdir()?;
    let nobody = omni_e2e::free_port()?;
    let smtp = format!("smtp://127.0.0.1:{nobody}");
    let server = Server::start(dir.path(), &dist_dir()?, &[("OMNI_SMTP_URL", &smtp)]).await?;
    server.tune_queue("Support Email", 30, 0, false).await?;
    let driver = Driver::start().await?;
    let anna = driver.browser(1280, 900).await?;
    let outcome = async {
        let id = take_an_email(&server, &anna).await?;
        press(&anna, "Reply").await?;
        let body = anna
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(".composer .body-editor__text"))
            .await?;
        anna.execute("const t = document.querySelector('.body-editor__text'); t.setSelectionRange(0, 0); t.focus();", vec![]).await?;
        body.send_keys("Your refund is on its way.\n").await?;
        click(&anna, Locator::Css(".composer__send-button")).await?;
        // Answered, it left the rail; the list opens it again.
        eventually("answered", WAIT, || async {
            row_status(&anna, id)
                .await
                .filter(|s| s.starts_with("Open"))
        })
        .await?;
        open_from_list(&anna, id).await?;
        let notice = eventually("the delivery notice", WAIT, || {
            text_of(&anna, ".message__delivery")
        })
        .await?;
        ensure!(
            notice.starts_with("Not delivered yet: SMTP:")
                && notice.contains("The server tries again at "),
            "{notice}"
        );
        ensure!(
            server.outbox()?.is_empty(),
            "nothing went to the outbox instead"
        );
        screenshot(&anna, "delivery-retry-desktop").await?;
        Ok(())
    }
    .await;
    anna.close().await.ok();
    outcome
}
