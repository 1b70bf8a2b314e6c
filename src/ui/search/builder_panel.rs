//! The advanced search builder: match all or any, the chips, + to add one, Clear, Apply,
//! saved searches, and the "search as I type" setting.

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::Join;

use super::{chip::Chip, saved_searches::SavedSearches};
use crate::{
    actions::Actions,
    store::{list::InteractionList, search::SearchBuilder, Session},
    ui::focus::focus_by_id,
};

#[component]
pub fn BuilderPanel() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let builder = expect_context::<SearchBuilder>();
    let session = expect_context::<Session>();
    let list = expect_context::<InteractionList>();
    let join = Memo::new(move |_| builder.draft.with(|s| s.join));
    let count = Memo::new(move |_| builder.draft.with(|s| s.conditions.len()));
    let whole_problem = Memo::new(move |_| {
        builder
            .problems()
            .into_iter()
            .find(|(index, _)| index.is_none())
            .map(|(_, problem)| problem)
    });
    let as_you_type = move || {
        session.agent.with(|agent| {
            agent
                .as_ref()
                .is_none_or(|a| !a.settings.search_on_enter_only)
        })
    };
    let join_button = move |value: Join, text: &'static str| {
        view! {
            <button type="button" class="search-builder__join-choice"
                aria-pressed=move || (join.get() == value).to_string()
                on:click=move |_| builder.set_join(value)>{text}</button>
        }
    };

    view! {
        <section id="search-builder" class="search-builder" aria-label="Advanced search">
            <div class="search-builder__join" role="group" aria-label="Which conditions must match">
                <span>"Match"</span>
                {join_button(Join::All, "all conditions")}
                {join_button(Join::Any, "any condition")}
            </div>
            <ul class="search-builder__chips" aria-label="Conditions">
                // A chip is its place in the list: a few at most, drawn again when one
                // comes or goes (a keyed loop costs more wasm than it saves here).
                {move || (0..count.get()).map(|index| view! { <Chip index=index /> }).collect_view()}
            </ul>
            <p class="search-builder__empty" hidden=move || count.get() != 0>
                "No conditions yet. Add one with +, e.g. Subject contains \"refund\"."
            </p>
            {move || whole_problem.get().map(|p| view! { <p class="form-error" role="alert">{p}</p> })}
            <div class="search-builder__actions">
                <button id="search-add" type="button" class="button"
                    disabled=move || builder.fields.with(Vec::is_empty)
                    on:click=move |_| builder.add()>"+ Add condition"</button>
                <button id="search-from-filters" type="button" class="button button--quiet"
                    title="Add the list's filters (status, read, account, dates, agent, tags) as conditions"
                    on:click=move |_| builder.add_all(list.filters.with_untracked(|f| f.conditions()))>
                    "+ List filters"</button>
                <button id="search-clear" type="button" class="button button--quiet"
                    disabled=move || count.get() == 0
                    on:click=move |_| builder.remove_all()>"Clear"</button>
                <span class="search-builder__spacer"></span>
                <button id="search-apply" type="button" class="button button--primary"
                    on:click=move |_| {
                        // The panel closes: the focus goes to the button that opens it again.
                        if actions.apply_search() {
                            focus_by_id("advanced-search");
                        }
                    }>"Apply"</button>
            </div>
            <SavedSearches />
            <label class="search-builder__setting">
                <input id="search-as-you-type" type="checkbox" prop:checked=as_you_type
                    on:change=move |ev| spawn_local(actions.set_search_as_you_type(event_target_checked(&ev))) />
                "Quick search as I type (from 5 characters); off: on Enter only"
            </label>
            {move || builder.notice.get().map(|n| view! { <p class="search-builder__notice" role="status">{n}</p> })}
        </section>
    }
}
