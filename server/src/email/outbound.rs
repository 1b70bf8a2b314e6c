//! Outgoing email as real MIME (lettre's builder) and its delivery: by SMTP when
//! `OMNI_SMTP_URL` is set, otherwise as `.eml` files in the outbox folder (the demo and the
//! tests read them back).

use lettre::{
    address::Envelope,
    message::{header::ContentType, Attachment, Mailbox, MultiPart, SinglePart},
    Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor,
};
use omni_protocol::{EmailAccount, EmailAddress};
use rand::Rng;

use crate::{config::Config, error::ApiError};

/// A file going out with a message.
pub struct OutgoingFile {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Everything a MIME message is built from.
pub struct Draft<'a> {
    pub from: &'a EmailAccount,
    pub to: &'a [String],
    pub cc: &'a [String],
    pub bcc: &'a [String],
    pub subject: &'a str,
    pub text: &'a str,
    /// A whole HTML document, or none for plain-text mail.
    pub html: Option<&'a str>,
    pub files: &'a [OutgoingFile],
    /// Message-IDs without angle brackets.
    pub in_reply_to: Option<&'a str>,
    pub references: &'a [String],
}

/// A built message: the bytes for the wire (no Bcc header), the copy we keep (with Bcc, as
/// a Sent folder shows it), its envelope and Message-ID.
pub struct Built {
    pub wire: Vec<u8>,
    pub kept: Vec<u8>,
    pub envelope: Envelope,
    pub message_id: String,
}

/// A fresh Message-ID (without brackets) in the account's domain.
pub fn new_message_id(account: &EmailAccount) -> String {
    let domain = account
        .address
        .rsplit_once('@')
        .map_or("omni-desk.invalid", |(_, domain)| domain);
    let token: u128 = rand::thread_rng().gen();
    format!("{token:032x}@{domain}")
}

fn mailbox(address: &str, field: &str) -> Result<Mailbox, ApiError> {
    omni_protocol::check_address(address)
        .map_err(|message| ApiError::validation(field, message))?;
    let parsed: Address = address.trim().parse().map_err(|_| {
        ApiError::validation(field, format!("\"{address}\" is not an email address."))
    })?;
    Ok(Mailbox::new(None, parsed))
}

fn content_type(text: &str) -> ContentType {
    ContentType::parse(text).unwrap_or(ContentType::parse("application/octet-stream").unwrap())
}

/// Builds the MIME message: text (and HTML as multipart/alternative), files as
/// multipart/mixed, threading headers, a Message-ID in the account's domain.
pub fn build(draft: &Draft<'_>) -> Result<Built, ApiError> {
    let from_address: Address = draft
        .from
        .address
        .parse()
        .map_err(|_| ApiError::internal("the account's address does not parse"))?;
    let message_id = new_message_id(draft.from);
    let mut builder = lettre::Message::builder()
        .from(Mailbox::new(Some(draft.from.name.clone()), from_address))
        .subject(draft.subject)
        .message_id(Some(format!("<{message_id}>")))
        .date_now()
        .user_agent("Omni Desk".into());
    for to in draft.to {
        builder = builder.to(mailbox(to, "to")?);
    }
    for cc in draft.cc {
        builder = builder.cc(mailbox(cc, "cc")?);
    }
    for bcc in draft.bcc {
        builder = builder.bcc(mailbox(bcc, "bcc")?);
    }
    if let Some(parent) = draft.in_reply_to {
        builder = builder.in_reply_to(format!("<{parent}>"));
    }
    if !draft.references.is_empty() {
        let chain: Vec<String> = draft
            .references
            .iter()
            .map(|id| format!("<{id}>"))
            .collect();
        builder = builder.references(chain.join(" "));
    }

    let text_part = SinglePart::plain(draft.text.to_owned());
    let body = match draft.html {
        Some(html) => MultiPart::alternative()
            .singlepart(text_part)
            .singlepart(SinglePart::html(html.to_owned())),
        None if draft.files.is_empty() => {
            return finish(builder, message_id, |b| b.singlepart(text_part.clone()));
        }
        None => MultiPart::mixed().singlepart(text_part),
    };
    let body = if draft.files.is_empty() {
        body
    } else {
        let mut mixed = if draft.html.is_some() {
            MultiPart::mixed().multipart(body)
        } else {
            body
        };
        for file in draft.files {
            mixed = mixed.singlepart(
                Attachment::new(file.filename.clone())
                    .body(file.bytes.clone(), content_type(&file.content_type)),
            );
        }
        mixed
    };
    finish(builder, message_id, |b| b.multipart(body.clone()))
}

fn finish(
    builder: lettre::message::MessageBuilder,
    message_id: String,
    body: impl Fn(lettre::message::MessageBuilder) -> Result<lettre::Message, lettre::error::Error>,
) -> Result<Built, ApiError> {
    let wire = body(builder.clone()).map_err(|e| ApiError::validation("to", e.to_string()))?;
    let kept = body(builder.keep_bcc()).map_err(|e| ApiError::validation("to", e.to_string()))?;
    Ok(Built {
        envelope: wire.envelope().clone(),
        wire: wire.formatted(),
        kept: kept.formatted(),
        message_id,
    })
}

/// The From address of a built message, as the thread shows it.
pub fn sender(account: &EmailAccount) -> EmailAddress {
    EmailAddress {
        name: Some(account.name.clone()),
        address: account.address.clone(),
    }
}

/// Hands the message over: to the SMTP server, or into the outbox folder as
/// `<message-id>.eml` beside `<message-id>.envelope.json`.
pub async fn deliver(config: &Config, built: &Built) -> Result<(), String> {
    deliver_wire(config, &built.envelope, &built.wire, &built.message_id).await
}

/// [`deliver`] for bytes already built (a retry).
pub async fn deliver_wire(
    config: &Config,
    envelope: &Envelope,
    wire: &[u8],
    message_id: &str,
) -> Result<(), String> {
    if let Some(url) = &config.smtp_url {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("OMNI_SMTP_URL: {e}"))?
            .build();
        transport
            .send_raw(envelope, wire)
            .await
            .map_err(|e| format!("SMTP: {e}"))?;
        return Ok(());
    }
    let dir = config.outbox();
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| format!("outbox {}: {e}", dir.display()))?;
    let name: String = message_id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let envelope = serde_json::json!({
        "from": envelope.from().map(|a| a.to_string()),
        "to": envelope.to().iter().map(|a| a.to_string()).collect::<Vec<_>>(),
    });
    let partial = dir.join(format!("{name}.eml.partial"));
    tokio::fs::write(&partial, wire)
        .await
        .map_err(|e| format!("outbox: {e}"))?;
    tokio::fs::write(
        dir.join(format!("{name}.envelope.json")),
        envelope.to_string(),
    )
    .await
    .map_err(|e| format!("outbox: {e}"))?;
    // The .eml appears whole or not at all, for whoever watches the folder.
    tokio::fs::rename(&partial, dir.join(format!("{name}.eml")))
        .await
        .map_err(|e| format!("outbox: {e}"))
}
