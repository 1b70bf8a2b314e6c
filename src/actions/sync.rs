//! Keeps the stores equal to the server. The stream starts from the sign-in profile's event
//! id and its events are applied as they come. A snapshot of the agent's work is fetched at
//! once; on `resync` (the log no longer holds where the desk was) or when the stream had to
//! drop an event, everything on screen is fetched again: profile, work, the list's first
//! page and the open thread. Events that arrive meanwhile are held, then applied on top.

use std::{cell::RefCell, rc::Rc};

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{Event, EventBody};

use super::Actions;
use crate::{
    api::{
        stream::{self, StreamHandle, StreamSink},
        ApiError,
    },
    store::{clock::now_ms, Stores},
};

type Held = Rc<RefCell<Option<Vec<Event>>>>;

/// Starts the event stream for the signed-in session and loads the agent's work.
pub fn start(actions: Actions, token: String) -> StreamHandle {
    let held: Held = Rc::default();
    let stores = actions.stores;
    refresh(actions, token.clone(), held.clone(), false);
    let connection = stores.connection;
    let (resync_token, resync_held) = (token.clone(), held.clone());
    let (missed_token, missed_held) = (token.clone(), held.clone());
    let sink = StreamSink {
        last_event_id: Box::new(move || Some(connection.last_event_id.get_untracked())),
        on_link: Box::new(move |state| connection.link.set(state)),
        on_event: Box::new(move |event| {
            if let Some(waiting) = held.borrow_mut().as_mut() {
                waiting.push(event);
                return;
            }
            if let EventBody::Resync(_) = event.body {
                connection.last_event_id.set(event.id);
                refresh(actions, resync_token.clone(), resync_held.clone(), true);
                return;
            }
            apply(stores, &event);
        }),
        on_missed: Box::new(move || {
            web_sys::console::warn_1(
                &"an event too large to read was dropped; fetching everything again".into(),
            );
            if missed_held.borrow().is_none() {
                refresh(actions, missed_token.clone(), missed_held.clone(), true);
            }
        }),
        on_session_refused: Box::new(move |message| stores.forget_everything(Some(message))),
    };
    stream::connect(&actions.api, token, sink)
}

/// Fetches profile and work (and, with `everything`, the list's first page and the open
/// thread), holding events meanwhile; then applies what is newer.
fn refresh(actions: Actions, token: String, held: Held, everything: bool) {
    *held.borrow_mut() = Some(Vec::new());
    let stores = actions.stores;
    // Both are sent now; they apply their own answers (and what changed meanwhile).
    let list = everything.then(|| actions.load_first_page());
    let thread = everything.then(|| actions.reload_thread());
    spawn_local(async move {
        let fetched = fetch_state(actions, &token).await;
        let waiting = held.borrow_mut().take().unwrap_or_default();
        match fetched {
            Ok(read_at) => {
                let connection = stores.connection;
                connection
                    .last_event_id
                    .set(connection.last_event_id.get_untracked().max(read_at));
                for event in &waiting {
                    if event.id > read_at {
                        apply(stores, event);
                    } else {
                        // Older than the work snapshot, perhaps not than the list and the
                        // thread: those keep the newer version of each row themselves.
                        let me = stores.session.agent_id().unwrap_or_default();
                        stores.list.apply(&event.body, me);
                        stores.thread.apply(&event.body);
                    }
                }
            }
            Err(error) if error.ends_session() => {
                if stores.session.is_current(&token) {
                    stores.forget_everything(Some(error.message));
                }
            }
            Err(_) => waiting.iter().for_each(|event| apply(stores, event)),
        }
        if let Some(list) = list {
            list.await;
        }
        if let Some(thread) = thread {
            thread.await;
        }
    });
}

/// Loads profile, work and dispositions; returns the event id the work snapshot is exact at.
async fn fetch_state(actions: Actions, token: &str) -> Result<u64, ApiError> {
    let (api, stores) = (actions.api, actions.stores);
    let agent = api.me(token).await?;
    let snapshot = api.work(token).await?;
    if stores.work.dispositions.with_untracked(Vec::is_empty) {
        stores.work.dispositions.set(api.dispositions(token).await?);
    }
    if !stores.session.is_current(token) {
        return Err(ApiError::signed_out());
    }
    let read_at = agent.last_event_id.min(snapshot.last_event_id);
    stores.session.apply_profile(agent);
    stores.work.load(snapshot);
    Ok(read_at)
}

fn apply(stores: Stores, event: &Event) {
    if event.id <= stores.connection.last_event_id.get_untracked() {
        return; // already applied (a replay overlapping what we hold)
    }
    stores.apply(&event.body, now_ms());
    stores.connection.last_event_id.set(event.id);
}
