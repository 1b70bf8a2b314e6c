//! Tasks: what was done with the customer besides interactions: calls, emails, meetings,
//! chats, anything else, newest first.

use leptos::prelude::*;
use omni_protocol::TaskKind;

use super::table::{loaded_view, table};
use crate::{crm::actions::CrmActions, store::clock::local_date_time};

fn kind_text(kind: TaskKind) -> &'static str {
    match kind {
        TaskKind::Email => "Email",
        TaskKind::Chat => "Chat",
        TaskKind::Call => "Call",
        TaskKind::Meeting => "Meeting",
        TaskKind::Other => "Other",
    }
}

#[component]
pub fn TasksTab() -> impl IntoView {
    let store = expect_context::<CrmActions>().store;
    move || {
        loaded_view(store.tasks.get(), "tasks", "No tasks yet.", |items| {
            let rows = items
                .into_iter()
                .map(|task| {
                    let when = match task.ends_at {
                        Some(end) => format!(
                            "{} – {}",
                            local_date_time(task.starts_at),
                            local_date_time(end)
                        ),
                        None => local_date_time(task.starts_at),
                    };
                    view! {
                        <tr>
                            <td>{kind_text(task.kind)}</td>
                            <td>{task.subject}</td>
                            <td class="crm-table__note">{task.note}</td>
                            <td>{when}</td>
                            <td>{task.agent_name.unwrap_or_else(|| "System".into())}</td>
                        </tr>
                    }
                })
                .collect_view()
                .into_any();
            table(
                "tasks-table",
                &["Type", "Subject", "Note", "When", "By"],
                rows,
            )
        })
    }
}
