//! Messages of an interaction's thread: emails both ways, chat lines, internal notes.

use serde::{Deserialize, Serialize};

/// Most messages one page of a thread holds (`GET /interactions/{id}/messages?limit=`);
/// earlier ones come page by page with `before`.
pub const THREAD_PAGE_MAX: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmailAddress {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub address: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Inbound,
    Outbound,
}

crate::wire_words!(Direction {
    Inbound => "inbound",
    Outbound => "outbound",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MessageKind {
    Email,
    Chat,
    /// Internal, never sent to the customer.
    Note,
    /// Automatic answers; they do not count as the last message.
    AutoReply,
}

crate::wire_words!(MessageKind {
    Email => "email",
    Chat => "chat",
    Note => "note",
    AutoReply => "auto_reply",
});

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
    /// The plain text, split where the quoted history begins.
    pub text: TextBody,
    /// The HTML body as the backend prepared it for a sandboxed frame: nothing in it acts or
    /// fetches by itself (remote resources held, see [`HtmlBody`]), the quote split off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub html: Option<HtmlBody>,
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
    /// Outbound email the transport has not taken yet, and no try has failed: it is being
    /// handed over now, or waits for the server's delivery worker (after a restart).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sending: bool,
    /// Whether the raw source is kept (`GET /api/v1/messages/{id}/source`).
    pub has_source: bool,
    /// Id of the event that announced its last change (docs/api.md, "Versions").
    #[serde(default)]
    pub version: u64,
}

/// A plain-text body: what the sender wrote now, and the quoted history below it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextBody {
    pub fresh: String,
    /// "On … wrote:" and the `>` lines after it, shown behind "Show trimmed content".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quoted: Option<String>,
}

impl TextBody {
    /// The whole text again (fresh, then the quote).
    pub fn whole(&self) -> String {
        match &self.quoted {
            Some(quoted) => format!("{}\n\n{quoted}", self.fresh),
            None => self.fresh.clone(),
        }
    }
}

/// Placeholder of a held remote resource: `data:,omni-held-3` stands where the document
/// referred to `held[3]`. A `data:` URL, so it loads nothing and breaks no policy.
pub const HELD_PREFIX: &str = "data:,omni-held-";

/// An HTML body prepared by the backend. `fresh` and `quoted` are consecutive parts of one
/// document (show `fresh`, or `fresh` followed by `quoted`). Every reference to a remote
/// resource (images, `srcset`, stylesheets, backgrounds, `@import`, fonts) is replaced by
/// [`HELD_PREFIX`] and its index in `held`, which keeps the original text (escaped for where
/// it stood); "Show images" puts them back. Scripts, event handlers, `<meta>`, `<base>`,
/// frames and plugins are gone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HtmlBody {
    pub fresh: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quoted: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub held: Vec<String>,
}

/// Where an address stood on an email: To, CC, or not visible at all (BCC).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecipientRole {
    To,
    Cc,
    Bcc,
}

crate::wire_words!(RecipientRole {
    To => "to",
    Cc => "cc",
    Bcc => "bcc",
});

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
