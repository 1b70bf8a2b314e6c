//! Inbound email as raw MIME: parsed (bodies, charsets, attachments, inline `cid:` images),
//! threaded onto the interaction its In-Reply-To/References point at, or opened as a new one.

use mail_parser::{Address, MessageParser, MimeHeaders};
use omni_protocol::{Direction, EmailAddress, InteractionSummary, MessageKind};

use crate::{
    clock::now_ms,
    db::queues,
    email::email_accounts,
    error::ApiError,
    work::interactions,
    work::messages::{self, NewAttachment, NewMessage},
    work::summaries::{self, preview_of},
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

/// Parses raw MIME; `None` when it is not a message with a sender.
pub fn parse(raw: &[u8]) -> Option<ParsedEmail> {
    let message = MessageParser::default().parse(raw)?;
    let from = addresses(message.from()).into_iter().next()?;
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

/// The customer with this address, created from the sender's name when new.
pub async fn customer_for(app: &AppState, from: &EmailAddress) -> Result<i64, ApiError> {
    let known: Option<i64> = sqlx::query_scalar("SELECT id FROM customers WHERE lower(email) = ?")
        .bind(&from.address)
        .fetch_optional(&app.db)
        .await?;
    if let Some(id) = known {
        return Ok(id);
    }
    let name = from.name.clone().unwrap_or_default();
    let (first, last) = match name.rsplit_once(' ') {
        Some((first, last)) => (first.trim().to_owned(), last.trim().to_owned()),
        None if !name.is_empty() => (name.clone(), String::new()),
        None => (
            from.address
                .split('@')
                .next()
                .unwrap_or_default()
                .to_owned(),
            String::new(),
        ),
    };
    // Two first contacts from one address at once both end at the one customer.
    Ok(sqlx::query_scalar(
        "INSERT INTO customers (first_name, last_name, email) VALUES (?, ?, ?) \
         ON CONFLICT (email) DO UPDATE SET email = excluded.email RETURNING id",
    )
    .bind(first)
    .bind(last)
    .bind(&from.address)
    .fetch_one(&app.db)
    .await?)
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
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT interaction_id FROM messages WHERE message_id = ? ORDER BY id DESC LIMIT 1",
        )
        .bind(id)
        .fetch_optional(&app.db)
        .await?;
        let Some(mut at) = found else {
            continue;
        };
        // Follow the conversation to where it continues now.
        for _ in 0..100 {
            let next: Option<i64> =
                sqlx::query_scalar("SELECT continued_in FROM interactions WHERE id = ?")
                    .bind(at)
                    .fetch_one(&app.db)
                    .await?;
            match next {
                Some(next) => at = next,
                None => break,
            }
        }
        let state: String = sqlx::query_scalar("SELECT state FROM interactions WHERE id = ?")
            .bind(at)
            .fetch_one(&app.db)
            .await?;
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
    let email = parse(raw).ok_or_else(|| {
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
        let received: Option<i64> = sqlx::query_scalar(
            "SELECT m.interaction_id FROM messages m JOIN interactions i ON i.id = m.interaction_id \
             WHERE m.message_id = ? AND m.direction = 'inbound' AND i.queue_id = ? LIMIT 1",
        )
        .bind(message_id)
        .bind(queue_id)
        .fetch_optional(&app.db)
        .await?;
        if let Some(interaction_id) = received {
            return Ok(Ingested {
                summary: summaries::summary(app, interaction_id).await?,
                new: false,
            });
        }
    }
    let accounts = email_accounts::of_queue(app, queue_id).await?;
    let received_as = email_accounts::received_as(&accounts, &email.to, &email.cc);
    let customer_id = customer_for(app, &email.from).await?;
    let sent_at = email.sent_at.unwrap_or_else(now_ms);
    let thread = thread_of(app, &email.thread_ids).await?;
    let interaction_id = match thread {
        Thread::Join(id) => id,
        Thread::Continue(_) | Thread::New => {
            let first = if email.body_text.trim().is_empty() {
                "(no text)"
            } else {
                &email.body_text
            };
            interactions::open(
                app,
                &queue,
                customer_id,
                email.subject.clone(),
                &preview_of(first),
                now_ms(),
            )
            .await?
        }
    };
    messages::insert(
        app,
        NewMessage {
            interaction_id,
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
        },
    )
    .await?;
    match thread {
        Thread::Join(_) => {
            // The customer wrote again: waiting for an answer from now, unread for the
            // agent, and a sub-status like Pending no longer applies.
            sqlx::query(
                "UPDATE interactions SET awaiting_reply_since = COALESCE(awaiting_reply_since, ?), \
                 sub_status = NULL WHERE id = ?",
            )
            .bind(now_ms())
            .bind(interaction_id)
            .execute(&app.db)
            .await?;
        }
        Thread::Continue(closed) => {
            sqlx::query("UPDATE interactions SET continues = ? WHERE id = ?")
                .bind(closed)
                .bind(interaction_id)
                .execute(&app.db)
                .await?;
            sqlx::query("UPDATE interactions SET continued_in = ? WHERE id = ?")
                .bind(interaction_id)
                .bind(closed)
                .execute(&app.db)
                .await?;
            summaries::announce(app, closed).await?;
        }
        Thread::New => {}
    }
    // Announced before routing may offer it, so no stale "queued" follows the offer.
    let summary = summaries::announce(app, interaction_id).await?;
    if !matches!(thread, Thread::Join(_)) {
        app.work.wake();
    }
    Ok(Ingested { summary, new: true })
}
