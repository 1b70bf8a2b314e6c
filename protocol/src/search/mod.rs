//! The search language the desk and the server share (PRODUCT B18, B19): a search is
//! conditions, each a field, an operator and a value, joined by "all" or "any". The
//! server sends the fields it can search with their types; the type decides the operators
//! and the value. Both sides validate a search with [`Search::problems`] before they use
//! it, so a condition one side refuses is explained next to its chip, in the same words.
//!
//! The desk judges an interaction by a search ([`judge`]) as the server's SQL does; both
//! read a condition through the same [`rule::Rule`] so they cannot drift.

mod check;
mod days;
pub mod fields;
pub mod judge;
pub mod quick;
pub mod rule;

use serde::{Deserialize, Serialize};

pub use check::is_calendar_day;
pub use days::{day_start, utc_offset_is_valid};

/// At most this many conditions in one search.
pub const MAX_CONDITIONS: usize = 20;
/// At most this many characters in a text value.
pub const MAX_TEXT_CHARS: usize = 200;
/// At most this many choices in "is any of".
pub const MAX_CHOICES: usize = 50;
/// "Within the last N days": N is 1 to this.
pub const MAX_DAYS: u32 = 3_650;
/// A saved search's name has 1 to this many characters.
pub const MAX_NAME_CHARS: usize = 60;

/// What a field holds: it decides the operators and the value input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldType {
    Text,
    Enum,
    Date,
    Number,
    Tag,
    Agent,
    Queue,
    Account,
    Status,
    Channel,
    Disposition,
}

crate::wire_words!(FieldType {
    Text => "text",
    Enum => "enum",
    Date => "date",
    Number => "number",
    Tag => "tag",
    Agent => "agent",
    Queue => "queue",
    Account => "account",
    Status => "status",
    Channel => "channel",
    Disposition => "disposition",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    Equals,
    NotEquals,
    Contains,
    NotContains,
    StartsWith,
    EndsWith,
    IsEmpty,
    IsNotEmpty,
    LessThan,
    GreaterThan,
    On,
    Before,
    After,
    WithinLastDays,
    Is,
    IsNot,
    IsAnyOf,
}

crate::wire_words!(Operator {
    Equals => "equals",
    NotEquals => "not_equals",
    Contains => "contains",
    NotContains => "not_contains",
    StartsWith => "starts_with",
    EndsWith => "ends_with",
    IsEmpty => "is_empty",
    IsNotEmpty => "is_not_empty",
    LessThan => "less_than",
    GreaterThan => "greater_than",
    On => "on",
    Before => "before",
    After => "after",
    WithinLastDays => "within_last_days",
    Is => "is",
    IsNot => "is_not",
    IsAnyOf => "is_any_of",
});

const TEXT_OPERATORS: [Operator; 8] = [
    Operator::Equals,
    Operator::NotEquals,
    Operator::Contains,
    Operator::NotContains,
    Operator::StartsWith,
    Operator::EndsWith,
    Operator::IsEmpty,
    Operator::IsNotEmpty,
];
const DATE_OPERATORS: [Operator; 4] = [
    Operator::On,
    Operator::Before,
    Operator::After,
    Operator::WithinLastDays,
];
const NUMBER_OPERATORS: [Operator; 4] = [
    Operator::Equals,
    Operator::NotEquals,
    Operator::LessThan,
    Operator::GreaterThan,
];
const CHOICE_OPERATORS: [Operator; 3] = [Operator::Is, Operator::IsNot, Operator::IsAnyOf];

impl FieldType {
    /// The operators a field of this type offers, in the order the builder lists them.
    pub fn operators(self) -> &'static [Operator] {
        match self {
            FieldType::Text => &TEXT_OPERATORS,
            FieldType::Date => &DATE_OPERATORS,
            FieldType::Number => &NUMBER_OPERATORS,
            FieldType::Enum
            | FieldType::Tag
            | FieldType::Agent
            | FieldType::Queue
            | FieldType::Account
            | FieldType::Status
            | FieldType::Channel
            | FieldType::Disposition => &CHOICE_OPERATORS,
        }
    }
}

impl Operator {
    /// What the builder's operator select says.
    pub fn label(self) -> &'static str {
        match self {
            Operator::Equals => "equals",
            Operator::NotEquals => "does not equal",
            Operator::Contains => "contains",
            Operator::NotContains => "does not contain",
            Operator::StartsWith => "starts with",
            Operator::EndsWith => "ends with",
            Operator::IsEmpty => "is empty",
            Operator::IsNotEmpty => "is not empty",
            Operator::LessThan => "is less than",
            Operator::GreaterThan => "is greater than",
            Operator::On => "on",
            Operator::Before => "before",
            Operator::After => "after",
            Operator::WithinLastDays => "within the last … days",
            Operator::Is => "is",
            Operator::IsNot => "is not",
            Operator::IsAnyOf => "is any of",
        }
    }
}

/// One choice of a choice field (an agent, a queue, a status …): the id the condition
/// carries and what the agent reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub id: String,
    pub label: String,
}

/// A field the server can search.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchField {
    /// Stable id, e.g. `subject`, `queue`, `arrived`.
    pub id: String,
    pub label: String,
    #[serde(rename = "type")]
    pub kind: FieldType,
    /// The choices of a choice field; empty for text, date and number.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<Choice>,
}

impl SearchField {
    /// A field with choices given as `(id, label)`.
    pub fn new(id: &str, label: &str, kind: FieldType, choices: &[(&str, &str)]) -> Self {
        SearchField {
            id: id.into(),
            label: label.into(),
            kind,
            choices: choices
                .iter()
                .map(|(id, label)| Choice {
                    id: (*id).into(),
                    label: (*label).into(),
                })
                .collect(),
        }
    }
}

/// What a condition compares with.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConditionValue {
    /// For "is empty" / "is not empty".
    #[default]
    None,
    Text(String),
    Number(i64),
    /// A calendar day, `YYYY-MM-DD`, in the agent's time zone.
    Date(String),
    /// An instant, ms ("before" is earlier than it, "after" at it or later): the list's
    /// date filters are such bounds.
    At(i64),
    Days(u32),
    /// One choice's id.
    Choice(String),
    /// Several choices' ids ("is any of").
    Choices(Vec<String>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub field: String,
    pub op: Operator,
    #[serde(default)]
    pub value: ConditionValue,
    /// A disabled chip stays in the search and is not applied.
    #[serde(default = "enabled")]
    pub enabled: bool,
}

fn enabled() -> bool {
    true
}

impl Condition {
    /// An enabled condition.
    pub fn new(field: &str, op: Operator, value: ConditionValue) -> Self {
        Condition {
            field: field.into(),
            op,
            value,
            enabled: true,
        }
    }
}

/// Whether every condition must match, or any one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Join {
    #[default]
    All,
    Any,
}

crate::wire_words!(Join {
    All => "all",
    Any => "any",
});

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Search {
    #[serde(default)]
    pub join: Join,
    #[serde(default)]
    pub conditions: Vec<Condition>,
}

impl Search {
    /// The conditions that apply (the enabled ones).
    pub fn applied(&self) -> impl Iterator<Item = &Condition> {
        self.conditions.iter().filter(|c| c.enabled)
    }

    /// Whether any condition applies: a search with none shows every interaction.
    pub fn is_active(&self) -> bool {
        self.applied().next().is_some()
    }
}

/// A search an agent saved under a name (`GET /api/v1/searches`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSearch {
    pub id: i64,
    pub name: String,
    pub search: Search,
    /// Quick-search text saved with it (may be empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quick: String,
}

/// `POST /api/v1/searches`: saves a search under a name; the same name replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveSearchRequest {
    pub name: String,
    pub search: Search,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub quick: String,
}
