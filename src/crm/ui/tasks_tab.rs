//! Tasks: what was done with the customer besides interactions: calls, emails, meetings,
//! chats, anything else, newest first.

use leptos::prelude::*;
use omni_protocol::TaskKind;

use crate::{
    crm::{actions::CrmActions, store::Loaded},
    store::clock::local_date_time,
};

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
    move || match store.tasks.get() {
        Loaded::Loading => view! { <p class="crm-muted">"Loading the tasks…"</p> }.into_any(),
        Loaded::Failed(why) => view! { <p class="form-error" role="alert">{why}</p> }.into_any(),
        Loaded::Items(items) if items.is_empty() => {
            view! { <p class="crm-muted">"No tasks yet."</p> }.into_any()
        }
        Loaded::Items(items) => {
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
                .collect_view();
            view! {
                <div class="crm-list__scroll">
                    <table class="crm-table" id="tasks-table">
                        <thead><tr>
                            <th scope="col">"Type"</th><th scope="col">"Subject"</th><th scope="col">"Note"</th>
                            <th scope="col">"When"</th><th scope="col">"By"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        }
    }
}
