//! History: every change to the record, newest first: who changed which field, from what to
//! what.

use leptos::prelude::*;

use super::table::{loaded_view, table};
use crate::{crm::actions::CrmActions, store::clock::local_date_time};

/// The field as the agent knows it.
fn field_text(field: &str) -> String {
    match field {
        "created" => "Record created".into(),
        "deleted" => "Record deleted".into(),
        "linked_interaction" => "Interaction linked".into(),
        "first_name" => "First name".into(),
        "last_name" => "Last name".into(),
        "company" => "Company".into(),
        "emails" => "Email".into(),
        "phones" => "Phone".into(),
        "primary_address" => "Primary address".into(),
        "secondary_address" => "Secondary address".into(),
        "draft" => "Draft".into(),
        other => other.replace('_', " "),
    }
}

#[component]
pub fn HistoryTab() -> impl IntoView {
    let store = expect_context::<CrmActions>().store;
    move || {
        loaded_view(
            store.history.get(),
            "history",
            "No changes recorded.",
            |items| {
                let rows = items
                    .into_iter()
                    .map(|entry| {
                        view! {
                            <tr>
                                <td>{local_date_time(entry.at)}</td>
                                <td>{entry.agent_name.unwrap_or_else(|| "System".into())}</td>
                                <td>{field_text(&entry.field)}</td>
                                <td>{entry.old_value.unwrap_or_default()}</td>
                                <td>{entry.new_value.unwrap_or_default()}</td>
                            </tr>
                        }
                    })
                    .collect_view()
                    .into_any();
                table(
                    "history-table",
                    &["When", "Who", "Change", "From", "To"],
                    rows,
                )
            },
        )
    }
}
