//! The root: loads the configuration, restores a saved session, and shows sign-in or the desk.

use std::{cell::RefCell, rc::Rc};

use leptos::{prelude::*, task::spawn_local};

use crate::{
    actions::{sync, Actions, StreamHandle},
    config,
    store::{clock::Clock, page::PageVisibility, saved_session, Stores},
    ui::{layout::Desk, signin::SignIn},
};

#[component]
pub fn App() -> impl IntoView {
    let loaded = RwSignal::new(None::<Result<config::DeskConfig, String>>);
    spawn_local(async move { loaded.set(Some(config::load().await)) });
    move || match loaded.get() {
        None => view! { <p class="boot" role="status">"Loading Omni Desk…"</p> }.into_any(),
        Some(Err(message)) => {
            view! { <p class="boot boot--error" role="alert">{message}</p> }.into_any()
        }
        Some(Ok(config)) => {
            let actions = Actions::for_backend(config.api_base.clone());
            crate::host::connect(actions, &config);
            view! { <Root actions=actions /> }.into_any()
        }
    }
}

/// How long the event stream and the work snapshot wait for the list's first page.
const SYNC_WAITS_AT_MOST_MS: u32 = 2_000;

/// Provides the actions, every store, the clock and the page's visibility to the views
/// below (the desk, and components mounted alone in browser tests).
pub fn provide_desk(actions: Actions) {
    let stores = actions.stores;
    provide_context(actions);
    provide_context(stores.session);
    provide_context(stores.connection);
    provide_context(stores.work);
    provide_context(stores.list);
    provide_context(stores.thread);
    provide_context(stores.compositions);
    provide_context(stores.drafts);
    provide_context(stores.catalog);
    provide_context(stores.search);
    provide_context(stores.customers);
    crate::ui::drafts::keep_drafts(actions);
    let clock = Clock::start();
    provide_context(clock);
    provide_context(PageVisibility::start());
    Effect::new(move |_| stores.work.expire_notes(clock.now.get()));
}

/// Provides the actions and the stores to everything below, and runs the event stream while
/// someone is signed in.
#[component]
pub fn Root(actions: Actions) -> impl IntoView {
    provide_desk(actions);
    let Stores {
        session,
        connection,
        list,
        ..
    } = actions.stores;

    // A search in the page's address (shared, or kept by a reload) is what the list opens with.
    crate::actions::search::read_from_address(actions);
    let restoring = RwSignal::new(false);
    if let Some(token) = saved_session::load() {
        restoring.set(true);
        spawn_local(async move {
            actions.restore(token).await;
            restoring.set(false);
        });
    }

    // The list's first page goes first: it is what the agent looks at on signing in, and the
    // stream and the work snapshot would otherwise share those first milliseconds with it (the
    // bench measured about 4 ms). They start once it is in, or after two seconds at the latest.
    // The stream loses nothing by starting later: it replays from the sign-in profile's event id.
    let stream: Rc<RefCell<Option<StreamHandle>>> = Rc::default();
    Effect::new(move |_| {
        if let Some(handle) = stream.borrow_mut().take() {
            handle.stop();
        }
        match session.token.get() {
            Some(token) if !list.first_page_in.get() => {
                spawn_local(async move {
                    gloo_timers::future::TimeoutFuture::new(SYNC_WAITS_AT_MOST_MS).await;
                    list.first_page_answered(&session, &token);
                });
            }
            Some(token) => {
                let start_after = session
                    .agent
                    .with_untracked(|agent| agent.as_ref().map(|a| a.last_event_id));
                connection.last_event_id.set(start_after.unwrap_or(0));
                *stream.borrow_mut() = Some(sync::start(actions, token));
            }
            None => {}
        }
    });

    // A memo, so the desk is built once per sign-in, not again on every profile change.
    let signed_in = Memo::new(move |_| session.agent.with(Option::is_some));
    move || {
        if restoring.get() {
            view! { <p class="boot" role="status">"Restoring your session…"</p> }.into_any()
        } else if signed_in.get() {
            view! { <Desk /> }.into_any()
        } else {
            view! { <SignIn /> }.into_any()
        }
    }
}
