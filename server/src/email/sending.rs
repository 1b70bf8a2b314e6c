//! Sending email (PRODUCT B2, B3, B6, B7, B9): replies, forwards and new emails are checked,
//! built as MIME, stored with their files, delivered, and move the interaction on. A retried
//! send with the same `Idempotency-Key` returns the first result and sends nothing.

use omni_protocol::{
    compose::MAX_BODY_CHARS, AfterSend, Channel, Direction, EmailAccount, EmailAddress,
    ForwardRequest, InteractionState, InteractionSummary, MailFormat, Message, MessageKind,
    NewEmailRequest, OutgoingEmail, ReplyRequest, Sent,
};
use sha2::{Digest, Sha256};

use crate::{
    clock::now_ms,
    email::delivery,
    email::email_accounts,
    email::mail_ingest,
    email::outbound::{self, Draft, OutgoingFile},
    error::ApiError,
    text::markdown::{self, escape},
    work::interactions,
    work::messages::{self, NewAttachment, NewMessage},
    work::status,
    work::summaries,
    work::uploads,
    AppState,
};

/// A send's result, and whether it is the first answer to its `Idempotency-Key` (a repeat
/// returns what the first stored and sends nothing).
pub struct SendOutcome {
    pub sent: Sent,
    pub first: bool,
}

/// What the agent wrote, checked: the account is theirs, every address is valid.
struct Checked {
    account: EmailAccount,
    to: Vec<String>,
    cc: Vec<String>,
    bcc: Vec<String>,
    subject: String,
    text: String,
    html: Option<String>,
    files: Vec<NewAttachment>,
    upload_ids: Vec<i64>,
}

fn check_recipients(field: &str, list: &[String]) -> Result<Vec<String>, ApiError> {
    list.iter()
        .map(|address| {
            omni_protocol::check_address(address)
                .map(|()| address.trim().to_owned())
                .map_err(|message| ApiError::validation(field, message))
        })
        .collect()
}

async fn check(
    app: &AppState,
    agent_id: i64,
    email: &OutgoingEmail,
    body_required: bool,
) -> Result<Checked, ApiError> {
    let account = email_accounts::of_agent(app, agent_id)
        .await?
        .into_iter()
        .find(|account| account.id == email.account_id)
        .ok_or_else(|| {
            ApiError::validation("account_id", "You may not send from this email account.")
        })?;
    if email.to.is_empty() {
        return Err(ApiError::validation(
            "to",
            "Add at least one recipient in To.",
        ));
    }
    let to = check_recipients("to", &email.to)?;
    let cc = check_recipients("cc", &email.cc)?;
    let bcc = check_recipients("bcc", &email.bcc)?;
    if to.len() + cc.len() + bcc.len() > 100 {
        return Err(ApiError::validation(
            "to",
            "Send to at most 100 recipients at once.",
        ));
    }
    let subject = email.subject.trim().to_owned();
    if subject.chars().count() > 900 {
        return Err(ApiError::validation(
            "subject",
            "The subject is too long (900 characters at most).",
        ));
    }
    if email.body.chars().count() > MAX_BODY_CHARS {
        return Err(ApiError::validation("body", "The message is too long."));
    }
    if body_required && email.body.trim().is_empty() {
        return Err(ApiError::validation(
            "body",
            "Write a message before sending.",
        ));
    }
    let html = match email.format {
        MailFormat::Html => Some(markdown::email_document(&markdown::to_html(&email.body))),
        MailFormat::Plain => None,
    };
    let files = uploads::take(app, agent_id, &email.upload_ids).await?;
    Ok(Checked {
        account,
        to,
        cc,
        bcc,
        subject,
        text: email.body.clone(),
        html,
        files,
        upload_ids: email.upload_ids.clone(),
    })
}

fn addresses(list: &[String]) -> Vec<EmailAddress> {
    list.iter()
        .map(|address| EmailAddress {
            name: None,
            address: address.to_lowercase(),
        })
        .collect()
}

/// A send's `Idempotency-Key`, and what its request asked for.
pub struct Keyed {
    key: String,
    fingerprint: String,
}

impl Keyed {
    /// `key` for a `kind` of send (`reply`, `forward`, `new`) to `target` with `request`.
    pub fn new(key: String, kind: &str, target: i64, request: &impl serde::Serialize) -> Self {
        let body = serde_json::to_string(request).unwrap_or_default();
        let fingerprint = hex::encode(Sha256::digest(format!("{kind} {target} {body}")));
        Keyed { key, fingerprint }
    }
}

/// The message an earlier request with this key stored, with its interaction now; a 422 when
/// that request asked for something else.
async fn replayed(
    app: &AppState,
    agent_id: i64,
    key: Option<&Keyed>,
) -> Result<Option<Sent>, ApiError> {
    let Some(key) = key else {
        return Ok(None);
    };
    let found: Option<(i64, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, interaction_id, idempotency_fingerprint FROM messages \
         WHERE author_agent_id = ? AND idempotency_key = ?",
    )
    .bind(agent_id)
    .bind(&key.key)
    .fetch_optional(&app.db)
    .await?;
    let Some((message_id, interaction_id, fingerprint)) = found else {
        return Ok(None);
    };
    // Sends stored before fingerprints were kept match any repeat.
    if fingerprint.is_some_and(|stored| stored != key.fingerprint) {
        return Err(ApiError::validation(
            "Idempotency-Key",
            "This message was already sent once, with other content; reload the interaction to see what went out.",
        ));
    }
    Ok(Some(Sent {
        message: messages::one(app, message_id).await?,
        interaction: summaries::summary_for(app, interaction_id, agent_id).await?,
    }))
}

/// Threading of an answer: the message answered and the References chain up to it.
struct Threading {
    parent: Option<String>,
    references: Vec<String>,
}

impl Threading {
    /// A message that starts a conversation (a forward, a new email).
    fn none() -> Self {
        Threading {
            parent: None,
            references: vec![],
        }
    }
}

async fn threading(
    app: &AppState,
    interaction_id: i64,
    answered: Option<i64>,
) -> Result<Threading, ApiError> {
    let emails: Vec<(i64, Option<String>, String)> = sqlx::query_as(
        "SELECT id, message_id, direction FROM messages WHERE interaction_id = ? AND kind = 'email' \
         ORDER BY sent_at, id",
    )
    .bind(interaction_id)
    .fetch_all(&app.db)
    .await?;
    let position = match answered {
        Some(id) => Some(
            emails
                .iter()
                .position(|(m, _, _)| *m == id)
                .ok_or_else(|| {
                    ApiError::validation(
                        "in_reply_to",
                        "That message is not part of this interaction.",
                    )
                })?,
        ),
        None => emails
            .iter()
            .rposition(|(_, _, direction)| direction == "inbound")
            .or(emails.len().checked_sub(1)),
    };
    let Some(position) = position else {
        return Ok(Threading::none());
    };
    let mut references: Vec<String> = emails[..=position]
        .iter()
        .filter_map(|(_, id, _)| id.clone())
        .collect();
    let keep_from = references.len().saturating_sub(20);
    references.drain(..keep_from);
    Ok(Threading {
        parent: emails[position].1.clone(),
        references,
    })
}

/// Builds, stores (with the idempotency key, in one insert) and delivers the email.
async fn store_and_deliver(
    app: &AppState,
    agent_id: i64,
    interaction_id: i64,
    checked: Checked,
    threading: Threading,
    key: Option<Keyed>,
) -> Result<Message, ApiError> {
    let files: Vec<OutgoingFile> = checked
        .files
        .iter()
        .map(|file| OutgoingFile {
            filename: file.filename.clone(),
            content_type: file.content_type.clone(),
            bytes: file.bytes.clone(),
        })
        .collect();
    let built = outbound::build(&Draft {
        from: &checked.account,
        to: &checked.to,
        cc: &checked.cc,
        bcc: &checked.bcc,
        subject: &checked.subject,
        text: &checked.text,
        html: checked.html.as_deref(),
        files: &files,
        in_reply_to: threading.parent.as_deref(),
        references: &threading.references,
    })?;
    let stored = messages::insert(
        app,
        NewMessage {
            author_agent_id: Some(agent_id),
            to: addresses(&checked.to),
            cc: addresses(&checked.cc),
            bcc: addresses(&checked.bcc),
            subject: Some(checked.subject.clone()),
            message_id: Some(built.message_id.clone()),
            in_reply_to: threading.parent.clone(),
            body_html: checked.html.clone(),
            raw: Some(built.kept.clone()),
            attachments: checked.files,
            account_id: Some(checked.account.id),
            idempotency_key: key.as_ref().map(|key| key.key.clone()),
            idempotency_fingerprint: key.as_ref().map(|key| key.fingerprint.clone()),
            ..NewMessage::new(
                interaction_id,
                Direction::Outbound,
                MessageKind::Email,
                outbound::sender(&checked.account),
                checked.text.clone(),
            )
        },
    )
    .await;
    let message_id = match stored {
        Ok(id) => id,
        // The same key raced in twice: the first one stored wins, and only it is sent.
        Err(error) if key.is_some() => {
            if let Some(sent) = replayed(app, agent_id, key.as_ref()).await? {
                return Ok(sent.message);
            }
            return Err(error);
        }
        Err(error) => return Err(error),
    };
    uploads::consumed(app, &checked.upload_ids).await?;
    let sent = delivery::first_attempt(app, message_id, &built).await?;
    sqlx::query("UPDATE interactions SET awaiting_reply_since = NULL WHERE id = ?")
        .bind(interaction_id)
        .execute(&app.db)
        .await?;
    Ok(sent)
}

/// After a send: sub-status, then wrap-up (or straight to open/closed).
async fn move_on(
    app: &AppState,
    interaction_id: i64,
    agent_id: i64,
    then: AfterSend,
    sub_status: Option<&str>,
) -> Result<InteractionSummary, ApiError> {
    let _guard = app.work.lock().await;
    if then == AfterSend::Open {
        if let Some(label) = sub_status {
            sqlx::query("UPDATE interactions SET sub_status = ? WHERE id = ?")
                .bind(label)
                .bind(interaction_id)
                .execute(&app.db)
                .await?;
        }
    }
    let summary = summaries::summary(app, interaction_id).await?;
    if matches!(
        summary.state,
        InteractionState::Active | InteractionState::Open
    ) {
        interactions::finish(app, &summary, then == AfterSend::Open).await?;
    }
    summaries::summary_for(app, interaction_id, agent_id).await
}

/// Reply / Reply all, then Send, Send as, or Send and Close.
pub async fn reply(
    app: &AppState,
    agent_id: i64,
    key: Option<String>,
    id: i64,
    request: ReplyRequest,
) -> Result<SendOutcome, ApiError> {
    let key = key.map(|key| Keyed::new(key, "reply", id, &request));
    if let Some(sent) = replayed(app, agent_id, key.as_ref()).await? {
        return Ok(SendOutcome { sent, first: false });
    }
    let summary = summaries::summary(app, id).await?;
    interactions::workable_by(&summary, agent_id)?;
    if let Some(label) = &request.sub_status {
        interactions::check_sub_status(app, label).await?;
    }
    let checked = check(app, agent_id, &request.email, true).await?;
    let threading = threading(app, id, request.in_reply_to).await?;
    let message = store_and_deliver(app, agent_id, id, checked, threading, key).await?;
    let interaction = move_on(
        app,
        id,
        agent_id,
        request.then,
        request.sub_status.as_deref(),
    )
    .await?;
    Ok(SendOutcome {
        sent: Sent {
            message,
            interaction,
        },
        first: true,
    })
}

/// The forwarded message under the agent's comment, as mail clients lay it out.
fn forwarded_text(comment: &str, original: &Message, text: &str) -> String {
    let list = |addresses: &[EmailAddress]| {
        addresses
            .iter()
            .map(|a| a.address.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!(
        "{comment}\n\n---------- Forwarded message ---------\nFrom: {} <{}>\nSubject: {}\nTo: {}\n\n{}",
        original.from.name.as_deref().unwrap_or_default(),
        original.from.address,
        original.subject.as_deref().unwrap_or_default(),
        list(&original.to),
        text
    )
}

fn forwarded_html(
    comment_html: &str,
    original: &Message,
    text: &str,
    html: Option<&str>,
) -> String {
    let header = format!(
        "<p>---------- Forwarded message ---------<br>From: {} &lt;{}&gt;<br>Subject: {}</p>",
        escape(original.from.name.as_deref().unwrap_or_default()),
        escape(&original.from.address),
        escape(original.subject.as_deref().unwrap_or_default()),
    );
    let body = match html {
        Some(html) => inner_body(html).to_owned(),
        None => format!("<pre style=\"white-space:pre-wrap\">{}</pre>", escape(text)),
    };
    markdown::email_document(&format!(
        "{comment_html}{header}<blockquote>{body}</blockquote>"
    ))
}

/// The content of `<body>` when the HTML is a whole document.
fn inner_body(html: &str) -> &str {
    let lower = html.to_ascii_lowercase();
    let start = lower
        .find("<body")
        .and_then(|at| lower[at..].find('>').map(|end| at + end + 1));
    let end = lower.rfind("</body>");
    match (start, end) {
        (Some(start), Some(end)) if start <= end => &html[start..end],
        _ => html,
    }
}

/// The message and its files to outside addresses; the
/// interaction stays with its customer.
pub async fn forward(
    app: &AppState,
    agent_id: i64,
    key: Option<String>,
    id: i64,
    request: ForwardRequest,
) -> Result<SendOutcome, ApiError> {
    let key = key.map(|key| Keyed::new(key, "forward", id, &request));
    if let Some(sent) = replayed(app, agent_id, key.as_ref()).await? {
        return Ok(SendOutcome { sent, first: false });
    }
    let summary = summaries::summary(app, id).await?;
    interactions::workable_by(&summary, agent_id)?;
    let original = messages::one(app, request.message_id).await?;
    if original.interaction_id != id {
        return Err(ApiError::validation(
            "message_id",
            "That message is not part of this interaction.",
        ));
    }
    let subject = original.subject.clone().unwrap_or_default();
    let subject = if subject.to_ascii_lowercase().starts_with("fwd:") {
        subject
    } else {
        format!("Fwd: {subject}")
    };
    let email = OutgoingEmail {
        account_id: request.account_id,
        to: request.to.clone(),
        cc: request.cc.clone(),
        bcc: vec![],
        subject,
        body: request.comment.clone(),
        format: request.format,
        upload_ids: request.upload_ids.clone(),
    };
    let mut checked = check(app, agent_id, &email, false).await?;
    let (text, html) = messages::stored_bodies(app, original.id).await?;
    checked.text = forwarded_text(&request.comment, &original, &text);
    if request.format == MailFormat::Html {
        checked.html = Some(forwarded_html(
            &markdown::to_html(&request.comment),
            &original,
            &text,
            html.as_deref(),
        ));
    }
    let mut files = Vec::new();
    for attachment in &original.attachments {
        let file: String = sqlx::query_scalar("SELECT file FROM attachments WHERE id = ?")
            .bind(attachment.id)
            .fetch_one(&app.db)
            .await?;
        files.push(NewAttachment {
            filename: attachment.filename.clone(),
            content_type: attachment.content_type.clone(),
            content_id: None,
            inline: false,
            bytes: tokio::fs::read(app.config.files().join(file))
                .await
                .map_err(ApiError::internal)?,
        });
    }
    files.append(&mut checked.files);
    checked.files = files;
    let message = store_and_deliver(app, agent_id, id, checked, Threading::none(), key).await?;
    let interaction = move_on(app, id, agent_id, request.then, None).await?;
    Ok(SendOutcome {
        sent: Sent {
            message,
            interaction,
        },
        first: true,
    })
}

/// The case number as agents type it ("cs-000042 " → "CS-000042"), if a case has it.
async fn existing_case(app: &AppState, typed: &str) -> Result<String, ApiError> {
    let number = typed.trim().to_uppercase();
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM interactions WHERE COALESCE(case_number, printf('CS-%06d', id)) = ? LIMIT 1",
    )
    .bind(&number)
    .fetch_optional(&app.db)
    .await?;
    found
        .map(|_| number.clone())
        .ok_or_else(|| ApiError::validation("case_number", format!("There is no case {number}.")))
}

/// A new email from "Add interaction → Email" (the agent is Busy while
/// writing it), optionally a follow-up on an existing case.
pub async fn new_email(
    app: &AppState,
    agent_id: i64,
    key: Option<String>,
    request: NewEmailRequest,
) -> Result<SendOutcome, ApiError> {
    let key = key.map(|key| Keyed::new(key, "new", 0, &request));
    if let Some(sent) = replayed(app, agent_id, key.as_ref()).await? {
        return Ok(SendOutcome { sent, first: false });
    }
    let case_number = match request
        .case_number
        .as_deref()
        .filter(|c| !c.trim().is_empty())
    {
        Some(typed) => Some(existing_case(app, typed).await?),
        None => None,
    };
    let checked = check(app, agent_id, &request.email, true).await?;
    let customer = mail_ingest::customer_for(
        app,
        &EmailAddress {
            name: None,
            address: checked.to[0].to_lowercase(),
        },
    )
    .await?;
    let now = now_ms();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO interactions (queue_id, channel, customer_id, subject, first_message, state, agent_id, \
         created_at, accepted_at, case_number) VALUES (?, 'email', ?, ?, ?, 'active', ?, ?, ?, ?) RETURNING id",
    )
    .bind(checked.account.queue_id)
    .bind(customer)
    .bind(&checked.subject)
    .bind(summaries::preview_of(&checked.text))
    .bind(agent_id)
    .bind(now)
    .bind(now)
    .bind(&case_number)
    .fetch_one(&app.db)
    .await?;
    status::busy_after_accept(app, agent_id, Channel::Email).await?;
    let message = store_and_deliver(app, agent_id, id, checked, Threading::none(), key).await?;
    let interaction = move_on(app, id, agent_id, AfterSend::Open, None).await?;
    Ok(SendOutcome {
        sent: Sent {
            message,
            interaction,
        },
        first: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_of_a_whole_document_is_found() {
        assert_eq!(
            inner_body("<html><BODY class=x>Hi <b>there</b></body></html>"),
            "Hi <b>there</b>"
        );
        assert_eq!(inner_body("<p>fragment</p>"), "<p>fragment</p>");
    }
}
