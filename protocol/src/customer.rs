//! Customer records (PRODUCT D1–D4, seed 004): the record, what an agent types to create or
//! change one, its cases, tasks and history, and what a screen pop looks up.

use serde::{Deserialize, Serialize};

use crate::{check_address, phone, Channel, EmailAddress, InteractionState};

/// First and last names, company and addresses hold at most this many characters.
pub const MAX_FIELD_CHARS: usize = 200;

/// `GET /api/v1/customers/{id}`: one customer as the desk and the Local CRM show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Customer {
    pub id: i64,
    /// Generated: "AC-000042".
    pub account: String,
    pub first_name: String,
    pub last_name: String,
    #[serde(default)]
    pub company: String,
    /// Lower case, each unique across customers; the first is the main one.
    #[serde(default)]
    pub emails: Vec<String>,
    /// E.164; a family may share one.
    #[serde(default)]
    pub phones: Vec<String>,
    #[serde(default)]
    pub primary_address: String,
    #[serde(default)]
    pub secondary_address: String,
    /// Saved with Save as Draft: incomplete, never matched by a screen pop.
    #[serde(default)]
    pub draft: bool,
    pub created_at: i64,
    pub updated_at: i64,
    /// When the newest interaction with this customer began or last moved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_interaction_at: Option<i64>,
    /// Goes up with every change; `PUT` sends the version it edited.
    pub version: u64,
}

impl Customer {
    /// "Ada Lovelace".
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_owned()
    }
}

/// `GET /api/v1/customers`: the customers a lookup found, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerPage {
    pub items: Vec<Customer>,
    pub total: u64,
}

/// The `customer_deleted` event: the record is gone; its interactions stay, unlinked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDeleted {
    pub id: i64,
}

/// `POST /api/v1/customers` and `PUT /api/v1/customers/{id}`: the record as the agent typed
/// it. [`CustomerInput::checked`] gives the form it is stored in, or the field that is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerInput {
    pub first_name: String,
    pub last_name: String,
    pub company: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub primary_address: String,
    pub secondary_address: String,
    pub draft: bool,
    /// On `PUT`: the version the agent edited; a newer record answers 409.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<u64>,
}

/// A field an agent must correct, with the sentence shown beside it. `field` names the input
/// (`first_name`, `emails`, `phones` …) as error bodies do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    pub field: &'static str,
    pub sentence: String,
}

impl FieldProblem {
    fn new(field: &'static str, sentence: impl Into<String>) -> Self {
        Self {
            field,
            sentence: sentence.into(),
        }
    }
}

impl Customer {
    /// The record as a form shows it for Edit, at the version the agent sees.
    pub fn to_input(&self) -> CustomerInput {
        CustomerInput {
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            company: self.company.clone(),
            emails: self.emails.clone(),
            phones: self.phones.clone(),
            primary_address: self.primary_address.clone(),
            secondary_address: self.secondary_address.clone(),
            draft: self.draft,
            version: Some(self.version),
        }
    }
}

impl CustomerInput {
    /// The record to store: names and addresses trimmed, emails lower case, phones in E.164,
    /// blanks and repeats dropped. A draft may lack names; a record may not.
    pub fn checked(&self) -> Result<CustomerInput, FieldProblem> {
        let text = |field: &'static str, label: &str, value: &str, required: bool| {
            let value = value.trim();
            if required && value.is_empty() {
                return Err(FieldProblem::new(
                    field,
                    format!("Enter the {label}, or save as a draft."),
                ));
            }
            if value.chars().count() > MAX_FIELD_CHARS {
                return Err(FieldProblem::new(
                    field,
                    format!("The {label} is longer than {MAX_FIELD_CHARS} characters."),
                ));
            }
            Ok(value.to_owned())
        };
        let required = !self.draft;
        let mut emails: Vec<String> = Vec::new();
        for typed in self.emails.iter().map(|email| email.trim()) {
            if typed.is_empty() {
                continue;
            }
            check_address(typed).map_err(|sentence| FieldProblem::new("emails", sentence))?;
            let email = typed.to_lowercase();
            if !emails.contains(&email) {
                emails.push(email);
            }
        }
        let mut phones: Vec<String> = Vec::new();
        for typed in self.phones.iter().filter(|phone| !phone.trim().is_empty()) {
            let number = phone::e164(typed).map_err(|problem| {
                FieldProblem::new("phones", format!("{typed}: {}", problem.sentence()))
            })?;
            if !phones.contains(&number) {
                phones.push(number);
            }
        }
        let checked = CustomerInput {
            first_name: text("first_name", "first name", &self.first_name, required)?,
            last_name: text("last_name", "last name", &self.last_name, required)?,
            company: text("company", "company", &self.company, false)?,
            emails,
            phones,
            primary_address: text(
                "primary_address",
                "primary address",
                &self.primary_address,
                false,
            )?,
            secondary_address: text(
                "secondary_address",
                "secondary address",
                &self.secondary_address,
                false,
            )?,
            draft: self.draft,
            version: self.version,
        };
        if checked.first_name.is_empty()
            && checked.last_name.is_empty()
            && checked.emails.is_empty()
            && checked.phones.is_empty()
        {
            return Err(FieldProblem::new(
                "last_name",
                "Enter at least a name, an email or a phone, even for a draft.",
            ));
        }
        Ok(checked)
    }
}

/// One case of a customer: the interactions that share a case number (`CS-…`), as the Local
/// CRM's Cases tab lists them. An email case keeps its first email's recipients and source.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerCase {
    pub case_number: String,
    pub channel: Channel,
    #[serde(default)]
    pub subject: String,
    /// The state of the case's newest interaction.
    pub state: InteractionState,
    /// The case's newest interaction, to open.
    pub interaction_id: i64,
    pub interactions: u32,
    pub opened_at: i64,
    pub last_activity_at: i64,
    #[serde(default)]
    pub to: Vec<EmailAddress>,
    #[serde(default)]
    pub cc: Vec<EmailAddress>,
    #[serde(default)]
    pub bcc: Vec<EmailAddress>,
    /// The first email, whose raw source `GET /api/v1/messages/{id}/source` gives.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_message_id: Option<i64>,
}

/// What was done with a customer, besides interactions: a call noted, a meeting planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskKind {
    Email,
    Chat,
    Call,
    Meeting,
    Other,
}

crate::wire_words!(TaskKind {
    Email => "email",
    Chat => "chat",
    Call => "call",
    Meeting => "meeting",
    Other => "other",
});

/// `GET /api/v1/customers/{id}/tasks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerTask {
    pub id: i64,
    pub kind: TaskKind,
    pub subject: String,
    #[serde(default)]
    pub note: String,
    pub starts_at: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ends_at: Option<i64>,
    /// Who noted it; absent when the system did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_id: Option<i64>,
}

/// `POST /api/v1/customers/{id}/tasks`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskRequest {
    pub kind: TaskKind,
    pub subject: String,
    #[serde(default)]
    pub note: String,
    pub starts_at: i64,
    #[serde(default)]
    pub ends_at: Option<i64>,
    #[serde(default)]
    pub interaction_id: Option<i64>,
}

/// One line of a customer's history: who changed which field, from what to what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntry {
    pub id: i64,
    pub at: i64,
    /// The agent's display name; absent for the system (demo data, imports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_name: Option<String>,
    /// `created`, `deleted`, or the field: `first_name`, `emails` …
    pub field: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_value: Option<String>,
}

/// `PUT /api/v1/interactions/{id}/customer`: who the interaction is with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkCustomerRequest {
    pub customer_id: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(first: &str, last: &str) -> CustomerInput {
        CustomerInput {
            first_name: first.into(),
            last_name: last.into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_record_needs_both_names_and_a_draft_does_not() {
        let problem = input("Ada", " ").checked().unwrap_err();
        assert_eq!(problem.field, "last_name");
        let draft = CustomerInput {
            draft: true,
            ..input("Ada", "")
        };
        assert_eq!(draft.checked().unwrap().first_name, "Ada");
        let empty_draft = CustomerInput {
            draft: true,
            ..input("", "")
        };
        assert!(empty_draft.checked().is_err());
    }

    #[test]
    fn emails_are_lower_case_once_each_and_phones_are_e164() {
        let typed = CustomerInput {
            emails: vec![
                " Ada@Example.ORG".into(),
                "ada@example.org".into(),
                "".into(),
            ],
            phones: vec!["+39 06 1234 5678".into(), "0039061234 5678".into()],
            ..input("Ada", "Lovelace")
        };
        let stored = typed.checked().unwrap();
        assert_eq!(stored.emails, ["ada@example.org"]);
        assert_eq!(stored.phones, ["+390612345678"]);
    }

    #[test]
    fn a_wrong_email_or_phone_names_its_field() {
        let long = format!("{}@example.org", "a".repeat(250));
        let wrong_email = CustomerInput {
            emails: vec![long],
            ..input("Ada", "Lovelace")
        };
        assert_eq!(wrong_email.checked().unwrap_err().field, "emails");
        let wrong_phone = CustomerInput {
            phones: vec!["06 1234 5678".into()],
            ..input("Ada", "Lovelace")
        };
        let problem = wrong_phone.checked().unwrap_err();
        assert_eq!(problem.field, "phones");
        assert!(
            problem.sentence.contains("country code"),
            "{}",
            problem.sentence
        );
    }

    #[test]
    fn names_in_any_script_are_kept_as_typed() {
        let stored = input("  Zoë ", "Ōkubo-王").checked().unwrap();
        assert_eq!(
            (stored.first_name.as_str(), stored.last_name.as_str()),
            ("Zoë", "Ōkubo-王")
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Whatever arrives (any script, any length), the check answers without
            /// panicking; what it keeps is stored as it will be matched, and checking it
            /// again changes nothing.
            #[test]
            fn any_record_is_checked_safely_and_kept_as_matched(
                first in "\\PC{0,40}",
                last in "\\PC{0,40}",
                emails in proptest::collection::vec("\\PC{0,30}|[a-zA-Z0-9.]{1,12}@[a-zA-Z]{1,8}\\.[a-z]{2,4}", 0..4),
                phones in proptest::collection::vec("\\PC{0,20}|\\+[1-9][0-9 ()-]{6,18}", 0..4),
                draft in any::<bool>(),
            ) {
                let typed = CustomerInput { first_name: first, last_name: last, emails, phones, draft, ..Default::default() };
                if let Ok(kept) = typed.checked() {
                    for email in &kept.emails {
                        prop_assert_eq!(email, &email.to_lowercase());
                        prop_assert!(check_address(email).is_ok());
                    }
                    for phone in &kept.phones {
                        prop_assert!(phone.starts_with('+'));
                        prop_assert!(phone[1..].chars().all(|c| c.is_ascii_digit()));
                    }
                    prop_assert_eq!(kept.checked(), Ok(kept.clone()));
                }
            }
        }
    }
}
