//! One draft as local storage keeps it: everything needed to resume writing, and a schema
//! version, so that a later release migrates old drafts instead of dropping them.
//!
//! - Version 2 (written now): the fields of [`Draft`], `"schema": 2`.
//! - Version 1 (the first layout, read and migrated): `{"v": 1, "interaction", "kind",
//!   "forward_of", "account", "account_key", "to", "cc", "bcc", "subject", "body", "html",
//!   "files": [{"id", "filename"}], "created", "updated"}`. It kept neither the send's
//!   `Idempotency-Key`, the case number, the message answered, nor the files' types and
//!   sizes.
//!
//! Both versions read through the one struct (version 1's names are aliases), so the desk
//! carries one JSON reader for drafts. A value from a newer release, or one that cannot be
//! read, is left in storage untouched.

use omni_protocol::{MailFormat, Upload};
use serde::{Deserialize, Serialize};

/// The schema version this release writes.
pub const SCHEMA: u32 = 2;

/// What is being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DraftKind {
    Reply,
    ReplyAll,
    /// Forwarding the message `forward_of`.
    Forward,
    /// A new email, with no interaction yet.
    New,
}

/// A file already uploaded for the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftFile {
    pub id: i64,
    pub filename: String,
    #[serde(default)]
    pub content_type: String,
    #[serde(default)]
    pub size: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    #[serde(alias = "v")]
    pub schema: u32,
    /// `i<interaction id>` (one per interaction), or `new-…` for a new email.
    #[serde(default)]
    pub id: String,
    #[serde(alias = "interaction")]
    pub interaction_id: Option<i64>,
    pub kind: DraftKind,
    #[serde(default)]
    pub forward_of: Option<i64>,
    #[serde(alias = "account")]
    pub account_id: Option<i64>,
    /// The From account's key, for the draft's name ("SERV - …").
    #[serde(default)]
    pub account_key: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub cc: String,
    #[serde(default)]
    pub bcc: String,
    #[serde(default)]
    pub subject: String,
    #[serde(default)]
    pub case_number: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub format: MailFormat,
    /// Files already uploaded: resumed without uploading them again.
    #[serde(default)]
    pub files: Vec<DraftFile>,
    #[serde(default)]
    pub in_reply_to: Option<i64>,
    /// The send's `Idempotency-Key`: a send retried after a reload is still one send.
    #[serde(default)]
    pub send_key: String,
    /// Epoch milliseconds.
    #[serde(alias = "created")]
    pub created_at: i64,
    /// When the agent last changed it (not when it was stored): the newer one wins.
    #[serde(alias = "updated")]
    pub updated_at: i64,
    /// Version 1's format: HTML (Markdown) or plain text.
    #[serde(default, skip_serializing)]
    pub html: Option<bool>,
}

/// Why a stored value is not a draft of this release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Written by a newer release: kept for it.
    Newer(u32),
    /// Not a draft at all (damaged, or another program's).
    Damaged,
}

/// Reads a stored value of any known version, migrating older ones.
pub fn read(json: &str) -> Result<Draft, Unreadable> {
    let schema = number_after(json, "\"schema\":").or_else(|| number_after(json, "\"v\":"));
    if let Some(newer) = schema.filter(|v| *v > i64::from(SCHEMA)) {
        return Err(Unreadable::Newer(u32::try_from(newer).unwrap_or(u32::MAX)));
    }
    let draft: Draft = serde_json::from_str(json).map_err(|_| Unreadable::Damaged)?;
    match draft.schema {
        1 => Ok(migrate_v1(draft)),
        SCHEMA => Ok(draft),
        _ => Err(Unreadable::Damaged),
    }
}

/// The value to store.
pub fn write(draft: &Draft) -> String {
    serde_json::to_string(draft).unwrap_or_default()
}

/// When a stored value was last changed, read without the rest (a save reads it before
/// every write, and a body may be long): `updated_at` is the last field written.
pub fn updated_at(json: &str) -> Option<i64> {
    number_after(json, "\"updated_at\":").or_else(|| number_after(json, "\"updated\":"))
}

/// The integer after the last `key` in `json`.
fn number_after(json: &str, key: &str) -> Option<i64> {
    let rest = &json[json.rfind(key)? + key.len()..];
    let rest = rest.trim_start();
    let end = rest
        .char_indices()
        .find(|(at, c)| !(c.is_ascii_digit() || (*at == 0 && *c == '-')))
        .map_or(rest.len(), |(at, _)| at);
    rest[..end].parse().ok()
}

/// Of two copies of one draft (this tab's and the stored one), the one the agent changed
/// last; on a tie the stored one stays.
pub fn newer<'a>(stored: &'a Draft, mine: &'a Draft) -> &'a Draft {
    if mine.updated_at > stored.updated_at {
        mine
    } else {
        stored
    }
}

fn migrate_v1(old: Draft) -> Draft {
    let id = match old.interaction_id {
        Some(interaction) => super::keys::of_interaction(interaction),
        None => format!("new-{}", old.created_at),
    };
    Draft {
        schema: SCHEMA,
        format: match old.html {
            Some(false) => MailFormat::Plain,
            _ => MailFormat::Html,
        },
        html: None,
        // Type and size were not kept: the composer shows the name, the server knows the rest.
        files: old
            .files
            .into_iter()
            .map(|f| DraftFile {
                content_type: "application/octet-stream".into(),
                ..f
            })
            .collect(),
        // A fresh key for the first send from this release: none was ever used.
        send_key: format!("send-draft-{id}-{}", old.updated_at),
        id,
        ..old
    }
}

impl From<&DraftFile> for Upload {
    fn from(file: &DraftFile) -> Self {
        Upload {
            id: file.id,
            filename: file.filename.clone(),
            content_type: file.content_type.clone(),
            size: file.size,
        }
    }
}

impl From<&Upload> for DraftFile {
    fn from(upload: &Upload) -> Self {
        DraftFile {
            id: upload.id,
            filename: upload.filename.clone(),
            content_type: upload.content_type.clone(),
            size: upload.size,
        }
    }
}

#[cfg(test)]
pub(crate) fn sample(id: &str, updated_at: i64) -> Draft {
    Draft {
        schema: SCHEMA,
        id: id.into(),
        interaction_id: id.strip_prefix('i').and_then(|n| n.parse().ok()),
        kind: DraftKind::Reply,
        forward_of: None,
        account_id: Some(1),
        account_key: "SERV".into(),
        to: "maria.rossi@example.com".into(),
        cc: String::new(),
        bcc: String::new(),
        subject: "Re: Order 5".into(),
        case_number: String::new(),
        body: "Dear Maria,".into(),
        format: MailFormat::Html,
        files: vec![],
        in_reply_to: Some(9),
        send_key: "send-1".into(),
        created_at: 1_000,
        updated_at,
        html: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_version_1_value_migrates_to_this_version() {
        let v1 = r#"{"v":1,"interaction":42,"kind":"forward","forward_of":7,"account":3,
            "account_key":"SERV","to":"orders@rossi.test","cc":"","bcc":"",
            "subject":"Fwd: Invoice","body":"Please see below.\n\n--\nAnna","html":false,
            "files":[{"id":12,"filename":"invoice.pdf"}],"created":1000,"updated":2000}"#;
        let draft = read(v1).unwrap();
        assert_eq!(draft.schema, SCHEMA);
        assert_eq!(draft.id, "i42");
        assert_eq!(draft.interaction_id, Some(42));
        assert_eq!(
            (draft.kind, draft.forward_of),
            (DraftKind::Forward, Some(7))
        );
        assert_eq!(draft.account_id, Some(3));
        assert_eq!(
            (draft.to.as_str(), draft.subject.as_str()),
            ("orders@rossi.test", "Fwd: Invoice")
        );
        assert_eq!(draft.body, "Please see below.\n\n--\nAnna");
        assert_eq!(draft.format, MailFormat::Plain);
        assert_eq!(draft.files[0].id, 12);
        assert_eq!(draft.files[0].filename, "invoice.pdf");
        assert_eq!((draft.created_at, draft.updated_at), (1000, 2000));
        assert!(!draft.send_key.is_empty());
        assert_eq!(updated_at(v1), Some(2000));
        assert_eq!(updated_at(&write(&draft)), Some(2000));
        // Written back, it is a version-2 value that reads the same.
        assert_eq!(read(&write(&draft)).unwrap(), draft);

        let new = r#"{"v":1,"interaction":null,"kind":"new","created":5,"updated":6}"#;
        let draft = read(new).unwrap();
        assert_eq!((draft.id.as_str(), draft.kind), ("new-5", DraftKind::New));
        assert_eq!(draft.format, MailFormat::Html);
    }

    #[test]
    fn newer_and_damaged_values_are_not_taken_for_drafts() {
        assert_eq!(
            read(r#"{"schema":3,"whatever":true}"#),
            Err(Unreadable::Newer(3))
        );
        assert!(matches!(read("not json"), Err(Unreadable::Damaged)));
        assert!(matches!(read(r#"{"body":"x"}"#), Err(Unreadable::Damaged)));
        assert!(matches!(
            read(r#"{"v":1,"interaction":1,"kind":"fax","created":1,"updated":1}"#),
            Err(Unreadable::Damaged)
        ));
        assert_eq!(
            read(r#"{"schema":0,"interaction":1,"kind":"new","created":1,"updated":1}"#),
            Err(Unreadable::Damaged)
        );
    }

    #[test]
    fn the_copy_changed_last_wins() {
        let stored = sample("i1", 2_000);
        let mut mine = sample("i1", 1_500);
        mine.body = "an older text, saved late".into();
        assert_eq!(
            newer(&stored, &mine).body,
            "Dear Maria,",
            "a late save of older text loses"
        );
        mine.updated_at = 2_500;
        assert_eq!(newer(&stored, &mine).body, "an older text, saved late");
        mine.updated_at = 2_000;
        assert_eq!(newer(&stored, &mine), &stored, "a tie keeps what is stored");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use proptest::prelude::*;

    use super::*;

    proptest! {
        /// Local storage is shared with anything else on the origin: any text is read
        /// without a panic, and every draft survives a write and a read.
        #[test]
        fn any_stored_text_reads_without_panic(text in "\\PC*", body in "\\PC*", at in any::<i64>()) {
            let _ = read(&text);
            let _ = read(&format!(r#"{{"v":1,"interaction":1,"kind":"reply","body":{text:?},"created":1,"updated":2}}"#));
            let mut draft = sample("i1", at);
            draft.body = body;
            prop_assert_eq!(read(&write(&draft)).unwrap(), draft);
        }
    }
}
