//! Inbound email as raw MIME: parsed (bodies, charsets, attachments, inline `cid:` images),
//! threaded onto the interaction its In-Reply-To/References point at, or opened as a new one.

use mail_parser::{Address, MessageParser, MimeHeaders};
use omni_protocol::{Direction, EmailAddress, InteractionSummary, MessageKind};

use crate::{
    clock::now_ms,
    db::customers,
    db::interactions::{self as db_interactions, Contact},
    db::messages as db_messages,
    db::queues,
    email::email_accounts,
    error::ApiError,
    text::preview_of,
    work::interactions,
    work::messages::{self, NewAttachment, NewMessage},
    work::summaries,
    AppState,
};

/// Largest raw message accepted (attachments included, base64-inflated).
pub const MAX_RAW_BYTES: usize = 60 * 1024 * 1024;

/// What we keep of a parsed email.
pub struct ParsedEmail {
    pub from: EmailAddress,
    pub to: Vec<EmailAddress>,
    pub cc: Vec<EmailAddress>,
    pub bcc: Vec<EmailAddress>,
    pub reply_to: Vec<EmailAddress>,
    pub subject: Option<String>,
    pub message_id: Option<String>,
    pub in_reply_to: Option<String>,
    /// In-Reply-To and References ids, newest first: where the thread continues.
    pub thread_ids: Vec<String>,
    pub sent_at: Option<i64>,
    pub body_text: String,
    pub body_html: Option<String>,
    pub attachments: Vec<NewAttachment>,
}

fn addresses(address: Option<&Address<'_>>) -> Vec<EmailAddress> {
    address
        .map(|list| {
            list.iter()
                .filter_map(|addr| {
                    Some(EmailAddress {
                        name: addr
                            .name()
                            .map(str::trim)
                            .filter(|n| !n.is_empty())
                            .map(str::to_owned),
                        address: addr.address()?.trim().to_lowercase(),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

fn ids(value: &mail_parser::HeaderValue<'_>) -> Vec<String> {
    let list: Vec<String> = match (value.as_text_list(), value.as_text()) {
        (Some(list), _) => list.iter().map(|id| id.to_string()).collect(),
        (None, Some(one)) => vec![one.to_owned()],
        _ => vec![],
    };
    list.into_iter()
        .map(|id| id.trim().trim_matches(['<', '>']).to_owned())
        .filter(|id| !id.is_empty())
        .collect()
}

/// What the thread shows for mail from the null sender (`<>`, bounces and other delivery
/// reports) that names nobody.
pub const NULL_SENDER_NAME: &str = "Mail Delivery System";

/// The message without blank lines before its first header: some gateways and scripts put a
/// line of spaces or an empty line first, which would otherwise end the headers at once.
fn without_leading_blank_lines(raw: &[u8]) -> &[u8] {
    let mut rest = raw;
    while let Some(end) = rest.iter().position(|&b| b == b'\n') {
        let line = &rest[..end];
        if !line.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r')) {
            break;
        }
        rest = &rest[end + 1..];
    }
    if rest.iter().any(|b| !b.is_ascii_whitespace()) {
        rest
    } else {
        raw
    }
}

/// Who sent it: the From address; for the null sender (`From: MAILER-DAEMON <>`, or no From
/// but `Return-Path: <>`), the name with an empty address, which no reply can go to.
fn sender(message: &mail_parser::Message<'_>) -> Option<EmailAddress> {
    if let Some(from) = addresses(message.from())
        .into_iter()
        .chain(addresses(message.sender()))
        .find(|from| !from.address.is_empty())
    {
        return Some(from);
    }
    let named = message
        .from()
        .and_then(|list| list.first())
        .and_then(|addr| addr.name())
        .map(str::trim)
        .filter(|name| !name.is_empty());
    let null_path = message
        .header_raw("Return-Path")
        .is_some_and(|path| path.trim().trim_matches(['<', '>']).trim().is_empty());
    (message.from().is_some() || null_path).then(|| EmailAddress {
        name: Some(named.unwrap_or(NULL_SENDER_NAME).to_owned()),
        address: String::new(),
    })
}

/// Parses raw MIME; `None` when it is not a message with a sender (or the null sender).
pub fn parse(raw: &[u8]) -> Option<ParsedEmail> {
    let raw = without_leading_blank_lines(raw);
    let message = MessageParser::default().parse(raw)?;
    let from = sender(&message)?;
    let mut thread_ids = ids(message.in_reply_to());
    thread_ids.extend(ids(message.references()).into_iter().rev());
    let has_html = message
        .html_part(0)
        .is_some_and(|part| part.is_content_type("text", "html"));
    let attachments = message
        .attachments()
        .map(|part| {
            let content_type = part
                .content_type()
                .map(|ct| {
                    format!("{}/{}", ct.ctype(), ct.subtype().unwrap_or("octet-stream"))
                        .to_lowercase()
                })
                .unwrap_or_else(|| "application/octet-stream".into());
            let content_id = part
                .content_id()
                .map(|id| id.trim().trim_matches(['<', '>']).to_owned());
            let inline = part
                .content_disposition()
                .is_some_and(|d| d.ctype().eq_ignore_ascii_case("inline"))
                || (content_id.is_some() && content_type.starts_with("image/"));
            NewAttachment {
                filename: part
                    .attachment_name()
                    .map(str::to_owned)
                    .unwrap_or_else(|| "attachment".into()),
                content_type,
                content_id,
                inline,
                bytes: part.contents().to_vec(),
            }
        })
        .collect();
    Some(ParsedEmail {
        from,
        to: addresses(message.to()),
        cc: addresses(message.cc()),
        bcc: addresses(message.bcc()),
        reply_to: addresses(message.reply_to()),
        subject: message
            .subject()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
        message_id: message
            .message_id()
            .map(|id| id.trim_matches(['<', '>']).to_owned()),
        in_reply_to: ids(message.in_reply_to()).into_iter().next(),
        thread_ids,
        sent_at: message.date().map(|date| date.to_timestamp() * 1000),
        body_text: message
            .body_text(0)
            .map(|text| text.into_owned())
            .unwrap_or_default(),
        body_html: has_html
            .then(|| message.body_html(0).map(|html| html.into_owned()))
            .flatten(),
        attachments,
    })
}

/// Who an email is from: the customer with that address when one is known (a draft is not),
/// else no customer until the agent links or creates one. The name is the From header's, or
/// the address's local part. Mail from the null sender is the "Mail Delivery System"'s.
pub async fn contact_for(app: &AppState, from: &EmailAddress) -> Result<Contact, ApiError> {
    if from.address.is_empty() {
        return Ok(Contact {
            customer_id: None,
            name: NULL_SENDER_NAME.to_owned(),
            address: None,
        });
    }
    let address = from.address.to_lowercase();
    let known = customers::by_email(app, &address).await?;
    let name = from
        .name
        .clone()
        .map(|name| name.trim().to_owned())
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| address.split('@').next().unwrap_or_default().to_owned());
    Ok(Contact {
        customer_id: known.first().copied(),
        name,
        address: Some(address),
    })
}

/// Where a customer's email goes, by the ids it answers.
enum Thread {
    /// Onto this interaction, which is not closed.
    Join(i64),
    /// This interaction was closed: a new one continues the conversation.
    Continue(i64),
    New,
}

async fn thread_of(app: &AppState, thread_ids: &[String]) -> Result<Thread, ApiError> {
    for id in thread_ids {
        let found = db_messages::interaction_of(app, id).await?;
        let Some(found) = found else {
            continue;
        };
        let (at, state) = db_interactions::continued_at(app, found).await?;
        return Ok(if state == "closed" {
            Thread::Continue(at)
        } else {
            Thread::Join(at)
        });
    }
    Ok(Thread::New)
}

/// Stores an inbound email: on its thread's open interaction, or as a new one in `queue_id`
/// (by default the queue of the account it was addressed to).
pub async fn ingest(
    app: &AppState,
    queue_id: Option<i64>,
    raw: &[u8],
) -> Result<InteractionSummary, ApiError> {
    Ok(ingest_once(app, queue_id, raw).await?.summary)
}

/// What became of an inbound email: its interaction, and whether it was new (a gateway's
/// retry of a message already received answers the first one's interaction).
pub struct Ingested {
    pub summary: InteractionSummary,
    pub new: bool,
}

/// [`ingest`], once per Message-ID and queue: the same message again returns the
/// interaction it reached the first time and stores nothing.
pub async fn ingest_once(
    app: &AppState,
    queue_id: Option<i64>,
    raw: &[u8],
) -> Result<Ingested, ApiError> {
    let mut email = parse(raw).ok_or_else(|| {
        ApiError::validation(
            "message",
            "This is not an email we can read: no MIME structure or no sender.",
        )
    })?;
    let queue_id = match queue_id {
        Some(id) => id,
        None => {
            let recipients: Vec<&EmailAddress> = email.to.iter().chain(&email.cc).collect();
            email_accounts::addressed(app, &recipients)
                .await?
                .map(|account| account.queue_id)
                .ok_or_else(|| {
                    ApiError::validation(
                        "queue_id",
                        "No email account has an address in To or CC; name the queue.",
                    )
                })?
        }
    };
    let queue = queues::queue(app, queue_id)
        .await?
        .ok_or_else(|| ApiError::validation("queue_id", "No such queue."))?;
    let _once = app.ingesting.lock().await;
    if let Some(message_id) = &email.message_id {
        // By the queue it was received for: a transfer since does not make it new.
        let received = db_messages::received_before(app, message_id, queue_id).await?;
        if let Some(interaction_id) = received {
            return Ok(Ingested {
                summary: summaries::summary(app, interaction_id).await?,
                new: false,
            });
        }
    }
    let accounts = email_accounts::of_queue(app, queue_id).await?;
    let received_as = email_accounts::received_as(&accounts, &email.to, &email.cc);
    let contact = contact_for(app, &email.from).await?;
    let sent_at = email.sent_at.unwrap_or_else(now_ms);
    let first_line = preview_of(if email.body_text.trim().is_empty() {
        "(no text)"
    } else {
        &email.body_text
    });
    let thread_ids = std::mem::take(&mut email.thread_ids);
    let mut message = NewMessage {
        interaction_id: 0,
        direction: Direction::Inbound,
        kind: MessageKind::Email,
        author_agent_id: None,
        from: email.from,
        to: email.to,
        cc: email.cc,
        bcc: email.bcc,
        reply_to: email.reply_to,
        received_as,
        subject: email.subject,
        message_id: email.message_id,
        in_reply_to: email.in_reply_to,
        sent_at,
        body_text: email.body_text,
        body_html: email.body_html,
        raw: Some(raw.to_vec()),
        attachments: email.attachments,
        account_id: None,
        idempotency_key: None,
        idempotency_fingerprint: None,
        received_queue_id: Some(queue_id),
    };
    let written = messages::write_files(app, &message).await?;
    // Where it goes is decided under the work lock, and stays true until the commit: an agent's
    // "Send and close" cannot close the interaction in between, leaving the reply inside a
    // closed one.
    let work = app.work.lock().await;
    let thread = thread_of(app, &thread_ids).await?;
    // One transaction: a failure leaves neither an empty interaction nor half a thread.
    let mut tx = crate::db::write(&app.db).await?;
    let interaction_id = match thread {
        Thread::Join(id) => id,
        Thread::Continue(_) | Thread::New => {
            let subject = message.subject.clone();
            interactions::open(&mut tx, &queue, &contact, subject, &first_line, now_ms()).await?
        }
    };
    message.interaction_id = interaction_id;
    let message_id = messages::insert_rows(&mut tx, &message, written).await?;
    match thread {
        Thread::Join(_) => {
            // The customer wrote again: waiting for an answer from now, unread for the
            // agent, and a sub-status like Pending no longer applies.
            db_interactions::customer_wrote(&mut tx, interaction_id, now_ms()).await?;
        }
        Thread::Continue(closed) => {
            db_interactions::link_continuation(&mut tx, closed, interaction_id).await?;
        }
        Thread::New => {}
    }
    tx.commit().await?;
    drop(work);
    messages::announce(app, message_id, true).await?;
    if let Thread::Continue(closed) = thread {
        summaries::announce(app, closed).await?;
    }
    // Announced before routing may offer it, so no stale "queued" follows the offer.
    let summary = summaries::announce(app, interaction_id).await?;
    if !matches!(thread, Thread::Join(_)) {
        app.work.wake();
    }
    Ok(Ingested { summary, new: true })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_blank_first_line_does_not_hide_the_headers() {
        let raw = b" \r\nFrom: Maria <maria@example.com>\r\nSubject: Hi\r\n\r\nBody\r\n";
        let email = parse(raw).expect("read");
        assert_eq!(email.from.address, "maria@example.com");
        assert_eq!(email.subject.as_deref(), Some("Hi"));
        assert_eq!(email.body_text.trim(), "Body");
    }

    #[test]
    fn the_null_sender_is_read_with_its_name_and_no_address() {
        let raw = b"From: MAILER-DAEMON <>\r\nSubject: Undelivered Mail\r\n\r\nGone\r\n";
        let email = parse(raw).expect("read");
        assert_eq!(email.from.name.as_deref(), Some("MAILER-DAEMON"));
        assert_eq!(email.from.address, "");
        let raw = b"Return-Path: <>\r\nSubject: Delivery report\r\n\r\nGone\r\n";
        assert_eq!(
            parse(raw).expect("read").from.name.as_deref(),
            Some(NULL_SENDER_NAME)
        );
    }

    #[test]
    fn text_without_any_sender_is_not_an_email() {
        assert!(parse(b"{\"json\": \"by mistake\"}").is_none());
    }

    #[test]
    fn every_charset_of_the_whatwg_encoding_standard_is_read() {
        let samples = [
            ("IBM866", "Привет"),
            ("ISO-8859-2", "Zażółć"),
            ("ISO-8859-3", "Ħello"),
            ("ISO-8859-4", "Ąčė"),
            ("ISO-8859-5", "Привет"),
            ("ISO-8859-6", "مرحبا"),
            ("ISO-8859-7", "Καλημέρα"),
            ("ISO-8859-8", "שלום"),
            ("ISO-8859-8-I", "שלום"),
            ("ISO-8859-10", "Ås"),
            ("ISO-8859-13", "Ąčė"),
            ("ISO-8859-14", "Ŵŷ"),
            ("ISO-8859-15", "€uro"),
            ("ISO-8859-16", "Șț"),
            ("KOI8-R", "Привет"),
            ("KOI8-U", "Привіт"),
            ("macintosh", "café"),
            ("windows-874", "สวัสดี"),
            ("windows-1250", "Zażółć"),
            ("windows-1251", "Привет"),
            ("windows-1252", "café"),
            ("windows-1253", "Καλημέρα"),
            ("windows-1254", "Çağ"),
            ("windows-1255", "שלום"),
            ("windows-1256", "مرحبا"),
            ("windows-1257", "Ąčė"),
            ("windows-1258", "Đà"),
            ("x-mac-cyrillic", "Привет"),
            ("GBK", "你好"),
            ("gb18030", "你好"),
            ("Big5", "你好"),
            ("EUC-JP", "こんにちは"),
            ("ISO-2022-JP", "こんにちは"),
            ("Shift_JIS", "こんにちは"),
            ("EUC-KR", "안녕하세요"),
            // Labels mailers write for those encodings.
            ("ks_c_5601-1987", "안녕하세요"),
            ("windows-949", "안녕"),
            ("csshiftjis", "こん"),
            ("x-euc-jp", "こん"),
            ("cn-big5", "你好"),
            ("latin1", "café"),
            ("tis-620", "สวัสดี"),
        ];
        for (label, sample) in samples {
            let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).expect(label);
            let (bytes, _, unmappable) = encoding.encode(sample);
            assert!(!unmappable, "{label} cannot write {sample}");
            let mut raw = format!(
                "From: a@example.com\r\nSubject: t\r\nContent-Type: text/plain; charset=\"{label}\"\r\n\
                 Content-Transfer-Encoding: 8bit\r\n\r\n"
            )
            .into_bytes();
            raw.extend_from_slice(&bytes);
            let email = parse(&raw).expect(label);
            assert_eq!(email.body_text.trim(), sample, "{label}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn any_bytes_parse_or_are_refused_without_panicking(raw in proptest::collection::vec(any::<u8>(), 0..2000)) {
            let _ = parse(&raw);
        }

        #[test]
        fn any_header_text_parses_without_panicking(
            blank in "[ \t\r\n]{0,6}",
            from in "\\PC{0,80}",
            subject in "\\PC{0,200}",
            body in "\\PC{0,400}",
        ) {
            let raw = format!("{blank}From: {from}\r\nSubject: {subject}\r\n\r\n{body}");
            if let Some(email) = parse(raw.as_bytes()) {
                prop_assert!(email.from.name.is_some() || !email.from.address.is_empty());
            }
        }
    }
}
