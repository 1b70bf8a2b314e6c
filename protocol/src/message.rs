//! Messages of an interaction's thread: emails both ways, chat lines, internal notes.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAddress {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub address: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    Inbound,
    Outbound,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MessageKind {
    Email,
    Chat,
    /// Internal, never sent to the customer.
    Note,
    /// Automatic answers; they do not count as the last message.
    AutoReply,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attachment {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: u64,
    /// `cid:` reference for images shown inside an HTML body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_id: Option<String>,
    pub inline: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: i64,
    pub interaction_id: i64,
    pub direction: Direction,
    pub kind: MessageKind,
    pub from: EmailAddress,
    #[serde(default)]
    pub to: Vec<EmailAddress>,
    #[serde(default)]
    pub cc: Vec<EmailAddress>,
    #[serde(default)]
    pub bcc: Vec<EmailAddress>,
    #[serde(default)]
    pub reply_to: Vec<EmailAddress>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    pub sent_at: i64,
    pub body_text: String,
    /// The sender's HTML, untouched: render it only in a sandboxed frame.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body_html: Option<String>,
    #[serde(default)]
    pub attachments: Vec<Attachment>,
    /// For inbound email: how it reached the account of the interaction's queue. `Cc` or
    /// `Bcc` means the customer wrote to someone else and only copied us.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_as: Option<RecipientRole>,
    /// Outbound email the mail server did not take (yet), with its reason.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_error: Option<String>,
    /// While `delivery_error` is set: when the server tries again (ms). Absent with an
    /// error: the server gave up.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery_retry_at: Option<i64>,
    /// Whether the raw source is kept (`GET /api/v1/messages/{id}/source`).
    pub has_source: bool,
}

/// Where an address stood on an email: To, CC, or not visible at all (BCC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecipientRole {
    To,
    Cc,
    Bcc,
}

impl RecipientRole {
    pub fn as_str(self) -> &'static str {
        match self {
            RecipientRole::To => "to",
            RecipientRole::Cc => "cc",
            RecipientRole::Bcc => "bcc",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "to" => Some(RecipientRole::To),
            "cc" => Some(RecipientRole::Cc),
            "bcc" => Some(RecipientRole::Bcc),
            _ => None,
        }
    }
}

/// An email account (PRODUCT B8): the address a queue receives at and agents send from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAccount {
    pub id: i64,
    /// Short code agents know the account by, e.g. `SUPPORT`.
    pub key: String,
    /// Display name in From.
    pub name: String,
    pub address: String,
    pub queue_id: i64,
}
