//! Minimized draft boxes at the bottom of the list (seed 003), named "ACCOUNT KEY - TO".
//! Clicking one opens its interaction and composer; X deletes it after asking. At 360 px
//! they fold into one "Drafts (N)" control.

use leptos::{prelude::*, task::spawn_local};

use crate::{actions::Actions, drafts::naming::title};

#[component]
pub fn DraftBoxes() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let drafts = actions.stores.drafts;
    let expanded = RwSignal::new(false);
    // (id, name) of each; rebuilt when a draft comes, goes or is renamed, not as it is typed.
    let boxes = Memo::new(move |_| {
        drafts.saved.with(|list| {
            list.iter()
                .map(|d| (d.id.clone(), title(d)))
                .collect::<Vec<(String, String)>>()
        })
    });
    // The box the agent is asked about (X), by id.
    let asking = RwSignal::new(None::<String>);
    move || {
        let list = boxes.get();
        (!list.is_empty()).then(|| {
            let count = format!("Drafts ({})", list.len());
            let items = list
                .into_iter()
                .map(|(id, name)| draft_box(actions, asking, id, name))
                .collect_view();
            view! {
                <section class="drafts" class:drafts--expanded=move || expanded.get() aria-label="Drafts">
                    <button class="button button--small drafts__toggle" type="button"
                        aria-expanded=move || expanded.get().to_string()
                        on:click=move |_| expanded.update(|e| *e = !*e)>{count}</button>
                    <ul class="drafts__boxes">{items}</ul>
                </section>
            }
        })
    }
}

fn draft_box(
    actions: Actions,
    asking: RwSignal<Option<String>>,
    id: String,
    name: String,
) -> impl IntoView {
    let is_asked = {
        let id = id.clone();
        move || asking.with(|a| a.as_deref() == Some(id.as_str()))
    };
    let (open, ask, delete) = (id.clone(), id.clone(), id);
    let question = format!("Delete {name}?");
    let label = format!("Delete the draft {name}");
    let tooltip = format!("Open the draft {name}");
    view! {
        <li class="draft-box">
            {move || if is_asked() {
                let delete = delete.clone();
                view! {
                    <span class="draft-box__ask" role="alertdialog" aria-label="Delete this draft?">{question.clone()}</span>
                    <button class="button button--small button--danger" type="button"
                        on:click=move |_| { asking.set(None); actions.delete_draft(&delete); }>"Delete"</button>
                    <button class="button button--small" type="button" on:click=move |_| asking.set(None)>"Keep"</button>
                }.into_any()
            } else {
                let (open, ask) = (open.clone(), ask.clone());
                view! {
                    <button class="draft-box__open" type="button" title=tooltip.clone()
                        on:click=move |_| spawn_local(actions.resume_draft(open.clone()))>
                        <span class="draft-box__name">{name.clone()}</span>
                    </button>
                    <button class="draft-box__delete" type="button" aria-label=label.clone()
                        title="Delete this draft" on:click=move |_| asking.set(Some(ask.clone()))>"×"</button>
                }.into_any()
            }}
        </li>
    }
}
