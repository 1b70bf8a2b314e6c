//! Saved searches: pick one (it is built and applied), delete one, or save what is being
//! built under a name. They are kept on the server, so they follow the agent.

use leptos::{prelude::*, task::spawn_local};

use crate::{actions::Actions, store::search::SearchBuilder, ui::focus::focus_by_id};

#[component]
pub fn SavedSearches() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let builder = expect_context::<SearchBuilder>();
    let name = RwSignal::new(String::new());
    let pick = move |ev| {
        let id: Option<i64> = event_target_value(&ev).parse().ok();
        let saved = builder
            .saved
            .with_untracked(|all| all.iter().find(|s| Some(s.id) == id).cloned());
        if let Some(saved) = saved {
            name.set(saved.name.clone());
            if actions.pick_saved(saved) {
                focus_by_id("advanced-search");
            }
        }
    };
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        spawn_local(async move {
            actions.save_search(name.get_untracked()).await;
        });
    };
    let delete = move |_| {
        let wanted = name.get_untracked();
        let id = builder
            .saved
            .with_untracked(|all| all.iter().find(|s| s.name == wanted.trim()).map(|s| s.id));
        if let Some(id) = id {
            spawn_local(async move {
                // The button hides itself once the search is gone: focus stays in the form.
                if actions.delete_saved(id).await {
                    focus_by_id("search-name");
                }
            });
        }
    };
    view! {
        <div class="search-builder__saved">
            <label hidden=move || builder.saved.with(Vec::is_empty)>
                    <span>"Saved searches"</span>
                    <select id="saved-searches" on:change=pick>
                        <option value="" selected=true>"Pick one…"</option>
                        {move || builder.saved.get().into_iter().map(|s| view! {
                            <option value=s.id>{s.name}</option>
                        }).collect_view()}
                    </select>
            </label>
            <form class="search-builder__save" on:submit=save>
                <input id="search-name" type="text" maxlength="60" placeholder="Name this search"
                    aria-label="Name to save this search under"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <button id="search-save" type="submit" class="button">"Save"</button>
                <button id="search-delete" type="button" class="button button--quiet" on:click=delete
                    hidden=move || !builder.saved.with(|all| all.iter().any(|s| s.name == name.get().trim()))>
                    "Delete saved"</button>
            </form>
        </div>
    }
}
