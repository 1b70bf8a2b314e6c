//! Writing to customers (PRODUCT B2–B10, B12, B14): outgoing email, forwards, internal notes,
//! uploads, and what happens to the interaction afterwards.

use serde::{Deserialize, Serialize};

use crate::{InteractionSummary, Message};

/// Largest file an agent may attach (the manuals' 15 MB).
pub const MAX_ATTACHMENT_BYTES: u64 = 15 * 1024 * 1024;
/// Longest email address (RFC 5321 path limit).
pub const MAX_ADDRESS_CHARS: usize = 254;
/// Longest body the composer sends.
pub const MAX_BODY_CHARS: usize = 200_000;

/// How the body is written and sent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum MailFormat {
    /// Markdown, sent as HTML plus a plain-text part.
    #[default]
    Html,
    /// Plain text only.
    Plain,
}

crate::wire_words!(MailFormat {
    Html => "html",
    Plain => "plain",
});

/// What the agent writes: account, recipients, subject, body, files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutgoingEmail {
    /// One of `GET /email-accounts`.
    pub account_id: i64,
    pub to: Vec<String>,
    #[serde(default)]
    pub cc: Vec<String>,
    #[serde(default)]
    pub bcc: Vec<String>,
    pub subject: String,
    /// Markdown for `html`, the text itself for `plain`.
    pub body: String,
    #[serde(default)]
    pub format: MailFormat,
    /// Files uploaded with `POST /uploads`, attached in this order.
    #[serde(default)]
    pub upload_ids: Vec<i64>,
}

/// After sending: the interaction stays open (optionally with a sub-status) or closes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum AfterSend {
    #[default]
    Open,
    Close,
}

crate::wire_words!(AfterSend {
    Open => "open",
    Close => "close",
});

/// `POST /interactions/{id}/replies`: Reply and Reply all (the desk fills the recipients).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyRequest {
    #[serde(flatten)]
    pub email: OutgoingEmail,
    /// The message answered, for threading; default the newest customer email.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<i64>,
    #[serde(default)]
    pub then: AfterSend,
    /// With `open`: "Send as" this sub-status (one of the profile's `sub_statuses`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sub_status: Option<String>,
}

/// `POST /interactions/{id}/forwards`: a message, its files included, to outside addresses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForwardRequest {
    pub account_id: i64,
    /// The message forwarded.
    pub message_id: i64,
    pub to: Vec<String>,
    #[serde(default)]
    pub cc: Vec<String>,
    /// What the agent writes above the forwarded message.
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub format: MailFormat,
    #[serde(default)]
    pub upload_ids: Vec<i64>,
    #[serde(default)]
    pub then: AfterSend,
}

/// `POST /emails`: a new email (B6), or a follow-up on a case (B7).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEmailRequest {
    #[serde(flatten)]
    pub email: OutgoingEmail,
    /// The case (MainNumber) this mail follows up; it then shows on that case's timeline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<String>,
}

/// What a send answers: the stored message and the interaction after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sent {
    pub message: Message,
    pub interaction: InteractionSummary,
}

/// `POST /interactions/{id}/notes`: an internal note, never sent out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRequest {
    pub body: String,
    #[serde(default)]
    pub upload_ids: Vec<i64>,
}

/// `PUT /interactions/{id}/sub-status`; `null` clears it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SubStatusRequest {
    pub sub_status: Option<String>,
}

/// `POST /interactions/{id}/transfer`: to exactly one queue or one agent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queue_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_id: Option<i64>,
    /// Transfer even though nobody is logged in to the queue (the agent chose Continue).
    #[serde(default)]
    pub confirm_empty_queue: bool,
}

/// `POST /interactions/{id}/close`: Close, or Close & Dispose with a leaf disposition.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CloseRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disposition_id: Option<i64>,
}

/// A file uploaded for a message or note, not yet sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Upload {
    pub id: i64,
    pub filename: String,
    pub content_type: String,
    pub size: u64,
}

/// A prepared text the agent can insert (canned answer / knowledge-base snippet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CannedAnswer {
    pub id: i64,
    pub title: String,
    /// Markdown.
    pub body: String,
}

/// An agent a transfer may go to: online and not paused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TransferTarget {
    pub agent_id: i64,
    pub display_name: String,
}

/// Checks one email address the way both the desk and the server do, with the sentence
/// the agent sees when it is wrong.
pub fn check_address(address: &str) -> Result<(), String> {
    let address = address.trim();
    if address.is_empty() {
        return Err("An address is empty.".into());
    }
    if address.chars().count() > MAX_ADDRESS_CHARS {
        return Err(format!(
            "\"{}…\" is longer than {MAX_ADDRESS_CHARS} characters.",
            address.chars().take(24).collect::<String>()
        ));
    }
    let bad = || Err(format!("\"{address}\" is not an email address."));
    let Some((local, domain)) = address.rsplit_once('@') else {
        return bad();
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| is_word_char(c) || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.chars().count() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| is_word_char(c) || c == '-')
        });
    if local_ok && domain_ok {
        Ok(())
    } else {
        bad()
    }
}

/// Splits what the agent typed in a recipient field (commas, semicolons, spaces) into
/// addresses.
/// A letter or digit of an address: ASCII ones, and any character beyond ASCII that is no
/// space or control (international addresses, RFC 6531; the mail server judges the rest).
/// Without Unicode's letter tables, which would cost the desk's wasm several KB.
fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || (!c.is_ascii() && !c.is_whitespace() && !c.is_control())
}

pub fn split_addresses(field: &str) -> Vec<String> {
    field
        .split([',', ';', ' ', '\n', '\t'])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_checked_with_a_readable_reason() {
        for good in [
            "maria.rossi@example.com",
            "o'brien+orders@mail.example.co.uk",
            "jürgen@müller.example",
        ] {
            assert_eq!(check_address(good), Ok(()), "{good}");
        }
        for bad in [
            "maria",
            "maria@",
            "@example.com",
            "maria@example",
            "ma..ria@example.com",
            "maria@-example.com",
            "maria rossi@example.com",
        ] {
            let reason = check_address(bad).unwrap_err();
            assert!(
                reason.contains("is not an email address"),
                "{bad}: {reason}"
            );
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert!(check_address(&long)
            .unwrap_err()
            .contains("longer than 254 characters"));
        assert_eq!(check_address(" ").unwrap_err(), "An address is empty.");
    }

    #[test]
    fn recipient_fields_split_on_commas_semicolons_and_spaces() {
        assert_eq!(
            split_addresses(" a@x.example, b@y.example;c@z.example  "),
            ["a@x.example", "b@y.example", "c@z.example"]
        );
        assert!(split_addresses(" , ").is_empty());
    }

    #[test]
    fn a_reply_flattens_the_email_and_defaults_to_open_html() {
        let request: ReplyRequest = serde_json::from_str(
            r#"{"account_id":1,"to":["maria.rossi@example.com"],"subject":"Re: Order","body":"**Hi**"}"#,
        )
        .unwrap();
        assert_eq!(request.then, AfterSend::Open);
        assert_eq!(request.email.format, MailFormat::Html);
        assert!(request.email.cc.is_empty() && request.in_reply_to.is_none());
        let back = serde_json::to_value(&request).unwrap();
        assert_eq!(back["account_id"], 1);
        assert_eq!(back["then"], "open");
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(10_000))]

        /// Addresses come from the network and the agent's typing: any text is judged with a
        /// reason, never a panic, and every part split off is checked alone.
        #[test]
        fn any_text_splits_and_checks(field in "(\\PC|@|\\.|,|;| )*") {
            for part in split_addresses(&field) {
                prop_assert!(!part.is_empty() && !part.contains([',', ';', ' ']));
                if let Err(reason) = check_address(&part) {
                    prop_assert!(!reason.is_empty());
                }
            }
        }
    }
}
