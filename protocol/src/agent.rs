//! The signed-in agent: profile, permissions, settings and presence status.

use serde::{Deserialize, Serialize};

/// Presence of an agent. Custom statuses are pauses the backend defines (e.g. "Training");
/// their labels come with [`AgentProfile::statuses`]. On the wire `{"kind": "on_break"}`
/// or `{"kind": "custom", "id": "training"}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "StatusOnTheWire", into = "StatusOnTheWire")]
pub enum AgentStatus {
    Available,
    Busy,
    WorkingOffline,
    OnBreak,
    Custom { id: String },
}

/// [`AgentStatus`] as JSON has it: read as a plain struct (an internally tagged enum would
/// buffer every value first, which costs the desk's wasm several KB).
#[derive(Serialize, Deserialize)]
struct StatusOnTheWire {
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id: Option<String>,
}

impl TryFrom<StatusOnTheWire> for AgentStatus {
    type Error = String;

    fn try_from(wire: StatusOnTheWire) -> Result<Self, String> {
        match (wire.kind.as_str(), wire.id) {
            ("custom", Some(id)) => Ok(AgentStatus::Custom { id }),
            ("custom", None) => Err("a custom status needs its id".into()),
            (kind, _) => {
                AgentStatus::from_key(kind).ok_or_else(|| format!("unknown status {kind}"))
            }
        }
    }
}

impl From<AgentStatus> for StatusOnTheWire {
    fn from(status: AgentStatus) -> Self {
        match status {
            AgentStatus::Custom { id } => StatusOnTheWire {
                kind: "custom".into(),
                id: Some(id),
            },
            other => StatusOnTheWire {
                kind: other.key(),
                id: None,
            },
        }
    }
}

impl AgentStatus {
    /// The label of a built-in status; custom ones are labelled by the backend.
    pub fn builtin_label(&self) -> Option<&'static str> {
        match self {
            AgentStatus::Available => Some("Available"),
            AgentStatus::Busy => Some("Busy"),
            AgentStatus::WorkingOffline => Some("Working Offline"),
            AgentStatus::OnBreak => Some("On Break"),
            AgentStatus::Custom { .. } => None,
        }
    }

    /// A stable key for forms and CSS: `available`, `on_break`, `custom:training` …
    pub fn key(&self) -> String {
        match self {
            AgentStatus::Available => "available".into(),
            AgentStatus::Busy => "busy".into(),
            AgentStatus::WorkingOffline => "working_offline".into(),
            AgentStatus::OnBreak => "on_break".into(),
            AgentStatus::Custom { id } => format!("custom:{id}"),
        }
    }
}

/// One status the agent may pick, in the order the selector shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusOption {
    pub status: AgentStatus,
    pub label: String,
}

/// What an agent may do; the desk disables what is not permitted and says why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Permissions {
    pub may_reject: bool,
    pub may_transfer: bool,
    pub may_edit_customers: bool,
    pub may_delete_customers: bool,
}

/// "My Profile → Interactions" settings (PRODUCT D3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentSettings {
    pub auto_multi_match_pop: bool,
    pub search_on_enter_only: bool,
    pub hover_preview: bool,
    pub sound: bool,
}

impl Default for AgentSettings {
    fn default() -> Self {
        Self {
            auto_multi_match_pop: false,
            search_on_enter_only: false,
            hover_preview: true,
            sound: true,
        }
    }
}

/// What a person may do beyond their own work (docs/api.md, "Permissions").
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Role {
    /// Works the interactions offered or transferred to them.
    #[default]
    Agent,
    /// Also adds notes to any interaction and closes waiting ones; gets no offers.
    Supervisor,
}

crate::wire_words!(Role {
    Agent => "agent",
    Supervisor => "supervisor",
});

/// `GET /api/v1/me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentProfile {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    #[serde(default)]
    pub role: Role,
    pub status: AgentStatus,
    pub statuses: Vec<StatusOption>,
    pub permissions: Permissions,
    pub settings: AgentSettings,
    /// Most interactions the agent holds at once, per channel.
    #[serde(default)]
    pub capacity: Vec<crate::ChannelCapacity>,
    /// "Stop new": no further offers, whatever the status.
    #[serde(default)]
    pub stop_new: bool,
    /// Inserted once at the end of a new message (Markdown).
    #[serde(default)]
    pub signature: String,
    /// Sub-statuses an open interaction may carry ("Pending" first).
    #[serde(default)]
    pub sub_statuses: Vec<String>,
    /// Id of the newest event at the time of this read: stream from here to stay exact.
    pub last_event_id: u64,
    /// Id of the event that announced the last change of status or "Stop new".
    #[serde(default)]
    pub version: u64,
}

impl AgentProfile {
    /// The label the desk shows for `status`, falling back to the custom id.
    pub fn label_of(&self, status: &AgentStatus) -> String {
        self.statuses
            .iter()
            .find(|option| &option.status == status)
            .map(|option| option.label.clone())
            .or_else(|| status.builtin_label().map(str::to_owned))
            .unwrap_or_else(|| match status {
                AgentStatus::Custom { id } => id.clone(),
                _ => String::new(),
            })
    }
}

/// `PUT /api/v1/me/status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetStatusRequest {
    pub status: AgentStatus,
}

impl AgentStatus {
    /// Inverse of [`AgentStatus::key`].
    pub fn from_key(key: &str) -> Option<Self> {
        Some(match key {
            "available" => AgentStatus::Available,
            "busy" => AgentStatus::Busy,
            "working_offline" => AgentStatus::WorkingOffline,
            "on_break" => AgentStatus::OnBreak,
            other => AgentStatus::Custom {
                id: other.strip_prefix("custom:")?.to_owned(),
            },
        })
    }
}

/// `PUT /api/v1/me/stop-new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopNewRequest {
    pub stop_new: bool,
}

/// `GET /api/v1/me/work`: everything the desk shows about the agent's work, at one instant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkSnapshot {
    pub offers: Vec<crate::Offer>,
    /// Open interactions (active or in wrap-up), oldest first.
    pub interactions: Vec<crate::InteractionSummary>,
    pub wrap_ups: Vec<crate::WrapUp>,
    pub last_event_id: u64,
}

/// Another agent as lists show them (`GET /api/v1/agents`, the list's Agent filter).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentRef {
    pub id: i64,
    pub display_name: String,
}
