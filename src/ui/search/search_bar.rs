//! The quick search box over the list: Enter searches (and, unless the agent chose
//! "Enter only", typing does once it holds 5 characters); X clears; `/` focuses it. The
//! advanced search button beside it is inverted and blinks while a search is on.

use leptos::{ev, html, prelude::*, task::spawn_local};
use omni_protocol::search::quick::AUTO_SEARCH_CHARS;

use super::builder_panel::BuilderPanel;
use crate::{
    actions::Actions,
    store::{list::InteractionList, search::SearchBuilder, Session},
};

/// Typing searches once it pauses this long.
const TYPING_PAUSE_MS: u32 = 400;

/// Whether a key press went to something the agent types in (where `/` is a character).
fn typing_somewhere(event: &web_sys::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    let Some(element) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
        || element.is_content_editable()
}

#[component]
pub fn SearchBar() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let list = expect_context::<InteractionList>();
    let builder = expect_context::<SearchBuilder>();
    let session = expect_context::<Session>();
    let input = NodeRef::<html::Input>::new();
    let typed = builder.typed;
    let as_you_type = Memo::new(move |_| {
        session.agent.with(|agent| {
            agent
                .as_ref()
                .is_none_or(|a| !a.settings.search_on_enter_only)
        })
    });
    let searching = Memo::new(move |_| list.filters.with(|f| f.searching()));
    let advanced_on = Memo::new(move |_| list.filters.with(|f| f.search.is_active()));

    let slash = window_event_listener(ev::keydown, move |event| {
        if event.key() == "/"
            && !event.ctrl_key()
            && !event.meta_key()
            && !event.alt_key()
            && !typing_somewhere(&event)
        {
            if let Some(input) = input.try_get_untracked().flatten() {
                event.prevent_default();
                let _ = input.focus();
            }
        }
    });
    // The desk goes at sign-out; its shortcut with it.
    on_cleanup(move || slash.remove());
    let on_input = move |ev| {
        let text = event_target_value(&ev);
        typed.set(text.clone());
        if text.trim().is_empty() {
            // Emptied (backspace, cut): the full list again.
            actions.quick_search(String::new());
            return;
        }
        if !as_you_type.get_untracked() || text.trim().chars().count() < AUTO_SEARCH_CHARS {
            return;
        }
        spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(TYPING_PAUSE_MS).await;
            if typed.try_get_untracked().as_deref() == Some(text.as_str()) {
                actions.quick_search(text);
            }
        });
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            actions.quick_search(typed.get_untracked());
        }
        "Escape" if !typed.get_untracked().is_empty() => {
            typed.set(String::new());
            actions.quick_search(String::new());
        }
        _ => {}
    };
    let clear = move |_| {
        typed.set(String::new());
        actions.quick_search(String::new());
        if let Some(input) = input.get_untracked() {
            let _ = input.focus();
        }
    };
    let toggle_builder = move |_| {
        builder.open.update(|open| *open = !*open);
        spawn_local(actions.load_search());
    };
    let hint = move || {
        if as_you_type.get() {
            "Search (press / to start; Enter, or type 5 characters)"
        } else {
            "Search (press / to start; Enter searches)"
        }
    };

    view! {
        <div class="search-bar">
            <form class="search-bar__quick" role="search" on:submit=|ev| ev.prevent_default()>
                <input id="quick-search" type="search" node_ref=input autocomplete="off"
                    aria-label="Quick search: ID, subject, message text, customer name or email"
                    placeholder="Search" title=hint
                    prop:value=move || typed.get() on:input=on_input on:keydown=on_keydown />
                <button id="quick-search-clear" class="search-bar__clear" type="button"
                    hidden=move || typed.with(String::is_empty) && list.filters.with(|f| f.quick.is_empty())
                    aria-label="Clear the quick search" title="Clear the quick search" on:click=clear>"×"</button>
            </form>
            <button id="advanced-search" type="button" class="button search-bar__advanced"
                class:search-bar__advanced--on=move || advanced_on.get()
                aria-expanded=move || builder.open.get().to_string()
                aria-controls="search-builder" on:click=toggle_builder>
                {move || if advanced_on.get() { "Advanced search: on" } else { "Advanced search" }}
            </button>
        </div>
        <p class="search-bar__status" role="status" hidden=move || !searching.get()>
                <span>"Search results from all interactions (filters paused)."</span>
                <button id="search-clear-all" class="button button--quiet" type="button"
                    on:click=move |_| {
                        actions.end_search();
                        // This strip goes with the search: the focus goes back to the box.
                        if let Some(input) = input.get_untracked() {
                            let _ = input.focus();
                        }
                    }>"Clear search"</button>
            </p>
        <Show when=move || builder.open.get()>
            <BuilderPanel />
        </Show>
    }
}
