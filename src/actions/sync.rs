//! Keeps the stores equal to the server. The stream starts from the sign-in profile's event
//! id and its events are applied as they come. A snapshot of the agent's work is fetched at
//! once; on `resync` (the log no longer holds where the desk was) or when the stream had to
//! drop an event, everything on screen is fetched again: profile, work, the list's first
//! page and the open thread. Events that arrive meanwhile are held, then applied on top.

use std::{cell::RefCell, rc::Rc};

use futures::future::{select, Either};
use gloo_timers::future::TimeoutFuture;
use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{Event, EventBody, Resync};

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
            let mut waiting = missed_held.borrow_mut();
            match waiting.as_mut() {
                // A refresh is running: it fetches everything once more when it ends.
                Some(waiting) => waiting.push(Event {
                    id: connection.last_event_id.get_untracked(),
                    body: EventBody::Resync(Resync {
                        reason: "an event was dropped".into(),
                    }),
                }),
                None => {
                    drop(waiting);
                    refresh(actions, missed_token.clone(), missed_held.clone(), true);
                }
            }
        }),
        on_session_refused: Box::new(move |message| {
            actions.save_drafts();
            stores.forget_everything(Some(message));
        }),
    };
    stream::connect(&actions.api, token, sink)
}

/// A refresh that has not answered in this long is given up, its held events applied, and
/// tried again.
const REFRESH_WAITS_AT_MOST_MS: u32 = 15_000;
/// Pauses between failed refreshes: they double up to the last.
const REFRESH_RETRY_MS: [u32; 5] = [1_000, 2_000, 5_000, 10_000, 30_000];

/// Fetches profile and work (and, with `everything`, the list's first page, the open thread
/// and the interaction browsed from the list), holding events meanwhile; then applies what
/// is newer. A failure releases the held events and tries again until it succeeds or the
/// session ends. A `resync` or a dropped event while it runs makes it fetch everything.
fn refresh(actions: Actions, token: String, held: Held, everything: bool) {
    let stores = actions.stores;
    *held.borrow_mut() = Some(Vec::new());
    spawn_local(async move {
        let mut everything = everything;
        for attempt in 0.. {
            if !stores.session.is_current(&token) {
                held.borrow_mut().take();
                return;
            }
            held.borrow_mut().get_or_insert_with(Vec::new);
            // These are sent now; they apply their own answers (and what changed meanwhile).
            let reloads = everything.then(|| {
                (
                    actions.load_first_page(),
                    actions.reload_thread(),
                    actions.reload_browsed(),
                )
            });
            let fetched = select(
                Box::pin(fetch_state(actions, &token)),
                TimeoutFuture::new(REFRESH_WAITS_AT_MOST_MS),
            )
            .await;
            let waiting = held.borrow_mut().take().unwrap_or_default();
            let fetched = match fetched {
                Either::Left((fetched, _)) => fetched,
                Either::Right(_) => Err(ApiError::unreachable()),
            };
            let (done, again) = match fetched {
                Ok(read_at) => {
                    let again = apply_held(stores, &waiting, Some(read_at));
                    (true, again)
                }
                Err(error) if error.ends_session() => {
                    if stores.session.is_current(&token) {
                        actions.save_drafts();
                        stores.forget_everything(Some(error.message));
                    }
                    return;
                }
                Err(error) => {
                    web_sys::console::warn_1(
                        &format!("the desk's state could not be fetched: {}", error.message).into(),
                    );
                    apply_held(stores, &waiting, None);
                    (false, true)
                }
            };
            if let Some((list, thread, browsed)) = reloads {
                list.await;
                thread.await;
                browsed.await;
                // A close may be among the events missed: drafts ask about theirs.
                actions.check_drafts().await;
                // So may a customer created or deleted: the pop's lookups ask again.
                actions.reload_lookups().await;
            }
            if done && !again {
                return;
            }
            everything |= again;
            if !done {
                let pause = REFRESH_RETRY_MS[attempt.min(REFRESH_RETRY_MS.len() - 1)];
                TimeoutFuture::new(pause).await;
            }
        }
    });
}

/// Applies the events held during a refresh. Those older than the work snapshot (`read_at`)
/// go only to the list and the thread, which keep the newer version of each row themselves.
/// Returns whether one of them asks for everything again (`resync`).
fn apply_held(stores: Stores, waiting: &[Event], read_at: Option<u64>) -> bool {
    let connection = stores.connection;
    if let Some(read_at) = read_at {
        connection
            .last_event_id
            .set(connection.last_event_id.get_untracked().max(read_at));
    }
    let mut again = false;
    for event in waiting {
        if let EventBody::Resync(_) = event.body {
            connection.last_event_id.set(event.id);
            again = true;
        } else if read_at.is_none_or(|read_at| event.id > read_at) {
            apply(stores, event);
        } else {
            let me = stores.session.agent_id().unwrap_or_default();
            stores.list.apply(&event.body, me);
            stores.thread.apply(&event.body);
            // Records carry their own version: an older copy is ignored by the store.
            stores.customers.apply(&event.body);
            if let EventBody::InteractionChanged(summary) = &event.body {
                stores.work.take_browsed(summary);
            }
        }
    }
    again
}

/// Loads profile and work, then dispositions (once: a failure there does not undo the
/// snapshot, and is tried again on the next refresh); returns the event id the work
/// snapshot is exact at.
async fn fetch_state(actions: Actions, token: &str) -> Result<u64, ApiError> {
    let (api, stores) = (actions.api, actions.stores);
    let agent = api.me(token).await?;
    let snapshot = api.work(token).await?;
    if !stores.session.is_current(token) {
        return Err(ApiError::signed_out());
    }
    let read_at = agent.last_event_id.min(snapshot.last_event_id);
    stores.session.apply_profile(agent);
    stores.work.load(snapshot);
    if stores.work.dispositions.with_untracked(Vec::is_empty) {
        match api.dispositions(token).await {
            Ok(dispositions) if stores.session.is_current(token) => {
                stores.work.dispositions.set(dispositions);
            }
            Ok(_) => {}
            Err(error) => web_sys::console::warn_1(
                &format!("dispositions could not be loaded: {}", error.message).into(),
            ),
        }
    }
    Ok(read_at)
}

fn apply(stores: Stores, event: &Event) {
    if event.id <= stores.connection.last_event_id.get_untracked() {
        return; // already applied (a replay overlapping what we hold)
    }
    stores.apply(&event.body, now_ms());
    stores.connection.last_event_id.set(event.id);
}
