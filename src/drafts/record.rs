//! One draft as local storage keeps it: everything needed to resume writing, and a schema
//! version, so that a later release migrates old drafts instead of dropping them.
//!
//! - Version 2 (written now): the fields of [`Draft`].
//! - Version 1 (the first layout, read and migrated): `{"v": 1, "interaction", "kind"
//!   ("reply" | "reply_all" | "forward" | "new"), "forward_of", "account", "account_key",
//!   "to", "cc", "bcc", "subject", "body", "html", "files": [{"id", "filename"}], "created",
//!   "updated"}`. It kept neither the send's `Idempotency-Key`, the case number, the message
//!   answered, nor the files' types and sizes.
//!
//! A value from a newer release, or one that cannot be read, is left in storage untouched.

use omni_protocol::{MailFormat, Upload};
use serde::{Deserialize, Serialize};

/// The schema version this release writes.
pub const SCHEMA: u32 = 2;

/// What is being written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DraftKind {
    Reply {
        all: bool,
    },
    Forward {
        message_id: i64,
    },
    /// A new email, with no interaction yet.
    New,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub schema: u32,
    /// `i<interaction id>` (one per interaction), or `new-…` for a new email.
    pub id: String,
    pub interaction_id: Option<i64>,
    pub kind: DraftKind,
    pub account_id: Option<i64>,
    /// The From account's key, for the draft's name ("SERV - …").
    pub account_key: String,
    pub to: String,
    pub cc: String,
    pub bcc: String,
    pub subject: String,
    pub case_number: String,
    pub body: String,
    pub format: MailFormat,
    /// Files already uploaded: resumed without uploading them again.
    pub files: Vec<Upload>,
    pub in_reply_to: Option<i64>,
    /// The send's `Idempotency-Key`: a send retried after a reload is still one send.
    pub send_key: String,
    /// Epoch milliseconds.
    pub created_at: i64,
    /// When the agent last changed it (not when it was stored): the newer one wins.
    pub updated_at: i64,
}

/// Why a stored value is not a draft of this release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Written by a newer release: kept for it.
    Newer(u32),
    /// Not a draft at all (damaged, or another program's).
    Damaged(String),
}

/// Reads a stored value of any known version, migrating older ones.
pub fn read(json: &str) -> Result<Draft, Unreadable> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| Unreadable::Damaged(e.to_string()))?;
    let version = value
        .get("schema")
        .or_else(|| value.get("v"))
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| Unreadable::Damaged("no schema version".into()))?;
    let damaged = |e: serde_json::Error| Unreadable::Damaged(e.to_string());
    match version {
        1 => serde_json::from_value::<V1>(value)
            .map_err(damaged)
            .and_then(V1::migrate),
        2 => serde_json::from_value::<Draft>(value).map_err(damaged),
        newer => Err(Unreadable::Newer(u32::try_from(newer).unwrap_or(u32::MAX))),
    }
}

/// The value to store.
pub fn write(draft: &Draft) -> String {
    serde_json::to_string(draft).unwrap_or_default()
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

#[derive(Deserialize)]
struct V1 {
    interaction: Option<i64>,
    kind: String,
    forward_of: Option<i64>,
    account: Option<i64>,
    #[serde(default)]
    account_key: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    cc: String,
    #[serde(default)]
    bcc: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
    #[serde(default = "yes")]
    html: bool,
    #[serde(default)]
    files: Vec<V1File>,
    created: i64,
    updated: i64,
}

#[derive(Deserialize)]
struct V1File {
    id: i64,
    filename: String,
}

fn yes() -> bool {
    true
}

impl V1 {
    fn migrate(self) -> Result<Draft, Unreadable> {
        let kind = match (self.kind.as_str(), self.forward_of) {
            ("reply", _) => DraftKind::Reply { all: false },
            ("reply_all", _) => DraftKind::Reply { all: true },
            ("forward", Some(message_id)) => DraftKind::Forward { message_id },
            ("new", _) => DraftKind::New,
            (other, _) => return Err(Unreadable::Damaged(format!("kind {other:?}"))),
        };
        let id = match self.interaction {
            Some(interaction) => super::keys::of_interaction(interaction),
            None => format!("new-{}", self.created),
        };
        Ok(Draft {
            schema: SCHEMA,
            id: id.clone(),
            interaction_id: self.interaction,
            kind,
            account_id: self.account,
            account_key: self.account_key,
            to: self.to,
            cc: self.cc,
            bcc: self.bcc,
            subject: self.subject,
            case_number: String::new(),
            body: self.body,
            format: if self.html {
                MailFormat::Html
            } else {
                MailFormat::Plain
            },
            // Type and size were not kept: the composer shows the name, the server knows
            // the rest.
            files: self
                .files
                .into_iter()
                .map(|f| Upload {
                    id: f.id,
                    filename: f.filename,
                    content_type: "application/octet-stream".into(),
                    size: 0,
                })
                .collect(),
            in_reply_to: None,
            // A fresh key for the first send from this release: none was ever used.
            send_key: format!("send-draft-{id}-{}", self.updated),
            created_at: self.created,
            updated_at: self.updated,
        })
    }
}

#[cfg(test)]
pub(crate) fn sample(id: &str, updated_at: i64) -> Draft {
    Draft {
        schema: SCHEMA,
        id: id.into(),
        interaction_id: id.strip_prefix('i').and_then(|n| n.parse().ok()),
        kind: DraftKind::Reply { all: false },
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
        assert_eq!(draft.kind, DraftKind::Forward { message_id: 7 });
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
        assert!(matches!(read("not json"), Err(Unreadable::Damaged(_))));
        assert!(matches!(
            read(r#"{"body":"x"}"#),
            Err(Unreadable::Damaged(_))
        ));
        assert!(matches!(
            read(r#"{"v":1,"interaction":1,"kind":"fax","created":1,"updated":1}"#),
            Err(Unreadable::Damaged(_))
        ));
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
