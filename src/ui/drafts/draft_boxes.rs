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
    let ids = Memo::new(move |_| {
        drafts
            .saved
            .with(|list| list.iter().map(|d| d.id.clone()).collect::<Vec<String>>())
    });
    view! {
        <Show when=move || ids.with(|ids| !ids.is_empty())>
            <section class="drafts" class:drafts--expanded=expanded aria-label="Drafts">
                <button class="button button--small drafts__toggle" type="button"
                    aria-expanded=move || expanded.get().to_string()
                    on:click=move |_| expanded.update(|e| *e = !*e)>
                    {move || format!("Drafts ({})", ids.with(Vec::len))}
                </button>
                <ul class="drafts__boxes">
                    <For each=move || ids.get() key=|id| id.clone() let:id>
                        <DraftBox id=id />
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[component]
fn DraftBox(id: String) -> impl IntoView {
    let actions = expect_context::<Actions>();
    let drafts = actions.stores.drafts;
    let name = {
        let id = id.clone();
        Memo::new(move |_| {
            drafts
                .saved
                .with(|list| list.iter().find(|d| d.id == id).map(title))
                .unwrap_or_default()
        })
    };
    let asking = RwSignal::new(false);
    let open = {
        let id = id.clone();
        move |_| spawn_local(actions.resume_draft(id.clone()))
    };
    let delete = move |_| actions.delete_draft(&id);
    view! {
        <li class="draft-box">
            <Show when=move || asking.get()
                fallback=move || {
                    let open = open.clone();
                    view! {
                        <button class="draft-box__open" type="button" title=move || format!("Open the draft {}", name.get())
                            on:click=open>
                            <span class="draft-box__name">{move || name.get()}</span>
                        </button>
                        <button class="draft-box__delete" type="button" aria-label=move || format!("Delete the draft {}", name.get())
                            title="Delete this draft" on:click=move |_| asking.set(true)>"×"</button>
                    }
                }>
                <span class="draft-box__ask" role="alertdialog" aria-label="Delete this draft?">
                    {move || format!("Delete {}?", name.get())}
                </span>
                <button class="button button--small button--danger" type="button" on:click=delete.clone()>"Delete"</button>
                <button class="button button--small" type="button" on:click=move |_| asking.set(false)>"Keep"</button>
            </Show>
        </li>
    }
}
