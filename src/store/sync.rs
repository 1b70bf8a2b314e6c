//! Keeps the stores equal to the server. The stream starts from the sign-in profile's event
//! id; a snapshot of the agent's work is fetched at once and again on `resync`. While a
//! snapshot is on its way newer events are held, then applied if newer than the snapshot.

use std::{cell::RefCell, rc::Rc};

use leptos::{prelude::*, task::spawn_local};
use omni_protocol::{Event, EventBody};

use super::{clock::now_ms, list::InteractionList, saved_session, Connection, Session, Work};
use crate::api::{
    stream::{self, StreamHandle, StreamSink},
    Api, ApiError,
};

#[derive(Clone, Copy)]
pub struct Stores {
    pub session: Session,
    pub connection: Connection,
    pub work: Work,
    pub list: InteractionList,
}

type Held = Rc<RefCell<Option<Vec<Event>>>>;

/// Starts the event stream for the signed-in session and loads the agent's work.
pub fn start(api: Api, token: String, stores: Stores) -> StreamHandle {
    let held: Held = Rc::default();
    refresh(api.clone(), token.clone(), stores, held.clone());
    let (refresh_api, refresh_token) = (api.clone(), token.clone());
    let Stores {
        session,
        connection,
        ..
    } = stores;
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
                refresh(
                    refresh_api.clone(),
                    refresh_token.clone(),
                    stores,
                    held.clone(),
                );
                return;
            }
            apply(stores, &event);
        }),
        on_session_refused: Box::new(move |message| end_session(session, message)),
    };
    stream::connect(&api, token, sink)
}

/// Fetches profile and work, holding events meanwhile; then applies what is newer.
fn refresh(api: Api, token: String, stores: Stores, held: Held) {
    *held.borrow_mut() = Some(Vec::new());
    spawn_local(async move {
        let fetched = fetch_state(&api, &token, stores).await;
        let waiting = held.borrow_mut().take().unwrap_or_default();
        match fetched {
            Ok(read_at) => {
                let connection = stores.connection;
                connection
                    .last_event_id
                    .set(connection.last_event_id.get_untracked().max(read_at));
                waiting
                    .iter()
                    .filter(|event| event.id > read_at)
                    .for_each(|event| apply(stores, event));
            }
            Err(error) if error.ends_session() => end_session(stores.session, error.message),
            Err(_) => waiting.iter().for_each(|event| apply(stores, event)),
        }
    });
}

/// Loads profile, work and dispositions; returns the event id the work snapshot is exact at.
async fn fetch_state(api: &Api, token: &str, stores: Stores) -> Result<u64, ApiError> {
    let agent = api.me(token).await?;
    let snapshot = api.work(token).await?;
    if stores.work.dispositions.with_untracked(Vec::is_empty) {
        stores.work.dispositions.set(api.dispositions(token).await?);
    }
    let read_at = agent.last_event_id.min(snapshot.last_event_id);
    stores.session.agent.set(Some(agent));
    stores.work.load(snapshot);
    Ok(read_at)
}

fn apply(stores: Stores, event: &Event) {
    if event.id <= stores.connection.last_event_id.get_untracked() {
        return; // already applied (a replay overlapping what we hold)
    }
    stores.session.apply(event);
    let me = stores.session.agent_id().unwrap_or_default();
    stores.work.apply(event, now_ms(), me);
    if let EventBody::InteractionChanged(summary) = &event.body {
        stores.list.apply(summary, me);
    }
    stores.connection.last_event_id.set(event.id);
}

fn end_session(session: Session, message: String) {
    saved_session::clear();
    session.end(Some(message));
}
