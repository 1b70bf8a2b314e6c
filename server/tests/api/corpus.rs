//! The corpus (tests/fixtures/corpus): emails as real mailers write them, and broken ones.
//! Every one is ingested and read back prepared; what a desk is given holds nothing remote,
//! nothing that runs, and text in the sender's script.

use crate::common::TestServer;
use omni_protocol::{Message, HELD_PREFIX};
use omni_server::text::email_body::rewrite_html;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let folder = format!("{}/tests/fixtures/corpus", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(folder)
        .unwrap()
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.extension().is_some_and(|e| e == "eml"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(path).unwrap())
        })
        .collect()
}

/// The markup without its comments: a browser loads nothing named inside one (Outlook's
/// `<!--[if gte mso 9]>` VML, say).
fn without_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = match rest[start + 4..].find("-->") {
            Some(end) => &rest[start + 4 + end + 3..],
            None => "",
        };
    }
    out.push_str(rest);
    out
}

fn html_of(message: &Message) -> String {
    message
        .html
        .as_ref()
        .map(|html| format!("{}{}", html.fresh, html.quoted.clone().unwrap_or_default()))
        .unwrap_or_default()
}

#[tokio::test]
async fn every_email_of_the_corpus_is_ingested_and_prepared_safely() {
    let server = TestServer::start().await;
    let anna = server.sign_in("anna").await;
    let queue = server.queue_id("Support Email").await;
    let emails = corpus();
    assert!(emails.len() >= 50, "{} emails", emails.len());
    let mut read = Vec::new();
    for (name, raw) in &emails {
        let summary = omni_server::email::mail_ingest::ingest(&server.state, Some(queue), raw)
            .await
            .unwrap_or_else(|error| panic!("{name}: {error:?}"));
        let thread = server.thread(&anna.token, summary.id).await;
        let message = thread
            .last()
            .cloned()
            .unwrap_or_else(|| panic!("{name}: no message"));
        // What the desk gets is a fixed point of preparation: read again by the same HTML
        // tokenizer, nothing in it acts, fetches or needs holding. (Text that merely looks
        // like markup, inside a `<style>` or a comment, stays text: `without_comments`.)
        let html = html_of(&message);
        let again = rewrite_html(&html).unwrap();
        let again_html = format!("{}{}", again.fresh, again.quoted.unwrap_or_default());
        assert_eq!(again_html, html, "{name}: preparing it again changed it");
        assert!(
            again.held.is_empty(),
            "{name}: {:?} still remote",
            again.held
        );
        let visible = without_comments(&html).to_ascii_lowercase();
        for active in [
            "<script",
            "javascript:",
            "<iframe",
            "<meta",
            "<object",
            "<embed",
        ] {
            assert!(!visible.contains(active), "{name}: {active} in {visible}");
        }
        read.push((name.clone(), message));
    }
    let by_name = |prefix: &str| {
        read.iter()
            .find(|(name, _)| name.starts_with(prefix))
            .map(|(_, message)| message.clone())
            .unwrap()
    };
    // The email that once stopped the desk: the logo before Gmail's quote.
    let mueller = by_name("003");
    let html = mueller.html.clone().unwrap();
    assert!(html.fresh.contains("Müller Logo"), "{}", html.fresh);
    assert!(html.quoted.is_some(), "the quote is split off");
    assert!(html
        .held
        .iter()
        .any(|url| url.contains("mueller-gmbh.example.de/logo.png")));
    // Every charset decodes: no replacement characters, the script itself shows.
    for (prefix, expected) in [
        ("029", "Здравствуйте"),
        ("031", "Καλησπέρα"),
        ("032", "שלום"),
        ("034", "السلام عليكم"),
        ("035", "お世話になっております"),
        ("036", "ログインできません"),
        ("038", "您好"),
        ("039", "关于退款进度的咨询"),
        ("040", "訂單尚未收到"),
        ("041", "안녕하세요"),
        ("042", "ขอเปลี่ยนที่อยู่ใบแจ้งหนี้"),
    ] {
        let message = by_name(prefix);
        let text = format!(
            "{} {} {}",
            message.subject.clone().unwrap_or_default(),
            message.text.whole(),
            html_of(&message)
        );
        assert!(
            !text.contains('\u{fffd}'),
            "{prefix}: replacement characters in {text}"
        );
        assert!(
            text.contains(expected),
            "{prefix}: {expected} not in {text}"
        );
    }
    // The newsletter's every remote reference waits behind a placeholder.
    let newsletter = by_name("045");
    let held = newsletter.html.clone().unwrap().held;
    assert!(held.len() >= 8, "{held:?}");
    assert!(html_of(&newsletter).contains(HELD_PREFIX));
}
