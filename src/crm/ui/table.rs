//! The record tabs' tables: a scrolling box, a heading row, and the rows; and a tab's list
//! while it loads, fails or is empty.

use leptos::prelude::*;

use crate::crm::store::Loaded;

pub fn table(id: &'static str, headings: &'static [&'static str], rows: AnyView) -> AnyView {
    let headings = headings
        .iter()
        .map(|heading| view! { <th scope="col">{*heading}</th> })
        .collect_view();
    view! {
        <div class="crm-list__scroll">
            <table class="crm-table" id=id>
                <thead><tr>{headings}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `loaded` as its tab shows it: "Loading the {what}…", the failure, `empty`, or `shown`.
pub fn loaded_view<T: Clone + Send + Sync + 'static>(
    loaded: Loaded<T>,
    what: &'static str,
    empty: &'static str,
    shown: impl FnOnce(Vec<T>) -> AnyView,
) -> AnyView {
    match loaded {
        Loaded::Loading => {
            view! { <p class="crm-muted">{format!("Loading the {what}…")}</p> }.into_any()
        }
        Loaded::Failed(why) => view! { <p class="form-error" role="alert">{why}</p> }.into_any(),
        Loaded::Items(items) if items.is_empty() => {
            view! { <p class="crm-muted">{empty}</p> }.into_any()
        }
        Loaded::Items(items) => shown(items),
    }
}
