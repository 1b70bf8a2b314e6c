//! The host bridge: the `postMessage` protocol between the desk panel in an iframe and the
//! CRM page that embeds it (docs/host-bridge.md). Its words are those of Dynamics CIF and
//! Salesforce Open CTI: the panel asks the host to search, open and create records, and
//! tells it what happens to interactions; the host asks the panel to act on a click.
//!
//! Every message is one JSON object (a plain object through `postMessage`):
//! `{"bridge":"omni-desk","version":1,"id":"desk-7","type":"openRecord","payload":{…}}`.
//! A request is answered by a `result` carrying the request's `id`.

use serde::{Deserialize, Serialize};

use crate::Channel;

/// The `bridge` field of every message: tells ours apart from other scripts' messages.
pub const BRIDGE_NAME: &str = "omni-desk";
/// The one version this build speaks; a message of another version is refused.
pub const BRIDGE_VERSION: u32 = 1;
/// How long a request waits for its `result` before it fails with a clear reason.
pub const REQUEST_TIMEOUT_MS: u32 = 5_000;

/// One message with its id: `body` is a [`HostBound`] (what the panel sends) or a
/// [`PanelBound`] (what the host sends).
#[derive(Debug, Clone, PartialEq)]
pub struct BridgeMessage<B> {
    /// Unique per sender; a `result` repeats the id of the request it answers.
    pub id: String,
    pub body: B,
}

/// What the panel sends to the host.
#[derive(Debug, Clone, PartialEq)]
pub enum HostBound {
    // Requests, each answered by a `result`.
    /// Search the CRM for the customer; unless `searchOnly`, open what was found (one
    /// record, or the CRM's own search results).
    SearchAndOpenRecords(RecordSearch),
    OpenRecord(RecordRef),
    /// Open the CRM's form for a new record, prefilled; `recordCreated` follows on save.
    CreateRecord(NewRecord),
    SetPanelMode(PanelModeRequest),
    SetPanelWidth(PanelWidth),
    // Notices, not answered.
    /// The panel has loaded and hears the host.
    Ready(PanelReady),
    InteractionEvent(InteractionNotice),
    /// The answer to the host's request.
    Result(BridgeResult),
}

/// What the host sends to the panel.
#[derive(Debug, Clone, PartialEq)]
pub enum PanelBound {
    /// Click-to-email or click-to-chat on an address in the CRM page; answered by a `result`.
    ClickToAct(ClickToAct),
    /// The record the agent is looking at in the CRM.
    RecordFocused(HostRecord),
    /// A record saved from the form a `createRecord` opened.
    RecordCreated(RecordCreated),
    /// The answer to the panel's request.
    Result(BridgeResult),
}

/// A message body of one direction: its `type`, its payload, and how it is read back.
/// Each direction is its own type, so the panel carries no code to read what only a host
/// reads (and a host none for the panel's side).
pub trait Body: Sized {
    /// The `type` on the wire and the payload, as JSON.
    fn encode_payload(&self) -> (&'static str, String);
    /// Reads the payload of a message of type `kind`.
    fn decode_payload(kind: &str, payload: &str) -> Result<Self, String>;
    /// A `result` of this direction: the answer to the other side's request.
    fn result(result: BridgeResult) -> Self;
    /// The answer this message carries, if it is a `result`.
    fn into_result(self) -> Result<BridgeResult, Self>;
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn read<T: serde::de::DeserializeOwned>(payload: &str) -> Result<T, String> {
    serde_json::from_str(payload).map_err(|error| format!("its payload is not valid: {error}"))
}

impl Body for HostBound {
    fn encode_payload(&self) -> (&'static str, String) {
        match self {
            HostBound::SearchAndOpenRecords(p) => ("searchAndOpenRecords", json(p)),
            HostBound::OpenRecord(p) => ("openRecord", json(p)),
            HostBound::CreateRecord(p) => ("createRecord", json(p)),
            HostBound::SetPanelMode(p) => ("setPanelMode", json(p)),
            HostBound::SetPanelWidth(p) => ("setPanelWidth", json(p)),
            HostBound::Ready(p) => ("ready", json(p)),
            HostBound::InteractionEvent(p) => ("interactionEvent", json(p)),
            HostBound::Result(p) => ("result", json(p)),
        }
    }

    fn decode_payload(kind: &str, payload: &str) -> Result<Self, String> {
        Ok(match kind {
            "searchAndOpenRecords" => HostBound::SearchAndOpenRecords(read(payload)?),
            "openRecord" => HostBound::OpenRecord(read(payload)?),
            "createRecord" => HostBound::CreateRecord(read(payload)?),
            "setPanelMode" => HostBound::SetPanelMode(read(payload)?),
            "setPanelWidth" => HostBound::SetPanelWidth(read(payload)?),
            "ready" => HostBound::Ready(read(payload)?),
            "interactionEvent" => HostBound::InteractionEvent(read(payload)?),
            "result" => HostBound::Result(read(payload)?),
            other => return Err(format!("a host does not take “{other}”")),
        })
    }

    fn result(result: BridgeResult) -> Self {
        HostBound::Result(result)
    }

    fn into_result(self) -> Result<BridgeResult, Self> {
        match self {
            HostBound::Result(result) => Ok(result),
            other => Err(other),
        }
    }
}

impl Body for PanelBound {
    fn encode_payload(&self) -> (&'static str, String) {
        match self {
            PanelBound::ClickToAct(p) => ("clickToAct", json(p)),
            PanelBound::RecordFocused(p) => ("recordFocused", json(p)),
            PanelBound::RecordCreated(p) => ("recordCreated", json(p)),
            PanelBound::Result(p) => ("result", json(p)),
        }
    }

    fn decode_payload(kind: &str, payload: &str) -> Result<Self, String> {
        Ok(match kind {
            "clickToAct" => PanelBound::ClickToAct(read(payload)?),
            "recordFocused" => PanelBound::RecordFocused(read(payload)?),
            "recordCreated" => PanelBound::RecordCreated(read(payload)?),
            "result" => PanelBound::Result(read(payload)?),
            other => return Err(format!("the desk panel does not take “{other}”")),
        })
    }

    fn result(result: BridgeResult) -> Self {
        PanelBound::Result(result)
    }

    fn into_result(self) -> Result<BridgeResult, Self> {
        match self {
            PanelBound::Result(result) => Ok(result),
            other => Err(other),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordSearch {
    /// "customer" for the Local CRM; a host may map it to contact, lead or account.
    pub entity: String,
    /// An email address or an E.164 phone number.
    pub query: String,
    #[serde(default)]
    pub search_only: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordRef {
    pub entity: String,
    pub id: String,
}

/// A record as the host shows it: enough for the panel to name it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HostRecord {
    pub entity: String,
    pub id: String,
    pub name: String,
    /// Email or phone, or whatever tells two records of the same name apart.
    #[serde(default)]
    pub detail: String,
}

/// Default fields of a new record, from the interaction's From header or phone number.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewRecord {
    pub entity: String,
    #[serde(default)]
    pub first_name: String,
    #[serde(default)]
    pub last_name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub phone: String,
    /// The interaction the new record is for: the panel links it once `recordCreated` comes.
    #[serde(default)]
    pub interaction_id: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PanelMode {
    Docked,
    Minimized,
    Hidden,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelModeRequest {
    pub mode: PanelMode,
}

/// Pixels; the desk works from 360 px wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PanelWidth {
    pub width: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PanelReady {
    /// The panel's own origin, so the host knows where to post.
    pub origin: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum InteractionEventKind {
    Offered,
    Accepted,
    Ended,
    WrappedUp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InteractionNotice {
    pub event: InteractionEventKind,
    pub interaction_id: i64,
    pub channel: Channel,
    /// The customer's email address or phone number.
    pub address: String,
    #[serde(default)]
    pub name: String,
    /// Email subject or first chat message.
    #[serde(default)]
    pub subject: String,
    /// The linked record, once there is one.
    #[serde(default)]
    pub record: Option<RecordRef>,
    /// With `wrappedUp`: what the CRM logs as an activity.
    #[serde(default)]
    pub activity: Option<Activity>,
}

/// The activity a CRM logs when an interaction is wrapped up (seed 002's call log).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Activity {
    pub subject: String,
    pub created_at: i64,
    #[serde(default)]
    pub accepted_at: Option<i64>,
    #[serde(default)]
    pub ended_at: Option<i64>,
    /// The disposition's path, e.g. "Sales / Quote sent".
    #[serde(default)]
    pub disposition: String,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ClickAction {
    Email,
    Chat,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClickToAct {
    pub action: ClickAction,
    /// An email address for `email`, a phone number for `chat`.
    pub address: String,
    #[serde(default)]
    pub record: Option<HostRecord>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordCreated {
    /// The id of the `createRecord` request whose form was saved.
    pub request_id: String,
    pub record: HostRecord,
}

/// The answer to a request. `ok: false` carries a sentence for the agent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BridgeResult {
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<HostRecord>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl BridgeResult {
    pub fn done() -> Self {
        Self {
            ok: true,
            ..Self::default()
        }
    }

    pub fn failed(reason: impl Into<String>) -> Self {
        Self {
            ok: false,
            error: Some(reason.into()),
            ..Self::default()
        }
    }
}

/// Why a message was not taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a bridge message at all (another script's `postMessage`): ignore quietly.
    NotOurs,
    UnsupportedVersion(u32),
    Invalid(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::NotOurs => f.write_str("not a host bridge message"),
            Refusal::UnsupportedVersion(version) => write!(
                f,
                "host bridge version {version} is not supported (this desk speaks {BRIDGE_VERSION})"
            ),
            Refusal::Invalid(reason) => write!(f, "invalid host bridge message: {reason}"),
        }
    }
}

/// Every message as read off the wire: the envelope, and the payload left as JSON until
/// the version and type say how to read it.
#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(default)]
    bridge: Option<String>,
    #[serde(default)]
    version: Option<u32>,
    #[serde(default)]
    id: Option<String>,
    #[serde(default, rename = "type")]
    kind: Option<String>,
    #[serde(default, borrow)]
    payload: Option<&'a serde_json::value::RawValue>,
}

#[derive(Serialize)]
struct Outgoing<'a> {
    bridge: &'static str,
    version: u32,
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    payload: &'a serde_json::value::RawValue,
}

fn envelope(json: &str) -> Option<Envelope<'_>> {
    let envelope: Envelope = serde_json::from_str(json).ok()?;
    (envelope.bridge.as_deref() == Some(BRIDGE_NAME)).then_some(envelope)
}

impl<B: Body> BridgeMessage<B> {
    pub fn new(id: impl Into<String>, body: B) -> Self {
        Self {
            id: id.into(),
            body,
        }
    }

    pub fn to_json(&self) -> String {
        let (kind, payload) = self.body.encode_payload();
        let Ok(payload) = serde_json::value::RawValue::from_string(payload) else {
            return String::new();
        };
        json(&Outgoing {
            bridge: BRIDGE_NAME,
            version: BRIDGE_VERSION,
            id: &self.id,
            kind,
            payload: &payload,
        })
    }

    /// Reads one message (the JSON of a `postMessage`'s data). The version is read before
    /// the body, so a newer one is refused as such rather than as a shape unknown here.
    pub fn decode(json: &str) -> Result<Self, Refusal> {
        let Some(envelope) = envelope(json) else {
            return Err(Refusal::NotOurs);
        };
        match envelope.version {
            Some(BRIDGE_VERSION) => {}
            Some(other) => return Err(Refusal::UnsupportedVersion(other)),
            None => return Err(Refusal::Invalid("it has no version".into())),
        }
        let id = envelope.id.unwrap_or_default();
        if id.is_empty() || id.len() > 200 {
            return Err(Refusal::Invalid("its id is empty or too long".into()));
        }
        let kind = envelope
            .kind
            .ok_or_else(|| Refusal::Invalid("it has no type".into()))?;
        let payload = envelope.payload.map_or("null", |raw| raw.get());
        let body = B::decode_payload(&kind, payload).map_err(Refusal::Invalid)?;
        Ok(Self { id, body })
    }
}

/// The id of a `result` (to fail its request at once when the result itself is refused).
pub fn result_id(json: &str) -> Option<String> {
    let envelope = envelope(json)?;
    (envelope.kind.as_deref() == Some("result"))
        .then_some(envelope.id)
        .flatten()
}

/// The id of a refused message that expects an answer (anything but a `result`, which is
/// never answered: two sides refusing each other's answers would never stop).
pub fn id_to_answer(json: &str) -> Option<String> {
    let envelope = envelope(json)?;
    if envelope.kind.as_deref() == Some("result") {
        return None;
    }
    envelope.id.filter(|id| !id.is_empty() && id.len() <= 200)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip<B: Body + PartialEq + std::fmt::Debug>(body: B) {
        let message = BridgeMessage::new("desk-1", body);
        assert_eq!(BridgeMessage::decode(&message.to_json()), Ok(message));
    }

    #[test]
    fn every_message_survives_a_round_trip() {
        let record = HostRecord {
            entity: "customer".into(),
            id: "42".into(),
            name: "Maria Rossi".into(),
            detail: "+390612345678".into(),
        };
        round_trip(HostBound::SearchAndOpenRecords(RecordSearch {
            entity: "customer".into(),
            query: "maria@example.it".into(),
            search_only: true,
        }));
        round_trip(HostBound::OpenRecord(RecordRef {
            entity: "customer".into(),
            id: "42".into(),
        }));
        round_trip(HostBound::CreateRecord(NewRecord {
            entity: "customer".into(),
            first_name: "Nguyễn Thị".into(),
            last_name: "Lan".into(),
            email: "lan@example.vn".into(),
            phone: String::new(),
            interaction_id: Some(7),
        }));
        round_trip(HostBound::SetPanelMode(PanelModeRequest {
            mode: PanelMode::Minimized,
        }));
        round_trip(HostBound::SetPanelWidth(PanelWidth { width: 420 }));
        round_trip(HostBound::Ready(PanelReady {
            origin: "https://desk.example".into(),
        }));
        round_trip(HostBound::InteractionEvent(InteractionNotice {
            event: InteractionEventKind::WrappedUp,
            interaction_id: 7,
            channel: Channel::Email,
            address: "maria@example.it".into(),
            name: "Maria Rossi".into(),
            subject: "Invoice".into(),
            record: Some(RecordRef {
                entity: "customer".into(),
                id: "42".into(),
            }),
            activity: Some(Activity {
                subject: "Invoice".into(),
                created_at: 1,
                accepted_at: Some(2),
                ended_at: Some(3),
                disposition: "Billing / Resolved".into(),
                notes: "Sent a copy".into(),
            }),
        }));
        round_trip(PanelBound::ClickToAct(ClickToAct {
            action: ClickAction::Email,
            address: "maria@example.it".into(),
            record: Some(record.clone()),
        }));
        round_trip(PanelBound::RecordFocused(record.clone()));
        round_trip(PanelBound::RecordCreated(RecordCreated {
            request_id: "desk-3".into(),
            record: record.clone(),
        }));
        round_trip(HostBound::Result(BridgeResult {
            ok: true,
            records: vec![record],
            error: None,
        }));
        round_trip(PanelBound::Result(BridgeResult::failed("No such record")));
        round_trip(HostBound::Result(BridgeResult::done()));
    }

    #[test]
    fn the_wire_shape_is_the_documented_one() {
        let message = BridgeMessage::new(
            "desk-7",
            HostBound::OpenRecord(RecordRef {
                entity: "customer".into(),
                id: "42".into(),
            }),
        );
        assert_eq!(
            message.to_json(),
            r#"{"bridge":"omni-desk","version":1,"id":"desk-7","type":"openRecord","payload":{"entity":"customer","id":"42"}}"#
        );
        // What a plain-JS host writes: camelCase, optional fields left out, keys in any order.
        let from_host = r#"{"type":"clickToAct","id":"h1","payload":{"address":"a@b.example","action":"email"},"version":1,"bridge":"omni-desk"}"#;
        assert_eq!(
            BridgeMessage::<PanelBound>::decode(from_host).map(|m| m.body),
            Ok(PanelBound::ClickToAct(ClickToAct {
                action: ClickAction::Email,
                address: "a@b.example".into(),
                record: None,
            }))
        );
    }

    #[test]
    fn an_unknown_version_is_refused_as_such() {
        let newer =
            r#"{"bridge":"omni-desk","version":2,"id":"h1","type":"teleport","payload":{}}"#;
        assert_eq!(
            BridgeMessage::<PanelBound>::decode(newer),
            Err(Refusal::UnsupportedVersion(2))
        );
        assert!(Refusal::UnsupportedVersion(2)
            .to_string()
            .contains("version 2 is not supported"));
        // A refused request is answered; a refused result is not (no endless ping-pong).
        assert_eq!(id_to_answer(newer), Some("h1".into()));
        let result =
            r#"{"bridge":"omni-desk","version":2,"id":"h2","type":"result","payload":{"ok":true}}"#;
        assert_eq!(id_to_answer(result), None);
        assert_eq!(result_id(result), Some("h2".into()));
        assert_eq!(result_id(newer), None);
    }

    #[test]
    fn other_scripts_messages_and_broken_ones_are_told_apart() {
        for not_ours in [
            "\"hello\"",
            "42",
            "null",
            "{}",
            r#"{"source":"react-devtools"}"#,
            r#"{"bridge":"other","version":1}"#,
        ] {
            assert_eq!(
                BridgeMessage::<PanelBound>::decode(not_ours),
                Err(Refusal::NotOurs),
                "{not_ours}"
            );
        }
        for broken in [
            r#"{"bridge":"omni-desk","id":"h1","type":"openRecord","payload":{"entity":"c","id":"1"}}"#,
            r#"{"bridge":"omni-desk","version":1,"id":"h1","type":"teleport","payload":{}}"#,
            r#"{"bridge":"omni-desk","version":1,"id":"h1","type":"openRecord","payload":{"entity":"c"}}"#,
            r#"{"bridge":"omni-desk","version":1,"id":"","type":"recordFocused","payload":{"entity":"c","id":"1","name":"A"}}"#,
        ] {
            assert!(
                matches!(
                    BridgeMessage::<PanelBound>::decode(broken),
                    Err(Refusal::Invalid(_))
                ),
                "{broken}"
            );
        }
        // Each side reads only what is sent to it.
        let to_host = BridgeMessage::new("d1", HostBound::Ready(PanelReady { origin: "x".into() }));
        assert_eq!(
            BridgeMessage::<PanelBound>::decode(&to_host.to_json()),
            Err(Refusal::Invalid(
                "the desk panel does not take “ready”".into()
            ))
        );
    }

    proptest::proptest! {
        /// Whatever a page posts, reading it never panics.
        #[test]
        fn any_text_is_read_without_panicking(text in "\\PC{0,200}") {
            let _ = BridgeMessage::<PanelBound>::decode(&text);
            let _ = BridgeMessage::<HostBound>::decode(&text);
            let _ = BridgeMessage::<PanelBound>::decode(&format!(
                r#"{{"bridge":"omni-desk","version":1,"id":"x","type":"clickToAct","payload":{{"action":"email","address":{}}}}}"#,
                serde_json::to_string(&text).unwrap()
            ));
        }

        #[test]
        fn any_names_survive_a_round_trip(name in "\\PC{0,80}", id in "[^\\x00]{1,40}") {
            let body = PanelBound::RecordFocused(HostRecord {
                entity: "customer".into(),
                id: id.clone(),
                name,
                detail: String::new(),
            });
            let message = BridgeMessage::new(id, body);
            proptest::prop_assert_eq!(BridgeMessage::decode(&message.to_json()), Ok(message));
        }
    }
}
