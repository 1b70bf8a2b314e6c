//! The signed-in desk: top bar over rail | list | work | context, from 360 px to full screen.

use leptos::{prelude::*, task::spawn_local};

use super::ConnectionIndicator;
use crate::{
    actions::Actions,
    store::Session,
    ui::{
        compose::AddInteraction,
        customers::ContextPanel,
        email::InteractionListPane,
        offers::OfferToasts,
        presence::{ProfileSettings, StatusSelector, StopNewToggle},
        rail::InteractionRail,
        work::WorkPane,
    },
};

#[component]
pub fn Desk() -> impl IntoView {
    let actions = expect_context::<Actions>();
    let session = expect_context::<Session>();
    let name = move || {
        session
            .agent
            .with(|agent| agent.as_ref().map(|agent| agent.display_name.clone()))
    };
    let sign_out = move |_| spawn_local(actions.sign_out());
    // This agent's drafts, from this browser's storage.
    spawn_local(actions.take_up_drafts());

    view! {
        <div class="desk">
            <OfferToasts />
            <header class="top-bar">
                <span class="top-bar__brand">"Omni Desk"</span>
                <StatusSelector />
                <StopNewToggle />
                <AddInteraction />
                <span class="top-bar__spacer"></span>
                <ConnectionIndicator />
                <span class="top-bar__agent">{name}</span>
                <ProfileSettings />
                <button class="button button--quiet top-bar__sign-out" type="button" on:click=sign_out>
                    "Sign out"
                </button>
            </header>
            <InteractionRail />
            <InteractionListPane />
            <WorkPane />
            <ContextPanel />
        </div>
    }
}
