//! Sending email (PRODUCT B2, B3, B6, B7, B9): replies, forwards and new emails are checked,
//! built as MIME, stored with their files, delivered, and move the interaction on. A retried
//! send with the same `Idempotency-Key` returns the first result and sends nothing.

use omni_protocol::{
    compose::MAX_BODY_CHARS, AfterSend, Channel, Direction, EmailAccount, EmailAddress,
    ForwardRequest, MailFormat, Message, MessageKind, NewEmailRequest, OutgoingEmail, ReplyRequest,
    Sent,
};
use sha2::{Digest, Sha256};

use crate::{
    clock::now_ms,
    db::interactions::{self as db_interactions, Contact},
    db::messages as db_messages,
    db::queues,
    email::delivery,
    email::email_accounts,
    email::mail_ingest,
    email::outbound::{self, Built, Draft, OutgoingFile},
    error::ApiError,
    fault,
    text::markdown::{self, escape},
    work::interactions,
    work::messages::{self, NewAttachment, NewMessage},
    work::permissions,
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
    let found = db_messages::keyed(app, agent_id, &key.key).await?;
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
    let emails = db_messages::emails_of(app, interaction_id).await?;
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

/// A send built and its files written: everything the transaction needs.
struct Ready {
    message: NewMessage,
    written: messages::Written,
    built: Built,
    upload_ids: Vec<i64>,
    account_queue: i64,
}

/// Builds the MIME and writes the message's files, before any lock is taken.
async fn prepare(
    app: &AppState,
    agent_id: i64,
    checked: Checked,
    threading: Threading,
    key: Option<&Keyed>,
) -> Result<Ready, ApiError> {
    uploads::check_total(&checked.files)?;
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
    let message = NewMessage {
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
        idempotency_key: key.map(|key| key.key.clone()),
        idempotency_fingerprint: key.map(|key| key.fingerprint.clone()),
        // The interaction is known inside the transaction.
        ..NewMessage::new(
            0,
            Direction::Outbound,
            MessageKind::Email,
            outbound::sender(&checked.account),
            checked.text.clone(),
        )
    };
    let written = messages::write_files(app, &message).await?;
    Ok(Ready {
        message,
        written,
        built,
        upload_ids: checked.upload_ids,
        account_queue: checked.account.queue_id,
    })
}

/// Where a send goes, and what it does to its interaction.
enum Target {
    /// A reply or forward in interaction `id`, which must still be the agent's to write in.
    /// Afterwards the interaction goes to wrap-up, or `open` with `keep_open` (and the
    /// sub-status), or closed.
    Existing {
        id: i64,
        keep_open: bool,
        sub_status: Option<String>,
    },
    /// A new email: its interaction is created with it, then waits for the customer.
    New {
        contact: Contact,
        case_number: Option<String>,
    },
}

/// Stores the send and moves its interaction on, in one transaction under the work lock; then
/// tells every desk and hands the mail to the transport. Runs as its own task, so a client
/// that hangs up cannot stop it halfway.
async fn commit(
    app: &AppState,
    agent_id: i64,
    target: Target,
    ready: Ready,
    key: Option<Keyed>,
) -> Result<SendOutcome, ApiError> {
    let app = app.clone();
    tokio::spawn(async move { commit_task(&app, agent_id, target, ready, key).await })
        .await
        .map_err(ApiError::internal)?
}

async fn commit_task(
    app: &AppState,
    agent_id: i64,
    target: Target,
    ready: Ready,
    key: Option<Keyed>,
) -> Result<SendOutcome, ApiError> {
    let guard = app.work.lock().await;
    // Under the lock: of two requests with one key, the second sees what the first stored.
    if let Some(sent) = replayed(app, agent_id, key.as_ref()).await? {
        return Ok(SendOutcome { sent, first: false });
    }
    let Ready {
        mut message,
        written,
        built,
        upload_ids,
        account_queue,
    } = ready;
    // Everything read from other connections is read before the transaction writes: it then
    // never holds the write lock while it waits for a pooled connection.
    let existing = match &target {
        Target::Existing { id, .. } => {
            // Checked again under the lock: after one send ends the work, the next is a 409.
            let summary = summaries::summary(app, *id).await?;
            permissions::workable_by(&summary, agent_id)?;
            Some(summary)
        }
        Target::New { .. } => None,
    };
    let queue_id = existing.as_ref().map_or(account_queue, |s| s.queue_id);
    let queue = queues::queue(app, queue_id)
        .await?
        .ok_or_else(|| ApiError::internal("queue vanished"))?;
    let mut tx = crate::db::write(&app.db).await?;
    let (interaction_id, keep_open, is_new) = match target {
        Target::Existing {
            id,
            keep_open,
            sub_status,
        } => {
            if let Some(label) = sub_status.filter(|_| keep_open) {
                db_interactions::set_sub_status_in(&mut tx, id, &label).await?;
            }
            (id, keep_open, false)
        }
        Target::New {
            contact,
            case_number,
        } => {
            let now = now_ms();
            let id = db_interactions::insert_new_email(
                &mut tx,
                account_queue,
                &contact,
                message.subject.as_deref(),
                &crate::text::preview_of(&message.body_text),
                agent_id,
                now,
                case_number.as_deref(),
            )
            .await?;
            (id, true, true)
        }
    };
    message.interaction_id = interaction_id;
    let message_id = messages::insert_rows(&mut tx, &message, written).await?;
    delivery::enqueue(&mut tx, message_id, &built).await?;
    uploads::consume(&mut tx, agent_id, &upload_ids).await?;
    db_interactions::answered(&mut tx, interaction_id).await?;
    let ended =
        interactions::end_rows(&mut tx, interaction_id, agent_id, &queue, keep_open).await?;
    tx.commit().await?;
    fault::crash_if("after_send_commit");
    // The send happened: what follows tells desks and moves the agent's status on. A failure
    // there is logged and the rest still runs; the agent gets the stored send either way.
    let after_commit = async {
        if is_new {
            // Writing a new email made the agent Busy; the end below frees them again.
            status::busy_after_accept(app, agent_id, Channel::Email).await?;
        }
        messages::announce(app, message_id, true).await?;
        interactions::after_end(app, &ended).await?;
        Ok::<_, ApiError>(())
    };
    if let Err(error) = after_commit.await {
        tracing::error!(
            ?error,
            message_id,
            "a stored send was not announced in full"
        );
    }
    drop(guard);
    if let Err(error) = delivery::deliver_now(app, message_id).await {
        // The job stays due: the delivery worker sends it.
        tracing::warn!(
            ?error,
            message_id,
            "first delivery try failed; the worker will retry"
        );
    }
    Ok(SendOutcome {
        sent: Sent {
            message: messages::one(app, message_id).await?,
            interaction: summaries::summary_for(app, interaction_id, agent_id).await?,
        },
        first: true,
    })
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
    permissions::workable_by(&summary, agent_id)?;
    if let Some(label) = &request.sub_status {
        interactions::check_sub_status(app, label).await?;
    }
    let checked = check(app, agent_id, &request.email, true).await?;
    let threading = threading(app, id, request.in_reply_to).await?;
    let ready = prepare(app, agent_id, checked, threading, key.as_ref()).await?;
    let target = Target::Existing {
        id,
        keep_open: request.then == AfterSend::Open,
        sub_status: request.sub_status,
    };
    commit(app, agent_id, target, ready, key).await
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
    permissions::workable_by(&summary, agent_id)?;
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
        let (_, _, file) = db_messages::attachment(app, attachment.id)
            .await?
            .ok_or_else(|| ApiError::not_found("No such attachment."))?;
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
    let ready = prepare(app, agent_id, checked, Threading::none(), key.as_ref()).await?;
    let target = Target::Existing {
        id,
        keep_open: request.then == AfterSend::Open,
        sub_status: None,
    };
    commit(app, agent_id, target, ready, key).await
}

/// The case number as agents type it ("cs-000042 " → "CS-000042"), if a case has it.
async fn existing_case(app: &AppState, typed: &str) -> Result<String, ApiError> {
    let number = typed.trim().to_uppercase();
    let found = db_interactions::case_exists(app, &number)
        .await?
        .then_some(());
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
    let contact = mail_ingest::contact_for(
        app,
        &EmailAddress {
            name: None,
            address: checked.to[0].to_lowercase(),
        },
    )
    .await?;
    let ready = prepare(app, agent_id, checked, Threading::none(), key.as_ref()).await?;
    let target = Target::New {
        contact,
        case_number,
    };
    commit(app, agent_id, target, ready, key).await
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
